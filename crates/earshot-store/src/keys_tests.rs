//! Key epochs: rotation, retirement, what a deletion does to the backups made before it, and
//! the upgrade of a store from before epochs.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use crate::crypto::{self, EpochKey, epoch_key_path, epoch_retired_path};
use crate::msg::{KeyMsg, Msg};
use crate::testutil::{self, describe, import, movable_clock, store_on};
use crate::{LeadProof, Store, StoreError, system_clock};
use earshot_core::gate::{Action, Missing};

const DAY_MS: i64 = 24 * 3600 * 1000;

fn key(dir: &Path) -> PathBuf {
    dir.join("key")
}

/// Copies a store's folder as a backup would (the database, its write-ahead log, the vault).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if e.file_name() == "reserve" {
            continue;
        }
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Opens a copy of the store with the keys as they are now, as whoever restores a backup
/// does: the newest checkpoint beside the keys (which an older copy does not extend) is put
/// aside while it opens, and back after.
fn open_backup(dir: &Path, backup: &Path) -> crate::Result<Store> {
    let kept = key(dir).with_extension("checkpoint");
    let aside = dir.join("checkpoint.aside");
    let moved = std::fs::rename(&kept, &aside).is_ok();
    let out = Store::open(backup, Some(&key(dir)), system_clock());
    if moved {
        std::fs::rename(&aside, &kept).unwrap();
    }
    out
}

fn delete(s: &mut Store, id: i64) -> crate::due::Certificate {
    s.delete_certified(
        "lea",
        id,
        "op verzoek van de moeder",
        "Maria",
        "leo",
        &LeadProof::Pin("654321".into()),
        &[],
    )
    .unwrap()
}

fn key_msg(e: &StoreError) -> Option<&KeyMsg> {
    match e.msg() {
        Some(Msg::Key(k)) => Some(k),
        _ => None,
    }
}

fn epoch_of(s: &Store, id: i64) -> i64 {
    crate::rows::load_row(s.db(), id).unwrap().key_epoch
}

fn readable(s: &Store, id: i64) -> bool {
    let row = crate::rows::load_row(s.db(), id).unwrap();
    matches!(s.item_keys(&row), Ok(Some(_)))
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_new_store_wraps_item_keys_under_its_first_epoch_never_under_the_master_key() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let a = import(&mut s, tmp.path(), "a.opus");
    let v = s.key_epochs("wim").unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].epoch, v[0].state, v[0].items), (1, "current", 1));
    assert_eq!(epoch_of(&s, a), 1);
    let file = epoch_key_path(&key(tmp.path()), 1);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let row = crate::rows::load_row(s.db(), a).unwrap();
    let wrapped = row.wrapped_key.clone().unwrap();
    let master = crate::crypto::MasterKey::load(&key(tmp.path())).unwrap();
    assert!(
        master
            .legacy_epoch()
            .unwrap(a, &row.blob, &wrapped)
            .is_err()
    );
    assert!(
        EpochKey::load(&key(tmp.path()), 1)
            .unwrap()
            .unwrap(a, &row.blob, &wrapped)
            .is_ok()
    );
}

#[test]
fn only_a_lead_rotates_or_retires_and_retiring_follows_its_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let (clock, offset) = movable_clock();
    let mut s = store_on(tmp.path(), clock);
    let a = import(&mut s, tmp.path(), "a.opus");
    // A worker is refused, and the refusal is in the log.
    for e in [
        s.key_rotate("wim").unwrap_err(),
        s.key_retire("wim", 1).unwrap_err(),
    ] {
        match e {
            StoreError::Refused { action, missing } => {
                assert_eq!(action, Action::ManageKeys);
                assert_eq!(missing, vec![Missing::LeadManagesKeys]);
            }
            other => panic!("{other:?}"),
        }
    }
    let refused = s
        .audit_log(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "refused" && e.detail.contains("\"keys\""))
        .count();
    assert_eq!(refused, 2);
    // The current epoch cannot be retired.
    let e = s.key_retire("lea", 1).unwrap_err();
    assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
    assert_eq!(key_msg(&e), Some(&KeyMsg::CurrentEpoch { epoch: 1 }));
    // A rotation wraps every live key again.
    let (v, rewrapped, left) = s.key_rotate("lea").unwrap();
    assert_eq!((v.epoch, v.state, rewrapped, left), (2, "current", 1, 0));
    assert_eq!(epoch_of(&s, a), 2);
    assert!(readable(&s, a));
    let e = s.key_retire("lea", 7).unwrap_err();
    assert!(matches!(e, StoreError::BadInput(_)), "{e:?}");
    // Too early: backups are kept 30 days by default.
    let e = s.key_retire("lea", 1).unwrap_err();
    assert_eq!(
        key_msg(&e),
        Some(&KeyMsg::TooEarly {
            epoch: 1,
            from: "2026-04-01".into(),
            days: 30
        })
    );
    let listed = s.key_epochs("lea").unwrap();
    assert_eq!(listed[0].retirable_from, Some(day(2026, 4, 1)));
    assert!(!listed[0].retirable_now);
    // An item whose key cannot be opened stays under its epoch, which then cannot be retired.
    let b = import(&mut s, tmp.path(), "b.opus");
    s.db()
        .raw()
        .execute(
            "UPDATE items SET wrapped_key = zeroblob(72) WHERE id = ?1",
            [b],
        )
        .unwrap();
    let (v, rewrapped, left) = s.key_rotate("lea").unwrap();
    assert_eq!((v.epoch, rewrapped, left), (3, 1, 1));
    assert_eq!(epoch_of(&s, b), 2);
    offset.store(31 * DAY_MS, Ordering::SeqCst);
    let e = s.key_retire("lea", 2).unwrap_err();
    assert_eq!(key_msg(&e), Some(&KeyMsg::LiveItems { epoch: 2, items: 1 }));
    // Past the retention, an epoch with no live key under it goes.
    let v = s.key_retire("lea", 1).unwrap();
    assert_eq!((v.epoch, v.state), (1, "retired"));
    assert_eq!(v.retired_by.as_deref(), Some("lea"));
    assert!(!epoch_key_path(&key(tmp.path()), 1).exists());
    assert!(epoch_retired_path(&key(tmp.path()), 1).exists());
    let e = s.key_retire("lea", 1).unwrap_err();
    assert!(matches!(e, StoreError::BadInput(_)), "{e:?}");
    // The live store reads on.
    assert!(readable(&s, a));
    let actions: Vec<String> = s
        .audit_log(None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "key.rotate").count(), 2);
    assert_eq!(actions.last().map(String::as_str), Some("key.retire"));
}

#[test]
fn a_retired_epoch_makes_a_backup_from_before_a_deletion_unreadable_and_the_store_reads_on() {
    let tmp = tempfile::tempdir().unwrap();
    let (clock, offset) = movable_clock();
    let mut s = store_on(tmp.path(), clock);
    let a = import(&mut s, tmp.path(), "a.opus");
    let b = import(&mut s, tmp.path(), "b.opus");
    describe(&mut s, a);
    let backup = tmp.path().join("backup");
    copy_dir(s.dir(), &backup);

    let cert = delete(&mut s, a);
    let bk = cert.backups.clone().unwrap();
    assert_eq!(bk.epoch, 1);
    assert_eq!(bk.master_key_until, None);
    assert_eq!(bk.unreadable_from, Some(day(2026, 4, 1)));
    assert!(!bk.retired);
    assert_eq!(bk.retention_days, 30);
    // The deletion made epoch 2; the other item is under it.
    assert_eq!(epoch_of(&s, b), 2);
    let states: Vec<&str> = s
        .key_epochs("lea")
        .unwrap()
        .iter()
        .map(|v| v.state)
        .collect();
    assert_eq!(states, ["superseded", "current"]);

    // Until the epoch is retired, the backup gives the deleted recording's key back.
    {
        let old = open_backup(tmp.path(), &backup).unwrap();
        assert!(readable(&old, a), "the backup still holds the deleted item");
    }
    // Nothing is retired before its time, by hand or by the guardian.
    assert!(s.key_retire("lea", 1).is_err());
    assert!(s.key_maintenance("earshot").unwrap().retired.is_empty());

    offset.store(30 * DAY_MS + 1000, Ordering::SeqCst);
    let done = s.key_maintenance("earshot").unwrap();
    assert_eq!((done.rotated, done.retired.clone()), (None, vec![1]));
    let bk = s.certificate("lea", a).unwrap().backups.unwrap();
    assert!(bk.retired);
    assert_eq!(bk.unreadable_from, Some(day(2026, 4, 1)));

    // The backup no longer opens: its epoch's key is gone.
    let e = open_backup(tmp.path(), &backup).unwrap_err();
    assert!(matches!(e, StoreError::Integrity(_)), "{e:?}");
    assert!(
        matches!(key_msg(&e), Some(KeyMsg::EpochRetired { epoch: 1, .. })),
        "{e:?}"
    );
    // And no key beside the master key opens the deleted item's key the backup holds.
    let db = rusqlite::Connection::open(backup.join("earshot.db")).unwrap();
    let (blob, wrapped): (String, Vec<u8>) = db
        .query_row(
            "SELECT blob, wrapped_key FROM items WHERE id = ?1",
            [a],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let master = crypto::MasterKey::load(&key(tmp.path())).unwrap();
    assert!(master.legacy_epoch().unwrap(a, &blob, &wrapped).is_err());
    assert!(EpochKey::load(&key(tmp.path()), 1).is_err());
    for n in 2..=4 {
        if let Ok(k) = EpochKey::load(&key(tmp.path()), n) {
            assert!(k.unwrap(a, &blob, &wrapped).is_err(), "epoch {n}");
        }
    }
    // The live store reads its other item.
    assert!(readable(&s, b));
    assert!(s.show("lea", b).is_ok());
}

#[test]
fn a_deletion_that_cannot_make_an_epoch_deletes_anyway_and_the_guardian_rotates_after() {
    let tmp = tempfile::tempdir().unwrap();
    let (clock, offset) = movable_clock();
    let mut s = store_on(tmp.path(), clock);
    let a = import(&mut s, tmp.path(), "a.opus");
    let b = import(&mut s, tmp.path(), "b.opus");
    crate::keys::FAIL_CREATE.with(|f| f.set(true));
    let cert = delete(&mut s, a);
    let bk = cert.backups.unwrap();
    assert_eq!((bk.epoch, bk.unreadable_from), (1, None));
    assert_eq!(s.key_epochs("lea").unwrap().len(), 1);
    assert!(
        s.audit_log(Some(a))
            .unwrap()
            .iter()
            .any(|e| e.action == "item.delete")
    );
    offset.store(DAY_MS, Ordering::SeqCst);
    let done = s.key_maintenance("earshot").unwrap();
    assert_eq!(done.rotated, Some(2));
    assert_eq!(epoch_of(&s, b), 2);
    let bk = s.certificate("lea", a).unwrap().backups.unwrap();
    assert_eq!(bk.unreadable_from, Some(day(2026, 4, 2)));
    // Once is enough.
    assert_eq!(s.key_maintenance("earshot").unwrap().rotated, None);
    assert!(readable(&s, b));
}

#[test]
fn every_handle_follows_a_rotation() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let a = import(&mut s, tmp.path(), "a.opus");
    let mut other = s.reopen(system_clock()).unwrap();
    s.key_rotate("lea").unwrap();
    assert!(other.show("lea", a).is_ok());
    assert!(other.queue_page(1, 10).unwrap()[0].damaged.is_none());
    let b = import(&mut other, tmp.path(), "b.opus");
    assert_eq!(epoch_of(&other, b), 2);
    // A process of its own reads the new epoch from its file.
    let third = Store::open(s.dir(), Some(&key(tmp.path())), system_clock()).unwrap();
    assert!(readable(&third, a) && readable(&third, b));
    let rows = third.queue_page(1, 10).unwrap();
    assert!(rows.iter().all(|r| r.damaged.is_none()), "{rows:?}");
}

/// Turns a store into what a version from before epochs left: item keys wrapped under the
/// master key itself, no epochs table, no `key_epoch` column, no epoch files, nor the tables of
/// later migrations.
fn make_it_old(s: Store, dir: &Path) -> PathBuf {
    let master = crypto::MasterKey::load(&key(dir)).unwrap();
    let rows: Vec<(i64, String, Vec<u8>, i64)> = {
        let mut st = s
            .db()
            .raw()
            .prepare(
                "SELECT id, blob, wrapped_key, key_epoch FROM items WHERE wrapped_key IS NOT NULL",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    for (id, blob, wrapped, epoch) in rows {
        let secret = s.epochs.unwrap(epoch, id, &blob, &wrapped).unwrap();
        let legacy = crypto::wrap_v1(&master, &blob, &secret).unwrap();
        s.db()
            .raw()
            .execute(
                "UPDATE items SET wrapped_key = ?2 WHERE id = ?1",
                rusqlite::params![id, legacy],
            )
            .unwrap();
    }
    s.db()
        .raw()
        .execute_batch(
            "DROP INDEX items_key_epoch; ALTER TABLE items DROP COLUMN key_epoch; \
             DROP TABLE key_epochs; ALTER TABLE uses DROP COLUMN register; \
             DELETE FROM settings WHERE key = 'backup_retention_days'; \
             DROP TABLE erasure_requests; ALTER TABLE copies DROP COLUMN kind; \
             ALTER TABLE users DROP COLUMN full_name; ALTER TABLE users DROP COLUMN title; \
             ALTER TABLE complaints DROP COLUMN heard_on; \
             ALTER TABLE complaints DROP COLUMN heard_by; \
             ALTER TABLE complaints DROP COLUMN hearing_skipped; \
             DROP TABLE vault_chunks; DROP TABLE vault_pending; \
             PRAGMA user_version = 14;",
        )
        .unwrap();
    let store_dir = s.dir().to_path_buf();
    drop(s);
    for n in 1..=3 {
        let _ = std::fs::remove_file(epoch_key_path(&key(dir), n));
    }
    store_dir
}

#[test]
fn a_store_from_before_epochs_opens_and_is_upgraded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let a = import(&mut s, tmp.path(), "a.opus");
    describe(&mut s, a);
    let b = import(&mut s, tmp.path(), "b.opus");
    let dir = make_it_old(s, tmp.path());

    let mut s = Store::open(&dir, Some(&key(tmp.path())), system_clock()).unwrap();
    let v = s.key_epochs("lea").unwrap();
    let seen: Vec<(u32, &str, bool)> = v.iter().map(|e| (e.epoch, e.state, e.master_key)).collect();
    assert_eq!(seen, [(0, "superseded", true), (1, "current", false)]);
    assert!(v[0].retirable_from.is_none() && v[0].key_file.is_none());
    assert!(epoch_key_path(&key(tmp.path()), 1).exists());
    assert_eq!((epoch_of(&s, a), epoch_of(&s, b)), (1, 1));
    assert!(readable(&s, a) && readable(&s, b));
    assert_eq!(
        s.show("lea", a).unwrap().metadata.and_then(|m| m.sender),
        Some("Jan".to_string())
    );
    let last = s.audit_log(None).unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("key.rotate", "earshot")
    );
    assert!(last.detail.contains("\"rewrapped\":2"), "{}", last.detail);
    // The master key is never retired.
    let e = s.key_retire("lea", 0).unwrap_err();
    assert_eq!(key_msg(&e), Some(&KeyMsg::MasterNotRetirable));
    // The new setting is there to change.
    assert_eq!(s.settings().unwrap().backup_retention_days, 30);
    s.set_setting("lea", "backup_retention_days", "14").unwrap();
    assert_eq!(s.settings().unwrap().backup_retention_days, 14);
    // A deletion says that backups from before the upgrade keep the key under the master key.
    let bk = delete(&mut s, a).backups.unwrap();
    assert_eq!(bk.epoch, 1);
    assert!(bk.master_key_until.is_some());
    assert!(bk.unreadable_from.is_some());
    // Opened again, nothing more happens.
    drop(s);
    let s = Store::open(&dir, Some(&key(tmp.path())), system_clock()).unwrap();
    assert_eq!(s.key_epochs("lea").unwrap().len(), 3);
    assert!(readable(&s, b));
}

#[test]
fn a_missing_or_foreign_epoch_key_stops_the_open() {
    let tmp = tempfile::tempdir().unwrap();
    let s = testutil::store(tmp.path());
    let dir = s.dir().to_path_buf();
    drop(s);
    let file = epoch_key_path(&key(tmp.path()), 1);
    let kept = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    let e = Store::open(&dir, Some(&key(tmp.path())), system_clock()).unwrap_err();
    assert!(matches!(e, StoreError::Setup(_)), "{e:?}");
    assert!(matches!(
        key_msg(&e),
        Some(KeyMsg::EpochKeyMissing { epoch: 1, .. })
    ));
    // Another secret in its place is not this store's.
    crypto::create_secret_file(&file).unwrap();
    let e = Store::open(&dir, Some(&key(tmp.path())), system_clock()).unwrap_err();
    assert!(matches!(
        key_msg(&e),
        Some(KeyMsg::EpochKeyNotThisStore { epoch: 1, .. })
    ));
    std::fs::write(&file, kept).unwrap();
    Store::open(&dir, Some(&key(tmp.path())), system_clock()).unwrap();
}
