//! The letters to a complainant (Awb chapter 9): the acknowledgement (art. 9:6), the
//! postponement of the decision (art. 9:11(2)) and the decision (art. 9:12), with the route to
//! the ombudsman (Wet Nationale ombudsman art. 12(2): within a year after the decision). Filled
//! from the complaint register; pure.

use chrono::NaiveDate;

use super::profile::Org;
use super::template::{Doc, Templates, Vars, inline, render};
use crate::core::audit::{ComplaintLetterKind, HearingSkip};
use crate::core::deadlines;
use crate::core::lang::Lang;
use crate::store::due::ComplaintView;

/// The template a kind of complaint letter is written from.
pub fn complaint_doc(kind: ComplaintLetterKind) -> Doc {
    match kind {
        ComplaintLetterKind::Ack => Doc::ComplaintAck,
        ComplaintLetterKind::Postpone => Doc::ComplaintPostpone,
        ComplaintLetterKind::Decision => Doc::ComplaintDecision,
    }
}

/// What the complaint is about, as the letter says it.
fn about(c: &ComplaintView, lang: Lang) -> String {
    match (lang, c.item, c.case.as_deref()) {
        (Lang::Nl, Some(i), Some(case)) => {
            format!("een geluidsopname (dossier {}, opname {i})", inline(case))
        }
        (Lang::En, Some(i), Some(case)) => {
            format!("an audio recording (case {}, item {i})", inline(case))
        }
        (Lang::Nl, Some(i), None) => format!("een geluidsopname (opname {i})"),
        (Lang::En, Some(i), None) => format!("an audio recording (item {i})"),
        (Lang::Nl, None, Some(case)) => format!("ons werk in dossier {}", inline(case)),
        (Lang::En, None, Some(case)) => format!("our work on case {}", inline(case)),
        (Lang::Nl, None, None) => "ons werk".into(),
        (Lang::En, None, None) => "our work".into(),
    }
}

/// What the decision letter says about the hearing (Awb 9:10), or why there was none.
fn hearing(c: &ComplaintView, lang: Lang) -> Result<String, String> {
    let Some(on) = c.heard_on else {
        return Err(match lang {
            Lang::Nl => format!(
                "bij klacht {} is niet vastgelegd dat de klager is gehoord, of waarom niet \
                 (earshot complaint hear {} ...)",
                c.id, c.id
            ),
            Lang::En => format!(
                "complaint {} has no record that the complainant was heard, or why not \
                 (earshot complaint hear {} ...)",
                c.id, c.id
            ),
        });
    };
    let day = lang.long_date(on);
    Ok(match (lang, c.hearing_skipped) {
        (Lang::Nl, None) => format!(
            "Op {day} hebben wij met u gesproken over uw klacht. U kon toen vertellen wat er \
             volgens u is gebeurd. Wij hebben dat meegenomen in onze beslissing."
        ),
        (Lang::En, None) => format!(
            "On {day} we talked with you about your complaint. You could tell us then what \
             happened, as you see it. We took that into account in our decision."
        ),
        (Lang::Nl, Some(HearingSkip::ManifestlyUnfounded)) => {
            "Wij hebben u niet uitgenodigd voor een gesprek over uw klacht. Uw klacht is \
             namelijk duidelijk ongegrond (Algemene wet bestuursrecht, artikel 9:10 lid 2 \
             onder a)."
                .into()
        }
        (Lang::En, Some(HearingSkip::ManifestlyUnfounded)) => {
            "We did not invite you to a hearing about your complaint, because it is manifestly \
             unfounded (General Administrative Law Act, article 9:10(2)(a))."
                .into()
        }
        (Lang::Nl, Some(HearingSkip::Waived)) => {
            "U heeft ons laten weten dat u niet gehoord wilde worden over uw klacht (Algemene \
             wet bestuursrecht, artikel 9:10 lid 2 onder b)."
                .into()
        }
        (Lang::En, Some(HearingSkip::Waived)) => {
            "You told us that you did not wish to be heard about your complaint (General \
             Administrative Law Act, article 9:10(2)(b))."
                .into()
        }
        (Lang::Nl, Some(HearingSkip::NoResponse)) => {
            "Wij hebben u gevraagd of u gehoord wilde worden over uw klacht. U heeft daar niet \
             op tijd op gereageerd (Algemene wet bestuursrecht, artikel 9:10 lid 2 onder c)."
                .into()
        }
        (Lang::En, Some(HearingSkip::NoResponse)) => {
            "We asked you whether you wished to be heard about your complaint. You did not \
             answer in the time we gave (General Administrative Law Act, article 9:10(2)(c))."
                .into()
        }
    })
}

/// A letter of `kind` to complaint `c`'s complainant, written on `today`.
pub fn complaint_letter(
    kind: ComplaintLetterKind,
    c: &ComplaintView,
    org: &Org,
    today: NaiveDate,
    lang: Lang,
    templates: &Templates,
) -> Result<String, String> {
    let (t, source) = templates.get(lang, complaint_doc(kind))?;
    let Some(from) = c.from.as_deref() else {
        return Err(match lang {
            Lang::Nl => format!(
                "de naam van wie klacht {} indiende is vernietigd; er is niets geschreven",
                c.id
            ),
            Lang::En => format!(
                "the name of who made complaint {} was destroyed; nothing was written",
                c.id
            ),
        });
    };
    let mut v = Vars::new();
    org.insert(&mut v);
    v.insert("date", lang.long_date(today));
    v.insert("complaint", c.id.to_string());
    v.insert("complainant", inline(from));
    v.insert("about", about(c, lang));
    v.insert("received_date", lang.long_date(c.received_on));
    v.insert("decide_by", lang.long_date(c.decide_by));
    v.insert("decide_by_original", lang.long_date(c.decide_by_original));
    if let Some(r) = &c.extension_reason {
        v.insert("postpone_reason", inline(r));
    }
    if kind == ComplaintLetterKind::Decision {
        if let (Some(on), Some(outcome)) = (c.closed_on, c.outcome.as_deref()) {
            v.insert("decided_on", lang.long_date(on));
            v.insert("ombudsman_by", lang.long_date(deadlines::ombudsman_by(on)));
            v.insert("outcome", inline(outcome));
        }
        v.insert("hearing", hearing(c, lang)?);
    }
    render(&t, &v, &source)
}
