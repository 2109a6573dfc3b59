//! Sealed values bound to their places: a store with a value in every sealed column, sealed
//! again as earlier versions did, is upgraded once at open and reads as before; a value that
//! does not open under its old label stops the upgrade; the walk names every value that does
//! not open where it is.

use std::path::Path;

use earshot_core::model::{ExceptionGround, ItemId};

use crate::approvals::Ask;
use crate::crypto::Column;
use crate::{LeadProof, NotifyDecision, Store, StoreError, testutil};

/// What the filled store holds.
struct Filled {
    /// The item with everything: chat context, notification, use, requests, response,
    /// access request, complaints, approvals, waveform, copy.
    item: ItemId,
    /// Another family's item, described.
    other: ItemId,
    /// A deleted item, with its certificate and a confirmed copy.
    deleted: ItemId,
    approvals: Vec<i64>,
}

fn filled(dir: &Path) -> (Store, Filled) {
    let mut s = testutil::store(dir);
    let id = testutil::import_from_chat(&mut s);
    s.escalate("wim", id, "mag ik dit met een teamleider beluisteren?")
        .expect("escalate");
    let e = s.escalate("wim", id, "nog een vraag").expect("escalate");
    s.resolve_escalation("lea", e, Some("al besproken"))
        .expect("dismiss");
    let mut approvals = Vec::new();
    let a = s
        .request_approval(
            "wim",
            &Ask::Exception {
                item: id,
                subject: "Maria".into(),
                reason: "de vader is gevaarlijk".into(),
                ground: ExceptionGround::Meldcode,
                review_on: s.now().date_naive() + chrono::Days::new(30),
            },
            Some("lea"),
            300,
        )
        .expect("approval about an item");
    approvals.push(a.id);
    let a = s
        .request_approval(
            "lea",
            &Ask::Settings {
                key: "preview_cap_s".into(),
                value: 30,
            },
            Some("leo"),
            300,
        )
        .expect("approval about no item");
    s.decline("leo", a.id, "te lang").expect("decline");
    approvals.push(a.id);
    s.notify(
        "wim",
        id,
        "Maria",
        &NotifyDecision::Notified {
            channel: "brief".into(),
            on: None,
        },
    )
    .expect("notify");
    s.record_use("wim", id, "VTO", "Raad", "samenvatting")
        .expect("use");
    s.save_waveform(id, b"overview").expect("waveform");
    s.record_response("wim", id, "Maria", "ik wist hier niets van", None)
        .expect("response");
    s.access_request("wim", id, "Maria", None).expect("access");
    s.access_extend("lea", id, "Maria", 1, "veel werk")
        .expect("extend");
    s.erasure_request("wim", id, "Maria", None)
        .expect("erasure");
    s.erasure_extend("wim", id, "Maria", 1, "veel werk")
        .expect("extend erasure");
    s.complaint_add("wim", "Kees", None, "niemand belde terug", None)
        .expect("complaint about no item");
    s.register_copy("wim", id, "telefoon van wim")
        .expect("copy");
    // A complaint sealed with the item's key, as versions before kept them.
    let row = crate::rows::load_row(s.db(), id).expect("row");
    let keys = s.item_keys(&row).expect("keys").expect("live");
    let cid = crate::sealing::next_row(s.db(), Column::Complaint).expect("id");
    let sealed = crate::crypto::seal_str(
        &keys.fields,
        &crate::crypto::Place::complaint(Some(id), cid),
        r#"{"from":"Maria","text":"eerder ingediend"}"#,
    )
    .expect("seal");
    s.db()
        .raw()
        .execute(
            "INSERT INTO complaints(id, item_id, case_id, scope, sealed, received_on, \
             acknowledge_by, decide_by, registered_by, registered_at) \
             VALUES (?1, ?2, 'C-1', 'item', ?3, '2024-01-01', '2024-01-08', '2024-02-12', \
             'wim', '2024-01-01T00:00:00Z')",
            rusqlite::params![cid, id, sealed],
        )
        .expect("insert");

    let other = testutil::import(&mut s, dir, "b.opus");
    testutil::describe(&mut s, other);
    let deleted = testutil::import(&mut s, dir, "c.opus");
    s.delete_certified(
        "lea",
        deleted,
        "verzoek",
        "Maria",
        "leo",
        &LeadProof::Pin("654321".into()),
        &[("telefoon van lea".into(), "lea".into())],
    )
    .expect("delete");
    (
        s,
        Filled {
            item: id,
            other,
            deleted,
            approvals,
        },
    )
}

/// Everything the filled store shows of its sealed values, as JSON.
fn shown(s: &Store, f: &Filled) -> Result<Vec<String>, StoreError> {
    let j = |v: serde_json::Value| v.to_string();
    let mut out = vec![
        j(serde_json::json!(s.show("wim", f.item)?)),
        j(serde_json::json!(s.show("wim", f.other)?)),
        j(serde_json::json!(s.chat_context(f.item)?)),
        j(serde_json::json!(s.escalations(None)?)),
        j(serde_json::json!(s.responses(f.item)?)),
        j(serde_json::json!(s.access_requests(None)?)),
        j(serde_json::json!(s.erasure_requests(None, false)?)),
        j(serde_json::json!(s.complaints(None, false)?)),
        j(serde_json::json!(s.waveform(f.item)?)),
        j(serde_json::json!(s.copies(f.item)?)),
        j(serde_json::json!(s.copies(f.deleted)?)),
        j(serde_json::json!(s.certificate("lea", f.deleted)?)),
    ];
    for a in &f.approvals {
        out.push(j(serde_json::json!(s.approval(*a)?)));
    }
    Ok(out)
}

fn reopen(dir: &Path) -> Result<Store, StoreError> {
    Store::open(
        &dir.join("store"),
        Some(&dir.join("key")),
        crate::system_clock(),
    )
}

fn seal_version(s: &Store) -> Option<String> {
    s.db()
        .raw()
        .query_row(
            "SELECT value FROM meta WHERE key = 'seal_version'",
            [],
            |r| r.get(0),
        )
        .ok()
}

/// Every sealed column's values, in the order of their rows.
/// What [`shown`] gives, without the audit head a certificate quotes (it moves with every entry).
fn without_head(shown: Vec<String>) -> Vec<String> {
    shown
        .into_iter()
        .map(|t| match serde_json::from_str::<serde_json::Value>(&t) {
            Ok(serde_json::Value::Object(mut m)) if m.contains_key("audit_head") => {
                m.remove("audit_head");
                serde_json::Value::Object(m).to_string()
            }
            _ => t,
        })
        .collect()
}

fn every_value(s: &Store) -> Vec<(Column, Vec<Vec<u8>>)> {
    Column::ALL
        .into_iter()
        .map(|c| {
            let mut st = s
                .db()
                .raw()
                .prepare(&format!(
                    "SELECT {} FROM {} WHERE {0} IS NOT NULL ORDER BY rowid",
                    c.name(),
                    c.table()
                ))
                .expect("select");
            let v = st
                .query_map([], |r| r.get(0))
                .expect("rows")
                .collect::<rusqlite::Result<Vec<Vec<u8>>>>()
                .expect("values");
            (c, v)
        })
        .collect()
}

/// The store as versions before seal version 2 left it.
fn as_version_1(s: &Store) {
    s.write(|tx, _| crate::sealing::seal_as_version_1(tx, &s.master, &s.epochs))
        .expect("seal as before");
    s.db()
        .raw()
        .execute("DELETE FROM meta WHERE key = 'seal_version'", [])
        .expect("forget the version");
}

#[test]
fn a_store_sealed_with_the_old_labels_is_upgraded_once_at_open_and_reads_as_before() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (s, f) = filled(tmp.path());
    assert_eq!(seal_version(&s).as_deref(), Some("2"), "a new store is");
    for (c, v) in every_value(&s) {
        assert!(!v.is_empty(), "{}.{} holds nothing", c.table(), c.name());
    }
    assert!(
        s.unopened(&Column::ALL).expect("walk").is_empty(),
        "every value opens where it is"
    );
    let before = without_head(shown(&s, &f).expect("shown"));

    as_version_1(&s);
    // Sealed as before, nothing opens where it is now.
    let e = s.show("wim", f.item).expect_err("old labels");
    assert!(matches!(e, StoreError::Integrity(_)), "{e:?}");
    let old = every_value(&s);
    drop(s);

    let s = reopen(tmp.path()).expect("upgraded at open");
    assert_eq!(seal_version(&s).as_deref(), Some("2"));
    // As before, but for the log's head the certificate quotes: the upgrade is logged.
    assert_eq!(without_head(shown(&s, &f).expect("shown")), before);
    assert!(s.unopened(&Column::ALL).expect("walk").is_empty());
    // Every value was sealed again, and the deleted item's values stay destroyed.
    let new = every_value(&s);
    for ((c, a), (_, b)) in old.iter().zip(&new) {
        assert_eq!(a.len(), b.len(), "{c:?}");
        // Items' keys are under an epoch of their own, bound to their place already: the seal
        // upgrade leaves them (a store from before epochs has them re-wrapped by the epoch
        // upgrade, tested with the key epochs).
        if *c == Column::ItemKey {
            assert_eq!(a, b, "item keys left as they are");
            continue;
        }
        assert!(
            a.iter().zip(b).all(|(x, y)| x != y),
            "{c:?} not sealed again"
        );
    }
    // The log says so, once, by earshot itself, with how many values were sealed again (the
    // values of live items and the store's own; items' keys are the epochs').
    let said = |s: &Store| -> Vec<(String, String)> {
        let mut st = s
            .db()
            .raw()
            .prepare("SELECT actor, detail FROM audit WHERE action = 'store.reseal'")
            .expect("select");
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    };
    let resealed: usize = old
        .iter()
        .zip(&new)
        .filter(|((c, _), _)| *c != Column::ItemKey)
        .map(|((_, a), (_, b))| a.iter().zip(b).filter(|(x, y)| x != y).count())
        .sum();
    let entries = said(&s);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0, crate::keys::KEYS_ACTOR);
    let detail: serde_json::Value = serde_json::from_str(&entries[0].1).expect("json");
    assert_eq!(detail["values"], resealed as u64, "{detail}");
    assert_eq!(detail["version"], 2);
    drop(s);
    // Once: the next open changes nothing.
    let s = reopen(tmp.path()).expect("open");
    assert_eq!(every_value(&s), new);
    assert_eq!(said(&s).len(), 1, "said once");
    s.audit_verify(None).expect("the log is untouched");
}

#[test]
fn a_value_that_does_not_open_under_its_old_label_stops_the_upgrade_and_is_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (s, f) = filled(tmp.path());
    as_version_1(&s);
    // The old labels did not name the item's row: two items' fields swapped opened anyway
    // under their blobs' names, but not these: items 1's fields moved to the other item.
    let raw = s.db().raw();
    let (a, b): (Vec<u8>, Vec<u8>) = raw
        .query_row(
            "SELECT (SELECT sealed FROM items WHERE id = ?1), \
             (SELECT sealed FROM items WHERE id = ?2)",
            [f.item, f.other],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("fields");
    raw.execute(
        "UPDATE items SET sealed = ?2 WHERE id = ?1",
        rusqlite::params![f.other, a],
    )
    .expect("move");
    let old = every_value(&s);
    drop(s);
    let e = reopen(tmp.path()).expect_err("stopped");
    assert!(matches!(e, StoreError::Integrity(_)), "{e:?}");
    assert!(
        e.to_string()
            .contains(&format!("items row {}, column sealed", f.other)),
        "{e}"
    );
    assert!(e.to_string().contains("nothing was changed"), "{e}");
    // Nothing was changed: the same bytes, no version recorded.
    let db = rusqlite::Connection::open(tmp.path().join("store/earshot.db")).expect("db");
    let version: Option<String> = db
        .query_row(
            "SELECT value FROM meta WHERE key = 'seal_version'",
            [],
            |r| r.get(0),
        )
        .ok();
    assert_eq!(version, None);
    let wrapped: Vec<u8> = db
        .query_row(
            "SELECT wrapped_key FROM items WHERE id = ?1",
            [f.item],
            |r| r.get(0),
        )
        .expect("key");
    let (_, keys) = &old[0];
    assert!(keys.contains(&wrapped));
    // Put back, it opens.
    db.execute(
        "UPDATE items SET sealed = ?2 WHERE id = ?1",
        rusqlite::params![f.other, b],
    )
    .expect("put back");
    drop(db);
    let s = reopen(tmp.path()).expect("upgraded");
    assert_eq!(seal_version(&s).as_deref(), Some("2"));
}

#[test]
fn the_walk_names_every_value_that_does_not_open_where_it_is() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (mut s, f) = filled(tmp.path());
    // Two complaints' texts swapped; the use's summary copied over the notification; the
    // request's reason moved into the column of the dismissal's note.
    let (c1, c2) = {
        let raw = s.db().raw();
        let rows: Vec<(i64, Vec<u8>)> = raw
            .prepare("SELECT id, sealed FROM complaints WHERE scope = 'store' ORDER BY id")
            .expect("select")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("complaints");
        assert!(rows.len() >= 2, "{rows:?}");
        let ((c1, v1), (c2, v2)) = (rows[0].clone(), rows[1].clone());
        for (id, v) in [(c1, v2), (c2, v1)] {
            raw.execute(
                "UPDATE complaints SET sealed = ?2 WHERE id = ?1",
                rusqlite::params![id, v],
            )
            .expect("swap");
        }
        raw.execute_batch(
            "UPDATE notifications SET sealed = (SELECT sealed FROM uses LIMIT 1); \
             UPDATE escalations SET note_sealed = sealed WHERE note_sealed IS NOT NULL;",
        )
        .expect("move");
        (c1, c2)
    };
    let found: Vec<String> = s
        .unopened(&Column::ALL)
        .expect("walk")
        .iter()
        .map(|e| {
            assert!(matches!(e, StoreError::Integrity(_)), "{e:?}");
            e.to_string()
        })
        .collect();
    let named = |what: &str| found.iter().any(|e| e.contains(what));
    for c in [c1, c2] {
        assert!(
            named(&format!("complaints row {c}, column sealed")),
            "{found:?}"
        );
    }
    assert!(named("notifications row 1, column sealed"), "{found:?}");
    assert!(named(", column note_sealed"), "{found:?}");
    assert_eq!(found.len(), 4, "{found:?}");
    // The doctor names them too (deep), and the item's own commands fail on them.
    let r = s.doctor("lea", true).expect("doctor");
    assert!(!r.healthy());
    for e in &found {
        assert!(
            r.findings.iter().any(|x| x.problem == *e),
            "{e}: {:?}",
            r.findings
        );
    }
    let e = s.complaint(c1).expect_err("swapped");
    assert!(
        e.to_string().contains(&format!("complaints row {c1}")),
        "{e}"
    );
    let e = s.show("wim", f.item).expect_err("moved");
    assert!(e.to_string().contains("notifications row 1"), "{e}");
}
