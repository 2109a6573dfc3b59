//! What a subject is handed can be checked without us: a processing statement and a letter
//! come with a signed checkpoint, the key printed in the document, and `proofs.json`, which
//! `earshot verify-proof` checks with no store at all; any change to the proofs, or a key that
//! is not the one printed, fails (exit 4).

mod common;

use std::path::Path;
use std::process::Command;

use base64ct::{Base64, Encoding};
use common::*;

/// `earshot verify-proof` as a subject runs it: no store, no key file, no guardian.
fn verify_proof(dir: &Path, extra: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().expect("temp home");
    Command::new(BIN)
        .arg("verify-proof")
        .arg(dir)
        .args(extra)
        .env_remove("EARSHOT_STORE")
        .env_remove("EARSHOT_KEY_FILE")
        .env_remove("EARSHOT_SOCKET")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_RUNTIME_DIR", home.path().join("run"))
        .output()
        .expect("run earshot")
}

fn code(o: &std::process::Output) -> Option<i32> {
    o.status.code()
}

/// An access request for Maria Jansen on `id`, granted with leo's PIN into `out`.
fn grant_into(s: &TestStore, id: i64, lang: &str, out: &Path) {
    let ids = id.to_string();
    s.ok(
        "wim",
        &["access", "request", &ids, "--subject", "Maria Jansen"],
    );
    s.ok_stdin(
        "wim",
        &[
            "access",
            "grant",
            &ids,
            "--subject",
            "Maria Jansen",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--identity-checked",
            "ID card shown at the office",
            "--lang",
            lang,
            "--out",
            out.to_str().expect("path"),
        ],
        "654321\n",
    );
}

/// A described recording whose copy and statement were handed to Maria Jansen.
fn granted(s: &TestStore, lang: &str) -> (i64, std::path::PathBuf) {
    let id = s.import("voice.opus");
    s.describe(id);
    let out = s.tmp.path().join(format!("for-maria-{lang}"));
    grant_into(s, id, lang, &out);
    (id, out)
}

#[test]
fn a_processing_statement_comes_with_proofs_anyone_can_check() {
    let s = TestStore::new();
    let (id, out) = granted(&s, "nl");
    let proofs = out.join(format!("verwerkingsoverzicht-opname-{id}.proofs.json"));
    let meta = std::fs::metadata(&proofs).expect("the proofs are written with the statement");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let statement =
        std::fs::read_to_string(out.join(format!("verwerkingsoverzicht-opname-{id}.md")))
            .expect("statement");
    let key = s.ok("lea", &["audit", "key"]).trim().to_string();
    assert!(
        statement.contains(&key),
        "the statement prints the key: {statement}"
    );
    assert!(
        statement.contains("Zo kunt u ons logboek controleren"),
        "{statement}"
    );
    assert!(statement.contains("earshot verify-proof"), "{statement}");
    assert!(
        statement.contains(&format!("`verwerkingsoverzicht-opname-{id}.proofs.json`")),
        "{statement}"
    );
    let html = std::fs::read_to_string(out.join(format!("verwerkingsoverzicht-opname-{id}.html")))
        .expect("html");
    assert!(html.contains(&key), "the HTML prints the key too");

    let o = verify_proof(&out, &["--json"]);
    assert_eq!(code(&o), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let all: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(all["verified"], true);
    assert_eq!(all["key"], key);
    let v = &all["proofs"][0];
    assert_eq!(v["item"], id);
    // Every entry about the item up to the checkpoint, the grant among them.
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let size = v["tree_size"].as_i64().expect("size");
    let expected: Vec<i64> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|e| e["seq"].as_i64())
        .filter(|seq| *seq <= size)
        .collect();
    let got: Vec<i64> = v["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["seq"].as_i64())
        .collect();
    assert_eq!(got, expected);
    assert!(
        v["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["action"] == "access.grant")
    );
    // The proofs file is named in the export's log entry, with its hash.
    let exported = log
        .as_array()
        .expect("log")
        .iter()
        .find(|e| e["action"] == "access.exported")
        .expect("exported")
        .clone();
    assert!(
        exported["detail"]["files"]
            .as_array()
            .expect("files")
            .iter()
            .any(|f| f["kind"] == "proofs"),
        "{exported}"
    );
}

#[test]
fn two_statements_in_one_folder_are_both_checked() {
    let s = TestStore::new();
    let (a, out) = granted(&s, "nl");
    let b = s.import("voice.m4a");
    s.describe(b);
    grant_into(&s, b, "nl", &out);
    let o = verify_proof(&out, &["--json"]);
    assert_eq!(code(&o), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let items: Vec<i64> = v["proofs"]
        .as_array()
        .expect("proofs")
        .iter()
        .filter_map(|p| p["item"].as_i64())
        .collect();
    assert_eq!(items, vec![a, b]);
}

#[test]
fn changed_proofs_or_another_key_fail() {
    let s = TestStore::new();
    let (id, out) = granted(&s, "en");
    let proofs = out.join(format!("processing-statement-item-{id}.proofs.json"));
    let original = std::fs::read_to_string(&proofs).expect("proofs");
    let mut v: serde_json::Value = serde_json::from_str(&original).expect("JSON");

    // An entry rewritten (someone else listened, say): its leaf no longer matches.
    let entry = v["entries"][0]["entry"]
        .as_str()
        .expect("entry")
        .to_string();
    let text = String::from_utf8(Base64::decode_vec(&entry).expect("base64")).expect("text");
    let forged = text.replacen("\"at\":\"", "\"at\":\"1", 1);
    v["entries"][0]["entry"] = Base64::encode_string(forged.as_bytes()).into();
    std::fs::write(&proofs, serde_json::to_string(&v).expect("json")).expect("write");
    let o = verify_proof(&out, &[]);
    assert_eq!(code(&o), Some(4), "{}", String::from_utf8_lossy(&o.stderr));
    // ... and with its leaf hash made to match, the path no longer leads to the signed root.
    let mut h = sha2::Sha256::new();
    use sha2::Digest;
    h.update([0u8]);
    h.update(forged.as_bytes());
    v["entries"][0]["leaf_hash"] = hex::encode(h.finalize()).into();
    std::fs::write(&proofs, serde_json::to_string(&v).expect("json")).expect("write");
    let o = verify_proof(&out, &[]);
    assert_eq!(code(&o), Some(4));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("its proof fails"), "{err}");

    // Put back: it holds again.
    std::fs::write(&proofs, &original).expect("write");
    let o = verify_proof(&out, &[]);
    assert_eq!(code(&o), Some(0), "{}", String::from_utf8_lossy(&o.stderr));

    // Another store's key, given or printed: the proofs were not made with it.
    let other = TestStore::new();
    let other_key = other.ok("lea", &["audit", "key"]).trim().to_string();
    let o = verify_proof(&out, &["--key", &other_key]);
    assert_eq!(code(&o), Some(4));
    for f in std::fs::read_dir(&out).expect("dir").flatten() {
        let p = f.path();
        if p.extension().is_some_and(|e| e == "md" || e == "html") {
            let own = s.ok("lea", &["audit", "key"]).trim().to_string();
            let t = std::fs::read_to_string(&p)
                .expect("doc")
                .replace(&own, &other_key);
            std::fs::write(&p, t).expect("write");
        }
    }
    let o = verify_proof(&out, &[]);
    assert_eq!(code(&o), Some(4));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not the key"), "{err}");
    // A checkpoint whose size was changed no longer verifies.
    let size = v["tree_size"].as_u64().expect("size");
    v["checkpoint"] = v["checkpoint"]
        .as_str()
        .expect("note")
        .replacen(&format!("\n{size}\n"), &format!("\n{}\n", size + 1), 1)
        .into();
    std::fs::write(&proofs, serde_json::to_string(&v).expect("json")).expect("write");
    let own = s.ok("lea", &["audit", "key"]).trim().to_string();
    let o = verify_proof(&out, &["--key", &own]);
    assert_eq!(code(&o), Some(4));
    // Nothing to check: said so.
    let empty = s.tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    let o = verify_proof(&empty, &[]);
    assert_eq!(code(&o), Some(2));
}

#[test]
fn a_letter_comes_with_its_proofs_beside_it() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let ids = id.to_string();
    s.describe(id);
    let dir = s.tmp.path().join("post");
    std::fs::create_dir(&dir).expect("dir");
    let letter = dir.join("brief.md");
    let write = [
        "letter",
        &ids,
        "--subject",
        "Maria Jansen",
        "--kind",
        "notification",
        "--out",
        letter.to_str().expect("path"),
    ];
    let v = s.json("wim", &write);
    let proofs = dir.join("brief.md.proofs.json");
    assert_eq!(v["proofs"], proofs.to_str().expect("path"));
    let text = std::fs::read_to_string(&letter).expect("letter");
    assert!(text.contains("brief.md.proofs.json"), "{text}");
    let o = verify_proof(&dir, &[]);
    assert_eq!(code(&o), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains(&format!("about item {id}")), "{said}");
    // Written again without --force: refused, the proofs included.
    s.fails("wim", &write, 2);
    assert!(proofs.exists());
}
