//! Where a command's words, questions and files go.
//!
//! In single-user mode: this process's standard streams, terminal and file system. Inside the
//! guardian (`earshot serve`) a command runs for a client on the other end of a socket: its
//! output, its questions (a PIN), the files it reads or writes and the signals that stop it all
//! travel over that connection, through a [`Conduit`]. The guardian never opens a path on a
//! user's behalf: a file named on the command line is read or written by the client, as that
//! user, and only the bytes cross.

use std::cell::RefCell;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;
use std::rc::Rc;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::core::lang::Lang;
use crate::store::{ItemMsg, Store, StoreError, StoreMsg, TextFile};

/// The client's side of one command run inside the guardian.
pub trait Conduit {
    /// Bytes for the client's standard output.
    fn out(&self, bytes: &[u8]) -> io::Result<()>;
    /// Bytes for the client's standard error.
    fn err(&self, bytes: &[u8]) -> io::Result<()>;
    /// Whether the client's standard input / error is a terminal.
    fn stdin_is_terminal(&self) -> bool;
    fn stderr_is_terminal(&self) -> bool;
    /// One line of the client's standard input (none at its end).
    fn read_line(&self) -> io::Result<Option<String>>;
    /// Something typed at the client's terminal without echo (a PIN).
    fn ask_secret(&self, prompt: &str) -> io::Result<String>;
    /// The bytes of a file the client named on its command line.
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Writes a file the client named on its command line (0600; an existing file only with
    /// `force`).
    fn write_file(&self, path: &Path, bytes: &[u8], force: bool) -> io::Result<()>;
    /// Says whether `paths` could be written (none exists unless `force`, none is a folder).
    fn check_writable(&self, paths: &[&Path], force: bool) -> io::Result<()>;
    /// The signal the client forwarded (Ctrl-C: 2), if any; 1 (SIGHUP) once it went away.
    fn interrupted(&self) -> Option<i32>;
}

/// A command running inside the guardian: who asked (from the kernel, never from the client),
/// in which language, and how to reach them and the store.
pub struct Guarded {
    pub user: String,
    pub lang: Lang,
    pub conduit: Rc<dyn Conduit>,
    /// A fresh handle on the guardian's store.
    pub open: Box<dyn Fn() -> Result<Store, StoreError>>,
}

thread_local! {
    static GUARDED: RefCell<Option<Rc<Guarded>>> = const { RefCell::new(None) };
}

/// Runs `f` as a command inside the guardian for `g`'s client.
pub fn run_guarded<R>(g: Guarded, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            GUARDED.with(|c| *c.borrow_mut() = None);
        }
    }
    GUARDED.with(|c| *c.borrow_mut() = Some(Rc::new(g)));
    let _reset = Reset;
    f()
}

/// The guardian's context, when this command runs inside it.
pub fn guarded() -> Option<Rc<Guarded>> {
    GUARDED.with(|c| c.borrow().clone())
}

/// Writes to standard output (the client's, inside the guardian).
pub fn out(bytes: &[u8]) -> io::Result<()> {
    match guarded() {
        Some(g) => g.conduit.out(bytes),
        None => {
            let mut o = io::stdout().lock();
            o.write_all(bytes)?;
            o.flush()
        }
    }
}

/// Writes to standard error (the client's, inside the guardian).
pub fn err(bytes: &[u8]) -> io::Result<()> {
    match guarded() {
        Some(g) => g.conduit.err(bytes),
        None => {
            let mut e = io::stderr().lock();
            e.write_all(bytes)?;
            e.flush()
        }
    }
}

/// A line on standard error; a failure to write it is not worth failing the command for.
pub fn err_line(text: &str) {
    let _ = err(format!("{text}\n").as_bytes());
}

pub fn stdin_is_terminal() -> bool {
    match guarded() {
        Some(g) => g.conduit.stdin_is_terminal(),
        None => io::stdin().is_terminal(),
    }
}

pub fn stderr_is_terminal() -> bool {
    match guarded() {
        Some(g) => g.conduit.stderr_is_terminal(),
        None => io::stderr().is_terminal(),
    }
}

/// One line of standard input without its line ending; none at the end of input.
pub fn read_line() -> io::Result<Option<String>> {
    match guarded() {
        Some(g) => g.conduit.read_line(),
        None => {
            let mut line = String::new();
            if io::stdin().lock().read_line(&mut line)? == 0 {
                return Ok(None);
            }
            Ok(Some(line.trim_end_matches(['\r', '\n']).to_string()))
        }
    }
}

/// Asks for a secret at the terminal, without echo.
pub fn ask_secret(prompt: &str) -> io::Result<String> {
    match guarded() {
        Some(g) => g.conduit.ask_secret(prompt),
        None => rpassword::prompt_password(prompt),
    }
}

/// The bytes of a file named on the command line.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    match guarded() {
        Some(g) => g.conduit.read_file(path),
        None => std::fs::read(path),
    }
}

/// A text file named on the command line (UTF-8), with what it is for in the error.
pub fn read_text_file(path: &Path, what: TextFile) -> Result<String, StoreError> {
    match guarded() {
        None => crate::store::items::read_text_file(path, what),
        Some(g) => {
            let shown = path.display().to_string();
            let bytes = g.conduit.read_file(path).map_err(|e| {
                StoreError::BadInput(
                    ItemMsg::TextFileUnreadable {
                        what,
                        shown: shown.clone(),
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?;
            if bytes.len() > 1 << 20 {
                return Err(StoreError::BadInput(
                    ItemMsg::TextFileTooLarge { what, shown }.into(),
                ));
            }
            String::from_utf8(bytes)
                .map_err(|_| StoreError::BadInput(ItemMsg::TextFileNotText { what, shown }.into()))
        }
    }
}

/// Writes a document the user asked for, private to them (0600), refusing to overwrite unless
/// `force`; returns the SHA-256 of what was written.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<String, StoreError> {
    match guarded() {
        None => crate::store::due::write_private(path, bytes, force),
        Some(g) => {
            g.conduit.write_file(path, bytes, force).map_err(|e| {
                StoreError::Io(
                    StoreMsg::Write {
                        path: path.display().to_string(),
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?;
            use sha2::Digest as _;
            Ok(hex::encode(sha2::Sha256::digest(bytes)))
        }
    }
}

/// Inside the guardian: asks the client whether `paths` could be written. None in
/// single-user mode, where the caller looks itself.
pub fn client_check_writable(paths: &[&Path], force: bool) -> Option<io::Result<()>> {
    guarded().map(|g| g.conduit.check_writable(paths, force))
}

/// Whether the command was asked to stop (a signal here, or one the client forwarded).
pub fn stop_requested() -> bool {
    match guarded() {
        Some(g) => g.conduit.interrupted().is_some(),
        None => crate::signals::stop_requested(),
    }
}

/// The signal that stopped the command, 0 if none.
pub fn last_signal() -> i32 {
    match guarded() {
        Some(g) => g.conduit.interrupted().unwrap_or(0),
        None => crate::signals::last_signal(),
    }
}

/// Bumped after every command the guardian runs, so that watchers look at once instead of on
/// their next tick.
static CHANGES: (Mutex<u64>, Condvar) = (Mutex::new(0), Condvar::new());

/// Says that something may have changed (the guardian, after each command).
pub fn changed() {
    if let Ok(mut n) = CHANGES.0.lock() {
        *n = n.wrapping_add(1);
        CHANGES.1.notify_all();
    }
}

/// The current change count, to wait from.
pub fn change_count() -> u64 {
    CHANGES.0.lock().map(|n| *n).unwrap_or(0)
}

/// Waits until the change count moves past `seen`, or `timeout` passes (changes made by
/// another process are seen then); returns the count.
pub fn wait_for_change(seen: u64, timeout: Duration) -> u64 {
    let Ok(n) = CHANGES.0.lock() else {
        std::thread::sleep(timeout);
        return seen;
    };
    match CHANGES.1.wait_timeout_while(n, timeout, |n| *n == seen) {
        Ok((n, _)) => *n,
        Err(_) => seen,
    }
}
