//! A copy of a recording in which some ranges are silent: for a subject's copy (AVG art. 15),
//! where the voices of children or third parties are weighed and left out.
//!
//! The recording is decoded in memory ([`Decoder`]), the frames inside the ranges are set to
//! zero, and the result is encoded once more:
//! - a WAV original (PCM) stays WAV: 16-bit PCM at its own rate and channels. A 16-bit
//!   original comes out sample for sample the same outside the ranges;
//! - anything else (Ogg Opus, AAC, mp3, FLAC, Vorbis) becomes Ogg Opus (RFC 7845), mono or
//!   stereo, at 64 kbit/s a channel, with the pre-skip and the end trimmed so that it lasts
//!   exactly as long as the original (to the 48 kHz sample, after resampling a rate that Opus
//!   does not take).
//!
//! Inside a range every sample is zero before encoding. Opus smears a little across an edge
//! (a frame is 20 ms, its overlap 2.5 ms), never more than one frame; further inside, the
//! decoded copy is digital silence, every sample zero at 16 bits (see
//! [`Encoder::exact_silence`](super::opus_stream::Encoder::exact_silence)). In a WAV copy
//! the ranges are zero to the sample.

use std::io::Write;

use super::decode::Decoder;
use super::ogg::{OggWriter, opus_head, opus_tags};
use super::opus_stream::{self, Encoder};
use super::{AudioError, AudioRead};

/// The Opus bitrate of a muted copy, per channel: higher than the remote desk's stream, as
/// this copy is kept.
pub const COPY_BITRATE_PER_CHANNEL: u32 = 64_000;

/// The serial number of the copy's Ogg stream (any number will do; a fixed one keeps the
/// output the same for the same input).
const SERIAL: u32 = 0x6561_7273;

/// What a muted copy is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyFormat {
    /// WAV, 16-bit PCM, the original's rate and channels.
    Wav,
    /// Ogg Opus.
    OggOpus,
}

impl CopyFormat {
    /// The format a muted copy of a recording in `container` takes.
    pub fn for_container(container: &str) -> CopyFormat {
        if container.eq_ignore_ascii_case("wav") {
            CopyFormat::Wav
        } else {
            CopyFormat::OggOpus
        }
    }

    /// The file name extension.
    pub fn ext(&self) -> &'static str {
        match self {
            CopyFormat::Wav => "wav",
            CopyFormat::OggOpus => "opus",
        }
    }

    /// How the format is named in documents.
    pub fn name(&self) -> &'static str {
        match self {
            CopyFormat::Wav => "WAV (PCM)",
            CopyFormat::OggOpus => "Ogg Opus",
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MutedCopy {
    pub format: CopyFormat,
    /// Frames of the original (at its rate), all of them in the copy.
    pub frames: u64,
    pub sample_rate: u32,
    pub channels: u16,
    /// The frames made silent, merged, `[from, to)` at the original's rate.
    pub muted_frames: Vec<(u64, u64)>,
    /// Bytes written.
    pub bytes: u64,
}

/// The ranges `[from, to)` in milliseconds as frames at `rate`, from rounded down and to
/// rounded up (so that nothing of a range is left audible), within `total`, merged.
pub fn ranges_to_frames(ranges_ms: &[(u64, u64)], rate: u32, total: u64) -> Vec<(u64, u64)> {
    let r = u128::from(rate);
    let frames = ranges_ms
        .iter()
        .map(|&(a, b)| {
            let from = (u128::from(a) * r / 1000).min(u128::from(total)) as u64;
            let to = (u128::from(b) * r).div_ceil(1000).min(u128::from(total)) as u64;
            (from, to)
        })
        .collect();
    earshot_core::time::merge_ranges(frames)
}

/// Sets the frames inside `ranges` to zero in `block` (interleaved, `channels` channels), whose
/// first frame is `start`.
fn silence(block: &mut [f32], channels: usize, start: u64, ranges: &[(u64, u64)]) {
    let n = (block.len() / channels.max(1)) as u64;
    let end = start + n;
    for &(a, b) in ranges {
        let (from, to) = (a.max(start), b.min(end));
        if from < to {
            let (i, j) = ((from - start) as usize, (to - start) as usize);
            block[i * channels..j * channels].fill(0.0);
        }
    }
}

/// Decodes the recording from `reader` and writes it to `out` with `ranges_ms` silent, in the
/// format [`CopyFormat::for_container`] picks for it. The output is written as it is made;
/// on an error it is incomplete and the caller removes it.
pub fn write_muted_copy<R: AudioRead, W: Write>(
    reader: R,
    byte_len: u64,
    hint: Option<&str>,
    ranges_ms: &[(u64, u64)],
    out: W,
) -> Result<MutedCopy, AudioError> {
    let mut dec = Decoder::open(reader, byte_len, hint)?;
    let format = CopyFormat::for_container(dec.container());
    let (rate, channels, total) = (dec.sample_rate(), dec.channels(), dec.total_frames());
    let muted = ranges_to_frames(ranges_ms, rate, total);
    let mut sink: Box<dyn Sink<W>> = match format {
        CopyFormat::Wav => Box::new(WavSink::new(out, rate, channels, total)?),
        CopyFormat::OggOpus => Box::new(OpusSink::new(out, rate, channels)?),
    };
    let ch = usize::from(channels.max(1));
    let mut at = 0u64;
    let mut block = Vec::new();
    while let Some(b) = dec.next_block() {
        block.clear();
        block.extend_from_slice(b);
        silence(&mut block, ch, at, &muted);
        at += (block.len() / ch) as u64;
        sink.push(&block)?;
    }
    if let Some(e) = dec.error() {
        return Err(e.clone());
    }
    if at != total {
        return Err(AudioError::Damaged {
            detail: format!("{at} of its {total} frames could be decoded"),
        });
    }
    let bytes = sink.finish()?;
    Ok(MutedCopy {
        format,
        frames: total,
        sample_rate: rate,
        channels,
        muted_frames: muted,
        bytes,
    })
}

fn write_failed(e: std::io::Error) -> AudioError {
    AudioError::Read(format!("the copy could not be written: {e}"))
}

/// Where decoded samples go.
trait Sink<W> {
    fn push(&mut self, samples: &[f32]) -> Result<(), AudioError>;
    /// The bytes written in all.
    fn finish(self: Box<Self>) -> Result<u64, AudioError>;
}

/// 16-bit PCM in a WAV file whose length is known before the first sample.
struct WavSink<W: Write> {
    out: W,
    written: u64,
    buf: Vec<u8>,
}

impl<W: Write> WavSink<W> {
    fn new(mut out: W, rate: u32, channels: u16, frames: u64) -> Result<WavSink<W>, AudioError> {
        let block = u32::from(channels) * 2;
        let data = u32::try_from(frames * u64::from(block))
            .ok()
            .filter(|d| *d <= u32::MAX - 36)
            .ok_or_else(|| AudioError::Unsupported {
                format: "a WAV copy longer than 4 GB".into(),
                advice: "convert the recording to a compressed format first".into(),
            })?;
        let mut h = Vec::with_capacity(44);
        h.extend_from_slice(b"RIFF");
        h.extend_from_slice(&(36 + data).to_le_bytes());
        h.extend_from_slice(b"WAVEfmt ");
        h.extend_from_slice(&16u32.to_le_bytes());
        h.extend_from_slice(&1u16.to_le_bytes());
        h.extend_from_slice(&channels.to_le_bytes());
        h.extend_from_slice(&rate.to_le_bytes());
        h.extend_from_slice(&(rate * block).to_le_bytes());
        h.extend_from_slice(&(block as u16).to_le_bytes());
        h.extend_from_slice(&16u16.to_le_bytes());
        h.extend_from_slice(b"data");
        h.extend_from_slice(&data.to_le_bytes());
        out.write_all(&h).map_err(write_failed)?;
        Ok(WavSink {
            out,
            written: h.len() as u64,
            buf: Vec::new(),
        })
    }
}

impl<W: Write> Sink<W> for WavSink<W> {
    fn push(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        self.buf.clear();
        for s in samples {
            // The inverse of how 16-bit samples are decoded (s / 32768), so they come back as
            // they were.
            let v = (s * 32768.0).round().clamp(-32768.0, 32767.0) as i16;
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        self.out.write_all(&self.buf).map_err(write_failed)?;
        self.written += self.buf.len() as u64;
        // The buffer held the copy's samples: it is cleared before it is dropped.
        self.buf.fill(0);
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64, AudioError> {
        self.out.flush().map_err(write_failed)?;
        Ok(self.written)
    }
}

/// Opus packets in an Ogg stream.
struct OpusSink<W: Write> {
    enc: Encoder,
    ogg: OggWriter<W>,
    /// 48 kHz samples per frame of the encoder's rate.
    scale: u64,
    pre_skip: u64,
    /// Packets written.
    packets: u64,
    /// 48 kHz samples in a packet.
    per_packet: u64,
}

impl<W: Write> OpusSink<W> {
    fn new(out: W, rate: u32, channels: u16) -> Result<OpusSink<W>, AudioError> {
        if !opus_stream::supports(channels) {
            return Err(AudioError::Unsupported {
                format: format!("audio with {channels} channels"),
                advice: "a copy with silent parts can be made of mono or stereo recordings only"
                    .into(),
            });
        }
        let mut enc = Encoder::new(
            rate,
            channels,
            COPY_BITRATE_PER_CHANNEL * u32::from(channels),
        )?;
        enc.exact_silence();
        let scale = u64::from(48_000 / enc.rate());
        let pre_skip = enc.delay() * scale;
        let mut ogg = OggWriter::new(out, SERIAL);
        let head = opus_head(
            channels as u8,
            u16::try_from(pre_skip)
                .map_err(|_| AudioError::Stream("the Opus encoder's delay is too long".into()))?,
            rate,
        );
        ogg.header(&head).map_err(write_failed)?;
        ogg.header(&opus_tags("earshot", &[]))
            .map_err(write_failed)?;
        Ok(OpusSink {
            scale,
            pre_skip,
            packets: 0,
            per_packet: u64::from(opus_stream::FRAME_MS) * 48,
            enc,
            ogg,
        })
    }

    fn write(&mut self, pieces: Vec<Vec<u8>>, last: bool) -> Result<(), AudioError> {
        let n = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            self.packets += 1;
            let mut granule = self.packets * self.per_packet;
            if last && i + 1 == n {
                // The last packet is padded; its granule position says where the sound ends.
                granule = granule.min(self.pre_skip + self.enc.frames() * self.scale);
            }
            // The stream's pieces start with a 4-byte header (see `opus_stream`); Ogg's
            // granule positions say the same, so the bare packet goes in.
            let packet = piece.get(4..).ok_or_else(|| {
                AudioError::Stream("the Opus encoder gave a piece without its header".into())
            })?;
            self.ogg.packet(packet, granule).map_err(write_failed)?;
        }
        Ok(())
    }
}

impl<W: Write> Sink<W> for OpusSink<W> {
    fn push(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        let pieces = self.enc.push(samples)?;
        self.write(pieces, false)
    }

    fn finish(mut self: Box<Self>) -> Result<u64, AudioError> {
        let pieces = self.enc.finish()?;
        self.write(pieces, true)?;
        let (_, written) = self.ogg.finish().map_err(write_failed)?;
        Ok(written)
    }
}

#[cfg(test)]
mod tests;
