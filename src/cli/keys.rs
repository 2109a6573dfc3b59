//! The master key's epochs from the command line: `key list`, `key rotate`, `key retire EPOCH`.
//! Inside the guardian they run there, on its keys, as the login the kernel named.

use std::fmt::Write;

use serde_json::json;

use super::args::Cli;
use super::context::{acting_user, open_store};
use super::failure::Outcome;
use super::output::{clean, emit};
use crate::store::EpochView;

/// A stored moment as "YYYY-MM-DD HH:MM" (UTC); anything else as it is.
fn moment(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => clean(at),
    }
}

fn state_line(v: &EpochView) -> String {
    match v.state {
        "current" => "item keys are wrapped under it now".into(),
        "retired" => format!(
            "destroyed {}{}",
            v.retired_at.as_deref().map(moment).unwrap_or_default(),
            v.retired_by
                .as_deref()
                .map(|b| format!(" by {}", clean(b)))
                .unwrap_or_default()
        ),
        _ if v.master_key => {
            "the master key itself: never destroyed (backups from before epochs stay readable \
             with it)"
                .into()
        }
        _ if v.items > 0 => format!(
            "{} recording(s) still under it: `earshot key rotate` first",
            v.items
        ),
        _ if v.retirable_now => {
            "may be destroyed now: `earshot key retire N`".replace('N', &v.epoch.to_string())
        }
        _ => format!(
            "may be destroyed from {}",
            v.retirable_from
                .map(|d| d.to_string())
                .unwrap_or_else(|| "?".into())
        ),
    }
}

/// `earshot key list`.
pub fn list(cli: &Cli) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    let epochs = s.key_epochs(&me)?;
    let days = s.settings()?.backup_retention_days;
    emit(cli.json, &epochs, || {
        let mut t = format!(
            "{:<6} {:<11} {:>6}  {:<16}  {:<16}  {}\n",
            "EPOCH", "STATE", "ITEMS", "MADE", "REPLACED", "ITS KEY"
        );
        for v in &epochs {
            let _ = writeln!(
                t,
                "{:<6} {:<11} {:>6}  {:<16}  {:<16}  {}",
                v.epoch,
                v.state,
                v.items,
                moment(&v.created_at),
                v.superseded_at
                    .as_deref()
                    .map(moment)
                    .unwrap_or_else(|| "-".into()),
                state_line(v)
            );
        }
        let _ = write!(
            t,
            "Backups are kept {days} days (backup_retention_days): a replaced epoch may be \
             destroyed that long after it was replaced, and every backup made while it was \
             current can no longer be read from then on."
        );
        t
    })
}

/// `earshot key rotate`.
pub fn rotate(cli: &Cli) -> Outcome {
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    let (v, rewrapped, left) = s.key_rotate(&me)?;
    let days = s.settings()?.backup_retention_days;
    let out = json!({
        "epoch": v.epoch,
        "rewrapped": rewrapped,
        "left": left,
        "created_at": v.created_at,
        "key_file": v.key_file,
        "backup_retention_days": days,
    });
    emit(cli.json, &out, || {
        let mut t = format!(
            "Key epoch {} made: the keys of {rewrapped} recording(s) are wrapped under it now.",
            v.epoch
        );
        if left > 0 {
            let _ = write!(
                t,
                "\n{left} key(s) could not be opened and stay under their epoch (`earshot \
                 doctor` says which items are damaged)."
            );
        }
        let _ = write!(
            t,
            "\nThe epoch before it may be destroyed in {days} days (`earshot key list`); back up \
             {} with the other keys.",
            v.key_file.as_deref().map(clean).unwrap_or_default()
        );
        t
    })
}

/// `earshot key retire EPOCH`.
pub fn retire(cli: &Cli, epoch: u32) -> Outcome {
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    let v = s.key_retire(&me, epoch)?;
    emit(cli.json, &v, || {
        format!(
            "Key epoch {epoch} destroyed: its key file is overwritten and removed, and backups \
             made while it was current can no longer be read. Copies of that key file kept \
             elsewhere (a backup of the keys) undo this: destroy them too."
        )
    })
}
