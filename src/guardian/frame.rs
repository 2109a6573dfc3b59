//! The guardian's wire format: one byte stream (a Unix socket, or SSH's standard streams
//! through `earshot dial-stdio`) carrying frames of `[tag: u8][length: u32, big-endian][payload]`.
//!
//! Control messages carry JSON; output, files and audio carry raw bytes. A frame is at most
//! [`MAX_FRAME`] bytes; larger files travel as several `FileChunk`s.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use crate::audio::remote::Encoding;

/// The protocol's version; a guardian refuses a client that speaks another.
pub const VERSION: u32 = 1;

/// The largest payload of one frame.
pub const MAX_FRAME: usize = 4 << 20;

/// The largest file a client may send (an import, a letter to attach).
pub const MAX_FILE: usize = 1 << 30;

/// What a client says first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hello {
    pub version: u32,
    /// The command line after the program's name, as the user typed it.
    pub argv: Vec<String>,
    /// The client's language (`nl`, `en`), from its `--lang` or locale.
    pub lang: String,
    pub stdin_tty: bool,
    pub stderr_tty: bool,
    /// The encodings the client can play, in its order of preference; none (a client from
    /// before Opus) means 16-bit PCM.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<Encoding>,
}

/// Sound for the client's own device. In `pcm16` each `Audio` frame is 16-bit signed
/// little-endian PCM, interleaved; in `opus` each is one header-framed Opus packet
/// (`audio::opus_stream`). `rate` is the stream's, which for Opus may differ from the
/// recording's (44.1 kHz travels at 48 kHz).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct AudioFormat {
    pub rate: u32,
    pub channels: u16,
    /// Absent from a guardian from before Opus: PCM.
    #[serde(default)]
    pub encoding: Encoding,
    /// Bits a second, for Opus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<u32>,
}

/// A frame from the client to the guardian.
#[derive(Debug, Clone, PartialEq)]
pub enum Up {
    Hello(Hello),
    /// A line of standard input; none at its end.
    Line(Option<String>),
    Secret(Result<String, String>),
    /// Part of a file asked for.
    FileChunk(Vec<u8>),
    /// The file asked for is complete, or could not be read.
    FileEnd(Result<(), String>),
    /// A file was written (or checked writable), or why not.
    Written(Result<(), String>),
    /// The user pressed Ctrl-C (2), or the client got another termination signal.
    Interrupt(i32),
    /// Milliseconds of the current stream that reached the client's device so far.
    Played(u64),
    /// The terminal UI's request to its worker in the guardian (JSON of `tui::app::Request`).
    Tui(Vec<u8>),
}

/// A frame from the guardian to the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Down {
    Out(Vec<u8>),
    Err(Vec<u8>),
    NeedLine,
    AskSecret(String),
    NeedFile(PathBuf),
    /// The first parts of a file to write, when it is larger than a frame; the `WriteFile`
    /// that follows carries the rest and says where.
    WriteChunk(Vec<u8>),
    /// Write `bytes` (after any `WriteChunk`s before it) to `path` (0600; an existing file only
    /// with `force`).
    WriteFile {
        path: PathBuf,
        force: bool,
        bytes: Vec<u8>,
    },
    /// Say whether these files could be written (none exists, unless `force`).
    CheckWritable {
        paths: Vec<PathBuf>,
        force: bool,
    },
    AudioStart(AudioFormat),
    Audio(Vec<u8>),
    AudioEnd,
    /// The first parts of an answer of the terminal UI's worker, when it is larger than a
    /// frame (a queue of 100,000 items); the `Tui` that follows carries the rest.
    TuiPart(Vec<u8>),
    /// An answer of the terminal UI's worker (JSON of `tui::app::FromWorker`), after any
    /// `TuiPart`s before it.
    Tui(Vec<u8>),
    Exit(i32),
}

#[derive(Serialize, Deserialize)]
struct WriteHeader {
    path: PathBuf,
    force: bool,
}

#[derive(Serialize, Deserialize)]
struct Check {
    paths: Vec<PathBuf>,
    force: bool,
}

fn json<T: Serialize>(v: &T) -> Vec<u8> {
    // Serialising these plain structs cannot fail; an empty payload would be refused on the
    // other end rather than misread.
    serde_json::to_vec(v).unwrap_or_default()
}

fn parse<T: for<'a> Deserialize<'a>>(b: &[u8]) -> io::Result<T> {
    serde_json::from_slice(b).map_err(|e| bad(format!("a malformed frame: {e}")))
}

fn bad(m: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, m)
}

fn result_bytes(r: &Result<(), String>) -> Vec<u8> {
    match r {
        Ok(()) => Vec::new(),
        Err(e) => {
            let mut v = vec![0u8];
            v.extend_from_slice(e.as_bytes());
            v
        }
    }
}

fn parse_result(b: &[u8]) -> Result<(), String> {
    match b.split_first() {
        None => Ok(()),
        Some((_, rest)) => Err(String::from_utf8_lossy(rest).into_owned()),
    }
}

fn text(b: &[u8]) -> io::Result<String> {
    String::from_utf8(b.to_vec()).map_err(|_| bad("a frame's text is not UTF-8".into()))
}

fn write_frame(w: &mut dyn Write, tag: u8, payload: &[u8]) -> io::Result<()> {
    if payload.len() > MAX_FRAME {
        return Err(bad(format!(
            "a frame of {} bytes is too large",
            payload.len()
        )));
    }
    let len = u32::try_from(payload.len()).map_err(|_| bad("a frame is too large".into()))?;
    let mut head = [0u8; 5];
    head[0] = tag;
    head[1..].copy_from_slice(&len.to_be_bytes());
    w.write_all(&head)?;
    w.write_all(payload)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of the stream.
fn read_frame(r: &mut dyn Read) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut head = [0u8; 5];
    let mut got = 0;
    while got < head.len() {
        match r.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    if len > MAX_FRAME {
        return Err(bad(format!("a frame of {len} bytes is too large")));
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload)?;
    Ok(Some((head[0], payload)))
}

impl Up {
    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        match self {
            Up::Hello(h) => write_frame(w, 1, &json(h)),
            Up::Line(l) => write_frame(w, 2, &json(l)),
            Up::Secret(s) => write_frame(w, 3, &json(s)),
            Up::FileChunk(b) => write_frame(w, 4, b),
            Up::FileEnd(r) => write_frame(w, 5, &result_bytes(r)),
            Up::Written(r) => write_frame(w, 6, &result_bytes(r)),
            Up::Interrupt(sig) => write_frame(w, 7, &sig.to_be_bytes()),
            Up::Played(ms) => write_frame(w, 8, &ms.to_be_bytes()),
            Up::Tui(b) => write_frame(w, 9, b),
        }
    }

    pub fn read(r: &mut dyn Read) -> io::Result<Option<Up>> {
        let Some((tag, p)) = read_frame(r)? else {
            return Ok(None);
        };
        Ok(Some(match tag {
            1 => Up::Hello(parse(&p)?),
            2 => Up::Line(parse(&p)?),
            3 => Up::Secret(parse(&p)?),
            4 => Up::FileChunk(p),
            5 => Up::FileEnd(parse_result(&p)),
            6 => Up::Written(parse_result(&p)),
            7 => Up::Interrupt(i32::from_be_bytes(
                p.try_into()
                    .map_err(|_| bad("a malformed interrupt".into()))?,
            )),
            8 => Up::Played(u64::from_be_bytes(
                p.try_into().map_err(|_| bad("a malformed count".into()))?,
            )),
            9 => Up::Tui(p),
            t => return Err(bad(format!("an unknown frame (tag {t})"))),
        }))
    }
}

impl Down {
    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        match self {
            Down::Out(b) => write_frame(w, 16, b),
            Down::Err(b) => write_frame(w, 17, b),
            Down::NeedLine => write_frame(w, 18, &[]),
            Down::AskSecret(p) => write_frame(w, 19, p.as_bytes()),
            Down::NeedFile(p) => write_frame(w, 20, &json(p)),
            Down::WriteFile { path, force, bytes } => {
                let head = json(&WriteHeader {
                    path: path.clone(),
                    force: *force,
                });
                let len = u32::try_from(head.len()).map_err(|_| bad("a long path".into()))?;
                let mut p = Vec::with_capacity(4 + head.len() + bytes.len());
                p.extend_from_slice(&len.to_be_bytes());
                p.extend_from_slice(&head);
                p.extend_from_slice(bytes);
                write_frame(w, 21, &p)
            }
            Down::CheckWritable { paths, force } => write_frame(
                w,
                22,
                &json(&Check {
                    paths: paths.clone(),
                    force: *force,
                }),
            ),
            Down::AudioStart(f) => write_frame(w, 23, &json(f)),
            Down::Audio(b) => write_frame(w, 24, b),
            Down::AudioEnd => write_frame(w, 25, &[]),
            Down::Exit(code) => write_frame(w, 26, &code.to_be_bytes()),
            Down::WriteChunk(b) => write_frame(w, 27, b),
            Down::TuiPart(b) => write_frame(w, 28, b),
            Down::Tui(b) => write_frame(w, 29, b),
        }
    }

    pub fn read(r: &mut dyn Read) -> io::Result<Option<Down>> {
        let Some((tag, p)) = read_frame(r)? else {
            return Ok(None);
        };
        Ok(Some(match tag {
            16 => Down::Out(p),
            17 => Down::Err(p),
            18 => Down::NeedLine,
            19 => Down::AskSecret(text(&p)?),
            20 => Down::NeedFile(parse(&p)?),
            21 => {
                let (len, rest) = p
                    .split_first_chunk::<4>()
                    .ok_or_else(|| bad("a malformed file".into()))?;
                let len = u32::from_be_bytes(*len) as usize;
                if len > rest.len() {
                    return Err(bad("a malformed file".into()));
                }
                let (head, bytes) = rest.split_at(len);
                let h: WriteHeader = parse(head)?;
                Down::WriteFile {
                    path: h.path,
                    force: h.force,
                    bytes: bytes.to_vec(),
                }
            }
            22 => {
                let c: Check = parse(&p)?;
                Down::CheckWritable {
                    paths: c.paths,
                    force: c.force,
                }
            }
            23 => Down::AudioStart(parse(&p)?),
            24 => Down::Audio(p),
            25 => Down::AudioEnd,
            26 => Down::Exit(i32::from_be_bytes(
                p.try_into().map_err(|_| bad("a malformed exit".into()))?,
            )),
            27 => Down::WriteChunk(p),
            28 => Down::TuiPart(p),
            29 => Down::Tui(p),
            t => return Err(bad(format!("an unknown frame (tag {t})"))),
        }))
    }
}

/// Sends the client a file to write: in parts when larger than a frame (a subject's copy of a
/// long recording), then the `WriteFile` that says where. The client answers `Written`.
pub(super) fn send_file_to_write(
    writer: &std::sync::Mutex<std::os::unix::net::UnixStream>,
    path: &std::path::Path,
    bytes: &[u8],
    force: bool,
) -> std::io::Result<()> {
    let send = |f: &Down| -> std::io::Result<()> {
        let mut w = writer
            .lock()
            .map_err(|_| std::io::Error::other("the connection's writer failed"))?;
        f.write(&mut *w)
    };
    let piece = 1 << 20;
    let mut rest = bytes;
    while rest.len() > piece {
        let (head, tail) = rest.split_at(piece);
        send(&Down::WriteChunk(head.to_vec()))?;
        rest = tail;
    }
    send(&Down::WriteFile {
        path: path.to_path_buf(),
        force,
        bytes: rest.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_up(f: Up) {
        let mut b = Vec::new();
        f.write(&mut b).unwrap();
        assert_eq!(Up::read(&mut &b[..]).unwrap(), Some(f));
    }

    fn round_down(f: Down) {
        let mut b = Vec::new();
        f.write(&mut b).unwrap();
        assert_eq!(Down::read(&mut &b[..]).unwrap(), Some(f));
    }

    #[test]
    fn every_frame_reads_back_as_written() {
        round_up(Up::Hello(Hello {
            version: VERSION,
            argv: vec!["show".into(), "1".into()],
            lang: "nl".into(),
            stdin_tty: false,
            stderr_tty: true,
            accept: vec![Encoding::Opus, Encoding::Pcm16],
        }));
        round_up(Up::Line(Some("123456".into())));
        round_up(Up::Line(None));
        round_up(Up::Secret(Err("no terminal".into())));
        round_up(Up::FileChunk(vec![0, 1, 2]));
        round_up(Up::FileEnd(Ok(())));
        round_up(Up::FileEnd(Err("denied".into())));
        round_up(Up::Written(Err("exists".into())));
        round_up(Up::Interrupt(15));
        round_up(Up::Played(1234));
        round_up(Up::Tui(br#""Refresh""#.to_vec()));
        round_down(Down::Out(b"hello\n".to_vec()));
        round_down(Down::Err(vec![]));
        round_down(Down::NeedLine);
        round_down(Down::AskSecret("lead's PIN: ".into()));
        round_down(Down::NeedFile("a/b.ogg".into()));
        round_down(Down::WriteFile {
            path: "out/cert.md".into(),
            force: true,
            bytes: b"# Certificate".to_vec(),
        });
        round_down(Down::CheckWritable {
            paths: vec!["x".into(), "y".into()],
            force: false,
        });
        round_down(Down::AudioStart(AudioFormat {
            rate: 48000,
            channels: 2,
            encoding: Encoding::Pcm16,
            bitrate: None,
        }));
        round_down(Down::AudioStart(AudioFormat {
            rate: 16000,
            channels: 1,
            encoding: Encoding::Opus,
            bitrate: Some(32_000),
        }));
        round_down(Down::Audio(vec![1, 2, 3, 4]));
        round_down(Down::AudioEnd);
        round_down(Down::WriteChunk(vec![9; 10]));
        round_down(Down::TuiPart(b"{\"Done\":".to_vec()));
        round_down(Down::Tui(b"\"saved\"}".to_vec()));
        round_down(Down::Exit(3));
    }

    #[test]
    fn the_encoding_fields_travel_and_a_peer_from_before_them_means_pcm() {
        let mut b = Vec::new();
        Down::AudioStart(AudioFormat {
            rate: 48000,
            channels: 2,
            encoding: Encoding::Opus,
            bitrate: Some(64_000),
        })
        .write(&mut b)
        .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&b[5..]).unwrap();
        assert_eq!(json["encoding"], "opus");
        assert_eq!(json["bitrate"], 64_000);
        // What an older guardian sends, and an older client's hello.
        let old = br#"{"rate":44100,"channels":1}"#;
        let mut f = vec![23u8];
        f.extend_from_slice(&(old.len() as u32).to_be_bytes());
        f.extend_from_slice(old);
        assert_eq!(
            Down::read(&mut &f[..]).unwrap(),
            Some(Down::AudioStart(AudioFormat {
                rate: 44100,
                channels: 1,
                encoding: Encoding::Pcm16,
                bitrate: None,
            }))
        );
        let old =
            br#"{"version":1,"argv":["play","3"],"lang":"en","stdin_tty":true,"stderr_tty":true}"#;
        let h: Hello = serde_json::from_slice(old).unwrap();
        assert!(h.accept.is_empty());
        // An encoding this side does not know is refused, not guessed.
        let new = br#"{"rate":48000,"channels":1,"encoding":"flac"}"#;
        let mut f = vec![23u8];
        f.extend_from_slice(&(new.len() as u32).to_be_bytes());
        f.extend_from_slice(new);
        assert!(Down::read(&mut &f[..]).is_err());
    }

    #[test]
    fn an_oversized_or_unknown_or_cut_frame_is_refused() {
        let mut big = vec![16u8];
        big.extend_from_slice(&((MAX_FRAME as u32) + 1).to_be_bytes());
        assert!(Down::read(&mut &big[..]).is_err());
        assert!(Up::read(&mut &[99u8, 0, 0, 0, 0][..]).is_err());
        assert!(Up::read(&mut &[4u8, 0, 0, 0, 9, 1][..]).is_err());
        assert!(Up::read(&mut &[4u8, 0][..]).is_err());
        // A clean end between frames is not an error.
        assert_eq!(Up::read(&mut &[][..]).unwrap(), None);
        let mut b = Vec::new();
        assert!(write_frame(&mut b, 16, &vec![0u8; MAX_FRAME + 1]).is_err());
    }
}
