//! Listening that responds: steps of 1 s and 10 s add up before the player has caught up, and
//! work while paused; a time can be typed; a preview starts at any second.

use super::*;
use crate::tui::app::parse_time;

fn status(id: i64, pos_ms: u64, paused: bool) -> crate::session::Status {
    crate::session::Status {
        item: id,
        pos_ms,
        from_ms: 0,
        until_ms: 3800,
        duration_ms: 3800,
        paused,
        preview: false,
    }
}

/// wim on the player of the described item, full playback running at `pos_ms`.
fn playing(w: &mut World, pos_ms: u64, paused: bool) -> (App, i64) {
    let mut app = app_for(w, "wim");
    let id = w.ids[1];
    open_item(&mut app, w, "wim", id);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Player);
    app.update(key(KeyCode::Enter));
    app.update(Msg::Worker(FromWorker::Player(status(id, pos_ms, paused))));
    (app, id)
}

#[test]
fn steps_add_up_before_the_player_reports_and_work_while_paused() {
    let mut w = world("Jan");
    let (mut app, id) = playing(&mut w, 500, true);
    // Three presses before any new position: each goes on from the last.
    assert_eq!(app.update(key(KeyCode::Right)), vec![Request::Seek(1500)]);
    assert_eq!(app.update(key(KeyCode::Right)), vec![Request::Seek(2500)]);
    assert_eq!(app.update(key(KeyCode::Left)), vec![Request::Seek(1500)]);
    // Paused, the screen shows where it will go on from.
    let screen = draw(&mut app, 100, 30);
    let line = screen
        .lines()
        .find(|l| l.contains("paused"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("0:01"), "{line}");
    // A long step, within the recording.
    assert_eq!(
        app.update(key(KeyCode::PageDown)),
        vec![Request::Seek(3799)]
    );
    assert_eq!(app.update(key(KeyCode::PageUp)), vec![Request::Seek(0)]);
    // A report from before the move does not undo it; the one that lands ends it.
    app.update(Msg::Worker(FromWorker::Player(status(id, 500, true))));
    assert_eq!(app.player.as_ref().unwrap().seek_to, Some(0));
    app.update(Msg::Worker(FromWorker::Player(status(id, 0, false))));
    assert_eq!(app.player.as_ref().unwrap().seek_to, None);
    assert_eq!(app.update(key(KeyCode::Right)), vec![Request::Seek(1000)]);
}

#[test]
fn a_time_can_be_typed() {
    let mut w = world("Jan");
    let (mut app, _) = playing(&mut w, 0, false);
    app.update(key(KeyCode::Char(':')));
    assert_eq!(app.prompt.as_ref().unwrap().kind, PromptKind::SeekTo);
    assert!(draw(&mut app, 100, 30).contains("To what time?"));
    chars(&mut app, "0:03");
    assert_eq!(app.update(key(KeyCode::Enter)), vec![Request::Seek(3000)]);
    // Past the end, or not a time: said, nothing sent.
    for bad in ["9:99", "1:00", "abc", "1::2"] {
        app.update(key(KeyCode::Char(':')));
        chars(&mut app, bad);
        assert!(app.update(key(KeyCode::Enter)).is_empty(), "{bad}");
        let (msg, err) = app.status.clone().unwrap();
        assert!(
            err && msg.contains("is not a time in this recording"),
            "{msg}"
        );
    }
    app.lang = Lang::Nl;
    app.update(key(KeyCode::Char(':')));
    chars(&mut app, "x");
    app.update(key(KeyCode::Enter));
    assert!(
        app.status
            .clone()
            .unwrap()
            .0
            .contains("is geen tijd in deze opname")
    );
}

#[test]
fn a_preview_starts_at_any_second() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('p')));
    assert_eq!(app.screen, Screen::Player);
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Right));
    assert_eq!(app.player.as_ref().unwrap().offset_ms, 2000);
    app.update(key(KeyCode::Char(':')));
    chars(&mut app, "1");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert_eq!(app.player.as_ref().unwrap().offset_ms, 1000);
    assert!(draw(&mut app, 100, 30).contains("0:01"));
}

#[test]
fn times_are_read_as_seconds_minutes_or_hours() {
    assert_eq!(parse_time("65"), Some(65_000));
    assert_eq!(parse_time(" 1:05 "), Some(65_000));
    assert_eq!(parse_time("1:02:03"), Some(3_723_000));
    assert_eq!(parse_time("0:00"), Some(0));
    for bad in [
        "",
        ":",
        "1:",
        "1:60",
        "1:2:3:4",
        "-1",
        "1.5",
        "99999999999999999999",
    ] {
        assert_eq!(parse_time(bad), None, "{bad}");
    }
}
