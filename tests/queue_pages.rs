//! `queue --page N --per-page M`: a page is exactly that slice of the whole queue, newest
//! first, with the same fields; past the end it is empty; bad numbers are refused.

mod common;

use common::TestStore;

#[test]
fn pages_are_slices_of_the_whole_queue() {
    let s = TestStore::new();
    let ids: Vec<i64> = [
        "voice.opus",
        "voice.m4a",
        "voice.mp3",
        "voice.ogg",
        "voice.wav",
    ]
    .iter()
    .map(|f| s.import(f))
    .collect();
    // A preview, so that a page's allowance is read per recording as the whole queue does.
    s.ok_stdin(
        "wim",
        &[
            "preview",
            &ids[3].to_string(),
            "--seconds",
            "1",
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "123456\n",
    );
    let whole = s.json("wim", &["queue"]);
    let whole = whole.as_array().unwrap();
    assert_eq!(whole.len(), ids.len());
    let page = |n: &str, per: &str| s.json("wim", &["queue", "--page", n, "--per-page", per]);
    let mut glued = Vec::new();
    for n in ["1", "2", "3"] {
        let p = page(n, "2");
        let p = p.as_array().unwrap();
        assert!(p.len() <= 2);
        glued.extend(p.iter().cloned());
    }
    assert_eq!(
        &glued, whole,
        "pages 1–3 of 2 are the whole queue, in its order"
    );
    assert!(page("4", "2").as_array().unwrap().is_empty());
    // The default page size holds all five.
    assert_eq!(
        s.json("wim", &["queue", "--page", "1"]).as_array().unwrap(),
        whole
    );
    // The previewed recording's allowance is the same on its page as in the whole queue.
    let left = |rows: &[serde_json::Value]| {
        rows.iter()
            .find(|r| r["id"] == ids[3])
            .map(|r| r["preview_left_s"].as_f64().unwrap())
    };
    assert!(left(whole).unwrap() < 20.0);
    assert_eq!(left(&glued), left(whole));
    let text = s.ok("wim", &["queue", "--page", "1", "--per-page", "2"]);
    assert_eq!(text.lines().count(), 3, "a header and two rows: {text}");
    assert!(
        s.ok("wim", &["queue", "--page", "9"])
            .contains("Page 9 is empty")
    );
}

#[test]
fn a_page_of_nothing_or_of_too_much_is_refused() {
    let s = TestStore::new();
    s.fails("wim", &["queue", "--page", "0"], 2);
    s.fails("wim", &["queue", "--page", "1", "--per-page", "0"], 2);
    s.fails("wim", &["queue", "--page", "1", "--per-page", "1001"], 2);
    s.fails("wim", &["queue", "--per-page", "5"], 2);
}

#[test]
fn pages_after_the_last_item_seen_are_slices_of_the_whole_queue_too() {
    let s = TestStore::new();
    // Imported in one go: several share a moment of receipt, and the item's number decides.
    let _ = s.json(
        "lea",
        &[
            "import",
            common::fixture("voice.opus").to_str().unwrap(),
            common::fixture("voice.mp3").to_str().unwrap(),
            common::fixture("voice.wav").to_str().unwrap(),
            "--case",
            "C-2",
            "--channel",
            "whatsapp",
            "--received-by",
            "lea",
        ],
    );
    for f in ["voice.m4a", "voice.ogg"] {
        s.import(f);
    }
    let whole = s.json("wim", &["queue"]);
    let whole = whole.as_array().unwrap().clone();
    assert_eq!(whole.len(), 5);
    let first = s.json("wim", &["queue", "--page", "1", "--per-page", "2"]);
    let mut glued = first.as_array().unwrap().clone();
    loop {
        let last = glued.last().unwrap()["id"].as_i64().unwrap().to_string();
        let next = s.json("wim", &["queue", "--after", &last, "--per-page", "2"]);
        let next = next.as_array().unwrap();
        if next.is_empty() {
            break;
        }
        assert!(next.len() <= 2);
        glued.extend(next.iter().cloned());
        assert!(glued.len() <= whole.len(), "no item twice: {glued:?}");
    }
    assert_eq!(
        glued, whole,
        "page by page after the last seen: the whole queue"
    );
    let last = whole.last().unwrap()["id"].as_i64().unwrap().to_string();
    assert!(
        s.ok("wim", &["queue", "--after", &last])
            .contains("Nothing comes after item")
    );
    // An item that is not there, or two ways of paging at once, are refused.
    s.fails("wim", &["queue", "--after", "999"], 2);
    s.fails("wim", &["queue", "--after", "1", "--page", "1"], 2);
}
