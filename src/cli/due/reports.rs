//! Reports on an item or a case, and what is due.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::json;

use super::support::refuse_existing;
use crate::cli::args::{Cli, ReportArgs};
use crate::cli::context::{acting_user, lang, open_store};
use crate::cli::failure::{Failure, Outcome, bad, not_json, say, spoken};
use crate::cli::io::write_private;
use crate::cli::output::emit;
use crate::core::lang::Lang;
use crate::report;
use crate::store::StoreError;
use crate::store::due::{AccessView, Account, ComplaintView, ErasureView};

#[derive(Serialize)]
struct CaseReport {
    case: String,
    items: Vec<Account>,
    /// Items of the case whose record cannot be read (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    damaged: Vec<report::DamagedItem>,
    complaints: Vec<ComplaintView>,
    audit_head: String,
}

pub fn report(cli: &Cli, a: &ReportArgs) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    let today = chrono::Utc::now().date_naive();
    if let Some(p) = &a.out {
        refuse_existing(&[p], a.force)?;
    }
    let format = if cli.json { "json" } else { a.format.as_str() };
    // `--lang`, else the locale, like the interface.
    let lang = lang(cli);
    // Times on the organisation's clock (`settings timezone`, Europe/Amsterdam by default).
    let zone = super::support::org_zone(&s.profile()?.timezone)?;
    let clock = report::Clock { today, zone: &zone };
    let mut incomplete: Vec<String> = Vec::new();
    let (value, md, title) = match (&a.item, &a.case) {
        (Some(item), _) => {
            let acc = s.account(&me, *item)?;
            let md = report::item_report(&acc, clock, lang);
            (
                serde_json::to_value(&acc).map_err(|e| not_json(2, e))?,
                md,
                match lang {
                    Lang::Nl => format!("earshot: verantwoording van item {item}"),
                    Lang::En => format!("earshot: item {item}"),
                },
            )
        }
        (None, Some(case)) => {
            let ids = s.case_items(case)?;
            let mut items = Vec::new();
            // One damaged item is named and the others accounted for; the exit code says so.
            let mut damaged = Vec::new();
            // One view of the store for the whole case: the report is of one moment.
            let (accounts, complaints, head) = s.snapshot(|s| {
                let accounts: Vec<_> = ids.iter().map(|&id| (id, s.account(&me, id))).collect();
                (accounts, s.case_complaints(case), s.audit_head())
            })?;
            let (complaints, head) = (complaints?, head?);
            for (id, acc) in accounts {
                match acc {
                    Ok(acc) => items.push(acc),
                    Err(StoreError::Integrity(why)) => damaged.push(report::DamagedItem {
                        item: id,
                        why: why.text(lang),
                    }),
                    Err(e) => return Err(e.into()),
                }
            }
            let md = report::case_report(case, &items, &damaged, &complaints, &head, clock, lang);
            incomplete = damaged.iter().map(|d| d.item.to_string()).collect();
            let v = CaseReport {
                case: case.clone(),
                items,
                damaged,
                complaints,
                audit_head: head,
            };
            (
                serde_json::to_value(&v).map_err(|e| not_json(2, e))?,
                md,
                match lang {
                    Lang::Nl => format!("earshot: verantwoording van zaak {case}"),
                    Lang::En => format!("earshot: case {case}"),
                },
            )
        }
        (None, None) => {
            return Err(bad(
                "geef een item, of --case ID",
                "give an item, or --case ID",
            ));
        }
    };
    let text = match format {
        "json" => serde_json::to_string_pretty(&value).map_err(|e| not_json(2, e))?,
        "html" => report::to_html(&md, &title, lang),
        _ => md,
    };
    match &a.out {
        Some(p) => {
            super::support::folders_for(&[p])?;
            let sha = write_private(p, text.as_bytes(), a.force)?;
            if cli.json {
                emit(true, &json!({ "out": p, "sha256": sha }), String::new)?;
            } else {
                emit(false, &(), || {
                    say(
                        format!("Verslag geschreven naar {} (SHA-256 {sha}).", p.display()),
                        format!("Report written to {} (SHA-256 {sha}).", p.display()),
                    )
                })?;
            }
        }
        None => {
            // Through the guardian too: the report goes to the asker's terminal.
            let _ = crate::cli::io::out(format!("{}\n", text.trim_end()).as_bytes());
        }
    }
    if incomplete.is_empty() {
        Ok(())
    } else {
        Err(Failure::after_output(
            4,
            format!(
                "het verslag is geschreven, maar het is onvolledig: item(s) {} kunnen niet \
                 worden gelezen; voer `earshot doctor` uit",
                incomplete.join(", ")
            ),
            format!(
                "the report is written, but it is incomplete: item(s) {} cannot be read; run \
                 `earshot doctor`",
                incomplete.join(", ")
            ),
        ))
    }
}

pub fn due(cli: &Cli) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    s.user(&me)?;
    let flags = s.due_flags()?;
    let overdue = s.overdue_complaints()?;
    let retention = s.retention_due()?;
    let access: Vec<AccessView> = s
        .access_requests(None)?
        .into_iter()
        .filter(|a| a.status == "open")
        .collect();
    // Undecided, and granted but not yet carried out.
    let erasure: Vec<ErasureView> = s
        .erasure_requests(None, false)?
        .into_iter()
        .filter(|e| e.open() || e.granted_undeleted())
        .collect();
    let v = json!({
        "items": flags,
        "overdue_complaints": overdue,
        "open_access_requests": access,
        "erasure_requests": erasure,
        "retention_due": retention,
    });
    if spoken() == Lang::Nl {
        return emit(cli.json, &v, || due_nl(&flags));
    }
    emit(cli.json, &v, || {
        let mut t = String::new();
        if flags.is_empty() {
            t.push_str("Nothing is due.");
        }
        for f in &flags {
            let mut parts = Vec::new();
            if f.open_complaints > 0 {
                parts.push(format!(
                    "{} open complaint(s){}",
                    f.open_complaints,
                    if f.overdue_complaints > 0 {
                        format!(", {} OVERDUE", f.overdue_complaints)
                    } else {
                        String::new()
                    }
                ));
            }
            if f.open_access_requests > 0 {
                parts.push(format!(
                    "{} access request(s){}",
                    f.open_access_requests,
                    if f.overdue_access_requests > 0 {
                        format!(", {} OVERDUE", f.overdue_access_requests)
                    } else {
                        String::new()
                    }
                ));
            }
            if f.open_erasure_requests > 0 {
                parts.push(format!(
                    "{} erasure request(s){}",
                    f.open_erasure_requests,
                    if f.overdue_erasure_requests > 0 {
                        format!(", {} OVERDUE", f.overdue_erasure_requests)
                    } else {
                        String::new()
                    }
                ));
            }
            if let Some(by) = f.erasure_delete_by {
                parts.push(format!("erasure granted, delete by {by}"));
            }
            if f.copies_outstanding > 0 {
                parts.push(format!("{} copies outstanding", f.copies_outstanding));
            }
            if f.retention_due {
                parts.push("past its retention: due for deletion".into());
            }
            if f.exceptions_past_review > 0 {
                parts.push(format!(
                    "{} exception(s) to notifying past review: renew with a new approval, or \
                     notify",
                    f.exceptions_past_review
                ));
            }
            if let Some(by) = f.notification_due_by {
                parts.push(format!(
                    "notification decision due by {by}{}",
                    if f.notification_overdue {
                        ", OVERDUE"
                    } else {
                        ""
                    }
                ));
            }
            let _ = writeln!(
                t,
                "item {:<4} {}{}",
                f.item,
                parts.join("; "),
                f.next_due
                    .map(|d| format!(" (next due {d})"))
                    .unwrap_or_default()
            );
        }
        t
    })
}

/// `due` for people who read Dutch.
fn due_nl(flags: &[crate::store::due::DueFlags]) -> String {
    let nl = Lang::Nl;
    let late = |n: usize| {
        if n > 0 {
            format!(", waarvan {n} TE LAAT")
        } else {
            String::new()
        }
    };
    let mut t = String::new();
    if flags.is_empty() {
        t.push_str("Er is niets dat moet gebeuren.");
    }
    for f in flags {
        let mut parts = Vec::new();
        if f.open_complaints > 0 {
            parts.push(format!(
                "{} open klacht(en){}",
                f.open_complaints,
                late(f.overdue_complaints)
            ));
        }
        if f.open_access_requests > 0 {
            parts.push(format!(
                "{} inzageverzoek(en){}",
                f.open_access_requests,
                late(f.overdue_access_requests)
            ));
        }
        if f.open_erasure_requests > 0 {
            parts.push(format!(
                "{} verzoek(en) om wissing{}",
                f.open_erasure_requests,
                late(f.overdue_erasure_requests)
            ));
        }
        if let Some(by) = f.erasure_delete_by {
            parts.push(format!(
                "wissing toegewezen, vernietigen uiterlijk {}",
                nl.date(by)
            ));
        }
        if f.copies_outstanding > 0 {
            parts.push(format!(
                "{} kopie(ën) nog niet verwijderd",
                f.copies_outstanding
            ));
        }
        if f.retention_due {
            parts.push("bewaartermijn voorbij: moet worden vernietigd".into());
        }
        if f.exceptions_past_review > 0 {
            parts.push(format!(
                "{} uitzondering(en) op informeren niet op tijd herzien: vernieuw met een nieuw \
                 akkoord, of informeer",
                f.exceptions_past_review
            ));
        }
        if let Some(by) = f.notification_due_by {
            parts.push(format!(
                "besluit over informeren uiterlijk {}{}",
                nl.date(by),
                if f.notification_overdue {
                    ", TE LAAT"
                } else {
                    ""
                }
            ));
        }
        let _ = writeln!(
            t,
            "item {:<4} {}{}",
            f.item,
            parts.join("; "),
            f.next_due
                .map(|d| format!(" (eerstvolgende {})", nl.date(d)))
                .unwrap_or_default()
        );
    }
    t
}
