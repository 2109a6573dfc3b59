//! Room kept for deletion. The right to erasure must not wait for someone to free disk space:
//! the store keeps a file of [`RESERVE_BYTES`] allocated blocks in its folder, and a deletion
//! that finds the disk full gives it up and tries once more. The file is made again (when the
//! disk has room) by the next open of the store.
//!
//! The blocks are really allocated (`posix_fallocate`, or zeros written where a file system
//! cannot), never a sparse file that would hold no room at all.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The reserve's name in the store folder.
pub const RESERVE_FILE: &str = "reserve";
/// Enough for a deletion's transaction, its WAL frames and the checkpoint after it, many
/// times over.
pub const RESERVE_BYTES: u64 = 8 << 20;

fn path(dir: &Path) -> PathBuf {
    dir.join(RESERVE_FILE)
}

/// Whether the whole reserve is in place.
pub fn in_place(dir: &Path) -> bool {
    fs::symlink_metadata(path(dir))
        .is_ok_and(|m| m.file_type().is_file() && m.len() >= RESERVE_BYTES)
}

/// Makes the reserve if it is missing or short; false when the disk has no room for it (it is
/// tried again at the next open). Written under a temporary name and renamed, so a half-made
/// reserve is never taken for a whole one.
pub fn ensure(dir: &Path) -> bool {
    if in_place(dir) {
        return true;
    }
    let tmp = dir.join(format!("{RESERVE_FILE}.part"));
    let _ = fs::remove_file(&tmp);
    let made = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|f| {
            allocate(&f)?;
            f.sync_all()
        })
        .and_then(|()| fs::rename(&tmp, path(dir)));
    if made.is_err() {
        let _ = fs::remove_file(&tmp);
        return false;
    }
    true
}

fn allocate(f: &File) -> std::io::Result<()> {
    // SAFETY: a valid open descriptor; the range is within i64.
    let rc = unsafe { libc::posix_fallocate(f.as_raw_fd(), 0, RESERVE_BYTES as libc::off_t) };
    match rc {
        0 => Ok(()),
        libc::EOPNOTSUPP | libc::EINVAL => {
            let zeros = vec![0u8; 1 << 20];
            let mut w = f;
            for _ in 0..RESERVE_BYTES / zeros.len() as u64 {
                w.write_all(&zeros)?;
            }
            Ok(())
        }
        e => Err(std::io::Error::from_raw_os_error(e)),
    }
}

/// Gives the reserve up to make room; true when there was one to give.
pub fn release(dir: &Path) -> bool {
    let had = fs::symlink_metadata(path(dir)).is_ok_and(|m| m.file_type().is_file());
    had && fs::remove_file(path(dir)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn the_reserve_holds_real_blocks_is_private_and_can_be_given_up() {
        let t = tempfile::tempdir().expect("tmp");
        assert!(!in_place(t.path()));
        assert!(ensure(t.path()));
        let m = fs::metadata(path(t.path())).expect("made");
        assert_eq!(m.len(), RESERVE_BYTES);
        // Allocated, not sparse: the blocks are there.
        assert!(m.blocks() * 512 >= RESERVE_BYTES, "{} blocks", m.blocks());
        assert_eq!(m.mode() & 0o777, 0o600);
        assert!(!t.path().join("reserve.part").exists());
        assert!(ensure(t.path()), "a second call keeps it");
        assert!(release(t.path()));
        assert!(!in_place(t.path()));
        assert!(!release(t.path()), "nothing left to give");
    }

    #[test]
    fn a_short_reserve_is_made_whole() {
        let t = tempfile::tempdir().expect("tmp");
        fs::write(path(t.path()), b"short").expect("write");
        assert!(!in_place(t.path()));
        assert!(ensure(t.path()));
        assert!(in_place(t.path()));
    }
}
