//! Complaints: filing, acknowledging, deciding and listing them.

use std::fmt::Write as _;

use super::support::past_date;
use crate::cli::args::{Cli, ComplaintCommand};
use crate::cli::context::{acting_user, open_store};
use crate::cli::failure::Outcome;
use crate::cli::io::read_text_file;
use crate::cli::output::{clean, emit};
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
    if let Some(d) = c.closed_on {
        let _ = write!(
            t,
            "\nDecided    {d}: {}",
            c.outcome.as_deref().map(clean).unwrap_or_default()
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
        ComplaintCommand::Close { id, outcome, on } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.complaint_close(&me, *id, outcome, on)?;
            one(&v, format!("Complaint {id} decided."))
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
