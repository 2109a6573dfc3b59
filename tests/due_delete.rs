//! Deletion with a certificate: every known copy outside the store, copies outstanding, nothing
//! of the item left readable in the store, the chain intact; and retention.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;

const NAMES: [&str; 3] = ["Jozefien Hoogstraten", "Barend Wolters", "Kiki Hoogstraten"];
const SUMMARY: &str = "Vader meldt herhaalde ruzies in bijzijn van de kinderen";
const RESPONSE: &str = "Ik heb nooit toestemming gegeven voor deze opnamen";

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn write(s: &TestStore, name: &str, text: &str) -> String {
    let p = s.tmp.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// An item with everything due process keeps about it.
fn full_item(s: &TestStore) -> String {
    let id = s.import("voice.opus").to_string();
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
            "--purpose",
            "wil laten horen hoe de moeder tegen hem schreeuwt",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "beoordelen van de veiligheid van de kinderen",
        ],
    );
    s.ok(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            NAMES[0],
            "--notified",
            "--channel",
            "brief",
        ],
    );
    s.via_parent(&id, NAMES[2], NAMES[0]);
    let sum = write(s, "sum.txt", SUMMARY);
    s.ok(
        "wim",
        &[
            "use",
            &id,
            "--purpose",
            "VTO",
            "--recipient",
            "Raad voor de Kinderbescherming",
            "--summary-file",
            &sum,
        ],
    );
    let resp = write(s, "resp.txt", RESPONSE);
    s.ok(
        "wim",
        &[
            "respond",
            &id,
            "--subject",
            NAMES[0],
            "--text-file",
            &resp,
            "--complaint",
        ],
    );
    s.ok("wim", &["access", "request", &id, "--subject", NAMES[0]]);
    // The import registered wim's phone (it came by WhatsApp) as a copy outside the store.
    id
}

fn store_files(s: &TestStore) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    s.all_files()
        .into_iter()
        .filter(|(p, _)| {
            p.starts_with(s.store_dir()) || p.starts_with(s.key_file().parent().unwrap())
        })
        .collect()
}

#[test]
fn deletion_writes_a_certificate_listing_every_copy_and_leaves_nothing_readable() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = full_item(&s);
    let item: i64 = id.parse().unwrap();
    let wrapped: Vec<u8> = s
        .raw_db()
        .query_row("SELECT wrapped_key FROM items WHERE id = ?1", [item], |r| {
            r.get(0)
        })
        .unwrap();
    let out = s.tmp.path().join("cert");
    let o = out.to_str().unwrap();
    let del = |extra: &[&str]| {
        let mut a: Vec<String> = [
            "delete",
            &id,
            "--reason",
            "verzoek van de moeder",
            "--requested-by",
            NAMES[0],
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            o,
            "--lang",
            "en",
            // Her access request is still open: she asked for this deletion herself.
            "--override-reason",
            "de moeder vraagt zelf om vernietiging",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    // Bad input changes nothing: a malformed copy, a confirmer not on the team, an existing
    // certificate file, a non-lead approver.
    let before = s.json("lea", &["audit", "log"]).as_array().unwrap().len();
    for (extra, code) in [
        (vec!["--copy", "phone of wendy"], 2),
        (vec!["--copy", "phone of wendy=the father"], 2),
    ] {
        let a = del(&extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        s.fails_stdin("wim", &a, "654321\n", code);
    }
    assert_eq!(
        s.json("lea", &["audit", "log"]).as_array().unwrap().len(),
        before
    );
    // Wendy's phone is hers to confirm: named by wim, the deletion is refused (and logged).
    let theirs = del(&["--copy", "phone of wendy=wendy"]);
    let theirs: Vec<&str> = theirs.iter().map(String::as_str).collect();
    let err = s.fails_stdin("wim", &theirs, "654321\n", 3);
    assert!(err.contains("only wendy"), "{err}");
    let refused = s.json("lea", &["audit", "log"]);
    let last = refused.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "refused", "{last}");
    assert_eq!(
        last["detail"]["missing"][0], "copy_owner_approval",
        "{last}"
    );
    let before = s.json("lea", &["audit", "log"]).as_array().unwrap().len();
    std::fs::create_dir_all(&out).unwrap();
    let blocker = out.join("deletion-certificate-item-1.json");
    std::fs::write(&blocker, "{}").unwrap();
    let a = del(&["--copy", "laptop of wim=wim"]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let err = s.fails_stdin("wim", &a, "654321\n", 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        s.json("lea", &["audit", "log"]).as_array().unwrap().len(),
        before
    );
    assert_eq!(s.json("lea", &["show", &id])["stage"], "used");
    std::fs::remove_file(&blocker).unwrap();

    let v = s.json_stdin_ok("wim", &a, "654321\n");
    assert_eq!(v["deleted"], true);
    assert_eq!(v["copies_outstanding"], 1);
    let copies = v["copies"].as_array().unwrap();
    assert_eq!(copies.len(), 2, "the registered copy and the one given now");
    assert_eq!(copies[0]["location"], "phone of wim (WhatsApp)");
    assert!(copies[0]["confirmed_by"].is_null());
    assert_eq!(copies[1]["location"], "laptop of wim");
    assert_eq!(copies[1]["confirmed_by"], "wim");
    // The certificate: four private files, every copy, the request, the approval, the head.
    let md = out.join("deletion-certificate-item-1.md");
    let html = out.join("deletion-certificate-item-1.html");
    let json = out.join("deletion-certificate-item-1.json");
    let pdf = out.join("deletion-certificate-item-1.pdf");
    for p in [&md, &html, &json, &pdf] {
        assert_eq!(mode(p), 0o600, "{}", p.display());
    }
    assert_eq!(v["certificate"]["pdf"], pdf.to_str().unwrap());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let md = std::fs::read_to_string(md).unwrap();
    let html = std::fs::read_to_string(html).unwrap();
    let cert: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let head = v["audit_head"].as_str().unwrap();
    for t in [&md, &html] {
        for w in [
            "phone of wim",
            "laptop of wim",
            "NOT YET CONFIRMED",
            NAMES[0],
            "verzoek van de moeder",
            "leo",
            "voice.opus",
            head,
        ] {
            assert!(t.contains(w), "{w}\n{t}");
        }
        assert!(!t.contains("{{"));
    }
    assert_eq!(cert["approved_by"], "leo");
    assert_eq!(cert["requested_by"], NAMES[0]);
    assert_eq!(cert["copies"].as_array().unwrap().len(), 2);
    assert_eq!(cert["audit_head"], head);
    assert!(
        !cert["destroyed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d == "complaint_texts"),
        "a complaint is its author's record and outlives the recording"
    );
    // The head on the certificate is one the log extends; the chain verifies.
    s.ok("lea", &["audit", "verify", "--anchor", head]);
    s.ok("lea", &["doctor", "--deep"]);
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    assert_eq!(
        log.as_array().unwrap().last().unwrap()["action"],
        "delete.certificate"
    );

    // Nothing of the item is left readable in the store: no audio, no key, no names, no texts.
    let audio = std::fs::read(fixture("voice.opus")).unwrap();
    let mut needles: Vec<Vec<u8>> = vec![wrapped.clone(), audio[200..264].to_vec()];
    for t in NAMES.iter().chain([&SUMMARY, &RESPONSE]) {
        needles.push(t.as_bytes().to_vec());
    }
    for (p, bytes) in store_files(&s) {
        for n in &needles {
            assert!(
                !contains(&bytes, n),
                "{} still holds {:?}",
                p.display(),
                &n[..8]
            );
        }
    }
    // And the store itself, with its key, can no longer tell them.
    let report = s.ok("lea", &["report", &id, "--format", "json"]);
    let shown = s.ok("lea", &["show", &id, "--json"]);
    let complaints = s.ok("lea", &["complaint", "list", "--json"]);
    let access = s.ok("lea", &["access", "list", "--json"]);
    for t in [&shown, &access] {
        for w in NAMES.iter().chain([&SUMMARY, &RESPONSE, &"voice.opus"]) {
            assert!(!t.contains(w), "{w} still in {t}");
        }
    }
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    for w in [SUMMARY, RESPONSE, "voice.opus"] {
        assert!(
            !r["metadata"].to_string().contains(w)
                && !r["uses"].to_string().contains(w)
                && !r["responses"].to_string().contains(w),
            "{w} still in the report"
        );
    }
    // The complaint register keeps the complaint (its author's own record), still readable.
    assert_eq!(r["complaints"][0]["text_destroyed"], false);
    assert!(complaints.contains(NAMES[0]), "{complaints}");
    assert_eq!(
        r["complaints"][0]["status"], "open",
        "the complaint itself stays open"
    );
    assert_eq!(r["deletion"]["approved_by"], "leo");
    assert_eq!(r["copies_outstanding"], 1);

    // Copies outstanding: flagged until confirmed.
    let due = s.json("lea", &["due"]);
    let flags = &due["items"][0];
    assert_eq!(flags["copies_outstanding"], 1);
    let list = s.json("lea", &["copy", "list"]);
    assert_eq!(list[0]["copies_outstanding"], 1);
    s.fails(
        "wim",
        &["copy", "confirm", "1", "--by", "wim", "--on", "2999-01-01"],
        2,
    );
    s.ok("wim", &["copy", "confirm", "1", "--by", "wim"]);
    let list = s.json("lea", &["copy", "list", &id]);
    assert_eq!(list["copies_outstanding"], 0);
    assert!(
        s.json("lea", &["copy", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // A deleted item cannot be deleted again (refused by the gate), nor handed out.
    let again = del(&["--force"]);
    let again: Vec<&str> = again.iter().map(String::as_str).collect();
    s.fails_stdin("wim", &again, "654321\n", 3);
    s.fails(
        "lea",
        &[
            "access",
            "grant",
            &id,
            "--subject",
            NAMES[0],
            "--approved-by",
            "lea",
            "--identity-checked",
            "paspoort getoond",
            "--out",
            o,
        ],
        2,
    );
    s.ok("lea", &["audit", "verify"]);
}

#[test]
fn a_certificate_by_default_lands_in_the_working_directory_in_dutch() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let v = s.json_stdin_ok(
        "lea",
        &[
            "delete",
            &id,
            "--reason",
            "geen reden om te bewaren",
            "--requested-by",
            "team",
            "--approved-by",
            "leo",
            "--pin-stdin",
        ],
        "654321\n",
    );
    let md = s.tmp.path().join("verklaring-vernietiging-opname-1.md");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("Verklaring van vernietiging"), "{text}");
    // It came by WhatsApp: wim's phone is registered, and not yet confirmed wiped.
    assert!(text.contains("telefoon van wim (WhatsApp)"), "{text}");
    assert!(text.contains("NOG NIET BEVESTIGD"), "{text}");
    assert!(text.contains(v["audit_head"].as_str().unwrap()));
    assert_eq!(mode(&md), 0o600);
}

#[test]
fn a_deletion_whose_files_cannot_be_written_keeps_its_certificate_to_issue_again() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    // Refused for an item not deleted: there is nothing to certify.
    let err = s.fails("lea", &["certificate", &id], 2);
    assert!(err.contains("no certificate"), "{err}");
    // The certificate's folder cannot be made (a file is in the way): the deletion still
    // happens, and says how to get the certificate.
    let blocker = s.tmp.path().join("blocker");
    std::fs::write(&blocker, b"").unwrap();
    let out = blocker.join("certs");
    let o = s.run_stdin(
        "lea",
        &[
            "delete",
            &id,
            "--reason",
            "bewaartermijn verstreken",
            "--requested-by",
            "Maria",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            out.to_str().unwrap(),
        ],
        "654321\n",
    );
    assert_code(&o, 1, &["delete into a blocked folder"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("earshot certificate {id}")), "{err}");
    let show = s.json("lea", &["show", &id]);
    assert!(show["deleted_at"].is_string(), "{show}");
    // Issued again, in English this time, from what the deletion recorded.
    let good = s.tmp.path().join("certs");
    let v = s.json(
        "lea",
        &[
            "certificate",
            &id,
            "--lang",
            "en",
            "--out",
            good.to_str().unwrap(),
        ],
    );
    let md = std::fs::read_to_string(v["certificate"]["md"].as_str().unwrap()).unwrap();
    assert!(md.contains("bewaartermijn verstreken"), "{md}");
    assert!(md.contains("Maria"), "{md}");
    assert!(md.contains("the recording itself"), "{md}");
    assert_eq!(
        mode(std::path::Path::new(
            v["certificate"]["md"].as_str().unwrap()
        )),
        0o600
    );
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let certs = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "delete.certificate")
        .count();
    assert_eq!(certs, 1, "only the issued one is logged as handed out");
    // Again without --force: the files exist.
    s.fails(
        "lea",
        &[
            "certificate",
            &id,
            "--lang",
            "en",
            "--out",
            good.to_str().unwrap(),
        ],
        2,
    );
}

#[test]
fn items_past_their_retention_are_due_for_deletion() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.ok("lea", &["settings", "retention_years", "1"]);
    assert!(
        s.json("lea", &["due"])["retention_due"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The same store, a year and a day later.
    let later: earshot::store::Clock =
        Box::new(|| chrono::Utc::now() + chrono::Duration::days(367));
    let st = s.open_with(later).unwrap();
    let due = st.retention_due().unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].item, id);
    let flags = st.due_flags().unwrap();
    assert!(flags[0].retention_due);
    let acc = st.account("lea", id).unwrap();
    assert!(acc.retention_due);
    drop(st);
    // Twenty years by default: not due yet.
    s.ok("lea", &["settings", "retention_years", "20"]);
    let later: earshot::store::Clock =
        Box::new(|| chrono::Utc::now() + chrono::Duration::days(367));
    let st = s.open_with(later).unwrap();
    assert!(st.retention_due().unwrap().is_empty());
}
