//! The organisation's time zone: documents show times as the reader's clock showed them
//! ("14:08"), not in UTC. Zones are read from the system's TZ database (`/usr/share/zoneinfo`,
//! Debian's `tzdata`), by their IANA name.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

/// The zone a team works in when its profile names none.
pub const DEFAULT_ZONE: &str = "Europe/Amsterdam";

/// A time zone by its IANA name, with its rules loaded.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: tz::TimeZone,
}

impl Zone {
    /// The zone called `name` ("Europe/Amsterdam"); an error saying why when it is not a
    /// zone name or this machine's TZ database does not have it.
    pub fn named(name: &str) -> Result<Zone, String> {
        let name = name.trim();
        let shaped = !name.is_empty()
            && name.len() <= 64
            && !name.starts_with('/')
            && !name
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..")
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
        if !shaped {
            return Err(format!(
                "{name:?} is not a time zone name such as {DEFAULT_ZONE}"
            ));
        }
        // The leading ':' makes it a file of the TZ database, never a POSIX rule.
        let tz = tz::TimeZone::from_posix_tz(&format!(":{name}")).map_err(|e| {
            format!(
                "the time zone {name} is not in this machine's time zone database \
                 (/usr/share/zoneinfo, package tzdata): {e}"
            )
        })?;
        Ok(Zone {
            name: name.to_string(),
            tz,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The wall-clock time in this zone at `t`.
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let offset = self
            .tz
            .find_local_time_type(t.timestamp())
            .map(|l| l.ut_offset())
            .unwrap_or(0);
        t.naive_utc() + TimeDelta::seconds(i64::from(offset))
    }

    /// The zone's abbreviation at `t` ("CET", "CEST"), where the database has one.
    pub fn abbreviation(&self, t: DateTime<Utc>) -> Option<String> {
        self.tz
            .find_local_time_type(t.timestamp())
            .ok()
            .map(|l| l.time_zone_designation().to_string())
            .filter(|a| a.chars().all(|c| c.is_ascii_alphabetic()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn amsterdam_is_one_hour_ahead_in_winter_and_two_in_summer() {
        let z = Zone::named("Europe/Amsterdam").unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 6, 8, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 6, 8, 0).unwrap();
        assert_eq!(z.local(winter).format("%H:%M").to_string(), "07:08");
        assert_eq!(z.local(summer).format("%H:%M").to_string(), "08:08");
        assert_eq!(z.abbreviation(summer).as_deref(), Some("CEST"));
    }

    #[test]
    fn names_that_are_no_zone_are_refused() {
        for bad in [
            "",
            "../etc/passwd",
            "/etc/localtime",
            "Europe/Nowhere",
            "a b",
            "EST5EDT,M3",
        ] {
            assert!(Zone::named(bad).is_err(), "{bad}");
        }
        assert_eq!(Zone::named(" UTC ").unwrap().name(), "UTC");
    }
}
