//! A subject's copy with parts made silent (`access grant --mute FROM-TO --mute-reason T`),
//! measured with sox: a 10 s tone as WAV, as Ogg Opus (48 kHz) and as AAC in M4A (44.1 kHz),
//! granted with `--mute 2-4 --mute 6.5-7` (and an overlapping `3-3.5`), decoded by sox and
//! measured in 100 ms windows.
//!
//! Tolerance: the WAV copy is silent exactly in its ranges (to the sample). An Opus copy may
//! carry sound up to one Opus frame (20 ms) into a range at each edge; the windows measured
//! inside start and end 20 ms inside the edges, the windows outside stay 20 ms away from them.
//! Silence: RMS below -80 dBFS. Sound: RMS within 1.5 dB of the original's in the same window.
//! Length: the original's, within one frame (20 ms), to the sample for WAV.
//!
//! Needs sox (with libsox-fmt-all, for Opus), ffmpeg (to make the test audio) and sha256sum.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const RANGES: [&str; 3] = ["6.5-7", "2-4", "3-3.5"];
/// The ranges merged, in milliseconds.
const MUTED: [(u64, u64); 2] = [(2_000, 4_000), (6_500, 7_000)];
const REASON: &str = "stem van een kind";

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    let o = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (apt-get install sox libsox-fmt-all ffmpeg): {e}")
    });
    assert!(
        o.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A 10 s 440 Hz tone at half scale, written by sox (WAV) or ffmpeg (Opus, AAC).
fn make_tone(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    let ps = p.to_str().unwrap();
    match name.rsplit('.').next() {
        Some("wav") => {
            tool(
                "sox",
                &[
                    "-n", "-r", "48000", "-c", "1", "-b", "16", ps, "synth", "10", "sine", "440",
                    "vol", "0.5",
                ],
            );
        }
        Some(ext) => {
            let (rate, codec) = if ext == "opus" {
                ("48000", "libopus")
            } else {
                ("44100", "aac")
            };
            let src = format!("sine=frequency=440:sample_rate={rate}:duration=10");
            tool(
                "ffmpeg",
                &[
                    "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", &src, "-af", "volume=4",
                    "-c:a", codec, "-b:a", "128k", ps,
                ],
            );
        }
        None => unreachable!(),
    }
    p
}

/// The file as a WAV sox can read: itself, or decoded by ffmpeg (the sox on Debian reads
/// neither Ogg Opus nor M4A). ffmpeg honours an Ogg Opus file's pre-skip and end trimming.
fn as_wav(p: &Path) -> PathBuf {
    if p.extension().is_some_and(|e| e == "wav") {
        return p.to_path_buf();
    }
    let w = p.with_extension("decoded.wav");
    let (ps, ws) = (p.to_str().unwrap(), w.to_str().unwrap());
    tool(
        "ffmpeg",
        &[
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            ps,
            "-c:a",
            "pcm_s16le",
            ws,
        ],
    );
    w
}

/// The file decoded by sox: (rate, samples of the first channel in [-1, 1]).
fn sox_decode(p: &Path) -> (u32, Vec<f32>) {
    let w = as_wav(p);
    let ws = w.to_str().unwrap();
    let rate: u32 = String::from_utf8_lossy(&tool("soxi", &["-r", ws]).stdout)
        .trim()
        .parse()
        .unwrap();
    let raw = tool(
        "sox",
        &[ws, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-"],
    )
    .stdout;
    let s = raw
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    (rate, s)
}

/// sox's own "RMS amplitude" (`stat`) of `p` from `from_ms` to `to_ms`.
fn sox_rms(p: &Path, from_ms: u64, to_ms: u64) -> f32 {
    let w = as_wav(p);
    let (start, len) = (
        format!("{}", from_ms as f64 / 1000.0),
        format!("{}", (to_ms - from_ms) as f64 / 1000.0),
    );
    let o = tool(
        "sox",
        &[w.to_str().unwrap(), "-n", "trim", &start, &len, "stat"],
    );
    let text = String::from_utf8_lossy(&o.stderr);
    text.lines()
        .find(|l| l.starts_with("RMS     amplitude:"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("sox stat: {text}"))
}

fn db(rms: f32) -> f32 {
    20.0 * rms.max(1e-9).log10()
}

/// RMS of `s` (at `rate`) from `from_ms` to `to_ms`.
fn rms(s: &[f32], rate: u32, from_ms: u64, to_ms: u64) -> f32 {
    let at = |ms: u64| ((ms * u64::from(rate) / 1000) as usize).min(s.len());
    let w = &s[at(from_ms)..at(to_ms)];
    (w.iter().map(|x| x * x).sum::<f32>() / w.len().max(1) as f32).sqrt()
}

fn sha256(p: &Path) -> String {
    let o = tool("sha256sum", &[p.to_str().unwrap()]);
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

fn import(s: &TestStore, p: &Path) -> i64 {
    let v = s.json(
        "wim",
        &[
            "import",
            p.to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            "wim",
            "--channel",
            "whatsapp",
        ],
    );
    let id = v[0]["id"].as_i64().expect("id");
    s.describe(id);
    id
}

fn grant_args(id: i64, out: &Path, lang: &str, mute: &[&str], reason: Option<&str>) -> Vec<String> {
    let mut a: Vec<String> = [
        "access",
        "grant",
        &id.to_string(),
        "--subject",
        "Maria Jansen",
        "--approved-by",
        "lea",
        "--identity-checked",
        "ID card shown at the office",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        lang,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for m in mute {
        a.push("--mute".into());
        a.push(m.to_string());
    }
    if let Some(r) = reason {
        a.push("--mute-reason".into());
        a.push(r.into());
    }
    a
}

fn grant(s: &TestStore, args: &[String]) -> serde_json::Value {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    s.json("lea", &a)
}

fn audit(s: &TestStore) -> Vec<serde_json::Value> {
    s.json("lea", &["audit", "log"]).as_array().unwrap().clone()
}

/// Grants `name` (a tone made here) with the ranges muted and measures the copy.
fn muted_copy_of(name: &str, copy_name: &str, lang: &str) {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let original = make_tone(tmp.path(), name);
    let id = import(&s, &original);
    let out = s.tmp.path().join("for-maria");
    let v = grant(&s, &grant_args(id, &out, lang, &RANGES, Some(REASON)));
    let copy = out.join(copy_name);
    assert!(copy.is_file(), "{name}: {v}");
    let copy_sha = sha256(&copy);
    assert_eq!(v["files"][0]["kind"], "recording_muted");
    assert_eq!(v["files"][0]["sha256"], copy_sha.as_str());
    assert_eq!(v["copy_sha256"], copy_sha.as_str());
    assert_eq!(v["recording_sha256"], sha256(&original).as_str());
    assert_ne!(copy_sha, sha256(&original));
    assert_eq!(
        std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Measured with sox.
    let (orate, a) = sox_decode(&original);
    let (rate, b) = sox_decode(&copy);
    let exact = name.ends_with(".wav");
    let length_ms = |n: usize, r: u32| n as f64 * 1000.0 / f64::from(r);
    let (la, lb) = (length_ms(a.len(), orate), length_ms(b.len(), rate));
    eprintln!("{name}: length {la:.3} ms, copy {lb:.3} ms ({rate} Hz)");
    if exact {
        assert_eq!((a.len(), rate), (b.len(), orate), "{name}");
    } else if !name.ends_with(".m4a") {
        // sox cannot read M4A; its length is checked against the store's below.
        assert!((la - lb).abs() <= 20.0, "{name}: {la} ms, copy {lb} ms");
    }
    let stored = s.json("lea", &["show", &id.to_string()])["duration_s"]
        .as_f64()
        .unwrap()
        * 1000.0;
    assert!(
        (lb - stored).abs() <= 20.0,
        "{name}: the store says {stored} ms, the copy lasts {lb} ms"
    );
    let edge = if exact { 0 } else { 20 };
    let mut loudest_inside = f32::MIN;
    for (from, to) in MUTED {
        let mut w = from + edge;
        while w < to - edge {
            let e = (w + 100).min(to - edge);
            let r = db(rms(&b, rate, w, e));
            loudest_inside = loudest_inside.max(r);
            assert!(r < -80.0, "{name}: {w}-{e} ms: {r:.1} dBFS");
            w = e;
        }
    }
    // sox's own measure over each range, 20 ms (Opus) inside its edges.
    for (from, to) in MUTED {
        let r = sox_rms(&copy, from + edge, to - edge);
        eprintln!(
            "{name}: sox stat {from}-{to} ms: RMS amplitude {r} ({:.1} dBFS)",
            db(r)
        );
        assert!(r < 1e-4, "{name}: {from}-{to} ms: sox RMS {r}");
    }
    for (from, to) in [(500u64, 1_500u64), (4_500, 6_000), (8_000, 9_500)] {
        let (ro, rc) = (sox_rms(&original, from, to), sox_rms(&copy, from, to));
        eprintln!("{name}: sox stat {from}-{to} ms: RMS amplitude {rc}, original {ro}");
        assert!(
            (db(rc) - db(ro)).abs() < 1.0,
            "{name}: {from}-{to} ms: {rc} vs {ro}"
        );
    }
    let mut worst_outside = 0.0f32;
    let mut quietest_outside = f32::MAX;
    let mut windows = 0;
    let mut w = 0;
    while w + 100 <= 10_000 {
        let near = MUTED
            .iter()
            .any(|&(f, t)| w + 100 + edge > f && w < t + edge);
        // The original's own first and last 20 ms hold the encoders' start and end.
        if !near && w >= 100 && w + 100 <= 9_900 {
            let (ro, rc) = (
                db(rms(&a, orate, w, w + 100)),
                db(rms(&b, rate, w, w + 100)),
            );
            worst_outside = worst_outside.max((rc - ro).abs());
            quietest_outside = quietest_outside.min(rc);
            assert!(
                (rc - ro).abs() < 1.5,
                "{name}: {w} ms: {rc:.2} dBFS, original {ro:.2}"
            );
            windows += 1;
        }
        w += 100;
    }
    assert!(windows >= 60, "{name}: {windows}");
    eprintln!(
        "{name}: inside the ranges at most {loudest_inside:.1} dBFS; outside, {windows} windows \
         of 100 ms at least {quietest_outside:.1} dBFS, within {worst_outside:.2} dB of the \
         original"
    );

    // The statement lists each range with the reason, and both hashes.
    let stem = match lang {
        "nl" => format!("verwerkingsoverzicht-opname-{id}"),
        _ => format!("processing-statement-item-{id}"),
    };
    let md = std::fs::read_to_string(out.join(format!("{stem}.md"))).unwrap();
    let html = std::fs::read_to_string(out.join(format!("{stem}.html"))).unwrap();
    let secs = |t: &str| {
        if lang == "nl" {
            t.replace('.', ",")
        } else {
            t.to_string()
        }
    };
    for w in [
        format!("{} ({}): {REASON}", secs("0:02.0 – 0:04.0"), secs("2.0 s")),
        format!("{} ({}): {REASON}", secs("0:06.5 – 0:07.0"), secs("0.5 s")),
        copy_sha.clone(),
        v["recording_sha256"].as_str().unwrap().to_string(),
        copy_name.to_string(),
    ] {
        assert!(md.contains(&w), "{name} md: {w}\n{md}");
        assert!(html.contains(&w), "{name} html: {w}");
    }
    // Not the line of a byte-for-byte copy.
    assert!(
        !md.contains("the copy you received is exactly this file")
            && !md.contains("uw kopie is precies dit bestand)"),
        "{md}"
    );
    assert!(!md.contains("{{"));

    // The log: the ranges, the copy's SHA-256 and a keyed hash of the reason, never its words.
    let log = audit(&s);
    let e = log.last().unwrap();
    assert_eq!(e["action"], "access.exported");
    assert_eq!(e["detail"]["muted"], serde_json::json!(MUTED));
    assert_eq!(e["detail"]["copy_sha256"], copy_sha.as_str());
    assert_eq!(e["detail"]["files"][0]["sha256"], copy_sha.as_str());
    // A keyed hash, like the subject's in the grant.
    let g = log.iter().rfind(|e| e["action"] == "access.grant").unwrap();
    assert_eq!(
        e["detail"]["mute_reason"].as_str().map(str::len),
        g["detail"]["subject"].as_str().map(str::len),
        "{e}"
    );
    assert_ne!(e["detail"]["mute_reason"], g["detail"]["identity_checked"]);
    let raw = serde_json::to_string(&log).unwrap();
    assert!(!raw.contains(REASON), "{raw}");
    // The recording in the store is unchanged: checked whole.
    s.ok("lea", &["doctor", "--deep"]);
}

#[test]
fn a_muted_wav_copy_is_silent_to_the_sample_in_its_ranges() {
    muted_copy_of("tone.wav", "tone-muted.wav", "en");
}

#[test]
fn a_muted_opus_copy_is_silent_in_its_ranges_and_as_long_as_the_original() {
    muted_copy_of("tone.opus", "tone-stil-gemaakt.opus", "nl");
}

#[test]
fn a_muted_m4a_copy_becomes_ogg_opus_silent_in_its_ranges() {
    muted_copy_of("tone.m4a", "tone-muted.opus", "en");
}

#[test]
fn without_mute_the_copy_stays_byte_identical_and_bad_ranges_change_nothing() {
    let s = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let original = make_tone(tmp.path(), "tone.wav");
    let id = import(&s, &original);
    let out = s.tmp.path().join("for-maria");
    let before = audit(&s).len();
    for (mute, reason, why) in [
        (&["4-2"][..], Some(REASON), "does not end after it begins"),
        (&["2-10.5"], Some(REASON), "past the end"),
        (&["2-4", "soon"], Some(REASON), "not a range"),
        (&["2-4"], Some("  "), "empty"),
        (&["2-4"], None, "--mute-reason"),
        (&[], Some(REASON), "--mute"),
    ] {
        let a = grant_args(id, &out, "en", mute, reason);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let err = s.fails("lea", &a, 2);
        assert!(err.contains(why), "{mute:?}: {err}");
        assert!(!out.exists(), "{mute:?}: nothing is written");
        assert_eq!(audit(&s).len(), before, "{mute:?}: nothing is logged");
    }
    // In Dutch too.
    let a = grant_args(id, &out, "nl", &["9-11"], Some(REASON));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = s
        .command("lea", &a)
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    assert_code(&o, 2, &a);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("einde van de opname"), "{err}");
    assert!(!out.exists());
    assert_eq!(audit(&s).len(), before);

    let v = grant(&s, &grant_args(id, &out, "en", &[], None));
    assert_eq!(
        std::fs::read(out.join("tone.wav")).unwrap(),
        std::fs::read(&original).unwrap()
    );
    assert_eq!(v["files"][0]["kind"], "recording");
    assert!(v.get("copy_sha256").is_none());
    let md =
        std::fs::read_to_string(out.join(format!("processing-statement-item-{id}.md"))).unwrap();
    assert!(
        md.contains("the copy you received is exactly this file"),
        "{md}"
    );
    let e = audit(&s).last().unwrap().clone();
    assert_eq!(e["action"], "access.exported");
    assert!(e["detail"].get("muted").is_none(), "{e}");
    assert!(e["detail"].get("copy_sha256").is_none(), "{e}");
}
