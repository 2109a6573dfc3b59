//! The worker's answers and the UI's requests as they travel between the guardian and a
//! terminal UI: every kind reads back as it was written, and an item drawn from what arrived
//! looks exactly like one drawn from what was sent.

use super::*;

/// Writes `m` as the guardian does and reads it as the UI does.
fn travel(m: &FromWorker) -> FromWorker {
    let bytes = serde_json::to_vec(m).unwrap();
    let back: FromWorker = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        String::from_utf8(bytes).unwrap(),
        "read back differently"
    );
    back
}

#[test]
fn every_answer_of_the_worker_reads_back_as_written() {
    let w = world("Jan");
    let rows = w.store.queue().unwrap();
    assert_eq!(rows.len(), 3);
    travel(&FromWorker::Queue {
        rows,
        escalations: w.store.escalations(None).unwrap(),
        due: w.store.due_flags().unwrap(),
    });
    travel(&FromWorker::QueueChanged {
        items: vec![w.ids[1]],
        rows: w.store.queue_rows(&[w.ids[1]]).unwrap(),
        escalations: vec![],
        due: w.store.due_flags().unwrap(),
    });
    travel(&FromWorker::Team(w.store.team_list().unwrap()));
    travel(&FromWorker::Identity(w.store.user("wim").unwrap()));
    travel(&FromWorker::Player(crate::session::Status {
        item: 1,
        pos_ms: 1500,
        from_ms: 0,
        until_ms: 5000,
        duration_ms: 9000,
        paused: true,
        preview: true,
    }));
    travel(&FromWorker::Finished(crate::session::Outcome {
        item: 1,
        kind: "preview",
        ranges_ms: vec![(0, 1500)],
        heard_ms: 1500,
        reason: crate::audio::FinishReason::Stopped,
        sink: "client",
        preview_left_ms: Some(18_500),
    }));
    for m in [
        FromWorker::Done("Saved.".into()),
        FromWorker::Failed("no".into()),
        FromWorker::Intake("x".into()),
        FromWorker::Closed,
    ] {
        travel(&m);
    }
}

#[test]
fn an_item_drawn_from_what_arrived_is_the_item_that_was_sent() {
    let mut w = world("Jan");
    let id = w.ids[0];
    let sent = detail(&mut w, "wim", id);
    let FromWorker::Detail(d) = &sent else {
        unreachable!()
    };
    // The gate's reasons, which `show --json` leaves out, are what the item screen words.
    assert!(!d.view.gate.details.is_empty());
    let arrived = travel(&sent);
    let FromWorker::Detail(a) = &arrived else {
        panic!("a detail came back as something else")
    };
    assert_eq!(a.view.gate.details, d.view.gate.details);
    assert_eq!(a.waveform, d.waveform);
    assert_eq!(a.timeline, d.timeline);
    let mut here = app_for(&mut w, "wim");
    let mut there = app_for(&mut w, "wim");
    for (app, m) in [(&mut here, sent), (&mut there, arrived)] {
        app.update(Msg::Worker(FromWorker::Queue {
            rows: w.store.queue().unwrap(),
            escalations: vec![],
            due: vec![],
        }));
        app.update(key(KeyCode::Enter));
        app.update(Msg::Worker(m));
    }
    assert_eq!(draw(&mut here, 100, 40), draw(&mut there, 100, 40));
    assert!(draw(&mut there, 100, 40).contains(&format!("Item {id}")));
}

#[test]
fn an_outcome_with_words_earshot_never_writes_is_refused() {
    let json = r#"{"Finished":{"item":1,"kind":"rm -rf","ranges_ms":[],"heard_ms":0,
        "reason":"end","sink":"client","preview_left_ms":null}}"#;
    assert!(serde_json::from_str::<FromWorker>(json).is_err());
}

#[test]
fn every_request_of_the_ui_reads_back_as_written() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for r in [
        Request::Refresh,
        Request::LoadDetail(3),
        Request::Describe(3, Metadata::default()),
        Request::Notify(
            3,
            "Maria".into(),
            NotifyDecisionReq::Exception {
                reason: "safety".into(),
                approved_by: "leo".into(),
                ground: crate::core::model::ExceptionGround::Meldcode,
                review_on: day,
                pin: Some("654321".into()),
            },
        ),
        Request::Notify(
            3,
            "Maria".into(),
            NotifyDecisionReq::Notified {
                channel: "letter".into(),
                on: day,
            },
        ),
        Request::Escalate(3, "why".into(), EscalationKind::Preview),
        Request::Assign(3, "wim".into()),
        Request::Preview {
            item: 3,
            from_ms: 1000,
            seconds: 5,
            supervisor: "leo".into(),
            pin: None,
        },
        Request::AskPreview {
            item: 3,
            from_ms: 0,
            seconds: 5,
            lead: "leo".into(),
        },
        Request::Withdraw,
        Request::Approve(4),
        Request::Decline(4, "not now".into()),
        Request::ResolveEscalation(5, None),
        Request::ResolveEscalation(5, Some("al besproken".into())),
        Request::RecordUse {
            item: 3,
            purpose: "VTO".into(),
            recipient: "Raad".into(),
            summary: "een samenvatting".into(),
            ahead: Some(GoAheadReq {
                reason: "spoed".into(),
                approved_by: "leo".into(),
                pin: Some("654321".into()),
            }),
        },
        Request::DecideErasure {
            item: 3,
            subject: "Maria".into(),
            granted: false,
            reason: "art. 17(3)(b)".into(),
        },
        Request::Play {
            item: 3,
            from_ms: 0,
        },
        Request::Pause,
        Request::Resume,
        Request::Seek(4000),
        Request::Stop,
        Request::Shutdown,
    ] {
        let back: Request = serde_json::from_slice(&serde_json::to_vec(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
