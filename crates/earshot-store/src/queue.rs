//! What the front ends list and show: the queue and one item with its gate checklist.

use crate::backend::{DbExt, DbRow, Q, args};
use std::fs;
use std::path::Path;

use chrono::DateTime;
use serde::{Deserialize, Serialize};

use super::crypto::{self, Place};
use super::{Result, Store, StoreError};
use crate::msg::{ItemMsg, TextFile};
use crate::rows::*;
use earshot_core::gate::{self, GateReport};
use earshot_core::model::{
    ItemId, Metadata, NotificationDecision, Person, Secretly, Stage, normalise_name,
};

/// One row of the queue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: ItemId,
    pub case: String,
    pub received_at: String,
    pub channel: String,
    pub sender: Option<String>,
    /// Who it came from as known at import (a chat's display name, `--from`), before anyone
    /// asked: not yet the recorded sender.
    pub from: Option<String>,
    pub duration_s: f64,
    pub stage: Stage,
    pub secretly: Secretly,
    pub preview_left_s: f64,
    pub notification_pending: bool,
    /// Untouched (still only received) for more than the store's escalation days.
    pub overdue: bool,
    /// The team member a lead assigned it to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    /// The names of the people on the recording, as recorded (for finding an item by them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// What of this item could not be read (its row or sealed fields damaged): the queue lists
    /// it as damaged and goes on; `earshot doctor` says more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub damaged: Option<String>,
}

impl QueueRow {
    /// A row that could not be read, with why.
    fn damaged(id: ItemId, why: String) -> QueueRow {
        QueueRow {
            id,
            case: String::new(),
            received_at: String::new(),
            channel: String::new(),
            sender: None,
            from: None,
            duration_s: 0.0,
            stage: Stage::Received,
            secretly: Secretly::default(),
            preview_left_s: 0.0,
            notification_pending: false,
            overdue: false,
            assigned_to: None,
            subjects: Vec::new(),
            damaged: Some(why),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotificationView {
    pub subject: String,
    #[serde(flatten)]
    pub decision: NotificationDecision,
    pub decided_by: String,
    pub decided_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UseView {
    pub id: i64,
    pub purpose: String,
    pub recipient: String,
    /// Empty once the recording is deleted (`summary_destroyed`): the register keeps when,
    /// for what and to whom, not what was shared.
    pub summary: String,
    #[serde(default)]
    pub summary_destroyed: bool,
    pub by: String,
    pub at: String,
}

/// Everything about one item, as `show` prints it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemView {
    pub id: ItemId,
    pub case: String,
    pub stage: Stage,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    pub file_name: Option<String>,
    pub from: Option<String>,
    pub sha256: String,
    pub size: i64,
    pub format: String,
    pub codec: String,
    pub sample_rate: i64,
    pub channels: i64,
    pub duration_s: f64,
    pub metadata: Option<Metadata>,
    pub notifications: Vec<NotificationView>,
    pub pending_notifications: Vec<String>,
    pub uses: Vec<UseView>,
    pub preview_cap_s: f64,
    pub preview_used_s: f64,
    pub preview_left_s: f64,
    /// Second ranges heard so far (previews and full playback, merged), in seconds.
    pub heard: Vec<(f64, f64)>,
    pub gate: GateReport,
    pub deleted_at: Option<String>,
}

fn secs(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

impl Store {
    /// The audit log's last sequence number (0 while it is empty). Every change to the store
    /// appends to the log in its own transaction, so a front end that shows the queue can ask
    /// for this, which costs one index lookup, and rebuild its views only when it moved.
    pub fn audit_head_seq(&self) -> Result<i64> {
        self.conn.one(Q::AuditHeadSeq, args![], |r| r.get(0))
    }

    /// The queue: every item, newest first.
    pub fn queue(&self) -> Result<Vec<QueueRow>> {
        // Sized once: grown by doubling, 100,000 rows would briefly need room for half again.
        let n: i64 = self.conn.one(Q::ItemCount, args![], |r| r.get(0))?;
        let mut out = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
        self.queue_each(&mut |row| {
            out.push(row);
            Ok(())
        })?;
        Ok(out)
    }

    /// The queue one row at a time, newest first, so that a long queue is written out without
    /// ever being held whole (`queue --json` on 100,000 items). Rows are read in batches; each
    /// batch's keys and sealed fields are opened on other threads, handed out in order.
    pub fn queue_each(&self, each: &mut dyn FnMut(QueueRow) -> Result<()>) -> Result<()> {
        self.queue_batched(QUEUE_BATCH, each)
    }

    /// [`Store::queue_each`], with `map` applied to each row on the thread that opens it: a
    /// front end that turns rows into text does that beside the database reads, not after them.
    /// `each` gets the mapped rows in queue order.
    pub fn queue_map<T: Send>(
        &self,
        map: &(dyn Fn(QueueRow) -> T + Sync),
        each: &mut dyn FnMut(T) -> Result<()>,
    ) -> Result<()> {
        self.queue_pipeline(QUEUE_BATCH, map, each)
    }

    pub(crate) fn queue_batched(
        &self,
        batch_len: usize,
        each: &mut dyn FnMut(QueueRow) -> Result<()>,
    ) -> Result<()> {
        self.queue_pipeline(batch_len, &|row| row, each)
    }

    /// The queue's rows of `batch`, read with the allowance `used`.
    fn rows_of(&self, batch: &Batch, used: Allowance) -> Result<Vec<QueueRow>> {
        let ctx = self.queue_context(used)?;
        Ok(batch
            .rows
            .iter()
            .map(|r| ctx.row(&batch.bytes, r))
            .collect())
    }

    /// Adds to `used` the preview allowance drawn per recording, as statement `q` (one of the
    /// `AllowanceUsed*`) reads it: the recording's hash and the milliseconds drawn.
    fn allowance_into(
        &self,
        used: &mut Allowance,
        q: Q,
        args: &[&dyn crate::backend::Arg],
    ) -> Result<()> {
        for (sha, ms) in self.conn.all(q, args, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            used.insert(sha, ms);
        }
        Ok(())
    }

    /// What every queue row is read with: the keys, the clock, the settings, and the preview
    /// allowance drawn per recording (`used`, read once rather than a subquery per row).
    fn queue_context(&self, used: Allowance) -> Result<QueueContext<'_>> {
        Ok(QueueContext {
            epochs: &self.epochs,
            now: self.now(),
            days: super::settings::setting_u64(self.db(), "escalation_days")? as u32,
            cap_ms: super::settings::setting_u64(self.db(), "preview_cap_s")? as i64 * 1000,
            used,
        })
    }

    /// One page of the queue, newest first: at most `per_page` rows, after `(page - 1) ×
    /// per_page` (pages count from 1). It reads those rows, and walks the index past the ones
    /// before them: a page near the top costs the same in any size of store; one deep in a
    /// large store costs more (see [`Store::queue_after`]).
    pub fn queue_page(&self, page: usize, per_page: usize) -> Result<Vec<QueueRow>> {
        let limit = i64::try_from(per_page).unwrap_or(i64::MAX);
        let offset =
            i64::try_from(page.saturating_sub(1).saturating_mul(per_page)).unwrap_or(i64::MAX);
        self.queue_rows_by(per_page, Q::QueuePageRows, args![limit, offset])
    }

    /// At most `per_page` rows of the queue that come after item `after` in it (newest first):
    /// a page by the last item seen, which costs what the first page does wherever it is. An
    /// item that is not in the store is [`ItemMsg::NoItem`].
    pub fn queue_after(&self, after: ItemId, per_page: usize) -> Result<Vec<QueueRow>> {
        if self
            .conn
            .opt(Q::QueueRow, args![after], |_| Ok(()))?
            .is_none()
        {
            return Err(StoreError::BadInput(ItemMsg::NoItem { id: after }.into()));
        }
        let limit = i64::try_from(per_page).unwrap_or(i64::MAX);
        self.queue_rows_by(per_page, Q::QueueRowsAfter, args![after, limit])
    }

    /// The rows one statement selects, and the allowance their recordings drew, read by a
    /// second statement over the same stretch of the queue (from the first row to the last, by
    /// the index; never by an offset again): two round trips to a database server, not two per
    /// row.
    fn queue_rows_by(
        &self,
        capacity: usize,
        rows: Q,
        args: &[&dyn crate::backend::Arg],
    ) -> Result<Vec<QueueRow>> {
        let mut batch = Batch::with_capacity(capacity.min(1000));
        self.conn.each(rows, args, |r| batch.read(r))?;
        let id_of = |r: &std::result::Result<Raw, (i64, String)>| match r {
            Ok(raw) => raw.id,
            Err((id, _)) => *id,
        };
        let mut used = Allowance::new();
        if let (Some(first), Some(last)) = (batch.rows.first(), batch.rows.last()) {
            let (first, last) = (id_of(first), id_of(last));
            self.allowance_into(&mut used, Q::AllowanceUsedBetween, args![first, last])?;
        }
        self.rows_of(&batch, used)
    }

    /// The queue's rows of these items, in this order (ids that are not items are left out):
    /// what a front end that was told which items changed reads again, instead of the whole
    /// queue.
    pub fn queue_rows(&self, ids: &[ItemId]) -> Result<Vec<QueueRow>> {
        let mut batch = Batch::with_capacity(ids.len());
        for id in ids {
            self.conn.opt(Q::QueueRow, args![id], |r| batch.read(r))?;
        }
        // The preview allowance drawn by these recordings (each across every item that holds
        // it), for these items only.
        let mut used = Allowance::new();
        for id in ids {
            self.allowance_into(&mut used, Q::AllowanceUsedOf, args![id])?;
        }
        self.rows_of(&batch, used)
    }

    fn queue_pipeline<T: Send>(
        &self,
        batch_len: usize,
        map: &(dyn Fn(QueueRow) -> T + Sync),
        each: &mut dyn FnMut(T) -> Result<()>,
    ) -> Result<()> {
        // The preview allowance drawn per recording, once, rather than a subquery per row.
        let mut used = Allowance::new();
        self.allowance_into(&mut used, Q::AllowanceUsed, args![])?;
        let ctx = self.queue_context(used)?;
        // Only the columns the queue shows or needs to open the sealed fields; the text and
        // byte columns first, in the order of `Col`.
        // A pipeline: while other threads open batches' keys and sealed fields (and map their
        // rows), this one reads the next batch from the database and hands out the oldest
        // finished one. Batch `k` goes to worker `k % workers`, so taking them back in turn
        // keeps the queue's order.
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        std::thread::scope(|scope| -> Result<()> {
            let ctx = &ctx;
            let mut lanes = Vec::with_capacity(workers);
            for _ in 0..workers {
                let (to_worker, work) = std::sync::mpsc::sync_channel::<Batch>(1);
                let (done, from_worker) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
                scope.spawn(move || {
                    for batch in work {
                        let rows: Vec<T> = batch
                            .rows
                            .iter()
                            .map(|r| map(ctx.row(&batch.bytes, r)))
                            .collect();
                        if done.send(rows).is_err() {
                            break;
                        }
                    }
                });
                lanes.push((to_worker, from_worker));
            }
            let failed = || StoreError::Io(crate::msg::ItemMsg::QueueReadFailed.into());
            let (mut sent, mut handed) = (0usize, 0usize);
            let mut hand_out = |handed: &mut usize| -> Result<()> {
                for row in lanes[*handed % workers].1.recv().map_err(|_| failed())? {
                    each(row)?;
                }
                *handed += 1;
                Ok(())
            };
            let mut batch = Batch::with_capacity(batch_len);
            let mut send = |batch: Batch, handed: &mut usize| -> Result<()> {
                lanes[sent % workers].0.send(batch).map_err(|_| failed())?;
                sent += 1;
                // Every worker busy and one batch more waiting: hand out the oldest.
                if sent - *handed > workers {
                    hand_out(handed)?;
                }
                Ok(())
            };
            self.conn.each(Q::QueueRowsAll, args![], |r| {
                batch.read(r)?;
                if batch.rows.len() >= batch_len {
                    let full = std::mem::replace(&mut batch, Batch::with_capacity(batch_len));
                    send(full, &mut handed)?;
                }
                Ok(())
            })?;
            if !batch.rows.is_empty() {
                send(batch, &mut handed)?;
            }
            while handed < sent {
                hand_out(&mut handed)?;
            }
            Ok(())
        })
    }

    /// Everything about one item, with the gate's answer for `viewer`.
    pub fn show(&self, viewer: &str, id: ItemId) -> Result<ItemView> {
        let user = self.user(viewer)?;
        let l = self.load(self.db(), id)?;
        let gate = gate::report(&l.facts, &user, self.other_leads(&user.name)?);
        let mut notifications = Vec::new();
        let mut uses = Vec::new();
        if let Some(keys) = &l.keys {
            for (sealed, decided_by, decided_at, nid) in
                self.conn.all(Q::NotificationsOf, args![id], |r| {
                    Ok((
                        r.get::<_, Option<Vec<u8>>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })?
            {
                if let Some(s) = sealed {
                    let text = crypto::open_str(&keys.fields, &Place::notification(id, nid), &s)?;
                    let p: NotificationPrivate = serde_json::from_str(&text).map_err(|_| {
                        StoreError::Integrity(ItemMsg::NotificationUnreadable { id }.into())
                    })?;
                    notifications.push(NotificationView {
                        subject: p.subject,
                        decision: p.decision,
                        decided_by,
                        decided_at,
                    });
                }
            }
        }
        // The register of uses outlives the recording: after deletion, when, for what and to
        // whom is still read (with the store's key); the summary is gone with the item's key.
        let store_key = self.master.store_fields();
        for (uid, sealed, by, at, register) in self.conn.all(Q::UsesOf, args![id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<Vec<u8>>>(4)?,
            ))
        })? {
            let unreadable = || StoreError::Integrity(ItemMsg::UseUnreadable { id }.into());
            match (&l.keys, sealed, register) {
                (Some(keys), Some(s), _) => {
                    let text = crypto::open_str(&keys.fields, &Place::use_of(id, uid), &s)?;
                    let p: UsePrivate = serde_json::from_str(&text).map_err(|_| unreadable())?;
                    uses.push(UseView {
                        id: uid,
                        purpose: p.purpose,
                        recipient: p.recipient,
                        summary: p.summary,
                        summary_destroyed: false,
                        by,
                        at,
                    });
                }
                (_, _, Some(r)) => {
                    let text = crypto::open_str(&store_key, &Place::use_register(id, uid), &r)?;
                    let p: crate::rows::UseRegister =
                        serde_json::from_str(&text).map_err(|_| unreadable())?;
                    uses.push(UseView {
                        id: uid,
                        purpose: p.purpose,
                        recipient: p.recipient,
                        summary: String::new(),
                        summary_destroyed: true,
                        by,
                        at,
                    });
                }
                _ => {}
            }
        }
        let heard = self
            .heard_ranges(id)?
            .into_iter()
            .map(|(a, b)| (a as f64 / 1000.0, b as f64 / 1000.0))
            .collect();
        Ok(ItemView {
            id,
            case: l.row.case_id.clone(),
            stage: l.facts.stage(),
            received_at: l.row.received_at.clone(),
            received_by: l.row.received_by.clone(),
            channel: l.row.channel.clone(),
            file_name: l.private.as_ref().map(|p| p.file_name.clone()),
            from: l.private.as_ref().and_then(|p| p.from.clone()),
            sha256: l.row.sha256.clone(),
            size: l.row.size,
            format: l.row.container.clone(),
            codec: l.row.codec.clone(),
            sample_rate: l.row.sample_rate,
            channels: l.row.channels,
            duration_s: secs(l.row.duration_ms),
            metadata: l
                .private
                .as_ref()
                .map(|p| p.metadata.clone())
                .filter(|m| *m != Metadata::default()),
            notifications,
            pending_notifications: l.facts.pending_notifications(),
            uses,
            preview_cap_s: secs(l.facts.preview_cap_ms as i64),
            preview_used_s: secs(l.facts.preview_used_ms as i64),
            preview_left_s: if l.facts.deleted {
                0.0
            } else {
                secs(l.facts.preview_left_ms() as i64)
            },
            heard,
            gate,
            deleted_at: l.row.deleted_at.clone(),
        })
    }

    /// Looks an item's person up by name (for letters and notifications).
    pub fn subject_of(&self, id: ItemId, name: &str) -> Result<Person> {
        let l = self.load(self.db(), id)?;
        let n = normalise_name(name);
        l.facts
            .metadata
            .subjects
            .into_iter()
            .find(|p| normalise_name(&p.name) == n)
            .ok_or_else(|| {
                StoreError::BadInput(
                    ItemMsg::NotSubject {
                        name: name.to_string(),
                        id,
                    }
                    .into(),
                )
            })
    }
}

/// Checks that a summary file holds text of a sensible size.
pub fn read_text_file(path: &Path, what: TextFile) -> Result<String> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        StoreError::BadInput(
            ItemMsg::TextFileUnreadable {
                what,
                shown: shown.clone(),
                detail: e.to_string(),
            }
            .into(),
        )
    };
    let meta = fs::metadata(path).map_err(unreadable)?;
    if meta.len() > 1 << 20 {
        return Err(StoreError::BadInput(
            ItemMsg::TextFileTooLarge { what, shown }.into(),
        ));
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    String::from_utf8(bytes)
        .map_err(|_| StoreError::BadInput(ItemMsg::TextFileNotText { what, shown }.into()))
}

/// How many rows the queue reads before handing them to the thread that opens them.
const QUEUE_BATCH: usize = 1024;

/// The text and byte columns the queue reads, in the order of its query (after `id`).
#[derive(Clone, Copy)]
enum Col {
    Case,
    ReceivedAt,
    Channel,
    Blob,
    Sha256,
    Stage,
    Secretly,
    /// May be NULL (nobody assigned): the only text column that may.
    AssignedTo,
    WrappedKey,
    Sealed,
}

const COLS: usize = 10;
const COL_NAMES: [&str; COLS] = [
    "case_id",
    "received_at",
    "channel",
    "blob",
    "sha256",
    "stage",
    "secretly",
    "assigned_to",
    "wrapped_key",
    "sealed",
];

/// Rows of the queue as read from the database, before their sealed fields are opened: every
/// row's values in one buffer, so that reading 100,000 rows allocates per batch, not per value
/// (and the thread that opens them frees one buffer, not a million strings).
/// The preview allowance drawn, in milliseconds, by recording (its hash).
type Allowance = std::collections::HashMap<String, i64>;

struct Batch {
    bytes: Vec<u8>,
    rows: Vec<std::result::Result<Raw, (i64, String)>>,
}

/// One row of a [`Batch`]: where each of its values lies in the batch's buffer (`None` for a
/// NULL).
struct Raw {
    id: i64,
    duration_ms: i64,
    pending: i64,
    /// The key epoch its key is wrapped under.
    epoch: i64,
    cols: [Option<(usize, usize)>; COLS],
}

impl Batch {
    fn with_capacity(rows: usize) -> Batch {
        Batch {
            bytes: Vec::with_capacity(rows * 256),
            rows: Vec::with_capacity(rows),
        }
    }

    /// Adds one database row. A value of the wrong kind (bytes where text belongs, text where
    /// a number belongs) makes the row damaged, not the queue.
    fn read(&mut self, r: &DbRow<'_>) -> Result<()> {
        use crate::backend::Value;
        let id: i64 = r.get(0)?;
        let start = self.bytes.len();
        let mut cols = [None; COLS];
        let mut bad = None;
        for (i, col) in cols.iter_mut().enumerate() {
            let text = i < Col::WrappedKey as usize;
            // Text that is not UTF-8 cannot be read as text: the row is damaged.
            match (r.value(i + 1).unwrap_or(Value::Int(0)), text) {
                (Value::Null, _) => {}
                (Value::Text(v), true) => {
                    let at = self.bytes.len();
                    self.bytes.extend_from_slice(v.as_bytes());
                    *col = Some((at, self.bytes.len()));
                }
                (Value::Blob(v), false) => {
                    let at = self.bytes.len();
                    self.bytes.extend_from_slice(v);
                    *col = Some((at, self.bytes.len()));
                }
                _ => {
                    bad = Some(format!("its {} is of the wrong kind", COL_NAMES[i]));
                    break;
                }
            }
        }
        let numbers = (|| -> Result<(i64, i64, i64)> {
            Ok((r.get(COLS + 1)?, r.get(COLS + 2)?, r.get(COLS + 3)?))
        })();
        let row = match (bad, numbers) {
            (None, Ok((duration_ms, pending, epoch))) => Ok(Raw {
                id,
                duration_ms,
                pending,
                epoch,
                cols,
            }),
            (Some(why), _) => Err((id, why)),
            (None, Err(e)) => Err((id, e.to_string())),
        };
        if row.is_err() {
            self.bytes.truncate(start);
        }
        self.rows.push(row);
        Ok(())
    }
}

impl Raw {
    fn bytes<'b>(&self, all: &'b [u8], col: Col) -> Option<&'b [u8]> {
        self.cols[col as usize].map(|(a, b)| &all[a..b])
    }

    /// A text column, or why it is not one.
    fn text<'b>(&self, all: &'b [u8], col: Col) -> std::result::Result<&'b str, String> {
        let name = COL_NAMES[col as usize];
        let v = self
            .bytes(all, col)
            .ok_or_else(|| format!("its {name} is missing"))?;
        std::str::from_utf8(v).map_err(|_| format!("its {name} is not UTF-8 text"))
    }
}

/// What the queue needs besides a row: shared by the threads that open rows.
struct QueueContext<'a> {
    epochs: &'a crate::keys::Epochs,
    now: DateTime<chrono::Utc>,
    days: u32,
    cap_ms: i64,
    /// Preview time drawn per recording (SHA-256).
    used: Allowance,
}

/// The part of an item's sealed fields the queue shows.
#[derive(serde::Deserialize)]
struct QueuePrivate {
    from: Option<String>,
    metadata: QueueMetadata,
}

#[derive(serde::Deserialize)]
struct QueueMetadata {
    sender: Option<String>,
    #[serde(default)]
    subjects: Vec<QueueSubject>,
}

#[derive(serde::Deserialize)]
struct QueueSubject {
    name: String,
}

impl QueueContext<'_> {
    fn row(&self, all: &[u8], raw: &std::result::Result<Raw, (i64, String)>) -> QueueRow {
        let raw = match raw {
            Ok(r) => r,
            Err((id, e)) => return QueueRow::damaged(*id, format!("its row cannot be read ({e})")),
        };
        let texts = (|| {
            Ok::<_, String>([
                raw.text(all, Col::Case)?,
                raw.text(all, Col::ReceivedAt)?,
                raw.text(all, Col::Channel)?,
                raw.text(all, Col::Blob)?,
                raw.text(all, Col::Sha256)?,
                raw.text(all, Col::Stage)?,
                raw.text(all, Col::Secretly)?,
            ])
        })();
        let [case, received_at, channel, blob, sha256, stage, secretly] = match texts {
            Ok(t) => t,
            Err(e) => {
                return QueueRow::damaged(raw.id, format!("its row cannot be read ({e})"));
            }
        };
        let mut damaged = None;
        // Only the fields key: the queue opens nothing else.
        let opened = match (raw.bytes(all, Col::WrappedKey), raw.bytes(all, Col::Sealed)) {
            (Some(w), Some(s)) => self
                .epochs
                .unwrap(raw.epoch, raw.id, blob, w)
                .and_then(|k| crypto::open_str(&k.derive("fields"), &Place::item_fields(raw.id), s))
                .map(Some),
            _ => Ok(None),
        };
        let (sender, from, subjects) = match opened {
            Ok(Some(text)) => serde_json::from_str::<QueuePrivate>(&text)
                .ok()
                .map(|p| {
                    let names = p.metadata.subjects.into_iter().map(|s| s.name).collect();
                    (p.metadata.sender, p.from, names)
                })
                .unwrap_or_default(),
            Ok(None) => (None, None, Vec::new()),
            Err(e) => {
                damaged = Some(e.to_string());
                (None, None, Vec::new())
            }
        };
        let stage: Stage = stage.parse().unwrap_or(Stage::Received);
        let received = DateTime::parse_from_rfc3339(received_at)
            .map(|d| d.to_utc())
            .unwrap_or(self.now);
        let overdue = stage == Stage::Received
            && earshot_core::time::working_days_between(
                received.date_naive(),
                self.now.date_naive(),
            ) > self.days;
        QueueRow {
            id: raw.id,
            case: case.to_owned(),
            received_at: received_at.to_owned(),
            channel: channel.to_owned(),
            sender,
            from,
            duration_s: secs(raw.duration_ms),
            stage,
            secretly: secretly.parse().unwrap_or_default(),
            preview_left_s: if stage == Stage::Deleted {
                0.0
            } else {
                secs((self.cap_ms - self.used.get(sha256).copied().unwrap_or(0)).max(0))
            },
            notification_pending: raw.pending > 0,
            overdue,
            assigned_to: raw.text(all, Col::AssignedTo).ok().map(str::to_owned),
            subjects,
            damaged,
        }
    }
}
