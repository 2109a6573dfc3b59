//! The further-use form and the erasure-decision form.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::detail::for_the_screen;
use super::forms::{field_line, with_cursor};
use super::text::clean;
use super::theme::Theme;
use crate::core::gate::Action;
use crate::tui::app::App;
use crate::tui::i18n::Ui;

/// The form's title line: what it decides, about which item.
fn title(what: Ui, app: &App, item: i64, th: &Theme) -> Line<'static> {
    let l = app.lang;
    Line::from(Span::styled(
        format!("{} — {} {item}", what.text(l), Ui::Item.text(l)),
        th.bold(),
    ))
}

/// The store's refusal (or what is missing) under the form.
fn error_lines(error: &Option<String>, th: &Theme) -> Vec<Line<'static>> {
    match error {
        Some(e) => vec![
            Line::from(""),
            Line::from(Span::styled(
                format!("! {}", clean(&for_the_screen(e), 1000)),
                th.error(),
            )),
        ],
        None => Vec::new(),
    }
}

/// Puts the terminal's cursor where typing goes when a text field has the focus (`row`
/// counted from the top of `area`).
fn place_cursor(f: &mut Frame, area: Rect, row: usize, cursor: Option<usize>) {
    let x = match cursor {
        Some(c) => area.x + 26 + (c as u16).min(area.width.saturating_sub(27)),
        None => area.x,
    };
    f.set_cursor_position(Position {
        x,
        y: area.y + (row as u16).min(area.height.saturating_sub(1)),
    });
}

pub(super) fn use_form(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(u) = app.use_form.clone() else {
        return;
    };
    let leads: Vec<String> = app.overseers().iter().map(|x| x.name.clone()).collect();
    let lead = leads.get(u.lead).cloned().unwrap_or_default();
    // What the gate says about further use now, to go by (the store decides when saved).
    let waits: Vec<String> = app
        .detail
        .as_ref()
        .filter(|d| d.view.id == u.item)
        .and_then(|d| {
            d.view
                .gate
                .details
                .iter()
                .find(|(a, _)| *a == Action::FurtherUse)
        })
        .map(|(_, missing)| missing.iter().map(|m| m.text(l)).collect())
        .unwrap_or_default();
    let text = |t: &str, i: usize, max: usize| with_cursor(t, u.cursor, u.focus == i, max);
    let mut lines = vec![title(Ui::FurtherUseTitle, app, u.item, th)];
    lines.push(Line::from(""));
    let fields = [
        field_line(
            Ui::Purpose.text(l),
            text(&u.purpose, 0, 80),
            u.focus == 0,
            th,
        ),
        field_line(
            Ui::Recipient.text(l),
            text(&u.recipient, 1, 80),
            u.focus == 1,
            th,
        ),
        field_line(
            Ui::Summary.text(l),
            text(&u.summary, 2, 200),
            u.focus == 2,
            th,
        ),
        field_line(
            Ui::OverrideReason.text(l),
            text(&u.reason, 3, 80),
            u.focus == 3,
            th,
        ),
        field_line(
            Ui::ApprovedBy.text(l),
            if lead.is_empty() {
                "—".into()
            } else {
                format!("◀ {} ▶", clean(&lead, 30))
            },
            u.focus == 4,
            th,
        ),
        field_line(
            Ui::Pin.text(l),
            with_cursor(
                &"•".repeat(u.pin.chars().count()),
                u.cursor,
                u.focus == 5,
                12,
            ),
            u.focus == 5,
            th,
        ),
        field_line("", format!("[ {} ]", Ui::Save.text(l)), u.focus == 6, th),
    ];
    lines.extend(fields);
    lines.push(Line::from(Span::styled(
        format!("  {}", Ui::OverrideHint.text(l)),
        th.dim(),
    )));
    if u.error.is_none() && !waits.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("{}:", Ui::GateFurtherUse.text(l)),
            th.bold(),
        )));
        for w in waits {
            lines.push(Line::from(Span::styled(
                format!("  – {}", clean(&for_the_screen(&w), 600)),
                th.warn(),
            )));
        }
    }
    lines.extend(error_lines(&u.error, th));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    place_cursor(f, area, 2 + u.focus, u.text().map(|_| u.cursor));
}

pub(super) fn erasure_form(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(e) = app.erasure_form.clone() else {
        return;
    };
    let subject = e.subjects.get(e.sel).cloned().unwrap_or_default();
    // The request's date to decide by, from the item's list.
    let due = app
        .detail
        .as_ref()
        .filter(|d| d.view.id == e.item)
        .and_then(|d| {
            d.erasure
                .iter()
                .find(|x| x.open() && x.subject.as_deref() == Some(subject.as_str()))
        })
        .map(|x| crate::tui::i18n::erasure_state(l, x))
        .unwrap_or_default();
    let decision = match e.granted {
        None => "—",
        Some(true) => Ui::Granted.text(l),
        Some(false) => Ui::Refused.text(l),
    };
    let mut lines = vec![
        title(Ui::ErasureRequestTitle, app, e.item, th),
        Line::from(""),
        field_line(
            Ui::SubjectLabel.text(l),
            format!("◀ {} ▶  ({due})", clean(&subject, 40)),
            e.focus == 0,
            th,
        ),
        field_line(
            Ui::Decision.text(l),
            format!("◀ {decision} ▶"),
            e.focus == 1,
            th,
        ),
        field_line(
            Ui::Reason.text(l),
            with_cursor(&e.reason, e.cursor, e.focus == 2, 200),
            e.focus == 2,
            th,
        ),
        field_line("", format!("[ {} ]", Ui::Save.text(l)), e.focus == 3, th),
    ];
    lines.extend(error_lines(&e.error, th));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    place_cursor(f, area, 2 + e.focus, e.text().map(|_| e.cursor));
}
