//! What the commands print for people, in Dutch when they run in Dutch (`--lang nl` or a Dutch
//! locale): no English word from the list below, no internal name, seconds with a decimal
//! comma. `--json` stays the same in either language.

mod common;

use common::*;

/// English words that must not appear in Dutch output. Left out on purpose: words Dutch has
/// too ("is", "in", "of", "was", "over", "door", "item", "team", "audio", "open", "als",
/// "van", "per"), and what a user types (commands, flags, settings keys).
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "to",
    "for",
    "with",
    "has",
    "have",
    "not",
    "yet",
    "no",
    "by",
    "on",
    "at",
    "into",
    "from",
    "received",
    "case",
    "channel",
    "sender",
    "length",
    "stage",
    "flags",
    "imported",
    "queue",
    "empty",
    "page",
    "described",
    "decision",
    "logged",
    "notified",
    "notification",
    "pending",
    "locked",
    "preview",
    "playback",
    "further",
    "use",
    "subject",
    "access",
    "delete",
    "deleted",
    "missing",
    "purpose",
    "secretly",
    "heard",
    "nothing",
    "left",
    "used",
    "file",
    "recording",
    "full",
    "until",
    "stays",
    "name",
    "role",
    "signs",
    "set",
    "worker",
    "lead",
    "leader",
    "added",
    "due",
    "request",
    "requests",
    "opened",
    "answer",
    "month",
    "overdue",
    "assigned",
    "escalated",
    "identified",
    "mode",
    "guardian",
    "store",
    "metadata",
    "gate",
    "yes",
    "unknown",
    "seconds",
    "phone",
    "other",
    "report",
    "written",
    "damaged",
    "run",
];

/// Names inside earshot that a person should never read.
const INTERNAL: &[&str] = &[
    "NotificationDecided",
    "notification_decided",
    "preview_left",
    "FullPlayback",
    "further_use",
    "subject_access",
    "Received",
    "Worker",
    "Lead",
];

/// The words of `text` (letters only, lower case), outside `code spans` and paths.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for part in text.split('`') {
        if !in_code {
            for w in part.split(|c: char| !c.is_alphabetic() && c != '-' && c != '_') {
                if !w.is_empty() && !w.contains('/') {
                    out.push(w.to_string());
                }
            }
        }
        in_code = !in_code;
    }
    out
}

/// Checks that `text` (what `what` printed) has no English word and no internal name.
fn dutch_only(what: &str, text: &str, allowed: &[&str]) {
    assert!(!text.trim().is_empty(), "{what} printed nothing");
    for w in words(text) {
        let lower = w.to_lowercase();
        assert!(
            !ENGLISH.contains(&lower.as_str()) || allowed.contains(&lower.as_str()),
            "{what} says the English word '{w}':\n{text}"
        );
        assert!(
            !INTERNAL.contains(&w.as_str()),
            "{what} says the internal name '{w}':\n{text}"
        );
    }
}

fn nl<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["--lang", "nl"];
    a.extend_from_slice(args);
    a
}

#[test]
fn the_most_used_commands_speak_dutch() {
    let s = TestStore::new();
    // Names and file names are the user's: a case "C-1", a file "voice.opus" and the
    // store's own values (codec, format) may look English.
    let names = [
        "c-1", "c-2", "voice", "opus", "ogg", "maria", "lea", "wim", "leo", "wendy",
    ];

    let out = s.ok(
        "wim",
        &nl(&[
            "import",
            fixture("voice.opus").to_str().expect("path"),
            "--case",
            "C-1",
            "--received-by",
            "wim",
            "--channel",
            "upload",
        ]),
    );
    assert!(out.contains("ingelezen in zaak C-1"), "{out}");
    dutch_only("import", &out, &names);

    // By phone: the worker's phone holds a copy.
    let out = s.ok(
        "wim",
        &nl(&[
            "import",
            fixture("voice.opus").to_str().expect("path"),
            "--case",
            "C-2",
            "--received-by",
            "wim",
            "--channel",
            "phone",
        ]),
    );
    assert!(
        out.contains("De telefoon van wim staat bij elk item als kopie"),
        "{out}"
    );
    assert!(
        out.contains("Dezelfde opname is al item 1 (zaak C-1)"),
        "{out}"
    );
    dutch_only("import by phone", &out, &names);

    let out = s.ok("wim", &nl(&["queue"]));
    assert!(out.contains("telefoon"), "{out}");
    assert!(
        out.contains("ONTVANGEN") && out.contains("ontvangen"),
        "{out}"
    );
    dutch_only("queue", &out, &names);
    let out = s.ok("wim", &nl(&["queue", "--page", "1"]));
    dutch_only("queue --page", &out, &names);
    let out = s.ok("wim", &nl(&["queue", "--page", "9"]));
    assert_eq!(out.trim(), "Pagina 9 is leeg.");

    let out = s.ok("wim", &nl(&["show", "1"]));
    assert!(
        out.contains("Slot:") && out.contains("[vergrendeld]"),
        "{out}"
    );
    // Seconds with a decimal comma: "0,0 s van 20,0 s gebruikt".
    assert!(out.contains(",0 s van "), "{out}");
    dutch_only("show", &out, &names);

    let out = s.ok(
        "wim",
        &nl(&[
            "describe",
            "1",
            "--sender",
            "Maria",
            "--subject",
            "Maria:parent",
            "--purpose",
            "zorgen over thuis",
        ]),
    );
    assert!(out.starts_with("Item 1 beschreven; fase: "), "{out}");
    dutch_only(
        "describe",
        &out,
        &[&names[..], &["zorgen", "thuis"]].concat(),
    );
    let out = s.ok("wim", &nl(&["show", "1"]));
    assert!(out.contains("Betrokkene Maria (ouder)"), "{out}");
    dutch_only(
        "show (described)",
        &out,
        &[&names[..], &["zorgen", "thuis"]].concat(),
    );

    let out = s.ok("lea", &nl(&["team", "list"]));
    assert!(out.starts_with("NAAM"), "{out}");
    assert!(
        out.contains("teamleider") && out.contains("medewerker"),
        "{out}"
    );
    dutch_only(
        "team list",
        &out,
        &[
            &names[..],
            &[
                "bakker",
                "groot",
                "smit",
                "visser",
                "jeugd",
                "jeugdconsulent",
                "gezinscoach",
                "de",
            ],
        ]
        .concat(),
    );
    let out = s.ok("lea", &nl(&["team", "add", "bob", "--role", "lead"]));
    assert!(out.contains("bob toegevoegd als teamleider."), "{out}");
    dutch_only("team add", &out, &["bob"]);

    let out = s.ok("wim", &nl(&["whoami"]));
    dutch_only("whoami", &out, &names);

    let out = s.ok(
        "wim",
        &nl(&["access", "request", "1", "--subject", "Maria"]),
    );
    assert!(
        out.starts_with("Inzageverzoek 1 van Maria voor item 1 geopend"),
        "{out}"
    );
    dutch_only("access request", &out, &names);
    let out = s.ok("wim", &nl(&["access", "list"]));
    dutch_only("access list", &out, &names);

    let out = s.ok("wim", &nl(&["due"]));
    assert!(out.contains("inzageverzoek"), "{out}");
    dutch_only("due", &out, &names);

    let out = s.ok("wim", &nl(&["escalate", "1", "--reason", "hulp"]));
    dutch_only("escalate", &out, &["hulp"]);
    let out = s.ok("lea", &nl(&["assign", "1", "--to", "wendy"]));
    dutch_only("assign", &out, &names);
}

#[test]
fn a_dutch_locale_gives_the_same_words_and_json_does_not_change() {
    let s = TestStore::new();
    s.import("voice.opus");
    let by_flag = s.ok("wim", &nl(&["queue"]));
    let o = s
        .command("wim", &["queue"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .expect("run earshot");
    assert_ok(&o, &["queue"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), by_flag);
    // English stays English.
    let en = s.ok("wim", &["queue"]);
    assert!(en.contains("RECEIVED") && en.contains("received"), "{en}");
    let out = s.ok("wim", &["show", "1"]);
    assert!(out.contains("Preview    0.0 s of 20 s used"), "{out}");

    for args in [
        &["queue"][..],
        &["show", "1"],
        &["team", "list"],
        &["due"],
        &["whoami"],
    ] {
        let en = s.json("wim", args);
        let nl = s.json("wim", &nl(args));
        assert_eq!(en, nl, "{args:?}: --json differs in Dutch");
    }
}
