//! The tables checked against the log: `doctor` replays every audit event
//! ([`earshot_core::replay`]) and compares what the log says each row holds with what the row
//! holds. A row edited by hand (a preview's debit removed, a worker made a lead, a decision
//! inserted) no longer matches the entry that wrote it, and is named with that entry.

use std::collections::HashSet;

use earshot_core::audit::{Entry, Event, ProfileKey};
use earshot_core::replay::{Replay, Row, TABLES};
use serde::Serialize;

use crate::backend::{DbExt, Q, args};
use crate::{Result, Store};

/// One way a table differs from what the log says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayDifference {
    pub table: String,
    /// The row's key: its id, a member's name, a setting's key, or for a notification
    /// decision `item/subject` (the subject as the log's keyed hash).
    pub row: String,
    /// The column that differs (absent for a row missing on one side).
    pub column: Option<String>,
    /// The entry that last set the value (or made the row), when the log has one.
    pub event: Option<i64>,
    pub problem: String,
}

/// What replaying the log found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReplayReport {
    pub events: u64,
    pub differences: Vec<ReplayDifference>,
}

/// The statement that reads a table's rows as the replay keeps them: the key, then each of
/// the table's columns in [`TABLES`] order, as text.
fn statement(table: &str) -> Option<Q> {
    Some(match table {
        "users" => Q::ReplayUsers,
        "settings" => Q::ReplaySettings,
        "items" => Q::ReplayItems,
        "notifications" => Q::ReplayNotifications,
        "uses" => Q::ReplayUses,
        "previews" => Q::ReplayPreviews,
        "copies" => Q::ReplayCopies,
        "approvals" => Q::ReplayApprovals,
        "complaints" => Q::ReplayComplaints,
        "access_requests" => Q::ReplayAccessRequests,
        "erasure_requests" => Q::ReplayErasureRequests,
        _ => return None,
    })
}

/// Shown for a value in a finding: NULL as "nothing", text quoted, long text cut.
fn shown(v: Option<&str>) -> String {
    match v {
        None => "nothing".into(),
        Some(s) if s.chars().count() > 40 => {
            format!("'{}…'", s.chars().take(40).collect::<String>())
        }
        Some(s) => format!("'{s}'"),
    }
}

impl Store {
    /// Replays the log (checking its chain as it goes) and compares every table the gate
    /// decides from with it, in one consistent view of the store.
    pub fn replay_check(&self) -> Result<ReplayReport> {
        self.snapshot(|s| s.replay_check_now())?
    }

    fn replay_check_now(&self) -> Result<ReplayReport> {
        // The chain is checked on this thread while a second parses and applies each entry,
        // in batches.
        const BATCH: usize = 4096;
        let (replay, walked) = std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Entry>>(4);
            let worker = scope.spawn(move || {
                let mut replay = Replay::new();
                let mut buf = String::new();
                for batch in receive {
                    for e in batch {
                        match Event::parse_into(&e.action, &e.detail, &mut buf) {
                            Ok(ev) => replay.apply(e.seq, &e.actor, e.item, &ev),
                            Err(err) => replay.unreadable(e.seq, err.to_string()),
                        }
                    }
                }
                replay
            });
            let mut batch = Vec::with_capacity(BATCH);
            let mut each = |e: Entry| -> Result<()> {
                batch.push(e);
                if batch.len() == BATCH {
                    // A worker that is gone has panicked: the join below says so.
                    let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                }
                Ok(())
            };
            let walked = self.audit_verify_each(None, Some(&mut each));
            let _ = send.send(batch);
            drop(send);
            (worker.join(), walked)
        });
        walked?;
        let replay = match replay {
            Ok(r) => r,
            Err(p) => std::panic::resume_unwind(p),
        };
        let mut differences: Vec<ReplayDifference> = replay
            .unplaced
            .iter()
            .map(|u| ReplayDifference {
                table: String::new(),
                row: String::new(),
                column: None,
                event: Some(u.seq),
                problem: format!("audit entry {}: {}", u.seq, u.problem),
            })
            .collect();
        for (table, columns) in TABLES {
            let Some(q) = statement(table) else { continue };
            let empty = Default::default();
            let derived = replay.rows(table).unwrap_or(&empty);
            let mut seen = HashSet::new();
            // Row by row: a table of half a million rows is never held whole.
            self.db().each(q, args![], |r| {
                let key: String = r.get(0)?;
                let mut vals = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    vals.push(r.get::<usize, Option<String>>(i + 1)?);
                }
                // A folder setting's path is not logged; whether it is set is.
                if *table == "settings"
                    && crate::settings::FOLDER_KEYS.contains(&key.as_str())
                    && let Some(v) = vals.first_mut()
                {
                    *v = v.take().filter(|p| !p.is_empty()).map(|_| "yes".into());
                }
                // The profile's text and a member's full name and title are logged as keyed
                // hashes: compared as such.
                let hashed = match *table {
                    "settings" if ProfileKey::from_key(&key).is_some() => 0..1,
                    "users" => 2..4,
                    _ => 0..0,
                };
                for v in vals.get_mut(hashed).into_iter().flatten() {
                    *v = v
                        .take()
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| self.profile_hash(&t));
                }
                let unlogged;
                let expected = match derived.get(&key) {
                    Some(row) => {
                        seen.insert(key.clone());
                        Some(row)
                    }
                    None => {
                        unlogged = unlogged_row(table, &key);
                        unlogged.as_ref()
                    }
                };
                match expected {
                    Some(row) => compare_row(table, &key, columns, &vals, row, &mut differences),
                    None => differences.push(ReplayDifference {
                        table: table.to_string(),
                        row: key.clone(),
                        column: None,
                        event: None,
                        problem: format!(
                            "table {table}, row {key}: no entry of the audit log made it"
                        ),
                    }),
                }
                Ok(())
            })?;
            for (key, row) in derived {
                if !seen.contains(key) && !absent_is_fine(table, row) {
                    differences.push(ReplayDifference {
                        table: table.to_string(),
                        row: key.clone(),
                        column: None,
                        event: Some(row.made_by),
                        problem: format!(
                            "table {table}, row {key} is missing: audit entry {} made it",
                            row.made_by
                        ),
                    });
                }
            }
        }
        self.compare_sealed_fields(&replay, &mut differences)?;
        Ok(ReplayReport {
            events: replay.events,
            differences,
        })
    }

    /// Each live item's sealed fields against the keyed hashes the log holds of them: a sealed
    /// value put back from an older copy of the same row opens (it is the row's own), but is
    /// not what the last description logged.
    fn compare_sealed_fields(
        &self,
        replay: &Replay,
        differences: &mut Vec<ReplayDifference>,
    ) -> Result<()> {
        let Some(items) = replay.rows("items") else {
            return Ok(());
        };
        let live: Vec<i64> = self.db().all(Q::LiveItemIds, args![], |r| r.get(0))?;
        for id in live {
            let Some(derived) = items.get(&id.to_string()) else {
                continue; // named above: no entry made the row
            };
            // A row or a value that does not open is the doctor's own finding.
            let Ok(row) = crate::rows::load_row(self.db(), id) else {
                continue;
            };
            let Ok((Some(keys), Some(private))) = self.open_item_fields(&row) else {
                continue;
            };
            for (col, hash) in crate::items::logged_hashes(&keys.audit, &private) {
                let Some(fact) = derived.cols.get(col) else {
                    continue;
                };
                if fact.value == hash {
                    continue;
                }
                differences.push(ReplayDifference {
                    table: "items".into(),
                    row: id.to_string(),
                    column: Some(format!("sealed.{col}")),
                    event: Some(fact.seq),
                    problem: format!(
                        "table items, row {id}: the sealed {col} is not what audit entry {} \
                         logged (a value put back from an older copy?)",
                        fact.seq
                    ),
                });
            }
        }
        Ok(())
    }
}

fn compare_row(
    table: &str,
    key: &str,
    columns: &[&str],
    vals: &[Option<String>],
    row: &Row,
    out: &mut Vec<ReplayDifference>,
) {
    for (col, val) in columns.iter().zip(vals) {
        // A column the event that made the row did not carry (an entry from before it was
        // logged) is not compared.
        let Some(fact) = row.cols.get(col) else {
            continue;
        };
        if fact.value.as_deref() == val.as_deref() {
            continue;
        }
        let by = if fact.seq > 0 {
            format!("audit entry {}", fact.seq)
        } else {
            "its default (no entry changed it)".to_string()
        };
        out.push(ReplayDifference {
            table: table.to_string(),
            row: key.to_string(),
            column: Some(col.to_string()),
            event: (fact.seq > 0).then_some(fact.seq),
            problem: format!(
                "table {table}, row {key}, column {col} holds {} where {by} says {}",
                shown(val.as_deref()),
                shown(fact.value.as_deref()),
            ),
        });
    }
}

/// What a row holds that no event writes: a setting at its default.
fn unlogged_row(table: &str, key: &str) -> Option<Row> {
    if table != "settings" {
        return None;
    }
    let mut row = Row::default();
    let value = match crate::settings::SETTINGS.iter().find(|s| s.0 == key) {
        Some(s) => Some(s.1.to_string()),
        // A folder setting never set is empty.
        None if crate::settings::FOLDER_KEYS.contains(&key) => None,
        // Nor is a profile field never set.
        None if ProfileKey::from_key(key).is_some() => None,
        None => return None,
    };
    row.cols
        .insert("value", earshot_core::replay::Fact { value, seq: 0 });
    Some(row)
}

/// A row the log made that may be missing from its table: a folder setting that was
/// cleared again.
fn absent_is_fine(table: &str, row: &Row) -> bool {
    table == "settings" && row.get("value").is_none()
}
