//! Tampering with the stored audit log, as someone with write access to the database would:
//! every edit, deletion, reordering and insertion is found, and the first bad entry named. On
//! either backend: SQLite's file, or the PostgreSQL database when the suite runs against one.

mod common;

use common::*;

/// A store with a dozen entries, and the triggers that forbid changes dropped (an attacker
/// with the file, or the database's owner, can always do that).
fn tampered_store() -> TestStore {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    s.import("voice.m4a");
    s.ok("lea", &["audit", "verify"]);
    s.drop_log_guards();
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
    let s = TestStore::new();
    let refused = |sql: &str| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.tamper(sql))).is_err()
    };
    assert!(refused("UPDATE audit SET actor = 'x' WHERE seq = 1"));
    assert!(refused("DELETE FROM audit WHERE seq = 1"));
    s.ok("lea", &["audit", "verify"]);
}

#[test]
fn an_edited_entry_is_found() {
    let s = tampered_store();
    s.tamper("UPDATE audit SET actor = 'mallory' WHERE seq = 7");
    let err = verify_fails_at(&s, 7);
    assert!(err.contains("edited"), "{err}");
    let s = tampered_store();
    s.tamper("UPDATE audit SET detail = replace(detail, 'lead', 'worker') WHERE seq = 6");
    verify_fails_at(&s, 6);
}

#[test]
fn a_deleted_entry_is_found() {
    let s = tampered_store();
    s.tamper("DELETE FROM audit WHERE seq = 5");
    let err = verify_fails_at(&s, 6);
    assert!(err.contains("deleted, inserted or reordered"), "{err}");
}

#[test]
fn the_first_entry_deleted_is_found() {
    let s = tampered_store();
    s.tamper("DELETE FROM audit WHERE seq = 1");
    verify_fails_at(&s, 2);
}

#[test]
fn reordered_entries_are_found() {
    let s = tampered_store();
    s.tamper(
        "UPDATE audit SET seq = -1 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; \
         UPDATE audit SET seq = 5 WHERE seq = -1;",
    );
    verify_fails_at(&s, 4);
}

#[test]
fn an_inserted_entry_is_found() {
    let s = tampered_store();
    // Make room after entry 3 and insert an entry there (its prev cannot repeat entry 4's: the
    // column is UNIQUE, so a forger must invent one).
    let n = s.tamper_number("SELECT MAX(seq) FROM audit");
    for seq in (4..=n).rev() {
        s.tamper(&format!("UPDATE audit SET seq = seq + 1 WHERE seq = {seq}"));
    }
    let invented = if s.in_database() {
        "md5(random()::text) || md5(random()::text)"
    } else {
        "lower(hex(randomblob(32)))"
    };
    s.tamper(&format!(
        "INSERT INTO audit(seq, at, actor, action, item, detail, prev, hash) \
         SELECT 4, at, actor, 'team.add', item, detail, {invented}, {invented} \
         FROM audit WHERE seq = 3"
    ));
    verify_fails_at(&s, 4);
}

#[test]
fn a_truncated_log_fails_its_anchor() {
    let s = tampered_store();
    let head = s.json("lea", &["audit", "verify"])["head"]
        .as_str()
        .unwrap()
        .to_string();
    let n = s.tamper_number("SELECT MAX(seq) FROM audit");
    s.tamper(&format!("DELETE FROM audit WHERE seq = {n}"));
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
