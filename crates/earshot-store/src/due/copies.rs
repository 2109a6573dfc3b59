//! Copies outside the store: what is outstanding and what a deletion confirmed.

use crate::backend::{Db, DbExt, Q, args};
use chrono::NaiveDate;

use super::*;
use crate::copies::{CopyPrivate, confirm_in, copies_in, same_place};
use crate::crypto::{Column, Place};
use crate::sealing::next_row;
use crate::{AuditWriter, Result, Store, crypto};
use earshot_core::audit::Event;
use earshot_core::model::{CopyKind, ItemId};

impl Store {
    /// Items with known copies outside the store whose deletion is not confirmed, and how many
    /// (copies handed to a subject are theirs, and never outstanding).
    pub fn copies_outstanding(&self) -> Result<Vec<(ItemId, usize)>> {
        self.conn.all(Q::CopiesOutstanding, args![], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
        })
    }

    /// Records, inside a deletion's transaction, copies outside the store whose deletion is
    /// confirmed (`(where, confirmed_by)`): a registered copy of the item in the same place
    /// (case and spacing aside) is confirmed, never registered a second time; a place not yet
    /// registered is registered and confirmed at once.
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
            let known = copies_in(tx, &self.master, item)?
                .into_iter()
                .find(|c| c.kind == CopyKind::Held && same_place(&c.location, location));
            match known {
                // Confirmed already (or named twice): it stays as it is.
                Some(c) if c.confirmed_at.is_some() => {}
                Some(c) => confirm_in(tx, log, &self.master, actor, (item, c.id), by, on)?,
                None => {
                    let cid = next_row(tx, Column::Copy)?;
                    let sealed = crypto::seal_str(
                        &key,
                        &Place::copy(item, cid),
                        &encode(&CopyPrivate {
                            location: location.clone(),
                            deleted_on: Some(on),
                        })?,
                    )?;
                    tx.exec(
                        Q::InsertConfirmedCopy,
                        args![item, sealed, actor, log.at, by, cid],
                    )?;
                    log.append(
                        tx,
                        actor,
                        Some(item),
                        &Event::CopyRegister {
                            copy: cid,
                            kind: CopyKind::Held,
                            request: None,
                        },
                    )?;
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
            }
        }
        Ok(())
    }
}
