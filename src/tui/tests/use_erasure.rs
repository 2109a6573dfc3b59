//! The further-use form and the erasure-decision form on the item screen: what they send, and,
//! through the worker against a real store, the store's refusals shown on the form and what
//! the store records when it agrees.

use super::approvals::{Running, run_worker};
use super::*;
use crate::store::NotifyDecision;

fn save() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL))
}

/// Sends `reqs` to the worker and hands its answer (done or failed) to the app.
fn through(app: &mut App, worker: &mut Running, reqs: Vec<Request>) -> FromWorker {
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    for r in reqs {
        worker.tx.send(r).unwrap();
    }
    let (_, answer) = worker.until(|m| match m {
        FromWorker::Done(_) | FromWorker::Failed(_) => Some(m.clone()),
        _ => None,
    });
    app.update(Msg::Worker(answer.clone()));
    answer
}

/// Item `id` described with its grounds, Maria told by a letter she may answer within two
/// weeks, Sam through her: the use waits for her reply. Returns the date.
fn reply_running(w: &mut World, id: i64) -> chrono::NaiveDate {
    let m = Metadata {
        sender: Some("Jan".into()),
        subjects: vec![
            Person {
                name: "Maria".into(),
                role: PersonRole::Parent,
            },
            Person {
                name: "Sam".into(),
                role: PersonRole::Child,
            },
        ],
        purpose: Some("wants the team to hear the arguments".into()),
        legal_basis: Some("Jeugdwet art. 7.4.0".into()),
        processing_purpose: Some("judge whether the children are safe".into()),
        ..Default::default()
    };
    w.store.describe("wim", id, &m).unwrap();
    let reply_by = chrono::Utc::now().date_naive() + chrono::Days::new(14);
    w.store
        .record_letter(
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
        .unwrap();
    w.store
        .notify(
            "wim",
            id,
            "Maria",
            &NotifyDecision::Notified {
                channel: "letter".into(),
                on: None,
            },
        )
        .unwrap();
    w.store
        .notify(
            "wim",
            id,
            "Sam",
            &NotifyDecision::ViaParent {
                parent: "Maria".into(),
            },
        )
        .unwrap();
    reply_by
}

/// Fills in purpose, recipient and summary (the focus starts on the purpose).
fn fill_use(app: &mut App) {
    chars(app, "VTO");
    app.update(key(KeyCode::Tab));
    chars(app, "Raad voor de Kinderbescherming");
    app.update(key(KeyCode::Tab));
    chars(app, "Father shouts; children scared.");
}

#[test]
fn the_use_form_shows_what_is_typed_and_saves_what_the_command_line_would() {
    let mut w = world("Jan");
    let id = w.ids[1];
    let mut app = app_for(&mut w, "wim");
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('u')));
    assert_eq!(app.screen, Screen::Use);
    fill_use(&mut app);
    let screen = draw(&mut app, 100, 30);
    for want in [
        "Further use — Item",
        "VTO",
        "Raad voor de Kinderbescherming",
        "Father shouts; children scared.",
        "Go ahead anyway: reason",
        "◀ lea ▶",
        "Save",
    ] {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    let plain = Request::RecordUse {
        item: id,
        purpose: "VTO".into(),
        recipient: "Raad voor de Kinderbescherming".into(),
        summary: "Father shouts; children scared.".into(),
        ahead: None,
    };
    assert_eq!(app.update(save()), vec![plain.clone()]);
    // Going ahead anyway: a reason, another lead (◀ ▶), their PIN, masked.
    app.update(key(KeyCode::Tab));
    chars(&mut app, "the court decides tomorrow");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right));
    assert!(app.update(save()).is_empty(), "no PIN yet");
    let e = app.use_form.as_ref().unwrap().error.clone().unwrap();
    assert!(e.contains("leo's PIN"), "{e}");
    assert_eq!(app.use_form.as_ref().unwrap().focus, 5, "on the PIN");
    chars(&mut app, "654321");
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("◀ leo ▶") && screen.contains("••••••"),
        "{screen}"
    );
    assert!(!screen.contains("654321"), "the PIN is masked:\n{screen}");
    let Request::RecordUse { ahead, .. } = &app.update(save())[0] else {
        panic!("no use sent")
    };
    assert_eq!(
        ahead,
        &Some(GoAheadReq {
            reason: "the court decides tomorrow".into(),
            approved_by: "leo".into(),
            pin: Some("654321".into()),
        })
    );
    // Esc asks before what was typed is lost, then leaves.
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Use);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);
    assert!(app.use_form.is_none());
}

#[test]
fn through_the_worker_a_use_of_an_undecided_item_is_refused_in_the_gates_words() {
    for lang in [Lang::En, Lang::Nl] {
        let mut w = world("Jan");
        let id = w.ids[1];
        let dir = w._dir.path().to_path_buf();
        let mut app = app_for(&mut w, "wim");
        app.lang = lang;
        open_item(&mut app, &mut w, "wim", id);
        let mut worker = run_worker(&dir, "wim", lang);
        app.update(key(KeyCode::Char('u')));
        fill_use(&mut app);
        let reqs = app.update(save());
        let answer = through(&mut app, &mut worker, reqs);
        assert!(matches!(answer, FromWorker::Failed(_)), "{answer:?}");
        assert_eq!(app.screen, Screen::Use, "the form stays with its refusal");
        let e = app.use_form.as_ref().unwrap().error.clone().unwrap();
        let want = crate::core::gate::Missing::NotificationDecision {
            subject: "Maria".into(),
        }
        .text(lang);
        assert!(e.contains(&want), "{lang:?}: {e}");
        let screen = draw(&mut app, 120, 30);
        // The whole sentence is on the form (wrapped over lines).
        let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat(&screen).contains(&flat(&want)), "{want}:\n{screen}");
        assert!(
            app.status.is_none(),
            "no box over the form: {:?}",
            app.status
        );
        worker.stop();
        assert!(w.store.show("wim", id).unwrap().uses.is_empty());
    }
}

#[test]
fn through_the_worker_a_use_waits_for_the_reply_unless_another_lead_approves_with_a_pin() {
    let mut w = world("Jan");
    let id = w.ids[1];
    let reply_by = reply_running(&mut w, id);
    let dir = w._dir.path().to_path_buf();
    let mut app = app_for(&mut w, "wim");
    open_item(&mut app, &mut w, "wim", id);
    let mut worker = run_worker(&dir, "wim", Lang::En);
    app.update(key(KeyCode::Char('u')));
    // What the gate says now is on the form before anything is saved.
    let screen = draw(&mut app, 120, 30);
    assert!(screen.contains(&reply_by.to_string()), "{screen}");
    fill_use(&mut app);
    let reqs = app.update(save());
    through(&mut app, &mut worker, reqs);
    let e = app.use_form.as_ref().unwrap().error.clone().unwrap();
    assert!(
        e.contains(&format!("may reply until {reply_by}")),
        "{reply_by}: {e}"
    );
    let screen = draw(&mut app, 120, 30);
    assert!(
        screen.contains(&format!("may reply until {reply_by}")),
        "{screen}"
    );
    // On the form, whole, not in a box over it that the next key (typed) would close; without
    // the command line's advice.
    assert!(app.status.is_none(), "{:?}", app.status);
    assert!(
        !screen.contains("Not done") && !screen.contains("--override-reason"),
        "{screen}"
    );
    assert!(w.store.show("wim", id).unwrap().uses.is_empty());
    // A wrong PIN: refused, the PIN is typed again.
    app.update(key(KeyCode::Tab));
    chars(&mut app, "the court decides tomorrow");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right)); // leo
    app.update(key(KeyCode::Tab));
    chars(&mut app, "111111");
    let reqs = app.update(save());
    through(&mut app, &mut worker, reqs);
    let u = app.use_form.clone().unwrap();
    assert!(u.error.is_some() && u.pin.is_empty(), "{u:?}");
    assert!(w.store.show("wim", id).unwrap().uses.is_empty());
    chars(&mut app, "654321");
    let reqs = app.update(save());
    let answer = through(&mut app, &mut worker, reqs);
    assert!(matches!(answer, FromWorker::Done(_)), "{answer:?}");
    assert_eq!(app.screen, Screen::Detail);
    assert!(app.use_form.is_none());
    let (msg, err) = app.status.clone().unwrap();
    assert!(
        !err && msg.contains("Raad voor de Kinderbescherming"),
        "{msg}"
    );
    worker.stop();
    let uses = w.store.show("wim", id).unwrap().uses;
    assert_eq!(uses.len(), 1, "{uses:?}");
    assert_eq!(uses[0].recipient, "Raad voor de Kinderbescherming");
    assert_eq!(uses[0].summary, "Father shouts; children scared.");
    let log = w.store.audit_log(Some(id)).unwrap();
    let entry = log.iter().rfind(|e| e.action == "item.use").unwrap();
    assert!(entry.detail.contains("leo"), "{}", entry.detail);
}

#[test]
fn the_item_lists_its_erasure_requests_and_the_key_says_when_none_is_open() {
    let mut w = world("Jan");
    let id = w.ids[1];
    let mut app = app_for(&mut w, "lea");
    open_item(&mut app, &mut w, "lea", id);
    app.update(key(KeyCode::Char('w')));
    assert_eq!(app.screen, Screen::Detail);
    let (msg, err) = app.status.clone().unwrap();
    assert!(err && msg.contains("No open erasure request"), "{msg}");
    let req = w.store.erasure_request("wim", id, "Maria", None).unwrap();
    for (lang, title, due) in [
        (Lang::En, "Erasure requests", "decide by"),
        (Lang::Nl, "Verzoeken om wissing", "beslissen uiterlijk"),
    ] {
        app.lang = lang;
        open_item(&mut app, &mut w, "lea", id);
        let screen = draw(&mut app, 160, 48);
        let want = format!("Maria: {due} {}", lang.date(req.due_on));
        assert!(
            screen.contains(title) && screen.contains(&want),
            "{want}:\n{screen}"
        );
    }
    // The list travels to a UI of the guardian as it was sent.
    let sent = detail(&mut w, "lea", id);
    let back: FromWorker = serde_json::from_slice(&serde_json::to_vec(&sent).unwrap()).unwrap();
    let (FromWorker::Detail(a), FromWorker::Detail(b)) = (&sent, &back) else {
        panic!("not a detail")
    };
    assert_eq!(a.erasure, b.erasure);
    assert_eq!(a.erasure.len(), 1);
}

/// Opens the erasure form on item `id` and fills it in: granted, with a reason.
fn decide(app: &mut App, w: &mut World, user: &str, id: i64) -> Vec<Request> {
    open_item(app, w, user, id);
    app.update(key(KeyCode::Char('w')));
    assert_eq!(app.screen, Screen::Erasure);
    // Nothing chosen yet: saving says so.
    assert!(app.update(save()).is_empty());
    assert!(app.erasure_form.as_ref().unwrap().error.is_some());
    assert_eq!(app.erasure_form.as_ref().unwrap().focus, 1);
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Tab));
    chars(app, "no ground to keep it");
    app.update(save())
}

#[test]
fn through_the_worker_a_workers_erasure_decision_is_refused_and_a_leads_is_recorded() {
    for lang in [Lang::En, Lang::Nl] {
        let mut w = world("Jan");
        let id = w.ids[1];
        let req = w.store.erasure_request("wim", id, "Maria", None).unwrap();
        let dir = w._dir.path().to_path_buf();
        // A worker may open the form; the store refuses, in the gate's words.
        let mut app = app_for(&mut w, "wim");
        app.lang = lang;
        let reqs = decide(&mut app, &mut w, "wim", id);
        assert_eq!(
            reqs,
            vec![Request::DecideErasure {
                item: id,
                subject: "Maria".into(),
                granted: true,
                reason: "no ground to keep it".into(),
            }]
        );
        let screen = draw(&mut app, 100, 30);
        let granted = if lang == Lang::En {
            "◀ granted ▶"
        } else {
            "◀ toegewezen ▶"
        };
        assert!(screen.contains(granted), "{screen}");
        let mut worker = run_worker(&dir, "wim", lang);
        through(&mut app, &mut worker, reqs);
        worker.stop();
        assert_eq!(app.screen, Screen::Erasure);
        let e = app.erasure_form.as_ref().unwrap().error.clone().unwrap();
        let lead_word = if lang == Lang::En {
            "lead"
        } else {
            "teamleider"
        };
        assert!(e.contains(lead_word), "{lang:?}: {e}");
        let screen = draw(&mut app, 100, 30);
        assert!(
            screen.contains(&format!("! {}", e.chars().take(20).collect::<String>())),
            "{screen}"
        );
        let open = w.store.erasure_requests(Some(id), true).unwrap();
        assert_eq!(open.len(), 1, "still undecided");
        // A lead's decision is recorded.
        let mut lead = app_for(&mut w, "lea");
        lead.lang = lang;
        let reqs = decide(&mut lead, &mut w, "lea", id);
        let mut worker = run_worker(&dir, "lea", lang);
        let answer = through(&mut lead, &mut worker, reqs);
        worker.stop();
        assert!(matches!(answer, FromWorker::Done(_)), "{answer:?}");
        assert_eq!(lead.screen, Screen::Detail);
        let (msg, _) = lead.status.clone().unwrap();
        assert!(msg.contains(&lang.date(req.due_on)), "{msg}");
        let all = w.store.erasure_requests(Some(id), false).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].decision.as_deref(), Some("granted"));
        assert_eq!(all[0].decided_by.as_deref(), Some("lea"));
        assert_eq!(
            all[0].decision_reason.as_deref(),
            Some("no ground to keep it")
        );
        // The item lists it decided.
        open_item(&mut lead, &mut w, "lea", id);
        let screen = draw(&mut lead, 160, 48);
        let word = if lang == Lang::En {
            "granted by lea"
        } else {
            "toegewezen door lea"
        };
        assert!(screen.contains(&format!("Maria: {word}")), "{screen}");
    }
}
