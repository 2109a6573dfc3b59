//! A store whose vault is its database: recordings go in and come out as rows, deletion and
//! the sweeps leave none behind, and damage to a row is found.

use std::io::{Read, Seek, SeekFrom};

use crate::testutil::{self, import_bytes, recording_bytes};
use crate::vault::CHUNK;
use crate::{LeadProof, Store, StoreError, VaultKind, system_clock};

/// How many rows `blob` has, and how many rows there are in all.
fn rows(s: &Store, blob: &str) -> (i64, i64) {
    let of: i64 = s
        .db()
        .raw()
        .query_row(
            "SELECT COUNT(*) FROM vault_chunks WHERE blob = ?1",
            [blob],
            |r| r.get(0),
        )
        .unwrap();
    let all: i64 = s
        .db()
        .raw()
        .query_row("SELECT COUNT(*) FROM vault_chunks", [], |r| r.get(0))
        .unwrap();
    (of, all)
}

fn blob_of(s: &Store, id: i64) -> String {
    s.db()
        .raw()
        .query_row("SELECT blob FROM items WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

/// Everything an open preview of item `id` gives to read, or why it stopped.
fn preview_all(s: &mut Store, id: i64) -> std::io::Result<Vec<u8>> {
    let t = s
        .begin_preview(
            "lea",
            id,
            0,
            Some(1000),
            "leo",
            &LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    let (mut rec, session) = s.open_preview(t).unwrap();
    let mut back = Vec::new();
    let out = rec.reader.read_to_end(&mut back).map(|_| back);
    s.end_preview(&session, 400).unwrap();
    out
}

fn reopen(tmp: &std::path::Path) -> Store {
    Store::open(&tmp.join("store"), Some(&tmp.join("key")), system_clock()).unwrap()
}

#[test]
fn a_recording_goes_into_rows_and_comes_back_out_through_a_preview() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store_in_database_on(tmp.path(), system_clock());
    assert_eq!(s.vault_kind(), VaultKind::Database);
    let plain = recording_bytes("a.opus", 5 * CHUNK + 123);
    let id = import_bytes(&mut s, tmp.path(), "a.opus", &plain);
    let blob = blob_of(&s, id);
    // The header's row, and one row per 64 KiB chunk: six of them.
    assert_eq!(rows(&s, &blob), (7, 7));
    assert!(
        !tmp.path().join("store").join("vault").exists(),
        "no vault folder, no file"
    );
    // Only ciphertext in the rows, and nothing waits to be swept.
    let kept: Vec<u8> = s
        .db()
        .raw()
        .query_row(
            "SELECT data FROM vault_chunks WHERE blob = ?1 AND n = 1",
            [&blob],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!kept.windows(64).any(|w| w == &plain[..64]));
    let pending: i64 = s
        .db()
        .raw()
        .query_row("SELECT COUNT(*) FROM vault_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);
    assert!(preview_all(&mut s, id).unwrap() == plain);

    // Opened again, the store knows where its vault is; the doctor (deep) finds all well.
    drop(s);
    let mut s = reopen(tmp.path());
    assert_eq!(s.vault_kind(), VaultKind::Database);
    let mut rec = s.open_recording(id).unwrap();
    rec.reader
        .seek(SeekFrom::Start(3 * CHUNK as u64 + 17))
        .unwrap();
    let mut buf = [0u8; 40];
    rec.reader.read_exact(&mut buf).unwrap();
    assert_eq!(&buf[..], &plain[3 * CHUNK + 17..3 * CHUNK + 57]);
    drop(rec);
    let r = s.doctor("lea", true).unwrap();
    assert!(r.healthy(), "{:?}", r.findings);
    assert_eq!(r.blobs_rehashed, 1);
}

#[test]
fn a_store_made_by_init_keeps_files_and_says_nothing_of_its_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    assert_eq!(s.vault_kind(), VaultKind::Files);
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let blob = blob_of(&s, id);
    assert!(s.vault_dir().join(format!("{blob}.esv")).is_file());
    assert_eq!(rows(&s, &blob), (0, 0));
    let meta: i64 = s
        .db()
        .raw()
        .query_row("SELECT COUNT(*) FROM meta WHERE key = 'vault'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(meta, 0);
}

#[test]
fn a_row_altered_in_the_database_is_refused_as_tampering() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store_in_database_on(tmp.path(), system_clock());
    let plain = recording_bytes("a.opus", 3 * CHUNK + 10);
    let id = import_bytes(&mut s, tmp.path(), "a.opus", &plain);
    let blob = blob_of(&s, id);
    let mut data: Vec<u8> = s
        .db()
        .raw()
        .query_row(
            "SELECT data FROM vault_chunks WHERE blob = ?1 AND n = 3",
            [&blob],
            |r| r.get(0),
        )
        .unwrap();
    data[100] ^= 0x01;
    s.db()
        .raw()
        .execute(
            "UPDATE vault_chunks SET data = ?2 WHERE blob = ?1 AND n = 3",
            rusqlite::params![blob, data],
        )
        .unwrap();
    let err = preview_all(&mut s, id).unwrap_err();
    assert!(
        err.to_string()
            .contains("fails its integrity check at chunk 2"),
        "{err}"
    );
    // What comes before the altered chunk still reads.
    let mut rec = s.open_recording(id).unwrap();
    let mut first = vec![0u8; 2 * CHUNK];
    rec.reader.read_exact(&mut first).unwrap();
    assert!(first[..] == plain[..2 * CHUNK]);
    drop(rec);
    // The size is right, so only the deep doctor, which decrypts, finds it.
    let r = s.doctor("lea", true).unwrap();
    assert!(!r.healthy());
    assert!(
        r.findings
            .iter()
            .any(|f| f.problem.contains("integrity check")),
        "{:?}",
        r.findings
    );
}

#[test]
fn the_doctor_finds_a_missing_row_and_a_missing_recording() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store_in_database_on(tmp.path(), system_clock());
    let a = import_bytes(
        &mut s,
        tmp.path(),
        "a.opus",
        &recording_bytes("a", 4 * CHUNK),
    );
    let b = import_bytes(&mut s, tmp.path(), "b.opus", &recording_bytes("b", 100));
    assert!(s.doctor("lea", false).unwrap().healthy());
    s.db()
        .raw()
        .execute(
            "DELETE FROM vault_chunks WHERE blob = ?1 AND n = 2",
            [blob_of(&s, a)],
        )
        .unwrap();
    s.db()
        .raw()
        .execute("DELETE FROM vault_chunks WHERE blob = ?1", [blob_of(&s, b)])
        .unwrap();
    let r = s.doctor("lea", false).unwrap();
    let problems: Vec<&str> = r.findings.iter().map(|f| f.problem.as_str()).collect();
    assert!(
        problems.contains(&format!(
            "item {a}'s recording lacks 1 of its 5 chunk rows in the database: they were removed"
        )
        .as_str()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&format!("item {b}'s recording is missing from the vault").as_str()),
        "{problems:?}"
    );
    assert!(!r.healthy());
    // Listening says so too.
    let err = s.open_recording(b).unwrap_err();
    assert!(err.to_string().contains("missing from the vault"), "{err}");
    let mut rec = s.open_recording(a).unwrap();
    let mut all = Vec::new();
    assert!(rec.reader.read_to_end(&mut all).is_err());
}

#[test]
fn a_deletion_leaves_no_row_of_the_recording() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store_in_database_on(tmp.path(), system_clock());
    let a = import_bytes(
        &mut s,
        tmp.path(),
        "a.opus",
        &recording_bytes("a", 2 * CHUNK),
    );
    let b = testutil::import(&mut s, tmp.path(), "b.opus");
    let (blob_a, blob_b) = (blob_of(&s, a), blob_of(&s, b));
    assert_eq!(rows(&s, &blob_a), (3, 5));
    s.delete_certified(
        "lea",
        a,
        "verzoek",
        "Maria",
        "leo",
        &LeadProof::Pin("654321".into()),
        &[],
    )
    .unwrap();
    assert_eq!(rows(&s, &blob_a), (0, 2), "the other recording's rows stay");
    assert_eq!(rows(&s, &blob_b).0, 2);
    let pending: i64 = s
        .db()
        .raw()
        .query_row("SELECT COUNT(*) FROM vault_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);
    let e = s.open_recording(a).unwrap_err();
    assert!(matches!(e, StoreError::BadInput(_)), "{e:?}");
}

#[test]
fn a_failed_import_leaves_no_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store_in_database_on(tmp.path(), system_clock());
    let bytes = recording_bytes("a", 2 * CHUNK + 5);
    import_bytes(&mut s, tmp.path(), "a.opus", &bytes);
    let before = rows(&s, "").1;
    // The same recording again in the same case is refused after it was sealed.
    std::fs::write(tmp.path().join("again.opus"), &bytes).unwrap();
    let req = crate::ImportRequest {
        files: vec![tmp.path().join("again.opus")],
        case: "C-1".into(),
        received_by: "wim".into(),
        channel: earshot_core::model::Channel::Whatsapp,
        from: None,
        received_at: None,
    };
    let r = s.import("wim", &req, &testutil::FourSeconds);
    assert!(matches!(r, Err(StoreError::BadInput(_))), "{r:?}");
    assert_eq!(rows(&s, "").1, before);
}

#[test]
fn what_an_interrupted_import_left_is_swept_at_open_once_it_cannot_still_be_running() {
    use std::sync::atomic::Ordering;
    let tmp = tempfile::tempdir().unwrap();
    let (clock, offset) = testutil::movable_clock();
    let mut s = testutil::store_in_database_on(tmp.path(), clock);
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    // An import that stops after its rows are written, before its item is committed.
    let plain = recording_bytes("b", 3 * CHUNK);
    let (pending, _, _) = s
        .seal_blob(&mut std::io::Cursor::new(&plain), "b.opus", &|_| {})
        .unwrap();
    let left = pending.name.clone();
    std::mem::forget(pending);
    assert_eq!(rows(&s, &left).0, 4);
    drop(s);

    let open_at = |minutes: i64| {
        offset.store(minutes * 60_000, Ordering::SeqCst);
        let clock: crate::Clock = {
            let o = std::sync::Arc::clone(&offset);
            let (base, _) = testutil::movable_clock();
            Box::new(move || base() + chrono::Duration::milliseconds(o.load(Ordering::SeqCst)))
        };
        Store::open(
            &tmp.path().join("store"),
            Some(&tmp.path().join("key")),
            clock,
        )
        .unwrap()
    };
    // Minutes later its import might still be running: its rows stay.
    let s = open_at(3);
    assert_eq!(rows(&s, &left).0, 4);
    drop(s);
    // Later, they go; the item's rows stay.
    let s = open_at(30);
    assert_eq!(rows(&s, &left).0, 0);
    let blob = blob_of(&s, id);
    assert_eq!(rows(&s, &blob), (2, 2));
    let pending: i64 = s
        .db()
        .raw()
        .query_row("SELECT COUNT(*) FROM vault_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);

    // Rows no mark names (put there by hand) are not looked for at open; the doctor finds
    // them: the log knows nothing of them, so they go.
    let stray = "ab".repeat(16);
    s.db()
        .raw()
        .execute(
            "INSERT INTO vault_chunks(blob, n, data) VALUES (?1, 0, x'00')",
            [&stray],
        )
        .unwrap();
    drop(s);
    let mut s = open_at(31);
    assert_eq!(rows(&s, &stray).0, 1);
    let r = s.doctor("lea", false).unwrap();
    assert_eq!(rows(&s, &stray).0, 0);
    assert!(r.healthy(), "{:?}", r.findings);
    assert!(
        r.findings.iter().any(|f| f.problem.contains(&stray)),
        "{:?}",
        r.findings
    );
}

#[test]
fn a_writer_that_fails_while_the_sealer_is_ahead_ends_the_import_and_leaves_no_row() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store_in_database_on(tmp.path(), system_clock());
    // The database takes its time over every row (so the sealer gets ahead of the writer and
    // waits for room to hand on more), and refuses row 40 of any recording.
    s.db()
        .raw()
        .execute_batch(
            "CREATE TRIGGER slow_row BEFORE INSERT ON vault_chunks BEGIN \
             SELECT RAISE(ABORT, 'never') WHERE length(hex(randomblob(4000000))) < 0; END; \
             CREATE TRIGGER refuse_row BEFORE INSERT ON vault_chunks WHEN NEW.n >= 40 BEGIN \
             SELECT RAISE(ABORT, 'no room'); END;",
        )
        .unwrap();
    let path = tmp.path().join("long.opus");
    std::fs::write(&path, recording_bytes("long.opus", 200 * CHUNK)).unwrap();
    let req = crate::ImportRequest {
        files: vec![path],
        case: "C-1".into(),
        received_by: "wim".into(),
        channel: earshot_core::model::Channel::Whatsapp,
        from: None,
        received_at: None,
    };
    // The import ends, failed: it never waits on a writer that is gone.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = s.import("wim", &req, &testutil::FourSeconds).map(|_| ());
        let _ = tx.send((r, s));
    });
    let (r, s) = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the import ended");
    let e = r.expect_err("the database refused a row");
    assert!(e.to_string().contains("no room"), "{e}");
    // Nothing of it is left: no row, no mark.
    let left: i64 = s
        .db()
        .raw()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM vault_chunks) + (SELECT COUNT(*) FROM vault_pending)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(s.queue().unwrap().len(), 0);
}
