//! Erasure requests in the queue: an open one is flagged, and shown in a lead's escalation
//! view; a granted one is flagged with the date to delete by until the item is deleted.

use super::*;
use crate::core::audit::ErasureDecision;

/// The queue as the worker sends it, with what is due.
fn refreshed(w: &mut World, user: &str) -> App {
    let mut app = app_for(w, user);
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: w.store.escalations(None).unwrap(),
        due: w.store.due_flags().unwrap(),
    }));
    app
}

#[test]
fn an_open_erasure_request_is_flagged_and_a_lead_sees_it_among_the_escalations() {
    let mut w = world("Jan");
    let id = w.ids[1];
    w.store.erasure_request("wim", id, "Maria", None).unwrap();
    for (lang, long, short) in [
        (Lang::En, "erasure request", "erasure"),
        (Lang::Nl, "verzoek om wissing", "wissing"),
    ] {
        let mut app = refreshed(&mut w, "lea");
        app.lang = lang;
        app.rebuild_view();
        let row = |screen: &str| -> String {
            let needle = format!(" {id} ");
            screen
                .lines()
                .find(|l| l.contains(&needle) && l.contains("C-2"))
                .unwrap_or_default()
                .to_string()
        };
        let wide = draw(&mut app, 220, 30);
        assert!(row(&wide).contains(long), "{lang:?}:\n{wide}");
        let narrow = draw(&mut app, 80, 24);
        assert!(row(&narrow).contains(short), "{lang:?}:\n{narrow}");
        // The other items have none.
        let others: Vec<&str> = wide
            .lines()
            .filter(|l| l.contains("C-1") && l.contains(long))
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }
    // Only a lead decides it: it is in their escalation view, alone.
    let mut lead = refreshed(&mut w, "lea");
    lead.update(key(KeyCode::Char('e')));
    assert!(lead.escalation_view);
    let ids: Vec<i64> = lead.view.iter().map(|&i| lead.rows[i].id).collect();
    assert_eq!(ids, vec![id]);
}

#[test]
fn a_granted_erasure_is_flagged_with_its_date_until_the_item_is_deleted() {
    let mut w = world("Jan");
    let id = w.ids[1];
    let req = w.store.erasure_request("wim", id, "Maria", None).unwrap();
    w.store
        .erasure_decide(
            "lea",
            id,
            "Maria",
            ErasureDecision::Granted,
            "no ground to keep it",
        )
        .unwrap();
    let mut app = refreshed(&mut w, "lea");
    let screen = draw(&mut app, 220, 30);
    let want = format!("erasure granted (due by {})", Lang::En.date(req.due_on));
    assert!(screen.contains(&want), "{want}:\n{screen}");
    assert!(!screen.contains("erasure request"), "decided:\n{screen}");
    w.store
        .delete_item(
            "lea",
            id,
            "erasure granted",
            "Maria",
            "leo",
            &crate::store::LeadProof::Pin("654321".into()),
        )
        .unwrap();
    let mut app = refreshed(&mut w, "lea");
    let screen = draw(&mut app, 220, 30);
    assert!(!screen.contains("erasure"), "deleted:\n{screen}");
}
