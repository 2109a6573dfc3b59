//! The notification form offers every subject but the sender, and for a child a third kind of
//! decision: told through a parent on the recording. The store decides whether that holds.

use super::*;
use crate::tui::app::NotifyDecisionReq;

fn save(app: &mut App) -> Vec<Request> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )))
}

#[test]
fn a_child_may_be_told_through_a_parent_and_a_parent_may_not() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let id = w.ids[1];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('n')));
    let n = app.notify.clone().unwrap();
    assert_eq!(n.children, vec![false, true]);
    assert_eq!(n.parent_names, vec!["Maria".to_string()]);
    // Maria, a parent: the kind goes notified → exception → notified, never "through a parent".
    app.update(key(KeyCode::Tab));
    for want in [(true, false), (false, false)] {
        app.update(key(KeyCode::Right));
        let n = app.notify.clone().unwrap();
        assert_eq!((n.exception, n.via_parent), want);
    }
    // Sam, a child: notified → through a parent → exception.
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::Right));
    assert_eq!(app.notify.as_ref().unwrap().sel, 1);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right));
    let n = app.notify.clone().unwrap();
    assert!(n.via_parent && !n.exception);
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("through a parent"), "{screen}");
    assert!(
        screen.contains("◀ Sam ▶") && screen.contains("◀ Maria ▶"),
        "{screen}"
    );
    // Back to Maria: the form leaves "through a parent", which is not for her.
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::Left));
    assert!(!app.notify.as_ref().unwrap().via_parent);
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right));
    let reqs = save(&mut app);
    assert!(
        matches!(&reqs[..], [Request::Notify(i, s, NotifyDecisionReq::ViaParent { parent })]
            if *i == id && s == "Sam" && parent == "Maria"),
        "{reqs:?}"
    );
    // The store refuses it while Maria is not told, and records it once she is.
    let Request::Notify(_, _, d) = &reqs[0] else {
        unreachable!("matched above")
    };
    let d = d.clone();
    let e = w
        .store
        .notify("wim", id, "Sam", &d.clone().into_store())
        .unwrap_err();
    assert!(e.to_string().contains("has not been notified"), "{e}");
    w.store
        .notify(
            "wim",
            id,
            "Maria",
            &NotifyDecisionReq::Notified {
                channel: "letter".into(),
                on: chrono::Utc::now().date_naive(),
            }
            .into_store(),
        )
        .unwrap();
    w.store.notify("wim", id, "Sam", &d.into_store()).unwrap();
    assert!(
        w.store
            .show("wim", id)
            .unwrap()
            .pending_notifications
            .is_empty()
    );
}

#[test]
fn the_dutch_form_starts_with_a_dutch_channel() {
    let mut w = world("Jan");
    let u = w.store.user("wim").unwrap();
    let mut app = App::new(u, Lang::Nl, KeyMap::default());
    app.update(Msg::Worker(FromWorker::Queue {
        rows: w.store.queue().unwrap(),
        escalations: vec![],
        due: vec![],
    }));
    let id = w.ids[1];
    open_item(&mut app, &mut w, "wim", id);
    app.update(key(KeyCode::Char('n')));
    assert_eq!(app.notify.as_ref().unwrap().channel, "brief");
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("betrokkene") && screen.contains("brief"),
        "{screen}"
    );
}
