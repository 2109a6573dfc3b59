//! One damaged item never takes the others with it: the queue lists it as damaged and goes on,
//! and `doctor` names what it cannot read (a sealed value, a text column, a dangling
//! reference).

mod common;

use common::{TestStore, assert_code};

#[test]
fn a_damaged_item_is_listed_as_damaged_and_the_doctor_names_it() {
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
