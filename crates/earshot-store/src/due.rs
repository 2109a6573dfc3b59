//! Due process: what the people on a recording are owed. Letters written to them, their
//! responses, their access to the recording (never depending on anyone else's consent), the
//! complaint register with its clocks, known copies outside the store, deletion with a
//! certificate, retention, and the full account of an item.
//!
//! Personal text is sealed with the item's key when it concerns an item (so deleting the item
//! destroys it too), otherwise with the store's field key. The audit log gets ids, dates and
//! keyed hashes only.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::items::{Loaded, NotificationView, UseView, deleted_err, load_row};
use super::triage::CopyView;
use super::{AuditWriter, Result, Store, StoreError, crypto};
use earshot_core::audit::keyed_hash;
use earshot_core::deadlines::{AccessClock, ComplaintClock, retention_due, retention_until};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::{
    ItemId, Metadata, NotificationDecision, Person, PersonRole, Stage, normalise_name,
};
use earshot_core::time::merge_ranges;

fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| StoreError::Integrity(format!("a stored date ({s}) is unreadable")))
}

fn day_of(stamp: &str) -> NaiveDate {
    DateTime::parse_from_rfc3339(stamp)
        .map(|d| d.to_utc().date_naive())
        .unwrap_or(NaiveDate::MIN)
}

fn non_empty(what: &str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        Err(StoreError::BadInput(format!("{what} is empty")))
    } else {
        Ok(t.to_string())
    }
}

fn encode<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Io(format!("cannot encode a value: {e}")))
}

fn decode<T: for<'a> Deserialize<'a>>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|_| StoreError::Integrity(format!("{what} is unreadable")))
}

/// Finds a person on the item by name; a clear sentence if they are not on it.
fn subject_on(l: &Loaded, name: &str) -> Result<Person> {
    let id = l.row.id;
    if l.keys.is_none() {
        return Err(deleted_err(id));
    }
    let wanted = normalise_name(name);
    if wanted.is_empty() {
        return Err(StoreError::BadInput("the subject's name is empty".into()));
    }
    let subjects = &l.facts.metadata.subjects;
    let sender = l.facts.metadata.sender.as_deref().map(normalise_name);
    if let Some(p) = subjects.iter().find(|p| normalise_name(&p.name) == wanted) {
        return Ok(p.clone());
    }
    if sender.as_deref() == Some(wanted.as_str()) {
        return Ok(Person {
            name: l.facts.metadata.sender.clone().unwrap_or_default(),
            role: PersonRole::Sender,
        });
    }
    let names: Vec<String> = subjects
        .iter()
        .map(|p| format!("{} ({})", p.name, p.role))
        .collect();
    Err(StoreError::BadInput(if names.is_empty() {
        format!("item {id} has no subjects yet; describe it first (earshot describe)")
    } else {
        format!(
            "{name} is not a subject of item {id}; its subjects are: {}",
            names.join(", ")
        )
    }))
}

// ---------------------------------------------------------------------------------------------
// Views

/// One listening: a supervised preview or a full-playback session.
#[derive(Debug, Clone, Serialize)]
pub struct Listening {
    /// "preview" or "playback".
    pub kind: String,
    pub user: String,
    /// The team leader who supervised (previews).
    pub supervisor: Option<String>,
    pub started_at: String,
    pub ended_at: Option<String>,
    /// Ranges heard, merged, in milliseconds.
    pub ranges_ms: Vec<(u64, u64)>,
    pub heard_ms: u64,
    /// A preview whose process never closed it counts in full.
    pub open: bool,
}

/// A letter written to a subject.
#[derive(Debug, Clone, Serialize)]
pub struct LetterView {
    pub id: i64,
    pub item: ItemId,
    pub subject: Option<String>,
    pub kind: String,
    pub lang: String,
    pub format: String,
    pub sha256: String,
    pub audit_head: String,
    pub respond_by: Option<NaiveDate>,
    pub written_by: String,
    pub written_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ResponsePrivate {
    subject: String,
    text: String,
}

/// A subject's response.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub id: i64,
    pub item: ItemId,
    pub subject: Option<String>,
    pub text: Option<String>,
    pub received_on: NaiveDate,
    pub complaint: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct AccessPrivate {
    subject: String,
    extension_reason: Option<String>,
}

/// A subject's access request and its clock.
#[derive(Debug, Clone, Serialize)]
pub struct AccessView {
    pub id: i64,
    pub item: ItemId,
    pub subject: Option<String>,
    pub requested_on: NaiveDate,
    /// The date the answer is due now (extended or not).
    pub due_on: NaiveDate,
    pub due_original: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    /// "open" or "granted".
    pub status: String,
    pub approved_by: Option<String>,
    pub granted_by: Option<String>,
    pub granted_at: Option<String>,
    /// SHA-256 of the recording as exported (equal to the item's).
    pub export_sha256: Option<String>,
    pub overdue: bool,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ComplaintPrivate {
    from: Option<String>,
    text: Option<String>,
    extension_reason: Option<String>,
    downgrade_reason: Option<String>,
    outcome: Option<String>,
}

/// One entry of the complaint register, with its clock.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintView {
    pub id: i64,
    pub item: Option<ItemId>,
    pub case: Option<String>,
    /// "complaint" or "information_request".
    pub kind: String,
    /// "open" or "closed".
    pub status: String,
    pub from: Option<String>,
    pub text: Option<String>,
    pub received_on: NaiveDate,
    pub acknowledge_by: NaiveDate,
    pub acknowledged_on: Option<NaiveDate>,
    /// The date the decision is due now.
    pub decide_by: NaiveDate,
    pub decide_by_original: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub downgraded_by: Option<String>,
    pub downgrade_reason: Option<String>,
    pub outcome: Option<String>,
    pub closed_on: Option<NaiveDate>,
    /// Open, a complaint, and past its decision date.
    pub overdue: bool,
    /// Open, not acknowledged, and past its acknowledgement date.
    pub acknowledgement_overdue: bool,
    /// Its text was destroyed with the item it was about.
    pub text_destroyed: bool,
    pub registered_by: String,
    pub registered_at: String,
}

/// A use, with the moment by which the subjects must have been informed (GDPR art. 14(3)(c):
/// at the latest when the data are first disclosed to a recipient).
#[derive(Debug, Clone, Serialize)]
pub struct UseAccount {
    #[serde(flatten)]
    pub using: UseView,
    pub inform_subjects_by: NaiveDate,
    /// Parents (other than the sender) notified on or before that date.
    pub informed: Vec<String>,
    /// Parents not notified by then (an approved exception, or notified later).
    pub not_informed: Vec<String>,
}

/// One line of an item's audit trail, without the hashes' values.
#[derive(Debug, Clone, Serialize)]
pub struct TrailEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// What the entry says, in words (ranges, fields changed, who approved).
    pub what: String,
}

/// The deletion of an item, as the log records it.
#[derive(Debug, Clone, Serialize)]
pub struct DeletionView {
    pub at: String,
    pub by: String,
    pub approved_by: Option<String>,
    pub certificates: Vec<String>,
}

/// Everything owed to the people on one item: the account behind letters, processing
/// statements, certificates and reports.
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub item: ItemId,
    pub case: String,
    pub stage: Stage,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    pub from: Option<String>,
    pub file_name: Option<String>,
    pub format: String,
    pub codec: String,
    pub duration_ms: u64,
    pub size: i64,
    pub sha256: String,
    pub metadata: Option<Metadata>,
    pub listening: Vec<Listening>,
    /// Every range heard, merged (milliseconds).
    pub heard_ms: Vec<(u64, u64)>,
    pub heard_total_ms: u64,
    pub listeners: Vec<String>,
    pub supervisors: Vec<String>,
    pub notifications: Vec<NotificationView>,
    pub pending_notifications: Vec<String>,
    pub letters: Vec<LetterView>,
    pub responses: Vec<ResponseView>,
    pub uses: Vec<UseAccount>,
    pub access_requests: Vec<AccessView>,
    pub complaints: Vec<ComplaintView>,
    pub copies: Vec<CopyView>,
    pub copies_outstanding: usize,
    pub retention_years: u64,
    pub retention_until: NaiveDate,
    pub retention_due: bool,
    pub deletion: Option<DeletionView>,
    pub trail: Vec<TrailEntry>,
    pub audit_head: String,
}

impl Account {
    /// The person's name as written on the item, or as given.
    pub fn sender(&self) -> Option<&str> {
        self.metadata
            .as_ref()
            .and_then(|m| m.sender.as_deref())
            .or(self.from.as_deref())
    }
}

/// A certificate of deletion: what was destroyed, on whose request and approval, every known
/// copy outside the store and who confirmed its deletion.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    pub item: ItemId,
    pub case: String,
    pub deleted_at: String,
    pub deleted_by: String,
    pub reason: String,
    pub requested_by: String,
    pub approved_by: String,
    pub file_name: Option<String>,
    pub format: String,
    pub duration_ms: u64,
    pub size: i64,
    pub sha256: String,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    /// What was destroyed in the store (codes: recording, item_key, personal_fields, ...).
    pub destroyed: Vec<String>,
    /// What had been heard before deletion (milliseconds).
    pub heard_ms: Vec<(u64, u64)>,
    pub copies: Vec<CopyView>,
    pub copies_outstanding: usize,
    pub audit_head: String,
}

/// Items flagged for a team leader: deadlines, outstanding copies, retention.
#[derive(Debug, Clone, Serialize)]
pub struct DueFlags {
    pub item: ItemId,
    pub open_complaints: usize,
    pub overdue_complaints: usize,
    pub open_access_requests: usize,
    pub overdue_access_requests: usize,
    pub copies_outstanding: usize,
    pub retention_due: bool,
    /// The earliest date something is due on this item.
    pub next_due: Option<NaiveDate>,
}

/// An item past its retention period.
#[derive(Debug, Clone, Serialize)]
pub struct RetentionRow {
    pub item: ItemId,
    pub case: String,
    pub received_on: NaiveDate,
    pub delete_by: NaiveDate,
}

/// Permission to export a recording to its subject, granted by the gate with a lead's approval.
/// Only the store makes these.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct AccessPermit {
    pub request: i64,
    pub item: ItemId,
    pub subject: String,
    pub user: String,
    pub approved_by: String,
}

/// A file written for a subject.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedFile {
    pub kind: String,
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
}

/// Creates `path` for writing, 0600, refusing an existing path unless `force`.
pub fn create_private_file(path: &Path, force: bool) -> Result<File> {
    if path.exists() || path.symlink_metadata().is_ok() {
        if !force {
            return Err(StoreError::BadInput(format!(
                "{} already exists; nothing was written (use --force to replace it)",
                path.display()
            )));
        }
        if path.is_dir() {
            return Err(StoreError::BadInput(format!(
                "{} is a directory",
                path.display()
            )));
        }
        fs::remove_file(path)
            .map_err(|e| StoreError::Io(format!("cannot replace {}: {e}", path.display())))?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| StoreError::Io(format!("cannot write {}: {e}", path.display())))
}

/// Writes bytes to a new private file (0600), durably.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<String> {
    let mut f = create_private_file(path, force)?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| StoreError::Io(format!("cannot write {}: {e}", path.display())))?;
    Ok(hex::encode(Sha256::digest(bytes)))
}

/// Hashes what passes through.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    n: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

impl Store {
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// A date given by a person: not in the future.
    fn past_or_today(&self, d: Option<NaiveDate>, what: &str) -> Result<NaiveDate> {
        let today = self.today();
        let d = d.unwrap_or(today);
        if d > today {
            return Err(StoreError::BadInput(format!(
                "the date {what} ({d}) lies in the future"
            )));
        }
        Ok(d)
    }

    /// Every preview and playback session of an item.
    pub fn listening(&self, id: ItemId) -> Result<Vec<Listening>> {
        let mut out = Vec::new();
        let mut st = self.conn.prepare(
            "SELECT user_name, supervisor, from_ms, window_ms, heard_ms, started_at, ended_at \
             FROM previews WHERE item_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        for r in rows {
            let (user, sup, from, window, heard, started, ended) = r?;
            let from = from.max(0) as u64;
            let len = heard.unwrap_or(window).max(0) as u64;
            out.push(Listening {
                kind: "preview".into(),
                user,
                supervisor: Some(sup),
                started_at: started,
                ended_at: ended,
                ranges_ms: if len > 0 {
                    vec![(from, from + len)]
                } else {
                    Vec::new()
                },
                heard_ms: len,
                open: heard.is_none(),
            });
        }
        let mut st = self.conn.prepare(
            "SELECT session, user_name, MIN(at), MAX(at) FROM plays WHERE item_id = ?1 \
             GROUP BY session ORDER BY MIN(id)",
        )?;
        let sessions = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = self
            .conn
            .prepare("SELECT from_ms, to_ms FROM plays WHERE item_id = ?1 AND session = ?2")?;
        for (session, user, first, last) in sessions {
            let ranges: Vec<(u64, u64)> = st
                .query_map(params![id, session], |r| {
                    Ok((
                        r.get::<_, i64>(0)?.max(0) as u64,
                        r.get::<_, i64>(1)?.max(0) as u64,
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let ranges = merge_ranges(ranges);
            let heard = ranges.iter().map(|(a, b)| b - a).sum();
            out.push(Listening {
                kind: "playback".into(),
                user,
                supervisor: None,
                started_at: first,
                ended_at: Some(last),
                ranges_ms: ranges,
                heard_ms: heard,
                open: false,
            });
        }
        out.sort_by(|a, b| a.started_at.cmp(&b.started_at));
        Ok(out)
    }

    fn subject_names(l: &Loaded) -> Vec<(String, String)> {
        let Some(k) = &l.keys else {
            return Vec::new();
        };
        let m = &l.facts.metadata;
        m.subjects
            .iter()
            .map(|p| p.name.clone())
            .chain(m.sender.clone())
            .map(|n| (keyed_hash(k.audit.bytes(), &normalise_name(&n)), n))
            .collect()
    }

    /// Letters written about an item.
    pub fn letters(&self, id: ItemId) -> Result<Vec<LetterView>> {
        let l = self.load(&self.conn, id)?;
        let names = Self::subject_names(&l);
        let mut st = self.conn.prepare(
            "SELECT id, subject_key, kind, lang, format, sha256, audit_head, respond_by, \
             written_by, written_at FROM letters WHERE item_id = ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for (lid, key, kind, lang, format, sha256, head, respond_by, by, at) in rows {
            out.push(LetterView {
                id: lid,
                item: id,
                subject: names
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, n)| n.clone()),
                kind,
                lang,
                format,
                sha256,
                audit_head: head,
                respond_by: respond_by.as_deref().map(parse_day).transpose()?,
                written_by: by,
                written_at: at,
            });
        }
        Ok(out)
    }

    /// Responses of subjects to an item.
    pub fn responses(&self, id: ItemId) -> Result<Vec<ResponseView>> {
        let l = self.load(&self.conn, id)?;
        let mut st = self.conn.prepare(
            "SELECT id, sealed, received_on, complaint_id, recorded_by, recorded_at \
             FROM responses WHERE item_id = ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<Vec<u8>>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for (rid, sealed, on, complaint, by, at) in rows {
            let p: Option<ResponsePrivate> = match (&l.keys, sealed) {
                (Some(k), Some(s)) => Some(decode(
                    &crypto::open_str(&k.fields, &format!("response:{}", l.row.blob), &s)?,
                    "a response",
                )?),
                _ => None,
            };
            out.push(ResponseView {
                id: rid,
                item: id,
                subject: p.as_ref().map(|p| p.subject.clone()),
                text: p.map(|p| p.text),
                received_on: parse_day(&on)?,
                complaint,
                recorded_by: by,
                recorded_at: at,
            });
        }
        Ok(out)
    }

    /// Access requests, for one item or all.
    pub fn access_requests(&self, item: Option<ItemId>) -> Result<Vec<AccessView>> {
        let today = self.today();
        let mut st = self.conn.prepare(
            "SELECT id, item_id, sealed, requested_on, due_on, extended_to, status, approved_by, \
             granted_by, granted_at, export_sha256, recorded_by, recorded_at FROM access_requests \
             WHERE ?1 IS NULL OR item_id = ?1 ORDER BY id",
        )?;
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            i64,
            Option<Vec<u8>>,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        )> = st
            .query_map([item], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (
            aid,
            item,
            sealed,
            requested,
            due,
            extended,
            status,
            approved_by,
            granted_by,
            granted_at,
            export,
            by,
            at,
        ) in rows
        {
            let p: Option<AccessPrivate> = match sealed {
                Some(s) => {
                    let row = load_row(&self.conn, item)?;
                    match self.item_keys(&row)? {
                        Some(k) => Some(decode(
                            &crypto::open_str(&k.fields, &format!("access:{}", row.blob), &s)?,
                            "an access request",
                        )?),
                        None => None,
                    }
                }
                None => None,
            };
            let clock = AccessClock {
                requested_on: parse_day(&requested)?,
                due_original: parse_day(&due)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            out.push(AccessView {
                id: aid,
                item,
                subject: p.as_ref().map(|p| p.subject.clone()),
                requested_on: clock.requested_on,
                due_on: clock.due(),
                due_original: clock.due_original,
                extended_to: clock.extended_to,
                extension_reason: p.and_then(|p| p.extension_reason),
                overdue: status == "open" && clock.overdue(today),
                status,
                approved_by,
                granted_by,
                granted_at,
                export_sha256: export,
                recorded_by: by,
                recorded_at: at,
            });
        }
        Ok(out)
    }

    fn complaint_private(
        &self,
        conn: &Connection,
        item: Option<ItemId>,
        scope: &str,
        sealed: Option<&[u8]>,
    ) -> Result<Option<ComplaintPrivate>> {
        let Some(s) = sealed else { return Ok(None) };
        let text = if scope == "item" {
            let Some(item) = item else { return Ok(None) };
            let row = load_row(conn, item)?;
            match self.item_keys(&row)? {
                Some(k) => crypto::open_str(&k.fields, &format!("complaint:{}", row.blob), s)?,
                None => return Ok(None),
            }
        } else {
            crypto::open_str(&self.master.store_fields(), "complaint:store", s)?
        };
        Ok(Some(decode(&text, "a complaint")?))
    }

    /// Seals a complaint's text with the store's key. A complaint is its author's record, not
    /// part of the recording: it outlives the recording's deletion (which the complainant may
    /// well have asked for) and is kept with the complaint register.
    fn seal_complaint(
        &self,
        _conn: &Connection,
        _item: Option<ItemId>,
        p: &ComplaintPrivate,
    ) -> Result<(&'static str, Vec<u8>)> {
        let text = encode(p)?;
        Ok((
            "store",
            crypto::seal_str(&self.master.store_fields(), "complaint:store", &text)?,
        ))
    }

    fn complaints_where(
        &self,
        conn: &Connection,
        filter: &str,
        arg: impl rusqlite::ToSql,
    ) -> Result<Vec<ComplaintView>> {
        let today = self.today();
        let sql = format!(
            "SELECT id, item_id, case_id, scope, sealed, kind, status, received_on, \
             acknowledge_by, acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, \
             registered_by, registered_at FROM complaints WHERE {filter} ORDER BY id"
        );
        let mut st = conn.prepare(&sql)?;
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            Option<i64>,
            Option<String>,
            String,
            Option<Vec<u8>>,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        )> = st
            .query_map([arg], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                    r.get(14)?,
                    r.get(15)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (
            id,
            item,
            case,
            scope,
            sealed,
            kind,
            status,
            received,
            ack_by,
            acked,
            decide_by,
            extended,
            downgraded_by,
            closed,
            by,
            at,
        ) in rows
        {
            let p = self.complaint_private(conn, item, &scope, sealed.as_deref())?;
            let destroyed = p.as_ref().is_none_or(|p| p.text.is_none());
            let p = p.unwrap_or_default();
            let clock = ComplaintClock {
                received_on: parse_day(&received)?,
                acknowledge_by: parse_day(&ack_by)?,
                decide_by_original: parse_day(&decide_by)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            let acked = acked.as_deref().map(parse_day).transpose()?;
            let open = status == "open";
            let is_complaint = kind == "complaint";
            out.push(ComplaintView {
                id,
                item,
                case,
                overdue: open && is_complaint && clock.decision_overdue(today),
                acknowledgement_overdue: open
                    && is_complaint
                    && acked.is_none()
                    && clock.acknowledgement_overdue(today),
                kind,
                status,
                from: p.from,
                text: p.text,
                received_on: clock.received_on,
                acknowledge_by: clock.acknowledge_by,
                acknowledged_on: acked,
                decide_by: clock.decide_by(),
                decide_by_original: clock.decide_by_original,
                extended_to: clock.extended_to,
                extension_reason: p.extension_reason,
                downgraded_by,
                downgrade_reason: p.downgrade_reason,
                outcome: p.outcome,
                closed_on: closed.as_deref().map(parse_day).transpose()?,
                text_destroyed: destroyed,
                registered_by: by,
                registered_at: at,
            });
        }
        Ok(out)
    }

    /// The complaint register: all, one item's, or only the open ones.
    pub fn complaints(&self, item: Option<ItemId>, open_only: bool) -> Result<Vec<ComplaintView>> {
        let filter = match (item.is_some(), open_only) {
            (true, true) => "item_id = ?1 AND status = 'open'",
            (true, false) => "item_id = ?1",
            (false, true) => "?1 IS NULL AND status = 'open'",
            (false, false) => "?1 IS NULL",
        };
        self.complaints_where(&self.conn, filter, item)
    }

    /// One complaint.
    pub fn complaint(&self, id: i64) -> Result<ComplaintView> {
        self.complaints_where(&self.conn, "id = ?1", Some(id))?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::BadInput(format!("there is no complaint {id}")))
    }

    /// Open complaints whose decision (or acknowledgement) is late: for the queue and the
    /// escalation view.
    pub fn overdue_complaints(&self) -> Result<Vec<ComplaintView>> {
        Ok(self
            .complaints(None, true)?
            .into_iter()
            .filter(|c| c.overdue || c.acknowledgement_overdue)
            .collect())
    }

    /// Items with known copies outside the store whose deletion is not confirmed, and how many.
    pub fn copies_outstanding(&self) -> Result<Vec<(ItemId, usize)>> {
        let mut st = self.conn.prepare(
            "SELECT item_id, COUNT(*) FROM copies WHERE confirmed_at IS NULL GROUP BY item_id ORDER BY item_id",
        )?;
        Ok(st
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Live items past the store's retention period.
    pub fn retention_due(&self) -> Result<Vec<RetentionRow>> {
        let years = super::admin::setting_u64(&self.conn, "retention_years")? as u32;
        let today = self.today();
        let mut st = self.conn.prepare(
            "SELECT id, case_id, received_at FROM items WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(item, case, at)| {
                let received = day_of(&at);
                retention_due(received, years, today).then(|| RetentionRow {
                    item,
                    case,
                    received_on: received,
                    delete_by: retention_until(received, years),
                })
            })
            .collect())
    }

    /// Everything due per item, for the queue and the team leader's view: open and overdue
    /// complaints and access requests, copies outstanding, retention passed.
    pub fn due_flags(&self) -> Result<Vec<DueFlags>> {
        use std::collections::BTreeMap;
        let mut map: BTreeMap<ItemId, DueFlags> = BTreeMap::new();
        fn get(m: &mut BTreeMap<ItemId, DueFlags>, item: ItemId) -> &mut DueFlags {
            m.entry(item).or_insert(DueFlags {
                item,
                open_complaints: 0,
                overdue_complaints: 0,
                open_access_requests: 0,
                overdue_access_requests: 0,
                copies_outstanding: 0,
                retention_due: false,
                next_due: None,
            })
        }
        fn soonest(a: Option<NaiveDate>, b: NaiveDate) -> Option<NaiveDate> {
            Some(a.map_or(b, |a| a.min(b)))
        }
        for c in self.complaints(None, true)? {
            if let Some(item) = c.item {
                let f = get(&mut map, item);
                f.open_complaints += 1;
                f.overdue_complaints += usize::from(c.overdue);
                if c.kind == "complaint" {
                    f.next_due = soonest(f.next_due, c.decide_by);
                }
            }
        }
        for a in self.access_requests(None)? {
            if a.status == "open" {
                let f = get(&mut map, a.item);
                f.open_access_requests += 1;
                f.overdue_access_requests += usize::from(a.overdue);
                f.next_due = soonest(f.next_due, a.due_on);
            }
        }
        for (item, n) in self.copies_outstanding()? {
            get(&mut map, item).copies_outstanding = n;
        }
        for r in self.retention_due()? {
            let f = get(&mut map, r.item);
            f.retention_due = true;
            f.next_due = soonest(f.next_due, r.delete_by);
        }
        Ok(map.into_values().collect())
    }

    /// The uses of an item with the moment by which subjects must have been informed.
    fn use_accounts(
        uses: &[UseView],
        notifications: &[NotificationView],
        parents: &[String],
    ) -> Vec<UseAccount> {
        uses.iter()
            .map(|u| {
                let by = day_of(&u.at);
                let informed_by = |name: &str| {
                    notifications.iter().any(|n| {
                        normalise_name(&n.subject) == normalise_name(name)
                            && matches!(n.decision, NotificationDecision::Notified { on, .. } if on <= by)
                    })
                };
                let (informed, not_informed): (Vec<String>, Vec<String>) =
                    parents.iter().cloned().partition(|p| informed_by(p));
                UseAccount {
                    using: u.clone(),
                    inform_subjects_by: by,
                    informed,
                    not_informed,
                }
            })
            .collect()
    }

    /// One use, with its art. 14(3)(c) moment (what `use` prints).
    pub fn use_account(&self, viewer: &str, id: ItemId, use_id: i64) -> Result<UseAccount> {
        let v = self.show(viewer, id)?;
        let parents: Vec<String> = v
            .metadata
            .as_ref()
            .map(|m| {
                m.parents_to_notify()
                    .iter()
                    .map(|p| p.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        Self::use_accounts(&v.uses, &v.notifications, &parents)
            .into_iter()
            .find(|u| u.using.id == use_id)
            .ok_or_else(|| StoreError::BadInput(format!("item {id} has no use {use_id}")))
    }

    fn trail(&self, id: ItemId) -> Result<(Vec<TrailEntry>, Option<DeletionView>)> {
        let mut out = Vec::new();
        let mut deletion: Option<DeletionView> = None;
        for e in self.audit_log(Some(id))? {
            let d: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
            if e.action == "item.delete" {
                deletion = Some(DeletionView {
                    at: e.at.clone(),
                    by: e.actor.clone(),
                    approved_by: d["approved_by"].as_str().map(String::from),
                    certificates: Vec::new(),
                });
            }
            if e.action == "delete.certificate"
                && let (Some(del), Some(h)) = (deletion.as_mut(), d["sha256"].as_str())
            {
                del.certificates.push(h.to_string());
            }
            let what = earshot_core::audit::describe(&e.action, &e.detail);
            out.push(TrailEntry {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action,
                what,
            });
        }
        Ok((out, deletion))
    }

    /// Everything owed to the people on one item.
    pub fn account(&self, viewer: &str, id: ItemId) -> Result<Account> {
        let v = self.show(viewer, id)?;
        let listening = self.listening(id)?;
        let heard = self.heard_ranges(id)?;
        let mut listeners: Vec<String> = Vec::new();
        let mut supervisors: Vec<String> = Vec::new();
        for l in &listening {
            if !listeners.contains(&l.user) {
                listeners.push(l.user.clone());
            }
            if let Some(s) = &l.supervisor
                && !supervisors.contains(s)
            {
                supervisors.push(s.clone());
            }
        }
        let parents: Vec<String> = v
            .metadata
            .as_ref()
            .map(|m| {
                m.parents_to_notify()
                    .iter()
                    .map(|p| p.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        let uses = Self::use_accounts(&v.uses, &v.notifications, &parents);
        let copies = self.copies(id)?;
        let outstanding = copies.iter().filter(|c| c.confirmed_at.is_none()).count();
        let years = super::admin::setting_u64(&self.conn, "retention_years")?;
        let received = day_of(&v.received_at);
        let until = retention_until(received, years as u32);
        let (trail, deletion) = self.trail(id)?;
        let row = load_row(&self.conn, id)?;
        Ok(Account {
            item: id,
            case: v.case.clone(),
            stage: v.stage,
            received_at: v.received_at.clone(),
            received_by: v.received_by.clone(),
            channel: v.channel.clone(),
            from: v.from.clone(),
            file_name: v.file_name.clone(),
            format: v.format.clone(),
            codec: v.codec.clone(),
            duration_ms: row.duration_ms.max(0) as u64,
            size: v.size,
            sha256: v.sha256.clone(),
            metadata: v.metadata.clone(),
            heard_total_ms: heard.iter().map(|(a, b)| b - a).sum(),
            heard_ms: heard,
            listening,
            listeners,
            supervisors,
            notifications: v.notifications.clone(),
            pending_notifications: v.pending_notifications.clone(),
            letters: self.letters(id)?,
            responses: self.responses(id)?,
            uses,
            access_requests: self.access_requests(Some(id))?,
            complaints: self.complaints(Some(id), false)?,
            copies,
            copies_outstanding: outstanding,
            retention_years: years,
            retention_until: until,
            retention_due: v.deleted_at.is_none() && self.today() >= until,
            deletion,
            trail,
            audit_head: self.audit_head()?,
        })
    }

    /// The items of a case, in order.
    pub fn case_items(&self, case: &str) -> Result<Vec<ItemId>> {
        let mut st = self
            .conn
            .prepare("SELECT id FROM items WHERE case_id = ?1 ORDER BY id")?;
        let v: Vec<ItemId> = st
            .query_map([case], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if v.is_empty() {
            return Err(StoreError::BadInput(format!(
                "there is no case {case} in this store"
            )));
        }
        Ok(v)
    }

    /// Complaints about a case that name no item.
    pub fn case_complaints(&self, case: &str) -> Result<Vec<ComplaintView>> {
        self.complaints_where(&self.conn, "case_id = ?1 AND item_id IS NULL", case)
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Destroys the personal text that due process keeps about an item (called by deletion, in
/// its transaction).
pub(super) fn shred_item(tx: &Transaction<'_>, id: ItemId) -> Result<()> {
    tx.execute(
        "UPDATE responses SET sealed = NULL WHERE item_id = ?1",
        [id],
    )?;
    tx.execute(
        "UPDATE access_requests SET sealed = NULL WHERE item_id = ?1",
        [id],
    )?;
    tx.execute(
        "UPDATE complaints SET sealed = NULL WHERE item_id = ?1 AND scope = 'item'",
        [id],
    )?;
    Ok(())
}

/// The sealed form of a copy outside the store, as `triage` keeps it.
#[derive(Serialize)]
struct CopySealed<'a> {
    location: &'a str,
    deleted_on: Option<NaiveDate>,
}

impl Store {
    /// Registers copies outside the store whose deletion is already confirmed, inside a
    /// deletion's transaction.
    pub(super) fn confirmed_copies_in(
        &self,
        tx: &Transaction<'_>,
        log: &mut AuditWriter,
        actor: &str,
        item: ItemId,
        copies: &[(String, String)],
        on: NaiveDate,
    ) -> Result<()> {
        let key = self.master.store_fields();
        for (location, by) in copies {
            let sealed = crypto::seal_str(
                &key,
                &format!("copy:{item}"),
                &encode(&CopySealed {
                    location,
                    deleted_on: Some(on),
                })?,
            )?;
            tx.execute(
                "INSERT INTO copies(item_id, sealed, registered_by, registered_at, confirmed_at, confirmed_by) \
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                params![item, sealed, actor, log.at, by],
            )?;
            let cid = tx.last_insert_rowid();
            log.append(
                tx,
                actor,
                "copy.register",
                Some(item),
                json!({ "copy": cid }),
            )?;
            log.append(
                tx,
                actor,
                "copy.deleted",
                Some(item),
                json!({ "copy": cid, "confirmed_by": by, "on": on.to_string() }),
            )?;
        }
        Ok(())
    }

    /// Records that a letter was written (its hash, the head it quoted), after the file exists.
    #[allow(clippy::too_many_arguments)]
    pub fn record_letter(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        kind: &str,
        lang: &str,
        format: &str,
        sha256: &str,
        audit_head: &str,
        respond_by: Option<NaiveDate>,
    ) -> Result<i64> {
        let user = self.user(actor)?;
        self.write_gated(actor, Some(id), Action::Record, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(m) = gate::check(Action::Record, &l.facts, &user, Oversight::default()) {
                return Ok(Err(m));
            }
            let p = subject_on(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let key = keyed_hash(keys.audit.bytes(), &normalise_name(&p.name));
            tx.execute(
                "INSERT INTO letters(item_id, subject_key, kind, lang, format, sha256, audit_head, \
                 respond_by, written_by, written_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    key,
                    kind,
                    lang,
                    format,
                    sha256,
                    audit_head,
                    respond_by.map(|d| d.to_string()),
                    actor,
                    log.at
                ],
            )?;
            let lid = tx.last_insert_rowid();
            log.append(
                tx,
                actor,
                "letter.write",
                Some(id),
                json!({
                    "letter": lid, "subject": key, "kind": kind, "lang": lang, "format": format,
                    "sha256": sha256, "audit_head": audit_head,
                }),
            )?;
            Ok(Ok(lid))
        })
    }

    /// The letter about `id` whose file has this SHA-256 (for `notify --letter`).
    pub fn letter_by_hash(&self, id: ItemId, sha256: &str) -> Result<LetterView> {
        self.letters(id)?
            .into_iter()
            .find(|l| l.sha256 == sha256)
            .ok_or_else(|| {
                StoreError::BadInput(format!(
                    "that file is not a letter earshot wrote about item {id} (no letter with its \
                     SHA-256); write it with `earshot letter` first"
                ))
            })
    }

    /// Links a written letter to the notification decision it carried.
    pub fn attach_letter(&mut self, actor: &str, id: ItemId, letter: i64) -> Result<()> {
        self.user(actor)?;
        self.write(|tx, log| {
            log.append(
                tx,
                actor,
                "letter.attach",
                Some(id),
                json!({ "letter": letter }),
            )?;
            Ok(())
        })
    }

    /// Records a subject's response; with `as_complaint`, registers it as a complaint too (in
    /// the same transaction).
    pub fn record_response(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        text: &str,
        received_on: Option<NaiveDate>,
        as_complaint: bool,
    ) -> Result<(i64, Option<i64>)> {
        let user = self.user(actor)?;
        let text = non_empty("the response", text)?;
        let on = self.past_or_today(received_on, "the response was received")?;
        self.write_gated(actor, Some(id), Action::Record, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(m) = gate::check(Action::Record, &l.facts, &user, Oversight::default()) {
                return Ok(Err(m));
            }
            let p = subject_on(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let key = keyed_hash(keys.audit.bytes(), &normalise_name(&p.name));
            let complaint = if as_complaint {
                Some(self.insert_complaint(
                    tx,
                    log,
                    actor,
                    Some(id),
                    Some(l.row.case_id.clone()),
                    &p.name,
                    &text,
                    on,
                )?)
            } else {
                None
            };
            let sealed = crypto::seal_str(
                &keys.fields,
                &format!("response:{}", l.row.blob),
                &encode(&ResponsePrivate {
                    subject: p.name.clone(),
                    text: text.clone(),
                })?,
            )?;
            tx.execute(
                "INSERT INTO responses(item_id, subject_key, sealed, received_on, complaint_id, \
                 recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, key, sealed, on.to_string(), complaint, actor, log.at],
            )?;
            let rid = tx.last_insert_rowid();
            log.append(
                tx,
                actor,
                "response.record",
                Some(id),
                json!({
                    "response": rid, "subject": key, "received_on": on.to_string(),
                    "text": keyed_hash(keys.audit.bytes(), &text), "complaint": complaint,
                }),
            )?;
            Ok(Ok((rid, complaint)))
        })
    }

    // ----- access -----

    fn open_request_for(
        tx: &Transaction<'_>,
        id: ItemId,
        key: &str,
    ) -> Result<Option<(i64, String, Option<String>)>> {
        Ok(tx
            .query_row(
                "SELECT id, due_on, extended_to FROM access_requests \
                 WHERE item_id = ?1 AND subject_key = ?2 AND status = 'open' ORDER BY id LIMIT 1",
                params![id, key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_access_request(
        &self,
        tx: &Transaction<'_>,
        log: &mut AuditWriter,
        actor: &str,
        l: &Loaded,
        subject: &str,
        key: &str,
        on: NaiveDate,
    ) -> Result<i64> {
        let keys = l.keys.as_ref().ok_or_else(|| deleted_err(l.row.id))?;
        let clock = AccessClock::new(on);
        let sealed = crypto::seal_str(
            &keys.fields,
            &format!("access:{}", l.row.blob),
            &encode(&AccessPrivate {
                subject: subject.to_string(),
                extension_reason: None,
            })?,
        )?;
        tx.execute(
            "INSERT INTO access_requests(item_id, subject_key, sealed, requested_on, due_on, \
             recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                l.row.id,
                key,
                sealed,
                on.to_string(),
                clock.due().to_string(),
                actor,
                log.at
            ],
        )?;
        let aid = tx.last_insert_rowid();
        log.append(
            tx,
            actor,
            "access.request",
            Some(l.row.id),
            json!({
                "request": aid, "subject": key, "requested_on": on.to_string(),
                "due_on": clock.due().to_string(),
            }),
        )?;
        Ok(aid)
    }

    /// Opens a subject's access request (one month to answer). Never depends on the stage or
    /// on anyone's consent.
    pub fn access_request(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        received_on: Option<NaiveDate>,
    ) -> Result<AccessView> {
        self.user(actor)?;
        let on = self.past_or_today(received_on, "the request was received")?;
        let aid = self.write(|tx, log| {
            let l = self.load(tx, id)?;
            let p = subject_on(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let key = keyed_hash(keys.audit.bytes(), &normalise_name(&p.name));
            if let Some((open, ..)) = Self::open_request_for(tx, id, &key)? {
                return Err(StoreError::BadInput(format!(
                    "{} already has an open access request for item {id} (request {open})",
                    p.name
                )));
            }
            self.insert_access_request(tx, log, actor, &l, &p.name, &key, on)
        })?;
        self.access_view(aid)
    }

    fn access_view(&self, aid: i64) -> Result<AccessView> {
        self.access_requests(None)?
            .into_iter()
            .find(|a| a.id == aid)
            .ok_or_else(|| StoreError::BadInput(format!("there is no access request {aid}")))
    }

    /// Extends a subject's open access request once, by one or two months, with a reason.
    pub fn access_extend(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        months: u32,
        reason: &str,
    ) -> Result<AccessView> {
        self.user(actor)?;
        let reason = non_empty("the reason for the extension", reason)?;
        let today = self.today();
        let aid = self.write(|tx, log| {
            let l = self.load(tx, id)?;
            let p = subject_on(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let key = keyed_hash(keys.audit.bytes(), &normalise_name(&p.name));
            let Some((aid, due, extended)) = Self::open_request_for(tx, id, &key)? else {
                return Err(StoreError::BadInput(format!(
                    "{} has no open access request for item {id}; open one with `earshot access request`",
                    p.name
                )));
            };
            let (requested_on, sealed): (String, Option<Vec<u8>>) = tx.query_row(
                "SELECT requested_on, sealed FROM access_requests WHERE id = ?1",
                [aid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let clock = AccessClock {
                requested_on: parse_day(&requested_on)?,
                due_original: parse_day(&due)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            let new = clock.extend(months, today).map_err(StoreError::BadInput)?;
            let aad = format!("access:{}", l.row.blob);
            let mut private: AccessPrivate = match sealed {
                Some(s) => decode(
                    &crypto::open_str(&keys.fields, &aad, &s)?,
                    "an access request",
                )?,
                None => AccessPrivate::default(),
            };
            private.extension_reason = Some(reason.clone());
            let sealed = crypto::seal_str(&keys.fields, &aad, &encode(&private)?)?;
            let to = new.due().to_string();
            tx.execute(
                "UPDATE access_requests SET extended_to = ?2, sealed = ?3 WHERE id = ?1",
                params![aid, to, sealed],
            )?;
            log.append(
                tx,
                actor,
                "access.extend",
                Some(id),
                json!({
                    "request": aid, "months": months, "to": to,
                    "reason": keyed_hash(keys.audit.bytes(), &reason),
                }),
            )?;
            Ok(aid)
        })?;
        self.access_view(aid)
    }

    /// Grants a subject access with a team leader's approval: the gate's `SubjectAccess`, which
    /// never asks for the sender's (or anyone else's) consent. Opens a request if none is open.
    pub fn access_grant(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        approved_by: &str,
        pin: Option<&str>,
    ) -> Result<AccessPermit> {
        let user = self.user(actor)?;
        let approver = self.overseer(&user, approved_by, pin)?;
        let today = self.today();
        self.write_gated(actor, Some(id), Action::SubjectAccess, |tx, log| {
            let l = self.load(tx, id)?;
            let o = Oversight {
                supervisor: None,
                approver: Some(&approver),
            };
            if let Err(m) = gate::check(Action::SubjectAccess, &l.facts, &user, o) {
                return Ok(Err(m));
            }
            let p = subject_on(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let key = keyed_hash(keys.audit.bytes(), &normalise_name(&p.name));
            let aid = match Self::open_request_for(tx, id, &key)? {
                Some((aid, ..)) => aid,
                None => self.insert_access_request(tx, log, actor, &l, &p.name, &key, today)?,
            };
            tx.execute(
                "UPDATE access_requests SET approved_by = ?2 WHERE id = ?1",
                params![aid, approver.name],
            )?;
            log.append(
                tx,
                actor,
                "access.grant",
                Some(id),
                json!({
                    "request": aid, "subject": key, "approved_by": approver.name,
                    "consent_asked": false,
                }),
            )?;
            Ok(Ok(AccessPermit {
                request: aid,
                item: id,
                subject: p.name.clone(),
                user: user.name.clone(),
                approved_by: approver.name.clone(),
            }))
        })
    }

    /// Writes the recording, decrypted, as the original file to `path` (0600, written in place:
    /// no copy elsewhere), and checks its SHA-256 against the one taken at import. On a
    /// mismatch the file is removed.
    pub fn export_for_access(
        &self,
        permit: &AccessPermit,
        path: &Path,
        force: bool,
    ) -> Result<ExportedFile> {
        let row = load_row(&self.conn, permit.item)?;
        let mut rec = self.open_recording(permit.item)?;
        let file = create_private_file(path, force)?;
        let mut w = HashingWriter {
            inner: io::BufWriter::new(file),
            hasher: Sha256::new(),
            n: 0,
        };
        let copied = (|| -> io::Result<()> {
            let mut buf = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
            loop {
                let n = match rec.reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                w.write_all(&buf[..n])?;
            }
            w.flush()?;
            w.inner.get_ref().sync_all()
        })();
        let sha = hex::encode(w.hasher.clone().finalize());
        if let Err(e) = copied {
            let _ = fs::remove_file(path);
            return Err(StoreError::Integrity(format!(
                "item {}'s recording could not be exported ({e}); nothing was left behind",
                permit.item
            )));
        }
        if sha != row.sha256 || w.n as i64 != row.size {
            let _ = fs::remove_file(path);
            return Err(StoreError::Integrity(format!(
                "item {}'s recording does not match its SHA-256 from the import; the export was \
                 removed (run `earshot doctor --deep`)",
                permit.item
            )));
        }
        Ok(ExportedFile {
            kind: "recording".into(),
            path: path.to_path_buf(),
            sha256: sha,
            size: w.n,
        })
    }

    /// Marks the request granted, with the hashes of what was handed out.
    pub fn access_exported(
        &mut self,
        permit: &AccessPermit,
        files: &[ExportedFile],
    ) -> Result<AccessView> {
        let rec = files
            .iter()
            .find(|f| f.kind == "recording")
            .map(|f| f.sha256.clone());
        self.write(|tx, log| {
            tx.execute(
                "UPDATE access_requests SET status = 'granted', granted_by = ?2, granted_at = ?3, \
                 export_sha256 = ?4 WHERE id = ?1",
                params![permit.request, permit.user, log.at, rec],
            )?;
            let list: Vec<serde_json::Value> = files
                .iter()
                .map(|f| json!({ "kind": f.kind, "sha256": f.sha256, "size": f.size }))
                .collect();
            log.append(
                tx,
                &permit.user,
                "access.exported",
                Some(permit.item),
                json!({ "request": permit.request, "files": list }),
            )?;
            Ok(())
        })?;
        self.access_view(permit.request)
    }

    // ----- complaints -----

    #[allow(clippy::too_many_arguments)]
    fn insert_complaint(
        &self,
        tx: &Transaction<'_>,
        log: &mut AuditWriter,
        actor: &str,
        item: Option<ItemId>,
        case: Option<String>,
        from: &str,
        text: &str,
        received: NaiveDate,
    ) -> Result<i64> {
        let clock = ComplaintClock::new(received);
        let private = ComplaintPrivate {
            from: Some(from.to_string()),
            text: Some(text.to_string()),
            ..Default::default()
        };
        let (scope, sealed) = self.seal_complaint(tx, item, &private)?;
        tx.execute(
            "INSERT INTO complaints(item_id, case_id, scope, sealed, received_on, acknowledge_by, \
             decide_by, registered_by, registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                item,
                case,
                scope,
                sealed,
                received.to_string(),
                clock.acknowledge_by.to_string(),
                clock.decide_by().to_string(),
                actor,
                log.at
            ],
        )?;
        let cid = tx.last_insert_rowid();
        log.append(
            tx,
            actor,
            "complaint.add",
            item,
            json!({
                "complaint": cid, "received_on": received.to_string(),
                "acknowledge_by": clock.acknowledge_by.to_string(),
                "decide_by": clock.decide_by().to_string(),
            }),
        )?;
        Ok(cid)
    }

    /// Registers a complaint. Every expression of dissatisfaction is a complaint until a team
    /// leader decides otherwise, in writing.
    pub fn complaint_add(
        &mut self,
        actor: &str,
        from: &str,
        item: Option<ItemId>,
        text: &str,
        received_on: Option<NaiveDate>,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let from = non_empty("who complains (--from)", from)?;
        let text = non_empty("the complaint's text", text)?;
        let on = self.past_or_today(received_on, "the complaint was received")?;
        let case = match item {
            Some(i) => Some(load_row(&self.conn, i)?.case_id),
            None => None,
        };
        let cid = self.write(|tx, log| {
            self.insert_complaint(tx, log, actor, item, case.clone(), &from, &text, on)
        })?;
        self.complaint(cid)
    }

    fn complaint_row(tx: &Transaction<'_>, cid: i64) -> Result<(Option<ItemId>, String, String)> {
        tx.query_row(
            "SELECT item_id, scope, status FROM complaints WHERE id = ?1",
            [cid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::BadInput(format!("there is no complaint {cid}")))
    }

    /// Changes a complaint's sealed text in a transaction.
    fn update_complaint_private(
        &self,
        tx: &Transaction<'_>,
        cid: i64,
        f: impl FnOnce(&mut ComplaintPrivate),
    ) -> Result<()> {
        let (item, scope, _) = Self::complaint_row(tx, cid)?;
        let sealed: Option<Vec<u8>> =
            tx.query_row("SELECT sealed FROM complaints WHERE id = ?1", [cid], |r| {
                r.get(0)
            })?;
        let mut p = self
            .complaint_private(tx, item, &scope, sealed.as_deref())?
            .unwrap_or_default();
        f(&mut p);
        let (scope, sealed) = self.seal_complaint(tx, item, &p)?;
        tx.execute(
            "UPDATE complaints SET scope = ?2, sealed = ?3 WHERE id = ?1",
            params![cid, scope, sealed],
        )?;
        Ok(())
    }

    fn open_complaint(tx: &Transaction<'_>, cid: i64) -> Result<Option<ItemId>> {
        let (item, _, status) = Self::complaint_row(tx, cid)?;
        if status != "open" {
            return Err(StoreError::BadInput(format!(
                "complaint {cid} is already closed"
            )));
        }
        Ok(item)
    }

    /// Records that the complaint's receipt was confirmed in writing.
    pub fn complaint_ack(
        &mut self,
        actor: &str,
        cid: i64,
        on: Option<NaiveDate>,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let on = self.past_or_today(on, "of the acknowledgement")?;
        self.write(|tx, log| {
            let item = Self::open_complaint(tx, cid)?;
            let (received, acked): (String, Option<String>) = tx.query_row(
                "SELECT received_on, acknowledged_on FROM complaints WHERE id = ?1",
                [cid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some(a) = acked {
                return Err(StoreError::BadInput(format!(
                    "complaint {cid} was already acknowledged on {a}"
                )));
            }
            if on < parse_day(&received)? {
                return Err(StoreError::BadInput(format!(
                    "complaint {cid} was received on {received}; it cannot be acknowledged before"
                )));
            }
            tx.execute(
                "UPDATE complaints SET acknowledged_on = ?2 WHERE id = ?1",
                params![cid, on.to_string()],
            )?;
            log.append(
                tx,
                actor,
                "complaint.ack",
                item,
                json!({ "complaint": cid, "on": on.to_string() }),
            )?;
            Ok(())
        })?;
        self.complaint(cid)
    }

    /// Postpones a complaint's decision once, by at most four weeks, with a written reason.
    pub fn complaint_extend(
        &mut self,
        actor: &str,
        cid: i64,
        weeks: u32,
        reason: &str,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let reason = non_empty("the reason for postponing", reason)?;
        let today = self.today();
        self.write(|tx, log| {
            let item = Self::open_complaint(tx, cid)?;
            let (kind, received, ack, decide, extended): (
                String,
                String,
                String,
                String,
                Option<String>,
            ) = tx.query_row(
                "SELECT kind, received_on, acknowledge_by, decide_by, extended_to FROM complaints WHERE id = ?1",
                [cid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
            if kind != "complaint" {
                return Err(StoreError::BadInput(format!(
                    "{cid} is an information request, which has no complaint clock to postpone"
                )));
            }
            let clock = ComplaintClock {
                received_on: parse_day(&received)?,
                acknowledge_by: parse_day(&ack)?,
                decide_by_original: parse_day(&decide)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            let new = clock.extend(weeks, today).map_err(StoreError::BadInput)?;
            let to = new.decide_by().to_string();
            self.update_complaint_private(tx, cid, |p| {
                p.extension_reason = Some(reason.clone())
            })?;
            tx.execute(
                "UPDATE complaints SET extended_to = ?2 WHERE id = ?1",
                params![cid, to],
            )?;
            log.append(
                tx,
                actor,
                "complaint.extend",
                item,
                json!({ "complaint": cid, "weeks": weeks, "to": to, "in_writing": true }),
            )?;
            Ok(())
        })?;
        self.complaint(cid)
    }

    /// Decides (closes) a complaint with its outcome.
    pub fn complaint_close(
        &mut self,
        actor: &str,
        cid: i64,
        outcome: &str,
        on: Option<NaiveDate>,
    ) -> Result<ComplaintView> {
        self.user(actor)?;
        let outcome = non_empty("the outcome", outcome)?;
        let on = self.past_or_today(on, "of the decision")?;
        self.write(|tx, log| {
            let item = Self::open_complaint(tx, cid)?;
            self.update_complaint_private(tx, cid, |p| p.outcome = Some(outcome.clone()))?;
            tx.execute(
                "UPDATE complaints SET status = 'closed', closed_on = ?2 WHERE id = ?1",
                params![cid, on.to_string()],
            )?;
            log.append(
                tx,
                actor,
                "complaint.close",
                item,
                json!({ "complaint": cid, "on": on.to_string() }),
            )?;
            Ok(())
        })?;
        self.complaint(cid)
    }

    /// Treats a complaint as an information request: only with a named team leader's approval
    /// (PIN when it is not the actor) and a written reason. Refusals are logged.
    pub fn complaint_downgrade(
        &mut self,
        actor: &str,
        cid: i64,
        approved_by: &str,
        pin: Option<&str>,
        reason: &str,
    ) -> Result<ComplaintView> {
        let user = self.user(actor)?;
        let reason = non_empty("the reason (--reason)", reason)?;
        let approver = self.overseer(&user, approved_by, pin)?;
        let item: Option<ItemId> = self
            .conn
            .query_row("SELECT item_id FROM complaints WHERE id = ?1", [cid], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::BadInput(format!("there is no complaint {cid}")))?;
        self.write_gated(actor, item, Action::Record, |tx, log| {
            // Always a named approver: even a lead acting alone names themself.
            if let Err(m) = gate::approval(&user, Some(&approver)) {
                return Ok(Err(vec![m]));
            }
            Self::open_complaint(tx, cid)?;
            let kind: String =
                tx.query_row("SELECT kind FROM complaints WHERE id = ?1", [cid], |r| {
                    r.get(0)
                })?;
            if kind != "complaint" {
                return Err(StoreError::BadInput(format!(
                    "{cid} is already treated as an information request"
                )));
            }
            self.update_complaint_private(tx, cid, |p| {
                p.downgrade_reason = Some(reason.clone())
            })?;
            tx.execute(
                "UPDATE complaints SET kind = 'information_request', downgraded_by = ?2 WHERE id = ?1",
                params![cid, approver.name],
            )?;
            log.append(
                tx,
                actor,
                "complaint.downgrade",
                item,
                json!({ "complaint": cid, "approved_by": approver.name }),
            )?;
            Ok(Ok(()))
        })?;
        self.complaint(cid)
    }

    // ----- deletion with a certificate -----

    /// Deletes an item (see [`Store::delete_item`]) with the copies outside the store whose
    /// deletion is confirmed (`(where, confirmed_by)`, registered in the same transaction), and
    /// returns the certificate's contents.
    #[allow(clippy::too_many_arguments)]
    pub fn delete_certified(
        &mut self,
        actor: &str,
        id: ItemId,
        reason: &str,
        requested_by: &str,
        approved_by: &str,
        pin: Option<&str>,
        copies: &[(String, String)],
    ) -> Result<Certificate> {
        let mut clean = Vec::new();
        for (place, by) in copies {
            let place = non_empty("where a copy was kept", place)?;
            let by = self
                .user(by.trim())
                .map_err(|_| {
                    StoreError::BadInput(format!(
                        "the copy at '{place}' is confirmed by '{}', who is not on the team; \
                         give the team member who confirmed its deletion",
                        by.trim()
                    ))
                })?
                .name;
            clean.push((place, by));
        }
        let before = self.account(actor, id)?;
        self.delete_item_with(actor, id, reason, requested_by, approved_by, pin, &clean)?;
        let after = self.account(actor, id)?;
        let deletion = after.deletion.clone();
        let mut destroyed = vec![
            "recording".to_string(),
            "item_key".into(),
            "personal_fields".into(),
        ];
        if !before.notifications.is_empty() {
            destroyed.push("notifications".into());
        }
        if !before.uses.is_empty() {
            destroyed.push("uses".into());
        }
        if !before.responses.is_empty() {
            destroyed.push("responses".into());
        }
        if !before.access_requests.is_empty() {
            destroyed.push("access_requests".into());
        }
        // Complaints are the complainant's record and are kept (sealed under the store's key);
        // only texts sealed under the item's key by an earlier version go with it.
        if before.complaints.iter().any(|c| c.text_destroyed) {
            destroyed.push("complaint_texts".into());
        }
        destroyed.push("waveform".into());
        Ok(Certificate {
            item: id,
            case: before.case.clone(),
            deleted_at: deletion.as_ref().map(|d| d.at.clone()).unwrap_or_default(),
            deleted_by: actor.to_string(),
            reason: reason.trim().to_string(),
            requested_by: requested_by.trim().to_string(),
            approved_by: approved_by.to_string(),
            file_name: before.file_name.clone(),
            format: before.format.clone(),
            duration_ms: before.duration_ms,
            size: before.size,
            sha256: before.sha256.clone(),
            received_at: before.received_at.clone(),
            received_by: before.received_by.clone(),
            channel: before.channel.clone(),
            destroyed,
            heard_ms: before.heard_ms.clone(),
            copies_outstanding: after.copies_outstanding,
            copies: after.copies,
            audit_head: after.audit_head,
        })
    }

    /// Logs that a deletion certificate was handed out (its files' hashes).
    pub fn record_certificate(&mut self, actor: &str, id: ItemId, sha256: &[String]) -> Result<()> {
        self.user(actor)?;
        self.write(|tx, log| {
            log.append(
                tx,
                actor,
                "delete.certificate",
                Some(id),
                json!({ "sha256": sha256.first(), "files": sha256 }),
            )?;
            Ok(())
        })
    }
}
