//! The team's full account of one item, and a line per complaint, for reports.

use std::fmt::Write;

use chrono::NaiveDate;

use super::fields::{
    cell, heard_summary, listening_table, names, notifications_list, or_unknown, subjects_list,
    when,
};
use super::template::inline;
use super::text::Lang;
use super::timeline::{ranges_text, seconds, timeline_block};
use crate::core::audit::Event;
use crate::store::due::{Account, TrailEntry};

/// The full account of one item, in Markdown (English: it is the team's record).
pub fn item_report(acc: &Account, today: NaiveDate) -> String {
    let lang = Lang::En;
    let gone = acc.deletion.is_some();
    // After deletion, what is missing was destroyed, not forgotten.
    let or_unknown = |v: Option<&str>, lang: Lang| {
        if gone && v.is_none() {
            "(destroyed with the recording)".to_string()
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
                format!(
                    "- {} by {}: {} (details destroyed with the recording)\n",
                    when(&e.at),
                    inline(&e.actor),
                    inline(&e.what)
                )
            })
            .collect()
    };
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Account of item {} (case {})\n\nWritten {}. Stage: **{}**.\n",
        acc.item,
        inline(&acc.case),
        lang.date(today),
        acc.stage.label()
    );
    let _ = writeln!(t, "## Receipt\n");
    let _ = writeln!(
        t,
        "- Received {} by {} via {}\n- From: {}\n- File: {} — {} {}, {}, {} bytes\n- SHA-256: `{}`\n",
        when(&acc.received_at),
        inline(&acc.received_by),
        inline(&acc.channel),
        or_unknown(acc.from.as_deref(), lang),
        or_unknown(acc.file_name.as_deref(), lang),
        inline(&acc.format),
        inline(&acc.codec),
        seconds(acc.duration_ms, lang),
        acc.size,
        acc.sha256
    );
    let _ = writeln!(t, "## Metadata\n");
    match &acc.metadata {
        Some(m) => {
            let _ = writeln!(
                t,
                "- Sender: {}\n- Sender's purpose: {}\n- Recorded secretly: {}\n- Legal basis: {}\n- Team's purpose: {}\n- People on the recording:\n{}\n",
                or_unknown(m.sender.as_deref(), lang),
                or_unknown(m.purpose.as_deref(), lang),
                m.secretly,
                or_unknown(m.legal_basis.as_deref(), lang),
                or_unknown(m.processing_purpose.as_deref(), lang),
                subjects_list(acc, lang)
                    .lines()
                    .map(|l| format!("  {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        None if acc.deletion.is_some() => {
            t.push_str("Destroyed with the recording.\n\n");
        }
        None => t.push_str("Not recorded.\n\n"),
    }
    let history: Vec<_> = acc
        .trail
        .iter()
        .filter(|e| is(e, |e| matches!(e, Event::ItemDescribe { .. })))
        .collect();
    if !history.is_empty() {
        t.push_str("History of the metadata (from the audit log):\n\n");
        for e in history {
            let _ = writeln!(
                t,
                "- {} #{} {}: {}",
                when(&e.at),
                e.seq,
                inline(&e.actor),
                inline(&e.what)
            );
        }
        t.push('\n');
    }
    let _ = writeln!(
        t,
        "## Listening\n\nHeard in all: {}; ranges: {}.\n",
        heard_summary(acc.heard_total_ms, acc.duration_ms, lang),
        ranges_text(&acc.heard_ms, lang)
    );
    t.push_str(&timeline_block(acc.duration_ms, &acc.heard_ms, lang));
    t.push_str("\n\n");
    t.push_str(&listening_table(&acc.listening, lang));
    let refused: Vec<_> = acc
        .trail
        .iter()
        .filter(|e| is(e, |e| matches!(e, Event::Refused { .. })))
        .collect();
    if !refused.is_empty() {
        t.push_str("\nRefused by the gate:\n\n");
        for e in refused {
            let _ = writeln!(
                t,
                "- {} {}: {}",
                when(&e.at),
                inline(&e.actor),
                inline(&e.what)
            );
        }
    }
    let _ = writeln!(t, "\n## Notification\n");
    let notify = |e: &Event| matches!(e, Event::ItemNotify { .. });
    if gone && acc.notifications.is_empty() && acc.trail.iter().any(|e| is(e, notify)) {
        t.push_str(&from_trail(notify));
    } else {
        t.push_str(&notifications_list(acc, lang));
        t.push('\n');
    }
    for p in &acc.pending_notifications {
        let _ = writeln!(t, "- **pending**: no decision yet about {}", inline(p));
    }
    if !acc.letters.is_empty() {
        t.push_str("\nLetters:\n\n");
        for l in &acc.letters {
            let _ = writeln!(
                t,
                "- Letter {} ({}, {}, {}) to {} written {} by {}; respond by {}; SHA-256 `{}`, quoting audit head `{}`",
                l.id,
                l.kind,
                l.lang,
                l.format,
                or_unknown(l.subject.as_deref(), lang),
                when(&l.written_at),
                inline(&l.written_by),
                l.respond_by
                    .map(|d| lang.date(d))
                    .unwrap_or_else(|| "—".into()),
                l.sha256,
                l.audit_head
            );
        }
    }
    let _ = writeln!(t, "\n## Responses\n");
    if acc.responses.is_empty() {
        t.push_str("None recorded.\n");
    }
    for r in &acc.responses {
        let _ = writeln!(
            t,
            "- {} from {} (recorded by {}){}: {}",
            lang.date(r.received_on),
            or_unknown(r.subject.as_deref(), lang),
            inline(&r.recorded_by),
            r.complaint
                .map(|c| format!(", registered as complaint {c}"))
                .unwrap_or_default(),
            or_unknown(r.text.as_deref(), lang)
        );
    }
    let _ = writeln!(t, "\n## Uses\n");
    if acc.uses.is_empty() {
        let lines = from_trail(|e| matches!(e, Event::ItemUse { .. }));
        t.push_str(if lines.is_empty() { "None.\n" } else { &lines });
    }
    for u in &acc.uses {
        let _ = writeln!(
            t,
            "- Use {}: {} → {} by {} at {}. Subjects had to be informed by {} (GDPR art. 14(3)(c)); informed: {}; not informed: {}.\n  Summary: {}",
            u.using.id,
            inline(&u.using.purpose),
            inline(&u.using.recipient),
            inline(&u.using.by),
            when(&u.using.at),
            lang.date(u.inform_subjects_by),
            names(&u.informed, lang),
            names(&u.not_informed, lang),
            inline(&u.using.summary)
        );
    }
    let _ = writeln!(t, "\n## Access requests\n");
    if acc.access_requests.is_empty() {
        t.push_str("None.\n");
    }
    for a in &acc.access_requests {
        let _ = writeln!(
            t,
            "- Request {} by {} on {}, due {}{}: {}{}{}",
            a.id,
            or_unknown(a.subject.as_deref(), lang),
            lang.date(a.requested_on),
            lang.date(a.due_on),
            a.extended_to
                .map(|_| format!(
                    " (extended: {})",
                    or_unknown(a.extension_reason.as_deref(), lang)
                ))
                .unwrap_or_default(),
            a.status,
            a.granted_at
                .as_deref()
                .map(|g| format!(
                    " {} by {}, approved by {}",
                    when(g),
                    a.granted_by.as_deref().map(inline).unwrap_or_default(),
                    a.approved_by.as_deref().map(inline).unwrap_or_default()
                ))
                .unwrap_or_default(),
            if a.overdue { " — **OVERDUE**" } else { "" }
        );
    }
    let _ = writeln!(t, "\n## Complaints\n");
    if acc.complaints.is_empty() {
        t.push_str("None.\n");
    }
    for c in &acc.complaints {
        t.push_str(&complaint_line(c));
    }
    let _ = writeln!(t, "\n## Copies outside the store\n");
    if acc.copies.is_empty() {
        t.push_str("None known.\n");
    }
    for k in &acc.copies {
        let _ = writeln!(
            t,
            "- Copy {}: {} (registered {} by {}); {}",
            k.id,
            inline(&k.location),
            when(&k.registered_at),
            inline(&k.registered_by),
            match (&k.confirmed_by, k.deleted_on) {
                (Some(b), Some(d)) => format!("deletion confirmed by {} for {}", inline(b), d),
                (Some(b), None) => format!("deletion confirmed by {}", inline(b)),
                _ => "**outstanding**".into(),
            }
        );
    }
    if acc.copies_outstanding > 0 {
        let _ = writeln!(t, "\n**Copies outstanding: {}.**", acc.copies_outstanding);
    }
    let _ = writeln!(t, "\n## Retention and deletion\n");
    let _ = writeln!(
        t,
        "Retention: {} years, until {}{}.",
        acc.retention_years,
        lang.date(acc.retention_until),
        if acc.retention_due {
            " — **due for deletion**"
        } else {
            ""
        }
    );
    if let Some(d) = &acc.deletion {
        let _ = writeln!(
            t,
            "\nDeleted {} by {}, approved by {}. Certificates: {}.",
            when(&d.at),
            inline(&d.by),
            d.approved_by.as_deref().map(inline).unwrap_or_default(),
            if d.certificates.is_empty() {
                "none".to_string()
            } else {
                d.certificates
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    let _ = writeln!(t, "\n## Audit trail\n");
    let _ = writeln!(
        t,
        "| # | When | Who | Action | What |\n|---|---|---|---|---|"
    );
    for e in &acc.trail {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} |",
            e.seq,
            when(&e.at),
            cell(&e.actor),
            e.action,
            cell(&e.what)
        );
    }
    let _ = writeln!(
        t,
        "\nAudit head at the time of writing: `{}`\n(check it with `earshot audit verify --anchor {}`)",
        acc.audit_head, acc.audit_head
    );
    t
}

/// One line about a complaint, for reports.
pub fn complaint_line(c: &crate::store::due::ComplaintView) -> String {
    let lang = Lang::En;
    format!(
        "- Complaint {} ({}, {}) from {} received {}; acknowledge by {}{}; decide by {}{}{}{}{}\n",
        c.id,
        c.kind.replace('_', " "),
        c.status,
        or_unknown(c.from.as_deref(), lang),
        lang.date(c.received_on),
        lang.date(c.acknowledge_by),
        c.acknowledged_on
            .map(|d| format!(" (acknowledged {})", lang.date(d)))
            .unwrap_or_default(),
        lang.date(c.decide_by),
        c.extended_to
            .map(|_| format!(
                " (postponed: {})",
                or_unknown(c.extension_reason.as_deref(), lang)
            ))
            .unwrap_or_default(),
        c.downgraded_by
            .as_deref()
            .map(|b| format!(
                "; treated as an information request, approved by {} ({})",
                inline(b),
                or_unknown(c.downgrade_reason.as_deref(), lang)
            ))
            .unwrap_or_default(),
        c.closed_on
            .map(|d| format!(
                "; decided {}: {}",
                lang.date(d),
                or_unknown(c.outcome.as_deref(), lang)
            ))
            .unwrap_or_default(),
        if c.overdue {
            " — **OVERDUE**"
        } else if c.acknowledgement_overdue {
            " — **acknowledgement overdue**"
        } else {
            ""
        }
    )
}
