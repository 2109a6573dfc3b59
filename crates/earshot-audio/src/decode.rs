//! A decoder that yields interleaved `f32` samples from any frame.
//!
//! Every decoded packet is placed on the timeline by its own timestamp and
//! trimmed there: encoder delay and padding are cut the same way for every
//! format, and a seek lands on the exact frame asked for (the demuxer is
//! moved a little before the target so the codec can settle, and the samples
//! before the target are dropped).

use std::sync::Arc;
use std::time::Duration;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{SeekMode, SeekTo};

use super::source::{self, Opened};
use super::{AudioError, AudioRead};

/// Give up on a stream after this many undecodable packets in a row.
const MAX_BAD_PACKETS: u32 = 64;

/// Decodes a recording to interleaved `f32` samples; a [`rodio::Source`].
pub struct Decoder {
    opened: Opened,
    codec: Box<dyn symphonia::core::codecs::Decoder>,
    scratch: Option<SampleBuffer<f32>>,
    /// Interleaved samples ready to hand out.
    buf: Vec<f32>,
    /// Next sample of `buf` to hand out.
    cursor: usize,
    /// Output frame of `buf[0]`.
    buf_frame: u64,
    /// Frames before this one are decoded (to settle the codec) but dropped.
    discard_before: u64,
    finished: bool,
    error: Option<AudioError>,
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder")
            .field("container", &self.opened.container)
            .field("codec", &self.opened.codec)
            .field("sample_rate", &self.opened.sample_rate)
            .field("channels", &self.opened.channels)
            .field("total_frames", &self.opened.total_frames)
            .field("current_frame", &self.current_frame())
            .finish()
    }
}

impl Decoder {
    /// Opens a recording for decoding from its first frame.
    pub fn open<R: AudioRead>(
        reader: R,
        byte_len: u64,
        hint: Option<&str>,
    ) -> Result<Decoder, AudioError> {
        let opened = source::open(reader, byte_len, hint)?;
        let codec = source::make_codec(&opened)?;
        Ok(Decoder {
            opened,
            codec,
            scratch: None,
            buf: Vec::new(),
            cursor: 0,
            buf_frame: 0,
            discard_before: 0,
            finished: false,
            error: None,
        })
    }

    /// Frames per second of the decoded audio.
    pub fn sample_rate(&self) -> u32 {
        self.opened.sample_rate
    }

    /// Number of interleaved channels.
    pub fn channels(&self) -> u16 {
        self.opened.channels
    }

    /// Exact number of frames in the recording.
    pub fn total_frames(&self) -> u64 {
        self.opened.total_frames
    }

    /// The container name, as in [`super::Probe::container`].
    pub fn container(&self) -> &'static str {
        self.opened.container
    }

    /// The codec name, as in [`super::Probe::codec`].
    pub fn codec(&self) -> &'static str {
        self.opened.codec
    }

    /// The frame the next sample belongs to.
    pub fn current_frame(&self) -> u64 {
        if self.cursor < self.buf.len() {
            self.buf_frame + (self.cursor / self.channels().max(1) as usize) as u64
        } else if self.buf.is_empty() {
            self.discard_before.max(self.buf_frame)
        } else {
            self.buf_frame + (self.buf.len() / self.channels().max(1) as usize) as u64
        }
    }

    /// Why decoding stopped early, if it did (a damaged stream, a read error).
    pub fn error(&self) -> Option<&AudioError> {
        self.error.as_ref()
    }

    /// Moves to `frame` so that the next sample is that frame's first.
    ///
    /// Returns the frame actually reached: `frame` itself, or the end of the
    /// recording when `frame` lies beyond it.
    pub fn seek_to_frame(&mut self, frame: u64) -> Result<u64, AudioError> {
        let total = self.total_frames();
        self.buf.clear();
        self.cursor = 0;
        self.error = None;
        if frame >= total {
            self.buf_frame = total;
            self.discard_before = total;
            self.finished = true;
            return Ok(total);
        }
        let from = frame.saturating_sub(self.opened.preroll_frames);
        let ts = self.opened.frame_to_ts(from);
        let track_id = self.opened.track_id;
        let seeked = self
            .opened
            .format
            .seek(SeekMode::Accurate, SeekTo::TimeStamp { ts, track_id });
        if let Err(e) = seeked {
            // A demuxer that cannot go back to a point may still reach the start.
            let retry = self.opened.format.seek(
                SeekMode::Accurate,
                SeekTo::TimeStamp {
                    ts: self.opened.frame_to_ts(0),
                    track_id,
                },
            );
            if retry.is_err() {
                self.finished = true;
                return Err(AudioError::Damaged {
                    detail: source::describe_sym_error(&e),
                });
            }
        }
        self.codec.reset();
        self.finished = false;
        self.buf_frame = frame;
        self.discard_before = frame;
        self.fill();
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        Ok(self.current_frame())
    }

    /// Hands out the next block of decoded samples (interleaved), or `None` at
    /// the end. Faster than sample-by-sample iteration for whole-file passes.
    pub fn next_block(&mut self) -> Option<&[f32]> {
        if self.cursor >= self.buf.len() && !self.fill() {
            return None;
        }
        let from = self.cursor;
        self.cursor = self.buf.len();
        Some(&self.buf[from..])
    }

    /// Decodes packets until some samples are ready; false at the end.
    fn fill(&mut self) -> bool {
        let mut bad_packets = 0u32;
        let total = self.total_frames() as i64;
        let channels = self.channels().max(1) as usize;
        while !self.finished {
            let packet = match self.opened.format.next_packet() {
                Ok(p) => p,
                Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    self.finished = true;
                    break;
                }
                Err(SymError::ResetRequired) => {
                    self.finished = true;
                    break;
                }
                Err(SymError::IoError(e)) => {
                    self.error = Some(AudioError::Read(e.to_string()));
                    self.finished = true;
                    break;
                }
                Err(e) => {
                    self.error = Some(AudioError::Damaged {
                        detail: source::describe_sym_error(&e),
                    });
                    self.finished = true;
                    break;
                }
            };
            if packet.track_id() != self.opened.track_id {
                continue;
            }
            let first = self.opened.ts_to_frame(packet.ts);
            if first >= total {
                self.finished = true;
                break;
            }
            let decoded = match self.codec.decode(&packet) {
                Ok(d) => d,
                Err(SymError::DecodeError(_)) | Err(SymError::IoError(_)) => {
                    bad_packets += 1;
                    if bad_packets > MAX_BAD_PACKETS {
                        self.error = Some(AudioError::Damaged {
                            detail: "too much of the sound data is corrupt".into(),
                        });
                        self.finished = true;
                    }
                    continue;
                }
                Err(SymError::ResetRequired) => {
                    match source::make_codec(&self.opened) {
                        Ok(c) => self.codec = c,
                        Err(e) => {
                            self.error = Some(e);
                            self.finished = true;
                        }
                    }
                    continue;
                }
                Err(e) => {
                    self.error = Some(AudioError::Damaged {
                        detail: source::describe_sym_error(&e),
                    });
                    self.finished = true;
                    break;
                }
            };
            bad_packets = 0;
            let n = decoded.frames() as i64;
            if n == 0 {
                continue;
            }
            let keep_from = first.max(self.discard_before as i64).max(0);
            let keep_to = (first + n).min(total);
            if keep_to <= keep_from {
                continue;
            }
            let spec = *decoded.spec();
            let src_channels = spec.channels.count().max(1);
            let needed = decoded.capacity() as u64;
            if self
                .scratch
                .as_ref()
                .is_none_or(|s| (s.capacity() as u64) < needed * src_channels as u64)
            {
                self.scratch = Some(SampleBuffer::new(needed, spec));
            }
            let Some(scratch) = self.scratch.as_mut() else {
                continue;
            };
            scratch.copy_interleaved_ref(decoded);
            let samples = scratch.samples();
            let from = (keep_from - first) as usize;
            let to = (keep_to - first) as usize;
            self.buf.clear();
            self.cursor = 0;
            if src_channels == channels {
                let end = (to * channels).min(samples.len());
                self.buf
                    .extend_from_slice(&samples[(from * channels).min(end)..end]);
            } else {
                // The stream changed its channel count midway: map onto ours.
                for f in from..to {
                    for c in 0..channels {
                        let sc = c.min(src_channels - 1);
                        self.buf
                            .push(samples.get(f * src_channels + sc).copied().unwrap_or(0.0));
                    }
                }
            }
            self.buf_frame = keep_from as u64;
            if !self.buf.is_empty() {
                return true;
            }
        }
        false
    }
}

impl Iterator for Decoder {
    type Item = rodio::Sample;

    #[inline]
    fn next(&mut self) -> Option<rodio::Sample> {
        if self.cursor >= self.buf.len() && !self.fill() {
            return None;
        }
        let s = self.buf[self.cursor];
        self.cursor += 1;
        Some(s)
    }
}

impl rodio::Source for Decoder {
    fn current_span_len(&self) -> Option<usize> {
        // Rate and channel count never change within a recording.
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        rodio::ChannelCount::new(self.opened.channels).unwrap_or(rodio::ChannelCount::MIN)
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        rodio::SampleRate::new(self.opened.sample_rate).unwrap_or(rodio::SampleRate::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        let rate = self.opened.sample_rate.max(1) as u128;
        let nanos = self.opened.total_frames as u128 * 1_000_000_000 / rate;
        Some(Duration::from_nanos(nanos.min(u64::MAX as u128) as u64))
    }

    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        let frame = duration_to_frame(pos, self.opened.sample_rate);
        self.seek_to_frame(frame)
            .map(|_| ())
            .map_err(|e| rodio::source::SeekError::Other(Arc::new(e)))
    }
}

/// The frame at `pos`, rounded to the nearest (so frame → duration → frame is exact).
pub(crate) fn duration_to_frame(pos: Duration, rate: u32) -> u64 {
    ((pos.as_nanos() * rate as u128 + 500_000_000) / 1_000_000_000).min(u64::MAX as u128) as u64
}

/// The time of frame `frame`, to the nanosecond.
pub(crate) fn frame_to_duration(frame: u64, rate: u32) -> Duration {
    let nanos = frame as u128 * 1_000_000_000 / rate.max(1) as u128;
    Duration::from_nanos(nanos.min(u64::MAX as u128) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_duration_round_trip() {
        for rate in [8000, 16000, 22050, 44100, 48000] {
            for frame in [0u64, 1, 441, 12345, 160_000_007] {
                let d = frame_to_duration(frame, rate);
                assert_eq!(
                    duration_to_frame(d, rate),
                    frame,
                    "rate {rate} frame {frame}"
                );
            }
        }
    }
}
