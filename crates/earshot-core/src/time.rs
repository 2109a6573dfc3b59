//! Times as people type and read them, and ranges of seconds heard.

use chrono::{DateTime, NaiveDate, Utc};

/// Parses "SS", "MM:SS" or "HH:MM:SS" (seconds may have a fraction) into milliseconds.
///
/// ```
/// use earshot_core::time::parse_offset;
/// assert_eq!(parse_offset("1:50:00"), Ok(6_600_000));
/// assert_eq!(parse_offset("0:02.5"), Ok(2_500));
/// assert!(parse_offset("1:60").is_err());
/// ```
pub fn parse_offset(s: &str) -> Result<u64, String> {
    let bad = || format!("'{s}' is not a time; write it as MM:SS or HH:MM:SS, e.g. 01:30");
    let parts: Vec<&str> = s.trim().split(':').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(bad());
    }
    let (last, rest) = parts.split_last().ok_or_else(bad)?;
    let secs: f64 = last.parse().map_err(|_| bad())?;
    if !secs.is_finite() || secs < 0.0 || (!rest.is_empty() && secs >= 60.0) {
        return Err(bad());
    }
    let mut total_ms: u64 = 0;
    for (i, p) in rest.iter().enumerate() {
        let v: u64 = p.parse().map_err(|_| bad())?;
        if i > 0 && v >= 60 {
            return Err(bad());
        }
        total_ms = total_ms
            .checked_mul(60)
            .and_then(|t| t.checked_add(v))
            .ok_or_else(bad)?;
    }
    let total_ms = total_ms.checked_mul(60_000).ok_or_else(bad)?;
    Ok(total_ms + (secs * 1000.0).round() as u64)
}

/// Formats milliseconds as M:SS (or H:MM:SS), with tenths when asked.
pub fn format_offset(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Formats milliseconds as M:SS.t (or H:MM:SS.t), tenths rounded down: where a range of
/// silence begins or ends.
///
/// ```
/// use earshot_core::time::format_offset_tenths;
/// assert_eq!(format_offset_tenths(6_500), "0:06.5");
/// assert_eq!(format_offset_tenths(3_723_950), "1:02:03.9");
/// ```
pub fn format_offset_tenths(ms: u64) -> String {
    format!("{}.{}", format_offset(ms), (ms % 1000) / 100)
}

/// Formats milliseconds as seconds with one decimal ("12.3 s").
pub fn format_seconds(ms: u64) -> String {
    format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
}

/// Parses a calendar date as typed ("2026-03-01").
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"))
}

/// A date that may not lie in the future.
pub fn parse_past_date(s: &str, now: DateTime<Utc>) -> Result<NaiveDate, String> {
    let d = parse_date(s)?;
    if d > now.date_naive() {
        return Err(format!("the date {d} lies in the future"));
    }
    Ok(d)
}

/// Working days that have passed from `from` to `to`: the days after `from`, up to and including
/// `to`, that are not a Saturday, a Sunday or a general holiday (see [`crate::calendar`]).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    crate::calendar::working_days_in(from, to)
}

/// Merges overlapping or touching ranges `[start, end)` (milliseconds).
///
/// ```
/// use earshot_core::time::merge_ranges;
/// assert_eq!(merge_ranges(vec![(5, 10), (0, 5), (20, 30)]), vec![(0, 10), (20, 30)]);
/// ```
pub fn merge_ranges(mut ranges: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    ranges.retain(|(a, b)| b > a);
    ranges.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Total length of merged ranges.
pub fn ranges_total(ranges: &[(u64, u64)]) -> u64 {
    merge_ranges(ranges.to_vec())
        .iter()
        .map(|(a, b)| b - a)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("90").unwrap(), 90_000);
        assert_eq!(parse_offset("01:30").unwrap(), 90_000);
        assert_eq!(parse_offset("1:50:00").unwrap(), 6_600_000);
        assert_eq!(parse_offset("0:02.5").unwrap(), 2_500);
        for bad in [
            "", "1:", ":30", "1:60", "a:b", "-1", "1:2:3:4", "1:99:00", "nan",
        ] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
        assert!(parse_offset("99999999999999999:00").is_err());
    }

    #[test]
    fn offsets_format() {
        assert_eq!(format_offset(90_500), "1:30");
        assert_eq!(format_offset(6_600_000), "1:50:00");
        assert_eq!(format_seconds(12_345), "12.3 s");
    }

    #[test]
    fn ranges_merge() {
        assert_eq!(
            merge_ranges(vec![(5, 10), (0, 3), (3, 4), (8, 12), (20, 20)]),
            vec![(0, 4), (5, 12)]
        );
        assert_eq!(ranges_total(&[(0, 10), (5, 15)]), 15);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let d = |s| parse_date(s).unwrap();
        // Friday to Monday: one working day.
        assert_eq!(working_days_between(d("2026-11-27"), d("2026-11-30")), 1);
        assert_eq!(working_days_between(d("2026-11-23"), d("2026-11-27")), 4);
        assert_eq!(working_days_between(d("2026-11-27"), d("2026-11-27")), 0);
        assert_eq!(working_days_between(d("2026-11-30"), d("2026-11-27")), 0);
        // Christmas 2026 falls on a Friday: from Wednesday 23 to Monday 28 December only
        // Thursday 24 and Monday 28 are working days.
        assert_eq!(working_days_between(d("2026-12-23"), d("2026-12-28")), 2);
        // Easter 2026: Good Friday 3 April and Easter Monday 6 April are not working days.
        assert_eq!(working_days_between(d("2026-04-02"), d("2026-04-07")), 1);
    }

    #[test]
    fn future_dates_refused() {
        let now = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .to_utc();
        assert!(parse_past_date("2026-03-01", now).is_ok());
        assert!(parse_past_date("2026-03-02", now).is_err());
        assert!(parse_date("01-03-2026").is_err());
    }
}
