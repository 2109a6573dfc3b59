//! What `settings`, `doctor` and `audit log` print for people in Dutch. The settings keys are
//! what a person types, so they stay as they are; the log's entries are worded by their events.

use std::fmt::Write;

use super::output::clean;
use super::show_nl::moment;
use crate::core::audit::{Entry, ProfileKey};
use crate::core::lang::Lang;
use crate::store::{DoctorReport, Settings};

pub fn audit_log(entries: &[Entry]) -> String {
    let mut t = String::new();
    for e in entries {
        let item = e.item.map(|i| format!("item {i}")).unwrap_or_default();
        let _ = writeln!(
            t,
            "#{:<6} {}  {:<12} {:<9} {}",
            e.seq,
            moment(&e.at),
            clean(&e.actor),
            item,
            e.describe(Lang::Nl)
        );
    }
    if entries.is_empty() {
        t.push_str("Geen regels.");
    }
    t
}

pub fn settings(s: &Settings) -> String {
    let rows = [
        (
            "preview_cap_s",
            s.preview_cap_s.to_string(),
            "seconden fragment per item (hoogstens 60)",
        ),
        (
            "escalation_days",
            s.escalation_days.to_string(),
            "werkdagen voordat een onaangeroerd item te laat is",
        ),
        (
            "retention_years",
            s.retention_years.to_string(),
            "jaren voordat een item vernietigd moet worden",
        ),
        (
            "backup_retention_days",
            s.backup_retention_days.to_string(),
            "dagen dat een reservekopie bewaard wordt (daarna mag een oud sleuteltijdvak weg: \
             `earshot key list`)",
        ),
    ];
    let mut t = String::new();
    for (key, value, what) in rows {
        let _ = writeln!(t, "{key:<22} {value:>4}   {what}");
    }
    let _ = writeln!(
        t,
        "{:<22} {}",
        "inbox",
        s.inbox.as_deref().map(clean).unwrap_or_else(|| {
            "(niet ingesteld: `earshot settings inbox /pad/naar/map`)".into()
        })
    );
    let _ = write!(
        t,
        "{:<22} {}",
        "checkpoint_dir",
        s.checkpoint_dir.as_deref().map(clean).unwrap_or_else(|| {
            "(niet ingesteld: `earshot settings checkpoint_dir /pad/op/een/andere/schijf`)".into()
        })
    );
    for key in ProfileKey::ALL {
        let k = key.key();
        let _ = write!(
            t,
            "\n{k:<22} {}",
            s.profile
                .get(key)
                .map(clean)
                .unwrap_or_else(|| format!("(niet ingesteld: `earshot settings {k} TEKST`)"))
        );
    }
    t
}

/// The report of `doctor`. What each finding says comes from the store as it words it.
pub fn doctor(r: &DoctorReport) -> String {
    let mut t = format!(
        "{} {} en {} auditregels gecontroleerd{}.\n",
        r.items_checked,
        if r.items_checked == 1 {
            "item"
        } else {
            "items"
        },
        r.audit_entries,
        if r.blobs_rehashed > 0 {
            format!(
                ", de hash van {} {} opnieuw berekend",
                r.blobs_rehashed,
                if r.blobs_rehashed == 1 {
                    "opname"
                } else {
                    "opnamen"
                }
            )
        } else {
            String::new()
        }
    );
    if r.findings.is_empty() {
        t.push_str("Niets mis gevonden.");
    }
    for f in &r.findings {
        let _ = writeln!(
            t,
            "{} {}",
            if f.repaired { "hersteld:" } else { "PROBLEEM:" },
            clean(f.text(crate::core::lang::Lang::Nl))
        );
    }
    t
}
