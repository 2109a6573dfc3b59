//! The waveform overview of recordings being imported, made from the files themselves on a
//! second core while the store seals them. Made afterwards from the vault it cost a second
//! decryption and a second pass over the whole recording: half of a large import's time.
//!
//! A 16-bit PCM WAV (the large ones: phone recordings saved uncompressed) is not read again at
//! all: its levels are summed from the bytes the store seals, on the thread that hashes them.
//!
//! Single-user mode only: through the guardian the files arrive as bytes from the client, and
//! the overview is made from the vault after the import, as before.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::audio::OverviewFeed;
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

/// `p` opened for reading with its length, if it is a regular file. Opened without blocking:
/// never wait on a FIFO or a device (the store refuses those).
fn open_regular(p: &Path) -> Option<(File, u64)> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(p)
        .ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then_some((file, meta.len()))
}

fn overview_of(p: &Path, cancel: &Arc<AtomicBool>) -> Option<Vec<u8>> {
    let (file, len) = open_regular(p)?;
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

/// The first bytes of `p` and its length, if it is a regular file.
fn head_of(p: &Path) -> Option<(Vec<u8>, u64)> {
    let (file, len) = open_regular(p)?;
    let mut head = Vec::with_capacity(HEAD);
    file.take(HEAD as u64).read_to_end(&mut head).ok()?;
    Some((head, len))
}

/// How much of a file is read to find a WAV's samples.
const HEAD: usize = 64 * 1024;

/// Imports `req` and stores each new item's overview. A 16-bit PCM WAV's overview is summed
/// from the bytes the store seals, as they go by; any other file's is decoded from the file on
/// a second core meanwhile. An overview that could not be made that way (or whose file changed
/// meanwhile) is made from the vault instead; one that cannot be made at all is left for later
/// (the TUI's background worker, `earshot waveform`).
pub(crate) fn import_with_overviews(
    s: &mut Store,
    me: &str,
    req: &ImportRequest,
) -> Result<Vec<ImportedItem>, StoreError> {
    let files: Vec<PathBuf> = req.files.clone();
    let before: Vec<_> = files.iter().map(|p| stamp(p)).collect();
    let feeds: Vec<Option<OverviewFeed>> = files
        .iter()
        .map(|p| {
            head_of(p).and_then(|(head, len)| {
                OverviewFeed::new(&head, len, crate::audio::DEFAULT_BUCKET_MS)
            })
        })
        .collect();
    // The files without a feed are decoded on the side.
    let decode: Vec<bool> = feeds.iter().map(Option::is_none).collect();
    let feeds: Vec<Mutex<Option<OverviewFeed>>> = feeds.into_iter().map(Mutex::new).collect();
    let watch = |i: usize, bytes: &[u8]| {
        if let Some(Ok(mut feed)) = feeds.get(i).map(|m| m.lock())
            && let Some(f) = feed.as_mut()
        {
            f.feed(bytes);
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let (items, mut decoded) = std::thread::scope(|scope| {
        let worker = decode.contains(&true).then(|| {
            scope.spawn(|| {
                files
                    .iter()
                    .zip(&decode)
                    .map(|(p, &d)| if d { overview_of(p, &cancel) } else { None })
                    .collect::<Vec<_>>()
            })
        });
        let items = s.import_watched(me, req, &crate::audio::SymphoniaProber, &watch);
        if items.is_err() {
            cancel.store(true, Ordering::Relaxed);
        }
        let decoded = worker
            .map(|w| w.join().unwrap_or_default())
            .unwrap_or_default();
        (items, decoded)
    });
    let items = items?;
    for (i, item) in items.iter().enumerate() {
        // Summed from exactly the bytes sealed: nothing to compare with the file.
        let summed = feeds
            .get(i)
            .and_then(|m| m.lock().ok().and_then(|mut f| f.take()))
            .and_then(OverviewFeed::finish)
            .map(|w| w.to_bytes());
        let unchanged = before[i].is_some() && stamp(&files[i]) == before[i];
        let from_file = decoded
            .get_mut(i)
            .and_then(Option::take)
            .filter(|_| unchanged);
        let kept = match summed.or(from_file) {
            Some(bytes) => s.save_waveform(item.id, &bytes).is_ok(),
            None => false,
        };
        if !kept {
            let _ = crate::session::waveform(s, item.id);
        }
    }
    Ok(items)
}
