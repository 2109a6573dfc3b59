//! One item in detail: its facts, what the gate allows and misses, the waveform and the
//! timeline of its audit log.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::text::{clean, datetime, stage_label, timeline_text};
use super::theme::Theme;
use super::waveform::waveform_lines;
use crate::core::time::format_offset;
use crate::tui::app::App;
use crate::tui::i18n::Ui;

fn gate_lines(app: &App, th: &Theme) -> Vec<Line<'static>> {
    let l = app.lang;
    let Some(d) = &app.detail else { return vec![] };
    let g = &d.view.gate;
    let mut out = Vec::new();
    // Both marks take the same width, so the labels line up in either language.
    let mark_w = [Ui::Open, Ui::Locked]
        .map(|w| w.text(l).chars().count())
        .into_iter()
        .max()
        .unwrap_or(0);
    for (label, ok, action) in [
        (
            Ui::GatePreview,
            g.preview,
            crate::core::gate::Action::Preview,
        ),
        (
            Ui::GateFullPlayback,
            g.full_playback,
            crate::core::gate::Action::FullPlayback,
        ),
        (
            Ui::GateFurtherUse,
            g.further_use,
            crate::core::gate::Action::FurtherUse,
        ),
        (
            Ui::GateSubjectAccess,
            g.subject_access,
            crate::core::gate::Action::SubjectAccess,
        ),
        (Ui::GateDelete, g.delete, crate::core::gate::Action::Delete),
    ] {
        let word = if ok { Ui::Open } else { Ui::Locked }.text(l);
        let pad = " ".repeat(mark_w - word.chars().count());
        let mark = format!("[{word}]{pad}");
        out.push(Line::from(vec![
            Span::styled(mark, if ok { th.ok() } else { th.warn() }),
            Span::raw(format!(" {}", label.text(l))),
        ]));
        if let Some((_, missing)) = g.details.iter().find(|(a, _)| *a == action) {
            for m in missing {
                out.push(Line::from(Span::styled(
                    format!("    – {}", for_the_screen(&m.text(l))),
                    th.dim(),
                )));
            }
        }
    }
    out
}

/// A gate's sentence without its advice for the command line (`(name one with --supervisor)`,
/// `(earshot team add …)`): on the screen the keys say how.
pub(crate) fn for_the_screen(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 2..close];
        out.push_str(&rest[..open]);
        if !(inner.contains("--") || inner.starts_with("earshot ")) {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    match out.find(" and name them with --") {
        Some(i) => out[..i].to_string(),
        None => out,
    }
}

pub(super) fn detail(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
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
                Ui::Item.text(l),
                v.id,
                Ui::Case.text(l),
                clean(&v.case, 20),
                stage_label(l, v.stage)
            ),
            th.bold(),
        )),
        Line::from(format!(
            "{} {} · {} · {}",
            Ui::Received.text(l),
            datetime(app, &v.received_at),
            clean(&v.received_by, 20),
            // The documents' name for it; a value the store does not know, cleaned.
            clean(&crate::report::text::channel(l, &v.channel), 20)
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
        Line::from(Span::styled(Ui::Metadata.text(l), th.bold())),
    ];
    match &v.metadata {
        Some(m) => {
            left.push(Line::from(format!(
                "{}: {}",
                Ui::Sender.text(l),
                clean(m.sender.as_deref().unwrap_or(""), 60)
            )));
            let subs: Vec<String> = m
                .subjects
                .iter()
                .map(|p| {
                    format!(
                        "{} ({})",
                        clean(&p.name, 40),
                        Ui::person_role(p.role).text(l)
                    )
                })
                .collect();
            left.push(Line::from(format!(
                "{}: {}",
                Ui::Subjects.text(l),
                subs.join(", ")
            )));
            left.push(Line::from(format!(
                "{}: {}",
                Ui::Purpose.text(l),
                clean(m.purpose.as_deref().unwrap_or(""), 200)
            )));
            left.push(Line::from(format!(
                "{}: {}",
                Ui::RecordedSecretly.text(l),
                Ui::secretly(m.secretly).text(l)
            )));
            if let Some(b) = &m.legal_basis {
                left.push(Line::from(format!(
                    "{}: {}",
                    Ui::LegalBasis.text(l),
                    clean(b, 100)
                )));
            }
            if let Some(p) = &m.processing_purpose {
                left.push(Line::from(format!(
                    "{}: {}",
                    Ui::TeamsPurpose.text(l),
                    clean(p, 200)
                )));
            }
        }
        None => left.push(Line::from(Span::styled(
            Ui::NotRecordedYet.text(l),
            th.warn(),
        ))),
    }
    if let Some(chat) = &d.chat {
        left.push(Line::from(""));
        left.push(Line::from(Span::styled(Ui::Chat.text(l), th.bold())));
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
        left.push(Line::from(Span::styled(
            Ui::Notifications.text(l),
            th.bold(),
        )));
        for n in &v.notifications {
            let what = match &n.decision {
                crate::core::model::NotificationDecision::Notified { on, channel, by } => format!(
                    "{} {} ({}, {} {})",
                    Ui::Notified.text(l),
                    l.date(*on),
                    clean(channel, 20),
                    Ui::By.text(l),
                    clean(by, 20)
                ),
                crate::core::model::NotificationDecision::Exception {
                    approved_by,
                    ground,
                    review_on,
                    ..
                } => format!(
                    "{} ({}{}; {})",
                    Ui::Exception.text(l),
                    ground.map(|g| format!("{g}, ")).unwrap_or_default(),
                    clean(approved_by, 20),
                    match review_on {
                        Some(d) =>
                            format!("{} {}", Ui::ReviewOn.text(l).to_lowercase(), l.date(*d)),
                        None => Ui::ReviewOn.text(l).to_lowercase() + " —",
                    }
                ),
                crate::core::model::NotificationDecision::ViaParent { parent, by } => format!(
                    "{} ({} {})",
                    crate::tui::i18n::decided_via_parent(l, &clean(parent, 30)),
                    Ui::By.text(l),
                    clean(by, 20)
                ),
            };
            left.push(Line::from(format!("  {}: {what}", clean(&n.subject, 30))));
        }
        for p in &v.pending_notifications {
            left.push(Line::from(Span::styled(
                format!("  {}: {}", clean(p, 30), Ui::Pending.text(l)),
                th.warn(),
            )));
        }
    }
    // Erasure requests (art. 17): whose, by when a lead decides, or how it was decided.
    if !d.erasure.is_empty() {
        left.push(Line::from(""));
        left.push(Line::from(Span::styled(
            Ui::ErasureRequestsTitle.text(l),
            th.bold(),
        )));
        for e in &d.erasure {
            let line = format!(
                "  {}: {}",
                clean(e.subject.as_deref().unwrap_or("—"), 30),
                crate::tui::i18n::erasure_state(l, e)
            );
            left.push(if e.open() {
                Line::from(Span::styled(line, th.warn()))
            } else {
                Line::from(line)
            });
        }
    }
    // What was put to the leads about this item and is still open: who asked, when, why.
    let open: Vec<&crate::store::triage::EscalationView> = app
        .escalations
        .iter()
        .filter(|e| e.item == v.id && e.resolved_at.is_none())
        .collect();
    if !open.is_empty() {
        left.push(Line::from(""));
        left.push(Line::from(Span::styled(
            Ui::OpenRequestsTitle.text(l),
            th.bold(),
        )));
        for e in open {
            let kind = match e.kind {
                crate::store::triage::EscalationKind::Preview => Ui::FlagPreviewRequested,
                crate::store::triage::EscalationKind::Exception => Ui::FlagExceptionToApprove,
                crate::store::triage::EscalationKind::Other => Ui::FlagEscalated,
            };
            left.push(Line::from(Span::styled(
                format!(
                    "  {} · {} · {}",
                    kind.text(l),
                    clean(&e.by, 16),
                    datetime(app, &e.at)
                ),
                th.warn(),
            )));
            if let Some(r) = &e.reason {
                left.push(Line::from(format!("    “{}”", clean(r, 300))));
            }
        }
    }
    left.push(Line::from(""));
    left.push(Line::from(Span::styled(Ui::Gate.text(l), th.bold())));
    left.extend(gate_lines(app, th));
    // Scrolled no further than the last line at the top (lines wrap: the keys' ask is kept
    // within that).
    app.detail_scroll = app.detail_scroll.min(left.len().saturating_sub(1));
    let facts_title = if app.timeline_focus {
        th.dim()
    } else {
        th.bold()
    };
    f.render_widget(
        Paragraph::new(left.into_iter().skip(app.detail_scroll).collect::<Vec<_>>())
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::RIGHT)
                    .border_style(facts_title),
            ),
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
            Ui::Waveform.text(l),
            Ui::Heard.text(l),
            Ui::AllowanceLeft.text(l),
            l.seconds((v.preview_left_s * 1000.0) as u64)
        ),
        th.bold(),
    ))];
    wl.extend(waveform_lines(app, wf_area.width, None, None));
    f.render_widget(Paragraph::new(wl), wf_area);
    let entries = session_lines(&d.timeline);
    let tl_area = Rect {
        x: right[1].x + 1,
        width: right[1].width.saturating_sub(1),
        ..right[1]
    };
    // Newest first; focused (Tab), the timeline scrolls and says where it is.
    let rows = (tl_area.height as usize).saturating_sub(1).max(1);
    app.timeline_scroll = app.timeline_scroll.min(entries.len().saturating_sub(1));
    let shown = entries.len().saturating_sub(app.timeline_scroll).min(rows);
    let heading = if app.timeline_focus {
        format!(
            "▶ {} · {}–{}/{}",
            Ui::Timeline.text(l),
            app.timeline_scroll + usize::from(shown > 0),
            app.timeline_scroll + shown,
            entries.len()
        )
    } else {
        format!("{} ({} Tab)", Ui::Timeline.text(l), entries.len())
    };
    let mut tl = vec![Line::from(Span::styled(
        heading,
        if app.timeline_focus {
            th.selected()
        } else {
            th.bold()
        },
    ))];
    for e in entries.into_iter().rev().skip(app.timeline_scroll) {
        tl.push(Line::from(vec![
            Span::styled(
                format!("{} {} ", datetime(app, &e.at), clean(&e.actor, 16)),
                th.dim(),
            ),
            Span::raw(timeline_text(l, e)),
        ]));
    }
    f.render_widget(Paragraph::new(tl).wrap(Wrap { trim: true }), tl_area);
}

/// The timeline with one line per full playback: a session that ended shows only its end
/// (which lists the ranges heard, merged); one still running, or cut off, its start and its
/// latest range. (The log keeps every range, one entry each couple of seconds.)
pub(crate) fn session_lines(
    timeline: &[crate::core::audit::Entry],
) -> Vec<&crate::core::audit::Entry> {
    use std::collections::{HashMap, HashSet};
    fn session(e: &crate::core::audit::Entry) -> Option<String> {
        if !e.action.starts_with("play.") {
            return None;
        }
        // Read from the database: a detail that does not parse is shown as it is.
        let v: serde_json::Value = serde_json::from_str(&e.detail).ok()?;
        v.get("session")?.as_str().map(str::to_string)
    }
    let ended: HashSet<String> = timeline
        .iter()
        .filter(|e| e.action == "play.end")
        .filter_map(session)
        .collect();
    let mut last_range: HashMap<String, i64> = HashMap::new();
    for e in timeline {
        if (e.action == "play.heard" || e.action == "play.ahead")
            && let Some(s) = session(e)
        {
            last_range.insert(s, e.seq);
        }
    }
    timeline
        .iter()
        .filter(|e| match session(e) {
            None => true,
            Some(s) if ended.contains(&s) => e.action == "play.end",
            Some(s) => e.action == "play.start" || last_range.get(&s) == Some(&e.seq),
        })
        .collect()
}
