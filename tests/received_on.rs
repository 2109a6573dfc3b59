//! `import --received-on`: the real day of receipt, from which every clock runs, said in the
//! audit log; never a day in the future.

mod common;

use common::TestStore;

fn import(s: &TestStore, name: &str, received_on: Option<&str>) -> std::process::Output {
    match received_on {
        Some(d) => s.import_into(name, "C-1", &["--json", "--received-on", d]),
        None => s.import_into(name, "C-1", &["--json"]),
    }
}

#[test]
fn a_recording_received_weeks_ago_is_overdue_from_its_real_receipt() {
    let s = TestStore::new();
    let old = import(&s, "voice.opus", Some("2026-01-05"));
    assert!(
        old.status.success(),
        "{}",
        String::from_utf8_lossy(&old.stderr)
    );
    let old: serde_json::Value = serde_json::from_slice(&old.stdout).unwrap();
    let old_id = old[0]["id"].as_i64().unwrap();
    let new = import(&s, "voice.mp3", None);
    let new: serde_json::Value = serde_json::from_slice(&new.stdout).unwrap();
    let new_id = new[0]["id"].as_i64().unwrap();

    let shown = s.json("wim", &["show", &old_id.to_string()]);
    assert!(
        shown["received_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-01-05"),
        "{shown}"
    );
    // The queue's clock (escalation after some working days undescribed) runs from that day.
    let q = s.json("wim", &["queue"]);
    let row = |id: i64| {
        q.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(row(old_id)["overdue"], true, "{q}");
    assert_eq!(row(new_id)["overdue"], false, "{q}");
    // Oldest receipt last: the queue is in order of receipt, not of import.
    assert_eq!(q.as_array().unwrap().last().unwrap()["id"], old_id);

    // The log says the day was given, and when it was: its entry in the account's timeline.
    let text = s.ok("wim", &["report", &old_id.to_string(), "--lang", "en"]);
    assert!(text.contains("on 5 Jan 2026 (entered later)"), "{text}");
    let nl = s.ok("wim", &["report", &old_id.to_string(), "--lang", "nl"]);
    assert!(nl.contains("op 5 jan 2026 (later ingevoerd)"), "{nl}");
    let log = s.json("wim", &["audit", "log", "--item", &old_id.to_string()]);
    let import = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "item.import")
        .unwrap()
        .clone();
    assert!(
        import["detail"]["received_on"]
            .as_str()
            .unwrap()
            .starts_with("2026-01-05"),
        "{import}"
    );
    // A recording imported without the option says nothing of the kind.
    let text = s.ok("wim", &["report", &new_id.to_string(), "--lang", "en"]);
    assert!(!text.contains("entered later"), "{text}");
}

#[test]
fn a_receipt_in_the_future_or_not_a_date_is_refused_and_nothing_is_imported() {
    let s = TestStore::new();
    for (d, words) in [
        ("2999-01-01", "lies in the future"),
        ("yesterday", "not a date"),
        ("2026-13-01", "not a date"),
    ] {
        let o = import(&s, "voice.opus", Some(d));
        assert_eq!(o.status.code(), Some(2), "{d}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(words), "{d}: {err}");
    }
    assert_eq!(s.json("wim", &["queue"]).as_array().unwrap().len(), 0);
    // A moment with a time and zone is taken as given.
    let o = import(&s, "voice.opus", Some("2026-02-03T10:15:00+01:00"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let shown = s.json("wim", &["show", &v[0]["id"].to_string()]);
    assert!(
        shown["received_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-02-03T09:15"),
        "{shown}"
    );
}

#[test]
fn a_notification_decision_is_due_a_month_after_receipt_and_shows_in_due() {
    let s = TestStore::new();
    let o = import(&s, "voice.opus", Some("2026-01-05"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let old = v[0]["id"].as_i64().unwrap();
    let due = s.json("lea", &["due"]);
    let flag = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["item"] == old)
        .unwrap()
        .clone();
    // 5 January + one month = 5 February 2026, a Thursday.
    assert_eq!(flag["notification_due_by"], "2026-02-05", "{flag}");
    assert_eq!(flag["notification_overdue"], true, "{flag}");
    assert!(
        s.ok("lea", &["due"])
            .contains("notification decision due by 2026-02-05, OVERDUE"),
        "{due}"
    );
    // Described, with a decision for every parent other than the sender: nothing owed.
    s.describe(old);
    assert_eq!(
        s.json("lea", &["due"])["items"][0]["notification_due_by"],
        "2026-02-05",
        "described but not decided: still owed"
    );
    s.ok(
        "wim",
        &[
            "notify",
            &old.to_string(),
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
        ],
    );
    s.via_parent(&old.to_string(), "Sam Jansen", "Maria Jansen");
    // No decision owed any more; what is left due is the phone it came on (WhatsApp), until
    // its deletion is confirmed.
    let due = s.json("lea", &["due"]);
    let flag = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["item"] == old)
        .unwrap_or_else(|| panic!("{due}"))
        .clone();
    assert!(flag["notification_due_by"].is_null(), "{flag}");
    assert_eq!(flag["copies_outstanding"], 1, "{flag}");
    let copy = s.json("wim", &["copy", "list", &old.to_string()])["copies"][0]["id"].to_string();
    s.ok("wim", &["copy", "confirm", &copy, "--by", "wim"]);
    let due = s.json("lea", &["due"]);
    assert!(
        due["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["item"] != old),
        "{due}"
    );
}
