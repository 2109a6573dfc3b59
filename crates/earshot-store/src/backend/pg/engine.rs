//! What only PostgreSQL needs: where the database is, a connection set up the way the store
//! relies on, the schema's migrations, and its errors in the store's words.

use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use super::PgDb;
use crate::backend::Db;
use crate::{Result, StoreError, StoreMsg};

/// The advisory lock every write transaction takes (the bytes of "earshot" as a number), so
/// that writes of every guardian on the database take turns.
pub(super) const WRITE_LOCK: i64 = 0x0065_6172_7368_6f74;

/// How long a writer waits for the others before it is told the store is busy (SQLite's busy
/// timeout is the same).
const LOCK_TIMEOUT: &str = "30s";

/// The schema, one migration per step; `earshot_schema` says how many have run. Step 1 is the
/// embedded store's schema after its own migrations up to 0022.
const MIGRATIONS: &[&str] = &[include_str!("../../migrations/postgres/0001_schema.sql")];

/// Whether `s` names a PostgreSQL database rather than a directory.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Where the database is: the parsed connection string.
#[derive(Clone)]
pub struct Target {
    config: Config,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl Target {
    /// `url` as PostgreSQL's URL or key=value connection string.
    pub fn parse(url: &str) -> Result<Target> {
        let mut config = Config::from_str(url).map_err(|e| {
            StoreError::BadInput(
                StoreMsg::Db {
                    detail: format!("not a PostgreSQL connection string: {e}"),
                }
                .into(),
            )
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        // A guardian cut off from the database finds out in seconds, and refuses, rather than
        // waiting on a dead line.
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(10));
        config.application_name("earshot");
        Ok(Target { config })
    }

    /// The database as people may see it: user, host and name, never the password.
    pub fn shown(&self) -> String {
        let user = self.config.get_user().unwrap_or("");
        let host = self
            .config
            .get_hosts()
            .first()
            .map(|h| match h {
                postgres::config::Host::Tcp(h) => h.clone(),
                postgres::config::Host::Unix(p) => p.display().to_string(),
            })
            .unwrap_or_default();
        let db = self.config.get_dbname().unwrap_or(user);
        format!("postgres://{user}@{host}/{db}")
    }

    /// A new connection, set up for the store.
    pub fn connect(&self) -> Result<Client> {
        let mut c = self.config.connect(NoTls).map_err(|e| error(e, self))?;
        c.batch_execute(&format!(
            "SET lock_timeout = '{LOCK_TIMEOUT}'; SET client_min_messages = warning"
        ))
        .map_err(|e| error(e, self))?;
        Ok(c)
    }
}

/// `conn` (a URL or key=value string) naming the database `name` instead.
pub(super) fn with_dbname(conn: &str, name: &str) -> String {
    if is_url(conn) {
        let (base, query) = match conn.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (conn, None),
        };
        let after_scheme = base.find("://").map_or(0, |i| i + 3);
        let host_end = base[after_scheme..]
            .find('/')
            .map_or(base.len(), |i| after_scheme + i);
        let mut out = format!("{}/{name}", &base[..host_end]);
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        out
    } else {
        format!("{conn} dbname={name}")
    }
}

/// Brings the schema up to date, under the write lock (two guardians starting at once do it
/// once); refuses a database made by a newer earshot.
pub(super) fn migrate(db: &mut PgDb) -> Result<()> {
    db.begin(true)?;
    let out = (|| {
        db.batch("CREATE TABLE IF NOT EXISTS earshot_schema (version BIGINT NOT NULL)")?;
        let rows = db
            .client
            .borrow_mut()
            .query("SELECT version FROM earshot_schema", &[])
            .map_err(|e| db.error(e))?;
        let version: i64 = match rows.first() {
            Some(r) => r.try_get(0).map_err(|e| db.error(e))?,
            None => {
                db.batch("INSERT INTO earshot_schema(version) VALUES (0)")?;
                0
            }
        };
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::Setup(
                StoreMsg::NewerSchema { version, known }.into(),
            ));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            db.batch(sql)?;
            db.batch(&format!("UPDATE earshot_schema SET version = {}", i + 1))?;
        }
        Ok(())
    })();
    match out {
        Ok(()) => db.commit(),
        Err(e) => {
            let _ = db.rollback();
            Err(e)
        }
    }
}

/// After a deletion has committed: has PostgreSQL reclaim the dead rows of the tables that
/// held the deleted item's key and audio, so that their space is reused (PostgreSQL has no
/// secure delete; without the key, what lingers cannot be decrypted).
pub(super) fn vacuum(db: &PgDb) -> Result<()> {
    if db.in_transaction() {
        return Ok(());
    }
    db.batch("VACUUM items, vault_chunks")
}

/// PostgreSQL enforces every reference and keeps every text as UTF-8 itself; what is left to
/// check is that the schema is the one this earshot knows.
pub(super) fn check(db: &PgDb) -> Result<Vec<String>> {
    let rows = db
        .client
        .borrow_mut()
        .query("SELECT version FROM earshot_schema", &[])
        .map_err(|e| db.error(e))?;
    let version: Option<i64> = rows.first().and_then(|r| r.try_get(0).ok());
    Ok(match version {
        Some(v) if v == MIGRATIONS.len() as i64 => Vec::new(),
        Some(v) => vec![format!(
            "the database's schema is at step {v}, this earshot knows {}",
            MIGRATIONS.len()
        )],
        None => vec!["the database has no schema version".into()],
    })
}

/// The store's error for a PostgreSQL error.
pub(super) fn error(e: postgres::Error, target: &Target) -> StoreError {
    let code = e.code().cloned();
    let detail = match e.as_db_error() {
        Some(d) => d.message().to_string(),
        None => e.to_string(),
    };
    match code {
        None => StoreError::Db(
            StoreMsg::DbUnreachable {
                at: target.shown(),
                detail,
            }
            .into(),
        ),
        Some(c)
            if c == SqlState::T_R_SERIALIZATION_FAILURE
                || c == SqlState::T_R_DEADLOCK_DETECTED
                || c == SqlState::LOCK_NOT_AVAILABLE =>
        {
            StoreError::Db(StoreMsg::DbBusy.into())
        }
        Some(c) if c == SqlState::DISK_FULL => StoreError::Io(StoreMsg::DiskFull.into()),
        Some(c)
            if c == SqlState::ADMIN_SHUTDOWN
                || c == SqlState::CRASH_SHUTDOWN
                || c == SqlState::CANNOT_CONNECT_NOW =>
        {
            StoreError::Db(
                StoreMsg::DbUnreachable {
                    at: target.shown(),
                    detail,
                }
                .into(),
            )
        }
        Some(c)
            if c == SqlState::INSUFFICIENT_PRIVILEGE
                || c == SqlState::INVALID_PASSWORD
                || c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                || c == SqlState::INVALID_CATALOG_NAME =>
        {
            StoreError::Setup(StoreMsg::DbNotWritable { detail }.into())
        }
        Some(_) => StoreError::Db(StoreMsg::Db { detail }.into()),
    }
}
