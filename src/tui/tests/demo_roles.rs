//! The demo as either role: you are its first team leader, or (naming one of its own people)
//! that worker or lead, with the other role one command away.

use super::*;
use crate::tui::demo;

#[test]
fn the_demo_can_be_tried_as_a_worker_or_as_a_lead() {
    for (me, role, other) in [
        ("wim", Role::Worker, demo::FIRST_LEAD),
        ("fleur", Role::Lead, demo::WORKERS[0]),
        (demo::OTHER_LEAD.0, Role::Lead, demo::WORKERS[0]),
    ] {
        let (store, _dir, info) = demo::create(me).unwrap();
        assert_eq!(store.user(me).unwrap().role, role, "{me}");
        assert_eq!(store.queue().unwrap().len(), 6, "{me}");
        let names: Vec<&str> = info.team.iter().map(|(n, _, _)| n.as_str()).collect();
        assert!(names.contains(&me), "{me} not in {names:?}");
        let second = info.second_session.unwrap();
        assert!(
            second.contains(&format!("EARSHOT_USER={other} ")),
            "{me}: {second}"
        );
        // Whoever you are, a worker can ask and a lead can supervise: two leads with PINs.
        let leads = info
            .team
            .iter()
            .filter(|(_, r, p)| *r == Role::Lead && p.is_some());
        assert_eq!(leads.count(), 2, "{me}");
    }
}
