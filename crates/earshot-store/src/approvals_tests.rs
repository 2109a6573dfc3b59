//! Tests of the approvals module (kept apart: the module is used by the modules the test
//! helpers use).

use std::sync::atomic::Ordering;

use crate::approvals::Ask;
use crate::{LeadProof, StoreError, testutil};

fn preview(from_ms: u64) -> Ask {
    Ask::Preview {
        item: 1,
        from_ms,
        want_ms: Some(1000),
    }
}

#[test]
fn an_approval_holds_for_exactly_what_was_asked_and_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, t) = testutil::movable_clock();
    let mut s = testutil::store_on(tmp.path(), clock);
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    assert_eq!(id, 1);
    let r = s
        .request_approval("wim", &preview(0), Some("lea"), 300)
        .expect("request")
        .id;
    // Not yet approved.
    let proof = LeadProof::Approval(r);
    let e = s
        .begin_preview("wim", 1, 0, Some(1000), "lea", &proof, "null")
        .expect_err("pending");
    assert!(matches!(e, StoreError::Denied(_)), "{e}");
    // leo may not answer what was asked of lea; lea may.
    assert!(matches!(s.approve("leo", r), Err(StoreError::Denied(_))));
    s.approve("lea", r).expect("approve");
    // Another window, another requester, another supervisor: refused, and nothing used.
    for (who, from, sup) in [("wim", 1000, "lea"), ("leo", 0, "lea"), ("wim", 0, "leo")] {
        let e = s
            .begin_preview(who, 1, from, Some(1000), sup, &proof, "null")
            .expect_err("mismatch");
        assert!(
            matches!(e, StoreError::Denied(_)),
            "{who} {from} {sup}: {e}"
        );
    }
    s.begin_preview("wim", 1, 0, Some(1000), "lea", &proof, "null")
        .expect("the approved preview");
    assert_eq!(s.approval(r).expect("view").status, "used");
    let e = s
        .begin_preview("wim", 1, 0, Some(1000), "lea", &proof, "null")
        .expect_err("used");
    assert!(e.to_string().contains("used"), "{e}");
    // An approval given too late for its wait is no longer valid.
    let r2 = s
        .request_approval("wim", &preview(0), Some("lea"), 10)
        .expect("request")
        .id;
    s.approve("lea", r2).expect("approve");
    t.store(2 * 60_000, Ordering::SeqCst);
    let e = s
        .begin_preview(
            "wim",
            1,
            0,
            Some(1000),
            "lea",
            &LeadProof::Approval(r2),
            "null",
        )
        .expect_err("too old");
    assert!(e.to_string().contains("too old"), "{e}");
    // And a request not answered in its wait cannot be answered later.
    let r3 = s
        .request_approval("wim", &preview(0), Some("lea"), 10)
        .expect("request")
        .id;
    t.store(3 * 60_000, Ordering::SeqCst);
    assert!(s.pending_approvals("lea").expect("list").is_empty());
    assert!(matches!(s.approve("lea", r3), Err(StoreError::BadInput(_))));
}

#[test]
fn the_reason_is_sealed_and_shown_only_to_the_store() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let ask = Ask::Deletion {
        item: id,
        requested_by: "Maria".into(),
        reason: "verzoek van Maria".into(),
        despite: None,
    };
    let v = s
        .request_approval("wim", &ask, Some("leo"), 300)
        .expect("request");
    assert_eq!(v.reason.as_deref(), Some("verzoek van Maria"));
    let (terms, sealed): (String, Vec<u8>) = s
        .db()
        .raw()
        .query_row("SELECT terms, sealed FROM approvals", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("the request's row");
    assert!(!sealed.is_empty());
    let mut raw = terms.into_bytes();
    raw.extend(sealed);
    assert!(!String::from_utf8_lossy(&raw).contains("Maria"));
    let listed = s.pending_approvals("leo").expect("list");
    assert_eq!(listed.len(), 1);
    assert!(s.pending_approvals("lea").expect("list").is_empty());
}
