//! Where the vault's sealed blobs are kept, and the one way the rest of the store writes,
//! opens, lists and removes them.
//!
//! A store keeps its recordings in one of two kinds of vault ([`VaultKind`]):
//! - files: one `vault/<blob>.esv` per recording in the store's folder (`.part` while being
//!   written). Every store made by [`Store::init`] is one, and so is every store without a
//!   `meta` row `vault`.
//! - the database: one row per sealed chunk in `vault_chunks` (its `meta` row `vault` says
//!   `database`). Row 0 holds the blob's 16-byte header; row n >= 1 holds sealed chunk n - 1,
//!   64 KiB of ciphertext and its tag (the last row may be shorter). A preview that starts late
//!   in a long recording reads the header row and the one row it starts in, not the whole
//!   blob. An import writes its rows as it seals, a few at a time in their own transactions;
//!   `vault_pending` names each blob until the transaction that commits its item, so that the
//!   sweep at open finds what an interrupted import left without reading every row.
//!
//! Either way only ciphertext is written: a blob is sealed on its way in and decrypted only by
//! [`vault::VaultReader`] on its way out.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::PathBuf;

use crate::backend::{Db, DbExt, Q, args};
use crate::crypto::{self, Secret};
use crate::msg::{ItemMsg, StoreMsg};
use crate::rows::ItemKeys;
use crate::vault;
use crate::{IdleConnections, Result, Store, StoreError, fsutil, stamp};
use earshot_core::model::ItemId;

/// Which kind of vault a store keeps its recordings in (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VaultKind {
    /// One file per recording in the store's `vault/` folder.
    #[default]
    Files,
    /// One row per sealed chunk in the database's `vault_chunks` table.
    Database,
}

/// The `meta` row that names a store's kind of vault.
pub(crate) const VAULT_KEY: &str = "vault";
/// Its value for a vault in the database (no row: files).
const IN_DATABASE: &str = "database";

impl VaultKind {
    /// The kind a store's `meta` row `vault` names; without one, files.
    pub(crate) fn from_meta(value: Option<&str>) -> Result<VaultKind> {
        match value {
            None => Ok(VaultKind::Files),
            Some(IN_DATABASE) => Ok(VaultKind::Database),
            Some(other) => Err(StoreError::Integrity(
                StoreMsg::UnknownVault {
                    value: other.escape_default().to_string(),
                }
                .into(),
            )),
        }
    }

    /// What a new store records in its `meta` row `vault` (files record nothing, as every
    /// store did before there was a choice).
    pub(crate) fn meta_value(self) -> Option<&'static str> {
        match self {
            VaultKind::Files => None,
            VaultKind::Database => Some(IN_DATABASE),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rows

/// The bytes of row 0: the blob's header.
const HEADER_ROW: usize = vault::HEADER_LEN as usize;
/// The bytes of every later row but the last: one sealed chunk with its tag.
const CHUNK_ROW: usize = vault::CHUNK + vault::TAG;
/// Rows written per transaction while an import streams in (1 MiB of recording).
const ROWS_PER_WRITE: usize = 16;
/// A blob being written whose latest rows are older than this is taken for a leftover.
pub(crate) const PENDING_STALE_MINUTES: i64 = 10;

/// How many bytes row `n` holds when it is not the blob's last.
pub(crate) fn row_len(n: u64) -> usize {
    if n == 0 { HEADER_ROW } else { CHUNK_ROW }
}

/// Where row `n` starts in the blob.
fn row_start(n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        vault::HEADER_LEN + (n - 1) * CHUNK_ROW as u64
    }
}

/// The row that byte `pos` of the blob is in.
fn row_at(pos: u64) -> u64 {
    if pos < vault::HEADER_LEN {
        0
    } else {
        1 + (pos - vault::HEADER_LEN) / CHUNK_ROW as u64
    }
}

/// Whether a marker of a blob being written, set at `at`, is recent enough that its import may
/// still be running.
pub(crate) fn pending_is_recent(at: &str, now: chrono::DateTime<chrono::Utc>) -> bool {
    chrono::DateTime::parse_from_rfc3339(at).is_ok_and(|t| {
        now.signed_duration_since(t) < chrono::Duration::minutes(PENDING_STALE_MINUTES)
    })
}

/// What the vault holds of one blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Held {
    /// Its size in bytes, as kept.
    pub size: u64,
    /// Rows missing between its first and its last (database vaults; always 0 for files).
    pub missing_rows: u64,
    /// How many rows it should have up to its last one (0 for files).
    pub rows: u64,
}

/// One line of [`Q::VaultBlobs`]: the blob's name and what is held of it.
fn held_row(r: &crate::backend::DbRow<'_>) -> Result<(String, Held)> {
    let (blob, count, max, bytes): (String, i64, i64, i64) = r.tuple()?;
    let rows = u64::try_from(max.saturating_add(1)).unwrap_or(0);
    let count = u64::try_from(count).unwrap_or(0);
    Ok((
        blob,
        Held {
            size: u64::try_from(bytes).unwrap_or(0),
            missing_rows: rows.saturating_sub(count),
            rows,
        },
    ))
}

/// Batches of rows the sealer may be ahead of the database by (each [`ROWS_PER_WRITE`] rows).
const BATCHES_AHEAD: usize = 2;

/// How often a long import renews its blob's mark in `vault_pending` (a mark older than
/// [`PENDING_STALE_MINUTES`] is taken for a dead import's).
const MARK_RENEWED_S: i64 = 60;

/// Rows for the database, numbered, and the moment to renew the blob's mark with, if due.
type RowBatch = (Option<String>, Vec<(u64, Vec<u8>)>);

/// Hands the sealed bytes of one blob, [`ROWS_PER_WRITE`] rows at a time, to the threads
/// that write them ([`write_batches`]): sealing the next rows and writing the last ones go on
/// side by side.
struct RowWriter<'a> {
    store: &'a Store,
    to: std::sync::mpsc::SyncSender<RowBatch>,
    /// Set by a writing thread that failed: sealing stops.
    stopped: &'a std::sync::atomic::AtomicBool,
    /// When the blob's mark was last renewed.
    marked: chrono::DateTime<chrono::Utc>,
    /// The number of the row being filled.
    next: u64,
    cur: Vec<u8>,
    batch: Vec<(u64, Vec<u8>)>,
}

impl RowWriter<'_> {
    fn end_row(&mut self) {
        let data = std::mem::replace(&mut self.cur, Vec::with_capacity(CHUNK_ROW));
        self.batch.push((self.next, data));
        self.next += 1;
    }

    /// Hands the batch on; fails when a writing thread has stopped (it says why).
    fn send(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let stopped = || io::Error::other("the database writer stopped");
        if self.stopped.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(stopped());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(ROWS_PER_WRITE));
        let now = self.store.now();
        let renew = (now - self.marked).num_seconds() >= MARK_RENEWED_S;
        if renew {
            self.marked = now;
        }
        self.to
            .send((renew.then(|| stamp(now)), batch))
            .map_err(|_| stopped())
    }

    /// Hands on what is left (the last row, shorter than the others, and the rows not yet
    /// sent).
    fn finish(mut self) -> io::Result<()> {
        if !self.cur.is_empty() {
            self.end_row();
        }
        self.send()
    }
}

impl Write for RowWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = row_len(self.next) - self.cur.len();
        let n = room.min(buf.len());
        self.cur.extend_from_slice(&buf[..n]);
        if self.cur.len() == row_len(self.next) {
            self.end_row();
            if self.batch.len() >= ROWS_PER_WRITE {
                self.send()?;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes batches of `blob`'s rows as they come, each in a transaction of its own
/// ([`Db::begin_rows`]), until they stop or one fails (which sets `stopped`).
fn write_batches(
    store: &Store,
    blob: &str,
    batches: &std::sync::Mutex<std::sync::mpsc::Receiver<RowBatch>>,
    stopped: &std::sync::atomic::AtomicBool,
) -> Result<()> {
    loop {
        let next = match batches.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return Ok(()),
        };
        let Ok((renew, batch)) = next else {
            return Ok(());
        };
        let written = store.write_rows(|tx| {
            if let Some(at) = &renew {
                tx.exec(Q::MarkVaultPending, args![blob, at])?;
            }
            for (n, data) in &batch {
                tx.exec(Q::InsertVaultChunk, args![blob, *n, data])?;
            }
            Ok(())
        });
        if written.is_err() {
            stopped.store(true, std::sync::atomic::Ordering::SeqCst);
            // What the sealer sends before it sees `stopped` is taken and dropped: it never
            // waits on writers that are all gone.
            while let Ok(rx) = batches.lock() {
                if rx.recv().is_err() {
                    break;
                }
            }
            return written;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A blob being written

/// A blob written to the vault but not yet committed: removed if dropped uncommitted. A file
/// is held locked meanwhile, so that no other process's clean-up takes it for a leftover; rows
/// are marked in `vault_pending` (see the module's documentation).
pub(crate) struct PendingBlob<'s> {
    pub(crate) name: String,
    held: Pending<'s>,
    committed: bool,
}

enum Pending<'s> {
    File { path: PathBuf, _lock: File },
    Rows { store: &'s Store },
}

impl PendingBlob<'_> {
    /// The item row pointing at this blob is committed: keep it (and release the lock).
    pub(crate) fn keep(mut self) {
        self.committed = true;
    }

    /// In the transaction that commits the item naming this blob: it is no longer being
    /// written (rolled back, the mark stays, and dropping the blob removes both).
    pub(crate) fn committed_in(&self, tx: &dyn Db) -> Result<()> {
        if let Pending::Rows { .. } = self.held {
            tx.exec(Q::UnmarkVaultPending, args![self.name])?;
        }
        Ok(())
    }
}

impl Drop for PendingBlob<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        match &self.held {
            Pending::File { path, .. } => {
                let _ = fs::remove_file(path);
            }
            // Not from inside a transaction of this handle (which holds the writers' turn):
            // the sweep at open removes what is left.
            Pending::Rows { store } if !store.db().in_transaction() => {
                let _ = store.remove_leftover_rows(&self.name);
            }
            Pending::Rows { .. } => {}
        }
    }
}

/// A sealing failure in words: a source that refused is bad input, anything else the vault's.
fn seal_failed(e: io::Error, shown: &str) -> StoreError {
    match e.kind() {
        // The source refused (an archive entry larger than it said, a file that changed): bad
        // input, not a failing disk.
        io::ErrorKind::InvalidData => StoreError::BadInput(
            ItemMsg::NotAudio {
                shown: shown.to_string(),
                detail: e.to_string(),
            }
            .into(),
        ),
        _ => crate::io_failure(e, |detail| StoreMsg::Encrypt {
            shown: shown.to_string(),
            detail,
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A sealed blob as bytes to read from any offset, wherever the vault keeps it: what
/// [`vault::VaultReader`] decrypts.
pub struct BlobReader(Source);

enum Source {
    File(File),
    Rows(Rows),
}

impl std::fmt::Debug for BlobReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::File(_) => f.write_str("BlobReader(file)"),
            Source::Rows(r) => f
                .debug_struct("BlobReader")
                .field("blob", &r.blob)
                .field("len", &r.len)
                .finish_non_exhaustive(),
        }
    }
}

/// A blob read from the database, row by row, on a connection of its own (the recording
/// outlives the call that opened it); the connection goes back to the store's idle ones after.
struct Rows {
    /// In a mutex only so that the reader may be shared between threads, as a decoder's source
    /// must be; it is only ever used through `&mut self`, so never waited for.
    conn: Option<std::sync::Mutex<Box<dyn Db + Send>>>,
    idle: IdleConnections,
    blob: String,
    len: u64,
    /// The number of its last row.
    last: u64,
    pos: u64,
    /// The row read last, for the reads that follow within it.
    row: Option<(u64, Vec<u8>)>,
}

impl Rows {
    fn load(&mut self, n: u64) -> io::Result<&[u8]> {
        if self.row.as_ref().is_none_or(|(m, _)| *m != n) {
            self.row = None;
            let conn = self
                .conn
                .as_mut()
                .ok_or_else(|| io::Error::other("the blob's connection is closed"))?
                .get_mut()
                .map_err(|_| io::Error::other("the blob's connection failed"))?;
            let data: Option<Vec<u8>> = conn
                .opt(Q::VaultChunk, args![self.blob, n], |r| r.get(0))
                .map_err(|e| io::Error::other(e.to_string()))?;
            let data = data.ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("the encrypted recording lacks its row {n}"),
                )
            })?;
            if n != self.last && data.len() != row_len(n) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "the encrypted recording's row {n} is {} bytes where {} belong",
                        data.len(),
                        row_len(n)
                    ),
                ));
            }
            self.row = Some((n, data));
        }
        Ok(self.row.as_ref().map_or(&[][..], |(_, d)| &d[..]))
    }
}

impl Drop for Rows {
    fn drop(&mut self) {
        if let Some(Ok(conn)) = self.conn.take().map(std::sync::Mutex::into_inner)
            && !conn.in_transaction()
            && conn.usable()
            && let Ok(mut idle) = self.idle.lock()
            && idle.len() < conn.idle_kept()
        {
            idle.push(conn);
        }
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let r = match &mut self.0 {
            Source::File(f) => return f.read(out),
            Source::Rows(r) => r,
        };
        if r.pos >= r.len || out.is_empty() {
            return Ok(0);
        }
        let n = row_at(r.pos);
        let within = usize::try_from(r.pos - row_start(n)).unwrap_or(usize::MAX);
        let pos = r.pos;
        let data = r.load(n)?;
        if within >= data.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the encrypted recording ends early, at byte {pos}"),
            ));
        }
        let k = (data.len() - within).min(out.len());
        out[..k].copy_from_slice(&data[within..within + k]);
        r.pos += k as u64;
        Ok(k)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let r = match &mut self.0 {
            Source::File(f) => return f.seek(to),
            Source::Rows(r) => r,
        };
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => r.len.checked_add_signed(d),
            SeekFrom::Current(d) => r.pos.checked_add_signed(d),
        };
        let p = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the blob",
            )
        })?;
        r.pos = p;
        Ok(p)
    }
}

// ---------------------------------------------------------------------------------------------
// The store's side

impl Store {
    /// Which kind of vault this store keeps its recordings in.
    pub fn vault_kind(&self) -> VaultKind {
        self.vault
    }

    /// Makes the vault ready for new blobs (its folder, for a vault of files).
    pub(crate) fn vault_ready(&self) -> Result<()> {
        match self.vault {
            VaultKind::Files => fsutil::create_private_dir(&self.vault_dir()),
            VaultKind::Database => Ok(()),
        }
    }

    /// After new blobs are written, before their items are committed: their names made
    /// durable (the folder synced; rows are durable once committed).
    pub(crate) fn vault_synced(&self) -> Result<()> {
        match self.vault {
            VaultKind::Files => fsutil::sync_dir(&self.vault_dir()),
            VaultKind::Database => Ok(()),
        }
    }

    /// Encrypts everything `src` yields into a new blob under a fresh key. The blob stays
    /// pending until the caller commits its item (or drops it, which removes it).
    pub(crate) fn seal_blob(
        &self,
        src: &mut dyn Read,
        shown: &str,
        watch: &(dyn Fn(&[u8]) + Sync),
    ) -> Result<(PendingBlob<'_>, Secret, vault::Sealed)> {
        let secret = Secret::random()?;
        let keys = ItemKeys::from_secret(&secret);
        let (blob, sealed) = match self.vault {
            VaultKind::Files => self.seal_file(src, shown, watch, &keys.blob)?,
            VaultKind::Database => self.seal_rows(src, shown, watch, &keys.blob)?,
        };
        Ok((blob, secret, sealed))
    }

    /// A blob as a file: `.part`, fsync, rename.
    fn seal_file(
        &self,
        src: &mut dyn Read,
        shown: &str,
        watch: &(dyn Fn(&[u8]) + Sync),
        key: &Secret,
    ) -> Result<(PendingBlob<'_>, vault::Sealed)> {
        let dir = self.vault_dir();
        let (name, part_path, part) = loop {
            let name = hex::encode(crypto::random_bytes::<16>()?);
            let part_path = dir.join(format!("{name}.part"));
            let part = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&part_path)
                .map_err(|e| crate::io_failure(e, |detail| StoreMsg::VaultWrite { detail }))?;
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
            .map_err(|e| crate::io_failure(e, |detail| StoreMsg::VaultWrite { detail }))?;
        let mut guard = PendingBlob {
            name: name.clone(),
            held: Pending::File {
                path: part_path.clone(),
                _lock: lock,
            },
            committed: false,
        };
        let sealed = {
            let mut w = fsutil::Writeback::new(&part);
            vault::seal_watched(&mut &mut *src, &mut w, key, watch)
                .map_err(|e| seal_failed(e, shown))?
        };
        part.sync_all()
            .map_err(|e| crate::io_failure(e, |detail| StoreMsg::VaultWrite { detail }))?;
        let final_path = dir.join(format!("{name}.esv"));
        fs::rename(&part_path, &final_path)
            .map_err(|e| crate::io_failure(e, |detail| StoreMsg::VaultWrite { detail }))?;
        if let Pending::File { path, .. } = &mut guard.held {
            *path = final_path;
        }
        Ok((guard, sealed))
    }

    /// A blob as rows, written as it is sealed.
    fn seal_rows(
        &self,
        src: &mut dyn Read,
        shown: &str,
        watch: &(dyn Fn(&[u8]) + Sync),
        key: &Secret,
    ) -> Result<(PendingBlob<'_>, vault::Sealed)> {
        let name = hex::encode(crypto::random_bytes::<16>()?);
        let guard = PendingBlob {
            name: name.clone(),
            held: Pending::Rows { store: self },
            committed: false,
        };
        // The blob is marked before any row of it is written: the sweep at open leaves a
        // marked blob's rows alone until the mark is stale.
        let marked = self.now();
        self.write_rows(|tx| tx.exec(Q::MarkVaultPending, args![name, stamp(marked)]))?;
        // The rows are written on handles of their own (each its own connection), on threads
        // beside the sealer; they have all written or failed before this returns.
        let writers = (0..self.db().row_writers().max(1))
            .map(|_| self.reopen(crate::system_clock()))
            .collect::<Result<Vec<_>>>()?;
        let stopped = std::sync::atomic::AtomicBool::new(false);
        let (to, batches) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
        let batches = std::sync::Mutex::new(batches);
        let (sealed, written) = std::thread::scope(|scope| {
            let (name, batches, stopped) = (&name, &batches, &stopped);
            let threads: Vec<_> = writers
                .into_iter()
                .map(|w| scope.spawn(move || write_batches(&w, name, batches, stopped)))
                .collect();
            let mut w = RowWriter {
                store: self,
                to,
                stopped,
                marked,
                next: 0,
                cur: Vec::with_capacity(HEADER_ROW),
                batch: Vec::with_capacity(ROWS_PER_WRITE),
            };
            let sealed = vault::seal_watched(&mut &mut *src, &mut w, key, watch)
                .and_then(|s| w.finish().map(|()| s));
            let mut written = Ok(());
            for t in threads {
                let r = t.join().unwrap_or_else(|_| {
                    Err(StoreError::Io(
                        StoreMsg::VaultWrite {
                            detail: "the database writer stopped".into(),
                        }
                        .into(),
                    ))
                });
                if written.is_ok() {
                    written = r;
                }
            }
            (sealed, written)
        });
        // When the database failed, that is why sealing stopped.
        written?;
        let sealed = sealed.map_err(|e| seal_failed(e, shown))?;
        Ok((guard, sealed))
    }

    /// Opens the blob of item `id` for reading. A blob the vault does not hold is
    /// [`ItemMsg::RecordingMissing`].
    pub(crate) fn open_blob(&self, id: ItemId, blob: &str) -> Result<BlobReader> {
        let missing =
            |detail: String| StoreError::Integrity(ItemMsg::RecordingMissing { id, detail }.into());
        match self.vault {
            VaultKind::Files => {
                let path = self.blob_path(blob)?;
                let file = File::open(&path).map_err(|e| missing(e.to_string()))?;
                Ok(BlobReader(Source::File(file)))
            }
            VaultKind::Database => {
                // Only a name the store makes (the same check as a file's).
                self.blob_path(blob)?;
                let kept = self.idle.lock().ok().and_then(|mut idle| idle.pop());
                let conn = match kept {
                    Some(c) => c,
                    None => self.conn.connect_again()?,
                };
                let last: Option<(i64, i64)> =
                    conn.opt(Q::VaultLastChunk, args![blob], |r| r.tuple())?;
                let mut rows = Rows {
                    conn: Some(std::sync::Mutex::new(conn)),
                    idle: std::sync::Arc::clone(&self.idle),
                    blob: blob.to_string(),
                    len: 0,
                    last: 0,
                    pos: 0,
                    row: None,
                };
                let Some((last, last_len)) = last else {
                    return Err(missing("no row of it is in the database".into()));
                };
                rows.last = u64::try_from(last).unwrap_or(0);
                rows.len = row_start(rows.last) + u64::try_from(last_len).unwrap_or(0);
                Ok(BlobReader(Source::Rows(rows)))
            }
        }
    }

    /// Every blob the vault holds, by name, with what it holds of each (for the doctor).
    pub(crate) fn blob_list(&self) -> Result<HashMap<String, Held>> {
        match self.vault {
            VaultKind::Files => {
                let dir = self.vault_dir();
                let entries = match fs::read_dir(&dir) {
                    Ok(e) => e,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashMap::new()),
                    Err(e) => {
                        return Err(StoreError::Io(
                            StoreMsg::VaultRead {
                                detail: e.to_string(),
                            }
                            .into(),
                        ));
                    }
                };
                let mut out = HashMap::new();
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let Some(stem) = name.strip_suffix(".esv") else {
                        continue;
                    };
                    // One stat per file, the entry's.
                    let Ok(meta) = e.metadata() else { continue };
                    if meta.is_file() {
                        let held = Held {
                            size: meta.len(),
                            missing_rows: 0,
                            rows: 0,
                        };
                        out.insert(stem.to_string(), held);
                    }
                }
                Ok(out)
            }
            VaultKind::Database => Ok(self
                .conn
                .all(Q::VaultBlobs, args![], held_row)?
                .into_iter()
                .collect()),
        }
    }

    /// What the vault holds of one blob; `None` when it holds nothing of it.
    pub(crate) fn blob_held(&self, blob: &str) -> Result<Option<Held>> {
        match self.vault {
            VaultKind::Files => match fs::metadata(self.blob_path(blob)?) {
                Ok(m) if m.is_file() => Ok(Some(Held {
                    size: m.len(),
                    missing_rows: 0,
                    rows: 0,
                })),
                _ => Ok(None),
            },
            VaultKind::Database => Ok(self
                .conn
                .opt(Q::VaultBlob, args![blob], held_row)?
                .map(|(_, h)| h)),
        }
    }

    /// In the transaction that deletes the item of `blob`: the blob is to be removed once that
    /// commits, so the next open removes it should this process stop first.
    pub(crate) fn mark_blob_leaving(&self, tx: &dyn Db, blob: &str, at: &str) -> Result<()> {
        match self.vault {
            VaultKind::Files => Ok(()),
            VaultKind::Database => {
                tx.exec(Q::MarkVaultPending, args![blob, at])?;
                Ok(())
            }
        }
    }

    /// Removes a blob whose item's key is gone from the database (committed), and leaves no
    /// earlier version of what changed where the database keeps one. A blob already gone is
    /// no error.
    pub(crate) fn remove_blob(&self, blob: &str) -> Result<()> {
        match self.vault {
            VaultKind::Files => {
                self.db().forget_old_pages()?;
                let path = self.blob_path(blob)?;
                match fs::remove_file(&path) {
                    Ok(()) => fsutil::sync_dir(&self.vault_dir()),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(StoreError::Io(
                        StoreMsg::Remove {
                            path: path.display().to_string(),
                            detail: e.to_string(),
                        }
                        .into(),
                    )),
                }
            }
            VaultKind::Database => {
                self.write_plain(|tx| {
                    tx.exec(Q::DeleteVaultChunks, args![blob])?;
                    tx.exec(Q::UnmarkVaultPending, args![blob])?;
                    Ok(())
                })?;
                self.db().forget_old_pages()
            }
        }
    }

    /// Removes the rows of a blob no item with a key names (one committed meanwhile keeps
    /// its rows), and its mark.
    pub(crate) fn remove_leftover_rows(&self, blob: &str) -> Result<()> {
        self.write_plain(|tx| {
            tx.exec(Q::DeleteLeftoverChunks, args![blob])?;
            tx.exec(Q::UnmarkVaultPending, args![blob])?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decoder's source must be both (a recording is decoded on another thread).
    #[test]
    fn a_blob_reader_can_go_to_and_be_shared_by_other_threads() {
        fn send_and_sync<T: Send + Sync>() {}
        send_and_sync::<BlobReader>();
        send_and_sync::<vault::VaultReader<BlobReader>>();
    }

    #[test]
    fn rows_cover_the_sealed_bytes_one_chunk_each() {
        assert_eq!((row_at(0), row_at(15)), (0, 0));
        assert_eq!(row_at(16), 1);
        assert_eq!(row_at(16 + CHUNK_ROW as u64 - 1), 1);
        assert_eq!(row_at(16 + CHUNK_ROW as u64), 2);
        for n in 0..5 {
            assert_eq!(row_at(row_start(n)), n);
            assert_eq!(row_start(n + 1) - row_start(n), row_len(n) as u64);
        }
    }
}
