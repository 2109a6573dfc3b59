//! Styles, and none of them colour when colour is off (NO_COLOR): state is never shown by
//! colour alone.

use ratatui::style::{Color, Modifier, Style};

/// The styles of one frame.
pub(super) struct Theme {
    /// False when NO_COLOR is set: no colours and no dimming; bold and reverse remain.
    pub(super) color: bool,
}

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }
    pub(super) fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub(super) fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    pub(super) fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub(super) fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    pub(super) fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }
    /// A part of the recording made silent: red, and without colour reversed.
    pub(super) fn silenced(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Red)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }
    pub(super) fn dim(&self) -> Style {
        if self.color {
            Style::default().add_modifier(Modifier::DIM)
        } else {
            Style::default()
        }
    }
}
