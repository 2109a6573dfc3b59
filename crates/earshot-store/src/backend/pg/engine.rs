//! What only PostgreSQL needs: where the database is, a connection set up the way the store
//! relies on, the schema's migrations, and its errors in the store's words.

use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use crate::{Result, StoreError, StoreMsg};

/// The advisory lock every write transaction takes (the bytes of "earshot" as a number), so
/// that writes of every guardian on the database take turns.
pub(super) const WRITE_LOCK: i64 = 0x0065_6172_7368_6f74;

/// How long a writer waits for the others before it is told the store is busy (SQLite's busy
/// timeout is the same).
const LOCK_TIMEOUT: &str = "30s";

/// The driver's own keepalive idle time, which it reports when the connection string sets none.
const DRIVER_KEEPALIVES_IDLE: Duration = Duration::from_secs(2 * 60 * 60);

/// The schema, one migration per step; `earshot_schema` says how many have run. Step 1 is the
/// embedded store's schema after its own migrations up to 0022.
const MIGRATIONS: &[&str] = &[include_str!("../../migrations/postgres/0001_schema.sql")];

/// Whether `s` names a PostgreSQL database rather than a directory.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Where the database is: the parsed connection string, and the team whose store it is.
#[derive(Clone)]
pub struct Target {
    config: Config,
    /// The team's schema (`team_NAME`); none for the one store of a database without teams.
    schema: Option<String>,
}

/// Whether `name` may name a team: 1 to 32 lowercase letters, digits and hyphens, starting
/// with a letter (it becomes part of a schema's name).
pub fn is_team_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
        // waiting on a dead line: a connection the server has been silent on is probed after
        // 10 s (then every 5 s, 3 times), and data the server has not acknowledged in 20 s
        // ends the connection. What the connection string sets itself is kept (`keepalives=0`
        // turns the probes off; the tests set them shorter).
        if config.get_keepalives_idle() == DRIVER_KEEPALIVES_IDLE {
            config.keepalives_idle(Duration::from_secs(10));
        }
        if config.get_keepalives_interval().is_none() {
            config.keepalives_interval(Duration::from_secs(5));
        }
        if config.get_keepalives_retries().is_none() {
            config.keepalives_retries(3);
        }
        if config.get_tcp_user_timeout().is_none() {
            config.tcp_user_timeout(Duration::from_secs(20));
        }
        config.application_name("earshot");
        Ok(Target {
            config,
            schema: None,
        })
    }

    /// The store of team `team` in this database: a schema of its own, with its own tables,
    /// roster, log and key. Refuses a name that [`is_team_name`] does not take.
    pub fn for_team(mut self, team: &str) -> Result<Target> {
        if !is_team_name(team) {
            return Err(StoreError::BadInput(
                StoreMsg::BadTeamName {
                    name: team.escape_default().to_string(),
                }
                .into(),
            ));
        }
        self.schema = Some(format!("team_{}", team.replace('-', "_")));
        Ok(self)
    }

    /// The team's schema, if any.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// The advisory lock this store's writers take: one per team, so that the teams of one
    /// database do not wait for each other.
    pub(super) fn write_lock(&self) -> i64 {
        match &self.schema {
            None => WRITE_LOCK,
            Some(s) => {
                // FNV-1a of the schema's name, folded into the lock's number.
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                for b in s.bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
                WRITE_LOCK ^ (h as i64)
            }
        }
    }

    /// The channel on which this store's changes are announced.
    pub(super) fn channel(&self) -> String {
        match &self.schema {
            None => "earshot_changes".into(),
            Some(s) => format!("earshot_changes_{s}"),
        }
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
        let who = if user.is_empty() {
            String::new()
        } else {
            format!("{user}@")
        };
        match &self.schema {
            Some(s) => format!(
                "postgres://{who}{host}/{db} (team {})",
                s.trim_start_matches("team_").replace('_', "-")
            ),
            None => format!("postgres://{who}{host}/{db}"),
        }
    }

    /// A new connection, set up for the store.
    pub fn connect(&self) -> Result<Client> {
        let mut c = self.config.connect(NoTls).map_err(|e| error(e, self))?;
        c.batch_execute(&format!(
            "SET lock_timeout = '{LOCK_TIMEOUT}'; SET client_min_messages = warning"
        ))
        .map_err(|e| error(e, self))?;
        if let Some(s) = &self.schema {
            // The name is checked (letters, digits, underscores): it needs no quoting.
            c.batch_execute(&format!("SET search_path TO {s}"))
                .map_err(|e| error(e, self))?;
        }
        Ok(c)
    }

    /// Whether the team's schema is there (always, for a database without teams); `create`
    /// makes it when it is not.
    pub(super) fn prepare(&self, c: &mut Client, create: bool) -> Result<bool> {
        let Some(s) = &self.schema else {
            return Ok(true);
        };
        if create {
            c.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {s}"))
                .map_err(|e| error(e, self))?;
            return Ok(true);
        }
        let row = c
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1)",
                &[s],
            )
            .map_err(|e| error(e, self))?;
        row.try_get(0).map_err(|e| error(e, self))
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
pub(super) fn migrate(c: &mut Client, target: &Target) -> Result<()> {
    if !target.prepare(c, false)? {
        return Err(StoreError::Setup(
            StoreMsg::NoStore {
                dir: target.shown(),
            }
            .into(),
        ));
    }
    let mut tx = c.transaction().map_err(|e| error(e, target))?;
    let out = (|| -> std::result::Result<(), StoreError> {
        let run = |tx: &mut postgres::Transaction<'_>, sql: &str| {
            tx.batch_execute(sql).map_err(|e| error(e, target))
        };
        run(
            &mut tx,
            &format!("SELECT pg_advisory_xact_lock({})", target.write_lock()),
        )?;
        run(
            &mut tx,
            "CREATE TABLE IF NOT EXISTS earshot_schema (version BIGINT NOT NULL)",
        )?;
        let rows = tx
            .query("SELECT version FROM earshot_schema", &[])
            .map_err(|e| error(e, target))?;
        let version: i64 = match rows.first() {
            Some(r) => r.try_get(0).map_err(|e| error(e, target))?,
            None => {
                run(&mut tx, "INSERT INTO earshot_schema(version) VALUES (0)")?;
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
            run(&mut tx, sql)?;
            run(
                &mut tx,
                &format!("UPDATE earshot_schema SET version = {}", i + 1),
            )?;
        }
        Ok(())
    })();
    match out {
        Ok(()) => tx.commit().map_err(|e| error(e, target)),
        // Dropping the transaction rolls it back.
        Err(e) => Err(e),
    }
}

/// After a deletion has committed: has PostgreSQL reclaim the dead rows of the tables that
/// held the deleted item's key and audio, so that their space is reused (PostgreSQL has no
/// secure delete; without the key, what lingers cannot be decrypted).
pub(super) fn vacuum(c: &mut Client, target: &Target) -> Result<()> {
    c.batch_execute("VACUUM items, vault_chunks")
        .map_err(|e| error(e, target))
}

/// PostgreSQL enforces every reference and keeps every text as UTF-8 itself; what is left to
/// check is that the schema is the one this earshot knows.
pub(super) fn check(c: &mut Client, target: &Target) -> Result<Vec<String>> {
    let rows = c
        .query("SELECT version FROM earshot_schema", &[])
        .map_err(|e| error(e, target))?;
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
    let detail = match (e.as_db_error(), std::error::Error::source(&e)) {
        (Some(d), _) => d.message().to_string(),
        // "error connecting to server" says little without its cause.
        (None, Some(cause)) => format!("{e}: {cause}"),
        (None, None) => e.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_is_shown_without_its_password_and_named_again_for_a_test() {
        let t = Target::parse("postgres://earshot:s3cret@db.example:5432/org").expect("url");
        assert_eq!(t.shown(), "postgres://earshot@db.example/org");
        assert!(!format!("{t:?}").contains("s3cret"));
        let t = t.for_team("jeugd-noord").expect("team");
        assert_eq!(t.schema(), Some("team_jeugd_noord"));
        assert_eq!(
            t.shown(),
            "postgres://earshot@db.example/org (team jeugd-noord)"
        );
        assert_ne!(t.write_lock(), WRITE_LOCK, "a team has a lock of its own");
        assert_eq!(t.channel(), "earshot_changes_team_jeugd_noord");
        assert_eq!(
            with_dbname("postgres://u@h/postgres?sslmode=disable", "t1"),
            "postgres://u@h/t1?sslmode=disable"
        );
        assert_eq!(with_dbname("postgresql://u@h", "t1"), "postgresql://u@h/t1");
        assert_eq!(
            with_dbname("host=/run/postgresql user=u", "t1"),
            "host=/run/postgresql user=u dbname=t1"
        );
    }

    #[test]
    fn team_names_are_plain() {
        for ok in ["noord", "jeugd-zuid-2", "a"] {
            assert!(is_team_name(ok), "{ok}");
        }
        for bad in [
            "",
            "Noord",
            "2noord",
            "no_rd",
            "a;drop",
            "noord ",
            &"a".repeat(33),
        ] {
            assert!(!is_team_name(bad), "{bad}");
        }
        assert!(
            Target::parse("host=/x")
                .expect("x")
                .for_team("a;b")
                .is_err()
        );
    }
}
