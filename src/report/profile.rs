//! Who writes a document: the organisation's profile (the controller, its data protection
//! officer, the ombudsman, its time zone) and the member who signs, by full name and title.
//! A document whose template needs a field that is not set is refused, naming the field.

use super::fields::{
    heard_summary, listening_table, names, or_unknown, subjects_list, uses_list, when_in,
};
use super::template::{Doc, Templates, Vars, inline};
use super::text::channel;
use super::timeline::{ranges_text, timeline_block};
use crate::core::lang::Lang;
use crate::core::zone::Zone;
use crate::store::due::Account;

/// The organisation's profile and the member who signs.
#[derive(Debug, Clone)]
pub struct Org {
    pub name: Option<String>,
    pub address: Option<String>,
    pub dpo_contact: Option<String>,
    pub ombudsman_name: Option<String>,
    pub ombudsman_url: Option<String>,
    pub zone: Zone,
    /// The signer's full name and job title.
    pub writer_name: Option<String>,
    pub writer_title: Option<String>,
}

/// The placeholders that come from the profile, and what sets each.
pub const PROFILE_PLACEHOLDERS: &[&str] = &[
    "org_name",
    "org_address",
    "dpo_contact",
    "ombudsman_name",
    "ombudsman_url",
    "writer_name",
    "writer_title",
];

impl Org {
    fn value(&self, placeholder: &str) -> Option<&str> {
        match placeholder {
            "org_name" => self.name.as_deref(),
            "org_address" => self.address.as_deref(),
            "dpo_contact" => self.dpo_contact.as_deref(),
            "ombudsman_name" => self.ombudsman_name.as_deref(),
            "ombudsman_url" => self.ombudsman_url.as_deref(),
            "writer_name" => self.writer_name.as_deref(),
            "writer_title" => self.writer_title.as_deref(),
            _ => None,
        }
    }

    /// Puts every field that is set into `v` (one that is not stays out, so that a template
    /// using it is refused).
    pub(super) fn insert(&self, v: &mut Vars) {
        v.insert("timezone", inline(self.zone.name()));
        for p in PROFILE_PLACEHOLDERS {
            if let Some(val) = self.value(p) {
                let shown = if *p == "ombudsman_url" {
                    // A checked address without spaces: shown as a link the reader can follow.
                    format!("<{}>", val.replace('>', "%3E"))
                } else {
                    inline(val)
                };
                v.insert(p, shown);
            }
        }
    }
}

/// The profile's placeholders a template uses that are not set: the document would need them.
pub fn missing_profile(
    lang: Lang,
    doc: Doc,
    templates: &Templates,
    org: &Org,
) -> Result<Vec<&'static str>, String> {
    let (t, _) = templates.get(lang, doc)?;
    Ok(PROFILE_PLACEHOLDERS
        .iter()
        .copied()
        .filter(|p| org.value(p).is_none() && uses(&t, p))
        .collect())
}

fn uses(template: &str, placeholder: &str) -> bool {
    let mut rest = template;
    while let Some(s) = rest.find("{{") {
        let after = &rest[s + 2..];
        let Some(e) = after.find("}}") else {
            return false;
        };
        if after[..e].trim() == placeholder {
            return true;
        }
        rest = &after[e + 2..];
    }
    false
}

/// Every recording a letter is about, one section each (`{{recordings}}`): what it is, when it
/// came in on our clock, from whom, who is on it, what it is about, why we have it, who heard
/// which seconds and who received a summary.
pub(super) fn recordings(accs: &[Account], lang: Lang, zone: &Zone) -> String {
    let nl = lang == Lang::Nl;
    let mut out = Vec::new();
    for (i, acc) in accs.iter().enumerate() {
        let m = acc.metadata.as_ref();
        let title = match (nl, accs.len()) {
            (true, 1) => "### De opname".to_string(),
            (false, 1) => "### The recording".to_string(),
            (true, _) => format!("### Opname {} van {}", i + 1, accs.len()),
            (false, _) => format!("### Recording {} of {}", i + 1, accs.len()),
        };
        let file = or_unknown(acc.file_name.as_deref(), lang);
        let format = format!("{} ({})", inline(&acc.format), inline(&acc.codec));
        let duration = lang.seconds(acc.duration_ms);
        let received = when_in(&acc.received_at, Some(zone), lang);
        let by = inline(&acc.received_by);
        let via = channel(lang, &acc.channel);
        let sender = or_unknown(acc.sender(), lang);
        let about = or_unknown(m.and_then(|m| m.purpose.as_deref()), lang);
        let purpose = or_unknown(m.and_then(|m| m.processing_purpose.as_deref()), lang);
        let basis = or_unknown(m.and_then(|m| m.legal_basis.as_deref()), lang);
        let heard = heard_summary(acc.heard_total_ms, acc.duration_ms, lang);
        let ranges = ranges_text(&acc.heard_ms, lang);
        let listeners = names(&acc.listeners, lang);
        let supervisors = names(&acc.supervisors, lang);
        let uses = uses_list(acc, lang);
        let people = subjects_list(acc, lang);
        let table = listening_table(&acc.listening, lang, Some(zone));
        let timeline = timeline_block(acc.duration_ms, &acc.heard_ms, lang);
        let (case, item) = (inline(&acc.case), acc.item);
        out.push(if nl {
            format!(
                "{title}\n\n\
                 - **Wat:** een geluidsopname ({file}, {format}, duur {duration})\n\
                 - **Ontvangen:** op {received}, door {by} via {via}\n\
                 - **Van wie:** {sender}\n\
                 - **Waar het over gaat, volgens de afzender:** {about}\n\
                 - **Ons doel:** {purpose}\n\
                 - **Wettelijke grondslag:** {basis}\n\
                 - **Ons kenmerk:** dossier {case}, opname {item}\n\n\
                 Wie erop te horen zijn, volgens de afzender:\n\n{people}\n\n\
                 Tot nu toe is {heard} van de opname beluisterd, in deze delen: {ranges}. \
                 Geluisterd hebben: {listeners}. Onder toezicht van: {supervisors}.\n\n\
                 {table}\n{timeline}\n\n\
                 Wie een samenvatting kreeg:\n\n{uses}"
            )
        } else {
            format!(
                "{title}\n\n\
                 - **What:** an audio recording ({file}, {format}, {duration} long)\n\
                 - **Received:** on {received}, by {by} via {via}\n\
                 - **From whom:** {sender}\n\
                 - **What it is about, according to the sender:** {about}\n\
                 - **Our purpose:** {purpose}\n\
                 - **Legal basis:** {basis}\n\
                 - **Our reference:** case {case}, item {item}\n\n\
                 Who is on it, according to the sender:\n\n{people}\n\n\
                 So far {heard} of the recording has been heard, in these parts: {ranges}. \
                 Listened: {listeners}. Supervised by: {supervisors}.\n\n\
                 {table}\n{timeline}\n\n\
                 Who received a summary:\n\n{uses}"
            )
        });
    }
    out.join("\n\n")
}
