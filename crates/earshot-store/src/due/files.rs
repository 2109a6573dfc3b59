//! Files written for a person: created 0600, never replacing one without being asked.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::msg::StoreMsg;
use crate::{Result, StoreError};

/// Creates `path` for writing, 0600, refusing an existing path unless `force`.
pub fn create_private_file(path: &Path, force: bool) -> Result<File> {
    if path.exists() || path.symlink_metadata().is_ok() {
        if !force {
            return Err(StoreError::BadInput(
                StoreMsg::Exists {
                    path: path.display().to_string(),
                }
                .into(),
            ));
        }
        if path.is_dir() {
            return Err(StoreError::BadInput(
                StoreMsg::IsDirectory {
                    path: path.display().to_string(),
                }
                .into(),
            ));
        }
        fs::remove_file(path).map_err(|e| {
            StoreError::Io(
                StoreMsg::Replace {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| {
            StoreError::Io(
                StoreMsg::Write {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })
}

/// Writes bytes to a new private file (0600), durably.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<String> {
    let mut f = create_private_file(path, force)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| {
        StoreError::Io(
            StoreMsg::Write {
                path: path.display().to_string(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    Ok(hex::encode(Sha256::digest(bytes)))
}

/// Hashes what passes through.
pub(super) struct HashingWriter<W> {
    pub(super) inner: W,
    pub(super) hasher: Sha256,
    pub(super) n: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
