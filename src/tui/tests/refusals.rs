//! A worker's attempts at what only a team leader may do reach the store, which refuses
//! them and logs the refusal; a preview that cannot be given is refused before any PIN is
//! asked; a message lasts until the next key press.

use super::*;

/// Runs requests through the real worker thread (null sink) and collects its answers until it
/// has replied (done or failed) `replies` times; then shuts it down, which drops the store.
fn through_the_worker(
    store: Store,
    user: &str,
    lang: Lang,
    requests: Vec<Request>,
    replies: usize,
) -> Vec<FromWorker> {
    let (req_tx, req_rx) = std::sync::mpsc::channel::<Request>();
    let (ev_tx, mut ev_rx) = tokio::sync::mpsc::unbounded_channel::<FromWorker>();
    let w = crate::tui::worker::Worker::new(store, user.into(), crate::session::Sink::Null, lang);
    let thread = std::thread::spawn(move || w.run(req_rx, ev_tx));
    for r in requests {
        req_tx.send(r).unwrap();
    }
    let mut answers = Vec::new();
    let mut seen = 0;
    while seen < replies {
        let m = ev_rx.blocking_recv().expect("the worker answers");
        if matches!(m, FromWorker::Done(_) | FromWorker::Failed(_)) {
            seen += 1;
        }
        answers.push(m);
    }
    req_tx.send(Request::Shutdown).unwrap();
    while let Some(m) = ev_rx.blocking_recv() {
        if matches!(m, FromWorker::Closed) {
            break;
        }
    }
    thread.join().unwrap();
    answers
}

/// The store's refusals for an item, as (actor, attempt, missing codes).
fn refusals_in_store(dir: &std::path::Path, id: i64) -> Vec<(String, String, serde_json::Value)> {
    let store = Store::open(
        &dir.join("s"),
        Some(&dir.join("k")),
        crate::store::system_clock(),
    )
    .unwrap();
    store
        .audit_log(Some(id))
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "refused")
        .map(|e| {
            let d: serde_json::Value = serde_json::from_str(&e.detail).unwrap();
            (
                e.actor,
                d["attempt"].as_str().unwrap().to_string(),
                d["missing"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_workers_assignment_reaches_the_store_which_refuses_and_logs_it() {
    let mut w = world("Jan");
    let id = w.ids[0];
    let mut app = app_for(&mut w, "wim");
    open_item(&mut app, &mut w, "wim", id);
    // The roster to choose from: leads first, wim last.
    app.update(key(KeyCode::Char('a')));
    app.update(key(KeyCode::End));
    let requests = app.update(key(KeyCode::Enter));
    assert_eq!(requests, vec![Request::Assign(id, "wim".into())]);

    let World {
        _dir: dir, store, ..
    } = w;
    let answers = through_the_worker(store, "wim", Lang::En, requests.clone(), 1);
    let failed = answers
        .into_iter()
        .find_map(|m| match m {
            FromWorker::Failed(t) => Some(t),
            _ => None,
        })
        .expect("the store refuses");
    assert!(
        failed.contains("only a team leader can assign items")
            && failed.contains("ask a team leader"),
        "{failed}"
    );
    app.update(Msg::Worker(FromWorker::Failed(failed.clone())));
    assert_eq!(app.status, Some((failed, true)));

    let logged = refusals_in_store(dir.path(), id);
    let one = (
        "wim".to_string(),
        "assign".to_string(),
        serde_json::json!(["lead_assigns"]),
    );
    assert_eq!(logged, vec![one.clone()]);

    // In Dutch, the gate's own sentence in Dutch; and logged again.
    let store = Store::open(
        &dir.path().join("s"),
        Some(&dir.path().join("k")),
        crate::store::system_clock(),
    )
    .unwrap();
    let answers = through_the_worker(store, "wim", Lang::Nl, requests, 1);
    assert!(
        answers.iter().any(|m| matches!(m,
            FromWorker::Failed(t) if t.starts_with("alleen een teamleider kan items toewijzen"))),
        "{answers:?}"
    );
    assert_eq!(refusals_in_store(dir.path(), id), vec![one.clone(), one]);
}

#[test]
fn no_pin_is_asked_for_a_preview_once_the_allowance_is_spent() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('p')));
    assert_eq!(app.screen, Screen::Player);
    // A preview just ended that used the rest of the allowance.
    app.update(Msg::Worker(FromWorker::Finished(crate::session::Outcome {
        item: id,
        kind: "preview",
        ranges_ms: vec![(0, 20_000)],
        heard_ms: 20_000,
        reason: crate::audio::FinishReason::Cap,
        sink: "null",
        preview_left_ms: Some(0),
    })));
    let reqs = app.update(key(KeyCode::Enter));
    assert!(reqs.is_empty());
    let p = app.player.as_ref().unwrap();
    assert!(
        !p.asking_pin,
        "a PIN was asked for a preview that cannot be given"
    );
    let (said, error) = app.status.clone().unwrap();
    assert!(error && said.contains("20"), "{said}");
    // With allowance left, the PIN is asked as before.
    app.update(Msg::Worker(FromWorker::Finished(crate::session::Outcome {
        item: id,
        kind: "preview",
        ranges_ms: vec![(0, 1_000)],
        heard_ms: 1_000,
        reason: crate::audio::FinishReason::Stopped,
        sink: "null",
        preview_left_ms: Some(19_000),
    })));
    app.update(key(KeyCode::Enter));
    assert!(app.player.as_ref().unwrap().asking_pin);
}

#[test]
fn a_message_ends_with_the_next_key_press() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    app.update(Msg::Worker(FromWorker::Failed(
        "wrong PIN for leo; nothing was done".into(),
    )));
    assert!(draw(&mut app, 100, 30).contains("wrong PIN"));
    app.update(key(KeyCode::Down));
    assert!(app.status.is_none());
    assert!(!draw(&mut app, 100, 30).contains("wrong PIN"));
    // A key whose own action says something keeps that.
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Enter));
    let (said, error) = app.status.clone().expect("full playback refused in words");
    assert!(error && !said.is_empty());
}

#[test]
fn a_refusal_too_long_for_its_line_opens_whole_in_a_box_until_the_next_key() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let long = "further use refused: the sender, the subjects and the purpose must be \
                recorded first (press m on the item), and every parent on the recording needs \
                a decision about notifying them (press n); ask a team leader if you are unsure";
    app.update(Msg::Worker(FromWorker::Failed(long.into())));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Not done"), "{screen}");
    assert!(screen.contains("Any key closes this."), "{screen}");
    // Every word of it is on the screen, in the box (the status line only starts it).
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in ["recorded", "notifying", "unsure"] {
        assert!(flat.contains(word), "{word}:\n{screen}");
    }
    assert!(
        screen.lines().any(|l| l.trim_end().ends_with('…')),
        "{screen}"
    );
    // The next key closes it.
    app.update(key(KeyCode::Char('j')));
    assert!(!draw(&mut app, 80, 24).contains("Not done"));
    // A short one stays on its line, no box; nor is a long confirmation boxed.
    app.update(Msg::Worker(FromWorker::Failed(
        "refused: nothing typed".into(),
    )));
    assert!(!draw(&mut app, 80, 24).contains("Not done"));
    app.update(Msg::Worker(FromWorker::Done(
        long.replace("refused", "noted"),
    )));
    assert!(!draw(&mut app, 80, 24).contains("Not done"));
    app.lang = Lang::Nl;
    app.update(Msg::Worker(FromWorker::Failed(long.into())));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Niet gedaan") && screen.contains("Een toets sluit dit."));
}

#[test]
fn a_screen_too_small_while_sound_plays_says_what_plays_and_how_to_stop_it() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[1];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    app.update(Msg::Worker(FromWorker::Player(crate::session::Status {
        item: id,
        pos_ms: 1200,
        from_ms: 0,
        until_ms: 3800,
        duration_ms: 3800,
        paused: false,
        preview: false,
    })));
    let screen = draw(&mut app, 50, 12);
    assert!(
        screen.contains(&format!("Item {id} is playing (0:01)")),
        "{screen}"
    );
    assert!(screen.contains("s stops it"), "{screen}");
    assert!(screen.contains("too small"), "{screen}");
    // And the key does what it says, however small the screen.
    assert_eq!(app.update(key(KeyCode::Char('s'))), vec![Request::Stop]);
    app.lang = Lang::Nl;
    assert!(draw(&mut app, 50, 12).contains("speelt (0:01); s stopt"));
    // Nothing playing: only that the screen is too small.
    let mut idle = app_for(&mut w, "wim");
    assert!(!draw(&mut idle, 50, 12).contains("playing"));
}

#[test]
fn an_item_that_cannot_be_opened_is_said_in_the_users_language() {
    let w = world("Jan");
    let World {
        _dir: dir, store, ..
    } = w;
    drop(store);
    let open = || {
        Store::open(
            &dir.path().join("s"),
            Some(&dir.path().join("k")),
            crate::store::system_clock(),
        )
        .unwrap()
    };
    for (lang, said) in [
        (Lang::Nl, "er is geen item 999 in deze opslag"),
        (Lang::En, "no item 999"),
    ] {
        let answers = through_the_worker(open(), "wim", lang, vec![Request::LoadDetail(999)], 1);
        assert!(
            answers
                .iter()
                .any(|m| matches!(m, FromWorker::Failed(t) if t.contains(said))),
            "{lang:?}: {answers:?}"
        );
    }
}
