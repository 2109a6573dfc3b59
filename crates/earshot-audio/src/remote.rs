//! Playing a stream the guardian sends: 16-bit PCM arrives in pieces over a connection and is
//! played on this machine's own device (or, with `null`, in real time to nowhere).
//!
//! Only samples that came from the stream are counted as played; when the stream runs dry for
//! a moment the device gets silence, which is not counted.

use std::collections::VecDeque;
use std::num::NonZero;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::AudioError;
use super::player::{Backend, RodioBackend, SoftBackend};

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
        })
    }

    /// A new stream begins.
    pub fn start(&mut self, rate: u32, channels: u16) -> Result<(), AudioError> {
        self.backend.stop();
        self.q = Arc::default();
        self.rate = rate.max(1);
        self.channels = channels.max(1);
        self.backend.start(Box::new(Fed {
            q: Arc::clone(&self.q),
            rate: self.rate,
            channels: self.channels,
        }))
    }

    /// Queues little-endian 16-bit samples.
    pub fn push(&mut self, pcm: &[u8]) {
        if let Ok(mut s) = self.q.samples.lock() {
            s.extend(
                pcm.chunks_exact(2)
                    .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0),
            );
        }
    }

    /// No more samples will come.
    pub fn end(&mut self) {
        self.q.ended.store(true, Ordering::Release);
    }

    /// Milliseconds of the stream handed to the device so far.
    pub fn played_ms(&self) -> u64 {
        let frames = self.q.played.load(Ordering::Acquire) / u64::from(self.channels);
        frames * 1000 / u64::from(self.rate)
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
        p.start(1000, 1).unwrap();
        let mut pcm = Vec::new();
        to_pcm16(&vec![0.5f32; 200], &mut pcm);
        p.push(&pcm);
        p.end();
        let t0 = std::time::Instant::now();
        while !p.finished() {
            assert!(t0.elapsed() < Duration::from_secs(5), "never finished");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(p.played_ms(), 200);
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
