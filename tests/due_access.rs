//! A subject's access: requests on a one-month clock, one extension, and the grant that exports
//! the recording byte for byte with a processing statement, without anyone else's consent.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;
use earshot::core::calendar::statutory_deadline;
use earshot::store::system_clock;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn audit_len(s: &TestStore) -> usize {
    s.json("lea", &["audit", "log"]).as_array().unwrap().len()
}

fn preview(s: &TestStore, id: i64, from: u64, ms: u64) {
    let mut st = s.open_with(system_clock()).unwrap();
    let t = st
        .begin_preview(
            "wim",
            id,
            from,
            Some(ms),
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    let (_, t) = st.open_preview(t).unwrap();
    st.end_preview(&t, ms).unwrap();
}

#[test]
fn access_is_granted_with_a_copy_and_a_statement_without_the_senders_consent() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let ids = id.to_string();
    s.describe(id);
    preview(&s, id, 500, 1200);
    // Nobody has been notified and nothing decided: access does not wait for that, nor for
    // the sender.
    assert_eq!(s.json("wim", &["show", &ids])["stage"], "described");
    let v = s.json(
        "wim",
        &[
            "access",
            "request",
            &ids,
            "--subject",
            "Maria Jansen",
            "--received",
            "2024-01-31",
        ],
    );
    assert_eq!(v["requested_on"], "2024-01-31");
    assert_eq!(v["due_on"], "2024-02-29");
    assert_eq!(v["status"], "open");
    assert_eq!(v["overdue"], true);
    s.fails(
        "wim",
        &["access", "request", &ids, "--subject", "Maria Jansen"],
        2,
    );
    // Too late to extend.
    let err = s.fails(
        "wim",
        &[
            "access",
            "extend",
            &ids,
            "--subject",
            "Maria Jansen",
            "--reason",
            "many recordings",
        ],
        2,
    );
    assert!(err.contains("first month"), "{err}");
    let list = s.json("lea", &["access", "list", "--open"]);
    assert_eq!(list[0]["subject"], "Maria Jansen");
    assert_eq!(
        s.json("lea", &["due"])["items"][0]["overdue_access_requests"],
        1
    );

    // A worker alone, or approved by a worker: refused (exit 3), logged, nothing written.
    let out = s.tmp.path().join("for-maria");
    let o = out.to_str().unwrap();
    let grant = |approver: &str| {
        vec![
            "access".to_string(),
            "grant".into(),
            ids.clone(),
            "--subject".into(),
            "Maria Jansen".into(),
            "--approved-by".into(),
            approver.into(),
            "--identity-checked".into(),
            "ID card shown at the office".into(),
            "--out".into(),
            o.into(),
            "--lang".into(),
            "en".into(),
        ]
    };
    let a = grant("wendy");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let err = s.fails("wim", &a, 3);
    assert!(err.contains("wendy is not a team leader"), "{err}");
    assert!(!out.exists(), "nothing is written when refused");
    let log = s.json("lea", &["audit", "log", "--item", &ids]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "refused");
    assert_eq!(last["detail"]["attempt"], "subject_access");

    let a = grant("leo");
    let mut a: Vec<&str> = a.iter().map(String::as_str).collect();
    a.push("--pin-stdin");
    let v = s.json_stdin_ok("wim", &a, "654321\n");
    assert_eq!(v["consent_asked"], false);
    assert_eq!(v["verified"], true);
    assert_eq!(v["approved_by"], "leo");
    assert_eq!(v["request"]["status"], "granted");
    assert_eq!(v["request"]["granted_by"], "wim");
    assert_eq!(mode(&out), 0o700);
    // The recording, byte for byte, 0600.
    let copy = out.join("voice.opus");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(fixture("voice.opus")).unwrap()
    );
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(v["files"][0]["sha256"], v["recording_sha256"]);
    // The statement, in Markdown and HTML, addressed to her.
    let md = std::fs::read_to_string(out.join("processing-statement-item-1.md")).unwrap();
    let html = std::fs::read_to_string(out.join("processing-statement-item-1.html")).unwrap();
    assert_eq!(mode(&out.join("processing-statement-item-1.md")), 0o600);
    assert_eq!(mode(&out.join("processing-statement-item-1.html")), 0o600);
    let pdf = out.join("processing-statement-item-1.pdf");
    assert_eq!(mode(&pdf), 0o600);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    for w in [
        "For: Maria Jansen",
        "without anyone else",
        "Jan Jansen",
        "Sam Jansen",
        "wants the team to hear the arguments",
        "20 years",
        "0:00–0:01 (1.2 s)",
        "leo",
        "short preview",
        "Your identity was checked",
        "this copy: ID card shown at the office",
        v["recording_sha256"].as_str().unwrap(),
        v["audit_head"].as_str().unwrap(),
    ] {
        assert!(md.contains(w), "md: {w}\n{md}");
        assert!(html.contains(w), "html: {w}\n{html}");
    }
    assert!(md.contains(".####"), "the text timeline: {md}");
    assert!(html.contains("<svg"));
    assert!(!md.contains("{{") && !html.contains("{{"));
    // The grant is logged without a name, and says no consent was asked.
    let log = s.json("lea", &["audit", "log", "--item", &ids]);
    let entries = log.as_array().unwrap();
    let g = entries
        .iter()
        .find(|e| e["action"] == "access.grant")
        .unwrap();
    assert_eq!(g["detail"]["consent_asked"], false);
    assert_eq!(g["detail"]["approved_by"], "leo");
    // How her identity was checked: a keyed hash in the log, the words only in her statement.
    assert_eq!(
        g["detail"]["identity_checked"].as_str().map(str::len),
        g["detail"]["subject"].as_str().map(str::len),
        "{g}"
    );
    let raw = serde_json::to_string(&log).unwrap();
    assert!(!raw.contains("Maria"), "{raw}");
    assert!(!raw.contains("ID card"), "{raw}");
    let e = entries.last().unwrap();
    assert_eq!(e["action"], "access.exported");
    // The copy, the statement in Markdown, HTML and PDF, and the proofs of the log's entries.
    let kinds: Vec<&str> = e["detail"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "recording",
            "proofs",
            "statement_md",
            "statement_html",
            "statement_pdf"
        ]
    );
    // Existing files are not overwritten without --force.
    let v2 = grant("lea");
    let v2: Vec<&str> = v2.iter().map(String::as_str).collect();
    let err = s.fails("lea", &v2, 2);
    assert!(err.contains("already exists"), "{err}");
    let mut v3 = v2.clone();
    v3.push("--force");
    s.ok("lea", &v3);
    let list = s.json("lea", &["access", "list", &ids]);
    assert_eq!(
        list.as_array().unwrap().len(),
        2,
        "a new request, granted at once"
    );
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "granted")
    );
    s.ok("lea", &["audit", "verify"]);
}

#[test]
fn a_month_that_ends_on_a_weekend_or_holiday_moves_to_the_next_working_day() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let ids = id.to_string();
    s.describe(id);
    // (received, due), worked out by hand:
    let cases = [
        // Saturday 31 January 2026 + 1 month = Saturday 28 February: Monday 2 March.
        ("Sam Jansen", "2026-01-31", "2026-03-02"),
        // Tuesday 25 November 2025 + 1 month = Thursday 25 December (Christmas), then Boxing
        // Day and the weekend: Monday 29 December.
        ("Maria Jansen", "2025-11-25", "2025-12-29"),
    ];
    for (subject, received, due) in cases {
        let v = s.json(
            "wim",
            &[
                "access",
                "request",
                &ids,
                "--subject",
                subject,
                "--received",
                received,
            ],
        );
        assert_eq!(v["requested_on"], received);
        assert_eq!(v["due_on"], due, "{received}");
    }
}

#[test]
fn a_request_is_extended_once_within_the_first_month() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let ids = id.to_string();
    s.describe(id);
    let v = s.json(
        "wim",
        &["access", "request", &ids, "--subject", "Sam Jansen"],
    );
    let due: chrono::NaiveDate = v["due_on"].as_str().unwrap().parse().unwrap();
    let today = chrono::Utc::now().date_naive();
    // One month on the calendar, moved to the next working day when it ends on a weekend or a
    // public holiday (Algemene termijnenwet); the extension counts from the calendar month.
    let month = today.checked_add_months(chrono::Months::new(1)).unwrap();
    assert_eq!(due, statutory_deadline(month));
    s.fails(
        "wim",
        &[
            "access",
            "extend",
            &ids,
            "--subject",
            "Sam Jansen",
            "--reason",
            "x",
            "--months",
            "3",
        ],
        2,
    );
    let v = s.json(
        "wim",
        &[
            "access",
            "extend",
            &ids,
            "--subject",
            "Sam Jansen",
            "--reason",
            "seven recordings to go through with her",
        ],
    );
    assert_eq!(
        v["due_on"].as_str().unwrap(),
        statutory_deadline(month.checked_add_months(chrono::Months::new(2)).unwrap()).to_string()
    );
    assert_eq!(
        v["extension_reason"],
        "seven recordings to go through with her"
    );
    let err = s.fails(
        "wim",
        &[
            "access",
            "extend",
            &ids,
            "--subject",
            "Sam Jansen",
            "--reason",
            "again",
            "--months",
            "1",
        ],
        2,
    );
    assert!(err.contains("once"), "{err}");
    // Not a subject, a future date, no request open: nothing changes.
    let before = audit_len(&s);
    let err = s.fails("wim", &["access", "request", &ids, "--subject", "Petra"], 2);
    assert!(err.contains("Petra is not a subject"), "{err}");
    s.fails(
        "wim",
        &[
            "access",
            "request",
            &ids,
            "--subject",
            "Maria Jansen",
            "--received",
            "2999-01-01",
        ],
        2,
    );
    s.fails(
        "wim",
        &[
            "access",
            "extend",
            &ids,
            "--subject",
            "Maria Jansen",
            "--reason",
            "x",
        ],
        2,
    );
    assert_eq!(audit_len(&s), before);
}

#[test]
fn access_is_not_granted_without_saying_how_identity_was_checked() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let out = s.tmp.path().join("for-maria");
    let base = [
        "access",
        "grant",
        &id.to_string(),
        "--subject",
        "Maria Jansen",
        "--approved-by",
        "leo",
        "--pin-stdin",
        "--out",
        out.to_str().unwrap(),
    ];
    // Left out: clap says which flag is missing.
    let err = s.fails_stdin("wim", &base, "654321\n", 2);
    assert!(err.contains("--identity-checked"), "{err}");
    // Empty: the store says what is missing, in the user's language.
    let mut empty = base.to_vec();
    empty.extend(["--identity-checked", "  "]);
    let err = s.fails_stdin("wim", &empty, "654321\n", 2);
    assert!(
        err.contains("how the requester's identity was checked"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    assert!(
        !log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "access.grant"),
        "{log}"
    );
}
