//! Tampering with the stored audit log, as someone with write access to the database would:
//! every edit, deletion, reordering and insertion is found, and the first bad entry named.

mod common;

use common::*;

/// A store with a dozen entries, and the triggers that forbid changes dropped (an attacker
/// with the file can always do that).
fn tampered_store() -> TestStore {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    s.import("voice.m4a");
    s.ok("lea", &["audit", "verify"]);
    let db = s.raw_db();
    db.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    s
}

fn verify_fails_at(s: &TestStore, seq: i64) -> String {
    let err = s.fails("lea", &["audit", "verify"], 4);
    assert!(
        err.contains(&format!("#{seq} ")),
        "expected entry #{seq} named: {err}"
    );
    err
}

#[test]
fn triggers_forbid_changes_through_sql() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let db = s.raw_db();
    assert!(
        db.execute("UPDATE audit SET actor = 'x' WHERE seq = 1", [])
            .is_err()
    );
    assert!(db.execute("DELETE FROM audit WHERE seq = 1", []).is_err());
}

#[test]
fn an_edited_entry_is_found() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = tampered_store();
    s.raw_db()
        .execute("UPDATE audit SET actor = 'mallory' WHERE seq = 7", [])
        .unwrap();
    let err = verify_fails_at(&s, 7);
    assert!(err.contains("edited"), "{err}");
    let s = tampered_store();
    s.raw_db()
        .execute(
            "UPDATE audit SET detail = replace(detail, 'lead', 'worker') WHERE seq = 6",
            [],
        )
        .unwrap();
    verify_fails_at(&s, 6);
}

#[test]
fn a_deleted_entry_is_found() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = tampered_store();
    s.raw_db()
        .execute("DELETE FROM audit WHERE seq = 5", [])
        .unwrap();
    let err = verify_fails_at(&s, 6);
    assert!(err.contains("deleted, inserted or reordered"), "{err}");
}

#[test]
fn the_first_entry_deleted_is_found() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = tampered_store();
    s.raw_db()
        .execute("DELETE FROM audit WHERE seq = 1", [])
        .unwrap();
    verify_fails_at(&s, 2);
}

#[test]
fn reordered_entries_are_found() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = tampered_store();
    let db = s.raw_db();
    db.execute_batch(
        "UPDATE audit SET seq = -1 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; \
         UPDATE audit SET seq = 5 WHERE seq = -1;",
    )
    .unwrap();
    verify_fails_at(&s, 4);
}

#[test]
fn an_inserted_entry_is_found() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = tampered_store();
    let db = s.raw_db();
    // Make room after entry 3 and insert an entry there (its prev cannot repeat entry 4's: the
    // column is UNIQUE, so a forger must invent one).
    let n: i64 = db
        .query_row("SELECT MAX(seq) FROM audit", [], |r| r.get(0))
        .unwrap();
    for seq in (4..=n).rev() {
        db.execute("UPDATE audit SET seq = seq + 1 WHERE seq = ?1", [seq])
            .unwrap();
    }
    db.execute(
        "INSERT INTO audit(seq, at, actor, action, item, detail, prev, hash) \
         SELECT 4, at, actor, 'team.add', item, detail, lower(hex(randomblob(32))), lower(hex(randomblob(32))) FROM audit WHERE seq = 3",
        [],
    )
    .unwrap();
    verify_fails_at(&s, 4);
}

#[test]
fn a_truncated_log_fails_its_anchor() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = tampered_store();
    let head = s.json("lea", &["audit", "verify"])["head"]
        .as_str()
        .unwrap()
        .to_string();
    let n: i64 = s
        .raw_db()
        .query_row("SELECT MAX(seq) FROM audit", [], |r| r.get(0))
        .unwrap();
    s.raw_db()
        .execute("DELETE FROM audit WHERE seq = ?1", [n])
        .unwrap();
    // The shortened chain is internally consistent ...
    s.ok("lea", &["audit", "verify"]);
    // ... but no longer extends the head printed before.
    let err = s.fails("lea", &["audit", "verify", "--anchor", &head], 4);
    assert!(err.contains("not in this log"), "{err}");
}

#[test]
fn a_rewritten_log_fails_its_anchor() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    // Someone recomputes the whole chain after an edit: the chain verifies, the anchor does not.
    let s = tampered_store();
    let head = s.json("lea", &["audit", "verify"])["head"]
        .as_str()
        .unwrap()
        .to_string();
    let db = s.raw_db();
    db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 5", [])
        .unwrap();
    rechain(&db);
    s.ok("lea", &["audit", "verify"]);
    s.fails("lea", &["audit", "verify", "--anchor", &head], 4);
}
