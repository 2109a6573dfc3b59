//! The further-use form and the erasure-decision form: what the command line's `use` and
//! `erasure decide` ask, collected on the item screen (their keys: `use_input`). The rules are
//! the store's: these forms only check that what a request needs is there, and show the
//! store's refusal when it comes.

/// The further-use form's fields, in order: purpose, recipient, summary, then going ahead
/// anyway: reason, approving lead, their PIN; save.
pub const USE_FIELDS: usize = 7;

/// A further use of the item (`earshot use`).
#[derive(Debug, Clone, Default)]
pub struct UseForm {
    pub item: i64,
    pub purpose: String,
    pub recipient: String,
    pub summary: String,
    /// Why the use goes ahead before a reply or a complaint's decision (empty: it does not).
    pub reason: String,
    /// Index into the other leads (`App::overseers`).
    pub lead: usize,
    pub pin: String,
    pub focus: usize,
    /// Where typing goes in the focused text field, in characters.
    pub cursor: usize,
    pub error: Option<String>,
}

impl UseForm {
    /// Whether anything typed or chosen differs from `other` (what Esc would lose).
    pub fn differs_from(&self, other: &UseForm) -> bool {
        (
            &self.purpose,
            &self.recipient,
            &self.summary,
            &self.reason,
            self.lead,
            &self.pin,
        ) != (
            &other.purpose,
            &other.recipient,
            &other.summary,
            &other.reason,
            other.lead,
            &other.pin,
        )
    }

    /// The focused text field's text, if the focus is on one.
    pub fn text(&self) -> Option<&str> {
        match self.focus {
            0 => Some(&self.purpose),
            1 => Some(&self.recipient),
            2 => Some(&self.summary),
            3 => Some(&self.reason),
            5 => Some(&self.pin),
            _ => None,
        }
    }

    pub(super) fn text_mut(&mut self) -> Option<&mut String> {
        match self.focus {
            0 => Some(&mut self.purpose),
            1 => Some(&mut self.recipient),
            2 => Some(&mut self.summary),
            3 => Some(&mut self.reason),
            5 => Some(&mut self.pin),
            _ => None,
        }
    }

    pub(super) fn focus_on(&mut self, i: usize) {
        self.focus = i % USE_FIELDS;
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }
}

/// The erasure-decision form's fields: whose request, granted or refused, the reason, save.
pub const ERASURE_FIELDS: usize = 4;

/// A decision on a subject's erasure request (`earshot erasure decide`).
#[derive(Debug, Clone, Default)]
pub struct ErasureForm {
    pub item: i64,
    /// The subjects whose request is open.
    pub subjects: Vec<String>,
    pub sel: usize,
    /// Granted (`Some(true)`) or refused; nothing chosen yet at first.
    pub granted: Option<bool>,
    pub reason: String,
    pub focus: usize,
    pub cursor: usize,
    pub error: Option<String>,
}

impl ErasureForm {
    pub fn differs_from(&self, other: &ErasureForm) -> bool {
        (self.sel, self.granted, &self.reason) != (other.sel, other.granted, &other.reason)
    }

    pub fn text(&self) -> Option<&str> {
        (self.focus == 2).then_some(self.reason.as_str())
    }

    pub(super) fn focus_on(&mut self, i: usize) {
        self.focus = i % ERASURE_FIELDS;
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }
}
