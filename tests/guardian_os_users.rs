//! The guardian with real OS users, as a team runs it: the guardian as its own user, a lead and
//! a worker with their own logins. Creates OS users and needs root (CI runs as root); elsewhere
//! it says so and returns.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, alsa_conf, assert_code, assert_ok, fixture, streamed_frames};

fn sh(args: &[&str]) -> Output {
    Command::new(args[0])
        .args(&args[1..])
        .output()
        .unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn ensure_user(name: &str, group: &str) {
    if sh(&["id", "-u", name]).status.success() {
        let _ = sh(&["usermod", "-aG", group, name]);
        return;
    }
    let o = sh(&[
        "useradd",
        "--system",
        "--no-create-home",
        "--shell",
        "/usr/sbin/nologin",
        "--groups",
        group,
        name,
    ]);
    assert_ok(&o, &["useradd", name]);
}

/// Runs `bin args` as `user`, with only the environment given.
fn as_user(user: &str, env: &[(&str, &Path)], bin: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("runuser");
    c.args([
        "-u",
        user,
        "--",
        "env",
        "-i",
        "LANG=C.UTF-8",
        "PATH=/usr/bin:/bin",
    ]);
    for (k, v) in env {
        c.arg(format!("{k}={}", v.display()));
    }
    c.arg(bin).args(args).stdin(Stdio::null());
    c
}

#[test]
fn with_real_os_users_a_worker_cannot_reach_the_store_or_be_someone_else() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: creating OS users needs root (CI runs this test as root)");
        return;
    }
    let group = "earshot-e2e";
    if !sh(&["getent", "group", group]).status.success() {
        assert_ok(&sh(&["groupadd", "--system", group]), &["groupadd"]);
    }
    for u in ["es-guard", "es-lead"] {
        ensure_user(u, group);
    }
    // The worker starts outside the group: who may connect is the group.
    if !sh(&["id", "-u", "es-work"]).status.success() {
        assert_ok(
            &sh(&[
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                "es-work",
            ]),
            &["useradd es-work"],
        );
    } else {
        let _ = sh(&["gpasswd", "-d", "es-work", group]);
    }
    let base = tempfile::tempdir().unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // The binary where every user can run it.
    let bin = base.path().join("earshot");
    std::fs::copy(BIN, &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = base.path().join("guard");
    let run = base.path().join("run");
    for d in [&home, &run] {
        std::fs::create_dir(d).unwrap();
    }
    assert_ok(
        &sh(&["chown", "es-guard:es-guard", home.to_str().unwrap()]),
        &["chown"],
    );
    assert_ok(
        &sh(&["chown", &format!("es-guard:{group}"), run.to_str().unwrap()]),
        &["chown run"],
    );
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o750)).unwrap();
    let store = home.join("store");
    let key = home.join("keys/earshot.key");
    let sock = run.join("earshot.sock");
    let genv: [(&str, &Path); 3] = [
        ("EARSHOT_STORE", &store),
        ("EARSHOT_KEY_FILE", &key),
        ("HOME", &home),
    ];
    let o = as_user(
        "es-guard",
        &genv,
        &bin,
        &["init", "--first-lead", "es-lead"],
    )
    .output()
    .unwrap();
    assert_ok(&o, &["init as the guardian"]);
    let mut guardian = as_user(
        "es-guard",
        &genv,
        &bin,
        &[
            "serve",
            "--group",
            group,
            "--socket",
            sock.to_str().unwrap(),
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut line = String::new();
    BufReader::new(guardian.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    struct Stop(Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            // runuser passes SIGTERM on to the guardian.
            unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
            let _ = self.0.wait();
        }
    }
    let guardian = Stop(guardian);
    assert!(line.starts_with("listening on"), "{line}");
    let nohome: [(&str, &Path); 1] = [("HOME", base.path())];
    let client = |user: &str, args: &[&str]| -> Output {
        let mut a = vec!["--socket", sock.to_str().unwrap()];
        a.extend_from_slice(args);
        as_user(user, &nohome, &bin, &a).output().unwrap()
    };
    // The worker cannot read the store or the key, nor open the store itself.
    let o = as_user(
        "es-work",
        &nohome,
        Path::new("/bin/cat"),
        &[key.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(!o.status.success(), "the worker read the key");
    let o = as_user(
        "es-work",
        &[("EARSHOT_STORE", &store), ("EARSHOT_KEY_FILE", &key)],
        &bin,
        &["queue"],
    )
    .output()
    .unwrap();
    assert!(!o.status.success(), "the worker opened the store directly");
    // And is told why in plain words: not "there is no store".
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("permission denied"), "{err}");
    // Outside the group, the worker cannot even connect.
    let o = client("es-work", &["whoami"]);
    assert!(!o.status.success());
    // The lead, from their own session, adds the worker to the roster; the OS adds them to the
    // group.
    let o = client("es-lead", &["team", "add", "es-work", "--role", "worker"]);
    assert_ok(&o, &["team add es-work"]);
    assert_ok(&sh(&["usermod", "-aG", group, "es-work"]), &["usermod"]);
    let o = as_user(
        "es-work",
        &[
            ("HOME", base.path()),
            ("EARSHOT_USER", Path::new("es-lead")),
        ],
        &bin,
        &["--socket", sock.to_str().unwrap(), "whoami", "--json"],
    )
    .output()
    .unwrap();
    assert_ok(&o, &["whoami as es-work"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["user"], "es-work",
        "EARSHOT_USER changed who the worker is"
    );
    assert_eq!(v["role"], "worker");
    assert_eq!(v["mode"], "guardian");
    // A worker's settings change is refused, and the refusal is logged under their name.
    let o = client("es-work", &["settings", "preview_cap_s", "60"]);
    assert_code(&o, 3, &["settings as a worker"]);
    let o = client("es-lead", &["audit", "log", "--json"]);
    assert_ok(&o, &["audit log"]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "refused" && e["actor"] == "es-work"),
        "{log}"
    );
    // PINs are checked inside the guardian: the lead sets theirs from their own session, and
    // a worker guessing it is stopped at the sixth try.
    let pin_as = |user: &str, args: &[&str], pin: &str| -> Output {
        let mut a = vec!["--socket", sock.to_str().unwrap()];
        a.extend_from_slice(args);
        let mut c = as_user(user, &nohome, &bin, &a);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{pin}\n").as_bytes());
        child.wait_with_output().unwrap()
    };
    assert_ok(
        &pin_as("es-lead", &["team", "pin", "--pin-stdin"], "135790"),
        &["team pin"],
    );
    let voice = base.path().join("voice.opus");
    std::fs::copy(fixture("voice.opus"), &voice).unwrap();
    std::fs::set_permissions(&voice, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = client(
        "es-work",
        &[
            "import",
            voice.to_str().unwrap(),
            "--case",
            "KT-9",
            "--received-by",
            "es-work",
            "--channel",
            "whatsapp",
            "--json",
        ],
    );
    assert_ok(&o, &["import as es-work"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let item = v[0]["id"].as_i64().unwrap().to_string();
    // A preview that the lead approves from their own session: it plays the window, and no
    // more, on the worker's own device, and the log names both.
    let work = base.path().join("work");
    std::fs::create_dir(&work).unwrap();
    assert_ok(
        &sh(&["chown", "es-work", work.to_str().unwrap()]),
        &["chown work"],
    );
    let heard = work.join("heard.wav");
    let conf = alsa_conf(&work, &heard);
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o644)).unwrap();
    let waiting = as_user(
        "es-work",
        &[("HOME", base.path()), ("ALSA_CONFIG_PATH", &conf)],
        &bin,
        &[
            "--socket",
            sock.to_str().unwrap(),
            "preview",
            &item,
            "--seconds",
            "2",
            "--from",
            "0:01",
            "--supervisor",
            "es-lead",
            "--json",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let t0 = Instant::now();
    let request = loop {
        let o = client("es-lead", &["approvals", "--json"]);
        assert_ok(&o, &["approvals"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        if let Some(r) = v
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["requested_by"] == "es-work")
        {
            assert_eq!(r["kind"], "preview");
            break r["id"].as_i64().unwrap().to_string();
        }
        assert!(t0.elapsed() < Duration::from_secs(30), "no request arrived");
        std::thread::sleep(Duration::from_millis(100));
    };
    // The worker cannot answer it; the lead does, from their own session.
    assert_code(
        &client("es-work", &["approve", &request]),
        3,
        &["worker approves"],
    );
    assert_ok(&client("es-lead", &["approve", &request]), &["approve"]);
    let o = waiting.wait_with_output().unwrap();
    assert_ok(&o, &["the approved preview"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["sink"], "client");
    assert_eq!(v["heard_ms"], 2000);
    let (rate, frames) = streamed_frames(&heard);
    assert!(
        frames <= 2 * rate as u64,
        "{frames} frames: more than the window"
    );
    assert!(
        frames as f64 >= 1.6 * rate as f64,
        "only {frames} frames reached the worker's device"
    );
    let o = client("es-lead", &["audit", "log", "--item", &item, "--json"]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let start = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "preview.start")
        .expect("preview.start");
    assert_eq!(start["actor"], "es-work");
    assert_eq!(start["detail"]["supervisor"], "es-lead");
    // The only lead cannot supervise their own preview: it waits for a second lead.
    let o = client(
        "es-lead",
        &[
            "preview",
            &item,
            "--seconds",
            "1",
            "--supervisor",
            "es-lead",
            "--sink",
            "null",
        ],
    );
    assert_code(&o, 3, &["a lead's own preview"]);
    let guess = [
        "preview",
        item.as_str(),
        "--seconds",
        "1",
        "--supervisor",
        "es-lead",
        "--pin-stdin",
        "--sink",
        "null",
    ];
    for i in 0..5 {
        let o = pin_as("es-work", &guess, &format!("00000{i}"));
        assert!(!o.status.success(), "guess {i} was taken");
        // The fifth wrong PIN is the one that locks.
        if i < 4 {
            assert_ne!(o.status.code(), Some(3), "locked too early, at guess {i}");
        }
    }
    // The sixth is refused even with the right PIN: locked, and when it unlocks.
    let o = pin_as("es-work", &guess, "135790");
    assert_code(&o, 3, &["the sixth PIN"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("locked"), "{err}");
    let o = client("es-lead", &["audit", "log", "--json"]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let count = |a: &str| {
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == a && e["actor"] == "es-work")
            .count()
    };
    assert_eq!(count("pin.failed"), 5, "{log}");
    assert_eq!(count("pin.locked"), 1, "{log}");
    drop(guardian);
}
