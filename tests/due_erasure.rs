//! A subject's request to erase a recording (AVG art. 17): a one-month clock moved off weekends
//! and holidays, one extension of at most two months, a team leader's decision, and a granted
//! erasure that stays due until the item is deleted.

mod common;

use common::*;
use earshot::core::calendar::statutory_deadline;
use serde_json::Value;

fn erasure(s: &TestStore, user: &str, args: &[&str]) -> Value {
    let mut a = vec!["erasure"];
    a.extend_from_slice(args);
    s.json(user, &a)
}

fn erasure_fails(s: &TestStore, user: &str, args: &[&str], code: i32) -> String {
    let mut a = vec!["erasure"];
    a.extend_from_slice(args);
    s.fails(user, &a, code)
}

fn audit_len(s: &TestStore) -> usize {
    s.json("lea", &["audit", "log"]).as_array().unwrap().len()
}

/// An item received on `received_on`, described (Maria and Sam Jansen on it, Jan Jansen sent it).
fn item_received(s: &TestStore, received_on: &str) -> String {
    let o = s.import_into(
        "voice.opus",
        "C-1",
        &["--json", "--received-on", received_on],
    );
    assert_ok(&o, &["import", "--received-on", received_on]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = v[0]["id"].as_i64().unwrap();
    s.describe(id);
    id.to_string()
}

/// The flags `due --json` gives for `item`, if any.
/// The reason in entry `e` is a keyed hash (as long as the subject's in the request's entry,
/// and not the same), and none of `absent` is anywhere in the item's log.
fn reason_is_a_keyed_hash(log: &Value, e: &Value, absent: &[&str]) {
    let asked = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "erasure.request")
        .unwrap();
    assert_eq!(
        e["detail"]["reason"].as_str().map(str::len),
        asked["detail"]["subject"].as_str().map(str::len)
    );
    assert_ne!(e["detail"]["reason"], asked["detail"]["subject"]);
    let raw = log.to_string();
    for a in absent {
        assert!(!raw.contains(a), "{a}: {raw}");
    }
}

fn due_for(s: &TestStore, item: &str) -> Option<Value> {
    let id: i64 = item.parse().unwrap();
    s.json("lea", &["due"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["item"] == id)
        .cloned()
}

#[test]
fn the_month_moves_off_weekends_and_holidays_and_the_list_says_so() {
    let s = TestStore::new();
    let ids = item_received(&s, "2025-01-01");
    // Maria is told: no notification decision is owed, so the erasure dates are what is due.
    s.ok(
        "wim",
        &[
            "notify",
            &ids,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "phone",
        ],
    );
    s.via_parent(&ids, "Sam Jansen", "Maria Jansen");
    // (subject, received, due), worked out by hand:
    let cases = [
        // Saturday 31 January 2026 + 1 month = Saturday 28 February: Monday 2 March.
        ("Sam Jansen", "2026-01-31", "2026-03-02"),
        // Tuesday 25 November 2025 + 1 month = Thursday 25 December (Christmas), then Boxing
        // Day and the weekend: Monday 29 December.
        ("Maria Jansen", "2025-11-25", "2025-12-29"),
        // Thursday 5 March 2026 + 1 month = Sunday 5 April (Easter), then Easter Monday:
        // Tuesday 7 April.
        ("Jan Jansen", "2026-03-05", "2026-04-07"),
    ];
    for (subject, received, due) in cases {
        let v = erasure(
            &s,
            "wim",
            &[
                "request",
                &ids,
                "--subject",
                subject,
                "--received",
                received,
            ],
        );
        assert_eq!(v["received_on"], received);
        assert_eq!(v["due_on"], due, "{received}");
        assert_eq!(v["subject"], subject);
        assert_eq!(v["decision"], Value::Null);
        assert_eq!(v["overdue"], true, "long past");
    }
    let list = erasure(&s, "lea", &["list", &ids]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    for (row, (subject, received, due)) in list.iter().zip(cases) {
        for field in [
            "id",
            "item",
            "subject",
            "received_on",
            "due_on",
            "extended_to",
            "decision",
            "decided_by",
            "decided_on",
            "overdue",
        ] {
            assert!(row.get(field).is_some(), "{field} missing: {row}");
        }
        assert_eq!(row["item"].as_i64().unwrap().to_string(), ids);
        assert_eq!(row["subject"], subject);
        assert_eq!(row["received_on"], received);
        assert_eq!(row["due_on"], due);
        assert_eq!(row["extended_to"], Value::Null);
        assert_eq!(row["decided_by"], Value::Null);
        assert_eq!(row["decided_on"], Value::Null);
    }
    // In words, in both languages.
    let en = s.ok("lea", &["erasure", "list", "--lang", "en"]);
    assert!(
        en.contains("due 2025-12-29") && en.contains("OVERDUE"),
        "{en}"
    );
    let nl = s.ok("lea", &["erasure", "list", "--lang", "nl"]);
    assert!(
        nl.contains("uiterlijk 29 dec 2025") && nl.contains("TE LAAT"),
        "{nl}"
    );
    // Due: three open, all overdue, and the earliest date first.
    let f = due_for(&s, &ids).unwrap();
    assert_eq!(f["open_erasure_requests"], 3, "{f}");
    assert_eq!(f["overdue_erasure_requests"], 3, "{f}");
    assert_eq!(f["erasure_granted_undeleted"], 0, "{f}");
    assert_eq!(f["next_due"], "2025-12-29", "{f}");
    let text = s.ok("lea", &["due"]);
    assert!(text.contains("3 erasure request(s), 3 OVERDUE"), "{text}");
    // A second open request for the same subject: no.
    let err = erasure_fails(
        &s,
        "wim",
        &["request", &ids, "--subject", "Sam Jansen", "--lang", "en"],
        2,
    );
    assert!(err.contains("already has an open erasure request"), "{err}");
}

#[test]
fn a_request_is_extended_once_by_at_most_two_months() {
    let s = TestStore::new();
    let ids = s.import("voice.opus").to_string();
    s.describe(ids.parse().unwrap());
    let v = erasure(&s, "wim", &["request", &ids, "--subject", "Sam Jansen"]);
    let today = chrono::Utc::now().date_naive();
    let month = today.checked_add_months(chrono::Months::new(1)).unwrap();
    assert_eq!(v["received_on"], today.to_string());
    assert_eq!(v["due_on"], statutory_deadline(month).to_string());
    assert_eq!(v["overdue"], false);
    let before = audit_len(&s);
    let extend = |months: &str, reason: &str| {
        vec![
            "extend",
            ids.as_str(),
            "--subject",
            "Sam Jansen",
            "--reason",
            reason,
            "--months",
            months,
            "--lang",
            "en",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<String>>()
    };
    fn args(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    // Three months: no, in the user's language.
    let err = erasure_fails(&s, "wim", &args(&extend("3", "x")), 2);
    assert!(err.contains("by 1 or 2 months, not 3"), "{err}");
    let mut nl = extend("3", "x");
    nl.pop();
    nl.push("nl".into());
    let err = erasure_fails(&s, "wim", &args(&nl), 2);
    assert!(err.contains("met 1 of 2 maanden"), "{err}");
    // No reason: no.
    let err = erasure_fails(&s, "wim", &args(&extend("1", "  ")), 2);
    assert!(err.contains("the reason for the extension"), "{err}");
    assert_eq!(audit_len(&s), before, "nothing logged");
    let v = erasure(&s, "wim", &args(&extend("2", "seven recordings to check")));
    let to = statutory_deadline(month.checked_add_months(chrono::Months::new(2)).unwrap());
    assert_eq!(v["due_on"], to.to_string());
    assert_eq!(v["extended_to"], to.to_string());
    assert_eq!(v["extension_reason"], "seven recordings to check");
    // Once only.
    let err = erasure_fails(&s, "wim", &args(&extend("1", "again")), 2);
    assert!(err.contains("only once"), "{err}");
    assert_eq!(
        erasure(&s, "lea", &["list", &ids])[0]["extended_to"],
        to.to_string()
    );
    // The log has the reason's keyed hash, never the words nor the name.
    let log = s.json("lea", &["audit", "log", "--item", &ids]);
    let e = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "erasure.extend")
        .unwrap();
    assert_eq!(e["detail"]["months"], 2);
    assert_eq!(e["detail"]["to"], to.to_string());
    reason_is_a_keyed_hash(&log, e, &["Sam", "seven recordings"]);
}

#[test]
fn only_a_lead_decides_and_a_granted_erasure_is_due_until_the_item_is_deleted() {
    let s = TestStore::new();
    let ids = s.import("voice.opus").to_string();
    s.describe(ids.parse().unwrap());
    let opened = erasure(&s, "wim", &["request", &ids, "--subject", "Maria Jansen"]);
    let due_on = opened["due_on"].as_str().unwrap().to_string();
    fn decide<'a>(ids: &'a str, decision: &'a str, reason: &'a str) -> Vec<&'a str> {
        vec![
            "decide",
            ids,
            "--subject",
            "Maria Jansen",
            decision,
            "--reason",
            reason,
        ]
    }
    // A worker: refused by the gate, logged, nothing decided.
    let err = erasure_fails(&s, "wim", &decide(&ids, "--granted", "no ground"), 3);
    assert!(
        err.contains("only a team leader can decide an erasure request"),
        "{err}"
    );
    let log = s.json("lea", &["audit", "log", "--item", &ids]);
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "refused");
    assert_eq!(last["detail"]["attempt"], "decide_erasure");
    assert_eq!(
        last["detail"]["missing"],
        serde_json::json!(["lead_decides_erasure"])
    );
    let err = s.fails(
        "wim",
        &[
            "erasure",
            "decide",
            &ids,
            "--subject",
            "Maria Jansen",
            "--granted",
            "--reason",
            "x",
            "--lang",
            "nl",
        ],
        3,
    );
    assert!(err.contains("alleen een teamleider"), "{err}");
    assert_eq!(
        erasure(&s, "lea", &["list", &ids])[0]["decision"],
        Value::Null
    );
    // No reason: clap says which flag is missing; an empty one, the store says what.
    let err = s.fails(
        "lea",
        &[
            "erasure",
            "decide",
            &ids,
            "--subject",
            "Maria Jansen",
            "--refused",
        ],
        2,
    );
    assert!(err.contains("--reason"), "{err}");
    let err = erasure_fails(&s, "lea", &decide(&ids, "--refused", " "), 2);
    assert!(err.contains("the reason for the decision"), "{err}");
    // Granted and refused at once, or neither: no.
    s.fails(
        "lea",
        &[
            "erasure",
            "decide",
            &ids,
            "--subject",
            "Maria Jansen",
            "--granted",
            "--refused",
            "--reason",
            "x",
        ],
        2,
    );
    s.fails(
        "lea",
        &[
            "erasure",
            "decide",
            &ids,
            "--subject",
            "Maria Jansen",
            "--reason",
            "x",
        ],
        2,
    );

    let v = erasure(
        &s,
        "lea",
        &decide(&ids, "--granted", "no ground to keep it"),
    );
    assert_eq!(v["decision"], "granted");
    assert_eq!(v["decided_by"], "lea");
    assert_eq!(v["decided_on"], chrono::Utc::now().date_naive().to_string());
    assert_eq!(v["decision_reason"], "no ground to keep it");
    assert_eq!(v["overdue"], false, "decided");
    // Twice: no, whichever way.
    let err = erasure_fails(&s, "leo", &decide(&ids, "--refused", "changed my mind"), 2);
    assert!(err.contains("was already decided: granted"), "{err}");
    // Nor extended, nor asked again while it waits for the deletion.
    erasure_fails(
        &s,
        "wim",
        &["extend", &ids, "--subject", "Maria Jansen", "--reason", "x"],
        2,
    );
    let err = erasure_fails(
        &s,
        "wim",
        &["request", &ids, "--subject", "Maria Jansen"],
        2,
    );
    assert!(err.contains("earshot delete"), "{err}");
    // Due until deleted: granted, with the date to delete by, and not open.
    let f = due_for(&s, &ids).unwrap();
    assert_eq!(f["erasure_granted_undeleted"], 1, "{f}");
    assert_eq!(f["erasure_delete_by"], due_on.as_str(), "{f}");
    assert_eq!(f["open_erasure_requests"], 0, "{f}");
    assert_eq!(f["next_due"], due_on.as_str(), "{f}");
    let text = s.ok("lea", &["due"]);
    assert!(
        text.contains(&format!("erasure granted, delete by {due_on}")),
        "{text}"
    );
    let due = s.json("lea", &["due"]);
    assert_eq!(due["erasure_requests"][0]["decision"], "granted", "{due}");
    // The log: the decision, no name, no reason.
    let log = s.json("lea", &["audit", "log", "--item", &ids]);
    let e = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(e["action"], "erasure.decide");
    assert_eq!(e["detail"]["decision"], "granted");
    reason_is_a_keyed_hash(&log, &e, &["Maria", "no ground"]);

    // The item's report says so, in both languages.
    let en = s.ok("lea", &["report", &ids, "--lang", "en"]);
    assert!(en.contains("## Erasure requests"), "{en}");
    assert!(
        en.contains("Request 1 by Maria Jansen")
            && en.contains("granted by lea on")
            && en.contains("(reason: no ground to keep it)"),
        "{en}"
    );
    let nl = s.ok("lea", &["report", &ids, "--lang", "nl"]);
    assert!(
        nl.contains("## Verzoeken om wissing") && nl.contains("toegewezen door lea op"),
        "{nl}"
    );
    // The decision deletes nothing: the deletion is its own, with a lead's approval.
    assert_eq!(s.json("lea", &["show", &ids])["stage"], "described");
    s.json_stdin_ok(
        "lea",
        &[
            "delete",
            &ids,
            "--reason",
            "erasure granted",
            "--requested-by",
            "Maria Jansen",
            "--approved-by",
            "leo",
            "--pin-stdin",
        ],
        "654321\n",
    );
    // What is left due is the phone it came on (WhatsApp), not the erasure.
    let left = due_for(&s, &ids);
    assert!(
        left.as_ref()
            .is_none_or(|f| f["erasure_granted_undeleted"] == 0
                && f["open_erasure_requests"] == 0
                && f["erasure_delete_by"].is_null()),
        "nothing due for the erasure any more: {left:?}"
    );
    assert!(!s.ok("lea", &["due"]).contains("erasure"));
    // The register keeps the row: dates, decision, who decided; the name went with the item.
    let row = erasure(&s, "lea", &["list", &ids])[0].clone();
    assert_eq!(row["decision"], "granted");
    assert_eq!(row["decided_by"], "lea");
    assert_eq!(row["due_on"], due_on.as_str());
    assert_eq!(row["item_deleted"], true);
    assert_eq!(row["subject"], Value::Null);
    assert_eq!(row["decision_reason"], Value::Null);
    assert!(
        erasure(&s, "lea", &["list", "--open"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    s.ok("lea", &["audit", "verify"]);
    let d = s.json("lea", &["doctor"]);
    assert_eq!(d["findings"], serde_json::json!([]), "{d}");
}

#[test]
fn a_refused_request_needs_its_ground_and_the_item_stays() {
    let s = TestStore::new();
    let ids = s.import("voice.opus").to_string();
    s.describe(ids.parse().unwrap());
    erasure(&s, "wim", &["request", &ids, "--subject", "Jan Jansen"]);
    let v = erasure(
        &s,
        "lea",
        &[
            "decide",
            &ids,
            "--subject",
            "Jan Jansen",
            "--refused",
            "--reason",
            "kept to protect the child (art. 17(3)(b), Jeugdwet)",
        ],
    );
    assert_eq!(v["decision"], "refused");
    let f = due_for(&s, &ids).unwrap();
    assert_eq!(f["open_erasure_requests"], 0, "{f}");
    assert_eq!(f["erasure_granted_undeleted"], 0, "{f}");
    assert!(f.get("erasure_delete_by").is_none(), "{f}");
    assert!(
        erasure(&s, "lea", &["list", "--open"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Refused, the subject may ask again.
    let again = erasure(&s, "wim", &["request", &ids, "--subject", "Jan Jansen"]);
    assert_eq!(again["id"], 2);
    assert_eq!(due_for(&s, &ids).unwrap()["open_erasure_requests"], 1);
}

#[test]
fn a_request_must_be_a_subjects_received_neither_in_the_future_nor_before_the_item() {
    let s = TestStore::new();
    let ids = item_received(&s, "2026-03-02");
    let before = audit_len(&s);
    let err = erasure_fails(
        &s,
        "wim",
        &["request", &ids, "--subject", "Petra", "--lang", "en"],
        2,
    );
    assert!(err.contains("Petra is not a subject"), "{err}");
    let err = erasure_fails(
        &s,
        "wim",
        &[
            "request",
            &ids,
            "--subject",
            "Maria Jansen",
            "--received",
            "2026-03-01",
            "--lang",
            "en",
        ],
        2,
    );
    assert!(
        err.contains("lies before item") && err.contains("2026-03-02"),
        "{err}"
    );
    let err = erasure_fails(
        &s,
        "wim",
        &[
            "request",
            &ids,
            "--subject",
            "Maria Jansen",
            "--received",
            "2026-03-01",
            "--lang",
            "nl",
        ],
        2,
    );
    assert!(err.contains("vóór de ontvangst van item"), "{err}");
    erasure_fails(
        &s,
        "wim",
        &[
            "request",
            &ids,
            "--subject",
            "Maria Jansen",
            "--received",
            &days_ahead(3),
        ],
        2,
    );
    // Nothing open to extend or decide.
    let err = erasure_fails(
        &s,
        "lea",
        &[
            "decide",
            &ids,
            "--subject",
            "Maria Jansen",
            "--granted",
            "--reason",
            "x",
            "--lang",
            "en",
        ],
        2,
    );
    assert!(err.contains("has no open erasure request"), "{err}");
    assert_eq!(audit_len(&s), before, "nothing happened");
    // The day the item came in will do.
    let v = erasure(
        &s,
        "wim",
        &[
            "request",
            &ids,
            "--subject",
            "Maria Jansen",
            "--received",
            "2026-03-02",
        ],
    );
    assert_eq!(v["due_on"], "2026-04-02");
}
