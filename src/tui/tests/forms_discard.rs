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
    open_item(&mut app, w, user, w.ids[1]);
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
