//! Drawing. Every screen is a function of the app state; state is never shown by colour alone
//! (locks say "locked", the selected row has a marker), and colours go when NO_COLOR is set.

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, FORM_FIELDS, PromptKind, SUBJECT_ROLES, Screen};
use super::i18n::t;
use super::keymap::Ctx;
use crate::core::lang::Lang;
use crate::core::model::{Role, Secretly, Stage};
use crate::core::time::{format_offset, format_seconds};

pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

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
fn pad(s: &str, w: usize) -> String {
    let s = clean(s, w.saturating_sub(1));
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

struct Theme {
    color: bool,
}

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }
    fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }
    fn dim(&self) -> Style {
        if self.color {
            Style::default().add_modifier(Modifier::DIM)
        } else {
            Style::default()
        }
    }
}

pub fn stage_label(lang: Lang, s: Stage) -> &'static str {
    t(lang, s.label())
}

fn datetime(app: &App, at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|d| app.lang.datetime(d.with_timezone(&chrono::Local)))
        .unwrap_or_else(|_| clean(at, 20))
}

/// Draws the whole screen.
pub fn render(app: &mut App, f: &mut Frame) {
    let area = f.area();
    let th = Theme { color: app.color };
    if area.width < MIN_W || area.height < MIN_H {
        let msg = t(app.lang, "Terminal too small: at least 80×24 is needed.");
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
                t(app.lang, "Ask a team leader to supervise a preview (why?)")
            }
            PromptKind::Escalate(crate::store::triage::EscalationKind::Exception) => t(
                app.lang,
                "Ask a team leader to approve the exception (why?)",
            ),
            PromptKind::Escalate(_) => t(app.lang, "Escalate to the team leaders"),
            PromptKind::Assign => t(app.lang, "Assign to"),
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

fn title(app: &App, f: &mut Frame, r: Rect, th: &Theme) {
    let screen = match app.screen {
        Screen::Queue if app.escalation_view => t(app.lang, "Escalations"),
        Screen::Queue => t(app.lang, "Queue"),
        Screen::Detail => t(app.lang, "Item"),
        Screen::Form => t(app.lang, "Describe the recording"),
        Screen::Player => t(app.lang, "Player"),
        Screen::Notify => t(app.lang, "Notification decision"),
    };
    let role = t(
        app.lang,
        if app.user.role == Role::Lead {
            "lead"
        } else {
            "worker"
        },
    );
    let mut spans = vec![
        Span::styled(" earshot ", th.bold()),
        Span::raw(format!(
            "— {screen} — {} ({role})",
            clean(&app.user.name, 30)
        )),
    ];
    if app.demo.is_some() {
        spans.push(Span::styled(
            format!("  [{}]", t(app.lang, "DEMO")),
            th.warn().add_modifier(Modifier::BOLD),
        ));
    }
    if app.ssh {
        spans.push(Span::styled(
            format!(
                "  {}",
                t(
                    app.lang,
                    "Audio plays on the server, not on your computer (SSH)."
                )
            ),
            th.warn(),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn hints(app: &App, f: &mut Frame, r: Rect, th: &Theme) {
    let ctx = if app.searching || app.prompt.is_some() {
        None
    } else {
        Some(app.ctx())
    };
    let text = match ctx {
        Some(c) => app
            .keys
            .hints(c)
            .iter()
            .map(|(k, d)| format!("{k} {}", t(app.lang, d)))
            .collect::<Vec<_>>()
            .join(" · "),
        None => t(app.lang, "Enter ok · Esc cancel").to_string(),
    };
    f.render_widget(
        Paragraph::new(Span::styled(clean(&text, r.width as usize), th.dim())),
        r,
    );
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn help(app: &App, f: &mut Frame, area: Rect, th: &Theme) {
    let ctx = app.ctx();
    let mut lines = vec![
        Line::from(Span::styled(t(app.lang, "Keys"), th.bold())),
        Line::from(""),
    ];
    for b in app.keys.for_screen(ctx) {
        let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
        lines.push(Line::from(format!(
            "{:<18} {}",
            keys.join(", "),
            t(app.lang, b.help)
        )));
    }
    if ctx == Ctx::Form {
        lines.push(Line::from("(type to fill the field in focus)"));
    }
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, 60, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(t(app.lang, "Help")),
        ),
        r,
    );
}

fn flags(app: &App, r: &crate::store::QueueRow, wide: bool) -> String {
    let l = app.lang;
    let w =
        |long: &'static str, short: &'static str| t(l, if wide { long } else { short }).to_string();
    let mut v: Vec<String> = Vec::new();
    if r.overdue {
        v.push(w("overdue", "overdue"));
    }
    use crate::store::triage::EscalationKind;
    let open = |k: EscalationKind| {
        app.escalations
            .iter()
            .any(|e| e.item == r.id && e.resolved_at.is_none() && e.kind == k)
    };
    if open(EscalationKind::Preview) {
        v.push(w("preview requested", "preview?"));
    }
    if open(EscalationKind::Exception) {
        v.push(w("exception to approve", "exception?"));
    }
    if open(EscalationKind::Other) {
        v.push(w("escalated", "escal."));
    }
    if let Some(d) = app.due_for(r.id) {
        if d.overdue_complaints > 0 {
            v.push(w("complaint overdue", "complaint!"));
        } else if d.open_complaints > 0 {
            v.push(w("complaint open", "complaint"));
        }
        if d.overdue_access_requests > 0 || d.open_access_requests > 0 {
            v.push(w("access request", "access"));
        }
        if d.copies_outstanding > 0 {
            v.push(w("copies outstanding", "copies"));
        }
        if d.retention_due {
            v.push(w("due for deletion", "retention"));
        }
    }
    if r.notification_pending {
        v.push(w("notification pending", "notify"));
    }
    if r.secretly == Secretly::Yes {
        v.push(w("recorded secretly", "secret"));
    }
    if r.stage != Stage::Deleted {
        v.push(if wide {
            format!("{} {:.0}s", t(l, "preview left"), r.preview_left_s)
        } else {
            format!("{:.0}s", r.preview_left_s)
        });
    }
    v.join(if wide { ", " } else { "," })
}

fn channel_short(c: &str) -> &str {
    match c {
        "whatsapp" => "WA",
        "upload" => "upl.",
        other => other,
    }
}

/// A short stage name for the queue's column.
pub fn stage_short(lang: Lang, s: Stage) -> &'static str {
    match s {
        Stage::NotificationDecided => t(lang, "decided"),
        other => stage_label(lang, other),
    }
}

fn short_age(app: &App, at: &str) -> String {
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
                format!("{date} {}", t(app.lang, "today"))
            } else if days > 99 {
                date
            } else {
                format!("{date} {days}d")
            }
        }
        Err(_) => clean(at, 12),
    }
}

fn queue(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let mut area = area;
    if let Some(demo) = &app.demo {
        let h = 3u16.min(area.height / 3);
        let parts = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Length(h), Constraint::Min(3)])
            .split(area);
        let mut lines = vec![Line::from(Span::styled(
            t(
                l,
                "This is a demo store with fictional cases; it is deleted when you quit.",
            ),
            th.warn(),
        ))];
        let team: Vec<String> = demo
            .team
            .iter()
            .map(|(n, r, pin)| {
                let role = t(l, if *r == Role::Lead { "lead" } else { "worker" });
                match pin {
                    Some(p) => format!("{n} ({role}, PIN {p})"),
                    None => format!("{n} ({role})"),
                }
            })
            .collect();
        lines.push(Line::from(format!(
            "{}: {}",
            t(l, "Team (demo PINs)"),
            team.join(" · ")
        )));
        f.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::BOTTOM)),
            parts[0],
        );
        area = parts[1];
    }
    let sub = format!(
        "{}: {} · {}: {}{}",
        t(l, "sort"),
        t(l, app.sort.label()),
        t(l, "filter"),
        app.filter.map(|s| stage_label(l, s)).unwrap_or(t(l, "all")),
        if app.searching || !app.search.is_empty() {
            format!(
                " · {}: {}{}",
                t(l, "Search"),
                clean(&app.search, 40),
                if app.searching { "▏" } else { "" }
            )
        } else {
            String::new()
        }
    );
    let parts = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .split(area);
    f.render_widget(Paragraph::new(Span::styled(sub, th.dim())), parts[0]);
    let w = area.width as usize;
    // Column widths: marker, id, received, case, channel, sender, length, stage, flags.
    let wide = w >= 110;
    let cols = if wide {
        [2, 6, 14, 11, 9, 20, 7, 21]
    } else {
        [2, 5, 14, 9, 6, 15, 6, 11]
    };
    let fixed: usize = cols.iter().sum();
    let flags_w = w.saturating_sub(fixed).max(4);
    let stage_text = |s: Stage| {
        if wide {
            stage_label(l, s)
        } else {
            stage_short(l, s)
        }
    };
    let header = format!(
        "{}{}{}{}{}{}{}{}{}",
        " ".repeat(cols[0]),
        pad("#", cols[1]),
        pad(t(l, "Received"), cols[2]),
        pad(t(l, "Case"), cols[3]),
        pad(if wide { t(l, "Channel") } else { t(l, "Via") }, cols[4]),
        pad(t(l, "Sender"), cols[5]),
        pad(if wide { t(l, "Length") } else { "⏱" }, cols[6]),
        pad(t(l, "Stage"), cols[7]),
        clean(t(l, "Flags"), flags_w)
    );
    f.render_widget(Paragraph::new(Span::styled(header, th.bold())), parts[1]);
    let body = parts[2];
    let height = body.height as usize;
    if app.view.is_empty() {
        let msg = if app.rows.is_empty() {
            t(l, "The queue is empty.")
        } else {
            t(l, "No items match.")
        };
        f.render_widget(Paragraph::new(msg), body);
        app.hit.queue_rows = body;
        return;
    }
    // Only the rows that fit are built: drawing costs the same for 10 or 100,000 items.
    let first = if app.selected >= height {
        app.selected + 1 - height
    } else {
        0
    };
    let mut lines = Vec::with_capacity(height);
    for (n, &i) in app.view.iter().enumerate().skip(first).take(height) {
        let r = &app.rows[i];
        let sel = n == app.selected;
        // A name known only from the import (not yet confirmed) is shown with a question mark.
        let sender = match (&r.sender, &r.from) {
            (Some(s), _) => s.clone(),
            (None, Some(f)) => format!("{f}?"),
            (None, None) => t(l, "(not recorded)").into(),
        };
        let text = format!(
            "{}{}{}{}{}{}{}{}{}",
            if sel { "▶ " } else { "  " },
            pad(&r.id.to_string(), cols[1]),
            pad(&short_age(app, &r.received_at), cols[2]),
            pad(&r.case, cols[3]),
            pad(
                if wide {
                    &r.channel
                } else {
                    channel_short(&r.channel)
                },
                cols[4]
            ),
            pad(&sender, cols[5]),
            pad(&format_offset((r.duration_s * 1000.0) as u64), cols[6]),
            pad(stage_text(r.stage), cols[7]),
            clean(&flags(app, r, wide), flags_w)
        );
        let mut style = if sel { th.selected() } else { Style::default() };
        if r.overdue && !sel {
            style = th.warn();
        }
        lines.push(Line::from(Span::styled(text, style)));
    }
    f.render_widget(Paragraph::new(lines), body);
    app.hit.queue_rows = body;
    app.hit.queue_first = first;
    let y = body.y + (app.selected - first) as u16;
    f.set_cursor_position(Position { x: body.x, y });
}

fn gate_lines(app: &App, th: &Theme) -> Vec<Line<'static>> {
    let l = app.lang;
    let Some(d) = &app.detail else { return vec![] };
    let g = &d.view.gate;
    let mut out = Vec::new();
    for (label, ok, action) in [
        ("preview", g.preview, crate::core::gate::Action::Preview),
        (
            "full playback",
            g.full_playback,
            crate::core::gate::Action::FullPlayback,
        ),
        (
            "further use",
            g.further_use,
            crate::core::gate::Action::FurtherUse,
        ),
        (
            "subject access",
            g.subject_access,
            crate::core::gate::Action::SubjectAccess,
        ),
        ("delete", g.delete, crate::core::gate::Action::Delete),
    ] {
        let mark = if ok {
            format!("[{}]  ", t(l, "open"))
        } else {
            format!("[{}]", t(l, "locked"))
        };
        out.push(Line::from(vec![
            Span::styled(mark, if ok { th.ok() } else { th.warn() }),
            Span::raw(format!(" {}", t(l, label))),
        ]));
        if let Some((_, missing)) = g.details.iter().find(|(a, _)| *a == action) {
            for m in missing {
                out.push(Line::from(Span::styled(
                    format!("    – {}", m.text(l)),
                    th.dim(),
                )));
            }
        }
    }
    out
}

fn waveform_lines(
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
        _ => vec![Line::from(t(app.lang, "computing…"))],
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

fn detail(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(d) = app.detail.clone() else {
        f.render_widget(Paragraph::new("…"), area);
        return;
    };
    let v = &d.view;
    let cols = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
        .split(area);
    let mut left = vec![
        Line::from(Span::styled(
            format!(
                "{} {} — {} {} — {}",
                t(l, "Item"),
                v.id,
                t(l, "Case"),
                clean(&v.case, 20),
                stage_label(l, v.stage)
            ),
            th.bold(),
        )),
        Line::from(format!(
            "{} {} · {} · {}",
            t(l, "Received"),
            datetime(app, &v.received_at),
            clean(&v.received_by, 20),
            v.channel
        )),
        Line::from(format!(
            "{} {} {} · {} · {}",
            v.format,
            v.codec,
            format_offset((v.duration_s * 1000.0) as u64),
            v.sample_rate,
            v.file_name
                .as_deref()
                .map(|s| clean(s, 30))
                .unwrap_or_default()
        )),
        Line::from(""),
        Line::from(Span::styled(t(l, "Metadata"), th.bold())),
    ];
    match &v.metadata {
        Some(m) => {
            left.push(Line::from(format!(
                "{}: {}",
                t(l, "Sender"),
                clean(m.sender.as_deref().unwrap_or(""), 60)
            )));
            let subs: Vec<String> = m
                .subjects
                .iter()
                .map(|p| format!("{} ({})", clean(&p.name, 40), t(l, p.role.as_str())))
                .collect();
            left.push(Line::from(format!(
                "{}: {}",
                t(l, "Subjects"),
                subs.join(", ")
            )));
            left.push(Line::from(format!(
                "{}: {}",
                t(l, "Purpose"),
                clean(m.purpose.as_deref().unwrap_or(""), 200)
            )));
            left.push(Line::from(format!(
                "{}: {}",
                t(l, "Recorded secretly"),
                t(l, m.secretly.as_str())
            )));
            if let Some(b) = &m.legal_basis {
                left.push(Line::from(format!(
                    "{}: {}",
                    t(l, "Legal basis"),
                    clean(b, 100)
                )));
            }
            if let Some(p) = &m.processing_purpose {
                left.push(Line::from(format!(
                    "{}: {}",
                    t(l, "Team's purpose"),
                    clean(p, 200)
                )));
            }
        }
        None => left.push(Line::from(Span::styled(
            t(l, "not recorded yet"),
            th.warn(),
        ))),
    }
    if let Some(chat) = &d.chat {
        left.push(Line::from(""));
        left.push(Line::from(Span::styled(t(l, "Chat"), th.bold())));
        for m in &chat.messages {
            let who = m
                .sender
                .as_deref()
                .map(|s| clean(s, 24))
                .unwrap_or_else(|| "—".into());
            let at = m.at.as_deref().map(|a| clean(a, 16)).unwrap_or_default();
            let mark = if m.attachment { "▶ " } else { "  " };
            left.push(Line::from(format!(
                "{mark}{at} {who}: {}",
                clean(&m.text, 200)
            )));
        }
    }
    if !v.notifications.is_empty() || !v.pending_notifications.is_empty() {
        left.push(Line::from(""));
        left.push(Line::from(Span::styled(t(l, "Notifications"), th.bold())));
        for n in &v.notifications {
            let what = match &n.decision {
                crate::core::model::NotificationDecision::Notified { on, channel, by } => format!(
                    "{} {} ({}, {} {})",
                    t(l, "notified"),
                    l.date(*on),
                    clean(channel, 20),
                    t(l, "by"),
                    clean(by, 20)
                ),
                crate::core::model::NotificationDecision::Exception { approved_by, .. } => {
                    format!("{} ({})", t(l, "exception"), clean(approved_by, 20))
                }
            };
            left.push(Line::from(format!("  {}: {what}", clean(&n.subject, 30))));
        }
        for p in &v.pending_notifications {
            left.push(Line::from(Span::styled(
                format!("  {}: {}", clean(p, 30), t(l, "pending")),
                th.warn(),
            )));
        }
    }
    left.push(Line::from(""));
    left.push(Line::from(Span::styled(t(l, "Gate"), th.bold())));
    left.extend(gate_lines(app, th));
    let skip = app.detail_scroll.min(left.len().saturating_sub(1));
    f.render_widget(
        Paragraph::new(left.into_iter().skip(skip).collect::<Vec<_>>())
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::RIGHT)),
        cols[0],
    );

    let right = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Length(7), Constraint::Min(3)])
        .split(cols[1]);
    let wf_area = Rect {
        x: right[0].x + 1,
        width: right[0].width.saturating_sub(2),
        ..right[0]
    };
    let mut wl = vec![Line::from(Span::styled(
        format!(
            "{} (━ {}) · {} {}",
            t(l, "Waveform"),
            t(l, "heard"),
            t(l, "Allowance left"),
            format_seconds((v.preview_left_s * 1000.0) as u64)
        ),
        th.bold(),
    ))];
    wl.extend(waveform_lines(app, wf_area.width, None, None));
    f.render_widget(Paragraph::new(wl), wf_area);
    let mut tl = vec![Line::from(Span::styled(t(l, "Timeline"), th.bold()))];
    for e in d.timeline.iter().rev() {
        tl.push(Line::from(vec![
            Span::styled(
                format!("{} {} ", datetime(app, &e.at), clean(&e.actor, 16)),
                th.dim(),
            ),
            Span::raw(timeline_text(l, e)),
        ]));
    }
    f.render_widget(
        Paragraph::new(tl).wrap(Wrap { trim: true }),
        Rect {
            x: right[1].x + 1,
            width: right[1].width.saturating_sub(1),
            ..right[1]
        },
    );
}

/// One audit entry in words (ids, actions and seconds only: the log holds nothing personal).
pub fn timeline_text(lang: Lang, e: &crate::core::audit::Entry) -> String {
    e.describe(lang)
}

fn field_line(label: &str, value: String, focused: bool, th: &Theme) -> Line<'static> {
    let marker = if focused { "› " } else { "  " };
    let style = if focused { th.bold() } else { Style::default() };
    Line::from(vec![
        Span::styled(format!("{marker}{label:<24}"), style),
        Span::raw(value),
    ])
}

fn form(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(fm) = app.form.clone() else { return };
    let role = |i: usize| t(l, SUBJECT_ROLES[i % SUBJECT_ROLES.len()].as_str());
    let subjects: Vec<String> = fm
        .subjects
        .iter()
        .map(|p| format!("{} ({})", clean(&p.name, 30), t(l, p.role.as_str())))
        .collect();
    let cur = |i: usize| if fm.focus == i { "▏" } else { "" };
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{} — {} {}",
                t(l, "Describe the recording"),
                t(l, "Item"),
                fm.item
            ),
            th.bold(),
        )),
        Line::from(""),
        field_line(
            t(l, "Sender"),
            format!("{}{}", clean(&fm.sender, 60), cur(0)),
            fm.focus == 0,
            th,
        ),
        field_line(
            t(l, "New subject"),
            format!(
                "{}{}  [{}: ◀ {} ▶]  Enter +",
                clean(&fm.new_name, 40),
                cur(1),
                t(l, "role"),
                role(fm.new_role)
            ),
            fm.focus == 1,
            th,
        ),
        field_line(
            t(l, "Subjects"),
            if subjects.is_empty() {
                "—".into()
            } else {
                format!("{}  (Del −)", subjects.join(", "))
            },
            fm.focus == 2,
            th,
        ),
        field_line(
            t(l, "Purpose"),
            format!("{}{}", clean(&fm.purpose, 80), cur(3)),
            fm.focus == 3,
            th,
        ),
        field_line(
            t(l, "Recorded secretly"),
            format!("◀ {} ▶", t(l, fm.secretly.as_str())),
            fm.focus == 4,
            th,
        ),
        field_line(
            t(l, "Legal basis"),
            format!("{}{}  ◀ ▶", clean(&fm.legal_basis, 60), cur(5)),
            fm.focus == 5,
            th,
        ),
        field_line(
            t(l, "Team's purpose"),
            format!("{}{}", clean(&fm.processing, 80), cur(6)),
            fm.focus == 6,
            th,
        ),
        field_line(
            "",
            format!("[ {} ]", t(l, "Save")),
            fm.focus == FORM_FIELDS - 1,
            th,
        ),
        Line::from(""),
    ];
    for e in &fm.errors {
        lines.push(Line::from(Span::styled(format!("  – {e}"), th.warn())));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    let row = [2u16, 3, 4, 5, 6, 7, 8, 9][fm.focus.min(7)];
    let col = match fm.focus {
        0 => fm.sender.chars().count(),
        1 => fm.new_name.chars().count(),
        3 => fm.purpose.chars().count(),
        5 => fm.legal_basis.chars().count(),
        6 => fm.processing.chars().count(),
        _ => 0,
    };
    f.set_cursor_position(Position {
        x: area.x + 26 + (col as u16).min(area.width.saturating_sub(27)),
        y: area.y + row,
    });
}

fn player(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(p) = app.player.clone() else { return };
    let Some(d) = app.detail.clone() else { return };
    let leads: Vec<String> = app.leads().iter().map(|u| u.name.clone()).collect();
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
        t(l, if p.full { "Playback" } else { "Preview" }),
        t(l, "Item"),
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
        p.status.map(|s| s.pos_ms),
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(format!(
        "{}: {}",
        t(l, "Start at"),
        format_offset(p.offset_ms)
    )));
    if !p.full {
        let sup = leads
            .get(p.supervisor)
            .cloned()
            .unwrap_or_else(|| "—".into());
        lines.push(Line::from(format!(
            "{}: {}  (Tab)",
            t(l, "Supervisor"),
            clean(&sup, 30)
        )));
        if p.asking_pin {
            lines.push(Line::from(vec![
                Span::styled(format!("{} {}: ", t(l, "PIN"), clean(&sup, 30)), th.bold()),
                Span::raw("•".repeat(p.pin.chars().count())),
                Span::raw(format!("▏  ({})", t(l, "type the PIN, then Enter"))),
            ]));
        }
        // While playing, the store has debited the whole window; what is not heard comes back.
        let left = match p.status {
            Some(st) => left_ms + st.until_ms.saturating_sub(st.pos_ms.max(st.from_ms)),
            None => left_ms,
        };
        lines.push(Line::from(format!(
            "{}: {}",
            t(l, "Allowance left"),
            format_seconds(left)
        )));
        if p.status.is_none() {
            lines.push(Line::from(format!(
                "{}: {} s  (+/−)",
                t(l, "Preview length"),
                p.seconds
            )));
        }
    }
    if let Some(st) = p.status {
        let w = inner.width.saturating_sub(30) as u64;
        let span = st.until_ms.saturating_sub(st.from_ms).max(1);
        let done = st.pos_ms.saturating_sub(st.from_ms).min(span);
        let filled = (done * w / span) as usize;
        let state = t(l, if st.paused { "paused" } else { "playing" });
        lines.push(Line::from(Span::styled(
            format!(
                "{state:<12} {} [{}{}] {}",
                format_offset(st.pos_ms),
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
            t(l, "heard"),
            format_seconds(o.heard_ms),
            ranges.join(", "),
            if o.sink == "null" {
                "[--sink null]"
            } else {
                ""
            }
        )));
    } else {
        lines.push(Line::from(Span::styled(
            t(l, "press Enter to play, Esc to go back"),
            th.dim(),
        )));
    }
    f.render_widget(Paragraph::new(lines), inner);
    app.hit.waveform = Rect {
        x: inner.x,
        y: wf_y,
        width: inner.width,
        height: 3,
    };
}

fn notify(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let Some(n) = app.notify.clone() else { return };
    let leads: Vec<String> = app.leads().iter().map(|u| u.name.clone()).collect();
    let (who, decided) = n.parents.get(n.sel).cloned().unwrap_or_default();
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{} — {} {}",
                t(l, "Notification decision"),
                t(l, "Item"),
                n.item
            ),
            th.bold(),
        )),
        Line::from(""),
        field_line(
            t(l, "parent"),
            format!(
                "◀ {} ▶  {}",
                clean(&who, 40),
                decided
                    .map(|d| format!("({d})"))
                    .unwrap_or_else(|| format!("({})", t(l, "pending")))
            ),
            n.focus == 0,
            th,
        ),
        field_line(
            "",
            format!(
                "◀ {} ▶  (F3)",
                t(l, if n.exception { "exception" } else { "notified" })
            ),
            n.focus == 1,
            th,
        ),
    ];
    if n.exception {
        let lead = leads.get(n.lead).cloned().unwrap_or_default();
        lines.push(field_line(
            t(l, "Reason"),
            format!(
                "{}{}",
                clean(&n.reason, 80),
                if n.focus == 2 { "▏" } else { "" }
            ),
            n.focus == 2,
            th,
        ));
        lines.push(field_line(
            t(l, "Approved by"),
            format!("◀ {} ▶", clean(&lead, 30)),
            n.focus == 3,
            th,
        ));
        if lead != app.user.name {
            lines.push(field_line(
                t(l, "PIN"),
                format!(
                    "{}{}",
                    "•".repeat(n.pin.chars().count()),
                    if n.focus == 4 { "▏" } else { "" }
                ),
                n.focus == 4,
                th,
            ));
        } else {
            lines.push(field_line(t(l, "PIN"), "—".into(), n.focus == 4, th));
        }
        lines.push(field_line(
            "",
            format!("[ {} ]", t(l, "Save")),
            n.focus == 5,
            th,
        ));
    } else {
        lines.push(field_line(
            t(l, "How"),
            format!(
                "{}{}",
                clean(&n.channel, 40),
                if n.focus == 2 { "▏" } else { "" }
            ),
            n.focus == 2,
            th,
        ));
        lines.push(field_line(
            t(l, "Notified on"),
            format!(
                "{}{}",
                clean(&n.date, 12),
                if n.focus == 3 { "▏" } else { "" }
            ),
            n.focus == 3,
            th,
        ));
        lines.push(field_line(
            "",
            format!("[ {} ]", t(l, "Save")),
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
    f.set_cursor_position(Position {
        x: area.x,
        y: area.y + 2 + n.focus as u16,
    });
}
