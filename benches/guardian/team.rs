//! Two parts of the guardian benchmark that model people rather than scripts: a team of
//! clients who each wait a while between requests (open loop), and a terminal UI left idle on
//! the whole store.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Kind, Tally, Targets, run, run_clients};

/// What a team member asks for, in turn: pages of the queue, items, a description now and
/// then, a short preview under a lead's PIN.
pub(crate) const MIX_TEAM: [Kind; 10] = {
    use Kind::*;
    [
        QueuePage, Show, Show, QueuePage, Describe, Show, Preview, Show, QueuePage, Show,
    ]
};

/// A small, seeded generator (xorshift64*): the think times need no more.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        // In (0, 1].
        ((x >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// An exponentially distributed wait with this mean: requests arrive as a Poisson
    /// process, as a team's do.
    fn think(&mut self, mean: Duration) -> Duration {
        mean.mul_f64(-self.unit().ln()).min(mean * 10)
    }
}

/// `clients` team members for `seconds`, each waiting a random time (mean `think`) between
/// the end of one request and the start of the next; the guardian's memory sampled meanwhile.
/// Returns the tally, the seconds it ran and the peak VmRSS (KiB).
pub(crate) fn team_load(
    socket: &Path,
    targets: &Arc<Targets>,
    clients: usize,
    seconds: u64,
    think: Duration,
    pid: u32,
) -> (Tally, f64, u64) {
    let socket = socket.to_path_buf();
    let targets = Arc::clone(targets);
    run_clients(clients, seconds, pid, move |c, deadline| {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (c as u64 + 1).wrapping_mul(0xD1B5));
        let mut t = Tally::default();
        let mut i = c * 3;
        loop {
            let wait = rng.think(think);
            if Instant::now() + wait >= deadline {
                break;
            }
            std::thread::sleep(wait);
            let kind = MIX_TEAM[i % MIX_TEAM.len()];
            let (argv, line) = targets.argv(kind, (c * 1_000_003 + i) as u64);
            let t0 = Instant::now();
            let r = run(&socket, &argv, line, false);
            t.add(kind, t0.elapsed(), r);
            i += 1;
        }
        t
    })
}

/// CPU time (user + system) of a process so far, in seconds.
fn cpu_s(pid: u32) -> f64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = s.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    // SAFETY: sysconf reads a constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    (ticks(11) + ticks(12)) / hz
}

/// What an idle terminal UI on the whole store costs.
pub(crate) struct IdleUi {
    /// From starting the UI to its queue on the screen.
    pub(crate) first_rows_s: f64,
    /// CPU of the UI process, and of the guardian serving it, in % of one core.
    pub(crate) ui_pct: f64,
    pub(crate) guardian_pct: f64,
    pub(crate) seconds: u64,
}

/// Starts the terminal UI through the guardian in a tmux session of its own, waits for its
/// queue, and measures its CPU (and the guardian's) over `seconds` with nothing happening.
/// `None` (and why, printed) without tmux.
pub(crate) fn idle_ui(socket: &Path, guardian: u32, seconds: u64) -> Option<IdleUi> {
    let server = format!("earshot-bench-{}", std::process::id());
    let tmux = |a: &[&str]| Command::new("tmux").arg("-L").arg(&server).args(a).output();
    let bin = env!("CARGO_BIN_EXE_earshot");
    let script = format!(
        "exec env -u EARSHOT_STORE -u EARSHOT_KEY_FILE LANG=C.UTF-8 {bin} --socket {} --sink null",
        socket.display()
    );
    let t0 = Instant::now();
    match tmux(&[
        "new-session",
        "-d",
        "-s",
        "ui",
        "-x",
        "120",
        "-y",
        "35",
        &script,
    ]) {
        Ok(o) if o.status.success() => {}
        _ => {
            println!("  idle terminal UI: not measured (tmux is needed)");
            return None;
        }
    }
    let screen = || {
        tmux(&["capture-pane", "-p", "-t", "ui"])
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    let shown = loop {
        let s = screen();
        if s.lines().any(|l| l.starts_with('▶')) {
            break true;
        }
        if t0.elapsed() > Duration::from_secs(120) {
            println!("  idle terminal UI: its queue never showed:\n{s}");
            break false;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let first_rows_s = t0.elapsed().as_secs_f64();
    let pid = tmux(&["display-message", "-p", "-t", "ui", "#{pane_pid}"])
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<u32>()
                .ok()
        });
    let result = match (shown, pid) {
        (true, Some(pid)) => {
            // Settle: the first answers parsed, the first frames drawn.
            std::thread::sleep(Duration::from_secs(2));
            let (u0, g0) = (cpu_s(pid), cpu_s(guardian));
            std::thread::sleep(Duration::from_secs(seconds));
            let (u1, g1) = (cpu_s(pid), cpu_s(guardian));
            let pct = |a: f64, b: f64| (b - a) / seconds as f64 * 100.0;
            Some(IdleUi {
                first_rows_s,
                ui_pct: pct(u0, u1),
                guardian_pct: pct(g0, g1),
                seconds,
            })
        }
        _ => None,
    };
    let _ = tmux(&["kill-server"]);
    result
}
