//! Copies outside the store: what is outstanding and what a deletion confirmed.

use chrono::NaiveDate;
use rusqlite::{Transaction, params};
use serde::Serialize;

use super::*;
use crate::{AuditWriter, Result, Store, crypto};
use earshot_core::audit::Event;
use earshot_core::model::ItemId;

/// The sealed form of a copy outside the store, as `triage` keeps it.
#[derive(Serialize)]
pub(super) struct CopySealed<'a> {
    location: &'a str,
    deleted_on: Option<NaiveDate>,
}

impl Store {
    /// Items with known copies outside the store whose deletion is not confirmed, and how many.
    pub fn copies_outstanding(&self) -> Result<Vec<(ItemId, usize)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT item_id, COUNT(*) FROM copies WHERE confirmed_at IS NULL GROUP BY item_id ORDER BY item_id",
        )?;
        Ok(st
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Registers copies outside the store whose deletion is already confirmed, inside a
    /// deletion's transaction.
    pub(crate) fn confirmed_copies_in(
        &self,
        tx: &Transaction<'_>,
        log: &mut AuditWriter,
        actor: &str,
        item: ItemId,
        copies: &[(String, String)],
        on: NaiveDate,
    ) -> Result<()> {
        let key = self.master.store_fields();
        for (location, by) in copies {
            let sealed = crypto::seal_str(
                &key,
                &format!("copy:{item}"),
                &encode(&CopySealed {
                    location,
                    deleted_on: Some(on),
                })?,
            )?;
            tx.execute(
                "INSERT INTO copies(item_id, sealed, registered_by, registered_at, confirmed_at, confirmed_by) \
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                params![item, sealed, actor, log.at, by],
            )?;
            let cid = tx.last_insert_rowid();
            log.append(tx, actor, Some(item), &Event::CopyRegister { copy: cid })?;
            log.append(
                tx,
                actor,
                Some(item),
                &Event::CopyDeleted {
                    copy: cid,
                    confirmed_by: by.clone(),
                    on,
                },
            )?;
        }
        Ok(())
    }
}
