//! What a recording is and how long it truly lasts.

pub use earshot_core::media::Probe;

use super::source;
use super::{AudioError, AudioRead};

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

/// The audio crate's answer to the store's [`earshot_core::media::Prober`] seam.
#[derive(Debug, Clone, Copy, Default)]
pub struct SymphoniaProber;

impl earshot_core::media::Prober for SymphoniaProber {
    fn probe(
        &self,
        reader: Box<dyn AudioRead>,
        byte_len: u64,
        hint: Option<&str>,
    ) -> Result<Probe, String> {
        probe(reader, byte_len, hint).map_err(|e| e.to_string())
    }
}
