//! What only SQLite needs: opening a connection the way the store relies on (WAL, foreign keys,
//! full sync, secure delete), the schema's migrations, and SQLite's own checks.

use rusqlite::{Connection, TransactionBehavior};

use super::cached::CachedRow;
use crate::{Result, StoreError, StoreMsg};

/// The schema, one migration per step; `PRAGMA user_version` says how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_copies_triage_waveforms.sql"),
    include_str!("../../migrations/0003_due_process.sql"),
    include_str!("../../migrations/0004_intake.sql"),
    include_str!("../../migrations/0005_escalation_kinds.sql"),
    include_str!("../../migrations/0006_pins_approvals.sql"),
    include_str!("../../migrations/0007_play_ahead.sql"),
    include_str!("../../migrations/0008_certificates.sql"),
    include_str!("../../migrations/0009_queue_order.sql"),
    include_str!("../../migrations/0010_recording_allowance.sql"),
    include_str!("../../migrations/0011_exception_review.sql"),
    include_str!("../../migrations/0012_use_override.sql"),
    include_str!("../../migrations/0013_escalation_outcome.sql"),
    include_str!("../../migrations/0014_audit_tree.sql"),
    include_str!("../../migrations/0015_key_epochs.sql"),
    include_str!("../../migrations/0016_erasure_requests.sql"),
    include_str!("../../migrations/0017_copy_kinds.sql"),
    include_str!("../../migrations/0018_notify_via_parent.sql"),
    include_str!("../../migrations/0019_use_register.sql"),
    include_str!("../../migrations/0020_org_profile.sql"),
    include_str!("../../migrations/0021_complaint_hearing.sql"),
    include_str!("../../migrations/0022_vault_chunks.sql"),
];

/// Opens the database file `db` as the store uses it.
pub fn connect(db: &std::path::Path) -> Result<Connection> {
    let conn = Connection::open(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    // journal_mode returns a row; the others do not.
    let mode: String = conn.cached_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Setup(StoreMsg::NoWal { mode }.into()));
    }
    conn.execute_batch(
        "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;",
    )?;
    // Room for every statement an item's account asks (see `cached`).
    conn.set_prepared_statement_cache_capacity(160);
    Ok(conn)
}

/// [`connect`] for one of several connections at once: a smaller page cache each (the
/// system's file cache still holds the database), `cache_kib` KiB.
pub(super) fn connect_small(db: &std::path::Path, cache_kib: u32) -> Result<Connection> {
    let c = connect(db)?;
    c.execute_batch(&format!("PRAGMA cache_size = -{cache_kib}"))?;
    Ok(c)
}

/// Brings the schema up to date; refuses a database made by a newer earshot.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.cached_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::Setup(
            StoreMsg::NewerSchema { version, known }.into(),
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
    }
    tx.commit()?;
    Ok(())
}

/// Flushes the write-ahead log into the database and empties it, so that no page from before
/// a deletion is kept there (secure delete clears the freed pages themselves).
pub(super) fn checkpoint(conn: &Connection) -> Result<()> {
    let _: (i64, i64, i64) = conn.cached_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(())
}

/// SQLite's integrity check, its foreign key check, and every text column read as text.
pub(super) fn check(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let ic: String = conn.cached_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ic != "ok" {
        out.push(format!("the database reports damage: {ic}"));
    }
    let dangling: Vec<(String, i64, String)> = conn
        .prepare_cached("PRAGMA foreign_key_check")?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (table, rowid, parent) in dangling {
        out.push(format!(
            "{table} row {rowid} refers to a {parent} row that does not exist"
        ));
    }
    out.extend(unreadable_text(conn)?);
    Ok(out)
}

/// Text columns whose value is not text (bytes, or text that is not UTF-8), as
/// "table row column" sentences. Table and column names come from the database itself, so
/// only plain names are used in a query.
fn unreadable_text(conn: &Connection) -> Result<Vec<String>> {
    let plain = |n: &str| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    let tables: Vec<String> = conn
        .prepare_cached(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for t in tables.iter().filter(|t| plain(t)) {
        let cols: Vec<(String, String)> = conn
            .prepare_cached(&format!("PRAGMA table_info({t})"))?
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (c, _) in cols
            .iter()
            .filter(|(c, ty)| plain(c) && ty.eq_ignore_ascii_case("TEXT"))
        {
            let mut st = conn.prepare_cached(&format!(
                "SELECT rowid, CAST({c} AS BLOB), typeof({c}) FROM {t} \
                 WHERE typeof({c}) IN ('text', 'blob')"
            ))?;
            let bad = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })?
                .filter_map(|r| r.ok())
                .filter(|(_, b, kind)| kind != "text" || std::str::from_utf8(b).is_err())
                .map(|(rowid, _, _)| rowid)
                .collect::<Vec<_>>();
            for rowid in bad {
                out.push(format!("{t} row {rowid}: its {c} is not readable text"));
            }
        }
    }
    Ok(out)
}
