//! The two forms: an item's metadata, and the decision about notifying a parent.

use crossterm::event::KeyCode;

use crate::core::model::{
    ExceptionGround, ItemId, Metadata, Person, PersonRole, Secretly, normalise_name,
};

/// The common legal bases offered in the form (a team can type another).
pub const LEGAL_BASES: &[&str] = &[
    "Jeugdwet art. 7.4.0",
    "AVG art. 6 lid 1 sub e (publieke taak)",
    "AVG art. 6 lid 1 sub c (wettelijke plicht)",
    "AVG art. 9 lid 2 sub h (zorg)",
];

/// The metadata form.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub item: ItemId,
    pub sender: String,
    pub subjects: Vec<Person>,
    pub new_name: String,
    pub new_role: usize,
    pub purpose: String,
    pub secretly: Secretly,
    pub legal_basis: String,
    pub processing: String,
    pub focus: usize,
    /// Where typing goes in the focused text field, in characters.
    pub cursor: usize,
    pub errors: Vec<String>,
}

/// The metadata form's fields, in order: sender, a new subject's name, its role, the
/// subjects so far, purpose, recorded secretly, legal basis, the team's purpose, save.
pub const FORM_FIELDS: usize = 9;
/// The grounds an exception to notifying may rest on, in the order the form offers them.
pub const EXCEPTION_GROUNDS: [ExceptionGround; 4] = [
    ExceptionGround::Meldcode,
    ExceptionGround::VeiligThuis,
    ExceptionGround::Investigation,
    ExceptionGround::Other,
];
/// The review date the form proposes: three months ahead.
pub const DEFAULT_REVIEW_DAYS: u64 = 91;
pub const SUBJECT_ROLES: [PersonRole; 4] = [
    PersonRole::Parent,
    PersonRole::Child,
    PersonRole::Professional,
    PersonRole::Other,
];

impl Form {
    /// Whether the values typed or chosen differ from `other`'s (where the cursor is and the
    /// errors shown do not count).
    pub fn differs_from(&self, other: &Form) -> bool {
        (
            &self.sender,
            &self.subjects,
            &self.new_name,
            self.new_role,
            &self.purpose,
            self.secretly,
            &self.legal_basis,
            &self.processing,
        ) != (
            &other.sender,
            &other.subjects,
            &other.new_name,
            other.new_role,
            &other.purpose,
            other.secretly,
            &other.legal_basis,
            &other.processing,
        )
    }

    pub fn metadata(&self) -> Metadata {
        let opt = |s: &str| {
            if s.trim().is_empty() {
                None
            } else {
                Some(s.trim().to_string())
            }
        };
        Metadata {
            sender: opt(&self.sender),
            subjects: self.subjects.clone(),
            purpose: opt(&self.purpose),
            secretly: self.secretly,
            legal_basis: opt(&self.legal_basis),
            processing_purpose: opt(&self.processing),
        }
    }
    pub(super) fn text_mut(&mut self) -> Option<&mut String> {
        match self.focus {
            0 => Some(&mut self.sender),
            1 => Some(&mut self.new_name),
            4 => Some(&mut self.purpose),
            6 => Some(&mut self.legal_basis),
            7 => Some(&mut self.processing),
            _ => None,
        }
    }

    /// The focused text field's text, if the focus is on one.
    pub fn text(&self) -> Option<&str> {
        match self.focus {
            0 => Some(&self.sender),
            1 => Some(&self.new_name),
            4 => Some(&self.purpose),
            6 => Some(&self.legal_basis),
            7 => Some(&self.processing),
            _ => None,
        }
    }

    /// Moves the focus to field `i`, the cursor to the end of its text.
    pub(super) fn focus_on(&mut self, i: usize) {
        self.focus = i % FORM_FIELDS;
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }

    /// Whether the legal basis is one of the common ones (or empty): ←/→ then choose among
    /// them; a basis of the team's own typing is edited like any text.
    pub fn legal_basis_chosen(&self) -> bool {
        self.legal_basis.is_empty() || LEGAL_BASES.contains(&self.legal_basis.as_str())
    }
    pub(super) fn add_subject(&mut self) {
        let name = self.new_name.trim().to_string();
        if name.is_empty() {
            return;
        }
        let role = SUBJECT_ROLES[self.new_role % SUBJECT_ROLES.len()];
        let n = normalise_name(&name);
        self.subjects.retain(|p| normalise_name(&p.name) != n);
        self.subjects.push(Person { name, role });
        self.new_name.clear();
    }
    pub(super) fn validate(&mut self) -> bool {
        self.errors = self.metadata().validate().err().unwrap_or_default();
        self.errors.is_empty()
    }
}

/// The notification-decision form.
#[derive(Debug, Clone, Default)]
pub struct NotifyForm {
    pub item: ItemId,
    /// Subjects other than the sender, with their decision so far (if any).
    pub parents: Vec<(String, Option<String>)>,
    /// Which of them are children (who may be told through a parent).
    pub children: Vec<bool>,
    /// The subjects with the role parent: whom a child may be told through.
    pub parent_names: Vec<String>,
    pub sel: usize,
    pub exception: bool,
    /// The child is told through a parent (`parent_names[via]`); excludes `exception`.
    pub via_parent: bool,
    pub via: usize,
    pub channel: String,
    pub date: String,
    pub reason: String,
    /// Index into [`EXCEPTION_GROUNDS`].
    pub ground: usize,
    /// When the exception is weighed again (YYYY-MM-DD).
    pub review_on: String,
    pub lead: usize,
    pub pin: String,
    pub focus: usize,
    /// Where typing goes in the focused text field, in characters.
    pub cursor: usize,
    pub error: Option<String>,
}

impl NotifyForm {
    /// Whether anything the user chose or typed differs from `other` (what Esc would lose).
    pub fn differs_from(&self, other: &NotifyForm) -> bool {
        (
            self.sel,
            self.exception,
            (self.via_parent, self.via),
            &self.channel,
            &self.date,
            &self.reason,
            self.ground,
            &self.review_on,
            self.lead,
            &self.pin,
        ) != (
            other.sel,
            other.exception,
            (other.via_parent, other.via),
            &other.channel,
            &other.date,
            &other.reason,
            other.ground,
            &other.review_on,
            other.lead,
            &other.pin,
        )
    }
}

/// One line of text edited at a cursor (counted in characters): typing inserts there,
/// Backspace and Delete remove the character before and after it, ←/→, Home and End move it.
/// Returns whether the key was one of these.
pub(super) fn edit_line(text: &mut String, cursor: &mut usize, code: KeyCode) -> bool {
    let n = text.chars().count();
    *cursor = (*cursor).min(n);
    let byte = |s: &str, i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
    match code {
        KeyCode::Char(c) => {
            text.insert(byte(text, *cursor), c);
            *cursor += 1;
        }
        KeyCode::Backspace => {
            if *cursor > 0 {
                text.remove(byte(text, *cursor - 1));
                *cursor -= 1;
            }
        }
        KeyCode::Delete => {
            if *cursor < n {
                text.remove(byte(text, *cursor));
            }
        }
        KeyCode::Left => *cursor = cursor.saturating_sub(1),
        KeyCode::Right => *cursor = (*cursor + 1).min(n),
        KeyCode::Home => *cursor = 0,
        KeyCode::End => *cursor = n,
        _ => return false,
    }
    true
}

impl NotifyForm {
    /// The focused text field, if the focus is on one: notified: 2 channel, 3 date;
    /// exception: 2 reason, 4 review date, 6 PIN.
    /// Whether the selected subject may be told through a parent: a child, with a parent on
    /// the recording.
    pub fn via_allowed(&self) -> bool {
        self.children.get(self.sel).copied().unwrap_or(false) && !self.parent_names.is_empty()
    }

    /// How many fields the form has in its present mode: 0 subject, 1 kind, then notified:
    /// 2 channel, 3 date, 4 save; exception: 2 reason, 3 ground, 4 review date, 5 lead, 6 PIN,
    /// 7 save; through a parent: 2 parent, 3 save.
    pub fn fields(&self) -> usize {
        if self.via_parent {
            4
        } else if self.exception {
            8
        } else {
            5
        }
    }

    /// The next kind of decision (←/→ on the kind): notified, through a parent (for a child),
    /// exception.
    pub(super) fn cycle_kind(&mut self, fwd: bool) {
        let mut kinds = vec![(false, false)];
        if self.via_allowed() {
            kinds.push((false, true));
        }
        kinds.push((true, false));
        let now = kinds
            .iter()
            .position(|k| *k == (self.exception, self.via_parent))
            .unwrap_or(0);
        let len = kinds.len();
        let next = kinds[(now + if fwd { 1 } else { len - 1 }) % len];
        (self.exception, self.via_parent) = next;
    }

    pub fn text(&self) -> Option<&str> {
        if self.via_parent {
            return None;
        }
        match (self.exception, self.focus) {
            (false, 2) => Some(&self.channel),
            (false, 3) => Some(&self.date),
            (true, 2) => Some(&self.reason),
            (true, 4) => Some(&self.review_on),
            (true, 6) => Some(&self.pin),
            _ => None,
        }
    }

    pub(super) fn text_mut(&mut self) -> Option<&mut String> {
        if self.via_parent {
            return None;
        }
        match (self.exception, self.focus) {
            (false, 2) => Some(&mut self.channel),
            (false, 3) => Some(&mut self.date),
            (true, 2) => Some(&mut self.reason),
            (true, 4) => Some(&mut self.review_on),
            (true, 6) => Some(&mut self.pin),
            _ => None,
        }
    }

    /// Moves the focus to field `i` of `fields`, the cursor to the end of its text.
    pub(super) fn focus_on(&mut self, i: usize, fields: usize) {
        self.focus = i % fields.max(1);
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }
}
