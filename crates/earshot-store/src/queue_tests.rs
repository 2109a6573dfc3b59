//! Tests of the queue module (kept apart: the module is used by the modules the test helpers
//! use).

use crate::testutil;

#[test]
fn the_audit_head_moves_with_every_change_and_only_then() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    let before = s.audit_head_seq().expect("seq");
    assert!(before > 0, "init and the team are logged");
    s.queue().expect("queue");
    s.pending_approvals("lea").expect("list");
    assert_eq!(
        s.audit_head_seq().expect("seq"),
        before,
        "reading changes nothing"
    );
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let after_import = s.audit_head_seq().expect("seq");
    assert!(after_import > before);
    testutil::describe(&mut s, id);
    assert!(s.audit_head_seq().expect("seq") > after_import);
}

#[test]
fn the_queue_read_in_small_batches_keeps_its_order_and_every_row() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    for i in 0..7 {
        let id = testutil::import(&mut s, tmp.path(), &format!("{i}.opus"));
        if i % 2 == 0 {
            testutil::describe(&mut s, id);
        }
    }
    let whole = s.queue().expect("queue");
    assert_eq!(whole.len(), 7);
    // Newest first: by receipt time, then by id.
    let mut expected: Vec<(String, i64)> = whole
        .iter()
        .map(|r| (r.received_at.clone(), r.id))
        .collect();
    expected.sort_by(|a, b| b.cmp(a));
    let got: Vec<(String, i64)> = whole
        .iter()
        .map(|r| (r.received_at.clone(), r.id))
        .collect();
    assert_eq!(got, expected);
    for batch in [1, 2, 3, 7, 100] {
        let mut rows = Vec::new();
        s.queue_batched(batch, &mut |r| {
            rows.push(r);
            Ok(())
        })
        .expect("batched");
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let want: Vec<i64> = whole.iter().map(|r| r.id).collect();
        assert_eq!(ids, want, "batches of {batch}");
        let senders: Vec<Option<String>> = rows.iter().map(|r| r.sender.clone()).collect();
        let want: Vec<Option<String>> = whole.iter().map(|r| r.sender.clone()).collect();
        assert_eq!(senders, want, "batches of {batch}");
    }
    assert!(
        whole.iter().any(|r| r.sender.is_some()),
        "described rows show their sender"
    );
}
