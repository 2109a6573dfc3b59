//! What the due-process commands share: parsing their options, mapping failures, and writing
//! files safely.

use std::path::Path;

use chrono::NaiveDate;

use crate::cli::failure::{Failure, Outcome, bad};
use crate::cli::typed;
use crate::core::lang::Lang;
use crate::store::StoreError;

pub(super) fn lang(s: &str) -> Result<Lang, Failure> {
    typed::lang(s)
}

pub(super) fn past_date(s: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    s.map(|d| typed::past_date(d, chrono::Utc::now()))
        .transpose()
}

/// A document earshot could not make from its template (the template's own words follow).
pub(crate) fn no_document(e: String) -> Failure {
    bad(format!("het document kan niet worden gemaakt: {e}"), e)
}

pub(super) fn io_fail(e: StoreError) -> Failure {
    Failure::from(e)
}

/// A name safe as a file name: the last path component, without control characters.
pub(super) fn safe_file_name(name: &str, fallback: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." || cleaned.starts_with('.') {
        fallback.to_string()
    } else {
        cleaned
    }
}

pub(super) fn refuse_existing(paths: &[&Path], force: bool) -> Outcome {
    if let Some(r) = crate::cli::io::client_check_writable(paths, force) {
        return r.map_err(|e| {
            bad(
                format!("{e}; er is niets veranderd"),
                format!("{e}; nothing was changed"),
            )
        });
    }
    for p in paths {
        if !force && (p.exists() || p.symlink_metadata().is_ok()) {
            return Err(bad(
                format!(
                    "{} bestaat al; er is niets veranderd (gebruik --force om het te vervangen)",
                    p.display()
                ),
                format!(
                    "{} already exists; nothing was changed (use --force to replace it)",
                    p.display()
                ),
            ));
        }
        if p.is_dir() {
            return Err(bad(
                format!("{} is een map", p.display()),
                format!("{} is a directory", p.display()),
            ));
        }
    }
    Ok(())
}

/// Makes the folders `paths` go into (0700), as inside the guardian, where the client makes
/// them as it writes: called once a document is ready, so a refusal leaves nothing behind.
pub(super) fn folders_for(paths: &[&Path]) -> Outcome {
    for dir in paths.iter().filter_map(|p| p.parent()) {
        if !dir.as_os_str().is_empty() {
            private_dir(dir)?;
        }
    }
    Ok(())
}

pub(super) fn private_dir(dir: &Path) -> Outcome {
    use std::os::unix::fs::DirBuilderExt;
    // Inside the guardian the client makes the folder as it writes the first file.
    if crate::cli::io::guarded().is_some() || dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(bad(
            format!("{} is geen map", dir.display()),
            format!("{} is not a directory", dir.display()),
        ));
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| {
            Failure::new(
                1,
                format!("{} kan niet worden gemaakt: {e}", dir.display()),
                format!("cannot create {}: {e}", dir.display()),
            )
        })
}

/// The organisation's clock (`settings timezone`), by its name.
pub(crate) fn org_zone(name: &str) -> Result<crate::core::zone::Zone, Failure> {
    crate::core::zone::Zone::named(name).map_err(|e| {
        bad(
            format!("de tijdzone van de organisatie (`earshot settings timezone`) klopt niet: {e}"),
            e,
        )
    })
}

/// Who writes a document: the organisation's profile and `me` as the signer. A field the
/// template needs that is not set refuses the document (exit 2) before anything is written,
/// naming the field and how to set it.
pub(crate) fn org_for(
    s: &crate::store::Store,
    me: &str,
    lang: Lang,
    doc: crate::report::Doc,
    templates: &crate::report::Templates,
) -> Result<crate::report::Org, Failure> {
    let p = s.profile()?;
    let signer = s.signer(me)?;
    let zone = org_zone(&p.timezone)?;
    let org = crate::report::Org {
        name: p.org_name,
        address: p.org_address,
        dpo_contact: p.dpo_contact,
        ombudsman_name: p.ombudsman_name,
        ombudsman_url: p.ombudsman_url,
        zone,
        writer_name: signer.full_name,
        writer_title: signer.title,
    };
    let missing =
        crate::report::missing_profile(lang, doc, templates, &org).map_err(no_document)?;
    if missing.is_empty() {
        return Ok(org);
    }
    let how: Vec<String> = missing
        .iter()
        .map(|f| match *f {
            "writer_name" | "writer_title" => {
                format!("{f} (`earshot team set {me} --full-name TEXT --title TEXT`)")
            }
            _ => format!("{f} (`earshot settings {f} TEXT`)"),
        })
        .collect();
    let list = how.join(", ");
    let nl = match doc {
        crate::report::Doc::Notification => "de brief",
        crate::report::Doc::Statement => "het verwerkingsoverzicht",
        crate::report::Doc::Certificate => "de vernietigingsverklaring",
        crate::report::Doc::ComplaintAck => "de ontvangstbevestiging van de klacht",
        crate::report::Doc::ComplaintPostpone => "de brief over het uitstel",
        crate::report::Doc::ComplaintDecision => "de beslissing op de klacht",
    };
    let en = doc.name();
    Err(bad(
        format!(
            "{nl} kan niet worden gemaakt: het organisatieprofiel mist {list}; er is niets \
             geschreven"
        ),
        format!(
            "the {en} cannot be made: the organisation profile lacks {list}; nothing was \
             written"
        ),
    ))
}

/// The name in Dutch of the language a document is written in.
pub(crate) fn language_nl(l: Lang) -> &'static str {
    match l {
        Lang::Nl => "Nederlands",
        Lang::En => "Engels",
    }
}
