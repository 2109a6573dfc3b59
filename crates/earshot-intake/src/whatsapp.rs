//! The text of an exported WhatsApp chat, read as a stream.
//!
//! What phones write, as far as earshot cares:
//!
//! ```text
//! Android, English (UK):  12/03/2024, 19:04 - Jan Jansen: PTT-20240312-WA0003.opus (file attached)
//! Android, English (US):  3/12/24, 7:04 PM - Jan Jansen: <Media omitted>
//! Android, Dutch:         12-03-2024 19:04 - Jan Jansen: PTT-20240312-WA0003.opus (bestand bijgevoegd)
//! iOS, English:           [12/03/2024, 19:04:11] Jan Jansen: ‎<attached: 00000012-AUDIO-2024-03-12-19-04-11.opus>
//! iOS, Dutch:             [12-03-2024 19:04:11] Jan Jansen: ‎<bijgevoegd: 00000012-AUDIO-2024-03-12-19-04-11.opus>
//! ```
//!
//! Lines are sprinkled with invisible marks (U+200E left-to-right mark, U+202A/U+202C around
//! phone numbers, U+00A0 and U+202F no-break spaces before AM/PM); a message without a time
//! stamp at the start of its line continues the message before it; lines without a sender are
//! system messages ("Messages and calls are end-to-end encrypted").
//!
//! Dates are read as three numbers and resolved only at the end, once the whole chat shows
//! which order the phone used (a day above 12 settles it). Nothing here touches the disk: the
//! parser reads from any [`BufRead`], holds one line (at most [`MAX_LINE`] bytes), one message
//! (at most [`MAX_TEXT`] characters kept) and the context of the attachments it was asked to
//! keep, so a chat of millions of lines takes bounded memory.

use std::collections::{HashSet, VecDeque};
use std::io::{self, BufRead};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

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

/// A time stamp as written, before the date order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawStamp {
    /// The three date numbers in the order written.
    pub d: [u32; 3],
    /// Digits in each date number (a four-digit first number is a year).
    pub digits: [u8; 3],
    pub sep: u8,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` on a 24-hour clock.
    pub pm: Option<bool>,
}

/// The order of the date numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Dmy,
    Mdy,
    Ymd,
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
    /// Evidence for the date order.
    max_first: u32,
    max_second: u32,
    first_digits: u8,
    ampm: bool,
    slash: bool,
}

impl ChatScan {
    /// The date order the whole chat implies.
    pub fn date_order(&self) -> DateOrder {
        if self.first_digits >= 4 {
            DateOrder::Ymd
        } else if self.max_first > 12 {
            DateOrder::Dmy
        } else if self.max_second > 12 {
            DateOrder::Mdy
        } else if self.slash && self.ampm {
            // Nothing decides it: a US phone writes M/D/YY with a 12-hour clock.
            DateOrder::Mdy
        } else {
            DateOrder::Dmy
        }
    }

    /// The local date and time a stamp stands for, in the chat's date order.
    pub fn resolve(&self, s: &RawStamp) -> Option<NaiveDateTime> {
        let (y, m, d) = match self.date_order() {
            DateOrder::Dmy => (s.d[2], s.d[1], s.d[0]),
            DateOrder::Mdy => (s.d[2], s.d[0], s.d[1]),
            DateOrder::Ymd => (s.d[0], s.d[1], s.d[2]),
        };
        let y = if y < 100 { 2000 + y } else { y };
        let hour = match s.pm {
            None => s.hour,
            Some(false) => s.hour % 12,
            Some(true) => s.hour % 12 + 12,
        };
        let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
        let time = NaiveTime::from_hms_opt(hour, s.minute, s.second)?;
        Some(date.and_time(time))
    }

    fn note_stamp(&mut self, s: &RawStamp) {
        self.max_first = self.max_first.max(s.d[0]);
        self.max_second = self.max_second.max(s.d[1]);
        self.first_digits = self.first_digits.max(s.digits[0]);
        self.ampm |= s.pm.is_some();
        self.slash |= s.sep == b'/';
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

fn take_number(s: &[u8], i: &mut usize, max_digits: usize) -> Option<(u32, u8)> {
    let start = *i;
    let mut v: u32 = 0;
    while *i < s.len() && s[*i].is_ascii_digit() && *i - start < max_digits {
        v = v * 10 + u32::from(s[*i] - b'0');
        *i += 1;
    }
    if *i == start {
        None
    } else {
        Some((v, (*i - start) as u8))
    }
}

fn skip_spaces(s: &[u8], i: &mut usize) {
    while *i < s.len() && s[*i] == b' ' {
        *i += 1;
    }
}

/// Parses "12/03/2024, 19:04", "3/12/24, 7:04 PM", "12-03-2024 19:04:11", "12.03.24 19:04".
pub fn parse_stamp(s: &str) -> Option<RawStamp> {
    let b = s.trim().as_bytes();
    let mut i = 0;
    let (d0, n0) = take_number(b, &mut i, 4)?;
    let sep = *b.get(i)?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    i += 1;
    let (d1, n1) = take_number(b, &mut i, 2)?;
    if *b.get(i)? != sep {
        return None;
    }
    i += 1;
    let (d2, n2) = take_number(b, &mut i, 4)?;
    if n0 == 3 || n2 == 3 || (n0 == 4 && n2 == 4) {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1; // "12.03.24." in some locales
    }
    if b.get(i) == Some(&b',') {
        i += 1;
    }
    let before = i;
    skip_spaces(b, &mut i);
    if i == before {
        return None;
    }
    let (hour, _) = take_number(b, &mut i, 2)?;
    if *b.get(i)? != b':' {
        return None;
    }
    i += 1;
    let (minute, mn) = take_number(b, &mut i, 2)?;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        i += 1;
        let (sec, sn) = take_number(b, &mut i, 2)?;
        if sn != 2 {
            return None;
        }
        second = sec;
    }
    skip_spaces(b, &mut i);
    let rest: String = b[i..]
        .iter()
        .filter(|c| **c != b'.' && **c != b' ')
        .map(|c| c.to_ascii_lowercase() as char)
        .collect();
    let pm = match rest.as_str() {
        "" => None,
        "am" => Some(false),
        "pm" => Some(true),
        _ => return None,
    };
    let hour_ok = match pm {
        None => hour < 24,
        Some(_) => (1..=12).contains(&hour),
    };
    if mn != 2 || !hour_ok || minute >= 60 || second >= 60 {
        return None;
    }
    let date_ok = if n0 == 4 {
        (1..=12).contains(&d1) && (1..=31).contains(&d2)
    } else {
        (1..=31).contains(&d0) && (1..=31).contains(&d1) && (d0 <= 12 || d1 <= 12)
    };
    if !date_ok {
        return None;
    }
    Some(RawStamp {
        d: [d0, d1, d2],
        digits: [n0, n1, n2],
        sep,
        hour,
        minute,
        second,
        pm,
    })
}

/// A line that starts a message: its platform, stamp and what follows the stamp.
pub fn parse_header(line: &str) -> Option<(Platform, RawStamp, &str)> {
    if let Some(rest) = line.strip_prefix('[') {
        let close = rest.get(..40.min(rest.len())).unwrap_or(rest).find(']');
        let close = match close {
            Some(c) => c,
            None => rest.char_indices().take(40).find(|(_, c)| *c == ']')?.0,
        };
        let stamp = parse_stamp(&rest[..close])?;
        let after = &rest[close + 1..];
        return Some((
            Platform::Ios,
            stamp,
            after.strip_prefix(' ').unwrap_or(after),
        ));
    }
    // Android: "<stamp> - <rest>"; the stamp is short.
    let head_end = line
        .char_indices()
        .take(40)
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let dash = line[..head_end].find(" - ")?;
    let stamp = parse_stamp(&line[..dash])?;
    Some((Platform::Android, stamp, &line[dash + 3..]))
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
        let line = normalise(raw);
        if let Some((platform, stamp, rest)) = parse_header(&line) {
            self.end_message();
            if self.scan.platform.is_none() {
                self.scan.platform = Some(platform);
            }
            self.scan.note_stamp(&stamp);
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
        } else if let Some(m) = &mut self.current {
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
