//! What a user types on the command line — dates, times, subjects, a language, a kind of
//! escalation — read by the core's parsers, with what is wrong said in the user's language
//! (the English is the core's own sentence).

use chrono::{DateTime, NaiveDate, Utc};

use super::failure::{Failure, bad};
use crate::core::lang::Lang;
use crate::core::model::Person;

/// A calendar date, "2026-03-01".
pub(crate) fn date(s: &str) -> Result<NaiveDate, Failure> {
    crate::core::time::parse_date(s).map_err(|en| {
        bad(
            format!("'{s}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-01"),
            en,
        )
    })
}

/// A date that does not lie after `now`.
pub(crate) fn past_date(s: &str, now: DateTime<Utc>) -> Result<NaiveDate, Failure> {
    let d = date(s)?;
    crate::core::time::parse_past_date(s, now)
        .map_err(|en| bad(format!("de datum {d} ligt in de toekomst"), en))
}

/// A moment in a recording, "1:30" or "90" or "0:02.5", in milliseconds.
pub(crate) fn offset(s: &str) -> Result<u64, Failure> {
    crate::core::time::parse_offset(s).map_err(|en| {
        bad(
            format!("'{s}' is geen tijd; schrijf MM:SS of UU:MM:SS, bijvoorbeeld 01:30"),
            en,
        )
    })
}

/// A subject as NAME:ROLE.
pub(crate) fn subject(s: &str) -> Result<Person, Failure> {
    crate::core::model::parse_subject(s).map_err(|en| {
        let nl = match s.rsplit_once(':') {
            None => format!(
                "bij betrokkene '{s}' staat geen rol; schrijf NAAM:ROL, bijvoorbeeld \
                 \"Maria:parent\" (rollen: parent, child, professional, other)"
            ),
            Some((name, _)) if name.trim().is_empty() => {
                format!("bij betrokkene '{s}' staat geen naam")
            }
            Some((_, role)) => format!(
                "'{role}' is geen rol voor een persoon; kies uit: sender, parent, child, \
                 professional, other"
            ),
        };
        bad(nl, en)
    })
}

/// The language of a document: nl or en.
pub(crate) fn lang(s: &str) -> Result<Lang, Failure> {
    s.parse().map_err(|en: String| {
        bad(
            format!(
                "'{}' is geen taal waarin earshot schrijft; kies nl of en",
                s.trim()
            ),
            en,
        )
    })
}

/// `--received-on`: a day (taken as its start, UTC) or a moment in RFC 3339.
pub(crate) fn receipt(s: &str) -> Result<DateTime<Utc>, Failure> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(t.to_utc());
    }
    Ok(date(s)?.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// What an escalation is about: preview, exception or other.
pub(crate) fn escalation_kind(s: &str) -> Result<crate::store::triage::EscalationKind, Failure> {
    crate::store::triage::EscalationKind::parse(s).map_err(|en| {
        bad(
            format!("'{s}' is geen soort escalatie; kies preview, exception of other"),
            en,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::failure::speaking;

    fn nl<T: std::fmt::Debug>(r: impl FnOnce() -> Result<T, Failure>) -> String {
        speaking(Lang::Nl, r)
            .expect_err("a failure")
            .message()
            .to_string()
    }

    #[test]
    fn what_is_typed_wrong_is_said_in_dutch() {
        assert!(nl(|| date("1-3-2026")).starts_with("'1-3-2026' is geen datum"));
        let now = Utc::now();
        assert!(nl(|| past_date("2999-01-01", now)).contains("ligt in de toekomst"));
        assert!(nl(|| offset("1:75")).contains("is geen tijd"));
        assert!(nl(|| subject("Maria")).contains("staat geen rol"));
        assert!(nl(|| subject(":parent")).contains("staat geen naam"));
        assert!(nl(|| subject("Maria:aunt")).contains("'aunt' is geen rol"));
        assert!(nl(|| lang("fr")).contains("kies nl of en"));
        assert!(nl(|| escalation_kind("x")).contains("geen soort escalatie"));
    }

    #[test]
    fn in_english_the_core_says_it() {
        let f = speaking(Lang::En, || date("x")).expect_err("a failure");
        assert_eq!(
            f.message(),
            crate::core::time::parse_date("x").expect_err("bad")
        );
        assert_eq!(
            speaking(Lang::En, || receipt("2026-03-01T10:00:00Z")).ok(),
            Some(
                DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
                    .expect("moment")
                    .to_utc()
            )
        );
    }
}
