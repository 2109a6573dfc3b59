//! Texts with values in them: functions that take the values and the language.

use super::ui::Ui;
use crate::core::lang::Lang;
use crate::core::time::format_offset;
use crate::store::Terms;

/// What exactly a request asks (the store's terms, in words).
pub fn asks(lang: Lang, t: &Terms) -> String {
    let secs = |ms: &Option<u64>| match (ms, lang) {
        (Some(ms), _) => lang.seconds(*ms),
        (None, Lang::Nl) => "de fragmenttijd die over is".into(),
        (None, Lang::En) => "the allowance left".into(),
    };
    match (t, lang) {
        (Terms::Preview { from_ms, want_ms }, Lang::Nl) => {
            format!(
                "fragment vanaf {}, {}",
                format_offset(*from_ms),
                secs(want_ms)
            )
        }
        (Terms::Preview { from_ms, want_ms }, Lang::En) => {
            format!(
                "preview from {} for {}",
                format_offset(*from_ms),
                secs(want_ms)
            )
        }
        (
            Terms::Exception {
                ground, review_on, ..
            },
            Lang::Nl,
        ) => format!(
            "een ouder niet informeren{}{}",
            ground.map(|g| format!(", grond {g}")).unwrap_or_default(),
            review_on
                .map(|d| format!(", herzien op {}", lang.date(d)))
                .unwrap_or_default()
        ),
        (
            Terms::Exception {
                ground, review_on, ..
            },
            Lang::En,
        ) => format!(
            "not notifying a parent{}{}",
            ground.map(|g| format!(", ground {g}")).unwrap_or_default(),
            review_on
                .map(|d| format!(", review on {}", lang.date(d)))
                .unwrap_or_default()
        ),
        (Terms::Deletion { .. }, Lang::Nl) => "de opname vernietigen".into(),
        (Terms::Deletion { .. }, Lang::En) => "deleting the recording".into(),
        (Terms::Downgrade { complaint }, Lang::Nl) => {
            format!("klacht {complaint} behandelen als informatieverzoek")
        }
        (Terms::Downgrade { complaint }, Lang::En) => {
            format!("treating complaint {complaint} as an information request")
        }
        (Terms::Settings { key, value }, Lang::Nl) => format!("{key} op {value} zetten"),
        (Terms::Settings { key, value }, Lang::En) => format!("setting {key} to {value}"),
        (Terms::Override, Lang::Nl) => {
            "verder gebruik vóór de reactie van een betrokkene of het besluit op een klacht".into()
        }
        (Terms::Override, Lang::En) => {
            "a further use before a subject's reply or a complaint's decision".into()
        }
        (Terms::Copy { copy, on }, Lang::Nl) => {
            format!("in jouw naam bevestigen dat kopie {copy} op {on} is vernietigd")
        }
        (Terms::Copy { copy, on }, Lang::En) => {
            format!("confirming in your name that copy {copy} was deleted on {on}")
        }
    }
}

/// While a request waits: for whom, which request, how long it still waits.
pub fn waiting_for(lang: Lang, lead: &str, request: Option<i64>, left_s: u64) -> String {
    let left = format_offset(left_s * 1000);
    match (lang, request) {
        (Lang::Nl, Some(id)) => format!(
            "Wacht op akkoord van {lead} (verzoek {id}), nog {left} · Esc trekt het verzoek in"
        ),
        (Lang::En, Some(id)) => {
            format!("Waiting for {lead}'s approval (request {id}), {left} left · Esc withdraws it")
        }
        (Lang::Nl, None) => format!("Akkoord vragen aan {lead}: {}", Ui::Asking.text(lang)),
        (Lang::En, None) => format!("Asking {lead} for approval: {}", Ui::Asking.text(lang)),
    }
}

/// A request was answered, ran out or was ended: what the requester is told.
pub fn answered(lang: Lang, status: &str, by: &str, because: Option<&str>) -> String {
    let because = because.unwrap_or(match lang {
        Lang::Nl => "geen reden gegeven",
        Lang::En => "no reason given",
    });
    match (lang, status) {
        (Lang::Nl, "approved") => format!("{by} gaf akkoord; het fragment start."),
        (Lang::En, "approved") => format!("{by} approved; the preview starts."),
        (Lang::Nl, "declined") => format!("{by} wees het verzoek af: {because}"),
        (Lang::En, "declined") => format!("{by} declined the request: {because}"),
        (Lang::Nl, "expired") => {
            format!("Geen antwoord van {by} op tijd: het verzoek is verlopen; er is niets gedaan.")
        }
        (Lang::En, "expired") => {
            format!("No answer from {by} in time: the request expired; nothing was done.")
        }
        (_, "withdrawn") => Ui::Withdrawn.text(lang).into(),
        (Lang::Nl, other) => format!("Het verzoek is {other}; er is niets gedaan."),
        (Lang::En, other) => format!("The request is {other}; nothing was done."),
    }
}

/// A lead answered a request from the inbox.
pub fn answer_given(lang: Lang, approved: bool, id: i64, requester: &str) -> String {
    match (lang, approved) {
        (Lang::Nl, true) => format!("Verzoek {id} goedgekeurd voor {requester}."),
        (Lang::En, true) => format!("Request {id} approved for {requester}."),
        (Lang::Nl, false) => format!("Verzoek {id} afgewezen; {requester} ziet waarom."),
        (Lang::En, false) => format!("Request {id} declined; {requester} is told why."),
    }
}

/// A kind of request to the team leaders, as the picker offers it.
pub fn escalation_kind_words(lang: Lang, k: crate::store::triage::EscalationKind) -> &'static str {
    use crate::store::triage::EscalationKind as K;
    match (lang, k) {
        (Lang::Nl, K::Other) => "een vraag aan de teamleiders",
        (Lang::En, K::Other) => "a question for the team leaders",
        (Lang::Nl, K::Preview) => "meeluisteren bij een fragment",
        (Lang::En, K::Preview) => "supervising a preview",
        (Lang::Nl, K::Exception) => "goedkeuren van een uitzondering op informeren",
        (Lang::En, K::Exception) => "approving an exception to notifying",
    }
}

/// While sound plays on a screen too small for the player: what, where, and how to stop.
pub fn playing_now(lang: Lang, item: i64, full: bool, pos: &str, stop: &str) -> String {
    match (lang, full) {
        (Lang::Nl, true) => format!("▶ Item {item} speelt ({pos}); {stop} stopt"),
        (Lang::Nl, false) => format!("▶ Fragment van item {item} speelt ({pos}); {stop} stopt"),
        (Lang::En, true) => format!("▶ Item {item} is playing ({pos}); {stop} stops it"),
        (Lang::En, false) => {
            format!("▶ A preview of item {item} is playing ({pos}); {stop} stops it")
        }
    }
}

/// A typed time that is not one, or not in the recording of `dur_ms`.
pub fn not_a_time(lang: Lang, text: &str, dur_ms: u64) -> String {
    let t = crate::core::time::format_offset(dur_ms);
    let text = text.chars().take(20).collect::<String>();
    match lang {
        Lang::Nl => format!("'{text}' is geen tijd in deze opname (0:00 tot {t})"),
        Lang::En => format!("'{text}' is not a time in this recording (0:00 to {t})"),
    }
}

/// After a lead ended escalation `id` of `by`.
pub fn escalation_ended(lang: Lang, id: i64, dismissed: bool, by: &str) -> String {
    match (lang, dismissed) {
        (Lang::Nl, false) => format!("Vraag {id} van {by} afgehandeld."),
        (Lang::En, false) => format!("Request {id} from {by} resolved."),
        (Lang::Nl, true) => format!("Vraag {id} van {by} afgewezen; {by} ziet waarom."),
        (Lang::En, true) => format!("Request {id} from {by} dismissed; {by} is told why."),
    }
}

/// On the player: how to ask the supervisor who is not at hand.
pub fn ask_hint(lang: Lang, key: &str, lead: &str) -> String {
    match lang {
        Lang::Nl => {
            format!("{key} om {lead} akkoord te vragen op hun eigen scherm (als die er niet is)")
        }
        Lang::En => {
            format!("{key} to ask {lead} for approval on their own screen (when not at hand)")
        }
    }
}

/// Under the PIN prompt: the other way.
pub fn or_ask(lang: Lang, key: &str) -> String {
    match lang {
        Lang::Nl => format!("of Esc en dan {key}: akkoord vragen op hun eigen scherm"),
        Lang::En => format!("or Esc, then {key}: ask for their approval on their own screen"),
    }
}

/// The demo's invitation to try approvals in a second session.
pub fn demo_second_session(lang: Lang, key: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "Probeer het met twee: start in een tweede terminal een medewerker (of lotte) op deze \
             demo, vraag daar bij een fragment met {key} om akkoord, en beantwoord het hier:"
        ),
        Lang::En => format!(
            "Try it with two: start a worker (or lotte) on this demo in a second terminal, ask \
             for approval of a preview there with {key}, and answer it here:"
        ),
    }
}

/// An hour, shortly ("3 u 5 min", "3 h 5 min").
pub fn hour(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "u",
        Lang::En => "h",
    }
}

/// The title bar's count of requests that wait for this lead.
pub fn to_approve(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Nl => format!("{n} wacht op je akkoord"),
        Lang::En => format!("{n} to approve"),
    }
}

/// A lead's PIN is needed for the exception they approve.
pub fn pin_needed(lang: Lang, lead: &str) -> String {
    match lang {
        Lang::Nl => format!("de PIN van {lead} is nodig"),
        Lang::En => format!("{lead}'s PIN is needed"),
    }
}

/// A subject's notification decision, as the notification form lists it.
pub fn decided_notified(lang: Lang, on: &chrono::NaiveDate) -> String {
    match lang {
        Lang::Nl => format!("geïnformeerd {on}"),
        Lang::En => format!("notified {on}"),
    }
}

/// An exception's ground in a few words, for one line of the notification form.
pub fn ground_short(lang: Lang, g: crate::core::model::ExceptionGround) -> &'static str {
    use crate::core::model::ExceptionGround as G;
    match (lang, g) {
        (Lang::Nl, G::Meldcode) => "veiligheid (Meldcode)",
        (Lang::En, G::Meldcode) => "safety (reporting code)",
        (Lang::Nl, G::VeiligThuis) => "advies van Veilig Thuis",
        (Lang::En, G::VeiligThuis) => "Veilig Thuis' advice",
        (Lang::Nl, G::Investigation) => "een onderzoek",
        (Lang::En, G::Investigation) => "an investigation",
        (Lang::Nl, G::Other) => "andere grond (in de reden)",
        (Lang::En, G::Other) => "another ground (in the reason)",
    }
}

/// A subject's exception, as the notification form lists it.
pub fn decided_exception(lang: Lang, approved_by: &str) -> String {
    match lang {
        Lang::Nl => format!("uitzondering ({approved_by})"),
        Lang::En => format!("exception ({approved_by})"),
    }
}

/// A child told through a parent, as the notification form and the item's details list it.
pub fn decided_via_parent(lang: Lang, parent: &str) -> String {
    match lang {
        Lang::Nl => format!("geïnformeerd via {parent}"),
        Lang::En => format!("told through {parent}"),
    }
}

/// A range's start marked on the access copy form, its end not yet.
pub fn start_marked(lang: Lang, at: &str) -> String {
    match lang {
        Lang::Nl => format!("begin bij {at}, nu Spatie bij het einde"),
        Lang::En => format!("start at {at}, now Space at the end"),
    }
}

/// What a grant did, at the top of the access copy screen.
pub fn access_granted(lang: Lang, subject: &str, request: i64, lead: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "Afschrift gemaakt voor {subject}: verzoek {request} toegewezen, akkoord van {lead}."
        ),
        Lang::En => {
            format!("Copy made for {subject}: request {request} granted, approved by {lead}.")
        }
    }
}

/// A further use recorded.
pub fn use_recorded(lang: Lang, id: i64, recipient: &str) -> String {
    match lang {
        Lang::Nl => format!("Gebruik {id} vastgelegd: een samenvatting gedeeld met {recipient}."),
        Lang::En => format!("Use {id} recorded: a summary shared with {recipient}."),
    }
}

/// A lead's decision on a subject's erasure request, recorded.
pub fn erasure_decided(
    lang: Lang,
    subject: &str,
    granted: bool,
    delete_by: chrono::NaiveDate,
) -> String {
    let by = lang.date(delete_by);
    match (lang, granted) {
        (Lang::Nl, true) => {
            format!("Verzoek om wissing van {subject} toegewezen: wis de opname uiterlijk {by}.")
        }
        (Lang::Nl, false) => format!("Verzoek om wissing van {subject} afgewezen."),
        (Lang::En, true) => {
            format!("{subject}'s erasure request granted: delete the recording by {by}.")
        }
        (Lang::En, false) => format!("{subject}'s erasure request refused."),
    }
}

/// One erasure request as the item screen lists it: undecided, its date to decide by (and
/// late); decided, how, by whom and when.
pub fn erasure_state(lang: Lang, e: &crate::tui::app::ErasureLine) -> String {
    match (&e.decision, &e.decided_by, e.decided_on) {
        (Some(d), by, on) => {
            let word = if d == "granted" {
                Ui::Granted
            } else {
                Ui::Refused
            };
            let mut t = word.text(lang).to_string();
            if let Some(by) = by {
                t.push_str(&format!(" {} {by}", Ui::By.text(lang)));
            }
            if let Some(on) = on {
                t.push_str(&format!(" {}", lang.date(on)));
            }
            t
        }
        (None, _, _) => {
            let mut t = format!("{} {}", Ui::DueOn.text(lang), lang.date(e.due_on));
            if e.overdue {
                t.push_str(&format!(" ({})", Ui::FlagOverdue.text(lang)));
            }
            t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english() {
        assert_eq!(Ui::Queue.text(Lang::Nl), "Wachtrij");
        assert_eq!(Ui::Queue.text(Lang::En), "Queue");
        assert_eq!(Ui::Flags.text(Lang::Nl), "Kenmerken");
        assert_eq!(Ui::Locked.text(Lang::Nl), "vergrendeld");
        assert_eq!(pin_needed(Lang::En, "Lea"), "Lea's PIN is needed");
        assert_eq!(pin_needed(Lang::Nl, "Lea"), "de PIN van Lea is nodig");
    }
}
