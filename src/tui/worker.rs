//! The TUI's worker: one thread that owns the store and the listening session, so the event
//! loop never waits on the database or the sound device. It answers requests, polls the player,
//! polls a request for a lead's approval while one waits, looks every second whether the audit
//! log moved (other users' changes) and only then rebuilds the queue and the approvals, and
//! makes missing waveforms when idle.
//!
//! Through the guardian the worker runs there, as the user the kernel named, and its answers
//! travel to the UI on the user's terminal (`guardian::tui_session`); it then also looks as
//! soon as the guardian says something changed (another client's command, another UI's
//! request), so the change reaches this UI within a tenth of a second.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use super::app::{Detail, FromWorker, GrantedFile, GrantedView, Request};
use super::i18n::{self, Ui};
use crate::core::gate::Missing;
use crate::core::lang::Lang;
use crate::core::model::ItemId;
use crate::session::{self, Listening, Sink};
use crate::store::{Ask, LeadProof, Store, StoreError};

/// How often the idle worker asks whether the audit log moved (one index lookup).
pub const REFRESH_EVERY: Duration = Duration::from_secs(1);

/// How often the queue is rebuilt even when nothing was logged: its flags that depend on the
/// time alone (overdue, deadlines) change without a log entry, and they count in days. (At
/// 100,000 items a rebuild takes the guardian half a second of a core for each open UI.)
pub const REBUILD_AT_LEAST_EVERY: Duration = Duration::from_secs(300);

/// When the log moved by at most this many entries, all about items, only those items are
/// read again and sent (`FromWorker::QueueChanged`); more, or a change to the team or the
/// settings, and the whole queue is.
pub const CATCH_UP_AT_MOST: usize = 200;

/// Entries without an item that change nothing the queue shows.
const NOT_ABOUT_THE_QUEUE: [&str; 6] = [
    "guardian.stranger",
    "pin.failed",
    "pin.locked",
    "key.rotate",
    "key.retire",
    "store.reseal",
];

/// How often a request that waits for a lead's answer is looked at.
pub const POLL_APPROVAL: Duration = Duration::from_millis(250);

/// How long a preview's request for approval waits for its answer (as `preview` does).
pub const APPROVAL_WAIT_S: u64 = 300;

/// What `Request::GrantAccess` asks.
struct GrantReq {
    item: ItemId,
    subject: String,
    approved_by: String,
    pin: Option<String>,
    identity_checked: String,
    out: std::path::PathBuf,
    lang: Lang,
    mute_ms: Vec<(u64, u64)>,
    mute_reason: Option<String>,
}

/// A preview that waits for its supervisor's approval from their own session.
struct Pending {
    request: i64,
    item: ItemId,
    from_ms: u64,
    seconds: u64,
    lead: String,
    deadline: Instant,
    polled: Instant,
}

/// What the idle refresh remembers between rounds, to rebuild and send only what changed.
struct Idle {
    last: Instant,
    /// The guardian's change count when last looked (it never moves in single-user mode).
    changes: u64,
    seq: Option<i64>,
    rebuilt: Instant,
    /// A hash of the last whole queue sent; none after only some items were sent.
    queue_sig: Option<u64>,
    approvals_sig: Vec<(i64, String)>,
    team: Vec<(String, bool)>,
    /// Items that still need a waveform, as of the last change to the store.
    waveforms: Vec<ItemId>,
    no_waveform: std::collections::HashSet<i64>,
}

/// Makes the guardian's context for a command run from a terminal UI (its files written on
/// the UI's machine, by the client, as the user).
pub type Guard = Box<dyn Fn() -> crate::cli::io::Guarded + Send>;

pub struct Worker {
    pub store: Store,
    pub user: String,
    pub sink: Sink,
    pub lang: Lang,
    /// Inside the guardian: where the files a grant writes go (the UI's machine). None in
    /// single-user mode, where the worker writes them itself, as the user.
    guard: Option<Guard>,
    /// Set once a shutdown was answered: the run ends.
    closed: bool,
}

fn send(tx: &UnboundedSender<FromWorker>, m: FromWorker) {
    let _ = tx.send(m);
}

impl Worker {
    pub fn new(store: Store, user: String, sink: Sink, lang: Lang) -> Worker {
        Worker {
            store,
            user,
            sink,
            lang,
            guard: None,
            closed: false,
        }
    }

    /// Inside the guardian: the files a grant writes are written by the UI's client.
    pub fn with_guard(mut self, guard: Guard) -> Worker {
        self.guard = Some(guard);
        self
    }

    /// Grants a subject's access and writes their copy, through the one function the command
    /// line's `access grant` uses; the refusal in the user's language.
    fn grant(&mut self, tx: &UnboundedSender<FromWorker>, req: GrantReq) {
        let GrantReq {
            item,
            subject,
            approved_by,
            pin,
            identity_checked,
            out,
            lang,
            mute_ms,
            mute_reason,
        } = req;
        let ask = crate::cli::due::GrantAsk {
            item,
            subject: &subject,
            approved_by: &approved_by,
            identity_checked: &identity_checked,
            out: &out,
            lang,
            force: false,
            templates: None,
            mute: &mute_ms,
            mute_reason: mute_reason.as_deref(),
        };
        let Worker {
            store,
            user,
            lang: ui_lang,
            guard,
            ..
        } = self;
        let mut run = || {
            crate::cli::speaking(*ui_lang, || {
                crate::cli::due::grant_access(store, user, &ask, || Ok(pin.clone()))
            })
        };
        let r = match guard {
            Some(make) => crate::cli::io::run_guarded(make(), run),
            None => run(),
        };
        match r {
            Ok(g) => send(
                tx,
                FromWorker::Granted(Box::new(GrantedView {
                    item: g.item,
                    subject: g.subject,
                    approved_by: g.approved_by,
                    request: g.request.id,
                    recording_sha256: g.recording_sha256,
                    files: g
                        .files
                        .iter()
                        .map(|f| GrantedFile {
                            kind: f.kind.clone(),
                            path: f.path.display().to_string(),
                            sha256: f.sha256.clone(),
                            size: f.size,
                        })
                        .collect(),
                    muted_ms: g.muted.map(|m| m.ranges_ms).unwrap_or_default(),
                    warnings: g.warnings,
                })),
            ),
            Err(f) => send(tx, FromWorker::Failed(f.message().to_string())),
        }
    }

    fn queue(&self) -> Option<FromWorker> {
        // The due flags first: their working set is gone before the rows take their room.
        let due = self.store.due_flags().unwrap_or_default();
        let rows = self.store.queue().ok()?;
        let escalations = self.store.escalations(None).unwrap_or_default();
        Some(FromWorker::Queue {
            rows,
            escalations,
            due,
        })
    }

    fn detail(&mut self, id: i64) -> Result<Detail, String> {
        let view = self
            .store
            .show(&self.user, id)
            .map_err(|e| self.error_text(e))?;
        let waveform = if view.stage == crate::core::model::Stage::Deleted {
            None
        } else {
            session::waveform(&mut self.store, id).ok()
        };
        let timeline = self
            .store
            .audit_log(Some(id))
            .map_err(|e| self.error_text(e))?;
        let chat = self.store.chat_context(id).ok().flatten();
        let erasure = self
            .store
            .erasure_requests(Some(id), false)
            .map_err(|e| self.error_text(e))?
            .iter()
            .map(Into::into)
            .collect();
        Ok(Detail {
            view,
            waveform,
            timeline,
            chat,
            erasure,
        })
    }

    /// A store error in the user's language.
    fn error_text(&self, e: StoreError) -> String {
        e.text(self.lang)
    }

    /// A playback session's error: the store's in the user's language, the rest as they are.
    fn session_error_text(&self, e: crate::session::SessionError) -> String {
        match e {
            crate::session::SessionError::Store(e) => e.text(self.lang),
            other => other.to_string(),
        }
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
            _ => e.text(self.lang),
        }
    }

    /// An approval request refused when filed: the gate's sentences in the user's language.
    fn refusal_text(&self, e: StoreError) -> String {
        match &e {
            StoreError::Refused { missing, .. } if !missing.is_empty() => {
                let texts: Vec<String> = missing.iter().map(|m| m.text(self.lang)).collect();
                texts.join("; ")
            }
            _ => e.text(self.lang),
        }
    }

    /// Starts a supervised preview (ending any session first) and tells the UI.
    #[allow(clippy::too_many_arguments)]
    fn start_preview(
        &mut self,
        listening: &mut Option<Listening>,
        tx: &UnboundedSender<FromWorker>,
        item: ItemId,
        from_ms: u64,
        seconds: u64,
        supervisor: &str,
        proof: &LeadProof,
    ) {
        if let Some(l) = listening.take() {
            let _ = l.finish(&mut self.store);
        }
        match Listening::preview(
            &mut self.store,
            &self.user,
            item,
            from_ms,
            Some(seconds * 1000),
            supervisor,
            proof,
            self.sink,
        ) {
            Ok(l) => {
                send(tx, FromWorker::Player(l.status()));
                *listening = Some(l);
            }
            Err(e) => send(tx, FromWorker::Failed(self.session_error_text(e))),
        }
        if let Ok(d) = self.detail(item) {
            send(tx, FromWorker::Detail(Box::new(d)));
        }
    }

    /// Files the request for `lead`'s approval of exactly this preview.
    fn ask_preview(
        &mut self,
        tx: &UnboundedSender<FromWorker>,
        item: ItemId,
        from_ms: u64,
        seconds: u64,
        lead: String,
    ) -> Option<Pending> {
        let ask = Ask::Preview {
            item,
            from_ms,
            want_ms: Some(seconds * 1000),
        };
        match self
            .store
            .request_approval(&self.user, &ask, Some(&lead), APPROVAL_WAIT_S)
        {
            Ok(v) => {
                let p = Pending {
                    request: v.id,
                    item,
                    from_ms,
                    seconds,
                    lead,
                    deadline: Instant::now() + Duration::from_secs(APPROVAL_WAIT_S),
                    polled: Instant::now(),
                };
                send(tx, FromWorker::Asked(Box::new(v)));
                Some(p)
            }
            Err(e) => {
                send(tx, FromWorker::Failed(self.refusal_text(e)));
                None
            }
        }
    }

    /// Looks at the request that waits: still pending, it keeps waiting (`Some`); answered,
    /// run out or failed, the UI is told and, approved, the preview starts.
    fn poll_pending(
        &mut self,
        p: Pending,
        listening: &mut Option<Listening>,
        tx: &UnboundedSender<FromWorker>,
    ) -> Option<Pending> {
        let v = match self.store.approval(p.request) {
            Ok(v) if v.is_pending() && Instant::now() < p.deadline => {
                return Some(Pending {
                    polled: Instant::now(),
                    ..p
                });
            }
            Ok(v) if v.is_pending() => self.store.end_request(&self.user, p.request, true),
            other => other,
        };
        match v {
            Ok(v) => {
                let approved = v.status == "approved";
                send(tx, FromWorker::Answered(Box::new(v)));
                if approved {
                    let proof = LeadProof::Approval(p.request);
                    self.start_preview(
                        listening, tx, p.item, p.from_ms, p.seconds, &p.lead, &proof,
                    );
                }
            }
            Err(e) => send(tx, FromWorker::Failed(self.error_text(e))),
        }
        None
    }

    /// Withdraws the request that waits (Esc, or the UI closing).
    fn withdraw(&mut self, p: Pending, tx: &UnboundedSender<FromWorker>) {
        match self.store.end_request(&self.user, p.request, false) {
            Ok(v) => send(tx, FromWorker::Answered(Box::new(v))),
            Err(e) => send(tx, FromWorker::Failed(self.error_text(e))),
        }
    }

    /// Answers a request from the lead's inbox, then sends the inbox as it is now.
    fn answer(&mut self, tx: &UnboundedSender<FromWorker>, id: i64, decline: Option<String>) {
        let r = match &decline {
            None => self.store.approve(&self.user, id),
            Some(reason) => self.store.decline(&self.user, id, reason),
        };
        match r {
            Ok(v) => send(
                tx,
                FromWorker::Done(i18n::answer_given(
                    self.lang,
                    decline.is_none(),
                    id,
                    &v.requested_by,
                )),
            ),
            Err(e) => send(tx, FromWorker::Failed(self.refusal_text(e))),
        }
        if let Ok(list) = self.store.pending_approvals(&self.user) {
            send(tx, FromWorker::Approvals(list));
        }
    }

    /// The idle round: when the audit log moved (or a minute passed), the queue, the team and
    /// the approvals are read again and sent if they changed; then one missing waveform is
    /// made. Without a change it costs one index lookup and a look at the approvals.
    fn idle(&mut self, idle: &mut Idle, tx: &UnboundedSender<FromWorker>) {
        let changes = crate::cli::io::change_count();
        if idle.last.elapsed() < REFRESH_EVERY && changes == idle.changes {
            return;
        }
        idle.changes = changes;
        idle.last = Instant::now();
        let seq = self.store.audit_head_seq().ok();
        if seq.is_none() || seq != idle.seq || idle.rebuilt.elapsed() >= REBUILD_AT_LEAST_EVERY {
            let before = idle.seq;
            idle.seq = seq;
            let caught_up = match before {
                Some(b) if idle.rebuilt.elapsed() < REBUILD_AT_LEAST_EVERY => {
                    self.catch_up(b, idle, tx)
                }
                _ => false,
            };
            if !caught_up {
                idle.rebuilt = Instant::now();
                self.rebuild(idle, tx);
            }
        } else {
            // Requests for approval run out with time alone: the inbox is looked at anyway.
            self.refresh_team_and_approvals(idle, tx);
        }
        // One missing waveform per idle round.
        while let Some(id) = idle.waveforms.pop() {
            if idle.no_waveform.contains(&id) {
                continue;
            }
            if session::waveform(&mut self.store, id).is_err() {
                // A recording that cannot be decoded is not tried again this session.
                idle.no_waveform.insert(id);
            }
            break;
        }
    }

    /// Sends only what the log says changed since entry `since`: the rows of the items it
    /// names, their due flags, the escalations, the team and the approvals. False (nothing
    /// sent) when the whole queue must be read again instead.
    fn catch_up(&mut self, since: i64, idle: &mut Idle, tx: &UnboundedSender<FromWorker>) -> bool {
        let Ok(entries) = self.store.audit_since(since, CATCH_UP_AT_MOST + 1) else {
            return false;
        };
        let whole = entries.len() > CATCH_UP_AT_MOST
            || entries.iter().any(|e| {
                e.item.is_none()
                    && !NOT_ABOUT_THE_QUEUE.contains(&e.action.as_str())
                    && !e.action.starts_with("approval.")
            });
        if whole {
            return false;
        }
        let items: std::collections::BTreeSet<ItemId> =
            entries.iter().filter_map(|e| e.item).collect();
        if !items.is_empty() {
            let items: Vec<ItemId> = items.into_iter().collect();
            let Ok(rows) = self.store.queue_rows(&items) else {
                return false;
            };
            let due = self.store.due_flags_for(&items).unwrap_or_default();
            let escalations = self.store.escalations(None).unwrap_or_default();
            // The UI no longer holds what the last whole queue was: the next one is sent.
            idle.queue_sig = None;
            send(
                tx,
                FromWorker::QueueChanged {
                    items,
                    rows,
                    escalations,
                    due,
                },
            );
            if entries.iter().any(|e| e.action == "item.import")
                && let Ok(mut ids) = self.store.items_without_waveform()
            {
                ids.reverse();
                idle.waveforms = ids;
            }
        }
        self.refresh_team_and_approvals(idle, tx);
        true
    }

    fn rebuild(&mut self, idle: &mut Idle, tx: &UnboundedSender<FromWorker>) {
        if let Some(FromWorker::Queue {
            rows,
            escalations,
            due,
        }) = self.queue()
        {
            // Only send when something changed (a hash of what the queue shows: a string of
            // it would take megabytes at 100,000 items).
            let sig = {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                for r in &rows {
                    (
                        r.id,
                        std::mem::discriminant(&r.stage),
                        r.preview_left_s.to_bits(),
                    )
                        .hash(&mut h);
                    (
                        &r.sender,
                        &r.from,
                        &r.case,
                        r.overdue,
                        r.notification_pending,
                        &r.assigned_to,
                        &r.subjects,
                    )
                        .hash(&mut h);
                    (std::mem::discriminant(&r.secretly), &r.damaged).hash(&mut h);
                }
                for e in &escalations {
                    (e.id, &e.resolved_at).hash(&mut h);
                }
                for d in &due {
                    (
                        d.item,
                        d.open_complaints,
                        d.overdue_complaints,
                        d.copies_outstanding,
                    )
                        .hash(&mut h);
                    (
                        d.open_access_requests,
                        d.overdue_access_requests,
                        d.retention_due,
                    )
                        .hash(&mut h);
                    (
                        d.open_erasure_requests,
                        d.overdue_erasure_requests,
                        d.erasure_granted_undeleted,
                        d.erasure_delete_by,
                    )
                        .hash(&mut h);
                    (d.notification_overdue, d.exceptions_past_review, d.next_due).hash(&mut h);
                }
                Some(h.finish())
            };
            if sig != idle.queue_sig {
                idle.queue_sig = sig;
                send(
                    tx,
                    FromWorker::Queue {
                        rows,
                        escalations,
                        due,
                    },
                );
            }
        }
        self.refresh_team_and_approvals(idle, tx);
        if let Ok(mut ids) = self.store.items_without_waveform() {
            ids.reverse(); // popped from the end: the oldest first
            idle.waveforms = ids;
        }
    }

    /// Sends the team and the approvals when they changed.
    fn refresh_team_and_approvals(&mut self, idle: &mut Idle, tx: &UnboundedSender<FromWorker>) {
        if let Ok(t) = self.store.team_list() {
            let names: Vec<(String, bool)> = t
                .iter()
                .map(|(u, pin)| (format!("{}:{:?}", u.name, u.role), *pin))
                .collect();
            if names != idle.team {
                idle.team = names;
                send(tx, FromWorker::Team(t));
            }
        }
        if let Ok(list) = self.store.pending_approvals(&self.user) {
            let sig: Vec<(i64, String)> = list.iter().map(|a| (a.id, a.status.clone())).collect();
            if sig != idle.approvals_sig {
                idle.approvals_sig = sig;
                send(tx, FromWorker::Approvals(list));
            }
        }
    }

    /// Answers one request of the UI.
    fn handle(
        &mut self,
        req: Request,
        tx: &UnboundedSender<FromWorker>,
        listening: &mut Option<Listening>,
        pending: &mut Option<Pending>,
    ) {
        match req {
            Request::Shutdown => {
                if let Some(l) = listening.take() {
                    let _ = l.finish(&mut self.store);
                }
                if let Some(p) = pending.take() {
                    let _ = self.store.end_request(&self.user, p.request, false);
                }
                send(tx, FromWorker::Closed);
                self.closed = true;
            }
            Request::Refresh => {
                if let Some(q) = self.queue() {
                    send(tx, q);
                }
            }
            Request::LoadDetail(id) => match self.detail(id) {
                Ok(d) => send(tx, FromWorker::Detail(Box::new(d))),
                Err(e) => send(tx, FromWorker::Failed(e)),
            },
            Request::Describe(id, m) => match self.store.describe(&self.user, id, &m) {
                Ok(_) => send(tx, FromWorker::Done(Ui::Saved.text(self.lang).into())),
                Err(e) => send(tx, FromWorker::Failed(self.error_text(e))),
            },
            Request::Notify(id, subject, d) => {
                match self.store.notify(&self.user, id, &subject, &d.into_store()) {
                    Ok(_) => send(
                        tx,
                        FromWorker::Done(Ui::DecisionLogged.text(self.lang).into()),
                    ),
                    Err(e) => send(tx, FromWorker::Failed(self.error_text(e))),
                }
            }
            Request::Escalate(id, reason, kind) => {
                match self.store.escalate_for(&self.user, id, &reason, kind) {
                    Ok(_) => send(tx, FromWorker::Done(Ui::Escalated.text(self.lang).into())),
                    Err(e) => send(tx, FromWorker::Failed(self.error_text(e))),
                }
            }
            Request::Assign(id, to) => match self.store.assign(&self.user, id, &to) {
                Ok(_) => send(tx, FromWorker::Done(Ui::Assigned.text(self.lang).into())),
                Err(e) => send(tx, FromWorker::Failed(self.store_error_text(e))),
            },
            Request::Preview {
                item,
                from_ms,
                seconds,
                supervisor,
                pin,
            } => {
                let proof = LeadProof::from_pin(pin.as_deref());
                self.start_preview(listening, tx, item, from_ms, seconds, &supervisor, &proof);
            }
            Request::AskPreview {
                item,
                from_ms,
                seconds,
                lead,
            } => {
                if let Some(p) = pending.take() {
                    self.withdraw(p, tx);
                }
                *pending = self.ask_preview(tx, item, from_ms, seconds, lead);
            }
            Request::Withdraw => {
                if let Some(p) = pending.take() {
                    self.withdraw(p, tx);
                }
            }
            Request::Approve(id) => self.answer(tx, id, None),
            Request::Decline(id, reason) => self.answer(tx, id, Some(reason)),
            // The escalations come back with the next look at the log (it moved).
            Request::ResolveEscalation(id, dismiss) => {
                match self
                    .store
                    .resolve_escalation(&self.user, id, dismiss.as_deref())
                {
                    Ok(e) => send(
                        tx,
                        FromWorker::Done(i18n::escalation_ended(
                            self.lang,
                            e.id,
                            dismiss.is_some(),
                            &e.by,
                        )),
                    ),
                    Err(e) => send(tx, FromWorker::Failed(self.refusal_text(e))),
                }
            }
            Request::RecordUse {
                item,
                purpose,
                recipient,
                summary,
                ahead,
            } => {
                let ahead = ahead.map(|a| a.into_store());
                match self.store.record_use_going_ahead(
                    &self.user,
                    item,
                    &purpose,
                    &recipient,
                    &summary,
                    ahead.as_ref(),
                ) {
                    Ok(use_id) => send(
                        tx,
                        FromWorker::Done(i18n::use_recorded(self.lang, use_id, &recipient)),
                    ),
                    Err(e) => send(tx, FromWorker::Failed(self.error_text(e))),
                }
            }
            Request::DecideErasure {
                item,
                subject,
                granted,
                reason,
            } => {
                let decision = if granted {
                    crate::core::audit::ErasureDecision::Granted
                } else {
                    crate::core::audit::ErasureDecision::Refused
                };
                match self
                    .store
                    .erasure_decide(&self.user, item, &subject, decision, &reason)
                {
                    Ok(v) => send(
                        tx,
                        FromWorker::Done(i18n::erasure_decided(
                            self.lang, &subject, granted, v.due_on,
                        )),
                    ),
                    Err(e) => send(tx, FromWorker::Failed(self.error_text(e))),
                }
            }
            Request::GrantAccess {
                item,
                subject,
                approved_by,
                pin,
                identity_checked,
                out,
                lang,
                mute_ms,
                mute_reason,
            } => self.grant(
                tx,
                GrantReq {
                    item,
                    subject,
                    approved_by,
                    pin,
                    identity_checked,
                    out,
                    lang,
                    mute_ms,
                    mute_reason,
                },
            ),
            Request::Play { item, from_ms } => {
                if let Some(l) = listening.take() {
                    let _ = l.finish(&mut self.store);
                }
                match Listening::play(&mut self.store, &self.user, item, from_ms, None, self.sink) {
                    Ok(l) => {
                        send(tx, FromWorker::Player(l.status()));
                        *listening = Some(l);
                    }
                    Err(e) => send(tx, FromWorker::Failed(self.session_error_text(e))),
                }
            }
            Request::Pause => {
                if let Some(l) = listening {
                    let _ = l.pause();
                }
            }
            Request::Resume => {
                if let Some(l) = listening {
                    let _ = l.resume();
                }
            }
            Request::Seek(ms) => {
                if let Some(l) = listening
                    && let Err(e) = l.seek(ms)
                {
                    send(tx, FromWorker::Failed(self.session_error_text(e)));
                }
            }
            Request::Stop => {
                if let Some(l) = listening {
                    let _ = l.stop();
                }
            }
        }
    }

    /// Runs until asked to shut down (or the UI goes away); closes any open session and
    /// withdraws any request that waits first.
    pub fn run(mut self, rx: Receiver<Request>, tx: UnboundedSender<FromWorker>) {
        let mut idle = Idle {
            last: Instant::now(),
            changes: crate::cli::io::change_count(),
            seq: None,
            rebuilt: Instant::now(),
            queue_sig: None,
            approvals_sig: Vec::new(),
            team: Vec::new(),
            waveforms: Vec::new(),
            no_waveform: std::collections::HashSet::new(),
        };
        idle.seq = self.store.audit_head_seq().ok();
        self.rebuild(&mut idle, &tx);
        let mut listening: Option<Listening> = None;
        let mut pending: Option<Pending> = None;
        let mut seen_changes = crate::cli::io::change_count();
        loop {
            let wait = if listening.is_some() || pending.is_some() {
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
                let changes_something = !matches!(req, Request::Refresh | Request::LoadDetail(_));
                self.handle(req, &tx, &mut listening, &mut pending);
                if changes_something {
                    // Other terminal UIs of the same guardian look at once.
                    crate::cli::io::changed();
                }
            }
            if self.closed {
                return;
            }
            // A request that waits is looked at a few times a second, and at once when the
            // guardian says something changed (the lead's answer, from their own session).
            let changes = crate::cli::io::change_count();
            let moved = changes != seen_changes;
            seen_changes = changes;
            if let Some(p) = pending.take() {
                pending = if moved || p.polled.elapsed() >= POLL_APPROVAL {
                    self.poll_pending(p, &mut listening, &tx)
                } else {
                    Some(p)
                };
            }
            if let Some(l) = &mut listening {
                match l.poll(&mut self.store, Duration::from_millis(20)) {
                    Ok(st) => send(&tx, FromWorker::Player(st)),
                    Err(e) => send(&tx, FromWorker::Failed(self.session_error_text(e))),
                }
                if l.is_finished()
                    && let Some(l) = listening.take()
                {
                    match l.finish(&mut self.store) {
                        Ok(o) => send(&tx, FromWorker::Finished(o)),
                        Err(e) => send(&tx, FromWorker::Failed(self.session_error_text(e))),
                    }
                }
            } else {
                self.idle(&mut idle, &tx);
            }
        }
    }
}
