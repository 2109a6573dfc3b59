//! Nothing vanishes silently: the sweep at open removes only files the log says are gone (a
//! part file never committed, the file of an item whose deletion is logged). Any other file no
//! item points at is moved to `vault/quarantine/`, and `doctor` lists it with what the log
//! says about it.

mod common;

use common::*;
use serde_json::Value;

fn blob_of(s: &TestStore, id: i64) -> String {
    s.raw_db()
        .query_row("SELECT blob FROM items WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

fn doctor(s: &TestStore, code: i32) -> Value {
    let o = s.run("lea", &["doctor", "--json"]);
    assert_code(&o, code, &["doctor"]);
    serde_json::Deserializer::from_slice(&o.stdout)
        .into_iter()
        .next()
        .unwrap()
        .unwrap()
}

#[test]
fn an_item_row_lost_from_the_database_keeps_its_recording_in_quarantine() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let keep = s.import("voice.opus");
    let lost = s.import("voice.wav");
    let blob = blob_of(&s, lost);
    let file = s.store_dir().join("vault").join(format!("{blob}.esv"));
    let bytes = std::fs::read(&file).unwrap();
    // The row goes (a damaged or restored database); its log entries stay.
    let db = s.raw_db();
    db.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    db.execute("DELETE FROM items WHERE id = ?1", [lost])
        .unwrap();
    drop(db);
    // The next open does not delete the recording: it sets it aside, byte for byte.
    s.ok("lea", &["queue"]);
    assert!(!file.exists());
    let kept = s
        .store_dir()
        .join("vault/quarantine")
        .join(format!("{blob}.esv"));
    assert_eq!(std::fs::read(&kept).unwrap(), bytes);
    // The doctor says whose it is, from the log, and that the database lost it: exit 4.
    let d = doctor(&s, 4);
    let q = d["quarantine"].as_array().unwrap();
    assert_eq!(q.len(), 1, "{d}");
    assert_eq!(q[0]["item"], lost);
    assert_eq!(q[0]["lost"], true);
    assert_eq!(q[0]["file"], format!("vault/quarantine/{blob}.esv"));
    let import: i64 = s
        .raw_db()
        .query_row(
            "SELECT seq FROM audit WHERE action = 'item.import' AND item = ?1",
            [lost],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        q[0]["log"]
            .as_str()
            .unwrap()
            .contains(&format!("entry {import} as item {lost}")),
        "{d}"
    );
    // The replay names the missing row too, with the entry that made it.
    let lost_row = lost.to_string();
    assert!(
        d["differences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["table"] == "items"
                && x["row"].as_str() == Some(lost_row.as_str())
                && x["event"] == import),
        "{d}"
    );
    // In words.
    let o = s.run("lea", &["doctor"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("never deleted"), "{text}");
    // The item that stayed is whole.
    s.ok("wim", &["show", &keep.to_string()]);
}

#[test]
fn the_file_of_a_deleted_item_is_removed_and_an_unknown_one_is_set_aside() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let blob = blob_of(&s, id);
    let vault = s.store_dir().join("vault");
    let file = vault.join(format!("{blob}.esv"));
    let bytes = std::fs::read(&file).unwrap();
    s.json_stdin_ok(
        "lea",
        &[
            "delete",
            &id.to_string(),
            "--reason",
            "niet nodig",
            "--requested-by",
            "team",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            s.tmp.path().to_str().unwrap(),
        ],
        "654321\n",
    );
    assert!(!file.exists());
    // A deletion interrupted after its commit, before the file went: the log says the item
    // is deleted, so its file goes.
    std::fs::write(&file, &bytes).unwrap();
    // And a file nobody knows.
    let stranger = vault.join(format!("{}.esv", "5a".repeat(16)));
    std::fs::write(&stranger, b"from elsewhere").unwrap();
    let d = doctor(&s, 0);
    assert!(!file.exists(), "{d}");
    assert!(
        !vault
            .join("quarantine")
            .join(format!("{blob}.esv"))
            .exists()
    );
    let q = d["quarantine"].as_array().unwrap();
    assert_eq!(q.len(), 1, "{d}");
    assert_eq!(q[0]["item"], Value::Null);
    assert_eq!(q[0]["lost"], false);
    assert!(q[0]["log"].as_str().unwrap().contains("knows nothing"));
    assert_eq!(
        std::fs::read(
            vault
                .join("quarantine")
                .join(format!("{}.esv", "5a".repeat(16)))
        )
        .unwrap(),
        b"from elsewhere"
    );
    // The quarantine folder is private, like the vault.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(vault.join("quarantine"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
}
