//! Finding an item: by the names of the people on it, new arrivals marked until opened, and
//! the metadata form starting from what intake knows (when and how it came in, under which
//! name).

use super::*;

#[test]
fn search_finds_an_item_by_a_subjects_name() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    // The described item has Maria and Sam on it; the others have no subjects yet.
    app.update(key(KeyCode::Char('/')));
    chars(&mut app, "sam");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.view.len(), 1);
    assert_eq!(app.selected_row().unwrap().id, w.ids[1]);
}

#[test]
fn an_item_that_came_in_since_is_new_until_opened() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let rows_marked = |screen: &str| {
        screen
            .lines()
            .filter(|l| l.contains(" C-") && l.contains("new"))
            .count()
    };
    assert_eq!(rows_marked(&draw(&mut app, 120, 30)), 0);
    // Another member imports one: it arrives marked.
    let req = crate::store::ImportRequest {
        files: vec![fixture("voice.flac")],
        case: "C-9".into(),
        received_by: "wim".into(),
        channel: Channel::Email,
        from: None,
        received_at: None,
    };
    let id = w
        .store
        .import("wim", &req, &crate::audio::SymphoniaProber)
        .unwrap()[0]
        .id;
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: vec![],
        due: vec![],
    }));
    assert!(app.is_new(id));
    let screen = draw(&mut app, 120, 30);
    let row = screen.lines().find(|l| l.contains(" C-9 ")).unwrap();
    assert!(row.contains("new"), "{row}");
    assert_eq!(rows_marked(&screen), 1, "{screen}");
    app.lang = Lang::Nl;
    assert!(draw(&mut app, 120, 30).contains("nieuw"));
    // Opened, it is no longer new.
    app.update(key(KeyCode::Char(':')));
    chars(&mut app, &id.to_string());
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::LoadDetail(id)]
    );
    assert!(!app.is_new(id));
}

#[test]
fn the_form_says_when_and_how_the_item_came_in() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    let FromWorker::Detail(mut d) = detail(&mut w, "wim", id) else {
        unreachable!()
    };
    d.view.from = Some("Moeder Jansen".into());
    app.update(Msg::Worker(FromWorker::Detail(d)));
    app.screen = Screen::Detail;
    app.update(key(KeyCode::Char('m')));
    let screen = draw(&mut app, 100, 30);
    let line = screen
        .lines()
        .find(|l| l.contains("Received"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        line.contains("whatsapp") && line.contains("as Moeder Jansen"),
        "{line}"
    );
}
