//! Approvals from the approver's own session, four eyes, and the PIN rules, through the real
//! binary: the worker's command waits while the lead, in another process, lists the request
//! (`approvals --json`) and answers it (`approve ID`, `decline ID --reason T`).

mod common;

use common::*;
use serde_json::Value;

fn actions(s: &TestStore) -> Vec<Value> {
    s.json("lea", &["audit", "log"])
        .as_array()
        .expect("the log is a list")
        .clone()
}

fn count(log: &[Value], action: &str) -> usize {
    log.iter().filter(|e| e["action"] == action).count()
}

const PREVIEW: [&str; 7] = [
    "preview",
    "1",
    "--seconds",
    "1",
    "--supervisor",
    "lea",
    "--sink",
];

fn preview_args() -> Vec<&'static str> {
    let mut a = PREVIEW.to_vec();
    a.extend(["null", "--json"]);
    a
}

#[test]
fn a_workers_preview_waits_for_the_leads_approval_from_their_own_session() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    assert_eq!(id, 1);
    let (o, req) = s.answered("wim", &preview_args(), "lea", &["approve"]);
    assert_ok(&o, &["preview"]);
    // The request as the lead saw it: the contract's fields.
    for k in [
        "id",
        "kind",
        "item",
        "requested_by",
        "reason",
        "requested_at",
    ] {
        assert!(req.get(k).is_some(), "approvals --json lacks {k}: {req}");
    }
    assert_eq!(req["kind"], "preview");
    assert_eq!(req["item"], 1);
    assert_eq!(req["requested_by"], "wim");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.matches("waiting for lea's approval (request 1)")
            .count(),
        1,
        "{err}"
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["heard_ms"], 1000);
    // Logged with both names; the approval is used up, and no longer listed.
    let log = actions(&s);
    let start = log
        .iter()
        .find(|e| e["action"] == "preview.start")
        .expect("preview.start");
    assert_eq!(start["actor"], "wim");
    assert_eq!(start["detail"]["supervisor"], "lea");
    for a in ["approval.request", "approval.approve", "approval.use"] {
        assert_eq!(count(&log, a), 1, "{a}");
    }
    let approve = log
        .iter()
        .find(|e| e["action"] == "approval.approve")
        .expect("approve");
    assert_eq!(approve["actor"], "lea");
    assert_eq!(s.json("lea", &["approvals"]), Value::Array(vec![]));
    // An approval is for that one preview: approving it again changes nothing.
    s.fails("lea", &["approve", "1"], 2);
    s.ok("lea", &["audit", "verify"]);
}

#[test]
fn a_declined_request_is_refused_with_the_leads_reason() {
    let s = TestStore::new();
    s.import("voice.opus");
    let (o, _) = s.answered(
        "wim",
        &preview_args(),
        "lea",
        &["decline", "--reason", "first describe it"],
    );
    assert_code(&o, 3, &["preview"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("lea declined") && err.contains("first describe it"),
        "{err}"
    );
    let log = actions(&s);
    assert_eq!(count(&log, "approval.decline"), 1);
    assert_eq!(count(&log, "preview.start"), 0);
    // The log holds no reason in clear.
    assert!(!log.iter().any(|e| e.to_string().contains("describe it")));
}

#[test]
fn nobody_approves_their_own_request() {
    let s = TestStore::new();
    s.import("voice.opus");
    // lea's longer preview allowance waits for another lead; lea cannot approve it herself.
    let mut c = s.command("lea", &["settings", "preview_cap_s", "30", "--json"]);
    c.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = c.spawn().expect("spawn");
    let req = s.wait_for_request("leo", "lea");
    let id = req["id"].to_string();
    // lea does not even see her own request as one to answer.
    assert_eq!(s.json("lea", &["approvals"]), Value::Array(vec![]));
    let err = s.fails("lea", &["approve", &id], 3);
    assert!(err.contains("their own action"), "{err}");
    // A worker cannot approve either.
    let err = s.fails("wim", &["approve", &id], 3);
    assert!(err.contains("not a team leader"), "{err}");
    s.ok("leo", &["approve", &id]);
    let o = child.wait_with_output().expect("wait");
    assert_ok(&o, &["settings"]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["preview_cap_s"], 30);
    let log = actions(&s);
    let refused: Vec<&Value> = log.iter().filter(|e| e["action"] == "refused").collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0]["detail"]["missing"][0], "four_eyes");
    assert_eq!(refused[1]["detail"]["missing"][0], "approver_not_lead");
}

#[test]
fn a_leads_own_preview_waits_for_a_second_lead() {
    let s = TestStore::empty();
    s.ok("lea", &["init"]);
    s.ok("lea", &["team", "add", "wim", "--role", "worker"]);
    s.import("voice.opus");
    let err = s.fails(
        "lea",
        &["preview", "1", "--supervisor", "lea", "--sink", "null"],
        3,
    );
    assert!(err.contains("second team leader"), "{err}");
    // The same for a deletion she would approve herself.
    let err = s.fails(
        "lea",
        &[
            "delete",
            "1",
            "--reason",
            "r",
            "--requested-by",
            "team",
            "--approved-by",
            "lea",
        ],
        3,
    );
    assert!(err.contains("second team leader"), "{err}");
    assert_eq!(s.json("lea", &["show", "1"])["stage"], "received");
}

#[test]
fn the_sixth_wrong_pin_finds_the_pin_locked() {
    let s = TestStore::new();
    s.import("voice.opus");
    let mut args = PREVIEW.to_vec();
    args.extend(["null", "--pin-stdin"]);
    for i in 1..=4 {
        let err = s.fails_stdin("wim", &args, "000000\n", 2);
        assert!(err.contains("wrong PIN"), "attempt {i}: {err}");
    }
    let err = s.fails_stdin("wim", &args, "000000\n", 3);
    assert!(err.contains("locked"), "{err}");
    let err = s.fails_stdin("wim", &args, "000000\n", 3);
    assert!(
        err.contains("locked") && err.contains("unlocks at"),
        "{err}"
    );
    // Even the right PIN, while it is locked.
    let err = s.fails_stdin("wim", &args, "123456\n", 3);
    assert!(err.contains("locked"), "{err}");
    let log = actions(&s);
    assert_eq!(count(&log, "pin.failed"), 5);
    assert_eq!(count(&log, "pin.locked"), 1);
    let failed = log
        .iter()
        .find(|e| e["action"] == "pin.failed")
        .expect("pin.failed");
    assert_eq!(failed["detail"]["lead"], "lea");
    assert_eq!(failed["detail"]["by"], "wim");
    // leo's PIN is not affected.
    let mut leo = args.clone();
    leo[5] = "leo";
    s.ok_stdin("wim", &leo, "654321\n");
}

#[test]
fn new_pins_have_six_digits() {
    let s = TestStore::new();
    let err = s.fails_stdin("wim", &["team", "pin", "--pin-stdin"], "12345\n", 2);
    assert!(err.contains("6 digits"), "{err}");
    let err = s.fails_stdin(
        "lea",
        &["team", "add", "ann", "--role", "lead", "--pin-stdin"],
        "1234\n",
        2,
    );
    assert!(err.contains("6 digits"), "{err}");
}

#[test]
fn ctrl_c_while_waiting_withdraws_the_request() {
    let s = TestStore::new();
    s.import("voice.opus");
    let mut c = s.command("wim", &preview_args());
    c.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = c.spawn().expect("spawn");
    let req = s.wait_for_request("lea", "wim");
    let pid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let o = child.wait_with_output().expect("wait");
    assert_code(&o, 130, &["preview"]);
    assert_eq!(s.json("lea", &["approvals"]), Value::Array(vec![]));
    let err = s.fails("lea", &["approve", &req["id"].to_string()], 2);
    assert!(err.contains("withdrawn"), "{err}");
    assert_eq!(count(&actions(&s), "approval.withdraw"), 1);
}

#[test]
fn a_lead_never_chooses_another_leads_pin() {
    let s = TestStore::new();
    // Setting leo's PIN would let lea approve as leo: refused, and logged.
    let err = s.fails_stdin("lea", &["team", "pin", "leo", "--pin-stdin"], "111111\n", 3);
    assert!(err.contains("only leo sets leo's PIN"), "{err}");
    // Nor can a new lead be added with a PIN the adding lead chose.
    let err = s.fails_stdin(
        "lea",
        &["team", "add", "ann", "--role", "lead", "--pin-stdin"],
        "222222\n",
        3,
    );
    assert!(err.contains("only ann sets ann's PIN"), "{err}");
    let log = s.json("lea", &["audit", "log"]);
    let refusals: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "refused")
        .filter(|e| e["detail"].to_string().contains("own_pin_only"))
        .collect();
    assert_eq!(refusals.len(), 2, "{log}");
    // A worker's PIN a lead may still set, and a lead their own.
    s.ok_stdin("lea", &["team", "pin", "wim", "--pin-stdin"], "333333\n");
    s.ok_stdin("leo", &["team", "pin", "--pin-stdin"], "444444\n");
    // leo's PIN is still leo's own: the one lea tried is wrong, leo's works.
    let id = s.import("voice.opus").to_string();
    let preview = [
        "preview",
        id.as_str(),
        "--seconds",
        "1",
        "--supervisor",
        "leo",
        "--pin-stdin",
        "--sink",
        "null",
    ];
    let err = s.fails_stdin("wim", &preview, "111111\n", 2);
    assert!(err.contains("wrong PIN"), "{err}");
    s.ok_stdin("wim", &preview, "444444\n");
}
