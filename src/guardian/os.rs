//! What the guardian asks the operating system: who is on the other end of a socket, the
//! login name of a uid, and whether the store, the key and the socket's folder are private.

use std::ffi::{CStr, CString};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::Path;

/// The uid of the process on the other end of `s`, from the kernel (SO_PEERCRED): whatever
/// the client says, this is who connected.
pub fn peer_uid(s: &UnixStream) -> std::io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: getsockopt writes at most `len` bytes into `cred`, which is that large.
    let rc = unsafe {
        libc::getsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(cred.uid)
}

/// The login name of `uid`, from the password database.
pub fn login_of(uid: u32) -> Option<String> {
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16384];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, both ours and as large as we say.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points at a NUL-terminated string inside `buf`.
    Some(
        unsafe { CStr::from_ptr(pwd.pw_name) }
            .to_string_lossy()
            .into_owned(),
    )
}

/// The uid of the login `name`, if this machine has it.
pub fn uid_of(name: &str) -> Option<u32> {
    let c = CString::new(name).ok()?;
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16384];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwnam_r reads the NUL-terminated name and writes into our buffers.
    let rc = unsafe {
        libc::getpwnam_r(
            c.as_ptr(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        )
    };
    (rc == 0 && !result.is_null()).then_some(pwd.pw_uid)
}

/// The gid of the group `name`, if this machine has it.
pub fn gid_of(name: &str) -> Option<u32> {
    let c = CString::new(name).ok()?;
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 65536];
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: getgrnam_r reads the NUL-terminated name and writes into our buffers.
    let rc = unsafe {
        libc::getgrnam_r(
            c.as_ptr(),
            &mut grp,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        )
    };
    (rc == 0 && !result.is_null()).then_some(grp.gr_gid)
}

pub fn euid() -> u32 {
    // SAFETY: geteuid cannot fail and touches no memory.
    unsafe { libc::geteuid() }
}

/// Refuses a store file or folder that someone other than its owner (this user) can read,
/// write or enter: the guardian is the only way in.
pub fn check_private(path: &Path, what: &str) -> Result<(), String> {
    let m = std::fs::symlink_metadata(path)
        .map_err(|e| format!("{what} {} cannot be read: {e}", path.display()))?;
    if m.file_type().is_symlink() {
        return Err(format!(
            "{what} {} is a symbolic link; point the guardian at the real path",
            path.display()
        ));
    }
    if m.uid() != euid() {
        return Err(format!(
            "{what} {} belongs to uid {}, not to the guardian's user (uid {}); the guardian must \
             own the store and its key",
            path.display(),
            m.uid(),
            euid()
        ));
    }
    let mode = m.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "{what} {} has mode {mode:04o}: others can reach it, so the guardian refuses to \
             start (run `chmod go= {}`)",
            path.display(),
            path.display()
        ));
    }
    Ok(())
}

/// Refuses a socket path whose folder lets someone else replace it: a symbolic link anywhere
/// in the last step, or a world-writable folder without the sticky bit.
pub fn check_socket_dir(socket: &Path) -> Result<(), String> {
    if let Ok(m) = std::fs::symlink_metadata(socket)
        && m.file_type().is_symlink()
    {
        return Err(format!(
            "the socket path {} is a symbolic link; refusing to use it",
            socket.display()
        ));
    }
    let dir = socket
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let m = std::fs::symlink_metadata(dir)
        .map_err(|e| format!("the socket's folder {} cannot be read: {e}", dir.display()))?;
    if m.file_type().is_symlink() {
        return Err(format!(
            "the socket's folder {} is a symbolic link; use the real path",
            dir.display()
        ));
    }
    let mode = m.permissions().mode();
    let world_writable = mode & 0o002 != 0;
    let sticky = mode & 0o1000 != 0;
    if world_writable && !(sticky && (m.uid() == 0 || m.uid() == euid())) {
        return Err(format!(
            "the socket's folder {} can be written by anyone (mode {:04o}) without the sticky \
             bit of a trusted owner; anyone could replace the socket there",
            dir.display(),
            mode & 0o7777
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn the_kernel_names_the_peer() {
        let (a, _b) = UnixStream::pair().unwrap();
        assert_eq!(peer_uid(&a).unwrap(), euid());
        let me = login_of(euid()).expect("this user has a login");
        assert_eq!(uid_of(&me), Some(euid()));
        assert_eq!(uid_of("no-such-login-earshot"), None);
    }

    #[test]
    fn a_readable_store_file_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("k");
        std::fs::write(&f, b"x").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        let e = check_private(&f, "the key").unwrap_err();
        assert!(e.contains("0640"), "{e}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        check_private(&f, "the key").unwrap();
        let l = d.path().join("l");
        symlink(&f, &l).unwrap();
        assert!(
            check_private(&l, "the key")
                .unwrap_err()
                .contains("symbolic link")
        );
    }

    #[test]
    fn an_unsafe_socket_folder_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let open = d.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = check_socket_dir(&open.join("s.sock")).unwrap_err();
        assert!(e.contains("sticky"), "{e}");
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o1777)).unwrap();
        check_socket_dir(&open.join("s.sock")).unwrap();
        let link = d.path().join("link");
        symlink(&open, &link).unwrap();
        assert!(check_socket_dir(&link.join("s.sock")).is_err());
        let target = d.path().join("t.sock");
        std::fs::write(&target, b"").unwrap();
        let sock_link = open.join("s.sock");
        symlink(&target, &sock_link).unwrap();
        assert!(
            check_socket_dir(&sock_link)
                .unwrap_err()
                .contains("symbolic link")
        );
    }
}
