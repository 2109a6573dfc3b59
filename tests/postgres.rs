//! Beyond one machine: a store in PostgreSQL, several guardians (and processes) on it at once,
//! and an embedded store moved up into it. These run when the suite has a cluster
//! (`EARSHOT_TEST_POSTGRES`, as CI gives it); without one each says so and stops. The rest of
//! the suite runs against PostgreSQL too, with the same variable.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::db_guardian::*;
use common::*;

/// The cluster, or `None` (and a line saying these tests did not run).
fn cluster(test: &str) -> Option<String> {
    let c = postgres();
    if c.is_none() {
        eprintln!("{test}: no PostgreSQL cluster (EARSHOT_TEST_POSTGRES); not run");
    }
    c
}

fn fresh() -> String {
    fresh_database().expect("a database on the cluster")
}

fn preview_args(id: i64, seconds: &str) -> Vec<String> {
    [
        "preview",
        &id.to_string(),
        "--supervisor",
        "lea",
        "--pin-stdin",
        "--seconds",
        seconds,
        "--sink",
        "null",
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn processes_racing_on_one_database_never_overspend_and_the_log_verifies() {
    let Some(_) = cluster("racing") else { return };
    let s = TestStore::new();
    assert!(s.database.is_some());
    s.ok("lea", &["settings", "preview_cap_s", "2"]);
    let id = s.import("voice.opus");
    let before = s.json("lea", &["audit", "verify"])["entries"]
        .as_u64()
        .unwrap();

    // Eight previews of one second each at once, each its own process and connection (as
    // each guardian has its own): the recording's two seconds go to exactly two of them.
    let previews: Vec<Child> = (0..8)
        .map(|_| {
            let mut c = s.command("wim", &[]);
            c.args(preview_args(id, "1"))
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = c.spawn().expect("a preview");
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"123456\n")
                .expect("the PIN");
            child
        })
        .collect();
    // Meanwhile, changes that each append to the log, from other processes.
    let appends: Vec<Child> = (0..12)
        .map(|i| {
            s.command(
                "lea",
                &["settings", "org_name", &format!("Gemeente Utrecht {i}")],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("a change")
        })
        .collect();
    let mut heard_ms = 0u64;
    let mut granted = 0;
    for p in previews {
        let o = p.wait_with_output().unwrap();
        if o.status.success() {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
            let h = v["heard_ms"].as_u64().unwrap();
            if h > 0 {
                granted += 1;
            }
            heard_ms += h;
        } else {
            // Refused: nothing left of the allowance (exit 3), never a database error.
            assert_eq!(
                o.status.code(),
                Some(3),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    let mut changed = 0;
    for a in appends {
        let o = a.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        changed += 1;
    }
    assert_eq!(heard_ms, 2000, "the allowance is spent once, exactly");
    assert_eq!(granted, 2);
    let shown = s.json("lea", &["show", &id.to_string()]);
    assert_eq!(shown["preview_left_s"], 0.0, "{shown}");
    // Every change is one entry at its own position, and the chain and tree verify.
    let v = s.json("lea", &["audit", "verify"]);
    let after = v["entries"].as_u64().unwrap();
    let log = s.json("lea", &["audit", "log"]);
    let entries = log.as_array().unwrap();
    let starts = entries
        .iter()
        .filter(|e| e["action"] == "preview.start")
        .count();
    let ends = entries
        .iter()
        .filter(|e| e["action"] == "preview.end")
        .count();
    assert_eq!((starts, ends), (2, 2), "{log}");
    let settings = entries
        .iter()
        .filter(|e| e["action"] == "settings.set")
        .count();
    assert!(settings >= changed, "{settings} < {changed}");
    assert!(after >= before + 4 + changed as u64, "{before} → {after}");
    let seqs: Vec<i64> = entries.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
    assert_eq!(seqs, expected, "one entry at each position, none twice");
}

/// A guardian on the database, on its own socket and working folder.
#[test]
fn two_guardians_on_one_database_see_each_others_changes_as_they_happen() {
    let Some(_) = cluster("two guardians") else {
        return;
    };
    let (t, url, _a, sock_a) = served_store();
    let key = t.path().join("keys/org.key");
    // Two sites, one database, one organisation key (each guardian can sign).
    let sock_b = t.path().join("b.sock");
    let _b = serve_db(&url, &t.path().join("site-b"), &key, &sock_b);
    let home = t.path().join("home");

    // A watcher on site B, from the log's head now (so it misses nothing, whenever it starts).
    let o = client(&sock_b, &home, &["audit", "verify", "--json"])
        .output()
        .unwrap();
    assert_ok(&o, &["audit verify through B"]);
    let head: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let from = head["entries"].as_u64().unwrap().to_string();
    let mut watch = client(&sock_b, &home, &["watch", "--json", "--from", &from])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = watch.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });

    // A change through site A reaches the watcher on B.
    let o = client(&sock_a, &home, &["team", "add", "wim", "--role", "worker"])
        .output()
        .unwrap();
    assert_ok(&o, &["team add through A"]);
    let started = Instant::now();
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the watcher on B sees the change made through A");
    let e: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(e["action"], "team.add", "{e}");
    assert_eq!(
        e["seq"].as_u64().unwrap(),
        head["entries"].as_u64().unwrap() + 1
    );
    eprintln!(
        "a change through A reached B's watcher in {:?}",
        started.elapsed()
    );
    let _ = watch.kill();
    let _ = watch.wait();

    // Each sees what the other did, and both sign checkpoints that verify against one key.
    let o = client(&sock_b, &home, &["team", "list", "--json"])
        .output()
        .unwrap();
    assert_ok(&o, &["team list through B"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"wim\""));
    for sock in [&sock_a, &sock_b] {
        let o = client(sock, &home, &["audit", "verify", "--json"])
            .output()
            .unwrap();
        assert_ok(&o, &["audit verify"]);
        let o = client(sock, &home, &["audit", "checkpoint", "--json"])
            .output()
            .unwrap();
        assert_ok(&o, &["audit checkpoint"]);
    }
}

#[test]
fn moving_up_keeps_the_checkpoint_root_and_every_recording() {
    let Some(_) = cluster("moving up") else {
        return;
    };
    // An embedded store, whatever the suite runs against.
    let s = TestStore::embedded().with_team();
    let a = s.import("voice.opus");
    s.describe(a);
    let v = s.json_stdin_ok(
        "wim",
        &preview_args(a, "1")
            .iter()
            .map(String::as_str)
            .filter(|a| *a != "--json")
            .collect::<Vec<_>>(),
        "123456\n",
    );
    assert_eq!(v["heard_ms"], 1000, "{v}");
    let before = s.json("lea", &["audit", "verify"]);
    let url = fresh();

    let m = s.json("lea", &["migrate", "--to", &url]);
    assert_eq!(m["root_before"], m["root_after"], "{m}");
    assert_eq!(m["items"], 1, "{m}");
    assert_eq!(m["recordings"], 1, "{m}");
    assert!(m["chunks"].as_u64().unwrap() >= 2, "{m}");
    assert_eq!(m["entries"], before["entries"], "{m}");

    // The embedded store no longer opens; the copy does, with the same key and log.
    let err = s.fails("lea", &["queue"], 2);
    assert!(err.contains("moved"), "{err}");
    let on_pg = |user: &str, args: &[&str]| {
        let mut c = s.command(user, args);
        c.env("EARSHOT_DATABASE_URL", &url);
        c.output().unwrap()
    };
    let o = on_pg("lea", &["audit", "verify", "--json"]);
    assert_ok(&o, &["audit verify"]);
    let after: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(after["head"], before["head"]);
    // The recording plays from the database's chunks (no vault folder is read).
    std::fs::rename(s.store_dir().join("vault"), s.tmp.path().join("old-vault")).unwrap();
    let o = on_pg("lea", &["doctor", "--deep", "--json"]);
    assert_ok(&o, &["doctor --deep"]);
    let mut c = s.command("wim", &[]);
    c.args(preview_args(a, "0.5"))
        .env("EARSHOT_DATABASE_URL", &url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"123456\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_ok(&o, &["preview from PostgreSQL"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["heard_ms"], 500, "{v}");

    // Moving again into a database that holds a store is refused, and changes nothing.
    let other = TestStore::embedded().with_team();
    let o = other.run("lea", &["migrate", "--to", &url]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("already"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    other.ok("lea", &["queue"]);
}

#[test]
fn a_guardian_hears_of_every_commit_on_its_teams_channel_only() {
    let Some(_) = cluster("listening") else {
        return;
    };
    let s = TestStore::new();
    let url = s.database.clone().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let listener_url = url.clone();
    std::thread::spawn(move || {
        earshot::store::backend::pg::listen_for_changes(&listener_url, None, || tx.send(()).is_ok())
    });
    // Once when it connects (whatever happened before is looked at), then once per commit.
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the listener connects");
    // A change in another team's store of the same database says nothing on this channel.
    let o = s
        .command("lea", &["--team", "noord", "init", "--json"])
        .env("EARSHOT_KEY_FILE", s.tmp.path().join("noord.key"))
        .output()
        .unwrap();
    assert_ok(&o, &["init a second team"]);
    while rx.try_recv().is_ok() {}
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "the other team's commits are not this store's"
    );
    s.ok("lea", &["settings", "org_name", "Gemeente Zeist"]);
    rx.recv_timeout(Duration::from_secs(10))
        .expect("a commit is heard");
}

#[test]
fn teams_in_one_database_see_their_own_cases_and_a_lead_covers_only_when_added() {
    let Some(_) = cluster("teams") else {
        return;
    };
    let url = fresh();
    let t = tempfile::tempdir().unwrap();
    let run = |team: &str, user: &str, args: &[&str]| {
        Command::new(BIN)
            .arg("--team")
            .arg(team)
            .args(args)
            .env("EARSHOT_DATABASE_URL", &url)
            .env("EARSHOT_STORE", t.path().join("work"))
            .env("EARSHOT_KEY_FILE", t.path().join(format!("{team}.key")))
            .env("EARSHOT_USER", user)
            .env("HOME", t.path())
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let ok = |team: &str, user: &str, args: &[&str]| {
        let o = run(team, user, args);
        assert_ok(&o, args);
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    ok("noord", "lea", &["init"]);
    ok("noord", "lea", &["team", "add", "wim", "--role", "worker"]);
    ok("zuid", "bob", &["init"]);
    ok("zuid", "bob", &["team", "add", "wim", "--role", "lead"]);
    let fixture = fixture("voice.opus");
    ok(
        "noord",
        "wim",
        &[
            "import",
            fixture.to_str().unwrap(),
            "--case",
            "N-1",
            "--channel",
            "whatsapp",
            "--received-by",
            "wim",
        ],
    );

    // Each team's queue is its own: team zuid's lead does not see noord's case.
    let q: serde_json::Value =
        serde_json::from_str(&ok("zuid", "bob", &["queue", "--json"])).unwrap();
    assert_eq!(q.as_array().unwrap().len(), 0, "{q}");
    // lea leads noord, and is nobody in zuid until zuid's lead adds her.
    let o = run("zuid", "lea", &["queue"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("lea"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Roles are per team: wim is a worker in noord (he cannot add members there) and a lead
    // in zuid (he can).
    let o = run("noord", "wim", &["team", "add", "anna", "--role", "worker"]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    ok("zuid", "wim", &["team", "add", "anna", "--role", "worker"]);

    // Covering: zuid's lead adds lea, and the log of zuid says so.
    ok("zuid", "bob", &["team", "add", "lea", "--role", "lead"]);
    ok("zuid", "lea", &["queue"]);
    let log: serde_json::Value =
        serde_json::from_str(&ok("zuid", "bob", &["audit", "log", "--json"])).unwrap();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "team.add"
                && e["actor"] == "bob"
                && e["detail"]["name"] == "lea"),
        "{log}"
    );
    // Each team's log verifies on its own, with its own key.
    ok("noord", "lea", &["audit", "verify"]);
    ok("zuid", "bob", &["audit", "verify"]);
    // A team name that cannot be one is refused before anything is made.
    let o = run("Zuid; DROP", "bob", &["queue"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A store in a new database whose first lead is this login, served by a guardian; with the
/// folder its files are in.
fn served_store() -> (tempfile::TempDir, String, Guardian, std::path::PathBuf) {
    let url = fresh();
    let t = tempfile::tempdir().unwrap();
    let key = t.path().join("keys/org.key");
    let v = init_db(&url, &t.path().join("site-a"), &key);
    assert!(
        v["database"].as_str().unwrap().starts_with("postgres://"),
        "{v}"
    );
    let sock = t.path().join("a.sock");
    let g = serve_db(&url, &t.path().join("site-a"), &key, &sock);
    (t, url, g, sock)
}

#[test]
fn connections_cut_mid_load_lose_nothing_and_each_request_is_told_what_happened() {
    let Some(_) = cluster("faults") else {
        return;
    };
    let (t, url, _g, sock) = served_store();
    let home = t.path().join("home");
    // Every other connection to the database is ended, again and again, as a restart or a
    // failover of PostgreSQL ends them, while one client after another adds a member.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cutter = {
        let stop = std::sync::Arc::clone(&stop);
        let url = url.clone();
        std::thread::spawn(move || {
            let db = earshot::store::backend::pg::connect(&url, None, false).expect("connect");
            let mut ended = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                ended += db.end_other_connections().expect("end them");
                // A load, not a wait: how often the database "restarts".
                std::thread::sleep(Duration::from_millis(40));
            }
            ended
        })
    };
    let mut told = Told::default();
    // Each request adds a member of its own (the log names a member in clear).
    for i in 0..40 {
        let name = format!("w{i}");
        let o = client(&sock, &home, &["team", "add", &name, "--role", "worker"])
            .output()
            .unwrap();
        told.sort(name, &o);
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let ended = cutter.join().unwrap();
    assert!(ended > 0, "connections were ended");
    assert!(
        !told.not_done.is_empty(),
        "some requests met a cut connection"
    );
    // The guardian reconnects by itself: the next request goes through.
    let started = Instant::now();
    until_answered(&sock, &home, &["audit", "verify", "--json"]);
    eprintln!(
        "{} kept, {} not done, {} not known; {ended} connections ended; back in {:?}",
        told.kept.len(),
        told.not_done.len(),
        told.unknown.len(),
        started.elapsed()
    );
    // What a client was told happened is in the log once; what it was told did not, is not.
    told.check(&sock, &home);
}

#[test]
fn a_guardian_killed_mid_preview_leaves_its_debit_and_the_other_goes_on() {
    let Some(_) = cluster("killed guardian") else {
        return;
    };
    let (t, url, g, sock_a) = served_store();
    let key = t.path().join("keys/org.key");
    let sock_b = t.path().join("b.sock");
    let _b = serve_db(&url, &t.path().join("site-b"), &key, &sock_b);
    let home = t.path().join("home");
    // leo, a second lead, sets his PIN in a session of his own on the same database.
    let o = client(&sock_a, &home, &["team", "add", "leo", "--role", "lead"])
        .output()
        .unwrap();
    assert_ok(&o, &["team add leo"]);
    let mut pin = Command::new(BIN)
        .args(["team", "pin", "--pin-stdin"])
        .env("EARSHOT_STORE", t.path().join("leo"))
        .env("EARSHOT_KEY_FILE", &key)
        .env("EARSHOT_DATABASE_URL", &url)
        .env("EARSHOT_USER", "leo")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    pin.stdin.take().unwrap().write_all(b"654321\n").unwrap();
    assert!(pin.wait().unwrap().success());
    let o = client(
        &sock_a,
        &home,
        &[
            "import",
            fixture("voice.opus").to_str().unwrap(),
            "--case",
            "C-1",
            "--channel",
            "whatsapp",
            "--received-by",
            &my_login(),
            "--json",
        ],
    )
    .output()
    .unwrap();
    assert_ok(&o, &["import"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = v[0]["id"].as_i64().unwrap().to_string();
    let left = |sock: &Path| {
        let o = client(sock, &home, &["show", &id, "--json"])
            .output()
            .unwrap();
        assert_ok(&o, &["show"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["preview_left_s"].as_f64().unwrap()
    };
    let before = left(&sock_b);
    // A preview through A, in real time to nowhere; A dies once it has started.
    let mut preview = client(
        &sock_a,
        &home,
        &[
            "preview",
            &id,
            "--supervisor",
            "leo",
            "--pin-stdin",
            "--seconds",
            "10",
            "--sink",
            "null",
        ],
    )
    .stdin(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    preview
        .stdin
        .take()
        .unwrap()
        .write_all(b"654321\n")
        .unwrap();
    // Wait for the start to be logged (seen through B), then kill A.
    let started = Instant::now();
    loop {
        let o = client(&sock_b, &home, &["audit", "log", "--json"])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&o.stdout).contains("preview.start") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no preview started"
        );
    }
    drop(g);
    let _ = preview.wait();
    // The debit stands (the whole window counts while its end is not logged), and B goes on.
    let after = left(&sock_b);
    let o = client(&sock_b, &home, &["audit", "log", "--json"])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let entries = log.as_array().unwrap();
    let start = entries
        .iter()
        .find(|e| e["action"] == "preview.start")
        .expect("the start is logged");
    // The recording is shorter than the ten seconds asked: its whole length is the window.
    let window_s = start["detail"]["window_ms"].as_f64().unwrap() / 1000.0;
    assert!(window_s > 1.0, "{start}");
    assert!(
        !entries.iter().any(|e| e["action"] == "preview.end"),
        "nobody could close what the killed guardian played"
    );
    assert!(
        (before - after - window_s).abs() < 0.05,
        "{before} → {after}, window {window_s}"
    );
    let o = client(&sock_b, &home, &["audit", "verify"])
        .output()
        .unwrap();
    assert_ok(&o, &["audit verify through B"]);
}

#[test]
fn an_import_cut_off_mid_way_ends_and_leaves_no_row_unaccounted_for() {
    let Some(_) = cluster("import cut") else {
        return;
    };
    let url = fresh();
    let t = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        let mut c = Command::new(BIN);
        c.args(args)
            .env("EARSHOT_STORE", t.path().join("work"))
            .env("EARSHOT_KEY_FILE", t.path().join("org.key"))
            .env("EARSHOT_DATABASE_URL", &url)
            .env_remove("EARSHOT_USER")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    };
    let o = cli(&["init", "--first-lead", &my_login()])
        .output()
        .unwrap();
    assert_ok(&o, &["init"]);
    // Ten minutes of sound: 293 chunk rows, written 16 to a batch by two writers, with more
    // batches than are ever in flight at once (the sealer waits for the writers).
    let wav = t.path().join("long.wav");
    write_wav(&wav, 600, 11);
    let db = earshot::store::backend::pg::connect(&url, None, false).expect("connect");
    let mut watch = ::postgres::Client::connect(&url, ::postgres::NoTls).expect("connect");
    let rows = |c: &mut ::postgres::Client| -> i64 {
        c.query_one("SELECT count(*) FROM vault_chunks", &[])
            .map(|r| r.get(0))
            .unwrap_or(0)
    };
    let (mut kept, mut failed) = (0, 0);
    for i in 0..5 {
        let before = rows(&mut watch);
        let case = format!("C-{i}");
        let child = cli(&[
            "import",
            wav.to_str().unwrap(),
            "--case",
            &case,
            "--channel",
            "whatsapp",
            "--received-by",
            &my_login(),
            "--json",
        ])
        .spawn()
        .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let pid = child.id();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        // Once its first rows are in, every connection of the import is ended at once (its
        // two writers' too): mid-way through writing the recording.
        let started = Instant::now();
        let mut cut = false;
        let o = loop {
            if let Ok(o) = rx.try_recv() {
                break o.unwrap();
            }
            if !cut && rows(&mut watch) > before + 64 {
                db.end_other_connections().expect("end them");
                // The checker's own session is one of the others.
                watch = ::postgres::Client::connect(&url, ::postgres::NoTls).expect("connect");
                cut = true;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
                panic!("import {i} did not end: it waited for writers that were gone");
            }
        };
        match o.status.code() {
            Some(0) => kept += 1,
            Some(1 | 5) => {
                assert!(cut, "{}", String::from_utf8_lossy(&o.stderr));
                failed += 1;
            }
            other => panic!("{other:?}: {}", String::from_utf8_lossy(&o.stderr)),
        }
    }
    eprintln!("{kept} imports kept, {failed} cut off mid-way");
    assert!(failed > 0, "some imports were cut off mid-way");
    // Every chunk row belongs to an item's recording, or to a blob still marked pending (an
    // import that could not clear up after itself; the sweep removes it once the mark is
    // stale): none is left unaccounted for.
    let c = &mut watch;
    let stray: i64 = c
        .query_one(
            "SELECT count(DISTINCT blob) FROM vault_chunks WHERE blob NOT IN \
             (SELECT blob FROM items) AND blob NOT IN (SELECT blob FROM vault_pending)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(stray, 0, "chunk rows of no item and no pending import");
    // What was kept is whole.
    let o = cli(&["doctor", "--json"]).output().unwrap();
    assert_ok(&o, &["doctor"]);
    let items: i64 = c
        .query_one("SELECT count(*) FROM items", &[])
        .unwrap()
        .get(0);
    assert_eq!(items, kept, "one item per import reported kept");
}

#[test]
fn a_handle_that_lives_long_answers_again_once_its_connection_is_back() {
    let Some(_) = cluster("a long-lived handle") else {
        return;
    };
    // A terminal UI's worker in the guardian holds one handle for the whole session.
    let s = TestStore::new();
    s.import("voice.opus");
    let store = s
        .open_with(earshot::store::system_clock())
        .expect("open the store");
    assert_eq!(store.queue().expect("the queue").len(), 1);
    let url = s.database.clone().expect("a database");
    let cutter = earshot::store::backend::pg::connect(&url, None, false).expect("connect");
    assert!(cutter.end_other_connections().expect("end them") > 0);
    // At most the request that finds the connection broken is refused; then it answers,
    // and keeps answering.
    let first = store.queue();
    let second = store.queue();
    assert_eq!(
        second.expect("answered once the connection is back").len(),
        1,
        "first: {first:?}"
    );
    assert!(store.user("lea").is_ok());
    // A write too.
    let o = s.run("lea", &["team", "add", "wil", "--role", "worker"]);
    assert_ok(&o, &["team add"]);
    assert!(
        store.user("wil").is_ok(),
        "it reads what others wrote since"
    );
}
