//! The Awb letters to a complainant (9:6, 9:11(2), 9:12), filled from the register; the
//! hearing (9:10) or why it was skipped; and a decision refused to a member involved in what
//! the complaint is about (9:7).

mod common;

use common::*;
use serde_json::Value;
use sha2::Digest;

fn file(s: &TestStore, name: &str, body: &str) -> String {
    let p = s.tmp.path().join(name);
    std::fs::write(&p, body).unwrap();
    p.to_str().unwrap().to_string()
}

/// A complaint about item `item` (or about nothing), received on `received` (default today).
fn complain(s: &TestStore, item: Option<i64>, received: Option<&str>) -> String {
    let f = file(
        s,
        "c.txt",
        "Jullie hebben zonder mij te vragen naar de opname geluisterd.",
    );
    let item = item.map(|i| i.to_string());
    let mut args = vec![
        "complaint",
        "add",
        "--from",
        "Maria Jansen",
        "--text-file",
        &f,
    ];
    if let Some(i) = &item {
        args.extend(["--item", i]);
    }
    if let Some(d) = received {
        args.extend(["--received", d]);
    }
    s.json("lea", &args)["id"].as_i64().unwrap().to_string()
}

fn letter(s: &TestStore, cid: &str, kind: &str, lang: &str) -> String {
    s.ok(
        "lea",
        &["letter", "--complaint", cid, "--kind", kind, "--lang", lang],
    )
}

/// Each of `wants` is in `text`.
fn has(text: &str, wants: &[&str]) {
    for want in wants {
        assert!(text.contains(want), "{want}: {text}");
    }
}

fn log(s: &TestStore) -> Vec<Value> {
    s.json("lea", &["audit", "log"]).as_array().unwrap().clone()
}

fn last(s: &TestStore, action: &str) -> Option<Value> {
    log(s).into_iter().rev().find(|e| e["action"] == action)
}

/// Runs `args` as `user` in Dutch (`LANG=nl_NL.UTF-8`); expects `code`, returns standard error.
fn fails_nl(s: &TestStore, user: &str, args: &[&str], code: i32) -> String {
    let o = s
        .command(user, args)
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    assert_code(&o, code, args);
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn hear(s: &TestStore, cid: &str, extra: &[&str]) -> Output {
    let notes = file(
        s,
        "notes.txt",
        "Gesprek met mevrouw Jansen; zij lichtte haar klacht toe.",
    );
    let mut args = vec![
        "complaint",
        "hear",
        cid,
        "--on",
        "2024-04-10",
        "--by",
        "leo",
        "--notes-file",
        &notes,
    ];
    args.extend(extra);
    s.run("lea", &args)
}

use std::process::Output;

#[test]
fn the_acknowledgement_names_receipt_and_decision_date_in_both_languages() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let cid = complain(&s, Some(id), Some("2024-03-08"));
    let nl = letter(&s, &cid, "complaint-ack", "nl");
    has(
        &nl,
        &[
            "# Wij hebben uw klacht ontvangen",
            "Beste Maria Jansen,",
            "Op 8 maart 2024 kregen wij uw klacht",
            "dossier C-1, opname 1",
            &format!("nummer **{cid}**"),
            "uiterlijk op **19 april 2024**",
            "Gemeente Utrecht",
            "Stadsplateau 1, 3521 AZ Utrecht",
            "Lea Bakker",
            "teamleider jeugd",
            "artikel 9:6",
        ],
    );
    let en = letter(&s, &cid, "complaint-ack", "en");
    has(
        &en,
        &[
            "# We have received your complaint",
            "Dear Maria Jansen,",
            "On 8 March 2024 we received your complaint",
            "case C-1, item 1",
            "by **19 April 2024** at the latest",
            "Lea Bakker",
        ],
    );
    // Each letter is logged with its SHA-256.
    let out = s.tmp.path().join("ack.md");
    let out_s = out.to_str().unwrap();
    let v = s.json(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-ack",
            "--out",
            out_s,
        ],
    );
    let bytes = std::fs::read(&out).unwrap();
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    assert_eq!(v["sha256"], sha);
    let e = last(&s, "complaint.letter").expect("logged");
    assert_eq!(e["detail"]["sha256"], sha);
    assert_eq!(e["detail"]["kind"], "complaint-ack");
    assert_eq!(e["detail"]["complaint"], cid.parse::<i64>().unwrap());
    assert_eq!(e["item"], id);
    let letters = log(&s)
        .iter()
        .filter(|e| e["action"] == "complaint.letter")
        .count();
    assert_eq!(letters, 3);
    // HTML too.
    let html = s.ok(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-ack",
            "--format",
            "html",
        ],
    );
    assert!(
        html.contains("<h1>Wij hebben uw klacht ontvangen</h1>"),
        "{html}"
    );
    // And as a PDF, to a file only; its hash is the one logged.
    let err = s.fails(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-ack",
            "--format",
            "pdf",
        ],
        2,
    );
    assert!(err.contains("--out"), "{err}");
    let pdf = s.tmp.path().join("ontvangst.pdf");
    s.ok(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-ack",
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    let logged = last(&s, "complaint.letter").expect("logged");
    assert_eq!(logged["detail"]["sha256"], sha.as_str(), "{logged}");
    // A notification kind with --complaint, or a complaint kind without it: bad usage.
    let err = s.fails(
        "lea",
        &["letter", "--complaint", &cid, "--kind", "notification"],
        2,
    );
    assert!(err.contains("complaint-ack"), "{err}");
    let err = s.fails(
        "lea",
        &[
            "letter",
            "1",
            "--subject",
            "Maria Jansen",
            "--kind",
            "complaint-ack",
        ],
        2,
    );
    assert!(err.contains("--complaint"), "{err}");
}

#[test]
fn a_store_wide_complaint_is_about_our_work() {
    let s = TestStore::new();
    let cid = complain(&s, None, Some("2024-03-08"));
    let nl = letter(&s, &cid, "complaint-ack", "nl");
    assert!(nl.contains("uw klacht over ons werk."), "{nl}");
    let e = last(&s, "complaint.letter").expect("logged");
    assert_eq!(e["item"], Value::Null);
}

#[test]
fn the_postponement_is_only_for_a_postponed_complaint_with_its_new_date_and_reason() {
    let s = TestStore::new();
    let cid = complain(&s, None, None);
    let err = s.fails(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-postpone",
        ],
        2,
    );
    assert!(err.contains("not postponed"), "{err}");
    assert!(last(&s, "complaint.letter").is_none());
    let nl_err = fails_nl(
        &s,
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-postpone",
        ],
        2,
    );
    assert!(nl_err.contains("niet verdaagd"), "{nl_err}");
    let v = s.json(
        "lea",
        &[
            "complaint",
            "extend",
            &cid,
            "--reason",
            "wij willen eerst de betrokken medewerker spreken",
        ],
    );
    let day =
        |k: &str| chrono::NaiveDate::parse_from_str(v[k].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let (new, old) = (day("decide_by"), day("decide_by_original"));
    use earshot::core::lang::Lang;
    let nl = letter(&s, &cid, "complaint-postpone", "nl");
    for want in [
        "# Wij hebben meer tijd nodig voor uw klacht".to_string(),
        "wij willen eerst de betrokken medewerker spreken".into(),
        format!("uiterlijk op **{}**", Lang::Nl.long_date(new)),
        format!("uiterlijk op {} over uw klacht", Lang::Nl.long_date(old)),
        "artikel 9:11 lid 2".into(),
    ] {
        assert!(nl.contains(&want), "{want}: {nl}");
    }
    let en = letter(&s, &cid, "complaint-postpone", "en");
    for want in [
        "# We need more time for your complaint".to_string(),
        format!("by **{}** at the latest", Lang::En.long_date(new)),
        format!("decide on it by {}", Lang::En.long_date(old)),
    ] {
        assert!(en.contains(&want), "{want}: {en}");
    }
    assert_eq!(
        last(&s, "complaint.letter").unwrap()["detail"]["kind"],
        "complaint-postpone"
    );
}

#[test]
fn the_decision_needs_the_hearing_and_names_the_ombudsman_within_a_year() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let cid = complain(&s, Some(id), Some("2024-03-08"));
    let err = s.fails(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-decision",
        ],
        2,
    );
    assert!(err.contains("not decided"), "{err}");
    s.ok(
        "lea",
        &[
            "complaint",
            "close",
            &cid,
            "--on",
            "2024-05-01",
            "--outcome",
            "Gegrond: er is zonder toestemming geluisterd. Wij bieden excuses aan.",
        ],
    );
    // No hearing recorded, nor why there was none: refused, naming the command.
    let err = s.fails(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-decision",
        ],
        2,
    );
    assert!(err.contains("complaint hear"), "{err}");
    // A decided complaint can no longer be heard: the hearing comes before the decision.
    let o = hear(&s, &cid, &[]);
    assert_code(&o, 2, &["complaint", "hear"]);

    // Another one, heard before it is decided.
    let cid = complain(&s, Some(id), Some("2024-03-08"));
    assert_ok(&hear(&s, &cid, &[]), &["complaint", "hear"]);
    s.ok(
        "lea",
        &[
            "complaint",
            "close",
            &cid,
            "--on",
            "2024-05-01",
            "--outcome",
            "Gegrond: er is zonder toestemming geluisterd. Wij bieden excuses aan.",
        ],
    );
    let nl = letter(&s, &cid, "complaint-decision", "nl");
    has(
        &nl,
        &[
            "# Onze beslissing over uw klacht",
            "Beste Maria Jansen,",
            "Op\n1 mei 2024 hebben wij over uw klacht beslist",
            "Op 10 april 2024 hebben wij met u gesproken",
            "Gegrond: er is zonder toestemming geluisterd. Wij bieden excuses aan.",
            "de Ombudsman Utrecht: <https://www.ombudsmanutrecht.nl>",
            "binnen een jaar na deze beslissing",
            "**1 mei 2025**",
            "artikel 12 lid 2",
            "artikel 9:12",
            "Lea Bakker",
        ],
    );
    let en = letter(&s, &cid, "complaint-decision", "en");
    has(
        &en,
        &[
            "# Our decision on your complaint",
            "On 10 April 2024 we talked with you",
            "You can go to de Ombudsman Utrecht: <https://www.ombudsmanutrecht.nl>",
            "within one year after this decision: by **1 May 2025**",
        ],
    );
    // The hearing's notes are sealed: the log has a keyed hash, never the text.
    let log_text = serde_json::to_string(&log(&s)).unwrap();
    assert!(!log_text.contains("lichtte haar klacht toe"));
    assert!(!log_text.contains("zonder toestemming"));
}

#[test]
fn a_skipped_hearing_is_recorded_with_its_ground_and_told_in_the_decision() {
    let s = TestStore::new();
    let cid = complain(&s, None, Some("2024-03-08"));
    let o = hear(&s, &cid, &["--skipped-because", "waived"]);
    assert_ok(&o, &["complaint", "hear"]);
    let v = s.json("lea", &["complaint", "show", &cid]);
    assert_eq!(v["heard_on"], "2024-04-10");
    assert_eq!(v["heard_by"], "leo");
    assert_eq!(v["hearing_skipped"], "waived");
    assert!(
        v["hearing_notes"]
            .as_str()
            .unwrap()
            .contains("mevrouw Jansen")
    );
    let list = s.json("lea", &["complaint", "list"]);
    assert_eq!(list[0]["hearing_skipped"], "waived");
    let human = s.ok("lea", &["complaint", "show", &cid]);
    assert!(
        human.contains("Not heard  the complainant did not wish to be heard"),
        "{human}"
    );
    let e = last(&s, "complaint.hear").expect("logged");
    assert_eq!(e["detail"]["skipped"], "waived");
    assert_eq!(e["detail"]["by"], "leo");
    assert_eq!(e["detail"]["notes"].as_str().unwrap().len(), 32);
    // Once only.
    let err = String::from_utf8_lossy(&hear(&s, &cid, &[]).stderr).to_string();
    assert!(err.contains("already has its hearing"), "{err}");
    s.ok(
        "lea",
        &[
            "complaint",
            "close",
            &cid,
            "--on",
            "2024-05-01",
            "--outcome",
            "Ongegrond.",
        ],
    );
    let nl = letter(&s, &cid, "complaint-decision", "nl");
    assert!(
        nl.contains("U heeft ons laten weten dat u niet gehoord wilde worden"),
        "{nl}"
    );
    assert!(nl.contains("artikel 9:10 lid 2 onder b"), "{nl}");
    let en = letter(&s, &cid, "complaint-decision", "en");
    assert!(
        en.contains("You told us that you did not wish to be heard"),
        "{en}"
    );
}

#[test]
fn a_hearing_needs_a_member_a_date_after_receipt_and_notes() {
    let s = TestStore::new();
    let cid = complain(&s, None, Some("2024-03-08"));
    let notes = file(&s, "n.txt", "notes");
    let err = s.fails(
        "lea",
        &[
            "complaint",
            "hear",
            &cid,
            "--by",
            "nobody",
            "--notes-file",
            &notes,
        ],
        2,
    );
    assert!(err.contains("nobody"), "{err}");
    let err = s.fails(
        "lea",
        &[
            "complaint",
            "hear",
            &cid,
            "--on",
            "2024-03-01",
            "--by",
            "leo",
            "--notes-file",
            &notes,
        ],
        2,
    );
    assert!(err.contains("received on 2024-03-08"), "{err}");
    let empty = file(&s, "e.txt", "  ");
    s.fails(
        "lea",
        &[
            "complaint",
            "hear",
            &cid,
            "--by",
            "leo",
            "--notes-file",
            &empty,
        ],
        2,
    );
    assert!(last(&s, "complaint.hear").is_none());
}

#[test]
fn a_member_involved_with_the_recording_may_not_decide_without_a_reason() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    // wim describes it: involved.
    s.describe(id);
    let cid = complain(&s, Some(id), Some("2024-03-08"));
    let err = s.fails(
        "wim",
        &["complaint", "close", &cid, "--outcome", "Ongegrond."],
        3,
    );
    assert!(err.contains("wim described the recording"), "{err}");
    assert!(err.contains("Awb 9:7"), "{err}");
    assert!(err.contains("--involved-override-reason"), "{err}");
    let refused = last(&s, "refused").expect("the refusal is logged");
    assert_eq!(refused["actor"], "wim");
    assert_eq!(refused["detail"]["missing"][0], "handler_involved");
    assert_eq!(
        s.json("lea", &["complaint", "show", &cid])["status"],
        "open"
    );
    let nl = fails_nl(
        &s,
        "wim",
        &["complaint", "close", &cid, "--outcome", "Ongegrond."],
        3,
    );
    assert!(nl.contains("wim is betrokken bij de opname"), "{nl}");
    assert!(nl.contains("beschreef haar"), "{nl}");
    // With a reason: decided, the reason sealed, its keyed hash in the log.
    let v = s.json(
        "wim",
        &[
            "complaint",
            "close",
            &cid,
            "--outcome",
            "Ongegrond.",
            "--involved-override-reason",
            "enige medewerker van het team die dag",
        ],
    );
    assert_eq!(v["status"], "closed");
    assert_eq!(
        v["involved_reason"],
        "enige medewerker van het team die dag"
    );
    let e = last(&s, "complaint.close").unwrap();
    assert_eq!(e["detail"]["involved_override"].as_str().unwrap().len(), 32);
    let log_text = serde_json::to_string(&log(&s)).unwrap();
    assert!(!log_text.contains("enige medewerker"));
    // Someone not involved decides without one, and nothing about it is logged.
    let cid = complain(&s, Some(id), Some("2024-03-08"));
    s.ok(
        "leo",
        &["complaint", "close", &cid, "--outcome", "Ongegrond."],
    );
    let e = last(&s, "complaint.close").unwrap();
    assert!(e["detail"].get("involved_override").is_none(), "{e}");
    // A complaint about no item has no one involved.
    let cid = complain(&s, None, Some("2024-03-08"));
    s.ok(
        "wim",
        &["complaint", "close", &cid, "--outcome", "Ongegrond."],
    );
}

#[test]
fn a_listener_is_involved_too() {
    let s = TestStore::new();
    s.ok("lea", &["settings", "preview_cap_s", "3"]);
    let id = s.import("voice.opus");
    s.json_stdin_ok(
        "wendy",
        &[
            "preview",
            &id.to_string(),
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--seconds",
            "1",
            "--sink",
            "null",
        ],
        "123456\n",
    );
    let cid = complain(&s, Some(id), Some("2024-03-08"));
    let err = s.fails(
        "wendy",
        &["complaint", "close", &cid, "--outcome", "Ongegrond."],
        3,
    );
    assert!(err.contains("wendy listened to the recording"), "{err}");
}

#[test]
fn a_letter_that_needs_the_ombudsman_is_refused_without_it() {
    let s = TestStore::without_profile();
    let cid = complain(&s, None, Some("2024-03-08"));
    s.ok(
        "lea",
        &[
            "complaint",
            "close",
            &cid,
            "--on",
            "2024-05-01",
            "--outcome",
            "Ongegrond.",
        ],
    );
    let err = s.fails(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid,
            "--kind",
            "complaint-decision",
        ],
        2,
    );
    // The hearing is asked for first; once recorded, the profile's missing fields are named.
    assert!(err.contains("complaint hear"), "{err}");
    let cid2 = complain(&s, None, Some("2024-03-08"));
    assert_ok(
        &hear(&s, &cid2, &["--skipped-because", "no-response"]),
        &["hear"],
    );
    s.ok(
        "lea",
        &[
            "complaint",
            "close",
            &cid2,
            "--on",
            "2024-05-01",
            "--outcome",
            "Ongegrond.",
        ],
    );
    let err = s.fails(
        "lea",
        &[
            "letter",
            "--complaint",
            &cid2,
            "--kind",
            "complaint-decision",
        ],
        2,
    );
    assert!(err.contains("ombudsman_name"), "{err}");
    assert!(err.contains("ombudsman_url"), "{err}");
    assert!(err.contains("writer_name"), "{err}");
    assert!(last(&s, "complaint.letter").is_none());
    let err = s.fails(
        "lea",
        &["letter", "--complaint", &cid, "--kind", "complaint-ack"],
        2,
    );
    assert!(err.contains("org_name"), "{err}");
    assert!(!err.contains("ombudsman"), "{err}");
}
