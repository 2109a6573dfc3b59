//! Listening: previews debited before they start and refunded to what was heard, full playback
//! recorded range by range, and the only way to read a recording out of the vault.
//!
//! # Permits
//!
//! Audio leaves the vault only against a permit that the gate granted: a [`PreviewTicket`]
//! from [`Store::begin_preview`], a [`PlayPermit`] from [`Store::begin_play`], or an
//! [`AccessPermit`](crate::due::AccessPermit) from [`Store::access_grant`]. Their fields are
//! private and they have no public constructor, so code outside this crate cannot make one;
//! they are neither `Clone` nor `Copy`, and the call that reads the recording takes the permit
//! by value, so one permit opens the recording once. That a permit cannot be used twice is
//! therefore checked by the compiler, not by a test that runs. Opening hands back a session
//! handle ([`PreviewSession`], [`PlaySession`]) that closes the accounting and cannot open
//! anything.
//!
//! [`Store::open_preview`] also asks the database whether the preview is still open: a
//! preview that has ended (or that this store never started) is refused with
//! [`StoreError::Integrity`].
//!
//! [`Store::compute_overview`] is the one way to read a recording without a permit, and all it
//! gives back is a waveform overview of bounded size; see its documentation.
//!
//! The `compile_fail` examples on each permit type are the compiling example just before them
//! plus one offending line; the error code they name is the reason they must fail (rustdoc
//! checks those codes only on nightly, so keep each block to that one offence).

use crate::backend::{DbExt, Q, args};
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::vault::VaultReader;
use super::{Result, Store, StoreError};
use crate::blobs::BlobReader;
use crate::msg::ItemMsg;
use crate::rows::ItemKeys;
use earshot_core::audit::Event;
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::ItemId;
use earshot_core::time::merge_ranges;

/// An open preview, granted by the gate: its whole window is already debited from the item's
/// allowance. Only this crate makes these; [`Store::open_preview`] consumes it.
///
/// Outside earshot-store a ticket can be received and read, nothing more:
///
/// ```
/// use earshot_store::PreviewTicket;
///
/// fn window(t: &PreviewTicket) -> (u64, u64) {
///     (t.from_ms(), t.window_ms())
/// }
/// ```
///
/// It cannot be made with a struct literal (its fields are private):
///
/// ```compile_fail,E0451
/// use earshot_store::PreviewTicket;
///
/// fn window(t: &PreviewTicket) -> (u64, u64) {
///     (t.from_ms(), t.window_ms())
/// }
/// let forged = PreviewTicket { session: todo!() };
/// ```
///
/// It cannot be cloned:
///
/// ```compile_fail,E0599
/// use earshot_store::PreviewTicket;
///
/// fn window(t: &PreviewTicket) -> (u64, u64) {
///     (t.from_ms(), t.window_ms())
/// }
/// fn twice(t: PreviewTicket) -> (PreviewTicket, PreviewTicket) {
///     (t.clone(), t)
/// }
/// ```
///
/// And opening consumes it, so it opens the recording once:
///
/// ```
/// use earshot_store::{PreviewTicket, Store};
///
/// fn listen(s: &mut Store, t: PreviewTicket) {
///     let _ = s.open_preview(t);
/// }
/// ```
///
/// ```compile_fail,E0382
/// use earshot_store::{PreviewTicket, Store};
///
/// fn listen(s: &mut Store, t: PreviewTicket) {
///     let _ = s.open_preview(t);
///     let _ = s.open_preview(t);
/// }
/// ```
#[derive(Debug)]
pub struct PreviewTicket {
    session: PreviewSession,
}

impl PreviewTicket {
    /// The preview's row in the store.
    pub fn id(&self) -> i64 {
        self.session.id
    }
    pub fn item(&self) -> ItemId {
        self.session.item
    }
    /// Where the window starts in the recording.
    pub fn from_ms(&self) -> u64 {
        self.session.from_ms
    }
    /// The window debited: the most this preview may play.
    pub fn window_ms(&self) -> u64 {
        self.session.window_ms
    }
    /// The team leader supervising it.
    pub fn supervisor(&self) -> &str {
        &self.session.supervisor
    }
    pub fn sink(&self) -> &str {
        &self.session.sink
    }
}

/// A preview whose recording was opened: what [`Store::end_preview`] needs to refund what was
/// not heard. It cannot open the recording again. Only this crate makes these.
///
/// ```
/// use earshot_store::PreviewSession;
///
/// fn heard(s: &PreviewSession) -> u64 {
///     s.window_ms()
/// }
/// ```
///
/// ```compile_fail,E0451
/// use earshot_store::PreviewSession;
///
/// fn heard(s: &PreviewSession) -> u64 {
///     s.window_ms()
/// }
/// let forged = PreviewSession {
///     id: 1, item: 1, from_ms: 0, window_ms: 1, supervisor: String::new(), sink: String::new(),
/// };
/// ```
#[derive(Debug)]
pub struct PreviewSession {
    id: i64,
    item: ItemId,
    from_ms: u64,
    window_ms: u64,
    supervisor: String,
    sink: String,
}

impl PreviewSession {
    /// The preview's row in the store.
    pub fn id(&self) -> i64 {
        self.id
    }
    pub fn item(&self) -> ItemId {
        self.item
    }
    pub fn from_ms(&self) -> u64 {
        self.from_ms
    }
    pub fn window_ms(&self) -> u64 {
        self.window_ms
    }
    pub fn supervisor(&self) -> &str {
        &self.supervisor
    }
    pub fn sink(&self) -> &str {
        &self.sink
    }
}

/// Permission to play an item in full, granted by the gate. Only this crate makes these;
/// [`Store::open_play`] consumes it.
///
/// ```
/// use earshot_store::PlayPermit;
///
/// fn who(p: &PlayPermit) -> (&str, i64) {
///     (p.user(), p.item())
/// }
/// ```
///
/// ```compile_fail,E0451
/// use earshot_store::PlayPermit;
///
/// fn who(p: &PlayPermit) -> (&str, i64) {
///     (p.user(), p.item())
/// }
/// let forged = PlayPermit { session: todo!() };
/// ```
///
/// ```compile_fail,E0599
/// use earshot_store::PlayPermit;
///
/// fn who(p: &PlayPermit) -> (&str, i64) {
///     (p.user(), p.item())
/// }
/// fn twice(p: PlayPermit) -> (PlayPermit, PlayPermit) {
///     (p.clone(), p)
/// }
/// ```
///
/// ```compile_fail,E0382
/// use earshot_store::{PlayPermit, Store};
///
/// fn listen(s: &mut Store, p: PlayPermit) {
///     let _ = s.open_play(p);
///     let _ = s.open_play(p);
/// }
/// ```
#[derive(Debug)]
pub struct PlayPermit {
    session: PlaySession,
}

impl PlayPermit {
    /// The playback session's id in the audit log.
    pub fn id(&self) -> &str {
        &self.session.id
    }
    pub fn item(&self) -> ItemId {
        self.session.item
    }
    pub fn user(&self) -> &str {
        &self.session.user
    }
    pub fn sink(&self) -> &str {
        &self.session.sink
    }
}

/// Full playback whose recording was opened: what [`Store::record_heard`] and
/// [`Store::end_play`] need. It cannot open the recording again. Only this crate makes these.
///
/// ```
/// use earshot_store::PlaySession;
///
/// fn who(s: &PlaySession) -> &str {
///     s.user()
/// }
/// ```
///
/// ```compile_fail,E0451
/// use earshot_store::PlaySession;
///
/// fn who(s: &PlaySession) -> &str {
///     s.user()
/// }
/// let forged = PlaySession {
///     id: String::new(), item: 1, user: String::new(), sink: String::new(),
/// };
/// ```
#[derive(Debug)]
pub struct PlaySession {
    id: String,
    item: ItemId,
    user: String,
    sink: String,
}

impl PlaySession {
    /// The playback session's id in the audit log.
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn item(&self) -> ItemId {
        self.item
    }
    pub fn user(&self) -> &str {
        &self.user
    }
    pub fn sink(&self) -> &str {
        &self.sink
    }
}

/// A recording opened for listening: a decrypting reader, never a plaintext file.
#[derive(Debug)]
pub struct Recording {
    pub reader: VaultReader<BlobReader>,
    /// The container, as a file-name hint for the decoder.
    pub format: String,
    pub duration_ms: u64,
}

/// The recording lent to [`Store::compute_overview`]'s function: it reads (and seeks) only
/// while that call runs, and fails with an error afterwards, so it cannot be kept for later.
pub struct AnalysisReader {
    inner: VaultReader<BlobReader>,
    open: Arc<AtomicBool>,
}

impl std::fmt::Debug for AnalysisReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnalysisReader")
            .field("len", &self.inner.len())
            .field("open", &self.open.load(Ordering::SeqCst))
            .finish()
    }
}

impl AnalysisReader {
    fn check(&self) -> io::Result<()> {
        if self.open.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the recording was lent for computing its overview, and that is done",
            ))
        }
    }
}

impl Read for AnalysisReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.check()?;
        self.inner.read(buf)
    }
}

impl Seek for AnalysisReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.check()?;
        self.inner.seek(to)
    }
}

pub use crate::triage::{OVERVIEW_BYTES_PER_SECOND, OVERVIEW_HEADER_BYTES, overview_limit};

impl Store {
    /// Opens a preview of `id` from `from_ms` for at most `want_ms` (the allowance left if not
    /// given). The window is debited and the audit entry written before a sample is played; if
    /// the process dies, the debit stands.
    #[allow(clippy::too_many_arguments)]
    pub fn begin_preview(
        &mut self,
        actor: &str,
        id: ItemId,
        from_ms: u64,
        want_ms: Option<u64>,
        supervisor: &str,
        proof: &crate::LeadProof,
        sink: &str,
    ) -> Result<PreviewTicket> {
        let user = self.user(actor)?;
        let (sup, other_leads) = self.overseer(&user, supervisor, proof)?;
        if want_ms == Some(0) {
            return Err(StoreError::BadInput(ItemMsg::PreviewZero.into()));
        }
        self.write_gated(actor, Some(id), Action::Preview, |tx, log| {
            let l = self.load(tx, id)?;
            let o = Oversight {
                supervisor: Some(&sup),
                approver: None,
                other_leads,
                ..Default::default()
            };
            if let Err(missing) = gate::check(Action::Preview, &l.facts, &user, o) {
                return Ok(Err(missing));
            }
            if let Some(rid) = proof.approval() {
                let ask = crate::approvals::Ask::Preview {
                    item: id,
                    from_ms,
                    want_ms,
                };
                self.consume_approval(tx, log, actor, rid, &ask, Some(&sup.name))?;
            }
            let duration = l.row.duration_ms.max(0) as u64;
            if from_ms >= duration {
                return Err(StoreError::BadInput(
                    ItemMsg::TooShort {
                        length: earshot_core::time::format_offset(duration),
                    }
                    .into(),
                ));
            }
            let left = l.facts.preview_left_ms();
            let window = want_ms.unwrap_or(left).min(left).min(duration - from_ms);
            let pid = tx.insert(
                Q::InsertPreview,
                args![
                    id,
                    user.name,
                    sup.name,
                    from_ms as i64,
                    window as i64,
                    sink,
                    log.at
                ],
            )?;
            // A lead supervising a member answers that member's request for a supervised preview.
            super::triage::resolve_requests(
                tx,
                id,
                super::triage::EscalationKind::Preview,
                Some(&user.name),
                &sup.name,
                &log.at,
            )?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::PreviewStart {
                    preview: pid,
                    supervisor: sup.name.clone(),
                    from_ms,
                    window_ms: window,
                    allowance_left_ms: left - window,
                    sink: sink.to_string(),
                },
            )?;
            Ok(Ok(PreviewTicket {
                session: PreviewSession {
                    id: pid,
                    item: id,
                    from_ms,
                    window_ms: window,
                    supervisor: sup.name.clone(),
                    sink: sink.to_string(),
                },
            }))
        })
    }

    /// Closes a preview: what was not played is refunded, and the entry records the exact range
    /// heard. Closing twice changes nothing.
    pub fn end_preview(&mut self, session: &PreviewSession, heard_ms: u64) -> Result<u64> {
        let heard = heard_ms.min(session.window_ms);
        let actor: String = self
            .conn
            .one(Q::PreviewListener, args![session.id], |r| r.get(0))?;
        self.write(|tx, log| {
            let open: Option<i64> = tx.opt(Q::PreviewStillOpen, args![session.id], |r| r.get(0))?;
            if open.is_none() {
                return Ok(heard);
            }
            tx.exec(Q::ClosePreview, args![session.id, heard as i64, log.at])?;
            log.append(
                tx,
                &actor,
                Some(session.item),
                &Event::PreviewEnd {
                    preview: session.id,
                    from_ms: session.from_ms,
                    to_ms: session.from_ms + heard,
                    heard_ms: heard,
                    refunded_ms: session.window_ms - heard,
                    sink: session.sink.clone(),
                },
            )?;
            Ok(heard)
        })
    }

    /// Grants full playback if the gate allows it (and logs the refusal if not).
    pub fn begin_play(&mut self, actor: &str, id: ItemId, sink: &str) -> Result<PlayPermit> {
        let user = self.user(actor)?;
        let session = hex::encode(super::crypto::random_bytes::<8>()?);
        self.write_gated(actor, Some(id), Action::FullPlayback, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(missing) =
                gate::check(Action::FullPlayback, &l.facts, &user, Oversight::default())
            {
                return Ok(Err(missing));
            }
            log.append(
                tx,
                actor,
                Some(id),
                &Event::PlayStart {
                    session: session.clone(),
                    sink: sink.to_string(),
                },
            )?;
            Ok(Ok(PlayPermit {
                session: PlaySession {
                    id: session.clone(),
                    item: id,
                    user: user.name.clone(),
                    sink: sink.to_string(),
                },
            }))
        })
    }

    /// Records a range heard during full playback (written every few seconds while playing).
    pub fn record_heard(&mut self, session: &PlaySession, from_ms: u64, to_ms: u64) -> Result<()> {
        let event = Event::PlayHeard {
            session: session.id.clone(),
            from_ms,
            to_ms,
            sink: session.sink.clone(),
        };
        self.insert_play_range(session, from_ms, to_ms, false, &event)
    }

    /// Claims, before it is played, that `from_ms..to_ms` is about to be heard: kept if the
    /// session never ends normally, replaced by what was heard when it does.
    pub fn claim_ahead(&mut self, session: &PlaySession, from_ms: u64, to_ms: u64) -> Result<()> {
        let event = Event::PlayAhead {
            session: session.id.clone(),
            from_ms,
            to_ms,
        };
        self.insert_play_range(session, from_ms, to_ms, true, &event)
    }

    /// One row of `plays` (heard, or claimed `ahead`) and its audit entry.
    fn insert_play_range(
        &mut self,
        s: &PlaySession,
        from_ms: u64,
        to_ms: u64,
        ahead: bool,
        event: &Event,
    ) -> Result<()> {
        if to_ms <= from_ms {
            return Ok(());
        }
        self.write(|tx, log| {
            tx.exec(
                Q::InsertPlayRange,
                args![
                    s.item,
                    s.user,
                    s.id,
                    from_ms as i64,
                    to_ms as i64,
                    s.sink,
                    log.at,
                    ahead
                ],
            )?;
            log.append(tx, &s.user, Some(s.item), event)?;
            Ok(())
        })
    }

    /// Logs that `item`'s recording broke off at `at_ms` while `actor` listened (`during`:
    /// `preview` or `play`); `detail` is what the reader said, no personal data.
    pub fn log_damaged(
        &mut self,
        actor: &str,
        item: ItemId,
        during: &str,
        at_ms: u64,
        detail: &str,
    ) -> Result<()> {
        self.write(|tx, log| {
            log.append(
                tx,
                actor,
                Some(item),
                &Event::ItemDamaged {
                    during: during.to_string(),
                    at_ms,
                    detail: detail.to_string(),
                },
            )?;
            Ok(())
        })
    }

    /// Closes a playback session with the merged ranges it heard (its claims ahead are
    /// replaced by them).
    pub fn end_play(&mut self, session: &PlaySession) -> Result<Vec<(u64, u64)>> {
        let s = session;
        self.write(|tx, log| {
            tx.exec(Q::DeletePlaysAhead, args![&s.id])?;
            let ranges: Vec<(u64, u64)> = tx.all(Q::SessionRanges, args![s.id], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
            })?;
            let merged = merge_ranges(ranges);
            let heard: u64 = merged.iter().map(|(a, b)| b - a).sum();
            log.append(
                tx,
                &s.user,
                Some(s.item),
                &Event::PlayEnd {
                    session: s.id.clone(),
                    ranges_ms: merged.clone(),
                    heard_ms: heard,
                    sink: s.sink.clone(),
                },
            )?;
            Ok(merged)
        })
    }

    /// Every range of the item heard so far, previews and full playback, merged (milliseconds).
    /// Open previews count in full: the log may over-state, never under-state.
    pub fn heard_ranges(&self, id: ItemId) -> Result<Vec<(u64, u64)>> {
        let v = self.conn.all(Q::PreviewRanges, args![id], |r| {
            Ok((
                r.get::<_, i64>(0)?.max(0) as u64,
                r.get::<_, i64>(1)?.max(0) as u64,
            ))
        })?;
        Ok(merge_ranges(v))
    }

    /// The decrypting reader behind every permit. Crate-private: outside this crate the
    /// recording is reached only through a permit or [`Store::compute_overview`].
    pub(crate) fn open_recording(&self, id: ItemId) -> Result<Recording> {
        let l = self.load(self.db(), id)?;
        let keys: ItemKeys = self
            .item_keys(&l.row)?
            .ok_or_else(|| StoreError::BadInput(ItemMsg::DeletedNoPlay { id }.into()))?;
        let blob = self.open_blob(id, &l.row.blob)?;
        let reader = VaultReader::new(blob, &keys.blob).map_err(|e| {
            StoreError::Integrity(
                ItemMsg::RecordingDamaged {
                    id,
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        Ok(Recording {
            reader,
            format: l.row.container.clone(),
            duration_ms: l.row.duration_ms.max(0) as u64,
        })
    }

    /// Computes an item's waveform overview and stores it (sealed with the item's key), without
    /// a permit: the overview is shown to everyone who may see the item.
    ///
    /// `compute` is lent the decrypting reader (with its length and container) and returns the
    /// overview's bytes. What keeps this from being a way around the gate:
    /// - the caller gets back only what `compute` returned, and only if it is at most
    ///   [`overview_limit`] bytes ([`OVERVIEW_BYTES_PER_SECOND`] per second of recording, too
    ///   little to carry intelligible speech); anything larger is refused and not stored;
    /// - the reader works only while `compute` runs: it is revoked when `compute` returns, so
    ///   a reader smuggled out of `compute` (into a variable or another thread) only gives
    ///   errors afterwards.
    ///
    /// What the store cannot stop is `compute` itself playing or copying what it reads while
    /// it runs: it is the binary's own code, reviewed like the rest. The one implementation is
    /// `earshot::session::waveform`, which decodes the recording once into peak and RMS levels.
    pub fn compute_overview<E: From<StoreError>>(
        &mut self,
        item: ItemId,
        compute: impl FnOnce(AnalysisReader, u64, &str) -> std::result::Result<Vec<u8>, E>,
    ) -> std::result::Result<Vec<u8>, E> {
        let rec = self.open_recording(item)?;
        let open = Arc::new(AtomicBool::new(true));
        let len = rec.reader.len();
        let reader = AnalysisReader {
            inner: rec.reader,
            open: Arc::clone(&open),
        };
        let out = compute(reader, len, &rec.format);
        open.store(false, Ordering::SeqCst);
        let bytes = out?;
        // `save_waveform` refuses an overview larger than the recording allows.
        self.save_waveform(item, &bytes)?;
        Ok(bytes)
    }

    /// The recording behind an open preview, with the handle that closes it. The ticket is
    /// used up. A preview that has ended, or that this store does not know, is refused
    /// ([`StoreError::Integrity`]). If the recording cannot be opened, nothing was heard: the
    /// preview is closed here and its window refunded, and the error returned.
    pub fn open_preview(&mut self, ticket: PreviewTicket) -> Result<(Recording, PreviewSession)> {
        let session = ticket.session;
        let row: Option<(ItemId, bool)> =
            self.conn.opt(Q::PreviewState, args![session.id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        match row {
            None => {
                return Err(StoreError::Integrity(
                    ItemMsg::PreviewUnknown {
                        preview: session.id,
                    }
                    .into(),
                ));
            }
            Some((item, _)) if item != session.item => {
                return Err(StoreError::Integrity(
                    ItemMsg::PreviewOtherItem {
                        preview: session.id,
                        item,
                        wanted: session.item,
                    }
                    .into(),
                ));
            }
            Some((_, true)) => {
                return Err(StoreError::Integrity(
                    ItemMsg::PreviewEnded {
                        preview: session.id,
                        item: session.item,
                    }
                    .into(),
                ));
            }
            Some((_, false)) => {}
        }
        match self.open_recording(session.item) {
            Ok(rec) => Ok((rec, session)),
            Err(e) => {
                let _ = self.end_preview(&session, 0);
                Err(e)
            }
        }
    }

    /// The recording behind a playback permit, with the handle that records what is heard and
    /// closes the session. The permit is used up.
    pub fn open_play(&self, permit: PlayPermit) -> Result<(Recording, PlaySession)> {
        let rec = self.open_recording(permit.session.item)?;
        Ok((rec, permit.session))
    }
}

#[cfg(test)]
mod tests;
