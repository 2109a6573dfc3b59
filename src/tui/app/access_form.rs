//! The access copy screen: what the command line's `access grant` asks (whose request, the
//! approving team leader and their PIN, how identity was checked, where to write, the
//! statement's language) and the ranges to make silent, marked on the waveform. The rules are
//! the store's and the shared grant's (`cli::due::grant_access`): this form only checks that a
//! request has what it needs, and shows the refusal when it comes.

use crate::core::lang::Lang;
use crate::core::time::{format_offset, merge_ranges};

/// The fields, in order: subject, approving lead, their PIN, how identity was checked, the
/// folder, the statement's language, the waveform (ranges to make silent), the reason, save.
pub const ACCESS_FIELDS: usize = 9;
/// The field that holds the waveform: there ←/→ move the cursor and Space marks.
pub const WAVEFORM_FIELD: usize = 6;
/// The reason for making parts silent.
pub const REASON_FIELD: usize = 7;

/// A subject's copy of the recording (`earshot access grant`), with ranges made silent.
#[derive(Debug, Clone, Default)]
pub struct AccessForm {
    pub item: i64,
    /// The recording's length in milliseconds: no range and no cursor goes past it.
    pub duration_ms: u64,
    /// The people on the item (the subjects, and the sender).
    pub subjects: Vec<String>,
    pub sel: usize,
    /// Index into the other leads (`App::overseers`).
    pub lead: usize,
    pub pin: String,
    pub identity: String,
    pub out: String,
    /// The statement's language.
    pub lang: Lang,
    /// Where on the recording the cursor is (ms).
    pub pos_ms: u64,
    /// A range's start, marked, its end not yet.
    pub start_ms: Option<u64>,
    /// The ranges to make silent, `[from, to)` in ms: merged, in order, within the recording.
    pub ranges: Vec<(u64, u64)>,
    pub reason: String,
    pub focus: usize,
    /// Where typing goes in the focused text field, in characters.
    pub cursor: usize,
    pub error: Option<String>,
    /// Sent to the worker and not answered yet.
    pub busy: bool,
    /// What the grant wrote, once it did.
    pub done: Option<Box<super::messages::GrantedView>>,
}

impl AccessForm {
    /// Whether anything typed, chosen or marked differs from `other` (what Esc would lose).
    pub fn differs_from(&self, other: &AccessForm) -> bool {
        (
            self.sel,
            self.lead,
            &self.pin,
            &self.identity,
            &self.out,
            self.lang,
            self.start_ms,
            &self.ranges,
            &self.reason,
        ) != (
            other.sel,
            other.lead,
            &other.pin,
            &other.identity,
            &other.out,
            other.lang,
            other.start_ms,
            &other.ranges,
            &other.reason,
        )
    }

    /// The focused text field's text, if the focus is on one.
    pub fn text(&self) -> Option<&str> {
        match self.focus {
            2 => Some(&self.pin),
            3 => Some(&self.identity),
            4 => Some(&self.out),
            REASON_FIELD => Some(&self.reason),
            _ => None,
        }
    }

    pub(super) fn text_mut(&mut self) -> Option<&mut String> {
        match self.focus {
            2 => Some(&mut self.pin),
            3 => Some(&mut self.identity),
            4 => Some(&mut self.out),
            REASON_FIELD => Some(&mut self.reason),
            _ => None,
        }
    }

    pub(super) fn focus_on(&mut self, i: usize) {
        self.focus = i % ACCESS_FIELDS;
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }

    /// Moves the cursor by `delta` ms, never before the start or past the end.
    pub fn step(&mut self, delta: i64) {
        let to = (self.pos_ms as i64).saturating_add(delta);
        self.pos_ms = (to.max(0) as u64).min(self.duration_ms);
    }

    pub fn move_to(&mut self, ms: u64) {
        self.pos_ms = ms.min(self.duration_ms);
    }

    /// Space: the first press marks where a range starts, the second where it ends (either
    /// way round); the range joins the others, merged with any it overlaps or touches. A
    /// range of no length is not added (false).
    pub fn mark(&mut self) -> bool {
        let at = self.pos_ms.min(self.duration_ms);
        match self.start_ms.take() {
            None => {
                self.start_ms = Some(at);
                true
            }
            Some(s) if s == at => {
                // Nothing between start and end: the start stays marked.
                self.start_ms = Some(s);
                false
            }
            Some(s) => {
                self.add((s.min(at), s.max(at)));
                true
            }
        }
    }

    /// Adds a range (clamped to the recording), merged with the ones there.
    pub fn add(&mut self, (from, to): (u64, u64)) {
        let (from, to) = (from.min(self.duration_ms), to.min(self.duration_ms));
        if to > from {
            let mut all = std::mem::take(&mut self.ranges);
            all.push((from, to));
            self.ranges = merge_ranges(all);
        }
    }

    /// Backspace: a start marked without its end is forgotten first; else the range under
    /// the cursor goes, or, with none under it, the last one marked (the latest in time).
    /// Returns the range removed.
    pub fn unmark(&mut self) -> Option<(u64, u64)> {
        if self.start_ms.take().is_some() {
            return None;
        }
        let at = self
            .ranges
            .iter()
            .position(|&(a, b)| a <= self.pos_ms && self.pos_ms <= b)
            .or_else(|| self.ranges.len().checked_sub(1))?;
        Some(self.ranges.remove(at))
    }

    /// How long all the ranges are together.
    pub fn total_ms(&self) -> u64 {
        self.ranges.iter().map(|(a, b)| b - a).sum()
    }
}

/// A time on the recording as the ranges list it: `0:05`, or `0:03.8` (Dutch `0:03,8`) when
/// not on a second.
pub fn range_time(l: Lang, ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format_offset(ms)
    } else {
        l.offset_tenths(ms)
    }
}

/// A range as listed: `0:05–0:09`.
pub fn range_text(l: Lang, (a, b): (u64, u64)) -> String {
    format!("{}–{}", range_time(l, a), range_time(l, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(dur: u64) -> AccessForm {
        AccessForm {
            duration_ms: dur,
            ..Default::default()
        }
    }

    #[test]
    fn two_presses_mark_a_range_either_way_round() {
        let mut f = form(10_000);
        f.move_to(5_000);
        assert!(f.mark());
        assert_eq!(f.start_ms, Some(5_000));
        f.move_to(2_000);
        assert!(f.mark());
        assert_eq!(f.ranges, vec![(2_000, 5_000)]);
        assert_eq!(f.start_ms, None);
        // A start and an end at the same place is no range: the start stays.
        assert!(f.mark());
        assert!(!f.mark());
        assert_eq!(f.start_ms, Some(2_000));
        assert_eq!(f.ranges, vec![(2_000, 5_000)]);
    }

    #[test]
    fn overlapping_and_touching_ranges_merge_and_the_end_is_the_limit() {
        let mut f = form(3_800);
        f.add((1_000, 2_000));
        f.add((1_500, 3_000));
        assert_eq!(f.ranges, vec![(1_000, 3_000)]);
        f.add((0, 500));
        f.add((500, 800));
        assert_eq!(f.ranges, vec![(0, 800), (1_000, 3_000)]);
        f.step(60_000);
        assert_eq!(f.pos_ms, 3_800);
        f.step(-100_000);
        assert_eq!(f.pos_ms, 0);
        f.add((3_500, 9_000));
        assert_eq!(f.ranges.last(), Some(&(3_500, 3_800)));
        assert_eq!(f.total_ms(), 800 + 2_000 + 300);
    }

    #[test]
    fn backspace_takes_the_start_then_the_range_under_the_cursor_then_the_last() {
        let mut f = form(10_000);
        f.add((1_000, 2_000));
        f.add((5_000, 6_000));
        f.add((8_000, 9_000));
        f.move_to(7_000);
        f.mark();
        assert_eq!(f.unmark(), None);
        assert_eq!(f.start_ms, None);
        assert_eq!(f.ranges.len(), 3);
        f.move_to(1_500);
        assert_eq!(f.unmark(), Some((1_000, 2_000)));
        f.move_to(7_000);
        assert_eq!(f.unmark(), Some((8_000, 9_000)));
        assert_eq!(f.ranges, vec![(5_000, 6_000)]);
    }

    #[test]
    fn times_are_whole_seconds_unless_they_are_not() {
        assert_eq!(range_text(Lang::En, (5_000, 9_000)), "0:05–0:09");
        assert_eq!(range_text(Lang::En, (3_000, 3_800)), "0:03–0:03.8");
        assert_eq!(range_text(Lang::Nl, (3_000, 3_800)), "0:03–0:03,8");
    }
}
