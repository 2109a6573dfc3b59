//! The player screen: opening it, starting a preview or full playback, and its keys.

use super::messages::Request;
use super::state::{
    App, DEFAULT_PREVIEW_S, LONG_STEP_MS, PlayerView, Prompt, PromptKind, STEP_MS, Screen,
};
use crate::core::model::Stage;
use crate::store::triage::EscalationKind;
use crate::tui::i18n::Ui;
use crate::tui::keymap::Act;

impl App {
    pub(super) fn open_player(&mut self, full: bool) {
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
            let head = Ui::FullPlaybackLocked.text(self.lang);
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
        // Four eyes: a lead's preview is supervised by another lead; with none, say so before
        // asking for anything.
        if !full && let Some(why) = self.nobody_to_oversee() {
            self.fail(why);
            return;
        }
        // A small part first: the report's advice is to stop after a little and decide.
        let seconds = (d.view.preview_left_s.floor() as u64).clamp(1, DEFAULT_PREVIEW_S);
        self.player = Some(PlayerView {
            item: id,
            full,
            supervisor: 0,
            seconds,
            ..Default::default()
        });
        self.screen = Screen::Player;
    }

    /// The lead chosen to supervise the preview (never the user: four eyes).
    pub(super) fn supervisor_name(&self) -> Option<String> {
        let p = self.player.as_ref()?;
        self.overseers().get(p.supervisor).map(|u| u.name.clone())
    }

    /// The preview allowance left, as last known: from the preview that just ended, else
    /// from the item.
    fn allowance_left_ms(&self) -> Option<u64> {
        let last = self
            .player
            .as_ref()
            .and_then(|p| p.last.as_ref())
            .and_then(|o| o.preview_left_ms);
        last.or_else(|| {
            self.detail
                .as_ref()
                .map(|d| (d.view.preview_left_s * 1000.0) as u64)
        })
    }

    pub(super) fn start_player(&mut self) -> Vec<Request> {
        let sup = self.supervisor_name();
        let nobody = self.nobody_to_oversee();
        let spent = self.allowance_left_ms().is_some_and(|ms| ms == 0);
        let cap_s = self
            .detail
            .as_ref()
            .map_or(0, |d| d.view.preview_cap_s as u64);
        let Some(p) = &mut self.player else {
            return Vec::new();
        };
        if p.running || p.waiting.is_some() {
            return Vec::new();
        }
        if !p.full && spent {
            // No PIN is asked for a preview that cannot be given.
            p.asking_pin = false;
            let why = crate::core::gate::Missing::PreviewAllowanceUsed { cap_s }.text(self.lang);
            self.fail(why);
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
            self.fail(nobody.unwrap_or_else(|| Ui::NoLeadToSupervise.text(self.lang).into()));
            return Vec::new();
        };
        if p.pin.is_empty() {
            p.asking_pin = true;
            return Vec::new();
        }
        p.asking_pin = false;
        p.running = true;
        p.last = None;
        p.answer = None;
        vec![Request::Preview {
            item: p.item,
            from_ms: p.offset_ms,
            seconds: p.seconds,
            supervisor: sup,
            pin: Some(std::mem::take(&mut p.pin)),
        }]
    }

    pub(super) fn player_act(&mut self, act: Act) -> Vec<Request> {
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
        let nleads = self.overseers().len().max(1);
        let Some(p) = &mut self.player else {
            return Vec::new();
        };
        // While a request waits, its terms stand: Esc withdraws it, nothing else changes them.
        if p.waiting.is_some() {
            return match act {
                Act::Back | Act::Stop => vec![Request::Withdraw],
                _ => Vec::new(),
            };
        }
        match act {
            Act::Back | Act::Stop if p.running => return vec![Request::Stop],
            Act::Back => {
                self.player = None;
                self.screen = Screen::Detail;
            }
            Act::Start => return self.start_player(),
            Act::AskApproval if !p.running && !p.full => return self.ask_approval(),
            Act::Pause if p.running => {
                let paused = p.status.map(|s| s.paused).unwrap_or(false);
                return vec![if paused {
                    Request::Resume
                } else {
                    Request::Pause
                }];
            }
            Act::Left | Act::Right | Act::BackLong | Act::ForwardLong => {
                let pos = if p.running {
                    p.shown_pos()
                } else {
                    p.offset_ms
                };
                let to = match act {
                    Act::Left => pos.saturating_sub(STEP_MS),
                    Act::BackLong => pos.saturating_sub(LONG_STEP_MS),
                    Act::Right => pos + STEP_MS,
                    _ => pos + LONG_STEP_MS,
                }
                .min(dur.saturating_sub(1));
                return self.move_to(to);
            }
            Act::GoTo => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::SeekTo,
                    text: String::new(),
                });
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

    /// Moves full playback to `to` (also while paused), or, before it starts, where it will
    /// start. A running preview keeps its window.
    fn move_to(&mut self, to: u64) -> Vec<Request> {
        let Some(p) = &mut self.player else {
            return Vec::new();
        };
        if !p.running {
            p.offset_ms = to;
            return Vec::new();
        }
        if !p.full {
            self.fail(Ui::PreviewCannotMove.text(self.lang));
            return Vec::new();
        }
        if p.seek_to.is_none() {
            p.seek_from = p.status.map(|s| s.pos_ms);
        }
        p.seek_to = Some(to);
        vec![Request::Seek(to)]
    }

    /// A typed time: `65`, `1:05` or `1:02:03`, within the recording.
    pub(super) fn seek_to_typed(&mut self, text: &str) -> Vec<Request> {
        let dur = self
            .detail
            .as_ref()
            .map(|d| (d.view.duration_s * 1000.0) as u64)
            .unwrap_or(0);
        match parse_time(text) {
            Some(ms) if ms < dur.max(1) => self.move_to(ms),
            _ => {
                let why = crate::tui::i18n::not_a_time(self.lang, text, dur);
                self.fail(why);
                Vec::new()
            }
        }
    }
}

/// `65` (seconds), `1:05` (minutes and seconds) or `1:02:03` (hours too), in milliseconds.
pub fn parse_time(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut secs: u64 = 0;
    for (i, p) in parts.iter().enumerate() {
        let n: u64 = p.parse().ok()?;
        // After the first number, minutes and seconds stay under 60.
        if i > 0 && n >= 60 {
            return None;
        }
        secs = secs.checked_mul(60)?.checked_add(n)?;
    }
    secs.checked_mul(1000)
}
