//! The failures the command line words itself (not the store's, not the gate's) in the user's
//! language: Dutch with `--lang nl` or a Dutch locale, English otherwise, with the same exit
//! code either way and, with `--json`, the same shape.

mod common;

use std::process::{Output, Stdio};

use common::*;

/// One failure: who runs what (with what on standard input), the exit code, and a piece of
/// the sentence in each language.
struct Case<'a> {
    user: &'a str,
    args: Vec<String>,
    stdin: Option<&'a str>,
    code: i32,
    nl: &'a str,
    en: &'a str,
    /// The command's own `--lang` is its document's: only the locale makes its failures Dutch.
    documents_lang: bool,
}

fn case<'a>(user: &'a str, args: &[&str], code: i32, nl: &'a str, en: &'a str) -> Case<'a> {
    Case {
        user,
        args: args.iter().map(|a| a.to_string()).collect(),
        stdin: None,
        code,
        nl,
        en,
        documents_lang: false,
    }
}

impl<'a> Case<'a> {
    fn stdin(mut self, input: &'a str) -> Self {
        self.stdin = Some(input);
        self
    }

    fn documents_lang(mut self) -> Self {
        self.documents_lang = true;
        self
    }
}

fn run(s: &TestStore, c: &Case, lang_flag: bool, locale: &str) -> Output {
    let mut args: Vec<&str> = Vec::new();
    if lang_flag {
        args.extend(["--lang", "nl"]);
    }
    args.extend(c.args.iter().map(String::as_str));
    let mut cmd = s.command(c.user, &args);
    cmd.env("LANG", locale);
    match c.stdin {
        None => cmd.output().expect("run earshot"),
        Some(input) => {
            use std::io::Write;
            cmd.stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = cmd.spawn().expect("spawn earshot");
            let _ = child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes());
            child.wait_with_output().expect("wait earshot")
        }
    }
}

/// Each case fails with its exit code in English, and with the same code in Dutch: with
/// `--lang nl` (unless that is the document's) and with `LANG=nl_NL.UTF-8`.
fn check(s: &TestStore, cases: &[Case]) {
    for c in cases {
        let en = run(s, c, false, "C.UTF-8");
        assert_code(&en, c.code, &[&c.args.join(" ")]);
        let err = String::from_utf8_lossy(&en.stderr);
        assert!(err.contains(c.en), "{:?} in English: {err}", c.args);

        let mut ways = vec![(false, "nl_NL.UTF-8")];
        if !c.documents_lang {
            ways.push((true, "C.UTF-8"));
        }
        for (flag, locale) in ways {
            let nl = run(s, c, flag, locale);
            assert_code(&nl, c.code, &[&c.args.join(" "), locale]);
            let err = String::from_utf8_lossy(&nl.stderr);
            assert!(
                err.contains(c.nl),
                "{:?} in Dutch ({locale}, --lang nl: {flag}): {err}",
                c.args
            );
            assert!(
                !err.contains(c.en),
                "{:?} in Dutch still says the English: {err}",
                c.args
            );
        }
    }
}

#[test]
fn usage_and_input_failures_are_dutch() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let id = id.as_str();
    let taken = s.tmp.path().join("taken.md");
    std::fs::write(&taken, "x").expect("write");
    let taken = taken.to_str().expect("path");
    check(
        &s,
        &[
            case(
                "wim",
                &["report", id, "--out", taken],
                2,
                "bestaat al; er is niets veranderd (gebruik --force",
                "already exists; nothing was changed",
            ),
            case(
                "wim",
                &["team", "pin"],
                2,
                "geen pincode gegeven: typ hem in een terminal, of gebruik --pin-stdin",
                "no PIN given",
            ),
            case(
                "wim",
                &["team", "pin", "--pin-stdin"],
                2,
                "er staat geen pincode op standaardinvoer",
                "no PIN on standard input",
            )
            .stdin(""),
            case(
                "lea",
                &["settings", "preview_cap_s"],
                2,
                "geef een waarde voor preview_cap_s: `earshot settings preview_cap_s WAARDE`",
                "give a value for preview_cap_s",
            ),
            case(
                "wim",
                &["watch", "--from=-1"],
                2,
                "--from neemt een volgnummer (0 of meer)",
                "--from takes a sequence number",
            ),
            case(
                "wim",
                &["play", id, "--from", "1:75", "--sink", "null"],
                2,
                "'1:75' is geen tijd; schrijf MM:SS of UU:MM:SS",
                "is not a time",
            ),
            case(
                "wim",
                &[
                    "preview",
                    id,
                    "--seconds",
                    "0",
                    "--supervisor",
                    "lea",
                    "--sink",
                    "null",
                ],
                2,
                "--seconds moet een positief getal zijn",
                "--seconds must be a positive number",
            ),
            case(
                "wim",
                &[
                    "describe",
                    id,
                    "--sender",
                    "Maria",
                    "--subject",
                    "Maria",
                    "--purpose",
                    "p",
                ],
                2,
                "bij betrokkene 'Maria' staat geen rol; schrijf NAAM:ROL",
                "has no role",
            ),
            case(
                "wim",
                &[
                    "notify",
                    id,
                    "--subject",
                    "Maria",
                    "--notified",
                    "--channel",
                    "letter",
                    "--on",
                    "2999-01-01",
                ],
                2,
                "de datum 2999-01-01 ligt in de toekomst",
                "lies in the future",
            ),
            case(
                "wim",
                &[
                    "import",
                    "none.opus",
                    "--case",
                    "C-1",
                    "--received-by",
                    "wim",
                    "--channel",
                    "upload",
                    "--received-on",
                    "1-3-2026",
                ],
                2,
                "'1-3-2026' is geen datum; schrijf JJJJ-MM-DD",
                "is not a date",
            ),
            case(
                "wim",
                &["tui"],
                2,
                "het scherm van earshot heeft een terminal nodig",
                "the terminal UI needs a terminal",
            ),
            // Commands whose `--lang` is their document's: the locale decides.
            case(
                "lea",
                &[
                    "delete",
                    id,
                    "--reason",
                    "r",
                    "--requested-by",
                    "team",
                    "--approved-by",
                    "leo",
                    "--copy",
                    "nowhere",
                ],
                2,
                "--copy 'nowhere' moet de vorm WAAR=BEVESTIGD_DOOR hebben",
                "should be WHERE=CONFIRMED_BY",
            )
            .documents_lang(),
            case(
                "wim",
                &[
                    "letter",
                    id,
                    "--kind",
                    "notification",
                    "--subject",
                    "Maria",
                    "--format",
                    "pdf",
                ],
                2,
                "een PDF wordt naar een bestand geschreven: geef --out BESTAND",
                "a PDF is written to a file: give --out FILE",
            )
            .documents_lang(),
            case(
                "wim",
                &[
                    "letter",
                    id,
                    "--kind",
                    "notification",
                    "--subject",
                    "Maria",
                    "--respond-by",
                    "2000-01-01",
                ],
                2,
                "de datum waarvoor gereageerd moet worden (2000-01-01) is al voorbij",
                "the date to respond by (2000-01-01) lies in the past",
            )
            .documents_lang(),
        ],
    );
}

#[test]
fn a_first_lead_who_is_no_login_is_refused_in_dutch() {
    let s = TestStore::empty();
    check(
        &s,
        &[case(
            "lea",
            &["init", "--first-lead", "no-such-login-here"],
            2,
            "er is geen login 'no-such-login-here' op deze computer",
            "there is no login 'no-such-login-here' on this machine",
        )],
    );
}

#[test]
fn proofs_that_cannot_be_checked_are_said_in_dutch() {
    let s = TestStore::new();
    let empty = s.tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    let empty = empty.to_str().expect("path");
    // Two documents that print different keys (both valid): which one is ours? (exit 4)
    let key = s.json("lea", &["audit", "key"]);
    let key = key["key"].as_str().expect("the verifier key").to_string();
    let other = TestStore::new().json("lea", &["audit", "key"])["key"]
        .as_str()
        .expect("the other key")
        .to_string();
    let two = s.tmp.path().join("two");
    std::fs::create_dir(&two).expect("dir");
    std::fs::write(two.join("a.md"), format!("key `{key}`\n")).expect("write");
    std::fs::write(two.join("b.md"), format!("key `{other}`\n")).expect("write");
    std::fs::write(two.join("a.md.proofs.json"), "{}").expect("write");
    let two = two.to_str().expect("path");
    // A proofs file that is not one, checked with a key given (exit 4).
    let broken = s.tmp.path().join("broken.proofs.json");
    std::fs::write(&broken, "not json").expect("write");
    let broken = broken.to_str().expect("path");
    check(
        &s,
        &[
            case(
                "wim",
                &["verify-proof", empty],
                2,
                "staat geen proofs.json (of NAAM.proofs.json)",
                "no proofs.json (or NAME.proofs.json) in",
            ),
            case(
                "wim",
                &["verify-proof", two],
                4,
                "noemen verschillende sleutels",
                "print different keys",
            ),
            case(
                "wim",
                &["verify-proof", broken, "--key", &key],
                4,
                "is geen bewijsbestand dat earshot kan lezen",
                "is not a proofs file earshot reads",
            ),
            case(
                "wim",
                &["verify-proof", broken, "--key", "nonsense"],
                2,
                "--key is geen sleutel die earshot kent",
                "--key: ",
            ),
        ],
    );
}

#[test]
fn an_approval_nobody_gives_is_refused_in_dutch() {
    let s = TestStore::new();
    // Raising the preview cap widens access: another lead must approve, and nobody does.
    check(
        &s,
        &[case(
            "lea",
            &["settings", "preview_cap_s", "60", "--wait-s", "0"],
            3,
            "binnen 0 s: het verzoek is verlopen; er is niets gedaan",
            "the request expired; nothing was done",
        )],
    );
    let err = s.fails(
        "lea",
        &[
            "--lang",
            "nl",
            "settings",
            "preview_cap_s",
            "60",
            "--wait-s",
            "0",
        ],
        3,
    );
    assert!(
        err.contains("wacht op goedkeuring van een teamleider"),
        "{err}"
    );
}

#[test]
fn a_json_failure_keeps_its_shape_and_code_in_dutch() {
    let s = TestStore::new();
    for (lang, text) in [
        (
            "nl",
            "geef een waarde voor escalation_days: `earshot settings escalation_days WAARDE`",
        ),
        (
            "en",
            "give a value for escalation_days: `earshot settings escalation_days VALUE`",
        ),
    ] {
        let args = ["--lang", lang, "settings", "escalation_days", "--json"];
        let o = s.run("lea", &args);
        assert_code(&o, 2, &args);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
        assert_eq!(v["exit"], 2, "{v}");
        assert_eq!(v["error"], text, "{v}");
        assert_eq!(v.as_object().map(|o| o.len()), Some(2), "{v}");
    }
}
