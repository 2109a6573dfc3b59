//! Every sealed value is bound to where it belongs (its item, table, row and column; an item's
//! key also to its recording's name), through the real binary: a recording swapped between two
//! families' items, a complaint's text swapped with another's, a value moved to another
//! column, table or row, all fail with exit 4 naming the table, row and column, and `doctor
//! --deep` names each. A store written by the version before (values bound to the blob's name
//! or a fixed label; `tests/fixtures/stores/sealed-v1`) is brought up to date when opened and
//! reads as it did.

mod common;

use std::path::Path;

use common::*;
use rusqlite::types::Value;

/// The columns that make an item's recording: swapped together, a recording with everything
/// sealed about it moves to the other item's row.
const RECORDING: [&str; 10] = [
    "blob",
    "wrapped_key",
    "sealed",
    "sha256",
    "size",
    "container",
    "codec",
    "sample_rate",
    "channels",
    "duration_ms",
];

/// Swaps `columns` of rows `a` and `b` of `table` (whose key is `id`), as whoever holds the
/// database (SQLite's file, or the PostgreSQL database) can.
fn swap(s: &TestStore, table: &str, a: i64, b: i64, columns: &[&str]) {
    if s.in_database() {
        // The rows as they were, then each set from the other's (`blob` is unique: the second
        // row's out of the way first).
        let set = columns
            .iter()
            .map(|c| format!("{c} = w.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let free = if columns.contains(&"blob") {
            format!("UPDATE {table} SET blob = blob || '~' WHERE id = {b};")
        } else {
            String::new()
        };
        s.tamper(&format!(
            "CREATE TEMP TABLE was AS SELECT id, {cols} FROM {table} WHERE id IN ({a}, {b}); \
             {free} \
             UPDATE {table} SET {set} FROM was w WHERE {table}.id = {a} AND w.id = {b}; \
             UPDATE {table} SET {set} FROM was w WHERE {table}.id = {b} AND w.id = {a};",
            cols = columns.join(", "),
        ));
        return;
    }
    let db = s.raw_db();
    let read = |id: i64| -> Vec<Value> {
        db.query_row(
            &format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", ")),
            [id],
            |r| (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect(),
        )
        .expect("read the row")
    };
    let (va, vb) = (read(a), read(b));
    if columns.contains(&"blob") {
        // `blob` is unique: out of the way first.
        db.execute(
            &format!("UPDATE {table} SET blob = blob || '~' WHERE id = ?1"),
            [b],
        )
        .expect("free the name");
    }
    for (id, values) in [(a, &vb), (b, &va)] {
        for (c, v) in columns.iter().zip(values) {
            db.execute(
                &format!("UPDATE {table} SET {c} = ?2 WHERE id = ?1"),
                rusqlite::params![id, v],
            )
            .expect("write the row");
        }
    }
}

/// Runs `args` as `user`, expects exit 4, and checks that standard error names `place`.
fn fails_naming(s: &TestStore, user: &str, args: &[&str], place: &str) {
    let err = s.fails(user, args, 4);
    assert!(err.contains(place), "{args:?} does not name {place}: {err}");
}

/// `doctor --deep`: exit 4, and what it printed.
fn deep_doctor_fails(s: &TestStore) -> String {
    let o = s.run("lea", &["doctor", "--deep"]);
    assert_code(&o, 4, &["doctor", "--deep"]);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(s: &TestStore, name: &str, text: &str) -> String {
    let p = s.tmp.path().join(name);
    std::fs::write(&p, text).expect("write");
    p.to_str().expect("path").to_string()
}

/// Two families' recordings, each described: Jansen (item 1, case F-1) and Pietersen (item 2,
/// case F-2).
fn two_families() -> TestStore {
    let s = TestStore::new();
    for (name, case) in [("voice.opus", "F-1"), ("voice.mp3", "F-2")] {
        assert_ok(&s.import_into(name, case, &[]), &["import", name]);
    }
    s.describe(1);
    s.ok(
        "wim",
        &[
            "describe",
            "2",
            "--sender",
            "Piet Pietersen",
            "--subject",
            "Els Pietersen:parent",
            "--purpose",
            "vader maakt zich zorgen",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "veiligheid van Tim",
        ],
    );
    s
}

#[test]
fn a_recording_swapped_between_two_families_items_is_caught_naming_the_row() {
    let s = two_families();
    s.ok("wim", &["show", "1"]);
    swap(&s, "items", 1, 2, &RECORDING);

    // The key of the other family's recording no longer opens in this row.
    for id in ["1", "2"] {
        let place = format!("items row {id}, column wrapped_key");
        fails_naming(&s, "wim", &["show", id], &place);
        fails_naming(&s, "wim", &["play", id, "--sink", "null"], &place);
        fails_naming(&s, "wim", &["report", id], &place);
    }
    let err = s.fails("wim", &["--lang", "nl", "show", "1"], 4);
    assert!(
        err.contains("tabel `items` rij 1, kolom `wrapped_key`"),
        "{err}"
    );
    let out = deep_doctor_fails(&s);
    for id in [1, 2] {
        assert!(
            out.contains(&format!("items row {id}, column wrapped_key")),
            "{out}"
        );
    }
    // Nothing was played or changed: the log still verifies, and the swap undone reads again.
    s.ok("lea", &["audit", "verify"]);
    swap(&s, "items", 1, 2, &RECORDING);
    let v = s.json("wim", &["show", "1"]);
    assert_eq!(v["id"], 1);
    s.ok("lea", &["doctor", "--deep"]);
}

#[test]
fn an_items_details_moved_to_another_item_are_caught_naming_the_row() {
    let s = two_families();
    swap(&s, "items", 1, 2, &["sealed"]);
    fails_naming(&s, "wim", &["show", "1"], "items row 1, column sealed");
    fails_naming(&s, "wim", &["show", "2"], "items row 2, column sealed");
    let out = deep_doctor_fails(&s);
    assert!(out.contains("items row 1, column sealed"), "{out}");
    assert!(out.contains("items row 2, column sealed"), "{out}");
}

#[test]
fn a_complaints_text_swapped_with_anothers_is_caught_naming_the_complaint() {
    let s = TestStore::new();
    let a = write(&s, "a.txt", "Ik wist niet dat dit was opgenomen.\n");
    let b = write(&s, "b.txt", "Niemand belde mij terug.\n");
    s.ok(
        "wim",
        &[
            "complaint",
            "add",
            "--from",
            "Maria Jansen",
            "--text-file",
            &a,
        ],
    );
    s.ok(
        "wim",
        &[
            "complaint",
            "add",
            "--from",
            "Kees de Vries",
            "--text-file",
            &b,
        ],
    );
    let v = s.json("wim", &["complaint", "show", "1"]);
    assert_eq!(v["from"], "Maria Jansen", "{v}");
    swap(&s, "complaints", 1, 2, &["sealed"]);

    fails_naming(
        &s,
        "wim",
        &["complaint", "show", "1"],
        "complaints row 1, column sealed",
    );
    fails_naming(
        &s,
        "wim",
        &["complaint", "show", "2"],
        "complaints row 2, column sealed",
    );
    fails_naming(
        &s,
        "wim",
        &["complaint", "list"],
        "complaints row 1, column sealed",
    );
    let out = deep_doctor_fails(&s);
    for id in [1, 2] {
        assert!(
            out.contains(&format!("complaints row {id}, column sealed")),
            "{out}"
        );
    }
}

#[test]
fn a_value_moved_to_another_column_table_or_row_is_caught() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    s.import("voice.opus");
    s.describe(1);
    s.ok(
        "wim",
        &[
            "notify",
            "1",
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "brief",
        ],
    );
    s.via_parent("1", "Sam Jansen", "Maria Jansen");
    for (i, text) in ["Eerste samenvatting.", "Tweede samenvatting."]
        .iter()
        .enumerate()
    {
        let f = write(&s, &format!("use{i}.txt"), text);
        s.ok(
            "wim",
            &[
                "use",
                "1",
                "--purpose",
                "VTO",
                "--recipient",
                "Raad voor de Kinderbescherming",
                "--summary-file",
                &f,
            ],
        );
    }
    s.ok("wim", &["escalate", "1", "--reason", "wie neemt dit over?"]);
    s.ok("lea", &["dismiss", "1", "--reason", "al besproken"]);
    s.ok("lea", &["doctor", "--deep"]);
    let db = s.raw_db();
    let value = |sql: &str| -> Vec<u8> { db.query_row(sql, [], |r| r.get(0)).expect(sql) };

    // Another table: a use's summary where the notification decision was.
    let kept = value("SELECT sealed FROM notifications WHERE id = 1");
    db.execute(
        "UPDATE notifications SET sealed = (SELECT sealed FROM uses WHERE id = 1) WHERE id = 1",
        [],
    )
    .expect("move");
    fails_naming(
        &s,
        "wim",
        &["show", "1"],
        "notifications row 1, column sealed",
    );
    let out = deep_doctor_fails(&s);
    assert!(out.contains("notifications row 1, column sealed"), "{out}");
    db.execute("UPDATE notifications SET sealed = ?1 WHERE id = 1", [&kept])
        .expect("put back");

    // Another row of the same table and item: the two uses' summaries swapped (which the
    // labels of the version before, one per item, did not notice).
    swap(&s, "uses", 1, 2, &["sealed"]);
    fails_naming(&s, "wim", &["show", "1"], "uses row 1, column sealed");
    swap(&s, "uses", 1, 2, &["sealed"]);
    s.ok("wim", &["show", "1"]);

    // Another column of the same row: the request's reason where the dismissal's note was.
    let kept = value("SELECT note_sealed FROM escalations WHERE id = 1");
    db.execute(
        "UPDATE escalations SET note_sealed = sealed WHERE id = 1",
        [],
    )
    .expect("move");
    fails_naming(
        &s,
        "wim",
        &["escalations", "--all"],
        "escalations row 1, column note_sealed",
    );
    let out = deep_doctor_fails(&s);
    assert!(
        out.contains("escalations row 1, column note_sealed"),
        "{out}"
    );
    db.execute(
        "UPDATE escalations SET note_sealed = ?1 WHERE id = 1",
        [&kept],
    )
    .expect("put back");

    // The item's own details in its waveform's place (another table, the same item and row).
    db.execute(
        "UPDATE waveforms SET sealed = (SELECT sealed FROM items WHERE id = 1) \
         WHERE item_id = 1",
        [],
    )
    .expect("move");
    let out = deep_doctor_fails(&s);
    assert!(out.contains("waveforms row 1, column sealed"), "{out}");
}

/// Copies the store the version before wrote (`tests/fixtures/stores/sealed-v1`) into a test
/// store's places, private as the store keeps them.
fn old_store() -> TestStore {
    use std::os::unix::fs::PermissionsExt;
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("folder");
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700)).expect("mode");
        for e in std::fs::read_dir(from).expect("fixture") {
            let p = e.expect("entry").path();
            let target = to.join(p.file_name().expect("name"));
            if p.is_dir() {
                copy(&p, &target);
            } else {
                std::fs::copy(&p, &target).expect("copy");
                std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600))
                    .expect("mode");
            }
        }
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stores/sealed-v1");
    let s = TestStore::empty();
    copy(&fixture.join("store"), &s.store_dir());
    copy(
        &fixture.join("keys"),
        s.key_file().parent().expect("keys folder"),
    );
    s
}

fn seal_version(s: &TestStore) -> Option<String> {
    s.raw_db()
        .query_row(
            "SELECT value FROM meta WHERE key = 'seal_version'",
            [],
            |r| r.get(0),
        )
        .ok()
}

/// Every sealed value of the store, by table, column and row.
fn sealed_values(s: &TestStore) -> Vec<(String, i64, Vec<u8>)> {
    let db = s.raw_db();
    let mut out = Vec::new();
    for (table, column, key) in [
        ("items", "wrapped_key", "id"),
        ("items", "sealed", "id"),
        ("chat_context", "sealed", "item_id"),
        ("notifications", "sealed", "id"),
        ("uses", "sealed", "id"),
        ("escalations", "sealed", "id"),
        ("escalations", "note_sealed", "id"),
        ("responses", "sealed", "id"),
        ("access_requests", "sealed", "id"),
        ("complaints", "sealed", "id"),
        ("approvals", "sealed", "id"),
        ("waveforms", "sealed", "item_id"),
        ("copies", "sealed", "id"),
        ("certificates", "sealed", "item_id"),
    ] {
        let mut st = db
            .prepare(&format!(
                "SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {key}"
            ))
            .expect("select");
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
            .expect("rows");
        for r in rows {
            let (id, v) = r.expect("row");
            out.push((format!("{table}.{column}"), id, v));
        }
    }
    out
}

#[test]
fn a_store_sealed_by_the_version_before_is_brought_up_to_date_and_reads_as_it_did() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = old_store();
    assert_eq!(seal_version(&s), None);
    let before = sealed_values(&s);
    let tables: std::collections::BTreeSet<&str> =
        before.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        tables.len(),
        14,
        "the fixture fills every sealed column: {tables:?}"
    );

    // The first command opens it: every value is sealed again for its place, once.
    let v = s.json("wim", &["show", "1"]);
    assert_eq!(seal_version(&s).as_deref(), Some("2"));
    let after = sealed_values(&s);
    assert_eq!(after.len(), before.len());
    for ((t, id, old), (t2, id2, new)) in before.iter().zip(&after) {
        assert_eq!((t, id), (t2, id2));
        assert_ne!(old, new, "{t} row {id} was not sealed again");
    }

    // And everything reads as it did.
    let text = v.to_string();
    for want in [
        "Jan Jansen",
        "Maria Jansen",
        "vader wil dat het team de ruzies hoort",
        "Samenvatting van het gesprek over Sam.",
        "Raad voor de Kinderbescherming",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    let v = s.json("wim", &["show", "2"]).to_string();
    assert!(v.contains("moeder is gevaarlijk voor Tim"), "{v}");
    let v = s.json("wim", &["show", "4"]).to_string();
    assert!(v.contains("chat_context"), "{v}");
    let v = s.json("lea", &["escalations", "--all"]).to_string();
    for want in [
        "mag ik dit met een teamleider bespreken?",
        "al besproken in het overleg",
    ] {
        assert!(v.contains(want), "{want}: {v}");
    }
    let v = s.json("wim", &["complaint", "list"]).to_string();
    for want in [
        "Ik wist niet dat dit was opgenomen.",
        "Niemand belde mij terug.",
    ] {
        assert!(v.contains(want), "{want}: {v}");
    }
    let v = s.json("wim", &["access", "list"]).to_string();
    assert!(v.contains("veel opnames om na te lopen"), "{v}");
    let v = s.json("wim", &["copy", "list", "1"]).to_string();
    assert!(v.contains("telefoon van wim"), "{v}");
    let out = s.tmp.path().join("certificate");
    let out = out.to_str().expect("path");
    // A store from before the organisation's profile writes no document until it has one,
    // and says which field it lacks.
    let err = s.fails(
        "lea",
        &["certificate", "3", "--out", out, "--lang", "en"],
        2,
    );
    assert!(err.contains("org_name"), "{err}");
    for (k, v) in PROFILE {
        s.ok("lea", &["settings", k, v]);
    }
    // And whoever signs it needs their full name and title.
    let err = s.fails(
        "lea",
        &["certificate", "3", "--out", out, "--lang", "en"],
        2,
    );
    assert!(err.contains("writer_title"), "{err}");
    s.ok(
        "lea",
        &[
            "team",
            "set",
            "lea",
            "--full-name",
            "Lea Bakker",
            "--title",
            "teamleider jeugd",
        ],
    );
    s.ok("lea", &["certificate", "3", "--out", out, "--lang", "en"]);
    s.ok("wim", &["waveform", "1"]);
    s.ok("lea", &["doctor", "--deep"]);
    s.ok("lea", &["audit", "verify"]);
    // A second open changes nothing.
    s.ok("wim", &["show", "1"]);
    assert_eq!(sealed_values(&s), after);
}

#[test]
fn a_value_of_the_version_before_that_does_not_open_under_its_label_stops_the_update() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = old_store();
    // The old labels bound an item's details to its recording's name: moved to the other
    // family's item, they do not open there.
    swap(&s, "items", 1, 2, &["sealed"]);
    let before = sealed_values(&s);
    let err = s.fails("wim", &["show", "4"], 4);
    assert!(err.contains("items row 1, column sealed"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    let err = s.fails("wim", &["--lang", "nl", "queue"], 4);
    assert!(err.contains("tabel `items` rij 1, kolom `sealed`"), "{err}");
    // Nothing was: no value sealed again, no version recorded.
    assert_eq!(sealed_values(&s), before);
    assert_eq!(seal_version(&s), None);
    // Put back, the store opens and is brought up to date.
    swap(&s, "items", 1, 2, &["sealed"]);
    s.ok("wim", &["show", "1"]);
    assert_eq!(seal_version(&s).as_deref(), Some("2"));
}
