//! Requests to the team leaders: the open ones (`escalations`), and a lead ending one by hand
//! (`resolve`, `dismiss --reason`).

use serde_json::{Value, json};

use super::args::Cli;
use super::context::{acting_user, open_store};
use super::failure::{Outcome, say, spoken};
use super::output::emit;
use super::show_nl::moment;
use crate::core::lang::Lang;
use crate::store::triage::{EscalationKind, EscalationView};
use crate::tui::i18n::Ui;

fn json_of(e: &EscalationView) -> Value {
    json!({
        "id": e.id,
        "item": e.item,
        "kind": e.kind.as_str(),
        "by": e.by,
        "reason": e.reason,
        "at": e.at,
        "resolved_at": e.resolved_at,
        "resolved_by": e.resolved_by,
        "outcome": e.outcome,
        "note": e.note,
    })
}

fn line(e: &EscalationView) -> String {
    let reason = e
        .reason
        .as_deref()
        .unwrap_or("(the reason was destroyed with the item)");
    let end = match (&e.outcome, &e.resolved_by) {
        (None, _) if e.resolved_at.is_none() => String::new(),
        (Some(o), Some(by)) if o == "dismissed" => format!(
            " Dismissed by {by}: {}.",
            e.note.as_deref().unwrap_or("(no reason kept)")
        ),
        (_, Some(by)) => format!(" Resolved by {by}."),
        _ => " Resolved.".into(),
    };
    format!(
        "{:>4}  item {}, {} asked by {} at {}: {reason}.{end}",
        e.id,
        e.item,
        e.kind.as_str(),
        e.by,
        e.at
    )
}

/// One request to the leads in Dutch: its kind in the TUI's words, the moment in Dutch.
fn line_nl(e: &EscalationView) -> String {
    let l = Lang::Nl;
    let reason = e
        .reason
        .as_deref()
        .unwrap_or("(de reden is met het item vernietigd)");
    let end = match (&e.outcome, &e.resolved_by) {
        (None, _) if e.resolved_at.is_none() => String::new(),
        (Some(o), Some(by)) if o == "dismissed" => format!(
            " Afgewezen door {by}: {}.",
            e.note.as_deref().unwrap_or("(geen reden bewaard)")
        ),
        (_, Some(by)) => format!(" Afgehandeld door {by}."),
        _ => " Afgehandeld.".into(),
    };
    let kind = match e.kind {
        EscalationKind::Preview => Ui::KindPreview,
        EscalationKind::Exception => Ui::KindException,
        EscalationKind::Other => Ui::KindOther,
    };
    format!(
        "{:>4}  item {}, {} gevraagd door {} op {}: {reason}.{end}",
        e.id,
        e.item,
        kind.text(l),
        e.by,
        moment(&e.at)
    )
}

/// `earshot escalations [--item ID] [--all]`.
pub fn list(cli: &Cli, item: Option<i64>, all: bool) -> Outcome {
    let me = acting_user()?;
    let s = open_store(cli)?;
    s.user(&me)?;
    let list: Vec<EscalationView> = s
        .escalations(item)?
        .into_iter()
        .filter(|e| all || e.resolved_at.is_none())
        .collect();
    let v: Vec<Value> = list.iter().map(json_of).collect();
    emit(cli.json, &v, || {
        if list.is_empty() {
            say(
                "Er staat geen verzoek aan de teamleiders open.",
                "No request to the team leaders is open.",
            )
        } else if spoken() == Lang::Nl {
            let mut t: Vec<String> = list.iter().map(line_nl).collect();
            t.push(
                "Sluit er een af met `earshot resolve ID` of `earshot dismiss ID --reason TEKST` \
                 (teamleiders)."
                    .into(),
            );
            t.join("\n")
        } else {
            let mut t: Vec<String> = list.iter().map(line).collect();
            t.push(
                "End one with `earshot resolve ID` or `earshot dismiss ID --reason TEXT` \
                 (team leaders)."
                    .into(),
            );
            t.join("\n")
        }
    })
}

/// `earshot resolve ID` and `earshot dismiss ID --reason T`.
pub fn resolve(cli: &Cli, id: i64, dismiss: Option<&str>) -> Outcome {
    let me = acting_user()?;
    let mut s = open_store(cli)?;
    let e = s.resolve_escalation(&me, id, dismiss)?;
    emit(cli.json, &json_of(&e), || match dismiss {
        Some(_) => say(
            format!(
                "Verzoek {id} afgewezen; {} ziet waarom bij item {}.",
                e.by, e.item
            ),
            format!(
                "Request {id} dismissed; {} sees why with item {}.",
                e.by, e.item
            ),
        ),
        None => say(
            format!("Verzoek {id} over item {} afgehandeld.", e.item),
            format!("Request {id} about item {} resolved.", e.item),
        ),
    })
}
