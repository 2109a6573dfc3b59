//! The Opus stream: exact frame counts whatever the length, rate and chunking; the sound
//! survives (a tone's level and shape, an onset where it was); the bitrate is what was asked.

use super::*;

/// Pushes `samples` in pieces of `chunk` frames, as the guardian's tap does (10 ms), and
/// decodes every packet; returns (encoder's frame count, decoded samples, packet bytes).
fn round_trip(samples: &[f32], rate: u32, channels: u16, chunk: usize) -> (u64, Vec<f32>, usize) {
    let mut enc = Encoder::new(rate, channels, bitrate_for(channels)).unwrap();
    let mut dec = Decoder::new(enc.rate(), channels).unwrap();
    let mut pieces = Vec::new();
    for c in samples.chunks(chunk.max(1) * usize::from(channels)) {
        pieces.extend(enc.push(c).unwrap());
    }
    pieces.extend(enc.finish().unwrap());
    // Nothing more once finished.
    assert!(enc.finish().unwrap().is_empty());
    let mut out = Vec::new();
    let mut bytes = 0;
    for p in &pieces {
        bytes += p.len();
        dec.decode(p, &mut out).unwrap();
    }
    (enc.frames(), out, bytes)
}

fn tone(freq: f32, rate: u32, channels: u16, frames: usize, level: f32) -> Vec<f32> {
    let mut v = Vec::with_capacity(frames * usize::from(channels));
    for i in 0..frames {
        let x = (std::f32::consts::TAU * freq * i as f32 / rate as f32).sin() * level;
        for c in 0..channels {
            // The second channel a little quieter, so a swap would show.
            v.push(if c == 0 { x } else { x * 0.5 });
        }
    }
    v
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|s| s * s).sum::<f32>() / x.len().max(1) as f32).sqrt()
}

fn channel(x: &[f32], channels: u16, c: usize) -> Vec<f32> {
    x.iter()
        .skip(c)
        .step_by(usize::from(channels))
        .copied()
        .collect()
}

/// The normalised correlation of two equally long signals at lag 0.
fn correlation(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let ab: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    ab / (a.iter().map(|x| x * x).sum::<f32>() * b.iter().map(|y| y * y).sum::<f32>()).sqrt()
}

#[test]
fn the_far_end_gets_exactly_the_frames_sent_for_any_length_rate_and_chunking() {
    for rate in [16_000u32, 44_100, 48_000, 22_050, 8_000] {
        for channels in [1u16, 2] {
            let frame = (rate / 50) as usize;
            // One frame, less than a packet, exactly one packet, not a multiple of 20 ms,
            // several seconds and a bit.
            for frames in [
                1,
                7,
                frame / 3,
                frame,
                frame + 1,
                rate as usize * 777 / 1000,
                3 * rate as usize + 13,
            ] {
                for chunk in [(rate / 100) as usize, 97] {
                    let s = tone(440.0, rate, channels, frames, 0.3);
                    let (sent, out, _) = round_trip(&s, rate, channels, chunk);
                    let want = if RATES.contains(&rate) {
                        frames as u64
                    } else {
                        (frames as u64 * 48_000).div_ceil(u64::from(rate))
                    };
                    assert_eq!(sent, want, "{rate} Hz, {channels} ch, {frames} frames");
                    assert_eq!(
                        out.len() as u64,
                        want * u64::from(channels),
                        "{rate} Hz, {channels} ch, {frames} frames in pieces of {chunk}"
                    );
                }
            }
        }
    }
}

#[test]
fn an_empty_stream_sends_nothing() {
    let (sent, out, bytes) = round_trip(&[], 48_000, 2, 480);
    assert_eq!((sent, out.len(), bytes), (0, 0, 0));
}

#[test]
fn a_tone_keeps_its_level_and_shape_and_lands_where_it_was() {
    for (rate, channels) in [(16_000u32, 1u16), (48_000, 2), (44_100, 1), (44_100, 2)] {
        // 200 ms of silence, then a second of 440 Hz.
        let lead = rate as usize / 5;
        let mut s = vec![0.0; lead * usize::from(channels)];
        s.extend(tone(440.0, rate, channels, rate as usize, 0.5));
        let (_, out, _) = round_trip(&s, rate, channels, (rate / 100) as usize);
        // What it should sound like at the stream's rate.
        let srate = stream_rate(rate);
        let slead = lead * srate as usize / rate as usize;
        let mut want = vec![0.0; slead * usize::from(channels)];
        want.extend(tone(440.0, srate, channels, srate as usize, 0.5));
        for c in 0..usize::from(channels) {
            let got = channel(&out, channels, c);
            let ideal = channel(&want, channels, c);
            // Silence before the onset (a 5 ms margin), and the tone after it.
            let quiet = &got[..slead - srate as usize / 200];
            assert!(
                rms(quiet) < 0.01,
                "{rate}/{channels} ch {c}: {}",
                rms(quiet)
            );
            let body = slead + srate as usize / 50..got.len() - srate as usize / 50;
            let (g, i) = (&got[body.clone()], &ideal[body]);
            let ratio = rms(g) / rms(i);
            assert!(
                (0.85..1.15).contains(&ratio),
                "{rate} Hz {channels} ch, channel {c}: level {ratio}"
            );
            // In time: a shift by the encoder's lookahead (6.5 ms, ~2.9 periods) would drop this
            // far below.
            let r = correlation(g, i);
            assert!(
                r > 0.97,
                "{rate} Hz {channels} ch, channel {c}: correlation {r}"
            );
        }
    }
}

#[test]
fn the_resampler_gives_the_exact_count_and_follows_a_tone() {
    let mut r = Resampler::new(44_100, 48_000, 1);
    let s = tone(1000.0, 44_100, 1, 44_100, 0.8);
    let mut out = Vec::new();
    for c in s.chunks(333) {
        r.push(c, &mut out);
    }
    r.finish(&mut out);
    assert_eq!(out.len(), 48_000);
    let ideal = tone(1000.0, 48_000, 1, 48_000, 0.8);
    let err: Vec<f32> = out.iter().zip(&ideal).map(|(a, b)| a - b).collect();
    assert!(rms(&err) < 0.002, "{}", rms(&err));
    // Down as well as up, and a constant stays constant.
    let mut r = Resampler::new(96_000, 48_000, 2);
    let mut out = Vec::new();
    r.push(&[0.25; 2 * 1001], &mut out);
    r.finish(&mut out);
    assert_eq!(out.len(), 2 * 501);
    assert!(out.iter().all(|x| (x - 0.25).abs() < 1e-6));
}

#[test]
fn a_damaged_piece_is_refused() {
    let mut dec = Decoder::new(48_000, 1).unwrap();
    let mut out = Vec::new();
    assert!(dec.decode(&[1, 2], &mut out).is_err());
    // A header that claims more than the packet holds.
    let mut enc = Encoder::new(48_000, 1, 32_000).unwrap();
    let mut p = enc.push(&[0.1; 960]).unwrap().remove(0);
    p[2..4].copy_from_slice(&961u16.to_le_bytes());
    assert!(dec.decode(&p, &mut out).is_err());
    assert!(out.is_empty());
    assert!(Decoder::new(44_100, 1).is_err());
    assert!(Encoder::new(48_000, 3, 96_000).is_err());
}

/// Speech from the fixtures: the bytes an Opus stream takes a second, against 16-bit PCM.
#[test]
fn speech_takes_the_bitrate_asked_for_a_fraction_of_pcm() {
    for (name, rate, channels) in [("voice.flac", 16_000u32, 1u16), ("stereo.opus", 48_000, 2)] {
        let (f, len, hint) = crate::tests::fixture(name);
        let mut d = crate::Decoder::open(f, len, hint.as_deref()).unwrap();
        assert_eq!((d.sample_rate(), d.channels()), (rate, channels), "{name}");
        let mut s = Vec::new();
        while let Some(b) = d.next_block() {
            s.extend_from_slice(b);
        }
        let seconds = s.len() as f64 / f64::from(rate) / f64::from(channels);
        let (_, out, bytes) = round_trip(&s, rate, channels, (rate / 100) as usize);
        assert_eq!(out.len(), s.len());
        let opus = bytes as f64 / seconds;
        let pcm = f64::from(rate) * f64::from(channels) * 2.0;
        // The bitrate asked for, plus the 4-byte header of 50 packets a second, with room for
        // the encoder's variable rate.
        let asked = f64::from(bitrate_for(channels)) / 8.0 + 200.0;
        assert!(
            opus < asked * 1.25 && opus > asked * 0.3,
            "{name}: {opus:.0} B/s for {asked:.0} asked"
        );
        assert!(
            opus < pcm / 5.0,
            "{name}: {opus:.0} B/s against {pcm:.0} for PCM"
        );
    }
}
