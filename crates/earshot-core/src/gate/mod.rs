//! The gate: for an item and a user, which actions are allowed, and for each refused action
//! exactly what is missing, in words a worker understands.
//!
//! This is the single place where the workflow's rules live: the stage rules (what must be
//! recorded before what) and the role rules (what only a team leader may do: assign, approve,
//! manage the team and the settings). The store calls it before every access and every such
//! change and refuses (and logs) what it forbids, so no front end can go around it.

use serde::{Deserialize, Serialize};

use super::lang::Lang;
use super::model::{Metadata, Stage, User, normalise_name};

/// Preview allowance per item unless a lead sets another (seconds).
pub const DEFAULT_PREVIEW_CAP_S: u64 = 20;
/// The highest preview allowance a lead may set (seconds).
pub const MAX_PREVIEW_CAP_S: u64 = 60;

/// The things one can do with an item. Stored (in a refusal's audit entry) as its code,
/// [`Action::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Preview,
    FullPlayback,
    FurtherUse,
    SubjectAccess,
    Delete,
    /// Writing a letter to a person on the recording: like recording a decision, and only with
    /// a legal basis and the team's purpose on record (what the letter tells them).
    Letter,
    /// Recording metadata or a decision about the item: allowed until it is deleted.
    Record,
    /// Assigning the item to a team member (team leaders only).
    Assign,
    /// Approving something as a team leader: an exception to notifying a parent, a deletion, a
    /// subject access, a complaint's downgrade. The approver is `Oversight::approver`, or the
    /// user themself when none is named.
    Approve,
    /// Adding a member to the team (team leaders only). Not about an item.
    AddMember,
    /// Setting a PIN: one's own (`own`), which anyone may, or another member's (team leaders
    /// only). Not about an item.
    SetPin {
        own: bool,
    },
    /// Handling a request to the team leaders about the item: resolving or dismissing an
    /// escalation (team leaders only).
    Triage,
    /// Changing one of the store's settings (team leaders only). Not about an item.
    ChangeSettings,
    /// Setting or unsetting the drop folder (team leaders only). Not about an item.
    ChangeInbox,
    /// Making a new master-key epoch or retiring an old one (team leaders only). Not about an
    /// item.
    ManageKeys,
    /// Deciding a subject's request to erase the recording (AVG art. 17): granting or
    /// refusing it (team leaders only).
    DecideErasure,
    /// Confirming that a copy outside the store was deleted: for oneself, or for another member
    /// with that member's approval (their PIN, or their answer from their own session).
    ConfirmCopy,
}

impl Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Action::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown action {code:?}")))
    }
}

impl Action {
    /// The action stored under `code` ([`Action::as_str`]). A refused `team_pin` was always
    /// about another member's PIN: one's own is never refused.
    pub fn from_code(code: &str) -> Option<Action> {
        [
            Action::Preview,
            Action::FullPlayback,
            Action::FurtherUse,
            Action::SubjectAccess,
            Action::Delete,
            Action::Letter,
            Action::Record,
            Action::Assign,
            Action::Approve,
            Action::AddMember,
            Action::SetPin { own: false },
            Action::ChangeSettings,
            Action::ChangeInbox,
            Action::Triage,
            Action::ManageKeys,
            Action::DecideErasure,
            Action::ConfirmCopy,
        ]
        .into_iter()
        .find(|a| a.as_str() == code)
    }

    pub const ALL: [Action; 5] = [
        Action::Preview,
        Action::FullPlayback,
        Action::FurtherUse,
        Action::SubjectAccess,
        Action::Delete,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            Action::Preview => "preview",
            Action::FullPlayback => "full_playback",
            Action::FurtherUse => "further_use",
            Action::SubjectAccess => "subject_access",
            Action::Delete => "delete",
            Action::Letter => "letter",
            Action::Record => "record",
            Action::Assign => "assign",
            Action::Approve => "approve",
            Action::AddMember => "team_add",
            Action::SetPin { .. } => "team_pin",
            Action::ChangeSettings => "settings",
            Action::ChangeInbox => "inbox",
            Action::Triage => "triage",
            Action::ManageKeys => "keys",
            Action::DecideErasure => "decide_erasure",
            Action::ConfirmCopy => "copy_confirm",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Action::Preview => "preview",
            Action::FullPlayback => "full playback",
            Action::FurtherUse => "further use",
            Action::SubjectAccess => "subject access",
            Action::Delete => "deletion",
            Action::Letter => "a letter",
            Action::Record => "recording a decision",
            Action::Assign => "assigning the item",
            Action::Approve => "approval",
            Action::AddMember => "adding a team member",
            Action::SetPin { own: true } => "setting your PIN",
            Action::SetPin { own: false } => "setting another member's PIN",
            Action::ChangeSettings => "changing the settings",
            Action::ChangeInbox => "setting the inbox",
            Action::Triage => "handling a request to the team leaders",
            Action::ManageKeys => "managing the store's keys",
            Action::DecideErasure => "deciding an erasure request",
            Action::ConfirmCopy => "confirming a copy's deletion",
        }
    }

    /// Whether the action concerns one item (and so is refused once the item is deleted); the
    /// others concern the team or the store, or (confirming a copy's deletion) outlive the item.
    pub fn concerns_item(&self) -> bool {
        !matches!(
            self,
            Action::ConfirmCopy
                | Action::AddMember
                | Action::SetPin { .. }
                | Action::ChangeSettings
                | Action::ChangeInbox
                | Action::ManageKeys
        )
    }

    /// [`Action::label`] in Dutch or English.
    pub fn text(&self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, a) => a.label(),
            (Lang::Nl, Action::Preview) => "fragment",
            (Lang::Nl, Action::FullPlayback) => "volledig afspelen",
            (Lang::Nl, Action::FurtherUse) => "verder gebruik",
            (Lang::Nl, Action::SubjectAccess) => "inzage door een betrokkene",
            (Lang::Nl, Action::Delete) => "vernietiging",
            (Lang::Nl, Action::Letter) => "een brief",
            (Lang::Nl, Action::Record) => "een besluit vastleggen",
            (Lang::Nl, Action::Assign) => "het item toewijzen",
            (Lang::Nl, Action::Approve) => "akkoord geven",
            (Lang::Nl, Action::AddMember) => "een teamlid toevoegen",
            (Lang::Nl, Action::SetPin { own: true }) => "je pincode instellen",
            (Lang::Nl, Action::SetPin { own: false }) => {
                "de pincode van een ander teamlid instellen"
            }
            (Lang::Nl, Action::ChangeSettings) => "de instellingen wijzigen",
            (Lang::Nl, Action::ChangeInbox) => "de inbox instellen",
            (Lang::Nl, Action::Triage) => "een verzoek aan de teamleiders afhandelen",
            (Lang::Nl, Action::ManageKeys) => "de sleutels van de opslag beheren",
            (Lang::Nl, Action::DecideErasure) => "beslissen op een verzoek om wissing",
            (Lang::Nl, Action::ConfirmCopy) => "de vernietiging van een kopie bevestigen",
        }
    }
}

/// What the gate needs to know about an item.
#[derive(Debug, Clone, Default)]
pub struct ItemFacts {
    pub deleted: bool,
    pub metadata: Metadata,
    /// Normalised names of the subjects for whom a notification decision is logged and still
    /// holds (a child told through a parent counts only while that parent's last decision is a
    /// notification).
    pub decided: Vec<String>,
    /// Subjects whose last decision is an exception past its review date, with that date: the
    /// exception no longer allows further use until renewed or replaced by a notification.
    pub past_review: Vec<(String, Option<chrono::NaiveDate>)>,
    /// Subjects told by letter whose time to reply has not run out, with its last day: further
    /// use waits for their answer (unless a lead approves going ahead).
    pub reply_running: Vec<(String, chrono::NaiveDate)>,
    /// Open complaints about the item (their numbers): further use waits for their decision
    /// (unless a lead approves going ahead).
    pub open_complaints: Vec<i64>,
    /// Open access requests about the item (number, and the day they are due): deleting it
    /// waits for them (unless a reason is given and the deletion's approver approves it).
    pub open_access_requests: Vec<(i64, chrono::NaiveDate)>,
    /// Whether any further use has been recorded.
    pub used: bool,
    /// Milliseconds of preview debited so far (open previews count in full).
    pub preview_used_ms: u64,
    pub preview_cap_ms: u64,
}

impl ItemFacts {
    pub fn described(&self) -> bool {
        self.metadata
            .sender
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
            && !self.metadata.subjects.is_empty()
            && self
                .metadata
                .purpose
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
    }

    /// Subjects (everyone on the recording but the sender) still waiting for a notification
    /// decision.
    pub fn pending_notifications(&self) -> Vec<String> {
        self.metadata
            .subjects_to_notify()
            .into_iter()
            .filter(|p| !self.decided.contains(&normalise_name(&p.name)))
            .map(|p| p.name.clone())
            .collect()
    }

    pub fn stage(&self) -> Stage {
        if self.deleted {
            Stage::Deleted
        } else if self.used {
            Stage::Used
        } else if !self.described() {
            Stage::Received
        } else if self.pending_notifications().is_empty() {
            Stage::NotificationDecided
        } else {
            Stage::Described
        }
    }

    pub fn preview_left_ms(&self) -> u64 {
        self.preview_cap_ms.saturating_sub(self.preview_used_ms)
    }
}

/// Who oversees an action: the lead supervising a preview, the lead approving an access or a
/// deletion. Identity (a PIN, or an approval from the lead's own session) is checked before
/// this.
#[derive(Debug, Clone, Copy, Default)]
pub struct Oversight<'a> {
    pub supervisor: Option<&'a User>,
    pub approver: Option<&'a User>,
    /// How many team leaders the team has besides the acting user: with none, a lead's own
    /// preview, exception, deletion or downgrade waits for a second lead to be added.
    pub other_leads: usize,
    /// A deletion goes ahead although a subject's access request is open: a reason was given,
    /// and the approver approves exactly that (the store logs it).
    pub despite_access_request: bool,
}

/// One thing that stands between a user and an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Missing {
    Deleted,
    Supervisor,
    SupervisorNotLead {
        name: String,
    },
    PreviewAllowanceUsed {
        cap_s: u64,
    },
    Sender,
    Subject,
    Purpose,
    /// The legal basis for processing it (AVG art. 6) is not recorded: nothing goes out
    /// without one.
    LegalBasis,
    /// The team's purpose in processing it is not one real sentence (at least
    /// [`MIN_PURPOSE_CHARS`] characters, not only punctuation).
    ProcessingPurpose,
    NotificationDecision {
        subject: String,
    },
    Approval,
    ApproverNotLead {
        name: String,
    },
    /// Four eyes: `name`, a team leader, would supervise or approve their own action; another
    /// lead must. `only_lead`: the team has no other lead yet.
    FourEyes {
        name: String,
        only_lead: bool,
    },
    /// The user is not a team leader, and only one can assign items.
    LeadAssigns,
    /// The user is not a team leader, and only one can add team members.
    LeadAddsMembers,
    /// The user is not a team leader, and only one can set another member's PIN.
    LeadSetsPins,
    /// A team leader's PIN is set by that leader only: whoever knew it could approve as them.
    OwnPinOnly {
        name: String,
    },
    /// The user is not a team leader, and only one can change the settings.
    LeadChangesSettings,
    /// The user is not a team leader, and only one can set the drop folder.
    LeadSetsInbox,
    /// The user is not a team leader, and only one can resolve or dismiss a request to them.
    LeadTriages,
    /// The user is not a team leader, and only one can rotate or retire the store's keys.
    LeadManagesKeys,
    /// The user is not a team leader, and only one can decide an erasure request.
    LeadDecidesErasure,
    /// The lead named to approve that a complaint is not one registered it or handles its
    /// item: the complainant's case is judged by someone not involved (Awb 9:7).
    ApproverInvolved {
        name: String,
        /// They registered the complaint (else: they handle its item).
        registered: bool,
    },
    /// The exception to telling `subject` is past its review date (or has none): it must be
    /// renewed with a new approval, or the subject notified.
    ExceptionPastReview {
        subject: String,
        review_on: Option<String>,
    },
    /// `subject` was told by letter and may reply until `until`: further use waits for that
    /// (AVG art. 14 and Awb 4:8: heard before a decision about them), or for a lead's approval
    /// to go ahead, with a reason.
    ReplyPeriod {
        subject: String,
        until: String,
    },
    /// A complaint about the item is open: further use waits for its decision, or for a lead's
    /// approval to go ahead, with a reason.
    OpenComplaint {
        complaint: i64,
    },
    /// A subject's request for access to the recording is open (answered by `due`): deleting
    /// it now would take from them what they asked for, unless a reason to go ahead is given
    /// and the deletion's approver approves it.
    OpenAccessRequest {
        request: i64,
        due: String,
    },
    /// A copy's deletion is confirmed in `name`'s name by someone else: only with `name`'s
    /// approval (their PIN, or their answer from their own session).
    CopyOwnerApproval {
        name: String,
    },
    /// `name` would decide complaint `complaint` but was involved in the conduct it is about
    /// (Awb art. 9:7): they listened to its recording, described it, or approved a decision
    /// about it. Only with a written reason (`--involved-override-reason`).
    HandlerInvolved {
        name: String,
        complaint: i64,
        how: Involvement,
    },
}

/// How a team member was involved with a recording (for Awb art. 9:7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Involvement {
    /// They listened to it (a preview or full playback).
    Listened,
    /// They described it (sender, subjects, purpose).
    Described,
    /// They approved a decision about it (an exception, an override, a deletion, a request).
    Approved,
}

impl Missing {
    /// A stable code without personal data, for the audit log.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// Whether this is about the user's role alone (so its sentence says everything: what only
    /// a team leader may do, and whom to ask).
    pub fn is_role(&self) -> bool {
        self.kind().is_role()
    }

    /// What the audit log keeps of this: its kind, without names or numbers.
    pub fn kind(&self) -> MissingCode {
        match self {
            Missing::Deleted => MissingCode::Deleted,
            Missing::Supervisor => MissingCode::Supervisor,
            Missing::SupervisorNotLead { .. } => MissingCode::SupervisorNotLead,
            Missing::PreviewAllowanceUsed { .. } => MissingCode::PreviewAllowanceUsed,
            Missing::Sender => MissingCode::Sender,
            Missing::Subject => MissingCode::Subject,
            Missing::Purpose => MissingCode::Purpose,
            Missing::LegalBasis => MissingCode::LegalBasis,
            Missing::ProcessingPurpose => MissingCode::ProcessingPurpose,
            Missing::NotificationDecision { .. } => MissingCode::NotificationDecision,
            Missing::Approval => MissingCode::Approval,
            Missing::ApproverNotLead { .. } => MissingCode::ApproverNotLead,
            Missing::FourEyes { .. } => MissingCode::FourEyes,
            Missing::LeadAssigns => MissingCode::LeadAssigns,
            Missing::LeadAddsMembers => MissingCode::LeadAddsMembers,
            Missing::LeadSetsPins => MissingCode::LeadSetsPins,
            Missing::OwnPinOnly { .. } => MissingCode::OwnPinOnly,
            Missing::LeadChangesSettings => MissingCode::LeadChangesSettings,
            Missing::LeadSetsInbox => MissingCode::LeadSetsInbox,
            Missing::LeadTriages => MissingCode::LeadTriages,
            Missing::LeadManagesKeys => MissingCode::LeadManagesKeys,
            Missing::LeadDecidesErasure => MissingCode::LeadDecidesErasure,
            Missing::ApproverInvolved { .. } => MissingCode::ApproverInvolved,
            Missing::ExceptionPastReview { .. } => MissingCode::ExceptionPastReview,
            Missing::ReplyPeriod { .. } => MissingCode::ReplyPeriod,
            Missing::OpenComplaint { .. } => MissingCode::OpenComplaint,
            Missing::OpenAccessRequest { .. } => MissingCode::OpenAccessRequest,
            Missing::CopyOwnerApproval { .. } => MissingCode::CopyOwnerApproval,
            Missing::HandlerInvolved { .. } => MissingCode::HandlerInvolved,
        }
    }
}

/// The kind of a [`Missing`], as a refusal in the audit log records it (no personal data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingCode {
    Deleted,
    Supervisor,
    SupervisorNotLead,
    PreviewAllowanceUsed,
    Sender,
    Subject,
    Purpose,
    LegalBasis,
    ProcessingPurpose,
    NotificationDecision,
    Approval,
    ApproverNotLead,
    FourEyes,
    LeadAssigns,
    LeadAddsMembers,
    LeadSetsPins,
    OwnPinOnly,
    LeadChangesSettings,
    LeadSetsInbox,
    LeadTriages,
    LeadManagesKeys,
    LeadDecidesErasure,
    ApproverInvolved,
    ExceptionPastReview,
    ReplyPeriod,
    OpenComplaint,
    OpenAccessRequest,
    CopyOwnerApproval,
    HandlerInvolved,
}

/// Decides whether `user` may perform `action` on the item now.
///
/// ```
/// use earshot_core::gate::{check, Action, ItemFacts, Missing, Oversight};
/// use earshot_core::model::{Role, User};
/// let fresh = ItemFacts { preview_cap_ms: 20_000, ..Default::default() };
/// let worker = User::new("wim", Role::Worker);
/// let missing = check(Action::FullPlayback, &fresh, &worker, Oversight::default()).unwrap_err();
/// assert_eq!(missing, vec![Missing::Sender, Missing::Subject, Missing::Purpose]);
/// ```
pub fn check(
    action: Action,
    item: &ItemFacts,
    user: &User,
    oversight: Oversight<'_>,
) -> Result<(), Vec<Missing>> {
    if item.deleted && action.concerns_item() {
        return Err(vec![Missing::Deleted]);
    }
    let mut missing = Vec::new();
    match action {
        Action::Preview => {
            match oversight.supervisor {
                // Four eyes: a lead's own preview needs another lead.
                None if user.is_lead() => missing.push(four_eyes(user, oversight.other_leads)),
                Some(s) if s.name == user.name && s.is_lead() => {
                    missing.push(four_eyes(user, oversight.other_leads))
                }
                None => missing.push(Missing::Supervisor),
                Some(s) if !s.is_lead() => missing.push(Missing::SupervisorNotLead {
                    name: s.name.clone(),
                }),
                Some(_) => {}
            }
            if item.preview_left_ms() == 0 {
                missing.push(Missing::PreviewAllowanceUsed {
                    cap_s: item.preview_cap_ms / 1000,
                });
            }
        }
        Action::FullPlayback => missing_metadata(item, &mut missing),
        Action::FurtherUse => {
            missing_metadata(item, &mut missing);
            missing_grounds(item, &mut missing);
            for subject in item.pending_notifications() {
                missing.push(Missing::NotificationDecision { subject });
            }
            for (subject, review_on) in &item.past_review {
                missing.push(Missing::ExceptionPastReview {
                    subject: subject.clone(),
                    review_on: review_on.map(|d| d.to_string()),
                });
            }
            // Waiting for the people concerned: a reply still due, a complaint undecided. Only
            // a lead other than the user can decide not to wait (and the store logs why).
            let waiting: Vec<Missing> = item
                .reply_running
                .iter()
                .map(|(subject, until)| Missing::ReplyPeriod {
                    subject: subject.clone(),
                    until: until.to_string(),
                })
                .chain(
                    item.open_complaints
                        .iter()
                        .map(|&complaint| Missing::OpenComplaint { complaint }),
                )
                .collect();
            if !waiting.is_empty() {
                match oversight.approver {
                    None => missing.extend(waiting),
                    Some(_) => {
                        if let Err(m) = approval(user, oversight.approver, oversight.other_leads) {
                            missing.push(m);
                        }
                    }
                }
            }
        }
        // Subject access and deletion never depend on the stage (nor on anyone's consent):
        // only on a lead's approval. A lead may grant a subject access themself (a right with a
        // deadline, which must not wait for a second lead); a deletion takes four eyes.
        Action::SubjectAccess => match oversight.approver {
            None if user.is_lead() => {}
            None => missing.push(Missing::Approval),
            Some(a) if !a.is_lead() => missing.push(Missing::ApproverNotLead {
                name: a.name.clone(),
            }),
            Some(_) => {}
        },
        Action::Delete | Action::Approve => {
            if let Err(m) = approval(user, oversight.approver, oversight.other_leads) {
                missing.push(m);
            }
            if action == Action::Delete && !oversight.despite_access_request {
                missing.extend(item.open_access_requests.iter().map(|(request, due)| {
                    Missing::OpenAccessRequest {
                        request: *request,
                        due: due.to_string(),
                    }
                }));
            }
        }
        Action::Record => {}
        Action::Letter => missing_grounds(item, &mut missing),
        Action::Assign => lead_only(user, Missing::LeadAssigns, &mut missing),
        Action::AddMember => lead_only(user, Missing::LeadAddsMembers, &mut missing),
        Action::SetPin { own: true } => {}
        Action::SetPin { own: false } => lead_only(user, Missing::LeadSetsPins, &mut missing),
        Action::ChangeSettings => lead_only(user, Missing::LeadChangesSettings, &mut missing),
        Action::ChangeInbox => lead_only(user, Missing::LeadSetsInbox, &mut missing),
        Action::Triage => lead_only(user, Missing::LeadTriages, &mut missing),
        Action::ManageKeys => lead_only(user, Missing::LeadManagesKeys, &mut missing),
        Action::DecideErasure => lead_only(user, Missing::LeadDecidesErasure, &mut missing),
        // Whose word it is, not the item's state: see `copy_confirmation`.
        Action::ConfirmCopy => {}
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// Decides an action that concerns no item (the team, the settings): [`check`] without item
/// facts.
pub fn check_team(action: Action, user: &User) -> Result<(), Vec<Missing>> {
    check(action, &ItemFacts::default(), user, Oversight::default())
}

/// Adding a member: only a lead adds, and a new lead comes without a PIN (they set their own,
/// in their own session; one chosen by the lead who added them would let that lead approve as
/// them).
pub fn check_add_member(
    user: &User,
    name: &str,
    lead: bool,
    with_pin: bool,
) -> Result<(), Vec<Missing>> {
    check_team(Action::AddMember, user)?;
    if lead && with_pin {
        return Err(vec![Missing::OwnPinOnly {
            name: name.to_string(),
        }]);
    }
    Ok(())
}

/// Setting `target`'s PIN: a lead sets a worker's; a lead's PIN only that lead sets (four
/// eyes: a PIN another lead chose would let them approve as its owner).
pub fn check_set_pin(user: &User, target: &User) -> Result<(), Vec<Missing>> {
    let own = user.name == target.name;
    check_team(Action::SetPin { own }, user)?;
    if !own && target.is_lead() {
        return Err(vec![Missing::OwnPinOnly {
            name: target.name.clone(),
        }]);
    }
    Ok(())
}

fn lead_only(user: &User, why: Missing, missing: &mut Vec<Missing>) {
    if !user.is_lead() {
        missing.push(why);
    }
}

/// A lead's approval ([`Action::Approve`] on its own): the approver given must be a lead, and
/// never the user themself (four eyes: a lead's own exception, deletion or downgrade needs
/// another lead, of whom the team has `other_leads` besides the user).
pub fn approval(user: &User, approver: Option<&User>, other_leads: usize) -> Result<(), Missing> {
    match approver {
        None if user.is_lead() => Err(four_eyes(user, other_leads)),
        Some(a) if a.name == user.name && a.is_lead() => Err(four_eyes(user, other_leads)),
        None => Err(Missing::Approval),
        Some(a) if !a.is_lead() => Err(Missing::ApproverNotLead {
            name: a.name.clone(),
        }),
        Some(_) => Ok(()),
    }
}

/// Confirming, as `user`, that a copy outside the store was deleted by `confirmer`: anyone
/// for themself; for another member only with that member's approval (`approved`: their PIN
/// was checked, or they approved the request from their own session). A lead is no exception:
/// the confirmation is the confirmer's word, not a lead's.
pub fn copy_confirmation(
    user: &User,
    confirmer: &User,
    approved: bool,
) -> Result<(), Vec<Missing>> {
    if user.name == confirmer.name || approved {
        Ok(())
    } else {
        Err(vec![Missing::CopyOwnerApproval {
            name: confirmer.name.clone(),
        }])
    }
}

/// Whether `approver` may decide, for `user`, that a complaint is not one (an information
/// request): a team leader other than the user, as every approval, and besides neither whoever
/// registered the complaint nor whoever handles its item.
pub fn downgrade_approval(
    user: &User,
    approver: Option<&User>,
    other_leads: usize,
    registered_by: &str,
    handler: Option<&str>,
) -> Result<(), Missing> {
    approval(user, approver, other_leads)?;
    let Some(a) = approver else {
        return Err(Missing::Approval);
    };
    if a.name == registered_by {
        return Err(Missing::ApproverInvolved {
            name: a.name.clone(),
            registered: true,
        });
    }
    if handler == Some(a.name.as_str()) {
        return Err(Missing::ApproverInvolved {
            name: a.name.clone(),
            registered: false,
        });
    }
    Ok(())
}

/// Whether changing setting `key` from `old` to `new` widens access to recordings (a longer
/// preview allowance): such a change needs another lead's approval, like [`approval`].
pub fn setting_widens_access(key: &str, old: u64, new: u64) -> bool {
    key == "preview_cap_s" && new > old
}

fn four_eyes(user: &User, other_leads: usize) -> Missing {
    Missing::FourEyes {
        name: user.name.clone(),
        only_lead: other_leads == 0,
    }
}

/// The shortest team purpose taken for a sentence.
pub const MIN_PURPOSE_CHARS: usize = 15;

/// Whether `s` says something: at least `min` characters, and more letters and digits than
/// a row of dots or dashes has.
pub fn is_sentence(s: &str, min: usize) -> bool {
    let t = s.trim();
    t.chars().count() >= min && t.chars().filter(|c| c.is_alphanumeric()).count() * 2 >= min
}

/// What must be on record before anything about the item goes out (a use, a letter): a legal
/// basis, and the team's own purpose in a sentence.
pub fn missing_grounds(item: &ItemFacts, missing: &mut Vec<Missing>) {
    let m = &item.metadata;
    if !m.legal_basis.as_deref().is_some_and(|b| is_sentence(b, 3)) {
        missing.push(Missing::LegalBasis);
    }
    if !m
        .processing_purpose
        .as_deref()
        .is_some_and(|p| is_sentence(p, MIN_PURPOSE_CHARS))
    {
        missing.push(Missing::ProcessingPurpose);
    }
}

fn missing_metadata(item: &ItemFacts, missing: &mut Vec<Missing>) {
    let m = &item.metadata;
    if m.sender.as_deref().is_none_or(|s| s.trim().is_empty()) {
        missing.push(Missing::Sender);
    }
    if m.subjects.is_empty() {
        missing.push(Missing::Subject);
    }
    if m.purpose.as_deref().is_none_or(|s| s.trim().is_empty()) {
        missing.push(Missing::Purpose);
    }
}

/// The answer for every action at once, as `show` and the item screen present it: what the
/// user may do with nobody overseeing, so a worker needs a lead to supervise and approve, and a
/// lead needs another lead (of whom the team has `other_leads`) for those, except a subject
/// access.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GateReport {
    pub preview: bool,
    pub full_playback: bool,
    pub further_use: bool,
    pub subject_access: bool,
    pub delete: bool,
    /// One line per missing thing, prefixed with the action it blocks.
    pub missing: Vec<String>,
    #[serde(skip)]
    pub details: Vec<(Action, Vec<Missing>)>,
}

pub fn report(item: &ItemFacts, user: &User, other_leads: usize) -> GateReport {
    let mut r = GateReport {
        preview: false,
        full_playback: false,
        further_use: false,
        subject_access: false,
        delete: false,
        missing: Vec::new(),
        details: Vec::new(),
    };
    for action in Action::ALL {
        let o = Oversight {
            other_leads,
            ..Oversight::default()
        };
        let res = check(action, item, user, o);
        let ok = res.is_ok();
        match action {
            Action::Preview => r.preview = ok,
            Action::FullPlayback => r.full_playback = ok,
            Action::FurtherUse => r.further_use = ok,
            Action::SubjectAccess => r.subject_access = ok,
            Action::Delete => r.delete = ok,
            _ => {}
        }
        if let Err(missing) = res {
            for m in &missing {
                r.missing.push(format!("{}: {m}", action.label()));
            }
            r.details.push((action, missing));
        }
    }
    r
}

#[cfg(test)]
mod tests;
mod words;
