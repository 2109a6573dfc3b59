//! The TUI's state and its pure update: messages in (keys, mouse, the worker's answers), state
//! changed and requests out. Nothing here touches the store, the player or the terminal, so
//! every behaviour can be tested by feeding messages.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::keymap::{Act, Ctx, Key, KeyMap};
use crate::audio::Waveform;
use crate::core::audit::Entry;
use crate::core::lang::Lang;
use crate::core::model::{
    ItemId, Metadata, Person, PersonRole, Role, Secretly, Stage, User, normalise_name,
};
use crate::session::{Outcome, Status};
use crate::store::due::DueFlags;
use crate::store::triage::{EscalationKind, EscalationView};
use crate::store::{ItemView, NotifyDecision, QueueRow};

/// The common legal bases offered in the form (a team can type another).
pub const LEGAL_BASES: &[&str] = &[
    "Jeugdwet art. 7.4.0",
    "AVG art. 6 lid 1 sub e (publieke taak)",
    "AVG art. 6 lid 1 sub c (wettelijke plicht)",
    "AVG art. 9 lid 2 sub h (zorg)",
];

/// The preview length offered first (seconds).
pub const DEFAULT_PREVIEW_S: u64 = 5;

/// Step for moving the start point or seeking.
pub const STEP_MS: u64 = 5_000;

/// Everything about the open item.
#[derive(Debug, Clone)]
pub struct Detail {
    pub view: ItemView,
    pub waveform: Option<Waveform>,
    pub timeline: Vec<Entry>,
    /// The chat messages around the attachment, for items from a WhatsApp export.
    pub chat: Option<crate::store::intake::ChatContext>,
}

/// What the worker sends back.
#[derive(Debug, Clone)]
pub enum FromWorker {
    Queue {
        rows: Vec<QueueRow>,
        escalations: Vec<EscalationView>,
        due: Vec<DueFlags>,
    },
    Team(Vec<(User, bool)>),
    Detail(Box<Detail>),
    Player(Status),
    Finished(Outcome),
    Done(String),
    Failed(String),
    /// The drop folder's importer: what it is doing (shown in the status line).
    Intake(String),
    Closed,
}

/// What the UI asks the worker to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Refresh,
    LoadDetail(ItemId),
    Describe(ItemId, Metadata),
    Notify(ItemId, String, NotifyDecisionReq),
    Escalate(ItemId, String, EscalationKind),
    Assign(ItemId, String),
    Preview {
        item: ItemId,
        from_ms: u64,
        seconds: u64,
        supervisor: String,
        pin: Option<String>,
    },
    Play {
        item: ItemId,
        from_ms: u64,
    },
    Pause,
    Resume,
    Seek(u64),
    Stop,
    Shutdown,
}

/// A notification decision as the form collects it (the store's type is not `PartialEq`).
#[derive(Debug, Clone, PartialEq)]
pub enum NotifyDecisionReq {
    Notified {
        channel: String,
        on: chrono::NaiveDate,
    },
    Exception {
        reason: String,
        approved_by: String,
        pin: Option<String>,
    },
}

impl NotifyDecisionReq {
    pub fn into_store(self) -> NotifyDecision {
        match self {
            NotifyDecisionReq::Notified { channel, on } => NotifyDecision::Notified {
                channel,
                on: Some(on),
            },
            NotifyDecisionReq::Exception {
                reason,
                approved_by,
                pin,
            } => NotifyDecision::Exception {
                reason,
                approved_by,
                pin,
            },
        }
    }
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Tick,
    Worker(FromWorker),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Queue,
    Detail,
    Form,
    Player,
    Notify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    Oldest,
    Case,
    Stage,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Case,
            Sort::Case => Sort::Stage,
            Sort::Stage => Sort::Newest,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Case => "case",
            Sort::Stage => "stage",
        }
    }
}

/// The metadata form.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub item: ItemId,
    pub sender: String,
    pub subjects: Vec<Person>,
    pub new_name: String,
    pub new_role: usize,
    pub purpose: String,
    pub secretly: Secretly,
    pub legal_basis: String,
    pub processing: String,
    pub focus: usize,
    pub errors: Vec<String>,
}

pub const FORM_FIELDS: usize = 8;
pub const SUBJECT_ROLES: [PersonRole; 4] = [
    PersonRole::Parent,
    PersonRole::Child,
    PersonRole::Professional,
    PersonRole::Other,
];

impl Form {
    pub fn metadata(&self) -> Metadata {
        let opt = |s: &str| {
            if s.trim().is_empty() {
                None
            } else {
                Some(s.trim().to_string())
            }
        };
        Metadata {
            sender: opt(&self.sender),
            subjects: self.subjects.clone(),
            purpose: opt(&self.purpose),
            secretly: self.secretly,
            legal_basis: opt(&self.legal_basis),
            processing_purpose: opt(&self.processing),
        }
    }
    fn text_mut(&mut self) -> Option<&mut String> {
        match self.focus {
            0 => Some(&mut self.sender),
            1 => Some(&mut self.new_name),
            3 => Some(&mut self.purpose),
            5 => Some(&mut self.legal_basis),
            6 => Some(&mut self.processing),
            _ => None,
        }
    }
    fn add_subject(&mut self) {
        let name = self.new_name.trim().to_string();
        if name.is_empty() {
            return;
        }
        let role = SUBJECT_ROLES[self.new_role % SUBJECT_ROLES.len()];
        let n = normalise_name(&name);
        self.subjects.retain(|p| normalise_name(&p.name) != n);
        self.subjects.push(Person { name, role });
        self.new_name.clear();
    }
    fn validate(&mut self) -> bool {
        self.errors = self.metadata().validate().err().unwrap_or_default();
        self.errors.is_empty()
    }
}

/// The notification-decision form.
#[derive(Debug, Clone, Default)]
pub struct NotifyForm {
    pub item: ItemId,
    /// Parents other than the sender, with their decision so far (if any).
    pub parents: Vec<(String, Option<String>)>,
    pub sel: usize,
    pub exception: bool,
    pub channel: String,
    pub date: String,
    pub reason: String,
    pub lead: usize,
    pub pin: String,
    pub focus: usize,
    pub error: Option<String>,
}

/// The player screen (preview or full playback).
#[derive(Debug, Clone, Default)]
pub struct PlayerView {
    pub item: ItemId,
    pub full: bool,
    pub offset_ms: u64,
    /// Preview length asked for (seconds); the allowance left caps it.
    pub seconds: u64,
    pub supervisor: usize,
    pub pin: String,
    pub asking_pin: bool,
    pub status: Option<Status>,
    pub running: bool,
    pub last: Option<Outcome>,
}

/// A one-line text prompt (escalation reason, assignee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Escalate to the leads, asking for a kind of thing.
    Escalate(EscalationKind),
    Assign,
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

/// Shown on the first screen of the demo.
#[derive(Debug, Clone)]
pub struct DemoInfo {
    pub team: Vec<(String, Role, Option<String>)>,
}

/// Screen areas from the last frame, for the mouse.
#[derive(Debug, Clone, Copy, Default)]
pub struct HitAreas {
    pub queue_rows: Rect,
    pub queue_first: usize,
    pub waveform: Rect,
}

pub struct App {
    pub lang: Lang,
    pub user: User,
    pub keys: KeyMap,
    pub color: bool,
    pub ssh: bool,
    pub demo: Option<DemoInfo>,
    pub now: DateTime<Utc>,
    pub screen: Screen,
    pub rows: Vec<QueueRow>,
    pub escalations: Vec<EscalationView>,
    /// Complaints, access requests, copies outstanding and retention, per item.
    pub due: Vec<DueFlags>,
    pub team: Vec<(User, bool)>,
    /// Indices into `rows` after filter, search and sort.
    pub view: Vec<usize>,
    pub selected: usize,
    pub sort: Sort,
    pub filter: Option<Stage>,
    pub search: String,
    pub searching: bool,
    pub escalation_view: bool,
    pub detail: Option<Detail>,
    pub detail_scroll: usize,
    pub form: Option<Form>,
    pub notify: Option<NotifyForm>,
    pub player: Option<PlayerView>,
    pub prompt: Option<Prompt>,
    pub help: bool,
    pub status: Option<(String, bool)>,
    /// When the status line was set (it clears itself after a while).
    pub status_at: Option<DateTime<Utc>>,
    pub quit: bool,
    pub hit: HitAreas,
    pub size: (u16, u16),
    /// When the open item was last asked for (it is reloaded every two seconds, so other
    /// users' changes show).
    pub detail_asked: Option<DateTime<Utc>>,
}

impl App {
    pub fn new(user: User, lang: Lang, keys: KeyMap) -> App {
        App {
            lang,
            user,
            keys,
            color: true,
            ssh: false,
            demo: None,
            now: Utc::now(),
            screen: Screen::Queue,
            rows: Vec::new(),
            escalations: Vec::new(),
            due: Vec::new(),
            team: Vec::new(),
            view: Vec::new(),
            selected: 0,
            sort: Sort::Newest,
            filter: None,
            search: String::new(),
            searching: false,
            escalation_view: false,
            detail: None,
            detail_scroll: 0,
            form: None,
            notify: None,
            player: None,
            prompt: None,
            help: false,
            status: None,
            status_at: None,
            quit: false,
            hit: HitAreas::default(),
            size: (80, 24),
            detail_asked: None,
        }
    }

    pub fn ctx(&self) -> Ctx {
        match self.screen {
            Screen::Queue => Ctx::Queue,
            Screen::Detail => Ctx::Detail,
            Screen::Player => Ctx::Player,
            Screen::Form | Screen::Notify => Ctx::Form,
        }
    }

    pub fn selected_row(&self) -> Option<&QueueRow> {
        self.view.get(self.selected).and_then(|&i| self.rows.get(i))
    }

    fn escalated(&self, id: ItemId) -> bool {
        self.escalations
            .iter()
            .any(|e| e.item == id && e.resolved_at.is_none())
    }

    pub fn due_for(&self, id: ItemId) -> Option<&DueFlags> {
        self.due.iter().find(|d| d.item == id)
    }

    pub fn leads(&self) -> Vec<&User> {
        self.team
            .iter()
            .map(|(u, _)| u)
            .filter(|u| u.is_lead())
            .collect()
    }

    /// Rebuilds the visible rows from filter, search, escalation view and sort.
    pub fn rebuild_view(&mut self) {
        let keep_id = self.selected_row().map(|r| r.id);
        let needle = self.search.to_lowercase();
        let mut v: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                if let Some(f) = self.filter
                    && r.stage != f
                {
                    return false;
                }
                let late_complaint = self
                    .due_for(r.id)
                    .is_some_and(|d| d.overdue_complaints > 0 || d.overdue_access_requests > 0);
                if self.escalation_view && !(self.escalated(r.id) || r.overdue || late_complaint) {
                    return false;
                }
                if needle.is_empty() {
                    return true;
                }
                r.case.to_lowercase().contains(&needle)
                    || r.channel.contains(&needle)
                    || r.sender
                        .as_deref()
                        .is_some_and(|s| s.to_lowercase().contains(&needle))
                    || r.id.to_string() == needle
            })
            .collect();
        let rows = &self.rows;
        match self.sort {
            Sort::Newest => v.sort_by(|a, b| {
                rows[*b]
                    .received_at
                    .cmp(&rows[*a].received_at)
                    .then(rows[*b].id.cmp(&rows[*a].id))
            }),
            Sort::Oldest => v.sort_by(|a, b| {
                rows[*a]
                    .received_at
                    .cmp(&rows[*b].received_at)
                    .then(rows[*a].id.cmp(&rows[*b].id))
            }),
            Sort::Case => v.sort_by(|a, b| {
                rows[*a]
                    .case
                    .cmp(&rows[*b].case)
                    .then(rows[*a].id.cmp(&rows[*b].id))
            }),
            Sort::Stage => v.sort_by(|a, b| {
                rows[*a]
                    .stage
                    .cmp(&rows[*b].stage)
                    .then(rows[*a].id.cmp(&rows[*b].id))
            }),
        }
        self.view = v;
        self.selected = keep_id
            .and_then(|id| self.view.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(self.selected.min(self.view.len().saturating_sub(1)));
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), false));
        self.status_at = Some(self.now);
    }

    fn fail(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), true));
        self.status_at = Some(self.now);
    }

    /// Messages stay 6 seconds, errors 12.
    fn expire_status(&mut self) {
        if let (Some((_, err)), Some(at)) = (&self.status, self.status_at) {
            let keep = if *err { 12 } else { 6 };
            if (self.now - at).num_seconds() >= keep {
                self.status = None;
                self.status_at = None;
            }
        }
    }

    /// Handles one message; returns what the worker must do.
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
            Msg::Key(k) => self.on_key(k),
        }
    }

    fn on_worker(&mut self, w: FromWorker) -> Vec<Request> {
        match w {
            FromWorker::Queue {
                rows,
                escalations,
                due,
            } => {
                self.rows = rows;
                self.escalations = escalations;
                self.due = due;
                self.rebuild_view();
            }
            FromWorker::Team(t) => self.team = t,
            FromWorker::Detail(d) => {
                if self.detail.as_ref().map(|x| x.view.id) != Some(d.view.id) {
                    self.detail_scroll = 0;
                }
                self.detail = Some(*d);
            }
            FromWorker::Player(st) => {
                if let Some(p) = &mut self.player {
                    p.status = Some(st);
                    p.running = true;
                }
            }
            FromWorker::Finished(o) => {
                let item = o.item;
                if let Some(p) = &mut self.player {
                    p.running = false;
                    p.status = None;
                    p.last = Some(o);
                }
                return vec![Request::LoadDetail(item), Request::Refresh];
            }
            FromWorker::Done(m) => {
                self.say(m);
                if self.screen == Screen::Form || self.screen == Screen::Notify {
                    self.screen = Screen::Detail;
                    self.form = None;
                    self.notify = None;
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
                }
                if let Some(n) = &mut self.notify {
                    n.error = Some(m.clone());
                    n.pin.clear();
                }
                self.fail(m);
            }
            FromWorker::Intake(m) => {
                self.say(m);
                return vec![Request::Refresh];
            }
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

    fn move_sel(&mut self, d: isize) {
        if self.view.is_empty() {
            self.selected = 0;
            return;
        }
        let max = self.view.len() as isize - 1;
        self.selected = (self.selected as isize + d).clamp(0, max) as usize;
    }

    fn open_selected(&mut self) -> Vec<Request> {
        match self.selected_row() {
            Some(r) => {
                let id = r.id;
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
            self.help = false;
            return Vec::new();
        }
        if let Some(p) = self.prompt.as_mut() {
            match k.code {
                KeyCode::Esc => self.prompt = None,
                KeyCode::Enter => {
                    let p = self.prompt.take();
                    let item = self.detail.as_ref().map(|d| d.view.id);
                    if let (Some(p), Some(item)) = (p, item) {
                        let text = p.text.trim().to_string();
                        if text.is_empty() {
                            self.fail(super::i18n::t(self.lang, "nothing typed; nothing done"));
                            return Vec::new();
                        }
                        return vec![match p.kind {
                            PromptKind::Escalate(kind) => Request::Escalate(item, text, kind),
                            PromptKind::Assign => Request::Assign(item, text),
                        }];
                    }
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
            (_, Act::Help) => self.help = true,
            (Screen::Queue, Act::Up) => self.move_sel(-1),
            (Screen::Queue, Act::Down) => self.move_sel(1),
            (Screen::Queue, Act::PageUp) => self.move_sel(-10),
            (Screen::Queue, Act::PageDown) => self.move_sel(10),
            (Screen::Queue, Act::Top) => self.selected = 0,
            (Screen::Queue, Act::Bottom) => self.selected = self.view.len().saturating_sub(1),
            (Screen::Queue, Act::Open) => return self.open_selected(),
            (Screen::Queue, Act::Search) => {
                self.searching = true;
                self.search.clear();
            }
            (Screen::Queue, Act::Sort) => {
                self.sort = self.sort.next();
                self.rebuild_view();
            }
            (Screen::Queue, Act::Filter) => {
                self.filter = match self.filter {
                    None => Some(Stage::Received),
                    Some(Stage::Received) => Some(Stage::Described),
                    Some(Stage::Described) => Some(Stage::NotificationDecided),
                    Some(Stage::NotificationDecided) => Some(Stage::Used),
                    Some(Stage::Used) => Some(Stage::Deleted),
                    Some(Stage::Deleted) => None,
                };
                self.rebuild_view();
            }
            (Screen::Queue, Act::Escalations) => {
                if self.user.is_lead() {
                    self.escalation_view = !self.escalation_view;
                    self.rebuild_view();
                } else {
                    self.fail(super::i18n::t(
                        self.lang,
                        "the escalation view is for team leaders",
                    ));
                }
            }
            (Screen::Detail, Act::Back) => {
                self.screen = Screen::Queue;
            }
            (Screen::Detail, Act::Up) => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            (Screen::Detail, Act::Down) => self.detail_scroll += 1,
            (Screen::Detail, Act::Describe) => self.open_form(),
            (Screen::Detail, Act::Preview) => self.open_player(false),
            (Screen::Detail, Act::Play) => self.open_player(true),
            (Screen::Detail, Act::Notify) => self.open_notify(),
            (Screen::Detail, Act::Escalate) if self.detail.is_some() => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::Escalate(EscalationKind::Other),
                    text: String::new(),
                });
            }
            // Whoever asks, the store decides (and logs a refusal): the UI does not refuse.
            (Screen::Detail, Act::Assign) if self.detail.is_some() => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::Assign,
                    text: String::new(),
                });
            }
            (Screen::Player, act) => return self.player_act(act),
            _ => {}
        }
        Vec::new()
    }

    fn open_form(&mut self) {
        let Some(d) = &self.detail else { return };
        if d.view.stage == Stage::Deleted {
            self.fail(super::i18n::t(self.lang, "the recording has been deleted"));
            return;
        }
        let m = d.view.metadata.clone().unwrap_or_default();
        self.form = Some(Form {
            item: d.view.id,
            sender: m.sender.clone().unwrap_or_default(),
            subjects: m.subjects.clone(),
            purpose: m.purpose.clone().unwrap_or_default(),
            secretly: m.secretly,
            legal_basis: m.legal_basis.clone().unwrap_or_default(),
            processing: m.processing_purpose.clone().unwrap_or_default(),
            ..Default::default()
        });
        self.screen = Screen::Form;
    }

    fn open_player(&mut self, full: bool) {
        let Some(d) = &self.detail else { return };
        let id = d.view.id;
        let allowed = if full {
            d.view.gate.full_playback
        } else {
            d.view.stage != Stage::Deleted && d.view.preview_left_s > 0.0
        };
        if full && !allowed {
            // Stay on the item: its checklist already says what is missing.
            let missing: Vec<String> = d
                .view
                .gate
                .details
                .iter()
                .filter(|(a, _)| *a == crate::core::gate::Action::FullPlayback)
                .flat_map(|(_, m)| m.iter().map(|m| m.text(self.lang)))
                .collect();
            let head = super::i18n::t(self.lang, "Full playback is locked");
            self.fail(format!("{head}: {}", missing.join("; ")));
            return;
        }
        if !full && !allowed {
            self.fail(
                crate::core::gate::Missing::PreviewAllowanceUsed {
                    cap_s: d.view.preview_cap_s as u64,
                }
                .text(self.lang),
            );
            return;
        }
        let me = self.user.name.clone();
        let leads: Vec<String> = self.leads().iter().map(|u| u.name.clone()).collect();
        let supervisor = leads.iter().position(|l| *l == me).unwrap_or(0);
        // A small part first: the report's advice is to stop after a little and decide.
        let seconds = (d.view.preview_left_s.floor() as u64).clamp(1, DEFAULT_PREVIEW_S);
        self.player = Some(PlayerView {
            item: id,
            full,
            supervisor,
            seconds,
            ..Default::default()
        });
        self.screen = Screen::Player;
    }

    fn supervisor_name(&self) -> Option<String> {
        let p = self.player.as_ref()?;
        self.leads().get(p.supervisor).map(|u| u.name.clone())
    }

    fn start_player(&mut self) -> Vec<Request> {
        let sup = self.supervisor_name();
        let me = self.user.name.clone();
        let Some(p) = &mut self.player else {
            return Vec::new();
        };
        if p.running {
            return Vec::new();
        }
        if p.full {
            p.running = true;
            p.last = None;
            return vec![Request::Play {
                item: p.item,
                from_ms: p.offset_ms,
            }];
        }
        let Some(sup) = sup else {
            self.fail(super::i18n::t(
                self.lang,
                "there is no team leader on the team to supervise a preview",
            ));
            return Vec::new();
        };
        if sup != me && p.pin.is_empty() {
            p.asking_pin = true;
            return Vec::new();
        }
        p.asking_pin = false;
        p.running = true;
        p.last = None;
        let pin = if sup == me {
            None
        } else {
            Some(std::mem::take(&mut p.pin))
        };
        vec![Request::Preview {
            item: p.item,
            from_ms: p.offset_ms,
            seconds: p.seconds,
            supervisor: sup,
            pin,
        }]
    }

    fn player_act(&mut self, act: Act) -> Vec<Request> {
        let dur = self
            .detail
            .as_ref()
            .map(|d| (d.view.duration_s * 1000.0) as u64)
            .unwrap_or(0);
        let left_s = self
            .detail
            .as_ref()
            .map(|d| d.view.preview_left_s.floor() as u64)
            .unwrap_or(0);
        let nleads = self.leads().len().max(1);
        let Some(p) = &mut self.player else {
            return Vec::new();
        };
        match act {
            Act::Back | Act::Stop if p.running => return vec![Request::Stop],
            Act::Back => {
                self.player = None;
                self.screen = Screen::Detail;
            }
            Act::Start => return self.start_player(),
            Act::Pause if p.running => {
                let paused = p.status.map(|s| s.paused).unwrap_or(false);
                return vec![if paused {
                    Request::Resume
                } else {
                    Request::Pause
                }];
            }
            Act::Left | Act::Right => {
                let pos = if p.running {
                    p.status.map(|s| s.pos_ms).unwrap_or(p.offset_ms)
                } else {
                    p.offset_ms
                };
                let to = if act == Act::Left {
                    pos.saturating_sub(STEP_MS)
                } else {
                    (pos + STEP_MS).min(dur.saturating_sub(1))
                };
                if p.running {
                    if p.full {
                        return vec![Request::Seek(to)];
                    }
                    self.fail(super::i18n::t(
                        self.lang,
                        "a preview cannot be moved while it plays",
                    ));
                } else {
                    p.offset_ms = to;
                }
            }
            Act::Longer if !p.running && !p.full => p.seconds = (p.seconds + 1).min(left_s.max(1)),
            Act::Shorter if !p.running && !p.full => p.seconds = p.seconds.saturating_sub(1).max(1),
            Act::Escalate if !p.running && !p.full => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::Escalate(EscalationKind::Preview),
                    text: String::new(),
                });
            }
            Act::Supervisor if !p.running && !p.full => {
                p.supervisor = (p.supervisor + 1) % nleads;
                p.pin.clear();
            }
            _ => {}
        }
        Vec::new()
    }

    fn open_notify(&mut self) {
        let Some(d) = &self.detail else { return };
        let Some(m) = &d.view.metadata else {
            self.fail(super::i18n::t(
                self.lang,
                "describe the recording first: who sent it, who is on it, and why",
            ));
            return;
        };
        let parents: Vec<(String, Option<String>)> = m
            .parents_to_notify()
            .into_iter()
            .map(|p| {
                let n = normalise_name(&p.name);
                let decided = d
                    .view
                    .notifications
                    .iter()
                    .rfind(|x| normalise_name(&x.subject) == n)
                    .map(|x| match &x.decision {
                        crate::core::model::NotificationDecision::Notified { on, .. } => {
                            format!("notified {on}")
                        }
                        crate::core::model::NotificationDecision::Exception {
                            approved_by, ..
                        } => format!("exception ({approved_by})"),
                    });
                (p.name.clone(), decided)
            })
            .collect();
        if parents.is_empty() {
            self.fail(
                "no parent other than the sender is on this recording: there is nobody to notify",
            );
            return;
        }
        let sel = parents.iter().position(|(_, d)| d.is_none()).unwrap_or(0);
        let me = self.user.name.clone();
        let lead = self.leads().iter().position(|u| u.name == me).unwrap_or(0);
        self.notify = Some(NotifyForm {
            item: d.view.id,
            parents,
            sel,
            channel: "letter".into(),
            date: self.now.date_naive().to_string(),
            lead,
            ..Default::default()
        });
        self.screen = Screen::Notify;
    }

    fn form_key(&mut self, k: KeyEvent, key: Key) -> Vec<Request> {
        let act = self.keys.lookup(Ctx::Form, key);
        if act == Some(Act::Back) {
            self.form = None;
            self.screen = Screen::Detail;
            return Vec::new();
        }
        let Some(f) = &mut self.form else {
            return Vec::new();
        };
        // Typing into a text field comes first.
        if let KeyCode::Char(c) = k.code
            && !key.ctrl
            && act.is_none()
            && let Some(t) = f.text_mut()
        {
            t.push(c);
            f.validate();
            return Vec::new();
        }
        if k.code == KeyCode::Backspace {
            if let Some(t) = f.text_mut() {
                t.pop();
            } else if f.focus == 2 {
                f.subjects.pop();
            }
            f.validate();
            return Vec::new();
        }
        match act {
            Some(Act::NextField) => f.focus = (f.focus + 1) % FORM_FIELDS,
            Some(Act::PrevField) => f.focus = (f.focus + FORM_FIELDS - 1) % FORM_FIELDS,
            Some(Act::Left) | Some(Act::Right) => {
                let fwd = act == Some(Act::Right);
                match f.focus {
                    1 => {
                        f.new_role = (f.new_role + if fwd { 1 } else { SUBJECT_ROLES.len() - 1 })
                            % SUBJECT_ROLES.len()
                    }
                    4 => {
                        f.secretly = match (f.secretly, fwd) {
                            (Secretly::Unknown, true) | (Secretly::No, false) => Secretly::Yes,
                            (Secretly::Yes, true) | (Secretly::Unknown, false) => Secretly::No,
                            _ => Secretly::Unknown,
                        }
                    }
                    5 => {
                        let i = LEGAL_BASES.iter().position(|l| *l == f.legal_basis);
                        let n = LEGAL_BASES.len();
                        let j = match (i, fwd) {
                            (None, true) => 0,
                            (None, false) => n - 1,
                            (Some(i), true) => (i + 1) % n,
                            (Some(i), false) => (i + n - 1) % n,
                        };
                        f.legal_basis = LEGAL_BASES[j].to_string();
                    }
                    _ => {}
                }
            }
            Some(Act::Remove) if f.focus == 2 => {
                f.subjects.pop();
            }
            Some(Act::Open) if f.focus == 1 => f.add_subject(),
            Some(Act::Open) if f.focus < FORM_FIELDS - 1 => f.focus += 1,
            Some(Act::Open) | Some(Act::Save) => {
                if f.focus == 1 {
                    f.add_subject();
                }
                if f.validate() {
                    return vec![Request::Describe(f.item, f.metadata())];
                }
            }
            _ => {}
        }
        f.validate();
        Vec::new()
    }

    fn notify_key(&mut self, k: KeyEvent, key: Key) -> Vec<Request> {
        let act = self.keys.lookup(Ctx::Form, key);
        if act == Some(Act::Escalate) {
            // With an exception chosen, the request is for a lead's approval of it.
            let exception = self.notify.as_ref().is_some_and(|n| n.exception);
            self.prompt = Some(Prompt {
                kind: PromptKind::Escalate(if exception {
                    EscalationKind::Exception
                } else {
                    EscalationKind::Other
                }),
                text: String::new(),
            });
            return Vec::new();
        }
        if act == Some(Act::Back) {
            self.notify = None;
            self.screen = Screen::Detail;
            return Vec::new();
        }
        let leads: Vec<String> = self.leads().iter().map(|u| u.name.clone()).collect();
        let me = self.user.name.clone();
        let lang = self.lang;
        let today = self.now.date_naive();
        let Some(n) = &mut self.notify else {
            return Vec::new();
        };
        // Fields: 0 parent, 1 kind, then notified: 2 channel, 3 date, 4 save;
        // exception: 2 reason, 3 lead, 4 PIN, 5 save.
        let fields = if n.exception { 6 } else { 5 };
        let text: Option<&mut String> = match (n.exception, n.focus) {
            (false, 2) => Some(&mut n.channel),
            (false, 3) => Some(&mut n.date),
            (true, 2) => Some(&mut n.reason),
            (true, 4) => Some(&mut n.pin),
            _ => None,
        };
        if let KeyCode::Char(c) = k.code
            && !key.ctrl
            && act.is_none()
            && let Some(t) = text
        {
            t.push(c);
            return Vec::new();
        }
        if k.code == KeyCode::Backspace {
            if let Some(t) = text {
                t.pop();
            }
            return Vec::new();
        }
        match act {
            Some(Act::NextField) => n.focus = (n.focus + 1) % fields,
            Some(Act::PrevField) => n.focus = (n.focus + fields - 1) % fields,
            Some(Act::Exception) => {
                n.exception = !n.exception;
                n.focus = n.focus.min(1);
            }
            Some(Act::Left) | Some(Act::Right) => {
                let fwd = act == Some(Act::Right);
                match n.focus {
                    0 if !n.parents.is_empty() => {
                        let len = n.parents.len();
                        n.sel = (n.sel + if fwd { 1 } else { len - 1 }) % len;
                    }
                    1 => {
                        n.exception = !n.exception;
                    }
                    3 if n.exception && !leads.is_empty() => {
                        n.lead = (n.lead + if fwd { 1 } else { leads.len() - 1 }) % leads.len();
                        n.pin.clear();
                    }
                    _ => {}
                }
            }
            Some(Act::Open) if n.focus + 1 < fields => n.focus += 1,
            Some(Act::Open) | Some(Act::Save) => {
                let Some((subject, _)) = n.parents.get(n.sel).cloned() else {
                    return Vec::new();
                };
                let decision = if n.exception {
                    let Some(lead) = leads.get(n.lead).cloned() else {
                        n.error = Some(
                            super::i18n::t(lang, "there is no team leader to approve an exception")
                                .into(),
                        );
                        return Vec::new();
                    };
                    if n.reason.trim().is_empty() {
                        n.error = Some(
                            super::i18n::t(lang, "the reason for the exception is empty").into(),
                        );
                        return Vec::new();
                    }
                    let pin = if lead == me {
                        None
                    } else {
                        Some(n.pin.clone())
                    };
                    if pin.as_deref() == Some("") {
                        n.error = Some(format!("{lead}'s PIN is needed"));
                        n.focus = 4;
                        return Vec::new();
                    }
                    NotifyDecisionReq::Exception {
                        reason: n.reason.trim().to_string(),
                        approved_by: lead,
                        pin,
                    }
                } else {
                    let on = match crate::core::time::parse_past_date(&n.date, self.now) {
                        Ok(d) => d,
                        Err(e) => {
                            n.error = Some(e);
                            return Vec::new();
                        }
                    };
                    if n.channel.trim().is_empty() {
                        n.error =
                            Some(super::i18n::t(lang, "how they were notified is empty").into());
                        return Vec::new();
                    }
                    let _ = today;
                    NotifyDecisionReq::Notified {
                        channel: n.channel.trim().to_string(),
                        on,
                    }
                };
                n.error = None;
                return vec![Request::Notify(n.item, subject, decision)];
            }
            _ => {}
        }
        Vec::new()
    }
}
