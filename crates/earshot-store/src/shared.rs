//! A store in a PostgreSQL database ([`backend::pg`]): made and opened as an embedded one is,
//! with the database at a connection string instead of a file in the store's directory. The
//! directory stays, private, for what a guardian keeps on its own machine (the room kept for a
//! deletion on a full disk, the marks of its last sweep).

use std::path::Path;

use crate::backend::{self, DbExt, Q, args};
use crate::{Clock, Result, Store, StoreError, StoreMsg, VaultKind, admin, fsutil};

impl Store {
    /// Prepares the empty database at `url` (or, with `team`, that team's part of it) as a new
    /// store, makes its master key (in
    /// `key_file`, or the default place) and `user` its first team leader. Refuses a database
    /// that holds a store already.
    pub fn init_database(
        url: &str,
        team: Option<&str>,
        dir: &Path,
        key_file: Option<&Path>,
        user: &str,
        clock: Clock,
    ) -> Result<Store> {
        admin::validate_user_name(user)?;
        let conn = backend::pg::connect(url, team, true)?;
        Store::init_on(
            dir,
            key_file,
            user,
            clock,
            Box::new(conn),
            VaultKind::Database,
        )
    }

    /// Opens the store in the database at `url` (`team`'s, when named), with `dir` as this machine's working
    /// directory (made, private, when missing).
    pub fn open_database(
        url: &str,
        team: Option<&str>,
        dir: &Path,
        key_file: Option<&Path>,
        clock: Clock,
    ) -> Result<Store> {
        let mut conn = backend::pg::connect(url, team, false)?;
        let shown = conn.shown();
        backend::Db::migrate(&mut conn)?;
        if conn
            .opt(Q::Meta, args!["store_id"], |r| r.get::<_, String>(0))?
            .is_none()
        {
            return Err(StoreError::Setup(StoreMsg::NoStore { dir: shown }.into()));
        }
        fsutil::create_private_dir(dir)?;
        Store::open_on(dir, key_file, clock, Box::new(conn))
    }
}
