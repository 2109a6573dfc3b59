//! Intake: bringing recordings in whole, with their context, from WhatsApp chat exports and a
//! watched drop folder, treating every byte as hostile.
//!
//! - [`whatsapp`]: the chat text parser (pure, streaming, bounded memory).
//! - [`archive`]: a `.zip` export or an unpacked folder, read without extracting anything.
//! - [`inbox`]: the drop folder: one pass ([`inbox::run_pass`]) and a watcher
//!   ([`inbox::InboxWatcher`]) for the TUI.
//! - [`import_chat`]: one export into one case, one transaction per recording, so a bad file
//!   never stops the rest and an interruption keeps everything committed so far.
//!
//! Everything that is written goes through the store ([`earshot_store::Store::import_one`]):
//! entries are streamed from the archive straight into the vault's sealer.

pub mod archive;
pub mod inbox;
pub mod whatsapp;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use archive::{Entry, Export, Limits, Skipped};
use earshot_core::audit::{Event, Via};
use earshot_core::media::Probe;
use earshot_core::model::{Channel, ItemId};
use earshot_store::intake::{ChatContext, ContextMessage, IntakeFile, IntakeOutcome, IntakeSource};
use earshot_store::{ItemMsg, Store, StoreError};
use whatsapp::{ChatParser, ChatScan, DateOrder, FileKind, Message, Platform, UnreadableHeaders};

/// Probes a source. Decoders are not trusted with hostile bytes: a panic inside one is
/// reported as a damaged file instead of taking the whole batch down.
pub fn probe_source(
    src: &dyn IntakeSource,
    shown: &str,
    hint: Option<&str>,
) -> Result<Probe, StoreError> {
    if src.is_empty() {
        return Err(StoreError::BadInput(
            ItemMsg::FileEmpty {
                shown: shown.to_string(),
            }
            .into(),
        ));
    }
    let reader = src.open().map_err(|e| {
        StoreError::BadInput(
            ItemMsg::FileUnreadable {
                shown: shown.to_string(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    let len = src.len();
    let hint = hint.map(str::to_string);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        earshot_audio::probe(reader, len, hint.as_deref())
    }));
    match result {
        Ok(Ok(p)) => Ok(p),
        Ok(Err(e)) => Err(StoreError::BadInput(
            ItemMsg::NotAudio {
                shown: shown.to_string(),
                detail: e.to_string(),
            }
            .into(),
        )),
        Err(_) => Err(StoreError::BadInput(
            ItemMsg::DecoderGaveUp {
                shown: shown.to_string(),
            }
            .into(),
        )),
    }
}

/// How far a long import has come (for a progress bar or a status line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The file being read now.
    pub current: Option<String>,
}

/// Lists in reports are cut at this length (the counts are always complete).
pub const MAX_LISTED: usize = 1000;

/// What to import.
#[derive(Debug, Clone)]
pub struct ChatImportRequest<'a> {
    /// The `.zip` or the unpacked folder.
    pub export: &'a Path,
    pub case: &'a str,
    /// The team member whose phone received the chat.
    pub received_by: &'a str,
    pub dry_run: bool,
    pub limits: Limits,
}

/// One recording of the export: imported (with its id), or to be imported in a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct ChatItem {
    /// The new item's id (none in a dry run).
    pub id: Option<ItemId>,
    pub file: String,
    /// The sender's display name, from the chat.
    pub sender: Option<String>,
    /// The message's time (UTC), which becomes the item's received time.
    pub sent_at: Option<String>,
    pub sha256: String,
    pub size: u64,
    pub format: String,
    pub codec: String,
    pub duration_s: f64,
    /// The registered copy outside the store (the phone), none in a dry run.
    pub copy: Option<i64>,
    /// Whether the chat text mentions this file (false: found in the export only).
    pub in_chat: bool,
}

/// The same recording twice: imported once.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    pub file: String,
    pub sha256: String,
    /// The item already holding it.
    pub same_as_item: Option<ItemId>,
    /// The file of this export it repeats, if it does.
    pub same_as_file: Option<String>,
}

/// An attachment the chat mentions that the export does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub file: String,
    pub sender: Option<String>,
    pub sent_at: Option<String>,
}

/// A file that could not be imported.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    pub file: String,
    pub reason: String,
}

/// Photos, videos, documents: present, listed, not imported.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OtherMedia {
    pub count: u64,
    pub files: Vec<String>,
}

/// What `import-chat` did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Serialize)]
pub struct ChatImportReport {
    pub export: String,
    pub case: String,
    pub received_by: String,
    pub dry_run: bool,
    pub platform: Option<Platform>,
    pub chat_file: String,
    pub date_order: DateOrder,
    pub messages: u64,
    /// Lines that start like a message's time stamp but whose time could not be read (their
    /// count and first line numbers); their messages carry no time rather than a guessed one.
    pub unreadable_headers: UnreadableHeaders,
    pub imported: Vec<ChatItem>,
    pub duplicates: Vec<Duplicate>,
    pub missing: Vec<Missing>,
    pub missing_count: u64,
    /// "<Media omitted>" lines: exported without media.
    pub media_omitted: u64,
    pub other_media: OtherMedia,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<FileError>,
    /// Stopped (Ctrl-C) before every file was handled; what was imported is committed.
    pub interrupted: bool,
}

/// The local time a chat stamp stands for, in UTC (the phone wrote local time).
fn to_utc(t: NaiveDateTime) -> Option<DateTime<Utc>> {
    Local
        .from_local_datetime(&t)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}

fn stamp_text(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn context_of(scan: &ChatScan, messages: &[Message], this: u64) -> ChatContext {
    ChatContext {
        source: "whatsapp".into(),
        messages: messages
            .iter()
            .map(|m| ContextMessage {
                at: scan
                    .resolve(&m.stamp)
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
                sender: m.sender.clone(),
                text: m.text.clone(),
                attachment: m.index == this,
            })
            .collect(),
    }
}

/// What to do with one audio file of the export.
struct Planned<'a> {
    entry: &'a Entry,
    sender: Option<String>,
    sent_at: Option<DateTime<Utc>>,
    context: Option<ChatContext>,
    in_chat: bool,
}

/// Reads an export's chat and finds its recordings; nothing is written yet.
/// What reading an export's chat found.
struct Survey<'a> {
    scan: ChatScan,
    chat: &'a Entry,
    plan: Vec<Planned<'a>>,
    missing: Vec<Missing>,
    missing_count: u64,
    read_error: Option<String>,
}

fn survey<'a>(
    export: &'a Export,
    limits: &Limits,
    stop: &dyn Fn() -> bool,
) -> Result<Survey<'a>, String> {
    let chats: Vec<&Entry> = export
        .entries
        .iter()
        .filter(|e| e.kind == FileKind::ChatText)
        .collect();
    let chat = chats
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case("_chat.txt"))
        .or_else(|| chats.first())
        .copied()
        .ok_or_else(|| {
            "holds no chat text (`_chat.txt`, or `WhatsApp Chat with ….txt`); is it a WhatsApp \
             export? Loose recordings are imported with `earshot import`"
                .to_string()
        })?;
    let audio: HashMap<&str, &Entry> = export
        .entries
        .iter()
        .filter(|e| e.kind == FileKind::Audio)
        .map(|e| (e.name.as_str(), e))
        .collect();
    let want = |name: &str| audio.contains_key(name);
    let reader = export
        .text_reader(chat, limits.max_chat_bytes)
        .map_err(|e| format!("its chat text {} cannot be read ({e})", chat.name))?;
    let parser = ChatParser::new(&want);
    let (scan, read_error) = parser.parse_lossy(reader, &mut |_| !stop());
    let mut plan = Vec::new();
    let mut planned: HashSet<&str> = HashSet::new();
    let mut missing = Vec::new();
    let mut missing_count = 0u64;
    let names: HashSet<&str> = export.entries.iter().map(|e| e.name.as_str()).collect();
    for a in &scan.attachments {
        let sent_at = scan.resolve(&a.message.stamp).and_then(to_utc);
        if let Some(entry) = audio.get(a.file.as_str()) {
            if planned.insert(entry.name.as_str()) {
                plan.push(Planned {
                    entry,
                    sender: a.message.sender.clone(),
                    sent_at,
                    context: Some(context_of(&scan, &a.context, a.message.index)),
                    in_chat: true,
                });
            }
        } else if !names.contains(a.file.as_str()) {
            missing_count += 1;
            if missing.len() < MAX_LISTED {
                missing.push(Missing {
                    file: archive::shown(&a.file),
                    sender: a.message.sender.clone(),
                    sent_at: sent_at.map(stamp_text),
                });
            }
        }
    }
    missing_count += scan.attachments_not_kept;
    let mut rest: Vec<&Entry> = audio
        .values()
        .filter(|e| !planned.contains(e.name.as_str()))
        .copied()
        .collect();
    rest.sort_by(|a, b| a.name.cmp(&b.name));
    for entry in rest {
        plan.push(Planned {
            entry,
            sender: None,
            sent_at: None,
            context: None,
            in_chat: false,
        });
    }
    Ok(Survey {
        scan,
        chat,
        plan,
        missing,
        missing_count,
        read_error,
    })
}

/// Reads a source through once for its SHA-256 (a dry run writes nothing).
fn hash_source(src: &dyn IntakeSource, on_bytes: &mut dyn FnMut(u64)) -> std::io::Result<String> {
    let mut r = src.open()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..n]);
        on_bytes(n as u64);
    }
    Ok(hex::encode(h.finalize()))
}

/// Whether a store error is about this one file (the batch goes on) or about the store
/// itself (the batch stops).
fn per_file(e: &StoreError) -> bool {
    matches!(e, StoreError::BadInput(_) | StoreError::Io(_))
}

/// Imports one WhatsApp export into one case. Every recording is committed on its own;
/// `stop` is asked between files (Ctrl-C), `progress` hears of every block read.
pub fn import_chat(
    store: &mut Store,
    actor: &str,
    req: &ChatImportRequest<'_>,
    stop: &dyn Fn() -> bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ChatImportReport, StoreError> {
    store.check_intake(actor, req.case, req.received_by)?;
    let shown = req.export.display().to_string();
    let export = Export::open(req.export, &req.limits)
        .map_err(|detail| StoreError::BadInput(ItemMsg::ExportUnusable { detail }.into()))?;
    let Survey {
        scan,
        chat,
        plan,
        missing,
        missing_count,
        read_error,
    } = survey(&export, &req.limits, stop).map_err(|e| {
        StoreError::BadInput(
            ItemMsg::ChatUnreadable {
                shown: shown.clone(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    let mut errors = Vec::new();
    if chat.size > req.limits.max_chat_bytes {
        errors.push(FileError {
            file: chat.name.clone(),
            reason: format!(
                "the chat text has {} bytes; only the first {} were read",
                chat.size, req.limits.max_chat_bytes
            ),
        });
    }
    if let Some(e) = read_error {
        errors.push(FileError {
            file: chat.name.clone(),
            reason: format!("the chat text could only be read in part ({e})"),
        });
    }
    let mut other = OtherMedia::default();
    for e in export
        .entries
        .iter()
        .filter(|e| e.kind == FileKind::OtherMedia)
    {
        other.count += 1;
        if other.files.len() < MAX_LISTED {
            other.files.push(e.name.clone());
        }
    }
    let mut p = Progress {
        files_total: plan.len() as u64,
        bytes_total: plan.iter().map(|p| p.entry.size).sum(),
        ..Progress::default()
    };
    let copy_location = Channel::Whatsapp
        .phone_copy_of(req.received_by)
        .unwrap_or_default();
    let mut imported: Vec<ChatItem> = Vec::new();
    let mut duplicates = Vec::new();
    let mut by_sha: HashMap<String, String> = HashMap::new();
    let mut by_item: HashMap<ItemId, String> = HashMap::new();
    let mut interrupted = false;
    for planned in &plan {
        if stop() {
            interrupted = true;
            break;
        }
        let entry = planned.entry;
        p.current = Some(entry.name.clone());
        progress(&p);
        let src = export.source(entry);
        let hint = entry
            .name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase());
        let base = p.bytes_done;
        let mut seen_bytes = 0u64;
        let probe = match probe_source(&src, &entry.name, hint.as_deref()) {
            Ok(pr) => pr,
            Err(e) => {
                errors.push(FileError {
                    file: entry.name.clone(),
                    reason: strip_name(&e.to_string(), &entry.name),
                });
                p.files_done += 1;
                p.bytes_done = base + entry.size;
                continue;
            }
        };
        let item_of = |id: Option<ItemId>, sha: String, size: u64, copy: Option<i64>| ChatItem {
            id,
            file: entry.name.clone(),
            sender: planned.sender.clone(),
            sent_at: planned.sent_at.map(stamp_text),
            sha256: sha,
            size,
            format: probe.container.clone(),
            codec: probe.codec.clone(),
            duration_s: probe.duration_ms as f64 / 1000.0,
            copy,
            in_chat: planned.in_chat,
        };
        if req.dry_run {
            let mut on_bytes = |n: u64| {
                seen_bytes += n;
                let mut q = p.clone();
                q.bytes_done = base + seen_bytes;
                progress(&q);
            };
            match hash_source(&src, &mut on_bytes) {
                Ok(sha) => {
                    if let Some(first) = by_sha.get(&sha) {
                        duplicates.push(Duplicate {
                            file: entry.name.clone(),
                            sha256: sha,
                            same_as_item: None,
                            same_as_file: Some(first.clone()),
                        });
                    } else if let Some(id) = store.item_with_sha256(req.case, &sha)? {
                        duplicates.push(Duplicate {
                            file: entry.name.clone(),
                            sha256: sha,
                            same_as_item: Some(id),
                            same_as_file: None,
                        });
                    } else {
                        by_sha.insert(sha.clone(), entry.name.clone());
                        imported.push(item_of(None, sha, entry.size, None));
                    }
                }
                Err(e) => errors.push(FileError {
                    file: entry.name.clone(),
                    reason: format!("it cannot be read: {e}"),
                }),
            }
        } else {
            let f = IntakeFile {
                case: req.case,
                received_by: req.received_by,
                channel: Channel::Whatsapp,
                from: planned.sender.as_deref(),
                received_at: planned.sent_at,
                file_name: &entry.name,
                hint: hint.as_deref(),
                context: planned.context.as_ref(),
                copy_location: Some(&copy_location),
                via: Via::WhatsappExport,
            };
            let mut on_bytes = |n: u64| {
                seen_bytes += n;
                let mut q = p.clone();
                q.bytes_done = base + seen_bytes;
                progress(&q);
            };
            match store.import_one(
                actor,
                &f,
                &src,
                probe.clone(),
                &mut on_bytes,
                &mut || Ok(()),
            ) {
                Ok(IntakeOutcome::Imported { item, copy }) => {
                    by_item.insert(item.id, entry.name.clone());
                    imported.push(item_of(Some(item.id), item.sha256, item.size, copy));
                }
                Ok(IntakeOutcome::Duplicate { item, sha256 }) => duplicates.push(Duplicate {
                    file: entry.name.clone(),
                    sha256,
                    same_as_item: Some(item),
                    same_as_file: by_item.get(&item).cloned(),
                }),
                Err(e) if per_file(&e) => errors.push(FileError {
                    file: entry.name.clone(),
                    reason: strip_name(&e.to_string(), &entry.name),
                }),
                Err(e) => return Err(e),
            }
        }
        p.files_done += 1;
        p.bytes_done = base + entry.size;
        p.current = None;
        progress(&p);
    }
    let report = ChatImportReport {
        export: shown,
        case: req.case.to_string(),
        received_by: req.received_by.to_string(),
        dry_run: req.dry_run,
        platform: scan.platform,
        chat_file: chat.name.clone(),
        date_order: scan.date_order(),
        messages: scan.messages,
        unreadable_headers: scan.unreadable_headers(),
        imported,
        duplicates,
        missing,
        missing_count,
        media_omitted: scan.omitted,
        other_media: other,
        skipped: export.skipped.clone(),
        errors,
        interrupted,
    };
    if !req.dry_run {
        store.log_intake(
            actor,
            &Event::IntakeChat {
                case: report.case.clone(),
                received_by: report.received_by.clone(),
                messages: report.messages,
                imported: report.imported.iter().map(|i| i.id).collect(),
                duplicates: report.duplicates.len(),
                missing: report.missing_count,
                other_media: report.other_media.count,
                skipped: report.skipped.len(),
                errors: report.errors.len(),
                interrupted: report.interrupted,
            },
        )?;
    }
    Ok(report)
}

/// Store errors start with the file's name; reports list it separately.
fn strip_name(msg: &str, name: &str) -> String {
    msg.strip_prefix(name)
        .map(|r| r.trim_start_matches([':', ' ']))
        .filter(|r| !r.is_empty())
        .unwrap_or(msg)
        .to_string()
}
