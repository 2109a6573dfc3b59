//! An exception to notifying a parent is one lead's approval of a reason, on a ground, until a
//! review date (report 2018/048: "not telling her" was one word, forever). From the command
//! line: what a careless exception lacks is refused before anything is recorded, and a lapsed
//! one locks further use and shows in `due`.

mod common;

use common::*;

fn exception(s: &TestStore, id: &str, extra: &[&str], code: i32) -> String {
    let mut args = vec![
        "notify",
        id,
        "--subject",
        "Maria Jansen",
        "--exception",
        "--reason",
        "de vader is gewelddadig",
        "--approved-by",
        "leo",
        "--pin-stdin",
    ];
    args.extend_from_slice(extra);
    let o = s.run_stdin("wim", &args, "654321\n");
    assert_code(&o, code, &args);
    String::from_utf8_lossy(if code == 0 { &o.stdout } else { &o.stderr }).into_owned()
}

fn use_args(s: &TestStore, id: &str) -> Vec<String> {
    let summary = s.tmp.path().join("summary.txt");
    std::fs::write(&summary, "Een samenvatting voor de Raad.").unwrap();
    [
        "use",
        id,
        "--purpose",
        "VTO",
        "--recipient",
        "Raad voor de Kinderbescherming",
        "--summary-file",
        summary.to_str().unwrap(),
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

#[test]
fn an_exception_needs_a_ground_and_a_review_date_and_lapses_after_it() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let idt = id.to_string();
    let review = days_ahead(45);
    let before = s.json("lea", &["audit", "log"]).as_array().unwrap().len();
    // No ground, no review date, an unknown ground, a date today, past or too far.
    let err = exception(&s, &idt, &[], 2);
    assert!(
        err.contains("--ground") || err.contains("--review-on"),
        "{err}"
    );
    let err = exception(&s, &idt, &["--ground", "meldcode"], 2);
    assert!(err.contains("--review-on"), "{err}");
    let err = exception(&s, &idt, &["--ground", "gevoel", "--review-on", &review], 2);
    assert!(
        err.contains("veilig-thuis"),
        "the grounds are listed: {err}"
    );
    for on in [days_ahead(0), days_ahead(400), "2020-01-01".to_string()] {
        let err = exception(&s, &idt, &["--ground", "meldcode", "--review-on", &on], 2);
        assert!(err.contains("review date"), "{on}: {err}");
    }
    assert_eq!(
        s.json("lea", &["audit", "log"]).as_array().unwrap().len(),
        before,
        "nothing was recorded"
    );

    // A real one: on the Meldcode, until review.
    exception(
        &s,
        &idt,
        &["--ground", "meldcode", "--review-on", &review],
        0,
    );
    let shown = s.ok("wim", &["show", &idt]);
    assert!(
        shown.contains("ground meldcode") && shown.contains(&format!("review on {review}")),
        "{shown}"
    );
    let v = s.json("wim", &["show", &idt]);
    let d = &v["notifications"][0];
    assert_eq!(d["ground"], "meldcode", "{v}");
    assert_eq!(d["review_on"], review.as_str());
    let log = s.json("lea", &["audit", "log", "--item", &idt]);
    let notify = log
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["action"] == "item.notify")
        .unwrap()
        .clone();
    assert_eq!(notify["detail"]["ground"], "meldcode", "{notify}");
    assert_eq!(notify["detail"]["review_on"], review.as_str());
    // Sam, the child, cannot be told through his mother now: he is told himself.
    s.ok(
        "wim",
        &[
            "notify",
            &idt,
            "--subject",
            "Sam Jansen",
            "--notified",
            "--channel",
            "in person",
        ],
    );
    let u = use_args(&s, &idt);
    let u: Vec<&str> = u.iter().map(String::as_str).collect();
    s.ok("wim", &u);

    // Its review date passes (the day is moved back rather than the clock forward).
    s.raw_db()
        .execute(
            "UPDATE notifications SET review_on = ?1 WHERE item_id = ?2",
            rusqlite::params!["2020-01-01", id],
        )
        .unwrap();
    let err = s.fails("wim", &u, 3);
    assert!(
        err.contains("Maria Jansen") && err.contains("2020-01-01"),
        "{err}"
    );
    let due = s.json("lea", &["due"]);
    let flags = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["item"] == id)
        .cloned()
        .unwrap();
    assert_eq!(flags["exceptions_past_review"], 1, "{due}");
    assert!(s.ok("lea", &["due"]).contains("past review"));

    // Renewed with a new approval: allowed again.
    exception(
        &s,
        &idt,
        &["--ground", "veilig-thuis", "--review-on", &days_ahead(90)],
        0,
    );
    s.ok("wim", &u);
    let due = s.json("lea", &["due"]);
    assert!(
        due["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["exceptions_past_review"] == 0),
        "{due}"
    );
}
