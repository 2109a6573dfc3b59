//! Audio speed checks, without a benchmark framework.
//!
//! Make the long files first, then run in release:
//!
//! ```text
//! LONG=1 scripts/make-audio-fixtures.sh /some/dir
//! EARSHOT_BENCH_DIR=/some/dir cargo bench --bench audio
//! ```
//!
//! Reports: probe time of a 30-minute Opus and M4A, decode + waveform time of
//! the 30-minute Opus against `ffmpeg -f null`, and the time to the first
//! sample at 1:50:00 of a 2-hour Opus.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use earshot::audio::player::{AudioPlayer, PlayerHandle, SinkKind};
use earshot::audio::{Decoder, PlayerCommand, PlayerEvent, SourceSpec, Waveform, probe};

fn open(path: &Path) -> (File, u64) {
    let f = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    (f, len)
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed());
        last = Some(out);
    }
    match last {
        Some(out) => (best, out),
        None => panic!("no runs"),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let Some(dir) = std::env::var_os("EARSHOT_BENCH_DIR").map(PathBuf::from) else {
        println!(
            "EARSHOT_BENCH_DIR is not set; make long files with \
             LONG=1 scripts/make-audio-fixtures.sh DIR and point it there"
        );
        return;
    };
    let opus30 = dir.join("long30.opus");
    let m4a30 = dir.join("long30.m4a");
    let opus120 = dir.join("long120.opus");

    for path in [&opus30, &m4a30] {
        let (t, p) = best_of(5, || {
            let (f, len) = open(path);
            probe(f, len, path.extension().and_then(|e| e.to_str()))
        });
        match p {
            Ok(p) => println!(
                "probe {:<14} {:>10}  ({} {}, {:.1} min)",
                file_name(path),
                ms(t),
                p.container,
                p.codec,
                p.duration_ms as f64 / 60_000.0
            ),
            Err(e) => println!("probe {}: {e}", file_name(path)),
        }
    }

    for path in [&opus30, &m4a30] {
        let (t_ours, w) = best_of(2, || {
            let (f, len) = open(path);
            let mut d = match Decoder::open(f, len, None) {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            };
            Waveform::from_decoder(&mut d, 50).map(|w| (w.len(), w.resample(1000).len()))
        });
        let (t_ffmpeg, ok) = best_of(2, || {
            Command::new("ffmpeg")
                .args(["-nostdin", "-v", "error", "-threads", "1", "-i"])
                .arg(path)
                .args(["-f", "null", "-"])
                .status()
                .map(|s| s.success())
                .unwrap_or(false)
        });
        println!(
            "decode+waveform {:<14} {:>10}  (buckets {:?}); ffmpeg -f null {:>10}{}; ratio {:.2}",
            file_name(path),
            ms(t_ours),
            w,
            ms(t_ffmpeg),
            if ok { "" } else { " (ffmpeg failed)" },
            t_ours.as_secs_f64() / t_ffmpeg.as_secs_f64()
        );
    }

    let target = (110 * 60) as u64 * 48_000; // 1:50:00 at 48 kHz
    let (t, first) = best_of(5, || {
        let (f, len) = open(&opus120);
        let mut d = match Decoder::open(f, len, Some("opus")) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let landed = d.seek_to_frame(target);
        (landed, d.next())
    });
    println!(
        "first sample at 1:50:00 of {}: {:>10} (open + seek + first sample; landed {:?}, sample {:?})",
        file_name(&opus120),
        ms(t),
        first.0,
        first.1.is_some()
    );
    // The same through the store: the gate, the debit and its audit entry (one fsync'd
    // transaction), the vault's decrypting reader, the decoder's seek, the first sample.
    {
        let tmp = std::env::temp_dir().join(format!("earshot-bench-vault-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let mut store = earshot::store::Store::init(
            &tmp.join("store"),
            Some(&tmp.join("key")),
            "bench",
            earshot::store::system_clock(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // Four eyes: a second lead supervises, in person.
        store
            .team_add(
                "bench",
                "bench2",
                earshot::core::model::Role::Lead,
                Some("246810"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let req = earshot::store::ImportRequest {
            files: vec![opus120.clone()],
            case: "BENCH".into(),
            received_by: "bench".into(),
            channel: earshot::core::model::Channel::Upload,
            from: None,
            received_at: None,
        };
        let id = store
            .import("bench", &req, &earshot::audio::SymphoniaProber)
            .unwrap_or_else(|e| panic!("{e}"))[0]
            .id;
        let (t, ok) = best_of(3, || {
            let ticket = store
                .begin_preview(
                    "bench",
                    id,
                    110 * 60 * 1000,
                    Some(1000),
                    "bench2",
                    &earshot::store::LeadProof::Pin("246810".into()),
                    "null",
                )
                .unwrap_or_else(|e| panic!("{e}"));
            let (rec, session) = store.open_preview(ticket).unwrap_or_else(|e| panic!("{e}"));
            let len = rec.reader.len();
            let mut d =
                Decoder::open(rec.reader, len, Some(&rec.format)).unwrap_or_else(|e| panic!("{e}"));
            let _ = d.seek_to_frame(target);
            let first = d.next().is_some();
            let _ = store.end_preview(&session, 0);
            first
        });
        println!(
            "preview at 1:50:00 of {} in the vault:  {:>10} (gate + debit + audit + decrypt + seek + first sample; sample {ok})",
            file_name(&opus120),
            ms(t)
        );
        drop(store);
        let _ = std::fs::remove_dir_all(&tmp);
    }
    // Two seconds of real-time playback (null output) from 1:50:00.
    let player = match PlayerHandle::spawn(SinkKind::Null) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let _ = player.send(PlayerCommand::Play {
        source: SourceSpec::file(&opus120),
        from_frame: target,
        max_frames: Some(96_000),
    });
    let end = Instant::now() + Duration::from_secs(10);
    while Instant::now() < end {
        if let Some(PlayerEvent::Finished { played_frames, .. }) =
            player.next_event(Duration::from_millis(100))
        {
            println!("null playback of a 2 s preview: {played_frames} frames");
            break;
        }
    }
    println!("peak RSS of this process: {} MB", peak_rss_mb());
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or_else(|| "?".into(), |kb| format!("{:.1}", kb as f64 / 1024.0))
}
