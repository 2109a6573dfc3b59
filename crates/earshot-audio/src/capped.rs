//! A source that hands out at most N frames and counts what it handed out.
//!
//! Previews are limited listening windows: the cap must hold to the sample
//! (rodio's `take_duration` overshoots and lets seeks through), and the caller
//! must learn exactly how much was played to refund the rest.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rodio::Source;
use rodio::source::SeekError;

use super::AudioError;

/// Yields at most `max_frames` frames of `inner`, refuses seeks, and publishes
/// the number of whole frames handed out through a shared counter.
#[derive(Debug)]
pub struct Capped<S> {
    inner: S,
    channels: u64,
    max_frames: u64,
    cap_samples: u64,
    samples_out: u64,
    frames_out: Arc<AtomicU64>,
}

impl<S: Source> Capped<S> {
    /// Caps `inner` at `max_frames` frames from where it stands now.
    pub fn new(inner: S, max_frames: u64) -> Capped<S> {
        let channels = inner.channels().get() as u64;
        Capped {
            inner,
            channels,
            max_frames,
            cap_samples: max_frames.saturating_mul(channels),
            samples_out: 0,
            frames_out: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The shared count of whole frames handed out so far.
    pub fn counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.frames_out)
    }

    /// Whole frames handed out so far.
    pub fn frames_out(&self) -> u64 {
        self.samples_out / self.channels.max(1)
    }

    /// The cap, in frames.
    pub fn max_frames(&self) -> u64 {
        self.max_frames
    }

    /// True once the cap has been reached (as opposed to the source running out).
    pub fn reached_cap(&self) -> bool {
        self.samples_out >= self.cap_samples
    }

    /// The wrapped source.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// The wrapped source, unwrapped.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: Source> Iterator for Capped<S> {
    type Item = rodio::Sample;

    #[inline]
    fn next(&mut self) -> Option<rodio::Sample> {
        if self.samples_out >= self.cap_samples {
            return None;
        }
        let s = self.inner.next()?;
        self.samples_out += 1;
        if self.samples_out.is_multiple_of(self.channels.max(1)) {
            self.frames_out
                .store(self.samples_out / self.channels.max(1), Ordering::Release);
        }
        Some(s)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.cap_samples - self.samples_out).min(usize::MAX as u64) as usize;
        let (lo, hi) = self.inner.size_hint();
        (lo.min(left), Some(hi.map_or(left, |h| h.min(left))))
    }
}

impl<S: Source> Source for Capped<S> {
    fn current_span_len(&self) -> Option<usize> {
        let left = (self.cap_samples - self.samples_out).min(usize::MAX as u64) as usize;
        self.inner
            .current_span_len()
            .filter(|&n| n < left)
            .or(Some(left))
    }

    fn channels(&self) -> rodio::ChannelCount {
        self.inner.channels()
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        self.inner.sample_rate()
    }

    fn total_duration(&self) -> Option<Duration> {
        let rate = self.inner.sample_rate().get() as u128;
        let nanos = self.max_frames as u128 * 1_000_000_000 / rate;
        let cap = Duration::from_nanos(nanos.min(u64::MAX as u128) as u64);
        Some(self.inner.total_duration().map_or(cap, |d| d.min(cap)))
    }

    fn try_seek(&mut self, _pos: Duration) -> Result<(), SeekError> {
        Err(SeekError::Other(Arc::new(AudioError::SeekRefused)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rodio::source::SineWave;

    #[test]
    fn stops_exactly_at_the_cap_and_refuses_seeks() {
        let src = SineWave::new(440.0);
        let mut capped = Capped::new(src, 1234);
        let counter = capped.counter();
        let mut n = 0;
        while capped.next().is_some() {
            n += 1;
            if n == 100 {
                assert!(capped.try_seek(Duration::from_secs(0)).is_err());
            }
        }
        assert_eq!(n, 1234);
        assert_eq!(counter.load(Ordering::Acquire), 1234);
        assert!(capped.reached_cap());
        assert!(capped.next().is_none());
        assert_eq!(capped.current_span_len(), Some(0));
    }
}
