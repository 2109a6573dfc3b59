//! A lead's inbox, in the TUI: what waits for a team leader in one list — approval requests
//! (approve with one key, decline with a reason), escalations with their reason (resolve, or
//! dismiss with a reason), and items whose clocks ran out (open them). Anyone else sees their
//! own requests and escalations, and how the recent ones ended. And the requester's side,
//! where a preview waits for the supervising lead's answer instead of their PIN.

use chrono::{DateTime, Duration};

use super::messages::Request;
use super::state::{App, Prompt, PromptKind, Screen, Waiting};
use crate::store::ApprovalView;
use crate::store::QueueRow;
use crate::store::triage::EscalationView;
use crate::tui::i18n;
use crate::tui::keymap::Act;

/// An escalation handled this long ago still shows to the member who asked (how it ended).
const HANDLED_SHOWN_DAYS: i64 = 14;

/// One line of the inbox.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Approval(&'a ApprovalView),
    Escalation(&'a EscalationView),
    /// An item with a clock that ran out: what it owes is in its due flags and its row.
    Overdue(&'a QueueRow),
}

impl Entry<'_> {
    /// The item it is about, if any.
    pub fn item(&self) -> Option<i64> {
        match self {
            Entry::Approval(a) => a.item,
            Entry::Escalation(e) => Some(e.item),
            Entry::Overdue(r) => Some(r.id),
        }
    }

    fn key(&self) -> (u8, i64) {
        match self {
            Entry::Approval(a) => (0, a.id),
            Entry::Escalation(e) => (1, e.id),
            Entry::Overdue(r) => (2, r.id),
        }
    }
}

impl App {
    pub(super) fn show_approvals(&mut self) {
        self.screen = Screen::Approvals;
        self.approvals_sel = self.approvals_sel.min(self.inbox().len().saturating_sub(1));
    }

    /// The inbox, in sections: approval requests, escalations, then items past a deadline
    /// (the most overdue first). A lead sees every open escalation and every overdue item; a
    /// member sees their own escalations (open, or handled in the last two weeks, with how
    /// they ended).
    pub fn inbox(&self) -> Vec<Entry<'_>> {
        let mut out: Vec<Entry<'_>> = self
            .open_approvals()
            .into_iter()
            .map(Entry::Approval)
            .collect();
        let lead = self.user.is_lead();
        let recent = |e: &EscalationView| {
            e.resolved_at.as_deref().is_none_or(|at| {
                chrono::DateTime::parse_from_rfc3339(at)
                    .is_ok_and(|t| (self.now - t.to_utc()).num_days() < HANDLED_SHOWN_DAYS)
            })
        };
        out.extend(
            self.escalations
                .iter()
                .filter(|e| {
                    if lead {
                        e.resolved_at.is_none()
                    } else {
                        e.by == self.user.name && recent(e)
                    }
                })
                .map(Entry::Escalation),
        );
        if lead {
            let mut late: Vec<&QueueRow> = self
                .rows
                .iter()
                .filter(|r| r.damaged.is_none() && self.past_a_deadline(r))
                .collect();
            late.sort_by_key(|r| (self.due_for(r.id).and_then(|d| d.next_due), r.id));
            out.extend(late.into_iter().map(Entry::Overdue));
        }
        out
    }

    /// Whether a clock on the item ran out: untouched too long, a notification decision
    /// past its month, a complaint, access or erasure request past its deadline, an exception
    /// past its review, a granted erasure not carried out by its date.
    pub fn past_a_deadline(&self, r: &QueueRow) -> bool {
        let today = self.now.date_naive();
        r.overdue
            || self.due_for(r.id).is_some_and(|d| {
                d.notification_overdue
                    || d.overdue_complaints > 0
                    || d.overdue_access_requests > 0
                    || d.overdue_erasure_requests > 0
                    || d.erasure_delete_by.is_some_and(|by| by < today)
                    || d.exceptions_past_review > 0
            })
    }

    /// The line under the cursor in the inbox.
    pub fn selected_entry(&self) -> Option<Entry<'_>> {
        self.inbox().get(self.approvals_sel).copied()
    }

    /// The request under the cursor in the inbox, when it is an approval request.
    pub fn selected_approval(&self) -> Option<&ApprovalView> {
        match self.selected_entry() {
            Some(Entry::Approval(a)) => Some(a),
            _ => None,
        }
    }

    /// The escalation under the cursor in the inbox, if that is one and still open.
    fn selected_open_escalation(&self) -> Option<i64> {
        match self.selected_entry() {
            Some(Entry::Escalation(e)) if e.resolved_at.is_none() => Some(e.id),
            _ => None,
        }
    }

    pub(super) fn approvals_act(&mut self, act: Act) -> Vec<Request> {
        let n = self.inbox().len();
        let last = n.saturating_sub(1);
        match act {
            Act::Back => self.screen = Screen::Queue,
            Act::Up => self.approvals_sel = self.approvals_sel.saturating_sub(1),
            Act::Down => self.approvals_sel = (self.approvals_sel + 1).min(last),
            Act::PageUp => self.approvals_sel = self.approvals_sel.saturating_sub(10),
            Act::PageDown => self.approvals_sel = (self.approvals_sel + 10).min(last),
            Act::Top => self.approvals_sel = 0,
            Act::Bottom => self.approvals_sel = last,
            // Whoever presses it, the store decides (a worker's answer is refused and logged).
            Act::Approve => {
                if let Some(id) = self.selected_approval().map(|a| a.id) {
                    return vec![Request::Approve(id)];
                }
            }
            Act::Decline => {
                if let Some(id) = self.selected_approval().map(|a| a.id) {
                    self.prompt = Some(Prompt {
                        kind: PromptKind::Decline(id),
                        text: String::new(),
                    });
                }
            }
            Act::Resolve => {
                if let Some(id) = self.selected_open_escalation() {
                    return vec![Request::ResolveEscalation(id, None)];
                }
            }
            Act::Dismiss => {
                if let Some(id) = self.selected_open_escalation() {
                    self.prompt = Some(Prompt {
                        kind: PromptKind::Dismiss(id),
                        text: String::new(),
                    });
                }
            }
            Act::Open => {
                if let Some(id) = self.selected_entry().and_then(|e| e.item()) {
                    self.go_to(&id.to_string());
                    if self.selected_row().is_some_and(|r| r.id == id) {
                        return self.open_selected();
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Keeps the cursor on the same line of the inbox when its lists change.
    pub(super) fn keep_inbox_place<T>(&mut self, change: impl FnOnce(&mut App) -> T) -> T {
        // Elsewhere nothing is under the cursor (opening the inbox puts it back in range), and
        // the inbox is not built for every change to a queue of 100,000 items.
        if self.screen != Screen::Approvals {
            return change(self);
        }
        let keep = self.selected_entry().map(|e| e.key());
        let out = change(self);
        let inbox = self.inbox();
        self.approvals_sel = keep
            .and_then(|k| inbox.iter().position(|e| e.key() == k))
            .unwrap_or(self.approvals_sel.min(inbox.len().saturating_sub(1)));
        out
    }

    pub(super) fn on_approvals(&mut self, list: Vec<ApprovalView>) {
        self.keep_inbox_place(|app| app.approvals = list);
    }

    /// On the player, instead of the supervisor's PIN: a request for their approval from
    /// their own session, for exactly the window on the screen.
    pub(super) fn ask_approval(&mut self) -> Vec<Request> {
        let Some(lead) = self.supervisor_name() else {
            if let Some(why) = self.nobody_to_oversee() {
                self.fail(why);
            }
            return Vec::new();
        };
        let Some(p) = &mut self.player else {
            return Vec::new();
        };
        if p.running || p.full || p.waiting.is_some() {
            return Vec::new();
        }
        p.asking_pin = false;
        p.pin.clear();
        p.answer = None;
        p.last = None;
        p.waiting = Some(Waiting {
            lead: lead.clone(),
            request: None,
            until: None,
        });
        vec![Request::AskPreview {
            item: p.item,
            from_ms: p.offset_ms,
            seconds: p.seconds,
            lead,
        }]
    }

    pub(super) fn on_asked(&mut self, v: ApprovalView) {
        let until = DateTime::parse_from_rfc3339(&v.requested_at)
            .ok()
            .map(|t| t.to_utc() + Duration::seconds(v.wait_s as i64));
        if let Some(w) = self.player.as_mut().and_then(|p| p.waiting.as_mut()) {
            w.request = Some(v.id);
            w.until = until;
        }
    }

    pub(super) fn on_answered(&mut self, v: ApprovalView) {
        let lang = self.lang;
        let Some(p) = &mut self.player else { return };
        let lead = p.waiting.take().map(|w| w.lead).unwrap_or_default();
        let by = v.decided_by.clone().unwrap_or(lead);
        let text = i18n::answered(lang, &v.status, &by, v.declined_because.as_deref());
        match v.status.as_str() {
            "approved" => {
                // The worker starts the preview now; its status follows.
                p.running = true;
                p.answer = None;
                self.say(text);
            }
            "withdrawn" => {
                p.answer = None;
                self.say(text);
            }
            _ => {
                p.answer = Some(text.clone());
                self.fail(text);
            }
        }
    }
}
