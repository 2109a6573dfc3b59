//! The interface's words in Dutch and English, as a typed catalog: every text is a variant of
//! [`Ui`], and [`Ui::text`] gives both languages in one match arm per variant, so a text without
//! its Dutch does not compile. Texts with values are functions that take them.
//!
//! To add a text: one variant, one arm `Variant => ("Nederlands", "English")`.

use crate::core::lang::Lang;
use crate::core::model::{ApprovalKind, PersonRole, Role, Secretly, Stage};
use crate::core::time::format_offset;
use crate::store::Terms;

/// A word or sentence of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    // Titles and chrome.
    Queue,
    Escalations,
    Item,
    DescribeRecording,
    Player,
    NotificationDecision,
    Lead,
    Worker,
    Demo,
    AudioOnServer,
    EnterOkEscCancel,
    Keys,
    Help,
    TypeToFill,
    TooSmall,
    // The queue.
    Received,
    Case,
    Channel,
    Via,
    Sender,
    Length,
    StageHeader,
    Flags,
    FlagOverdue,
    FlagPreviewRequested,
    FlagPreviewRequestedShort,
    FlagExceptionToApprove,
    FlagExceptionToApproveShort,
    FlagEscalated,
    FlagEscalatedShort,
    FlagComplaintOverdue,
    FlagComplaintOverdueShort,
    FlagComplaintOpen,
    FlagComplaintOpenShort,
    FlagAccessRequest,
    FlagAccessRequestShort,
    FlagCopiesOutstanding,
    FlagCopiesOutstandingShort,
    FlagDueForDeletion,
    FlagDueForDeletionShort,
    FlagNotificationPending,
    FlagNotificationPendingShort,
    FlagRecordedSecretly,
    FlagRecordedSecretlyShort,
    PreviewLeft,
    NotRecorded,
    Today,
    Search,
    SortWord,
    FilterWord,
    All,
    SortNewest,
    SortOldest,
    SortCase,
    SortStage,
    QueueEmpty,
    NoItemsMatch,
    DemoNotice,
    TeamDemoPins,
    // Stages.
    StageReceived,
    StageDescribed,
    StageNotificationDecided,
    StageDecidedShort,
    StageUsed,
    StageDeleted,
    // The item.
    Open,
    Locked,
    GatePreview,
    GateFullPlayback,
    GateFurtherUse,
    GateSubjectAccess,
    GateDelete,
    Metadata,
    Subjects,
    Purpose,
    RecordedSecretly,
    LegalBasis,
    TeamsPurpose,
    NotRecordedYet,
    Chat,
    Notifications,
    Notified,
    By,
    Exception,
    Pending,
    Gate,
    Waveform,
    Heard,
    AllowanceLeft,
    Timeline,
    Computing,
    // People and answers.
    RoleSender,
    RoleParent,
    RoleChild,
    RoleProfessional,
    RoleOther,
    Yes,
    No,
    Unknown,
    // The forms.
    NewSubject,
    RoleWord,
    Save,
    Reason,
    ApprovedBy,
    Ground,
    ReviewOn,
    Pin,
    How,
    NotifiedOn,
    // The player.
    Preview,
    Playback,
    StartAt,
    Supervisor,
    TypePin,
    PreviewLength,
    Playing,
    Paused,
    PressEnterToPlay,
    // Prompts.
    AskLeadPreview,
    AskLeadException,
    EscalateToLeads,
    AssignTo,
    // Messages.
    Saved,
    /// Through the guardian: the connection ended without the UI asking.
    GuardianClosed,
    /// Through the guardian: no sound device here (the reason follows).
    NoSoundHere,
    /// The UI ended on a failure (the reason follows).
    UiFailed,
    Escalated,
    Assigned,
    DecisionLogged,
    FullPlaybackLocked,
    NothingTyped,
    EscalationViewForLeads,
    RecordingDeleted,
    NoLeadToSupervise,
    PreviewCannotMove,
    DescribeFirst,
    NoLeadForException,
    ReasonEmpty,
    HowEmpty,
    NobodyToNotify,
    // Approvals from a lead's own session.
    Approvals,
    ApprovalsNone,
    ApprovalsOwnNone,
    ApprovalsOwnOnly,
    AskedBy,
    KindWord,
    WhatAsked,
    Waiting,
    DeclineWhy,
    KindPreview,
    KindException,
    KindDeletion,
    KindDowngrade,
    KindSettings,
    KindOverride,
    Withdrawn,
    Asking,
    // What keys do (the help overlay and the hint line).
    KeyQuit,
    KeyHelp,
    KeyUp,
    KeyDown,
    KeyPageUp,
    KeyPageDown,
    KeyFirst,
    KeyLast,
    KeyOpenItem,
    KeySearch,
    KeySort,
    KeyFilterByStage,
    KeyEscalationView,
    KeyBack,
    KeyRecordMetadata,
    KeyPreview,
    KeyFullPlayback,
    KeyNotificationDecision,
    KeyEscalate,
    KeyAssign,
    KeyPlay,
    KeyPauseResume,
    KeyStop,
    KeyEarlier,
    KeyLater,
    KeyAskLead,
    KeyNextSupervisor,
    KeyLongerPreview,
    KeyShorterPreview,
    KeyCancel,
    KeyNextField,
    KeyPreviousField,
    KeyPreviousChoice,
    KeyNextChoice,
    KeyAddConfirm,
    KeySave,
    KeyRemoveSubject,
    KeyNotifiedException,
    KeyEscalateToLeads,
    KeyApprovals,
    KeyApprove,
    KeyDecline,
    KeyResolve,
    KeyDismiss,
    DismissWhy,
    InboxApprovals,
    InboxEscalations,
    InboxOverdue,
    PickerKeys,
    KeyNextPane,
    AnyKeyCloses,
    NotDone,
    KeyEarlierLong,
    KeyLaterLong,
    KeySeekTo,
    SeekToWhere,
    AssignedToMe,
    Assignee,
    KindOther,
    DueBy,
    LateUntouched,
    LateNotification,
    LateAccess,
    LateExceptionReview,
    EscalationResolved,
    EscalationDismissed,
    KeyAskApproval,
    KeyWithdraw,
    KeyGoTo,
    HelpMoreWords,
    HelpBackToKeys,
    WordsTitle,
    OpenRequestsTitle,
    DiscardAsk,
    StagesTitle,
    FlagsTitle,
    GoToItem,
    NoSuchItem,
}

impl Ui {
    /// The text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        use Ui::*;
        let (nl, en) = match self {
            Queue => ("Wachtrij", "Queue"),
            Escalations => ("Escalaties", "Escalations"),
            Item => ("Item", "Item"),
            DescribeRecording => ("Opname beschrijven", "Describe the recording"),
            Player => ("Speler", "Player"),
            NotificationDecision => ("Besluit over informeren", "Notification decision"),
            Lead => ("teamleider", "lead"),
            Worker => ("medewerker", "worker"),
            Demo => ("DEMO", "DEMO"),
            AudioOnServer => (
                "Geluid speelt op de server, niet op je eigen computer (SSH).",
                "Audio plays on the server, not on your computer (SSH).",
            ),
            EnterOkEscCancel => ("Enter ok · Esc annuleren", "Enter ok · Esc cancel"),
            Keys => ("Toetsen", "Keys"),
            Help => ("Help", "Help"),
            TypeToFill => (
                "(typ om het veld met de cursor in te vullen)",
                "(type to fill the field in focus)",
            ),
            TooSmall => (
                "Terminal te klein: minstens 80×24 nodig.",
                "Terminal too small: at least 80×24 is needed.",
            ),
            Received => ("Ontvangen", "Received"),
            Case => ("Zaak", "Case"),
            Channel => ("Kanaal", "Channel"),
            Via => ("Via", "Via"),
            Sender => ("Afzender", "Sender"),
            Length => ("Duur", "Length"),
            StageHeader => ("Fase", "Stage"),
            Flags => ("Kenmerken", "Flags"),
            FlagOverdue => ("te laat", "overdue"),
            FlagPreviewRequested => ("fragment gevraagd", "preview requested"),
            FlagPreviewRequestedShort => ("fragment?", "preview?"),
            FlagExceptionToApprove => ("uitzondering goedkeuren", "exception to approve"),
            FlagExceptionToApproveShort => ("uitzondering?", "exception?"),
            FlagEscalated => ("geëscaleerd", "escalated"),
            FlagEscalatedShort => ("escal.", "escal."),
            FlagComplaintOverdue => ("klacht te laat", "complaint overdue"),
            FlagComplaintOverdueShort => ("klacht!", "complaint!"),
            FlagComplaintOpen => ("klacht open", "complaint open"),
            FlagComplaintOpenShort => ("klacht", "complaint"),
            FlagAccessRequest => ("inzageverzoek", "access request"),
            FlagAccessRequestShort => ("inzage", "access"),
            FlagCopiesOutstanding => ("kopieën uitstaand", "copies outstanding"),
            FlagCopiesOutstandingShort => ("kopieën", "copies"),
            FlagDueForDeletion => ("te vernietigen", "due for deletion"),
            FlagDueForDeletionShort => ("bewaartermijn", "retention"),
            FlagNotificationPending => ("informeren open", "notification pending"),
            FlagNotificationPendingShort => ("informeren", "notify"),
            FlagRecordedSecretly => ("heimelijk opgenomen", "recorded secretly"),
            FlagRecordedSecretlyShort => ("heimelijk", "secret"),
            PreviewLeft => ("fragment over", "preview left"),
            NotRecorded => ("(niet vastgelegd)", "(not recorded)"),
            Today => ("vandaag", "today"),
            Search => ("Zoeken", "Search"),
            SortWord => ("sortering", "sort"),
            FilterWord => ("filter", "filter"),
            All => ("alles", "all"),
            SortNewest => ("nieuwste", "newest"),
            SortOldest => ("oudste", "oldest"),
            SortCase => ("zaak", "case"),
            SortStage => ("fase", "stage"),
            QueueEmpty => ("De wachtrij is leeg.", "The queue is empty."),
            NoItemsMatch => ("Geen items gevonden.", "No items match."),
            DemoNotice => (
                "Dit is een demo met verzonnen zaken; alles wordt gewist als je stopt.",
                "This is a demo store with fictional cases; it is deleted when you quit.",
            ),
            TeamDemoPins => ("Team (demo-PIN's)", "Team (demo PINs)"),
            StageReceived => ("ontvangen", "received"),
            StageDescribed => ("beschreven", "described"),
            StageNotificationDecided => ("informeren besloten", "notification decided"),
            StageDecidedShort => ("besloten", "decided"),
            StageUsed => ("gebruikt", "used"),
            StageDeleted => ("vernietigd", "deleted"),
            Open => ("open", "open"),
            Locked => ("vergrendeld", "locked"),
            GatePreview => ("fragment", "preview"),
            GateFullPlayback => ("volledig afspelen", "full playback"),
            GateFurtherUse => ("verder gebruik", "further use"),
            GateSubjectAccess => ("inzage betrokkene", "subject access"),
            GateDelete => ("vernietigen", "delete"),
            Metadata => ("Gegevens", "Metadata"),
            Subjects => ("Betrokkenen", "Subjects"),
            Purpose => ("Doel", "Purpose"),
            RecordedSecretly => ("Heimelijk opgenomen", "Recorded secretly"),
            LegalBasis => ("Grondslag", "Legal basis"),
            TeamsPurpose => ("Doel van het team", "Team's purpose"),
            NotRecordedYet => ("nog niet vastgelegd", "not recorded yet"),
            Chat => ("Chat", "Chat"),
            Notifications => ("Informeren", "Notifications"),
            Notified => ("geïnformeerd", "notified"),
            By => ("door", "by"),
            Exception => ("uitzondering", "exception"),
            Pending => ("open", "pending"),
            Gate => ("Slot", "Gate"),
            Waveform => ("Golfvorm", "Waveform"),
            Heard => ("beluisterd", "heard"),
            AllowanceLeft => ("Fragmenttijd over", "Allowance left"),
            Timeline => ("Tijdlijn", "Timeline"),
            Computing => ("wordt berekend…", "computing…"),
            RoleSender => ("afzender", "sender"),
            RoleParent => ("ouder", "parent"),
            RoleChild => ("kind", "child"),
            RoleProfessional => ("professional", "professional"),
            RoleOther => ("anders", "other"),
            Yes => ("ja", "yes"),
            No => ("nee", "no"),
            Unknown => ("onbekend", "unknown"),
            NewSubject => ("Nieuwe betrokkene", "New subject"),
            RoleWord => ("rol", "role"),
            Save => ("Opslaan", "Save"),
            Reason => ("Reden", "Reason"),
            ApprovedBy => ("Akkoord van", "Approved by"),
            Ground => ("Grond", "Ground"),
            ReviewOn => ("Herzien op", "Review on"),
            Pin => ("PIN", "PIN"),
            How => ("Hoe", "How"),
            NotifiedOn => ("Geïnformeerd op", "Notified on"),
            Preview => ("Fragment", "Preview"),
            Playback => ("Afspelen", "Playback"),
            StartAt => ("Begin bij", "Start at"),
            Supervisor => ("Meeluisterende teamleider", "Supervisor"),
            TypePin => ("typ de PIN en dan Enter", "type the PIN, then Enter"),
            PreviewLength => ("Lengte fragment", "Preview length"),
            Playing => ("speelt", "playing"),
            Paused => ("gepauzeerd", "paused"),
            PressEnterToPlay => (
                "Enter om af te spelen, Esc om terug te gaan",
                "press Enter to play, Esc to go back",
            ),
            AskLeadPreview => (
                "Vraag een teamleider om mee te luisteren (waarom?)",
                "Ask a team leader to supervise a preview (why?)",
            ),
            AskLeadException => (
                "Vraag een teamleider de uitzondering goed te keuren (waarom?)",
                "Ask a team leader to approve the exception (why?)",
            ),
            EscalateToLeads => (
                "Escaleren naar de teamleiders",
                "Escalate to the team leaders",
            ),
            AssignTo => ("Toewijzen aan", "Assign to"),
            Saved => ("Opgeslagen.", "Saved."),
            KeyGoTo => ("naar een itemnummer", "go to an item number"),
            HelpMoreWords => (
                "Tab: wat de woorden betekenen · een andere toets sluit",
                "Tab: what the words mean · any other key closes",
            ),
            HelpBackToKeys => (
                "Tab: de toetsen · een andere toets sluit",
                "Tab: the keys · any other key closes",
            ),
            WordsTitle => ("Wat de woorden betekenen", "What the words mean"),
            OpenRequestsTitle => (
                "Open verzoeken aan de teamleiders",
                "Open requests to the leads",
            ),
            DiscardAsk => (
                "Nog een keer Esc gooit je wijzigingen weg; Ctrl-s bewaart ze",
                "Esc again discards your changes; Ctrl-s saves them",
            ),
            StagesTitle => ("Fasen", "Stages"),
            FlagsTitle => ("Kenmerken en tekens", "Flags and marks"),
            GoToItem => ("Naar item (nummer)", "Go to item (number)"),
            NoSuchItem => (
                "Dat item staat niet in de wachtrij",
                "No such item in the queue",
            ),
            GuardianClosed => (
                "de guardian heeft de verbinding gesloten",
                "the guardian closed the connection",
            ),
            NoSoundHere => (
                "deze computer kan geen geluid afspelen; er is niets afgespeeld of afgeschreven",
                "this machine cannot play sound; nothing was played or debited",
            ),
            UiFailed => ("de terminal-UI is gestopt", "the terminal UI failed"),
            Escalated => ("Geëscaleerd.", "Escalated."),
            Assigned => ("Toegewezen.", "Assigned."),
            DecisionLogged => ("Besluit vastgelegd.", "Decision logged."),
            FullPlaybackLocked => (
                "Volledig afspelen is vergrendeld",
                "Full playback is locked",
            ),
            NothingTyped => ("niets getypt; niets gedaan", "nothing typed; nothing done"),
            EscalationViewForLeads => (
                "de escalaties zijn voor teamleiders",
                "the escalation view is for team leaders",
            ),
            RecordingDeleted => ("de opname is vernietigd", "the recording has been deleted"),
            NoLeadToSupervise => (
                "er is geen teamleider in het team om mee te luisteren",
                "there is no team leader on the team to supervise a preview",
            ),
            PreviewCannotMove => (
                "een fragment kan niet verschoven worden terwijl het speelt",
                "a preview cannot be moved while it plays",
            ),
            DescribeFirst => (
                "beschrijf eerst de opname: wie stuurde hem, wie staan erop, en waarom",
                "describe the recording first: who sent it, who is on it, and why",
            ),
            NoLeadForException => (
                "er is geen teamleider om een uitzondering goed te keuren",
                "there is no team leader to approve an exception",
            ),
            ReasonEmpty => (
                "de reden voor de uitzondering is leeg",
                "the reason for the exception is empty",
            ),
            HowEmpty => (
                "hoe ze zijn geïnformeerd is leeg",
                "how they were notified is empty",
            ),
            NobodyToNotify => (
                "er staat geen andere ouder dan de afzender op deze opname: er is niemand om te informeren",
                "no parent other than the sender is on this recording: there is nobody to notify",
            ),
            Approvals => ("Akkoordverzoeken", "Approval requests"),
            ApprovalsNone => (
                "Er wacht niets op je akkoord.",
                "Nothing waits for your approval.",
            ),
            ApprovalsOwnNone => (
                "Je hebt geen verzoeken die wachten.",
                "You have no requests waiting.",
            ),
            ApprovalsOwnOnly => (
                "Alleen een teamleider kan verzoeken beantwoorden; dit zijn je eigen verzoeken die wachten.",
                "Only a team leader can answer requests; these are your own requests that wait.",
            ),
            AskedBy => ("Gevraagd door", "Asked by"),
            KindWord => ("Soort", "Kind"),
            WhatAsked => ("Wat", "What"),
            Waiting => ("Wacht", "Waiting"),
            DeclineWhy => (
                "Afwijzen: waarom? (de aanvrager ziet dit)",
                "Decline: why? (the requester is shown this)",
            ),
            KindPreview => ("fragment", "preview"),
            KindException => ("uitzondering", "exception"),
            KindDeletion => ("vernietigen", "deletion"),
            KindDowngrade => ("klacht anders", "downgrade"),
            KindSettings => ("instelling", "settings"),
            KindOverride => ("niet wachten", "go ahead"),
            Withdrawn => (
                "Verzoek ingetrokken; er is niets gedaan.",
                "Request withdrawn; nothing was done.",
            ),
            Asking => ("verzoek wordt ingediend…", "filing the request…"),
            KeyQuit => ("stoppen", "quit"),
            KeyHelp => ("help", "help"),
            KeyUp => ("omhoog", "up"),
            KeyDown => ("omlaag", "down"),
            KeyPageUp => ("pagina omhoog", "page up"),
            KeyPageDown => ("pagina omlaag", "page down"),
            KeyFirst => ("eerste", "first"),
            KeyLast => ("laatste", "last"),
            KeyOpenItem => ("item openen", "open item"),
            KeySearch => ("zoeken", "search"),
            KeySort => ("sortering", "sort"),
            KeyFilterByStage => (
                "filter (fase, te laat, klacht, vraag, van mij)",
                "filter (stage, late, complaint, escalated, mine)",
            ),
            KeyEscalationView => ("escalaties", "escalation view"),
            KeyBack => ("terug", "back"),
            KeyRecordMetadata => ("gegevens vastleggen", "record metadata"),
            KeyPreview => ("fragment", "preview"),
            KeyFullPlayback => ("volledig afspelen", "full playback"),
            KeyNotificationDecision => ("besluit over informeren", "notification decision"),
            KeyEscalate => ("escaleren", "escalate"),
            KeyAssign => ("toewijzen (teamleiders)", "assign (leads)"),
            KeyPlay => ("afspelen", "play"),
            KeyPauseResume => ("pauze/verder", "pause/resume"),
            KeyStop => ("stop", "stop"),
            KeyEarlier => ("eerder (1 s)", "earlier (1 s)"),
            KeyLater => ("later (1 s)", "later (1 s)"),
            KeyEarlierLong => ("eerder (10 s)", "earlier (10 s)"),
            KeyLaterLong => ("later (10 s)", "later (10 s)"),
            KeySeekTo => ("naar een tijd (1:05)", "to a time (1:05)"),
            SeekToWhere => (
                "Naar welke tijd? (65, 1:05 of 1:02:03)",
                "To what time? (65, 1:05 or 1:02:03)",
            ),
            KeyAskLead => ("vraag een teamleider", "ask a team leader"),
            KeyNextSupervisor => ("andere teamleider", "next supervisor"),
            KeyLongerPreview => ("langer fragment", "longer preview"),
            KeyShorterPreview => ("korter fragment", "shorter preview"),
            KeyCancel => ("annuleren", "cancel"),
            KeyNextField => ("volgend veld", "next field"),
            KeyPreviousField => ("vorig veld", "previous field"),
            KeyPreviousChoice => (
                "vorige keuze, of cursor links",
                "previous choice, or cursor left",
            ),
            KeyNextChoice => (
                "volgende keuze, of cursor rechts",
                "next choice, or cursor right",
            ),
            KeyAddConfirm => ("toevoegen / bevestigen", "add / confirm"),
            KeySave => ("opslaan", "save"),
            KeyRemoveSubject => ("betrokkene verwijderen", "remove subject"),
            KeyNotifiedException => ("geïnformeerd / uitzondering", "notified / exception"),
            KeyEscalateToLeads => ("escaleren naar de teamleiders", "escalate to the leads"),
            KeyApprovals => ("akkoordverzoeken (teamleiders)", "approvals (leads)"),
            KeyApprove => ("akkoord geven", "approve"),
            KeyDecline => ("afwijzen (met reden)", "decline (with a reason)"),
            KeyResolve => ("afhandelen", "resolve"),
            KeyDismiss => ("afwijzen (met reden)", "dismiss (with a reason)"),
            DismissWhy => (
                "Afwijzen: waarom? (wie het vroeg, ziet dit)",
                "Dismiss: why? (whoever asked is shown this)",
            ),
            InboxApprovals => ("Verzoeken om akkoord", "Requests for approval"),
            InboxEscalations => ("Vragen aan de teamleiders", "Requests to the team leaders"),
            InboxOverdue => ("Termijn verstreken", "Past a deadline"),
            PickerKeys => (
                "↑/↓ kiezen · Enter neemt · Esc terug",
                "↑/↓ choose · Enter takes · Esc back",
            ),
            KeyNextPane => ("tijdlijn/item", "timeline/item"),
            AnyKeyCloses => ("Een toets sluit dit.", "Any key closes this."),
            NotDone => ("Niet gedaan", "Not done"),
            AssignedToMe => ("aan mij toegewezen", "assigned to me"),
            Assignee => ("Bij", "With"),
            KindOther => ("vraag", "question"),
            DueBy => ("Uiterlijk", "Due by"),
            LateUntouched => ("te lang onaangeroerd", "untouched too long"),
            LateNotification => (
                "besluit over informeren te laat",
                "notification decision overdue",
            ),
            LateAccess => ("inzageverzoek te laat", "access request overdue"),
            LateExceptionReview => (
                "uitzondering voorbij herbeoordeling",
                "exception past its review",
            ),
            EscalationResolved => ("afgehandeld door", "resolved by"),
            EscalationDismissed => ("afgewezen door", "dismissed by"),
            KeyWithdraw => ("verzoek intrekken", "withdraw the request"),
            KeyAskApproval => (
                "akkoord vragen op hun eigen scherm",
                "ask their approval on their own screen",
            ),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// A stage's name.
    pub fn stage(s: Stage) -> Ui {
        match s {
            Stage::Received => Ui::StageReceived,
            Stage::Described => Ui::StageDescribed,
            Stage::NotificationDecided => Ui::StageNotificationDecided,
            Stage::Used => Ui::StageUsed,
            Stage::Deleted => Ui::StageDeleted,
        }
    }

    /// What a person on a recording is to it.
    pub fn person_role(r: PersonRole) -> Ui {
        match r {
            PersonRole::Sender => Ui::RoleSender,
            PersonRole::Parent => Ui::RoleParent,
            PersonRole::Child => Ui::RoleChild,
            PersonRole::Professional => Ui::RoleProfessional,
            PersonRole::Other => Ui::RoleOther,
        }
    }

    /// A team member's role.
    pub fn role(r: Role) -> Ui {
        match r {
            Role::Lead => Ui::Lead,
            Role::Worker => Ui::Worker,
        }
    }

    /// Whether a recording was made secretly.
    pub fn secretly(s: Secretly) -> Ui {
        match s {
            Secretly::Yes => Ui::Yes,
            Secretly::No => Ui::No,
            Secretly::Unknown => Ui::Unknown,
        }
    }

    /// What a request asks for, in a word.
    pub fn approval_kind(k: ApprovalKind) -> Ui {
        match k {
            ApprovalKind::Preview => Ui::KindPreview,
            ApprovalKind::Exception => Ui::KindException,
            ApprovalKind::Deletion => Ui::KindDeletion,
            ApprovalKind::Downgrade => Ui::KindDowngrade,
            ApprovalKind::Settings => Ui::KindSettings,
            ApprovalKind::Override => Ui::KindOverride,
        }
    }
}

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

/// A parent's notification decision, as the notification form lists it.
pub fn decided_notified(lang: Lang, on: &chrono::NaiveDate) -> String {
    match lang {
        Lang::Nl => format!("geïnformeerd {on}"),
        Lang::En => format!("notified {on}"),
    }
}

/// A parent's exception, as the notification form lists it.
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

pub fn decided_exception(lang: Lang, approved_by: &str) -> String {
    match lang {
        Lang::Nl => format!("uitzondering ({approved_by})"),
        Lang::En => format!("exception ({approved_by})"),
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
