//! Letters as AVG art. 13/14 want them: the organisation's profile (controller, FG, ombudsman,
//! time zone) and the signer's full name and title on every letter, refused by field name
//! when missing; one letter about all of a case's recordings of a subject; a child or a third
//! party written to only on confirmation.

mod common;

use common::*;

/// The text with every run of white space made one space: what a reader sees, wherever the
/// template breaks its lines.
fn flat(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn letter(s: &TestStore, args: &[&str], out: &std::path::Path) -> serde_json::Value {
    let mut a = vec!["letter"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--kind", "notification", "--out", out.to_str().unwrap()]);
    s.json("wim", &a)
}

#[test]
fn a_letter_names_the_controller_the_fg_the_rights_and_the_complaint_bodies_and_is_signed() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let ids = id.to_string();
    for (lang, words) in [
        (
            "nl",
            &[
                "Wij zijn Gemeente Utrecht, Stadsplateau 1, 3521 AZ Utrecht",
                "functionaris\ngegevensbescherming (FG): fg@utrecht.nl, 030 286 00 00",
                "hooguit 20 jaar",
                "**Beperken.**",
                "**Bezwaar.**",
                "**Verbeteren.**",
                "naar de Ombudsman Utrecht: <https://www.ombudsmanutrecht.nl>",
                "Autoriteit Persoonsgegevens",
                "<https://autoriteitpersoonsgegevens.nl>",
                "Wim de Groot  \njeugdconsulent  \nGemeente Utrecht",
                "plaatselijke tijd (Europe/Amsterdam)",
            ][..],
        ),
        (
            "en",
            &[
                "We are Gemeente Utrecht, Stadsplateau 1, 3521 AZ Utrecht",
                "data protection officer:\nfg@utrecht.nl",
                "at most 20 years",
                "**Restriction.**",
                "**Objection.**",
                "**Rectification.**",
                "turn to de Ombudsman Utrecht: <https://www.ombudsmanutrecht.nl>",
                "Autoriteit\n  Persoonsgegevens",
                "Wim de Groot  \njeugdconsulent  \nGemeente Utrecht",
                "local\ntime (Europe/Amsterdam)",
            ][..],
        ),
    ] {
        let out = s.tmp.path().join(format!("brief-{lang}.md"));
        letter(
            &s,
            &[&ids, "--subject", "Maria Jansen", "--lang", lang],
            &out,
        );
        let text = std::fs::read_to_string(&out).unwrap();
        for w in words {
            assert!(flat(&text).contains(&flat(w)), "{lang}: {w:?}\n{text}");
        }
        // The signature keeps its lines.
        assert!(
            text.contains("Wim de Groot  \njeugdconsulent  \nGemeente Utrecht"),
            "{text}"
        );
        assert!(!text.contains("Nationale ombudsman"), "{text}");
        assert!(!text.contains("National Ombudsman"), "{text}");
        assert!(!text.contains(" UTC"), "times are local: {text}");
    }
    // The HTML is a page a person can print, the ombudsman's address a link.
    let out = s.tmp.path().join("brief.html");
    letter(
        &s,
        &[&ids, "--subject", "Maria Jansen", "--format", "html"],
        &out,
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<a href=\"https://www.ombudsmanutrecht.nl\">"),
        "{html}"
    );
}

#[test]
fn without_a_profile_documents_are_refused_naming_the_missing_field() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::without_profile();
    let id = s.import("voice.opus");
    s.describe(id);
    let ids = id.to_string();
    let out = s.tmp.path().join("brief.md");
    let o = out.to_str().unwrap();
    let args = [
        "letter",
        &ids,
        "--subject",
        "Maria Jansen",
        "--kind",
        "notification",
        "--out",
        o,
    ];
    let err = s.fails("wim", &args, 2);
    for f in [
        "org_name",
        "org_address",
        "dpo_contact",
        "ombudsman_name",
        "ombudsman_url",
    ] {
        assert!(err.contains(f), "{f}: {err}");
    }
    assert!(err.contains("earshot settings org_name TEXT"), "{err}");
    assert!(!out.exists(), "nothing is written");
    // With the profile, the signer's name is still missing, by name.
    for (k, v) in PROFILE {
        s.ok("lea", &["settings", k, v]);
    }
    let err = s.fails("wim", &args, 2);
    assert!(
        err.contains("writer_name") && err.contains("writer_title"),
        "{err}"
    );
    assert!(err.contains("earshot team set wim --full-name"), "{err}");
    assert!(!out.exists());
    s.ok(
        "lea",
        &[
            "team",
            "set",
            "wim",
            "--full-name",
            "Wim de Groot",
            "--title",
            "jeugdconsulent",
        ],
    );
    s.ok("wim", &args);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Wim de Groot")
    );
    // A bad time zone or web address is refused; the log replays clean.
    let err = s.fails("lea", &["settings", "timezone", "Europe/Atlantis"], 2);
    assert!(err.contains("Europe/Atlantis"), "{err}");
    s.fails("lea", &["settings", "ombudsman_url", "ombudsman.nl"], 2);
    s.fails("wim", &["settings", "org_name", "Gemeente X"], 3);
    s.ok("lea", &["settings", "timezone", "Europe/Amsterdam"]);
    s.ok("lea", &["doctor"]);
    // A profile field edited by hand is found by the replay.
    s.raw_db()
        .execute(
            "UPDATE settings SET value = 'Gemeente Elders' WHERE key = 'org_name'",
            [],
        )
        .unwrap();
    let o = s.run("lea", &["doctor"]);
    assert_code(&o, 4, &["doctor"]);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("org_name"), "{said}");
}

#[test]
fn one_letter_covers_a_cases_recordings_of_a_subject_and_notify_accepts_it_for_each() {
    let s = TestStore::new();
    let a = s.import("voice.opus");
    let b = s.import("stereo.opus");
    s.describe(a);
    s.describe(b);
    let out = s.tmp.path().join("brief-dossier.md");
    let v = letter(&s, &["--case", "C-1", "--subject", "Maria Jansen"], &out);
    assert_eq!(v["items"], serde_json::json!([a, b]));
    assert_eq!(v["letters"].as_array().unwrap().len(), 2);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("### Opname 1 van 2") && text.contains("### Opname 2 van 2"),
        "{text}"
    );
    assert!(text.contains(&format!("opnamen {a} en {b}")), "{text}");
    for item in [a, b] {
        let proofs = s
            .tmp
            .path()
            .join(format!("brief-dossier.md.item-{item}.proofs.json"));
        assert!(proofs.exists(), "{}", proofs.display());
        s.ok(
            "wim",
            &[
                "notify",
                &item.to_string(),
                "--subject",
                "Maria Jansen",
                "--notified",
                "--channel",
                "letter",
                "--letter",
                out.to_str().unwrap(),
            ],
        );
    }
    s.ok("lea", &["doctor"]);
}

#[test]
fn a_child_or_a_third_party_is_written_to_only_when_confirmed() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.ok(
        "wim",
        &[
            "describe",
            &id.to_string(),
            "--sender",
            "Jan Jansen",
            "--subject",
            "Maria Jansen:parent",
            "--subject",
            "Noor Jansen:child",
            "--subject",
            "Piet Buur:other",
            "--purpose",
            "wants the team to hear the arguments",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "to assess the safety of the children at home",
        ],
    );
    let ids = id.to_string();
    let out = s.tmp.path().join("brief.md");
    let o = out.to_str().unwrap();
    for (who, why) in [
        ("Noor Jansen", "through a parent"),
        ("Piet Buur", "known to our team"),
    ] {
        let err = s.fails(
            "wim",
            &[
                "letter",
                &ids,
                "--subject",
                who,
                "--kind",
                "notification",
                "--out",
                o,
            ],
            2,
        );
        assert!(err.contains(why), "{who}: {err}");
        assert!(!out.exists());
        s.ok(
            "wim",
            &[
                "letter",
                &ids,
                "--subject",
                who,
                "--kind",
                "notification",
                "--out",
                o,
                "--confirm-recipient",
                "--force",
            ],
        );
        assert!(out.exists());
        std::fs::remove_file(&out).unwrap();
    }
}
