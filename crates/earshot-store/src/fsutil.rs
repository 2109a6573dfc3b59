//! Small file-system helpers: private directories and files, durable renames.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use super::StoreError;
use crate::msg::StoreMsg;

/// Creates a directory (and missing parents) readable only by the user.
pub fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| {
            StoreError::Setup(
                StoreMsg::Create {
                    path: dir.display().to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })
}

/// Makes sure a path has exactly the given mode; returns whether it had to change.
pub fn ensure_mode(path: &Path, mode: u32) -> Result<bool, StoreError> {
    let meta = fs::metadata(path).map_err(|e| {
        StoreError::Io(
            StoreMsg::Read {
                path: path.display().to_string(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    if meta.permissions().mode() & 0o777 == mode {
        return Ok(false);
    }
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| {
        StoreError::Io(
            StoreMsg::ChangeMode {
                path: path.display().to_string(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    Ok(true)
}

/// Flushes a directory entry (after a rename or a removal) to disk.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| {
        StoreError::Io(
            StoreMsg::Sync {
                path: dir.display().to_string(),
                detail: e.to_string(),
            }
            .into(),
        )
    })
}

/// Writes to a file and asks the kernel to start writing each 8 MiB to disk as soon as it is
/// written, so the fsync at the end does not have to wait for the whole file.
pub struct Writeback<'a> {
    file: &'a std::fs::File,
    pos: u64,
    started: u64,
}

const WRITEBACK_EVERY: u64 = 8 << 20;

impl<'a> Writeback<'a> {
    pub fn new(file: &'a std::fs::File) -> Self {
        Writeback {
            file,
            pos: 0,
            started: 0,
        }
    }
}

impl std::io::Write for Writeback<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = (&*self.file).write(buf)?;
        self.pos += n as u64;
        if self.pos - self.started >= WRITEBACK_EVERY {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid descriptor and a range inside what was written. Failure only
            // means the final fsync does all the work.
            unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    self.started as libc::off64_t,
                    (self.pos - self.started) as libc::off64_t,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
            self.started = self.pos;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes a small private file (0600) whole or not at all: a temporary file renamed over it.
pub fn write_private_small(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let tmp = path.with_extension("tmp");
    let _ = fs::remove_file(&tmp);
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(bytes)?;
    drop(f);
    fs::rename(&tmp, path)
}
