//! The audit events: one variant per thing the log records, with typed details.
//!
//! Each variant is stored as an action name (`"preview.start"`) and a detail object, exactly as
//! earlier versions wrote them, so existing chains hash and verify as before. [`Event::parse`]
//! reads them back; details hold ids, millisecond ranges, dates, team members' names and keyed
//! hashes of personal content, never the content itself.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::awb::{ComplaintLetterKind, HearingSkip};
use crate::gate::{Action, MissingCode};
use crate::lang::Lang;
use crate::model::{
    ApprovalKind, Channel, CopyKind, EscalationKind, ExceptionGround, PersonRole, Role, Secretly,
    Stage,
};

/// Something that happened, as the audit log records it.
///
/// Serde's adjacent tagging gives each variant its stored action name (`action`) and its
/// fields as the detail object (`detail`); [`Event::action`] must name the same string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", content = "detail")]
pub enum Event {
    /// A store was created.
    #[serde(rename = "store.init")]
    StoreInit { store_id: String },
    /// The guardian refused a connection from a login that is not on the team (the entry's
    /// actor is that login, or `uid:N` when the machine knows no name for it).
    #[serde(rename = "guardian.stranger")]
    GuardianStranger { uid: u32 },
    /// A recording could not be read to its end while it was played (a damaged or altered
    /// vault file): where it broke and what the reader said (no personal data).
    #[serde(rename = "item.damaged")]
    ItemDamaged {
        /// `preview` or `play`.
        during: String,
        at_ms: u64,
        detail: String,
    },
    /// A member joined the team (`pin` is absent for the store's first lead).
    #[serde(rename = "team.add")]
    TeamAdd {
        name: String,
        role: Role,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pin: Option<bool>,
    },
    /// A member's PIN was set.
    #[serde(rename = "team.pin")]
    TeamPin { name: String },
    /// A member's full name and job title were set, as letters are signed with them: keyed
    /// hashes of the text (with the store's log-names key), never the text.
    #[serde(rename = "team.set")]
    TeamSet {
        name: String,
        full_name: String,
        title: String,
    },
    /// A setting was changed.
    #[serde(rename = "settings.set")]
    SettingsSet(SettingChange),
    /// A recording was imported.
    #[serde(rename = "item.import")]
    ItemImport {
        case: String,
        received_by: String,
        channel: Channel,
        sha256: String,
        size: u64,
        format: String,
        codec: String,
        duration_ms: u64,
        /// Keyed hash of the file's name.
        file_name: String,
        /// Keyed hash of the sender's normalised name, if known.
        from: Option<String>,
        /// When it really came in, when that was given (`import --received-on`, a chat's time
        /// stamp) rather than taken to be the moment of import. Every clock runs from it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        received_on: Option<String>,
        /// The vault file's name (random, names nobody); absent in entries from before it was
        /// logged.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blob: Option<String>,
    },
    /// How an imported recording came in (after its `item.import`).
    #[serde(rename = "intake.item")]
    IntakeItem {
        via: Via,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context_messages: Option<usize>,
    },
    /// A WhatsApp export was taken in (counts and ids only).
    #[serde(rename = "intake.chat")]
    IntakeChat {
        case: String,
        received_by: String,
        messages: u64,
        /// Ids of the items stored (none for one listed but not stored).
        imported: Vec<Option<i64>>,
        duplicates: usize,
        missing: u64,
        other_media: u64,
        skipped: usize,
        errors: usize,
        interrupted: bool,
    },
    /// The drop folder was read (counts and ids only).
    #[serde(rename = "intake.inbox")]
    IntakeInbox {
        imported: Vec<i64>,
        duplicates: usize,
        rejected: usize,
        waiting: usize,
        chats: usize,
        interrupted: bool,
    },
    /// Metadata was recorded or changed: which fields, as keyed hashes of old and new.
    #[serde(rename = "item.describe")]
    ItemDescribe {
        changes: MetadataChanges,
        subjects: usize,
        stage: Stage,
    },
    /// A decision about notifying one person on the recording.
    #[serde(rename = "item.notify")]
    ItemNotify {
        /// Keyed hash of the person's normalised name.
        subject: String,
        role: PersonRole,
        stage: Stage,
        #[serde(flatten)]
        decision: NotifyRecord,
    },
    /// A further use: a summary shared with a recipient (all keyed hashes).
    #[serde(rename = "item.use")]
    ItemUse {
        #[serde(rename = "use")]
        use_id: i64,
        purpose: String,
        recipient: String,
        summary: String,
        stage: Stage,
        /// The lead who approved going ahead before a subject's reply or a complaint's decision
        /// (absent when nothing was waiting).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        went_ahead_by: Option<String>,
        /// Keyed hash of why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        went_ahead_because: Option<String>,
    },
    /// A worker asked the team leaders for something.
    #[serde(rename = "item.escalate")]
    ItemEscalate {
        escalation: i64,
        kind: EscalationKind,
        /// Keyed hash of the reason.
        reason: String,
    },
    /// A lead resolved a request to the team leaders, or dismissed it.
    #[serde(rename = "item.resolve")]
    ItemResolve {
        escalation: i64,
        kind: EscalationKind,
        dismissed: bool,
        /// Keyed hash of the lead's note (why it was dismissed).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A lead assigned the item.
    #[serde(rename = "item.assign")]
    ItemAssign {
        to: String,
        escalations_resolved: usize,
    },
    /// The item was crypto-shredded.
    #[serde(rename = "item.delete")]
    ItemDelete {
        approved_by: String,
        /// Keyed hashes (absent when the item's key was already gone).
        requested_by: Option<String>,
        reason: Option<String>,
        sha256: String,
        /// Deleted although a subject's access request was open: keyed hash of the reason the
        /// approver approved (absent when none was open).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        despite_access_request: Option<String>,
    },
    /// A deletion certificate was handed out: its files' hashes.
    #[serde(rename = "delete.certificate")]
    DeleteCertificate {
        sha256: Option<String>,
        files: Vec<String>,
    },
    /// A supervised preview began; its whole window is debited.
    #[serde(rename = "preview.start")]
    PreviewStart {
        preview: i64,
        supervisor: String,
        from_ms: u64,
        window_ms: u64,
        allowance_left_ms: u64,
        sink: String,
    },
    /// A preview ended: the range heard, the rest refunded.
    #[serde(rename = "preview.end")]
    PreviewEnd {
        preview: i64,
        from_ms: u64,
        to_ms: u64,
        heard_ms: u64,
        refunded_ms: u64,
        sink: String,
    },
    /// Full playback began.
    #[serde(rename = "play.start")]
    PlayStart { session: String, sink: String },
    /// A range heard during full playback.
    #[serde(rename = "play.heard")]
    PlayHeard {
        session: String,
        from_ms: u64,
        to_ms: u64,
        sink: String,
    },
    /// Full playback claims ahead what it is about to play (so a killed session never
    /// under-states); a normal end replaces the claims with what was heard.
    #[serde(rename = "play.ahead")]
    PlayAhead {
        session: String,
        from_ms: u64,
        to_ms: u64,
    },
    /// Full playback ended, with the merged ranges heard.
    #[serde(rename = "play.end")]
    PlayEnd {
        session: String,
        ranges_ms: Vec<(u64, u64)>,
        heard_ms: u64,
        sink: String,
    },
    /// The gate refused an action.
    #[serde(rename = "refused")]
    Refused {
        attempt: Action,
        missing: Vec<MissingCode>,
    },
    /// A copy outside the store was registered: one the team must see deleted (`held`, left
    /// out as in entries from before kinds), or the subject's own, handed to them under access
    /// request `request`.
    #[serde(rename = "copy.register")]
    CopyRegister {
        copy: i64,
        #[serde(default, skip_serializing_if = "CopyKind::is_held")]
        kind: CopyKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        request: Option<i64>,
    },
    /// A copy's deletion was confirmed.
    #[serde(rename = "copy.deleted")]
    CopyDeleted {
        copy: i64,
        confirmed_by: String,
        on: NaiveDate,
    },
    /// A letter was written (the file's hash and the audit head it quotes).
    #[serde(rename = "letter.write")]
    LetterWrite {
        letter: i64,
        subject: String,
        kind: LetterKind,
        lang: Lang,
        format: LetterFormat,
        sha256: String,
        audit_head: String,
    },
    /// A letter was linked to the notification decision it carried.
    #[serde(rename = "letter.attach")]
    LetterAttach { letter: i64 },
    /// A subject's response was recorded (keyed hash of its text).
    #[serde(rename = "response.record")]
    ResponseRecord {
        response: i64,
        subject: String,
        received_on: NaiveDate,
        text: String,
        complaint: Option<i64>,
    },
    /// A subject asked for access.
    #[serde(rename = "access.request")]
    AccessRequest {
        request: i64,
        subject: String,
        requested_on: NaiveDate,
        due_on: NaiveDate,
    },
    /// An access request's term was extended (keyed hash of the reason).
    #[serde(rename = "access.extend")]
    AccessExtend {
        request: i64,
        months: u32,
        to: NaiveDate,
        reason: String,
    },
    /// Access was granted by a lead.
    #[serde(rename = "access.grant")]
    AccessGrant {
        request: i64,
        subject: String,
        approved_by: String,
        consent_asked: bool,
        /// Keyed hash of how the requester's identity was checked (AVG art. 12(6)); absent in
        /// entries from before it was asked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        identity_checked: Option<String>,
    },
    /// The copy and statement were handed out.
    #[serde(rename = "access.exported")]
    AccessExported {
        request: i64,
        files: Vec<ExportedFileRecord>,
        /// The ranges made silent in the subject's copy (AVG art. 15(4): others' rights
        /// weighed), `[from, to)` in milliseconds, merged; empty when the copy is the recording
        /// byte for byte (and in entries from before copies could be muted).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        muted: Vec<(u64, u64)>,
        /// Keyed hash of the reason the ranges were made silent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mute_reason: Option<String>,
        /// SHA-256 of the muted copy (the original's is the item's own).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        copy_sha256: Option<String>,
    },
    /// A subject asked for a recording to be erased (AVG art. 17).
    #[serde(rename = "erasure.request")]
    ErasureRequest {
        request: i64,
        /// Keyed hash of the subject's normalised name.
        subject: String,
        requested_on: NaiveDate,
        due_on: NaiveDate,
    },
    /// An erasure request's term was extended (keyed hash of the reason).
    #[serde(rename = "erasure.extend")]
    ErasureExtend {
        request: i64,
        months: u32,
        to: NaiveDate,
        reason: String,
    },
    /// A team leader decided an erasure request (keyed hash of the reason). Granted: the
    /// recording must be deleted (`item.delete` records that it was).
    #[serde(rename = "erasure.decide")]
    ErasureDecide {
        request: i64,
        decision: ErasureDecision,
        on: NaiveDate,
        reason: String,
    },
    /// A complaint was registered.
    #[serde(rename = "complaint.add")]
    ComplaintAdd {
        complaint: i64,
        received_on: NaiveDate,
        acknowledge_by: NaiveDate,
        decide_by: NaiveDate,
    },
    /// A complaint's receipt was acknowledged.
    #[serde(rename = "complaint.ack")]
    ComplaintAck { complaint: i64, on: NaiveDate },
    /// A complaint's decision was postponed (the reason given in writing).
    #[serde(rename = "complaint.extend")]
    ComplaintExtend {
        complaint: i64,
        weeks: u32,
        to: NaiveDate,
        in_writing: bool,
    },
    /// A complaint was decided. `involved_override`: the one who decided it was involved with
    /// its item (listened, described it, or approved a decision about it) and gave a reason to
    /// decide all the same: its keyed hash (absent when not involved, and in entries from
    /// before it was checked).
    #[serde(rename = "complaint.close")]
    ComplaintClose {
        complaint: i64,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        involved_override: Option<String>,
    },
    /// The complainant was heard (Awb art. 9:10) on `on` by `by`, or (`skipped`) why not
    /// (9:10(2)), recorded on `on` by `by`; `notes`: keyed hash of the sealed notes.
    #[serde(rename = "complaint.hear")]
    ComplaintHear {
        complaint: i64,
        on: NaiveDate,
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        skipped: Option<HearingSkip>,
        notes: String,
    },
    /// A letter to the complainant was written: its kind, language, format and SHA-256.
    #[serde(rename = "complaint.letter")]
    ComplaintLetter {
        complaint: i64,
        kind: ComplaintLetterKind,
        lang: Lang,
        format: LetterFormat,
        sha256: String,
    },
    /// A complaint is treated as an information request, with a lead's approval.
    #[serde(rename = "complaint.downgrade")]
    ComplaintDowngrade { complaint: i64, approved_by: String },
    /// A wrong PIN was given for a lead (`by` gave it); `failures` counts those within the
    /// lock window, this one included.
    #[serde(rename = "pin.failed")]
    PinFailed {
        lead: String,
        by: String,
        failures: u32,
    },
    /// Too many wrong PINs: the lead's PIN is locked until `until` (RFC 3339, UTC).
    #[serde(rename = "pin.locked")]
    PinLocked { lead: String, until: String },
    /// A member asked a lead (`lead`, or any lead) for an approval; keyed hash of the reason.
    #[serde(rename = "approval.request")]
    ApprovalRequest {
        request: i64,
        kind: ApprovalKind,
        lead: Option<String>,
        reason: Option<String>,
        /// What exactly is asked (the request's terms as the store keeps them: ids, times and
        /// keyed hashes); absent in entries from before it was logged.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terms: Option<String>,
    },
    /// A lead approved a request.
    #[serde(rename = "approval.approve")]
    ApprovalApprove {
        request: i64,
        kind: ApprovalKind,
        requested_by: String,
    },
    /// A lead declined a request; keyed hash of their reason.
    #[serde(rename = "approval.decline")]
    ApprovalDecline {
        request: i64,
        kind: ApprovalKind,
        requested_by: String,
        reason: Option<String>,
    },
    /// An approved request was used by the action it was for.
    #[serde(rename = "approval.use")]
    ApprovalUse {
        request: i64,
        kind: ApprovalKind,
        approved_by: String,
    },
    /// A request was not answered in time.
    #[serde(rename = "approval.expire")]
    ApprovalExpire { request: i64, kind: ApprovalKind },
    /// The member who asked withdrew the request (stopped waiting).
    #[serde(rename = "approval.withdraw")]
    ApprovalWithdraw { request: i64, kind: ApprovalKind },
    /// A new master-key epoch: every live item's key was wrapped again under it (`rewrapped`),
    /// and the epoch before it was superseded. `left`: item keys that could not be opened and
    /// stay under their epoch (absent when none). After a deletion the entry names the item.
    #[serde(rename = "key.rotate")]
    KeyRotate {
        epoch: u32,
        rewrapped: u64,
        #[serde(default, skip_serializing_if = "is_zero")]
        left: u64,
    },
    /// A superseded master-key epoch was retired: its key file overwritten and removed, so
    /// backups holding item keys wrapped under it can no longer be read.
    #[serde(rename = "key.retire")]
    KeyRetire { epoch: u32 },
    /// A store written by an earlier version had its sealed values sealed again, each for its
    /// place (`version`: the seal version now; `values`: how many were sealed again).
    #[serde(rename = "store.reseal")]
    StoreReseal { version: u32, values: u64 },
    /// An item's stage worked out again when a rule of the gate changed under it (since this
    /// version every subject but the sender needs a notification decision): by earshot itself,
    /// once, at the upgrade.
    #[serde(rename = "item.restage")]
    ItemRestage { stage: Stage },
    /// A synthetic entry, for benchmarks of `audit verify`.
    #[serde(rename = "bench.event")]
    BenchEvent { i: u64, from_ms: u64, to_ms: u64 },
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A changed setting: a number with its old and new value, or the drop folder set or cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SettingChange {
    Number {
        key: Setting,
        old: u64,
        new: u64,
    },
    Inbox {
        key: InboxKey,
        set: bool,
    },
    /// A field of the organisation's profile: the keyed hash of its new text (with the
    /// store's log-names key), `None` when it was cleared.
    Profile {
        key: ProfileKey,
        value: Option<String>,
    },
}

/// The organisation's profile: the text settings every document to a subject is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKey {
    OrgName,
    OrgAddress,
    DpoContact,
    OmbudsmanName,
    OmbudsmanUrl,
    Timezone,
}

impl ProfileKey {
    pub const ALL: [ProfileKey; 6] = [
        ProfileKey::OrgName,
        ProfileKey::OrgAddress,
        ProfileKey::DpoContact,
        ProfileKey::OmbudsmanName,
        ProfileKey::OmbudsmanUrl,
        ProfileKey::Timezone,
    ];

    /// The key the store keeps it under, as typed in `earshot settings KEY VALUE`.
    pub fn key(&self) -> &'static str {
        match self {
            ProfileKey::OrgName => "org_name",
            ProfileKey::OrgAddress => "org_address",
            ProfileKey::DpoContact => "dpo_contact",
            ProfileKey::OmbudsmanName => "ombudsman_name",
            ProfileKey::OmbudsmanUrl => "ombudsman_url",
            ProfileKey::Timezone => "timezone",
        }
    }

    pub fn from_key(key: &str) -> Option<ProfileKey> {
        ProfileKey::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// The numeric settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    PreviewCapS,
    EscalationDays,
    RetentionYears,
    BackupRetentionDays,
}

impl Setting {
    /// From the key the store keeps it under.
    pub fn from_key(key: &str) -> Option<Setting> {
        match key {
            "preview_cap_s" => Some(Setting::PreviewCapS),
            "escalation_days" => Some(Setting::EscalationDays),
            "retention_years" => Some(Setting::RetentionYears),
            "backup_retention_days" => Some(Setting::BackupRetentionDays),
            _ => None,
        }
    }
}

/// The key of a folder setting: the drop folder (`"inbox"`) or the folder the log's signed
/// checkpoints are copied to (`"checkpoint_dir"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxKey {
    Inbox,
    CheckpointDir,
}

/// How an item came in through intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Via {
    #[serde(rename = "whatsapp-export")]
    WhatsappExport,
    #[serde(rename = "inbox")]
    Inbox,
}

/// Which metadata fields a description recorded or changed. Names and texts appear only as
/// keyed hashes; whether it was recorded secretly appears as such.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Change<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subjects: Option<Change<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Change<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretly: Option<Change<Secretly>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Change<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_purpose: Option<Change<Option<String>>>,
}

impl MetadataChanges {
    /// The fields changed, in the order the form shows them.
    pub fn fields(&self) -> Vec<MetadataField> {
        [
            (self.sender.is_some(), MetadataField::Sender),
            (self.subjects.is_some(), MetadataField::Subjects),
            (self.purpose.is_some(), MetadataField::Purpose),
            (self.secretly.is_some(), MetadataField::Secretly),
            (self.legal_basis.is_some(), MetadataField::LegalBasis),
            (
                self.processing_purpose.is_some(),
                MetadataField::ProcessingPurpose,
            ),
        ]
        .into_iter()
        .filter_map(|(changed, f)| changed.then_some(f))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.fields().is_empty()
    }
}

/// One field's old and new value (for names and texts: keyed hashes, `None` when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change<T> {
    pub old: T,
    pub new: T,
}

/// A field of an item's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataField {
    Sender,
    Subjects,
    Purpose,
    Secretly,
    LegalBasis,
    ProcessingPurpose,
}

/// What was decided about notifying one person: the `kind` of an `item.notify` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotifyRecord {
    /// Notified on a date; keyed hash of how.
    Notified { on: NaiveDate, channel: String },
    /// Not notified, by an exception a lead approved; keyed hash of the reason, the ground and
    /// the review date (absent in entries written before they were asked).
    Exception {
        approved_by: String,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ground: Option<ExceptionGround>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        review_on: Option<NaiveDate>,
    },
    /// A child told through a parent on the same recording: keyed hash of that parent's
    /// normalised name (the same as the parent's own `item.notify` entries carry as `subject`).
    ViaParent { parent: String },
}

/// The kinds of letter earshot writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LetterKind {
    /// That recordings concerning the person exist (GDPR art. 14).
    Notification,
}

impl LetterKind {
    pub fn parse(s: &str) -> Result<LetterKind, String> {
        match s {
            "notification" => Ok(LetterKind::Notification),
            o => Err(format!("'{o}' is not a kind of letter; use notification")),
        }
    }
}

/// The file formats letters are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LetterFormat {
    Md,
    Html,
    Pdf,
}

impl LetterFormat {
    pub fn parse(s: &str) -> Result<LetterFormat, String> {
        match s {
            "md" => Ok(LetterFormat::Md),
            "html" => Ok(LetterFormat::Html),
            "pdf" => Ok(LetterFormat::Pdf),
            o => Err(format!("'{o}' is not a letter format; use md, html or pdf")),
        }
    }
}

/// What a team leader decided on an erasure request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureDecision {
    /// The recording must be erased.
    Granted,
    /// It is kept, on a ground of AVG art. 17(3) given in the reason.
    Refused,
}

impl ErasureDecision {
    /// `granted` or `refused`, as the store and the log keep it.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErasureDecision::Granted => "granted",
            ErasureDecision::Refused => "refused",
        }
    }
}

/// One file handed out for an access request: its kind (`recording`, `recording_muted`,
/// `proofs`, `statement_md`, `statement_html`, `statement_pdf`), hash and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFileRecord {
    pub kind: String,
    pub sha256: String,
    pub size: u64,
}

/// An entry that cannot be read as an [`Event`]: an action from a newer earshot, or a detail
/// that is not what its action should carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub action: String,
    pub reason: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the audit entry '{}' cannot be read: {}",
            self.action, self.reason
        )
    }
}

impl std::error::Error for ParseError {}

impl Event {
    /// The action name the entry is stored under.
    pub fn action(&self) -> &'static str {
        match self {
            Event::StoreInit { .. } => "store.init",
            Event::GuardianStranger { .. } => "guardian.stranger",
            Event::ItemDamaged { .. } => "item.damaged",
            Event::TeamAdd { .. } => "team.add",
            Event::TeamPin { .. } => "team.pin",
            Event::TeamSet { .. } => "team.set",
            Event::SettingsSet(_) => "settings.set",
            Event::ItemImport { .. } => "item.import",
            Event::IntakeItem { .. } => "intake.item",
            Event::IntakeChat { .. } => "intake.chat",
            Event::IntakeInbox { .. } => "intake.inbox",
            Event::ItemDescribe { .. } => "item.describe",
            Event::ItemNotify { .. } => "item.notify",
            Event::ItemUse { .. } => "item.use",
            Event::ItemEscalate { .. } => "item.escalate",
            Event::ItemResolve { .. } => "item.resolve",
            Event::ItemAssign { .. } => "item.assign",
            Event::ItemDelete { .. } => "item.delete",
            Event::DeleteCertificate { .. } => "delete.certificate",
            Event::PreviewStart { .. } => "preview.start",
            Event::PreviewEnd { .. } => "preview.end",
            Event::PlayStart { .. } => "play.start",
            Event::PlayHeard { .. } => "play.heard",
            Event::PlayAhead { .. } => "play.ahead",
            Event::PlayEnd { .. } => "play.end",
            Event::Refused { .. } => "refused",
            Event::CopyRegister { .. } => "copy.register",
            Event::CopyDeleted { .. } => "copy.deleted",
            Event::LetterWrite { .. } => "letter.write",
            Event::LetterAttach { .. } => "letter.attach",
            Event::ResponseRecord { .. } => "response.record",
            Event::AccessRequest { .. } => "access.request",
            Event::AccessExtend { .. } => "access.extend",
            Event::AccessGrant { .. } => "access.grant",
            Event::AccessExported { .. } => "access.exported",
            Event::ErasureRequest { .. } => "erasure.request",
            Event::ErasureExtend { .. } => "erasure.extend",
            Event::ErasureDecide { .. } => "erasure.decide",
            Event::ComplaintAdd { .. } => "complaint.add",
            Event::ComplaintAck { .. } => "complaint.ack",
            Event::ComplaintExtend { .. } => "complaint.extend",
            Event::ComplaintClose { .. } => "complaint.close",
            Event::ComplaintDowngrade { .. } => "complaint.downgrade",
            Event::ComplaintHear { .. } => "complaint.hear",
            Event::ComplaintLetter { .. } => "complaint.letter",
            Event::PinFailed { .. } => "pin.failed",
            Event::PinLocked { .. } => "pin.locked",
            Event::ApprovalRequest { .. } => "approval.request",
            Event::ApprovalApprove { .. } => "approval.approve",
            Event::ApprovalDecline { .. } => "approval.decline",
            Event::ApprovalUse { .. } => "approval.use",
            Event::ApprovalExpire { .. } => "approval.expire",
            Event::ApprovalWithdraw { .. } => "approval.withdraw",
            Event::KeyRotate { .. } => "key.rotate",
            Event::KeyRetire { .. } => "key.retire",
            Event::StoreReseal { .. } => "store.reseal",
            Event::ItemRestage { .. } => "item.restage",
            Event::BenchEvent { .. } => "bench.event",
        }
    }

    /// The detail object stored with the entry. Its text (`to_string`, keys sorted) is what
    /// the entry's hash commits to.
    pub fn detail(&self) -> Value {
        match serde_json::to_value(self) {
            Ok(Value::Object(mut m)) => m.remove("detail").unwrap_or(Value::Null),
            // Every field is a string, number, bool, date or list of them: this cannot fail.
            Ok(other) => unreachable!("an audit event serialised to {other}"),
            Err(e) => unreachable!("an audit event cannot be serialised: {e}"),
        }
    }

    /// Reads a stored entry back.
    pub fn parse(action: &str, detail: &Value) -> Result<Event, ParseError> {
        let tagged = serde_json::json!({ "action": action, "detail": detail });
        serde_json::from_value(tagged).map_err(|e| ParseError {
            action: action.to_string(),
            reason: e.to_string(),
        })
    }

    /// Reads a stored entry back from the detail's text in one pass (no intermediate JSON
    /// value), reusing `buf`: for walks over the whole log. Same result as [`Event::parse_text`].
    pub fn parse_into(action: &str, detail: &str, buf: &mut String) -> Result<Event, ParseError> {
        buf.clear();
        buf.push_str("{\"action\":");
        match serde_json::to_string(action) {
            Ok(a) => buf.push_str(&a),
            Err(e) => {
                return Err(ParseError {
                    action: action.to_string(),
                    reason: e.to_string(),
                });
            }
        }
        buf.push_str(",\"detail\":");
        buf.push_str(detail);
        buf.push('}');
        serde_json::from_str(buf).or_else(|_| Event::parse_text(action, detail))
    }

    /// Reads a stored entry back from the detail's text.
    pub fn parse_text(action: &str, detail: &str) -> Result<Event, ParseError> {
        let d: Value = serde_json::from_str(detail).map_err(|e| ParseError {
            action: action.to_string(),
            reason: format!("its detail is not JSON ({e})"),
        })?;
        Event::parse(action, &d)
    }
}

#[cfg(test)]
mod tests;
