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

    pub fn parse(s: &str) -> Result<Lang, String> {
        match s.to_ascii_lowercase().as_str() {
            "nl" => Ok(Lang::Nl),
            "en" => Ok(Lang::En),
            _ => Err(format!(
                "'{s}' is not a language earshot speaks; use nl or en"
            )),
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
    }
}
