//! `import-chat`, `inbox`, and the chat context in `show`: intake from the command line, with
//! a progress bar on a terminal and Ctrl-C stopping between files.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use super::args::{Cli, ImportChatArgs, InboxArgs};
use super::context::{acting_user, open_store};
use super::failure::{Failure, Outcome, spoken};
use super::output::{self, clean, emit};
use crate::core::lang::Lang;
use crate::intake::archive::Limits;
use crate::intake::inbox::{InboxOptions, InboxReport, InboxWatcher, WatchEvent, run_pass};
use crate::intake::{ChatImportReport, ChatImportRequest, Progress, import_chat as run_import};
use crate::signals;
use crate::store::intake::ChatContext;

/// A one-line progress bar on standard error, drawn only when it is a terminal.
struct Bar {
    on: bool,
    last: Option<Instant>,
    drawn: bool,
}

fn mb(b: u64) -> String {
    format!("{:.1}", b as f64 / 1_000_000.0)
}

impl Bar {
    fn new() -> Bar {
        Bar {
            on: std::io::stderr().is_terminal(),
            last: None,
            drawn: false,
        }
    }

    fn draw(&mut self, p: &Progress) {
        if !self.on {
            return;
        }
        let done = p.files_done == p.files_total && p.current.is_none();
        if !done
            && let Some(t) = self.last
            && t.elapsed() < Duration::from_millis(100)
        {
            return;
        }
        self.last = Some(Instant::now());
        let width = 24usize;
        let frac = if p.bytes_total > 0 {
            p.bytes_done as f64 / p.bytes_total as f64
        } else if p.files_total > 0 {
            p.files_done as f64 / p.files_total as f64
        } else {
            1.0
        };
        let fill = ((frac.clamp(0.0, 1.0)) * width as f64).round() as usize;
        let current: String = p
            .current
            .as_deref()
            .map(clean)
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K[{}{}] {}/{} files  {}/{} MB  {}",
            "#".repeat(fill),
            " ".repeat(width - fill),
            p.files_done,
            p.files_total,
            mb(p.bytes_done),
            mb(p.bytes_total),
            current
        );
        let _ = err.flush();
        self.drawn = true;
    }

    fn finish(&mut self) {
        if self.on && self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

/// Prints a report, then exits 2 when some files were refused, 1 when interrupted.
fn finish_with(
    json: bool,
    value: &impl serde::Serialize,
    human: String,
    refused: usize,
    interrupted: bool,
) -> Outcome {
    emit(json, value, || human)?;
    if interrupted {
        return Err(Failure::after_output(
            1,
            "onderbroken; alles wat ervoor is ingelezen, is vastgelegd (voer de opdracht \
             opnieuw uit voor de rest)",
            "interrupted; everything imported before it is committed (run again for the rest)",
        ));
    }
    if refused > 0 {
        return Err(Failure::after_output(
            2,
            format!("{refused} bestand(en) konden niet worden ingelezen (hierboven staat waarom)"),
            format!("{refused} file(s) could not be imported (listed above with the reason)"),
        ));
    }
    Ok(())
}

pub(super) fn import_chat(cli: &Cli, a: &ImportChatArgs) -> Outcome {
    if super::io::guarded().is_some() {
        return Err(super::failure::bad(
            "import-chat werkt nog niet via de bewaker: de export zou dan op de server moeten \
             worden gelezen. Pak hem uit en gebruik `earshot import` voor de opnamen",
            "import-chat does not run through the guardian yet: the export would have to be \
             read on the server. Unpack it and use `earshot import` for its recordings",
        ));
    }
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    signals::install();
    let mut bar = Bar::new();
    let req = ChatImportRequest {
        export: &a.export,
        case: &a.case,
        received_by: &a.received_by,
        dry_run: a.dry_run,
        limits: Limits::default(),
    };
    let r = run_import(&mut s, &me, &req, &super::io::stop_requested, &mut |p| {
        bar.draw(p)
    });
    bar.finish();
    let r = r?;
    finish_with(cli.json, &r, chat_report(&r), r.errors.len(), r.interrupted)
}

/// What an import of a chat export did, in the language of the command.
fn chat_report(r: &ChatImportReport) -> String {
    if super::failure::spoken() == crate::core::lang::Lang::Nl {
        return super::intake_nl::chat_report(r);
    }
    let mut t = String::new();
    let platform = match r.platform {
        Some(crate::intake::whatsapp::Platform::Android) => "Android",
        Some(crate::intake::whatsapp::Platform::Ios) => "iPhone",
        None => "unknown phone",
    };
    let verb = if r.dry_run {
        "would be imported"
    } else {
        "imported"
    };
    let _ = writeln!(
        t,
        "WhatsApp export ({platform}, {} messages): {} recording(s) {verb} into case {}.",
        r.messages,
        r.imported.len(),
        clean(&r.case)
    );
    for i in &r.imported {
        let id =
            i.id.map(|i| format!("item {i:<4}"))
                .unwrap_or_else(|| "new      ".into());
        let _ = writeln!(
            t,
            "  {id}  {}  from {}, {}  ({} {}, {:.1} s){}",
            clean(&i.file),
            i.sender
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "(unknown)".into()),
            i.sent_at.as_deref().unwrap_or("(time unknown)"),
            i.format,
            i.codec,
            i.duration_s,
            if i.in_chat {
                ""
            } else {
                "  [not mentioned in the chat]"
            }
        );
    }
    if !r.duplicates.is_empty() {
        let _ = writeln!(t, "The same recording twice (imported once):");
        for d in &r.duplicates {
            let same = match (&d.same_as_file, d.same_as_item) {
                (Some(f), _) => format!("same as {}", clean(f)),
                (None, Some(i)) => format!("already item {i}"),
                _ => String::new(),
            };
            let _ = writeln!(
                t,
                "  {}  {same} (SHA-256 {})",
                clean(&d.file),
                &d.sha256[..12.min(d.sha256.len())]
            );
        }
    }
    let u = &r.unreadable_headers;
    if u.count > 0 {
        let lines: Vec<String> = u.lines.iter().map(u64::to_string).collect();
        let _ = writeln!(
            t,
            "Lines whose time stamp could not be read (reported, not guessed): {} \
             on line{} {}{}",
            u.count,
            if u.lines.len() == 1 { "" } else { "s" },
            lines.join(", "),
            if (u.lines.len() as u64) < u.count {
                ", …"
            } else {
                ""
            }
        );
    }
    if r.missing_count > 0 {
        let _ = writeln!(
            t,
            "Mentioned in the chat but missing from the export: {} (ask for an export with media)",
            r.missing_count
        );
        for m in &r.missing {
            let _ = writeln!(
                t,
                "  {}  from {}, {}",
                clean(&m.file),
                m.sender
                    .as_deref()
                    .map(clean)
                    .unwrap_or_else(|| "(unknown)".into()),
                m.sent_at.as_deref().unwrap_or("(time unknown)")
            );
        }
    }
    if r.media_omitted > 0 {
        let _ = writeln!(
            t,
            "Exported without media: {} attachment(s) show as \"media omitted\" and are not in the export.",
            r.media_omitted
        );
    }
    if r.other_media.count > 0 {
        let names: Vec<String> = r
            .other_media
            .files
            .iter()
            .take(10)
            .map(|f| clean(f))
            .collect();
        let _ = writeln!(
            t,
            "Other media in the export, NOT imported: {} ({}{})",
            r.other_media.count,
            names.join(", "),
            if r.other_media.count > 10 {
                ", …"
            } else {
                ""
            }
        );
    }
    for sk in &r.skipped {
        let _ = writeln!(t, "Skipped: {}: {}", clean(&sk.file), clean(&sk.reason));
    }
    for e in &r.errors {
        let _ = writeln!(t, "Not imported: {}: {}", clean(&e.file), clean(&e.reason));
    }
    if !r.dry_run && r.imported.iter().any(|i| i.copy.is_some()) {
        let _ = writeln!(
            t,
            "The phone of {} (WhatsApp) is registered as a copy outside the store, outstanding until its deletion is confirmed.",
            clean(&r.received_by)
        );
    }
    if r.dry_run {
        t.push_str("Dry run: nothing was imported.");
    } else if !r.imported.is_empty() {
        t.push_str("Full playback stays locked until each item is described (earshot describe).");
    }
    t
}

/// What a pass over the drop folder did, in the language of the command.
fn inbox_report(r: &InboxReport) -> String {
    if super::failure::spoken() == crate::core::lang::Lang::Nl {
        return super::intake_nl::inbox_report(r);
    }
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Inbox {}: {} imported, {} duplicate(s), {} waiting, {} rejected.",
        clean(&r.inbox),
        r.imported.len(),
        r.duplicates.len(),
        r.waiting.len(),
        r.rejected.len()
    );
    for i in &r.imported {
        let _ = writeln!(
            t,
            "  item {:<4} {} → case {} ({} {}, {:.1} s), received and unassigned",
            i.id,
            clean(&i.file),
            clean(&i.case),
            i.format,
            i.codec,
            i.duration_s
        );
    }
    for (label, notes) in [
        ("duplicate", &r.duplicates),
        ("waiting", &r.waiting),
        ("rejected", &r.rejected),
    ] {
        for n in notes {
            let _ = writeln!(t, "  {label}: {}: {}", clean(&n.file), clean(&n.reason));
        }
    }
    for c in &r.chats {
        t.push_str(&chat_report(c));
        t.push('\n');
    }
    t
}

pub(super) fn inbox(cli: &Cli, a: &InboxArgs) -> Outcome {
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    signals::install();
    let opts = InboxOptions {
        settle: Duration::from_millis(a.settle_ms),
        limits: Limits::default(),
    };
    if a.watch && super::io::guarded().is_some() {
        return Err(super::failure::bad(
            "`inbox --watch` werkt niet via de bewaker; start `earshot inbox` met een timer, of \
             laat de gebruiker van de bewaker de map volgen",
            "`inbox --watch` does not run through the guardian; run `earshot inbox` from a \
             timer, or the watcher as the guardian's user",
        ));
    }
    if a.watch {
        return watch(cli, s, me, opts, Duration::from_secs(a.rescan_s.max(1)));
    }
    let mut bar = Bar::new();
    let r = run_pass(&mut s, &me, &opts, &super::io::stop_requested, &mut |p| {
        bar.draw(p)
    });
    bar.finish();
    let r = r?;
    let refused = r.rejected.len() + r.chats.iter().map(|c| c.errors.len()).sum::<usize>();
    finish_with(cli.json, &r, inbox_report(&r), refused, r.interrupted)
}

/// `inbox --watch`: the watcher the TUI uses, printing each pass until Ctrl-C.
fn watch(
    cli: &Cli,
    s: crate::store::Store,
    me: String,
    opts: InboxOptions,
    rescan: Duration,
) -> Outcome {
    let json = cli.json;
    let w = InboxWatcher::start(s, me, opts, rescan, move |ev| match ev {
        WatchEvent::Pass(r) => {
            let quiet = r.imported.is_empty()
                && r.duplicates.is_empty()
                && r.rejected.is_empty()
                && r.chats.is_empty();
            if json {
                if let Ok(t) = serde_json::to_string(&r) {
                    println!("{t}");
                }
            } else if !quiet {
                println!("{}", inbox_report(&r).trim_end());
            }
        }
        WatchEvent::Error(e) => eprintln!("earshot: {e}"),
        WatchEvent::PassStarted(_) | WatchEvent::Progress(_) => {}
    })?;
    while !super::io::stop_requested() {
        std::thread::sleep(Duration::from_millis(100));
    }
    w.stop();
    Ok(())
}

fn context_text(c: &ChatContext, lang: Lang) -> String {
    let mut t = String::from(match lang {
        Lang::Nl => "Chat rond de bijlage:\n",
        Lang::En => "Chat around the attachment:\n",
    });
    for m in &c.messages {
        let mark = if m.attachment { "▶" } else { " " };
        let who = m.sender.as_deref().map(clean).unwrap_or_else(|| {
            match lang {
                Lang::Nl => "(systeem)",
                Lang::En => "(system)",
            }
            .into()
        });
        let text = clean(&m.text.replace('\n', " ⏎ "));
        let _ = writeln!(
            t,
            "  {mark} {} {who}: {text}",
            m.at.as_deref().unwrap_or("")
        );
    }
    t
}

/// `show ITEM`: the item, and the chat around its attachment when it came from a chat.
pub(super) fn show(cli: &Cli, item: i64) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    let v = s.show(&me, item)?;
    let ctx = if v.deleted_at.is_none() {
        s.chat_context(item)?
    } else {
        None
    };
    if cli.json {
        let mut val = serde_json::to_value(&v).map_err(|e| super::failure::not_json(1, e))?;
        if let Some(c) = &ctx {
            val["chat_context"] = serde_json::to_value(c).unwrap_or_default();
        }
        return emit(true, &val, String::new);
    }
    let lang = spoken();
    emit(false, &v, || {
        let mut t = match lang {
            Lang::Nl => super::show_nl::show(&v),
            Lang::En => output::show(&v),
        };
        if let Some(c) = &ctx {
            t.push_str(&context_text(c, lang));
        }
        t
    })
}
