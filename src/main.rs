//! The `earshot` command: parse the command line, run the command, map failures to exit codes.

use clap::Parser;

use earshot::cli::{self, args::Cli};

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
    if let Err(f) = cli::run(&parsed) {
        // 128 + N: stopped by a signal after the command printed its own outcome.
        if parsed.json && f.code < 128 {
            println!(
                "{}",
                serde_json::json!({ "error": f.message, "exit": f.code })
            );
        }
        eprintln!("earshot: {}", f.message);
        std::process::exit(f.code);
    }
}
