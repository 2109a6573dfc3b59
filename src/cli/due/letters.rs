//! Letters to the people on a recording, the letter behind a notification, their responses,
//! and the JSON a recorded use prints.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::support::{lang, language_nl, no_document, past_date, refuse_existing};
use crate::cli::args::{Cli, LetterArgs, NotifyArgs, RespondArgs};
use crate::cli::context::{acting_user, open_store};
use crate::cli::failure::{Failure, Outcome, bad, not_json, say};
use crate::cli::io::read_text_file;
use crate::cli::output::{clean, emit};
use crate::cli::typed;
use crate::core::deadlines;
use crate::core::lang::Lang;
use crate::core::model::PersonRole;
use crate::report::{self, Format, LetterContext, LogCheck, Templates};
use crate::store::{ProofBundle, Store, StoreError};

pub fn letter(cli: &Cli, a: &LetterArgs) -> Outcome {
    if a.complaint.is_some() || a.kind != "notification" {
        return super::complaint_letters::complaint_letter(cli, a);
    }
    let Some(subject) = a.subject.as_deref() else {
        return Err(bad(
            "aan wie is de brief? geef --subject NAAM",
            "whom is the letter to? give --subject NAME",
        ));
    };
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    let lang = lang(&a.lang)?;
    let format = match a.format.as_str() {
        "html" => Format::Html,
        "pdf" => Format::Pdf,
        _ => Format::Md,
    };
    if format == Format::Pdf && a.out.is_none() {
        return Err(bad(
            "een PDF wordt naar een bestand geschreven: geef --out BESTAND",
            "a PDF is written to a file: give --out FILE",
        ));
    }
    let today = chrono::Utc::now().date_naive();
    let respond_by = match &a.respond_by {
        Some(d) => {
            let d = typed::date(d)?;
            if d < today {
                return Err(bad(
                    format!("de datum waarvoor gereageerd moet worden ({d}) is al voorbij"),
                    format!("the date to respond by ({d}) lies in the past"),
                ));
            }
            d
        }
        None => deadlines::reply_by(today),
    };
    let templates = Templates::new(a.templates.as_deref());
    // The recordings the letter is about: the one item, or every live item of the case on
    // which the person is a subject.
    let (accs, person) = match (a.item, &a.case) {
        (Some(item), None) => {
            let acc = s.account(&me, item)?;
            if acc.deletion.is_some() {
                return Err(StoreError::BadInput(
                    crate::store::ItemMsg::Deleted { id: item }.into(),
                )
                .into());
            }
            let person = s.subject_of(item, subject)?;
            (vec![acc], person)
        }
        (None, Some(case)) => {
            let mut accs = Vec::new();
            let mut person = None;
            for id in s.case_items(case)? {
                let acc = s.account(&me, id)?;
                if acc.deletion.is_some() {
                    continue;
                }
                if let Ok(p) = s.subject_of(id, subject) {
                    person.get_or_insert(p);
                    accs.push(acc);
                }
            }
            match person {
                Some(p) => (accs, p),
                None => {
                    return Err(bad(
                        format!(
                            "{} staat op geen enkele bewaarde opname van dossier {} als \
                             betrokkene; er is niets geschreven",
                            clean(subject),
                            clean(case)
                        ),
                        format!(
                            "{} is a subject of no live recording of case {}; nothing was \
                             written",
                            clean(subject),
                            clean(case)
                        ),
                    ));
                }
            }
        }
        _ => {
            return Err(bad(
                "geef één opname (ITEM) of een dossier (--case ID), niet allebei",
                "give one item (ITEM) or a case (--case ID), not both",
            ));
        }
    };
    let items: Vec<i64> = accs.iter().map(|acc| acc.item).collect();
    // A child, or a third party, is written to only when the writer confirms it.
    if !a.confirm_recipient {
        for &item in &items {
            let role = s.subject_of(item, subject)?.role;
            if let Some(refused) = recipient_warning(role, &person.name, item) {
                return Err(refused);
            }
        }
    }
    let org = super::support::org_for(&s, &me, lang, report::Doc::Notification, &templates)?;
    // Refused (and logged) before anything is written.
    for &item in &items {
        s.may_write_letter(&me, item)?;
    }
    let proofs_paths: Vec<PathBuf> = match &a.out {
        None => Vec::new(),
        Some(out) if a.case.is_none() => vec![proofs_beside(out)],
        Some(out) => items.iter().map(|i| proofs_of_item(out, *i)).collect(),
    };
    if let Some(p) = &a.out {
        refuse_existing(&[p], a.force)?;
    }
    for p in &proofs_paths {
        refuse_existing(&[p], a.force)?;
    }
    let mut bundles = Vec::new();
    for &item in &items {
        bundles.push(s.proofs_for_item(item)?);
    }
    let mut log = log_check(&bundles[0], proofs_paths.first().map(PathBuf::as_path));
    log.entries = bundles.iter().map(|b| b.entries.len()).sum();
    if proofs_paths.len() > 1 {
        log.proofs_file = Some(
            proofs_paths
                .iter()
                .filter_map(|p| p.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("`, `"),
        );
    }
    let ctx = LetterContext {
        subject: person.name.clone(),
        writer: me.clone(),
        org,
        today,
        respond_by,
        intent: a.intent.clone(),
        contact: a.contact.clone(),
        log,
    };
    let md = report::notification_letter(&accs, &ctx, lang, &templates).map_err(no_document)?;
    let title = match &a.case {
        Some(c) => match lang {
            Lang::Nl => format!("Brief over zaak {}", clean(c)),
            Lang::En => format!("Letter about case {}", clean(c)),
        },
        None => match lang {
            Lang::Nl => format!("Brief over opname {}", items[0]),
            Lang::En => format!("Letter about recording {}", items[0]),
        },
    };
    let text = match format {
        Format::Md => md,
        Format::Html | Format::Pdf => report::to_html(&md, &title, lang),
    };
    // A PDF is set before anything is written: without WeasyPrint, nothing is (exit 2).
    let pdf = match format {
        Format::Pdf => Some(crate::cli::pdf::html_to_pdf(&text).map_err(|e| {
            bad(
                format!("{}; er is niets geschreven", e.text(Lang::Nl)),
                format!("{}; nothing was written", e.text(Lang::En)),
            )
        })?),
        _ => None,
    };
    let bytes = pdf.as_deref().unwrap_or(text.as_bytes());
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes));
    if let Some(p) = &a.out {
        super::support::folders_for(&[p])?;
    }
    for (p, b) in proofs_paths.iter().zip(&bundles) {
        write_proofs(p, b, a.force)?;
    }
    if let Some(p) = &a.out {
        crate::cli::io::write_private(p, bytes, a.force)?;
    }
    let mut letter_ids = Vec::new();
    for acc in &accs {
        let recorded = s.record_letter(
            &me,
            acc.item,
            &person.name,
            &a.kind,
            lang.code(),
            format.ext(),
            &sha,
            &acc.audit_head,
            Some(respond_by),
        );
        match recorded {
            Ok(id) => letter_ids.push(id),
            Err(e) => {
                if let Some(p) = &a.out {
                    if crate::cli::io::guarded().is_some() {
                        // The client wrote it, on its machine: only the user can take it back.
                        return Err(Failure::from(e).then(
                            format!(
                                "de brief {} is geschreven maar niet vastgelegd: verwijder hem, \
                                 hij is nooit verstuurd",
                                p.display()
                            ),
                            format!(
                                "the letter {} was written but not recorded: delete it, it was \
                                 never sent",
                                p.display()
                            ),
                        ));
                    }
                    let _ = std::fs::remove_file(p);
                    for pp in &proofs_paths {
                        let _ = std::fs::remove_file(pp);
                    }
                }
                return Err(e.into());
            }
        }
    }
    let acc = &accs[0];
    let letter_id = letter_ids[0];
    let v = json!({
        "letter": letter_id,
        "letters": letter_ids,
        "item": acc.item,
        "items": items,
        "case": a.case,
        "subject": person.name,
        "kind": a.kind,
        "lang": lang.code(),
        "format": format.ext(),
        "out": a.out,
        "sha256": sha,
        "respond_by": respond_by,
        "audit_head": acc.audit_head,
        "proofs": proofs_paths.first(),
        "proofs_files": proofs_paths,
        "checkpoint_size": bundles[0].tree_size,
        "heard_ms": acc.heard_ms,
        "text": if a.out.is_none() { Some(&text) } else { None },
    });
    if cli.json {
        return emit(true, &v, String::new);
    }
    match &a.out {
        Some(p) => emit(false, &v, || {
            let who = clean(&person.name);
            let mut t = say(
                format!(
                    "Brief {letter_id} aan {who} geschreven naar {} ({}, {}); reageren vóór {}.",
                    p.display(),
                    language_nl(lang),
                    format.ext(),
                    Lang::Nl.date(respond_by),
                ),
                format!(
                    "Letter {letter_id} to {who} written to {} ({}, {}); respond by {respond_by}.",
                    p.display(),
                    lang.code(),
                    format.ext(),
                ),
            );
            for item in &items {
                let command = format!(
                    "`earshot notify {item} --subject \"{who}\" --notified --channel letter --letter {}`",
                    p.display()
                );
                let _ = write!(
                    t,
                    "\n{}",
                    say(
                        format!("Leg vast dat de betrokkene is ingelicht met {command}."),
                        format!("Record the notification with {command}."),
                    )
                );
            }
            t
        }),
        None => emit(false, &v, || text.clone()),
    }
}

/// Why a letter to this person needs `--confirm-recipient`: a child is normally written to
/// through a parent, and a third party learns from it that the family is known to the team.
fn recipient_warning(role: PersonRole, name: &str, item: i64) -> Option<Failure> {
    let name = clean(name);
    match role {
        PersonRole::Child => Some(bad(
            format!(
                "{name} is op opname {item} een kind. Een kind schrijven wij normaal via een \
                 ouder (`earshot notify {item} --subject NAAM --via-parent OUDER`). Wilt u deze \
                 brief toch aan het kind zelf sturen, schrijf dan --confirm-recipient; er is \
                 niets geschreven"
            ),
            format!(
                "{name} is a child on item {item}. A child is normally told through a parent \
                 (`earshot notify {item} --subject NAME --via-parent PARENT`). To send this \
                 letter to the child all the same, add --confirm-recipient; nothing was written"
            ),
        )),
        PersonRole::Other | PersonRole::Professional => Some(bad(
            format!(
                "{name} is op opname {item} een derde, geen lid van het gezin. Uit deze brief \
                 leert {name} dat het gezin bij ons team bekend is. Is dat nodig en mag het, \
                 schrijf dan --confirm-recipient; er is niets geschreven"
            ),
            format!(
                "{name} is a third party on item {item}, not one of the family. From this \
                 letter {name} learns that the family is known to our team. If that is \
                 needed and allowed, add --confirm-recipient; nothing was written"
            ),
        )),
        PersonRole::Sender | PersonRole::Parent => None,
    }
}

/// Where the proofs about one item of a letter about a case go: beside it,
/// `<file name>.item-<N>.proofs.json`.
fn proofs_of_item(doc: &Path, item: i64) -> PathBuf {
    let name = doc
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "letter".into());
    doc.with_file_name(format!("{name}.item-{item}.proofs.json"))
}

/// Where the proofs of a letter written to `doc` go: beside it, `<file name>.proofs.json` (the
/// whole name: a letter in Markdown and the same in HTML do not share one).
pub(crate) fn proofs_beside(doc: &Path) -> PathBuf {
    let name = doc
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "letter".into());
    doc.with_file_name(format!("{name}.proofs.json"))
}

/// What a document says about checking the log, from the proofs handed over with it.
pub(crate) fn log_check(b: &ProofBundle, written: Option<&Path>) -> LogCheck {
    LogCheck {
        key: b.key.clone(),
        checkpoint: b.checkpoint.clone(),
        tree_size: b.tree_size,
        entries: b.entries.len(),
        proofs_file: written
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().into_owned()),
    }
}

/// Writes the proofs (0600, as every document); their SHA-256 and size.
pub(crate) fn write_proofs(
    path: &Path,
    b: &ProofBundle,
    force: bool,
) -> Result<(String, u64), Failure> {
    let json = serde_json::to_string_pretty(b).map_err(|e| not_json(2, e))? + "\n";
    let sha = crate::cli::io::write_private(path, json.as_bytes(), force)?;
    Ok((sha, json.len() as u64))
}

/// For `notify --letter FILE`: the letter earshot wrote (found by the file's SHA-256), checked
/// before anything is recorded.
pub fn letter_for_notify(s: &Store, a: &NotifyArgs) -> Result<Option<i64>, Failure> {
    let Some(path) = &a.letter else {
        return Ok(None);
    };
    let bytes = crate::cli::io::read_file(path).map_err(|e| {
        bad(
            format!("de brief {} kan niet worden gelezen ({e})", path.display()),
            format!("the letter {}: cannot be read ({e})", path.display()),
        )
    })?;
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let l = s.letter_by_hash(a.item, &sha)?;
    let wanted = crate::core::model::normalise_name(&a.subject);
    if l.subject
        .as_deref()
        .map(crate::core::model::normalise_name)
        .is_some_and(|n| n != wanted)
    {
        let to = l.subject.as_deref().map(clean).unwrap_or_default();
        return Err(bad(
            format!(
                "die brief is geschreven aan {to}, niet aan {}",
                clean(&a.subject)
            ),
            format!(
                "that letter was written to {to}, not to {}",
                clean(&a.subject)
            ),
        ));
    }
    Ok(Some(l.id))
}

pub fn attach_letter(s: &mut Store, me: &str, item: i64, letter: Option<i64>) -> Outcome {
    if let Some(l) = letter {
        s.attach_letter(me, item, l)?;
    }
    Ok(())
}

pub fn respond(cli: &Cli, a: &RespondArgs) -> Outcome {
    let me = acting_user()?;
    let text = read_text_file(&a.text_file, crate::store::TextFile::Response)?;
    let received = past_date(a.received.as_deref())?;
    let mut s = open_store(cli)?;
    // Every response is registered as a complaint first, whatever follows.
    let (rid, cid) = s.record_response(&me, a.item, &a.subject, &text, received)?;
    let registered = say(
        format!(
            "Reactie {rid} van {} op item {} vastgelegd en geregistreerd als klacht {cid}.",
            clean(&a.subject),
            a.item
        ),
        format!(
            "Response {rid} of {} to item {} recorded and registered as complaint {cid}.",
            clean(&a.subject),
            a.item
        ),
    );
    let downgraded = match (a.not_a_complaint, &a.approved_by, &a.reason) {
        (true, Some(lead), Some(reason)) => {
            let ask = crate::store::Ask::Downgrade {
                complaint: cid,
                reason: reason.clone(),
            };
            let done =
                crate::cli::approvals::lead_proof(&mut s, &me, lead, a.pin_stdin, ask, a.wait_s)
                    .and_then(|proof| Ok(s.complaint_downgrade(&me, cid, lead, &proof, reason)?));
            if let Err(e) = done {
                // Said on its own line before the refusal: the response is not lost.
                crate::cli::io::err_line(&format!(
                    "{registered} {}",
                    say(
                        format!(
                            "Het blijft een klacht; opnieuw vragen: earshot complaint downgrade \
                             {cid} --approved-by TEAMLEIDER --reason TEKST"
                        ),
                        format!(
                            "It stays a complaint; to ask again: earshot complaint downgrade \
                             {cid} --approved-by LEAD --reason TEXT"
                        ),
                    )
                ));
                return Err(e);
            }
            true
        }
        _ => false,
    };
    let c = s.complaint(cid)?;
    let v = json!({
        "response": rid,
        "item": a.item,
        "subject": a.subject,
        "complaint": c,
        "complaint_offered": false,
        "not_a_complaint": downgraded,
    });
    emit(cli.json, &v, || {
        let mut t = registered.clone();
        let lead = clean(a.approved_by.as_deref().unwrap_or_default());
        if downgraded {
            let _ = write!(
                t,
                "\n{}",
                say(
                    format!("Behandeld als informatieverzoek, met akkoord van {lead}."),
                    format!("Treated as an information request, approved by {lead}."),
                )
            );
        } else {
            let _ = write!(
                t,
                "\n{}",
                say(
                    format!(
                        "Ontvangst bevestigen vóór {}, beslissen vóór {}.",
                        Lang::Nl.date(c.acknowledge_by),
                        Lang::Nl.date(c.decide_by)
                    ),
                    format!(
                        "Acknowledge by {}, decide by {}.",
                        c.acknowledge_by, c.decide_by
                    ),
                )
            );
        }
        t
    })
}

/// The JSON `use` prints: the use and the moment subjects must have been informed by.
pub fn use_json(s: &Store, me: &str, item: i64, use_id: i64) -> Result<serde_json::Value, Failure> {
    let u = s.use_account(me, item, use_id)?;
    Ok(json!({
        "item": item,
        "use": use_id,
        "recipient": u.using.recipient,
        "discloses": true,
        "inform_subjects_by": u.inform_subjects_by,
        "informed": u.informed,
        "not_informed": u.not_informed,
    }))
}
