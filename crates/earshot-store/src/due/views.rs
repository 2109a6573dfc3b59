//! What due process shows: the plain structs the front ends render.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::copies::CopyView;
use crate::queue::{NotificationView, UseView};
use earshot_core::audit::HearingSkip;
use earshot_core::model::{ItemId, Metadata, Stage};

// ---------------------------------------------------------------------------------------------
// Views

/// One listening: a supervised preview or a full-playback session.
#[derive(Debug, Clone, Serialize)]
pub struct Listening {
    /// "preview" or "playback".
    pub kind: String,
    pub user: String,
    /// The team leader who supervised (previews).
    pub supervisor: Option<String>,
    pub started_at: String,
    pub ended_at: Option<String>,
    /// Ranges heard, merged, in milliseconds.
    pub ranges_ms: Vec<(u64, u64)>,
    pub heard_ms: u64,
    /// A preview whose process never closed it counts in full.
    pub open: bool,
}

/// A letter written to a subject.
#[derive(Debug, Clone, Serialize)]
pub struct LetterView {
    pub id: i64,
    pub item: ItemId,
    pub subject: Option<String>,
    pub kind: String,
    pub lang: String,
    pub format: String,
    pub sha256: String,
    pub audit_head: String,
    pub respond_by: Option<NaiveDate>,
    pub written_by: String,
    pub written_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct ResponsePrivate {
    pub(super) subject: String,
    pub(super) text: String,
}

/// A subject's response.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub id: i64,
    pub item: ItemId,
    pub subject: Option<String>,
    pub text: Option<String>,
    pub received_on: NaiveDate,
    pub complaint: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct AccessPrivate {
    pub(super) subject: String,
    pub(super) extension_reason: Option<String>,
}

/// A subject's access request and its clock.
#[derive(Debug, Clone, Serialize)]
pub struct AccessView {
    pub id: i64,
    pub item: ItemId,
    pub subject: Option<String>,
    pub requested_on: NaiveDate,
    /// The date the answer is due now (extended or not).
    pub due_on: NaiveDate,
    pub due_original: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    /// "open" or "granted".
    pub status: String,
    pub approved_by: Option<String>,
    pub granted_by: Option<String>,
    pub granted_at: Option<String>,
    /// SHA-256 of the recording as exported (equal to the item's).
    pub export_sha256: Option<String>,
    pub overdue: bool,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct ErasurePrivate {
    pub(super) subject: String,
    pub(super) extension_reason: Option<String>,
    pub(super) decision_reason: Option<String>,
}

/// A subject's request to erase the recording (AVG art. 17), on the clock of art. 12(3): one
/// month, extendable once by at most two.
#[derive(Debug, Clone, Serialize)]
pub struct ErasureView {
    pub id: i64,
    pub item: ItemId,
    /// The subject's name (`None` once the item is deleted: it was sealed with its key).
    pub subject: Option<String>,
    pub received_on: NaiveDate,
    /// The date the decision is due now (extended or not).
    pub due_on: NaiveDate,
    pub due_original: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    /// `None` while undecided, else "granted" or "refused".
    pub decision: Option<String>,
    /// Why it was granted or refused (for a refusal, the ground of art. 17(3)).
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    /// Whether the item has been deleted (a granted request is then carried out).
    pub item_deleted: bool,
    /// Undecided, the item not deleted, and past its due date.
    pub overdue: bool,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl ErasureView {
    /// Undecided while the item is there: a decision is owed.
    pub fn open(&self) -> bool {
        self.decision.is_none() && !self.item_deleted
    }

    /// Granted while the item is there: it is owed its deletion.
    pub fn granted_undeleted(&self) -> bool {
        self.decision.as_deref() == Some("granted") && !self.item_deleted
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct ComplaintPrivate {
    pub(super) from: Option<String>,
    pub(super) text: Option<String>,
    pub(super) extension_reason: Option<String>,
    pub(super) downgrade_reason: Option<String>,
    pub(super) outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) hearing_notes: Option<String>,
    /// Why a member involved with the item decided all the same (Awb 9:7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) involved_reason: Option<String>,
}

/// One entry of the complaint register, with its clock.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintView {
    pub id: i64,
    pub item: Option<ItemId>,
    pub case: Option<String>,
    /// "complaint" or "information_request".
    pub kind: String,
    /// "open" or "closed".
    pub status: String,
    pub from: Option<String>,
    pub text: Option<String>,
    pub received_on: NaiveDate,
    pub acknowledge_by: NaiveDate,
    pub acknowledged_on: Option<NaiveDate>,
    /// The date the decision is due now.
    pub decide_by: NaiveDate,
    pub decide_by_original: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub downgraded_by: Option<String>,
    pub downgrade_reason: Option<String>,
    pub outcome: Option<String>,
    pub closed_on: Option<NaiveDate>,
    /// When the complainant was heard (Awb 9:10), or when it was recorded that they were not.
    pub heard_on: Option<NaiveDate>,
    /// Who heard them (or recorded why not).
    pub heard_by: Option<String>,
    /// Why they were not heard (9:10(2)); absent when they were, or nothing is recorded.
    pub hearing_skipped: Option<HearingSkip>,
    pub hearing_notes: Option<String>,
    /// The decider was involved with the item (Awb 9:7) and gave this reason to decide.
    pub involved_reason: Option<String>,
    /// Open, a complaint, and past its decision date.
    pub overdue: bool,
    /// Open, not acknowledged, and past its acknowledgement date.
    pub acknowledgement_overdue: bool,
    /// Its text was destroyed with the item it was about.
    pub text_destroyed: bool,
    pub registered_by: String,
    pub registered_at: String,
}

/// A use, with the moment by which the subjects must have been informed (GDPR art. 14(3)(c):
/// at the latest when the data are first disclosed to a recipient).
#[derive(Debug, Clone, Serialize)]
pub struct UseAccount {
    #[serde(flatten)]
    pub using: UseView,
    pub inform_subjects_by: NaiveDate,
    /// Parents (other than the sender) notified on or before that date.
    pub informed: Vec<String>,
    /// Parents not notified by then (an approved exception, or notified later).
    pub not_informed: Vec<String>,
}

/// One line of an item's audit trail, without the hashes' values.
#[derive(Debug, Clone, Serialize)]
pub struct TrailEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// What the entry says, in words (ranges, fields changed, who approved).
    pub what: String,
    /// The event, when this version can read it.
    #[serde(skip)]
    pub event: Option<earshot_core::audit::Event>,
}

/// The deletion of an item, as the log records it.
#[derive(Debug, Clone, Serialize)]
pub struct DeletionView {
    pub at: String,
    pub by: String,
    pub approved_by: Option<String>,
    pub certificates: Vec<String>,
}

/// Everything owed to the people on one item: the account behind letters, processing
/// statements, certificates and reports.
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub item: ItemId,
    pub case: String,
    pub stage: Stage,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    pub from: Option<String>,
    pub file_name: Option<String>,
    pub format: String,
    pub codec: String,
    pub duration_ms: u64,
    pub size: i64,
    pub sha256: String,
    pub metadata: Option<Metadata>,
    pub listening: Vec<Listening>,
    /// Every range heard, merged (milliseconds).
    pub heard_ms: Vec<(u64, u64)>,
    pub heard_total_ms: u64,
    pub listeners: Vec<String>,
    pub supervisors: Vec<String>,
    pub notifications: Vec<NotificationView>,
    pub pending_notifications: Vec<String>,
    pub letters: Vec<LetterView>,
    pub responses: Vec<ResponseView>,
    pub uses: Vec<UseAccount>,
    pub access_requests: Vec<AccessView>,
    pub erasure_requests: Vec<ErasureView>,
    pub complaints: Vec<ComplaintView>,
    pub copies: Vec<CopyView>,
    pub copies_outstanding: usize,
    pub retention_years: u64,
    pub retention_until: NaiveDate,
    pub retention_due: bool,
    pub deletion: Option<DeletionView>,
    pub trail: Vec<TrailEntry>,
    pub audit_head: String,
}

impl Account {
    /// The person's name as written on the item, or as given.
    pub fn sender(&self) -> Option<&str> {
        self.metadata
            .as_ref()
            .and_then(|m| m.sender.as_deref())
            .or(self.from.as_deref())
    }
}

/// A certificate of deletion: what was destroyed, on whose request and approval, every known
/// copy outside the store and who confirmed its deletion.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    pub item: ItemId,
    pub case: String,
    pub deleted_at: String,
    pub deleted_by: String,
    pub reason: String,
    pub requested_by: String,
    pub approved_by: String,
    pub file_name: Option<String>,
    pub format: String,
    pub duration_ms: u64,
    pub size: i64,
    pub sha256: String,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    /// What was destroyed in the store: the codes of the [`SHREDDED`](super::SHREDDED) entries
    /// that held something for the item, in that list's order.
    pub destroyed: Vec<String>,
    /// What had been heard before deletion (milliseconds).
    pub heard_ms: Vec<(u64, u64)>,
    pub copies: Vec<CopyView>,
    pub copies_outstanding: usize,
    /// Whoever received a summary of the recording: to be told of the deletion (AVG art. 19).
    /// From the register of uses, which outlives the recording.
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    pub audit_head: String,
    /// What the deletion means for backups made before it: from when they can no longer be
    /// read (absent for a certificate with nothing to say about backups).
    pub backups: Option<crate::keys::BackupKeys>,
}

/// One further use as the register of uses keeps it: when, for what, to whom.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Recipient {
    pub on: NaiveDate,
    pub purpose: String,
    pub recipient: String,
}

/// Items flagged for a team leader: deadlines, outstanding copies, retention.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DueFlags {
    pub item: ItemId,
    pub open_complaints: usize,
    pub overdue_complaints: usize,
    pub open_access_requests: usize,
    pub overdue_access_requests: usize,
    /// Erasure requests not yet decided (the item not deleted), and those past their date.
    #[serde(default)]
    pub open_erasure_requests: usize,
    #[serde(default)]
    pub overdue_erasure_requests: usize,
    /// Erasure requests granted while the item is not deleted yet: it must be deleted (with a
    /// lead's approval, `earshot delete`) by `erasure_delete_by`.
    #[serde(default)]
    pub erasure_granted_undeleted: usize,
    /// The earliest due date of those granted requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erasure_delete_by: Option<NaiveDate>,
    pub copies_outstanding: usize,
    pub retention_due: bool,
    /// A notification decision is still owed (undescribed, or a subject without one): due one
    /// month after receipt (AVG art. 14(3)(a)), moved off weekends and holidays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_due_by: Option<NaiveDate>,
    pub notification_overdue: bool,
    /// Exceptions to notifying a subject that are past their review date (or have none): they
    /// no longer allow further use until renewed with a new approval or replaced by a
    /// notification. A current exception's review date counts toward `next_due`.
    pub exceptions_past_review: usize,
    /// The earliest date something is due on this item.
    pub next_due: Option<NaiveDate>,
}

/// An item past its retention period.
#[derive(Debug, Clone, Serialize)]
pub struct RetentionRow {
    pub item: ItemId,
    pub case: String,
    pub received_on: NaiveDate,
    pub delete_by: NaiveDate,
}

/// Permission to export a recording to its subject, granted by the gate with a lead's approval
/// ([`Store::access_grant`](crate::Store::access_grant)). Only this crate makes these;
/// [`Store::export_for_access`](crate::Store::export_for_access) consumes it and hands back an
/// [`AccessReceipt`], which records the export and cannot export again.
///
/// Outside earshot-store a permit can be received and read, nothing more:
///
/// ```
/// use earshot_store::due::AccessPermit;
///
/// fn approval(p: &AccessPermit) -> (&str, &str) {
///     (p.subject(), p.approved_by())
/// }
/// ```
///
/// It cannot be made with a struct literal (its fields are private):
///
/// ```compile_fail,E0451
/// use earshot_store::due::AccessPermit;
///
/// fn approval(p: &AccessPermit) -> (&str, &str) {
///     (p.subject(), p.approved_by())
/// }
/// let forged = AccessPermit { receipt: todo!() };
/// ```
///
/// It cannot be cloned:
///
/// ```compile_fail,E0599
/// use earshot_store::due::AccessPermit;
///
/// fn approval(p: &AccessPermit) -> (&str, &str) {
///     (p.subject(), p.approved_by())
/// }
/// fn twice(p: AccessPermit) -> (AccessPermit, AccessPermit) {
///     (p.clone(), p)
/// }
/// ```
///
/// And an export uses it up:
///
/// ```compile_fail,E0382
/// use std::path::Path;
/// use earshot_store::{Store, due::AccessPermit};
///
/// fn export(s: &Store, p: AccessPermit) {
///     let _ = s.export_for_access(p, Path::new("a.opus"), false);
///     let _ = s.export_for_access(p, Path::new("b.opus"), false);
/// }
/// ```
#[derive(Debug)]
pub struct AccessPermit {
    pub(super) receipt: AccessReceipt,
}

impl AccessPermit {
    /// The access request this permit grants.
    pub fn request(&self) -> i64 {
        self.receipt.request
    }
    pub fn item(&self) -> ItemId {
        self.receipt.item
    }
    /// The subject the recording is handed to.
    pub fn subject(&self) -> &str {
        &self.receipt.subject
    }
    /// Who grants it.
    pub fn user(&self) -> &str {
        &self.receipt.user
    }
    /// The team leader who approved it.
    pub fn approved_by(&self) -> &str {
        &self.receipt.approved_by
    }
}

/// An access export that was written: what
/// [`Store::access_exported`](crate::Store::access_exported) needs to mark the request granted.
/// It cannot export the recording again. Only this crate makes these.
///
/// ```
/// use earshot_store::due::AccessReceipt;
///
/// fn approval(r: &AccessReceipt) -> &str {
///     r.approved_by()
/// }
/// ```
///
/// ```compile_fail,E0451
/// use earshot_store::due::AccessReceipt;
///
/// fn approval(r: &AccessReceipt) -> &str {
///     r.approved_by()
/// }
/// let forged = AccessReceipt {
///     request: 1, item: 1, subject: String::new(), user: String::new(),
///     approved_by: String::new(),
/// };
/// ```
#[derive(Debug)]
pub struct AccessReceipt {
    pub(super) request: i64,
    pub(super) item: ItemId,
    pub(super) subject: String,
    pub(super) user: String,
    pub(super) approved_by: String,
    pub(super) identity_checked: String,
}

impl AccessReceipt {
    /// The access request that was granted.
    pub fn request(&self) -> i64 {
        self.request
    }
    pub fn item(&self) -> ItemId {
        self.item
    }
    pub fn subject(&self) -> &str {
        &self.subject
    }
    /// Who granted it.
    pub fn user(&self) -> &str {
        &self.user
    }
    /// The team leader who approved it.
    pub fn approved_by(&self) -> &str {
        &self.approved_by
    }
    /// How the requester's identity was checked.
    pub fn identity_checked(&self) -> &str {
        &self.identity_checked
    }
}

/// A file written for a subject.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedFile {
    pub kind: String,
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
}

/// The kind of a muted copy among the files handed out.
pub const MUTED_KIND: &str = "recording_muted";

/// What the log and the statement say of a muted copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MutedExport {
    /// `[from, to)` in milliseconds, merged.
    pub ranges_ms: Vec<(u64, u64)>,
    /// Why: in the statement as written, in the log as a keyed hash.
    pub reason: String,
}

/// Makes the copy: lent the decrypting reader over the original (at its start), its length
/// and container, and the writer of the copy; returns why it failed, in one sentence.
pub type MakeCopy<'a> = dyn FnOnce(
        crate::vault::VaultReader<crate::blobs::BlobReader>,
        u64,
        &str,
        &mut dyn std::io::Write,
    ) -> std::result::Result<(), String>
    + 'a;
