//! The player: an actor on its own thread, driven by [`PlayerCommand`]s over a
//! channel and reporting [`PlayerEvent`]s back over another.
//!
//! Nothing here blocks the caller: opening, seeking (rodio's seek waits for the
//! audio thread) and device set-up all happen on the player thread.
//!
//! What was played is counted in the source itself, as samples are handed to
//! the output, so `played_frames` is exact: the caller can refund the unplayed
//! part of a preview window to the frame.
//!
//! Outputs ([`Backend`]):
//! - [`SinkKind::Device`]: the default sound device through rodio (ALSA on Linux).
//! - [`SinkKind::Null`]: consumes samples in real time (paced by the wall
//!   clock) and sends them nowhere, for tests and demonstrations.
//! - [`SinkKind::Instant`]: consumes samples as fast as it can, for unit tests.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rodio::Source;
use serde::{Deserialize, Serialize};

use super::decode::{Decoder, duration_to_frame, frame_to_duration};
use super::{AudioError, AudioRead, Capped};
pub use crate::backend::{Backend, BoxedSource};
pub use crate::soft::{STREAM_LEAD, SoftBackend, Tap};

/// How often a `Position` event is sent while playing.
pub const DEFAULT_TICK: Duration = Duration::from_millis(100);

/// Where the audio to play comes from; opened on the player thread.
pub struct SourceSpec {
    open: Box<dyn FnOnce() -> Result<Decoder, AudioError> + Send>,
}

impl std::fmt::Debug for SourceSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SourceSpec")
    }
}

impl SourceSpec {
    /// A reader (for example the vault's decrypting reader) of `byte_len` bytes.
    pub fn reader<R: AudioRead>(reader: R, byte_len: u64, hint: Option<String>) -> SourceSpec {
        SourceSpec {
            open: Box::new(move || Decoder::open(reader, byte_len, hint.as_deref())),
        }
    }

    /// A decoder opened already.
    pub fn decoder(decoder: Decoder) -> SourceSpec {
        SourceSpec {
            open: Box::new(move || Ok(decoder)),
        }
    }

    /// A plain file (tests, demonstrations; never for vault content).
    pub fn file(path: impl Into<PathBuf>) -> SourceSpec {
        let path = path.into();
        SourceSpec {
            open: Box::new(move || {
                let file =
                    std::fs::File::open(&path).map_err(|e| AudioError::Read(e.to_string()))?;
                let len = file
                    .metadata()
                    .map_err(|e| AudioError::Read(e.to_string()))?
                    .len();
                let hint = path.extension().and_then(|e| e.to_str()).map(str::to_owned);
                Decoder::open(file, len, hint.as_deref())
            }),
        }
    }

    fn open(self) -> Result<Decoder, AudioError> {
        (self.open)()
    }
}

/// What the player is asked to do.
#[derive(Debug)]
pub enum PlayerCommand {
    /// Play `source` from `from_frame`, at most `max_frames` frames if given (a
    /// preview: seeks are refused). Replaces anything playing (which finishes
    /// with [`FinishReason::Stopped`]).
    Play {
        /// Where the audio comes from.
        source: SourceSpec,
        /// First frame to play.
        from_frame: u64,
        /// The preview cap in frames, if any.
        max_frames: Option<u64>,
    },
    /// Pause; the output falls silent and nothing more is counted as played.
    Pause,
    /// Continue after a pause.
    Resume,
    /// Move to a frame; refused during a capped preview.
    Seek(u64),
    /// Stop playing.
    Stop,
}

/// Why a playback ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// The preview cap was reached.
    Cap,
    /// The recording ended.
    End,
    /// It was stopped (or replaced by another playback).
    Stopped,
}

/// What the player reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum PlayerEvent {
    /// Playback started.
    Started {
        /// The frame playback starts at.
        from_frame: u64,
        /// Frames in the whole recording.
        total_frames: u64,
        /// The recording's sample rate.
        sample_rate: u32,
        /// The recording's channel count.
        channels: u16,
        /// The preview cap, if any.
        max_frames: Option<u64>,
    },
    /// Where playback is: the frame being handed to the output, and how many
    /// frames have been handed out since `Started`.
    Position {
        /// Current frame in the recording.
        frame: u64,
        /// Frames handed to the output so far.
        played_frames: u64,
    },
    /// Paused at `frame`.
    Paused {
        /// Current frame in the recording.
        frame: u64,
        /// Frames handed to the output so far.
        played_frames: u64,
    },
    /// Resumed after a pause.
    Resumed,
    /// Moved to `frame`.
    Seeked {
        /// The frame now playing.
        frame: u64,
    },
    /// Playback ended; `played_frames` were handed to the output in total.
    Finished {
        /// Frames handed to the output.
        played_frames: u64,
        /// Why it ended.
        reason: FinishReason,
    },
    /// Something went wrong (playback, if any, goes on unless `Finished` follows).
    Error(String),
    /// The recording could not be read or decoded to its end (a damaged or altered file): what
    /// played until then is in the `Finished` that follows, which says `End`.
    Broken(String),
}

/// Which output to play through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkKind {
    /// The default sound device.
    Device,
    /// Real-time pacing, no sound.
    Null,
    /// No pacing, no sound (tests).
    Instant,
}

/// The interface the rest of earshot uses to play audio.
pub trait AudioPlayer {
    /// Sends a command to the player thread.
    fn send(&self, cmd: PlayerCommand) -> Result<(), AudioError>;
    /// The next event, waiting at most `timeout`.
    fn next_event(&self, timeout: Duration) -> Option<PlayerEvent>;
}

/// A running player thread.
pub struct PlayerHandle {
    commands: Option<Sender<PlayerCommand>>,
    events: Receiver<PlayerEvent>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for PlayerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlayerHandle").finish_non_exhaustive()
    }
}

impl PlayerHandle {
    /// Starts a player on `kind`; fails at once (with [`AudioError::NoDevice`])
    /// when the sound device cannot be opened.
    pub fn spawn(kind: SinkKind) -> Result<PlayerHandle, AudioError> {
        Self::spawn_with(
            move || -> Result<Box<dyn Backend>, AudioError> {
                Ok(match kind {
                    SinkKind::Device => Box::new(RodioBackend::open()?),
                    SinkKind::Null => Box::new(SoftBackend::new(Some(1.0))),
                    SinkKind::Instant => Box::new(SoftBackend::new(None)),
                })
            },
            DEFAULT_TICK,
        )
    }

    /// Starts a player on a backend built by `make` on the player thread.
    pub fn spawn_with<F>(make: F, tick: Duration) -> Result<PlayerHandle, AudioError>
    where
        F: FnOnce() -> Result<Box<dyn Backend>, AudioError> + Send + 'static,
    {
        let (cmd_tx, cmd_rx) = mpsc::channel();
        let (ev_tx, ev_rx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("earshot-player".into())
            .spawn(move || match make() {
                Ok(backend) => {
                    let _ = ready_tx.send(Ok(()));
                    Actor::new(backend, ev_tx, tick).run(cmd_rx);
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                }
            })
            .map_err(|e| AudioError::Device(e.to_string()))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(PlayerHandle {
                commands: Some(cmd_tx),
                events: ev_rx,
                thread: Some(thread),
            }),
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(e)
            }
            Err(_) => {
                let _ = thread.join();
                Err(AudioError::PlayerGone)
            }
        }
    }

    /// The event channel, for callers that select or poll themselves.
    pub fn events(&self) -> &Receiver<PlayerEvent> {
        &self.events
    }
}

impl AudioPlayer for PlayerHandle {
    fn send(&self, cmd: PlayerCommand) -> Result<(), AudioError> {
        self.commands
            .as_ref()
            .ok_or(AudioError::PlayerGone)?
            .send(cmd)
            .map_err(|_| AudioError::PlayerGone)
    }

    fn next_event(&self, timeout: Duration) -> Option<PlayerEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

impl Drop for PlayerHandle {
    fn drop(&mut self) {
        // Closing the command channel ends the actor, which stops playback.
        self.commands = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The high bit of the played-samples word: set once playback is halted.
const HALTED: u64 = 1 << 63;

/// Shared between the playing source (audio thread) and the actor.
#[derive(Debug, Default)]
struct Meter {
    /// Samples handed out, with [`HALTED`] set once halted.
    played: AtomicU64,
    /// Frame of the recording being handed out.
    position: AtomicU64,
    /// The source ran out (cap or end of recording).
    exhausted: AtomicBool,
    /// Decoding failed before the end.
    error: Mutex<Option<AudioError>>,
}

impl Meter {
    /// Halts the source and returns the exact number of samples handed out:
    /// after this, the source hands out nothing more.
    fn halt(&self) -> u64 {
        self.played.fetch_or(HALTED, Ordering::AcqRel) & !HALTED
    }

    fn played_samples(&self) -> u64 {
        self.played.load(Ordering::Acquire) & !HALTED
    }
}

/// Wraps the playing source: counts what is handed out, tracks the position,
/// notes the end, and can be halted from the actor exactly.
struct Metered<S> {
    inner: S,
    meter: Arc<Meter>,
    channels: u64,
    rate: u32,
    in_frame: u64,
    error_of: fn(&S) -> Option<AudioError>,
}

impl<S: Source> Iterator for Metered<S> {
    type Item = rodio::Sample;

    #[inline]
    fn next(&mut self) -> Option<rodio::Sample> {
        let cur = self.meter.played.load(Ordering::Acquire);
        if cur & HALTED != 0 {
            return None;
        }
        let Some(s) = self.inner.next() else {
            if let Some(e) = (self.error_of)(&self.inner)
                && let Ok(mut slot) = self.meter.error.lock()
            {
                *slot = Some(e);
            }
            self.meter.exhausted.store(true, Ordering::Release);
            return None;
        };
        // Only this thread increments; a failed exchange means the actor halted us.
        if self
            .meter
            .played
            .compare_exchange(cur, cur + 1, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return None;
        }
        self.in_frame += 1;
        if self.in_frame == self.channels {
            self.in_frame = 0;
            self.meter.position.fetch_add(1, Ordering::Release);
        }
        Some(s)
    }
}

impl<S: Source> Source for Metered<S> {
    fn current_span_len(&self) -> Option<usize> {
        self.inner.current_span_len()
    }
    fn channels(&self) -> rodio::ChannelCount {
        self.inner.channels()
    }
    fn sample_rate(&self) -> rodio::SampleRate {
        self.inner.sample_rate()
    }
    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        self.inner.try_seek(pos)?;
        self.in_frame = 0;
        self.meter
            .position
            .store(duration_to_frame(pos, self.rate), Ordering::Release);
        Ok(())
    }
}

struct Playing {
    meter: Arc<Meter>,
    channels: u64,
    rate: u32,
    max_frames: Option<u64>,
    total_frames: u64,
    paused: bool,
    last_tick: Instant,
}

impl Playing {
    fn played_frames(&self) -> u64 {
        self.meter.played_samples() / self.channels.max(1)
    }
    fn frame(&self) -> u64 {
        self.meter.position.load(Ordering::Acquire)
    }
}

struct Actor {
    backend: Box<dyn Backend>,
    events: Sender<PlayerEvent>,
    tick: Duration,
    playing: Option<Playing>,
}

impl Actor {
    fn new(backend: Box<dyn Backend>, events: Sender<PlayerEvent>, tick: Duration) -> Actor {
        Actor {
            backend,
            events,
            tick,
            playing: None,
        }
    }

    fn emit(&self, e: PlayerEvent) {
        let _ = self.events.send(e);
    }

    fn run(mut self, commands: Receiver<PlayerCommand>) {
        loop {
            let active = self.playing.as_ref().is_some_and(|p| !p.paused);
            let next = if active {
                // Poll often enough to notice the end promptly, report on the tick.
                commands.recv_timeout(self.tick.min(Duration::from_millis(20)))
            } else {
                commands.recv().map_err(|_| RecvTimeoutError::Disconnected)
            };
            match next {
                Ok(cmd) => self.handle(cmd),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.stop(FinishReason::Stopped);
                    break;
                }
            }
            self.check_progress();
        }
    }

    fn handle(&mut self, cmd: PlayerCommand) {
        match cmd {
            PlayerCommand::Play {
                source,
                from_frame,
                max_frames,
            } => {
                self.stop(FinishReason::Stopped);
                if let Err(e) = self.start(source, from_frame, max_frames) {
                    self.emit(PlayerEvent::Error(e.to_string()));
                }
            }
            PlayerCommand::Pause => {
                if let Some(p) = self.playing.as_mut()
                    && !p.paused
                {
                    self.backend.pause();
                    p.paused = true;
                    let (frame, played_frames) = (p.frame(), p.played_frames());
                    self.emit(PlayerEvent::Paused {
                        frame,
                        played_frames,
                    });
                }
            }
            PlayerCommand::Resume => {
                if let Some(p) = self.playing.as_mut()
                    && p.paused
                {
                    self.backend.resume();
                    p.paused = false;
                    p.last_tick = Instant::now();
                    self.emit(PlayerEvent::Resumed);
                }
            }
            PlayerCommand::Seek(frame) => self.seek(frame),
            PlayerCommand::Stop => self.stop(FinishReason::Stopped),
        }
    }

    fn start(
        &mut self,
        source: SourceSpec,
        from_frame: u64,
        max_frames: Option<u64>,
    ) -> Result<(), AudioError> {
        let mut decoder = source.open()?;
        let landed = if from_frame > 0 {
            decoder.seek_to_frame(from_frame)?
        } else {
            0
        };
        let total_frames = decoder.total_frames();
        let sample_rate = decoder.sample_rate();
        let channels = decoder.channels();
        let meter = Arc::new(Meter::default());
        meter.position.store(landed, Ordering::Release);
        let boxed: BoxedSource = match max_frames {
            Some(cap) => Box::new(Metered {
                inner: Capped::new(decoder, cap),
                meter: Arc::clone(&meter),
                channels: channels.max(1) as u64,
                rate: sample_rate,
                in_frame: 0,
                error_of: |c: &Capped<Decoder>| c.inner().error().cloned(),
            }),
            None => Box::new(Metered {
                inner: decoder,
                meter: Arc::clone(&meter),
                channels: channels.max(1) as u64,
                rate: sample_rate,
                in_frame: 0,
                error_of: |d: &Decoder| d.error().cloned(),
            }),
        };
        self.backend.start(boxed)?;
        self.playing = Some(Playing {
            meter,
            channels: channels.max(1) as u64,
            rate: sample_rate,
            max_frames,
            total_frames,
            paused: false,
            last_tick: Instant::now(),
        });
        self.emit(PlayerEvent::Started {
            from_frame: landed,
            total_frames,
            sample_rate,
            channels,
            max_frames,
        });
        Ok(())
    }

    fn seek(&mut self, frame: u64) {
        let Some(p) = self.playing.as_ref() else {
            self.emit(PlayerEvent::Error(
                "Nothing is playing, so there is nothing to move in.".into(),
            ));
            return;
        };
        if p.max_frames.is_some() {
            self.emit(PlayerEvent::Error(AudioError::SeekRefused.to_string()));
            return;
        }
        let frame = frame.min(p.total_frames);
        let rate = self.rate_of_current();
        match self.backend.seek(frame_to_duration(frame, rate)) {
            // The decoder lands exactly on the frame asked for (or the end).
            Ok(()) => self.emit(PlayerEvent::Seeked { frame }),
            Err(e) => self.emit(PlayerEvent::Error(e.to_string())),
        }
    }

    fn rate_of_current(&self) -> u32 {
        self.playing.as_ref().map_or(48_000, |p| p.rate)
    }

    /// Halts the current playback, if any, and reports what was played.
    fn stop(&mut self, reason: FinishReason) {
        if let Some(p) = self.playing.take() {
            let samples = p.meter.halt();
            self.backend.stop();
            self.emit(PlayerEvent::Finished {
                played_frames: samples / p.channels.max(1),
                reason,
            });
        }
    }

    fn check_progress(&mut self) {
        let Some(p) = self.playing.as_mut() else {
            return;
        };
        if p.meter.exhausted.load(Ordering::Acquire) && self.backend.is_done() {
            let played = p.played_frames();
            let error = p.meter.error.lock().ok().and_then(|mut e| e.take());
            let reason = match p.max_frames {
                Some(cap) if played >= cap => FinishReason::Cap,
                _ => FinishReason::End,
            };
            if let Some(e) = error {
                let why = match e {
                    AudioError::Read(why) | AudioError::Damaged { detail: why } => why,
                    other => other.to_string(),
                };
                self.emit(PlayerEvent::Broken(why));
            }
            self.stop(reason);
            return;
        }
        if !p.paused && p.last_tick.elapsed() >= self.tick {
            p.last_tick = Instant::now();
            let (frame, played_frames) = (p.frame(), p.played_frames());
            self.emit(PlayerEvent::Position {
                frame,
                played_frames,
            });
        }
    }
}

/// Plays through the default sound device with rodio.
pub struct RodioBackend {
    sink: rodio::MixerDeviceSink,
    player: Option<rodio::Player>,
    /// How long the device may still be playing what it was handed.
    latency: Duration,
    /// When the playing source was first seen empty.
    drained_at: Option<Instant>,
    failure: Arc<Mutex<Option<String>>>,
}

impl RodioBackend {
    /// Opens the default sound device.
    pub fn open() -> Result<RodioBackend, AudioError> {
        quiet_alsa();
        let failure: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&failure);
        let on_error = move |e: rodio::cpal::Error| {
            if let Ok(mut s) = slot.lock() {
                *s = Some(e.to_string());
            }
        };
        let mut sink = rodio::DeviceSinkBuilder::from_default_device()
            .and_then(|b| b.with_error_callback(on_error).open_sink_or_fallback())
            .map_err(|_| AudioError::NoDevice)?;
        sink.log_on_drop(false);
        let config = sink.config();
        let rate = config.sample_rate().get().max(1) as u64;
        let frames = match config.buffer_size() {
            rodio::cpal::BufferSize::Fixed(n) => *n as u64,
            rodio::cpal::BufferSize::Default => rate / 20,
        };
        // Twice the buffer, for the device's own queue.
        let latency = Duration::from_micros(2 * frames * 1_000_000 / rate);
        Ok(RodioBackend {
            sink,
            player: None,
            latency,
            drained_at: None,
            failure,
        })
    }
}

impl Backend for RodioBackend {
    fn start(&mut self, source: BoxedSource) -> Result<(), AudioError> {
        if let Some(e) = self.failure.lock().ok().and_then(|mut f| f.take()) {
            return Err(AudioError::Device(e));
        }
        let player = rodio::Player::connect_new(self.sink.mixer());
        player.append(source);
        self.player = Some(player);
        self.drained_at = None;
        Ok(())
    }

    fn pause(&mut self) {
        if let Some(p) = &self.player {
            p.pause();
        }
    }

    fn resume(&mut self) {
        if let Some(p) = &self.player {
            p.play();
        }
    }

    fn seek(&mut self, pos: Duration) -> Result<(), AudioError> {
        match &self.player {
            Some(p) => p.try_seek(pos).map_err(|e| match e {
                rodio::source::SeekError::Other(inner) => {
                    match inner.downcast_ref::<AudioError>() {
                        Some(a) => a.clone(),
                        None => AudioError::Damaged {
                            detail: inner.to_string(),
                        },
                    }
                }
                other => AudioError::Damaged {
                    detail: other.to_string(),
                },
            }),
            None => Ok(()),
        }
    }

    fn stop(&mut self) {
        if let Some(p) = self.player.take() {
            p.stop();
        }
    }

    fn is_done(&mut self) -> bool {
        let Some(p) = &self.player else {
            return true;
        };
        if !p.empty() {
            return false;
        }
        // Let the device play out what it already holds.
        let since = *self.drained_at.get_or_insert_with(Instant::now);
        since.elapsed() >= self.latency
    }
}

/// Silences the ALSA library's own messages on stderr (it prints a dozen
/// lines when no sound card exists); our error says it better.
fn quiet_alsa() {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::{c_char, c_int};
        use std::sync::Once;

        type Handler =
            unsafe extern "C" fn(*const c_char, c_int, *const c_char, c_int, *const c_char);

        #[link(name = "asound")]
        unsafe extern "C" {
            fn snd_lib_error_set_handler(handler: Option<Handler>) -> c_int;
        }

        /// Ignores everything; the C side is variadic but passes nothing we read.
        unsafe extern "C" fn ignore(
            _file: *const c_char,
            _line: c_int,
            _function: *const c_char,
            _err: c_int,
            _fmt: *const c_char,
        ) {
        }

        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            // SAFETY: installs a handler that never touches its arguments; the
            // function lives for the whole program.
            unsafe {
                snd_lib_error_set_handler(Some(ignore));
            }
        });
    }
}
