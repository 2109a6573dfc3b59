//! Further use of an item: a summary (never the recording) shared with a recipient for a
//! purpose. Refused until every parent's notification is decided and the grounds are recorded;
//! it waits, too, while a subject told by letter may still reply or a complaint about the item
//! is open, unless a team leader other than the user approves going ahead, with a reason.

use crate::backend::{Db, DbExt, Q, args};

use super::{LeadProof, Result, Store, crypto};
use crate::crypto::{Column, Place};
use crate::msg::Field;
use crate::rows::{UsePrivate, deleted_err, non_empty};
use crate::sealing::next_row;
use earshot_core::audit::{Event, keyed_hash};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::{ItemId, normalise_name};

/// Going ahead with a use before a subject's reply or a complaint's decision: why, and the team
/// leader who approves it (never the one using it).
#[derive(Debug, Clone)]
pub struct GoAhead {
    pub reason: String,
    pub approved_by: String,
    /// The approving lead's PIN (in person) or approval (from their own session).
    pub proof: LeadProof,
}

impl Store {
    /// Records a further use of the item: a summary (never the recording) for a purpose and a
    /// recipient. Refused until every parent's notification is decided, and while a subject may
    /// still reply or a complaint is open ([`Store::record_use_going_ahead`] for those).
    pub fn record_use(
        &mut self,
        actor: &str,
        id: ItemId,
        purpose: &str,
        recipient: &str,
        summary: &str,
    ) -> Result<i64> {
        self.record_use_going_ahead(actor, id, purpose, recipient, summary, None)
    }

    /// [`Store::record_use`], going ahead (with `ahead`) before a subject's reply or a
    /// complaint's decision. The use's audit entry names the approving lead and a keyed hash of
    /// the reason when something was waiting.
    pub fn record_use_going_ahead(
        &mut self,
        actor: &str,
        id: ItemId,
        purpose: &str,
        recipient: &str,
        summary: &str,
        ahead: Option<&GoAhead>,
    ) -> Result<i64> {
        let user = self.user(actor)?;
        let purpose = non_empty(Field::UsePurpose, purpose)?;
        let recipient = non_empty(Field::Recipient, recipient)?;
        let summary = non_empty(Field::Summary, summary)?;
        let (approver, other_leads) = match ahead {
            Some(g) => {
                non_empty(Field::ReasonFlag, &g.reason)?;
                let (a, others) = self.overseer(&user, &g.approved_by, &g.proof)?;
                (Some(a), others)
            }
            None => (None, 0),
        };
        self.write_gated(actor, Some(id), Action::FurtherUse, |tx, log| {
            let l = self.load(tx, id)?;
            let oversight = Oversight {
                supervisor: None,
                approver: approver.as_ref(),
                other_leads,
                ..Default::default()
            };
            if let Err(missing) = gate::check(Action::FurtherUse, &l.facts, &user, oversight) {
                return Ok(Err(missing));
            }
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let waited = !l.facts.reply_running.is_empty() || !l.facts.open_complaints.is_empty();
            let k = keys.audit.bytes();
            let mut went_ahead = None;
            if let (Some(g), Some(a)) = (ahead, &approver) {
                if let Some(rid) = g.proof.approval() {
                    let ask = super::approvals::Ask::Override {
                        item: id,
                        reason: g.reason.clone(),
                    };
                    self.consume_approval(tx, log, actor, rid, &ask, Some(&a.name))?;
                }
                if waited {
                    went_ahead = Some((a.name.clone(), keyed_hash(k, g.reason.trim())));
                }
            }
            let private = UsePrivate {
                purpose: purpose.clone(),
                recipient: recipient.clone(),
                summary: summary.clone(),
            };
            let text = crate::encode(&private)?;
            let use_id = next_row(tx, Column::Use)?;
            let sealed = crypto::seal_str(&keys.fields, &Place::use_of(id, use_id), &text)?;
            let register = crate::rows::UseRegister {
                purpose: purpose.clone(),
                recipient: recipient.clone(),
            };
            let register = crypto::seal_str(
                &self.master.store_fields(),
                &Place::use_register(id, use_id),
                &crate::encode(&register)?,
            )?;
            tx.exec(
                Q::InsertUse,
                args![id, sealed, user.name, log.at, use_id, register],
            )?;
            let stage = self.restage(tx, id)?;
            let (went_ahead_by, went_ahead_because) = went_ahead.unzip();
            log.append(
                tx,
                actor,
                Some(id),
                &Event::ItemUse {
                    use_id,
                    purpose: keyed_hash(k, &purpose),
                    recipient: keyed_hash(k, &normalise_name(&recipient)),
                    summary: keyed_hash(k, &summary),
                    stage,
                    went_ahead_by,
                    went_ahead_because,
                },
            )?;
            Ok(Ok(use_id))
        })
    }
}

/// Before an item's key is destroyed: every use recorded before the register existed gets its
/// register entry (when, for what and to whom, sealed with the store's key), read from its
/// summary's row while the item's key still opens it. Uses recorded since have theirs.
pub(crate) fn keep_register(
    tx: &dyn Db,
    master: &crate::crypto::MasterKey,
    keys: &crate::rows::ItemKeys,
    id: ItemId,
) -> Result<()> {
    let store = master.store_fields();
    for (uid, sealed) in tx.all(Q::UsesWithoutRegister, args![id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
    })? {
        let text = crypto::open_str(&keys.fields, &Place::use_of(id, uid), &sealed)?;
        let p: UsePrivate = serde_json::from_str(&text).map_err(|_| {
            crate::StoreError::Integrity(crate::msg::ItemMsg::UseUnreadable { id }.into())
        })?;
        let register = crate::rows::UseRegister {
            purpose: p.purpose,
            recipient: p.recipient,
        };
        let sealed = crypto::seal_str(
            &store,
            &Place::use_register(id, uid),
            &crate::encode(&register)?,
        )?;
        tx.exec(Q::SetUseRegister, args![uid, sealed])?;
    }
    Ok(())
}
