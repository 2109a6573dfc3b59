//! What `doctor` and `audit log` print for people in Dutch; the log's entries are worded by
//! their events.

use std::fmt::Write;

use super::output::clean;
use super::show_nl::moment;
use crate::core::audit::Entry;
use crate::core::lang::Lang;
use crate::store::DoctorReport;

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
