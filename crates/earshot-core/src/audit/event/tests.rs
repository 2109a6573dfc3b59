use super::*;
use crate::audit::examples::examples;
use serde_json::json;

/// The variant's position: an exhaustive match, so a new variant must be numbered here, and
/// the coverage test then asks for an example of it.
fn ordinal(e: &Event) -> usize {
    match e {
        Event::StoreInit { .. } => 0,
        Event::TeamAdd { .. } => 1,
        Event::TeamPin { .. } => 2,
        Event::SettingsSet(_) => 3,
        Event::ItemImport { .. } => 4,
        Event::IntakeItem { .. } => 5,
        Event::IntakeChat { .. } => 6,
        Event::IntakeInbox { .. } => 7,
        Event::ItemDescribe { .. } => 8,
        Event::ItemNotify { .. } => 9,
        Event::ItemUse { .. } => 10,
        Event::ItemEscalate { .. } => 11,
        Event::ItemAssign { .. } => 12,
        Event::ItemDelete { .. } => 13,
        Event::DeleteCertificate { .. } => 14,
        Event::PreviewStart { .. } => 15,
        Event::PreviewEnd { .. } => 16,
        Event::PlayStart { .. } => 17,
        Event::PlayHeard { .. } => 18,
        Event::PlayEnd { .. } => 19,
        Event::Refused { .. } => 20,
        Event::CopyRegister { .. } => 21,
        Event::CopyDeleted { .. } => 22,
        Event::LetterWrite { .. } => 23,
        Event::LetterAttach { .. } => 24,
        Event::ResponseRecord { .. } => 25,
        Event::AccessRequest { .. } => 26,
        Event::AccessExtend { .. } => 27,
        Event::AccessGrant { .. } => 28,
        Event::AccessExported { .. } => 29,
        Event::ComplaintAdd { .. } => 30,
        Event::ComplaintAck { .. } => 31,
        Event::ComplaintExtend { .. } => 32,
        Event::ComplaintClose { .. } => 33,
        Event::ComplaintDowngrade { .. } => 34,
        Event::BenchEvent { .. } => 35,
        Event::PinFailed { .. } => 36,
        Event::PinLocked { .. } => 37,
        Event::ApprovalRequest { .. } => 38,
        Event::ApprovalApprove { .. } => 39,
        Event::ApprovalDecline { .. } => 40,
        Event::ApprovalUse { .. } => 41,
        Event::ApprovalExpire { .. } => 42,
        Event::ApprovalWithdraw { .. } => 43,
        Event::GuardianStranger { .. } => 44,
        Event::ItemDamaged { .. } => 45,
        Event::PlayAhead { .. } => 46,
        Event::ItemResolve { .. } => 47,
        Event::KeyRotate { .. } => 48,
        Event::KeyRetire { .. } => 49,
        Event::StoreReseal { .. } => 50,
        Event::ErasureRequest { .. } => 51,
        Event::ErasureExtend { .. } => 52,
        Event::ErasureDecide { .. } => 53,
        Event::ItemRestage { .. } => 54,
        Event::TeamSet { .. } => 55,
        Event::ComplaintHear { .. } => 56,
        Event::ComplaintLetter { .. } => 57,
    }
}
const VARIANTS: usize = 58;

#[test]
fn the_examples_hold_every_variant() {
    let mut seen = [false; VARIANTS];
    for e in examples() {
        let i = ordinal(&e);
        assert!(i < VARIANTS, "{e:?}: raise VARIANTS");
        seen[i] = true;
    }
    let missing: Vec<usize> = (0..VARIANTS).filter(|i| !seen[*i]).collect();
    assert!(missing.is_empty(), "no example of variants {missing:?}");
}

#[test]
fn every_variant_round_trips_through_action_and_detail() {
    for e in examples() {
        let (action, detail) = (e.action(), e.detail());
        assert!(detail.is_object(), "{action}: {detail}");
        assert_eq!(Event::parse(action, &detail).as_ref(), Ok(&e), "{action}");
        // As stored: the detail's text, read back and written again, is the same text.
        let text = detail.to_string();
        let back = Event::parse_text(action, &text).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.detail().to_string(), text, "{action}");
    }
}

#[test]
fn action_names_match_the_stored_tags() {
    for e in examples() {
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["action"], e.action());
    }
}

/// The detail texts earlier versions wrote, built the way they built them: the events must
/// write the same bytes, or old chains and new entries would disagree.
#[test]
fn details_are_byte_for_byte_what_earlier_versions_wrote() {
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let cases: Vec<(Event, &str, Value)> = vec![
        (
            Event::TeamAdd {
                name: "lea".into(),
                role: Role::Lead,
                pin: None,
            },
            "team.add",
            json!({ "name": "lea", "role": "lead" }),
        ),
        (
            Event::TeamAdd {
                name: "wim".into(),
                role: Role::Worker,
                pin: Some(false),
            },
            "team.add",
            json!({ "name": "wim", "role": "worker", "pin": false }),
        ),
        (
            Event::SettingsSet(SettingChange::Number {
                key: Setting::PreviewCapS,
                old: 20,
                new: 30,
            }),
            "settings.set",
            json!({ "key": "preview_cap_s", "old": 20u64, "new": 30u64 }),
        ),
        (
            Event::SettingsSet(SettingChange::Inbox {
                key: InboxKey::Inbox,
                set: true,
            }),
            "settings.set",
            json!({ "key": "inbox", "set": true }),
        ),
        (
            Event::SettingsSet(SettingChange::Inbox {
                key: InboxKey::CheckpointDir,
                set: false,
            }),
            "settings.set",
            json!({ "key": "checkpoint_dir", "set": false }),
        ),
        (
            Event::SettingsSet(SettingChange::Profile {
                key: ProfileKey::OrgName,
                value: Some("ab12".into()),
            }),
            "settings.set",
            json!({ "key": "org_name", "value": "ab12" }),
        ),
        (
            Event::TeamSet {
                name: "wim".into(),
                full_name: "cd34".into(),
                title: "ef56".into(),
            },
            "team.set",
            json!({ "name": "wim", "full_name": "cd34", "title": "ef56" }),
        ),
        (
            Event::IntakeItem {
                via: Via::WhatsappExport,
                context_messages: None,
            },
            "intake.item",
            json!({ "via": "whatsapp-export" }),
        ),
        (
            Event::IntakeItem {
                via: Via::Inbox,
                context_messages: Some(3),
            },
            "intake.item",
            json!({ "via": "inbox", "context_messages": 3usize }),
        ),
        (
            Event::ItemImport {
                case: "K".into(),
                received_by: "wim".into(),
                channel: Channel::Whatsapp,
                sha256: "s".into(),
                size: 10,
                format: "ogg".into(),
                codec: "opus".into(),
                duration_ms: 1500,
                file_name: "f".into(),
                from: None,
                received_on: None,
                blob: None,
            },
            "item.import",
            json!({
                "case": "K", "received_by": "wim", "channel": Channel::Whatsapp.as_str(),
                "sha256": "s", "size": 10u64, "format": "ogg", "codec": "opus",
                "duration_ms": 1500u64, "file_name": "f", "from": Option::<String>::None,
            }),
        ),
        (
            Event::ItemDescribe {
                changes: MetadataChanges {
                    sender: Some(Change {
                        old: None,
                        new: Some("h1".into()),
                    }),
                    secretly: Some(Change {
                        old: Secretly::Unknown,
                        new: Secretly::No,
                    }),
                    ..Default::default()
                },
                subjects: 1,
                stage: Stage::Described,
            },
            "item.describe",
            json!({
                "changes": {
                    "sender": { "old": Option::<String>::None, "new": Some("h1") },
                    "secretly": { "old": Secretly::Unknown, "new": Secretly::No },
                },
                "subjects": 1usize,
                "stage": Stage::Described.as_str(),
            }),
        ),
        (
            Event::ItemNotify {
                subject: "k".into(),
                role: PersonRole::Parent,
                stage: Stage::NotificationDecided,
                decision: NotifyRecord::Notified {
                    on: day,
                    channel: "c".into(),
                },
            },
            "item.notify",
            json!({
                "subject": "k", "role": "parent", "kind": "notified",
                "stage": "notification_decided", "on": day.to_string(), "channel": "c",
            }),
        ),
        (
            Event::ItemNotify {
                subject: "k".into(),
                role: PersonRole::Parent,
                stage: Stage::Described,
                decision: NotifyRecord::Exception {
                    approved_by: "lea".into(),
                    reason: "r".into(),
                    ground: None,
                    review_on: None,
                },
            },
            "item.notify",
            // As entries were written before grounds and review dates: unchanged.
            json!({
                "subject": "k", "role": "parent", "kind": "exception",
                "stage": "described", "approved_by": "lea", "reason": "r",
            }),
        ),
        (
            Event::ItemNotify {
                subject: "k".into(),
                role: PersonRole::Parent,
                stage: Stage::NotificationDecided,
                decision: NotifyRecord::Exception {
                    approved_by: "lea".into(),
                    reason: "r".into(),
                    ground: Some(crate::model::ExceptionGround::VeiligThuis),
                    review_on: Some(day),
                },
            },
            "item.notify",
            json!({
                "subject": "k", "role": "parent", "kind": "exception",
                "stage": "notification_decided", "approved_by": "lea", "reason": "r",
                "ground": "veilig-thuis", "review_on": day.to_string(),
            }),
        ),
        (
            Event::ItemUse {
                use_id: 4,
                purpose: "p".into(),
                recipient: "r".into(),
                summary: "s".into(),
                stage: Stage::Used,
                went_ahead_by: None,
                went_ahead_because: None,
            },
            "item.use",
            json!({ "use": 4, "purpose": "p", "recipient": "r", "summary": "s", "stage": "used" }),
        ),
        (
            Event::ItemUse {
                use_id: 5,
                purpose: "p".into(),
                recipient: "r".into(),
                summary: "s".into(),
                stage: Stage::Used,
                went_ahead_by: Some("leo".into()),
                went_ahead_because: Some("w".into()),
            },
            "item.use",
            json!({
                "use": 5, "purpose": "p", "recipient": "r", "summary": "s", "stage": "used",
                "went_ahead_by": "leo", "went_ahead_because": "w",
            }),
        ),
        (
            Event::DeleteCertificate {
                sha256: None,
                files: vec![],
            },
            "delete.certificate",
            json!({ "sha256": Option::<String>::None, "files": Vec::<String>::new() }),
        ),
        (
            Event::PlayEnd {
                session: "s".into(),
                ranges_ms: vec![(0, 5), (9, 12)],
                heard_ms: 8,
                sink: "null".into(),
            },
            "play.end",
            json!({ "session": "s", "ranges_ms": vec![(0u64, 5u64), (9, 12)], "heard_ms": 8u64, "sink": "null" }),
        ),
        (
            Event::Refused {
                attempt: Action::FullPlayback,
                missing: vec![MissingCode::Sender, MissingCode::PreviewAllowanceUsed],
            },
            "refused",
            json!({ "attempt": "full_playback", "missing": ["sender", "preview_allowance_used"] }),
        ),
        (
            Event::LetterWrite {
                letter: 1,
                subject: "k".into(),
                kind: LetterKind::Notification,
                lang: Lang::Nl,
                format: LetterFormat::Html,
                sha256: "s".into(),
                audit_head: "h".into(),
            },
            "letter.write",
            json!({
                "letter": 1, "subject": "k", "kind": "notification", "lang": "nl",
                "format": "html", "sha256": "s", "audit_head": "h",
            }),
        ),
        (
            Event::ResponseRecord {
                response: 1,
                subject: "k".into(),
                received_on: day,
                text: "t".into(),
                complaint: None,
            },
            "response.record",
            json!({
                "response": 1, "subject": "k", "received_on": day.to_string(),
                "text": "t", "complaint": Option::<i64>::None,
            }),
        ),
        (
            Event::AccessExported {
                request: 2,
                files: vec![ExportedFileRecord {
                    kind: "recording".into(),
                    sha256: "s".into(),
                    size: 3,
                }],
                muted: Vec::new(),
                mute_reason: None,
                copy_sha256: None,
            },
            "access.exported",
            json!({ "request": 2, "files": [json!({ "kind": "recording", "sha256": "s", "size": 3u64 })] }),
        ),
        (
            Event::AccessExported {
                request: 3,
                files: vec![ExportedFileRecord {
                    kind: "recording_muted".into(),
                    sha256: "c".into(),
                    size: 4,
                }],
                muted: vec![(2_000, 4_000), (6_500, 7_000)],
                mute_reason: Some("r".into()),
                copy_sha256: Some("c".into()),
            },
            "access.exported",
            json!({
                "request": 3,
                "files": [json!({ "kind": "recording_muted", "sha256": "c", "size": 4u64 })],
                "muted": [[2_000u64, 4_000u64], [6_500u64, 7_000u64]],
                "mute_reason": "r",
                "copy_sha256": "c",
            }),
        ),
        (
            Event::ComplaintExtend {
                complaint: 1,
                weeks: 4,
                to: day,
                in_writing: true,
            },
            "complaint.extend",
            json!({ "complaint": 1, "weeks": 4u32, "to": day.to_string(), "in_writing": true }),
        ),
    ];
    for (e, action, written) in cases {
        assert_eq!(e.action(), action);
        assert_eq!(e.detail().to_string(), written.to_string(), "{action}");
        assert_eq!(Event::parse(action, &written), Ok(e));
    }
}

#[test]
fn unknown_actions_and_damaged_details_do_not_parse() {
    assert!(Event::parse("some.thing", &json!({})).is_err());
    assert!(Event::parse("preview.end", &json!({ "from_ms": "soon" })).is_err());
    assert!(Event::parse_text("play.heard", "not json").is_err());
    assert!(
        Event::parse(
            "refused",
            &json!({ "attempt": "preview", "missing": ["charm"] })
        )
        .is_err()
    );
}
