//! The team, PINs, settings and requests for approval.

use earshot_core::lang::Lang;

use super::words::pick;

/// A sentence about the team, a PIN, a setting or a request for approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamMsg {
    NotOnTeam {
        name: String,
    },
    /// A profile field (`org_name`, ...) that is not one line of 1 to `max` characters.
    ProfileText {
        key: String,
        max: usize,
    },
    /// `ombudsman_url` that is not a web address.
    ProfileUrl {
        key: String,
    },
    /// A `timezone` this machine's TZ database does not know.
    ProfileZone {
        value: String,
    },
    /// A member's full name or job title that is not one line of 1 to `max` characters.
    MemberText {
        name: String,
        max: usize,
    },
    BadUserName {
        name: String,
    },
    AlreadyOnTeam {
        name: String,
    },
    PinTooShort {
        min: usize,
    },
    PinHash {
        detail: String,
    },
    /// Locked after `failures` wrong PINs within `minutes`, until `until`.
    PinLocked {
        name: String,
        failures: i64,
        minutes: i64,
        until: String,
    },
    NoPin {
        name: String,
    },
    PinNeeded {
        name: String,
    },
    PinHashDamaged {
        name: String,
    },
    /// The `failures`-th wrong PIN; `limit` within `minutes` lock it.
    WrongPin {
        name: String,
        failures: i64,
        limit: i64,
        minutes: i64,
    },
    /// `keys`: the settings there are, joined.
    NoSetting {
        key: String,
        keys: String,
    },
    /// `what`: the setting's English description (its Dutch is looked up by `key`).
    SettingRange {
        key: String,
        what: String,
        min: u64,
        max: u64,
    },
    NoRequest {
        id: i64,
    },
    /// `status`: as stored (pending, approved, declined, used, expired, withdrawn).
    RequestNotOpen {
        id: i64,
        status: String,
    },
    RequestRanOut {
        id: i64,
        by: String,
    },
    RequestForOther {
        id: i64,
        lead: String,
    },
    DeclineWhy,
    NoEscalation {
        id: i64,
    },
    EscalationClosed {
        id: i64,
    },
    DismissWhy,
    WithdrawNotYours {
        id: i64,
        by: String,
    },
    RequestNotApproved {
        id: i64,
        status: String,
    },
    RequestOtherThing {
        id: i64,
    },
    RequestOtherApprover {
        id: i64,
        approver: String,
        lead: String,
    },
    RequestTooOld {
        id: i64,
    },
    RequestNoApprover {
        id: i64,
    },
    RequestTermsUnreadable {
        id: i64,
    },
    RequestUnknownKind {
        id: i64,
    },
    RequestTextUnreadable,
    NothingToApprove {
        item: i64,
    },
}

/// A request's status in Dutch.
fn status_nl(status: &str) -> &str {
    match status {
        "pending" => "open",
        "approved" => "goedgekeurd",
        "declined" => "afgewezen",
        "used" => "gebruikt",
        "expired" => "verlopen",
        "withdrawn" => "ingetrokken",
        other => other,
    }
}

/// A setting's description in Dutch, by its key.
fn setting_nl<'a>(key: &str, what: &'a str) -> &'a str {
    match key {
        "preview_cap_s" => "seconden fragment per item",
        "escalation_days" => "werkdagen voordat een onaangeroerd item te laat is",
        "retention_years" => "jaren voordat een item vernietigd moet worden",
        "backup_retention_days" => {
            "dagen dat een reservekopie bewaard wordt (daarna mag een oude sleutelgeneratie weg)"
        }
        _ => what,
    }
}

impl TeamMsg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use TeamMsg as M;
        pick(
            lang,
            match self {
                M::NotOnTeam { name } => (
                    format!(
                        "{name} staat niet in het team van deze opslag; een teamleider kan \
                         {name} toevoegen met `earshot team add {name} --role worker`"
                    ),
                    format!(
                        "{name} is not on this store's team; a team leader can add them with \
                         `earshot team add {name} --role worker`"
                    ),
                ),
                M::ProfileText { key, max } => (
                    format!(
                        "{key} moet tekst zijn op één regel, van 1 tot {max} tekens; er is niets \
                         veranderd"
                    ),
                    format!(
                        "{key} must be text on one line, of 1 to {max} characters; nothing was \
                         changed"
                    ),
                ),
                M::ProfileUrl { key } => (
                    format!(
                        "{key} moet een webadres zijn dat begint met https:// (zonder spaties); \
                         er is niets veranderd"
                    ),
                    format!(
                        "{key} must be a web address starting with https:// (no spaces); \
                         nothing was changed"
                    ),
                ),
                M::ProfileZone { value } => (
                    format!(
                        "'{value}' is geen tijdzone die deze computer kent: gebruik een naam \
                         zoals Europe/Amsterdam (uit /usr/share/zoneinfo, pakket tzdata); er is \
                         niets veranderd"
                    ),
                    format!(
                        "'{value}' is not a time zone this machine knows: use a name such as \
                         Europe/Amsterdam (from /usr/share/zoneinfo, package tzdata); nothing \
                         was changed"
                    ),
                ),
                M::MemberText { name, max } => (
                    format!(
                        "de volledige naam en de functie van {name} moeten elk tekst zijn op één \
                         regel, van 1 tot {max} tekens; er is niets veranderd"
                    ),
                    format!(
                        "{name}'s full name and job title must each be text on one line, of 1 \
                         to {max} characters; nothing was changed"
                    ),
                ),
                M::BadUserName { name } => (
                    format!(
                        "'{name}' kan niet als gebruikersnaam: gebruik de loginnaam (letters, \
                         cijfers, '.', '_', '-')"
                    ),
                    format!(
                        "'{name}' is not a usable user name: use the login name (letters, \
                         digits, '.', '_', '-')"
                    ),
                ),
                M::AlreadyOnTeam { name } => (
                    format!("{name} staat al in het team"),
                    format!("{name} is already on the team"),
                ),
                M::PinTooShort { min } => (
                    format!(
                        "een pincode heeft minstens {min} cijfers (alleen cijfers); er is niets \
                         veranderd"
                    ),
                    format!(
                        "a PIN must be at least {min} digits (digits only); nothing was changed"
                    ),
                ),
                M::PinHash { detail } => (
                    format!("de pincode kan niet veilig worden opgeslagen: {detail}"),
                    format!("cannot hash the PIN: {detail}"),
                ),
                M::PinLocked {
                    name,
                    failures,
                    minutes,
                    until,
                } => (
                    format!(
                        "de pincode van {name} is geblokkeerd na {failures} foute pincodes \
                         binnen {minutes} minuten; de blokkade stopt om {until}; er is niets \
                         gedaan"
                    ),
                    format!(
                        "{name}'s PIN is locked after {failures} wrong PINs within {minutes} \
                         minutes; it unlocks at {until}; nothing was done"
                    ),
                ),
                M::NoPin { name } => (
                    format!(
                        "{name} heeft nog geen pincode en kan dus niet meeluisteren of akkoord \
                         geven als teamleider ter plaatse; {name} kan er een instellen met \
                         `earshot team pin`"
                    ),
                    format!(
                        "{name} has no PIN yet, so cannot supervise or approve in person; {name} \
                         can set one with `earshot team pin`"
                    ),
                ),
                M::PinNeeded { name } => (
                    format!(
                        "de pincode van {name} is nodig: {name} typt hem hier, of hij wordt \
                         gegeven met --pin-stdin"
                    ),
                    format!(
                        "{name}'s PIN is needed: {name} types it here, or it is given with \
                         --pin-stdin"
                    ),
                ),
                M::PinHashDamaged { name } => (
                    format!("de opgeslagen pincode van {name} is beschadigd"),
                    format!("{name}'s stored PIN hash is damaged"),
                ),
                M::WrongPin {
                    name,
                    failures,
                    limit,
                    minutes,
                } => (
                    format!(
                        "verkeerde pincode van {name}; er is niets gedaan ({failures} van de \
                         {limit} foute pincodes binnen {minutes} minuten blokkeren hem)"
                    ),
                    format!(
                        "wrong PIN for {name}; nothing was done ({failures} of {limit} wrong \
                         PINs within {minutes} minutes lock it)"
                    ),
                ),
                M::NoSetting { key, keys } => (
                    format!("er is geen instelling '{key}'; de instellingen zijn: {keys}"),
                    format!("there is no setting '{key}'; the settings are: {keys}"),
                ),
                M::SettingRange {
                    key,
                    what,
                    min,
                    max,
                } => (
                    format!(
                        "{key} ({}) moet een heel getal zijn van {min} tot en met {max}",
                        setting_nl(key, what)
                    ),
                    format!("{key} ({what}) must be a whole number from {min} to {max}"),
                ),
                M::NoRequest { id } => (
                    format!("er is geen verzoek {id}"),
                    format!("there is no request {id}"),
                ),
                M::RequestNotOpen { id, status } => (
                    format!(
                        "verzoek {id} is {}; er valt niets te beantwoorden",
                        status_nl(status)
                    ),
                    format!("request {id} is {status}; there is nothing to answer"),
                ),
                M::RequestRanOut { id, by } => (
                    format!("verzoek {id} is verlopen; {by} kan het opnieuw vragen"),
                    format!("request {id} has run out of time; {by} can ask again"),
                ),
                M::RequestForOther { id, lead } => (
                    format!(
                        "verzoek {id} is gericht aan {lead}; alleen {lead} kan het beantwoorden"
                    ),
                    format!("request {id} asks {lead}; only {lead} can answer it"),
                ),
                M::NoEscalation { id } => (
                    format!("er is geen verzoek aan de teamleiders met nummer {id}"),
                    format!("there is no request to the team leaders numbered {id}"),
                ),
                M::EscalationClosed { id } => (
                    format!("verzoek {id} aan de teamleiders is al afgehandeld"),
                    format!("request {id} to the team leaders is already handled"),
                ),
                M::DismissWhy => (
                    "zeg waarom het verzoek wordt afgewezen (--reason)".into(),
                    "say why the request is dismissed (--reason)".into(),
                ),
                M::DeclineWhy => (
                    "zeg waarom het verzoek wordt afgewezen (--reason)".into(),
                    "say why the request is declined (--reason)".into(),
                ),
                M::WithdrawNotYours { id, by } => (
                    format!("verzoek {id} is van {by}; alleen {by} kan het intrekken"),
                    format!("request {id} is {by}'s; only they can withdraw it"),
                ),
                M::RequestNotApproved { id, status } => (
                    format!(
                        "verzoek {id} is {}, niet goedgekeurd; er is niets gedaan",
                        status_nl(status)
                    ),
                    format!("request {id} is {status}, not approved; nothing was done"),
                ),
                M::RequestOtherThing { id } => (
                    format!("verzoek {id} ging over iets anders; er is niets gedaan"),
                    format!("request {id} asked for something else; nothing was done"),
                ),
                M::RequestOtherApprover { id, approver, lead } => (
                    format!(
                        "verzoek {id} is goedgekeurd door {approver}, niet door {lead}; er is \
                         niets gedaan"
                    ),
                    format!(
                        "request {id} was approved by {approver}, not {lead}; nothing was done"
                    ),
                ),
                M::RequestTooOld { id } => (
                    format!("verzoek {id} is te oud; vraag het opnieuw; er is niets gedaan"),
                    format!("request {id} is too old; ask again; nothing was done"),
                ),
                M::RequestNoApprover { id } => (
                    format!("bij verzoek {id} ontbreekt wie het goedkeurde"),
                    format!("request {id} lacks its approver"),
                ),
                M::RequestTermsUnreadable { id } => (
                    format!("de voorwaarden van verzoek {id} kunnen niet worden gelezen"),
                    format!("request {id}'s terms are unreadable"),
                ),
                M::RequestUnknownKind { id } => (
                    format!("verzoek {id} is van een onbekende soort"),
                    format!("request {id} has an unknown kind"),
                ),
                M::RequestTextUnreadable => (
                    "de versleutelde tekst van een verzoek kan niet worden gelezen".into(),
                    "a request's sealed text is unreadable".into(),
                ),
                M::NothingToApprove { item } => (
                    format!("item {item} is vernietigd; er valt niets goed te keuren"),
                    format!("item {item} has been deleted; nothing to approve"),
                ),
            },
        )
    }
}
