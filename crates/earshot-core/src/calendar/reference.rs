//! A second, independent model of the Dutch holiday calendar, for tests only: Easter by Gauss's
//! algorithm (with its two exceptions) instead of the anonymous Gregorian one, and the movable
//! holidays found by walking the calendar to the named weekday instead of adding fixed offsets.
//! It shares no code with the module it checks.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

/// Easter Sunday by Gauss's algorithm for the Gregorian calendar.
pub fn gauss_easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year % 4;
    let c = year % 7;
    let k = year / 100;
    let p = (13 + 8 * k) / 25;
    let q = k / 4;
    let m = (15 - p + k - q).rem_euclid(30);
    let n = (4 + k - q).rem_euclid(7);
    let d = (19 * a + m) % 30;
    let e = (2 * b + 4 * c + 6 * d + n) % 7;
    let march_day = 22 + d + e;
    if march_day <= 31 {
        return ymd(year, 3, march_day as u32);
    }
    let mut april_day = d + e - 9;
    // Gauss's exceptions: 26 April becomes 19 April; 25 April becomes 18 April when
    // d = 28, e = 6 and (11m + 11) mod 30 < 19.
    if april_day == 26 {
        april_day = 19;
    } else if d == 28 && e == 6 && (11 * m + 11) % 30 < 19 {
        april_day = 18;
    }
    ymd(year, 4, april_day as u32)
}

/// The first day strictly after `d` that falls on `wd`.
fn next_weekday_after(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let mut x = d + Days::new(1);
    while x.weekday() != wd {
        x = x + Days::new(1);
    }
    x
}

/// The last day strictly before `d` that falls on `wd`.
fn previous_weekday_before(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let mut x = d - Days::new(1);
    while x.weekday() != wd {
        x = x - Days::new(1);
    }
    x
}

/// The general holidays of a year, found by walking the calendar.
pub fn holidays(year: i32) -> BTreeSet<NaiveDate> {
    let easter = gauss_easter(year);
    let mut out = BTreeSet::new();
    out.insert(ymd(year, 1, 1));
    // Good Friday: the Friday before Easter.
    out.insert(previous_weekday_before(easter, Weekday::Fri));
    // Easter Monday: the Monday after Easter.
    out.insert(next_weekday_after(easter, Weekday::Mon));
    // Ascension: the Thursday after the fifth Sunday after Easter.
    let fifth_sunday = (0..5).fold(easter, |s, _| next_weekday_after(s, Weekday::Sun));
    out.insert(next_weekday_after(fifth_sunday, Weekday::Thu));
    // Whit Sunday is the seventh Sunday after Easter; Whit Monday the day after.
    let whit_sunday = (0..7).fold(easter, |s, _| next_weekday_after(s, Weekday::Sun));
    out.insert(next_weekday_after(whit_sunday, Weekday::Mon));
    // Koningsdag: the King's birthday (27 April), the Saturday before when it is a Sunday;
    // before 2014 the Queen's day (30 April) under the same rule.
    let birthday = if year >= 2014 {
        ymd(year, 4, 27)
    } else {
        ymd(year, 4, 30)
    };
    out.insert(if birthday.weekday() == Weekday::Sun {
        previous_weekday_before(birthday, Weekday::Sat)
    } else {
        birthday
    });
    out.insert(ymd(year, 5, 5));
    out.insert(ymd(year, 12, 25));
    out.insert(ymd(year, 12, 26));
    out
}

/// Every holiday of the years `from..=to`.
pub fn holidays_between(from: i32, to: i32) -> BTreeSet<NaiveDate> {
    (from..=to).flat_map(holidays).collect()
}

/// A working day in this model: Monday to Friday and not in `holidays`.
pub fn working(d: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    d.weekday().num_days_from_monday() < 5 && !holidays.contains(&d)
}

/// The first working day on or after `d` in this model.
pub fn first_working_from(d: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    let mut x = d;
    while !working(x, holidays) {
        x = x + Days::new(1);
    }
    x
}

/// The `n`-th working day after `d` in this model.
pub fn nth_working_after(d: NaiveDate, n: usize, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    d.iter_days()
        .skip(1)
        .filter(|x| working(*x, holidays))
        .nth(n - 1)
        .expect("a working day ahead")
}

/// Every day of the years `from..=to`.
pub fn days_of_years(from: i32, to: i32) -> impl Iterator<Item = NaiveDate> {
    let last = ymd(to, 12, 31);
    ymd(from, 1, 1).iter_days().take_while(move |d| *d <= last)
}
