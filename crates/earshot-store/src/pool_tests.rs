//! Handles from `Store::reopen` reuse connections other handles finished with: only clean ones
//! (no transaction left open), at most `IDLE_CONNECTIONS` kept, and a reused one sees what
//! other handles committed.

use crate::testutil::store;

/// Whether this handle's connection is the one that made the temporary table `mark`
/// (temporary tables belong to one connection).
fn marked(s: &crate::Store) -> bool {
    s.db()
        .raw()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_temp_master WHERE name = 'mark'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

#[test]
fn a_finished_handles_connection_is_used_again_and_sees_the_latest_commit() {
    let dir = tempfile::tempdir().unwrap();
    let mut base = store(dir.path());
    let first = base.reopen(crate::system_clock()).unwrap();
    first
        .db()
        .raw()
        .execute_batch("CREATE TEMP TABLE mark(x)")
        .unwrap();
    assert!(marked(&first));
    drop(first);
    // Another handle commits a change while that connection sits idle.
    base.team_add("lea", "wendy", earshot_core::model::Role::Worker, None)
        .unwrap();
    let second = base.reopen(crate::system_clock()).unwrap();
    assert!(marked(&second), "the idle connection was not used again");
    assert!(
        second.user("wendy").is_ok(),
        "a reused connection missed a commit"
    );
    // Two at once: the second gets a fresh one.
    let third = base.reopen(crate::system_clock()).unwrap();
    assert!(!marked(&third));
}

#[test]
fn a_connection_left_inside_a_transaction_is_closed_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let base = store(dir.path());
    let h = base.reopen(crate::system_clock()).unwrap();
    h.db()
        .raw()
        .execute_batch("CREATE TEMP TABLE mark(x); BEGIN IMMEDIATE")
        .unwrap();
    drop(h);
    let next = base.reopen(crate::system_clock()).unwrap();
    assert!(
        !marked(&next),
        "a connection inside a transaction was handed on"
    );
    assert!(next.db().raw().is_autocommit());
    // And the write lock it held is gone with it.
    next.db()
        .raw()
        .execute_batch("BEGIN IMMEDIATE; ROLLBACK")
        .unwrap();
}

#[test]
fn at_most_a_few_idle_connections_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let base = store(dir.path());
    let handles: Vec<_> = (0..crate::IDLE_CONNECTIONS + 5)
        .map(|_| base.reopen(crate::system_clock()).unwrap())
        .collect();
    drop(handles);
    assert_eq!(base.idle.lock().unwrap().len(), crate::IDLE_CONNECTIONS);
}
