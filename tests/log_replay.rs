//! State rebuilt from the log: `doctor` replays every audit event and compares each fact the
//! gate decides from with the tables. Every row edit here went unnoticed before: each must now
//! be exit 4, naming the table, the row and the entry that wrote the true value.

mod common;

use common::*;
use serde_json::Value;

/// A store with a preview heard, a described item, a notification decision, a copy, a
/// complaint, an access request, a refused erasure request and a changed setting: every table
/// the replay compares.
fn lived_in() -> (TestStore, i64) {
    let s = TestStore::new();
    s.ok("lea", &["settings", "preview_cap_s", "3"]);
    let id = s.import("voice.opus");
    s.json_stdin_ok(
        "wim",
        &[
            "preview",
            &id.to_string(),
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--seconds",
            "1.5",
            "--sink",
            "null",
        ],
        "123456\n",
    );
    s.describe(id);
    s.ok(
        "wim",
        &[
            "notify",
            &id.to_string(),
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "phone",
        ],
    );
    s.via_parent(&id.to_string(), "Sam Jansen", "Maria Jansen");
    s.ok(
        "wim",
        &[
            "copy",
            "add",
            &id.to_string(),
            "--where",
            "Wim's work phone",
        ],
    );
    s.ok("lea", &["assign", &id.to_string(), "--to", "wendy"]);
    let text = s.tmp.path().join("complaint.txt");
    std::fs::write(&text, "Ik ben niet gevraagd.").unwrap();
    s.ok(
        "wim",
        &[
            "complaint",
            "add",
            "--from",
            "Maria Jansen",
            "--item",
            &id.to_string(),
            "--text-file",
            text.to_str().unwrap(),
        ],
    );
    s.ok(
        "wim",
        &[
            "access",
            "request",
            &id.to_string(),
            "--subject",
            "Maria Jansen",
        ],
    );
    s.ok(
        "wim",
        &[
            "erasure",
            "request",
            &id.to_string(),
            "--subject",
            "Sam Jansen",
        ],
    );
    s.ok(
        "lea",
        &[
            "erasure",
            "decide",
            &id.to_string(),
            "--subject",
            "Sam Jansen",
            "--refused",
            "--reason",
            "needed to protect the child (art. 17(3)(b))",
        ],
    );
    let d = s.json("lea", &["doctor"]);
    assert_eq!(d["findings"], serde_json::json!([]), "{d}");
    assert!(d["audit_entries"].as_u64().unwrap() > 10, "{d}");
    (s, id)
}

/// The seq of the newest entry with `action`.
fn entry(s: &TestStore, action: &str) -> i64 {
    s.raw_db()
        .query_row(
            "SELECT MAX(seq) FROM audit WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
}

/// Runs `doctor` after a row edit: exit 4, and the differences it names.
fn caught(s: &TestStore) -> Vec<Value> {
    let o = s.run("lea", &["doctor", "--json"]);
    assert_code(&o, 4, &["doctor"]);
    // The report, then the failure as JSON.
    let v: Value = serde_json::Deserializer::from_slice(&o.stdout)
        .into_iter()
        .next()
        .unwrap()
        .unwrap();
    let d = v["differences"].as_array().unwrap().clone();
    assert!(!d.is_empty(), "{v}");
    // And in words, for the person at the terminal.
    let o = s.run("lea", &["doctor"]);
    assert_code(&o, 4, &["doctor"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("PROBLEM"), "{text}");
    d
}

fn named(d: &[Value], table: &str, row: &str, column: Option<&str>, event: Option<i64>) {
    assert!(
        d.iter().any(|x| x["table"] == table
            && x["row"] == row
            && x["column"].as_str() == column
            && x["event"].as_i64() == event),
        "{table} row {row} column {column:?} event {event:?} not in {d:#?}"
    );
}

#[test]
fn a_deleted_preview_debit_is_named_with_its_entry() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, _) = lived_in();
    let start = entry(&s, "preview.start");
    s.raw_db().execute("DELETE FROM previews", []).unwrap();
    let d = caught(&s);
    named(&d, "previews", "1", None, Some(start));
}

#[test]
fn a_changed_preview_length_is_named_with_the_entry_that_ended_it() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, id) = lived_in();
    let end = entry(&s, "preview.end");
    s.raw_db()
        .execute("UPDATE previews SET heard_ms = 4020", [])
        .unwrap();
    let _ = id;
    let d = caught(&s);
    named(&d, "previews", "1", Some("heard_ms"), Some(end));
    let p = d[0]["problem"].as_str().unwrap();
    assert!(p.contains("'4020'") && p.contains("'1500'"), "{p}");
}

#[test]
fn a_worker_made_a_lead_by_hand_is_named_with_the_entry_that_added_them() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, _) = lived_in();
    let added: i64 = s
        .raw_db()
        .query_row(
            "SELECT seq FROM audit WHERE action = 'team.add' AND detail LIKE '%\"wim\"%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    s.raw_db()
        .execute("UPDATE users SET role = 'lead' WHERE name = 'wim'", [])
        .unwrap();
    let d = caught(&s);
    named(&d, "users", "wim", Some("role"), Some(added));
}

#[test]
fn a_member_inserted_by_hand_is_in_no_entry() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, _) = lived_in();
    s.raw_db()
        .execute(
            "INSERT INTO users(name, role, added_at) VALUES ('mallory', 'lead', '2026-01-01')",
            [],
        )
        .unwrap();
    let d = caught(&s);
    named(&d, "users", "mallory", None, None);
}

#[test]
fn an_inserted_notification_decision_is_in_no_entry() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, id) = lived_in();
    let db = s.raw_db();
    db.execute(
        "INSERT INTO notifications(item_id, subject_key, kind, decided_by, decided_at) \
         VALUES (?1, 'feedface', 'exception', 'wim', '2026-01-01')",
        [id],
    )
    .unwrap();
    let d = caught(&s);
    named(&d, "notifications", &format!("{id}/feedface"), None, None);
}

#[test]
fn a_notification_decision_removed_or_changed_is_named() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, id) = lived_in();
    // Maria's decision: the first one (Sam's, through her, follows).
    let notify: i64 = s
        .raw_db()
        .query_row(
            "SELECT MIN(seq) FROM audit WHERE action = 'item.notify'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let db = s.raw_db();
    let key: String = db
        .query_row(
            "SELECT subject_key FROM notifications ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db.execute(
        "UPDATE notifications SET kind = 'exception' WHERE subject_key = ?1",
        [&key],
    )
    .unwrap();
    let d = caught(&s);
    let row = format!("{id}/{key}");
    named(&d, "notifications", &row, Some("kind"), Some(notify));
    db.execute("DELETE FROM notifications", []).unwrap();
    let d = caught(&s);
    named(&d, "notifications", &row, None, Some(notify));
}

/// An edit, the statement that puts it back, and what the doctor must name: table, row,
/// column and the action of the entry that wrote the true value.
type Edit<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, &'a str);

#[test]
fn a_setting_stage_copy_complaint_or_request_changed_by_hand_is_named() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, id) = lived_in();
    let db = s.raw_db();
    let item = id.to_string();
    // Each edit, then its finding, then put back.
    let cases: [Edit<'_>; 6] = [
        (
            "UPDATE settings SET value = '600' WHERE key = 'preview_cap_s'",
            "UPDATE settings SET value = '3' WHERE key = 'preview_cap_s'",
            "settings",
            "preview_cap_s",
            Some("value"),
            "settings.set",
        ),
        (
            "UPDATE items SET stage = 'used'",
            "UPDATE items SET stage = 'notification_decided'",
            "items",
            &item,
            Some("stage"),
            "item.notify",
        ),
        // Copy 1 is the phone the import registered; copy 2 the one added by hand.
        (
            "UPDATE copies SET confirmed_by = 'wim', confirmed_at = '2026-01-01' WHERE id = 2",
            "UPDATE copies SET confirmed_by = NULL, confirmed_at = NULL WHERE id = 2",
            "copies",
            "2",
            Some("confirmed_by"),
            "copy.register",
        ),
        (
            "UPDATE complaints SET status = 'closed', closed_on = '2026-01-01'",
            "UPDATE complaints SET status = 'open', closed_on = NULL",
            "complaints",
            "1",
            Some("status"),
            "complaint.add",
        ),
        (
            "UPDATE access_requests SET status = 'granted'",
            "UPDATE access_requests SET status = 'open'",
            "access_requests",
            "1",
            Some("status"),
            "access.request",
        ),
        (
            "UPDATE items SET assigned_to = 'wim'",
            "UPDATE items SET assigned_to = 'wendy'",
            "items",
            &item,
            Some("assigned_to"),
            "item.assign",
        ),
    ];
    for (edit, back, table, row, column, by) in cases {
        let seq = entry(&s, by);
        db.execute_batch(edit).unwrap();
        let d = caught(&s);
        named(&d, table, row, column, Some(seq));
        db.execute_batch(back).unwrap();
    }
    let d = s.json("lea", &["doctor"]);
    assert_eq!(d["findings"], serde_json::json!([]), "put back: {d}");
}

#[test]
fn an_erasure_decision_changed_by_hand_is_named_with_the_entry_that_decided_it() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, _) = lived_in();
    let db = s.raw_db();
    let decided = entry(&s, "erasure.decide");
    // Refused, made granted: the item would be due for deletion on no one's decision.
    db.execute_batch("UPDATE erasure_requests SET decision = 'granted'")
        .unwrap();
    let d = caught(&s);
    named(&d, "erasure_requests", "1", Some("decision"), Some(decided));
    // Undecided again, and by someone else.
    db.execute_batch("UPDATE erasure_requests SET decision = NULL, decided_by = 'wim'")
        .unwrap();
    let d = caught(&s);
    named(&d, "erasure_requests", "1", Some("decision"), Some(decided));
    named(
        &d,
        "erasure_requests",
        "1",
        Some("decided_by"),
        Some(decided),
    );
    db.execute_batch("UPDATE erasure_requests SET decision = 'refused', decided_by = 'lea'")
        .unwrap();
    let d = s.json("lea", &["doctor"]);
    assert_eq!(d["findings"], serde_json::json!([]), "put back: {d}");
    // A request inserted by hand is in no entry.
    db.execute_batch(
        "INSERT INTO erasure_requests(item_id, subject_key, requested_on, due_on, recorded_by, \
         recorded_at) VALUES (1, 'x', '2026-01-01', '2026-02-02', 'wim', '2026-01-01T00:00:00Z')",
    )
    .unwrap();
    let d = caught(&s);
    named(&d, "erasure_requests", "2", None, None);
}

#[test]
fn a_copys_kind_changed_by_hand_is_named_with_the_entry_that_registered_it() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, _) = lived_in();
    // The phone the import registered (copy 1), made the subject's own by hand: it would no
    // longer be outstanding.
    let registered: i64 = s
        .raw_db()
        .query_row(
            "SELECT MIN(seq) FROM audit WHERE action = 'copy.register'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        s.json("lea", &["copy", "list", "1"])["copies"][0]["kind"],
        "held"
    );
    s.raw_db()
        .execute("UPDATE copies SET kind = 'handed' WHERE id = 1", [])
        .unwrap();
    let d = caught(&s);
    named(&d, "copies", "1", Some("kind"), Some(registered));
    let p = d[0]["problem"].as_str().unwrap();
    assert!(p.contains("'handed'") && p.contains("'held'"), "{p}");
}

#[test]
fn a_declined_request_marked_approved_by_hand_is_named() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    // A longer preview allowance asks another lead; leo declines from his own session.
    let (o, request) = s.answered(
        "lea",
        &["settings", "preview_cap_s", "60"],
        "leo",
        &["decline", "--reason", "not needed"],
    );
    assert!(!o.status.success());
    let rid = request["id"].to_string();
    let declined = entry(&s, "approval.decline");
    s.raw_db()
        .execute("UPDATE approvals SET status = 'approved'", [])
        .unwrap();
    let d = caught(&s);
    named(&d, "approvals", &rid, Some("status"), Some(declined));
    // What was asked is logged too: other terms are another request.
    s.raw_db()
        .execute(
            "UPDATE approvals SET status = 'declined', terms = replace(terms, '60', '600')",
            [],
        )
        .unwrap();
    let asked = entry(&s, "approval.request");
    let d = caught(&s);
    named(&d, "approvals", &rid, Some("terms"), Some(asked));
}

#[test]
fn a_store_that_lived_a_while_replays_clean() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    // Every command of the day in the life above, and a deletion: nothing differs.
    let (s, id) = lived_in();
    let d = s.json("lea", &["doctor", "--deep"]);
    assert_eq!(d["differences"], serde_json::json!([]), "{d}");
    let n = d["audit_entries"].as_u64().unwrap();
    let logged: i64 = s
        .raw_db()
        .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as i64, logged, "every entry replayed");
    let _ = id;
}

#[test]
fn sealed_details_put_back_from_an_older_copy_of_the_row_are_named() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, id) = lived_in();
    let db = s.raw_db();
    let older: Vec<u8> = db
        .query_row("SELECT sealed FROM items WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    s.describe_for(id, "the mother asked us to listen");
    let described = entry(&s, "item.describe");
    // The older value is the row's own: it opens under the item's key. The log knows better.
    db.execute(
        "UPDATE items SET sealed = ?2 WHERE id = ?1",
        rusqlite::params![id, older],
    )
    .unwrap();
    let d = caught(&s);
    named(
        &d,
        "items",
        &id.to_string(),
        Some("sealed.purpose"),
        Some(described),
    );
    assert!(
        !d.iter().any(|x| x["column"] == "sealed.sender"),
        "only what changed: {d:#?}"
    );
}

#[test]
fn a_hearing_changed_by_hand_is_named_with_the_entry_that_recorded_it() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let (s, _) = lived_in();
    let notes = s.tmp.path().join("hearing.txt");
    std::fs::write(&notes, "Spoke with the complainant by phone.").unwrap();
    s.ok(
        "lea",
        &[
            "complaint",
            "hear",
            "1",
            "--by",
            "leo",
            "--notes-file",
            notes.to_str().unwrap(),
        ],
    );
    let d = s.json("lea", &["doctor"]);
    assert_eq!(d["findings"], serde_json::json!([]), "{d}");
    let heard = entry(&s, "complaint.hear");
    let db = s.raw_db();
    db.execute_batch("UPDATE complaints SET heard_by = 'wim' WHERE id = 1")
        .unwrap();
    named(
        &caught(&s),
        "complaints",
        "1",
        Some("heard_by"),
        Some(heard),
    );
    db.execute_batch(
        "UPDATE complaints SET heard_by = 'leo', hearing_skipped = 'waived' WHERE id = 1",
    )
    .unwrap();
    named(
        &caught(&s),
        "complaints",
        "1",
        Some("hearing_skipped"),
        Some(heard),
    );
    db.execute_batch("UPDATE complaints SET hearing_skipped = NULL WHERE id = 1")
        .unwrap();
    let d = s.json("lea", &["doctor"]);
    assert_eq!(d["findings"], serde_json::json!([]), "put back: {d}");
}
