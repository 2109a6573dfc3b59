//! Deletion: the item's key, its personal fields and its file destroyed in one transaction
//! (with its certificate and a new key epoch), what outlives it kept, then the file removed.

use crate::backend::{Q, args};
use crate::msg::{Field, ItemMsg};
use crate::{Result, Store, StoreError};
use earshot_core::audit::Event;
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::{ItemId, Role};

impl Store {
    /// Crypto-shreds an item: its key, its personal fields and its blob are destroyed; the
    /// audit chain keeps what happened.
    pub fn delete_item(
        &mut self,
        actor: &str,
        id: ItemId,
        reason: &str,
        requested_by: &str,
        approved_by: &str,
        proof: &crate::LeadProof,
    ) -> Result<String> {
        let (blob, _) = self.delete_item_shredding(
            actor,
            id,
            reason,
            requested_by,
            approved_by,
            proof,
            &[],
            None,
            None,
        )?;
        Ok(blob)
    }

    /// [`Store::delete_item`], registering in the same transaction copies outside the store
    /// whose deletion is confirmed (`(where, confirmed_by)`, confirmed today), and returning
    /// what held something and was destroyed
    /// (from [`due::deletion::SHREDDED`](crate::due::deletion::SHREDDED), in its order).
    /// `despite`: the reason to delete although a subject's access request is open (the
    /// approver approves it with the deletion); without one, an open request refuses it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn delete_item_shredding(
        &mut self,
        actor: &str,
        id: ItemId,
        reason: &str,
        requested_by: &str,
        approved_by: &str,
        proof: &crate::LeadProof,
        confirmed_copies: &[(String, String)],
        certify: Option<&crate::due::deletion::CertificateDraft>,
        despite: Option<&str>,
    ) -> Result<(String, Vec<&'static crate::due::deletion::Shredded>)> {
        let user = self.user(actor)?;
        let despite = match despite.map(str::trim) {
            Some("") => {
                return Err(StoreError::BadInput(
                    ItemMsg::Empty {
                        field: Field::Reason,
                    }
                    .into(),
                ));
            }
            d => d,
        };
        let (approver, other_leads) = self.overseer(&user, approved_by, proof)?;
        let today = self.now().date_naive();
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::BadInput(
                ItemMsg::Empty {
                    field: Field::DeletionReason,
                }
                .into(),
            ));
        }
        if requested_by.trim().is_empty() {
            return Err(StoreError::BadInput(
                ItemMsg::Empty {
                    field: Field::DeletionRequester,
                }
                .into(),
            ));
        }
        // A full disk never stops a deletion: the store's reserve is given up once to make
        // room (see `reserve`), and the same transaction is tried again. Nor does the new key
        // epoch the deletion makes: when that fails, the deletion is done without it (and the
        // guardian makes it later, see `keys`).
        let mut released = false;
        let mut rotate = true;
        let rotation_failed = std::cell::Cell::new(false);
        let epochs = std::sync::Arc::clone(&self.epochs);
        let (blob, shredded, rotated) = loop {
            let attempt = self.write_gated(actor, Some(id), Action::Delete, |tx, log| {
                let l = self.load(tx, id)?;
                let o = Oversight {
                    supervisor: None,
                    approver: Some(&approver),
                    other_leads,
                    despite_access_request: despite.is_some(),
                };
                if let Err(missing) = gate::check(Action::Delete, &l.facts, &user, o) {
                    return Ok(Err(missing));
                }
                // A copy's deletion is its holder's word: confirmed with the deletion only by
                // whoever deletes; another member confirms their own (`copy confirm`, before or
                // after), or with their approval there.
                for (_, by) in confirmed_copies {
                    let holder = crate::admin::find_user(tx, by)?.unwrap_or_else(|| {
                        earshot_core::model::User::new(by.clone(), Role::Worker)
                    });
                    if let Err(missing) = gate::copy_confirmation(&user, &holder, false) {
                        return Ok(Err(missing));
                    }
                }
                if let Some(rid) = proof.approval() {
                    let ask = crate::approvals::Ask::Deletion {
                        item: id,
                        requested_by: requested_by.to_string(),
                        reason: reason.to_string(),
                        despite: despite.map(str::to_string),
                    };
                    self.consume_approval(tx, log, actor, rid, &ask, Some(&approver.name))?;
                }
                let k = l.keys.as_ref().map(|k| k.audit.clone());
                let kh = |s: &str| {
                    k.as_ref()
                        .map(|k| earshot_core::audit::keyed_hash(k.bytes(), s))
                };
                // The register of uses outlives the item (AVG art. 19): kept before its key goes.
                if let Some(keys) = &l.keys {
                    crate::uses::keep_register(tx, &self.master, keys, id)?;
                }
                // The item's key, its personal fields and everything else sealed with its key:
                // one list, due::deletion::SHREDDED.
                let shredded = crate::due::deletion::shred_item(tx, id)?;
                tx.exec(Q::MarkItemDeleted, args![id, log.at])?;
                log.append(
                    tx,
                    actor,
                    Some(id),
                    &Event::ItemDelete {
                        approved_by: approver.name.clone(),
                        requested_by: kh(&earshot_core::model::normalise_name(requested_by)),
                        reason: kh(reason),
                        sha256: l.row.sha256.clone(),
                        despite_access_request: despite
                            .filter(|_| !l.facts.open_access_requests.is_empty())
                            .and_then(kh),
                    },
                )?;
                self.confirmed_copies_in(tx, log, actor, id, confirmed_copies, today)?;
                if let Some(d) = certify {
                    crate::due::deletion::record_certificate_in(
                        tx,
                        &self.master,
                        id,
                        d,
                        &shredded,
                        &log.at,
                    )?;
                }
                // A new key epoch: the item's key now survives only in backups, wrapped under
                // the epoch before it, which `backup_retention_days` from now may be retired.
                let rotated = if rotate {
                    let r = crate::keys::rotate_in(tx, log, &epochs, actor, Some(id));
                    rotation_failed.set(r.is_err());
                    Some(r?)
                } else {
                    None
                };
                self.mark_blob_leaving(tx, &l.row.blob, &log.at)?;
                Ok(Ok((l.row.blob.clone(), shredded, rotated)))
            });
            match attempt {
                Err(_) if rotate && rotation_failed.get() => rotate = false,
                Err(e) if e.is_disk_full() && !released && crate::reserve::release(&self.dir) => {
                    released = true
                }
                other => break other?,
            }
        };
        if let Some(r) = rotated {
            self.epochs.adopt(r.new);
        }
        // The key is gone from the database: the blob goes, and no old page keeps the key.
        self.remove_blob(&blob)?;
        // Every deletion is signed for: a log restored to before it will not open. A place for
        // checkpoints out of reach does not undo or hide a deletion that is done: its
        // certificate comes first, and the next checkpoint (the guardian's, or `audit
        // checkpoint`, which says what failed) covers it.
        let _ = self.audit_checkpoint();
        Ok((blob, shredded))
    }
}
