//! The store under stress: several processes at once, and processes killed (`kill -9`) at
//! random instants during imports and decisions.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::*;
use sha2::{Digest, Sha256};

fn sha_file(p: &std::path::Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(p).unwrap()))
}

/// Checks what must hold after anything: chain intact, every item's recording present and
/// decrypting to its SHA-256, no leftovers, one import entry per item.
fn assert_consistent(s: &TestStore) -> serde_json::Value {
    s.ok("lea", &["audit", "verify"]);
    let doctor = s.json("lea", &["doctor", "--deep"]);
    for f in doctor["findings"].as_array().unwrap() {
        assert_eq!(f["repaired"], true, "unrepaired: {f}");
    }
    let q = s.json("lea", &["queue"]);
    let items = q.as_array().unwrap();
    assert_eq!(
        doctor["blobs_rehashed"].as_u64().unwrap(),
        items.len() as u64
    );
    // An import killed between its file's rename and its commit leaves a file the log knows
    // nothing of: it is set aside in quarantine, never one the log says is an item's.
    for q in doctor["quarantine"].as_array().unwrap() {
        assert_eq!(q["item"], serde_json::Value::Null, "{q}");
    }
    let names: Vec<String> = std::fs::read_dir(s.store_dir().join("vault"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "quarantine")
        .collect();
    assert!(
        names.iter().all(|n| n.ends_with(".esv")),
        "leftovers: {names:?}"
    );
    assert_eq!(names.len(), items.len(), "one blob per item: {names:?}");
    let log = s.json("lea", &["audit", "log"]);
    let imports = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "item.import")
        .count();
    assert_eq!(imports, items.len(), "one import entry per item");
    let ids: HashSet<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), items.len());
    q
}

#[test]
fn several_processes_import_and_decide_at_once() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    const PROCS: u64 = 4;
    const EACH: u64 = 4;
    let mut files = Vec::new();
    for p in 0..PROCS {
        for k in 0..EACH {
            let f = s.tmp.path().join(format!("p{p}-{k}.wav"));
            write_wav(&f, 2, p * 100 + k);
            files.push((p, f));
        }
    }
    let s = std::sync::Arc::new(s);
    let handles: Vec<_> = (0..PROCS)
        .map(|p| {
            let s = s.clone();
            let mine: Vec<_> = files
                .iter()
                .filter(|(q, _)| *q == p)
                .map(|(_, f)| f.clone())
                .collect();
            let user = if p % 2 == 0 { "wim" } else { "wendy" };
            std::thread::spawn(move || {
                let mut ids = Vec::new();
                for f in &mine {
                    let v = s.json(
                        user,
                        &[
                            "import",
                            f.to_str().unwrap(),
                            "--case",
                            "C-9",
                            "--received-by",
                            user,
                            "--channel",
                            "upload",
                        ],
                    );
                    ids.push(v[0]["id"].as_i64().unwrap());
                }
                for id in &ids {
                    let id = id.to_string();
                    s.ok(
                        user,
                        &[
                            "describe",
                            &id,
                            "--sender",
                            "Jan",
                            "--subject",
                            "Maria:parent",
                            "--purpose",
                            "p",
                        ],
                    );
                    s.ok(
                        user,
                        &[
                            "notify",
                            &id,
                            "--subject",
                            "Maria",
                            "--notified",
                            "--channel",
                            "letter",
                        ],
                    );
                }
                ids
            })
        })
        .collect();
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.join().expect("a worker thread failed"));
    }
    let unique: HashSet<_> = all.iter().collect();
    assert_eq!(
        unique.len(),
        (PROCS * EACH) as usize,
        "no item lost or duplicated"
    );
    let q = assert_consistent(&s);
    assert_eq!(q.as_array().unwrap().len(), (PROCS * EACH) as usize);
    for row in q.as_array().unwrap() {
        assert_eq!(row["stage"], "notification_decided", "{row}");
    }
    let log = s.json("lea", &["audit", "log"]);
    let count = |a: &str| {
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == a)
            .count()
    };
    assert_eq!(count("item.describe"), (PROCS * EACH) as usize);
    assert_eq!(count("item.notify"), (PROCS * EACH) as usize);
    // Every source file is in the store exactly once, under its own SHA-256.
    let shas: HashSet<String> = q
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            s.json("lea", &["show", &r["id"].to_string()])["sha256"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: HashSet<String> = files.iter().map(|(_, f)| sha_file(f)).collect();
    assert_eq!(shas, expected);
}

#[test]
fn imports_and_decisions_killed_at_random_leave_the_store_consistent() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let base = s.import("voice.opus");
    // How long an import of the test file takes when it is not interrupted: the quickest of
    // three, so that a moment of load on the machine does not make every later import finish
    // before its kill.
    let mut full = Duration::MAX;
    let mut source_shas: HashSet<String> = HashSet::new();
    for seed in 0..3u64 {
        let probe_file = s.tmp.path().join(format!("timing{seed}.wav"));
        write_wav(&probe_file, 120, 999_999 - seed);
        source_shas.insert(sha_file(&probe_file));
        let t0 = Instant::now();
        s.ok(
            "wim",
            &[
                "import",
                probe_file.to_str().unwrap(),
                "--case",
                "C-T",
                "--received-by",
                "wim",
                "--channel",
                "sms",
            ],
        );
        full = full.min(t0.elapsed());
    }
    let mut rng = Lcg(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64);
    let mut killed = 0;
    let mut mid_write = 0;
    let mut i = 0u64;
    // At least 50 imports killed part-way (at most 100 tries).
    while killed < 50 && i < 100 {
        i += 1;
        let f = s.tmp.path().join(format!("crash{i}.wav"));
        write_wav(&f, 120, i);
        let blobs_before = std::fs::read_dir(s.store_dir().join("vault"))
            .unwrap()
            .count();
        source_shas.insert(sha_file(&f));
        let mut child = s
            .command(
                "wim",
                &[
                    "import",
                    f.to_str().unwrap(),
                    "--case",
                    "C-K",
                    "--received-by",
                    "wim",
                    "--channel",
                    "sms",
                ],
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Past start-up, anywhere up to the end of a normal import.
        let us = full.as_micros() as u64;
        let wait = us * 15 / 100 + rng.below(us * 85 / 100 + 1);
        std::thread::sleep(Duration::from_micros(wait));
        let running = child.try_wait().unwrap().is_none();
        if running {
            killed += 1;
        } else {
            // It finished before its kill: imports run quicker than measured; aim earlier.
            full = full * 9 / 10;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        // Was it killed while writing into the vault? Then it left something behind.
        let leftovers = std::fs::read_dir(s.store_dir().join("vault"))
            .unwrap()
            .count();
        if running && leftovers > blobs_before {
            mid_write += 1;
        }
        // Every fifth round, a decision killed as well.
        if i.is_multiple_of(5) {
            let mut d = s
                .command(
                    "wim",
                    &[
                        "describe",
                        &base.to_string(),
                        "--sender",
                        "Jan",
                        "--subject",
                        &format!("Kind {i}:child"),
                        "--purpose",
                        "p",
                    ],
                )
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_micros(rng.below(20_000)));
            d.kill().ok();
            d.wait().unwrap();
        }
        // The next process to open the store sees a consistent one.
        s.ok("lea", &["queue"]);
        s.ok("lea", &["audit", "verify"]);
    }
    assert!(
        killed >= 50,
        "only {killed} of {i} imports were interrupted; the timing is off"
    );
    assert!(
        mid_write >= 10,
        "only {mid_write} kills landed while writing into the vault"
    );
    let q = assert_consistent(&s);
    // Every item that survived decrypts to the SHA-256 of the file it came from.
    for row in q.as_array().unwrap() {
        if row["id"] == base {
            continue;
        }
        let sha = s.json("lea", &["show", &row["id"].to_string()])["sha256"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            source_shas.contains(&sha),
            "item {} has a SHA-256 no source file has",
            row["id"]
        );
    }
    eprintln!(
        "{killed} of {i} imports killed part-way, {mid_write} of them while writing into the vault; {} items in the store",
        q.as_array().unwrap().len()
    );
}
