//! The complaint register (Awb chapter 9) with its clocks.

use crate::backend::{Db, DbExt, Q, args};
use chrono::NaiveDate;

use super::views::*;
use super::*;
use crate::crypto::{Column, Place};
use crate::rows::load_row;
use crate::sealing::next_row;
use crate::{AuditWriter, Result, Store, StoreError, crypto};
use earshot_core::audit::{Event, HearingSkip};
use earshot_core::deadlines::ComplaintClock;
use earshot_core::gate::{self, Action};
use earshot_core::model::ItemId;

impl Store {
    /// The sealed part of complaint `cid` (about `item`, sealed with the key its `scope`
    /// says).
    pub(super) fn complaint_private(
        &self,
        conn: &dyn Db,
        cid: i64,
        item: Option<ItemId>,
        scope: &str,
        sealed: Option<&[u8]>,
    ) -> Result<Option<ComplaintPrivate>> {
        let Some(s) = sealed else { return Ok(None) };
        let place = Place::complaint(item, cid);
        let text = if scope == "item" {
            let Some(item) = item else { return Ok(None) };
            let row = load_row(conn, item)?;
            match self.item_keys(&row)? {
                Some(k) => crypto::open_str(&k.fields, &place, s)?,
                None => return Ok(None),
            }
        } else {
            crypto::open_str(&self.master.store_fields(), &place, s)?
        };
        Ok(Some(decode(&text, DueMsg::ComplaintUnreadable)?))
    }

    /// Seals a complaint's text with the store's key. A complaint is its author's record, not
    /// part of the recording: it outlives the recording's deletion (which the complainant may
    /// well have asked for) and is kept with the complaint register.
    pub(super) fn seal_complaint(
        &self,
        cid: i64,
        item: Option<ItemId>,
        p: &ComplaintPrivate,
    ) -> Result<(&'static str, Vec<u8>)> {
        let text = encode(p)?;
        Ok((
            "store",
            crypto::seal_str(
                &self.master.store_fields(),
                &Place::complaint(item, cid),
                &text,
            )?,
        ))
    }

    pub(super) fn complaints_where(
        &self,
        conn: &dyn Db,
        q: Q,
        arg: &dyn crate::backend::Arg,
    ) -> Result<Vec<ComplaintView>> {
        let today = self.today();
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            Option<i64>,
            Option<String>,
            String,
            Option<Vec<u8>>,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        )> = conn.all(q, &[arg], |r| r.tuple())?;
        let mut out = Vec::new();
        for (
            id,
            item,
            case,
            scope,
            sealed,
            kind,
            status,
            received,
            ack_by,
            acked,
            decide_by,
            extended,
            downgraded_by,
            closed,
            by,
            at,
        ) in rows
        {
            let p = self.complaint_private(conn, id, item, &scope, sealed.as_deref())?;
            let destroyed = p.as_ref().is_none_or(|p| p.text.is_none());
            let p = p.unwrap_or_default();
            let clock = ComplaintClock {
                received_on: parse_day(&received)?,
                acknowledge_by: parse_day(&ack_by)?,
                decide_by_original: parse_day(&decide_by)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            let acked = acked.as_deref().map(parse_day).transpose()?;
            let (heard_on, heard_by, skipped): (Option<String>, Option<String>, Option<String>) =
                conn.one(Q::ComplaintHearing, args![id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            let open = status == "open";
            let is_complaint = kind == "complaint";
            out.push(ComplaintView {
                id,
                item,
                case,
                overdue: open && is_complaint && clock.decision_overdue(today),
                acknowledgement_overdue: open
                    && is_complaint
                    && acked.is_none()
                    && clock.acknowledgement_overdue(today),
                kind,
                status,
                from: p.from,
                text: p.text,
                received_on: clock.received_on,
                acknowledge_by: clock.acknowledge_by,
                acknowledged_on: acked,
                decide_by: clock.decide_by(),
                decide_by_original: clock.decide_by_original,
                extended_to: clock.extended_to,
                extension_reason: p.extension_reason,
                downgraded_by,
                downgrade_reason: p.downgrade_reason,
                outcome: p.outcome,
                closed_on: closed.as_deref().map(parse_day).transpose()?,
                heard_on: heard_on.as_deref().map(parse_day).transpose()?,
                heard_by,
                hearing_skipped: skipped.as_deref().and_then(HearingSkip::parse),
                hearing_notes: p.hearing_notes,
                involved_reason: p.involved_reason,
                text_destroyed: destroyed,
                registered_by: by,
                registered_at: at,
            });
        }
        Ok(out)
    }

    /// The complaint register: all, one item's, or only the open ones.
    pub fn complaints(&self, item: Option<ItemId>, open_only: bool) -> Result<Vec<ComplaintView>> {
        let q = match (item.is_some(), open_only) {
            (true, true) => Q::ComplaintsOfItemOpen,
            (true, false) => Q::ComplaintsOfItem,
            (false, true) => Q::ComplaintsOpen,
            (false, false) => Q::ComplaintsAll,
        };
        self.complaints_where(self.db(), q, &item)
    }

    /// One complaint.
    pub fn complaint(&self, id: i64) -> Result<ComplaintView> {
        self.complaints_where(self.db(), Q::ComplaintById, &id)?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::BadInput(DueMsg::NoComplaint { id }.into()))
    }

    /// Open complaints whose decision (or acknowledgement) is late: for the queue and the
    /// escalation view.
    pub fn overdue_complaints(&self) -> Result<Vec<ComplaintView>> {
        Ok(self
            .complaints(None, true)?
            .into_iter()
            .filter(|c| c.overdue || c.acknowledgement_overdue)
            .collect())
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn insert_complaint(
        &self,
        tx: &dyn Db,
        log: &mut AuditWriter,
        actor: &str,
        item: Option<ItemId>,
        case: Option<String>,
        from: &str,
        text: &str,
        received: NaiveDate,
    ) -> Result<i64> {
        let clock = ComplaintClock::new(received);
        let private = ComplaintPrivate {
            from: Some(from.to_string()),
            text: Some(text.to_string()),
            ..Default::default()
        };
        let cid = next_row(tx, Column::Complaint)?;
        let (scope, sealed) = self.seal_complaint(cid, item, &private)?;
        tx.exec(
            Q::InsertComplaint,
            args![
                item,
                case,
                scope,
                sealed,
                received.to_string(),
                clock.acknowledge_by.to_string(),
                clock.decide_by().to_string(),
                actor,
                log.at,
                cid
            ],
        )?;
        log.append(
            tx,
            actor,
            item,
            &Event::ComplaintAdd {
                complaint: cid,
                received_on: received,
                acknowledge_by: clock.acknowledge_by,
                decide_by: clock.decide_by(),
            },
        )?;
        Ok(cid)
    }

    /// Registers a complaint. Every expression of dissatisfaction is a complaint until a team
    /// leader decides otherwise, in writing.
    pub fn complaint_add(
        &mut self,
        actor: &str,
        from: &str,
        item: Option<ItemId>,
        text: &str,
        received_on: Option<NaiveDate>,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let from = non_empty(Field::Complainant, from)?;
        let text = non_empty(Field::ComplaintText, text)?;
        let on = self.past_or_today(received_on, DateOf::ComplaintReceived)?;
        let case = match item {
            Some(i) => Some(load_row(self.db(), i)?.case_id),
            None => None,
        };
        let cid = self.write(|tx, log| {
            self.insert_complaint(tx, log, actor, item, case.clone(), &from, &text, on)
        })?;
        self.complaint(cid)
    }

    pub(super) fn complaint_row(tx: &dyn Db, cid: i64) -> Result<(Option<ItemId>, String, String)> {
        tx.opt(Q::ComplaintScope, args![cid], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .ok_or_else(|| StoreError::BadInput(DueMsg::NoComplaint { id: cid }.into()))
    }

    /// Changes a complaint's sealed text in a transaction.
    pub(super) fn update_complaint_private(
        &self,
        tx: &dyn Db,
        cid: i64,
        f: impl FnOnce(&mut ComplaintPrivate),
    ) -> Result<()> {
        let (item, scope, _) = Self::complaint_row(tx, cid)?;
        let sealed: Option<Vec<u8>> = tx.one(Q::ComplaintSealed, args![cid], |r| r.get(0))?;
        let mut p = self
            .complaint_private(tx, cid, item, &scope, sealed.as_deref())?
            .unwrap_or_default();
        f(&mut p);
        let (scope, sealed) = self.seal_complaint(cid, item, &p)?;
        tx.exec(Q::SetComplaintSealed, args![cid, scope, sealed])?;
        Ok(())
    }

    pub(super) fn open_complaint(tx: &dyn Db, cid: i64) -> Result<Option<ItemId>> {
        let (item, _, status) = Self::complaint_row(tx, cid)?;
        if status != "open" {
            return Err(StoreError::BadInput(
                DueMsg::ComplaintClosed { id: cid }.into(),
            ));
        }
        Ok(item)
    }

    /// Records that the complaint's receipt was confirmed in writing.
    pub fn complaint_ack(
        &mut self,
        actor: &str,
        cid: i64,
        on: Option<NaiveDate>,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let on = self.past_or_today(on, DateOf::Acknowledgement)?;
        self.write(|tx, log| {
            let item = Self::open_complaint(tx, cid)?;
            let (received, acked): (String, Option<String>) =
                tx.one(Q::ComplaintAckDates, args![cid], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            if let Some(a) = acked {
                return Err(StoreError::BadInput(
                    DueMsg::ComplaintAcknowledged {
                        id: cid,
                        on: a.to_string(),
                    }
                    .into(),
                ));
            }
            if on < parse_day(&received)? {
                return Err(StoreError::BadInput(
                    DueMsg::AckBeforeReceived {
                        id: cid,
                        received: received.to_string(),
                    }
                    .into(),
                ));
            }
            tx.exec(Q::AcknowledgeComplaint, args![cid, on.to_string()])?;
            log.append(tx, actor, item, &Event::ComplaintAck { complaint: cid, on })?;
            Ok(())
        })?;
        self.complaint(cid)
    }

    /// Postpones a complaint's decision once, by at most four weeks, with a written reason.
    pub fn complaint_extend(
        &mut self,
        actor: &str,
        cid: i64,
        weeks: u32,
        reason: &str,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let reason = non_empty(Field::PostponeReason, reason)?;
        let today = self.today();
        self.write(|tx, log| {
            let item = Self::open_complaint(tx, cid)?;
            let (kind, received, ack, decide, extended): (
                String,
                String,
                String,
                String,
                Option<String>,
            ) = tx.one(Q::ComplaintDeadlines, args![cid], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
            if kind != "complaint" {
                return Err(StoreError::BadInput(
                    DueMsg::InfoRequestNoClock { id: cid }.into(),
                ));
            }
            let clock = ComplaintClock {
                received_on: parse_day(&received)?,
                acknowledge_by: parse_day(&ack)?,
                decide_by_original: parse_day(&decide)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            let new = clock
                .extend(weeks, today)
                .map_err(|why| StoreError::BadInput(DueMsg::NoExtension { why }.into()))?;
            let to = new.decide_by().to_string();
            self.update_complaint_private(tx, cid, |p| p.extension_reason = Some(reason.clone()))?;
            tx.exec(Q::ExtendComplaint, args![cid, to])?;
            log.append(
                tx,
                actor,
                item,
                &Event::ComplaintExtend {
                    complaint: cid,
                    weeks,
                    to: new.decide_by(),
                    in_writing: true,
                },
            )?;
            Ok(())
        })?;
        self.complaint(cid)
    }

    /// Decides (closes) a complaint with its outcome; refused for a member involved with its
    /// item ([`Store::complaint_decide`], without a reason to decide all the same).
    pub fn complaint_close(
        &mut self,
        actor: &str,
        cid: i64,
        outcome: &str,
        on: Option<NaiveDate>,
    ) -> Result<ComplaintView> {
        self.complaint_decide(actor, cid, outcome, on, None)
    }

    /// Treats a complaint as an information request: only with a written reason and the
    /// approval of a named team leader who is not the actor, did not register the complaint and
    /// does not handle its item (PIN, or an approval from their own session). Refusals are
    /// logged.
    pub fn complaint_downgrade(
        &mut self,
        actor: &str,
        cid: i64,
        approved_by: &str,
        proof: &crate::LeadProof,
        reason: &str,
    ) -> Result<ComplaintView> {
        let user = self.user(actor)?;
        let reason = non_empty(Field::ReasonFlag, reason)?;
        let (approver, other_leads) = self.overseer(&user, approved_by, proof)?;
        // Who registered it, and who handles its item: neither may decide it is not one.
        let (item, registered_by, handler): (Option<ItemId>, String, Option<String>) = self
            .conn
            .opt(Q::ComplaintParties, args![cid], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .ok_or_else(|| StoreError::BadInput(DueMsg::NoComplaint { id: cid }.into()))?;
        self.write_gated(actor, item, Action::Record, |tx, log| {
            // Always a named approver, never the actor (four eyes), and not involved.
            if let Err(m) = gate::downgrade_approval(
                &user,
                Some(&approver),
                other_leads,
                &registered_by,
                handler.as_deref(),
            ) {
                return Ok(Err(vec![m]));
            }
            Self::open_complaint(tx, cid)?;
            if let Some(rid) = proof.approval() {
                let ask = crate::approvals::Ask::Downgrade {
                    complaint: cid,
                    reason: reason.clone(),
                };
                self.consume_approval(tx, log, actor, rid, &ask, Some(&approver.name))?;
            }
            let kind: String = tx.one(Q::ComplaintKind, args![cid], |r| r.get(0))?;
            if kind != "complaint" {
                return Err(StoreError::BadInput(
                    DueMsg::AlreadyInfoRequest { id: cid }.into(),
                ));
            }
            self.update_complaint_private(tx, cid, |p| p.downgrade_reason = Some(reason.clone()))?;
            tx.exec(Q::DowngradeComplaint, args![cid, approver.name])?;
            log.append(
                tx,
                actor,
                item,
                &Event::ComplaintDowngrade {
                    complaint: cid,
                    approved_by: approver.name.clone(),
                },
            )?;
            Ok(Ok(()))
        })?;
        self.complaint(cid)
    }

    // ----- deletion with a certificate -----
}
