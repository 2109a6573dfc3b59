//! Tests over real audio: the fixtures made by `scripts/make-audio-fixtures.sh`
//! (fictional speech encoded from one WAV master of exact length), decoded for
//! real. Expectations come from `expected.json`, written by the script from the
//! master and from ffprobe, never from this code.

use std::fs::File;
use std::path::PathBuf;

use rodio::Source;

use super::*;

pub(crate) fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/audio")
}

pub(crate) fn fixture(name: &str) -> (File, u64, Option<String>) {
    let path = fixture_dir().join(name);
    let f = File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let len = f.metadata().unwrap().len();
    let hint = path.extension().and_then(|e| e.to_str()).map(str::to_owned);
    (f, len, hint)
}

fn open(name: &str) -> Decoder {
    let (f, len, hint) = fixture(name);
    Decoder::open(f, len, hint.as_deref()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn probe_of(name: &str) -> Result<Probe, AudioError> {
    let (f, len, hint) = fixture(name);
    probe(f, len, hint.as_deref())
}

struct Expected {
    duration_ms: u64,
    stereo_ms: u64,
    mp3_noxing_ms: f64,
    adts_ms: f64,
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(fixture_dir().join("expected.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let get = |k: &str| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("expected.json: {k}"))
    };
    Expected {
        duration_ms: get("master_frames") * 1000 / get("master_rate"),
        stereo_ms: get("stereo_frames") * 1000 / get("master_rate"),
        mp3_noxing_ms: get("mp3_noxing_packets") as f64 * 1152.0 * 1000.0 / 44100.0,
        adts_ms: get("adts_packets") as f64 * 1024.0 * 1000.0 / 44100.0,
    }
}

/// (file, container, codec, rate, channels)
const FORMATS: [(&str, &str, &str, u32, u16); 9] = [
    ("voice.opus", "ogg", "opus", 48000, 1),
    ("stereo.opus", "ogg", "opus", 48000, 2),
    ("voice.m4a", "mp4", "aac", 44100, 1),
    ("voice.aac", "adts", "aac", 44100, 1),
    ("voice.mp3", "mp3", "mp3", 44100, 1),
    ("voice_vbr_noxing.mp3", "mp3", "mp3", 44100, 1),
    ("voice.wav", "wav", "pcm", 8000, 1),
    ("voice.flac", "flac", "flac", 16000, 1),
    ("voice.ogg", "ogg", "vorbis", 22050, 1),
];

fn expected_ms(name: &str, e: &Expected) -> f64 {
    match name {
        "stereo.opus" => e.stereo_ms as f64,
        "voice_vbr_noxing.mp3" => e.mp3_noxing_ms,
        "voice.aac" => e.adts_ms,
        _ => e.duration_ms as f64,
    }
}

fn decode_all(d: &mut Decoder) -> Vec<f32> {
    let mut out = Vec::new();
    while let Some(b) = d.next_block() {
        out.extend_from_slice(b);
    }
    assert!(d.error().is_none(), "decode error: {:?}", d.error());
    out
}

#[test]
fn probe_and_decode_give_the_true_duration_in_every_format() {
    let e = expected();
    for (name, container, codec, rate, channels) in FORMATS {
        let p = probe_of(name).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(p.container, container, "{name}");
        assert_eq!(p.codec, codec, "{name}");
        assert_eq!(p.sample_rate, rate, "{name}");
        assert_eq!(p.channels, channels, "{name}");
        let want = expected_ms(name, &e);
        let probed_ms = p.frames as f64 * 1000.0 / rate as f64;
        assert!(
            (probed_ms - want).abs() <= 10.0,
            "{name}: probe says {probed_ms:.1} ms, expected {want:.1} ms"
        );
        assert!((p.duration_ms as f64 - want).abs() <= 10.0, "{name}");

        let mut d = open(name);
        assert_eq!(d.total_frames(), p.frames, "{name}");
        let samples = decode_all(&mut d);
        assert_eq!(samples.len() % channels as usize, 0);
        let frames = (samples.len() / channels as usize) as u64;
        let decoded_ms = frames as f64 * 1000.0 / rate as f64;
        assert!(
            (decoded_ms - want).abs() <= 10.0,
            "{name}: decoded {decoded_ms:.1} ms, expected {want:.1} ms"
        );
        assert_eq!(frames, p.frames, "{name}: decoded frames differ from probe");
        // Real sound, not silence.
        let peak = samples.iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.1, "{name}: peak {peak}");
    }
}

#[test]
fn formats_without_gapless_data_are_still_close_to_the_master() {
    // ADTS and an mp3 without a LAME header cannot know their encoder delay:
    // they play the codec's priming too, but never more than ~60 ms extra.
    let e = expected();
    for name in ["voice.aac", "voice_vbr_noxing.mp3"] {
        let p = probe_of(name).unwrap();
        let ms = p.frames as f64 * 1000.0 / p.sample_rate as f64;
        assert!(
            ms >= e.duration_ms as f64 && ms <= e.duration_ms as f64 + 60.0,
            "{name}: {ms}"
        );
    }
}

/// The first channel at 16 kHz, by linear interpolation (good enough to align).
fn to_16k(samples: &[f32], rate: u32, channels: u16) -> Vec<f32> {
    let ch = channels as usize;
    let frames = samples.len() / ch;
    let n = frames as u64 * 16000 / rate as u64;
    (0..n)
        .map(|i| {
            let pos = i as f64 * rate as f64 / 16000.0;
            let k = pos.floor() as usize;
            let frac = (pos - k as f64) as f32;
            let a = samples[k * ch];
            let b = samples.get((k + 1) * ch).copied().unwrap_or(a);
            a + (b - a) * frac
        })
        .collect()
}

/// The lag of `b` against `a` (in samples) that correlates best within ±`max`,
/// over `a[from..to]`, and the normalised correlation there.
fn best_lag(a: &[f32], b: &[f32], from: usize, to: usize, max: i64) -> (i64, f32) {
    let mut best = (0, f32::MIN);
    for lag in -max..=max {
        let (mut num, mut na, mut nb) = (0f32, 0f32, 0f32);
        for (i, &x) in a.iter().enumerate().take(to).skip(from) {
            let j = i as i64 + lag;
            if j < 0 || j as usize >= b.len() {
                continue;
            }
            let y = b[j as usize];
            num += x * y;
            na += x * x;
            nb += y * y;
        }
        let c = num / (na.sqrt() * nb.sqrt()).max(1e-9);
        if c > best.1 {
            best = (lag, c);
        }
    }
    best
}

#[test]
fn every_gapless_format_lines_up_with_the_master_to_the_sample() {
    // The FLAC is lossless: it is the master at 16 kHz.
    let reference = decode_all(&mut open("voice.flac"));
    for name in [
        "voice.opus",
        "voice.m4a",
        "voice.mp3",
        "voice.wav",
        "voice.ogg",
    ] {
        let mut d = open(name);
        let (rate, ch) = (d.sample_rate(), d.channels());
        let ours = to_16k(&decode_all(&mut d), rate, ch);
        // Two seconds of speech, lags up to ±20 ms.
        let (lag, corr) = best_lag(&reference, &ours, 8000, 40000, 320);
        assert!(corr > 0.8, "{name}: correlation {corr}");
        assert!(
            lag.abs() <= 1,
            "{name}: {lag} samples (at 16 kHz) off the master"
        );
    }
}

#[test]
fn seeks_land_on_the_requested_frame_in_every_format() {
    for (name, _, _, rate, channels) in FORMATS {
        let reference = decode_all(&mut open(name));
        let ch = channels as usize;
        let total = reference.len() / ch;
        let window = (rate / 10) as usize; // compare 100 ms
        let last = (total - window - 1) as u64;
        let targets = [
            rate as u64,                               // 1 s
            (rate as u64 * 2345 / 1000 + 7).min(last), // an odd frame
            last,                                      // near the end
            rate as u64 / 20,                          // 50 ms, before any pre-roll fits
            0,
        ];
        let mut d = open(name);
        for &t in &targets {
            let landed = d.seek_to_frame(t).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(landed, t, "{name}: seek to {t} landed on {landed}");
            assert_eq!(d.current_frame(), t, "{name}");
            let got: Vec<f32> = d.by_ref().take(window * ch).collect();
            assert_eq!(
                got.len(),
                window * ch,
                "{name}: short read after seek to {t}"
            );
            let want = &reference[t as usize * ch..(t as usize + window) * ch];
            // Find the best alignment within ±10 ms by sample correlation.
            let max_lag = (rate / 100) as i64;
            let mut best = (0i64, f32::MIN);
            for lag in -max_lag..=max_lag {
                let (mut num, mut na, mut nb) = (0f32, 0f32, 0f32);
                for i in 0..window {
                    let j = i as i64 + lag;
                    if j < 0 || j as usize >= window {
                        continue;
                    }
                    let x = want[i * ch];
                    let y = got[j as usize * ch];
                    num += x * y;
                    na += x * x;
                    nb += y * y;
                }
                let c = num / (na.sqrt() * nb.sqrt()).max(1e-9);
                if c > best.1 {
                    best = (lag, c);
                }
            }
            assert_eq!(best.0, 0, "{name}: seek to {t} is {} frames off", best.0);
            assert!(
                best.1 > 0.95,
                "{name}: after seek to {t} correlation {}",
                best.1
            );
            let err: f32 = want
                .iter()
                .zip(&got)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
            if matches!(name, "voice.wav" | "voice.flac") {
                assert_eq!(err, 0.0, "{name}: lossless seek must match exactly");
            }
        }
        // Beyond the end: lands on the end, yields nothing.
        assert_eq!(d.seek_to_frame(total as u64 + 10).unwrap(), total as u64);
        assert!(d.next().is_none(), "{name}");
    }
}

#[test]
fn rodio_seek_goes_through_the_exact_seek() {
    let mut d = open("voice.opus");
    d.try_seek(std::time::Duration::from_millis(1500)).unwrap();
    assert_eq!(d.current_frame(), 72_000);
}

#[test]
fn capped_sources_yield_exactly_the_cap_in_every_format() {
    for (name, _, _, rate, channels) in FORMATS {
        for round in 0..2 {
            let cap = rate as u64 * 3 / 2 + round * 17; // 1.5 s and an odd count
            let mut d = open(name);
            let start = rate as u64 / 3 + round;
            d.seek_to_frame(start).unwrap();
            let mut capped = Capped::new(d, cap);
            let counter = capped.counter();
            let mut n = 0u64;
            while capped.next().is_some() {
                n += 1;
                if n == 1000 {
                    assert!(
                        capped
                            .try_seek(std::time::Duration::from_millis(10))
                            .is_err(),
                        "{name}: a capped source must refuse seeks"
                    );
                }
            }
            assert_eq!(n, cap * channels as u64, "{name} round {round}");
            assert_eq!(counter.load(std::sync::atomic::Ordering::Acquire), cap);
            assert!(capped.reached_cap());
            assert!(capped.next().is_none());
            // The decoder behind stopped exactly at the cap, too.
            assert_eq!(capped.inner().current_frame(), start + cap, "{name}");
        }
        // A cap beyond the end yields what there is and says so.
        let d = open(name);
        let total = d.total_frames();
        let mut capped = Capped::new(d, total + 5000);
        let n = capped.by_ref().count() as u64;
        assert_eq!(n, total * channels as u64, "{name}");
        assert!(!capped.reached_cap());
        assert_eq!(capped.frames_out(), total);
    }
}

#[test]
fn amr_is_refused_with_the_format_named() {
    for name in ["voice.amr", "voice.3gp"] {
        let err = probe_of(name).unwrap_err();
        match &err {
            AudioError::Unsupported { format, advice } => {
                assert!(format.contains("AMR"), "{name}: {format}");
                assert!(advice.contains("convert"), "{name}: {advice}");
            }
            other => panic!("{name}: unexpected {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains("AMR") && msg.contains("ffmpeg"), "{msg}");
        let (f, len, hint) = fixture(name);
        assert!(matches!(
            Decoder::open(f, len, hint.as_deref()),
            Err(AudioError::Unsupported { .. })
        ));
    }
}

fn pseudo_random(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 56) as u8
        })
        .collect()
}

fn probe_bytes(bytes: Vec<u8>, hint: Option<&str>) -> Result<Probe, AudioError> {
    let len = bytes.len() as u64;
    probe(std::io::Cursor::new(bytes), len, hint)
}

#[test]
fn non_audio_and_damaged_input_give_clear_errors() {
    let err = probe_of("notes.txt").unwrap_err();
    assert!(matches!(err, AudioError::NotAudio { .. }), "{err:?}");
    assert!(err.to_string().starts_with("This file is not a recording"));

    for seed in 0..8 {
        let err = probe_bytes(pseudo_random(20_000, seed), Some("opus")).unwrap_err();
        assert!(
            matches!(
                err,
                AudioError::NotAudio { .. } | AudioError::Damaged { .. }
            ),
            "{err:?}"
        );
    }
    assert!(matches!(
        probe_bytes(Vec::new(), None),
        Err(AudioError::NotAudio { .. })
    ));

    let err = probe_of("truncated.opus").unwrap_err();
    assert!(matches!(err, AudioError::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged or incomplete"));

    // A cut-off M4A and a header with garbage after it.
    let m4a = std::fs::read(fixture_dir().join("voice.m4a")).unwrap();
    let err = probe_bytes(m4a[..m4a.len() / 2].to_vec(), Some("m4a")).unwrap_err();
    assert!(matches!(err, AudioError::Damaged { .. }), "{err:?}");
    let opus = std::fs::read(fixture_dir().join("voice.opus")).unwrap();
    let mut franken = opus[..200].to_vec();
    franken.extend(pseudo_random(5000, 99));
    assert!(probe_bytes(franken, Some("opus")).is_err());

    // Garbage in the middle of real files: never a panic, whatever comes out.
    for (name, ..) in FORMATS {
        let bytes = std::fs::read(fixture_dir().join(name)).unwrap();
        for cut in [bytes.len() / 3, bytes.len() * 2 / 3] {
            let mut b = bytes.clone();
            let noise = pseudo_random(1500.min(b.len() - cut), cut as u64);
            b[cut..cut + noise.len()].copy_from_slice(&noise);
            let len = b.len() as u64;
            if let Ok(mut d) = Decoder::open(std::io::Cursor::new(b), len, None) {
                let n = d.by_ref().count();
                let _ = d.seek_to_frame(d.total_frames() / 2);
                let _ = d.by_ref().count();
                let _ = n;
            }
        }
        // And truncated anywhere.
        for frac in [5usize, 2] {
            let b = bytes[..bytes.len() * (frac - 1) / frac].to_vec();
            let len = b.len() as u64;
            if let Ok(mut d) = Decoder::open(std::io::Cursor::new(b), len, None) {
                let _ = d.by_ref().count();
            }
        }
    }
}

#[test]
fn waveform_matches_across_formats_and_resamples_consistently() {
    let (f, len, hint) = fixture("voice.wav");
    let wav = waveform(f, len, hint.as_deref(), 50).unwrap();
    assert_eq!(wav.len(), 76); // 3.8 s in 50 ms buckets
    let (f, len, hint) = fixture("voice.opus");
    let opus = waveform(f, len, hint.as_deref(), 50).unwrap();
    assert_eq!(opus.len(), wav.len());
    // Same speech: the loud and quiet buckets agree.
    let a: Vec<f32> = wav.rms.iter().map(|&v| v as f32).collect();
    let b: Vec<f32> = opus.rms.iter().map(|&v| v as f32).collect();
    let (lag, corr) = best_lag(&a, &b, 0, a.len(), 3);
    assert_eq!(lag, 0);
    assert!(corr > 0.97, "{corr}");

    // A 200 ms waveform equals the 50 ms one resampled to a quarter.
    let (f, len, hint) = fixture("voice.wav");
    let coarse = waveform(f, len, hint.as_deref(), 200).unwrap();
    assert_eq!(coarse.len(), 19);
    let view = wav.resample(19);
    for (i, ((p, r), (cp, cr))) in view
        .iter()
        .zip(coarse.peaks.iter().zip(&coarse.rms))
        .enumerate()
    {
        assert_eq!(p, cp, "bucket {i} peak");
        assert!(
            (*r as i32 - *cr as i32).abs() <= 2,
            "bucket {i} rms {r} vs {cr}"
        );
    }
    let back = Waveform::from_bytes(&wav.to_bytes()).unwrap();
    assert_eq!(back, wav);
    let text = wav.render_text(60);
    assert_eq!(text.lines().count(), 2);
    assert_eq!(text.lines().nth(1).unwrap().chars().count(), 60);
}

mod player_tests {
    use super::fixture_dir;
    use crate::player::{AudioPlayer, PlayerHandle, SinkKind};
    use crate::{FinishReason, PlayerCommand, PlayerEvent, SourceSpec};
    use std::time::{Duration, Instant};

    fn spec(name: &str) -> SourceSpec {
        SourceSpec::file(fixture_dir().join(name))
    }

    /// Events until (and including) `Finished`, within `limit`.
    fn until_finished(p: &PlayerHandle, limit: Duration) -> Vec<PlayerEvent> {
        let end = Instant::now() + limit;
        let mut out = Vec::new();
        while Instant::now() < end {
            if let Some(e) = p.next_event(Duration::from_millis(50)) {
                let done = matches!(e, PlayerEvent::Finished { .. });
                out.push(e);
                if done {
                    return out;
                }
            }
        }
        panic!("no Finished event within {limit:?}: {out:?}");
    }

    fn finished(events: &[PlayerEvent]) -> (u64, FinishReason) {
        match events.last() {
            Some(PlayerEvent::Finished {
                played_frames,
                reason,
            }) => (*played_frames, *reason),
            other => panic!("last event {other:?}"),
        }
    }

    #[test]
    fn capped_preview_reports_exactly_the_cap() {
        let p = PlayerHandle::spawn(SinkKind::Instant).unwrap();
        for (name, rate) in [
            ("voice.opus", 48000u64),
            ("voice.m4a", 44100),
            ("voice.ogg", 22050),
        ] {
            let cap = rate * 2 + 3;
            p.send(PlayerCommand::Play {
                source: spec(name),
                from_frame: rate / 2,
                max_frames: Some(cap),
            })
            .unwrap();
            let events = until_finished(&p, Duration::from_secs(10));
            assert!(
                matches!(events[0], PlayerEvent::Started { from_frame, max_frames: Some(c), .. } if from_frame == rate / 2 && c == cap),
                "{events:?}"
            );
            assert_eq!(finished(&events), (cap, FinishReason::Cap), "{name}");
        }
    }

    #[test]
    fn uncapped_playback_runs_to_the_end() {
        let p = PlayerHandle::spawn(SinkKind::Instant).unwrap();
        p.send(PlayerCommand::Play {
            source: spec("stereo.opus"),
            from_frame: 0,
            max_frames: None,
        })
        .unwrap();
        let events = until_finished(&p, Duration::from_secs(10));
        let total = match events[0] {
            PlayerEvent::Started { total_frames, .. } => total_frames,
            ref e => panic!("{e:?}"),
        };
        assert_eq!(total, 96000);
        assert_eq!(finished(&events), (total, FinishReason::End));
        // A cap beyond the end ends as End, not Cap.
        p.send(PlayerCommand::Play {
            source: spec("stereo.opus"),
            from_frame: 90000,
            max_frames: Some(48000),
        })
        .unwrap();
        let events = until_finished(&p, Duration::from_secs(10));
        assert_eq!(finished(&events), (6000, FinishReason::End));
    }

    #[test]
    fn real_time_stop_pause_resume_and_refused_seek() {
        let p = PlayerHandle::spawn(SinkKind::Null).unwrap();
        p.send(PlayerCommand::Play {
            source: spec("voice.opus"),
            from_frame: 0,
            max_frames: Some(48000 * 3),
        })
        .unwrap();
        assert!(matches!(
            p.next_event(Duration::from_secs(2)),
            Some(PlayerEvent::Started { .. })
        ));
        std::thread::sleep(Duration::from_millis(300));
        p.send(PlayerCommand::Seek(0)).unwrap();
        p.send(PlayerCommand::Pause).unwrap();
        let mut paused_at = None;
        let mut refused = false;
        let end = Instant::now() + Duration::from_secs(2);
        while paused_at.is_none() && Instant::now() < end {
            match p.next_event(Duration::from_millis(100)) {
                Some(PlayerEvent::Error(m)) => refused = m.contains("preview"),
                Some(PlayerEvent::Paused { played_frames, .. }) => paused_at = Some(played_frames),
                _ => {}
            }
        }
        assert!(refused, "a seek during a preview must be refused");
        let paused_at = paused_at.expect("Paused event");
        // About 300 ms of real time (generous bounds for a busy machine).
        assert!((9_600..=40_000).contains(&paused_at), "{paused_at}");
        std::thread::sleep(Duration::from_millis(300));
        p.send(PlayerCommand::Resume).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        p.send(PlayerCommand::Stop).unwrap();
        let events = until_finished(&p, Duration::from_secs(3));
        let (played, reason) = finished(&events);
        assert_eq!(reason, FinishReason::Stopped);
        // Nothing was consumed while paused: ~300 + ~200 ms.
        assert!(played > paused_at + 4_800, "{played} vs {paused_at}");
        assert!(played < paused_at + 24_000, "{played} vs {paused_at}");
        // Positions reported while playing never exceed what was played.
        for e in &events {
            if let PlayerEvent::Position {
                frame,
                played_frames,
            } = e
            {
                assert_eq!(frame, played_frames);
            }
        }
    }

    #[test]
    fn uncapped_seek_moves_the_position() {
        let p = PlayerHandle::spawn(SinkKind::Null).unwrap();
        p.send(PlayerCommand::Play {
            source: spec("voice.ogg"),
            from_frame: 0,
            max_frames: None,
        })
        .unwrap();
        std::thread::sleep(Duration::from_millis(150));
        p.send(PlayerCommand::Seek(22050 * 3)).unwrap();
        let end = Instant::now() + Duration::from_secs(3);
        let mut seeked = None;
        let mut after = None;
        while after.is_none() && Instant::now() < end {
            match p.next_event(Duration::from_millis(100)) {
                Some(PlayerEvent::Seeked { frame }) => seeked = Some(frame),
                Some(PlayerEvent::Position { frame, .. }) if seeked.is_some() => {
                    after = Some(frame)
                }
                _ => {}
            }
        }
        assert_eq!(seeked, Some(22050 * 3));
        let after = after.expect("a Position after the seek");
        assert!(after >= 22050 * 3, "{after}");
        let events = until_finished(&p, Duration::from_secs(3));
        let (played, reason) = finished(&events);
        assert_eq!(reason, FinishReason::End);
        // 150 ms before the seek plus the 0.8 s after it, not the whole file.
        assert!(played < 22050 * 2, "{played}");
    }

    #[test]
    fn a_paused_playback_moves_and_goes_on_from_there() {
        let p = PlayerHandle::spawn(SinkKind::Null).unwrap();
        p.send(PlayerCommand::Play {
            source: spec("voice.ogg"),
            from_frame: 0,
            max_frames: None,
        })
        .unwrap();
        p.send(PlayerCommand::Pause).unwrap();
        p.send(PlayerCommand::Seek(22050 * 2)).unwrap();
        p.send(PlayerCommand::Seek(22050 * 3)).unwrap();
        let end = Instant::now() + Duration::from_secs(3);
        let mut seeked = Vec::new();
        while seeked.len() < 2 && Instant::now() < end {
            match p.next_event(Duration::from_millis(100)) {
                Some(PlayerEvent::Seeked { frame }) => seeked.push(frame),
                Some(PlayerEvent::Error(e)) => panic!("{e}"),
                _ => {}
            }
        }
        // Both moves land while paused, in order, without waiting for the sound to go on.
        assert_eq!(seeked, vec![22050 * 2, 22050 * 3]);
        p.send(PlayerCommand::Resume).unwrap();
        let end = Instant::now() + Duration::from_secs(3);
        let mut after = None;
        while after.is_none() && Instant::now() < end {
            if let Some(PlayerEvent::Position { frame, .. }) =
                p.next_event(Duration::from_millis(100))
            {
                after = Some(frame);
            }
        }
        let after = after.expect("a Position after resuming");
        assert!(after >= 22050 * 3, "{after}");
        p.send(PlayerCommand::Stop).unwrap();
        until_finished(&p, Duration::from_secs(3));
    }

    #[test]
    fn bad_sources_are_reported_not_fatal() {
        let p = PlayerHandle::spawn(SinkKind::Instant).unwrap();
        p.send(PlayerCommand::Play {
            source: spec("voice.amr"),
            from_frame: 0,
            max_frames: None,
        })
        .unwrap();
        match p.next_event(Duration::from_secs(2)) {
            Some(PlayerEvent::Error(m)) => assert!(m.contains("AMR"), "{m}"),
            other => panic!("{other:?}"),
        }
        // The player still works afterwards.
        p.send(PlayerCommand::Play {
            source: spec("voice.wav"),
            from_frame: 0,
            max_frames: Some(800),
        })
        .unwrap();
        let events = until_finished(&p, Duration::from_secs(5));
        assert_eq!(finished(&events), (800, FinishReason::Cap));
    }
}

/// The real rodio backend, through ALSA into a WAV file. ALSA reads its
/// configuration from the environment, which is process-wide, so the playing
/// happens in a child: this test binary again, running one test in a child role.
mod device_tests {
    use super::fixture_dir;
    use crate::player::{AudioPlayer, PlayerHandle, SinkKind};
    use crate::{AudioError, FinishReason, PlayerCommand, PlayerEvent, SourceSpec};
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::time::{Duration, Instant};

    const ROLE: &str = "EARSHOT_AUDIO_TEST_ROLE";

    fn run_child(test: &str, role: &str, alsa_conf: &Path) -> std::process::Output {
        let exe = std::env::current_exe().unwrap();
        Command::new(exe)
            .args([test, "--exact", "--nocapture", "--test-threads=1"])
            .env(ROLE, role)
            .env("ALSA_CONFIG_PATH", alsa_conf)
            .output()
            .unwrap()
    }

    /// (rate, channels, interleaved samples) of a WAV written by ALSA's file plugin.
    fn read_wav(path: &Path) -> (u32, u16, Vec<i16>) {
        let b = std::fs::read(path).unwrap();
        assert!(b.len() > 44 && &b[..4] == b"RIFF" && &b[8..12] == b"WAVE");
        let (mut rate, mut channels, mut at) = (0u32, 0u16, 12usize);
        while at + 8 <= b.len() {
            let id = &b[at..at + 4];
            let size = u32::from_le_bytes(b[at + 4..at + 8].try_into().unwrap()) as usize;
            let body = at + 8;
            if id == b"fmt " {
                channels = u16::from_le_bytes(b[body + 2..body + 4].try_into().unwrap());
                rate = u32::from_le_bytes(b[body + 4..body + 8].try_into().unwrap());
                assert_eq!(
                    u16::from_le_bytes(b[body + 14..body + 16].try_into().unwrap()),
                    16
                );
            } else if id == b"data" {
                // The size may be stale if the writer did not close cleanly: use the file.
                let data = &b[body..];
                let samples = data
                    .chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]))
                    .collect();
                return (rate, channels, samples);
            }
            at = body + size + (size & 1);
        }
        panic!("no data chunk in {}", path.display());
    }

    const PREVIEW_TEST: &str = "tests::device_tests::device_preview_stops_at_the_cap";

    #[test]
    fn device_preview_stops_at_the_cap() {
        if std::env::var(ROLE).as_deref() == Ok("preview") {
            // Child: play 2 s of a 3.8 s recording on the default device.
            let p = PlayerHandle::spawn(SinkKind::Device).unwrap();
            p.send(PlayerCommand::Play {
                source: SourceSpec::file(fixture_dir().join("voice.opus")),
                from_frame: 0,
                max_frames: Some(96_000),
            })
            .unwrap();
            let end = Instant::now() + Duration::from_secs(20);
            while Instant::now() < end {
                if let Some(PlayerEvent::Finished {
                    played_frames,
                    reason,
                }) = p.next_event(Duration::from_millis(50))
                {
                    assert_eq!(reason, FinishReason::Cap);
                    println!("PLAYED {played_frames}");
                    return;
                }
            }
            panic!("playback did not finish");
        }
        let dir = tempfile::tempdir().unwrap();
        let out: PathBuf = dir.path().join("captured.wav");
        let template = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/alsa/capture.conf.in"),
        )
        .unwrap();
        let conf = dir.path().join("asound.conf");
        std::fs::write(&conf, template.replace("@OUT@", out.to_str().unwrap())).unwrap();

        let child = run_child(PREVIEW_TEST, "preview", &conf);
        let stdout = String::from_utf8_lossy(&child.stdout);
        assert!(
            child.status.success(),
            "child failed: {stdout}\n{}",
            String::from_utf8_lossy(&child.stderr)
        );
        let played: u64 = stdout
            .lines()
            .find_map(|l| l.split("PLAYED ").nth(1))
            .and_then(|n| n.split_whitespace().next()?.parse().ok())
            .expect("the child reports what it played");
        assert_eq!(played, 96_000, "the source hands out exactly the cap");

        let (rate, channels, samples) = read_wav(&out);
        assert!(rate > 0 && channels > 0);
        let ch = channels as usize;
        let frames = samples.len() / ch;
        // The device runs before and after the preview: measure from the first
        // to the last sound.
        let sounding = |f: &usize| {
            samples[f * ch..f * ch + ch]
                .iter()
                .any(|s| s.unsigned_abs() > 16)
        };
        let first_sound = (0..frames)
            .find(sounding)
            .expect("some sound reached the device");
        let last_sound = (0..frames).rev().find(sounding).map_or(0, |f| f + 1);
        let audible = (last_sound - first_sound) as f64 / rate as f64;
        assert!(
            audible <= 2.005,
            "{audible:.4} s of sound reached the device for a 2 s cap"
        );
        // And it really played (the recording has sound up to the cap).
        assert!(
            audible >= 1.95,
            "only {audible:.4} s of sound reached the device"
        );
    }

    const NO_DEVICE_TEST: &str = "tests::device_tests::missing_device_gives_one_clear_error";

    #[test]
    fn missing_device_gives_one_clear_error() {
        if std::env::var(ROLE).as_deref() == Ok("nodevice") {
            let err = PlayerHandle::spawn(SinkKind::Device).unwrap_err();
            assert_eq!(err, AudioError::NoDevice);
            println!("ERROR {err}");
            return;
        }
        let conf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/alsa/nodevice.conf");
        let child = run_child(NO_DEVICE_TEST, "nodevice", &conf);
        let stdout = String::from_utf8_lossy(&child.stdout);
        let stderr = String::from_utf8_lossy(&child.stderr);
        assert!(child.status.success(), "{stdout}\n{stderr}");
        assert!(
            stdout.contains("ERROR No sound device is available"),
            "{stdout}"
        );
        assert!(stdout.contains("--sink null"), "{stdout}");
        assert!(
            !stderr.contains("ALSA lib"),
            "ALSA noise on stderr: {stderr}"
        );
    }
}
