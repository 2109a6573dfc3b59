//! Letters to the people on a recording, their responses, and the art. 14(3)(c) moment of a
//! use: in Dutch and English, Markdown and HTML, with the heard ranges and the audit head.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;
use earshot::store::system_clock;

/// Listens through the library (the CLI of this branch has no preview command): a supervised
/// preview of 1.0–2.5 s by wim, and full playback of 3.0–3.5 s by wendy.
fn listen(s: &TestStore, id: i64) {
    let mut st = s.open_with(system_clock()).unwrap();
    let t = st
        .begin_preview(
            "wim",
            id,
            1000,
            Some(1500),
            "lea",
            &earshot::store::LeadProof::Pin("123456".into()),
            "null",
        )
        .unwrap();
    let (_, t) = st.open_preview(t).unwrap();
    st.end_preview(&t, 1500).unwrap();
    let p = st.begin_play("wendy", id, "null").unwrap();
    let (_, p) = st.open_play(p).unwrap();
    st.record_heard(&p, 3000, 3500).unwrap();
    st.end_play(&p).unwrap();
}

fn describe_fully(s: &TestStore, id: &str) {
    s.ok(
        "wim",
        &[
            "describe",
            id,
            "--sender",
            "Jan Jansen",
            "--subject",
            "Maria Jansen:parent",
            "--subject",
            "Sam Jansen:child",
            "--purpose",
            "wants the team to hear the arguments",
            "--secretly",
            "yes",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "assess whether the children are safe",
        ],
    );
}

fn audit_len(s: &TestStore) -> usize {
    s.json("lea", &["audit", "log"]).as_array().unwrap().len()
}

#[test]
fn letters_in_both_languages_account_for_what_was_heard() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let ids = id.to_string();
    describe_fully(&s, &ids);
    listen(&s, id);
    let first_head = s.json("lea", &["audit", "verify"])["head"]
        .as_str()
        .unwrap()
        .to_string();
    for (lang, words) in [
        (
            "nl",
            [
                "Beste Maria Jansen",
                "zonder toestemming van iemand",
                "klacht",
            ],
        ),
        (
            "en",
            ["Dear Maria Jansen", "without anyone else", "complaint"],
        ),
    ] {
        for format in ["md", "html"] {
            let head = s.json("lea", &["audit", "verify"])["head"]
                .as_str()
                .unwrap()
                .to_string();
            let out = s.tmp.path().join(format!("letter-{lang}.{format}"));
            let v = s.json(
                "wim",
                &[
                    "letter",
                    &ids,
                    "--subject",
                    "maria jansen",
                    "--kind",
                    "notification",
                    "--lang",
                    lang,
                    "--format",
                    format,
                    "--out",
                    out.to_str().unwrap(),
                ],
            );
            assert_eq!(v["subject"], "Maria Jansen");
            // Two weeks to respond by default, moved to the next working day when they end on
            // a weekend or a public holiday.
            let two_weeks = chrono::Utc::now().date_naive() + chrono::Days::new(14);
            assert_eq!(
                v["respond_by"],
                earshot::core::calendar::statutory_deadline(two_weeks).to_string()
            );
            assert_eq!(
                v["audit_head"],
                head.as_str(),
                "the head when the letter was written"
            );
            let text = std::fs::read_to_string(&out).unwrap();
            assert_eq!(
                std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
                0o600
            );
            for w in words {
                assert!(text.contains(w), "{lang} {format}: {w}\n{text}");
            }
            // What was received, from whom, who heard what, supervised by whom.
            for w in [
                "Jan Jansen",
                "Sam Jansen",
                "WhatsApp",
                "Jeugdwet art. 7.4.0",
                "assess whether the children are safe",
                "wants the team to hear the arguments",
                "0:01–0:02 (1",
                "0:03–0:03 (0",
                "wim",
                "wendy",
                "lea",
                &head,
            ] {
                assert!(text.contains(w), "{lang} {format}: {w}\n{text}");
            }
            assert!(!text.contains("{{") && !text.contains("}}"), "{text}");
            if format == "html" {
                assert!(text.starts_with("<!DOCTYPE html>"));
                assert!(text.contains("<svg"), "the heard ranges as a picture");
                assert!(text.contains(&format!("lang=\"{lang}\"")));
            } else {
                assert!(text.contains("|.........."), "the text timeline: {text}");
            }
            assert_eq!(
                v["sha256"].as_str().unwrap(),
                sha(&std::fs::read(&out).unwrap())
            );
        }
    }
    // Four letters are on record, with the head each quoted.
    let report = s.json("lea", &["report", &ids, "--format", "json"]);
    assert_eq!(report["letters"].as_array().unwrap().len(), 4);
    assert_eq!(report["letters"][0]["subject"], "Maria Jansen");
    assert_eq!(report["letters"][0]["audit_head"], first_head.as_str());
    // Each head is one the log still contains.
    for l in report["letters"].as_array().unwrap() {
        s.ok(
            "lea",
            &[
                "audit",
                "verify",
                "--anchor",
                l["audit_head"].as_str().unwrap(),
            ],
        );
    }
}

fn sha(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

#[test]
fn the_letter_goes_with_the_notification_and_the_response_is_recorded() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe_fully(&s, &id);
    let out = s.tmp.path().join("brief.md");
    let o = out.to_str().unwrap();
    s.ok(
        "wim",
        &[
            "letter",
            &id,
            "--subject",
            "Maria Jansen",
            "--kind",
            "notification",
            "--out",
            o,
            "--respond-by",
            "2999-01-01",
        ],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("1 januari 2999"), "Dutch by default: {text}");
    // A file that is not an earshot letter is refused, and nothing is recorded.
    let other = s.tmp.path().join("other.md");
    std::fs::write(&other, "not a letter").unwrap();
    let before = audit_len(&s);
    let err = s.fails(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
            "--letter",
            other.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("not a letter"), "{err}");
    assert_eq!(audit_len(&s), before);
    let v = s.json(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
            "--letter",
            o,
        ],
    );
    assert_eq!(v["stage"], "described", "Sam is still to be told");
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "letter.attach");
    s.via_parent(&id, "Sam Jansen", "Maria Jansen");
    assert_eq!(
        s.json("wim", &["show", &id])["stage"],
        "notification_decided"
    );
    // A response: registered as a complaint, whether or not anyone asks.
    let resp = s.tmp.path().join("resp.txt");
    std::fs::write(&resp, "Ik wil de opnamen zelf horen.").unwrap();
    let r = resp.to_str().unwrap();
    let out = s.ok(
        "wim",
        &[
            "respond",
            &id,
            "--subject",
            "Maria Jansen",
            "--text-file",
            r,
        ],
    );
    assert!(out.contains("registered as complaint"), "{out}");
    let v = s.json(
        "wim",
        &[
            "respond",
            &id,
            "--subject",
            "Maria Jansen",
            "--text-file",
            r,
            "--complaint",
            "--received",
            "2024-01-02",
        ],
    );
    assert_eq!(v["complaint"]["kind"], "complaint");
    assert_eq!(v["complaint"]["item"], id.parse::<i64>().unwrap());
    assert_eq!(v["complaint"]["from"], "Maria Jansen");
    assert_eq!(v["complaint"]["decide_by"], "2024-02-13");
    assert_eq!(v["complaint_offered"], false);
    let report = s.json("lea", &["report", &id, "--format", "json"]);
    assert_eq!(report["responses"].as_array().unwrap().len(), 2);
    assert_eq!(report["responses"][1]["complaint"], v["complaint"]["id"]);
    // Not a subject, a future date: one sentence, nothing changed.
    let before = audit_len(&s);
    let err = s.fails(
        "wim",
        &["respond", &id, "--subject", "Petra", "--text-file", r],
        2,
    );
    assert!(err.contains("Petra is not a subject"), "{err}");
    s.fails(
        "wim",
        &[
            "respond",
            &id,
            "--subject",
            "Maria Jansen",
            "--text-file",
            r,
            "--received",
            "2999-01-01",
        ],
        2,
    );
    assert_eq!(audit_len(&s), before);
}

#[test]
fn bad_letters_change_nothing() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe_fully(&s, &id);
    let before = audit_len(&s);
    let letter = |extra: &[&str]| {
        let mut a = vec![
            "letter",
            id.as_str(),
            "--subject",
            "Maria Jansen",
            "--kind",
            "notification",
        ];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |extra: &[&str], code: i32| {
        let a = letter(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        s.fails("wim", &a, code)
    };
    // Not a subject.
    let err = s.fails(
        "wim",
        &[
            "letter",
            &id,
            "--subject",
            "Petra",
            "--kind",
            "notification",
        ],
        2,
    );
    assert!(err.contains("not a subject"), "{err}");
    // An unknown kind or language.
    run(&["--lang", "de"], 2);
    s.fails(
        "wim",
        &[
            "letter",
            &id,
            "--subject",
            "Maria Jansen",
            "--kind",
            "threat",
        ],
        2,
    );
    // An output path that exists.
    let existing = s.tmp.path().join("exists.md");
    std::fs::write(&existing, "mine").unwrap();
    let err = run(&["--out", existing.to_str().unwrap()], 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "mine");
    // A response date in the past.
    run(&["--respond-by", "2001-01-01"], 2);
    // A team's template with a placeholder earshot does not know.
    let tdir = s.tmp.path().join("templates");
    std::fs::create_dir_all(tdir.join("en")).unwrap();
    std::fs::write(
        tdir.join("en/notification.md"),
        "Dear {{subject}}, see {{attachment}}.",
    )
    .unwrap();
    let err = run(&["--lang", "en", "--templates", tdir.to_str().unwrap()], 2);
    assert!(err.contains("{{attachment}}"), "{err}");
    assert_eq!(audit_len(&s), before, "nothing was recorded");
    // The same team template, fixed, is used; Dutch still comes built in.
    std::fs::write(
        tdir.join("en/notification.md"),
        "Dear {{subject}}, heard: {{heard_ranges}}. Head {{audit_head}}.",
    )
    .unwrap();
    let out = s.ok(
        "wim",
        &[
            "letter",
            &id,
            "--subject",
            "Maria Jansen",
            "--kind",
            "notification",
            "--lang",
            "en",
            "--templates",
            tdir.to_str().unwrap(),
        ],
    );
    assert!(
        out.starts_with("Dear Maria Jansen, heard: nothing. Head "),
        "{out}"
    );
    // --force replaces an existing file.
    s.ok(
        "wim",
        &[
            "letter",
            &id,
            "--subject",
            "Maria Jansen",
            "--kind",
            "notification",
            "--out",
            existing.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(
        std::fs::read_to_string(&existing)
            .unwrap()
            .contains("Beste Maria Jansen")
    );
}

#[test]
fn a_use_shows_when_subjects_must_have_been_informed() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe_fully(&s, &id);
    s.ok(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
        ],
    );
    s.via_parent(&id, "Sam Jansen", "Maria Jansen");
    let sum = s.tmp.path().join("sum.txt");
    std::fs::write(&sum, "Vader meldt ruzies.").unwrap();
    let v = s.json(
        "wim",
        &[
            "use",
            &id,
            "--purpose",
            "VTO",
            "--recipient",
            "Raad voor de Kinderbescherming",
            "--summary-file",
            sum.to_str().unwrap(),
        ],
    );
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(v["inform_subjects_by"], today.as_str());
    assert_eq!(v["informed"][0], "Maria Jansen");
    assert!(v["not_informed"].as_array().unwrap().is_empty());
    assert_eq!(v["discloses"], true);
    let r = s.json("lea", &["report", &id, "--format", "json"]);
    assert_eq!(r["uses"][0]["inform_subjects_by"], today.as_str());
    assert_eq!(r["uses"][0]["recipient"], "Raad voor de Kinderbescherming");
}
