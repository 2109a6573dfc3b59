//! Items: importing recordings into the vault, describing them, notification decisions, uses,
//! deletion, and the views the front ends show.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::crypto::{self, Secret};
use super::{Result, Store, StoreError, fsutil, stamp, vault};
use earshot_core::audit::keyed_hash;
use earshot_core::gate::{self, Action, GateReport, ItemFacts, Oversight};
use earshot_core::media::{Probe, Prober};
use earshot_core::model::{
    Channel, ItemId, Metadata, NotificationDecision, Person, Secretly, Stage, normalise_name,
};

/// Personal fields of an item, kept encrypted under the item's key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Private {
    pub file_name: String,
    pub from: Option<String>,
    pub metadata: Metadata,
}

/// The columns of an item row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub id: ItemId,
    pub case_id: String,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    pub blob: String,
    pub wrapped_key: Option<Vec<u8>>,
    pub sha256: String,
    pub size: i64,
    pub container: String,
    pub codec: String,
    pub sample_rate: i64,
    pub channels: i64,
    pub duration_ms: i64,
    pub sealed: Option<Vec<u8>>,
    pub stage: String,
    pub deleted_at: Option<String>,
}

const ROW_COLUMNS: &str = "id, case_id, received_at, received_by, channel, blob, wrapped_key, \
    sha256, size, container, codec, sample_rate, channels, duration_ms, sealed, stage, deleted_at";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        case_id: r.get(1)?,
        received_at: r.get(2)?,
        received_by: r.get(3)?,
        channel: r.get(4)?,
        blob: r.get(5)?,
        wrapped_key: r.get(6)?,
        sha256: r.get(7)?,
        size: r.get(8)?,
        container: r.get(9)?,
        codec: r.get(10)?,
        sample_rate: r.get(11)?,
        channels: r.get(12)?,
        duration_ms: r.get(13)?,
        sealed: r.get(14)?,
        stage: r.get(15)?,
        deleted_at: r.get(16)?,
    })
}

pub(crate) fn load_row(conn: &rusqlite::Connection, id: ItemId) -> Result<Row> {
    conn.query_row(
        &format!("SELECT {ROW_COLUMNS} FROM items WHERE id = ?1"),
        [id],
        read_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::BadInput(format!("there is no item {id} in this store")))
}

/// The keys of one item, derived from its secret.
pub(crate) struct ItemKeys {
    pub blob: Secret,
    pub fields: Secret,
    pub audit: Secret,
}

impl ItemKeys {
    fn from_secret(s: &Secret) -> Self {
        ItemKeys {
            blob: s.derive("blob"),
            fields: s.derive("fields"),
            audit: s.derive("audit-hash"),
        }
    }
}

fn fields_aad(blob: &str) -> String {
    format!("item-fields:{blob}")
}

/// Everything the store knows about an item, decrypted.
pub(crate) struct Loaded {
    pub row: Row,
    pub keys: Option<ItemKeys>,
    pub private: Option<Private>,
    pub facts: ItemFacts,
}

impl Store {
    pub(crate) fn item_keys(&self, row: &Row) -> Result<Option<ItemKeys>> {
        match &row.wrapped_key {
            None => Ok(None),
            Some(w) => Ok(Some(ItemKeys::from_secret(
                &self.master.unwrap(&row.blob, w)?,
            ))),
        }
    }

    /// Loads an item and the facts the gate needs, inside a transaction (or on the connection).
    pub(crate) fn load(&self, conn: &rusqlite::Connection, id: ItemId) -> Result<Loaded> {
        let row = load_row(conn, id)?;
        let keys = self.item_keys(&row)?;
        let private = match (&keys, &row.sealed) {
            (Some(k), Some(s)) => {
                let text = crypto::open_str(&k.fields, &fields_aad(&row.blob), s)?;
                Some(serde_json::from_str::<Private>(&text).map_err(|_| {
                    StoreError::Integrity(format!("item {id}'s encrypted fields are unreadable"))
                })?)
            }
            _ => None,
        };
        let metadata = private
            .as_ref()
            .map(|p| p.metadata.clone())
            .unwrap_or_default();
        let decided_keys: HashSet<String> = {
            let mut st =
                conn.prepare_cached("SELECT subject_key FROM notifications WHERE item_id = ?1")?;
            st.query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let decided = match &keys {
            Some(k) => metadata
                .parents_to_notify()
                .iter()
                .map(|p| normalise_name(&p.name))
                .filter(|n| decided_keys.contains(&keyed_hash(k.audit.bytes(), n)))
                .collect(),
            None => Vec::new(),
        };
        let used: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM uses WHERE item_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        let preview_used_ms: i64 = conn.query_row(
            "SELECT COALESCE(SUM(COALESCE(heard_ms, window_ms)), 0) FROM previews WHERE item_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let cap_s = super::admin::setting_u64(conn, "preview_cap_s")?;
        let facts = ItemFacts {
            deleted: row.deleted_at.is_some(),
            metadata,
            decided,
            used,
            preview_used_ms: preview_used_ms.max(0) as u64,
            preview_cap_ms: cap_s * 1000,
        };
        Ok(Loaded {
            row,
            keys,
            private,
            facts,
        })
    }

    /// Writes the stage columns that let the queue be listed without decrypting anything.
    fn restage(&self, tx: &Transaction<'_>, id: ItemId) -> Result<Stage> {
        let l = self.load(tx, id)?;
        let stage = l.facts.stage();
        tx.execute(
            "UPDATE items SET stage = ?2, pending_notifications = ?3, secretly = ?4 WHERE id = ?1",
            params![
                id,
                stage.as_str(),
                l.facts.pending_notifications().len() as i64,
                l.facts.metadata.secretly.as_str()
            ],
        )?;
        Ok(stage)
    }

    fn reseal(&self, tx: &Transaction<'_>, l: &Loaded, private: &Private) -> Result<()> {
        let keys = l.keys.as_ref().ok_or_else(|| deleted_err(l.row.id))?;
        let text = serde_json::to_string(private)
            .map_err(|e| StoreError::Io(format!("cannot encode item fields: {e}")))?;
        let sealed = crypto::seal_str(&keys.fields, &fields_aad(&l.row.blob), &text)?;
        tx.execute(
            "UPDATE items SET sealed = ?2 WHERE id = ?1",
            params![l.row.id, sealed],
        )?;
        Ok(())
    }
}

pub(crate) fn deleted_err(id: ItemId) -> StoreError {
    StoreError::BadInput(format!(
        "item {id} has been deleted; only its reports remain"
    ))
}

// ---------------------------------------------------------------------------------------------
// Import

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub files: Vec<PathBuf>,
    pub case: String,
    pub received_by: String,
    pub channel: Channel,
    pub from: Option<String>,
    /// When the message was received; now if not given.
    pub received_at: Option<DateTime<Utc>>,
}

/// One imported item, as `import --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedItem {
    pub id: ItemId,
    pub case: String,
    pub file: String,
    pub sha256: String,
    pub size: u64,
    pub format: String,
    pub codec: String,
    pub duration_s: f64,
}

/// A blob written to the vault but not yet committed: holds the file's lock so that no other
/// process's clean-up takes it for a leftover; removes the blob if dropped uncommitted.
pub(crate) struct PendingBlob {
    pub(crate) name: String,
    path: PathBuf,
    _lock: File,
    committed: bool,
}

impl PendingBlob {
    /// The item row pointing at this blob is committed: keep it (and release the lock).
    pub(crate) fn keep(mut self) {
        self.committed = true;
    }
}

impl Drop for PendingBlob {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

pub(crate) fn validate_case_id(case: &str) -> Result<()> {
    let ok = !case.is_empty()
        && case.len() <= 64
        && case
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadInput(format!(
            "'{case}' is not a usable case id: use 1 to 64 letters, digits, '-', '_', '.' or '/' \
             (a case number, not a name)"
        )))
    }
}

struct Prepared {
    path: PathBuf,
    file_name: String,
    probe: Probe,
}

fn prepare(path: &Path, prober: &dyn Prober) -> Result<Prepared> {
    let shown = path.display();
    let file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::BadInput(format!("{shown}: no such file")),
        _ => StoreError::BadInput(format!("{shown}: cannot be read ({e})")),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::BadInput(format!("{shown}: cannot be read ({e})")))?;
    if !meta.is_file() {
        return Err(StoreError::BadInput(format!("{shown} is not a file")));
    }
    if meta.len() == 0 {
        return Err(StoreError::BadInput(format!("{shown} is empty")));
    }
    let hint = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let probe = prober
        .probe(Box::new(BufReader::new(file)), meta.len(), hint.as_deref())
        .map_err(|e| StoreError::BadInput(format!("{shown}: {e}")))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.to_string());
    Ok(Prepared {
        path: path.to_path_buf(),
        file_name,
        probe,
    })
}

/// The clear and personal facts of a new item row.
pub(crate) struct NewItem<'a> {
    pub case: &'a str,
    pub received_at: &'a str,
    pub received_by: &'a str,
    pub channel: Channel,
    pub from: Option<&'a str>,
    pub file_name: &'a str,
    pub probe: &'a Probe,
}

/// Inserts an item row for a sealed blob, with its wrapped key and sealed fields, and logs
/// `item.import`. The caller checked for duplicates and created the case.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_item(
    tx: &Transaction<'_>,
    log: &mut super::AuditWriter,
    master: &crypto::MasterKey,
    actor: &str,
    blob: &PendingBlob,
    secret: &Secret,
    sealed: &vault::Sealed,
    n: &NewItem<'_>,
) -> Result<(ItemId, ItemKeys)> {
    let wrapped = master.wrap(&blob.name, secret)?;
    let keys = ItemKeys::from_secret(secret);
    let private = Private {
        file_name: n.file_name.to_string(),
        from: n.from.map(str::to_string),
        metadata: Metadata::default(),
    };
    let text = serde_json::to_string(&private)
        .map_err(|e| StoreError::Io(format!("cannot encode item fields: {e}")))?;
    let sealed_fields = crypto::seal_str(&keys.fields, &fields_aad(&blob.name), &text)?;
    let pr = n.probe;
    tx.execute(
        "INSERT INTO items(case_id, received_at, received_by, channel, blob, wrapped_key, \
         sha256, size, container, codec, sample_rate, channels, duration_ms, sealed) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            n.case,
            n.received_at,
            n.received_by,
            n.channel.as_str(),
            blob.name,
            wrapped,
            sealed.sha256,
            sealed.size as i64,
            pr.container,
            pr.codec,
            pr.sample_rate as i64,
            pr.channels as i64,
            pr.duration_ms as i64,
            sealed_fields
        ],
    )?;
    let id = tx.last_insert_rowid();
    log.append(
        tx,
        actor,
        "item.import",
        Some(id),
        json!({
            "case": n.case,
            "received_by": n.received_by,
            "channel": n.channel.as_str(),
            "sha256": sealed.sha256,
            "size": sealed.size,
            "format": pr.container,
            "codec": pr.codec,
            "duration_ms": pr.duration_ms,
            "file_name": keyed_hash(keys.audit.bytes(), n.file_name),
            "from": n.from.map(|f| keyed_hash(keys.audit.bytes(), &normalise_name(f))),
        }),
    )?;
    Ok((id, keys))
}

impl Store {
    /// Imports recordings into one case. All or nothing: every file is checked first, and if
    /// any is refused (not audio, a duplicate) nothing is imported.
    /// `prober` tells what each file is (the audio crate's decoder; the store links none).
    pub fn import(
        &mut self,
        actor: &str,
        req: &ImportRequest,
        prober: &dyn Prober,
    ) -> Result<Vec<ImportedItem>> {
        self.user(actor)?;
        self.user(&req.received_by)?;
        validate_case_id(&req.case)?;
        if req.files.is_empty() {
            return Err(StoreError::BadInput("no files to import".into()));
        }
        if let Some(from) = &req.from
            && from.trim().is_empty()
        {
            return Err(StoreError::BadInput("--from is empty".into()));
        }
        let prepared = req
            .files
            .iter()
            .map(|p| prepare(p, prober))
            .collect::<Result<Vec<_>>>()?;
        let vault = self.vault_dir();
        fsutil::create_private_dir(&vault)?;
        let mut pending = Vec::with_capacity(prepared.len());
        for p in &prepared {
            let shown = p.path.display().to_string();
            let mut src = File::open(&p.path)
                .map_err(|e| StoreError::BadInput(format!("{shown}: cannot be read ({e})")))?;
            pending.push(self.seal_into_vault(&vault, &mut src, &shown)?);
        }
        fsutil::sync_dir(&vault)?;
        let received_at = stamp(req.received_at.unwrap_or_else(|| self.now()));
        let master = self.master.clone();
        let out = self.write(|tx, log| {
            let mut seen: Vec<(String, String)> = Vec::new();
            let mut out = Vec::new();
            tx.execute(
                "INSERT OR IGNORE INTO cases(id, created_at) VALUES (?1, ?2)",
                params![req.case, received_at],
            )?;
            for (p, (blob, secret, sealed)) in prepared.iter().zip(pending.iter()) {
                if let Some((other, _)) = seen.iter().find(|(_, sha)| *sha == sealed.sha256) {
                    return Err(StoreError::BadInput(format!(
                        "{} is the same recording as {other} (SHA-256 {}); nothing was imported",
                        p.path.display(),
                        &sealed.sha256[..12]
                    )));
                }
                let dup: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM items WHERE case_id = ?1 AND sha256 = ?2 AND deleted_at IS NULL",
                        params![req.case, sealed.sha256],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(id) = dup {
                    return Err(StoreError::BadInput(format!(
                        "{} is already in case {} as item {id} (same SHA-256); nothing was imported",
                        p.path.display(),
                        req.case
                    )));
                }
                seen.push((p.path.display().to_string(), sealed.sha256.clone()));
                let pr = &p.probe;
                let (id, _) = insert_item(
                    tx,
                    log,
                    &master,
                    actor,
                    blob,
                    secret,
                    sealed,
                    &NewItem {
                        case: &req.case,
                        received_at: &received_at,
                        received_by: &req.received_by,
                        channel: req.channel,
                        from: req.from.as_deref(),
                        file_name: &p.file_name,
                        probe: pr,
                    },
                )?;
                out.push(ImportedItem {
                    id,
                    case: req.case.clone(),
                    file: p.path.display().to_string(),
                    sha256: sealed.sha256.clone(),
                    size: sealed.size,
                    format: pr.container.clone(),
                    codec: pr.codec.clone(),
                    duration_s: pr.duration_ms as f64 / 1000.0,
                });
            }
            Ok(out)
        })?;
        for (blob, _, _) in pending {
            blob.keep();
        }
        Ok(out)
    }

    /// Encrypts one file into the vault under a fresh key: `.part`, fsync, rename. The returned
    /// blob stays locked until the caller commits (or drops it, which removes it).
    pub(crate) fn seal_into_vault(
        &self,
        vault: &Path,
        src: &mut dyn Read,
        shown: &str,
    ) -> Result<(PendingBlob, Secret, vault::Sealed)> {
        let secret = Secret::random()?;
        let keys = ItemKeys::from_secret(&secret);
        let (name, part_path, part) = loop {
            let name = hex::encode(crypto::random_bytes::<16>()?);
            let part_path = vault.join(format!("{name}.part"));
            let part = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&part_path)
                .map_err(|e| StoreError::Io(format!("cannot write into the vault: {e}")))?;
            // Lock before anything else; if a clean-up took the file in between, start over.
            if part.try_lock().is_ok() {
                let same = fs::metadata(&part_path).ok().map(|m| m.ino())
                    == part.metadata().ok().map(|m| m.ino());
                if same {
                    break (name, part_path, part);
                }
            }
        };
        let lock = part
            .try_clone()
            .map_err(|e| StoreError::Io(format!("cannot write into the vault: {e}")))?;
        let mut guard = PendingBlob {
            name: name.clone(),
            path: part_path.clone(),
            _lock: lock,
            committed: false,
        };
        let sealed = {
            let mut w = fsutil::Writeback::new(&part);
            vault::seal(&mut &mut *src, &mut w, &keys.blob).map_err(|e| match e.kind() {
                // The source refused (an archive entry larger than it said, a file that
                // changed): bad input, not a failing disk.
                std::io::ErrorKind::InvalidData => StoreError::BadInput(format!("{shown}: {e}")),
                _ => StoreError::Io(format!("cannot encrypt {shown}: {e}")),
            })?
        };
        part.sync_all()
            .map_err(|e| StoreError::Io(format!("cannot write into the vault: {e}")))?;
        let final_path = vault.join(format!("{name}.esv"));
        fs::rename(&part_path, &final_path)
            .map_err(|e| StoreError::Io(format!("cannot write into the vault: {e}")))?;
        guard.path = final_path;
        Ok((guard, secret, sealed))
    }
}

// ---------------------------------------------------------------------------------------------
// Decisions

/// A decision about notifying one parent, as requested.
#[derive(Debug, Clone)]
pub enum NotifyDecision {
    Notified {
        channel: String,
        on: Option<NaiveDate>,
    },
    Exception {
        reason: String,
        approved_by: String,
        pin: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct NotificationPrivate {
    subject: String,
    decision: NotificationDecision,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct UsePrivate {
    purpose: String,
    recipient: String,
    summary: String,
}

fn non_empty(what: &str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        Err(StoreError::BadInput(format!("{what} is empty")))
    } else {
        Ok(t.to_string())
    }
}

/// Describes what changed between two values without saying what they are.
fn change(key: &Secret, old: Option<&str>, new: Option<&str>) -> Option<serde_json::Value> {
    if old == new {
        return None;
    }
    let h = |v: Option<&str>| v.map(|s| keyed_hash(key.bytes(), s));
    Some(json!({ "old": h(old), "new": h(new) }))
}

fn subjects_text(m: &Metadata) -> Option<String> {
    if m.subjects.is_empty() {
        return None;
    }
    let mut v: Vec<String> = m
        .subjects
        .iter()
        .map(|p| format!("{}:{}", normalise_name(&p.name), p.role))
        .collect();
    v.sort();
    Some(v.join("\n"))
}

impl Store {
    /// Records what the sender sent, about whom and why (and optionally more). Required fields
    /// replace what was there; optional fields left out keep their value.
    pub fn describe(&mut self, actor: &str, id: ItemId, new: &Metadata) -> Result<Stage> {
        let user = self.user(actor)?;
        new.validate().map_err(|errs| {
            StoreError::BadInput(format!(
                "the description is incomplete: {}",
                errs.join("; ")
            ))
        })?;
        let mut m = new.clone();
        m.sender = m.sender.map(|s| s.trim().to_string());
        m.purpose = m.purpose.map(|s| s.trim().to_string());
        for s in &mut m.subjects {
            s.name = s.name.trim().to_string();
        }
        self.write_gated(actor, Some(id), Action::Record, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(missing) = gate::check(Action::Record, &l.facts, &user, Oversight::default()) {
                return Ok(Err(missing));
            }
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let mut private = l.private.clone().unwrap_or_default();
            let old = private.metadata.clone();
            if m.legal_basis.is_none() {
                m.legal_basis = old.legal_basis.clone();
            }
            if m.processing_purpose.is_none() {
                m.processing_purpose = old.processing_purpose.clone();
            }
            let mut changes = serde_json::Map::new();
            let k = &keys.audit;
            let norm = |s: &Option<String>| s.as_deref().map(normalise_name);
            let pairs = [
                ("sender", norm(&old.sender), norm(&m.sender)),
                ("subjects", subjects_text(&old), subjects_text(&m)),
                ("purpose", old.purpose.clone(), m.purpose.clone()),
                ("legal_basis", old.legal_basis.clone(), m.legal_basis.clone()),
                ("processing_purpose", old.processing_purpose.clone(), m.processing_purpose.clone()),
            ];
            for (field, o, n) in pairs {
                if let Some(c) = change(k, o.as_deref(), n.as_deref()) {
                    changes.insert(field.into(), c);
                }
            }
            if old.secretly != m.secretly {
                changes.insert("secretly".into(), json!({ "old": old.secretly, "new": m.secretly }));
            }
            private.metadata = m.clone();
            self.reseal(tx, &l, &private)?;
            tx.execute(
                "UPDATE items SET described_at = COALESCE(described_at, ?2) WHERE id = ?1",
                params![id, log.at],
            )?;
            let stage = self.restage(tx, id)?;
            log.append(
                tx,
                actor,
                "item.describe",
                Some(id),
                json!({ "changes": changes, "subjects": m.subjects.len(), "stage": stage.as_str() }),
            )?;
            Ok(Ok(stage))
        })
    }

    /// Logs the decision about notifying one parent on the item.
    pub fn notify(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        decision: &NotifyDecision,
    ) -> Result<Stage> {
        let user = self.user(actor)?;
        let subject = non_empty("the subject's name", subject)?;
        let now = self.now();
        let (approver, decision_text) = match decision {
            NotifyDecision::Notified { channel, on } => {
                let channel = non_empty("the channel (how they were notified)", channel)?;
                let on = on.unwrap_or(now.date_naive());
                if on > now.date_naive() {
                    return Err(StoreError::BadInput(format!(
                        "the notification date {on} lies in the future"
                    )));
                }
                (
                    None,
                    NotificationDecision::Notified {
                        on,
                        channel,
                        by: user.name.clone(),
                    },
                )
            }
            NotifyDecision::Exception {
                reason,
                approved_by,
                pin,
            } => {
                let reason = non_empty("the reason for the exception", reason)?;
                let a = self.overseer(&user, approved_by, pin.as_deref())?;
                (
                    Some(a.clone()),
                    NotificationDecision::Exception {
                        reason,
                        approved_by: a.name,
                    },
                )
            }
        };
        self.write_gated(actor, Some(id), Action::Record, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(missing) = gate::check(Action::Record, &l.facts, &user, Oversight::default()) {
                return Ok(Err(missing));
            }
            if approver.is_some()
                && let Err(m) = gate::approval(&user, approver.as_ref())
            {
                return Ok(Err(vec![m]));
            }
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let wanted = normalise_name(&subject);
            let Some(person) = l
                .facts
                .metadata
                .subjects
                .iter()
                .find(|p| normalise_name(&p.name) == wanted)
            else {
                let names: Vec<String> = l.facts.metadata.subjects.iter().map(|p| format!("{} ({})", p.name, p.role)).collect();
                return Err(StoreError::BadInput(if names.is_empty() {
                    format!("item {id} has no subjects yet; describe it first (earshot describe)")
                } else {
                    format!("{subject} is not a subject of item {id}; its subjects are: {}", names.join(", "))
                }));
            };
            let subject_key = keyed_hash(keys.audit.bytes(), &wanted);
            let private = NotificationPrivate { subject: person.name.clone(), decision: decision_text.clone() };
            let text = serde_json::to_string(&private).map_err(|e| StoreError::Io(e.to_string()))?;
            let sealed = crypto::seal_str(&keys.fields, &format!("notification:{}", l.row.blob), &text)?;
            let (kind, approved_by) = match &decision_text {
                NotificationDecision::Notified { .. } => ("notified", None),
                NotificationDecision::Exception { approved_by, .. } => ("exception", Some(approved_by.clone())),
            };
            tx.execute(
                "INSERT INTO notifications(item_id, subject_key, kind, sealed, approved_by, decided_by, decided_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, subject_key, kind, sealed, approved_by, user.name, log.at],
            )?;
            if let Some(a) = &approved_by {
                // An approved exception answers a worker's request for one.
                super::triage::resolve_requests(tx, id, super::triage::EscalationKind::Exception, None, a, &log.at)?;
            }
            let stage = self.restage(tx, id)?;
            let mut detail = json!({
                "subject": subject_key,
                "role": person.role.as_str(),
                "kind": kind,
                "stage": stage.as_str(),
            });
            match &decision_text {
                NotificationDecision::Notified { on, channel, .. } => {
                    detail["on"] = json!(on.to_string());
                    detail["channel"] = json!(keyed_hash(keys.audit.bytes(), channel));
                }
                NotificationDecision::Exception { reason, approved_by } => {
                    detail["approved_by"] = json!(approved_by);
                    detail["reason"] = json!(keyed_hash(keys.audit.bytes(), reason));
                }
            }
            log.append(tx, actor, "item.notify", Some(id), detail)?;
            Ok(Ok(stage))
        })
    }

    /// Records a further use of the item: a summary (never the recording) for a purpose and a
    /// recipient. Refused until every parent's notification is decided.
    pub fn record_use(
        &mut self,
        actor: &str,
        id: ItemId,
        purpose: &str,
        recipient: &str,
        summary: &str,
    ) -> Result<i64> {
        let user = self.user(actor)?;
        let purpose = non_empty("the purpose of the use", purpose)?;
        let recipient = non_empty("the recipient", recipient)?;
        let summary = non_empty("the summary", summary)?;
        self.write_gated(actor, Some(id), Action::FurtherUse, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(missing) =
                gate::check(Action::FurtherUse, &l.facts, &user, Oversight::default())
            {
                return Ok(Err(missing));
            }
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let private = UsePrivate {
                purpose: purpose.clone(),
                recipient: recipient.clone(),
                summary: summary.clone(),
            };
            let text =
                serde_json::to_string(&private).map_err(|e| StoreError::Io(e.to_string()))?;
            let sealed = crypto::seal_str(&keys.fields, &format!("use:{}", l.row.blob), &text)?;
            tx.execute(
                "INSERT INTO uses(item_id, sealed, by_user, at) VALUES (?1, ?2, ?3, ?4)",
                params![id, sealed, user.name, log.at],
            )?;
            let use_id = tx.last_insert_rowid();
            let stage = self.restage(tx, id)?;
            let k = keys.audit.bytes();
            log.append(
                tx,
                actor,
                "item.use",
                Some(id),
                json!({
                    "use": use_id,
                    "purpose": keyed_hash(k, &purpose),
                    "recipient": keyed_hash(k, &normalise_name(&recipient)),
                    "summary": keyed_hash(k, &summary),
                    "stage": stage.as_str(),
                }),
            )?;
            Ok(Ok(use_id))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Views

/// One row of the queue.
#[derive(Debug, Clone, Serialize)]
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
}

#[derive(Debug, Clone, Serialize)]
pub struct NotificationView {
    pub subject: String,
    #[serde(flatten)]
    pub decision: NotificationDecision,
    pub decided_by: String,
    pub decided_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UseView {
    pub id: i64,
    pub purpose: String,
    pub recipient: String,
    pub summary: String,
    pub by: String,
    pub at: String,
}

/// Everything about one item, as `show` prints it.
#[derive(Debug, Clone, Serialize)]
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
    /// The queue: every item, newest first.
    pub fn queue(&self) -> Result<Vec<QueueRow>> {
        let now = self.now();
        let days = super::admin::setting_u64(&self.conn, "escalation_days")? as u32;
        let cap_ms = super::admin::setting_u64(&self.conn, "preview_cap_s")? as i64 * 1000;
        let mut st = self.conn.prepare(&format!(
            "SELECT {ROW_COLUMNS}, secretly, pending_notifications, \
             (SELECT COALESCE(SUM(COALESCE(heard_ms, window_ms)), 0) FROM previews p WHERE p.item_id = items.id) \
             FROM items ORDER BY received_at DESC, id DESC"
        ))?;
        let rows = st.query_map([], |r| {
            Ok((
                read_row(r)?,
                r.get::<_, String>(17)?,
                r.get::<_, i64>(18)?,
                r.get::<_, i64>(19)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (row, secretly, pending, used) = row?;
            let (sender, from) = match (self.item_keys(&row)?, &row.sealed) {
                (Some(k), Some(s)) => {
                    let text = crypto::open_str(&k.fields, &fields_aad(&row.blob), s)?;
                    serde_json::from_str::<Private>(&text)
                        .ok()
                        .map(|p| (p.metadata.sender, p.from))
                        .unwrap_or_default()
                }
                _ => (None, None),
            };
            let stage: Stage = row.stage.parse().unwrap_or(Stage::Received);
            let received = DateTime::parse_from_rfc3339(&row.received_at)
                .map(|d| d.to_utc())
                .unwrap_or(now);
            let overdue = stage == Stage::Received
                && earshot_core::time::working_days_between(
                    received.date_naive(),
                    now.date_naive(),
                ) > days;
            out.push(QueueRow {
                id: row.id,
                case: row.case_id,
                received_at: row.received_at,
                channel: row.channel,
                sender,
                from,
                duration_s: secs(row.duration_ms),
                stage,
                secretly: secretly.parse().unwrap_or_default(),
                preview_left_s: if stage == Stage::Deleted {
                    0.0
                } else {
                    secs((cap_ms - used).max(0))
                },
                notification_pending: pending > 0,
                overdue,
            });
        }
        Ok(out)
    }

    /// Everything about one item, with the gate's answer for `viewer`.
    pub fn show(&self, viewer: &str, id: ItemId) -> Result<ItemView> {
        let user = self.user(viewer)?;
        let l = self.load(&self.conn, id)?;
        let gate = gate::report(&l.facts, &user);
        let mut notifications = Vec::new();
        let mut uses = Vec::new();
        if let Some(keys) = &l.keys {
            let mut st = self.conn.prepare(
                "SELECT sealed, decided_by, decided_at FROM notifications WHERE item_id = ?1 ORDER BY id",
            )?;
            for r in st.query_map([id], |r| {
                Ok((
                    r.get::<_, Option<Vec<u8>>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })? {
                let (sealed, decided_by, decided_at) = r?;
                if let Some(s) = sealed {
                    let text = crypto::open_str(
                        &keys.fields,
                        &format!("notification:{}", l.row.blob),
                        &s,
                    )?;
                    let p: NotificationPrivate = serde_json::from_str(&text).map_err(|_| {
                        StoreError::Integrity(format!("item {id}: a notification is unreadable"))
                    })?;
                    notifications.push(NotificationView {
                        subject: p.subject,
                        decision: p.decision,
                        decided_by,
                        decided_at,
                    });
                }
            }
            let mut st = self.conn.prepare(
                "SELECT id, sealed, by_user, at FROM uses WHERE item_id = ?1 ORDER BY id",
            )?;
            for r in st.query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<Vec<u8>>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })? {
                let (uid, sealed, by, at) = r?;
                if let Some(s) = sealed {
                    let text = crypto::open_str(&keys.fields, &format!("use:{}", l.row.blob), &s)?;
                    let p: UsePrivate = serde_json::from_str(&text).map_err(|_| {
                        StoreError::Integrity(format!("item {id}: a use is unreadable"))
                    })?;
                    uses.push(UseView {
                        id: uid,
                        purpose: p.purpose,
                        recipient: p.recipient,
                        summary: p.summary,
                        by,
                        at,
                    });
                }
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
        let l = self.load(&self.conn, id)?;
        let n = normalise_name(name);
        l.facts
            .metadata
            .subjects
            .into_iter()
            .find(|p| normalise_name(&p.name) == n)
            .ok_or_else(|| StoreError::BadInput(format!("{name} is not a subject of item {id}")))
    }
}

/// Checks that a summary file holds text of a sensible size.
pub fn read_text_file(path: &Path, what: &str) -> Result<String> {
    let shown = path.display();
    let meta = fs::metadata(path)
        .map_err(|e| StoreError::BadInput(format!("{what} {shown}: cannot be read ({e})")))?;
    if meta.len() > 1 << 20 {
        return Err(StoreError::BadInput(format!(
            "{what} {shown} is larger than 1 MiB; a summary is expected, never the recording"
        )));
    }
    let bytes = fs::read(path)
        .map_err(|e| StoreError::BadInput(format!("{what} {shown}: cannot be read ({e})")))?;
    String::from_utf8(bytes)
        .map_err(|_| StoreError::BadInput(format!("{what} {shown} is not UTF-8 text")))
}
