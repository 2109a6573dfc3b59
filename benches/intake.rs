//! Intake benchmark: one WhatsApp export of 500 messages with 50 voice notes, imported into a
//! fresh store (zipped the Android way: media stored, chat deflated; and unpacked).
//!
//!     cargo bench --bench intake
//!
//! Reports wall time and peak resident memory of the import itself (VmHWM from
//! /proc/self/status, reset through /proc/self/clear_refs before each run).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use earshot::intake::archive::Limits;
use earshot::intake::{ChatImportRequest, import_chat};
use earshot::store::{Store, system_clock};

const MESSAGES: usize = 500;
const NOTES: usize = 50;
const NOTE_SECONDS: u32 = 8;

/// A 16-bit mono WAV whose samples depend on `seed` (every note differs).
fn wav(seconds: u32, seed: u64) -> Vec<u8> {
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
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let freq = 180.0 + (seed % 300) as f32;
    for i in 0..n {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let noise = ((x >> 33) as i32 % 1500) as f32;
        let s = (i as f32 * freq * std::f32::consts::TAU / rate as f32).sin() * 7000.0 + noise;
        b.extend_from_slice(&(s as i16).to_le_bytes());
    }
    b
}

fn make_export(dir: &Path) -> (std::path::PathBuf, u64) {
    let folder = dir.join("export");
    std::fs::create_dir_all(&folder).unwrap();
    let mut chat = String::new();
    let mut bytes = 0u64;
    let every = MESSAGES / NOTES;
    for i in 0..MESSAGES {
        let (h, m) = (8 + (i / 60) % 12, i % 60);
        let day = 1 + i / 200;
        let who = if i % 3 == 0 {
            "Wim (team)"
        } else {
            "Jan Jansen"
        };
        if i % every == every - 1 {
            let name = format!("AUD-202403{day:02}-WA{:04}.wav", i / every);
            let data = wav(NOTE_SECONDS, i as u64);
            bytes += data.len() as u64;
            std::fs::write(folder.join(&name), data).unwrap();
            chat.push_str(&format!(
                "{day:02}/03/2024, {h:02}:{m:02} - Jan Jansen: {name} (file attached)\n"
            ));
        } else if i % 7 == 0 {
            chat.push_str(&format!(
                "{day:02}/03/2024, {h:02}:{m:02} - {who}: a longer message {i}\nthat goes on for a second line\n"
            ));
        } else {
            chat.push_str(&format!(
                "{day:02}/03/2024, {h:02}:{m:02} - {who}: message number {i}\n"
            ));
        }
    }
    std::fs::write(folder.join("WhatsApp Chat with Jan Jansen.txt"), &chat).unwrap();
    // The zip, as Android makes it: media stored, the chat deflated.
    let zip_path = dir.join("export.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    for n in names {
        let n = n.to_string_lossy().into_owned();
        let method = if n.ends_with(".txt") {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        w.start_file(
            &n,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(&std::fs::read(folder.join(&n)).unwrap())
            .unwrap();
    }
    w.finish().unwrap();
    (zip_path, bytes)
}

fn status_kib(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn reset_peak() {
    // "5" resets the peak resident set size (VmHWM) to the current one.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn run(label: &str, export: &Path, audio_bytes: u64) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::init(
        &tmp.path().join("store"),
        Some(&tmp.path().join("k.key")),
        "lea",
        system_clock(),
    )
    .unwrap();
    reset_peak();
    let before = status_kib("VmRSS:");
    let start = Instant::now();
    let req = ChatImportRequest {
        export,
        case: "BENCH-1",
        received_by: "lea",
        dry_run: false,
        limits: Limits::default(),
    };
    let r = import_chat(&mut store, "lea", &req, &|| false, &mut |_| {}).unwrap();
    let took = start.elapsed();
    let peak = status_kib("VmHWM:");
    assert_eq!(r.imported.len(), NOTES, "{:?}", r.errors);
    assert_eq!(r.messages as usize, MESSAGES);
    println!(
        "{label:<8} {MESSAGES} messages, {NOTES} voice notes ({:.1} MB): {:>6.0} ms ({:.1} ms per note, {:.0} MB/s); peak RSS {:.1} MiB (RSS before {:.1} MiB)",
        audio_bytes as f64 / 1e6,
        took.as_secs_f64() * 1000.0,
        took.as_secs_f64() * 1000.0 / NOTES as f64,
        audio_bytes as f64 / 1e6 / took.as_secs_f64(),
        peak as f64 / 1024.0,
        before as f64 / 1024.0
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (zip_path, bytes) = make_export(tmp.path());
    // Warm the page cache once so both runs read from memory.
    run("warm-up", &zip_path, bytes);
    run("zip", &zip_path, bytes);
    run("folder", &tmp.path().join("export"), bytes);
}
