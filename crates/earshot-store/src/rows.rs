//! An item as stored: its row, its keys, its sealed fields and the facts the gate decides on.

use crate::backend::{Db, DbExt, DbRow, Q, args};
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::crypto::{self, Place, Secret};
use super::{Result, Store, StoreError};
use crate::msg::{Field, ItemMsg, StoreMsg};
use earshot_core::audit::keyed_hash;
use earshot_core::gate::ItemFacts;
use earshot_core::model::{ItemId, Metadata, NotificationDecision, Stage, normalise_name};

/// Personal fields of an item, kept encrypted under the item's key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Private {
    pub file_name: String,
    pub from: Option<String>,
    pub metadata: Metadata,
}

/// The columns of an item row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub id: ItemId,
    pub case_id: String,
    pub received_at: String,
    pub received_by: String,
    pub channel: String,
    pub blob: String,
    pub wrapped_key: Option<Vec<u8>>,
    pub sha256: String,
    pub size: i64,
    pub container: String,
    pub codec: String,
    pub sample_rate: i64,
    pub channels: i64,
    pub duration_ms: i64,
    pub sealed: Option<Vec<u8>>,
    pub deleted_at: Option<String>,
    /// The key epoch its key is wrapped under (was, once deleted).
    pub key_epoch: i64,
}

pub(crate) fn read_row(r: &DbRow<'_>) -> Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        case_id: r.get(1)?,
        received_at: r.get(2)?,
        received_by: r.get(3)?,
        channel: r.get(4)?,
        blob: r.get(5)?,
        wrapped_key: r.get(6)?,
        sha256: r.get(7)?,
        size: r.get(8)?,
        container: r.get(9)?,
        codec: r.get(10)?,
        sample_rate: r.get(11)?,
        channels: r.get(12)?,
        duration_ms: r.get(13)?,
        sealed: r.get(14)?,
        deleted_at: r.get(15)?,
        key_epoch: r.get(16)?,
    })
}

pub(crate) fn load_row(conn: &dyn Db, id: ItemId) -> Result<Row> {
    conn.opt(Q::ItemRow, args![id], read_row)?
        .ok_or_else(|| StoreError::BadInput(ItemMsg::NoItem { id }.into()))
}

/// The keys of one item, derived from its secret.
pub(crate) struct ItemKeys {
    pub blob: Secret,
    pub fields: Secret,
    pub audit: Secret,
}

impl ItemKeys {
    pub(crate) fn from_secret(s: &Secret) -> Self {
        ItemKeys {
            blob: s.derive("blob"),
            fields: s.derive("fields"),
            audit: s.derive("audit-hash"),
        }
    }
}

/// Everything the store knows about an item, decrypted.
pub(crate) struct Loaded {
    pub row: Row,
    pub keys: Option<ItemKeys>,
    pub private: Option<Private>,
    pub facts: ItemFacts,
}

impl Store {
    pub(crate) fn item_keys(&self, row: &Row) -> Result<Option<ItemKeys>> {
        match &row.wrapped_key {
            None => Ok(None),
            Some(w) => Ok(Some(ItemKeys::from_secret(&self.epochs.unwrap(
                row.key_epoch,
                row.id,
                &row.blob,
                w,
            )?))),
        }
    }

    /// Loads an item and the facts the gate needs, inside a transaction (or on the connection).
    /// An item's keys and its sealed fields, opened (none for a deleted item).
    pub(crate) fn open_item_fields(
        &self,
        row: &Row,
    ) -> Result<(Option<ItemKeys>, Option<Private>)> {
        let keys = self.item_keys(row)?;
        let private = match (&keys, &row.sealed) {
            (Some(k), Some(s)) => {
                let text = crypto::open_str(&k.fields, &Place::item_fields(row.id), s)?;
                Some(serde_json::from_str::<Private>(&text).map_err(|_| {
                    StoreError::Integrity(ItemMsg::FieldsUnreadable { id: row.id }.into())
                })?)
            }
            _ => None,
        };
        Ok((keys, private))
    }

    pub(crate) fn load(&self, conn: &dyn Db, id: ItemId) -> Result<Loaded> {
        let row = load_row(conn, id)?;
        let (keys, private) = self.open_item_fields(&row)?;
        let metadata = private
            .as_ref()
            .map(|p| p.metadata.clone())
            .unwrap_or_default();
        // Each subject's last decision counts: a renewed exception, or a notification after an
        // exception, replaces the one before.
        type Last = (String, Option<String>, Option<Vec<u8>>, i64, Option<String>);
        let mut last: std::collections::HashMap<String, Last> = std::collections::HashMap::new();
        {
            for (key, decision) in conn.all(
                Q::NotificationFacts,
                args![id],
                |r| -> Result<(String, Last)> {
                    Ok((
                        r.get(0)?,
                        (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                    ))
                },
            )? {
                last.insert(key, decision);
            }
        }
        // A decision holds, except a child's through a parent whose own last decision is no
        // longer a notification (an exception replaced it): the child is then undecided.
        let decided_keys: HashSet<String> = last
            .iter()
            .filter(|(_, (kind, _, _, _, via))| {
                kind != "via_parent"
                    || via
                        .as_ref()
                        .and_then(|p| last.get(p))
                        .is_some_and(|(k, ..)| k == "notified")
            })
            .map(|(k, _)| k.clone())
            .collect();
        let today = self.today();
        let past_review = match &keys {
            Some(k) => metadata
                .subjects_to_notify()
                .iter()
                .filter_map(|p| {
                    let (kind, review_on, sealed, nid, _) =
                        last.get(&keyed_hash(k.audit.bytes(), &normalise_name(&p.name)))?;
                    if kind != "exception" {
                        return None;
                    }
                    // The review date in clear (for `due`) and the one sealed with the decision
                    // must both still hold: editing the column cannot lengthen an exception. A
                    // date or a decision that does not read counts as past review.
                    let column = review_on.as_deref().and_then(|d| parse_day(d).ok());
                    let sealed = sealed
                        .as_deref()
                        .and_then(|s| {
                            crypto::open_str(&k.fields, &Place::notification(id, *nid), s).ok()
                        })
                        .and_then(|t| serde_json::from_str::<NotificationPrivate>(&t).ok())
                        .and_then(|n| match n.decision {
                            NotificationDecision::Exception { review_on, .. } => review_on,
                            _ => None,
                        });
                    let review_on = match (column, sealed) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        _ => None,
                    };
                    review_on
                        .is_none_or(|d| d < today)
                        .then(|| (p.name.clone(), review_on.or(column).or(sealed)))
                })
                .collect(),
            None => Vec::new(),
        };
        let decided = match &keys {
            Some(k) => metadata
                .subjects_to_notify()
                .iter()
                .map(|p| normalise_name(&p.name))
                .filter(|n| decided_keys.contains(&keyed_hash(k.audit.bytes(), n)))
                .collect(),
            None => Vec::new(),
        };
        let used: bool = conn.one(Q::AnyUse, args![id], |r| r.get(0))?;
        // The allowance belongs to the recording: every item holding the same bytes (in any
        // case, deleted or not) draws on one allowance, so importing it again gives none back.
        let preview_used_ms: i64 =
            conn.one(Q::AllowanceUsedBySha, args![&row.sha256], |r| r.get(0))?;
        // Who was told by letter and may still reply (the latest date a letter gave them), and
        // which complaints about the item are open: further use waits for both.
        let reply_running = match &keys {
            Some(k) => {
                let mut until: std::collections::HashMap<String, String> =
                    std::collections::HashMap::new();
                for (key, day) in conn.all(
                    Q::LetterReplyDates,
                    args![id],
                    |r| -> Result<(String, String)> { Ok((r.get(0)?, r.get(1)?)) },
                )? {
                    until.insert(key, day);
                }
                metadata
                    .subjects
                    .iter()
                    .filter_map(|p| {
                        let day =
                            until.get(&keyed_hash(k.audit.bytes(), &normalise_name(&p.name)))?;
                        // A date that does not read is still a reply period: until today.
                        let day = parse_day(day).unwrap_or(today);
                        (day >= today).then(|| (p.name.clone(), day))
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let open_complaints: Vec<i64> = { conn.all(Q::OpenComplaintsOf, args![id], |r| r.get(0))? };
        // A due date that does not read is due today.
        let open_access_requests = conn
            .all(Q::OpenAccessRequestsOf, args![id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .into_iter()
            .map(|(n, d)| (n, parse_day(&d).unwrap_or(today)))
            .collect();
        let cap_s = super::settings::setting_u64(conn, "preview_cap_s")?;
        let facts = ItemFacts {
            deleted: row.deleted_at.is_some(),
            metadata,
            decided,
            past_review,
            reply_running,
            open_complaints,
            open_access_requests,
            used,
            preview_used_ms: preview_used_ms.max(0) as u64,
            preview_cap_ms: cap_s * 1000,
        };
        Ok(Loaded {
            row,
            keys,
            private,
            facts,
        })
    }

    /// Writes the stage columns that let the queue be listed without decrypting anything.
    pub(crate) fn restage(&self, tx: &dyn Db, id: ItemId) -> Result<Stage> {
        let l = self.load(tx, id)?;
        let stage = l.facts.stage();
        tx.exec(
            Q::SetStage,
            args![
                id,
                stage.as_str(),
                l.facts.pending_notifications().len() as i64,
                l.facts.metadata.secretly.as_str()
            ],
        )?;
        Ok(stage)
    }

    pub(crate) fn reseal(&self, tx: &dyn Db, l: &Loaded, private: &Private) -> Result<()> {
        let keys = l.keys.as_ref().ok_or_else(|| deleted_err(l.row.id))?;
        let text = crate::encode(private)?;
        let sealed = crypto::seal_str(&keys.fields, &Place::item_fields(l.row.id), &text)?;
        tx.exec(Q::SetSealed, args![l.row.id, sealed])?;
        Ok(())
    }
}

pub(crate) fn deleted_err(id: ItemId) -> StoreError {
    StoreError::BadInput(ItemMsg::Deleted { id }.into())
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct NotificationPrivate {
    pub(crate) subject: String,
    pub(crate) decision: NotificationDecision,
}

/// What the register of uses keeps of a use after the recording is deleted (sealed with the
/// store's key in `uses.register`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UseRegister {
    pub(crate) purpose: String,
    pub(crate) recipient: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UsePrivate {
    pub(crate) purpose: String,
    pub(crate) recipient: String,
    pub(crate) summary: String,
}

/// `s` trimmed, or bad input naming `field` when nothing is left.
pub(crate) fn non_empty(field: Field, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        Err(StoreError::BadInput(ItemMsg::Empty { field }.into()))
    } else {
        Ok(t.to_string())
    }
}

/// A day as the store writes it (YYYY-MM-DD); one that does not read is damage.
pub(crate) fn parse_day(s: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        StoreError::Integrity(StoreMsg::StoredDateUnreadable { date: s.into() }.into())
    })
}
