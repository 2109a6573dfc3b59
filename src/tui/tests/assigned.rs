//! Who an item is with: an assignee column (a flag when narrow), and a filter for what a lead
//! assigned to the user.

use super::*;

#[test]
fn the_queue_shows_the_assignee_and_filters_what_is_assigned_to_me() {
    let mut w = world("Jan");
    let mine = w.ids[2];
    w.store.assign("lea", mine, "wim").unwrap();
    let rows = w.store.queue().unwrap();
    assert_eq!(
        rows.iter()
            .find(|r| r.id == mine)
            .unwrap()
            .assigned_to
            .as_deref(),
        Some("wim")
    );
    assert!(
        rows.iter()
            .filter(|r| r.id != mine)
            .all(|r| r.assigned_to.is_none())
    );

    let mut app = app_for(&mut w, "wim");
    // Wide: a column of its own; narrow: a flag.
    let wide = draw(&mut app, 120, 30);
    assert!(wide.contains("With"), "{wide}");
    let row = wide
        .lines()
        .find(|l| l.contains(&format!(" {mine} ")))
        .unwrap();
    assert!(row.contains(" wim "), "{row}");
    let narrow = draw(&mut app, 80, 24);
    let row = narrow
        .lines()
        .find(|l| l.contains(&format!(" {mine} ")))
        .unwrap();
    assert!(row.contains("@wim"), "{row}");

    // `f` round to "assigned to me": only that item, and the header says so.
    for _ in 0..20 {
        if app.filter == Some(Filter::AssignedToMe) {
            break;
        }
        app.update(key(KeyCode::Char('f')));
    }
    assert_eq!(app.filter, Some(Filter::AssignedToMe));
    assert_eq!(app.view.len(), 1);
    assert_eq!(app.selected_row().unwrap().id, mine);
    assert!(draw(&mut app, 80, 24).contains("filter: assigned to me"));
    app.lang = Lang::Nl;
    let nl = draw(&mut app, 120, 30);
    assert!(
        nl.contains("aan mij toegewezen") && nl.contains("Bij"),
        "{nl}"
    );
    // For lea nothing is assigned: the filter leaves nothing, and says so.
    let mut lead = app_for(&mut w, "lea");
    lead.filter = Some(Filter::AssignedToMe);
    lead.rebuild_view();
    assert!(lead.view.is_empty());
    // One more `f`: every item again.
    app.update(key(KeyCode::Char('f')));
    assert_eq!(app.filter, None);
    assert_eq!(app.view.len(), 3);
}

#[test]
fn narrow_there_is_no_assignee_column_not_even_a_cut_off_one() {
    let mut w = world("Jan");
    w.store.assign("lea", w.ids[0], "wim").unwrap();
    let mut app = app_for(&mut w, "lea");
    let screen = draw(&mut app, 80, 24);
    let header = screen.lines().find(|l| l.contains("Received")).unwrap();
    assert!(header.trim_end().ends_with(" Flags"), "{header}");
    assert!(!header.contains('…'), "{header}");
}
