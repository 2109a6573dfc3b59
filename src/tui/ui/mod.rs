//! Drawing. Every screen is a function of the app state; state is never shown by colour alone
//! (locks say "locked", the selected row has a marker), and colours go when NO_COLOR is set.

mod access_form;
mod approvals;
mod chrome;
pub(crate) mod detail;
mod forms;
mod player;
mod queue;
pub(crate) mod text;
mod theme;
mod use_form;
mod waveform;

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Position};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::app::{App, PromptKind, Screen};
use crate::tui::i18n::Ui;
use access_form::access_form;
use approvals::approvals;
use chrome::{centered, help, hints, title};
use detail::detail;
use forms::{form, notify};
use player::player;
use queue::queue;
use theme::Theme;
use use_form::{erasure_form, use_form};

pub use text::{clean, stage_label, stage_short, timeline_text};

pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

/// Draws the whole screen.
pub fn render(app: &mut App, f: &mut Frame) {
    let area = f.area();
    let th = Theme { color: app.color };
    if area.width < MIN_W || area.height < MIN_H {
        let msg = Ui::TooSmall.text(app.lang);
        // Sound that plays on says so, and how to stop it, first.
        let mut lines = playing_now(app)
            .map(|t| vec![Line::from(Span::styled(t, th.bold()))])
            .unwrap_or_default();
        lines.push(Line::from(msg));
        lines.push(Line::from(format!("{}×{}", area.width, area.height)));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return;
    }
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Min(5),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .split(area);
    title(app, f, rows[0], &th);
    match app.screen {
        Screen::Queue => queue(app, f, rows[1], &th),
        Screen::Detail => detail(app, f, rows[1], &th),
        Screen::Form => form(app, f, rows[1], &th),
        Screen::Player => player(app, f, rows[1], &th),
        Screen::Notify => notify(app, f, rows[1], &th),
        Screen::Approvals => approvals(app, f, rows[1], &th),
        Screen::Use => use_form(app, f, rows[1], &th),
        Screen::Erasure => erasure_form(app, f, rows[1], &th),
        Screen::Access => access_form(app, f, rows[1], &th),
    }
    let mut long_refusal = None;
    if let Some((msg, err)) = &app.status {
        let style = if *err { th.error() } else { th.ok() };
        let prefix = if *err { "! " } else { "" };
        let room = rows[2].width as usize;
        let fits = msg.chars().count() + prefix.len() <= room;
        let shown = if fits {
            clean(msg, 300)
        } else {
            // Cut short on the line; the whole of it in a box over the screen.
            long_refusal = err.then(|| msg.clone());
            format!("{}…", clean(msg, room.saturating_sub(prefix.len() + 1)))
        };
        f.render_widget(
            Paragraph::new(Span::styled(format!("{prefix}{shown}"), style)),
            rows[2],
        );
    }
    hints(app, f, rows[3], &th);
    if let Some(msg) = long_refusal
        && app.prompt.is_none()
        && !app.help
    {
        refusal_box(app, f, rows[1], &msg, &th);
    }
    if let Some(p) = &app.prompt {
        let title = match p.kind {
            PromptKind::Escalate(crate::store::triage::EscalationKind::Preview) => {
                Ui::AskLeadPreview.text(app.lang)
            }
            PromptKind::Escalate(crate::store::triage::EscalationKind::Exception) => {
                Ui::AskLeadException.text(app.lang)
            }
            PromptKind::Escalate(_) => Ui::EscalateToLeads.text(app.lang),
            PromptKind::Decline(_) => Ui::DeclineWhy.text(app.lang),
            PromptKind::Dismiss(_) => Ui::DismissWhy.text(app.lang),
            PromptKind::SeekTo => Ui::SeekToWhere.text(app.lang),
            PromptKind::GoTo => Ui::GoToItem.text(app.lang),
        };
        let r = centered(area, 60, 3);
        f.render_widget(Clear, r);
        let text = format!("{}▏", clean(&p.text, 200));
        f.render_widget(
            Paragraph::new(text).block(Block::default().borders(Borders::ALL).title(title)),
            r,
        );
        f.set_cursor_position(Position {
            x: r.x + 1 + p.text.chars().count().min(56) as u16,
            y: r.y + 1,
        });
    }
    if let Some(p) = &app.picker {
        picker_box(app, p, f, area, &th);
    }
    if app.help {
        help(app, f, area, &th);
    }
}

/// A list to choose from, the line under the cursor marked.
fn picker_box(
    app: &App,
    p: &crate::tui::app::Picker,
    f: &mut Frame,
    area: ratatui::layout::Rect,
    th: &Theme,
) {
    let title = match p.kind {
        crate::tui::app::PickerKind::Assignee => Ui::AssignTo,
        crate::tui::app::PickerKind::EscalationKind => Ui::EscalateToLeads,
    }
    .text(app.lang);
    let h = (p.options.len() as u16 + 4).min(area.height);
    let r = centered(area, 60, h);
    f.render_widget(Clear, r);
    let mut lines: Vec<Line> = p
        .options
        .iter()
        .enumerate()
        .map(|(i, (_, shown))| {
            if i == p.sel {
                Line::from(Span::styled(
                    format!("▶ {}", clean(shown, 54)),
                    th.selected(),
                ))
            } else {
                Line::from(format!("  {}", clean(shown, 54)))
            }
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        Ui::PickerKeys.text(app.lang),
        th.dim(),
    )));
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        r,
    );
    f.set_cursor_position(Position {
        x: r.x + 1,
        y: r.y + 1 + p.sel as u16,
    });
}

/// A refusal too long for the status line, whole, in a box: what was refused, why, and what
/// to do next are all in its sentence. The next key closes it (as it clears the message).
fn refusal_box(app: &App, f: &mut Frame, area: ratatui::layout::Rect, msg: &str, th: &Theme) {
    let w = area.width.saturating_sub(8).clamp(20, 76);
    let text_w = w.saturating_sub(4).max(1) as usize;
    // Lines the words take when wrapped at `text_w`, then a blank line and the hint.
    let mut wrapped = 1u16;
    let mut used = 0usize;
    for word in msg.split_whitespace() {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > text_w {
            wrapped += 1;
            used = n;
        } else {
            used += n + usize::from(used > 0);
        }
    }
    let lines_needed = wrapped + 4;
    let r = centered(area, w, lines_needed.clamp(5, area.height));
    f.render_widget(Clear, r);
    let body = vec![
        Line::from(Span::styled(clean(msg, 2000), th.error())),
        Line::from(""),
        Line::from(Span::styled(Ui::AnyKeyCloses.text(app.lang), th.dim())),
    ];
    f.render_widget(
        Paragraph::new(body).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Ui::NotDone.text(app.lang)),
        ),
        r,
    );
}

/// What is playing and how to stop it, while something plays.
fn playing_now(app: &App) -> Option<String> {
    let p = app.player.as_ref().filter(|p| p.running)?;
    let stop = app.keys.key_for(
        crate::tui::keymap::Ctx::Player,
        crate::tui::keymap::Act::Stop,
    );
    let pos = crate::core::time::format_offset(p.shown_pos());
    Some(crate::tui::i18n::playing_now(
        app.lang, p.item, p.full, &pos, &stop,
    ))
}
