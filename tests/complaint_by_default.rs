//! Every response is a complaint until a team leader who is not involved decides, in writing,
//! that it is not (report 2018/048: the mother's objection was handled as "questions about
//! policy"). Replayed as a team that would rather not have a complaint: each attempt to wave it
//! away alone is refused, logged, and leaves the complaint standing.

mod common;

use common::*;
use serde_json::Value;

const OBJECTION: &str = "Ik ben woedend dat jullie mijn privacy schenden.";

fn respond(s: &TestStore, user: &str, id: i64, extra: &[&str]) -> std::process::Output {
    respond_stdin(s, user, id, extra, "")
}

/// `respond ID` for Maria's objection as `user`, with `extra` arguments and `stdin` (a PIN).
fn respond_stdin(
    s: &TestStore,
    user: &str,
    id: i64,
    extra: &[&str],
    stdin: &str,
) -> std::process::Output {
    let f = write_objection(s);
    let id = id.to_string();
    let mut args = vec![
        "respond",
        id.as_str(),
        "--subject",
        "Maria Jansen",
        "--text-file",
        f.as_str(),
    ];
    args.extend_from_slice(extra);
    args.push("--json");
    s.run_stdin(user, &args, stdin)
}

/// [`respond`] asking `lead`, here in person with `pin`, to approve treating it as something
/// other than a complaint.
fn respond_not_a_complaint(
    s: &TestStore,
    user: &str,
    id: i64,
    lead: &str,
    pin: &str,
    reason: &str,
) -> std::process::Output {
    let extra = [
        "--not-a-complaint",
        "--reason",
        reason,
        "--approved-by",
        lead,
        "--pin-stdin",
    ];
    respond_stdin(s, user, id, &extra, &format!("{pin}\n"))
}

fn complaints(s: &TestStore) -> Vec<Value> {
    s.json("lea", &["complaint", "list"])
        .as_array()
        .expect("a list")
        .clone()
}

/// The missing codes of the last refusal in the log.
fn last_refusal(s: &TestStore) -> Vec<String> {
    let log = s.json("lea", &["audit", "log"]);
    let e = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["action"] == "refused")
        .expect("a refusal in the log")
        .clone();
    e["detail"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_response_without_flags_is_a_complaint_with_its_deadlines_and_in_due() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let o = respond(&s, "wim", id, &[]);
    assert_ok(&o, &["respond"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["complaint"]["kind"], "complaint", "{v}");
    assert_eq!(v["complaint"]["item"], id);
    assert_eq!(v["not_a_complaint"], false);
    assert!(v["complaint"]["decide_by"].is_string());
    let due = s.ok("lea", &["due"]);
    assert!(due.contains("omplaint"), "{due}");
    // `--complaint` is still accepted, and means the same.
    let o = respond(&s, "wim", id, &["--complaint"]);
    assert_ok(&o, &["respond", "--complaint"]);
    assert_eq!(complaints(&s).len(), 2);
    // Asking for both is a mistake, said before anything is recorded.
    let o = respond(
        &s,
        "wim",
        id,
        &[
            "--complaint",
            "--not-a-complaint",
            "--reason",
            "vragen",
            "--approved-by",
            "leo",
        ],
    );
    assert_code(&o, 2, &["respond", "--complaint", "--not-a-complaint"]);
    // And --not-a-complaint without a reason or an approver.
    let o = respond(
        &s,
        "wim",
        id,
        &["--not-a-complaint", "--approved-by", "leo"],
    );
    assert_code(&o, 2, &["respond", "--not-a-complaint"]);
    assert_eq!(complaints(&s).len(), 2);
}

#[test]
fn no_one_involved_can_declare_it_not_a_complaint() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    // A third lead, who will handle the item.
    s.ok("lea", &["team", "add", "lars", "--role", "lead"]);
    s.ok_stdin("lars", &["team", "pin", "--pin-stdin"], "111222\n");
    s.ok("lea", &["assign", &id.to_string(), "--to", "lars"]);

    // The lead who registers it approves it himself: four eyes.
    let o = respond_not_a_complaint(&s, "lea", id, "lea", "123456", "vragen over beleid");
    assert_code(&o, 3, &["respond", "--approved-by", "lea"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("stays a complaint"), "{err}");
    assert_eq!(last_refusal(&s), ["four_eyes"]);
    let c = complaints(&s);
    assert_eq!(c.len(), 1, "the response is kept, as a complaint");
    assert_eq!(c[0]["kind"], "complaint");

    // The lead who handles the item approves it: involved.
    let o = respond_not_a_complaint(&s, "wim", id, "lars", "111222", "vragen over beleid");
    assert_code(&o, 3, &["respond", "--approved-by", "lars"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("handles the item"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(last_refusal(&s), ["approver_involved"]);

    // A lead who registered a complaint cannot later approve its downgrade either.
    let o = respond(&s, "leo", id, &[]);
    assert_ok(&o, &["respond"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let registered_by_leo = v["complaint"]["id"].to_string();
    let err = s.fails_stdin(
        "lea",
        &[
            "complaint",
            "downgrade",
            &registered_by_leo,
            "--approved-by",
            "leo",
            "--reason",
            "vragen over beleid",
            "--pin-stdin",
        ],
        "654321\n",
        3,
    );
    assert!(err.contains("registered this complaint"), "{err}");
    assert_eq!(last_refusal(&s), ["approver_involved"]);
    assert!(complaints(&s).iter().all(|c| c["kind"] == "complaint"));

    // An uninvolved lead, in person: now it is an information request, with the reason.
    let o = respond_not_a_complaint(
        &s,
        "wim",
        id,
        "leo",
        "654321",
        "zij vraagt alleen wanneer het gesprek is",
    );
    assert_ok(&o, &["respond", "--approved-by", "leo"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["not_a_complaint"], true);
    assert_eq!(v["complaint"]["kind"], "information_request");
    assert_eq!(v["complaint"]["downgraded_by"], "leo");
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    let at = actions
        .iter()
        .rposition(|a| *a == "response.record")
        .unwrap();
    assert!(
        actions[at..].contains(&"complaint.downgrade"),
        "registered, then downgraded: {actions:?}"
    );
}

/// From the worker's desk: the request waits for the lead's answer in their own session.
#[test]
fn the_lead_approves_from_their_own_session() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let f = write_objection(&s);
    let idt = id.to_string();
    let args = [
        "respond",
        idt.as_str(),
        "--subject",
        "Maria Jansen",
        "--text-file",
        f.as_str(),
        "--not-a-complaint",
        "--reason",
        "zij vraagt alleen wanneer het gesprek is",
        "--approved-by",
        "leo",
        "--json",
    ];
    let (o, request) = s.answered("wim", &args, "leo", &["approve"]);
    assert_ok(&o, &args);
    assert!(
        request.to_string().contains("zij vraagt alleen"),
        "{request}"
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["complaint"]["kind"], "information_request");
    // Declined: it stays a complaint, and says so.
    let (o, _) = s.answered(
        "wim",
        &args,
        "leo",
        &["decline", "--reason", "het is wel een klacht"],
    );
    assert_code(&o, 3, &args);
    let kinds: Vec<Value> = complaints(&s).iter().map(|c| c["kind"].clone()).collect();
    assert_eq!(kinds, ["information_request", "complaint"]);
}

fn write_objection(s: &TestStore) -> String {
    let f = s.tmp.path().join("objection.txt");
    std::fs::write(&f, OBJECTION).unwrap();
    f.to_str().unwrap().to_string()
}
