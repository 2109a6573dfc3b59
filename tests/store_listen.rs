//! The store's accounting of listening, through the library: previews debited before they
//! start and refunded to what was heard, full playback recorded range by range.

mod common;

use std::path::Path;

use earshot::core::model::{Channel, Metadata, Person, PersonRole, Role};
use earshot::store::{ImportRequest, Store, StoreError};

fn store(dir: &Path) -> Store {
    let mut s = Store::init(
        &dir.join("store"),
        Some(&dir.join("key")),
        "lea",
        earshot::store::system_clock(),
    )
    .unwrap();
    s.team_pin("lea", "lea", "123456").unwrap();
    s.team_add("lea", "wim", Role::Worker, None).unwrap();
    s.team_add("lea", "leo", Role::Lead, None)
        .and_then(|()| s.team_pin("leo", "leo", "654321"))
        .unwrap();
    s
}

fn import(s: &mut Store, name: &str) -> i64 {
    let req = ImportRequest {
        files: vec![common::fixture(name)],
        case: "C-1".into(),
        received_by: "wim".into(),
        channel: Channel::Whatsapp,
        from: None,
        received_at: None,
    };
    s.import("wim", &req, &earshot::audio::SymphoniaProber)
        .unwrap()[0]
        .id
}

fn left(s: &Store, id: i64) -> f64 {
    s.show("lea", id).unwrap().preview_left_s
}

fn actions(s: &Store, id: i64) -> Vec<String> {
    s.audit_log(Some(id))
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[test]
fn a_preview_is_debited_whole_and_refunded_to_what_was_heard() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = store(tmp.path());
    let id = import(&mut s, "voice.opus"); // 3.8 s
    let t = s
        .begin_preview(
            "wim",
            id,
            1000,
            Some(2000),
            "lea",
            &earshot::store::LeadProof::Pin("123456".into()),
            "null",
        )
        .unwrap();
    assert_eq!((t.from_ms(), t.window_ms()), (1000, 2000));
    assert_eq!(
        left(&s, id),
        18.0,
        "the whole window is debited before playing"
    );
    let (_, t) = s.open_preview(t).unwrap();
    assert_eq!(s.end_preview(&t, 1234).unwrap(), 1234);
    assert_eq!(left(&s, id), 20.0 - 1.234);
    // Closing twice changes nothing; a claim beyond the window is clipped to it.
    s.end_preview(&t, 2000).unwrap();
    assert_eq!(left(&s, id), 20.0 - 1.234);
    let log = s.audit_log(Some(id)).unwrap();
    let end = log.iter().rfind(|e| e.action == "preview.end").unwrap();
    let d: serde_json::Value = serde_json::from_str(&end.detail).unwrap();
    assert_eq!(d["from_ms"], 1000);
    assert_eq!(d["to_ms"], 2234);
    assert_eq!(d["refunded_ms"], 766);
    assert_eq!(
        actions(&s, id)
            .iter()
            .filter(|a| *a == "preview.end")
            .count(),
        1
    );
    assert_eq!(s.heard_ranges(id).unwrap(), vec![(1000, 2234)]);
}

#[test]
fn an_unclosed_preview_keeps_its_whole_debit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = store(tmp.path());
    let id = import(&mut s, "voice.opus");
    let _t = s
        .begin_preview(
            "lea",
            id,
            0,
            Some(3000),
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    drop(s); // the process dies: no end_preview
    let s = Store::open(
        &tmp.path().join("store"),
        Some(&tmp.path().join("key")),
        earshot::store::system_clock(),
    )
    .unwrap();
    assert_eq!(left(&s, id), 17.0);
    assert_eq!(
        s.heard_ranges(id).unwrap(),
        vec![(0, 3000)],
        "over-stated, never under-stated"
    );
}

#[test]
fn the_window_is_bounded_by_allowance_and_duration() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = store(tmp.path());
    let id = import(&mut s, "voice.m4a"); // 3.8 s
    let dur = (s.show("lea", id).unwrap().duration_s * 1000.0).round() as u64;
    let t = s
        .begin_preview(
            "lea",
            id,
            0,
            None,
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    assert_eq!(t.window_ms(), dur, "no more than the recording holds");
    let (_, t) = s.open_preview(t).unwrap();
    s.end_preview(&t, dur).unwrap();
    let t = s
        .begin_preview(
            "lea",
            id,
            500,
            Some(60_000),
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    assert_eq!(t.window_ms(), dur - 500);
    let (_, t) = s.open_preview(t).unwrap();
    s.end_preview(&t, t.window_ms()).unwrap();
    let err = s
        .begin_preview(
            "lea",
            id,
            dur,
            Some(1000),
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::BadInput(_)), "{err}");
    // Use the rest of the allowance, then be refused with what is left said.
    let rest = (left(&s, id) * 1000.0).round() as u64;
    let mut used = 0;
    while used < rest {
        let t = s
            .begin_preview(
                "lea",
                id,
                0,
                Some(rest - used),
                "leo",
                &earshot::store::LeadProof::Pin("654321".into()),
                "null",
            )
            .unwrap();
        let (_, t) = s.open_preview(t).unwrap();
        s.end_preview(&t, t.window_ms()).unwrap();
        used += t.window_ms();
    }
    assert_eq!(left(&s, id), 0.0);
    let err = s
        .begin_preview(
            "lea",
            id,
            0,
            Some(1000),
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap_err();
    assert!(err.to_string().contains("allowance of 20 s"), "{err}");
    let last = s.audit_log(Some(id)).unwrap().pop().unwrap();
    assert_eq!(last.action, "refused");
    assert!(last.detail.contains("preview_allowance_used"));
}

#[test]
fn previews_need_a_lead_with_their_pin() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = store(tmp.path());
    let id = import(&mut s, "voice.opus");
    let err = s
        .begin_preview(
            "wim",
            id,
            0,
            Some(1000),
            "wim",
            &earshot::store::LeadProof::None,
            "null",
        )
        .unwrap_err();
    assert!(matches!(&err, StoreError::Refused { .. }), "{err}");
    assert!(
        err.to_string().contains("wim is not a team leader"),
        "{err}"
    );
    let err = s
        .begin_preview(
            "wim",
            id,
            0,
            Some(1000),
            "leo",
            &earshot::store::LeadProof::None,
            "null",
        )
        .unwrap_err();
    assert!(err.to_string().contains("PIN is needed"), "{err}");
    let err = s
        .begin_preview(
            "wim",
            id,
            0,
            Some(1000),
            "leo",
            &earshot::store::LeadProof::Pin("123456".into()),
            "null",
        )
        .unwrap_err();
    assert!(err.to_string().contains("wrong PIN"), "{err}");
    assert_eq!(left(&s, id), 20.0, "nothing debited by refusals");
    let t = s
        .begin_preview(
            "wim",
            id,
            0,
            Some(1000),
            "leo",
            &earshot::store::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    assert_eq!(t.supervisor(), "leo");
    assert!(s.open_preview(t).unwrap().0.reader.len() > 1000);
    // The import registered the phone it came on (WhatsApp); then the refusal, the preview.
    assert_eq!(
        actions(&s, id),
        vec!["item.import", "copy.register", "refused", "preview.start"]
    );
}

#[test]
fn full_playback_is_refused_until_described_and_recorded_by_range() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = store(tmp.path());
    let id = import(&mut s, "voice.opus");
    let err = s.begin_play("wim", id, "null").unwrap_err();
    assert!(err.to_string().contains("sender"), "{err}");
    let m = Metadata {
        sender: Some("Jan".into()),
        subjects: vec![Person {
            name: "Maria".into(),
            role: PersonRole::Parent,
        }],
        purpose: Some("p".into()),
        ..Default::default()
    };
    s.describe("wim", id, &m).unwrap();
    let p = s.begin_play("wim", id, "null").unwrap();
    let (_, p) = s.open_play(p).unwrap();
    s.record_heard(&p, 0, 1500).unwrap();
    s.record_heard(&p, 1500, 2500).unwrap();
    s.record_heard(&p, 3000, 3500).unwrap();
    assert_eq!(s.end_play(&p).unwrap(), vec![(0, 2500), (3000, 3500)]);
    assert_eq!(s.heard_ranges(id).unwrap(), vec![(0, 2500), (3000, 3500)]);
    let a = actions(&s, id);
    assert_eq!(a.iter().filter(|x| *x == "play.heard").count(), 3);
    assert!(a.contains(&"play.end".to_string()) && a.contains(&"refused".to_string()));
    // A deleted item can no longer be opened, not even with a permit granted before.
    let granted = s.begin_play("wim", id, "null").unwrap();
    s.delete_item(
        "lea",
        id,
        "request",
        "Maria",
        "leo",
        &earshot::store::LeadProof::Pin("654321".into()),
    )
    .unwrap();
    assert!(s.begin_play("wim", id, "null").is_err());
    assert!(s.open_play(granted).is_err());
}
