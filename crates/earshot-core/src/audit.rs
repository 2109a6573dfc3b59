//! The audit chain's pure part: the events it records ([`Event`]), how an entry is hashed and
//! how a sequence of entries is checked, and what each entry says in words. Entries carry no
//! personal content: ids, actions, millisecond ranges, dates and keyed hashes.

mod awb;
mod event;
mod examples;
mod terms;
mod words;

pub use awb::{ComplaintLetterKind, HearingSkip};
pub use event::{
    Change, ErasureDecision, Event, ExportedFileRecord, InboxKey, LetterFormat, LetterKind,
    MetadataChanges, MetadataField, NotifyRecord, ParseError, ProfileKey, Setting, SettingChange,
    Via,
};
pub use examples::examples;
pub use terms::field_text;
pub use words::{describe_stored, unreadable};

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One stored entry of the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub item: Option<i64>,
    /// Canonical JSON (sorted keys) of the event's details.
    pub detail: String,
    pub prev: String,
    pub hash: String,
}

/// The `prev` of the first entry: binds the chain to one store.
pub fn genesis(store_id: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"earshot audit genesis\n");
    h.update(store_id.as_bytes());
    hex::encode(h.finalize())
}

/// The hash of an entry: commits to the previous entry's hash and every field.
pub fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    item: Option<i64>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let item = item.map(|i| i.to_string()).unwrap_or_default();
    for (i, part) in [prev, &seq.to_string(), at, actor, action, &item, detail]
        .iter()
        .enumerate()
    {
        if i > 0 {
            h.update([0u8]);
        }
        // Length-prefix each field so no two different entries hash alike.
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// A keyed hash of personal content (a name, a purpose) for the log: it lets two entries be
/// compared ("the purpose changed") without saying what it was. The key belongs to the item and
/// is destroyed with it, so after deletion nobody can test a guess against the log.
pub fn keyed_hash(key: &[u8], content: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(content.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// What is wrong with the chain, naming the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The entry's contents no longer match its hash: it was edited.
    Edited { seq: i64 },
    /// The entry does not follow the one before it: something was deleted, inserted or
    /// reordered just before it.
    Broken { seq: i64, after: Option<i64> },
    /// The log ends before the expected entry (entries were removed from the end), or an
    /// anchor was not found.
    AnchorMissing { anchor: String },
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Edited { seq } => write!(
                f,
                "audit entry #{seq} was edited: its contents no longer match its hash"
            ),
            Fault::Broken {
                seq,
                after: Some(a),
            } => write!(
                f,
                "audit entry #{seq} does not follow entry #{a}: entries were deleted, inserted \
                 or reordered there"
            ),
            Fault::Broken { seq, after: None } => write!(
                f,
                "audit entry #{seq} is not the start of this store's log: entries were deleted, \
                 inserted or reordered at the start"
            ),
            Fault::AnchorMissing { anchor } => write!(
                f,
                "the anchor {anchor} is not in this log: the log was cut short or rewritten since \
                 that head was printed (or it belongs to another store)"
            ),
        }
    }
}

/// Checks entries one at a time, in stored order.
#[derive(Debug)]
pub struct Verifier {
    expected_prev: String,
    last_seq: Option<i64>,
    pub count: u64,
}

impl Verifier {
    pub fn new(store_id: &str) -> Self {
        Verifier {
            expected_prev: genesis(store_id),
            last_seq: None,
            count: 0,
        }
    }

    /// Feeds the next entry; the first fault found is returned.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        seq: i64,
        at: &str,
        actor: &str,
        action: &str,
        item: Option<i64>,
        detail: &str,
        prev: &str,
        hash: &str,
    ) -> Result<(), Fault> {
        let follows = prev == self.expected_prev
            && match self.last_seq {
                None => seq == 1,
                Some(l) => seq == l + 1,
            };
        if !follows {
            return Err(Fault::Broken {
                seq,
                after: self.last_seq,
            });
        }
        if entry_hash(prev, seq, at, actor, action, item, detail) != hash {
            return Err(Fault::Edited { seq });
        }
        self.expected_prev = hash.to_string();
        self.last_seq = Some(seq);
        self.count += 1;
        Ok(())
    }

    /// The head hash after the entries pushed so far.
    pub fn head(&self) -> &str {
        &self.expected_prev
    }
}

impl Entry {
    /// The event this entry records, read back from its action and detail.
    pub fn event(&self) -> Result<Event, ParseError> {
        Event::parse_text(&self.action, &self.detail)
    }

    /// What the entry says, in words; an entry this version cannot read says so.
    pub fn describe(&self, lang: super::lang::Lang) -> String {
        describe_stored(lang, &self.action, &self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = genesis("s1");
        (1..=n)
            .map(|seq| {
                let at = format!("2026-01-01T00:00:{seq:02}Z");
                let detail = format!("{{\"n\":{seq}}}");
                let hash = entry_hash(&prev, seq, &at, "lea", "item.import", Some(seq), &detail);
                let e = Entry {
                    seq,
                    at,
                    actor: "lea".into(),
                    action: "item.import".into(),
                    item: Some(seq),
                    detail,
                    prev: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    fn verify(entries: &[Entry]) -> Result<String, Fault> {
        let mut v = Verifier::new("s1");
        for e in entries {
            v.push(
                e.seq, &e.at, &e.actor, &e.action, e.item, &e.detail, &e.prev, &e.hash,
            )?;
        }
        Ok(v.head().to_string())
    }

    #[test]
    fn intact_chain_verifies_to_its_head() {
        let c = chain(10);
        assert_eq!(verify(&c).unwrap(), c[9].hash);
    }

    #[test]
    fn edits_are_found() {
        let mut c = chain(10);
        c[4].actor = "mallory".into();
        assert_eq!(verify(&c), Err(Fault::Edited { seq: 5 }));
        let mut c = chain(10);
        c[6].detail = "{\"n\":70}".into();
        assert_eq!(verify(&c), Err(Fault::Edited { seq: 7 }));
    }

    #[test]
    fn deletion_insertion_and_reordering_are_found() {
        let mut c = chain(10);
        c.remove(3);
        assert_eq!(
            verify(&c),
            Err(Fault::Broken {
                seq: 5,
                after: Some(3)
            })
        );
        let mut c = chain(10);
        c.swap(2, 3);
        assert_eq!(
            verify(&c),
            Err(Fault::Broken {
                seq: 4,
                after: Some(2)
            })
        );
        let mut c = chain(10);
        let mut extra = c[2].clone();
        extra.detail = "{}".into();
        c.insert(3, extra);
        assert!(matches!(
            verify(&c),
            Err(Fault::Broken {
                seq: 3,
                after: Some(3)
            })
        ));
        let mut c = chain(3);
        c.remove(0);
        assert_eq!(
            verify(&c),
            Err(Fault::Broken {
                seq: 2,
                after: None
            })
        );
    }

    #[test]
    fn another_stores_chain_does_not_verify() {
        let c = chain(2);
        let mut v = Verifier::new("s2");
        let e = &c[0];
        assert!(
            v.push(
                e.seq, &e.at, &e.actor, &e.action, e.item, &e.detail, &e.prev, &e.hash
            )
            .is_err()
        );
    }

    #[test]
    fn fields_cannot_slide_into_each_other() {
        let a = entry_hash("p", 1, "t", "ab", "c", None, "");
        let b = entry_hash("p", 1, "t", "a", "bc", None, "");
        assert_ne!(a, b);
    }

    #[test]
    fn keyed_hashes_depend_on_the_key() {
        assert_eq!(keyed_hash(b"k1", "Maria"), keyed_hash(b"k1", "Maria"));
        assert_ne!(keyed_hash(b"k1", "Maria"), keyed_hash(b"k2", "Maria"));
        assert_ne!(keyed_hash(b"k1", "Maria"), keyed_hash(b"k1", "Mario"));
    }
}
