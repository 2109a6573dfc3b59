//! What the worker sends when the store changes under it: the items the log names, read
//! again alone, rather than the whole queue; the whole queue again after a change to the
//! settings. And the app takes in such a change without losing its place.

use super::approvals::run_worker;
use super::*;

fn changed(m: &FromWorker) -> Option<(Vec<i64>, Vec<crate::store::QueueRow>)> {
    match m {
        FromWorker::QueueChanged { items, rows, .. } => Some((items.clone(), rows.clone())),
        _ => None,
    }
}

#[test]
fn a_change_to_one_item_sends_that_item_and_not_the_whole_queue() {
    let mut w = world("Jan");
    let mut r = run_worker(w._dir.path(), "wim", Lang::En);
    let (_, first) = r.until(|m| match m {
        FromWorker::Queue { rows, .. } => Some(rows.clone()),
        _ => None,
    });
    assert_eq!(first.len(), 3);

    // Another session describes an item.
    let id = w.ids[2];
    let m = Metadata {
        sender: Some("Ria".into()),
        subjects: vec![Person {
            name: "Maria".into(),
            role: PersonRole::Parent,
        }],
        purpose: Some("wants the team to hear it".into()),
        ..Default::default()
    };
    w.store.describe("wim", id, &m).unwrap();
    let (seen, (items, rows)) = r.until(changed);
    assert!(
        !seen.iter().any(|m| matches!(m, FromWorker::Queue { .. })),
        "the whole queue was sent for one item"
    );
    assert_eq!(items, vec![id]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    assert_eq!(rows[0].stage, Stage::Described);
    assert_eq!(rows[0].sender.as_deref(), Some("Ria"));

    // The app: that row changes, the others stay, the selection stays on its item.
    let mut app = app_for(&mut w, "wim");
    app.selected = app
        .view
        .iter()
        .position(|&i| app.rows[i].id == w.ids[0])
        .unwrap();
    app.update(Msg::Worker(FromWorker::QueueChanged {
        items: items.clone(),
        rows,
        escalations: vec![],
        due: vec![],
    }));
    assert_eq!(app.rows.len(), 3);
    assert_eq!(app.selected_row().map(|r| r.id), Some(w.ids[0]));
    let shown = draw(&mut app, 120, 30);
    assert!(shown.contains("Ria"), "{shown}");

    // A new item arrives on its own too, and joins the app's queue.
    let req = ImportRequest {
        files: vec![fixture("voice.wav")],
        case: "C-9".into(),
        received_by: "wim".into(),
        channel: Channel::Whatsapp,
        from: None,
        received_at: None,
    };
    let new = w
        .store
        .import("wim", &req, &crate::audio::SymphoniaProber)
        .unwrap()[0]
        .id;
    let (seen, (items, rows)) = r.until(changed);
    assert!(!seen.iter().any(|m| matches!(m, FromWorker::Queue { .. })));
    assert_eq!(items, vec![new]);
    app.update(Msg::Worker(FromWorker::QueueChanged {
        items,
        rows,
        escalations: vec![],
        due: vec![],
    }));
    assert_eq!(app.rows.len(), 4);
    assert!(draw(&mut app, 120, 30).contains("C-9"));

    // A change to the settings changes every row: the whole queue comes.
    w.store.set_setting("lea", "preview_cap_s", "10").unwrap();
    let (_, rows) = r.until(|m| match m {
        FromWorker::Queue { rows, .. } => Some(rows.clone()),
        _ => None,
    });
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.preview_left_s <= 10.0));
    r.stop();
}

#[test]
fn the_queue_is_not_called_empty_before_it_has_arrived() {
    let mut w = world("Jan");
    let u = w.store.user("wim").unwrap();
    for (lang, loading, empty) in [
        (Lang::En, "Loading the queue…", "The queue is empty."),
        (
            Lang::Nl,
            "De wachtrij wordt geladen…",
            "De wachtrij is leeg.",
        ),
    ] {
        let mut app = App::new(u.clone(), lang, KeyMap::default());
        let screen = draw(&mut app, 100, 24);
        assert!(screen.contains(loading), "{screen}");
        assert!(!screen.contains(empty), "{screen}");
        app.update(Msg::Worker(FromWorker::Queue {
            rows: vec![],
            escalations: vec![],
            due: vec![],
        }));
        let screen = draw(&mut app, 100, 24);
        assert!(screen.contains(empty), "{screen}");
        assert!(!screen.contains(loading), "{screen}");
    }
    // With the queue there, its rows show.
    let mut app = app_for(&mut w, "wim");
    let screen = draw(&mut app, 100, 24);
    assert!(!screen.contains("Loading the queue"), "{screen}");
}
