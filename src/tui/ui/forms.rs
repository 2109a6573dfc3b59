//! The metadata form and the notification-decision form.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{clean, datetime};
use super::theme::Theme;
use crate::tui::app::{App, EXCEPTION_GROUNDS, FORM_FIELDS, SUBJECT_ROLES};
use crate::tui::i18n::Ui;

pub(super) fn field_line(label: &str, value: String, focused: bool, th: &Theme) -> Line<'static> {
    let marker = if focused { "› " } else { "  " };
    let style = if focused { th.bold() } else { Style::default() };
    Line::from(vec![
        Span::styled(format!("{marker}{label:<24}"), style),
        Span::raw(value),
    ])
}

/// A text field's value, with the cursor mark where typing goes when it has the focus.
pub(super) fn with_cursor(text: &str, cursor: usize, focused: bool, max: usize) -> String {
    if !focused {
        return clean(text, max);
    }
    let at = text
        .char_indices()
        .nth(cursor)
        .map_or(text.len(), |(b, _)| b);
    let before = clean(&text[..at], max);
    let room = max.saturating_sub(before.chars().count());
    format!("{before}▏{}", clean(&text[at..], room))
}

/// "Received 12 Mar 19:04 · whatsapp · as Moeder Jansen" for the item on the form.
fn received_line(app: &App, item: i64) -> String {
    let Some(d) = app.detail.as_ref().filter(|d| d.view.id == item) else {
        return String::new();
    };
    let v = &d.view;
    let mut t = format!(
        "  {} {} · {}",
        Ui::Received.text(app.lang),
        datetime(app, &v.received_at),
        clean(&v.channel, 20)
    );
    if let Some(from) = &v.from {
        t.push_str(&format!(
            " · {} {}",
            Ui::AsName.text(app.lang),
            clean(from, 40)
        ));
    }
    t
}

pub(super) fn form(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(fm) = app.form.clone() else { return };
    let role = |i: usize| Ui::person_role(SUBJECT_ROLES[i % SUBJECT_ROLES.len()]).text(l);
    let subjects: Vec<String> = fm
        .subjects
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                clean(&p.name, 30),
                Ui::person_role(p.role).text(l)
            )
        })
        .collect();
    let text = |t: &str, i: usize, max: usize| with_cursor(t, fm.cursor, fm.focus == i, max);
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{} — {} {}",
                Ui::DescribeRecording.text(l),
                Ui::Item.text(l),
                fm.item
            ),
            th.bold(),
        )),
        // What intake knows, to go by: when and how it came in, under which name.
        Line::from(Span::styled(received_line(app, fm.item), th.dim())),
        field_line(
            Ui::Sender.text(l),
            text(&fm.sender, 0, 60),
            fm.focus == 0,
            th,
        ),
        field_line(
            Ui::NewSubject.text(l),
            format!(
                "{}  Enter → {}",
                text(&fm.new_name, 1, 40),
                Ui::RoleWord.text(l)
            ),
            fm.focus == 1,
            th,
        ),
        field_line(
            Ui::RoleWord.text(l),
            format!("◀ {} ▶  Enter +", role(fm.new_role)),
            fm.focus == 2,
            th,
        ),
        field_line(
            Ui::Subjects.text(l),
            if subjects.is_empty() {
                "—".into()
            } else {
                format!("{}  (Del −)", subjects.join(", "))
            },
            fm.focus == 3,
            th,
        ),
        field_line(
            Ui::Purpose.text(l),
            text(&fm.purpose, 4, 80),
            fm.focus == 4,
            th,
        ),
        field_line(
            Ui::RecordedSecretly.text(l),
            format!("◀ {} ▶", Ui::secretly(fm.secretly).text(l)),
            fm.focus == 5,
            th,
        ),
        field_line(
            Ui::LegalBasis.text(l),
            if fm.legal_basis_chosen() {
                format!("{}  ◀ ▶", text(&fm.legal_basis, 6, 60))
            } else {
                text(&fm.legal_basis, 6, 60)
            },
            fm.focus == 6,
            th,
        ),
        field_line(
            Ui::TeamsPurpose.text(l),
            text(&fm.processing, 7, 80),
            fm.focus == 7,
            th,
        ),
        field_line(
            "",
            format!("[ {} ]", Ui::Save.text(l)),
            fm.focus == FORM_FIELDS - 1,
            th,
        ),
        Line::from(""),
    ];
    for e in &fm.errors {
        lines.push(Line::from(Span::styled(format!("  – {e}"), th.warn())));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    let row = 2 + fm.focus.min(FORM_FIELDS - 1) as u16;
    let col = fm.text().map_or(0, |_| fm.cursor);
    f.set_cursor_position(Position {
        x: area.x + 26 + (col as u16).min(area.width.saturating_sub(27)),
        y: area.y + row,
    });
}

pub(super) fn notify(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(n) = app.notify.clone() else { return };
    let leads: Vec<String> = app.overseers().iter().map(|u| u.name.clone()).collect();
    let (who, decided) = n.parents.get(n.sel).cloned().unwrap_or_default();
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{} — {} {}",
                Ui::NotificationDecision.text(l),
                Ui::Item.text(l),
                n.item
            ),
            th.bold(),
        )),
        Line::from(""),
        field_line(
            Ui::SubjectLabel.text(l),
            format!(
                "◀ {} ▶  {}",
                clean(&who, 40),
                decided
                    .map(|d| format!("({d})"))
                    .unwrap_or_else(|| format!("({})", Ui::Pending.text(l)))
            ),
            n.focus == 0,
            th,
        ),
        field_line(
            "",
            format!(
                "◀ {} ▶  (F3)",
                if n.via_parent {
                    Ui::ViaParent
                } else if n.exception {
                    Ui::Exception
                } else {
                    Ui::Notified
                }
                .text(l)
            ),
            n.focus == 1,
            th,
        ),
    ];
    if n.via_parent {
        let parent = n.parent_names.get(n.via).cloned().unwrap_or_default();
        lines.push(field_line(
            Ui::RoleParent.text(l),
            format!("◀ {} ▶", clean(&parent, 40)),
            n.focus == 2,
            th,
        ));
        lines.push(field_line(
            "",
            format!("[ {} ]", Ui::Save.text(l)),
            n.focus == 3,
            th,
        ));
    } else if n.exception {
        let lead = leads.get(n.lead).cloned().unwrap_or_default();
        lines.push(field_line(
            Ui::Reason.text(l),
            with_cursor(&n.reason, n.cursor, n.focus == 2, 80),
            n.focus == 2,
            th,
        ));
        let ground = EXCEPTION_GROUNDS[n.ground % EXCEPTION_GROUNDS.len()];
        lines.push(field_line(
            Ui::Ground.text(l),
            format!(
                "◀ {} ▶  {}",
                ground.as_str(),
                crate::tui::i18n::ground_short(l, ground)
            ),
            n.focus == 3,
            th,
        ));
        lines.push(field_line(
            Ui::ReviewOn.text(l),
            with_cursor(&n.review_on, n.cursor, n.focus == 4, 12),
            n.focus == 4,
            th,
        ));
        lines.push(field_line(
            Ui::ApprovedBy.text(l),
            format!("◀ {} ▶", clean(&lead, 30)),
            n.focus == 5,
            th,
        ));
        if !lead.is_empty() {
            lines.push(field_line(
                Ui::Pin.text(l),
                with_cursor(
                    &"•".repeat(n.pin.chars().count()),
                    n.cursor,
                    n.focus == 6,
                    12,
                ),
                n.focus == 6,
                th,
            ));
        } else {
            lines.push(field_line(Ui::Pin.text(l), "—".into(), n.focus == 6, th));
        }
        lines.push(field_line(
            "",
            format!("[ {} ]", Ui::Save.text(l)),
            n.focus == 7,
            th,
        ));
    } else {
        lines.push(field_line(
            Ui::How.text(l),
            with_cursor(&n.channel, n.cursor, n.focus == 2, 40),
            n.focus == 2,
            th,
        ));
        lines.push(field_line(
            Ui::NotifiedOn.text(l),
            with_cursor(&n.date, n.cursor, n.focus == 3, 12),
            n.focus == 3,
            th,
        ));
        lines.push(field_line(
            "",
            format!("[ {} ]", Ui::Save.text(l)),
            n.focus == 4,
            th,
        ));
    }
    if let Some(e) = &n.error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("! {}", clean(e, 200)),
            th.error(),
        )));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    // On a text field the terminal's cursor sits where typing goes.
    let x = match n.text() {
        Some(_) => area.x + 26 + (n.cursor as u16).min(area.width.saturating_sub(27)),
        None => area.x,
    };
    f.set_cursor_position(Position {
        x,
        y: area.y + 2 + n.focus as u16,
    });
}
