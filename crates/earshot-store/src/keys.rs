//! Key epochs: what makes crypto-shredding reach backups.
//!
//! Every item's key is wrapped under the key of one epoch (`items.key_epoch`), a random secret
//! in its own 0600 file beside the master key (`<key>.epoch-N`,
//! [`crypto::epoch_key_path`]). A rotation makes epoch N+1 and wraps every live item's key
//! again under it, in one transaction; epoch N is then superseded, and a backup made before
//! that moment holds item keys that only epoch N's key opens. Once `backup_retention_days`
//! have passed since, epoch N may be retired: its key file is overwritten and removed, and
//! every backup made while it was current becomes unreadable, deleted items included.
//!
//! A deletion rotates in its own transaction, so the item's key survives only in backups
//! wrapped under the epoch that was current until the deletion: they are unreadable once that
//! epoch (and every earlier one that held the key) is retired, `backup_retention_days` after
//! the deletion at the earliest. The guardian retires due epochs itself
//! ([`Store::key_maintenance`]); `earshot key retire N` does it by hand.
//!
//! Epoch 0 is the master key itself, under which stores from before epochs wrapped item keys.
//! The first open of such a store rotates to epoch 1. Epoch 0 is never retired: the master
//! key stays (the log's pseudonyms and the store's own fields are keyed from it), so backups
//! from before the upgrade stay readable with it until they are destroyed.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::backend::{Db, DbExt, DbRow, Q, args};
use crate::crypto::{self, EpochKey, MasterKey, Secret, epoch_key_path, epoch_retired_path};
use crate::msg::{KeyMsg, StoreMsg};
use crate::settings::{BACKUP_RETENTION_DAYS, setting_u64};
use crate::{AuditWriter, Result, Store, StoreError, fsutil, stamp};
use earshot_core::audit::Event;
use earshot_core::gate::{self, Action};
use earshot_core::model::ItemId;

/// Who the log names for what the store does with its keys on its own: the upgrade of an older
/// store to epochs (at open), and what the guardian does when no one asked (it passes the
/// login it runs as; this is the fallback, the guardian's system user).
pub const KEYS_ACTOR: &str = "earshot";

/// The keys of the store's epochs, read from their files when first needed and kept for every
/// handle on the store ([`Store::reopen`] shares them).
pub(crate) struct Epochs {
    master: MasterKey,
    key_path: PathBuf,
    store_id: String,
    kept: RwLock<HashMap<u32, Arc<EpochKey>>>,
}

impl std::fmt::Debug for Epochs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Epochs").finish_non_exhaustive()
    }
}

impl Epochs {
    pub(crate) fn new(master: &MasterKey, key_path: &Path, store_id: &str) -> Epochs {
        Epochs {
            master: master.clone(),
            key_path: key_path.to_path_buf(),
            store_id: store_id.to_string(),
            kept: RwLock::new(HashMap::new()),
        }
    }

    fn kept(&self, epoch: u32) -> Option<Arc<EpochKey>> {
        self.kept
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&epoch)
            .cloned()
    }

    fn keep(&self, key: Arc<EpochKey>) {
        self.kept
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key.epoch(), key);
    }

    fn forget(&self, epoch: u32) {
        self.kept
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&epoch);
    }

    /// Reads the key of `epoch` from its file, checked against `check` when the store's record
    /// is at hand. A file that is gone because the epoch was retired says so.
    fn read(&self, epoch: u32, check: Option<&str>) -> Result<EpochKey> {
        if epoch == 0 {
            return Ok(self.master.legacy_epoch());
        }
        let path = epoch_key_path(&self.key_path, epoch);
        if fs::symlink_metadata(&path).is_err() {
            return Err(match retired_on(&self.key_path, epoch) {
                Some(on) => StoreError::Integrity(KeyMsg::EpochRetired { epoch, on }.into()),
                None => StoreError::Setup(
                    KeyMsg::EpochKeyMissing {
                        epoch,
                        path: path.display().to_string(),
                    }
                    .into(),
                ),
            });
        }
        let secret = crypto::read_secret_file(&path)?;
        if let Some(want) = check
            && crypto::epoch_check_value(&secret, epoch, &self.store_id) != want
        {
            return Err(StoreError::Setup(
                KeyMsg::EpochKeyNotThisStore {
                    epoch,
                    path: path.display().to_string(),
                }
                .into(),
            ));
        }
        Ok(EpochKey::from_secret(epoch, &secret))
    }

    /// The key of `epoch`: kept, or read from its file (an item key it does not open fails to
    /// unwrap, so a swapped file shows as a damaged key, never as another item's).
    pub(crate) fn key(&self, epoch: u32) -> Result<Arc<EpochKey>> {
        if let Some(k) = self.kept(epoch) {
            return Ok(k);
        }
        let k = Arc::new(self.read(epoch, None)?);
        self.keep(Arc::clone(&k));
        Ok(k)
    }

    /// The key item keys are wrapped under now, checked against the store's record of it.
    pub(crate) fn current(&self, db: &dyn Db) -> Result<Arc<EpochKey>> {
        let (epoch, check) = current_epoch(db)?;
        if let Some(k) = self.kept(epoch) {
            return Ok(k);
        }
        let k = Arc::new(self.read(epoch, check.as_deref())?);
        self.keep(Arc::clone(&k));
        Ok(k)
    }

    /// Opens an item key wrapped under `epoch` (as the database holds it).
    pub(crate) fn unwrap(
        &self,
        epoch: i64,
        item: ItemId,
        blob: &str,
        wrapped: &[u8],
    ) -> Result<Secret> {
        let epoch = u32::try_from(epoch).map_err(|_| {
            StoreError::Integrity(
                StoreMsg::StoredValueUnknown {
                    detail: format!("key epoch {epoch}"),
                }
                .into(),
            )
        })?;
        self.key(epoch)?.unwrap(item, blob, wrapped)
    }

    /// Creates the key file of a new epoch, numbered after every epoch the store knows and
    /// every file beside the key (a store put back from a backup may not know the newest).
    /// Called inside the write transaction that makes it current, so no other writer numbers
    /// one at the same time.
    fn create(&self, tx: &dyn Db) -> Result<NewEpoch> {
        #[cfg(test)]
        if FAIL_CREATE.with(|f| f.replace(false)) {
            return Err(StoreError::Setup(
                KeyMsg::NoFreeEpoch {
                    path: self.key_path.display().to_string(),
                }
                .into(),
            ));
        }
        let max: i64 = tx.one(Q::MaxEpoch, args![], |r| r.get(0))?;
        let mut n = u32::try_from(max.max(0))
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        for _ in 0..10_000 {
            let path = epoch_key_path(&self.key_path, n);
            let taken = |p: &Path| fs::symlink_metadata(p).is_ok();
            if taken(&path) || taken(&epoch_retired_path(&self.key_path, n)) {
                n = n.saturating_add(1);
                continue;
            }
            match crypto::create_secret_file(&path) {
                Ok(secret) => {
                    return Ok(NewEpoch {
                        check: crypto::epoch_check_value(&secret, n, &self.store_id),
                        key: Arc::new(EpochKey::from_secret(n, &secret)),
                        path,
                        kept: false,
                    });
                }
                // Another process made it first: the next number.
                Err(_) if taken(&path) => n = n.saturating_add(1),
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Setup(
            KeyMsg::NoFreeEpoch {
                path: self.key_path.display().to_string(),
            }
            .into(),
        ))
    }

    /// The new epoch's transaction committed: keep its file and its key.
    pub(crate) fn adopt(&self, mut new: NewEpoch) {
        new.kept = true;
        self.keep(Arc::clone(&new.key));
    }

    /// Overwrites and removes the key file of a retired epoch, and leaves a note saying when
    /// (so that a backup from before then says why it cannot be read).
    fn destroy(&self, epoch: u32, at: &str) -> Result<()> {
        self.forget(epoch);
        let path = epoch_key_path(&self.key_path, epoch);
        let failed = |e: std::io::Error| {
            StoreError::Io(
                KeyMsg::Destroy {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        };
        let note = epoch_retired_path(&self.key_path, epoch);
        if fs::symlink_metadata(&note).is_err() {
            fsutil::write_private_small(&note, format!("retired {at}\n").as_bytes())
                .map_err(failed)?;
        }
        if fs::symlink_metadata(&path).is_ok() {
            overwrite_and_remove(&path).map_err(failed)?;
        }
        if let Some(dir) = path.parent() {
            fsutil::sync_dir(dir)?;
        }
        Ok(())
    }
}

#[cfg(test)]
thread_local! {
    /// Makes the next epoch this thread creates fail (the store's tests of what a deletion does
    /// when it cannot make one).
    pub(crate) static FAIL_CREATE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Overwrites a small file with zeros, flushes it, and removes it.
fn overwrite_and_remove(path: &Path) -> std::io::Result<()> {
    let len = fs::metadata(path)?.len();
    let mut f = fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(&vec![0u8; usize::try_from(len).unwrap_or(0)])?;
    f.sync_all()?;
    drop(f);
    fs::remove_file(path)
}

/// When the key of `epoch` was destroyed, from the note left beside the key (`None` when there
/// is no note: the file is missing, not retired).
fn retired_on(key_path: &Path, epoch: u32) -> Option<String> {
    let text = fs::read_to_string(epoch_retired_path(key_path, epoch)).ok()?;
    let at = text.split_whitespace().last().unwrap_or_default();
    Some(
        DateTime::parse_from_rfc3339(at)
            .map(|t| t.date_naive().to_string())
            .unwrap_or_else(|_| at.escape_default().to_string()),
    )
}

/// The epoch item keys are wrapped under now, and its key check.
fn current_epoch(db: &dyn Db) -> Result<(u32, Option<String>)> {
    db.opt(Q::CurrentEpoch, args![], |r| Ok((r.get(0)?, r.get(1)?)))?
        .ok_or_else(|| StoreError::Integrity(KeyMsg::NoCurrentEpoch.into()))
}

/// The key file of an epoch made in a transaction not yet committed: removed unless adopted.
pub(crate) struct NewEpoch {
    key: Arc<EpochKey>,
    check: String,
    path: PathBuf,
    kept: bool,
}

impl NewEpoch {
    pub(crate) fn epoch(&self) -> u32 {
        self.key.epoch()
    }
}

impl Drop for NewEpoch {
    fn drop(&mut self) {
        if !self.kept {
            let _ = overwrite_and_remove(&self.path);
        }
    }
}

/// A rotation done in a transaction: its new epoch (to adopt once committed) and what it did.
pub(crate) struct Rotated {
    pub(crate) new: NewEpoch,
    pub(crate) rewrapped: u64,
    pub(crate) left: u64,
}

/// Makes a new epoch current in the running transaction: creates its key file, wraps every
/// live item's key again under it, marks the epoch before it superseded, and logs `key.rotate`
/// (about `item` when a deletion asked for it). An item key that cannot be opened stays where
/// it is, counted in `left`. The caller adopts [`Rotated::new`] once the transaction commits.
pub(crate) fn rotate_in(
    tx: &dyn Db,
    log: &mut AuditWriter,
    epochs: &Epochs,
    actor: &str,
    item: Option<ItemId>,
) -> Result<Rotated> {
    let new = epochs.create(tx)?;
    type Live = (i64, String, Vec<u8>, i64);
    let live: Vec<Live> = tx.all(Q::LiveWrappedKeys, args![], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    let (mut rewrapped, mut left) = (0u64, 0u64);
    for (id, blob, wrapped, epoch) in live {
        match epochs.unwrap(epoch, id, &blob, &wrapped) {
            Ok(secret) => {
                let again = new.key.wrap(id, &blob, &secret)?;
                tx.exec(Q::SetWrappedKey, args![id, again, new.epoch()])?;
                rewrapped += 1;
            }
            Err(_) => left += 1,
        }
    }
    tx.exec(Q::SupersedeEpochs, args![log.at])?;
    tx.exec(Q::InsertEpoch, args![new.epoch(), new.check, log.at])?;
    log.append(
        tx,
        actor,
        item,
        &Event::KeyRotate {
            epoch: new.epoch(),
            rewrapped,
            left,
        },
    )?;
    Ok(Rotated {
        new,
        rewrapped,
        left,
    })
}

/// The first epoch of a new store, in the transaction that makes the store (its `store.init`
/// entry stands for it: there is nothing to wrap again and nothing superseded). The caller
/// adopts it once the transaction commits.
pub(crate) fn first_epoch_in(tx: &dyn Db, epochs: &Epochs, at: &str) -> Result<NewEpoch> {
    let new = epochs.create(tx)?;
    tx.exec(Q::InsertEpoch, args![new.epoch(), new.check, at])?;
    Ok(new)
}

/// One epoch as the store records it.
#[derive(Debug, Clone)]
struct EpochRow {
    epoch: u32,
    created_at: String,
    superseded_at: Option<String>,
    last_item: Option<i64>,
    retired_at: Option<String>,
    retired_by: Option<String>,
}

fn read_epoch(r: &DbRow<'_>) -> Result<EpochRow> {
    Ok(EpochRow {
        epoch: r.get(0)?,
        created_at: r.get(2)?,
        superseded_at: r.get(3)?,
        last_item: r.get(4)?,
        retired_at: r.get(5)?,
        retired_by: r.get(6)?,
    })
}

fn day_of(at: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.date_naive())
}

impl EpochRow {
    /// The first day it may be retired: `days` after it was superseded.
    fn retirable_from(&self, days: u64) -> Option<NaiveDate> {
        let since = day_of(self.superseded_at.as_deref()?)?;
        since.checked_add_days(Days::new(days))
    }

    /// The moment it may be retired.
    fn retirable_at(&self, days: u64) -> Option<DateTime<Utc>> {
        let since = DateTime::parse_from_rfc3339(self.superseded_at.as_deref()?).ok()?;
        since.to_utc().checked_add_days(Days::new(days))
    }
}

/// What the store may say about one epoch (`earshot key list`).
#[derive(Debug, Clone, Serialize)]
pub struct EpochView {
    pub epoch: u32,
    /// `current` (item keys are wrapped under it now), `superseded` (replaced, its key still
    /// kept), or `retired` (its key destroyed).
    pub state: &'static str,
    /// Whether it is the master key itself (epoch 0, stores from before epochs).
    pub master_key: bool,
    pub created_at: String,
    pub superseded_at: Option<String>,
    pub retired_at: Option<String>,
    pub retired_by: Option<String>,
    /// Live items whose key is wrapped under it.
    pub items: u64,
    /// The first day it may be retired (a superseded epoch other than 0).
    pub retirable_from: Option<NaiveDate>,
    /// Whether `earshot key retire` would retire it now.
    pub retirable_now: bool,
    /// Its key file (none for epoch 0, whose key is the master key's file).
    pub key_file: Option<String>,
}

/// What the store did with its keys on its own ([`Store::key_maintenance`]).
#[derive(Debug, Clone, Default, Serialize)]
pub struct KeyMaintenance {
    /// A new epoch made because an item was deleted while the current one held its key.
    pub rotated: Option<u32>,
    pub retired: Vec<u32>,
}

/// What a deletion means for the backups made before it: the certificate says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupKeys {
    /// The epoch the item's key was wrapped under when it was deleted.
    pub epoch: u32,
    /// Backups made before this moment (the store's upgrade to epochs) hold the item's key
    /// under the master key itself, and stay readable with it until they are destroyed. Absent
    /// when the item came in after the upgrade.
    pub master_key_until: Option<String>,
    /// The day from which the backups made before the deletion (since the upgrade) can no
    /// longer be read: when every epoch that held the item's key was retired, or the first day
    /// all of them may be. Absent while the epoch of the deletion is still the current one.
    pub unreadable_from: Option<NaiveDate>,
    /// Whether every one of those epochs is retired already.
    pub retired: bool,
    /// How many days backups are kept (`backup_retention_days`).
    pub retention_days: u64,
}

impl Store {
    fn epoch_rows(&self, db: &dyn Db) -> Result<Vec<EpochRow>> {
        db.all(Q::Epochs, args![], read_epoch)
    }

    fn epoch_view(&self, db: &dyn Db, e: &EpochRow, days: u64) -> Result<EpochView> {
        let items: i64 = db.one(Q::LiveKeysOfEpoch, args![e.epoch], |r| r.get(0))?;
        let items = u64::try_from(items).unwrap_or(0);
        let state = match (&e.retired_at, &e.superseded_at) {
            (Some(_), _) => "retired",
            (None, Some(_)) => "superseded",
            (None, None) => "current",
        };
        let retirable = state == "superseded" && e.epoch > 0;
        let retirable_now =
            retirable && items == 0 && e.retirable_at(days).is_some_and(|t| t <= self.now());
        Ok(EpochView {
            epoch: e.epoch,
            state,
            master_key: e.epoch == 0,
            created_at: e.created_at.clone(),
            superseded_at: e.superseded_at.clone(),
            retired_at: e.retired_at.clone(),
            retired_by: e.retired_by.clone(),
            items,
            retirable_from: if retirable {
                e.retirable_from(days)
            } else {
                None
            },
            retirable_now,
            key_file: (e.epoch > 0).then(|| {
                epoch_key_path(&self.key_path, e.epoch)
                    .display()
                    .to_string()
            }),
        })
    }

    /// The store's key epochs, oldest first, with their state and when each may be retired
    /// (any member of the team may look).
    pub fn key_epochs(&self, actor: &str) -> Result<Vec<EpochView>> {
        self.user(actor)?;
        self.snapshot(|s| {
            let days = setting_u64(s.db(), BACKUP_RETENTION_DAYS)?;
            s.epoch_rows(s.db())?
                .iter()
                .map(|e| s.epoch_view(s.db(), e, days))
                .collect()
        })?
    }

    /// The key file of the epoch item keys are wrapped under now (none while that is the
    /// master key itself, in a store from before epochs not yet upgraded).
    pub fn current_key_file(&self) -> Result<Option<PathBuf>> {
        let (epoch, _) = current_epoch(self.db())?;
        Ok((epoch > 0).then(|| epoch_key_path(&self.key_path, epoch)))
    }

    fn key_epoch_view(&self, epoch: u32) -> Result<EpochView> {
        let days = setting_u64(self.db(), BACKUP_RETENTION_DAYS)?;
        let row = self
            .db()
            .opt(Q::EpochRow, args![epoch], read_epoch)?
            .ok_or_else(|| StoreError::BadInput(KeyMsg::NoSuchEpoch { epoch }.into()))?;
        self.epoch_view(self.db(), &row, days)
    }

    /// Makes a new epoch and wraps every live item's key again under it (team leaders only; a
    /// worker's attempt is refused and logged). Returns the new epoch and how many keys were
    /// wrapped again, and how many could not be opened.
    pub fn key_rotate(&mut self, actor: &str) -> Result<(EpochView, u64, u64)> {
        let me = self.user(actor)?;
        let epochs = Arc::clone(&self.epochs);
        let rotated = self.write_gated(actor, None, Action::ManageKeys, |tx, log| {
            if let Err(m) = gate::check_team(Action::ManageKeys, &me) {
                return Ok(Err(m));
            }
            Ok(Ok(rotate_in(tx, log, &epochs, actor, None)?))
        })?;
        let (epoch, rewrapped, left) = (rotated.new.epoch(), rotated.rewrapped, rotated.left);
        self.epochs.adopt(rotated.new);
        // The old keys' pages leave the write-ahead log.
        self.db().forget_old_pages()?;
        Ok((self.key_epoch_view(epoch)?, rewrapped, left))
    }

    /// Retires a superseded epoch (team leaders only; a worker's attempt is refused and
    /// logged): refused while it is the current one, while a live item's key is still wrapped
    /// under it, before `backup_retention_days` have passed since it was superseded, and for
    /// epoch 0 (the master key). Its key file is overwritten and removed.
    pub fn key_retire(&mut self, actor: &str, epoch: u32) -> Result<EpochView> {
        let me = self.user(actor)?;
        let now = self.now();
        let at = self.write_gated(actor, None, Action::ManageKeys, |tx, log| {
            if let Err(m) = gate::check_team(Action::ManageKeys, &me) {
                return Ok(Err(m));
            }
            retire_in(tx, log, actor, epoch, now)?;
            Ok(Ok(log.at.clone()))
        })?;
        self.epochs.destroy(epoch, &at)?;
        self.key_epoch_view(epoch)
    }

    /// What the guardian does with the keys on its own, as `actor` (the login it runs as):
    /// rotates when an item was deleted while the current epoch held its key (a deletion whose
    /// own rotation could not be made), and retires every epoch that may be retired.
    pub fn key_maintenance(&self, actor: &str) -> Result<KeyMaintenance> {
        let mut done = KeyMaintenance::default();
        let (current, _) = self.snapshot(|s| current_epoch(s.db()))??;
        let waiting: bool = self
            .db()
            .one(Q::DeletedUnderEpoch, args![current], |r| r.get(0))?;
        if waiting {
            let epochs = Arc::clone(&self.epochs);
            let rotated = self.write(|tx, log| {
                // Looked at again in the transaction: another handle may have rotated.
                let (now_current, _) = current_epoch(tx)?;
                if now_current != current {
                    return Ok(None);
                }
                Ok(Some(rotate_in(tx, log, &epochs, actor, None)?))
            })?;
            if let Some(r) = rotated {
                done.rotated = Some(r.new.epoch());
                self.epochs.adopt(r.new);
                self.db().forget_old_pages()?;
            }
        }
        let now = self.now();
        let due: Vec<u32> = self.snapshot(|s| -> Result<Vec<u32>> {
            let days = setting_u64(s.db(), BACKUP_RETENTION_DAYS)?;
            let mut v = Vec::new();
            for e in s.epoch_rows(s.db())? {
                if s.epoch_view(s.db(), &e, days)?.retirable_now {
                    v.push(e.epoch);
                }
            }
            Ok(v)
        })??;
        for epoch in due {
            let at = self.write(|tx, log| {
                retire_in(tx, log, actor, epoch, now)?;
                Ok(log.at.clone())
            })?;
            self.epochs.destroy(epoch, &at)?;
            done.retired.push(epoch);
        }
        Ok(done)
    }

    /// At open, before anything is read or written: the key of the epoch item keys are
    /// wrapped under now is there and the store's own. A copy of the store whose epoch was
    /// retired (a backup from before then) stops here.
    pub(crate) fn check_key_epoch(&self) -> Result<()> {
        let (epoch, _) = current_epoch(self.db())?;
        if epoch > 0 {
            self.epochs.current(self.db())?;
        }
        Ok(())
    }

    /// At open, after the log's checks: a store from before epochs (its current epoch is 0,
    /// the master key) gets epoch 1, every item key wrapped again under it; and the key file
    /// of an epoch whose retirement was recorded but not finished is destroyed now.
    pub(crate) fn upgrade_key_epochs(&self) -> Result<()> {
        let (current, _) = match current_epoch(self.db()) {
            Ok(c) => c,
            // A store from before epochs whose meta lacked its creation time.
            Err(_) => {
                let now = stamp(self.now());
                self.write(|tx, _| {
                    tx.exec(Q::InsertLegacyEpoch, args![now])?;
                    Ok(())
                })?;
                (0, None)
            }
        };
        if current == 0 {
            let epochs = Arc::clone(&self.epochs);
            let rotated = self.write(|tx, log| {
                if current_epoch(tx)?.0 != 0 {
                    return Ok(None);
                }
                // Settings added since the store was made (`backup_retention_days`).
                crate::settings::insert_default_settings(tx)?;
                Ok(Some(rotate_in(tx, log, &epochs, KEYS_ACTOR, None)?))
            })?;
            if let Some(r) = rotated {
                self.epochs.adopt(r.new);
                self.db().forget_old_pages()?;
            }
        }
        for e in self.epoch_rows(self.db())? {
            if let Some(at) = &e.retired_at
                && e.epoch > 0
                && fs::symlink_metadata(epoch_key_path(&self.key_path, e.epoch)).is_ok()
            {
                self.epochs.destroy(e.epoch, at)?;
            }
        }
        Ok(())
    }

    /// What the deletion of item `id`, whose key was last wrapped under `epoch`, means for the
    /// backups made before it.
    pub(crate) fn backup_keys(&self, id: ItemId, epoch: u32) -> Result<BackupKeys> {
        let days = setting_u64(self.db(), BACKUP_RETENTION_DAYS)?;
        let rows = self.epoch_rows(self.db())?;
        // The epochs that held the item's key: the one of its deletion, and every earlier one
        // that was superseded after the item came in.
        let held: Vec<&EpochRow> = rows
            .iter()
            .filter(|e| {
                e.epoch == epoch
                    || (e.epoch < epoch
                        && e.superseded_at.is_some()
                        && e.last_item.is_some_and(|last| last >= id))
            })
            .collect();
        let master_key_until = held
            .iter()
            .find(|e| e.epoch == 0)
            .and_then(|e| e.superseded_at.clone());
        let own: Vec<&&EpochRow> = held.iter().filter(|e| e.epoch > 0).collect();
        let of_deletion = rows.iter().find(|e| e.epoch == epoch);
        let replaced = of_deletion.is_some_and(|e| e.superseded_at.is_some());
        let retired = !own.is_empty() && own.iter().all(|e| e.retired_at.is_some());
        let unreadable_from = if own.is_empty() || !replaced {
            None
        } else {
            own.iter()
                .map(|e| match &e.retired_at {
                    Some(at) => day_of(at),
                    None => e.retirable_from(days),
                })
                .collect::<Option<Vec<NaiveDate>>>()
                .and_then(|v| v.into_iter().max())
        };
        Ok(BackupKeys {
            epoch,
            master_key_until,
            unreadable_from,
            retired,
            retention_days: days,
        })
    }
}

/// Records that `epoch` is retired, in the running transaction, after checking it may be.
fn retire_in(
    tx: &dyn Db,
    log: &mut AuditWriter,
    actor: &str,
    epoch: u32,
    now: DateTime<Utc>,
) -> Result<()> {
    let e = tx
        .opt(Q::EpochRow, args![epoch], read_epoch)?
        .ok_or_else(|| StoreError::BadInput(KeyMsg::NoSuchEpoch { epoch }.into()))?;
    if let Some(at) = &e.retired_at {
        let on = day_of(at).map(|d| d.to_string()).unwrap_or_default();
        return Err(StoreError::BadInput(
            KeyMsg::AlreadyRetired { epoch, on }.into(),
        ));
    }
    if epoch == 0 {
        return Err(StoreError::Denied(KeyMsg::MasterNotRetirable.into()));
    }
    if e.superseded_at.is_none() {
        return Err(StoreError::Denied(KeyMsg::CurrentEpoch { epoch }.into()));
    }
    let items: i64 = tx.one(Q::LiveKeysOfEpoch, args![epoch], |r| r.get(0))?;
    if items > 0 {
        return Err(StoreError::Denied(
            KeyMsg::LiveItems {
                epoch,
                items: u64::try_from(items).unwrap_or(0),
            }
            .into(),
        ));
    }
    let days = setting_u64(tx, BACKUP_RETENTION_DAYS)?;
    if e.retirable_at(days).is_none_or(|t| now < t) {
        let from = e
            .retirable_from(days)
            .map(|d| d.to_string())
            .unwrap_or_default();
        return Err(StoreError::Denied(
            KeyMsg::TooEarly { epoch, from, days }.into(),
        ));
    }
    tx.exec(Q::RetireEpoch, args![epoch, log.at, actor])?;
    log.append(tx, actor, None, &Event::KeyRetire { epoch })?;
    Ok(())
}
