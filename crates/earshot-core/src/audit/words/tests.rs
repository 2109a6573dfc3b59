use super::*;
use crate::audit::examples::examples;

use crate::wording::internal_names;

#[test]
fn the_name_check_finds_names() {
    assert_eq!(
        internal_names("refused: preview (missing: preview_allowance_used)"),
        vec!["preview_allowance_used"]
    );
    assert_eq!(internal_names("item.describe done"), vec!["item.describe"]);
    assert!(internal_names("heard 0:01–0:06 (5.0 s).").is_empty());
}

#[test]
fn every_event_has_words_in_both_languages_without_internal_names() {
    let mut not_dutch = Vec::new();
    for e in examples() {
        let nl = e.describe(Lang::Nl);
        let en = e.describe(Lang::En);
        for (lang, text) in [("nl", &nl), ("en", &en)] {
            assert!(!text.trim().is_empty(), "{} in {lang}", e.action());
            assert!(
                internal_names(text).is_empty(),
                "{} in {lang} shows internal names {:?}: {text}",
                e.action(),
                internal_names(text)
            );
        }
        assert_ne!(nl, en, "{} is not translated", e.action());
        let wrong = crate::wording::not_dutch(&nl);
        if !wrong.is_empty() {
            not_dutch.push(format!("{} in Dutch: {wrong:?} in {nl}", e.action()));
        }
    }
    assert!(not_dutch.is_empty(), "{}", not_dutch.join("\n"));
}

#[test]
fn entries_in_words() {
    let d = |action: &str, detail: &str| describe_stored(Lang::En, action, detail);
    assert_eq!(
        d(
            "preview.end",
            r#"{"preview":1,"from_ms":1000,"to_ms":6000,"heard_ms":5000,"refunded_ms":15000,"sink":"device"}"#
        ),
        "preview heard 0:01–0:06 (5.0 s)"
    );
    assert_eq!(
        describe_stored(
            Lang::Nl,
            "preview.end",
            r#"{"preview":1,"from_ms":1000,"to_ms":6000,"heard_ms":5000,"refunded_ms":15000,"sink":"device"}"#
        ),
        "fragment beluisterd 0:01–0:06 (5,0 s)"
    );
    assert_eq!(
        d(
            "refused",
            r#"{"attempt":"further_use","missing":["notification_decision"]}"#
        ),
        "further use refused: no decision about notifying a subject was logged"
    );
    assert_eq!(
        describe_stored(
            Lang::Nl,
            "refused",
            r#"{"attempt":"preview","missing":["supervisor","preview_allowance_used"]}"#
        ),
        "fragment geweigerd: er luisterde geen teamleider mee; de tijd voor fragmenten was op"
    );
    assert_eq!(
        d(
            "item.describe",
            r#"{"changes":{"legal_basis":{"new":"a","old":null},"processing_purpose":{"new":"b","old":null},"purpose":{"new":"c","old":null},"sender":{"new":"d","old":null},"subjects":{"new":"e","old":null}},"stage":"described","subjects":1}"#
        ),
        "described: sender, subjects, purpose, legal basis, team's purpose recorded or changed"
    );
    assert_eq!(
        d("item.assign", r#"{"to":"wim","escalations_resolved":0}"#),
        "assigned to wim"
    );
}

#[test]
fn unreadable_entries_say_so_and_nothing_else() {
    for (action, detail) in [
        ("some.thing", "{}"),
        ("play.heard", "not json"),
        ("preview.end", r#"{"from_ms":"soon"}"#),
    ] {
        assert_eq!(
            describe_stored(Lang::En, action, detail),
            "an entry this version of earshot cannot read"
        );
        assert_eq!(
            describe_stored(Lang::Nl, action, detail),
            "een registratie die deze versie van earshot niet kan lezen"
        );
    }
}
