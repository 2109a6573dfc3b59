//! The gate's words: what each missing thing is called, in the audit log and in nl and en,
//! and the sentences that tell a user what to do about it.

use std::fmt;

use super::{Involvement, MIN_PURPOSE_CHARS, Missing, MissingCode};
use crate::lang::Lang;

impl MissingCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            MissingCode::Deleted => "deleted",
            MissingCode::Supervisor => "supervisor",
            MissingCode::SupervisorNotLead => "supervisor_not_lead",
            MissingCode::PreviewAllowanceUsed => "preview_allowance_used",
            MissingCode::Sender => "sender",
            MissingCode::Subject => "subject",
            MissingCode::Purpose => "purpose",
            MissingCode::LegalBasis => "legal_basis",
            MissingCode::ProcessingPurpose => "processing_purpose",
            MissingCode::NotificationDecision => "notification_decision",
            MissingCode::Approval => "approval",
            MissingCode::ApproverNotLead => "approver_not_lead",
            MissingCode::FourEyes => "four_eyes",
            MissingCode::LeadAssigns => "lead_assigns",
            MissingCode::LeadAddsMembers => "lead_adds_members",
            MissingCode::LeadSetsPins => "lead_sets_pins",
            MissingCode::OwnPinOnly => "own_pin_only",
            MissingCode::LeadChangesSettings => "lead_changes_settings",
            MissingCode::LeadSetsInbox => "lead_sets_inbox",
            MissingCode::LeadTriages => "lead_triages",
            MissingCode::LeadManagesKeys => "lead_manages_keys",
            MissingCode::LeadDecidesErasure => "lead_decides_erasure",
            MissingCode::ApproverInvolved => "approver_involved",
            MissingCode::ExceptionPastReview => "exception_past_review",
            MissingCode::ReplyPeriod => "reply_period",
            MissingCode::OpenComplaint => "open_complaint",
            MissingCode::OpenAccessRequest => "open_access_request",
            MissingCode::CopyOwnerApproval => "copy_owner_approval",
            MissingCode::HandlerInvolved => "handler_involved",
        }
    }

    /// What stood in the way, as a past fact ("no team leader supervised"): the refusals in a
    /// timeline or report. [`Missing::text`] is the present-tense sentence with names, for the
    /// person refused.
    pub fn text(&self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, MissingCode::Deleted) => "the recording had been deleted",
            (Lang::Nl, MissingCode::Deleted) => "de opname was al vernietigd",
            (Lang::En, MissingCode::Supervisor) => "no team leader supervised",
            (Lang::Nl, MissingCode::Supervisor) => "er luisterde geen teamleider mee",
            (Lang::En, MissingCode::SupervisorNotLead) => {
                "the supervisor named was not a team leader"
            }
            (Lang::Nl, MissingCode::SupervisorNotLead) => {
                "wie zou meeluisteren was geen teamleider"
            }
            (Lang::En, MissingCode::PreviewAllowanceUsed) => {
                "the time allowed for previews was used up"
            }
            (Lang::Nl, MissingCode::PreviewAllowanceUsed) => "de tijd voor fragmenten was op",
            (Lang::En, MissingCode::Sender) => "the sender was not recorded",
            (Lang::Nl, MissingCode::Sender) => "de afzender was niet vastgelegd",
            (Lang::En, MissingCode::Subject) => "no person on the recording was recorded",
            (Lang::Nl, MissingCode::Subject) => "er was geen betrokkene vastgelegd",
            (Lang::En, MissingCode::Purpose) => "the sender's purpose was not recorded",
            (Lang::Nl, MissingCode::Purpose) => "het doel van de afzender was niet vastgelegd",
            (Lang::En, MissingCode::LegalBasis) => "no legal basis was recorded",
            (Lang::Nl, MissingCode::LegalBasis) => "er was geen wettelijke grondslag vastgelegd",
            (Lang::En, MissingCode::ProcessingPurpose) => {
                "the team's purpose was not recorded in a sentence"
            }
            (Lang::Nl, MissingCode::ProcessingPurpose) => {
                "het doel van het team was niet in een zin vastgelegd"
            }
            (Lang::En, MissingCode::NotificationDecision) => {
                "no decision about notifying a subject was logged"
            }
            (Lang::Nl, MissingCode::NotificationDecision) => {
                "er was geen besluit over het informeren van een betrokkene vastgelegd"
            }
            (Lang::En, MissingCode::Approval) => "no team leader approved",
            (Lang::Nl, MissingCode::Approval) => "er was geen akkoord van een teamleider",
            (Lang::En, MissingCode::ApproverNotLead) => "the approver named was not a team leader",
            (Lang::Nl, MissingCode::ApproverNotLead) => "wie akkoord gaf was geen teamleider",
            (Lang::En, MissingCode::FourEyes) => {
                "a team leader would have overseen their own action"
            }
            (Lang::Nl, MissingCode::FourEyes) => {
                "een teamleider zou toezien op een eigen handeling"
            }
            (Lang::En, MissingCode::LeadAssigns) => "only a team leader could assign the item",
            (Lang::Nl, MissingCode::LeadAssigns) => {
                "alleen een teamleider mocht het item toewijzen"
            }
            (Lang::En, MissingCode::LeadAddsMembers) => "only a team leader could add team members",
            (Lang::Nl, MissingCode::LeadAddsMembers) => {
                "alleen een teamleider mocht teamleden toevoegen"
            }
            (Lang::En, MissingCode::LeadSetsPins) => {
                "only a team leader could set another member's PIN"
            }
            (Lang::Nl, MissingCode::LeadSetsPins) => {
                "alleen een teamleider mocht de pincode van een ander instellen"
            }
            (Lang::En, MissingCode::OwnPinOnly) => {
                "only a team leader themself could set their PIN"
            }
            (Lang::Nl, MissingCode::OwnPinOnly) => {
                "alleen een teamleider zelf mocht de eigen pincode instellen"
            }
            (Lang::En, MissingCode::LeadChangesSettings) => {
                "only a team leader could change the settings"
            }
            (Lang::Nl, MissingCode::LeadChangesSettings) => {
                "alleen een teamleider mocht de instellingen wijzigen"
            }
            (Lang::En, MissingCode::LeadSetsInbox) => "only a team leader could set the inbox",
            (Lang::Nl, MissingCode::LeadSetsInbox) => {
                "alleen een teamleider mocht de inbox instellen"
            }
            (Lang::En, MissingCode::LeadTriages) => {
                "only a team leader could resolve or dismiss a request to the team leaders"
            }
            (Lang::Nl, MissingCode::LeadTriages) => {
                "alleen een teamleider mocht een verzoek aan de teamleiders afhandelen"
            }
            (Lang::En, MissingCode::LeadManagesKeys) => {
                "only a team leader could rotate or retire the store's keys"
            }
            (Lang::Nl, MissingCode::LeadManagesKeys) => {
                "alleen een teamleider mocht de sleutels van de opslag vernieuwen of vernietigen"
            }
            (Lang::En, MissingCode::LeadDecidesErasure) => {
                "only a team leader could decide an erasure request"
            }
            (Lang::Nl, MissingCode::LeadDecidesErasure) => {
                "alleen een teamleider mocht beslissen op een verzoek om wissing"
            }
            (Lang::En, MissingCode::ApproverInvolved) => {
                "the approver had registered the complaint or handled its item"
            }
            (Lang::Nl, MissingCode::ApproverInvolved) => {
                "wie akkoord gaf had de klacht geregistreerd of behandelde het item"
            }
            (Lang::En, MissingCode::ExceptionPastReview) => {
                "an exception to notifying a subject was past its review date"
            }
            (Lang::Nl, MissingCode::ExceptionPastReview) => {
                "een uitzondering op het informeren van een betrokkene was niet op tijd herzien"
            }
            (Lang::En, MissingCode::ReplyPeriod) => "a subject's time to reply had not run out",
            (Lang::Nl, MissingCode::ReplyPeriod) => {
                "de termijn waarin een betrokkene kon reageren liep nog"
            }
            (Lang::En, MissingCode::OpenComplaint) => "a complaint about it was still open",
            (Lang::Nl, MissingCode::OpenComplaint) => "er was nog een klacht over open",
            (Lang::En, MissingCode::OpenAccessRequest) => {
                "a subject's request for access to it was still open"
            }
            (Lang::Nl, MissingCode::OpenAccessRequest) => {
                "er was nog een verzoek om inzage van een betrokkene open"
            }
            (Lang::En, MissingCode::CopyOwnerApproval) => {
                "the member named as confirming the copy's deletion had not approved it"
            }
            (Lang::Nl, MissingCode::CopyOwnerApproval) => {
                "wie de vernietiging van de kopie zou bevestigen had daar geen akkoord op gegeven"
            }
            (Lang::En, MissingCode::HandlerInvolved) => {
                "who would decide the complaint was involved with its recording"
            }
            (Lang::Nl, MissingCode::HandlerInvolved) => {
                "wie op de klacht zou beslissen was betrokken bij de opname"
            }
        }
    }

    /// Whether this is about the user's role alone (so its sentence says everything: what only
    /// a team leader may do, and whom to ask).
    pub fn is_role(&self) -> bool {
        matches!(
            self,
            MissingCode::LeadAssigns
                | MissingCode::LeadAddsMembers
                | MissingCode::LeadSetsPins
                | MissingCode::LeadChangesSettings
                | MissingCode::LeadSetsInbox
                | MissingCode::LeadTriages
                | MissingCode::LeadManagesKeys
                | MissingCode::LeadDecidesErasure
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
            Missing::LegalBasis => write!(
                f,
                "no legal basis for processing it is recorded (for example \"Jeugdwet art. \
                 7.4.0\"); the recording is not used without one"
            ),
            Missing::ProcessingPurpose => write!(
                f,
                "the team's purpose in processing it is not recorded in a sentence of at least \
                 {MIN_PURPOSE_CHARS} characters"
            ),
            Missing::NotificationDecision { subject } => write!(
                f,
                "no decision is logged about notifying {subject}: record that they were notified \
                 (a child may be told through a notified parent), or an exception approved by a \
                 team leader"
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
            Missing::FourEyes {
                name,
                only_lead: false,
            } => write!(
                f,
                "{name} cannot supervise or approve their own action: another team leader must \
                 (name them with --supervisor or --approved-by)"
            ),
            Missing::FourEyes {
                name,
                only_lead: true,
            } => write!(
                f,
                "{name} cannot supervise or approve their own action, and is the team's only \
                 team leader: this waits until a second team leader is added (earshot team add \
                 NAME --role lead)"
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
            Missing::OwnPinOnly { name } => write!(
                f,
                "{name} is a team leader, and only {name} sets {name}'s PIN (whoever knew it \
                 could approve as {name}); {name} runs `earshot team pin` in their own session"
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
            Missing::LeadTriages => write!(
                f,
                "only a team leader can resolve or dismiss a request to the team leaders; ask a \
                 team leader to handle it"
            ),
            Missing::LeadManagesKeys => write!(
                f,
                "only a team leader can rotate or retire the store's keys; ask a team leader to \
                 do it"
            ),
            Missing::LeadDecidesErasure => write!(
                f,
                "only a team leader can decide an erasure request; ask a team leader to decide it"
            ),
            Missing::ApproverInvolved { name, registered } => write!(
                f,
                "{name} {} so cannot decide that it is not a complaint: a team leader who is not \
                 involved must",
                if *registered {
                    "registered this complaint,"
                } else {
                    "handles the item this complaint is about,"
                }
            ),
            Missing::ReplyPeriod { subject, until } => write!(
                f,
                "{subject} was told by letter and may reply until {until}: wait for the reply, \
                 or go ahead only with a team leader's approval and a reason \
                 (--override-reason TEXT --approved-by LEAD)"
            ),
            Missing::OpenComplaint { complaint } => write!(
                f,
                "complaint {complaint} about this recording is open: wait for its decision, or \
                 go ahead only with a team leader's approval and a reason \
                 (--override-reason TEXT --approved-by LEAD)"
            ),
            Missing::OpenAccessRequest { request, due } => write!(
                f,
                "access request {request} for this recording is open (due {due}): grant it \
                 first, or delete only with a reason the approving team leader approves \
                 (--override-reason TEXT)"
            ),
            Missing::CopyOwnerApproval { name } => write!(
                f,
                "only {name} confirms that a copy of theirs was deleted: let {name} run the \
                 command, type their PIN here (--pin-stdin), or approve the request from their \
                 own session (`earshot approve ID`)"
            ),
            Missing::HandlerInvolved {
                name,
                complaint,
                how,
            } => write!(
                f,
                "{name} {} the recording complaint {complaint} is about, so is involved and \
                 should not decide it (Awb 9:7): let a team member who is not involved decide, \
                 or give the reason why {name} must (--involved-override-reason TEXT)",
                match how {
                    Involvement::Listened => "listened to",
                    Involvement::Described => "described",
                    Involvement::Approved => "approved a decision about",
                }
            ),
            Missing::ExceptionPastReview { subject, review_on } => write!(
                f,
                "the exception to notifying {subject} {}: renew it with a new approval \
                 (notify --exception ... --review-on DATE) or notify them",
                match review_on {
                    Some(d) => format!("was due for review on {d}"),
                    None => "has no review date".to_string(),
                }
            ),
        }
    }
}

impl Missing {
    /// The same sentence in Dutch or English.
    pub fn text(&self, lang: Lang) -> String {
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
            Missing::LegalBasis => "er is geen wettelijke grondslag vastgelegd (bijvoorbeeld \
                 \"Jeugdwet art. 7.4.0\"); zonder grondslag wordt de opname niet gebruikt"
                .into(),
            Missing::ProcessingPurpose => format!(
                "het doel van het team is niet vastgelegd in een zin van minstens \
                 {MIN_PURPOSE_CHARS} tekens"
            ),
            Missing::NotificationDecision { subject } => format!(
                "er is geen besluit vastgelegd over het informeren van {subject}: leg vast dat \
                 die is geïnformeerd (een kind kan via een geïnformeerde ouder worden \
                 geïnformeerd), of een uitzondering met akkoord van een teamleider"
            ),
            Missing::Approval => {
                "een teamleider moet hiervoor akkoord geven; vraag een teamleider erom".into()
            }
            Missing::ApproverNotLead { name } => format!(
                "{name} is geen teamleider en kan dus geen akkoord geven; vraag een teamleider \
                 erom"
            ),
            Missing::FourEyes {
                name,
                only_lead: false,
            } => format!(
                "{name} kan niet meeluisteren of akkoord geven bij een eigen handeling: een \
                 andere teamleider moet dat doen"
            ),
            Missing::FourEyes {
                name,
                only_lead: true,
            } => format!(
                "{name} kan niet meeluisteren of akkoord geven bij een eigen handeling en is de \
                 enige teamleider: dit wacht tot er een tweede teamleider is toegevoegd"
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
            Missing::OwnPinOnly { name } => format!(
                "{name} is teamleider, en alleen {name} stelt de eigen pincode in (wie die kent, \
                 kan namens {name} akkoord geven); {name} doet `earshot team pin` in de eigen sessie"
            ),
            Missing::LeadChangesSettings => "alleen een teamleider kan de instellingen wijzigen; \
                                             vraag een teamleider om ze te wijzigen"
                .into(),
            Missing::LeadSetsInbox => "alleen een teamleider kan de inbox (de aflevermap) \
                                       instellen; vraag een teamleider om die in te stellen"
                .into(),
            Missing::LeadTriages => "alleen een teamleider kan een verzoek aan de teamleiders \
                                     afhandelen; vraag een teamleider om het af te handelen"
                .into(),
            Missing::LeadManagesKeys => "alleen een teamleider kan de sleutels van de opslag \
                                         vernieuwen of vernietigen; vraag een teamleider om dat \
                                         te doen"
                .into(),
            Missing::LeadDecidesErasure => "alleen een teamleider kan beslissen op een verzoek \
                                            om wissing; vraag een teamleider om te beslissen"
                .into(),
            Missing::ApproverInvolved { name, registered } => format!(
                "{name} {} en kan dus niet besluiten dat het geen klacht is: dat moet een \
                 teamleider die er niet bij betrokken is",
                if *registered {
                    "heeft deze klacht geregistreerd"
                } else {
                    "behandelt het item waar deze klacht over gaat"
                }
            ),
            Missing::ReplyPeriod { subject, until } => format!(
                "{subject} is per brief geïnformeerd en kan tot en met {until} reageren: wacht \
                 de reactie af, of ga alleen door met akkoord van een teamleider en een reden"
            ),
            Missing::OpenComplaint { complaint } => format!(
                "klacht {complaint} over deze opname is nog open: wacht het besluit af, of ga \
                 alleen door met akkoord van een teamleider en een reden"
            ),
            Missing::OpenAccessRequest { request, due } => format!(
                "inzageverzoek {request} voor deze opname is nog open (uiterlijk {due}): geef \
                 eerst inzage, of verwijder alleen met een reden waarmee de teamleider die \
                 akkoord geeft instemt"
            ),
            Missing::CopyOwnerApproval { name } => format!(
                "alleen {name} bevestigt dat een kopie van {name} is vernietigd: laat {name} de \
                 opdracht geven, de eigen pincode hier intikken (--pin-stdin), of het verzoek \
                 goedkeuren vanuit de eigen sessie (`earshot approve ID`)"
            ),
            Missing::HandlerInvolved {
                name,
                complaint,
                how,
            } => format!(
                "{name} is betrokken bij de opname waar klacht {complaint} over gaat ({}) en \
                 hoort er dus niet op te beslissen (Awb 9:7): laat iemand beslissen die er niet \
                 bij betrokken is, of geef de reden waarom {name} het toch moet doen \
                 (--involved-override-reason TEKST)",
                match how {
                    Involvement::Listened => "luisterde ernaar",
                    Involvement::Described => "beschreef haar",
                    Involvement::Approved => "gaf akkoord op een besluit erover",
                }
            ),
            Missing::ExceptionPastReview { subject, review_on } => format!(
                "de uitzondering op het informeren van {subject} {}: verleng die met een nieuw \
                 akkoord of informeer de betrokkene",
                match review_on {
                    Some(d) => format!("had op {d} herzien moeten worden"),
                    None => "heeft geen herzieningsdatum".to_string(),
                }
            ),
        }
    }
}
