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
