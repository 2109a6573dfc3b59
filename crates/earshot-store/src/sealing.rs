//! Every sealed value in the database: which column of which row holds it, which key seals it,
//! and the walk over all of them that the upgrade to seal version 2 and `doctor --deep` make.
//!
//! Since seal version 2 a value's associated data is its place ([`crypto::Place`]: item, table,
//! row, column; an item's key also its blob's name). Stores written before held values bound
//! to their blob's name or a fixed label; [`Store::upgrade_seals`] opens each under its old
//! label and seals it again for its place, once, in one transaction, at the first open.

use std::collections::HashMap;

use zeroize::Zeroizing;

use crate::backend::{Db, DbExt, Q, args};
use crate::crypto::{self, Column, MasterKey, Place, Secret};
use crate::keys::Epochs;
use crate::rows::ItemKeys;
use crate::{Result, Store, StoreError};
use earshot_core::model::ItemId;

/// Where `meta` records the version of the associated data the store's values are sealed with.
pub(crate) const SEAL_VERSION_KEY: &str = "seal_version";

/// Rows read at a time by the walk.
const BATCH: i64 = 512;

/// Which key seals a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyOf {
    /// The master key (items' keys).
    Master,
    /// The item's field key: destroyed with the item.
    Item,
    /// The store's field key: outlives the item.
    Store,
    /// Per row, by its `scope` ('item' or 'store').
    Scope,
}

fn key_of(c: Column) -> KeyOf {
    match c {
        Column::ItemKey => KeyOf::Master,
        Column::Copy | Column::Certificate | Column::UseRegister => KeyOf::Store,
        Column::Complaint | Column::Approval => KeyOf::Scope,
        Column::ItemFields
        | Column::ChatContext
        | Column::Notification
        | Column::Use
        | Column::Escalation
        | Column::EscalationNote
        | Column::Response
        | Column::AccessRequest
        | Column::ErasureRequest
        | Column::Waveform => KeyOf::Item,
    }
}

/// The column that is the row's key, and the one naming the item the row is about.
fn key_and_item(c: Column) -> (&'static str, &'static str) {
    if matches!(c, Column::ItemKey | Column::ItemFields) {
        ("id", "id")
    } else if c.one_per_item() {
        ("item_id", "item_id")
    } else {
        ("id", "item_id")
    }
}

/// The id the next row of `c`'s table gets (for an item's own columns, the next item's).
/// Asked in the write transaction that inserts the row, so that its sealed values are bound
/// to it before it is written.
pub(crate) fn next_row(tx: &dyn Db, c: Column) -> Result<i64> {
    tx.one(Q::NextId { table: c.table() }, args![], |r| r.get(0))
}

/// The key of the item whose `items.wrapped_key` the walk holds in `h`, opened under the epoch
/// its row says it is wrapped under.
fn item_secret(db: &dyn Db, epochs: &Epochs, h: &Held) -> Result<Secret> {
    let row = crate::rows::load_row(db, h.row)?;
    epochs.unwrap(
        row.key_epoch,
        h.row,
        h.blob.as_deref().unwrap_or_default(),
        &h.value,
    )
}

/// One sealed value as the walk reads it.
struct Held {
    row: i64,
    item: Option<ItemId>,
    scope: Option<String>,
    value: Vec<u8>,
    blob: Option<String>,
}

impl Held {
    fn place(&self, c: Column) -> Place {
        Place::at(c, self.item, self.row)
    }

    /// Whether the store's key seals it (else the item's).
    fn store_scoped(&self, c: Column) -> bool {
        match key_of(c) {
            KeyOf::Store => true,
            KeyOf::Scope => self.scope.as_deref() == Some("store"),
            KeyOf::Master | KeyOf::Item => false,
        }
    }
}

/// Calls `each` with every value held in column `c`, a batch of rows at a time (`each` may
/// write the value back: the next batch starts after the last row's key).
fn walk(db: &dyn Db, c: Column, each: &mut dyn FnMut(&dyn Db, Held) -> Result<()>) -> Result<()> {
    let (key, item) = key_and_item(c);
    let q = Q::SealedValues {
        table: c.table(),
        column: c.name(),
        key,
        item,
        scoped: key_of(c) == KeyOf::Scope,
    };
    let mut after = i64::MIN;
    loop {
        let batch: Vec<Held> = db.all(q, args![after, BATCH], |r| {
            Ok(Held {
                row: r.get(0)?,
                item: r.get(1)?,
                scope: r.get(2)?,
                value: r.get(3)?,
                blob: r.get(4)?,
            })
        })?;
        let Some(last) = batch.last().map(|h| h.row) else {
            return Ok(());
        };
        for h in batch {
            each(db, h)?;
        }
        after = last;
    }
}

fn put(tx: &dyn Db, c: Column, row: i64, value: &[u8]) -> Result<()> {
    let (key, _) = key_and_item(c);
    tx.exec(
        Q::SetSealedValue {
            table: c.table(),
            column: c.name(),
            key,
        },
        args![row, value],
    )?;
    Ok(())
}

/// The seal version the store's values are sealed with (1: no record, as stores before it).
fn seal_version(db: &dyn Db) -> Result<u32> {
    let v: Option<String> = db.opt(Q::Meta, args![SEAL_VERSION_KEY], |r| r.get(0))?;
    Ok(v.and_then(|v| v.trim().parse().ok()).unwrap_or(1))
}

/// Seals every value of a store of seal version 1 again for its place, in the running
/// transaction. A value that does not open under its old label stops it (nothing is kept):
/// an integrity failure naming its table, row and column. Values of an item whose key is
/// destroyed cannot be opened by anyone and are left as they are.
fn upgrade(tx: &dyn Db, master: &MasterKey, epochs: &Epochs) -> Result<u64> {
    // Items' keys first: the other values are opened with them. A key is opened under the
    // epoch it is wrapped under (a store from before epochs: epoch 0, bound to its blob's name
    // alone); wrapping it again for its place is the epoch upgrade's, which follows.
    let mut keys: HashMap<ItemId, ItemKeys> = HashMap::new();
    walk(tx, Column::ItemKey, &mut |tx, h| {
        let secret = item_secret(tx, epochs, &h)?;
        keys.insert(h.row, ItemKeys::from_secret(&secret));
        Ok(())
    })?;
    let store = master.store_fields();
    let mut resealed = 0u64;
    for c in Column::ALL {
        if c == Column::ItemKey {
            continue;
        }
        walk(tx, c, &mut |tx, h| {
            let scoped = h.store_scoped(c);
            let key: &Secret = if scoped {
                &store
            } else {
                match h.item.and_then(|i| keys.get(&i)) {
                    Some(k) => &k.fields,
                    None => return Ok(()),
                }
            };
            let place = h.place(c);
            let plain = Zeroizing::new(crypto::open_v1(
                key,
                &place,
                h.blob.as_deref(),
                scoped,
                &h.value,
            )?);
            resealed += 1;
            put(tx, c, h.row, &crypto::seal(key, &place, &plain)?)
        })?;
    }
    Ok(resealed)
}

impl Store {
    /// Brings a store whose values are sealed with the labels of earlier versions up to seal
    /// version 2 (see the module's text): once, in one transaction, recorded in `meta`.
    pub(crate) fn upgrade_seals(&self) -> Result<()> {
        if seal_version(self.db())? >= Place::VERSION {
            return Ok(());
        }
        self.write(|tx, log| {
            // Another process may have done it while this one waited for the lock.
            if seal_version(tx)? >= Place::VERSION {
                return Ok(());
            }
            let values = upgrade(tx, &self.master, &self.epochs)?;
            tx.exec(
                Q::InsertMetaValue,
                args![SEAL_VERSION_KEY, Place::VERSION.to_string()],
            )?;
            // Said in the log, by earshot itself (no member asked for it).
            log.append(
                tx,
                crate::keys::KEYS_ACTOR,
                None,
                &earshot_core::audit::Event::StoreReseal {
                    version: Place::VERSION,
                    values,
                },
            )?;
            Ok(())
        })
    }

    /// Opens every sealed value of every row of `columns` where it is, and returns the failure
    /// of each that does not open (an integrity failure naming its table, row and column).
    /// Values of an item whose key is destroyed are passed over (nothing can open them), and
    /// so are those of an item whose own key does not open (that is its own failure, in
    /// `items.wrapped_key`).
    pub(crate) fn unopened(&self, columns: &[Column]) -> Result<Vec<StoreError>> {
        let mut failed = Vec::new();
        let mut keys: HashMap<ItemId, Option<ItemKeys>> = HashMap::new();
        let store = self.master.store_fields();
        for &c in columns {
            walk(self.db(), c, &mut |_, h| {
                let place = h.place(c);
                if c == Column::ItemKey {
                    if let Err(e) = item_secret(self.db(), &self.epochs, &h) {
                        failed.push(e);
                    }
                    return Ok(());
                }
                let key = if h.store_scoped(c) {
                    &store
                } else {
                    let Some(item) = h.item else { return Ok(()) };
                    let k = keys.entry(item).or_insert_with(|| {
                        let row = crate::rows::load_row(self.db(), item).ok()?;
                        self.item_keys(&row).ok().flatten()
                    });
                    match k {
                        Some(k) => &k.fields,
                        None => return Ok(()),
                    }
                };
                if let Err(e) = crypto::open(key, &place, &h.value) {
                    failed.push(e);
                }
                Ok(())
            })?;
        }
        Ok(failed)
    }
}

/// Seals every value again as versions before seal version 2 did (its old label; items' keys
/// bound to their blob only), in the running transaction: a store as they left it, for the
/// tests of the upgrade. `meta` is left to the caller.
#[cfg(test)]
pub(crate) fn seal_as_version_1(tx: &dyn Db, master: &MasterKey, epochs: &Epochs) -> Result<()> {
    let mut keys: HashMap<ItemId, (Secret, String)> = HashMap::new();
    walk(tx, Column::ItemKey, &mut |tx, h| {
        let blob = h.blob.clone().unwrap_or_default();
        keys.insert(h.row, (item_secret(tx, epochs, &h)?, blob));
        Ok(())
    })?;
    let store = master.store_fields();
    for c in Column::ALL {
        if c == Column::ItemKey {
            continue;
        }
        walk(tx, c, &mut |tx, h| {
            let scoped = h.store_scoped(c);
            let fields;
            let key: &Secret = if scoped {
                &store
            } else {
                match h.item.and_then(|i| keys.get(&i)) {
                    Some((s, _)) => {
                        fields = ItemKeys::from_secret(s).fields;
                        &fields
                    }
                    None => return Ok(()),
                }
            };
            let place = h.place(c);
            let plain = crypto::open(key, &place, &h.value)?;
            let old = crypto::seal_v1(key, &place, h.blob.as_deref(), scoped, &plain)?;
            put(tx, c, h.row, &old)
        })?;
    }
    // Items' keys stay as they are: under an epoch of their own, they are bound to their place
    // already (keys of stores from before epochs are the epoch upgrade's, tested there).
    Ok(())
}
