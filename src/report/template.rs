//! Document templates: the built-in ones per language and document, a team's own from a
//! directory, and the renderer that fills `{{placeholder}}`s and refuses unknown ones.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::core::lang::Lang;

/// Output formats of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
}

impl Format {
    pub fn ext(&self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
        }
    }
}

/// The kinds of documents that have templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Notification,
    Statement,
    Certificate,
}

impl Doc {
    pub fn name(&self) -> &'static str {
        match self {
            Doc::Notification => "notification",
            Doc::Statement => "statement",
            Doc::Certificate => "certificate",
        }
    }
}

fn builtin(lang: Lang, doc: Doc) -> &'static str {
    match (lang, doc) {
        (Lang::Nl, Doc::Notification) => include_str!("../../assets/templates/nl/notification.md"),
        (Lang::En, Doc::Notification) => include_str!("../../assets/templates/en/notification.md"),
        (Lang::Nl, Doc::Statement) => include_str!("../../assets/templates/nl/statement.md"),
        (Lang::En, Doc::Statement) => include_str!("../../assets/templates/en/statement.md"),
        (Lang::Nl, Doc::Certificate) => include_str!("../../assets/templates/nl/certificate.md"),
        (Lang::En, Doc::Certificate) => include_str!("../../assets/templates/en/certificate.md"),
    }
}

/// Where templates come from: a team's directory (`DIR/<lang>/<doc>.md`) where it has one,
/// else the built-in text.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub dir: Option<PathBuf>,
}

impl Templates {
    pub fn new(dir: Option<&Path>) -> Self {
        Templates {
            dir: dir.map(Path::to_path_buf),
        }
    }

    pub fn get(&self, lang: Lang, doc: Doc) -> Result<(String, String), String> {
        if let Some(dir) = &self.dir {
            let p = dir.join(lang.code()).join(format!("{}.md", doc.name()));
            if p.is_file() {
                let t = std::fs::read_to_string(&p)
                    .map_err(|e| format!("the template {} cannot be read: {e}", p.display()))?;
                return Ok((t, p.display().to_string()));
            }
            if !dir.is_dir() {
                return Err(format!(
                    "the template directory {} does not exist",
                    dir.display()
                ));
            }
        }
        Ok((
            builtin(lang, doc).to_string(),
            format!("built-in {}/{}.md", lang.code(), doc.name()),
        ))
    }
}

/// Values for placeholders.
pub type Vars = BTreeMap<&'static str, String>;

/// Fills `{{name}}` placeholders. Any placeholder without a value, or a `{{` that does not
/// close, is an error naming it (and the template).
pub fn render(template: &str, vars: &Vars, source: &str) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    let mut unknown: Vec<String> = Vec::new();
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(format!(
                "the template {source} has a '{{{{' that is never closed"
            ));
        };
        let name = after[..end].trim();
        match vars.get(name) {
            Some(v) => out.push_str(v),
            None => {
                if !unknown.iter().any(|u| u == name) {
                    unknown.push(name.to_string());
                }
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if !unknown.is_empty() {
        let known: Vec<&str> = vars.keys().copied().collect();
        return Err(format!(
            "the template {source} has placeholders earshot does not know: {}; the known ones \
             are: {}",
            unknown
                .iter()
                .map(|u| format!("{{{{{u}}}}}"))
                .collect::<Vec<_>>()
                .join(", "),
            known.join(", ")
        ));
    }
    Ok(out)
}

/// Strips control characters and line breaks from a value typed by a person, so it cannot
/// break the layout of a document.
pub fn inline(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_refused() {
        let mut v = Vars::new();
        v.insert("name", "Maria".into());
        assert_eq!(
            render("Dear {{name}}, {{ name }}.", &v, "t").unwrap(),
            "Dear Maria, Maria."
        );
        let err = render("Dear {{nmae}} and {{x}}", &v, "t").unwrap_err();
        assert!(err.contains("{{nmae}}") && err.contains("{{x}}"), "{err}");
        assert!(err.contains("name"), "{err}");
        assert!(
            render("Dear {{name", &v, "t")
                .unwrap_err()
                .contains("never closed")
        );
        // A value is not rendered again.
        v.insert("name", "{{evil}}".into());
        assert_eq!(render("{{name}}", &v, "t").unwrap(), "{{evil}}");
    }

    #[test]
    fn every_builtin_template_uses_known_placeholders_only() {
        for lang in [Lang::Nl, Lang::En] {
            for doc in [Doc::Notification, Doc::Statement, Doc::Certificate] {
                let t = builtin(lang, doc);
                let mut rest = t;
                while let Some(s) = rest.find("{{") {
                    let e = rest[s..].find("}}").expect("closed");
                    let name = rest[s + 2..s + e].trim();
                    assert!(
                        KNOWN.contains(&name),
                        "{}/{}: {name}",
                        lang.code(),
                        doc.name()
                    );
                    rest = &rest[s + e + 2..];
                }
            }
        }
    }

    const KNOWN: &[&str] = &[
        "date",
        "item",
        "case",
        "received_date",
        "received_at",
        "received_by",
        "channel",
        "sender",
        "file_name",
        "duration",
        "recording_format",
        "recording_sha256",
        "recording_size",
        "secretly",
        "subjects_list",
        "purpose_sender",
        "processing_purpose",
        "legal_basis",
        "listening_table",
        "heard_summary",
        "heard_ranges",
        "listeners",
        "supervisors",
        "timeline",
        "uses_list",
        "notifications_list",
        "retention_years",
        "retention_until",
        "audit_head",
        "subject",
        "writer",
        "contact",
        "respond_by",
        "intent",
        "request_date",
        "request_due",
        "approved_by",
        "granted_by",
        "deleted_at",
        "deleted_by",
        "reason",
        "requested_by",
        "destroyed_list",
        "copies_table",
        "copies_status",
    ];
}
