//! The scriptable command line. Every command prints words for people, or JSON with `--json`;
//! errors are one sentence on standard error, and the exit code says what kind of failure it
//! was (0 ok, 1 other failure, 2 bad usage or input, 3 refused by the gate, 4 integrity).

mod approvals;
pub mod args;
mod context;
pub mod due;
mod failure;
mod intake;
mod intake_nl;
pub mod io;
mod keys;
mod listen;
mod log;
mod output;
mod output_nl;
mod overview;
pub mod pdf;
mod proofs;
mod show_nl;
mod triage;
mod typed;
mod watch;

use std::io::IsTerminal;

use serde_json::json;

use crate::core::lang::Lang;
use crate::core::model::Metadata;
use crate::store::{self, ImportRequest, NotifyDecision, Store, StoreError};
use crate::tui::i18n::Ui;
use args::{AuditCommand, Cli, Command, KeyCommand, TeamCommand};
use context::{key_file, lang, read_pin};
use failure::{bad, say, spoken};
use output::{clean, emit};

pub use context::{acting_user, open_store, store_dir};
pub use failure::{Failure, Outcome, speaking};

fn tui(cli: &Cli, sink: args::SinkArg, demo: Option<crate::tui::app::DemoInfo>) -> Outcome {
    let me = acting_user()?;
    let store = open_store(cli)?;
    let user = store.user(&me)?;
    tui_on(cli, store, user, sink, demo)
}

fn tui_on(
    cli: &Cli,
    store: Store,
    user: crate::core::model::User,
    sink: args::SinkArg,
    demo: Option<crate::tui::app::DemoInfo>,
) -> Outcome {
    if !std::io::stdout().is_terminal() {
        return Err(bad(
            "het scherm van earshot heeft een terminal nodig; gebruik in scripts de opdrachten \
             (zie `earshot --help`)",
            "the terminal UI needs a terminal; use the commands (see `earshot --help`) in scripts",
        ));
    }
    let opts = crate::tui::Options {
        lang: lang(cli),
        mouse: !cli.no_mouse,
        sink: match sink {
            args::SinkArg::Default => crate::session::Sink::Device,
            args::SinkArg::Null => crate::session::Sink::Null,
        },
        demo,
    };
    crate::tui::run(crate::tui::Backend::Local { store, user }, opts).map_err(|e| {
        Failure::new(
            1,
            format!("het scherm van earshot liep vast: {e}"),
            format!("the terminal UI failed: {e}"),
        )
    })
}

/// The terminal UI as a client of the guardian at `target`: the worker runs there, as the
/// user the kernel names; this process draws, reads keys and plays the sound it is sent.
pub fn tui_through(cli: &Cli, target: &crate::guardian::client::Target) -> Outcome {
    if !std::io::stdout().is_terminal() {
        return Err(bad(
            "het scherm van earshot heeft een terminal nodig; gebruik in scripts de opdrachten \
             (zie `earshot --help`)",
            "the terminal UI needs a terminal; use the commands (see `earshot --help`) in scripts",
        ));
    }
    let lang = lang(cli);
    let null = cli.sink == args::SinkArg::Null;
    let remote = crate::tui::remote::connect(target, lang, null)
        .map_err(|r| Failure::worded(r.code, r.message))?;
    let opts = crate::tui::Options {
        lang,
        mouse: !cli.no_mouse,
        sink: if null {
            crate::session::Sink::Null
        } else {
            crate::session::Sink::Device
        },
        demo: None,
    };
    crate::tui::run(crate::tui::Backend::Guardian(remote), opts).map_err(|e| {
        Failure::worded(
            1,
            format!("{}: {e}", crate::tui::i18n::Ui::UiFailed.text(lang)),
        )
    })
}

/// Runs one command; its failures are worded in the user's language (`--lang`, else the
/// locale; inside the guardian, the client's).
pub fn run(cli: &Cli) -> Outcome {
    failure::speaking(context::failure_lang(cli), || run_command(cli))
}

fn run_command(cli: &Cli) -> Outcome {
    let Some(command) = &cli.command else {
        return tui(cli, cli.sink, None);
    };
    let j = cli.json;
    match command {
        Command::Tui => tui(cli, cli.sink, None),
        Command::Demo { sink } => {
            let me = acting_user()?;
            let (store, dir, info) = crate::tui::demo::create(&me)?;
            let user = store.user(&me)?;
            let r = tui_on(cli, store, user, *sink, Some(info));
            drop(dir);
            r
        }
        Command::Init { first_lead } => {
            let me = match first_lead {
                Some(name) => {
                    if !context::login_exists(name) {
                        return Err(bad(
                            format!(
                                "er is geen login '{name}' op deze computer; de eerste \
                                 teamleider moet een login zijn (daaraan wordt hij of zij \
                                 herkend bij het verbinden)"
                            ),
                            format!(
                                "there is no login '{name}' on this machine; the first lead \
                                 must be a login (they are identified by it when they connect)"
                            ),
                        ));
                    }
                    name.clone()
                }
                None => acting_user()?,
            };
            let dir = store_dir(cli)?;
            let s = match context::database(cli)? {
                Some((url, team)) => Store::init_database(
                    &url,
                    team.as_deref(),
                    &dir,
                    key_file().as_deref(),
                    &me,
                    store::system_clock(),
                )?,
                None => Store::init(&dir, key_file().as_deref(), &me, store::system_clock())?,
            };
            let mut v = json!({ "store": dir, "key_file": s.key_path(), "lead": me, "store_id": s.store_id() });
            let shown = s.database_shown();
            if let Some(shown) = &shown {
                v["database"] = json!(shown);
            }
            emit(j, &v, || {
                output::init(&dir, shown.as_deref(), s.key_path(), &me, spoken())
            })
        }
        Command::Migrate { to } => {
            if io::guarded().is_some() || cli.database.is_some() {
                return Err(bad(
                    "alleen een ingebouwde opslag kan worden verhuisd: open hem zelf, zonder \
                     --database en niet via de guardian",
                    "only an embedded store can be moved: open it yourself, without --database \
                     and not through the guardian",
                ));
            }
            let s = open_store(cli)?;
            let m = s.move_to_database(to, cli.team.as_deref())?;
            emit(j, &serde_json::to_value(&m).unwrap_or_default(), || {
                say(
                    format!(
                        "De opslag is verhuisd naar {}: {} rijen, {} opnamen in {} stukken, \
                         {} logboekregels.\nCheckpoint-root ervoor: {}\nCheckpoint-root erna:  {}\n\
                         Dezelfde sleutel hoort erbij ({}). Start de guardian met \
                         `earshot serve --database URL`; deze map opent niet meer als opslag.",
                        m.database,
                        m.rows,
                        m.recordings,
                        m.chunks,
                        m.entries,
                        m.root_before,
                        m.root_after,
                        s.key_path().display()
                    ),
                    format!(
                        "The store was moved to {}: {} rows, {} recordings in {} chunks, {} log \
                         entries.\nCheckpoint root before: {}\nCheckpoint root after:  {}\n\
                         The same key goes with it ({}). Start the guardian with `earshot serve \
                         --database URL`; this folder no longer opens as a store.",
                        m.database,
                        m.rows,
                        m.recordings,
                        m.chunks,
                        m.entries,
                        m.root_before,
                        m.root_after,
                        s.key_path().display()
                    ),
                )
            })
        }
        Command::Whoami => {
            let me = acting_user()?;
            let s = open_store(cli)?;
            let u = s.user(&me)?;
            let mode = if io::guarded().is_some() {
                "guardian"
            } else {
                "single-user"
            };
            let v = json!({ "user": u.name, "role": u.role, "mode": mode });
            emit(j, &v, || {
                let guardian = mode == "guardian";
                say(
                    format!(
                        "{} ({}), {}",
                        u.name,
                        output::word(Ui::role(u.role), Lang::Nl),
                        if guardian {
                            "herkend door de bewaker"
                        } else {
                            "alleen op deze computer: dit programma opent de opslag zelf"
                        }
                    ),
                    format!(
                        "{} ({}), {}",
                        u.name,
                        match u.role {
                            crate::core::model::Role::Lead => "team leader",
                            crate::core::model::Role::Worker => "worker",
                        },
                        if guardian {
                            "identified by the guardian"
                        } else {
                            "single-user mode: this process opens the store itself"
                        }
                    ),
                )
            })
        }
        Command::Watch { from } => watch::watch(cli, *from),
        Command::Serve { .. } | Command::DialStdio { .. } => Err(bad(
            "`serve` en `dial-stdio` draaien op zichzelf, niet binnen een andere opdracht",
            "`serve` and `dial-stdio` run on their own, not inside another command",
        )),
        Command::Team(t) => {
            let me = acting_user()?;
            let mut s = open_store(cli)?;
            match t {
                TeamCommand::Add {
                    name,
                    role,
                    pin_stdin,
                } => {
                    let pin = if *pin_stdin {
                        read_pin(name, true)?
                    } else {
                        None
                    };
                    s.team_add(&me, name, *role, pin.as_deref())?;
                    let v = json!({ "name": name, "role": role, "pin": pin.is_some() });
                    emit(j, &v, || {
                        output::team_added(name, *role, pin.is_some(), spoken())
                    })
                }
                TeamCommand::List => {
                    let mut list = Vec::new();
                    for (u, pin) in s.team_list()? {
                        let signer = s.signer(&u.name)?;
                        list.push((u, pin, signer));
                    }
                    let v: Vec<_> = list
                        .iter()
                        .map(|(u, pin, signer)| {
                            json!({
                                "name": u.name, "role": u.role, "pin": pin,
                                "full_name": signer.full_name, "title": signer.title,
                            })
                        })
                        .collect();
                    emit(j, &v, || output::team_list(&list, spoken()))
                }
                TeamCommand::Set {
                    name,
                    full_name,
                    title,
                } => {
                    s.team_set(&me, name, full_name, title)?;
                    let signer = s.signer(name)?;
                    let v = json!({
                        "name": name, "full_name": signer.full_name, "title": signer.title,
                    });
                    emit(j, &v, || {
                        let full = clean(signer.full_name.as_deref().unwrap_or_default());
                        let title = clean(signer.title.as_deref().unwrap_or_default());
                        say(
                            format!("{} ondertekent brieven als {full}, {title}.", clean(name)),
                            format!("{} signs letters as {full}, {title}.", clean(name)),
                        )
                    })
                }
                TeamCommand::Pin { name, pin_stdin } => {
                    let whose = name.clone().unwrap_or_else(|| me.clone());
                    let pin = read_pin(&whose, *pin_stdin)?.ok_or_else(|| {
                        bad(
                            "geen pincode gegeven: typ hem in een terminal, of gebruik \
                             --pin-stdin",
                            "no PIN given: type it at a terminal, or use --pin-stdin",
                        )
                    })?;
                    s.team_pin(&me, &whose, &pin)?;
                    emit(j, &json!({ "name": whose, "pin": true }), || {
                        say(
                            format!("Pincode ingesteld voor {}.", clean(&whose)),
                            format!("PIN set for {whose}."),
                        )
                    })
                }
            }
        }
        Command::Import(a) => {
            let me = acting_user()?;
            let mut s = open_store(cli)?;
            let req = ImportRequest {
                files: a.files.clone(),
                case: a.case.clone(),
                received_by: a.received_by.clone(),
                channel: a.channel,
                from: a.from.clone(),
                received_at: a.received_on.as_deref().map(typed::receipt).transpose()?,
            };
            let items = if io::guarded().is_some() {
                // Inside the guardian the client reads its own files and sends the bytes.
                let given = a
                    .files
                    .iter()
                    .map(|p| {
                        io::read_file(p)
                            .map(|b| store::GivenFile {
                                path: p.clone(),
                                bytes: b.into(),
                            })
                            .map_err(|e| {
                                bad(
                                    format!("{} kan niet worden gelezen ({e})", p.display()),
                                    format!("{}: cannot be read ({e})", p.display()),
                                )
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let items = s.import_given(&me, &req, &given, &crate::audio::SymphoniaProber)?;
                // The waveform overview, made once after the import is committed (an item
                // without one gets it later: the TUI's worker or `earshot waveform`).
                for i in &items {
                    let _ = crate::session::waveform(&mut s, i.id);
                }
                items
            } else {
                // The overviews are made from the files while the store seals them.
                overview::import_with_overviews(&mut s, &me, &req)?
            };
            let phone = a.channel.phone_copy_of(&a.received_by);
            emit(j, &items, || {
                output::imported(&items, phone.as_deref(), &a.received_by, spoken())
            })
        }
        Command::Queue {
            page,
            after,
            per_page,
        } if page.is_some() || after.is_some() => {
            let me = acting_user()?;
            let s = open_store(cli)?;
            s.user(&me)?;
            // `--page` and `--after` exclude each other (clap's group `paging`).
            let rows = match after {
                Some(after) => s.queue_after(*after, *per_page as usize)?,
                None => s.queue_page(page.unwrap_or(1) as usize, *per_page as usize)?,
            };
            let lang = spoken();
            emit(j, &rows, || {
                if rows.is_empty() {
                    return match after {
                        Some(after) => say(
                            format!("Na item {after} komt niets meer in de wachtrij."),
                            format!("Nothing comes after item {after} in the queue."),
                        ),
                        None => {
                            let page = page.unwrap_or(1);
                            say(
                                format!("Pagina {page} is leeg."),
                                format!("Page {page} is empty."),
                            )
                        }
                    };
                }
                let mut text = output::queue_header(lang);
                for r in &rows {
                    text.push_str(&output::queue_line(r, lang));
                }
                text
            })
        }
        Command::Queue { .. } => {
            let me = acting_user()?;
            let s = open_store(cli)?;
            s.user(&me)?;
            // Written as it is read: 100,000 items are never held whole.
            let mut w = output::Streamed::new();
            // The rows are worded on other threads: the language goes with them.
            let lang = spoken();
            let mut n = 0usize;
            // Each row becomes text on the thread that opens it.
            let text = |row: store::QueueRow| {
                if j {
                    output::json_element_text(&row)
                } else {
                    Ok(output::queue_line(&row, lang))
                }
            };
            s.queue_map(&text, &mut |text| {
                let text = text
                    .map_err(|detail| StoreError::Io(store::StoreMsg::Encode { detail }.into()))?;
                if j {
                    w.push_json_element(n == 0, &text);
                } else {
                    if n == 0 {
                        w.push(&output::queue_header(lang));
                    }
                    w.push(&text);
                }
                n += 1;
                // A closed pipe ends the listing.
                if w.closed {
                    return Err(StoreError::Io(store::StoreMsg::OutputClosed.into()));
                }
                Ok(())
            })
            .or_else(|e| if w.closed { Ok(()) } else { Err(e) })?;
            match (j, n) {
                (true, 0) => w.push("[]\n"),
                (true, _) => w.push("\n]\n"),
                (false, 0) => w.push(&format!("{}\n", output::queue_empty(lang))),
                (false, _) => {}
            }
            w.flush();
            Ok(())
        }
        Command::Show { item } => intake::show(cli, *item),
        Command::Describe(a) => {
            let me = acting_user()?;
            let subjects = a
                .subjects
                .iter()
                .map(|s| typed::subject(s))
                .collect::<Result<Vec<_>, _>>()?;
            let m = Metadata {
                sender: Some(a.sender.clone()),
                subjects,
                purpose: Some(a.purpose.clone()),
                secretly: a.secretly.unwrap_or_default(),
                legal_basis: a.legal_basis.clone(),
                processing_purpose: a.processing_purpose.clone(),
            };
            let mut s = open_store(cli)?;
            let stage = s.describe(&me, a.item, &m)?;
            let v = s.show(&me, a.item)?;
            let lang = spoken();
            emit(j, &v, || {
                say(
                    format!(
                        "Item {} beschreven; fase: {}.\n{}",
                        a.item,
                        output::word(Ui::stage(stage), lang),
                        output::gate_lines(&v.gate, lang)
                    ),
                    format!(
                        "Item {} described; stage: {}.\n{}",
                        a.item,
                        stage.label(),
                        output::gate_lines(&v.gate, lang)
                    ),
                )
            })
        }
        Command::Notify(a) => {
            let me = acting_user()?;
            let mut s = open_store(cli)?;
            let now = chrono::Utc::now();
            let decision = if let Some(parent) = &a.via_parent {
                NotifyDecision::ViaParent {
                    parent: parent.clone(),
                }
            } else if a.notified {
                let on =
                    a.on.as_deref()
                        .map(|d| typed::past_date(d, now))
                        .transpose()?;
                NotifyDecision::Notified {
                    channel: a.channel.clone().unwrap_or_default(),
                    on,
                }
            } else {
                let lead = a.approved_by.clone().unwrap_or_default();
                let reason = a.reason.clone().unwrap_or_default();
                let (Some(ground), Some(review_on)) = (a.ground, a.review_on.as_deref()) else {
                    return Err(bad(
                        "een uitzondering heeft --ground en --review-on nodig",
                        "an exception needs --ground and --review-on",
                    ));
                };
                let review_on = typed::date(review_on)?;
                let ask = store::Ask::Exception {
                    item: a.item,
                    subject: a.subject.clone(),
                    reason: reason.clone(),
                    ground,
                    review_on,
                };
                let proof = approvals::lead_proof(&mut s, &me, &lead, a.pin_stdin, ask, a.wait_s)?;
                NotifyDecision::Exception {
                    reason,
                    approved_by: lead,
                    ground,
                    review_on,
                    proof,
                }
            };
            let letter = due::letter_for_notify(&s, a)?;
            let stage = s.notify(&me, a.item, &a.subject, &decision)?;
            due::attach_letter(&mut s, &me, a.item, letter)?;
            let v = s.show(&me, a.item)?;
            let lang = spoken();
            emit(j, &v, || {
                say(
                    format!(
                        "Besluit vastgelegd voor {}; item {} is nu: {}.\n{}",
                        clean(&a.subject),
                        a.item,
                        output::word(Ui::stage(stage), lang),
                        output::gate_lines(&v.gate, lang)
                    ),
                    format!(
                        "Decision logged for {}; item {} is now: {}.\n{}",
                        a.subject,
                        a.item,
                        stage.label(),
                        output::gate_lines(&v.gate, lang)
                    ),
                )
            })
        }
        Command::Use(a) => {
            let me = acting_user()?;
            let summary = io::read_text_file(&a.summary_file, store::TextFile::Summary)?;
            let mut s = open_store(cli)?;
            let ahead = match (&a.override_reason, &a.approved_by) {
                (Some(reason), Some(lead)) => {
                    let ask = store::Ask::Override {
                        item: a.item,
                        reason: reason.clone(),
                    };
                    let proof =
                        approvals::lead_proof(&mut s, &me, lead, a.pin_stdin, ask, a.wait_s)?;
                    Some(store::GoAhead {
                        reason: reason.clone(),
                        approved_by: lead.clone(),
                        proof,
                    })
                }
                _ => None,
            };
            let use_id = s.record_use_going_ahead(
                &me,
                a.item,
                &a.purpose,
                &a.recipient,
                &summary,
                ahead.as_ref(),
            )?;
            let v = due::use_json(&s, &me, a.item, use_id)?;
            emit(j, &v, || {
                say(
                    format!(
                        "Gebruik {use_id} van item {} vastgelegd: een samenvatting gedeeld met \
                         {}.\nBij het delen met een ontvanger moet elke betrokkene zijn \
                         geïnformeerd (AVG art. 14 lid 3 onder c).",
                        a.item,
                        clean(&a.recipient)
                    ),
                    format!(
                        "Use {use_id} of item {} recorded: a summary shared with {}.\nSharing with a recipient is the moment by which every subject must have been informed (GDPR art. 14(3)(c)).",
                        a.item, a.recipient
                    ),
                )
            })
        }
        Command::Preview(a) => listen::preview(cli, a),
        Command::Play(a) => listen::play(cli, a),
        Command::Waveform { item, width } => listen::waveform(cli, *item, *width),
        Command::Escalate { item, reason, kind } => {
            let me = acting_user()?;
            let mut s = open_store(cli)?;
            let kind = typed::escalation_kind(kind)?;
            let id = s.escalate_for(&me, *item, reason, kind)?;
            emit(
                j,
                &json!({ "item": item, "escalation": id, "kind": kind.as_str() }),
                || {
                    say(
                        format!("Item {item} is voorgelegd aan de teamleiders."),
                        format!("Item {item} escalated to the team leaders."),
                    )
                },
            )
        }
        Command::Assign { item, to } => {
            let me = acting_user()?;
            let mut s = open_store(cli)?;
            s.assign(&me, *item, to)?;
            emit(j, &json!({ "item": item, "assigned_to": to }), || {
                say(
                    format!("Item {item} toegewezen aan {}.", clean(to)),
                    format!("Item {item} assigned to {to}."),
                )
            })
        }
        Command::Delete(a) => {
            // Deletion writes a certificate (see `due`).
            due::delete(cli, a)
        }
        Command::Certificate(a) => due::certificate(cli, a),
        Command::Audit(AuditCommand::Verify { anchor, checkpoint }) => {
            log::verify(cli, anchor.as_deref(), checkpoint.as_deref())
        }
        Command::Audit(AuditCommand::Checkpoint { out, force }) => {
            log::checkpoint(cli, out.as_deref(), *force)
        }
        Command::Audit(AuditCommand::Key) => log::key(cli),
        Command::Key(KeyCommand::Rotate) => keys::rotate(cli),
        Command::Key(KeyCommand::Retire { epoch }) => keys::retire(cli, *epoch),
        Command::Key(KeyCommand::List) => keys::list(cli),
        Command::VerifyProof { path, key } => proofs::verify(cli, path, key.as_deref()),
        Command::Audit(AuditCommand::Prove { seq, size }) => log::prove(cli, *seq, *size),
        Command::Audit(AuditCommand::Consistency { from, to }) => log::consistency(cli, *from, *to),
        Command::Audit(AuditCommand::Log { item }) => {
            let me = acting_user()?;
            let s = open_store(cli)?;
            s.user(&me)?;
            let entries = s.audit_log(*item)?;
            let v: Vec<serde_json::Value> = entries
                .iter()
                .map(|e| {
                    json!({
                        "seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "item": e.item,
                        "detail": serde_json::from_str::<serde_json::Value>(&e.detail).unwrap_or(serde_json::Value::Null),
                        "hash": e.hash,
                    })
                })
                .collect();
            emit(j, &v, || match spoken() {
                Lang::Nl => output_nl::audit_log(&entries),
                Lang::En => output::audit_log(&entries),
            })
        }
        Command::Settings { key, value, wait_s } => {
            let me = acting_user()?;
            let mut s = open_store(cli)?;
            s.user(&me)?;
            let settings = match (key, value) {
                (Some(k), Some(v)) if s.setting_widens_access(k, v)? => {
                    // Four eyes: another lead approves from their own session.
                    let ask = store::Ask::Settings {
                        key: k.clone(),
                        value: v
                            .trim()
                            .parse()
                            .map_err(|_| bad("dat is geen getal", "not a number"))?,
                    };
                    let id = approvals::wait_for(&mut s, &me, &ask, None, *wait_s)?;
                    s.set_setting_approved(&me, k, v, Some(id))?
                }
                (Some(k), Some(v)) => s.set_setting(&me, k, v)?,
                (Some(k), None) => {
                    return Err(bad(
                        format!("geef een waarde voor {k}: `earshot settings {k} WAARDE`"),
                        format!("give a value for {k}: `earshot settings {k} VALUE`"),
                    ));
                }
                _ => s.settings()?,
            };
            emit(j, &settings, || output::settings(&settings, spoken()))
        }
        Command::Escalations { item, all } => triage::list(cli, *item, *all),
        Command::Resolve { id } => triage::resolve(cli, *id, None),
        Command::Dismiss { id, reason } => triage::resolve(cli, *id, Some(reason)),
        Command::Approvals => approvals::list(cli),
        Command::Approve { id } => approvals::approve(cli, *id),
        Command::Decline { id, reason } => approvals::decline(cli, *id, reason),
        Command::Doctor { deep } => {
            let me = acting_user()?;
            let mut s = open_store(cli)?;
            let r = s.doctor(&me, *deep)?;
            emit(j, &r, || output::doctor(&r, spoken()))?;
            if r.healthy() {
                Ok(())
            } else {
                Err(failure::integrity(
                    "de opslag heeft problemen die niet konden worden hersteld (zie hierboven)",
                    "the store has problems that could not be repaired (listed above)",
                ))
            }
        }
        Command::Letter(a) => due::letter(cli, a),
        Command::Respond(a) => due::respond(cli, a),
        Command::Access(c) => due::access(cli, c),
        Command::Erasure(c) => due::erasure(cli, c),
        Command::Complaint(c) => due::complaint(cli, c),
        Command::Copies(c) => due::copies(cli, c),
        Command::Report(a) => due::report(cli, a),
        Command::Due => due::due(cli),
        Command::ImportChat(a) => intake::import_chat(cli, a),
        Command::Inbox(a) => intake::inbox(cli, a),
    }
}
