//! One damaged item never takes the others with it: the queue lists it as damaged and goes on,
//! and `doctor` names what it cannot read (a sealed value, a text column, a dangling
//! reference).

mod common;

use common::{TestStore, assert_code};

#[test]
fn a_damaged_item_is_listed_as_damaged_and_the_doctor_names_it() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let a = s.import("voice.opus");
    let b = s.import("voice.mp3");
    let c = s.import("voice.ogg");
    s.describe(a);
    let db = s.raw_db();
    // A flipped byte in item a's sealed fields; item b's case id no longer text (and pointing
    // at no case).
    let mut sealed: Vec<u8> = db
        .query_row("SELECT sealed FROM items WHERE id = ?1", [a], |r| r.get(0))
        .unwrap();
    sealed[20] ^= 1;
    db.execute(
        "UPDATE items SET sealed = ?1 WHERE id = ?2",
        rusqlite::params![sealed, a],
    )
    .unwrap();
    // Whoever edits the file directly is not held to its foreign keys.
    db.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    db.execute("UPDATE items SET case_id = X'ff41' WHERE id = ?1", [b])
        .unwrap();
    drop(db);

    let q = s.json("wim", &["queue"]);
    let rows = q.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{q}");
    let row = |id: i64| rows.iter().find(|r| r["id"] == id).unwrap();
    assert!(
        row(a)["damaged"]
            .as_str()
            .unwrap()
            .contains("does not decrypt")
    );
    assert!(row(b)["damaged"].is_string());
    assert!(row(c).get("damaged").is_none(), "{}", row(c));
    assert_eq!(row(c)["case"], "C-1");
    let text = s.ok("wim", &["queue"]);
    assert!(text.contains("DAMAGED"), "{text}");
    // The undamaged item still works.
    let v = s.json("wim", &["show", &c.to_string()]);
    assert_eq!(v["id"], c);

    let o = s.run("lea", &["doctor"]);
    assert_code(&o, 4, &["doctor"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("item {a}'s recorded details cannot be opened")),
        "{out}"
    );
    assert!(
        out.contains(&format!("item {b}'s row cannot be read")),
        "{out}"
    );
    assert!(
        out.contains(&format!("items row {b} refers to a cases row")),
        "{out}"
    );
    assert!(
        out.contains(&format!("items row {b}: its case_id is not readable text")),
        "{out}"
    );
    assert!(!out.contains(&format!("item {c}")), "{out}");
}

/// A value that is not text where text belongs (bytes that are not UTF-8, put there by hand or
/// by damage): the case report accounts for the other items and names this one, and every
/// command on the item itself says the store is damaged (exit 4), never "invalid utf-8".
#[test]
fn a_value_that_is_not_text_is_named_and_the_case_report_goes_on() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let a = s.import("voice.opus");
    let b = s.import("voice.mp3");
    for id in [a, b] {
        s.describe(id);
    }
    let db = s.raw_db();
    db.execute("UPDATE items SET channel = X'ff41' WHERE id = ?1", [b])
        .unwrap();
    drop(db);

    let o = s.run("wim", &["report", "--case", "C-1"]);
    assert_code(&o, 4, &["report", "--case", "C-1"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains(&format!("Account of item {a}")), "{md}");
    assert!(md.contains(&format!("Item {b}: DAMAGED")), "{md}");
    assert!(md.contains("2 items"), "{md}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("item(s) {b} cannot be read")),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("utf-8 sequence"), "{err}");

    // In JSON the damaged item is listed beside the accounts, on the one document on stdout.
    let o = s.run("wim", &["report", "--case", "C-1", "--json"]);
    assert_code(&o, 4, &["report", "--case", "C-1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["items"][0]["item"], a);
    assert_eq!(v["damaged"][0]["item"], b);
    assert!(
        v["damaged"][0]["why"]
            .as_str()
            .unwrap()
            .contains("`channel`"),
        "{v}"
    );

    for args in [
        vec!["report".to_string(), b.to_string()],
        vec!["show".to_string(), b.to_string()],
        vec![
            "letter".to_string(),
            b.to_string(),
            "--subject".to_string(),
            "Maria Jansen".to_string(),
            "--kind".to_string(),
            "notification".to_string(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = s.fails("wim", &args, 4);
        assert!(err.contains("the store is damaged"), "{args:?}: {err}");
        assert!(err.contains("earshot doctor"), "{args:?}: {err}");
    }
    // The undamaged item's own report and letter still work.
    s.ok("wim", &["report", &a.to_string()]);
    s.ok(
        "wim",
        &[
            "letter",
            &a.to_string(),
            "--subject",
            "Maria Jansen",
            "--kind",
            "notification",
        ],
    );
    // And the doctor names the row.
    let o = s.run("lea", &["doctor"]);
    assert_code(&o, 4, &["doctor"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("items row {b}: its channel is not readable text")),
        "{out}"
    );
}
