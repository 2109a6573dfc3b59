//! Tests of the store's side of listening: previews, playback and overviews.

use std::io::Read;

use super::*;
use crate::testutil;

/// What a clone of `t` would have been when tickets could still be cloned.
fn copy_of(t: &PreviewTicket) -> PreviewTicket {
    let s = &t.session;
    PreviewTicket {
        session: PreviewSession {
            id: s.id,
            item: s.item,
            from_ms: s.from_ms,
            window_ms: s.window_ms,
            supervisor: s.supervisor.clone(),
            sink: s.sink.clone(),
        },
    }
}

#[test]
fn a_preview_that_has_ended_cannot_be_opened_again() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let t = s
        .begin_preview(
            "lea",
            id,
            0,
            Some(1000),
            "leo",
            &crate::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    let copy = copy_of(&t);
    let (rec, session) = s.open_preview(t).unwrap();
    assert_eq!(rec.reader.len(), 10_000);
    s.end_preview(&session, 400).unwrap();
    let err = s.open_preview(copy).unwrap_err();
    assert!(matches!(err, StoreError::Integrity(_)), "{err:?}");
    assert!(err.to_string().contains("has already ended"), "{err}");
    // Nothing more was debited or logged by the refusal.
    let previews: i64 = s
        .db()
        .raw()
        .query_row("SELECT count(*) FROM previews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(previews, 1);
    assert_eq!(s.heard_ranges(id).unwrap(), vec![(0, 400)]);
}

#[test]
fn a_preview_this_store_never_started_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let t = s
        .begin_preview(
            "lea",
            id,
            0,
            Some(1000),
            "leo",
            &crate::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    let mut unknown = copy_of(&t);
    unknown.session.id += 1000;
    let err = s.open_preview(unknown).unwrap_err();
    assert!(matches!(err, StoreError::Integrity(_)), "{err:?}");
    assert!(
        err.to_string().contains("not one this store started"),
        "{err}"
    );
    let mut other = copy_of(&t);
    other.session.item += 1;
    let err = s.open_preview(other).unwrap_err();
    assert!(err.to_string().contains("belongs to item"), "{err}");
    // The real ticket still opens.
    assert!(s.open_preview(t).is_ok());
}

#[test]
fn a_preview_whose_recording_cannot_be_opened_is_refunded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let blob: String = s
        .db()
        .raw()
        .query_row("SELECT blob FROM items WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    std::fs::remove_file(s.vault_dir().join(format!("{blob}.esv"))).unwrap();
    let t = s
        .begin_preview(
            "lea",
            id,
            0,
            Some(1000),
            "leo",
            &crate::LeadProof::Pin("654321".into()),
            "null",
        )
        .unwrap();
    let err = s.open_preview(t).unwrap_err();
    assert!(err.to_string().contains("missing from the vault"), "{err}");
    let heard: Option<i64> = s
        .db()
        .raw()
        .query_row("SELECT heard_ms FROM previews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        heard,
        Some(0),
        "closed with nothing heard: the window refunded"
    );
}

#[test]
fn a_blob_name_from_the_database_never_becomes_a_path_outside_the_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let outside = tmp.path().join("outside.esv");
    std::fs::write(&outside, b"not a recording").unwrap();
    for evil in [
        "../../outside",
        "/etc/passwd",
        "ABCDEF0123456789ABCDEF0123456789",
    ] {
        s.db()
            .raw()
            .execute(
                "UPDATE items SET blob = ?1 WHERE id = ?2",
                rusqlite::params![evil, id],
            )
            .unwrap();
        // The item's key is bound to its blob's name, so the recording does not open...
        let err = s.open_recording(id).unwrap_err();
        assert!(matches!(err, StoreError::Integrity(_)), "{evil}: {err}");
        // ...and the name never becomes a path either.
        let err = s.blob_path(evil).unwrap_err();
        assert!(err.to_string().contains("never makes"), "{evil}: {err}");
    }
    assert!(s.blob_path(&"0a".repeat(16)).is_ok());
}

#[test]
fn an_overview_is_stored_and_handed_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let out = s
        .compute_overview(id, |mut r, len, format| {
            assert_eq!((len, format), (10_000, "ogg"));
            let mut first = [0u8; 4];
            r.read_exact(&mut first).map_err(|e| {
                StoreError::Io(
                    crate::StoreMsg::VaultRead {
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?;
            Ok::<_, StoreError>(first.to_vec())
        })
        .unwrap();
    assert_eq!(out.len(), 4);
    assert_eq!(s.waveform(id).unwrap(), Some(out));
}

#[test]
fn an_overview_too_large_to_be_one_is_refused_and_not_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    // Four seconds: 64 + 4 × 40 bytes at most. The whole recording is far more.
    assert_eq!(overview_limit(4_000), 224);
    let err = s
        .compute_overview(id, |mut r, _, _| {
            let mut all = Vec::new();
            r.read_to_end(&mut all).map_err(|e| {
                StoreError::Io(
                    crate::StoreMsg::VaultRead {
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?;
            Ok::<_, StoreError>(all)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Integrity(_)), "{err:?}");
    assert!(err.to_string().contains("10000 bytes"), "{err}");
    assert_eq!(s.waveform(id).unwrap(), None);
    // Exactly at the limit is accepted.
    s.compute_overview(id, |_, _, _| Ok::<_, StoreError>(vec![7u8; 224]))
        .unwrap();
}

#[test]
fn the_reader_lent_for_an_overview_stops_working_when_the_call_returns() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    let mut kept: Option<AnalysisReader> = None;
    s.compute_overview(id, |mut r, _, _| {
        let mut b = [0u8; 16];
        r.read_exact(&mut b).map_err(|e| {
            StoreError::Io(
                crate::StoreMsg::VaultRead {
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        kept = Some(r);
        Ok::<_, StoreError>(vec![1, 2, 3])
    })
    .unwrap();
    let mut r = kept.expect("the closure kept the reader");
    let mut b = [0u8; 16];
    let err = r.read(&mut b).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
    assert!(r.seek(SeekFrom::Start(0)).is_err());
    // Sent to another thread, it fails there too.
    let err = std::thread::spawn(move || r.read(&mut b).map(|_| ()))
        .join()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
}

#[test]
fn a_playback_permit_opens_once_and_its_session_records_what_was_heard() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = testutil::store(tmp.path());
    let id = testutil::import(&mut s, tmp.path(), "a.opus");
    testutil::describe(&mut s, id);
    let p = s.begin_play("wim", id, "null").unwrap();
    assert_eq!((p.item(), p.user(), p.sink()), (id, "wim", "null"));
    let (rec, session) = s.open_play(p).unwrap();
    assert_eq!(rec.duration_ms, 4_000);
    s.record_heard(&session, 0, 1000).unwrap();
    assert_eq!(s.end_play(&session).unwrap(), vec![(0, 1000)]);
}
