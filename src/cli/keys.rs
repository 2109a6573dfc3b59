//! The master key's epochs from the command line: `key list`, `key rotate`, `key retire EPOCH`.
//! Inside the guardian they run there, on its keys, as the login the kernel named.

use std::fmt::Write;

use serde_json::json;

use super::args::Cli;
use super::context::{acting_user, open_store};
use super::failure::{Outcome, say, spoken};
use super::output::{clean, emit};
use crate::core::lang::Lang;
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

fn state_line_nl(v: &EpochView) -> String {
    match v.state {
        "current" => "de sleutels van de items zijn er nu mee versleuteld".into(),
        "retired" => format!(
            "vernietigd {}{}",
            v.retired_at.as_deref().map(moment_nl).unwrap_or_default(),
            v.retired_by
                .as_deref()
                .map(|b| format!(" door {}", clean(b)))
                .unwrap_or_default()
        ),
        _ if v.master_key => "de hoofdsleutel zelf: wordt nooit vernietigd (reservekopieën van \
                              vóór de tijdvakken blijven ermee leesbaar)"
            .into(),
        _ if v.items > 0 => format!(
            "nog {} opname(n) onder dit tijdvak: eerst `earshot key rotate`",
            v.items
        ),
        _ if v.retirable_now => {
            format!("mag nu worden vernietigd: `earshot key retire {}`", v.epoch)
        }
        _ => format!(
            "mag worden vernietigd vanaf {}",
            v.retirable_from
                .map(|d| Lang::Nl.date(d))
                .unwrap_or_else(|| "?".into())
        ),
    }
}

/// A stored moment in Dutch (UTC); anything else as it is.
fn moment_nl(at: &str) -> String {
    super::show_nl::moment(at)
}

fn state_nl(state: &str) -> &str {
    match state {
        "current" => "huidig",
        "retired" => "vernietigd",
        "superseded" => "vervangen",
        other => other,
    }
}

/// `earshot key list` in Dutch.
fn list_nl(epochs: &[EpochView], days: impl std::fmt::Display) -> String {
    let mut t = format!(
        "{:<8} {:<11} {:>6}  {:<21}  {:<21}  {}\n",
        "TIJDVAK", "STAAT", "ITEMS", "GEMAAKT", "VERVANGEN", "DE SLEUTEL"
    );
    for v in epochs {
        let _ = writeln!(
            t,
            "{:<8} {:<11} {:>6}  {:<21}  {:<21}  {}",
            v.epoch,
            state_nl(v.state),
            v.items,
            moment_nl(&v.created_at),
            v.superseded_at
                .as_deref()
                .map(moment_nl)
                .unwrap_or_else(|| "-".into()),
            state_line_nl(v)
        );
    }
    let _ = write!(
        t,
        "Reservekopieën worden {days} dagen bewaard (backup_retention_days): een vervangen \
         tijdvak mag zo lang na het vervangen worden vernietigd, en elke reservekopie die \
         gemaakt is toen het huidig was, is daarna niet meer te lezen."
    );
    t
}

/// `earshot key list`.
pub fn list(cli: &Cli) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    let epochs = s.key_epochs(&me)?;
    let days = s.settings()?.backup_retention_days;
    emit(cli.json, &epochs, || {
        if spoken() == Lang::Nl {
            return list_nl(&epochs, days);
        }
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
        if spoken() == Lang::Nl {
            let mut t = format!(
                "Sleuteltijdvak {} gemaakt: de sleutels van {rewrapped} opname(n) zijn er nu mee \
                 versleuteld.",
                v.epoch
            );
            if left > 0 {
                let _ = write!(
                    t,
                    "\n{left} sleutel(s) konden niet worden geopend en blijven onder hun tijdvak \
                     (`earshot doctor` zegt welke items beschadigd zijn)."
                );
            }
            let _ = write!(
                t,
                "\nHet tijdvak ervoor mag over {days} dagen worden vernietigd (`earshot key \
                 list`); bewaar een reservekopie van `{}` bij de andere sleutels.",
                v.key_file.as_deref().map(clean).unwrap_or_default()
            );
            return t;
        }
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
        say(
            format!(
                "Sleuteltijdvak {epoch} vernietigd: het sleutelbestand is overschreven en \
                 verwijderd, en reservekopieën van toen het huidig was zijn niet meer te lezen. \
                 Kopieën van dat sleutelbestand die ergens anders bewaard zijn (een reservekopie \
                 van de sleutels) maken dit ongedaan: vernietig die ook."
            ),
            format!(
                "Key epoch {epoch} destroyed: its key file is overwritten and removed, and backups \
             made while it was current can no longer be read. Copies of that key file kept \
             elsewhere (a backup of the keys) undo this: destroy them too."
            ),
        )
    })
}
