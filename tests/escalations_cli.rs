//! Requests to the team leaders from the command line: a worker asks with a reason, a lead
//! lists what is open with that reason, and resolves or dismisses it; a worker who tries to end
//! one is refused (exit 3) and the refusal is logged; what is handled cannot be ended again.

mod common;

use common::*;

#[test]
fn a_lead_lists_resolves_and_dismisses_requests_and_a_worker_cannot() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let asked = s.json(
        "wim",
        &[
            "escalate",
            &id.to_string(),
            "--reason",
            "vader stuurde 2 min audio, wil even meeluisteren",
        ],
    );
    let e = asked["escalation"].as_i64().expect("escalation id");
    let other = s.json(
        "wendy",
        &["escalate", &id.to_string(), "--reason", "wie pakt dit op?"],
    )["escalation"]
        .as_i64()
        .expect("escalation id");

    // The lead sees who asked, for what, and why.
    let open = s.json("lea", &["escalations"]);
    let list = open.as_array().expect("a list");
    assert_eq!(list.len(), 2, "{open}");
    assert_eq!(list[0]["id"], e);
    assert_eq!(list[0]["by"], "wim");
    assert_eq!(list[0]["kind"], "other");
    assert_eq!(
        list[0]["reason"],
        "vader stuurde 2 min audio, wil even meeluisteren"
    );
    assert!(list[0]["outcome"].is_null());
    let text = s.ok("lea", &["escalations"]);
    assert!(text.contains("wil even meeluisteren"), "{text}");
    assert!(text.contains("earshot resolve ID"), "{text}");

    // A worker cannot end a request: exit 3, one sentence, logged.
    let err = s.fails("wim", &["resolve", &e.to_string()], 3);
    assert!(err.contains("ask a team leader"), "{err}");
    let err = s.fails(
        "wim",
        &["--lang", "nl", "dismiss", &e.to_string(), "--reason", "x"],
        3,
    );
    assert!(err.contains("teamleider"), "{err}");
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let refused: Vec<_> = log
        .as_array()
        .expect("log")
        .iter()
        .filter(|x| x["action"] == "refused" && x["actor"] == "wim")
        .collect();
    assert_eq!(refused.len(), 2, "{log}");
    assert_eq!(refused[0]["detail"]["attempt"], "triage");
    assert_eq!(refused[0]["detail"]["missing"][0], "lead_triages");

    // A dismissal needs a reason, and keeps it for the member who asked.
    s.fails("lea", &["dismiss", &e.to_string(), "--reason", "  "], 2);
    let d = s.json(
        "lea",
        &[
            "dismiss",
            &e.to_string(),
            "--reason",
            "besproken in het teamoverleg",
        ],
    );
    assert_eq!(d["outcome"], "dismissed");
    assert_eq!(d["resolved_by"], "lea");
    assert_eq!(d["note"], "besproken in het teamoverleg");
    let r = s.json("leo", &["resolve", &other.to_string()]);
    assert_eq!(r["outcome"], "resolved");
    assert_eq!(r["resolved_by"], "leo");

    // Nothing is open any more; `--all` says how each ended.
    assert_eq!(s.json("lea", &["escalations"]), serde_json::json!([]));
    let all = s.json("wim", &["escalations", "--all", "--item", &id.to_string()]);
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    let text = s.ok("wim", &["escalations", "--all"]);
    assert!(
        text.contains("Dismissed by lea: besproken in het teamoverleg"),
        "{text}"
    );

    // Handled is handled; an unknown number is bad input.
    let err = s.fails("leo", &["resolve", &e.to_string()], 2);
    assert!(err.contains("already handled"), "{err}");
    let err = s.fails("lea", &["resolve", "99"], 2);
    assert!(
        err.contains("no request to the team leaders numbered 99"),
        "{err}"
    );

    // Each ending is one entry in the log, the note not in it.
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let ends: Vec<_> = log
        .as_array()
        .expect("log")
        .iter()
        .filter(|x| x["action"] == "item.resolve")
        .collect();
    assert_eq!(ends.len(), 2, "{log}");
    assert_eq!(ends[0]["detail"]["dismissed"], true);
    assert!(!log.to_string().contains("teamoverleg"), "{log}");
}
