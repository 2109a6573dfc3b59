//! Who is acting and on which store: the login name, the store directory and its key, and
//! the PINs a command asks for.

use std::path::PathBuf;

use super::args::Cli;
use super::failure::{Failure, bad};
use super::io;
use crate::store::{self, Store};

/// The language of the interface and of reports: `--lang`, else the locale (inside the
/// guardian: the client's).
pub fn lang(cli: &Cli) -> crate::core::lang::Lang {
    if let Some(g) = io::guarded() {
        return cli
            .lang
            .as_deref()
            .and_then(|l| l.parse().ok())
            .unwrap_or(g.lang);
    }
    crate::core::lang::Lang::detect(cli.lang.as_deref(), &|k| std::env::var(k).ok())
}

/// The language a command's failure is worded in: [`lang`], except for a command whose own
/// `--lang` is its document's: that one follows the locale (inside the guardian, the client's).
pub fn failure_lang(cli: &Cli) -> crate::core::lang::Lang {
    if !cli.lang_is_the_documents() {
        return lang(cli);
    }
    match io::guarded() {
        Some(g) => g.lang,
        None => crate::core::lang::Lang::detect(None, &|k| std::env::var(k).ok()),
    }
}

/// The acting user. Inside the guardian: the login the kernel gave for the client's
/// connection, whatever the client says. In single-user mode: `EARSHOT_USER`, or the operating
/// system's login name.
pub fn acting_user() -> Result<String, Failure> {
    if let Some(g) = io::guarded() {
        return Ok(g.user.clone());
    }
    if let Ok(u) = std::env::var("EARSHOT_USER")
        && !u.trim().is_empty()
    {
        return Ok(u.trim().to_string());
    }
    login_name().ok_or_else(|| {
        bad(
            "earshot weet niet wie je bent: zet EARSHOT_USER op je loginnaam",
            "cannot tell who you are: set EARSHOT_USER to your login name",
        )
    })
}

/// Whether the machine has a login `name` (in its password database).
pub fn login_exists(name: &str) -> bool {
    let Ok(c) = std::ffi::CString::new(name) else {
        return false;
    };
    // SAFETY: getpwnam_r reads the NUL-terminated name and writes only into our buffers.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 16384];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwnam_r(
            c.as_ptr(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        rc == 0 && !result.is_null()
    }
}

/// The login name of this process's effective user.
pub fn login_name() -> Option<String> {
    // SAFETY: getpwuid_r writes into the buffers we pass and nowhere else.
    unsafe {
        let uid = libc::geteuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return std::env::var("USER")
                .ok()
                .or_else(|| std::env::var("LOGNAME").ok());
        }
        Some(
            std::ffi::CStr::from_ptr(pwd.pw_name)
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// The store directory: `--store`, `EARSHOT_STORE`, or the platform's data directory.
pub fn store_dir(cli: &Cli) -> Result<PathBuf, Failure> {
    match &cli.store {
        Some(p) => Ok(p.clone()),
        None => store::default_store_dir().ok_or_else(|| {
            bad(
                "voor deze gebruiker is geen gegevensmap bekend; geef --store MAP",
                "no data directory is known for this user; pass --store DIR",
            )
        }),
    }
}

pub(super) fn key_file() -> Option<PathBuf> {
    std::env::var_os("EARSHOT_KEY_FILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The database and team the store is in, when not the embedded one. A team without a
/// database is bad input.
pub fn database(cli: &Cli) -> Result<Option<(String, Option<String>)>, Failure> {
    match (&cli.database, &cli.team) {
        (Some(url), team) => Ok(Some((url.clone(), team.clone()))),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(bad(
            "--team kiest een team in een PostgreSQL-database: geef ook --database",
            "--team picks a team in a PostgreSQL database: pass --database too",
        )),
    }
}

pub fn open_store(cli: &Cli) -> Result<Store, Failure> {
    let database = database(cli)?;
    open_store_with(cli, |dir, key| match &database {
        Some((url, team)) => {
            Store::open_database(url, team.as_deref(), dir, key, store::system_clock())
        }
        None => Store::open(dir, key, store::system_clock()),
    })
}

/// [`open_store`] for a deletion, which a full disk must not stop: see
/// [`Store::open_to_delete`]. Through the guardian the store is open already.
pub fn open_store_to_delete(cli: &Cli) -> Result<Store, Failure> {
    // A full disk under PostgreSQL is the server's to free: nothing of this machine's helps.
    let database = database(cli)?;
    open_store_with(cli, |dir, key| match &database {
        Some((url, team)) => {
            Store::open_database(url, team.as_deref(), dir, key, store::system_clock())
        }
        None => Store::open_to_delete(dir, key, store::system_clock),
    })
}

fn open_store_with(
    cli: &Cli,
    open: impl FnOnce(&std::path::Path, Option<&std::path::Path>) -> store::Result<Store>,
) -> Result<Store, Failure> {
    if let Some(g) = io::guarded() {
        return Ok((g.open)()?);
    }
    Ok(open(&store_dir(cli)?, key_file().as_deref())?)
}

/// Reads a PIN: from standard input with `--pin-stdin`, else from the terminal when there is
/// one, else none.
pub(crate) fn read_pin(for_whom: &str, from_stdin: bool) -> Result<Option<String>, Failure> {
    if from_stdin {
        let line = io::read_line()
            .map_err(|e| {
                bad(
                    format!("de pincode kan niet van standaardinvoer worden gelezen: {e}"),
                    format!("cannot read the PIN from standard input: {e}"),
                )
            })?
            .unwrap_or_default();
        if line.is_empty() {
            return Err(bad(
                "er staat geen pincode op standaardinvoer",
                "no PIN on standard input",
            ));
        }
        return Ok(Some(line));
    }
    if io::stdin_is_terminal() {
        let prompt = super::failure::say(
            format!("Pincode van {for_whom}: "),
            format!("{for_whom}'s PIN: "),
        );
        let pin = io::ask_secret(&prompt).map_err(|e| {
            bad(
                format!("de pincode kan niet worden gelezen: {e}"),
                format!("cannot read the PIN: {e}"),
            )
        })?;
        return Ok(Some(pin));
    }
    Ok(None)
}

/// The PIN of an overseeing lead, asked for only when it is someone else.
pub(crate) fn overseer_pin(
    me: &str,
    lead: &str,
    from_stdin: bool,
) -> Result<Option<String>, Failure> {
    if lead == me && !from_stdin {
        Ok(None)
    } else {
        read_pin(lead, from_stdin)
    }
}
