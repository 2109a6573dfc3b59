//! The clocks people are owed, computed on calendar dates (no time of day, no time zone):
//!
//! - a complaint (Awb chapter 9): acknowledged in writing promptly (this team's norm: within
//!   [`ACK_WORKING_DAYS`] working days), decided within six weeks of receipt (art. 9:11), and
//!   postponed at most once, by at most four weeks, in writing (art. 9:11(2));
//! - a subject's access request (GDPR art. 12(3)): answered within one month of receipt,
//!   extendable once by at most two further months, with a reason given within the first month;
//! - retention: an item is due for deletion a number of years after it was received (the
//!   Jeugdwet's 20 years for care files by default).
//!
//! Pure functions: the caller passes "today".

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

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

/// `d` plus whole weeks.
pub fn add_weeks(d: NaiveDate, weeks: u32) -> NaiveDate {
    d.checked_add_days(chrono::Days::new(u64::from(weeks) * 7))
        .unwrap_or(NaiveDate::MAX)
}

/// `d` plus calendar months; a day that does not exist in the target month becomes that
/// month's last day (31 January + 1 month = 28 or 29 February).
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `d` plus working days (Monday to Friday).
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut out = d;
    let mut left = n;
    while left > 0 {
        out = match out.succ_opt() {
            Some(x) => x,
            None => return NaiveDate::MAX,
        };
        if out.weekday().number_from_monday() <= 5 {
            left -= 1;
        }
    }
    out
}

/// The clock of one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComplaintClock {
    pub received_on: NaiveDate,
    pub acknowledge_by: NaiveDate,
    /// Six weeks after receipt.
    pub decide_by_original: NaiveDate,
    /// The postponed date, if the decision was postponed.
    pub extended_to: Option<NaiveDate>,
}

impl ComplaintClock {
    pub fn new(received_on: NaiveDate) -> Self {
        ComplaintClock {
            received_on,
            acknowledge_by: add_working_days(received_on, ACK_WORKING_DAYS),
            decide_by_original: add_weeks(received_on, COMPLAINT_WEEKS),
            extended_to: None,
        }
    }

    /// The date by which the decision is due now.
    pub fn decide_by(&self) -> NaiveDate {
        self.extended_to.unwrap_or(self.decide_by_original)
    }

    /// Postpones the decision once, by 1 to 4 weeks, before the current deadline has passed.
    pub fn extend(&self, weeks: u32, today: NaiveDate) -> Result<ComplaintClock, String> {
        if self.extended_to.is_some() {
            return Err(format!(
                "the decision was already postponed once (to {}); the Awb allows one \
                 postponement only",
                self.decide_by()
            ));
        }
        if weeks == 0 || weeks > COMPLAINT_MAX_EXTENSION_WEEKS {
            return Err(format!(
                "a complaint's decision can be postponed by 1 to {COMPLAINT_MAX_EXTENSION_WEEKS} \
                 weeks, not {weeks}"
            ));
        }
        if today > self.decide_by_original {
            return Err(format!(
                "the decision was due on {}; a postponement must be sent before the deadline \
                 passes",
                self.decide_by_original
            ));
        }
        Ok(ComplaintClock {
            extended_to: Some(add_weeks(self.decide_by_original, weeks)),
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
    /// One month after receipt.
    pub due_original: NaiveDate,
    pub extended_to: Option<NaiveDate>,
}

impl AccessClock {
    pub fn new(requested_on: NaiveDate) -> Self {
        AccessClock {
            requested_on,
            due_original: add_months(requested_on, ACCESS_MONTHS),
            extended_to: None,
        }
    }

    pub fn due(&self) -> NaiveDate {
        self.extended_to.unwrap_or(self.due_original)
    }

    /// Extends once by 1 or 2 months, within the first month.
    pub fn extend(&self, months: u32, today: NaiveDate) -> Result<AccessClock, String> {
        if self.extended_to.is_some() {
            return Err(format!(
                "the request was already extended once (to {}); it can be extended only once",
                self.due()
            ));
        }
        if months == 0 || months > ACCESS_MAX_EXTENSION_MONTHS {
            return Err(format!(
                "an access request can be extended by 1 or {ACCESS_MAX_EXTENSION_MONTHS} months, \
                 not {months}"
            ));
        }
        if today > self.due_original {
            return Err(format!(
                "the answer was due on {}; an extension must be given within the first month",
                self.due_original
            ));
        }
        Ok(AccessClock {
            extended_to: Some(add_months(self.due_original, months)),
            ..*self
        })
    }

    pub fn overdue(&self, today: NaiveDate) -> bool {
        today > self.due()
    }
}

/// The date on which an item received on `received_on` is due for deletion.
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
        assert_eq!(e2.decide_by(), d("2026-04-27"));
        assert!(e.extend(1, d("2026-04-20")).unwrap_err().contains("once"));
        assert!(c.extend(5, d("2026-03-10")).unwrap_err().contains("1 to 4"));
        assert!(c.extend(0, d("2026-03-10")).is_err());
        assert!(
            c.extend(4, d("2026-04-14"))
                .unwrap_err()
                .contains("before the deadline")
        );
    }

    #[test]
    fn access_within_one_month_extendable_by_two() {
        let a = AccessClock::new(d("2026-01-31"));
        // No 31 February: the month's last day.
        assert_eq!(a.due(), d("2026-02-28"));
        let a = AccessClock::new(d("2026-03-15"));
        assert_eq!(a.due(), d("2026-04-15"));
        assert!(!a.overdue(d("2026-04-15")));
        assert!(a.overdue(d("2026-04-16")));
        let e = a.extend(2, d("2026-04-01")).unwrap();
        assert_eq!(e.due(), d("2026-06-15"));
        assert!(!e.overdue(d("2026-06-15")));
        assert_eq!(a.extend(1, d("2026-04-15")).unwrap().due(), d("2026-05-15"));
        assert!(e.extend(1, d("2026-04-02")).unwrap_err().contains("once"));
        assert!(a.extend(3, d("2026-04-01")).is_err());
        assert!(a.extend(0, d("2026-04-01")).is_err());
        assert!(
            a.extend(2, d("2026-04-16"))
                .unwrap_err()
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
    fn working_days_skip_weekends() {
        assert_eq!(add_working_days(d("2026-03-06"), 1), d("2026-03-09"));
        assert_eq!(add_working_days(d("2026-03-07"), 1), d("2026-03-09"));
        assert_eq!(add_working_days(d("2026-03-02"), 0), d("2026-03-02"));
        assert_eq!(add_weeks(d("2026-02-23"), 1), d("2026-03-02"));
        assert_eq!(add_months(d("2026-12-15"), 1), d("2027-01-15"));
    }
}
