//! Outputs without a sound card: a null sink paced in real time (or not at all), and the
//! streaming form the guardian uses to send what it plays to a client.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::AudioError;
use crate::backend::{Backend, BoxedSource};

/// Consumes samples on its own thread, in real time (`speed` 1.0) or as fast
/// as possible (`None`), and sends them nowhere.
pub struct SoftBackend {
    shared: Arc<(Mutex<SoftState>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

/// Where a streaming [`SoftBackend`] sends what it plays: the guardian's link to a client,
/// which plays it on its own device. Called on the backend's thread.
pub trait Tap: Send {
    /// A new stream of `channels` interleaved channels at `rate` frames per second.
    fn start(&mut self, rate: u32, channels: u16) -> bool;
    /// Samples handed out (in `[-1, 1]`); false when the other end is gone.
    fn samples(&mut self, samples: &[f32]) -> bool;
    /// The stream ran out.
    fn end(&mut self);
    /// Whether the other end has played what it was sent.
    fn drained(&mut self) -> bool;
}

/// How far ahead of real time a streaming backend sends, so the far end never starves.
pub const STREAM_LEAD: Duration = Duration::from_millis(300);

#[derive(Default)]
struct SoftState {
    source: Option<BoxedSource>,
    paused: bool,
    exhausted: bool,
    quit: bool,
    /// Bumped whenever the pacing clock must restart.
    epoch: u64,
    tap: Option<Box<dyn Tap>>,
    /// The tap's far end went away: nothing more is handed out.
    broken: bool,
    /// A source was just started: the tap hears of it first.
    fresh: bool,
}

impl SoftBackend {
    /// A backend that plays `speed` times faster than real time, or unpaced.
    pub fn new(speed: Option<f64>) -> SoftBackend {
        let shared: Arc<(Mutex<SoftState>, Condvar)> = Arc::default();
        let worker = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("earshot-null-sink".into())
            .spawn(move || soft_loop(&worker, speed))
            .ok();
        SoftBackend { shared, thread }
    }

    /// A backend paced in real time (and [`STREAM_LEAD`] ahead) that hands every sample to
    /// `tap`: what it counts as played is what was sent.
    pub fn streaming(tap: Box<dyn Tap>) -> SoftBackend {
        let shared: Arc<(Mutex<SoftState>, Condvar)> = Arc::new((
            Mutex::new(SoftState {
                tap: Some(tap),
                ..SoftState::default()
            }),
            Condvar::new(),
        ));
        let worker = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("earshot-stream".into())
            .spawn(move || soft_loop(&worker, Some(1.0)))
            .ok();
        SoftBackend { shared, thread }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut SoftState) -> T) -> Option<T> {
        let (lock, cv) = &*self.shared;
        let mut state = lock.lock().ok()?;
        let out = f(&mut state);
        cv.notify_all();
        Some(out)
    }
}

fn soft_loop(shared: &(Mutex<SoftState>, Condvar), speed: Option<f64>) {
    let (lock, cv) = shared;
    let mut epoch = u64::MAX;
    let mut anchor = Instant::now();
    let mut consumed = 0u64;
    let mut buf: Vec<f32> = Vec::new();
    loop {
        let Ok(mut guard) = lock.lock() else {
            return;
        };
        while !guard.quit && (guard.source.is_none() || guard.paused || guard.exhausted) {
            guard = match cv.wait(guard) {
                Ok(s) => s,
                Err(_) => return,
            };
        }
        if guard.quit {
            return;
        }
        if guard.epoch != epoch {
            epoch = guard.epoch;
            anchor = Instant::now();
            consumed = 0;
        }
        let state = &mut *guard;
        let Some(src) = state.source.as_mut() else {
            continue;
        };
        let rate = src.sample_rate().get() as u64;
        let channels = src.channels().get() as u64;
        if std::mem::take(&mut state.fresh)
            && let Some(tap) = state.tap.as_mut()
        {
            let ch = u16::try_from(channels).unwrap_or(u16::MAX);
            if !tap.start(u32::try_from(rate).unwrap_or(u32::MAX), ch) {
                state.broken = true;
                state.exhausted = true;
                continue;
            }
        }
        // 10 ms per step.
        let step = (rate / 100).max(1) * channels;
        buf.clear();
        while (buf.len() as u64) < step {
            match src.next() {
                Some(x) => buf.push(x),
                None => {
                    state.exhausted = true;
                    break;
                }
            }
        }
        let n = buf.len() as u64;
        if let Some(tap) = state.tap.as_mut() {
            if !buf.is_empty() && !tap.samples(&buf) {
                state.broken = true;
                state.exhausted = true;
            }
            if state.exhausted {
                tap.end();
            }
        }
        let lead = if state.tap.is_some() {
            STREAM_LEAD
        } else {
            Duration::ZERO
        };
        consumed += n / channels.max(1);
        drop(guard);
        match speed {
            Some(speed) if speed > 0.0 => {
                let due = anchor
                    + Duration::from_secs_f64(consumed as f64 / (rate.max(1) as f64 * speed));
                let now = Instant::now() + lead;
                if due > now {
                    std::thread::sleep(due - now);
                }
            }
            _ => std::thread::yield_now(),
        }
    }
}

impl Backend for SoftBackend {
    fn start(&mut self, source: BoxedSource) -> Result<(), AudioError> {
        self.with_state(|s| {
            s.source = Some(source);
            s.paused = false;
            s.exhausted = false;
            s.fresh = true;
            s.epoch += 1;
        })
        .ok_or(AudioError::PlayerGone)
    }

    fn pause(&mut self) {
        self.with_state(|s| s.paused = true);
    }

    fn resume(&mut self) {
        self.with_state(|s| {
            s.paused = false;
            s.epoch += 1;
        });
    }

    fn seek(&mut self, pos: Duration) -> Result<(), AudioError> {
        let result = self.with_state(|s| {
            s.epoch += 1;
            s.exhausted = false;
            match s.source.as_mut() {
                Some(src) => src.try_seek(pos).map_err(|e| match e {
                    rodio::source::SeekError::Other(inner) => inner
                        .downcast_ref::<AudioError>()
                        .cloned()
                        .unwrap_or(AudioError::Damaged {
                            detail: inner.to_string(),
                        }),
                    other => AudioError::Damaged {
                        detail: other.to_string(),
                    },
                }),
                None => Ok(()),
            }
        });
        result.unwrap_or(Err(AudioError::PlayerGone))
    }

    fn stop(&mut self) {
        self.with_state(|s| {
            s.source = None;
            s.exhausted = false;
        });
    }

    fn is_done(&mut self) -> bool {
        self.with_state(|s| {
            let out = s.source.is_none() || s.exhausted;
            // A stream is done once the far end played it (or is gone).
            match s.tap.as_mut() {
                Some(t) if out && !s.broken => t.drained(),
                _ => out,
            }
        })
        .unwrap_or(true)
    }
}

impl Drop for SoftBackend {
    fn drop(&mut self) {
        self.with_state(|s| s.quit = true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
