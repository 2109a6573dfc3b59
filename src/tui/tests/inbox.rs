//! A lead's inbox holds what waits for a team leader: approval requests, escalations with their
//! reasons (resolve with one key, dismiss with a reason), and items past a deadline. A member
//! sees their own, and how the recent ones ended.

use super::approvals::run_worker;
use super::*;
use crate::store::due::DueFlags;

const REASON: &str = "vader stuurde 2 min audio, wil even meeluisteren";

/// A lead's app on `w`, with wim's escalation of the first item (and what the queue knows).
fn lead_with_an_escalation(w: &mut World, lang: Lang) -> (App, i64) {
    let id = w
        .store
        .escalate_for("wim", w.ids[0], REASON, EscalationKind::Preview)
        .unwrap();
    let mut app = app_for(w, "lea");
    app.lang = lang;
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: w.store.escalations(None).unwrap(),
        due: vec![],
    }));
    app.update(key(KeyCode::Char('a')));
    (app, id)
}

/// The hint line, each key as ` · KEY what`.
fn footer(screen: &str) -> String {
    format!(
        " · {}",
        screen.lines().last().unwrap_or_default().trim_end()
    )
}

#[test]
fn the_lead_sees_who_asked_what_for_and_why_in_both_languages() {
    for (lang, want) in [
        (
            Lang::En,
            ["Requests to the team leaders", "wim", "preview", REASON],
        ),
        (
            Lang::Nl,
            ["Vragen aan de teamleiders", "wim", "fragment", REASON],
        ),
    ] {
        for (wd, ht) in [(80u16, 24u16), (120, 35)] {
            let mut w = world("Jan");
            let (mut app, id) = lead_with_an_escalation(&mut w, lang);
            let screen = draw(&mut app, wd, ht);
            for t in want {
                assert!(
                    screen.contains(t),
                    "{lang:?} {wd}x{ht} lacks {t}:\n{screen}"
                );
            }
            let row = screen.lines().find(|l| l.contains('▶')).unwrap();
            assert!(
                row.contains(&id.to_string()) && row.contains("wim"),
                "{row}"
            );
            // On an escalation: resolve and dismiss, not approve and decline.
            let f = footer(&screen);
            assert!(f.contains(" · r ") && f.contains(" · d "), "{f}");
            assert!(!f.contains(" · y ") && !f.contains(" · n "), "{f}");
            assert!(f.ends_with("? help"), "{f}");
        }
    }
}

#[test]
fn resolve_is_one_key_and_dismiss_asks_why() {
    let mut w = world("Jan");
    let (mut app, id) = lead_with_an_escalation(&mut w, Lang::En);
    assert_eq!(
        app.update(key(KeyCode::Char('r'))),
        vec![Request::ResolveEscalation(id, None)]
    );
    assert!(app.update(key(KeyCode::Char('d'))).is_empty());
    assert_eq!(app.prompt.as_ref().unwrap().kind, PromptKind::Dismiss(id));
    assert!(draw(&mut app, 80, 24).contains("Dismiss: why?"));
    // Nothing typed: nothing sent.
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    app.update(key(KeyCode::Char('d')));
    chars(&mut app, "al besproken");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::ResolveEscalation(id, Some("al besproken".into()))]
    );
    // Enter opens the item it is about.
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::LoadDetail(w.ids[0])]
    );
    assert_eq!(app.screen, Screen::Detail);
}

#[test]
fn a_resolved_escalation_leaves_the_leads_inbox_and_the_member_sees_how_it_ended() {
    let mut w = world("Jan");
    let (mut app, id) = lead_with_an_escalation(&mut w, Lang::En);
    let dir = w._dir.path().to_path_buf();
    let mut lead = run_worker(&dir, "lea", Lang::En);
    lead.tx
        .send(Request::ResolveEscalation(id, Some("al besproken".into())))
        .unwrap();
    let (_, done) = lead.until(|m| match m {
        FromWorker::Done(t) => Some(t.clone()),
        FromWorker::Failed(t) => panic!("{t}"),
        _ => None,
    });
    assert!(
        done.contains(&format!("Request {id} from wim dismissed")),
        "{done}"
    );
    // The worker pushes the change it made; the inbox no longer holds it.
    let (_, escalations) = lead.until(|m| match m {
        FromWorker::QueueChanged { escalations, .. } => Some(escalations.clone()),
        _ => None,
    });
    let rows = w.store.queue().unwrap();
    app.update(Msg::Worker(FromWorker::Queue {
        rows: rows.clone(),
        escalations: escalations.clone(),
        due: vec![],
    }));
    assert!(app.inbox().is_empty());
    assert!(draw(&mut app, 80, 24).contains("Nothing waits for a team leader."));
    lead.stop();

    // wim sees his question, who dismissed it and why.
    let mut member = app_for(&mut w, "wim");
    member.update(Msg::Worker(FromWorker::Queue {
        rows,
        escalations,
        due: vec![],
    }));
    member.update(key(KeyCode::Char('a')));
    let screen = draw(&mut member, 100, 24);
    assert!(screen.contains(REASON), "{screen}");
    assert!(
        screen.contains("dismissed by lea: al besproken"),
        "{screen}"
    );
    // And no key to end it: that is a lead's.
    let f = footer(&screen);
    assert!(!f.contains(" · r ") && !f.contains(" · d "), "{f}");
}

#[test]
fn items_past_a_deadline_wait_in_a_leads_inbox_only() {
    let mut w = world("Jan");
    let rows = w.store.queue().unwrap();
    let late = DueFlags {
        item: w.ids[2],
        open_complaints: 0,
        overdue_complaints: 0,
        open_access_requests: 0,
        overdue_access_requests: 0,
        open_erasure_requests: 0,
        overdue_erasure_requests: 0,
        erasure_granted_undeleted: 0,
        erasure_delete_by: None,
        copies_outstanding: 0,
        retention_due: false,
        notification_due_by: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
        notification_overdue: true,
        exceptions_past_review: 0,
        next_due: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
    };
    for (user, shown) in [("lea", true), ("wim", false)] {
        for lang in [Lang::En, Lang::Nl] {
            let mut app = app_for(&mut w, user);
            app.lang = lang;
            app.update(Msg::Worker(FromWorker::Queue {
                rows: rows.clone(),
                escalations: vec![],
                due: vec![late.clone()],
            }));
            app.update(key(KeyCode::Char('a')));
            let screen = draw(&mut app, 80, 24);
            let due = lang.date(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
            let want = match lang {
                Lang::En => ["Past a deadline", "notification decision overdue"],
                Lang::Nl => ["Termijn verstreken", "besluit over informeren te laat"],
            };
            for t in want.iter().copied().chain([due.as_str()]) {
                assert_eq!(screen.contains(t), shown, "{user} {lang:?} {t}:\n{screen}");
            }
            if shown {
                // Only opening it is offered: the item screen says what to do.
                let f = footer(&screen);
                assert!(
                    f.contains(" · Enter ") && !f.contains(" · r ") && !f.contains(" · y "),
                    "{f}"
                );
                assert_eq!(
                    app.update(key(KeyCode::Enter)),
                    vec![Request::LoadDetail(w.ids[2])]
                );
            }
        }
    }
}

#[test]
fn the_cursor_stays_on_its_line_when_the_inbox_changes() {
    let mut w = world("Jan");
    let (mut app, first) = lead_with_an_escalation(&mut w, Lang::En);
    let second = w
        .store
        .escalate_for("wim", w.ids[1], "wie pakt dit op?", EscalationKind::Other)
        .unwrap();
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: w.store.escalations(None).unwrap(),
        due: vec![],
    }));
    app.update(key(KeyCode::Char('j')));
    assert!(matches!(app.selected_entry(), Some(Entry::Escalation(e)) if e.id == second));
    // The first is handled elsewhere: the cursor stays on the second.
    w.store.resolve_escalation("leo", first, None).unwrap();
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: w.store.escalations(None).unwrap(),
        due: vec![],
    }));
    assert!(matches!(app.selected_entry(), Some(Entry::Escalation(e)) if e.id == second));
    assert_eq!(app.inbox().len(), 1);
}
