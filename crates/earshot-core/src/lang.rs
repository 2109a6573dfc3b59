//! The two languages of the interface and of everything earshot writes for people: Dutch, for
//! the families and most teams, and English.

use chrono::{DateTime, Datelike, Timelike};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    #[default]
    En,
}

impl Lang {
    /// From `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): Dutch for `nl…`.
    pub fn detect(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> Lang {
        if let Some(f) = flag {
            return if f.eq_ignore_ascii_case("nl") {
                Lang::Nl
            } else {
                Lang::En
            };
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = env(var).filter(|v| !v.is_empty()) {
                return if v.to_ascii_lowercase().starts_with("nl") {
                    Lang::Nl
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// The language's code, as in `--lang` and in `<html lang>`.
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Seconds with their tenths: "20,0 s" in Dutch (decimal comma), "20.0 s" in English.
    pub fn seconds(&self, ms: u64) -> String {
        let s = crate::time::format_seconds(ms);
        match self {
            Lang::Nl => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// A place in a recording with its tenth of a second: "0:06,5" in Dutch, "0:06.5" in
    /// English.
    pub fn offset_tenths(&self, ms: u64) -> String {
        let s = crate::time::format_offset_tenths(ms);
        match self {
            Lang::Nl => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// A date and time as people in this language write it (the caller picks the time zone).
    pub fn datetime<Tz: chrono::TimeZone>(&self, t: DateTime<Tz>) -> String {
        format!(
            "{} {:02}:{:02}",
            self.date(t.date_naive()),
            t.hour(),
            t.minute()
        )
    }

    /// A short date, for screens: "2 mrt 2026", "2 Mar 2026".
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        const NL: [&str; 12] = [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let m = d.month0() as usize;
        match self {
            Lang::Nl => format!("{} {} {}", d.day(), NL[m], d.year()),
            Lang::En => format!("{} {} {}", d.day(), EN[m], d.year()),
        }
    }

    /// A date as documents write it: "2 maart 2026", "2 March 2026".
    pub fn long_date(&self, d: chrono::NaiveDate) -> String {
        const NL: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let m = d.month0() as usize;
        let name = match self {
            Lang::Nl => NL[m],
            Lang::En => EN[m],
        };
        format!("{} {name} {}", d.day(), d.year())
    }
}

/// `nl` or `en`, as documents' `--lang` takes it.
impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" => Ok(Lang::Nl),
            "en" => Ok(Lang::En),
            other => Err(format!(
                "'{other}' is not a language earshot writes; use nl or en"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_locale() {
        let env = |k: &str| (k == "LANG").then(|| "nl_NL.UTF-8".to_string());
        assert_eq!(Lang::detect(None, &env), Lang::Nl);
        assert_eq!(Lang::detect(Some("en"), &env), Lang::En);
        let none = |_: &str| None;
        assert_eq!(Lang::detect(None, &none), Lang::En);
        let all = |k: &str| (k == "LC_ALL").then(|| "en_GB.UTF-8".to_string());
        assert_eq!(Lang::detect(None, &all), Lang::En);
    }

    #[test]
    fn dates_in_each_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(Lang::Nl.date(d), "2 mrt 2026");
        assert_eq!(Lang::En.date(d), "2 Mar 2026");
        assert_eq!(Lang::Nl.long_date(d), "2 maart 2026");
        assert_eq!(Lang::En.long_date(d), "2 March 2026");
    }

    #[test]
    fn codes_parse_back_and_seconds_take_the_decimal_comma_in_dutch() {
        for l in [Lang::Nl, Lang::En] {
            assert_eq!(l.code().parse::<Lang>(), Ok(l));
        }
        assert_eq!(" NL ".parse::<Lang>(), Ok(Lang::Nl));
        assert_eq!(
            "de".parse::<Lang>(),
            Err("'de' is not a language earshot writes; use nl or en".to_string())
        );
        assert_eq!(Lang::Nl.seconds(20_000), "20,0 s");
        assert_eq!(Lang::En.seconds(20_000), "20.0 s");
        assert_eq!(Lang::Nl.offset_tenths(3_723_950), "1:02:03,9");
        assert_eq!(Lang::En.offset_tenths(6_500), "0:06.5");
    }
}
