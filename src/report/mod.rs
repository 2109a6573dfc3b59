//! Rendering what people are owed: letters, processing statements, deletion certificates and
//! reports, as Markdown and as printable HTML. Pure: the data come from the store, the clock's
//! date is passed in, and templates are text a team can adapt (`{{placeholder}}`; a placeholder
//! the renderer does not know is an error, so no letter leaves with a field unfilled).

pub mod html;
pub mod text;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::core::audit::Event;
use crate::core::model::{NotificationDecision, PersonRole};
use crate::core::time::{format_offset, format_seconds};
use crate::store::due::{Account, Certificate, Listening, TrailEntry};
use text::{L, Lang};

pub use html::to_html;

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

/// A value for a table cell.
fn cell(s: &str) -> String {
    inline(s).replace('|', "\\|")
}

/// "2026-03-02T14:05:09.123Z" → "2026-03-02 14:05 UTC".
pub fn when(stamp: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => t.to_utc().format("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => inline(stamp),
    }
}

fn day_of(stamp: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|t| t.to_utc().date_naive())
}

/// Ranges as "0:01–0:03, 1:10–1:12".
pub fn ranges_text(ranges: &[(u64, u64)], lang: Lang) -> String {
    if ranges.is_empty() {
        return lang.t(L::Nothing).to_string();
    }
    ranges
        .iter()
        .map(|(a, b)| {
            // Sub-second ranges are shown with their tenths.
            if b - a < 1000 || a % 1000 != 0 || b % 1000 != 0 {
                format!(
                    "{}–{} ({})",
                    format_offset(*a),
                    format_offset(*b),
                    seconds(b - a, lang)
                )
            } else {
                format!("{}–{}", format_offset(*a), format_offset(*b))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn seconds(ms: u64, lang: Lang) -> String {
    let s = format_seconds(ms);
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A text picture of the heard ranges on the recording's timeline (one character per
/// 1/width of the recording).
pub fn timeline_text(duration_ms: u64, ranges: &[(u64, u64)], width: usize) -> String {
    let width = width.max(10);
    let d = duration_ms.max(1);
    let mut bar = String::with_capacity(width);
    for i in 0..width {
        let a = d * i as u64 / width as u64;
        let b = d * (i as u64 + 1) / width as u64;
        let heard = ranges.iter().any(|(x, y)| *x < b.max(a + 1) && *y > a);
        bar.push(if heard { '#' } else { '.' });
    }
    format!(
        "0:00 |{bar}| {}",
        format_offset(duration_ms.div_ceil(1000) * 1000)
    )
}

/// An SVG picture of the heard ranges on the recording's timeline.
pub fn timeline_svg(duration_ms: u64, ranges: &[(u64, u64)], lang: Lang) -> String {
    let w = 600.0_f64;
    let d = duration_ms.max(1) as f64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"64\" viewBox=\"0 0 640 64\" role=\"img\" aria-label=\"{}\">\
<title>{}</title>\
<rect x=\"20\" y=\"12\" width=\"600\" height=\"24\" fill=\"#e6e6e6\" stroke=\"#555\" stroke-width=\"1\"/>",
        html::escape(lang.t(L::TimelineLabel)),
        html::escape(lang.t(L::TimelineLabel))
    );
    for (a, b) in ranges {
        let x = 20.0 + w * (*a as f64) / d;
        let rw = (w * ((*b - *a) as f64) / d).max(1.0);
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"12\" width=\"{rw:.1}\" height=\"24\" fill=\"#c0392b\"><title>{}–{}</title></rect>",
            format_offset(*a),
            format_offset(*b)
        );
    }
    let _ = write!(
        s,
        "<text x=\"20\" y=\"54\" font-size=\"12\" font-family=\"sans-serif\">0:00</text>\
<text x=\"620\" y=\"54\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"end\">{}</text></svg>",
        format_offset(duration_ms.div_ceil(1000) * 1000)
    );
    s
}

/// The Markdown for `{{timeline}}`: a marker the HTML renderer replaces with the SVG, and the
/// text picture for everyone else.
fn timeline_block(duration_ms: u64, ranges: &[(u64, u64)], lang: Lang) -> String {
    format!(
        "<!-- timeline {} -->\n```\n{}\n```\n{}",
        encode_ranges(duration_ms, ranges),
        timeline_text(duration_ms, ranges, 60),
        lang.t(L::TimelineLegend)
    )
}

fn encode_ranges(duration_ms: u64, ranges: &[(u64, u64)]) -> String {
    let mut s = duration_ms.to_string();
    for (a, b) in ranges {
        let _ = write!(s, " {a}-{b}");
    }
    s
}

fn listening_table(list: &[Listening], lang: Lang) -> String {
    if list.is_empty() {
        return lang.t(L::NobodyListened).to_string();
    }
    let mut t = format!(
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|\n",
        lang.t(L::When),
        lang.t(L::Who),
        lang.t(L::SupervisedBy),
        lang.t(L::Kind),
        lang.t(L::SecondsHeard),
        lang.t(L::Length)
    );
    for l in list {
        let kind = if l.kind == "preview" {
            lang.t(L::Preview)
        } else {
            lang.t(L::Playback)
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {}{} | {} | {} |",
            when(&l.started_at),
            cell(&l.user),
            l.supervisor
                .as_deref()
                .map(cell)
                .unwrap_or_else(|| "—".into()),
            kind,
            if l.open { lang.t(L::NotClosed) } else { "" },
            ranges_text(&l.ranges_ms, lang),
            seconds(l.heard_ms, lang)
        );
    }
    t
}

fn heard_summary(acc_total: u64, duration: u64, lang: Lang) -> String {
    let pct = (acc_total * 100 + duration / 2)
        .checked_div(duration)
        .unwrap_or(0);
    format!(
        "{} {} {} ({pct} %)",
        seconds(acc_total, lang),
        lang.t(L::Of),
        seconds(duration, lang)
    )
}

fn or_unknown(v: Option<&str>, lang: Lang) -> String {
    match v.map(inline).filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => lang.t(L::NotRecorded).to_string(),
    }
}

fn names(list: &[String], lang: Lang) -> String {
    if list.is_empty() {
        lang.t(L::Nobody).to_string()
    } else {
        list.iter()
            .map(|s| inline(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn role_word(role: PersonRole, lang: Lang) -> &'static str {
    lang.t(match role {
        PersonRole::Sender => L::RoleSender,
        PersonRole::Parent => L::RoleParent,
        PersonRole::Child => L::RoleChild,
        PersonRole::Professional => L::RoleProfessional,
        PersonRole::Other => L::RoleOther,
    })
}

fn subjects_list(acc: &Account, lang: Lang) -> String {
    match &acc.metadata {
        Some(m) if !m.subjects.is_empty() => m
            .subjects
            .iter()
            .map(|p| format!("- {} ({})", inline(&p.name), role_word(p.role, lang)))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => format!("- {}", lang.t(L::NotRecorded)),
    }
}

fn uses_list(acc: &Account, lang: Lang) -> String {
    if acc.uses.is_empty() {
        return lang.t(L::NoUses).to_string();
    }
    acc.uses
        .iter()
        .map(|u| {
            format!(
                "- {}: {} → {} ({} {})",
                lang.date(u.inform_subjects_by),
                inline(&u.using.purpose),
                inline(&u.using.recipient),
                lang.t(L::SummaryBy),
                inline(&u.using.by)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn notifications_list(acc: &Account, lang: Lang) -> String {
    if acc.notifications.is_empty() {
        return lang.t(L::NoNotifications).to_string();
    }
    acc.notifications
        .iter()
        .map(|n| match &n.decision {
            NotificationDecision::Notified { on, channel, by } => format!(
                "- {}: {} {} ({}, {})",
                lang.date(*on),
                inline(&n.subject),
                lang.t(L::WasNotified),
                inline(channel),
                inline(by)
            ),
            NotificationDecision::Exception {
                reason,
                approved_by,
            } => format!(
                "- {}: {} ({}; {} {})",
                inline(&n.subject),
                lang.t(L::NotNotified),
                inline(reason),
                lang.t(L::ApprovedBy),
                inline(approved_by)
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn secretly_text(acc: &Account, lang: Lang) -> String {
    use crate::core::model::Secretly;
    lang.t(match acc.metadata.as_ref().map(|m| m.secretly) {
        Some(Secretly::Yes) => L::SecretlyYes,
        Some(Secretly::No) => L::SecretlyNo,
        _ => L::SecretlyUnknown,
    })
    .to_string()
}

/// Placeholders every document about an item may use.
fn item_vars(acc: &Account, lang: Lang, today: NaiveDate) -> Vars {
    let mut v = Vars::new();
    let m = acc.metadata.as_ref();
    v.insert("date", lang.date(today));
    v.insert("item", acc.item.to_string());
    v.insert("case", inline(&acc.case));
    v.insert(
        "received_date",
        day_of(&acc.received_at)
            .map(|d| lang.date(d))
            .unwrap_or_default(),
    );
    v.insert("received_at", when(&acc.received_at));
    v.insert("received_by", inline(&acc.received_by));
    v.insert("channel", lang.channel(&acc.channel).to_string());
    v.insert("sender", or_unknown(acc.sender(), lang));
    v.insert("file_name", or_unknown(acc.file_name.as_deref(), lang));
    v.insert("duration", seconds(acc.duration_ms, lang));
    v.insert(
        "recording_format",
        format!("{} ({})", inline(&acc.format), inline(&acc.codec)),
    );
    v.insert("recording_sha256", acc.sha256.clone());
    v.insert("recording_size", acc.size.to_string());
    v.insert("secretly", secretly_text(acc, lang));
    v.insert("subjects_list", subjects_list(acc, lang));
    v.insert(
        "purpose_sender",
        or_unknown(m.and_then(|m| m.purpose.as_deref()), lang),
    );
    v.insert(
        "processing_purpose",
        or_unknown(m.and_then(|m| m.processing_purpose.as_deref()), lang),
    );
    v.insert(
        "legal_basis",
        or_unknown(m.and_then(|m| m.legal_basis.as_deref()), lang),
    );
    v.insert("listening_table", listening_table(&acc.listening, lang));
    v.insert(
        "heard_summary",
        heard_summary(acc.heard_total_ms, acc.duration_ms, lang),
    );
    v.insert("heard_ranges", ranges_text(&acc.heard_ms, lang));
    v.insert("listeners", names(&acc.listeners, lang));
    v.insert("supervisors", names(&acc.supervisors, lang));
    v.insert(
        "timeline",
        timeline_block(acc.duration_ms, &acc.heard_ms, lang),
    );
    v.insert("uses_list", uses_list(acc, lang));
    v.insert("notifications_list", notifications_list(acc, lang));
    v.insert("retention_years", acc.retention_years.to_string());
    v.insert("retention_until", lang.date(acc.retention_until));
    v.insert("audit_head", acc.audit_head.clone());
    v
}

/// What a letter needs besides the account.
#[derive(Debug, Clone)]
pub struct LetterContext {
    pub subject: String,
    pub writer: String,
    pub today: NaiveDate,
    pub respond_by: NaiveDate,
    pub intent: Option<String>,
    pub contact: Option<String>,
}

/// The letter that tells a subject that recordings concerning them were received.
pub fn notification_letter(
    acc: &Account,
    ctx: &LetterContext,
    lang: Lang,
    templates: &Templates,
) -> Result<String, String> {
    let (t, source) = templates.get(lang, Doc::Notification)?;
    let mut v = item_vars(acc, lang, ctx.today);
    v.insert("subject", inline(&ctx.subject));
    v.insert("writer", inline(&ctx.writer));
    v.insert(
        "contact",
        ctx.contact
            .as_deref()
            .map(inline)
            .unwrap_or_else(|| inline(&ctx.writer)),
    );
    v.insert("respond_by", lang.date(ctx.respond_by));
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
        .unwrap_or_else(|| lang.t(L::IntentDefault).to_string());
    v.insert("intent", intent);
    render(&t, &v, &source)
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
}

/// The processing statement handed to a subject with their copy: the log addressed to them.
pub fn processing_statement(
    acc: &Account,
    ctx: &StatementContext,
    lang: Lang,
    templates: &Templates,
) -> Result<String, String> {
    let (t, source) = templates.get(lang, Doc::Statement)?;
    let mut v = item_vars(acc, lang, ctx.today);
    v.insert("subject", inline(&ctx.subject));
    v.insert("request_date", lang.date(ctx.requested_on));
    v.insert("request_due", lang.date(ctx.due_on));
    v.insert("approved_by", inline(&ctx.approved_by));
    v.insert("granted_by", inline(&ctx.granted_by));
    render(&t, &v, &source)
}

/// The certificate of deletion.
pub fn certificate(
    c: &Certificate,
    lang: Lang,
    today: NaiveDate,
    templates: &Templates,
) -> Result<String, String> {
    let (t, source) = templates.get(lang, Doc::Certificate)?;
    let mut v = Vars::new();
    v.insert("date", lang.date(today));
    v.insert("item", c.item.to_string());
    v.insert("case", inline(&c.case));
    v.insert("file_name", or_unknown(c.file_name.as_deref(), lang));
    v.insert("recording_format", inline(&c.format));
    v.insert("duration", seconds(c.duration_ms, lang));
    v.insert("recording_size", c.size.to_string());
    v.insert("recording_sha256", c.sha256.clone());
    v.insert(
        "received_date",
        day_of(&c.received_at)
            .map(|d| lang.date(d))
            .unwrap_or_default(),
    );
    v.insert("received_by", inline(&c.received_by));
    v.insert("channel", lang.channel(&c.channel).to_string());
    v.insert("deleted_at", when(&c.deleted_at));
    v.insert("deleted_by", inline(&c.deleted_by));
    v.insert("reason", inline(&c.reason));
    v.insert("requested_by", inline(&c.requested_by));
    v.insert("approved_by", inline(&c.approved_by));
    v.insert(
        "destroyed_list",
        c.destroyed
            .iter()
            .map(|d| format!("- {}", lang.destroyed(d)))
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
    let mut copies = String::new();
    if c.copies.is_empty() {
        copies.push_str(lang.t(L::NoCopies));
    } else {
        let _ = writeln!(
            copies,
            "| # | {} | {} | {} | {} |\n|---|---|---|---|---|",
            lang.t(L::Where),
            lang.t(L::Registered),
            lang.t(L::DeletionConfirmedBy),
            lang.t(L::On)
        );
        for k in &c.copies {
            let _ = writeln!(
                copies,
                "| {} | {} | {} ({}) | {} | {} |",
                k.id,
                cell(&k.location),
                when(&k.registered_at),
                cell(&k.registered_by),
                k.confirmed_by
                    .as_deref()
                    .map(cell)
                    .unwrap_or_else(|| format!("**{}**", lang.t(L::Outstanding))),
                k.deleted_on
                    .map(|d| lang.date(d))
                    .unwrap_or_else(|| "—".into())
            );
        }
    }
    v.insert("copies_table", copies);
    v.insert(
        "copies_status",
        if c.copies_outstanding == 0 {
            lang.t(L::AllCopiesConfirmed).to_string()
        } else {
            format!(
                "**{}: {}**",
                lang.t(L::CopiesOutstanding),
                c.copies_outstanding
            )
        },
    );
    v.insert("audit_head", c.audit_head.clone());
    render(&t, &v, &source)
}

/// Checks the certificate's template before a deletion, so that a deletion never ends without
/// its certificate because of a template error.
pub fn check_certificate_template(lang: Lang, templates: &Templates) -> Result<(), String> {
    let probe = Certificate {
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
        audit_head: String::new(),
    };
    certificate(&probe, lang, NaiveDate::MIN, templates).map(|_| ())
}

/// The full account of one item, in Markdown (English: it is the team's record).
pub fn item_report(acc: &Account, today: NaiveDate) -> String {
    let lang = Lang::En;
    let gone = acc.deletion.is_some();
    // After deletion, what is missing was destroyed, not forgotten.
    let or_unknown = |v: Option<&str>, lang: Lang| {
        if gone && v.is_none() {
            "(destroyed with the recording)".to_string()
        } else {
            or_unknown(v, lang)
        }
    };
    let is = |e: &TrailEntry, kind: fn(&Event) -> bool| e.event.as_ref().is_some_and(kind);
    let from_trail = |kind: fn(&Event) -> bool| -> String {
        acc.trail
            .iter()
            .filter(|e| is(e, kind))
            .map(|e| {
                format!(
                    "- {} by {}: {} (details destroyed with the recording)\n",
                    when(&e.at),
                    inline(&e.actor),
                    inline(&e.what)
                )
            })
            .collect()
    };
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Account of item {} (case {})\n\nWritten {}. Stage: **{}**.\n",
        acc.item,
        inline(&acc.case),
        lang.date(today),
        acc.stage.label()
    );
    let _ = writeln!(t, "## Receipt\n");
    let _ = writeln!(
        t,
        "- Received {} by {} via {}\n- From: {}\n- File: {} — {} {}, {}, {} bytes\n- SHA-256: `{}`\n",
        when(&acc.received_at),
        inline(&acc.received_by),
        inline(&acc.channel),
        or_unknown(acc.from.as_deref(), lang),
        or_unknown(acc.file_name.as_deref(), lang),
        inline(&acc.format),
        inline(&acc.codec),
        seconds(acc.duration_ms, lang),
        acc.size,
        acc.sha256
    );
    let _ = writeln!(t, "## Metadata\n");
    match &acc.metadata {
        Some(m) => {
            let _ = writeln!(
                t,
                "- Sender: {}\n- Sender's purpose: {}\n- Recorded secretly: {}\n- Legal basis: {}\n- Team's purpose: {}\n- People on the recording:\n{}\n",
                or_unknown(m.sender.as_deref(), lang),
                or_unknown(m.purpose.as_deref(), lang),
                m.secretly,
                or_unknown(m.legal_basis.as_deref(), lang),
                or_unknown(m.processing_purpose.as_deref(), lang),
                subjects_list(acc, lang)
                    .lines()
                    .map(|l| format!("  {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        None if acc.deletion.is_some() => {
            t.push_str("Destroyed with the recording.\n\n");
        }
        None => t.push_str("Not recorded.\n\n"),
    }
    let history: Vec<_> = acc
        .trail
        .iter()
        .filter(|e| is(e, |e| matches!(e, Event::ItemDescribe { .. })))
        .collect();
    if !history.is_empty() {
        t.push_str("History of the metadata (from the audit log):\n\n");
        for e in history {
            let _ = writeln!(
                t,
                "- {} #{} {}: {}",
                when(&e.at),
                e.seq,
                inline(&e.actor),
                inline(&e.what)
            );
        }
        t.push('\n');
    }
    let _ = writeln!(
        t,
        "## Listening\n\nHeard in all: {}; ranges: {}.\n",
        heard_summary(acc.heard_total_ms, acc.duration_ms, lang),
        ranges_text(&acc.heard_ms, lang)
    );
    t.push_str(&timeline_block(acc.duration_ms, &acc.heard_ms, lang));
    t.push_str("\n\n");
    t.push_str(&listening_table(&acc.listening, lang));
    let refused: Vec<_> = acc
        .trail
        .iter()
        .filter(|e| is(e, |e| matches!(e, Event::Refused { .. })))
        .collect();
    if !refused.is_empty() {
        t.push_str("\nRefused by the gate:\n\n");
        for e in refused {
            let _ = writeln!(
                t,
                "- {} {}: {}",
                when(&e.at),
                inline(&e.actor),
                inline(&e.what)
            );
        }
    }
    let _ = writeln!(t, "\n## Notification\n");
    let notify = |e: &Event| matches!(e, Event::ItemNotify { .. });
    if gone && acc.notifications.is_empty() && acc.trail.iter().any(|e| is(e, notify)) {
        t.push_str(&from_trail(notify));
    } else {
        t.push_str(&notifications_list(acc, lang));
        t.push('\n');
    }
    for p in &acc.pending_notifications {
        let _ = writeln!(t, "- **pending**: no decision yet about {}", inline(p));
    }
    if !acc.letters.is_empty() {
        t.push_str("\nLetters:\n\n");
        for l in &acc.letters {
            let _ = writeln!(
                t,
                "- Letter {} ({}, {}, {}) to {} written {} by {}; respond by {}; SHA-256 `{}`, quoting audit head `{}`",
                l.id,
                l.kind,
                l.lang,
                l.format,
                or_unknown(l.subject.as_deref(), lang),
                when(&l.written_at),
                inline(&l.written_by),
                l.respond_by
                    .map(|d| lang.date(d))
                    .unwrap_or_else(|| "—".into()),
                l.sha256,
                l.audit_head
            );
        }
    }
    let _ = writeln!(t, "\n## Responses\n");
    if acc.responses.is_empty() {
        t.push_str("None recorded.\n");
    }
    for r in &acc.responses {
        let _ = writeln!(
            t,
            "- {} from {} (recorded by {}){}: {}",
            lang.date(r.received_on),
            or_unknown(r.subject.as_deref(), lang),
            inline(&r.recorded_by),
            r.complaint
                .map(|c| format!(", registered as complaint {c}"))
                .unwrap_or_default(),
            or_unknown(r.text.as_deref(), lang)
        );
    }
    let _ = writeln!(t, "\n## Uses\n");
    if acc.uses.is_empty() {
        let lines = from_trail(|e| matches!(e, Event::ItemUse { .. }));
        t.push_str(if lines.is_empty() { "None.\n" } else { &lines });
    }
    for u in &acc.uses {
        let _ = writeln!(
            t,
            "- Use {}: {} → {} by {} at {}. Subjects had to be informed by {} (GDPR art. 14(3)(c)); informed: {}; not informed: {}.\n  Summary: {}",
            u.using.id,
            inline(&u.using.purpose),
            inline(&u.using.recipient),
            inline(&u.using.by),
            when(&u.using.at),
            lang.date(u.inform_subjects_by),
            names(&u.informed, lang),
            names(&u.not_informed, lang),
            inline(&u.using.summary)
        );
    }
    let _ = writeln!(t, "\n## Access requests\n");
    if acc.access_requests.is_empty() {
        t.push_str("None.\n");
    }
    for a in &acc.access_requests {
        let _ = writeln!(
            t,
            "- Request {} by {} on {}, due {}{}: {}{}{}",
            a.id,
            or_unknown(a.subject.as_deref(), lang),
            lang.date(a.requested_on),
            lang.date(a.due_on),
            a.extended_to
                .map(|_| format!(
                    " (extended: {})",
                    or_unknown(a.extension_reason.as_deref(), lang)
                ))
                .unwrap_or_default(),
            a.status,
            a.granted_at
                .as_deref()
                .map(|g| format!(
                    " {} by {}, approved by {}",
                    when(g),
                    a.granted_by.as_deref().map(inline).unwrap_or_default(),
                    a.approved_by.as_deref().map(inline).unwrap_or_default()
                ))
                .unwrap_or_default(),
            if a.overdue { " — **OVERDUE**" } else { "" }
        );
    }
    let _ = writeln!(t, "\n## Complaints\n");
    if acc.complaints.is_empty() {
        t.push_str("None.\n");
    }
    for c in &acc.complaints {
        t.push_str(&complaint_line(c));
    }
    let _ = writeln!(t, "\n## Copies outside the store\n");
    if acc.copies.is_empty() {
        t.push_str("None known.\n");
    }
    for k in &acc.copies {
        let _ = writeln!(
            t,
            "- Copy {}: {} (registered {} by {}); {}",
            k.id,
            inline(&k.location),
            when(&k.registered_at),
            inline(&k.registered_by),
            match (&k.confirmed_by, k.deleted_on) {
                (Some(b), Some(d)) => format!("deletion confirmed by {} for {}", inline(b), d),
                (Some(b), None) => format!("deletion confirmed by {}", inline(b)),
                _ => "**outstanding**".into(),
            }
        );
    }
    if acc.copies_outstanding > 0 {
        let _ = writeln!(t, "\n**Copies outstanding: {}.**", acc.copies_outstanding);
    }
    let _ = writeln!(t, "\n## Retention and deletion\n");
    let _ = writeln!(
        t,
        "Retention: {} years, until {}{}.",
        acc.retention_years,
        lang.date(acc.retention_until),
        if acc.retention_due {
            " — **due for deletion**"
        } else {
            ""
        }
    );
    if let Some(d) = &acc.deletion {
        let _ = writeln!(
            t,
            "\nDeleted {} by {}, approved by {}. Certificates: {}.",
            when(&d.at),
            inline(&d.by),
            d.approved_by.as_deref().map(inline).unwrap_or_default(),
            if d.certificates.is_empty() {
                "none".to_string()
            } else {
                d.certificates
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    let _ = writeln!(t, "\n## Audit trail\n");
    let _ = writeln!(
        t,
        "| # | When | Who | Action | What |\n|---|---|---|---|---|"
    );
    for e in &acc.trail {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} |",
            e.seq,
            when(&e.at),
            cell(&e.actor),
            e.action,
            cell(&e.what)
        );
    }
    let _ = writeln!(
        t,
        "\nAudit head at the time of writing: `{}`\n(check it with `earshot audit verify --anchor {}`)",
        acc.audit_head, acc.audit_head
    );
    t
}

/// One line about a complaint, for reports.
pub fn complaint_line(c: &crate::store::due::ComplaintView) -> String {
    let lang = Lang::En;
    format!(
        "- Complaint {} ({}, {}) from {} received {}; acknowledge by {}{}; decide by {}{}{}{}{}\n",
        c.id,
        c.kind.replace('_', " "),
        c.status,
        or_unknown(c.from.as_deref(), lang),
        lang.date(c.received_on),
        lang.date(c.acknowledge_by),
        c.acknowledged_on
            .map(|d| format!(" (acknowledged {})", lang.date(d)))
            .unwrap_or_default(),
        lang.date(c.decide_by),
        c.extended_to
            .map(|_| format!(
                " (postponed: {})",
                or_unknown(c.extension_reason.as_deref(), lang)
            ))
            .unwrap_or_default(),
        c.downgraded_by
            .as_deref()
            .map(|b| format!(
                "; treated as an information request, approved by {} ({})",
                inline(b),
                or_unknown(c.downgrade_reason.as_deref(), lang)
            ))
            .unwrap_or_default(),
        c.closed_on
            .map(|d| format!(
                "; decided {}: {}",
                lang.date(d),
                or_unknown(c.outcome.as_deref(), lang)
            ))
            .unwrap_or_default(),
        if c.overdue {
            " — **OVERDUE**"
        } else if c.acknowledgement_overdue {
            " — **acknowledgement overdue**"
        } else {
            ""
        }
    )
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

    #[test]
    fn timeline_marks_heard_ranges() {
        let t = timeline_text(10_000, &[(0, 1000), (5000, 6000)], 10);
        assert_eq!(t, "0:00 |#....#....| 0:10");
        let t = timeline_text(10_000, &[], 10);
        assert!(t.contains("|..........|"));
        // A range shorter than one column still shows.
        let t = timeline_text(600_000, &[(300_000, 300_500)], 20);
        assert!(t.contains('#'), "{t}");
        let svg = timeline_svg(10_000, &[(0, 1000)], Lang::En);
        assert!(svg.starts_with("<svg") && svg.contains("0:00–0:01"));
    }

    #[test]
    fn ranges_read_well() {
        assert_eq!(
            ranges_text(&[(1000, 3000), (4000, 4500)], Lang::En),
            "0:01–0:03, 0:04–0:04 (0.5 s)"
        );
        assert_eq!(ranges_text(&[], Lang::Nl), "niets");
        assert_eq!(seconds(3800, Lang::Nl), "3,8 s");
    }
}
