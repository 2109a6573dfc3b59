//! What the commands print for people, in Dutch when they run in Dutch (`--lang nl` or a Dutch
//! locale): no English word from the list below, no internal name, seconds with a decimal
//! comma. `--json` stays the same in either language.

mod common;

use common::*;

/// Checks that `text` (what `what` printed) reads as Dutch: no English word, no internal
/// name, no decimal point (the project's one list, `core::wording`). The tests' data (names,
/// purposes) is Dutch, so whatever is found came from earshot.
fn dutch_only(what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what} printed nothing");
    let found = earshot::core::wording::not_dutch(text);
    assert!(found.is_empty(), "{what} is not Dutch: {found:?}\n{text}");
}

fn nl<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["--lang", "nl"];
    a.extend_from_slice(args);
    a
}

#[test]
fn the_most_used_commands_speak_dutch() {
    let s = TestStore::new();

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
    dutch_only("import", &out);

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
    dutch_only("import by phone", &out);

    let out = s.ok("wim", &nl(&["queue"]));
    assert!(out.contains("telefoon"), "{out}");
    assert!(
        out.contains("ONTVANGEN") && out.contains("ontvangen"),
        "{out}"
    );
    dutch_only("queue", &out);
    let out = s.ok("wim", &nl(&["queue", "--page", "1"]));
    dutch_only("queue --page", &out);
    let out = s.ok("wim", &nl(&["queue", "--page", "9"]));
    assert_eq!(out.trim(), "Pagina 9 is leeg.");

    let out = s.ok("wim", &nl(&["show", "1"]));
    assert!(
        out.contains("Slot:") && out.contains("[vergrendeld]"),
        "{out}"
    );
    // Seconds with a decimal comma: "0,0 s van 20,0 s gebruikt".
    assert!(out.contains(",0 s van "), "{out}");
    // One channel, in the singular.
    assert!(
        out.contains("via upload") && out.contains(" 1 kanaal,"),
        "{out}"
    );
    dutch_only("show", &out);

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
    dutch_only("describe", &out);
    let out = s.ok("wim", &nl(&["show", "1"]));
    assert!(out.contains("Betrokkene Maria (ouder)"), "{out}");
    dutch_only("show (described)", &out);

    let out = s.ok("lea", &nl(&["team", "list"]));
    assert!(out.starts_with("NAAM"), "{out}");
    assert!(
        out.contains("teamleider") && out.contains("medewerker"),
        "{out}"
    );
    dutch_only("team list", &out);
    let out = s.ok("lea", &nl(&["team", "add", "bob", "--role", "lead"]));
    assert!(out.contains("bob toegevoegd als teamleider."), "{out}");
    dutch_only("team add", &out);

    let out = s.ok("wim", &nl(&["whoami"]));
    dutch_only("whoami", &out);

    let out = s.ok(
        "wim",
        &nl(&["access", "request", "1", "--subject", "Maria"]),
    );
    assert!(
        out.starts_with("Inzageverzoek 1 van Maria voor item 1 geopend"),
        "{out}"
    );
    dutch_only("access request", &out);
    let out = s.ok("wim", &nl(&["access", "list"]));
    dutch_only("access list", &out);

    let out = s.ok("wim", &nl(&["due"]));
    assert!(out.contains("inzageverzoek"), "{out}");
    dutch_only("due", &out);

    let out = s.ok("wim", &nl(&["escalate", "1", "--reason", "hulp"]));
    dutch_only("escalate", &out);
    let out = s.ok("lea", &nl(&["assign", "1", "--to", "wendy"]));
    dutch_only("assign", &out);
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

/// Runs `args` as `user` in a Dutch locale, with `input` on standard input, and gives what it
/// printed. For the commands whose own `--lang` is the language of the document they write
/// (letter, delete, certificate): the person's language is then the locale's.
fn ok_in_dutch_locale(s: &TestStore, user: &str, args: &[&str], input: &str) -> String {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut c = s.command(user, args);
    c.env("LANG", "nl_NL.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn earshot");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    let o = child.wait_with_output().expect("wait earshot");
    assert_ok(&o, args);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes `text` to a file in the test's directory and gives its path.
fn text_file(s: &TestStore, name: &str, text: &str) -> String {
    let p = s.tmp.path().join(name);
    std::fs::write(&p, text).expect("write text file");
    p.to_str().expect("path").to_string()
}

#[test]
fn letters_complaints_erasure_copies_and_deletion_speak_dutch() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    s.ok(
        "wim",
        &[
            "describe",
            &id,
            "--sender",
            "Jan Jansen",
            "--subject",
            "Maria Jansen:parent",
            "--purpose",
            "zorgen over thuis",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "om de veiligheid van de kinderen thuis te beoordelen",
        ],
    );

    let brieven = s.tmp.path().join("brieven");
    std::fs::create_dir(&brieven).expect("folder for the letter");
    let brief = brieven.join("brief.md");
    let out = ok_in_dutch_locale(
        &s,
        "wim",
        &[
            "letter",
            &id,
            "--subject",
            "Maria Jansen",
            "--kind",
            "notification",
            "--out",
            brief.to_str().expect("path"),
        ],
        "",
    );
    assert!(
        out.starts_with("Brief 1 aan Maria Jansen geschreven naar "),
        "{out}"
    );
    assert!(out.contains("(Nederlands, md); reageren vóór "), "{out}");
    dutch_only("letter", &out);
    // The proofs written with it, checked with the log's key: each entry in words.
    let key = s.json("wim", &["audit", "key"])["key"]
        .as_str()
        .expect("key")
        .to_string();
    let out = s.ok(
        "wim",
        &nl(&[
            "verify-proof",
            brieven.to_str().expect("path"),
            "--key",
            &key,
        ]),
    );
    assert!(out.contains("bewijzen kloppen"), "{out}");
    assert!(!out.contains("niet kan lezen"), "{out}");
    dutch_only("verify-proof", &out);

    let reactie = text_file(&s, "reactie.txt", "Ik ben het hier niet mee eens.");
    let out = s.ok(
        "wim",
        &nl(&[
            "respond",
            &id,
            "--subject",
            "Maria Jansen",
            "--text-file",
            &reactie,
        ]),
    );
    assert!(out.contains("Ontvangst bevestigen vóór "), "{out}");
    dutch_only("respond", &out);

    let klacht = text_file(
        &s,
        "klacht.txt",
        "De medewerker luisterde zonder het te zeggen.",
    );
    let out = s.ok(
        "lea",
        &nl(&[
            "complaint",
            "add",
            "--from",
            "Maria Jansen",
            "--item",
            &id,
            "--text-file",
            &klacht,
        ]),
    );
    assert!(
        out.starts_with("Klacht 2 geregistreerd.\nKlacht 2 — klacht — open"),
        "{out}"
    );
    dutch_only("complaint add", &out);
    let out = s.ok("lea", &nl(&["complaint", "ack", "2"]));
    assert!(out.contains("bevestigd op "), "{out}");
    dutch_only("complaint ack", &out);
    let ontvangst = s.tmp.path().join("ontvangst.md");
    let out = ok_in_dutch_locale(
        &s,
        "lea",
        &[
            "letter",
            "--complaint",
            "2",
            "--kind",
            "complaint-ack",
            "--out",
            ontvangst.to_str().expect("path"),
        ],
        "",
    );
    assert!(
        out.starts_with("Brief met de ontvangstbevestiging over klacht 2"),
        "{out}"
    );
    dutch_only("letter about a complaint", &out);
    let out = s.ok(
        "lea",
        &nl(&[
            "complaint",
            "extend",
            "2",
            "--reason",
            "het gesprek is later",
        ]),
    );
    assert!(out.contains("(uitgesteld, eerst "), "{out}");
    dutch_only("complaint extend", &out);
    let verslag = text_file(&s, "verslag.txt", "Moeder is gehoord en legde alles uit.");
    let out = s.ok(
        "lea",
        &nl(&[
            "complaint",
            "hear",
            "2",
            "--by",
            "leo",
            "--notes-file",
            &verslag,
        ]),
    );
    assert!(out.contains("Gehoord "), "{out}");
    dutch_only("complaint hear", &out);
    let out = s.ok(
        "leo",
        &nl(&[
            "complaint",
            "close",
            "2",
            "--outcome",
            "gegrond; excuses gemaakt",
        ]),
    );
    assert!(out.contains("gesloten"), "{out}");
    dutch_only("complaint close", &out);
    let out = s.ok_stdin(
        "wim",
        &nl(&[
            "complaint",
            "downgrade",
            "1",
            "--approved-by",
            "leo",
            "--reason",
            "zij vraagt alleen uitleg",
            "--pin-stdin",
        ]),
        "654321\n",
    );
    assert!(out.contains("informatieverzoek"), "{out}");
    dutch_only("complaint downgrade", &out);
    for args in [&["complaint", "list"][..], &["complaint", "show", "1"]] {
        let out = s.ok("lea", &nl(args));
        dutch_only(&args.join(" "), &out);
    }

    for args in [
        &["erasure", "request", &id, "--subject", "Maria Jansen"][..],
        &[
            "erasure",
            "extend",
            &id,
            "--subject",
            "Maria Jansen",
            "--reason",
            "er zijn veel opnamen",
        ],
        &["erasure", "list"],
    ] {
        let out = s.ok("wim", &nl(args));
        dutch_only(&args.join(" "), &out);
    }
    let out = s.ok(
        "lea",
        &nl(&[
            "erasure",
            "decide",
            &id,
            "--subject",
            "Maria Jansen",
            "--granted",
            "--reason",
            "geen reden om te bewaren",
        ]),
    );
    assert!(out.starts_with("Wissing toegewezen"), "{out}");
    dutch_only("erasure decide", &out);

    let out = s.ok(
        "wim",
        &nl(&["copy", "add", &id, "--where", "usb-stick van wim"]),
    );
    assert!(out.starts_with("Kopie 2 van item 1 vastgelegd"), "{out}");
    dutch_only("copy add", &out);
    let out = s.ok("wim", &nl(&["copy", "confirm", "2", "--by", "wim"]));
    dutch_only("copy confirm", &out);
    let out = s.ok("wim", &nl(&["copy", "list", &id]));
    // The copy earshot registered itself is named in Dutch.
    assert!(out.contains("telefoon van wim (WhatsApp)"), "{out}");
    assert!(out.contains("NOG NIET GEWIST"), "{out}");
    dutch_only("copy list", &out);
    let out = s.ok("wim", &nl(&["copy", "list"]));
    dutch_only("copy list (all items)", &out);

    let out = ok_in_dutch_locale(
        &s,
        "lea",
        &[
            "delete",
            &id,
            "--reason",
            "verzoek om wissing toegewezen",
            "--requested-by",
            "Maria Jansen",
            "--approved-by",
            "leo",
            "--pin-stdin",
        ],
        "654321\n",
    );
    assert!(out.starts_with("Item 1 vernietigd"), "{out}");
    dutch_only("delete", &out);
    let out = ok_in_dutch_locale(&s, "lea", &["certificate", &id, "--force"], "");
    assert!(
        out.starts_with("Verklaring van vernietiging van item 1"),
        "{out}"
    );
    dutch_only("certificate", &out);
}

#[test]
fn requests_to_the_leads_and_approvals_speak_dutch() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let out = s.ok("lea", &nl(&["escalations"]));
    assert_eq!(out.trim(), "Er staat geen verzoek aan de teamleiders open.");
    s.ok(
        "wim",
        &nl(&["escalate", &id, "--reason", "graag meekijken"]),
    );
    s.ok("wim", &nl(&["escalate", &id, "--reason", "nog een vraag"]));
    let out = s.ok("lea", &nl(&["escalations"]));
    assert!(out.contains("gevraagd door wim op "), "{out}");
    dutch_only("escalations", &out);
    let out = s.ok("lea", &nl(&["resolve", "1"]));
    assert_eq!(out.trim(), "Verzoek 1 over item 1 afgehandeld.");
    let out = s.ok(
        "lea",
        &nl(&["dismiss", "2", "--reason", "staat al in het dossier"]),
    );
    dutch_only("dismiss", &out);
    let out = s.ok("lea", &nl(&["escalations", "--all"]));
    assert!(
        out.contains("Afgewezen door lea: staat al in het dossier."),
        "{out}"
    );
    dutch_only("escalations --all", &out);

    let out = s.ok("leo", &nl(&["approvals"]));
    assert_eq!(out.trim(), "Er wacht niets op goedkeuring.");
    // A lead widens the preview: another lead answers from their own session.
    for answer in [&["decline", "--reason", "liever niet"][..], &["approve"]] {
        let mut c = s.command(
            "lea",
            &["settings", "preview_cap_s", "40", "--wait-s", "60"],
        );
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let child = c.spawn().expect("spawn earshot");
        let request = s.wait_for_request("leo", "lea");
        let out = s.ok("leo", &nl(&["approvals"]));
        assert!(
            out.contains("preview_cap_s op 40 zetten, gevraagd door lea op "),
            "{out}"
        );
        dutch_only("approvals", &out);
        let rid = request["id"].to_string();
        let mut a = vec![answer[0], rid.as_str()];
        a.extend(&answer[1..]);
        let out = s.ok("leo", &nl(&a));
        dutch_only(answer[0], &out);
        child.wait_with_output().expect("wait earshot");
    }
}

#[test]
fn the_log_settings_keys_listening_and_chat_imports_speak_dutch() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();

    let out = s.ok_stdin(
        "leo",
        &nl(&[
            "preview",
            &id,
            "--seconds",
            "1.5",
            "--from",
            "0:01",
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--sink",
            "null",
        ]),
        "123456\n",
    );
    assert!(
        out.starts_with("Item 1: 1,5 s gehoord (0:01–0:02)"),
        "{out}"
    );
    assert!(
        out.contains("Fragmenttijd over voor dit item: 18,5 s."),
        "{out}"
    );
    dutch_only("preview", &out);

    for (who, args) in [
        ("lea", &["settings"][..]),
        ("lea", &["doctor"]),
        ("wim", &["audit", "log"]),
        ("wim", &["audit", "verify"]),
        ("wim", &["audit", "prove", "1"]),
        ("lea", &["key", "list"]),
        ("lea", &["key", "rotate"]),
    ] {
        let out = s.ok(who, &nl(args));
        dutch_only(&args.join(" "), &out);
    }
    let out = s.ok("wim", &nl(&["audit", "log"]));
    assert!(out.contains(" UTC  lea"), "{out}");
    let cp = s.tmp.path().join("controlepunt.txt");
    let out = s.ok(
        "wim",
        &nl(&["audit", "checkpoint", "--out", cp.to_str().expect("path")]),
    );
    assert!(out.starts_with("Controlepunt van "), "{out}");
    dutch_only("audit checkpoint", &out);
    let out = s.ok(
        "wim",
        &nl(&[
            "audit",
            "verify",
            "--checkpoint",
            cp.to_str().expect("path"),
        ]),
    );
    assert!(out.contains("bouwt voort op het controlepunt"), "{out}");
    dutch_only("audit verify --checkpoint", &out);

    let chat = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/whatsapp/android-nl.zip");
    let out = s.ok(
        "wim",
        &nl(&[
            "import-chat",
            chat.to_str().expect("path"),
            "--case",
            "C-2",
            "--received-by",
            "wim",
        ]),
    );
    assert!(out.starts_with("WhatsApp-export (Android, "), "{out}");
    dutch_only("import-chat", &out);
}

#[test]
fn the_doctors_findings_are_dutch() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let s = TestStore::new();
    s.import("voice.opus");
    // A loose mode, repaired, and said in Dutch (one item in the singular).
    std::fs::set_permissions(s.store_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = s.ok("lea", &nl(&["doctor"]));
    assert!(
        out.contains("was leesbaar voor anderen; nu alleen voor de opslag")
            && out.starts_with("1 item en "),
        "{out}"
    );
    dutch_only("doctor", &out);
    // A recording cut short: found, not repairable, in Dutch; the JSON keeps its English.
    let blob = std::fs::read_dir(s.store_dir().join("vault"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_file() && !p.to_string_lossy().contains("reserve"))
        .unwrap();
    let len = std::fs::metadata(&blob).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&blob)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let o = s.run("lea", &nl(&["doctor"]));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("PROBLEEM: de opname van item 1 is") && out.contains("ingekort of veranderd"),
        "{out}"
    );
    dutch_only("doctor", &out);
    let o = s.run("lea", &["doctor", "--json"]);
    assert_code(&o, 4, &["doctor"]);
    // The report, then the failure's own document.
    let v: serde_json::Value = serde_json::Deserializer::from_slice(&o.stdout)
        .into_iter()
        .next()
        .unwrap()
        .unwrap();
    assert!(
        v["findings"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("cut short or altered"),
        "{v}"
    );
}
