//! `due_flags_for(items)` gives exactly what `due_flags()` gives for those items: a front end
//! told that only they changed must show what a whole reading would.

use crate::testutil;

#[test]
fn the_flags_of_some_items_are_those_of_all_items_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = testutil::store(dir.path());
    // 1: undescribed (a notification decision owed); 2: described, a copy outside the store
    // and an access request; 3: described, an erasure request granted; 4: undescribed, a copy.
    let ids: Vec<i64> = ["a.opus", "b.opus", "c.opus", "d.opus"]
        .iter()
        .map(|n| testutil::import(&mut s, dir.path(), n))
        .collect();
    testutil::describe(&mut s, ids[1]);
    testutil::describe(&mut s, ids[2]);
    s.register_copy("wim", ids[1], "phone of wim").unwrap();
    s.register_copy("wim", ids[3], "laptop of wim").unwrap();
    s.access_request("wim", ids[1], "Maria", None).unwrap();
    s.erasure_request("wim", ids[2], "Maria", None).unwrap();
    s.erasure_decide(
        "lea",
        ids[2],
        "Maria",
        earshot_core::audit::ErasureDecision::Granted,
        "niets om te bewaren",
    )
    .unwrap();
    let granted = s.due_flags_for(&[ids[2]]).unwrap();
    assert_eq!(granted[0].erasure_granted_undeleted, 1, "{granted:?}");
    assert_eq!(granted[0].open_erasure_requests, 0, "{granted:?}");
    let all = s.due_flags().unwrap();
    assert!(all.len() >= 3, "{all:?}");
    let key = |d: &crate::due::DueFlags| serde_json::to_string(d).unwrap();
    for pick in [
        vec![ids[0]],
        vec![ids[1], ids[3]],
        vec![ids[3], ids[2], ids[3]],
        ids.clone(),
    ] {
        let mut want: Vec<String> = all
            .iter()
            .filter(|d| pick.contains(&d.item))
            .map(key)
            .collect();
        let mut got: Vec<String> = s.due_flags_for(&pick).unwrap().iter().map(key).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "for {pick:?}");
    }
    assert!(s.due_flags_for(&[999]).unwrap().is_empty());
}
