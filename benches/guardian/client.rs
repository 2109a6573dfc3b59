//! The guardian benchmarks' client: the frame protocol spoken over the socket as `earshot
//! --socket` would, the requests a load sends, their latencies tallied, and the load's threads.

use std::collections::BTreeMap;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use earshot::guardian::frame::{Down, Hello, Up, VERSION};

use super::{LEAD2, PIN};

/// VmRSS and VmHWM of a process, in KiB.
pub(crate) fn memory(pid: u32) -> (u64, u64) {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        s.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// What one command came back with.
#[derive(Default)]
pub(crate) struct Reply {
    pub(crate) code: i32,
    pub(crate) out: Vec<u8>,
    pub(crate) out_len: usize,
    pub(crate) err: Vec<u8>,
    /// When the first sound arrived.
    pub(crate) first_audio: Option<Instant>,
}

/// Runs one command on an open connection the way `earshot --socket` would, answering a
/// request for a line with `line` and acknowledging sound as played the moment it arrives.
/// `on_err` sees standard error as it comes (to learn a request's id while it waits).
pub(crate) fn converse(
    mut s: UnixStream,
    argv: &[String],
    line: Option<&str>,
    keep_out: bool,
    on_err: &mut dyn FnMut(&[u8]),
) -> Result<Reply, String> {
    let io = |e: std::io::Error| e.to_string();
    Up::Hello(Hello {
        version: VERSION,
        argv: argv.to_vec(),
        lang: "en".into(),
        stdin_tty: false,
        stderr_tty: false,
        accept: vec![],
    })
    .write(&mut s)
    .map_err(io)?;
    let mut r = Reply::default();
    let (mut rate, mut channels, mut frames) = (1u64, 1u64, 0u64);
    loop {
        let f = Down::read(&mut s)
            .map_err(io)?
            .ok_or("the guardian closed the connection")?;
        let answer = match f {
            Down::Out(b) => {
                r.out_len += b.len();
                if keep_out {
                    r.out.extend_from_slice(&b);
                }
                None
            }
            Down::Err(b) => {
                on_err(&b);
                r.err.extend_from_slice(&b);
                None
            }
            Down::NeedLine => Some(Up::Line(line.map(str::to_string))),
            Down::AskSecret(_) => Some(Up::Secret(Err("no terminal".into()))),
            Down::NeedFile(_) => Some(Up::FileEnd(Err("not in a benchmark".into()))),
            Down::WriteChunk(_) | Down::TuiPart(_) | Down::Tui(_) => None,
            Down::WriteFile { .. } | Down::CheckWritable { .. } => {
                Some(Up::Written(Err("not in a benchmark".into())))
            }
            Down::AudioStart(fmt) => {
                rate = u64::from(fmt.rate.max(1));
                channels = u64::from(fmt.channels.max(1));
                frames = 0;
                None
            }
            Down::Audio(pcm) => {
                r.first_audio.get_or_insert_with(Instant::now);
                frames += pcm.len() as u64 / (2 * channels);
                Some(Up::Played(frames * 1000 / rate))
            }
            Down::AudioEnd => None,
            Down::Exit(code) => {
                r.code = code;
                return Ok(r);
            }
        };
        if let Some(a) = answer {
            a.write(&mut s).map_err(io)?;
        }
    }
}

pub(crate) fn run(
    socket: &Path,
    argv: &[String],
    line: Option<&str>,
    keep_out: bool,
) -> Result<Reply, String> {
    let s = UnixStream::connect(socket).map_err(|e| format!("connect: {e}"))?;
    converse(s, argv, line, keep_out, &mut |_| {})
}

pub(crate) fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum Kind {
    Queue,
    QueuePage,
    Show,
    Describe,
    Preview,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Queue => "queue --json (whole store)",
            Kind::QueuePage => "queue --page N --json (50 items)",
            Kind::Show => "show ITEM --json",
            Kind::Describe => "describe ITEM ...",
            Kind::Preview => "preview 0.5 s, PIN, --sink null",
        }
    }
}

/// What each load client does, in turn (each starts at another place in it): 65 % show,
/// 20 % describe, 15 % preview. The whole queue is read by clients of their own (see [`load`]):
/// at 100,000 items one takes seconds, and a share of every client's turns would leave all of
/// them reading queues.
pub(crate) const MIX: [Kind; 20] = {
    use Kind::*;
    [
        Show, Show, Describe, Show, Preview, Show, Show, Describe, Show, Show, Show, Preview, Show,
        Describe, Show, Show, Preview, Show, Describe, Show,
    ]
};

/// [`MIX`] with `show` in place of the previews: the load without PIN checks (Argon2id, 19 MiB
/// each) and without playback.
pub(crate) const MIX_NO_PREVIEW: [Kind; 20] = {
    let mut m = MIX;
    let mut i = 0;
    while i < m.len() {
        if matches!(m[i], Kind::Preview) {
            m[i] = Kind::Show;
        }
        i += 1;
    }
    m
};

/// The items requests go to: any item for `show` and `describe`, the long ones for previews.
pub(crate) struct Targets {
    pub(crate) items: usize,
    /// Queue pages asked for: the first this many (0: any).
    pub(crate) pages: usize,
    /// Queue pages asked for by the item before them (`--after ITEM`, anywhere in the queue)
    /// rather than by number.
    pub(crate) after: bool,
    pub(crate) previews: Vec<String>,
    pub(crate) next_preview: AtomicUsize,
}

impl Targets {
    pub(crate) fn argv(&self, kind: Kind, n: u64) -> (Vec<String>, Option<&'static str>) {
        // A cheap spread over the items (multiplicative hashing).
        let any = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) % self.items as u64 + 1;
        let id = any.to_string();
        match kind {
            Kind::Queue => (args(&["queue", "--json"]), None),
            Kind::QueuePage if self.after => (
                args(&["queue", "--after", &id, "--per-page", "50", "--json"]),
                None,
            ),
            Kind::QueuePage => {
                let pages = match self.pages {
                    0 => self.items.div_ceil(50),
                    n => n.min(self.items.div_ceil(50)),
                };
                let page = (any - 1) % pages as u64 + 1;
                (
                    args(&[
                        "queue",
                        "--page",
                        &page.to_string(),
                        "--per-page",
                        "50",
                        "--json",
                    ]),
                    None,
                )
            }
            Kind::Show => (args(&["show", &id, "--json"]), None),
            Kind::Describe => (
                args(&[
                    "describe",
                    &id,
                    "--sender",
                    "Bench Sender",
                    "--subject",
                    "Bench Child:child",
                    "--purpose",
                    "load test",
                    "--json",
                ]),
                None,
            ),
            Kind::Preview => {
                let i = self.next_preview.fetch_add(1, Ordering::Relaxed) % self.previews.len();
                (
                    args(&[
                        "preview",
                        &self.previews[i],
                        "--seconds",
                        "0.5",
                        "--supervisor",
                        LEAD2,
                        "--pin-stdin",
                        "--sink",
                        "null",
                        "--json",
                    ]),
                    Some(PIN),
                )
            }
        }
    }
}

/// Latencies per kind, and failures (a non-zero exit, or a broken connection).
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) ms: BTreeMap<Kind, Vec<f64>>,
    pub(crate) failed: BTreeMap<Kind, usize>,
    pub(crate) first_failure: Option<String>,
    pub(crate) queue_bytes: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, kind: Kind, t: Duration, r: Result<Reply, String>) {
        match r {
            Ok(r) if r.code == 0 => {
                if kind == Kind::Queue {
                    self.queue_bytes = r.out_len;
                }
                self.ms
                    .entry(kind)
                    .or_default()
                    .push(t.as_secs_f64() * 1000.0);
            }
            other => {
                *self.failed.entry(kind).or_default() += 1;
                if self.first_failure.is_none() {
                    self.first_failure = Some(match other {
                        Ok(r) => format!(
                            "{kind:?} exit {}: {}",
                            r.code,
                            String::from_utf8_lossy(&r.err).trim()
                        ),
                        Err(e) => format!("{kind:?}: {e}"),
                    });
                }
            }
        }
    }

    pub(crate) fn merge(&mut self, o: Tally) {
        for (k, v) in o.ms {
            self.ms.entry(k).or_default().extend(v);
        }
        for (k, n) in o.failed {
            *self.failed.entry(k).or_default() += n;
        }
        if self.first_failure.is_none() {
            self.first_failure = o.first_failure;
        }
        self.queue_bytes = self.queue_bytes.max(o.queue_bytes);
    }
}

pub(crate) fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let i = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[i.clamp(1, v.len()) - 1]
}

pub(crate) fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    pct(&mut v, 50.0)
}

pub(crate) fn print_tally(title: &str, t: &mut Tally, seconds: Option<f64>) -> Percentiles {
    println!("\n{title}");
    println!(
        "  {:<34} {:>7} {:>7} {:>10} {:>10} {:>10}",
        "request", "count", "failed", "p50 ms", "p99 ms", "max ms"
    );
    let mut out = BTreeMap::new();
    let mut total = 0;
    for (k, v) in t.ms.iter_mut() {
        total += v.len();
        let (p50, p99, max) = (pct(v, 50.0), pct(v, 99.0), pct(v, 100.0));
        out.insert(*k, (p50, p99));
        println!(
            "  {:<34} {:>7} {:>7} {:>10.1} {:>10.1} {:>10.1}",
            k.name(),
            v.len(),
            t.failed.get(k).copied().unwrap_or(0),
            p50,
            p99,
            max
        );
    }
    if let Some(s) = seconds {
        println!(
            "  throughput: {:.0} requests/s over {s:.0} s",
            total as f64 / s
        );
    }
    if t.queue_bytes > 0 {
        println!(
            "  one whole queue as JSON: {:.1} MB",
            t.queue_bytes as f64 / 1e6
        );
    }
    if let Some(f) = &t.first_failure {
        println!("  first failure: {f}");
    }
    out
}

/// Each kind alone, one request at a time.
pub(crate) fn alone(socket: &Path, targets: &Targets) -> Tally {
    let mut t = Tally::default();
    let plan = [
        (Kind::Queue, 5),
        (Kind::QueuePage, 50),
        (Kind::Show, 50),
        (Kind::Describe, 20),
        (Kind::Preview, 10),
    ];
    let mut n = 7u64;
    for (kind, count) in plan {
        for _ in 0..count {
            n += 1;
            let (argv, line) = targets.argv(kind, n);
            let t0 = Instant::now();
            let r = run(socket, &argv, line, false);
            t.add(kind, t0.elapsed(), r);
        }
    }
    t
}

/// `clients` threads for `seconds`, each running `client(c, deadline)` for its tally; the
/// guardian's memory sampled meanwhile. Returns the tallies merged, the seconds it ran and the
/// peak VmRSS (KiB).
pub(crate) fn run_clients(
    clients: usize,
    seconds: u64,
    pid: u32,
    client: impl Fn(usize, Instant) -> Tally + Send + Sync + 'static,
) -> (Tally, f64, u64) {
    let stop = Arc::new(AtomicBool::new(false));
    let peak_rss = Arc::new(AtomicU64::new(0));
    let sampler = {
        let stop = Arc::clone(&stop);
        let peak = Arc::clone(&peak_rss);
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(memory(pid).0, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let client = Arc::new(client);
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || client(c, deadline))
        })
        .collect();
    let mut total = Tally::default();
    for t in threads {
        if let Ok(t) = t.join() {
            total.merge(t);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    (total, elapsed, peak_rss.load(Ordering::Relaxed))
}

/// p50 and p99 per kind of request, in ms.
pub(crate) type Percentiles = BTreeMap<Kind, (f64, f64)>;
