//! The audit chain's pure part: how an entry is hashed and how a sequence of entries is
//! checked. Entries carry no personal content: ids, actions, second ranges and keyed hashes.

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One stored entry of the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// What an entry says, in words (ranges, fields changed, who approved): for timelines, reports
/// and letters. Entries hold no personal content, so neither does this.
pub fn describe(action: &str, detail: &str) -> String {
    describe_in(super::lang::Lang::En, action, detail)
}

/// [`describe`] in Dutch or English.
pub fn describe_in(lang: super::lang::Lang, action: &str, detail: &str) -> String {
    let d: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
    let ms = |k: &str| d[k].as_u64().map(super::time::format_seconds);
    let off = |k: &str| {
        d[k].as_u64()
            .map(super::time::format_offset)
            .unwrap_or_default()
    };
    let txt = |k: &str| d[k].as_str().unwrap_or("?").to_string();
    let missing = || {
        d["missing"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    if lang == super::lang::Lang::Nl {
        let fields = || -> Vec<String> {
            d["changes"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        return match action {
            "item.import" => format!(
                "ontvangen via {} door {}",
                txt("channel"),
                txt("received_by")
            ),
            "item.describe" if fields().is_empty() => "beschreven (niets gewijzigd)".into(),
            "item.describe" => format!(
                "beschreven: {} vastgelegd of gewijzigd",
                fields().join(", ")
            ),
            "preview.start" => format!(
                "fragment geopend bij {} voor hoogstens {}, met {} als meeluisterende teamleider",
                off("from_ms"),
                ms("window_ms").unwrap_or_default(),
                txt("supervisor")
            ),
            "preview.end" => format!(
                "fragment beluisterd {}–{} ({})",
                off("from_ms"),
                off("to_ms"),
                ms("heard_ms").unwrap_or_default()
            ),
            "play.start" => "volledig afspelen begonnen".into(),
            "play.heard" => format!("beluisterd {}–{}", off("from_ms"), off("to_ms")),
            "play.end" => format!(
                "volledig afspelen gestopt ({} beluisterd)",
                ms("heard_ms").unwrap_or_default()
            ),
            "item.notify" => format!("besluit over informeren: {}", txt("kind")),
            "item.use" => "samenvatting gebruikt (gedeeld met een ontvanger)".into(),
            "refused" => format!("geweigerd: {} (ontbreekt: {})", txt("attempt"), missing()),
            "item.delete" => format!("vernietigd, akkoord van {}", txt("approved_by")),
            "delete.certificate" => "vernietigingsverklaring geschreven".into(),
            "item.escalate" => "geëscaleerd naar de teamleiders".into(),
            "item.assign" => format!("toegewezen aan {}", txt("to")),
            "letter.write" => format!("brief ({}, {}) geschreven", txt("kind"), txt("lang")),
            "letter.attach" => "brief bij een besluit over informeren gevoegd".into(),
            "response.record" => "reactie van een betrokkene vastgelegd".into(),
            "access.request" => "verzoek om inzage ontvangen".into(),
            "access.extend" => format!("verzoek om inzage verlengd tot {}", txt("to")),
            "access.grant" => format!("inzage toegestaan, akkoord van {}", txt("approved_by")),
            "access.exported" => "kopie en verwerkingsoverzicht verstrekt".into(),
            "complaint.add" => "klacht geregistreerd".into(),
            "complaint.ack" => "ontvangst van klacht bevestigd".into(),
            "complaint.extend" => format!("beslissing op klacht verdaagd tot {}", txt("to")),
            "complaint.downgrade" => format!(
                "klacht behandeld als informatieverzoek, akkoord van {}",
                txt("approved_by")
            ),
            "complaint.close" => "op klacht beslist".into(),
            "copy.register" => "kopie buiten de opslag geregistreerd".into(),
            "copy.deleted" => format!(
                "vernietiging van kopie bevestigd door {}",
                txt("confirmed_by")
            ),
            _ => describe_in(super::lang::Lang::En, action, detail),
        };
    }
    match action {
        "item.import" => format!("received via {} by {}", txt("channel"), txt("received_by")),
        "item.describe" => {
            let fields: Vec<&str> = d["changes"]
                .as_object()
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            if fields.is_empty() {
                "described (nothing changed)".into()
            } else {
                format!("described: {} recorded or changed", fields.join(", "))
            }
        }
        "preview.start" => format!(
            "preview opened at {} for up to {}, supervised by {}",
            off("from_ms"),
            ms("window_ms").unwrap_or_default(),
            txt("supervisor")
        ),
        "preview.end" => format!(
            "preview heard {}–{} ({})",
            off("from_ms"),
            off("to_ms"),
            ms("heard_ms").unwrap_or_default()
        ),
        "play.start" => "full playback started".into(),
        "play.heard" => format!("heard {}–{}", off("from_ms"), off("to_ms")),
        "play.end" => format!(
            "full playback ended ({} heard)",
            ms("heard_ms").unwrap_or_default()
        ),
        "item.notify" => format!("notification decision: {}", txt("kind")),
        "item.use" => "summary used (shared with a recipient)".into(),
        "refused" => format!("refused: {} (missing: {})", txt("attempt"), missing()),
        "item.delete" => format!("deleted, approved by {}", txt("approved_by")),
        "delete.certificate" => "deletion certificate written".into(),
        "item.escalate" => "escalated to the team leaders".into(),
        "item.assign" => format!("assigned to {}", txt("to")),
        "letter.write" => format!("letter ({}, {}) written", txt("kind"), txt("lang")),
        "letter.attach" => format!(
            "letter {} attached to a notification",
            d["letter"].as_i64().unwrap_or_default()
        ),
        "response.record" => "a subject's response recorded".into(),
        "access.request" => "access request received".into(),
        "access.extend" => format!("access request extended to {}", txt("to")),
        "access.grant" => format!("access granted, approved by {}", txt("approved_by")),
        "access.exported" => "copy and processing statement handed out".into(),
        "complaint.add" => "complaint registered".into(),
        "complaint.ack" => "complaint acknowledged".into(),
        "complaint.extend" => format!("complaint decision postponed to {}", txt("to")),
        "complaint.downgrade" => format!(
            "complaint treated as an information request, approved by {}",
            txt("approved_by")
        ),
        "complaint.close" => "complaint decided".into(),
        "copy.register" => "copy outside the store registered".into(),
        "copy.deleted" => format!("copy's deletion confirmed by {}", txt("confirmed_by")),
        other => other.replace('.', " "),
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
    fn entries_in_words() {
        assert_eq!(
            describe(
                "preview.end",
                r#"{"from_ms":1000,"to_ms":6000,"heard_ms":5000}"#
            ),
            "preview heard 0:01–0:06 (5.0 s)"
        );
        assert_eq!(
            describe(
                "refused",
                r#"{"attempt":"further_use","missing":["notification_decision"]}"#
            ),
            "refused: further_use (missing: notification_decision)"
        );
        assert_eq!(
            describe("item.assign", r#"{"to":"wim"}"#),
            "assigned to wim"
        );
        assert_eq!(describe("some.thing", "{}"), "some thing");
        use crate::lang::Lang;
        assert_eq!(
            describe_in(
                Lang::Nl,
                "preview.end",
                r#"{"from_ms":1000,"to_ms":6000,"heard_ms":5000}"#
            ),
            "fragment beluisterd 0:01–0:06 (5.0 s)"
        );
        assert_eq!(describe_in(Lang::Nl, "some.thing", "{}"), "some thing");
        assert_eq!(describe("play.heard", "not json"), "heard –");
    }

    #[test]
    fn keyed_hashes_depend_on_the_key() {
        assert_eq!(keyed_hash(b"k1", "Maria"), keyed_hash(b"k1", "Maria"));
        assert_ne!(keyed_hash(b"k1", "Maria"), keyed_hash(b"k2", "Maria"));
        assert_ne!(keyed_hash(b"k1", "Maria"), keyed_hash(b"k1", "Mario"));
    }
}
