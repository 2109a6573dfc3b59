//! The words documents use outside their templates (table headers, dates, roles), in Dutch and
//! English.

use chrono::{Datelike, NaiveDate};

/// The language of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nl,
    En,
}

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

/// Words and phrases.
#[derive(Debug, Clone, Copy)]
pub enum L {
    Nothing,
    Nobody,
    NobodyListened,
    NotRecorded,
    When,
    Who,
    SupervisedBy,
    Kind,
    SecondsHeard,
    Length,
    Preview,
    Playback,
    NotClosed,
    Of,
    TimelineLabel,
    TimelineLegend,
    RoleSender,
    RoleParent,
    RoleChild,
    RoleProfessional,
    RoleOther,
    NoUses,
    SummaryBy,
    NoNotifications,
    WasNotified,
    NotNotified,
    ApprovedBy,
    SecretlyYes,
    SecretlyNo,
    SecretlyUnknown,
    IntentDefault,
    NoCopies,
    Where,
    Registered,
    DeletionConfirmedBy,
    On,
    Outstanding,
    AllCopiesConfirmed,
    CopiesOutstanding,
}

impl Lang {
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn t(&self, w: L) -> &'static str {
        use L::*;
        let (nl, en) = match w {
            Nothing => ("niets", "nothing"),
            Nobody => ("niemand", "nobody"),
            NobodyListened => (
                "Niemand heeft de opname beluisterd.",
                "Nobody has listened to the recording.",
            ),
            NotRecorded => ("(niet vastgelegd)", "(not recorded)"),
            When => ("Wanneer", "When"),
            Who => ("Wie", "Who"),
            SupervisedBy => ("Onder toezicht van", "Supervised by"),
            Kind => ("Soort", "Kind"),
            SecondsHeard => ("Beluisterde seconden", "Seconds heard"),
            Length => ("Duur", "Length"),
            Preview => ("kort fragment", "short preview"),
            Playback => ("afgespeeld", "playback"),
            NotClosed => (
                " (niet afgesloten: geteld als geheel)",
                " (not closed: counted in full)",
            ),
            Of => ("van", "of"),
            TimelineLabel => (
                "Beluisterde delen van de opname op de tijdlijn",
                "Parts of the recording heard, on its timeline",
            ),
            TimelineLegend => (
                "(`#` = beluisterd, `.` = niet beluisterd)",
                "(`#` = heard, `.` = not heard)",
            ),
            RoleSender => ("afzender", "sender"),
            RoleParent => ("ouder", "parent"),
            RoleChild => ("kind", "child"),
            RoleProfessional => ("professional", "professional"),
            RoleOther => ("anders", "other"),
            NoUses => (
                "De opname is (nog) niet gebruikt en niet met anderen gedeeld.",
                "The recording has not been used or shared with anyone (yet).",
            ),
            SummaryBy => ("samenvatting door", "summary by"),
            NoNotifications => (
                "Er is (nog) niemand geïnformeerd.",
                "Nobody has been informed (yet).",
            ),
            WasNotified => ("is geïnformeerd", "was informed"),
            NotNotified => ("niet geïnformeerd", "not informed"),
            ApprovedBy => ("goedgekeurd door", "approved by"),
            SecretlyYes => (
                "Volgens de afzender is de opname gemaakt zonder dat de anderen het wisten.",
                "According to the sender, it was recorded without the others knowing.",
            ),
            SecretlyNo => (
                "Volgens de afzender wisten de aanwezigen dat er werd opgenomen.",
                "According to the sender, those present knew they were being recorded.",
            ),
            SecretlyUnknown => (
                "Het is niet bekend of de aanwezigen wisten dat er werd opgenomen.",
                "It is not known whether those present knew they were being recorded.",
            ),
            IntentDefault => (
                "met u te bespreken wat er met de opname gebeurt, voordat wij er iets mee doen",
                "to discuss with you what happens with the recording before we do anything with it",
            ),
            NoCopies => (
                "Er zijn geen kopieën buiten het systeem bekend.",
                "No copies outside the system are known.",
            ),
            Where => ("Waar", "Where"),
            Registered => ("Geregistreerd", "Registered"),
            DeletionConfirmedBy => ("Verwijdering bevestigd door", "Deletion confirmed by"),
            On => ("Op", "On"),
            Outstanding => ("NOG NIET BEVESTIGD", "NOT YET CONFIRMED"),
            AllCopiesConfirmed => (
                "De verwijdering van alle bekende kopieën is bevestigd.",
                "The deletion of every known copy is confirmed.",
            ),
            CopiesOutstanding => (
                "Kopieën waarvan de verwijdering nog niet is bevestigd",
                "Copies whose deletion is not yet confirmed",
            ),
        };
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// A date as people write it: "2 maart 2026", "2 March 2026".
    pub fn date(&self, d: NaiveDate) -> String {
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

    /// A channel's name.
    pub fn channel(&self, c: &str) -> String {
        match (self, c) {
            (_, "whatsapp") => "WhatsApp".into(),
            (_, "sms") => "sms".into(),
            (Lang::Nl, "email") => "e-mail".into(),
            (Lang::En, "email") => "e-mail".into(),
            (Lang::Nl, "upload") => "upload".into(),
            (Lang::Nl, "other") => "een ander kanaal".into(),
            (Lang::En, "other") => "another channel".into(),
            (_, other) => other.to_string(),
        }
    }

    /// What a deletion destroyed, in words: from the store's one list of what deletion
    /// destroys ([`SHREDDED`](crate::store::due::deletion::SHREDDED)); an unknown code as it is.
    pub fn destroyed(&self, code: &str) -> String {
        match crate::store::due::deletion::Shredded::by_code(code) {
            Some(s) => s.describe(self.code()).to_string(),
            None => code.to_string(),
        }
    }
}
