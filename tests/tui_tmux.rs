//! The real binary in a real terminal (tmux): open the demo, find a fresh item, see full
//! playback refused with what is missing, describe it in the form, preview 5 s under another
//! lead's PIN (played to `--sink null`), log the notification decision, try a further use (the
//! store's answer on the form), and play it in full.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::tmux::{Tmux, wait_audit, wait_file};

/// Starts `earshot --sink null` on a test store in a new tmux session; `then` runs in the pane's
/// shell after earshot exits.
fn start_on_store(name: &'static str, s: &common::TestStore, env: &str, then: &str) -> Tmux {
    let home = s.tmp.path().display().to_string();
    let script = format!(
        "env HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config LC_ALL=en_GB.UTF-8 {env} {} EARSHOT_STORE={} EARSHOT_KEY_FILE={} EARSHOT_USER=lea {} --sink null; {then}; sleep 5",
        s.database_shell(),
        s.store_dir().display(),
        s.key_file().display(),
        common::BIN,
    );
    Tmux::start(name, &script)
}

/// Starts `earshot demo --sink null` as lea in a new tmux session, with HOME and TMPDIR in
/// `tmp`; the pane's shell writes earshot's exit code to `done` when it ends.
fn start_demo(session: &'static str, tmp: &Path, done: &Path) -> Tmux {
    let home = tmp.display().to_string();
    let script = format!(
        "cd {home} && env HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config TMPDIR={home} EARSHOT_USER=lea LC_ALL=en_GB.UTF-8 {} demo --sink null; echo $? > {}; sleep 5",
        common::BIN,
        done.display()
    );
    Tmux::start(session, &script)
}

#[test]
fn demo_end_to_end_in_a_real_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let done = tmp.path().join("exit-code");
    let home = tmp.path().display().to_string();
    let t = start_demo("e2e", tmp.path(), &done);

    // The team box and the queue under it (a frame can be caught half drawn).
    let s = t.wait_until("the team box and a selected row", |s| {
        s.contains("Team (demo PINs)") && s.lines().any(|l| l.starts_with("▶"))
    });
    assert!(s.contains("lotte (lead, PIN 654321)"), "{s}");
    // The freshest item is on top: received today, nothing recorded.
    let first = s
        .lines()
        .find(|l| l.starts_with("▶"))
        .unwrap_or_default()
        .to_string();
    assert!(
        first.contains("today") && first.contains("received"),
        "{first}"
    );
    t.keys(&["Enter"]);
    t.wait_for("Item 5 — Case 2026-030 — received");
    t.keys(&["Enter"]);
    let s = t.wait_for("Full playback is locked");
    assert!(s.contains("sender"), "{s}");

    // The metadata form.
    t.keys(&["m"]);
    let form = t.wait_for("Describe the recording — Item 5");
    // The sender starts as the name the chat gave (Yara); it is recorded when saved.
    assert!(form.contains("Yara"), "{form}");
    // A name, Enter to its role (a parent first), Enter adds it; the next name; an empty
    // name and Enter go on to the purpose.
    t.keys(&["Tab"]);
    t.text("Marloes");
    t.keys(&["Enter", "Enter"]);
    t.text("Daan");
    t.keys(&["Enter", "Right", "Enter", "Enter"]);
    t.text("wil dat de ruzies stoppen");
    t.keys(&["C-s"]);
    t.wait_for("Saved.");
    // The item is read again after the save: wait for it on the pane.
    let s = t.wait_for("Marloes (parent)");
    assert!(s.contains("described"), "{s}");

    // A 5 s preview under lotte's PIN (lea is a lead too, so choose lotte explicitly).
    t.keys(&["p"]);
    t.wait_for("Preview — Item 5");
    t.keys(&["Tab"]);
    t.wait_for("Supervisor: lotte");
    t.keys(&["Enter"]);
    t.wait_for("PIN lotte");
    t.text("654321");
    t.keys(&["Enter"]);
    t.wait_for("playing");
    let s = t.wait_for("heard: 5.0 s");
    assert!(s.contains("[--sink null]"), "{s}");
    t.keys(&["Escape"]);
    let s = t.wait_for("Allowance left 15.0 s");
    assert!(
        s.contains("heard 0:00–0:05") && s.contains("supervised by"),
        "the timeline shows the preview: {s}"
    );

    // The notification decision for Marloes.
    t.keys(&["n"]);
    t.wait_for("Notification decision — Item 5");
    t.keys(&["C-s"]);
    let s = t.wait_for("Decision logged.");
    assert!(s.contains("Daan"), "Daan still waits: {s}");
    // Daan, her son, is told through her: the form starts on him; the kind goes to "through
    // a parent" and the parent is Marloes.
    t.keys(&["n"]);
    t.wait_for("Notification decision — Item 5");
    t.keys(&["Tab"]);
    t.keys(&["Right"]);
    let s = t.wait_for("through a parent");
    assert!(s.contains("◀ Daan ▶") && s.contains("◀ Marloes ▶"), "{s}");
    t.keys(&["C-s"]);
    let s = t.wait_until("notification decided", |s| {
        s.contains("Decision logged.") && !s.contains("pending")
    });
    assert!(
        s.contains("notification decided") || s.contains("[open]   further use"),
        "{s}"
    );

    // A further use: the form sends it, and the store's answer (its refusal in the gate's
    // words, or the use recorded) is on the screen.
    t.keys(&["u"]);
    t.wait_for("Further use — Item 5");
    t.text("VTO");
    t.keys(&["Tab"]);
    t.text("Raad voor de Kinderbescherming");
    t.keys(&["Tab"]);
    t.text("Moeder beschrijft de ruzies.");
    t.keys(&["C-s"]);
    let s = t.wait_until("the store's answer to the use", |s| {
        s.contains("! further use refused")
            || s.contains("recorded: a summary shared with Raad voor de Kinderbescherming")
    });
    if s.contains("! further use refused") {
        // What was typed is not lost on one key: Esc asks, a second one leaves.
        t.keys(&["Escape"]);
        t.wait_for("Esc again discards");
        t.keys(&["Escape"]);
    }
    t.wait_for("Item 5 — Case 2026-030");

    // Full playback is now allowed.
    t.keys(&["Enter"]);
    t.wait_for("Playback — Item 5");
    t.keys(&["Enter"]);
    t.wait_for("playing");
    t.keys(&["s"]);
    t.wait_for("heard:");
    t.keys(&["q"]);
    let code = wait_file(&done);
    assert_eq!(code.trim(), "0", "earshot exited with {code:?}");
    // The demo cleaned up after itself.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with("earshot-demo"))
        .collect();
    assert!(left.is_empty(), "demo files left behind: {left:?}");
    assert!(Path::new(&home).exists());
}

#[test]
fn sigterm_during_a_preview_closes_its_accounting_and_restores_the_terminal() {
    let s = common::TestStore::new();
    let id = s.import("voice.opus");
    let done = s.tmp.path().join("exit-code");
    let t = start_on_store("sig", &s, "", &format!("echo $? > {}", done.display()));
    t.wait_for("Queue");
    t.keys(&["Enter"]);
    t.wait_for(&format!("Item {id} — Case C-1"));
    t.keys(&["p"]);
    t.wait_for("Preview —");
    // Four eyes: leo supervises lea's preview, in person.
    t.keys(&["Tab"]);
    t.wait_for("Supervisor: leo");
    t.keys(&["Enter"]);
    t.wait_for("PIN leo");
    t.text("654321");
    t.keys(&["Enter"]);
    t.wait_for("playing");
    std::thread::sleep(Duration::from_millis(1200));
    // The shell in the pane runs earshot as its child.
    let shell = String::from_utf8_lossy(
        &t.cmd(&["display", "-p", "-t", &t.session, "#{pane_pid}"])
            .stdout,
    )
    .trim()
    .to_string();
    let children =
        std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap_or_default();
    let pid: i32 = children
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("earshot runs under the pane's shell");
    // SAFETY: sending SIGTERM to a process this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    assert_eq!(wait_file(&done).trim(), "0");
    let screen = t.screen();
    assert!(
        !screen.contains("Preview —") && !screen.contains("earshot —"),
        "the terminal was not restored:\n{screen}"
    );
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let end = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "preview.end")
        .expect("the preview's accounting was closed");
    let heard = end["detail"]["heard_ms"].as_u64().unwrap();
    assert!((500..3000).contains(&heard), "heard {heard} ms");
    let left = s.json("lea", &["show", &id.to_string()])["preview_left_s"]
        .as_f64()
        .unwrap();
    assert!(
        (left - (20.0 - heard as f64 / 1000.0)).abs() < 1e-9,
        "refunded to what was heard: {left}"
    );
}

#[test]
fn a_panic_restores_the_terminal_and_shows_its_message() {
    let s = common::TestStore::new();
    let state = s.tmp.path().join("stty-after");
    let t = start_on_store(
        "panic",
        &s,
        "RUST_BACKTRACE=0 EARSHOT_TEST_PANIC=1",
        &format!("stty -a > {}", state.display()),
    );
    let screen = t.wait_for("a panic for the test of terminal restoration");
    assert!(
        !screen.contains("earshot — Queue"),
        "the UI is still on screen:\n{screen}"
    );
    let stty = wait_file(&state);
    assert!(
        stty.split_whitespace().any(|w| w == "icanon")
            && stty.split_whitespace().any(|w| w == "echo"),
        "raw mode left on: {stty}"
    );
}

#[test]
fn a_demo_killed_with_sigkill_is_cleaned_up_by_the_next_demo() {
    let tmp = tempfile::tempdir().unwrap();
    let demo_dirs = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("earshot-demo"))
            .collect();
        v.sort();
        v
    };
    // The first demo runs, and is killed with SIGKILL: no destructor runs.
    let first_done = tmp.path().join("first-exit");
    let first = start_demo("killed", tmp.path(), &first_done);
    first.wait_for("Team (demo PINs)");
    let left = demo_dirs();
    assert_eq!(left.len(), 1, "{left:?}");
    // The demo is the child of this pane's shell (other tests run demos at the same time).
    let shell = first.cmd(&["display-message", "-p", "-t", &first.session, "#{pane_pid}"]);
    let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
    let pid = Command::new("pgrep")
        // Anchored: the pane's shell has the same words further along its command line.
        .args([
            "-P",
            &shell,
            "-f",
            &format!("^{} demo --sink null", common::BIN),
        ])
        .output()
        .expect("pgrep");
    let pids = String::from_utf8_lossy(&pid.stdout).into_owned();
    assert_eq!(pids.split_whitespace().count(), 1, "{pids}");
    for p in pids.split_whitespace() {
        assert!(
            Command::new("kill")
                .args(["-KILL", p])
                .status()
                .unwrap()
                .success()
        );
    }
    assert_eq!(wait_file(&first_done).trim(), "137", "killed by SIGKILL");
    assert_eq!(
        demo_dirs(),
        left,
        "SIGKILL leaves the directory (and its key) behind"
    );

    // The next demo removes it, and leaves nothing of its own when it ends.
    let second_done = tmp.path().join("second-exit");
    let second = start_demo("next", tmp.path(), &second_done);
    second.wait_for("Team (demo PINs)");
    let now = demo_dirs();
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now, left, "the killed demo's directory was removed");
    second.keys(&["q"]);
    assert_eq!(wait_file(&second_done).trim(), "0");
    assert!(demo_dirs().is_empty(), "{:?}", demo_dirs());
}

#[test]
fn the_ui_through_the_guardian_is_told_of_changes_and_hears_on_its_own_client() {
    let s = common::TestStore::new();
    let me = common::my_login();
    s.ok("lea", &["team", "add", &me, "--role", "worker"]);
    let first = s.import("voice.opus");
    let socket = s.tmp.path().join("earshot.sock");
    let _guardian = common::serve(&s, &socket);
    let home = s.tmp.path().display().to_string();
    let done = s.tmp.path().join("exit-code");
    // No store, no key, a user name that is not this login: only the socket counts.
    let script = format!(
        "env -u EARSHOT_STORE -u EARSHOT_KEY_FILE HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config LC_ALL=en_GB.UTF-8 EARSHOT_USER=lea {} --socket {} --sink null; echo $? > {}; sleep 5",
        common::BIN,
        socket.display(),
        done.display()
    );
    let t = Tmux::start("guardian", &script);
    // The guardian says who this is: this login, a worker (not lea, whatever EARSHOT_USER says).
    t.wait_for(&format!("Queue — {me} (worker)"));
    // The rows follow the title once the guardian's first queue arrives.
    let s0 = t.wait_for("C-1");
    assert!(s0.contains(&format!("Queue — {me} (worker)")), "{s0}");

    // Another client's import reaches the screen without a key press.
    let f = common::fixture("voice.opus");
    let o = Command::new(common::BIN)
        .arg("--socket")
        .arg(&socket)
        .args([
            "import",
            f.to_str().unwrap(),
            "--case",
            "C-2",
            "--received-by",
            "wim",
        ])
        .args(["--channel", "whatsapp", "--json"])
        .env_remove("EARSHOT_STORE")
        .env_remove("EARSHOT_KEY_FILE")
        .output()
        .unwrap();
    common::assert_ok(&o, &["import through the guardian"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let second = v[0]["id"].as_i64().unwrap();
    t.wait_until("the new item in the queue", |sc| {
        sc.lines().any(|l| l.contains("C-2"))
    });
    // The selection stayed on the item it was on; the new one is above it.
    t.keys(&["Up"]);
    t.wait_until("the new item selected", |sc| {
        sc.lines()
            .find(|l| l.starts_with("▶"))
            .is_some_and(|l| l.contains("C-2"))
    });

    // A preview under lea's PIN, checked in the guardian, streamed to this client.
    t.keys(&["Enter"]);
    t.wait_for(&format!("Item {second} — Case C-2"));
    t.keys(&["p"]);
    t.wait_for(&format!("Preview — Item {second}"));
    t.wait_for("Supervisor: lea");
    t.keys(&["Enter"]);
    t.wait_for("PIN lea");
    t.text("123456");
    t.keys(&["Enter"]);
    t.wait_for("heard:");
    let start = &wait_audit(&s, second, "preview.start", 1)[0];
    assert_eq!(start["actor"], me.as_str(), "{start}");
    let end = &wait_audit(&s, second, "preview.end", 1)[0];
    let detail = &end["detail"];
    assert_eq!(start["detail"]["supervisor"], "lea", "{start}");
    assert_eq!(detail["sink"], "client", "{end}");
    assert!(detail["heard_ms"].as_u64().unwrap() > 0, "{end}");

    // The first item: a preview cut short by killing the client mid-way is closed by the
    // guardian, its accounting whole.
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.wait_for("Queue");
    t.keys(&["Down", "Enter"]);
    t.wait_for(&format!("Item {first} — Case C-1"));
    t.keys(&["p"]);
    t.wait_for("Supervisor: lea");
    t.keys(&["Enter"]);
    t.wait_for("PIN lea");
    t.text("123456");
    t.keys(&["Enter"]);
    t.wait_for("playing");
    wait_audit(&s, first, "preview.start", 1);
    let shell = t.cmd(&["display-message", "-p", "-t", &t.session, "#{pane_pid}"]);
    let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
    let pids = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep");
    let pids = String::from_utf8_lossy(&pids.stdout).into_owned();
    // `env` became earshot: the pane's shell has one child.
    assert_eq!(pids.split_whitespace().count(), 1, "{pids}");
    assert!(
        Command::new("kill")
            .args(["-KILL", pids.trim()])
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(wait_file(&done).trim(), "137");
    let end = &wait_audit(&s, first, "preview.end", 1)[0];
    assert_eq!(end["detail"]["sink"], "client", "{end}");
    assert!(end["detail"]["heard_ms"].as_u64().unwrap() > 0, "{end}");
}

#[test]
fn the_ui_through_the_guardian_says_so_when_the_guardian_goes_away() {
    let s = common::TestStore::new();
    s.ok(
        "lea",
        &["team", "add", &common::my_login(), "--role", "worker"],
    );
    s.import("voice.opus");
    let socket = s.tmp.path().join("earshot.sock");
    let guardian = common::serve(&s, &socket);
    let home = s.tmp.path().display().to_string();
    let done = s.tmp.path().join("exit-code");
    let script = format!(
        "env -u EARSHOT_STORE -u EARSHOT_KEY_FILE HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config LC_ALL=en_GB.UTF-8 {} --socket {} --sink null; echo $? > {}; sleep 5",
        common::BIN,
        socket.display(),
        done.display()
    );
    let t = Tmux::start("gone", &script);
    t.wait_for("Queue");
    drop(guardian);
    assert_eq!(wait_file(&done).trim(), "1");
    let sc = t.wait_for("the guardian closed the connection");
    assert!(sc.contains("terminal UI failed"), "{sc}");
}

#[test]
fn a_key_file_with_a_conflict_is_reported_and_changes_nothing() {
    let s = common::TestStore::new();
    s.import("voice.opus");
    let dir = s.tmp.path().join("config/earshot");
    std::fs::create_dir_all(&dir).unwrap();
    // `s` sorts the queue: as the quit key too it would do two things.
    std::fs::write(dir.join("keys.toml"), "[keys]\nquit = [\"s\"]\n").unwrap();
    let done = s.tmp.path().join("exit-code");
    let t = start_on_store("keys", &s, "", &format!("echo $? > {}", done.display()));
    let sc = t.wait_for("defaults kept");
    assert!(sc.contains("keys.toml"), "{sc}");
    // `s` still sorts, and `q` still quits.
    t.keys(&["s"]);
    t.wait_for("sort: oldest");
    t.keys(&["q"]);
    assert_eq!(wait_file(&done).trim(), "0");
}
