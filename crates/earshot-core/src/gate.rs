//! The gate: for an item and a user, which actions are allowed, and for each refused action
//! exactly what is missing, in words a worker understands.
//!
//! This is the single place where the workflow's rules live: the stage rules (what must be
//! recorded before what) and the role rules (what only a team leader may do: assign, approve,
//! manage the team and the settings). The store calls it before every access and every such
//! change and refuses (and logs) what it forbids, so no front end can go around it.

use std::fmt;

use serde::Serialize;

use super::model::{Metadata, Stage, User, normalise_name};

/// Preview allowance per item unless a lead sets another (seconds).
pub const DEFAULT_PREVIEW_CAP_S: u64 = 20;
/// The highest preview allowance a lead may set (seconds).
pub const MAX_PREVIEW_CAP_S: u64 = 60;

/// The things one can do with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Preview,
    FullPlayback,
    FurtherUse,
    SubjectAccess,
    Delete,
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
    /// Changing one of the store's settings (team leaders only). Not about an item.
    ChangeSettings,
    /// Setting or unsetting the drop folder (team leaders only). Not about an item.
    ChangeInbox,
}

impl Action {
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
            Action::Record => "record",
            Action::Assign => "assign",
            Action::Approve => "approve",
            Action::AddMember => "team_add",
            Action::SetPin { .. } => "team_pin",
            Action::ChangeSettings => "settings",
            Action::ChangeInbox => "inbox",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Action::Preview => "preview",
            Action::FullPlayback => "full playback",
            Action::FurtherUse => "further use",
            Action::SubjectAccess => "subject access",
            Action::Delete => "deletion",
            Action::Record => "recording a decision",
            Action::Assign => "assigning the item",
            Action::Approve => "approval",
            Action::AddMember => "adding a team member",
            Action::SetPin { own: true } => "setting your PIN",
            Action::SetPin { own: false } => "setting another member's PIN",
            Action::ChangeSettings => "changing the settings",
            Action::ChangeInbox => "setting the inbox",
        }
    }

    /// Whether the action concerns one item (and so is refused once the item is deleted); the
    /// others concern the team or the store.
    pub fn concerns_item(&self) -> bool {
        !matches!(
            self,
            Action::AddMember
                | Action::SetPin { .. }
                | Action::ChangeSettings
                | Action::ChangeInbox
        )
    }
}

/// What the gate needs to know about an item.
#[derive(Debug, Clone, Default)]
pub struct ItemFacts {
    pub deleted: bool,
    pub metadata: Metadata,
    /// Normalised names of the parents for whom a notification decision is logged.
    pub decided: Vec<String>,
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

    /// Parents (other than the sender) still waiting for a notification decision.
    pub fn pending_notifications(&self) -> Vec<String> {
        self.metadata
            .parents_to_notify()
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
/// deletion. Identity (and a PIN, when it is not the acting user) is checked before this.
#[derive(Debug, Clone, Copy, Default)]
pub struct Oversight<'a> {
    pub supervisor: Option<&'a User>,
    pub approver: Option<&'a User>,
}

/// One thing that stands between a user and an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    NotificationDecision {
        subject: String,
    },
    Approval,
    ApproverNotLead {
        name: String,
    },
    /// The user is not a team leader, and only one can assign items.
    LeadAssigns,
    /// The user is not a team leader, and only one can add team members.
    LeadAddsMembers,
    /// The user is not a team leader, and only one can set another member's PIN.
    LeadSetsPins,
    /// The user is not a team leader, and only one can change the settings.
    LeadChangesSettings,
    /// The user is not a team leader, and only one can set the drop folder.
    LeadSetsInbox,
}

impl Missing {
    /// A stable code without personal data, for the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Missing::Deleted => "deleted",
            Missing::Supervisor => "supervisor",
            Missing::SupervisorNotLead { .. } => "supervisor_not_lead",
            Missing::PreviewAllowanceUsed { .. } => "preview_allowance_used",
            Missing::Sender => "sender",
            Missing::Subject => "subject",
            Missing::Purpose => "purpose",
            Missing::NotificationDecision { .. } => "notification_decision",
            Missing::Approval => "approval",
            Missing::ApproverNotLead { .. } => "approver_not_lead",
            Missing::LeadAssigns => "lead_assigns",
            Missing::LeadAddsMembers => "lead_adds_members",
            Missing::LeadSetsPins => "lead_sets_pins",
            Missing::LeadChangesSettings => "lead_changes_settings",
            Missing::LeadSetsInbox => "lead_sets_inbox",
        }
    }

    /// Whether this is about the user's role alone (so its sentence says everything: what only
    /// a team leader may do, and whom to ask).
    pub fn is_role(&self) -> bool {
        matches!(
            self,
            Missing::LeadAssigns
                | Missing::LeadAddsMembers
                | Missing::LeadSetsPins
                | Missing::LeadChangesSettings
                | Missing::LeadSetsInbox
        )
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Deleted => write!(f, "the recording has been deleted; only reports remain"),
            Missing::Supervisor => write!(
                f,
                "a team leader must supervise a preview (name one with --supervisor)"
            ),
            Missing::SupervisorNotLead { name } => write!(
                f,
                "{name} is not a team leader, so cannot supervise a preview"
            ),
            Missing::PreviewAllowanceUsed { cap_s } => write!(
                f,
                "the preview allowance of {cap_s} s for this recording is used up; record the \
                 metadata (sender, subjects, purpose) to unlock full playback"
            ),
            Missing::Sender => write!(f, "who sent the recording (the sender) is not recorded"),
            Missing::Subject => write!(f, "no person on the recording (a subject) is recorded"),
            Missing::Purpose => write!(
                f,
                "the sender's stated reason for sending it (purpose) is not recorded"
            ),
            Missing::NotificationDecision { subject } => write!(
                f,
                "no decision is logged about notifying {subject} (parent): record that they were \
                 notified, or an exception approved by a team leader"
            ),
            Missing::Approval => write!(
                f,
                "this needs a team leader's approval: ask a team leader and name them with \
                 --approved-by"
            ),
            Missing::ApproverNotLead { name } => write!(
                f,
                "{name} is not a team leader, so cannot approve this; ask a team leader to \
                 approve it"
            ),
            Missing::LeadAssigns => write!(
                f,
                "only a team leader can assign items; ask a team leader to assign it, or escalate \
                 it to them"
            ),
            Missing::LeadAddsMembers => write!(
                f,
                "only a team leader can add team members; ask a team leader to add them"
            ),
            Missing::LeadSetsPins => write!(
                f,
                "only a team leader can set another member's PIN; ask a team leader to set it"
            ),
            Missing::LeadChangesSettings => write!(
                f,
                "only a team leader can change the settings; ask a team leader to change them"
            ),
            Missing::LeadSetsInbox => write!(
                f,
                "only a team leader can set the inbox (the drop folder); ask a team leader to \
                 set it"
            ),
        }
    }
}

impl Missing {
    /// The same sentence in Dutch or English.
    pub fn text(&self, lang: super::lang::Lang) -> String {
        use super::lang::Lang;
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Missing::Deleted => "de opname is vernietigd; alleen de verslagen zijn er nog".into(),
            Missing::Supervisor => "een teamleider moet meeluisteren bij een fragment".into(),
            Missing::SupervisorNotLead { name } => {
                format!("{name} is geen teamleider en kan dus niet meeluisteren")
            }
            Missing::PreviewAllowanceUsed { cap_s } => format!(
                "de {cap_s} s voor fragmenten van deze opname zijn op; leg de gegevens vast \
                 (afzender, betrokkenen, doel) om alles te kunnen beluisteren"
            ),
            Missing::Sender => "wie de opname stuurde (de afzender) is niet vastgelegd".into(),
            Missing::Subject => "er is nog niemand op de opname (betrokkene) vastgelegd".into(),
            Missing::Purpose => {
                "waarom de afzender de opname stuurde (doel) is niet vastgelegd".into()
            }
            Missing::NotificationDecision { subject } => format!(
                "er is geen besluit vastgelegd over het informeren van {subject} (ouder): leg \
                 vast dat die is geïnformeerd, of een uitzondering met akkoord van een teamleider"
            ),
            Missing::Approval => {
                "een teamleider moet hiervoor akkoord geven; vraag een teamleider erom".into()
            }
            Missing::ApproverNotLead { name } => format!(
                "{name} is geen teamleider en kan dus geen akkoord geven; vraag een teamleider \
                 erom"
            ),
            Missing::LeadAssigns => "alleen een teamleider kan items toewijzen; vraag een \
                                     teamleider om het toe te wijzen, of escaleer het"
                .into(),
            Missing::LeadAddsMembers => "alleen een teamleider kan teamleden toevoegen; vraag \
                                         een teamleider om ze toe te voegen"
                .into(),
            Missing::LeadSetsPins => "alleen een teamleider kan de pincode van een ander \
                                      instellen; vraag een teamleider om die in te stellen"
                .into(),
            Missing::LeadChangesSettings => "alleen een teamleider kan de instellingen wijzigen; \
                                             vraag een teamleider om ze te wijzigen"
                .into(),
            Missing::LeadSetsInbox => "alleen een teamleider kan de inbox (de aflevermap) \
                                       instellen; vraag een teamleider om die in te stellen"
                .into(),
        }
    }
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
                None if user.is_lead() => {}
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
            for subject in item.pending_notifications() {
                missing.push(Missing::NotificationDecision { subject });
            }
        }
        // Subject access and deletion never depend on the stage (nor on anyone's consent):
        // only on a lead's approval.
        Action::SubjectAccess | Action::Delete => {
            if let Err(m) = approval(user, oversight.approver) {
                missing.push(m);
            }
        }
        Action::Record => {}
        Action::Approve => {
            if let Err(m) = approval(user, oversight.approver) {
                missing.push(m);
            }
        }
        Action::Assign => lead_only(user, Missing::LeadAssigns, &mut missing),
        Action::AddMember => lead_only(user, Missing::LeadAddsMembers, &mut missing),
        Action::SetPin { own: true } => {}
        Action::SetPin { own: false } => lead_only(user, Missing::LeadSetsPins, &mut missing),
        Action::ChangeSettings => lead_only(user, Missing::LeadChangesSettings, &mut missing),
        Action::ChangeInbox => lead_only(user, Missing::LeadSetsInbox, &mut missing),
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

fn lead_only(user: &User, why: Missing, missing: &mut Vec<Missing>) {
    if !user.is_lead() {
        missing.push(why);
    }
}

/// A lead's approval ([`Action::Approve`] on its own): the approver given must be a lead;
/// without one, the user must be a lead.
pub fn approval(user: &User, approver: Option<&User>) -> Result<(), Missing> {
    match approver {
        None if user.is_lead() => Ok(()),
        None => Err(Missing::Approval),
        Some(a) if !a.is_lead() => Err(Missing::ApproverNotLead {
            name: a.name.clone(),
        }),
        Some(_) => Ok(()),
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

/// The answer for every action at once, as `show` and the item screen present it. A lead is
/// taken to supervise and approve for themselves; a worker needs a lead for those.
#[derive(Debug, Clone, Serialize)]
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

pub fn report(item: &ItemFacts, user: &User) -> GateReport {
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
        let res = check(action, item, user, Oversight::default());
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
mod tests {
    use super::*;
    use crate::model::{Person, PersonRole, Role};

    fn lead() -> User {
        User::new("lea", Role::Lead)
    }
    fn worker() -> User {
        User::new("wim", Role::Worker)
    }

    fn described() -> Metadata {
        Metadata {
            sender: Some("Jan".into()),
            subjects: vec![
                Person {
                    name: "Maria".into(),
                    role: PersonRole::Parent,
                },
                Person {
                    name: "Sam".into(),
                    role: PersonRole::Child,
                },
            ],
            purpose: Some("wants the team to hear the arguments".into()),
            ..Default::default()
        }
    }

    /// An item in each stage, with preview allowance left.
    fn at(stage: Stage) -> ItemFacts {
        let mut f = ItemFacts {
            preview_cap_ms: 20_000,
            preview_used_ms: 5_000,
            ..Default::default()
        };
        match stage {
            Stage::Received => {}
            Stage::Described => f.metadata = described(),
            Stage::NotificationDecided => {
                f.metadata = described();
                f.decided = vec!["maria".into()];
            }
            Stage::Used => {
                f.metadata = described();
                f.decided = vec!["maria".into()];
                f.used = true;
            }
            Stage::Deleted => {
                f.metadata = described();
                f.decided = vec!["maria".into()];
                f.used = true;
                f.deleted = true;
            }
        }
        assert_eq!(f.stage(), stage);
        f
    }

    const STAGES: [Stage; 5] = [
        Stage::Received,
        Stage::Described,
        Stage::NotificationDecided,
        Stage::Used,
        Stage::Deleted,
    ];

    /// The expected answer with no oversight given, per stage, role and action.
    fn expected(stage: Stage, role: Role, action: Action) -> Result<(), Vec<&'static str>> {
        use Action::*;
        if stage == Stage::Deleted {
            return Err(vec!["deleted"]);
        }
        let lead = role == Role::Lead;
        let described = stage != Stage::Received;
        let decided = matches!(stage, Stage::NotificationDecided | Stage::Used);
        let r = match action {
            Preview if lead => vec![],
            Preview => vec!["supervisor"],
            FullPlayback if described => vec![],
            FullPlayback => vec!["sender", "subject", "purpose"],
            FurtherUse if decided => vec![],
            FurtherUse if described => vec!["notification_decision"],
            FurtherUse => vec!["sender", "subject", "purpose"],
            SubjectAccess | Delete if lead => vec![],
            SubjectAccess | Delete => vec!["approval"],
            Record => vec![],
            Assign | Approve | AddMember | SetPin { .. } | ChangeSettings | ChangeInbox => {
                unreachable!("the role actions have their own table")
            }
        };
        if r.is_empty() { Ok(()) } else { Err(r) }
    }

    #[test]
    fn every_stage_role_and_action() {
        let mut cases = 0;
        for stage in STAGES {
            for user in [lead(), worker()] {
                for action in Action::ALL.into_iter().chain([Action::Record]) {
                    let got = check(action, &at(stage), &user, Oversight::default())
                        .map_err(|m| m.iter().map(Missing::code).collect::<Vec<_>>());
                    assert_eq!(
                        got,
                        expected(stage, user.role, action),
                        "{stage:?} {:?} {action:?}",
                        user.role
                    );
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 60);
    }

    /// The role actions, with what each asks of a worker (a lead may do them all).
    const ROLE_ACTIONS: [(Action, Option<&str>); 7] = [
        (Action::Assign, Some("lead_assigns")),
        (Action::Approve, Some("approval")),
        (Action::AddMember, Some("lead_adds_members")),
        (Action::SetPin { own: false }, Some("lead_sets_pins")),
        (Action::SetPin { own: true }, None),
        (Action::ChangeSettings, Some("lead_changes_settings")),
        (Action::ChangeInbox, Some("lead_sets_inbox")),
    ];

    #[test]
    fn every_role_and_role_action() {
        let mut cases = 0;
        for (action, for_worker) in ROLE_ACTIONS {
            for stage in STAGES {
                for user in [lead(), worker()] {
                    let got = check(action, &at(stage), &user, Oversight::default())
                        .map_err(|m| m.iter().map(Missing::code).collect::<Vec<_>>());
                    let want = if stage == Stage::Deleted && action.concerns_item() {
                        Err(vec!["deleted"])
                    } else {
                        match (user.role, for_worker) {
                            (Role::Worker, Some(code)) => Err(vec![code]),
                            _ => Ok(()),
                        }
                    };
                    assert_eq!(got, want, "{stage:?} {:?} {action:?}", user.role);
                    cases += 1;
                }
            }
            // Without an item, the same answer (and never "deleted").
            let want = match for_worker {
                Some(code) => Err(vec![code]),
                None => Ok(()),
            };
            let got = check_team(action, &worker())
                .map_err(|m| m.iter().map(Missing::code).collect::<Vec<_>>());
            assert_eq!(got, want, "{action:?} without an item");
            assert_eq!(check_team(action, &lead()), Ok(()), "{action:?}");
        }
        assert_eq!(cases, 70);
    }

    #[test]
    fn role_refusals_say_who_to_ask_and_are_the_only_role_reasons() {
        for (action, for_worker) in ROLE_ACTIONS {
            let Err(missing) = check_team(action, &worker()) else {
                assert!(for_worker.is_none());
                continue;
            };
            for m in &missing {
                let en = m.to_string();
                let nl = m.text(crate::lang::Lang::Nl);
                assert!(en.contains("ask a team leader"), "{en}");
                assert!(nl.contains("teamleider") && nl != en, "{nl}");
                assert!(!en.contains("  ") && !nl.contains("  "), "{en} / {nl}");
                assert_eq!(m.is_role(), action != Action::Approve, "{m:?}");
            }
        }
        for m in [Missing::Deleted, Missing::Supervisor, Missing::Sender] {
            assert!(!m.is_role());
        }
    }

    #[test]
    fn approving_takes_a_lead_whoever_acts() {
        let l = lead();
        let w2 = User::new("wendy", Role::Worker);
        let f = at(Stage::Described);
        fn by(approver: Option<&User>) -> Oversight<'_> {
            Oversight {
                supervisor: None,
                approver,
            }
        }
        assert_eq!(check(Action::Approve, &f, &worker(), by(Some(&l))), Ok(()));
        assert_eq!(check(Action::Approve, &f, &l, by(None)), Ok(()));
        let err = check(Action::Approve, &f, &l, by(Some(&w2))).unwrap_err();
        assert_eq!(
            err,
            vec![Missing::ApproverNotLead {
                name: "wendy".into()
            }]
        );
        assert_eq!(
            check(Action::Approve, &f, &worker(), by(None)),
            Err(vec![Missing::Approval])
        );
        // The same rule as `approval`, which the store uses alongside another action.
        for (user, approver) in [(&l, None), (&worker(), None), (&worker(), Some(&w2))] {
            assert_eq!(
                check(Action::Approve, &f, user, by(approver)),
                approval(user, approver).map_err(|m| vec![m])
            );
        }
    }

    #[test]
    fn dutch_texts_have_no_stray_spaces() {
        let all = [
            Missing::PreviewAllowanceUsed { cap_s: 20 },
            Missing::NotificationDecision {
                subject: "Maria".into(),
            },
        ];
        for m in all {
            let nl = m.text(crate::lang::Lang::Nl);
            assert!(!nl.contains("  "), "{nl}");
        }
    }

    #[test]
    fn oversight_by_a_lead_unlocks_for_a_worker_in_every_live_stage() {
        let l = lead();
        let w2 = User::new("wendy", Role::Worker);
        for stage in STAGES {
            let f = at(stage);
            let by_lead = Oversight {
                supervisor: Some(&l),
                approver: Some(&l),
            };
            let by_worker = Oversight {
                supervisor: Some(&w2),
                approver: Some(&w2),
            };
            for action in [Action::Preview, Action::SubjectAccess, Action::Delete] {
                let ok = check(action, &f, &worker(), by_lead);
                let bad = check(action, &f, &worker(), by_worker).unwrap_err();
                if stage == Stage::Deleted {
                    assert_eq!(ok.unwrap_err(), vec![Missing::Deleted]);
                    assert_eq!(bad, vec![Missing::Deleted]);
                } else {
                    assert_eq!(ok, Ok(()), "{stage:?} {action:?}");
                    let code = if action == Action::Preview {
                        "supervisor_not_lead"
                    } else {
                        "approver_not_lead"
                    };
                    assert_eq!(
                        bad.iter().map(Missing::code).collect::<Vec<_>>(),
                        vec![code]
                    );
                    assert!(bad[0].to_string().contains("wendy"));
                }
            }
        }
    }

    #[test]
    fn preview_allowance_is_per_item_and_exhaustible() {
        let mut f = at(Stage::Received);
        f.preview_used_ms = 20_000;
        let err = check(Action::Preview, &f, &lead(), Oversight::default()).unwrap_err();
        assert_eq!(err, vec![Missing::PreviewAllowanceUsed { cap_s: 20 }]);
        f.preview_used_ms = 19_999;
        assert!(check(Action::Preview, &f, &lead(), Oversight::default()).is_ok());
        assert_eq!(f.preview_left_ms(), 1);
        // Over-debited (a crash while previewing) never goes negative.
        f.preview_used_ms = 25_000;
        assert_eq!(f.preview_left_ms(), 0);
    }

    #[test]
    fn preview_stays_available_after_description() {
        let f = at(Stage::Described);
        assert!(check(Action::Preview, &f, &lead(), Oversight::default()).is_ok());
    }

    #[test]
    fn each_missing_field_is_named() {
        let mut f = at(Stage::Described);
        f.metadata.purpose = None;
        let err = check(Action::FullPlayback, &f, &worker(), Oversight::default()).unwrap_err();
        assert_eq!(err, vec![Missing::Purpose]);
        assert!(err[0].to_string().contains("purpose"));
        f.metadata.purpose = Some("x".into());
        f.metadata.sender = Some("  ".into());
        let err = check(Action::FullPlayback, &f, &worker(), Oversight::default()).unwrap_err();
        assert_eq!(err, vec![Missing::Sender]);
    }

    #[test]
    fn further_use_waits_for_every_parent_other_than_the_sender() {
        let mut f = at(Stage::Described);
        f.metadata.subjects.push(Person {
            name: "Jan".into(),
            role: PersonRole::Parent,
        });
        f.metadata.subjects.push(Person {
            name: "Petra".into(),
            role: PersonRole::Parent,
        });
        let err = check(Action::FurtherUse, &f, &lead(), Oversight::default()).unwrap_err();
        assert_eq!(
            err,
            vec![
                Missing::NotificationDecision {
                    subject: "Maria".into()
                },
                Missing::NotificationDecision {
                    subject: "Petra".into()
                },
            ]
        );
        assert!(err[0].to_string().contains("Maria"));
        f.decided = vec!["maria".into()];
        assert_eq!(
            check(Action::FurtherUse, &f, &lead(), Oversight::default())
                .unwrap_err()
                .len(),
            1
        );
        f.decided.push("petra".into());
        assert!(check(Action::FurtherUse, &f, &lead(), Oversight::default()).is_ok());
        assert_eq!(f.stage(), Stage::NotificationDecided);
    }

    #[test]
    fn no_parent_other_than_sender_means_nothing_to_decide() {
        let mut f = at(Stage::Received);
        f.metadata = Metadata {
            sender: Some("Jan".into()),
            subjects: vec![Person {
                name: "Jan".into(),
                role: PersonRole::Parent,
            }],
            purpose: Some("x".into()),
            ..Default::default()
        };
        assert!(check(Action::FurtherUse, &f, &worker(), Oversight::default()).is_ok());
    }

    #[test]
    fn report_lists_what_blocks_each_action() {
        let r = report(&at(Stage::Received), &worker());
        assert!(!r.preview && !r.full_playback && !r.further_use && !r.subject_access && !r.delete);
        assert!(
            r.missing
                .iter()
                .any(|m| m.starts_with("full playback: who sent"))
        );
        assert!(
            r.missing
                .iter()
                .any(|m| m.starts_with("preview: a team leader"))
        );
        let r = report(&at(Stage::NotificationDecided), &lead());
        assert!(r.preview && r.full_playback && r.further_use && r.subject_access && r.delete);
        assert!(r.missing.is_empty());
    }
}
