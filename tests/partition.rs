//! A guardian cut off from its database by the network, not by the database: packets dropped
//! without a word, as a broken link or a firewall drops them. The guardian runs in a network
//! namespace of its own, joined to this one by a veth pair, and reaches the cluster through a
//! relay here; a partition is the pair's near end taken down (whatever the guardian sends is
//! dropped, and nothing reaches it). A second guardian reaches the database directly.
//!
//! What is checked: the cut-off guardian refuses (exit 1, "nothing was done") within its
//! timeouts rather than hang or answer from what it last saw; a writer cut off while it holds
//! the write lock is ended by the server, so that the other guardian's writers go on; a commit
//! whose answer is lost is reported as not known (exit 5), and is in the log once; after the
//! link is back the guardian answers again, with what the other did meanwhile, and hears of
//! changes again.
//!
//! It needs a cluster (`EARSHOT_TEST_POSTGRES`) and root (namespaces and links, `ip` of
//! iproute2); without either it says so and stops.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::db_guardian::*;
use common::*;

/// Runs `ip` with these arguments; whether it worked.
fn ip(args: &[&str]) -> bool {
    Command::new("ip")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A network namespace joined to this one by a veth pair: `near` is the address of this end.
struct Net {
    ns: String,
    link: String,
    near: String,
}

impl Net {
    /// A namespace and pair of this process's own; `None` when they cannot be made.
    fn make() -> Option<Net> {
        let id = std::process::id();
        let ns = format!("earshot-part-{id}");
        let link = format!("esp{}", id % 100_000);
        let peer = format!("{link}n");
        // A /30 of 10.231.0.0/16 of this process's own.
        let block = (id % 16_000) * 4;
        let (hi, lo) = (block / 256, block % 256);
        let near = format!("10.231.{hi}.{}", lo + 1);
        let far = format!("10.231.{hi}.{}", lo + 2);
        let net = Net {
            ns: ns.clone(),
            link: link.clone(),
            near: near.clone(),
        };
        let ok = ip(&["netns", "add", &ns])
            && ip(&["link", "add", &link, "type", "veth", "peer", "name", &peer])
            && ip(&["link", "set", &peer, "netns", &ns])
            && ip(&["addr", "add", &format!("{near}/30"), "dev", &link])
            && ip(&["link", "set", &link, "up"])
            && ip(&[
                "netns",
                "exec",
                &ns,
                "ip",
                "addr",
                "add",
                &format!("{far}/30"),
                "dev",
                &peer,
            ])
            && ip(&["netns", "exec", &ns, "ip", "link", "set", &peer, "up"])
            && ip(&["netns", "exec", &ns, "ip", "link", "set", "lo", "up"]);
        ok.then_some(net)
    }

    /// The partition: the near end down. What the namespace sends is dropped at the pair, and
    /// nothing is sent into it: no reset, no refusal, silence.
    fn cut(&self) {
        assert!(ip(&["link", "set", &self.link, "down"]), "link down");
    }

    fn heal(&self) {
        assert!(ip(&["link", "set", &self.link, "up"]), "link up");
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        ip(&["link", "del", &self.link]);
        ip(&["netns", "del", &self.ns]);
    }
}

/// Where the cluster listens, from the suite's connection string.
enum Upstream {
    Unix(PathBuf),
    Tcp(String, u16),
}

enum Conn {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Conn {
    fn open(to: &Upstream) -> std::io::Result<Conn> {
        Ok(match to {
            Upstream::Unix(p) => Conn::Unix(UnixStream::connect(p)?),
            Upstream::Tcp(h, port) => Conn::Tcp(TcpStream::connect((h.as_str(), *port))?),
        })
    }

    fn split(&self) -> std::io::Result<Conn> {
        Ok(match self {
            Conn::Unix(s) => Conn::Unix(s.try_clone()?),
            Conn::Tcp(s) => Conn::Tcp(s.try_clone()?),
        })
    }

    fn shutdown(&self) {
        let _ = match self {
            Conn::Unix(s) => s.shutdown(Shutdown::Both),
            Conn::Tcp(s) => s.shutdown(Shutdown::Both),
        };
    }
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Conn::Unix(s) => s.read(buf),
            Conn::Tcp(s) => s.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Conn::Unix(s) => s.write(buf),
            Conn::Tcp(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A relay on the near end to the cluster. Armed with a text, it cuts the link the moment the
/// guardian sends a message holding it, after the message has reached the server and before
/// the server's answer can go back: the server did what the message asked; the guardian never
/// hears of it.
struct Relay {
    port: u16,
    arm: Arc<Mutex<Option<&'static str>>>,
    fired: Receiver<()>,
}

impl Relay {
    fn start(near: &str, link: &str, to: Upstream) -> Relay {
        let listener = TcpListener::bind((near, 0)).expect("bind the relay");
        let port = listener.local_addr().expect("relay address").port();
        let arm: Arc<Mutex<Option<&'static str>>> = Arc::new(Mutex::new(None));
        let (tx, fired) = channel();
        let link = link.to_string();
        let armed = Arc::clone(&arm);
        std::thread::spawn(move || {
            for g in listener.incoming() {
                let Ok(g) = g else { return };
                let Ok(s) = Conn::open(&to) else {
                    let _ = g.shutdown(Shutdown::Both);
                    continue;
                };
                relay(g, s, Arc::clone(&armed), tx.clone(), link.clone());
            }
        });
        Relay { port, arm, fired }
    }

    /// The next message holding `text` cuts the link.
    fn cut_on(&self, text: &'static str) {
        *self.arm.lock().unwrap() = Some(text);
    }

    /// Waits until the armed cut happened.
    fn wait_fired(&self) {
        self.fired
            .recv_timeout(Duration::from_secs(60))
            .expect("the guardian sent the message the relay waited for");
    }
}

fn relay(
    g: TcpStream,
    s: Conn,
    arm: Arc<Mutex<Option<&'static str>>>,
    fired: Sender<()>,
    link: String,
) {
    let cut = Arc::new(AtomicBool::new(false));
    let (Ok(mut g_in), Ok(mut s_out)) = (g.try_clone(), s.split()) else {
        return;
    };
    let cut_up = Arc::clone(&cut);
    // Guardian to server.
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match g_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let chunk = &buf[..n];
            let fire = {
                let mut a = arm.lock().unwrap();
                let hit = a.is_some_and(|t| chunk.windows(t.len()).any(|w| w == t.as_bytes()));
                if hit {
                    *a = None;
                }
                hit
            };
            if fire {
                cut_up.store(true, Ordering::SeqCst);
            }
            if s_out.write_all(chunk).is_err() {
                break;
            }
            if fire {
                assert!(ip(&["link", "set", &link, "down"]), "link down");
                let _ = fired.send(());
            }
        }
        // The guardian left (after the link came back): so does its session.
        s_out.shutdown();
    });
    // Server to guardian; once cut, the answers go nowhere.
    std::thread::spawn(move || {
        let (mut s_in, mut g_out) = (s, g);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match s_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if cut.load(Ordering::SeqCst) {
                continue;
            }
            if g_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    });
}

/// Where the suite's cluster listens.
fn upstream(admin: &::postgres::Config) -> Upstream {
    let port = admin.get_ports().first().copied().unwrap_or(5432);
    match admin.get_hosts().first() {
        Some(::postgres::config::Host::Unix(dir)) => {
            Upstream::Unix(dir.join(format!(".s.PGSQL.{port}")))
        }
        Some(::postgres::config::Host::Tcp(h)) => Upstream::Tcp(h.clone(), port),
        None => Upstream::Unix(PathBuf::from(format!(
            "/var/run/postgresql/.s.PGSQL.{port}"
        ))),
    }
}

/// The database `db` as seen from the namespace: the relay's address, with short keepalives
/// and timeouts (the defaults are 10 s and 20 s; a partition is found the same way, sooner).
fn through_relay(admin: &::postgres::Config, db: &str, near: &str, port: u16) -> String {
    let mut url = format!(
        "host={near} port={port} dbname={db} connect_timeout=3 keepalives_idle=1 \
         keepalives_interval=1 keepalives_retries=2 tcp_user_timeout=3"
    );
    if let Some(u) = admin.get_user() {
        url.push_str(&format!(" user={u}"));
    }
    if let Some(p) = admin.get_password() {
        url.push_str(&format!(" password={}", String::from_utf8_lossy(p)));
    }
    url
}

#[test]
fn a_guardian_cut_off_from_the_database_refuses_and_the_other_goes_on() {
    let Some(admin) = postgres() else {
        eprintln!("partition: no PostgreSQL cluster (EARSHOT_TEST_POSTGRES); not run");
        return;
    };
    if my_login() != "root" {
        eprintln!("partition: needs root for a network namespace; not run");
        return;
    }
    let Some(net) = Net::make() else {
        eprintln!("partition: could not make a network namespace and veth pair (ip); not run");
        return;
    };
    let direct = fresh_database().expect("a database");
    let db = ::postgres::Config::from_str(&direct)
        .expect("the test database's connection string")
        .get_dbname()
        .expect("a database name")
        .to_string();
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let key = t.path().join("keys/org.key");
    init_db(&direct, &t.path().join("site-b"), &key);

    // Guardian A in the namespace, through the relay; guardian B directly.
    let admin = ::postgres::Config::from_str(&admin).expect("the suite's connection string");
    let relay = Relay::start(&net.near, &net.link, upstream(&admin));
    let far_url = through_relay(&admin, &db, &net.near, relay.port);
    let sock_a = t.path().join("a.sock");
    let sock_b = t.path().join("b.sock");
    let _a = serve_in(
        Some(&net.ns),
        &far_url,
        &t.path().join("site-a"),
        &key,
        &sock_a,
    );
    let _b = serve_db(&direct, &t.path().join("site-b"), &key, &sock_b);
    let add =
        |sock: &Path, name: &str| client(sock, &home, &["team", "add", name, "--role", "worker"]);
    let limit = Duration::from_secs(45);
    let (o, _) = within(add(&sock_a, "before"), limit);
    assert_ok(&o, &["team add through A, before the partition"]);

    // 1. A partition while A is idle: A refuses, reads and writes alike, and B goes on.
    net.cut();
    let (o, took) = within(client(&sock_a, &home, &["team", "list", "--json"]), limit);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "a read through A: {err}");
    assert!(err.contains("cannot be reached"), "{err}");
    assert!(o.stdout.is_empty(), "nothing answered from memory");
    eprintln!("a read through the cut-off guardian refused after {took:?}");
    let (o, _) = within(add(&sock_a, "during"), limit);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "a write through A: {err}");
    assert!(err.contains("nothing was done"), "{err}");
    let (o, _) = within(add(&sock_b, "meanwhile"), limit);
    assert_ok(&o, &["team add through B, during the partition"]);
    net.heal();
    // A answers again, with what B did meanwhile, not with what it saw before.
    let o = until_answered(&sock_a, &home, &["team", "list", "--json"]);
    let list = String::from_utf8_lossy(&o.stdout);
    assert!(list.contains("\"meanwhile\""), "{list}");
    assert_eq!(added(&sock_b, &home, "during"), 0);

    // 2. Cut off while holding the write lock: the server ends A's transaction (it sat idle
    // past the writer's limit), which lets B's writer on, and A's client is told nothing was
    // done.
    relay.cut_on("pg_advisory_xact_lock");
    let a_write = add(&sock_a, "locked").spawn().unwrap();
    relay.wait_fired();
    let (o, b_took) = within(add(&sock_b, "after-lock"), limit);
    assert_ok(&o, &["team add through B, while A held the lock"]);
    assert!(
        b_took > Duration::from_secs(5),
        "B waited for the lock A held ({b_took:?})"
    );
    eprintln!("B's write went on {b_took:?} after A was cut off holding the lock");
    let o = wait_out(a_write, limit);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing was done"), "{err}");
    net.heal();
    until_answered(&sock_a, &home, &["whoami"]);
    assert_eq!(
        added(&sock_b, &home, "locked"),
        0,
        "A's write did not happen"
    );
    assert_eq!(added(&sock_b, &home, "after-lock"), 1);

    // 3. Cut off as it commits: the server committed, A never heard; A's client is told the
    // outcome is not known (exit 5), and the entry is in the log once.
    relay.cut_on("NOTIFY");
    let a_write = add(&sock_a, "committed").spawn().unwrap();
    relay.wait_fired();
    let o = wait_out(a_write, limit);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(5), "{err}");
    assert!(err.contains("not known"), "{err}");
    net.heal();
    until_answered(&sock_a, &home, &["whoami"]);
    assert_eq!(added(&sock_a, &home, "committed"), 1);

    // A hears of changes again: B's next change reaches a watch on A.
    let o = until_answered(&sock_a, &home, &["audit", "verify", "--json"]);
    let head: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let entries = head["entries"].as_u64().unwrap();
    let mut watch = client(
        &sock_a,
        &home,
        &["watch", "--json", "--from", &entries.to_string()],
    )
    .spawn()
    .unwrap();
    let (tx, rx) = channel();
    let out = watch.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    let (o, _) = within(add(&sock_b, "heard"), limit);
    assert_ok(&o, &["team add through B, after"]);
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the watch on A hears of B's change");
    let e: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(e["action"], "team.add", "{e}");
    assert_eq!(e["seq"].as_u64().unwrap(), entries + 1);
    let _ = watch.kill();
    let _ = watch.wait();
    // And the log, written by both, verifies through both.
    for sock in [&sock_a, &sock_b] {
        let (o, _) = within(client(sock, &home, &["audit", "verify", "--json"]), limit);
        assert_ok(&o, &["audit verify"]);
    }
}
