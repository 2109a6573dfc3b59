//! The access copy screen (`c` on the item): ranges marked on the waveform, merged, removed
//! and kept within the recording, drawn on the waveform and listed, in Dutch and English and
//! without colour; a reason required once any is marked; and, through the worker against a
//! real store, the grant the command line makes: a copy silent in those ranges, the grant
//! logged with its approver, and the store's refusals on the form.

use super::approvals::run_worker;
use super::*;

fn save() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL))
}

fn tab(app: &mut App, n: usize) {
    for _ in 0..n {
        app.update(key(KeyCode::Tab));
    }
}

/// The organisation's profile and the team's names and titles, which a statement needs.
fn with_profile(s: &mut Store) {
    for (k, v) in [
        ("org_name", "Gemeente Utrecht"),
        ("org_address", "Stadsplateau 1, 3521 AZ Utrecht"),
        ("dpo_contact", "fg@utrecht.nl"),
        ("ombudsman_name", "de Ombudsman Utrecht"),
        ("ombudsman_url", "https://www.ombudsmanutrecht.nl"),
    ] {
        s.set_setting("lea", k, v).unwrap();
    }
    for (name, full, title) in [
        ("lea", "Lea Bakker", "teamleider jeugd"),
        ("leo", "Leo Visser", "teamleider jeugd"),
        ("wim", "Wim de Groot", "jeugdconsulent"),
    ] {
        s.team_set("lea", name, full, title).unwrap();
    }
}

/// The access copy form for item `id` (3.8 s), opened by `user`, its focus on the waveform.
fn on_the_waveform(w: &mut World, user: &str, id: i64, lang: Lang) -> App {
    let mut app = app_for(w, user);
    app.lang = lang;
    open_item(&mut app, w, user, id);
    app.update(key(KeyCode::Char('c')));
    assert_eq!(app.screen, Screen::Access);
    tab(&mut app, WAVEFORM_FIELD);
    assert_eq!(app.ctx(), crate::tui::keymap::Ctx::Mute);
    app
}

/// 0:01–0:02 and 0:02.8 to the end (0:03.8), marked with the keys.
fn mark_two(app: &mut App) {
    for k in [
        KeyCode::Right,
        KeyCode::Char(' '),
        KeyCode::Right,
        KeyCode::Char(' '),
        KeyCode::End,
        KeyCode::Char(' '),
        KeyCode::Left,
        KeyCode::Char(' '),
    ] {
        app.update(key(k));
    }
}

fn form(app: &App) -> &AccessForm {
    app.access_form.as_ref().expect("the access copy form")
}

#[test]
fn ranges_marked_with_the_keys_merge_go_away_and_stop_at_the_end() {
    let mut w = world("Jan");
    let id = w.ids[1];
    let mut app = on_the_waveform(&mut w, "lea", id, Lang::En);
    assert_eq!(form(&app).duration_ms, 3_800);
    mark_two(&mut app);
    assert_eq!(form(&app).ranges, vec![(1_000, 2_000), (2_800, 3_800)]);
    // Never past the end: End, then further right, stays at 0:03.8.
    app.update(key(KeyCode::End));
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::PageDown));
    assert_eq!(form(&app).pos_ms, 3_800);
    // An overlapping range merges: 0:00 to 0:01.8 overlaps the first one.
    app.update(key(KeyCode::Home));
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::End));
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Char(' ')));
    assert_eq!(form(&app).ranges, vec![(0, 2_000), (2_800, 3_800)]);
    // Backspace takes the range under the cursor (at 0:01.8), then, with none there, the last.
    app.update(key(KeyCode::Backspace));
    assert_eq!(form(&app).ranges, vec![(2_800, 3_800)]);
    app.update(key(KeyCode::Home));
    app.update(key(KeyCode::Backspace));
    assert!(form(&app).ranges.is_empty());
    // A start marked and left: Backspace forgets it; a range of no length is none.
    app.update(key(KeyCode::Char(' ')));
    assert_eq!(form(&app).start_ms, Some(0));
    app.update(key(KeyCode::Char(' ')));
    assert!(form(&app).ranges.is_empty());
    app.update(key(KeyCode::Backspace));
    assert_eq!(form(&app).start_ms, None);
    // On a text field Space is typed: the reason takes it.
    mark_two(&mut app);
    tab(&mut app, 1);
    chars(&mut app, "a child");
    assert_eq!(form(&app).reason, "a child");
    assert_eq!(form(&app).ranges.len(), 2);
}

#[test]
fn a_reason_is_required_once_a_range_is_marked_and_the_request_carries_the_ranges() {
    let mut w = world("Jan");
    let id = w.ids[1];
    let mut app = on_the_waveform(&mut w, "wim", id, Lang::En);
    // wim is a worker: lea or leo approves, with a PIN.
    tab(&mut app, 4); // round to the approver
    app.update(key(KeyCode::Right));
    tab(&mut app, 1);
    chars(&mut app, "654321");
    tab(&mut app, 1);
    chars(&mut app, "ID card shown at the office");
    tab(&mut app, 3);
    mark_two(&mut app);
    let reqs = app.update(save());
    assert!(reqs.is_empty(), "{reqs:?}");
    assert_eq!(form(&app).focus, REASON_FIELD);
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("! say why these parts are made silent"),
        "{screen}"
    );
    chars(&mut app, "a child's voice");
    let reqs = app.update(save());
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    match &reqs[0] {
        Request::GrantAccess {
            item,
            subject,
            approved_by,
            pin,
            identity_checked,
            out,
            lang,
            mute_ms,
            mute_reason,
        } => {
            assert_eq!(*item, id);
            assert_eq!(subject, "Maria");
            assert_eq!(approved_by, "leo");
            assert_eq!(pin.as_deref(), Some("654321"));
            assert_eq!(identity_checked, "ID card shown at the office");
            assert!(
                out.is_absolute() && out.ends_with("access-copy-item-2"),
                "{out:?}"
            );
            assert_eq!(*lang, Lang::En);
            assert_eq!(mute_ms, &vec![(1_000, 2_000), (2_800, 3_800)]);
            assert_eq!(mute_reason.as_deref(), Some("a child's voice"));
        }
        other => panic!("{other:?}"),
    }
    // Without ranges no reason is asked, and none is sent. A lead may approve their own
    // grant (the store's rule for subject access): no PIN then.
    let mut app = on_the_waveform(&mut w, "lea", id, Lang::En);
    tab(&mut app, 4);
    app.update(key(KeyCode::Right)); // lea
    tab(&mut app, 2);
    chars(&mut app, "known to the team");
    let reqs = app.update(save());
    match &reqs[..] {
        [
            Request::GrantAccess {
                approved_by,
                pin,
                mute_ms,
                mute_reason,
                ..
            },
        ] => {
            assert_eq!(approved_by, "lea");
            assert_eq!(pin.as_deref(), None);
            assert!(mute_ms.is_empty() && mute_reason.is_none());
        }
        other => panic!("{other:?}"),
    }
    // Another lead's PIN is asked for before anything is sent.
    let mut app = on_the_waveform(&mut w, "lea", id, Lang::En);
    tab(&mut app, 6);
    chars(&mut app, "known to the team");
    assert!(app.update(save()).is_empty());
    assert_eq!(form(&app).focus, 2);
    assert_eq!(form(&app).error.as_deref(), Some("leo's PIN is needed"));
}

#[test]
fn the_marked_ranges_are_drawn_on_the_waveform_and_listed_in_both_languages_and_without_colour() {
    for lang in [Lang::En, Lang::Nl] {
        for color in [true, false] {
            let mut w = world("Jan");
            let id = w.ids[1];
            let mut app = on_the_waveform(&mut w, "lea", id, lang);
            app.color = color;
            mark_two(&mut app);
            app.update(key(KeyCode::Home));
            let screen = draw(&mut app, 100, 30);
            let (title, list, label) = match lang {
                Lang::En => (
                    "Copy for the subject — Item 2",
                    "▒ Made silent: 0:01–0:02, 0:02.8–0:03.8 (total 2.0 s)",
                    "Make silent",
                ),
                Lang::Nl => (
                    "Afschrift voor betrokkene — Item 2",
                    "▒ Wordt stil: 0:01–0:02, 0:02,8–0:03,8 (samen 2,0 s)",
                    "Stil maken",
                ),
            };
            for want in [title, list, label] {
                assert!(screen.contains(want), "{lang:?} {color}: {want}\n{screen}");
            }
            // The marks row under the waveform: the cursor at 0:00, then the two ranges as
            // ▒ where they are (a quarter of the width, and the last quarter or so).
            let marks = screen
                .lines()
                .find(|l| l.trim_start().starts_with('▲'))
                .unwrap_or_else(|| panic!("{screen}"));
            let cols: Vec<char> = marks.chars().skip(2).collect();
            let width = 96.0;
            let at = |ms: f64| (ms / 3_800.0 * width) as usize;
            assert_eq!(cols[at(1_500.0)], '▒', "{marks}");
            assert_eq!(cols[at(3_500.0)], '▒', "{marks}");
            assert_eq!(cols[at(2_400.0)], ' ', "{marks}");
            assert_eq!(cols[at(500.0)], ' ', "{marks}");
            assert_eq!(marks.chars().filter(|&c| c == '▒').count(), {
                let a = at(2_000.0 - 1.0) - at(1_000.0) + 1;
                let b = 95 - at(2_800.0) + 1;
                a + b
            });
        }
    }
}

#[test]
fn without_colour_the_silenced_columns_of_the_waveform_are_reversed() {
    let mut w = world("Jan");
    let id = w.ids[1];
    let mut app = on_the_waveform(&mut w, "lea", id, Lang::En);
    app.color = false;
    mark_two(&mut app);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| ui::render(&mut app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    // The waveform's bottom row is the one above the marks.
    let marks_y = (0..30)
        .find(|&y| (0..100).any(|x| buf[(x, y)].symbol() == "▲"))
        .unwrap();
    let wave_y = marks_y - 1;
    let x_in = 2 + (1_500 * 96 / 3_800) as u16;
    let x_out = 2 + (2_400 * 96 / 3_800) as u16;
    use ratatui::style::Modifier;
    assert!(buf[(x_in, wave_y)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(x_out, wave_y)].modifier.contains(Modifier::REVERSED));
    assert_eq!(buf[(x_in, wave_y)].fg, ratatui::style::Color::Reset);
}

/// The decoded copy's RMS from `from_ms` to `to_ms`, every channel.
fn rms(samples: &[f32], rate: u32, ch: u16, from_ms: u64, to_ms: u64) -> f32 {
    let f = |ms: u64| (ms * u64::from(rate) / 1000) as usize * usize::from(ch);
    let s = &samples[f(from_ms).min(samples.len())..f(to_ms).min(samples.len())];
    (s.iter().map(|x| x * x).sum::<f32>() / s.len().max(1) as f32).sqrt()
}

fn decode(path: &std::path::Path) -> (Vec<f32>, u32, u16) {
    let bytes = std::fs::read(path).unwrap();
    let len = bytes.len() as u64;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_string);
    let mut d =
        crate::audio::Decoder::open(std::io::Cursor::new(bytes), len, ext.as_deref()).unwrap();
    let (rate, ch) = (d.sample_rate(), d.channels());
    let mut out = Vec::new();
    while let Some(b) = d.next_block() {
        out.extend_from_slice(b);
    }
    (out, rate, ch)
}

#[test]
fn a_grant_from_the_screen_writes_a_copy_silent_in_the_marked_ranges_and_logs_its_approver() {
    let mut w = world("Jan");
    with_profile(&mut w.store);
    let id = w.ids[1];
    let dir = w._dir.path().to_path_buf();
    let out = dir.join("for-maria");
    let mut app = on_the_waveform(&mut w, "wim", id, Lang::En);
    tab(&mut app, 4);
    app.update(key(KeyCode::Right)); // leo
    tab(&mut app, 1);
    chars(&mut app, "654321");
    tab(&mut app, 1);
    chars(&mut app, "ID card shown at the office");
    tab(&mut app, 1);
    // The folder: typed over the one offered.
    for _ in 0..40 {
        app.update(key(KeyCode::Backspace));
    }
    chars(&mut app, out.to_str().unwrap());
    tab(&mut app, 2);
    mark_two(&mut app);
    tab(&mut app, 1);
    chars(&mut app, "a child's voice");
    let reqs = app.update(save());
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    assert!(form(&app).busy);
    let mut worker = run_worker(&dir, "wim", Lang::En);
    worker.tx.send(reqs[0].clone()).unwrap();
    let (_, answer) = worker.until(|m| match m {
        FromWorker::Granted(_) | FromWorker::Failed(_) => Some(m.clone()),
        _ => None,
    });
    worker.stop();
    let FromWorker::Granted(g) = &answer else {
        panic!("{answer:?}")
    };
    app.update(Msg::Worker(answer.clone()));
    // What was written, with the original's and the copy's SHA-256, on the screen.
    let screen = draw(&mut app, 120, 40);
    let copy = &g.files[0];
    assert_eq!(copy.kind, "recording_muted");
    assert!(copy.path.ends_with("voice-muted.opus"), "{copy:?}");
    assert_ne!(copy.sha256, g.recording_sha256);
    for want in [
        "Copy made for Maria: request 1 granted, approved by leo.",
        "SHA-256 original",
        g.recording_sha256.as_str(),
        "SHA-256 copy",
        copy.sha256.as_str(),
        "Silent in the copy: 0:01–0:02, 0:02.8–0:03.8",
        "voice-muted.opus",
        "processing-statement-item-2.md",
    ] {
        assert!(screen.contains(want), "{want}\n{screen}");
    }
    // The copy, decoded: silent in the ranges (an Opus frame, 20 ms, in from each edge),
    // sound outside them where the original has it.
    let path = std::path::Path::new(&copy.path);
    assert_eq!(path, out.join("voice-muted.opus"));
    let (s, rate, ch) = decode(path);
    let (o, orate, och) = decode(&fixture("voice.m4a"));
    for (a, b) in [(1_000, 2_000), (2_800, 3_800)] {
        let r = rms(&s, rate, ch, a + 20, b - 20);
        assert!(r < 1e-4, "{a}-{b}: {r}");
    }
    for (a, b) in [(100, 950), (2_050, 2_750)] {
        let (r, ro) = (rms(&s, rate, ch, a, b), rms(&o, orate, och, a, b));
        if ro > 1e-3 {
            assert!(r > ro * 0.5, "{a}-{b}: {r} against the original's {ro}");
        }
    }
    let statement = std::fs::read_to_string(out.join("processing-statement-item-2.md")).unwrap();
    assert!(statement.contains("a child's voice"), "{statement}");
    // The log: the grant by wim, approved by leo, and the export with what was made silent.
    let store = Store::open(
        &dir.join("s"),
        Some(&dir.join("k")),
        crate::store::system_clock(),
    )
    .unwrap();
    let log = store.audit_log(Some(id)).unwrap();
    let grant = log.iter().find(|e| e.action == "access.grant").unwrap();
    assert_eq!(grant.actor, "wim");
    let d: serde_json::Value = serde_json::from_str(&grant.detail).unwrap();
    assert_eq!(d["approved_by"], "leo");
    let exported = log.iter().rfind(|e| e.action == "access.exported").unwrap();
    let d: serde_json::Value = serde_json::from_str(&exported.detail).unwrap();
    assert_eq!(
        d["muted"],
        serde_json::json!([[1000, 2000], [2800, 3800]]),
        "{d}"
    );
    assert_eq!(d["copy_sha256"], copy.sha256.as_str());
    // Esc goes back to the item.
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);
    assert!(app.access_form.is_none());
}

#[test]
fn the_stores_refusals_stay_on_the_form_in_the_users_language() {
    for lang in [Lang::En, Lang::Nl] {
        let mut w = world("Jan");
        with_profile(&mut w.store);
        let id = w.ids[1];
        let dir = w._dir.path().to_path_buf();
        let out = dir.join("for-maria");
        // The actor approving themselves: wim is no team leader, and the store refuses.
        let mut worker = run_worker(&dir, "wim", lang);
        worker
            .tx
            .send(Request::GrantAccess {
                item: id,
                subject: "Maria".into(),
                approved_by: "wim".into(),
                pin: None,
                identity_checked: "ID card".into(),
                out: out.clone(),
                lang,
                mute_ms: vec![(1_000, 2_000)],
                mute_reason: Some("a child".into()),
            })
            .unwrap();
        let (_, refusal) = worker.until(|m| match m {
            FromWorker::Failed(t) => Some(t.clone()),
            FromWorker::Granted(g) => panic!("granted: {g:?}"),
            _ => None,
        });
        let (refused, team_leader) = match lang {
            Lang::En => ("refused", "wim is not a team leader"),
            Lang::Nl => ("geweigerd", "wim is geen teamleider"),
        };
        assert!(
            refusal.contains(refused) && refusal.contains(team_leader),
            "{refusal}"
        );
        assert!(!out.exists(), "nothing is written when refused");
        // The wrong PIN of leo, typed on the form: the refusal on the form, the PIN cleared.
        let mut app = on_the_waveform(&mut w, "wim", id, lang);
        tab(&mut app, 4);
        app.update(key(KeyCode::Right));
        tab(&mut app, 1);
        chars(&mut app, "000000");
        tab(&mut app, 1);
        chars(&mut app, "ID card");
        let reqs = app.update(save());
        assert_eq!(reqs.len(), 1);
        worker.tx.send(reqs[0].clone()).unwrap();
        let (_, answer) = worker.until(|m| match m {
            FromWorker::Failed(_) => Some(m.clone()),
            FromWorker::Granted(g) => panic!("granted: {g:?}"),
            _ => None,
        });
        worker.stop();
        app.update(Msg::Worker(answer.clone()));
        let f = form(&app);
        assert!(!f.busy && f.pin.is_empty() && f.done.is_none());
        let screen = draw(&mut app, 100, 30);
        let FromWorker::Failed(text) = answer else {
            unreachable!()
        };
        assert!(screen.contains("! "), "{screen}");
        let pin_word = match lang {
            Lang::En => "wrong PIN for leo",
            Lang::Nl => "verkeerde pincode van leo",
        };
        assert!(text.contains(pin_word), "{text}");
        let store = Store::open(
            &dir.join("s"),
            Some(&dir.join("k")),
            crate::store::system_clock(),
        )
        .unwrap();
        let log = store.audit_log(Some(id)).unwrap();
        assert!(
            log.iter()
                .any(|e| e.action == "refused" && e.detail.contains("subject_access")),
            "the refusal is logged"
        );
        assert!(!log.iter().any(|e| e.action == "access.grant"));
    }
}

#[test]
fn the_key_is_on_the_item_screen_and_the_form_needs_subjects_and_a_lead() {
    let mut w = world("Jan");
    // Item 1 has no subjects yet: the form does not open, and says why.
    let mut app = app_for(&mut w, "lea");
    let first = w.ids[0];
    open_item(&mut app, &mut w, "lea", first);
    let screen = draw(&mut app, 250, 30);
    assert!(screen.contains("c copy for subject"), "{screen}");
    app.update(key(KeyCode::Char('?')));
    let help = draw(&mut app, 120, 50);
    assert!(help.contains("copy for subject"), "{help}");
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('c')));
    assert_eq!(app.screen, Screen::Detail);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|(t, err)| *err && t.contains("no subjects yet")),
        "{:?}",
        app.status
    );
    // A lead is offered the other leads first, then themselves (no PIN then).
    let id = w.ids[1];
    let mut app = on_the_waveform(&mut w, "lea", id, Lang::En);
    assert_eq!(app.approvers(), vec!["leo".to_string(), "lea".to_string()]);
    tab(&mut app, ACCESS_FIELDS - WAVEFORM_FIELD + 1);
    app.update(key(KeyCode::Right));
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("lea (you)") && screen.contains("not needed: you approve yourself"),
        "{screen}"
    );
    // The subjects: Maria, Sam, and Jan who sent it.
    assert_eq!(form(&app).subjects, vec!["Maria", "Sam", "Jan"]);
}
