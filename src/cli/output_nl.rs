//! What `audit log` prints for people in Dutch; the log's entries are worded by their events.

use std::fmt::Write;

use super::output::clean;
use super::show_nl::moment;
use crate::core::audit::Entry;
use crate::core::lang::Lang;

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
