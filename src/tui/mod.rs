//! The terminal UI: the team leader's queue, the item with its gate checklist, the metadata
//! form, supervised previews, notification decisions, triage.
//!
//! One event loop (tokio): terminal events, a tick, and one channel from the worker thread that
//! owns the store and the player. [`app`] is the pure state and update; [`ui`] draws it;
//! [`keymap`] is the key table the help and hints come from.

pub mod app;
pub mod demo;
pub mod glossary;
pub mod i18n;
pub mod keymap;
pub mod remote;
pub mod ui;
pub(crate) mod worker;

use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::core::lang::Lang;
use crate::session::Sink;
use crate::store::Store;
use app::{App, DemoInfo, FromWorker, Msg, Request};
use keymap::KeyMap;

/// Where the UI's worker runs.
pub enum Backend {
    /// In this process, on a store it opened (single-user mode).
    Local {
        store: Store,
        user: crate::core::model::User,
    },
    /// In the guardian, as the user it names.
    Guardian(remote::Remote),
}

/// How often an idle UI redraws anyway (relative times, a request's age).
const REDRAW_IDLE: Duration = Duration::from_secs(5);

/// How the TUI is started.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub mouse: bool,
    pub sink: Sink,
    pub demo: Option<DemoInfo>,
}

/// Puts the terminal back: raw mode off, main screen, cursor shown, mouse released.
fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

struct TerminalGuard {
    saved_stderr: Option<i32>,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
        if let Some(fd) = self.saved_stderr.take() {
            // SAFETY: fd was returned by dup(2) and is still open.
            unsafe {
                libc::dup2(fd, 2);
                libc::close(fd);
            }
        }
    }
}

static SAVED_STDERR: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

/// Sends standard error to a private log file while the TUI owns the screen (ALSA and other
/// libraries must not write over it). Nothing personal is written there by earshot.
fn divert_stderr() -> Option<i32> {
    let dir = directories::ProjectDirs::from("", "", "earshot").and_then(|d| {
        d.state_dir()
            .map(|p| p.to_path_buf())
            .or_else(|| Some(d.cache_dir().to_path_buf()))
    })?;
    std::fs::create_dir_all(&dir).ok()?;
    use std::os::unix::fs::OpenOptionsExt;
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(dir.join("earshot.log"))
        .ok()?;
    // SAFETY: plain descriptor duplication.
    unsafe {
        let saved = libc::dup(2);
        if saved < 0 {
            return None;
        }
        libc::dup2(log.as_raw_fd(), 2);
        SAVED_STDERR.store(saved, std::sync::atomic::Ordering::SeqCst);
        Some(saved)
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        let saved = SAVED_STDERR.load(std::sync::atomic::Ordering::SeqCst);
        if saved >= 0 {
            // SAFETY: restoring the original standard error so the message is seen.
            unsafe {
                libc::dup2(saved, 2);
            }
        }
        previous(info);
    }));
}

/// Loads `keys.toml` from the config directory; returns the map and any problems found.
pub fn load_keys() -> (KeyMap, Vec<String>) {
    let mut k = KeyMap::default();
    let Some(dirs) = directories::ProjectDirs::from("", "", "earshot") else {
        return (k, vec![]);
    };
    let path = dirs.config_dir().join("keys.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let problems: Vec<String> = k
                .apply_config(&text)
                .into_iter()
                .map(|p| format!("{}: {p}", path.display()))
                .collect();
            // A file with a problem changes nothing: the UI says so and keeps every default
            // (half a remapping, with a key that now does two things, is worse).
            if !problems.is_empty() {
                k = KeyMap::default();
            }
            (k, problems)
        }
        Err(_) => (k, vec![]),
    }
}

/// Starts importing from the store's drop folder while the UI runs; its progress and results
/// go to the status line. No inbox set (or it cannot be watched): nothing happens.
fn start_inbox_watcher(
    store: &Store,
    user: &str,
    tx: tokio::sync::mpsc::UnboundedSender<FromWorker>,
) -> Option<crate::intake::inbox::InboxWatcher> {
    use crate::intake::inbox::{InboxOptions, InboxWatcher, WatchEvent};
    store.inbox_dir().ok().flatten()?;
    let second = store.reopen(crate::store::system_clock()).ok()?;
    let mut last_file: Option<String> = None;
    let on_event = move |ev: WatchEvent| {
        let text = match ev {
            WatchEvent::PassStarted(_) => None,
            WatchEvent::Progress(p) => {
                if p.current != last_file {
                    last_file = p.current.clone();
                    p.current.as_ref().map(|f| {
                        format!(
                            "Inbox: importing {} ({}/{} files, {:.1} MB)",
                            ui::clean(f, 60),
                            p.files_done + 1,
                            p.files_total,
                            p.bytes_total as f64 / 1e6
                        )
                    })
                } else {
                    None
                }
            }
            WatchEvent::Pass(r) => {
                let chats: usize = r.chats.iter().map(|c| c.imported.len()).sum();
                let n = r.imported.len() + chats;
                (n > 0 || !r.rejected.is_empty()).then(|| {
                    format!(
                        "Inbox: {n} imported, {} refused (moved to .rejected), {} still being written",
                        r.rejected.len(),
                        r.waiting.len()
                    )
                })
            }
            WatchEvent::Error(e) => Some(format!("Inbox: {}", ui::clean(&e, 200))),
        };
        if let Some(t) = text {
            let _ = tx.send(FromWorker::Intake(t));
        }
    };
    InboxWatcher::start(
        second,
        user.to_string(),
        InboxOptions::default(),
        std::time::Duration::from_secs(10),
        on_event,
    )
    .ok()
}

/// Runs the TUI until the user quits (or a signal arrives): on an open store, or as a client
/// of the guardian.
pub fn run(backend: Backend, opts: Options) -> io::Result<()> {
    let user = match &backend {
        Backend::Local { user, .. } => user.clone(),
        Backend::Guardian(r) => r.user.clone(),
    };
    let (keys, problems) = load_keys();
    let mut app = App::new(user.clone(), opts.lang, keys);
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    app.ssh = std::env::var_os("SSH_CONNECTION").is_some();
    app.demo = opts.demo.clone();
    if let Some(p) = problems.first() {
        app.status = Some((format!("{p} (defaults kept)"), true));
    }

    crate::signals::install();
    install_panic_hook();
    let saved = divert_stderr();
    let _guard = TerminalGuard {
        saved_stderr: saved,
    };
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen)?;
    if opts.mouse {
        execute!(out, EnableMouseCapture)?;
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }

    let (req_tx, req_rx) = std::sync::mpsc::channel::<Request>();
    let (ev_tx, mut ev_rx) = tokio::sync::mpsc::unbounded_channel::<FromWorker>();
    let (worker, _watcher) = match backend {
        Backend::Local { store, user } => {
            // The drop folder, when one is set: watched by its own thread with its own
            // connection. (Through the guardian, `earshot inbox` passes import from it.)
            let watcher = start_inbox_watcher(&store, &user.name, ev_tx.clone());
            let w = worker::Worker::new(store, user.name.clone(), opts.sink, opts.lang);
            let t = std::thread::Builder::new()
                .name("earshot-worker".into())
                .spawn(move || w.run(req_rx, ev_tx))?;
            (t, watcher)
        }
        Backend::Guardian(r) => {
            let t = std::thread::Builder::new()
                .name("earshot-guardian-session".into())
                .spawn(move || r.run(req_rx, ev_tx))?;
            (t, None)
        }
    };

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    // Ok(whether the UI asked the worker to close).
    let result: io::Result<bool> = rt.block_on(async {
        let mut events = EventStream::new();
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        let mut shutdown_at: Option<Instant> = None;
        // Drawn when something happened; on a tick only while the screen moves with time
        // (`App::ticking`), and every few seconds for the clocks: idle, the UI costs nothing.
        let mut dirty = true;
        let mut drawn = Instant::now();
        loop {
            app.now = chrono::Utc::now();
            if dirty || drawn.elapsed() >= REDRAW_IDLE {
                terminal.draw(|f| ui::render(&mut app, f))?;
                drawn = Instant::now();
                dirty = false;
            }
            // Debug builds only: lets a test check that a panic restores the terminal.
            #[cfg(debug_assertions)]
            if std::env::var_os("EARSHOT_TEST_PANIC").is_some() {
                panic!("a panic for the test of terminal restoration");
            }
            let msg = tokio::select! {
                ev = events.next() => match ev {
                    Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
                    Some(Ok(Event::Mouse(m))) if opts.mouse => Some(Msg::Mouse(m)),
                    Some(Ok(Event::Resize(w, h))) => Some(Msg::Resize(w, h)),
                    Some(Ok(_)) => None,
                    // The terminal went away (SSH dropped): shut down cleanly.
                    Some(Err(_)) | None => Some(Msg::Key(crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char('c'), crossterm::event::KeyModifiers::CONTROL))),
                },
                _ = tick.tick() => Some(Msg::Tick),
                m = ev_rx.recv() => Some(Msg::Worker(m.unwrap_or(FromWorker::Closed))),
            };
            if let Some(msg) = msg {
                let tick = matches!(msg, Msg::Tick);
                let ticking = app.ticking();
                let requests = app.update(msg);
                dirty |= !tick || ticking || !requests.is_empty();
                for r in requests {
                    if r == Request::Shutdown {
                        shutdown_at.get_or_insert_with(Instant::now);
                    }
                    let _ = req_tx.send(r);
                }
            }
            if crate::signals::stop_requested() && shutdown_at.is_none() {
                shutdown_at = Some(Instant::now());
                let _ = req_tx.send(Request::Shutdown);
            }
            if app.quit || shutdown_at.is_some_and(|t| t.elapsed() > Duration::from_secs(5)) {
                break;
            }
        }
        Ok(shutdown_at.is_some())
    });
    drop(req_tx);
    let _ = worker.join();
    let _ = io::stdout().flush();
    // The worker ended without being asked (the guardian went away, or the connection broke):
    // say so, with what the UI last showed.
    if !result? {
        let why = app.status.as_ref().map(|(t, _)| t.clone());
        return Err(io::Error::other(
            why.unwrap_or_else(|| "the session ended".into()),
        ));
    }
    Ok(())
}
#[cfg(test)]
mod tests;
