//! Items: importing recordings into the vault, describing them, notification decisions and uses.

use crate::backend::{Db, DbExt, Q, args};
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::crypto::{self, Column, Place, Secret};
use super::{Result, Store, StoreError, stamp, vault};
use crate::blobs::PendingBlob;
use crate::msg::{Field, ItemMsg};
pub use crate::queue::read_text_file;
use crate::rows::*;
use crate::sealing::next_row;
use earshot_core::audit::{Change, Event, MetadataChanges, keyed_hash};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::media::{Probe, Prober};
use earshot_core::model::{Channel, ItemId, Metadata, Stage, normalise_name};

// ---------------------------------------------------------------------------------------------
// Import

/// What [`Store::import_watched`] shows each file's bytes to: the file's index and its next
/// bytes.
pub type Watch<'a> = dyn Fn(usize, &[u8]) + Sync + 'a;

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
    /// Other items holding the same recording (same SHA-256, in other cases, or deleted): the
    /// preview allowance is theirs too. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_recording: Vec<SameRecording>,
}

/// Another item with the same recording.
#[derive(Debug, Clone, Serialize)]
pub struct SameRecording {
    pub item: ItemId,
    pub case: String,
}

/// The other items holding the recording `sha256`, besides `except`.
pub(crate) fn same_recording(
    tx: &dyn Db,
    sha256: &str,
    except: ItemId,
) -> Result<Vec<SameRecording>> {
    let v = tx.all(Q::SameRecording, args![sha256, except], |r| {
        Ok(SameRecording {
            item: r.get(0)?,
            case: r.get(1)?,
        })
    })?;
    Ok(v)
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
        Err(StoreError::BadInput(
            ItemMsg::BadCase {
                case: case.to_string(),
            }
            .into(),
        ))
    }
}

/// Where the bytes of one file to import come from.
enum Bytes {
    /// A regular file on this machine (single-user mode: the user's own file).
    Path(PathBuf),
    /// Bytes a client sent (the guardian never opens a path on a user's behalf).
    Given(std::sync::Arc<[u8]>),
}

impl Bytes {
    fn reader(&self, shown: &str) -> Result<Box<dyn Read + '_>> {
        match self {
            Bytes::Path(p) => Ok(Box::new(File::open(p).map_err(|e| {
                StoreError::BadInput(
                    ItemMsg::FileUnreadable {
                        shown: shown.to_string(),
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?)),
            Bytes::Given(b) => Ok(Box::new(std::io::Cursor::new(&b[..]))),
        }
    }
}

struct Prepared {
    /// How the file is named to the user (the path as given).
    shown: String,
    file_name: String,
    bytes: Bytes,
    probe: Probe,
}

/// A file to import whose bytes were sent by a client, with the path the client gave.
#[derive(Debug, Clone)]
pub struct GivenFile {
    pub path: PathBuf,
    pub bytes: std::sync::Arc<[u8]>,
}

fn name_of(path: &Path) -> (String, String, Option<String>) {
    let shown = path.display().to_string();
    let hint = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    (shown, file_name, hint)
}

fn prepare_given(g: &GivenFile, prober: &dyn Prober) -> Result<Prepared> {
    let (shown, file_name, hint) = name_of(&g.path);
    if g.bytes.is_empty() {
        return Err(StoreError::BadInput(ItemMsg::FileEmpty { shown }.into()));
    }
    let probe = prober
        .probe(
            Box::new(std::io::Cursor::new(g.bytes.clone())),
            g.bytes.len() as u64,
            hint.as_deref(),
        )
        .map_err(|e| {
            StoreError::BadInput(
                ItemMsg::NotAudio {
                    shown: shown.clone(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
    Ok(Prepared {
        shown,
        file_name,
        bytes: Bytes::Given(g.bytes.clone()),
        probe,
    })
}

fn prepare(path: &Path, prober: &dyn Prober) -> Result<Prepared> {
    let (shown, file_name, hint) = name_of(path);
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below as
    // not a regular file. On a regular file the flag changes nothing.
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::BadInput(
                ItemMsg::NoSuchFile {
                    shown: shown.clone(),
                }
                .into(),
            ),
            _ => StoreError::BadInput(
                ItemMsg::FileUnreadable {
                    shown: shown.clone(),
                    detail: e.to_string(),
                }
                .into(),
            ),
        })?;
    let meta = file.metadata().map_err(|e| {
        StoreError::BadInput(
            ItemMsg::FileUnreadable {
                shown: shown.clone(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    if !meta.is_file() {
        return Err(StoreError::BadInput(ItemMsg::NotAFile { shown }.into()));
    }
    if meta.len() == 0 {
        return Err(StoreError::BadInput(ItemMsg::FileEmpty { shown }.into()));
    }
    let probe = prober
        .probe(Box::new(BufReader::new(file)), meta.len(), hint.as_deref())
        .map_err(|e| {
            StoreError::BadInput(
                ItemMsg::NotAudio {
                    shown: shown.clone(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
    Ok(Prepared {
        shown,
        file_name,
        bytes: Bytes::Path(path.to_path_buf()),
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
    /// Whether `received_at` was given (the real receipt), not the moment of import.
    pub received_given: bool,
}

/// Inserts an item row for a sealed blob, with its wrapped key and sealed fields, and logs
/// `item.import`. The caller checked for duplicates and created the case.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_item(
    tx: &dyn Db,
    log: &mut super::AuditWriter,
    epochs: &crate::keys::Epochs,
    actor: &str,
    blob: &PendingBlob<'_>,
    secret: &Secret,
    sealed: &vault::Sealed,
    n: &NewItem<'_>,
) -> Result<(ItemId, ItemKeys)> {
    // The row's id first: its key and fields are bound to it. Under the epoch current in this
    // transaction: a rotation either came before it, or waits.
    let id: ItemId = next_row(tx, Column::ItemKey)?;
    blob.committed_in(tx)?;
    let epoch = epochs.current(tx)?;
    let wrapped = epoch.wrap(id, &blob.name, secret)?;
    let keys = ItemKeys::from_secret(secret);
    let private = Private {
        file_name: n.file_name.to_string(),
        from: n.from.map(str::to_string),
        metadata: Metadata::default(),
    };
    let text = crate::encode(&private)?;
    let sealed_fields = crypto::seal_str(&keys.fields, &Place::item_fields(id), &text)?;
    let pr = n.probe;
    tx.exec(
        Q::InsertItem,
        args![
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
            sealed_fields,
            epoch.epoch(),
            id
        ],
    )?;
    log.append(
        tx,
        actor,
        Some(id),
        &Event::ItemImport {
            case: n.case.to_string(),
            received_by: n.received_by.to_string(),
            channel: n.channel,
            sha256: sealed.sha256.clone(),
            size: sealed.size,
            format: pr.container.clone(),
            codec: pr.codec.clone(),
            duration_ms: pr.duration_ms,
            file_name: keyed_hash(keys.audit.bytes(), n.file_name),
            from: n
                .from
                .map(|f| keyed_hash(keys.audit.bytes(), &normalise_name(f))),
            received_on: n.received_given.then(|| n.received_at.to_string()),
            blob: Some(blob.name.clone()),
        },
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
        self.import_watched(actor, req, prober, &|_, _| {})
    }

    /// [`Store::import`], showing `watch` each file's bytes as they are sealed: `watch(i, bytes)`
    /// for the `i`th of `req.files`, every byte in order, before the import is committed (so
    /// what it learns is kept only if the import returns its items).
    pub fn import_watched(
        &mut self,
        actor: &str,
        req: &ImportRequest,
        prober: &dyn Prober,
        watch: &Watch,
    ) -> Result<Vec<ImportedItem>> {
        self.check_import(actor, req, req.files.len())?;
        let prepared = req
            .files
            .iter()
            .map(|p| prepare(p, prober))
            .collect::<Result<Vec<_>>>()?;
        self.import_prepared(actor, req, prepared, watch)
    }

    /// Like [`Store::import`], for files whose bytes a client sent (`req.files` is not read).
    pub fn import_given(
        &mut self,
        actor: &str,
        req: &ImportRequest,
        given: &[GivenFile],
        prober: &dyn Prober,
    ) -> Result<Vec<ImportedItem>> {
        self.check_import(actor, req, given.len())?;
        let prepared = given
            .iter()
            .map(|g| prepare_given(g, prober))
            .collect::<Result<Vec<_>>>()?;
        self.import_prepared(actor, req, prepared, &|_, _| {})
    }

    fn check_import(&self, actor: &str, req: &ImportRequest, files: usize) -> Result<()> {
        self.user(actor)?;
        self.user(&req.received_by)?;
        validate_case_id(&req.case)?;
        if files == 0 {
            return Err(StoreError::BadInput(ItemMsg::NoFiles.into()));
        }
        if let Some(from) = &req.from
            && from.trim().is_empty()
        {
            return Err(StoreError::BadInput(
                ItemMsg::Empty { field: Field::From }.into(),
            ));
        }
        // A receipt in the future would stop every clock before it started.
        if let Some(at) = req.received_at
            && at > self.now()
        {
            return Err(StoreError::BadInput(
                ItemMsg::ReceivedInFuture {
                    at: at.format("%Y-%m-%d %H:%M").to_string(),
                }
                .into(),
            ));
        }
        Ok(())
    }

    fn import_prepared(
        &mut self,
        actor: &str,
        req: &ImportRequest,
        prepared: Vec<Prepared>,
        watch: &Watch,
    ) -> Result<Vec<ImportedItem>> {
        self.vault_ready()?;
        let mut pending = Vec::with_capacity(prepared.len());
        for (i, p) in prepared.iter().enumerate() {
            let mut src = p.bytes.reader(&p.shown)?;
            pending.push(self.seal_blob(&mut src, &p.shown, &|b| watch(i, b))?);
        }
        self.vault_synced()?;
        let received_at = stamp(req.received_at.unwrap_or_else(|| self.now()));
        let epochs = std::sync::Arc::clone(&self.epochs);
        let master = self.master.clone();
        // What came by phone (a chat app, a text, a call) is still on the receiver's phone.
        let phone = req.channel.phone_copy_of(&req.received_by);
        let out = self.write(|tx, log| {
            let mut seen: Vec<(String, String)> = Vec::new();
            let mut out = Vec::new();
            tx.exec(Q::InsertCase, args![req.case, received_at])?;
            for (p, (blob, secret, sealed)) in prepared.iter().zip(pending.iter()) {
                if let Some((other, _)) = seen.iter().find(|(_, sha)| *sha == sealed.sha256) {
                    return Err(StoreError::BadInput(
                        ItemMsg::SameRecording {
                            shown: p.shown.clone(),
                            other: other.clone(),
                            sha: sealed.sha256[..12].to_string(),
                        }
                        .into(),
                    ));
                }
                let dup: Option<i64> =
                    tx.opt(Q::SameContentInCase, args![req.case, sealed.sha256], |r| {
                        r.get(0)
                    })?;
                if let Some(id) = dup {
                    return Err(StoreError::BadInput(
                        ItemMsg::AlreadyInCase {
                            shown: p.shown.clone(),
                            case: req.case.to_string(),
                            id,
                        }
                        .into(),
                    ));
                }
                seen.push((p.shown.clone(), sealed.sha256.clone()));
                let pr = &p.probe;
                let (id, _) = insert_item(
                    tx,
                    log,
                    &epochs,
                    actor,
                    blob,
                    secret,
                    sealed,
                    &NewItem {
                        case: &req.case,
                        received_at: &received_at,
                        received_given: req.received_at.is_some(),
                        received_by: &req.received_by,
                        channel: req.channel,
                        from: req.from.as_deref(),
                        file_name: &p.file_name,
                        probe: pr,
                    },
                )?;
                if let Some(phone) = &phone {
                    let new = crate::copies::NewCopy::held(phone);
                    crate::copies::insert_copy(tx, log, &master, actor, id, new)?;
                }
                out.push(ImportedItem {
                    id,
                    case: req.case.clone(),
                    file: p.shown.clone(),
                    sha256: sealed.sha256.clone(),
                    size: sealed.size,
                    format: pr.container.clone(),
                    codec: pr.codec.clone(),
                    duration_s: pr.duration_ms as f64 / 1000.0,
                    same_recording: same_recording(tx, &sealed.sha256, id)?,
                });
            }
            Ok(out)
        })?;
        for (blob, _, _) in pending {
            blob.keep();
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------
// Decisions

/// Describes what changed between two values without saying what they are.
fn change(key: &Secret, old: Option<&str>, new: Option<&str>) -> Option<Change<Option<String>>> {
    if old == new {
        return None;
    }
    let h = |v: Option<&str>| v.map(|s| keyed_hash(key.bytes(), s));
    Some(Change {
        old: h(old),
        new: h(new),
    })
}

/// What the log holds of an item's sealed fields, as the import and each description logged
/// them: the keyed hash of each (by the names in `earshot_core::replay::SEALED_ITEM_FIELDS`).
pub(crate) fn logged_hashes(key: &Secret, p: &Private) -> Vec<(&'static str, Option<String>)> {
    let h = |v: Option<&str>| v.map(|s| keyed_hash(key.bytes(), s));
    let m = &p.metadata;
    let norm = |s: &Option<String>| s.as_deref().map(normalise_name);
    vec![
        ("file_name", h(Some(&p.file_name))),
        ("from", h(p.from.as_deref().map(normalise_name).as_deref())),
        ("sender", h(norm(&m.sender).as_deref())),
        ("subjects", h(subjects_text(m).as_deref())),
        ("purpose", h(m.purpose.as_deref())),
        ("legal_basis", h(m.legal_basis.as_deref())),
        ("processing_purpose", h(m.processing_purpose.as_deref())),
    ]
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
        let errs = new.problems();
        if !errs.is_empty() {
            return Err(StoreError::BadInput(
                ItemMsg::DescriptionIncomplete { errs }.into(),
            ));
        }
        let mut m = new.clone();
        m.sender = m.sender.map(|s| s.trim().to_string());
        m.purpose = m.purpose.map(|s| s.trim().to_string());
        for s in &mut m.subjects {
            s.name = s.name.trim().to_string();
        }
        self.write_gated(actor, Some(id), Action::Record, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(missing) = gate::check(Action::Record, &l.facts, &user, Oversight::default())
            {
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
            let k = &keys.audit;
            let norm = |s: &Option<String>| s.as_deref().map(normalise_name);
            let changes = MetadataChanges {
                sender: change(k, norm(&old.sender).as_deref(), norm(&m.sender).as_deref()),
                subjects: change(
                    k,
                    subjects_text(&old).as_deref(),
                    subjects_text(&m).as_deref(),
                ),
                purpose: change(k, old.purpose.as_deref(), m.purpose.as_deref()),
                legal_basis: change(k, old.legal_basis.as_deref(), m.legal_basis.as_deref()),
                processing_purpose: change(
                    k,
                    old.processing_purpose.as_deref(),
                    m.processing_purpose.as_deref(),
                ),
                secretly: (old.secretly != m.secretly).then_some(Change {
                    old: old.secretly,
                    new: m.secretly,
                }),
            };
            private.metadata = m.clone();
            self.reseal(tx, &l, &private)?;
            tx.exec(Q::MarkDescribed, args![id, log.at])?;
            let stage = self.restage(tx, id)?;
            // Described, the item may be heard in full: a request for a supervised preview is moot.
            if stage != Stage::Received {
                super::triage::resolve_requests(
                    tx,
                    id,
                    super::triage::EscalationKind::Preview,
                    None,
                    actor,
                    &log.at,
                )?;
            }
            log.append(
                tx,
                actor,
                Some(id),
                &Event::ItemDescribe {
                    changes,
                    subjects: m.subjects.len(),
                    stage,
                },
            )?;
            Ok(Ok(stage))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Views
