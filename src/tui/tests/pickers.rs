//! `a` picks the member from the roster, `x` picks what is asked for before the reason is
//! typed: no free text where a typo would end in a refusal.

use super::*;

#[test]
fn the_assignee_comes_from_the_roster_with_the_current_one_marked() {
    let mut w = world("Jan");
    let id = w.ids[0];
    w.store.assign("lea", id, "leo").unwrap();
    let mut app = app_for(&mut w, "lea");
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: vec![],
        due: vec![],
    }));
    open_item(&mut app, &mut w, "lea", id);
    app.update(key(KeyCode::Char('a')));
    let screen = draw(&mut app, 100, 30);
    for t in ["lea (lead)", "leo (lead) ✓", "wim (worker)", "Enter takes"] {
        assert!(screen.contains(t), "{t}:\n{screen}");
    }
    // The current one is under the cursor; one down is wim.
    assert!(screen.lines().any(|l| l.contains("▶ leo")), "{screen}");
    app.update(key(KeyCode::Down));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Assign(id, "wim".into())]
    );
    assert!(app.picker.is_none());
    app.lang = Lang::Nl;
    app.update(key(KeyCode::Char('a')));
    assert!(draw(&mut app, 100, 30).contains("wim (medewerker)"));
    // Esc leaves it, nothing sent.
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.picker.is_none());
}

#[test]
fn what_a_request_asks_for_is_chosen_then_its_reason_typed() {
    let mut w = world("Jan");
    let id = w.ids[0];
    let mut app = app_for(&mut w, "wim");
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('x')));
    let screen = draw(&mut app, 100, 30);
    for t in [
        "a question for the team leaders",
        "supervising a preview",
        "approving an exception to notifying",
    ] {
        assert!(screen.contains(t), "{t}:\n{screen}");
    }
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.prompt.as_ref().unwrap().kind,
        PromptKind::Escalate(EscalationKind::Preview)
    );
    chars(&mut app, "vader wil meeluisteren");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Escalate(
            id,
            "vader wil meeluisteren".into(),
            EscalationKind::Preview
        )]
    );
    app.lang = Lang::Nl;
    app.update(key(KeyCode::Char('x')));
    assert!(draw(&mut app, 100, 30).contains("goedkeuren van een uitzondering op informeren"));
}
