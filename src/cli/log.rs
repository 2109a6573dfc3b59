//! The verifiable log from the command line: `audit verify [--checkpoint FILE]`, `audit
//! checkpoint`, `audit key`, `audit prove`, `audit consistency`.

use std::path::Path;

use serde_json::json;

use super::args::Cli;
use super::context::{acting_user, open_store};
use super::failure::{Outcome, not_json, say, spoken};
use super::io;
use super::output::emit;
use crate::core::lang::Lang;
use crate::store::{LogMsg, Store, StoreError};

/// Opens the store for a member of the team.
fn open_for_member(cli: &Cli) -> Result<Store, super::Failure> {
    let me = acting_user()?;
    let s = open_store(cli)?;
    s.user(&me)?;
    Ok(s)
}

/// `earshot audit verify [--anchor HASH] [--checkpoint FILE]`.
pub fn verify(cli: &Cli, anchor: Option<&str>, checkpoint: Option<&Path>) -> Outcome {
    let s = open_for_member(cli)?;
    // With a checkpoint, one walk checks the chain and the tree together.
    let (r, cp) = match checkpoint {
        None => (s.audit_verify(anchor)?, None),
        Some(path) => {
            let bytes = io::read_file(path).map_err(|e| {
                StoreError::BadInput(
                    LogMsg::CheckpointUnreadable {
                        path: path.display().to_string(),
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?;
            let note = String::from_utf8(bytes).map_err(|_| {
                StoreError::Integrity(
                    LogMsg::CheckpointNotOurs {
                        detail: "it is not UTF-8 text".into(),
                    }
                    .into(),
                )
            })?;
            let (r, c) = s.audit_verify_checkpoint(&note, anchor)?;
            (r, Some(c))
        }
    };
    let mut v = serde_json::to_value(&r).map_err(|e| not_json(2, e))?;
    if let Some(c) = &cp {
        v["checkpoint"] = serde_json::to_value(c).map_err(|e| not_json(2, e))?;
    }
    emit(cli.json, &v, || {
        if spoken() == Lang::Nl {
            let mut t = format!(
                "Het auditlogboek is onbeschadigd: {} regels.\nLaatste regel: {}",
                r.entries, r.head
            );
            if r.anchor_found == Some(true) {
                t.push_str("\nHet logboek bouwt voort op het gegeven ankerpunt.");
            }
            if let Some(c) = &cp {
                t.push_str(&format!(
                    "\nHet logboek bouwt voort op het controlepunt van {} regels (wortel {}); \
                     het heeft er nu {} (wortel {}).",
                    c.checkpoint_size, c.checkpoint_root, c.entries, c.root_hash
                ));
            }
            return t;
        }
        let mut t = format!(
            "The audit log is intact: {} entries.\nHead: {}",
            r.entries, r.head
        );
        if r.anchor_found == Some(true) {
            t.push_str("\nThe log extends the anchor given.");
        }
        if let Some(c) = &cp {
            t.push_str(&format!(
                "\nThe log extends the checkpoint of {} entries (root {}); it now has {} \
                 (root {}).",
                c.checkpoint_size, c.checkpoint_root, c.entries, c.root_hash
            ));
        }
        t
    })
}

/// `earshot audit checkpoint [--out FILE [--force]]`.
pub fn checkpoint(cli: &Cli, out: Option<&Path>, force: bool) -> Outcome {
    let s = open_for_member(cli)?;
    let c = s.audit_checkpoint()?;
    match out {
        None => emit(cli.json, &c, || c.note.clone()),
        Some(path) => {
            let sha = io::write_private(path, c.note.as_bytes(), force)?;
            emit(
                cli.json,
                &json!({
                    "origin": c.origin, "tree_size": c.tree_size, "root_hash": c.root_hash,
                    "key": c.key, "out": path.display().to_string(), "sha256": sha,
                }),
                || {
                    say(
                        format!(
                            "Controlepunt van {} regels geschreven naar {}.\nControleer het met \
                             de sleutel {}",
                            c.tree_size,
                            path.display(),
                            c.key
                        ),
                        format!(
                            "Checkpoint of {} entries written to {}.\nCheck it with the key {}",
                            c.tree_size,
                            path.display(),
                            c.key
                        ),
                    )
                },
            )
        }
    }
}

/// `earshot audit key`.
pub fn key(cli: &Cli) -> Outcome {
    let s = open_for_member(cli)?;
    let k = s.log_key();
    emit(
        cli.json,
        &json!({ "key": k.to_string(), "origin": k.name() }),
        || k.to_string(),
    )
}

/// `earshot audit prove SEQ [--size N]`.
pub fn prove(cli: &Cli, seq: i64, size: Option<u64>) -> Outcome {
    let s = open_for_member(cli)?;
    let p = s.audit_prove(seq, size)?;
    emit(cli.json, &p, || {
        let mut t = say(
            format!(
                "Regel #{} is blad {} van de boom van {} regels.\nHash van het blad: {}\n\
                 Wortel: {}\nPad:",
                p.seq, p.leaf_index, p.tree_size, p.leaf_hash, p.root_hash
            ),
            format!(
                "Entry #{} is leaf {} of the tree of {} entries.\nLeaf hash: {}\nRoot: {}\nPath:",
                p.seq, p.leaf_index, p.tree_size, p.leaf_hash, p.root_hash
            ),
        );
        for h in &p.path {
            t.push_str(&format!("\n  {h}"));
        }
        t
    })
}

/// `earshot audit consistency --from N [--to M]`.
pub fn consistency(cli: &Cli, from: u64, to: Option<u64>) -> Outcome {
    let s = open_for_member(cli)?;
    let p = s.audit_consistency(from, to)?;
    emit(cli.json, &p, || {
        let mut t = say(
            format!(
                "Het logboek van {} regels (wortel {}) is het begin van het logboek van {} \
                 (wortel {}).\nPad:",
                p.first, p.first_root, p.second, p.second_root
            ),
            format!(
                "The log of {} entries (root {}) is a prefix of the log of {} (root {}).\nPath:",
                p.first, p.first_root, p.second, p.second_root
            ),
        );
        for h in &p.path {
            t.push_str(&format!("\n  {h}"));
        }
        t
    })
}
