//! Opening and filling in the further-use form and the erasure-decision form.

use crossterm::event::{KeyCode, KeyEvent};

use super::forms::edit_line;
use super::messages::{GoAheadReq, Request};
use super::state::{App, Screen};
use super::use_form::{ERASURE_FIELDS, ErasureForm, USE_FIELDS, UseForm};
use crate::core::model::Stage;
use crate::tui::i18n::Ui;
use crate::tui::keymap::{Act, Key};

/// Whether a key edits the focused text field (characters that are no form key, and the
/// keys that move in or delete from a line).
pub(super) fn edits(k: &KeyEvent, key: Key, act: Option<Act>) -> bool {
    match k.code {
        KeyCode::Char(_) => !key.ctrl && act.is_none(),
        KeyCode::Left
        | KeyCode::Right
        | KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Home
        | KeyCode::End => true,
        _ => false,
    }
}

/// The next of `len` choices after `i` (or before it).
pub(super) fn step(i: usize, len: usize, fwd: bool) -> usize {
    if len == 0 {
        return 0;
    }
    (i + if fwd { 1 } else { len - 1 }) % len
}

impl App {
    /// Esc on a form: a changed one asks first (nothing is lost on one key press); true when
    /// the form is to close.
    pub(super) fn leave_form(&mut self, changed: bool) -> bool {
        if changed && !self.discard_asked {
            self.discard_asked = true;
            self.fail(Ui::DiscardAsk.text(self.lang));
            return false;
        }
        self.discard_asked = false;
        self.screen = Screen::Detail;
        true
    }

    pub(super) fn open_use(&mut self) {
        let Some(d) = &self.detail else { return };
        if d.view.stage == Stage::Deleted {
            self.fail(Ui::RecordingDeleted.text(self.lang));
            return;
        }
        let start = UseForm {
            item: d.view.id,
            ..Default::default()
        };
        self.use_start = Some(start.clone());
        self.use_form = Some(start);
        self.discard_asked = false;
        self.screen = Screen::Use;
    }

    pub(super) fn use_key(&mut self, k: KeyEvent, key: Key) -> Vec<Request> {
        let act = self.keys.lookup(crate::tui::keymap::Ctx::Form, key);
        if act == Some(Act::Back) {
            let changed = match (&self.use_form, &self.use_start) {
                (Some(f), Some(s)) => f.differs_from(s),
                _ => false,
            };
            if self.leave_form(changed) {
                self.use_form = None;
                self.use_start = None;
            }
            return Vec::new();
        }
        self.discard_asked = false;
        // Four eyes: going ahead is approved by a lead other than the user.
        let leads: Vec<String> = self.overseers().iter().map(|u| u.name.clone()).collect();
        let nobody = self.nobody_to_oversee();
        let lang = self.lang;
        let Some(f) = &mut self.use_form else {
            return Vec::new();
        };
        if edits(&k, key, act) {
            let mut cursor = f.cursor;
            if let Some(t) = f.text_mut()
                && edit_line(t, &mut cursor, k.code)
            {
                f.cursor = cursor;
                return Vec::new();
            }
        }
        match act {
            Some(Act::NextField) => f.focus_on(f.focus + 1),
            Some(Act::PrevField) => f.focus_on(f.focus + USE_FIELDS - 1),
            Some(Act::Left) | Some(Act::Right) if f.focus == 4 => {
                f.lead = step(f.lead, leads.len(), act == Some(Act::Right));
                f.pin.clear();
            }
            Some(Act::Open) if f.focus + 1 < USE_FIELDS => f.focus_on(f.focus + 1),
            Some(Act::Open) | Some(Act::Save) => {
                // Going ahead needs a lead and their PIN; whether anything waits, and whether
                // the reason and the lead will do, is the store's to say.
                let ahead = if f.reason.trim().is_empty() {
                    None
                } else {
                    let Some(lead) = leads.get(f.lead).cloned() else {
                        f.error =
                            Some(nobody.unwrap_or_else(|| Ui::NoLeadToSupervise.text(lang).into()));
                        return Vec::new();
                    };
                    if f.pin.is_empty() {
                        f.error = Some(crate::tui::i18n::pin_needed(lang, &lead));
                        f.focus_on(5);
                        return Vec::new();
                    }
                    Some(GoAheadReq {
                        reason: f.reason.trim().to_string(),
                        approved_by: lead,
                        pin: Some(f.pin.clone()),
                    })
                };
                f.error = None;
                return vec![Request::RecordUse {
                    item: f.item,
                    purpose: f.purpose.trim().to_string(),
                    recipient: f.recipient.trim().to_string(),
                    summary: f.summary.trim().to_string(),
                    ahead,
                }];
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn open_erasure(&mut self) {
        let Some(d) = &self.detail else { return };
        if d.view.stage == Stage::Deleted {
            self.fail(Ui::RecordingDeleted.text(self.lang));
            return;
        }
        let subjects: Vec<String> = d
            .erasure
            .iter()
            .filter(|e| e.open())
            .filter_map(|e| e.subject.clone())
            .collect();
        if subjects.is_empty() {
            self.fail(Ui::NoOpenErasure.text(self.lang));
            return;
        }
        let start = ErasureForm {
            item: d.view.id,
            subjects,
            ..Default::default()
        };
        self.erasure_start = Some(start.clone());
        self.erasure_form = Some(start);
        self.discard_asked = false;
        self.screen = Screen::Erasure;
    }

    pub(super) fn erasure_key(&mut self, k: KeyEvent, key: Key) -> Vec<Request> {
        let act = self.keys.lookup(crate::tui::keymap::Ctx::Form, key);
        if act == Some(Act::Back) {
            let changed = match (&self.erasure_form, &self.erasure_start) {
                (Some(f), Some(s)) => f.differs_from(s),
                _ => false,
            };
            if self.leave_form(changed) {
                self.erasure_form = None;
                self.erasure_start = None;
            }
            return Vec::new();
        }
        self.discard_asked = false;
        let lang = self.lang;
        let Some(f) = &mut self.erasure_form else {
            return Vec::new();
        };
        if f.focus == 2 && edits(&k, key, act) {
            let mut cursor = f.cursor;
            if edit_line(&mut f.reason, &mut cursor, k.code) {
                f.cursor = cursor;
                return Vec::new();
            }
        }
        match act {
            Some(Act::NextField) => f.focus_on(f.focus + 1),
            Some(Act::PrevField) => f.focus_on(f.focus + ERASURE_FIELDS - 1),
            Some(Act::Left) | Some(Act::Right) => {
                let fwd = act == Some(Act::Right);
                match f.focus {
                    0 => f.sel = step(f.sel, f.subjects.len(), fwd),
                    // Granted, refused, round and round (nothing chosen: either way starts).
                    1 => {
                        f.granted = Some(match f.granted {
                            None => fwd,
                            Some(g) => !g,
                        })
                    }
                    _ => {}
                }
            }
            Some(Act::Open) if f.focus + 1 < ERASURE_FIELDS => f.focus_on(f.focus + 1),
            Some(Act::Open) | Some(Act::Save) => {
                let Some(subject) = f.subjects.get(f.sel).cloned() else {
                    return Vec::new();
                };
                let Some(granted) = f.granted else {
                    f.error = Some(Ui::ChooseDecision.text(lang).into());
                    f.focus_on(1);
                    return Vec::new();
                };
                f.error = None;
                return vec![Request::DecideErasure {
                    item: f.item,
                    subject,
                    granted,
                    reason: f.reason.trim().to_string(),
                }];
            }
            _ => {}
        }
        Vec::new()
    }
}
