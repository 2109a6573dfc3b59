//! Listening sessions: the glue between the store's accounting and the player.
//!
//! A preview is debited in the store before the player gets a single sample, the player is
//! capped at that window counting samples, and on finish the store refunds exactly what was not
//! handed to the device. Full playback records the ranges heard every two seconds. The same
//! [`Listening`] drives the CLI (blocking) and the TUI (polled from its event loop).

use std::time::{Duration, Instant};

use crate::audio::{
    AudioError, AudioPlayer, Decoder, FinishReason, PlayerCommand, PlayerEvent, PlayerHandle,
    SinkKind, SourceSpec, Waveform,
};
use crate::core::model::ItemId;
use crate::store::{PlaySession, PreviewSession, Store, StoreError};

/// How often full playback writes the ranges heard.
pub const FLUSH_EVERY: Duration = Duration::from_secs(2);

/// How far past the current position full playback claims, before playing it: more than one
/// flush interval, so a session killed at any moment has claimed at least what it played.
pub const AHEAD_MS: u64 = 2_500;

/// Where the sound goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// The default sound device.
    Device,
    /// Played in real time to nowhere (tests, demonstrations); marked so in the audit log.
    Null,
    /// Streamed by the guardian to the client that asked, which plays it on its own device
    /// (see [`with_client_tap`]).
    Client,
}

impl Sink {
    pub fn as_str(&self) -> &'static str {
        match self {
            Sink::Device => "device",
            Sink::Null => "null",
            Sink::Client => "client",
        }
    }

    /// Opens the player for this sink: the device, a null sink, or the client's stream.
    fn spawn(&self) -> Result<PlayerHandle, SessionError> {
        let kind = match self {
            Sink::Device => SinkKind::Device,
            Sink::Null => SinkKind::Null,
            Sink::Client => {
                let tap = CLIENT_TAP
                    .with(|t| t.borrow().as_ref().map(|make| make()))
                    .ok_or(AudioError::NoDevice)?;
                return Ok(PlayerHandle::spawn_with(
                    move || -> Result<Box<dyn crate::audio::Backend>, AudioError> {
                        Ok(Box::new(crate::audio::SoftBackend::streaming(tap)))
                    },
                    crate::audio::player::DEFAULT_TICK,
                )?);
            }
        };
        Ok(PlayerHandle::spawn(kind)?)
    }
}

/// Makes the link to the client a [`Sink::Client`] session streams to.
pub type TapMaker = Box<dyn Fn() -> Box<dyn crate::audio::Tap>>;

thread_local! {
    static CLIENT_TAP: std::cell::RefCell<Option<TapMaker>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `make` as the way to reach the client, for sessions on [`Sink::Client`].
pub fn with_client_tap<R>(make: TapMaker, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            CLIENT_TAP.with(|t| *t.borrow_mut() = None);
        }
    }
    CLIENT_TAP.with(|t| *t.borrow_mut() = Some(make));
    let _reset = Reset;
    f()
}

/// What can stop a session.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Audio(#[from] AudioError),
    /// The recording broke off while it played (a damaged or altered vault file). What played
    /// until then is accounted for, and the damage is in the audit log.
    #[error(
        "item {item}'s recording is damaged: it stopped at {at} ({detail}); what played until \
         then is accounted for. Run `earshot doctor --deep`"
    )]
    Damaged {
        item: ItemId,
        at: String,
        detail: String,
        outcome: Box<Outcome>,
    },
}

/// The accounting side of a session: it closes the session, and cannot open audio.
enum Kind {
    Preview(PreviewSession),
    Play(PlaySession),
}

/// Where a session is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Status {
    pub item: ItemId,
    /// Current position in the recording.
    pub pos_ms: u64,
    /// Where this session started.
    pub from_ms: u64,
    /// Where it will stop by itself (the cap, `--to`, or the end).
    pub until_ms: u64,
    pub duration_ms: u64,
    pub paused: bool,
    /// For a preview: allowance left once this window is refunded to what was heard.
    pub preview: bool,
}

/// How a session ended.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    pub item: ItemId,
    pub kind: &'static str,
    /// Ranges heard, milliseconds.
    pub ranges_ms: Vec<(u64, u64)>,
    pub heard_ms: u64,
    pub reason: FinishReason,
    pub sink: &'static str,
    /// Preview allowance left afterwards (previews only).
    pub preview_left_ms: Option<u64>,
}

/// An [`Outcome`] as a guardian sends it to a terminal UI.
#[derive(serde::Deserialize)]
struct OutcomeWire {
    item: ItemId,
    kind: String,
    ranges_ms: Vec<(u64, u64)>,
    heard_ms: u64,
    reason: FinishReason,
    sink: String,
    preview_left_ms: Option<u64>,
}

/// One of the words an [`Outcome`] holds, and nothing else.
fn known_word(w: &str) -> Result<&'static str, String> {
    const WORDS: [&str; 5] = ["preview", "play", "device", "null", "client"];
    WORDS
        .iter()
        .find(|k| **k == w)
        .copied()
        .ok_or_else(|| format!("an unknown word in a session's outcome: {w:?}"))
}

impl<'de> serde::Deserialize<'de> for Outcome {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Outcome, D::Error> {
        let w = OutcomeWire::deserialize(d)?;
        let word = |s: &str| known_word(s).map_err(serde::de::Error::custom);
        Ok(Outcome {
            item: w.item,
            kind: word(&w.kind)?,
            ranges_ms: w.ranges_ms,
            heard_ms: w.heard_ms,
            reason: w.reason,
            sink: word(&w.sink)?,
            preview_left_ms: w.preview_left_ms,
        })
    }
}

/// A running preview or playback.
pub struct Listening {
    kind: Kind,
    actor: String,
    /// Why the recording stopped being readable, if it did.
    broken: Option<String>,
    player: PlayerHandle,
    item: ItemId,
    sink: Sink,
    rate: u64,
    duration_ms: u64,
    from_ms: u64,
    until_ms: u64,
    paused: bool,
    // Accounting for full playback: the current segment started at `seg_frame`, when
    // `seg_played` frames had been played.
    seg_frame: u64,
    seg_played: u64,
    played: u64,
    pending_seek: Option<u64>,
    last_flush: Instant,
    ranges: Vec<(u64, u64)>,
    finished: Option<(u64, FinishReason)>,
}

fn ms_floor(frames: u64, rate: u64) -> u64 {
    frames.saturating_mul(1000) / rate.max(1)
}
fn ms_ceil(frames: u64, rate: u64) -> u64 {
    frames.saturating_mul(1000).div_ceil(rate.max(1))
}

impl Listening {
    /// Starts a preview: the sound device is opened first (no device: nothing debited), then
    /// the window is debited and logged, then playback starts capped at that window.
    #[allow(clippy::too_many_arguments)]
    pub fn preview(
        store: &mut Store,
        actor: &str,
        item: ItemId,
        from_ms: u64,
        want_ms: Option<u64>,
        supervisor: &str,
        proof: &crate::store::LeadProof,
        sink: Sink,
    ) -> Result<Listening, SessionError> {
        let player = sink.spawn()?;
        let ticket = store.begin_preview(
            actor,
            item,
            from_ms,
            want_ms,
            supervisor,
            proof,
            sink.as_str(),
        )?;
        // The store refunds the window itself if the recording cannot be opened.
        let (rec, session) = store.open_preview(ticket)?;
        let window_ms = session.window_ms();
        let started = (|| -> Result<u64, SessionError> {
            let len = rec.reader.len();
            let decoder = Decoder::open(rec.reader, len, Some(&rec.format))?;
            let rate = u64::from(decoder.sample_rate());
            let from_frame = from_ms * rate / 1000;
            let max_frames = window_ms * rate / 1000;
            player.send(PlayerCommand::Play {
                source: SourceSpec::decoder(decoder),
                from_frame,
                max_frames: Some(max_frames),
            })?;
            Ok(rate)
        })();
        match started {
            Ok(rate) => Ok(Listening::new(
                Kind::Preview(session),
                actor,
                player,
                item,
                sink,
                rate,
                rec.duration_ms,
                from_ms,
                from_ms + window_ms,
            )),
            Err(e) => {
                // Nothing was played: refund the whole window.
                let _ = store.end_preview(&session, 0);
                Err(e)
            }
        }
    }

    /// Starts full playback (refused by the store unless the gate allows it).
    pub fn play(
        store: &mut Store,
        actor: &str,
        item: ItemId,
        from_ms: u64,
        to_ms: Option<u64>,
        sink: Sink,
    ) -> Result<Listening, SessionError> {
        let player = sink.spawn()?;
        let permit = store.begin_play(actor, item, sink.as_str())?;
        let (rec, permit) = store.open_play(permit)?;
        if from_ms >= rec.duration_ms.max(1) {
            let _ = store.end_play(&permit);
            return Err(StoreError::BadInput(
                crate::store::ItemMsg::TooShort {
                    length: crate::core::time::format_offset(rec.duration_ms),
                }
                .into(),
            )
            .into());
        }
        let until = to_ms.unwrap_or(rec.duration_ms).min(rec.duration_ms);
        if until <= from_ms {
            let _ = store.end_play(&permit);
            return Err(StoreError::BadInput(crate::store::ItemMsg::ToBeforeFrom.into()).into());
        }
        let len = rec.reader.len();
        let decoder = match Decoder::open(rec.reader, len, Some(&rec.format)) {
            Ok(d) => d,
            Err(e) => {
                let _ = store.end_play(&permit);
                return Err(e.into());
            }
        };
        // Logged ahead, never behind: the first stretch is claimed before a sample plays.
        store.claim_ahead(&permit, from_ms, (from_ms + AHEAD_MS).min(until))?;
        let rate = u64::from(decoder.sample_rate());
        let max_frames = to_ms.map(|_| (until - from_ms) * rate / 1000);
        player.send(PlayerCommand::Play {
            source: SourceSpec::decoder(decoder),
            from_frame: from_ms * rate / 1000,
            max_frames,
        })?;
        Ok(Listening::new(
            Kind::Play(permit),
            actor,
            player,
            item,
            sink,
            rate,
            rec.duration_ms,
            from_ms,
            until,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: Kind,
        actor: &str,
        player: PlayerHandle,
        item: ItemId,
        sink: Sink,
        rate: u64,
        duration_ms: u64,
        from_ms: u64,
        until_ms: u64,
    ) -> Listening {
        Listening {
            kind,
            actor: actor.to_string(),
            broken: None,
            player,
            item,
            sink,
            rate,
            duration_ms,
            from_ms,
            until_ms,
            paused: false,
            seg_frame: from_ms * rate / 1000,
            seg_played: 0,
            played: 0,
            pending_seek: None,
            last_flush: Instant::now(),
            ranges: Vec::new(),
            finished: None,
        }
    }

    pub fn is_preview(&self) -> bool {
        matches!(self.kind, Kind::Preview(_))
    }

    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    pub fn status(&self) -> Status {
        let pos = self.seg_frame + (self.played - self.seg_played);
        Status {
            item: self.item,
            pos_ms: ms_floor(pos, self.rate).min(self.duration_ms),
            from_ms: self.from_ms,
            until_ms: self.until_ms,
            duration_ms: self.duration_ms,
            paused: self.paused,
            preview: self.is_preview(),
        }
    }

    pub fn pause(&mut self) -> Result<(), SessionError> {
        self.player.send(PlayerCommand::Pause)?;
        Ok(())
    }

    pub fn resume(&mut self) -> Result<(), SessionError> {
        self.player.send(PlayerCommand::Resume)?;
        Ok(())
    }

    /// Seeks during full playback (a preview refuses: its window was debited as one range).
    pub fn seek(&mut self, to_ms: u64) -> Result<(), SessionError> {
        if self.is_preview() {
            return Err(AudioError::SeekRefused.into());
        }
        let frame = to_ms.min(self.duration_ms) * self.rate / 1000;
        self.player.send(PlayerCommand::Seek(frame))?;
        Ok(())
    }

    pub fn stop(&mut self) -> Result<(), SessionError> {
        if self.finished.is_none() {
            self.player.send(PlayerCommand::Stop)?;
        }
        Ok(())
    }

    fn close_segment(&mut self, end_played: u64) {
        let start = self.seg_frame;
        let end = start + end_played.saturating_sub(self.seg_played);
        if end > start {
            self.ranges
                .push((ms_floor(start, self.rate), ms_ceil(end, self.rate)));
        }
    }

    /// Handles the player's events for up to `timeout`; writes the heard ranges of full
    /// playback every [`FLUSH_EVERY`]. Returns the status afterwards.
    pub fn poll(&mut self, store: &mut Store, timeout: Duration) -> Result<Status, SessionError> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(ev) = self.player.next_event(left) else {
                break;
            };
            self.apply(ev);
            if self.finished.is_some() {
                break;
            }
        }
        if matches!(self.kind, Kind::Play(_))
            && (self.last_flush.elapsed() >= FLUSH_EVERY || self.finished.is_some())
            && self.pending_seek.is_none()
        {
            if self.finished.is_none() {
                // Close the running segment up to now and start the next one here.
                let played = self.played;
                self.close_segment(played);
                self.seg_frame += played - self.seg_played;
                self.seg_played = played;
            }
            if let Kind::Play(permit) = &self.kind {
                for (a, b) in std::mem::take(&mut self.ranges) {
                    store.record_heard(permit, a, b)?;
                }
                if self.finished.is_none() && !self.paused {
                    // The next stretch, claimed before it plays.
                    let pos = self.status().pos_ms;
                    store.claim_ahead(permit, pos, (pos + AHEAD_MS).min(self.until_ms))?;
                }
            }
            self.last_flush = Instant::now();
        }
        Ok(self.status())
    }

    fn apply(&mut self, ev: PlayerEvent) {
        match ev {
            PlayerEvent::Position {
                frame,
                played_frames,
            }
            | PlayerEvent::Paused {
                frame,
                played_frames,
            } => {
                if let Some(seek_frame) = self.pending_seek.take() {
                    // Frames played since the seek tell how many were played before it.
                    let since = frame.saturating_sub(seek_frame);
                    let at_seek = played_frames.saturating_sub(since).max(self.seg_played);
                    self.close_segment(at_seek);
                    self.seg_frame = seek_frame;
                    self.seg_played = at_seek;
                }
                self.played = played_frames;
                if matches!(ev, PlayerEvent::Paused { .. }) {
                    self.paused = true;
                }
            }
            PlayerEvent::Resumed => self.paused = false,
            PlayerEvent::Seeked { frame } => {
                if let Some(prev) = self.pending_seek.replace(frame) {
                    // Two seeks without a position in between: over-state rather than lose.
                    let _ = prev;
                }
            }
            PlayerEvent::Finished {
                played_frames,
                reason,
            } => {
                if let Some(seek_frame) = self.pending_seek.take() {
                    // No position since the seek: count what followed it from the seek frame,
                    // and the part before it up to the last known count (may over-state).
                    let before = self.played.max(self.seg_played);
                    self.close_segment(before);
                    self.seg_frame = seek_frame;
                    self.seg_played = before.min(played_frames);
                }
                self.played = played_frames;
                self.close_segment(played_frames);
                self.finished = Some((played_frames, reason));
            }
            PlayerEvent::Broken(why) => self.broken = Some(why),
            PlayerEvent::Started { .. } | PlayerEvent::Error(_) => {}
        }
    }

    /// Closes the accounting. Call after the session finished (or to abandon it: stops first).
    /// A recording that broke off while playing is closed the same way, then logged
    /// (`item.damaged`) and returned as [`SessionError::Damaged`].
    pub fn finish(mut self, store: &mut Store) -> Result<Outcome, SessionError> {
        let outcome = self.close(store)?;
        let Some(detail) = self.broken.take() else {
            return Ok(outcome);
        };
        let at_ms = match outcome.ranges_ms.last() {
            Some((_, b)) => *b,
            None => self.from_ms,
        };
        store.log_damaged(&self.actor, self.item, outcome.kind, at_ms, &detail)?;
        Err(SessionError::Damaged {
            item: self.item,
            at: crate::core::time::format_offset(at_ms),
            detail,
            outcome: Box::new(outcome),
        })
    }

    fn close(&mut self, store: &mut Store) -> Result<Outcome, SessionError> {
        if self.finished.is_none() {
            self.stop()?;
            while self.finished.is_none() {
                match self.player.next_event(Duration::from_secs(5)) {
                    Some(ev) => self.apply(ev),
                    None => {
                        // The player is gone: count everything we last knew of, and more.
                        let p = self.played;
                        self.apply(PlayerEvent::Finished {
                            played_frames: p,
                            reason: FinishReason::Stopped,
                        });
                    }
                }
            }
        }
        let (played, reason) = self
            .finished
            .unwrap_or((self.played, FinishReason::Stopped));
        match &self.kind {
            Kind::Preview(preview) => {
                let heard = store.end_preview(preview, ms_ceil(played, self.rate))?;
                let left = store
                    .show(&preview_user(store, preview)?, self.item)?
                    .preview_left_s;
                Ok(Outcome {
                    item: self.item,
                    kind: "preview",
                    ranges_ms: if heard > 0 {
                        vec![(preview.from_ms(), preview.from_ms() + heard)]
                    } else {
                        vec![]
                    },
                    heard_ms: heard,
                    reason,
                    sink: self.sink.as_str(),
                    preview_left_ms: Some((left * 1000.0).round() as u64),
                })
            }
            Kind::Play(permit) => {
                for (a, b) in std::mem::take(&mut self.ranges) {
                    store.record_heard(permit, a, b)?;
                }
                let merged = store.end_play(permit)?;
                Ok(Outcome {
                    item: self.item,
                    kind: "play",
                    heard_ms: merged.iter().map(|(a, b)| b - a).sum(),
                    ranges_ms: merged,
                    reason,
                    sink: self.sink.as_str(),
                    preview_left_ms: None,
                })
            }
        }
    }
}

fn preview_user(store: &Store, preview: &PreviewSession) -> Result<String, StoreError> {
    // Any roster member may read the allowance; the supervisor is one.
    store.user(preview.supervisor()).map(|u| u.name)
}

/// The item's waveform overview: stored, or computed now from the vault and stored.
pub fn waveform(store: &mut Store, item: ItemId) -> Result<Waveform, SessionError> {
    if let Some(bytes) = store.waveform(item)? {
        return Ok(Waveform::from_bytes(&bytes)?);
    }
    // The store lends the recording for this computation only and keeps what comes out.
    let bytes = store.compute_overview(item, |reader, len, format| {
        let w = crate::audio::waveform(reader, len, Some(format), crate::audio::DEFAULT_BUCKET_MS)?;
        Ok::<_, SessionError>(w.to_bytes())
    })?;
    Ok(Waveform::from_bytes(&bytes)?)
}
