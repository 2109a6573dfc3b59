//! Time stamps as phones write them, and the date order a whole chat implies.
//!
//! A stamp is read into a [`RawStamp`]: three date numbers in the order written, a time, and a
//! day period when the phone uses a 12-hour clock. Which number is the day is decided only at
//! the end, by [`Evidence`], from every stamp of the chat. The formats and their examples are
//! listed in the parent module's documentation.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

/// Line numbers kept per kind of unreadable stamp (beyond this only counted).
pub const MAX_UNREADABLE_LINES: usize = 100;

/// Four-digit years accepted. Outside it the date is not a Gregorian one from a phone that
/// runs WhatsApp (a Solar Hijri 1403, a Buddhist 2567): reported as unreadable, never guessed.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=2099;

/// A time stamp as written, before the date order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawStamp {
    /// The three date numbers in the order written.
    pub d: [u32; 3],
    /// Digits in each date number (a four-digit first number is a year).
    pub digits: [u8; 3],
    /// The character between the date numbers: `/`, `-` or `.`.
    pub sep: u8,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` on a 24-hour clock.
    pub pm: Option<bool>,
    /// Written the way year-first locales write: a Chinese, Japanese or Korean day period
    /// (下午, 午後, 오후) or the Korean short date with spaced dots and a final one (`24. 3. 12.`).
    pub year_first_hint: bool,
}

/// The order of the date numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Dmy,
    Mdy,
    Ymd,
}

const ORDERS: [DateOrder; 3] = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd];

impl RawStamp {
    /// The date in `order`; a stamp whose first number has four digits is year-first whatever
    /// the order. `None` when it is not a real date (or its year is outside [`YEARS`]).
    pub fn date_in(&self, order: DateOrder) -> Option<NaiveDate> {
        let order = if self.digits[0] == 4 {
            DateOrder::Ymd
        } else {
            order
        };
        let (y, m, d) = match order {
            DateOrder::Dmy => (self.d[2], self.d[1], self.d[0]),
            DateOrder::Mdy => (self.d[2], self.d[0], self.d[1]),
            DateOrder::Ymd => (self.d[0], self.d[1], self.d[2]),
        };
        let year_digits = if order == DateOrder::Ymd {
            self.digits[0]
        } else {
            self.digits[2]
        };
        let y = i32::try_from(y).ok()?;
        let y = match year_digits {
            2 => 2000 + y,
            4 if YEARS.contains(&y) => y,
            _ => return None,
        };
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The local date and time in `order`.
    pub fn resolve_in(&self, order: DateOrder) -> Option<NaiveDateTime> {
        let hour = match self.pm {
            None => self.hour,
            Some(false) => self.hour % 12,
            Some(true) => self.hour % 12 + 12,
        };
        let time = NaiveTime::from_hms_opt(hour, self.minute, self.second)?;
        Some(self.date_in(order)?.and_time(time))
    }
}

/// What the stamps of a chat say about its date order: how many are impossible dates in each
/// order, and how often the date goes backwards (a chat is written in time order, so the right
/// order rarely does). Constant memory whatever the chat's length.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    year_first: bool,
    year_first_hint: bool,
    slash: bool,
    ampm: bool,
    invalid: [u64; 3],
    backwards: [u64; 3],
    previous: [Option<i32>; 3],
    /// First lines whose stamp is an impossible date, per order.
    invalid_lines: [Vec<u64>; 3],
    /// The last date as written and whether it was a real date in each order: most messages
    /// share their date with the one before.
    last: Option<([u32; 3], [u8; 3], [bool; 3])>,
}

impl Evidence {
    /// Takes the stamp of the message that starts on `line` (1-based).
    pub fn note(&mut self, s: &RawStamp, line: u64) {
        // Only a real year counts: one stray line must not turn a whole chat year-first.
        self.year_first |= s.digits[0] == 4 && s.date_in(DateOrder::Ymd).is_some();
        self.year_first_hint |= s.year_first_hint;
        self.slash |= s.sep == b'/';
        self.ampm |= s.pm.is_some();
        let same = self
            .last
            .filter(|(d, digits, _)| *d == s.d && *digits == s.digits);
        let mut valid = [false; 3];
        for (i, order) in ORDERS.iter().enumerate() {
            valid[i] = match same {
                // The same date as before: it neither goes backwards nor changes validity.
                Some((_, _, was)) => was[i],
                None => match s.date_in(*order) {
                    Some(date) => {
                        let key = date.num_days_from_ce();
                        if self.previous[i].is_some_and(|p| p > key) {
                            self.backwards[i] += 1;
                        }
                        self.previous[i] = Some(key);
                        true
                    }
                    None => false,
                },
            };
            if !valid[i] {
                self.invalid[i] += 1;
                if self.invalid_lines[i].len() < MAX_UNREADABLE_LINES {
                    self.invalid_lines[i].push(line);
                }
            }
        }
        self.last = Some((s.d, s.digits, valid));
    }

    /// The order the whole chat implies.
    ///
    /// 1. A four-digit first number is a year: year-first.
    /// 2. Day or month first: the one with fewer impossible dates (a day above 12 settles it);
    ///    if even, the one whose dates go backwards less often; if even, month-first for
    ///    slashes with a 12-hour clock (a US phone), day-first otherwise.
    /// 3. A two-digit year first (`24. 3. 12.`) only when it is at least as good on both counts
    ///    and better on one, or as good and written the year-first way ([`RawStamp::year_first_hint`]).
    pub fn order(&self) -> DateOrder {
        if self.year_first {
            return DateOrder::Ymd;
        }
        let (d, m, y) = (0, 1, 2);
        let dm = match self.invalid[d].cmp(&self.invalid[m]) {
            std::cmp::Ordering::Less => d,
            std::cmp::Ordering::Greater => m,
            std::cmp::Ordering::Equal => match self.backwards[d].cmp(&self.backwards[m]) {
                std::cmp::Ordering::Less => d,
                std::cmp::Ordering::Greater => m,
                std::cmp::Ordering::Equal if self.slash && self.ampm => m,
                std::cmp::Ordering::Equal => d,
            },
        };
        let (inv, back) = (self.invalid, self.backwards);
        let as_good = inv[y] <= inv[dm] && back[y] <= back[dm];
        let better = inv[y] < inv[dm] || back[y] < back[dm] || self.year_first_hint;
        if as_good && better {
            DateOrder::Ymd
        } else {
            ORDERS[dm]
        }
    }

    /// How many stamps are impossible dates in `order`, and the first of their lines.
    pub fn invalid_in(&self, order: DateOrder) -> (u64, &[u64]) {
        let i = ORDERS.iter().position(|o| *o == order).unwrap_or(0);
        (self.invalid[i], &self.invalid_lines[i])
    }
}

/// The value of a decimal digit: ASCII, Arabic-Indic (Arabic), Extended Arabic-Indic
/// (Persian, Urdu), Devanagari, Bengali.
pub fn digit_value(c: char) -> Option<u32> {
    let c = c as u32;
    [0x30, 0x660, 0x6f0, 0x966, 0x9e6]
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&c))
        .map(|zero| c - zero)
}

/// A cursor over the start of a line.
struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// A number of 1 to `max` digits (of the scripts [`digit_value`] reads).
    fn number(&mut self, max: u8) -> Option<(u32, u8)> {
        let mut v = 0u32;
        let mut n = 0u8;
        while let Some(c) = self.peek() {
            let Some(d) = digit_value(c) else { break };
            if n == max {
                return None;
            }
            v = v * 10 + d;
            n += 1;
            self.i += c.len_utf8();
        }
        (n > 0).then_some((v, n))
    }

    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }
}

/// Day periods of 12-hour clocks, compared lowercased without dots and spaces (`p. m.`,
/// `nachm.`, `午後`): the word, whether it is PM, whether a year-first locale writes it.
const PERIODS: &[(&str, bool, bool)] = &[
    // (word, pm, year-first locale)
    ("am", false, false),
    ("pm", true, false),
    ("vorm", false, false), // German
    ("nachm", true, false),
    ("de", false, false), // Hungarian
    ("du", true, false),
    ("fm", false, false), // Swedish, Danish, Norwegian
    ("em", true, false),
    ("vm", false, false), // Afrikaans
    ("nm", true, false),
    ("dop", false, false), // Czech
    ("odp", true, false),
    ("öö", false, false), // Turkish
    ("ös", true, false),
    ("sa", false, false), // Vietnamese
    ("ch", true, false),
    ("πμ", false, false), // Greek
    ("μμ", true, false),
    ("дп", false, false), // Ukrainian
    ("пп", true, false),
    ("ص", false, false), // Arabic
    ("م", true, false),
    ("قظ", false, false), // Persian
    ("بظ", true, false),
    ("eparadites", false, false), // Albanian
    ("epasdites", true, false),
    ("午前", false, true), // Japanese
    ("午後", true, true),
    ("上午", false, true), // Chinese
    ("下午", true, true),
    ("凌晨", false, true),
    ("早上", false, true),
    ("中午", true, true),
    ("晚上", true, true),
    ("오전", false, true), // Korean
    ("오후", true, true),
];

/// `Some((pm, year-first locale))` when `word` is a day period.
fn period(word: &str) -> Option<(bool, bool)> {
    let w: String = word
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    PERIODS
        .iter()
        .find(|(p, _, _)| *p == w)
        .map(|(_, pm, hint)| (*pm, *hint))
}

/// What may stand between the date and the time: a comma, spaces, a short word (`à`, `klo`,
/// `um`, `г.`) and a day period written before the time (`오후`, `du.`, `下午`). At least one
/// space. `Err` when it is something else.
fn between(text: &str) -> Result<Option<(bool, bool)>, ()> {
    if !text.contains(' ') || text.chars().count() > 24 {
        return Err(());
    }
    let mut found = None;
    let mut words = 0;
    for word in text.split([' ', ',', '\u{60c}']).filter(|w| !w.is_empty()) {
        words += 1;
        if let Some(p) = period(word) {
            if found.is_some() {
                return Err(());
            }
            found = Some(p);
            continue;
        }
        // A CJK day period stuck to the time has been split off by the caller already.
        let letters = word
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '\'');
        if !letters || word.chars().count() > 10 {
            return Err(());
        }
    }
    if words > 2 {
        return Err(());
    }
    Ok(found)
}

/// Reads the date and the time at the start of `s`. Returns the stamp (with a day period only
/// if one came before the time) and what follows the time.
fn date_and_time(s: &str) -> Option<(RawStamp, &str)> {
    let mut c = Cursor { s, i: 0 };
    let (d0, n0) = c.number(4)?;
    let sep = match c.peek()? {
        '/' => b'/',
        '-' => b'-',
        '.' => b'.',
        _ => return None,
    };
    c.i += 1;
    let spaced = c.eat(' ');
    let (d1, n1) = c.number(2)?;
    if !c.eat(char::from(sep)) || c.eat(' ') != spaced {
        return None;
    }
    let (d2, n2) = c.number(4)?;
    let digits_ok = match n0 {
        4 => n2 <= 2,
        1 | 2 => n2 == 2 || n2 == 4,
        _ => false,
    };
    // Each number must fit some order: a day or month first (at least one of the first two
    // is a month), or a year, a month and a day.
    let range_ok = if n0 == 4 {
        (1..=12).contains(&d1) && (1..=31).contains(&d2)
    } else {
        (1..=31).contains(&d0) && (1..=31).contains(&d1) && (d0 <= 12 || d1 <= 12)
    };
    if !digits_ok || !range_ok {
        return None;
    }
    // "12.03.24." (Serbian), "2024. 03. 12." (Hungarian), "24. 3. 12." (Korean).
    let final_dot = c.eat('.');
    // The time starts at the first digit; what comes before it is read by `between`.
    let rest = c.rest();
    let start = rest
        .char_indices()
        .take(25)
        .find(|(_, ch)| digit_value(*ch).is_some())?
        .0;
    let (gap, after) = rest.split_at(start);
    let before = between(gap).ok()?;
    let mut t = Cursor { s: after, i: 0 };
    let (hour, _) = t.number(2)?;
    let tsep = t.peek()?;
    if !matches!(tsep, ':' | '.') {
        return None;
    }
    t.i += 1;
    let (minute, mn) = t.number(2)?;
    if mn != 2 {
        return None;
    }
    let mut second = 0;
    let mut probe = Cursor { s: after, i: t.i };
    if probe.eat(tsep)
        && let Some((sec, sn)) = probe.number(2)
    {
        if sn != 2 {
            return None;
        }
        second = sec;
        t.i = probe.i;
    }
    if t.peek().is_some_and(|ch| digit_value(ch).is_some()) {
        return None;
    }
    let stamp = RawStamp {
        d: [d0, d1, d2],
        digits: [n0, n1, n2],
        sep,
        hour,
        minute,
        second,
        pm: before.map(|(pm, _)| pm),
        year_first_hint: before.is_some_and(|(_, h)| h)
            || (sep == b'.' && spaced && final_dot && n0 <= 2),
    };
    Some((stamp, t.rest()))
}

/// Completes a stamp with what stood between its time and the separator (a day period, or
/// nothing) and checks the clock.
fn finish(mut s: RawStamp, tail: &str) -> Option<RawStamp> {
    let tail = tail.trim_matches(' ');
    if !tail.is_empty() {
        let (pm, hint) = period(tail)?;
        if s.pm.is_some() {
            return None;
        }
        s.pm = Some(pm);
        s.year_first_hint |= hint;
    }
    let hour_ok = match s.pm {
        None => s.hour < 24,
        Some(_) => s.hour <= 12,
    };
    (hour_ok && s.minute < 60 && s.second < 60).then_some(s)
}

/// Parses a whole stamp: "12/03/2024, 19:04", "3/12/24, 7:04 PM", "12.3.2024 klo 19.04",
/// "2024. 3. 12. 오후 7:04". The line must have been through [`super::normalise`].
pub fn parse_stamp(s: &str) -> Option<RawStamp> {
    let (stamp, tail) = date_and_time(s.trim())?;
    finish(stamp, tail)
}

/// What separates an Android stamp from the message: a dash, an en dash, or (older exports)
/// a colon.
const SEPARATORS: &[&str] = &[" - ", " – ", ": "];

/// The Android separator after the time: where it starts and its length.
fn separator(after: &str) -> Option<(usize, usize)> {
    let window_end = after.char_indices().nth(16).map_or(after.len(), |(i, _)| i);
    let window = &after[..window_end];
    SEPARATORS
        .iter()
        .filter_map(|sep| window.find(sep).map(|i| (i, sep.len())))
        .min_by_key(|(i, _)| *i)
}

/// `(iOS, stamp, message)` when `line` starts with a stamp; `None` otherwise.
pub fn header(line: &str) -> Option<(bool, RawStamp, &str)> {
    if let Some(inner) = line.strip_prefix('[') {
        let (stamp, after) = date_and_time(inner)?;
        let close = after.char_indices().take(16).find(|(_, c)| *c == ']')?.0;
        let stamp = finish(stamp, &after[..close])?;
        let body = &after[close + 1..];
        return Some((true, stamp, body.strip_prefix(' ').unwrap_or(body)));
    }
    let (stamp, after) = date_and_time(line)?;
    let (at, len) = separator(after)?;
    let stamp = finish(stamp, &after[..at])?;
    Some((false, stamp, &after[at + len..]))
}

/// Whether a line that is not a header starts the way headers do: three numbers with date
/// separators, then a time, near the start. Such a line is reported, not taken as text silently.
pub fn looks_like_header(line: &str) -> bool {
    let s = line.strip_prefix('[').unwrap_or(line);
    let mut c = Cursor { s, i: 0 };
    let mut numbers = 0;
    while numbers < 3 {
        if c.number(4).is_none() {
            return false;
        }
        numbers += 1;
        if numbers < 3 {
            if !matches!(c.peek(), Some('/' | '-' | '.')) {
                return false;
            }
            c.i += 1;
            c.eat(' ');
        }
    }
    // A time: digits, ':' or '.', digits, within a few characters.
    let rest: Vec<char> = c.rest().chars().take(32).collect();
    rest.windows(3).any(|w| {
        digit_value(w[0]).is_some() && matches!(w[1], ':' | '.') && digit_value(w[2]).is_some()
    })
}
