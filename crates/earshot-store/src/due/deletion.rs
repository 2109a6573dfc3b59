//! Deletion with a certificate: what is shredded and how it is recorded.

use rusqlite::Transaction;

use super::views::*;
use super::*;
use crate::{Result, Store, StoreError};
use earshot_core::audit::Event;
use earshot_core::model::ItemId;

/// Destroys the personal text that due process keeps about an item (called by deletion, in
/// its transaction).
pub(crate) fn shred_item(tx: &Transaction<'_>, id: ItemId) -> Result<()> {
    tx.execute(
        "UPDATE responses SET sealed = NULL WHERE item_id = ?1",
        [id],
    )?;
    tx.execute(
        "UPDATE access_requests SET sealed = NULL WHERE item_id = ?1",
        [id],
    )?;
    tx.execute(
        "UPDATE complaints SET sealed = NULL WHERE item_id = ?1 AND scope = 'item'",
        [id],
    )?;
    Ok(())
}

impl Store {
    /// Deletes an item (see [`Store::delete_item`]) with the copies outside the store whose
    /// deletion is confirmed (`(where, confirmed_by)`, registered in the same transaction), and
    /// returns the certificate's contents.
    #[allow(clippy::too_many_arguments)]
    pub fn delete_certified(
        &mut self,
        actor: &str,
        id: ItemId,
        reason: &str,
        requested_by: &str,
        approved_by: &str,
        pin: Option<&str>,
        copies: &[(String, String)],
    ) -> Result<Certificate> {
        let mut clean = Vec::new();
        for (place, by) in copies {
            let place = non_empty("where a copy was kept", place)?;
            let by = self
                .user(by.trim())
                .map_err(|_| {
                    StoreError::BadInput(format!(
                        "the copy at '{place}' is confirmed by '{}', who is not on the team; \
                         give the team member who confirmed its deletion",
                        by.trim()
                    ))
                })?
                .name;
            clean.push((place, by));
        }
        let before = self.account(actor, id)?;
        self.delete_item_with(actor, id, reason, requested_by, approved_by, pin, &clean)?;
        let after = self.account(actor, id)?;
        let deletion = after.deletion.clone();
        let mut destroyed = vec![
            "recording".to_string(),
            "item_key".into(),
            "personal_fields".into(),
        ];
        if !before.notifications.is_empty() {
            destroyed.push("notifications".into());
        }
        if !before.uses.is_empty() {
            destroyed.push("uses".into());
        }
        if !before.responses.is_empty() {
            destroyed.push("responses".into());
        }
        if !before.access_requests.is_empty() {
            destroyed.push("access_requests".into());
        }
        // Complaints are the complainant's record and are kept (sealed under the store's key);
        // only texts sealed under the item's key by an earlier version go with it.
        if before.complaints.iter().any(|c| c.text_destroyed) {
            destroyed.push("complaint_texts".into());
        }
        destroyed.push("waveform".into());
        Ok(Certificate {
            item: id,
            case: before.case.clone(),
            deleted_at: deletion.as_ref().map(|d| d.at.clone()).unwrap_or_default(),
            deleted_by: actor.to_string(),
            reason: reason.trim().to_string(),
            requested_by: requested_by.trim().to_string(),
            approved_by: approved_by.to_string(),
            file_name: before.file_name.clone(),
            format: before.format.clone(),
            duration_ms: before.duration_ms,
            size: before.size,
            sha256: before.sha256.clone(),
            received_at: before.received_at.clone(),
            received_by: before.received_by.clone(),
            channel: before.channel.clone(),
            destroyed,
            heard_ms: before.heard_ms.clone(),
            copies_outstanding: after.copies_outstanding,
            copies: after.copies,
            audit_head: after.audit_head,
        })
    }

    /// Logs that a deletion certificate was handed out (its files' hashes).
    pub fn record_certificate(&mut self, actor: &str, id: ItemId, sha256: &[String]) -> Result<()> {
        self.user(actor)?;
        self.write(|tx, log| {
            log.append(
                tx,
                actor,
                Some(id),
                &Event::DeleteCertificate {
                    sha256: sha256.first().cloned(),
                    files: sha256.to_vec(),
                },
            )?;
            Ok(())
        })
    }
}
