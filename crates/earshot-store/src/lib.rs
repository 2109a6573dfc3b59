//! The store: an SQLite database and an encrypted vault of recordings in one private directory.
//! This is the only code that touches disk.
//!
//! Every operation that changes anything runs in one `BEGIN IMMEDIATE` transaction that also
//! appends its audit entry, and asks the gate first; what the gate refuses is refused here (and
//! the refusal logged), whichever front end asked. Every statement goes through [`backend::Db`];
//! SQL is written only in [`backend`].
//!
//! Layout of a store directory (0700):
//! - `earshot.db` (+ `-wal`, `-shm`): the database, 0600.
//! - `vault/`: one `*.esv` file per recording (see [`vault`]); `*.part` while being written.
//!   A store may keep its recordings in its database instead (see `blobs`): then there is no
//!   `vault/`.
//!
//! The master key lives outside it: `EARSHOT_KEY_FILE`, or `<config dir>/keys/<store id>.key`;
//! beside it the log's signing key and the keys of the master key's epochs (see [`keys`]).

pub mod admin;
pub mod approvals;
#[cfg(test)]
mod approvals_tests;
pub mod backend;
mod blobs;
#[cfg(test)]
mod blobs_tests;
pub mod copies;
pub mod crypto;
pub mod doctor;
pub mod due;
#[cfg(test)]
mod due_for_tests;
#[cfg(test)]
mod exception_tests;
mod fsutil;
pub mod intake;
pub mod items;
pub mod keys;
#[cfg(test)]
mod keys_tests;
pub mod listen;
pub mod log;
mod moving;
pub mod msg;
pub mod notify;
#[cfg(test)]
mod pool_tests;
pub mod profile;
pub mod queue;
#[cfg(test)]
mod queue_tests;
pub mod replay;
pub mod reserve;
mod rows;
mod sealing;
#[cfg(test)]
mod sealing_tests;
mod settings;
mod shared;
mod shred;
pub mod slots;
#[cfg(test)]
mod testutil;
pub mod triage;
#[cfg(test)]
mod triage_tests;
pub mod uses;
#[cfg(test)]
mod uses_tests;
pub mod vault;

use backend::{Db, DbExt, Q, args};
use std::fs;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use crypto::MasterKey;
use earshot_core::audit::{self, Event};
use earshot_core::gate::{Action, Missing};
use earshot_core::lang::Lang;
use earshot_core::model::{ItemId, Role, User};

pub use admin::{Settings, VerifyReport};
pub use approvals::{ApprovalView, Ask, Terms};
pub use blobs::{BlobReader, VaultKind};
pub use doctor::{DoctorFinding, DoctorReport, is_private};
pub use items::{GivenFile, ImportRequest, ImportedItem, Watch};
pub use keys::{BackupKeys, EpochView, KeyMaintenance};
pub use listen::{
    AnalysisReader, PlayPermit, PlaySession, PreviewSession, PreviewTicket, Recording,
};
pub use log::{
    CheckpointReport, ConsistencyProof, InclusionProof, PROOFS_FORMAT, ProofBundle,
    SignedCheckpoint,
};
pub use msg::{
    DateOf, DueMsg, Field, Folder, ItemMsg, KeyMsg, LogMsg, Msg, Spot, StoreMsg, TeamMsg, TextFile,
};
pub use notify::NotifyDecision;
pub use profile::{Profile, Signer};
pub use queue::{ItemView, NotificationView, QueueRow, UseView};
pub use uses::GoAhead;

const DB_FILE: &str = "earshot.db";
const VAULT_DIR: &str = "vault";

/// What went wrong, sorted by what the caller should do about it (the CLI maps these to its
/// exit codes). Each carries its sentence as a typed [`Msg`]: `Display` is the English,
/// [`StoreError::text`] the sentence in a language.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The request itself is wrong: a missing file, an unknown user, an empty purpose.
    #[error("{0}")]
    BadInput(Msg),
    /// The gate refused (the stage or the user's role); each missing thing says what to do.
    #[error("{}", refusal_text(*.action, .missing, Lang::En))]
    Refused {
        action: Action,
        missing: Vec<Missing>,
    },
    /// Refused by a rule outside the item's stage and roles: a locked PIN, or an approval
    /// that was declined, expired, or does not cover the action (exit code 3, like a refusal).
    #[error("{0}")]
    Denied(Msg),
    /// Something stored is not what it should be.
    #[error("{0}")]
    Integrity(Msg),
    /// The store or its key is missing or not usable.
    #[error("{0}")]
    Setup(Msg),
    #[error("{0}")]
    Io(Msg),
    /// The database failed in a way none of the above names (SQLite's words inside).
    #[error("{0}")]
    Db(Msg),
}

impl StoreError {
    /// The sentence in `lang` (`Display` is the English).
    pub fn text(&self, lang: Lang) -> String {
        match self {
            StoreError::Refused { action, missing } => refusal_text(*action, missing, lang),
            StoreError::BadInput(m)
            | StoreError::Denied(m)
            | StoreError::Integrity(m)
            | StoreError::Setup(m)
            | StoreError::Io(m)
            | StoreError::Db(m) => m.text(lang),
        }
    }

    /// The typed sentence, for every error but a refusal by the gate.
    pub fn msg(&self) -> Option<&Msg> {
        match self {
            StoreError::Refused { .. } => None,
            StoreError::BadInput(m)
            | StoreError::Denied(m)
            | StoreError::Integrity(m)
            | StoreError::Setup(m)
            | StoreError::Io(m)
            | StoreError::Db(m) => Some(m),
        }
    }

    /// Whether this is the full disk (see [`StoreMsg::DiskFull`]).
    pub fn is_disk_full(&self) -> bool {
        matches!(self, StoreError::Io(Msg::Store(StoreMsg::DiskFull)))
    }
}

/// One sentence: a refusal by role says on its own what only a team leader may do and whom to
/// ask; any other names the action it blocks first.
fn refusal_text(action: Action, missing: &[Missing], lang: Lang) -> String {
    let joined = missing
        .iter()
        .map(|m| m.text(lang))
        .collect::<Vec<_>>()
        .join("; ");
    if !missing.is_empty() && missing.iter().all(Missing::is_role) {
        joined
    } else {
        match lang {
            Lang::Nl => format!("{} geweigerd: {joined}", action.text(lang)),
            Lang::En => format!("{} refused: {joined}", action.label()),
        }
    }
}

/// A store that is there but cannot be read by this user: "permission denied", with whose it
/// is, never "there is no store".
fn unreachable_store(dir: &Path, db: &Path) -> Option<StoreError> {
    use std::os::unix::fs::MetadataExt;
    let denied = |p: &Path| {
        matches!(fs::metadata(p), Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied)
            || matches!(fs::File::open(p), Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied)
    };
    let unreadable_dir = dir.is_dir() && fs::read_dir(dir).is_err();
    if !(denied(db) || unreadable_dir) {
        return None;
    }
    let owner = fs::metadata(dir).map(|m| m.uid()).ok();
    Some(StoreError::Setup(
        StoreMsg::Unreachable {
            dir: dir.display().to_string(),
            owner,
        }
        .into(),
    ))
}

/// A value as the JSON that gets sealed (a private record of an item, a copy, a use).
pub(crate) fn encode<T: serde::Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| {
        StoreError::Io(
            StoreMsg::Encode {
                detail: e.to_string(),
            }
            .into(),
        )
    })
}

/// An I/O failure in words: a full disk says so; any other says what was being done
/// (`msg`, given the operating system's words).
pub(crate) fn io_failure(e: std::io::Error, msg: impl FnOnce(String) -> StoreMsg) -> StoreError {
    if e.kind() == std::io::ErrorKind::StorageFull || e.raw_os_error() == Some(libc::ENOSPC) {
        StoreError::Io(StoreMsg::DiskFull.into())
    } else {
        StoreError::Io(msg(e.to_string()).into())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where time comes from (tests pass a fixed clock).
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

pub fn system_clock() -> Clock {
    Box::new(Utc::now)
}

/// The platform's data directory for the default store.
pub fn default_store_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "earshot").map(|d| d.data_dir().to_path_buf())
}

/// Where master keys live by default: one file per store, named by the store's id.
pub fn default_key_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "earshot").map(|d| d.config_dir().join("keys"))
}

pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An open store.
pub struct Store {
    dir: PathBuf,
    /// Taken out only when the store is dropped (see `Drop`).
    conn: std::mem::ManuallyDrop<Box<dyn Db + Send>>,
    master: MasterKey,
    /// The keys of the master key's epochs, which wrap the items' keys; shared by every handle.
    epochs: std::sync::Arc<keys::Epochs>,
    /// The log's signing key.
    log: std::sync::Arc<log::LogKeys>,
    store_id: String,
    key_path: PathBuf,
    clock: Clock,
    /// Connections that handles from [`Store::reopen`] have finished with, shared by all of
    /// them.
    idle: IdleConnections,
    /// Taken by every write transaction of this store's handles, so that a guardian's writers
    /// take turns in the order they came instead of polling SQLite's lock (which under load
    /// let some wait for seconds).
    writers: std::sync::Arc<std::sync::Mutex<()>>,
    /// Where the recordings are: files in `vault/`, or rows of the database.
    vault: VaultKind,
}

/// Database connections kept open for the next [`Store::reopen`] (and for reading recordings
/// kept in the database): the guardian reopens the store for every command, and a fresh
/// connection reads the whole schema again first.
type IdleConnections = std::sync::Arc<std::sync::Mutex<Vec<Box<dyn Db + Send>>>>;

/// At most this many idle connections are kept (an embedded store's; see [`Db::idle_kept`]);
/// more are closed.
const IDLE_CONNECTIONS: usize = 8;

impl Drop for Store {
    fn drop(&mut self) {
        // SAFETY: `conn` is taken here once, as the store goes, and never used again.
        let conn = unsafe { std::mem::ManuallyDrop::take(&mut self.conn) };
        // Only a connection with no transaction left open is handed on.
        if !conn.in_transaction()
            && conn.usable()
            && let Ok(mut idle) = self.idle.lock()
            && idle.len() < conn.idle_kept()
        {
            idle.push(conn);
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a new store in `dir`, its master key, and makes `user` its first team leader.
    /// Its database is `earshot.db` in `dir`, its recordings files in `dir/vault/`.
    pub fn init(dir: &Path, key_file: Option<&Path>, user: &str, clock: Clock) -> Result<Store> {
        Store::init_in(dir, key_file, user, clock, None, VaultKind::Files)
    }

    /// [`Store::init`] on the database `conn` (empty, or made by no store yet), with its
    /// recordings in the vault `vault`: files in `dir/vault/`, or rows of that database. `dir`
    /// still holds what lives beside a store (its reserve, the sweep's note); the master key
    /// goes where `key_file` says, as for [`Store::init`].
    pub fn init_on(
        dir: &Path,
        key_file: Option<&Path>,
        user: &str,
        clock: Clock,
        conn: Box<dyn Db + Send>,
        vault: VaultKind,
    ) -> Result<Store> {
        Store::init_in(dir, key_file, user, clock, Some(conn), vault)
    }

    /// [`Store::init`] and [`Store::init_on`]: without a connection, the embedded database is
    /// made in `dir`.
    fn init_in(
        dir: &Path,
        key_file: Option<&Path>,
        user: &str,
        clock: Clock,
        given: Option<Box<dyn Db + Send>>,
        vault: VaultKind,
    ) -> Result<Store> {
        admin::validate_user_name(user)?;
        let db = dir.join(DB_FILE);
        // Where the store is: its folder, or the server's database.
        let place = given
            .as_ref()
            .and_then(|c| c.shown())
            .unwrap_or_else(|| dir.display().to_string());
        let exists = || StoreError::Setup(StoreMsg::StoreExists { dir: place.clone() }.into());
        if given.is_none() && db.exists() {
            return Err(exists());
        }
        let mut given = given;
        if let Some(conn) = given.as_mut() {
            conn.migrate()?;
            if conn
                .opt(Q::Meta, args!["store_id"], |r| r.get::<_, String>(0))?
                .is_some()
            {
                return Err(exists());
            }
        }
        fsutil::create_private_dir(dir)?;
        fsutil::ensure_mode(dir, 0o700)?;
        if vault == VaultKind::Files {
            fsutil::create_private_dir(&dir.join(VAULT_DIR))?;
        }
        let store_id = hex::encode(crypto::random_bytes::<16>()?);
        let key_path = match key_file {
            Some(p) => p.to_path_buf(),
            None => default_key_dir()
                .ok_or_else(|| StoreError::Setup(StoreMsg::NoHomeForKey { finding: false }.into()))?
                .join(format!("{store_id}.key")),
        };
        if key_path.exists() {
            return Err(StoreError::Setup(
                StoreMsg::KeyFileExists {
                    path: key_path.display().to_string(),
                }
                .into(),
            ));
        }
        // SQLite gives its files the database file's mode: create it private first.
        if given.is_none() {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&db)
                .map_err(|e| {
                    StoreError::Setup(
                        StoreMsg::Create {
                            path: db.display().to_string(),
                            detail: e.to_string(),
                        }
                        .into(),
                    )
                })?;
        }
        // Only a database file made here is removed again.
        let made_db = given.is_none();
        let master = match MasterKey::create(&key_path) {
            Ok(m) => m,
            Err(e) => {
                if made_db {
                    let _ = fs::remove_file(&db);
                }
                return Err(e);
            }
        };
        let (log, log_key) = match log::LogKeys::create(&key_path, &store_id) {
            Ok(k) => k,
            Err(e) => {
                if made_db {
                    let _ = fs::remove_file(&db);
                }
                let _ = fs::remove_file(&key_path);
                return Err(e);
            }
        };
        let conn: Box<dyn Db + Send> = match given {
            Some(c) => c,
            None => {
                let mut c = backend::sqlite::connect(&db)?;
                c.migrate()?;
                Box::new(c)
            }
        };
        let epochs = std::sync::Arc::new(keys::Epochs::new(&master, &key_path, &store_id));
        let store = Store {
            dir: dir.to_path_buf(),
            conn: std::mem::ManuallyDrop::new(conn),
            master,
            epochs,
            log,
            store_id: store_id.clone(),
            key_path,
            clock,
            idle: Default::default(),
            writers: Default::default(),
            vault,
        };
        let now = store.now();
        let check = store.master.check_value();
        let epochs = std::sync::Arc::clone(&store.epochs);
        let first = store.write(|tx, log| {
            tx.exec(Q::InsertMeta, args![store_id, check, stamp(now)])?;
            tx.exec(Q::InsertMetaValue, args!["log_key", log_key])?;
            tx.exec(
                Q::InsertMetaValue,
                args![
                    sealing::SEAL_VERSION_KEY,
                    crypto::Place::VERSION.to_string()
                ],
            )?;
            tx.exec(
                Q::InsertMetaValue,
                args![notify::NOTIFY_RULE_KEY, notify::NOTIFY_RULE],
            )?;
            if let Some(v) = vault.meta_value() {
                tx.exec(Q::InsertMetaValue, args![blobs::VAULT_KEY, v])?;
            }
            settings::insert_default_settings(tx)?;
            tx.exec(Q::InsertFirstLead, args![user, stamp(now)])?;
            log.append(
                tx,
                user,
                None,
                &Event::StoreInit {
                    store_id: store_id.clone(),
                },
            )?;
            log.append(
                tx,
                user,
                None,
                &Event::TeamAdd {
                    name: user.to_string(),
                    role: Role::Lead,
                    pin: None,
                },
            )?;
            // The first epoch, which wraps the items' keys until the first rotation.
            keys::first_epoch_in(tx, &epochs, &log.at)
        })?;
        store.epochs.adopt(first);
        reserve::ensure(dir);
        Ok(store)
    }

    /// Opens an existing store, checks its key, and cleans up after interrupted imports.
    pub fn open(dir: &Path, key_file: Option<&Path>, clock: Clock) -> Result<Store> {
        let db = dir.join(DB_FILE);
        if let Some(e) = unreachable_store(dir, &db) {
            return Err(e);
        }
        if !db.is_file() {
            return Err(StoreError::Setup(
                StoreMsg::NoStore {
                    dir: dir.display().to_string(),
                }
                .into(),
            ));
        }
        Store::open_on(
            dir,
            key_file,
            clock,
            Box::new(backend::sqlite::connect(&db)?),
        )
    }

    /// Opens the store whose database is `conn`: brings the schema up to date, checks the
    /// key, and cleans up after interrupted imports. Its vault is what the database says
    /// ([`VaultKind`]): files in `dir/vault/`, or the database's own rows. [`Store::open`] is
    /// this with the embedded SQLite database in `dir`.
    pub fn open_on(
        dir: &Path,
        key_file: Option<&Path>,
        clock: Clock,
        mut conn: Box<dyn Db + Send>,
    ) -> Result<Store> {
        conn.migrate()?;
        let meta = |k: &str| -> Result<String> {
            conn.opt(Q::Meta, args![k], |r| r.get(0))?.ok_or_else(|| {
                StoreError::Integrity(StoreMsg::MetaMissing { key: k.into() }.into())
            })
        };
        let store_id = meta("store_id")?;
        // A store moved into PostgreSQL lives on there; this copy takes no more decisions.
        if conn.shown().is_none()
            && let Some(to) =
                conn.opt(Q::Meta, args![moving::MOVED_KEY], |r| r.get::<_, String>(0))?
        {
            return Err(StoreError::Setup(StoreMsg::MovedAway { to }.into()));
        }
        let check = meta("key_check")?;
        let key_path = match key_file {
            Some(p) => p.to_path_buf(),
            None => default_key_dir()
                .ok_or_else(|| StoreError::Setup(StoreMsg::NoHomeForKey { finding: true }.into()))?
                .join(format!("{store_id}.key")),
        };
        let master = MasterKey::load(&key_path)?;
        if master.check_value() != check {
            return Err(StoreError::Setup(
                StoreMsg::KeyNotThisStore {
                    path: key_path.display().to_string(),
                }
                .into(),
            ));
        }
        let recorded = conn.opt(Q::Meta, args!["log_key"], |r| r.get::<_, String>(0))?;
        let vault = conn.opt(Q::Meta, args![blobs::VAULT_KEY], |r| r.get::<_, String>(0))?;
        let vault = VaultKind::from_meta(vault.as_deref())?;
        let (log, to_record) = log::LogKeys::load(&key_path, &store_id, recorded.as_deref())?;
        let epochs = std::sync::Arc::new(keys::Epochs::new(&master, &key_path, &store_id));
        let store = Store {
            dir: dir.to_path_buf(),
            conn: std::mem::ManuallyDrop::new(conn),
            master,
            epochs,
            log,
            store_id,
            key_path,
            clock,
            idle: Default::default(),
            writers: Default::default(),
            vault,
        };
        // A copy whose key epoch was retired (a backup from before then) stops here.
        store.check_key_epoch()?;
        if let Some(k) = to_record {
            store.write(|tx, _| tx.exec(Q::InsertMetaValue, args!["log_key", k]).map(|_| ()))?;
        }
        // Values sealed by earlier versions are bound to their places, once.
        store.upgrade_seals()?;
        // Stages stored under the rule before every subject needed a decision, once.
        store.upgrade_stages()?;
        store.fill_audit_tree()?;
        store.check_newest_checkpoint()?;
        store.upgrade_key_epochs()?;
        store.clean_leftovers_at_open()?;
        // Room for a deletion on a full disk, made again after one used it (when there is room).
        reserve::ensure(dir);
        Ok(store)
    }

    /// [`Store::open`] for a deletion: when the disk is too full even to open the database
    /// (SQLite needs room for its shared-memory file), the store's reserve is given up to make
    /// room, as a deletion would (see [`reserve`]).
    pub fn open_to_delete(
        dir: &Path,
        key_file: Option<&Path>,
        clock: fn() -> Clock,
    ) -> Result<Store> {
        match Store::open(dir, key_file, clock()) {
            Err(e) if e.is_disk_full() && reserve::release(dir) => {
                Store::open(dir, key_file, clock())
            }
            other => other,
        }
    }

    /// A second handle on the same store: its own database connection, the key already
    /// checked, no clean-up pass (that ran when this one was opened). The guardian gives each
    /// client connection one, so that a long playback never holds up the others. The
    /// connection is one a handle finished with (no transaction open), when there is one.
    pub fn reopen(&self, clock: Clock) -> Result<Store> {
        let kept = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match kept {
            Some(c) => c,
            None => self.conn.connect_again()?,
        };
        Ok(Store {
            dir: self.dir.clone(),
            conn: std::mem::ManuallyDrop::new(conn),
            master: self.master.clone(),
            epochs: std::sync::Arc::clone(&self.epochs),
            log: std::sync::Arc::clone(&self.log),
            store_id: self.store_id.clone(),
            key_path: self.key_path.clone(),
            clock,
            idle: std::sync::Arc::clone(&self.idle),
            writers: std::sync::Arc::clone(&self.writers),
            vault: self.vault,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn key_path(&self) -> &Path {
        &self.key_path
    }

    pub fn store_id(&self) -> &str {
        &self.store_id
    }

    /// The PostgreSQL database that holds the store, without its password; none for the
    /// embedded one.
    pub fn database_shown(&self) -> Option<String> {
        self.conn.shown()
    }

    /// The store's database connection, as the store's modules see it.
    pub(crate) fn db(&self) -> &dyn Db {
        &**self.conn
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    fn vault_dir(&self) -> PathBuf {
        self.dir.join(VAULT_DIR)
    }

    /// The vault file of a blob named in the database. The name is read from the database, so
    /// it is checked before it becomes a path: exactly 32 lowercase hex digits, as the store
    /// makes them, and never `..`, a slash or anything else.
    pub(crate) fn blob_path(&self, blob: &str) -> Result<PathBuf> {
        if !is_blob_name(blob) {
            return Err(StoreError::Integrity(
                StoreMsg::ForeignVaultName {
                    name: blob.escape_default().to_string(),
                }
                .into(),
            ));
        }
        Ok(self.vault_dir().join(format!("{blob}.esv")))
    }

    /// Runs `f` on one consistent view of the store: every read inside sees the same state,
    /// and the database is locked once rather than for every statement (a case report reads
    /// some thirty rows per item). `f` must only read; inside another transaction it just runs.
    pub fn snapshot<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T> {
        if self.conn.in_transaction() {
            return Ok(f(self));
        }
        self.conn.begin(false)?;
        let open = Open(self.db());
        let out = f(self);
        // A read-only transaction: ending it cannot lose anything.
        open.commit()?;
        Ok(out)
    }

    /// Runs `f` in one IMMEDIATE transaction with an audit writer, and commits.
    fn write<T>(&self, f: impl FnOnce(&dyn Db, &mut AuditWriter) -> Result<T>) -> Result<T> {
        let now = stamp(self.now());
        let mut log = AuditWriter {
            at: now,
            genesis: audit::genesis(&self.store_id),
            last: None,
            names: self.pseudonyms(),
        };
        self.write_plain(|tx| f(tx, &mut log))
    }

    /// Runs `f` in one IMMEDIATE transaction, in its turn among the writers, and commits. For
    /// what needs no audit entry of its own: a leftover removed, a blob marked for removal.
    /// Everything else goes through [`Store::write`].
    fn write_plain<T>(&self, f: impl FnOnce(&dyn Db) -> Result<T>) -> Result<T> {
        self.transaction(true, |db| db.begin(true), f)
    }

    /// A transaction that only adds a recording's rows ([`Db::begin_rows`]): where several
    /// may write at once, it does not wait for this store's other writers.
    fn write_rows<T>(&self, f: impl FnOnce(&dyn Db) -> Result<T>) -> Result<T> {
        self.transaction(self.conn.row_writers() == 1, |db| db.begin_rows(), f)
    }

    /// Begins a transaction with `begin` (in its turn among this store's writers if `turn`),
    /// runs `f` in it and commits; rolled back if `f` or the commit fails.
    fn transaction<T>(
        &self,
        turn: bool,
        begin: impl FnOnce(&dyn Db) -> Result<()>,
        f: impl FnOnce(&dyn Db) -> Result<T>,
    ) -> Result<T> {
        // Poisoned, the lock still orders writers: the transaction it guarded was rolled back.
        let _turn = turn.then(|| {
            self.writers
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        });
        // One connection per Store, used from one thread: nested transactions cannot happen.
        begin(self.db())?;
        let open = Open(self.db());
        let out = f(self.db())?;
        open.commit()?;
        Ok(out)
    }

    /// Looks a user up on the roster.
    pub fn user(&self, name: &str) -> Result<User> {
        admin::find_user(self.db(), name)?.ok_or_else(|| {
            StoreError::BadInput(
                TeamMsg::NotOnTeam {
                    name: name.to_string(),
                }
                .into(),
            )
        })
    }

    /// Like [`Store::write`], for an action the gate may refuse: when `f` returns the missing
    /// things, the refusal is logged in the same transaction and returned as an error.
    fn write_gated<T>(
        &self,
        actor: &str,
        item: Option<ItemId>,
        action: Action,
        f: impl FnOnce(&dyn Db, &mut AuditWriter) -> Result<Result<T, Vec<Missing>>>,
    ) -> Result<T> {
        let out = self.write(|tx, log| match f(tx, log)? {
            Ok(v) => Ok(Ok(v)),
            Err(missing) => {
                let codes = missing.iter().map(Missing::kind).collect();
                log.append(
                    tx,
                    actor,
                    item,
                    &Event::Refused {
                        attempt: action,
                        missing: codes,
                    },
                )?;
                Ok(Err(missing))
            }
        })?;
        out.map_err(|missing| StoreError::Refused { action, missing })
    }

    /// Resolves the lead who supervises or approves for `actor`: on the roster, and proven
    /// by their PIN when it is given in person (an approval from their own session is checked
    /// by the action's transaction, which uses it up). A non-lead, or the actor themself, is
    /// returned as is: the gate refuses them. Also returns how many leads the team has besides
    /// the actor (the four-eyes rule).
    fn overseer(&self, actor: &User, name: &str, proof: &LeadProof) -> Result<(User, usize)> {
        let u = self.user(name)?;
        if u.name != actor.name && u.role == Role::Lead {
            match proof {
                LeadProof::Pin(pin) => self.check_pin(&actor.name, &u.name, Some(pin))?,
                LeadProof::None => self.check_pin(&actor.name, &u.name, None)?,
                LeadProof::Approval(_) => {}
            }
        }
        Ok((u, self.other_leads(&actor.name)?))
    }

    /// How many team leaders the team has besides `name`.
    pub(crate) fn other_leads(&self, name: &str) -> Result<usize> {
        let n: i64 = self.conn.one(Q::OtherLeads, args![name], |r| r.get(0))?;
        Ok(n.max(0) as usize)
    }
}

/// A transaction that is rolled back unless committed: on an error, and on a panic, nothing of
/// it is kept.
struct Open<'a>(&'a dyn Db);

impl Open<'_> {
    fn commit(self) -> Result<()> {
        let out = self.0.commit();
        if out.is_ok() {
            std::mem::forget(self);
        }
        out
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        if self.0.in_transaction() {
            let _ = self.0.rollback();
        }
    }
}

/// How the lead named to supervise or approve an action vouches for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LeadProof {
    /// Nothing given: a lead other than the actor is asked for a PIN.
    #[default]
    None,
    /// In person: the lead's PIN, typed on this machine.
    Pin(String),
    /// From the lead's own session: an approved request (`earshot approve ID`), which the
    /// action uses up.
    Approval(i64),
}

impl LeadProof {
    /// A PIN if one was given, else nothing.
    pub fn from_pin(pin: Option<&str>) -> LeadProof {
        pin.map_or(LeadProof::None, |p| LeadProof::Pin(p.to_string()))
    }

    /// The approval request it names, if any.
    pub fn approval(&self) -> Option<i64> {
        match self {
            LeadProof::Approval(id) => Some(*id),
            _ => None,
        }
    }
}

/// A blob name as the store makes them: 16 random bytes in lowercase hex.
pub(crate) fn is_blob_name(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Appends entries to the audit chain inside a transaction.
pub(crate) struct AuditWriter {
    at: String,
    genesis: String,
    last: Option<(i64, String)>,
    /// The pseudonyms of the leaves this writer adds to the log's tree.
    names: log::Pseudonyms,
}

impl AuditWriter {
    /// Appends `event` by `actor` (about `item`, if any); returns the entry's sequence number.
    pub(crate) fn append(
        &mut self,
        tx: &dyn Db,
        actor: &str,
        item: Option<ItemId>,
        event: &Event,
    ) -> Result<i64> {
        let (seq, prev) = match self.last.take() {
            Some(h) => h,
            None => tx
                .opt(Q::AuditLast, args![], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?
                .unwrap_or((0, self.genesis.clone())),
        };
        let seq = seq + 1;
        let action = event.action();
        // serde_json's maps are sorted by key: the text is canonical.
        let detail = event.detail().to_string();
        let hash = audit::entry_hash(&prev, seq, &self.at, actor, action, item, &detail);
        tx.exec(
            Q::InsertAudit,
            args![seq, self.at, actor, action, item, detail, prev, hash],
        )?;
        let entry = audit::Entry {
            seq,
            at: self.at.clone(),
            actor: actor.to_string(),
            action: action.to_string(),
            item,
            detail,
            prev,
            hash,
        };
        log::append_leaf(tx, &mut self.names, &entry)?;
        self.last = Some((seq, entry.hash));
        Ok(seq)
    }
}

#[cfg(test)]
mod fault_words {
    use super::*;

    #[test]
    fn a_full_disk_is_called_a_full_disk() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        );
        let e = StoreError::from(full);
        assert!(
            e.to_string().contains("disk holding the store is full"),
            "{e}"
        );
        let e = io_failure(std::io::Error::from_raw_os_error(libc::ENOSPC), |detail| {
            StoreMsg::VaultWrite { detail }
        });
        assert!(
            e.to_string().contains("disk holding the store is full"),
            "{e}"
        );
        let e = io_failure(std::io::Error::from_raw_os_error(libc::EIO), |detail| {
            StoreMsg::VaultWrite { detail }
        });
        assert!(
            e.to_string().starts_with("cannot write into the vault"),
            "{e}"
        );
    }

    #[test]
    fn a_store_this_user_cannot_read_is_permission_denied_not_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join(DB_FILE), b"").unwrap();
        assert!(unreachable_store(&dir, &dir.join(DB_FILE)).is_none());
        let missing = tmp.path().join("nothing");
        assert!(unreachable_store(&missing, &missing.join(DB_FILE)).is_none());
    }
}
