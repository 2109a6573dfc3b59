//! The `earshot` command: parse the command line, run the command, map failures to exit codes.

use clap::Parser;

use earshot::cli::{
    self,
    args::{Cli, Command},
};
use earshot::guardian::client::{self, SYSTEM_SOCKET};
use earshot::guardian::server::{ServeOptions, serve as run_guardian};

/// `earshot serve`: the store and key come from --store / EARSHOT_STORE / EARSHOT_KEY_FILE as
/// for any command; the socket from --socket, else systemd's runtime directory, else the
/// user's.
fn serve(
    cli: &Cli,
    socket: &Option<std::path::PathBuf>,
    group: &str,
    limits: (u32, u32),
    checkpoint_every_s: u64,
) -> i32 {
    let socket =
        socket.clone().or_else(|| cli.socket.clone()).or_else(|| {
            match std::env::var_os("RUNTIME_DIRECTORY").filter(|v| !v.is_empty()) {
                Some(d) => Some(std::path::PathBuf::from(d).join("earshot.sock")),
                None => std::env::var_os("XDG_RUNTIME_DIR")
                    .filter(|v| !v.is_empty())
                    .map(|d| std::path::PathBuf::from(d).join("earshot.sock")),
            }
        });
    let Some(socket) = socket else {
        eprintln!("earshot: no socket path: pass --socket PATH (no XDG_RUNTIME_DIR is set)");
        return 2;
    };
    let store_dir = match cli::store_dir(cli) {
        Ok(d) => d,
        Err(f) => {
            eprintln!("earshot: {}", f.message());
            return f.code();
        }
    };
    let opts = ServeOptions {
        socket,
        group: Some(group.to_string()).filter(|g| !g.is_empty()),
        store_dir,
        database: cli.database.clone(),
        team: cli.team.clone(),
        key_file: std::env::var_os("EARSHOT_KEY_FILE")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from),
        max_per_user: limits.0 as usize,
        rate_per_user: limits.1 as usize,
        checkpoint_every: std::time::Duration::from_secs(checkpoint_every_s),
    };
    match run_guardian(&opts) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("earshot: {e}");
            2
        }
    }
}

fn main() {
    // Whatever earshot creates is private to the user.
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    let parsed = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    match &parsed.command {
        Some(Command::Serve {
            socket,
            group,
            max_per_user,
            rate_per_user,
            checkpoint_every_s,
        }) => std::process::exit(serve(
            &parsed,
            socket,
            group,
            (*max_per_user, *rate_per_user),
            *checkpoint_every_s,
        )),
        Some(Command::DialStdio { socket }) => {
            let socket = socket
                .clone()
                .or_else(|| parsed.socket.clone())
                .unwrap_or_else(|| SYSTEM_SOCKET.into());
            std::process::exit(client::dial_stdio(&socket))
        }
        // These never go to a guardian: setting up, the demo, and checking proofs (which needs
        // no store at all).
        Some(Command::Init { .. })
        | Some(Command::Demo { .. })
        | Some(Command::VerifyProof { .. }) => {}
        _ => match client::target(&parsed) {
            Ok(Some(t)) if matches!(parsed.command, None | Some(Command::Tui)) => {
                if let Err(f) = cli::tui_through(&parsed, &t) {
                    eprintln!("earshot: {}", f.message());
                    std::process::exit(f.code());
                }
                std::process::exit(0);
            }
            Ok(Some(t)) => {
                let args = client::forwarded_args(std::env::args().skip(1));
                std::process::exit(client::run(&t, &parsed, args))
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("earshot: {e}");
                std::process::exit(2);
            }
        },
    }
    if let Err(f) = cli::run(&parsed) {
        // 128 + N: stopped by a signal after the command printed its own outcome.
        if parsed.json && !f.reported() {
            println!(
                "{}",
                serde_json::json!({ "error": f.message(), "exit": f.code() })
            );
        }
        eprintln!("earshot: {}", f.message());
        std::process::exit(f.code());
    }
}
