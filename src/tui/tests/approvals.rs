//! Four eyes and approvals from a lead's own session in the TUI: a lead's preview is
//! supervised by another lead, a lead's inbox answers requests, and a worker's preview waits
//! for a lead's approval instead of their PIN.

use super::*;
use crate::store::ApprovalView;

/// The worker thread on its own connection to `w`'s store, for requests and answers.
pub(super) struct Running {
    pub(super) tx: std::sync::mpsc::Sender<Request>,
    rx: tokio::sync::mpsc::UnboundedReceiver<FromWorker>,
    thread: std::thread::JoinHandle<()>,
}

fn open_store(dir: &std::path::Path) -> Store {
    Store::open(
        &dir.join("s"),
        Some(&dir.join("k")),
        crate::store::system_clock(),
    )
    .unwrap()
}

pub(super) fn run_worker(dir: &std::path::Path, user: &str, lang: Lang) -> Running {
    let (tx, req_rx) = std::sync::mpsc::channel::<Request>();
    let (ev_tx, rx) = tokio::sync::mpsc::unbounded_channel::<FromWorker>();
    let w = crate::tui::worker::Worker::new(
        open_store(dir),
        user.into(),
        crate::session::Sink::Null,
        lang,
    );
    let thread = std::thread::spawn(move || w.run(req_rx, ev_tx));
    Running { tx, rx, thread }
}

impl Running {
    /// The worker's messages until `want` picks one out (the others are returned before it).
    pub(super) fn until<T>(
        &mut self,
        mut want: impl FnMut(&FromWorker) -> Option<T>,
    ) -> (Vec<FromWorker>, T) {
        let mut seen = Vec::new();
        loop {
            let m = self.rx.blocking_recv().expect("the worker answers");
            if let Some(t) = want(&m) {
                return (seen, t);
            }
            seen.push(m);
        }
    }

    pub(super) fn stop(mut self) {
        self.tx.send(Request::Shutdown).unwrap();
        self.until(|m| matches!(m, FromWorker::Closed).then_some(()));
        self.thread.join().unwrap();
    }
}

fn answered(m: &FromWorker) -> Option<ApprovalView> {
    match m {
        FromWorker::Answered(v) => Some((**v).clone()),
        _ => None,
    }
}

/// A lead's app with one pending preview request from wim in its inbox.
fn lead_with_a_request(w: &mut World, lang: Lang) -> (App, ApprovalView) {
    let ask = crate::store::Ask::Preview {
        item: w.ids[0],
        from_ms: 0,
        want_ms: Some(4000),
    };
    let v = w
        .store
        .request_approval("wim", &ask, Some("lea"), 300)
        .unwrap();
    let mut app = app_for(w, "lea");
    app.lang = lang;
    app.update(Msg::Worker(FromWorker::Approvals(
        w.store.pending_approvals("lea").unwrap(),
    )));
    (app, v)
}

#[test]
fn the_only_lead_is_told_about_four_eyes_before_being_asked_anything() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    // The roster as if leo were not a lead: lea is the only one.
    app.team.retain(|(u, _)| u.name != "leo");
    let item = w.ids[0];
    open_item(&mut app, &mut w, "lea", item);
    app.update(key(KeyCode::Char('p')));
    assert_eq!(app.screen, Screen::Detail, "no player, no PIN asked");
    let (msg, err) = app.status.clone().unwrap();
    assert!(err && msg.contains("only team leader"), "{msg}");
    // The same sentence in Dutch, and for an exception on the notification form.
    app.lang = Lang::Nl;
    app.update(key(KeyCode::Char('p')));
    let (msg, _) = app.status.clone().unwrap();
    assert!(msg.contains("enige teamleider"), "{msg}");
    let item = w.ids[1];
    open_item(&mut app, &mut w, "lea", item);
    app.update(key(KeyCode::Char('n')));
    app.update(key(KeyCode::F(3)));
    let save = Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.update(save).is_empty());
    let e = app.notify.as_ref().unwrap().error.clone().unwrap();
    assert!(e.contains("enige teamleider"), "{e}");
}

#[test]
fn the_notification_form_needs_a_pin_for_another_leads_exception() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[1];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('n')));
    assert_eq!(app.screen, Screen::Notify);
    let n = app.notify.clone().unwrap();
    // Every subject but the sender: the child too.
    assert_eq!(
        n.parents,
        vec![("Maria".to_string(), None), ("Sam".to_string(), None)]
    );
    // Notified: channel and date (today) prefilled; Ctrl-S saves.
    let reqs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(
        matches!(&reqs[..], [Request::Notify(i, s, NotifyDecisionReq::Notified { channel, .. })] if *i == id && s == "Maria" && channel == "letter"),
        "{reqs:?}"
    );
    // Exception: reason, ground, review date, lead, PIN.
    app.update(key(KeyCode::F(3)));
    assert!(app.notify.as_ref().unwrap().exception);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    chars(&mut app, "safety");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right)); // veilig-thuis
    let screen = draw(&mut app, 100, 24);
    assert!(screen.contains("◀ veilig-thuis ▶"), "{screen}");
    // The review date is proposed three months ahead; one that does not read is refused.
    let proposed = (app.now.date_naive() + chrono::Days::new(91)).to_string();
    assert!(screen.contains(&proposed), "{screen}");
    app.update(key(KeyCode::Tab));
    for _ in 0..proposed.len() {
        app.update(key(KeyCode::Backspace));
    }
    chars(&mut app, "2027-13-45");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right)); // leo
    chars(&mut app, "654321");
    let save = || Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.update(save()).is_empty());
    let e = app.notify.as_ref().unwrap().error.clone().unwrap();
    assert!(e.contains("not a date"), "{e}");
    for _ in 0.."2027-13-45".len() {
        app.update(key(KeyCode::Backspace));
    }
    let review = (app.now.date_naive() + chrono::Days::new(30)).to_string();
    chars(&mut app, &review);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    for _ in 0..6 {
        app.update(key(KeyCode::Backspace)); // the PIN, typed again below
    }
    let reqs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(reqs.is_empty());
    assert!(
        app.notify
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("PIN")
    );
    chars(&mut app, "654321");
    let reqs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(
        reqs,
        vec![Request::Notify(
            id,
            "Maria".into(),
            NotifyDecisionReq::Exception {
                reason: "safety".into(),
                approved_by: "leo".into(),
                ground: crate::core::model::ExceptionGround::VeiligThuis,
                review_on: review.parse().unwrap(),
                pin: Some("654321".into())
            }
        )]
    );
}

#[test]
fn a_leads_exception_is_approved_by_another_lead() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    let item = w.ids[1];
    open_item(&mut app, &mut w, "lea", item);
    app.update(key(KeyCode::Char('n')));
    app.update(key(KeyCode::F(3)));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("◀ leo ▶"), "{screen}");
    assert!(screen.contains("◀ meldcode ▶"), "{screen}");
    for _ in 0..2 {
        app.update(key(KeyCode::Tab));
    }
    chars(&mut app, "safety");
    let save = || Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.update(save()).is_empty(), "leo's PIN first");
    assert_eq!(app.notify.as_ref().unwrap().focus, 6, "on the PIN");
    chars(&mut app, "654321");
    let reqs = app.update(save());
    assert!(
        matches!(&reqs[..], [Request::Notify(_, _, NotifyDecisionReq::Exception { approved_by, pin: Some(_), .. })] if approved_by == "leo"),
        "{reqs:?}"
    );
}

#[test]
fn a_lead_opens_the_inbox_with_one_key_and_approves_or_declines() {
    let mut w = world("Jan");
    let (mut app, v) = lead_with_a_request(&mut w, Lang::En);
    assert!(draw(&mut app, 80, 24).contains("[1 to approve]"));
    app.update(key(KeyCode::Char('a')));
    assert_eq!(app.screen, Screen::Approvals);
    assert_eq!(
        app.update(key(KeyCode::Char('y'))),
        vec![Request::Approve(v.id)]
    );
    // Declining asks why; nothing typed, nothing sent; Esc goes back to the queue.
    app.update(key(KeyCode::Char('n')));
    assert_eq!(app.prompt.as_ref().unwrap().kind, PromptKind::Decline(v.id));
    assert!(draw(&mut app, 80, 24).contains("Decline: why?"));
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.status.as_ref().unwrap().1);
    app.update(key(KeyCode::Char('n')));
    chars(&mut app, "not now");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Decline(v.id, "not now".into())]
    );
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Queue);
}

#[test]
fn the_inbox_draws_who_asks_what_and_how_long_ago_in_both_languages() {
    for (lang, want) in [
        (
            Lang::En,
            [
                "Approval requests",
                "Asked by",
                "preview from 0:00 for 4.0 s",
                "wim",
            ],
        ),
        (
            Lang::Nl,
            [
                "Akkoordverzoeken",
                "Gevraagd door",
                "fragment vanaf 0:00, 4,0 s",
                "wim",
            ],
        ),
    ] {
        for (wd, ht) in [(80u16, 24u16), (120, 35)] {
            let mut w = world("Jan");
            let (mut app, v) = lead_with_a_request(&mut w, lang);
            app.update(key(KeyCode::Char('a')));
            let screen = draw(&mut app, wd, ht);
            for t in want {
                assert!(
                    screen.contains(t),
                    "{lang:?} {wd}x{ht} lacks {t}:\n{screen}"
                );
            }
            let row = screen
                .lines()
                .find(|l| l.contains('▶'))
                .unwrap_or_else(|| panic!("no selected row:\n{screen}"));
            assert!(
                row.contains(&v.id.to_string()) && row.contains(" s"),
                "{row}"
            );
            // The footer offers approve and decline.
            let footer = screen.lines().last().unwrap();
            assert!(footer.contains("y ") && footer.contains("n "), "{footer}");
        }
    }
    // Empty: it says so, in the user's words.
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    app.update(key(KeyCode::Char('a')));
    assert!(draw(&mut app, 80, 24).contains("Nothing waits for a team leader."));
    app.lang = Lang::Nl;
    assert!(draw(&mut app, 80, 24).contains("Er wacht niets op een teamleider."));
}

#[test]
fn the_approvals_key_is_in_a_leads_footer_and_everyones_help() {
    let mut w = world("Jan");
    let mut lead = app_for(&mut w, "lea");
    let mut worker = app_for(&mut w, "wim");
    let footer = |s: String| s.lines().last().unwrap().to_string();
    assert!(
        footer(draw(&mut lead, 120, 35)).contains("Enter open item · a inbox (leads) · / search")
    );
    assert!(!footer(draw(&mut worker, 120, 35)).contains("approval"));
    worker.update(key(KeyCode::Char('?')));
    assert!(draw(&mut worker, 80, 24).contains("inbox (leads)"));
    // A worker who opens it anyway sees their own requests, and who can answer them.
    worker.update(key(KeyCode::Esc));
    worker.update(key(KeyCode::Char('a')));
    let screen = draw(&mut worker, 80, 24);
    assert!(screen.contains("Only a team leader can answer"), "{screen}");
    assert!(screen.contains("You have no requests waiting."), "{screen}");
}

#[test]
fn a_worker_asks_for_approval_instead_of_a_pin_and_waits() {
    let mut w = world("Jan");
    let id = w.ids[0];
    let mut app = app_for(&mut w, "wim");
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('p')));
    // Enter asks for lea's PIN; the line under it offers the request instead.
    app.update(key(KeyCode::Enter));
    assert!(draw(&mut app, 80, 24).contains("ask for their approval"));
    app.update(key(KeyCode::Esc));
    assert!(!app.player.as_ref().unwrap().asking_pin);
    let reqs = app.update(key(KeyCode::Char('a')));
    assert_eq!(
        reqs,
        vec![Request::AskPreview {
            item: id,
            from_ms: 0,
            seconds: DEFAULT_PREVIEW_S,
            lead: "lea".into()
        }]
    );
    // While it waits: the terms stand, Enter starts nothing, Esc withdraws.
    for c in [
        KeyCode::Right,
        KeyCode::Char('+'),
        KeyCode::Tab,
        KeyCode::Enter,
    ] {
        assert!(app.update(key(c)).is_empty(), "{c:?}");
    }
    assert_eq!(app.player.as_ref().unwrap().offset_ms, 0);
    let v = w
        .store
        .request_approval(
            "wim",
            &crate::store::Ask::Preview {
                item: id,
                from_ms: 0,
                want_ms: Some(DEFAULT_PREVIEW_S * 1000),
            },
            Some("lea"),
            300,
        )
        .unwrap();
    app.update(Msg::Worker(FromWorker::Asked(Box::new(v.clone()))));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains(&format!("Waiting for lea's approval (request {})", v.id)),
        "{screen}"
    );
    app.lang = Lang::Nl;
    let screen = draw(&mut app, 120, 35);
    assert!(
        screen.contains(&format!("Wacht op akkoord van lea (verzoek {})", v.id)),
        "{screen}"
    );
    app.lang = Lang::En;
    assert_eq!(app.update(key(KeyCode::Esc)), vec![Request::Withdraw]);
    // Declined: the reason shows, and the player can ask again.
    let declined = w
        .store
        .decline("lea", v.id, "listen together at 3")
        .unwrap();
    app.update(Msg::Worker(FromWorker::Answered(Box::new(declined))));
    let p = app.player.as_ref().unwrap();
    assert!(p.waiting.is_none() && !p.running);
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("lea declined the request: listen together at 3"),
        "{screen}"
    );
    assert_eq!(app.update(key(KeyCode::Char('a'))).len(), 1);
    // Approved: the preview is starting.
    let mut approved = w.store.approval(v.id).unwrap();
    approved.status = "approved".into();
    approved.decided_by = Some("lea".into());
    app.update(Msg::Worker(FromWorker::Answered(Box::new(approved))));
    assert!(app.player.as_ref().unwrap().running);
    assert!(app.status.as_ref().unwrap().0.contains("lea approved"));
}

#[test]
fn a_request_the_store_refuses_ends_the_wait_with_its_reason() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let item = w.ids[0];
    open_item(&mut app, &mut w, "wim", item);
    app.update(key(KeyCode::Char('p')));
    app.update(key(KeyCode::Char('a')));
    assert!(app.player.as_ref().unwrap().waiting.is_some());
    app.update(Msg::Worker(FromWorker::Failed("refused".into())));
    assert!(app.player.as_ref().unwrap().waiting.is_none());
}

#[test]
fn through_the_worker_a_preview_waits_for_the_leads_approval_then_plays() {
    let w = world("Jan");
    let id = w.ids[0];
    let dir = w._dir.path().to_path_buf();
    let mut lead = open_store(&dir);
    let mut wim = run_worker(&dir, "wim", Lang::En);
    wim.tx
        .send(Request::AskPreview {
            item: id,
            from_ms: 0,
            seconds: 1,
            lead: "lea".into(),
        })
        .unwrap();
    let (_, asked) = wim.until(|m| match m {
        FromWorker::Asked(v) => Some(v.id),
        _ => None,
    });
    // The lead sees it in their inbox and approves from their own session.
    let inbox = lead.pending_approvals("lea").unwrap();
    assert_eq!(inbox.iter().map(|a| a.id).collect::<Vec<_>>(), vec![asked]);
    lead.approve("lea", asked).unwrap();
    let (_, v) = wim.until(answered);
    assert_eq!(v.status, "approved");
    let (_, st) = wim.until(|m| match m {
        FromWorker::Player(st) => Some(*st),
        _ => None,
    });
    assert!(st.preview && st.item == id);
    wim.stop();
    let log = lead.audit_log(Some(id)).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in ["approval.request", "approval.approve", "approval.use"] {
        assert!(actions.contains(&a), "{a} not in {actions:?}");
    }
}

#[test]
fn through_the_worker_a_decline_shows_the_reason_and_esc_withdraws() {
    let w = world("Jan");
    let id = w.ids[0];
    let dir = w._dir.path().to_path_buf();
    let mut lead = open_store(&dir);
    let mut wim = run_worker(&dir, "wim", Lang::En);
    let ask = Request::AskPreview {
        item: id,
        from_ms: 0,
        seconds: 1,
        lead: "leo".into(),
    };
    wim.tx.send(ask.clone()).unwrap();
    let (_, first) = wim.until(|m| match m {
        FromWorker::Asked(v) => Some(v.id),
        _ => None,
    });
    lead.decline("leo", first, "not this one").unwrap();
    let (_, v) = wim.until(answered);
    assert_eq!(
        (v.status.as_str(), v.declined_because.as_deref()),
        ("declined", Some("not this one"))
    );
    wim.tx.send(ask).unwrap();
    wim.until(|m| matches!(m, FromWorker::Asked(_)).then_some(()));
    wim.tx.send(Request::Withdraw).unwrap();
    let (_, v) = wim.until(answered);
    assert_eq!(v.status, "withdrawn");
    assert!(lead.pending_approvals("leo").unwrap().is_empty());
    wim.stop();
}

#[test]
fn through_the_worker_a_lead_answers_from_the_inbox_and_the_leads_own_request_is_refused() {
    let mut w = world("Jan");
    let id = w.ids[0];
    let ask = crate::store::Ask::Preview {
        item: id,
        from_ms: 0,
        want_ms: Some(1000),
    };
    let r = w
        .store
        .request_approval("wim", &ask, Some("lea"), 300)
        .unwrap()
        .id;
    let dir = w._dir.path().to_path_buf();
    let mut lea = run_worker(&dir, "lea", Lang::En);
    // The inbox arrives by itself when the worker starts.
    let (_, list) = lea.until(|m| match m {
        FromWorker::Approvals(l) => Some(l.clone()),
        _ => None,
    });
    assert_eq!(list.iter().map(|a| a.id).collect::<Vec<_>>(), vec![r]);
    lea.tx.send(Request::Approve(r)).unwrap();
    let (_, done) = lea.until(|m| match m {
        FromWorker::Done(t) => Some(t.clone()),
        FromWorker::Failed(t) => panic!("{t}"),
        _ => None,
    });
    assert_eq!(done, format!("Request {r} approved for wim."));
    let (_, list) = lea.until(|m| match m {
        FromWorker::Approvals(l) => Some(l.len()),
        _ => None,
    });
    assert_eq!(list, 0);
    // Four eyes: lea asking herself is refused when filed, with the gate's sentence.
    lea.tx
        .send(Request::AskPreview {
            item: id,
            from_ms: 0,
            seconds: 1,
            lead: "lea".into(),
        })
        .unwrap();
    let (_, failed) = lea.until(|m| match m {
        FromWorker::Failed(t) => Some(t.clone()),
        _ => None,
    });
    assert!(
        failed.contains("cannot supervise or approve their own action"),
        "{failed}"
    );
    lea.stop();
    assert_eq!(w.store.approval(r).unwrap().status, "approved");
}

#[test]
fn the_idle_worker_sends_a_request_filed_in_another_session() {
    let mut w = world("Jan");
    let dir = w._dir.path().to_path_buf();
    let mut lea = run_worker(&dir, "lea", Lang::En);
    lea.until(|m| matches!(m, FromWorker::Queue { .. }).then_some(()));
    // Another session files a request: it reaches the lead's inbox without a key pressed.
    let ask = crate::store::Ask::Preview {
        item: w.ids[0],
        from_ms: 0,
        want_ms: None,
    };
    let r = w
        .store
        .request_approval("wim", &ask, Some("lea"), 300)
        .unwrap()
        .id;
    let (between, list) = lea.until(|m| match m {
        FromWorker::Approvals(l) => Some(l.iter().map(|a| a.id).collect::<Vec<_>>()),
        _ => None,
    });
    assert_eq!(list, vec![r]);
    assert!(
        between.iter().all(|m| !matches!(m, FromWorker::Failed(_))),
        "{between:?}"
    );
    lea.stop();
}

#[test]
fn a_hostile_reason_in_the_inbox_is_drawn_safely() {
    let mut w = world("Jan");
    let ask = crate::store::Ask::Exception {
        item: w.ids[1],
        subject: "Maria".into(),
        reason: format!("\u{1b}[31mred\nline {}", "x".repeat(5000)),
        ground: crate::core::model::ExceptionGround::Other,
        review_on: chrono::Utc::now().date_naive() + chrono::Days::new(30),
    };
    w.store
        .request_approval("wim", &ask, Some("lea"), 300)
        .unwrap();
    let mut app = app_for(&mut w, "lea");
    app.update(Msg::Worker(FromWorker::Approvals(
        w.store.pending_approvals("lea").unwrap(),
    )));
    app.update(key(KeyCode::Char('a')));
    for (wd, ht) in [(80u16, 24u16), (120, 35)] {
        let screen = draw(&mut app, wd, ht);
        assert!(!screen.contains('\u{1b}'), "{screen}");
        assert!(
            screen.contains("not notifying a parent, ground other, review on"),
            "{screen}"
        );
        // Where the line has room for it, the reason is shown, its controls made visible.
        assert!(
            wd < 100 || screen.contains("· Reason: ?[31mred?line"),
            "{screen}"
        );
        assert!(screen.lines().all(|l| l.chars().count() == wd as usize));
    }
    // Too small: it says so, nothing else.
    assert!(draw(&mut app, 20, 5).contains("Terminal"));
}

#[test]
fn the_inbox_keeps_its_selection_and_drops_requests_that_ran_out() {
    let mut w = world("Jan");
    let mut ids = Vec::new();
    for from_ms in [0, 1000, 2000] {
        let ask = crate::store::Ask::Preview {
            item: w.ids[0],
            from_ms,
            want_ms: Some(1000),
        };
        ids.push(
            w.store
                .request_approval("wim", &ask, Some("lea"), 300)
                .unwrap()
                .id,
        );
    }
    let mut app = app_for(&mut w, "lea");
    let mut list = w.store.pending_approvals("lea").unwrap();
    app.update(Msg::Worker(FromWorker::Approvals(list.clone())));
    app.update(key(KeyCode::Char('a')));
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(app.selected_approval().map(|a| a.id), Some(ids[2]));
    // The first one ran out: it is not shown, and the cursor stays on the same request.
    list[0].requested_at = "2020-01-01T00:00:00Z".into();
    app.update(Msg::Worker(FromWorker::Approvals(list)));
    assert_eq!(app.open_approvals().len(), 2);
    assert_eq!(app.selected_approval().map(|a| a.id), Some(ids[2]));
    assert_eq!(
        app.update(key(KeyCode::Char('y'))),
        vec![Request::Approve(ids[2])]
    );
    assert!(draw(&mut app, 80, 24).contains("[2 to approve]"));
}
