//! Opening and filling in the access copy form, and marking on its waveform the parts to
//! make silent.

use crossterm::event::KeyEvent;

use super::access_form::{ACCESS_FIELDS, AccessForm, REASON_FIELD, WAVEFORM_FIELD, range_time};
use super::forms::edit_line;
use super::messages::Request;
use super::state::{App, LONG_STEP_MS, STEP_MS, Screen};
use crate::core::lang::Lang;
use crate::core::model::Stage;
use crate::tui::i18n::{self, Ui};
use crate::tui::keymap::{Act, Ctx, Key};

/// The folder offered first: a new one in the current folder, named after the item.
fn default_folder(lang: Lang, item: i64) -> String {
    match lang {
        Lang::Nl => format!("afschrift-opname-{item}"),
        Lang::En => format!("access-copy-item-{item}"),
    }
}

/// The folder as typed, made whole on this machine (where the UI runs, and where the files
/// are written, through the guardian too): `~/` is the home folder, a relative path is from
/// the current folder.
fn whole_path(typed: &str) -> std::path::PathBuf {
    let typed = typed.trim();
    let p = match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(typed),
    };
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    }
}

impl App {
    /// Who may approve a grant: the other team leaders first, then the user if a lead (the
    /// store lets a lead approve a subject's access themself: a right with a deadline).
    pub fn approvers(&self) -> Vec<String> {
        let mut v: Vec<String> = self.overseers().iter().map(|u| u.name.clone()).collect();
        if self.user.is_lead() {
            v.push(self.user.name.clone());
        }
        v
    }

    pub(super) fn open_access(&mut self) {
        let Some(d) = &self.detail else { return };
        if d.view.stage == Stage::Deleted {
            self.fail(Ui::RecordingDeleted.text(self.lang));
            return;
        }
        let meta = d.view.metadata.clone().unwrap_or_default();
        let mut subjects: Vec<String> = meta.subjects.iter().map(|p| p.name.clone()).collect();
        if let Some(s) = meta.sender.filter(|s| !subjects.contains(s)) {
            subjects.push(s);
        }
        if subjects.is_empty() {
            self.fail(Ui::NoSubjectsYet.text(self.lang));
            return;
        }
        if self.approvers().is_empty() {
            self.fail(Ui::NoLeadToApprove.text(self.lang));
            return;
        }
        let start = AccessForm {
            item: d.view.id,
            duration_ms: (d.view.duration_s * 1000.0).round().max(0.0) as u64,
            subjects,
            out: default_folder(self.lang, d.view.id),
            lang: self.lang,
            ..Default::default()
        };
        self.access_start = Some(start.clone());
        self.access_form = Some(start);
        self.discard_asked = false;
        self.screen = Screen::Access;
    }

    pub(super) fn access_key(&mut self, k: KeyEvent, key: Key) -> Vec<Request> {
        let on_waveform = self
            .access_form
            .as_ref()
            .is_some_and(|f| f.focus == WAVEFORM_FIELD);
        let ctx = if on_waveform { Ctx::Mute } else { Ctx::Form };
        let act = self.keys.lookup(ctx, key);
        // Done (or sent): Esc goes back to the item; nothing else is typed.
        if let Some(f) = &self.access_form
            && (f.done.is_some() || f.busy)
        {
            if f.done.is_some() && matches!(act, Some(Act::Back) | Some(Act::Open)) {
                self.access_form = None;
                self.access_start = None;
                self.screen = Screen::Detail;
            }
            return Vec::new();
        }
        if act == Some(Act::Help) {
            self.help = true;
            self.help_page = 0;
            return Vec::new();
        }
        if act == Some(Act::Back) {
            let changed = match (&self.access_form, &self.access_start) {
                (Some(f), Some(s)) => f.differs_from(s),
                _ => false,
            };
            if self.leave_form(changed) {
                self.access_form = None;
                self.access_start = None;
            }
            return Vec::new();
        }
        self.discard_asked = false;
        let approvers = self.approvers();
        let me = self.user.name.clone();
        let lang = self.lang;
        let Some(f) = &mut self.access_form else {
            return Vec::new();
        };
        if !on_waveform && super::use_input::edits(&k, key, act) {
            let mut cursor = f.cursor;
            if let Some(t) = f.text_mut()
                && edit_line(t, &mut cursor, k.code)
            {
                f.cursor = cursor;
                return Vec::new();
            }
        }
        let fwd = matches!(act, Some(Act::Right));
        match act {
            Some(Act::NextField) => f.focus_on(f.focus + 1),
            Some(Act::PrevField) => f.focus_on(f.focus + ACCESS_FIELDS - 1),
            Some(Act::Left) | Some(Act::Right) => match f.focus {
                0 => f.sel = super::use_input::step(f.sel, f.subjects.len(), fwd),
                1 => {
                    f.lead = super::use_input::step(f.lead, approvers.len(), fwd);
                    f.pin.clear();
                }
                5 => {
                    f.lang = match f.lang {
                        Lang::Nl => Lang::En,
                        Lang::En => Lang::Nl,
                    }
                }
                WAVEFORM_FIELD => f.step(if fwd {
                    STEP_MS as i64
                } else {
                    -(STEP_MS as i64)
                }),
                _ => {}
            },
            Some(Act::BackLong) => f.step(-(LONG_STEP_MS as i64)),
            Some(Act::ForwardLong) => f.step(LONG_STEP_MS as i64),
            Some(Act::Top) => f.move_to(0),
            Some(Act::Bottom) => f.move_to(f.duration_ms),
            Some(Act::Mark) => {
                f.error = None;
                f.mark();
            }
            Some(Act::Unmark) | Some(Act::Remove) if on_waveform => {
                f.error = None;
                f.unmark();
            }
            Some(Act::Open) if f.focus + 1 < ACCESS_FIELDS => f.focus_on(f.focus + 1),
            Some(Act::Open) | Some(Act::Save) => {
                let Some(subject) = f.subjects.get(f.sel).cloned() else {
                    return Vec::new();
                };
                let Some(lead) = approvers.get(f.lead).cloned() else {
                    f.error = Some(Ui::NoLeadToApprove.text(lang).into());
                    return Vec::new();
                };
                // What is missing, and where to fill it in.
                let missing = if lead != me && f.pin.is_empty() {
                    Some((i18n::pin_needed(lang, &lead), 2))
                } else if f.identity.trim().is_empty() {
                    Some((Ui::IdentityRequired.text(lang).to_string(), 3))
                } else if f.out.trim().is_empty() {
                    Some((Ui::OutRequired.text(lang).to_string(), 4))
                } else if let Some(s) = f.start_ms {
                    Some((
                        i18n::start_marked(lang, &range_time(lang, s)),
                        WAVEFORM_FIELD,
                    ))
                } else if !f.ranges.is_empty() && f.reason.trim().is_empty() {
                    Some((Ui::ReasonRequired.text(lang).to_string(), REASON_FIELD))
                } else {
                    None
                };
                if let Some((why, field)) = missing {
                    f.error = Some(why);
                    f.focus_on(field);
                    return Vec::new();
                }
                f.error = None;
                f.busy = true;
                let muted = !f.ranges.is_empty();
                return vec![Request::GrantAccess {
                    item: f.item,
                    subject,
                    pin: (lead != me).then(|| f.pin.clone()),
                    approved_by: lead,
                    identity_checked: f.identity.trim().to_string(),
                    out: whole_path(&f.out),
                    lang: f.lang,
                    mute_ms: f.ranges.clone(),
                    mute_reason: muted.then(|| f.reason.trim().to_string()),
                }];
            }
            _ => {}
        }
        Vec::new()
    }

    /// A click on the access form's waveform puts the cursor there.
    pub(super) fn access_click(&mut self, column: u16) {
        let w = self.hit.waveform;
        let Some(f) = &mut self.access_form else {
            return;
        };
        if f.done.is_some() || f.busy {
            return;
        }
        let at = u64::from(column.saturating_sub(w.x)) * f.duration_ms / u64::from(w.width.max(1));
        f.focus_on(WAVEFORM_FIELD);
        f.move_to(at);
    }
}
