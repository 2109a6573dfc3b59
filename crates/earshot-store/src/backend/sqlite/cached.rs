//! One-row queries through the connection's statement cache. `Connection::query_row` parses
//! its SQL on every call; a case report asks the same few dozen questions of every item, and
//! parsing was a third of its time.

/// [`rusqlite::Connection::query_row`], with the statement prepared once and kept.
pub(crate) trait CachedRow {
    fn cached_row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl CachedRow for rusqlite::Connection {
    fn cached_row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}
