//! Every sentence of the catalog, in both languages.

use super::*;
use earshot_core::deadlines::NoExtension;
use earshot_core::model::Incomplete;

fn s(v: &str) -> String {
    v.to_string()
}

fn spot() -> Spot {
    Spot {
        table: s("uses"),
        row: 7,
        column: s("sealed"),
    }
}

const FIELDS: [Field; 24] = [
    Field::From,
    Field::SubjectName,
    Field::Channel,
    Field::ExceptionReason,
    Field::UsePurpose,
    Field::Recipient,
    Field::Summary,
    Field::CopyLocation,
    Field::CopyPlace,
    Field::Response,
    Field::ExtensionReason,
    Field::Complainant,
    Field::ComplaintText,
    Field::PostponeReason,
    Field::Outcome,
    Field::ReasonFlag,
    Field::Reason,
    Field::DeletionReason,
    Field::DeletionRequester,
    Field::EscalationReason,
    Field::IdentityChecked,
    Field::DecisionReason,
    Field::HearingNotes,
    Field::InvolvedReason,
];

const DATES: [DateOf; 6] = [
    DateOf::ResponseReceived,
    DateOf::RequestReceived,
    DateOf::ComplaintReceived,
    DateOf::Acknowledgement,
    DateOf::Decision,
    DateOf::Hearing,
];

const FILES: [TextFile; 4] = [
    TextFile::Summary,
    TextFile::Response,
    TextFile::Complaint,
    TextFile::HearingNotes,
];

/// One of every sentence, with sample values (an operating system's or SQLite's detail is
/// passed on as given, so the samples give none in English words).
fn all() -> Vec<Msg> {
    use DueMsg as D;
    use ItemMsg as I;
    use KeyMsg as K;
    use LogMsg as L;
    use StoreMsg as S;
    use TeamMsg as T;
    let (p, d) = (|| s("/tmp/x"), || s("EIO (5)"));
    let day = || chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date");
    let mut v: Vec<Msg> = vec![
        K::EpochKeyMissing {
            epoch: 2,
            path: p(),
        }
        .into(),
        K::EpochKeyNotThisStore {
            epoch: 2,
            path: p(),
        }
        .into(),
        K::EpochRetired {
            epoch: 1,
            on: s("2026-03-02"),
        }
        .into(),
        K::NoCurrentEpoch.into(),
        K::NoFreeEpoch { path: p() }.into(),
        K::NoSuchEpoch { epoch: 7 }.into(),
        K::AlreadyRetired {
            epoch: 1,
            on: s("2026-03-02"),
        }
        .into(),
        K::MasterNotRetirable.into(),
        K::CurrentEpoch { epoch: 3 }.into(),
        K::LiveItems { epoch: 2, items: 4 }.into(),
        K::TooEarly {
            epoch: 2,
            from: s("2026-04-01"),
            days: 30,
        }
        .into(),
        K::Destroy {
            path: p(),
            detail: d(),
        }
        .into(),
        L::SigningKeyMissing { path: p() }.into(),
        L::SigningKeyNotThisStore { path: p() }.into(),
        L::TreeNodeMissing { level: 2, index: 3 }.into(),
        L::TreeNodeWrong { level: 2, index: 3 }.into(),
        L::LeafMismatch { seq: 9 }.into(),
        L::NoSuchEntry { seq: 9, size: 4 }.into(),
        L::SizeBeyondLog {
            size: 9,
            entries: 4,
        }
        .into(),
        L::SizeZero.into(),
        L::CheckpointNotOurs { detail: d() }.into(),
        L::CheckpointAhead {
            size: 9,
            entries: 4,
        }
        .into(),
        L::CheckpointDiverges {
            size: 9,
            entry: Some(3),
        }
        .into(),
        L::CheckpointDiverges {
            size: 9,
            entry: None,
        }
        .into(),
        L::CheckpointDivergesWithin { size: 9, after: 5 }.into(),
        L::CheckpointUnreadable {
            path: p(),
            detail: d(),
        }
        .into(),
        L::CheckpointKeep {
            path: p(),
            detail: d(),
        }
        .into(),
        S::NoStore { dir: p() }.into(),
        S::StoreExists { dir: p() }.into(),
        S::Unreachable {
            dir: p(),
            owner: Some(1001),
        }
        .into(),
        S::Unreachable {
            dir: p(),
            owner: None,
        }
        .into(),
        S::NoHomeForKey { finding: true }.into(),
        S::NoHomeForKey { finding: false }.into(),
        S::KeyFileExists { path: p() }.into(),
        S::KeyFileMissing { path: p() }.into(),
        S::KeyFileUnreadable {
            path: p(),
            detail: d(),
        }
        .into(),
        S::KeyFileOpen {
            path: p(),
            mode: 0o644,
        }
        .into(),
        S::KeyFileDamaged { path: p() }.into(),
        S::KeyFileCreate {
            path: p(),
            detail: d(),
        }
        .into(),
        S::KeyNotThisStore { path: p() }.into(),
        S::MetaMissing { key: s("store_id") }.into(),
        S::UnknownVault { value: s("s3") }.into(),
        S::NoWal { mode: s("delete") }.into(),
        S::NewerSchema {
            version: 9,
            known: 8,
        }
        .into(),
        S::DbNotWritable { detail: d() }.into(),
        S::DbDamaged.into(),
        S::DbValueUnreadable { detail: d() }.into(),
        S::DbBusy.into(),
        S::DbUnreachable {
            at: d(),
            detail: d(),
        }
        .into(),
        S::DbCommitUnknown { detail: d() }.into(),
        S::MovedAway { to: d() }.into(),
        S::BadTeamName { name: d() }.into(),
        S::Db { detail: d() }.into(),
        S::DiskFull.into(),
        S::VaultWrite { detail: d() }.into(),
        S::VaultRead { detail: d() }.into(),
        S::Encrypt {
            shown: p(),
            detail: d(),
        }
        .into(),
        S::ForeignVaultName { name: s("../x") }.into(),
        S::Create {
            path: p(),
            detail: d(),
        }
        .into(),
        S::Read {
            path: p(),
            detail: d(),
        }
        .into(),
        S::Write {
            path: p(),
            detail: d(),
        }
        .into(),
        S::Replace {
            path: p(),
            detail: d(),
        }
        .into(),
        S::Remove {
            path: p(),
            detail: d(),
        }
        .into(),
        S::ChangeMode {
            path: p(),
            detail: d(),
        }
        .into(),
        S::Sync {
            path: p(),
            detail: d(),
        }
        .into(),
        S::Exists { path: p() }.into(),
        S::IsDirectory { path: p() }.into(),
        S::Random { detail: d() }.into(),
        S::EncryptFailed.into(),
        S::Encode { detail: d() }.into(),
        S::WrappedKeyLength.into(),
        S::SealedTruncated(spot()).into(),
        S::BadNonce.into(),
        S::SealedAltered(spot()).into(),
        S::SealedNotText(spot()).into(),
        S::SealedBeforeUpgrade(spot()).into(),
        S::StoredTimeUnreadable { at: s("x") }.into(),
        S::StoredDateUnreadable { date: s("x") }.into(),
        S::StoredValueUnknown { detail: d() }.into(),
        S::AuditFault { detail: d() }.into(),
        S::SettingNoAuditName { key: s("k") }.into(),
        S::CertificateWrite { detail: d() }.into(),
        S::CertificateUnreadable {
            item: 3,
            detail: d(),
        }
        .into(),
        S::GuardianStopping.into(),
        S::OutputClosed.into(),
        S::DemoDir { detail: d() }.into(),
        S::DemoLock { detail: d() }.into(),
        T::NotOnTeam { name: s("bob") }.into(),
        T::BadUserName { name: s("b b") }.into(),
        T::ProfileText {
            key: s("org_name"),
            max: 200,
        }
        .into(),
        T::ProfileUrl {
            key: s("ombudsman_url"),
        }
        .into(),
        T::ProfileZone {
            value: s("Mars/Base"),
        }
        .into(),
        T::MemberText {
            name: s("fleur"),
            max: 120,
        }
        .into(),
        T::AlreadyOnTeam { name: s("bob") }.into(),
        T::PinTooShort { min: 6 }.into(),
        T::PinHash { detail: d() }.into(),
        T::PinLocked {
            name: s("lea"),
            failures: 5,
            minutes: 15,
            until: s("09:25"),
        }
        .into(),
        T::NoPin { name: s("lea") }.into(),
        T::PinNeeded { name: s("lea") }.into(),
        T::PinHashDamaged { name: s("lea") }.into(),
        T::WrongPin {
            name: s("lea"),
            failures: 1,
            limit: 5,
            minutes: 15,
        }
        .into(),
        T::NoSetting {
            key: s("k"),
            keys: s("x, y"),
        }
        .into(),
        T::DeclineWhy.into(),
        T::NoEscalation { id: 3 }.into(),
        T::EscalationClosed { id: 3 }.into(),
        T::DismissWhy.into(),
        T::NoRequest { id: 4 }.into(),
        T::RequestRanOut {
            id: 4,
            by: s("wim"),
        }
        .into(),
        T::RequestForOther {
            id: 4,
            lead: s("lea"),
        }
        .into(),
        T::WithdrawNotYours {
            id: 4,
            by: s("wim"),
        }
        .into(),
        T::RequestOtherThing { id: 4 }.into(),
        T::RequestOtherApprover {
            id: 4,
            approver: s("lea"),
            lead: s("leo"),
        }
        .into(),
        T::RequestTooOld { id: 4 }.into(),
        T::RequestNoApprover { id: 4 }.into(),
        T::RequestTermsUnreadable { id: 4 }.into(),
        T::RequestUnknownKind { id: 4 }.into(),
        T::RequestTextUnreadable.into(),
        T::NothingToApprove { item: 3 }.into(),
        I::NoItem { id: 3 }.into(),
        I::Deleted { id: 3 }.into(),
        I::DeletedNoPlay { id: 3 }.into(),
        I::BadCase { case: s("x y") }.into(),
        I::FileUnreadable {
            shown: p(),
            detail: d(),
        }
        .into(),
        I::FileEmpty { shown: p() }.into(),
        I::NoSuchFile { shown: p() }.into(),
        I::NotAFile { shown: p() }.into(),
        I::NotAudio {
            shown: p(),
            detail: d(),
        }
        .into(),
        I::DecoderGaveUp { shown: p() }.into(),
        I::NoFiles.into(),
        I::SameRecording {
            shown: p(),
            other: p(),
            sha: s("ab12"),
        }
        .into(),
        I::AlreadyInCase {
            shown: p(),
            case: s("C-1"),
            id: 3,
        }
        .into(),
        I::DescriptionIncomplete {
            errs: vec![
                Incomplete::NoSender,
                Incomplete::NoSubject,
                Incomplete::SubjectWithoutName,
                Incomplete::SubjectAsSender { name: s("Jan") },
                Incomplete::NoPurpose,
            ],
        }
        .into(),
        I::NotifiedInFuture {
            on: s("2030-01-01"),
        }
        .into(),
        I::NotifiedBeforeReceipt {
            on: s("2026-01-01"),
            id: 3,
            received: s("2026-01-02"),
        }
        .into(),
        I::ViaParentNotChild {
            name: s("Maria"),
            role: s("other"),
        }
        .into(),
        I::ViaParentNotParent {
            name: s("Jan"),
            id: 3,
        }
        .into(),
        I::ViaParentNotNotified { name: s("Maria") }.into(),
        I::ReceivedInFuture {
            at: s("2999-01-01 00:00"),
        }
        .into(),
        I::ReviewDateOutOfRange {
            on: s("2020-01-01"),
            latest: s("2027-12-02"),
        }
        .into(),
        I::QueueReadFailed.into(),
        I::NoSubjects { id: 3 }.into(),
        I::NotSubjectOf {
            name: s("Ilse"),
            id: 3,
            names: s("Ruben"),
        }
        .into(),
        I::NotSubject {
            name: s("Ilse"),
            id: 3,
        }
        .into(),
        I::PreviewZero.into(),
        I::TooShort { length: s("0:12") }.into(),
        I::ToBeforeFrom.into(),
        I::RecordingMissing { id: 3, detail: d() }.into(),
        I::RecordingDamaged { id: 3, detail: d() }.into(),
        I::OverviewTooBig {
            item: 3,
            bytes: 900,
            limit: 224,
        }
        .into(),
        I::PreviewUnknown { preview: 7 }.into(),
        I::PreviewOtherItem {
            preview: 7,
            item: 3,
            wanted: 4,
        }
        .into(),
        I::PreviewEnded {
            preview: 7,
            item: 3,
        }
        .into(),
        I::FieldsUnreadable { id: 3 }.into(),
        I::ChatContextUnreadable { item: 3 }.into(),
        I::NotificationUnreadable { id: 3 }.into(),
        I::UseUnreadable { id: 3 }.into(),
        I::CopyDeletedInFuture {
            on: s("2030-01-01"),
        }
        .into(),
        I::NoCopy { copy: 2 }.into(),
        I::CopyConfirmed { copy: 2 }.into(),
        I::CopyUnreadable { copy: 2 }.into(),
        I::CopyDeletedBeforeRegistered {
            copy: 2,
            on: s("2024-01-01"),
            registered: s("2024-02-01"),
        }
        .into(),
        I::CopyHanded { copy: 2 }.into(),
        I::FolderNotAbsolute {
            folder: Folder::Inbox,
            value: s("x"),
        }
        .into(),
        I::FolderUnusable {
            folder: Folder::Inbox,
            value: p(),
            detail: d(),
        }
        .into(),
        I::FolderNotDir {
            folder: Folder::Inbox,
            value: p(),
            links: true,
        }
        .into(),
        I::FolderNotDir {
            folder: Folder::Inbox,
            value: p(),
            links: false,
        }
        .into(),
        I::FolderInsideStore {
            folder: Folder::Inbox,
            value: p(),
        }
        .into(),
        I::FolderNotAbsolute {
            folder: Folder::Checkpoints,
            value: s("x"),
        }
        .into(),
        I::FolderUnusable {
            folder: Folder::Checkpoints,
            value: p(),
            detail: d(),
        }
        .into(),
        I::FolderNotDir {
            folder: Folder::Checkpoints,
            value: p(),
            links: true,
        }
        .into(),
        I::FolderNotDir {
            folder: Folder::Checkpoints,
            value: p(),
            links: false,
        }
        .into(),
        I::FolderInsideStore {
            folder: Folder::Checkpoints,
            value: p(),
        }
        .into(),
        I::NoInbox.into(),
        I::InboxWatcher { detail: d() }.into(),
        I::FileStopped {
            file: p(),
            why: d(),
        }
        .into(),
        I::ExportUnusable { detail: d() }.into(),
        I::ChatUnreadable {
            shown: p(),
            detail: d(),
        }
        .into(),
        D::NoCase { case: s("C-1") }.into(),
        D::NoUse { id: 3, use_id: 1 }.into(),
        D::NoComplaint { id: 2 }.into(),
        D::ComplaintClosed { id: 2 }.into(),
        D::AlreadyHeard {
            id: 2,
            on: s("2026-03-02"),
        }
        .into(),
        D::HearingBeforeReceived {
            id: 2,
            received: s("2026-03-02"),
        }
        .into(),
        D::NotPostponed { id: 2 }.into(),
        D::NotDecided { id: 2 }.into(),
        D::NotHeard { id: 2 }.into(),
        D::InfoRequestNoLetter { id: 2 }.into(),
        D::ComplaintAcknowledged {
            id: 2,
            on: s("2026-03-02"),
        }
        .into(),
        D::AckBeforeReceived {
            id: 2,
            received: s("2026-03-02"),
        }
        .into(),
        D::InfoRequestNoClock { id: 2 }.into(),
        D::AlreadyInfoRequest { id: 2 }.into(),
        D::ComplaintUnreadable.into(),
        D::AccessUnreadable.into(),
        D::ResponseUnreadable.into(),
        D::AccessOpen {
            name: s("Ilse"),
            id: 3,
            open: 1,
        }
        .into(),
        D::NoAccessRequest { id: 1 }.into(),
        D::NoOpenAccess {
            name: s("Ilse"),
            id: 3,
        }
        .into(),
        D::ErasureUnreadable.into(),
        D::ErasureOpen {
            name: s("Ilse"),
            id: 3,
            open: 1,
        }
        .into(),
        D::ErasureGranted {
            name: s("Ilse"),
            id: 3,
            request: 1,
        }
        .into(),
        D::NoErasureRequest { id: 1 }.into(),
        D::NoOpenErasure {
            name: s("Ilse"),
            id: 3,
        }
        .into(),
        D::ErasureDecided {
            name: s("Ilse"),
            id: 3,
            request: 1,
            granted: true,
        }
        .into(),
        D::ErasureDecided {
            name: s("Ilse"),
            id: 3,
            request: 1,
            granted: false,
        }
        .into(),
        D::ErasureMonths { months: 3 }.into(),
        D::BeforeItemReceived {
            what: DateOf::RequestReceived,
            date: s("2026-03-02"),
            id: 3,
            received: s("2026-03-05"),
        }
        .into(),
        D::NoExtension {
            why: NoExtension::ComplaintAgain { to: day() },
        }
        .into(),
        D::NoExtension {
            why: NoExtension::ComplaintWeeks { weeks: 5 },
        }
        .into(),
        D::NoExtension {
            why: NoExtension::ComplaintLate { due: day() },
        }
        .into(),
        D::NoExtension {
            why: NoExtension::AccessAgain { to: day() },
        }
        .into(),
        D::NoExtension {
            why: NoExtension::AccessMonths { months: 3 },
        }
        .into(),
        D::NoExtension {
            why: NoExtension::AccessLate { due: day() },
        }
        .into(),
        D::ExportFailed {
            item: 3,
            detail: d(),
            cleaned: true,
        }
        .into(),
        D::ExportFailed {
            item: 3,
            detail: d(),
            cleaned: false,
        }
        .into(),
        D::ExportMismatch {
            item: 3,
            removed: true,
        }
        .into(),
        D::ExportMismatch {
            item: 3,
            removed: false,
        }
        .into(),
        D::CopyConfirmerNotOnTeam {
            place: s("usb"),
            by: s("x"),
        }
        .into(),
        D::NoCertificate { id: 3 }.into(),
        D::NotOurLetter { id: 3 }.into(),
        D::UnknownLetterKind { kind: s("x") }.into(),
        D::UnknownLetterLang { lang: s("x") }.into(),
        D::UnknownLetterFormat { format: s("x") }.into(),
    ];
    for status in [
        "pending",
        "approved",
        "declined",
        "used",
        "expired",
        "withdrawn",
    ] {
        v.push(
            T::RequestNotOpen {
                id: 4,
                status: s(status),
            }
            .into(),
        );
        v.push(
            T::RequestNotApproved {
                id: 4,
                status: s(status),
            }
            .into(),
        );
    }
    for key in [
        "preview_cap_s",
        "escalation_days",
        "retention_years",
        "backup_retention_days",
    ] {
        v.push(
            T::SettingRange {
                key: s(key),
                what: s("seconds of preview per item"),
                min: 1,
                max: 9,
            }
            .into(),
        );
    }
    v.extend(FIELDS.map(|field| I::Empty { field }.into()));
    v.extend(DATES.map(|what| {
        D::DateInFuture {
            what,
            date: s("2030-01-01"),
        }
        .into()
    }));
    for what in FILES {
        v.push(
            I::TextFileUnreadable {
                what,
                shown: p(),
                detail: d(),
            }
            .into(),
        );
        v.push(I::TextFileTooLarge { what, shown: p() }.into());
        v.push(I::TextFileNotText { what, shown: p() }.into());
    }
    v
}

#[test]
fn every_sentence_has_its_own_dutch() {
    let all = all();
    assert!(all.len() > 150, "{}", all.len());
    let mut not_dutch = Vec::new();
    for m in &all {
        let (nl, en) = (m.text(Lang::Nl), m.text(Lang::En));
        assert!(!nl.trim().is_empty() && !en.trim().is_empty(), "{m:?}");
        assert_ne!(nl, en, "{m:?}");
        assert_eq!(en, m.to_string(), "Display is the English: {m:?}");
        let wrong = earshot_core::wording::not_dutch(&nl);
        if !wrong.is_empty() {
            not_dutch.push(format!("{wrong:?} in the Dutch of {m:?}: {nl}"));
        }
    }
    assert!(not_dutch.is_empty(), "{}", not_dutch.join("\n"));
}

#[test]
fn the_small_words_have_dutch_too() {
    // `--from` is the flag's name in both.
    for f in FIELDS.into_iter().filter(|f| *f != Field::From) {
        assert_ne!(f.text(Lang::Nl), f.text(Lang::En), "{f:?}");
    }
    for d in DATES {
        assert_ne!(d.text(Lang::Nl), d.text(Lang::En), "{d:?}");
    }
    for f in FILES {
        assert_ne!(f.text(Lang::Nl), f.text(Lang::En), "{f:?}");
    }
}
