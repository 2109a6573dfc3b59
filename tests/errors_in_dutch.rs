//! A store's errors and the gate's refusals in the user's language: Dutch with `--lang nl` or
//! a Dutch locale, on standard error and in `--json`, with the same exit codes as in English.

mod common;

use common::*;

/// Runs `args` as `user` with `LANG=nl_NL.UTF-8` (no `--lang`); expects `code`.
fn fails_in_dutch_locale(s: &TestStore, user: &str, args: &[&str], code: i32) -> String {
    let o = s
        .command(user, args)
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .expect("run earshot");
    assert_code(&o, code, args);
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `--lang nl` before the command's own arguments.
fn nl<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["--lang", "nl"];
    a.extend_from_slice(args);
    a
}

#[test]
fn store_errors_and_refusals_are_dutch_with_lang_nl() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let id = id.to_string();

    // Bad input: an item that is not there (exit 2).
    let err = s.fails("wim", &nl(&["show", "999"]), 2);
    assert!(err.contains("er is geen item 999 in deze opslag"), "{err}");
    assert!(!err.contains("there is no"), "{err}");

    // A role refusal: a worker adding a team member (exit 3).
    let err = s.fails("wim", &nl(&["team", "add", "bob", "--role", "worker"]), 3);
    assert!(
        err.contains("alleen een teamleider kan teamleden toevoegen; vraag een teamleider"),
        "{err}"
    );
    assert!(!err.contains("only a team leader"), "{err}");

    // A stage refusal: full playback of an item nobody described yet (exit 3).
    let err = s.fails("wim", &nl(&["play", &id, "--sink", "null"]), 3);
    assert!(err.contains("volledig afspelen geweigerd:"), "{err}");
    assert!(
        err.contains("wie de opname stuurde (de afzender) is niet vastgelegd"),
        "{err}"
    );
    assert!(!err.contains("refused"), "{err}");

    // No store at all (exit 2).
    let none = TestStore::empty();
    let err = none.fails("wim", &nl(&["queue"]), 2);
    assert!(err.contains("er is geen earshot-opslag in"), "{err}");
    assert!(err.contains("earshot init"), "{err}");
}

#[test]
fn a_dutch_locale_gives_dutch_errors_and_the_default_stays_english() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();

    let err = fails_in_dutch_locale(&s, "wim", &["show", "999"], 2);
    assert!(err.contains("er is geen item 999 in deze opslag"), "{err}");
    let err = fails_in_dutch_locale(&s, "wim", &["team", "add", "bob", "--role", "worker"], 3);
    assert!(
        err.contains("alleen een teamleider kan teamleden toevoegen"),
        "{err}"
    );
    let err = fails_in_dutch_locale(&s, "wim", &["play", &id, "--sink", "null"], 3);
    assert!(err.contains("volledig afspelen geweigerd:"), "{err}");
    let none = TestStore::empty();
    let err = fails_in_dutch_locale(&none, "wim", &["queue"], 2);
    assert!(err.contains("er is geen earshot-opslag in"), "{err}");

    // `--lang en` wins over the locale; with neither, the tests' C locale is English.
    let o = s
        .command("wim", &["--lang", "en", "show", "999"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .expect("run earshot");
    assert_code(&o, 2, &["--lang", "en", "show", "999"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("there is no item 999 in this store"), "{err}");
    let err = s.fails("wim", &["play", &id, "--sink", "null"], 3);
    assert!(err.contains("full playback refused:"), "{err}");

    // A deletion's `--lang` (default nl) is its certificate's: its errors follow the locale.
    let delete = [
        "delete",
        "999",
        "--reason",
        "r",
        "--requested-by",
        "team",
        "--approved-by",
        "leo",
    ];
    let err = s.fails("lea", &delete, 2);
    assert!(err.contains("there is no item 999"), "{err}");
    let err = fails_in_dutch_locale(&s, "lea", &delete, 2);
    assert!(err.contains("er is geen item 999"), "{err}");
}

#[test]
fn a_json_error_keeps_its_shape_in_dutch() {
    let s = TestStore::new();
    let o = s.run(
        "wim",
        &nl(&["team", "add", "bob", "--role", "worker", "--json"]),
    );
    assert_code(&o, 3, &["team", "add", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(v["exit"], 3, "{v}");
    let text = v["error"].as_str().expect("the error is text");
    assert!(
        text.contains("alleen een teamleider kan teamleden toevoegen"),
        "{v}"
    );
    assert_eq!(v.as_object().map(|o| o.len()), Some(2), "{v}");
}
