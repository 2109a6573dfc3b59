//! The team's full account of one item or of a case, and a line per complaint, for reports.
//! Every fixed text comes from the typed catalog in [`super::text`], so the account is written
//! in Dutch or English as asked; the audit log's descriptions come from core.

use std::fmt::Write;

use chrono::NaiveDate;

use super::fields::{
    at_local, cell, heard_summary, listening_table, names, notifications_list, or_unknown,
    subjects_list,
};
use super::template::inline;
use super::text::{L, S, code_word};
use super::timeline::{ranges_text, timeline_block};
use crate::core::audit::Event;
use crate::core::lang::Lang;
use crate::core::model::ItemId;
use crate::core::zone::Zone;
use crate::store::due::{Account, ComplaintView, TrailEntry};

/// What an audit entry says, in `lang`.
fn what(e: &TrailEntry, lang: Lang) -> String {
    match &e.event {
        Some(ev) => ev.describe(lang),
        None => crate::core::audit::unreadable(lang).to_string(),
    }
}

/// An item of a case whose record could not be read, and why: the case report names it and
/// goes on with the others.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DamagedItem {
    pub item: ItemId,
    pub why: String,
}

/// When an account is written: the day, and the organisation's clock its times are on.
#[derive(Clone, Copy)]
pub struct Clock<'a> {
    pub today: NaiveDate,
    pub zone: &'a Zone,
}

/// The full account of one item, in Markdown, ending with the audit head it was written at.
/// Times are on the organisation's clock.
pub fn item_report(acc: &Account, clock: Clock, lang: Lang) -> String {
    let mut t = item_account(acc, clock.today, lang, clock.zone);
    let _ = writeln!(
        t,
        "\n{}",
        S::AuditHead {
            head: &acc.audit_head
        }
        .text(lang)
    );
    t
}

/// The account of every item of a case, one heading level down, with the complaints about the
/// case and the audit head at the end.
pub fn case_report(
    case: &str,
    items: &[Account],
    damaged: &[DamagedItem],
    complaints: &[ComplaintView],
    audit_head: &str,
    clock: Clock,
    lang: Lang,
) -> String {
    let Clock { today, zone } = clock;
    let mut md = S::CaseHeading {
        case: &inline(case),
        items: &(items.len() + damaged.len()),
        date: &lang.long_date(today),
        zone: &zone.name(),
    }
    .text(lang);
    for acc in items {
        for line in item_account(acc, today, lang, zone).lines() {
            if line.starts_with('#') {
                md.push('#');
            }
            md.push_str(line);
            md.push('\n');
        }
        md.push('\n');
    }
    for d in damaged {
        let _ = writeln!(
            md,
            "{}\n",
            S::Damaged {
                item: &d.item,
                why: &inline(&d.why),
            }
            .text(lang)
        );
    }
    if !complaints.is_empty() {
        let _ = writeln!(md, "\n## {}\n", L::CaseComplaints.text(lang));
        for c in complaints {
            md.push_str(&complaint_line(c, lang));
        }
    }
    let _ = writeln!(md, "\n{}", S::AuditHead { head: &audit_head }.text(lang));
    md
}

/// The account of one item without the audit head.
fn item_account(acc: &Account, today: NaiveDate, lang: Lang, zone: &Zone) -> String {
    let when = |stamp: &str| at_local(stamp, zone, lang);
    let gone = acc.deletion.is_some();
    // After deletion, what is missing was destroyed, not forgotten.
    let or_unknown = |v: Option<&str>| {
        if gone && v.is_none() {
            L::DestroyedWithRecording.text(lang).to_string()
        } else {
            or_unknown(v, lang)
        }
    };
    let is = |e: &TrailEntry, kind: fn(&Event) -> bool| e.event.as_ref().is_some_and(kind);
    let from_trail = |kind: fn(&Event) -> bool| -> String {
        acc.trail
            .iter()
            .filter(|e| is(e, kind))
            .map(|e| {
                S::FromTrail {
                    at: &when(&e.at),
                    actor: &inline(&e.actor),
                    what: &inline(&what(e, lang)),
                }
                .text(lang)
            })
            .collect()
    };
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{}\n\n{}\n",
        S::ItemHeading {
            item: &acc.item,
            case: &inline(&acc.case)
        }
        .text(lang),
        S::Written {
            date: &lang.long_date(today),
            stage: &L::stage(acc.stage).text(lang),
            zone: &zone.name(),
        }
        .text(lang)
    );
    let _ = writeln!(t, "## {}\n", L::Receipt.text(lang));
    let _ = writeln!(
        t,
        "{}\n{}\n{}\n- SHA-256: `{}`\n",
        S::Received {
            at: &when(&acc.received_at),
            by: &inline(&acc.received_by),
            channel: &inline(&super::text::channel(lang, &acc.channel))
        }
        .text(lang),
        S::From {
            who: &or_unknown(acc.from.as_deref())
        }
        .text(lang),
        S::File {
            name: &or_unknown(acc.file_name.as_deref()),
            format: &inline(&acc.format),
            codec: &inline(&acc.codec),
            length: &lang.seconds(acc.duration_ms),
            bytes: &acc.size
        }
        .text(lang),
        acc.sha256
    );
    let _ = writeln!(t, "## {}\n", L::Metadata.text(lang));
    match &acc.metadata {
        Some(m) => {
            let people = subjects_list(acc, lang)
                .lines()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n");
            let _ = writeln!(
                t,
                "{}\n",
                S::MetadataFields {
                    sender: &or_unknown(m.sender.as_deref()),
                    purpose: &or_unknown(m.purpose.as_deref()),
                    secretly: &code_word(lang, m.secretly.as_str()),
                    legal_basis: &or_unknown(m.legal_basis.as_deref()),
                    team_purpose: &or_unknown(m.processing_purpose.as_deref()),
                    people: &people,
                }
                .text(lang)
            );
        }
        None if gone => {
            let _ = writeln!(t, "{}\n", L::MetadataDestroyed.text(lang));
        }
        None => {
            let _ = writeln!(t, "{}\n", L::MetadataNotRecorded.text(lang));
        }
    }
    let history: Vec<_> = acc
        .trail
        .iter()
        .filter(|e| is(e, |e| matches!(e, Event::ItemDescribe { .. })))
        .collect();
    if !history.is_empty() {
        let _ = writeln!(t, "{}\n", L::MetadataHistory.text(lang));
        for e in history {
            let _ = writeln!(
                t,
                "- {} #{} {}: {}",
                when(&e.at),
                e.seq,
                inline(&e.actor),
                inline(&what(e, lang))
            );
        }
        t.push('\n');
    }
    let _ = writeln!(
        t,
        "## {}\n\n{}\n",
        L::Listening.text(lang),
        S::HeardInAll {
            heard: &heard_summary(acc.heard_total_ms, acc.duration_ms, lang),
            ranges: &ranges_text(&acc.heard_ms, lang)
        }
        .text(lang)
    );
    t.push_str(&timeline_block(acc.duration_ms, &acc.heard_ms, lang));
    t.push_str("\n\n");
    t.push_str(&listening_table(&acc.listening, lang, Some(zone)));
    let refused: Vec<_> = acc
        .trail
        .iter()
        .filter(|e| is(e, |e| matches!(e, Event::Refused { .. })))
        .collect();
    if !refused.is_empty() {
        let _ = writeln!(t, "\n{}\n", L::RefusedByGate.text(lang));
        for e in refused {
            let _ = writeln!(
                t,
                "- {} {}: {}",
                when(&e.at),
                inline(&e.actor),
                inline(&what(e, lang))
            );
        }
    }
    let _ = writeln!(t, "\n## {}\n", L::Notification.text(lang));
    let notify = |e: &Event| matches!(e, Event::ItemNotify { .. });
    if gone && acc.notifications.is_empty() && acc.trail.iter().any(|e| is(e, notify)) {
        t.push_str(&from_trail(notify));
    } else {
        t.push_str(&notifications_list(acc, lang));
        t.push('\n');
    }
    for p in &acc.pending_notifications {
        let _ = writeln!(t, "{}", S::Pending { who: &inline(p) }.text(lang));
    }
    if !acc.letters.is_empty() {
        let _ = writeln!(t, "\n{}\n", L::Letters.text(lang));
        for l in &acc.letters {
            let _ = writeln!(
                t,
                "{}",
                S::Letter {
                    id: &l.id,
                    kind: &code_word(lang, &l.kind),
                    lang: &l.lang,
                    format: &l.format,
                    to: &or_unknown(l.subject.as_deref()),
                    at: &when(&l.written_at),
                    by: &inline(&l.written_by),
                    respond_by: &l
                        .respond_by
                        .map(|d| lang.long_date(d))
                        .unwrap_or_else(|| "—".into()),
                    sha256: &l.sha256,
                    head: &l.audit_head,
                }
                .text(lang)
            );
        }
    }
    let _ = writeln!(t, "\n## {}\n", L::Responses.text(lang));
    if acc.responses.is_empty() {
        let _ = writeln!(t, "{}", L::NoneRecorded.text(lang));
    }
    for r in &acc.responses {
        let then = r
            .complaint
            .map(|c| S::RegisteredAsComplaint { id: &c }.text(lang))
            .unwrap_or_default();
        let _ = writeln!(
            t,
            "{}",
            S::Response {
                on: &lang.long_date(r.received_on),
                from: &or_unknown(r.subject.as_deref()),
                by: &inline(&r.recorded_by),
                then: &then,
                text: &or_unknown(r.text.as_deref()),
            }
            .text(lang)
        );
    }
    let _ = writeln!(t, "\n## {}\n", L::Uses.text(lang));
    if acc.uses.is_empty() {
        let lines = from_trail(|e| matches!(e, Event::ItemUse { .. }));
        if lines.is_empty() {
            let _ = writeln!(t, "{}", L::NoneYet.text(lang));
        } else {
            t.push_str(&lines);
        }
    }
    for u in &acc.uses {
        let _ = writeln!(
            t,
            "{}",
            S::Use {
                id: &u.using.id,
                purpose: &inline(&u.using.purpose),
                recipient: &inline(&u.using.recipient),
                by: &inline(&u.using.by),
                at: &when(&u.using.at),
                inform_by: &lang.long_date(u.inform_subjects_by),
                informed: &names(&u.informed, lang),
                not_informed: &names(&u.not_informed, lang),
                summary: &inline(&u.using.summary),
            }
            .text(lang)
        );
    }
    let _ = writeln!(t, "\n## {}\n", L::AccessRequests.text(lang));
    if acc.access_requests.is_empty() {
        let _ = writeln!(t, "{}", L::NoneYet.text(lang));
    }
    for a in &acc.access_requests {
        let extended = a
            .extended_to
            .map(|_| {
                S::Extended {
                    reason: &or_unknown(a.extension_reason.as_deref()),
                }
                .text(lang)
            })
            .unwrap_or_default();
        let granted = a
            .granted_at
            .as_deref()
            .map(|g| {
                S::Granted {
                    at: &when(g),
                    by: &a.granted_by.as_deref().map(inline).unwrap_or_default(),
                    approved_by: &a.approved_by.as_deref().map(inline).unwrap_or_default(),
                }
                .text(lang)
            })
            .unwrap_or_default();
        let _ = writeln!(
            t,
            "{}",
            S::AccessRequest {
                id: &a.id,
                from: &or_unknown(a.subject.as_deref()),
                on: &lang.long_date(a.requested_on),
                due: &lang.long_date(a.due_on),
                extended: &extended,
                status: &code_word(lang, &a.status),
                granted: &granted,
                overdue: &if a.overdue {
                    S::Overdue.text(lang)
                } else {
                    String::new()
                },
            }
            .text(lang)
        );
    }
    erasure_requests(&mut t, acc, lang);
    let _ = writeln!(t, "\n## {}\n", L::Complaints.text(lang));
    if acc.complaints.is_empty() {
        let _ = writeln!(t, "{}", L::NoneYet.text(lang));
    }
    for c in &acc.complaints {
        t.push_str(&complaint_line(c, lang));
    }
    let _ = writeln!(t, "\n## {}\n", L::CopiesOutside.text(lang));
    if acc.copies.is_empty() {
        let _ = writeln!(t, "{}", L::NoneKnown.text(lang));
    }
    for k in &acc.copies {
        let handed_on = when(&k.registered_at);
        let state = match (&k.confirmed_by, k.deleted_on) {
            _ if k.kind == crate::core::model::CopyKind::Handed => {
                S::CopyHandedOn { on: &handed_on }.text(lang)
            }
            (Some(b), Some(d)) => S::CopyDeletedOn {
                by: &inline(b),
                on: &d,
            }
            .text(lang),
            (Some(b), None) => S::CopyDeleted { by: &inline(b) }.text(lang),
            _ => L::CopyOutstanding.text(lang).to_string(),
        };
        let _ = writeln!(
            t,
            "{}",
            S::Copy {
                id: &k.id,
                location: &inline(&crate::core::model::copy_location_text(&k.location, lang)),
                at: &when(&k.registered_at),
                by: &inline(&k.registered_by),
                state: &state,
            }
            .text(lang)
        );
    }
    if acc.copies_outstanding > 0 {
        let _ = writeln!(
            t,
            "\n{}",
            S::CopiesOutstandingCount {
                n: &acc.copies_outstanding
            }
            .text(lang)
        );
    }
    let _ = writeln!(t, "\n## {}\n", L::RetentionAndDeletion.text(lang));
    let _ = writeln!(
        t,
        "{}",
        S::Retention {
            years: &acc.retention_years,
            until: &lang.long_date(acc.retention_until),
            due: &if acc.retention_due {
                S::RetentionDue.text(lang)
            } else {
                String::new()
            },
        }
        .text(lang)
    );
    if let Some(d) = &acc.deletion {
        let certificates = if d.certificates.is_empty() {
            L::NoCertificates.text(lang).to_string()
        } else {
            d.certificates
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            t,
            "\n{}",
            S::Deleted {
                at: &when(&d.at),
                by: &inline(&d.by),
                approved_by: &d.approved_by.as_deref().map(inline).unwrap_or_default(),
                certificates: &certificates,
            }
            .text(lang)
        );
    }
    let _ = writeln!(t, "\n## {}\n", L::AuditTrail.text(lang));
    let _ = writeln!(t, "{}", L::AuditTableHead.text(lang));
    for e in &acc.trail {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} |",
            e.seq,
            when(&e.at),
            cell(&e.actor),
            cell(&what(e, lang))
        );
    }
    t
}

/// One line about a complaint, for reports.
pub fn complaint_line(c: &ComplaintView, lang: Lang) -> String {
    let unknown = |v: Option<&str>| or_unknown(v, lang);
    S::Complaint {
        id: &c.id,
        kind: &code_word(lang, &c.kind),
        status: &code_word(lang, &c.status),
        from: &unknown(c.from.as_deref()),
        received: &lang.long_date(c.received_on),
        acknowledge_by: &lang.long_date(c.acknowledge_by),
        acknowledged: &c
            .acknowledged_on
            .map(|d| {
                S::Acknowledged {
                    on: &lang.long_date(d),
                }
                .text(lang)
            })
            .unwrap_or_default(),
        decide_by: &lang.long_date(c.decide_by),
        postponed: &c
            .extended_to
            .map(|_| {
                S::Postponed {
                    reason: &unknown(c.extension_reason.as_deref()),
                }
                .text(lang)
            })
            .unwrap_or_default(),
        downgraded: &c
            .downgraded_by
            .as_deref()
            .map(|b| {
                S::Downgraded {
                    approved_by: &inline(b),
                    reason: &unknown(c.downgrade_reason.as_deref()),
                }
                .text(lang)
            })
            .unwrap_or_default(),
        closed: &c
            .closed_on
            .map(|d| {
                S::Decided {
                    on: &lang.long_date(d),
                    outcome: &unknown(c.outcome.as_deref()),
                }
                .text(lang)
            })
            .unwrap_or_default(),
        overdue: &if c.overdue {
            S::Overdue.text(lang)
        } else if c.acknowledgement_overdue {
            S::AcknowledgementOverdue.text(lang)
        } else {
            String::new()
        },
    }
    .text(lang)
}

/// The item's erasure requests, with their clocks and decisions.
fn erasure_requests(t: &mut String, acc: &Account, lang: Lang) {
    // After deletion, what is missing was destroyed, not forgotten.
    let or_unknown = |v: Option<&str>| {
        if acc.deletion.is_some() && v.is_none() {
            L::DestroyedWithRecording.text(lang).to_string()
        } else {
            or_unknown(v, lang)
        }
    };
    let _ = writeln!(t, "\n## {}\n", L::ErasureRequests.text(lang));
    if acc.erasure_requests.is_empty() {
        let _ = writeln!(t, "{}", L::NoneYet.text(lang));
    }
    for e in &acc.erasure_requests {
        let extended = e
            .extended_to
            .map(|_| {
                S::Extended {
                    reason: &or_unknown(e.extension_reason.as_deref()),
                }
                .text(lang)
            })
            .unwrap_or_default();
        let decision = match (&e.decision, e.decided_on) {
            (Some(d), Some(on)) => S::ErasureDecided {
                granted: d == "granted",
                by: &e.decided_by.as_deref().map(inline).unwrap_or_default(),
                on: &lang.long_date(on),
                reason: &or_unknown(e.decision_reason.as_deref()),
            }
            .text(lang),
            _ => code_word(lang, "open"),
        };
        let _ = writeln!(
            t,
            "{}",
            S::ErasureRequest {
                id: &e.id,
                from: &or_unknown(e.subject.as_deref()),
                on: &lang.long_date(e.received_on),
                due: &lang.long_date(e.due_on),
                extended: &extended,
                decision: &decision,
                overdue: &if e.overdue {
                    S::Overdue.text(lang)
                } else {
                    String::new()
                },
            }
            .text(lang)
        );
    }
}
