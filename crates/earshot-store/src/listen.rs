//! Listening: previews debited before they start and refunded to what was heard, full playback
//! recorded range by range, and the only way to read a recording out of the vault.

use std::fs::File;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::vault::VaultReader;
use super::{Result, Store, StoreError};
use crate::rows::ItemKeys;
use earshot_core::audit::Event;
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::ItemId;
use earshot_core::time::merge_ranges;

/// An open preview: its whole window is already debited from the item's allowance.
/// Only the store makes these.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct PreviewTicket {
    pub id: i64,
    pub item: ItemId,
    pub from_ms: u64,
    pub window_ms: u64,
    pub supervisor: String,
    pub sink: String,
}

/// Permission to play an item in full, granted by the gate. Only the store makes these.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct PlayPermit {
    pub session: String,
    pub item: ItemId,
    pub user: String,
    pub sink: String,
}

/// A recording opened for listening: a decrypting reader, never a plaintext file.
#[derive(Debug)]
pub struct Recording {
    pub reader: VaultReader<File>,
    /// The container, as a file-name hint for the decoder.
    pub format: String,
    pub duration_ms: u64,
}

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
        pin: Option<&str>,
        sink: &str,
    ) -> Result<PreviewTicket> {
        let user = self.user(actor)?;
        let sup = self.overseer(&user, supervisor, pin)?;
        if want_ms == Some(0) {
            return Err(StoreError::BadInput(
                "a preview of 0 seconds hears nothing".into(),
            ));
        }
        self.write_gated(actor, Some(id), Action::Preview, |tx, log| {
            let l = self.load(tx, id)?;
            let o = Oversight { supervisor: Some(&sup), approver: None };
            if let Err(missing) = gate::check(Action::Preview, &l.facts, &user, o) {
                return Ok(Err(missing));
            }
            let duration = l.row.duration_ms.max(0) as u64;
            if from_ms >= duration {
                return Err(StoreError::BadInput(format!(
                    "the recording is only {} long; choose a start before its end",
                    earshot_core::time::format_offset(duration)
                )));
            }
            let left = l.facts.preview_left_ms();
            let window = want_ms.unwrap_or(left).min(left).min(duration - from_ms);
            tx.execute(
                "INSERT INTO previews(item_id, user_name, supervisor, from_ms, window_ms, sink, started_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, user.name, sup.name, from_ms as i64, window as i64, sink, log.at],
            )?;
            let pid = tx.last_insert_rowid();
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
                id: pid,
                item: id,
                from_ms,
                window_ms: window,
                supervisor: sup.name.clone(),
                sink: sink.to_string(),
            }))
        })
    }

    /// Closes a preview: what was not played is refunded, and the entry records the exact range
    /// heard. Closing twice changes nothing.
    pub fn end_preview(&mut self, ticket: &PreviewTicket, heard_ms: u64) -> Result<u64> {
        let heard = heard_ms.min(ticket.window_ms);
        let actor: String = self.conn.query_row(
            "SELECT user_name FROM previews WHERE id = ?1",
            [ticket.id],
            |r| r.get(0),
        )?;
        self.write(|tx, log| {
            let open: Option<i64> = tx
                .query_row(
                    "SELECT id FROM previews WHERE id = ?1 AND heard_ms IS NULL",
                    [ticket.id],
                    |r| r.get(0),
                )
                .optional()?;
            if open.is_none() {
                return Ok(heard);
            }
            tx.execute(
                "UPDATE previews SET heard_ms = ?2, ended_at = ?3 WHERE id = ?1",
                params![ticket.id, heard as i64, log.at],
            )?;
            log.append(
                tx,
                &actor,
                Some(ticket.item),
                &Event::PreviewEnd {
                    preview: ticket.id,
                    from_ms: ticket.from_ms,
                    to_ms: ticket.from_ms + heard,
                    heard_ms: heard,
                    refunded_ms: ticket.window_ms - heard,
                    sink: ticket.sink.clone(),
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
                session: session.clone(),
                item: id,
                user: user.name.clone(),
                sink: sink.to_string(),
            }))
        })
    }

    /// Records a range heard during full playback (written every few seconds while playing).
    pub fn record_heard(&mut self, permit: &PlayPermit, from_ms: u64, to_ms: u64) -> Result<()> {
        if to_ms <= from_ms {
            return Ok(());
        }
        self.write(|tx, log| {
            tx.execute(
                "INSERT INTO plays(item_id, user_name, session, from_ms, to_ms, sink, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![permit.item, permit.user, permit.session, from_ms as i64, to_ms as i64, permit.sink, log.at],
            )?;
            log.append(
                tx,
                &permit.user,
                Some(permit.item),
                &Event::PlayHeard { session: permit.session.clone(), from_ms, to_ms, sink: permit.sink.clone() },
            )?;
            Ok(())
        })
    }

    /// Closes a playback session with the merged ranges it heard.
    pub fn end_play(&mut self, permit: &PlayPermit) -> Result<Vec<(u64, u64)>> {
        self.write(|tx, log| {
            let ranges: Vec<(u64, u64)> = {
                let mut st = tx.prepare("SELECT from_ms, to_ms FROM plays WHERE session = ?1")?;
                st.query_map([&permit.session], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<rusqlite::Result<_>>()?
            };
            let merged = merge_ranges(ranges);
            let heard: u64 = merged.iter().map(|(a, b)| b - a).sum();
            log.append(
                tx,
                &permit.user,
                Some(permit.item),
                &Event::PlayEnd {
                    session: permit.session.clone(),
                    ranges_ms: merged.clone(),
                    heard_ms: heard,
                    sink: permit.sink.clone(),
                },
            )?;
            Ok(merged)
        })
    }

    /// Every range of the item heard so far, previews and full playback, merged (milliseconds).
    /// Open previews count in full: the log may over-state, never under-state.
    pub fn heard_ranges(&self, id: ItemId) -> Result<Vec<(u64, u64)>> {
        let mut st = self.conn.prepare(
            "SELECT from_ms, from_ms + COALESCE(heard_ms, window_ms) FROM previews WHERE item_id = ?1 \
             UNION ALL SELECT from_ms, to_ms FROM plays WHERE item_id = ?1",
        )?;
        let v = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?.max(0) as u64,
                    r.get::<_, i64>(1)?.max(0) as u64,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(merge_ranges(v))
    }

    pub(super) fn open_recording(&self, id: ItemId) -> Result<Recording> {
        let l = self.load(&self.conn, id)?;
        let keys: ItemKeys = self.item_keys(&l.row)?.ok_or_else(|| {
            StoreError::BadInput(format!("item {id} has been deleted; it cannot be played"))
        })?;
        let path = self.vault_dir().join(format!("{}.esv", l.row.blob));
        let file = File::open(&path).map_err(|e| {
            StoreError::Integrity(format!(
                "item {id}'s recording is missing from the vault ({e}); run `earshot doctor`"
            ))
        })?;
        let reader = VaultReader::new(file, &keys.blob)
            .map_err(|e| StoreError::Integrity(format!("item {id}: {e}")))?;
        Ok(Recording {
            reader,
            format: l.row.container.clone(),
            duration_ms: l.row.duration_ms.max(0) as u64,
        })
    }

    /// The recording, for computing its waveform overview (not for listening: the overview
    /// shows loudness over time, nothing that can be heard).
    pub fn open_for_analysis(&self, item: ItemId) -> Result<Recording> {
        self.open_recording(item)
    }

    /// The recording behind an open preview.
    pub fn open_preview(&self, ticket: &PreviewTicket) -> Result<Recording> {
        self.open_recording(ticket.item)
    }

    /// The recording behind a playback permit.
    pub fn open_play(&self, permit: &PlayPermit) -> Result<Recording> {
        self.open_recording(permit.item)
    }
}
