//! No personal data readable at rest: names, purposes, summaries and notes are not findable as
//! plain text in any file of the store (or next to it), whatever the encoding.

mod common;

use common::*;

const NAMES: [&str; 4] = [
    "Jozefien Hoogstraten",
    "Barend Wolters",
    "Kiki Hoogstraten",
    "Lodewijk Brandsma",
];
const PURPOSE: &str = "wil laten horen hoe de moeder tegen hem schreeuwt";
const SUMMARY: &str = "Vader meldt herhaalde ruzies in bijzijn van de kinderen";
const TEAM_PURPOSE: &str = "beoordelen van de veiligheid van Kiki";
const REASON: &str = "moeder was eerder onbereikbaar op vakantieadres";

fn needles() -> Vec<Vec<u8>> {
    let mut texts: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    texts.extend(
        [
            PURPOSE,
            SUMMARY,
            TEAM_PURPOSE,
            REASON,
            "geheime-opname-vader.opus",
        ]
        .map(String::from),
    );
    // Parts of names too (a surname alone is findable).
    texts.extend(["Hoogstraten", "Wolters", "Brandsma"].map(String::from));
    let mut out = Vec::new();
    for t in &texts {
        out.push(t.as_bytes().to_vec());
        out.push(t.to_lowercase().into_bytes());
        // UTF-16LE, as some tools write it.
        out.push(t.encode_utf16().flat_map(|u| u.to_le_bytes()).collect());
    }
    out
}

fn assert_nothing_readable(s: &TestStore, when: &str) {
    let files = s.all_files();
    assert!(files.len() >= 3, "{files:?}");
    for (path, bytes) in &files {
        for n in needles() {
            assert!(
                !contains(bytes, &n),
                "{when}: {} contains {:?}",
                path.display(),
                String::from_utf8_lossy(&n)
            );
        }
    }
}

#[test]
fn names_purposes_and_summaries_are_not_findable_in_any_store_file() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let named = s.tmp.path().join("import-src");
    std::fs::create_dir(&named).unwrap();
    let file = named.join("geheime-opname-vader.opus");
    std::fs::copy(fixture("voice.opus"), &file).unwrap();
    let v = s.json(
        "wim",
        &[
            "import",
            file.to_str().unwrap(),
            "--case",
            "C-7",
            "--received-by",
            "wim",
            "--channel",
            "whatsapp",
            "--from",
            NAMES[1],
        ],
    );
    // The source file is not part of the store: remove it before scanning.
    std::fs::remove_dir_all(&named).unwrap();
    let id = v[0]["id"].as_i64().unwrap().to_string();
    s.ok(
        "wim",
        &[
            "describe",
            &id,
            "--sender",
            NAMES[1],
            "--subject",
            &format!("{}:parent", NAMES[0]),
            "--subject",
            &format!("{}:child", NAMES[2]),
            "--subject",
            &format!("{}:professional", NAMES[3]),
            "--purpose",
            PURPOSE,
            "--processing-purpose",
            TEAM_PURPOSE,
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--secretly",
            "yes",
        ],
    );
    let review = days_ahead(90);
    s.ok_stdin(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            NAMES[0],
            "--exception",
            "--ground",
            "meldcode",
            "--review-on",
            &review,
            "--reason",
            REASON,
            "--approved-by",
            "lea",
            "--pin-stdin",
        ],
        "123456\n",
    );
    // The child and the professional on it are told themselves.
    for who in [NAMES[2], NAMES[3]] {
        s.ok(
            "wim",
            &[
                "notify",
                &id,
                "--subject",
                who,
                "--notified",
                "--channel",
                "gesprek",
            ],
        );
    }
    let summary = s.tmp.path().join("summary.txt");
    std::fs::write(&summary, SUMMARY).unwrap();
    s.ok(
        "wim",
        &[
            "use",
            &id,
            "--purpose",
            "VTO",
            "--recipient",
            NAMES[3],
            "--summary-file",
            summary.to_str().unwrap(),
        ],
    );
    std::fs::remove_file(&summary).unwrap();
    // The store really holds them: show decrypts them.
    let shown = s.ok("wim", &["show", &id]);
    for n in NAMES {
        assert!(shown.contains(n), "{shown}");
    }
    // While a process has the database open its WAL is on disk too; scan with one open.
    let hold = s.raw_db();
    let _: i64 = hold
        .query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_nothing_readable(&s, "after import, description, decision and use");
    drop(hold);
    assert_nothing_readable(&s, "after the last process closed the store");
    let log = s.ok("lea", &["audit", "log"]);
    for n in NAMES {
        assert!(!log.contains(n), "the audit log names {n}");
    }
}
