//! The case of the National Ombudsman's report 2018/048, replayed end to end, the way it should
//! have gone: seven recordings a father sent over WhatsApp to two workers; full playback refused
//! until he is asked what he sent, about whom and why; short previews only under a team
//! leader's supervision; the mother told they exist, by letter, before any use; her copy given
//! without his permission; her objection registered as a complaint with its deadline; a summary
//! for the child-protection table; deletion with both phones confirmed; and a final account of
//! every second anyone heard. A second replay is the team that cuts corners: each attempt
//! refused with its reason, or recorded as the law requires.
//!
//! The command line of this branch has no `preview`/`play` commands, so listening goes through
//! the library's accounting (`begin_preview`/`end_preview` with the supervisor's PIN,
//! `begin_play`/`record_heard`/`end_play`), on the same store the CLI uses.

mod common;

use std::collections::BTreeMap;

use common::*;
use earshot::store::{Store, StoreError, system_clock};

const CASE: &str = "KT-2016-048";
const FATHER: &str = "Jan de Vries";
const MOTHER: &str = "Maria de Vries";

fn lib(s: &TestStore) -> Store {
    s.open_with(system_clock()).unwrap()
}

fn import(s: &TestStore, worker: &str, files: &[std::path::PathBuf]) -> Vec<i64> {
    let mut args = vec!["import".to_string()];
    args.extend(files.iter().map(|f| f.to_str().unwrap().to_string()));
    args.extend(
        [
            "--case",
            CASE,
            "--received-by",
            worker,
            "--channel",
            "whatsapp",
            "--from",
            FATHER,
        ]
        .map(String::from),
    );
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    s.json(worker, &a)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn report_2018_048_end_to_end() {
    let s = TestStore::new();
    let t = s.tmp.path();

    // --- Seven recordings arrive over WhatsApp, on the phones of two workers.
    let mut files = Vec::new();
    for n in 1..=7u32 {
        let p = t.join(format!("ruzie-{n}.wav"));
        write_wav(&p, 3 + n % 3, u64::from(n));
        files.push(p);
    }
    let mut items = import(&s, "wim", &files[..4]);
    items.extend(import(&s, "wendy", &files[4..]));
    assert_eq!(items, vec![1, 2, 3, 4, 5, 6, 7]);
    let durations: BTreeMap<i64, u64> = items
        .iter()
        .map(|i| {
            let v = s.json("wim", &["show", &i.to_string()]);
            (
                *i,
                (v["duration_s"].as_f64().unwrap() * 1000.0).round() as u64,
            )
        })
        .collect();
    // Each import registered the phone it arrived on: wim's for items 1-4, wendy's for 5-7.
    for i in &items {
        let v = s.json("wim", &["copy", "list", &i.to_string()]);
        let phone = if *i <= 4 { "wim" } else { "wendy" };
        assert_eq!(
            v["copies"][0]["location"],
            format!("phone of {phone} (WhatsApp)"),
            "item {i}"
        );
        assert_eq!(v["copies_outstanding"], 1, "item {i}");
    }
    // Both phones hold every recording: the team registers wendy's for item 1 at once (copy 8).
    let v = s.json(
        "wim",
        &["copy", "add", "1", "--where", "phone of wendy (WhatsApp)"],
    );
    assert_eq!(v["copy"], 8);

    // The ranges every listening should end up accounting for, per item (milliseconds).
    let mut heard: BTreeMap<i64, Vec<(u64, u64)>> = BTreeMap::new();
    let mut st = lib(&s);

    // --- Full playback before asking the father anything: refused, and logged.
    let err = st.begin_play("wim", 1, "null").unwrap_err();
    assert!(
        matches!(err, StoreError::Refused { .. }),
        "full playback must be refused: {err}"
    );
    assert!(err.to_string().contains("sender"), "{err}");
    // Further use too (through the CLI: exit 3).
    let summary = t.join("vto.txt");
    std::fs::write(
        &summary,
        "Vader meldt herhaalde, hevige ruzies tussen de ouders, deels in bijzijn van de kinderen.",
    )
    .unwrap();
    let use_args = [
        "use",
        "1",
        "--purpose",
        "verzoek tot onderzoek (VTO)",
        "--recipient",
        "Jeugdbeschermingstafel",
        "--summary-file",
        summary.to_str().unwrap(),
    ];
    let err = s.fails("wim", &use_args, 3);
    assert!(err.contains("further use refused"), "{err}");

    // --- A short preview, only with a team leader present.
    let err = st
        .begin_preview(
            "wim",
            1,
            0,
            Some(3000),
            "wendy",
            &earshot::store::LeadProof::None,
            "null",
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err}");
    let p = st
        .begin_preview(
            "wim",
            1,
            0,
            Some(3000),
            "lea",
            &earshot::store::LeadProof::Pin("123456".into()),
            "null",
        )
        .unwrap();
    // They stop after 2.4 s and decide together how to go on.
    let (_, p) = st.open_preview(p).unwrap();
    st.end_preview(&p, 2400).unwrap();
    heard.entry(1).or_default().push((0, 2400));
    let p = st
        .begin_preview(
            "wendy",
            5,
            1000,
            Some(1500),
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    let (_, p) = st.open_preview(p).unwrap();
    st.end_preview(&p, 1500).unwrap();
    heard.entry(5).or_default().push((1000, 2500));
    drop(st);

    // --- The father is asked what he sent, about whom and why: his answers recorded.
    for i in &items {
        s.ok(
            "wim",
            &[
                "describe",
                &i.to_string(),
                "--sender",
                FATHER,
                "--subject",
                &format!("{MOTHER}:parent"),
                "--subject",
                "Sam de Vries:child",
                "--subject",
                "Eva de Vries:child",
                "--purpose",
                "wil laten horen hoe de ruzies thuis verlopen",
                "--secretly",
                "yes",
                "--legal-basis",
                "Jeugdwet art. 7.4.0",
                "--processing-purpose",
                "beoordelen of de kinderen veilig opgroeien",
            ],
        );
    }
    // Now full playback is open, and accounted range by range.
    let mut st = lib(&s);
    let p = st.begin_play("wim", 2, "null").unwrap();
    let (_, p) = st.open_play(p).unwrap();
    let d2 = durations[&2];
    st.record_heard(&p, 0, d2 / 2).unwrap();
    st.record_heard(&p, d2 / 2, d2).unwrap();
    assert_eq!(st.end_play(&p).unwrap(), vec![(0, d2)]);
    heard.entry(2).or_default().push((0, d2));
    let p = st.begin_play("wendy", 6, "null").unwrap();
    let (_, p) = st.open_play(p).unwrap();
    st.record_heard(&p, 500, 1800).unwrap();
    st.end_play(&p).unwrap();
    heard.entry(6).or_default().push((500, 1800));
    drop(st);

    // --- The mother is told, by letter, before anything is used.
    let letters = t.join("brieven");
    std::fs::create_dir(&letters).unwrap();
    for i in &items {
        let id = i.to_string();
        let f = letters.join(format!("brief-{i}.html"));
        let v = s.json(
            "wim",
            &[
                "letter",
                &id,
                "--subject",
                MOTHER,
                "--kind",
                "notification",
                "--lang",
                "nl",
                "--format",
                "html",
                "--out",
                f.to_str().unwrap(),
            ],
        );
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.contains(v["audit_head"].as_str().unwrap()));
        assert!(text.contains("zonder toestemming van iemand"));
        assert!(text.contains(FATHER));
        s.ok(
            "wim",
            &[
                "notify",
                &id,
                "--subject",
                MOTHER,
                "--notified",
                "--channel",
                "brief",
                "--letter",
                f.to_str().unwrap(),
            ],
        );
        // The children are told through their mother, once she has been.
        for child in ["Sam de Vries", "Eva de Vries"] {
            s.via_parent(&id, child, MOTHER);
        }
    }
    let letter1 = std::fs::read_to_string(letters.join("brief-1.html")).unwrap();
    assert!(
        letter1.contains("0:00–0:02 (2,4 s)"),
        "the preview, heard: {letter1}"
    );
    assert!(letter1.contains("lea"), "its supervisor");

    // --- She asks for the recordings: she gets them, without the father's permission.
    let copies_for_her = t.join("voor-maria");
    s.ok("wim", &["access", "request", "1", "--subject", MOTHER]);
    for i in &items {
        let v = s.json_stdin_ok(
            "wim",
            &[
                "access",
                "grant",
                &i.to_string(),
                "--subject",
                MOTHER,
                "--approved-by",
                "lea",
                "--identity-checked",
                "ID-kaart getoond aan de balie",
                "--pin-stdin",
                "--out",
                copies_for_her.to_str().unwrap(),
            ],
            "123456\n",
        );
        assert_eq!(v["consent_asked"], false);
        assert_eq!(v["verified"], true);
        let name = format!("ruzie-{i}.wav");
        assert_eq!(
            std::fs::read(copies_for_her.join(&name)).unwrap(),
            std::fs::read(t.join(&name)).unwrap()
        );
        let statement = std::fs::read_to_string(
            copies_for_her.join(format!("verwerkingsoverzicht-opname-{i}.md")),
        )
        .unwrap();
        assert!(statement.contains("zonder dat iemand anders om toestemming is gevraagd"));
        assert!(statement.contains("20 jaar"));
    }
    // Her first request was answered on time (it was opened today).
    let reqs = s.json("lea", &["access", "list", "1"]);
    assert_eq!(reqs[0]["status"], "granted");
    assert_eq!(reqs[0]["overdue"], false);

    // --- Her objection is a complaint, with its deadline; it cannot be waved away as "questions
    // about policy" by a worker.
    let objection = t.join("bezwaar.txt");
    std::fs::write(
        &objection,
        "Jullie hebben alle opnamen beluisterd zonder dat ik het wist. Dat is een schending van mijn privacy.",
    )
    .unwrap();
    let v = s.json(
        "wim",
        &[
            "respond",
            "1",
            "--subject",
            MOTHER,
            "--text-file",
            objection.to_str().unwrap(),
        ],
    );
    // Registered as a complaint without anyone asking for it.
    let complaint = v["complaint"]["id"].as_i64().unwrap().to_string();
    let today = chrono::Utc::now().date_naive();
    // Six weeks, moved to the next working day when they end on a weekend or a public holiday
    // (Algemene termijnenwet).
    assert_eq!(
        v["complaint"]["decide_by"],
        earshot::core::calendar::statutory_deadline(today + chrono::Days::new(42)).to_string()
    );
    assert_eq!(v["complaint"]["kind"], "complaint");
    s.fails(
        "wim",
        &[
            "complaint",
            "downgrade",
            &complaint,
            "--approved-by",
            "wendy",
            "--reason",
            "vragen over beleid",
        ],
        3,
    );
    // Nor by the lead who handles her case, however sure he is that these are questions.
    s.ok("lea", &["assign", "1", "--to", "leo"]);
    let err = s.fails_stdin(
        "wim",
        &[
            "complaint",
            "downgrade",
            &complaint,
            "--approved-by",
            "leo",
            "--reason",
            "vragen over beleid",
            "--pin-stdin",
        ],
        "654321\n",
        3,
    );
    assert!(err.contains("handles the item"), "{err}");
    s.ok("lea", &["complaint", "ack", &complaint]);

    // --- A summary (never the recording) for the child-protection table. Not while she may
    // still answer the letter, nor while her complaint is open: the team waits, or a lead who is
    // not the worker approves going ahead and says why (report 2018/048: the summary went to
    // the table before she was heard).
    let err = s.fails("wim", &use_args, 3);
    assert!(
        err.contains("may reply until") && err.contains(&format!("complaint {complaint}")),
        "{err}"
    );
    let mut ahead = use_args.to_vec();
    ahead.extend([
        "--override-reason",
        "de tafel beslist morgen over een spoedmaatregel",
        "--approved-by",
    ]);
    let mut by_worker = ahead.clone();
    by_worker.extend(["wendy", "--wait-s", "0"]);
    s.fails("wim", &by_worker, 3);
    ahead.extend(["leo", "--pin-stdin"]);
    let v = s.json_stdin_ok("wim", &ahead, "654321\n");
    assert_eq!(v["inform_subjects_by"], today.to_string());
    assert_eq!(v["informed"][0], MOTHER);
    let log = s.json("lea", &["audit", "log", "--item", "1"]);
    let used = log
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["action"] == "item.use")
        .unwrap()
        .clone();
    assert_eq!(used["detail"]["went_ahead_by"], "leo", "{used}");

    // --- She asks for deletion; both phones are confirmed wiped, and she gets a certificate.
    // Each confirms their own phone; wim cannot confirm wendy's for her.
    s.ok("wim", &["copy", "confirm", "1", "--by", "wim"]);
    s.fails(
        "wim",
        &["copy", "confirm", "8", "--by", "wendy", "--wait-s", "0"],
        3,
    );
    s.ok("wendy", &["copy", "confirm", "8", "--by", "wendy"]);
    // Her phone held the others too: she registers where it was missing and confirms her own
    // (wim can confirm only his, with the deletion).
    for i in items.iter().filter(|i| **i != 1) {
        let id = i.to_string();
        let listed = s.json("wendy", &["copy", "list", &id]);
        let mine = listed["copies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["location"] == "phone of wendy (WhatsApp)")
            .map(|c| c["id"].to_string());
        let copy = match mine {
            Some(c) => c,
            None => s.json(
                "wendy",
                &["copy", "add", &id, "--where", "phone of wendy (WhatsApp)"],
            )["copy"]
                .to_string(),
        };
        s.ok("wendy", &["copy", "confirm", &copy, "--by", "wendy"]);
    }
    let certs = t.join("verklaringen");
    for i in &items {
        let id = i.to_string();
        let mut args = vec![
            "delete",
            id.as_str(),
            "--reason",
            "verzoek van moeder na afhandeling",
            "--requested-by",
            MOTHER,
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            certs.to_str().unwrap(),
        ];
        if *i != 1 {
            // Wim's phone: confirmed (or registered and confirmed) with the deletion.
            args.extend(["--copy", "phone of wim (WhatsApp)=wim"]);
        }
        let v = s.json_stdin_ok("wim", &args, "654321\n");
        assert_eq!(v["copies_outstanding"], 0, "item {i}");
        let copies = v["copies"].as_array().unwrap();
        let held: Vec<&serde_json::Value> = copies.iter().filter(|c| c["kind"] == "held").collect();
        assert_eq!(held.len(), 2, "item {i}: both phones, once each");
        assert!(held.iter().all(|c| !c["confirmed_by"].is_null()));
        // And her own copy, handed to her: listed, never outstanding.
        assert_eq!(copies.len(), 3, "item {i}: {copies:?}");
        assert_eq!(
            copies.iter().filter(|c| c["kind"] == "handed").count(),
            1,
            "item {i}"
        );
        let cert =
            std::fs::read_to_string(certs.join(format!("verklaring-vernietiging-opname-{i}.md")))
                .unwrap();
        assert!(
            cert.contains("telefoon van wim (WhatsApp)")
                && cert.contains("telefoon van wendy (WhatsApp)")
        );
        assert!(cert.contains("De verwijdering van alle bekende kopieën is bevestigd."));
    }
    assert!(
        s.json("lea", &["copy", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The embedded vault folder is empty (a store in PostgreSQL has none: `doctor --deep`
    // below reads its chunk rows).
    if s.database.is_none() {
        assert_eq!(
            std::fs::read_dir(s.store_dir().join("vault"))
                .unwrap()
                .count(),
            0
        );
    }

    // --- The final account: every second heard, by whom, supervised by whom.
    let r = s.json("lea", &["report", "--case", CASE, "--format", "json"]);
    let accounts = r["items"].as_array().unwrap();
    assert_eq!(accounts.len(), 7);
    let mut total = 0;
    for acc in accounts {
        let i = acc["item"].as_i64().unwrap();
        assert_eq!(acc["stage"], "deleted");
        let got: Vec<(u64, u64)> = acc["heard_ms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_u64().unwrap(), r[1].as_u64().unwrap()))
            .collect();
        let want = heard.get(&i).cloned().unwrap_or_default();
        assert_eq!(got, want, "item {i}");
        let sum: u64 = acc["listening"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["heard_ms"].as_u64().unwrap())
            .sum();
        assert_eq!(
            sum,
            want.iter().map(|(a, b)| b - a).sum::<u64>(),
            "item {i}"
        );
        total += sum;
        assert!(acc["deletion"]["approved_by"] == "leo");
        assert_eq!(
            acc["notifications"].as_array().unwrap().len(),
            0,
            "shredded"
        );
        assert!(
            acc["trail"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "letter.attach"),
            "item {i}: the letter went with the notification"
        );
    }
    assert_eq!(total, 2400 + 1500 + durations[&2] + 1300);
    let a1 = &accounts[0];
    assert_eq!(a1["listening"][0]["supervisor"], "lea");
    assert_eq!(a1["listening"][0]["user"], "wim");
    assert!(
        a1["trail"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "refused")
    );
    assert_eq!(a1["complaints"][0]["status"], "open");
    assert_eq!(a1["complaints"][0]["acknowledged_on"], today.to_string());
    // The use's summary went with the item; the register keeps when, for what and to whom
    // (AVG art. 19), and the log that it happened.
    let uses = a1["uses"].as_array().unwrap();
    assert_eq!(uses.len(), 1, "{a1}");
    assert_eq!(uses[0]["summary"], "", "{a1}");
    assert_eq!(uses[0]["summary_destroyed"], true, "{a1}");
    assert_eq!(uses[0]["recipient"], "Jeugdbeschermingstafel", "{a1}");
    assert!(
        a1["trail"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "item.use")
    );
    assert_eq!(a1["access_requests"][0]["status"], "granted");

    // The same account for people, ending with a head the log still extends.
    let md = s.ok("lea", &["report", "--case", CASE]);
    // Values in the Markdown are escaped (`full\_playback`); compare the text as it reads.
    let read = md.replace('\\', "");
    for w in [
        "# Account of case KT-2016-048",
        "0:00–0:02 (2.4 s)",
        "short preview",
        "full playback refused: ",
        "attached to a notification decision",
        "Deleted ",
    ] {
        assert!(read.contains(w), "{w}\n{md}");
    }
    let head = md
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("Audit head at the time of writing: `"))
        .and_then(|l| l.strip_suffix('`'))
        .unwrap()
        .to_string();
    assert_eq!(head, r["audit_head"]);
    s.ok("lea", &["audit", "verify", "--anchor", &head]);
    let html = s.ok("lea", &["report", "--case", CASE, "--format", "html"]);
    assert!(html.contains("<svg") && html.contains(&head));
    // Nothing of the family is left in the store.
    for (p, bytes) in s.all_files() {
        if p.starts_with(s.store_dir()) {
            for n in [FATHER, MOTHER, "Sam de Vries", "Vader meldt", "schending"] {
                assert!(!contains(&bytes, n.as_bytes()), "{} holds {n}", p.display());
            }
        }
    }
    s.ok("lea", &["doctor", "--deep"]);
    // Every entry the case wrote reads back as a typed event that writes the same detail text
    // (read from the embedded file; the PostgreSQL run checks the log with `audit verify`).
    if s.database.is_some() {
        s.ok("lea", &["audit", "verify"]);
        return;
    }
    let db = s.raw_db();
    let mut st = db
        .prepare("SELECT action, detail FROM audit ORDER BY seq")
        .unwrap();
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() > 30, "{} entries", rows.len());
    for (action, detail) in rows {
        let e = earshot::core::audit::Event::parse_text(&action, &detail)
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(e.action(), action);
        assert_eq!(e.detail().to_string(), detail, "{action}");
    }
}

/// The same case, replayed by a team that wants to cut corners (the list): every
/// attempt is refused with its reason, or recorded as the law requires.
#[test]
fn a_team_cutting_corners_in_case_2018_048_is_stopped_or_recorded_at_every_turn() {
    let s = TestStore::new();
    let t = s.tmp.path();
    let rec = t.join("ruzie-1.wav");
    write_wav(&rec, 8, 48);
    let id = import(&s, "wim", std::slice::from_ref(&rec))[0].to_string();
    let audit_len = |s: &TestStore| s.json("lea", &["audit", "log"]).as_array().unwrap().len();

    // The WhatsApp import registered the phone it came on: a copy to be deleted one day.
    let c = s.json("wim", &["copy", "list", &id]);
    assert_eq!(c["copies"][0]["location"], "phone of wim (WhatsApp)", "{c}");
    assert_eq!(c["copies"][0]["kind"], "held", "{c}");

    // A fresh preview allowance by importing it again into another case: shared, and said so.
    let o = s.run(
        "wendy",
        &[
            "import",
            rec.to_str().unwrap(),
            "--case",
            "KT-2016-049",
            "--received-by",
            "wendy",
            "--channel",
            "whatsapp",
            "--json",
        ],
    );
    assert_ok(&o, &["import again"]);
    let again: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        again[0]["same_recording"][0]["item"].to_string(),
        id,
        "{again}"
    );

    // The mother described as "other", and a child: both still owed a decision; no use.
    let describe = |mother_as: &str, processing_purpose: &str| {
        s.ok(
            "wim",
            &[
                "describe",
                &id,
                "--sender",
                FATHER,
                "--subject",
                &format!("{MOTHER}:{mother_as}"),
                "--subject",
                "Sam de Vries:child",
                "--purpose",
                "wil laten horen hoe het gaat",
                "--legal-basis",
                "Jeugdwet art. 7.4.0",
                "--processing-purpose",
                processing_purpose,
            ],
        )
    };
    describe("other", "x");
    let summary = t.join("samenvatting.txt");
    std::fs::write(&summary, "Vader meldt ruzies.").unwrap();
    let use_args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "use",
            &id,
            "--purpose",
            "verzoek tot onderzoek (VTO)",
            "--recipient",
            "Raad voor de Kinderbescherming",
            "--summary-file",
            summary.to_str().unwrap(),
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        a.extend(extra.iter().map(|a| a.to_string()));
        a
    };
    let refuse_use = |extra: &[&str]| {
        let a = use_args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        s.fails("wim", &a, 3)
    };
    let err = refuse_use(&[]);
    assert!(
        err.contains(MOTHER) && err.contains("Sam de Vries"),
        "{err}"
    );
    // A team's purpose of one word is no purpose: no letter, no use.
    assert!(err.contains("purpose"), "{err}");
    // Described again properly: she is a parent (the child is told through her, below).
    describe("parent", "beoordelen of de kinderen thuis veilig zijn");

    // Told "before" the recording came in: refused, nothing recorded.
    let before = audit_len(&s);
    let err = s.fails(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            MOTHER,
            "--notified",
            "--channel",
            "brief",
            "--on",
            "2016-01-01",
        ],
        2,
    );
    assert!(err.contains("lies before item"), "{err}");
    assert_eq!(audit_len(&s), before);

    // An exception as one lead and one word, approved by himself: refused on every count.
    let err = s.fails_stdin(
        "lea",
        &[
            "notify",
            &id,
            "--subject",
            MOTHER,
            "--exception",
            "--reason",
            "x",
            "--approved-by",
            "lea",
            "--pin-stdin",
        ],
        "123456\n",
        2,
    );
    assert!(
        err.contains("--ground") || err.contains("--review-on"),
        "{err}"
    );
    let review = days_ahead(30);
    let err = s.fails_stdin(
        "lea",
        &[
            "notify",
            &id,
            "--subject",
            MOTHER,
            "--exception",
            "--reason",
            "x",
            "--ground",
            "other",
            "--review-on",
            &review,
            "--approved-by",
            "lea",
            "--pin-stdin",
        ],
        "123456\n",
        3,
    );
    assert!(err.contains("another team leader"), "{err}");

    // The letter tells her she may answer before a date; the summary waits for it.
    let letter = t.join("brief.md");
    let l = s.json(
        "wim",
        &[
            "letter",
            &id,
            "--subject",
            MOTHER,
            "--kind",
            "notification",
            "--out",
            letter.to_str().unwrap(),
        ],
    );
    let reply_by = l["respond_by"].as_str().expect("a reply date").to_string();
    s.ok(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            MOTHER,
            "--notified",
            "--channel",
            "brief",
            "--letter",
            letter.to_str().unwrap(),
        ],
    );
    s.via_parent(&id, "Sam de Vries", MOTHER);
    let err = refuse_use(&[]);
    assert!(
        err.contains(&format!("may reply until {reply_by}")),
        "{err}"
    );

    // Her furious answer, filed without any flag: a complaint, in `due`; a lead cannot wave
    // it away alone.
    let angry = t.join("reactie.txt");
    std::fs::write(&angry, "Ik ben woedend dat jullie mijn privacy schenden.").unwrap();
    let r = s.json(
        "wim",
        &[
            "respond",
            &id,
            "--subject",
            MOTHER,
            "--text-file",
            angry.to_str().unwrap(),
        ],
    );
    assert_eq!(r["complaint"]["kind"], "complaint", "{r}");
    let complaint = r["complaint"]["id"].to_string();
    assert!(s.ok("lea", &["due"]).contains("omplaint"));
    let err = s.fails_stdin(
        "lea",
        &[
            "complaint",
            "downgrade",
            &complaint,
            "--approved-by",
            "lea",
            "--reason",
            "vragen over beleid",
            "--pin-stdin",
        ],
        "123456\n",
        3,
    );
    assert!(err.contains("team leader"), "{err}");
    assert_eq!(
        s.json("lea", &["complaint", "list"])[0]["kind"],
        "complaint"
    );
    // While it is open, the summary still waits, now for two reasons.
    let err = refuse_use(&[]);
    assert!(err.contains(&format!("complaint {complaint}")), "{err}");

    // Going ahead anyway takes a reason and another lead; wim's own say-so is not enough.
    let err = refuse_use(&[
        "--override-reason",
        "haast",
        "--approved-by",
        "wim",
        "--wait-s",
        "0",
    ]);
    assert!(err.contains("not a team leader"), "{err}");
    let a = use_args(&[
        "--override-reason",
        "de tafel beslist morgen over een spoedmaatregel",
        "--approved-by",
        "leo",
        "--pin-stdin",
    ]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let used = s.json_stdin_ok("wim", &a, "654321\n");
    assert_eq!(used["use"], 1, "{used}");

    // She asks for her copy: it is registered as handed to her, and the deletion waits for
    // the request until it is answered or a reason is approved.
    s.ok("wim", &["access", "request", &id, "--subject", MOTHER]);
    let certs = t.join("verklaring");
    let delete = |extra: &[&str], code: i32| {
        let mut a = vec![
            "delete",
            id.as_str(),
            "--reason",
            "verzoek van de moeder",
            "--requested-by",
            MOTHER,
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            certs.to_str().unwrap(),
            "--json",
        ];
        a.extend_from_slice(extra);
        let o = s.run_stdin("wim", &a, "654321\n");
        assert_code(&o, code, &a);
        o
    };
    let o = delete(&[], 3);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("access request"),
        "{o:?}"
    );
    let out = t.join("voor-maria");
    s.json_stdin_ok(
        "wim",
        &[
            "access",
            "grant",
            &id,
            "--subject",
            MOTHER,
            "--approved-by",
            "leo",
            "--identity-checked",
            "paspoort getoond aan de balie",
            "--pin-stdin",
            "--out",
            out.to_str().unwrap(),
        ],
        "654321\n",
    );
    // The phone confirmed "by" wendy without her, or dated before it was registered: refused.
    s.fails(
        "wim",
        &["copy", "confirm", "1", "--by", "wendy", "--wait-s", "0"],
        3,
    );
    s.fails(
        "wim",
        &["copy", "confirm", "1", "--by", "wim", "--on", "2016-01-01"],
        2,
    );
    // Naming wendy's phone in the deletion does not confirm it for her either.
    delete(&["--copy", "phone of wendy=wendy"], 3);
    // Wim deletes, confirming his own phone (the registered copy, not a second one).
    let o = delete(&["--copy", "Phone of wim (WhatsApp)=wim"], 0);
    let cert: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let held: Vec<&serde_json::Value> = cert["copies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "held")
        .collect();
    assert_eq!(held.len(), 1, "one phone, once: {cert}");
    assert_eq!(held[0]["confirmed_by"], "wim");
    assert!(
        cert["copies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "handed"),
        "her copy is listed: {cert}"
    );

    // After the deletion the team can still say to whom it gave a summary, and the
    // certificate names them (AVG art. 19); the summary itself is gone.
    let shown = s.json("lea", &["show", &id]);
    assert_eq!(
        shown["uses"][0]["recipient"],
        "Raad voor de Kinderbescherming"
    );
    assert_eq!(shown["uses"][0]["summary_destroyed"], true);
    let again = s.json(
        "lea",
        &[
            "certificate",
            &id,
            "--out",
            t.join("opnieuw").to_str().unwrap(),
        ],
    );
    let md = std::fs::read_to_string(again["certificate"]["md"].as_str().unwrap()).unwrap();
    assert!(md.contains("Raad voor de Kinderbescherming"), "{md}");
    assert!(md.contains("AVG art. 19"), "{md}");
    assert!(
        !md.contains("Vader meldt"),
        "the summary is not in it: {md}"
    );
}
