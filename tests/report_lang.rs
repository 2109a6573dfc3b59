//! `earshot report` in Dutch and English: the account of an item and of a case follow `--lang`
//! (else the locale), and a Dutch account has no English words left in its fixed texts.

mod common;

use common::*;
use earshot::store::system_clock;

/// English words that must not appear in a Dutch account. The store's data in this test are in
/// Dutch, so any of these would come from a fixed text. (The audit table's action codes, such as
/// `preview.start`, are the log's identifiers and stay as they are in both languages.)
const ENGLISH: &[&str] = &[
    "Account of",
    "Written",
    "Stage",
    "Receipt",
    "Received",
    "From:",
    "File:",
    "Sender",
    "Subjects",
    "Purpose",
    "Recorded secretly",
    "Legal basis",
    "People on the recording",
    "History of the metadata",
    "Listening",
    "Heard in all",
    "Nobody",
    "Notification",
    "pending",
    "Letters",
    "Responses",
    "Uses",
    "Summary",
    "informed",
    "Access requests",
    "Complaints",
    "Copies",
    "outstanding",
    "Retention",
    "Certificates",
    "Audit trail",
    "Audit head",
    "check it with",
    "When",
    "Who",
    "What",
    "received via",
    "short preview",
    "playback",
    "described",
    "none",
    "None",
];

/// Dutch headings the account has.
const DUTCH_HEADINGS: &[&str] = &[
    "# Verantwoording van item",
    "## Ontvangst",
    "## Gegevens",
    "## Beluisteren",
    "## Informeren",
    "## Reacties",
    "## Gebruik",
    "## Verzoeken om inzage",
    "## Klachten",
    "## Kopieën buiten de opslag",
    "## Bewaren en vernietigen",
    "## Auditlogboek",
];

/// An item that has been described, previewed under a lead, notified about and used, with a
/// copy registered outside the store; returns its id.
fn a_used_item(s: &TestStore) -> String {
    let id = s.import("voice.opus");
    let ids = id.to_string();
    s.ok(
        "wim",
        &[
            "describe",
            &ids,
            "--sender",
            "Jan Jansen",
            "--subject",
            "Maria Jansen:parent",
            "--subject",
            "Sam Jansen:child",
            "--purpose",
            "wil dat het team de ruzies hoort",
            "--secretly",
            "yes",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "beoordelen of de kinderen veilig zijn",
        ],
    );
    {
        let mut st = s.open_with(system_clock()).expect("open the store");
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
            .expect("a supervised preview");
        let (_, t) = st.open_preview(t).expect("open the preview");
        st.end_preview(&t, 1500).expect("end the preview");
    }
    s.ok(
        "wim",
        &[
            "notify",
            &ids,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "brief",
        ],
    );
    s.via_parent(&ids, "Sam Jansen", "Maria Jansen");
    let sum = s.tmp.path().join("samenvatting.txt");
    std::fs::write(&sum, "Vader meldt ruzies.").expect("write the summary");
    s.ok(
        "wim",
        &[
            "use",
            &ids,
            "--purpose",
            "VTO",
            "--recipient",
            "Raad voor de Kinderbescherming",
            "--summary-file",
            sum.to_str().expect("path"),
        ],
    );
    s.ok(
        "wim",
        &["copy", "add", &ids, "--where", "telefoon van medewerker"],
    );
    ids
}

/// The words of [`ENGLISH`] that stand in `text` as words of their own (so "What" is found in
/// "What happened" but not in "WhatsApp").
fn english_left(text: &str) -> Vec<&'static str> {
    ENGLISH
        .iter()
        .copied()
        .filter(|w| {
            text.match_indices(w).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .collect()
}

#[test]
fn an_items_account_follows_lang() {
    let s = TestStore::new();
    let id = a_used_item(&s);
    let nl = s.ok("lea", &["report", &id, "--lang", "nl"]);
    let en = s.ok("lea", &["report", &id, "--lang", "en"]);
    assert_ne!(nl, en);
    for h in DUTCH_HEADINGS {
        assert!(nl.contains(h), "no '{h}' in the Dutch account:\n{nl}");
    }
    let left = english_left(&nl);
    assert!(
        left.is_empty(),
        "English in the Dutch account: {left:?}\n{nl}"
    );
    // Dutch as people write it: long dates, decimal commas, the audit log in words.
    let today = chrono::Utc::now().date_naive();
    assert!(
        nl.contains(&earshot::core::lang::Lang::Nl.long_date(today)),
        "{nl}"
    );
    assert!(nl.contains("1,5 s"), "seconds with a decimal comma: {nl}");
    assert!(nl.contains("ontvangen via WhatsApp door wim"), "{nl}");
    assert!(nl.contains("Heimelijk opgenomen: ja"), "{nl}");
    assert!(nl.contains("**nog niet bevestigd**"), "the copy: {nl}");
    // The English account is what it was.
    for w in [
        "# Account of item",
        "## Receipt",
        "## Listening",
        "## Uses",
        "Recorded secretly: yes",
        "1.5 s",
        "**outstanding**",
        "Audit head at the time of writing",
    ] {
        assert!(en.contains(w), "no '{w}' in the English account:\n{en}");
    }
    // The data are the same in both.
    for w in [
        "Jan Jansen",
        "Maria Jansen",
        "Raad voor de Kinderbescherming",
    ] {
        assert!(nl.contains(w) && en.contains(w), "{w}");
    }
}

#[test]
fn a_cases_account_and_its_html_follow_lang_and_the_locale() {
    let s = TestStore::new();
    a_used_item(&s);
    let nl = s.ok("lea", &["report", "--case", "C-1", "--lang", "nl"]);
    let en = s.ok("lea", &["report", "--case", "C-1", "--lang", "en"]);
    assert_ne!(nl, en);
    assert!(nl.starts_with("# Verantwoording van zaak C-1"), "{nl}");
    assert!(nl.contains("## Verantwoording van item"), "{nl}");
    assert!(nl.contains("Audit-kop op het moment van schrijven"), "{nl}");
    let left = english_left(&nl);
    assert!(left.is_empty(), "English in the Dutch case: {left:?}\n{nl}");
    assert!(en.starts_with("# Account of case C-1"), "{en}");
    let html = s.ok(
        "lea",
        &[
            "report", "--case", "C-1", "--lang", "nl", "--format", "html",
        ],
    );
    assert!(html.contains("lang=\"nl\"") && html.contains("Auditlogboek"));
    // Without --lang, the locale decides.
    let mut c = s.command("lea", &["report", "--case", "C-1"]);
    c.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "nl_NL.UTF-8");
    let o = c.output().expect("run earshot");
    assert_ok(&o, &["report", "--case", "C-1"]);
    let by_locale = String::from_utf8_lossy(&o.stdout);
    assert!(
        by_locale.starts_with("# Verantwoording van zaak C-1"),
        "{by_locale}"
    );
}
