//! Triage: escalations to the team leaders, assignments, and the stored waveform. (Known copies
//! of a recording elsewhere are `copies`.)

use crate::backend::{Db, DbExt, Q, args};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, crypto};
use crate::crypto::{Column, Place};
use crate::msg::{Field, ItemMsg, StoreMsg, TeamMsg};
use crate::rows::{deleted_err, load_row};
use crate::sealing::next_row;
use earshot_core::audit::{Event, keyed_hash};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::ItemId;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EscalationView {
    pub id: i64,
    pub item: ItemId,
    /// `other`, `preview` (a supervised preview is asked for) or `exception` (an exception to
    /// notifying a parent awaits a lead's approval).
    pub kind: EscalationKind,
    pub by: String,
    pub reason: Option<String>,
    pub at: String,
    pub resolved_at: Option<String>,
    /// The lead who resolved or dismissed it (or whose action answered it).
    #[serde(default)]
    pub resolved_by: Option<String>,
    /// `resolved` or `dismissed`, once it is no longer open.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Why it was dismissed.
    #[serde(default)]
    pub note: Option<String>,
}

/// What a worker asks the team leaders for (defined in core: the audit log records it).
pub use earshot_core::model::EscalationKind;

/// Marks open requests of `kind` for an item as resolved (inside a running transaction); with
/// `asked_by`, only that member's requests.
pub(crate) fn resolve_requests(
    tx: &dyn Db,
    item: ItemId,
    kind: EscalationKind,
    asked_by: Option<&str>,
    by: &str,
    at: &str,
) -> Result<usize> {
    tx.exec(
        Q::ResolveEscalationsOf,
        args![item, kind.as_str(), at, by, asked_by],
    )
}

impl Store {
    /// A worker asks the team leaders to look at an item.
    pub fn escalate(&mut self, actor: &str, item: ItemId, reason: &str) -> Result<i64> {
        self.escalate_for(actor, item, reason, EscalationKind::Other)
    }

    /// A worker asks the team leaders for something in particular (a supervised preview, the
    /// approval of an exception).
    pub fn escalate_for(
        &mut self,
        actor: &str,
        item: ItemId,
        reason: &str,
        kind: EscalationKind,
    ) -> Result<i64> {
        self.user(actor)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::BadInput(
                ItemMsg::Empty {
                    field: Field::EscalationReason,
                }
                .into(),
            ));
        }
        let row = load_row(self.db(), item)?;
        let keys = self.item_keys(&row)?.ok_or_else(|| deleted_err(item))?;
        let h = keyed_hash(keys.audit.bytes(), reason);
        self.write(|tx, log| {
            let id = next_row(tx, Column::Escalation)?;
            let sealed = crypto::seal_str(&keys.fields, &Place::escalation(item, id), reason)?;
            tx.exec(
                Q::InsertEscalation,
                args![item, actor, sealed, log.at, kind.as_str(), id],
            )?;
            log.append(
                tx,
                actor,
                Some(item),
                &Event::ItemEscalate {
                    escalation: id,
                    kind,
                    reason: h.clone(),
                },
            )?;
            Ok(id)
        })
    }

    /// Open escalations (all items, or one).
    pub fn escalations(&self, item: Option<ItemId>) -> Result<Vec<EscalationView>> {
        let rows = self.conn.all(Q::Escalations, args![item], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get(2)?,
                r.get::<_, Option<Vec<u8>>>(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get::<_, String>(6)?,
                (r.get(7)?, r.get(8)?, r.get::<_, Option<Vec<u8>>>(9)?),
            ))
        })?;
        let mut out = Vec::new();
        for (id, item, by, sealed, at, resolved_at, kind, (resolved_by, outcome, note)) in rows {
            let row = load_row(self.db(), item)?;
            let keys = self.item_keys(&row)?;
            let open = |s: Option<Vec<u8>>, place: Place| -> Result<Option<String>> {
                match (&keys, s) {
                    (Some(k), Some(s)) => Ok(Some(crypto::open_str(&k.fields, &place, &s)?)),
                    _ => Ok(None),
                }
            };
            let reason = open(sealed, Place::escalation(item, id))?;
            let note = open(note, Place::escalation_note(item, id))?;
            out.push(EscalationView {
                id,
                item,
                kind: EscalationKind::parse(&kind).map_err(|detail| {
                    StoreError::Integrity(StoreMsg::StoredValueUnknown { detail }.into())
                })?,
                by,
                reason,
                at,
                resolved_at,
                resolved_by,
                outcome,
                note,
            });
        }
        Ok(out)
    }

    /// A team leader ends a request to the team leaders by hand: resolved, or dismissed with
    /// a note saying why (`dismiss`). Requests the lead's own action answers (a supervised
    /// preview, an approved exception, an assignment) resolve themselves.
    pub fn resolve_escalation(
        &mut self,
        actor: &str,
        id: i64,
        dismiss: Option<&str>,
    ) -> Result<EscalationView> {
        let me = self.user(actor)?;
        let note = dismiss.map(str::trim);
        if note == Some("") {
            return Err(StoreError::BadInput(TeamMsg::DismissWhy.into()));
        }
        let state = |db: &dyn Db| {
            db.opt(Q::EscalationState, args![id], |r| {
                Ok((
                    r.get::<_, ItemId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?
            .ok_or_else(|| StoreError::BadInput(TeamMsg::NoEscalation { id }.into()))
        };
        let (item, _, _) = state(self.db())?;
        let row = load_row(self.db(), item)?;
        let keys = self.item_keys(&row)?;
        self.write_gated(actor, Some(item), Action::Triage, |tx, log| {
            let l = self.load(tx, item)?;
            if let Err(m) = gate::check(Action::Triage, &l.facts, &me, Oversight::default()) {
                return Ok(Err(m));
            }
            // Read again inside the transaction: another lead may have just handled it.
            let (_, kind, resolved) = state(tx)?;
            if resolved.is_some() {
                return Err(StoreError::BadInput(
                    TeamMsg::EscalationClosed { id }.into(),
                ));
            }
            let kind = EscalationKind::parse(&kind).map_err(|detail| {
                StoreError::Integrity(StoreMsg::StoredValueUnknown { detail }.into())
            })?;
            let (sealed, hash) = match (note, &keys) {
                (Some(n), Some(k)) => (
                    Some(crypto::seal_str(
                        &k.fields,
                        &Place::escalation_note(item, id),
                        n,
                    )?),
                    Some(keyed_hash(k.audit.bytes(), n)),
                ),
                _ => (None, None),
            };
            let outcome = if note.is_some() {
                "dismissed"
            } else {
                "resolved"
            };
            tx.exec(
                Q::CloseEscalation,
                args![id, log.at, actor, outcome, sealed],
            )?;
            log.append(
                tx,
                actor,
                Some(item),
                &Event::ItemResolve {
                    escalation: id,
                    kind,
                    dismissed: note.is_some(),
                    note: hash,
                },
            )?;
            Ok(Ok(()))
        })?;
        self.escalations(Some(item))?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| StoreError::BadInput(TeamMsg::NoEscalation { id }.into()))
    }

    /// A team leader assigns an item to a team member (which also resolves its escalations).
    pub fn assign(&mut self, actor: &str, item: ItemId, to: &str) -> Result<()> {
        let me = self.user(actor)?;
        self.user(to)?;
        self.write_gated(actor, Some(item), Action::Assign, |tx, log| {
            let l = self.load(tx, item)?;
            if let Err(m) = gate::check(Action::Assign, &l.facts, &me, Oversight::default()) {
                return Ok(Err(m));
            }
            tx.exec(Q::SetAssignee, args![item, to])?;
            let n = tx.exec(Q::ResolveAllEscalationsOf, args![item, log.at, actor])?;
            log.append(
                tx,
                actor,
                Some(item),
                &Event::ItemAssign {
                    to: to.to_string(),
                    escalations_resolved: n,
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// Stores an item's waveform overview (encrypted with the item's key); replaces any earlier one.
    pub fn save_waveform(&mut self, item: ItemId, bytes: &[u8]) -> Result<()> {
        let row = load_row(self.db(), item)?;
        let keys = self.item_keys(&row)?.ok_or_else(|| deleted_err(item))?;
        // An overview is a few bytes a second of recording: never more (see `overview_limit`).
        let limit = overview_limit(row.duration_ms.max(0) as u64);
        if bytes.len() as u64 > limit {
            return Err(StoreError::Integrity(
                crate::msg::ItemMsg::OverviewTooBig {
                    item,
                    bytes: bytes.len(),
                    limit,
                }
                .into(),
            ));
        }
        let sealed = crypto::seal(&keys.fields, &Place::waveform(item), bytes)?;
        let at = super::stamp(self.now());
        self.conn.exec(Q::UpsertWaveform, args![item, sealed, at])?;
        Ok(())
    }

    /// An item's stored waveform overview, if one was made.
    pub fn waveform(&self, item: ItemId) -> Result<Option<Vec<u8>>> {
        let row = load_row(self.db(), item)?;
        let Some(keys) = self.item_keys(&row)? else {
            return Ok(None);
        };
        let sealed: Option<Option<Vec<u8>>> =
            self.conn.opt(Q::Waveform, args![item], |r| r.get(0))?;
        match sealed.flatten() {
            Some(s) => Ok(Some(crypto::open(
                &keys.fields,
                &Place::waveform(item),
                &s,
            )?)),
            None => Ok(None),
        }
    }

    /// Items that have no waveform yet (the background worker makes them).
    pub fn items_without_waveform(&self) -> Result<Vec<ItemId>> {
        self.conn
            .all(Q::ItemsWithoutWaveform, args![], |r| r.get(0))
    }
}

/// What [`Store::compute_overview`]'s function (and [`Store::save_waveform`]) may return, at most: this many bytes of header,
/// plus [`OVERVIEW_BYTES_PER_SECOND`] per second of recording.
pub const OVERVIEW_HEADER_BYTES: u64 = 64;

/// The most an overview may hold per second of recording: 40 bytes (320 bit/s), which is a
/// peak and an RMS level per 50 ms. Speech codecs need more than that to be understood
/// (Codec2's lowest mode runs at 450 bit/s); a waveform at this rate shows where the sound is
/// loud, not what is said.
pub const OVERVIEW_BYTES_PER_SECOND: u64 = 40;

/// The largest overview the store accepts for a recording of `duration_ms`.
pub fn overview_limit(duration_ms: u64) -> u64 {
    OVERVIEW_HEADER_BYTES + (duration_ms.saturating_mul(OVERVIEW_BYTES_PER_SECOND)).div_ceil(1000)
}
