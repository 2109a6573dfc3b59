//! What the rest of earshot needs to know about a recording, without decoding it.
//!
//! The decoder lives in `earshot-audio`; the store, which must not link a decoder, asks for
//! these facts through [`Prober`], which the binary hands it.

use serde::{Deserialize, Serialize};

/// The facts about a recording that earshot shows and relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// `"ogg"`, `"mp4"`, `"adts"`, `"mp3"`, `"wav"` or `"flac"`.
    pub container: String,
    /// `"opus"`, `"aac"`, `"mp3"`, `"pcm"`, `"flac"`, `"vorbis"` (or `"adpcm"`).
    pub codec: String,
    /// Frames per second of the decoded audio (Opus always decodes at 48 kHz).
    pub sample_rate: u32,
    /// Number of channels.
    pub channels: u16,
    /// Exact number of frames that play (encoder delay and padding removed).
    pub frames: u64,
    /// `frames` in milliseconds, rounded to the nearest.
    pub duration_ms: u64,
}

/// Something that can hand earshot the bytes of a recording: a plain file in
/// tests, a decrypting reader over the vault in the application.
pub trait AudioRead: std::io::Read + std::io::Seek + Send + Sync + 'static {}
impl<T: std::io::Read + std::io::Seek + Send + Sync + 'static> AudioRead for T {}

/// Identifies a recording and measures its duration; implemented by the audio crate.
pub trait Prober: Send + Sync {
    /// `byte_len` is the length of the data behind `reader`; `hint` an optional file
    /// extension. The error is one sentence for the person importing the file.
    fn probe(
        &self,
        reader: Box<dyn AudioRead>,
        byte_len: u64,
        hint: Option<&str>,
    ) -> Result<Probe, String>;
}
