//! `earshot serve`: the guardian. It alone opens the store and its key; clients connect to its
//! Unix socket, the kernel tells it who they are (SO_PEERCRED), and each client's command runs
//! here, through the same code as in single-user mode, as that user and no other.

use std::collections::HashMap;
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;

use super::frame::{self, Down, Hello, Up};
use super::os;
use super::tap::ClientTap;
use super::tui_session;
use crate::cli::args::{Cli, Command};
use crate::cli::io::{Conduit, Guarded};
use crate::cli::{self, Failure};
use crate::core::lang::Lang;
use crate::store::{self, Store};

/// How the guardian is started.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub socket: PathBuf,
    /// The group whose members may connect (the socket is 0660 and this group's).
    pub group: Option<String>,
    pub store_dir: PathBuf,
    /// The PostgreSQL database that holds the store (`--database`), or none for the embedded
    /// one in `store_dir`.
    pub database: Option<String>,
    /// The team whose store in that database this guardian serves (`--team`).
    pub team: Option<String>,
    pub key_file: Option<PathBuf>,
    /// At most this many connections at once from one user; more are refused at once, and
    /// the others keep being served (`--max-per-user`, default
    /// [`args::MAX_PER_USER`](crate::cli::args::MAX_PER_USER)).
    pub max_per_user: usize,
    /// At most this many commands per user in any [`RATE_WINDOW`] (`--rate-per-user`, default
    /// [`args::RATE_PER_USER`](crate::cli::args::RATE_PER_USER)).
    pub rate_per_user: usize,
    /// How often the log's checkpoint is signed and kept (`--checkpoint-every-s`).
    pub checkpoint_every: Duration,
}

/// The window of [`ServeOptions::rate_per_user`].
pub const RATE_WINDOW: Duration = Duration::from_secs(10);
/// How long a client may take to say hello, and to answer a question.
const HELLO_WAIT: Duration = Duration::from_secs(30);
const ANSWER_WAIT: Duration = Duration::from_secs(600);

/// Per-user counts for the flood limit.
struct Limits {
    max_open: usize,
    rate: usize,
    by_uid: Mutex<HashMap<u32, (usize, Vec<Instant>)>>,
}

impl Limits {
    /// Takes a slot for `uid`, or says why not.
    fn enter(&self, uid: u32) -> Result<(), String> {
        let mut m = self
            .by_uid
            .lock()
            .map_err(|_| "the guardian is shutting down")?;
        let (open, recent) = m.entry(uid).or_default();
        let now = Instant::now();
        recent.retain(|t| now.duration_since(*t) < RATE_WINDOW);
        if *open >= self.max_open {
            return Err(format!(
                "you have {} commands running on the guardian already; wait for one to finish",
                self.max_open
            ));
        }
        if recent.len() >= self.rate {
            return Err(format!(
                "too many commands from you ({} in {} s); try again in a moment",
                self.rate,
                RATE_WINDOW.as_secs()
            ));
        }
        *open += 1;
        recent.push(now);
        Ok(())
    }

    fn leave(&self, uid: u32) {
        if let Ok(mut m) = self.by_uid.lock()
            && let Some((open, _)) = m.get_mut(&uid)
        {
            *open = open.saturating_sub(1);
        }
    }
}

/// Keeps the guardian's memory to what its clients use now. A thread per connection would
/// otherwise get a malloc arena of its own (up to eight per core), and each large block freed
/// (an Argon2 PIN check takes 19 MiB) would stay in its arena: 50 clients with previews grew
/// the guardian past 600 MB. Large blocks are now mapped and given back when freed.
fn bound_memory() {
    #[cfg(target_env = "gnu")]
    // SAFETY: mallopt only sets the allocator's parameters; called before any client thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
    }
}

/// Checks that the store and key are the guardian's alone, binds the socket and serves until
/// SIGTERM or SIGINT. Prints `listening on PATH` on standard output once clients can connect.
pub fn serve(opts: &ServeOptions) -> Result<(), String> {
    bound_memory();
    let store = match &opts.database {
        Some(url) => Store::open_database(
            url,
            opts.team.as_deref(),
            &opts.store_dir,
            opts.key_file.as_deref(),
            store::system_clock(),
        ),
        None => {
            os::check_private(&opts.store_dir, "the store folder")?;
            let db = opts.store_dir.join("earshot.db");
            os::check_private(&db, "the store's database")?;
            Store::open(
                &opts.store_dir,
                opts.key_file.as_deref(),
                store::system_clock(),
            )
        }
    }
    .map_err(|e| e.to_string())?;
    if opts.database.is_some() {
        // The working folder, made (private) by the open when it was missing.
        os::check_private(&opts.store_dir, "the store folder")?;
    }
    os::check_private(store.key_path(), "the key file")?;
    if let Some(epoch) = store.current_key_file().map_err(|e| e.to_string())? {
        os::check_private(&epoch, "the key file of the current key epoch")?;
    }
    let listener = bind(&opts.socket, opts.group.as_deref())?;
    crate::signals::install();
    // Changes that other guardians on the database commit wake this one's watchers too.
    if let Some(url) = opts.database.clone() {
        let team = opts.team.clone();
        let _ = std::thread::Builder::new()
            .name("earshot-listen".into())
            .spawn(move || {
                store::backend::pg::listen_for_changes(&url, team.as_deref(), || {
                    cli::io::changed();
                    true
                })
            });
    }
    println!("listening on {}", opts.socket.display());
    let _ = io::stdout().flush();
    let held_in = match store.database_shown() {
        Some(db) => format!("{} in {db}", opts.store_dir.display()),
        None => opts.store_dir.display().to_string(),
    };
    eprintln!(
        "earshot guardian: store {} (uid {}), socket {}",
        held_in,
        os::euid(),
        opts.socket.display()
    );
    let base = Arc::new(Mutex::new(store));
    let limits = Arc::new(Limits {
        max_open: opts.max_per_user.max(1),
        rate: opts.rate_per_user.max(1),
        by_uid: Mutex::default(),
    });
    // The log is signed at start, every `checkpoint_every` while it grows, and at stop: a copy
    // of the store put back from before a signed checkpoint does not open.
    let mut signed = Instant::now();
    sign_checkpoint(&base);
    // Key epochs whose time has come are retired (and a deletion that could not make its own
    // epoch gets one): at start and as often as the log is signed.
    key_maintenance(&base);
    while !crate::signals::stop_requested() {
        if signed.elapsed() >= opts.checkpoint_every {
            sign_checkpoint(&base);
            key_maintenance(&base);
            signed = Instant::now();
        }
        if !readable(&listener, 200) {
            continue;
        }
        match listener.accept() {
            Ok((stream, _)) => {
                let base = Arc::clone(&base);
                let limits = Arc::clone(&limits);
                let spawned = std::thread::Builder::new()
                    .name("earshot-client".into())
                    .spawn(move || connection(stream, &base, &limits));
                if let Err(e) = spawned {
                    eprintln!("earshot guardian: cannot start a client thread: {e}");
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => eprintln!("earshot guardian: accept failed: {e}"),
        }
    }
    let _ = std::fs::remove_file(&opts.socket);
    sign_checkpoint(&base);
    eprintln!("earshot guardian: stopped");
    Ok(())
}

/// Signs a checkpoint of the log and keeps it (when it grew since the last one kept); a
/// failure is said in the journal and tried again next time.
fn sign_checkpoint(base: &Mutex<Store>) {
    let Ok(store) = base.lock() else {
        return;
    };
    if let Err(e) = store.audit_checkpoint() {
        eprintln!("earshot guardian: {e}");
    }
}

/// Retires the key epochs that may be retired, and rotates when a deletion's own rotation
/// could not be made, as the guardian's own login; what it did and what failed go to the
/// journal, and a failure is tried again next time.
fn key_maintenance(base: &Mutex<Store>) {
    let Ok(store) = base.lock() else {
        return;
    };
    let me = os::login_of(os::euid()).unwrap_or_else(|| store::keys::KEYS_ACTOR.to_string());
    match store.key_maintenance(&me) {
        Ok(done) => {
            if let Some(e) = done.rotated {
                eprintln!("earshot guardian: key epoch {e} made after a deletion");
            }
            for e in done.retired {
                eprintln!("earshot guardian: key epoch {e} retired (its key file destroyed)");
            }
        }
        Err(e) => eprintln!("earshot guardian: key epochs: {e}"),
    }
}

/// Waits up to `ms` for a connection to accept.
fn readable(l: &UnixListener, ms: i32) -> bool {
    let mut p = libc::pollfd {
        fd: l.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one pollfd, ours, for the duration of the call.
    unsafe { libc::poll(&mut p, 1, ms) > 0 }
}

/// Binds the socket: refuses an unsafe folder or a path that is something else; replaces a
/// socket nobody listens on any more; 0660 and the given group.
fn bind(path: &Path, group: Option<&str>) -> Result<UnixListener, String> {
    os::check_socket_dir(path)?;
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if !m.file_type().is_socket() {
            return Err(format!(
                "{} exists and is not a socket; refusing to replace it",
                path.display()
            ));
        }
        if UnixStream::connect(path).is_ok() {
            return Err(format!(
                "another guardian is listening on {} already",
                path.display()
            ));
        }
        std::fs::remove_file(path)
            .map_err(|e| format!("cannot remove the old socket {}: {e}", path.display()))?;
    }
    let l = UnixListener::bind(path)
        .map_err(|e| format!("cannot listen on {}: {e}", path.display()))?;
    l.set_nonblocking(true)
        .map_err(|e| format!("cannot listen on {}: {e}", path.display()))?;
    if let Some(g) = group {
        let gid = os::gid_of(g).ok_or_else(|| {
            format!("there is no group '{g}' on this machine (create it, or pass --group)")
        })?;
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|_| "the socket path holds a NUL byte".to_string())?;
        // SAFETY: chown on a NUL-terminated path we own; uid -1 leaves the owner.
        if unsafe { libc::chown(c.as_ptr(), u32::MAX, gid) } != 0 {
            return Err(format!(
                "cannot give the socket to group '{g}': {}",
                io::Error::last_os_error()
            ));
        }
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))
        .map_err(|e| format!("cannot set the socket's mode: {e}"))?;
    Ok(l)
}

/// What the reader thread hands the command.
enum Answer {
    Line(Option<String>),
    Secret(Result<String, String>),
    Chunk(Vec<u8>),
    FileEnd(Result<(), String>),
    Written(Result<(), String>),
    /// A terminal UI's request (JSON).
    Tui(Vec<u8>),
}

/// The client's end of one connection, as the command sees it.
struct Client {
    writer: Arc<Mutex<UnixStream>>,
    answers: Mutex<Receiver<Answer>>,
    /// The signal the client forwarded; 1 (SIGHUP) when it went away.
    interrupt: Arc<AtomicI32>,
    /// Milliseconds of the current audio stream the client says reached its device.
    played: Arc<AtomicU64>,
    gone: Arc<AtomicBool>,
    hello: Hello,
}

impl Client {
    fn send(&self, f: &Down) -> io::Result<()> {
        let mut w = self
            .writer
            .lock()
            .map_err(|_| io::Error::other("the connection's writer failed"))?;
        f.write(&mut *w)
    }

    fn answer(&self) -> io::Result<Answer> {
        let rx = self
            .answers
            .lock()
            .map_err(|_| io::Error::other("the connection's reader failed"))?;
        match rx.recv_timeout(ANSWER_WAIT) {
            Ok(a) => Ok(a),
            Err(RecvTimeoutError::Timeout) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client did not answer",
            )),
            Err(RecvTimeoutError::Disconnected) => Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "the client went away",
            )),
        }
    }

    fn unexpected() -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "the client answered out of turn",
        )
    }
}

impl Conduit for Client {
    /// Output larger than a frame (a whole queue as JSON) travels as several frames; the
    /// client writes them out in order, as one.
    fn out(&self, bytes: &[u8]) -> io::Result<()> {
        for c in bytes.chunks(frame::MAX_FRAME) {
            self.send(&Down::Out(c.to_vec()))?;
        }
        Ok(())
    }
    fn err(&self, bytes: &[u8]) -> io::Result<()> {
        for c in bytes.chunks(frame::MAX_FRAME) {
            self.send(&Down::Err(c.to_vec()))?;
        }
        Ok(())
    }
    fn stdin_is_terminal(&self) -> bool {
        self.hello.stdin_tty
    }
    fn stderr_is_terminal(&self) -> bool {
        self.hello.stderr_tty
    }
    fn read_line(&self) -> io::Result<Option<String>> {
        self.send(&Down::NeedLine)?;
        match self.answer()? {
            Answer::Line(l) => Ok(l),
            _ => Err(Self::unexpected()),
        }
    }
    fn ask_secret(&self, prompt: &str) -> io::Result<String> {
        self.send(&Down::AskSecret(prompt.to_string()))?;
        match self.answer()? {
            Answer::Secret(s) => s.map_err(io::Error::other),
            _ => Err(Self::unexpected()),
        }
    }
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.send(&Down::NeedFile(path.to_path_buf()))?;
        let mut bytes = Vec::new();
        loop {
            match self.answer()? {
                Answer::Chunk(c) => {
                    if bytes.len() + c.len() > frame::MAX_FILE {
                        return Err(io::Error::other(format!(
                            "larger than the {} MiB a client may send",
                            frame::MAX_FILE >> 20
                        )));
                    }
                    bytes.extend_from_slice(&c);
                }
                Answer::FileEnd(Ok(())) => return Ok(bytes),
                Answer::FileEnd(Err(e)) => return Err(io::Error::other(e)),
                _ => return Err(Self::unexpected()),
            }
        }
    }
    fn write_file(&self, path: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
        frame::send_file_to_write(&self.writer, path, bytes, force)?;
        match self.answer()? {
            Answer::Written(r) => r.map_err(io::Error::other),
            _ => Err(Self::unexpected()),
        }
    }
    fn check_writable(&self, paths: &[&Path], force: bool) -> io::Result<()> {
        self.send(&Down::CheckWritable {
            paths: paths.iter().map(|p| p.to_path_buf()).collect(),
            force,
        })?;
        match self.answer()? {
            Answer::Written(r) => r.map_err(io::Error::other),
            _ => Err(Self::unexpected()),
        }
    }
    fn interrupted(&self) -> Option<i32> {
        match self.interrupt.load(Ordering::SeqCst) {
            0 => None,
            s => Some(s),
        }
    }
}

/// Serves one connection: who it is, what it asks, the answer.
fn connection(stream: UnixStream, base: &Arc<Mutex<Store>>, limits: &Limits) {
    let uid = match os::peer_uid(&stream) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("earshot guardian: a connection without credentials was dropped: {e}");
            return;
        }
    };
    if let Err(why) = limits.enter(uid) {
        let _ = refuse(&stream, 1, &why);
        return;
    }
    served(stream, uid, base);
    limits.leave(uid);
}

fn refuse(stream: &UnixStream, code: i32, why: &str) -> io::Result<()> {
    let mut w = stream;
    Down::Err(format!("earshot: {why}\n").into_bytes()).write(&mut w)?;
    Down::Exit(code).write(&mut w)
}

fn served(stream: UnixStream, uid: u32, base: &Arc<Mutex<Store>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(HELLO_WAIT));
    let hello = match Up::read(&mut &stream) {
        Ok(Some(Up::Hello(h))) if h.version == frame::VERSION => h,
        Ok(Some(Up::Hello(h))) => {
            let _ = refuse(
                &stream,
                2,
                &in_lang(
                    client_lang(&h),
                    format!(
                        "deze bewaker spreekt protocol {}, de client {}: gebruik aan beide kanten \
                         dezelfde earshot",
                        frame::VERSION,
                        h.version
                    ),
                    format!(
                        "this guardian speaks protocol {}, the client {}: use the same earshot on both",
                        frame::VERSION,
                        h.version
                    ),
                ),
            );
            return;
        }
        _ => return,
    };
    let _ = stream.set_read_timeout(None);
    let store = match base.lock() {
        Ok(b) => b.reopen(store::system_clock()),
        Err(_) => return,
    };
    let mut store = match store {
        Ok(s) => s,
        Err(e) => {
            let _ = refuse(&stream, 1, &e.text(client_lang(&hello)));
            return;
        }
    };
    // Who is asking is the kernel's word, checked against the roster.
    let login = os::login_of(uid);
    let user = match login.as_deref().map(|l| store.user(l)) {
        Some(Ok(u)) => u,
        // The roster could not be read (the database is gone for a moment): the client is
        // told so, and is not taken for a stranger.
        Some(Err(e)) if !matches!(e, store::StoreError::BadInput(_)) => {
            let text = e.text(client_lang(&hello));
            let _ = refuse(&stream, Failure::from(e).code(), &text);
            return;
        }
        _ => {
            let shown = login.clone().unwrap_or_else(|| format!("uid:{uid}"));
            if let Err(e) = store.log_stranger(&shown, uid) {
                eprintln!("earshot guardian: cannot log a refused connection: {e}");
            }
            let _ = refuse(
                &stream,
                3,
                &in_lang(
                    client_lang(&hello),
                    format!(
                        "{shown} hoort niet bij het team van deze opslag; een teamleider kan je \
                         toevoegen met `earshot team add {shown} --role worker`"
                    ),
                    format!(
                        "{shown} is not on this store's team; a team leader can add you with \
                         `earshot team add {shown} --role worker`"
                    ),
                ),
            );
            return;
        }
    };
    drop(store);
    let code = match run_for(&stream, hello, &user.name, base) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "earshot guardian: a connection of {} failed: {e}",
                user.name
            );
            return;
        }
    };
    let mut w = &stream;
    let _ = Down::Exit(code).write(&mut w);
}

/// Parses the client's command line and runs it as `user`; returns the exit code.
fn run_for(
    stream: &UnixStream,
    hello: Hello,
    user: &str,
    base: &Arc<Mutex<Store>>,
) -> io::Result<i32> {
    let lang = client_lang(&hello);
    let (tx, rx) = mpsc::channel();
    let interrupt = Arc::new(AtomicI32::new(0));
    let played = Arc::new(AtomicU64::new(0));
    let gone = Arc::new(AtomicBool::new(false));
    let reader = stream.try_clone()?;
    {
        let interrupt = Arc::clone(&interrupt);
        let played = Arc::clone(&played);
        let gone = Arc::clone(&gone);
        std::thread::Builder::new()
            .name("earshot-client-reader".into())
            .spawn(move || read_client(reader, tx, &interrupt, &played, &gone))?;
    }
    let client = Rc::new(Client {
        writer: Arc::new(Mutex::new(stream.try_clone()?)),
        answers: Mutex::new(rx),
        interrupt,
        played,
        gone,
        hello: hello.clone(),
    });
    let mut argv = vec!["earshot".to_string()];
    argv.extend(hello.argv.iter().cloned());
    let cli = match Cli::try_parse_from(&argv) {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let text = e.render().to_string();
            if code == 0 {
                client.out(text.as_bytes())?;
            } else {
                client.err(text.as_bytes())?;
            }
            return Ok(code);
        }
    };
    // The guardian's own environment fills in EARSHOT_STORE; only the client's words count.
    let names = |flag: &str| {
        hello
            .argv
            .iter()
            .take_while(|a| *a != "--")
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    if names("--templates") {
        // A folder named by a client would be opened here, as the guardian, links and all.
        let why = in_lang(
            lang,
            "een client van de bewaker kan geen map met sjablonen kiezen; de sjablonen van het \
             team zijn die van de bewaker (EARSHOT_TEMPLATES in zijn dienst)",
            "a client of the guardian cannot name a template folder; the team's templates are \
             the guardian's (EARSHOT_TEMPLATES in its service)",
        );
        client.err(format!("earshot: {why}\n").as_bytes())?;
        return Ok(2);
    }
    if let Some(why) = not_here(
        &cli,
        names("--store") || names("--database") || names("--team"),
        lang,
    ) {
        client.err(format!("earshot: {why}\n").as_bytes())?;
        return Ok(2);
    }
    let tap = {
        let writer = Arc::clone(&client.writer);
        let played = Arc::clone(&client.played);
        let gone = Arc::clone(&client.gone);
        let opus_ok = hello.accept.contains(&frame::Encoding::Opus);
        move || -> Box<dyn crate::audio::Tap> {
            Box::new(ClientTap::new(
                Arc::clone(&writer),
                Arc::clone(&played),
                Arc::clone(&gone),
                opus_ok,
            ))
        }
    };
    if matches!(cli.command, None | Some(Command::Tui)) {
        return tui_for(client, user, lang, base, Box::new(tap));
    }
    let opener = {
        let base = Arc::clone(base);
        move || -> Result<Store, store::StoreError> {
            base.lock()
                .map_err(|_| store::StoreError::Setup(store::StoreMsg::GuardianStopping.into()))?
                .reopen(store::system_clock())
        }
    };
    let g = Guarded {
        user: user.to_string(),
        lang,
        conduit: client.clone(),
        open: Box::new(opener),
    };
    // Quick reads and writes take turns in a few slots: under a flood of them the guardian
    // holds a few store handles' memory, not one per client. Commands that may last (sound,
    // waiting for an approval, watching) never wait for a slot.
    let _slot = quick(&cli).then(|| QUICK_SLOTS.take());
    let outcome = crate::session::with_client_tap(Box::new(tap), || {
        cli::io::run_guarded(g, || cli::run(&cli))
    });
    // Whatever the command changed, watchers look now.
    cli::io::changed();
    Ok(match outcome {
        Ok(()) => 0,
        Err(f) => {
            report(&client, cli.json, &f);
            f.code()
        }
    })
}

/// At most this many requests a second from one terminal UI; more are dropped (a UI sends a
/// few per key press).
const TUI_REQUESTS_PER_S: usize = 50;

/// Runs a terminal UI's worker for `user` on this connection (see [`tui_session`]).
fn tui_for(
    client: Rc<Client>,
    user: &str,
    lang: crate::core::lang::Lang,
    base: &Arc<Mutex<Store>>,
    tap: crate::session::TapMaker,
) -> io::Result<i32> {
    let client =
        Rc::try_unwrap(client).map_err(|_| io::Error::other("the connection is still in use"))?;
    let answers = client
        .answers
        .into_inner()
        .map_err(|_| io::Error::other("the connection's reader failed"))?;
    let store = base
        .lock()
        .map_err(|_| io::Error::other("the guardian is shutting down"))?
        .reopen(store::system_clock())
        .map_err(|e| io::Error::other(e.text(lang)))?;
    let (req_tx, req_rx) = mpsc::channel();
    // The client's answers to the files a grant writes on its machine go to the worker.
    let (written_tx, written_rx) = mpsc::channel();
    let who = user.to_string();
    std::thread::Builder::new()
        .name("earshot-tui-requests".into())
        .spawn(move || {
            let mut recent: std::collections::VecDeque<Instant> = Default::default();
            for a in answers.iter() {
                if let Answer::Written(r) = a {
                    let _ = written_tx.send(r);
                    continue;
                }
                // Anything else but a UI request is out of turn here, and ignored.
                let Answer::Tui(b) = a else { continue };
                let req = match serde_json::from_slice::<crate::tui::app::Request>(&b) {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!("earshot guardian: {who}'s terminal UI sent a bad request: {e}");
                        return;
                    }
                };
                let now = Instant::now();
                while recent
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
                {
                    recent.pop_front();
                }
                let shutdown = req == crate::tui::app::Request::Shutdown;
                if !shutdown && recent.len() >= TUI_REQUESTS_PER_S {
                    continue;
                }
                recent.push_back(now);
                if req_tx.send(req).is_err() || shutdown {
                    return;
                }
            }
            // The client went away: dropping `req_tx` ends the worker, which closes any
            // session it had open.
        })?;
    tui_session::serve(client.writer, req_rx, written_rx, user, lang, store, tap)
}

/// How many quick commands run at once (the rest wait their turn, in a few milliseconds).
const QUICK_AT_ONCE: usize = 4;

static QUICK_SLOTS: store::slots::Slots = store::slots::Slots::new(QUICK_AT_ONCE);

/// A command that reads or writes a little and ends: never one that plays sound, waits for
/// a lead's answer or watches.
fn quick(cli: &Cli) -> bool {
    matches!(
        cli.command,
        Some(Command::Show { .. } | Command::Queue { .. } | Command::Whoami | Command::Describe(_))
    )
}

/// What a client may not ask the guardian for.
fn not_here(cli: &Cli, named_store: bool, lang: Lang) -> Option<String> {
    let (nl, en) = if named_store {
        (
            "een client van de bewaker kan de opslag niet kiezen; laat --store, --database en \
             --team (en EARSHOT_STORE) weg",
            "a client of the guardian cannot choose the store; drop --store, --database and \
             --team (and EARSHOT_STORE)",
        )
    } else {
        match &cli.command {
            Some(Command::Demo { .. }) => (
                "doe de demo op je eigen computer: `earshot demo`",
                "run the demo on your own machine: `earshot demo`",
            ),
            Some(Command::Init { .. }) => (
                "de opslag bestaat al; `init` wordt één keer gedaan, als de gebruiker van de \
                 bewaker",
                "the store exists already; `init` is run once, as the guardian's user",
            ),
            Some(Command::Serve { .. })
            | Some(Command::DialStdio { .. })
            | Some(Command::Migrate { .. }) => (
                "die opdracht is niet voor de bewaker",
                "that command is not for the guardian to run",
            ),
            Some(Command::VerifyProof { .. }) => (
                "bewijzen worden op je eigen computer gecontroleerd, zonder bewaker: laat \
                 --socket weg",
                "proofs are checked on your own machine, with no guardian: drop --socket",
            ),
            _ => return None,
        }
    };
    Some(in_lang(lang, nl, en))
}

/// The language the client runs in, as its hello says (English when it says none we know).
fn client_lang(hello: &Hello) -> Lang {
    hello.lang.parse().unwrap_or(Lang::En)
}

/// The words for the client in its language.
fn in_lang(lang: Lang, nl: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Nl => nl.into(),
        Lang::En => en.into(),
    }
}

/// A failure, as the command line prints it: a JSON document on standard output with
/// `--json` (unless the command printed its own outcome), and one sentence on standard error.
fn report(c: &Client, json: bool, f: &Failure) {
    if json && !f.reported() {
        let v = serde_json::json!({ "error": f.message(), "exit": f.code() });
        let _ = c.out(format!("{v}\n").as_bytes());
    }
    let _ = c.err(format!("earshot: {}\n", f.message()).as_bytes());
}

/// Reads the client's frames: answers go to the command, an interrupt sets the flag, and a
/// client that goes away counts as SIGHUP so that a running preview closes its accounting.
fn read_client(
    mut s: UnixStream,
    tx: mpsc::Sender<Answer>,
    interrupt: &AtomicI32,
    played: &AtomicU64,
    gone: &AtomicBool,
) {
    loop {
        let a = match Up::read(&mut s) {
            Ok(Some(Up::Interrupt(sig))) => {
                let _ = interrupt.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
                continue;
            }
            Ok(Some(Up::Played(ms))) => {
                played.fetch_max(ms, Ordering::SeqCst);
                continue;
            }
            Ok(Some(Up::Line(l))) => Answer::Line(l),
            Ok(Some(Up::Secret(x))) => Answer::Secret(x),
            Ok(Some(Up::FileChunk(c))) => Answer::Chunk(c),
            Ok(Some(Up::FileEnd(r))) => Answer::FileEnd(r),
            Ok(Some(Up::Written(r))) => Answer::Written(r),
            Ok(Some(Up::Tui(b))) => Answer::Tui(b),
            Ok(Some(Up::Hello(_))) | Ok(None) | Err(_) => {
                gone.store(true, Ordering::SeqCst);
                let _ =
                    interrupt.compare_exchange(0, libc::SIGHUP, Ordering::SeqCst, Ordering::SeqCst);
                return;
            }
        };
        if tx.send(a).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(stream: UnixStream) -> Client {
        let (_tx, rx) = mpsc::channel();
        Client {
            writer: Arc::new(Mutex::new(stream)),
            answers: Mutex::new(rx),
            interrupt: Arc::default(),
            played: Arc::default(),
            gone: Arc::default(),
            hello: Hello {
                version: frame::VERSION,
                argv: vec![],
                lang: "en".into(),
                stdin_tty: false,
                stderr_tty: false,
                accept: vec![],
            },
        }
    }

    #[test]
    fn output_larger_than_a_frame_reaches_the_client_whole() {
        let (ours, mut theirs) = UnixStream::pair().unwrap();
        let big: Vec<u8> = (0..frame::MAX_FRAME * 2 + 17)
            .map(|i| (i % 251) as u8)
            .collect();
        let sent = big.clone();
        let writer = std::thread::spawn(move || {
            let c = client(ours);
            c.out(&sent).unwrap();
            c.err(b"done\n").unwrap();
        });
        let mut got = Vec::new();
        let mut frames = 0;
        loop {
            match Down::read(&mut theirs).unwrap() {
                Some(Down::Out(b)) => {
                    assert!(b.len() <= frame::MAX_FRAME);
                    frames += 1;
                    got.extend_from_slice(&b);
                }
                Some(Down::Err(b)) => {
                    assert_eq!(b, b"done\n");
                    break;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        writer.join().unwrap();
        assert_eq!(frames, 3);
        assert!(got == big, "the output arrived changed");
    }

    #[test]
    fn a_file_larger_than_a_frame_goes_in_parts_and_is_written_whole() {
        let (ours, theirs) = UnixStream::pair().unwrap();
        let big: Vec<u8> = (0..frame::MAX_FRAME + 3_000_017)
            .map(|i| (i % 241) as u8)
            .collect();
        let sent = big.clone();
        // The client's side: gather the parts, answer the WriteFile.
        let reader = theirs.try_clone().unwrap();
        let answer = std::thread::spawn(move || {
            let mut r = reader;
            let mut w = theirs;
            let mut got = Vec::new();
            loop {
                match Down::read(&mut r).unwrap() {
                    Some(Down::WriteChunk(b)) => {
                        assert!(b.len() <= frame::MAX_FRAME);
                        got.extend_from_slice(&b);
                    }
                    Some(Down::WriteFile { path, bytes, .. }) => {
                        got.extend_from_slice(&bytes);
                        Up::Written(Ok(())).write(&mut w).unwrap();
                        return (path, got);
                    }
                    other => panic!("unexpected {other:?}"),
                }
            }
        });
        let (tx, rx) = mpsc::channel();
        let mut c = client(ours.try_clone().unwrap());
        c.answers = Mutex::new(rx);
        let mut r = ours;
        std::thread::spawn(move || {
            if let Ok(Some(Up::Written(w))) = Up::read(&mut r) {
                let _ = tx.send(Answer::Written(w));
            }
        });
        c.write_file(Path::new("copy.ogg"), &sent, false).unwrap();
        let (path, got) = answer.join().unwrap();
        assert_eq!(path, Path::new("copy.ogg"));
        assert!(got == big, "the file arrived changed");
    }
}
