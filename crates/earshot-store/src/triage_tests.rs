//! Requests to the team leaders end by a lead's hand (resolved, or dismissed with a note) or by
//! the lead's action that answers them; a stale request clears itself.

use earshot_core::gate::Missing;
use earshot_core::model::EscalationKind;

use crate::{NotifyDecision, StoreError, TeamMsg, testutil};

#[test]
fn only_a_lead_resolves_or_dismisses_and_each_ending_is_logged_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let e = s
        .escalate_for("wim", id, "vader wil meeluisteren", EscalationKind::Other)
        .expect("escalate");

    // A worker cannot: refused by the gate, and the refusal is in the log.
    match s.resolve_escalation("wim", e, None) {
        Err(StoreError::Refused { missing, .. }) => {
            assert_eq!(missing, vec![Missing::LeadTriages]);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let last = s.audit_log(Some(id)).expect("log").pop().expect("entry");
    assert_eq!(last.action, "refused");
    assert!(last.detail.contains("lead_triages"), "{}", last.detail);

    // A lead resolves it; the view says who and how, the log says so once.
    let v = s.resolve_escalation("lea", e, None).expect("resolve");
    assert_eq!(v.outcome.as_deref(), Some("resolved"));
    assert_eq!(v.resolved_by.as_deref(), Some("lea"));
    assert!(v.resolved_at.is_some());
    let last = s.audit_log(Some(id)).expect("log").pop().expect("entry");
    assert_eq!(last.action, "item.resolve");
    assert!(
        last.detail.contains("\"dismissed\":false"),
        "{}",
        last.detail
    );

    // Handled is handled: a second lead cannot end it again.
    match s.resolve_escalation("leo", e, Some("dubbel")) {
        Err(StoreError::BadInput(m)) => {
            assert_eq!(m, TeamMsg::EscalationClosed { id: e }.into());
        }
        other => panic!("expected already handled, got {other:?}"),
    }
    match s.resolve_escalation("lea", 999, None) {
        Err(StoreError::BadInput(m)) => assert_eq!(m, TeamMsg::NoEscalation { id: 999 }.into()),
        other => panic!("expected no such request, got {other:?}"),
    }
}

#[test]
fn a_dismissal_says_why_and_keeps_the_note_out_of_the_log() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let e = s
        .escalate_for("wim", id, "graag even kijken", EscalationKind::Other)
        .expect("escalate");
    match s.resolve_escalation("lea", e, Some("   ")) {
        Err(StoreError::BadInput(m)) => assert_eq!(m, TeamMsg::DismissWhy.into()),
        other => panic!("expected a reason asked for, got {other:?}"),
    }
    let note = "al besproken in het teamoverleg van dinsdag";
    let v = s.resolve_escalation("lea", e, Some(note)).expect("dismiss");
    assert_eq!(v.outcome.as_deref(), Some("dismissed"));
    assert_eq!(v.note.as_deref(), Some(note));
    let last = s.audit_log(Some(id)).expect("log").pop().expect("entry");
    assert_eq!(last.action, "item.resolve");
    assert!(
        last.detail.contains("\"dismissed\":true"),
        "{}",
        last.detail
    );
    assert!(
        !last.detail.contains("dinsdag"),
        "the note is hashed: {}",
        last.detail
    );
}

#[test]
fn a_stale_request_clears_itself() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let preview = s
        .escalate_for("wim", id, "even meeluisteren?", EscalationKind::Preview)
        .expect("escalate");
    let exception = s
        .escalate_for(
            "wim",
            id,
            "moeder niet informeren?",
            EscalationKind::Exception,
        )
        .expect("escalate");
    let other = s
        .escalate_for("wim", id, "wie neemt dit op?", EscalationKind::Other)
        .expect("escalate");
    let open = |s: &crate::Store| -> Vec<i64> {
        s.escalations(Some(id))
            .expect("escalations")
            .into_iter()
            .filter(|e| e.resolved_at.is_none())
            .map(|e| e.id)
            .collect()
    };

    // Described, the item may be heard in full: the preview request is moot.
    testutil::describe(&mut s, id);
    assert_eq!(open(&s), vec![exception, other]);
    let gone = s.escalations(Some(id)).expect("escalations");
    let p = gone
        .iter()
        .find(|e| e.id == preview)
        .expect("preview request");
    assert_eq!(p.outcome.as_deref(), Some("resolved"));

    // Maria notified, no parent is left to decide about: the exception request is moot.
    s.notify(
        "wim",
        id,
        "Maria",
        &NotifyDecision::Notified {
            channel: "telefoon".into(),
            on: None,
        },
    )
    .expect("notify");
    assert_eq!(open(&s), vec![other]);
}
