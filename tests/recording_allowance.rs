//! One preview allowance per recording: the same bytes imported into another case share the
//! allowance already drawn on, and the import says so.

mod common;

use common::TestStore;

fn left(s: &TestStore, id: i64) -> f64 {
    s.json("lea", &["show", &id.to_string()])["preview_left_s"]
        .as_f64()
        .unwrap()
}

fn import_into(s: &TestStore, name: &str, case: &str, json: bool) -> String {
    let o = s.import_into(name, case, if json { &["--json"] } else { &[] });
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn preview(s: &TestStore, id: i64, seconds: &str) -> serde_json::Value {
    s.json_stdin_ok(
        "wim",
        &[
            "preview",
            &id.to_string(),
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--seconds",
            seconds,
            "--sink",
            "null",
        ],
        "123456\n",
    )
}

#[test]
fn importing_a_recording_again_gives_no_fresh_allowance() {
    let s = TestStore::new();
    s.ok("lea", &["settings", "preview_cap_s", "2"]);
    let a = s.import("voice.opus");
    let v = preview(&s, a, "1.5");
    assert_eq!(v["heard_ms"], 1500, "{v}");
    assert_eq!(left(&s, a), 0.5);

    // The same file into another case: the import names the item that holds it.
    let out = import_into(&s, "voice.opus", "C-2", true);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let b = v[0]["id"].as_i64().unwrap();
    assert_eq!(v[0]["same_recording"][0]["item"], a, "{v}");
    assert_eq!(v[0]["same_recording"][0]["case"], "C-1", "{v}");
    assert_eq!(
        left(&s, b),
        0.5,
        "the allowance is the recording's, not the item's"
    );

    // Previewing the new item draws on the same allowance, for both.
    let v = preview(&s, b, "9");
    assert_eq!(
        v["heard_ms"], 500,
        "capped at what the recording had left: {v}"
    );
    assert_eq!(left(&s, a), 0.0);
    assert_eq!(left(&s, b), 0.0);
    let q = s.json("lea", &["queue"]);
    for r in q.as_array().unwrap() {
        assert_eq!(r["preview_left_s"], 0.0, "{r}");
    }
    let err = s.fails_stdin(
        "wim",
        &[
            "preview",
            &a.to_string(),
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "123456\n",
        3,
    );
    assert!(err.contains("used up"), "{err}");

    // A third time, in words.
    let out = import_into(&s, "voice.opus", "C-3", false);
    assert!(
        out.contains(&format!("item {a} (case C-1), item {b} (case C-2)"))
            && out.contains("preview allowance is shared"),
        "{out}"
    );
    // Another recording has its own allowance, and its import names nothing.
    let out = import_into(&s, "voice.mp3", "C-2", true);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v[0].get("same_recording").is_none(), "{v}");
    assert_eq!(left(&s, v[0]["id"].as_i64().unwrap()), 2.0);
}
