//! Scale benchmarks (not tests), measured as whole processes of the real binary: `report --case`
//! for a case of 1,000 and of 100 items in a large store, `doctor`, and `queue --json`.
//!
//!     cargo bench --bench scale                          # a store of 50,000 items
//!     EARSHOT_SCALE_ITEMS=100000 cargo bench --bench scale
//!
//! Goals (issue "nothing silently lost", point 6): `report --case` of a 1,000-item case in a
//! 50,000-item store < 1 s and proportional to the case; `queue --json` at 100,000 items
//! < 0.5 s and < 64 MB. The store is built once under `EARSHOT_BENCH_DIR` (default
//! target/bench-data) and reused.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use earshot::core::model::{Channel, Metadata, Person, PersonRole, Secretly};
use earshot::store::{ImportRequest, Store};

#[path = "common/wav.rs"]
mod wav;

const BIG: (&str, usize) = ("C-BIG", 1000);
const SMALL: (&str, usize) = ("C-SMALL", 100);
const LEAD: &str = "bench";

fn import(s: &mut Store, src: &Path, case: &str, from: usize, n: usize) -> Vec<i64> {
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let p = src.join(format!("{}.wav", from + i));
            wav::wav(&p, (from + i) as u64, 800); // 50 ms at 16 kHz
            p
        })
        .collect();
    let req = ImportRequest {
        files: files.clone(),
        case: case.into(),
        received_by: LEAD.into(),
        channel: Channel::Whatsapp,
        from: None,
        received_at: None,
    };
    let made = s
        .import(LEAD, &req, &earshot::audio::SymphoniaProber)
        .expect("import");
    for f in files {
        let _ = std::fs::remove_file(f);
    }
    made.into_iter().map(|i| i.id).collect()
}

/// `items` in all: the two measured cases (every item described, so each has a trail) and the
/// rest spread over 100 other cases, 500 per import transaction.
fn build(root: &Path, items: usize) {
    let dir = root.join("store");
    let key = root.join("key");
    let mut s = Store::init(&dir, Some(&key), LEAD, earshot::store::system_clock()).expect("init");
    let src = root.join("src");
    std::fs::create_dir_all(&src).expect("src");
    let t = Instant::now();
    let meta = Metadata {
        sender: Some("Bench Sender".into()),
        subjects: vec![Person {
            name: "Bench Parent".into(),
            role: PersonRole::Parent,
        }],
        purpose: Some("load test of the case report".into()),
        secretly: Secretly::No,
        legal_basis: None,
        processing_purpose: None,
    };
    let mut made = 0;
    for (case, n) in [BIG, SMALL] {
        for id in import(&mut s, &src, case, made, n) {
            s.describe(LEAD, id, &meta).expect("describe");
        }
        made += n;
    }
    let mut batch = 0;
    while made < items {
        let n = 500.min(items - made);
        import(&mut s, &src, &format!("C-{}", batch % 100), made, n);
        made += n;
        batch += 1;
        if batch % 20 == 0 {
            println!("  {made} items after {:.0} s", t.elapsed().as_secs_f64());
        }
    }
    println!(
        "built a store of {items} items in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

/// Wall time and peak resident memory (KiB) of one run of the binary, its output discarded.
fn run(root: &Path, args: &[&str]) -> (Duration, u64) {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_earshot"))
        .args(args)
        .env("EARSHOT_STORE", root.join("store"))
        .env("EARSHOT_KEY_FILE", root.join("key"))
        .env("EARSHOT_USER", LEAD)
        .env_remove("EARSHOT_SOCKET")
        .env_remove("EARSHOT_HOST")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start earshot");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped; both pointers are to live locals.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = t.elapsed();
    assert_eq!(got, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "earshot {args:?} failed ({status})"
    );
    // The child is reaped; forget the handle without waiting again.
    drop(child.stdin.take());
    std::mem::forget(child);
    (took, usage.ru_maxrss as u64)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn measure(root: &Path, what: &str, args: &[&str], goal: &str) {
    let _ = run(root, args); // warm the page cache
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..5 {
        let (t, rss) = run(root, args);
        times.push(t);
        peak = peak.max(rss);
    }
    println!(
        "{what}: {:.0} ms (median of 5), peak RSS {:.1} MB{goal}",
        median(times).as_secs_f64() * 1000.0,
        peak as f64 / 1024.0
    );
}

fn main() {
    let items: usize = std::env::var("EARSHOT_SCALE_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    assert!(
        items >= BIG.1 + SMALL.1,
        "at least {} items",
        BIG.1 + SMALL.1
    );
    let base: PathBuf = std::env::var_os("EARSHOT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    let root = base.join(format!("scale-{items}"));
    if !root.join("store/earshot.db").exists() {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("bench dir");
        build(&root, items);
    }
    for (case, n) in [BIG, SMALL] {
        for format in ["md", "json"] {
            measure(
                &root,
                &format!("report --case ({n} items of {items}, {format})"),
                &["report", "--case", case, "--format", format],
                if n == BIG.1 { "; goal < 1 s" } else { "" },
            );
        }
    }
    measure(
        &root,
        &format!("queue --json ({items} items)"),
        &["queue", "--json"],
        "; goal < 0.5 s and < 64 MB at 100,000",
    );
    measure(&root, &format!("doctor ({items} items)"), &["doctor"], "");
    // What each deletion adds: every live recording's key wrapped again under a new epoch.
    measure(
        &root,
        &format!("key rotate ({items} live keys)"),
        &["key", "rotate"],
        "",
    );
}
