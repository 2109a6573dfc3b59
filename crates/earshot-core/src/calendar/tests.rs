use super::reference;
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn easter_agrees_with_gauss_and_with_the_published_dates() {
    for year in 1900..=2200 {
        assert_eq!(
            easter_sunday(year),
            Some(reference::gauss_easter(year)),
            "{year}"
        );
    }
    // Easter Sunday as published (e.g. in church calendars), 2024–2035.
    let published = [
        "2024-03-31",
        "2025-04-20",
        "2026-04-05",
        "2027-03-28",
        "2028-04-16",
        "2029-04-01",
        "2030-04-21",
        "2031-04-13",
        "2032-03-28",
        "2033-04-17",
        "2034-04-09",
        "2035-03-25",
    ];
    for (year, p) in (2024..=2035).zip(published) {
        assert_eq!(easter_sunday(year), Some(d(p)), "{year}");
        assert_eq!(reference::gauss_easter(year), d(p), "{year}");
    }
    // Gauss's two exceptional years in this span (26 → 19 April, 25 → 18 April).
    assert_eq!(easter_sunday(1981), Some(d("1981-04-19")));
    assert_eq!(easter_sunday(1954), Some(d("1954-04-18")));
}

#[test]
fn every_day_of_2024_to_2035_is_a_holiday_exactly_when_the_second_model_says_so() {
    let holidays = reference::holidays_between(2024, 2035);
    assert_eq!(holidays.len(), 12 * 9);
    for day in reference::days_of_years(2024, 2035) {
        assert_eq!(
            is_general_holiday(day),
            holidays.contains(&day),
            "{day} ({:?})",
            holiday_name(day)
        );
        assert_eq!(
            is_working_day(day),
            reference::working(day, &holidays),
            "{day}"
        );
        assert_eq!(
            next_working_day_on_or_after(day),
            reference::first_working_from(day, &holidays),
            "{day}"
        );
    }
    for year in 2024..=2035 {
        let listed: Vec<NaiveDate> = general_holidays(year).iter().map(|(d, _)| *d).collect();
        let expected: Vec<NaiveDate> = reference::holidays(year).into_iter().collect();
        assert_eq!(listed, expected, "{year}");
    }
}

#[test]
fn the_holidays_of_2026_by_name() {
    // Worked out by hand: Easter Sunday is 5 April 2026.
    let names: Vec<(String, &str)> = general_holidays(2026)
        .into_iter()
        .map(|(d, n)| (d.to_string(), n))
        .collect();
    let want = [
        ("2026-01-01", "Nieuwjaarsdag"),
        ("2026-04-03", "Goede Vrijdag"),
        ("2026-04-06", "Tweede Paasdag"),
        ("2026-04-27", "Koningsdag"),
        ("2026-05-05", "Bevrijdingsdag"),
        ("2026-05-14", "Hemelvaartsdag"),
        ("2026-05-25", "Tweede Pinksterdag"),
        ("2026-12-25", "Eerste Kerstdag"),
        ("2026-12-26", "Tweede Kerstdag"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(d, n)| (d.to_string(), *n)).collect();
    assert_eq!(names, want);
    assert_eq!(holiday_name(d("2026-05-14")), Some("Hemelvaartsdag"));
    assert_eq!(holiday_name(d("2026-05-15")), None);
}

#[test]
fn koningsdag_moves_to_saturday_when_27_april_is_a_sunday() {
    // 27 April is a Sunday in 2025 and 2031.
    assert_eq!(koningsdag(2025), Some(d("2025-04-26")));
    assert_eq!(koningsdag(2031), Some(d("2031-04-26")));
    assert_eq!(koningsdag(2026), Some(d("2026-04-27")));
    assert!(!is_general_holiday(d("2025-04-27")));
    // Queen's Day before 2014: 30 April, 29 April in 2006 when the 30th was a Sunday.
    assert_eq!(koningsdag(2013), Some(d("2013-04-30")));
    assert_eq!(koningsdag(2006), Some(d("2006-04-29")));
}

#[test]
fn a_limit_ending_on_a_weekend_or_holiday_moves_to_the_next_working_day() {
    // Saturday 28 February 2026 → Monday 2 March.
    assert_eq!(statutory_deadline(d("2026-02-28")), d("2026-03-02"));
    // Good Friday 3 April 2026 → past Easter Monday 6 April → Tuesday 7 April.
    assert_eq!(statutory_deadline(d("2026-04-03")), d("2026-04-07"));
    // Friday 25 December 2026 (Christmas), Saturday 26, Sunday 27 → Monday 28 December.
    assert_eq!(statutory_deadline(d("2026-12-25")), d("2026-12-28"));
    // Thursday 31 December 2026 is a working day and stays.
    assert_eq!(statutory_deadline(d("2026-12-31")), d("2026-12-31"));
    // Saturday 1 January 2028 (New Year, a Saturday) → Monday 3 January.
    assert_eq!(statutory_deadline(d("2028-01-01")), d("2028-01-03"));
}

#[test]
fn a_limit_of_three_days_or_more_holds_two_working_days() {
    // Atw art. 2. Friday 6 March 2026 + 3 days = Monday 9 March: Saturday, Sunday and Monday
    // hold one working day, so the limit runs to Tuesday 10 March.
    assert_eq!(term_end(d("2026-03-06"), d("2026-03-09")), d("2026-03-10"));
    // From Wednesday 1 April 2026, 3 days end on Saturday 4 April; Good Friday and Easter
    // Monday follow: art. 1 gives Tuesday 7 April, which holds Thursday 2 and Tuesday 7 April.
    assert_eq!(term_end(d("2026-04-01"), d("2026-04-04")), d("2026-04-07"));
    // From Wednesday 23 December 2026, 4 days end on Sunday 27 December; Thursday 24 is the
    // only working day before Monday 28, which art. 1 and art. 2 both reach.
    assert_eq!(term_end(d("2026-12-23"), d("2026-12-27")), d("2026-12-28"));
    // From Thursday 24 December 2026, 4 days end on Monday 28 December, the only working day
    // in it (Christmas, Boxing Day, a weekend): extended to Tuesday 29 December.
    assert_eq!(term_end(d("2026-12-24"), d("2026-12-28")), d("2026-12-29"));
    // A limit under three days is left to art. 1 alone: Friday + 2 days = Sunday → Monday.
    assert_eq!(term_end(d("2026-03-06"), d("2026-03-08")), d("2026-03-09"));
    // A long limit ending on a working day stays.
    assert_eq!(term_end(d("2026-03-02"), d("2026-04-13")), d("2026-04-13"));
}

#[test]
fn working_days_skip_weekends_and_holidays() {
    let holidays = reference::holidays_between(2024, 2036);
    for day in reference::days_of_years(2024, 2035) {
        for n in [1, 5] {
            assert_eq!(
                add_working_days(day, n),
                reference::nth_working_after(day, n as usize, &holidays),
                "{day} + {n}"
            );
        }
        let five = add_working_days(day, 5);
        assert_eq!(working_days_in(day, five), 5, "{day}");
    }
    // Monday 22 December 2025: Tuesday 23, Wednesday 24, (Christmas, Boxing Day, weekend),
    // Monday 29, Tuesday 30, Wednesday 31 December.
    assert_eq!(add_working_days(d("2025-12-22"), 5), d("2025-12-31"));
    assert_eq!(add_working_days(d("2026-03-02"), 0), d("2026-03-02"));
    assert_eq!(working_days_in(d("2026-03-02"), d("2026-03-01")), 0);
}
