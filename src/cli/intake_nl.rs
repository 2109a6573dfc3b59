//! What `import-chat` and `inbox` report in Dutch. Why a file was skipped or refused is said
//! by the intake as it words it.

use std::fmt::Write;

use super::output::clean;
use crate::core::lang::Lang;
use crate::intake::ChatImportReport;
use crate::intake::inbox::InboxReport;

/// Seconds with a decimal comma.
fn secs(s: f64) -> String {
    Lang::Nl.seconds((s * 1000.0).round() as u64)
}

pub(super) fn chat_report(r: &ChatImportReport) -> String {
    let mut t = String::new();
    let platform = match r.platform {
        Some(crate::intake::whatsapp::Platform::Android) => "Android",
        Some(crate::intake::whatsapp::Platform::Ios) => "iPhone",
        None => "onbekende telefoon",
    };
    let verb = if r.dry_run {
        "zouden worden ingelezen"
    } else {
        "ingelezen"
    };
    let _ = writeln!(
        t,
        "WhatsApp-export ({platform}, {} berichten): {} opname(n) {verb} in zaak {}.",
        r.messages,
        r.imported.len(),
        clean(&r.case)
    );
    for i in &r.imported {
        let id =
            i.id.map(|i| format!("item {i:<4}"))
                .unwrap_or_else(|| "nieuw    ".into());
        let _ = writeln!(
            t,
            "  {id}  {}  van {}, {}  ({} {}, {}){}",
            clean(&i.file),
            i.sender
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "(onbekend)".into()),
            i.sent_at.as_deref().unwrap_or("(tijd onbekend)"),
            i.format,
            i.codec,
            secs(i.duration_s),
            if i.in_chat {
                ""
            } else {
                "  [niet genoemd in de chat]"
            }
        );
    }
    if !r.duplicates.is_empty() {
        let _ = writeln!(t, "Dezelfde opname twee keer (één keer ingelezen):");
        for d in &r.duplicates {
            let same = match (&d.same_as_file, d.same_as_item) {
                (Some(f), _) => format!("hetzelfde als {}", clean(f)),
                (None, Some(i)) => format!("al item {i}"),
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
            "Regels waarvan de tijd niet te lezen was (gemeld, niet geraden): {} op regel {}{}",
            u.count,
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
            "Genoemd in de chat maar niet in de export: {} (vraag om een export met media)",
            r.missing_count
        );
        for m in &r.missing {
            let _ = writeln!(
                t,
                "  {}  van {}, {}",
                clean(&m.file),
                m.sender
                    .as_deref()
                    .map(clean)
                    .unwrap_or_else(|| "(onbekend)".into()),
                m.sent_at.as_deref().unwrap_or("(tijd onbekend)")
            );
        }
    }
    if r.media_omitted > 0 {
        let _ = writeln!(
            t,
            "Geëxporteerd zonder media: {} bijlage(n) staan er als \"media weggelaten\" en zitten \
             niet in de export.",
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
            "Andere media in de export, NIET ingelezen: {} ({}{})",
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
        let _ = writeln!(
            t,
            "Overgeslagen: {}: {}",
            clean(&sk.file),
            clean(&sk.reason)
        );
    }
    for e in &r.errors {
        let _ = writeln!(
            t,
            "Niet ingelezen: {}: {}",
            clean(&e.file),
            clean(&e.reason)
        );
    }
    if !r.dry_run && r.imported.iter().any(|i| i.copy.is_some()) {
        let _ = writeln!(
            t,
            "De telefoon van {} (WhatsApp) staat als kopie buiten de opslag, tot bevestigd is \
             dat die gewist is.",
            clean(&r.received_by)
        );
    }
    if r.dry_run {
        t.push_str("Proefrit: er is niets ingelezen.");
    } else if !r.imported.is_empty() {
        t.push_str(
            "Helemaal afspelen blijft vergrendeld tot elk item beschreven is (earshot describe).",
        );
    }
    t
}

pub(super) fn inbox_report(r: &InboxReport) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Inbox {}: {} ingelezen, {} dubbel, {} wachtend, {} geweigerd.",
        clean(&r.inbox),
        r.imported.len(),
        r.duplicates.len(),
        r.waiting.len(),
        r.rejected.len()
    );
    for i in &r.imported {
        let _ = writeln!(
            t,
            "  item {:<4} {} → zaak {} ({} {}, {}), ontvangen en nog niet toegewezen",
            i.id,
            clean(&i.file),
            clean(&i.case),
            i.format,
            i.codec,
            secs(i.duration_s)
        );
    }
    for (label, notes) in [
        ("dubbel", &r.duplicates),
        ("wachtend", &r.waiting),
        ("geweigerd", &r.rejected),
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
