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
