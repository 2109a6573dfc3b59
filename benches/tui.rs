//! TUI benchmarks (not tests): time to the first frame on a store of 10,000 items, and the time
//! to draw one queue frame with 100,000 items.
//!
//!     cargo bench --bench tui
//!     EARSHOT_BENCH_ITEMS=2000 cargo bench --bench tui     # a smaller store, quicker
//!
//! The store is built once under `EARSHOT_BENCH_DIR` (default target/bench-data) and reused.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use earshot::core::lang::Lang;
use earshot::core::model::Channel;
use earshot::store::{ImportRequest, Store};
use earshot::tui::app::{App, FromWorker, Msg};
use earshot::tui::keymap::KeyMap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/wav.rs"]
mod wav;

fn build(dir: &Path, key: &Path, items: usize) {
    let mut s = Store::init(dir, Some(key), "bench", earshot::store::system_clock()).expect("init");
    let src = dir.parent().expect("parent").join("src");
    std::fs::create_dir_all(&src).expect("src");
    let t = Instant::now();
    for batch in 0..items.div_ceil(500) {
        let files: Vec<PathBuf> = (0..500.min(items - batch * 500))
            .map(|i| {
                let p = src.join(format!("{batch}-{i}.wav"));
                wav::wav(&p, (batch * 500 + i) as u64, 800); // 50 ms at 16 kHz
                p
            })
            .collect();
        let req = ImportRequest {
            files: files.clone(),
            case: format!("C-{}", batch % 40),
            received_by: "bench".into(),
            channel: Channel::Whatsapp,
            from: None,
            received_at: None,
        };
        s.import("bench", &req, &earshot::audio::SymphoniaProber)
            .expect("import");
        for f in files {
            let _ = std::fs::remove_file(f);
        }
    }
    println!(
        "built a store of {items} items in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

fn main() {
    let items: usize = std::env::var("EARSHOT_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let base: PathBuf = std::env::var_os("EARSHOT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    let root = base.join(format!("tui-{items}"));
    let dir = root.join("store");
    let key = root.join("key");
    if !dir.join("earshot.db").exists() {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("bench dir");
        build(&dir, &key, items);
    }

    // Time to first frame: open the store, read the queue, lay it out and draw it.
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let store = Store::open(&dir, Some(&key), earshot::store::system_clock()).expect("open");
        let user = store.user("bench").expect("user");
        let rows = store.queue().expect("queue");
        let mut app = App::new(user, Lang::En, KeyMap::default());
        app.update(Msg::Worker(FromWorker::Queue {
            rows,
            escalations: vec![],
            due: vec![],
        }));
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        term.draw(|f| earshot::tui::ui::render(&mut app, f))
            .expect("draw");
        best = best.min(t.elapsed());
        assert_eq!(app.rows.len(), items);
    }
    println!(
        "time to first frame, {items} items: {:.1} ms (best of 5; goal < 150 ms)",
        best.as_secs_f64() * 1000.0
    );

    // One queue frame with 100,000 items.
    let store = Store::open(&dir, Some(&key), earshot::store::system_clock()).expect("open");
    let mut app = App::new(
        store.user("bench").expect("user"),
        Lang::En,
        KeyMap::default(),
    );
    let proto = store.queue().expect("queue");
    let rows: Vec<_> = (0..100_000)
        .map(|i| {
            let mut r = proto[i % proto.len()].clone();
            r.id = i as i64 + 1;
            r
        })
        .collect();
    app.update(Msg::Worker(FromWorker::Queue {
        rows,
        escalations: vec![],
        due: vec![],
    }));
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let frames = 200;
    let t = Instant::now();
    for i in 0..frames {
        app.selected = (i * 487) % 100_000;
        term.draw(|f| earshot::tui::ui::render(&mut app, f))
            .expect("draw");
    }
    let per = t.elapsed().as_secs_f64() * 1000.0 / frames as f64;
    println!(
        "one queue frame with 100,000 items (120×40): {per:.3} ms (mean of {frames}; goal < 2 ms)"
    );
    let t = Instant::now();
    app.search = "c-1".into();
    app.rebuild_view();
    println!(
        "incremental search over 100,000 items: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
}
