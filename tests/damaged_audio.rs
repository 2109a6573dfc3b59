//! A vault file damaged after import: playback that breaks off is an integrity failure (exit 4,
//! with the item and the chunk), logged, and accounted to where it stopped; `doctor` sees a file
//! cut short without decrypting anything.

mod common;

use common::{TestStore, assert_code, write_wav};

/// A 10-second WAV (320 KB: five vault chunks, `seed` makes it unique) imported and described;
/// returns its id.
fn described_wav(s: &TestStore, seed: u64) -> i64 {
    let wav = s.tmp.path().join(format!("long-{seed}.wav"));
    write_wav(&wav, 10, seed);
    let v = s.json(
        "wim",
        &[
            "import",
            wav.to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            "wim",
            "--channel",
            "email",
        ],
    );
    let id = v[0]["id"].as_i64().unwrap();
    s.describe(id);
    id
}

/// [`described_wav`] in a new store; returns the store, the id and the path of its vault file.
fn damaged_store() -> (TestStore, i64, std::path::PathBuf) {
    let s = TestStore::new();
    let id = described_wav(&s, 7);
    let vault = s.store_dir().join("vault");
    let blob = std::fs::read_dir(&vault)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "esv"))
        .expect("a vault file");
    (s, id, blob)
}

fn flip(path: &std::path::Path, at: usize) {
    let mut b = std::fs::read(path).unwrap();
    b[at] ^= 0x5a;
    std::fs::write(path, b).unwrap();
}

fn damage_entries(s: &TestStore, id: i64) -> Vec<serde_json::Value> {
    s.json("lea", &["audit", "log", "--item", &id.to_string()])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "item.damaged")
        .cloned()
        .collect()
}

#[test]
fn playback_that_breaks_off_is_exit_4_logged_and_accounted() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let (s, id, blob) = damaged_store();
    // A byte in the third chunk (each is 64 KiB of sound plus a 16-byte tag, after a 16-byte
    // header): 4 s of 16 kHz mono in, so about 4 s play first.
    flip(&blob, 16 + 2 * (65536 + 16) + 100);
    let err = s.fails("wim", &["play", &id.to_string(), "--sink", "null"], 4);
    assert!(err.contains(&format!("item {id}")), "{err}");
    assert!(err.contains("chunk 2"), "{err}");
    assert!(err.contains("damaged"), "{err}");
    let d = damage_entries(&s, id);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["detail"]["during"], "play");
    let at = d[0]["detail"]["at_ms"].as_u64().unwrap();
    assert!((3500..=4200).contains(&at), "stopped at {at} ms");
    // What played before the break is in the log, not lost.
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let end = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "play.end")
        .expect("play.end");
    assert!(end["detail"]["heard_ms"].as_u64().unwrap() >= 3500, "{end}");
    // A preview over the damaged part says the same.
    let o = s.run_stdin(
        "wim",
        &[
            "preview",
            &id.to_string(),
            "--from",
            "0:03",
            "--seconds",
            "3",
            "--supervisor",
            "leo",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "654321\n",
    );
    assert_code(&o, 4, &["preview over the damage"]);
    let d = damage_entries(&s, id);
    assert_eq!(d.len(), 2);
    assert_eq!(d[1]["detail"]["during"], "preview");
}

#[test]
fn doctor_sees_a_vault_file_cut_short_without_decrypting() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let (s, id, blob) = damaged_store();
    let len = std::fs::metadata(&blob).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&blob).unwrap();
    f.set_len(len - 1000).unwrap();
    let o = s.run("lea", &["doctor"]);
    assert_code(&o, 4, &["doctor"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("item {id}'s recording is {} bytes", len - 1000)),
        "{out}"
    );
    // Playing it is refused as damaged too, never "reached the end".
    let err = s.fails("wim", &["play", &id.to_string(), "--sink", "null"], 4);
    assert!(
        err.contains("damaged") || err.contains("integrity") || err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn full_playback_killed_at_any_moment_has_logged_at_least_what_played() {
    let s = TestStore::new();
    let id = described_wav(&s, 3).to_string();
    for kill_after_ms in [300u64, 1900, 3900] {
        let started = |s: &TestStore| {
            s.json("lea", &["audit", "log", "--item", &id])
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["action"] == "play.start")
                .count()
        };
        let before = started(&s);
        let mut child = s
            .command("wim", &["play", &id, "--sink", "null"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Wait for the session to exist, then let it play for a while (the point of the test
        // is time passing) and kill it outright: no destructor, no last flush.
        let t0 = std::time::Instant::now();
        while started(&s) == before {
            if let Ok(Some(st)) = child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use std::io::Read as _;
                    let _ = e.read_to_string(&mut err);
                }
                panic!("play ended before it started ({st}): {err}");
            }
            assert!(t0.elapsed().as_secs() < 20, "playback never started");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let playing_since = std::time::Instant::now();
        std::thread::sleep(std::time::Duration::from_millis(kill_after_ms));
        child.kill().unwrap();
        let _ = child.wait();
        let played = playing_since.elapsed().as_millis() as f64;
        let show = s.json("wim", &["show", &id]);
        let heard: f64 = show["heard"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[1].as_f64().unwrap() - r[0].as_f64().unwrap())
            .sum::<f64>()
            * 1000.0;
        assert!(
            heard >= played.min(10_000.0) - 50.0,
            "killed after {played} ms of playback, only {heard} ms logged"
        );
    }
}
