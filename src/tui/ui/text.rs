//! Text for the screen: cleaned and padded cells, stage names, dates and audit entries in words.

use chrono::DateTime;

use crate::core::lang::Lang;
use crate::core::model::Stage;
use crate::tui::app::App;
use crate::tui::i18n::Ui;

/// Removes control characters and cuts to `max` characters (with an ellipsis).
pub fn clean(s: &str, max: usize) -> String {
    let c: String = s
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if c.chars().count() > max {
        let mut out: String = c.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    } else {
        c
    }
}

/// Fits a cell into `w` columns, always ending in a space that separates it from the next.
pub(super) fn pad(s: &str, w: usize) -> String {
    let s = clean(s, w.saturating_sub(1));
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

pub fn stage_label(lang: Lang, s: Stage) -> &'static str {
    Ui::stage(s).text(lang)
}

pub(super) fn datetime(app: &App, at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|d| app.lang.datetime(d.with_timezone(&chrono::Local)))
        .unwrap_or_else(|_| clean(at, 20))
}

/// A short stage name for the queue's column.
pub fn stage_short(lang: Lang, s: Stage) -> &'static str {
    match s {
        Stage::NotificationDecided => Ui::StageDecidedShort.text(lang),
        other => stage_label(lang, other),
    }
}

pub(super) fn short_age(app: &App, at: &str) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(d) => {
            let d = d.to_utc().date_naive();
            let days = (app.now.date_naive() - d).num_days();
            let date = app.lang.date(d);
            // "24 Nov 2026" without the year when it is this year's.
            let date = if d.format("%Y").to_string() == app.now.format("%Y").to_string() {
                date.rsplit_once(' ')
                    .map(|(a, _)| a.to_string())
                    .unwrap_or(date)
            } else {
                date
            };
            if days <= 0 {
                format!("{date} {}", Ui::Today.text(app.lang))
            } else if days > 99 {
                date
            } else {
                format!("{date} {days}d")
            }
        }
        Err(_) => clean(at, 12),
    }
}

pub(super) fn channel_short(c: &str) -> &str {
    match c {
        "whatsapp" => "WA",
        "upload" => "upl.",
        other => other,
    }
}

/// One audit entry in words (ids, actions and seconds only: the log holds nothing personal).
pub fn timeline_text(lang: Lang, e: &crate::core::audit::Entry) -> String {
    e.describe(lang)
}
