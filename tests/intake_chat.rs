//! `import-chat` on the committed fictional exports: Android and iPhone, English and Dutch,
//! zipped and unpacked; the chat context, the phone as a copy, dry runs, nothing in clear.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::*;
use serde_json::Value;

pub fn export(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/whatsapp")
        .join(name)
}

/// Runs `import-chat` (times read in UTC) and returns the exit code and the JSON report.
fn import_chat(s: &TestStore, path: &std::path::Path, case: &str, extra: &[&str]) -> (i32, Value) {
    let p = path.to_str().unwrap();
    let mut args = vec![
        "import-chat",
        p,
        "--case",
        case,
        "--received-by",
        "wim",
        "--json",
    ];
    args.extend_from_slice(extra);
    let o: Output = s.command("wim", &args).env("TZ", "UTC").output().unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o.status.code().unwrap_or(-1), v)
}

fn files(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn android_english_zip_with_duplicates_missing_amr_and_photos() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let (code, v) = import_chat(&s, &export("android-en.zip"), "C-1", &[]);
    assert_eq!(
        code, 2,
        "the AMR file is refused, so the exit code says so: {v}"
    );
    assert_eq!(v["platform"], "android");
    assert_eq!(v["date_order"], "mdy");
    assert_eq!(v["chat_file"], "WhatsApp Chat with Jan Jansen.txt");
    assert_eq!(
        files(&v, "imported"),
        [
            "PTT-20240312-WA0001.opus",
            "AUD-20240312-WA0002.m4a",
            "PTT-20240313-WA0004.opus",
            "AUD-20240313-WA0008.mp3"
        ]
    );
    let first = &v["imported"][0];
    assert_eq!(first["sender"], "Jan Jansen");
    assert_eq!(
        first["sent_at"], "2024-03-12T19:04:00Z",
        "7:04 PM with U+202F"
    );
    assert_eq!(first["format"], "ogg");
    assert_eq!(first["in_chat"], true);
    assert!(first["id"].as_i64().is_some() && first["copy"].as_i64().is_some());
    assert_eq!(v["imported"][2]["sent_at"], "2024-03-13T08:15:00Z");
    // The same voice note twice: imported once, flagged.
    assert_eq!(files(&v, "duplicates"), ["PTT-20240313-WA0005.opus"]);
    assert_eq!(
        v["duplicates"][0]["same_as_file"],
        "PTT-20240312-WA0001.opus"
    );
    assert_eq!(v["duplicates"][0]["same_as_item"], first["id"]);
    // Referenced but not in the export.
    assert_eq!(files(&v, "missing"), ["PTT-20240313-WA0006.opus"]);
    assert_eq!(v["missing_count"], 1);
    assert_eq!(v["media_omitted"], 1);
    assert_eq!(v["other_media"]["count"], 1);
    assert_eq!(v["other_media"]["files"][0], "IMG-20240312-WA0003.jpg");
    // AMR: listed with the probe's sentence.
    assert_eq!(files(&v, "errors"), ["AUD-20240313-WA0007.amr"]);
    let why = v["errors"][0]["reason"].as_str().unwrap();
    assert!(why.contains("AMR") && why.contains("convert"), "{why}");

    // The items: channel whatsapp, received at the message's time, from the sender.
    let id = first["id"].as_i64().unwrap();
    let item = s.json("wim", &["show", &id.to_string()]);
    assert_eq!(item["channel"], "whatsapp");
    assert_eq!(item["from"], "Jan Jansen");
    assert_eq!(item["received_by"], "wim");
    assert_eq!(item["file_name"], "PTT-20240312-WA0001.opus");
    assert!(
        item["received_at"]
            .as_str()
            .unwrap()
            .starts_with("2024-03-12T19:04:00")
    );
    // The chat around the attachment, with the multi-line message after it.
    let ctx = item["chat_context"]["messages"].as_array().unwrap();
    let at = ctx.iter().position(|m| m["attachment"] == true).unwrap();
    assert_eq!(at, 3, "three messages before: {ctx:?}");
    assert_eq!(ctx.len(), 7);
    assert_eq!(
        ctx[at + 1]["text"],
        "This one is from last Sunday.\nThe kids were in the next room."
    );
    assert_eq!(ctx[0]["sender"], Value::Null, "a system message");
    // The phone is a known copy outside the store, outstanding, one per item.
    let db = s.raw_db();
    let outstanding: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM copies WHERE confirmed_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(outstanding, 4);
    let q = s.json("lea", &["queue"]);
    assert_eq!(q.as_array().unwrap().len(), 4);
}

#[test]
fn android_dutch_folder_with_a_phone_number_as_sender() {
    let s = TestStore::new();
    let (code, v) = import_chat(&s, &export("android-nl"), "C-2", &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["date_order"], "dmy");
    assert_eq!(
        files(&v, "imported"),
        [
            "PTT-20240402-WA0000.opus",
            "AUD-20240402-WA0001.aac",
            "PTT-20240403-WA0003.opus"
        ]
    );
    // U+202A / U+202C around the number are gone.
    assert_eq!(v["imported"][0]["sender"], "+31 6 12345678");
    assert_eq!(v["imported"][0]["sent_at"], "2024-04-02T09:14:00Z");
    assert_eq!(v["imported"][2]["sent_at"], "2024-04-03T07:45:00Z");
    assert_eq!(v["imported"][1]["format"], "adts");
    assert_eq!(v["media_omitted"], 1);
    assert_eq!(v["unreadable_headers"]["count"], 0);
    assert_eq!(v["other_media"]["files"][0], "DOC-20240402-WA0002.pdf");
    assert!(v["missing"].as_array().unwrap().is_empty());
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn iphone_english_zip_and_folder_agree() {
    for (i, name) in ["ios-en.zip", "ios-en"].iter().enumerate() {
        let s = TestStore::new();
        let (code, v) = import_chat(&s, &export(name), &format!("C-{i}"), &[]);
        assert_eq!(code, 0, "{name}: {v}");
        assert_eq!(v["platform"], "ios");
        assert_eq!(v["chat_file"], "_chat.txt");
        assert_eq!(
            files(&v, "imported"),
            [
                "00000012-AUDIO-2024-03-12-19-04-11.opus",
                "00000014-AUDIO-2024-03-12-21-40-02.opus",
                "00000016-Recording 3.m4a"
            ],
            "{name}"
        );
        assert_eq!(v["imported"][0]["sent_at"], "2024-03-12T19:04:11Z");
        assert_eq!(v["imported"][0]["sender"], "Jan Jansen");
        assert_eq!(
            files(&v, "missing"),
            ["00000015-AUDIO-2024-03-13-07-02-13.opus"]
        );
        assert_eq!(v["media_omitted"], 1, "\"audio omitted\"");
        assert_eq!(v["other_media"]["count"], 1);
        let id = v["imported"][1]["id"].as_i64().unwrap();
        let item = s.json("wim", &["show", &id.to_string()]);
        let ctx = item["chat_context"]["messages"].as_array().unwrap();
        assert!(
            ctx.iter().any(|m| m["text"] == "No.\nThey did not."),
            "{ctx:?}"
        );
    }
}

#[test]
fn iphone_dutch_zip() {
    let s = TestStore::new();
    let (code, v) = import_chat(&s, &export("ios-nl.zip"), "C-3", &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["date_order"], "dmy");
    assert_eq!(v["imported"].as_array().unwrap().len(), 2);
    assert_eq!(v["imported"][0]["sender"], "Pieter de Vries");
    assert_eq!(v["imported"][0]["sent_at"], "2024-05-10T22:15:40Z");
    assert_eq!(v["imported"][1]["sent_at"], "2024-05-11T08:01:05Z");
    assert_eq!(v["other_media"]["count"], 1);
}

#[test]
fn dry_run_imports_nothing_and_predicts_the_real_run() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let (code, dry) = import_chat(&s, &export("android-en.zip"), "C-1", &["--dry-run"]);
    assert_eq!(code, 2);
    assert_eq!(dry["dry_run"], true);
    assert!(
        dry["imported"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["id"].is_null())
    );
    assert_eq!(files(&dry, "duplicates"), ["PTT-20240313-WA0005.opus"]);
    assert!(s.json("lea", &["queue"]).as_array().unwrap().is_empty());
    let cases: i64 = s
        .raw_db()
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cases, 0, "a dry run creates no case");
    let (_, real) = import_chat(&s, &export("android-en.zip"), "C-1", &[]);
    assert_eq!(files(&dry, "imported"), files(&real, "imported"));
    let shas = |v: &Value| -> Vec<String> {
        v["imported"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["sha256"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(shas(&dry), shas(&real));
    // A second run finds everything already there.
    let (_, again) = import_chat(&s, &export("android-en"), "C-1", &[]);
    assert!(again["imported"].as_array().unwrap().is_empty());
    assert_eq!(again["duplicates"].as_array().unwrap().len(), 5);
    assert_eq!(s.json("lea", &["queue"]).as_array().unwrap().len(), 4);
}

#[test]
fn the_chat_is_never_in_clear_text_and_is_shredded_with_the_item() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let (_, v) = import_chat(&s, &export("android-en.zip"), "C-1", &[]);
    let (_, _) = import_chat(&s, &export("android-nl.zip"), "C-2", &[]);
    for (path, bytes) in s.all_files() {
        if path.starts_with(s.store_dir()) {
            for needle in [
                "Jan Jansen",
                "kids were in the next room",
                "12345678",
                "PTT-20240312",
                "Goedemorgen",
            ] {
                assert!(
                    !contains(&bytes, needle.as_bytes()),
                    "{needle} in clear text in {}",
                    path.display()
                );
            }
        }
    }
    // Audit entries carry counts and ids, not names.
    let log = s.json("lea", &["audit", "log"]).to_string();
    assert!(!log.contains("Jan") && log.contains("intake.chat"), "{log}");
    let id = v["imported"][0]["id"].as_i64().unwrap();
    s.ok_stdin(
        "lea",
        &[
            "delete",
            &id.to_string(),
            "--reason",
            "request",
            "--requested-by",
            "Jan",
            "--approved-by",
            "leo",
            "--pin-stdin",
        ],
        "654321\n",
    );
    let sealed: Option<Vec<u8>> = s
        .raw_db()
        .query_row(
            "SELECT sealed FROM chat_context WHERE item_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        sealed.is_none(),
        "the chat context is cleared with the item"
    );
    let item = s.json("lea", &["show", &id.to_string()]);
    assert!(item.get("chat_context").is_none());
    s.ok("lea", &["audit", "verify"]);
}

#[test]
fn human_output_names_everything_and_no_chat_text_means_a_clear_refusal() {
    let s = TestStore::new();
    let o = s
        .command(
            "wim",
            &[
                "import-chat",
                export("ios-en.zip").to_str().unwrap(),
                "--case",
                "C-1",
                "--received-by",
                "wim",
                "--dry-run",
            ],
        )
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("would be imported") && out.contains("NOT imported"),
        "{out}"
    );
    assert!(out.contains("Dry run"), "{out}");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("voice.opus"), tmp.path().join("PTT-1.opus")).unwrap();
    let err = s.fails(
        "wim",
        &[
            "import-chat",
            tmp.path().to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            "wim",
        ],
        2,
    );
    assert!(err.contains("no chat text"), "{err}");
    let err = s.fails(
        "wim",
        &[
            "import-chat",
            export("ios-en.zip").to_str().unwrap(),
            "--case",
            "Jan Jansen",
            "--received-by",
            "wim",
        ],
        2,
    );
    assert!(err.contains("not a usable case id"), "{err}");
}

#[test]
fn a_german_phone_with_a_12_hour_clock_and_an_unreadable_stamp() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("export");
    std::fs::create_dir(&d).unwrap();
    // Nothing above 12 until the last line settles day-first; line 3 is not a real time and
    // line 4 is no real date: both are reported, neither is guessed.
    std::fs::write(
        d.join("WhatsApp Chat mit Jan.txt"),
        "05.03.24, 7:04\u{a0}nachm. - Jan: PTT-20240305-WA0001.opus (Datei angehängt)\n\
         05.03.24, 7:05\u{a0}nachm. - Jan: Hallo\n\
         05.03.24, 25:05 - Jan: kaputt\n\
         30.02.24, 8:00\u{a0}vorm. - Jan: AUD-20240230-WA0002.mp3 (Datei angehängt)\n\
         13.03.24, 9:00\u{a0}vorm. - Jan: Ende\n",
    )
    .unwrap();
    std::fs::copy(fixture("voice.opus"), d.join("PTT-20240305-WA0001.opus")).unwrap();
    std::fs::copy(fixture("voice.mp3"), d.join("AUD-20240230-WA0002.mp3")).unwrap();
    let (code, v) = import_chat(&s, &d, "C-4", &["--dry-run"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["date_order"], "dmy");
    assert_eq!(v["messages"], 4);
    assert_eq!(v["unreadable_headers"]["count"], 2, "{v}");
    assert_eq!(v["unreadable_headers"]["lines"], serde_json::json!([3, 4]));
    // The same for a person reading the report.
    let text = s.ok(
        "wim",
        &[
            "import-chat",
            d.to_str().unwrap(),
            "--case",
            "C-4",
            "--received-by",
            "wim",
            "--dry-run",
        ],
    );
    assert!(
        text.contains("time stamp could not be read (reported, not guessed): 2 on lines 3, 4"),
        "{text}"
    );
    assert_eq!(v["imported"][0]["file"], "PTT-20240305-WA0001.opus");
    assert_eq!(v["imported"][0]["sent_at"], "2024-03-05T19:04:00Z");
    assert_eq!(v["imported"][1]["file"], "AUD-20240230-WA0002.mp3");
    assert_eq!(
        v["imported"][1]["sent_at"],
        Value::Null,
        "no such day: no time"
    );
}
