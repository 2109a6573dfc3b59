//! An audit entry as a leaf of the Merkle tree: the bytes that are hashed (`SHA-256(0x00 ‖
//! bytes)`), handed to a subject in a proof, and checkable by anyone. They hold no names: the
//! actor and every team member named in the details are replaced by a pseudonym (a keyed hash
//! under a key derived from the store's master key), and the details already hold only ids,
//! dates, millisecond ranges and keyed hashes of personal content.
//!
//! The encoding (version 1) is one line of JSON with sorted keys and no spaces, ending in a
//! newline:
//!
//! ```text
//! {"action":"preview.end","actor":"~3f…","at":"2026-03-02T09:14:03.120Z","detail":{…},"item":7,"seq":12,"v":1}
//! ```
//!
//! `seq` is the entry's number (its leaf index is `seq - 1`), `at` its time (RFC 3339, UTC),
//! `item` the item it is about or `null`, `detail` the event's details with names replaced.
//! An entry whose details are not as the log writes them (an object, each name a plain string)
//! carries `"detail_sha256"` (the SHA-256 of the stored text) instead of `detail`, so that
//! nothing unread is passed on.

use sha2::{Digest, Sha256};

use crate::audit::Entry;

/// The version of the encoding, in every leaf.
pub const LEAF_VERSION: u64 = 1;

/// The keys of an action's details that hold a team member's login (all at the top level of
/// the details object).
fn name_keys(action: &str) -> &'static [&'static str] {
    match action {
        "team.add" | "team.pin" | "team.set" => &["name"],
        "item.import" | "intake.chat" => &["received_by"],
        "item.notify" | "access.grant" | "complaint.downgrade" | "approval.use" => &["approved_by"],
        "item.use" => &["went_ahead_by"],
        "item.assign" => &["to"],
        "item.delete" => &["approved_by", "requested_by"],
        "preview.start" => &["supervisor"],
        "copy.deleted" => &["confirmed_by"],
        "pin.failed" => &["by", "lead"],
        "complaint.hear" => &["by"],
        "pin.locked" | "approval.request" => &["lead"],
        "approval.approve" | "approval.decline" => &["requested_by"],
        _ => &[],
    }
}

/// The leaf bytes of `entry`; `pseudonym` turns a team member's login into what the leaf
/// shows instead. The stored details are canonical JSON as the log writes them, so names are
/// replaced in the text itself (no parse: `audit verify --checkpoint` hashes every leaf).
pub fn leaf_bytes(entry: &Entry, pseudonym: &mut dyn FnMut(&str) -> String) -> Vec<u8> {
    let mut out = Vec::with_capacity(entry.detail.len() + 160);
    leaf_into(entry, pseudonym, &mut out);
    out
}

/// [`leaf_bytes`] into `out` (cleared first), for a caller that hashes a million of them.
pub fn leaf_into(entry: &Entry, pseudonym: &mut dyn FnMut(&str) -> String, out: &mut Vec<u8>) {
    use std::io::Write as _;
    out.clear();
    out.extend_from_slice(b"{\"action\":");
    json_str(out, &entry.action);
    out.extend_from_slice(b",\"actor\":");
    json_str(out, &pseudonym(&entry.actor));
    out.extend_from_slice(b",\"at\":");
    json_str(out, &entry.at);
    match names_replaced(&entry.detail, name_keys(&entry.action), pseudonym) {
        Some(detail) => {
            out.extend_from_slice(b",\"detail\":");
            out.extend_from_slice(detail.as_bytes());
        }
        None => {
            out.extend_from_slice(b",\"detail_sha256\":\"");
            out.extend_from_slice(hex::encode(Sha256::digest(entry.detail.as_bytes())).as_bytes());
            out.push(b'"');
        }
    }
    // Writing into a Vec cannot fail.
    let _ = match entry.item {
        Some(i) => write!(out, ",\"item\":{i}"),
        None => write!(out, ",\"item\":null"),
    };
    let _ = writeln!(out, ",\"seq\":{},\"v\":{LEAF_VERSION}}}", entry.seq);
}

/// A string as JSON writes it.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(serde_json::Value::from(s).to_string().as_bytes());
    }
}

/// The details with the value of each of `keys` replaced by its pseudonym; `None` when the
/// details are not an object as the log writes them, or a name in them is not a plain string
/// (such an entry was not written by this log: only a hash of it is passed on).
fn names_replaced<'a>(
    detail: &'a str,
    keys: &[&str],
    pseudonym: &mut dyn FnMut(&str) -> String,
) -> Option<std::borrow::Cow<'a, str>> {
    if !(detail.starts_with('{') && detail.ends_with('}')) {
        return None;
    }
    if keys.is_empty() {
        return Some(std::borrow::Cow::Borrowed(detail));
    }
    let mut text = detail.to_string();
    for key in keys {
        let pattern = format!("\"{key}\":");
        let mut from = 0;
        while let Some(at) = text[from..].find(&pattern) {
            let value_at = from + at + pattern.len();
            let rest = &text[value_at..];
            if rest.starts_with("null") {
                from = value_at;
                continue;
            }
            let inner = rest.strip_prefix('"')?;
            let end = inner.find('"')?;
            let login = &inner[..end];
            if login.contains('\\') {
                return None;
            }
            let replaced = pseudonym(login);
            let (a, b) = (value_at + 1, value_at + 1 + end);
            text.replace_range(a..b, &replaced);
            from = a + replaced.len() + 1;
        }
    }
    Some(std::borrow::Cow::Owned(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Event, NotifyRecord, examples};
    use serde_json::{Value, json};

    /// Every team member's login an event names (the actor aside).
    fn staff_names(e: &mut Event) -> Vec<&mut String> {
        match e {
            Event::TeamAdd { name, .. } | Event::TeamPin { name } | Event::TeamSet { name, .. } => {
                vec![name]
            }
            Event::ItemImport { received_by, .. } | Event::IntakeChat { received_by, .. } => {
                vec![received_by]
            }
            Event::ItemNotify { decision, .. } => match decision {
                NotifyRecord::Exception { approved_by, .. } => vec![approved_by],
                NotifyRecord::Notified { .. } | NotifyRecord::ViaParent { .. } => vec![],
            },
            Event::ItemUse { went_ahead_by, .. } => went_ahead_by.iter_mut().collect(),
            Event::ItemAssign { to, .. } => vec![to],
            Event::ItemDelete {
                approved_by,
                requested_by,
                ..
            } => {
                let mut v = vec![approved_by];
                v.extend(requested_by.iter_mut());
                v
            }
            Event::PreviewStart { supervisor, .. } => vec![supervisor],
            Event::CopyDeleted { confirmed_by, .. } => vec![confirmed_by],
            Event::AccessGrant { approved_by, .. }
            | Event::ComplaintDowngrade { approved_by, .. }
            | Event::ApprovalUse { approved_by, .. } => vec![approved_by],
            Event::PinFailed { lead, by, .. } => vec![lead, by],
            Event::ComplaintHear { by, .. } => vec![by],
            Event::PinLocked { lead, .. } => vec![lead],
            Event::ApprovalRequest { lead, .. } => lead.iter_mut().collect(),
            Event::ApprovalApprove { requested_by, .. }
            | Event::ApprovalDecline { requested_by, .. } => vec![requested_by],
            // Named here one by one, so that a new event must be looked at before it compiles.
            Event::StoreInit { .. }
            | Event::GuardianStranger { .. }
            | Event::ItemDamaged { .. }
            | Event::SettingsSet(_)
            | Event::IntakeItem { .. }
            | Event::IntakeInbox { .. }
            | Event::ItemDescribe { .. }
            | Event::ItemEscalate { .. }
            | Event::ItemResolve { .. }
            | Event::DeleteCertificate { .. }
            | Event::PreviewEnd { .. }
            | Event::PlayStart { .. }
            | Event::PlayHeard { .. }
            | Event::PlayAhead { .. }
            | Event::PlayEnd { .. }
            | Event::Refused { .. }
            | Event::CopyRegister { .. }
            | Event::LetterWrite { .. }
            | Event::LetterAttach { .. }
            | Event::ResponseRecord { .. }
            | Event::AccessRequest { .. }
            | Event::AccessExtend { .. }
            | Event::AccessExported { .. }
            | Event::ErasureRequest { .. }
            | Event::ErasureExtend { .. }
            | Event::ErasureDecide { .. }
            | Event::ComplaintAdd { .. }
            | Event::ComplaintAck { .. }
            | Event::ComplaintExtend { .. }
            | Event::ComplaintClose { .. }
            | Event::ComplaintLetter { .. }
            | Event::ApprovalExpire { .. }
            | Event::ApprovalWithdraw { .. }
            | Event::KeyRotate { .. }
            | Event::KeyRetire { .. }
            | Event::ItemRestage { .. }
            | Event::StoreReseal { .. }
            | Event::BenchEvent { .. } => vec![],
        }
    }

    /// The leaf as a reader of the typed events builds it: parse, replace the names, write.
    fn reference(entry: &Entry, pseudonym: &dyn Fn(&str) -> String) -> Vec<u8> {
        let mut e = entry.event().expect("readable");
        for n in staff_names(&mut e) {
            *n = pseudonym(n);
        }
        let v = json!({
            "v": LEAF_VERSION, "seq": entry.seq, "at": entry.at,
            "actor": pseudonym(&entry.actor), "action": entry.action,
            "item": entry.item, "detail": e.detail(),
        });
        let mut out = v.to_string().into_bytes();
        out.push(b'\n');
        out
    }

    /// The logins the examples use.
    const LOGINS: &[&str] = &["lea", "wim", "fleur", "leo", "noor", "sanne", "piet", "tom"];

    fn entry(e: &Event) -> Entry {
        Entry {
            seq: 3,
            at: "2026-03-02T09:14:03.120Z".into(),
            actor: "fleur".into(),
            action: e.action().into(),
            item: Some(7),
            detail: e.detail().to_string(),
            prev: String::new(),
            hash: String::new(),
        }
    }

    fn pseud(n: &str) -> String {
        format!("~{}", crate::audit::keyed_hash(b"k", n))
    }

    #[test]
    fn no_leaf_holds_a_login() {
        let mut seen_names = 0;
        for e in examples() {
            let stored = e.detail().to_string();
            let bytes = leaf_bytes(&entry(&e), &mut pseud);
            let text = String::from_utf8(bytes.clone()).expect("UTF-8");
            assert!(text.ends_with("}\n") && !text[..text.len() - 1].contains('\n'));
            for login in LOGINS {
                let quoted = format!("\"{login}\"");
                if stored.contains(&quoted) {
                    seen_names += 1;
                }
                assert!(
                    !text.contains(&quoted),
                    "{login} in the leaf of {}: {text}",
                    e.action()
                );
            }
            // Whatever is not a name is as stored.
            let v: Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(v["action"], e.action());
            assert_eq!(v["seq"], 3);
            assert_eq!(v["item"], 7);
            assert_eq!(v["v"], 1);
            assert_eq!(v["actor"], Value::String(pseud("fleur")));
            // The same entry gives the same bytes, and they are what a reader of the typed
            // event would make of it.
            assert_eq!(leaf_bytes(&entry(&e), &mut pseud), bytes);
            assert_eq!(
                String::from_utf8(reference(&entry(&e), &pseud)).expect("UTF-8"),
                text,
                "{}",
                e.action()
            );
        }
        assert!(
            seen_names >= 10,
            "the examples name team members: {seen_names}"
        );
    }

    #[test]
    fn every_named_field_is_found() {
        // Each example's names, once replaced, leave no string equal to a login anywhere.
        fn strings(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::String(s) => out.push(s.clone()),
                Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
                Value::Object(o) => o.values().for_each(|x| strings(x, out)),
                _ => {}
            }
        }
        for mut e in examples() {
            for n in staff_names(&mut e) {
                *n = "~".into();
            }
            let mut all = Vec::new();
            strings(&e.detail(), &mut all);
            for s in all {
                assert!(!LOGINS.contains(&s.as_str()), "{} keeps {s}", e.action());
            }
        }
    }

    #[test]
    fn an_unreadable_entry_passes_on_only_a_hash_of_its_details() {
        let mut e = entry(&Event::TeamPin { name: "wim".into() });
        e.detail = "{\"name\":[\"wim\"]}".into();
        let text = String::from_utf8(leaf_bytes(&e, &mut pseud)).expect("UTF-8");
        assert!(!text.contains("wim"), "{text}");
        assert!(text.contains("\"detail_sha256\":\""), "{text}");
    }
}
