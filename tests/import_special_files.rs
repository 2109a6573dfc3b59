//! Importing something that is not a regular file is refused at once: a FIFO must never make
//! `earshot import` wait for a writer that will not come.

mod common;

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::time::{Duration, Instant};

use common::TestStore;

#[test]
fn importing_a_fifo_is_refused_at_once_not_a_hang() {
    let s = TestStore::new();
    let fifo = s.tmp.path().join("voice.opus");
    let c = CString::new(fifo.as_os_str().as_bytes()).expect("path without NUL");
    // SAFETY: mkfifo reads a valid NUL-terminated path.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo failed");

    let started = Instant::now();
    let mut child = s
        .command(
            "wim",
            &[
                "import",
                fifo.to_str().expect("utf-8 path"),
                "--case",
                "C-1",
                "--received-by",
                "wim",
                "--channel",
                "upload",
            ],
        )
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run earshot");
    // Wait for the process to end; a hang is killed after a generous bound so the test fails
    // instead of blocking the suite.
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().ok();
            child.wait().ok();
            panic!("import of a FIFO still waiting after 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let mut err = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read stderr");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("not a file"), "{err}");
    eprintln!("FIFO refused in {} ms", elapsed.as_millis());
    // Nothing was imported, nothing logged as an import.
    let q = s.json("lea", &["queue"]);
    assert_eq!(q.as_array().map(Vec::len), Some(0), "{q}");
}
