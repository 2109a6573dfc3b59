//! Letters to the people on a recording, the letter behind a notification, their responses,
//! and the JSON a recorded use prints.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::support::{lang, past_date, print_or_write, refuse_existing};
use crate::cli::args::{Cli, LetterArgs, NotifyArgs, RespondArgs};
use crate::cli::context::{acting_user, open_store};
use crate::cli::failure::{Failure, Outcome, bad};
use crate::cli::io::read_text_file;
use crate::cli::output::{clean, emit};
use crate::core::deadlines;
use crate::core::time::parse_date;
use crate::report::{self, Format, LetterContext, LogCheck, Templates};
use crate::store::{ProofBundle, Store, StoreError};

pub fn letter(cli: &Cli, a: &LetterArgs) -> Outcome {
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    let lang = lang(&a.lang)?;
    let format = if a.format == "html" {
        Format::Html
    } else {
        Format::Md
    };
    let today = chrono::Utc::now().date_naive();
    let respond_by = match &a.respond_by {
        Some(d) => {
            let d = parse_date(d).map_err(bad)?;
            if d < today {
                return Err(bad(format!(
                    "the date to respond by ({d}) lies in the past"
                )));
            }
            d
        }
        None => deadlines::reply_by(today),
    };
    let acc = s.account(&me, a.item)?;
    if acc.deletion.is_some() {
        return Err(
            StoreError::BadInput(crate::store::ItemMsg::Deleted { id: a.item }.into()).into(),
        );
    }
    let person = s.subject_of(a.item, &a.subject)?;
    // Refused (and logged) before anything is written.
    s.may_write_letter(&me, a.item)?;
    let proofs_path = a.out.as_deref().map(proofs_beside);
    if let Some(p) = &a.out {
        refuse_existing(&[p], a.force)?;
    }
    if let Some(p) = &proofs_path {
        refuse_existing(&[p], a.force)?;
    }
    let bundle = s.proofs_for_item(a.item)?;
    let ctx = LetterContext {
        subject: person.name.clone(),
        writer: me.clone(),
        today,
        respond_by,
        intent: a.intent.clone(),
        contact: a.contact.clone(),
        log: log_check(&bundle, proofs_path.as_deref()),
    };
    let md = report::notification_letter(&acc, &ctx, lang, &Templates::new(a.templates.as_deref()))
        .map_err(bad)?;
    let text = match format {
        Format::Md => md,
        Format::Html => report::to_html(&md, &format!("earshot: item {}", a.item), lang),
    };
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
    if let Some(p) = &proofs_path {
        write_proofs(p, &bundle, a.force)?;
    }
    print_or_write(a.out.as_deref(), a.force, &text)?;
    let recorded = s.record_letter(
        &me,
        a.item,
        &person.name,
        &a.kind,
        lang.code(),
        format.ext(),
        &sha,
        &acc.audit_head,
        Some(respond_by),
    );
    let letter_id = match recorded {
        Ok(id) => id,
        Err(e) => {
            if let Some(p) = &a.out {
                if crate::cli::io::guarded().is_some() {
                    // The client wrote it, on its machine: only the user can take it back.
                    let mut f: Failure = e.into();
                    f.message = format!(
                        "{}; the letter {} was written but not recorded: delete it, it was never sent",
                        f.message,
                        p.display()
                    );
                    return Err(f);
                }
                let _ = std::fs::remove_file(p);
                if let Some(pp) = &proofs_path {
                    let _ = std::fs::remove_file(pp);
                }
            }
            return Err(e.into());
        }
    };
    let v = json!({
        "letter": letter_id,
        "item": a.item,
        "subject": person.name,
        "kind": a.kind,
        "lang": lang.code(),
        "format": format.ext(),
        "out": a.out,
        "sha256": sha,
        "respond_by": respond_by,
        "audit_head": acc.audit_head,
        "proofs": proofs_path,
        "checkpoint_size": bundle.tree_size,
        "heard_ms": acc.heard_ms,
        "text": if a.out.is_none() { Some(&text) } else { None },
    });
    if cli.json {
        return emit(true, &v, String::new);
    }
    match &a.out {
        Some(p) => emit(false, &v, || {
            format!(
                "Letter {letter_id} to {} written to {} ({}, {}); respond by {respond_by}.\nRecord the notification with `earshot notify {} --subject \"{}\" --notified --channel letter --letter {}`.",
                clean(&person.name),
                p.display(),
                lang.code(),
                format.ext(),
                a.item,
                clean(&person.name),
                p.display()
            )
        }),
        None => emit(false, &v, || text.clone()),
    }
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
    let json = serde_json::to_string_pretty(b).map_err(|e| bad(e.to_string()))? + "\n";
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
        bad(format!(
            "the letter {}: cannot be read ({e})",
            path.display()
        ))
    })?;
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let l = s.letter_by_hash(a.item, &sha)?;
    let wanted = crate::core::model::normalise_name(&a.subject);
    if l.subject
        .as_deref()
        .map(crate::core::model::normalise_name)
        .is_some_and(|n| n != wanted)
    {
        return Err(bad(format!(
            "that letter was written to {}, not to {}",
            l.subject.as_deref().map(clean).unwrap_or_default(),
            clean(&a.subject)
        )));
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
    let registered = format!(
        "Response {rid} of {} to item {} recorded and registered as complaint {cid}.",
        clean(&a.subject),
        a.item
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
                    "{registered} It stays a complaint; to ask again: earshot complaint \
                     downgrade {cid} --approved-by LEAD --reason TEXT"
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
        if downgraded {
            let _ = write!(
                t,
                "\nTreated as an information request, approved by {}.",
                clean(a.approved_by.as_deref().unwrap_or_default())
            );
        } else {
            let _ = write!(
                t,
                "\nAcknowledge by {}, decide by {}.",
                c.acknowledge_by, c.decide_by
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
