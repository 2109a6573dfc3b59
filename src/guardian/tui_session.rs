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

/// Sends one answer of the worker to the client.
pub(super) fn send(writer: &Mutex<UnixStream>, m: &FromWorker) -> io::Result<()> {
    let bytes = serde_json::to_vec(m).map_err(io::Error::other)?;
    let mut w = writer
        .lock()
        .map_err(|_| io::Error::other("the connection's writer failed"))?;
    let mut rest = &bytes[..];
    while rest.len() > frame::MAX_FRAME {
        let (head, tail) = rest.split_at(frame::MAX_FRAME);
        Down::TuiPart(head.to_vec()).write(&mut *w)?;
        rest = tail;
    }
    Down::Tui(rest.to_vec()).write(&mut *w)
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
