//! The state the log says the store is in: every fact the gate decides from, rebuilt by
//! replaying the typed audit events from the first entry.
//!
//! The store keeps these facts in plain rows so it can answer quickly; a row can be edited by
//! anyone who can write to the database file. `doctor` replays the log with [`Replay`] and
//! compares each rebuilt row, column by column, with the table's: a row the log never made, a
//! row the log made that is gone, or a value no event wrote is named with its table, its row
//! and the entry that last set it.
//!
//! Values are kept as the text the store's columns hold (`None` for NULL), so the comparison
//! is the same for every table.

use std::collections::BTreeMap;

use crate::audit::{Event, InboxKey, NotifyRecord, SettingChange};

/// The tables the replay rebuilds, and the columns of each that it compares.
pub const TABLES: &[(&str, &[&str])] = &[
    ("users", &["role", "pin", "full_name", "title"]),
    ("settings", &["value"]),
    (
        "items",
        &[
            "case_id",
            "received_by",
            "channel",
            "sha256",
            "size",
            "duration_ms",
            "stage",
            "secretly",
            "described",
            "assigned_to",
            "deleted",
        ],
    ),
    ("notifications", &["kind", "approved_by", "decisions"]),
    ("uses", &["item_id", "by_user"]),
    (
        "previews",
        &[
            "item_id",
            "user_name",
            "supervisor",
            "from_ms",
            "window_ms",
            "heard_ms",
        ],
    ),
    ("copies", &["item_id", "kind", "confirmed_by"]),
    (
        "approvals",
        &[
            "kind",
            "item_id",
            "requested_by",
            "lead",
            "status",
            "decided_by",
            "terms",
        ],
    ),
    (
        "complaints",
        &[
            "kind",
            "status",
            "acknowledged_on",
            "extended_to",
            "closed_on",
            "heard_on",
            "heard_by",
            "hearing_skipped",
        ],
    ),
    (
        "access_requests",
        &["item_id", "status", "extended_to", "approved_by"],
    ),
    (
        "erasure_requests",
        &["item_id", "extended_to", "decision", "decided_by"],
    ),
];

/// The item's sealed fields the log holds a keyed hash of (the import's file name and sender,
/// and each described field): rebuilt as columns of `items`, compared by opening the item's
/// sealed fields, not by SQL.
pub const SEALED_ITEM_FIELDS: &[&str] = &[
    "file_name",
    "from",
    "sender",
    "subjects",
    "purpose",
    "legal_basis",
    "processing_purpose",
];

/// One rebuilt value and the entry that last set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub value: Option<String>,
    pub seq: i64,
}

/// One rebuilt row: the entry that made it, and its values by column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub made_by: i64,
    pub cols: BTreeMap<&'static str, Fact>,
}

impl Row {
    /// The value of `col` (`None` when NULL or never set).
    pub fn get(&self, col: &str) -> Option<&str> {
        self.cols.get(col).and_then(|f| f.value.as_deref())
    }
}

/// The key of a notification decision's row: the item and the subject's keyed hash (the
/// `notifications` table has its own ids, which the log does not carry).
pub fn notification_key(item: i64, subject: &str) -> String {
    format!("{item}/{subject}")
}

/// An entry the replay could not read, or an event that names a row that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub seq: i64,
    pub problem: String,
}

/// The log's state so far.
#[derive(Debug, Default)]
pub struct Replay {
    tables: BTreeMap<&'static str, BTreeMap<String, Row>>,
    pub events: u64,
    pub unplaced: Vec<Unplaced>,
}

fn text(v: impl ToString) -> Option<String> {
    Some(v.to_string())
}

fn yes(b: bool) -> Option<String> {
    b.then(|| "yes".to_string())
}

impl Replay {
    pub fn new() -> Replay {
        Replay::default()
    }

    /// The rebuilt rows of `table`, by key.
    pub fn rows(&self, table: &str) -> Option<&BTreeMap<String, Row>> {
        self.tables.get(table)
    }

    /// Makes a row (a second event making the same row is a finding: ids are never reused).
    fn make(
        &mut self,
        seq: i64,
        table: &'static str,
        key: String,
        cols: &[(&'static str, Option<String>)],
    ) {
        let rows = self.tables.entry(table).or_default();
        if rows.contains_key(&key) {
            self.unplaced.push(Unplaced {
                seq,
                problem: format!("makes {table} row {key} a second time"),
            });
        }
        let mut row = Row {
            made_by: seq,
            cols: BTreeMap::new(),
        };
        for (c, v) in cols {
            row.cols.insert(
                c,
                Fact {
                    value: v.clone(),
                    seq,
                },
            );
        }
        rows.insert(key, row);
    }

    /// Sets values of a row an earlier event made.
    fn set(
        &mut self,
        seq: i64,
        table: &'static str,
        key: &str,
        cols: &[(&'static str, Option<String>)],
    ) {
        match self.tables.get_mut(table).and_then(|r| r.get_mut(key)) {
            Some(row) => {
                for (c, v) in cols {
                    row.cols.insert(
                        c,
                        Fact {
                            value: v.clone(),
                            seq,
                        },
                    );
                }
            }
            None => self.unplaced.push(Unplaced {
                seq,
                problem: format!("changes {table} row {key}, which no earlier entry made"),
            }),
        }
    }

    /// An entry that could not be read as an event (its action or detail is not one this
    /// version knows).
    pub fn unreadable(&mut self, seq: i64, problem: String) {
        self.events += 1;
        self.unplaced.push(Unplaced { seq, problem });
    }

    /// Applies one entry: `seq`, who did it, the item it is about, and its event.
    pub fn apply(&mut self, seq: i64, actor: &str, item: Option<i64>, event: &Event) {
        self.events += 1;
        let item_text = item.map(|i| i.to_string());
        let on_item = |r: &mut Replay, what: &str| -> Option<String> {
            if item.is_none() {
                r.unplaced.push(Unplaced {
                    seq,
                    problem: format!("{what} names no item"),
                });
            }
            item_text.clone()
        };
        match event {
            Event::TeamAdd { name, role, pin } => self.make(
                seq,
                "users",
                name.clone(),
                &[
                    ("role", text(role.as_str())),
                    ("pin", yes(*pin == Some(true))),
                    ("full_name", None),
                    ("title", None),
                ],
            ),
            Event::TeamPin { name } => self.set(seq, "users", name, &[("pin", yes(true))]),
            // Keyed hashes: the store hashes its text the same way to compare.
            Event::TeamSet {
                name,
                full_name,
                title,
            } => self.set(
                seq,
                "users",
                name,
                &[("full_name", text(full_name)), ("title", text(title))],
            ),
            Event::SettingsSet(SettingChange::Number { key, new, .. }) => {
                let k = serde_key(key);
                self.put(seq, "settings", k, &[("value", text(new))]);
            }
            Event::SettingsSet(SettingChange::Inbox { key, set }) => {
                let k = match key {
                    InboxKey::Inbox => "inbox_dir".to_string(),
                    InboxKey::CheckpointDir => "checkpoint_dir".to_string(),
                };
                self.put(seq, "settings", k, &[("value", yes(*set))]);
            }
            Event::SettingsSet(SettingChange::Profile { key, value }) => {
                self.put(
                    seq,
                    "settings",
                    key.key().to_string(),
                    &[("value", value.clone())],
                );
            }
            Event::ItemImport {
                case,
                received_by,
                channel,
                sha256,
                size,
                duration_ms,
                file_name,
                from,
                ..
            } => {
                if let Some(id) = on_item(self, "an import") {
                    self.make(
                        seq,
                        "items",
                        id,
                        &[
                            ("case_id", text(case)),
                            ("received_by", text(received_by)),
                            ("channel", text(channel.as_str())),
                            ("sha256", text(sha256)),
                            ("size", text(size)),
                            ("duration_ms", text(duration_ms)),
                            ("stage", text("received")),
                            ("secretly", text("unknown")),
                            ("described", None),
                            ("assigned_to", None),
                            ("deleted", None),
                            ("file_name", text(file_name)),
                            ("from", from.clone()),
                            ("sender", None),
                            ("subjects", None),
                            ("purpose", None),
                            ("legal_basis", None),
                            ("processing_purpose", None),
                        ],
                    );
                }
            }
            Event::ItemRestage { stage } => {
                if let Some(id) = on_item(self, "a restage") {
                    self.set(seq, "items", &id, &[("stage", text(stage.as_str()))]);
                }
            }
            Event::ItemDescribe { changes, stage, .. } => {
                if let Some(id) = on_item(self, "a description") {
                    let mut cols = vec![("stage", text(stage.as_str())), ("described", yes(true))];
                    if let Some(s) = &changes.secretly {
                        cols.push(("secretly", text(s.new.as_str())));
                    }
                    for (col, c) in [
                        ("sender", &changes.sender),
                        ("subjects", &changes.subjects),
                        ("purpose", &changes.purpose),
                        ("legal_basis", &changes.legal_basis),
                        ("processing_purpose", &changes.processing_purpose),
                    ] {
                        if let Some(c) = c {
                            cols.push((col, c.new.clone()));
                        }
                    }
                    self.set(seq, "items", &id, &cols);
                }
            }
            Event::ItemNotify {
                subject,
                stage,
                decision,
                ..
            } => {
                if let Some(id) = on_item(self, "a notification decision") {
                    self.set(seq, "items", &id, &[("stage", text(stage.as_str()))]);
                    let (kind, approved_by) = match decision {
                        NotifyRecord::Notified { .. } => ("notified", None),
                        NotifyRecord::ViaParent { .. } => ("via_parent", None),
                        NotifyRecord::Exception { approved_by, .. } => {
                            ("exception", text(approved_by))
                        }
                    };
                    let key = notification_key(item.unwrap_or_default(), subject);
                    let before = self
                        .rows("notifications")
                        .and_then(|r| r.get(&key))
                        .and_then(|r| r.get("decisions"))
                        .and_then(|n| n.parse::<u64>().ok())
                        .unwrap_or(0);
                    self.put(
                        seq,
                        "notifications",
                        key,
                        &[
                            ("kind", text(kind)),
                            ("approved_by", approved_by),
                            ("decisions", text(before + 1)),
                        ],
                    );
                }
            }
            Event::ItemUse { use_id, stage, .. } => {
                if let Some(id) = on_item(self, "a use") {
                    self.set(seq, "items", &id, &[("stage", text(stage.as_str()))]);
                    self.make(
                        seq,
                        "uses",
                        use_id.to_string(),
                        &[("item_id", Some(id)), ("by_user", text(actor))],
                    );
                }
            }
            Event::ItemAssign { to, .. } => {
                if let Some(id) = on_item(self, "an assignment") {
                    self.set(seq, "items", &id, &[("assigned_to", text(to))]);
                }
            }
            Event::ItemDelete { .. } => {
                if let Some(id) = on_item(self, "a deletion") {
                    self.set(
                        seq,
                        "items",
                        &id,
                        &[("stage", text("deleted")), ("deleted", yes(true))],
                    );
                }
            }
            Event::PreviewStart {
                preview,
                supervisor,
                from_ms,
                window_ms,
                ..
            } => {
                if let Some(id) = on_item(self, "a preview") {
                    self.make(
                        seq,
                        "previews",
                        preview.to_string(),
                        &[
                            ("item_id", Some(id)),
                            ("user_name", text(actor)),
                            ("supervisor", text(supervisor)),
                            ("from_ms", text(from_ms)),
                            ("window_ms", text(window_ms)),
                            ("heard_ms", None),
                        ],
                    );
                }
            }
            Event::PreviewEnd {
                preview, heard_ms, ..
            } => self.set(
                seq,
                "previews",
                &preview.to_string(),
                &[("heard_ms", text(heard_ms))],
            ),
            Event::CopyRegister { copy, kind, .. } => {
                if let Some(id) = on_item(self, "a copy") {
                    self.make(
                        seq,
                        "copies",
                        copy.to_string(),
                        &[
                            ("item_id", Some(id)),
                            ("kind", text(kind.as_str())),
                            ("confirmed_by", None),
                        ],
                    );
                }
            }
            Event::CopyDeleted {
                copy, confirmed_by, ..
            } => self.set(
                seq,
                "copies",
                &copy.to_string(),
                &[("confirmed_by", text(confirmed_by))],
            ),
            Event::ApprovalRequest {
                request,
                kind,
                lead,
                terms,
                ..
            } => {
                let mut cols = vec![
                    ("kind", text(kind.as_str())),
                    ("item_id", item_text.clone()),
                    ("requested_by", text(actor)),
                    ("lead", lead.clone()),
                    ("status", text("pending")),
                    ("decided_by", None),
                ];
                // Entries from before the terms were logged say nothing of them: not compared.
                if let Some(t) = terms {
                    cols.push(("terms", text(t)));
                }
                self.make(seq, "approvals", request.to_string(), &cols)
            }
            Event::ApprovalApprove { request, .. } => self.set(
                seq,
                "approvals",
                &request.to_string(),
                &[("status", text("approved")), ("decided_by", text(actor))],
            ),
            Event::ApprovalDecline { request, .. } => self.set(
                seq,
                "approvals",
                &request.to_string(),
                &[("status", text("declined")), ("decided_by", text(actor))],
            ),
            Event::ApprovalUse { request, .. } => self.set(
                seq,
                "approvals",
                &request.to_string(),
                &[("status", text("used"))],
            ),
            Event::ApprovalExpire { request, .. } => self.set(
                seq,
                "approvals",
                &request.to_string(),
                &[("status", text("expired"))],
            ),
            Event::ApprovalWithdraw { request, .. } => self.set(
                seq,
                "approvals",
                &request.to_string(),
                &[("status", text("withdrawn"))],
            ),
            Event::ComplaintAdd { complaint, .. } => self.make(
                seq,
                "complaints",
                complaint.to_string(),
                &[
                    ("kind", text("complaint")),
                    ("status", text("open")),
                    ("acknowledged_on", None),
                    ("extended_to", None),
                    ("closed_on", None),
                    ("heard_on", None),
                    ("heard_by", None),
                    ("hearing_skipped", None),
                ],
            ),
            Event::ComplaintAck { complaint, on } => self.set(
                seq,
                "complaints",
                &complaint.to_string(),
                &[("acknowledged_on", text(on))],
            ),
            Event::ComplaintExtend { complaint, to, .. } => self.set(
                seq,
                "complaints",
                &complaint.to_string(),
                &[("extended_to", text(to))],
            ),
            Event::ComplaintHear {
                complaint,
                on,
                by,
                skipped,
                ..
            } => self.set(
                seq,
                "complaints",
                &complaint.to_string(),
                &[
                    ("heard_on", text(on)),
                    ("heard_by", text(by)),
                    ("hearing_skipped", skipped.map(|k| k.as_str().to_string())),
                ],
            ),
            Event::ComplaintClose { complaint, on, .. } => self.set(
                seq,
                "complaints",
                &complaint.to_string(),
                &[("status", text("closed")), ("closed_on", text(on))],
            ),
            Event::ComplaintDowngrade { complaint, .. } => self.set(
                seq,
                "complaints",
                &complaint.to_string(),
                &[("kind", text("information_request"))],
            ),
            Event::AccessRequest { request, .. } => {
                if let Some(id) = on_item(self, "an access request") {
                    self.make(
                        seq,
                        "access_requests",
                        request.to_string(),
                        &[
                            ("item_id", Some(id)),
                            ("status", text("open")),
                            ("extended_to", None),
                            ("approved_by", None),
                        ],
                    );
                }
            }
            Event::AccessExtend { request, to, .. } => self.set(
                seq,
                "access_requests",
                &request.to_string(),
                &[("extended_to", text(to))],
            ),
            Event::AccessGrant {
                request,
                approved_by,
                ..
            } => self.set(
                seq,
                "access_requests",
                &request.to_string(),
                &[("approved_by", text(approved_by))],
            ),
            Event::AccessExported { request, .. } => self.set(
                seq,
                "access_requests",
                &request.to_string(),
                &[("status", text("granted"))],
            ),
            Event::ErasureRequest { request, .. } => {
                if let Some(id) = on_item(self, "an erasure request") {
                    self.make(
                        seq,
                        "erasure_requests",
                        request.to_string(),
                        &[
                            ("item_id", Some(id)),
                            ("extended_to", None),
                            ("decision", None),
                            ("decided_by", None),
                        ],
                    );
                }
            }
            Event::ErasureExtend { request, to, .. } => self.set(
                seq,
                "erasure_requests",
                &request.to_string(),
                &[("extended_to", text(to))],
            ),
            Event::ErasureDecide {
                request, decision, ..
            } => self.set(
                seq,
                "erasure_requests",
                &request.to_string(),
                &[
                    ("decision", text(decision.as_str())),
                    ("decided_by", text(actor)),
                ],
            ),
            // What does not change a fact the gate decides from: refusals, listening ranges
            // (full playback is not rationed), intake counts, letters, responses, escalations,
            // PIN failures, certificates, damage found while playing, key epochs (which key wraps
            // an item's key is checked by opening it).
            Event::StoreInit { .. }
            | Event::GuardianStranger { .. }
            | Event::ItemDamaged { .. }
            | Event::IntakeItem { .. }
            | Event::IntakeChat { .. }
            | Event::IntakeInbox { .. }
            | Event::ItemEscalate { .. }
            | Event::ItemResolve { .. }
            | Event::DeleteCertificate { .. }
            | Event::PlayStart { .. }
            | Event::PlayHeard { .. }
            | Event::PlayAhead { .. }
            | Event::PlayEnd { .. }
            | Event::Refused { .. }
            | Event::LetterWrite { .. }
            | Event::ComplaintLetter { .. }
            | Event::LetterAttach { .. }
            | Event::ResponseRecord { .. }
            | Event::PinFailed { .. }
            | Event::PinLocked { .. }
            | Event::KeyRotate { .. }
            | Event::KeyRetire { .. }
            | Event::StoreReseal { .. }
            | Event::BenchEvent { .. } => {}
        }
    }

    /// Makes a row, or sets it when an earlier event made it (settings and decisions are
    /// written again, not made once).
    fn put(
        &mut self,
        seq: i64,
        table: &'static str,
        key: String,
        cols: &[(&'static str, Option<String>)],
    ) {
        let known = self.tables.get(table).is_some_and(|r| r.contains_key(&key));
        if known {
            self.set(seq, table, &key, cols);
        } else {
            self.make(seq, table, key, cols);
        }
    }
}

/// A settings key as the store keeps it (the enum's serde name).
fn serde_key<T: serde::Serialize>(key: &T) -> String {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
