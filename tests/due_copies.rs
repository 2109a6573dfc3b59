//! Copies that add up (the Ombudsman's failure 6): every copy of a recording outside the store
//! is registered where it is made, a deletion confirms the copy that is registered instead of
//! adding a second one, only the member a copy is of confirms its deletion (or approves it),
//! never for a day before it was registered, the certificate can be issued again with every
//! confirmation so far, and the processing statement lists the copies.

mod common;

use common::*;
use earshot::store::{LeadProof, StoreError, system_clock};
use serde_json::Value;

/// Imports fixture `name` into case C-1 as `wim`, received by `receiver` over `channel`.
fn import_by(s: &TestStore, name: &str, receiver: &str, channel: &str) -> i64 {
    let f = fixture(name);
    let v = s.json(
        "wim",
        &[
            "import",
            f.to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            receiver,
            "--channel",
            channel,
        ],
    );
    v[0]["id"].as_i64().unwrap()
}

fn copies(s: &TestStore, item: i64) -> Value {
    s.json("lea", &["copy", "list", &item.to_string()])
}

fn list(v: &Value) -> &Vec<Value> {
    v["copies"].as_array().unwrap()
}

/// The entries of the log about `item`.
fn log_of(s: &TestStore, item: i64) -> Vec<Value> {
    s.json("lea", &["audit", "log", "--item", &item.to_string()])
        .as_array()
        .unwrap()
        .clone()
}

/// Grants Maria Jansen access to a described item (approved by lea in person) into `out`.
fn grant(s: &TestStore, item: i64, out: &std::path::Path, lang: &str) -> Value {
    s.json_stdin_ok(
        "wim",
        &[
            "access",
            "grant",
            &item.to_string(),
            "--subject",
            "Maria Jansen",
            "--approved-by",
            "lea",
            "--identity-checked",
            "ID card shown at the office",
            "--pin-stdin",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ],
        "123456\n",
    )
}

fn delete(s: &TestStore, item: i64, out: &std::path::Path, extra: &[&str]) -> Value {
    let id = item.to_string();
    let mut a = vec![
        "delete",
        id.as_str(),
        "--reason",
        "verzoek van de moeder",
        "--requested-by",
        "Maria Jansen",
        "--approved-by",
        "leo",
        "--pin-stdin",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ];
    a.extend_from_slice(extra);
    s.json_stdin_ok("wim", &a, "654321\n")
}

#[test]
fn an_import_by_whatsapp_sms_or_phone_registers_the_receivers_phone_and_no_other_does() {
    let s = TestStore::new();
    let by_phone = [
        ("voice.opus", "whatsapp", "phone of wendy (WhatsApp)"),
        ("voice.m4a", "sms", "phone of wendy (SMS)"),
        ("voice.mp3", "phone", "phone of wendy (phone call)"),
    ];
    for (file, channel, place) in by_phone {
        let id = import_by(&s, file, "wendy", channel);
        let v = copies(&s, id);
        let c = list(&v);
        assert_eq!(c.len(), 1, "{channel}: {v}");
        assert_eq!(c[0]["location"], place);
        assert_eq!(c[0]["kind"], "held");
        assert_eq!(c[0]["registered_by"], "wim");
        assert!(c[0]["confirmed_by"].is_null());
        assert_eq!(v["copies_outstanding"], 1);
        // In the import's own transaction: the entry right after the import's, at its time.
        let log = log_of(&s, id);
        let import = log
            .iter()
            .position(|e| e["action"] == "item.import")
            .unwrap();
        let copy = &log[import + 1];
        assert_eq!(copy["action"], "copy.register", "{log:#?}");
        assert_eq!(copy["at"], log[import]["at"]);
        // Held is the default kind: the entry reads as before kinds.
        assert!(copy["detail"].get("kind").is_none(), "{copy}");
        // The channel is kept as its word.
        assert_eq!(
            s.json("lea", &["show", &id.to_string()])["channel"],
            channel
        );
    }
    for (file, channel) in [
        ("voice.wav", "email"),
        ("voice.ogg", "upload"),
        ("voice.flac", "other"),
    ] {
        let id = import_by(&s, file, "wendy", channel);
        assert!(list(&copies(&s, id)).is_empty(), "{channel}");
    }
    // Every phone copy is outstanding, and `due` says so.
    let due = s.json("lea", &["copy", "list"]);
    let counts: Vec<(i64, i64)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["item"].as_i64().unwrap(),
                d["copies_outstanding"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, vec![(1, 1), (2, 1), (3, 1)]);
    let flags = s.json("lea", &["due"]);
    let outstanding: i64 = flags["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["copies_outstanding"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(outstanding, 3, "{flags}");
    s.ok("lea", &["doctor"]);
}

#[test]
fn an_access_grant_registers_the_subjects_copy_as_handed_listed_and_never_outstanding() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let out = s.tmp.path().join("for-maria");
    let v = grant(&s, id, &out, "en");
    let request = v["request"]["id"].as_i64().unwrap();
    let c = copies(&s, id);
    let l = list(&c);
    assert_eq!(l.len(), 2, "the phone and her copy: {c}");
    assert_eq!(l[0]["kind"], "held");
    assert_eq!(l[1]["kind"], "handed");
    assert_eq!(
        l[1]["location"],
        format!("copy handed to the subject (access request {request})")
    );
    assert_eq!(l[1]["registered_by"], "wim");
    assert!(l[1]["confirmed_by"].is_null());
    // Never outstanding: only the phone is, in the list, in `due` and in the report.
    assert_eq!(c["copies_outstanding"], 1);
    assert_eq!(s.json("lea", &["due"])["items"][0]["copies_outstanding"], 1);
    let r = s.json("lea", &["report", &id.to_string(), "--format", "json"]);
    assert_eq!(r["copies_outstanding"], 1);
    // Never confirmed: it is hers (exit 2), and nothing changes.
    let handed = l[1]["id"].to_string();
    let err = s.fails("wim", &["copy", "confirm", &handed, "--by", "wim"], 2);
    assert!(err.contains("handed to the subject"), "{err}");
    assert!(list(&copies(&s, id))[1]["confirmed_by"].is_null());
    // Logged as handed, under her request, before the export is recorded.
    let log = log_of(&s, id);
    let reg = log
        .iter()
        .find(|e| e["action"] == "copy.register" && e["detail"]["kind"] == "handed")
        .unwrap();
    assert_eq!(reg["detail"]["request"], request);
    assert_eq!(log.last().unwrap()["action"], "access.exported");
    // Listed, never blocking: the item is deleted with her copy in the certificate.
    let certs = s.tmp.path().join("certs");
    let d = delete(&s, id, &certs, &["--copy", "phone of wim (WhatsApp)=wim"]);
    assert_eq!(d["copies_outstanding"], 0);
    let md =
        std::fs::read_to_string(certs.join(format!("deletion-certificate-item-{id}.md"))).unwrap();
    assert!(md.contains("handed to the subject on"), "{md}");
    assert!(
        md.contains("The deletion of every known copy is confirmed."),
        "{md}"
    );
    s.ok("lea", &["doctor"]);
}

#[test]
fn delete_copy_confirms_the_registered_phone_instead_of_adding_a_second() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let out = s.tmp.path().join("certs");
    // Case and spacing aside, the same place as the one the import registered; and a place
    // not registered yet.
    let v = delete(
        &s,
        id,
        &out,
        &[
            "--copy",
            "Phone of  WIM (whatsapp)=wim",
            "--copy",
            "laptop of wim=wim",
        ],
    );
    assert_eq!(v["copies_outstanding"], 0, "{v}");
    let c = v["copies"].as_array().unwrap();
    assert_eq!(c.len(), 2, "{v}");
    assert_eq!(c[0]["id"], 1);
    assert_eq!(c[0]["location"], "phone of wim (WhatsApp)");
    assert_eq!(c[0]["registered_by"], "wim");
    assert_eq!(c[0]["confirmed_by"], "wim");
    assert_eq!(c[1]["location"], "laptop of wim");
    assert_eq!(c[1]["confirmed_by"], "wim");
    let rows: i64 = s
        .raw_db()
        .query_row("SELECT COUNT(*) FROM copies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2, "never two rows for one phone");
    // The certificate lists the phone once, confirmed.
    let md =
        std::fs::read_to_string(out.join(format!("deletion-certificate-item-{id}.md"))).unwrap();
    assert_eq!(md.matches("phone of wim").count(), 1, "{md}");
    assert!(!md.contains("NOT YET CONFIRMED"), "{md}");
    assert!(
        md.contains("The deletion of every known copy is confirmed."),
        "{md}"
    );
    // One registration (the import's) and one confirmation for it in the log.
    let log = log_of(&s, id);
    let confirmed: Vec<&Value> = log
        .iter()
        .filter(|e| e["action"] == "copy.deleted" && e["detail"]["copy"] == 1)
        .collect();
    assert_eq!(confirmed.len(), 1);
    assert_eq!(confirmed[0]["detail"]["confirmed_by"], "wim");
    assert_eq!(
        log.iter()
            .filter(|e| e["action"] == "copy.register")
            .count(),
        2
    );
    s.ok("lea", &["doctor"]);
}

#[test]
fn confirming_a_copy_for_someone_else_needs_their_approval() {
    let s = TestStore::new();
    s.ok_stdin("wendy", &["team", "pin", "--pin-stdin"], "222222\n");
    let a = import_by(&s, "voice.opus", "wendy", "whatsapp");
    let b = import_by(&s, "voice.m4a", "wendy", "sms");
    let c = import_by(&s, "voice.mp3", "wendy", "phone");
    let confirmed_by = |item: i64| list(&copies(&s, item))[0]["confirmed_by"].clone();

    // Not answered: refused (exit 3), nothing confirmed. A lead is no exception.
    for who in ["wim", "lea"] {
        let err = s.fails(
            who,
            &["copy", "confirm", "1", "--by", "wendy", "--wait-s", "0"],
            3,
        );
        assert!(err.contains("wendy"), "{err}");
    }
    assert!(confirmed_by(a).is_null());
    // Through the library without her approval: refused by the gate, and logged.
    let mut st = s.open_with(system_clock()).unwrap();
    let err = st
        .confirm_copy_deleted("wim", 1, "wendy", None, &LeadProof::None)
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err}");
    drop(st);
    let last = log_of(&s, a).last().unwrap().clone();
    assert_eq!(last["action"], "refused");
    assert_eq!(last["detail"]["attempt"], "copy_confirm");
    assert_eq!(last["detail"]["missing"][0], "copy_owner_approval");
    // A wrong PIN: exit 2, nothing confirmed.
    s.fails_stdin(
        "wim",
        &["copy", "confirm", "1", "--by", "wendy", "--pin-stdin"],
        "999999\n",
        2,
    );
    assert!(confirmed_by(a).is_null());

    // Her PIN, typed here.
    s.ok_stdin(
        "wim",
        &["copy", "confirm", "1", "--by", "wendy", "--pin-stdin"],
        "222222\n",
    );
    assert_eq!(confirmed_by(a), "wendy");

    // Her answer from her own session: only she may give it, not a lead.
    let mut cmd = s.command("wim", &["copy", "confirm", "2", "--by", "wendy", "--json"]);
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let request = s.wait_for_request("wendy", "wim");
    assert_eq!(request["kind"], "copy");
    assert_eq!(request["lead"], "wendy");
    let rid = request["id"].to_string();
    s.fails("lea", &["approve", &rid], 3);
    s.ok("wendy", &["approve", &rid]);
    let o = child.wait_with_output().unwrap();
    assert_ok(&o, &["copy", "confirm", "2"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["confirmed_by"], "wendy");
    assert_eq!(confirmed_by(b), "wendy");
    let used = log_of(&s, b)
        .into_iter()
        .rfind(|e| e["action"] == "approval.use")
        .unwrap();
    assert_eq!(used["detail"]["approved_by"], "wendy");

    // Declined: exit 3, nothing confirmed.
    let (o, _) = s.answered(
        "wim",
        &["copy", "confirm", "3", "--by", "wendy"],
        "wendy",
        &["decline", "--reason", "still on my phone"],
    );
    assert_code(&o, 3, &["copy", "confirm", "3"]);
    assert!(confirmed_by(c).is_null());
    // For herself she needs nothing more.
    s.ok("wendy", &["copy", "confirm", "3", "--by", "wendy"]);
    assert_eq!(confirmed_by(c), "wendy");
    s.ok("lea", &["doctor"]);
}

#[test]
fn a_confirmation_dated_before_the_copy_was_registered_is_refused() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Days::new(1)).to_string();
    let before = log_of(&s, id).len();
    let err = s.fails(
        "wim",
        &["copy", "confirm", "1", "--by", "wim", "--on", &yesterday],
        2,
    );
    assert!(err.contains("before copy 1 was registered"), "{err}");
    let err = s.fails(
        "wim",
        &[
            "--lang", "nl", "copy", "confirm", "1", "--by", "wim", "--on", &yesterday,
        ],
        2,
    );
    assert!(err.contains("vóór de registratie van kopie 1"), "{err}");
    // Nothing changed, nothing logged; today is fine.
    assert!(list(&copies(&s, id))[0]["confirmed_by"].is_null());
    assert_eq!(log_of(&s, id).len(), before);
    let today = chrono::Utc::now().date_naive().to_string();
    s.ok(
        "wim",
        &["copy", "confirm", "1", "--by", "wim", "--on", &today],
    );
    assert_eq!(list(&copies(&s, id))[0]["deleted_on"], today);
}

#[test]
fn the_certificate_is_issued_again_with_every_confirmation_since_the_deletion() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let first = s.tmp.path().join("first");
    let v = delete(&s, id, &first, &[]);
    assert_eq!(v["copies_outstanding"], 1);
    let md =
        std::fs::read_to_string(first.join(format!("deletion-certificate-item-{id}.md"))).unwrap();
    assert!(md.contains("NOT YET CONFIRMED"), "{md}");
    assert!(
        md.contains("Copies whose deletion is not yet confirmed: 1"),
        "{md}"
    );
    // Wim wipes his phone after the deletion, and says so.
    s.ok("wim", &["copy", "confirm", "1", "--by", "wim"]);
    let again = s.tmp.path().join("again");
    let v = s.json(
        "lea",
        &[
            "certificate",
            &id.to_string(),
            "--out",
            again.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    assert_eq!(v["copies_outstanding"], 0);
    let md = std::fs::read_to_string(v["certificate"]["md"].as_str().unwrap()).unwrap();
    assert!(!md.contains("NOT YET CONFIRMED"), "{md}");
    assert!(
        md.contains("The deletion of every known copy is confirmed."),
        "{md}"
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(v["certificate"]["json"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(json["copies"][0]["confirmed_by"], "wim");
    assert_eq!(json["copies"][0]["kind"], "held");
    assert_eq!(json["copies_outstanding"], 0);
    // Into the first folder: only with --force, which replaces the outdated files.
    let id_s = id.to_string();
    let into_first = [
        "certificate",
        id_s.as_str(),
        "--out",
        first.to_str().unwrap(),
        "--lang",
        "en",
    ];
    let err = s.fails("lea", &into_first, 2);
    assert!(err.contains("--force"), "{err}");
    let mut forced = into_first.to_vec();
    forced.push("--force");
    s.ok("lea", &forced);
    let md =
        std::fs::read_to_string(first.join(format!("deletion-certificate-item-{id}.md"))).unwrap();
    assert!(!md.contains("NOT YET CONFIRMED"), "{md}");
    // And again, in Dutch, without --force into a new folder: each issue is logged.
    let nl = s.tmp.path().join("nl");
    s.ok(
        "lea",
        &[
            "certificate",
            &id.to_string(),
            "--out",
            nl.to_str().unwrap(),
        ],
    );
    let md = std::fs::read_to_string(nl.join(format!("verklaring-vernietiging-opname-{id}.md")))
        .unwrap();
    assert!(
        md.contains("De verwijdering van alle bekende kopieën is bevestigd."),
        "{md}"
    );
    let issued = log_of(&s, id)
        .iter()
        .filter(|e| e["action"] == "delete.certificate")
        .count();
    assert_eq!(issued, 4);
}

#[test]
fn the_processing_statement_lists_the_copies_in_dutch_and_in_english() {
    let s = TestStore::new();
    let a = s.import("voice.opus");
    let b = s.import("voice.m4a");
    for id in [a, b] {
        s.describe(id);
    }
    s.ok(
        "wim",
        &["copy", "add", &b.to_string(), "--where", "laptop of wim"],
    );
    s.ok("wim", &["copy", "confirm", "3", "--by", "wim"]);
    let out = s.tmp.path().join("for-maria");
    grant(&s, a, &out, "en");
    grant(&s, b, &out, "nl");
    let en =
        std::fs::read_to_string(out.join(format!("processing-statement-item-{a}.md"))).unwrap();
    assert!(en.contains("## Copies outside our system"), "{en}");
    let row = en
        .lines()
        .find(|l| l.contains("phone of wim (WhatsApp)"))
        .unwrap_or_else(|| panic!("{en}"));
    assert!(
        row.contains("to be deleted") && row.contains("NOT YET CONFIRMED"),
        "{row}"
    );
    let row = en
        .lines()
        .find(|l| l.contains("copy handed to the subject"))
        .unwrap_or_else(|| panic!("{en}"));
    assert!(row.contains("handed to the subject on"), "{row}");

    let nl =
        std::fs::read_to_string(out.join(format!("verwerkingsoverzicht-opname-{b}.md"))).unwrap();
    assert!(nl.contains("## Kopieën buiten ons systeem"), "{nl}");
    let row = nl
        .lines()
        .find(|l| l.contains("telefoon van wim (WhatsApp)"))
        .unwrap_or_else(|| panic!("{nl}"));
    assert!(
        row.contains("te vernietigen") && row.contains("NOG NIET BEVESTIGD"),
        "{row}"
    );
    let row = nl
        .lines()
        .find(|l| l.contains("laptop of wim"))
        .unwrap_or_else(|| panic!("{nl}"));
    assert!(row.contains("| wim |"), "confirmed by wim: {row}");
    assert!(!row.contains("NOG NIET BEVESTIGD"), "{row}");
    let row = nl
        .lines()
        .find(|l| l.contains("kopie aan de betrokkene gegeven (inzageverzoek"))
        .unwrap_or_else(|| panic!("{nl}"));
    assert!(row.contains("aan de betrokkene gegeven op"), "{row}");
    // Only the statement of item a lists a's copies.
    assert!(!en.contains("laptop of wim"), "{en}");
}
