//! Playing a stream the guardian sends: 16-bit PCM, or Opus packets
//! ([`opus_stream`](crate::opus_stream)), arrive in pieces over a connection and are played on
//! this machine's own device (or, with `null`, in real time to nowhere).
//!
//! Only samples that came from the stream are counted as played; when the stream runs dry for
//! a moment the device gets silence, which is not counted.

use std::collections::VecDeque;
use std::num::NonZero;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::AudioError;
use super::opus_stream;
use super::player::{Backend, RodioBackend, SoftBackend};

/// How a stream's samples travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// 16-bit signed little-endian PCM, interleaved: lossless, no work, 1.5 Mbit/s for 48 kHz
    /// stereo.
    #[default]
    Pcm16,
    /// Opus packets with a header each ([`opus_stream`]): 32 kbit/s a channel.
    Opus,
}

impl Encoding {
    /// `pcm` or `opus` (as `EARSHOT_STREAM` takes them).
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pcm" | "pcm16" => Some(Encoding::Pcm16),
            "opus" => Some(Encoding::Opus),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Queue {
    samples: Mutex<VecDeque<f32>>,
    ended: AtomicBool,
    /// Samples of the stream handed to the device.
    played: AtomicU64,
}

/// A source fed from the connection.
struct Fed {
    q: Arc<Queue>,
    rate: u32,
    channels: u16,
}

impl Iterator for Fed {
    type Item = f32;
    fn next(&mut self) -> Option<f32> {
        let popped = self.q.samples.lock().ok().and_then(|mut s| s.pop_front());
        match popped {
            Some(x) => {
                self.q.played.fetch_add(1, Ordering::AcqRel);
                Some(x)
            }
            None if self.q.ended.load(Ordering::Acquire) => None,
            // Waiting for the next piece: silence, not counted.
            None => Some(0.0),
        }
    }
}

impl rodio::Source for Fed {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(self.channels).unwrap_or(NonZero::<u16>::MIN)
    }
    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(self.rate).unwrap_or(NonZero::<u32>::MIN)
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// Plays what a guardian streams.
pub struct StreamPlayer {
    backend: Box<dyn Backend>,
    q: Arc<Queue>,
    rate: u32,
    channels: u16,
    /// For an Opus stream.
    decoder: Option<opus_stream::Decoder>,
    decoded: Vec<f32>,
}

impl StreamPlayer {
    /// Opens the default sound device, or with `null` a real-time sink that plays to nowhere.
    pub fn open(null: bool) -> Result<StreamPlayer, AudioError> {
        let backend: Box<dyn Backend> = if null {
            Box::new(SoftBackend::new(Some(1.0)))
        } else {
            Box::new(RodioBackend::open()?)
        };
        Ok(StreamPlayer {
            backend,
            q: Arc::default(),
            rate: 1,
            channels: 1,
            decoder: None,
            decoded: Vec::new(),
        })
    }

    /// A new stream of `channels` at `rate` frames a second begins, in `encoding`.
    pub fn start(
        &mut self,
        rate: u32,
        channels: u16,
        encoding: Encoding,
    ) -> Result<(), AudioError> {
        self.backend.stop();
        self.q = Arc::default();
        self.rate = rate.max(1);
        self.channels = channels.max(1);
        self.decoder = match encoding {
            Encoding::Pcm16 => None,
            Encoding::Opus => Some(opus_stream::Decoder::new(rate, channels)?),
        };
        self.backend.start(Box::new(Fed {
            q: Arc::clone(&self.q),
            rate: self.rate,
            channels: self.channels,
        }))
    }

    /// Queues one piece of the stream: little-endian 16-bit samples, or one Opus packet.
    pub fn push(&mut self, piece: &[u8]) -> Result<(), AudioError> {
        if let Some(d) = self.decoder.as_mut() {
            self.decoded.clear();
            d.decode(piece, &mut self.decoded)?;
            if let Ok(mut s) = self.q.samples.lock() {
                s.extend(self.decoded.iter().copied());
            }
            return Ok(());
        }
        if let Ok(mut s) = self.q.samples.lock() {
            s.extend(
                piece
                    .chunks_exact(2)
                    .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0),
            );
        }
        Ok(())
    }

    /// No more samples will come.
    pub fn end(&mut self) {
        self.q.ended.store(true, Ordering::Release);
    }

    /// Milliseconds of the stream handed to the device so far.
    pub fn played_ms(&self) -> u64 {
        self.played_frames() * 1000 / u64::from(self.rate)
    }

    /// Frames of the stream (at its rate) handed to the device so far.
    pub fn played_frames(&self) -> u64 {
        self.q.played.load(Ordering::Acquire) / u64::from(self.channels)
    }

    /// Whether the stream ended and everything was played.
    pub fn finished(&mut self) -> bool {
        self.q.ended.load(Ordering::Acquire) && self.backend.is_done()
    }

    /// Stops at once.
    pub fn stop(&mut self) {
        self.q.ended.store(true, Ordering::Release);
        self.backend.stop();
    }
}

/// Converts samples in `[-1, 1]` to little-endian 16-bit PCM.
pub fn to_pcm16(samples: &[f32], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(samples.len() * 2);
    for s in samples {
        let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        out.extend_from_slice(&v.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_streamed_is_played_and_counted_and_silence_is_not() {
        let mut p = StreamPlayer::open(true).unwrap();
        p.start(1000, 1, Encoding::Pcm16).unwrap();
        let mut pcm = Vec::new();
        to_pcm16(&vec![0.5f32; 200], &mut pcm);
        p.push(&pcm).unwrap();
        p.end();
        wait_finished(&mut p);
        assert_eq!(p.played_ms(), 200);
    }

    fn wait_finished(p: &mut StreamPlayer) {
        let t0 = std::time::Instant::now();
        while !p.finished() {
            assert!(t0.elapsed() < Duration::from_secs(5), "never finished");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn an_opus_stream_plays_exactly_the_frames_that_were_sent() {
        // 44.1 kHz stereo travels at 48 kHz: 4410 frames become exactly 4800.
        let mut enc = opus_stream::Encoder::new(44_100, 2, 64_000).unwrap();
        let tone: Vec<f32> = (0..4410 * 2)
            .map(|i| (i as f32 / 2.0 * 0.06).sin() * 0.4)
            .collect();
        let mut pieces = Vec::new();
        for chunk in tone.chunks(441 * 2) {
            pieces.extend(enc.push(chunk).unwrap());
        }
        pieces.extend(enc.finish().unwrap());
        assert_eq!(enc.frames(), 4800);
        let mut p = StreamPlayer::open(true).unwrap();
        p.start(enc.rate(), 2, Encoding::Opus).unwrap();
        for piece in &pieces {
            p.push(piece).unwrap();
        }
        p.end();
        wait_finished(&mut p);
        assert_eq!(p.played_frames(), 4800);
        assert_eq!(p.played_ms(), 100);
        // A piece that is not Opus is refused, not played.
        let mut p = StreamPlayer::open(true).unwrap();
        p.start(48_000, 1, Encoding::Opus).unwrap();
        assert!(p.push(&[0, 0]).is_err());
        assert!(p.push(&[0, 9, 0, 0, 0xff]).is_err());
    }

    #[test]
    fn encodings_are_named_as_the_environment_names_them() {
        assert_eq!(Encoding::parse("opus"), Some(Encoding::Opus));
        assert_eq!(Encoding::parse(" PCM "), Some(Encoding::Pcm16));
        assert_eq!(Encoding::parse("mp3"), None);
        assert_eq!(serde_json::to_string(&Encoding::Opus).unwrap(), "\"opus\"");
        assert_eq!(
            serde_json::to_string(&Encoding::Pcm16).unwrap(),
            "\"pcm16\""
        );
    }

    #[test]
    fn samples_round_trip_through_pcm16() {
        let mut pcm = Vec::new();
        to_pcm16(&[0.0, 1.0, -1.0, 2.0], &mut pcm);
        let back: Vec<i16> = pcm
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        assert_eq!(back, vec![0, 32767, -32767, 32767]);
    }
}
