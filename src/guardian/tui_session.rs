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
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use super::frame::{self, Down};
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

/// Runs the worker for `user` until the UI shuts it down or goes away (its requests end);
/// any session it had open is closed and accounted for first. Returns the exit code.
pub(super) fn serve(
    writer: Arc<Mutex<UnixStream>>,
    requests: Receiver<Request>,
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
    let worker = Worker::new(store, user.to_string(), Sink::Client, lang);
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
