//! A summary goes to a recipient only after the people concerned could answer: `use` is refused
//! (exit 3, with the date) while a subject told by letter may still reply, and going ahead
//! needs a reason and the approval of a team leader other than the user, from their own
//! session or with their PIN; the use's audit entry names that lead.

mod common;

use common::*;

fn letter_and_notify(s: &TestStore, id: &str) -> String {
    let out = s.tmp.path().join("brief.md");
    let v = s.json(
        "wim",
        &[
            "letter",
            id,
            "--subject",
            "Maria Jansen",
            "--kind",
            "notification",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    s.ok(
        "wim",
        &[
            "notify",
            id,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
            "--letter",
            out.to_str().unwrap(),
        ],
    );
    s.via_parent(id, "Sam Jansen", "Maria Jansen");
    v["respond_by"].as_str().expect("a reply date").to_string()
}

#[test]
fn a_use_waits_for_the_reply_unless_another_lead_approves_going_ahead() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    s.describe(id.parse().unwrap());
    let reply_by = letter_and_notify(&s, &id);
    let summary = s.tmp.path().join("summary.txt");
    std::fs::write(&summary, "Een samenvatting voor de Raad.").unwrap();
    let base = [
        "use",
        id.as_str(),
        "--purpose",
        "VTO",
        "--recipient",
        "Raad voor de Kinderbescherming",
        "--summary-file",
        summary.to_str().unwrap(),
    ];
    let err = s.fails("wim", &base, 3);
    assert!(
        err.contains(&format!("may reply until {reply_by}")),
        "{reply_by}: {err}"
    );
    // A reason alone is not enough; an approver is.
    let mut no_lead = base.to_vec();
    no_lead.extend(["--override-reason", "spoed"]);
    s.fails("wim", &no_lead, 2);

    // Asked of leo, declined from his session: still refused, nothing used.
    let mut ask = base.to_vec();
    ask.extend([
        "--override-reason",
        "de Raad beslist morgen over een spoedmaatregel",
        "--approved-by",
        "leo",
        "--json",
    ]);
    let (o, request) = s.answered(
        "wim",
        &ask,
        "leo",
        &["decline", "--reason", "eerst haar reactie"],
    );
    assert_code(&o, 3, &ask);
    assert_eq!(request["kind"], "override", "{request}");
    // Approved from his session: it goes ahead, and the log says who allowed it.
    let (o, _) = s.answered("wim", &ask, "leo", &["approve"]);
    assert_ok(&o, &ask);
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let uses: Vec<&serde_json::Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "item.use")
        .collect();
    assert_eq!(uses.len(), 1, "{log}");
    assert_eq!(uses[0]["detail"]["went_ahead_by"], "leo");
    let timeline = s.ok("lea", &["report", &id]);
    assert!(
        timeline.contains("before a subject's reply or a complaint's decision, approved by leo"),
        "{timeline}"
    );
}
