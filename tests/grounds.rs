//! Nothing about a recording goes out (a further use) without a legal basis and the team's own
//! purpose in a sentence: refused with the reason, logged, and allowed once they are recorded.

mod common;

use common::TestStore;

/// Describes item `id` as wim (Jan sent it, Maria is on it) with `extra` arguments.
fn describe(s: &TestStore, id: &str, extra: &[&str]) {
    let mut a = vec![
        "describe",
        id,
        "--sender",
        "Jan Jansen",
        "--subject",
        "Maria Jansen:parent",
        "--purpose",
        "wants the team to hear the arguments",
    ];
    a.extend(extra);
    s.ok("wim", &a);
}

#[test]
fn a_use_without_a_legal_basis_or_a_real_purpose_is_refused_and_logged() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe(&s, &id, &[]);
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
    let summary = s.tmp.path().join("summary.txt");
    std::fs::write(&summary, "Samenvatting voor de Raad.").unwrap();
    let use_it = || {
        s.run(
            "wim",
            &[
                "use",
                &id,
                "--purpose",
                "VTO",
                "--recipient",
                "Raad voor de Kinderbescherming",
                "--summary-file",
                summary.to_str().unwrap(),
            ],
        )
    };
    let o = use_it();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no legal basis"), "{err}");
    assert!(err.contains("team's purpose"), "{err}");
    // A purpose that is no sentence does not count.
    describe(
        &s,
        &id,
        &[
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "..........!!!!!",
        ],
    );
    let o = use_it();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("no legal basis") && err.contains("team's purpose"),
        "{err}"
    );
    // The refusals are in the log, with what was missing.
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let refusals: Vec<String> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "refused")
        .map(|e| e["detail"].to_string())
        .collect();
    assert_eq!(refusals.len(), 2, "{refusals:?}");
    assert!(refusals[0].contains("legal_basis") && refusals[0].contains("processing_purpose"));
    // `show` says what stands in the way.
    let shown = s.ok("wim", &["show", &id]);
    assert!(shown.contains("team's purpose"), "{shown}");
    // Recorded properly, the use goes through.
    describe(
        &s,
        &id,
        &[
            "--processing-purpose",
            "beoordelen van de veiligheid van de kinderen",
        ],
    );
    let o = use_it();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_letter_without_a_legal_basis_is_refused_before_it_is_written() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe(&s, &id, &[]);
    let out = s.tmp.path().join("brief.md");
    let letter = || {
        s.run(
            "wim",
            &[
                "letter",
                &id,
                "--subject",
                "Maria Jansen",
                "--kind",
                "notification",
                "--out",
                out.to_str().unwrap(),
            ],
        )
    };
    let o = letter();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no legal basis"), "{err}");
    assert!(!out.exists(), "nothing was written");
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "refused" && e["detail"]["attempt"] == "letter"),
        "{log}"
    );
    describe(
        &s,
        &id,
        &[
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "beoordelen van de veiligheid van de kinderen",
        ],
    );
    let o = letter();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.is_file());
}
