//! Copies of a recording outside the store: where each is, of which kind, and who confirmed its
//! deletion.
//!
//! A copy is `held` (a worker's phone, a forwarded e-mail: outstanding until someone confirms
//! its deletion) or `handed` (the subject's own, handed to them under their right of access:
//! listed, never outstanding). Where a copy is counts as personal data: it is sealed with the
//! store's field key, so the list outlives the item for its certificate. A confirmation is the
//! word of the member it names: anyone confirms for themself, and for another member only with
//! that member's approval.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::approvals::Ask;
use crate::backend::{Db, DbExt, Q, args};
use crate::crypto::{self, Column, Place};
use crate::msg::{Field, ItemMsg, StoreMsg};
use crate::rows::load_row;
use crate::sealing::next_row;
use crate::{AuditWriter, LeadProof, Result, Store, StoreError};
use earshot_core::audit::Event;
use earshot_core::gate::{self, Action};
use earshot_core::model::{CopyKind, ItemId, normalise_name};

/// A copy of a recording outside the store.
#[derive(Debug, Clone, Serialize)]
pub struct CopyView {
    pub id: i64,
    pub item: ItemId,
    /// Where it is: "phone of wim (WhatsApp)", "recording handed to the subject".
    pub location: String,
    /// `held` (to be deleted, outstanding until confirmed) or `handed` (the subject's own).
    pub kind: CopyKind,
    pub registered_by: String,
    pub registered_at: String,
    /// Who confirmed its deletion, and when; none while outstanding (and for a handed copy).
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
    /// The date the deletion was confirmed for (may precede the entry).
    pub deleted_on: Option<NaiveDate>,
}

impl CopyView {
    /// Whether the team still has to see it deleted.
    pub fn outstanding(&self) -> bool {
        self.kind == CopyKind::Held && self.confirmed_at.is_none()
    }
}

/// The sealed part of a copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CopyPrivate {
    pub(crate) location: String,
    pub(crate) deleted_on: Option<NaiveDate>,
}

/// A copy to register.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewCopy<'a> {
    pub(crate) location: &'a str,
    pub(crate) kind: CopyKind,
    /// The access request a handed copy answered.
    pub(crate) request: Option<i64>,
}

impl<'a> NewCopy<'a> {
    /// A copy the team must see deleted.
    pub(crate) fn held(location: &'a str) -> NewCopy<'a> {
        NewCopy {
            location,
            kind: CopyKind::Held,
            request: None,
        }
    }
}

/// Whether two places are the same place: case and spacing do not count.
pub(crate) fn same_place(a: &str, b: &str) -> bool {
    normalise_name(a) == normalise_name(b)
}

/// Registers a copy outside the store inside a running transaction (an import registers the
/// phone it came from in the same transaction as the item, an access grant the subject's copy).
pub(crate) fn insert_copy(
    tx: &dyn Db,
    log: &mut AuditWriter,
    master: &crypto::MasterKey,
    actor: &str,
    item: ItemId,
    new: NewCopy<'_>,
) -> Result<i64> {
    let id = next_row(tx, Column::Copy)?;
    let sealed = crypto::seal_str(
        &master.store_fields(),
        &Place::copy(item, id),
        &crate::encode(&CopyPrivate {
            location: new.location.to_string(),
            deleted_on: None,
        })?,
    )?;
    tx.exec(
        Q::InsertCopy,
        args![item, sealed, actor, log.at, id, new.kind.as_str()],
    )?;
    log.append(
        tx,
        actor,
        Some(item),
        &Event::CopyRegister {
            copy: id,
            kind: new.kind,
            request: new.request,
        },
    )?;
    Ok(id)
}

/// Records, inside a running transaction, that copy `copy` of `item` was deleted on `on`, as
/// `confirmed_by` confirms. Refused when another transaction confirmed it first.
pub(crate) fn confirm_in(
    tx: &dyn Db,
    log: &mut AuditWriter,
    master: &crypto::MasterKey,
    actor: &str,
    (item, copy): (ItemId, i64),
    confirmed_by: &str,
    on: NaiveDate,
) -> Result<()> {
    let row = copy_row(tx, copy)?;
    if row.confirmed {
        return Err(StoreError::BadInput(ItemMsg::CopyConfirmed { copy }.into()));
    }
    let key = master.store_fields();
    let place = Place::copy(item, copy);
    let mut p = open_copy(&key, &place, copy, &row.sealed)?;
    p.deleted_on = Some(on);
    let sealed = crypto::seal_str(&key, &place, &crate::encode(&p)?)?;
    tx.exec(Q::ConfirmCopy, args![copy, sealed, log.at, confirmed_by])?;
    log.append(
        tx,
        actor,
        Some(item),
        &Event::CopyDeleted {
            copy,
            confirmed_by: confirmed_by.to_string(),
            on,
        },
    )?;
    Ok(())
}

/// A copy's row as stored.
struct CopyRow {
    item: ItemId,
    sealed: Vec<u8>,
    confirmed: bool,
    kind: CopyKind,
    registered_at: String,
}

fn copy_row(db: &dyn Db, copy: i64) -> Result<CopyRow> {
    let (item, sealed, confirmed_at, kind, registered_at): (
        ItemId,
        Vec<u8>,
        Option<String>,
        String,
        String,
    ) = db
        .opt(Q::CopyRow, args![copy], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .ok_or_else(|| StoreError::BadInput(ItemMsg::NoCopy { copy }.into()))?;
    Ok(CopyRow {
        item,
        sealed,
        confirmed: confirmed_at.is_some(),
        kind: parse_kind(&kind)?,
        registered_at,
    })
}

fn parse_kind(kind: &str) -> Result<CopyKind> {
    kind.parse()
        .map_err(|detail| StoreError::Integrity(StoreMsg::StoredValueUnknown { detail }.into()))
}

fn open_copy(key: &crypto::Secret, place: &Place, copy: i64, sealed: &[u8]) -> Result<CopyPrivate> {
    serde_json::from_str(&crypto::open_str(key, place, sealed)?)
        .map_err(|_| StoreError::Integrity(ItemMsg::CopyUnreadable { copy }.into()))
}

/// The day a stored time falls on (UTC).
fn day_of(stamp: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|d| d.to_utc().date_naive())
}

impl Store {
    /// Registers a copy of an item held outside the store (one the team must see deleted).
    pub fn register_copy(&mut self, actor: &str, item: ItemId, location: &str) -> Result<i64> {
        self.user(actor)?;
        let location = location.trim();
        if location.is_empty() {
            return Err(StoreError::BadInput(
                ItemMsg::Empty {
                    field: Field::CopyLocation,
                }
                .into(),
            ));
        }
        load_row(self.db(), item)?;
        let master = self.master.clone();
        self.write(|tx, log| insert_copy(tx, log, &master, actor, item, NewCopy::held(location)))
    }

    /// The item a copy is of, and the day its deletion would be confirmed for (`on`, today if
    /// not given): refused when there is nothing to confirm (no such copy, a handed one, one
    /// already confirmed) or when the day lies in the future or before the copy was
    /// registered. Asking another member to approve a confirmation asks for
    /// [`Ask::CopyConfirm`] with that day.
    pub fn copy_confirmation(
        &self,
        copy: i64,
        on: Option<NaiveDate>,
    ) -> Result<(ItemId, NaiveDate)> {
        let today = self.now().date_naive();
        let on = on.unwrap_or(today);
        if on > today {
            return Err(StoreError::BadInput(
                ItemMsg::CopyDeletedInFuture { on: on.to_string() }.into(),
            ));
        }
        let row = copy_row(self.db(), copy)?;
        if row.kind == CopyKind::Handed {
            return Err(StoreError::BadInput(ItemMsg::CopyHanded { copy }.into()));
        }
        if row.confirmed {
            return Err(StoreError::BadInput(ItemMsg::CopyConfirmed { copy }.into()));
        }
        if let Some(registered) = day_of(&row.registered_at)
            && on < registered
        {
            return Err(StoreError::BadInput(
                ItemMsg::CopyDeletedBeforeRegistered {
                    copy,
                    on: on.to_string(),
                    registered: registered.to_string(),
                }
                .into(),
            ));
        }
        Ok((row.item, on))
    }

    /// Records that a copy outside the store was deleted, as `confirmed_by` confirms. For
    /// oneself nothing else is needed; for another member, `proof` is their approval: their
    /// PIN typed here, or their answer to a request from their own session (used up here).
    /// Without it the gate refuses (and logs) the confirmation.
    pub fn confirm_copy_deleted(
        &mut self,
        actor: &str,
        copy: i64,
        confirmed_by: &str,
        on: Option<NaiveDate>,
        proof: &LeadProof,
    ) -> Result<()> {
        let me = self.user(actor)?;
        let by = self.user(confirmed_by)?;
        let (item, on) = self.copy_confirmation(copy, on)?;
        let ask = Ask::CopyConfirm { copy, on };
        let other = by.name != me.name;
        if other && let LeadProof::Pin(pin) = proof {
            self.check_pin(actor, &by.name, Some(pin))?;
        }
        let master = self.master.clone();
        self.write_gated(actor, Some(item), Action::ConfirmCopy, |tx, log| {
            let approved = match proof {
                _ if !other => false,
                LeadProof::Pin(_) => true,
                LeadProof::Approval(rid) => {
                    self.consume_approval(tx, log, actor, *rid, &ask, Some(&by.name))?;
                    true
                }
                LeadProof::None => false,
            };
            if let Err(m) = gate::copy_confirmation(&me, &by, approved) {
                return Ok(Err(m));
            }
            confirm_in(tx, log, &master, actor, (item, copy), &by.name, on)?;
            Ok(Ok(()))
        })
    }

    /// The known copies of an item outside the store.
    pub fn copies(&self, item: ItemId) -> Result<Vec<CopyView>> {
        copies_in(self.db(), &self.master, item)
    }
}

/// The known copies of an item outside the store, read through `db` (a running transaction).
pub(crate) fn copies_in(
    db: &dyn Db,
    master: &crypto::MasterKey,
    item: ItemId,
) -> Result<Vec<CopyView>> {
    let key = master.store_fields();
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        i64,
        Vec<u8>,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
    )> = db.all(Q::CopiesOf, args![item], |r| r.tuple())?;
    let mut out = Vec::new();
    for (id, sealed, registered_by, registered_at, confirmed_by, confirmed_at, kind) in rows {
        let p = open_copy(&key, &Place::copy(item, id), id, &sealed)?;
        out.push(CopyView {
            id,
            item,
            location: p.location,
            kind: parse_kind(&kind)?,
            registered_by,
            registered_at,
            confirmed_by,
            confirmed_at,
            deleted_on: p.deleted_on,
        });
    }
    Ok(out)
}
