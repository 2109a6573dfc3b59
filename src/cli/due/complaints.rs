//! Complaints: filing, acknowledging, deciding and listing them.

use std::fmt::Write as _;

use super::support::past_date;
use crate::cli::args::{Cli, ComplaintCommand};
use crate::cli::context::{acting_user, open_store};
use crate::cli::failure::Outcome;
use crate::cli::io::read_text_file;
use crate::cli::output::{clean, emit};
use crate::core::audit::HearingSkip;
use crate::store::due::ComplaintView;

fn complaint_human(c: &ComplaintView) -> String {
    let mut t = format!(
        "Complaint {} — {} — {}\nFrom       {}\nItem       {}\nReceived   {}\nAcknowledge by {}{}\nDecide by  {}{}",
        c.id,
        c.kind.replace('_', " "),
        c.status,
        c.from
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "(destroyed with the item)".into()),
        c.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
        c.received_on,
        c.acknowledge_by,
        c.acknowledged_on
            .map(|d| format!(" (acknowledged {d})"))
            .unwrap_or_default(),
        c.decide_by,
        if c.extended_to.is_some() {
            format!(" (postponed from {})", c.decide_by_original)
        } else {
            String::new()
        }
    );
    if let Some(x) = &c.text {
        let _ = write!(t, "\nText       {}", clean(x));
    }
    if let Some(x) = &c.extension_reason {
        let _ = write!(t, "\nPostponed  {}", clean(x));
    }
    if let Some(b) = &c.downgraded_by {
        let _ = write!(
            t,
            "\nTreated as an information request, approved by {}: {}",
            clean(b),
            c.downgrade_reason.as_deref().map(clean).unwrap_or_default()
        );
    }
    if let Some(d) = c.heard_on {
        let by = c.heard_by.as_deref().map(clean).unwrap_or_default();
        let _ = match c.hearing_skipped {
            None => write!(t, "\nHeard      {d} by {by}"),
            Some(why) => write!(
                t,
                "\nNot heard  {} (recorded {d} by {by})",
                why.text(crate::core::lang::Lang::En)
            ),
        };
        if let Some(n) = &c.hearing_notes {
            let _ = write!(t, "\nNotes      {}", clean(n));
        }
    }
    if let Some(d) = c.closed_on {
        let _ = write!(
            t,
            "\nDecided    {d}: {}",
            c.outcome.as_deref().map(clean).unwrap_or_default()
        );
    }
    if let Some(r) = &c.involved_reason {
        let _ = write!(
            t,
            "\nDecided although involved with the recording (Awb 9:7): {}",
            clean(r)
        );
    }
    if c.overdue {
        t.push_str("\nOVERDUE: the decision is late.");
    } else if c.acknowledgement_overdue {
        t.push_str("\nOVERDUE: the acknowledgement is late.");
    }
    t
}

fn complaint_row(c: &ComplaintView) -> String {
    format!(
        "{:>4}  {:<19} {:<6} item {:<4} {:<22} received {}  decide by {}{}",
        c.id,
        c.kind.replace('_', " "),
        c.status,
        c.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
        c.from
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "(destroyed)".into())
            .chars()
            .take(22)
            .collect::<String>(),
        c.received_on,
        c.decide_by,
        if c.overdue {
            "  OVERDUE"
        } else if c.acknowledgement_overdue {
            "  ACK OVERDUE"
        } else {
            ""
        }
    )
}

pub fn complaint(cli: &Cli, c: &ComplaintCommand) -> Outcome {
    let me = acting_user()?;
    let j = cli.json;
    let one = |v: &ComplaintView, head: String| -> Outcome {
        emit(j, v, || format!("{head}\n{}", complaint_human(v)))
    };
    match c {
        ComplaintCommand::Add {
            from,
            item,
            text_file,
            received,
        } => {
            let text = read_text_file(text_file, crate::store::TextFile::Complaint)?;
            let on = past_date(received.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.complaint_add(&me, from, *item, &text, on)?;
            one(&v, format!("Complaint {} registered.", v.id))
        }
        ComplaintCommand::List {
            open,
            overdue,
            item,
        } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            let list: Vec<ComplaintView> = s
                .complaints(*item, *open || *overdue)?
                .into_iter()
                .filter(|c| !*overdue || c.overdue || c.acknowledgement_overdue)
                .collect();
            emit(j, &list, || {
                if list.is_empty() {
                    "No complaints.".into()
                } else {
                    list.iter()
                        .map(complaint_row)
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            })
        }
        ComplaintCommand::Show { id } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            let v = s.complaint(*id)?;
            emit(j, &v, || complaint_human(&v))
        }
        ComplaintCommand::Ack { id, on } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.complaint_ack(&me, *id, on)?;
            one(&v, format!("Complaint {id}: receipt confirmed."))
        }
        ComplaintCommand::Extend { id, reason, weeks } => {
            let mut s = open_store(cli)?;
            let v = s.complaint_extend(&me, *id, *weeks, reason)?;
            one(
                &v,
                format!(
                    "Complaint {id}: decision postponed to {}. Tell the complainant in writing.",
                    v.decide_by
                ),
            )
        }
        ComplaintCommand::Close {
            id,
            outcome,
            on,
            involved_override_reason,
        } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            let v =
                s.complaint_decide(&me, *id, outcome, on, involved_override_reason.as_deref())?;
            one(&v, format!("Complaint {id} decided."))
        }
        ComplaintCommand::Hear {
            id,
            on,
            by,
            notes_file,
            skipped_because,
        } => {
            let notes = read_text_file(notes_file, crate::store::TextFile::HearingNotes)?;
            let on = past_date(on.as_deref())?;
            let skipped = skipped_because.as_deref().and_then(HearingSkip::parse);
            let mut s = open_store(cli)?;
            let v = s.complaint_hear(&me, *id, on, by, &notes, skipped)?;
            let head = match skipped {
                None => format!("Complaint {id}: the hearing is recorded."),
                Some(_) => format!("Complaint {id}: recorded why the complainant was not heard."),
            };
            one(&v, head)
        }
        ComplaintCommand::Downgrade {
            id,
            approved_by,
            reason,
            pin_stdin,
            wait_s,
        } => {
            let mut s = open_store(cli)?;
            let ask = crate::store::Ask::Downgrade {
                complaint: *id,
                reason: reason.clone(),
            };
            let proof = crate::cli::approvals::lead_proof(
                &mut s,
                &me,
                approved_by,
                *pin_stdin,
                ask,
                *wait_s,
            )?;
            let v = s.complaint_downgrade(&me, *id, approved_by, &proof, reason)?;
            one(
                &v,
                format!("Complaint {id} is now treated as an information request."),
            )
        }
    }
}
