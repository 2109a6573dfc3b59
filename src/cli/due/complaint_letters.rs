//! `letter --complaint N --kind complaint-ack|complaint-postpone|complaint-decision`: the
//! letters to a complainant (Awb 9:6, 9:11(2), 9:12), filled from the complaint register.

use serde_json::json;

use super::support::{lang, no_document, org_for, refuse_existing};
use crate::cli::args::{Cli, LetterArgs};
use crate::cli::context::{acting_user, open_store};
use crate::cli::failure::{Failure, Outcome, bad, spoken};
use crate::cli::output::emit;
use crate::core::audit::{ComplaintLetterKind, LetterFormat};
use crate::core::lang::Lang;
use crate::report::{self, Format, Templates};

pub fn complaint_letter(cli: &Cli, a: &LetterArgs) -> Outcome {
    let nl = spoken() == Lang::Nl;
    let (kind, cid) = match (ComplaintLetterKind::parse(&a.kind), a.complaint) {
        (Some(k), Some(c)) => (k, c),
        (Some(_), None) => {
            return Err(bad(
                "een brief aan een klager hoort bij een klacht: geef --complaint N",
                "a letter to a complainant is about a complaint: give --complaint N",
            ));
        }
        (None, _) => {
            return Err(bad(
                "een brief over een klacht is complaint-ack, complaint-postpone of \
                 complaint-decision (--kind)",
                "a letter about a complaint is complaint-ack, complaint-postpone or \
                 complaint-decision (--kind)",
            ));
        }
    };
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    s.user(&me)?;
    let lang = lang(&a.lang)?;
    let (format, letter_format) = match a.format.as_str() {
        "html" => (Format::Html, LetterFormat::Html),
        "pdf" => (Format::Pdf, LetterFormat::Pdf),
        _ => (Format::Md, LetterFormat::Md),
    };
    if format == Format::Pdf && a.out.is_none() {
        return Err(bad(
            "een PDF wordt naar een bestand geschreven: geef --out BESTAND",
            "a PDF is written to a file: give --out FILE",
        ));
    }
    let templates = Templates::new(a.templates.as_deref());
    let c = s.complaint_for_letter(cid, kind)?;
    let org = org_for(&s, &me, lang, report::complaint_doc(kind), &templates)?;
    let today = chrono::Utc::now().date_naive();
    let md =
        report::complaint_letter(kind, &c, &org, today, lang, &templates).map_err(no_document)?;
    let text = match format {
        Format::Md => md,
        Format::Html | Format::Pdf => report::to_html(
            &md,
            &match lang {
                Lang::Nl => format!("Brief over klacht {cid}"),
                Lang::En => format!("Letter about complaint {cid}"),
            },
            lang,
        ),
    };
    // A PDF is set before anything is written: without WeasyPrint, nothing is (exit 2).
    let pdf = match format {
        Format::Pdf => Some(
            crate::cli::pdf::html_to_pdf(&text)
                .map_err(|e| bad(e.text(Lang::Nl), e.text(Lang::En)))?,
        ),
        _ => None,
    };
    let bytes = pdf.as_deref().unwrap_or(text.as_bytes());
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes));
    if let Some(p) = &a.out {
        refuse_existing(&[p], a.force)?;
        super::support::folders_for(&[p])?;
        crate::cli::io::write_private(p, bytes, a.force)?;
    }
    if let Err(e) = s.record_complaint_letter(&me, cid, kind, lang, letter_format, &sha) {
        if let Some(p) = &a.out {
            let mut f: Failure = e.into();
            if crate::cli::io::guarded().is_some() {
                // The client wrote it, on its machine: only the user can take it back.
                f = f.then(
                    format!(
                        "de brief {} is geschreven maar niet vastgelegd: verwijder hem, hij is \
                         nooit verstuurd",
                        p.display()
                    ),
                    format!(
                        "the letter {} was written but not recorded: delete it, it was never \
                         sent",
                        p.display()
                    ),
                );
            } else {
                let _ = std::fs::remove_file(p);
            }
            return Err(f);
        }
        return Err(e.into());
    }
    let v = json!({
        "complaint": cid,
        "item": c.item,
        "kind": kind.as_str(),
        "lang": lang.code(),
        "format": format.ext(),
        "out": a.out,
        "sha256": sha,
        "decide_by": c.decide_by,
        "text": if a.out.is_none() { Some(&text) } else { None },
    });
    if cli.json {
        return emit(true, &v, String::new);
    }
    match &a.out {
        Some(p) => emit(false, &v, || {
            let mut t = if nl {
                format!(
                    "Brief met {} over klacht {cid} geschreven naar {} ({}, {}).",
                    match kind {
                        ComplaintLetterKind::Ack => "de ontvangstbevestiging",
                        ComplaintLetterKind::Postpone => "het uitstel",
                        ComplaintLetterKind::Decision => "de beslissing",
                    },
                    p.display(),
                    super::support::language_nl(lang),
                    format.ext()
                )
            } else {
                format!(
                    "Letter {} about complaint {cid} written to {} ({}, {}).",
                    kind.as_str(),
                    p.display(),
                    lang.code(),
                    format.ext()
                )
            };
            if kind == ComplaintLetterKind::Ack && c.acknowledged_on.is_none() {
                t.push_str(&if nl {
                    format!(
                        "\nLeg vast dat hij is verstuurd met `earshot complaint ack {cid} --on \
                         DATUM`."
                    )
                } else {
                    "\nRecord that it was sent with `earshot complaint ack N --on DATE`.".into()
                });
            }
            t
        }),
        None => emit(false, &v, || text.clone()),
    }
}
