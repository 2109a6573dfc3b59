//! The store's own health: leftovers of interrupted imports and deletions swept at open, and
//! `doctor`, which checks files, modes, the database, the vault and the audit chain.

use crate::backend::{DbExt, Q, args};
use std::collections::HashSet;
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde::Serialize;

use super::{DB_FILE, Result, Store, StoreError, VAULT_DIR, fsutil, vault};
use crate::crypto::{Column, Place};
use crate::msg::{ItemMsg, StoreMsg};

/// One problem the doctor found, and whether it repaired it.
#[derive(Debug, Clone, Serialize)]
pub struct DoctorFinding {
    pub problem: String,
    pub repaired: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    pub findings: Vec<DoctorFinding>,
    pub items_checked: u64,
    pub blobs_rehashed: u64,
    pub audit_entries: u64,
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

    /// Removes what interrupted imports and deletions left in the vault: `.part` files and
    /// blobs no live item points at, once no running process holds them.
    pub(crate) fn clean_leftovers(&self) -> Result<Vec<String>> {
        self.sweep(false)
    }

    /// [`Store::clean_leftovers`] at open: skipped when the vault folder has not changed since
    /// a sweep found it clean. A folder's time of change moves with every file made, renamed
    /// or removed in it, so an interrupted import or deletion always makes the next open look;
    /// an unchanged vault of 100,000 recordings is not read at every command.
    pub(crate) fn clean_leftovers_at_open(&self) -> Result<Vec<String>> {
        self.sweep(true)
    }

    fn sweep(&self, skip_if_unchanged: bool) -> Result<Vec<String>> {
        let dir = self.vault_dir();
        let marker = self.dir.join(SWEPT_FILE);
        let changed = vault_changed_at(&dir);
        if skip_if_unchanged
            && let Some(t) = &changed
            && fs::read_to_string(&marker).is_ok_and(|m| m.trim() == t)
        {
            return Ok(Vec::new());
        }
        // Anything left that might still be someone's (locked, or not removable) means the next
        // open must look again.
        let mut unsure = false;
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
        let mut live = None;
        let mut removed = Vec::new();
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
            if fs::remove_file(e.path()).is_ok() {
                removed.push(name);
            } else {
                unsure = true;
            }
        }
        if !removed.is_empty() {
            fsutil::sync_dir(&dir)?;
        }
        // The time of change read before the sweep: a file made during it changed the folder
        // again, and the next open looks.
        if !unsure
            && removed.is_empty()
            && let Some(t) = changed
        {
            let _ = fsutil::write_private_small(&marker, t.as_bytes());
        }
        Ok(removed)
    }

    /// Checks the store and repairs what can be repaired; `deep` re-hashes every recording.
    pub fn doctor(&mut self, actor: &str, deep: bool) -> Result<DoctorReport> {
        self.user(actor)?;
        let mut findings = Vec::new();
        let mut note =
            |problem: String, repaired: bool| findings.push(DoctorFinding { problem, repaired });
        // Modes.
        let mut mode_fixes = Vec::new();
        for (p, mode) in [(self.dir.clone(), 0o700), (self.dir.join(VAULT_DIR), 0o700)] {
            if p.exists() && fsutil::ensure_mode(&p, mode)? {
                mode_fixes.push(p);
            }
        }
        // The vault's files and their sizes, as listed.
        let mut sizes: std::collections::HashMap<std::ffi::OsString, u64> =
            std::collections::HashMap::new();
        for dir in [self.dir.clone(), self.dir.join(VAULT_DIR)] {
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
                // One stat per file (the entry's), which the blob check below reuses.
                let Ok(meta) = e.metadata() else { continue };
                if !meta.is_file() {
                    continue;
                }
                let p = e.path();
                if dir != self.dir {
                    sizes.insert(e.file_name(), meta.len());
                }
                if meta.permissions().mode() & 0o777 != 0o600 && fsutil::ensure_mode(&p, 0o600)? {
                    mode_fixes.push(p);
                }
            }
        }
        for p in mode_fixes {
            note(
                format!("{} could be read by others; made private", p.display()),
                true,
            );
        }
        // Room for a deletion on a full disk (the open made it again when it could).
        if !crate::reserve::ensure(&self.dir) {
            note(
                format!(
                    "no room is kept for deletions: the disk has no space for the {} MB reserve \
                     file, so a deletion on a full disk could fail; free some space",
                    crate::reserve::RESERVE_BYTES >> 20
                ),
                false,
            );
        }
        // Leftovers.
        for name in self.clean_leftovers()? {
            note(
                format!("removed {name}, left behind by an interrupted import or deletion"),
                true,
            );
        }
        // Every live item: its row reads, its blob is there at its size, its key unwraps, its
        // recorded details open, and (deep) its content hashes right.
        let ids: Vec<i64> = self.conn.all(Q::LiveItemIds, args![], |r| r.get(0))?;
        let mut rehashed = 0;
        for id in &ids {
            let row = match crate::rows::load_row(self.db(), *id) {
                Ok(r) => r,
                Err(e) => {
                    note(format!("item {id}'s row cannot be read: {e}"), false);
                    continue;
                }
            };
            let path = match self.blob_path(&row.blob) {
                Ok(p) => p,
                Err(e) => {
                    note(format!("item {id}: {e}"), false);
                    continue;
                }
            };
            // Listed above, or (imported since) looked up now.
            let listed = path.file_name().and_then(|n| sizes.get(n)).copied();
            let on_disk = match listed {
                Some(len) => len,
                None => match fs::metadata(&path) {
                    Ok(m) if m.is_file() => m.len(),
                    _ => {
                        note(
                            format!("item {id}'s recording is missing from the vault"),
                            false,
                        );
                        continue;
                    }
                },
            };
            // Without decrypting: a file cut short or grown is seen from its size alone.
            let expected = vault::sealed_len(u64::try_from(row.size).unwrap_or(0));
            if on_disk != expected {
                note(
                    format!(
                        "item {id}'s recording is {on_disk} bytes in the vault where {expected} \
                         were written: it was cut short or altered"
                    ),
                    false,
                );
                continue;
            }
            let keys = match self.item_keys(&row) {
                Ok(Some(k)) => k,
                Ok(None) => continue,
                Err(e) => {
                    note(format!("item {id}: {e}"), false);
                    continue;
                }
            };
            if let Some(sealed) = &row.sealed
                && let Err(e) =
                    crate::crypto::open_str(&keys.fields, &Place::item_fields(*id), sealed)
            {
                note(
                    format!("item {id}'s recorded details cannot be opened: {e}"),
                    false,
                );
            }
            if deep {
                let f = File::open(&path).map_err(|e| {
                    StoreError::Io(
                        ItemMsg::RecordingMissing {
                            id: *id,
                            detail: e.to_string(),
                        }
                        .into(),
                    )
                })?;
                match vault::rehash(f, &keys.blob) {
                    Ok((n, h)) if h == row.sha256 && n as i64 == row.size => rehashed += 1,
                    Ok(_) => note(
                        format!("item {id}'s recording no longer matches its SHA-256"),
                        false,
                    ),
                    Err(e) => note(format!("item {id}: {e}"), false),
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
                note(e.to_string(), false);
            }
        }
        // The database's own checks: damage, references that lead nowhere, text that is not.
        for problem in self.db().check()? {
            note(problem, false);
        }
        // The audit chain.
        let entries = match self.audit_verify(None) {
            Ok(r) => r.entries,
            Err(e) => {
                note(e.to_string(), false);
                0
            }
        };
        let _ = self.dir.join(DB_FILE);
        Ok(DoctorReport {
            findings,
            items_checked: ids.len() as u64,
            blobs_rehashed: rehashed,
            audit_entries: entries,
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
        // ... but `doctor` always looks.
        let mut s = reopen();
        let r = s.doctor("lea", false).expect("doctor");
        assert!(!orphan.exists());
        assert!(
            r.findings.iter().any(|f| f.problem.contains("cdcdcdcd")),
            "{:?}",
            r.findings
        );
    }
}
