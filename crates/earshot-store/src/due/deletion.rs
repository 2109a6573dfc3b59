//! Deletion with a certificate: what is shredded and how it is recorded.
//!
//! [`SHREDDED`] is the one list of what deleting an item destroys. The deletion's transaction
//! builds its statements from it ([`shred_item`]), the certificate says what was destroyed from
//! it (the entries that held something for the item), and a test holds it against the live
//! schema: every column that holds sealed data is either on it or on [`OUTLIVES_THE_ITEM`].

use crate::backend::{Db, DbExt, Q, Rows, args};

use super::views::*;
use super::*;
use crate::{Result, Store, StoreError};
use earshot_core::audit::Event;
use earshot_core::model::ItemId;

/// One thing deleting an item destroys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shredded {
    /// Its code in the certificate (the JSON `destroyed` list).
    pub code: &'static str,
    /// Where it is kept.
    pub place: Place,
    /// What it is, in Dutch and in English, as the certificate says it.
    pub nl: &'static str,
    pub en: &'static str,
}

/// Where something deletion destroys is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The recording's encrypted file in the vault (or its rows, in a vault kept in the
    /// database), removed once the deletion's transaction has committed and the write-ahead
    /// log no longer holds the item's key.
    VaultFile,
    /// Columns set to NULL, in the deletion's transaction, in the `rows` of `table`.
    Columns {
        table: &'static str,
        columns: &'static [&'static str],
        rows: Rows,
    },
}

impl Shredded {
    /// What it is, in words: `nl` for Dutch, anything else English.
    pub fn describe(&self, lang: &str) -> &'static str {
        if lang == "nl" { self.nl } else { self.en }
    }

    /// The entry with this certificate code.
    pub fn by_code(code: &str) -> Option<&'static Shredded> {
        SHREDDED.iter().find(|s| s.code == code)
    }
}

/// What deleting an item destroys, in the order its certificate lists it.
///
/// Migration 0004 also has a trigger (`chat_context_shred`) that clears the chat context when
/// an item's key is cleared, whichever code does it. It duplicates the `chat_context` entry on
/// purpose, as a second safety net; shipped migrations are not edited.
pub const SHREDDED: &[Shredded] = &[
    Shredded {
        code: "recording",
        place: Place::VaultFile,
        nl: "de opname zelf (het versleutelde bestand)",
        en: "the recording itself (its encrypted file)",
    },
    Shredded {
        code: "item_key",
        place: Place::Columns {
            table: "items",
            columns: &["wrapped_key"],
            rows: Rows::Item,
        },
        nl: "de sleutel van de opname (een reservekopie van daarvoor houdt die tot de \
             sleutelgeneratie waaronder hij ligt vernietigd is)",
        en: "the recording's key (a backup made before keeps it until the key epoch it is \
             wrapped under is destroyed)",
    },
    Shredded {
        code: "personal_fields",
        place: Place::Columns {
            table: "items",
            columns: &["sealed"],
            rows: Rows::Item,
        },
        nl: "de vastgelegde gegevens: bestandsnaam, afzender, betrokkenen, doelen",
        en: "the recorded details: file name, sender, people on it, purposes",
    },
    Shredded {
        code: "chat_context",
        place: Place::Columns {
            table: "chat_context",
            columns: &["sealed"],
            rows: Rows::OfItem,
        },
        nl: "de chatberichten rond de opname",
        en: "the chat messages around the recording",
    },
    Shredded {
        code: "notifications",
        place: Place::Columns {
            table: "notifications",
            columns: &["sealed"],
            rows: Rows::OfItem,
        },
        nl: "de vastgelegde informeringsbesluiten",
        en: "the notification decisions",
    },
    Shredded {
        code: "uses",
        place: Place::Columns {
            table: "uses",
            columns: &["sealed"],
            rows: Rows::OfItem,
        },
        nl: "de samenvattingen die zijn gebruikt",
        en: "the summaries that were used",
    },
    Shredded {
        code: "escalations",
        place: Place::Columns {
            table: "escalations",
            columns: &["sealed", "note_sealed"],
            rows: Rows::OfItem,
        },
        nl: "de toelichting bij vragen aan teamleiders over deze opname",
        en: "what was written when team leaders were asked about this recording",
    },
    Shredded {
        code: "responses",
        place: Place::Columns {
            table: "responses",
            columns: &["sealed"],
            rows: Rows::OfItem,
        },
        nl: "de vastgelegde reacties",
        en: "the responses recorded",
    },
    Shredded {
        code: "access_requests",
        place: Place::Columns {
            table: "access_requests",
            columns: &["sealed"],
            rows: Rows::OfItem,
        },
        nl: "de gegevens van inzageverzoeken",
        en: "the details of access requests",
    },
    Shredded {
        code: "erasure_requests",
        place: Place::Columns {
            table: "erasure_requests",
            columns: &["sealed"],
            rows: Rows::OfItem,
        },
        nl: "de gegevens van verzoeken om wissing (datums en besluit blijven)",
        en: "the details of erasure requests (dates and decision remain)",
    },
    Shredded {
        code: "complaint_texts",
        place: Place::Columns {
            table: "complaints",
            columns: &["sealed"],
            // Only texts sealed with the item's key (by earlier versions); see
            // OUTLIVES_THE_ITEM for the others.
            rows: Rows::ItemScoped,
        },
        nl: "de tekst van klachten over deze opname (datums en status blijven)",
        en: "the text of complaints about this recording (dates and status remain)",
    },
    Shredded {
        code: "approval_reasons",
        place: Place::Columns {
            table: "approvals",
            columns: &["sealed"],
            rows: Rows::ItemScoped,
        },
        nl: "de toelichting bij verzoeken om akkoord over deze opname",
        en: "what was written when a team leader's approval was asked about this recording",
    },
    Shredded {
        code: "waveform",
        place: Place::Columns {
            table: "waveforms",
            columns: &["sealed"],
            rows: Rows::OfItem,
        },
        nl: "het golfvormoverzicht",
        en: "the waveform overview",
    },
];

/// A column holding sealed data that deliberately outlives the item it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub table: &'static str,
    pub column: &'static str,
    /// The rows that are kept.
    pub rows: Rows,
    /// Why.
    pub why: &'static str,
}

/// Sealed data about an item that deletion keeps, on purpose.
pub const OUTLIVES_THE_ITEM: &[Kept] = &[
    // The certificate lists every known copy outside the store, and copies still to be
    // confirmed stay due after the deletion: the list must be readable without the item.
    Kept {
        table: "copies",
        column: "sealed",
        rows: Rows::OfItem,
        why: "where copies outside the store are kept, sealed with the store's key, so the \
              certificate and the list of copies still to be deleted can name them",
    },
    // The certificate of deletion is the proof owed to whoever asked for it, and must be
    // issuable again after an interrupted deletion.
    Kept {
        table: "certificates",
        column: "sealed",
        rows: Rows::OfItem,
        why: "the certificate of deletion, sealed with the store's key: it names the destroyed \
              file and the reason, and can be issued again at any time",
    },
    // A complaint is its author's record, not part of the recording (the complainant may well
    // have asked for the deletion); the register keeps it.
    Kept {
        table: "complaints",
        column: "sealed",
        rows: Rows::StoreScoped,
        why: "complaints, sealed with the store's key: the complaint register outlives the \
              recording",
    },
    // Whoever received a summary is told of the deletion (AVG art. 19), and the team must be
    // able to say to whom it gave what kind of summary, when: the register of uses outlives the
    // recording. The summary itself is destroyed (`uses.sealed`, in SHREDDED).
    Kept {
        table: "uses",
        column: "register",
        rows: Rows::OfItem,
        why: "the register of uses (when, for what and to whom a summary went; not the \
              summary), sealed with the store's key: the recipients are told of the deletion",
    },
];

/// What a certificate of deletion says that the deletion itself destroys (the file's name, the
/// reason, who asked) or that is fixed at that moment (what was destroyed, what had been heard):
/// recorded in the deletion's transaction, sealed with the store's key.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CertificateDraft {
    pub case: String,
    pub deleted_by: String,
    pub reason: String,
    pub requested_by: String,
    pub approved_by: String,
    pub file_name: Option<String>,
    pub format: String,
    pub duration_ms: u64,
    pub size: i64,
    pub sha256: String,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    pub destroyed: Vec<String>,
    pub heard_ms: Vec<(u64, u64)>,
}

/// Records the certificate in the deletion's transaction, with what was destroyed.
pub(crate) fn record_certificate_in(
    tx: &dyn Db,
    master: &crate::crypto::MasterKey,
    id: ItemId,
    draft: &CertificateDraft,
    shredded: &[&'static Shredded],
    at: &str,
) -> Result<()> {
    let mut d = draft.clone();
    d.destroyed = shredded.iter().map(|s| s.code.to_string()).collect();
    let text = serde_json::to_string(&d).map_err(|e| {
        StoreError::Integrity(
            StoreMsg::CertificateWrite {
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    let sealed = crate::crypto::seal_str(
        &master.store_fields(),
        &crate::crypto::Place::certificate(id),
        &text,
    )?;
    tx.exec(Q::InsertCertificate, args![id, at, sealed])?;
    Ok(())
}

/// Destroys, in the deletion's transaction, every column [`SHREDDED`] lists for item `id`, and
/// returns the entries that held something (the vault file always: it is removed after the
/// commit). The trigger of migration 0004 may already have cleared the chat context; what was
/// there is looked at before anything is changed.
pub(crate) fn shred_item(tx: &dyn Db, id: ItemId) -> Result<Vec<&'static Shredded>> {
    let mut held = Vec::new();
    for s in SHREDDED {
        let present = match s.place {
            Place::VaultFile => true,
            Place::Columns {
                table,
                columns,
                rows,
            } => tx.one(
                Q::ShredHeld {
                    table,
                    columns,
                    rows,
                },
                args![id],
                |r| r.get(0),
            )?,
        };
        if present {
            held.push(s);
        }
    }
    for s in SHREDDED {
        if let Place::Columns {
            table,
            columns,
            rows,
        } = s.place
        {
            tx.exec(
                Q::Shred {
                    table,
                    columns,
                    rows,
                },
                args![id],
            )?;
        }
    }
    Ok(held)
}

impl Store {
    /// Deletes an item (see [`Store::delete_item`]) with the copies outside the store whose
    /// deletion is confirmed (`(where, confirmed_by)`, registered in the same transaction), and
    /// returns the certificate's contents.
    #[allow(clippy::too_many_arguments)]
    pub fn delete_certified(
        &mut self,
        actor: &str,
        id: ItemId,
        reason: &str,
        requested_by: &str,
        approved_by: &str,
        proof: &crate::LeadProof,
        copies: &[(String, String)],
    ) -> Result<Certificate> {
        self.delete_certified_despite(
            actor,
            id,
            reason,
            requested_by,
            approved_by,
            proof,
            copies,
            None,
        )
    }

    /// [`Store::delete_certified`], going ahead although a subject's access request is open,
    /// for `despite` (a reason the approver approves with the deletion; logged as a keyed
    /// hash). Without it, an open access request refuses the deletion.
    #[allow(clippy::too_many_arguments)]
    pub fn delete_certified_despite(
        &mut self,
        actor: &str,
        id: ItemId,
        reason: &str,
        requested_by: &str,
        approved_by: &str,
        proof: &crate::LeadProof,
        copies: &[(String, String)],
        despite: Option<&str>,
    ) -> Result<Certificate> {
        let mut clean = Vec::new();
        for (place, by) in copies {
            let place = non_empty(Field::CopyPlace, place)?;
            let by = self
                .user(by.trim())
                .map_err(|_| {
                    StoreError::BadInput(
                        DueMsg::CopyConfirmerNotOnTeam {
                            place: place.clone(),
                            by: by.trim().to_string(),
                        }
                        .into(),
                    )
                })?
                .name;
            clean.push((place, by));
        }
        let before = self.account(actor, id)?;
        let draft = CertificateDraft {
            case: before.case.clone(),
            deleted_by: actor.to_string(),
            reason: reason.trim().to_string(),
            requested_by: requested_by.trim().to_string(),
            approved_by: approved_by.to_string(),
            file_name: before.file_name.clone(),
            format: before.format.clone(),
            duration_ms: before.duration_ms,
            size: before.size,
            sha256: before.sha256.clone(),
            received_at: before.received_at.clone(),
            received_by: before.received_by.clone(),
            channel: before.channel.clone(),
            destroyed: Vec::new(),
            heard_ms: before.heard_ms.clone(),
        };
        self.delete_item_shredding(
            actor,
            id,
            reason,
            requested_by,
            approved_by,
            proof,
            &clean,
            Some(&draft),
            despite,
        )?;
        self.certificate(actor, id)
    }

    /// The certificate of a deleted item, as recorded in its deletion's transaction, with the
    /// copies outside the store and the log's head as they are now: what `earshot
    /// certificate ITEM` issues again.
    pub fn certificate(&self, actor: &str, id: ItemId) -> Result<Certificate> {
        self.user(actor)?;
        let sealed: Option<Vec<u8>> = self.conn.opt(Q::Certificate, args![id], |r| r.get(0))?;
        let Some(sealed) = sealed else {
            return Err(StoreError::BadInput(DueMsg::NoCertificate { id }.into()));
        };
        let text = crate::crypto::open_str(
            &self.master.store_fields(),
            &crate::crypto::Place::certificate(id),
            &sealed,
        )?;
        let d: CertificateDraft = serde_json::from_str(&text).map_err(|e| {
            StoreError::Integrity(
                StoreMsg::CertificateUnreadable {
                    item: id,
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        let after = self.account(actor, id)?;
        let row = crate::rows::load_row(self.db(), id)?;
        let epoch = u32::try_from(row.key_epoch).unwrap_or(0);
        let backups = self.backup_keys(id, epoch)?;
        Ok(Certificate {
            item: id,
            case: d.case,
            deleted_at: after
                .deletion
                .as_ref()
                .map(|x| x.at.clone())
                .unwrap_or_default(),
            deleted_by: d.deleted_by,
            reason: d.reason,
            requested_by: d.requested_by,
            approved_by: d.approved_by,
            file_name: d.file_name,
            format: d.format,
            duration_ms: d.duration_ms,
            size: d.size,
            sha256: d.sha256,
            received_at: d.received_at,
            received_by: d.received_by,
            channel: d.channel,
            destroyed: d.destroyed,
            heard_ms: d.heard_ms,
            copies_outstanding: after.copies_outstanding,
            recipients: after
                .uses
                .iter()
                .map(|u| super::Recipient {
                    on: super::day_of(&u.using.at),
                    purpose: u.using.purpose.clone(),
                    recipient: u.using.recipient.clone(),
                })
                .collect(),
            copies: after.copies,
            audit_head: after.audit_head,
            backups: Some(backups),
        })
    }

    /// Logs that a deletion certificate was handed out (its files' hashes).
    pub fn record_certificate(&mut self, actor: &str, id: ItemId, sha256: &[String]) -> Result<()> {
        self.user(actor)?;
        self.write(|tx, log| {
            log.append(
                tx,
                actor,
                Some(id),
                &Event::DeleteCertificate {
                    sha256: sha256.first().cloned(),
                    files: sha256.to_vec(),
                },
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::NotifyDecision;
    use crate::backend::sqlite::where_rows;
    use crate::testutil;

    /// Whether a column holds sealed (encrypted, personal) data, by how the schema marks it.
    fn sealed_column(name: &str, decl_type: &str) -> bool {
        decl_type.eq_ignore_ascii_case("BLOB")
            || name == "sealed"
            || name == "wrapped_key"
            || name.ends_with("_sealed")
    }

    /// Every (table, column) of the live schema that holds sealed data.
    fn sealed_columns(s: &Store) -> BTreeSet<(String, String)> {
        let tables: Vec<String> = {
            let mut st = s
                .db()
                .raw()
                .prepare_cached("SELECT name FROM sqlite_master WHERE type = 'table'")
                .unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let mut out = BTreeSet::new();
        for t in tables {
            let mut st = s
                .db()
                .raw()
                .prepare_cached("SELECT name, type FROM pragma_table_info(?1)")
                .unwrap();
            let cols: Vec<(String, String)> = st
                .query_map([&t], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for (c, ty) in cols {
                // The log's tree holds hashes, nothing sealed and nothing personal. The rows of
                // a vault kept in the database are the recordings themselves: `recording`
                // (`Place::VaultFile`) on the list, removed as a vault file is.
                if t == "audit_tree" || t == "vault_chunks" {
                    continue;
                }
                if sealed_column(&c, &ty) {
                    out.insert((t.clone(), c));
                }
            }
        }
        out
    }

    fn listed() -> BTreeSet<(String, String)> {
        let mut v = BTreeSet::new();
        for s in SHREDDED {
            if let Place::Columns { table, columns, .. } = s.place {
                for c in columns {
                    v.insert((table.to_string(), c.to_string()));
                }
            }
        }
        v
    }

    #[test]
    fn every_sealed_column_is_shredded_or_kept_on_purpose() {
        let tmp = tempfile::tempdir().unwrap();
        let s = testutil::store(tmp.path());
        let live = sealed_columns(&s);
        assert!(
            live.contains(&("items".into(), "wrapped_key".into())),
            "the schema is read: {live:?}"
        );
        let shredded = listed();
        let kept: BTreeSet<(String, String)> = OUTLIVES_THE_ITEM
            .iter()
            .map(|k| (k.table.to_string(), k.column.to_string()))
            .collect();
        for (t, c) in &live {
            assert!(
                shredded.contains(&(t.clone(), c.clone()))
                    || kept.contains(&(t.clone(), c.clone())),
                "{t}.{c} holds sealed data but is neither in due::deletion::SHREDDED nor in \
                 due::deletion::OUTLIVES_THE_ITEM: say whether deleting an item destroys it"
            );
        }
        // Every one is bound to its place when sealed, and walked by the upgrade and the
        // doctor: `crypto::Column` lists exactly the schema's sealed columns.
        let bound: BTreeSet<(String, String)> = crate::crypto::Column::ALL
            .iter()
            .map(|c| (c.table().to_string(), c.name().to_string()))
            .collect();
        assert_eq!(
            bound, live,
            "crypto::Column must list every sealed column of the schema, and only those"
        );
        // And the lists name nothing the schema does not have.
        for (t, c) in shredded.iter().chain(&kept) {
            assert!(
                live.contains(&(t.clone(), c.clone())),
                "{t}.{c} is not a sealed column"
            );
        }
        // Every row filter is valid SQL for its table.
        for s2 in SHREDDED {
            if let Place::Columns { table, rows, .. } = s2.place {
                s.db()
                    .raw()
                    .prepare_cached(&format!("SELECT 1 FROM {table} WHERE {}", where_rows(rows)))
                    .unwrap_or_else(|e| panic!("{}: {e}", s2.code));
            }
        }
        for k in OUTLIVES_THE_ITEM {
            s.db()
                .raw()
                .prepare_cached(&format!(
                    "SELECT 1 FROM {} WHERE {}",
                    k.table,
                    where_rows(k.rows)
                ))
                .unwrap_or_else(|e| panic!("{}.{}: {e}", k.table, k.column));
        }
    }

    #[test]
    fn codes_are_unique_and_described_in_both_languages() {
        let mut seen = BTreeSet::new();
        for s in SHREDDED {
            assert!(seen.insert(s.code), "{} twice", s.code);
            assert!(
                !s.nl.is_empty() && !s.en.is_empty() && s.nl != s.en,
                "{}",
                s.code
            );
            assert_eq!(Shredded::by_code(s.code), Some(s));
            assert_eq!(s.describe("nl"), s.nl);
            assert_eq!(s.describe("en"), s.en);
        }
        assert_eq!(Shredded::by_code("nonsense"), None);
    }

    /// Rows of `table` matching `rows` for the item that still hold something in `column`.
    /// Every `(table, column, rows)` the list names in the database.
    fn listed_columns() -> impl Iterator<Item = (&'static str, &'static str, Rows)> {
        SHREDDED.iter().flat_map(|sh| match sh.place {
            Place::Columns {
                table,
                columns,
                rows,
            } => columns
                .iter()
                .map(|c| (table, *c, rows))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    }

    fn held(s: &Store, table: &str, column: &str, rows: Rows, id: ItemId) -> i64 {
        s.db()
            .raw()
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} WHERE ({}) AND {column} IS NOT NULL",
                    where_rows(rows)
                ),
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn deletion_leaves_every_listed_column_empty_and_certifies_what_it_destroyed() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = testutil::store(tmp.path());
        // An item from a chat, with the messages around it, described.
        let id = testutil::import_from_chat(&mut s);
        // Everything due process and triage keep about it.
        s.escalate(
            "wim",
            id,
            "mag ik dit samen met een teamleider beluisteren?",
        )
        .unwrap();
        // A dismissed one too: its note is sealed with the item's key.
        let e = s.escalate("wim", id, "nog een vraag").unwrap();
        s.resolve_escalation("lea", e, Some("al besproken"))
            .unwrap();
        s.request_approval(
            "wim",
            &crate::approvals::Ask::Exception {
                item: id,
                subject: "Maria".into(),
                reason: "de vader is gevaarlijk".into(),
                ground: earshot_core::model::ExceptionGround::Meldcode,
                review_on: s.now().date_naive() + chrono::Days::new(30),
            },
            Some("lea"),
            300,
        )
        .unwrap();
        s.notify(
            "wim",
            id,
            "Maria",
            &NotifyDecision::Notified {
                channel: "brief".into(),
                on: None,
            },
        )
        .unwrap();
        s.record_use("wim", id, "VTO", "Raad", "samenvatting")
            .unwrap();
        s.save_waveform(id, b"overview").unwrap();
        s.record_response("wim", id, "Maria", "ik wist hier niets van", None)
            .unwrap();
        s.access_request("wim", id, "Maria", None).unwrap();
        s.erasure_request("wim", id, "Maria", None).unwrap();
        s.erasure_decide(
            "lea",
            id,
            "Maria",
            earshot_core::audit::ErasureDecision::Granted,
            "geen grond om te bewaren",
        )
        .unwrap();
        s.complaint_add(
            "wim",
            "Maria",
            Some(id),
            "opgenomen zonder toestemming",
            None,
        )
        .unwrap();
        // A complaint sealed with the item's key, as an earlier version wrote them.
        let row = crate::rows::load_row(s.db(), id).unwrap();
        let keys = s.item_keys(&row).unwrap().unwrap();
        let private = ComplaintPrivate {
            from: Some("Maria".into()),
            text: Some("eerder ingediend".into()),
            ..Default::default()
        };
        let cid = crate::sealing::next_row(s.db(), crate::crypto::Column::Complaint).unwrap();
        let sealed = crate::crypto::seal_str(
            &keys.fields,
            &crate::crypto::Place::complaint(Some(row.id), cid),
            &encode(&private).unwrap(),
        )
        .unwrap();
        s.db()
            .raw()
            .execute(
                "INSERT INTO complaints(id, item_id, case_id, scope, sealed, received_on, \
                 acknowledge_by, decide_by, registered_by, registered_at) \
                 VALUES (?3, ?1, 'C-1', 'item', ?2, '2024-01-01', '2024-01-08', '2024-02-12', \
                 'wim', '2024-01-01T00:00:00Z')",
                rusqlite::params![id, sealed, cid],
            )
            .unwrap();
        // Before: every listed column and every kept one holds something for the item.
        for (table, c, rows) in listed_columns() {
            assert!(
                held(&s, table, c, rows, id) > 0,
                "{table}.{c} was never filled"
            );
        }
        for k in OUTLIVES_THE_ITEM {
            if k.table == "certificates" {
                // Made by the deletion itself.
                continue;
            }
            assert!(
                held(&s, k.table, k.column, k.rows, id) > 0,
                "{}.{}",
                k.table,
                k.column
            );
        }

        // Its access request is still open: the deletion goes ahead only for a reason.
        let refused = s
            .delete_certified(
                "lea",
                id,
                "verzoek",
                "Maria",
                "leo",
                &crate::LeadProof::Pin("654321".into()),
                &[],
            )
            .unwrap_err();
        assert!(
            matches!(&refused, StoreError::Refused { missing, .. }
                if matches!(missing[..], [earshot_core::gate::Missing::OpenAccessRequest { .. }])),
            "{refused:?}"
        );
        let cert = s
            .delete_certified_despite(
                "lea",
                id,
                "verzoek",
                "Maria",
                "leo",
                &crate::LeadProof::Pin("654321".into()),
                &[],
                Some("Maria vraagt zelf om vernietiging en heeft haar kopie al"),
            )
            .unwrap();

        for (table, c, rows) in listed_columns() {
            assert_eq!(
                held(&s, table, c, rows, id),
                0,
                "{table}.{c} survived deletion"
            );
        }
        for k in OUTLIVES_THE_ITEM {
            assert!(
                held(&s, k.table, k.column, k.rows, id) > 0,
                "{}.{} was lost",
                k.table,
                k.column
            );
        }
        // The vault file is gone, and the certificate names everything, in the list's order.
        let blob: String = s
            .db()
            .raw()
            .query_row("SELECT blob FROM items WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert!(!s.vault_dir().join(format!("{blob}.esv")).exists());
        let all: Vec<String> = SHREDDED.iter().map(|s| s.code.to_string()).collect();
        assert_eq!(cert.destroyed, all);
    }

    #[test]
    fn the_certificate_names_only_what_the_item_had() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = testutil::store(tmp.path());
        let id = testutil::import(&mut s, tmp.path(), "a.opus");
        let cert = s
            .delete_certified(
                "lea",
                id,
                "verzoek",
                "Maria",
                "leo",
                &crate::LeadProof::Pin("654321".into()),
                &[],
            )
            .unwrap();
        assert_eq!(
            cert.destroyed,
            vec!["recording", "item_key", "personal_fields"]
        );
    }
}
