//! Time stamps of every phone: one row per locale and format, read as a one-message chat and
//! resolved; then whole chats whose date order is settled late, by chronology or by the way
//! the stamps are written; and unreadable stamps, reported with their line, never guessed.

use chrono::NaiveDateTime;
use earshot_intake::whatsapp::{
    Attachment, DateOrder, MAX_UNREADABLE_LINES, Platform, normalise, parse_bytes, parse_stamp,
};

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

struct Row {
    locale: &'static str,
    line: &'static str,
    ios: bool,
    at: &'static str,
    sender: &'static str,
    text: &'static str,
}

const fn row(
    locale: &'static str,
    line: &'static str,
    ios: bool,
    at: &'static str,
    sender: &'static str,
    text: &'static str,
) -> Row {
    Row {
        locale,
        line,
        ios,
        at,
        sender,
        text,
    }
}

const A: bool = false;
const I: bool = true;

/// Each line settles its own date order (a day above 12, a four-digit year first, or a
/// year-first locale's way of writing), so the row alone says what it means.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    row("Android en-GB", "13/03/2024, 19:04 - Jan Jansen: PTT-20240313-WA0003.opus (file attached)", A, "2024-03-13 19:04:00", "Jan Jansen", "PTT-20240313-WA0003.opus (file attached)"),
    row("Android en-US, U+202F", "3/13/24, 7:04\u{202f}PM - Jan Jansen: <Media omitted>", A, "2024-03-13 19:04:00", "Jan Jansen", "<Media omitted>"),
    row("Android en-US, 12 AM", "3/13/24, 12:30\u{202f}AM - Jan Jansen: late", A, "2024-03-13 00:30:00", "Jan Jansen", "late"),
    row("Android nl", "13-03-2024 19:04 - \u{202a}+31 6 12345678\u{202c}: hoi", A, "2024-03-13 19:04:00", "+31 6 12345678", "hoi"),
    row("Android de", "13.03.24, 19:04 - Jan Jansen: Hallo", A, "2024-03-13 19:04:00", "Jan Jansen", "Hallo"),
    row("Android de, 12 h pm", "13.03.24, 7:04\u{a0}nachm. - Jan Jansen: Hallo", A, "2024-03-13 19:04:00", "Jan Jansen", "Hallo"),
    row("Android de, 12 h am", "13.03.24, 12:30\u{a0}vorm. - Jan Jansen: Hallo", A, "2024-03-13 00:30:00", "Jan Jansen", "Hallo"),
    row("Android fr", "26/09/2019 à 22:39 - Jan Jansen: Salut :)", A, "2019-09-26 22:39:00", "Jan Jansen", "Salut :)"),
    row("Android es", "20/6/2017 8:28\u{a0}p.\u{a0}m. - Michelle: test", A, "2017-06-20 20:28:00", "Michelle", "test"),
    row("Android es, a. m.", "23/06/2018, 01:55 a. m. - Luke: Hey!", A, "2018-06-23 01:55:00", "Luke", "Hey!"),
    row("Android es-US", "3/16/18, 1:55 p.m. - Loris: one", A, "2018-03-16 13:55:00", "Loris", "one"),
    row("Android es, 24 h", "18/12/19 15:57 - Marcelo Gomez: Estoy de acuerdo!", A, "2019-12-18 15:57:00", "Marcelo Gomez", "Estoy de acuerdo!"),
    row("Android fi", "13.6.2018 klo 21.25.15 - Jan Jansen: moi", A, "2018-06-13 21:25:15", "Jan Jansen", "moi"),
    row("Android id/da, dotted time", "30/08/25 18.00 - Budi: halo", A, "2025-08-30 18:00:00", "Budi", "halo"),
    row("Android cs/sk", "13. 3. 2024 19:04 - Jan Novák: ahoj", A, "2024-03-13 19:04:00", "Jan Novák", "ahoj"),
    row("Android hr, period after year", "13. 6. 2018. 21:25 - Ivan: bok", A, "2018-06-13 21:25:00", "Ivan", "bok"),
    row("Android sr, 12.03.24.", "13.03.24. 19:04 - Ivan: zdravo", A, "2024-03-13 19:04:00", "Ivan", "zdravo"),
    row("Android hu", "2024. 03. 12. 19:04 - Kati: szia", A, "2024-03-12 19:04:00", "Kati", "szia"),
    row("Android hu, 12 h", "2024. 03. 12. du. 7:04 - Kati: szia", A, "2024-03-12 19:04:00", "Kati", "szia"),
    row("Android ko", "2024. 3. 12. 오후 7:04 - 민준: 안녕", A, "2024-03-12 19:04:00", "민준", "안녕"),
    row("Android ko, two-digit year", "24. 3. 12. 오전 9:15 - 민준: 안녕", A, "2024-03-12 09:15:00", "민준", "안녕"),
    row("Android sv/lt", "2019-01-01 12:00 - John Doe: Hello 😄", A, "2019-01-01 12:00:00", "John Doe", "Hello 😄"),
    row("Android en-CA", "2023-12-20, 5:46 p.m. - Farid: 👋🏼", A, "2023-12-20 17:46:00", "Farid", "👋🏼"),
    row("Android en-ZA", "2023/12/20, 5:46 pm - Farid: hi", A, "2023-12-20 17:46:00", "Farid", "hi"),
    row("Android ja", "2024/03/12 19:04 - 健太: こんにちは", A, "2024-03-12 19:04:00", "健太", "こんにちは"),
    row("Android ja, 12 h", "2024/03/12 午後0:04 - 健太: こんにちは", A, "2024-03-12 12:04:00", "健太", "こんにちは"),
    row("Android zh", "2024/3/12 下午7:04 - 小明: 你好", A, "2024-03-12 19:04:00", "小明", "你好"),
    row("Android zh, midnight", "2024/3/12 上午12:30 - 小明: 你好", A, "2024-03-12 00:30:00", "小明", "你好"),
    row("Android bg", "13.03.24 г., 19:04 - Иван: здравей", A, "2024-03-13 19:04:00", "Иван", "здравей"),
    row("Android el", "13/3/24, 7:04 μ.μ. - Νίκος: γεια", A, "2024-03-13 19:04:00", "Νίκος", "γεια"),
    row("Android ar", "٢٤\u{200f}/٤\u{200f}/٢٠٢٢، ٢:٠٧ م - عمار لبنان: السلام", A, "2022-04-24 14:07:00", "عمار لبنان", "السلام"),
    row("Android ar, am", "٢٤\u{200f}/٤\u{200f}/٢٠٢٢، ٩:١٥ ص - عمار: صباح", A, "2022-04-24 09:15:00", "عمار", "صباح"),
    row("Android fa digits", "۱۳/۳/۲۰۲۴, ۱۹:۰۴ - Sara: salam", A, "2024-03-13 19:04:00", "Sara", "salam"),
    row("Android, en dash", "13.03.2024, 19:04 – Jan Jansen: Hallo", A, "2024-03-13 19:04:00", "Jan Jansen", "Hallo"),
    row("Android, older: colon", "13/09/2012 17:03:48: Sender Name: Message", A, "2012-09-13 17:03:48", "Sender Name", "Message"),
    row("Android, older: colon, dots", "13.06.18 21.25.15: a: m", A, "2018-06-13 21:25:15", "a", "m"),
    row("Android, older: colon, 12 h", "3/24/14, 1:59:59 PM: Sender Name: Message", A, "2014-03-24 13:59:59", "Sender Name", "Message"),
    row("iOS en", "\u{200e}[13/03/2024, 19:04:11] Jan Jansen: \u{200e}<attached: 00000012-AUDIO-2024-03-13-19-04-11.opus>", I, "2024-03-13 19:04:11", "Jan Jansen", "<attached: 00000012-AUDIO-2024-03-13-19-04-11.opus>"),
    row("iOS en-US", "[7/29/24, 1:46:27\u{202f}PM] Andrew: Hahaha wow", I, "2024-07-29 13:46:27", "Andrew", "Hahaha wow"),
    row("iOS es-US", "[3/16/18 1:55:00 p. m.] a: m", I, "2018-03-16 13:55:00", "a", "m"),
    row("iOS nl", "[13-03-2024 19:04:11] Pieter: hoi", I, "2024-03-13 19:04:11", "Pieter", "hoi"),
    row("iOS de", "[19.04.17, 20:43:09] John Doe: message 123", I, "2017-04-19 20:43:09", "John Doe", "message 123"),
    row("iOS fi", "[13.3.2022 klo 14.08.18] Matias Virtanen: moi", I, "2022-03-13 14:08:18", "Matias Virtanen", "moi"),
    row("iOS fi, no klo", "[13.1.2019, 12.00.00] John Doe: Hello 😄", I, "2019-01-13 12:00:00", "John Doe", "Hello 😄"),
    row("iOS en, dotted month first", "[10.24.21, 15:21:43] John-John Doe: dash - in body", I, "2021-10-24 15:21:43", "John-John Doe", "dash - in body"),
    row("iOS zh/ja", "[2018/06/13, 21:25:15] a: m", I, "2018-06-13 21:25:15", "a", "m"),
    row("iOS zh, no comma", "[2026/7/9 02:28:09] Alice: Hey", I, "2026-07-09 02:28:09", "Alice", "Hey"),
    row("iOS, 12 h with dots", "[09/13/22 10:37:00 p.m.] John Doe: Testing brackets", I, "2022-09-13 22:37:00", "John Doe", "Testing brackets"),
];

#[test]
fn every_locale_in_the_table_reads_and_resolves() {
    let mut failures = Vec::new();
    for r in TABLE {
        let s = parse_bytes(r.line.as_bytes());
        let platform = if r.ios {
            Platform::Ios
        } else {
            Platform::Android
        };
        let summary = (s.messages, s.platform, s.unreadable_headers().count);
        if summary != (1, Some(platform), 0) {
            failures.push(format!("{}: {:?} for {:?}", r.locale, summary, r.line));
            continue;
        }
        // The header alone, for its sender, text and time.
        let line = normalise(r.line);
        let Some((_, stamp, rest)) = earshot_intake::whatsapp::parse_header(&line) else {
            failures.push(format!("{}: no header in {:?}", r.locale, r.line));
            continue;
        };
        let (sender, text) = earshot_intake::whatsapp::split_sender(rest);
        let at = s.resolve(&stamp);
        if at != Some(dt(r.at)) || sender != Some(r.sender) || text != r.text {
            failures.push(format!(
                "{}: {:?} {:?} {:?} (order {:?}) for {:?}",
                r.locale,
                at,
                sender,
                text,
                s.date_order(),
                r.line
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn stamps_alone_and_what_is_not_a_stamp() {
    let s = parse_stamp("12.3.2024 klo 19.04").unwrap();
    assert_eq!((s.d, s.hour, s.minute, s.pm), ([12, 3, 2024], 19, 4, None));
    let s = parse_stamp("2024. 3. 12. 오후 7:04").unwrap();
    assert_eq!(
        (s.d, s.hour, s.pm, s.year_first_hint),
        ([2024, 3, 12], 7, Some(true), true)
    );
    assert!(
        parse_stamp("12/03/2024 on the 19:04").is_some(),
        "one or two short words"
    );
    for bad in [
        "12/03/2024, 19:04 xyz",       // an unknown word after the time
        "12/03/2024, 7:04 PM PM",      // two day periods
        "12/03/2024 下午 7:04 PM",     // a day period before and after
        "12/03/2024, 12:60",           // no such minute
        "12/03/2024, 19:04:5",         // one-digit seconds
        "12/03/2024, 19:04.11",        // mixed time separators
        "12/03/2024 on a sunny 19:04", // more than two words between date and time
        "06/2018/13, 21:25:15",        // a year in the middle
        "12/3/4, 19:04",               // a one-digit year
        "12/03-2024, 19:04",           // mixed date separators
        "12. 03.2024 19:04",           // mixed spacing
        "13/13/2024, 19:04",           // no month in either place
        "12/03/2024, 19:04 - Jan: hi", // a whole line is not a stamp
    ] {
        assert_eq!(parse_stamp(&normalise(bad)), None, "{bad}");
    }
}

#[test]
fn the_order_is_settled_by_the_last_line_and_applied_to_the_first() {
    // Slashes and a 12-hour clock, nothing above 12 until the end: read alone, the first lines
    // would be month-first (a US phone). The last line says day-first, for all of them.
    let chat = "03/05/24, 7:00\u{202f}pm - Jan: PTT-20240503-WA0001.opus (file attached)\n\
                03/05/24, 7:01\u{202f}pm - Wim: thanks\n\
                03/05/24, 7:02\u{202f}pm - Jan: more\n\
                13/05/24, 9:00\u{202f}am - Jan: the end\n";
    let s = parse_bytes(chat.as_bytes());
    assert_eq!(s.date_order(), DateOrder::Dmy);
    assert_eq!(s.messages, 4);
    let a = &s.attachments[0];
    assert_eq!(a.file, "PTT-20240503-WA0001.opus");
    assert_eq!(s.resolve(&a.message.stamp), Some(dt("2024-05-03 19:00:00")));
    assert_eq!(s.unreadable_headers().count, 0);

    // Without the last line the old rule stands.
    let head: String = chat.lines().take(3).map(|l| format!("{l}\n")).collect();
    let s = parse_bytes(head.as_bytes());
    assert_eq!(s.date_order(), DateOrder::Mdy);

    // And the other way round: a day-first looking chat settled month-first at the end.
    let chat = "05.03.24, 10:00 - Jan: PTT-20240503-WA0001.opus (file attached)\n\
                05.03.24, 10:05 - Jan: hallo\n\
                05.13.24, 10:00 - Jan: later\n";
    let s = parse_bytes(chat.as_bytes());
    assert_eq!(s.date_order(), DateOrder::Mdy);
    assert_eq!(
        s.resolve(&s.attachments[0].message.stamp),
        Some(dt("2024-05-03 10:00:00"))
    );
}

#[test]
fn when_no_day_is_above_12_the_chats_time_order_decides() {
    // 12 March then 1 April; read month-first it would go from 3 December back to 4 January.
    let chat = "12/03/2024, 10:00\u{a0}am - Jan: PTT-20240312-WA0001.opus (file attached)\n\
                01/04/2024, 10:00\u{a0}am - Jan: a month later\n";
    let s = parse_bytes(chat.as_bytes());
    assert_eq!(s.date_order(), DateOrder::Dmy);
    assert_eq!(
        s.resolve(&s.attachments[0].message.stamp),
        Some(dt("2024-03-12 10:00:00"))
    );

    // A two-digit year first, with nothing but the time order to tell: 28 March, then 2 April
    // 2024, not 24 March 2028 and then 24 April 2002.
    let chat = "24-03-28 10:00 - Jan: PTT-20240328-WA0001.opus (file attached)\n\
                24-04-02 10:00 - Jan: later\n";
    let s = parse_bytes(chat.as_bytes());
    assert_eq!(s.date_order(), DateOrder::Ymd);
    assert_eq!(
        s.resolve(&s.attachments[0].message.stamp),
        Some(dt("2024-03-28 10:00:00"))
    );

    // Nothing at all to tell (one day, all numbers up to 12): the old rule, day-first.
    let s = parse_bytes(b"02-04-2024 09:12 - Jan: hoi\n02-04-2024 09:13 - Jan: ja\n");
    assert_eq!(s.date_order(), DateOrder::Dmy);
}

#[test]
fn an_unreadable_header_is_reported_with_its_line_not_guessed() {
    let chat = "13/03/2024, 19:00 - Jan: hello\n\
                13/03/2024, 25:04 - Jan: no such hour\n\
                31/02/2024, 10:00 - Jan: PTT-20240231-WA0001.opus (file attached)\n\
                13/03/2024, 19:05 xyz - Jan: an unknown day period\n\
                1403/01/12, 10:00 - Jan: a Persian-calendar year\n\
                just text\n\
                14/03/2024, 08:00 - Jan: fine again\n";
    let s = parse_bytes(chat.as_bytes());
    assert_eq!(
        s.date_order(),
        DateOrder::Dmy,
        "one stray year-first line does not decide"
    );
    let u = s.unreadable_headers();
    assert_eq!(u.count, 4);
    assert_eq!(u.lines, [2, 3, 4, 5]);
    // Lines that are not stamps stay text of the message before them…
    assert_eq!(s.messages, 4);
    // …and a date that does not exist gives a message without a time, not a guessed one.
    let a = &s.attachments[0];
    assert_eq!(
        a.message.attachment,
        Some(Attachment::File("PTT-20240231-WA0001.opus".into()))
    );
    assert_eq!(s.resolve(&a.message.stamp), None);
    assert_eq!(
        a.context[0].text,
        "hello\n13/03/2024, 25:04 - Jan: no such hour"
    );
    assert_eq!(
        s.resolve(&a.context[0].stamp),
        Some(dt("2024-03-13 19:00:00"))
    );
    let after = &a.context[2];
    assert_eq!(after.text, "a Persian-calendar year\njust text");
    assert_eq!(s.resolve(&after.stamp), None);
}

#[test]
fn unreadable_lines_are_counted_beyond_what_is_listed() {
    let mut chat = String::from("13/03/2024, 19:00 - Jan: hello\n");
    for _ in 0..(MAX_UNREADABLE_LINES + 50) {
        chat.push_str("13/03/2024, 19:00 ??? - Jan: x\n");
    }
    let s = parse_bytes(chat.as_bytes());
    let u = s.unreadable_headers();
    assert_eq!(u.count, MAX_UNREADABLE_LINES as u64 + 50);
    assert_eq!(u.lines.len(), MAX_UNREADABLE_LINES);
    assert_eq!(u.lines[0], 2);
    assert_eq!(s.messages, 1);
}
