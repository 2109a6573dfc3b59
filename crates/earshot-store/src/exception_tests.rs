//! An exception to notifying a subject rests on a ground and expires: past its review date it
//! no longer allows further use, until it is renewed with a new approval or replaced by a
//! notification; `due` lists it meanwhile.

use chrono::{Days, NaiveDate};
use earshot_core::gate::Missing;
use earshot_core::model::ExceptionGround;

use crate::{LeadProof, NotifyDecision, Store, StoreError, testutil};

const DAY_MS: i64 = 24 * 3600 * 1000;

fn today(s: &Store) -> NaiveDate {
    s.now().date_naive()
}

fn exception(review_on: NaiveDate) -> NotifyDecision {
    NotifyDecision::Exception {
        reason: "de vader is gewelddadig".into(),
        approved_by: "leo".into(),
        ground: ExceptionGround::Meldcode,
        review_on,
        proof: LeadProof::Pin("654321".into()),
    }
}

fn use_it(s: &mut Store, id: i64) -> Result<i64, StoreError> {
    s.record_use("wim", id, "VTO", "Raad", "een samenvatting")
}

fn past_review(s: &Store, id: i64) -> usize {
    s.due_flags()
        .expect("due")
        .iter()
        .find(|f| f.item == id)
        .map_or(0, |f| f.exceptions_past_review)
}

#[test]
fn an_exception_allows_use_until_its_review_date_and_not_a_day_longer() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, t) = testutil::movable_clock();
    let mut s = testutil::store_on(tmp.path(), clock);
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    testutil::describe(&mut s, id);
    let review = today(&s) + Days::new(30);
    s.notify("wim", id, "Maria", &exception(review))
        .expect("exception");
    use_it(&mut s, id).expect("a current exception allows use");
    // Its review date counts as due, but nothing is past review yet.
    let flags = s.due_flags().expect("due");
    let f = flags.iter().find(|f| f.item == id).expect("listed");
    assert_eq!((f.exceptions_past_review, f.next_due), (0, Some(review)));

    // On the review date itself: still allowed.
    t.store(30 * DAY_MS, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(today(&s), review);
    use_it(&mut s, id).expect("on the review date");
    // The day after: refused, with the subject and the date; and in `due`.
    t.store(31 * DAY_MS, std::sync::atomic::Ordering::SeqCst);
    match use_it(&mut s, id) {
        Err(StoreError::Refused { missing, .. }) => assert_eq!(
            missing,
            vec![Missing::ExceptionPastReview {
                subject: "Maria".into(),
                review_on: Some(review.to_string()),
            }]
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(past_review(&s, id), 1);
    // Whoever edits the database file to move the review date on gains nothing: the date
    // sealed with the decision still holds.
    s.db()
        .raw()
        .execute(
            "UPDATE notifications SET review_on = '2099-01-01' WHERE item_id = ?1",
            [id],
        )
        .expect("edit the file");
    assert!(
        matches!(
            use_it(&mut s, id),
            Err(StoreError::Refused { ref missing, .. })
                if missing == &vec![Missing::ExceptionPastReview {
                    subject: "Maria".into(),
                    review_on: Some(review.to_string()),
                }]
        ),
        "the sealed review date holds"
    );

    // Renewed with a new approval: allowed again, and no longer past review.
    s.notify("wim", id, "Maria", &exception(today(&s) + Days::new(60)))
        .expect("renewed");
    use_it(&mut s, id).expect("renewed");
    assert_eq!(past_review(&s, id), 0);

    // Lapsed again, then replaced by a notification: allowed for good.
    t.store(200 * DAY_MS, std::sync::atomic::Ordering::SeqCst);
    assert!(use_it(&mut s, id).is_err());
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
    use_it(&mut s, id).expect("notified");
    assert_eq!(past_review(&s, id), 0);
}

#[test]
fn a_review_date_lies_after_today_and_within_a_year() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    testutil::describe(&mut s, id);
    let before = s.audit_head_seq().expect("seq");
    for days_ahead in [-1i64, 0, 367, 5000] {
        let on = if days_ahead < 0 {
            today(&s) - Days::new(1)
        } else {
            today(&s) + Days::new(days_ahead as u64)
        };
        let err = s
            .notify("wim", id, "Maria", &exception(on))
            .expect_err("out of range");
        assert!(matches!(err, StoreError::BadInput(_)), "{err:?}");
        assert!(err.to_string().contains("review date"), "{err}");
    }
    assert_eq!(s.audit_head_seq().expect("seq"), before, "nothing recorded");
    // The furthest allowed: a year (and a day, for leap years) ahead.
    s.notify("wim", id, "Maria", &exception(today(&s) + Days::new(366)))
        .expect("within a year");
}

/// The ground and the review date are what the lead approves: an approval given for other
/// terms is not one for these.
#[test]
fn an_approval_covers_the_ground_and_review_date_it_was_given_for() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    testutil::describe(&mut s, id);
    let review = today(&s) + Days::new(30);
    let ask = crate::approvals::Ask::Exception {
        item: id,
        subject: "Maria".into(),
        reason: "de vader is gewelddadig".into(),
        ground: ExceptionGround::Investigation,
        review_on: review,
    };
    let r = s
        .request_approval("wim", &ask, Some("leo"), 300)
        .expect("request");
    s.approve("leo", r.id).expect("approved");
    // Asked for an investigation until `review`; used for the Meldcode, or a later date.
    for (ground, on) in [
        (ExceptionGround::Meldcode, review),
        (ExceptionGround::Investigation, review + Days::new(1)),
    ] {
        let err = s
            .notify(
                "wim",
                id,
                "Maria",
                &NotifyDecision::Exception {
                    reason: "de vader is gewelddadig".into(),
                    approved_by: "leo".into(),
                    ground,
                    review_on: on,
                    proof: LeadProof::Approval(r.id),
                },
            )
            .expect_err("other terms");
        assert!(matches!(err, StoreError::Denied(_)), "{err:?}");
    }
    s.notify(
        "wim",
        id,
        "Maria",
        &NotifyDecision::Exception {
            reason: "de vader is gewelddadig".into(),
            approved_by: "leo".into(),
            ground: ExceptionGround::Investigation,
            review_on: review,
            proof: LeadProof::Approval(r.id),
        },
    )
    .expect("the terms approved");
}
