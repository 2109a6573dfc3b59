//! The update: one message in, state changed and requests out. Keys go through the key map to
//! actions; forms and the player have their own handlers.

use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::messages::{FromWorker, Msg, Request};
use super::state::Filter;
use super::state::{App, Prompt, PromptKind, Screen};
use crate::tui::i18n::Ui;
use crate::tui::keymap::{Act, Key};

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Request> {
        match msg {
            Msg::Tick => {
                self.expire_status();
                let stale = self
                    .detail_asked
                    .is_none_or(|t| (self.now - t).num_milliseconds() >= 2000);
                let playing = self.player.as_ref().is_some_and(|p| p.running);
                match (&self.detail, self.screen) {
                    (Some(d), Screen::Detail) if stale && !playing => {
                        self.detail_asked = Some(self.now);
                        vec![Request::LoadDetail(d.view.id)]
                    }
                    _ => Vec::new(),
                }
            }
            Msg::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Worker(w) => self.on_worker(w),
            Msg::Mouse(m) => self.on_mouse(m),
            Msg::Key(k) => {
                // A message is about what was just done: the next key press ends it (what
                // that key does may say something new).
                self.status = None;
                self.status_at = None;
                self.on_key(k)
            }
        }
    }

    fn on_worker(&mut self, w: FromWorker) -> Vec<Request> {
        match w {
            FromWorker::Queue {
                rows,
                escalations,
                due,
            } => self.keep_inbox_place(|app| {
                // The item selected, before its row's place means another item.
                let keep = app.selected_row().map(|r| r.id);
                app.rows = rows;
                // What is there when the queue first shows is not new.
                if app.seen.is_none() {
                    app.seen = Some(app.rows.iter().map(|r| r.id).collect());
                }
                app.escalations = escalations;
                app.set_due(due);
                app.rebuild_view_keeping(keep);
            }),
            FromWorker::QueueChanged {
                items,
                rows,
                escalations,
                due,
            } => self.keep_inbox_place(|app| app.apply_changes(&items, rows, escalations, due)),
            FromWorker::Team(t) => self.team = t,
            FromWorker::Identity(u) => self.user = u,
            FromWorker::Detail(d) => {
                if self.detail.as_ref().map(|x| x.view.id) != Some(d.view.id) {
                    self.detail_scroll = 0;
                    self.timeline_scroll = 0;
                }
                self.detail = Some(*d);
            }
            FromWorker::Player(st) => {
                if let Some(p) = &mut self.player {
                    // The move arrived (a new position, where it was sent): from now on the
                    // player's position counts.
                    if let Some(t) = p.seek_to
                        && Some(st.pos_ms) != p.seek_from
                        && st.pos_ms + 250 >= t
                        && st.pos_ms <= t + 1000
                    {
                        p.seek_to = None;
                        p.seek_from = None;
                    }
                    p.status = Some(st);
                    p.running = true;
                }
            }
            FromWorker::Finished(o) => {
                let item = o.item;
                if let Some(p) = &mut self.player {
                    p.running = false;
                    p.status = None;
                    p.seek_to = None;
                    p.seek_from = None;
                    p.last = Some(o);
                }
                return vec![Request::LoadDetail(item), Request::Refresh];
            }
            FromWorker::Done(m) => {
                self.say(m);
                if matches!(
                    self.screen,
                    Screen::Form | Screen::Notify | Screen::Use | Screen::Erasure
                ) {
                    self.screen = Screen::Detail;
                    self.form = None;
                    self.notify = None;
                    self.use_form = None;
                    self.erasure_form = None;
                }
                let mut r = vec![Request::Refresh];
                if let Some(d) = &self.detail {
                    r.push(Request::LoadDetail(d.view.id));
                }
                return r;
            }
            FromWorker::Failed(m) => {
                if let Some(p) = &mut self.player {
                    p.running = false;
                    p.asking_pin = false;
                    p.pin.clear();
                    p.waiting = None;
                }
                if let Some(n) = &mut self.notify {
                    n.error = Some(m.clone());
                    n.pin.clear();
                }
                // The store's refusal stays on the form it answers, whole, in its error line
                // (not in a box over the form that the next key, typed, would close); a PIN
                // is typed again.
                if let (Screen::Access, Some(a)) = (self.screen, &mut self.access_form)
                    && a.busy
                {
                    a.busy = false;
                    a.error = Some(m);
                    a.pin.clear();
                    return Vec::new();
                }
                match (self.screen, &mut self.use_form, &mut self.erasure_form) {
                    (Screen::Use, Some(u), _) => {
                        u.error = Some(m);
                        u.pin.clear();
                    }
                    (Screen::Erasure, _, Some(e)) => e.error = Some(m),
                    _ => self.fail(m),
                }
            }
            FromWorker::Intake(m) => {
                self.say(m);
                return vec![Request::Refresh];
            }
            FromWorker::Granted(v) => {
                if let Some(a) = &mut self.access_form
                    && a.item == v.item
                {
                    a.busy = false;
                    a.pin.clear();
                    a.error = None;
                    a.done = Some(v);
                } else {
                    self.say(crate::tui::i18n::access_granted(
                        self.lang,
                        &v.subject,
                        v.request,
                        &v.approved_by,
                    ));
                }
                let mut r = vec![Request::Refresh];
                if let Some(d) = &self.detail {
                    r.push(Request::LoadDetail(d.view.id));
                }
                return r;
            }
            FromWorker::Approvals(list) => self.on_approvals(list),
            FromWorker::Asked(v) => self.on_asked(*v),
            FromWorker::Answered(v) => self.on_answered(*v),
            FromWorker::Closed => self.quit = true,
        }
        Vec::new()
    }

    fn on_mouse(&mut self, m: MouseEvent) -> Vec<Request> {
        let inside = |r: Rect| {
            m.column >= r.x && m.column < r.x + r.width && m.row >= r.y && m.row < r.y + r.height
        };
        match (self.screen, m.kind) {
            (Screen::Queue, MouseEventKind::Down(MouseButton::Left))
                if inside(self.hit.queue_rows) =>
            {
                let i = self.hit.queue_first + (m.row - self.hit.queue_rows.y) as usize;
                if i < self.view.len() {
                    if i == self.selected {
                        return self.open_selected();
                    }
                    self.selected = i;
                }
            }
            (Screen::Access, MouseEventKind::Down(MouseButton::Left))
                if inside(self.hit.waveform) =>
            {
                self.access_click(m.column);
            }
            (Screen::Queue, MouseEventKind::ScrollDown) => self.move_sel(1),
            (Screen::Queue, MouseEventKind::ScrollUp) => self.move_sel(-1),
            (Screen::Player, MouseEventKind::Down(MouseButton::Left))
                if inside(self.hit.waveform) =>
            {
                let dur = self
                    .detail
                    .as_ref()
                    .map(|d| (d.view.duration_s * 1000.0) as u64)
                    .unwrap_or(0);
                let w = self.hit.waveform.width.max(1) as u64;
                let at = (m.column - self.hit.waveform.x) as u64 * dur / w;
                if let Some(p) = &mut self.player {
                    if p.running && p.full {
                        return vec![Request::Seek(at)];
                    } else if !p.running {
                        p.offset_ms = at;
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Selects item `number` in the queue; when the search or filter hides it, they are
    /// cleared first.
    pub(super) fn go_to(&mut self, number: &str) {
        let Ok(id) = number.trim_start_matches('#').parse::<i64>() else {
            self.fail(Ui::NoSuchItem.text(self.lang));
            return;
        };
        if !self.rows.iter().any(|r| r.id == id) {
            self.fail(format!("{}: {id}", Ui::NoSuchItem.text(self.lang)));
            return;
        }
        let find = |a: &App| a.view.iter().position(|&i| a.rows[i].id == id);
        if find(self).is_none() {
            self.search.clear();
            self.filter = None;
            self.escalation_view = false;
            self.rebuild_view();
        }
        if let Some(at) = find(self) {
            self.selected = at;
        }
    }

    /// How many rows the queue shows (as last drawn): what PgUp and PgDn move by.
    fn page_rows(&self) -> isize {
        (self.hit.queue_rows.height as isize).max(1)
    }

    fn move_sel(&mut self, d: isize) {
        if self.view.is_empty() {
            self.selected = 0;
            return;
        }
        let max = self.view.len() as isize - 1;
        self.selected = (self.selected as isize + d).clamp(0, max) as usize;
    }

    pub(super) fn open_selected(&mut self) -> Vec<Request> {
        match self.selected_row() {
            Some(r) => {
                let id = r.id;
                if let Some(seen) = &mut self.seen {
                    seen.insert(id);
                }
                self.screen = Screen::Detail;
                if self.detail.as_ref().map(|d| d.view.id) != Some(id) {
                    self.detail = None;
                }
                vec![Request::LoadDetail(id)]
            }
            None => Vec::new(),
        }
    }

    fn on_key(&mut self, k: KeyEvent) -> Vec<Request> {
        let key = Key::from_event(&k);
        // Ctrl-C always quits (the worker closes any accounting first).
        if key.ctrl && key.code == KeyCode::Char('c') {
            return vec![Request::Shutdown];
        }
        if self.help {
            if k.code == KeyCode::Tab {
                self.help_page = (self.help_page + 1) % 2;
            } else {
                self.help = false;
            }
            return Vec::new();
        }
        if self.picker.is_some() {
            return self.picker_key(k.code);
        }
        if let Some(p) = self.prompt.as_mut() {
            match k.code {
                KeyCode::Esc => self.prompt = None,
                KeyCode::Enter => {
                    let p = self.prompt.take();
                    let item = self.detail.as_ref().map(|d| d.view.id);
                    let Some(p) = p else { return Vec::new() };
                    let text = p.text.trim().to_string();
                    if p.kind == PromptKind::GoTo {
                        self.go_to(&text);
                        return Vec::new();
                    }
                    if p.kind == PromptKind::SeekTo {
                        return self.seek_to_typed(&text);
                    }
                    if text.is_empty() {
                        self.fail(Ui::NothingTyped.text(self.lang));
                        return Vec::new();
                    }
                    return match (p.kind, item) {
                        (PromptKind::Decline(id), _) => vec![Request::Decline(id, text)],
                        (PromptKind::Dismiss(id), _) => {
                            vec![Request::ResolveEscalation(id, Some(text))]
                        }
                        (PromptKind::Escalate(kind), Some(item)) => {
                            vec![Request::Escalate(item, text, kind)]
                        }
                        _ => Vec::new(),
                    };
                }
                KeyCode::Backspace => {
                    p.text.pop();
                }
                KeyCode::Char(c) if !key.ctrl && !c.is_control() => p.text.push(c),
                _ => {}
            }
            return Vec::new();
        }
        if self.searching {
            match k.code {
                KeyCode::Esc => {
                    self.searching = false;
                    self.search.clear();
                }
                KeyCode::Enter => self.searching = false,
                KeyCode::Backspace => {
                    self.search.pop();
                }
                KeyCode::Char(c) if !key.ctrl && !c.is_control() => self.search.push(c),
                KeyCode::Down => self.move_sel(1),
                KeyCode::Up => self.move_sel(-1),
                _ => {}
            }
            self.rebuild_view();
            return Vec::new();
        }
        match self.screen {
            Screen::Form => return self.form_key(k, key),
            Screen::Notify => return self.notify_key(k, key),
            Screen::Use => return self.use_key(k, key),
            Screen::Erasure => return self.erasure_key(k, key),
            Screen::Access => return self.access_key(k, key),
            Screen::Player => {
                if let Some(p) = &mut self.player
                    && p.asking_pin
                {
                    match k.code {
                        KeyCode::Esc => {
                            p.asking_pin = false;
                            p.pin.clear();
                        }
                        KeyCode::Backspace => {
                            p.pin.pop();
                        }
                        KeyCode::Enter => return self.start_player(),
                        KeyCode::Char(c) if !key.ctrl && !c.is_control() => p.pin.push(c),
                        _ => {}
                    }
                    return Vec::new();
                }
            }
            _ => {}
        }
        let Some(act) = self.keys.lookup(self.ctx(), key) else {
            return Vec::new();
        };
        self.on_act(act)
    }

    fn on_act(&mut self, act: Act) -> Vec<Request> {
        match (self.screen, act) {
            (_, Act::Quit) => {
                return vec![Request::Shutdown];
            }
            (_, Act::Help) => {
                self.help = true;
                self.help_page = 0;
            }
            (Screen::Queue, Act::Up) => self.move_sel(-1),
            (Screen::Queue, Act::Down) => self.move_sel(1),
            (Screen::Queue, Act::PageUp) => self.move_sel(-self.page_rows()),
            (Screen::Queue, Act::PageDown) => self.move_sel(self.page_rows()),
            (Screen::Queue, Act::Top) => self.selected = 0,
            (Screen::Queue, Act::Bottom) => self.selected = self.view.len().saturating_sub(1),
            (Screen::Queue, Act::Open) => return self.open_selected(),
            (Screen::Queue, Act::GoTo) => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::GoTo,
                    text: String::new(),
                });
            }
            (Screen::Queue, Act::Search) => {
                self.searching = true;
                self.search.clear();
            }
            (Screen::Queue, Act::Sort) => {
                self.sort = self.sort.next();
                self.rebuild_view();
            }
            (Screen::Queue, Act::Filter) => {
                self.filter = Filter::next(self.filter);
                self.rebuild_view();
            }
            (Screen::Queue, Act::Escalations) => {
                if self.user.is_lead() {
                    self.escalation_view = !self.escalation_view;
                    self.rebuild_view();
                } else {
                    self.fail(Ui::EscalationViewForLeads.text(self.lang));
                }
            }
            (Screen::Queue, Act::Approvals) => self.show_approvals(),
            (Screen::Approvals, act) => return self.approvals_act(act),
            (Screen::Detail, Act::Back) => {
                self.screen = Screen::Queue;
            }
            (Screen::Detail, Act::NextPane) => self.timeline_focus = !self.timeline_focus,
            (
                Screen::Detail,
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom,
            ) => {
                // The pane with the keys scrolls; drawing keeps it within its lines.
                let page = (self.size.1 as usize).saturating_sub(12).max(1);
                let at = if self.timeline_focus {
                    &mut self.timeline_scroll
                } else {
                    &mut self.detail_scroll
                };
                *at = match act {
                    Act::Up => at.saturating_sub(1),
                    Act::Down => *at + 1,
                    Act::PageUp => at.saturating_sub(page),
                    Act::PageDown => *at + page,
                    Act::Top => 0,
                    _ => usize::MAX,
                };
            }
            (Screen::Detail, Act::Describe) => self.open_form(),
            (Screen::Detail, Act::Preview) => self.open_player(false),
            (Screen::Detail, Act::Play) => self.open_player(true),
            (Screen::Detail, Act::Notify) => self.open_notify(),
            (Screen::Detail, Act::FurtherUse) => self.open_use(),
            (Screen::Detail, Act::DecideErasure) => self.open_erasure(),
            (Screen::Detail, Act::AccessCopy) => self.open_access(),
            // First what is asked for, then why.
            (Screen::Detail, Act::Escalate) if self.detail.is_some() => self.pick_escalation_kind(),
            // Whoever asks, the store decides (and logs a refusal): the UI does not refuse.
            (Screen::Detail, Act::Assign) if self.detail.is_some() => self.pick_assignee(),
            (Screen::Player, act) => return self.player_act(act),
            _ => {}
        }
        Vec::new()
    }
}
