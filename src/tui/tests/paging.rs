//! A long queue: where the selection is ("20/100"), PgUp/PgDn moving by the rows the screen
//! shows rather than by a fixed ten, `:` going to an item number, and the selection kept on its
//! item when a new queue comes.

use super::*;

/// An app on `n` rows made from one real row, newest first.
fn long_queue(n: i64) -> App {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let one = app.rows[0].clone();
    let rows = (1..=n)
        .map(|id| {
            let mut r = one.clone();
            r.id = id;
            r.received_at = format!("2026-11-{:02}T10:{:02}:00Z", 1 + id / 60, id % 60);
            r
        })
        .collect();
    app.update(Msg::Worker(FromWorker::Queue {
        rows,
        escalations: vec![],
        due: vec![],
    }));
    // The selection stayed on the real row's item, which has a copy here: to the top.
    app.selected = 0;
    app
}

#[test]
fn a_new_queue_keeps_the_selection_on_its_item_not_its_row_number() {
    let mut app = long_queue(10);
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    let before = app.selected_row().map(|r| r.id);
    // Another user's import: a newer item above all the others.
    let mut rows = app.rows.clone();
    let mut new = rows[0].clone();
    new.id = 11;
    new.received_at = "2026-12-01T09:00:00Z".into();
    // As the worker sends it: newest first, so every row's place moves by one.
    rows.insert(0, new);
    app.update(Msg::Worker(FromWorker::Queue {
        rows,
        escalations: vec![],
        due: vec![],
    }));
    assert_eq!(app.selected_row().map(|r| r.id), before);
    assert_eq!(app.selected, 3, "one row down: the new item is above it");
}

#[test]
fn the_queue_says_where_the_selection_is() {
    let mut app = long_queue(100);
    let s = draw(&mut app, 100, 30);
    assert!(s.contains("1/100"), "{s}");
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert!(draw(&mut app, 100, 30).contains("3/100"));
    // A search that leaves fewer counts those.
    app.update(key(KeyCode::Char('/')));
    chars(&mut app, "42");
    app.update(key(KeyCode::Enter));
    let s = draw(&mut app, 100, 30);
    assert!(s.contains("1/1"), "{s}");
}

#[test]
fn page_down_and_up_move_by_the_rows_on_the_screen() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = long_queue(100);
        draw(&mut app, w, h);
        let page = app.hit.queue_rows.height as usize;
        assert!(page > 5, "{page} rows at {w}×{h}");
        app.update(key(KeyCode::PageDown));
        assert_eq!(app.selected, page);
        let s = draw(&mut app, w, h);
        assert!(s.contains(&format!("{}/100", page + 1)), "{s}");
        app.update(key(KeyCode::PageDown));
        app.update(key(KeyCode::PageUp));
        assert_eq!(app.selected, page);
        // Never past either end.
        for _ in 0..20 {
            app.update(key(KeyCode::PageDown));
        }
        assert_eq!(app.selected, 99);
        for _ in 0..20 {
            app.update(key(KeyCode::PageUp));
        }
        assert_eq!(app.selected, 0);
    }
}

#[test]
fn colon_goes_to_an_item_number_even_past_a_search() {
    let mut app = long_queue(100);
    app.update(key(KeyCode::Char(':')));
    assert!(draw(&mut app, 100, 30).contains("Go to item"));
    chars(&mut app, "42");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.selected_row().map(|r| r.id), Some(42));
    assert!(draw(&mut app, 100, 30).contains(&format!("{}/100", app.selected + 1)));
    // A search that hides the item is cleared to show it.
    app.update(key(KeyCode::Char('/')));
    chars(&mut app, "7");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Char(':')));
    chars(&mut app, "12");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.selected_row().map(|r| r.id), Some(12));
    assert!(app.search.is_empty());
    // An item that is not there: said, and the selection stays.
    app.update(key(KeyCode::Char(':')));
    chars(&mut app, "999");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.selected_row().map(|r| r.id), Some(12));
    let (said, error) = app.status.clone().unwrap();
    assert!(error && said.contains("999"), "{said}");
}

#[test]
fn search_finds_an_unconfirmed_name_too() {
    let mut app = long_queue(20);
    let i = app.rows.iter().position(|r| r.id == 5).unwrap();
    app.rows[i].from = Some("Moeder Jansen".into());
    app.rebuild_view();
    app.update(key(KeyCode::Char('/')));
    chars(&mut app, "jansen");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.view.len(), 1);
    assert_eq!(app.selected_row().map(|r| r.id), Some(5));
}

#[test]
fn filters_for_what_needs_attention() {
    use crate::store::due::DueFlags;
    use crate::store::triage::EscalationView;
    let mut app = long_queue(10);
    let i = app.rows.iter().position(|r| r.id == 2).unwrap();
    app.rows[i].overdue = true;
    let due = DueFlags {
        item: 7,
        open_complaints: 1,
        overdue_complaints: 0,
        open_access_requests: 0,
        overdue_access_requests: 0,
        open_erasure_requests: 0,
        overdue_erasure_requests: 0,
        erasure_granted_undeleted: 0,
        erasure_delete_by: None,
        copies_outstanding: 0,
        retention_due: false,
        notification_due_by: None,
        notification_overdue: false,
        exceptions_past_review: 0,
        next_due: None,
    };
    let escalation = EscalationView {
        id: 1,
        item: 5,
        kind: EscalationKind::Other,
        by: "wim".into(),
        reason: Some("moeder belt dagelijks".into()),
        at: "2026-11-30T10:00:00Z".into(),
        resolved_at: None,
        resolved_by: None,
        outcome: None,
        note: None,
    };
    let rows = app.rows.clone();
    app.update(Msg::Worker(FromWorker::Queue {
        rows,
        escalations: vec![escalation],
        due: vec![due],
    }));
    let ids = |app: &App| -> Vec<i64> { app.view.iter().map(|&i| app.rows[i].id).collect() };
    // Past the five stages: overdue, complaint, escalated, assigned to me, then every item again.
    for _ in 0..6 {
        app.update(key(KeyCode::Char('f')));
    }
    assert_eq!(app.filter, Some(Filter::Overdue));
    assert_eq!(ids(&app), vec![2]);
    assert!(draw(&mut app, 100, 30).contains("filter: overdue"));
    app.update(key(KeyCode::Char('f')));
    assert_eq!(ids(&app), vec![7]);
    app.update(key(KeyCode::Char('f')));
    assert_eq!(ids(&app), vec![5]);
    assert!(draw(&mut app, 100, 30).contains("filter: escalated"));
    app.update(key(KeyCode::Char('f')));
    assert!(draw(&mut app, 100, 30).contains("filter: assigned to me"));
    app.update(key(KeyCode::Char('f')));
    assert_eq!(app.view.len(), 10);
}

#[test]
fn six_digit_item_numbers_are_shown_whole() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "lea");
    let mut rows = w.store.queue().unwrap();
    rows[0].id = 100_000;
    rows[1].id = 99_999;
    app.update(Msg::Worker(FromWorker::Queue {
        rows,
        escalations: vec![],
        due: vec![],
    }));
    for (wd, ht) in [(80, 24), (120, 35)] {
        let screen = draw(&mut app, wd, ht);
        assert!(screen.contains("▶ 100000 "), "{screen}");
        assert!(screen.contains(" 99999 "), "{screen}");
    }
}
