//! What only a team leader may do goes through the gate like everything else: a worker who tries
//! is refused with exit code 3 and one sentence saying whom to ask, nothing changes, and the
//! refusal is in the audit log (who, what was attempted, why).

mod common;

use common::*;
use serde_json::Value;

/// The audit log's refusals, as (actor, attempt, missing codes, item).
fn refusals(s: &TestStore) -> Vec<(String, String, Vec<String>, Option<i64>)> {
    let log = s.json("lea", &["audit", "log"]);
    log.as_array()
        .expect("the log is a list")
        .iter()
        .filter(|e| e["action"] == "refused")
        .map(|e| {
            let missing = e["detail"]["missing"]
                .as_array()
                .expect("missing is a list")
                .iter()
                .map(|m| m.as_str().expect("a code").to_string())
                .collect();
            (
                e["actor"].as_str().expect("actor").to_string(),
                e["detail"]["attempt"]
                    .as_str()
                    .expect("attempt")
                    .to_string(),
                missing,
                e["item"].as_i64(),
            )
        })
        .collect()
}

fn entry(
    actor: &str,
    attempt: &str,
    missing: &str,
    item: Option<i64>,
) -> (String, String, Vec<String>, Option<i64>) {
    (actor.into(), attempt.into(), vec![missing.into()], item)
}

#[test]
fn a_workers_lead_only_attempts_are_refused_by_the_gate_and_logged() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let inbox = s.tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let inbox = inbox.to_str().unwrap().to_string();
    assert!(refusals(&s).is_empty());

    let attempts: [(&[&str], &str); 5] = [
        (
            &["team", "add", "bob", "--role", "worker"],
            "only a team leader can add team members",
        ),
        (
            &["settings", "preview_cap_s", "60"],
            "only a team leader can change the settings",
        ),
        (
            &["assign", &id.to_string(), "--to", "wendy"],
            "only a team leader can assign items",
        ),
        (
            &["settings", "inbox", &inbox],
            "only a team leader can set the inbox",
        ),
        (
            &["team", "pin", "wendy", "--pin-stdin"],
            "only a team leader can set another member's PIN",
        ),
    ];
    for (args, says) in attempts {
        let err = s.fails_stdin("wim", args, "555555\n", 3);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("ask a team leader"), "{args:?}: {err}");
        // One sentence on one line, no debug output.
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(
            !err.contains("LeadOnly") && !err.contains("Refused"),
            "{err}"
        );
    }

    assert_eq!(
        refusals(&s),
        vec![
            entry("wim", "team_add", "lead_adds_members", None),
            entry("wim", "settings", "lead_changes_settings", None),
            entry("wim", "assign", "lead_assigns", Some(id)),
            entry("wim", "inbox", "lead_sets_inbox", None),
            entry("wim", "team_pin", "lead_sets_pins", None),
        ]
    );

    // Nothing changed.
    let team = s.json("lea", &["team", "list"]);
    assert!(!team.to_string().contains("bob"), "{team}");
    let wendy = team
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "wendy")
        .expect("wendy is on the team");
    assert_eq!(wendy["pin"], false, "{team}");
    let settings = s.json("lea", &["settings"]);
    assert_eq!(settings["preview_cap_s"], 20);
    assert_eq!(settings["inbox"], Value::Null);
    let assigned: Option<String> = s
        .raw_db()
        .query_row("SELECT assigned_to FROM items WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(assigned, None);
    // The refusals are part of the chain like any other entry.
    s.ok("lea", &["audit", "verify"]);

    // A worker's own PIN needs nobody, and a lead may do all of it: no further refusal.
    s.ok_stdin("wim", &["team", "pin", "--pin-stdin"], "555555\n");
    s.ok("lea", &["team", "add", "bob", "--role", "worker"]);
    // (a shorter preview allowance: a longer one also needs a second lead, see tests/approvals.rs)
    s.ok("lea", &["settings", "preview_cap_s", "10"]);
    s.ok("lea", &["assign", &id.to_string(), "--to", "wendy"]);
    s.ok("lea", &["settings", "inbox", &inbox]);
    s.ok_stdin("lea", &["team", "pin", "wendy", "--pin-stdin"], "666666\n");
    assert_eq!(refusals(&s).len(), 5);
}

#[test]
fn bad_input_is_still_bad_input_for_a_worker_and_not_logged() {
    let s = TestStore::new();
    s.fails("wim", &["settings", "preview_cap_s", "600"], 2);
    s.fails("wim", &["settings", "no_such_setting", "1"], 2);
    s.fails("wim", &["settings", "inbox", "relative/dir"], 2);
    s.fails("wim", &["assign", "1", "--to", "nobody"], 2);
    assert!(refusals(&s).is_empty());
}
