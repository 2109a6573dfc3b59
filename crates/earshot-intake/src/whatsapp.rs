//! The text of an exported WhatsApp chat, read as a stream.
//!
//! A message starts with a time stamp written in the phone's locale; iPhones put it in square
//! brackets, Android phones follow it with " - ". The stamps read, one real example each:
//!
//! ```text
//! Android, English (UK):      12/03/2024, 19:04 - Jan Jansen: PTT-20240312-WA0003.opus (file attached)
//! Android, English (US):      3/12/24, 7:04 PM - Jan Jansen: <Media omitted>
//! Android, Dutch:             12-03-2024 19:04 - Jan Jansen: PTT-20240312-WA0003.opus (bestand bijgevoegd)
//! Android, German:            12.03.24, 19:04 - Jan Jansen: Hallo
//! Android, German, 12 h:      12.03.24, 7:04 nachm. - Jan Jansen: Hallo
//! Android, French:            26/09/2019 à 22:39 - Jan Jansen: Salut
//! Android, Spanish:           20/6/2017 8:28 p. m. - Jan Jansen: hola     (U+00A0 / U+202F spaces)
//! Android, Spanish (US):      3/6/18, 1:55 p.m. - Jan Jansen: hola
//! Android, Finnish:           13.6.2018 klo 21.25.15 - Jan Jansen: moi
//! Android, Danish/Indonesian: 30/08/25 18.00 - Jan Jansen: hej            (dots in the time)
//! Android, Czech/Slovak *:    12. 3. 2024 19:04 - Jan Jansen: ahoj
//! Android, Croatian *:        13. 6. 2018. 21:25 - Jan Jansen: bok
//! Android, Hungarian *:       2024. 03. 12. 19:04 - Jan Jansen: szia
//! Android, Korean *:          24. 3. 12. 오후 7:04 - Jan Jansen: 안녕       (day period before the time)
//! Android, Swedish, Canada:   2019-01-01 12:00 - Jan Jansen: hej
//! Android, English (Canada):  2023-12-20, 5:46 p.m. - Jan Jansen: hi
//! Android, English (S. Afr.): 2023/12/20, 5:46 pm - Jan Jansen: hi
//! Android, Japanese *:        2024/03/12 19:04 - Jan Jansen: こんにちは
//! Android, Chinese *:         2024/3/12 下午7:04 - Jan Jansen: 你好
//! Android, Arabic:            ٢٤/٤/٢٠٢٢، ٢:٠٧ م - Jan Jansen: السلام        (Arabic-Indic digits, U+200F marks)
//! Android, en dash:           12.03.2024, 19:04 – Jan Jansen: Hallo
//! Android, older exports:     09/12/2012 17:03:48: Jan Jansen: Hello      (a colon after the time)
//!                             13.06.18 21.25.15: Jan Jansen: Hallo
//! iOS, English:               [12/03/2024, 19:04:11] Jan Jansen: ‎<attached: 00000012-AUDIO-2024-03-12-19-04-11.opus>
//! iOS, English (US):          [3/6/18 1:55:00 p. m.] Jan Jansen: hi
//! iOS, Dutch:                 [12-03-2024 19:04:11] Jan Jansen: ‎<bijgevoegd: 00000012-AUDIO-2024-03-12-19-04-11.opus>
//! iOS, German:                [12.03.24, 19:04:11] Jan Jansen: Hallo
//! iOS, Finnish:               [12.3.2022 klo 14.08.18] Jan Jansen: moi
//! iOS, Chinese/Japanese:      [2018/06/13, 21:25:15] Jan Jansen: 你好
//! ```
//!
//! The rows marked * follow the locale's short date and time patterns (CLDR); the others are
//! lines from real exports as collected by open-source chat-export parsers.
//!
//! In general: three numbers separated by `/`, `-` or `.` (the same one twice, optionally
//! followed by a space, optionally a period after the last); a comma (`,` or the Arabic `،`),
//! then spaces and at most two short words (`à`, `klo`, `г.`); the time with `:` or `.`, with
//! or without seconds; a day period before or after the time (`AM`, `p. m.`, `vorm.`/`nachm.`,
//! `de.`/`du.`, `fm`/`em`, `π.μ.`/`μ.μ.`, `ص`/`م`, `ق.ظ.`/`ب.ظ.`, `午前`/`午後`, `上午`/`下午`,
//! `오전`/`오후` and the others in `stamp::PERIODS`). Digits may be ASCII, Arabic-Indic,
//! Extended Arabic-Indic (Persian, Urdu), Devanagari or Bengali. Dates must be Gregorian, with
//! a four-digit year in [`YEARS`]: a Solar Hijri (Persian calendar) or Buddhist-era year is not
//! converted but reported. Not read, because no phone is known to write them: a year between
//! day and month (`06/2018/13`), a stamp not followed by a separator, hours written `19 h 04`.
//!
//! Lines are sprinkled with invisible marks (U+200E left-to-right mark, U+200F, U+202A/U+202C
//! around phone numbers, U+00A0 and U+202F no-break spaces before AM/PM); a message without a
//! time stamp at the start of its line continues the message before it; lines without a sender
//! are system messages ("Messages and calls are end-to-end encrypted").
//!
//! Dates are read as three numbers and resolved only at the end, once the whole chat shows
//! which order the phone used ([`Evidence::order`]: a four-digit first number is a year; a day
//! above 12 settles day/month; then the order in which the dates go backwards least, since a
//! chat is in time order; when nothing decides, day-first, or month-first for slashes with a
//! 12-hour clock, as before; a two-digit year first only on evidence or a year-first locale's
//! way of writing). A line that starts like a stamp but cannot be read, or whose date does not
//! exist in the chat's order, is counted with its line number
//! ([`ChatScan::unreadable_headers`]), never guessed.
//!
//! Nothing here touches the disk: the parser reads from any [`BufRead`], holds one line (at
//! most [`MAX_LINE`] bytes), one message (at most [`MAX_TEXT`] characters kept), the context of
//! the attachments it was asked to keep and a bounded list of unreadable lines, so a chat of
//! millions of lines takes bounded memory.

use std::collections::{HashSet, VecDeque};
use std::io::{self, BufRead};

use chrono::NaiveDateTime;

mod stamp;

pub use stamp::{
    DateOrder, Evidence, MAX_UNREADABLE_LINES, RawStamp, YEARS, digit_value, looks_like_header,
    parse_stamp,
};

/// Longest line kept; the rest of a longer line is skipped (and counted).
pub const MAX_LINE: usize = 64 * 1024;
/// Characters of one message kept (for the context shown around an attachment).
pub const MAX_TEXT: usize = 2000;
/// Messages kept before and after an attachment.
pub const CONTEXT: usize = 3;
/// Attachment references remembered (beyond this only counted).
pub const MAX_REFS: usize = 100_000;

/// Which phone wrote the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Android,
    Ios,
}

/// What a message refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// A file that should be in the export.
    File(String),
    /// Exported without media: "<Media omitted>", "audio omitted", "afbeelding weggelaten".
    Omitted,
}

/// One message, as kept for context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Position in the chat (0-based).
    pub index: u64,
    pub stamp: RawStamp,
    /// `None` for system messages.
    pub sender: Option<String>,
    /// The text, with invisible marks removed, at most [`MAX_TEXT`] characters.
    pub text: String,
    pub attachment: Option<Attachment>,
}

/// A message that refers to a file, with the messages around it when asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRef {
    pub file: String,
    pub message: Message,
    /// Up to [`CONTEXT`] messages before, then the message itself, then up to [`CONTEXT`]
    /// after; empty when the file's context was not asked for.
    pub context: Vec<Message>,
}

/// Everything the parser found.
#[derive(Debug, Clone, Default)]
pub struct ChatScan {
    pub platform: Option<Platform>,
    pub lines: u64,
    pub messages: u64,
    pub system_messages: u64,
    /// Attachment references, in chat order (at most [`MAX_REFS`]).
    pub attachments: Vec<AttachmentRef>,
    /// References beyond [`MAX_REFS`], counted only.
    pub attachments_not_kept: u64,
    /// "<Media omitted>" and friends.
    pub omitted: u64,
    /// Lines longer than [`MAX_LINE`] bytes (their excess was skipped).
    pub long_lines: u64,
    /// Lines that were not valid UTF-8 (read with replacement characters).
    pub invalid_utf8_lines: u64,
    /// Lines before the first time stamp (not part of any message).
    pub stray_lines: u64,
    /// Lines that start like a time stamp but are not one any phone writes (kept as text).
    not_stamps: UnreadableHeaders,
    /// Evidence for the date order.
    evidence: Evidence,
}

/// Lines that start like a message's time stamp whose date and time could not be read: not a
/// stamp any phone writes (the line is kept as text of the message before it), or not a real
/// date in the chat's date order (the message's time is unknown). Never guessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnreadableHeaders {
    pub count: u64,
    /// Their line numbers (1-based), the first [`MAX_UNREADABLE_LINES`].
    pub lines: Vec<u64>,
}

impl ChatScan {
    /// The date order the whole chat implies (see [`Evidence::order`]).
    pub fn date_order(&self) -> DateOrder {
        self.evidence.order()
    }

    /// The local date and time a stamp stands for, in the chat's date order.
    pub fn resolve(&self, s: &RawStamp) -> Option<NaiveDateTime> {
        s.resolve_in(self.date_order())
    }

    /// Every line that starts like a time stamp but whose date and time could not be read.
    pub fn unreadable_headers(&self) -> UnreadableHeaders {
        let (invalid, invalid_lines) = self.evidence.invalid_in(self.date_order());
        let mut lines = Vec::with_capacity(MAX_UNREADABLE_LINES);
        let (mut a, mut b) = (
            self.not_stamps.lines.iter().peekable(),
            invalid_lines.iter().peekable(),
        );
        while lines.len() < MAX_UNREADABLE_LINES {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x <= y => a.next(),
                (Some(_), Some(_)) | (None, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => break,
            };
            lines.extend(next.copied());
        }
        UnreadableHeaders {
            count: self.not_stamps.count + invalid,
            lines,
        }
    }

    fn note_not_stamp(&mut self, line: u64) {
        self.not_stamps.count += 1;
        if self.not_stamps.lines.len() < MAX_UNREADABLE_LINES {
            self.not_stamps.lines.push(line);
        }
    }
}

/// Characters that carry no text: direction marks and embeddings, zero-width characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// Removes invisible marks and turns the odd spaces phones use into plain ones.
pub fn normalise(line: &str) -> String {
    line.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => ' ',
            c => c,
        })
        .collect()
}

/// A line that starts a message: its platform, stamp and what follows the stamp. The line
/// must have been through [`normalise`].
pub fn parse_header(line: &str) -> Option<(Platform, RawStamp, &str)> {
    let (ios, stamp, rest) = stamp::header(line)?;
    let platform = if ios {
        Platform::Ios
    } else {
        Platform::Android
    };
    Some((platform, stamp, rest))
}

/// Splits "Name: text" into the sender and the text; `None` for a system message.
pub fn split_sender(rest: &str) -> (Option<&str>, &str) {
    match rest.find(": ") {
        Some(i) if i > 0 && rest[..i].chars().count() <= 80 => (Some(&rest[..i]), &rest[i + 2..]),
        _ => match rest.strip_suffix(':') {
            // "Name:" with an empty message.
            Some(n) if !n.is_empty() && n.chars().count() <= 80 && !n.contains(": ") => {
                (Some(n), "")
            }
            _ => (None, rest),
        },
    }
}

const ATTACHED_TAGS: &[&str] = &["<attached:", "<bijgevoegd:", "<anhang:", "<adjunto:"];
const ATTACHED_SUFFIXES: &[&str] = &[
    "(file attached)",
    "(bestand bijgevoegd)",
    "(datei angehängt)",
    "(archivo adjunto)",
];
const OMITTED: &[&str] = &[
    "<media omitted>",
    "<media weggelaten>",
    "<medien ausgeschlossen>",
    "audio omitted",
    "image omitted",
    "video omitted",
    "sticker omitted",
    "document omitted",
    "gif omitted",
    "audio weggelaten",
    "afbeelding weggelaten",
    "video weggelaten",
    "sticker weggelaten",
    "document weggelaten",
    "gif weggelaten",
];

/// What the first line of a message says is attached.
pub fn attachment_in(text: &str) -> Option<Attachment> {
    let t = text.trim();
    for tag in ATTACHED_TAGS {
        if t.ends_with('>')
            && let Some(start) = find_ascii_ci(t, tag)
        {
            let inner = &t[start + tag.len()..t.len() - 1];
            let name = inner.trim();
            if name.is_empty() {
                return None;
            }
            return Some(Attachment::File(name.to_string()));
        }
    }
    // Suffixes and "omitted" lines are short: only the end of a long line is looked at.
    let tail_start = t.char_indices().rev().nth(40).map(|(i, _)| i).unwrap_or(0);
    let lower = t[tail_start..].to_lowercase();
    for suffix in ATTACHED_SUFFIXES {
        if lower.ends_with(suffix) {
            // The suffix is ASCII-lowercase-stable except "angehängt"; cut by characters.
            let keep = t.chars().count().saturating_sub(suffix.chars().count());
            let name: String = t.chars().take(keep).collect();
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            return Some(Attachment::File(name.to_string()));
        }
    }
    if tail_start == 0 && OMITTED.iter().any(|o| lower == *o) {
        return Some(Attachment::Omitted);
    }
    None
}

/// Where an ASCII `needle` first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Reads one line of at most [`MAX_LINE`] bytes (the rest is skipped); `None` at the end.
/// Returns the line and whether it was cut.
fn read_line_capped<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
    buf.clear();
    let mut cut = false;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(if any { Some(cut) } else { None });
        }
        any = true;
        let (chunk, done) = match avail.iter().position(|&c| c == b'\n') {
            Some(p) => (&avail[..p], Some(p + 1)),
            None => (avail, None),
        };
        let room = MAX_LINE.saturating_sub(buf.len());
        if chunk.len() > room {
            cut = true;
        }
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = done.unwrap_or(avail.len());
        r.consume(used);
        if done.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(cut));
        }
    }
}

struct Pending {
    r: AttachmentRef,
    after: usize,
}

/// The streaming parser. Feed it with [`ChatParser::parse`] or line by line with
/// [`ChatParser::push_line`], then call [`ChatParser::finish`].
pub struct ChatParser<'a> {
    scan: ChatScan,
    want_context: &'a dyn Fn(&str) -> bool,
    current: Option<Message>,
    text_chars: usize,
    recent: VecDeque<Message>,
    pending: Vec<Pending>,
    next_index: u64,
}

impl<'a> ChatParser<'a> {
    /// `want_context(file)` says for which attachments the surrounding messages are kept.
    pub fn new(want_context: &'a dyn Fn(&str) -> bool) -> Self {
        ChatParser {
            scan: ChatScan::default(),
            want_context,
            current: None,
            text_chars: 0,
            recent: VecDeque::with_capacity(CONTEXT + 1),
            pending: Vec::new(),
            next_index: 0,
        }
    }

    /// Reads a whole chat; `keep_going` is asked every 64k lines (return false to stop).
    pub fn parse<R: BufRead>(
        self,
        r: R,
        keep_going: &mut dyn FnMut(u64) -> bool,
    ) -> io::Result<ChatScan> {
        match self.parse_lossy(r, keep_going) {
            (scan, None) => Ok(scan),
            (_, Some(e)) => Err(io::Error::new(io::ErrorKind::InvalidData, e)),
        }
    }

    /// Like [`ChatParser::parse`], but keeps what was read before an error (a damaged
    /// archive, a stop) and returns the error beside it.
    pub fn parse_lossy<R: BufRead>(
        mut self,
        r: R,
        keep_going: &mut dyn FnMut(u64) -> bool,
    ) -> (ChatScan, Option<String>) {
        let err = self.feed(r, keep_going).err().map(|e| e.to_string());
        (self.finish(), err)
    }

    fn feed<R: BufRead>(
        &mut self,
        mut r: R,
        keep_going: &mut dyn FnMut(u64) -> bool,
    ) -> io::Result<()> {
        let mut buf = Vec::with_capacity(256);
        // A UTF-8 byte-order mark at the very start.
        let mut first = true;
        while let Some(cut) = read_line_capped(&mut r, &mut buf)? {
            if cut {
                self.scan.long_lines += 1;
            }
            let bytes = if first && buf.starts_with(&[0xef, 0xbb, 0xbf]) {
                &buf[3..]
            } else {
                &buf[..]
            };
            first = false;
            match std::str::from_utf8(bytes) {
                Ok(s) => self.push_line(s),
                Err(_) => {
                    self.scan.invalid_utf8_lines += 1;
                    let s = String::from_utf8_lossy(bytes).into_owned();
                    self.push_line(&s);
                }
            }
            if self.scan.lines.is_multiple_of(65_536) && !keep_going(self.scan.lines) {
                return Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"));
            }
        }
        Ok(())
    }

    /// Takes one line (without its line break).
    pub fn push_line(&mut self, raw: &str) {
        self.scan.lines += 1;
        let number = self.scan.lines;
        let line = normalise(raw);
        if let Some((platform, stamp, rest)) = parse_header(&line) {
            self.end_message();
            if self.scan.platform.is_none() {
                self.scan.platform = Some(platform);
            }
            self.scan.evidence.note(&stamp, number);
            let (sender, text) = split_sender(rest);
            let attachment = attachment_in(text);
            let text = truncate_chars(text, MAX_TEXT);
            self.text_chars = text.chars().count();
            self.current = Some(Message {
                index: self.next_index,
                stamp,
                sender: sender.map(|s| s.trim().to_string()),
                text,
                attachment,
            });
            self.next_index += 1;
            return;
        }
        if stamp::looks_like_header(&line) {
            self.scan.note_not_stamp(number);
        }
        if let Some(m) = &mut self.current {
            if self.text_chars < MAX_TEXT {
                m.text.push('\n');
                let room = MAX_TEXT - self.text_chars - 1;
                let add = truncate_chars(&line, room);
                self.text_chars += 1 + add.chars().count();
                m.text.push_str(&add);
            }
        } else {
            self.scan.stray_lines += 1;
        }
    }

    fn end_message(&mut self) {
        let Some(m) = self.current.take() else {
            return;
        };
        self.scan.messages += 1;
        if m.sender.is_none() {
            self.scan.system_messages += 1;
        }
        // Messages after earlier attachments.
        let mut i = 0;
        while i < self.pending.len() {
            let p = &mut self.pending[i];
            p.r.context.push(m.clone());
            p.after += 1;
            if p.after >= CONTEXT {
                let done = self.pending.swap_remove(i);
                self.scan.attachments.push(done.r);
            } else {
                i += 1;
            }
        }
        match &m.attachment {
            Some(Attachment::File(name)) => {
                if self.scan.attachments.len() + self.pending.len() >= MAX_REFS {
                    self.scan.attachments_not_kept += 1;
                } else if (self.want_context)(name) {
                    let mut context: Vec<Message> = self.recent.iter().cloned().collect();
                    context.push(m.clone());
                    self.pending.push(Pending {
                        r: AttachmentRef {
                            file: name.clone(),
                            message: m.clone(),
                            context,
                        },
                        after: 0,
                    });
                } else {
                    self.scan.attachments.push(AttachmentRef {
                        file: name.clone(),
                        message: m.clone(),
                        context: Vec::new(),
                    });
                }
            }
            Some(Attachment::Omitted) => self.scan.omitted += 1,
            None => {}
        }
        if self.recent.len() == CONTEXT {
            self.recent.pop_front();
        }
        self.recent.push_back(m);
    }

    /// Ends the last message and returns what was found, attachments in chat order.
    pub fn finish(mut self) -> ChatScan {
        self.end_message();
        for p in self.pending.drain(..) {
            self.scan.attachments.push(p.r);
        }
        self.scan.attachments.sort_by_key(|a| a.message.index);
        self.scan
    }
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Convenience for tests and the fuzzer: parses bytes, keeping context for every attachment.
pub fn parse_bytes(bytes: &[u8]) -> ChatScan {
    let all = |_: &str| true;
    let parser = ChatParser::new(&all);
    parser.parse_lossy(bytes, &mut |_| true).0
}

/// The names of the text file a phone puts in an export: `_chat.txt` (iOS),
/// `WhatsApp Chat with X.txt` / `WhatsApp-chat met X.txt` (Android).
pub fn is_chat_text(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower == "_chat.txt"
        || (lower.ends_with(".txt") && (lower.starts_with("whatsapp") || lower.contains("chat")))
}

/// Kinds of files in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A voice note (`PTT-*.opus`, `*-AUDIO-*.opus`) or forwarded audio.
    Audio,
    /// A photo, video, document, sticker, contact card.
    OtherMedia,
    /// The chat text.
    ChatText,
}

/// Extensions treated as audio (the probe decides whether it can be imported).
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "opus", "ogg", "oga", "m4a", "mp3", "aac", "amr", "awb", "wav", "flac",
];

pub fn kind_of(name: &str) -> FileKind {
    if is_chat_text(name) {
        return FileKind::ChatText;
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if AUDIO_EXTENSIONS.contains(&ext.as_str()) {
        FileKind::Audio
    } else {
        FileKind::OtherMedia
    }
}

/// Unique names of the attachments referenced in a scan, for look-ups.
pub fn referenced(scan: &ChatScan) -> HashSet<&str> {
    scan.attachments.iter().map(|a| a.file.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn stamps_of_every_locale() {
        let s = parse_stamp("12/03/2024, 19:04").unwrap();
        assert_eq!((s.d, s.hour, s.minute, s.pm), ([12, 3, 2024], 19, 4, None));
        let s = parse_stamp("3/12/24, 7:04 PM").unwrap();
        assert_eq!((s.d, s.hour, s.pm), ([3, 12, 24], 7, Some(true)));
        assert_eq!(
            parse_stamp("3/12/24, 7:04\u{202f}pm"),
            None,
            "normalise first"
        );
        assert!(parse_stamp(&normalise("3/12/24, 7:04\u{202f}pm")).is_some());
        assert!(parse_stamp("12-03-2024 19:04:11").is_some());
        assert!(parse_stamp("12.03.24, 19:04").is_some());
        assert!(parse_stamp("2024-03-12, 19:04").is_some());
        assert!(parse_stamp("3/12/24, 7:04 a.m.").is_some());
        for bad in [
            "",
            "12/03/2024",
            "12/03-2024, 19:04",
            "12/03/2024, 25:04",
            "12/03/2024, 13:04 PM",
            "40/40/2024, 10:00",
            "12/03/2024,19:04",
            "hello - world",
            "99999999999/1/1, 1:00",
        ] {
            assert_eq!(parse_stamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn headers_android_and_ios() {
        let (p, _, rest) =
            parse_header("12-03-2024 19:04 - Jan: PTT-20240312-WA0003.opus (bestand bijgevoegd)")
                .unwrap();
        assert_eq!(p, Platform::Android);
        assert_eq!(
            split_sender(rest),
            (Some("Jan"), "PTT-20240312-WA0003.opus (bestand bijgevoegd)")
        );
        let line = normalise(
            "\u{200e}[12/03/2024, 19:04:11] Jan: \u{200e}<attached: 00000012-AUDIO-2024-03-12-19-04-11.opus>",
        );
        let (p, _, rest) = parse_header(&line).unwrap();
        assert_eq!(p, Platform::Ios);
        let (who, text) = split_sender(rest);
        assert_eq!(who, Some("Jan"));
        assert_eq!(
            attachment_in(text),
            Some(Attachment::File(
                "00000012-AUDIO-2024-03-12-19-04-11.opus".into()
            ))
        );
        assert_eq!(
            split_sender("Berichten en gesprekken zijn end-to-end versleuteld."),
            (None, "Berichten en gesprekken zijn end-to-end versleuteld.")
        );
        assert!(parse_header("Just a continuation - with a dash").is_none());
    }

    #[test]
    fn attachments_and_omitted_media() {
        assert_eq!(
            attachment_in("AUD-20240312-WA0004.m4a (file attached)"),
            Some(Attachment::File("AUD-20240312-WA0004.m4a".into()))
        );
        assert_eq!(
            attachment_in("<bijgevoegd: 00000015-Opname 12.m4a>"),
            Some(Attachment::File("00000015-Opname 12.m4a".into()))
        );
        assert_eq!(
            attachment_in("Opname.m4a • 1 page <attached: 00000016-Opname.m4a>"),
            Some(Attachment::File("00000016-Opname.m4a".into()))
        );
        assert_eq!(
            attachment_in("<Media weggelaten>"),
            Some(Attachment::Omitted)
        );
        assert_eq!(attachment_in("audio omitted"), Some(Attachment::Omitted));
        assert_eq!(attachment_in("see you (file attached) later"), None);
        assert_eq!(attachment_in("<attached: >"), None);
        assert_eq!(attachment_in(" (file attached)"), None);
    }

    #[test]
    fn a_chat_with_context_multiline_and_date_order() {
        let chat = "\u{feff}12/03/2024, 19:00 - Messages and calls are end-to-end encrypted.\n\
                    12/03/2024, 19:01 - Jan: Hello\r\n\
                    second line\n\
                    12/03/2024, 19:02 - Jan: PTT-20240312-WA0001.opus (file attached)\n\
                    12/03/2024, 19:03 - Wim: Thanks\n\
                    13/03/2024, 08:00 - Wim: IMG-20240313-WA0002.jpg (file attached)\n";
        let s = parse_bytes(chat.as_bytes());
        assert_eq!(s.platform, Some(Platform::Android));
        assert_eq!(s.messages, 5);
        assert_eq!(s.system_messages, 1);
        assert_eq!(s.date_order(), DateOrder::Dmy);
        assert_eq!(s.attachments.len(), 2);
        let a = &s.attachments[0];
        assert_eq!(a.file, "PTT-20240312-WA0001.opus");
        assert_eq!(a.message.sender.as_deref(), Some("Jan"));
        assert_eq!(s.resolve(&a.message.stamp), Some(dt("2024-03-12 19:02:00")));
        assert_eq!(a.context.len(), 5);
        assert_eq!(a.context[1].text, "Hello\nsecond line");
    }

    #[test]
    fn us_dates_resolve_month_first() {
        let chat = "3/12/24, 7:04 PM - Jan: hi\n3/13/24, 12:30 AM - Jan: late\n";
        let s = parse_bytes(chat.as_bytes());
        assert_eq!(s.date_order(), DateOrder::Mdy);
        assert_eq!(s.messages, 2);
    }

    #[test]
    fn long_lines_and_bad_bytes_are_bounded() {
        let mut chat = b"12/03/2024, 19:01 - Jan: ".to_vec();
        chat.extend(std::iter::repeat_n(b'x', MAX_LINE * 3));
        chat.extend_from_slice(b"\n\xff\xfe broken\n12/03/2024, 19:02 - Jan: ok\n");
        let s = parse_bytes(&chat);
        assert_eq!(s.long_lines, 1);
        assert_eq!(s.invalid_utf8_lines, 1);
        assert_eq!(s.messages, 2);
    }
}
