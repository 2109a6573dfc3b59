//! The nouns of the domain: users, people on a recording, items and their stages.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Identifier of an item (one received recording).
pub type ItemId = i64;

/// A team member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Team leader (teamleider): supervises previews, approves exceptions and deletions.
    Lead,
    /// Worker (medewerker).
    Worker,
}

/// A member of the team roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub role: Role,
}

impl User {
    pub fn new(name: impl Into<String>, role: Role) -> Self {
        User {
            name: name.into(),
            role,
        }
    }
    pub fn is_lead(&self) -> bool {
        self.role == Role::Lead
    }
}

/// How a person appears on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PersonRole {
    Sender,
    Parent,
    Child,
    Professional,
    Other,
}

/// Channel through which an item was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Whatsapp,
    Email,
    Sms,
    /// A phone call or voicemail, recorded on a worker's phone.
    Phone,
    Upload,
    Other,
}

impl Channel {
    /// Whether a recording that came this way is left on the receiving worker's phone (a chat
    /// app, the messages, the call recorder): the import registers that phone as a copy.
    pub fn leaves_phone_copy(&self) -> bool {
        matches!(self, Channel::Whatsapp | Channel::Sms | Channel::Phone)
    }

    /// Its name as a copy's location says it ("phone of wim (WhatsApp)").
    pub fn display_name(&self) -> &'static str {
        match self {
            Channel::Whatsapp => "WhatsApp",
            Channel::Email => "e-mail",
            Channel::Sms => "SMS",
            Channel::Phone => "phone call",
            Channel::Upload => "upload",
            Channel::Other => "other",
        }
    }

    /// Where the import of a recording received by `receiver` this way leaves a copy, if it
    /// leaves one: `phone of wim (WhatsApp)`, as `import-chat` has always registered it.
    pub fn phone_copy_of(&self, receiver: &str) -> Option<String> {
        self.leaves_phone_copy()
            .then(|| format!("phone of {receiver} ({})", self.display_name()))
    }
}

/// A copy's location as a reader of `lang` reads it. The locations earshot writes itself
/// (`phone of wim (WhatsApp)`, `copy handed to the subject (access request 3)`) are stored in
/// English, as `delete --copy` and scripts name them; in Dutch they are said in Dutch. A
/// location a person typed is shown as typed.
pub fn copy_location_text(location: &str, lang: crate::lang::Lang) -> String {
    if lang == crate::lang::Lang::En {
        return location.to_string();
    }
    if let Some(rest) = location.strip_prefix("phone of ")
        && let Some((who, how)) = rest.strip_suffix(')').and_then(|r| r.rsplit_once(" ("))
    {
        let how = match how {
            "phone call" => "telefoongesprek",
            "e-mail" => "e-mail",
            "upload" => "upload",
            "other" => "anders",
            other => other,
        };
        return format!("telefoon van {who} ({how})");
    }
    if let Some(n) = location
        .strip_prefix("copy handed to the subject (access request ")
        .and_then(|r| r.strip_suffix(')'))
    {
        return format!("kopie aan de betrokkene gegeven (inzageverzoek {n})");
    }
    location.to_string()
}

/// What kind of copy outside the store a copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// A copy the team must see deleted (a worker's phone, a forwarded e-mail): outstanding
    /// until its deletion is confirmed. It blocks nothing, but `due` lists it.
    #[default]
    Held,
    /// The subject's own copy, handed to them under their right of access: listed, never
    /// outstanding, never confirmed.
    Handed,
}

impl CopyKind {
    /// Whether it is the default kind (left out of the log's entries, as before kinds).
    pub fn is_held(&self) -> bool {
        *self == CopyKind::Held
    }
}

/// Whether the sender recorded the conversation without the others knowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Secretly {
    Yes,
    No,
    #[default]
    Unknown,
}

/// Why a subject is not told of a recording (AVG art. 14(5) and art. 23 as the Uitvoeringswet
/// AVG and the Jeugdwet fill them in): the ground an exception rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionGround {
    /// Telling them would endanger a child or a professional (Meldcode huiselijk geweld en
    /// kindermishandeling).
    Meldcode,
    /// On the advice of Veilig Thuis.
    VeiligThuis,
    /// Telling them now would harm an investigation.
    Investigation,
    Other,
}

impl ExceptionGround {
    /// The ground in words, for letters, reports and screens.
    pub fn text(&self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::{En, Nl};
        match (lang, self) {
            (En, Self::Meldcode) => {
                "the safety of a child or a professional (reporting code on domestic violence)"
            }
            (Nl, Self::Meldcode) => {
                "de veiligheid van een kind of een professional (Meldcode huiselijk geweld en \
                 kindermishandeling)"
            }
            (En, Self::VeiligThuis) => "on the advice of Veilig Thuis",
            (Nl, Self::VeiligThuis) => "op advies van Veilig Thuis",
            (En, Self::Investigation) => "an investigation that telling them would harm",
            (Nl, Self::Investigation) => "een onderzoek dat zou worden geschaad",
            (En, Self::Other) => "another ground, given in the reason",
            (Nl, Self::Other) => "een andere grond, genoemd in de reden",
        }
    }
}

/// Where an item is in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Received,
    Described,
    NotificationDecided,
    Used,
    Deleted,
}

macro_rules! word_enum {
    ($t:ty, $what:literal, $($v:ident = $s:literal),+) => {
        impl $t {
            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($s => Ok(Self::$v),)+
                    other => Err(format!(
                        concat!("'{}' is not a ", $what, "; use one of: {}"),
                        other,
                        [$($s),+].join(", ")
                    )),
                }
            }
        }
    };
}

word_enum!(Role, "role", Lead = "lead", Worker = "worker");
word_enum!(
    PersonRole,
    "role for a person",
    Sender = "sender",
    Parent = "parent",
    Child = "child",
    Professional = "professional",
    Other = "other"
);
word_enum!(
    Channel,
    "channel",
    Whatsapp = "whatsapp",
    Email = "email",
    Sms = "sms",
    Phone = "phone",
    Upload = "upload",
    Other = "other"
);
word_enum!(CopyKind, "kind of copy", Held = "held", Handed = "handed");
word_enum!(
    Secretly,
    "yes/no/unknown answer",
    Yes = "yes",
    No = "no",
    Unknown = "unknown"
);
word_enum!(
    ExceptionGround,
    "ground for an exception",
    Meldcode = "meldcode",
    VeiligThuis = "veilig-thuis",
    Investigation = "investigation",
    Other = "other"
);
word_enum!(
    Stage,
    "stage",
    Received = "received",
    Described = "described",
    NotificationDecided = "notification_decided",
    Used = "used",
    Deleted = "deleted"
);

impl Stage {
    /// Words for people, not machines.
    pub fn label(&self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::Described => "described",
            Stage::NotificationDecided => "notification decided",
            Stage::Used => "used",
            Stage::Deleted => "deleted",
        }
    }
}

/// What a worker asks the team leaders for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EscalationKind {
    #[default]
    Other,
    /// A preview needs a lead to supervise it.
    Preview,
    /// An exception to notifying a parent awaits a lead's approval.
    Exception,
}

impl EscalationKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EscalationKind::Other => "other",
            EscalationKind::Preview => "preview",
            EscalationKind::Exception => "exception",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "other" => Ok(EscalationKind::Other),
            "preview" => Ok(EscalationKind::Preview),
            "exception" => Ok(EscalationKind::Exception),
            o => Err(format!(
                "'{o}' is not a kind of escalation; use preview, exception or other"
            )),
        }
    }
}

/// What a lead is asked to approve from their own session (`earshot approvals`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApprovalKind {
    /// A supervised preview of an item.
    Preview,
    /// An exception to notifying a parent.
    Exception,
    /// The deletion of an item.
    Deletion,
    /// Treating a complaint as an information request.
    Downgrade,
    /// A settings change that widens access.
    Settings,
    /// A further use while a subject may still reply or a complaint is open.
    Override,
    /// Confirming, for another member, that their copy outside the store was deleted: asked
    /// of that member, whatever their role.
    Copy,
}

impl ApprovalKind {
    pub const ALL: [ApprovalKind; 7] = [
        ApprovalKind::Preview,
        ApprovalKind::Exception,
        ApprovalKind::Deletion,
        ApprovalKind::Downgrade,
        ApprovalKind::Settings,
        ApprovalKind::Override,
        ApprovalKind::Copy,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ApprovalKind::Preview => "preview",
            ApprovalKind::Exception => "exception",
            ApprovalKind::Deletion => "deletion",
            ApprovalKind::Downgrade => "downgrade",
            ApprovalKind::Settings => "settings",
            ApprovalKind::Override => "override",
            ApprovalKind::Copy => "copy",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What is asked, in Dutch or English.
    pub fn text(&self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang;
        match (lang, self) {
            (Lang::En, ApprovalKind::Preview) => "a supervised preview",
            (Lang::Nl, ApprovalKind::Preview) => "een fragment met meeluisteren",
            (Lang::En, ApprovalKind::Exception) => "an exception to notifying a parent",
            (Lang::Nl, ApprovalKind::Exception) => {
                "een uitzondering op het informeren van een ouder"
            }
            (Lang::En, ApprovalKind::Deletion) => "a deletion",
            (Lang::Nl, ApprovalKind::Deletion) => "een vernietiging",
            (Lang::En, ApprovalKind::Downgrade) => "treating a complaint as an information request",
            (Lang::Nl, ApprovalKind::Downgrade) => "een klacht als informatieverzoek behandelen",
            (Lang::En, ApprovalKind::Settings) => "a settings change that widens access",
            (Lang::Nl, ApprovalKind::Settings) => {
                "een wijziging van de instellingen die meer toegang geeft"
            }
            (Lang::En, ApprovalKind::Override) => {
                "a further use before a subject's reply or a complaint's decision"
            }
            (Lang::Nl, ApprovalKind::Override) => {
                "verder gebruik vóór de reactie van een betrokkene of het besluit op een klacht"
            }
            (Lang::En, ApprovalKind::Copy) => "confirming that a copy of yours was deleted",
            (Lang::Nl, ApprovalKind::Copy) => "bevestigen dat een kopie van jou is vernietigd",
        }
    }
}

/// A person on (or discussed in) a recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub role: PersonRole,
}

/// The normalised form of a name used to compare people ("Maria  de Vries" = "maria de vries").
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What the team recorded about an item before listening to it in full.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub sender: Option<String>,
    pub subjects: Vec<Person>,
    /// The sender's stated reason for sending it.
    pub purpose: Option<String>,
    pub secretly: Secretly,
    pub legal_basis: Option<String>,
    /// The team's purpose of processing.
    pub processing_purpose: Option<String>,
}

impl Metadata {
    /// The people on the recording other than the sender, whatever their role (a parent, a
    /// child, a professional, anyone else): each must have a notification decision before
    /// further use (AVG art. 14 concerns every data subject). Listed once per person (names
    /// compare normalised), in the order described.
    pub fn subjects_to_notify(&self) -> Vec<&Person> {
        let sender = self.sender.as_deref().map(normalise_name);
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for p in &self.subjects {
            let n = normalise_name(&p.name);
            if Some(&n) != sender.as_ref() && !seen.contains(&n) {
                seen.push(n);
                out.push(p);
            }
        }
        out
    }

    /// The subject on the item with this name (compared normalised).
    pub fn subject(&self, name: &str) -> Option<&Person> {
        let wanted = normalise_name(name);
        self.subjects
            .iter()
            .find(|p| normalise_name(&p.name) == wanted)
    }

    /// Checks the fields a person typed; returns one sentence per problem (in English; see
    /// [`Metadata::problems`] for them typed).
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let errs: Vec<String> = self.problems().iter().map(|p| p.to_string()).collect();
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }

    /// What the fields a person typed lack, one [`Incomplete`] per problem.
    pub fn problems(&self) -> Vec<Incomplete> {
        let mut errs = Vec::new();
        let blank = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or("").is_empty();
        if blank(&self.sender) {
            errs.push(Incomplete::NoSender);
        }
        if self.subjects.is_empty() {
            errs.push(Incomplete::NoSubject);
        }
        for s in &self.subjects {
            if s.name.trim().is_empty() {
                errs.push(Incomplete::SubjectWithoutName);
            }
            if s.role == PersonRole::Sender {
                errs.push(Incomplete::SubjectAsSender {
                    name: s.name.clone(),
                });
            }
        }
        if blank(&self.purpose) {
            errs.push(Incomplete::NoPurpose);
        }
        errs
    }
}

/// One thing a description lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incomplete {
    NoSender,
    NoSubject,
    SubjectWithoutName,
    /// A subject given the role `sender`.
    SubjectAsSender {
        name: String,
    },
    NoPurpose,
}

impl Incomplete {
    /// The sentence in Dutch or English.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        let (nl, en) = match self {
            Incomplete::NoSender => (
                "de naam van de afzender is niet ingevuld".to_string(),
                "the sender's name is empty".to_string(),
            ),
            Incomplete::NoSubject => (
                "er is minstens één betrokkene nodig (iemand op de opname)".to_string(),
                "at least one subject (a person on the recording) is needed".to_string(),
            ),
            Incomplete::SubjectWithoutName => (
                "een betrokkene heeft geen naam".to_string(),
                "a subject has an empty name".to_string(),
            ),
            Incomplete::SubjectAsSender { name } => (
                format!(
                    "betrokkene '{name}' heeft de rol `sender`; geef de afzender op met --sender \
                     en geef betrokkenen de rol `parent`, `child`, `professional` of `other`"
                ),
                format!(
                    "subject '{name}' has the role 'sender'; give the sender with --sender and \
                     subjects the role parent, child, professional or other"
                ),
            ),
            Incomplete::NoPurpose => (
                "het doel dat de afzender noemde is niet ingevuld".to_string(),
                "the sender's stated purpose is empty".to_string(),
            ),
        };
        match lang {
            crate::lang::Lang::Nl => nl,
            crate::lang::Lang::En => en,
        }
    }
}

impl fmt::Display for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(crate::lang::Lang::En))
    }
}

/// A logged decision about notifying one parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotificationDecision {
    Notified {
        on: chrono::NaiveDate,
        channel: String,
        by: String,
    },
    Exception {
        reason: String,
        approved_by: String,
        /// What the exception rests on (absent in exceptions logged before grounds were asked).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ground: Option<ExceptionGround>,
        /// When it must be weighed again: from the day after, it no longer allows further use
        /// until renewed with a new approval or replaced by a notification. An exception
        /// without one (logged before review dates were asked) counts as past its review.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        review_on: Option<chrono::NaiveDate>,
    },
    /// A child is told through a parent on the same recording (who must have been notified):
    /// the child's rights are exercised by the parent. Counts as decided only while that
    /// parent's own last decision is a notification.
    ViaParent { parent: String, by: String },
}

impl NotificationDecision {
    /// Whether this is an exception whose review date has passed by `today`.
    pub fn past_review(&self, today: chrono::NaiveDate) -> bool {
        match self {
            NotificationDecision::Notified { .. } | NotificationDecision::ViaParent { .. } => false,
            NotificationDecision::Exception { review_on, .. } => {
                review_on.is_none_or(|r| r < today)
            }
        }
    }
}

/// Parses "NAME:ROLE" as typed on the command line.
pub fn parse_subject(s: &str) -> Result<Person, String> {
    let Some((name, role)) = s.rsplit_once(':') else {
        return Err(format!(
            "subject '{s}' has no role; write it as NAME:ROLE, e.g. \"Maria:parent\" \
             (roles: parent, child, professional, other)"
        ));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("subject '{s}' has no name"));
    }
    let role: PersonRole = role.parse()?;
    Ok(Person {
        name: name.to_string(),
        role,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn copy_locations_earshot_writes_are_said_in_dutch() {
        use crate::lang::Lang;
        let phone = Channel::Whatsapp.phone_copy_of("wim").unwrap();
        assert_eq!(
            copy_location_text(&phone, Lang::Nl),
            "telefoon van wim (WhatsApp)"
        );
        assert_eq!(copy_location_text(&phone, Lang::En), phone);
        let call = Channel::Phone.phone_copy_of("Anne de Wit").unwrap();
        assert_eq!(
            copy_location_text(&call, Lang::Nl),
            "telefoon van Anne de Wit (telefoongesprek)"
        );
        assert_eq!(
            copy_location_text("copy handed to the subject (access request 12)", Lang::Nl),
            "kopie aan de betrokkene gegeven (inzageverzoek 12)"
        );
        // What a person typed stays as typed.
        for typed in ["USB-stick in de kast", "phone of", "phone of wim"] {
            assert_eq!(copy_location_text(typed, Lang::Nl), typed);
        }
    }
    use super::*;

    #[test]
    fn names_compare_normalised() {
        assert_eq!(normalise_name("  Maria   de Vries "), "maria de vries");
    }

    #[test]
    fn subject_needs_a_role() {
        assert!(parse_subject("Maria").is_err());
        assert!(parse_subject(":parent").is_err());
        assert!(parse_subject("Maria:aunt").is_err());
        let p = parse_subject("Maria de Vries:Parent").unwrap();
        assert_eq!(p.name, "Maria de Vries");
        assert_eq!(p.role, PersonRole::Parent);
    }

    #[test]
    fn every_subject_but_the_sender_is_to_be_notified() {
        let m = Metadata {
            sender: Some("Jan".into()),
            subjects: vec![
                Person {
                    name: "jan".into(),
                    role: PersonRole::Parent,
                },
                Person {
                    name: "Maria".into(),
                    role: PersonRole::Parent,
                },
                Person {
                    name: "maria".into(),
                    role: PersonRole::Parent,
                },
                Person {
                    name: "Sam".into(),
                    role: PersonRole::Child,
                },
            ],
            purpose: Some("p".into()),
            ..Default::default()
        };
        let names: Vec<_> = m
            .subjects_to_notify()
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert_eq!(names, vec!["Maria".to_string(), "Sam".to_string()]);
        assert_eq!(m.subject(" SAM ").map(|p| p.role), Some(PersonRole::Child));
        assert!(m.subject("Noor").is_none());
    }

    #[test]
    fn validation_names_each_problem() {
        let m = Metadata {
            purpose: Some("  ".into()),
            ..Default::default()
        };
        let errs = m.validate().unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        let ok = Metadata {
            sender: Some("Jan".into()),
            subjects: vec![Person {
                name: "Maria".into(),
                role: PersonRole::Parent,
            }],
            purpose: Some("worried about the children".into()),
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn words_round_trip() {
        for r in ["lead", "worker"] {
            assert_eq!(r.parse::<Role>().unwrap().as_str(), r);
        }
        assert!("boss".parse::<Role>().is_err());
        assert_eq!("WhatsApp".parse::<Channel>().unwrap(), Channel::Whatsapp);
    }
}
