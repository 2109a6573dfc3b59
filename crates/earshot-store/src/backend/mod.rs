//! The seam between the store's rules and its database.
//!
//! Every action of the store has the same three steps: it loads the facts the action needs, the
//! pure gate (`earshot_core::gate`) decides on them, and it persists the resulting rows and audit
//! events, all in one write transaction. The store's modules write those steps once, against the
//! [`Db`] trait, and name every statement they run by a [`Q`]. A backend provides the rest:
//!
//! - a connection implementing [`Db`] (binding [`Value`]s, reading rows, its transactions);
//! - the text of every [`Q`] in its SQL dialect, as one exhaustive `match` (a statement the
//!   backend lacks does not compile);
//! - its schema and migrations.
//!
//! So a second backend brings no policy of its own: which rows an action reads and writes, and
//! what the gate is asked, stay in the store's modules. No SQL is written outside a backend.
//! SQLite ([`sqlite`]) is the embedded default; PostgreSQL ([`pg`]) is for several guardians on
//! one cluster.

pub mod pg;
pub mod sqlite;
mod stmt;
#[cfg(test)]
mod tests;
mod value;

pub use stmt::{Q, Rows};
pub use value::{Arg, FromValue, Owned, Value};

use crate::Result;

/// A database connection, inside or outside a transaction. The methods that callers use are
/// on [`DbExt`]; these three are what a backend implements.
pub trait Db {
    /// Runs a statement that returns no rows; returns how many rows it changed.
    fn exec(&self, q: Q, args: &[&dyn Arg]) -> Result<usize>;

    /// Runs an `INSERT` of one row; returns the row's new integer key.
    fn insert(&self, q: Q, args: &[&dyn Arg]) -> Result<i64>;

    /// Runs a query and hands each row to `each`, in order, until it returns `false` or the rows
    /// end.
    fn scan(
        &self,
        q: Q,
        args: &[&dyn Arg],
        each: &mut dyn FnMut(&DbRow<'_>) -> Result<bool>,
    ) -> Result<()>;

    /// Starts a transaction: a write transaction takes the database's write lock at once (so
    /// that what the gate read is what it decides on), a read one sees one state throughout.
    fn begin(&self, write: bool) -> Result<()>;

    /// Commits the open transaction.
    fn commit(&self) -> Result<()>;

    /// Rolls the open transaction back (nothing of it is kept).
    fn rollback(&self) -> Result<()>;

    /// Whether a transaction is open.
    fn in_transaction(&self) -> bool;

    /// Another connection to the same database, for another handle on the store
    /// ([`crate::Store::reopen`]): the guardian has one per client at once.
    fn connect_again(&self) -> Result<Box<dyn Db + Send>>;

    /// Brings the schema up to date; refuses a database made by a newer earshot.
    fn migrate(&mut self) -> Result<()>;

    /// After a deletion has committed: leaves no earlier version of the changed data anywhere
    /// the database keeps it (a write-ahead log, free pages).
    fn forget_old_pages(&self) -> Result<()>;

    /// The database's own findings about itself, as sentences: damage, references that lead
    /// nowhere, text columns that hold something other than text. Empty when all is well.
    fn check(&self) -> Result<Vec<String>>;

    /// Where a server's database is, without its password (none for the embedded file).
    fn shown(&self) -> Option<String> {
        None
    }

    /// Begins a transaction that only adds rows of a recording being imported (its chunk rows
    /// and its mark in `vault_pending`). Such rows are read by no decision, and no other writer
    /// touches them, so the transaction need not take its turn among the store's writers; and
    /// as nothing refers to them until the item that names them commits, after them, its
    /// commit need not wait for the disk: a database that writes its log in order, as
    /// PostgreSQL does, has them on disk when that item's commit is, and a crash before it
    /// loses rows the sweep at open would remove anyway. The embedded store begins an ordinary
    /// write.
    fn begin_rows(&self) -> Result<()> {
        self.begin(true)
    }

    /// How many threads may write one recording's rows at once (see [`Db::begin_rows`]).
    fn row_writers(&self) -> usize {
        1
    }

    /// How many idle connections like this one a store keeps for its next handles
    /// ([`crate::Store::reopen`]).
    fn idle_kept(&self) -> usize {
        crate::IDLE_CONNECTIONS
    }

    /// Whether the connection can still be used (a server's connection may have broken): a
    /// broken one is not kept for the next handle.
    fn usable(&self) -> bool {
        true
    }

    /// The SQLite connection underneath, for tests that damage a store on purpose.
    #[cfg(test)]
    fn raw(&self) -> &rusqlite::Connection;
}

/// How the store asks [`Db`]: one row, maybe one row, every row.
pub trait DbExt: Db {
    /// The first row, which must be there.
    fn one<T>(
        &self,
        q: Q,
        args: &[&dyn Arg],
        f: impl FnOnce(&DbRow<'_>) -> Result<T>,
    ) -> Result<T> {
        self.opt(q, args, f)?.ok_or_else(|| {
            crate::StoreError::Db(
                crate::StoreMsg::Db {
                    detail: format!("no row for {q:?}"),
                }
                .into(),
            )
        })
    }

    /// The first row, if there is one.
    fn opt<T>(
        &self,
        q: Q,
        args: &[&dyn Arg],
        f: impl FnOnce(&DbRow<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut f = Some(f);
        let mut out = None;
        self.scan(q, args, &mut |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(false)
        })?;
        Ok(out)
    }

    /// Every row, mapped by `f`.
    fn all<T>(
        &self,
        q: Q,
        args: &[&dyn Arg],
        mut f: impl FnMut(&DbRow<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.scan(q, args, &mut |r| {
            out.push(f(r)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// Runs `f` on every row.
    fn each(
        &self,
        q: Q,
        args: &[&dyn Arg],
        mut f: impl FnMut(&DbRow<'_>) -> Result<()>,
    ) -> Result<()> {
        self.scan(q, args, &mut |r| f(r).map(|()| true))
    }
}

impl<D: Db + ?Sized> DbExt for D {}

/// What a backend's row gives: the value in one column.
pub trait RawRow {
    fn value(&self, column: usize) -> Result<Value<'_>>;

    /// The column's name, when the backend knows it (for an error that names it).
    fn column_name(&self, column: usize) -> Option<&str>;
}

/// One row of a query's result.
pub struct DbRow<'a>(pub &'a dyn RawRow);

impl DbRow<'_> {
    /// The raw value in `column`, for a reader that handles every kind itself.
    pub fn value(&self, column: usize) -> Result<Value<'_>> {
        self.0.value(column)
    }

    /// The value in `column` (counted from 0), as a `T`. A value of another kind is an
    /// integrity error that names the column: only a damaged database holds one.
    pub fn get<I: Column, T: FromValue>(&self, column: I) -> Result<T> {
        let column = column.index();
        T::from_value(self.0.value(column)?).map_err(|kind| {
            let name = match self.0.column_name(column) {
                Some(n) => format!("`{n}`"),
                None => column.to_string(),
            };
            crate::StoreError::Integrity(
                crate::StoreMsg::DbValueUnreadable {
                    detail: format!("column {name} holds {kind} where another kind belongs"),
                }
                .into(),
            )
        })
    }
}

impl DbRow<'_> {
    /// The row's first columns as a tuple, each read as [`DbRow::get`] reads it.
    pub fn tuple<T: FromRow>(&self) -> Result<T> {
        T::from_row(self)
    }
}

/// What [`DbRow::tuple`] makes: tuples of up to 16 values, one per column in order.
pub trait FromRow: Sized {
    fn from_row(r: &DbRow<'_>) -> Result<Self>;
}

macro_rules! tuple_rows {
    ($($i:tt $t:ident),+) => {
        impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(r: &DbRow<'_>) -> Result<Self> {
                Ok(($(r.get::<usize, $t>($i)?,)+))
            }
        }
    };
}
tuple_rows!(0 A, 1 B);
tuple_rows!(0 A, 1 B, 2 C);
tuple_rows!(0 A, 1 B, 2 C, 3 D);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L, 12 M);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L, 12 M, 13 N);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L, 12 M, 13 N, 14 O);
tuple_rows!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L, 12 M, 13 N, 14 O, 15 P);

/// A column's place in a row. Only `usize`, so that `r.get(0)` needs no suffix.
pub trait Column {
    fn index(self) -> usize;
}

impl Column for usize {
    fn index(self) -> usize {
        self
    }
}

/// The arguments of a statement, in order: `args![a, b]` for `&[&a as &dyn Arg, &b ..]`.
macro_rules! args {
    () => { &[] as &[&dyn $crate::backend::Arg] };
    ($($a:expr),+ $(,)?) => { &[$(&$a as &dyn $crate::backend::Arg),+] as &[&dyn $crate::backend::Arg] };
}
pub(crate) use args;
