//! The two forms: an item's metadata, and the decision about notifying a parent.

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
    pub errors: Vec<String>,
}

pub const FORM_FIELDS: usize = 8;
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
            3 => Some(&mut self.purpose),
            5 => Some(&mut self.legal_basis),
            6 => Some(&mut self.processing),
            _ => None,
        }
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
    /// Parents other than the sender, with their decision so far (if any).
    pub parents: Vec<(String, Option<String>)>,
    pub sel: usize,
    pub exception: bool,
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
    pub error: Option<String>,
}

impl NotifyForm {
    /// Whether anything the user chose or typed differs from `other` (what Esc would lose).
    pub fn differs_from(&self, other: &NotifyForm) -> bool {
        (
            self.sel,
            self.exception,
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
