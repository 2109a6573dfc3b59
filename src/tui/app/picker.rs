//! Choosing from a short list in a box: the member an item is assigned to (`a`), and what a
//! request to the team leaders asks for (`x`), before its reason is typed.

use crossterm::event::KeyCode;

use super::messages::Request;
use super::state::{App, Picker, PickerKind, Prompt, PromptKind};
use crate::store::triage::EscalationKind;

/// The kinds a request can be, in the order the picker offers them.
pub const ESCALATION_KINDS: [EscalationKind; 3] = [
    EscalationKind::Other,
    EscalationKind::Preview,
    EscalationKind::Exception,
];

impl App {
    /// The roster to pick an assignee from: every member, the item's current one marked.
    pub(super) fn pick_assignee(&mut self) {
        let Some(d) = &self.detail else { return };
        let now = self
            .rows
            .iter()
            .find(|r| r.id == d.view.id)
            .and_then(|r| r.assigned_to.clone());
        let lang = self.lang;
        let options: Vec<(String, String)> = self
            .team
            .iter()
            .map(|(u, _)| {
                let role = crate::tui::i18n::Ui::role(u.role).text(lang);
                let mark = if now.as_deref() == Some(u.name.as_str()) {
                    " ✓"
                } else {
                    ""
                };
                (u.name.clone(), format!("{} ({role}){mark}", u.name))
            })
            .collect();
        let sel = options
            .iter()
            .position(|(n, _)| Some(n) == now.as_ref())
            .unwrap_or(0);
        self.picker = Some(Picker {
            kind: PickerKind::Assignee,
            options,
            sel,
        });
    }

    /// The kinds of request, each in words.
    pub(super) fn pick_escalation_kind(&mut self) {
        let options = ESCALATION_KINDS
            .iter()
            .map(|k| {
                (
                    k.as_str().to_string(),
                    crate::tui::i18n::escalation_kind_words(self.lang, *k).to_string(),
                )
            })
            .collect();
        self.picker = Some(Picker {
            kind: PickerKind::EscalationKind,
            options,
            sel: 0,
        });
    }

    /// A key while the picker is open.
    pub(super) fn picker_key(&mut self, code: KeyCode) -> Vec<Request> {
        let Some(p) = self.picker.as_mut() else {
            return Vec::new();
        };
        let last = p.options.len().saturating_sub(1);
        match code {
            KeyCode::Esc => self.picker = None,
            KeyCode::Up | KeyCode::Char('k') => p.sel = p.sel.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => p.sel = (p.sel + 1).min(last),
            KeyCode::Home | KeyCode::Char('g') => p.sel = 0,
            KeyCode::End | KeyCode::Char('G') => p.sel = last,
            KeyCode::Enter => {
                let Some(p) = self.picker.take() else {
                    return Vec::new();
                };
                let Some((value, _)) = p.options.get(p.sel).cloned() else {
                    return Vec::new();
                };
                let item = self.detail.as_ref().map(|d| d.view.id);
                match (p.kind, item) {
                    // Whoever chooses, the store decides (a worker's assignment is refused).
                    (PickerKind::Assignee, Some(item)) => {
                        return vec![Request::Assign(item, value)];
                    }
                    (PickerKind::EscalationKind, Some(_)) => {
                        let kind = EscalationKind::parse(&value).unwrap_or(EscalationKind::Other);
                        self.prompt = Some(Prompt {
                            kind: PromptKind::Escalate(kind),
                            text: String::new(),
                        });
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
