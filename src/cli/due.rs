//! Due process on the command line: letters, responses, subject access, complaints, copies
//! outside the store, deletion with a certificate, reports, and what is due.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};
use serde::Serialize;
use serde_json::json;

use super::args::{Cli, DeleteArgs, NotifyArgs};
use super::output::clean;
use super::{Failure, Outcome, acting_user, bad, emit, open_store, overseer_pin};
use crate::core::deadlines;
use crate::core::time::{parse_date, parse_past_date};
use crate::report::{self, Format, LetterContext, StatementContext, Templates, text::Lang};
use crate::store::due::{AccessView, Account, ComplaintView, ExportedFile, write_private};
use crate::store::{Store, StoreError, items::read_text_file};

// ---------------------------------------------------------------------------------------------
// Arguments

#[derive(Debug, Args)]
pub struct LetterArgs {
    pub item: i64,
    /// The person the letter is to (a subject of the item).
    #[arg(long, value_name = "NAME")]
    pub subject: String,
    /// What the letter is: a notification that recordings concerning them exist.
    #[arg(long, value_parser = ["notification"])]
    pub kind: String,
    /// Its language.
    #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
    pub lang: String,
    /// Markdown, or printable HTML.
    #[arg(long, default_value = "md", value_parser = ["md", "html"])]
    pub format: String,
    /// Write it to this file (0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The date by which to respond (default: in two weeks).
    #[arg(long, value_name = "DATE")]
    pub respond_by: Option<String>,
    /// What the team intends to do with the recording (default: the team's purpose).
    #[arg(long, value_name = "TEXT")]
    pub intent: Option<String>,
    /// Whom to contact (default: you).
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// A directory of adapted templates (`<lang>/notification.md`).
    #[arg(long, env = "EARSHOT_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RespondArgs {
    pub item: i64,
    /// Who responded (a subject of the item).
    #[arg(long, value_name = "NAME")]
    pub subject: String,
    /// A text file with the response (or a faithful note of it).
    #[arg(long, value_name = "FILE")]
    pub text_file: PathBuf,
    /// The response expresses dissatisfaction: register it as a complaint too.
    #[arg(long)]
    pub complaint: bool,
    /// When it was received (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    pub received: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Open a subject's request for access: answered within one month.
    Request {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        /// When the request was received (default today).
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
    },
    /// Extend an open request once, by at most two months, with a reason.
    Extend {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// By how many months (1 or 2).
        #[arg(long, default_value_t = 2)]
        months: u32,
    },
    /// Grant access: export the recording (decrypted, as the original file, SHA-256 verified)
    /// and a processing statement. Never asks for the sender's consent.
    Grant {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        /// The team leader approving.
        #[arg(long, value_name = "LEAD")]
        approved_by: String,
        /// Read the approving leader's PIN from standard input.
        #[arg(long)]
        pin_stdin: bool,
        /// The directory to write into (created 0700 if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The statement's language.
        #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
        lang: String,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
        /// A directory of adapted templates (`<lang>/statement.md`).
        #[arg(long, env = "EARSHOT_TEMPLATES", value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// List access requests with their deadlines.
    List {
        /// Only this item's.
        item: Option<i64>,
        /// Only open ones.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ComplaintCommand {
    /// Register a complaint (every expression of dissatisfaction is one).
    Add {
        /// Who complains.
        #[arg(long, value_name = "NAME")]
        from: String,
        /// The item it is about, if any.
        #[arg(long, value_name = "ITEM")]
        item: Option<i64>,
        /// A text file with the complaint.
        #[arg(long, value_name = "FILE")]
        text_file: PathBuf,
        /// When it was received (default today).
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
    },
    /// The register, with deadlines and what is overdue.
    List {
        /// Only open ones.
        #[arg(long)]
        open: bool,
        /// Only overdue ones.
        #[arg(long)]
        overdue: bool,
        /// Only those about this item.
        #[arg(long, value_name = "ITEM")]
        item: Option<i64>,
    },
    /// One complaint.
    Show { id: i64 },
    /// Record that the receipt was confirmed in writing.
    Ack {
        id: i64,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Postpone the decision once, by at most four weeks, in writing.
    Extend {
        id: i64,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// By how many weeks (1 to 4).
        #[arg(long, default_value_t = 4)]
        weeks: u32,
    },
    /// Decide the complaint.
    Close {
        id: i64,
        #[arg(long, value_name = "TEXT")]
        outcome: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Treat it as an information request instead: a named team leader and a written reason.
    Downgrade {
        id: i64,
        #[arg(long, value_name = "LEAD")]
        approved_by: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long)]
        pin_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CopyCommand {
    /// Register a copy of a recording outside the store.
    Add {
        item: i64,
        /// Where it is ("phone of wim", "WhatsApp on the team phone").
        #[arg(long = "where", value_name = "TEXT")]
        location: String,
    },
    /// Confirm that a copy was deleted.
    Confirm {
        copy: i64,
        /// The team member who confirms it.
        #[arg(long, value_name = "USER")]
        by: String,
        /// The date it was deleted (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// List the known copies of an item, or every item's outstanding copies.
    List { item: Option<i64> },
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["item", "case"])))]
pub struct ReportArgs {
    pub item: Option<i64>,
    /// A whole case.
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    #[arg(long, default_value = "md", value_parser = ["md", "html", "json"])]
    pub format: String,
    /// Write to this file (0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub force: bool,
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn lang(s: &str) -> Result<Lang, Failure> {
    s.parse().map_err(bad)
}

fn past_date(s: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    s.map(|d| parse_past_date(d, chrono::Utc::now()))
        .transpose()
        .map_err(bad)
}

fn integrity(e: String) -> Failure {
    Failure {
        code: 4,
        message: e,
    }
}

fn io_fail(e: StoreError) -> Failure {
    Failure::from(e)
}

/// A name safe as a file name: the last path component, without control characters.
fn safe_file_name(name: &str, fallback: &str) -> String {
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

fn refuse_existing(paths: &[&Path], force: bool) -> Outcome {
    for p in paths {
        if !force && (p.exists() || p.symlink_metadata().is_ok()) {
            return Err(bad(format!(
                "{} already exists; nothing was changed (use --force to replace it)",
                p.display()
            )));
        }
        if p.is_dir() {
            return Err(bad(format!("{} is a directory", p.display())));
        }
    }
    Ok(())
}

fn private_dir(dir: &Path) -> Outcome {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(bad(format!("{} is not a directory", dir.display())));
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Failure {
            code: 1,
            message: format!("cannot create {}: {e}", dir.display()),
        })
}

fn print_or_write(out: Option<&Path>, force: bool, text: &str) -> Result<Option<String>, Failure> {
    match out {
        Some(p) => Ok(Some(write_private(p, text.as_bytes(), force)?)),
        None => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// letter, notify --letter, respond, use

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
        None => deadlines::add_weeks(today, 2),
    };
    let acc = s.account(&me, a.item)?;
    if acc.deletion.is_some() {
        return Err(StoreError::BadInput(format!(
            "item {} has been deleted; only its reports remain",
            a.item
        ))
        .into());
    }
    let person = s.subject_of(a.item, &a.subject)?;
    if let Some(p) = &a.out {
        refuse_existing(&[p], a.force)?;
    }
    let ctx = LetterContext {
        subject: person.name.clone(),
        writer: me.clone(),
        today,
        respond_by,
        intent: a.intent.clone(),
        contact: a.contact.clone(),
    };
    let md = report::notification_letter(&acc, &ctx, lang, &Templates::new(a.templates.as_deref()))
        .map_err(bad)?;
    let text = match format {
        Format::Md => md,
        Format::Html => report::to_html(&md, &format!("earshot: item {}", a.item), lang),
    };
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
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
                let _ = std::fs::remove_file(p);
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

/// For `notify --letter FILE`: the letter earshot wrote (found by the file's SHA-256), checked
/// before anything is recorded.
pub fn letter_for_notify(s: &Store, a: &NotifyArgs) -> Result<Option<i64>, Failure> {
    let Some(path) = &a.letter else {
        return Ok(None);
    };
    let bytes = std::fs::read(path).map_err(|e| {
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
    let text = read_text_file(&a.text_file, "the response file")?;
    let received = past_date(a.received.as_deref())?;
    let mut s = open_store(cli)?;
    let (rid, complaint) =
        s.record_response(&me, a.item, &a.subject, &text, received, a.complaint)?;
    let c = complaint.map(|c| s.complaint(c)).transpose()?;
    let v = json!({
        "response": rid,
        "item": a.item,
        "subject": a.subject,
        "complaint": c,
        "complaint_offered": c.is_none(),
    });
    emit(cli.json, &v, || {
        let mut t = format!(
            "Response {rid} of {} to item {} recorded.",
            clean(&a.subject),
            a.item
        );
        match &c {
            Some(c) => {
                let _ = write!(
                    t,
                    "\nRegistered as complaint {}: acknowledge by {}, decide by {}.",
                    c.id, c.acknowledge_by, c.decide_by
                );
            }
            None => t.push_str(
                "\nIf it expresses any dissatisfaction, it is a complaint: register it with \
                 `earshot respond ... --complaint` or `earshot complaint add` (only a team \
                 leader can decide, in writing, that it is not).",
            ),
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

// ---------------------------------------------------------------------------------------------
// access

fn access_line(a: &AccessView) -> String {
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
                format!(
                    "Access request {} of {} for item {} opened: answer due by {} (one month).",
                    v.id,
                    clean(subject),
                    item,
                    v.due_on
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
                format!(
                    "Access request {} extended to {}. Tell {} why, in writing, before {}.",
                    v.id,
                    v.due_on,
                    clean(subject),
                    v.due_original
                )
            })
        }
        AccessCommand::Grant {
            item,
            subject,
            approved_by,
            pin_stdin,
            out,
            lang: l,
            force,
            templates,
        } => grant(
            cli,
            &me,
            *item,
            subject,
            approved_by,
            *pin_stdin,
            out,
            l,
            *force,
            templates.as_deref(),
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
                    "No access requests.".into()
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
    approved_by: &str,
    pin_stdin: bool,
    out: &Path,
    l: &str,
    force: bool,
    templates: Option<&Path>,
) -> Outcome {
    let lang = lang(l)?;
    let templates = Templates::new(templates);
    let mut s = open_store(cli)?;
    let acc = s.account(me, item)?;
    if acc.deletion.is_some() {
        return Err(bad(format!(
            "item {item} has been deleted; there is nothing left to hand out but its report"
        )));
    }
    let person = s.subject_of(item, subject)?;
    let rec_name = safe_file_name(
        acc.file_name.as_deref().unwrap_or(""),
        &format!("item-{item}.{}", acc.format),
    );
    let stem = match lang {
        Lang::Nl => format!("verwerkingsoverzicht-opname-{item}"),
        Lang::En => format!("processing-statement-item-{item}"),
    };
    let rec_path = out.join(&rec_name);
    let md_path = out.join(format!("{stem}.md"));
    let html_path = out.join(format!("{stem}.html"));
    if rec_path == md_path || rec_path == html_path {
        return Err(bad(
            "the recording's file name clashes with the statement's",
        ));
    }
    refuse_existing(&[&rec_path, &md_path, &html_path], force)?;
    // The templates are checked before anything changes.
    let today = chrono::Utc::now().date_naive();
    let probe = StatementContext {
        subject: person.name.clone(),
        today,
        requested_on: today,
        due_on: today,
        approved_by: approved_by.to_string(),
        granted_by: me.to_string(),
    };
    report::processing_statement(&acc, &probe, lang, &templates).map_err(bad)?;
    let pin = overseer_pin(me, approved_by, pin_stdin)?;
    let permit = s.access_grant(me, item, subject, approved_by, pin.as_deref())?;
    private_dir(out)?;
    let (rec, permit) = s.export_for_access(permit, &rec_path, force)?;
    let acc = s.account(me, item)?;
    let req = acc
        .access_requests
        .iter()
        .find(|r| r.id == permit.request())
        .ok_or_else(|| integrity("the access request vanished while granting it".into()))?;
    let ctx = StatementContext {
        subject: person.name.clone(),
        today,
        requested_on: req.requested_on,
        due_on: req.due_on,
        approved_by: permit.approved_by().to_string(),
        granted_by: permit.user().to_string(),
    };
    let md = report::processing_statement(&acc, &ctx, lang, &templates).map_err(bad)?;
    let html = report::to_html(&md, &stem, lang);
    let mut files = vec![rec];
    for (kind, path, text) in [
        ("statement_md", &md_path, &md),
        ("statement_html", &html_path, &html),
    ] {
        let sha = write_private(path, text.as_bytes(), force).map_err(io_fail)?;
        files.push(ExportedFile {
            kind: kind.into(),
            path: path.clone(),
            sha256: sha,
            size: text.len() as u64,
        });
    }
    let view = s.access_exported(&permit, &files)?;
    let v = json!({
        "item": item,
        "subject": person.name,
        "request": view,
        "approved_by": permit.approved_by(),
        "consent_asked": false,
        "verified": true,
        "recording_sha256": acc.sha256,
        "files": files,
        "audit_head": acc.audit_head,
    });
    emit(cli.json, &v, || {
        let mut t = format!(
            "Access granted to {} for item {} (approved by {}; nobody else's consent asked).\n",
            clean(&person.name),
            item,
            clean(permit.approved_by())
        );
        for f in &files {
            let _ = writeln!(t, "  {}  {}", f.path.display(), f.sha256);
        }
        let _ = write!(
            t,
            "The recording's SHA-256 matches the one taken at import.\nAudit head: {}",
            acc.audit_head
        );
        t
    })
}

// ---------------------------------------------------------------------------------------------
// complaints

fn complaint_human(c: &ComplaintView) -> String {
    let mut t = format!(
        "Complaint {} — {} — {}\nFrom       {}\nItem       {}\nReceived   {}\nAcknowledge by {}{}\nDecide by  {}{}",
        c.id,
        c.kind.replace('_', " "),
        c.status,
        c.from
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "(destroyed with the item)".into()),
        c.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
        c.received_on,
        c.acknowledge_by,
        c.acknowledged_on
            .map(|d| format!(" (acknowledged {d})"))
            .unwrap_or_default(),
        c.decide_by,
        if c.extended_to.is_some() {
            format!(" (postponed from {})", c.decide_by_original)
        } else {
            String::new()
        }
    );
    if let Some(x) = &c.text {
        let _ = write!(t, "\nText       {}", clean(x));
    }
    if let Some(x) = &c.extension_reason {
        let _ = write!(t, "\nPostponed  {}", clean(x));
    }
    if let Some(b) = &c.downgraded_by {
        let _ = write!(
            t,
            "\nTreated as an information request, approved by {}: {}",
            clean(b),
            c.downgrade_reason.as_deref().map(clean).unwrap_or_default()
        );
    }
    if let Some(d) = c.closed_on {
        let _ = write!(
            t,
            "\nDecided    {d}: {}",
            c.outcome.as_deref().map(clean).unwrap_or_default()
        );
    }
    if c.overdue {
        t.push_str("\nOVERDUE: the decision is late.");
    } else if c.acknowledgement_overdue {
        t.push_str("\nOVERDUE: the acknowledgement is late.");
    }
    t
}

fn complaint_row(c: &ComplaintView) -> String {
    format!(
        "{:>4}  {:<19} {:<6} item {:<4} {:<22} received {}  decide by {}{}",
        c.id,
        c.kind.replace('_', " "),
        c.status,
        c.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
        c.from
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "(destroyed)".into())
            .chars()
            .take(22)
            .collect::<String>(),
        c.received_on,
        c.decide_by,
        if c.overdue {
            "  OVERDUE"
        } else if c.acknowledgement_overdue {
            "  ACK OVERDUE"
        } else {
            ""
        }
    )
}

pub fn complaint(cli: &Cli, c: &ComplaintCommand) -> Outcome {
    let me = acting_user()?;
    let j = cli.json;
    let one = |v: &ComplaintView, head: String| -> Outcome {
        emit(j, v, || format!("{head}\n{}", complaint_human(v)))
    };
    match c {
        ComplaintCommand::Add {
            from,
            item,
            text_file,
            received,
        } => {
            let text = read_text_file(text_file, "the complaint file")?;
            let on = past_date(received.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.complaint_add(&me, from, *item, &text, on)?;
            one(&v, format!("Complaint {} registered.", v.id))
        }
        ComplaintCommand::List {
            open,
            overdue,
            item,
        } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            let list: Vec<ComplaintView> = s
                .complaints(*item, *open || *overdue)?
                .into_iter()
                .filter(|c| !*overdue || c.overdue || c.acknowledgement_overdue)
                .collect();
            emit(j, &list, || {
                if list.is_empty() {
                    "No complaints.".into()
                } else {
                    list.iter()
                        .map(complaint_row)
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            })
        }
        ComplaintCommand::Show { id } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            let v = s.complaint(*id)?;
            emit(j, &v, || complaint_human(&v))
        }
        ComplaintCommand::Ack { id, on } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.complaint_ack(&me, *id, on)?;
            one(&v, format!("Complaint {id}: receipt confirmed."))
        }
        ComplaintCommand::Extend { id, reason, weeks } => {
            let mut s = open_store(cli)?;
            let v = s.complaint_extend(&me, *id, *weeks, reason)?;
            one(
                &v,
                format!(
                    "Complaint {id}: decision postponed to {}. Tell the complainant in writing.",
                    v.decide_by
                ),
            )
        }
        ComplaintCommand::Close { id, outcome, on } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            let v = s.complaint_close(&me, *id, outcome, on)?;
            one(&v, format!("Complaint {id} decided."))
        }
        ComplaintCommand::Downgrade {
            id,
            approved_by,
            reason,
            pin_stdin,
        } => {
            let mut s = open_store(cli)?;
            let pin = overseer_pin(&me, approved_by, *pin_stdin)?;
            let v = s.complaint_downgrade(&me, *id, approved_by, pin.as_deref(), reason)?;
            one(
                &v,
                format!("Complaint {id} is now treated as an information request."),
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// copies

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
                    format!(
                        "Copy {id} of item {item} registered; item {item} has copies outstanding until it is confirmed deleted (`earshot copy confirm {id} --by USER`)."
                    )
                },
            )
        }
        CopyCommand::Confirm { copy, by, on } => {
            let on = past_date(on.as_deref())?;
            let mut s = open_store(cli)?;
            s.confirm_copy_deleted(&me, *copy, by, on)?;
            emit(j, &json!({ "copy": copy, "confirmed_by": by }), || {
                format!("Copy {copy}: deletion confirmed by {}.", clean(by))
            })
        }
        CopyCommand::List { item } => {
            let s = open_store(cli)?;
            s.user(&me)?;
            match item {
                Some(i) => {
                    let list = s.copies(*i)?;
                    let outstanding = list.iter().filter(|c| c.confirmed_at.is_none()).count();
                    let v = json!({ "item": i, "copies": list, "copies_outstanding": outstanding });
                    emit(j, &v, || {
                        let mut t = String::new();
                        for c in &list {
                            let _ = writeln!(
                                t,
                                "{:>4}  {:<36} registered {} by {}  {}",
                                c.id,
                                clean(&c.location),
                                c.registered_at,
                                clean(&c.registered_by),
                                match (&c.confirmed_by, c.deleted_on) {
                                    (Some(b), Some(d)) =>
                                        format!("deleted {d}, confirmed by {}", clean(b)),
                                    (Some(b), None) =>
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
                            "No copies outstanding.".into()
                        } else {
                            list.iter()
                                .map(|(i, n)| format!("item {i}: {n} copies outstanding"))
                                .collect::<Vec<_>>()
                                .join("\n")
                        }
                    })
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// delete with a certificate

fn parse_copy(s: &str) -> Result<(String, String), Failure> {
    match s.rsplit_once('=') {
        Some((w, b)) if !w.trim().is_empty() && !b.trim().is_empty() => {
            Ok((w.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(bad(format!(
            "--copy '{s}' should be WHERE=CONFIRMED_BY, e.g. \"phone of wim=wim\""
        ))),
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
    let stem = match lang {
        Lang::Nl => format!("verklaring-vernietiging-opname-{}", a.item),
        Lang::En => format!("deletion-certificate-item-{}", a.item),
    };
    let paths: Vec<PathBuf> = ["md", "html", "json"]
        .iter()
        .map(|e| dir.join(format!("{stem}.{e}")))
        .collect();
    let mut s = open_store(cli)?;
    let already = s.show(&me, a.item)?.deleted_at.is_some();
    let pin = overseer_pin(&me, &a.approved_by, a.pin_stdin)?;
    if already {
        // The gate refuses (and logs) a second deletion; no certificate is written.
        s.delete_item(
            &me,
            a.item,
            &a.reason,
            &a.requested_by,
            &a.approved_by,
            pin.as_deref(),
        )?;
        return Err(integrity(format!(
            "item {} was already deleted, yet the store accepted deleting it again",
            a.item
        )));
    }
    refuse_existing(
        &paths.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        a.force,
    )?;
    let templates = Templates::new(a.templates.as_deref());
    report::check_certificate_template(lang, &templates).map_err(bad)?;
    let cert = s.delete_certified(
        &me,
        a.item,
        &a.reason,
        &a.requested_by,
        &a.approved_by,
        pin.as_deref(),
        &copies,
    )?;
    // The deletion is done: from here on, failures only concern the certificate's files.
    let today = chrono::Utc::now().date_naive();
    let md = report::certificate(&cert, lang, today, &templates).map_err(bad)?;
    let html = report::to_html(&md, &stem, lang);
    let js = serde_json::to_string_pretty(&cert).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    private_dir(&dir)?;
    let mut shas = Vec::new();
    for (p, text) in paths.iter().zip([&md, &html, &js]) {
        shas.push(
            write_private(p, text.as_bytes(), a.force).map_err(|e| Failure {
                code: 1,
                message: format!(
                    "item {} is deleted, but its certificate could not be written: {e}",
                    a.item
                ),
            })?,
        );
    }
    s.record_certificate(&me, a.item, &shas)?;
    let v = json!({
        "item": a.item,
        "deleted": true,
        "audit_head": cert.audit_head,
        "certificate": {
            "md": paths[0], "html": paths[1], "json": paths[2], "sha256": shas,
        },
        "copies": cert.copies,
        "copies_outstanding": cert.copies_outstanding,
    });
    emit(cli.json, &v, || {
        let mut t = format!(
            "Item {} deleted: its recording, key and personal fields are destroyed.\nCertificate: {}, {}, {}\n",
            a.item,
            paths[0].display(),
            paths[1].display(),
            paths[2].display()
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

// ---------------------------------------------------------------------------------------------
// report, due

#[derive(Serialize)]
struct CaseReport {
    case: String,
    items: Vec<Account>,
    complaints: Vec<ComplaintView>,
    audit_head: String,
}

pub fn report(cli: &Cli, a: &ReportArgs) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    let today = chrono::Utc::now().date_naive();
    if let Some(p) = &a.out {
        refuse_existing(&[p], a.force)?;
    }
    let format = if cli.json { "json" } else { a.format.as_str() };
    let (value, md, title) = match (&a.item, &a.case) {
        (Some(item), _) => {
            let acc = s.account(&me, *item)?;
            let md = report::item_report(&acc, today);
            (
                serde_json::to_value(&acc).map_err(|e| bad(e.to_string()))?,
                md,
                format!("earshot: item {item}"),
            )
        }
        (None, Some(case)) => {
            let ids = s.case_items(case)?;
            let mut items = Vec::new();
            for id in ids {
                items.push(s.account(&me, id)?);
            }
            let complaints = s.case_complaints(case)?;
            let head = s.audit_head()?;
            let mut md = format!(
                "# Account of case {}\n\n{} items. Written {}.\n\n",
                report::inline(case),
                items.len(),
                Lang::En.date(today)
            );
            for acc in &items {
                let r = report::item_report(acc, today);
                // Each item's section, one heading level down, without its own head line.
                for line in r.lines() {
                    if line.starts_with("Audit head at the time")
                        || line.starts_with("(check it with")
                    {
                        continue;
                    }
                    if line.starts_with('#') {
                        md.push('#');
                    }
                    md.push_str(line);
                    md.push('\n');
                }
            }
            if !complaints.is_empty() {
                md.push_str("\n## Complaints about the case\n\n");
                for c in &complaints {
                    md.push_str(&report::complaint_line(c));
                }
            }
            let _ = write!(
                md,
                "\nAudit head at the time of writing: `{head}`\n(check it with `earshot audit verify --anchor {head}`)\n"
            );
            let v = CaseReport {
                case: case.clone(),
                items,
                complaints,
                audit_head: head,
            };
            (
                serde_json::to_value(&v).map_err(|e| bad(e.to_string()))?,
                md,
                format!("earshot: case {case}"),
            )
        }
        (None, None) => return Err(bad("give an item, or --case ID")),
    };
    let text = match format {
        "json" => serde_json::to_string_pretty(&value).map_err(|e| bad(e.to_string()))?,
        "html" => report::to_html(&md, &title, Lang::En),
        _ => md,
    };
    match &a.out {
        Some(p) => {
            let sha = write_private(p, text.as_bytes(), a.force)?;
            if cli.json {
                emit(true, &json!({ "out": p, "sha256": sha }), String::new)
            } else {
                emit(false, &(), || {
                    format!("Report written to {} (SHA-256 {sha}).", p.display())
                })
            }
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", text.trim_end());
            Ok(())
        }
    }
}

pub fn due(cli: &Cli) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    s.user(&me)?;
    let flags = s.due_flags()?;
    let overdue = s.overdue_complaints()?;
    let retention = s.retention_due()?;
    let access: Vec<AccessView> = s
        .access_requests(None)?
        .into_iter()
        .filter(|a| a.status == "open")
        .collect();
    let v = json!({
        "items": flags,
        "overdue_complaints": overdue,
        "open_access_requests": access,
        "retention_due": retention,
    });
    emit(cli.json, &v, || {
        let mut t = String::new();
        if flags.is_empty() {
            t.push_str("Nothing is due.");
        }
        for f in &flags {
            let mut parts = Vec::new();
            if f.open_complaints > 0 {
                parts.push(format!(
                    "{} open complaint(s){}",
                    f.open_complaints,
                    if f.overdue_complaints > 0 {
                        format!(", {} OVERDUE", f.overdue_complaints)
                    } else {
                        String::new()
                    }
                ));
            }
            if f.open_access_requests > 0 {
                parts.push(format!(
                    "{} access request(s){}",
                    f.open_access_requests,
                    if f.overdue_access_requests > 0 {
                        format!(", {} OVERDUE", f.overdue_access_requests)
                    } else {
                        String::new()
                    }
                ));
            }
            if f.copies_outstanding > 0 {
                parts.push(format!("{} copies outstanding", f.copies_outstanding));
            }
            if f.retention_due {
                parts.push("past its retention: due for deletion".into());
            }
            let _ = writeln!(
                t,
                "item {:<4} {}{}",
                f.item,
                parts.join("; "),
                f.next_due
                    .map(|d| format!(" (next due {d})"))
                    .unwrap_or_default()
            );
        }
        t
    })
}
