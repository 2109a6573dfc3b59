//! The player screen: preview or full playback, with its allowance and position.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::clean;
use super::theme::Theme;
use super::waveform::waveform_lines;
use crate::core::time::format_offset;
use crate::tui::app::App;
use crate::tui::i18n::Ui;
use crate::tui::keymap::{Act, Ctx};

pub(super) fn player(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(p) = app.player.clone() else { return };
    let Some(d) = app.detail.clone() else { return };
    let leads: Vec<String> = app.overseers().iter().map(|u| u.name.clone()).collect();
    let ask_key = app.keys.key_for(Ctx::Player, Act::AskApproval);
    let left_ms = (d.view.preview_left_s * 1000.0) as u64;
    let dur = (d.view.duration_s * 1000.0) as u64;
    let window = if p.full {
        None
    } else {
        Some((
            p.offset_ms,
            (p.offset_ms + (p.seconds * 1000).min(left_ms)).min(dur),
        ))
    };
    let title = format!(
        "{} — {} {}",
        if p.full { Ui::Playback } else { Ui::Preview }.text(l),
        Ui::Item.text(l),
        d.view.id
    );
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let mut lines = vec![Line::from(Span::styled(title, th.bold())), Line::from("")];
    let wf_y = area.y + 2;
    lines.extend(waveform_lines(
        app,
        inner.width,
        window,
        p.status.map(|_| p.shown_pos()),
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(format!(
        "{}: {}",
        Ui::StartAt.text(l),
        format_offset(p.offset_ms)
    )));
    if !p.full {
        let sup = leads
            .get(p.supervisor)
            .cloned()
            .unwrap_or_else(|| "—".into());
        lines.push(Line::from(format!(
            "{}: {}  (Tab)",
            Ui::Supervisor.text(l),
            clean(&sup, 30)
        )));
        if p.asking_pin {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{} {}: ", Ui::Pin.text(l), clean(&sup, 30)),
                    th.bold(),
                ),
                Span::raw("•".repeat(p.pin.chars().count())),
                Span::raw(format!("▏  ({})", Ui::TypePin.text(l))),
            ]));
            lines.push(Line::from(Span::styled(
                format!("  {}", crate::tui::i18n::or_ask(l, &ask_key)),
                th.dim(),
            )));
        }
        if let Some(w) = &p.waiting {
            let left = w
                .until
                .map(|u| (u - app.now).num_seconds().max(0) as u64)
                .unwrap_or(0);
            lines.push(Line::from(Span::styled(
                clean(
                    &crate::tui::i18n::waiting_for(l, &w.lead, w.request, left),
                    200,
                ),
                th.warn().add_modifier(ratatui::style::Modifier::BOLD),
            )));
        }
        if let Some(a) = &p.answer {
            lines.push(Line::from(Span::styled(
                format!("! {}", clean(a, 300)),
                th.error(),
            )));
        }
        // While playing, the store has debited the whole window; what is not heard comes back.
        let left = match p.status {
            Some(st) => left_ms + st.until_ms.saturating_sub(st.pos_ms.max(st.from_ms)),
            None => left_ms,
        };
        lines.push(Line::from(format!(
            "{}: {}",
            Ui::AllowanceLeft.text(l),
            l.seconds(left)
        )));
        if p.status.is_none() {
            lines.push(Line::from(format!(
                "{}: {} s  (+/−)",
                Ui::PreviewLength.text(l),
                p.seconds
            )));
        }
    }
    if let Some(st) = p.status {
        let w = inner.width.saturating_sub(30) as u64;
        let span = st.until_ms.saturating_sub(st.from_ms).max(1);
        let pos = p.shown_pos();
        let done = pos.saturating_sub(st.from_ms).min(span);
        let filled = (done * w / span) as usize;
        let state = if st.paused { Ui::Paused } else { Ui::Playing }.text(l);
        lines.push(Line::from(Span::styled(
            format!(
                "{state:<12} {} [{}{}] {}",
                format_offset(pos),
                "#".repeat(filled),
                "-".repeat(w as usize - filled),
                format_offset(st.until_ms)
            ),
            th.bold(),
        )));
    } else if let Some(o) = &p.last {
        let ranges: Vec<String> = o
            .ranges_ms
            .iter()
            .map(|(a, b)| format!("{}–{}", format_offset(*a), format_offset(*b)))
            .collect();
        lines.push(Line::from(format!(
            "{}: {} ({}) {}",
            Ui::Heard.text(l),
            l.seconds(o.heard_ms),
            ranges.join(", "),
            if o.sink == "null" {
                "[--sink null]"
            } else {
                ""
            }
        )));
    } else if p.waiting.is_none() {
        lines.push(Line::from(Span::styled(
            Ui::PressEnterToPlay.text(l),
            th.dim(),
        )));
        // Who supervises need not be here: they can approve from their own session.
        if !p.full
            && let Some(sup) = leads.get(p.supervisor)
        {
            lines.push(Line::from(Span::styled(
                crate::tui::i18n::ask_hint(l, &ask_key, &clean(sup, 30)),
                th.dim(),
            )));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
    app.hit.waveform = Rect {
        x: inner.x,
        y: wf_y,
        width: inner.width,
        height: 3,
    };
}
