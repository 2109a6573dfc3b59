//! Complaints: filing, acknowledging, deciding and listing them.

use std::fmt::Write as _;

use super::support::past_date;
use crate::cli::args::{Cli, ComplaintCommand};
use crate::cli::context::{acting_user, open_store};
use crate::cli::failure::{Outcome, say, spoken};
use crate::cli::io::read_text_file;
use crate::cli::output::{clean, emit};
use crate::core::audit::HearingSkip;
use crate::core::lang::Lang;
use crate::store::due::ComplaintView;

const NL: Lang = Lang::Nl;

/// The kind and status of a complaint in Dutch.
fn kind_nl(c: &ComplaintView) -> (&'static str, &'static str) {
    (
        if c.kind == "complaint" {
            "klacht"
        } else {
            "informatieverzoek"
        },
        if c.status == "closed" {
            "gesloten"
        } else {
            "open"
        },
    )
}

fn complaint_human_nl(c: &ComplaintView) -> String {
    let (kind, status) = kind_nl(c);
    let mut t = format!(
        "Klacht {} — {kind} — {status}\nVan           {}\nItem          {}\nOntvangen     {}\n\
         Bevestigen vóór {}{}\nBeslissen vóór {}{}",
        c.id,
        c.from
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "(vernietigd met het item)".into()),
        c.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
        NL.date(c.received_on),
        NL.date(c.acknowledge_by),
        c.acknowledged_on
            .map(|d| format!(" (bevestigd op {})", NL.date(d)))
            .unwrap_or_default(),
        NL.date(c.decide_by),
        if c.extended_to.is_some() {
            format!(" (uitgesteld, eerst {})", NL.date(c.decide_by_original))
        } else {
            String::new()
        }
    );
    if let Some(x) = &c.text {
        let _ = write!(t, "\nTekst         {}", clean(x));
    }
    if let Some(x) = &c.extension_reason {
        let _ = write!(t, "\nUitgesteld    {}", clean(x));
    }
    if let Some(b) = &c.downgraded_by {
        let _ = write!(
            t,
            "\nBehandeld als informatieverzoek, met akkoord van {}: {}",
            clean(b),
            c.downgrade_reason.as_deref().map(clean).unwrap_or_default()
        );
    }
    if let Some(d) = c.heard_on {
        let by = c.heard_by.as_deref().map(clean).unwrap_or_default();
        let _ = match c.hearing_skipped {
            None => write!(t, "\nGehoord       {} door {by}", NL.date(d)),
            Some(why) => write!(
                t,
                "\nNiet gehoord  {} (vastgelegd op {} door {by})",
                why.text(NL),
                NL.date(d)
            ),
        };
        if let Some(n) = &c.hearing_notes {
            let _ = write!(t, "\nAantekeningen {}", clean(n));
        }
    }
    if let Some(d) = c.closed_on {
        let _ = write!(
            t,
            "\nBeslist       {}: {}",
            NL.date(d),
            c.outcome.as_deref().map(clean).unwrap_or_default()
        );
    }
    if let Some(r) = &c.involved_reason {
        let _ = write!(
            t,
            "\nBeslist door iemand die bij de opname betrokken was (Awb 9:7): {}",
            clean(r)
        );
    }
    if c.overdue {
        t.push_str("\nTE LAAT: de beslissing is te laat.");
    } else if c.acknowledgement_overdue {
        t.push_str("\nTE LAAT: de ontvangstbevestiging is te laat.");
    }
    t
}

fn complaint_row_nl(c: &ComplaintView) -> String {
    let (kind, status) = kind_nl(c);
    format!(
        "{:>4}  {kind:<17} {status:<8} item {:<4} {:<22} ontvangen {}  beslissen vóór {}{}",
        c.id,
        c.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
        c.from
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "(vernietigd)".into())
            .chars()
            .take(22)
            .collect::<String>(),
        NL.date(c.received_on),
        NL.date(c.decide_by),
        if c.overdue {
            "  TE LAAT"
        } else if c.acknowledgement_overdue {
            "  BEVESTIGING TE LAAT"
        } else {
            ""
        }
    )
}

/// A complaint in full, in the language of the command.
fn human(c: &ComplaintView) -> String {
    match spoken() {
        Lang::Nl => complaint_human_nl(c),
        Lang::En => complaint_human(c),
    }
}

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
        emit(j, v, || format!("{head}\n{}", human(v)))
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
            one(
                &v,
                say(
                    format!("Klacht {} geregistreerd.", v.id),
                    format!("Complaint {} registered.", v.id),
                ),
            )
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
                    say("Geen klachten.", "No complaints.")
                } else {
                    list.iter()
                        .map(|c| match spoken() {
                            Lang::Nl => complaint_row_nl(c),
                            Lang::En => complaint_row(c),
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            })
        }
        ComplaintCommand::Show { id } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            let v = s.complaint(*id)?;
            emit(j, &v, || human(&v))
        }
        ComplaintCommand::Ack { id, on } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.complaint_ack(&me, *id, on)?;
            one(
                &v,
                say(
                    format!("Klacht {id}: ontvangst bevestigd."),
                    format!("Complaint {id}: receipt confirmed."),
                ),
            )
        }
        ComplaintCommand::Extend { id, reason, weeks } => {
            let mut s = open_store(cli)?;
            let v = s.complaint_extend(&me, *id, *weeks, reason)?;
            one(
                &v,
                say(
                    format!(
                        "Klacht {id}: beslissing uitgesteld tot {}. Laat de klager dit \
                         schriftelijk weten.",
                        NL.date(v.decide_by)
                    ),
                    format!(
                        "Complaint {id}: decision postponed to {}. Tell the complainant in \
                         writing.",
                        v.decide_by
                    ),
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
            one(
                &v,
                say(
                    format!("Klacht {id}: beslist."),
                    format!("Complaint {id} decided."),
                ),
            )
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
                None => say(
                    format!("Klacht {id}: het horen is vastgelegd."),
                    format!("Complaint {id}: the hearing is recorded."),
                ),
                Some(_) => say(
                    format!("Klacht {id}: vastgelegd waarom de klager niet is gehoord."),
                    format!("Complaint {id}: recorded why the complainant was not heard."),
                ),
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
                say(
                    format!("Klacht {id} wordt nu behandeld als informatieverzoek."),
                    format!("Complaint {id} is now treated as an information request."),
                ),
            )
        }
    }
}
