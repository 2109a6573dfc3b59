//! Every subject but the sender needs a notification decision, whatever the role they were
//! described with (report 2018/048: describing the mother as someone else took her off the
//! list, and the summary went out). A child may be told through a parent on the same
//! recording, and only while that parent is notified.

mod common;

use common::*;

fn describe(s: &TestStore, id: &str, subjects: &[&str]) {
    let mut args = vec![
        "describe",
        id,
        "--sender",
        "Jan Jansen",
        "--purpose",
        "wants the team to hear the arguments",
        "--legal-basis",
        "Jeugdwet art. 7.4.0",
        "--processing-purpose",
        "to assess the safety of the children at home",
    ];
    for subject in subjects {
        args.push("--subject");
        args.push(subject);
    }
    s.ok("wim", &args);
}

fn use_item(s: &TestStore, id: &str, code: i32) -> String {
    let summary = s.tmp.path().join("summary.txt");
    std::fs::write(&summary, "Een samenvatting voor de Raad.").unwrap();
    let args = [
        "use",
        id,
        "--purpose",
        "advice to the child protection board",
        "--recipient",
        "Raad voor de Kinderbescherming",
        "--summary-file",
        summary.to_str().unwrap(),
    ];
    if code == 0 {
        s.ok("wim", &args)
    } else {
        s.fails("wim", &args, code)
    }
}

fn notified(s: &TestStore, id: &str, who: &str) {
    s.ok(
        "wim",
        &[
            "notify",
            id,
            "--subject",
            who,
            "--notified",
            "--channel",
            "letter",
        ],
    );
}

fn pending(s: &TestStore, id: &str) -> Vec<String> {
    let v = s.json("wim", &["show", id]);
    v["pending_notifications"]
        .as_array()
        .expect("pending_notifications")
        .iter()
        .map(|p| p.as_str().expect("name").to_string())
        .collect()
}

#[test]
fn a_mother_described_as_other_still_waits_for_a_decision() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    // The team in a hurry describes her as "other" (or a professional): she stays on the list.
    describe(&s, &id, &["Maria Jansen:other", "Els Bakker:professional"]);
    assert_eq!(pending(&s, &id), vec!["Maria Jansen", "Els Bakker"]);
    let err = use_item(&s, &id, 3);
    assert!(err.contains("Maria Jansen"), "{err}");
    assert!(err.contains("Els Bakker"), "{err}");
    let d = s.json("lea", &["due"]);
    let flags = d["items"]
        .as_array()
        .expect("due items")
        .iter()
        .find(|f| f["item"].as_i64().map(|i| i.to_string()) == Some(id.clone()))
        .cloned()
        .expect("the item is due");
    assert!(
        flags["notification_due_by"].is_string(),
        "a pending decision is due: {flags}"
    );

    notified(&s, &id, "Maria Jansen");
    let err = use_item(&s, &id, 3);
    assert!(!err.contains("Maria Jansen"), "{err}");
    assert!(err.contains("Els Bakker"), "{err}");
    notified(&s, &id, "els bakker");
    assert!(pending(&s, &id).is_empty());
    use_item(&s, &id, 0);
}

#[test]
fn the_sender_alone_needs_no_decision() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe(&s, &id, &["jan  jansen:parent"]);
    assert!(pending(&s, &id).is_empty());
    use_item(&s, &id, 0);
}

#[test]
fn a_child_is_told_through_a_notified_parent_only() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe(
        &s,
        &id,
        &[
            "Maria Jansen:parent",
            "Sam Jansen:child",
            "Els Bakker:other",
        ],
    );
    let via = |who: &str, parent: &str, code: i32| {
        let args = ["notify", &id, "--subject", who, "--via-parent", parent];
        if code == 0 {
            s.ok("wim", &args)
        } else {
            s.fails("wim", &args, code)
        }
    };
    let before = s.json("lea", &["audit", "log"]).as_array().unwrap().len();
    // Not before the parent is told.
    let err = via("Sam Jansen", "Maria Jansen", 2);
    assert!(
        err.contains("Maria Jansen") && err.contains("notified"),
        "{err}"
    );
    // Only a child, only through a parent on the item.
    let err = via("Els Bakker", "Maria Jansen", 2);
    assert!(err.contains("only a child"), "{err}");
    let err = via("Sam Jansen", "Els Bakker", 2);
    assert!(err.contains("not another parent"), "{err}");
    let err = via("Sam Jansen", "Sam Jansen", 2);
    assert!(err.contains("not another parent"), "{err}");
    let err = via("Sam Jansen", "Petra", 2);
    assert!(err.contains("not another parent"), "{err}");
    // The sender is no subject to tell through (he is not on the item as a parent).
    let err = via("Sam Jansen", "Jan Jansen", 2);
    assert!(err.contains("not another parent"), "{err}");
    // In Dutch too.
    let o = s.run(
        "wim",
        &[
            "--lang",
            "nl",
            "notify",
            &id,
            "--subject",
            "Els Bakker",
            "--via-parent",
            "Maria Jansen",
        ],
    );
    assert_code(&o, 2, &["notify --via-parent (nl)"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("alleen een kind"), "{err}");
    assert_eq!(
        s.json("lea", &["audit", "log"]).as_array().unwrap().len(),
        before,
        "nothing was recorded"
    );

    notified(&s, &id, "Maria Jansen");
    via("Sam Jansen", "maria jansen", 0);
    assert_eq!(pending(&s, &id), vec!["Els Bakker"]);
    let v = s.json("wim", &["show", &id]);
    let sam = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["subject"] == "Sam Jansen")
        .cloned()
        .expect("Sam's decision");
    assert_eq!(sam["kind"], "via_parent", "{sam}");
    // Named as the item names her, not as typed.
    assert_eq!(sam["parent"], "Maria Jansen", "{sam}");
    assert_eq!(sam["by"], "wim", "{sam}");
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["action"] == "item.notify")
        .cloned()
        .expect("the decision is logged");
    assert_eq!(entry["detail"]["kind"], "via_parent", "{entry}");
    assert_eq!(entry["detail"]["role"], "child", "{entry}");
    assert!(
        !entry.to_string().contains("Maria") && !entry.to_string().contains("Sam"),
        "names stay out of the log: {entry}"
    );

    // An exception replacing Maria's notification leaves Sam undecided again.
    let review = days_ahead(30);
    s.ok_stdin(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--exception",
            "--reason",
            "Veilig Thuis advises against telling her now",
            "--ground",
            "veilig-thuis",
            "--review-on",
            &review,
            "--approved-by",
            "leo",
            "--pin-stdin",
        ],
        "654321\n",
    );
    notified(&s, &id, "Els Bakker");
    assert_eq!(pending(&s, &id), vec!["Sam Jansen"]);
    let err = use_item(&s, &id, 3);
    assert!(err.contains("Sam Jansen"), "{err}");
    let err = via("Sam Jansen", "Maria Jansen", 2);
    assert!(err.contains("notified"), "{err}");

    // Told again, Maria carries Sam with her.
    notified(&s, &id, "Maria Jansen");
    assert!(pending(&s, &id).is_empty());
    use_item(&s, &id, 0);
    // And doctor finds the rows as the log made them.
    s.ok("lea", &["doctor"]);
}

#[test]
fn a_store_from_before_the_rule_has_its_stages_worked_out_again_once() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    s.describe(id.parse().unwrap());
    notified(&s, &id, "Maria Jansen");
    assert_eq!(pending(&s, &id), vec!["Sam Jansen"]);
    // As a store from before kept it: only Maria counted, so the queue and `due` read the item
    // as decided, and nothing marks the rule.
    {
        let db = s.raw_db();
        db.execute_batch(
            "UPDATE items SET stage = 'notification_decided', pending_notifications = 0; \
             DELETE FROM meta WHERE key = 'notify_rule';",
        )
        .unwrap();
    }
    // Opened again: the stage is what the rule says, logged by earshot, and `due` owes Sam's
    // decision; doctor finds the rows as the log made them.
    let q = s.json("lea", &["queue"]);
    let row = q
        .as_array()
        .or_else(|| q["items"].as_array())
        .expect("queue rows")
        .iter()
        .find(|r| r["id"].as_i64() == id.parse().ok())
        .cloned()
        .expect("the item");
    assert_eq!(row["stage"], "described", "{row}");
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let restaged: Vec<&serde_json::Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "item.restage")
        .collect();
    assert_eq!(restaged.len(), 1, "{log}");
    assert_eq!(restaged[0]["actor"], "earshot");
    assert_eq!(restaged[0]["detail"]["stage"], "described");
    let due = s.json("lea", &["due"]);
    let flag = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["item"].as_i64() == id.parse().ok())
        .cloned()
        .expect("due");
    assert!(flag["notification_due_by"].is_string(), "{flag}");
    s.ok("lea", &["doctor"]);
    // Once: opening again logs nothing more.
    s.ok("lea", &["queue"]);
    let again = s.json("lea", &["audit", "log", "--item", &id]);
    assert_eq!(
        again
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "item.restage")
            .count(),
        1
    );
}
