//! Guardians on a PostgreSQL database, and their clients, for the tests of several guardians,
//! faults and partitions (`tests/postgres.rs`, `tests/partition.rs`, `tests/failover.rs`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use super::BIN;

/// `earshot init` of a store in the database `url` whose first lead is this login (its working
/// folder `dir`, its key `key`); what it printed (`--json`).
pub fn init_db(url: &str, dir: &Path, key: &Path) -> serde_json::Value {
    let o = Command::new(BIN)
        .args(["init", "--first-lead", &super::my_login(), "--json"])
        .env("EARSHOT_STORE", dir)
        .env("EARSHOT_KEY_FILE", key)
        .env("EARSHOT_DATABASE_URL", url)
        .output()
        .expect("init");
    super::assert_ok(&o, &["init"]);
    serde_json::from_slice(&o.stdout).expect("init's JSON")
}

/// A guardian process; killed when dropped.
pub struct Guardian(pub Child);

impl Drop for Guardian {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A guardian on the database `url`, its working folder `dir`, listening on `socket`.
pub fn serve_db(url: &str, dir: &Path, key: &Path, socket: &Path) -> Guardian {
    serve_in(None, url, dir, key, socket)
}

/// [`serve_db`], in the network namespace `ns` if one is named (`ip netns exec`).
pub fn serve_in(ns: Option<&str>, url: &str, dir: &Path, key: &Path, socket: &Path) -> Guardian {
    let mut cmd = match ns {
        Some(ns) => {
            let mut c = Command::new("ip");
            c.args(["netns", "exec", ns, BIN]);
            c
        }
        None => Command::new(BIN),
    };
    let mut child = cmd
        .args(["serve", "--group", "", "--socket"])
        .arg(socket)
        .env("EARSHOT_STORE", dir)
        .env("EARSHOT_KEY_FILE", key)
        .env("EARSHOT_DATABASE_URL", url)
        .env_remove("EARSHOT_USER")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a guardian");
    let mut line = String::new();
    let out = child.stdout.take().expect("stdout");
    BufReader::new(out).read_line(&mut line).unwrap();
    assert!(line.starts_with("listening on"), "{line}");
    Guardian(child)
}

/// A client of the guardian on `socket`, with nothing of a store in its environment.
pub fn client(socket: &Path, home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--socket")
        .arg(socket)
        .args(args)
        .env_remove("EARSHOT_STORE")
        .env_remove("EARSHOT_KEY_FILE")
        .env_remove("EARSHOT_DATABASE_URL")
        .env_remove("EARSHOT_USER")
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs a client to its end, which must come within `limit`: a guardian that cannot reach its
/// database refuses; it does not keep its client waiting.
pub fn within(mut cmd: Command, limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let o = wait_out(cmd.spawn().expect("a client"), limit);
    (o, started.elapsed())
}

/// The output of a process, which must end within `limit` (killed, and the test failed, if
/// not).
pub fn wait_out(child: Child, limit: Duration) -> Output {
    let pid = child.id().to_string();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(o) => o.expect("the process's output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid]).status();
            panic!("no answer in {limit:?}");
        }
    }
}

/// How many entries of the log (read through `socket`) are `team.add`s of `name`.
pub fn added(socket: &Path, home: &Path, name: &str) -> usize {
    let (o, _) = within(
        client(socket, home, &["audit", "log", "--json"]),
        Duration::from_secs(60),
    );
    super::assert_ok(&o, &["audit log"]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    log.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "team.add" && e["detail"]["name"] == name)
        .count()
}

/// Asks through `socket` until the guardian answers (after a fault, its connections are found
/// broken one by one, then made again); until then each answer must be a refusal (exit 1).
pub fn until_answered(socket: &Path, home: &Path, args: &[&str]) -> Output {
    let started = Instant::now();
    loop {
        let (o, _) = within(client(socket, home, args), Duration::from_secs(30));
        if o.status.success() {
            return o;
        }
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the guardian did not come back: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// What each client that added a member was told: kept (exit 0), nothing done (exit 1), or not
/// known (exit 5, the line broke while it committed).
#[derive(Default)]
pub struct Told {
    pub kept: Vec<String>,
    pub not_done: Vec<String>,
    pub unknown: Vec<String>,
}

impl Told {
    /// Files `name` by what the client that added it was told; whether it was kept. Any other
    /// answer fails the test.
    pub fn sort(&mut self, name: String, o: &Output) -> bool {
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        match o.status.code() {
            Some(0) => {
                self.kept.push(name);
                return true;
            }
            Some(1) => {
                assert!(err.contains("nothing was done"), "{err}");
                self.not_done.push(name);
            }
            Some(5) => {
                assert!(err.contains("not known"), "{err}");
                self.unknown.push(name);
            }
            other => panic!("{other:?}: {err}"),
        }
        false
    }

    /// What a client was told happened is in the log (read through `socket`) once; what it was
    /// told did not, is not; what was not known, at most once.
    pub fn check(&self, socket: &Path, home: &Path) {
        let (o, _) = within(
            client(socket, home, &["audit", "log", "--json"]),
            Duration::from_secs(60),
        );
        super::assert_ok(&o, &["audit log"]);
        let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let set: Vec<String> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "team.add")
            .filter_map(|e| e["detail"]["name"].as_str().map(str::to_string))
            .collect();
        let times = |name: &str| set.iter().filter(|d| *d == name).count();
        for n in &self.kept {
            assert_eq!(times(n), 1, "{n} was reported kept: {set:?}");
        }
        for n in &self.not_done {
            assert_eq!(times(n), 0, "{n} was reported not done: {set:?}");
        }
        for n in &self.unknown {
            assert!(times(n) <= 1, "{n}: {set:?}");
        }
    }
}
