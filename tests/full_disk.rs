//! On a full disk, earshot says the disk is full, and a deletion still goes through: the store
//! keeps a reserve of room that a deletion gives up. Run on a real, small file system (a tmpfs
//! mounted for the test, so root; CI runs it as root).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TestStore, assert_code};

/// A tmpfs mounted on a folder for the length of the test.
struct Mounted(PathBuf);

impl Mounted {
    /// None when this machine does not let even root mount (a container without
    /// CAP_SYS_ADMIN); the test then says it was skipped.
    fn new(at: &Path, size: &str) -> Option<Mounted> {
        std::fs::create_dir_all(at).unwrap();
        let o = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .output()
            .unwrap();
        if !o.status.success() {
            eprintln!(
                "skipped: cannot mount a small file system here: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            return None;
        }
        Some(Mounted(at.to_path_buf()))
    }

    fn free_bytes(&self) -> u64 {
        let c = std::ffi::CString::new(self.0.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: an all-zero statvfs is valid; statvfs fills it from a NUL-terminated path.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::statvfs(c.as_ptr(), &mut st) }, 0);
        st.f_bavail as u64 * st.f_frsize as u64
    }

    /// Writes a file until the file system has no room left.
    fn fill(&self) {
        let mut f = std::fs::File::create(self.0.join("filler")).unwrap();
        for size in [1 << 16, 1 << 12, 1] {
            let chunk = vec![7u8; size];
            while f.write_all(&chunk).is_ok() {}
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn on_a_full_disk_earshot_says_so_and_a_deletion_still_goes_through() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: mounting a small file system needs root (CI runs this test as root)");
        return;
    }
    // Nobody else has the store open: the deletion's own open of the database needs room.
    deletion_on_a_full_disk(false);
    // Another connection holds the database open (as the guardian does): the open needs no
    // room, the deletion's transaction does.
    deletion_on_a_full_disk(true);
}

fn deletion_on_a_full_disk(held_open: bool) {
    let s = TestStore::empty();
    let Some(disk) = Mounted::new(&s.store_dir(), "24m") else {
        return;
    };
    let s = s.with_team();
    let reserve = s.store_dir().join("reserve");
    assert!(
        std::fs::metadata(&reserve).unwrap().len() >= 8 << 20,
        "the store keeps room for deletions"
    );
    let a = s.import("voice.opus");
    let b = s.import("voice.mp3");
    s.describe(a);
    let blob: String = s
        .raw_db()
        .query_row("SELECT blob FROM items WHERE id = ?1", [a], |r| r.get(0))
        .unwrap();

    let held = held_open.then(|| {
        let c = s.raw_db();
        c.query_row("SELECT COUNT(*) FROM items", [], |r| r.get::<_, i64>(0))
            .unwrap();
        c
    });
    disk.fill();
    assert!(
        disk.free_bytes() <= 8 << 10,
        "{} bytes free",
        disk.free_bytes()
    );

    // Ordinary work fails, and says why in words.
    let o = s.import_into("voice.flac", "C-1", &[]);
    assert_code(&o, 1, &["import"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("disk holding the store is full"), "{err}");
    assert!(!err.contains("disk I/O error"), "{err}");

    // A deletion goes through all the same, with its certificate.
    let certs = s.tmp.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    let v = s.json_stdin_ok(
        "lea",
        &[
            "delete",
            &a.to_string(),
            "--reason",
            "verzoek van de moeder",
            "--requested-by",
            "Maria Jansen",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            certs.to_str().unwrap(),
            "--lang",
            "en",
        ],
        "654321\n",
    );
    assert_eq!(v["deleted"], true, "{v}");
    for f in ["md", "html", "json"] {
        let p = v["certificate"][f].as_str().unwrap();
        assert!(Path::new(p).is_file(), "{p}");
    }
    assert!(
        !s.store_dir().join(format!("vault/{blob}.esv")).exists(),
        "the recording is gone"
    );
    let shown = s.json("lea", &["show", &a.to_string()]);
    assert!(shown["deleted_at"].is_string(), "{shown}");
    let log = s.json("lea", &["audit", "log"]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "item.delete" && e["item"] == a),
        "{log}"
    );
    assert!(s.ok("lea", &["audit", "verify"]).contains("intact"));
    assert!(
        !reserve.exists(),
        "the deletion made its room from the reserve"
    );
    drop(held);

    // With room again, the next open keeps the reserve again; the other item is untouched.
    std::fs::remove_file(s.store_dir().join("filler")).unwrap();
    assert_eq!(s.json("wim", &["show", &b.to_string()])["id"], b);
    assert!(std::fs::metadata(&reserve).unwrap().len() >= 8 << 20);
}

#[test]
fn without_its_reserve_a_deletion_on_a_full_disk_fails_and_says_the_disk_is_full() {
    if common::embedded_only("it damages the embedded store's own files") {
        return;
    }
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: mounting a small file system needs root (CI runs this test as root)");
        return;
    }
    // The control: what the reserve is for. Without it the same deletion cannot be written,
    // is refused in words, and leaves the item as it was.
    let s = TestStore::empty();
    let Some(disk) = Mounted::new(&s.store_dir(), "24m") else {
        return;
    };
    let s = s.with_team();
    let a = s.import("voice.opus");
    std::fs::remove_file(s.store_dir().join("reserve")).unwrap();
    disk.fill();
    // The open before the deletion tries to make the reserve again, and cannot.
    let o = s.run_stdin(
        "lea",
        &[
            "delete",
            &a.to_string(),
            "--reason",
            "verzoek",
            "--requested-by",
            "team",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            s.tmp.path().to_str().unwrap(),
        ],
        "654321\n",
    );
    assert_code(&o, 1, &["delete"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("disk holding the store is full"), "{err}");
    assert!(!s.store_dir().join("reserve").exists());
    // With a little room, but not enough for the reserve, the doctor says that none is kept.
    let filler = s.store_dir().join("filler");
    let len = std::fs::metadata(&filler).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(len - (1 << 20))
        .unwrap();
    let o = s.run("lea", &["doctor"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("no room is kept for deletions"), "{out}");
    std::fs::remove_file(s.store_dir().join("filler")).unwrap();
    let shown = s.json("lea", &["show", &a.to_string()]);
    assert!(shown["deleted_at"].is_null(), "{shown}");
}
