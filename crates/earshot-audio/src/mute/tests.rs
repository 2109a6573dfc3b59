//! Muted copies, decoded back: silent exactly in the ranges (WAV) or, Opus, from one Opus
//! frame (20 ms) inside their edges, the rest as it was, the length the original's; the Ogg Opus output read
//! by symphonia and, when installed, by opusinfo and ffprobe.

use std::io::Cursor;
use std::process::Command;

use super::*;
use crate::tests::fixture;

/// A 16-bit PCM WAV of a 440 Hz tone at half scale.
fn tone_wav(rate: u32, channels: u16, frames: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut sink = WavSink::new(&mut out, rate, channels, frames).unwrap();
    let mut s = Vec::new();
    for i in 0..frames {
        let x = (std::f32::consts::TAU * 440.0 * i as f32 / rate as f32).sin() * 0.5;
        for c in 0..channels {
            s.push(if c == 0 { x } else { -x });
        }
    }
    sink.push(&s).unwrap();
    Box::new(sink).finish().unwrap();
    out
}

fn decode_all(bytes: Vec<u8>, hint: &str) -> (Vec<f32>, u32, u16) {
    let len = bytes.len() as u64;
    let mut d = Decoder::open(Cursor::new(bytes), len, Some(hint)).unwrap();
    let (rate, ch) = (d.sample_rate(), d.channels());
    let mut out = Vec::new();
    while let Some(b) = d.next_block() {
        out.extend_from_slice(b);
    }
    assert!(d.error().is_none(), "{:?}", d.error());
    assert_eq!(out.len() as u64, d.total_frames() * u64::from(ch));
    (out, rate, ch)
}

fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0f32, |m, s| m.max(s.abs()))
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|s| s * s).sum::<f32>() / x.len().max(1) as f32).sqrt()
}

#[test]
fn ranges_become_frames_rounded_outward_merged_and_within_the_recording() {
    assert_eq!(
        ranges_to_frames(&[(2000, 4000), (6500, 7000)], 48_000, 480_000),
        vec![(96_000, 192_000), (312_000, 336_000)]
    );
    // Overlapping, touching and out of order merge; the end is clamped.
    assert_eq!(
        ranges_to_frames(
            &[(300, 400), (100, 200), (150, 300), (900, 5000)],
            1000,
            1000
        ),
        vec![(100, 400), (900, 1000)]
    );
    // 1 ms at 44.1 kHz is 44.1 frames: from rounds down, to rounds up.
    assert_eq!(
        ranges_to_frames(&[(1, 2)], 44_100, 1_000_000),
        vec![(44, 89)]
    );
}

#[test]
fn a_wav_copy_is_silent_exactly_in_its_ranges_and_the_same_sample_for_sample_elsewhere() {
    for (rate, channels) in [(48_000u32, 1u16), (44_100, 2), (8_000, 1)] {
        let frames = u64::from(rate) * 3;
        let original = tone_wav(rate, channels, frames);
        let len = original.len() as u64;
        let mut copy = Vec::new();
        let ranges = [(2000u64, 2500u64), (500, 1000), (900, 1200)];
        let made = write_muted_copy(
            Cursor::new(original.clone()),
            len,
            Some("wav"),
            &ranges,
            &mut copy,
        )
        .unwrap();
        assert_eq!(made.format, CopyFormat::Wav);
        assert_eq!(made.frames, frames);
        assert_eq!(made.bytes, copy.len() as u64);
        assert_eq!(copy.len(), original.len(), "{rate} {channels}");
        let muted = ranges_to_frames(&[(500, 1200), (2000, 2500)], rate, frames);
        assert_eq!(made.muted_frames, muted);
        let ch = usize::from(channels);
        let (a, _, _) = decode_all(original, "wav");
        let (b, r, c) = decode_all(copy, "wav");
        assert_eq!((r, c), (rate, channels));
        for f in 0..frames as usize {
            let inside = muted.iter().any(|&(x, y)| (x..y).contains(&(f as u64)));
            for k in 0..ch {
                let i = f * ch + k;
                if inside {
                    assert_eq!(b[i], 0.0, "frame {f}");
                } else {
                    assert_eq!(b[i], a[i], "frame {f}");
                }
            }
        }
    }
}

/// Checks an Ogg Opus copy against its original: length, digital silence inside the ranges
/// (one Opus frame, 20 ms, allowed at each edge), sound like the original's outside.
fn check_opus_copy(name: &str, ranges: &[(u64, u64)]) {
    let (f, len, hint) = fixture(name);
    let mut copy = Vec::new();
    let made = write_muted_copy(f, len, hint.as_deref(), ranges, &mut copy).unwrap();
    assert_eq!(made.format, CopyFormat::OggOpus, "{name}");
    let (f, len, hint) = fixture(name);
    let mut orig = Decoder::open(f, len, hint.as_deref()).unwrap();
    let (orate, och, oframes) = (orig.sample_rate(), orig.channels(), orig.total_frames());
    let mut a = Vec::new();
    while let Some(b) = orig.next_block() {
        a.extend_from_slice(b);
    }
    let (b, rate, ch) = decode_all(copy.clone(), "opus");
    assert_eq!(ch, och, "{name}");
    assert_eq!(rate, 48_000, "{name}");
    // The same length, to the sample at 48 kHz (after resampling, within one sample).
    let want = oframes * 48_000 / u64::from(orate);
    let got = (b.len() / usize::from(ch)) as u64;
    assert!(got.abs_diff(want) <= 1, "{name}: {got} frames, want {want}");
    let ch = usize::from(ch);
    let frame = |ms: u64| (ms * 48) as usize * ch;
    for &(x, y) in ranges {
        // Inside, 20 ms from each edge on: digital silence, every sample zero at 16 bits (below
        // -96 dBFS; libopus' DC filter kept from leaking into it, see
        // `Encoder::exact_silence`; without that, about -50 dBFS fading for 300 ms).
        let inside = &b[frame(x + 20)..frame(y - 20).min(b.len())];
        assert!(
            peak(inside) < 1.0 / 65536.0,
            "{name}: {x}-{y} ms: {}",
            peak(inside)
        );
        // Within the 20 ms at the edges, what is left of the sound fades out or in: below
        // -25 dBFS (speech peaks near -3 dBFS in these fixtures).
        let edges = [&b[frame(x)..frame(x + 20)], &b[frame(y - 20)..frame(y)]];
        for e in edges {
            assert!(peak(e) < 0.056, "{name}: {x}-{y} ms: edge peak {}", peak(e));
        }
    }
    // Outside, in 100 ms windows away from the edges: as loud as the original (Opus at
    // 64 kbit/s keeps a level within a few dB).
    let total_ms = oframes * 1000 / u64::from(orate);
    let oframe = |ms: u64| (ms * u64::from(orate) / 1000) as usize * usize::from(och);
    let mut checked = 0;
    for w in (0..total_ms.saturating_sub(100)).step_by(100) {
        let near = ranges.iter().any(|&(x, y)| w + 100 + 20 > x && w < y + 20);
        let level = rms(&a[oframe(w)..oframe(w + 100)]);
        if near || level < 0.01 {
            continue;
        }
        let copy_level = rms(&b[frame(w)..frame(w + 100)]);
        let db = 20.0 * (copy_level / level).log10();
        assert!(db.abs() < 3.0, "{name}: {w} ms: {db:.1} dB");
        checked += 1;
    }
    assert!(checked >= 5, "{name}: only {checked} windows with sound");
    tools_agree(name, &copy, want);
}

/// opusinfo and ffprobe read the copy as valid Ogg Opus of the right length (when installed:
/// the integration test with sox requires them). opusinfo gives the playback length (after the
/// pre-skip, to the millisecond); ffprobe counts the pre-skip in.
fn tools_agree(name: &str, copy: &[u8], frames_48k: u64) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("copy.opus");
    std::fs::write(&p, copy).unwrap();
    // The OpusHead packet is alone on the first page, after 27 + 1 header bytes.
    let pre_skip = u64::from(u16::from_le_bytes([copy[38], copy[39]]));
    assert!(pre_skip > 0, "{name}");
    if let Ok(o) = Command::new("opusinfo").arg(&p).output() {
        let text =
            String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{name}: {text}");
        assert!(
            !text.contains("WARNING") && !text.contains("ERROR"),
            "{name}: {text}"
        );
        // opusinfo truncates a float: 3.8 s shows as 3.799 s (as for the fixture itself).
        let length = |ms: u64| {
            format!(
                "Playback length: {}m:{:02}.{:03}s",
                ms / 60_000,
                ms / 1000 % 60,
                ms % 1000
            )
        };
        let ms = frames_48k / 48;
        assert!(
            text.contains(&length(ms)) || text.contains(&length(ms.saturating_sub(1))),
            "{name}: {text}, want {}",
            length(ms)
        );
        assert!(
            text.contains(&format!("Pre-skip: {pre_skip}")),
            "{name}: {text}"
        );
    }
    if let Ok(o) = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,duration_ts",
        ])
        .args(["-of", "default=nw=1"])
        .arg(&p)
        .output()
    {
        let text = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(
            o.status.success() && o.stderr.is_empty(),
            "{name}: {text} {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(text.contains("codec_name=opus"), "{name}: {text}");
        let want = frames_48k + pre_skip;
        assert!(
            text.contains(&format!("duration_ts={want}")),
            "{name}: {text}, want {want}"
        );
    }
}

#[test]
fn an_opus_copy_of_each_format_is_silent_in_its_ranges_and_keeps_the_rest_and_the_length() {
    check_opus_copy("voice.opus", &[(500, 1000), (2000, 2600)]);
    check_opus_copy("stereo.opus", &[(300, 900)]);
    check_opus_copy("voice.m4a", &[(1000, 1500)]);
    check_opus_copy("voice.mp3", &[(1000, 1500)]);
    check_opus_copy("voice.flac", &[(200, 700), (3000, 3500)]);
}

#[test]
fn without_ranges_the_opus_copy_is_the_recording_re_encoded() {
    let (f, len, hint) = fixture("voice.opus");
    let mut copy = Vec::new();
    let made = write_muted_copy(f, len, hint.as_deref(), &[], &mut copy).unwrap();
    assert!(made.muted_frames.is_empty());
    let (b, _, _) = decode_all(copy, "opus");
    assert!(rms(&b) > 0.01);
}
