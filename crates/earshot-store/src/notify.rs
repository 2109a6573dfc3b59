//! Notification decisions: for every subject of an item but the sender, that they were told,
//! an exception a team leader approved (on a ground, until a review date), or, for a child, that
//! a parent on the same recording who was told tells them.

use chrono::NaiveDate;

use crate::backend::{Db, DbExt, Q, args};
use crate::crypto::{self, Column, Place};
use crate::msg::{Field, ItemMsg};
use crate::rows::*;
use crate::sealing::next_row;
use crate::{Result, Store, StoreError};
use earshot_core::audit::{Event, NotifyRecord, keyed_hash};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::{
    ExceptionGround, ItemId, NotificationDecision, Person, PersonRole, Stage, normalise_name,
};

/// A decision about notifying one subject, as requested.
#[derive(Debug, Clone)]
pub enum NotifyDecision {
    Notified {
        channel: String,
        on: Option<NaiveDate>,
    },
    Exception {
        reason: String,
        approved_by: String,
        /// What it rests on.
        ground: ExceptionGround,
        /// When it is weighed again: after today, and at most a year ahead.
        review_on: NaiveDate,
        /// The approving lead's PIN (in person) or approval (from their own session).
        proof: crate::LeadProof,
    },
    /// A child is told through `parent`, a parent on the same recording who has been notified.
    ViaParent { parent: String },
}

/// The furthest ahead an exception's review date may lie: an exception is weighed again at
/// least once a year.
pub const EXCEPTION_REVIEW_MAX_DAYS: u64 = 366;

/// Checks that `child` may be told through `parent` and returns the keyed hash of the parent's
/// name: the child has the role `child`, the parent is another subject of the item with the
/// role `parent`, and the parent's own last decision is that they were notified. Also returns
/// the parent's name as the item has it.
fn through_parent(
    tx: &dyn Db,
    l: &Loaded,
    id: ItemId,
    keys: &ItemKeys,
    child: &Person,
    parent: &str,
) -> Result<(String, String)> {
    if child.role != PersonRole::Child {
        return Err(StoreError::BadInput(
            ItemMsg::ViaParentNotChild {
                name: child.name.clone(),
                role: child.role.to_string(),
            }
            .into(),
        ));
    }
    let Some(p) = l.facts.metadata.subject(parent).filter(|p| {
        p.role == PersonRole::Parent && normalise_name(&p.name) != normalise_name(&child.name)
    }) else {
        return Err(StoreError::BadInput(
            ItemMsg::ViaParentNotParent {
                name: parent.to_string(),
                id,
            }
            .into(),
        ));
    };
    let key = keyed_hash(keys.audit.bytes(), &normalise_name(&p.name));
    let last: Option<String> = tx
        .all(Q::NotificationFacts, args![id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .into_iter()
        .rev()
        .find(|(k, _)| *k == key)
        .map(|(_, kind)| kind);
    if last.as_deref() != Some("notified") {
        return Err(StoreError::BadInput(
            ItemMsg::ViaParentNotNotified {
                name: p.name.clone(),
            }
            .into(),
        ));
    }
    Ok((key, p.name.clone()))
}

impl Store {
    /// Logs the decision about notifying one subject of the item (anyone on it but the
    /// sender): notified, an exception a lead approves, or (for a child) told through a parent
    /// on the same recording who has been notified.
    pub fn notify(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        decision: &NotifyDecision,
    ) -> Result<Stage> {
        let user = self.user(actor)?;
        let subject = non_empty(Field::SubjectName, subject)?;
        let now = self.now();
        let mut other_leads = 0;
        let mut approval = None;
        let (approver, mut decision_text) = match decision {
            NotifyDecision::Notified { channel, on } => {
                let channel = non_empty(Field::Channel, channel)?;
                let on = on.unwrap_or(now.date_naive());
                if on > now.date_naive() {
                    return Err(StoreError::BadInput(
                        ItemMsg::NotifiedInFuture { on: on.to_string() }.into(),
                    ));
                }
                (
                    None,
                    NotificationDecision::Notified {
                        on,
                        channel,
                        by: user.name.clone(),
                    },
                )
            }
            NotifyDecision::ViaParent { parent } => (
                None,
                NotificationDecision::ViaParent {
                    parent: non_empty(Field::SubjectName, parent)?,
                    by: user.name.clone(),
                },
            ),
            NotifyDecision::Exception {
                reason,
                approved_by,
                ground,
                review_on,
                proof,
            } => {
                let reason = non_empty(Field::ExceptionReason, reason)?;
                let today = now.date_naive();
                let latest = today + chrono::Days::new(EXCEPTION_REVIEW_MAX_DAYS);
                if *review_on <= today || *review_on > latest {
                    return Err(StoreError::BadInput(
                        ItemMsg::ReviewDateOutOfRange {
                            on: review_on.to_string(),
                            latest: latest.to_string(),
                        }
                        .into(),
                    ));
                }
                let (a, others) = self.overseer(&user, approved_by, proof)?;
                other_leads = others;
                approval = proof.approval();
                (
                    Some(a.clone()),
                    NotificationDecision::Exception {
                        reason,
                        approved_by: a.name,
                        ground: Some(*ground),
                        review_on: Some(*review_on),
                    },
                )
            }
        };
        self.write_gated(actor, Some(id), Action::Record, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(missing) = gate::check(Action::Record, &l.facts, &user, Oversight::default())
            {
                return Ok(Err(missing));
            }
            if approver.is_some()
                && let Err(m) = gate::approval(&user, approver.as_ref(), other_leads)
            {
                return Ok(Err(vec![m]));
            }
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            // Nobody can have been told of a recording before it came in.
            if let NotificationDecision::Notified { on, .. } = &decision_text
                && let Ok(received) = chrono::DateTime::parse_from_rfc3339(&l.row.received_at)
                && *on < received.date_naive()
            {
                return Err(StoreError::BadInput(
                    ItemMsg::NotifiedBeforeReceipt {
                        on: on.to_string(),
                        id,
                        received: received.date_naive().to_string(),
                    }
                    .into(),
                ));
            }
            let wanted = normalise_name(&subject);
            let Some(person) = l
                .facts
                .metadata
                .subjects
                .iter()
                .find(|p| normalise_name(&p.name) == wanted)
            else {
                let names: Vec<String> = l
                    .facts
                    .metadata
                    .subjects
                    .iter()
                    .map(|p| format!("{} ({})", p.name, p.role))
                    .collect();
                return Err(StoreError::BadInput(if names.is_empty() {
                    ItemMsg::NoSubjects { id }.into()
                } else {
                    ItemMsg::NotSubjectOf {
                        name: subject.clone(),
                        id,
                        names: names.join(", "),
                    }
                    .into()
                }));
            };
            let via_parent = match &mut decision_text {
                NotificationDecision::ViaParent { parent, .. } => {
                    let (key, name) = through_parent(tx, &l, id, keys, person, parent)?;
                    // Named as the item names them, not as typed.
                    *parent = name;
                    Some(key)
                }
                _ => None,
            };
            if let (
                Some(rid),
                NotifyDecision::Exception {
                    ground, review_on, ..
                },
                NotificationDecision::Exception {
                    reason,
                    approved_by,
                    ..
                },
            ) = (approval, decision, &decision_text)
            {
                let ask = super::approvals::Ask::Exception {
                    item: id,
                    subject: subject.clone(),
                    reason: reason.clone(),
                    ground: *ground,
                    review_on: *review_on,
                };
                self.consume_approval(tx, log, actor, rid, &ask, Some(approved_by))?;
            }
            let subject_key = keyed_hash(keys.audit.bytes(), &wanted);
            let private = NotificationPrivate {
                subject: person.name.clone(),
                decision: decision_text.clone(),
            };
            let text = crate::encode(&private)?;
            let nid = next_row(tx, Column::Notification)?;
            let sealed = crypto::seal_str(&keys.fields, &Place::notification(id, nid), &text)?;
            let (kind, approved_by, ground, review_on) = match &decision_text {
                NotificationDecision::Notified { .. } => ("notified", None, None, None),
                NotificationDecision::ViaParent { .. } => ("via_parent", None, None, None),
                NotificationDecision::Exception {
                    approved_by,
                    ground,
                    review_on,
                    ..
                } => (
                    "exception",
                    Some(approved_by.clone()),
                    ground.map(|g| g.as_str()),
                    review_on.map(|d| d.to_string()),
                ),
            };
            tx.exec(
                Q::InsertNotification,
                args![
                    id,
                    subject_key,
                    kind,
                    sealed,
                    approved_by,
                    user.name,
                    log.at,
                    ground,
                    review_on,
                    nid,
                    via_parent
                ],
            )?;
            if let Some(a) = &approved_by {
                // An approved exception answers a worker's request for one.
                super::triage::resolve_requests(
                    tx,
                    id,
                    super::triage::EscalationKind::Exception,
                    None,
                    a,
                    &log.at,
                )?;
            }
            let stage = self.restage(tx, id)?;
            // No subject left to decide about: a request to approve an exception is moot.
            if !matches!(stage, Stage::Received | Stage::Described) {
                super::triage::resolve_requests(
                    tx,
                    id,
                    super::triage::EscalationKind::Exception,
                    None,
                    actor,
                    &log.at,
                )?;
            }
            let decision = match &decision_text {
                NotificationDecision::Notified { on, channel, .. } => NotifyRecord::Notified {
                    on: *on,
                    channel: keyed_hash(keys.audit.bytes(), channel),
                },
                NotificationDecision::Exception {
                    reason,
                    approved_by,
                    ground,
                    review_on,
                } => NotifyRecord::Exception {
                    approved_by: approved_by.clone(),
                    reason: keyed_hash(keys.audit.bytes(), reason),
                    ground: *ground,
                    review_on: *review_on,
                },
                NotificationDecision::ViaParent { .. } => NotifyRecord::ViaParent {
                    parent: via_parent.clone().unwrap_or_default(),
                },
            };
            let event = Event::ItemNotify {
                subject: subject_key.clone(),
                role: person.role,
                stage,
                decision,
            };
            log.append(tx, actor, Some(id), &event)?;
            Ok(Ok(stage))
        })
    }
}

/// Where `meta` records which rule items' stored stages follow. Before [`NOTIFY_RULE`], only
/// parents needed a decision: a store from then has items whose `stage` and
/// `pending_notifications` (what the queue and `due` read) are worked out again once, at open.
pub(crate) const NOTIFY_RULE_KEY: &str = "notify_rule";
/// Every subject but the sender needs a notification decision.
pub(crate) const NOTIFY_RULE: &str = "every-subject";

impl Store {
    /// Works out again the stored stage of every live item of a store from before
    /// [`NOTIFY_RULE`], in one transaction; a changed stage is logged (`item.restage`, by
    /// earshot itself) so the log still accounts for the row. An item whose details do not open
    /// is left as it is (`doctor` names it).
    pub(crate) fn upgrade_stages(&self) -> Result<()> {
        let rule = |db: &dyn Db| -> Result<Option<String>> {
            db.opt(Q::Meta, args![NOTIFY_RULE_KEY], |r| r.get(0))
        };
        if rule(self.db())?.as_deref() == Some(NOTIFY_RULE) {
            return Ok(());
        }
        self.write(|tx, log| {
            // Another process may have done it while this one waited for the lock.
            if rule(tx)?.as_deref() == Some(NOTIFY_RULE) {
                return Ok(());
            }
            let items = tx.all(Q::LiveItemStages, args![], |r| {
                Ok((
                    r.get::<_, ItemId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for (id, stored, pending) in items {
                let Ok(l) = self.load(tx, id) else { continue };
                let stage = l.facts.stage();
                let now_pending = l.facts.pending_notifications().len() as i64;
                if stage.as_str() == stored && now_pending == pending {
                    continue;
                }
                self.restage(tx, id)?;
                if stage.as_str() != stored {
                    log.append(
                        tx,
                        crate::keys::KEYS_ACTOR,
                        Some(id),
                        &Event::ItemRestage { stage },
                    )?;
                }
            }
            tx.exec(Q::InsertMetaValue, args![NOTIFY_RULE_KEY, NOTIFY_RULE])?;
            Ok(())
        })
    }
}
