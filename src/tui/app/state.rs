//! What the TUI shows: the app's state, the screens and the views on it, with the queries and
//! small changes every handler shares.

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

use super::access_form::{AccessForm, WAVEFORM_FIELD};
use super::forms::{Form, NotifyForm};
use super::messages::Detail;
use super::use_form::{ErasureForm, UseForm};
use crate::core::lang::Lang;
use crate::core::model::{ItemId, Role, Stage, User};
use crate::session::{Outcome, Status};
use crate::store::due::DueFlags;
use crate::store::triage::{EscalationKind, EscalationView};
use crate::store::{ApprovalView, QueueRow};
use crate::tui::i18n::Ui;
use crate::tui::keymap::{Ctx, KeyMap};

/// The preview length offered first (seconds).
pub const DEFAULT_PREVIEW_S: u64 = 5;

/// Step for moving the start point or seeking.
pub const STEP_MS: u64 = 1_000;
/// A long step, with PageUp/PageDown.
pub const LONG_STEP_MS: u64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Queue,
    Detail,
    Form,
    Player,
    Notify,
    /// A lead's inbox of approval requests (anyone else: their own requests that wait).
    Approvals,
    /// A further use of the item: a summary for a recipient.
    Use,
    /// A lead's decision on an erasure request.
    Erasure,
    /// A subject's copy of the recording, with parts made silent (`access grant`).
    Access,
}

/// What the queue shows: every item, one stage, or what needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Stage(Stage),
    /// Untouched too long, or a notification decision past its month.
    Overdue,
    /// A complaint about the item is open.
    Complaint,
    /// A request to the leads is open.
    Escalated,
    /// A lead assigned it to the user.
    AssignedToMe,
}

impl Filter {
    /// The next filter `f` gives (none: every item), round and round.
    pub fn next(f: Option<Filter>) -> Option<Filter> {
        match f {
            None => Some(Filter::Stage(Stage::Received)),
            Some(Filter::Stage(Stage::Received)) => Some(Filter::Stage(Stage::Described)),
            Some(Filter::Stage(Stage::Described)) => {
                Some(Filter::Stage(Stage::NotificationDecided))
            }
            Some(Filter::Stage(Stage::NotificationDecided)) => Some(Filter::Stage(Stage::Used)),
            Some(Filter::Stage(Stage::Used)) => Some(Filter::Stage(Stage::Deleted)),
            Some(Filter::Stage(Stage::Deleted)) => Some(Filter::Overdue),
            Some(Filter::Overdue) => Some(Filter::Complaint),
            Some(Filter::Complaint) => Some(Filter::Escalated),
            Some(Filter::Escalated) => Some(Filter::AssignedToMe),
            Some(Filter::AssignedToMe) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    Oldest,
    Case,
    Stage,
}

impl Sort {
    pub(super) fn next(self) -> Sort {
        match self {
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Case,
            Sort::Case => Sort::Stage,
            Sort::Stage => Sort::Newest,
        }
    }
    /// The order's name on the screen.
    pub fn word(self) -> Ui {
        match self {
            Sort::Newest => Ui::SortNewest,
            Sort::Oldest => Ui::SortOldest,
            Sort::Case => Ui::SortCase,
            Sort::Stage => Ui::SortStage,
        }
    }
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
    /// A request for the supervisor's approval from their own session, while it waits.
    pub waiting: Option<Waiting>,
    /// How the last request ended when it did not start the preview (declined, with the
    /// lead's reason, or expired).
    pub answer: Option<String>,
    /// Where playback was last sent to, until the player reports it there: steps taken before
    /// it does add up from here, and a paused player shows it.
    pub seek_to: Option<u64>,
    /// The player's position when the first of those moves was sent: a report of it is from
    /// before the move.
    pub seek_from: Option<u64>,
}

impl PlayerView {
    /// The position to show and to step from: a move on its way, else the player's, else
    /// where it will start.
    pub fn shown_pos(&self) -> u64 {
        self.seek_to
            .or(self.status.map(|s| s.pos_ms))
            .unwrap_or(self.offset_ms)
    }
}

/// A request for a lead's approval of a preview, filed and not yet answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub lead: String,
    /// The request's number, once the store has filed it.
    pub request: Option<i64>,
    /// When it runs out.
    pub until: Option<DateTime<Utc>>,
}

/// What is being chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerKind {
    /// A team member, for the item on screen.
    Assignee,
    /// What a request to the team leaders asks for.
    EscalationKind,
}

/// A list in a box; Enter takes the line under the cursor, Esc leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    /// The value of each line, and the line as shown.
    pub options: Vec<(String, String)>,
    pub sel: usize,
}

/// A one-line text prompt (escalation reason, assignee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Escalate to the leads, asking for a kind of thing.
    Escalate(EscalationKind),
    /// A lead declines approval request N: the reason the requester is shown.
    Decline(i64),
    /// A lead dismisses escalation N: the reason the member who asked is shown.
    Dismiss(i64),
    /// Go to the item with this number.
    GoTo,
    /// Move playback (or the start) to a typed time: `1:05`, `65`, `1:02:03`.
    SeekTo,
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
    /// The command that opens a second session on the demo store (another member), so that
    /// approvals from a lead's own session can be tried.
    pub second_session: Option<String>,
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
    /// Complaints, access requests, copies outstanding and retention, per item (set with
    /// [`App::set_due`], which indexes them).
    pub due: Vec<DueFlags>,
    /// Where each item's entry is in `due`: the queue asks for every row, and a store of
    /// 100,000 items owes a notification decision for each of them.
    due_index: std::collections::HashMap<ItemId, usize>,
    pub team: Vec<(User, bool)>,
    /// The items the user has seen: those in the first queue, and those opened since. Any
    /// other is new, and marked so.
    pub seen: Option<std::collections::HashSet<ItemId>>,
    /// The largest item number in `rows` (the queue's number column is as wide), kept with the
    /// view rather than found again for every frame.
    pub max_id: ItemId,
    /// Indices into `rows` after filter, search and sort.
    pub view: Vec<usize>,
    pub selected: usize,
    pub sort: Sort,
    pub filter: Option<Filter>,
    pub search: String,
    pub searching: bool,
    pub escalation_view: bool,
    pub detail: Option<Detail>,
    pub detail_scroll: usize,
    /// The timeline has the keys (Tab), not the item's facts.
    pub timeline_focus: bool,
    /// How many of the timeline's lines (newest first) are scrolled past.
    pub timeline_scroll: usize,
    pub form: Option<Form>,
    /// The form as it was opened, to tell whether Esc would lose anything.
    pub form_start: Option<Form>,
    /// Esc was pressed once on a changed form: a second one discards it.
    pub discard_asked: bool,
    pub notify: Option<NotifyForm>,
    /// The notification form as it was opened (see `form_start`).
    pub notify_start: Option<NotifyForm>,
    pub use_form: Option<UseForm>,
    /// The further-use form as it was opened (see `form_start`).
    pub use_start: Option<UseForm>,
    pub erasure_form: Option<ErasureForm>,
    /// The erasure form as it was opened (see `form_start`).
    pub erasure_start: Option<ErasureForm>,
    pub access_form: Option<AccessForm>,
    /// The access copy form as it was opened (see `form_start`).
    pub access_start: Option<AccessForm>,
    pub player: Option<PlayerView>,
    pub prompt: Option<Prompt>,
    /// A list to choose from, in a box (an assignee, a kind of request).
    pub picker: Option<Picker>,
    pub help: bool,
    /// The help's page: 0 the keys, 1 what the words mean.
    pub help_page: u8,
    pub status: Option<(String, bool)>,
    /// When the status line was set (it clears itself after a while).
    pub status_at: Option<DateTime<Utc>>,
    pub quit: bool,
    pub hit: HitAreas,
    pub size: (u16, u16),
    /// When the open item was last asked for (it is reloaded every two seconds, so other
    /// users' changes show).
    pub detail_asked: Option<DateTime<Utc>>,
    /// What waits for the user's approval (a lead), or their own requests that wait.
    pub approvals: Vec<ApprovalView>,
    pub approvals_sel: usize,
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
            due_index: Default::default(),
            team: Vec::new(),
            seen: None,
            max_id: 0,
            view: Vec::new(),
            selected: 0,
            sort: Sort::Newest,
            filter: None,
            search: String::new(),
            searching: false,
            escalation_view: false,
            detail: None,
            detail_scroll: 0,
            timeline_focus: false,
            timeline_scroll: 0,
            form: None,
            form_start: None,
            discard_asked: false,
            notify: None,
            notify_start: None,
            use_form: None,
            use_start: None,
            erasure_form: None,
            erasure_start: None,
            access_form: None,
            access_start: None,
            player: None,
            prompt: None,
            picker: None,
            help: false,
            help_page: 0,
            status: None,
            status_at: None,
            quit: false,
            hit: HitAreas::default(),
            size: (80, 24),
            detail_asked: None,
            approvals: Vec::new(),
            approvals_sel: 0,
        }
    }

    pub fn ctx(&self) -> Ctx {
        match self.screen {
            Screen::Queue => Ctx::Queue,
            Screen::Detail => Ctx::Detail,
            Screen::Player => Ctx::Player,
            // On the waveform, the keys that mark ranges.
            Screen::Access
                if self
                    .access_form
                    .as_ref()
                    .is_some_and(|f| f.focus == WAVEFORM_FIELD && f.done.is_none()) =>
            {
                Ctx::Mute
            }
            Screen::Form | Screen::Notify | Screen::Use | Screen::Erasure | Screen::Access => {
                Ctx::Form
            }
            Screen::Approvals => Ctx::Approvals,
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

    /// Whether the item came in since the UI showed the queue first, and is not yet opened.
    pub fn is_new(&self, id: ItemId) -> bool {
        self.seen.as_ref().is_some_and(|s| !s.contains(&id))
    }

    pub fn due_for(&self, id: ItemId) -> Option<&DueFlags> {
        self.due_index.get(&id).and_then(|&i| self.due.get(i))
    }

    /// Some items changed: their rows replace the ones shown (a new item joins the queue),
    /// their due flags replace theirs, and the escalations are the ones sent. The selection
    /// stays on the item it was on.
    pub fn apply_changes(
        &mut self,
        items: &[ItemId],
        rows: Vec<QueueRow>,
        escalations: Vec<EscalationView>,
        due: Vec<DueFlags>,
    ) {
        let at: std::collections::HashMap<ItemId, usize> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect();
        for r in rows {
            match at.get(&r.id) {
                Some(&i) => self.rows[i] = r,
                None => self.rows.push(r),
            }
        }
        let changed: std::collections::HashSet<ItemId> = items.iter().copied().collect();
        let mut all: Vec<DueFlags> = std::mem::take(&mut self.due)
            .into_iter()
            .filter(|d| !changed.contains(&d.item))
            .collect();
        all.extend(due);
        self.set_due(all);
        self.escalations = escalations;
        self.rebuild_view();
    }

    /// The items' due flags, as the worker sent them.
    pub fn set_due(&mut self, due: Vec<DueFlags>) {
        self.due_index = due.iter().enumerate().map(|(i, d)| (d.item, i)).collect();
        self.due = due;
    }

    pub fn leads(&self) -> Vec<&User> {
        self.team
            .iter()
            .map(|(u, _)| u)
            .filter(|u| u.is_lead())
            .collect()
    }

    /// Who may supervise the user's preview or approve their exception: the team leaders
    /// other than the user (four eyes: a lead never oversees their own action).
    pub fn overseers(&self) -> Vec<&User> {
        self.leads()
            .into_iter()
            .filter(|u| u.name != self.user.name)
            .collect()
    }

    /// Why no one can oversee the user's action, in the gate's words; `None` when someone can.
    pub fn nobody_to_oversee(&self) -> Option<String> {
        if !self.overseers().is_empty() {
            return None;
        }
        Some(if self.user.is_lead() {
            crate::core::gate::Missing::FourEyes {
                name: self.user.name.clone(),
                only_lead: true,
            }
            .text(self.lang)
        } else {
            Ui::NoLeadToSupervise.text(self.lang).to_string()
        })
    }

    /// The requests shown in the inbox: those still in time.
    pub fn open_approvals(&self) -> Vec<&ApprovalView> {
        self.approvals
            .iter()
            .filter(|a| {
                DateTime::parse_from_rfc3339(&a.requested_at).is_ok_and(|t| {
                    t.to_utc() + chrono::Duration::seconds(a.wait_s as i64) >= self.now
                })
            })
            .collect()
    }

    /// Rebuilds the visible rows from filter, search, escalation view and sort.
    pub fn rebuild_view(&mut self) {
        let keep_id = self.selected_row().map(|r| r.id);
        self.rebuild_view_keeping(keep_id);
    }

    /// [`App::rebuild_view`], the selection put back on item `keep_id` when it is still shown.
    /// Whether row `r` passes the filter.
    fn passes(&self, r: &QueueRow) -> bool {
        match self.filter {
            None => true,
            Some(Filter::Stage(s)) => r.stage == s,
            Some(Filter::Overdue) => {
                r.overdue || self.due_for(r.id).is_some_and(|d| d.notification_overdue)
            }
            Some(Filter::Complaint) => self.due_for(r.id).is_some_and(|d| d.open_complaints > 0),
            Some(Filter::Escalated) => self.escalated(r.id),
            Some(Filter::AssignedToMe) => r.assigned_to.as_deref() == Some(&self.user.name),
        }
    }

    pub(super) fn rebuild_view_keeping(&mut self, keep_id: Option<ItemId>) {
        self.max_id = self.rows.iter().map(|r| r.id).max().unwrap_or(0);
        let needle = self.search.to_lowercase();
        let mut v: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                if !self.passes(r) {
                    return false;
                }
                // In the escalation view too: what a lead must act on, late requests and
                // erasures granted but not carried out.
                let late_complaint = self.due_for(r.id).is_some_and(|d| {
                    d.overdue_complaints > 0
                        || d.overdue_access_requests > 0
                        || d.open_erasure_requests > 0
                        || d.erasure_granted_undeleted > 0
                });
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
                    // Who it came from as known at import, before anyone confirmed it.
                    || r.from
                        .as_deref()
                        .is_some_and(|s| s.to_lowercase().contains(&needle))
                    || r.subjects.iter().any(|s| s.to_lowercase().contains(&needle))
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

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), false));
        self.status_at = Some(self.now);
    }

    pub(super) fn fail(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), true));
        self.status_at = Some(self.now);
    }

    /// Messages stay 6 seconds, errors 12.
    /// Whether the screen changes with time alone just now (a status line that will expire,
    /// sound playing, a request that waits with its time left): the UI then redraws on every
    /// tick; otherwise only when something happens, and now and then for the clocks.
    pub fn ticking(&self) -> bool {
        self.status.is_some()
            || self
                .player
                .as_ref()
                .is_some_and(|p| p.running || p.waiting.is_some())
    }

    pub(super) fn expire_status(&mut self) {
        if let (Some((_, err)), Some(at)) = (&self.status, self.status_at) {
            let keep = if *err { 12 } else { 6 };
            if (self.now - at).num_seconds() >= keep {
                self.status = None;
                self.status_at = None;
            }
        }
    }
}
