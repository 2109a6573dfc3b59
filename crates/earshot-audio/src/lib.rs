//! Audio: probing, decoding, the waveform overview and the player.
//!
//! Everything here reads from a generic `Read + Seek` source (the vault hands
//! over a decrypting reader over an encrypted blob); decoded audio lives only in
//! memory. The one thing written is a muted copy ([`mute`]), and only to the writer its
//! caller hands over (a subject's own export file); this crate opens no files to write.
//!
//! - [`probe()`]: what a recording is (container, codec, rate, channels) and
//!   how long it truly lasts. Durations are exact: encoder delay and padding
//!   are removed (Opus pre-skip, the LAME header of an mp3, the edit list of an
//!   M4A), and where a header cannot be trusted (mp3, ADTS AAC, a missing frame
//!   count) the packets are counted without decoding them.
//! - [`Decoder`]: interleaved `f32` samples from any frame, with a seek that
//!   lands on the requested frame exactly; it is a [`rodio::Source`].
//! - [`Capped`]: a source that hands out at most N frames, refuses seeks and
//!   counts what it handed out, for previews that must be accounted exactly.
//! - [`Waveform`]: a peak and RMS per 50 ms computed in one decode pass,
//!   serialisable, with coarser views and a text rendering.
//! - [`player`]: a playback actor on its own thread with a real device
//!   backend, a silent real-time backend and an instant backend for tests.
//! - [`mute`]: a copy with ranges made silent (a subject's copy, AVG art. 15(4)), written
//!   as WAV or as Ogg Opus (the module `ogg` writes the pages; the only audio earshot writes).
//! - [`remote`] and [`opus_stream`]: playing what a guardian streams (16-bit
//!   PCM, or Opus packets that play back exactly the frames sent).
//!
//! Formats: Ogg Opus (WhatsApp voice notes), Ogg Vorbis, M4A/MP4 AAC, ADTS
//! AAC, mp3, WAV and FLAC. AMR (old Android recorders) is recognised and
//! refused with advice on converting it.

mod backend;
mod capped;
mod decode;
mod mp4;
pub mod mute;
mod ogg;
pub mod opus_stream;
pub mod player;
mod probe;
pub mod remote;
mod soft;
mod source;
mod waveform;

pub use capped::Capped;
pub use decode::Decoder;
pub use player::{
    AudioPlayer, Backend, FinishReason, PlayerCommand, PlayerEvent, PlayerHandle, SinkKind,
    SoftBackend, SourceSpec, Tap,
};
pub use probe::{Probe, SymphoniaProber, probe};
pub use waveform::{DEFAULT_BUCKET_MS, OverviewFeed, Waveform, waveform};

pub use earshot_core::media::AudioRead;

/// What can go wrong with a recording or with playing it.
///
/// Every message is one sentence meant for the person in front of the screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    /// The bytes are not a recording in any format earshot knows.
    #[error("This file is not a recording earshot recognises ({detail}).")]
    NotAudio {
        /// What was found instead, in plain words.
        detail: String,
    },
    /// A recognised recording in a format earshot cannot play.
    #[error("This recording is {format}, which earshot cannot play yet; {advice}.")]
    Unsupported {
        /// The format, named so a person can look it up.
        format: String,
        /// What to do about it.
        advice: String,
    },
    /// A recording that is cut off or corrupt.
    #[error("This recording is damaged or incomplete ({detail}).")]
    Damaged {
        /// What is wrong with it.
        detail: String,
    },
    /// The bytes could not be read at all (for example the vault failed to decrypt them).
    #[error("The recording could not be read ({0}).")]
    Read(String),
    /// There is no sound card to play on.
    #[error(
        "No sound device is available on this machine (audio would play on the machine running earshot); use --sink null to play silently for a test or demonstration."
    )]
    NoDevice,
    /// The sound device failed while playing.
    #[error("The sound device stopped working ({0}).")]
    Device(String),
    /// A seek was asked for during a limited preview.
    #[error(
        "Moving around is not possible during a limited preview; it plays once from where it started."
    )]
    SeekRefused,
    /// A stream from the guardian could not be encoded or decoded.
    #[error("The sound stream failed ({0}).")]
    Stream(String),
    /// The player thread is gone.
    #[error("The audio player has stopped and cannot take more commands.")]
    PlayerGone,
}

impl AudioError {
    pub(crate) fn amr() -> AudioError {
        AudioError::Unsupported {
            format: "AMR audio (old Android recorders)".into(),
            advice: "convert it to Opus or M4A first, e.g. with ffmpeg -i in.amr out.m4a".into(),
        }
    }
}

/// Entry points for the fuzz targets in `fuzz/` and their regression tests: each runs one
/// private parser on arbitrary bytes and checks what must hold of its answer. Not an API.
#[doc(hidden)]
pub mod fuzzing {
    use std::io::Cursor;

    /// Runs the MP4 box parser over `data` as a whole file, the way probing an MP4 does.
    /// Returns whether the parser gave an answer (an I/O error, such as a cut-off box
    /// header, is an acceptable outcome); panics if the parser does, or if its answer is
    /// inconsistent.
    pub fn mp4(data: &[u8]) -> bool {
        let len = data.len() as u64;
        let _ = crate::mp4::looks_like_mp4(data);
        match crate::mp4::inspect(&mut Cursor::new(data), len) {
            Ok(info) => {
                if let Some(e) = info.edit {
                    assert!(e.media_timescale > 0 && e.movie_timescale > 0, "{e:?}");
                }
                true
            }
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests;
