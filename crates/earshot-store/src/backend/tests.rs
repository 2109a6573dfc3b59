//! A store on a backend that is not SQLite's connection type: whatever the store does, it does
//! through [`Db`], so another backend runs every rule without a copy of it.

use std::sync::{Arc, Mutex};

use earshot_core::model::Stage;

use super::{Arg, Db, DbRow, Q};
use crate::{Result, Store, StoreError, system_clock, testutil};

/// Hands every statement to SQLite, writes down which it was, and fails the one named in
/// `fail_on` (as a database would that lost its disk).
struct Recording {
    inner: rusqlite::Connection,
    seen: Arc<Mutex<Vec<Q>>>,
    fail_on: Arc<Mutex<Option<Q>>>,
}

impl Recording {
    fn note(&self, q: Q) -> Result<()> {
        self.seen.lock().expect("seen").push(q);
        if *self.fail_on.lock().expect("fail_on") == Some(q) {
            return Err(StoreError::Db(
                crate::StoreMsg::Db {
                    detail: format!("{q:?} failed on purpose"),
                }
                .into(),
            ));
        }
        Ok(())
    }
}

impl Db for Recording {
    fn exec(&self, q: Q, args: &[&dyn Arg]) -> Result<usize> {
        self.note(q)?;
        self.inner.exec(q, args)
    }

    fn insert(&self, q: Q, args: &[&dyn Arg]) -> Result<i64> {
        self.note(q)?;
        self.inner.insert(q, args)
    }

    fn scan(
        &self,
        q: Q,
        args: &[&dyn Arg],
        each: &mut dyn FnMut(&DbRow<'_>) -> Result<bool>,
    ) -> Result<()> {
        self.note(q)?;
        self.inner.scan(q, args, each)
    }

    fn begin(&self, write: bool) -> Result<()> {
        self.inner.begin(write)
    }

    fn commit(&self) -> Result<()> {
        self.inner.commit()
    }

    fn rollback(&self) -> Result<()> {
        self.inner.rollback()
    }

    fn in_transaction(&self) -> bool {
        self.inner.in_transaction()
    }

    fn connect_again(&self) -> Result<Box<dyn Db + Send>> {
        let path = self.inner.path().expect("a file").to_string();
        Ok(Box::new(Recording {
            inner: super::sqlite::connect(std::path::Path::new(&path))?,
            seen: Arc::clone(&self.seen),
            fail_on: Arc::clone(&self.fail_on),
        }))
    }

    fn migrate(&mut self) -> Result<()> {
        Db::migrate(&mut self.inner)
    }

    fn forget_old_pages(&self) -> Result<()> {
        self.inner.forget_old_pages()
    }

    fn check(&self) -> Result<Vec<String>> {
        self.inner.check()
    }

    fn raw(&self) -> &rusqlite::Connection {
        &self.inner
    }
}

struct OnRecording {
    store: Store,
    seen: Arc<Mutex<Vec<Q>>>,
    fail_on: Arc<Mutex<Option<Q>>>,
}

/// A store with an item, opened again on a [`Recording`] backend.
fn store_on_recording(dir: &std::path::Path) -> OnRecording {
    let mut s = testutil::store(dir);
    testutil::import(&mut s, dir, "a.opus");
    drop(s);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let fail_on = Arc::new(Mutex::new(None));
    let db = Recording {
        inner: super::sqlite::connect(&dir.join("store").join("earshot.db")).expect("connect"),
        seen: Arc::clone(&seen),
        fail_on: Arc::clone(&fail_on),
    };
    let store = Store::open_on(
        &dir.join("store"),
        Some(&dir.join("key")),
        system_clock(),
        Box::new(db),
    )
    .expect("open on the recording backend");
    OnRecording {
        store,
        seen,
        fail_on,
    }
}

fn taken(seen: &Mutex<Vec<Q>>) -> Vec<Q> {
    std::mem::take(&mut *seen.lock().expect("seen"))
}

#[test]
fn an_action_its_refusal_and_their_audit_entries_all_go_through_the_backend() {
    let tmp = tempfile::tempdir().expect("tmp");
    let OnRecording {
        store: mut s, seen, ..
    } = store_on_recording(tmp.path());
    taken(&seen);

    // Refused by the gate (the item is not described): the refusal is logged through it.
    let r = s.record_use_going_ahead("wim", 1, "VTO", "Raad", "een samenvatting", None);
    assert!(matches!(r, Err(StoreError::Refused { .. })), "{r:?}");
    let q = taken(&seen);
    assert!(
        q.contains(&Q::ItemRow),
        "the facts were loaded through it: {q:?}"
    );
    assert!(
        q.contains(&Q::InsertAudit),
        "the refusal was logged through it: {q:?}"
    );
    assert!(!q.contains(&Q::InsertUse), "{q:?}");
    let log = s.audit_log(Some(1)).expect("log");
    assert_eq!(log.last().map(|e| e.action.as_str()), Some("refused"));

    // Allowed: the rows and the entry are written through it.
    testutil::describe(&mut s, 1);
    let q = taken(&seen);
    assert!(
        q.contains(&Q::MarkDescribed) && q.contains(&Q::SetStage),
        "{q:?}"
    );
    assert!(q.contains(&Q::InsertAudit), "{q:?}");
    assert_eq!(s.show("wim", 1).expect("show").stage, Stage::Described);

    // A second handle (the guardian's, per client) is a connection of the same backend.
    let again = s.reopen(system_clock()).expect("reopen");
    taken(&seen);
    again.show("lea", 1).expect("show");
    assert!(taken(&seen).contains(&Q::ItemRow));
}

#[test]
fn a_write_the_backend_fails_halfway_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().expect("tmp");
    let OnRecording {
        store: mut s,
        fail_on,
        ..
    } = store_on_recording(tmp.path());
    let before = s.audit_log(None).expect("log").len();

    // The description's rows are written, then its audit entry fails: all of it is undone.
    *fail_on.lock().expect("fail_on") = Some(Q::InsertAudit);
    let m = testutil::metadata();
    let r = s.describe("wim", 1, &m);
    assert!(matches!(r, Err(StoreError::Db(_))), "{r:?}");
    assert!(!s.db().in_transaction(), "the transaction was rolled back");

    *fail_on.lock().expect("fail_on") = None;
    assert_eq!(s.show("wim", 1).expect("show").stage, Stage::Received);
    assert_eq!(s.audit_log(None).expect("log").len(), before);
    // And the store goes on: the same description now lands.
    s.describe("wim", 1, &m).expect("describe");
    assert_eq!(s.show("wim", 1).expect("show").stage, Stage::Described);
}

#[test]
fn a_snapshot_reads_one_state_and_leaves_no_transaction_open() {
    let tmp = tempfile::tempdir().expect("tmp");
    let OnRecording { store: s, .. } = store_on_recording(tmp.path());
    let n = s
        .snapshot(|s| {
            assert!(s.db().in_transaction());
            s.audit_log(None).map(|l| l.len())
        })
        .expect("snapshot")
        .expect("log");
    assert!(n > 0);
    assert!(!s.db().in_transaction());
}

#[test]
fn a_late_seek_in_a_recording_kept_in_the_database_reads_only_the_rows_it_needs() {
    use crate::vault::CHUNK;
    use std::io::{Read, Seek, SeekFrom};

    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let mut s = testutil::store_in_database_on(dir, system_clock());
    let plain = testutil::recording_bytes("long.opus", 40 * CHUNK + 7);
    let id = testutil::import_bytes(&mut s, dir, "long.opus", &plain);
    drop(s);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let db = Recording {
        inner: super::sqlite::connect(&dir.join("store").join("earshot.db")).expect("connect"),
        seen: Arc::clone(&seen),
        fail_on: Arc::new(Mutex::new(None)),
    };
    let s = Store::open_on(
        &dir.join("store"),
        Some(&dir.join("key")),
        system_clock(),
        Box::new(db),
    )
    .expect("open on the recording backend");
    let rows_read = |q: &[Q]| q.iter().filter(|q| **q == Q::VaultChunk).count();

    // Opening reads the blob's last row's length and its header's row.
    taken(&seen);
    let mut rec = s.open_recording(id).expect("open");
    let q = taken(&seen);
    assert_eq!(rows_read(&q), 1, "{q:?}");
    assert!(q.contains(&Q::VaultLastChunk), "{q:?}");

    // A start near the end reads the one row it falls in.
    let at = 35 * CHUNK + 100;
    rec.reader.seek(SeekFrom::Start(at as u64)).expect("seek");
    let mut buf = vec![0u8; 1000];
    rec.reader.read_exact(&mut buf).expect("read");
    assert!(buf[..] == plain[at..at + 1000]);
    assert_eq!(taken(&seen), [Q::VaultChunk]);
    // Reading on within that chunk reads no row again; into the next, one more.
    let mut rest = vec![0u8; CHUNK - 1100 + 10];
    rec.reader.read_exact(&mut rest).expect("read on");
    assert!(rest[..] == plain[at + 1000..36 * CHUNK + 10]);
    assert_eq!(taken(&seen), [Q::VaultChunk]);
    // The last bytes: one row, and then the end.
    rec.reader.seek(SeekFrom::End(-3)).expect("seek");
    let mut tail = Vec::new();
    rec.reader.read_to_end(&mut tail).expect("tail");
    assert_eq!(tail, plain[plain.len() - 3..]);
    assert_eq!(taken(&seen), [Q::VaultChunk]);
    drop(rec);

    // The sealed blob read in small pieces: each row is read once, however many reads it
    // takes (the header's row, then the first chunk's).
    let blob: String = s
        .db()
        .raw()
        .query_row("SELECT blob FROM items WHERE id = ?1", [id], |r| r.get(0))
        .expect("blob");
    let mut sealed = s.open_blob(id, &blob).expect("open the blob");
    taken(&seen);
    let mut piece = [0u8; 100];
    for _ in 0..10 {
        sealed.read_exact(&mut piece).expect("a piece");
    }
    assert_eq!(rows_read(&taken(&seen)), 2);
}
