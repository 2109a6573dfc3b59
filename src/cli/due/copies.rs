//! Copies outside the store, and deleting an item with a certificate that accounts for them.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::json;

use super::support::{lang, no_document, past_date, private_dir, refuse_existing};
use crate::cli::approvals::wait_for;
use crate::cli::args::{CertificateArgs, Cli, CopyCommand, DeleteArgs};
use crate::cli::context::{acting_user, open_store, read_pin};
use crate::cli::failure::integrity;
use crate::cli::failure::{Failure, Outcome, bad, not_json, say, spoken};
use crate::cli::io::write_private;
use crate::cli::output::{clean, emit};
use crate::cli::show_nl::moment;
use crate::core::lang::Lang;
use crate::core::model::{CopyKind, copy_location_text};
use crate::report::{self, Templates};
use crate::store::{Ask, LeadProof};

pub fn copies(cli: &Cli, c: &CopyCommand) -> Outcome {
    let me = acting_user()?;
    let j = cli.json;
    match c {
        CopyCommand::Add { item, location } => {
            let mut s = open_store(cli)?;
            let id = s.register_copy(&me, *item, location)?;
            emit(
                j,
                &json!({ "copy": id, "item": item, "where": location }),
                || {
                    say(
                        format!(
                            "Kopie {id} van item {item} vastgelegd; item {item} heeft kopieën \
                             buiten de opslag tot bevestigd is dat die gewist is (`earshot copy \
                             confirm {id} --by NAAM`)."
                        ),
                        format!(
                            "Copy {id} of item {item} registered; item {item} has copies outstanding until it is confirmed deleted (`earshot copy confirm {id} --by USER`)."
                        ),
                    )
                },
            )
        }
        CopyCommand::Confirm {
            copy,
            by,
            on,
            pin_stdin,
            wait_s,
        } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            let who = s.user(by)?.name;
            // Checked before anyone is asked: nothing to confirm, or a day that cannot be.
            let (_, on) = s.copy_confirmation(*copy, on)?;
            let proof = if who == me {
                LeadProof::None
            } else if *pin_stdin {
                LeadProof::from_pin(read_pin(&who, true)?.as_deref())
            } else {
                let ask = Ask::CopyConfirm { copy: *copy, on };
                LeadProof::Approval(wait_for(&mut s, &me, &ask, Some(&who), *wait_s)?)
            };
            s.confirm_copy_deleted(&me, *copy, &who, Some(on), &proof)?;
            let v = json!({ "copy": copy, "confirmed_by": who, "deleted_on": on });
            emit(j, &v, || {
                say(
                    format!(
                        "Kopie {copy}: {} bevestigt dat die op {} is gewist.",
                        clean(&who),
                        Lang::Nl.date(on)
                    ),
                    format!(
                        "Copy {copy}: deletion on {on} confirmed by {}.",
                        clean(&who)
                    ),
                )
            })
        }
        CopyCommand::List { item } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            match item {
                Some(i) => {
                    let list = s.copies(*i)?;
                    let outstanding = list.iter().filter(|c| c.outstanding()).count();
                    let v = json!({ "item": i, "copies": list, "copies_outstanding": outstanding });
                    emit(j, &v, || {
                        if spoken() == Lang::Nl {
                            return copy_list_nl(&list, outstanding);
                        }
                        let mut t = String::new();
                        for c in &list {
                            let _ = writeln!(
                                t,
                                "{:>4}  {:<36} registered {} by {}  {}",
                                c.id,
                                clean(&c.location),
                                c.registered_at,
                                clean(&c.registered_by),
                                match (c.kind, &c.confirmed_by, c.deleted_on) {
                                    (CopyKind::Handed, ..) => "handed to the subject".into(),
                                    (_, Some(b), Some(d)) =>
                                        format!("deleted {d}, confirmed by {}", clean(b)),
                                    (_, Some(b), None) =>
                                        format!("deleted, confirmed by {}", clean(b)),
                                    _ => "OUTSTANDING".into(),
                                }
                            );
                        }
                        if list.is_empty() {
                            t.push_str("No copies outside the store are known.");
                        } else if outstanding > 0 {
                            let _ = write!(t, "Copies outstanding: {outstanding}.");
                        }
                        t
                    })
                }
                None => {
                    let list = s.copies_outstanding()?;
                    let v: Vec<_> = list
                        .iter()
                        .map(|(i, n)| json!({ "item": i, "copies_outstanding": n }))
                        .collect();
                    emit(j, &v, || {
                        if list.is_empty() {
                            say("Geen kopieën buiten de opslag.", "No copies outstanding.")
                        } else {
                            list.iter()
                                .map(|(i, n)| {
                                    say(
                                        format!("item {i}: {n} kopieën buiten de opslag"),
                                        format!("item {i}: {n} copies outstanding"),
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join("\n")
                        }
                    })
                }
            }
        }
    }
}

/// The copies of one item, in Dutch: where (in Dutch when earshot named the place), who
/// registered it when, and whether it is gone.
fn copy_list_nl(list: &[crate::store::copies::CopyView], outstanding: usize) -> String {
    let mut t = String::new();
    for c in list {
        let _ = writeln!(
            t,
            "{:>4}  {:<36} vastgelegd {} door {}  {}",
            c.id,
            clean(&copy_location_text(&c.location, Lang::Nl)),
            moment(&c.registered_at),
            clean(&c.registered_by),
            match (c.kind, &c.confirmed_by, c.deleted_on) {
                (CopyKind::Handed, ..) => "aan de betrokkene gegeven".into(),
                (_, Some(b), Some(d)) => format!(
                    "gewist op {}, bevestigd door {}",
                    Lang::Nl.date(d),
                    clean(b)
                ),
                (_, Some(b), None) => format!("gewist, bevestigd door {}", clean(b)),
                _ => "NOG NIET GEWIST".into(),
            }
        );
    }
    if list.is_empty() {
        t.push_str("Er zijn geen kopieën buiten de opslag bekend.");
    } else if outstanding > 0 {
        let _ = write!(t, "Kopieën buiten de opslag: {outstanding}.");
    }
    t
}

// ---------------------------------------------------------------------------------------------
// delete with a certificate

fn parse_copy(s: &str) -> Result<(String, String), Failure> {
    match s.rsplit_once('=') {
        Some((w, b)) if !w.trim().is_empty() && !b.trim().is_empty() => {
            Ok((w.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(bad(
            format!(
                "--copy '{s}' moet de vorm WAAR=BEVESTIGD_DOOR hebben, bijvoorbeeld \
                 \"telefoon van wim=wim\""
            ),
            format!("--copy '{s}' should be WHERE=CONFIRMED_BY, e.g. \"phone of wim=wim\""),
        )),
    }
}

pub fn delete(cli: &Cli, a: &DeleteArgs) -> Outcome {
    let me = acting_user()?;
    let lang = lang(&a.lang)?;
    let copies = a
        .copies
        .iter()
        .map(|c| parse_copy(c))
        .collect::<Result<Vec<_>, _>>()?;
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let stem = certificate_stem(lang, a.item);
    let paths = certificate_paths(&dir, &stem);
    let mut s = crate::cli::context::open_store_to_delete(cli)?;
    let already = s.show(&me, a.item)?.deleted_at.is_some();
    let proof = if already {
        // Refused below (and logged) without asking anyone to approve.
        let pin = if a.pin_stdin {
            crate::cli::context::read_pin(&a.approved_by, true)?
        } else {
            None
        };
        crate::store::LeadProof::from_pin(pin.as_deref())
    } else {
        let ask = crate::store::Ask::Deletion {
            item: a.item,
            requested_by: a.requested_by.clone(),
            reason: a.reason.clone(),
            despite: a.override_reason.clone(),
        };
        crate::cli::approvals::lead_proof(&mut s, &me, &a.approved_by, a.pin_stdin, ask, a.wait_s)?
    };
    if already {
        // The gate refuses (and logs) a second deletion; no certificate is written.
        s.delete_item(
            &me,
            a.item,
            &a.reason,
            &a.requested_by,
            &a.approved_by,
            &proof,
        )?;
        return Err(integrity(
            format!(
                "item {} was al vernietigd, en toch nam de opslag het opnieuw vernietigen aan",
                a.item
            ),
            format!(
                "item {} was already deleted, yet the store accepted deleting it again",
                a.item
            ),
        ));
    }
    refuse_existing(
        &paths.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        a.force,
    )?;
    let templates = Templates::new(a.templates.as_deref());
    let org = super::support::org_for(&s, &me, lang, report::Doc::Certificate, &templates)?;
    report::check_certificate_template(lang, &org, &templates).map_err(no_document)?;
    let cert = s.delete_certified_despite(
        &me,
        a.item,
        &a.reason,
        &a.requested_by,
        &a.approved_by,
        &proof,
        &copies,
        a.override_reason.as_deref(),
    )?;
    // The deletion is done, its certificate recorded with it: from here on, failures only
    // concern the certificate's files, which `earshot certificate ITEM` issues again.
    let (paths, shas) =
        issue_certificate(&mut s, &me, &cert, lang, &stem, &dir, a.force, &templates)?;
    let v = json!({
        "item": a.item,
        "deleted": true,
        "audit_head": cert.audit_head,
        "certificate": {
            "md": paths[0], "html": paths[1], "json": paths[2], "pdf": pdf_field(&paths, &shas),
            "sha256": shas,
        },
        "copies": cert.copies,
        "copies_outstanding": cert.copies_outstanding,
    });
    emit(cli.json, &v, || {
        if spoken() == Lang::Nl {
            let mut t = format!(
                "Item {} vernietigd: de opname, de sleutel en de persoonsgegevens zijn weg.\n\
                 Verklaring: {}\n",
                a.item,
                listed(&paths, &shas)
            );
            if cert.copies_outstanding > 0 {
                let _ = writeln!(
                    t,
                    "Kopieën buiten de opslag: {} (bevestig dat ze gewist zijn met `earshot copy \
                     confirm`).",
                    cert.copies_outstanding
                );
            }
            let _ = write!(t, "Laatste auditregel: {}", cert.audit_head);
            return t;
        }
        let mut t = format!(
            "Item {} deleted: its recording, key and personal fields are destroyed.\nCertificate: {}\n",
            a.item,
            listed(&paths, &shas)
        );
        if cert.copies_outstanding > 0 {
            let _ = writeln!(
                t,
                "Copies outstanding: {} (confirm them with `earshot copy confirm`).",
                cert.copies_outstanding
            );
        }
        let _ = write!(t, "Audit head: {}", cert.audit_head);
        t
    })
}

/// The certificate's files, in the order their hashes are logged: Markdown, HTML, JSON, PDF.
fn certificate_paths(dir: &std::path::Path, stem: &str) -> Vec<PathBuf> {
    ["md", "html", "json", "pdf"]
        .iter()
        .map(|e| dir.join(format!("{stem}.{e}")))
        .collect()
}

/// The PDF path as the JSON says it: none when no PDF was written (no WeasyPrint).
fn pdf_field(paths: &[PathBuf], shas: &[String]) -> Option<PathBuf> {
    (shas.len() > 3).then(|| paths[3].clone())
}

/// The files written, for people: `a.md, a.html, a.json[, a.pdf]`.
fn listed(paths: &[PathBuf], shas: &[String]) -> String {
    paths
        .iter()
        .take(shas.len())
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn certificate_stem(lang: Lang, item: i64) -> String {
    match lang {
        Lang::Nl => format!("verklaring-vernietiging-opname-{item}"),
        Lang::En => format!("deletion-certificate-item-{item}"),
    }
}

/// Renders a certificate into `dir` (Markdown, HTML, JSON and, when WeasyPrint is installed, PDF;
/// 0600), and logs that it was handed out with the files' hashes. Returns the paths (all four)
/// and the hashes of the files written (three without a PDF). Without WeasyPrint, or when it
/// fails, a warning says so and the other three are written: the deletion is done by now.
#[allow(clippy::too_many_arguments)]
fn issue_certificate(
    s: &mut crate::store::Store,
    me: &str,
    cert: &crate::store::due::Certificate,
    lang: Lang,
    stem: &str,
    dir: &std::path::Path,
    force: bool,
    templates: &Templates,
) -> Result<(Vec<PathBuf>, Vec<String>), Failure> {
    let paths = certificate_paths(dir, stem);
    let today = chrono::Utc::now().date_naive();
    let org = super::support::org_for(s, me, lang, report::Doc::Certificate, templates)?;
    let md = report::certificate(cert, lang, today, &org, templates).map_err(no_document)?;
    let html = report::to_html(&md, stem, lang);
    let js = serde_json::to_string_pretty(cert).map_err(|e| not_json(1, e))?;
    private_dir(dir).map_err(|f| {
        Failure::new(
            1,
            format!(
                "item {} is vernietigd en de verklaring is vastgelegd, maar {}; maak de \
                 bestanden opnieuw met `earshot certificate {}`",
                cert.item,
                f.message(),
                cert.item
            ),
            format!(
                "item {} is deleted and its certificate recorded, but {}; issue its files \
                 again with `earshot certificate {}`",
                cert.item,
                f.message(),
                cert.item
            ),
        )
    })?;
    let pdf = match crate::cli::pdf::html_to_pdf(&html) {
        Ok(pdf) => Some(pdf),
        Err(e) => {
            crate::cli::io::err_line(&match spoken() {
                Lang::Nl => format!(
                    "Let op: {}; de verklaring is geschreven als Markdown, HTML en JSON, zonder \
                     PDF",
                    e.text(Lang::Nl)
                ),
                Lang::En => format!(
                    "Warning: {}; the certificate is written as Markdown, HTML and JSON, without \
                     a PDF",
                    e.text(Lang::En)
                ),
            });
            None
        }
    };
    let mut files: Vec<&[u8]> = vec![md.as_bytes(), html.as_bytes(), js.as_bytes()];
    if let Some(pdf) = &pdf {
        files.push(pdf);
    }
    let mut shas = Vec::new();
    for (p, bytes) in paths.iter().zip(files) {
        shas.push(write_private(p, bytes, force).map_err(|e| {
            Failure::new(
                1,
                format!(
                    "item {} is vernietigd en de verklaring is vastgelegd, maar de bestanden \
                     van de verklaring konden niet worden geschreven: {}; maak ze opnieuw met \
                     `earshot certificate {}`",
                    cert.item,
                    e.text(Lang::Nl),
                    cert.item
                ),
                format!(
                    "item {} is deleted and its certificate recorded, but the certificate's \
                     files could not be written: {e}; issue them again with `earshot \
                     certificate {}`",
                    cert.item, cert.item
                ),
            )
        })?);
    }
    s.record_certificate(me, cert.item, &shas)?;
    Ok((paths, shas))
}

/// `earshot certificate ITEM`: the certificate of a deleted item, issued again (after an
/// interrupted deletion, a lost file, or in the other language).
pub fn certificate(cli: &Cli, a: &CertificateArgs) -> Outcome {
    let me = acting_user()?;
    let lang = lang(&a.lang)?;
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let stem = certificate_stem(lang, a.item);
    let mut s = open_store(cli)?;
    let cert = s.certificate(&me, a.item)?;
    let paths = certificate_paths(&dir, &stem);
    refuse_existing(
        &paths.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        a.force,
    )?;
    let templates = Templates::new(a.templates.as_deref());
    let org = super::support::org_for(&s, &me, lang, report::Doc::Certificate, &templates)?;
    report::check_certificate_template(lang, &org, &templates).map_err(no_document)?;
    let (paths, shas) =
        issue_certificate(&mut s, &me, &cert, lang, &stem, &dir, a.force, &templates)?;
    let v = json!({
        "item": a.item,
        "certificate": {
            "md": paths[0], "html": paths[1], "json": paths[2], "pdf": pdf_field(&paths, &shas),
            "sha256": shas,
        },
        "deleted_at": cert.deleted_at,
        "copies_outstanding": cert.copies_outstanding,
        "audit_head": cert.audit_head,
    });
    emit(cli.json, &v, || {
        say(
            format!(
                "Verklaring van vernietiging van item {}: {}",
                a.item,
                listed(&paths, &shas)
            ),
            format!(
                "Certificate of deletion of item {}: {}",
                a.item,
                listed(&paths, &shas)
            ),
        )
    })
}
