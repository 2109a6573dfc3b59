//! Erasure (GDPR art. 17): a subject's request to erase the recording, its clock (art. 12(3):
//! one month, extendable once by at most two), and a team leader's decision. A granted request
//! is carried out by deleting the item (`earshot delete`, with its own approval): until then it
//! stays due.

use crate::backend::{Db, DbExt, Q, args};
use chrono::NaiveDate;

use super::views::*;
use super::*;
use crate::crypto::{Column, Place};
use crate::rows::{Loaded, deleted_err, load_row};
use crate::sealing::next_row;
use crate::{Result, Store, StoreError, crypto};
use earshot_core::audit::{ErasureDecision, Event, keyed_hash};
use earshot_core::deadlines::{ACCESS_MAX_EXTENSION_MONTHS, AccessClock};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::ItemId;

/// One row of `erasure_requests` as read.
type ErasureRow = (
    i64,
    ItemId,
    Option<Vec<u8>>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    bool,
);

/// The subject's latest request for the item: its id and decision.
fn last_request(tx: &dyn Db, id: ItemId, key: &str) -> Result<Option<(i64, Option<String>)>> {
    tx.opt(Q::LastErasureRequestFor, args![id, key], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

/// The subject's undecided request for the item; a clear sentence when there is none.
fn undecided(tx: &dyn Db, l: &Loaded, name: &str, key: &str) -> Result<i64> {
    let id = l.row.id;
    match last_request(tx, id, key)? {
        Some((rid, None)) => Ok(rid),
        Some((rid, Some(d))) => Err(StoreError::BadInput(
            DueMsg::ErasureDecided {
                name: name.to_string(),
                id,
                request: rid,
                granted: d == ErasureDecision::Granted.as_str(),
            }
            .into(),
        )),
        None => Err(StoreError::BadInput(
            DueMsg::NoOpenErasure {
                name: name.to_string(),
                id,
            }
            .into(),
        )),
    }
}

impl Store {
    /// Erasure requests, for one item or all; `open_only`: only those still to be decided.
    pub fn erasure_requests(
        &self,
        item: Option<ItemId>,
        open_only: bool,
    ) -> Result<Vec<ErasureView>> {
        let today = self.today();
        let rows: Vec<ErasureRow> = self
            .conn
            .all(Q::ErasureRequests, args![item], |r| r.tuple())?;
        let mut out = Vec::new();
        for (
            rid,
            item,
            sealed,
            received,
            due,
            extended,
            decision,
            decided_by,
            decided_on,
            by,
            at,
            item_deleted,
        ) in rows
        {
            let p = self.erasure_private(item, rid, sealed.as_deref())?;
            let clock = AccessClock {
                requested_on: parse_day(&received)?,
                due_original: parse_day(&due)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            let v = ErasureView {
                id: rid,
                item,
                subject: p.as_ref().map(|p| p.subject.clone()),
                received_on: clock.requested_on,
                due_on: clock.due(),
                due_original: clock.due_original,
                extended_to: clock.extended_to,
                extension_reason: p.as_ref().and_then(|p| p.extension_reason.clone()),
                overdue: decision.is_none() && !item_deleted && clock.overdue(today),
                decision,
                decision_reason: p.and_then(|p| p.decision_reason),
                decided_by,
                decided_on: decided_on.as_deref().map(parse_day).transpose()?,
                item_deleted,
                recorded_by: by,
                recorded_at: at,
            };
            if !open_only || v.open() {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// The sealed part of request `rid` about `item` (`None` once the item's key is gone).
    fn erasure_private(
        &self,
        item: ItemId,
        rid: i64,
        sealed: Option<&[u8]>,
    ) -> Result<Option<ErasurePrivate>> {
        let Some(s) = sealed else { return Ok(None) };
        let row = load_row(self.db(), item)?;
        let Some(k) = self.item_keys(&row)? else {
            return Ok(None);
        };
        let text = crypto::open_str(&k.fields, &Place::erasure_request(item, rid), s)?;
        decode(&text, DueMsg::ErasureUnreadable).map(Some)
    }

    /// One erasure request.
    pub fn erasure_view(&self, rid: i64) -> Result<ErasureView> {
        self.erasure_requests(None, false)?
            .into_iter()
            .find(|e| e.id == rid)
            .ok_or_else(|| StoreError::BadInput(DueMsg::NoErasureRequest { id: rid }.into()))
    }

    /// Changes the sealed part of request `rid` about item `l`, in the transaction `tx`.
    fn reseal_erasure(
        tx: &dyn Db,
        l: &Loaded,
        rid: i64,
        f: impl FnOnce(&mut ErasurePrivate),
    ) -> Result<Vec<u8>> {
        let keys = l.keys.as_ref().ok_or_else(|| deleted_err(l.row.id))?;
        let place = Place::erasure_request(l.row.id, rid);
        let sealed: Option<Vec<u8>> = tx.one(Q::ErasureRequestRow, args![rid], |r| r.get(3))?;
        let mut p: ErasurePrivate = match sealed {
            Some(s) => decode(
                &crypto::open_str(&keys.fields, &place, &s)?,
                DueMsg::ErasureUnreadable,
            )?,
            None => ErasurePrivate::default(),
        };
        f(&mut p);
        crypto::seal_str(&keys.fields, &place, &encode(&p)?)
    }

    /// Opens a subject's request to erase the recording of item `id`, received on
    /// `received_on` (default today; neither in the future nor before the item came in): to
    /// be decided within one month, moved off weekends and public holidays.
    pub fn erasure_request(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        received_on: Option<NaiveDate>,
    ) -> Result<ErasureView> {
        self.user(actor)?;
        let on = self.past_or_today(received_on, DateOf::RequestReceived)?;
        let rid = self.write(|tx, log| {
            let l = self.load(tx, id)?;
            let (p, key) = subject_key(&l, subject)?;
            let name = p.name;
            let item_received = day_of(&l.row.received_at);
            if on < item_received {
                return Err(StoreError::BadInput(
                    DueMsg::BeforeItemReceived {
                        what: DateOf::RequestReceived,
                        date: on.to_string(),
                        id,
                        received: item_received.to_string(),
                    }
                    .into(),
                ));
            }
            match last_request(tx, id, &key)? {
                Some((open, None)) => {
                    return Err(StoreError::BadInput(
                        DueMsg::ErasureOpen { name, id, open }.into(),
                    ));
                }
                Some((request, Some(d))) if d == ErasureDecision::Granted.as_str() => {
                    return Err(StoreError::BadInput(
                        DueMsg::ErasureGranted { name, id, request }.into(),
                    ));
                }
                _ => {}
            }
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let clock = AccessClock::new(on);
            let rid = next_row(tx, Column::ErasureRequest)?;
            let sealed = crypto::seal_str(
                &keys.fields,
                &Place::erasure_request(id, rid),
                &encode(&ErasurePrivate {
                    subject: name,
                    ..Default::default()
                })?,
            )?;
            tx.exec(
                Q::InsertErasureRequest,
                args![
                    id,
                    key,
                    sealed,
                    on.to_string(),
                    clock.due().to_string(),
                    actor,
                    log.at,
                    rid
                ],
            )?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::ErasureRequest {
                    request: rid,
                    subject: key,
                    requested_on: on,
                    due_on: clock.due(),
                },
            )?;
            Ok(rid)
        })?;
        self.erasure_view(rid)
    }

    /// Extends a subject's undecided erasure request once, by one or two months, with a
    /// reason (kept sealed; the log has its keyed hash).
    pub fn erasure_extend(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        months: u32,
        reason: &str,
    ) -> Result<ErasureView> {
        self.user(actor)?;
        let reason = non_empty(Field::ExtensionReason, reason)?;
        let today = self.today();
        let rid = self.write(|tx, log| {
            let l = self.load(tx, id)?;
            let (p, key) = subject_key(&l, subject)?;
            let name = p.name;
            let rid = undecided(tx, &l, &name, &key)?;
            let (received, due, extended): (String, String, Option<String>) =
                tx.one(Q::ErasureRequestRow, args![rid], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            let clock = AccessClock {
                requested_on: parse_day(&received)?,
                due_original: parse_day(&due)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            // The clock's own sentence names access requests: this one names erasure.
            if clock.extended_to.is_none() && (months == 0 || months > ACCESS_MAX_EXTENSION_MONTHS)
            {
                return Err(StoreError::BadInput(
                    DueMsg::ErasureMonths { months }.into(),
                ));
            }
            let new = clock
                .extend(months, today)
                .map_err(|why| StoreError::BadInput(DueMsg::NoExtension { why }.into()))?;
            let sealed =
                Self::reseal_erasure(tx, &l, rid, |p| p.extension_reason = Some(reason.clone()))?;
            let to = new.due();
            tx.exec(Q::ExtendErasureRequest, args![rid, to.to_string(), sealed])?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::ErasureExtend {
                    request: rid,
                    months,
                    to,
                    reason: keyed_hash(keys.audit.bytes(), &reason),
                },
            )?;
            Ok(rid)
        })?;
        self.erasure_view(rid)
    }

    /// A team leader decides a subject's erasure request, with a reason (for a refusal, the
    /// ground of art. 17(3) in words). Granted, the item is due for deletion by the request's
    /// due date; the deletion itself is `delete_certified`'s, with its own approval. A worker
    /// is refused by the gate, and the refusal logged.
    pub fn erasure_decide(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        decision: ErasureDecision,
        reason: &str,
    ) -> Result<ErasureView> {
        let user = self.user(actor)?;
        let reason = non_empty(Field::DecisionReason, reason)?;
        let today = self.today();
        let rid = self.write_gated(actor, Some(id), Action::DecideErasure, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(m) =
                gate::check(Action::DecideErasure, &l.facts, &user, Oversight::default())
            {
                return Ok(Err(m));
            }
            let (p, key) = subject_key(&l, subject)?;
            let name = p.name;
            let rid = undecided(tx, &l, &name, &key)?;
            let sealed =
                Self::reseal_erasure(tx, &l, rid, |p| p.decision_reason = Some(reason.clone()))?;
            tx.exec(
                Q::DecideErasureRequest,
                args![rid, decision.as_str(), actor, today.to_string(), sealed],
            )?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::ErasureDecide {
                    request: rid,
                    decision,
                    on: today,
                    reason: keyed_hash(keys.audit.bytes(), &reason),
                },
            )?;
            Ok(Ok(rid))
        })?;
        self.erasure_view(rid)
    }
}
