//! Approvals from a lead's own session, in the TUI: a lead's inbox of requests (approve with
//! one key, decline with a reason), and the requester's side, where a preview waits for the
//! supervising lead's answer instead of their PIN.

use chrono::{DateTime, Duration};

use super::messages::Request;
use super::state::{App, Prompt, PromptKind, Screen, Waiting};
use crate::store::ApprovalView;
use crate::tui::i18n;
use crate::tui::keymap::Act;

impl App {
    pub(super) fn show_approvals(&mut self) {
        self.screen = Screen::Approvals;
        self.approvals_sel = self
            .approvals_sel
            .min(self.open_approvals().len().saturating_sub(1));
    }

    /// The request under the cursor in the inbox.
    pub fn selected_approval(&self) -> Option<&ApprovalView> {
        self.open_approvals().get(self.approvals_sel).copied()
    }

    pub(super) fn approvals_act(&mut self, act: Act) -> Vec<Request> {
        let n = self.open_approvals().len();
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
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_approvals(&mut self, list: Vec<ApprovalView>) {
        let keep = self.selected_approval().map(|a| a.id);
        self.approvals = list;
        let open = self.open_approvals();
        self.approvals_sel = keep
            .and_then(|id| open.iter().position(|a| a.id == id))
            .unwrap_or(self.approvals_sel.min(open.len().saturating_sub(1)));
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
