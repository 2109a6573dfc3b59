//! The metadata form: prefilled with what intake knows, and Esc on a changed form asks first.

use super::*;

fn item_from_a_chat(w: &mut World, app: &mut App, from: &str) -> i64 {
    let id = w.ids[0];
    let FromWorker::Detail(mut d) = detail(w, "wim", id) else {
        unreachable!()
    };
    d.view.from = Some(from.into());
    app.update(key(KeyCode::Esc));
    app.update(Msg::Worker(FromWorker::Detail(d)));
    app.screen = Screen::Detail;
    id
}

#[test]
fn the_form_starts_from_the_chat_name_and_esc_asks_before_losing_changes() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    item_from_a_chat(&mut w, &mut app, "Moeder Jansen");
    app.update(key(KeyCode::Char('m')));
    assert_eq!(app.screen, Screen::Form);
    assert_eq!(app.form.as_ref().unwrap().sender, "Moeder Jansen");
    // Nothing changed: Esc closes at once.
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);

    // Something typed: the first Esc asks, the form stays with what was typed.
    app.update(key(KeyCode::Char('m')));
    chars(&mut app, "x");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Form);
    assert!(app.form.as_ref().unwrap().sender.ends_with('x'));
    let s = draw(&mut app, 100, 30);
    assert!(s.contains("Esc again discards"), "{s}");
    // Another key first: the question lapses, and Esc asks again.
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Form);
    // The second Esc in a row discards.
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);
    assert!(app.form.is_none());
}

/// The notification form of the described item (`w.ids[1]`), opened as `user`.
fn notify_form(
    w: &mut World,
    user: &str,
    escalations: Vec<crate::store::triage::EscalationView>,
) -> App {
    let mut app = app_for(w, user);
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations,
        due: vec![],
    }));
    let id = w.ids[1];
    open_item(&mut app, w, user, id);
    app.update(key(KeyCode::Char('n')));
    assert_eq!(app.screen, Screen::Notify);
    app
}

#[test]
fn the_notification_form_asks_before_losing_what_was_chosen() {
    let mut w = world("Jan");
    let mut app = notify_form(&mut w, "wim", vec![]);
    // Nothing changed: Esc closes at once.
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);
    // A channel typed: the first Esc asks and keeps it, the second discards.
    app.update(key(KeyCode::Char('n')));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    chars(&mut app, "-post");
    assert_eq!(app.notify.as_ref().unwrap().channel, "letter-post");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Notify);
    assert!(draw(&mut app, 100, 30).contains("Esc again discards"));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);
    assert!(app.notify.is_none());
}

#[test]
fn a_members_request_for_an_exception_fills_the_leads_form() {
    let mut w = world("Jan");
    let why = "moeder is nu met de kinderen op de vlucht voor vader";
    w.store
        .escalate_for("wim", w.ids[1], why, EscalationKind::Exception)
        .unwrap();
    let asked = w.store.escalations(None).unwrap();
    let app = notify_form(&mut w, "lea", asked);
    let n = app.notify.as_ref().unwrap();
    assert!(n.exception);
    assert_eq!(n.reason, why);
    // Without such a request the form starts empty, on notifying.
    let mut w = world("Jan");
    let app = notify_form(&mut w, "lea", vec![]);
    let n = app.notify.as_ref().unwrap();
    assert!(!n.exception && n.reason.is_empty());
}

#[test]
fn text_fields_edit_at_a_cursor_and_the_role_has_its_own_control() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('m')));
    let form = |app: &App| app.form.clone().unwrap();
    // `Jn`, ← then `a`: Jan (the role does not change: it is a field of its own).
    chars(&mut app, "Jn");
    app.update(key(KeyCode::Left));
    chars(&mut app, "a");
    assert_eq!(form(&app).sender, "Jan");
    app.update(key(KeyCode::Home));
    chars(&mut app, "Dr ");
    app.update(key(KeyCode::End));
    chars(&mut app, "sen");
    assert_eq!(form(&app).sender, "Dr Jansen");
    app.update(key(KeyCode::Home));
    app.update(key(KeyCode::Delete));
    app.update(key(KeyCode::Delete));
    app.update(key(KeyCode::Delete));
    assert_eq!(form(&app).sender, "Jansen");
    // The cursor shows where typing goes, on the screen and in the terminal.
    app.update(key(KeyCode::Right));
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("J▏ansen"), "{screen}");
    // A name: ←/→ move in it; the role is chosen on its own line.
    app.update(key(KeyCode::Tab));
    chars(&mut app, "Mria");
    app.update(key(KeyCode::Home));
    app.update(key(KeyCode::Right));
    chars(&mut app, "a");
    assert_eq!(form(&app).new_name, "Maria");
    assert_eq!(form(&app).new_role, 0);
    app.update(key(KeyCode::Enter));
    assert_eq!(form(&app).focus, 2);
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Left));
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("◀ other ▶"), "{screen}");
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Enter));
    assert_eq!(form(&app).subjects[0].name, "Maria");
    assert_eq!(form(&app).subjects[0].role, PersonRole::Parent);
    assert_eq!(form(&app).focus, 1, "back on the name, for the next one");
    // The legal basis: chosen from the list with ←/→, or typed and then edited like text.
    app.update(key(KeyCode::Enter));
    for _ in 0..2 {
        app.update(key(KeyCode::Tab));
    }
    assert_eq!(form(&app).focus, 6);
    app.update(key(KeyCode::Right));
    assert_eq!(form(&app).legal_basis, LEGAL_BASES[0]);
    app.update(key(KeyCode::Right));
    assert_eq!(form(&app).legal_basis, LEGAL_BASES[1]);
    chars(&mut app, "!");
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Left));
    chars(&mut app, "x");
    assert!(
        form(&app).legal_basis.ends_with("taakx)!"),
        "{}",
        form(&app).legal_basis
    );
}

#[test]
fn the_notification_forms_fields_edit_at_a_cursor_too() {
    let mut w = world("Jan");
    let mut app = notify_form(&mut w, "wim", vec![]);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    // "letter" → "brief letter" at the start, then a word in the middle.
    app.update(key(KeyCode::Home));
    chars(&mut app, "brief ");
    assert_eq!(app.notify.as_ref().unwrap().channel, "brief letter");
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Backspace));
    assert_eq!(app.notify.as_ref().unwrap().channel, "brie letter");
    assert!(draw(&mut app, 100, 30).contains("brie▏ letter"));
}
