//! The small words the sentences share: which field, which date, which file; and how one of
//! the two languages is picked.

use earshot_core::lang::Lang;

/// The one of the two sentences that `lang` asks for.
pub(super) fn pick(lang: Lang, (nl, en): (String, String)) -> String {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// Where a sealed value is kept: its table, its row (the row's key) and its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub table: String,
    pub row: i64,
    pub column: String,
}

impl Spot {
    /// "uses row 7, column sealed", in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let Spot { table, row, column } = self;
        match lang {
            Lang::Nl => format!("tabel `{table}` rij {row}, kolom `{column}`"),
            Lang::En => format!("{table} row {row}, column {column}"),
        }
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
    /// `--identity-checked`: how a requester's identity was checked.
    IdentityChecked,
    /// `--reason` of a decision on an erasure request.
    DecisionReason,
    /// The notes of a complainant's hearing.
    HearingNotes,
    /// `--involved-override-reason` of a complaint's decision.
    InvolvedReason,
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
            Field::HearingNotes => ("het verslag van het horen", "the notes of the hearing"),
            Field::InvolvedReason => (
                "de reden om toch te beslissen",
                "the reason to decide all the same",
            ),
            Field::Outcome => ("de uitkomst", "the outcome"),
            Field::ReasonFlag => ("de reden (--reason)", "the reason (--reason)"),
            Field::Reason => ("de reden", "the reason"),
            Field::DeletionReason => ("de reden voor vernietiging", "the reason for deletion"),
            Field::DeletionRequester => {
                ("wie om de vernietiging vroeg", "who requested the deletion")
            }
            Field::EscalationReason => ("de reden om te escaleren", "the reason for escalating"),
            Field::IdentityChecked => (
                "hoe de identiteit van de aanvrager is gecontroleerd (--identity-checked)",
                "how the requester's identity was checked (--identity-checked)",
            ),
            Field::DecisionReason => (
                "de reden voor het besluit (--reason)",
                "the reason for the decision (--reason)",
            ),
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
    Hearing,
}

impl DateOf {
    pub(super) fn text(&self, lang: Lang) -> &'static str {
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
            DateOf::Hearing => ("van het horen", "of the hearing"),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// A folder outside the store that a setting names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// The drop folder (`settings inbox`).
    Inbox,
    /// Where the log's signed checkpoints are copied (`settings checkpoint_dir`).
    Checkpoints,
}

impl Folder {
    pub(super) fn text(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Folder::Inbox, Lang::Nl) => "de inbox",
            (Folder::Inbox, Lang::En) => "the inbox",
            (Folder::Checkpoints, Lang::Nl) => "de map voor controlepunten",
            (Folder::Checkpoints, Lang::En) => "the checkpoint folder",
        }
    }
}

/// A text file named on the command line, by what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFile {
    Summary,
    Response,
    Complaint,
    HearingNotes,
}

impl TextFile {
    pub(super) fn text(&self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            TextFile::Summary => ("het bestand met de samenvatting", "the summary file"),
            TextFile::Response => ("het bestand met de reactie", "the response file"),
            TextFile::Complaint => ("het bestand met de klacht", "the complaint file"),
            TextFile::HearingNotes => (
                "het bestand met het verslag van het horen",
                "the file with the hearing's notes",
            ),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}
