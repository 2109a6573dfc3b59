//! The drop folder: the setting, one pass from the CLI, files still being written, the
//! watcher, and the library API the TUI drives (progress callback, start/stop).

mod common;

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn set_inbox(s: &TestStore, dir: &Path) {
    s.ok("lea", &["settings", "inbox", dir.to_str().unwrap()]);
}

fn pass(s: &TestStore, settle_ms: u64) -> (i32, Value) {
    let o = s
        .command(
            "wim",
            &["inbox", "--settle-ms", &settle_ms.to_string(), "--json"],
        )
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o.status.code().unwrap_or(-1), v)
}

fn age(path: &Path) {
    // Pretend the file was written a minute ago.
    let t = std::time::SystemTime::now() - Duration::from_secs(60);
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(t).unwrap();
}

#[test]
fn the_inbox_setting_is_for_leads_and_must_be_a_real_directory() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let err = s.fails(
        "wim",
        &["settings", "inbox", tmp.path().to_str().unwrap()],
        3,
    );
    assert!(err.contains("team leader"), "{err}");
    let err = s.fails("lea", &["settings", "inbox", "relative/dir"], 2);
    assert!(err.contains("absolute"), "{err}");
    let err = s.fails("lea", &["settings", "inbox", "/nonexistent/inbox"], 2);
    assert!(err.contains("cannot be used"), "{err}");
    let err = s.fails(
        "lea",
        &["settings", "inbox", s.store_dir().to_str().unwrap()],
        2,
    );
    assert!(err.contains("outside the store"), "{err}");
    let err = s.fails("wim", &["inbox"], 2);
    assert!(err.contains("no inbox is set"), "{err}");
    let v = s.json("lea", &["settings", "inbox", tmp.path().to_str().unwrap()]);
    assert_eq!(
        v["inbox"],
        tmp.path().canonicalize().unwrap().to_str().unwrap()
    );
    assert!(s.ok("lea", &["settings"]).contains("inbox"));
    let v = s.json("lea", &["settings", "inbox", "off"]);
    assert!(v["inbox"].is_null());
}

#[test]
fn one_pass_imports_ready_files_and_removes_them_only_after_commit() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path();
    set_inbox(&s, inbox);
    std::fs::copy(fixture("voice.opus"), inbox.join("voice.opus")).unwrap();
    std::fs::create_dir(inbox.join("C-7")).unwrap();
    std::fs::copy(fixture("voice.m4a"), inbox.join("C-7/note.m4a")).unwrap();
    std::fs::copy(fixture("notes.txt"), inbox.join("notes.opus")).unwrap();
    std::fs::copy(fixture("voice.opus"), inbox.join("again.opus")).unwrap();
    std::fs::write(inbox.join(".partial-upload.opus"), b"half").unwrap();
    std::fs::copy(fixture("voice.mp3"), inbox.join("fresh.mp3")).unwrap();
    for f in ["voice.opus", "C-7/note.m4a", "notes.opus", "again.opus"] {
        age(&inbox.join(f));
    }
    let (code, v) = pass(&s, 5000);
    assert_eq!(code, 2, "the text file is refused: {v}");
    let imported: Vec<(&str, &str)> = v["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["file"].as_str().unwrap(), i["case"].as_str().unwrap()))
        .collect();
    assert!(imported.contains(&("C-7/note.m4a", "C-7")), "{v}");
    assert_eq!(imported.len(), 2, "{v}");
    assert!(imported.iter().any(|(_, c)| *c == "unsorted"));
    assert_eq!(v["duplicates"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(
        v["waiting"][0]["file"], "fresh.mp3",
        "changed moments ago: {v}"
    );
    assert_eq!(v["rejected"][0]["file"], "notes.opus");
    assert!(
        v["rejected"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not a recording")
    );
    // Imported and duplicate files are gone; the rejected one is set aside; the rest waits.
    assert!(!inbox.join("voice.opus").exists() && !inbox.join("again.opus").exists());
    assert!(!inbox.join("C-7/note.m4a").exists());
    assert!(inbox.join(".rejected/notes.opus").exists());
    assert!(inbox.join("fresh.mp3").exists() && inbox.join(".partial-upload.opus").exists());
    // Received and unassigned, channel upload, received by the one who ran the pass.
    for row in s.json("lea", &["queue"]).as_array().unwrap() {
        assert_eq!(row["stage"], "received");
        assert_eq!(row["channel"], "upload");
    }
    let unassigned: i64 = s
        .raw_db()
        .query_row(
            "SELECT COUNT(*) FROM items WHERE assigned_to IS NULL AND received_by = 'wim'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unassigned, 2);
    // The next pass takes the settled file; an empty pass is quiet.
    age(&inbox.join("fresh.mp3"));
    let (code, v) = pass(&s, 5000);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["imported"].as_array().unwrap().len(), 1);
    let (code, v) = pass(&s, 5000);
    assert_eq!(code, 0);
    assert!(v["imported"].as_array().unwrap().is_empty());
    assert_eq!(s.json("lea", &["queue"]).as_array().unwrap().len(), 3);
    let d = s.json("lea", &["doctor"]);
    assert!(d["findings"].as_array().unwrap().is_empty(), "{d}");
}

#[test]
fn a_whatsapp_export_dropped_in_a_case_folder_is_imported_as_a_chat() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    set_inbox(&s, tmp.path());
    std::fs::create_dir(tmp.path().join("C-3")).unwrap();
    let z = tmp.path().join("C-3/WhatsApp Chat - Pieter.zip");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/whatsapp/ios-nl.zip"),
        &z,
    )
    .unwrap();
    age(&z);
    let (code, v) = pass(&s, 1000);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["chats"][0]["imported"].as_array().unwrap().len(), 2);
    assert_eq!(v["chats"][0]["case"], "C-3");
    assert!(!z.exists(), "removed once everything is committed");
}

#[test]
fn symlinks_and_fifos_in_the_inbox_are_set_aside_not_followed() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    set_inbox(&s, tmp.path());
    std::os::unix::fs::symlink(fixture("voice.opus"), tmp.path().join("link.opus")).unwrap();
    let fifo = std::ffi::CString::new(tmp.path().join("pipe.opus").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let (code, v) = pass(&s, 0);
    assert_eq!(code, 2, "{v}");
    assert_eq!(v["rejected"].as_array().unwrap().len(), 2, "{v}");
    assert!(
        fixture("voice.opus").exists(),
        "the link's target is untouched"
    );
    assert!(s.json("lea", &["queue"]).as_array().unwrap().is_empty());
}

#[test]
fn a_file_written_slowly_into_the_inbox_is_imported_once_and_complete() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    set_inbox(&s, tmp.path());
    let work = tempfile::tempdir().unwrap();
    let full = work.path().join("full.wav");
    write_wav(&full, 20, 7);
    let bytes = std::fs::read(&full).unwrap();
    let want = hex::encode(Sha256::digest(&bytes));
    let target = tmp.path().join("slow.wav");
    let writer = {
        let target = target.clone();
        std::thread::spawn(move || {
            let mut f = std::fs::File::create(&target).unwrap();
            for piece in bytes.chunks(bytes.len() / 25 + 1) {
                f.write_all(piece).unwrap();
                f.flush().unwrap();
                std::thread::sleep(Duration::from_millis(120));
            }
        })
    };
    let start = Instant::now();
    let mut passes = 0;
    let mut imported: Vec<Value> = Vec::new();
    loop {
        let (code, v) = pass(&s, 800);
        passes += 1;
        assert_eq!(code, 0, "pass {passes}: {v}");
        assert!(v["rejected"].as_array().unwrap().is_empty(), "{v}");
        imported.extend(v["imported"].as_array().unwrap().iter().cloned());
        if writer.is_finished() && !target.exists() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "never imported");
        std::thread::sleep(Duration::from_millis(50));
    }
    writer.join().unwrap();
    assert!(
        passes > 3,
        "the passes ran while it was being written ({passes})"
    );
    assert_eq!(imported.len(), 1, "{imported:?}");
    assert_eq!(imported[0]["sha256"], want.as_str(), "complete");
    assert_eq!(s.json("lea", &["queue"]).as_array().unwrap().len(), 1);
}

#[test]
fn the_cli_watcher_imports_what_appears_until_ctrl_c() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    set_inbox(&s, tmp.path());
    let child = s
        .command(
            "wim",
            &[
                "inbox",
                "--watch",
                "--settle-ms",
                "300",
                "--rescan-s",
                "30",
                "--json",
            ],
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let part = tmp.path().join(".upload.tmp");
    std::fs::copy(fixture("voice.opus"), &part).unwrap();
    std::fs::rename(&part, tmp.path().join("dropped.opus")).unwrap();
    let start = Instant::now();
    while s.json("lea", &["queue"]).as_array().unwrap().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the watcher did not react"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "notified, not rescanned"
    );
    // SAFETY: signalling our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.lines().any(|l| l.contains("dropped.opus")), "{out}");
    assert!(!tmp.path().join("dropped.opus").exists());
}

/// The API the TUI uses: a pass with a progress callback, and a watcher started and stopped
/// from another thread.
#[test]
fn library_pass_reports_progress_and_the_watcher_starts_and_stops() {
    use earshot::intake::inbox::{InboxOptions, InboxWatcher, WatchEvent, run_pass};
    use earshot::store::Store;

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let key = tmp.path().join("k.key");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let mut store = Store::init(&dir, Some(&key), "lea", earshot::store::system_clock()).unwrap();
    store.set_inbox("lea", inbox.to_str().unwrap()).unwrap();
    write_wav(&inbox.join("a.wav"), 5, 1);
    write_wav(&inbox.join("b.wav"), 5, 2);
    let opts = InboxOptions {
        settle: Duration::ZERO,
        ..InboxOptions::default()
    };
    let mut seen = Vec::new();
    let r = run_pass(&mut store, "lea", &opts, &|| false, &mut |p| {
        seen.push(p.clone())
    })
    .unwrap();
    assert_eq!(r.imported.len(), 2);
    let last = seen.last().unwrap();
    assert_eq!((last.files_done, last.files_total), (2, 2));
    assert_eq!(last.bytes_done, last.bytes_total);
    assert!(seen.iter().any(|p| p.current.as_deref() == Some("a.wav")));
    assert!(seen.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done));

    let store2 = Store::open(&dir, Some(&key), earshot::store::system_clock()).unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let ev2 = events.clone();
    let w = InboxWatcher::start(
        store2,
        "lea".into(),
        opts,
        Duration::from_millis(300),
        move |e| {
            if let WatchEvent::Pass(r) = e {
                ev2.lock().unwrap().push(r.imported.len());
            }
        },
    )
    .unwrap();
    // With no settle time, the file must appear whole: write it beside the inbox, then move it in.
    write_wav(&tmp.path().join("c.wav"), 5, 3);
    std::fs::rename(tmp.path().join("c.wav"), inbox.join("c.wav")).unwrap();
    let start = Instant::now();
    while events.lock().unwrap().iter().sum::<usize>() < 1 {
        assert!(start.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(20));
    }
    w.stop();
    let n = events.lock().unwrap().len();
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(events.lock().unwrap().len(), n, "no pass after stop");
    assert_eq!(store.queue().unwrap().len(), 3);
}
