//! The complaint register through the command line: registration, clocks on dates, one
//! postponement, the decision, and the downgrade that needs a named team leader.

mod common;

use common::*;
use earshot::core::calendar::statutory_deadline;

fn text(s: &TestStore, name: &str, body: &str) -> String {
    let p = s.tmp.path().join(name);
    std::fs::write(&p, body).unwrap();
    p.to_str().unwrap().to_string()
}

fn audit_len(s: &TestStore) -> usize {
    s.json("lea", &["audit", "log"]).as_array().unwrap().len()
}

#[test]
fn a_complaint_gets_its_clocks_on_dates() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let f = text(&s, "c.txt", "Jullie hebben mijn privacy geschonden.");
    let v = s.json(
        "wim",
        &[
            "complaint",
            "add",
            "--from",
            "Maria Jansen",
            "--item",
            &id,
            "--text-file",
            &f,
            "--received",
            "2024-03-08",
        ],
    );
    assert_eq!(v["kind"], "complaint");
    assert_eq!(v["status"], "open");
    assert_eq!(v["from"], "Maria Jansen");
    assert_eq!(v["received_on"], "2024-03-08");
    // Five working days to acknowledge; six weeks to decide.
    assert_eq!(v["acknowledge_by"], "2024-03-15");
    assert_eq!(v["decide_by"], "2024-04-19");
    assert_eq!(v["case"], "C-1");
    // Long past: overdue, and flagged in the register and in `due`.
    assert_eq!(v["overdue"], true);
    assert_eq!(v["acknowledgement_overdue"], true);
    let cid = v["id"].as_i64().unwrap().to_string();
    let list = s.json("lea", &["complaint", "list", "--overdue"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let due = s.json("lea", &["due"]);
    assert_eq!(due["items"][0]["item"], id.parse::<i64>().unwrap());
    assert_eq!(due["items"][0]["overdue_complaints"], 1);
    assert_eq!(due["overdue_complaints"][0]["id"], v["id"]);
    let human = s.ok("lea", &["complaint", "list"]);
    assert!(human.contains("OVERDUE"), "{human}");
    // Too late to postpone: the deadline passed.
    let err = s.fails(
        "lea",
        &["complaint", "extend", &cid, "--reason", "hearing planned"],
        2,
    );
    assert!(err.contains("before the deadline"), "{err}");
    let v = s.json("lea", &["complaint", "ack", &cid, "--on", "2024-03-11"]);
    assert_eq!(v["acknowledged_on"], "2024-03-11");
    assert_eq!(v["acknowledgement_overdue"], false);
    s.fails("lea", &["complaint", "ack", &cid], 2);
    let v = s.json(
        "lea",
        &[
            "complaint",
            "close",
            &cid,
            "--outcome",
            "well-founded; the team apologises",
        ],
    );
    assert_eq!(v["status"], "closed");
    assert_eq!(v["overdue"], false);
    assert_eq!(v["outcome"], "well-founded; the team apologises");
    s.fails(
        "lea",
        &["complaint", "close", &cid, "--outcome", "again"],
        2,
    );
    assert!(
        s.json("lea", &["complaint", "list", "--open"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The log says what happened without saying what was written.
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in ["complaint.add", "complaint.ack", "complaint.close"] {
        assert!(actions.contains(&a), "{actions:?}");
    }
    let raw = serde_json::to_string(&log).unwrap();
    assert!(!raw.contains("Maria") && !raw.contains("privacy") && !raw.contains("apologises"));
}

#[test]
fn clocks_that_end_on_a_holiday_move_to_the_next_working_day() {
    let s = TestStore::new();
    let f = text(&s, "c.txt", "Ik ben ontevreden.");
    // (received, acknowledge by, decide by), worked out by hand:
    let cases = [
        // Friday 13 November 2026 + 6 weeks = Friday 25 December (Christmas); Boxing Day and
        // the weekend follow: Monday 28 December. Five working days: 16–20 November.
        ("2026-11-13", "2026-11-20", "2026-12-28"),
        // Monday 16 March 2026 + 6 weeks = Monday 27 April (Koningsdag): Tuesday 28 April.
        ("2026-03-16", "2026-03-23", "2026-04-28"),
        // Thursday 2 April 2026: five working days skip Good Friday (3 April), the weekend and
        // Easter Monday (6 April): 7, 8, 9, 10 and Monday 13 April. Six weeks = Thursday
        // 14 May (Ascension Day): Friday 15 May.
        ("2026-04-02", "2026-04-13", "2026-05-15"),
        // Monday 13 April 2026 + 6 weeks = Monday 25 May (Whit Monday): Tuesday 26 May.
        ("2026-04-13", "2026-04-20", "2026-05-26"),
        // Monday 22 December 2025: Tuesday 23, Wednesday 24, (Christmas, Boxing Day, the
        // weekend), Monday 29, Tuesday 30, Wednesday 31 December. Six weeks: Monday
        // 2 February 2026, a working day.
        ("2025-12-22", "2025-12-31", "2026-02-02"),
    ];
    for (received, ack, decide) in cases {
        let v = s.json(
            "wim",
            &[
                "complaint",
                "add",
                "--from",
                "Maria",
                "--text-file",
                &f,
                "--received",
                received,
            ],
        );
        assert_eq!(v["received_on"], received);
        assert_eq!(v["acknowledge_by"], ack, "{received}");
        assert_eq!(v["decide_by"], decide, "{received}");
    }
}

#[test]
fn a_decision_is_postponed_once_by_at_most_four_weeks() {
    let s = TestStore::new();
    let f = text(&s, "c.txt", "Ik ben ontevreden.");
    let v = s.json(
        "wim",
        &["complaint", "add", "--from", "Maria", "--text-file", &f],
    );
    let cid = v["id"].as_i64().unwrap().to_string();
    assert!(v["item"].is_null());
    assert_eq!(v["overdue"], false);
    let original = v["decide_by"].as_str().unwrap().to_string();
    s.fails(
        "lea",
        &["complaint", "extend", &cid, "--reason", "x", "--weeks", "5"],
        2,
    );
    s.fails(
        "lea",
        &["complaint", "extend", &cid, "--reason", " ", "--weeks", "2"],
        2,
    );
    let v = s.json(
        "lea",
        &[
            "complaint",
            "extend",
            &cid,
            "--reason",
            "the hearing needs the worker, who is away",
            "--weeks",
            "4",
        ],
    );
    assert_eq!(v["decide_by_original"], original.as_str());
    // Received today: six weeks on the calendar, then four more from there; a date on a
    // weekend or a public holiday moves to the next working day (Algemene termijnenwet), so
    // the expected dates depend on today's date.
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        original,
        statutory_deadline(today + chrono::Days::new(42)).to_string()
    );
    let want = statutory_deadline(today + chrono::Days::new(42 + 28));
    assert_eq!(v["decide_by"], want.to_string());
    assert_eq!(
        v["extension_reason"],
        "the hearing needs the worker, who is away"
    );
    let err = s.fails(
        "lea",
        &[
            "complaint",
            "extend",
            &cid,
            "--reason",
            "again",
            "--weeks",
            "1",
        ],
        2,
    );
    assert!(err.contains("once"), "{err}");
    let shown = s.ok("wim", &["complaint", "show", &cid]);
    assert!(shown.contains("postponed from"), "{shown}");
    s.fails("wim", &["complaint", "show", "99"], 2);
}

#[test]
fn downgrading_needs_a_named_lead_and_a_reason() {
    let s = TestStore::new();
    let f = text(&s, "c.txt", "Waarom mocht dit?");
    let v = s.json(
        "wim",
        &["complaint", "add", "--from", "Maria", "--text-file", &f],
    );
    let cid = v["id"].as_i64().unwrap().to_string();
    // No reason, no approver: bad usage.
    s.fails(
        "wim",
        &["complaint", "downgrade", &cid, "--approved-by", "lea"],
        2,
    );
    s.fails("wim", &["complaint", "downgrade", &cid, "--reason", "x"], 2);
    // A worker cannot approve it: refused, and the refusal is logged.
    let before = audit_len(&s);
    let err = s.fails(
        "wim",
        &[
            "complaint",
            "downgrade",
            &cid,
            "--approved-by",
            "wendy",
            "--reason",
            "only questions about policy",
        ],
        3,
    );
    assert!(err.contains("wendy is not a team leader"), "{err}");
    let log = s.json("lea", &["audit", "log"]);
    assert_eq!(log.as_array().unwrap().len(), before + 1);
    assert_eq!(log.as_array().unwrap().last().unwrap()["action"], "refused");
    // A lead other than the actor: their PIN.
    s.fails_stdin(
        "wim",
        &[
            "complaint",
            "downgrade",
            &cid,
            "--approved-by",
            "leo",
            "--reason",
            "only questions",
            "--pin-stdin",
        ],
        "123456\n",
        2,
    );
    let v = s.json_stdin_ok(
        "wim",
        &[
            "complaint",
            "downgrade",
            &cid,
            "--approved-by",
            "leo",
            "--reason",
            "she asks how the policy works, and says she is content with how she was treated",
            "--pin-stdin",
        ],
        "654321\n",
    );
    assert_eq!(v["kind"], "information_request");
    assert_eq!(v["downgraded_by"], "leo");
    assert!(
        v["downgrade_reason"]
            .as_str()
            .unwrap()
            .starts_with("she asks")
    );
    // No complaint clock any more, so never overdue, and not postponable.
    assert_eq!(v["overdue"], false);
    s.fails(
        "lea",
        &["complaint", "extend", &cid, "--reason", "x", "--weeks", "1"],
        2,
    );
}

#[test]
fn bad_input_changes_nothing() {
    let s = TestStore::new();
    let f = text(&s, "c.txt", "x");
    let empty = text(&s, "e.txt", "   \n");
    let before = audit_len(&s);
    s.fails(
        "wim",
        &[
            "complaint",
            "add",
            "--from",
            "M",
            "--text-file",
            &f,
            "--received",
            "2999-01-01",
        ],
        2,
    );
    s.fails(
        "wim",
        &["complaint", "add", "--from", "M", "--text-file", &empty],
        2,
    );
    s.fails(
        "wim",
        &["complaint", "add", "--from", " ", "--text-file", &f],
        2,
    );
    s.fails(
        "wim",
        &[
            "complaint",
            "add",
            "--from",
            "M",
            "--item",
            "42",
            "--text-file",
            &f,
        ],
        2,
    );
    s.fails(
        "wim",
        &[
            "complaint",
            "add",
            "--from",
            "M",
            "--text-file",
            "/nonexistent",
        ],
        2,
    );
    s.fails("nobody", &["complaint", "list"], 2);
    assert_eq!(audit_len(&s), before);
}
