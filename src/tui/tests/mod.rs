//! TUI tests: the pure update fed with messages, and every screen drawn on ratatui's
//! `TestBackend` at 80×24, at a large size, at tiny sizes, and with hostile text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::*;
use super::keymap::KeyMap;
use super::ui;
use crate::core::lang::Lang;
use crate::core::model::{Channel, Metadata, Person, PersonRole, Role, Stage};
use crate::store::triage::EscalationKind;
use crate::store::{ImportRequest, Store};

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    ids: Vec<i64>,
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audio")
        .join(name)
}

/// A real store: lead `lea`, lead `leo` (PIN 654321), worker `wim`; three items.
fn world(sender: &str) -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::init(
        &dir.path().join("s"),
        Some(&dir.path().join("k")),
        "lea",
        crate::store::system_clock(),
    )
    .unwrap();
    s.team_add("lea", "leo", Role::Lead, None)
        .and_then(|()| s.team_pin("leo", "leo", "654321"))
        .unwrap();
    s.team_add("lea", "wim", Role::Worker, None).unwrap();
    let mut ids = Vec::new();
    for (f, case) in [
        ("voice.opus", "C-1"),
        ("voice.m4a", "C-2"),
        ("voice.mp3", "C-1"),
    ] {
        let req = ImportRequest {
            files: vec![fixture(f)],
            case: case.into(),
            received_by: "wim".into(),
            channel: Channel::Whatsapp,
            from: None,
            received_at: None,
        };
        ids.push(
            s.import("wim", &req, &crate::audio::SymphoniaProber)
                .unwrap()[0]
                .id,
        );
    }
    let m = Metadata {
        sender: Some(sender.into()),
        subjects: vec![
            Person {
                name: "Maria".into(),
                role: PersonRole::Parent,
            },
            Person {
                name: "Sam".into(),
                role: PersonRole::Child,
            },
        ],
        purpose: Some("wil dat het team de ruzies hoort".into()),
        ..Default::default()
    };
    s.describe("wim", ids[1], &m).unwrap();
    World {
        _dir: dir,
        store: s,
        ids,
    }
}

fn app_for(w: &mut World, user: &str) -> App {
    let u = w.store.user(user).unwrap();
    let mut app = App::new(u, Lang::En, KeyMap::default());
    app.update(Msg::Worker(FromWorker::Team(w.store.team_list().unwrap())));
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: vec![],
        due: vec![],
    }));
    app
}

fn detail(w: &mut World, user: &str, id: i64) -> FromWorker {
    let view = w.store.show(user, id).unwrap();
    let waveform = crate::session::waveform(&mut w.store, id).ok();
    let timeline = w.store.audit_log(Some(id)).unwrap();
    let chat = w.store.chat_context(id).unwrap();
    let erasure = w.store.erasure_requests(Some(id), false).unwrap();
    FromWorker::Detail(Box::new(Detail {
        view,
        waveform,
        timeline,
        chat,
        erasure: erasure.iter().map(Into::into).collect(),
    }))
}

/// Shows an item on the item screen, as if the worker had answered `LoadDetail`.
fn open_item(app: &mut App, w: &mut World, user: &str, id: i64) {
    app.update(Msg::Worker(detail(w, user, id)));
    app.screen = Screen::Detail;
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn chars(app: &mut App, s: &str) -> Vec<Request> {
    let mut out = Vec::new();
    for c in s.chars() {
        out.extend(app.update(key(KeyCode::Char(c))));
    }
    out
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ui::render(app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

// ----- update logic -----

#[test]
fn queue_navigation_search_sort_and_filter() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    assert_eq!(app.view.len(), 3);
    assert_eq!(app.selected_row().unwrap().id, w.ids[2], "newest first");
    app.update(key(KeyCode::Down));
    assert_eq!(app.selected, 1);
    app.update(key(KeyCode::Char('j')));
    app.update(key(KeyCode::Char('j')));
    assert_eq!(app.selected, 2, "stops at the last row");
    app.update(key(KeyCode::Char('/')));
    assert!(app.searching);
    chars(&mut app, "jan");
    assert_eq!(app.view.len(), 1, "incremental search on the sender");
    assert_eq!(app.selected_row().unwrap().id, w.ids[1]);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.view.len(), 3);
    app.update(key(KeyCode::Char('f')));
    assert_eq!(app.filter, Some(Filter::Stage(Stage::Received)));
    assert_eq!(app.view.len(), 2);
    app.update(key(KeyCode::Char('f')));
    assert_eq!(app.view.len(), 1);
    for _ in 0..8 {
        app.update(key(KeyCode::Char('f')));
    }
    assert_eq!(app.filter, None, "ten presses go round");
    app.update(key(KeyCode::Char('s')));
    assert_eq!(app.sort, Sort::Oldest);
    app.update(key(KeyCode::Home));
    assert_eq!(app.selected_row().unwrap().id, w.ids[0]);
    app.update(key(KeyCode::Char('s')));
    assert_eq!(app.sort, Sort::Case);
    let cases: Vec<String> = app.view.iter().map(|&i| app.rows[i].case.clone()).collect();
    assert_eq!(cases, vec!["C-1", "C-1", "C-2"]);
}

#[test]
fn opening_an_item_asks_the_worker_and_full_playback_shows_what_is_missing() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    app.update(key(KeyCode::Char('G')));
    let id = app.selected_row().unwrap().id;
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::LoadDetail(id)]
    );
    assert_eq!(app.screen, Screen::Detail);
    app.update(Msg::Worker(detail(&mut w, "wim", id)));
    let reqs = app.update(key(KeyCode::Enter));
    assert!(reqs.is_empty(), "no playback requested");
    assert_eq!(app.screen, Screen::Detail);
    let (msg, err) = app.status.clone().unwrap();
    assert!(
        err && msg.contains("Full playback is locked") && msg.contains("sender"),
        "{msg}"
    );
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Queue);
}

#[test]
fn the_metadata_form_validates_and_saves_through_the_store_path() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('m')));
    assert_eq!(app.screen, Screen::Form);
    assert!(
        chars(&mut app, "Jan de Vries").is_empty(),
        "typing goes into the field, q and all"
    );
    app.update(key(KeyCode::Tab));
    // A name, Enter to its role (a parent first), Enter adds it; then the next.
    chars(&mut app, "Maria");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    chars(&mut app, "Sam");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Enter));
    let f = app.form.clone().unwrap();
    assert_eq!(
        f.subjects,
        vec![
            Person {
                name: "Maria".into(),
                role: PersonRole::Parent
            },
            Person {
                name: "Sam".into(),
                role: PersonRole::Child
            }
        ]
    );
    assert!(
        f.errors.iter().any(|e| e.contains("purpose")),
        "{:?}",
        f.errors
    );
    // Saving with the purpose missing sends nothing.
    assert!(
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL
        )))
        .is_empty()
    );
    // An empty name, Enter: on to the purpose.
    app.update(key(KeyCode::Enter));
    assert_eq!(app.form.as_ref().unwrap().focus, 4);
    chars(&mut app, "worried");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right));
    let reqs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    let [Request::Describe(rid, m)] = reqs.as_slice() else {
        panic!("{reqs:?}")
    };
    assert_eq!(*rid, id);
    assert_eq!(m.sender.as_deref(), Some("Jan de Vries"));
    assert_eq!(m.purpose.as_deref(), Some("worried"));
    assert_eq!(m.secretly, crate::core::model::Secretly::Yes);
    assert_eq!(m.legal_basis.as_deref(), Some(LEGAL_BASES[0]));
    // The worker's answer returns to the item and reloads it.
    let r = app.update(Msg::Worker(FromWorker::Done("Saved.".into())));
    assert_eq!(app.screen, Screen::Detail);
    assert!(r.contains(&Request::Refresh));
    // Backspace edits, Esc cancels.
    app.update(key(KeyCode::Char('m')));
    app.update(key(KeyCode::Backspace));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);
    assert!(app.form.is_none());
}

#[test]
fn a_worker_previews_under_a_lead_who_types_a_pin() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('p')));
    assert_eq!(app.screen, Screen::Player);
    assert_eq!(app.player.as_ref().unwrap().seconds, DEFAULT_PREVIEW_S);
    app.update(key(KeyCode::Right));
    assert_eq!(app.player.as_ref().unwrap().offset_ms, STEP_MS.min(3799));
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Char('+')));
    app.update(key(KeyCode::Char('-')));
    app.update(key(KeyCode::Char('-')));
    assert_eq!(app.player.as_ref().unwrap().seconds, DEFAULT_PREVIEW_S - 1);
    // Leads are lea and leo; wim is not one, so the first lead supervises and must type a PIN.
    app.update(key(KeyCode::Tab));
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.player.as_ref().unwrap().asking_pin);
    chars(&mut app, "654321");
    assert_eq!(app.player.as_ref().unwrap().pin, "654321");
    let reqs = app.update(key(KeyCode::Enter));
    assert_eq!(
        reqs,
        vec![Request::Preview {
            item: id,
            from_ms: 0,
            seconds: DEFAULT_PREVIEW_S - 1,
            supervisor: "leo".into(),
            pin: Some("654321".into())
        }]
    );
    assert!(
        app.player.as_ref().unwrap().pin.is_empty(),
        "the PIN is not kept"
    );
    // A refusal clears the running state.
    app.update(Msg::Worker(FromWorker::Failed(
        "wrong PIN for leo; nothing was done".into(),
    )));
    assert!(!app.player.as_ref().unwrap().running);
    assert!(app.status.as_ref().unwrap().1);
}

#[test]
fn a_leads_preview_is_supervised_by_another_lead_and_can_stop() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "lea", id);
    app.update(key(KeyCode::Char('p')));
    // Four eyes: lea's supervisor is leo, the team's other lead, who types a PIN.
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.player.as_ref().unwrap().asking_pin);
    chars(&mut app, "654321");
    let reqs = app.update(key(KeyCode::Enter));
    assert!(
        matches!(&reqs[..], [Request::Preview { pin: Some(p), supervisor, .. }] if supervisor == "leo" && p == "654321"),
        "{reqs:?}"
    );
    let st = crate::session::Status {
        item: id,
        pos_ms: 1000,
        from_ms: 0,
        until_ms: 5000,
        duration_ms: 3800,
        paused: false,
        preview: true,
    };
    app.update(Msg::Worker(FromWorker::Player(st)));
    assert_eq!(app.update(key(KeyCode::Char(' '))), vec![Request::Pause]);
    assert_eq!(
        app.update(key(KeyCode::Right)),
        Vec::<Request>::new(),
        "no seeking in a preview"
    );
    assert_eq!(app.update(key(KeyCode::Esc)), vec![Request::Stop]);
}

#[test]
fn full_playback_seeks_and_the_mouse_moves_the_start() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[1]; // described
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Player);
    draw(&mut app, 100, 30);
    let wf = app.hit.waveform;
    app.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: wf.x + wf.width / 2,
        row: wf.y,
        modifiers: KeyModifiers::NONE,
    }));
    let off = app.player.as_ref().unwrap().offset_ms;
    assert!((1700..2100).contains(&off), "{off}");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Play {
            item: id,
            from_ms: off
        }]
    );
    let st = crate::session::Status {
        item: id,
        pos_ms: 2000,
        from_ms: 0,
        until_ms: 3800,
        duration_ms: 3800,
        paused: false,
        preview: false,
    };
    app.update(Msg::Worker(FromWorker::Player(st)));
    assert_eq!(app.update(key(KeyCode::Left)), vec![Request::Seek(1000)]);
}

#[test]
fn triage_prompts_and_the_escalation_view() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    // What is asked for first (a question, at the top), then why.
    app.update(key(KeyCode::Char('x')));
    assert!(app.picker.is_some());
    app.update(key(KeyCode::Enter));
    chars(&mut app, "father calls daily");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Escalate(
            id,
            "father calls daily".into(),
            EscalationKind::Other
        )]
    );
    // A worker may try to assign: the store refuses it (see below), not the screen.
    app.update(key(KeyCode::Char('a')));
    assert!(app.picker.is_some());
    app.update(key(KeyCode::Esc));
    assert!(app.picker.is_none());
    // The lead's escalation view shows escalated and overdue items only.
    w.store.escalate("wim", id, "please look").unwrap();
    let mut lead = app_for(&mut w, "lea");
    lead.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: w.store.escalations(None).unwrap(),
        due: w.store.due_flags().unwrap(),
    }));
    lead.update(key(KeyCode::Char('e')));
    assert!(lead.escalation_view);
    assert_eq!(lead.view.len(), 1);
    assert_eq!(lead.selected_row().unwrap().id, id);
    let mut worker = app_for(&mut w, "wim");
    worker.update(key(KeyCode::Char('e')));
    assert!(!worker.escalation_view);
}

#[test]
fn quitting_goes_through_the_worker() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    assert_eq!(app.update(key(KeyCode::Char('q'))), vec![Request::Shutdown]);
    assert!(!app.quit, "not before the worker closed the accounting");
    app.update(Msg::Worker(FromWorker::Closed));
    assert!(app.quit);
    assert_eq!(
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL
        ))),
        vec![Request::Shutdown]
    );
}

#[test]
fn help_is_generated_from_the_key_table() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    app.update(key(KeyCode::Char('?')));
    assert!(app.help);
    let screen = draw(&mut app, 80, 24);
    for b in app.keys.for_screen(super::keymap::Ctx::Queue) {
        let help = b.help.text(app.lang);
        assert!(screen.contains(help), "help lacks {help}:\n{screen}");
    }
    app.update(key(KeyCode::Char('x')));
    assert!(!app.help, "any key closes it");
}

// ----- rendering -----

fn every_screen(w: &mut World, user: &str, width: u16, height: u16) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut app = app_for(w, user);
    out.push(("queue", draw(&mut app, width, height)));
    let id = w.ids[1];
    app.update(Msg::Worker(detail(w, user, id)));
    app.screen = Screen::Detail;
    out.push(("detail", draw(&mut app, width, height)));
    app.update(key(KeyCode::Char('m')));
    out.push(("form", draw(&mut app, width, height)));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('p')));
    out.push(("player", draw(&mut app, width, height)));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('n')));
    out.push(("notify", draw(&mut app, width, height)));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('u')));
    out.push(("use", draw(&mut app, width, height)));
    app.update(key(KeyCode::Esc));
    // An open erasure request (the world is drawn more than once: the first one stays).
    let _ = w.store.erasure_request("wim", id, "Maria", None);
    app.update(Msg::Worker(detail(w, user, id)));
    app.update(key(KeyCode::Char('w')));
    out.push(("erasure", draw(&mut app, width, height)));
    app.update(key(KeyCode::Esc));
    access_screens(&mut app, &mut |name, app| {
        out.push((name, draw(app, width, height)))
    });
    app.update(key(KeyCode::Char('?')));
    out.push(("help", draw(&mut app, width, height)));
    out
}

/// The access copy screen as it is opened, with two ranges marked on its waveform (which has
/// the keys), its help there, and what a grant wrote; `shot` draws each.
fn access_screens(app: &mut App, shot: &mut dyn FnMut(&'static str, &mut App)) {
    app.update(key(KeyCode::Char('c')));
    shot("access", app);
    for _ in 0..WAVEFORM_FIELD {
        app.update(key(KeyCode::Tab));
    }
    for k in [
        KeyCode::Right,
        KeyCode::Char(' '),
        KeyCode::Right,
        KeyCode::Char(' '),
        KeyCode::End,
        KeyCode::Char(' '),
        KeyCode::Left,
        KeyCode::Char(' '),
        KeyCode::Left,
        KeyCode::Char(' '),
    ] {
        app.update(key(k));
    }
    shot("access marked", app);
    app.update(key(KeyCode::Char('?')));
    assert!(app.help, "? is help on the waveform");
    shot("access help", app);
    app.update(key(KeyCode::Esc));
    assert!(!app.help);
    let item = app.access_form.as_ref().map_or(0, |f| f.item);
    app.update(Msg::Worker(FromWorker::Granted(Box::new(GrantedView {
        item,
        subject: "Maria".into(),
        approved_by: "leo".into(),
        request: 1,
        recording_sha256: "a".repeat(64),
        files: vec![GrantedFile {
            kind: "recording_muted".into(),
            path: "/home/wim/access-copy-item-2/voice-muted.opus".into(),
            sha256: "b".repeat(64),
            size: 15_826,
        }],
        muted_ms: vec![(1_000, 2_000), (2_800, 3_800)],
        warnings: vec![],
    }))));
    shot("access granted", app);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Detail);
}

#[test]
fn every_screen_draws_at_80x24_and_large() {
    for (w_, h_) in [(80u16, 24u16), (160, 48)] {
        let mut w = world("Jan");
        let screens = every_screen(&mut w, "wim", w_, h_);
        let get = |n: &str| {
            screens
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, s)| s.clone())
                .unwrap()
        };
        let q = get("queue");
        assert!(
            q.contains("earshot") && q.contains("Queue") && q.contains("C-1") && q.contains("Jan"),
            "{q}"
        );
        assert!(
            q.contains("▶"),
            "the selected row is marked without colour: {q}"
        );
        let d = get("detail");
        assert!(
            d.contains("[open]") && d.contains("[locked]") && d.contains("Maria"),
            "{d}"
        );
        assert!(
            d.contains("notifying Maria") || d.contains("Notifications"),
            "{d}"
        );
        assert!(d.contains("described:"), "timeline: {d}");
        assert!(d.contains('█'), "waveform: {d}");
        let f = get("form");
        assert!(
            f.contains("Sender")
                && f.contains("Subjects")
                && f.contains("Legal basis")
                && f.contains("Save"),
            "{f}"
        );
        let p = get("player");
        assert!(
            p.contains("Preview") && p.contains("Supervisor") && p.contains("Allowance left"),
            "{p}"
        );
        let n = get("notify");
        assert!(
            n.contains("Notification decision") && n.contains("Maria"),
            "{n}"
        );
        let u = get("use");
        assert!(
            u.contains("Further use") && u.contains("Recipient") && u.contains("PIN"),
            "{u}"
        );
        let e = get("erasure");
        assert!(e.contains("Erasure request") && e.contains("Maria"), "{e}");
        let h = get("help");
        assert!(h.contains("Keys") && h.contains("quit"), "{h}");
        for (name, s) in &screens {
            assert!(
                s.lines().last().unwrap().trim().len() > 5 || *name == "help",
                "{name}: hint bar missing\n{s}"
            );
        }
    }
}

#[test]
fn tiny_terminals_never_panic_and_say_so() {
    let mut w = world("Jan");
    for (width, height) in [(20u16, 5u16), (1, 1), (79, 24), (80, 23), (40, 10)] {
        for (name, s) in every_screen(&mut w, "lea", width, height) {
            if width >= 20 {
                assert!(
                    s.contains("small") && s.contains('×'),
                    "{name} at {width}×{height}:\n{s}"
                );
            }
        }
    }
}

#[test]
fn hostile_text_is_drawn_safely() {
    let evil = format!("\u{1b}[31mEvil\u{7}{}", "X".repeat(300));
    let mut w = world(&evil);
    for (name, s) in every_screen(&mut w, "lea", 80, 24) {
        assert!(
            !s.contains('\u{1b}') && !s.contains('\u{7}'),
            "{name}: control characters reached the screen"
        );
        for line in s.lines() {
            assert!(line.chars().count() <= 80, "{name}: a line overflows");
        }
    }
}

/// Words that must not be left in English on a Dutch screen (whole words, as they appear).
const ENGLISH_ON_DUTCH_SCREENS: &[&str] = &[
    "Queue",
    "Received",
    "Sender",
    "Flags",
    "locked",
    "not recorded",
    "Subjects",
    "Purpose",
    "Save",
    "Supervisor",
    "Allowance left",
    "Keys",
    "quit",
    "Signalen",
    "dicht",
    "Recipient",
    "Summary",
    "Erasure",
    "Decision",
    "anyway",
];

/// Words of the access copy screen that must not be left in English on the Dutch one (for
/// `dutch_everywhere`).
const ENGLISH_ON_DUTCH_ACCESS: &[&str] = &[
    "Copy for",
    "Copy made",
    "Make silent",
    "Made silent",
    "Why silent",
    "Identity",
    "Folder",
    "Statement",
    "silent part",
    "earlier",
    "Written",
    "SHA-256 copy",
    "total",
    "not needed",
];

#[test]
fn dutch_everywhere() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    app.lang = Lang::Nl;
    let q = draw(&mut app, 120, 30);
    assert!(
        q.contains("Wachtrij")
            && q.contains("Zaak")
            && q.contains("ontvangen")
            && q.contains("Kenmerken"),
        "{q}"
    );
    let id = w.ids[0];
    open_item(&mut app, &mut w, "wim", id);
    let d = draw(&mut app, 100, 30);
    assert!(d.contains("[vergrendeld]") && d.contains("afzender"), "{d}");
    assert!(
        d.contains("· wim · WhatsApp"),
        "the channel by its name: {d}"
    );
    assert!(
        d.contains("ontvangen via WhatsApp"),
        "the timeline in Dutch: {d}"
    );
    assert!(
        d.contains("Fragmenttijd over 20,0"),
        "durations with a decimal comma: {d}"
    );
    // Every screen, in Dutch, with none of the English words left.
    let mut w = world("Jan");
    let mut screens = Vec::new();
    let mut app = app_for(&mut w, "wim");
    app.lang = Lang::Nl;
    screens.push(("queue", draw(&mut app, 120, 40)));
    let id = w.ids[1];
    app.update(Msg::Worker(detail(&mut w, "wim", id)));
    app.screen = Screen::Detail;
    screens.push(("detail", draw(&mut app, 120, 40)));
    app.update(key(KeyCode::Char('m')));
    screens.push(("form", draw(&mut app, 120, 40)));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('p')));
    screens.push(("player", draw(&mut app, 120, 40)));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('n')));
    screens.push(("notify", draw(&mut app, 120, 40)));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('u')));
    screens.push(("use", draw(&mut app, 120, 40)));
    app.update(key(KeyCode::Esc));
    w.store.erasure_request("wim", id, "Maria", None).unwrap();
    app.update(Msg::Worker(detail(&mut w, "wim", id)));
    screens.push(("detail with erasure", draw(&mut app, 120, 40)));
    app.update(key(KeyCode::Char('w')));
    screens.push(("erasure", draw(&mut app, 120, 40)));
    app.update(key(KeyCode::Esc));
    access_screens(&mut app, &mut |name, app| {
        screens.push((name, draw(app, 120, 40)))
    });
    app.update(key(KeyCode::Char('?')));
    screens.push(("help", draw(&mut app, 120, 40)));
    let all: String = screens.iter().map(|(_, s)| s.as_str()).collect();
    for dutch in [
        "Betrokkenen",
        "Opslaan",
        "Meeluisterende teamleider",
        "Toetsen",
        "stoppen",
        "Ontvanger",
        "Verzoeken om wissing",
        "Besluit",
        "Afschrift voor betrokkene",
        "Stil maken",
        "Wordt stil",
        "Controle identiteit",
        "Waarom stil",
        "begin / einde stil deel",
        "SHA-256 afschrift",
    ] {
        assert!(all.contains(dutch), "no '{dutch}' on the Dutch screens");
    }
    let mut wrong = Vec::new();
    for (name, s) in &screens {
        for english in ENGLISH_ON_DUTCH_SCREENS
            .iter()
            .chain(ENGLISH_ON_DUTCH_ACCESS)
        {
            if s.contains(english) {
                wrong.push(format!("'{english}' left on the Dutch {name} screen:\n{s}"));
            }
        }
        for w in crate::core::wording::not_dutch(s) {
            wrong.push(format!("{w} on the Dutch {name} screen:\n{s}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_color_keeps_state_readable() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    app.color = false;
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| ui::render(&mut app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, ratatui::style::Color::Reset, "colour at {x},{y}");
        }
    }
}

#[test]
fn the_cursor_sits_on_the_selected_row() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    app.update(key(KeyCode::Down));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| ui::render(&mut app, f)).unwrap();
    use ratatui::backend::Backend;
    let pos = term.backend_mut().get_cursor_position().unwrap();
    let row: String = (0..80)
        .map(|x| term.backend().buffer()[(x, pos.y)].symbol().to_string())
        .collect();
    assert!(row.starts_with("▶"), "cursor on {row}");
}

#[test]
fn thousands_of_rows_draw_only_what_fits() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    let base = app.rows[0].clone();
    app.rows = (0..100_000)
        .map(|i| {
            let mut r = base.clone();
            r.id = i;
            r
        })
        .collect();
    app.rebuild_view();
    app.update(key(KeyCode::End));
    let s = draw(&mut app, 80, 24);
    assert!(
        s.contains("▶ 0 "),
        "the last row in newest-first order is id 0:\n{s}"
    );
}

#[test]
fn messages_clear_themselves() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    app.update(Msg::Worker(FromWorker::Done("Saved.".into())));
    assert!(app.status.is_some());
    app.now += chrono::Duration::seconds(5);
    app.update(Msg::Tick);
    assert!(app.status.is_some());
    app.now += chrono::Duration::seconds(2);
    app.update(Msg::Tick);
    assert!(app.status.is_none());
    app.update(Msg::Worker(FromWorker::Failed("no".into())));
    app.now += chrono::Duration::seconds(7);
    app.update(Msg::Tick);
    assert!(app.status.is_some(), "errors stay longer");
}

#[test]
fn the_open_item_is_reloaded_so_others_changes_show() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    let id = w.ids[0];
    open_item(&mut app, &mut w, "lea", id);
    assert_eq!(app.update(Msg::Tick), vec![Request::LoadDetail(id)]);
    assert!(
        app.update(Msg::Tick).is_empty(),
        "not more than every two seconds"
    );
    app.now += chrono::Duration::seconds(2);
    assert_eq!(app.update(Msg::Tick), vec![Request::LoadDetail(id)]);
    app.screen = Screen::Queue;
    app.now += chrono::Duration::seconds(2);
    assert!(app.update(Msg::Tick).is_empty());
}

#[test]
fn escalating_from_the_notification_screen() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[1];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('n')));
    app.update(key(KeyCode::F(4)));
    assert!(app.prompt.is_some());
    chars(&mut app, "mother unreachable");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Escalate(
            id,
            "mother unreachable".into(),
            EscalationKind::Other
        )]
    );
}

#[test]
fn intake_messages_reach_the_status_line_and_refresh_the_queue() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    let r = app.update(Msg::Worker(FromWorker::Intake("Inbox: 2 imported".into())));
    assert_eq!(r, vec![Request::Refresh]);
    assert_eq!(app.status.as_ref().unwrap().0, "Inbox: 2 imported");
}

#[test]
fn a_worker_asks_for_a_supervised_preview_and_an_exception() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[1];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('p')));
    app.update(key(KeyCode::Char('r')));
    chars(&mut app, "no lead in the office");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Escalate(
            id,
            "no lead in the office".into(),
            EscalationKind::Preview
        )]
    );
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('n')));
    app.update(key(KeyCode::F(3)));
    app.update(key(KeyCode::F(4)));
    chars(&mut app, "mother threatened the father");
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Request::Escalate(
            id,
            "mother threatened the father".into(),
            EscalationKind::Exception
        )]
    );
    // The lead sees both requests as such, in the escalation view.
    w.store
        .escalate_for("wim", id, "no lead in the office", EscalationKind::Preview)
        .unwrap();
    w.store
        .escalate_for(
            "wim",
            id,
            "mother threatened the father",
            EscalationKind::Exception,
        )
        .unwrap();
    let mut lead = app_for(&mut w, "lea");
    lead.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: w.store.escalations(None).unwrap(),
        due: vec![],
    }));
    lead.update(key(KeyCode::Char('e')));
    assert_eq!(lead.view.len(), 1);
    let s = draw(&mut lead, 160, 30);
    assert!(
        s.contains("preview requested") && s.contains("exception to approve"),
        "{s}"
    );
}

mod access_copy;
mod approvals;
mod assigned;
mod demo_roles;
mod due_flags;
mod erasure;
mod finding;
mod forms_discard;
mod hints;
mod inbox;
mod notify_form;
mod paging;
mod pickers;
mod pushes;
mod refusals;
mod seeking;
mod timeline;
mod use_erasure;
mod wire;
