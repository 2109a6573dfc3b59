//! What a recording is and how long it truly lasts.

use serde::{Deserialize, Serialize};

use super::source;
use super::{AudioError, AudioRead};

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

/// Identifies a recording and measures its true duration without decoding it.
///
/// `byte_len` is the length of the data behind `reader`; `hint` is an optional
/// file extension (`"opus"`, `".m4a"`) that helps when the content is ambiguous.
pub fn probe<R: AudioRead>(
    reader: R,
    byte_len: u64,
    hint: Option<&str>,
) -> Result<Probe, AudioError> {
    let opened = source::open(reader, byte_len, hint)?;
    // A recording whose codec cannot be set up is not playable: say so now.
    source::make_codec(&opened)?;
    Ok(Probe {
        container: opened.container.to_string(),
        codec: opened.codec.to_string(),
        sample_rate: opened.sample_rate,
        channels: opened.channels,
        frames: opened.total_frames,
        duration_ms: opened.duration_ms(),
    })
}
