//! The shared backend: a store in a PostgreSQL database, for several guardians (one per site)
//! on one cluster that IT already runs, replicates and backs up.
//!
//! The driver is `postgres`, the blocking client of rust-postgres (tokio-postgres underneath):
//! maintained, no C library, and synchronous like the seam ([`Db`]), which the guardian calls
//! from its own threads. Its statements are SQLite's, carried over ([`sql`]).
//!
//! **One writer at a time, across every guardian.** A write transaction takes the store's
//! advisory lock (`pg_advisory_xact_lock`) before it reads anything, as SQLite's `BEGIN
//! IMMEDIATE` takes the file's write lock: what the gate read is what it decides on, so two
//! guardians never both spend the same allowance, decide the same notification twice, or
//! append two entries at one log position. A read transaction is `REPEATABLE READ`: one state
//! throughout, as a SQLite read transaction.

mod engine;
mod sql;
mod value;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::{Client, Statement};

use super::{Arg, Db, DbRow, Q, RawRow, Value};
use crate::{Result, StoreError, StoreMsg};

/// How long a write transaction may sit idle, waiting on its guardian, before the server ends
/// its session (see [`PgDb::begin`]).
const WRITER_SILENT: &str = "15s";

/// Idle sessions a store on PostgreSQL keeps for its next handles (see [`Db::idle_kept`]); a
/// cluster needs room for this many per guardian, and for those in use.
const IDLE_SESSIONS: usize = 24;

pub use engine::{Target, is_team_name, is_url};

/// A connection to the store's database.
pub struct PgDb {
    client: RefCell<Client>,
    target: Target,
    /// Prepared statements, by name: PostgreSQL plans each once per connection.
    prepared: RefCell<HashMap<(Q, bool), Statement>>,
    open: Cell<bool>,
    /// Whether the open transaction writes (so its commit may be in doubt if the line breaks).
    writing: Cell<bool>,
    /// Whether the server ended the connection (see [`PgDb::note_broken`]).
    broken: Cell<bool>,
    /// Whether the open transaction only adds a recording's rows (see [`Db::begin_rows`]): its
    /// commit announces nothing.
    quiet: Cell<bool>,
}

/// Opens a connection to the database `url` (`postgres://…` or `host=… dbname=…`), to the
/// store of `team` in it when one is named. `create`: a new team's schema is made.
pub fn connect(url: &str, team: Option<&str>, create: bool) -> Result<PgDb> {
    let mut target = Target::parse(url)?;
    if let Some(t) = team {
        target = target.for_team(t)?;
    }
    let mut client = target.connect()?;
    if create {
        target.prepare(&mut client, true)?;
    }
    Ok(PgDb {
        client: RefCell::new(client),
        target,
        prepared: RefCell::default(),
        open: Cell::new(false),
        writing: Cell::new(false),
        quiet: Cell::new(false),
        broken: Cell::new(false),
    })
}

impl PgDb {
    /// Where the database is, without its password: for messages.
    pub fn shown(&self) -> String {
        self.target.shown()
    }

    /// Every table of the store's schema and its columns, in order (for the test that compares
    /// the two backends' schemas).
    pub fn columns(&self) -> Result<std::collections::BTreeMap<String, Vec<String>>> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
                &[],
            )
            .map_err(|e| self.error(e))?;
        let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for r in rows {
            let t: String = r.try_get(0).map_err(|e| self.error(e))?;
            let c: String = r.try_get(1).map_err(|e| self.error(e))?;
            out.entry(t).or_default().push(c);
        }
        Ok(out)
    }

    /// Ends every other connection to this database, as a restart or a failover of
    /// PostgreSQL does to its clients: for the fault tests and their benchmark. Returns how
    /// many it ended.
    pub fn end_other_connections(&self) -> Result<u64> {
        let row = self
            .client
            .borrow_mut()
            .query_one(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .map_err(|e| self.error(e))?;
        let n: i64 = row.try_get(0).map_err(|e| self.error(e))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Creates a new, empty database next to the one `admin` names (which must be allowed
    /// to), and returns its connection string: each test and benchmark gets a store of its
    /// own on one cluster.
    pub fn fresh_database(admin: &str, prefix: &str) -> Result<String> {
        let target = Target::parse(admin)?;
        let mut c = target.connect()?;
        let name = format!(
            "{prefix}_{}",
            hex::encode(crate::crypto::random_bytes::<6>()?)
        );
        c.batch_execute(&format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"
        ))
        .map_err(|e| engine::error(e, &target))?;
        Ok(engine::with_dbname(admin, &name))
    }

    /// Connects again when the server ended this connection (a restart, a failover, a cut
    /// line) and no transaction was open on it: a handle that lives long (a terminal UI's, a
    /// guardian's own) answers again once the database is back, after the one request that
    /// found the connection broken was refused. Inside a transaction nothing is made again:
    /// the transaction is lost, and the caller is told.
    fn alive(&self) -> Result<()> {
        if self.open.get() || !(self.broken.get() || self.client.borrow().is_closed()) {
            return Ok(());
        }
        let client = self.target.connect()?;
        *self.client.borrow_mut() = client;
        self.broken.set(false);
        // Statements are prepared per connection.
        self.prepared.borrow_mut().clear();
        Ok(())
    }

    fn statement(&self, q: Q, returning: bool) -> Result<Statement> {
        self.alive()?;
        if let Some(s) = self.prepared.borrow().get(&(q, returning)) {
            return Ok(s.clone());
        }
        let text = if returning {
            sql::returning_id(q).into_owned()
        } else {
            sql::text(q)
        };
        let st = self
            .client
            .borrow_mut()
            .prepare(&text)
            .map_err(|e| self.error(e))?;
        self.prepared
            .borrow_mut()
            .insert((q, returning), st.clone());
        Ok(st)
    }

    fn rows(&self, q: Q, returning: bool, args: &[&dyn Arg]) -> Result<Vec<postgres::Row>> {
        let st = self.statement(q, returning)?;
        bound(args, |refs| self.client.borrow_mut().query(&st, refs)).map_err(|e| self.error(e))
    }

    fn batch(&self, sql: &str) -> Result<()> {
        self.client
            .borrow_mut()
            .batch_execute(sql)
            .map_err(|e| self.error(e))
    }

    /// The store's error for `e`, naming this database when it cannot be reached.
    fn error(&self, e: postgres::Error) -> StoreError {
        self.note_broken(&e);
        engine::error(e, &self.target)
    }

    /// Remembers that the connection is gone when `e` says so (closed, or the session ended
    /// by the server), before the driver itself has noticed: the next request connects again.
    fn note_broken(&self, e: &postgres::Error) {
        let ended = e.as_db_error().is_some_and(|d| {
            matches!(
                d.parsed_severity(),
                Some(postgres::error::Severity::Fatal | postgres::error::Severity::Panic)
            )
        });
        if e.is_closed() || ended {
            self.broken.set(true);
        }
    }
}

/// Runs `f` with the store's arguments as the driver binds them.
fn bound<R>(args: &[&dyn Arg], f: impl FnOnce(&[&(dyn postgres::types::ToSql + Sync)]) -> R) -> R {
    let binds: Vec<value::Bind<'_>> = args.iter().map(|a| value::Bind(a.value())).collect();
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = binds
        .iter()
        .map(|b| b as &(dyn postgres::types::ToSql + Sync))
        .collect();
    f(&refs)
}

/// Whether a failed `COMMIT` certainly kept nothing: the server answered it with an error of
/// the statement (severity ERROR), not by ending the session or going silent.
fn rolled_back(e: &postgres::Error) -> bool {
    !e.is_closed()
        && e.as_db_error()
            .is_some_and(|d| d.parsed_severity() == Some(postgres::error::Severity::Error))
}

/// Calls `heard` whenever a change commits in the database at `url`, from any guardian, until
/// `heard` returns false. A broken connection is made again (a second apart); while there is
/// none, `heard` is called once a second, so that nobody waits on a change they missed.
pub fn listen_for_changes(
    url: &str,
    team: Option<&str>,
    mut heard: impl FnMut() -> bool,
) -> Result<()> {
    let mut target = Target::parse(url)?;
    if let Some(t) = team {
        target = target.for_team(t)?;
    }
    let channel = target.channel();
    loop {
        let connected = target.connect().and_then(|mut c| {
            c.batch_execute(&format!("LISTEN {channel}"))
                .map_err(|e| engine::error(e, &target))?;
            Ok(c)
        });
        match connected {
            Ok(mut c) => {
                // Whatever happened while there was no connection is looked at once.
                if !heard() {
                    return Ok(());
                }
                use postgres::fallible_iterator::FallibleIterator;
                let mut n = c.notifications();
                // Waiting a second at a time: the iterator ends at each timeout, and fails
                // when the connection breaks.
                loop {
                    match n.timeout_iter(std::time::Duration::from_secs(1)).next() {
                        Ok(Some(_)) => {
                            if !heard() {
                                return Ok(());
                            }
                        }
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
            }
            Err(_) => {
                if !heard() {
                    return Ok(());
                }
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        }
    }
}

impl RawRow for postgres::Row {
    fn value(&self, column: usize) -> Result<Value<'_>> {
        let cell: value::Cell<'_> = self.try_get(column).map_err(|e| {
            StoreError::Integrity(
                StoreMsg::DbValueUnreadable {
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        Ok(cell.0)
    }

    fn column_name(&self, column: usize) -> Option<&str> {
        self.columns().get(column).map(|c| c.name())
    }
}

impl Db for PgDb {
    fn exec(&self, q: Q, args: &[&dyn Arg]) -> Result<usize> {
        let st = self.statement(q, false)?;
        let n = bound(args, |refs| self.client.borrow_mut().execute(&st, refs))
            .map_err(|e| self.error(e))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn insert(&self, q: Q, args: &[&dyn Arg]) -> Result<i64> {
        let rows = self.rows(q, true, args)?;
        let row = rows.first().ok_or_else(|| {
            StoreError::Db(
                StoreMsg::Db {
                    detail: format!("{q:?} gave no id"),
                }
                .into(),
            )
        })?;
        DbRow(row).get(0)
    }

    fn scan(
        &self,
        q: Q,
        args: &[&dyn Arg],
        each: &mut dyn FnMut(&DbRow<'_>) -> Result<bool>,
    ) -> Result<()> {
        // The rows are fetched first, so that `each` may ask the connection again.
        for r in &self.rows(q, false, args)? {
            if !each(&DbRow(r))? {
                break;
            }
        }
        Ok(())
    }

    fn begin(&self, write: bool) -> Result<()> {
        self.alive()?;
        if write {
            // A writer that goes quiet while it holds the lock (its guardian cut off from the
            // database by the network) is ended by the server after WRITER_SILENT, which rolls
            // its transaction back and lets the other guardians' writers on, well within the
            // time they wait for the lock (30 s). A writer never waits on anyone between its
            // statements.
            self.batch(&format!(
                "BEGIN ISOLATION LEVEL READ COMMITTED; \
                 SET LOCAL idle_in_transaction_session_timeout = '{WRITER_SILENT}'; \
                 SELECT pg_advisory_xact_lock({})",
                self.target.write_lock()
            ))?;
        } else {
            self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        }
        self.open.set(true);
        self.writing.set(write);
        Ok(())
    }

    fn commit(&self) -> Result<()> {
        let writing = self.writing.replace(false);
        let quiet = self.quiet.replace(false);
        self.open.set(false);
        // Every guardian on the database hears of a change as it commits (PostgreSQL delivers
        // a notification only with its transaction's commit); a recording's chunk rows are
        // not a change anyone sees until its item commits.
        let sql = if writing && !quiet {
            format!("NOTIFY {}; COMMIT", self.target.channel())
        } else {
            "COMMIT".into()
        };
        match self.client.borrow_mut().batch_execute(&sql) {
            Ok(()) => Ok(()),
            // The server may have committed before the line broke, or before it ended the
            // session (a restart's FATAL can follow a commit that was made): the caller is told
            // that the outcome is not known, never that it failed. Only a plain ERROR (a
            // refused commit) means nothing was kept.
            Err(e) if writing && !rolled_back(&e) => {
                self.note_broken(&e);
                Err(StoreError::Db(
                    StoreMsg::DbCommitUnknown {
                        detail: e.to_string(),
                    }
                    .into(),
                ))
            }
            Err(e) => Err(self.error(e)),
        }
    }

    fn rollback(&self) -> Result<()> {
        self.open.set(false);
        self.writing.set(false);
        self.quiet.set(false);
        if self.broken.get() || self.client.borrow().is_closed() {
            // A broken connection has rolled back by itself.
            return Ok(());
        }
        self.batch("ROLLBACK")
    }

    fn in_transaction(&self) -> bool {
        self.open.get()
    }

    fn connect_again(&self) -> Result<Box<dyn Db + Send>> {
        Ok(Box::new(PgDb {
            client: RefCell::new(self.target.connect()?),
            target: self.target.clone(),
            prepared: RefCell::default(),
            open: Cell::new(false),
            writing: Cell::new(false),
            quiet: Cell::new(false),
            broken: Cell::new(false),
        }))
    }

    fn migrate(&mut self) -> Result<()> {
        engine::migrate(&mut self.client.borrow_mut(), &self.target)
    }

    fn forget_old_pages(&self) -> Result<()> {
        if self.in_transaction() {
            return Ok(());
        }
        engine::vacuum(&mut self.client.borrow_mut(), &self.target)
    }

    fn check(&self) -> Result<Vec<String>> {
        engine::check(&mut self.client.borrow_mut(), &self.target)
    }

    fn shown(&self) -> Option<String> {
        Some(self.target.shown())
    }

    fn usable(&self) -> bool {
        !self.broken.get() && !self.client.borrow().is_closed()
    }

    fn begin_rows(&self) -> Result<()> {
        self.alive()?;
        self.batch(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = off; \
             SET LOCAL idle_in_transaction_session_timeout = '{WRITER_SILENT}'"
        ))?;
        self.open.set(true);
        self.writing.set(true);
        self.quiet.set(true);
        Ok(())
    }

    /// Two: the server's work on a chunk row (its TOAST pieces and their log) is most of an
    /// import's, and two sessions do it on two cores.
    fn row_writers(&self) -> usize {
        2
    }

    /// More than an embedded store keeps: a new session is a server process whose caches
    /// start cold and whose statements are prepared again, and a guardian's previews each
    /// hold one or two while they play. With 8 kept, a guardian under a team of 50 opened
    /// about two sessions a second, each slowing the request that waited for it.
    fn idle_kept(&self) -> usize {
        IDLE_SESSIONS
    }

    #[cfg(test)]
    fn raw(&self) -> &rusqlite::Connection {
        unreachable!("only a SQLite store is damaged by hand in the tests")
    }
}
