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
    /// The HTML page set as a PDF (by the command line, which runs WeasyPrint).
    Pdf,
}

impl Format {
    pub fn ext(&self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

/// The kinds of documents that have templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Notification,
    Statement,
    Certificate,
    /// Awb 9:6.
    ComplaintAck,
    /// Awb 9:11(2).
    ComplaintPostpone,
    /// Awb 9:12.
    ComplaintDecision,
}

impl Doc {
    pub fn name(&self) -> &'static str {
        match self {
            Doc::Notification => "notification",
            Doc::Statement => "statement",
            Doc::Certificate => "certificate",
            Doc::ComplaintAck => "complaint-ack",
            Doc::ComplaintPostpone => "complaint-postpone",
            Doc::ComplaintDecision => "complaint-decision",
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
        (Lang::Nl, Doc::ComplaintAck) => include_str!("../../assets/templates/nl/complaint-ack.md"),
        (Lang::En, Doc::ComplaintAck) => include_str!("../../assets/templates/en/complaint-ack.md"),
        (Lang::Nl, Doc::ComplaintPostpone) => {
            include_str!("../../assets/templates/nl/complaint-postpone.md")
        }
        (Lang::En, Doc::ComplaintPostpone) => {
            include_str!("../../assets/templates/en/complaint-postpone.md")
        }
        (Lang::Nl, Doc::ComplaintDecision) => {
            include_str!("../../assets/templates/nl/complaint-decision.md")
        }
        (Lang::En, Doc::ComplaintDecision) => {
            include_str!("../../assets/templates/en/complaint-decision.md")
        }
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

/// Makes a value typed by a person safe to put into a document's Markdown: control characters
/// and line breaks become spaces (so it cannot break the layout), and every character that
/// Markdown would read as markup is escaped with a backslash, so a name like `_Jan_` or a reason
/// like `[click](https://example.org)` is shown as typed, never as emphasis or a link.
pub fn inline(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    let mut out = String::with_capacity(flat.len() + 8);
    for (i, c) in flat.chars().enumerate() {
        let markup = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '~' | '|' | '&' | '{' | '}'
        );
        // At the start of a line these begin a heading, a list, a quote or a rule.
        let leading = i == 0 && matches!(c, '#' | '+' | '-' | '=');
        if markup || leading {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. " or "1) " at the start would begin a numbered list.
    if let Some(pos) = out.find(['.', ')'])
        && pos > 0
        && out[..pos].chars().all(|c| c.is_ascii_digit())
    {
        out.insert(pos, '\\');
    }
    out
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
            for doc in [
                Doc::Notification,
                Doc::Statement,
                Doc::Certificate,
                Doc::ComplaintAck,
                Doc::ComplaintPostpone,
                Doc::ComplaintDecision,
            ] {
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

    #[test]
    fn typed_values_cannot_become_markup() {
        assert_eq!(inline("Jan Jansen"), "Jan Jansen");
        assert_eq!(inline("_Jan_"), "\\_Jan\\_");
        assert_eq!(
            inline("[klik](https://example.org)"),
            "\\[klik\\](https://example.org)"
        );
        assert_eq!(inline("# kop"), "\\# kop");
        assert_eq!(inline("- punt"), "\\- punt");
        assert_eq!(inline("1. eerst"), "1\\. eerst");
        assert_eq!(inline("a|b"), "a\\|b");
        assert_eq!(inline("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(inline("regel\nnog een"), "regel nog een");
        // Through the real Markdown renderer, the value is shown exactly as typed.
        for typed in [
            "_Jan_",
            "**vet**",
            "[a](javascript:alert(1))",
            "`code`",
            "# x",
            "1. y",
        ] {
            let page = super::super::html::to_html(&inline(typed), "T", Lang::En);
            let html = &page[page.find("<body>").unwrap_or(0)..];
            assert!(
                !html.contains("<em>")
                    && !html.contains("<strong>")
                    && !html.contains("<a ")
                    && !html.contains("<code>")
                    && !html.contains("<h1>")
                    && !html.contains("<ol>"),
                "{typed} became markup: {html}"
            );
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
        "recording_copy",
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
        "identity_checked",
        "log_check",
        "deleted_at",
        "deleted_by",
        "reason",
        "requested_by",
        "destroyed_list",
        "copies_table",
        "copies_status",
        "recipients",
        "backups",
        "org_name",
        "org_address",
        "dpo_contact",
        "ombudsman_name",
        "ombudsman_url",
        "writer_name",
        "writer_title",
        "timezone",
        "recordings",
        "items",
        "items_named",
        "complaint",
        "complainant",
        "about",
        "decide_by",
        "decide_by_original",
        "postpone_reason",
        "decided_on",
        "outcome",
        "hearing",
        "ombudsman_by",
    ];
}
