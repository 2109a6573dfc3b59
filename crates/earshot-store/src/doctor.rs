//! The store's own health: leftovers of interrupted imports and deletions swept at open, and
//! `doctor`, which checks files, modes, the database, the vault and the audit chain.

use std::collections::HashSet;
use std::fs::{self, File};
use std::path::Path;

use serde::Serialize;

use super::{DB_FILE, Result, Store, StoreError, VAULT_DIR, fsutil, vault};

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

impl Store {
    // ----- leftovers and the doctor -----

    /// Blobs that items with a live key point at.
    fn live_blobs(&self) -> Result<HashSet<String>> {
        let mut st = self
            .conn
            .prepare("SELECT blob FROM items WHERE wrapped_key IS NOT NULL")?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<HashSet<String>>>()?;
        Ok(v)
    }

    /// Removes what interrupted imports and deletions left in the vault: `.part` files and
    /// blobs no live item points at, once no running process holds them.
    pub(crate) fn clean_leftovers(&self) -> Result<Vec<String>> {
        let dir = self.vault_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::Io(format!("cannot read the vault: {e}"))),
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
                continue;
            };
            if f.try_lock().is_err() {
                continue;
            }
            if !part && self.live_blobs()?.contains(&stem) {
                continue; // committed while we looked
            }
            if fs::remove_file(e.path()).is_ok() {
                removed.push(name);
            }
        }
        if !removed.is_empty() {
            fsutil::sync_dir(&dir)?;
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
        for dir in [self.dir.clone(), self.dir.join(VAULT_DIR)] {
            for e in fs::read_dir(&dir)
                .map_err(|e| StoreError::Io(e.to_string()))?
                .flatten()
            {
                let p = e.path();
                if p.is_file() && fsutil::ensure_mode(&p, 0o600)? {
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
        // SQLite's own check.
        let ic: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ic != "ok" {
            note(format!("the database reports damage: {ic}"), false);
        }
        // Leftovers.
        for name in self.clean_leftovers()? {
            note(
                format!("removed {name}, left behind by an interrupted import or deletion"),
                true,
            );
        }
        // Every live item has its blob, its key unwraps, and (deep) its content hashes right.
        let mut st = self.conn.prepare(
            "SELECT id, blob, sha256, size FROM items WHERE wrapped_key IS NOT NULL ORDER BY id",
        )?;
        let items = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(st);
        let mut rehashed = 0;
        for (id, blob, sha, size) in &items {
            let path = match self.blob_path(blob) {
                Ok(p) => p,
                Err(e) => {
                    note(format!("item {id}: {e}"), false);
                    continue;
                }
            };
            if !path.is_file() {
                note(
                    format!("item {id}'s recording is missing from the vault"),
                    false,
                );
                continue;
            }
            // Without decrypting: a file cut short or grown is seen from its size alone.
            let on_disk = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let expected = vault::sealed_len(u64::try_from(*size).unwrap_or(0));
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
            let row = crate::rows::load_row(&self.conn, *id)?;
            let keys = match self.item_keys(&row) {
                Ok(Some(k)) => k,
                Ok(None) => continue,
                Err(e) => {
                    note(format!("item {id}: {e}"), false);
                    continue;
                }
            };
            if deep {
                let f = File::open(&path).map_err(|e| StoreError::Io(e.to_string()))?;
                match vault::rehash(f, &keys.blob) {
                    Ok((n, h)) if h == *sha && n as i64 == *size => rehashed += 1,
                    Ok(_) => note(
                        format!("item {id}'s recording no longer matches its SHA-256"),
                        false,
                    ),
                    Err(e) => note(format!("item {id}: {e}"), false),
                }
            }
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
            items_checked: items.len() as u64,
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
