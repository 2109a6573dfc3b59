//! What is due about an item, on the queue and the item screen: complaints and copies in the
//! queue's flags and the escalation view, and a WhatsApp item's chat around it.

use super::*;

#[test]
fn complaints_and_copies_show_in_the_queue_and_the_escalation_view() {
    let mut w = world("Jan");
    let id = w.ids[0];
    w.store
        .complaint_add(
            "wim",
            "Maria",
            Some(id),
            "Who heard this?",
            Some(chrono::Utc::now().date_naive() - chrono::Duration::days(50)),
        )
        .unwrap();
    // The item came by WhatsApp: its import registered wim's phone as a copy outside the store.
    let due = w.store.due_flags().unwrap();
    let d = due
        .iter()
        .find(|d| d.item == id)
        .expect("flags for the item");
    assert_eq!(
        (
            d.open_complaints,
            d.overdue_complaints,
            d.copies_outstanding
        ),
        (1, 1, 1)
    );
    let mut app = app_for(&mut w, "lea");
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: vec![],
        due,
    }));
    let s = draw(&mut app, 160, 30);
    assert!(
        s.contains("complaint overdue") && s.contains("copies outstanding"),
        "{s}"
    );
    app.update(key(KeyCode::Char('e')));
    assert_eq!(
        app.view.len(),
        1,
        "an overdue complaint puts the item in the escalation view"
    );
}

#[test]
fn a_whatsapp_items_detail_shows_the_chat_around_it() {
    let mut w = world("Jan");
    let export =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/whatsapp/android-nl");
    let req = crate::intake::ChatImportRequest {
        export: &export,
        case: "C-9",
        received_by: "wim",
        dry_run: false,
        limits: Default::default(),
    };
    let report =
        crate::intake::import_chat(&mut w.store, "wim", &req, &|| false, &mut |_| {}).unwrap();
    let id = report.imported[0].id.expect("imported");
    let chat = w.store.chat_context(id).unwrap().expect("context stored");
    let attached = chat
        .messages
        .iter()
        .find(|m| m.attachment)
        .expect("the attachment's message");
    let mut app = app_for(&mut w, "lea");
    open_item(&mut app, &mut w, "lea", id);
    let s = draw(&mut app, 160, 48);
    assert!(s.contains("Chat"), "{s}");
    let sender = attached.sender.clone().unwrap_or_default();
    assert!(s.contains("▶ ") && s.contains(&sender), "{s}");
}
