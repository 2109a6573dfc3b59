//! Every sentence the store says when something goes wrong, in Dutch and English.
//!
//! A [`Msg`] is one sentence with the values it names; [`Msg::text`] writes it in a language.
//! Each area's catalog is one exhaustive `match` that gives both languages per variant, so a
//! new sentence without its Dutch does not compile. `Display` is the English (logs, tests).
//!
//! Details that come from elsewhere (the operating system's error, SQLite's, a decoder's) are
//! passed on as they were given, inside a sentence in the chosen language.

mod due;
mod items;
mod store;
mod team;
#[cfg(test)]
mod tests;

pub use due::DueMsg;
pub use items::ItemMsg;
pub use store::StoreMsg;
pub use team::TeamMsg;

use earshot_core::lang::Lang;

/// One sentence of the store, by area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// The store itself: its directory, key, database, vault and files.
    Store(StoreMsg),
    /// The team, PINs, settings and requests for approval.
    Team(TeamMsg),
    /// Items: import, description, listening, notifying, uses, copies, the drop folder.
    Item(ItemMsg),
    /// Due process: complaints, access requests, letters, deletion.
    Due(DueMsg),
}

impl Msg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Msg::Store(m) => m.text(lang),
            Msg::Team(m) => m.text(lang),
            Msg::Item(m) => m.text(lang),
            Msg::Due(m) => m.text(lang),
        }
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl From<StoreMsg> for Msg {
    fn from(m: StoreMsg) -> Msg {
        Msg::Store(m)
    }
}

impl From<TeamMsg> for Msg {
    fn from(m: TeamMsg) -> Msg {
        Msg::Team(m)
    }
}

impl From<ItemMsg> for Msg {
    fn from(m: ItemMsg) -> Msg {
        Msg::Item(m)
    }
}

impl From<DueMsg> for Msg {
    fn from(m: DueMsg) -> Msg {
        Msg::Due(m)
    }
}

/// The one of the two sentences that `lang` asks for.
fn pick(lang: Lang, (nl, en): (String, String)) -> String {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// A field that must not be left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `--from` of an import.
    From,
    SubjectName,
    /// How a parent was notified.
    Channel,
    ExceptionReason,
    UsePurpose,
    Recipient,
    Summary,
    /// Where a copy outside the store is kept.
    CopyLocation,
    /// Where a copy was kept (at deletion).
    CopyPlace,
    Response,
    ExtensionReason,
    /// Who complains (`--from`).
    Complainant,
    ComplaintText,
    PostponeReason,
    Outcome,
    /// `--reason`, for a complaint treated as an information request.
    ReasonFlag,
    /// The reason of a request for approval.
    Reason,
    DeletionReason,
    DeletionRequester,
    EscalationReason,
}

impl Field {
    /// The field's name, as the subject of a sentence.
    pub fn text(&self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            Field::From => ("--from", "--from"),
            Field::SubjectName => ("de naam van de betrokkene", "the subject's name"),
            Field::Channel => (
                "het kanaal (hoe die is geïnformeerd)",
                "the channel (how they were notified)",
            ),
            Field::ExceptionReason => (
                "de reden voor de uitzondering",
                "the reason for the exception",
            ),
            Field::UsePurpose => ("het doel van het gebruik", "the purpose of the use"),
            Field::Recipient => ("de ontvanger", "the recipient"),
            Field::Summary => ("de samenvatting", "the summary"),
            Field::CopyLocation => ("waar de kopie bewaard wordt", "where the copy is kept"),
            Field::CopyPlace => ("waar een kopie bewaard werd", "where a copy was kept"),
            Field::Response => ("de reactie", "the response"),
            Field::ExtensionReason => (
                "de reden voor het verlengen",
                "the reason for the extension",
            ),
            Field::Complainant => ("wie klaagt (--from)", "who complains (--from)"),
            Field::ComplaintText => ("de tekst van de klacht", "the complaint's text"),
            Field::PostponeReason => ("de reden voor het uitstel", "the reason for postponing"),
            Field::Outcome => ("de uitkomst", "the outcome"),
            Field::ReasonFlag => ("de reden (--reason)", "the reason (--reason)"),
            Field::Reason => ("de reden", "the reason"),
            Field::DeletionReason => ("de reden voor vernietiging", "the reason for deletion"),
            Field::DeletionRequester => {
                ("wie om de vernietiging vroeg", "who requested the deletion")
            }
            Field::EscalationReason => ("de reden om te escaleren", "the reason for escalating"),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// A date that may not lie in the future, by what happened on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOf {
    ResponseReceived,
    RequestReceived,
    ComplaintReceived,
    Acknowledgement,
    Decision,
}

impl DateOf {
    fn text(&self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            DateOf::ResponseReceived => {
                ("waarop de reactie binnenkwam", "the response was received")
            }
            DateOf::RequestReceived => {
                ("waarop het verzoek binnenkwam", "the request was received")
            }
            DateOf::ComplaintReceived => {
                ("waarop de klacht binnenkwam", "the complaint was received")
            }
            DateOf::Acknowledgement => ("van de ontvangstbevestiging", "of the acknowledgement"),
            DateOf::Decision => ("van het besluit", "of the decision"),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// A text file named on the command line, by what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFile {
    Summary,
    Response,
    Complaint,
}

impl TextFile {
    fn text(&self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            TextFile::Summary => ("het bestand met de samenvatting", "the summary file"),
            TextFile::Response => ("het bestand met de reactie", "the response file"),
            TextFile::Complaint => ("het bestand met de klacht", "the complaint file"),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}
