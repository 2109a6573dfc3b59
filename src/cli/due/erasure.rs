//! Erasure requests (GDPR art. 17): opened on a one-month clock, extended once, decided by a
//! team leader, and listed. A granted request is carried out with `earshot delete`.

use super::support::past_date;
use crate::cli::args::{Cli, ErasureCommand};
use crate::cli::context::{acting_user, lang, open_store};
use crate::cli::failure::Outcome;
use crate::cli::output::{clean, emit};
use crate::core::audit::ErasureDecision;
use crate::core::lang::Lang;
use crate::store::due::ErasureView;

/// What the request's line says of its decision, in `l`.
fn state(e: &ErasureView, l: Lang) -> String {
    let nl = l == Lang::Nl;
    match (e.decision.as_deref(), e.item_deleted, nl) {
        (Some("granted"), false, true) => {
            format!("toegewezen, vernietigen vóór {}", l.date(e.due_on))
        }
        (Some("granted"), false, false) => format!("granted, delete by {}", e.due_on),
        (Some("granted"), true, true) => "toegewezen, vernietigd".into(),
        (Some("granted"), true, false) => "granted, deleted".into(),
        (Some(_), _, true) => "afgewezen".into(),
        (Some(_), _, false) => "refused".into(),
        (None, true, true) => "niet beslist, item vernietigd".into(),
        (None, true, false) => "undecided, item deleted".into(),
        (None, false, true) => "open".into(),
        (None, false, false) => "open".into(),
    }
}

fn erasure_line(e: &ErasureView, l: Lang) -> String {
    let nl = l == Lang::Nl;
    let day = |d: chrono::NaiveDate| if nl { l.date(d) } else { d.to_string() };
    format!(
        "{:>4}  item {:<4} {:<24} {} {}  {} {}{}  {}{}",
        e.id,
        e.item,
        e.subject
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| { if nl { "(vernietigd)" } else { "(destroyed)" }.into() }),
        if nl { "ontvangen" } else { "received" },
        day(e.received_on),
        if nl { "uiterlijk" } else { "due" },
        day(e.due_on),
        match (e.extended_to.is_some(), nl) {
            (true, true) => " (verlengd)",
            (true, false) => " (extended)",
            _ => "",
        },
        state(e, l),
        match (e.overdue, nl) {
            (true, true) => "  TE LAAT",
            (true, false) => "  OVERDUE",
            _ => "",
        }
    )
}

pub fn erasure(cli: &Cli, c: &ErasureCommand) -> Outcome {
    let me = acting_user()?;
    let j = cli.json;
    let l = lang(cli);
    let nl = l == Lang::Nl;
    match c {
        ErasureCommand::Request {
            item,
            subject,
            received,
        } => {
            let on = past_date(received.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.erasure_request(&me, *item, subject, on)?;
            emit(j, &v, || {
                let who = clean(subject);
                if nl {
                    format!(
                        "Verzoek om wissing {} van {who} voor item {item} geopend: beslissen \
                         vóór {} (één maand).",
                        v.id,
                        l.date(v.due_on)
                    )
                } else {
                    format!(
                        "Erasure request {} of {who} for item {item} opened: decide by {} (one \
                         month).",
                        v.id, v.due_on
                    )
                }
            })
        }
        ErasureCommand::Extend {
            item,
            subject,
            reason,
            months,
        } => {
            let mut s = open_store(cli)?;
            let v = s.erasure_extend(&me, *item, subject, *months, reason)?;
            emit(j, &v, || {
                let who = clean(subject);
                if nl {
                    format!(
                        "Verzoek om wissing {} verlengd tot {}. Laat {who} vóór {} schriftelijk \
                         weten waarom.",
                        v.id,
                        l.date(v.due_on),
                        l.date(v.due_original)
                    )
                } else {
                    format!(
                        "Erasure request {} extended to {}. Tell {who} why, in writing, before \
                         {}.",
                        v.id, v.due_on, v.due_original
                    )
                }
            })
        }
        ErasureCommand::Decide {
            item,
            subject,
            granted,
            refused: _,
            reason,
        } => {
            let decision = if *granted {
                ErasureDecision::Granted
            } else {
                ErasureDecision::Refused
            };
            let mut s = open_store(cli)?;
            let v = s.erasure_decide(&me, *item, subject, decision, reason)?;
            emit(j, &v, || match (decision, nl) {
                (ErasureDecision::Granted, true) => format!(
                    "Wissing toegewezen (verzoek {}): vernietig item {item} vóór {} met \
                     `earshot delete` (met akkoord van een teamleider).",
                    v.id,
                    l.date(v.due_on)
                ),
                (ErasureDecision::Granted, false) => format!(
                    "Erasure granted (request {}): delete item {item} by {} with `earshot \
                     delete` (with a team leader's approval).",
                    v.id, v.due_on
                ),
                (ErasureDecision::Refused, true) => format!(
                    "Wissing afgewezen (verzoek {}). Laat {} de reden weten, en dat bezwaar en \
                     een klacht bij de Autoriteit Persoonsgegevens mogelijk zijn.",
                    v.id,
                    clean(subject)
                ),
                (ErasureDecision::Refused, false) => format!(
                    "Erasure refused (request {}). Tell {} the reason, and that they may object \
                     and complain to the Dutch Data Protection Authority.",
                    v.id,
                    clean(subject)
                ),
            })
        }
        ErasureCommand::List { item, open } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            let list = s.erasure_requests(*item, *open)?;
            emit(j, &list, || {
                if list.is_empty() {
                    if nl {
                        "Geen verzoeken om wissing.".into()
                    } else {
                        "No erasure requests.".into()
                    }
                } else {
                    list.iter()
                        .map(|e| erasure_line(e, l))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            })
        }
    }
}
