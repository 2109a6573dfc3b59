//! The waveform overview as lines of text, with the heard part and the play head marked.

use ratatui::text::Line;

use crate::core::time::format_offset;
use crate::tui::app::App;
use crate::tui::i18n::Ui;

pub(super) fn waveform_lines(
    app: &App,
    width: u16,
    offset: Option<(u64, u64)>,
    pos: Option<u64>,
) -> Vec<Line<'static>> {
    let Some(d) = &app.detail else { return vec![] };
    let w = width as usize;
    let mut out: Vec<Line> = match &d.waveform {
        Some(wf) if !wf.is_empty() => wf
            .render_text(w)
            .lines()
            .map(|s| Line::from(s.to_string()))
            .collect(),
        _ => vec![Line::from(Ui::Computing.text(app.lang))],
    };
    let dur = (d.view.duration_s * 1000.0).max(1.0);
    let col = |ms: f64| {
        ((ms / dur) * w as f64)
            .floor()
            .clamp(0.0, (w.max(1) - 1) as f64) as usize
    };
    let mut marks: Vec<char> = vec![' '; w];
    for (a, b) in &d.view.heard {
        for m in marks
            .iter_mut()
            .take(col(b * 1000.0) + 1)
            .skip(col(a * 1000.0))
        {
            *m = '━';
        }
    }
    if let Some((from, to)) = offset {
        for m in marks
            .iter_mut()
            .take(col(to as f64).max(col(from as f64)) + 1)
            .skip(col(from as f64))
        {
            if *m == ' ' {
                *m = '─';
            }
        }
        if let Some(m) = marks.get_mut(col(from as f64)) {
            *m = '▲';
        }
    }
    if let Some(p) = pos
        && let Some(m) = marks.get_mut(col(p as f64))
    {
        *m = '●';
    }
    out.push(Line::from(marks.into_iter().collect::<String>()));
    let end = format_offset(dur as u64);
    out.push(Line::from(format!(
        "0:00{}{end}",
        " ".repeat(w.saturating_sub(4 + end.len()))
    )));
    out
}
