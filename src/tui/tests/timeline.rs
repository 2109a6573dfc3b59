//! The item screen: its timeline shows one line per full playback (its merged ranges once it
//! ended), not one per range the log keeps every couple of seconds; and an open request to the
//! leads shows with who asked and why.

use super::*;
use crate::core::audit::Entry;

fn entry(seq: i64, action: &str, detail: serde_json::Value) -> Entry {
    Entry {
        seq,
        at: format!("2026-12-01T10:00:{seq:02}.000Z"),
        actor: "wim".into(),
        action: action.into(),
        item: Some(1),
        detail: detail.to_string(),
        prev: String::new(),
        hash: String::new(),
    }
}

fn heard(seq: i64, session: &str, from: u64, to: u64) -> Entry {
    entry(
        seq,
        "play.heard",
        serde_json::json!({"session": session, "from_ms": from, "to_ms": to, "sink": "null"}),
    )
}

#[test]
fn a_playback_is_one_line_once_ended_and_two_while_it_runs() {
    let start = |seq, s: &str| {
        entry(
            seq,
            "play.start",
            serde_json::json!({"session": s, "sink": "null"}),
        )
    };
    let t = vec![
        entry(1, "item.import", serde_json::json!({"case": "C-1"})),
        start(2, "a"),
        heard(3, "a", 0, 2000),
        heard(4, "a", 2000, 4000),
        heard(5, "a", 4000, 6000),
        entry(
            6,
            "play.end",
            serde_json::json!({"session": "a", "ranges_ms": [[0, 6000]], "heard_ms": 6000, "sink": "null"}),
        ),
        start(7, "b"),
        heard(8, "b", 10_000, 12_000),
        heard(9, "b", 12_000, 14_000),
        // A detail that does not read is shown as it is.
        entry(10, "play.heard", serde_json::json!("not an object")),
    ];
    let shown: Vec<i64> = crate::tui::ui::detail::session_lines(&t)
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(shown, vec![1, 6, 7, 9, 10]);
    assert_eq!(
        t[5].describe(Lang::En),
        "played in full (6.0 s heard): 0:00–0:06"
    );
    assert!(t[5].describe(Lang::Nl).starts_with("volledig afgespeeld"));
}

#[test]
fn the_item_shows_the_reason_of_an_open_request_to_the_leads() {
    let mut w = world("Jan");
    let id = w.ids[0];
    w.store
        .escalate_for(
            "wim",
            id,
            "vader stuurde 2 min audio, wil even meeluisteren",
            EscalationKind::Preview,
        )
        .unwrap();
    let mut app = app_for(&mut w, "lea");
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: w.store.escalations(None).unwrap(),
        due: vec![],
    }));
    open_item(&mut app, &mut w, "lea", id);
    let s = draw(&mut app, 120, 40);
    assert!(s.contains("Open requests to the leads"), "{s}");
    assert!(s.contains("wil even meeluisteren"), "{s}");
    assert!(s.contains("preview requested · wim"), "{s}");
    // Another item has none.
    let other = w.ids[1];
    open_item(&mut app, &mut w, "lea", other);
    assert!(!draw(&mut app, 120, 40).contains("Open requests"));
}

#[test]
fn tab_gives_the_timeline_the_keys_and_it_scrolls_and_says_where_it_is() {
    let mut w = world("Jan");
    let id = w.ids[0];
    for n in 0..30 {
        w.store
            .escalate_for("wim", id, &format!("vraag {n}"), EscalationKind::Other)
            .unwrap();
    }
    let mut app = app_for(&mut w, "lea");
    open_item(&mut app, &mut w, "lea", id);
    let total = w.store.audit_log(Some(id)).unwrap().len();
    // Not focused: the heading says how many and which key, and j scrolls the facts.
    let screen = draw(&mut app, 120, 35);
    assert!(
        screen.contains(&format!("Timeline ({total} Tab)")),
        "{screen}"
    );
    app.update(key(KeyCode::Char('j')));
    assert_eq!((app.detail_scroll, app.timeline_scroll), (1, 0));

    app.update(key(KeyCode::Tab));
    assert!(app.timeline_focus);
    let screen = draw(&mut app, 120, 35);
    assert!(screen.contains("▶ Timeline · 1–"), "{screen}");
    assert!(screen.contains(&format!("/{total}")), "{screen}");
    // Newest first: the last question at the top, the import out of view.
    assert!(screen.contains("escalated to the team leaders"), "{screen}");
    assert!(!screen.contains("received via"), "{screen}");
    for _ in 0..5 {
        app.update(key(KeyCode::Char('j')));
    }
    assert_eq!(app.timeline_scroll, 5);
    assert!(draw(&mut app, 120, 35).contains("▶ Timeline · 6–"));
    // To the end: the oldest entry, how it came in, is in view; the facts did not move.
    app.update(key(KeyCode::End));
    let screen = draw(&mut app, 120, 35);
    assert!(screen.contains("received via"), "{screen}");
    assert_eq!(app.timeline_scroll, total - 1);
    assert_eq!(app.detail_scroll, 1);
    app.update(key(KeyCode::Home));
    assert_eq!(app.timeline_scroll, 0);
    // Tab again: the facts have the keys back. Dutch too.
    app.update(key(KeyCode::Tab));
    assert!(!app.timeline_focus);
    app.lang = Lang::Nl;
    app.update(key(KeyCode::Tab));
    assert!(draw(&mut app, 80, 24).contains("▶ Tijdlijn · 1–"));
}

#[test]
fn the_checklist_gives_no_command_line_advice() {
    use crate::tui::ui::detail::for_the_screen;
    assert_eq!(
        for_the_screen("a team leader must supervise a preview (name one with --supervisor)"),
        "a team leader must supervise a preview"
    );
    assert_eq!(
        for_the_screen(
            "this needs a team leader's approval: ask a team leader and name them with --approved-by"
        ),
        "this needs a team leader's approval: ask a team leader"
    );
    assert_eq!(
        for_the_screen("waits (earshot team add NAME --role lead) and (a note) stays"),
        "waits and (a note) stays"
    );
    assert_eq!(for_the_screen("no (brackets"), "no (brackets");
    // On the item, in English: the missing supervisor, without the flag.
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    let screen = draw(&mut app, 120, 35);
    assert!(
        screen.contains("a team leader must supervise a preview"),
        "{screen}"
    );
    assert!(!screen.contains("--"), "{screen}");
}
