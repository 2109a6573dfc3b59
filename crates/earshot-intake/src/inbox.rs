//! The drop folder: files that appear in the store's inbox directory (from a secure upload, a
//! scanner PC, a synced share) are imported as "received, unassigned" and removed from the
//! inbox only once their encrypted copy is committed.
//!
//! Layout: files directly in the inbox go to the case [`UNSORTED_CASE`]; files in a
//! sub-folder whose name is a case id (`inbox/2026-017/voice.opus`) go to that case. A `.zip`
//! is read as a WhatsApp export into its case. Names starting with a dot are ignored (partial
//! uploads, sync tools' temporary files). Files that cannot be imported (not audio, damaged)
//! are moved to `.rejected/` inside the inbox with the reason in the report.
//!
//! A file still being written is not taken: it must not have changed for the settle time,
//! nobody may hold a lock on it, and its size, modification time and inode must be the same
//! before it is read and after it was sealed (otherwise the sealed copy is dropped and the
//! file is taken on a later pass).
//!
//! For the TUI: [`run_pass`] does one pass and reports progress through a callback;
//! [`InboxWatcher`] runs passes on a thread when the file system reports a change
//! (inotify via `notify`) and every `rescan` interval in any case, until stopped.

use std::fs::{self, File};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use serde::Serialize;

use super::archive::{Limits, open_regular, shown};
use super::{ChatImportReport, ChatImportRequest, MAX_LISTED, Progress, import_chat};
use crate::probe_source;
use earshot_core::audit::{Event, Via};
use earshot_core::model::{Channel, ItemId};
use earshot_store::intake::{IntakeFile, IntakeOutcome, IntakeSource};
use earshot_store::{Folder, ItemMsg, Store, StoreError};

/// The case of files dropped straight into the inbox, for the team leader to sort out.
pub const UNSORTED_CASE: &str = "unsorted";
/// Where files that cannot be imported are moved, inside the inbox.
pub const REJECTED_DIR: &str = ".rejected";

/// How a pass behaves.
#[derive(Debug, Clone)]
pub struct InboxOptions {
    /// How long a file must have been left alone before it is taken.
    pub settle: Duration,
    pub limits: Limits,
}

impl Default for InboxOptions {
    fn default() -> Self {
        InboxOptions {
            settle: Duration::from_secs(2),
            limits: Limits::default(),
        }
    }
}

/// A file imported from the inbox.
#[derive(Debug, Clone, Serialize)]
pub struct InboxItem {
    pub file: String,
    pub id: ItemId,
    pub case: String,
    pub sha256: String,
    pub size: u64,
    pub format: String,
    pub codec: String,
    pub duration_s: f64,
}

/// A file left where it is or moved aside, and why.
#[derive(Debug, Clone, Serialize)]
pub struct InboxNote {
    pub file: String,
    pub reason: String,
}

/// What one pass did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct InboxReport {
    pub inbox: String,
    pub imported: Vec<InboxItem>,
    /// Already in the case (same SHA-256): removed from the inbox, nothing new stored.
    pub duplicates: Vec<InboxNote>,
    /// Still being written (or locked): left for a later pass.
    pub waiting: Vec<InboxNote>,
    /// Could not be imported: moved to `.rejected/`.
    pub rejected: Vec<InboxNote>,
    /// WhatsApp exports found in the inbox.
    pub chats: Vec<ChatImportReport>,
    pub interrupted: bool,
}

struct Candidate {
    path: PathBuf,
    shown: String,
    case: String,
    meta: fs::Metadata,
}

fn valid_case(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.ino() == b.ino()
        && a.dev() == b.dev()
        && a.len() == b.len()
        && a.mtime() == b.mtime()
        && a.mtime_nsec() == b.mtime_nsec()
}

/// The files a pass looks at: regular files in the inbox and in its case folders.
fn candidates(inbox: &Path, report: &mut InboxReport) -> Result<Vec<Candidate>, StoreError> {
    let mut out = Vec::new();
    let list = |dir: &Path, case: &str, prefix: &str, depth: u8, out: &mut Vec<Candidate>| {
        let Ok(rd) = fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut subdirs = Vec::new();
        let mut names: Vec<_> = rd.flatten().collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let raw = e.file_name();
            let name = shown(&raw.to_string_lossy());
            if name.starts_with('.') {
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(e.path()) else {
                continue;
            };
            let shown_path = format!("{prefix}{name}");
            if meta.is_dir() {
                if depth == 0 && valid_case(&name) {
                    subdirs.push((e.path(), name));
                }
                continue;
            }
            out.push(Candidate {
                path: e.path(),
                shown: shown_path,
                case: case.to_string(),
                meta,
            });
        }
        subdirs
    };
    let subdirs = list(inbox, UNSORTED_CASE, "", 0, &mut out);
    for (dir, case) in subdirs {
        let prefix = format!("{case}/");
        list(&dir, &case, &prefix, 1, &mut out);
    }
    if out.len() > MAX_LISTED * 10 {
        report.waiting.push(InboxNote {
            file: String::new(),
            reason: format!(
                "the inbox holds {} files; {} are taken in this pass",
                out.len(),
                MAX_LISTED * 10
            ),
        });
        out.truncate(MAX_LISTED * 10);
    }
    Ok(out)
}

/// Moves a file the store cannot take into `.rejected/`, never overwriting anything there.
fn reject(inbox: &Path, c: &Candidate, reason: String, report: &mut InboxReport) {
    let dir = inbox.join(REJECTED_DIR);
    let _ = fs::DirBuilder::new().recursive(true).create(&dir);
    let base = c
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let mut moved = false;
    for i in 0..1000 {
        let target = if i == 0 {
            dir.join(&base)
        } else {
            dir.join(format!("{i}-{base}"))
        };
        if fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        moved = fs::rename(&c.path, &target).is_ok();
        break;
    }
    report.rejected.push(InboxNote {
        file: c.shown.clone(),
        reason: if moved {
            format!("{reason}; moved to {REJECTED_DIR}/")
        } else {
            format!("{reason}; it could not be moved aside, so it stays in the inbox")
        },
    });
}

/// One pass over the inbox: imports what is ready, reports what is waiting or rejected.
/// `stop` is asked between files; `progress` hears of every block read.
pub fn run_pass(
    store: &mut Store,
    actor: &str,
    opts: &InboxOptions,
    stop: &dyn Fn() -> bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<InboxReport, StoreError> {
    store.user(actor)?;
    let inbox = store
        .inbox_dir()?
        .ok_or_else(|| StoreError::BadInput(ItemMsg::NoInbox.into()))?;
    let meta = fs::symlink_metadata(&inbox).map_err(|e| {
        StoreError::BadInput(
            ItemMsg::FolderUnusable {
                folder: Folder::Inbox,
                value: inbox.display().to_string(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    if !meta.is_dir() {
        return Err(StoreError::BadInput(
            ItemMsg::FolderNotDir {
                folder: Folder::Inbox,
                value: inbox.display().to_string(),
                links: false,
            }
            .into(),
        ));
    }
    let mut report = InboxReport {
        inbox: inbox.display().to_string(),
        ..InboxReport::default()
    };
    let cands = candidates(&inbox, &mut report)?;
    let now = SystemTime::now();
    let mut ready = Vec::new();
    for c in cands {
        if !c.meta.is_file() {
            reject(
                &inbox,
                &c,
                "it is not a regular file (a link, pipe or device)".into(),
                &mut report,
            );
            continue;
        }
        let age = c
            .meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        if age < opts.settle {
            report.waiting.push(InboxNote {
                file: c.shown.clone(),
                reason: "it changed moments ago and may still be being written".into(),
            });
            continue;
        }
        ready.push(c);
    }
    let mut p = Progress {
        files_total: ready.len() as u64,
        bytes_total: ready.iter().map(|c| c.meta.len()).sum(),
        ..Progress::default()
    };
    for c in &ready {
        if stop() {
            report.interrupted = true;
            break;
        }
        p.current = Some(c.shown.clone());
        progress(&p);
        let base = p.bytes_done;
        take_one(store, actor, opts, &inbox, c, &mut report, stop, &mut |n| {
            let mut q = p.clone();
            q.bytes_done = base + n;
            progress(&q);
        })?;
        p.files_done += 1;
        p.bytes_done = base + c.meta.len();
        p.current = None;
        progress(&p);
    }
    let quiet = report.imported.is_empty()
        && report.duplicates.is_empty()
        && report.rejected.is_empty()
        && report.chats.is_empty();
    if !quiet {
        store.log_intake(
            actor,
            &Event::IntakeInbox {
                imported: report.imported.iter().map(|i| i.id).collect(),
                duplicates: report.duplicates.len(),
                rejected: report.rejected.len(),
                waiting: report.waiting.len(),
                chats: report.chats.len(),
                interrupted: report.interrupted,
            },
        )?;
    }
    Ok(report)
}

/// A file of the inbox, read through a handle whose identity was checked.
struct InboxSource {
    path: PathBuf,
    len: u64,
}

impl IntakeSource for InboxSource {
    fn len(&self) -> u64 {
        self.len
    }
    fn open(&self) -> std::io::Result<Box<dyn earshot_audio::AudioRead>> {
        Ok(Box::new(open_regular(&self.path)?))
    }
}

#[allow(clippy::too_many_arguments)]
fn take_one(
    store: &mut Store,
    actor: &str,
    opts: &InboxOptions,
    inbox: &Path,
    c: &Candidate,
    report: &mut InboxReport,
    stop: &dyn Fn() -> bool,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<(), StoreError> {
    // Open without following links; a writer holding a lock keeps the file.
    let file: File = match open_regular(&c.path) {
        Ok(f) => f,
        Err(e) => {
            report.waiting.push(InboxNote {
                file: c.shown.clone(),
                reason: format!("it cannot be opened now ({e})"),
            });
            return Ok(());
        }
    };
    if file.try_lock().is_err() {
        report.waiting.push(InboxNote {
            file: c.shown.clone(),
            reason: "another program holds it locked (still writing)".into(),
        });
        return Ok(());
    }
    let still = file
        .metadata()
        .map(|m| same_file(&m, &c.meta))
        .unwrap_or(false);
    if !still {
        report.waiting.push(InboxNote {
            file: c.shown.clone(),
            reason: "it changed since it was seen; it is taken on a later pass".into(),
        });
        return Ok(());
    }
    let unchanged = |path: &Path| -> bool {
        fs::symlink_metadata(path)
            .map(|m| same_file(&m, &c.meta))
            .unwrap_or(false)
    };
    let name = c
        .path
        .file_name()
        .map(|n| shown(&n.to_string_lossy()))
        .unwrap_or_else(|| c.shown.clone());
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if ext.as_deref() == Some("zip") {
        let req = ChatImportRequest {
            export: &c.path,
            case: &c.case,
            received_by: actor,
            dry_run: false,
            limits: opts.limits,
        };
        match import_chat(store, actor, &req, stop, &mut |_| {}) {
            Ok(r) => {
                let clean = r.errors.is_empty() && !r.interrupted;
                if clean && unchanged(&c.path) {
                    remove(inbox, &c.path);
                } else if !clean {
                    reject(
                        inbox,
                        c,
                        "some of its files could not be imported".into(),
                        report,
                    );
                }
                report.chats.push(r);
            }
            Err(e @ StoreError::BadInput(_)) => reject(inbox, c, e.to_string(), report),
            Err(e) => return Err(e),
        }
        return Ok(());
    }
    let src = InboxSource {
        path: c.path.clone(),
        len: c.meta.len(),
    };
    let probe = match probe_source(&src, &name, ext.as_deref()) {
        Ok(p) => p,
        Err(e @ StoreError::BadInput(_)) => {
            // Re-check: a file that changed was being written, not damaged.
            if unchanged(&c.path) {
                reject(inbox, c, e.to_string(), report);
            } else {
                report.waiting.push(InboxNote {
                    file: c.shown.clone(),
                    reason: "it changed while being read; it is taken on a later pass".into(),
                });
            }
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let mut changed = false;
    let f = IntakeFile {
        case: &c.case,
        received_by: actor,
        channel: Channel::Upload,
        from: None,
        received_at: None,
        file_name: &name,
        hint: ext.as_deref(),
        context: None,
        copy_location: None,
        via: Via::Inbox,
    };
    let mut total = 0u64;
    let mut count = |n: u64| {
        total += n;
        on_bytes(total);
    };
    let result = store.import_one(actor, &f, &src, probe, &mut count, &mut || {
        if unchanged(&c.path)
            && file
                .metadata()
                .map(|m| same_file(&m, &c.meta))
                .unwrap_or(false)
        {
            Ok(())
        } else {
            changed = true;
            Err("it changed while being read; it is taken on a later pass".into())
        }
    });
    match result {
        Ok(IntakeOutcome::Imported { item, .. }) => {
            remove(inbox, &c.path);
            report.imported.push(InboxItem {
                file: c.shown.clone(),
                id: item.id,
                case: item.case,
                sha256: item.sha256,
                size: item.size,
                format: item.format,
                codec: item.codec,
                duration_s: item.duration_s,
            });
        }
        Ok(IntakeOutcome::Duplicate { item, .. }) => {
            remove(inbox, &c.path);
            report.duplicates.push(InboxNote {
                file: c.shown.clone(),
                reason: format!(
                    "the same recording is already item {item} of case {}",
                    c.case
                ),
            });
        }
        Err(StoreError::BadInput(_)) if changed => {
            report.waiting.push(InboxNote {
                file: c.shown.clone(),
                reason: "it changed while being read; it is taken on a later pass".into(),
            });
        }
        Err(e @ StoreError::BadInput(_)) => {
            if unchanged(&c.path) {
                reject(inbox, c, e.to_string(), report);
            } else {
                report.waiting.push(InboxNote {
                    file: c.shown.clone(),
                    reason: "it changed while being read; it is taken on a later pass".into(),
                });
            }
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Removes a file whose encrypted copy is committed, and makes the removal durable.
fn remove(inbox: &Path, path: &Path) {
    if fs::remove_file(path).is_ok()
        && let Some(dir) = path.parent().or(Some(inbox))
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// What the watcher reports.
#[derive(Debug, Clone)]
pub enum WatchEvent {
    /// A pass started (with what triggered it: `change`, `rescan`, `start`, `poke`).
    PassStarted(&'static str),
    Progress(Progress),
    /// A pass ended.
    Pass(Box<InboxReport>),
    /// A pass failed (the watcher goes on), or file-system notifications are unavailable
    /// (the periodic rescan goes on).
    Error(String),
}

/// Runs inbox passes on a thread of its own: when the file system reports a change in the
/// inbox, when poked, and every `rescan` in any case. The thread owns its own [`Store`]
/// (open a second one for it). Stop it with [`InboxWatcher::stop`] (also on drop).
pub struct InboxWatcher {
    stop: Arc<AtomicBool>,
    wake: mpsc::Sender<&'static str>,
    handle: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for InboxWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InboxWatcher").finish_non_exhaustive()
    }
}

impl InboxWatcher {
    /// Starts watching. `on_event` is called on the watcher's thread (send it on to a channel
    /// or a tokio task).
    pub fn start(
        mut store: Store,
        actor: String,
        opts: InboxOptions,
        rescan: Duration,
        mut on_event: impl FnMut(WatchEvent) + Send + 'static,
    ) -> Result<InboxWatcher, StoreError> {
        store.user(&actor)?;
        let inbox = store
            .inbox_dir()?
            .ok_or_else(|| StoreError::BadInput(ItemMsg::NoInbox.into()))?;
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel::<&'static str>();
        let stop2 = stop.clone();
        let tx2 = tx.clone();
        let handle = std::thread::Builder::new()
            .name("earshot-inbox".into())
            .spawn(move || {
                use notify::Watcher;
                let notify_tx = tx2.clone();
                let watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
                    if ev.is_ok() {
                        let _ = notify_tx.send("change");
                    }
                });
                let _watcher = match watcher {
                    Ok(mut w) => match w.watch(&inbox, notify::RecursiveMode::Recursive) {
                        Ok(()) => Some(w),
                        Err(e) => {
                            on_event(WatchEvent::Error(format!(
                                "file-system notifications are unavailable ({e}); the inbox is rescanned every {} s",
                                rescan.as_secs()
                            )));
                            None
                        }
                    },
                    Err(e) => {
                        on_event(WatchEvent::Error(format!(
                            "file-system notifications are unavailable ({e}); the inbox is rescanned every {} s",
                            rescan.as_secs()
                        )));
                        None
                    }
                };
                let should_stop = || stop2.load(Ordering::SeqCst);
                let mut why: &'static str = "start";
                let mut wait = Duration::ZERO;
                loop {
                    if !wait.is_zero() {
                        why = match rx.recv_timeout(wait) {
                            Ok(w) => w,
                            Err(mpsc::RecvTimeoutError::Timeout) => "rescan",
                            Err(mpsc::RecvTimeoutError::Disconnected) => break,
                        };
                    }
                    if should_stop() {
                        break;
                    }
                    if why == "change" {
                        // Let a burst of events (a file being written) settle, then drain.
                        std::thread::sleep(opts.settle.min(Duration::from_secs(5)));
                        while rx.try_recv().is_ok() {}
                        if should_stop() {
                            break;
                        }
                    }
                    on_event(WatchEvent::PassStarted(why));
                    let result = run_pass(&mut store, &actor, &opts, &should_stop, &mut |p| {
                        on_event(WatchEvent::Progress(p.clone()))
                    });
                    wait = rescan;
                    match result {
                        Ok(r) => {
                            if !r.waiting.is_empty() {
                                // Something is still being written: look again soon.
                                wait = rescan.min(opts.settle + Duration::from_millis(200));
                            }
                            on_event(WatchEvent::Pass(Box::new(r)));
                        }
                        Err(e) => on_event(WatchEvent::Error(e.to_string())),
                    }
                    if should_stop() {
                        break;
                    }
                }
            })
            .map_err(|e| {
                StoreError::Io(
                    ItemMsg::InboxWatcher {
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?;
        Ok(InboxWatcher {
            stop,
            wake: tx,
            handle: Some(handle),
        })
    }

    /// Asks for a pass now.
    pub fn poke(&self) {
        let _ = self.wake.send("poke");
    }

    /// Stops after the current file and waits for the thread.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.wake.send("stop");
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for InboxWatcher {
    fn drop(&mut self) {
        self.halt();
    }
}
