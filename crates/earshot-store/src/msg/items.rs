//! Items: import, description, listening, notifying, uses, copies and the drop folder.

use earshot_core::lang::Lang;
use earshot_core::model::Incomplete;

use super::words::{Field, Folder, TextFile, pick};

/// A sentence about an item, or a file on its way in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemMsg {
    NoItem {
        id: i64,
    },
    /// Deleted: only its reports remain.
    Deleted {
        id: i64,
    },
    DeletedNoPlay {
        id: i64,
    },
    BadCase {
        case: String,
    },
    FileUnreadable {
        shown: String,
        detail: String,
    },
    FileEmpty {
        shown: String,
    },
    NoSuchFile {
        shown: String,
    },
    NotAFile {
        shown: String,
    },
    /// The probe could not read it as audio (`detail`: the decoder's words).
    NotAudio {
        shown: String,
        detail: String,
    },
    DecoderGaveUp {
        shown: String,
    },
    NoFiles,
    SameRecording {
        shown: String,
        other: String,
        sha: String,
    },
    AlreadyInCase {
        shown: String,
        case: String,
        id: i64,
    },
    Empty {
        field: Field,
    },
    /// What the description lacks.
    DescriptionIncomplete {
        errs: Vec<Incomplete>,
    },
    NotifiedInFuture {
        on: String,
    },
    /// Told before the recording came in (`received`: the day it did).
    NotifiedBeforeReceipt {
        on: String,
        id: i64,
        received: String,
    },
    /// `notify --via-parent` for a subject who is not a child.
    ViaParentNotChild {
        name: String,
        role: String,
    },
    /// `notify --via-parent NAME` where NAME is no other parent on the item.
    ViaParentNotParent {
        name: String,
        id: i64,
    },
    /// `notify --via-parent NAME` before NAME was notified (or after an exception for them).
    ViaParentNotNotified {
        name: String,
    },
    /// `import --received-on` in the future.
    ReceivedInFuture {
        at: String,
    },
    /// An exception's review date not after today, or more than a year ahead (`latest`).
    ReviewDateOutOfRange {
        on: String,
        latest: String,
    },
    /// A thread that opened queue rows stopped.
    QueueReadFailed,
    NoSubjects {
        id: i64,
    },
    /// Not a subject; `names` are the item's subjects.
    NotSubjectOf {
        name: String,
        id: i64,
        names: String,
    },
    NotSubject {
        name: String,
        id: i64,
    },
    PreviewZero,
    /// `length`: the recording's length (m:ss).
    TooShort {
        length: String,
    },
    ToBeforeFrom,
    RecordingMissing {
        id: i64,
        detail: String,
    },
    RecordingDamaged {
        id: i64,
        detail: String,
    },
    OverviewTooBig {
        item: i64,
        bytes: usize,
        limit: u64,
    },
    PreviewUnknown {
        preview: i64,
    },
    PreviewOtherItem {
        preview: i64,
        item: i64,
        wanted: i64,
    },
    PreviewEnded {
        preview: i64,
        item: i64,
    },
    FieldsUnreadable {
        id: i64,
    },
    ChatContextUnreadable {
        item: i64,
    },
    NotificationUnreadable {
        id: i64,
    },
    UseUnreadable {
        id: i64,
    },
    CopyDeletedInFuture {
        on: String,
    },
    NoCopy {
        copy: i64,
    },
    CopyConfirmed {
        copy: i64,
    },
    CopyUnreadable {
        copy: i64,
    },
    /// A copy's deletion dated before the copy was registered.
    CopyDeletedBeforeRegistered {
        copy: i64,
        on: String,
        registered: String,
    },
    /// A copy handed to the subject is theirs: there is no deletion to confirm.
    CopyHanded {
        copy: i64,
    },
    TextFileUnreadable {
        what: TextFile,
        shown: String,
        detail: String,
    },
    TextFileTooLarge {
        what: TextFile,
        shown: String,
    },
    TextFileNotText {
        what: TextFile,
        shown: String,
    },
    FolderNotAbsolute {
        folder: Folder,
        value: String,
    },
    FolderUnusable {
        folder: Folder,
        value: String,
        detail: String,
    },
    /// Not a directory (`links`: says that links are not followed).
    FolderNotDir {
        folder: Folder,
        value: String,
        links: bool,
    },
    FolderInsideStore {
        folder: Folder,
        value: String,
    },
    NoInbox,
    InboxWatcher {
        detail: String,
    },
    /// The drop folder stopped a file before it was committed (`why`: its words).
    FileStopped {
        file: String,
        why: String,
    },
    /// A WhatsApp export that cannot be opened (`detail`: the archive reader's words).
    ExportUnusable {
        detail: String,
    },
    ChatUnreadable {
        shown: String,
        detail: String,
    },
}

impl ItemMsg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use ItemMsg as M;
        pick(
            lang,
            match self {
                M::NoItem { id } => (
                    format!("er is geen item {id} in deze opslag"),
                    format!("there is no item {id} in this store"),
                ),
                M::Deleted { id } => (
                    format!("item {id} is vernietigd; alleen de verslagen zijn er nog"),
                    format!("item {id} has been deleted; only its reports remain"),
                ),
                M::DeletedNoPlay { id } => (
                    format!("item {id} is vernietigd; het kan niet worden afgespeeld"),
                    format!("item {id} has been deleted; it cannot be played"),
                ),
                M::BadCase { case } => (
                    format!(
                        "'{case}' kan niet als zaaknummer: gebruik 1 tot 64 letters, cijfers, \
                         '-', '_', '.' of '/' (een zaaknummer, geen naam)"
                    ),
                    format!(
                        "'{case}' is not a usable case id: use 1 to 64 letters, digits, '-', \
                         '_', '.' or '/' (a case number, not a name)"
                    ),
                ),
                M::FileUnreadable { shown, detail } => (
                    format!("{shown} kan niet worden gelezen ({detail})"),
                    format!("{shown}: cannot be read ({detail})"),
                ),
                M::FileEmpty { shown } => (format!("{shown} is leeg"), format!("{shown} is empty")),
                M::NoSuchFile { shown } => (
                    format!("{shown} bestaat niet"),
                    format!("{shown}: no such file"),
                ),
                M::NotAFile { shown } => (
                    format!(
                        "{shown} is geen bestand (een pipe, een apparaat of een map kan niet \
                         worden ingelezen)"
                    ),
                    format!(
                        "{shown} is not a file (a pipe, a device or a folder cannot be imported)"
                    ),
                ),
                M::NotAudio { shown, detail } => (
                    format!("{shown} kan niet als opname worden gelezen: {detail}"),
                    format!("{shown}: {detail}"),
                ),
                M::DecoderGaveUp { shown } => (
                    format!(
                        "{shown}: de audiodecoder kon er niets mee (het bestand is beschadigd \
                         of geen geluid)"
                    ),
                    format!(
                        "{shown}: the audio decoder gave up on it (the file is damaged or not \
                         audio)"
                    ),
                ),
                M::NoFiles => (
                    "er zijn geen bestanden om in te lezen".into(),
                    "no files to import".into(),
                ),
                M::SameRecording { shown, other, sha } => (
                    format!(
                        "{shown} is dezelfde opname als {other} (SHA-256 {sha}); er is niets \
                         ingelezen"
                    ),
                    format!(
                        "{shown} is the same recording as {other} (SHA-256 {sha}); nothing was \
                         imported"
                    ),
                ),
                M::AlreadyInCase { shown, case, id } => (
                    format!(
                        "{shown} zit al in zaak {case} als item {id} (zelfde SHA-256); er is \
                         niets ingelezen"
                    ),
                    format!(
                        "{shown} is already in case {case} as item {id} (same SHA-256); nothing \
                         was imported"
                    ),
                ),
                M::Empty { field } => (
                    format!("{} is niet ingevuld", field.text(Lang::Nl)),
                    format!("{} is empty", field.text(Lang::En)),
                ),
                M::DescriptionIncomplete { errs } => {
                    let list = |lang| {
                        errs.iter()
                            .map(|e| e.text(lang))
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    (
                        format!("de beschrijving is niet compleet: {}", list(Lang::Nl)),
                        format!("the description is incomplete: {}", list(Lang::En)),
                    )
                }
                M::NotifiedInFuture { on } => (
                    format!("de datum van het informeren ({on}) ligt in de toekomst"),
                    format!("the notification date {on} lies in the future"),
                ),
                M::NotifiedBeforeReceipt { on, id, received } => (
                    format!(
                        "de datum van het informeren ({on}) ligt vóór de dag waarop item {id} \
                         binnenkwam ({received}); geef de dag waarop de persoon het hoorde"
                    ),
                    format!(
                        "the notification date {on} lies before item {id} came in ({received}); \
                         give the day the person was told"
                    ),
                ),
                M::ViaParentNotChild { name, role } => (
                    format!(
                        "alleen een kind kan via een ouder worden geïnformeerd; {name} staat op \
                         de opname als {}",
                        match role.as_str() {
                            "parent" => "ouder",
                            "professional" => "professional",
                            "sender" => "afzender",
                            _ => "andere betrokkene",
                        }
                    ),
                    format!(
                        "only a child can be told through a parent; {name} is on the recording \
                         as {role}"
                    ),
                ),
                M::ViaParentNotParent { name, id } => (
                    format!(
                        "{name} is geen andere ouder op item {id}; noem een betrokkene met de rol \
                         parent"
                    ),
                    format!(
                        "{name} is not another parent on item {id}; name a subject with the role \
                         parent"
                    ),
                ),
                M::ViaParentNotNotified { name } => (
                    format!(
                        "{name} is (nog) niet geïnformeerd, dus kan het kind niet via {name} \
                         worden geïnformeerd; leg eerst vast dat {name} is geïnformeerd, of \
                         besluit over het kind zelf"
                    ),
                    format!(
                        "{name} has not been notified, so the child cannot be told through \
                         {name}; record that {name} was notified first, or decide about the \
                         child on their own"
                    ),
                ),
                M::ReceivedInFuture { at } => (
                    format!("de datum van ontvangst ({at}) ligt in de toekomst"),
                    format!("the date of receipt ({at}) lies in the future"),
                ),
                M::ReviewDateOutOfRange { on, latest } => (
                    format!(
                        "de herzieningsdatum {on} moet na vandaag liggen en uiterlijk {latest}: \
                         een uitzondering wordt minstens eens per jaar opnieuw gewogen"
                    ),
                    format!(
                        "the review date {on} must be after today and no later than {latest}: \
                         an exception is weighed again at least once a year"
                    ),
                ),
                M::QueueReadFailed => (
                    "de lijst kon niet worden gelezen (een deel van het werk stopte onverwacht)"
                        .to_string(),
                    "reading the queue failed (part of the work stopped unexpectedly)".to_string(),
                ),
                M::NoSubjects { id } => (
                    format!(
                        "bij item {id} zijn nog geen betrokkenen vastgelegd; beschrijf het eerst \
                         (earshot describe)"
                    ),
                    format!("item {id} has no subjects yet; describe it first (earshot describe)"),
                ),
                M::NotSubjectOf { name, id, names } => (
                    format!(
                        "{name} is geen betrokkene bij item {id}; de betrokkenen zijn: {names}"
                    ),
                    format!("{name} is not a subject of item {id}; its subjects are: {names}"),
                ),
                M::NotSubject { name, id } => (
                    format!("{name} is geen betrokkene bij item {id}"),
                    format!("{name} is not a subject of item {id}"),
                ),
                M::PreviewZero => (
                    "een fragment van 0 seconden laat niets horen".into(),
                    "a preview of 0 seconds hears nothing".into(),
                ),
                M::TooShort { length } => (
                    format!("de opname duurt maar {length}; kies een begin vóór het einde"),
                    format!("the recording is only {length} long; choose a start before its end"),
                ),
                M::ToBeforeFrom => (
                    "--to moet na --from liggen".into(),
                    "--to must lie after --from".into(),
                ),
                M::RecordingMissing { id, detail } => (
                    format!(
                        "de opname van item {id} ontbreekt in de kluis ({detail}); kijk met \
                         `earshot doctor`"
                    ),
                    format!(
                        "item {id}'s recording is missing from the vault ({detail}); run \
                         `earshot doctor`"
                    ),
                ),
                M::RecordingDamaged { id, detail } => (
                    format!("de opname van item {id} is beschadigd: {detail}"),
                    format!("item {id}: {detail}"),
                ),
                M::OverviewTooBig { item, bytes, limit } => (
                    format!(
                        "het overzicht van item {item} werd {bytes} bytes, meer dan de {limit} \
                         die bij deze lengte passen; het is niet opgeslagen"
                    ),
                    format!(
                        "item {item}'s overview came out at {bytes} bytes, more than the \
                         {limit} an overview of its length may have; it was not stored"
                    ),
                ),
                M::PreviewUnknown { preview } => (
                    format!(
                        "fragment {preview} is niet door deze opslag gestart; er is niets \
                         geopend"
                    ),
                    format!("preview {preview} is not one this store started; nothing was opened"),
                ),
                M::PreviewOtherItem {
                    preview,
                    item,
                    wanted,
                } => (
                    format!(
                        "fragment {preview} hoort bij item {item}, niet bij item {wanted}; er \
                         is niets geopend"
                    ),
                    format!(
                        "preview {preview} belongs to item {item}, not item {wanted}; nothing \
                         was opened"
                    ),
                ),
                M::PreviewEnded { preview, item } => (
                    format!(
                        "fragment {preview} van item {item} is al afgelopen; start een nieuw \
                         fragment om opnieuw te luisteren"
                    ),
                    format!(
                        "preview {preview} of item {item} has already ended; start a new \
                         preview to listen again"
                    ),
                ),
                M::FieldsUnreadable { id } => (
                    format!("de versleutelde gegevens van item {id} kunnen niet worden gelezen"),
                    format!("item {id}'s encrypted fields are unreadable"),
                ),
                M::ChatContextUnreadable { item } => (
                    format!("de chatberichten rond item {item} kunnen niet worden gelezen"),
                    format!("item {item}'s chat context is unreadable"),
                ),
                M::NotificationUnreadable { id } => (
                    format!("item {id}: een besluit over informeren kan niet worden gelezen"),
                    format!("item {id}: a notification is unreadable"),
                ),
                M::UseUnreadable { id } => (
                    format!("item {id}: een gebruik kan niet worden gelezen"),
                    format!("item {id}: a use is unreadable"),
                ),
                M::CopyDeletedInFuture { on } => (
                    format!("de datum van vernietiging ({on}) ligt in de toekomst"),
                    format!("the deletion date {on} lies in the future"),
                ),
                M::NoCopy { copy } => (
                    format!("er is geen kopie {copy}"),
                    format!("there is no copy {copy}"),
                ),
                M::CopyConfirmed { copy } => (
                    format!("de vernietiging van kopie {copy} is al bevestigd"),
                    format!("copy {copy}'s deletion was already confirmed"),
                ),
                M::CopyUnreadable { copy } => (
                    format!("kopie {copy} kan niet worden gelezen"),
                    format!("copy {copy} is unreadable"),
                ),
                M::CopyDeletedBeforeRegistered {
                    copy,
                    on,
                    registered,
                } => (
                    format!(
                        "de datum van vernietiging ({on}) ligt vóór de registratie van kopie \
                         {copy} ({registered}); geef de dag waarop die echt is vernietigd"
                    ),
                    format!(
                        "the deletion date {on} lies before copy {copy} was registered \
                         ({registered}); give the day it was really deleted"
                    ),
                ),
                M::CopyHanded { copy } => (
                    format!(
                        "kopie {copy} is aan de betrokkene gegeven en is van hem of haar: er \
                         is geen vernietiging te bevestigen"
                    ),
                    format!(
                        "copy {copy} was handed to the subject and is theirs: there is no \
                         deletion to confirm"
                    ),
                ),
                M::TextFileUnreadable {
                    what,
                    shown,
                    detail,
                } => (
                    format!(
                        "{} {shown} kan niet worden gelezen ({detail})",
                        what.text(Lang::Nl)
                    ),
                    format!("{} {shown}: cannot be read ({detail})", what.text(Lang::En)),
                ),
                M::TextFileTooLarge { what, shown } => (
                    format!(
                        "{} {shown} is groter dan 1 MiB; er wordt een samenvatting verwacht, \
                         nooit de opname",
                        what.text(Lang::Nl)
                    ),
                    format!(
                        "{} {shown} is larger than 1 MiB; a summary is expected, never the \
                         recording",
                        what.text(Lang::En)
                    ),
                ),
                M::TextFileNotText { what, shown } => (
                    format!("{} {shown} is geen UTF-8-tekst", what.text(Lang::Nl)),
                    format!("{} {shown} is not UTF-8 text", what.text(Lang::En)),
                ),
                M::FolderNotAbsolute { folder, value } => (
                    format!(
                        "{} moet een absoluut pad zijn, niet {value}",
                        folder.text(Lang::Nl)
                    ),
                    format!(
                        "{} must be an absolute path, not {value}",
                        folder.text(Lang::En)
                    ),
                ),
                M::FolderUnusable {
                    folder,
                    value,
                    detail,
                } => (
                    format!(
                        "{} {value} kan niet worden gebruikt ({detail})",
                        folder.text(Lang::Nl)
                    ),
                    format!(
                        "{} {value} cannot be used ({detail})",
                        folder.text(Lang::En)
                    ),
                ),
                M::FolderNotDir {
                    folder,
                    value,
                    links,
                } => (
                    format!(
                        "{} {value} is geen map{}",
                        folder.text(Lang::Nl),
                        if *links {
                            " (links worden niet gevolgd)"
                        } else {
                            ""
                        }
                    ),
                    format!(
                        "{} {value} is not a directory{}",
                        folder.text(Lang::En),
                        if *links {
                            " (links are not followed)"
                        } else {
                            ""
                        }
                    ),
                ),
                M::FolderInsideStore { folder, value } => (
                    format!(
                        "{} {value} moet buiten de map van de opslag liggen",
                        folder.text(Lang::Nl)
                    ),
                    format!(
                        "{} {value} must lie outside the store directory",
                        folder.text(Lang::En)
                    ),
                ),
                M::NoInbox => (
                    "er is geen inbox ingesteld; een teamleider stelt die in met `earshot \
                     settings inbox /pad/naar/map`"
                        .into(),
                    "no inbox is set; a team leader sets one with `earshot settings inbox \
                     /path/to/dir`"
                        .into(),
                ),
                M::InboxWatcher { detail } => (
                    format!("het bewaken van de inbox kan niet starten: {detail}"),
                    format!("cannot start the inbox watcher: {detail}"),
                ),
                M::FileStopped { file, why } => (
                    format!("{file} is niet ingelezen: {why}"),
                    format!("{file}: {why}"),
                ),
                M::ExportUnusable { detail } => (
                    format!("de WhatsApp-export kan niet worden gebruikt: {detail}"),
                    detail.clone(),
                ),
                M::ChatUnreadable { shown, detail } => (
                    format!("de chat in {shown} kan niet worden gelezen: {detail}"),
                    format!("{shown} {detail}"),
                ),
            },
        )
    }
}
