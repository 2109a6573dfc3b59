//! The guardian's end of a stream of sound to a client (`ClientTap`): what the session's
//! player hands out goes over the connection as `AudioStart`, `Audio` and `AudioEnd` frames, in
//! Opus when the client asked for it (it came in over SSH) and Opus can carry it, else in
//! 16-bit PCM; the client's `Played` reports tell when the end of the stream was heard.

use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::frame::{self, Down, Encoding};
use crate::audio::opus_stream;

/// The guardian's end of a stream of sound to a client: what the player hands out is sent at
/// once (in Opus, within one 20 ms packet), so what is counted as played is what was sent,
/// never less.
pub(super) struct ClientTap {
    writer: Arc<Mutex<UnixStream>>,
    played: Arc<AtomicU64>,
    gone: Arc<AtomicBool>,
    /// The client said it plays Opus (it came in over SSH, or asked for it).
    opus_ok: bool,
    /// The stream's rate and channels (for Opus, the rate it travels at).
    rate: u32,
    channels: u16,
    /// Frames of the stream, at its rate, sent (in Opus: taken into the encoder; all of them
    /// are sent by the end).
    sent_frames: u64,
    ended_at: Option<Instant>,
    pcm: Vec<u8>,
    opus: Option<opus_stream::Encoder>,
}

/// How long after the end of a stream the guardian waits for the client to say it played it.
const DRAIN_WAIT: Duration = Duration::from_secs(3);

impl ClientTap {
    pub(super) fn new(
        writer: Arc<Mutex<UnixStream>>,
        played: Arc<AtomicU64>,
        gone: Arc<AtomicBool>,
        opus_ok: bool,
    ) -> ClientTap {
        ClientTap {
            writer,
            played,
            gone,
            opus_ok,
            rate: 1,
            channels: 1,
            sent_frames: 0,
            ended_at: None,
            pcm: Vec::new(),
            opus: None,
        }
    }

    fn send(&self, f: &Down) -> bool {
        if self.gone.load(Ordering::SeqCst) {
            return false;
        }
        match self.writer.lock() {
            Ok(mut w) => f.write(&mut *w).is_ok(),
            Err(_) => false,
        }
    }

    /// Sends Opus packets; false when the encoder failed or the client is gone.
    fn send_packets(&mut self, packets: Result<Vec<Vec<u8>>, crate::audio::AudioError>) -> bool {
        if let Some(e) = self.opus.as_ref() {
            self.sent_frames = e.frames();
        }
        match packets {
            Ok(ps) => ps.into_iter().all(|p| self.send(&Down::Audio(p))),
            Err(e) => {
                eprintln!("earshot guardian: the sound stream stopped: {e}");
                false
            }
        }
    }

    /// The format to stream a recording of `channels` at `rate` in: Opus when the client takes
    /// it and Opus can carry it, else PCM.
    fn choose(&mut self, rate: u32, channels: u16) -> frame::AudioFormat {
        self.opus = None;
        if self.opus_ok && opus_stream::supports(channels) {
            match opus_stream::Encoder::new(rate, channels, opus_stream::bitrate_for(channels)) {
                Ok(e) => {
                    let f = frame::AudioFormat {
                        rate: e.rate(),
                        channels,
                        encoding: Encoding::Opus,
                        bitrate: Some(e.bitrate()),
                    };
                    self.opus = Some(e);
                    return f;
                }
                Err(e) => eprintln!("earshot guardian: streaming PCM instead of Opus: {e}"),
            }
        }
        frame::AudioFormat {
            rate,
            channels,
            encoding: Encoding::Pcm16,
            bitrate: None,
        }
    }
}

impl crate::audio::Tap for ClientTap {
    fn start(&mut self, rate: u32, channels: u16) -> bool {
        let f = self.choose(rate.max(1), channels.max(1));
        self.rate = f.rate;
        self.channels = f.channels;
        self.sent_frames = 0;
        self.ended_at = None;
        self.played.store(0, Ordering::SeqCst);
        self.send(&Down::AudioStart(f))
    }
    fn samples(&mut self, samples: &[f32]) -> bool {
        if let Some(e) = self.opus.as_mut() {
            let packets = e.push(samples);
            return self.send_packets(packets);
        }
        crate::audio::remote::to_pcm16(samples, &mut self.pcm);
        self.sent_frames += samples.len() as u64 / u64::from(self.channels);
        let pcm = std::mem::take(&mut self.pcm);
        let ok = self.send(&Down::Audio(pcm.clone()));
        self.pcm = pcm;
        ok
    }
    fn end(&mut self) {
        if let Some(e) = self.opus.as_mut() {
            let packets = e.finish();
            self.send_packets(packets);
        }
        self.ended_at = Some(Instant::now());
        self.send(&Down::AudioEnd);
    }
    /// In stream time: the client reports milliseconds at the stream's rate, which is what
    /// `sent_frames` counts in.
    fn drained(&mut self) -> bool {
        let sent_ms = self.sent_frames * 1000 / u64::from(self.rate);
        self.gone.load(Ordering::SeqCst)
            || self.played.load(Ordering::SeqCst) + 20 >= sent_ms
            || self.ended_at.is_some_and(|t| t.elapsed() > DRAIN_WAIT)
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::path::Path;

    use super::*;

    /// Counts what crosses the connection.
    struct Counted<R>(R, usize);
    impl<R: std::io::Read> std::io::Read for Counted<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.read(buf)?;
            self.1 += n;
            Ok(n)
        }
    }

    fn decoded(name: &str) -> (u32, u16, Vec<f32>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/audio")
            .join(name);
        let f = std::fs::File::open(&path).unwrap();
        let len = f.metadata().unwrap().len();
        let hint = path.extension().and_then(|e| e.to_str());
        let mut d = crate::audio::Decoder::open(f, len, hint).unwrap();
        let mut s = Vec::new();
        while let Some(b) = d.next_block() {
            s.extend_from_slice(b);
        }
        (d.sample_rate(), d.channels(), s)
    }

    /// Streams a fixture through a `ClientTap` as the player does (10 ms at a time) and reads
    /// the far end: (wire bytes, the format, frames the client would play, ms spent in the
    /// tap). Checks the drain logic on the way: in stream time.
    fn stream(name: &str, opus_ok: bool) -> (usize, frame::AudioFormat, u64, f64) {
        use crate::audio::Tap;
        let (rate, channels, s) = decoded(name);
        let (ours, theirs) = UnixStream::pair().unwrap();
        let reader = std::thread::spawn(move || {
            let mut r = Counted(theirs, 0);
            let mut fmt = None;
            let mut dec = None;
            let mut frames = 0u64;
            let mut out = Vec::new();
            while let Some(f) = Down::read(&mut r).unwrap() {
                match f {
                    Down::AudioStart(f) => {
                        if f.encoding == Encoding::Opus {
                            dec = Some(opus_stream::Decoder::new(f.rate, f.channels).unwrap());
                        }
                        fmt = Some(f);
                    }
                    Down::Audio(p) => {
                        let ch = u64::from(fmt.unwrap().channels);
                        frames += match dec.as_mut() {
                            Some(d) => d.decode(&p, &mut out).unwrap() as u64,
                            None => p.len() as u64 / 2 / ch,
                        };
                    }
                    Down::AudioEnd => {}
                    other => panic!("unexpected {other:?}"),
                }
            }
            (r.1, fmt.unwrap(), frames)
        });
        let played = Arc::new(AtomicU64::new(0));
        let mut tap = ClientTap::new(
            Arc::new(Mutex::new(ours)),
            Arc::clone(&played),
            Arc::default(),
            opus_ok,
        );
        let t0 = Instant::now();
        assert!(tap.start(rate, channels));
        for c in s.chunks((rate / 100) as usize * usize::from(channels)) {
            assert!(tap.samples(c));
        }
        tap.end();
        let spent = t0.elapsed().as_secs_f64() * 1000.0;
        // Not drained until the client says it played (nearly) all of it, in stream time.
        let sent_ms = tap.sent_frames * 1000 / u64::from(tap.rate);
        assert!(!tap.drained(), "{name}");
        played.store(sent_ms - 25, Ordering::SeqCst);
        assert!(!tap.drained(), "{name}");
        played.store(sent_ms - 20, Ordering::SeqCst);
        assert!(tap.drained(), "{name}");
        let sent = tap.sent_frames;
        drop(tap);
        let (bytes, fmt, frames) = reader.join().unwrap();
        assert_eq!(frames, sent, "{name}: frames sent and frames played differ");
        (bytes, fmt, frames, spent)
    }

    /// The numbers in ARCHITECTURE.md (run with `--nocapture` to see them): bytes a second on
    /// the wire, frame headers included, and the tap's time (a debug build; libopus itself is
    /// the system's optimised library).
    #[test]
    fn opus_on_the_wire_is_a_fraction_of_pcm_and_plays_the_same_frames() {
        for (name, rate, channels) in [
            ("voice.flac", 16_000u32, 1u16),
            ("voice.mp3", 44_100, 1),
            ("stereo.opus", 48_000, 2),
        ] {
            let (pcm_bytes, pcm, pcm_frames, pcm_ms) = stream(name, false);
            let (opus_bytes, opus, opus_frames, opus_ms) = stream(name, true);
            assert_eq!(
                (pcm.rate, pcm.channels, pcm.encoding),
                (rate, channels, Encoding::Pcm16)
            );
            assert_eq!(opus.encoding, Encoding::Opus);
            assert_eq!(opus.rate, opus_stream::stream_rate(rate));
            assert_eq!(opus.bitrate, Some(32_000 * u32::from(channels)));
            // The same stretch of time either way.
            assert_eq!(
                opus_frames,
                (pcm_frames * u64::from(opus.rate)).div_ceil(u64::from(rate)),
                "{name}"
            );
            let secs = pcm_frames as f64 / f64::from(rate);
            let (p, o) = (pcm_bytes as f64 / secs, opus_bytes as f64 / secs);
            eprintln!(
                "{name} ({rate} Hz, {channels} ch, {secs:.1} s): PCM {p:.0} B/s, Opus {o:.0} B/s \
                 ({:.1}x less); tap time per second of audio: PCM {:.1} ms, Opus {:.1} ms (debug build)",
                p / o,
                pcm_ms / secs,
                opus_ms / secs
            );
            assert!(
                o * 5.0 < p,
                "{name}: Opus {o:.0} B/s against PCM {p:.0} B/s"
            );
            assert!(
                o < f64::from(32_000 * u32::from(channels)) / 8.0 * 1.5,
                "{name}: {o:.0} B/s"
            );
        }
    }
}
