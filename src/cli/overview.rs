//! The waveform overview of recordings being imported, made from the files themselves on a
//! second core while the store seals them. Made afterwards from the vault it cost a second
//! decryption and a second pass over the whole recording: half of a large import's time.
//!
//! Single-user mode only: through the guardian the files arrive as bytes from the client, and
//! the overview is made from the vault after the import, as before.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use crate::store::{ImportRequest, ImportedItem, Store, StoreError};

/// A file that stops giving bytes once the import it shadows has failed.
struct Cancellable {
    file: File,
    cancel: Arc<AtomicBool>,
}

impl Read for Cancellable {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(io::Error::other("the import stopped"));
        }
        self.file.read(buf)
    }
}

impl Seek for Cancellable {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file.seek(pos)
    }
}

/// What identifies a file's contents well enough for a picture of them: its length and time of
/// last change, before and after.
fn stamp(p: &Path) -> Option<(u64, SystemTime)> {
    let m = fs::metadata(p).ok()?;
    Some((m.len(), m.modified().ok()?))
}

fn overview_of(p: &Path, cancel: &Arc<AtomicBool>) -> Option<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt;
    // Never wait on a FIFO or a device (the store refuses those): opened without blocking,
    // and read only if it is a regular file.
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(p)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let len = meta.len();
    let hint = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let reader = Cancellable {
        file,
        cancel: Arc::clone(cancel),
    };
    crate::audio::waveform(
        reader,
        len,
        hint.as_deref(),
        crate::audio::DEFAULT_BUCKET_MS,
    )
    .ok()
    .map(|w| w.to_bytes())
}

/// Imports `req` and stores each new item's overview. An overview that could not be made from
/// the file (or whose file changed meanwhile) is made from the vault instead; one that cannot
/// be made at all is left for later (the TUI's background worker, `earshot waveform`).
pub(crate) fn import_with_overviews(
    s: &mut Store,
    me: &str,
    req: &ImportRequest,
) -> Result<Vec<ImportedItem>, StoreError> {
    let files: Vec<PathBuf> = req.files.clone();
    let before: Vec<_> = files.iter().map(|p| stamp(p)).collect();
    let cancel = Arc::new(AtomicBool::new(false));
    let (items, overviews) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            files
                .iter()
                .map(|p| overview_of(p, &cancel))
                .collect::<Vec<_>>()
        });
        let items = s.import(me, req, &crate::audio::SymphoniaProber);
        if items.is_err() {
            cancel.store(true, Ordering::Relaxed);
        }
        (items, worker.join().unwrap_or_default())
    });
    let items = items?;
    for (i, item) in items.iter().enumerate() {
        let unchanged = before[i].is_some() && stamp(&files[i]) == before[i];
        let kept = match overviews.get(i) {
            Some(Some(bytes)) if unchanged => s.save_waveform(item.id, bytes).is_ok(),
            _ => false,
        };
        if !kept {
            let _ = crate::session::waveform(s, item.id);
        }
    }
    Ok(items)
}
