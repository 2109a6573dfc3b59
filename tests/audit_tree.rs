//! The log as a verifiable log, from the command line: signed checkpoints, inclusion and
//! consistency proofs that a verifier written from RFC 9162 alone accepts, and what
//! `audit verify --checkpoint` finds when the log was rewritten (chain recomputed and all),
//! cut short, or restored from a backup.

mod common;

use base64ct::{Base64, Encoding};
use common::*;
use sha2::{Digest, Sha256};

type Hash = [u8; 32];

/// An inclusion check written from RFC 9162 §2.1.3.2 for this test, sharing nothing with
/// earshot's own.
fn rfc_inclusion(index: u64, size: u64, leaf: Hash, path: &[Hash], root: Hash) -> bool {
    let node = |l: &Hash, r: &Hash| -> Hash {
        let mut h = Sha256::new();
        h.update([1u8]);
        h.update(l);
        h.update(r);
        h.finalize().into()
    };
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = leaf;
    for p in path {
        if s == 0 {
            return false;
        }
        if f % 2 == 1 || f == s {
            r = node(p, &r);
            while f % 2 == 0 && f != 0 {
                f /= 2;
                s /= 2;
            }
        } else {
            r = node(&r, p);
        }
        f /= 2;
        s /= 2;
    }
    s == 0 && r == root
}

fn hash_of(v: &serde_json::Value) -> Hash {
    let mut h = [0u8; 32];
    hex::decode_to_slice(v.as_str().expect("hex"), &mut h).expect("32 bytes of hex");
    h
}

/// A store with a few dozen entries: imports, descriptions, a team.
fn busy_store() -> TestStore {
    let s = TestStore::new();
    for name in ["voice.opus", "voice.m4a", "voice.mp3"] {
        let id = s.import(name);
        s.describe(id);
    }
    s
}

/// `audit verify --checkpoint FILE`, which must fail with exit 4; what it said.
fn verify_fails_against(s: &TestStore, cp: &std::path::Path) -> String {
    let cp = cp.to_str().expect("path");
    s.fails("lea", &["audit", "verify", "--checkpoint", cp], 4)
}

fn entries(s: &TestStore) -> i64 {
    s.json("lea", &["audit", "verify"])["entries"]
        .as_i64()
        .expect("entries")
}

#[test]
fn every_entry_is_proved_against_a_signed_checkpoint() {
    let s = busy_store();
    let out = s.tmp.path().join("cp.txt");
    let written = s.json(
        "wim",
        &["audit", "checkpoint", "--out", out.to_str().expect("path")],
    );
    let n = entries(&s);
    assert_eq!(written["tree_size"], n);
    let note = std::fs::read_to_string(&out).expect("the checkpoint was written");
    // A C2SP checkpoint: origin, size, base64 root, a blank line, an em-dash signature line.
    let lines: Vec<&str> = note.lines().collect();
    assert_eq!(lines[1], n.to_string());
    let root: Hash = Base64::decode_vec(lines[2])
        .expect("base64")
        .try_into()
        .expect("32 bytes");
    assert_eq!(hex::encode(root), written["root_hash"]);
    assert_eq!(lines[3], "");
    assert!(lines[4].starts_with(&format!("\u{2014} {} ", lines[0])));
    // The key printed by `audit key` checks it.
    let key = s.ok("wim", &["audit", "key"]).trim().to_string();
    assert_eq!(key, written["key"]);
    let v = earshot::core::checkpoint::Verifier::parse(&key).expect("a verifier key");
    let c = v.open(&note).expect("signed by the log's key");
    assert_eq!((c.size, c.root), (n as u64, root));

    let logins = ["lea", "leo", "wim", "wendy"];
    for seq in 1..=n {
        let p = s.json("wendy", &["audit", "prove", &seq.to_string()]);
        assert_eq!(p["leaf_index"], seq - 1);
        assert_eq!(p["tree_size"], n);
        assert_eq!(hash_of(&p["root_hash"]), root);
        let entry = Base64::decode_vec(p["entry"].as_str().expect("base64")).expect("base64");
        let mut h = Sha256::new();
        h.update([0u8]);
        h.update(&entry);
        let leaf: Hash = h.finalize().into();
        assert_eq!(leaf, hash_of(&p["leaf_hash"]), "leaf hash of #{seq}");
        let path: Vec<Hash> = p["path"]
            .as_array()
            .expect("path")
            .iter()
            .map(hash_of)
            .collect();
        assert!(
            rfc_inclusion((seq - 1) as u64, n as u64, leaf, &path, root),
            "the proof of #{seq} fails"
        );
        // The entry is the documented JSON, with no login in it.
        let text = String::from_utf8(entry).expect("UTF-8");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(json["seq"], seq);
        assert_eq!(json["v"], 1);
        for login in logins {
            assert!(
                !text.contains(&format!("\"{login}\"")),
                "{login} in #{seq}: {text}"
            );
        }
    }
    // A proof against an older, smaller tree checks against that tree's root.
    let small = s.json("wim", &["audit", "prove", "3", "--size", "5"]);
    let c = s.json("wim", &["audit", "consistency", "--from", "5"]);
    assert_eq!(c["first"], 5);
    assert_eq!(c["second"], n);
    assert_eq!(c["first_root"], small["root_hash"]);
    assert_eq!(c["second_root"], written["root_hash"]);
    assert!(c["path"].as_array().is_some_and(|p| !p.is_empty()));
    let same = earshot::core::merkle::verify_consistency(
        5,
        n as u64,
        &hash_of(&c["first_root"]),
        &root,
        &c["path"]
            .as_array()
            .expect("path")
            .iter()
            .map(hash_of)
            .collect::<Vec<_>>(),
    );
    assert!(same, "the consistency proof does not check");
    // The log goes on and still extends the checkpoint.
    s.import("voice.wav");
    let r = s.json(
        "lea",
        &[
            "audit",
            "verify",
            "--checkpoint",
            out.to_str().expect("path"),
        ],
    );
    assert_eq!(r["checkpoint"]["checkpoint_size"], n);
    assert!(r["checkpoint"]["entries"].as_u64().expect("entries") > n as u64);
}

#[test]
fn asking_for_what_is_not_there_is_bad_input() {
    let s = TestStore::new();
    let n = entries(&s);
    s.fails("lea", &["audit", "prove", "0"], 2);
    let err = s.fails("lea", &["audit", "prove", &(n + 1).to_string()], 2);
    assert!(err.contains(&format!("#{}", n + 1)), "{err}");
    s.fails(
        "lea",
        &["audit", "prove", "1", "--size", &(n + 1).to_string()],
        2,
    );
    s.fails("lea", &["audit", "consistency", "--from", "0"], 2);
    s.fails(
        "lea",
        &["audit", "consistency", "--from", "3", "--to", "2"],
        2,
    );
    // Not on the team: not even the log's key.
    s.fails("mallory", &["audit", "key"], 2);
}

/// Rewrites entry `seq`'s actor and recomputes the whole chain after it, as someone with
/// the database file and the store id (which is in clear) can.
fn rewrite_with_chain(s: &TestStore, seq: i64) {
    let db = s.raw_db();
    db.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .expect("drop triggers");
    db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = ?1", [seq])
        .expect("edit");
    rechain(&db);
}

#[test]
fn a_rewritten_log_with_its_chain_recomputed_fails_the_checkpoint_naming_the_entry() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = busy_store();
    let cp = s.tmp.path().join("cp.txt");
    s.ok(
        "lea",
        &["audit", "checkpoint", "--out", cp.to_str().expect("path")],
    );
    rewrite_with_chain(&s, 6);
    // The chain alone cannot tell ...
    s.ok("lea", &["audit", "verify"]);
    // ... the doctor can: it checks every entry against its leaf and the checkpoint it keeps.
    let o = s.run("lea", &["doctor"]);
    assert_code(&o, 4, &["doctor"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("#6 "), "{text}");
    // ... the tree can, and names the entry.
    let err = verify_fails_against(&s, &cp);
    assert!(err.contains("#6 "), "{err}");
    // Nor does a proof of the changed entry come out.
    let err = s.fails("lea", &["audit", "prove", "6"], 4);
    assert!(err.contains("#6 "), "{err}");

    // Rebuilding the tree from the rewritten entries as well (its rows removed: the store
    // fills it again when opened) gives a tree whose root is not the one signed.
    let db = s.raw_db();
    db.execute_batch("DROP TRIGGER audit_tree_no_delete; DELETE FROM audit_tree;")
        .expect("clear the tree");
    // The store signed that checkpoint and kept it beside its keys: it does not open.
    let err = s.fails("lea", &["queue"], 4);
    assert!(err.contains("does not extend the checkpoint"), "{err}");
    // Nor does the copy kept elsewhere accept it.
    std::fs::remove_file(s.key_file().with_extension("checkpoint")).expect("set aside");
    s.ok("lea", &["audit", "verify"]);
    let err = verify_fails_against(&s, &cp);
    assert!(err.contains("does not extend the checkpoint"), "{err}");
}

#[test]
fn a_restored_backup_is_shorter_than_the_checkpoint() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = busy_store();
    // A copy of the store as a backup would have it (the database checkpointed, then copied).
    s.raw_db()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint the WAL");
    let backup = s.tmp.path().join("backup.db");
    std::fs::copy(s.db(), &backup).expect("backup");
    s.import("voice.wav");
    let cp = s.tmp.path().join("cp.txt");
    let c = s.json(
        "lea",
        &["audit", "checkpoint", "--out", cp.to_str().expect("path")],
    );
    // The backup is put back.
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", s.db().display()));
    }
    std::fs::copy(&backup, s.db()).expect("restore");
    let vault_before = std::fs::read_dir(s.store_dir().join("vault"))
        .expect("vault")
        .count();
    // The store knows the checkpoint it signed last: the older log does not open, and
    // nothing is swept from the vault (the newer item's recording is still there).
    let err = s.fails("lea", &["queue"], 4);
    assert!(
        err.contains(&format!("fewer than the checkpoint's {}", c["tree_size"])),
        "{err}"
    );
    let vault_after = std::fs::read_dir(s.store_dir().join("vault"))
        .expect("vault")
        .count();
    assert_eq!(vault_before, vault_after, "nothing was swept");
    // Setting the store's own copy aside (a decision someone takes, knowing what was lost),
    // the one kept elsewhere still tells.
    std::fs::remove_file(s.key_file().with_extension("checkpoint")).expect("set aside");
    s.ok("lea", &["audit", "verify"]);
    // The newer recording, which the older database knows nothing of, is set aside in
    // quarantine when the vault is next looked at, not deleted.
    let d = s.json("lea", &["doctor"]);
    assert_eq!(d["quarantine"].as_array().expect("list").len(), 1, "{d}");
    let quarantined = std::fs::read_dir(s.store_dir().join("vault/quarantine"))
        .expect("quarantine")
        .count();
    assert_eq!(quarantined, 1);
    let err = verify_fails_against(&s, &cp);
    assert!(
        err.contains(&format!("fewer than the checkpoint's {}", c["tree_size"])),
        "{err}"
    );
}

#[test]
fn a_changed_or_foreign_checkpoint_is_refused() {
    let s = busy_store();
    let cp = s.tmp.path().join("cp.txt");
    s.ok(
        "lea",
        &["audit", "checkpoint", "--out", cp.to_str().expect("path")],
    );
    let note = std::fs::read_to_string(&cp).expect("read");
    let n = entries(&s);
    // A smaller size claimed under the same signature.
    let forged = note.replacen(&format!("\n{n}\n"), &format!("\n{}\n", n - 1), 1);
    let f = s.tmp.path().join("forged.txt");
    std::fs::write(&f, forged).expect("write");
    let err = s.fails(
        "lea",
        &["audit", "verify", "--checkpoint", f.to_str().expect("p")],
        4,
    );
    assert!(err.contains("changed after it was signed"), "{err}");
    // Another store's checkpoint.
    let other = busy_store();
    let ocp = other.tmp.path().join("cp.txt");
    other.ok(
        "lea",
        &["audit", "checkpoint", "--out", ocp.to_str().expect("path")],
    );
    let err = s.fails(
        "lea",
        &["audit", "verify", "--checkpoint", ocp.to_str().expect("p")],
        4,
    );
    assert!(err.contains("carries no signature of the key"), "{err}");
    // Not a file, not a note.
    s.fails(
        "lea",
        &["audit", "verify", "--checkpoint", "/nonexistent/cp"],
        2,
    );
    std::fs::write(&f, "hello\n").expect("write");
    s.fails(
        "lea",
        &["audit", "verify", "--checkpoint", f.to_str().expect("p")],
        4,
    );
    // An existing file is not overwritten without --force.
    s.fails(
        "lea",
        &["audit", "checkpoint", "--out", cp.to_str().expect("path")],
        2,
    );
    s.ok(
        "lea",
        &[
            "audit",
            "checkpoint",
            "--out",
            cp.to_str().expect("path"),
            "--force",
        ],
    );
}

#[test]
fn the_signing_key_is_the_stores_own_and_must_stay() {
    let s = busy_store();
    let sign = s.key_file().with_extension("log-key");
    let meta = std::fs::metadata(&sign).expect("the signing key is beside the master key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let master = std::fs::read_to_string(s.key_file()).expect("master key");
    let signing = std::fs::read_to_string(&sign).expect("signing key");
    assert_ne!(
        master.trim(),
        signing.trim(),
        "the signing key is not the master key"
    );
    // Gone: the store does not quietly make another.
    std::fs::rename(&sign, s.tmp.path().join("aside")).expect("move");
    let err = s.fails("lea", &["queue"], 2);
    assert!(err.contains("signing key"), "{err}");
    // Another store's key in its place is refused too.
    let other = TestStore::new();
    std::fs::copy(other.key_file().with_extension("log-key"), &sign).expect("copy");
    let err = s.fails("lea", &["queue"], 2);
    assert!(err.contains("does not belong to this store"), "{err}");
    std::fs::rename(s.tmp.path().join("aside"), &sign).expect("back");
    s.ok("lea", &["audit", "verify"]);
}

#[test]
fn a_store_from_before_the_tree_gets_its_tree_and_key_when_opened() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = busy_store();
    let n = entries(&s);
    let root = s.json("lea", &["audit", "checkpoint"])["root_hash"].clone();
    // As a store of the previous version was: no tree, no signing key.
    let db = s.raw_db();
    db.execute_batch(
        "DROP TRIGGER audit_tree_no_delete; DELETE FROM audit_tree; \
         DELETE FROM meta WHERE key = 'log_key';",
    )
    .expect("forget the tree");
    drop(db);
    std::fs::remove_file(s.key_file().with_extension("log-key")).expect("remove key");
    std::fs::remove_file(s.key_file().with_extension("checkpoint")).expect("none then");
    let c = s.json("lea", &["audit", "checkpoint"]);
    assert_eq!(c["tree_size"], n);
    // The same entries give the same tree.
    assert_eq!(c["root_hash"], root);
    assert!(s.key_file().with_extension("log-key").exists());
    let kept: String = s
        .raw_db()
        .query_row("SELECT value FROM meta WHERE key = 'log_key'", [], |r| {
            r.get(0)
        })
        .expect("the new key is recorded");
    assert_eq!(kept, c["key"].as_str().expect("key"));
}

#[test]
fn a_deletion_is_signed_for() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let kept = s.key_file().with_extension("checkpoint");
    assert!(!kept.exists(), "nothing signed yet");
    s.ok_stdin(
        "lea",
        &[
            "delete",
            &id.to_string(),
            "--reason",
            "asked by the mother",
            "--requested-by",
            "Maria Jansen",
            "--approved-by",
            "leo",
            "--pin-stdin",
        ],
        "654321\n",
    );
    let note = std::fs::read_to_string(&kept).expect("a checkpoint after the deletion");
    let size: i64 = note
        .lines()
        .nth(1)
        .expect("size")
        .parse()
        .expect("a number");
    // Every entry up to the deletion's is under it.
    let deleted_at = s.tamper_number("SELECT MAX(seq) FROM audit WHERE action = 'item.delete'");
    assert!(size >= deleted_at, "{size} < {deleted_at}");
}

#[test]
fn entries_removed_from_the_end_leave_leaves_without_entries() {
    let s = busy_store();
    let cp = s.tmp.path().join("cp.txt");
    let c = s.json(
        "lea",
        &["audit", "checkpoint", "--out", cp.to_str().expect("path")],
    );
    assert_eq!(c["tree_size"], entries(&s));
    let head = s.json("lea", &["audit", "verify"])["head"]
        .as_str()
        .expect("head")
        .to_string();
    let n = entries(&s);
    s.drop_log_guards();
    s.tamper(&format!("DELETE FROM audit WHERE seq = {n}"));
    // The chain that is left holds together; the tree says the entry is gone, and the head
    // printed before, given with the checkpoint, is not in the log.
    s.ok("lea", &["audit", "verify"]);
    let err = verify_fails_against(&s, &cp);
    assert!(err.contains(&format!("#{n} ")), "{err}");
    let cp = cp.to_str().expect("path");
    let err = s.fails(
        "lea",
        &["audit", "verify", "--checkpoint", cp, "--anchor", &head],
        4,
    );
    assert!(
        err.contains("not in this log") || err.contains(&format!("#{n} ")),
        "{err}"
    );
}

/// The tree size of the checkpoint kept at `path`, if one is there.
fn kept_size(path: &std::path::Path) -> Option<i64> {
    let note = std::fs::read_to_string(path).ok()?;
    note.lines().nth(1)?.parse().ok()
}

#[test]
fn a_checkpoint_folder_keeps_every_checkpoint_and_guards_the_open() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = busy_store();
    let elsewhere = tempfile::tempdir().expect("another disk");
    let dir = elsewhere.path().to_str().expect("path").to_string();
    // A worker cannot set it (refused and logged); a lead cannot name a relative path, a
    // folder that is not there, or one inside the store.
    s.fails("wim", &["settings", "checkpoint_dir", &dir], 3);
    let log = s.json("lea", &["audit", "log"]);
    let last = log
        .as_array()
        .expect("log")
        .last()
        .expect("an entry")
        .clone();
    assert_eq!(last["action"], "refused", "{last}");
    s.fails("lea", &["settings", "checkpoint_dir", "relative/dir"], 2);
    s.fails(
        "lea",
        &["settings", "checkpoint_dir", "/nonexistent/earshot"],
        2,
    );
    let inside = s.store_dir().join("vault");
    s.fails(
        "lea",
        &["settings", "checkpoint_dir", inside.to_str().expect("p")],
        2,
    );
    // Set: the log's checkpoint is there at once.
    let set = s.json("lea", &["settings", "checkpoint_dir", &dir]);
    assert!(set["checkpoint_dir"].as_str().is_some(), "{set}");
    let store_id: String = s
        .raw_db()
        .query_row("SELECT value FROM meta WHERE key='store_id'", [], |r| {
            r.get(0)
        })
        .expect("store id");
    let latest = elsewhere
        .path()
        .join(format!("earshot-{store_id}.checkpoint"));
    let all = elsewhere
        .path()
        .join(format!("earshot-{store_id}.checkpoints"));
    assert_eq!(kept_size(&latest), Some(entries(&s)));
    // A copy of the database from now, and the log goes on.
    s.raw_db()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint the WAL");
    let backup = s.tmp.path().join("backup.db");
    std::fs::copy(s.db(), &backup).expect("backup");
    s.import("voice.wav");
    s.ok("lea", &["audit", "checkpoint"]);
    assert_eq!(kept_size(&latest), Some(entries(&s)));
    let signed = std::fs::read_to_string(&all).expect("every checkpoint");
    assert_eq!(signed.matches("\n\u{2014} ").count(), 2, "{signed}");
    // The backup put back, and the copy beside the keys gone with it (the keys' folder restored
    // from the same backup): the checkpoint folder still tells.
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", s.db().display()));
    }
    std::fs::copy(&backup, s.db()).expect("restore");
    std::fs::remove_file(s.key_file().with_extension("checkpoint")).expect("gone too");
    let err = s.fails("lea", &["queue"], 4);
    assert!(err.contains("fewer than the checkpoint's"), "{err}");
}

#[test]
fn the_guardian_signs_the_log_as_it_grows() {
    let s = busy_store();
    let kept = s.key_file().with_extension("checkpoint");
    let socket = s.tmp.path().join("g.sock");
    let _g = serve_with(&s, &socket, &["--checkpoint-every-s", "1"]);
    // Signed at start ...
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let wait_for = |n: i64| {
        while kept_size(&kept) != Some(n) {
            assert!(
                std::time::Instant::now() < until,
                "no checkpoint of {n} entries (kept: {:?})",
                kept_size(&kept)
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for(entries(&s));
    // ... and again once the log has grown.
    s.import("voice.wav");
    wait_for(entries(&s));
}

#[test]
fn a_checkpoint_folder_out_of_reach_is_passed_over_and_a_foreign_file_there_stops_the_open() {
    let s = TestStore::new();
    let elsewhere = tempfile::tempdir().expect("another disk");
    let share = elsewhere.path().join("share");
    std::fs::create_dir(&share).expect("share");
    s.ok(
        "lea",
        &["settings", "checkpoint_dir", share.to_str().expect("p")],
    );
    let latest = std::fs::read_dir(&share)
        .expect("share")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "checkpoint"))
        .expect("the newest checkpoint is there");
    // Someone writes something else there: the store does not open until it is looked at.
    std::fs::write(&latest, "earshot/x\n1\nAAAA\n\n\u{2014} earshot/x AAAA\n").expect("write");
    let err = s.fails("lea", &["queue"], 4);
    assert!(err.contains("not this audit log's"), "{err}");
    // The share unmounted: the team goes on, and the next checkpoint waits for it.
    std::fs::remove_dir_all(&share).expect("unmount");
    s.ok("lea", &["queue"]);
    let err = s.fails("lea", &["audit", "checkpoint"], 1);
    assert!(err.contains("cannot be kept"), "{err}");
}

#[test]
fn a_changed_node_above_the_leaves_is_named() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = busy_store();
    let cp = s.tmp.path().join("cp.txt");
    s.ok(
        "lea",
        &["audit", "checkpoint", "--out", cp.to_str().expect("path")],
    );
    // The node over the largest power of two of leaves from the first: the root is made
    // from it.
    let level = 63 - (entries(&s) as u64).leading_zeros();
    let db = s.raw_db();
    db.execute_batch("DROP TRIGGER audit_tree_no_update;")
        .expect("drop the trigger");
    db.execute(
        "UPDATE audit_tree SET hash = zeroblob(32) WHERE level = ?1 AND idx = 0",
        [level],
    )
    .expect("change a node");
    // The copy beside the keys notices at open ...
    let err = s.fails("lea", &["queue"], 4);
    assert!(err.contains("does not extend the checkpoint"), "{err}");
    // ... and the walk names the node: the entries themselves still give the signed root.
    std::fs::remove_file(s.key_file().with_extension("checkpoint")).expect("set aside");
    let err = verify_fails_against(&s, &cp);
    assert!(err.contains(&format!("node {level}/0")), "{err}");
}

#[test]
fn a_rebuilt_log_is_placed_between_the_checkpoints_kept_in_the_folder() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = busy_store();
    let folder = tempfile::tempdir().expect("folder");
    s.ok(
        "lea",
        &[
            "settings",
            "checkpoint_dir",
            folder.path().to_str().expect("path"),
        ],
    );
    let first = s.json("lea", &["audit", "checkpoint"]);
    let after = first["tree_size"].as_u64().expect("size");
    let id = s.import("voice.flac");
    s.describe(id);
    let second = s.json("lea", &["audit", "checkpoint"]);
    let size = second["tree_size"].as_u64().expect("size");
    assert!(size > after + 1);
    // An entry after the first checkpoint is rewritten, chain and tree rebuilt.
    rewrite_with_chain(&s, after as i64 + 2);
    let db = s.raw_db();
    db.execute_batch("DROP TRIGGER audit_tree_no_delete; DELETE FROM audit_tree;")
        .expect("clear the tree");
    let err = s.fails("lea", &["queue"], 4);
    assert!(
        err.contains(&format!(
            "first {after} entries are still as signed earlier, the change lies in entries #{} to #{size}",
            after + 1
        )),
        "{err}"
    );
}

#[test]
fn committed_entries_lost_with_a_damaged_write_ahead_log_stop_the_open() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = busy_store();
    // Another connection keeps the database open, so what the commands below commit stays in
    // the write-ahead log (the last connection to close would fold it into the database).
    let holder = s.raw_db();
    holder
        .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get::<_, i64>(0))
        .expect("read");
    let before = entries(&s);
    let id = s.import("voice.flac");
    s.describe(id);
    let c = s.json("lea", &["audit", "checkpoint"]);
    assert!(c["tree_size"].as_i64().expect("size") > before);
    let blob: String = holder
        .query_row("SELECT blob FROM items WHERE id = ?1", [id], |r| r.get(0))
        .expect("blob");
    // The files as a crash would leave them: the database and its log, not yet folded in.
    let db = s.db();
    let wal = std::path::PathBuf::from(format!("{}-wal", db.display()));
    let saved_db = std::fs::read(&db).expect("db");
    let mut saved_wal = std::fs::read(&wal).expect("wal");
    assert!(saved_wal.len() > 32 + 24 + 4096, "frames in the log");
    drop(holder);
    // The last frames are damaged: SQLite stops reading the log at the first bad checksum,
    // and the transactions after it are gone.
    let n = saved_wal.len();
    for b in &mut saved_wal[n - 2000..n - 1000] {
        *b ^= 0x5a;
    }
    let _ = std::fs::remove_file(format!("{}-shm", db.display()));
    std::fs::write(&db, saved_db).expect("put back");
    std::fs::write(&wal, saved_wal).expect("put back");
    let err = s.fails("lea", &["queue"], 4);
    assert!(
        err.contains(&format!("fewer than the checkpoint's {}", c["tree_size"])),
        "{err}"
    );
    // Nothing was swept: the recording of the item the damaged log lost is still there.
    assert!(
        s.store_dir()
            .join("vault")
            .join(format!("{blob}.esv"))
            .exists()
    );
}
