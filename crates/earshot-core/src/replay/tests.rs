use super::*;
use crate::audit::examples;
use crate::model::{Channel, Role};

fn import(r: &mut Replay, seq: i64, item: i64) {
    r.apply(
        seq,
        "wim",
        Some(item),
        &Event::ItemImport {
            case: "K".into(),
            received_by: "wim".into(),
            channel: Channel::Whatsapp,
            sha256: "ab".into(),
            size: 10,
            format: "ogg".into(),
            codec: "opus".into(),
            duration_ms: 1500,
            file_name: "f".into(),
            from: None,
            received_on: None,
            blob: None,
        },
    );
}

#[test]
fn a_preview_is_debited_whole_then_refunded_to_what_was_heard() {
    let mut r = Replay::new();
    import(&mut r, 1, 7);
    r.apply(
        2,
        "wim",
        Some(7),
        &Event::PreviewStart {
            preview: 3,
            supervisor: "lea".into(),
            from_ms: 0,
            window_ms: 5000,
            allowance_left_ms: 0,
            sink: "null".into(),
        },
    );
    let p = &r.rows("previews").unwrap()["3"];
    assert_eq!(
        p.get("heard_ms"),
        None,
        "a preview still running keeps its whole debit"
    );
    assert_eq!(p.get("window_ms"), Some("5000"));
    assert_eq!(p.get("user_name"), Some("wim"));
    r.apply(
        4,
        "wim",
        Some(7),
        &Event::PreviewEnd {
            preview: 3,
            from_ms: 0,
            to_ms: 1500,
            heard_ms: 1500,
            refunded_ms: 3500,
            sink: "null".into(),
        },
    );
    let p = &r.rows("previews").unwrap()["3"];
    assert_eq!(p.get("heard_ms"), Some("1500"));
    assert_eq!(p.cols["heard_ms"].seq, 4);
    assert_eq!(p.made_by, 2);
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn an_event_about_a_row_no_entry_made_is_unplaced() {
    let mut r = Replay::new();
    r.apply(
        5,
        "lea",
        None,
        &Event::TeamPin {
            name: "ghost".into(),
        },
    );
    assert_eq!(r.unplaced.len(), 1);
    assert_eq!(r.unplaced[0].seq, 5);
    assert!(r.unplaced[0].problem.contains("users row ghost"));
    // A second import of the same item id: ids are never reused.
    import(&mut r, 6, 1);
    import(&mut r, 7, 1);
    assert!(r.unplaced.iter().any(|u| u.seq == 7));
}

#[test]
fn roles_come_from_the_entry_that_added_the_member() {
    let mut r = Replay::new();
    r.apply(
        1,
        "lea",
        None,
        &Event::TeamAdd {
            name: "wim".into(),
            role: Role::Worker,
            pin: None,
        },
    );
    r.apply(2, "lea", None, &Event::TeamPin { name: "wim".into() });
    let u = &r.rows("users").unwrap()["wim"];
    assert_eq!(u.get("role"), Some("worker"));
    assert_eq!(u.get("pin"), Some("yes"));
    assert_eq!(u.cols["role"].seq, 1);
}

#[test]
fn every_example_event_replays_and_each_table_has_its_columns() {
    let mut r = Replay::new();
    for (i, e) in examples().iter().enumerate() {
        r.apply(i as i64 + 1, "lea", Some(1), e);
    }
    assert_eq!(r.events as usize, examples().len());
    for (table, columns) in TABLES {
        if let Some(rows) = r.rows(table) {
            for row in rows.values() {
                for c in row.cols.keys() {
                    assert!(
                        columns.contains(c)
                            || (*table == "items" && SEALED_ITEM_FIELDS.contains(c)),
                        "{table} has no column {c}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_request_logged_before_its_terms_were_is_not_compared_on_them() {
    use crate::model::ApprovalKind;
    let mut r = Replay::new();
    let ask = |terms: Option<String>| Event::ApprovalRequest {
        request: 1,
        kind: ApprovalKind::Preview,
        lead: None,
        reason: None,
        terms,
    };
    r.apply(1, "wim", Some(3), &ask(None));
    assert!(!r.rows("approvals").unwrap()["1"].cols.contains_key("terms"));
    let mut r = Replay::new();
    r.apply(1, "wim", Some(3), &ask(Some("{}".into())));
    assert_eq!(r.rows("approvals").unwrap()["1"].get("terms"), Some("{}"));
}
