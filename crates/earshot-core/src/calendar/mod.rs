//! The Dutch calendar of time limits: which days are general holidays, which are working days,
//! and where a time limit ends under the Algemene termijnenwet (Atw, Stb. 1964, 314).
//!
//! **General holidays** (Atw art. 3(1)): Nieuwjaarsdag (1 January), the Christian second Easter
//! and Whit days (Easter Monday, Whit Monday), both Christmas days (25 and 26 December),
//! Hemelvaartsdag (Ascension Day), the day on which the King's birthday is celebrated
//! (Koningsdag) and the fifth of May (Bevrijdingsdag, every year, not only once in five years).
//! Art. 3(2) equates Good Friday with them, so it counts as a holiday here too. Easter Sunday
//! and Whit Sunday are Sundays anyway.
//!
//! Not included: the days the Crown equates by decree under art. 3(3) (published in the
//! Staatscourant, typically the Friday after Ascension Day and some bridge days). They cannot be
//! computed; leaving them out can only make a computed deadline earlier than the law's, never
//! later.
//!
//! Koningsdag is 27 April, or 26 April when 27 April is a Sunday (from 2014). For earlier years
//! the Queen's Day rule of 1980–2013 is used: 30 April, or 29 April when 30 April is a Sunday.
//!
//! **Working day**: a day that is not a Saturday, a Sunday or a general holiday.
//!
//! **Where a time limit ends** ([`term_end`]):
//! - Atw art. 1(1): a time limit that ends on a Saturday, a Sunday or a general holiday is
//!   extended up to and including the next working day ([`statutory_deadline`]);
//! - Atw art. 2: a time limit of at least three days is, where needed, extended so far that it
//!   contains at least two working days (the day it starts from does not count).
//!
//! Art. 1(2) (time limits counted backwards from a moment) has no use here. Art. 4 keeps some
//! limits out of the Act, among them those longer than three months; none of earshot's clocks is.
//! The Act governs limits set by Dutch law (the Awb's complaint clocks); the GDPR's limits are
//! governed by Regulation (EEC, Euratom) No 1182/71, whose art. 3(4) and 3(5) have the same
//! effect with the member state's public holidays, for which the days above are used.
//!
//! Easter is computed (the anonymous Gregorian algorithm of Meeus, Jones and Butcher), not
//! looked up, so every year works.

use chrono::{Datelike, NaiveDate, Weekday};

/// Easter Sunday of a year in the Gregorian calendar (anonymous Gregorian algorithm, as given
/// by Meeus, *Astronomical Algorithms*).
///
/// ```
/// use chrono::NaiveDate;
/// use earshot_core::calendar::easter_sunday;
/// assert_eq!(easter_sunday(2026), NaiveDate::from_ymd_opt(2026, 4, 5));
/// ```
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The day on which the King's (before 2014: the Queen's) birthday is celebrated.
pub fn koningsdag(year: i32) -> Option<NaiveDate> {
    let (day, sunday_moves_to) = if year >= 2014 { (27, 26) } else { (30, 29) };
    let d = NaiveDate::from_ymd_opt(year, 4, day)?;
    if d.weekday() == Weekday::Sun {
        NaiveDate::from_ymd_opt(year, 4, sunday_moves_to)
    } else {
        Some(d)
    }
}

/// The general holidays of a year (Atw art. 3(1) and Good Friday by art. 3(2)), in date order,
/// each with its Dutch name.
pub fn general_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let easter = easter_sunday(year);
    let after_easter =
        |days: i64| easter.and_then(|e| e.checked_add_signed(chrono::Duration::days(days)));
    let mut out: Vec<(NaiveDate, &'static str)> = [
        (fixed(1, 1), "Nieuwjaarsdag"),
        (after_easter(-2), "Goede Vrijdag"),
        (after_easter(1), "Tweede Paasdag"),
        (koningsdag(year), "Koningsdag"),
        (fixed(5, 5), "Bevrijdingsdag"),
        (after_easter(39), "Hemelvaartsdag"),
        (after_easter(50), "Tweede Pinksterdag"),
        (fixed(12, 25), "Eerste Kerstdag"),
        (fixed(12, 26), "Tweede Kerstdag"),
    ]
    .into_iter()
    .filter_map(|(d, name)| d.map(|d| (d, name)))
    .collect();
    out.sort();
    out
}

/// The name of the general holiday on `date`, if it is one.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    general_holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, name)| name)
}

/// Whether `date` is a general holiday (Atw art. 3(1), or Good Friday by art. 3(2)).
pub fn is_general_holiday(date: NaiveDate) -> bool {
    if matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 5) | (12, 25) | (12, 26)
    ) {
        return true;
    }
    if koningsdag(date.year()) == Some(date) {
        return true;
    }
    // Good Friday, Easter Monday, Ascension Day, Whit Monday.
    easter_sunday(date.year()).is_some_and(|e| matches!((date - e).num_days(), -2 | 1 | 39 | 50))
}

/// Whether `date` is a working day: not a Saturday, a Sunday or a general holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_general_holiday(date)
}

/// `date` itself if it is a working day, else the first working day after it.
pub fn next_working_day_on_or_after(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while !is_working_day(d) {
        match d.succ_opt() {
            Some(next) => d = next,
            None => return d,
        }
    }
    d
}

/// Atw art. 1(1): the last day of a time limit that would end on `last_day`. A Saturday, a
/// Sunday or a general holiday moves to the next working day; a working day stays.
///
/// ```
/// use chrono::NaiveDate;
/// use earshot_core::calendar::statutory_deadline;
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// // Friday 25 December 2026 (Christmas) becomes Monday 28 December.
/// assert_eq!(statutory_deadline(d(12, 25)), d(12, 28));
/// ```
pub fn statutory_deadline(last_day: NaiveDate) -> NaiveDate {
    next_working_day_on_or_after(last_day)
}

/// The last day of a time limit that runs from the day after `start` up to and including
/// `nominal_end` (the end by plain calendar counting), under Atw art. 2 and art. 1(1): a limit of
/// at least three days is extended until it contains two working days, and an end on a
/// Saturday, a Sunday or a general holiday moves to the next working day.
///
/// ```
/// use chrono::NaiveDate;
/// use earshot_core::calendar::term_end;
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// // Three days from Friday 6 March: Saturday, Sunday, Monday hold one working day only,
/// // so the limit runs to Tuesday 10 March (art. 2).
/// assert_eq!(term_end(d(3, 6), d(3, 9)), d(3, 10));
/// ```
pub fn term_end(start: NaiveDate, nominal_end: NaiveDate) -> NaiveDate {
    let mut end = nominal_end;
    if (nominal_end - start).num_days() >= 3 {
        let mut working = working_days_in(start, end);
        while working < 2 {
            match end.succ_opt() {
                Some(next) => end = next,
                None => break,
            }
            if is_working_day(end) {
                working += 1;
            }
        }
    }
    statutory_deadline(end)
}

/// Working days after `from` up to and including `to` (none when `to` is not after `from`).
pub fn working_days_in(from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d))
        .fold(0, |n, _| n.saturating_add(1))
}

/// `from` plus `n` working days: the `n`-th working day after `from` (`from` itself when `n` is 0).
pub fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut out = from;
    let mut left = n;
    while left > 0 {
        out = match out.succ_opt() {
            Some(x) => x,
            None => return NaiveDate::MAX,
        };
        if is_working_day(out) {
            left -= 1;
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod reference;
#[cfg(test)]
mod tests;
