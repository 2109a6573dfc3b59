//! Guardian benchmark (not a test): many concurrent clients against one `earshot serve` holding
//! a large store, speaking the frame protocol over the Unix socket directly (what is measured is
//! the guardian, not the start of a client process).
//!
//!     cargo bench -j2 --bench guardian
//!     EARSHOT_BENCH_ITEMS=2000 EARSHOT_BENCH_SECONDS=10 cargo bench --bench guardian   # quick
//!
//! It reports, per kind of request (`queue --json` of the whole store, a page of it with
//! `queue --page N`, `show ITEM --json`, `describe ITEM ...`, a PIN-supervised `preview ITEM
//! --seconds 0.5 --sink null`): count, p50 and p99, alone, for a team (open loop: each client
//! waits a random time between requests, as a person does) and under saturating load (closed
//! loop: each client sends its next request the moment the last ended); the time from a
//! lead's `approve ID` to the first sound at the waiting worker's client (root only: the worker
//! must be another OS login); the time from a PIN-supervised preview request to its first
//! sound; the guardian's memory; and what a terminal UI left idle on the whole store costs,
//! itself and the guardian (in tmux).
//!
//! Settings (environment):
//! - `EARSHOT_BENCH_ITEMS` (100000): items in the store, built once and kept under
//!   `EARSHOT_BENCH_DIR` (default target/bench-data) in `guardian-N`; every run works on a
//!   fresh copy of it (database copied, vault hard-linked), so runs start alike;
//! - `EARSHOT_BENCH_CLIENTS` (50), `EARSHOT_BENCH_SECONDS` (30): the load, three times: the
//!   team (queue pages, show, describe, previews; `EARSHOT_BENCH_THINK_MS` (1000), the mean
//!   wait between one client's requests); then saturating, `show` and `describe` only, and
//!   with previews and `EARSHOT_BENCH_QUEUE_CLIENTS` (1) of the clients reading the whole
//!   queue back to back;
//! - `EARSHOT_BENCH_IDLE_S` (30): how long the idle terminal UI is measured;
//! - `EARSHOT_BENCH_RUNS` (1): whole runs (fresh copy, fresh guardian), medians at the end;
//! - `EARSHOT_BENCH_SAMPLES` (10): samples of each time-to-first-sound.
//!
//! All load clients are one login, so the guardian runs with `--max-per-user` above the number
//! of clients and a `--rate-per-user` no load reaches. The worker of the approval measurement
//! is the OS user `earshot-bench` (created with useradd when missing): the thread that connects
//! for it takes that user's effective uid for the `connect` alone (a per-thread `setresuid`),
//! so the kernel names it to the guardian.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// The second lead, who supervises the load's previews in person.
const LEAD2: &str = "bench-lead";
const PIN: &str = "246810";
/// The OS login (and roster worker) whose preview waits for an approval.
const WORKER: &str = "earshot-bench";
/// Items of a few seconds, described, for previews (the bulk are 50 ms long).
const PREVIEW_ITEMS: usize = 200;
const PREVIEW_ITEM_S: u32 = 4;

#[path = "guardian/client.rs"]
mod client;
#[path = "guardian/setup.rs"]
mod setup;
#[path = "guardian/team.rs"]
mod team;
#[path = "common/wav.rs"]
mod wav;
use client::*;
use setup::*;

/// `clients` threads for `seconds`, back to back: the first `queuers` read the whole queue,
/// the others run `mix`.
fn load(
    socket: &Path,
    mix: &'static [Kind],
    queuers: usize,
    targets: &Arc<Targets>,
    clients: usize,
    seconds: u64,
    pid: u32,
) -> (Tally, f64, u64) {
    let socket = socket.to_path_buf();
    let targets = Arc::clone(targets);
    run_clients(clients, seconds, pid, move |c, deadline| {
        let mut t = Tally::default();
        let mut i = c * 7;
        while Instant::now() < deadline {
            let kind = if c < queuers {
                Kind::Queue
            } else {
                mix[i % mix.len()]
            };
            let (argv, line) = targets.argv(kind, (c * 1_000_003 + i) as u64);
            let t0 = Instant::now();
            let r = run(&socket, &argv, line, false);
            t.add(kind, t0.elapsed(), r);
            i += 1;
        }
        t
    })
}

/// Connects to `socket` as `uid`: this thread alone takes that effective uid for the call
/// (the raw system call changes one thread's credentials, unlike libc's `seteuid`), and the
/// kernel records it as the peer. Root only.
fn connect_as(socket: &Path, uid: u32) -> std::io::Result<UnixStream> {
    let keep = u32::MAX; // -1: leave as is
    // SAFETY: setresuid on this thread's credentials; no memory is touched.
    if unsafe { libc::syscall(libc::SYS_setresuid, keep, uid, keep) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let s = UnixStream::connect(socket);
    // SAFETY: as above; the saved uid (root) lets the thread take it back.
    if unsafe { libc::syscall(libc::SYS_setresuid, keep, 0u32, keep) } != 0 {
        // A thread that cannot become root again must not go on; the benchmark stops.
        panic!(
            "cannot restore this thread's uid: {}",
            std::io::Error::last_os_error()
        );
    }
    s
}

fn uid_of(login: &str) -> Option<u32> {
    let o = Command::new("id").args(["-u", login]).output().ok()?;
    if !o.status.success() {
        return None;
    }
    String::from_utf8_lossy(&o.stdout).trim().parse().ok()
}

/// The worker's OS login, created when missing (root only).
fn worker_uid() -> Option<u32> {
    if let Some(u) = uid_of(WORKER) {
        return Some(u);
    }
    let ok = Command::new("useradd")
        .args([
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            WORKER,
        ])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        println!("  (cannot create the OS user {WORKER}: useradd failed)");
    }
    uid_of(WORKER)
}

/// The worker asks for a preview supervised by `lead` and waits; the lead approves it from
/// their own connection `after` the request appeared (a person does not answer at once; the
/// waiting command looks at its request every 200 ms). Returns (from sending `approve` to the
/// first sound, from `approve` returning to the first sound), in ms.
fn approve_to_sound(
    socket: &Path,
    uid: u32,
    lead: &str,
    item: &str,
    after: Duration,
) -> Result<(f64, f64), String> {
    let (tx, rx) = mpsc::channel::<String>();
    let worker = {
        let socket = socket.to_path_buf();
        let argv = args(&[
            "preview",
            item,
            "--seconds",
            "0.5",
            "--supervisor",
            lead,
            "--wait-s",
            "60",
            "--json",
        ]);
        std::thread::spawn(move || -> Result<Reply, String> {
            let s = connect_as(&socket, uid).map_err(|e| format!("connect as {WORKER}: {e}"))?;
            let mut said = String::new();
            let mut sent = false;
            converse(s, &argv, None, false, &mut |b| {
                said.push_str(&String::from_utf8_lossy(b));
                if !sent && let Some(id) = request_id(&said) {
                    sent = true;
                    let _ = tx.send(id);
                }
            })
        })
    };
    let id = rx
        .recv_timeout(Duration::from_secs(30))
        .map_err(|_| "the worker's request never appeared".to_string());
    let id = match id {
        Ok(id) => id,
        Err(e) => {
            let r = worker.join().map_err(|_| "the worker panicked")??;
            return Err(format!("{e}: {}", String::from_utf8_lossy(&r.err).trim()));
        }
    };
    std::thread::sleep(after);
    let sent = Instant::now();
    let a = run(socket, &args(&["approve", &id]), None, false)?;
    let returned = Instant::now();
    if a.code != 0 {
        return Err(format!(
            "approve {id}: exit {}: {}",
            a.code,
            String::from_utf8_lossy(&a.err).trim()
        ));
    }
    let r = worker.join().map_err(|_| "the worker panicked")??;
    if r.code != 0 {
        return Err(format!(
            "the approved preview: exit {}: {}",
            r.code,
            String::from_utf8_lossy(&r.err).trim()
        ));
    }
    let first = r.first_audio.ok_or("no sound reached the worker")?;
    let ms = |t: Instant| first.saturating_duration_since(t).as_secs_f64() * 1000.0;
    Ok((ms(sent), ms(returned)))
}

/// "waiting for X's approval (request 12)…" → "12".
fn request_id(said: &str) -> Option<String> {
    let rest = &said[said.find("(request ")? + "(request ".len()..];
    let end = rest.find(')')?;
    Some(rest[..end].to_string())
}

/// From sending a PIN-supervised preview (played on the client) to its first sound, in ms.
fn pin_preview_to_sound(socket: &Path, item: &str) -> Result<f64, String> {
    let argv = args(&[
        "preview",
        item,
        "--seconds",
        "0.5",
        "--supervisor",
        LEAD2,
        "--pin-stdin",
        "--json",
    ]);
    let t0 = Instant::now();
    let r = run(socket, &argv, Some(PIN), false)?;
    if r.code != 0 {
        return Err(format!(
            "exit {}: {}",
            r.code,
            String::from_utf8_lossy(&r.err).trim()
        ));
    }
    let first = r.first_audio.ok_or("no sound reached the client")?;
    Ok(first.duration_since(t0).as_secs_f64() * 1000.0)
}

/// One run's headline numbers, for the medians over runs.
#[derive(Default)]
struct RunResult {
    team: Percentiles,
    team_rss_peak_mb: f64,
    team_rate: f64,
    idle_ui: Option<(f64, f64, f64)>,
    loaded: Percentiles,
    no_preview: Percentiles,
    rss_peak_np_mb: f64,
    throughput: f64,
    approve_ms: Option<f64>,
    pin_ms: f64,
    rss_idle_mb: f64,
    rss_peak_mb: f64,
    hwm_mb: f64,
    rss_after_mb: f64,
}

fn mb(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn one_run(built: &Path, run_dir: &Path, lead: &str, worker: Option<u32>) -> RunResult {
    let clients = env_num("EARSHOT_BENCH_CLIENTS", 50);
    let seconds = env_num("EARSHOT_BENCH_SECONDS", 30) as u64;
    let samples = env_num("EARSHOT_BENCH_SAMPLES", 10);
    let items = env_num("EARSHOT_BENCH_ITEMS", 100_000);
    let t = Instant::now();
    working_copy(built, run_dir);
    println!("a fresh working copy in {:.1} s", t.elapsed().as_secs_f64());
    let ids = std::fs::read_to_string(built.join("preview-items")).expect("preview items");
    let previews: Vec<String> = ids.lines().map(str::to_string).collect();
    let g = Guardian::start(run_dir, clients + 8);
    let mut res = RunResult::default();
    // A connection's first command warms what the store opens; then the idle guardian.
    let _ = run(&g.socket, &args(&["whoami"]), None, false);
    res.rss_idle_mb = mb(memory(g.pid()).0);
    let targets = Arc::new(Targets {
        items,
        pages: 0,
        after: false,
        previews: previews.clone(),
        next_preview: AtomicUsize::new(0),
    });

    // Time to the first sound, on an otherwise idle guardian (the last preview items, which
    // the load does not reach first).
    let mut pin = Vec::new();
    let mut approve = Vec::new();
    let mut approve_sent = Vec::new();
    for i in 0..samples {
        let item = &previews[previews.len() - 1 - i % previews.len()];
        match pin_preview_to_sound(&g.socket, item) {
            Ok(ms) => pin.push(ms),
            Err(e) => println!("  PIN preview failed: {e}"),
        }
        if let Some(uid) = worker {
            // Approvals spread evenly over the waiting command's 200 ms between looks.
            let after = Duration::from_millis((i * 200 / samples) as u64);
            match approve_to_sound(&g.socket, uid, lead, item, after) {
                Ok((s, r)) => {
                    approve_sent.push(s);
                    approve.push(r);
                }
                Err(e) => println!("  approved preview failed: {e}"),
            }
        }
    }

    let mut a = alone(&g.socket, &targets);
    print_tally("each request alone (one client, sequential)", &mut a, None);
    // A team: each client waits between requests, as a person does.
    let think = Duration::from_millis(env_num("EARSHOT_BENCH_THINK_MS", 1000) as u64);
    let (mut l, elapsed, peak) =
        team::team_load(&g.socket, &targets, clients, seconds, think, g.pid());
    res.team = print_tally(
        &format!(
            "a team: {clients} concurrent clients, each waiting on average {} ms between \
             requests (exponential), {seconds} s",
            think.as_millis()
        ),
        &mut l,
        Some(elapsed),
    );
    res.team_rate = l.ms.values().map(Vec::len).sum::<usize>() as f64 / elapsed;
    res.team_rss_peak_mb = mb(peak);
    println!("  guardian peak VmRSS {:.1} MB", res.team_rss_peak_mb);
    // A terminal UI left idle on the whole store.
    let idle_s = env_num("EARSHOT_BENCH_IDLE_S", 30) as u64;
    if let Some(u) = team::idle_ui(&g.socket, g.pid(), idle_s) {
        println!(
            "\nthe terminal UI through the guardian, idle on {items} items (goal < 1 % of a core)"
        );
        println!(
            "  its queue on screen after {:.1} s; then over {} s: the UI {:.2} % of a core, the \
             guardian for it {:.2} %",
            u.first_rows_s, u.seconds, u.ui_pct, u.guardian_pct
        );
        res.idle_ui = Some((u.first_rows_s, u.ui_pct, u.guardian_pct));
    }
    // Show and describe first (so that their memory is not what previews and queues left).
    let (mut l, elapsed, peak) = load(
        &g.socket,
        &MIX_NO_PREVIEW,
        0,
        &targets,
        clients,
        seconds,
        g.pid(),
    );
    res.no_preview = print_tally(
        &format!("under load, show and describe only: {clients} concurrent clients, {seconds} s"),
        &mut l,
        Some(elapsed),
    );
    res.rss_peak_np_mb = mb(peak);
    println!("  guardian peak VmRSS {:.1} MB", res.rss_peak_np_mb);
    let queuers = env_num("EARSHOT_BENCH_QUEUE_CLIENTS", 1).min(clients);
    let (mut l, elapsed, peak) = load(
        &g.socket,
        &MIX,
        queuers,
        &targets,
        clients,
        seconds,
        g.pid(),
    );
    res.loaded = print_tally(
        &format!(
            "under load: {clients} concurrent clients ({queuers} reading the whole queue back to \
             back, the others the mix with previews), {seconds} s"
        ),
        &mut l,
        Some(elapsed),
    );
    res.throughput = l.ms.values().map(Vec::len).sum::<usize>() as f64 / elapsed;
    let (_, hwm) = memory(g.pid());
    // Memory a second after the load, once its connections closed.
    std::thread::sleep(Duration::from_secs(1));
    res.rss_after_mb = mb(memory(g.pid()).0);
    res.rss_peak_mb = mb(peak);
    res.hwm_mb = mb(hwm);

    println!("\ntime to the first sound at the client (idle guardian, {samples} samples)");
    res.pin_ms = median(&pin);
    println!(
        "  PIN-supervised preview, request sent → first sound: p50 {:.1} ms, max {:.1} ms",
        res.pin_ms,
        pct(&mut pin, 100.0)
    );
    match worker {
        Some(_) if !approve.is_empty() => {
            res.approve_ms = Some(median(&approve));
            println!(
                "  worker's preview, lead's `approve` returned → first sound: p50 {:.1} ms, max \
                 {:.1} ms (from `approve` sent: p50 {:.1} ms)",
                median(&approve),
                pct(&mut approve, 100.0),
                median(&approve_sent)
            );
        }
        Some(_) => println!("  approve → first sound: every sample failed"),
        None => println!(
            "  approve → first sound: not measured (needs root, to connect as a second OS login)"
        ),
    }
    println!("\nguardian memory (goal < 64 MB)");
    println!(
        "  idle {:.1} MB; peak VmRSS (sampled every 50 ms) show and describe only {:.1} \
         MB, with previews {:.1} MB; VmHWM {:.1} MB; 1 s after the load {:.1} MB",
        res.rss_idle_mb, res.rss_peak_np_mb, res.rss_peak_mb, res.hwm_mb, res.rss_after_mb
    );
    drop(g);
    let _ = std::fs::remove_dir_all(run_dir);
    res
}

fn main() {
    let items = env_num("EARSHOT_BENCH_ITEMS", 100_000);
    let runs = env_num("EARSHOT_BENCH_RUNS", 1).max(1);
    let base: PathBuf = std::env::var_os("EARSHOT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    let root = base.join(format!("guardian-{items}"));
    let built = root.join("built");
    let lead = my_login();
    if !built.join("preview-items").exists() {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&built).expect("bench dir");
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o700)).expect("mode");
        println!(
            "building a store of {items} items (once; kept in {})",
            built.display()
        );
        build(&built, items, &lead);
    }
    let worker = if is_root() { worker_uid() } else { None };
    let mut results = Vec::new();
    for r in 0..runs {
        println!("\n=== run {} of {runs}: {items} items ===", r + 1);
        results.push(one_run(&built, &root.join("run"), &lead, worker));
    }
    if runs > 1 {
        println!("\n=== medians of {runs} runs ===");
        let m = |f: &dyn Fn(&RunResult) -> f64| median(&results.iter().map(f).collect::<Vec<_>>());
        let table = |title: &str, of: &dyn Fn(&RunResult) -> &Percentiles| {
            println!("  {title}");
            for k in of(&results[0]).keys() {
                let p = |f: fn(&(f64, f64)) -> f64| {
                    median(
                        &results
                            .iter()
                            .filter_map(|r| of(r).get(k))
                            .map(f)
                            .collect::<Vec<_>>(),
                    )
                };
                println!(
                    "    {:<34} p50 {:>8.1} ms   p99 {:>8.1} ms",
                    k.name(),
                    p(|x| x.0),
                    p(|x| x.1)
                );
            }
        };
        table("a team (open loop)", &|r| &r.team);
        println!(
            "    {:.0} requests/s; guardian peak VmRSS {:.1} MB",
            m(&|r| r.team_rate),
            m(&|r| r.team_rss_peak_mb)
        );
        let idle: Vec<(f64, f64, f64)> = results.iter().filter_map(|r| r.idle_ui).collect();
        if !idle.is_empty() {
            let of =
                |f: fn(&(f64, f64, f64)) -> f64| median(&idle.iter().map(f).collect::<Vec<_>>());
            println!(
                "  idle terminal UI: queue shown after {:.1} s; UI {:.2} % of a core, guardian {:.2} %",
                of(|x| x.0),
                of(|x| x.1),
                of(|x| x.2)
            );
        }
        table("under load, show and describe only", &|r| &r.no_preview);
        table("under load", &|r| &r.loaded);
        println!("  throughput {:.0} requests/s", m(&|r| r.throughput));
        println!("  PIN preview → first sound {:.1} ms", m(&|r| r.pin_ms));
        let approve: Vec<f64> = results.iter().filter_map(|r| r.approve_ms).collect();
        if !approve.is_empty() {
            println!("  approve → first sound {:.1} ms", median(&approve));
        }
        println!(
            "  guardian RSS: idle {:.1} MB, peak show+describe {:.1} MB, peak full load {:.1} \
             MB, VmHWM {:.1} MB, after {:.1} MB",
            m(&|r| r.rss_idle_mb),
            m(&|r| r.rss_peak_np_mb),
            m(&|r| r.rss_peak_mb),
            m(&|r| r.hwm_mb),
            m(&|r| r.rss_after_mb)
        );
    }
}
