//! The embedded backend: one SQLite database file, in WAL mode, beside the vault.

mod cached;
mod engine;
mod sql;

pub use engine::connect;
pub use sql::where_rows;

/// The SQLite text of `q`, which the PostgreSQL backend carries over into its dialect.
pub(in crate::backend) fn sql_text(q: Q) -> std::borrow::Cow<'static, str> {
    sql::text(q)
}

use rusqlite::types::{ToSqlOutput, ValueRef};

use super::{Arg, Db, DbRow, Q, RawRow, Value};
use crate::Result;

/// The page cache of a connection made by [`Db::connect_again`], in KiB (SQLite's default is
/// 2,000).
const REOPENED_CACHE_KIB: u32 = 512;

/// One argument as SQLite binds it.
struct Bind<'a>(Value<'a>);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0 {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Real(x) => ValueRef::Real(x),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn binds<'a>(args: &'a [&'a dyn Arg]) -> impl Iterator<Item = Bind<'a>> {
    args.iter().map(|a| Bind(a.value()))
}

impl RawRow for rusqlite::Row<'_> {
    fn value(&self, column: usize) -> Result<Value<'_>> {
        Ok(match self.get_ref(column)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Int(i),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(t) => Value::Text(std::str::from_utf8(t).map_err(|_| {
                crate::StoreError::Integrity(
                    crate::StoreMsg::DbValueUnreadable {
                        detail: "text that is not UTF-8".into(),
                    }
                    .into(),
                )
            })?),
            ValueRef::Blob(b) => Value::Blob(b),
        })
    }

    fn column_name(&self, column: usize) -> Option<&str> {
        self.as_ref().column_name(column).ok()
    }
}

impl Db for rusqlite::Connection {
    fn exec(&self, q: Q, args: &[&dyn Arg]) -> Result<usize> {
        let mut st = self.prepare_cached(&sql::text(q))?;
        Ok(st.execute(rusqlite::params_from_iter(binds(args)))?)
    }

    fn insert(&self, q: Q, args: &[&dyn Arg]) -> Result<i64> {
        self.exec(q, args)?;
        Ok(self.last_insert_rowid())
    }

    fn scan(
        &self,
        q: Q,
        args: &[&dyn Arg],
        each: &mut dyn FnMut(&DbRow<'_>) -> Result<bool>,
    ) -> Result<()> {
        let mut st = self.prepare_cached(&sql::text(q))?;
        let mut rows = st.query(rusqlite::params_from_iter(binds(args)))?;
        while let Some(r) = rows.next()? {
            if !each(&DbRow(r))? {
                break;
            }
        }
        Ok(())
    }

    fn begin(&self, write: bool) -> Result<()> {
        self.execute_batch(if write {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN DEFERRED"
        })?;
        Ok(())
    }

    fn commit(&self) -> Result<()> {
        Ok(self.execute_batch("COMMIT")?)
    }

    fn rollback(&self) -> Result<()> {
        Ok(self.execute_batch("ROLLBACK")?)
    }

    fn in_transaction(&self) -> bool {
        !self.is_autocommit()
    }

    fn connect_again(&self) -> Result<Box<dyn Db + Send>> {
        let path = self.path().filter(|p| !p.is_empty()).ok_or_else(|| {
            crate::StoreError::Setup(
                crate::StoreMsg::Db {
                    detail: "an in-memory database has no second connection".into(),
                }
                .into(),
            )
        })?;
        // A smaller page cache each (the system's file cache still holds the database).
        Ok(Box::new(engine::connect_small(
            std::path::Path::new(path),
            REOPENED_CACHE_KIB,
        )?))
    }

    fn migrate(&mut self) -> Result<()> {
        engine::migrate(self)
    }

    fn forget_old_pages(&self) -> Result<()> {
        engine::checkpoint(self)
    }

    fn check(&self) -> Result<Vec<String>> {
        engine::check(self)
    }

    #[cfg(test)]
    fn raw(&self) -> &rusqlite::Connection {
        self
    }
}

impl From<rusqlite::Error> for crate::StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        if let Some(column) = unreadable_value(&e) {
            return crate::StoreError::Integrity(
                crate::StoreMsg::DbValueUnreadable { detail: column }.into(),
            );
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
                crate::StoreError::Integrity(crate::StoreMsg::DbDamaged.into())
            }
            Some(ErrorCode::DiskFull) => crate::StoreError::Io(crate::StoreMsg::DiskFull.into()),
            // SQLite reports a write that found no room as a plain I/O error; the thread's
            // errno, left by the failing write and read right after the call, says ENOSPC.
            Some(ErrorCode::SystemIoFailure)
                if std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOSPC) =>
            {
                crate::StoreError::Io(crate::StoreMsg::DiskFull.into())
            }
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                crate::StoreError::Db(crate::StoreMsg::DbBusy.into())
            }
            Some(ErrorCode::ReadOnly)
            | Some(ErrorCode::CannotOpen)
            | Some(ErrorCode::PermissionDenied) => crate::StoreError::Setup(
                crate::StoreMsg::DbNotWritable {
                    detail: e.to_string(),
                }
                .into(),
            ),
            _ => crate::StoreError::Db(
                crate::StoreMsg::Db {
                    detail: e.to_string(),
                }
                .into(),
            ),
        }
    }
}

/// A value of the wrong kind where the schema promises another (bytes that are not UTF-8 in a
/// text column, text where a number belongs): only a damaged or hand-edited database holds
/// one. Says which column, when SQLite said.
fn unreadable_value(e: &rusqlite::Error) -> Option<String> {
    use rusqlite::Error as E;
    match e {
        E::InvalidColumnType(_, name, _) => {
            Some(format!("column `{name}` holds the wrong kind of value"))
        }
        E::FromSqlConversionFailure(_, _, why) => Some(format!("{why}")),
        E::Utf8Error(..) => Some("text that is not UTF-8".into()),
        E::IntegralValueOutOfRange(i, v) => Some(format!("column {i} holds {v}, out of range")),
        _ => None,
    }
}
