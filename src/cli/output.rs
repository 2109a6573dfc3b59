//! What the commands print for people (the `--json` forms come straight from the types).

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use super::failure::Outcome;

use crate::core::audit::Entry;
use crate::core::audit::ProfileKey;
use crate::core::gate::GateReport;
use crate::core::lang::Lang;
use crate::core::model::{NotificationDecision, Role, Stage, User};
use crate::core::time::format_offset;
use crate::store::{DoctorReport, ImportedItem, ItemView, QueueRow, Settings, Signer};
use crate::tui::i18n::Ui;

/// Strips control characters so that names cannot move the cursor or recolour the terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn ms(s: f64) -> String {
    format_offset((s * 1000.0).round() as u64)
}

/// The word for `u` in `lang` (the TUI's words, so screen and command line agree).
pub(crate) fn word(u: Ui, lang: Lang) -> &'static str {
    u.text(lang)
}

/// What `init` says: where the store is (its folder, or its database and this machine's
/// working folder), its key, its first lead.
pub fn init(dir: &Path, database: Option<&str>, key: &Path, me: &str, lang: Lang) -> String {
    let place = match (database, lang) {
        (Some(db), Lang::Nl) => format!("{db} (werkmap op deze computer: {})", dir.display()),
        (Some(db), Lang::En) => format!("{db} (working folder on this machine: {})", dir.display()),
        (None, _) => dir.display().to_string(),
    };
    if lang == Lang::Nl {
        return format!(
            "Opslag gemaakt in {place}\nDe sleutel staat in {} (alleen voor jou: bewaar er ergens \
             veilig een reservekopie van; zonder sleutel zijn de opnamen niet te lezen).\n{me} is \
             de eerste teamleider. Stel je pincode in met `earshot team pin`, zodat je kunt \
             meeluisteren met fragmenten van anderen.",
            key.display()
        );
    }
    format!(
        "Created a store at {place}\nIts key is in {} (private to you: keep a backup of it somewhere safe; without it the recordings cannot be read).\n{me} is its first team leader. Set your PIN with `earshot team pin` so you can supervise others' previews.",
        key.display()
    )
}

pub fn team_added(name: &str, role: Role, pin: bool, lang: Lang) -> String {
    if lang == Lang::Nl {
        let mut t = format!("{name} toegevoegd als {}.", word(Ui::role(role), lang));
        if role == Role::Lead && !pin {
            t.push_str(&format!(
                " {name} heeft nog geen pincode; die stelt {name} zelf in met `earshot team pin`."
            ));
        }
        return t;
    }
    let mut t = format!(
        "{name} added as {}.",
        if role == Role::Lead {
            "team leader"
        } else {
            "worker"
        }
    );
    if role == Role::Lead && !pin {
        t.push_str(&format!(
            " {name} has no PIN yet; they can set one with `earshot team pin`."
        ));
    }
    t
}

pub fn team_list(list: &[(User, bool, Signer)], lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let mut t = String::from(if nl {
        "NAAM                 ROL         PIN  ONDERTEKENT ALS\n"
    } else {
        "NAME                 ROLE    PIN  SIGNS AS\n"
    });
    for (u, pin, signer) in list {
        let signs = match (&signer.full_name, &signer.title) {
            (Some(n), Some(title)) => format!("{}, {}", clean(n), clean(title)),
            _ if nl => {
                "(niet ingesteld: `earshot team set NAAM --full-name NAAM --title FUNCTIE`)".into()
            }
            _ => "(not set: `earshot team set NAME --full-name T --title T`)".into(),
        };
        if nl {
            let _ = writeln!(
                t,
                "{:<20} {:<11} {:<4} {signs}",
                clean(&u.name),
                word(Ui::role(u.role), lang),
                if *pin { "ja" } else { "-" }
            );
        } else {
            let _ = writeln!(
                t,
                "{:<20} {:<7} {:<4} {signs}",
                clean(&u.name),
                u.role.to_string(),
                if *pin { "set" } else { "-" }
            );
        }
    }
    t
}

/// What an import says it did; `phone`, the copy the import registered with each item (the
/// receiver's phone, when it came by phone).
/// (In Dutch the copy is named after `received_by`: the store keeps its place in English.)
pub fn imported(
    items: &[ImportedItem],
    phone: Option<&str>,
    received_by: &str,
    lang: Lang,
) -> String {
    let pick = |nl: String, en: String| if lang == Lang::Nl { nl } else { en };
    let mut t = String::new();
    for i in items {
        let (id, case, file) = (i.id, clean(&i.case), clean(&i.file));
        let what = format!("{} {}, {}", i.format, i.codec, ms(i.duration_s));
        let _ = writeln!(
            t,
            "{}",
            pick(
                format!("Item {id} ingelezen in zaak {case}: {file} ({what})."),
                format!("Item {id} imported into case {case}: {file} ({what})."),
            )
        );
        if !i.same_recording.is_empty() {
            let others: Vec<String> = i
                .same_recording
                .iter()
                .map(|o| {
                    let case = clean(&o.case);
                    pick(
                        format!("item {} (zaak {case})", o.item),
                        format!("item {} (case {case})", o.item),
                    )
                })
                .collect();
            let others = others.join(", ");
            let _ = writeln!(
                t,
                "{}",
                pick(
                    format!(
                        "  Dezelfde opname is al {others}: de fragmenttijd wordt gedeeld, er komt \
                         geen nieuwe bij."
                    ),
                    format!(
                        "  The same recording is already {others}: its preview allowance is \
                         shared, not new."
                    ),
                )
            );
        }
    }
    if let Some(p) = phone {
        let _ = writeln!(
            t,
            "{}",
            pick(
                format!(
                    "De telefoon van {} staat bij elk item als kopie buiten de opslag, open tot \
                     bevestigd is dat de opname daar is verwijderd (`earshot copy list ITEM`).",
                    clean(received_by)
                ),
                format!(
                    "The {} is registered as a copy outside the store of each item, outstanding \
                     until its deletion is confirmed (`earshot copy list ITEM`).",
                    clean(p)
                ),
            )
        );
    }
    t.push_str(&pick(
        "Volledig afspelen blijft op slot tot het item is beschreven (earshot describe).".into(),
        "Full playback stays locked until it is described (earshot describe).".into(),
    ));
    t
}

fn flags(r: &QueueRow, lang: Lang) -> String {
    if lang == Lang::Nl {
        let mut f: Vec<String> = Vec::new();
        if r.secretly == crate::core::model::Secretly::Yes {
            f.push(word(Ui::FlagRecordedSecretly, lang).into());
        }
        if r.stage != Stage::Deleted {
            f.push(format!("fragment nog {:.0} s", r.preview_left_s));
        }
        if r.notification_pending {
            f.push(word(Ui::FlagNotificationPending, lang).into());
        }
        if r.overdue {
            f.push(word(Ui::FlagOverdue, lang).into());
        }
        return f.join(", ");
    }
    let mut f = Vec::new();
    if r.secretly == crate::core::model::Secretly::Yes {
        f.push("recorded secretly".to_string());
    }
    if r.stage != Stage::Deleted {
        f.push(format!("preview {:.0}s left", r.preview_left_s));
    }
    if r.notification_pending {
        f.push("notification pending".into());
    }
    if r.overdue {
        f.push("overdue".into());
    }
    f.join(", ")
}

/// What `queue` says when there is nothing in it.
pub fn queue_empty(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "De wachtrij is leeg. Lees opnamen in met `earshot import`.",
        Lang::En => "The queue is empty. Import recordings with `earshot import`.",
    }
}

/// The queue table's heading line.
pub fn queue_header(lang: Lang) -> String {
    let [id, received, case, channel, sender, length, stage, flags] = match lang {
        Lang::Nl => [
            "NR",
            "ONTVANGEN",
            "ZAAK",
            "KANAAL",
            "AFZENDER",
            "DUUR",
            "FASE",
            "KENMERKEN",
        ],
        Lang::En => [
            "ID", "RECEIVED", "CASE", "CHANNEL", "SENDER", "LENGTH", "STAGE", "FLAGS",
        ],
    };
    format!(
        "{id:>4}  {received:<16}  {case:<10}  {channel:<9}  {sender:<18}  {length:>7}  \
         {stage:<20}  {flags}\n"
    )
}

/// One row of the queue table, with its newline.
pub fn queue_line(r: &QueueRow, lang: Lang) -> String {
    if let Some(why) = &r.damaged {
        return match lang {
            Lang::Nl => format!(
                "{:>4}  BESCHADIGD: {} (voer `earshot doctor` uit)\n",
                r.id,
                clean(why)
            ),
            Lang::En => format!(
                "{:>4}  DAMAGED: {} (run `earshot doctor`)\n",
                r.id,
                clean(why)
            ),
        };
    }
    let received = r
        .received_at
        .get(..16)
        .unwrap_or(&r.received_at)
        .replace('T', " ");
    let sender = match (&r.sender, &r.from) {
        (Some(s), _) => clean(s),
        (None, Some(f)) => format!("{}?", clean(f)),
        (None, None) => word(Ui::NotRecorded, lang).into(),
    };
    let stage = match lang {
        Lang::Nl => word(Ui::stage(r.stage), lang),
        Lang::En => r.stage.label(),
    };
    format!(
        "{:>4}  {:<16}  {:<10}  {:<9}  {:<18}  {:>7}  {:<20}  {}\n",
        r.id,
        received,
        clean(&r.case),
        channel(&r.channel, lang),
        sender.chars().take(18).collect::<String>(),
        ms(r.duration_s),
        stage,
        flags(r, lang)
    )
}

/// How a recording came in (as the store keeps it), in `lang`.
pub(crate) fn channel(c: &str, lang: Lang) -> String {
    match (lang, c) {
        (Lang::Nl, "phone") => "telefoon".into(),
        (Lang::Nl, "other") => "anders".into(),
        (Lang::Nl, "email") => "e-mail".into(),
        (Lang::Nl, "whatsapp") => "WhatsApp".into(),
        _ => clean(c),
    }
}

/// Output written as it is made, in blocks: a long listing is never held whole. A closed pipe
/// (`| head`) ends the writing quietly, as [`emit`] does.
pub(crate) struct Streamed {
    buf: String,
    pub(crate) closed: bool,
}

impl Streamed {
    const BLOCK: usize = 64 * 1024;

    pub(crate) fn new() -> Streamed {
        Streamed {
            buf: String::with_capacity(Self::BLOCK + 4096),
            closed: false,
        }
    }

    pub(crate) fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        if self.buf.len() >= Self::BLOCK {
            self.flush();
        }
    }

    pub(crate) fn flush(&mut self) {
        if !self.closed && !self.buf.is_empty() && super::io::out(self.buf.as_bytes()).is_err() {
            self.closed = true;
        }
        self.buf.clear();
    }

    /// An element made by [`json_element_text`], after the ones before it.
    pub(crate) fn push_json_element(&mut self, first: bool, text: &str) {
        self.push(if first { "[\n" } else { ",\n" });
        self.push(text);
    }
}

/// One element of a pretty-printed JSON array, indented as `to_string_pretty` indents it
/// inside the whole array; made apart from the writing, so it can be made on another thread.
pub(crate) fn json_element_text<T: Serialize>(v: &T) -> Result<String, String> {
    let mut out = Indented(Vec::with_capacity(512));
    out.0.extend_from_slice(b"  ");
    serde_json::to_writer_pretty(&mut out, v).map_err(|e| e.to_string())?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out.0).map_err(|e| e.to_string())
}

/// A writer that indents every line after the first by one level. JSON text has a line break
/// only where the pretty printer puts one (inside strings they are escaped), so each is one.
struct Indented(Vec<u8>);

impl std::io::Write for Indented {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|&b| b == b'\n') {
            self.0.extend_from_slice(&rest[..=at]);
            self.0.extend_from_slice(b"  ");
            rest = &rest[at + 1..];
        }
        self.0.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn gate_lines(g: &GateReport, lang: Lang) -> String {
    if lang == Lang::Nl {
        return gate_lines_nl(g);
    }
    let mut t = String::new();
    let mark = |ok: bool| if ok { "[open]  " } else { "[locked]" };
    for (name, ok) in [
        ("preview", g.preview),
        ("full playback", g.full_playback),
        ("further use", g.further_use),
        ("subject access", g.subject_access),
        ("delete", g.delete),
    ] {
        let _ = writeln!(t, "  {} {name}", mark(ok));
    }
    if !g.missing.is_empty() {
        t.push_str("  Missing:\n");
        for m in &g.missing {
            let _ = writeln!(t, "    - {}", clean(m));
        }
    }
    t
}

fn gate_lines_nl(g: &GateReport) -> String {
    let lang = Lang::Nl;
    let mut t = String::new();
    for (name, ok) in [
        (Ui::GatePreview, g.preview),
        (Ui::GateFullPlayback, g.full_playback),
        (Ui::GateFurtherUse, g.further_use),
        (Ui::GateSubjectAccess, g.subject_access),
        (Ui::GateDelete, g.delete),
    ] {
        let mark = if ok { "[open]       " } else { "[vergrendeld]" };
        let _ = writeln!(t, "  {mark} {}", word(name, lang));
    }
    if !g.details.is_empty() {
        t.push_str("  Nog nodig:\n");
        for (action, missing) in &g.details {
            for m in missing {
                let _ = writeln!(t, "    - {}: {}", action.text(lang), clean(&m.text(lang)));
            }
        }
    }
    t
}

/// `show ITEM` in English (in Dutch: [`super::show_nl`]).
pub fn show(v: &ItemView) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Item {} — case {} — {}",
        v.id,
        clean(&v.case),
        v.stage.label()
    );
    let _ = writeln!(
        t,
        "Received   {} by {} via {}",
        v.received_at,
        clean(&v.received_by),
        v.channel
    );
    if let Some(f) = &v.file_name {
        let _ = writeln!(t, "File       {}", clean(f));
    }
    if let Some(f) = &v.from {
        let _ = writeln!(t, "From       {}", clean(f));
    }
    let _ = writeln!(
        t,
        "Audio      {} {} {} Hz {} ch, {} ({} bytes)\nSHA-256    {}",
        v.format,
        v.codec,
        v.sample_rate,
        v.channels,
        ms(v.duration_s),
        v.size,
        v.sha256
    );
    match &v.metadata {
        Some(m) => {
            let _ = writeln!(
                t,
                "Sender     {}",
                m.sender.as_deref().map(clean).unwrap_or_default()
            );
            for p in &m.subjects {
                let _ = writeln!(t, "Subject    {} ({})", clean(&p.name), p.role);
            }
            let _ = writeln!(
                t,
                "Purpose    {}",
                m.purpose.as_deref().map(clean).unwrap_or_default()
            );
            let _ = writeln!(t, "Secretly   {}", m.secretly);
            if let Some(l) = &m.legal_basis {
                let _ = writeln!(t, "Legal basis {}", clean(l));
            }
            if let Some(p) = &m.processing_purpose {
                let _ = writeln!(t, "Team's purpose {}", clean(p));
            }
        }
        None if v.deleted_at.is_none() => {
            let _ = writeln!(t, "Metadata   not recorded yet");
        }
        None => {}
    }
    for n in &v.notifications {
        match &n.decision {
            NotificationDecision::Notified { on, channel, by } => {
                let _ = writeln!(
                    t,
                    "Notified   {} on {on} by {} ({})",
                    clean(&n.subject),
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
                    "Exception  {} not notified: {} (ground {}; approved by {}; {})",
                    clean(&n.subject),
                    clean(reason),
                    ground.map_or("not given", |g| g.as_str()),
                    clean(approved_by),
                    match review_on {
                        Some(d) => format!("review on {d}"),
                        None => "no review date".to_string(),
                    }
                );
            }
            NotificationDecision::ViaParent { parent, by } => {
                let _ = writeln!(
                    t,
                    "Via parent {} is told through {} (recorded by {})",
                    clean(&n.subject),
                    clean(parent),
                    clean(by)
                );
            }
        }
    }
    for p in &v.pending_notifications {
        let _ = writeln!(t, "Pending    notification decision for {}", clean(p));
    }
    for u in &v.uses {
        let _ = writeln!(
            t,
            "Used       {} → {} ({} on {})",
            clean(&u.purpose),
            clean(&u.recipient),
            clean(&u.by),
            u.at
        );
    }
    let heard: Vec<String> = v
        .heard
        .iter()
        .map(|(a, b)| format!("{}–{}", ms(*a), ms(*b)))
        .collect();
    let _ = writeln!(
        t,
        "Preview    {:.1} s of {:.0} s used, {:.1} s left",
        v.preview_used_s, v.preview_cap_s, v.preview_left_s
    );
    let _ = writeln!(
        t,
        "Heard      {}",
        if heard.is_empty() {
            "nothing yet".into()
        } else {
            heard.join(", ")
        }
    );
    if let Some(d) = &v.deleted_at {
        let _ = writeln!(t, "Deleted    {d}");
    }
    t.push_str("Gate:\n");
    t.push_str(&gate_lines(&v.gate, Lang::En));
    t
}

pub fn audit_log(entries: &[Entry]) -> String {
    let mut t = String::new();
    for e in entries {
        let item = e.item.map(|i| format!("item {i}")).unwrap_or_default();
        let _ = writeln!(
            t,
            "#{:<6} {}  {:<12} {:<15} {:<9} {}",
            e.seq,
            e.at,
            clean(&e.actor),
            e.action,
            item,
            e.detail
        );
    }
    if entries.is_empty() {
        t.push_str("No entries.");
    }
    t
}

/// The settings, their values and what each means, in `lang` (the keys are what a person
/// types, so they stay as they are).
pub fn settings(s: &Settings, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let pick = |d: &'static str, e: &'static str| if nl { d } else { e };
    let rows = [
        (
            "preview_cap_s",
            s.preview_cap_s.to_string(),
            pick(
                "seconden fragment per item (hoogstens 60)",
                "seconds of preview per item (at most 60)",
            ),
        ),
        (
            "escalation_days",
            s.escalation_days.to_string(),
            pick(
                "werkdagen voordat een onaangeroerd item te laat is",
                "working days before an untouched item is overdue",
            ),
        ),
        (
            "retention_years",
            s.retention_years.to_string(),
            pick(
                "jaren voordat een item vernietigd moet worden",
                "years before an item is due for deletion",
            ),
        ),
        (
            "backup_retention_days",
            s.backup_retention_days.to_string(),
            pick(
                "dagen dat een reservekopie bewaard wordt (daarna mag een oud sleuteltijdvak \
                 weg: `earshot key list`)",
                "days a backup is kept (then an old key epoch may be destroyed: `earshot key \
                 list`)",
            ),
        ),
    ];
    let not_set = pick("niet ingesteld", "not set");
    let mut t = String::new();
    for (key, value, what) in rows {
        let _ = writeln!(t, "{key:<22} {value:>4}   {what}");
    }
    let _ = writeln!(
        t,
        "{:<22} {}",
        "inbox",
        s.inbox.as_deref().map(clean).unwrap_or_else(|| {
            format!(
                "({not_set}: `earshot settings inbox {}`)",
                pick("/pad/naar/map", "/path/to/dir")
            )
        })
    );
    let _ = write!(
        t,
        "{:<22} {}",
        "checkpoint_dir",
        s.checkpoint_dir.as_deref().map(clean).unwrap_or_else(|| {
            format!(
                "({not_set}: `earshot settings checkpoint_dir {}`)",
                pick("/pad/op/een/andere/schijf", "/path/to/another/disk")
            )
        })
    );
    for key in ProfileKey::ALL {
        let k = key.key();
        let _ = write!(
            t,
            "\n{k:<22} {}",
            s.profile.get(key).map(clean).unwrap_or_else(|| format!(
                "({not_set}: `earshot settings {k} {}`)",
                pick("TEKST", "TEXT")
            ))
        );
    }
    t
}

/// The report of `doctor` in `lang`; each finding as the store words it.
pub fn doctor(r: &DoctorReport, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let rehashed = match (r.blobs_rehashed, nl) {
        (0, _) => String::new(),
        (n, true) => format!(
            ", de hash van {} opnieuw berekend",
            plural(n, "opname", "opnamen")
        ),
        (n, false) => format!(", re-hashed {n} recordings"),
    };
    let mut t = if nl {
        format!(
            "{} en {} auditregels gecontroleerd{rehashed}.\n",
            plural(r.items_checked, "item", "items"),
            r.audit_entries
        )
    } else {
        format!(
            "Checked {} items, {} audit entries{rehashed}.\n",
            r.items_checked, r.audit_entries
        )
    };
    if r.findings.is_empty() {
        t.push_str(if nl {
            "Niets mis gevonden."
        } else {
            "Nothing wrong found."
        });
    }
    for f in &r.findings {
        let label = match (f.repaired, nl) {
            (true, true) => "hersteld:",
            (false, true) => "PROBLEEM:",
            (true, false) => "repaired:",
            (false, false) => "PROBLEM: ",
        };
        let _ = writeln!(t, "{label} {}", clean(f.text(lang)));
    }
    t
}

/// Prints `value` as JSON in JSON mode, else the words `human` makes, on standard output.
pub(crate) fn emit<T: Serialize>(
    json_mode: bool,
    value: &T,
    human: impl FnOnce() -> String,
) -> Outcome {
    let text = if json_mode {
        serde_json::to_string_pretty(value).map_err(|e| super::failure::not_json(1, e))?
    } else {
        human()
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = super::io::out(format!("{}\n", text.trim_end()).as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_json_array_is_the_same_document_as_the_whole_one() {
        let rows: Vec<serde_json::Value> = (0..3)
            .map(|i| {
                serde_json::json!({
                    "id": i, "nested": { "a": [1, 2], "s": "x\ny", "e": {}, "l": [] },
                    "u": "é\u{1b}\r\n", "none": null
                })
            })
            .collect();
        let mut w = Streamed::new();
        for (i, r) in rows.iter().enumerate() {
            w.push_json_element(i == 0, &json_element_text(r).expect("element"));
        }
        w.push("\n]\n");
        let whole = serde_json::to_string_pretty(&rows).expect("whole");
        assert_eq!(w.buf, format!("{whole}\n"));
        w.buf.clear(); // nothing printed by the test
    }
}
