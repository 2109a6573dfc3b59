//! Approvals asked of a team leader and answered from the leader's own session.
//!
//! A member's command files a request ([`Store::request_approval`]) and waits; the lead lists
//! what waits for them ([`Store::pending_approvals`]) and answers ([`Store::approve`],
//! [`Store::decline`]). The action then runs with [`LeadProof::Approval`](crate::LeadProof),
//! and its own transaction uses the approval up ([`consume`]): approved, for the same kind,
//! item, requester, lead, terms and reason, unused, and not older than its wait. Four eyes
//! hold throughout: the gate refuses a lead answering their own request, and a request that
//! no one else could answer is refused when it is filed.
//!
//! What is asked ([`Ask`]) is stored as terms without personal data in clear (names are keyed
//! hashes with the item's key); the reason, and a decline's reason, are sealed with the item's
//! key when there is an item (destroyed with it, see `due::deletion::SHREDDED`), else with the
//! store's key.

use crate::backend::{Db, DbExt, DbRow, Q, args};
use crate::encode;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::crypto::{Column, Place};
use crate::msg::{DueMsg, Field, ItemMsg, StoreMsg, TeamMsg};
use crate::sealing::next_row;
use crate::{AuditWriter, Result, Store, StoreError, crypto};
use earshot_core::audit::{Event, keyed_hash};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::{ApprovalKind, ExceptionGround, ItemId, User, normalise_name};

/// How long an approved request may wait for its action after the requester's wait ended (the
/// requester polls a few times a second; this covers a slow store).
const GRACE_S: i64 = 60;

/// What a member asks a lead to approve: exactly this, and nothing else, is approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// A supervised preview of `item` from `from_ms`, of `want_ms` (the allowance left if none).
    Preview {
        item: ItemId,
        from_ms: u64,
        want_ms: Option<u64>,
    },
    /// An exception to notifying `subject` (a parent on `item`), for `reason`, on `ground`,
    /// to be reviewed on `review_on`.
    Exception {
        item: ItemId,
        subject: String,
        reason: String,
        ground: ExceptionGround,
        review_on: NaiveDate,
    },
    /// Deleting `item`, requested by `requested_by`, for `reason`; `despite`: although a
    /// subject's access request is open, for this reason.
    Deletion {
        item: ItemId,
        requested_by: String,
        reason: String,
        despite: Option<String>,
    },
    /// Treating complaint `complaint` as an information request, for `reason`.
    Downgrade { complaint: i64, reason: String },
    /// Setting `key` to `value`.
    Settings { key: String, value: u64 },
    /// Going ahead with a further use of `item` while a subject may still reply or a complaint
    /// is open, for `reason`.
    Override { item: ItemId, reason: String },
    /// Confirming that copy `copy` (outside the store) was deleted on `on`, in the name of the
    /// member the request is addressed to: that member answers it, whatever their role.
    CopyConfirm { copy: i64, on: NaiveDate },
}

impl Ask {
    pub fn kind(&self) -> ApprovalKind {
        match self {
            Ask::Preview { .. } => ApprovalKind::Preview,
            Ask::Exception { .. } => ApprovalKind::Exception,
            Ask::Deletion { .. } => ApprovalKind::Deletion,
            Ask::Downgrade { .. } => ApprovalKind::Downgrade,
            Ask::Settings { .. } => ApprovalKind::Settings,
            Ask::Override { .. } => ApprovalKind::Override,
            Ask::CopyConfirm { .. } => ApprovalKind::Copy,
        }
    }

    fn reason(&self) -> Option<&str> {
        match self {
            Ask::Exception { reason, .. }
            | Ask::Deletion { reason, .. }
            | Ask::Downgrade { reason, .. }
            | Ask::Override { reason, .. } => Some(reason.trim()),
            Ask::Preview { .. } | Ask::Settings { .. } | Ask::CopyConfirm { .. } => None,
        }
    }

    /// The gate action a refusal of the request is logged under.
    fn action(&self) -> Action {
        match self {
            Ask::Preview { .. } => Action::Preview,
            Ask::Deletion { .. } => Action::Delete,
            Ask::Exception { .. } | Ask::Downgrade { .. } => Action::Approve,
            Ask::Settings { .. } => Action::ChangeSettings,
            Ask::Override { .. } => Action::FurtherUse,
            Ask::CopyConfirm { .. } => Action::ConfirmCopy,
        }
    }
}

/// The stored form of an [`Ask`]: no personal data in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Terms {
    Preview {
        from_ms: u64,
        want_ms: Option<u64>,
    },
    /// Keyed hash of the parent's normalised name; the ground and the review date (absent in
    /// requests filed before they were asked).
    Exception {
        subject: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ground: Option<ExceptionGround>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        review_on: Option<NaiveDate>,
    },
    /// Keyed hash of the requester's normalised name, and of the reason to delete although an
    /// access request is open (absent when there is none).
    Deletion {
        requested_by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        despite: Option<String>,
    },
    Downgrade {
        complaint: i64,
    },
    Settings {
        key: String,
        value: u64,
    },
    /// Going ahead with a further use before a reply or a complaint's decision.
    Override,
    /// Confirming that a copy outside the store was deleted on a date.
    Copy {
        copy: i64,
        on: NaiveDate,
    },
}

impl Terms {
    /// In words, for the lead deciding.
    pub fn describe(&self) -> String {
        let secs = |ms: u64| format!("{:.1} s", ms as f64 / 1000.0);
        match self {
            Terms::Preview { from_ms, want_ms } => format!(
                "preview from {} for {}",
                earshot_core::time::format_offset(*from_ms),
                want_ms.map_or("the allowance left".to_string(), secs)
            ),
            Terms::Exception {
                ground, review_on, ..
            } => {
                let mut t = "not notifying a parent".to_string();
                if let Some(g) = ground {
                    t.push_str(&format!(", on the ground {g}"));
                }
                if let Some(d) = review_on {
                    t.push_str(&format!(", until review on {d}"));
                }
                t
            }
            Terms::Deletion { despite: None, .. } => "deleting the recording".into(),
            Terms::Deletion {
                despite: Some(_), ..
            } => "deleting the recording although a subject's access request is open".into(),
            Terms::Downgrade { complaint } => {
                format!("treating complaint {complaint} as an information request")
            }
            Terms::Settings { key, value } => format!("setting {key} to {value}"),
            Terms::Override => {
                "a further use before a subject's reply or a complaint's decision".into()
            }
            Terms::Copy { copy, on } => {
                format!("confirming in your name that copy {copy} was deleted on {on}")
            }
        }
    }
}

/// A request, as the lead and the requester see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApprovalView {
    pub id: i64,
    pub kind: ApprovalKind,
    pub item: Option<ItemId>,
    pub requested_by: String,
    /// The lead it was addressed to, if one was named.
    pub lead: Option<String>,
    pub reason: Option<String>,
    pub requested_at: String,
    /// What exactly is asked, in words.
    pub asks: String,
    pub terms: Terms,
    pub wait_s: u64,
    /// pending, approved, declined, used, expired or withdrawn.
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// The lead's reason, when declined.
    pub declined_because: Option<String>,
}

impl ApprovalView {
    pub fn is_pending(&self) -> bool {
        self.status == "pending"
    }
}

/// The sealed part of a request.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Private {
    reason: Option<String>,
    declined_because: Option<String>,
}

struct RawRow {
    id: i64,
    kind: String,
    item: Option<ItemId>,
    requested_by: String,
    lead: Option<String>,
    terms: String,
    scope: String,
    sealed: Option<Vec<u8>>,
    requested_at: String,
    wait_s: i64,
    status: String,
    decided_by: Option<String>,
    decided_at: Option<String>,
}

fn raw(r: &DbRow<'_>) -> Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        item: r.get(2)?,
        requested_by: r.get(3)?,
        lead: r.get(4)?,
        terms: r.get(5)?,
        scope: r.get(6)?,
        sealed: r.get(7)?,
        requested_at: r.get(8)?,
        wait_s: r.get(9)?,
        status: r.get(10)?,
        decided_by: r.get(11)?,
        decided_at: r.get(12)?,
    })
}

fn parse_at(at: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            StoreError::Integrity(StoreMsg::StoredTimeUnreadable { at: at.to_string() }.into())
        })
}

/// Whether a request filed at `requested_at` that waits `wait_s` has run out at `now`.
fn ran_out(requested_at: &str, wait_s: i64, now: DateTime<Utc>) -> Result<bool> {
    Ok(parse_at(requested_at)? + Duration::seconds(wait_s) < now)
}

impl Store {
    /// The key sealing a request's private part, with its scope: the item's field key when
    /// the item still has one, else the store's.
    fn approval_key(
        &self,
        conn: &dyn Db,
        item: Option<ItemId>,
    ) -> Result<(&'static str, crypto::Secret)> {
        if let Some(id) = item {
            let l = self.load(conn, id)?;
            if let Some(k) = l.keys {
                return Ok(("item", k.fields));
            }
        }
        Ok(("store", self.master.store_fields()))
    }

    fn open_private(&self, conn: &dyn Db, r: &RawRow) -> Result<Private> {
        let Some(sealed) = &r.sealed else {
            return Ok(Private::default());
        };
        if r.scope == "item" {
            let Some(id) = r.item else {
                return Ok(Private::default());
            };
            let l = self.load(conn, id)?;
            let Some(k) = l.keys else {
                return Ok(Private::default()); // destroyed with the item
            };
            let text = crypto::open_str(&k.fields, &Place::approval(r.item, r.id), sealed)?;
            return decode(&text);
        }
        let text = crypto::open_str(
            &self.master.store_fields(),
            &Place::approval(r.item, r.id),
            sealed,
        )?;
        decode(&text)
    }

    fn view(&self, conn: &dyn Db, r: RawRow) -> Result<ApprovalView> {
        let p = self.open_private(conn, &r)?;
        let terms: Terms = serde_json::from_str(&r.terms).map_err(|_| {
            StoreError::Integrity(TeamMsg::RequestTermsUnreadable { id: r.id }.into())
        })?;
        Ok(ApprovalView {
            id: r.id,
            kind: ApprovalKind::parse(&r.kind).ok_or_else(|| {
                StoreError::Integrity(TeamMsg::RequestUnknownKind { id: r.id }.into())
            })?,
            item: r.item,
            requested_by: r.requested_by,
            lead: r.lead,
            reason: p.reason,
            requested_at: r.requested_at,
            asks: terms.describe(),
            terms,
            wait_s: r.wait_s.max(0) as u64,
            status: r.status,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            declined_because: p.declined_because,
        })
    }

    fn approval_row(conn: &dyn Db, id: i64) -> Result<RawRow> {
        conn.opt(Q::ApprovalById, args![id], raw)?
            .ok_or_else(|| StoreError::BadInput(TeamMsg::NoRequest { id }.into()))
    }

    /// One request.
    pub fn approval(&self, id: i64) -> Result<ApprovalView> {
        let r = Self::approval_row(self.db(), id)?;
        self.view(self.db(), r)
    }

    /// The stored terms of an ask, its item, and its reason.
    fn terms_of(&self, conn: &dyn Db, ask: &Ask) -> Result<(Option<ItemId>, Terms)> {
        let hash = |item: ItemId, s: &str| -> Result<String> {
            let l = self.load(conn, item)?;
            let k = l
                .keys
                .ok_or_else(|| StoreError::BadInput(TeamMsg::NothingToApprove { item }.into()))?;
            Ok(keyed_hash(k.audit.bytes(), &normalise_name(s)))
        };
        Ok(match ask {
            Ask::Preview {
                item,
                from_ms,
                want_ms,
            } => (
                Some(*item),
                Terms::Preview {
                    from_ms: *from_ms,
                    want_ms: *want_ms,
                },
            ),
            Ask::Exception {
                item,
                subject,
                ground,
                review_on,
                ..
            } => (
                Some(*item),
                Terms::Exception {
                    subject: hash(*item, subject)?,
                    ground: Some(*ground),
                    review_on: Some(*review_on),
                },
            ),
            Ask::Deletion {
                item,
                requested_by,
                despite,
                ..
            } => (
                Some(*item),
                Terms::Deletion {
                    requested_by: hash(*item, requested_by)?,
                    despite: match despite {
                        Some(d) => Some(hash(*item, d)?),
                        None => None,
                    },
                },
            ),
            Ask::Downgrade { complaint, .. } => {
                let item: Option<ItemId> = conn
                    .opt(Q::ComplaintItem, args![complaint], |r| r.get(0))?
                    .ok_or_else(|| {
                        StoreError::BadInput(DueMsg::NoComplaint { id: *complaint }.into())
                    })?;
                (
                    item,
                    Terms::Downgrade {
                        complaint: *complaint,
                    },
                )
            }
            Ask::Settings { key, value } => (
                None,
                Terms::Settings {
                    key: key.clone(),
                    value: *value,
                },
            ),
            Ask::Override { item, .. } => (Some(*item), Terms::Override),
            Ask::CopyConfirm { copy, on } => {
                let item: ItemId = conn
                    .opt(Q::CopyRow, args![copy], |r| r.get(0))?
                    .ok_or_else(|| StoreError::BadInput(ItemMsg::NoCopy { copy: *copy }.into()))?;
                (
                    Some(item),
                    Terms::Copy {
                        copy: *copy,
                        on: *on,
                    },
                )
            }
        })
    }

    /// Files a request for `ask`, addressed to `lead` (any other lead when `None`), that its
    /// requester waits for `wait_s` seconds. Refused (and logged) at once when no one could
    /// approve it: the lead named is the requester or not a lead, or the team has no other
    /// lead; for a preview, also whatever else the gate would refuse.
    pub fn request_approval(
        &mut self,
        actor: &str,
        ask: &Ask,
        lead: Option<&str>,
        wait_s: u64,
    ) -> Result<ApprovalView> {
        let user = self.user(actor)?;
        let lead = lead.map(|l| self.user(l)).transpose()?;
        if let Some(r) = ask.reason()
            && r.is_empty()
        {
            return Err(StoreError::BadInput(
                ItemMsg::Empty {
                    field: Field::Reason,
                }
                .into(),
            ));
        }
        let (item, terms) = self.terms_of(self.db(), ask)?;
        let other_leads = self.other_leads(&user.name)?;
        let id = self.write_gated(actor, item, ask.action(), |tx, log| {
            let facts = match item {
                Some(i) => self.load(tx, i)?.facts,
                None => Default::default(),
            };
            let o = Oversight {
                supervisor: lead.as_ref(),
                approver: lead.as_ref(),
                other_leads,
                despite_access_request: matches!(
                    ask,
                    Ask::Deletion {
                        despite: Some(_),
                        ..
                    }
                ),
            };
            let verdict = match (ask, &lead) {
                // Asked of the member named, whatever their role, even after the item's
                // deletion (its copies stay due).
                (Ask::CopyConfirm { .. }, Some(l)) if l.name != user.name => Ok(()),
                (Ask::CopyConfirm { .. }, l) => Err(vec![gate::Missing::CopyOwnerApproval {
                    name: l.as_ref().map_or(String::new(), |l| l.name.clone()),
                }]),
                (Ask::Preview { .. }, _) => gate::check(Action::Preview, &facts, &user, o),
                (Ask::Deletion { .. }, _) => gate::check(Action::Delete, &facts, &user, o),
                (Ask::Settings { .. }, None) => {
                    gate::check_team(Action::ChangeSettings, &user).and_then(|()| {
                        if other_leads == 0 {
                            gate::approval(&user, None, 0).map_err(|m| vec![m])
                        } else {
                            Ok(()) // any other lead may answer
                        }
                    })
                }
                (_, l) => {
                    let deleted = if item.is_some() {
                        gate::check(Action::Record, &facts, &user, Oversight::default())
                    } else {
                        Ok(())
                    };
                    deleted.and_then(|()| {
                        gate::approval(&user, l.as_ref(), other_leads).map_err(|m| vec![m])
                    })
                }
            };
            if let Err(m) = verdict {
                return Ok(Err(m));
            }
            let (scope, key) = self.approval_key(tx, item)?;
            let private = Private {
                reason: ask.reason().map(str::to_string),
                declined_because: None,
            };
            let id = next_row(tx, Column::Approval)?;
            let sealed = crypto::seal_str(&key, &Place::approval(item, id), &encode(&private)?)?;
            let terms = encode(&terms)?;
            tx.exec(
                Q::InsertApproval,
                args![
                    ask.kind().as_str(),
                    item,
                    user.name,
                    lead.as_ref().map(|l| l.name.clone()),
                    terms.clone(),
                    scope,
                    sealed,
                    log.at,
                    wait_s as i64,
                    id,
                ],
            )?;
            let reason = match (ask.reason(), item) {
                (Some(r), Some(i)) => self
                    .load(tx, i)?
                    .keys
                    .map(|k| keyed_hash(k.audit.bytes(), r)),
                _ => None,
            };
            log.append(
                tx,
                actor,
                item,
                &Event::ApprovalRequest {
                    request: id,
                    kind: ask.kind(),
                    lead: lead.as_ref().map(|l| l.name.clone()),
                    reason,
                    terms: Some(terms),
                },
            )?;
            Ok(Ok(id))
        })?;
        self.approval(id)
    }

    /// What waits for `actor`: for a lead, the pending requests of others that they may
    /// answer (addressed to them or to any lead); for anyone else, their own pending requests
    /// and the confirmations of their copies' deletion asked of them.
    pub fn pending_approvals(&self, actor: &str) -> Result<Vec<ApprovalView>> {
        let me = self.user(actor)?;
        let now = self.now();
        let q = if me.is_lead() {
            Q::ApprovalsPendingForLead
        } else {
            Q::ApprovalsPendingOf
        };
        let rows = self.conn.all(q, args![me.name], raw)?;
        let mut out = Vec::new();
        for r in rows {
            if !ran_out(&r.requested_at, r.wait_s, now)? {
                out.push(self.view(self.db(), r)?);
            }
        }
        Ok(out)
    }

    /// Loads a pending request that `actor` may answer, and the gate's verdict on it.
    fn answerable(
        &self,
        tx: &dyn Db,
        actor: &User,
        id: i64,
    ) -> Result<(RawRow, std::result::Result<(), Vec<gate::Missing>>)> {
        let r = Self::approval_row(tx, id)?;
        if r.status != "pending" {
            return Err(StoreError::BadInput(
                TeamMsg::RequestNotOpen {
                    id,
                    status: r.status.clone(),
                }
                .into(),
            ));
        }
        if ran_out(&r.requested_at, r.wait_s, self.now())? {
            return Err(StoreError::BadInput(
                TeamMsg::RequestRanOut {
                    id,
                    by: r.requested_by.clone(),
                }
                .into(),
            ));
        }
        // A copy's confirmation is asked of the member it names, and of no one else.
        if r.kind == ApprovalKind::Copy.as_str() {
            let lead = r.lead.clone().unwrap_or_default();
            let verdict = if lead == actor.name && r.requested_by != actor.name {
                Ok(())
            } else {
                Err(vec![gate::Missing::CopyOwnerApproval { name: lead }])
            };
            return Ok((r, verdict));
        }
        if let Some(l) = &r.lead
            && *l != actor.name
            && actor.is_lead()
            && r.requested_by != actor.name
        {
            return Err(StoreError::Denied(
                TeamMsg::RequestForOther {
                    id,
                    lead: l.to_string(),
                }
                .into(),
            ));
        }
        let requester = self.user(&r.requested_by)?;
        let others = self.other_leads(&requester.name)?;
        let verdict = gate::approval(&requester, Some(actor), others).map_err(|m| vec![m]);
        Ok((r, verdict))
    }

    /// Approves a request (a lead, never the requester).
    pub fn approve(&mut self, actor: &str, id: i64) -> Result<ApprovalView> {
        let me = self.user(actor)?;
        let item = Self::approval_row(self.db(), id)?.item;
        self.write_gated(actor, item, Action::Approve, |tx, log| {
            let (r, verdict) = self.answerable(tx, &me, id)?;
            if let Err(m) = verdict {
                return Ok(Err(m));
            }
            tx.exec(Q::ApproveRequest, args![id, me.name, log.at])?;
            log.append(
                tx,
                actor,
                item,
                &Event::ApprovalApprove {
                    request: id,
                    kind: kind_of(&r)?,
                    requested_by: r.requested_by.clone(),
                },
            )?;
            Ok(Ok(()))
        })?;
        self.approval(id)
    }

    /// Declines a request with a reason the requester is shown (a lead, never the requester).
    pub fn decline(&mut self, actor: &str, id: i64, reason: &str) -> Result<ApprovalView> {
        let me = self.user(actor)?;
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(StoreError::BadInput(TeamMsg::DeclineWhy.into()));
        }
        let item = Self::approval_row(self.db(), id)?.item;
        self.write_gated(actor, item, Action::Approve, |tx, log| {
            let (r, verdict) = self.answerable(tx, &me, id)?;
            if let Err(m) = verdict {
                return Ok(Err(m));
            }
            let mut p = self.open_private(tx, &r)?;
            p.declined_because = Some(reason.clone());
            let (scope, key) = self.approval_key(tx, r.item)?;
            let sealed = crypto::seal_str(&key, &Place::approval(r.item, id), &encode(&p)?)?;
            tx.exec(Q::DeclineRequest, args![id, me.name, log.at, scope, sealed])?;
            let hashed = match r.item {
                Some(i) => self
                    .load(tx, i)?
                    .keys
                    .map(|k| keyed_hash(k.audit.bytes(), &reason)),
                None => None,
            };
            log.append(
                tx,
                actor,
                item,
                &Event::ApprovalDecline {
                    request: id,
                    kind: kind_of(&r)?,
                    requested_by: r.requested_by.clone(),
                    reason: hashed,
                },
            )?;
            Ok(Ok(()))
        })?;
        self.approval(id)
    }

    /// Ends a request its requester stops waiting for: `expired` when the wait ran out,
    /// `withdrawn` otherwise. A request already answered keeps its answer (an approval not
    /// used is withdrawn, so it can never be used later).
    pub fn end_request(&mut self, actor: &str, id: i64, expired: bool) -> Result<ApprovalView> {
        self.user(actor)?;
        self.write(|tx, log| {
            let r = Self::approval_row(tx, id)?;
            if r.requested_by != actor {
                return Err(StoreError::BadInput(
                    TeamMsg::WithdrawNotYours {
                        id,
                        by: r.requested_by.clone(),
                    }
                    .into(),
                ));
            }
            let (status, event) = match (r.status.as_str(), expired) {
                ("pending", true) => (
                    "expired",
                    Event::ApprovalExpire {
                        request: id,
                        kind: kind_of(&r)?,
                    },
                ),
                ("pending" | "approved", _) => (
                    "withdrawn",
                    Event::ApprovalWithdraw {
                        request: id,
                        kind: kind_of(&r)?,
                    },
                ),
                _ => return Ok(()),
            };
            tx.exec(Q::SetRequestStatus, args![id, status])?;
            log.append(tx, actor, r.item, &event)?;
            Ok(())
        })?;
        self.approval(id)
    }

    /// Uses up approval `id` in the transaction of the action it was for, and returns the lead
    /// who gave it. Refused unless it is approved, unused, in time, and for exactly `ask` by
    /// `actor` (and by `lead`, when the action names one).
    pub(crate) fn consume_approval(
        &self,
        tx: &dyn Db,
        log: &mut AuditWriter,
        actor: &str,
        id: i64,
        ask: &Ask,
        lead: Option<&str>,
    ) -> Result<String> {
        let r = Self::approval_row(tx, id)?;
        let (item, terms) = self.terms_of(tx, ask)?;
        let denied = |m: TeamMsg| StoreError::Denied(m.into());
        if r.status != "approved" {
            return Err(denied(TeamMsg::RequestNotApproved {
                id,
                status: r.status.clone(),
            }));
        }
        let p = self.open_private(tx, &r)?;
        let same = r.kind == ask.kind().as_str()
            && r.item == item
            && r.requested_by == actor
            && r.terms == encode(&terms)?
            && p.reason.as_deref() == ask.reason();
        if !same {
            return Err(denied(TeamMsg::RequestOtherThing { id }));
        }
        let approver = r
            .decided_by
            .clone()
            .ok_or_else(|| StoreError::Integrity(TeamMsg::RequestNoApprover { id }.into()))?;
        if let Some(l) = lead
            && l != approver
        {
            return Err(denied(TeamMsg::RequestOtherApprover {
                id,
                approver: approver.clone(),
                lead: l.to_string(),
            }));
        }
        if ran_out(&r.requested_at, r.wait_s + GRACE_S, self.now())? {
            return Err(denied(TeamMsg::RequestTooOld { id }));
        }
        tx.exec(Q::UseApproval, args![id])?;
        log.append(
            tx,
            actor,
            item,
            &Event::ApprovalUse {
                request: id,
                kind: ask.kind(),
                approved_by: approver.clone(),
            },
        )?;
        Ok(approver)
    }
}

fn kind_of(r: &RawRow) -> Result<ApprovalKind> {
    ApprovalKind::parse(&r.kind)
        .ok_or_else(|| StoreError::Integrity(TeamMsg::RequestUnknownKind { id: r.id }.into()))
}

fn decode<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T> {
    serde_json::from_str(s)
        .map_err(|_| StoreError::Integrity(TeamMsg::RequestTextUnreadable.into()))
}
