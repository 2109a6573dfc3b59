//! Copies outside the store: what is outstanding and what a deletion confirmed.

use crate::backend::{Db, DbExt, Q, args};
use chrono::NaiveDate;
use serde::Serialize;

use super::*;
use crate::crypto::{Column, Place};
use crate::sealing::next_row;
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
        self.conn.all(Q::CopiesOutstanding, args![], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
        })
    }

    /// Registers copies outside the store whose deletion is already confirmed, inside a
    /// deletion's transaction.
    pub(crate) fn confirmed_copies_in(
        &self,
        tx: &dyn Db,
        log: &mut AuditWriter,
        actor: &str,
        item: ItemId,
        copies: &[(String, String)],
        on: NaiveDate,
    ) -> Result<()> {
        let key = self.master.store_fields();
        for (location, by) in copies {
            let cid = next_row(tx, Column::Copy)?;
            let sealed = crypto::seal_str(
                &key,
                &Place::copy(item, cid),
                &encode(&CopySealed {
                    location,
                    deleted_on: Some(on),
                })?,
            )?;
            tx.exec(
                Q::InsertConfirmedCopy,
                args![item, sealed, actor, log.at, by, cid],
            )?;
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
