//! The store's own health: leftovers of interrupted imports and deletions swept at open, and
//! `doctor`, which checks files, modes, the database, the vault and the audit chain.

use crate::backend::{DbExt, Q, args};
use std::collections::HashSet;
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde::Serialize;

use super::{DB_FILE, Result, Store, StoreError, VAULT_DIR, fsutil, is_blob_name, vault};
use crate::blobs::{self, VaultKind};
use crate::crypto::{Column, Place};
use crate::msg::StoreMsg;
use earshot_core::lang::Lang;

/// One problem the doctor found, and whether it repaired it. `problem` is the English (as the
/// JSON has always given it); [`DoctorFinding::text`] says it in either language.
#[derive(Debug, Clone, Serialize)]
pub struct DoctorFinding {
    pub problem: String,
    pub repaired: bool,
    #[serde(skip)]
    pub problem_nl: String,
}

impl DoctorFinding {
    /// The problem in `lang`.
    pub fn text(&self, lang: earshot_core::lang::Lang) -> &str {
        match lang {
            earshot_core::lang::Lang::Nl => &self.problem_nl,
            earshot_core::lang::Lang::En => &self.problem,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    pub findings: Vec<DoctorFinding>,
    pub items_checked: u64,
    pub blobs_rehashed: u64,
    pub audit_entries: u64,
    /// Where the tables differ from what replaying the log says they hold.
    pub differences: Vec<crate::replay::ReplayDifference>,
    /// The files kept in `vault/quarantine/`, with what the log says of each.
    pub quarantine: Vec<Quarantined>,
}

/// What a sweep of the vault did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Swept {
    pub removed: Vec<String>,
    /// Where each file went, relative to the store.
    pub quarantined: Vec<String>,
    /// Blobs kept in the database that the log says belong to an item never deleted, though
    /// no item row names them.
    pub lost: Vec<String>,
}

/// A file in `vault/quarantine/`: no item row points at it.
#[derive(Debug, Clone, Serialize)]
pub struct Quarantined {
    /// Relative to the store directory.
    pub file: String,
    pub size: u64,
    /// The item the log says it was imported as.
    pub item: Option<i64>,
    /// The log says it belongs to an item that was never deleted: the database lost it.
    pub lost: bool,
    /// What the log says of it, in words.
    pub log: String,
}

/// The folder in the vault that unreferenced files are moved to.
pub const QUARANTINE_DIR: &str = "quarantine";

/// Moves `path` (named `name`) into the vault's quarantine folder, under a new name if one
/// is taken; returns where it went, relative to the store.
fn quarantine(vault: &Path, path: &Path, name: &str) -> std::io::Result<String> {
    let q = vault.join(QUARANTINE_DIR);
    fsutil::create_private_dir(&q).map_err(|e| std::io::Error::other(e.to_string()))?;
    let stem = name.strip_suffix(".esv").unwrap_or(name);
    let mut to = q.join(name);
    let mut n = 1;
    while to.exists() {
        to = q.join(format!("{stem}.{n}.esv"));
        n += 1;
    }
    fs::rename(path, &to)?;
    fsutil::sync_dir(&q).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(format!(
        "{VAULT_DIR}/{QUARANTINE_DIR}/{}",
        to.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ))
}

impl DoctorReport {
    pub fn healthy(&self) -> bool {
        self.findings.iter().all(|f| f.repaired)
    }
}

/// Where the vault folder's time of change is kept after a sweep that found it clean.
const SWEPT_FILE: &str = "swept";

/// The vault folder's time of change, to the nanosecond, as text.
fn vault_changed_at(dir: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(dir).ok()?;
    Some(format!("{}.{:09} {}", m.mtime(), m.mtime_nsec(), m.ino()))
}

impl Store {
    // ----- leftovers and the doctor -----

    /// Blobs that items with a live key point at.
    fn live_blobs(&self) -> Result<HashSet<String>> {
        let v: Vec<String> = self.conn.all(Q::LiveBlobs, args![], |r| r.get(0))?;
        Ok(v.into_iter().collect())
    }

    /// Tidies what interrupted imports and deletions left in the vault: `.part` files (never
    /// committed) and the files of items whose deletion the log records are removed; any other
    /// file no live item points at is moved to `vault/quarantine/`, never deleted. Files a
    /// running process holds are left alone.
    pub(crate) fn clean_leftovers(&self) -> Result<Swept> {
        self.sweep(false)
    }

    /// [`Store::clean_leftovers`] at open: skipped when the vault folder has not changed since
    /// a sweep found it clean. A folder's time of change moves with every file made, renamed
    /// or removed in it, so an interrupted import or deletion always makes the next open look;
    /// an unchanged vault of 100,000 recordings is not read at every command.
    pub(crate) fn clean_leftovers_at_open(&self) -> Result<Swept> {
        self.sweep(true)
    }

    fn sweep(&self, skip_if_unchanged: bool) -> Result<Swept> {
        if self.vault_kind() == VaultKind::Database {
            return self.sweep_rows(skip_if_unchanged);
        }
        let dir = self.vault_dir();
        let marker = self.dir.join(SWEPT_FILE);
        let changed = vault_changed_at(&dir);
        if skip_if_unchanged
            && let Some(t) = &changed
            && fs::read_to_string(&marker).is_ok_and(|m| m.trim() == t)
        {
            return Ok(Swept::default());
        }
        // Anything left that might still be someone's (locked, or not removable) means the next
        // open must look again.
        let mut unsure = false;
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Swept::default()),
            Err(e) => {
                return Err(StoreError::Io(
                    StoreMsg::VaultRead {
                        detail: e.to_string(),
                    }
                    .into(),
                ));
            }
        };
        let mut live = None;
        let mut swept = Swept::default();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let (stem, part) = if let Some(s) = name.strip_suffix(".part") {
                (s.to_string(), true)
            } else if let Some(s) = name.strip_suffix(".esv") {
                (s.to_string(), false)
            } else {
                continue;
            };
            if !part {
                if live.is_none() {
                    live = Some(self.live_blobs()?);
                }
                if live.as_ref().is_some_and(|l| l.contains(&stem)) {
                    continue;
                }
            }
            // A running import holds its file locked until it commits.
            let Ok(f) = File::open(e.path()) else {
                unsure = true;
                continue;
            };
            if f.try_lock().is_err() {
                unsure = true;
                continue;
            }
            if !part && self.live_blobs()?.contains(&stem) {
                continue; // committed while we looked
            }
            // Only what the log says is gone may go: a file never committed, or the file of an
            // item whose deletion is logged.
            let gone = part || self.deleted_per_log(&stem)?;
            if gone {
                if fs::remove_file(e.path()).is_ok() {
                    swept.removed.push(name);
                } else {
                    unsure = true;
                }
            } else {
                match quarantine(&dir, &e.path(), &name) {
                    Ok(to) => swept.quarantined.push(to),
                    Err(_) => unsure = true,
                }
            }
        }
        if !swept.removed.is_empty() || !swept.quarantined.is_empty() {
            fsutil::sync_dir(&dir)?;
        }
        // The time of change read before the sweep: a file made during it changed the folder
        // again, and the next open looks.
        if !unsure
            && swept.removed.is_empty()
            && swept.quarantined.is_empty()
            && let Some(t) = changed
        {
            let _ = fsutil::write_private_small(&marker, t.as_bytes());
        }
        Ok(swept)
    }

    /// [`Store::sweep`] for a vault in the database. At open it looks only at the blobs marked
    /// in `vault_pending` (every blob no item names is, see `blobs`); otherwise (the doctor) at
    /// every blob the vault holds. The rows of a blob whose item's deletion is logged go; so do
    /// those of a blob the log knows nothing of, unless its import may still be running (rows
    /// written in the last minutes). Rows the log says belong to an item never deleted are
    /// kept, and named: the database lost that item.
    fn sweep_rows(&self, at_open: bool) -> Result<Swept> {
        let mut blobs: std::collections::BTreeMap<String, Option<String>> = self
            .conn
            .all(Q::VaultPending, args![], |r| r.tuple::<(String, String)>())?
            .into_iter()
            .map(|(b, at)| (b, Some(at)))
            .collect();
        if !at_open {
            for blob in self.blob_list()?.into_keys() {
                blobs.entry(blob).or_insert(None);
            }
        }
        // The usual open: nothing marked, and the live items are not read.
        if blobs.is_empty() {
            return Ok(Swept::default());
        }
        let now = self.now();
        let live = self.live_blobs()?;
        let mut swept = Swept::default();
        for (blob, marked_at) in blobs {
            if live.contains(&blob) {
                // Committed: a mark left over goes (rows and all stay).
                if marked_at.is_some() {
                    self.write_plain(|tx| tx.exec(Q::UnmarkVaultPending, args![blob]))?;
                }
                continue;
            }
            if !self.deleted_per_log(&blob)? {
                if marked_at
                    .as_deref()
                    .is_some_and(|at| blobs::pending_is_recent(at, now))
                {
                    continue; // an import still writing it
                }
                let imported = self.conn.opt(
                    Q::ImportOfBlob,
                    args![format!("%\"blob\":\"{blob}\"%")],
                    |r| r.get::<_, i64>(0),
                )?;
                if imported.is_some() {
                    swept.lost.push(blob);
                    continue;
                }
            }
            self.remove_leftover_rows(&blob)?;
            swept.removed.push(format!("vault_chunks/{blob}"));
        }
        if !swept.removed.is_empty() {
            self.db().forget_old_pages()?;
        }
        Ok(swept)
    }

    /// Whether `blob` is the file of an item that is deleted, and the log records the deletion.
    fn deleted_per_log(&self, blob: &str) -> Result<bool> {
        let n: i64 = self
            .conn
            .one(Q::DeletedBlobLogged, args![blob], |r| r.get(0))?;
        Ok(n > 0)
    }

    /// The files in quarantine, with what the log says about each.
    pub fn quarantined(&self) -> Result<Vec<Quarantined>> {
        let dir = self.vault_dir().join(QUARANTINE_DIR);
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(StoreError::Io(
                    StoreMsg::VaultRead {
                        detail: e.to_string(),
                    }
                    .into(),
                ));
            }
        };
        let mut out = Vec::new();
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            // `<blob>.esv`, or `<blob>.<n>.esv` for a second file of the same name.
            let blob = file.split('.').next().unwrap_or_default().to_string();
            let imported: Option<(i64, Option<i64>)> = if is_blob_name(&blob) {
                self.conn.opt(
                    Q::ImportOfBlob,
                    args![format!("%\"blob\":\"{blob}\"%")],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
            } else {
                None
            };
            let deleted: Option<i64> = match imported {
                Some((_, Some(item))) => self
                    .conn
                    .opt(Q::DeletionOfItem, args![item], |r| r.get(0))?,
                _ => None,
            };
            let (item, log) = match (imported, deleted) {
                (Some((seq, item)), Some(del)) => (
                    item,
                    format!(
                        "imported at audit entry {seq} as item {}, deleted at entry {del}: what \
                         its deletion left behind",
                        item.map(|i| i.to_string()).unwrap_or_default()
                    ),
                ),
                (Some((seq, item)), None) => (
                    item,
                    format!(
                        "imported at audit entry {seq} as item {}, and never deleted, yet no \
                         item row points at it: the database has lost that item (put back from \
                         an older copy, or damaged)",
                        item.map(|i| i.to_string()).unwrap_or_default()
                    ),
                ),
                (None, _) => (
                    None,
                    "the log knows nothing of it: an import interrupted before it was \
                     committed (its key was never kept, so it cannot be read), or a file put \
                     there from elsewhere"
                        .to_string(),
                ),
            };
            out.push(Quarantined {
                file: format!("{VAULT_DIR}/{QUARANTINE_DIR}/{file}"),
                size,
                item,
                lost: item.is_some() && deleted.is_none(),
                log,
            });
        }
        out.sort_by(|a, b| a.file.cmp(&b.file));
        Ok(out)
    }

    /// Checks the store and repairs what can be repaired; `deep` re-hashes every recording.
    pub fn doctor(&mut self, actor: &str, deep: bool) -> Result<DoctorReport> {
        self.user(actor)?;
        let mut findings = Vec::new();
        let mut note = |(problem_nl, problem): (String, String), repaired: bool| {
            findings.push(DoctorFinding {
                problem,
                repaired,
                problem_nl,
            })
        };
        // A store error, said in both languages.
        let both = |e: &StoreError| (e.text(Lang::Nl), e.text(Lang::En));
        // Modes.
        let mut mode_fixes = Vec::new();
        for (p, mode) in [(self.dir.clone(), 0o700), (self.dir.join(VAULT_DIR), 0o700)] {
            if p.exists() && fsutil::ensure_mode(&p, mode)? {
                mode_fixes.push(p);
            }
        }
        // The store's files and the vault's, private.
        let mut dirs = vec![self.dir.clone()];
        if self.vault_kind() == VaultKind::Files {
            dirs.push(self.dir.join(VAULT_DIR));
        }
        for dir in dirs {
            for e in fs::read_dir(&dir)
                .map_err(|e| {
                    StoreError::Io(
                        StoreMsg::Read {
                            path: dir.display().to_string(),
                            detail: e.to_string(),
                        }
                        .into(),
                    )
                })?
                .flatten()
            {
                let Ok(meta) = e.metadata() else { continue };
                if !meta.is_file() {
                    continue;
                }
                let p = e.path();
                if meta.permissions().mode() & 0o777 != 0o600 && fsutil::ensure_mode(&p, 0o600)? {
                    mode_fixes.push(p);
                }
            }
        }
        for p in mode_fixes {
            note(
                (
                    format!(
                        "{} was leesbaar voor anderen; nu alleen voor de opslag",
                        p.display()
                    ),
                    format!("{} could be read by others; made private", p.display()),
                ),
                true,
            );
        }
        // Room for a deletion on a full disk (the open made it again when it could).
        if !crate::reserve::ensure(&self.dir) {
            let mb = crate::reserve::RESERVE_BYTES >> 20;
            note(
                (
                    format!(
                        "er is geen ruimte vrijgehouden voor vernietigingen: de schijf heeft geen \
                         plaats voor het reservebestand van {mb} MB, dus een vernietiging op een \
                         volle schijf kan mislukken; maak ruimte vrij"
                    ),
                    format!(
                        "no room is kept for deletions: the disk has no space for the {mb} MB \
                         reserve file, so a deletion on a full disk could fail; free some space"
                    ),
                ),
                false,
            );
        }
        // Leftovers.
        let swept = self.clean_leftovers()?;
        for name in swept.removed {
            note(
                (
                    format!(
                        "{name} verwijderd: achtergebleven na een onderbroken import of \
                         vernietiging"
                    ),
                    format!("removed {name}, left behind by an interrupted import or deletion"),
                ),
                true,
            );
        }
        for blob in swept.lost {
            note(
                (
                    format!(
                        "de delen van blob {blob} staan nog in de database: het logboek zegt dat                          ze bij een item horen dat nooit is vernietigd, maar geen item verwijst                          ernaar; de database is dat item kwijt (zet het terug uit een oudere                          kopie)"
                    ),
                    format!(
                        "the rows of blob {blob} are kept in the database: the log says they                          belong to an item that was never deleted, yet no item row points at                          them; the database has lost that item (put it back from an older copy)"
                    ),
                ),
                false,
            );
        }
        for name in swept.quarantined {
            note(
                (
                    format!(
                        "{name} in quarantaine gezet: geen item verwijst ernaar (zie hieronder)"
                    ),
                    format!("moved {name} to quarantine: no item points at it (see below)"),
                ),
                true,
            );
        }
        // What is in quarantine: a file the log says belongs to a live item is a problem.
        let quarantine = self.quarantined()?;
        for q in &quarantine {
            if q.lost {
                let line = format!("{}: {}", q.file, q.log);
                note((line.clone(), line), false);
            }
        }
        // Every live item: its row reads, its blob is there at its size, its key unwraps, its
        // recorded details open, and (deep) its content hashes right.
        let ids: Vec<i64> = self.conn.all(Q::LiveItemIds, args![], |r| r.get(0))?;
        let listed = self.blob_list()?;
        let mut rehashed = 0;
        for id in &ids {
            let row = match crate::rows::load_row(self.db(), *id) {
                Ok(r) => r,
                Err(e) => {
                    note(
                        (
                            format!(
                                "de rij van item {id} kan niet worden gelezen: {}",
                                e.text(Lang::Nl)
                            ),
                            format!("item {id}'s row cannot be read: {e}"),
                        ),
                        false,
                    );
                    continue;
                }
            };
            if let Err(e) = self.blob_path(&row.blob) {
                note(
                    (
                        format!("item {id}: {}", e.text(Lang::Nl)),
                        format!("item {id}: {e}"),
                    ),
                    false,
                );
                continue;
            }
            // Listed above, or (imported since) looked up now.
            let held = match listed.get(&row.blob) {
                Some(h) => Some(*h),
                None => self.blob_held(&row.blob)?,
            };
            let Some(held) = held else {
                note(
                    (
                        format!("de opname van item {id} ontbreekt in de kluis"),
                        format!("item {id}'s recording is missing from the vault"),
                    ),
                    false,
                );
                continue;
            };
            if held.missing_rows > 0 {
                let (missing, rows) = (held.missing_rows, held.rows);
                note(
                    (
                        format!(
                            "van de opname van item {id} ontbreken {missing} van de {rows} \
                             delen in de database: ze zijn verwijderd"
                        ),
                        format!(
                            "item {id}'s recording lacks {missing} of its {rows} chunk rows in \
                             the database: they were removed"
                        ),
                    ),
                    false,
                );
                continue;
            }
            let on_disk = held.size;
            // Without decrypting: a file cut short or grown is seen from its size alone.
            let expected = vault::sealed_len(u64::try_from(row.size).unwrap_or(0));
            if on_disk != expected {
                note(
                    (
                        format!(
                            "de opname van item {id} is {on_disk} bytes in de kluis waar er \
                             {expected} zijn geschreven: ze is ingekort of veranderd"
                        ),
                        format!(
                            "item {id}'s recording is {on_disk} bytes in the vault where {expected} \
                             were written: it was cut short or altered"
                        ),
                    ),
                    false,
                );
                continue;
            }
            let keys = match self.item_keys(&row) {
                Ok(Some(k)) => k,
                Ok(None) => continue,
                Err(e) => {
                    note(
                        (
                            format!("item {id}: {}", e.text(Lang::Nl)),
                            format!("item {id}: {e}"),
                        ),
                        false,
                    );
                    continue;
                }
            };
            if let Some(sealed) = &row.sealed
                && let Err(e) =
                    crate::crypto::open_str(&keys.fields, &Place::item_fields(*id), sealed)
            {
                note(
                    (
                        format!(
                            "de vastgelegde gegevens van item {id} gaan niet open: {}",
                            e.text(Lang::Nl)
                        ),
                        format!("item {id}'s recorded details cannot be opened: {e}"),
                    ),
                    false,
                );
            }
            if deep {
                let f = self.open_blob(*id, &row.blob)?;
                match vault::rehash(f, &keys.blob) {
                    Ok((n, h)) if h == row.sha256 && n as i64 == row.size => rehashed += 1,
                    Ok(_) => note(
                        (
                            format!("de opname van item {id} past niet meer bij haar SHA-256"),
                            format!("item {id}'s recording no longer matches its SHA-256"),
                        ),
                        false,
                    ),
                    Err(e) => note(
                        (
                            format!("de opname van item {id} kan niet worden gelezen: {e}"),
                            format!("item {id}: {e}"),
                        ),
                        false,
                    ),
                }
            }
        }
        // (deep) Every other sealed value of every row opens where it is: one altered, or moved
        // from another row, column, table or item, is named by its table, row and column.
        if deep {
            let others: Vec<Column> = Column::ALL
                .into_iter()
                .filter(|c| !matches!(c, Column::ItemKey | Column::ItemFields))
                .collect();
            for e in self.unopened(&others)? {
                note(both(&e), false);
            }
        }
        // The database's own checks: damage, references that lead nowhere, text that is not.
        for problem in self.db().check()? {
            note((format!("de database meldt: {problem}"), problem), false);
        }
        // The audit chain, replayed: every fact the gate decides from, as the log says it is,
        // against the tables.
        let mut differences = Vec::new();
        let entries = match self.replay_check() {
            Ok(r) => {
                for d in &r.differences {
                    note(
                        (
                            format!("het logboek en de tabellen verschillen: {}", d.problem),
                            d.problem.clone(),
                        ),
                        false,
                    );
                }
                differences = r.differences;
                r.events
            }
            Err(e) => {
                note(both(&e), false);
                0
            }
        };
        // Every entry against its leaf, and the leaves against the newest checkpoint kept: a
        // chain recomputed over edited entries, with the tree left as it was, is found here.
        if let Some(cp) = self.newest_kept_note()?
            && let Err(e) = self.audit_verify_checkpoint(&cp, None)
        {
            note(both(&e), false);
        }
        let _ = self.dir.join(DB_FILE);
        Ok(DoctorReport {
            findings,
            items_checked: ids.len() as u64,
            blobs_rehashed: rehashed,
            audit_entries: entries,
            differences,
            quarantine,
        })
    }
}

/// Used by tests and the doctor: whether a path is private to the user.
pub fn is_private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o077 == 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use std::os::unix::ffi::OsStrExt;

    use crate::testutil;

    /// Sets a folder's time of change back (as if nothing had happened to it since).
    fn set_mtime(dir: &std::path::Path, secs: i64, nsec: i64) {
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).expect("path");
        let t = libc::timespec {
            tv_sec: secs,
            tv_nsec: nsec,
        };
        let times = [t, t];
        // SAFETY: a NUL-terminated path and two valid timespecs.
        let rc = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times.as_ptr(), 0) };
        assert_eq!(rc, 0);
    }

    #[test]
    fn an_open_looks_at_the_vault_only_when_it_changed_since_a_clean_sweep() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let mut s = testutil::store(tmp.path());
        testutil::import(&mut s, tmp.path(), "a.opus");
        let store = tmp.path().join("store");
        let vault = store.join("vault");
        let reopen = || {
            crate::Store::open(&store, Some(&tmp.path().join("key")), crate::system_clock())
                .expect("open")
        };
        drop(reopen()); // a clean sweep, remembered
        assert!(store.join("swept").is_file());

        // An interrupted import's part file changes the folder: the next open removes it.
        let part = vault.join(format!("{}.part", "ab".repeat(16)));
        std::fs::write(&part, b"half").expect("part");
        drop(reopen());
        assert!(!part.exists(), "removed at open");

        // A leftover whose arrival the folder's time does not show is not looked for at open
        // (that is the saving) ...
        drop(reopen());
        let m = std::fs::metadata(&vault).expect("vault");
        let orphan = vault.join(format!("{}.esv", "cd".repeat(16)));
        std::fs::write(&orphan, b"nobody's").expect("orphan");
        set_mtime(&vault, m.mtime(), m.mtime_nsec());
        drop(reopen());
        assert!(orphan.exists());
        // ... but `doctor` always looks. The log knows nothing of it: it is kept aside in
        // quarantine, not deleted, and listed.
        let mut s = reopen();
        let r = s.doctor("lea", false).expect("doctor");
        assert!(!orphan.exists());
        let kept = vault
            .join("quarantine")
            .join(format!("{}.esv", "cd".repeat(16)));
        assert_eq!(std::fs::read(&kept).expect("kept"), b"nobody's");
        assert!(r.healthy(), "{:?}", r.findings);
        assert!(
            r.findings.iter().any(|f| f.problem.contains("cdcdcdcd")),
            "{:?}",
            r.findings
        );
        assert_eq!(r.quarantine.len(), 1);
        assert_eq!(r.quarantine[0].item, None);
        assert!(r.quarantine[0].log.contains("knows nothing"));
        // A second file of the same name does not overwrite the first.
        std::fs::write(&orphan, b"another").expect("orphan");
        drop(reopen());
        assert_eq!(std::fs::read(&kept).expect("kept"), b"nobody's");
        let second = vault
            .join("quarantine")
            .join(format!("{}.1.esv", "cd".repeat(16)));
        assert_eq!(std::fs::read(&second).expect("second"), b"another");
    }
}
