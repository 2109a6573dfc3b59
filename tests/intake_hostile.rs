//! Hostile exports: zip slip, links, zip bombs, lying sizes, odd and non-UTF-8 names, damaged
//! audio, FIFOs, enormous files, a chat of millions of lines, Ctrl-C mid-batch. Each is named
//! with its reason, leaves nothing behind, and the rest of the batch still imports.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;
use zip::write::SimpleFileOptions;

fn opts(deflate: bool) -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    })
}

const CHAT: &str = "12/03/2024, 19:00 - Jan: hello\n\
                    12/03/2024, 19:01 - Jan: PTT-20240312-WA0001.opus (file attached)\n\
                    12/03/2024, 19:02 - Jan: PTT-20240312-WA0002.opus (file attached)\n";

/// A zip with a chat and one good voice note, plus whatever `extra` adds.
fn hostile_zip(path: &Path, extra: impl FnOnce(&mut zip::ZipWriter<std::fs::File>)) {
    let f = std::fs::File::create(path).unwrap();
    let mut w = zip::ZipWriter::new(f);
    w.start_file("WhatsApp Chat with Jan.txt", opts(true))
        .unwrap();
    w.write_all(CHAT.as_bytes()).unwrap();
    w.start_file("PTT-20240312-WA0001.opus", opts(false))
        .unwrap();
    w.write_all(&std::fs::read(fixture("voice.opus")).unwrap())
        .unwrap();
    extra(&mut w);
    w.finish().unwrap();
}

fn run_chat(s: &TestStore, export: &Path, case: &str) -> (i32, Value, String) {
    let o = s
        .command(
            "wim",
            &[
                "import-chat",
                export.to_str().unwrap(),
                "--case",
                case,
                "--received-by",
                "wim",
                "--json",
            ],
        )
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (
        o.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn reason_for(v: &Value, key: &str, file_part: &str) -> String {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["file"].as_str().unwrap().contains(file_part))
        .unwrap_or_else(|| panic!("{file_part} not in {key}: {v}"))["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

fn imported(v: &Value) -> Vec<String> {
    v["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["file"].as_str().unwrap().to_string())
        .collect()
}

/// Nothing left behind: every vault file belongs to a live item, and the doctor is happy.
fn assert_clean(s: &TestStore) {
    let blobs = std::fs::read_dir(s.store_dir().join("vault"))
        .unwrap()
        .flatten()
        .count() as i64;
    let items: i64 = s
        .raw_db()
        .query_row(
            "SELECT COUNT(*) FROM items WHERE wrapped_key IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(blobs, items, "a vault file without an item");
    let d = s.json("lea", &["doctor"]);
    assert!(
        d["findings"].as_array().unwrap().is_empty(),
        "doctor found: {d}"
    );
}

#[test]
fn zip_slip_absolute_paths_and_links_are_named_and_skipped() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let z = tmp.path().join("slip.zip");
    hostile_zip(&z, |w| {
        w.start_file("../../PTT-20240312-WA0002.opus", opts(false))
            .unwrap();
        w.write_all(b"x").unwrap();
        w.start_file("/etc/cron.d/evil.opus", opts(false)).unwrap();
        w.write_all(b"x").unwrap();
        w.start_file("media/../../../x.opus", opts(false)).unwrap();
        w.write_all(b"x").unwrap();
        w.add_symlink("AUD-link.opus", "/etc/passwd", opts(false))
            .unwrap();
    });
    let (code, v, _) = run_chat(&s, &z, "C-1");
    assert_eq!(code, 0, "{v}");
    assert_eq!(imported(&v), ["PTT-20240312-WA0001.opus"]);
    assert!(reason_for(&v, "skipped", "../../PTT").contains("zip slip"));
    assert!(reason_for(&v, "skipped", "/etc/cron.d").contains("absolute"));
    assert!(reason_for(&v, "skipped", "media/..").contains("zip slip"));
    assert!(reason_for(&v, "skipped", "AUD-link").contains("link"));
    // The slipped name is also what the chat mentions: it is missing, not taken.
    assert_eq!(v["missing"][0]["file"], "PTT-20240312-WA0002.opus");
    assert!(
        !tmp.path()
            .parent()
            .unwrap()
            .join("PTT-20240312-WA0002.opus")
            .exists()
    );
    assert_clean(&s);
}

#[test]
fn zip_bombs_and_lying_sizes_are_refused() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let z = tmp.path().join("bomb.zip");
    hostile_zip(&z, |w| {
        w.start_file("PTT-20240312-WA0002.opus", opts(true))
            .unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            w.write_all(&zeros).unwrap();
        }
        // A real mp3 followed by much more than it will declare (patched below).
        w.start_file("AUD-20240312-WA0003.mp3", opts(true)).unwrap();
        w.write_all(&std::fs::read(fixture("voice.mp3")).unwrap())
            .unwrap();
        w.write_all(&vec![0x55u8; 300_000]).unwrap();
    });
    // Make AUD-…0003 claim only the mp3's size in both headers.
    let declared = std::fs::metadata(fixture("voice.mp3")).unwrap().len() as u32;
    let mut bytes = std::fs::read(&z).unwrap();
    let name = b"AUD-20240312-WA0003.mp3";
    for (sig, size_off, name_off) in [
        ([0x50u8, 0x4b, 0x01, 0x02], 24, 46),
        ([0x50, 0x4b, 0x03, 0x04], 22, 30),
    ] {
        let mut at = 0;
        while let Some(p) = bytes[at..].windows(4).position(|w| w == sig) {
            let h = at + p;
            if bytes[h + name_off..].starts_with(name) {
                bytes[h + size_off..h + size_off + 4].copy_from_slice(&declared.to_le_bytes());
            }
            at = h + 4;
        }
    }
    std::fs::write(&z, &bytes).unwrap();
    let (code, v, stderr) = run_chat(&s, &z, "C-1");
    assert_eq!(code, 2, "{v}");
    assert_eq!(imported(&v), ["PTT-20240312-WA0001.opus"]);
    assert!(
        reason_for(&v, "skipped", "WA0002").contains("zip bomb"),
        "{v}"
    );
    let lie = reason_for(&v, "errors", "WA0003");
    assert!(lie.contains("expands beyond"), "{lie}");
    assert!(stderr.contains("could not be imported"), "{stderr}");
    assert_clean(&s);
}

#[test]
fn odd_and_non_utf8_names_damaged_audio_and_not_audio() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let z = tmp.path().join("odd.zip");
    hostile_zip(&z, |w| {
        w.start_file("PTT-20240312-WA0002.opus", opts(false))
            .unwrap();
        w.write_all(&std::fs::read(fixture("truncated.opus")).unwrap())
            .unwrap();
        w.start_file("AUD-notes.opus", opts(true)).unwrap();
        w.write_all(&std::fs::read(fixture("notes.txt")).unwrap())
            .unwrap();
        w.start_file("AUD-\x1b[31mred\n.m4a", opts(false)).unwrap();
        w.write_all(&std::fs::read(fixture("voice.m4a")).unwrap())
            .unwrap();
        w.start_file("AUD-QQQQ.mp3", opts(false)).unwrap();
        w.write_all(&std::fs::read(fixture("voice.mp3")).unwrap())
            .unwrap();
        w.start_file("AUD-empty.opus", opts(false)).unwrap();
    });
    // Turn "QQQQ" into bytes that are not UTF-8 (the UTF-8 flag is not set for ASCII names).
    let mut bytes = std::fs::read(&z).unwrap();
    let mut at = 0;
    while let Some(p) = bytes[at..].windows(4).position(|w| w == b"QQQQ") {
        bytes[at + p..at + p + 4].copy_from_slice(b"\xff\xfe\xc3\x28");
        at += p + 4;
    }
    std::fs::write(&z, &bytes).unwrap();
    let (code, v, _) = run_chat(&s, &z, "C-1");
    assert_eq!(code, 2, "{v}");
    let got = imported(&v);
    assert!(got.contains(&"PTT-20240312-WA0001.opus".to_string()));
    assert!(
        got.iter().any(|f| f.starts_with("AUD-?[31mred?")),
        "control characters shown as ?: {got:?}"
    );
    assert!(
        got.iter()
            .any(|f| f.starts_with("AUD-") && f.ends_with(".mp3")),
        "{got:?}"
    );
    assert_eq!(got.len(), 3, "{v}");
    assert!(
        reason_for(&v, "errors", "WA0002").contains("damaged"),
        "{v}"
    );
    assert!(
        reason_for(&v, "errors", "AUD-notes").contains("not a recording"),
        "{v}"
    );
    assert!(
        reason_for(&v, "errors", "AUD-empty").contains("empty"),
        "{v}"
    );
    let not_in_chat: Vec<&Value> = v["imported"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["in_chat"] == false)
        .collect();
    assert_eq!(not_in_chat.len(), 2);
    assert_clean(&s);
}

#[test]
fn a_batch_where_everything_fails_leaves_no_case_behind() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("export");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(
        d.join("_chat.txt"),
        "[12/03/2024, 19:01:00] Jan: \u{200e}<attached: 00000001-AUDIO-x.opus>\n",
    )
    .unwrap();
    std::fs::copy(fixture("truncated.opus"), d.join("00000001-AUDIO-x.opus")).unwrap();
    std::fs::copy(fixture("voice.amr"), d.join("00000002-AUDIO-y.amr")).unwrap();
    let (code, v, _) = run_chat(&s, &d, "C-9");
    assert_eq!(code, 2);
    assert!(imported(&v).is_empty());
    assert_eq!(v["errors"].as_array().unwrap().len(), 2);
    let cases: i64 = s
        .raw_db()
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cases, 0, "no half-case");
    assert_clean(&s);
}

#[test]
fn folders_with_links_fifos_and_enormous_files() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("export");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("WhatsApp Chat with Jan.txt"), CHAT).unwrap();
    std::fs::copy(fixture("voice.opus"), d.join("PTT-20240312-WA0001.opus")).unwrap();
    std::os::unix::fs::symlink(fixture("voice.mp3"), d.join("PTT-20240312-WA0002.opus")).unwrap();
    let fifo = std::ffi::CString::new(d.join("AUD-pipe.opus").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    // A sparse file far beyond the per-file limit: no disk used.
    let big = std::fs::File::create(d.join("AUD-huge.mp3")).unwrap();
    big.set_len(3 << 30).unwrap();
    std::fs::create_dir(d.join("Media")).unwrap();
    let (code, v, _) = run_chat(&s, &d, "C-1");
    assert_eq!(code, 0, "{v}");
    assert_eq!(imported(&v), ["PTT-20240312-WA0001.opus"]);
    assert!(reason_for(&v, "skipped", "WA0002").contains("link"));
    assert!(reason_for(&v, "skipped", "AUD-pipe").contains("not a regular file"));
    assert!(reason_for(&v, "skipped", "AUD-huge").contains("more than"));
    assert!(reason_for(&v, "skipped", "Media").contains("folder"));
    assert_clean(&s);
}

/// The largest resident set of any child this test process has waited for, in KiB.
fn children_max_rss_kib() -> i64 {
    // SAFETY: getrusage fills the struct we pass.
    unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru);
        ru.ru_maxrss
    }
}

#[test]
fn a_chat_of_two_million_lines_is_streamed_in_bounded_memory() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("export");
    std::fs::create_dir(&d).unwrap();
    let mut chat = std::io::BufWriter::new(std::fs::File::create(d.join("_chat.txt")).unwrap());
    let lines = 2_000_000u32;
    for i in 0..lines {
        if i == lines / 2 {
            writeln!(
                chat,
                "\u{200e}[12/03/2024, 19:04:11] Jan: \u{200e}<attached: 00000001-AUDIO-2024.opus>"
            )
            .unwrap();
        } else if i % 5 == 4 {
            writeln!(
                chat,
                "a continuation line of the message before, number {i}"
            )
            .unwrap();
        } else {
            writeln!(
                chat,
                "[12/03/2024, 19:{:02}:{:02}] Jan: message number {i} <attached: nothing.opus",
                (i / 60) % 60,
                i % 60
            )
            .unwrap();
        }
    }
    chat.flush().unwrap();
    drop(chat);
    let size = std::fs::metadata(d.join("_chat.txt")).unwrap().len();
    assert!(size > 100 << 20, "{size}");
    std::fs::copy(fixture("voice.opus"), d.join("00000001-AUDIO-2024.opus")).unwrap();
    let (code, v, _) = run_chat(&s, &d, "C-1");
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["messages"], 1_600_000);
    assert_eq!(imported(&v), ["00000001-AUDIO-2024.opus"]);
    assert_eq!(v["imported"][0]["sent_at"], "2024-03-12T19:04:11Z");
    let rss_mib = children_max_rss_kib() / 1024;
    // The PostgreSQL client brings its own runtime and buffers (a few MiB more, whatever the
    // chat's size).
    let limit = if s.database.is_some() { 96 } else { 80 };
    assert!(
        rss_mib < limit,
        "peak memory {rss_mib} MiB for a {} MiB chat",
        size >> 20
    );
}

fn wav_export(dir: &Path, n: u32, seconds: u32) -> PathBuf {
    let d = dir.join("export");
    std::fs::create_dir(&d).unwrap();
    let mut chat = String::new();
    for i in 0..n {
        let name = format!("AUD-20240312-WA{i:04}.wav");
        write_wav(&d.join(&name), seconds, u64::from(i) + 1);
        chat.push_str(&format!(
            "12/03/2024, 19:{:02} - Jan: {name} (file attached)\n",
            i % 60
        ));
    }
    std::fs::write(d.join("WhatsApp Chat with Jan.txt"), chat).unwrap();
    d
}

#[test]
fn ctrl_c_stops_between_files_with_everything_so_far_committed() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let d = wav_export(tmp.path(), 40, 60);
    let child = s
        .command(
            "wim",
            &[
                "import-chat",
                d.to_str().unwrap(),
                "--case",
                "C-1",
                "--received-by",
                "wim",
                "--json",
            ],
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until at least one item is committed, then interrupt.
    let start = std::time::Instant::now();
    loop {
        let q = s.json("lea", &["queue"]);
        if !q.as_array().unwrap().is_empty() {
            break;
        }
        assert!(start.elapsed().as_secs() < 60, "nothing imported");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // SAFETY: signalling our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let o = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(v["interrupted"], true);
    let n = v["imported"].as_array().unwrap().len();
    assert!((1..40).contains(&n), "{n}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("interrupted"));
    let q = s.json("lea", &["queue"]);
    assert_eq!(
        q.as_array().unwrap().len(),
        n,
        "every file reported is committed"
    );
    assert_clean(&s);
    // Running again imports the rest and nothing twice.
    let (code, again, _) = run_chat(&s, &d, "C-1");
    assert_eq!(code, 0);
    assert_eq!(again["imported"].as_array().unwrap().len(), 40 - n);
    assert_eq!(again["duplicates"].as_array().unwrap().len(), n);
}
