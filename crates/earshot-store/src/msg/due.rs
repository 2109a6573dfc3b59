//! Due process: complaints, access and erasure requests, letters and deletion.

use earshot_core::deadlines::NoExtension;
use earshot_core::lang::Lang;

use super::words::{DateOf, pick};

/// A sentence about a complaint, an access request, a letter or a deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueMsg {
    NoCase {
        case: String,
    },
    NoUse {
        id: i64,
        use_id: i64,
    },
    NoComplaint {
        id: i64,
    },
    ComplaintClosed {
        id: i64,
    },
    ComplaintAcknowledged {
        id: i64,
        on: String,
    },
    /// The hearing (or why there was none) is already recorded.
    AlreadyHeard {
        id: i64,
        on: String,
    },
    HearingBeforeReceived {
        id: i64,
        received: String,
    },
    /// A postponement letter for a complaint whose decision was not postponed.
    NotPostponed {
        id: i64,
    },
    /// A decision letter for a complaint not decided yet.
    NotDecided {
        id: i64,
    },
    /// A decision letter for a complaint with no record of its hearing (or why there was none).
    NotHeard {
        id: i64,
    },
    /// A letter to a complainant about what is an information request now.
    InfoRequestNoLetter {
        id: i64,
    },
    AckBeforeReceived {
        id: i64,
        received: String,
    },
    InfoRequestNoClock {
        id: i64,
    },
    AlreadyInfoRequest {
        id: i64,
    },
    ComplaintUnreadable,
    AccessUnreadable,
    ResponseUnreadable,
    AccessOpen {
        name: String,
        id: i64,
        open: i64,
    },
    NoAccessRequest {
        id: i64,
    },
    NoOpenAccess {
        name: String,
        id: i64,
    },
    ErasureUnreadable,
    ErasureOpen {
        name: String,
        id: i64,
        open: i64,
    },
    /// Erasure was granted on `request` and the item is not deleted yet.
    ErasureGranted {
        name: String,
        id: i64,
        request: i64,
    },
    NoErasureRequest {
        id: i64,
    },
    NoOpenErasure {
        name: String,
        id: i64,
    },
    /// The subject's latest erasure request for the item was decided already.
    ErasureDecided {
        name: String,
        id: i64,
        request: i64,
        granted: bool,
    },
    /// An erasure request's term extended by other than 1 or 2 months.
    ErasureMonths {
        months: u32,
    },
    /// A request said to be received before the item itself was.
    BeforeItemReceived {
        what: DateOf,
        date: String,
        id: i64,
        received: String,
    },
    /// A deadline cannot be extended.
    NoExtension {
        why: NoExtension,
    },
    /// The export failed (`cleaned`: and what was written was removed).
    ExportFailed {
        item: i64,
        detail: String,
        cleaned: bool,
    },
    /// The recording does not match its SHA-256 (`removed`: the export was removed again).
    ExportMismatch {
        item: i64,
        removed: bool,
    },
    DateInFuture {
        what: DateOf,
        date: String,
    },
    CopyConfirmerNotOnTeam {
        place: String,
        by: String,
    },
    NoCertificate {
        id: i64,
    },
    NotOurLetter {
        id: i64,
    },
    UnknownLetterKind {
        kind: String,
    },
    UnknownLetterLang {
        lang: String,
    },
    UnknownLetterFormat {
        format: String,
    },
}

impl DueMsg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use DueMsg as M;
        pick(
            lang,
            match self {
                M::NoCase { case } => (
                    format!("er is geen zaak {case} in deze opslag"),
                    format!("there is no case {case} in this store"),
                ),
                M::NoUse { id, use_id } => (
                    format!("item {id} heeft geen gebruik {use_id}"),
                    format!("item {id} has no use {use_id}"),
                ),
                M::NoComplaint { id } => (
                    format!("er is geen klacht {id}"),
                    format!("there is no complaint {id}"),
                ),
                M::ComplaintClosed { id } => (
                    format!("klacht {id} is al afgesloten"),
                    format!("complaint {id} is already closed"),
                ),
                M::AlreadyHeard { id, on } => (
                    format!(
                        "bij klacht {id} is het horen (of waarom dat niet gebeurde) al vastgelegd \
                         op {on}"
                    ),
                    format!(
                        "complaint {id} already has its hearing (or why there was none) \
                         recorded on {on}"
                    ),
                ),
                M::HearingBeforeReceived { id, received } => (
                    format!(
                        "klacht {id} kwam binnen op {received}; het horen kan niet eerder zijn"
                    ),
                    format!("complaint {id} was received on {received}; no hearing before that"),
                ),
                M::NotPostponed { id } => (
                    format!(
                        "de beslissing op klacht {id} is niet verdaagd; verdaag eerst (`earshot \
                         complaint extend {id} --reason TEKST`)"
                    ),
                    format!(
                        "the decision on complaint {id} was not postponed; postpone it first \
                         (earshot complaint extend {id} --reason TEXT)"
                    ),
                ),
                M::NotDecided { id } => (
                    format!(
                        "op klacht {id} is nog niet beslist; beslis eerst (`earshot complaint \
                         close {id} --outcome TEKST`)"
                    ),
                    format!(
                        "complaint {id} is not decided yet; decide it first (earshot complaint \
                         close {id} --outcome TEXT)"
                    ),
                ),
                M::NotHeard { id } => (
                    format!(
                        "bij klacht {id} is niet vastgelegd dat de klager is gehoord, of waarom \
                         niet (Awb 9:10); leg dat eerst vast (`earshot complaint hear {id} --by \
                         NAAM --notes-file BESTAND`)"
                    ),
                    format!(
                        "complaint {id} has no record that the complainant was heard, or why \
                         not (Awb 9:10); record it first (earshot complaint hear {id} --by NAME \
                         --notes-file FILE)"
                    ),
                ),
                M::InfoRequestNoLetter { id } => (
                    format!(
                        "klacht {id} wordt behandeld als informatieverzoek; daar hoort geen \
                         klachtbrief bij"
                    ),
                    format!(
                        "complaint {id} is treated as an information request; it takes no \
                         complaint letter"
                    ),
                ),
                M::ComplaintAcknowledged { id, on } => (
                    format!("de ontvangst van klacht {id} is al bevestigd op {on}"),
                    format!("complaint {id} was already acknowledged on {on}"),
                ),
                M::AckBeforeReceived { id, received } => (
                    format!(
                        "klacht {id} kwam binnen op {received}; de ontvangst kan niet eerder \
                         worden bevestigd"
                    ),
                    format!(
                        "complaint {id} was received on {received}; it cannot be acknowledged \
                         before"
                    ),
                ),
                M::InfoRequestNoClock { id } => (
                    format!(
                        "{id} is een informatieverzoek; dat heeft geen termijn voor een klacht \
                         om uit te stellen"
                    ),
                    format!(
                        "{id} is an information request, which has no complaint clock to \
                         postpone"
                    ),
                ),
                M::AlreadyInfoRequest { id } => (
                    format!("{id} wordt al behandeld als informatieverzoek"),
                    format!("{id} is already treated as an information request"),
                ),
                M::ComplaintUnreadable => (
                    "een klacht kan niet worden gelezen".into(),
                    "a complaint is unreadable".into(),
                ),
                M::AccessUnreadable => (
                    "een inzageverzoek kan niet worden gelezen".into(),
                    "an access request is unreadable".into(),
                ),
                M::ResponseUnreadable => (
                    "een reactie kan niet worden gelezen".into(),
                    "a response is unreadable".into(),
                ),
                M::AccessOpen { name, id, open } => (
                    format!(
                        "{name} heeft al een open inzageverzoek voor item {id} (verzoek {open})"
                    ),
                    format!(
                        "{name} already has an open access request for item {id} (request \
                         {open})"
                    ),
                ),
                M::NoAccessRequest { id } => (
                    format!("er is geen inzageverzoek {id}"),
                    format!("there is no access request {id}"),
                ),
                M::NoOpenAccess { name, id } => (
                    format!(
                        "{name} heeft geen open inzageverzoek voor item {id}; open er een met \
                         `earshot access request`"
                    ),
                    format!(
                        "{name} has no open access request for item {id}; open one with \
                         `earshot access request`"
                    ),
                ),
                M::ErasureUnreadable => (
                    "een verzoek om wissing kan niet worden gelezen".into(),
                    "an erasure request is unreadable".into(),
                ),
                M::ErasureOpen { name, id, open } => (
                    format!(
                        "{name} heeft al een open verzoek om wissing voor item {id} (verzoek \
                         {open})"
                    ),
                    format!(
                        "{name} already has an open erasure request for item {id} (request \
                         {open})"
                    ),
                ),
                M::ErasureGranted { name, id, request } => (
                    format!(
                        "het verzoek van {name} om wissing van item {id} is al toegewezen \
                         (verzoek {request}); vernietig het item met `earshot delete`"
                    ),
                    format!(
                        "{name}'s erasure of item {id} was already granted (request {request}); \
                         delete the item with `earshot delete`"
                    ),
                ),
                M::NoErasureRequest { id } => (
                    format!("er is geen verzoek om wissing {id}"),
                    format!("there is no erasure request {id}"),
                ),
                M::NoOpenErasure { name, id } => (
                    format!(
                        "{name} heeft geen open verzoek om wissing voor item {id}; open er een \
                         met `earshot erasure request`"
                    ),
                    format!(
                        "{name} has no open erasure request for item {id}; open one with \
                         `earshot erasure request`"
                    ),
                ),
                M::ErasureDecided {
                    name,
                    id,
                    request,
                    granted,
                } => (
                    format!(
                        "op het verzoek van {name} om wissing van item {id} (verzoek {request}) \
                         is al beslist: {}",
                        if *granted { "toegewezen" } else { "afgewezen" }
                    ),
                    format!(
                        "{name}'s erasure request for item {id} (request {request}) was already \
                         decided: {}",
                        if *granted { "granted" } else { "refused" }
                    ),
                ),
                M::ErasureMonths { months } => (
                    format!(
                        "een verzoek om wissing kan met 1 of 2 maanden worden verlengd, niet \
                         {months}"
                    ),
                    format!("an erasure request can be extended by 1 or 2 months, not {months}"),
                ),
                M::BeforeItemReceived {
                    what,
                    date,
                    id,
                    received,
                } => (
                    format!(
                        "de datum {} ({date}) ligt vóór de ontvangst van item {id} ({received})",
                        what.text(Lang::Nl)
                    ),
                    format!(
                        "the date {} ({date}) lies before item {id} was received ({received})",
                        what.text(Lang::En)
                    ),
                ),
                M::NoExtension { why } => (why.text(Lang::Nl), why.text(Lang::En)),
                M::ExportFailed {
                    item,
                    detail,
                    cleaned,
                } => (
                    format!(
                        "de opname van item {item} kon niet worden geëxporteerd ({detail}){}",
                        if *cleaned {
                            "; er is niets achtergebleven"
                        } else {
                            ""
                        }
                    ),
                    format!(
                        "item {item}'s recording could not be exported ({detail}){}",
                        if *cleaned {
                            "; nothing was left behind"
                        } else {
                            ""
                        }
                    ),
                ),
                M::ExportMismatch { item, removed } => (
                    format!(
                        "de opname van item {item} past niet bij de SHA-256 van het inlezen; {} \
                         (kijk met `earshot doctor --deep`)",
                        if *removed {
                            "de export is weer verwijderd"
                        } else {
                            "er is niets geëxporteerd"
                        }
                    ),
                    format!(
                        "item {item}'s recording does not match its SHA-256 from the import; {} \
                         (run `earshot doctor --deep`)",
                        if *removed {
                            "the export was removed"
                        } else {
                            "nothing was exported"
                        }
                    ),
                ),
                M::DateInFuture { what, date } => (
                    format!(
                        "de datum {} ({date}) ligt in de toekomst",
                        what.text(Lang::Nl)
                    ),
                    format!(
                        "the date {} ({date}) lies in the future",
                        what.text(Lang::En)
                    ),
                ),
                M::CopyConfirmerNotOnTeam { place, by } => (
                    format!(
                        "de kopie op '{place}' is bevestigd door '{by}', die niet in het team \
                         staat; geef het teamlid dat de vernietiging bevestigde"
                    ),
                    format!(
                        "the copy at '{place}' is confirmed by '{by}', who is not on the team; \
                         give the team member who confirmed its deletion"
                    ),
                ),
                M::NoCertificate { id } => (
                    format!(
                        "item {id} heeft geen vernietigingsverklaring: het is niet vernietigd \
                         (of vernietigd door een earshot van vóór de verklaringen in de opslag)"
                    ),
                    format!(
                        "item {id} has no certificate of deletion: it has not been deleted (or \
                         was deleted by an earshot older than certificates kept in the store)"
                    ),
                ),
                M::NotOurLetter { id } => (
                    format!(
                        "dat bestand is geen brief die earshot schreef over item {id} (geen \
                         brief met die SHA-256); schrijf hem eerst met `earshot letter`"
                    ),
                    format!(
                        "that file is not a letter earshot wrote about item {id} (no letter \
                         with its SHA-256); write it with `earshot letter` first"
                    ),
                ),
                M::UnknownLetterKind { kind } => (
                    format!("'{kind}' is geen soort brief; gebruik `notification`"),
                    format!("'{kind}' is not a kind of letter; use notification"),
                ),
                M::UnknownLetterLang { lang } => (
                    format!("'{lang}' is geen taal waarin earshot schrijft; gebruik nl of en"),
                    format!("'{lang}' is not a language earshot writes; use nl or en"),
                ),
                M::UnknownLetterFormat { format } => (
                    format!("'{format}' is geen vorm voor een brief; gebruik md, html of pdf"),
                    format!("'{format}' is not a letter format; use md, html or pdf"),
                ),
            },
        )
    }
}
