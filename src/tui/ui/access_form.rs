//! The access copy screen: the form, the waveform with the parts to make silent, and, once
//! granted, what was written.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::detail::for_the_screen;
use super::forms::{field_line, with_cursor};
use super::text::clean;
use super::theme::Theme;
use super::waveform::mute_lines;
use crate::core::lang::Lang;
use crate::tui::app::{AccessForm, App, GrantedView, REASON_FIELD, WAVEFORM_FIELD, range_text};
use crate::tui::i18n::{self, Ui};

/// The row of each field, counted from the top of the form: six lines of fields, the
/// waveform's line and its four rows, the list of ranges, the reason, save.
fn row_of(focus: usize) -> usize {
    match focus {
        0..=5 => 2 + focus,
        WAVEFORM_FIELD => 8,
        REASON_FIELD => 14,
        _ => 15,
    }
}

/// The ranges as listed: `0:05–0:09, 0:12–0:15 (total 7 s)`, or that there are none.
fn ranges_line(l: Lang, ranges: &[(u64, u64)], total: u64) -> String {
    if ranges.is_empty() {
        return Ui::NoSilentParts.text(l).to_string();
    }
    let list: Vec<String> = ranges.iter().map(|&r| range_text(l, r)).collect();
    format!(
        "{} ({} {})",
        list.join(", "),
        Ui::SilentTotal.text(l),
        l.seconds(total)
    )
}

pub(super) fn access_form(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let Some(a) = app.access_form.clone() else {
        return;
    };
    let l = app.lang;
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{} — {} {}",
            Ui::AccessCopyTitle.text(l),
            Ui::Item.text(l),
            a.item
        ),
        th.bold(),
    ))];
    if let Some(done) = &a.done {
        lines.extend(granted_lines(l, done, th));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    form_lines(app, &a, area, &mut lines, th);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    app.hit.waveform = Rect {
        x: area.x + 2,
        y: area.y + 9,
        width: area.width.saturating_sub(4),
        height: 3,
    };
    if !a.busy {
        let x = match a.text() {
            Some(_) => area.x + 26 + (a.cursor as u16).min(area.width.saturating_sub(27)),
            None => area.x,
        };
        f.set_cursor_position(Position {
            x,
            y: area.y + (row_of(a.focus) as u16).min(area.height.saturating_sub(1)),
        });
    }
}

fn form_lines(app: &App, a: &AccessForm, area: Rect, lines: &mut Vec<Line<'static>>, th: &Theme) {
    let l = app.lang;
    let approvers = app.approvers();
    let lead = approvers.get(a.lead).cloned().unwrap_or_default();
    let me = lead == app.user.name;
    let choice = |v: &str| format!("◀ {} ▶", clean(v, 40));
    let text = |t: &str, i: usize, max: usize| with_cursor(t, a.cursor, a.focus == i, max);
    let lead_shown = if me {
        format!("{lead} ({})", Ui::YouYourself.text(l))
    } else {
        lead.clone()
    };
    let identity = if a.identity.is_empty() && a.focus != 3 {
        Span::styled(Ui::IdentityHint.text(l).to_string(), th.dim())
    } else {
        Span::raw(text(&a.identity, 3, 200))
    };
    let mut identity_line =
        field_line(Ui::IdentityChecked.text(l), String::new(), a.focus == 3, th);
    identity_line.spans.push(identity);
    lines.push(Line::from(""));
    lines.push(field_line(
        Ui::SubjectLabel.text(l),
        choice(a.subjects.get(a.sel).map_or("—", String::as_str)),
        a.focus == 0,
        th,
    ));
    lines.push(field_line(
        Ui::ApprovedBy.text(l),
        choice(&lead_shown),
        a.focus == 1,
        th,
    ));
    lines.push(field_line(
        Ui::Pin.text(l),
        if me {
            Ui::PinNotNeeded.text(l).to_string()
        } else {
            with_cursor(
                &"•".repeat(a.pin.chars().count()),
                a.cursor,
                a.focus == 2,
                12,
            )
        },
        a.focus == 2,
        th,
    ));
    lines.push(identity_line);
    lines.push(field_line(
        Ui::OutFolder.text(l),
        text(&a.out, 4, 200),
        a.focus == 4,
        th,
    ));
    lines.push(field_line(
        Ui::StatementLang.text(l),
        choice(match a.lang {
            Lang::Nl => Ui::LangDutch.text(l),
            Lang::En => Ui::LangEnglish.text(l),
        }),
        a.focus == 5,
        th,
    ));
    // The waveform's own line: where the cursor is, a start marked, the legend.
    let mut wave = format!(
        "{} {}",
        Ui::Position.text(l),
        crate::tui::app::range_time(l, a.pos_ms)
    );
    if let Some(s) = a.start_ms {
        wave.push_str(&format!(
            " · {}",
            i18n::start_marked(l, &crate::tui::app::range_time(l, s))
        ));
    }
    lines.push(field_line(
        Ui::MakeSilent.text(l),
        wave,
        a.focus == WAVEFORM_FIELD,
        th,
    ));
    let indent = |mut line: Line<'static>| {
        line.spans.insert(0, Span::raw("  "));
        line
    };
    for w in mute_lines(
        app,
        area.width.saturating_sub(4),
        a.duration_ms,
        &a.ranges,
        a.start_ms,
        a.pos_ms,
        th,
    ) {
        lines.push(indent(w));
    }
    lines.push(Line::from(format!(
        "  {}: {}",
        Ui::SilentLegend.text(l),
        ranges_line(l, &a.ranges, a.total_ms())
    )));
    let reason_needed = !a.ranges.is_empty();
    let reason = if a.reason.is_empty() && a.focus != REASON_FIELD && reason_needed {
        Span::styled(Ui::ReasonRequired.text(l).to_string(), th.warn())
    } else {
        Span::raw(text(&a.reason, REASON_FIELD, 200))
    };
    let mut reason_line = field_line(
        Ui::MuteReason.text(l),
        String::new(),
        a.focus == REASON_FIELD,
        th,
    );
    reason_line.spans.push(reason);
    lines.push(reason_line);
    lines.push(field_line(
        "",
        format!("[ {} ]", Ui::Save.text(l)),
        a.focus == 8,
        th,
    ));
    if a.busy {
        lines.push(Line::from(Span::styled(
            format!("  {}", Ui::Working.text(l)),
            th.warn(),
        )));
    }
    if let Some(e) = &a.error {
        lines.push(Line::from(Span::styled(
            format!("! {}", clean(&for_the_screen(e), 1000)),
            th.error(),
        )));
    }
    lines.push(Line::from(Span::styled(
        format!("  {}", Ui::MuteHint.text(l)),
        th.dim(),
    )));
}

/// What the grant wrote: the files with their SHA-256, the original's and the copy's, and
/// what was made silent.
fn granted_lines(l: Lang, g: &GrantedView, th: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(
            clean(
                &i18n::access_granted(l, &g.subject, g.request, &g.approved_by),
                300,
            ),
            th.ok(),
        )),
        Line::from(""),
    ];
    let copy = g.files.first();
    lines.push(Line::from(format!(
        "{:<20}{}",
        Ui::OriginalSha.text(l),
        g.recording_sha256
    )));
    if let Some(c) = copy {
        lines.push(Line::from(format!(
            "{:<20}{}",
            Ui::CopySha.text(l),
            c.sha256
        )));
    }
    if g.muted_ms.is_empty() {
        lines.push(Line::from(Ui::CopyIsOriginal.text(l).to_string()));
    } else {
        let total = g.muted_ms.iter().map(|(a, b)| b - a).sum();
        lines.push(Line::from(format!(
            "{}: {}",
            Ui::SilentInCopy.text(l),
            ranges_line(l, &g.muted_ms, total)
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("{}:", Ui::FilesWritten.text(l)),
        th.bold(),
    )));
    for f in &g.files {
        lines.push(Line::from(format!("  {}", clean(&f.path, 400))));
        lines.push(Line::from(Span::styled(
            format!("    {}", f.sha256),
            th.dim(),
        )));
    }
    for w in &g.warnings {
        lines.push(Line::from(Span::styled(
            format!("! {}", clean(w, 400)),
            th.warn(),
        )));
    }
    lines
}
