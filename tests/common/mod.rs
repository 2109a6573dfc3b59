//! Shared helpers for the integration tests: a temporary store driven through the real binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub mod db_guardian;
pub mod tmux;

pub const BIN: &str = env!("CARGO_BIN_EXE_earshot");

/// The date `days` from today (YYYY-MM-DD): a review date for an exception, say.
pub fn days_ahead(days: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(days)).to_string()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audio")
        .join(name)
}

/// A store in a temporary directory, with its key beside it (never in the user's home).
/// The organisation profile the tests' stores are given.
#[allow(dead_code)]
pub const PROFILE: [(&str, &str); 5] = [
    ("org_name", "Gemeente Utrecht"),
    ("org_address", "Stadsplateau 1, 3521 AZ Utrecht"),
    ("dpo_contact", "fg@utrecht.nl, 030 286 00 00"),
    ("ombudsman_name", "de Ombudsman Utrecht"),
    ("ombudsman_url", "https://www.ombudsmanutrecht.nl"),
];

pub struct TestStore {
    pub tmp: tempfile::TempDir,
    /// The PostgreSQL database that holds the store, when the suite runs against PostgreSQL
    /// (`EARSHOT_TEST_POSTGRES`): a new database of its own on that cluster.
    pub database: Option<String>,
}

/// The cluster the suite runs against instead of the embedded store, if any: a connection
/// string that may create databases (`EARSHOT_TEST_POSTGRES="host=/run/postgresql
/// user=postgres"`). Every store of the suite then lives in a database of its own there.
pub fn postgres() -> Option<String> {
    std::env::var("EARSHOT_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
}

/// A new database of its own on the suite's cluster, when the suite runs against PostgreSQL.
pub fn fresh_database() -> Option<String> {
    postgres().map(|admin| {
        earshot::store::backend::pg::PgDb::fresh_database(&admin, "earshot_test")
            .expect("a database for the test")
    })
}

/// Whether a test is about the embedded store's own files (its SQLite file, its vault
/// folder), which a store in PostgreSQL does not have: such a test says so and stops when the
/// suite runs against PostgreSQL. Its PostgreSQL counterpart is in `tests/postgres.rs`.
#[allow(dead_code)]
pub fn embedded_only(what: &str) -> bool {
    if postgres().is_some() {
        eprintln!("not run against PostgreSQL: {what}");
        return true;
    }
    false
}

impl TestStore {
    /// A new store with lead `lea` (PIN 123456) and workers `wim` and `wendy`, plus lead `leo`
    /// (PIN 654321).
    pub fn new() -> Self {
        TestStore::empty().with_team()
    }

    /// Makes the store in [`TestStore::store_dir`] (which may already exist, empty) with the
    /// team of [`TestStore::new`].
    pub fn with_team(self) -> Self {
        let s = self;
        s.ok("lea", &["init"]);
        s.ok_stdin("lea", &["team", "pin", "--pin-stdin"], "123456\n");
        s.ok("lea", &["team", "add", "wim", "--role", "worker"]);
        s.ok("lea", &["team", "add", "wendy", "--role", "worker"]);
        // A lead sets their own PIN, in their own session.
        s.ok("lea", &["team", "add", "leo", "--role", "lead"]);
        s.ok_stdin("leo", &["team", "pin", "--pin-stdin"], "654321\n");
        s.with_profile()
    }

    /// The organisation's profile every document needs, and the team's full names and titles.
    pub fn with_profile(self) -> Self {
        for (k, v) in PROFILE {
            self.ok("lea", &["settings", k, v]);
        }
        for (name, full, title) in [
            ("lea", "Lea Bakker", "teamleider jeugd"),
            ("wim", "Wim de Groot", "jeugdconsulent"),
            ("wendy", "Wendy Smit", "gezinscoach"),
            ("leo", "Leo Visser", "teamleider jeugd"),
        ] {
            self.ok(
                "lea",
                &["team", "set", name, "--full-name", full, "--title", title],
            );
        }
        self
    }

    /// A store with its team (PINs set) but no organisation profile.
    pub fn without_profile() -> Self {
        let s = TestStore::empty();
        s.ok("lea", &["init"]);
        s.ok_stdin("lea", &["team", "pin", "--pin-stdin"], "123456\n");
        s.ok("lea", &["team", "add", "wim", "--role", "worker"]);
        s.ok("lea", &["team", "add", "wendy", "--role", "worker"]);
        s.ok("lea", &["team", "add", "leo", "--role", "lead"]);
        s.ok_stdin("leo", &["team", "pin", "--pin-stdin"], "654321\n");
        s
    }

    /// No store yet: only the directory it will live in.
    pub fn empty() -> Self {
        TestStore {
            tmp: tempfile::tempdir().expect("temp dir"),
            database: fresh_database(),
        }
    }

    /// No store yet, and it will be an embedded one whatever the suite runs against.
    #[allow(dead_code)]
    pub fn embedded() -> Self {
        TestStore {
            tmp: tempfile::tempdir().expect("temp dir"),
            database: None,
        }
    }

    /// Opens the store in this process, on `clock`, wherever it is (its folder, or its
    /// PostgreSQL database).
    #[allow(dead_code)]
    pub fn open_with(
        &self,
        clock: earshot::store::Clock,
    ) -> earshot::store::Result<earshot::store::Store> {
        match &self.database {
            Some(url) => earshot::store::Store::open_database(
                url,
                None,
                &self.store_dir(),
                Some(&self.key_file()),
                clock,
            ),
            None => earshot::store::Store::open(&self.store_dir(), Some(&self.key_file()), clock),
        }
    }

    pub fn store_dir(&self) -> PathBuf {
        self.tmp.path().join("store")
    }

    pub fn key_file(&self) -> PathBuf {
        self.tmp.path().join("config/keys/test.key")
    }

    pub fn db(&self) -> PathBuf {
        self.store_dir().join("earshot.db")
    }

    pub fn command(&self, user: &str, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env("EARSHOT_STORE", self.store_dir())
            .env("EARSHOT_KEY_FILE", self.key_file())
            .env("EARSHOT_USER", user)
            .envs(self.database_env())
            // Anything that falls back to the platform directories stays inside the temp dir.
            .env("HOME", self.tmp.path())
            .env("XDG_DATA_HOME", self.tmp.path().join("data"))
            .env("XDG_CONFIG_HOME", self.tmp.path().join("config"))
            // Reports follow the locale: the tests do not depend on the machine's.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            // Files a command writes by default (certificates) land in the temp dir too.
            .current_dir(self.tmp.path())
            .stdin(Stdio::null());
        c
    }

    /// `EARSHOT_DATABASE_URL` for a command, when the store is in PostgreSQL.
    pub fn database_env(&self) -> Vec<(&'static str, String)> {
        self.database
            .iter()
            .map(|d| ("EARSHOT_DATABASE_URL", d.clone()))
            .collect()
    }

    /// [`TestStore::database_env`] as a shell's `NAME='value'`, for a script in a pane.
    pub fn database_shell(&self) -> String {
        self.database
            .as_ref()
            .map(|d| format!("EARSHOT_DATABASE_URL='{d}'"))
            .unwrap_or_default()
    }

    pub fn run(&self, user: &str, args: &[&str]) -> Output {
        self.command(user, args).output().expect("run earshot")
    }

    pub fn run_stdin(&self, user: &str, args: &[&str], input: &str) -> Output {
        let mut c = self.command(user, args);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn earshot");
        // The command may finish without reading (no PIN needed): a closed pipe is fine.
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        child.wait_with_output().expect("wait earshot")
    }

    /// Runs `args` as `user` in the background, waits until its request for an approval is
    /// listed for `lead` (`approvals --json`), answers it as `lead` with `answer` (`["approve"]`,
    /// or `["decline", "--reason", "..."]`: the request's id is added), and returns the
    /// command's output and the request as it was listed.
    pub fn answered(
        &self,
        user: &str,
        args: &[&str],
        lead: &str,
        answer: &[&str],
    ) -> (Output, serde_json::Value) {
        let mut c = self.command(user, args);
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let child = c.spawn().expect("spawn earshot");
        let request = self.wait_for_request(lead, user);
        let id = request["id"].to_string();
        let mut a = vec![answer[0], id.as_str()];
        a.extend(&answer[1..]);
        self.ok(lead, &a);
        (child.wait_with_output().expect("wait earshot"), request)
    }

    /// Waits until `lead` sees a request by `requester` (`approvals --json`), and returns it.
    pub fn wait_for_request(&self, lead: &str, requester: &str) -> serde_json::Value {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let v = self.json(lead, &["approvals"]);
            if let Some(r) = v
                .as_array()
                .and_then(|a| a.iter().find(|r| r["requested_by"] == requester))
            {
                return r.clone();
            }
            assert!(
                std::time::Instant::now() < until,
                "no request by {requester} reached {lead} within a minute"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    pub fn ok(&self, user: &str, args: &[&str]) -> String {
        let o = self.run(user, args);
        assert_ok(&o, args);
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    pub fn ok_stdin(&self, user: &str, args: &[&str], input: &str) -> String {
        let o = self.run_stdin(user, args, input);
        assert_ok(&o, args);
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    pub fn json(&self, user: &str, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.ok(user, &a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    /// Runs and expects the given exit code; returns standard error.
    pub fn fails(&self, user: &str, args: &[&str], code: i32) -> String {
        let o = self.run(user, args);
        assert_code(&o, code, args);
        String::from_utf8_lossy(&o.stderr).into_owned()
    }

    pub fn fails_stdin(&self, user: &str, args: &[&str], input: &str, code: i32) -> String {
        let o = self.run_stdin(user, args, input);
        assert_code(&o, code, args);
        String::from_utf8_lossy(&o.stderr).into_owned()
    }

    /// Imports one fixture into case C-1, received by wim; returns its id.
    pub fn import(&self, name: &str) -> i64 {
        let o = self.import_into(name, "C-1", &["--json"]);
        assert_ok(&o, &["import", name]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        v[0]["id"].as_i64().expect("id")
    }

    /// Runs wim's import of fixture `name` into `case`, received by WhatsApp, with `extra`
    /// arguments after it; whatever it gives.
    pub fn import_into(&self, name: &str, case: &str, extra: &[&str]) -> Output {
        let f = fixture(name);
        let mut a = vec![
            "import",
            f.to_str().expect("path"),
            "--case",
            case,
            "--received-by",
            "wim",
            "--channel",
            "whatsapp",
        ];
        a.extend_from_slice(extra);
        self.run("wim", &a)
    }

    pub fn describe(&self, id: i64) {
        self.describe_for(id, "wants the team to hear the arguments");
    }

    /// [`TestStore::describe`], with `purpose` as the sender's stated reason.
    pub fn describe_for(&self, id: i64, purpose: &str) {
        self.ok(
            "wim",
            &[
                "describe",
                &id.to_string(),
                "--sender",
                "Jan Jansen",
                "--subject",
                "Maria Jansen:parent",
                "--subject",
                "Sam Jansen:child",
                "--purpose",
                purpose,
                "--legal-basis",
                "Jeugdwet art. 7.4.0",
                "--processing-purpose",
                "to assess the safety of the children at home",
            ],
        );
    }

    /// Records that `child` (on item `id`) is told through `parent`, who was notified: as
    /// for Sam Jansen through Maria Jansen after [`TestStore::describe`].
    pub fn via_parent(&self, id: &str, child: &str, parent: &str) {
        self.ok(
            "wim",
            &["notify", id, "--subject", child, "--via-parent", parent],
        );
    }

    /// Every byte of every file in the store and key directories.
    pub fn all_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if let Ok(b) = std::fs::read(&p) {
                    out.push((p, b));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.tmp.path(), &mut out);
        out
    }

    /// Opens the database directly, as an attacker with write access would.
    pub fn raw_db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open db")
    }

    /// Whether the store is in a PostgreSQL database (the suite runs against one).
    pub fn in_database(&self) -> bool {
        self.database.is_some()
    }

    /// Runs statements on the store's database directly, as someone with write access to it
    /// would: SQLite's file, or the PostgreSQL database.
    pub fn tamper(&self, sql: &str) {
        match &self.database {
            Some(url) => ::postgres::Client::connect(url, ::postgres::NoTls)
                .expect("connect")
                .batch_execute(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            None => self
                .raw_db()
                .execute_batch(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    /// The number one query of the store's database gives, read directly.
    pub fn tamper_number(&self, sql: &str) -> i64 {
        match &self.database {
            Some(url) => ::postgres::Client::connect(url, ::postgres::NoTls)
                .expect("connect")
                .query_one(sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .get(0),
            None => self
                .raw_db()
                .query_row(sql, [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    /// Drops the triggers that refuse changes to the log's entries (the database's owner can).
    pub fn drop_log_guards(&self) {
        self.tamper(if self.in_database() {
            "DROP TRIGGER audit_no_update ON audit; DROP TRIGGER audit_no_delete ON audit;"
        } else {
            "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
        });
    }
}

pub fn assert_ok(o: &Output, args: &[&str]) {
    assert!(
        o.status.success(),
        "{args:?} failed ({:?}):\n{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

pub fn assert_code(o: &Output, code: i32, args: &[&str]) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}: expected exit {code}:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    // Jumps from one occurrence of the first byte to the next: comparing every window is too
    // slow in a debug build to scan the store's 8 MiB reserve several times a second.
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let mut at = 0;
    while let Some(i) = hay[at..].iter().position(|&b| b == first) {
        let start = at + i + 1;
        if hay[start..].starts_with(rest) {
            return true;
        }
        at = start;
    }
    false
}

/// Writes a valid 16-bit mono WAV of `seconds` at 16 kHz whose samples depend on `seed`, so
/// that every seed gives a different recording.
pub fn write_wav(path: &Path, seconds: u32, seed: u64) {
    let rate = 16_000u32;
    let n = rate * seconds;
    let mut b = Vec::with_capacity(44 + n as usize * 2);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + n * 2).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(n * 2).to_le_bytes());
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let freq = 200.0 + (seed % 500) as f32;
    for i in 0..n {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let noise = ((x >> 33) as i32 % 2000) as f32;
        let s = (i as f32 * freq * std::f32::consts::TAU / rate as f32).sin() * 8000.0 + noise;
        b.extend_from_slice(&(s as i16).to_le_bytes());
    }
    std::fs::write(path, b).expect("write wav");
}

/// A small pseudo-random generator for test timings (no extra dependency).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

impl TestStore {
    pub fn json_stdin_ok(&self, user: &str, args: &[&str], input: &str) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.ok_stdin(user, &a, input);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }
}

/// Frames of a 16-bit PCM WAV file and the span (in frames) from its first to its last sample
/// above a silence threshold. Returns (rate, channels, frames, sound_frames).
pub fn wav_sound_span(path: &Path) -> (u32, u16, u64, u64) {
    let b = std::fs::read(path).expect("read wav");
    assert!(
        b.len() >= 44 && &b[..4] == b"RIFF" && &b[8..12] == b"WAVE",
        "not a WAV file"
    );
    let mut pos = 12;
    let (mut rate, mut channels) = (0u32, 0u16);
    let mut data: &[u8] = &[];
    while pos + 8 <= b.len() {
        let id = &b[pos..pos + 4];
        let len = u32::from_le_bytes([b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]]) as usize;
        let body = &b[pos + 8..(pos + 8 + len).min(b.len())];
        if id == b"fmt " {
            channels = u16::from_le_bytes([body[2], body[3]]);
            rate = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
        } else if id == b"data" {
            data = body;
            // ALSA's file plugin may leave the data length at its maximum while writing.
            if len == 0 || len as u64 >= u32::MAX as u64 - 64 {
                data = &b[pos + 8..];
            }
            break;
        }
        pos += 8 + len + (len & 1);
    }
    let frame_bytes = 2 * channels.max(1) as usize;
    let frames = (data.len() / frame_bytes) as u64;
    let loud = |f: usize| -> bool {
        (0..channels as usize).any(|c| {
            let i = f * frame_bytes + c * 2;
            i16::from_le_bytes([data[i], data[i + 1]]).unsigned_abs() > 64
        })
    };
    let first = (0..frames as usize).find(|&f| loud(f));
    let last = (0..frames as usize).rev().find(|&f| loud(f));
    let span = match (first, last) {
        (Some(a), Some(z)) => (z - a + 1) as u64,
        _ => 0,
    };
    (rate, channels, frames, span)
}

/// An ALSA configuration whose default device writes what it is given to `out` (WAV).
pub fn alsa_conf(dir: &Path, out: &Path) -> PathBuf {
    let tpl = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/alsa/capture.conf.in"),
    )
    .unwrap();
    let conf = dir.join("asound.conf");
    std::fs::write(&conf, tpl.replace("@OUT@", out.to_str().unwrap())).unwrap();
    conf
}

/// (rate, frames that carry sound from the stream): the capture device takes samples as fast
/// as it is given them, so gaps between the pieces of a stream are filled with exact silence,
/// which is not counted.
pub fn streamed_frames(path: &Path) -> (u32, u64) {
    let b = std::fs::read(path).expect("the capture file");
    let (rate, channels) = (
        u32::from_le_bytes([b[24], b[25], b[26], b[27]]),
        u16::from_le_bytes([b[22], b[23]]) as usize,
    );
    let data = &b[44..];
    let frame = 2 * channels;
    let n = data
        .chunks_exact(frame)
        .filter(|f| f.iter().any(|x| *x != 0))
        .count();
    (rate, n as u64)
}

/// This test's login name.
pub fn my_login() -> String {
    let o = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// `earshot serve` on a test store, on a socket in the store's temporary folder; killed when
/// dropped.
pub struct Served(std::process::Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn serve(s: &TestStore, socket: &Path) -> Served {
    serve_with(s, socket, &[])
}

/// [`serve`] with more of `serve`'s options.
pub fn serve_with(s: &TestStore, socket: &Path, extra: &[&str]) -> Served {
    use std::io::BufRead;
    let mut child = Command::new(BIN)
        .args(["serve", "--group", "", "--socket"])
        .arg(socket)
        .args(extra)
        .env("EARSHOT_STORE", s.store_dir())
        .env("EARSHOT_KEY_FILE", s.key_file())
        .envs(s.database_env())
        .env_remove("EARSHOT_USER")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the guardian");
    let mut line = String::new();
    let out = child.stdout.take().expect("stdout");
    std::io::BufReader::new(out).read_line(&mut line).unwrap();
    assert!(line.starts_with("listening on"), "{line}");
    Served(child)
}

/// Recomputes the whole audit chain from the entries as they now are, as someone holding the
/// database file and the store id (which is in clear) can; the triggers must be gone.
pub fn rechain(db: &rusqlite::Connection) {
    let store_id: String = db
        .query_row("SELECT value FROM meta WHERE key='store_id'", [], |r| {
            r.get(0)
        })
        .expect("store id");
    let mut prev = earshot::core::audit::genesis(&store_id);
    type Row = (i64, String, String, String, Option<i64>, String);
    let rows: Vec<Row> = {
        let mut st = db
            .prepare("SELECT seq, at, actor, action, item, detail FROM audit ORDER BY seq")
            .expect("select");
        st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
    };
    // `prev` is UNIQUE: clear them all first.
    db.execute("UPDATE audit SET prev = 'x' || seq, hash = 'y' || seq", [])
        .expect("clear");
    for (seq, at, actor, action, item, detail) in rows {
        let hash =
            earshot::core::audit::entry_hash(&prev, seq, &at, &actor, &action, item, &detail);
        db.execute(
            "UPDATE audit SET prev = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .expect("rechain");
        prev = hash;
    }
}
