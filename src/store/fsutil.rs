//! Small file-system helpers: private directories and files, durable renames.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use super::StoreError;

/// Creates a directory (and missing parents) readable only by the user.
pub fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| StoreError::Setup(format!("cannot create {}: {e}", dir.display())))
}

/// Makes sure a path has exactly the given mode; returns whether it had to change.
pub fn ensure_mode(path: &Path, mode: u32) -> Result<bool, StoreError> {
    let meta = fs::metadata(path)
        .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", path.display())))?;
    if meta.permissions().mode() & 0o777 == mode {
        return Ok(false);
    }
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| {
        StoreError::Io(format!("cannot change the mode of {}: {e}", path.display()))
    })?;
    Ok(true)
}

/// Flushes a directory entry (after a rename or a removal) to disk.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::Io(format!("cannot sync {}: {e}", dir.display())))
}
