//! Approvals from a team leader's own session: the member's command files a request and waits
//! for the answer (`wait_for`), and the lead lists and answers requests (`approvals`,
//! `approve`, `decline`).

use std::time::{Duration, Instant};

use serde_json::json;

use super::args::Cli;
use super::context::{acting_user, open_store, read_pin};
use super::failure::{Failure, Outcome, say, spoken};
use super::output::emit;
use super::show_nl::moment;
use crate::core::lang::Lang;
use crate::signals;
use crate::store::{ApprovalView, Ask, LeadProof, Store};
use crate::tui::i18n::{self, Ui};

/// How often a waiting command looks at its request.
const POLL: Duration = Duration::from_millis(200);

/// How the named lead vouches: their PIN, in person, with `--pin-stdin`; otherwise a request
/// for exactly `ask`, answered from their own session while this command waits.
pub(crate) fn lead_proof(
    s: &mut Store,
    me: &str,
    lead: &str,
    pin_stdin: bool,
    ask: Ask,
    wait_s: u64,
) -> Result<LeadProof, Failure> {
    if pin_stdin {
        return Ok(LeadProof::from_pin(read_pin(lead, true)?.as_deref()));
    }
    wait_for(s, me, &ask, Some(lead), wait_s).map(LeadProof::Approval)
}

/// Files a request and waits for its answer: the request's id once approved. Declined or not
/// answered in time: refused (exit 3). A signal (Ctrl-C) withdraws it.
pub(crate) fn wait_for(
    s: &mut Store,
    me: &str,
    ask: &Ask,
    lead: Option<&str>,
    wait_s: u64,
) -> Result<i64, Failure> {
    // Before the request exists, so that a Ctrl-C from the moment it can be seen withdraws it.
    if super::io::guarded().is_none() {
        signals::install();
    }
    let v = s.request_approval(me, ask, lead, wait_s)?;
    let id = v.id;
    super::io::err_line(&match lead {
        Some(l) => say(
            format!("wacht op goedkeuring van {l} (verzoek {id})…"),
            format!("waiting for {l}'s approval (request {id})…"),
        ),
        None => say(
            format!("wacht op goedkeuring van een teamleider (verzoek {id})…"),
            format!("waiting for a team leader's approval (request {id})…"),
        ),
    });
    let deadline = Instant::now() + Duration::from_secs(wait_s);
    let mut seen = super::io::change_count();
    loop {
        if super::io::stop_requested() {
            let v = s.end_request(me, id, false)?;
            let sig = super::io::last_signal();
            return Err(Failure::new(
                128 + sig,
                format!(
                    "gestopt met wachten (signaal {sig}); verzoek {id} is {}; er is niets gedaan",
                    status_nl(&v.status)
                ),
                format!(
                    "stopped waiting (signal {sig}); request {id} is {}; nothing was done",
                    v.status
                ),
            ));
        }
        let v = s.approval(id)?;
        if !v.is_pending() {
            return answered(v);
        }
        if Instant::now() >= deadline {
            let v = s.end_request(me, id, true)?;
            if v.is_pending() || v.status == "expired" {
                return Err(refused(
                    format!(
                        "geen antwoord op verzoek {id} van {} binnen {wait_s} s: het verzoek is \
                         verlopen; er is niets gedaan",
                        lead.unwrap_or("een teamleider")
                    ),
                    format!(
                        "no answer to request {id} from {} within {wait_s} s: the request \
                         expired; nothing was done",
                        lead.unwrap_or("a team leader")
                    ),
                ));
            }
            return answered(v);
        }
        // Through the guardian the lead's `approve` wakes this at once; otherwise it looks again
        // after POLL.
        seen = super::io::wait_for_change(
            seen,
            POLL.min(deadline.saturating_duration_since(Instant::now())),
        );
    }
}

fn answered(v: ApprovalView) -> Result<i64, Failure> {
    let by = v.decided_by.clone().unwrap_or_default();
    match v.status.as_str() {
        "approved" => Ok(v.id),
        "declined" => Err(refused(
            format!(
                "{by} heeft verzoek {} afgewezen: {}; er is niets gedaan",
                v.id,
                v.declined_because
                    .as_deref()
                    .unwrap_or("geen reden gegeven")
            ),
            format!(
                "{by} declined request {}: {}; nothing was done",
                v.id,
                v.declined_because.as_deref().unwrap_or("no reason given")
            ),
        )),
        other => Err(refused(
            format!(
                "verzoek {} is {}; er is niets gedaan",
                v.id,
                status_nl(other)
            ),
            format!("request {} is {other}; nothing was done", v.id),
        )),
    }
}

fn refused(nl: String, en: String) -> Failure {
    Failure::new(3, nl, en)
}

/// A request's status in Dutch ("pending", "expired" … as the store keeps them).
pub(crate) fn status_nl(status: &str) -> &str {
    match status {
        "pending" => "nog open",
        "approved" => "goedgekeurd",
        "declined" => "afgewezen",
        "expired" => "verlopen",
        "withdrawn" => "ingetrokken",
        "used" => "gebruikt",
        other => other,
    }
}

fn json_of(v: &ApprovalView) -> serde_json::Value {
    json!({
        "id": v.id,
        "kind": v.kind,
        "item": v.item,
        "requested_by": v.requested_by,
        "reason": v.reason,
        "requested_at": v.requested_at,
        "lead": v.lead,
        "asks": v.asks,
        "status": v.status,
        "wait_s": v.wait_s,
        "decided_by": v.decided_by,
    })
}

/// One request in Dutch: its kind and terms in the TUI's words.
fn line_nl(v: &ApprovalView) -> String {
    let l = Lang::Nl;
    let item = v.item.map(|i| format!(" item {i},")).unwrap_or_default();
    let reason = v
        .reason
        .as_deref()
        .map(|r| format!(" Reden: {r}."))
        .unwrap_or_default();
    format!(
        "{:>4}  {}:{item} {}, gevraagd door {} op {}.{reason}",
        v.id,
        Ui::approval_kind(v.kind).text(l),
        i18n::asks(l, &v.terms),
        v.requested_by,
        moment(&v.requested_at)
    )
}

fn line(v: &ApprovalView) -> String {
    let item = v.item.map(|i| format!(" item {i},")).unwrap_or_default();
    let reason = v
        .reason
        .as_deref()
        .map(|r| format!(" Reason: {r}."))
        .unwrap_or_default();
    format!(
        "{:>4}  {}:{item} {} asked by {} at {}.{reason}",
        v.id,
        v.kind.as_str(),
        v.asks,
        v.requested_by,
        v.requested_at
    )
}

/// `earshot approvals`.
pub fn list(cli: &Cli) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    let list = s.pending_approvals(&me)?;
    let v: Vec<_> = list.iter().map(json_of).collect();
    emit(cli.json, &v, || {
        if list.is_empty() {
            say(
                "Er wacht niets op goedkeuring.",
                "Nothing waits for an approval.",
            )
        } else if spoken() == Lang::Nl {
            let mut t: Vec<String> = list.iter().map(line_nl).collect();
            t.push(
                "Antwoord met `earshot approve ID` of `earshot decline ID --reason TEKST`.".into(),
            );
            t.join("\n")
        } else {
            let mut t: Vec<String> = list.iter().map(line).collect();
            t.push(
                "Answer with `earshot approve ID` or `earshot decline ID --reason TEXT`.".into(),
            );
            t.join("\n")
        }
    })
}

/// `earshot approve ID`.
pub fn approve(cli: &Cli, id: i64) -> Outcome {
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    let v = s.approve(&me, id)?;
    emit(cli.json, &json_of(&v), || {
        say(
            format!(
                "Verzoek {id} goedgekeurd: {} voor {}.",
                i18n::asks(Lang::Nl, &v.terms),
                v.requested_by
            ),
            format!("Request {id} approved: {} for {}.", v.asks, v.requested_by),
        )
    })
}

/// `earshot decline ID --reason T`.
pub fn decline(cli: &Cli, id: i64, reason: &str) -> Outcome {
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    let v = s.decline(&me, id, reason)?;
    emit(cli.json, &json_of(&v), || {
        say(
            format!("Verzoek {id} afgewezen; {} hoort waarom.", v.requested_by),
            format!("Request {id} declined; {} is told why.", v.requested_by),
        )
    })
}
