//! `earshot verify-proof PATH`: what a subject (or their lawyer, or the Autoriteit
//! Persoonsgegevens) runs on the proofs that came with a letter or a processing statement. No
//! store, no key file, no guardian: the checkpoint's signature is checked against the verifier
//! key printed in the document, and each entry's inclusion proof against the signed root.

use std::path::{Path, PathBuf};

use base64ct::{Base64, Encoding};
use serde_json::json;

use super::args::Cli;
use super::failure::{Failure, Outcome, bad, integrity, spoken};
use super::output::emit;
use crate::core::checkpoint::Verifier;
use crate::core::lang::Lang;
use crate::core::merkle::{self, Hash};
use crate::store::{PROOFS_FORMAT, ProofBundle};

/// Larger files are not proofs earshot wrote.
const MAX_FILE: u64 = 64 << 20;

fn is_proofs_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == "proofs.json" || n.ends_with(".proofs.json"))
}

fn read_small(p: &Path) -> Result<String, Failure> {
    let unreadable = |e: std::io::Error| {
        bad(
            format!("{} kan niet worden gelezen: {e}", p.display()),
            format!("cannot read {}: {e}", p.display()),
        )
    };
    let meta = std::fs::metadata(p).map_err(unreadable)?;
    if meta.len() > MAX_FILE {
        return Err(bad(
            format!("{} is te groot om bewijzen te zijn", p.display()),
            format!("{} is too large to be proofs", p.display()),
        ));
    }
    std::fs::read_to_string(p).map_err(unreadable)
}

/// The proofs file named, or every one in the folder named.
fn find_proofs(path: &Path) -> Result<Vec<PathBuf>, Failure> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let rd = std::fs::read_dir(path).map_err(|e| {
        bad(
            format!("{} kan niet worden gelezen: {e}", path.display()),
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let mut found: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_proofs_file(p))
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(bad(
            format!(
                "in {} staat geen proofs.json (of NAAM.proofs.json): dat bestand hoort bij de \
                 brief of het verwerkingsoverzicht",
                path.display()
            ),
            format!(
                "no proofs.json (or NAME.proofs.json) in {}: it comes with the letter or the \
                 processing statement",
                path.display()
            ),
        ));
    }
    Ok(found)
}

/// The verifier keys printed in the documents beside the proofs (Markdown, HTML, text).
fn keys_in_documents(dir: &Path) -> Vec<String> {
    let mut keys = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return keys;
    };
    for e in rd.flatten() {
        let p = e.path();
        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !p.is_file() || !matches!(ext, "md" | "html" | "txt") {
            continue;
        }
        let Ok(text) = read_small(&p) else {
            continue;
        };
        for token in text.split(|c: char| c.is_whitespace() || "`<>\"'()".contains(c)) {
            if token.matches('+').count() >= 2
                && let Ok(v) = Verifier::parse(token)
            {
                let k = v.to_string();
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
    }
    keys
}

/// `what`: the field, in Dutch and in English.
fn hash(s: &str, what: (&str, &str), seq: i64) -> Result<Hash, Failure> {
    let mut h = [0u8; 32];
    hex::decode_to_slice(s, &mut h).map_err(|_| {
        let (nl, en) = what;
        integrity(
            format!("het bewijs van regel #{seq}: de {nl} is geen hash"),
            format!("the proof of entry #{seq}: its {en} is not a hash"),
        )
    })?;
    Ok(h)
}

/// `earshot verify-proof PATH [--key KEY]`.
pub fn verify(cli: &Cli, path: &Path, key: Option<&str>) -> Outcome {
    let files = find_proofs(path)?;
    // The key to trust: given, or printed in the documents. The one inside a proofs file is
    // only trusted when it is the same.
    let trusted = match key {
        Some(k) => k.trim().to_string(),
        None => {
            let dir = files[0].parent().unwrap_or(Path::new("."));
            let mut keys = keys_in_documents(dir);
            match keys.len() {
                1 => keys.remove(0),
                0 => {
                    return Err(bad(
                        format!(
                            "in geen enkel document in {} staat een sleutel: geef de sleutel \
                             uit de brief met --key",
                            dir.display()
                        ),
                        format!(
                            "no key is printed in a document in {}: pass the key from the \
                             letter with --key",
                            dir.display()
                        ),
                    ));
                }
                _ => {
                    return Err(integrity(
                        format!(
                            "de documenten in {} noemen verschillende sleutels ({}): vraag \
                             welke van ons is, en geef die met --key",
                            dir.display(),
                            keys.join(", ")
                        ),
                        format!(
                            "the documents in {} print different keys ({}): ask which is \
                             ours, and pass it with --key",
                            dir.display(),
                            keys.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    let verifier = Verifier::parse(&trusted).map_err(|e| {
        bad(
            format!("--key is geen sleutel die earshot kent: {e}"),
            format!("--key: {e}"),
        )
    })?;
    let mut done = Vec::new();
    let mut words = Vec::new();
    for f in &files {
        let (proved, said) = verify_file(f, &verifier)?;
        done.push(proved);
        words.push(said);
    }
    let v = json!({
        "verified": true,
        "key": verifier.to_string(),
        "proofs": done,
    });
    emit(cli.json, &v, || {
        if spoken() == Lang::Nl {
            return verified_nl(&done, &words, &verifier.to_string());
        }
        let mut t = String::new();
        for d in &done {
            let entries = d["entries"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            t.push_str(&format!(
                "{}: all {} proofs hold: each entry about item {} is in the log {} of {} \
                 entries, signed by the key {}.\n",
                d["file"].as_str().unwrap_or(""),
                entries.len(),
                d["item"],
                d["origin"].as_str().unwrap_or(""),
                d["tree_size"],
                verifier
            ));
            for c in entries {
                t.push_str(&format!(
                    "  #{}  {}  {}\n",
                    c["seq"],
                    c["at"].as_str().unwrap_or(""),
                    c["action"].as_str().unwrap_or("")
                ));
            }
        }
        t
    })
}

/// What `verify-proof` proved, in Dutch: each entry in words (`said`, per file), not by its
/// action's code.
fn verified_nl(done: &[serde_json::Value], said: &[Vec<String>], key: &str) -> String {
    let mut t = String::new();
    for (d, said) in done.iter().zip(said) {
        let entries = d["entries"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        t.push_str(&format!(
            "{}: alle {} bewijzen kloppen: elke regel over item {} staat in het logboek {} van \
             {} regels, ondertekend met de sleutel {}.\n",
            d["file"].as_str().unwrap_or(""),
            entries.len(),
            d["item"],
            d["origin"].as_str().unwrap_or(""),
            d["tree_size"],
            key
        ));
        for (c, words) in entries.iter().zip(said) {
            t.push_str(&format!(
                "  #{}  {}  {words}\n",
                c["seq"],
                super::show_nl::moment(c["at"].as_str().unwrap_or(""))
            ));
        }
    }
    t
}

/// Checks one proofs file against the trusted key; what it proved, and each proved entry in
/// Dutch words.
fn verify_file(
    file: &Path,
    verifier: &Verifier,
) -> Result<(serde_json::Value, Vec<String>), Failure> {
    let shown = file.display().to_string();
    let bundle: ProofBundle = serde_json::from_str(&read_small(file)?).map_err(|e| {
        integrity(
            format!("{shown} is geen bewijsbestand dat earshot kan lezen: {e}"),
            format!("{shown} is not a proofs file earshot reads: {e}"),
        )
    })?;
    if bundle.format != PROOFS_FORMAT {
        return Err(integrity(
            format!(
                "{shown} heeft de vorm {:?}; deze earshot leest {PROOFS_FORMAT}",
                bundle.format
            ),
            format!(
                "{shown} is in the format {:?}; this earshot reads {PROOFS_FORMAT}",
                bundle.format
            ),
        ));
    }
    if bundle.key.trim() != verifier.to_string() {
        return Err(integrity(
            format!(
                "{shown}: de bewijzen zijn gemaakt met de sleutel {}, niet met de sleutel {} \
                 uit het document",
                bundle.key.trim(),
                verifier
            ),
            format!(
                "{shown}: the proofs were made with the key {}, not the key {} printed on the \
                 document",
                bundle.key.trim(),
                verifier
            ),
        ));
    }
    let cp = verifier.open(&bundle.checkpoint).map_err(|e| {
        integrity(
            format!("{shown}: het controlepunt klopt niet: {e}"),
            format!("{shown}: the checkpoint: {e}"),
        )
    })?;
    let mut checked = Vec::new();
    let mut said = Vec::new();
    for p in &bundle.entries {
        let seq = p.seq;
        let entry = Base64::decode_vec(&p.entry).map_err(|_| {
            integrity(
                format!("het bewijs van regel #{seq}: de regel is geen base64"),
                format!("the proof of entry #{seq}: its entry is not base64"),
            )
        })?;
        let leaf = merkle::leaf_hash(&entry);
        if leaf != hash(&p.leaf_hash, ("bladhash", "leaf hash"), seq)? {
            return Err(integrity(
                format!("het bewijs van regel #{seq}: de regel past niet bij zijn bladhash"),
                format!("the proof of entry #{seq}: the entry does not hash to its leaf hash"),
            ));
        }
        let fields: serde_json::Value = serde_json::from_slice(&entry).map_err(|_| {
            integrity(
                format!("regel #{seq} is geen JSON van het logboek"),
                format!("entry #{seq} is not the log's JSON"),
            )
        })?;
        if fields["seq"].as_i64() != Some(seq)
            || p.leaf_index != (seq - 1) as u64
            || fields["item"].as_i64() != Some(bundle.item)
        {
            return Err(integrity(
                format!(
                    "het bewijs van regel #{seq} hoort niet bij regel #{seq} over item {}",
                    bundle.item
                ),
                format!(
                    "the proof of entry #{seq} is not of entry #{seq} about item {}",
                    bundle.item
                ),
            ));
        }
        let path: Vec<Hash> = p
            .path
            .iter()
            .map(|h| hash(h, ("pad", "path"), seq))
            .collect::<Result<_, _>>()?;
        if p.tree_size != cp.size
            || !merkle::verify_inclusion(p.leaf_index, cp.size, &leaf, &path, &cp.root)
        {
            return Err(integrity(
                format!(
                    "regel #{seq} staat niet in het ondertekende logboek van {} regels: het \
                     bewijs klopt niet",
                    cp.size
                ),
                format!(
                    "entry #{seq} is not in the signed log of {} entries: its proof fails",
                    cp.size
                ),
            ));
        }
        checked.push(json!({
            "seq": seq,
            "action": fields["action"],
            "at": fields["at"],
        }));
        let detail = match &fields["detail"] {
            serde_json::Value::String(d) => d.clone(),
            other => other.to_string(),
        };
        said.push(crate::core::audit::describe_stored(
            Lang::Nl,
            fields["action"].as_str().unwrap_or(""),
            &detail,
        ));
    }
    Ok((
        json!({
            "file": shown,
            "origin": cp.origin,
            "tree_size": cp.size,
            "root_hash": hex::encode(cp.root),
            "item": bundle.item,
            "entries": checked,
        }),
        said,
    ))
}
