//! Opening and filling in the metadata form and the notification form.

use crossterm::event::{KeyCode, KeyEvent};

use super::forms::{
    DEFAULT_REVIEW_DAYS, EXCEPTION_GROUNDS, FORM_FIELDS, Form, LEGAL_BASES, NotifyForm,
    SUBJECT_ROLES, edit_line,
};
use super::messages::{NotifyDecisionReq, Request};
use super::state::{App, Prompt, PromptKind, Screen};
use crate::core::model::{Secretly, Stage, normalise_name};
use crate::store::triage::EscalationKind;
use crate::tui::i18n::Ui;
use crate::tui::keymap::{Act, Ctx, Key};

impl App {
    pub(super) fn open_form(&mut self) {
        let Some(d) = &self.detail else { return };
        if d.view.stage == Stage::Deleted {
            self.fail(Ui::RecordingDeleted.text(self.lang));
            return;
        }
        let m = d.view.metadata.clone().unwrap_or_default();
        self.form = Some(Form {
            item: d.view.id,
            // What intake knows (the chat's display name) until someone records the sender.
            sender: m
                .sender
                .clone()
                .or_else(|| d.view.from.clone())
                .unwrap_or_default(),
            subjects: m.subjects.clone(),
            purpose: m.purpose.clone().unwrap_or_default(),
            secretly: m.secretly,
            legal_basis: m.legal_basis.clone().unwrap_or_default(),
            processing: m.processing_purpose.clone().unwrap_or_default(),
            ..Default::default()
        });
        if let Some(f) = &mut self.form {
            f.focus_on(0);
        }
        self.form_start = self.form.clone();
        self.discard_asked = false;
        self.screen = Screen::Form;
    }

    pub(super) fn open_notify(&mut self) {
        let Some(d) = &self.detail else { return };
        let Some(m) = &d.view.metadata else {
            self.fail(Ui::DescribeFirst.text(self.lang));
            return;
        };
        let parents: Vec<(String, Option<String>)> = m
            .subjects_to_notify()
            .into_iter()
            .map(|p| {
                let n = normalise_name(&p.name);
                let decided = d
                    .view
                    .notifications
                    .iter()
                    .rfind(|x| normalise_name(&x.subject) == n)
                    .map(|x| match &x.decision {
                        crate::core::model::NotificationDecision::Notified { on, .. } => {
                            crate::tui::i18n::decided_notified(self.lang, on)
                        }
                        crate::core::model::NotificationDecision::Exception {
                            approved_by, ..
                        } => crate::tui::i18n::decided_exception(self.lang, approved_by),
                        crate::core::model::NotificationDecision::ViaParent { parent, .. } => {
                            crate::tui::i18n::decided_via_parent(self.lang, parent)
                        }
                    });
                (p.name.clone(), decided)
            })
            .collect();
        if parents.is_empty() {
            self.fail(Ui::NobodyToNotify.text(self.lang));
            return;
        }
        let sel = parents.iter().position(|(_, d)| d.is_none()).unwrap_or(0);
        // A member's open request for an exception: the lead's form starts from its reason.
        let asked = self
            .escalations
            .iter()
            .rfind(|e| {
                e.item == d.view.id
                    && e.kind == EscalationKind::Exception
                    && e.resolved_at.is_none()
            })
            .and_then(|e| e.reason.clone());
        let to_notify = m.subjects_to_notify();
        let children = to_notify
            .iter()
            .map(|p| p.role == crate::core::model::PersonRole::Child)
            .collect();
        let parent_names = m
            .subjects
            .iter()
            .filter(|p| p.role == crate::core::model::PersonRole::Parent)
            .map(|p| p.name.clone())
            .collect();
        let start = NotifyForm {
            item: d.view.id,
            parents,
            children,
            parent_names,
            sel,
            exception: asked.is_some(),
            reason: asked.unwrap_or_default(),
            // The usual way, in the user's language (free text, kept as typed).
            channel: match self.lang {
                crate::core::lang::Lang::Nl => "brief",
                crate::core::lang::Lang::En => "letter",
            }
            .into(),
            date: self.now.date_naive().to_string(),
            review_on: (self.now.date_naive() + chrono::Days::new(DEFAULT_REVIEW_DAYS)).to_string(),
            ..Default::default()
        };
        self.notify_start = Some(start.clone());
        self.notify = Some(start);
        self.discard_asked = false;
        self.screen = Screen::Notify;
    }

    pub(super) fn form_key(&mut self, k: KeyEvent, key: Key) -> Vec<Request> {
        let act = self.keys.lookup(Ctx::Form, key);
        if act == Some(Act::Back) {
            let changed = match (&self.form, &self.form_start) {
                (Some(f), Some(start)) => f.differs_from(start),
                _ => false,
            };
            if changed && !self.discard_asked {
                // Nothing typed is lost on one key press.
                self.discard_asked = true;
                self.fail(Ui::DiscardAsk.text(self.lang));
                return Vec::new();
            }
            self.form = None;
            self.form_start = None;
            self.discard_asked = false;
            self.screen = Screen::Detail;
            return Vec::new();
        }
        self.discard_asked = false;
        let Some(f) = &mut self.form else {
            return Vec::new();
        };
        // In a text field, keys edit it at the cursor (←/→ too, except on a legal basis
        // still chosen from the list).
        let editing = match k.code {
            KeyCode::Char(_) => !key.ctrl && act.is_none(),
            KeyCode::Left | KeyCode::Right => !(f.focus == 6 && f.legal_basis_chosen()),
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Home | KeyCode::End => true,
            _ => false,
        };
        if editing {
            let mut cursor = f.cursor;
            if let Some(t) = f.text_mut()
                && edit_line(t, &mut cursor, k.code)
            {
                f.cursor = cursor;
                f.validate();
                return Vec::new();
            }
        }
        if k.code == KeyCode::Backspace && f.focus == 3 {
            f.subjects.pop();
            f.validate();
            return Vec::new();
        }
        match act {
            Some(Act::NextField) => f.focus_on(f.focus + 1),
            Some(Act::PrevField) => f.focus_on(f.focus + FORM_FIELDS - 1),
            Some(Act::Left) | Some(Act::Right) => {
                let fwd = act == Some(Act::Right);
                match f.focus {
                    2 => {
                        f.new_role = (f.new_role + if fwd { 1 } else { SUBJECT_ROLES.len() - 1 })
                            % SUBJECT_ROLES.len()
                    }
                    5 => {
                        f.secretly = match (f.secretly, fwd) {
                            (Secretly::Unknown, true) | (Secretly::No, false) => Secretly::Yes,
                            (Secretly::Yes, true) | (Secretly::Unknown, false) => Secretly::No,
                            _ => Secretly::Unknown,
                        }
                    }
                    6 => {
                        let i = LEGAL_BASES.iter().position(|l| *l == f.legal_basis);
                        let n = LEGAL_BASES.len();
                        let j = match (i, fwd) {
                            (None, true) => 0,
                            (None, false) => n - 1,
                            (Some(i), true) => (i + 1) % n,
                            (Some(i), false) => (i + n - 1) % n,
                        };
                        f.legal_basis = LEGAL_BASES[j].to_string();
                        f.cursor = f.legal_basis.chars().count();
                    }
                    _ => {}
                }
            }
            Some(Act::Remove) if f.focus == 3 => {
                f.subjects.pop();
            }
            // A name, then Enter: its role. An empty name: on to the purpose.
            Some(Act::Open) if f.focus == 1 => {
                if f.new_name.trim().is_empty() {
                    f.focus_on(4);
                } else {
                    f.focus_on(2);
                }
            }
            // The role chosen, Enter adds the subject; the next name can be typed.
            Some(Act::Open) if f.focus == 2 => {
                f.add_subject();
                f.focus_on(1);
            }
            Some(Act::Open) if f.focus < FORM_FIELDS - 1 => f.focus_on(f.focus + 1),
            Some(Act::Open) | Some(Act::Save) => {
                if matches!(f.focus, 1 | 2) {
                    f.add_subject();
                }
                if f.validate() {
                    return vec![Request::Describe(f.item, f.metadata())];
                }
            }
            _ => {}
        }
        f.validate();
        Vec::new()
    }

    pub(super) fn notify_key(&mut self, k: KeyEvent, key: Key) -> Vec<Request> {
        let act = self.keys.lookup(Ctx::Form, key);
        if act == Some(Act::Escalate) {
            // With an exception chosen, the request is for a lead's approval of it.
            let exception = self.notify.as_ref().is_some_and(|n| n.exception);
            self.prompt = Some(Prompt {
                kind: PromptKind::Escalate(if exception {
                    EscalationKind::Exception
                } else {
                    EscalationKind::Other
                }),
                text: String::new(),
            });
            return Vec::new();
        }
        if act == Some(Act::Back) {
            let changed = match (&self.notify, &self.notify_start) {
                (Some(n), Some(start)) => n.differs_from(start),
                _ => false,
            };
            if changed && !self.discard_asked {
                // Nothing chosen or typed is lost on one key press.
                self.discard_asked = true;
                self.fail(Ui::DiscardAsk.text(self.lang));
                return Vec::new();
            }
            self.notify = None;
            self.notify_start = None;
            self.discard_asked = false;
            self.screen = Screen::Detail;
            return Vec::new();
        }
        self.discard_asked = false;
        // Four eyes: the exception is approved by a lead other than the user.
        let leads: Vec<String> = self.overseers().iter().map(|u| u.name.clone()).collect();
        let nobody = self.nobody_to_oversee();
        let lang = self.lang;
        let today = self.now.date_naive();
        let Some(n) = &mut self.notify else {
            return Vec::new();
        };
        let fields = n.fields();
        // In a text field, keys edit it at the cursor.
        let editing = match k.code {
            KeyCode::Char(_) => !key.ctrl && act.is_none(),
            KeyCode::Left
            | KeyCode::Right
            | KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Home
            | KeyCode::End => true,
            _ => false,
        };
        if editing {
            let mut cursor = n.cursor;
            if let Some(t) = n.text_mut()
                && edit_line(t, &mut cursor, k.code)
            {
                n.cursor = cursor;
                return Vec::new();
            }
        }
        match act {
            Some(Act::NextField) => n.focus_on(n.focus + 1, fields),
            Some(Act::PrevField) => n.focus_on(n.focus + fields - 1, fields),
            Some(Act::Exception) => {
                n.exception = !n.exception;
                n.via_parent = false;
                n.focus = n.focus.min(1);
            }
            Some(Act::Left) | Some(Act::Right) => {
                let fwd = act == Some(Act::Right);
                match n.focus {
                    0 if !n.parents.is_empty() => {
                        let len = n.parents.len();
                        n.sel = (n.sel + if fwd { 1 } else { len - 1 }) % len;
                        if !n.via_allowed() {
                            n.via_parent = false;
                        }
                    }
                    1 => n.cycle_kind(fwd),
                    2 if n.via_parent && !n.parent_names.is_empty() => {
                        let len = n.parent_names.len();
                        n.via = (n.via + if fwd { 1 } else { len - 1 }) % len;
                    }
                    3 if n.exception => {
                        let len = EXCEPTION_GROUNDS.len();
                        n.ground = (n.ground + if fwd { 1 } else { len - 1 }) % len;
                    }
                    5 if n.exception && !leads.is_empty() => {
                        n.lead = (n.lead + if fwd { 1 } else { leads.len() - 1 }) % leads.len();
                        n.pin.clear();
                    }
                    _ => {}
                }
            }
            Some(Act::Open) if n.focus + 1 < fields => n.focus_on(n.focus + 1, fields),
            Some(Act::Open) | Some(Act::Save) => {
                let Some((subject, _)) = n.parents.get(n.sel).cloned() else {
                    return Vec::new();
                };
                let decision = if n.via_parent {
                    let Some(parent) = n.parent_names.get(n.via).cloned() else {
                        return Vec::new();
                    };
                    NotifyDecisionReq::ViaParent { parent }
                } else if n.exception {
                    let Some(lead) = leads.get(n.lead).cloned() else {
                        n.error = Some(
                            nobody.unwrap_or_else(|| Ui::NoLeadForException.text(lang).into()),
                        );
                        return Vec::new();
                    };
                    if n.reason.trim().is_empty() {
                        n.error = Some(Ui::ReasonEmpty.text(lang).into());
                        return Vec::new();
                    }
                    // The range (after today, within a year) is the store's to check.
                    let review_on = match crate::core::time::parse_date(&n.review_on) {
                        Ok(d) => d,
                        Err(e) => {
                            n.error = Some(e);
                            n.focus_on(4, fields);
                            return Vec::new();
                        }
                    };
                    let pin = Some(n.pin.clone());
                    if n.pin.is_empty() {
                        n.error = Some(crate::tui::i18n::pin_needed(lang, &lead));
                        n.focus_on(6, fields);
                        return Vec::new();
                    }
                    NotifyDecisionReq::Exception {
                        reason: n.reason.trim().to_string(),
                        approved_by: lead,
                        ground: EXCEPTION_GROUNDS[n.ground % EXCEPTION_GROUNDS.len()],
                        review_on,
                        pin,
                    }
                } else {
                    let on = match crate::core::time::parse_past_date(&n.date, self.now) {
                        Ok(d) => d,
                        Err(e) => {
                            n.error = Some(e);
                            return Vec::new();
                        }
                    };
                    if n.channel.trim().is_empty() {
                        n.error = Some(Ui::HowEmpty.text(lang).into());
                        return Vec::new();
                    }
                    let _ = today;
                    NotifyDecisionReq::Notified {
                        channel: n.channel.trim().to_string(),
                        on,
                    }
                };
                n.error = None;
                return vec![Request::Notify(n.item, subject, decision)];
            }
            _ => {}
        }
        Vec::new()
    }
}
