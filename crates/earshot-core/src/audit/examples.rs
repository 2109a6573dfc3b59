//! One example of each audit event (and of each shape an event takes), for the tests of the
//! events, their words, and anything else that wants every event at hand.

use chrono::NaiveDate;

use super::awb::{ComplaintLetterKind, HearingSkip};
use super::event::{
    Change, ErasureDecision, Event, ExportedFileRecord, InboxKey, LetterFormat, LetterKind,
    MetadataChanges, NotifyRecord, ProfileKey, Setting, SettingChange, Via,
};
use crate::gate::{Action, MissingCode};
use crate::lang::Lang;
use crate::model::{
    ApprovalKind, Channel, CopyKind, EscalationKind, PersonRole, Role, Secretly, Stage,
};

/// One of each variant (and of each shape a variant takes), for tests here and elsewhere.
#[doc(hidden)]
pub fn examples() -> Vec<Event> {
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default();
    let h = |c: char| c.to_string().repeat(32);
    vec![
        Event::GuardianStranger { uid: 1003 },
        Event::PlayAhead {
            session: "0a1b".into(),
            from_ms: 0,
            to_ms: 2500,
        },
        Event::ItemDamaged {
            during: "play".into(),
            at_ms: 4032,
            detail: "the encrypted recording fails its integrity check at chunk 4".into(),
        },
        Event::StoreInit {
            store_id: "0f".repeat(16),
        },
        Event::TeamAdd {
            name: "lea".into(),
            role: Role::Lead,
            pin: None,
        },
        Event::TeamAdd {
            name: "wim".into(),
            role: Role::Worker,
            pin: Some(true),
        },
        Event::TeamPin { name: "wim".into() },
        Event::TeamSet {
            name: "wim".into(),
            full_name: "cd34".into(),
            title: "ef56".into(),
        },
        Event::SettingsSet(SettingChange::Profile {
            key: ProfileKey::Timezone,
            value: Some("ab12".into()),
        }),
        Event::SettingsSet(SettingChange::Profile {
            key: ProfileKey::DpoContact,
            value: None,
        }),
        Event::SettingsSet(SettingChange::Number {
            key: Setting::PreviewCapS,
            old: 20,
            new: 30,
        }),
        Event::SettingsSet(SettingChange::Number {
            key: Setting::EscalationDays,
            old: 2,
            new: 3,
        }),
        Event::SettingsSet(SettingChange::Number {
            key: Setting::RetentionYears,
            old: 20,
            new: 15,
        }),
        Event::SettingsSet(SettingChange::Number {
            key: Setting::BackupRetentionDays,
            old: 30,
            new: 14,
        }),
        Event::SettingsSet(SettingChange::Inbox {
            key: InboxKey::Inbox,
            set: true,
        }),
        Event::SettingsSet(SettingChange::Inbox {
            key: InboxKey::Inbox,
            set: false,
        }),
        Event::SettingsSet(SettingChange::Inbox {
            key: InboxKey::CheckpointDir,
            set: true,
        }),
        Event::ItemImport {
            case: "KT-1".into(),
            received_by: "wim".into(),
            channel: Channel::Whatsapp,
            sha256: "ab".repeat(32),
            size: 12_345,
            format: "ogg".into(),
            codec: "opus".into(),
            duration_ms: 61_000,
            file_name: h('a'),
            from: Some(h('b')),
            received_on: Some("2026-11-02T00:00:00Z".into()),
            blob: Some("0f".repeat(16)),
        },
        Event::ItemImport {
            case: "KT-1".into(),
            received_by: "wim".into(),
            channel: Channel::Email,
            sha256: "cd".repeat(32),
            size: 1,
            format: "wav".into(),
            codec: "pcm".into(),
            duration_ms: 1,
            file_name: h('a'),
            from: None,
            received_on: None,
            blob: None,
        },
        Event::IntakeItem {
            via: Via::WhatsappExport,
            context_messages: Some(4),
        },
        Event::IntakeItem {
            via: Via::Inbox,
            context_messages: None,
        },
        Event::IntakeChat {
            case: "KT-1".into(),
            received_by: "wim".into(),
            messages: 120,
            imported: vec![Some(1), Some(2)],
            duplicates: 1,
            missing: 0,
            other_media: 3,
            skipped: 0,
            errors: 0,
            interrupted: false,
        },
        Event::IntakeInbox {
            imported: vec![3],
            duplicates: 0,
            rejected: 1,
            waiting: 2,
            chats: 0,
            interrupted: true,
        },
        Event::ItemDescribe {
            changes: MetadataChanges {
                sender: Some(Change {
                    old: None,
                    new: Some(h('c')),
                }),
                subjects: Some(Change {
                    old: None,
                    new: Some(h('d')),
                }),
                purpose: Some(Change {
                    old: None,
                    new: Some(h('e')),
                }),
                secretly: Some(Change {
                    old: Secretly::Unknown,
                    new: Secretly::Yes,
                }),
                legal_basis: Some(Change {
                    old: Some(h('f')),
                    new: None,
                }),
                processing_purpose: Some(Change {
                    old: None,
                    new: Some(h('0')),
                }),
            },
            subjects: 2,
            stage: Stage::Described,
        },
        Event::ItemDescribe {
            changes: MetadataChanges::default(),
            subjects: 2,
            stage: Stage::NotificationDecided,
        },
        Event::ItemNotify {
            subject: h('1'),
            role: PersonRole::Parent,
            stage: Stage::NotificationDecided,
            decision: NotifyRecord::Notified {
                on: day(2),
                channel: h('2'),
            },
        },
        Event::ItemNotify {
            subject: h('3'),
            role: PersonRole::Parent,
            stage: Stage::Described,
            decision: NotifyRecord::Exception {
                approved_by: "lea".into(),
                reason: h('4'),
                ground: Some(crate::model::ExceptionGround::Meldcode),
                review_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1),
            },
        },
        Event::ItemNotify {
            subject: h('8'),
            role: PersonRole::Child,
            stage: Stage::NotificationDecided,
            decision: NotifyRecord::ViaParent { parent: h('1') },
        },
        Event::ItemUse {
            use_id: 1,
            purpose: h('5'),
            recipient: h('6'),
            summary: h('7'),
            stage: Stage::Used,
            went_ahead_by: None,
            went_ahead_because: None,
        },
        Event::ItemUse {
            use_id: 2,
            purpose: h('5'),
            recipient: h('6'),
            summary: h('7'),
            stage: Stage::Used,
            went_ahead_by: Some("leo".into()),
            went_ahead_because: Some(h('8')),
        },
        Event::ItemEscalate {
            escalation: 1,
            kind: EscalationKind::Other,
            reason: h('8'),
        },
        Event::ItemEscalate {
            escalation: 2,
            kind: EscalationKind::Preview,
            reason: h('8'),
        },
        Event::ItemEscalate {
            escalation: 3,
            kind: EscalationKind::Exception,
            reason: h('8'),
        },
        Event::ItemResolve {
            escalation: 1,
            kind: EscalationKind::Other,
            dismissed: false,
            note: None,
        },
        Event::ItemResolve {
            escalation: 2,
            kind: EscalationKind::Preview,
            dismissed: true,
            note: Some(h('9')),
        },
        Event::ItemResolve {
            escalation: 3,
            kind: EscalationKind::Exception,
            dismissed: false,
            note: None,
        },
        Event::ItemAssign {
            to: "wim".into(),
            escalations_resolved: 2,
        },
        Event::ItemAssign {
            to: "wim".into(),
            escalations_resolved: 0,
        },
        Event::ItemDelete {
            approved_by: "lea".into(),
            requested_by: Some(h('9')),
            reason: Some(h('a')),
            sha256: "ab".repeat(32),
            despite_access_request: None,
        },
        Event::ItemDelete {
            approved_by: "leo".into(),
            requested_by: Some(h('9')),
            reason: Some(h('a')),
            sha256: "cd".repeat(32),
            despite_access_request: Some(h('b')),
        },
        Event::DeleteCertificate {
            sha256: Some("ef".repeat(32)),
            files: vec!["ef".repeat(32), "01".repeat(32)],
        },
        Event::DeleteCertificate {
            sha256: None,
            files: vec![],
        },
        Event::PreviewStart {
            preview: 1,
            supervisor: "lea".into(),
            from_ms: 1_000,
            window_ms: 20_000,
            allowance_left_ms: 0,
            sink: "device".into(),
        },
        Event::PreviewEnd {
            preview: 1,
            from_ms: 1_000,
            to_ms: 6_000,
            heard_ms: 5_000,
            refunded_ms: 15_000,
            sink: "null".into(),
        },
        Event::PlayStart {
            session: "00ff00ff00ff00ff".into(),
            sink: "device".into(),
        },
        Event::PlayHeard {
            session: "00ff00ff00ff00ff".into(),
            from_ms: 0,
            to_ms: 4_000,
            sink: "device".into(),
        },
        Event::PlayEnd {
            session: "00ff00ff00ff00ff".into(),
            ranges_ms: vec![(0, 4_000), (10_000, 12_500)],
            heard_ms: 6_500,
            sink: "device".into(),
        },
        Event::Refused {
            attempt: Action::Preview,
            missing: vec![MissingCode::Supervisor, MissingCode::PreviewAllowanceUsed],
        },
        Event::Refused {
            attempt: Action::FullPlayback,
            missing: vec![
                MissingCode::Sender,
                MissingCode::Subject,
                MissingCode::Purpose,
            ],
        },
        Event::Refused {
            attempt: Action::FurtherUse,
            missing: vec![MissingCode::NotificationDecision],
        },
        Event::Refused {
            attempt: Action::SubjectAccess,
            missing: vec![MissingCode::Approval, MissingCode::ApproverNotLead],
        },
        Event::Refused {
            attempt: Action::Delete,
            missing: vec![MissingCode::Deleted],
        },
        Event::Refused {
            attempt: Action::Record,
            missing: vec![MissingCode::SupervisorNotLead],
        },
        Event::Refused {
            attempt: Action::Record,
            missing: vec![],
        },
        Event::CopyRegister {
            copy: 1,
            kind: CopyKind::Held,
            request: None,
        },
        Event::CopyRegister {
            copy: 2,
            kind: CopyKind::Handed,
            request: Some(1),
        },
        Event::CopyDeleted {
            copy: 1,
            confirmed_by: "wim".into(),
            on: day(3),
        },
        Event::LetterWrite {
            letter: 1,
            subject: h('b'),
            kind: LetterKind::Notification,
            lang: Lang::Nl,
            format: LetterFormat::Md,
            sha256: "12".repeat(32),
            audit_head: "34".repeat(32),
        },
        Event::LetterWrite {
            letter: 2,
            subject: h('b'),
            kind: LetterKind::Notification,
            lang: Lang::En,
            format: LetterFormat::Html,
            sha256: "12".repeat(32),
            audit_head: "34".repeat(32),
        },
        Event::LetterAttach { letter: 1 },
        Event::ResponseRecord {
            response: 1,
            subject: h('c'),
            received_on: day(4),
            text: h('d'),
            complaint: Some(2),
        },
        Event::ResponseRecord {
            response: 2,
            subject: h('c'),
            received_on: day(4),
            text: h('d'),
            complaint: None,
        },
        Event::AccessRequest {
            request: 1,
            subject: h('e'),
            requested_on: day(5),
            due_on: NaiveDate::from_ymd_opt(2026, 4, 5).unwrap_or_default(),
        },
        Event::AccessExtend {
            request: 1,
            months: 2,
            to: NaiveDate::from_ymd_opt(2026, 6, 5).unwrap_or_default(),
            reason: h('f'),
        },
        Event::AccessGrant {
            request: 1,
            subject: h('e'),
            approved_by: "lea".into(),
            consent_asked: false,
            identity_checked: None,
        },
        Event::AccessGrant {
            request: 2,
            subject: h('e'),
            approved_by: "lea".into(),
            consent_asked: false,
            identity_checked: Some(h('f')),
        },
        Event::AccessExported {
            request: 1,
            files: vec![
                ExportedFileRecord {
                    kind: "recording".into(),
                    sha256: "ab".repeat(32),
                    size: 12_345,
                },
                ExportedFileRecord {
                    kind: "statement_md".into(),
                    sha256: "cd".repeat(32),
                    size: 900,
                },
            ],
            muted: Vec::new(),
            mute_reason: None,
            copy_sha256: None,
        },
        Event::AccessExported {
            request: 2,
            files: vec![ExportedFileRecord {
                kind: "recording_muted".into(),
                sha256: "ef".repeat(32),
                size: 40_123,
            }],
            muted: vec![(2_000, 4_000), (6_500, 7_000)],
            mute_reason: Some(h('a')),
            copy_sha256: Some("ef".repeat(32)),
        },
        Event::ErasureRequest {
            request: 1,
            subject: h('e'),
            requested_on: day(5),
            due_on: NaiveDate::from_ymd_opt(2026, 4, 7).unwrap_or_default(),
        },
        Event::ErasureExtend {
            request: 1,
            months: 1,
            to: NaiveDate::from_ymd_opt(2026, 5, 6).unwrap_or_default(),
            reason: h('f'),
        },
        Event::ErasureDecide {
            request: 1,
            decision: ErasureDecision::Granted,
            on: day(20),
            reason: h('f'),
        },
        Event::ErasureDecide {
            request: 2,
            decision: ErasureDecision::Refused,
            on: day(20),
            reason: h('f'),
        },
        Event::ComplaintAdd {
            complaint: 1,
            received_on: day(6),
            acknowledge_by: day(13),
            decide_by: NaiveDate::from_ymd_opt(2026, 4, 17).unwrap_or_default(),
        },
        Event::ComplaintAck {
            complaint: 1,
            on: day(9),
        },
        Event::ComplaintExtend {
            complaint: 1,
            weeks: 4,
            to: NaiveDate::from_ymd_opt(2026, 5, 15).unwrap_or_default(),
            in_writing: true,
        },
        Event::ComplaintClose {
            complaint: 1,
            on: day(30),
            involved_override: None,
        },
        Event::ComplaintClose {
            complaint: 2,
            on: day(30),
            involved_override: Some(h('c')),
        },
        Event::ComplaintHear {
            complaint: 1,
            on: day(20),
            by: "lea".into(),
            skipped: None,
            notes: h('d'),
        },
        Event::ComplaintHear {
            complaint: 2,
            on: day(20),
            by: "lea".into(),
            skipped: Some(HearingSkip::Waived),
            notes: h('d'),
        },
        Event::ComplaintLetter {
            complaint: 1,
            kind: ComplaintLetterKind::Decision,
            lang: Lang::Nl,
            format: LetterFormat::Md,
            sha256: h('e'),
        },
        Event::ComplaintDowngrade {
            complaint: 1,
            approved_by: "lea".into(),
        },
        Event::PinFailed {
            lead: "leo".into(),
            by: "wim".into(),
            failures: 2,
        },
        Event::PinLocked {
            lead: "leo".into(),
            until: "2026-03-02T10:15:00.000Z".into(),
        },
        Event::ApprovalRequest {
            request: 1,
            kind: ApprovalKind::Exception,
            lead: Some("lea".into()),
            reason: Some(h('r')),
            terms: Some(r#"{"exception":{"subject":"h"}}"#.into()),
        },
        Event::ApprovalRequest {
            request: 2,
            kind: ApprovalKind::Settings,
            lead: None,
            reason: None,
            terms: None,
        },
        Event::ApprovalApprove {
            request: 1,
            kind: ApprovalKind::Preview,
            requested_by: "wim".into(),
        },
        Event::ApprovalDecline {
            request: 1,
            kind: ApprovalKind::Deletion,
            requested_by: "wim".into(),
            reason: Some(h('d')),
        },
        Event::ApprovalUse {
            request: 1,
            kind: ApprovalKind::Downgrade,
            approved_by: "lea".into(),
        },
        Event::ApprovalExpire {
            request: 3,
            kind: ApprovalKind::Preview,
        },
        Event::ApprovalWithdraw {
            request: 4,
            kind: ApprovalKind::Preview,
        },
        Event::KeyRotate {
            epoch: 2,
            rewrapped: 41,
            left: 0,
        },
        Event::KeyRotate {
            epoch: 3,
            rewrapped: 40,
            left: 1,
        },
        Event::KeyRetire { epoch: 1 },
        Event::ItemRestage {
            stage: Stage::Described,
        },
        Event::StoreReseal {
            version: 2,
            values: 17,
        },
        Event::BenchEvent {
            i: 3,
            from_ms: 21,
            to_ms: 26,
        },
    ]
}
