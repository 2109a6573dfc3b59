//! The queue: every item with its stage and flags, filtered, searched and sorted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::text::{channel_short, clean, pad, short_age, stage_label, stage_short};
use super::theme::Theme;
use crate::core::model::{Secretly, Stage};
use crate::core::time::format_offset;
use crate::tui::app::{App, Filter};
use crate::tui::i18n::Ui;

fn flags(app: &App, r: &crate::store::QueueRow, wide: bool) -> String {
    let l = app.lang;
    let w = |long: Ui, short: Ui| if wide { long } else { short }.text(l).to_string();
    let mut v: Vec<String> = Vec::new();
    if app.is_new(r.id) {
        v.push(Ui::FlagNew.text(l).to_string());
    }
    if r.overdue {
        v.push(w(Ui::FlagOverdue, Ui::FlagOverdue));
    }
    use crate::store::triage::EscalationKind;
    let open = |k: EscalationKind| {
        app.escalations
            .iter()
            .any(|e| e.item == r.id && e.resolved_at.is_none() && e.kind == k)
    };
    if open(EscalationKind::Preview) {
        v.push(w(Ui::FlagPreviewRequested, Ui::FlagPreviewRequestedShort));
    }
    if open(EscalationKind::Exception) {
        v.push(w(
            Ui::FlagExceptionToApprove,
            Ui::FlagExceptionToApproveShort,
        ));
    }
    if open(EscalationKind::Other) {
        v.push(w(Ui::FlagEscalated, Ui::FlagEscalatedShort));
    }
    if let Some(d) = app.due_for(r.id) {
        if d.overdue_complaints > 0 {
            v.push(w(Ui::FlagComplaintOverdue, Ui::FlagComplaintOverdueShort));
        } else if d.open_complaints > 0 {
            v.push(w(Ui::FlagComplaintOpen, Ui::FlagComplaintOpenShort));
        }
        if d.overdue_access_requests > 0 || d.open_access_requests > 0 {
            v.push(w(Ui::FlagAccessRequest, Ui::FlagAccessRequestShort));
        }
        if d.open_erasure_requests > 0 {
            v.push(w(Ui::FlagErasureRequest, Ui::FlagErasureRequestShort));
        }
        if let Some(by) = d.erasure_delete_by {
            v.push(if wide {
                format!(
                    "{} ({} {})",
                    Ui::FlagErasureGranted.text(l),
                    Ui::DueBy.text(l).to_lowercase(),
                    l.date(by)
                )
            } else {
                Ui::FlagErasureGrantedShort.text(l).to_string()
            });
        }
        if d.copies_outstanding > 0 {
            v.push(w(Ui::FlagCopiesOutstanding, Ui::FlagCopiesOutstandingShort));
        }
        if d.retention_due {
            v.push(w(Ui::FlagDueForDeletion, Ui::FlagDueForDeletionShort));
        }
    }
    if r.notification_pending {
        v.push(w(
            Ui::FlagNotificationPending,
            Ui::FlagNotificationPendingShort,
        ));
    }
    if r.secretly == Secretly::Yes {
        v.push(w(Ui::FlagRecordedSecretly, Ui::FlagRecordedSecretlyShort));
    }
    if r.stage != Stage::Deleted {
        v.push(if wide {
            format!("{} {:.0}s", Ui::PreviewLeft.text(l), r.preview_left_s)
        } else {
            format!("{:.0}s", r.preview_left_s)
        });
    }
    v.join(if wide { ", " } else { "," })
}

pub(super) fn queue(app: &mut App, f: &mut Frame, area: Rect, th: &Theme) {
    let l = app.lang;
    let mut area = area;
    if let Some(demo) = &app.demo {
        let h = 3u16.min(area.height / 3);
        let parts = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Length(h), Constraint::Min(3)])
            .split(area);
        let mut lines = vec![Line::from(Span::styled(Ui::DemoNotice.text(l), th.warn()))];
        let team: Vec<String> = demo
            .team
            .iter()
            .map(|(n, r, pin)| {
                let role = Ui::role(*r).text(l);
                match pin {
                    Some(p) => format!("{n} ({role}, PIN {p})"),
                    None => format!("{n} ({role})"),
                }
            })
            .collect();
        lines.push(Line::from(format!(
            "{}: {}",
            Ui::TeamDemoPins.text(l),
            team.join(" · ")
        )));
        f.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::BOTTOM)),
            parts[0],
        );
        area = parts[1];
    }
    // Where the selection is: "4123/10000" (of the items the filter and search leave).
    let position = if app.view.is_empty() {
        String::new()
    } else {
        format!(" · {}/{}", app.selected + 1, app.view.len())
    };
    let sub = format!(
        "{}: {} · {}: {}{}{position}",
        Ui::SortWord.text(l),
        app.sort.word().text(l),
        Ui::FilterWord.text(l),
        match app.filter {
            None => Ui::All.text(l),
            Some(Filter::Stage(s)) => stage_label(l, s),
            Some(Filter::Overdue) => Ui::FlagOverdue.text(l),
            Some(Filter::Complaint) => Ui::FlagComplaintOpen.text(l),
            Some(Filter::Escalated) => Ui::FlagEscalated.text(l),
            Some(Filter::AssignedToMe) => Ui::AssignedToMe.text(l),
        },
        if app.searching || !app.search.is_empty() {
            format!(
                " · {}: {}{}",
                Ui::Search.text(l),
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
    // Column widths: marker, id, received, case, channel, sender, length, stage, assignee
    // (wide only: narrow, an assignee is a flag), flags.
    let wide = w >= 110;
    let mut cols = if wide {
        [2, 6, 14, 11, 9, 20, 7, 21, 11]
    } else {
        [2, 5, 14, 9, 6, 15, 6, 11, 0]
    };
    // Room for the largest item number (100000 and up), and a space.
    let digits = app.max_id.max(1).ilog10() as usize + 1;
    cols[1] = cols[1].max(digits + 1);
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
        "{}{}{}{}{}{}{}{}{}{}",
        " ".repeat(cols[0]),
        pad("#", cols[1]),
        pad(Ui::Received.text(l), cols[2]),
        pad(Ui::Case.text(l), cols[3]),
        pad(
            if wide {
                Ui::Channel.text(l)
            } else {
                Ui::Via.text(l)
            },
            cols[4]
        ),
        pad(Ui::Sender.text(l), cols[5]),
        pad(if wide { Ui::Length.text(l) } else { "⏱" }, cols[6]),
        pad(Ui::StageHeader.text(l), cols[7]),
        if wide {
            pad(Ui::Assignee.text(l), cols[8])
        } else {
            String::new()
        },
        clean(Ui::Flags.text(l), flags_w)
    );
    f.render_widget(Paragraph::new(Span::styled(header, th.bold())), parts[1]);
    let body = parts[2];
    let height = body.height as usize;
    if app.view.is_empty() {
        // Before the first queue arrives nothing is known: saying "empty" would be untrue.
        let msg = if app.seen.is_none() {
            Ui::QueueLoading.text(l)
        } else if app.rows.is_empty() {
            Ui::QueueEmpty.text(l)
        } else {
            Ui::NoItemsMatch.text(l)
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
            (None, None) => Ui::NotRecorded.text(l).into(),
        };
        let assignee = r.assigned_to.as_deref().unwrap_or("");
        let mut flags = flags(app, r, wide);
        if !wide && !assignee.is_empty() {
            flags = format!("@{assignee},{flags}");
        }
        let text = format!(
            "{}{}{}{}{}{}{}{}{}{}",
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
            if wide {
                pad(assignee, cols[8])
            } else {
                String::new()
            },
            clean(&flags, flags_w)
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
