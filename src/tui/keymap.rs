//! Keys are data: one table of bindings, each with a name (for the config file), the screens it
//! works on and a description. The help overlay and the hint bar are generated from it, and a
//! user's `keys.toml` is checked for conflicts when it loads.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::i18n::Ui;

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Act {
    Quit,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Search,
    GoTo,
    Sort,
    Filter,
    Escalations,
    Describe,
    Preview,
    Play,
    Notify,
    Escalate,
    Assign,
    Left,
    Right,
    Start,
    Pause,
    Stop,
    Supervisor,
    Longer,
    Shorter,
    NextField,
    PrevField,
    Save,
    Remove,
    Exception,
    /// A lead's inbox of approval requests.
    Approvals,
    Approve,
    Decline,
    /// On the item: move the keys between its facts and its timeline.
    NextPane,
    /// A long step back or forward in the recording.
    BackLong,
    ForwardLong,
    /// Mark an escalation as handled.
    Resolve,
    /// Dismiss an escalation, saying why.
    Dismiss,
    /// Ask the supervisor for their approval from their own session instead of a PIN.
    AskApproval,
    /// On the item: record a further use (a summary for a recipient).
    FurtherUse,
    /// On the item: decide an open erasure request.
    DecideErasure,
    /// On the item: grant a subject's access request and write their copy.
    AccessCopy,
    /// On the waveform: mark where a part to make silent starts, then where it ends.
    Mark,
    /// On the waveform: remove the part under the cursor (or the last one).
    Unmark,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// Everywhere except where text is typed.
    Global,
    /// Lists: the queue and the item screen.
    Nav,
    Queue,
    Detail,
    Player,
    /// A lead's approval requests.
    Approvals,
    /// Forms (the metadata form, the notification decision): typed characters go to the field.
    Form,
    /// The waveform on the access copy form: the cursor and the parts to make silent (the
    /// form's keys work there too).
    Mute,
}

/// A key as written in the table and in `keys.toml`: `q`, `?`, `Enter`, `ctrl-s`, `F2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(s: &str) -> Result<Key, String> {
        let (ctrl, rest) = match s.strip_prefix("ctrl-").or_else(|| s.strip_prefix("Ctrl-")) {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Space" => KeyCode::Char(' '),
            "Tab" => KeyCode::Tab,
            "BackTab" | "shift-Tab" => KeyCode::BackTab,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Delete" => KeyCode::Delete,
            "Backspace" => KeyCode::Backspace,
            f if f.len() >= 2 && f.starts_with('F') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().unwrap_or(' ')),
            other => return Err(format!("'{other}' is not a key earshot knows")),
        };
        Ok(Key { code, ctrl })
    }

    pub fn from_event(e: &KeyEvent) -> Key {
        Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".into(),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

struct Default_ {
    act: Act,
    ctx: Ctx,
    name: &'static str,
    keys: &'static [&'static str],
    help: Ui,
    hint: bool,
}

const fn b(
    act: Act,
    ctx: Ctx,
    name: &'static str,
    keys: &'static [&'static str],
    help: Ui,
    hint: bool,
) -> Default_ {
    Default_ {
        act,
        ctx,
        name,
        keys,
        help,
        hint,
    }
}

const DEFAULTS: &[Default_] = &[
    b(Act::Quit, Ctx::Global, "quit", &["q"], Ui::KeyQuit, true),
    b(Act::Help, Ctx::Global, "help", &["?"], Ui::KeyHelp, true),
    b(Act::Up, Ctx::Nav, "up", &["Up", "k"], Ui::KeyUp, false),
    b(
        Act::Down,
        Ctx::Nav,
        "down",
        &["Down", "j"],
        Ui::KeyDown,
        false,
    ),
    b(
        Act::PageUp,
        Ctx::Nav,
        "page_up",
        &["PageUp"],
        Ui::KeyPageUp,
        false,
    ),
    b(
        Act::PageDown,
        Ctx::Nav,
        "page_down",
        &["PageDown"],
        Ui::KeyPageDown,
        false,
    ),
    b(
        Act::Top,
        Ctx::Nav,
        "top",
        &["Home", "g"],
        Ui::KeyFirst,
        false,
    ),
    b(
        Act::Bottom,
        Ctx::Nav,
        "bottom",
        &["End", "G"],
        Ui::KeyLast,
        false,
    ),
    b(
        Act::Open,
        Ctx::Queue,
        "open",
        &["Enter", "l"],
        Ui::KeyOpenItem,
        true,
    ),
    b(
        Act::Approvals,
        Ctx::Queue,
        "approvals",
        &["a"],
        Ui::KeyApprovals,
        true,
    ),
    b(
        Act::Search,
        Ctx::Queue,
        "search",
        &["/"],
        Ui::KeySearch,
        true,
    ),
    b(Act::GoTo, Ctx::Queue, "go_to", &[":"], Ui::KeyGoTo, false),
    b(Act::Sort, Ctx::Queue, "sort", &["s"], Ui::KeySort, true),
    b(
        Act::Filter,
        Ctx::Queue,
        "filter",
        &["f"],
        Ui::KeyFilterByStage,
        true,
    ),
    b(
        Act::Escalations,
        Ctx::Queue,
        "escalations",
        &["e"],
        Ui::KeyEscalationView,
        true,
    ),
    b(
        Act::Back,
        Ctx::Approvals,
        "approvals_back",
        &["Esc", "h"],
        Ui::KeyBack,
        true,
    ),
    b(
        Act::Approve,
        Ctx::Approvals,
        "approve",
        &["y"],
        Ui::KeyApprove,
        true,
    ),
    b(
        Act::Decline,
        Ctx::Approvals,
        "decline",
        &["n"],
        Ui::KeyDecline,
        true,
    ),
    b(
        Act::Resolve,
        Ctx::Approvals,
        "resolve",
        &["r"],
        Ui::KeyResolve,
        true,
    ),
    b(
        Act::Dismiss,
        Ctx::Approvals,
        "dismiss",
        &["d"],
        Ui::KeyDismiss,
        true,
    ),
    b(
        Act::Open,
        Ctx::Approvals,
        "inbox_open",
        &["Enter", "l"],
        Ui::KeyOpenItem,
        true,
    ),
    b(
        Act::Back,
        Ctx::Detail,
        "back",
        &["Esc", "h"],
        Ui::KeyBack,
        true,
    ),
    b(
        Act::NextPane,
        Ctx::Detail,
        "next_pane",
        &["Tab", "BackTab"],
        Ui::KeyNextPane,
        true,
    ),
    b(
        Act::Describe,
        Ctx::Detail,
        "describe",
        &["m"],
        Ui::KeyRecordMetadata,
        true,
    ),
    b(
        Act::Preview,
        Ctx::Detail,
        "preview",
        &["p"],
        Ui::KeyPreview,
        true,
    ),
    b(
        Act::Play,
        Ctx::Detail,
        "play",
        &["Enter"],
        Ui::KeyFullPlayback,
        true,
    ),
    b(
        Act::Notify,
        Ctx::Detail,
        "notify",
        &["n"],
        Ui::KeyNotificationDecision,
        true,
    ),
    b(
        Act::Escalate,
        Ctx::Detail,
        "escalate",
        &["x"],
        Ui::KeyEscalate,
        true,
    ),
    b(
        Act::Assign,
        Ctx::Detail,
        "assign",
        &["a"],
        Ui::KeyAssign,
        false,
    ),
    b(
        Act::FurtherUse,
        Ctx::Detail,
        "further_use",
        &["u"],
        Ui::KeyFurtherUse,
        true,
    ),
    b(
        Act::DecideErasure,
        Ctx::Detail,
        "decide_erasure",
        &["w"],
        Ui::KeyDecideErasure,
        true,
    ),
    b(
        Act::AccessCopy,
        Ctx::Detail,
        "access_copy",
        &["c"],
        Ui::KeyAccessCopy,
        true,
    ),
    b(
        Act::Back,
        Ctx::Player,
        "player_back",
        &["Esc"],
        Ui::KeyBack,
        true,
    ),
    b(
        Act::Start,
        Ctx::Player,
        "start",
        &["Enter"],
        Ui::KeyPlay,
        true,
    ),
    b(
        Act::Pause,
        Ctx::Player,
        "pause",
        &["Space"],
        Ui::KeyPauseResume,
        true,
    ),
    b(Act::Stop, Ctx::Player, "stop", &["s"], Ui::KeyStop, true),
    b(
        Act::Left,
        Ctx::Player,
        "earlier",
        &["Left", "h"],
        Ui::KeyEarlier,
        true,
    ),
    b(
        Act::Right,
        Ctx::Player,
        "later",
        &["Right", "l"],
        Ui::KeyLater,
        true,
    ),
    b(
        Act::Escalate,
        Ctx::Player,
        "ask_lead",
        &["r"],
        Ui::KeyAskLead,
        true,
    ),
    b(
        Act::AskApproval,
        Ctx::Player,
        "ask_approval",
        &["a"],
        Ui::KeyAskApproval,
        true,
    ),
    b(
        Act::Supervisor,
        Ctx::Player,
        "supervisor",
        &["Tab"],
        Ui::KeyNextSupervisor,
        true,
    ),
    b(
        Act::BackLong,
        Ctx::Player,
        "earlier_10s",
        &["PageUp", "H"],
        Ui::KeyEarlierLong,
        false,
    ),
    b(
        Act::ForwardLong,
        Ctx::Player,
        "later_10s",
        &["PageDown", "L"],
        Ui::KeyLaterLong,
        false,
    ),
    b(
        Act::GoTo,
        Ctx::Player,
        "seek_to",
        &[":"],
        Ui::KeySeekTo,
        false,
    ),
    b(
        Act::Longer,
        Ctx::Player,
        "longer",
        &["+", "="],
        Ui::KeyLongerPreview,
        false,
    ),
    b(
        Act::Shorter,
        Ctx::Player,
        "shorter",
        &["-"],
        Ui::KeyShorterPreview,
        false,
    ),
    b(
        Act::Back,
        Ctx::Form,
        "form_back",
        &["Esc"],
        Ui::KeyCancel,
        true,
    ),
    b(
        Act::NextField,
        Ctx::Form,
        "next_field",
        &["Tab", "Down"],
        Ui::KeyNextField,
        true,
    ),
    b(
        Act::PrevField,
        Ctx::Form,
        "prev_field",
        &["BackTab", "Up"],
        Ui::KeyPreviousField,
        false,
    ),
    b(
        Act::Left,
        Ctx::Form,
        "choice_left",
        &["Left"],
        Ui::KeyPreviousChoice,
        false,
    ),
    b(
        Act::Right,
        Ctx::Form,
        "choice_right",
        &["Right"],
        Ui::KeyNextChoice,
        false,
    ),
    b(
        Act::Open,
        Ctx::Form,
        "confirm",
        &["Enter"],
        Ui::KeyAddConfirm,
        true,
    ),
    b(
        Act::Save,
        Ctx::Form,
        "save",
        &["ctrl-s", "F2"],
        Ui::KeySave,
        true,
    ),
    b(
        Act::Remove,
        Ctx::Form,
        "remove",
        &["Delete"],
        Ui::KeyRemoveSubject,
        false,
    ),
    b(
        Act::Exception,
        Ctx::Form,
        "toggle_kind",
        &["F3"],
        Ui::KeyNotifiedException,
        true,
    ),
    b(
        Act::Escalate,
        Ctx::Form,
        "form_escalate",
        &["F4"],
        Ui::KeyEscalateToLeads,
        false,
    ),
    b(Act::Help, Ctx::Mute, "mute_help", &["?"], Ui::KeyHelp, true),
    b(
        Act::Mark,
        Ctx::Mute,
        "mute_mark",
        &["Space", "m"],
        Ui::KeyMark,
        true,
    ),
    b(
        Act::Unmark,
        Ctx::Mute,
        "mute_unmark",
        &["Backspace", "Delete", "x"],
        Ui::KeyUnmark,
        true,
    ),
    b(
        Act::Left,
        Ctx::Mute,
        "mute_earlier",
        &["Left", "h"],
        Ui::KeyEarlier,
        true,
    ),
    b(
        Act::Right,
        Ctx::Mute,
        "mute_later",
        &["Right", "l"],
        Ui::KeyLater,
        true,
    ),
    b(
        Act::BackLong,
        Ctx::Mute,
        "mute_earlier_10s",
        &["PageUp", "H"],
        Ui::KeyEarlierLong,
        false,
    ),
    b(
        Act::ForwardLong,
        Ctx::Mute,
        "mute_later_10s",
        &["PageDown", "L"],
        Ui::KeyLaterLong,
        false,
    ),
    b(
        Act::Top,
        Ctx::Mute,
        "mute_to_start",
        &["Home"],
        Ui::KeyToStart,
        false,
    ),
    b(
        Act::Bottom,
        Ctx::Mute,
        "mute_to_end",
        &["End"],
        Ui::KeyToEnd,
        false,
    ),
];

/// One binding as loaded.
#[derive(Debug, Clone)]
pub struct Binding {
    pub act: Act,
    pub ctx: Ctx,
    pub name: &'static str,
    pub keys: Vec<Key>,
    /// What the key does, in the interface's words.
    pub help: Ui,
    pub hint: bool,
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap {
            bindings: DEFAULTS
                .iter()
                .map(|d| Binding {
                    act: d.act,
                    ctx: d.ctx,
                    name: d.name,
                    keys: d.keys.iter().filter_map(|k| Key::parse(k).ok()).collect(),
                    help: d.help,
                    hint: d.hint,
                })
                .collect(),
        }
    }
}

/// The contexts a screen listens to, most specific first.
pub fn contexts(screen: Ctx) -> &'static [Ctx] {
    match screen {
        Ctx::Queue => &[Ctx::Queue, Ctx::Nav, Ctx::Global],
        Ctx::Detail => &[Ctx::Detail, Ctx::Nav, Ctx::Global],
        Ctx::Player => &[Ctx::Player, Ctx::Global],
        Ctx::Approvals => &[Ctx::Approvals, Ctx::Nav, Ctx::Global],
        Ctx::Form => &[Ctx::Form],
        Ctx::Mute => &[Ctx::Mute, Ctx::Form],
        Ctx::Global | Ctx::Nav => &[Ctx::Global],
    }
}

/// Whether a key is for team leaders only (kept off the hint line of others).
pub fn for_leads(act: Act) -> bool {
    matches!(
        act,
        Act::Approvals | Act::Approve | Act::Decline | Act::Resolve | Act::Dismiss
    )
}

#[derive(serde::Deserialize)]
struct ConfigFile {
    #[serde(default)]
    keys: HashMap<String, Vec<String>>,
}

impl KeyMap {
    /// The action of a key on a screen.
    pub fn lookup(&self, screen: Ctx, key: Key) -> Option<Act> {
        for ctx in contexts(screen) {
            if let Some(b) = self
                .bindings
                .iter()
                .find(|b| b.ctx == *ctx && b.keys.contains(&key))
            {
                return Some(b.act);
            }
        }
        None
    }

    /// Applies a `keys.toml` (`[keys] name = ["key", ...]`); returns the problems found
    /// (unknown names or keys, conflicts). Bindings with problems keep their defaults.
    pub fn apply_config(&mut self, text: &str) -> Vec<String> {
        let mut problems = Vec::new();
        let cfg: ConfigFile = match toml::from_str(text) {
            Ok(c) => c,
            Err(e) => return vec![format!("the key file is not valid TOML: {}", e.message())],
        };
        let mut names: Vec<_> = cfg.keys.into_iter().collect();
        names.sort();
        for (name, keys) in names {
            let Some(i) = self.bindings.iter().position(|b| b.name == name) else {
                problems.push(format!("unknown key binding '{name}'"));
                continue;
            };
            let parsed: Result<Vec<Key>, String> = keys.iter().map(|k| Key::parse(k)).collect();
            match parsed {
                Ok(p) if !p.is_empty() => self.bindings[i].keys = p,
                Ok(_) => problems.push(format!("'{name}' has no keys")),
                Err(e) => problems.push(format!("{name}: {e}")),
            }
        }
        problems.extend(self.conflicts());
        problems
    }

    /// Two actions reachable from one screen on the same key.
    pub fn conflicts(&self) -> Vec<String> {
        // The default table lets a screen's key shadow a global one on purpose; a remapping
        // must not add any collision the defaults do not have.
        let known = KeyMap::default().collisions();
        let mut out = Vec::new();
        for (key, a, b) in self.collisions() {
            if known.contains(&(key.clone(), a.clone(), b.clone())) {
                continue;
            }
            let msg = format!("key {key} is bound to both '{a}' and '{b}'");
            if !out.contains(&msg) {
                out.push(msg);
            }
        }
        out
    }

    /// Every key that two actions share on one screen: (key, one action, the other).
    fn collisions(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for screen in [
            Ctx::Queue,
            Ctx::Detail,
            Ctx::Player,
            Ctx::Approvals,
            Ctx::Form,
            Ctx::Mute,
        ] {
            let ctxs = contexts(screen);
            let bs: Vec<&Binding> = self
                .bindings
                .iter()
                .filter(|b| ctxs.contains(&b.ctx))
                .collect();
            for (i, a) in bs.iter().enumerate() {
                for bb in &bs[i + 1..] {
                    for k in &a.keys {
                        if bb.keys.contains(k) {
                            let c = (k.label(), a.name.to_string(), bb.name.to_string());
                            if !out.contains(&c) {
                                out.push(c);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// The bindings shown on a screen, for the help overlay: a binding whose every key a more
    /// specific one takes on that screen never acts there, and is left out.
    pub fn for_screen(&self, screen: Ctx) -> Vec<&Binding> {
        let ctxs = contexts(screen);
        let mut v: Vec<&Binding> = Vec::new();
        for ctx in ctxs {
            let taken: Vec<Key> = v.iter().flat_map(|b| b.keys.iter().copied()).collect();
            v.extend(
                self.bindings
                    .iter()
                    .filter(|b| b.ctx == *ctx)
                    .filter(|b| b.keys.is_empty() || !b.keys.iter().all(|k| taken.contains(k))),
            );
        }
        v
    }

    /// The label of the first key that does `act` on a screen (for sentences that name it).
    pub fn key_for(&self, screen: Ctx, act: Act) -> String {
        self.for_screen(screen)
            .into_iter()
            .find(|b| b.act == act)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "?".into(), |k| k.label())
    }

    /// The one-line hint: "Enter open item · / search · ? help".
    pub fn hints(&self, screen: Ctx) -> Vec<(String, Ui)> {
        self.hints_for(screen, true)
    }

    /// The hint line for a team leader (`lead`) or anyone else, who is not shown the keys
    /// that are for leads only (the help lists every key, marked so).
    pub fn hints_for(&self, screen: Ctx, lead: bool) -> Vec<(String, Ui)> {
        self.for_screen(screen)
            .into_iter()
            .filter(|b| b.hint && (lead || !for_leads(b.act)))
            .filter_map(|b| b.keys.first().map(|k| (k.label(), b.help)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_no_conflicts() {
        assert_eq!(KeyMap::default().conflicts(), Vec::<String>::new());
    }

    #[test]
    fn a_global_key_moved_onto_a_screens_key_is_a_conflict() {
        let mut k = KeyMap::default();
        let problems = k.apply_config("[keys]\nquit = [\"s\"]\n");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("key s") && p.contains("'quit'") && p.contains("'sort'")),
            "{problems:?}"
        );
    }

    #[test]
    fn keys_parse_and_label() {
        assert_eq!(
            Key::parse("ctrl-s").unwrap(),
            Key {
                code: KeyCode::Char('s'),
                ctrl: true
            }
        );
        assert_eq!(Key::parse("F2").unwrap().label(), "F2");
        assert_eq!(Key::parse("Space").unwrap().label(), "Space");
        assert!(Key::parse("Hyper-x").is_err());
    }

    #[test]
    fn lookup_is_per_screen() {
        let k = KeyMap::default();
        let s = Key::parse("s").unwrap();
        assert_eq!(k.lookup(Ctx::Queue, s), Some(Act::Sort));
        assert_eq!(k.lookup(Ctx::Player, s), Some(Act::Stop));
        assert_eq!(
            k.lookup(Ctx::Form, Key::parse("q").unwrap()),
            None,
            "q types a q in forms"
        );
        assert_eq!(
            k.lookup(Ctx::Detail, Key::parse("q").unwrap()),
            Some(Act::Quit)
        );
    }

    #[test]
    fn config_remaps_and_reports_conflicts() {
        let mut k = KeyMap::default();
        assert!(k.apply_config("[keys]\nsort = [\"o\"]\n").is_empty());
        assert_eq!(
            k.lookup(Ctx::Queue, Key::parse("o").unwrap()),
            Some(Act::Sort)
        );
        let problems =
            k.apply_config("[keys]\nfilter = [\"o\"]\nnonsense = [\"x\"]\nsearch = [\"Hyper\"]\n");
        assert!(
            problems.iter().any(|p| p.contains("bound to both")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown key binding 'nonsense'")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("search")),
            "{problems:?}"
        );
        assert!(!k.apply_config("not toml [").is_empty());
    }

    #[test]
    fn hints_come_from_the_table() {
        let h = KeyMap::default().hints(Ctx::Queue);
        assert!(h.iter().any(|(k, d)| k == "/" && *d == Ui::KeySearch));
        assert!(h.iter().any(|(k, d)| k == "?" && *d == Ui::KeyHelp));
    }

    #[test]
    fn the_approvals_key_is_hinted_to_leads_only() {
        let k = KeyMap::default();
        let lead = k.hints_for(Ctx::Queue, true);
        let worker = k.hints_for(Ctx::Queue, false);
        assert!(lead.iter().any(|(k, d)| k == "a" && *d == Ui::KeyApprovals));
        assert!(!worker.iter().any(|(_, d)| *d == Ui::KeyApprovals));
        assert_eq!(lead.len(), worker.len() + 1);
        // Answering is on its own screen, never on the key that opens it.
        let a = Key::parse("a").unwrap();
        assert_eq!(k.lookup(Ctx::Queue, a), Some(Act::Approvals));
        assert_eq!(k.lookup(Ctx::Approvals, a), None);
        assert_eq!(
            k.lookup(Ctx::Approvals, Key::parse("y").unwrap()),
            Some(Act::Approve)
        );
        assert_eq!(k.lookup(Ctx::Player, a), Some(Act::AskApproval));
    }
}
