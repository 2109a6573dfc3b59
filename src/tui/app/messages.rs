//! The messages the app handles (keys, mouse, ticks, the worker's answers) and the requests it
//! sends the worker.
//!
//! Requests and answers travel as JSON when the worker runs in the guardian (the terminal UI as
//! a client, see `tui::remote`): nothing in them names who acts, which is the guardian's to say.

use crossterm::event::{KeyEvent, MouseEvent};
use serde::{Deserialize, Serialize};

use crate::audio::Waveform;
use crate::core::audit::Entry;
use crate::core::model::{ItemId, Metadata, User};
use crate::session::{Outcome, Status};
use crate::store::due::DueFlags;
use crate::store::triage::{EscalationKind, EscalationView};
use crate::store::{ApprovalView, ItemView, NotifyDecision, QueueRow};

/// Everything about the open item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "DetailWire", from = "DetailWire")]
pub struct Detail {
    pub view: ItemView,
    pub waveform: Option<Waveform>,
    pub timeline: Vec<Entry>,
    /// The chat messages around the attachment, for items from a WhatsApp export.
    pub chat: Option<crate::store::intake::ChatContext>,
    /// The item's erasure requests (AVG art. 17), oldest first.
    pub erasure: Vec<ErasureLine>,
}

/// One erasure request as the item screen lists it and the erasure form offers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErasureLine {
    /// The subject who asked (`None` once the item is deleted: it was sealed with its key).
    pub subject: Option<String>,
    pub due_on: chrono::NaiveDate,
    pub overdue: bool,
    /// `None` while undecided, else "granted" or "refused".
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<chrono::NaiveDate>,
    pub item_deleted: bool,
}

impl ErasureLine {
    /// Undecided while the item is there: a lead's decision is owed.
    pub fn open(&self) -> bool {
        self.decision.is_none() && !self.item_deleted
    }
}

impl From<&crate::store::due::ErasureView> for ErasureLine {
    fn from(v: &crate::store::due::ErasureView) -> ErasureLine {
        ErasureLine {
            subject: v.subject.clone(),
            due_on: v.due_on,
            overdue: v.overdue,
            decision: v.decision.clone(),
            decided_by: v.decided_by.clone(),
            decided_on: v.decided_on,
            item_deleted: v.item_deleted,
        }
    }
}

/// [`Detail`] on the wire: the gate's reasons per action travel too (`show --json` leaves them
/// out, the UI words them itself in its language).
#[derive(Serialize, Deserialize)]
struct DetailWire {
    view: ItemView,
    blocked: Vec<(crate::core::gate::Action, Vec<crate::core::gate::Missing>)>,
    waveform: Option<Waveform>,
    timeline: Vec<Entry>,
    chat: Option<crate::store::intake::ChatContext>,
    #[serde(default)]
    erasure: Vec<ErasureLine>,
}

impl From<Detail> for DetailWire {
    fn from(mut d: Detail) -> DetailWire {
        DetailWire {
            blocked: std::mem::take(&mut d.view.gate.details),
            view: d.view,
            waveform: d.waveform,
            timeline: d.timeline,
            chat: d.chat,
            erasure: d.erasure,
        }
    }
}

impl From<DetailWire> for Detail {
    fn from(w: DetailWire) -> Detail {
        let mut view = w.view;
        view.gate.details = w.blocked;
        Detail {
            view,
            waveform: w.waveform,
            timeline: w.timeline,
            chat: w.chat,
            erasure: w.erasure,
        }
    }
}

/// What the worker sends back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FromWorker {
    Queue {
        rows: Vec<QueueRow>,
        escalations: Vec<EscalationView>,
        due: Vec<DueFlags>,
    },
    /// Only these items changed since the last queue (the worker read just them again): their
    /// rows (a new item among them), their due flags (none: nothing due any more), and the
    /// escalations as they are now.
    QueueChanged {
        items: Vec<ItemId>,
        rows: Vec<QueueRow>,
        escalations: Vec<EscalationView>,
        due: Vec<DueFlags>,
    },
    Team(Vec<(User, bool)>),
    Detail(Box<Detail>),
    Player(Status),
    Finished(Outcome),
    Done(String),
    Failed(String),
    /// The drop folder's importer: what it is doing (shown in the status line).
    Intake(String),
    /// What waits for the user: for a lead, others' requests they may answer; for anyone
    /// else, their own requests that wait.
    Approvals(Vec<ApprovalView>),
    /// The user's request for a lead's approval was filed; it waits for its answer.
    Asked(Box<ApprovalView>),
    /// The user's request is no longer pending: approved (the preview starts), declined (with
    /// the lead's reason), expired or withdrawn.
    Answered(Box<ApprovalView>),
    /// Through the guardian, first: who the guardian says the user is.
    Identity(User),
    /// A subject's access was granted and their copy written: what and where.
    Granted(Box<GrantedView>),
    Closed,
}

/// What the UI asks the worker to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Refresh,
    LoadDetail(ItemId),
    Describe(ItemId, Metadata),
    Notify(ItemId, String, NotifyDecisionReq),
    Escalate(ItemId, String, EscalationKind),
    Assign(ItemId, String),
    Preview {
        item: ItemId,
        from_ms: u64,
        seconds: u64,
        supervisor: String,
        pin: Option<String>,
    },
    /// Files a request for `lead`'s approval of exactly this preview and waits for the
    /// answer; approved, the preview starts.
    AskPreview {
        item: ItemId,
        from_ms: u64,
        seconds: u64,
        lead: String,
    },
    /// Withdraws the request that waits.
    Withdraw,
    /// Answers a request from the lead's inbox.
    Approve(i64),
    Decline(i64, String),
    /// A lead ends escalation N: resolved, or dismissed with a reason.
    ResolveEscalation(i64, Option<String>),
    /// A further use of the item: a summary shared with a recipient for a purpose; `ahead`
    /// goes ahead before a subject's reply or a complaint's decision, another lead approving.
    RecordUse {
        item: ItemId,
        purpose: String,
        recipient: String,
        summary: String,
        ahead: Option<GoAheadReq>,
    },
    /// A lead decides `subject`'s erasure request: granted, or refused, with a reason.
    DecideErasure {
        item: ItemId,
        subject: String,
        granted: bool,
        reason: String,
    },
    /// A subject's access request granted, as `access grant` does: a lead other than the user
    /// approves with their PIN; the copy (with `mute_ms` made silent, for `mute_reason`), the
    /// statement and the proofs are written to the folder `out`.
    GrantAccess {
        item: ItemId,
        subject: String,
        approved_by: String,
        pin: Option<String>,
        identity_checked: String,
        out: std::path::PathBuf,
        lang: crate::core::lang::Lang,
        mute_ms: Vec<(u64, u64)>,
        mute_reason: Option<String>,
    },
    Play {
        item: ItemId,
        from_ms: u64,
    },
    Pause,
    Resume,
    Seek(u64),
    Stop,
    Shutdown,
}

/// What a grant wrote, as the access copy screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrantedView {
    pub item: ItemId,
    pub subject: String,
    pub approved_by: String,
    /// The access request granted.
    pub request: i64,
    /// The SHA-256 of the recording in the store (the original).
    pub recording_sha256: String,
    /// The copy first, then the proofs and the statement.
    pub files: Vec<GrantedFile>,
    /// The ranges made silent in the copy (none: the copy is the original).
    pub muted_ms: Vec<(u64, u64)>,
    /// What was not done but did not stop the grant (no PDF without WeasyPrint).
    pub warnings: Vec<String>,
}

/// One file a grant wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrantedFile {
    /// `recording`, `recording_muted`, `proofs`, `statement_md`, `statement_html`,
    /// `statement_pdf`.
    pub kind: String,
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// A notification decision as the form collects it (the store's type is not `PartialEq`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NotifyDecisionReq {
    Notified {
        channel: String,
        on: chrono::NaiveDate,
    },
    Exception {
        reason: String,
        approved_by: String,
        ground: crate::core::model::ExceptionGround,
        review_on: chrono::NaiveDate,
        pin: Option<String>,
    },
    /// A child told through this parent (who was notified).
    ViaParent { parent: String },
}

impl NotifyDecisionReq {
    pub fn into_store(self) -> NotifyDecision {
        match self {
            NotifyDecisionReq::Notified { channel, on } => NotifyDecision::Notified {
                channel,
                on: Some(on),
            },
            NotifyDecisionReq::Exception {
                reason,
                approved_by,
                ground,
                review_on,
                pin,
            } => NotifyDecision::Exception {
                reason,
                approved_by,
                ground,
                review_on,
                proof: crate::store::LeadProof::from_pin(pin.as_deref()),
            },
            NotifyDecisionReq::ViaParent { parent } => NotifyDecision::ViaParent { parent },
        }
    }
}

/// Going ahead with a use before a reply or a complaint's decision, as the form collects it:
/// why, the approving lead and their PIN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoAheadReq {
    pub reason: String,
    pub approved_by: String,
    pub pin: Option<String>,
}

impl GoAheadReq {
    pub fn into_store(self) -> crate::store::GoAhead {
        crate::store::GoAhead {
            reason: self.reason,
            approved_by: self.approved_by,
            proof: crate::store::LeadProof::from_pin(self.pin.as_deref()),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Tick,
    Worker(FromWorker),
}
