//! A lead's inbox: approval requests, escalations and items past a deadline, two lines each
//! (who asks, for what kind, on which item, how long it has waited; then what exactly is asked
//! and why, or which clock ran out), the selected one marked.

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{clean, pad, short_age, stage_label};
use super::theme::Theme;
use crate::store::triage::EscalationKind;
use crate::tui::app::{App, Entry};
use crate::tui::i18n::{self, Ui};
use crate::tui::keymap::{Act, Ctx};

/// How long ago `at` was, shortly: "45 s", "12 min", "3 h 5 min".
pub(super) fn age(app: &App, at: &str) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(at) else {
        return "?".into();
    };
    let s = (app.now - t.to_utc()).num_seconds().max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        _ => format!(
            "{} {} {} min",
            s / 3600,
            i18n::hour(app.lang),
            (s % 3600) / 60
        ),
    }
}

pub(super) fn approvals(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let mut top = vec![Line::from(Span::styled(Ui::Inbox.text(l), th.bold()))];
    if !app.user.is_lead() {
        top.push(Line::from(Span::styled(
            Ui::ApprovalsOwnOnly.text(l),
            th.dim(),
        )));
    }
    let inbox = app.inbox();
    if inbox.is_empty() {
        let mut lines = top;
        lines.push(Line::from(""));
        lines.push(Line::from(if app.user.is_lead() {
            Ui::ApprovalsNone.text(l)
        } else {
            Ui::ApprovalsOwnNone.text(l)
        }));
        if let Some(cmd) = app.demo.as_ref().and_then(|d| d.second_session.as_deref()) {
            lines.push(Line::from(""));
            let key = app.keys.key_for(Ctx::Player, Act::AskApproval);
            lines.push(Line::from(i18n::demo_second_session(l, &key)));
            lines.push(Line::from(Span::styled(clean(cmd, 400), th.bold())));
        }
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    let w = area.width as usize;
    // Each entry is a block of lines (the first of a section carries its heading); the
    // selected block stays in view.
    let mut blocks: Vec<Vec<Line>> = Vec::with_capacity(inbox.len());
    let mut section = None;
    for (i, e) in inbox.iter().enumerate() {
        let selected = i == app.approvals_sel;
        let mark = if selected { "▶ " } else { "  " };
        let style = if selected {
            th.selected()
        } else {
            ratatui::style::Style::default()
        };
        let mut b = Vec::new();
        let kind = std::mem::discriminant(e);
        if section != Some(kind) {
            section = Some(kind);
            let (title, columns) = match e {
                Entry::Approval(_) => (
                    Some(Ui::Approvals),
                    [
                        "#",
                        Ui::AskedBy.text(l),
                        Ui::KindWord.text(l),
                        Ui::Item.text(l),
                        Ui::Waiting.text(l),
                    ],
                ),
                Entry::Escalation(_) => (
                    Some(Ui::InboxEscalations),
                    [
                        "#",
                        Ui::AskedBy.text(l),
                        Ui::KindWord.text(l),
                        Ui::Item.text(l),
                        Ui::Waiting.text(l),
                    ],
                ),
                Entry::Overdue(_) => (
                    Some(Ui::InboxOverdue),
                    [
                        Ui::Item.text(l),
                        Ui::Case.text(l),
                        Ui::StageHeader.text(l),
                        "",
                        Ui::Received.text(l),
                    ],
                ),
            };
            if let Some(t) = title {
                if i > 0 {
                    b.push(Line::from(""));
                }
                b.push(Line::from(Span::styled(t.text(l), th.bold())));
            }
            b.push(Line::from(Span::styled(
                format!(
                    "  {}{}{}{}{}",
                    pad(columns[0], 6),
                    pad(columns[1], 16),
                    pad(columns[2], 15),
                    pad(columns[3], 8),
                    columns[4]
                ),
                th.bold(),
            )));
        }
        let (first, second) = match e {
            Entry::Approval(a) => {
                let item = a.item.map(|i| i.to_string()).unwrap_or_else(|| "—".into());
                let mut what = i18n::asks(l, &a.terms);
                if let Some(r) = &a.reason {
                    what.push_str(&format!(" · {}: {r}", Ui::Reason.text(l)));
                }
                (
                    format!(
                        "{}{}{}{}{}",
                        pad(&a.id.to_string(), 6),
                        pad(&a.requested_by, 16),
                        pad(Ui::approval_kind(a.kind).text(l), 15),
                        pad(&item, 8),
                        age(app, &a.requested_at)
                    ),
                    what,
                )
            }
            Entry::Escalation(x) => {
                let mut what = format!(
                    "{}: {}",
                    Ui::Reason.text(l),
                    x.reason.as_deref().unwrap_or("—")
                );
                if let (Some(by), Some(_)) = (&x.resolved_by, &x.resolved_at) {
                    let dismissed = x.outcome.as_deref() == Some("dismissed");
                    let how = if dismissed {
                        Ui::EscalationDismissed
                    } else {
                        Ui::EscalationResolved
                    };
                    what.push_str(&format!(" · {} {by}", how.text(l)));
                    if let Some(n) = &x.note {
                        what.push_str(&format!(": {n}"));
                    }
                }
                (
                    format!(
                        "{}{}{}{}{}",
                        pad(&x.id.to_string(), 6),
                        pad(&x.by, 16),
                        pad(escalation_kind(x.kind).text(l), 15),
                        pad(&x.item.to_string(), 8),
                        age(app, &x.at)
                    ),
                    what,
                )
            }
            Entry::Overdue(r) => (
                format!(
                    "{}{}{}{}",
                    pad(&r.id.to_string(), 6),
                    pad(&r.case, 16),
                    pad(stage_label(l, r.stage), 23),
                    short_age(app, &r.received_at)
                ),
                late_reasons(app, r),
            ),
        };
        b.push(Line::from(Span::styled(
            pad(&format!("{mark}{first}"), w),
            style,
        )));
        b.push(Line::from(Span::styled(
            format!("        {}", clean(&second, w.saturating_sub(9))),
            th.dim(),
        )));
        blocks.push(b);
    }
    let room = (area.height as usize).saturating_sub(top.len());
    // The first block shown: as late as needed for the selected one to end in view.
    let sel = app.approvals_sel.min(blocks.len().saturating_sub(1));
    let mut first = 0;
    while first < sel && blocks[first..=sel].iter().map(Vec::len).sum::<usize>() > room {
        first += 1;
    }
    let mut lines = top;
    for b in blocks.into_iter().skip(first) {
        lines.extend(b);
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn escalation_kind(k: EscalationKind) -> Ui {
    match k {
        EscalationKind::Preview => Ui::KindPreview,
        EscalationKind::Exception => Ui::KindException,
        EscalationKind::Other => Ui::KindOther,
    }
}

/// Which of the item's clocks ran out, in words.
fn late_reasons(app: &App, r: &crate::store::QueueRow) -> String {
    let l = app.lang;
    let mut v: Vec<String> = Vec::new();
    if r.overdue {
        v.push(Ui::LateUntouched.text(l).into());
    }
    if let Some(d) = app.due_for(r.id) {
        if d.notification_overdue {
            let by = d
                .notification_due_by
                .map(|t| format!(" ({} {})", Ui::DueBy.text(l).to_lowercase(), l.date(t)))
                .unwrap_or_default();
            v.push(format!("{}{by}", Ui::LateNotification.text(l)));
        }
        if d.overdue_complaints > 0 {
            v.push(Ui::FlagComplaintOverdue.text(l).into());
        }
        if d.overdue_access_requests > 0 {
            v.push(Ui::LateAccess.text(l).into());
        }
        if d.overdue_erasure_requests > 0 {
            v.push(Ui::LateErasure.text(l).into());
        }
        if d.exceptions_past_review > 0 {
            v.push(Ui::LateExceptionReview.text(l).into());
        }
    }
    v.join(", ")
}
