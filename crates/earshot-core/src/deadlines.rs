//! The clocks people are owed, computed on calendar dates (no time of day, no time zone):
//!
//! - a complaint (Awb chapter 9): acknowledged in writing promptly (this team's norm: within
//!   [`ACK_WORKING_DAYS`] working days), decided within six weeks of receipt (art. 9:11), and
//!   postponed at most once, by at most four weeks, in writing (art. 9:11(2));
//! - a subject's access request (GDPR art. 12(3)): answered within one month of receipt,
//!   extendable once by at most two further months, with a reason given within the first month;
//! - a letter's reply period: [`LETTER_REPLY_WEEKS`] weeks unless the writer names a date;
//! - retention: an item is due for deletion a number of years after it was received (the
//!   Jeugdwet's 20 years for care files by default).
//!
//! Time limits end as the Algemene termijnenwet says (see [`crate::calendar`]): a limit that
//! would end on a Saturday, a Sunday or a general holiday ends on the next working day, and
//! working days skip general holidays as well as weekends. A postponement or an extension is
//! counted from the end of the first limit as the calendar gives it, before any such move: of
//! the two readings this is the earlier date, so the team is never told it has longer than the
//! law may allow. Retention is not a limit to act within (it is the day from which deletion is
//! due) and is not moved.
//!
//! Pure functions: the caller passes "today".

use chrono::{Months, NaiveDate};
use serde::Serialize;

pub use crate::calendar::add_working_days;
use crate::calendar::term_end;
use crate::lang::Lang;

/// Working days within which a complaint's receipt is confirmed in writing.
pub const ACK_WORKING_DAYS: u32 = 5;
/// Weeks within which a complaint is decided (Awb art. 9:11(1)).
pub const COMPLAINT_WEEKS: u32 = 6;
/// The longest postponement of a complaint's decision (Awb art. 9:11(2)).
pub const COMPLAINT_MAX_EXTENSION_WEEKS: u32 = 4;
/// Months within which an access request is answered (GDPR art. 12(3)).
pub const ACCESS_MONTHS: u32 = 1;
/// The longest extension of an access request (GDPR art. 12(3)).
pub const ACCESS_MAX_EXTENSION_MONTHS: u32 = 2;
/// Months after a complaint's decision within which the complainant may go to the ombudsman
/// (Wet Nationale ombudsman art. 12(2): within a year after the decision).
pub const OMBUDSMAN_MONTHS: u32 = 12;
/// Weeks a letter gives its reader to respond, unless the writer names a date.
pub const LETTER_REPLY_WEEKS: u32 = 2;

/// `d` plus whole weeks, on the calendar (no Atw move; see [`weeks_limit`]).
pub fn add_weeks(d: NaiveDate, weeks: u32) -> NaiveDate {
    d.checked_add_days(chrono::Days::new(u64::from(weeks) * 7))
        .unwrap_or(NaiveDate::MAX)
}

/// `d` plus calendar months; a day that does not exist in the target month becomes that
/// month's last day (31 January + 1 month = 28 or 29 February). No Atw move; see
/// [`months_limit`].
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day of a limit of `weeks` weeks that starts to run on the day after `from`, moved
/// per the Algemene termijnenwet ([`term_end`]).
pub fn weeks_limit(from: NaiveDate, weeks: u32) -> NaiveDate {
    term_end(from, add_weeks(from, weeks))
}

/// The last day of a limit of `months` months that starts to run on the day after `from`,
/// moved per the Algemene termijnenwet ([`term_end`]).
pub fn months_limit(from: NaiveDate, months: u32) -> NaiveDate {
    term_end(from, add_months(from, months))
}

/// The date by which a letter written on `written_on` asks for a response:
/// [`LETTER_REPLY_WEEKS`] weeks, moved like a statutory limit.
pub fn reply_by(written_on: NaiveDate) -> NaiveDate {
    weeks_limit(written_on, LETTER_REPLY_WEEKS)
}

/// The last day the complainant may go to the ombudsman about a complaint decided on
/// `decided_on`: [`OMBUDSMAN_MONTHS`] months, moved per the Algemene termijnenwet.
pub fn ombudsman_by(decided_on: NaiveDate) -> NaiveDate {
    months_limit(decided_on, OMBUDSMAN_MONTHS)
}

/// The clock of one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComplaintClock {
    pub received_on: NaiveDate,
    pub acknowledge_by: NaiveDate,
    /// Six weeks after receipt, moved per the Algemene termijnenwet. (Complaints registered
    /// before that rule was applied keep the plain six weeks they were stored with.)
    pub decide_by_original: NaiveDate,
    /// The postponed date, if the decision was postponed.
    pub extended_to: Option<NaiveDate>,
}

impl ComplaintClock {
    pub fn new(received_on: NaiveDate) -> Self {
        ComplaintClock {
            received_on,
            acknowledge_by: add_working_days(received_on, ACK_WORKING_DAYS),
            decide_by_original: weeks_limit(received_on, COMPLAINT_WEEKS),
            extended_to: None,
        }
    }

    /// The date by which the decision is due now.
    pub fn decide_by(&self) -> NaiveDate {
        self.extended_to.unwrap_or(self.decide_by_original)
    }

    /// Postpones the decision once, by 1 to 4 weeks, before the current deadline has passed.
    /// The weeks are added to the end of the six weeks as the calendar counts them, and the
    /// result is moved per the Algemene termijnenwet.
    pub fn extend(&self, weeks: u32, today: NaiveDate) -> Result<ComplaintClock, NoExtension> {
        if self.extended_to.is_some() {
            return Err(NoExtension::ComplaintAgain {
                to: self.decide_by(),
            });
        }
        if weeks == 0 || weeks > COMPLAINT_MAX_EXTENSION_WEEKS {
            return Err(NoExtension::ComplaintWeeks { weeks });
        }
        if today > self.decide_by_original {
            return Err(NoExtension::ComplaintLate {
                due: self.decide_by_original,
            });
        }
        let six_weeks = add_weeks(self.received_on, COMPLAINT_WEEKS);
        Ok(ComplaintClock {
            extended_to: Some(weeks_limit(six_weeks, weeks)),
            ..*self
        })
    }

    /// Whether the decision is late on `today` (open complaints only).
    pub fn decision_overdue(&self, today: NaiveDate) -> bool {
        today > self.decide_by()
    }

    /// Whether the acknowledgement is late on `today` (not yet acknowledged).
    pub fn acknowledgement_overdue(&self, today: NaiveDate) -> bool {
        today > self.acknowledge_by
    }
}

/// The clock of one access request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AccessClock {
    pub requested_on: NaiveDate,
    /// One month after receipt, moved per the Algemene termijnenwet. (Requests opened before
    /// that rule was applied keep the plain month they were stored with.)
    pub due_original: NaiveDate,
    pub extended_to: Option<NaiveDate>,
}

impl AccessClock {
    pub fn new(requested_on: NaiveDate) -> Self {
        AccessClock {
            requested_on,
            due_original: months_limit(requested_on, ACCESS_MONTHS),
            extended_to: None,
        }
    }

    pub fn due(&self) -> NaiveDate {
        self.extended_to.unwrap_or(self.due_original)
    }

    /// Extends once by 1 or 2 months, within the first month. The months are added to the end
    /// of the first month as the calendar counts it, and the result is moved per the Algemene
    /// termijnenwet.
    pub fn extend(&self, months: u32, today: NaiveDate) -> Result<AccessClock, NoExtension> {
        if self.extended_to.is_some() {
            return Err(NoExtension::AccessAgain { to: self.due() });
        }
        if months == 0 || months > ACCESS_MAX_EXTENSION_MONTHS {
            return Err(NoExtension::AccessMonths { months });
        }
        if today > self.due_original {
            return Err(NoExtension::AccessLate {
                due: self.due_original,
            });
        }
        let first_month = add_months(self.requested_on, ACCESS_MONTHS);
        Ok(AccessClock {
            extended_to: Some(months_limit(first_month, months)),
            ..*self
        })
    }

    pub fn overdue(&self, today: NaiveDate) -> bool {
        today > self.due()
    }
}

/// Why a complaint's decision cannot be postponed, or an access request not extended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoExtension {
    /// The decision was postponed once already, to `to`.
    ComplaintAgain { to: NaiveDate },
    /// Not 1 to [`COMPLAINT_MAX_EXTENSION_WEEKS`] weeks.
    ComplaintWeeks { weeks: u32 },
    /// The decision was due on `due`, before today.
    ComplaintLate { due: NaiveDate },
    /// The request was extended once already, to `to`.
    AccessAgain { to: NaiveDate },
    /// Not 1 to [`ACCESS_MAX_EXTENSION_MONTHS`] months.
    AccessMonths { months: u32 },
    /// The answer was due on `due`, before today.
    AccessLate { due: NaiveDate },
}

impl NoExtension {
    /// The sentence in Dutch or English.
    pub fn text(&self, lang: Lang) -> String {
        let day = |d: &NaiveDate| match lang {
            Lang::Nl => lang.long_date(*d),
            Lang::En => d.to_string(),
        };
        let (nl, en) = match self {
            NoExtension::ComplaintAgain { to } => (
                format!(
                    "het besluit is al een keer uitgesteld (tot {}); de Awb staat maar één keer \
                     uitstel toe",
                    day(to)
                ),
                format!(
                    "the decision was already postponed once (to {}); the Awb allows one \
                     postponement only",
                    day(to)
                ),
            ),
            NoExtension::ComplaintWeeks { weeks } => (
                format!(
                    "het besluit op een klacht kan 1 tot {COMPLAINT_MAX_EXTENSION_WEEKS} weken \
                     worden uitgesteld, niet {weeks}"
                ),
                format!(
                    "a complaint's decision can be postponed by 1 to \
                     {COMPLAINT_MAX_EXTENSION_WEEKS} weeks, not {weeks}"
                ),
            ),
            NoExtension::ComplaintLate { due } => (
                format!(
                    "het besluit moest er zijn op {}; uitstel moet worden gestuurd voordat de \
                     termijn voorbij is",
                    day(due)
                ),
                format!(
                    "the decision was due on {}; a postponement must be sent before the \
                     deadline passes",
                    day(due)
                ),
            ),
            NoExtension::AccessAgain { to } => (
                format!(
                    "het verzoek is al een keer verlengd (tot {}); verlengen kan maar één keer",
                    day(to)
                ),
                format!(
                    "the request was already extended once (to {}); it can be extended only once",
                    day(to)
                ),
            ),
            NoExtension::AccessMonths { months } => (
                format!(
                    "een inzageverzoek kan met 1 of {ACCESS_MAX_EXTENSION_MONTHS} maanden worden \
                     verlengd, niet {months}"
                ),
                format!(
                    "an access request can be extended by 1 or {ACCESS_MAX_EXTENSION_MONTHS} \
                     months, not {months}"
                ),
            ),
            NoExtension::AccessLate { due } => (
                format!(
                    "het antwoord moest er zijn op {}; verlengen moet binnen de eerste maand",
                    day(due)
                ),
                format!(
                    "the answer was due on {}; an extension must be given within the first month",
                    day(due)
                ),
            ),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

impl std::fmt::Display for NoExtension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The date on which an item received on `received_on` is due for deletion (plain calendar
/// years: not a limit to act within, so the Algemene termijnenwet does not move it).
pub fn retention_until(received_on: NaiveDate, years: u32) -> NaiveDate {
    add_months(received_on, years.saturating_mul(12))
}

/// Whether an item is due for deletion on `today`.
pub fn retention_due(received_on: NaiveDate, years: u32, today: NaiveDate) -> bool {
    today >= retention_until(received_on, years)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_ombudsman_within_a_year_of_the_decision_moved_per_the_atw() {
        assert_eq!(ombudsman_by(d("2024-05-01")), d("2025-05-01"));
        // 27 April 2025 is a Sunday: the limit ends on Monday the 28th.
        assert_eq!(ombudsman_by(d("2024-04-27")), d("2025-04-28"));
        // 29 February: the year after has none, so the last day of February, a Friday.
        assert_eq!(ombudsman_by(d("2024-02-29")), d("2025-02-28"));
    }

    #[test]
    fn complaint_decided_within_six_weeks_of_receipt() {
        let c = ComplaintClock::new(d("2026-03-02")); // a Monday
        assert_eq!(c.decide_by(), d("2026-04-13"));
        assert_eq!(c.acknowledge_by, d("2026-03-09"));
        assert!(!c.decision_overdue(d("2026-04-13")));
        assert!(c.decision_overdue(d("2026-04-14")));
        // Received on a Friday: five working days later is the next Friday.
        let c = ComplaintClock::new(d("2026-03-06"));
        assert_eq!(c.acknowledge_by, d("2026-03-13"));
        assert!(c.acknowledgement_overdue(d("2026-03-14")));
        assert!(!c.acknowledgement_overdue(d("2026-03-13")));
        // Across a year's end.
        assert_eq!(
            ComplaintClock::new(d("2025-12-01")).decide_by(),
            d("2026-01-12")
        );
    }

    #[test]
    fn complaint_postponed_once_by_at_most_four_weeks_before_the_deadline() {
        let c = ComplaintClock::new(d("2026-03-02"));
        let e = c.extend(4, d("2026-04-13")).unwrap();
        assert_eq!(e.decide_by(), d("2026-05-11"));
        assert_eq!(e.decide_by_original, d("2026-04-13"));
        assert!(!e.decision_overdue(d("2026-05-01")));
        assert!(e.decision_overdue(d("2026-05-12")));
        let e2 = c.extend(2, d("2026-03-10")).unwrap();
        // 13 April + 2 weeks is Monday 27 April 2026, Koningsdag: the Algemene termijnenwet
        // moves the end to Tuesday 28 April.
        assert_eq!(e2.decide_by(), d("2026-04-28"));
        assert!(
            e.extend(1, d("2026-04-20"))
                .unwrap_err()
                .to_string()
                .contains("once")
        );
        assert!(
            c.extend(5, d("2026-03-10"))
                .unwrap_err()
                .to_string()
                .contains("1 to 4")
        );
        assert!(c.extend(0, d("2026-03-10")).is_err());
        assert!(
            c.extend(4, d("2026-04-14"))
                .unwrap_err()
                .to_string()
                .contains("before the deadline")
        );
    }

    #[test]
    fn access_within_one_month_extendable_by_two() {
        let a = AccessClock::new(d("2026-01-31"));
        // No 31 February: the month's last day, Saturday 28 February 2026, which the
        // Algemene termijnenwet moves to Monday 2 March.
        assert_eq!(a.due(), d("2026-03-02"));
        // 2024 is a leap year: Thursday 29 February, a working day.
        assert_eq!(AccessClock::new(d("2024-01-31")).due(), d("2024-02-29"));
        let a = AccessClock::new(d("2026-03-15"));
        assert_eq!(a.due(), d("2026-04-15"));
        assert!(!a.overdue(d("2026-04-15")));
        assert!(a.overdue(d("2026-04-16")));
        let e = a.extend(2, d("2026-04-01")).unwrap();
        assert_eq!(e.due(), d("2026-06-15"));
        assert!(!e.overdue(d("2026-06-15")));
        assert_eq!(a.extend(1, d("2026-04-15")).unwrap().due(), d("2026-05-15"));
        assert!(
            e.extend(1, d("2026-04-02"))
                .unwrap_err()
                .to_string()
                .contains("once")
        );
        assert!(a.extend(3, d("2026-04-01")).is_err());
        assert!(a.extend(0, d("2026-04-01")).is_err());
        assert!(
            a.extend(2, d("2026-04-16"))
                .unwrap_err()
                .to_string()
                .contains("first month")
        );
    }

    #[test]
    fn retention_in_years_from_receipt() {
        assert_eq!(retention_until(d("2016-10-14"), 20), d("2036-10-14"));
        assert_eq!(retention_until(d("2024-02-29"), 1), d("2025-02-28"));
        assert!(!retention_due(d("2016-10-14"), 20, d("2036-10-13")));
        assert!(retention_due(d("2016-10-14"), 20, d("2036-10-14")));
        assert!(retention_due(d("2016-10-14"), 5, d("2026-01-01")));
    }

    #[test]
    fn testers_cases_end_on_working_days() {
        // Friday 13 November 2026 + 6 weeks = Friday 25 December (Christmas); Boxing Day and
        // the weekend follow: Monday 28 December.
        assert_eq!(
            ComplaintClock::new(d("2026-11-13")).decide_by(),
            d("2026-12-28")
        );
        // Monday 16 March 2026 + 6 weeks = Monday 27 April (Koningsdag): Tuesday 28 April.
        assert_eq!(
            ComplaintClock::new(d("2026-03-16")).decide_by(),
            d("2026-04-28")
        );
        // Thursday 2 April 2026 + 6 weeks = Thursday 14 May (Ascension Day, Easter 5 April
        // + 39): Friday 15 May. (The Friday after Ascension is often equated with a holiday by
        // Royal decree; such decrees are not applied, see `calendar`.)
        assert_eq!(
            ComplaintClock::new(d("2026-04-02")).decide_by(),
            d("2026-05-15")
        );
        // Monday 13 April 2026 + 6 weeks = Monday 25 May (Whit Monday, Easter + 50):
        // Tuesday 26 May.
        assert_eq!(
            ComplaintClock::new(d("2026-04-13")).decide_by(),
            d("2026-05-26")
        );
        // Saturday 31 January 2026 + 1 month = Saturday 28 February: Monday 2 March.
        assert_eq!(AccessClock::new(d("2026-01-31")).due(), d("2026-03-02"));
    }

    #[test]
    fn acknowledgement_skips_christmas_and_new_year() {
        // Tuesday 22 December 2026: Wednesday 23 (1), Thursday 24 (2), Christmas, Boxing Day
        // and the weekend, Monday 28 (3), Tuesday 29 (4), Wednesday 30 December (5).
        assert_eq!(
            ComplaintClock::new(d("2026-12-22")).acknowledge_by,
            d("2026-12-30")
        );
        // Monday 22 December 2025: Tuesday 23 (1), Wednesday 24 (2), Christmas and Boxing Day
        // (Thursday, Friday), the weekend, Monday 29 (3), Tuesday 30 (4), Wednesday 31 (5).
        assert_eq!(
            ComplaintClock::new(d("2025-12-22")).acknowledge_by,
            d("2025-12-31")
        );
        // Wednesday 24 December 2025: Christmas, Boxing Day, the weekend, Monday 29 (1),
        // Tuesday 30 (2), Wednesday 31 (3), New Year's Day, Friday 2 January (4), the
        // weekend, Monday 5 January 2026 (5).
        let c = ComplaintClock::new(d("2025-12-24"));
        assert_eq!(c.acknowledge_by, d("2026-01-05"));
        assert!(!c.acknowledgement_overdue(d("2026-01-05")));
        assert!(c.acknowledgement_overdue(d("2026-01-06")));
    }

    #[test]
    fn a_postponement_counts_from_the_calendar_end_of_the_six_weeks() {
        // Thursday 2 April 2026: six weeks end on Ascension Day, Thursday 14 May, moved to
        // Friday 15 May. One week more is counted from 14 May: Thursday 21 May.
        let c = ComplaintClock::new(d("2026-04-02"));
        assert_eq!(
            c.extend(1, d("2026-04-10")).unwrap().decide_by(),
            d("2026-05-21")
        );
        // Two weeks: Thursday 28 May, a working day.
        assert_eq!(
            c.extend(2, d("2026-04-10")).unwrap().decide_by(),
            d("2026-05-28")
        );
        // Until the moved date, the postponement can still be sent.
        assert!(c.extend(1, d("2026-05-15")).is_ok());
        assert!(c.extend(1, d("2026-05-16")).is_err());
        // Saturday 31 January 2026: the month ends Saturday 28 February (moved to Monday
        // 2 March); two more months from 28 February: Tuesday 28 April.
        let a = AccessClock::new(d("2026-01-31"));
        assert_eq!(a.extend(2, d("2026-03-02")).unwrap().due(), d("2026-04-28"));
        // The letter's two weeks from Friday 11 December 2026: Friday 25 December, Christmas;
        // Monday 28 December.
        assert_eq!(reply_by(d("2026-12-11")), d("2026-12-28"));
    }

    /// Every clock started on any day of 2024–2035 ends on the first working day on or after
    /// its calendar end, checked against the independent model in `calendar::reference`.
    #[test]
    fn no_clock_of_2024_to_2035_ends_on_a_day_off() {
        use crate::calendar::reference::{
            days_of_years, first_working_from, holidays_between, nth_working_after, working,
        };
        use chrono::{Days, Months};
        let h = holidays_between(2023, 2037);
        let plus_days = |x: NaiveDate, n: u64| x.checked_add_days(Days::new(n)).unwrap();
        let plus_months = |x: NaiveDate, n: u32| x.checked_add_months(Months::new(n)).unwrap();
        let want = |start: NaiveDate, end: NaiveDate| {
            // Art. 2 never bites on limits this long: at least two working days inside.
            assert!(
                start
                    .iter_days()
                    .skip(1)
                    .take_while(|x| *x <= end)
                    .filter(|x| working(*x, &h))
                    .count()
                    >= 2
            );
            first_working_from(end, &h)
        };
        for day in days_of_years(2024, 2035) {
            let c = ComplaintClock::new(day);
            assert_eq!(c.acknowledge_by, nth_working_after(day, 5, &h), "{day}");
            let six = plus_days(day, 42);
            assert_eq!(c.decide_by(), want(day, six), "{day}");
            assert!(working(c.decide_by(), &h), "{day}");
            for weeks in 1..=COMPLAINT_MAX_EXTENSION_WEEKS {
                let e = c.extend(weeks, day).unwrap().decide_by();
                assert_eq!(
                    e,
                    want(six, plus_days(six, u64::from(weeks) * 7)),
                    "{day} +{weeks}w"
                );
                assert!(working(e, &h), "{day} +{weeks}w");
            }
            let a = AccessClock::new(day);
            let month = plus_months(day, 1);
            assert_eq!(a.due(), want(day, month), "{day}");
            assert!(working(a.due(), &h), "{day}");
            for months in 1..=ACCESS_MAX_EXTENSION_MONTHS {
                let e = a.extend(months, day).unwrap().due();
                assert_eq!(
                    e,
                    want(month, plus_months(month, months)),
                    "{day} +{months}m"
                );
                assert!(working(e, &h), "{day} +{months}m");
            }
            let r = reply_by(day);
            assert_eq!(r, want(day, plus_days(day, 14)), "{day}");
        }
    }

    #[test]
    fn working_days_skip_weekends() {
        assert_eq!(add_working_days(d("2026-03-06"), 1), d("2026-03-09"));
        assert_eq!(add_working_days(d("2026-03-07"), 1), d("2026-03-09"));
        assert_eq!(add_working_days(d("2026-03-02"), 0), d("2026-03-02"));
        assert_eq!(add_weeks(d("2026-02-23"), 1), d("2026-03-02"));
        assert_eq!(add_months(d("2026-12-15"), 1), d("2027-01-15"));
    }
}
