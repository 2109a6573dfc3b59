//! The words documents use outside their templates (table headers, roles, the account of an
//! item or a case), in Dutch and English. Every text is one variant with one match arm that
//! gives both languages, so a text without its Dutch does not compile.

use crate::core::model::Stage;

/// The one language type (core's), so paths through this module keep working.
pub use crate::core::lang::Lang;

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
    ToldThrough,
    NotNotified,
    ReviewOn,
    PastReview,
    ApprovedBy,
    SecretlyYes,
    SecretlyNo,
    SecretlyUnknown,
    IntentDefault,
    NoCopies,
    NoRecipients,
    RecipientsToTell,
    Recipient,
    Purpose,
    Where,
    Registered,
    DeletionConfirmedBy,
    On,
    Outstanding,
    CopyKindHeld,
    CopyKindHanded,
    AllCopiesConfirmed,
    CopiesOutstanding,
    // The account of an item or a case.
    StageReceived,
    StageDescribed,
    StageNotificationDecided,
    StageUsed,
    StageDeleted,
    Yes,
    No,
    Unknown,
    Receipt,
    Metadata,
    DestroyedWithRecording,
    MetadataDestroyed,
    MetadataNotRecorded,
    MetadataHistory,
    Listening,
    RefusedByGate,
    Notification,
    Letters,
    Responses,
    NoneRecorded,
    Uses,
    NoneYet,
    AccessRequests,
    ErasureRequests,
    Complaints,
    CaseComplaints,
    CopiesOutside,
    NoneKnown,
    CopyOutstanding,
    RetentionAndDeletion,
    NoCertificates,
    AuditTrail,
    AuditTableHead,
    StatusOpen,
    StatusGranted,
    StatusClosed,
    KindComplaint,
    KindInformationRequest,
    KindNotification,
}

impl L {
    /// The text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        use L::*;
        let (nl, en) = match self {
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
            ToldThrough => ("wordt geïnformeerd via", "is told through"),
            NotNotified => ("niet geïnformeerd", "not informed"),
            ReviewOn => ("te herzien op", "to be reviewed on"),
            PastReview => ("niet op tijd herzien", "past its review date"),
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
            NoRecipients => (
                "Er is geen samenvatting van de opname aan iemand gegeven.",
                "No summary of the recording was given to anyone.",
            ),
            RecipientsToTell => (
                "Zij krijgen bericht van de vernietiging (AVG art. 19).",
                "They are told of the deletion (GDPR art. 19).",
            ),
            Recipient => ("Ontvanger", "Recipient"),
            Purpose => ("Doel", "Purpose"),
            NoCopies => (
                "Er zijn geen kopieën buiten het systeem bekend.",
                "No copies outside the system are known.",
            ),
            Where => ("Waar", "Where"),
            Registered => ("Geregistreerd", "Registered"),
            DeletionConfirmedBy => ("Verwijdering bevestigd door", "Deletion confirmed by"),
            On => ("Op", "On"),
            Outstanding => ("NOG NIET BEVESTIGD", "NOT YET CONFIRMED"),
            CopyKindHeld => ("te vernietigen", "to be deleted"),
            CopyKindHanded => ("aan de betrokkene gegeven", "handed to the subject"),
            AllCopiesConfirmed => (
                "De verwijdering van alle bekende kopieën is bevestigd.",
                "The deletion of every known copy is confirmed.",
            ),
            CopiesOutstanding => (
                "Kopieën waarvan de verwijdering nog niet is bevestigd",
                "Copies whose deletion is not yet confirmed",
            ),
            StageReceived => ("ontvangen", "received"),
            StageDescribed => ("beschreven", "described"),
            StageNotificationDecided => ("informeren besloten", "notification decided"),
            StageUsed => ("gebruikt", "used"),
            StageDeleted => ("vernietigd", "deleted"),
            Yes => ("ja", "yes"),
            No => ("nee", "no"),
            Unknown => ("onbekend", "unknown"),
            Receipt => ("Ontvangst", "Receipt"),
            Metadata => ("Gegevens", "Metadata"),
            DestroyedWithRecording => (
                "(vernietigd met de opname)",
                "(destroyed with the recording)",
            ),
            MetadataDestroyed => ("Vernietigd met de opname.", "Destroyed with the recording."),
            MetadataNotRecorded => ("Niet vastgelegd.", "Not recorded."),
            MetadataHistory => (
                "Geschiedenis van de gegevens (uit het auditlogboek):",
                "History of the metadata (from the audit log):",
            ),
            Listening => ("Beluisteren", "Listening"),
            RefusedByGate => ("Geweigerd door het slot:", "Refused by the gate:"),
            Notification => ("Informeren", "Notification"),
            Letters => ("Brieven:", "Letters:"),
            Responses => ("Reacties", "Responses"),
            NoneRecorded => ("Geen vastgelegd.", "None recorded."),
            Uses => ("Gebruik", "Uses"),
            NoneYet => ("Geen.", "None."),
            AccessRequests => ("Verzoeken om inzage", "Access requests"),
            ErasureRequests => ("Verzoeken om wissing", "Erasure requests"),
            Complaints => ("Klachten", "Complaints"),
            CaseComplaints => ("Klachten over de zaak", "Complaints about the case"),
            CopiesOutside => ("Kopieën buiten de opslag", "Copies outside the store"),
            NoneKnown => ("Geen bekend.", "None known."),
            CopyOutstanding => ("**nog niet bevestigd**", "**outstanding**"),
            RetentionAndDeletion => ("Bewaren en vernietigen", "Retention and deletion"),
            NoCertificates => ("geen", "none"),
            AuditTrail => ("Auditlogboek", "Audit trail"),
            AuditTableHead => (
                "| # | Wanneer | Wie | Wat |\n|---|---|---|---|",
                "| # | When | Who | What |\n|---|---|---|---|",
            ),
            StatusOpen => ("open", "open"),
            StatusGranted => ("toegestaan", "granted"),
            StatusClosed => ("afgesloten", "closed"),
            KindComplaint => ("klacht", "complaint"),
            KindInformationRequest => ("informatieverzoek", "information request"),
            KindNotification => ("informeringsbrief", "notification"),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// A stage's name.
    pub fn stage(s: Stage) -> L {
        match s {
            Stage::Received => L::StageReceived,
            Stage::Described => L::StageDescribed,
            Stage::NotificationDecided => L::StageNotificationDecided,
            Stage::Used => L::StageUsed,
            Stage::Deleted => L::StageDeleted,
        }
    }
}

/// A code the store keeps as text (a status, a kind, an answer) in words; a code this table
/// does not know is shown as it is.
pub fn code_word(lang: Lang, code: &str) -> String {
    let w = match code {
        "open" => L::StatusOpen,
        "granted" => L::StatusGranted,
        "closed" => L::StatusClosed,
        "complaint" => L::KindComplaint,
        "information_request" => L::KindInformationRequest,
        "notification" => L::KindNotification,
        "yes" => L::Yes,
        "no" => L::No,
        "unknown" => L::Unknown,
        other => return other.replace('_', " "),
    };
    w.text(lang).to_string()
}

/// A channel's name.
pub fn channel(lang: Lang, c: &str) -> String {
    match (lang, c) {
        (_, "whatsapp") => "WhatsApp".into(),
        (_, "sms") => "sms".into(),
        (Lang::Nl, "phone") => "een telefoongesprek".into(),
        (Lang::En, "phone") => "a phone call".into(),
        (Lang::Nl, "email") => "e-mail".into(),
        (Lang::En, "email") => "e-mail".into(),
        (Lang::Nl, "upload") => "upload".into(),
        (Lang::Nl, "other") => "een ander kanaal".into(),
        (Lang::En, "other") => "another channel".into(),
        (_, other) => other.to_string(),
    }
}

/// What a deletion destroyed, in words: from the store's one list of what deletion destroys
/// ([`SHREDDED`](crate::store::due::deletion::SHREDDED)); an unknown code as it is.
pub fn destroyed(lang: Lang, code: &str) -> String {
    match crate::store::due::deletion::Shredded::by_code(code) {
        Some(s) => s.describe(lang.code()).to_string(),
        None => code.to_string(),
    }
}

/// A value in a sentence, already made safe for Markdown by the caller.
type V<'a> = &'a dyn std::fmt::Display;

/// The sentences of the account of an item or a case, with their values. Like [`L`], each is one
/// variant with one arm that gives both languages.
pub enum S<'a> {
    CaseHeading {
        case: V<'a>,
        items: V<'a>,
        date: V<'a>,
        zone: V<'a>,
    },
    ItemHeading {
        item: V<'a>,
        case: V<'a>,
    },
    Written {
        date: V<'a>,
        stage: V<'a>,
        zone: V<'a>,
    },
    Received {
        at: V<'a>,
        by: V<'a>,
        channel: V<'a>,
    },
    From {
        who: V<'a>,
    },
    File {
        name: V<'a>,
        format: V<'a>,
        codec: V<'a>,
        length: V<'a>,
        bytes: V<'a>,
    },
    MetadataFields {
        sender: V<'a>,
        purpose: V<'a>,
        secretly: V<'a>,
        legal_basis: V<'a>,
        team_purpose: V<'a>,
        people: V<'a>,
    },
    FromTrail {
        at: V<'a>,
        actor: V<'a>,
        what: V<'a>,
    },
    HeardInAll {
        heard: V<'a>,
        ranges: V<'a>,
    },
    Pending {
        who: V<'a>,
    },
    Letter {
        id: V<'a>,
        kind: V<'a>,
        lang: V<'a>,
        format: V<'a>,
        to: V<'a>,
        at: V<'a>,
        by: V<'a>,
        respond_by: V<'a>,
        sha256: V<'a>,
        head: V<'a>,
    },
    Response {
        on: V<'a>,
        from: V<'a>,
        by: V<'a>,
        then: V<'a>,
        text: V<'a>,
    },
    RegisteredAsComplaint {
        id: V<'a>,
    },
    Use {
        id: V<'a>,
        purpose: V<'a>,
        recipient: V<'a>,
        by: V<'a>,
        at: V<'a>,
        inform_by: V<'a>,
        informed: V<'a>,
        not_informed: V<'a>,
        summary: V<'a>,
    },
    AccessRequest {
        id: V<'a>,
        from: V<'a>,
        on: V<'a>,
        due: V<'a>,
        extended: V<'a>,
        status: V<'a>,
        granted: V<'a>,
        overdue: V<'a>,
    },
    /// An erasure request, with `decision` ([`S::ErasureDecided`], or the open status).
    ErasureRequest {
        id: V<'a>,
        from: V<'a>,
        on: V<'a>,
        due: V<'a>,
        extended: V<'a>,
        decision: V<'a>,
        overdue: V<'a>,
    },
    ErasureDecided {
        granted: bool,
        by: V<'a>,
        on: V<'a>,
        reason: V<'a>,
    },
    Extended {
        reason: V<'a>,
    },
    Granted {
        at: V<'a>,
        by: V<'a>,
        approved_by: V<'a>,
    },
    Overdue,
    Complaint {
        id: V<'a>,
        kind: V<'a>,
        status: V<'a>,
        from: V<'a>,
        received: V<'a>,
        acknowledge_by: V<'a>,
        acknowledged: V<'a>,
        decide_by: V<'a>,
        postponed: V<'a>,
        downgraded: V<'a>,
        closed: V<'a>,
        overdue: V<'a>,
    },
    Acknowledged {
        on: V<'a>,
    },
    Postponed {
        reason: V<'a>,
    },
    Downgraded {
        approved_by: V<'a>,
        reason: V<'a>,
    },
    Decided {
        on: V<'a>,
        outcome: V<'a>,
    },
    AcknowledgementOverdue,
    Copy {
        id: V<'a>,
        location: V<'a>,
        at: V<'a>,
        by: V<'a>,
        state: V<'a>,
    },
    CopyDeletedOn {
        by: V<'a>,
        on: V<'a>,
    },
    CopyDeleted {
        by: V<'a>,
    },
    CopyHandedOn {
        on: V<'a>,
    },
    CopiesOutstandingCount {
        n: V<'a>,
    },
    Retention {
        years: V<'a>,
        until: V<'a>,
        due: V<'a>,
    },
    RetentionDue,
    Deleted {
        at: V<'a>,
        by: V<'a>,
        approved_by: V<'a>,
        certificates: V<'a>,
    },
    AuditHead {
        head: V<'a>,
    },
    /// An item of the case whose record cannot be read: named, never left out in silence.
    Damaged {
        item: V<'a>,
        why: V<'a>,
    },
    /// A certificate: backups made before the deletion become unreadable once the key epoch
    /// the item's key was under (replaced by the deletion) is retired, `from` at the earliest.
    BackupsUntilRetired {
        epoch: V<'a>,
        from: V<'a>,
        days: V<'a>,
    },
    /// A certificate: that epoch (and every earlier one that held the key) is retired.
    BackupsRetired {
        epoch: V<'a>,
        on: V<'a>,
    },
    /// A certificate: the epoch of the deletion is still the current one.
    BackupsNotYetReplaced {
        epoch: V<'a>,
        days: V<'a>,
    },
    /// A certificate: backups from before the store used epochs hold the key under the master
    /// key.
    BackupsMasterKey {
        until: V<'a>,
    },
}

impl S<'_> {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use S::*;
        let (nl, en) = match self {
            CaseHeading {
                case,
                items,
                date,
                zone,
            } => (
                format!(
                    "# Verantwoording van zaak {case}\n\n{items} items. Geschreven {date}. \
                     Tijden in plaatselijke tijd ({zone}).\n\n"
                ),
                format!(
                    "# Account of case {case}\n\n{items} items. Written {date}. Times are \
                     local time ({zone}).\n\n"
                ),
            ),
            ItemHeading { item, case } => (
                format!("# Verantwoording van item {item} (zaak {case})"),
                format!("# Account of item {item} (case {case})"),
            ),
            Written { date, stage, zone } => (
                format!(
                    "Geschreven {date}. Fase: **{stage}**. Tijden in plaatselijke tijd ({zone})."
                ),
                format!("Written {date}. Stage: **{stage}**. Times are local time ({zone})."),
            ),
            Received { at, by, channel } => (
                format!("- Ontvangen {at} door {by} via {channel}"),
                format!("- Received {at} by {by} via {channel}"),
            ),
            From { who } => (format!("- Van: {who}"), format!("- From: {who}")),
            File {
                name,
                format,
                codec,
                length,
                bytes,
            } => (
                format!("- Bestand: {name} — {format} {codec}, {length}, {bytes} bytes"),
                format!("- File: {name} — {format} {codec}, {length}, {bytes} bytes"),
            ),
            MetadataFields {
                sender,
                purpose,
                secretly,
                legal_basis,
                team_purpose,
                people,
            } => (
                format!(
                    "- Afzender: {sender}\n- Doel van de afzender: {purpose}\n- Heimelijk opgenomen: {secretly}\n- Grondslag: {legal_basis}\n- Doel van het team: {team_purpose}\n- Betrokkenen op de opname:\n{people}"
                ),
                format!(
                    "- Sender: {sender}\n- Sender's purpose: {purpose}\n- Recorded secretly: {secretly}\n- Legal basis: {legal_basis}\n- Team's purpose: {team_purpose}\n- People on the recording:\n{people}"
                ),
            ),
            FromTrail { at, actor, what } => (
                format!("- {at} door {actor}: {what} (details vernietigd met de opname)\n"),
                format!("- {at} by {actor}: {what} (details destroyed with the recording)\n"),
            ),
            HeardInAll { heard, ranges } => (
                format!("In totaal beluisterd: {heard}; delen: {ranges}."),
                format!("Heard in all: {heard}; ranges: {ranges}."),
            ),
            Pending { who } => (
                format!("- **open**: nog geen besluit over {who}"),
                format!("- **pending**: no decision yet about {who}"),
            ),
            Letter {
                id,
                kind,
                lang,
                format,
                to,
                at,
                by,
                respond_by,
                sha256,
                head,
            } => (
                format!(
                    "- Brief {id} ({kind}, {lang}, {format}) aan {to}, geschreven {at} door {by}; reageren vóór {respond_by}; SHA-256 `{sha256}`, met de audit-kop `{head}`"
                ),
                format!(
                    "- Letter {id} ({kind}, {lang}, {format}) to {to} written {at} by {by}; respond by {respond_by}; SHA-256 `{sha256}`, quoting audit head `{head}`"
                ),
            ),
            Response {
                on,
                from,
                by,
                then,
                text,
            } => (
                format!("- {on} van {from} (vastgelegd door {by}){then}: {text}"),
                format!("- {on} from {from} (recorded by {by}){then}: {text}"),
            ),
            RegisteredAsComplaint { id } => (
                format!(", geregistreerd als klacht {id}"),
                format!(", registered as complaint {id}"),
            ),
            Use {
                id,
                purpose,
                recipient,
                by,
                at,
                inform_by,
                informed,
                not_informed,
                summary,
            } => (
                format!(
                    "- Gebruik {id}: {purpose} → {recipient} door {by} op {at}. De betrokkenen moesten uiterlijk {inform_by} geïnformeerd zijn (AVG art. 14 lid 3 sub c); geïnformeerd: {informed}; niet geïnformeerd: {not_informed}.\n  Samenvatting: {summary}"
                ),
                format!(
                    "- Use {id}: {purpose} → {recipient} by {by} at {at}. Subjects had to be informed by {inform_by} (GDPR art. 14(3)(c)); informed: {informed}; not informed: {not_informed}.\n  Summary: {summary}"
                ),
            ),
            AccessRequest {
                id,
                from,
                on,
                due,
                extended,
                status,
                granted,
                overdue,
            } => (
                format!(
                    "- Verzoek {id} van {from} op {on}, uiterlijk {due}{extended}: {status}{granted}{overdue}"
                ),
                format!(
                    "- Request {id} by {from} on {on}, due {due}{extended}: {status}{granted}{overdue}"
                ),
            ),
            ErasureRequest {
                id,
                from,
                on,
                due,
                extended,
                decision,
                overdue,
            } => (
                format!(
                    "- Verzoek {id} van {from} op {on}, beslissen vóór {due}{extended}: {decision}{overdue}"
                ),
                format!(
                    "- Request {id} by {from} on {on}, decide by {due}{extended}: {decision}{overdue}"
                ),
            ),
            ErasureDecided {
                granted,
                by,
                on,
                reason,
            } => {
                let (nl, en) = if *granted {
                    ("toegewezen", "granted")
                } else {
                    ("afgewezen", "refused")
                };
                (
                    format!("{nl} door {by} op {on} (reden: {reason})"),
                    format!("{en} by {by} on {on} (reason: {reason})"),
                )
            }
            Extended { reason } => (
                format!(" (verlengd: {reason})"),
                format!(" (extended: {reason})"),
            ),
            Granted {
                at,
                by,
                approved_by,
            } => (
                format!(" {at} door {by}, akkoord van {approved_by}"),
                format!(" {at} by {by}, approved by {approved_by}"),
            ),
            Overdue => (" — **TE LAAT**".into(), " — **OVERDUE**".into()),
            Complaint {
                id,
                kind,
                status,
                from,
                received,
                acknowledge_by,
                acknowledged,
                decide_by,
                postponed,
                downgraded,
                closed,
                overdue,
            } => (
                format!(
                    "- Klacht {id} ({kind}, {status}) van {from}, ontvangen {received}; ontvangst bevestigen vóór {acknowledge_by}{acknowledged}; beslissen vóór {decide_by}{postponed}{downgraded}{closed}{overdue}\n"
                ),
                format!(
                    "- Complaint {id} ({kind}, {status}) from {from} received {received}; acknowledge by {acknowledge_by}{acknowledged}; decide by {decide_by}{postponed}{downgraded}{closed}{overdue}\n"
                ),
            ),
            Acknowledged { on } => (
                format!(" (bevestigd {on})"),
                format!(" (acknowledged {on})"),
            ),
            Postponed { reason } => (
                format!(" (verdaagd: {reason})"),
                format!(" (postponed: {reason})"),
            ),
            Downgraded {
                approved_by,
                reason,
            } => (
                format!("; behandeld als informatieverzoek, akkoord van {approved_by} ({reason})"),
                format!(
                    "; treated as an information request, approved by {approved_by} ({reason})"
                ),
            ),
            Decided { on, outcome } => (
                format!("; beslist {on}: {outcome}"),
                format!("; decided {on}: {outcome}"),
            ),
            AcknowledgementOverdue => (
                " — **ontvangstbevestiging te laat**".into(),
                " — **acknowledgement overdue**".into(),
            ),
            Copy {
                id,
                location,
                at,
                by,
                state,
            } => (
                format!("- Kopie {id}: {location} (geregistreerd {at} door {by}); {state}"),
                format!("- Copy {id}: {location} (registered {at} by {by}); {state}"),
            ),
            CopyDeletedOn { by, on } => (
                format!("vernietiging bevestigd door {by}, vernietigd op {on}"),
                format!("deletion confirmed by {by} for {on}"),
            ),
            CopyHandedOn { on } => (
                format!("aan de betrokkene gegeven op {on}"),
                format!("handed to the subject on {on}"),
            ),
            CopyDeleted { by } => (
                format!("vernietiging bevestigd door {by}"),
                format!("deletion confirmed by {by}"),
            ),
            CopiesOutstandingCount { n } => (
                format!("**Kopieën waarvan de vernietiging nog niet is bevestigd: {n}.**"),
                format!("**Copies outstanding: {n}.**"),
            ),
            Retention { years, until, due } => (
                format!("Bewaartermijn: {years} jaar, tot {until}{due}."),
                format!("Retention: {years} years, until {until}{due}."),
            ),
            RetentionDue => (
                " — **te vernietigen**".into(),
                " — **due for deletion**".into(),
            ),
            Deleted {
                at,
                by,
                approved_by,
                certificates,
            } => (
                format!(
                    "Vernietigd {at} door {by}, akkoord van {approved_by}. Vernietigingsverklaringen: {certificates}."
                ),
                format!(
                    "Deleted {at} by {by}, approved by {approved_by}. Certificates: {certificates}."
                ),
            ),
            Damaged { item, why } => (
                format!(
                    "## Item {item}: BESCHADIGD\n\nDe gegevens van dit item zijn niet te lezen ({why}). Deze verantwoording is daarom onvolledig; `earshot doctor` zegt wat er beschadigd is."
                ),
                format!(
                    "## Item {item}: DAMAGED\n\nThis item's record cannot be read ({why}). This account is therefore incomplete; `earshot doctor` says what is damaged."
                ),
            ),
            BackupsUntilRetired { epoch, from, days } => (
                format!(
                    "Reservekopieën van ons systeem die vóór de vernietiging zijn gemaakt, bevatten de sleutel van de opname nog, vergrendeld met sleutelgeneratie {epoch} van ons systeem. Vanaf {from} zijn ze niet meer te lezen, zodra die sleutelgeneratie (met elke eerdere waaronder de sleutel lag) vernietigd is: die dag op zijn vroegst, omdat wij reservekopieën hooguit {days} dagen bewaren. De server die onze opslag beheert, vernietigt haar vanaf die dag zelf; zonder zo'n server doet een teamleider dat met `earshot key retire {epoch}`. Tot ze vernietigd is, kan wie zo'n reservekopie én onze sleutels heeft de opname nog terughalen."
                ),
                format!(
                    "Backups of our system made before the deletion still hold the recording's key, locked with key epoch {epoch} of our system. From {from} they can no longer be read, once that key epoch (with every earlier one that held the key) has been destroyed: that day at the earliest, because we keep backups at most {days} days. The server that holds our store destroys it on its own from that day; without such a server, a team leader does so with `earshot key retire {epoch}`. Until it is destroyed, whoever holds such a backup together with our keys could still recover the recording."
                ),
            ),
            BackupsRetired { epoch, on } => (
                format!(
                    "Reservekopieën van ons systeem die vóór de vernietiging zijn gemaakt, zijn sinds {on} niet meer te lezen: sleutelgeneratie {epoch}, waaronder zij de sleutel van de opname bevatten, is vernietigd (met elke eerdere waaronder de sleutel lag)."
                ),
                format!(
                    "Backups of our system made before the deletion can no longer be read since {on}: key epoch {epoch}, under which they hold the recording's key, was destroyed (with every earlier one that held it)."
                ),
            ),
            BackupsNotYetReplaced { epoch, days } => (
                format!(
                    "Reservekopieën van ons systeem die vóór de vernietiging zijn gemaakt, bevatten de sleutel van de opname nog onder sleutelgeneratie {epoch}, die nog in gebruik is. Zij zijn niet meer te lezen zodra een nieuwe sleutelgeneratie haar heeft vervangen en zij vernietigd is, op zijn vroegst {days} dagen na de vervanging (`earshot key list` zegt wanneer)."
                ),
                format!(
                    "Backups of our system made before the deletion still hold the recording's key under key epoch {epoch}, which is still in use. They can no longer be read once a new key epoch has replaced it and it has been destroyed, at the earliest {days} days after the replacement (`earshot key list` says when)."
                ),
            ),
            BackupsMasterKey { until } => (
                format!(
                    "Reservekopieën die vóór {until} zijn gemaakt, toen ons systeem nog geen sleutelgeneraties gebruikte, bevatten de sleutel van de opname onder onze hoofdsleutel, die wij houden: zij blijven daarmee leesbaar tot zij zelf vernietigd zijn."
                ),
                format!(
                    "Backups made before {until}, when our system did not yet use key epochs, hold the recording's key under our master key, which we keep: they stay readable with it until they are destroyed themselves."
                ),
            ),
            AuditHead { head } => (
                format!(
                    "Audit-kop op het moment van schrijven: `{head}`\n(controleer hem met `earshot audit verify --anchor {head}`)"
                ),
                format!(
                    "Audit head at the time of writing: `{head}`\n(check it with `earshot audit verify --anchor {head}`)"
                ),
            ),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}
