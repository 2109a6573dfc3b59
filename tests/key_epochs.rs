//! Key epochs through the real binary: a deletion reaches the backups made before it once the
//! key epoch they hold its key under is retired, the live store reads on, only a lead rotates
//! or retires, the guardian does it on its keys (and retires due epochs on its own), and a
//! store from before epochs opens and is upgraded.
//!
//! Time: "31 days pass" moves the recorded moments the epochs were replaced 31 days back, as
//! `exception_review` moves a review date: the rule compares them with the clock.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{BIN, TestStore, assert_code, assert_ok, my_login};
use earshot::store::crypto::{self, EpochKey, MasterKey, epoch_key_path, epoch_retired_path};

/// Copies a folder as a backup would.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("backup folder");
    for e in std::fs::read_dir(from).expect("store folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else if e.file_name() != "reserve" {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// Runs `args` as `user` on the backup copy `backup`, with the keys as they are now: what
/// whoever restores a backup does. The newest checkpoint beside the keys (which an older copy
/// does not extend) is moved aside while it runs, as the README says to do to accept the loss
/// of what came after, and put back after.
fn on_backup(s: &TestStore, backup: &Path, user: &str, args: &[&str]) -> Output {
    let kept = s.key_file().with_extension("checkpoint");
    let aside = s.tmp.path().join("checkpoint.aside");
    let moved = std::fs::rename(&kept, &aside).is_ok();
    let o = s
        .command(user, args)
        .env("EARSHOT_STORE", backup)
        .output()
        .expect("run earshot");
    if moved {
        std::fs::rename(&aside, &kept).expect("put back");
    }
    o
}

fn delete(s: &TestStore, id: &str, out: &Path) -> serde_json::Value {
    let o = out.to_str().expect("path");
    s.json_stdin_ok(
        "lea",
        &[
            "delete",
            id,
            "--reason",
            "asked by the mother",
            "--requested-by",
            "Maria Jansen",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            o,
            "--lang",
            "en",
        ],
        "654321\n",
    )
}

/// "31 days pass": every replaced epoch was replaced 31 days earlier than recorded.
fn days_pass(s: &TestStore) {
    s.raw_db()
        .execute(
            "UPDATE key_epochs SET superseded_at = \
             strftime('%Y-%m-%dT%H:%M:%fZ', superseded_at, '-31 days') \
             WHERE superseded_at IS NOT NULL",
            [],
        )
        .expect("move the dates");
}

fn states(s: &TestStore) -> Vec<(u64, String)> {
    s.json("lea", &["key", "list"])
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| {
            (
                e["epoch"].as_u64().expect("epoch"),
                e["state"].as_str().expect("state").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_rotated_and_retired_epoch_makes_an_old_backup_unreadable_while_the_live_store_works() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let a = s.import("voice.opus").to_string();
    let b = s.import("voice.flac").to_string();
    s.describe(a.parse().expect("id"));
    s.describe(b.parse().expect("id"));
    let backup = s.tmp.path().join("backup");
    copy_dir(&s.store_dir(), &backup);

    // The deletion: its certificate says from when the backups made before it are unreadable.
    let out = s.tmp.path().join("cert");
    delete(&s, &a, &out);
    let cert: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join(format!("deletion-certificate-item-{a}.json")))
            .expect("certificate"),
    )
    .expect("JSON");
    let deleted_on = chrono::DateTime::parse_from_rfc3339(cert["deleted_at"].as_str().expect("at"))
        .expect("a moment")
        .date_naive();
    assert_eq!(cert["backups"]["epoch"], 1);
    assert_eq!(cert["backups"]["retired"], false);
    assert_eq!(
        cert["backups"]["unreadable_from"],
        (deleted_on + chrono::Days::new(30)).to_string()
    );
    let md = std::fs::read_to_string(out.join(format!("deletion-certificate-item-{a}.md")))
        .expect("certificate");
    assert!(md.contains("## Backups"), "{md}");
    assert!(md.contains("they can no longer be read"), "{md}");
    assert!(md.contains("`earshot key retire 1`"), "{md}");

    // A rotation by hand on top; the epoch of the deletion is not yet to be retired.
    let r = s.json("lea", &["key", "rotate"]);
    assert_eq!(r["epoch"], 3);
    assert_eq!(
        states(&s),
        [
            (1, "superseded".to_string()),
            (2, "superseded".to_string()),
            (3, "current".to_string())
        ]
    );
    let err = s.fails("lea", &["key", "retire", "1"], 3);
    assert!(err.contains("may be retired from"), "{err}");

    // Until then the backup gives the deleted recording back, with the keys as they are now.
    let o = on_backup(&s, &backup, "lea", &["show", &a, "--json"]);
    assert_ok(&o, &["show", &a, "(backup)"]);
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(shown["metadata"]["sender"], "Jan Jansen", "{shown}");
    let o = on_backup(
        &s,
        &backup,
        "wim",
        &["play", &a, "--sink", "null", "--to", "0:01"],
    );
    assert_ok(&o, &["play", &a, "(backup)"]);

    days_pass(&s);
    let err = s.fails("lea", &["key", "retire", "3"], 3);
    assert!(err.contains("is the current one"), "{err}");
    let v = s.json("lea", &["key", "retire", "1"]);
    assert_eq!(v["state"], "retired");
    assert_eq!(v["retired_by"], "lea");
    s.ok("lea", &["key", "retire", "2"]);
    assert!(!epoch_key_path(&s.key_file(), 1).exists());
    assert!(epoch_retired_path(&s.key_file(), 1).exists());

    // The backup no longer opens: exit 4, and why.
    for (user, args) in [
        ("lea", vec!["show", a.as_str()]),
        (
            "wim",
            vec!["play", a.as_str(), "--sink", "null", "--to", "0:01"],
        ),
        ("lea", vec!["queue"]),
    ] {
        let o = on_backup(&s, &backup, user, &args);
        assert_code(&o, 4, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("key epoch 1 of this store was retired"),
            "{err}"
        );
    }
    // And no key in the key folder opens the deleted item's key the backup holds.
    let db = rusqlite::Connection::open(backup.join("earshot.db")).expect("the backup's db");
    let (blob, wrapped): (String, Vec<u8>) = db
        .query_row(
            "SELECT blob, wrapped_key FROM items WHERE id = ?1",
            [&a],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the backup holds the key");
    let master = MasterKey::load(&s.key_file()).expect("the master key");
    let item: i64 = a.parse().expect("id");
    assert!(master.legacy_epoch().unwrap(item, &blob, &wrapped).is_err());
    for n in 1..=5 {
        if let Ok(k) = EpochKey::load(&s.key_file(), n) {
            assert!(
                k.unwrap(item, &blob, &wrapped).is_err(),
                "epoch {n} opens it"
            );
        }
    }

    // The live store works: the other item plays, the log verifies, the certificate says so.
    let shown = s.json("wim", &["show", &b]);
    assert_eq!(shown["metadata"]["sender"], "Jan Jansen");
    s.ok("wim", &["play", &b, "--sink", "null", "--to", "0:01"]);
    s.ok("lea", &["audit", "verify"]);
    let again = s.tmp.path().join("again");
    s.ok(
        "lea",
        &[
            "certificate",
            &a,
            "--out",
            again.to_str().expect("path"),
            "--lang",
            "en",
        ],
    );
    let md = std::fs::read_to_string(again.join(format!("deletion-certificate-item-{a}.md")))
        .expect("certificate");
    assert!(md.contains("can no longer be read since"), "{md}");
    let log = s.json("lea", &["audit", "log"]);
    let actions: Vec<&str> = log
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "key.retire").count(), 2);
    // The deletion's own rotation names the item.
    assert!(
        log.as_array()
            .expect("entries")
            .iter()
            .any(|e| e["action"] == "key.rotate" && e["item"].as_i64() == a.parse().ok())
    );
}

#[test]
fn a_worker_can_neither_rotate_nor_retire_and_the_refusals_are_logged() {
    let s = TestStore::new();
    let err = s.fails("wim", &["key", "rotate"], 3);
    assert!(err.contains("only a team leader"), "{err}");
    let err = s.fails("wim", &["key", "retire", "1"], 3);
    assert!(err.contains("only a team leader"), "{err}");
    let log = s.json("lea", &["audit", "log"]);
    let refused: Vec<&serde_json::Value> = log
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "refused" && e["detail"]["attempt"] == "keys")
        .collect();
    assert_eq!(refused.len(), 2, "{log}");
    assert!(refused.iter().all(|e| e["actor"] == "wim"));
    assert_eq!(states(&s), [(1, "current".to_string())]);
    // A worker may look.
    s.ok("wim", &["key", "list"]);
    // In Dutch too.
    let o = s
        .command("wim", &["key", "rotate"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .expect("run");
    assert_code(&o, 3, &["key", "rotate"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("alleen een teamleider"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn backup_retention_days_is_a_lead_setting_that_moves_the_date() {
    let s = TestStore::new();
    s.ok("lea", &["key", "rotate"]);
    let v = s.json("lea", &["settings"]);
    assert_eq!(v["backup_retention_days"], 30);
    s.fails("wim", &["settings", "backup_retention_days", "7"], 3);
    s.fails("lea", &["settings", "backup_retention_days", "0"], 2);
    s.ok("lea", &["settings", "backup_retention_days", "7"]);
    let list = s.json("lea", &["key", "list"]);
    let replaced =
        chrono::DateTime::parse_from_rfc3339(list[0]["superseded_at"].as_str().expect("replaced"))
            .expect("a moment")
            .date_naive();
    assert_eq!(
        list[0]["retirable_from"],
        (replaced + chrono::Days::new(7)).to_string()
    );
}

/// A client of the guardian at `socket`: no store of its own.
fn client(s: &TestStore, socket: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--socket")
        .arg(socket)
        .args(args)
        .env_remove("EARSHOT_STORE")
        .env_remove("EARSHOT_KEY_FILE")
        .env_remove("EARSHOT_USER")
        .env_remove("EARSHOT_HOST")
        .env("HOME", s.tmp.path().join("client-home"))
        .env("LANG", "C.UTF-8")
        .current_dir(s.tmp.path())
        .stdin(Stdio::null())
        .output()
        .expect("run a client")
}

#[test]
fn through_the_guardian_the_keys_are_the_guardians_and_due_epochs_retire_on_their_own() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    s.ok("lea", &["team", "add", &my_login(), "--role", "lead"]);
    let a = s.import("voice.opus").to_string();
    let socket = s.tmp.path().join("g.sock");
    {
        let _g = common::serve(&s, &socket);
        let o = client(&s, &socket, &["key", "rotate", "--json"]);
        assert_ok(&o, &["key", "rotate"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(
            (v["epoch"].as_u64(), v["rewrapped"].as_u64()),
            (Some(2), Some(1))
        );
        assert!(epoch_key_path(&s.key_file(), 2).exists());
        // The guardian reads the item under the new epoch.
        let o = client(&s, &socket, &["show", &a, "--json"]);
        assert_ok(&o, &["show", &a]);
        let o = client(&s, &socket, &["key", "retire", "1"]);
        assert_code(&o, 3, &["key", "retire", "1"]);
        assert!(String::from_utf8_lossy(&o.stderr).contains("may be retired from"));
    }
    // 31 days later the guardian starts, and retires epoch 1 itself.
    days_pass(&s);
    let _g = common::serve(&s, &socket);
    let o = client(&s, &socket, &["key", "list", "--json"]);
    assert_ok(&o, &["key", "list"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v[0]["state"], "retired", "{v}");
    assert_eq!(v[0]["retired_by"], my_login().as_str());
    assert!(!epoch_key_path(&s.key_file(), 1).exists());
    let o = client(&s, &socket, &["show", &a, "--json"]);
    assert_ok(&o, &["show", &a]);
}

/// Makes the store what a version from before epochs left: its item keys wrapped under the
/// master key itself, no epochs, no epoch files; the schema as its 14th migration left it.
fn make_it_old(s: &TestStore) {
    let master = MasterKey::load(&s.key_file()).expect("the master key");
    let epoch = EpochKey::load(&s.key_file(), 1).expect("epoch 1");
    let db = s.raw_db();
    let rows: Vec<(i64, String, Vec<u8>)> = {
        let mut st = db
            .prepare("SELECT id, blob, wrapped_key FROM items WHERE wrapped_key IS NOT NULL")
            .expect("select");
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    for (id, blob, wrapped) in rows {
        let secret = epoch.unwrap(id, &blob, &wrapped).expect("opens");
        let legacy = crypto::wrap_v1(&master, &blob, &secret).expect("seal");
        db.execute(
            "UPDATE items SET wrapped_key = ?2 WHERE id = ?1",
            rusqlite::params![id, legacy],
        )
        .expect("update");
    }
    db.execute_batch(
        "DROP INDEX items_key_epoch; ALTER TABLE items DROP COLUMN key_epoch; \
         DROP TABLE key_epochs; ALTER TABLE uses DROP COLUMN register; \
         DELETE FROM settings WHERE key = 'backup_retention_days'; \
         DROP TABLE erasure_requests; ALTER TABLE copies DROP COLUMN kind; \
         ALTER TABLE users DROP COLUMN full_name; ALTER TABLE users DROP COLUMN title; \
         ALTER TABLE complaints DROP COLUMN heard_on; \
         ALTER TABLE complaints DROP COLUMN heard_by; \
         ALTER TABLE complaints DROP COLUMN hearing_skipped; \
         DROP TABLE vault_chunks; DROP TABLE vault_pending; \
         PRAGMA user_version = 14;",
    )
    .expect("the old schema");
    drop(db);
    std::fs::remove_file(epoch_key_path(&s.key_file(), 1)).expect("no epoch files then");
}

fn key_files(s: &TestStore) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(s.key_file().parent().expect("folder"))
        .expect("keys")
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

#[test]
fn a_store_with_one_key_file_from_before_epochs_opens_and_is_upgraded() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let a = s.import("voice.opus").to_string();
    s.describe(a.parse().expect("id"));
    make_it_old(&s);
    assert!(
        !key_files(&s)
            .iter()
            .any(|p| p.to_string_lossy().contains("epoch")),
        "{:?}",
        key_files(&s)
    );
    // The first command opens it: epoch 1 is made and the item's key wrapped under it.
    let shown = s.json("wim", &["show", &a]);
    assert_eq!(shown["metadata"]["sender"], "Jan Jansen");
    let list = s.json("lea", &["key", "list"]);
    assert_eq!(list[0]["epoch"], 0);
    assert_eq!(list[0]["master_key"], true);
    assert_eq!(list[0]["state"], "superseded");
    assert_eq!(list[1]["epoch"], 1);
    assert_eq!(list[1]["state"], "current");
    assert_eq!(list[1]["items"], 1);
    assert!(epoch_key_path(&s.key_file(), 1).exists());
    let log = s.json("lea", &["audit", "log"]);
    let last = log.as_array().and_then(|l| l.last()).expect("an entry");
    assert_eq!(last["action"], "key.rotate");
    assert_eq!(last["detail"]["rewrapped"], 1);
    // The master key itself is never retired.
    days_pass(&s);
    let err = s.fails("lea", &["key", "retire", "0"], 3);
    assert!(err.contains("master key itself"), "{err}");
    s.ok("wim", &["play", &a, "--sink", "null", "--to", "0:01"]);
    s.ok("lea", &["audit", "verify"]);
    // A deletion after the upgrade says what backups from before it still hold. (The
    // certificate is signed: the old store did not know its lead's full name and title.)
    s.ok(
        "lea",
        &[
            "team",
            "set",
            "lea",
            "--full-name",
            "Lea Bakker",
            "--title",
            "teamleider jeugd",
        ],
    );
    let out = s.tmp.path().join("cert");
    delete(&s, &a, &out);
    let md = std::fs::read_to_string(out.join(format!("deletion-certificate-item-{a}.md")))
        .expect("certificate");
    assert!(md.contains("did not yet use key epochs"), "{md}");
}
