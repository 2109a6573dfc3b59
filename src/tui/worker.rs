//! The TUI's worker: one thread that owns the store and the listening session, so the event
//! loop never waits on the database or the sound device. It answers requests, polls the player,
//! refreshes the queue every two seconds (other users' changes), and makes missing waveforms
//! when idle.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use super::app::{Detail, FromWorker, Request};
use super::i18n::Ui;
use crate::core::gate::Missing;
use crate::core::lang::Lang;
use crate::session::{self, Listening, Sink};
use crate::store::{Store, StoreError};

pub const REFRESH_EVERY: Duration = Duration::from_secs(2);

pub struct Worker {
    pub store: Store,
    pub user: String,
    pub sink: Sink,
    pub lang: Lang,
}

fn send(tx: &UnboundedSender<FromWorker>, m: FromWorker) {
    let _ = tx.send(m);
}

impl Worker {
    fn queue(&self) -> Option<FromWorker> {
        let rows = self.store.queue().ok()?;
        let escalations = self.store.escalations(None).unwrap_or_default();
        let due = self.store.due_flags().unwrap_or_default();
        Some(FromWorker::Queue {
            rows,
            escalations,
            due,
        })
    }

    fn detail(&mut self, id: i64) -> Result<Detail, String> {
        let view = self.store.show(&self.user, id).map_err(|e| e.to_string())?;
        let waveform = if view.stage == crate::core::model::Stage::Deleted {
            None
        } else {
            session::waveform(&mut self.store, id).ok()
        };
        let timeline = self.store.audit_log(Some(id)).map_err(|e| e.to_string())?;
        let chat = self.store.chat_context(id).ok().flatten();
        Ok(Detail {
            view,
            waveform,
            timeline,
            chat,
        })
    }

    fn error_text(&self, e: impl std::fmt::Display) -> String {
        e.to_string()
    }

    /// A store error; a refusal by role is the gate's own sentence, in the user's language.
    fn store_error_text(&self, e: StoreError) -> String {
        match &e {
            StoreError::Refused { missing, .. }
                if !missing.is_empty() && missing.iter().all(Missing::is_role) =>
            {
                let texts: Vec<String> = missing.iter().map(|m| m.text(self.lang)).collect();
                texts.join("; ")
            }
            _ => e.to_string(),
        }
    }

    /// Runs until asked to shut down (or the UI goes away); closes any open session first.
    pub fn run(mut self, rx: Receiver<Request>, tx: UnboundedSender<FromWorker>) {
        if let Some(q) = self.queue() {
            send(&tx, q);
        }
        if let Ok(t) = self.store.team_list() {
            send(&tx, FromWorker::Team(t));
        }
        let mut listening: Option<Listening> = None;
        let mut last_refresh = Instant::now();
        let mut last_queue_sig = String::new();
        let mut no_waveform: std::collections::HashSet<i64> = std::collections::HashSet::new();
        loop {
            let wait = if listening.is_some() {
                Duration::from_millis(20)
            } else {
                Duration::from_millis(100)
            };
            let req = match rx.recv_timeout(wait) {
                Ok(r) => Some(r),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Request::Shutdown),
            };
            if let Some(req) = req {
                match req {
                    Request::Shutdown => {
                        if let Some(l) = listening.take() {
                            let _ = l.finish(&mut self.store);
                        }
                        send(&tx, FromWorker::Closed);
                        return;
                    }
                    Request::Refresh => {
                        if let Some(q) = self.queue() {
                            send(&tx, q);
                        }
                    }
                    Request::LoadDetail(id) => match self.detail(id) {
                        Ok(d) => send(&tx, FromWorker::Detail(Box::new(d))),
                        Err(e) => send(&tx, FromWorker::Failed(e)),
                    },
                    Request::Describe(id, m) => match self.store.describe(&self.user, id, &m) {
                        Ok(_) => send(&tx, FromWorker::Done(Ui::Saved.text(self.lang).into())),
                        Err(e) => send(&tx, FromWorker::Failed(self.error_text(e))),
                    },
                    Request::Notify(id, subject, d) => {
                        match self.store.notify(&self.user, id, &subject, &d.into_store()) {
                            Ok(_) => send(
                                &tx,
                                FromWorker::Done(Ui::DecisionLogged.text(self.lang).into()),
                            ),
                            Err(e) => send(&tx, FromWorker::Failed(self.error_text(e))),
                        }
                    }
                    Request::Escalate(id, reason, kind) => {
                        match self.store.escalate_for(&self.user, id, &reason, kind) {
                            Ok(_) => {
                                send(&tx, FromWorker::Done(Ui::Escalated.text(self.lang).into()))
                            }
                            Err(e) => send(&tx, FromWorker::Failed(self.error_text(e))),
                        }
                    }
                    Request::Assign(id, to) => match self.store.assign(&self.user, id, &to) {
                        Ok(_) => send(&tx, FromWorker::Done(Ui::Assigned.text(self.lang).into())),
                        Err(e) => send(&tx, FromWorker::Failed(self.store_error_text(e))),
                    },
                    Request::Preview {
                        item,
                        from_ms,
                        seconds,
                        supervisor,
                        pin,
                    } => {
                        if let Some(l) = listening.take() {
                            let _ = l.finish(&mut self.store);
                        }
                        match Listening::preview(
                            &mut self.store,
                            &self.user,
                            item,
                            from_ms,
                            Some(seconds * 1000),
                            &supervisor,
                            &crate::store::LeadProof::from_pin(pin.as_deref()),
                            self.sink,
                        ) {
                            Ok(l) => {
                                send(&tx, FromWorker::Player(l.status()));
                                listening = Some(l);
                            }
                            Err(e) => send(&tx, FromWorker::Failed(self.error_text(e))),
                        }
                        if let Ok(d) = self.detail(item) {
                            send(&tx, FromWorker::Detail(Box::new(d)));
                        }
                    }
                    Request::Play { item, from_ms } => {
                        if let Some(l) = listening.take() {
                            let _ = l.finish(&mut self.store);
                        }
                        match Listening::play(
                            &mut self.store,
                            &self.user,
                            item,
                            from_ms,
                            None,
                            self.sink,
                        ) {
                            Ok(l) => {
                                send(&tx, FromWorker::Player(l.status()));
                                listening = Some(l);
                            }
                            Err(e) => send(&tx, FromWorker::Failed(self.error_text(e))),
                        }
                    }
                    Request::Pause => {
                        if let Some(l) = &mut listening {
                            let _ = l.pause();
                        }
                    }
                    Request::Resume => {
                        if let Some(l) = &mut listening {
                            let _ = l.resume();
                        }
                    }
                    Request::Seek(ms) => {
                        if let Some(l) = &mut listening
                            && let Err(e) = l.seek(ms)
                        {
                            send(&tx, FromWorker::Failed(e.to_string()));
                        }
                    }
                    Request::Stop => {
                        if let Some(l) = &mut listening {
                            let _ = l.stop();
                        }
                    }
                }
            }
            if let Some(l) = &mut listening {
                match l.poll(&mut self.store, Duration::from_millis(20)) {
                    Ok(st) => send(&tx, FromWorker::Player(st)),
                    Err(e) => send(&tx, FromWorker::Failed(e.to_string())),
                }
                if l.is_finished()
                    && let Some(l) = listening.take()
                {
                    match l.finish(&mut self.store) {
                        Ok(o) => send(&tx, FromWorker::Finished(o)),
                        Err(e) => send(&tx, FromWorker::Failed(e.to_string())),
                    }
                }
            } else if last_refresh.elapsed() >= REFRESH_EVERY {
                last_refresh = Instant::now();
                if let Some(FromWorker::Queue {
                    rows,
                    escalations,
                    due,
                }) = self.queue()
                {
                    // Only send when something changed.
                    let sig = format!(
                        "{:?}|{:?}|{:?}",
                        rows.iter()
                            .map(|r| (r.id, r.stage, r.preview_left_s, r.sender.clone(), r.overdue))
                            .collect::<Vec<_>>(),
                        escalations
                            .iter()
                            .map(|e| (e.id, e.resolved_at.clone()))
                            .collect::<Vec<_>>(),
                        due.iter()
                            .map(|d| (
                                d.item,
                                d.open_complaints,
                                d.overdue_complaints,
                                d.copies_outstanding
                            ))
                            .collect::<Vec<_>>()
                    );
                    if sig != last_queue_sig {
                        last_queue_sig = sig;
                        send(
                            &tx,
                            FromWorker::Queue {
                                rows,
                                escalations,
                                due,
                            },
                        );
                    }
                }
                // One missing waveform per idle round.
                if let Ok(ids) = self.store.items_without_waveform()
                    && let Some(id) = ids.iter().find(|i| !no_waveform.contains(i))
                    && session::waveform(&mut self.store, *id).is_err()
                {
                    // A recording that cannot be decoded is not tried again this session.
                    no_waveform.insert(*id);
                }
            }
        }
    }
}
