//! A lead's inbox of approval requests: two lines a request (who asks, for what kind, on which
//! item, how long it has waited; then what exactly is asked and why), the selected one marked.

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{clean, pad};
use super::theme::Theme;
use crate::tui::app::App;
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
    let mut lines = vec![Line::from(Span::styled(Ui::Approvals.text(l), th.bold()))];
    if !app.user.is_lead() {
        lines.push(Line::from(Span::styled(
            Ui::ApprovalsOwnOnly.text(l),
            th.dim(),
        )));
    }
    let list = app.open_approvals();
    if list.is_empty() {
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
    lines.push(Line::from(Span::styled(
        format!(
            "  {}{}{}{}{}",
            pad("#", 6),
            pad(Ui::AskedBy.text(l), 16),
            pad(Ui::KindWord.text(l), 15),
            pad(Ui::Item.text(l), 8),
            Ui::Waiting.text(l)
        ),
        th.bold(),
    )));
    // Two lines a request; the selected one stays in view.
    let head = lines.len();
    let fits = (area.height as usize).saturating_sub(head) / 2;
    let first = app.approvals_sel.saturating_sub(fits.saturating_sub(1));
    for (i, a) in list.iter().enumerate().skip(first).take(fits.max(1)) {
        let selected = i == app.approvals_sel;
        let style = if selected {
            th.selected()
        } else {
            ratatui::style::Style::default()
        };
        let item = a.item.map(|i| i.to_string()).unwrap_or_else(|| "—".into());
        lines.push(Line::from(Span::styled(
            pad(
                &format!(
                    "{}{}{}{}{}{}",
                    if selected { "▶ " } else { "  " },
                    pad(&a.id.to_string(), 6),
                    pad(&a.requested_by, 16),
                    pad(Ui::approval_kind(a.kind).text(l), 15),
                    pad(&item, 8),
                    age(app, &a.requested_at)
                ),
                w,
            ),
            style,
        )));
        let mut what = i18n::asks(l, &a.terms);
        if let Some(r) = &a.reason {
            what.push_str(&format!(" · {}: {r}", Ui::Reason.text(l)));
        }
        lines.push(Line::from(Span::styled(
            format!("        {}", clean(&what, w.saturating_sub(9))),
            th.dim(),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
