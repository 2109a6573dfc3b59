//! `show ITEM` for people who read Dutch: the same facts as the English, in the TUI's words,
//! with dates as Dutch writes them and seconds with a decimal comma.

use std::fmt::Write;

use super::output::{channel, clean, gate_lines, word};
use crate::core::lang::Lang;
use crate::core::model::NotificationDecision;
use crate::core::time::format_offset;
use crate::store::ItemView;
use crate::tui::i18n::Ui;

const NL: Lang = Lang::Nl;

fn ms(s: f64) -> String {
    format_offset((s.max(0.0) * 1000.0).round() as u64)
}

fn seconds(s: f64) -> String {
    NL.seconds((s.max(0.0) * 1000.0).round() as u64)
}

/// A moment the store keeps (RFC 3339, UTC) as Dutch writes it: "2 mrt 2026 14:05 UTC".
pub(crate) fn moment(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => format!("{} UTC", NL.datetime(t.to_utc())),
        Err(_) => clean(at),
    }
}

pub(crate) fn show(v: &ItemView) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Item {} — zaak {} — {}",
        v.id,
        clean(&v.case),
        word(Ui::stage(v.stage), NL)
    );
    let _ = writeln!(
        t,
        "Ontvangen  {} door {} via {}",
        moment(&v.received_at),
        clean(&v.received_by),
        channel(&v.channel, NL)
    );
    if let Some(f) = &v.file_name {
        let _ = writeln!(t, "Bestand    {}", clean(f));
    }
    if let Some(f) = &v.from {
        let _ = writeln!(t, "Van        {}", clean(f));
    }
    let _ = writeln!(
        t,
        "Geluid     {} {} {} Hz {}, {} ({} bytes)\nSHA-256    {}",
        v.format,
        v.codec,
        v.sample_rate,
        if v.channels == 1 {
            "1 kanaal".to_string()
        } else {
            format!("{} kanalen", v.channels)
        },
        ms(v.duration_s),
        v.size,
        v.sha256
    );
    match &v.metadata {
        Some(m) => {
            let _ = writeln!(
                t,
                "Afzender   {}",
                m.sender.as_deref().map(clean).unwrap_or_default()
            );
            for p in &m.subjects {
                let _ = writeln!(
                    t,
                    "Betrokkene {} ({})",
                    clean(&p.name),
                    word(Ui::person_role(p.role), NL)
                );
            }
            let _ = writeln!(
                t,
                "Doel       {}",
                m.purpose.as_deref().map(clean).unwrap_or_default()
            );
            let _ = writeln!(t, "Heimelijk  {}", word(Ui::secretly(m.secretly), NL));
            if let Some(l) = &m.legal_basis {
                let _ = writeln!(t, "Grondslag  {}", clean(l));
            }
            if let Some(p) = &m.processing_purpose {
                let _ = writeln!(t, "Doel van het team {}", clean(p));
            }
        }
        None if v.deleted_at.is_none() => {
            let _ = writeln!(t, "Gegevens   nog niet vastgelegd");
        }
        None => {}
    }
    for n in &v.notifications {
        match &n.decision {
            NotificationDecision::Notified { on, channel, by } => {
                let _ = writeln!(
                    t,
                    "Geïnformeerd {} op {} door {} ({})",
                    clean(&n.subject),
                    NL.date(*on),
                    clean(by),
                    clean(channel)
                );
            }
            NotificationDecision::Exception {
                reason,
                approved_by,
                ground,
                review_on,
            } => {
                let _ = writeln!(
                    t,
                    "Uitzondering {} niet geïnformeerd: {} (grond: {}; akkoord van {}; {})",
                    clean(&n.subject),
                    clean(reason),
                    ground.map_or("niet gegeven", |g| g.text(NL)),
                    clean(approved_by),
                    match review_on {
                        Some(d) => format!("herzien op {}", NL.date(*d)),
                        None => "geen datum om te herzien".to_string(),
                    }
                );
            }
            NotificationDecision::ViaParent { parent, by } => {
                let _ = writeln!(
                    t,
                    "Via ouder  {} wordt geïnformeerd via {} (vastgelegd door {})",
                    clean(&n.subject),
                    clean(parent),
                    clean(by)
                );
            }
        }
    }
    for p in &v.pending_notifications {
        let _ = writeln!(t, "Open       besluit over informeren van {}", clean(p));
    }
    for u in &v.uses {
        let _ = writeln!(
            t,
            "Gebruikt   {} → {} ({} op {})",
            clean(&u.purpose),
            clean(&u.recipient),
            clean(&u.by),
            moment(&u.at)
        );
    }
    let heard: Vec<String> = v
        .heard
        .iter()
        .map(|(a, b)| format!("{}–{}", ms(*a), ms(*b)))
        .collect();
    let _ = writeln!(
        t,
        "Fragment   {} van {} gebruikt, {} over",
        seconds(v.preview_used_s),
        seconds(v.preview_cap_s),
        seconds(v.preview_left_s)
    );
    let _ = writeln!(
        t,
        "Beluisterd {}",
        if heard.is_empty() {
            "nog niets".into()
        } else {
            heard.join(", ")
        }
    );
    if let Some(d) = &v.deleted_at {
        let _ = writeln!(t, "Vernietigd {}", moment(d));
    }
    t.push_str("Slot:\n");
    t.push_str(&gate_lines(&v.gate, NL));
    t
}
