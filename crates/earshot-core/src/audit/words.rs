//! Audit events in words, Dutch and English: for timelines, reports and letters.
//!
//! Every variant has its sentence in both languages in one exhaustive match, so a new event
//! without words does not compile. Entries hold no personal content, so neither do these.

use chrono::NaiveDate;

use super::event::{
    ErasureDecision, Event, InboxKey, LetterFormat, LetterKind, NotifyRecord, SettingChange, Via,
};
use crate::lang::Lang;
use crate::model::{CopyKind, EscalationKind};
use crate::time::format_offset;

use super::awb::{close_words, hear_words, letter_words};
use super::terms::{channel_text, field_text, person_text, role_text, setting_text, stage_text};

/// What an entry this version cannot read says, in place of its words.
pub fn unreadable(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "an entry this version of earshot cannot read",
        Lang::Nl => "een registratie die deze versie van earshot niet kan lezen",
    }
}

/// The words for a stored entry: its event's description, or [`unreadable`].
pub fn describe_stored(lang: Lang, action: &str, detail: &str) -> String {
    match Event::parse_text(action, detail) {
        Ok(e) => e.describe(lang),
        Err(_) => unreadable(lang).to_string(),
    }
}

impl Event {
    /// What happened, in words (ranges, fields changed, who approved).
    pub fn describe(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        let date = |d: &NaiveDate| lang.date(*d);
        match self {
            Event::StoreInit { .. } => pick(nl, "opslag aangemaakt", "store created"),
            Event::ItemDamaged {
                during,
                at_ms,
                detail,
            } => {
                let at = crate::time::format_offset(*at_ms);
                let kind = match (nl, during.as_str()) {
                    (true, "preview") => "het fragment",
                    (true, _) => "het afspelen",
                    (false, "preview") => "the preview",
                    (false, _) => "playback",
                };
                if nl {
                    format!(
                        "opname beschadigd: {kind} stopte bij {at} (technische melding: `{detail}`)"
                    )
                } else {
                    format!("recording damaged: {kind} stopped at {at} ({detail})")
                }
            }
            Event::GuardianStranger { uid } => {
                if nl {
                    format!("verbinding geweigerd: deze login (uid {uid}) staat niet in het team")
                } else {
                    format!("connection refused: this login (uid {uid}) is not on the team")
                }
            }
            Event::TeamAdd { name, role, pin } => {
                let with_pin = match (pin, nl) {
                    (Some(true), true) => ", met pincode",
                    (Some(true), false) => ", with a PIN",
                    _ => "",
                };
                if nl {
                    format!(
                        "{name} aan het team toegevoegd als {}{with_pin}",
                        role_text(*role, lang)
                    )
                } else {
                    format!(
                        "{name} added to the team as {}{with_pin}",
                        role_text(*role, lang)
                    )
                }
            }
            Event::TeamPin { name } => {
                if nl {
                    format!("pincode van {name} ingesteld")
                } else {
                    format!("PIN of {name} set")
                }
            }
            Event::TeamSet { name, .. } => {
                if nl {
                    format!("volledige naam en functie van {name} ingesteld")
                } else {
                    format!("full name and job title of {name} set")
                }
            }
            Event::SettingsSet(SettingChange::Profile { key, value }) => {
                use crate::audit::ProfileKey as P;
                let k = match (key, nl) {
                    (P::OrgName, true) => "naam van de organisatie",
                    (P::OrgName, false) => "organisation's name",
                    (P::OrgAddress, true) => "adres van de organisatie",
                    (P::OrgAddress, false) => "organisation's address",
                    (P::DpoContact, true) => "contact van de FG",
                    (P::DpoContact, false) => "data protection officer's contact",
                    (P::OmbudsmanName, true) => "naam van de ombudsman",
                    (P::OmbudsmanName, false) => "ombudsman's name",
                    (P::OmbudsmanUrl, true) => "webadres van de ombudsman",
                    (P::OmbudsmanUrl, false) => "ombudsman's web address",
                    (P::Timezone, true) => "tijdzone",
                    (P::Timezone, false) => "time zone",
                };
                match (value.is_some(), nl) {
                    (true, true) => format!("organisatieprofiel: {k} ingesteld"),
                    (true, false) => format!("organisation profile: {k} set"),
                    (false, true) => format!("organisatieprofiel: {k} gewist"),
                    (false, false) => format!("organisation profile: {k} cleared"),
                }
            }
            Event::SettingsSet(SettingChange::Number { key, old, new }) => {
                if nl {
                    format!("{} gewijzigd van {old} in {new}", setting_text(*key, lang))
                } else {
                    format!("{} changed from {old} to {new}", setting_text(*key, lang))
                }
            }
            Event::SettingsSet(SettingChange::Inbox {
                key: InboxKey::Inbox,
                set,
            }) => match (set, nl) {
                (true, true) => "invoermap ingesteld".into(),
                (true, false) => "drop folder set".into(),
                (false, true) => "invoermap uitgezet".into(),
                (false, false) => "drop folder switched off".into(),
            },
            Event::SettingsSet(SettingChange::Inbox {
                key: InboxKey::CheckpointDir,
                set,
            }) => match (set, nl) {
                (true, true) => "map voor controlepunten van het logboek ingesteld".into(),
                (true, false) => "folder for the log's checkpoints set".into(),
                (false, true) => "map voor controlepunten van het logboek uitgezet".into(),
                (false, false) => "folder for the log's checkpoints switched off".into(),
            },
            Event::ItemImport {
                channel,
                received_by,
                received_on,
                ..
            } => {
                // A receipt given at import (not the moment of import) is said with its day.
                let day = received_on
                    .as_deref()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| lang.date(t.date_naive()));
                match (nl, day) {
                    (true, None) => format!(
                        "ontvangen via {} door {received_by}",
                        channel_text(*channel, lang)
                    ),
                    (true, Some(d)) => format!(
                        "ontvangen via {} door {received_by} op {d} (later ingevoerd)",
                        channel_text(*channel, lang)
                    ),
                    (false, None) => format!(
                        "received via {} by {received_by}",
                        channel_text(*channel, lang)
                    ),
                    (false, Some(d)) => format!(
                        "received via {} by {received_by} on {d} (entered later)",
                        channel_text(*channel, lang)
                    ),
                }
            }
            Event::IntakeItem {
                via,
                context_messages,
            } => {
                let from = match (via, nl) {
                    (Via::WhatsappExport, true) => "uit een WhatsApp-export",
                    (Via::WhatsappExport, false) => "from a WhatsApp export",
                    (Via::Inbox, true) => "uit de invoermap",
                    (Via::Inbox, false) => "from the drop folder",
                };
                match (context_messages, nl) {
                    (Some(n), true) => {
                        format!("binnengehaald {from}, met {n} chatberichten eromheen")
                    }
                    (Some(n), false) => {
                        format!("taken in {from}, with {n} chat messages around it")
                    }
                    (None, true) => format!("binnengehaald {from}"),
                    (None, false) => format!("taken in {from}"),
                }
            }
            Event::IntakeChat {
                messages,
                imported,
                duplicates,
                missing,
                interrupted,
                ..
            } => {
                let n = imported.iter().flatten().count();
                let mut s = if nl {
                    format!(
                        "WhatsApp-export binnengehaald: {messages} berichten, {n} opnamen \
                         opgeslagen, {duplicates} al aanwezig, {missing} ontbrekend"
                    )
                } else {
                    format!(
                        "WhatsApp export taken in: {messages} messages, {n} recordings stored, \
                         {duplicates} already present, {missing} missing"
                    )
                };
                if *interrupted {
                    s.push_str(&pick(nl, " (onderbroken)", " (interrupted)"));
                }
                s
            }
            Event::IntakeInbox {
                imported,
                duplicates,
                rejected,
                waiting,
                chats,
                interrupted,
            } => {
                let n = imported.len();
                let mut s = if nl {
                    format!(
                        "invoermap gelezen: {n} opnamen opgeslagen, {duplicates} al aanwezig, \
                         {rejected} geweigerd, {waiting} wachtend, {chats} chatexports"
                    )
                } else {
                    format!(
                        "drop folder read: {n} recordings stored, {duplicates} already present, \
                         {rejected} rejected, {waiting} waiting, {chats} chat exports"
                    )
                };
                if *interrupted {
                    s.push_str(&pick(nl, " (onderbroken)", " (interrupted)"));
                }
                s
            }
            Event::ItemDescribe { changes, .. } => {
                let fields: Vec<&str> = changes
                    .fields()
                    .into_iter()
                    .map(|f| field_text(f, lang))
                    .collect();
                match (fields.is_empty(), nl) {
                    (true, true) => "beschreven (niets gewijzigd)".into(),
                    (true, false) => "described (nothing changed)".into(),
                    (false, true) => {
                        format!("beschreven: {} vastgelegd of gewijzigd", fields.join(", "))
                    }
                    (false, false) => {
                        format!("described: {} recorded or changed", fields.join(", "))
                    }
                }
            }
            Event::ItemNotify { role, decision, .. } => {
                let who = person_text(*role, lang);
                match (decision, nl) {
                    (NotifyRecord::Notified { on, .. }, true) => {
                        format!(
                            "besluit over informeren: {who} geïnformeerd op {}",
                            date(on)
                        )
                    }
                    (NotifyRecord::Notified { on, .. }, false) => {
                        format!("notification decision: {who} notified on {}", date(on))
                    }
                    (NotifyRecord::ViaParent { .. }, true) => {
                        format!("besluit over informeren: {who} geïnformeerd via een ouder")
                    }
                    (NotifyRecord::ViaParent { .. }, false) => {
                        format!("notification decision: {who} told through a parent")
                    }
                    (
                        NotifyRecord::Exception {
                            approved_by,
                            ground,
                            review_on,
                            ..
                        },
                        true,
                    ) => format!(
                        "besluit over informeren: {who} niet geïnformeerd (uitzondering{}), \
                         akkoord van {approved_by}{}",
                        ground.map(|g| format!(", grond {g}")).unwrap_or_default(),
                        review_on
                            .map(|d| format!(", herzien op {}", date(&d)))
                            .unwrap_or_default()
                    ),
                    (
                        NotifyRecord::Exception {
                            approved_by,
                            ground,
                            review_on,
                            ..
                        },
                        false,
                    ) => format!(
                        "notification decision: {who} not notified (exception{}), approved by \
                         {approved_by}{}",
                        ground.map(|g| format!(", ground {g}")).unwrap_or_default(),
                        review_on
                            .map(|d| format!(", review on {}", date(&d)))
                            .unwrap_or_default()
                    ),
                }
            }
            Event::ItemUse {
                went_ahead_by: Some(lead),
                ..
            } => {
                if nl {
                    format!(
                        "samenvatting gebruikt (gedeeld met een ontvanger) vóór de reactie van \
                         een betrokkene of het besluit op een klacht, met akkoord van {lead}"
                    )
                } else {
                    format!(
                        "summary used (shared with a recipient) before a subject's reply or a \
                         complaint's decision, approved by {lead}"
                    )
                }
            }
            Event::ItemUse { .. } => pick(
                nl,
                "samenvatting gebruikt (gedeeld met een ontvanger)",
                "summary used (shared with a recipient)",
            ),
            Event::ItemEscalate { kind, .. } => match (kind, nl) {
                (EscalationKind::Other, true) => "geëscaleerd naar de teamleiders".into(),
                (EscalationKind::Other, false) => "escalated to the team leaders".into(),
                (EscalationKind::Preview, true) => {
                    "een teamleider gevraagd mee te luisteren bij een fragment".into()
                }
                (EscalationKind::Preview, false) => {
                    "a team leader asked to supervise a preview".into()
                }
                (EscalationKind::Exception, true) => {
                    "een teamleider gevraagd een uitzondering op informeren goed te keuren".into()
                }
                (EscalationKind::Exception, false) => {
                    "a team leader asked to approve an exception to notifying".into()
                }
            },
            Event::ItemResolve {
                kind, dismissed, ..
            } => {
                let what = match (kind, nl) {
                    (EscalationKind::Other, true) => "escalatie",
                    (EscalationKind::Other, false) => "escalation",
                    (EscalationKind::Preview, true) => "verzoek om mee te luisteren",
                    (EscalationKind::Preview, false) => "request to supervise a preview",
                    (EscalationKind::Exception, true) => "verzoek om een uitzondering",
                    (EscalationKind::Exception, false) => "request to approve an exception",
                };
                match (dismissed, nl) {
                    (false, true) => format!("{what} afgehandeld"),
                    (false, false) => format!("{what} resolved"),
                    (true, true) => format!("{what} afgewezen"),
                    (true, false) => format!("{what} dismissed"),
                }
            }
            Event::ItemAssign {
                to,
                escalations_resolved: n,
            } => match (n, nl) {
                (0, true) => format!("toegewezen aan {to}"),
                (0, false) => format!("assigned to {to}"),
                (n, true) => format!("toegewezen aan {to}; {n} escalatie(s) afgehandeld"),
                (n, false) => format!("assigned to {to}; {n} escalation(s) resolved"),
            },
            Event::ItemDelete {
                approved_by,
                despite_access_request,
                ..
            } => match (despite_access_request.is_some(), nl) {
                (false, true) => format!("vernietigd, akkoord van {approved_by}"),
                (false, false) => format!("deleted, approved by {approved_by}"),
                (true, true) => format!(
                    "vernietigd terwijl een inzageverzoek openstond, met een reden; akkoord van \
                     {approved_by}"
                ),
                (true, false) => format!(
                    "deleted while an access request was open, for a reason; approved by \
                     {approved_by}"
                ),
            },
            Event::DeleteCertificate { .. } => pick(
                nl,
                "vernietigingsverklaring geschreven",
                "deletion certificate written",
            ),
            Event::PreviewStart {
                supervisor,
                from_ms,
                window_ms,
                ..
            } => {
                let (at, up_to) = (format_offset(*from_ms), lang.seconds(*window_ms));
                if nl {
                    format!(
                        "fragment geopend bij {at} voor hoogstens {up_to}, met {supervisor} als \
                         meeluisterende teamleider"
                    )
                } else {
                    format!("preview opened at {at} for up to {up_to}, supervised by {supervisor}")
                }
            }
            Event::PreviewEnd {
                from_ms,
                to_ms,
                heard_ms,
                ..
            } => {
                let (a, b, n) = (
                    format_offset(*from_ms),
                    format_offset(*to_ms),
                    lang.seconds(*heard_ms),
                );
                if nl {
                    format!("fragment beluisterd {a}–{b} ({n})")
                } else {
                    format!("preview heard {a}–{b} ({n})")
                }
            }
            Event::PlayStart { .. } => {
                pick(nl, "volledig afspelen begonnen", "full playback started")
            }
            Event::PlayHeard { from_ms, to_ms, .. } => {
                let (a, b) = (format_offset(*from_ms), format_offset(*to_ms));
                if nl {
                    format!("beluisterd {a}–{b}")
                } else {
                    format!("heard {a}–{b}")
                }
            }
            Event::PlayAhead { from_ms, to_ms, .. } => {
                let (a, b) = (format_offset(*from_ms), format_offset(*to_ms));
                if nl {
                    format!("afspelen {a}–{b} vooraf vastgelegd")
                } else {
                    format!("playing {a}–{b}, logged ahead")
                }
            }
            Event::PlayEnd {
                heard_ms,
                ranges_ms,
                ..
            } => {
                let n = lang.seconds(*heard_ms);
                let ranges: Vec<String> = ranges_ms
                    .iter()
                    .map(|(a, b)| format!("{}–{}", format_offset(*a), format_offset(*b)))
                    .collect();
                let ranges = if ranges.is_empty() {
                    String::new()
                } else {
                    format!(": {}", ranges.join(", "))
                };
                if nl {
                    format!("volledig afgespeeld ({n} beluisterd){ranges}")
                } else {
                    format!("played in full ({n} heard){ranges}")
                }
            }
            Event::Refused { attempt, missing } => {
                let what = attempt.text(lang);
                let why: Vec<&str> = missing.iter().map(|m| m.text(lang)).collect();
                let refused = pick(nl, "geweigerd", "refused");
                if why.is_empty() {
                    format!("{what} {refused}")
                } else {
                    format!("{what} {refused}: {}", why.join("; "))
                }
            }
            Event::CopyRegister {
                kind: CopyKind::Held,
                ..
            } => pick(
                nl,
                "kopie buiten de opslag geregistreerd",
                "copy outside the store registered",
            ),
            Event::CopyRegister {
                kind: CopyKind::Handed,
                request,
                ..
            } => {
                let r = request.map(|r| format!(" ({r})")).unwrap_or_default();
                if nl {
                    format!("kopie aan de betrokkene gegeven bij inzageverzoek{r}")
                } else {
                    format!("copy handed to the subject under access request{r}")
                }
            }
            Event::CopyDeleted {
                confirmed_by, on, ..
            } => {
                if nl {
                    format!(
                        "vernietiging van kopie bevestigd door {confirmed_by} (vernietigd op {})",
                        date(on)
                    )
                } else {
                    format!(
                        "copy's deletion confirmed by {confirmed_by} (deleted on {})",
                        date(on)
                    )
                }
            }
            Event::LetterWrite {
                kind,
                lang: written_in,
                format,
                ..
            } => {
                let kind = match (kind, nl) {
                    (LetterKind::Notification, true) => "kennisgeving",
                    (LetterKind::Notification, false) => "notification",
                };
                let language = match (written_in, nl) {
                    (Lang::Nl, true) => "het Nederlands",
                    (Lang::En, true) => "het Engels",
                    (Lang::Nl, false) => "Dutch",
                    (Lang::En, false) => "English",
                };
                let format = match format {
                    LetterFormat::Md => "Markdown",
                    LetterFormat::Html => "HTML",
                    LetterFormat::Pdf => "PDF",
                };
                if nl {
                    format!("brief ({kind}) in {language} geschreven, als {format}")
                } else {
                    format!("{kind} letter in {language} written, as {format}")
                }
            }
            Event::LetterAttach { letter } => {
                if nl {
                    format!("brief {letter} bij een besluit over informeren gevoegd")
                } else {
                    format!("letter {letter} attached to a notification decision")
                }
            }
            Event::ResponseRecord {
                received_on,
                complaint,
                ..
            } => {
                let mut s = if nl {
                    format!(
                        "reactie van een betrokkene vastgelegd (ontvangen {})",
                        date(received_on)
                    )
                } else {
                    format!(
                        "a subject's response recorded (received {})",
                        date(received_on)
                    )
                };
                if let Some(c) = complaint {
                    if nl {
                        s.push_str(&format!(", geregistreerd als klacht {c}"));
                    } else {
                        s.push_str(&format!(", registered as complaint {c}"));
                    }
                }
                s
            }
            Event::AccessRequest { due_on, .. } => {
                if nl {
                    format!(
                        "verzoek om inzage ontvangen, te beantwoorden vóór {}",
                        date(due_on)
                    )
                } else {
                    format!(
                        "access request received, to be answered by {}",
                        date(due_on)
                    )
                }
            }
            Event::AccessExtend { to, .. } => {
                if nl {
                    format!("verzoek om inzage verlengd tot {}", date(to))
                } else {
                    format!("access request extended to {}", date(to))
                }
            }
            Event::AccessGrant {
                approved_by,
                identity_checked,
                ..
            } => match (nl, identity_checked.is_some()) {
                (true, false) => format!("inzage toegestaan, akkoord van {approved_by}"),
                (false, false) => format!("access granted, approved by {approved_by}"),
                (true, true) => format!(
                    "inzage toegestaan na controle van de identiteit, akkoord van {approved_by}"
                ),
                (false, true) => {
                    format!("access granted after checking identity, approved by {approved_by}")
                }
            },
            Event::AccessExported { muted, .. } if !muted.is_empty() => {
                let ranges = muted
                    .iter()
                    .map(|&(a, b)| format!("{}–{}", lang.offset_tenths(a), lang.offset_tenths(b)))
                    .collect::<Vec<_>>()
                    .join(", ");
                match nl {
                    true => format!(
                        "kopie met stil gemaakte delen ({ranges}) en verwerkingsoverzicht verstrekt"
                    ),
                    false => format!(
                        "copy with parts made silent ({ranges}) and processing statement handed out"
                    ),
                }
            }
            Event::AccessExported { .. } => pick(
                nl,
                "kopie en verwerkingsoverzicht verstrekt",
                "copy and processing statement handed out",
            ),
            Event::ErasureRequest { due_on, .. } => match nl {
                true => format!(
                    "verzoek om wissing ontvangen, te beslissen vóór {}",
                    date(due_on)
                ),
                false => format!(
                    "erasure request received, to be decided by {}",
                    date(due_on)
                ),
            },
            Event::ErasureExtend { to, .. } => match nl {
                true => format!("verzoek om wissing verlengd tot {}", date(to)),
                false => format!("erasure request extended to {}", date(to)),
            },
            Event::ErasureDecide { decision, .. } => match (nl, decision) {
                (true, ErasureDecision::Granted) => {
                    "wissing toegewezen: de opname wordt vernietigd"
                }
                (false, ErasureDecision::Granted) => {
                    "erasure granted: the recording is to be deleted"
                }
                (true, ErasureDecision::Refused) => "wissing afgewezen, met een reden",
                (false, ErasureDecision::Refused) => "erasure refused, with a reason",
            }
            .to_string(),
            Event::ComplaintAdd {
                complaint,
                decide_by,
                ..
            } => {
                if nl {
                    format!(
                        "klacht {complaint} geregistreerd, te beslissen vóór {}",
                        date(decide_by)
                    )
                } else {
                    format!(
                        "complaint {complaint} registered, to be decided by {}",
                        date(decide_by)
                    )
                }
            }
            Event::ComplaintAck { complaint, on } => {
                if nl {
                    format!("ontvangst van klacht {complaint} bevestigd op {}", date(on))
                } else {
                    format!("complaint {complaint} acknowledged on {}", date(on))
                }
            }
            Event::ComplaintExtend { complaint, to, .. } => {
                if nl {
                    format!("beslissing op klacht {complaint} verdaagd tot {}", date(to))
                } else {
                    format!(
                        "decision on complaint {complaint} postponed to {}",
                        date(to)
                    )
                }
            }
            Event::ComplaintClose {
                complaint,
                on,
                involved_override,
            } => close_words(lang, *complaint, on, involved_override.is_some()),
            Event::ComplaintHear {
                complaint,
                on,
                by,
                skipped,
                ..
            } => hear_words(lang, *complaint, on, by, *skipped),
            Event::ComplaintLetter {
                complaint, kind, ..
            } => letter_words(lang, *complaint, *kind),
            Event::ComplaintDowngrade {
                complaint,
                approved_by,
            } => {
                if nl {
                    format!(
                        "klacht {complaint} behandeld als informatieverzoek, akkoord van \
                         {approved_by}"
                    )
                } else {
                    format!(
                        "complaint {complaint} treated as an information request, approved by \
                         {approved_by}"
                    )
                }
            }
            Event::PinFailed { lead, by, failures } => {
                if nl {
                    format!("verkeerde pincode van {lead} ingevoerd door {by} ({failures}e keer)")
                } else {
                    format!("wrong PIN for {lead} given by {by} (failure {failures})")
                }
            }
            Event::PinLocked { lead, until } => {
                let until = until_text(until);
                if nl {
                    format!("pincode van {lead} geblokkeerd tot {until} na te veel foute pogingen")
                } else {
                    format!("PIN of {lead} locked until {until} after too many wrong attempts")
                }
            }
            Event::ApprovalRequest {
                request,
                kind,
                lead,
                ..
            } => {
                let what = kind.text(lang);
                match (lead, nl) {
                    (Some(l), true) => {
                        format!("akkoord gevraagd aan {l} voor {what} (verzoek {request})")
                    }
                    (Some(l), false) => {
                        format!("approval asked of {l} for {what} (request {request})")
                    }
                    (None, true) => format!(
                        "akkoord gevraagd aan de teamleiders voor {what} (verzoek {request})"
                    ),
                    (None, false) => {
                        format!("approval asked of the team leaders for {what} (request {request})")
                    }
                }
            }
            Event::ApprovalApprove {
                request,
                kind,
                requested_by,
            } => {
                let what = kind.text(lang);
                if nl {
                    format!(
                        "akkoord gegeven voor {what}, gevraagd door {requested_by} (verzoek {request})"
                    )
                } else {
                    format!("approved {what} asked for by {requested_by} (request {request})")
                }
            }
            Event::ApprovalDecline {
                request,
                kind,
                requested_by,
                ..
            } => {
                let what = kind.text(lang);
                if nl {
                    format!(
                        "akkoord geweigerd voor {what}, gevraagd door {requested_by} (verzoek {request})"
                    )
                } else {
                    format!("declined {what} asked for by {requested_by} (request {request})")
                }
            }
            Event::ApprovalUse {
                request,
                kind,
                approved_by,
            } => {
                let what = kind.text(lang);
                if nl {
                    format!("akkoord van {approved_by} gebruikt voor {what} (verzoek {request})")
                } else {
                    format!("approval by {approved_by} used for {what} (request {request})")
                }
            }
            Event::ApprovalExpire { request, kind } => {
                let what = kind.text(lang);
                if nl {
                    format!("verzoek {request} om akkoord voor {what} verlopen zonder antwoord")
                } else {
                    format!("request {request} for {what} expired unanswered")
                }
            }
            Event::ApprovalWithdraw { request, kind } => {
                let what = kind.text(lang);
                if nl {
                    format!("verzoek {request} om akkoord voor {what} ingetrokken")
                } else {
                    format!("request {request} for {what} withdrawn")
                }
            }
            Event::KeyRotate {
                epoch,
                rewrapped,
                left,
            } => {
                let mut t = if nl {
                    format!(
                        "nieuwe sleutelgeneratie {epoch}: de sleutels van {rewrapped} opnamen \
                         opnieuw versleuteld"
                    )
                } else {
                    format!(
                        "new key epoch {epoch}: the keys of {rewrapped} recordings wrapped again"
                    )
                };
                if *left > 0 {
                    t.push_str(&if nl {
                        format!(
                            " ({left} konden niet worden geopend en bleven onder hun generatie)"
                        )
                    } else {
                        format!(" ({left} could not be opened and stayed under their epoch)")
                    });
                }
                t
            }
            Event::ItemRestage { stage } => {
                if nl {
                    format!(
                        "fase opnieuw bepaald: {} (sinds deze versie is een besluit over \
                         informeren nodig voor iedereen op de opname behalve de afzender)",
                        stage_text(*stage, lang)
                    )
                } else {
                    format!(
                        "stage worked out again: {} (since this version every subject but the \
                         sender needs a notification decision)",
                        stage_text(*stage, lang)
                    )
                }
            }
            Event::KeyRetire { epoch } => {
                if nl {
                    format!(
                        "sleutelgeneratie {epoch} vernietigd: reservekopieën van daarvoor zijn \
                         niet meer te lezen"
                    )
                } else {
                    format!(
                        "key epoch {epoch} destroyed: backups made before it was replaced can no \
                         longer be read"
                    )
                }
            }
            Event::StoreReseal { version, values } => {
                if nl {
                    format!(
                        "opslag bijgewerkt: {values} versleutelde waarden opnieuw versleuteld, \
                         elk gebonden aan zijn plaats (versie {version})"
                    )
                } else {
                    format!(
                        "store brought up to date: {values} sealed values sealed again, each \
                         bound to its place (version {version})"
                    )
                }
            }
            Event::BenchEvent { .. } => pick(
                nl,
                "testregistratie voor een meting",
                "test entry for a benchmark",
            ),
        }
    }
}

/// A stored moment (RFC 3339, UTC) as "YYYY-MM-DD HH:MM UTC"; anything else as it is.
fn until_text(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => at.to_string(),
    }
}

fn pick(nl: bool, dutch: &str, english: &str) -> String {
    if nl { dutch } else { english }.to_string()
}

#[cfg(test)]
mod tests;
