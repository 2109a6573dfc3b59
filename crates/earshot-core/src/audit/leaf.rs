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
//! An entry whose details this version cannot read carries `"detail_sha256"` (the SHA-256 of
//! the stored text) instead of `detail`, so that nothing unread is passed on.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Entry, Event, NotifyRecord};

/// The version of the encoding, in every leaf.
pub const LEAF_VERSION: u64 = 1;

/// The leaf bytes of `entry`; `pseudonym` turns a team member's login into what the leaf
/// shows instead.
pub fn leaf_bytes(entry: &Entry, pseudonym: &dyn Fn(&str) -> String) -> Vec<u8> {
    let mut v = json!({
        "v": LEAF_VERSION,
        "seq": entry.seq,
        "at": entry.at,
        "actor": pseudonym(&entry.actor),
        "action": entry.action,
        "item": entry.item,
    });
    match entry.event() {
        Ok(mut e) => {
            for name in staff_names(&mut e) {
                *name = pseudonym(name);
            }
            v["detail"] = e.detail();
        }
        Err(_) => {
            v["detail_sha256"] =
                Value::String(hex::encode(Sha256::digest(entry.detail.as_bytes())));
        }
    }
    // serde_json's maps are sorted by key, and its output has no spaces: canonical.
    let mut out = v.to_string().into_bytes();
    out.push(b'\n');
    out
}

/// Every team member's login an event names (the actor aside).
fn staff_names(e: &mut Event) -> Vec<&mut String> {
    match e {
        Event::TeamAdd { name, .. } | Event::TeamPin { name } => vec![name],
        Event::ItemImport { received_by, .. } | Event::IntakeChat { received_by, .. } => {
            vec![received_by]
        }
        Event::ItemNotify { decision, .. } => match decision {
            NotifyRecord::Exception { approved_by, .. } => vec![approved_by],
            NotifyRecord::Notified { .. } => vec![],
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
        | Event::ComplaintAdd { .. }
        | Event::ComplaintAck { .. }
        | Event::ComplaintExtend { .. }
        | Event::ComplaintClose { .. }
        | Event::ApprovalExpire { .. }
        | Event::ApprovalWithdraw { .. }
        | Event::BenchEvent { .. } => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::examples;

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
            let bytes = leaf_bytes(&entry(&e), &pseud);
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
            // The same entry gives the same bytes.
            assert_eq!(leaf_bytes(&entry(&e), &pseud), bytes);
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
        let text = String::from_utf8(leaf_bytes(&e, &pseud)).expect("UTF-8");
        assert!(!text.contains("wim"), "{text}");
        assert!(text.contains("\"detail_sha256\":\""), "{text}");
    }
}
