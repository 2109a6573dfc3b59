//! Moving up: an embedded store copied into a PostgreSQL database, every row, its log and its
//! tree, and its recordings' sealed chunks, in one transaction, then proven by the log: the
//! checkpoint root of the copy, recomputed from the copy's own rows, is the original's.
//!
//! The key file stays the same file: the copy has the same store id and key check, so the
//! guardian that serves the copy opens it with the key the store had. The embedded store is
//! marked as moved, and refuses to open after that: two copies that both take decisions would
//! each have a log that the other lacks.

use std::io::Read;

use serde::Serialize;

use crate::backend::{self, Arg, Db, DbExt, Owned, Q, args};
use crate::{Result, Store, StoreError, StoreMsg, VaultKind};

/// Every table of a store, in an order in which each row's references are already there,
/// with its columns and the key that orders it. A test compares this with the schema, so a
/// column added later cannot be left behind.
pub(crate) const TABLES: &[(&str, &str, &str)] = &[
    ("meta", "key, value", "key"),
    ("settings", "key, value", "key"),
    (
        "users",
        "name, role, pin_hash, added_at, pin_locked_until, full_name, title",
        "name",
    ),
    ("cases", "id, created_at", "id"),
    (
        "items",
        "id, case_id, received_at, received_by, channel, blob, wrapped_key, sha256, size, \
         container, codec, sample_rate, channels, duration_ms, sealed, stage, secretly, \
         pending_notifications, described_at, deleted_at, assigned_to, key_epoch",
        "id",
    ),
    ("uses", "id, item_id, sealed, by_user, at, register", "id"),
    (
        "previews",
        "id, item_id, user_name, supervisor, from_ms, window_ms, heard_ms, sink, started_at, \
         ended_at",
        "id",
    ),
    (
        "plays",
        "id, item_id, user_name, session, from_ms, to_ms, sink, at, ahead",
        "id",
    ),
    (
        "audit",
        "seq, at, actor, action, item, detail, prev, hash",
        "seq",
    ),
    (
        "copies",
        "id, item_id, sealed, registered_by, registered_at, confirmed_at, confirmed_by, kind",
        "id",
    ),
    (
        "escalations",
        "id, item_id, by_user, sealed, at, resolved_at, resolved_by, kind, outcome, note_sealed",
        "id",
    ),
    ("waveforms", "item_id, sealed, made_at", "item_id"),
    (
        "letters",
        "id, item_id, subject_key, kind, lang, format, sha256, audit_head, respond_by, \
         written_by, written_at",
        "id",
    ),
    (
        "complaints",
        "id, item_id, case_id, scope, sealed, kind, status, received_on, acknowledge_by, \
         acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, registered_by, \
         registered_at, heard_on, heard_by, hearing_skipped",
        "id",
    ),
    (
        "responses",
        "id, item_id, subject_key, sealed, received_on, complaint_id, recorded_by, recorded_at",
        "id",
    ),
    (
        "access_requests",
        "id, item_id, subject_key, sealed, requested_on, due_on, extended_to, status, \
         approved_by, granted_by, granted_at, export_sha256, recorded_by, recorded_at",
        "id",
    ),
    (
        "chat_context",
        "item_id, sealed, source, made_at",
        "item_id",
    ),
    ("pin_failures", "id, lead, by_user, at", "id"),
    ("certificates", "item_id, recorded_at, sealed", "item_id"),
    ("audit_tree", "level, idx, hash", "level, idx"),
    (
        "key_epochs",
        "epoch, key_check, created_at, superseded_at, last_item, retired_at, retired_by",
        "epoch",
    ),
    (
        "erasure_requests",
        "id, item_id, subject_key, sealed, requested_on, due_on, extended_to, decision, \
         decided_by, decided_on, recorded_by, recorded_at",
        "id",
    ),
    (
        "approvals",
        "id, kind, item_id, requested_by, lead, terms, scope, sealed, requested_at, wait_s, \
         status, decided_by, decided_at",
        "id",
    ),
    (
        "notifications",
        "id, item_id, subject_key, kind, sealed, approved_by, decided_by, decided_at, ground, \
         review_on, via_parent",
        "id",
    ),
];

/// The `meta` key that marks an embedded store as moved, with where to.
pub(crate) const MOVED_KEY: &str = "moved_to";

/// What moving a store did, and its proof.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    /// Where the store is now, without a password.
    pub database: String,
    /// Rows copied, all tables together.
    pub rows: u64,
    pub items: u64,
    /// Recordings whose sealed bytes were copied, and the chunk rows they made.
    pub recordings: u64,
    pub chunks: u64,
    /// The log's size and checkpoint root in the embedded store, and in the copy (recomputed
    /// there from the copy's own entries).
    pub entries: u64,
    pub root_before: String,
    pub root_after: String,
}

impl Store {
    /// Copies this embedded store into the empty PostgreSQL database at `url` (into `team`'s
    /// part of it, when named) and proves the
    /// copy by its log; then marks this store as moved. Refuses a store that is in PostgreSQL
    /// already and a database that holds a store.
    pub fn move_to_database(&self, url: &str, team: Option<&str>) -> Result<Moved> {
        if let Some(at) = self.database_shown() {
            return Err(StoreError::BadInput(
                StoreMsg::Db {
                    detail: format!("this store is in {at} already"),
                }
                .into(),
            ));
        }
        let mut to = backend::pg::connect(url, team, true)?;
        let shown = to.shown();
        to.migrate()?;
        if to
            .opt(Q::Meta, args!["store_id"], |r| r.get::<_, String>(0))?
            .is_some()
        {
            return Err(StoreError::Setup(
                StoreMsg::StoreExists { dir: shown }.into(),
            ));
        }
        // One state of the embedded store is copied, in one transaction of the copy: a move
        // that fails leaves the database as empty as it was.
        let (copied, before) = self.snapshot(|s| -> Result<_> {
            let before = s.audit_checkpoint()?;
            to.begin(true)?;
            let copied = match copy_all(s, &to) {
                Ok(c) => c,
                Err(e) => {
                    let _ = to.rollback();
                    return Err(e);
                }
            };
            to.commit()?;
            Ok((copied, before))
        })??;
        drop(to);
        // The copy, opened as a guardian would: its schema, its key check, the newest
        // checkpoint kept beside the key, and its log verified from its own rows.
        let after_store = Store::open_database(
            url,
            team,
            self.dir(),
            Some(self.key_path()),
            crate::system_clock(),
        )?;
        let verified = after_store.audit_verify(None)?;
        let after = after_store.audit_checkpoint()?;
        if after.root_hash != before.root_hash
            || after.tree_size != before.tree_size
            || verified.entries != before.tree_size
        {
            return Err(StoreError::Integrity(
                StoreMsg::Db {
                    detail: format!(
                        "the copy's log ({} entries, root {}) is not the store's ({} entries, \
                         root {})",
                        after.tree_size, after.root_hash, before.tree_size, before.root_hash
                    ),
                }
                .into(),
            ));
        }
        self.write(|tx, _| {
            tx.exec(Q::InsertMetaValue, args![MOVED_KEY, shown])
                .map(|_| ())
        })?;
        Ok(Moved {
            database: shown,
            rows: copied.rows,
            items: copied.items,
            recordings: copied.recordings,
            chunks: copied.chunks,
            entries: before.tree_size,
            root_before: before.root_hash,
            root_after: after.root_hash,
        })
    }
}

#[derive(Default)]
struct Copied {
    rows: u64,
    items: u64,
    recordings: u64,
    chunks: u64,
}

/// Every table's rows, then the recordings' sealed bytes as chunk rows.
fn copy_all(from: &Store, to: &dyn Db) -> Result<Copied> {
    let mut c = Copied::default();
    for &(table, columns, key) in TABLES {
        let n = columns.split(',').count();
        let mut rows = 0u64;
        from.db().each(
            Q::CopyOut {
                table,
                columns,
                key,
            },
            args![],
            |r| {
                let values = (0..n)
                    .map(|i| r.value(i).map(Owned::from))
                    .collect::<Result<Vec<_>>>()?;
                let refs: Vec<&dyn Arg> = values.iter().map(|v| v as &dyn Arg).collect();
                to.exec(Q::CopyIn { table, columns, n }, &refs)?;
                rows += 1;
                Ok(())
            },
        )?;
        if table == "items" {
            c.items = rows;
        }
        c.rows += rows;
    }
    if from.vault_kind() == VaultKind::Files {
        let kind = VaultKind::Database.meta_value();
        to.exec(Q::InsertMetaValue, args![crate::blobs::VAULT_KEY, kind])?;
        let (recordings, chunks) = copy_files_into(from, to)?;
        c.recordings = recordings;
        c.chunks = chunks;
    } else {
        // Kept as rows already: the table is copied as it is.
        from.db().each(
            Q::CopyOut {
                table: "vault_chunks",
                columns: "blob, n, data",
                key: "blob, n",
            },
            args![],
            |r| {
                let (blob, n, data): (String, i64, Vec<u8>) = r.tuple()?;
                to.exec(Q::InsertVaultChunk, args![blob, n, data])?;
                c.chunks += 1;
                Ok(())
            },
        )?;
    }
    Ok(c)
}

/// Every live recording's sealed file, as the rows of a vault in the database: the same bytes
/// (nothing is decrypted or sealed again), cut where [`crate::blobs`] cuts them.
fn copy_files_into(from: &Store, to: &dyn Db) -> Result<(u64, u64)> {
    let live: Vec<(i64, String)> = from
        .db()
        .all(Q::LiveWrappedKeys, args![], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (mut recordings, mut chunks) = (0u64, 0u64);
    for (id, blob) in live {
        let mut reader = from.open_blob(id, &blob)?;
        let mut n = 0u64;
        loop {
            let len = crate::blobs::row_len(n);
            let mut row = Vec::with_capacity(len);
            (&mut reader)
                .take(len as u64)
                .read_to_end(&mut row)
                .map_err(|e| {
                    StoreError::Io(
                        StoreMsg::VaultRead {
                            detail: e.to_string(),
                        }
                        .into(),
                    )
                })?;
            if row.is_empty() {
                break;
            }
            to.exec(Q::InsertVaultChunk, args![blob, n, row])?;
            n += 1;
            chunks += 1;
        }
        recordings += 1;
    }
    Ok((recordings, chunks))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::TABLES;
    use crate::testutil;

    /// The tables a vault in the database keeps, which a move fills from the recordings.
    const VAULT_TABLES: [&str; 2] = ["vault_chunks", "vault_pending"];

    /// Every table of the embedded schema and its columns, in order.
    fn sqlite_schema() -> BTreeMap<String, Vec<String>> {
        let tmp = tempfile::tempdir().expect("tmp");
        let s = testutil::store(tmp.path());
        let db = s.db().raw();
        let mut st = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .expect("tables");
        let tables: Vec<String> = st
            .query_map([], |r| r.get(0))
            .expect("tables")
            .collect::<Result<_, _>>()
            .expect("tables");
        tables
            .into_iter()
            .map(|t| {
                let mut st = db
                    .prepare(&format!(
                        "SELECT name FROM pragma_table_info('{t}') ORDER BY cid"
                    ))
                    .expect("columns");
                let cols = st
                    .query_map([], |r| r.get(0))
                    .expect("columns")
                    .collect::<Result<Vec<String>, _>>()
                    .expect("columns");
                (t, cols)
            })
            .collect()
    }

    #[test]
    fn a_move_copies_every_table_and_every_column() {
        let schema = sqlite_schema();
        let moved: BTreeMap<String, Vec<String>> = TABLES
            .iter()
            .map(|(t, cols, _)| {
                (
                    t.to_string(),
                    cols.split(',').map(|c| c.trim().to_string()).collect(),
                )
            })
            .collect();
        let expected: BTreeMap<String, Vec<String>> = schema
            .into_iter()
            .filter(|(t, _)| !VAULT_TABLES.contains(&t.as_str()))
            .collect();
        assert_eq!(moved, expected);
    }

    #[test]
    fn pg_schema_is_the_embedded_one() {
        let Ok(admin) = std::env::var("EARSHOT_TEST_POSTGRES") else {
            eprintln!("no PostgreSQL cluster (EARSHOT_TEST_POSTGRES): not run");
            return;
        };
        let url = crate::backend::pg::PgDb::fresh_database(&admin, "earshot_schema_test")
            .expect("a database");
        let mut c = crate::backend::pg::connect(&url, None, false).expect("connect");
        crate::backend::Db::migrate(&mut c).expect("migrate");
        let pg = c.columns().expect("columns");
        let sqlite = sqlite_schema();
        // PostgreSQL's own bookkeeping of the schema's steps.
        let mut pg = pg;
        pg.remove("earshot_schema");
        assert_eq!(pg, sqlite);
    }
}
