//! Listening from the command line: capped previews accounted exactly, refusals with exit 3,
//! a preview killed or interrupted mid-way, real playback through ALSA into a file, and no
//! decrypted audio on disk.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

fn preview_left(s: &TestStore, id: &str) -> f64 {
    s.json("lea", &["show", id])["preview_left_s"]
        .as_f64()
        .unwrap()
}

fn actions(s: &TestStore, id: &str) -> Vec<String> {
    s.json("lea", &["audit", "log", "--item", id])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_preview_is_accounted_to_the_millisecond_and_refunded() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let v = s.json_stdin_ok(
        "leo",
        &[
            "preview",
            &id,
            "--seconds",
            "1.5",
            "--from",
            "0:01",
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "123456\n",
    );
    assert_eq!(v["heard_ms"], 1500);
    assert_eq!(v["reason"], "cap");
    assert_eq!(v["sink"], "null");
    assert_eq!(v["ranges_ms"][0][0], 1000);
    assert_eq!(v["ranges_ms"][0][1], 2500);
    assert_eq!(preview_left(&s, &id), 18.5);
    // A window past the end of the recording is cut at the end, and only that is debited.
    let v = s.json_stdin_ok(
        "leo",
        &[
            "preview",
            &id,
            "--seconds",
            "5",
            "--from",
            "0:03",
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "123456\n",
    );
    let heard = v["heard_ms"].as_u64().unwrap();
    assert!((790..=800).contains(&heard), "{heard}");
    assert!((preview_left(&s, &id) - (18.5 - heard as f64 / 1000.0)).abs() < 1e-9);
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let start = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "preview.start")
        .unwrap();
    assert_eq!(
        start["detail"]["sink"], "null",
        "null playback is marked in the log"
    );
    assert_eq!(start["detail"]["supervisor"], "lea");
}

#[test]
fn the_gate_refuses_from_the_cli_with_exit_3() {
    let s = TestStore::new();
    let id = s.import("voice.m4a").to_string();
    let err = s.fails("wim", &["play", &id, "--sink", "null"], 3);
    assert!(
        err.contains("full playback refused") && err.contains("sender"),
        "{err}"
    );
    let err = s.fails(
        "wim",
        &["preview", &id, "--supervisor", "wendy", "--sink", "null"],
        3,
    );
    assert!(err.contains("wendy is not a team leader"), "{err}");
    // Without lea's PIN, the preview waits for lea's approval: unanswered, it expires.
    let err = s.fails(
        "wim",
        &[
            "preview",
            &id,
            "--supervisor",
            "lea",
            "--sink",
            "null",
            "--wait-s",
            "0",
        ],
        3,
    );
    assert!(err.contains("expired"), "{err}");
    // Use the allowance up with two previews under leo's supervision.
    s.ok("lea", &["settings", "preview_cap_s", "2"]);
    let v = s.json_stdin_ok(
        "wim",
        &[
            "preview",
            &id,
            "--supervisor",
            "leo",
            "--pin-stdin",
            "--seconds",
            "1.2",
            "--sink",
            "null",
        ],
        "654321\n",
    );
    assert_eq!(v["preview_left_ms"], 800);
    let v = s.json_stdin_ok(
        "leo",
        &[
            "preview",
            &id,
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--seconds",
            "9",
            "--sink",
            "null",
        ],
        "123456\n",
    );
    assert_eq!(v["heard_ms"], 800, "capped at what was left");
    let err = s.fails_stdin(
        "leo",
        &[
            "preview",
            &id,
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "123456\n",
        3,
    );
    assert!(
        err.contains("allowance of 2 s") && err.contains("used up"),
        "{err}"
    );
    let a = actions(&s, &id);
    assert_eq!(a.iter().filter(|x| *x == "refused").count(), 3, "{a:?}");
    s.fails(
        "lea",
        &["preview", &id, "--supervisor", "lea", "--from", "9:99"],
        2,
    );
    s.fails(
        "lea",
        &["preview", &id, "--supervisor", "lea", "--seconds", "-1"],
        2,
    );
}

#[test]
fn full_playback_records_the_ranges_heard() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let id = id.to_string();
    let v = s.json(
        "wim",
        &[
            "play", &id, "--from", "0:01", "--to", "0:02.5", "--sink", "null",
        ],
    );
    assert_eq!(v["ranges_ms"][0][0], 1000);
    assert_eq!(v["ranges_ms"][0][1], 2500);
    assert_eq!(v["heard_ms"], 1500);
    let shown = s.json("wim", &["show", &id]);
    assert_eq!(shown["heard"][0][0], 1.0);
    assert_eq!(shown["heard"][0][1], 2.5);
    let a = actions(&s, &id);
    assert!(
        a.contains(&"play.start".into())
            && a.contains(&"play.heard".into())
            && a.contains(&"play.end".into()),
        "{a:?}"
    );
    s.fails(
        "wim",
        &[
            "play", &id, "--from", "0:02", "--to", "0:01", "--sink", "null",
        ],
        2,
    );
}

/// Lea's PIN, as a file to give a command as its standard input (lea supervises in person).
fn lea_pin(s: &TestStore) -> std::fs::File {
    let p = s.tmp.path().join("lea.pin");
    std::fs::write(&p, "123456\n").unwrap();
    std::fs::File::open(p).unwrap()
}

/// Starts a 3 s preview of `id` by leo to the null sink, supervised by lea in person, in the
/// background.
fn spawn_preview(s: &TestStore, id: &str, json: bool) -> std::process::Child {
    let mut args = vec![
        "preview",
        id,
        "--seconds",
        "3",
        "--supervisor",
        "lea",
        "--pin-stdin",
        "--sink",
        "null",
    ];
    if json {
        args.push("--json");
    }
    s.command("leo", &args)
        .stdin(lea_pin(s))
        .stdout(if json { Stdio::piped() } else { Stdio::null() })
        .stderr(if json { Stdio::piped() } else { Stdio::null() })
        .spawn()
        .unwrap()
}

#[test]
fn a_preview_killed_mid_way_keeps_its_whole_debit() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let mut child = spawn_preview(&s, &id, false);
    // Once the preview's start (and its debit) is in the log, it is under way.
    common::tmux::wait_audit(&s, id.parse().unwrap(), "preview.start", 1);
    child.kill().unwrap(); // SIGKILL: no chance to refund
    child.wait().unwrap();
    assert_eq!(
        preview_left(&s, &id),
        17.0,
        "the log may over-state what was heard, never under-state"
    );
    let a = actions(&s, &id);
    assert!(
        a.contains(&"preview.start".into()) && !a.contains(&"preview.end".into()),
        "{a:?}"
    );
    s.ok("lea", &["audit", "verify"]);
}

#[test]
fn a_preview_interrupted_by_a_signal_closes_its_accounting() {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let s = TestStore::new();
        let id = s.import("voice.opus").to_string();
        let child = spawn_preview(&s, &id, true);
        // About 1.2 s of sound after the preview is under way (the null sink plays in real
        // time): the log's start, not the process's, is when it began.
        common::tmux::wait_audit(&s, id.parse().unwrap(), "preview.start", 1);
        std::thread::sleep(Duration::from_millis(1200));
        // SAFETY: sending a signal to our own child.
        unsafe { libc::kill(child.id() as i32, sig) };
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(128 + sig),
            "signal {sig}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let heard = v["heard_ms"].as_u64().unwrap();
        assert!(
            (700..2000).contains(&heard),
            "signal {sig}: heard {heard} ms"
        );
        assert_eq!(v["reason"], "stopped");
        let left = preview_left(&s, &id);
        assert!(
            (left - (20.0 - heard as f64 / 1000.0)).abs() < 1e-9,
            "refunded to what was heard: {left}"
        );
        assert!(actions(&s, &id).contains(&"preview.end".into()));
    }
}

#[test]
fn full_playback_stopped_by_sigterm_logs_what_was_heard_and_exits_143() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    s.describe(id.parse().unwrap());
    let child = s
        .command("wim", &["play", &id, "--sink", "null", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the session to be under way (its start is in the log), then stop it.
    let t0 = std::time::Instant::now();
    while !actions(&s, &id).contains(&"play.start".into()) {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "playback never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(143),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Its outcome is the one JSON document on standard output, and the log closed the session.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reason"], "stopped");
    assert!(v["heard_ms"].as_u64().unwrap() > 0, "{v}");
    assert!(actions(&s, &id).contains(&"play.end".into()));
}

#[test]
fn a_preview_through_the_real_device_plays_no_more_than_the_cap() {
    let s = TestStore::new();
    for (name, secs) in [
        ("voice.opus", "2"),
        ("voice.m4a", "1.5"),
        ("voice.mp3", "1"),
    ] {
        let id = s.import(name).to_string();
        let heard = s.tmp.path().join(format!("heard-{name}.wav"));
        let conf = alsa_conf(s.tmp.path(), &heard);
        let mut c = s.command(
            "leo",
            &[
                "preview",
                &id,
                "--seconds",
                secs,
                "--from",
                "0:01",
                "--supervisor",
                "lea",
                "--pin-stdin",
                "--json",
            ],
        );
        c.env("ALSA_CONFIG_PATH", &conf).stdin(lea_pin(&s));
        let o = c.output().unwrap();
        assert_ok(&o, &["preview", name]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["sink"], "device");
        let (rate, _ch, frames, sound) = wav_sound_span(&heard);
        let cap = (secs.parse::<f64>().unwrap() * rate as f64) as u64;
        assert!(
            sound > 0,
            "{name}: nothing reached the device ({frames} frames)"
        );
        assert!(
            sound <= cap,
            "{name}: {sound} frames of sound reached the device; the cap is {cap}"
        );
        assert!(
            sound as f64 >= cap as f64 * 0.9,
            "{name}: only {sound} of {cap} frames"
        );
        assert_eq!(
            v["heard_ms"].as_f64().unwrap(),
            secs.parse::<f64>().unwrap() * 1000.0
        );
    }
}

#[test]
fn no_sound_device_means_one_sentence_and_nothing_debited() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/alsa/nodevice.conf");
    let mut c = s.command(
        "leo",
        &["preview", &id, "--supervisor", "lea", "--pin-stdin"],
    );
    c.env("ALSA_CONFIG_PATH", &conf).stdin(lea_pin(&s));
    let o = c.output().unwrap();
    assert_code(&o, 1, &["preview"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("No sound device") && err.contains("--sink null"),
        "{err}"
    );
    assert!(!err.contains("ALSA lib"), "{err}");
    assert_eq!(preview_left(&s, &id), 20.0);
    assert!(!actions(&s, &id).contains(&"preview.start".into()));
}

#[test]
fn no_decrypted_audio_touches_the_disk_while_listening() {
    let s = TestStore::new();
    let id = s.import("voice.wav");
    s.describe(id);
    let id = id.to_string();
    let tmp = s.tmp.path().join("tmpdir");
    let cwd = s.tmp.path().join("cwd");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::create_dir_all(&cwd).unwrap();
    let before: Vec<_> = s.all_files().into_iter().map(|(p, _)| p).collect();
    let mut child = s
        .command("wim", &["play", &id, "--sink", "null"])
        .env("TMPDIR", &tmp)
        .current_dir(&cwd)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let wav = std::fs::read(fixture("voice.wav")).unwrap();
    let pcm = &wav[1000..1064]; // a run of raw samples from the middle of the recording
    let t0 = Instant::now();
    let mut looked = 0;
    while child.try_wait().unwrap().is_none() && t0.elapsed() < Duration::from_secs(10) {
        for (p, bytes) in s.all_files() {
            assert!(
                !contains(&bytes, pcm),
                "{} holds decrypted audio",
                p.display()
            );
            assert!(
                !contains(&bytes, b"RIFF"),
                "{} holds a WAV file",
                p.display()
            );
            if !before.contains(&p) {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                assert!(
                    name.ends_with("-wal") || name.ends_with("-shm"),
                    "new file during playback: {}",
                    p.display()
                );
            }
        }
        looked += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(child.wait().unwrap().success());
    assert!(looked >= 5, "playback was too short to look during it");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "nothing in TMPDIR"
    );
    assert_eq!(
        std::fs::read_dir(&cwd).unwrap().count(),
        0,
        "nothing in the working directory"
    );
}

#[test]
fn the_waveform_is_made_once_and_stored_encrypted() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let text = s.ok("wim", &["waveform", &id, "--width", "40"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines.iter().all(|l| l.chars().count() <= 40), "{text}");
    assert_eq!(lines[1].chars().count(), 40, "{text}");
    assert!(text.contains('█'), "loud passages show: {text}");
    let v = s.json("wim", &["waveform", &id, "--width", "10"]);
    assert_eq!(v["peak"].as_array().unwrap().len(), 10);
    assert_eq!(v["buckets"], 76);
    let stored: Vec<u8> = s
        .raw_db()
        .query_row(
            "SELECT sealed FROM waveforms WHERE item_id = ?1",
            [id.parse::<i64>().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stored.len() > 2 * 76, "{}", stored.len());
    // A second call reads the stored one (same answer).
    assert_eq!(s.ok("wim", &["waveform", &id, "--width", "40"]), text);
    s.fails("wim", &["waveform", &id, "--width", "3"], 2);
    s.fails("wim", &["waveform", "99"], 2);
}

#[test]
fn escalate_and_assign() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let v = s.json(
        "wim",
        &[
            "escalate",
            &id,
            "--reason",
            "father calls daily, wants an answer",
        ],
    );
    assert_eq!(v["escalation"], 1);
    s.fails("wim", &["escalate", &id, "--reason", " "], 2);
    s.fails("wim", &["assign", &id, "--to", "wendy"], 3);
    s.fails("lea", &["assign", &id, "--to", "nobody"], 2);
    s.ok("lea", &["assign", &id, "--to", "wendy"]);
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "item.assign");
    assert_eq!(last["detail"]["to"], "wendy");
    assert_eq!(last["detail"]["escalations_resolved"], 1);
    assert!(
        !log.to_string().contains("father calls"),
        "no content in the log"
    );
}

#[test]
fn requests_for_a_supervised_preview_or_an_exception_resolve_when_a_lead_acts() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let id = id.to_string();
    let v = s.json(
        "wim",
        &[
            "escalate",
            &id,
            "--reason",
            "no lead here today",
            "--kind",
            "preview",
        ],
    );
    assert_eq!(v["kind"], "preview");
    s.json(
        "wendy",
        &[
            "escalate",
            &id,
            "--reason",
            "also want to listen",
            "--kind",
            "preview",
        ],
    );
    s.json(
        "wim",
        &[
            "escalate",
            &id,
            "--reason",
            "mother may be at risk",
            "--kind",
            "exception",
        ],
    );
    s.fails(
        "wim",
        &["escalate", &id, "--reason", "x", "--kind", "coffee"],
        2,
    );
    let open = |s: &TestStore| -> Vec<(String, String)> {
        let log = s.raw_db();
        let mut st = log
            .prepare("SELECT kind, by_user FROM escalations WHERE resolved_at IS NULL ORDER BY id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(open(&s).len(), 3);
    // leo supervises wim's preview: wim's request is answered, wendy's is not.
    s.json_stdin_ok(
        "wim",
        &[
            "preview",
            &id,
            "--seconds",
            "1",
            "--supervisor",
            "leo",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "654321\n",
    );
    assert_eq!(
        open(&s),
        vec![
            ("preview".to_string(), "wendy".to_string()),
            ("exception".to_string(), "wim".to_string())
        ]
    );
    // The exception, approved by lea, answers the request for one.
    let review = days_ahead(30);
    s.ok_stdin(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--exception",
            "--ground",
            "investigation",
            "--review-on",
            &review,
            "--reason",
            "risk",
            "--approved-by",
            "lea",
            "--pin-stdin",
        ],
        "123456\n",
    );
    assert_eq!(open(&s), vec![("preview".to_string(), "wendy".to_string())]);
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let kinds: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "item.escalate")
        .map(|e| e["detail"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["preview", "preview", "exception"]);
}
