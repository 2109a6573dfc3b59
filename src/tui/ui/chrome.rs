//! What surrounds every screen: the title bar, the hint line and the help overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::text::clean;
use super::theme::Theme;
use crate::tui::app::{App, Entry, Screen};
use crate::tui::i18n::Ui;
use crate::tui::keymap::Ctx;

pub(super) fn title(app: &App, f: &mut Frame, r: Rect, th: &Theme) {
    let screen = match app.screen {
        Screen::Queue if app.escalation_view => Ui::Escalations.text(app.lang),
        Screen::Queue => Ui::Queue.text(app.lang),
        Screen::Detail => Ui::Item.text(app.lang),
        Screen::Form => Ui::DescribeRecording.text(app.lang),
        Screen::Player => Ui::Player.text(app.lang),
        Screen::Notify => Ui::NotificationDecision.text(app.lang),
        Screen::Approvals => Ui::Inbox.text(app.lang),
        Screen::Use => Ui::FurtherUseTitle.text(app.lang),
        Screen::Erasure => Ui::ErasureRequestTitle.text(app.lang),
        Screen::Access => Ui::AccessCopyTitle.text(app.lang),
    };
    let role = Ui::role(app.user.role).text(app.lang);
    let mut spans = vec![
        Span::styled(" earshot ", th.bold()),
        Span::raw(format!(
            "— {screen} — {} ({role})",
            clean(&app.user.name, 30)
        )),
    ];
    // A lead sees on every screen that requests wait for them.
    let waiting = app.open_approvals().len();
    if app.user.is_lead() && waiting > 0 {
        spans.push(Span::styled(
            format!("  [{}]", crate::tui::i18n::to_approve(app.lang, waiting)),
            th.warn().add_modifier(Modifier::BOLD),
        ));
    }
    if app.demo.is_some() {
        spans.push(Span::styled(
            format!("  [{}]", Ui::Demo.text(app.lang)),
            th.warn().add_modifier(Modifier::BOLD),
        ));
    }
    if app.ssh {
        spans.push(Span::styled(
            format!("  {}", Ui::AudioOnServer.text(app.lang)),
            th.warn(),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

pub(super) fn hints(app: &App, f: &mut Frame, r: Rect, th: &Theme) {
    let ctx = if app.searching || app.prompt.is_some() {
        None
    } else {
        Some(app.ctx())
    };
    // While a request for approval waits, one key matters.
    let waiting = app.player.as_ref().is_some_and(|p| p.waiting.is_some());
    let ctx = ctx.filter(|_| !(waiting && app.screen == Screen::Player));
    // A grant done: its screen only goes back.
    let granted =
        app.screen == Screen::Access && app.access_form.as_ref().is_some_and(|f| f.done.is_some());
    let text = match ctx {
        Some(_) if granted => Ui::EscBackToItem.text(app.lang).to_string(),
        Some(c) => fit_hints(app, c, r.width as usize),
        None if waiting && app.prompt.is_none() => {
            format!("Esc {}", Ui::KeyWithdraw.text(app.lang))
        }
        None => Ui::EnterOkEscCancel.text(app.lang).to_string(),
    };
    f.render_widget(
        Paragraph::new(Span::styled(clean(&text, r.width as usize), th.dim())),
        r,
    );
}

/// The keys that work here and now, as many as fit in `width`, and `? help` always last: on
/// an item, full playback is not offered while it is locked, nor a preview once the allowance
/// is spent.
fn fit_hints(app: &App, c: crate::tui::keymap::Ctx, width: usize) -> String {
    let detail = app.detail.as_ref().map(|d| &d.view);
    let inbox = (app.screen == Screen::Approvals).then(|| app.selected_entry());
    let offered = |d: &Ui| match (*d, detail, inbox) {
        (Ui::KeyFullPlayback, Some(v), None) => v.gate.full_playback,
        (Ui::KeyPreview, Some(v), None) => v.preview_left_s > 0.0,
        (Ui::KeyApprove | Ui::KeyDecline, _, Some(e)) => matches!(e, Some(Entry::Approval(_))),
        (Ui::KeyResolve | Ui::KeyDismiss, _, Some(e)) => {
            matches!(e, Some(Entry::Escalation(x)) if x.resolved_at.is_none())
        }
        (Ui::KeyOpenItem, _, Some(e)) => e.and_then(|e| e.item()).is_some(),
        // F3 switches the kind of notification decision: nothing on the other forms.
        (Ui::KeyNotifiedException, _, _) => {
            !matches!(app.screen, Screen::Use | Screen::Erasure | Screen::Access)
        }
        // A copy for a subject while the recording is there.
        (Ui::KeyAccessCopy, Some(v), None) => v.stage != crate::core::model::Stage::Deleted,
        // Deciding an erasure request is offered while one is open.
        (Ui::KeyDecideErasure, Some(_), None) => app
            .detail
            .as_ref()
            .is_some_and(|d| d.erasure.iter().any(|e| e.open())),
        _ => true,
    };
    let all = app.keys.hints_for(c, app.user.is_lead());
    let word = |(k, d): &(String, Ui)| format!("{k} {}", d.text(app.lang));
    let help = all.iter().find(|(_, d)| *d == Ui::KeyHelp).map(word);
    let reserve = help.as_ref().map_or(0, |h| h.chars().count() + 3);
    let mut out = String::new();
    for h in all.iter().filter(|(_, d)| *d != Ui::KeyHelp && offered(d)) {
        let piece = word(h);
        let sep = if out.is_empty() { 0 } else { 3 };
        if out.chars().count() + sep + piece.chars().count() + reserve > width {
            break;
        }
        if sep > 0 {
            out.push_str(" · ");
        }
        out.push_str(&piece);
    }
    if let Some(h) = help {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&h);
    }
    out
}

pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The help's second page: each stage and each flag, in words.
fn words(app: &App, th: &Theme) -> Vec<Line<'static>> {
    use crate::core::model::Stage;
    let l = app.lang;
    let mut lines = vec![Line::from(Span::styled(Ui::StagesTitle.text(l), th.bold()))];
    for s in [
        Stage::Received,
        Stage::Described,
        Stage::NotificationDecided,
        Stage::Used,
        Stage::Deleted,
    ] {
        lines.push(Line::from(format!(
            "{}: {}",
            super::text::stage_label(l, s),
            crate::tui::glossary::stage_meaning(l, s)
        )));
    }
    lines.push(Line::from(Span::styled(Ui::FlagsTitle.text(l), th.bold())));
    for (word, meaning) in crate::tui::glossary::flag_meanings(l) {
        lines.push(Line::from(format!("{word}: {meaning}")));
    }
    lines
}

pub(super) fn help(app: &App, f: &mut Frame, area: Rect, th: &Theme) {
    if app.help_page == 1 {
        let mut lines = words(app, th);
        lines.push(Line::from(Ui::HelpBackToKeys.text(app.lang)));
        let r = centered(area, 78, area.height);
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Ui::WordsTitle.text(app.lang)),
            ),
            r,
        );
        return;
    }
    let ctx = app.ctx();
    let mut lines = vec![
        Line::from(Span::styled(Ui::Keys.text(app.lang), th.bold())),
        Line::from(""),
    ];
    for b in app.keys.for_screen(ctx) {
        let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
        lines.push(Line::from(format!(
            "{:<18} {}",
            keys.join(", "),
            b.help.text(app.lang)
        )));
    }
    if ctx == Ctx::Form {
        lines.push(Line::from(Ui::TypeToFill.text(app.lang)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Ui::HelpMoreWords.text(app.lang)));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, 70, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Ui::Help.text(app.lang)),
        ),
        r,
    );
}
