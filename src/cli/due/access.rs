//! Subject access: requests, their deadlines, and what is granted.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::json;

use super::mute;
use super::support::{
    io_fail, lang, no_document, past_date, private_dir, refuse_existing, safe_file_name,
};
use crate::audio::mute::CopyFormat;
use crate::cli::args::{AccessCommand, Cli};
use crate::cli::context::{acting_user, open_store, overseer_pin};
use crate::cli::failure::integrity;
use crate::cli::failure::{Failure, Outcome, bad, say, spoken};
use crate::cli::io::write_private;
use crate::cli::output::{clean, emit};
use crate::core::lang::Lang;
use crate::core::time::format_offset_tenths;
use crate::report::{self, MutedStatement, StatementContext, Templates};
use crate::store::due::{AccessView, ExportedFile, MutedExport};

fn access_line(a: &AccessView) -> String {
    if spoken() == Lang::Nl {
        let nl = Lang::Nl;
        return format!(
            "{:>4}  item {:<4} {:<24} gevraagd {}  uiterlijk {}{}  {}{}",
            a.id,
            a.item,
            a.subject
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "(vernietigd)".into()),
            nl.date(a.requested_on),
            nl.date(a.due_on),
            if a.extended_to.is_some() {
                " (verlengd)"
            } else {
                ""
            },
            match a.status.as_str() {
                "open" => "open",
                "granted" => "gegeven",
                other => other,
            },
            if a.overdue { "  TE LAAT" } else { "" }
        );
    }
    format!(
        "{:>4}  item {:<4} {:<24} requested {}  due {}{}  {}{}",
        a.id,
        a.item,
        a.subject
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "(destroyed)".into()),
        a.requested_on,
        a.due_on,
        if a.extended_to.is_some() {
            " (extended)"
        } else {
            ""
        },
        a.status,
        if a.overdue { "  OVERDUE" } else { "" }
    )
}

pub fn access(cli: &Cli, c: &AccessCommand) -> Outcome {
    let me = acting_user()?;
    let j = cli.json;
    match c {
        AccessCommand::Request {
            item,
            subject,
            received,
        } => {
            let on = past_date(received.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.access_request(&me, *item, subject, on)?;
            emit(j, &v, || {
                say(
                    format!(
                        "Inzageverzoek {} van {} voor item {} geopend: antwoord uiterlijk {} \
                         (één maand).",
                        v.id,
                        clean(subject),
                        item,
                        Lang::Nl.date(v.due_on)
                    ),
                    format!(
                        "Access request {} of {} for item {} opened: answer due by {} (one month).",
                        v.id,
                        clean(subject),
                        item,
                        v.due_on
                    ),
                )
            })
        }
        AccessCommand::Extend {
            item,
            subject,
            reason,
            months,
        } => {
            let mut s = open_store(cli)?;
            let v = s.access_extend(&me, *item, subject, *months, reason)?;
            emit(j, &v, || {
                say(
                    format!(
                        "Inzageverzoek {} verlengd tot {}. Laat {} vóór {} schriftelijk weten \
                         waarom.",
                        v.id,
                        Lang::Nl.date(v.due_on),
                        clean(subject),
                        Lang::Nl.date(v.due_original)
                    ),
                    format!(
                        "Access request {} extended to {}. Tell {} why, in writing, before {}.",
                        v.id,
                        v.due_on,
                        clean(subject),
                        v.due_original
                    ),
                )
            })
        }
        AccessCommand::Grant {
            item,
            subject,
            approved_by,
            identity_checked,
            pin_stdin,
            out,
            lang: l,
            force,
            templates,
            mute,
            mute_reason,
        } => grant(
            cli,
            &me,
            *item,
            subject,
            (approved_by, identity_checked),
            *pin_stdin,
            out,
            l,
            *force,
            templates.as_deref(),
            (mute, mute_reason.as_deref()),
        ),
        AccessCommand::List { item, open } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            let list: Vec<AccessView> = s
                .access_requests(*item)?
                .into_iter()
                .filter(|a| !*open || a.status == "open")
                .collect();
            emit(j, &list, || {
                if list.is_empty() {
                    say("Geen inzageverzoeken.", "No access requests.")
                } else {
                    list.iter().map(access_line).collect::<Vec<_>>().join("\n")
                }
            })
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn grant(
    cli: &Cli,
    me: &str,
    item: i64,
    subject: &str,
    (approved_by, identity_checked): (&str, &str),
    pin_stdin: bool,
    out: &Path,
    l: &str,
    force: bool,
    templates: Option<&Path>,
    (mute, mute_reason): (&[String], Option<&str>),
) -> Outcome {
    let lang = lang(l)?;
    let mute = mute::parse_ranges(mute)?;
    let mut s = open_store(cli)?;
    let ask = GrantAsk {
        item,
        subject,
        approved_by,
        identity_checked,
        out,
        lang,
        force,
        templates,
        mute: &mute,
        mute_reason,
    };
    let g = grant_access(&mut s, me, &ask, || {
        overseer_pin(me, approved_by, pin_stdin)
    })?;
    for w in &g.warnings {
        crate::cli::io::err_line(w);
    }
    let mut v = json!({
        "item": item,
        "subject": g.subject,
        "request": g.request,
        "approved_by": g.approved_by,
        "consent_asked": false,
        "verified": true,
        "recording_sha256": g.recording_sha256,
        "files": g.files,
        "audit_head": g.audit_head,
    });
    if let Some(m) = &g.muted {
        v["muted_ms"] = json!(m.ranges_ms);
        v["copy_sha256"] = json!(g.files[0].sha256);
    }
    emit(cli.json, &v, || {
        let mut t = say(
            format!(
                "Inzage gegeven aan {} voor item {} (akkoord van {}; niemand anders om \
                 toestemming gevraagd).\n",
                clean(&g.subject),
                item,
                clean(&g.approved_by)
            ),
            format!(
                "Access granted to {} for item {} (approved by {}; nobody else's consent asked).\n",
                clean(&g.subject),
                item,
                clean(&g.approved_by)
            ),
        );
        for f in &g.files {
            let _ = writeln!(t, "  {}  {}", f.path.display(), f.sha256);
        }
        if let Some(m) = &g.muted {
            let ranges: Vec<String> = m
                .ranges_ms
                .iter()
                .map(|&(a, b)| format!("{}-{}", format_offset_tenths(a), format_offset_tenths(b)))
                .collect();
            let ranges = ranges.join(", ");
            let _ = writeln!(
                t,
                "{}",
                say(
                    format!(
                        "In de kopie zijn deze delen stil gemaakt: {ranges} (de opname in de \
                         opslag is niet veranderd)."
                    ),
                    format!(
                        "The copy has these parts made silent: {ranges} (the recording in the store is unchanged)."
                    ),
                )
            );
        }
        let _ = write!(
            t,
            "{}",
            say(
                format!(
                    "De SHA-256 van de opname is dezelfde als bij het inlezen.\nLaatste regel \
                     van het logboek: {}",
                    g.audit_head
                ),
                format!(
                    "The recording's SHA-256 matches the one taken at import.\nAudit head: {}",
                    g.audit_head
                ),
            )
        );
        t
    })
}

/// What a grant asks for: from the command line (`access grant`) or the terminal UI's access
/// copy screen, which both hand it to [`grant_access`].
pub struct GrantAsk<'a> {
    pub item: i64,
    pub subject: &'a str,
    pub approved_by: &'a str,
    pub identity_checked: &'a str,
    /// The folder the copy, the statement and the proofs are written to.
    pub out: &'a Path,
    /// The statement's language.
    pub lang: Lang,
    /// Replace files that exist.
    pub force: bool,
    pub templates: Option<&'a Path>,
    /// Ranges to make silent, `[from, to)` in milliseconds as asked: in any order, overlapping
    /// or not (they are merged), checked against the recording's length here. None: the copy
    /// is the original, byte for byte.
    pub mute: &'a [(u64, u64)],
    /// Why those ranges are made silent (required with any).
    pub mute_reason: Option<&'a str>,
}

/// What a grant did: the request granted, the files written (the copy first) and what the
/// statement says was made silent.
#[derive(Debug, Clone)]
pub struct Granted {
    pub item: i64,
    pub subject: String,
    pub request: AccessView,
    pub approved_by: String,
    /// The SHA-256 of the recording in the store (taken at import, checked on export).
    pub recording_sha256: String,
    /// The copy (the original, or the muted copy), the proofs, and the statement as Markdown,
    /// HTML and, with WeasyPrint, PDF.
    pub files: Vec<ExportedFile>,
    pub audit_head: String,
    pub muted: Option<MutedExport>,
    /// What was not done but did not stop the grant (no PDF without WeasyPrint), in the
    /// language failures are worded in.
    pub warnings: Vec<String>,
}

/// Grants `ask.subject` access to item `ask.item` with a team leader's approval and hands out
/// the copy: the checks (the item is there, the ranges fit the recording, no file is in the
/// way, the templates and the profile make a statement), the grant through the store's gate
/// (four eyes: the approver is never `me`), the copy written (the original byte for byte, or
/// with the ranges made silent), registered as handed out, the statement (Markdown, HTML,
/// PDF) and the proofs written, and the export logged. `pin` is asked for only once the
/// checks passed. The command line and the terminal UI both grant through this one function.
///
/// Files are written where [`crate::cli::io`] writes them: inside the guardian, by its client.
/// Failures are worded in the language set with [`crate::cli::failure::speaking`].
pub fn grant_access(
    s: &mut crate::store::Store,
    me: &str,
    ask: &GrantAsk,
    pin: impl FnOnce() -> Result<Option<String>, Failure>,
) -> Result<Granted, Failure> {
    let GrantAsk {
        item,
        subject,
        approved_by,
        identity_checked,
        out,
        lang,
        force,
        ..
    } = *ask;
    let templates = Templates::new(ask.templates);
    let acc = s.account(me, item)?;
    if acc.deletion.is_some() {
        return Err(bad(
            format!("item {item} is vernietigd; er is niets meer af te geven behalve het verslag"),
            format!(
                "item {item} has been deleted; there is nothing left to hand out but its report"
            ),
        ));
    }
    // Ranges to make silent are checked before anything is granted or logged.
    let plan = mute::plan(ask.mute, ask.mute_reason, acc.duration_ms)?;
    let person = s.subject_of(item, subject)?;
    let original_name = safe_file_name(
        acc.file_name.as_deref().unwrap_or(""),
        &format!("item-{item}.{}", acc.format),
    );
    let copy_format = CopyFormat::for_container(&acc.format);
    let rec_name = match &plan {
        Some(_) => mute::copy_name(&original_name, copy_format, lang),
        None => original_name.clone(),
    };
    let stem = match lang {
        Lang::Nl => format!("verwerkingsoverzicht-opname-{item}"),
        Lang::En => format!("processing-statement-item-{item}"),
    };
    let rec_path = out.join(&rec_name);
    let md_path = out.join(format!("{stem}.md"));
    let html_path = out.join(format!("{stem}.html"));
    let pdf_path = out.join(format!("{stem}.pdf"));
    let proofs_path = out.join(format!("{stem}.proofs.json"));
    if rec_path == md_path
        || rec_path == html_path
        || rec_path == pdf_path
        || rec_path == proofs_path
    {
        return Err(bad(
            "de bestandsnaam van de opname is dezelfde als die van het verwerkingsoverzicht",
            "the recording's file name clashes with the statement's",
        ));
    }
    refuse_existing(
        &[&rec_path, &md_path, &html_path, &pdf_path, &proofs_path],
        force,
    )?;
    // The templates and the profile are checked before anything changes.
    let today = chrono::Utc::now().date_naive();
    let org = super::support::org_for(s, me, lang, report::Doc::Statement, &templates)?;
    let probe = StatementContext {
        subject: person.name.clone(),
        today,
        requested_on: today,
        due_on: today,
        approved_by: approved_by.to_string(),
        granted_by: me.to_string(),
        identity_checked: identity_checked.to_string(),
        log: Default::default(),
        muted: plan.as_ref().map(|p| MutedStatement {
            ranges_ms: p.ranges_ms.clone(),
            reason: p.reason.clone(),
            file_name: rec_name.clone(),
            format: copy_format.name().to_string(),
            sha256: String::new(),
            size: 0,
        }),
        org: org.clone(),
    };
    report::processing_statement(&acc, &probe, lang, &templates).map_err(no_document)?;
    let pin = pin()?;
    let permit = s.access_grant(
        me,
        item,
        subject,
        approved_by,
        pin.as_deref(),
        identity_checked,
    )?;
    private_dir(out)?;
    let guarded = crate::cli::io::guarded().is_some();
    let mut made = None;
    let (rec, permit) = match &plan {
        // Inside the guardian the subject's copy is written by the client, on its machine.
        None if guarded => {
            let (bytes, rec, permit) = s.export_for_access_in_memory(permit, &rec_path)?;
            write_private(&rec_path, &bytes, force)?;
            (rec, permit)
        }
        None => s.export_for_access(permit, &rec_path, force)?,
        Some(p) if guarded => {
            let maker = mute::maker(&p.ranges_ms, &mut made);
            let (bytes, rec, permit) =
                s.export_muted_for_access_in_memory(permit, &rec_path, maker)?;
            write_private(&rec_path, &bytes, force)?;
            (rec, permit)
        }
        Some(p) => {
            let maker = mute::maker(&p.ranges_ms, &mut made);
            s.export_muted_for_access(permit, &rec_path, force, maker)?
        }
    };
    if let Some(m) = &made
        && m.format != copy_format
    {
        return Err(integrity(
            format!(
                "de kopie is geschreven als {} terwijl {} werd verwacht",
                m.format.name(),
                copy_format.name()
            ),
            format!(
                "the copy was written as {} where {} was expected",
                m.format.name(),
                copy_format.name()
            ),
        ));
    }
    // The recording is now the subject's copy: registered before the statement is written, so
    // that it lists it too.
    s.access_handed(&permit)?;
    let acc = s.account(me, item)?;
    let bundle = s.proofs_for_item(item)?;
    let (proofs_sha, proofs_size) = super::letters::write_proofs(&proofs_path, &bundle, force)?;
    let req = acc
        .access_requests
        .iter()
        .find(|r| r.id == permit.request())
        .ok_or_else(|| {
            integrity(
                "het inzageverzoek verdween terwijl het werd toegekend",
                "the access request vanished while granting it",
            )
        })?;
    let ctx = StatementContext {
        subject: person.name.clone(),
        today,
        requested_on: req.requested_on,
        due_on: req.due_on,
        approved_by: permit.approved_by().to_string(),
        granted_by: permit.user().to_string(),
        identity_checked: permit.identity_checked().to_string(),
        log: super::letters::log_check(&bundle, Some(&proofs_path)),
        muted: plan.as_ref().map(|p| MutedStatement {
            ranges_ms: p.ranges_ms.clone(),
            reason: p.reason.clone(),
            file_name: rec_name.clone(),
            format: copy_format.name().to_string(),
            sha256: rec.sha256.clone(),
            size: rec.size,
        }),
        org,
    };
    let md = report::processing_statement(&acc, &ctx, lang, &templates).map_err(no_document)?;
    let html = report::to_html(&md, &stem, lang);
    let mut files = vec![rec];
    files.push(ExportedFile {
        kind: "proofs".into(),
        path: proofs_path.clone(),
        sha256: proofs_sha,
        size: proofs_size,
    });
    // The PDF beside the HTML; without WeasyPrint a warning says so and the rest is written.
    let mut warnings = Vec::new();
    let pdf = match crate::cli::pdf::html_to_pdf(&html) {
        Ok(pdf) => Some(pdf),
        Err(e) => {
            warnings.push(match crate::cli::failure::spoken() {
                Lang::Nl => format!(
                    "Let op: {}; het verwerkingsoverzicht is geschreven als Markdown en HTML, \
                     zonder PDF",
                    e.text(Lang::Nl)
                ),
                Lang::En => format!(
                    "Warning: {}; the processing statement is written as Markdown and HTML, \
                     without a PDF",
                    e.text(Lang::En)
                ),
            });
            None
        }
    };
    let mut docs: Vec<(&str, &Path, &[u8])> = vec![
        ("statement_md", &md_path, md.as_bytes()),
        ("statement_html", &html_path, html.as_bytes()),
    ];
    if let Some(pdf) = &pdf {
        docs.push(("statement_pdf", &pdf_path, pdf));
    }
    for (kind, path, bytes) in docs {
        let sha = write_private(path, bytes, force).map_err(io_fail)?;
        files.push(ExportedFile {
            kind: kind.into(),
            path: path.to_path_buf(),
            sha256: sha,
            size: bytes.len() as u64,
        });
    }
    let muted = plan.map(|p| MutedExport {
        ranges_ms: p.ranges_ms,
        reason: p.reason,
    });
    let request = s.access_exported(&permit, &files, muted.as_ref())?;
    Ok(Granted {
        item,
        subject: person.name,
        request,
        approved_by: permit.approved_by().to_string(),
        recording_sha256: acc.sha256,
        files,
        audit_head: acc.audit_head,
        muted,
        warnings,
    })
}
