//! The client's side: sends the command line to the guardian and does, as this user and on
//! this machine, what the guardian asks for: print, read a PIN, read or write a file named on
//! the command line, play the sound it streams.

use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use super::frame::{Down, Encoding, Hello, MAX_FILE, Up, VERSION};
use crate::audio::remote::StreamPlayer;
use crate::cli::args::{Cli, Command, SinkArg};

/// Where the guardian is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Socket(PathBuf),
    /// `ssh [-p port] dest earshot dial-stdio`.
    Ssh {
        dest: String,
        port: Option<u16>,
    },
}

/// The socket a team machine's guardian listens on under systemd.
pub const SYSTEM_SOCKET: &str = "/run/earshot/earshot.sock";

/// Whether this command goes to a guardian, and which: `--host`/EARSHOT_HOST, then
/// `--socket`/EARSHOT_SOCKET, then the system socket when it exists and no store was named.
pub fn target(cli: &Cli) -> Result<Option<Target>, String> {
    if let Some(h) = cli.host.as_deref().filter(|h| !h.is_empty()) {
        return parse_host(h).map(Some);
    }
    if let Some(s) = cli.socket.as_ref().filter(|s| !s.as_os_str().is_empty()) {
        return Ok(Some(Target::Socket(s.clone())));
    }
    if cli.store.is_none() && Path::new(SYSTEM_SOCKET).exists() {
        return Ok(Some(Target::Socket(PathBuf::from(SYSTEM_SOCKET))));
    }
    Ok(None)
}

/// `ssh://user@server[:port]`.
pub fn parse_host(h: &str) -> Result<Target, String> {
    let rest = h.strip_prefix("ssh://").ok_or_else(|| {
        format!("--host {h}: only ssh://user@server[:port] is understood (the guardian is reached over SSH)")
    })?;
    let (dest, port) = match rest.rsplit_once(':') {
        Some((d, p)) => (
            d,
            Some(
                p.parse::<u16>()
                    .map_err(|_| format!("--host {h}: '{p}' is not a port number"))?,
            ),
        ),
        None => (rest, None),
    };
    let ok = !dest.is_empty()
        && !dest.starts_with('-')
        && dest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._-".contains(c));
    if !ok {
        return Err(format!("--host {h}: '{dest}' is not a user@server"));
    }
    Ok(Target::Ssh {
        dest: dest.to_string(),
        port,
    })
}

/// The variable that chooses how sound travels from the guardian: `opus` or `pcm`.
pub const STREAM_VAR: &str = "EARSHOT_STREAM";

/// The encodings to ask the guardian for: Opus over SSH (a link that may be slow), PCM on a
/// local socket (lossless and free); `EARSHOT_STREAM` (`opus` or `pcm`) decides instead when
/// set.
pub fn accepted(t: &Target, var: Option<&str>) -> Result<Vec<Encoding>, String> {
    let chosen = match var.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Encoding::parse(v)
            .ok_or_else(|| format!("{STREAM_VAR}={v}: say opus or pcm (or leave it unset)"))?,
        None => match t {
            Target::Ssh { .. } => Encoding::Opus,
            Target::Socket(_) => Encoding::Pcm16,
        },
    };
    Ok(match chosen {
        Encoding::Opus => vec![Encoding::Opus, Encoding::Pcm16],
        Encoding::Pcm16 => vec![Encoding::Pcm16],
    })
}

/// The command line to send: the user's, without the options that chose the guardian.
pub fn forwarded_args(args: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.into_iter();
    let mut rest = false;
    while let Some(a) = it.next() {
        if rest {
            out.push(a);
            continue;
        }
        match a.as_str() {
            "--" => {
                rest = true;
                out.push(a);
            }
            "--socket" | "--host" => {
                it.next();
            }
            s if s.starts_with("--socket=") || s.starts_with("--host=") => {}
            _ => out.push(a),
        }
    }
    out
}

/// An open connection to the guardian: a socket, or `ssh` running `earshot dial-stdio`.
pub(crate) struct Link {
    pub(crate) reader: Box<dyn Read + Send>,
    pub(crate) writer: Box<dyn Write + Send>,
    pub(crate) child: Option<Child>,
}

pub(crate) fn connect(t: &Target) -> Result<Link, String> {
    match t {
        Target::Socket(p) => {
            let s = UnixStream::connect(p).map_err(|e| {
                format!(
                    "cannot reach the guardian at {}: {e} (is `earshot serve` running, and are \
                     you in its group?)",
                    p.display()
                )
            })?;
            let r = s
                .try_clone()
                .map_err(|e| format!("cannot use the guardian's socket: {e}"))?;
            Ok(Link {
                reader: Box::new(r),
                writer: Box::new(s),
                child: None,
            })
        }
        Target::Ssh { dest, port } => {
            let mut cmd = Process::new("ssh");
            cmd.arg("-T");
            if let Some(p) = port {
                cmd.arg("-p").arg(p.to_string());
            }
            cmd.arg("--")
                .arg(dest)
                .arg("earshot")
                .arg("dial-stdio")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit());
            let mut child = cmd
                .spawn()
                .map_err(|e| format!("cannot run ssh to reach {dest}: {e}"))?;
            let (Some(w), Some(r)) = (child.stdin.take(), child.stdout.take()) else {
                return Err("ssh gave no streams to talk through".into());
            };
            Ok(Link {
                reader: Box::new(r),
                writer: Box::new(w),
                child: Some(child),
            })
        }
    }
}

/// Runs the command on the guardian; returns the exit code to leave with.
pub fn run(t: &Target, cli: &Cli, args: Vec<String>) -> i32 {
    match run_inner(t, cli, args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("earshot: {e}");
            1
        }
    }
}

fn run_inner(t: &Target, cli: &Cli, args: Vec<String>) -> Result<i32, String> {
    // A session's sound device is opened before the guardian debits anything.
    let mut player = match &cli.command {
        Some(Command::Preview(a)) if a.sink == SinkArg::Default => Some(open_player()?),
        Some(Command::Play(a)) if a.sink == SinkArg::Default => Some(open_player()?),
        _ => None,
    };
    // A document's own `--lang` is not the language of the person at the terminal.
    let flag = cli.lang.as_deref().filter(|_| !cli.lang_is_the_documents());
    let lang = crate::core::lang::Lang::detect(flag, &|k| std::env::var(k).ok());
    let accept = accepted(t, std::env::var(STREAM_VAR).ok().as_deref())?;
    let mut link = connect(t)?;
    let hello = Hello {
        version: VERSION,
        argv: args.clone(),
        lang: lang.code().to_string(),
        stdin_tty: io::stdin().is_terminal(),
        stderr_tty: io::stderr().is_terminal(),
        accept,
    };
    // A guardian that refuses at once (a flood) may close before reading this; what it said
    // is still there to read.
    let said_hello = Up::Hello(hello).write(&mut link.writer);
    let (tx, rx) = mpsc::channel();
    let mut reader = std::mem::replace(&mut link.reader, Box::new(io::empty()));
    std::thread::Builder::new()
        .name("earshot-guardian-reader".into())
        .spawn(move || {
            while let Ok(Some(f)) = Down::read(&mut reader) {
                if tx.send(f).is_err() {
                    return;
                }
            }
        })
        .map_err(|e| format!("cannot start: {e}"))?;
    crate::signals::install();
    let mut interrupted = false;
    let mut reported = 0u64;
    // Parts of a file to write that came before its `WriteFile`.
    let mut pending: Vec<u8> = Vec::new();
    let code = loop {
        if !interrupted && crate::signals::stop_requested() {
            interrupted = true;
            let _ = Up::Interrupt(crate::signals::last_signal()).write(&mut link.writer);
        }
        if let Some(p) = &player {
            let ms = p.played_ms();
            if ms != reported {
                reported = ms;
                let _ = Up::Played(ms).write(&mut link.writer);
            }
        }
        let f = match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(f) => f,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => {
                break Err(match &said_hello {
                    Err(e) => format!("cannot talk to the guardian: {e}"),
                    Ok(()) => {
                        "the guardian closed the connection before the command finished".into()
                    }
                });
            }
        };
        let reply = match f {
            Down::Out(b) => {
                let mut o = io::stdout().lock();
                let _ = o.write_all(&b);
                let _ = o.flush();
                None
            }
            Down::Err(b) => {
                let mut e = io::stderr().lock();
                let _ = e.write_all(&b);
                let _ = e.flush();
                None
            }
            Down::NeedLine => Some(Up::Line(read_line())),
            Down::AskSecret(prompt) => Some(Up::Secret(if io::stdin().is_terminal() {
                rpassword::prompt_password(prompt).map_err(|e| e.to_string())
            } else {
                Err("no terminal to type it at (give it with --pin-stdin)".into())
            })),
            Down::NeedFile(p) => {
                send_file(&mut link.writer, &p, &args)?;
                None
            }
            Down::WriteChunk(b) => {
                if pending.len() + b.len() > MAX_FILE {
                    return Err("the guardian sent a file larger than a client accepts".into());
                }
                pending.extend_from_slice(&b);
                None
            }
            Down::WriteFile { path, force, bytes } => {
                let mut whole = std::mem::take(&mut pending);
                whole.extend_from_slice(&bytes);
                Some(Up::Written(write_file(&path, force, &whole, &args)))
            }
            Down::CheckWritable { paths, force } => Some(Up::Written(
                paths
                    .iter()
                    .try_for_each(|p| check_writable(p, force, &args)),
            )),
            Down::AudioStart(fmt) => {
                let p = match player.as_mut() {
                    Some(p) => p,
                    None => player.insert(open_player()?),
                };
                p.start(fmt.rate, fmt.channels, fmt.encoding)
                    .map_err(|e| format!("the sound device failed: {e}"))?;
                reported = 0;
                None
            }
            Down::Audio(piece) => {
                if let Some(p) = player.as_mut() {
                    p.push(&piece)
                        .map_err(|e| format!("the guardian's sound cannot be played: {e}"))?;
                }
                None
            }
            Down::AudioEnd => {
                if let Some(p) = player.as_mut() {
                    p.end();
                }
                None
            }
            Down::Exit(code) => break Ok(code),
            // A terminal UI's answers never come to a command.
            Down::TuiPart(_) | Down::Tui(_) => None,
        };
        if let Some(r) = reply {
            r.write(&mut link.writer)
                .map_err(|e| format!("cannot answer the guardian: {e}"))?;
        }
    };
    if let Some(mut p) = player {
        p.stop();
    }
    if let Some(mut c) = link.child.take() {
        drop(link.writer);
        let _ = c.wait();
    }
    code
}

fn open_player() -> Result<StreamPlayer, String> {
    StreamPlayer::open(false).map_err(|e| format!("{e}; nothing was played or debited"))
}

fn read_line() -> Option<String> {
    let mut line = String::new();
    match io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
    }
}

/// Whether the command line named `p` (as an argument, or as `--flag=p`).
fn named(p: &Path, args: &[String]) -> bool {
    let Some(s) = p.to_str() else {
        return false;
    };
    args.iter()
        .any(|a| a == s || a.split_once('=').is_some_and(|(_, v)| v == s))
}

/// A file the guardian may write: named on the command line, or in a folder named there (an
/// `--out DIR`), or in the current folder.
fn writable_here(p: &Path, args: &[String]) -> bool {
    named(p, args)
        || match p.parent() {
            Some(d) if d.as_os_str().is_empty() || d == Path::new(".") => true,
            Some(d) => named(d, args),
            None => false,
        }
}

fn send_file(w: &mut dyn Write, p: &Path, args: &[String]) -> Result<(), String> {
    let result = read_named(p, args);
    let io_err = |e: io::Error| format!("cannot send a file to the guardian: {e}");
    match result {
        Ok(bytes) => {
            for c in bytes.chunks(1 << 20) {
                Up::FileChunk(c.to_vec()).write(w).map_err(io_err)?;
            }
            Up::FileEnd(Ok(())).write(w).map_err(io_err)
        }
        Err(e) => Up::FileEnd(Err(e)).write(w).map_err(io_err),
    }
}

fn read_named(p: &Path, args: &[String]) -> Result<Vec<u8>, String> {
    if !named(p, args) {
        return Err("the guardian asked for a file you did not name; refused".into());
    }
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(p)
        .map_err(|e| e.to_string())?;
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a file (a pipe, a device or a folder cannot be sent)".into());
    }
    if meta.len() > MAX_FILE as u64 {
        return Err(format!(
            "larger than the {} MiB a client may send",
            MAX_FILE >> 20
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(MAX_FILE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

pub(crate) fn check_writable(p: &Path, force: bool, args: &[String]) -> Result<(), String> {
    if !writable_here(p, args) {
        return Err(format!(
            "the guardian asked to write {}, which you did not name; refused",
            p.display()
        ));
    }
    if p.is_dir() {
        return Err(format!("{} is a directory", p.display()));
    }
    if !force && p.symlink_metadata().is_ok() {
        return Err(format!(
            "{} already exists (use --force to replace it)",
            p.display()
        ));
    }
    Ok(())
}

pub(crate) fn write_file(
    p: &Path,
    force: bool,
    bytes: &[u8],
    args: &[String],
) -> Result<(), String> {
    check_writable(p, force, args)?;
    if let Some(d) = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.is_dir())
    {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(d)
            .map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    let mut o = OpenOptions::new();
    o.write(true).mode(0o600).custom_flags(libc::O_NOFOLLOW);
    if force {
        o.create(true).truncate(true);
    } else {
        o.create_new(true);
    }
    let mut f = o
        .open(p)
        .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", p.display()))
}

/// `earshot dial-stdio`: copies standard input to the guardian's socket and the socket to
/// standard output, for a client that came in over SSH. The guardian sees this process, so
/// this user: the SSH login.
pub fn dial_stdio(socket: &Path) -> i32 {
    let s = match UnixStream::connect(socket) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "earshot: cannot reach the guardian at {}: {e}",
                socket.display()
            );
            return 1;
        }
    };
    let Ok(mut up) = s.try_clone() else {
        eprintln!("earshot: cannot use the guardian's socket");
        return 1;
    };
    std::thread::spawn(move || {
        let _ = io::copy(&mut io::stdin().lock(), &mut up);
        let _ = up.shutdown(std::net::Shutdown::Write);
    });
    let mut down = s;
    match relay(&mut down, &mut io::stdout().lock()) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// Copies `from` to `to` until the end, flushing after every read: standard output is
/// line-buffered, and a frame that holds no newline must not wait in the buffer for the next.
fn relay(from: &mut dyn Read, to: &mut dyn Write) -> io::Result<()> {
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        to.write_all(&buf[..n])?;
        to.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_options_that_choose_the_guardian_are_not_forwarded() {
        assert_eq!(
            forwarded_args(v(&[
                "--socket",
                "/s",
                "queue",
                "--host=ssh://a@b",
                "--json"
            ])),
            v(&["queue", "--json"])
        );
        assert_eq!(
            forwarded_args(v(&["use", "--", "--socket"])),
            v(&["use", "--", "--socket"])
        );
    }

    #[test]
    fn opus_is_asked_for_over_ssh_and_pcm_on_a_socket_unless_the_variable_says() {
        let ssh = parse_host("ssh://wim@server").unwrap();
        let sock = Target::Socket("/run/earshot/earshot.sock".into());
        let both = vec![Encoding::Opus, Encoding::Pcm16];
        assert_eq!(accepted(&ssh, None), Ok(both.clone()));
        assert_eq!(accepted(&sock, None), Ok(vec![Encoding::Pcm16]));
        assert_eq!(accepted(&sock, Some("opus")), Ok(both));
        assert_eq!(accepted(&ssh, Some("pcm")), Ok(vec![Encoding::Pcm16]));
        assert_eq!(accepted(&ssh, Some("")), accepted(&ssh, None));
        assert!(
            accepted(&ssh, Some("flac"))
                .unwrap_err()
                .contains("EARSHOT_STREAM")
        );
    }

    #[test]
    fn hosts_are_ssh_urls_and_nothing_else() {
        assert_eq!(
            parse_host("ssh://wim@server:2222"),
            Ok(Target::Ssh {
                dest: "wim@server".into(),
                port: Some(2222)
            })
        );
        assert!(parse_host("server").is_err());
        assert!(parse_host("ssh://-oProxyCommand=x").is_err());
        assert!(parse_host("ssh://a@b:notaport").is_err());
    }

    #[test]
    fn only_files_named_on_the_command_line_are_read_or_written() {
        let args = v(&["import", "a.ogg", "--summary-file=s.txt", "--out", "out"]);
        assert!(named(Path::new("a.ogg"), &args));
        assert!(named(Path::new("s.txt"), &args));
        assert!(!named(Path::new("/etc/shadow"), &args));
        assert!(writable_here(Path::new("out/cert.md"), &args));
        assert!(writable_here(Path::new("./cert.md"), &args));
        assert!(!writable_here(Path::new("/home/x/.bashrc"), &args));
        assert!(read_named(Path::new("/etc/hostname"), &args).is_err());
    }
}
