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

/// The waveform with the parts to make silent marked, for the access copy form: the two rows
/// of the overview (silenced columns in their own style: red, or reversed without colour),
/// a row that marks them `▒` (a start marked without its end: `[` and `░` up to the
/// cursor) with the cursor `▲`, and the times at both ends. Readable without colour: the
/// marks row says it all by its characters.
pub(super) fn mute_lines(
    app: &App,
    width: u16,
    duration_ms: u64,
    ranges: &[(u64, u64)],
    start: Option<u64>,
    pos: u64,
    th: &super::theme::Theme,
) -> Vec<Line<'static>> {
    use ratatui::style::Style;
    use ratatui::text::Span;
    let Some(d) = &app.detail else { return vec![] };
    let w = (width as usize).max(1);
    let dur = duration_ms.max(1) as f64;
    let col = |ms: u64| {
        ((ms as f64 / dur) * w as f64)
            .floor()
            .clamp(0.0, (w - 1) as f64) as usize
    };
    // A column is silenced when its middle lies in a range (a range narrower than a column
    // still takes the one it starts in).
    let mut silent = vec![false; w];
    for &(a, b) in ranges {
        let (ca, cb) = (col(a), col(b.saturating_sub(1).max(a)));
        for s in silent.iter_mut().take(cb + 1).skip(ca) {
            *s = true;
        }
    }
    let styled = |chars: Vec<char>, silent: &[bool], on: Style| -> Line<'static> {
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut run = String::new();
        let mut run_silent = false;
        for (i, c) in chars.into_iter().enumerate() {
            let s = silent.get(i).copied().unwrap_or(false);
            if s != run_silent && !run.is_empty() {
                let style = if run_silent { on } else { Style::default() };
                spans.push(Span::styled(std::mem::take(&mut run), style));
            }
            run_silent = s;
            run.push(c);
        }
        if !run.is_empty() {
            spans.push(Span::styled(
                run,
                if run_silent { on } else { Style::default() },
            ));
        }
        Line::from(spans)
    };
    let mut out: Vec<Line<'static>> = match &d.waveform {
        Some(wf) if !wf.is_empty() => wf
            .render_text(w)
            .lines()
            .map(|row| {
                let mut chars: Vec<char> = row.chars().collect();
                chars.resize(w, ' ');
                // A silenced column shows at least its floor, so that it reads in reverse.
                styled(chars, &silent, th.silenced())
            })
            .collect(),
        _ => vec![Line::from(Ui::Computing.text(app.lang))],
    };
    let mut marks: Vec<char> = silent.iter().map(|&s| if s { '▒' } else { ' ' }).collect();
    if let Some(s) = start {
        let (a, b) = (col(s.min(pos)), col(s.max(pos)));
        for m in marks.iter_mut().take(b + 1).skip(a) {
            if *m == ' ' {
                *m = '░';
            }
        }
        marks[col(s)] = '[';
    }
    marks[col(pos)] = '▲';
    let silent_marks: Vec<bool> = marks.iter().map(|&c| c == '▒').collect();
    out.push(styled(marks, &silent_marks, th.silenced()));
    let end = format_offset(duration_ms);
    out.push(Line::from(format!(
        "0:00{}{end}",
        " ".repeat(w.saturating_sub(4 + end.len()))
    )));
    out
}
