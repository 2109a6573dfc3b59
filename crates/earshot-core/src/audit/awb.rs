//! The parts of the complaint procedure (Awb chapter 9) the log records beyond the register's
//! clock: the hearing (art. 9:10), or why it was skipped; the letters written to the
//! complainant (acknowledgement, art. 9:6; postponement, art. 9:11(2); decision, art. 9:12);
//! and their words, Dutch and English.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Why a complainant was not heard (Awb art. 9:10(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HearingSkip {
    /// The complaint is manifestly unfounded (9:10(2)(a)).
    ManifestlyUnfounded,
    /// The complainant said they do not wish to be heard (9:10(2)(b)).
    Waived,
    /// The complainant did not say, within the reasonable time given, that they wish to be
    /// heard (9:10(2)(c)).
    NoResponse,
}

impl HearingSkip {
    /// `manifestly_unfounded`, `waived` or `no_response`, as the store and the log keep it.
    pub fn as_str(&self) -> &'static str {
        match self {
            HearingSkip::ManifestlyUnfounded => "manifestly_unfounded",
            HearingSkip::Waived => "waived",
            HearingSkip::NoResponse => "no_response",
        }
    }

    /// Reads the stored word, or the command line's (`manifestly-unfounded`).
    pub fn parse(s: &str) -> Option<HearingSkip> {
        match s.replace('-', "_").as_str() {
            "manifestly_unfounded" => Some(HearingSkip::ManifestlyUnfounded),
            "waived" => Some(HearingSkip::Waived),
            "no_response" => Some(HearingSkip::NoResponse),
            _ => None,
        }
    }

    /// Why the complainant was not heard, as a clause ("the complaint was manifestly
    /// unfounded").
    pub fn text(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (HearingSkip::ManifestlyUnfounded, Lang::Nl) => "de klacht was kennelijk ongegrond",
            (HearingSkip::ManifestlyUnfounded, Lang::En) => {
                "the complaint was manifestly unfounded"
            }
            (HearingSkip::Waived, Lang::Nl) => "de klager wilde niet worden gehoord",
            (HearingSkip::Waived, Lang::En) => "the complainant did not wish to be heard",
            (HearingSkip::NoResponse, Lang::Nl) => {
                "de klager liet niet op tijd weten te willen worden gehoord"
            }
            (HearingSkip::NoResponse, Lang::En) => {
                "the complainant did not say in time that they wished to be heard"
            }
        }
    }
}

/// The letters to a complainant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComplaintLetterKind {
    /// The written confirmation of receipt (Awb art. 9:6).
    #[serde(rename = "complaint-ack")]
    Ack,
    /// The written postponement of the decision (Awb art. 9:11(2)).
    #[serde(rename = "complaint-postpone")]
    Postpone,
    /// The written decision, with the route to the ombudsman (Awb art. 9:12).
    #[serde(rename = "complaint-decision")]
    Decision,
}

impl ComplaintLetterKind {
    /// `complaint-ack`, `complaint-postpone` or `complaint-decision`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ComplaintLetterKind::Ack => "complaint-ack",
            ComplaintLetterKind::Postpone => "complaint-postpone",
            ComplaintLetterKind::Decision => "complaint-decision",
        }
    }

    pub fn parse(s: &str) -> Option<ComplaintLetterKind> {
        match s {
            "complaint-ack" => Some(ComplaintLetterKind::Ack),
            "complaint-postpone" => Some(ComplaintLetterKind::Postpone),
            "complaint-decision" => Some(ComplaintLetterKind::Decision),
            _ => None,
        }
    }

    fn noun(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ComplaintLetterKind::Ack, Lang::Nl) => "ontvangstbevestiging",
            (ComplaintLetterKind::Ack, Lang::En) => "acknowledgement",
            (ComplaintLetterKind::Postpone, Lang::Nl) => "verdagingsbrief",
            (ComplaintLetterKind::Postpone, Lang::En) => "postponement letter",
            (ComplaintLetterKind::Decision, Lang::Nl) => "beslissing",
            (ComplaintLetterKind::Decision, Lang::En) => "decision letter",
        }
    }
}

/// The words of a `complaint.hear` entry.
pub(super) fn hear_words(
    lang: Lang,
    complaint: i64,
    on: &NaiveDate,
    by: &str,
    skipped: Option<HearingSkip>,
) -> String {
    let day = lang.date(*on);
    match (lang, skipped) {
        (Lang::Nl, None) => format!("klager van klacht {complaint} gehoord op {day} door {by}"),
        (Lang::En, None) => {
            format!("complainant of complaint {complaint} heard on {day} by {by}")
        }
        (Lang::Nl, Some(why)) => format!(
            "klager van klacht {complaint} niet gehoord ({}), vastgelegd op {day} door {by}",
            why.text(lang)
        ),
        (Lang::En, Some(why)) => format!(
            "complainant of complaint {complaint} not heard ({}), recorded on {day} by {by}",
            why.text(lang)
        ),
    }
}

/// The words of a `complaint.letter` entry.
pub(super) fn letter_words(lang: Lang, complaint: i64, kind: ComplaintLetterKind) -> String {
    match lang {
        Lang::Nl => format!(
            "{} aan de klager van klacht {complaint} geschreven",
            kind.noun(lang)
        ),
        Lang::En => format!(
            "{} written to the complainant of complaint {complaint}",
            kind.noun(lang)
        ),
    }
}

/// The words of a `complaint.close` entry: with the reason to decide although involved, when
/// one was given.
pub(super) fn close_words(lang: Lang, complaint: i64, on: &NaiveDate, overridden: bool) -> String {
    let day = lang.date(*on);
    match (lang, overridden) {
        (Lang::Nl, false) => format!("op klacht {complaint} beslist op {day}"),
        (Lang::En, false) => format!("complaint {complaint} decided on {day}"),
        (Lang::Nl, true) => format!(
            "op klacht {complaint} beslist op {day}, door iemand die bij de opname betrokken \
             was, met een reden"
        ),
        (Lang::En, true) => format!(
            "complaint {complaint} decided on {day} by someone involved with the recording, \
             with a reason"
        ),
    }
}
