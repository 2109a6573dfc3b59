//! The documents people are owed: the notification letter, the processing statement and the
//! deletion certificate, rendered from their templates.

use std::fmt::Write;

use chrono::NaiveDate;

use super::fields::{cell, day_of, heard_summary, item_vars, local_day, or_unknown, when, when_in};
use super::muted::{MutedStatement, recording_copy};
use super::profile::{Org, recordings};
use super::template::{Doc, Templates, Vars, inline, render};
use super::text::{L, S, channel, destroyed};
use super::timeline::ranges_text;
use crate::core::lang::Lang;
use crate::core::model::CopyKind;
use crate::core::zone::Zone;
use crate::store::copies::CopyView;
use crate::store::due::{Account, Certificate};

/// What a letter needs besides the accounts.
#[derive(Debug, Clone)]
pub struct LetterContext {
    pub subject: String,
    /// The writer's login (the contact when none is given and no full name is set).
    pub writer: String,
    pub org: Org,
    pub today: NaiveDate,
    pub respond_by: NaiveDate,
    pub intent: Option<String>,
    pub contact: Option<String>,
    pub log: LogCheck,
}

/// How the reader can check the log without us: the signed checkpoint taken as the document
/// was written, the key that checks it, and the file of proofs handed over with it.
#[derive(Debug, Clone, Default)]
pub struct LogCheck {
    pub key: String,
    /// The signed note.
    pub checkpoint: String,
    pub tree_size: u64,
    /// How many entries about the item the proofs cover.
    pub entries: usize,
    /// The proofs' file name, when they were written beside the document.
    pub proofs_file: Option<String>,
}

/// A paragraph broken into lines of at most `width` characters where it has spaces (as the
/// templates' own text is), so that the Markdown reads well as plain text too.
fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    let mut line = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

/// The section that says how to check the log (`{{log_check}}`).
fn log_check(c: &LogCheck, lang: Lang) -> String {
    let note: String = c.checkpoint.lines().map(|l| format!("    {l}\n")).collect();
    // Ours, not a person's: base64, hex and a slash, nothing Markdown reads as markup.
    let key = &c.key;
    let n = c.entries;
    let size = c.tree_size;
    match lang {
        Lang::Nl => {
            let proofs = match &c.proofs_file {
                Some(f) => format!(
                    "Het bestand `{}` bij dit document bevat voor elk van de {n} regels over \
                     deze opname het bewijs dat die regel in dat logboek staat.",
                    f
                ),
                None => "Vraag ons om het bestand met de bewijzen voor de regels over deze \
                         opname (`proofs.json`)."
                    .to_string(),
            };
            let text = format!(
                "Alles wat wij met deze opname doen, staat in ons auditlogboek. Op het moment \
                 van schrijven had dat logboek {size} regels; die stand hebben wij \
                 ondertekend (het controlepunt hieronder). {proofs} Zo kan iedereen (u, uw \
                 advocaat, de Autoriteit Persoonsgegevens) zonder onze systemen nagaan dat die \
                 regels in het ondertekende logboek staan: met `earshot verify-proof MAP`, of \
                 met elk programma dat de open standaarden RFC 9162 en C2SP (ondertekende \
                 controlepunten) volgt. Als wij later een regel veranderen of weghalen, klopt \
                 het bewijs niet meer."
            );
            format!(
                "{}\n\nOnze sleutel (dezelfde als op elke brief van ons):\n`{key}`\n\n\
                 Controlepunt:\n\n{note}",
                wrapped(&text, 95)
            )
        }
        Lang::En => {
            let proofs = match &c.proofs_file {
                Some(f) => format!(
                    "The file `{}` that comes with this document holds, for each of the {n} \
                     entries about this recording, the proof that it is in that log.",
                    f
                ),
                None => "Ask us for the file with the proofs of the entries about this \
                         recording (`proofs.json`)."
                    .to_string(),
            };
            let text = format!(
                "Everything we do with this recording is in our audit log. When this was \
                 written, the log had {size} entries; we signed that state (the checkpoint \
                 below). {proofs} So anyone (you, your lawyer, the Dutch Data Protection \
                 Authority) can check without our systems that those entries are in the signed \
                 log: with `earshot verify-proof FOLDER`, or with any tool for RFC 9162 and \
                 C2SP signed notes. Should we later change or remove an entry, the proof no \
                 longer holds."
            );
            format!(
                "{}\n\nOur key (the same on every letter of ours):\n`{key}`\n\n\
                 Checkpoint:\n\n{note}",
                wrapped(&text, 95)
            )
        }
    }
}

/// The letter that tells a subject that recordings concerning them were received: one
/// letter for every recording of `accs` (one case's recordings on which they are a subject).
/// The single-recording placeholders (`{{file_name}}`, ...) are the first recording's.
pub fn notification_letter(
    accs: &[Account],
    ctx: &LetterContext,
    lang: Lang,
    templates: &Templates,
) -> Result<String, String> {
    let (t, source) = templates.get(lang, Doc::Notification)?;
    let Some(acc) = accs.first() else {
        return Err("a letter needs at least one recording".into());
    };
    let mut v = item_vars(acc, lang, ctx.today, &ctx.org.zone);
    ctx.org.insert(&mut v);
    v.insert("subject", inline(&ctx.subject));
    v.insert("writer", inline(&ctx.writer));
    v.insert(
        "contact",
        ctx.contact
            .as_deref()
            .or(ctx.org.writer_name.as_deref())
            .map(inline)
            .unwrap_or_else(|| inline(&ctx.writer)),
    );
    v.insert("respond_by", lang.long_date(ctx.respond_by));
    let intent = ctx
        .intent
        .as_deref()
        .map(inline)
        .or_else(|| {
            acc.metadata
                .as_ref()
                .and_then(|m| m.processing_purpose.as_deref())
                .map(inline)
        })
        .unwrap_or_else(|| L::IntentDefault.text(lang).to_string());
    v.insert("intent", intent);
    v.insert("recordings", recordings(accs, lang, &ctx.org.zone));
    v.insert(
        "items",
        accs.iter()
            .map(|a| a.item.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    let ids: Vec<String> = accs.iter().map(|a| a.item.to_string()).collect();
    v.insert("items_named", items_named(&ids, lang));
    v.insert("log_check", log_check(&ctx.log, lang));
    render(&t, &v, &source)
}

/// The recordings a letter is about, with their noun: "opname 3", "opnamen 1, 2 en 3".
fn items_named(ids: &[String], lang: Lang) -> String {
    let (one, many, and) = match lang {
        Lang::Nl => ("opname", "opnamen", "en"),
        Lang::En => ("item", "items", "and"),
    };
    match ids.split_last() {
        None => String::new(),
        Some((last, [])) => format!("{one} {last}"),
        Some((last, rest)) => format!("{many} {} {and} {last}", rest.join(", ")),
    }
}

/// What a processing statement needs besides the account.
#[derive(Debug, Clone)]
pub struct StatementContext {
    pub subject: String,
    pub today: NaiveDate,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    pub approved_by: String,
    pub granted_by: String,
    /// How the requester's identity was checked (AVG art. 12(6)).
    pub identity_checked: String,
    pub log: LogCheck,
    /// The copy has parts made silent (AVG art. 15(4)); `None`: it is the recording byte for
    /// byte.
    pub muted: Option<MutedStatement>,
    pub org: Org,
}

/// The processing statement handed to a subject with their copy: the log addressed to them.
pub fn processing_statement(
    acc: &Account,
    ctx: &StatementContext,
    lang: Lang,
    templates: &Templates,
) -> Result<String, String> {
    let (t, source) = templates.get(lang, Doc::Statement)?;
    if ctx.muted.is_some() && !t.contains("{{recording_copy}}") {
        // An older template would call the copy the recording byte for byte.
        return Err(format!(
            "the template {source} does not say what the copy is ({{{{recording_copy}}}}); a \
             copy with parts made silent must be described: add it as the built-in template \
             has it"
        ));
    }
    let mut v = item_vars(acc, lang, ctx.today, &ctx.org.zone);
    ctx.org.insert(&mut v);
    v.insert(
        "recording_copy",
        recording_copy(&acc.sha256, ctx.muted.as_ref(), &ctx.approved_by, lang),
    );
    v.insert("subject", inline(&ctx.subject));
    v.insert("request_date", lang.long_date(ctx.requested_on));
    v.insert("request_due", lang.long_date(ctx.due_on));
    v.insert("approved_by", inline(&ctx.approved_by));
    v.insert("granted_by", inline(&ctx.granted_by));
    v.insert("identity_checked", inline(&ctx.identity_checked));
    v.insert("log_check", log_check(&ctx.log, lang));
    v.insert(
        "copies_table",
        copies_table(&acc.copies, lang, &ctx.org.zone),
    );
    render(&t, &v, &source)
}

/// The known copies outside the store, as a table (the certificate's and the statement's):
/// where each is, its kind, when it was registered, and who confirmed its deletion for which
/// day (outstanding until then); a copy handed to the subject is theirs, handed on the day it
/// was registered.
fn copies_table(copies: &[CopyView], lang: Lang, zone: &Zone) -> String {
    if copies.is_empty() {
        return L::NoCopies.text(lang).to_string();
    }
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| # | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
        L::Where.text(lang),
        L::Kind.text(lang),
        L::Registered.text(lang),
        L::DeletionConfirmedBy.text(lang),
        L::On.text(lang)
    );
    for k in copies {
        let (kind, by, on) = match k.kind {
            CopyKind::Handed => {
                let on = local_day(&k.registered_at, zone)
                    .map(|d| lang.long_date(d))
                    .unwrap_or_else(|| when(&k.registered_at));
                (
                    L::CopyKindHanded,
                    S::CopyHandedOn { on: &on }.text(lang),
                    "—".to_string(),
                )
            }
            CopyKind::Held => (
                L::CopyKindHeld,
                k.confirmed_by
                    .as_deref()
                    .map(cell)
                    .unwrap_or_else(|| format!("**{}**", L::Outstanding.text(lang))),
                k.deleted_on
                    .map(|d| lang.long_date(d))
                    .unwrap_or_else(|| "—".into()),
            ),
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} ({}) | {by} | {on} |",
            k.id,
            cell(&crate::core::model::copy_location_text(&k.location, lang)),
            kind.text(lang),
            when_in(&k.registered_at, Some(zone), lang),
            cell(&k.registered_by),
        );
    }
    t
}

/// The certificate of deletion.
pub fn certificate(
    c: &Certificate,
    lang: Lang,
    today: NaiveDate,
    org: &Org,
    templates: &Templates,
) -> Result<String, String> {
    let (t, source) = templates.get(lang, Doc::Certificate)?;
    let mut v = Vars::new();
    org.insert(&mut v);
    let zone = &org.zone;
    v.insert("date", lang.long_date(today));
    v.insert("item", c.item.to_string());
    v.insert("case", inline(&c.case));
    v.insert("file_name", or_unknown(c.file_name.as_deref(), lang));
    v.insert("recording_format", inline(&c.format));
    v.insert("duration", lang.seconds(c.duration_ms));
    v.insert("recording_size", c.size.to_string());
    v.insert("recording_sha256", c.sha256.clone());
    v.insert(
        "received_date",
        local_day(&c.received_at, zone)
            .map(|d| lang.long_date(d))
            .unwrap_or_default(),
    );
    v.insert("received_by", inline(&c.received_by));
    v.insert("channel", channel(lang, &c.channel).to_string());
    v.insert("deleted_at", when_in(&c.deleted_at, Some(zone), lang));
    v.insert("deleted_by", inline(&c.deleted_by));
    v.insert("reason", inline(&c.reason));
    v.insert("requested_by", inline(&c.requested_by));
    v.insert("approved_by", inline(&c.approved_by));
    v.insert(
        "destroyed_list",
        c.destroyed
            .iter()
            .map(|d| format!("- {}", destroyed(lang, d)))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    v.insert(
        "heard_summary",
        heard_summary(
            c.heard_ms.iter().map(|(a, b)| b - a).sum(),
            c.duration_ms,
            lang,
        ),
    );
    v.insert("heard_ranges", ranges_text(&c.heard_ms, lang));
    v.insert("copies_table", copies_table(&c.copies, lang, zone));
    v.insert(
        "copies_status",
        if c.copies_outstanding == 0 {
            L::AllCopiesConfirmed.text(lang).to_string()
        } else {
            format!(
                "**{}: {}**",
                L::CopiesOutstanding.text(lang),
                c.copies_outstanding
            )
        },
    );
    v.insert("recipients", recipients(c, lang));
    v.insert("audit_head", c.audit_head.clone());
    v.insert("backups", backups(c, lang));
    render(&t, &v, &source)
}

/// Whoever received a summary, from the register of uses: each is told of the deletion (AVG
/// art. 19).
fn recipients(c: &Certificate, lang: Lang) -> String {
    if c.recipients.is_empty() {
        return L::NoRecipients.text(lang).to_string();
    }
    let mut t = format!(
        "{}\n\n| {} | {} | {} |\n|---|---|---|\n",
        L::RecipientsToTell.text(lang),
        L::On.text(lang),
        L::Recipient.text(lang),
        L::Purpose.text(lang)
    );
    for r in &c.recipients {
        let _ = writeln!(
            t,
            "| {} | {} | {} |",
            lang.long_date(r.on),
            cell(&r.recipient),
            cell(&r.purpose)
        );
    }
    t
}

/// What the certificate says about the backups made before the deletion.
fn backups(c: &Certificate, lang: Lang) -> String {
    let Some(b) = &c.backups else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(until) = &b.master_key_until {
        let until = day_of(until)
            .map(|d| lang.long_date(d))
            .unwrap_or_else(|| when(until));
        parts.push(S::BackupsMasterKey { until: &until }.text(lang));
    }
    if b.epoch > 0 {
        let (epoch, days) = (b.epoch, b.retention_days);
        parts.push(match b.unreadable_from.map(|d| lang.long_date(d)) {
            Some(on) if b.retired => S::BackupsRetired {
                epoch: &epoch,
                on: &on,
            }
            .text(lang),
            Some(from) => S::BackupsUntilRetired {
                epoch: &epoch,
                from: &from,
                days: &days,
            }
            .text(lang),
            None => S::BackupsNotYetReplaced {
                epoch: &epoch,
                days: &days,
            }
            .text(lang),
        });
    }
    parts.join("\n\n")
}

/// Checks the certificate's template before a deletion, so that a deletion never ends without
/// its certificate because of a template error.
pub fn check_certificate_template(
    lang: Lang,
    org: &Org,
    templates: &Templates,
) -> Result<(), String> {
    certificate(&blank_certificate(), lang, NaiveDate::MIN, org, templates).map(|_| ())
}

/// A certificate with nothing in it, to try a template on.
fn blank_certificate() -> Certificate {
    Certificate {
        item: 0,
        case: String::new(),
        deleted_at: String::new(),
        deleted_by: String::new(),
        reason: String::new(),
        requested_by: String::new(),
        approved_by: String::new(),
        file_name: None,
        format: String::new(),
        duration_ms: 0,
        size: 0,
        sha256: String::new(),
        received_at: String::new(),
        received_by: String::new(),
        channel: String::new(),
        destroyed: Vec::new(),
        heard_ms: Vec::new(),
        copies: Vec::new(),
        copies_outstanding: 0,
        recipients: Vec::new(),
        audit_head: String::new(),
        backups: None,
    }
}

#[cfg(test)]
pub(super) fn test_org() -> Org {
    Org {
        name: Some("Gemeente Utrecht".into()),
        address: Some("Stadsplateau 1, 3521 AZ Utrecht".into()),
        dpo_contact: Some("fg@utrecht.nl".into()),
        ombudsman_name: Some("Ombudsman Utrecht".into()),
        ombudsman_url: Some("https://www.ombudsmanutrecht.nl".into()),
        zone: crate::core::zone::Zone::named("Europe/Amsterdam").expect("zone"),
        writer_name: Some("Fleur de Vries".into()),
        writer_title: Some("jeugdconsulent".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_names_its_recordings_with_their_noun() {
        let ids = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(items_named(&ids(&["7"]), Lang::Nl), "opname 7");
        assert_eq!(items_named(&ids(&["7"]), Lang::En), "item 7");
        let three = ids(&["7", "8", "9"]);
        assert_eq!(items_named(&three, Lang::Nl), "opnamen 7, 8 en 9");
        assert_eq!(items_named(&three, Lang::En), "items 7, 8 and 9");
    }

    #[test]
    fn a_certificate_says_what_was_destroyed_in_the_words_of_the_stores_list() {
        use crate::store::due::deletion::SHREDDED;
        let mut c = blank_certificate();
        c.destroyed = SHREDDED.iter().map(|s| s.code.to_string()).collect();
        c.destroyed.push("from_a_newer_version".into());
        for lang in [Lang::Nl, Lang::En] {
            let md =
                certificate(&c, lang, NaiveDate::MIN, &test_org(), &Templates::default()).unwrap();
            for s in SHREDDED {
                let line = format!("- {}\n", s.describe(lang.code()));
                assert!(md.contains(&line), "{} missing in {lang:?}:\n{md}", s.code);
            }
            assert!(md.contains("- from_a_newer_version\n"), "{md}");
        }
        assert!(
            certificate(
                &c,
                Lang::Nl,
                NaiveDate::MIN,
                &test_org(),
                &Templates::default()
            )
            .unwrap()
            .contains("- het golfvormoverzicht\n")
        );
    }
}
