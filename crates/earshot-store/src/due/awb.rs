//! The parts of the complaint procedure (Awb chapter 9) beyond the register's clock: the
//! hearing (art. 9:10) or why it was skipped, a decision by someone not involved in the
//! conduct (art. 9:7), and the letters to the complainant (arts. 9:6, 9:11(2), 9:12).

use crate::backend::{Db, DbExt, Q, args};
use chrono::NaiveDate;

use super::views::*;
use super::*;
use crate::{Result, Store, StoreError};
use earshot_core::audit::{ComplaintLetterKind, Event, HearingSkip, LetterFormat};
use earshot_core::gate::{Action, Involvement, Missing};
use earshot_core::lang::Lang;
use earshot_core::model::ItemId;

impl Store {
    /// How `name` was involved with item `item`, if at all: listened to it (a preview or full
    /// playback), described it, or approved a decision about it (an exception, an override, a
    /// deletion, or any request in the approvals table).
    pub(super) fn involvement(
        tx: &dyn Db,
        item: ItemId,
        name: &str,
    ) -> Result<Option<Involvement>> {
        let how: Option<String> = tx.opt(Q::HandlerInvolvement, args![item, name], |r| r.get(0))?;
        Ok(how.and_then(|h| match h.as_str() {
            "listened" => Some(Involvement::Listened),
            "described" => Some(Involvement::Described),
            "approved" => Some(Involvement::Approved),
            _ => None,
        }))
    }

    /// The hearing of complaint `cid`'s complainant (Awb art. 9:10): on `on` by team member
    /// `by`, with notes (sealed like the complaint's text; the log keeps their keyed hash). With
    /// `skipped`, the complainant was not heard, on that ground of 9:10(2), and the notes say
    /// how that came about. Recorded once, while the complaint is open.
    pub fn complaint_hear(
        &mut self,
        actor: &str,
        cid: i64,
        on: Option<NaiveDate>,
        by: &str,
        notes: &str,
        skipped: Option<HearingSkip>,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let by = self.user(by)?.name;
        let notes = non_empty(Field::HearingNotes, notes)?;
        let on = self.past_or_today(on, DateOf::Hearing)?;
        let hash = self.profile_hash(&notes);
        self.write(|tx, log| {
            let item = Self::open_complaint(tx, cid)?;
            let (heard, _, _): (Option<String>, Option<String>, Option<String>) =
                tx.one(Q::ComplaintHearing, args![cid], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            if let Some(h) = heard {
                return Err(StoreError::BadInput(
                    DueMsg::AlreadyHeard { id: cid, on: h }.into(),
                ));
            }
            let (received, _): (String, Option<String>) =
                tx.one(Q::ComplaintAckDates, args![cid], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            if on < parse_day(&received)? {
                return Err(StoreError::BadInput(
                    DueMsg::HearingBeforeReceived { id: cid, received }.into(),
                ));
            }
            self.update_complaint_private(tx, cid, |p| p.hearing_notes = Some(notes.clone()))?;
            tx.exec(
                Q::HearComplaint,
                args![cid, on.to_string(), by, skipped.map(|s| s.as_str())],
            )?;
            log.append(
                tx,
                actor,
                item,
                &Event::ComplaintHear {
                    complaint: cid,
                    on,
                    by: by.clone(),
                    skipped,
                    notes: hash.clone(),
                },
            )?;
            Ok(())
        })?;
        self.complaint(cid)
    }

    /// Decides (closes) a complaint with its outcome (the finding and the conclusions). Whoever
    /// decides must not have been involved in the conduct it is about (Awb art. 9:7): a member
    /// who listened to its item, described it or approved a decision about it is refused
    /// (logged), unless `involved_override` gives the reason they must decide all the same
    /// (sealed; the log keeps its keyed hash). A complaint about no item is not checked.
    pub fn complaint_decide(
        &mut self,
        actor: &str,
        cid: i64,
        outcome: &str,
        on: Option<NaiveDate>,
        involved_override: Option<&str>,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let outcome = non_empty(Field::Outcome, outcome)?;
        let on = self.past_or_today(on, DateOf::Decision)?;
        let reason = involved_override
            .map(|r| non_empty(Field::InvolvedReason, r))
            .transpose()?;
        let (item, _, _) = Self::complaint_row(self.db(), cid)?;
        self.write_gated(actor, item, Action::Record, |tx, log| {
            let item = Self::open_complaint(tx, cid)?;
            let involved = match item {
                Some(i) => Self::involvement(tx, i, actor)?,
                None => None,
            };
            let overridden = match (involved, &reason) {
                (Some(how), None) => {
                    return Ok(Err(vec![Missing::HandlerInvolved {
                        name: actor.to_string(),
                        complaint: cid,
                        how,
                    }]));
                }
                (Some(_), Some(r)) => Some(r.clone()),
                (None, _) => None,
            };
            let hash = overridden.as_deref().map(|r| self.profile_hash(r));
            self.update_complaint_private(tx, cid, |p| {
                p.outcome = Some(outcome.clone());
                p.involved_reason = overridden.clone();
            })?;
            tx.exec(Q::CloseComplaint, args![cid, on.to_string()])?;
            log.append(
                tx,
                actor,
                item,
                &Event::ComplaintClose {
                    complaint: cid,
                    on,
                    involved_override: hash,
                },
            )?;
            Ok(Ok(()))
        })?;
        self.complaint(cid)
    }

    /// Complaint `cid`, if a letter of `kind` may be written about it now: not to what is
    /// treated as an information request; a postponement only once the decision was postponed;
    /// a decision only once it was decided and its hearing (or why there was none) recorded.
    pub fn complaint_for_letter(
        &self,
        cid: i64,
        kind: ComplaintLetterKind,
    ) -> Result<ComplaintView> {
        let c = self.complaint(cid)?;
        let refused = if c.kind != "complaint" {
            Some(DueMsg::InfoRequestNoLetter { id: cid })
        } else {
            match kind {
                ComplaintLetterKind::Ack => None,
                ComplaintLetterKind::Postpone if c.extended_to.is_none() => {
                    Some(DueMsg::NotPostponed { id: cid })
                }
                ComplaintLetterKind::Decision if c.closed_on.is_none() => {
                    Some(DueMsg::NotDecided { id: cid })
                }
                ComplaintLetterKind::Decision if c.heard_on.is_none() => {
                    Some(DueMsg::NotHeard { id: cid })
                }
                _ => None,
            }
        };
        match refused {
            Some(m) => Err(StoreError::BadInput(m.into())),
            None => Ok(c),
        }
    }

    /// Records that a letter to complaint `cid`'s complainant was written (its SHA-256), after
    /// the file exists.
    pub fn record_complaint_letter(
        &mut self,
        actor: &str,
        cid: i64,
        kind: ComplaintLetterKind,
        lang: Lang,
        format: LetterFormat,
        sha256: &str,
    ) -> Result<()> {
        self.user(actor)?;
        self.complaint_for_letter(cid, kind)?;
        self.write(|tx, log| {
            let (item, _, _) = Self::complaint_row(tx, cid)?;
            log.append(
                tx,
                actor,
                item,
                &Event::ComplaintLetter {
                    complaint: cid,
                    kind,
                    lang,
                    format,
                    sha256: sha256.to_string(),
                },
            )?;
            Ok(())
        })
    }
}
