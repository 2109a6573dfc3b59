//! The guardian (`earshot serve`) and its clients, through the real binary and real sockets:
//! identity from the kernel, a store only the guardian can read, files read and written by the
//! client, sound streamed to the client's device, and a client that vanishes mid-preview.
//!
//! The last test creates OS users and needs root (CI runs as root); elsewhere it says so and
//! returns.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, alsa_conf, assert_code, assert_ok, fixture, my_login, streamed_frames};

/// A store, its key, and a guardian serving it on a socket in a private temporary folder.
struct Guardian {
    tmp: tempfile::TempDir,
    child: Option<Child>,
    /// The store's PostgreSQL database, when the suite runs against PostgreSQL.
    database: Option<String>,
}

impl Guardian {
    fn dir(&self) -> &Path {
        self.tmp.path()
    }
    fn store(&self) -> PathBuf {
        self.dir().join("store")
    }
    fn key(&self) -> PathBuf {
        self.dir().join("keys/test.key")
    }
    fn socket(&self) -> PathBuf {
        self.dir().join("run/earshot.sock")
    }

    /// A new store whose first lead is `first_lead` (default: this login), not yet served.
    fn create(first_lead: Option<&str>) -> Guardian {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::create_dir(tmp.path().join("run")).unwrap();
        let database = common::fresh_database();
        let g = Guardian {
            tmp,
            child: None,
            database,
        };
        let mut c = g.local(&["init"]);
        if let Some(l) = first_lead {
            c.args(["--first-lead", l]);
        }
        let o = c.output().unwrap();
        assert_ok(&o, &["init"]);
        g
    }

    /// A command that opens the store itself (single-user mode).
    fn local(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env("EARSHOT_STORE", self.store())
            .env("EARSHOT_KEY_FILE", self.key())
            .envs(
                self.database
                    .iter()
                    .map(|d| ("EARSHOT_DATABASE_URL", d.as_str())),
            )
            .env_remove("EARSHOT_USER")
            .env_remove("EARSHOT_SOCKET")
            .env_remove("EARSHOT_HOST")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null());
        c
    }

    /// Starts `earshot serve` and waits for it to say it listens.
    fn serve(self) -> Guardian {
        self.serve_with(&[])
    }

    /// Starts `earshot serve` with these options too.
    fn serve_with(mut self, opts: &[&str]) -> Guardian {
        let mut c = self.local(&["serve", "--group", ""]);
        c.args(opts)
            .arg("--socket")
            .arg(self.socket())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("start the guardian");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).unwrap();
        if !line.starts_with("listening on") {
            let o = child.wait_with_output().unwrap();
            panic!(
                "the guardian did not start: {line}{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        self.child = Some(child);
        self
    }

    /// A client command: no store of its own, only the socket.
    fn client(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.arg("--socket")
            .arg(self.socket())
            .args(args)
            .env_remove("EARSHOT_STORE")
            .env_remove("EARSHOT_KEY_FILE")
            .env_remove("EARSHOT_DATABASE_URL")
            .env_remove("EARSHOT_USER")
            .env_remove("EARSHOT_HOST")
            .env("HOME", self.dir().join("client-home"))
            .env("LANG", "C.UTF-8")
            .current_dir(self.dir())
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.client(args).output().expect("run a client")
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        let o = self.run(&a);
        assert_ok(&o, &a);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!(
                "{a:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&o.stdout)
            )
        })
    }

    fn actions(&self, item: &str) -> Vec<String> {
        self.json(&["audit", "log", "--item", item])
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_string())
            .collect()
    }

    /// Copies a fixture into the guardian's folder (where clients run) and imports it from
    /// there by its relative name; returns the item's id.
    fn import(&self, name: &str) -> String {
        std::fs::copy(fixture(name), self.dir().join(name)).unwrap();
        let me = my_login();
        let v = self.json(&[
            "import",
            name,
            "--case",
            "KT-1",
            "--received-by",
            &me,
            "--channel",
            "whatsapp",
        ]);
        v[0]["id"].as_i64().unwrap().to_string()
    }
}

impl Drop for Guardian {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(c.id() as i32, libc::SIGTERM) };
            let _ = c.wait();
        }
    }
}

/// A team with a second lead (`leo`, PIN 246810) and a described item.
fn team_with_item() -> (Guardian, String) {
    let g = Guardian::create(None).serve();
    let o = g.run(&["team", "add", "leo", "--role", "lead"]);
    assert_ok(&o, &["team", "add", "leo"]);
    // Only leo sets leo's PIN; leo is no login on this machine, so in single-user mode.
    let o = g
        .local(&["team", "pin", "--pin-stdin"])
        .env("EARSHOT_USER", "leo")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            let _ = c.stdin.take().map(|mut i| i.write_all(b"246810\n"));
            c.wait_with_output()
        })
        .unwrap();
    assert_ok(&o, &["team", "pin", "as leo"]);
    let id = g.import("voice.opus");
    (g, id)
}

#[test]
fn a_client_is_who_the_kernel_says_whatever_it_claims() {
    let g = Guardian::create(None).serve();
    let me = my_login();
    let v = g.json(&["whoami"]);
    assert_eq!(v["user"], me.as_str());
    assert_eq!(v["role"], "lead");
    assert_eq!(v["mode"], "guardian");
    // Claiming to be someone else changes nothing.
    let o = g
        .client(&["whoami", "--json"])
        .env("EARSHOT_USER", "leo")
        .output()
        .unwrap();
    assert_ok(&o, &["whoami"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["user"], me.as_str());
    // Nor can a client pick the store.
    let o = g.run(&["--store", "/tmp", "queue"]);
    assert_code(&o, 2, &["--store"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot choose the store"));
    // In the client's language, which its hello carries.
    let o = g
        .client(&["--store", "/tmp", "queue"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    assert_code(&o, 2, &["--store", "in Dutch"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("kan de opslag niet kiezen"), "{err}");
    assert!(earshot::core::wording::not_dutch(&err).is_empty(), "{err}");
    // In single-user mode EARSHOT_USER is honoured, and whoami says which mode it is.
    let o = g.local(&["whoami", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["mode"], "single-user");
}

#[test]
fn a_clients_errors_are_in_the_clients_language() {
    let g = Guardian::create(None).serve();
    let id = g.import("voice.opus");
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    // A refusal by the gate and a store error, worded for a Dutch client...
    let o = g.run(&["--lang", "nl", "play", &id, "--sink", "null"]);
    assert_code(&o, 3, &["--lang nl", "play"]);
    assert!(
        stderr(&o).contains("volledig afspelen geweigerd:"),
        "{}",
        stderr(&o)
    );
    let o = g
        .client(&["show", "999"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    assert_code(&o, 2, &["show 999", "LANG=nl_NL"]);
    assert!(
        stderr(&o).contains("er is geen item 999 in deze opslag"),
        "{}",
        stderr(&o)
    );
    // ...while the next client, in English, gets English from the same guardian.
    let o = g.run(&["play", &id, "--sink", "null"]);
    assert_code(&o, 3, &["play"]);
    assert!(
        stderr(&o).contains("full playback refused:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_login_not_on_the_team_is_refused_and_logged() {
    // The store's only member is `nobody`: this login is a stranger to it.
    let g = Guardian::create(Some("nobody")).serve();
    let o = g.run(&["queue"]);
    assert_code(&o, 3, &["queue"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not on this store's team"), "{err}");
    let o = g
        .local(&["audit", "log", "--json"])
        .env("EARSHOT_USER", "nobody")
        .output()
        .unwrap();
    assert_ok(&o, &["audit", "log"]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let stranger = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "guardian.stranger")
        .expect("the refusal is in the log");
    assert_eq!(stranger["actor"], my_login().as_str());
    // `init --first-lead` takes only a login this machine has.
    let t = tempfile::tempdir().unwrap();
    let o = Command::new(BIN)
        .args(["init", "--first-lead", "no-such-login-here"])
        .env("EARSHOT_STORE", t.path().join("s"))
        .env("EARSHOT_KEY_FILE", t.path().join("k"))
        .output()
        .unwrap();
    assert_code(&o, 2, &["init", "--first-lead"]);
}

#[test]
fn the_guardian_will_not_serve_a_store_others_can_read_or_an_unsafe_socket() {
    let g = Guardian::create(None);
    std::fs::set_permissions(g.key(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut c = g.local(&["serve", "--group", "", "--socket"]);
    let o = c.arg(g.socket()).output().unwrap();
    assert_code(&o, 2, &["serve"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("644"));
    std::fs::set_permissions(g.key(), std::fs::Permissions::from_mode(0o600)).unwrap();
    // A socket folder anyone can write to, without the sticky bit.
    let open = g.dir().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let o = g
        .local(&["serve", "--group", "", "--socket"])
        .arg(open.join("s.sock"))
        .output()
        .unwrap();
    assert_code(&o, 2, &["serve", "open folder"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("sticky"));
    // A path that is a file, not a socket, is never replaced.
    let file = g.dir().join("run/not-a-socket");
    std::fs::write(&file, b"keep me").unwrap();
    let o = g
        .local(&["serve", "--group", "", "--socket"])
        .arg(&file)
        .output()
        .unwrap();
    assert_code(&o, 2, &["serve", "file"]);
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
}

#[test]
fn files_are_read_and_written_by_the_client_never_by_the_guardian() {
    let (g, id) = team_with_item();
    // The import above read a relative path in the client's folder. A path the client did
    // not name is never sent: the guardian cannot make the client read one.
    let o = g.run(&[
        "import",
        "missing.ogg",
        "--case",
        "KT-1",
        "--received-by",
        &my_login(),
        "--channel",
        "whatsapp",
    ]);
    assert_code(&o, 2, &["import", "missing"]);
    // A report is written where the client asked, 0600, by the client.
    let out = g.dir().join("reports/item.md");
    let o = g.run(&["report", &id, "--out", "reports/item.md"]);
    assert_ok(&o, &["report", "--out"]);
    let m = std::fs::metadata(&out).expect("the report was written by the client");
    assert_eq!(m.permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&out).unwrap().contains(id.as_str()));
    // A template folder named by a client would be read by the guardian, links and all (the
    // key, say): refused.
    let o = g.run(&[
        "letter",
        &id,
        "--subject",
        "Maria",
        "--kind",
        "notification",
        "--templates",
        "/run",
    ]);
    assert_code(&o, 2, &["letter --templates"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("template folder"));
    let o = g
        .client(&[
            "letter",
            &id,
            "--subject",
            "Maria",
            "--kind",
            "notification",
            "--templates",
            "/run",
        ])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    assert_code(&o, 2, &["letter --templates", "in Dutch"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("geen map met sjablonen kiezen"), "{err}");
    assert!(earshot::core::wording::not_dutch(&err).is_empty(), "{err}");
    // An existing file is not overwritten without --force.
    let o = g.run(&["report", &id, "--out", "reports/item.md"]);
    assert_code(&o, 2, &["report", "again"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
}

#[test]
fn a_preview_is_streamed_to_the_clients_own_device_and_no_more_than_the_window() {
    let (g, id) = team_with_item();
    let heard = g.dir().join("heard.wav");
    let conf = alsa_conf(g.dir(), &heard);
    let mut c = g.client(&[
        "preview",
        &id,
        "--seconds",
        "2",
        "--from",
        "0:01",
        "--supervisor",
        "leo",
        "--pin-stdin",
        "--json",
    ]);
    c.env("ALSA_CONFIG_PATH", &conf)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"246810\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_ok(&o, &["preview"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["sink"], "client");
    assert_eq!(v["heard_ms"], 2000);
    let (rate, frames) = streamed_frames(&heard);
    let window = 2 * rate as u64;
    assert!(
        frames <= window,
        "{frames} frames reached the client's device; the window is {window}"
    );
    assert!(
        frames as f64 >= window as f64 * 0.8,
        "only {frames} of {window} frames reached the client's device"
    );
    let log = g.json(&["audit", "log", "--item", &id]);
    let start = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "preview.start")
        .unwrap();
    assert_eq!(start["actor"], my_login().as_str());
    assert_eq!(start["detail"]["supervisor"], "leo");
    assert_eq!(start["detail"]["sink"], "client");
}

/// A stand-in for `ssh` on the client's PATH: it runs `earshot dial-stdio` here, as this
/// login, and keeps a copy of everything the guardian sends in `wire`.
fn fake_ssh(g: &Guardian, wire: &Path) -> PathBuf {
    let bin = g.dir().join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/bin/sh\n# Called as: ssh -T [-p PORT] -- DEST earshot dial-stdio\n\
         '{}' dial-stdio --socket '{}' | tee '{}'\n",
        BIN,
        g.socket().display(),
        wire.display()
    );
    let ssh = bin.join("ssh");
    std::fs::write(&ssh, script).unwrap();
    std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// What the guardian streamed, read from a copy of its side of the connection: the format and
/// the bytes of its `Audio` frames.
fn streamed(wire: &Path) -> (earshot::guardian::frame::AudioFormat, usize) {
    use earshot::guardian::frame::Down;
    let bytes = std::fs::read(wire).expect("the copy of the connection");
    let mut r = &bytes[..];
    let (mut format, mut audio) = (None, 0);
    while let Some(f) = Down::read(&mut r).expect("a frame") {
        match f {
            Down::AudioStart(f) => format = Some(f),
            Down::Audio(b) => audio += b.len(),
            _ => {}
        }
    }
    (format.expect("an AudioStart"), audio)
}

#[test]
fn over_ssh_a_preview_travels_as_opus_and_plays_exactly_the_window() {
    use earshot::guardian::frame::Encoding;
    let (g, opus_item) = team_with_item();
    let mp3_item = g.import("voice.mp3");
    // (item, EARSHOT_STREAM, the encoding and rate it must travel in): a 48 kHz voice note
    // as Opus by default over SSH; a 44.1 kHz mp3 forced to Opus by the variable, at 48 kHz;
    // the variable forcing PCM.
    let runs = [
        (&opus_item, None, Encoding::Opus, 48_000, "default"),
        (&mp3_item, Some("opus"), Encoding::Opus, 48_000, "forced"),
        (&opus_item, Some("pcm"), Encoding::Pcm16, 48_000, "pcm"),
    ];
    for (item, var, encoding, rate, tag) in runs {
        let heard = g.dir().join(format!("heard-{tag}.wav"));
        let wire = g.dir().join(format!("wire-{tag}"));
        let conf = alsa_conf(g.dir(), &heard);
        let bin = fake_ssh(&g, &wire);
        let before = g
            .actions(item)
            .iter()
            .filter(|a| *a == "preview.end")
            .count();
        let mut c = g.client(&[
            "preview",
            item,
            "--seconds",
            "2",
            "--from",
            "0:01",
            "--supervisor",
            "leo",
            "--pin-stdin",
            "--json",
        ]);
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        c.env("EARSHOT_HOST", "ssh://tester@localhost")
            .env("PATH", path)
            .env("ALSA_CONFIG_PATH", &conf)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match var {
            Some(v) => c.env("EARSHOT_STREAM", v),
            None => c.env_remove("EARSHOT_STREAM"),
        };
        let mut child = c.spawn().unwrap();
        child.stdin.take().unwrap().write_all(b"246810\n").unwrap();
        let o = child.wait_with_output().unwrap();
        assert_ok(&o, &["preview", tag]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["sink"], "client", "{tag}");
        assert_eq!(v["heard_ms"], 2000, "{tag}");

        // On the wire: the encoding asked for, and its size.
        let (format, bytes) = streamed(&wire);
        assert_eq!(
            (format.encoding, format.rate, format.channels),
            (encoding, rate, 1),
            "{tag}"
        );
        let per_second = bytes as f64 / 2.0;
        match encoding {
            Encoding::Opus => {
                assert_eq!(format.bitrate, Some(32_000), "{tag}");
                assert!(per_second < 32_000.0 / 8.0 * 1.5, "{tag}: {per_second} B/s");
            }
            Encoding::Pcm16 => assert_eq!(bytes, 2 * 48_000 * 2, "{tag}"),
        }

        // On the device: the window, no more (and not much less: the capture counts frames
        // that are not exact silence).
        let (dev_rate, frames) = streamed_frames(&heard);
        let window = 2 * dev_rate as u64;
        assert!(
            frames <= window,
            "{tag}: {frames} frames reached the client's device; the window is {window}"
        );
        assert!(
            frames as f64 >= window as f64 * 0.8,
            "{tag}: only {frames} of {window} frames reached the client's device"
        );

        // In the log: what was debited and heard, as with PCM on a socket.
        let log = g.json(&["audit", "log", "--item", item]);
        let ends: Vec<&serde_json::Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "preview.end")
            .collect();
        assert_eq!(ends.len(), before + 1, "{tag}");
        let end = ends.last().unwrap();
        assert_eq!(end["detail"]["heard_ms"], 2000, "{tag}: {end}");
        let start = log
            .as_array()
            .unwrap()
            .iter()
            .rfind(|e| e["action"] == "preview.start")
            .unwrap();
        assert_eq!(start["detail"]["sink"], "client", "{tag}");
    }
}

/// Waits until `item`'s log holds `action` (the guardian closes the accounting on its own).
fn wait_for(g: &Guardian, item: &str, action: &str) {
    let t0 = Instant::now();
    while !g.actions(item).iter().any(|a| a == action) {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "no {action} in the log"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_client_that_vanishes_mid_preview_leaves_the_accounting_closed() {
    let (g, id) = team_with_item();
    for sink in ["null", "default"] {
        let heard = g.dir().join(format!("vanish-{sink}.wav"));
        let conf = alsa_conf(g.dir(), &heard);
        let mut c = g.client(&[
            "preview",
            &id,
            "--seconds",
            "3",
            "--supervisor",
            "leo",
            "--pin-stdin",
            "--sink",
            sink,
        ]);
        c.env("ALSA_CONFIG_PATH", &conf)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        child.stdin.take().unwrap().write_all(b"246810\n").unwrap();
        let before = g
            .actions(&id)
            .iter()
            .filter(|a| *a == "preview.end")
            .count();
        // Once the guardian logged the start, the client is killed outright.
        let t0 = Instant::now();
        while g
            .actions(&id)
            .iter()
            .filter(|a| *a == "preview.start")
            .count()
            <= before
        {
            assert!(t0.elapsed() < Duration::from_secs(30), "no preview.start");
            std::thread::sleep(Duration::from_millis(50));
        }
        child.kill().unwrap();
        let _ = child.wait();
        let t0 = Instant::now();
        while g
            .actions(&id)
            .iter()
            .filter(|a| *a == "preview.end")
            .count()
            <= before
        {
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "the guardian never closed the preview ({sink})"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    wait_for(&g, &id, "preview.end");
    // The item is still usable: the guardian kept serving.
    let v = g.json(&["show", &id]);
    assert_eq!(v["id"].as_i64().unwrap().to_string(), id);
}

/// Holds `n` of this login's slots on `g` with commands that keep running (watchers), and
/// returns once each of them is known to run: a change made beside the guardian reaches them all.
fn hold_slots(g: &Guardian, n: usize) -> Vec<Child> {
    let mut held = Vec::new();
    let mut lines = Vec::new();
    for _ in 0..n {
        let mut w = g
            .client(&["watch", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        lines.push(lines_of(&mut w));
        held.push(w);
    }
    // A change made in single-user mode: each watcher prints it once it runs (it looks twice a
    // second). Changes are made until every watcher has spoken.
    let t0 = Instant::now();
    let mut spoke = vec![false; n];
    let mut k = 0;
    while spoke.iter().any(|s| !s) {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the watchers never ran"
        );
        k += 1;
        let o = g
            .local(&["team", "add", &format!("h{k}"), "--role", "worker"])
            .output()
            .unwrap();
        assert_ok(&o, &["team add beside the guardian"]);
        for (i, rx) in lines.iter().enumerate() {
            if rx.recv_timeout(Duration::from_millis(700)).is_ok() {
                spoke[i] = true;
            }
        }
    }
    held
}

#[test]
fn a_flood_from_one_user_is_refused_while_the_guardian_keeps_serving() {
    let g = Guardian::create(None).serve();
    // This login's eight slots, each held by a running command.
    let mut held = hold_slots(&g, 8);
    let o = g.run(&["whoami"]);
    assert_code(&o, 1, &["a ninth command"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("8 commands running"), "{err}");
    // One ends: the guardian serves again.
    let mut one = held.pop().unwrap();
    one.kill().unwrap();
    let _ = one.wait();
    let t0 = Instant::now();
    while g.run(&["whoami"]).status.code() != Some(0) {
        assert!(t0.elapsed() < Duration::from_secs(30), "never served again");
        std::thread::sleep(Duration::from_millis(50));
    }
    for mut w in held {
        let _ = w.kill();
        let _ = w.wait();
    }
}

#[test]
fn the_per_user_limits_are_the_guardians_options() {
    for bad in [["--max-per-user", "0"], ["--rate-per-user", "0"]] {
        let g = Guardian::create(None);
        let o = g
            .local(&["serve", "--group", "", "--socket"])
            .arg(g.socket())
            .args(bad)
            .output()
            .unwrap();
        assert_code(&o, 2, &bad);
    }
    // Two at once: a third is refused while two running commands hold the slots.
    let g = Guardian::create(None).serve_with(&["--max-per-user", "2"]);
    let held = hold_slots(&g, 2);
    let o = g.run(&["whoami"]);
    assert_code(&o, 1, &["a third command"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2 commands running"), "{err}");
    for mut w in held {
        let _ = w.kill();
        let _ = w.wait();
    }
    // Three in any ten seconds: the fourth is refused, whatever else is running.
    let g = Guardian::create(None).serve_with(&["--rate-per-user", "3"]);
    for i in 0..3 {
        assert_ok(&g.run(&["whoami"]), &[&format!("whoami {i}")]);
    }
    let o = g.run(&["whoami"]);
    assert_code(&o, 1, &["the fourth whoami"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("too many commands from you (3 in 10 s)"),
        "{err}"
    );
}

/// Reads a child's standard output line by line on a thread, so a test can wait for a line
/// with a deadline instead of blocking forever.
fn lines_of(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                return;
            }
        }
    });
    rx
}

fn next_with(rx: &std::sync::mpsc::Receiver<String>, action: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let l = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {action} line"));
        let v: serde_json::Value = serde_json::from_str(&l).expect("a JSON line");
        if v["action"] == action {
            return v;
        }
    }
}

#[test]
fn a_watcher_is_told_what_changed_through_the_guardian_and_in_single_user_mode() {
    let g = Guardian::create(None).serve();
    // Through the guardian: the change is pushed when the command that made it ends.
    let mut w = g.client(&["watch", "--json"]);
    let mut w = w
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut w);
    // The watcher starts at the newest entry: wait until it is connected, then change something.
    let t0 = Instant::now();
    loop {
        let o = g.run(&[
            "team",
            "add",
            &format!("w{}", t0.elapsed().as_millis()),
            "--role",
            "worker",
        ]);
        assert_ok(&o, &["team add"]);
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(300)) {
            let v: serde_json::Value = serde_json::from_str(&l).unwrap();
            assert_eq!(v["action"], "team.add");
            assert_eq!(v["actor"], my_login().as_str());
            assert!(v["description"].as_str().unwrap().contains("team"), "{v}");
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the watcher never spoke"
        );
    }
    let o = g.run(&["settings", "escalation_days", "4"]);
    assert_ok(&o, &["settings"]);
    let v = next_with(&rx, "settings.set");
    assert!(v["seq"].as_i64().unwrap() > 1);
    w.kill().unwrap();
    let _ = w.wait();
    // In single-user mode, from the start of the log: the store's creation comes first.
    let mut w = g.local(&["watch", "--json", "--from", "0"]);
    let mut w = w
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut w);
    let first: serde_json::Value = serde_json::from_str(
        &rx.recv_timeout(Duration::from_secs(20))
            .expect("a first line"),
    )
    .unwrap();
    assert_eq!(first["seq"], 1);
    assert_eq!(first["action"], "store.init");
    // SIGINT ends it with 130, like a listen.
    unsafe { libc::kill(w.id() as i32, libc::SIGINT) };
    let status = w.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let o = g.local(&["watch", "--from", "-3"]).output().unwrap();
    assert_code(&o, 2, &["watch --from -3"]);
}
