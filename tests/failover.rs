//! A failover under load: the guardian's database is a primary with a synchronous standby; the
//! primary crashes while clients are adding to the log, the standby is promoted, and the
//! guardian finds the new primary by itself (the connection string names both servers, with
//! `target_session_attrs=read-write`). What a client was told was kept is on the new primary,
//! once; what it was told was not done is not there; the log verifies.
//!
//! The test makes the two servers itself (Debian's PostgreSQL server packages), on Unix sockets
//! in a temporary folder; it runs when the suite runs against PostgreSQL
//! (`EARSHOT_TEST_POSTGRES`), and as root starts them as the `postgres` account.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::db_guardian::*;
use common::*;

/// Where Debian's PostgreSQL server programs are (the newest installed).
fn server_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| d.join("pg_ctl").exists())
        .collect();
    dirs.sort_by_key(|d| {
        d.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop()
}

/// One PostgreSQL server: its data folder, and the folder its socket is in.
struct Server {
    bin: PathBuf,
    data: PathBuf,
    socket: PathBuf,
    running: bool,
}

const PORT: &str = "5432";

/// Runs a server program, as `postgres` when this is root.
fn pg(bin: &Path, program: &str, args: &[&str]) -> std::process::Output {
    let path = bin.join(program);
    let mut c = if my_login() == "root" {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&path);
        c
    } else {
        Command::new(&path)
    };
    let o = c
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        o.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A folder the server's account owns.
fn owned_dir(p: &Path) {
    std::fs::create_dir_all(p).unwrap();
    if my_login() == "root" {
        let o = Command::new("chown")
            .args(["postgres"])
            .arg(p)
            .output()
            .unwrap();
        assert!(o.status.success());
    }
}

impl Server {
    fn start(&mut self, extra: &[&str]) {
        let log = self.data.with_extension("log");
        let mut opts = format!(
            "-k {} -p {PORT} -c listen_addresses= -c max_connections=200",
            self.socket.display()
        );
        for e in extra {
            opts.push(' ');
            opts.push_str(e);
        }
        pg(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-o",
                &opts,
                "start",
            ],
        );
        self.running = true;
    }

    /// Stops it as a crash would (no shutdown checkpoint, clients cut).
    fn crash(&mut self) {
        pg(
            &self.bin,
            "pg_ctl",
            &["-D", self.data.to_str().unwrap(), "-m", "immediate", "stop"],
        );
        self.running = false;
    }

    fn conn(&self) -> String {
        format!(
            "host={} port={PORT} user=postgres dbname=postgres",
            self.socket.display()
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.running {
            let data = self.data.to_string_lossy().into_owned();
            // Not `pg`: a failed stop must not panic while the test unwinds.
            let mut c = Command::new("runuser");
            if my_login() == "root" {
                c.args(["-u", "postgres", "--"])
                    .arg(self.bin.join("pg_ctl"));
            } else {
                c = Command::new(self.bin.join("pg_ctl"));
            }
            let _ = c.args(["-D", &data, "-m", "immediate", "stop"]).output();
        }
    }
}

#[test]
fn a_failover_mid_load_loses_no_kept_change_and_the_guardian_finds_the_new_primary() {
    if postgres().is_none() {
        eprintln!("failover: no PostgreSQL cluster (EARSHOT_TEST_POSTGRES); not run");
        return;
    }
    let Some(bin) = server_bin() else {
        eprintln!("failover: no PostgreSQL server programs (/usr/lib/postgresql); not run");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    // The server's account must reach its folders.
    std::fs::set_permissions(
        t.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let base = t.path().join("pg");
    owned_dir(&base);
    let (p_sock, s_sock) = (base.join("primary-socket"), base.join("standby-socket"));
    owned_dir(&p_sock);
    owned_dir(&s_sock);
    let mut primary = Server {
        bin: bin.clone(),
        data: base.join("primary"),
        socket: p_sock.clone(),
        running: false,
    };
    pg(
        &bin,
        "initdb",
        &[
            "-D",
            primary.data.to_str().unwrap(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
        ],
    );
    // Synchronous replication: a commit returns once the standby has it, so a failover
    // loses no change a client was told was kept.
    primary.start(&["-c synchronous_standby_names='*'"]);
    let mut standby = Server {
        bin: bin.clone(),
        data: base.join("standby"),
        socket: s_sock.clone(),
        running: false,
    };
    pg(
        &bin,
        "pg_basebackup",
        &[
            "-D",
            standby.data.to_str().unwrap(),
            "-h",
            p_sock.to_str().unwrap(),
            "-p",
            PORT,
            "-U",
            "postgres",
            "-R",
            "-X",
            "stream",
        ],
    );
    standby.start(&[]);
    // Until the standby streams, the primary's commits wait for it.
    let mut watch = ::postgres::Client::connect(&primary.conn(), ::postgres::NoTls).unwrap();
    let started = Instant::now();
    while watch
        .query_one(
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
            &[],
        )
        .map(|r| r.get::<_, i64>(0))
        .unwrap_or(0)
        == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the standby never streamed"
        );
    }
    drop(watch);

    // Both servers in one connection string: the guardian uses the one that takes writes.
    let url = format!(
        "host={},{} port={PORT},{PORT} user=postgres dbname=postgres \
         target_session_attrs=read-write connect_timeout=3",
        p_sock.display(),
        s_sock.display()
    );
    let key = t.path().join("keys/org.key");
    init_db(&url, &t.path().join("site"), &key);
    let sock = t.path().join("g.sock");
    let _g = serve_db(&url, &t.path().join("site"), &key, &sock);
    let home = t.path().join("home");

    // One client after another adds a member; after the tenth, the primary crashes and the
    // standby is promoted.
    let mut told = Told::default();
    let mut kept_after = 0;
    let limit = Duration::from_secs(60);
    for i in 0..30 {
        if i == 10 {
            primary.crash();
            pg(
                &bin,
                "pg_ctl",
                &["-D", standby.data.to_str().unwrap(), "-w", "promote"],
            );
        }
        let name = format!("w{i}");
        let (o, _) = within(
            client(&sock, &home, &["team", "add", &name, "--role", "worker"]),
            limit,
        );
        if told.sort(name, &o) && i >= 10 {
            kept_after += 1;
        }
    }
    eprintln!(
        "{} kept ({kept_after} after the failover), {} not done, {} not known",
        told.kept.len(),
        told.not_done.len(),
        told.unknown.len()
    );
    assert!(kept_after > 0, "the guardian went on with the new primary");
    // The new primary holds what the clients were told.
    told.check(&sock, &home);
    let o = until_answered(&sock, &home, &["audit", "verify", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["entries"].as_u64().unwrap() as usize >= told.kept.len(),
        "{v}"
    );
    // And it is the standby, now primary, that answers.
    let mut now = ::postgres::Client::connect(&standby.conn(), ::postgres::NoTls).unwrap();
    let in_recovery: bool = now
        .query_one("SELECT pg_is_in_recovery()", &[])
        .unwrap()
        .get(0);
    assert!(!in_recovery, "the standby was promoted");
}
