//! Drawing. Every screen is a function of the app state; state is never shown by colour alone
//! (locks say "locked", the selected row has a marker), and colours go when NO_COLOR is set.

mod approvals;
mod chrome;
pub(crate) mod detail;
mod forms;
mod player;
mod queue;
pub(crate) mod text;
mod theme;
mod waveform;

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Position};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::app::{App, PromptKind, Screen};
use crate::tui::i18n::Ui;
use approvals::approvals;
use chrome::{centered, help, hints, title};
use detail::detail;
use forms::{form, notify};
use player::player;
use queue::queue;
use theme::Theme;

pub use text::{clean, stage_label, stage_short, timeline_text};

pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

/// Draws the whole screen.
pub fn render(app: &mut App, f: &mut Frame) {
    let area = f.area();
    let th = Theme { color: app.color };
    if area.width < MIN_W || area.height < MIN_H {
        let msg = Ui::TooSmall.text(app.lang);
        let p = Paragraph::new(vec![
            Line::from(msg),
            Line::from(format!("{}×{}", area.width, area.height)),
        ])
        .wrap(Wrap { trim: true });
        f.render_widget(p, area);
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
    }
    if let Some((msg, err)) = &app.status {
        let style = if *err { th.error() } else { th.ok() };
        let prefix = if *err { "! " } else { "" };
        f.render_widget(
            Paragraph::new(Span::styled(format!("{prefix}{}", clean(msg, 300)), style)),
            rows[2],
        );
    }
    hints(app, f, rows[3], &th);
    if let Some(p) = &app.prompt {
        let title = match p.kind {
            PromptKind::Escalate(crate::store::triage::EscalationKind::Preview) => {
                Ui::AskLeadPreview.text(app.lang)
            }
            PromptKind::Escalate(crate::store::triage::EscalationKind::Exception) => {
                Ui::AskLeadException.text(app.lang)
            }
            PromptKind::Escalate(_) => Ui::EscalateToLeads.text(app.lang),
            PromptKind::Assign => Ui::AssignTo.text(app.lang),
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
    if app.help {
        help(app, f, area, &th);
    }
}
