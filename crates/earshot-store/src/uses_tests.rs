//! Further use waits for the people concerned: a subject told by letter may reply until the
//! date the letter gave, and an open complaint about the item is decided first. Only a lead who
//! is not the user may approve going ahead, with a reason, and the use's entry says so.

use chrono::Days;
use earshot_core::audit::Event;
use earshot_core::gate::Missing;

use crate::{GoAhead, LeadProof, NotifyDecision, Store, StoreError, testutil};

const DAY_MS: i64 = 24 * 3600 * 1000;

fn use_it(s: &mut Store, ahead: Option<&GoAhead>) -> Result<i64, StoreError> {
    s.record_use_going_ahead("wim", 1, "VTO", "Raad", "een samenvatting", ahead)
}

fn missing(r: Result<i64, StoreError>) -> Vec<Missing> {
    match r {
        Err(StoreError::Refused { missing, .. }) => missing,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn ahead(lead: &str, pin: &str) -> GoAhead {
    GoAhead {
        reason: "de Raad beslist morgen over een spoedmaatregel".into(),
        approved_by: lead.into(),
        proof: LeadProof::Pin(pin.into()),
    }
}

/// A described item whose mother was notified (by letter, replying within two weeks).
fn notified_by_letter(s: &mut Store, dir: &std::path::Path) -> chrono::NaiveDate {
    let id = testutil::import(s, dir, "a.opus");
    assert_eq!(id, 1);
    testutil::describe(s, id);
    let reply_by = s.now().date_naive() + Days::new(14);
    s.record_letter(
        "wim",
        id,
        "Maria",
        "notification",
        "nl",
        "md",
        &"0".repeat(64),
        "head",
        Some(reply_by),
    )
    .expect("letter");
    s.notify(
        "wim",
        id,
        "Maria",
        &NotifyDecision::Notified {
            channel: "brief".into(),
            on: None,
        },
    )
    .expect("notified");
    reply_by
}

#[test]
fn a_use_waits_for_the_reply_the_letter_allowed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, t) = testutil::movable_clock();
    let mut s = testutil::store_on(tmp.path(), clock);
    let reply_by = notified_by_letter(&mut s, tmp.path());
    assert_eq!(
        missing(use_it(&mut s, None)),
        vec![Missing::ReplyPeriod {
            subject: "Maria".into(),
            until: reply_by.to_string(),
        }]
    );
    // The last day of the period still counts; the day after, nothing waits.
    t.store(14 * DAY_MS, std::sync::atomic::Ordering::SeqCst);
    assert!(use_it(&mut s, None).is_err());
    t.store(15 * DAY_MS, std::sync::atomic::Ordering::SeqCst);
    let used = use_it(&mut s, None).expect("the reply period is over");
    let log = s.audit_log(Some(1)).expect("log");
    let entry = log
        .iter()
        .rev()
        .find(|e| e.action == "item.use")
        .expect("use");
    assert!(
        !entry.detail.contains("went_ahead"),
        "nothing waited: {}",
        entry.detail
    );
    assert!(used > 0);
}

fn log_has_use(s: &Store) -> bool {
    s.audit_log(Some(1))
        .expect("log")
        .iter()
        .any(|e| e.action == "item.use")
}

#[test]
fn going_ahead_takes_another_leads_approval_and_is_logged() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    notified_by_letter(&mut s, tmp.path());
    let before = s.audit_head_seq().expect("seq");
    // Not a lead, a wrong PIN, the lead approving their own use: refused, nothing used.
    s.team_add("lea", "wendy", earshot_core::model::Role::Worker, None)
        .expect("wendy");
    let m = missing(use_it(&mut s, Some(&ahead("wendy", "000000"))));
    assert!(matches!(m[..], [Missing::ApproverNotLead { .. }]), "{m:?}");
    assert!(use_it(&mut s, Some(&ahead("leo", "111111"))).is_err());
    let own = s.record_use_going_ahead(
        "leo",
        1,
        "VTO",
        "Raad",
        "een samenvatting",
        Some(&ahead("leo", "654321")),
    );
    assert!(matches!(missing(own)[..], [Missing::FourEyes { .. }]));
    assert!(!log_has_use(&s), "nothing was used");
    assert!(
        s.audit_head_seq().expect("seq") > before,
        "the refusals are logged"
    );
    // Another lead, in person: it goes ahead, and the entry names the lead and keeps a hash of
    // why.
    use_it(&mut s, Some(&ahead("leo", "654321"))).expect("approved");
    let log = s.audit_log(Some(1)).expect("log");
    let entry = log
        .iter()
        .rev()
        .find(|e| e.action == "item.use")
        .expect("use");
    match entry.event() {
        Ok(Event::ItemUse {
            went_ahead_by: Some(by),
            went_ahead_because: Some(why),
            ..
        }) => {
            assert_eq!(by, "leo");
            assert!(!why.contains("Raad"), "a keyed hash, not the reason: {why}");
        }
        other => panic!("{other:?} from {}", entry.detail),
    }
}

#[test]
fn an_open_complaint_holds_a_use_until_it_is_decided() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, t) = testutil::movable_clock();
    let mut s = testutil::store_on(tmp.path(), clock);
    notified_by_letter(&mut s, tmp.path());
    t.store(20 * DAY_MS, std::sync::atomic::Ordering::SeqCst);
    let c = s
        .complaint_add(
            "wim",
            "Maria",
            Some(1),
            "jullie schenden mijn privacy",
            None,
        )
        .expect("complaint");
    assert_eq!(
        missing(use_it(&mut s, None)),
        vec![Missing::OpenComplaint { complaint: c.id }]
    );
    s.complaint_close("lea", c.id, "gegrond verklaard", None)
        .expect("decided");
    use_it(&mut s, None).expect("decided");
}
