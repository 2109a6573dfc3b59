//! `earshot watch`: what happens in the store, as it happens, one line per audit entry.
//!
//! Through the guardian a watcher is woken as soon as any command finishes; in single-user mode
//! (and for changes another process makes) it looks twice a second. Either way it reads only the
//! entries after the last one it printed.

use std::time::Duration;

use serde_json::json;

use super::args::Cli;
use super::context::{acting_user, lang, open_store};
use super::failure::{Failure, Outcome, bad};
use super::io;
use super::output::clean;

/// How long a watcher waits before looking for changes another process made.
const TICK: Duration = Duration::from_millis(500);

pub fn watch(cli: &Cli, from: Option<i64>) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    s.user(&me)?;
    let lang = lang(cli);
    if from.is_some_and(|f| f < 0) {
        return Err(bad(
            "--from neemt een volgnummer (0 of meer)",
            "--from takes a sequence number (0 or more)",
        ));
    }
    let mut last = match from {
        Some(f) => f,
        None => s.audit_head_seq()?,
    };
    if io::guarded().is_none() {
        crate::signals::install();
    }
    let mut seen = io::change_count();
    loop {
        for e in s.audit_since(last, 1000)? {
            last = e.seq;
            let description = crate::core::audit::describe_stored(lang, &e.action, &e.detail);
            let line = if cli.json {
                json!({
                    "seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action,
                    "item": e.item, "description": description,
                })
                .to_string()
            } else {
                let item = e.item.map(|i| format!("item {i}: ")).unwrap_or_default();
                let at = match lang {
                    crate::core::lang::Lang::Nl => super::show_nl::moment(&e.at),
                    crate::core::lang::Lang::En => e.at.clone(),
                };
                format!(
                    "#{:<6} {}  {:<12} {item}{}",
                    e.seq,
                    at,
                    clean(&e.actor),
                    clean(&description)
                )
            };
            if io::out(format!("{line}\n").as_bytes()).is_err() {
                // Nobody reads any more (a closed pipe, a client gone).
                return Ok(());
            }
        }
        if io::stop_requested() {
            let sig = io::last_signal();
            return Err(Failure::after_output(
                128 + sig,
                format!("gestopt met volgen (signaal {sig}) na regel {last}"),
                format!("stopped watching (signal {sig}) after entry {last}"),
            ));
        }
        seen = io::wait_for_change(seen, TICK);
    }
}
