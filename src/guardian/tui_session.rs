//! The terminal UI as a client of the guardian. The UI's worker (the part that owns the store
//! and the listening session, `tui::worker`) runs here, in the guardian, as the user the kernel
//! named; the UI on the user's terminal sends it requests and draws its answers, and plays on
//! its own device the sound the guardian streams to it (`ClientTap`, as for `preview`).
//!
//! Nothing the UI sends names who acts: the worker acts as the connection's user, through the
//! same store methods and gate as every command. First the guardian says who that is
//! (`FromWorker::Identity`); then each answer travels as JSON in a `Tui` frame, after
//! `TuiPart`s when it is larger than a frame (a queue of 100,000 items).

use std::io;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use super::frame::{self, Down};
use crate::cli::io::{Conduit, Guarded};
use crate::core::lang::Lang;
use crate::session::{Sink, TapMaker};
use crate::store::Store;
use crate::tui::app::{FromWorker, Request};
use crate::tui::worker::Worker;

/// JSON written straight into frames: every full frame goes out as a `TuiPart` while the
/// rest is still being written, so a queue of 100,000 items never stands whole in memory.
struct Frames<'a> {
    out: &'a mut UnixStream,
    buf: Vec<u8>,
}

impl io::Write for Frames<'_> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(b);
        while self.buf.len() >= frame::MAX_FRAME {
            let rest = self.buf.split_off(frame::MAX_FRAME);
            let full = std::mem::replace(&mut self.buf, rest);
            Down::TuiPart(full).write(self.out)?;
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Sends one answer of the worker to the client.
pub(super) fn send(writer: &Mutex<UnixStream>, m: &FromWorker) -> io::Result<()> {
    let mut w = writer
        .lock()
        .map_err(|_| io::Error::other("the connection's writer failed"))?;
    let mut frames = Frames {
        out: &mut w,
        buf: Vec::with_capacity(64 << 10),
    };
    serde_json::to_writer(&mut frames, m).map_err(io::Error::other)?;
    let last = std::mem::take(&mut frames.buf);
    Down::Tui(last).write(&mut *w)
}

/// How long the UI's client may take to say it wrote a file (as long as a command's client).
const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// The files a grant writes from the terminal UI: like a command's (`cli::io`), written by the
/// client on the user's machine, as the user, in the folder the user typed (the client checks
/// that); the guardian never opens the path. The UI's session asks nothing else of its client.
struct UiFiles {
    writer: Arc<Mutex<UnixStream>>,
    written: Arc<Mutex<Receiver<Result<(), String>>>>,
}

impl UiFiles {
    fn answer(&self) -> io::Result<()> {
        let rx = self
            .written
            .lock()
            .map_err(|_| io::Error::other("the connection's reader failed"))?;
        match rx.recv_timeout(WRITE_WAIT) {
            Ok(r) => r.map_err(io::Error::other),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the terminal UI did not answer",
            )),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "the terminal UI went away",
            )),
        }
    }

    fn not_here() -> io::Error {
        io::Error::other("a terminal UI's session does not ask this of its client")
    }
}

impl Conduit for UiFiles {
    // What a command would print: the grant returns its words to the UI instead.
    fn out(&self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn err(&self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn stdin_is_terminal(&self) -> bool {
        false
    }
    fn stderr_is_terminal(&self) -> bool {
        false
    }
    fn read_line(&self) -> io::Result<Option<String>> {
        Err(Self::not_here())
    }
    fn ask_secret(&self, _: &str) -> io::Result<String> {
        Err(Self::not_here())
    }
    fn read_file(&self, _: &Path) -> io::Result<Vec<u8>> {
        Err(Self::not_here())
    }
    fn write_file(&self, path: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
        frame::send_file_to_write(&self.writer, path, bytes, force)?;
        self.answer()
    }
    fn check_writable(&self, paths: &[&Path], force: bool) -> io::Result<()> {
        {
            let mut w = self
                .writer
                .lock()
                .map_err(|_| io::Error::other("the connection's writer failed"))?;
            Down::CheckWritable {
                paths: paths.iter().map(|p| p.to_path_buf()).collect(),
                force,
            }
            .write(&mut *w)?;
        }
        self.answer()
    }
    fn interrupted(&self) -> Option<i32> {
        None
    }
}

/// Runs the worker for `user` until the UI shuts it down or goes away (its requests end);
/// any session it had open is closed and accounted for first. `written` brings the client's
/// answers to the files it was sent to write. Returns the exit code.
pub(super) fn serve(
    writer: Arc<Mutex<UnixStream>>,
    requests: Receiver<Request>,
    written: Receiver<Result<(), String>>,
    user: &str,
    lang: Lang,
    store: Store,
    tap: TapMaker,
) -> io::Result<i32> {
    let me = store
        .user(user)
        .map_err(|e| io::Error::other(e.text(lang)))?;
    send(&writer, &FromWorker::Identity(me))?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<FromWorker>();
    let sender = {
        let writer = Arc::clone(&writer);
        std::thread::Builder::new()
            .name("earshot-tui-answers".into())
            .spawn(move || {
                while let Some(m) = rx.blocking_recv() {
                    if send(&writer, &m).is_err() {
                        // The client went away: its requests end too, and the worker with them.
                        return;
                    }
                }
            })?
    };
    let guard = {
        let writer = Arc::clone(&writer);
        let written = Arc::new(Mutex::new(written));
        let user = user.to_string();
        move || Guarded {
            user: user.clone(),
            lang,
            conduit: std::rc::Rc::new(UiFiles {
                writer: Arc::clone(&writer),
                written: Arc::clone(&written),
            }),
            // The worker has its store; a grant opens none.
            open: Box::new(|| {
                Err(crate::store::StoreError::Setup(
                    crate::store::StoreMsg::GuardianStopping.into(),
                ))
            }),
        }
    };
    let worker =
        Worker::new(store, user.to_string(), Sink::Client, lang).with_guard(Box::new(guard));
    crate::session::with_client_tap(tap, || worker.run(requests, tx));
    let _ = sender.join();
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_larger_than_a_frame_goes_in_parts_and_reads_back_whole() {
        let (ours, mut theirs) = UnixStream::pair().unwrap();
        let big: String = (0..frame::MAX_FRAME * 2 + 12_345)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let sent = FromWorker::Done(big.clone());
        let writer = std::thread::spawn(move || send(&Mutex::new(ours), &sent).unwrap());
        let (mut parts, mut bytes) = (0, Vec::new());
        let whole = loop {
            match Down::read(&mut theirs).unwrap() {
                Some(Down::TuiPart(b)) => {
                    assert!(b.len() <= frame::MAX_FRAME);
                    parts += 1;
                    bytes.extend_from_slice(&b);
                }
                Some(Down::Tui(b)) => {
                    assert!(b.len() <= frame::MAX_FRAME);
                    bytes.extend_from_slice(&b);
                    break serde_json::from_slice::<FromWorker>(&bytes).unwrap();
                }
                other => panic!("unexpected {other:?}"),
            }
        };
        writer.join().unwrap();
        assert_eq!(parts, 2);
        match whole {
            FromWorker::Done(text) => assert!(text == big, "the answer arrived changed"),
            other => panic!("a different answer: {other:?}"),
        }
    }
}
