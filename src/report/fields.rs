//! The values documents are filled with, made from an item's account: dates, names, lists and
//! tables, each safe to put in a line or a table cell.

use std::fmt::Write;

use chrono::NaiveDate;

use super::template::{Vars, inline};
use super::text::{L, channel};
use super::timeline::{ranges_text, timeline_block};
use crate::core::lang::Lang;
use crate::core::model::{NotificationDecision, PersonRole};
use crate::core::zone::Zone;
use crate::store::due::{Account, Listening};

/// A value for a table cell (`inline` escapes `|` too, so it cannot split the cell).
pub(super) fn cell(s: &str) -> String {
    inline(s)
}

/// "2026-03-02T14:05:09.123Z" → "2026-03-02 14:05 UTC".
pub fn when(stamp: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => t.to_utc().format("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => inline(stamp),
    }
}

pub(super) fn day_of(stamp: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|t| t.to_utc().date_naive())
}

/// The day of a stamp on the organisation's clock.
pub(super) fn local_day(stamp: &str, zone: &Zone) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|t| zone.local(t.to_utc()).date())
}

/// A stamp on the organisation's clock, short, for the team's accounts: "2 mrt 2026 14:08".
pub(super) fn at_local(stamp: &str, zone: &Zone, lang: Lang) -> String {
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => {
            let local = zone.local(t.to_utc());
            format!("{} {}", lang.date(local.date()), local.format("%H:%M"))
        }
        Err(_) => inline(stamp),
    }
}

/// A stamp as the reader's clock showed it: "2 maart 2026, 14:08" (no "UTC"); a time in
/// UTC when no zone is given (the team's own reports).
pub(super) fn when_in(stamp: &str, zone: Option<&Zone>, lang: Lang) -> String {
    match (chrono::DateTime::parse_from_rfc3339(stamp), zone) {
        (Ok(t), Some(z)) => {
            let local = z.local(t.to_utc());
            format!(
                "{}, {}",
                lang.long_date(local.date()),
                local.format("%H:%M")
            )
        }
        _ => when(stamp),
    }
}

pub(super) fn listening_table(list: &[Listening], lang: Lang, zone: Option<&Zone>) -> String {
    if list.is_empty() {
        return L::NobodyListened.text(lang).to_string();
    }
    let mut t = format!(
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|\n",
        L::When.text(lang),
        L::Who.text(lang),
        L::SupervisedBy.text(lang),
        L::Kind.text(lang),
        L::SecondsHeard.text(lang),
        L::Length.text(lang)
    );
    for l in list {
        let kind = if l.kind == "preview" {
            L::Preview.text(lang)
        } else {
            L::Playback.text(lang)
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {}{} | {} | {} |",
            when_in(&l.started_at, zone, lang),
            cell(&l.user),
            l.supervisor
                .as_deref()
                .map(cell)
                .unwrap_or_else(|| "—".into()),
            kind,
            if l.open { L::NotClosed.text(lang) } else { "" },
            ranges_text(&l.ranges_ms, lang),
            lang.seconds(l.heard_ms)
        );
    }
    t
}

pub(super) fn heard_summary(acc_total: u64, duration: u64, lang: Lang) -> String {
    let pct = (acc_total * 100 + duration / 2)
        .checked_div(duration)
        .unwrap_or(0);
    format!(
        "{} {} {} ({pct} %)",
        lang.seconds(acc_total),
        L::Of.text(lang),
        lang.seconds(duration)
    )
}

pub(super) fn or_unknown(v: Option<&str>, lang: Lang) -> String {
    match v.map(inline).filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => L::NotRecorded.text(lang).to_string(),
    }
}

pub(super) fn names(list: &[String], lang: Lang) -> String {
    if list.is_empty() {
        L::Nobody.text(lang).to_string()
    } else {
        list.iter()
            .map(|s| inline(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn role_word(role: PersonRole, lang: Lang) -> &'static str {
    match role {
        PersonRole::Sender => L::RoleSender,
        PersonRole::Parent => L::RoleParent,
        PersonRole::Child => L::RoleChild,
        PersonRole::Professional => L::RoleProfessional,
        PersonRole::Other => L::RoleOther,
    }
    .text(lang)
}

pub(super) fn subjects_list(acc: &Account, lang: Lang) -> String {
    match &acc.metadata {
        Some(m) if !m.subjects.is_empty() => m
            .subjects
            .iter()
            .map(|p| format!("- {} ({})", inline(&p.name), role_word(p.role, lang)))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => format!("- {}", L::NotRecorded.text(lang)),
    }
}

pub(super) fn uses_list(acc: &Account, lang: Lang) -> String {
    if acc.uses.is_empty() {
        return L::NoUses.text(lang).to_string();
    }
    acc.uses
        .iter()
        .map(|u| {
            format!(
                "- {}: {} → {} ({} {})",
                lang.long_date(u.inform_subjects_by),
                inline(&u.using.purpose),
                inline(&u.using.recipient),
                L::SummaryBy.text(lang),
                inline(&u.using.by)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn notifications_list(acc: &Account, lang: Lang) -> String {
    if acc.notifications.is_empty() {
        return L::NoNotifications.text(lang).to_string();
    }
    acc.notifications
        .iter()
        .map(|n| match &n.decision {
            NotificationDecision::Notified { on, channel, by } => format!(
                "- {}: {} {} ({}, {})",
                lang.long_date(*on),
                inline(&n.subject),
                L::WasNotified.text(lang),
                inline(channel),
                inline(by)
            ),
            NotificationDecision::Exception {
                reason,
                approved_by,
                ground,
                review_on,
            } => format!(
                "- {}: {} ({}{}; {} {}; {})",
                inline(&n.subject),
                L::NotNotified.text(lang),
                ground
                    .map(|g| format!("{}: ", g.text(lang)))
                    .unwrap_or_default(),
                inline(reason),
                L::ApprovedBy.text(lang),
                inline(approved_by),
                match review_on {
                    Some(d) => format!("{} {}", L::ReviewOn.text(lang), lang.long_date(*d)),
                    None => L::PastReview.text(lang).to_string(),
                }
            ),
            NotificationDecision::ViaParent { parent, by } => format!(
                "- {} {} {} ({})",
                inline(&n.subject),
                L::ToldThrough.text(lang),
                inline(parent),
                inline(by)
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn secretly_text(acc: &Account, lang: Lang) -> String {
    use crate::core::model::Secretly;
    match acc.metadata.as_ref().map(|m| m.secretly) {
        Some(Secretly::Yes) => L::SecretlyYes,
        Some(Secretly::No) => L::SecretlyNo,
        _ => L::SecretlyUnknown,
    }
    .text(lang)
    .to_string()
}

/// Placeholders every document about an item may use; times on the organisation's clock.
pub(super) fn item_vars(acc: &Account, lang: Lang, today: NaiveDate, zone: &Zone) -> Vars {
    let mut v = Vars::new();
    let m = acc.metadata.as_ref();
    v.insert("date", lang.long_date(today));
    v.insert("item", acc.item.to_string());
    v.insert("case", inline(&acc.case));
    v.insert(
        "received_date",
        local_day(&acc.received_at, zone)
            .map(|d| lang.long_date(d))
            .unwrap_or_default(),
    );
    v.insert("received_at", when_in(&acc.received_at, Some(zone), lang));
    v.insert("received_by", inline(&acc.received_by));
    v.insert("channel", channel(lang, &acc.channel).to_string());
    v.insert("sender", or_unknown(acc.sender(), lang));
    v.insert("file_name", or_unknown(acc.file_name.as_deref(), lang));
    v.insert("duration", lang.seconds(acc.duration_ms));
    v.insert(
        "recording_format",
        format!("{} ({})", inline(&acc.format), inline(&acc.codec)),
    );
    v.insert("recording_sha256", acc.sha256.clone());
    v.insert("recording_size", acc.size.to_string());
    v.insert("secretly", secretly_text(acc, lang));
    v.insert("subjects_list", subjects_list(acc, lang));
    v.insert(
        "purpose_sender",
        or_unknown(m.and_then(|m| m.purpose.as_deref()), lang),
    );
    v.insert(
        "processing_purpose",
        or_unknown(m.and_then(|m| m.processing_purpose.as_deref()), lang),
    );
    v.insert(
        "legal_basis",
        or_unknown(m.and_then(|m| m.legal_basis.as_deref()), lang),
    );
    v.insert(
        "listening_table",
        listening_table(&acc.listening, lang, Some(zone)),
    );
    v.insert(
        "heard_summary",
        heard_summary(acc.heard_total_ms, acc.duration_ms, lang),
    );
    v.insert("heard_ranges", ranges_text(&acc.heard_ms, lang));
    v.insert("listeners", names(&acc.listeners, lang));
    v.insert("supervisors", names(&acc.supervisors, lang));
    v.insert(
        "timeline",
        timeline_block(acc.duration_ms, &acc.heard_ms, lang),
    );
    v.insert("uses_list", uses_list(acc, lang));
    v.insert("notifications_list", notifications_list(acc, lang));
    v.insert("retention_years", acc.retention_years.to_string());
    v.insert("retention_until", lang.long_date(acc.retention_until));
    v.insert("audit_head", acc.audit_head.clone());
    v
}
