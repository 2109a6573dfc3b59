//! Opus for the guardian's stream to a remote desk: a safe encoder and decoder over libopus
//! (through `opusic-sys`, the binding earshot links already to read Ogg Opus), a resampler for
//! the rates Opus does not take, and the framing that lets the far end play exactly the frames
//! that were sent.
//!
//! A stream travels in 20 ms packets. Opus delays what it decodes by the encoder's lookahead
//! (`OPUS_GET_LOOKAHEAD`, 6.5 ms), and the last packet is padded to 20 ms, so each packet carries
//! a header saying which of its decoded frames belong to the stream:
//!
//! ```text
//! [skip: u16 LE][keep: u16 LE][one Opus packet]
//! ```
//!
//! The decoder drops the first `skip` frames it decodes from the packet and plays the next
//! `keep`; over a whole stream the frames kept are exactly the frames pushed into the encoder
//! (at the stream's rate), no more and no fewer.
//!
//! Rates: Opus takes 8, 12, 16, 24 and 48 kHz. A recording at one of those travels at its own
//! rate (WhatsApp voice notes are 48 kHz, many recorders 16 kHz); any other rate (44.1 kHz,
//! 22.05 kHz, 32 kHz) is resampled to 48 kHz with cubic (Catmull-Rom) interpolation. That is
//! not a studio resampler: it leaves faint images and, going down from 96 kHz, some aliasing
//! near the top of the band, far below what Opus at these bitrates keeps of speech. Channels:
//! mono or stereo; a stream with more channels is sent as PCM by the caller.
//!
//! The encoder runs in libopus' `AUDIO` mode at 32 kbit/s a channel (variable bitrate): the
//! `VOIP` mode filters and shapes speech for intelligibility, and a reviewer should hear the
//! recording as it is, background included.

use std::ffi::CStr;
use std::ptr::NonNull;

use opusic_sys as ffi;

use super::AudioError;

/// The rates an Opus stream may travel at.
pub const RATES: [u32; 5] = [8000, 12000, 16000, 24000, 48000];

/// The length of one packet.
pub const FRAME_MS: u32 = 20;

/// The bitrate for each channel.
pub const BITRATE_PER_CHANNEL: u32 = 32_000;

/// The bytes of a packet's header (`skip`, `keep`).
const HEADER: usize = 4;

/// Room for one encoded packet (libopus' own recommendation; 20 ms at these bitrates is
/// about 160 bytes).
const MAX_PACKET: usize = 4000;

/// The longest packet Opus can hold, for the decoder's buffer.
const MAX_PACKET_MS: u32 = 120;

/// The rate a stream of a recording at `source_rate` travels at: its own when Opus takes it,
/// otherwise 48 kHz.
pub fn stream_rate(source_rate: u32) -> u32 {
    if RATES.contains(&source_rate) {
        source_rate
    } else {
        48_000
    }
}

/// Whether Opus can carry `channels` channels (mono or stereo).
pub fn supports(channels: u16) -> bool {
    matches!(channels, 1 | 2)
}

/// The bitrate a stream of `channels` is encoded at: 32 kbit/s mono, 64 kbit/s stereo.
pub fn bitrate_for(channels: u16) -> u32 {
    BITRATE_PER_CHANNEL * u32::from(channels.clamp(1, 2))
}

fn failed(what: &str, code: i32) -> AudioError {
    // SAFETY: opus_strerror returns a pointer to a static NUL-terminated string for any code
    // (an unknown one gets "unknown error").
    let why = unsafe { CStr::from_ptr(ffi::opus_strerror(code)) };
    AudioError::Stream(format!("{what}: {}", why.to_string_lossy()))
}

fn check_format(rate: u32, channels: u16) -> Result<(), AudioError> {
    if !RATES.contains(&rate) || !supports(channels) {
        return Err(AudioError::Stream(format!(
            "Opus cannot carry {channels} channels at {rate} Hz"
        )));
    }
    Ok(())
}

/// A libopus encoder, destroyed on drop.
struct RawEncoder(NonNull<ffi::OpusEncoder>);

// SAFETY: the encoder is memory owned by this value alone; libopus keeps no thread-local or
// global state about it, so it may be used from another thread (never from two at once: every
// use takes `&mut self` or happens while creating it).
unsafe impl Send for RawEncoder {}

impl Drop for RawEncoder {
    fn drop(&mut self) {
        // SAFETY: the pointer came from opus_encoder_create and is destroyed only here, once.
        unsafe { ffi::opus_encoder_destroy(self.0.as_ptr()) }
    }
}

impl RawEncoder {
    fn new(rate: u32, channels: u16) -> Result<RawEncoder, AudioError> {
        let mut err: i32 = ffi::OPUS_OK;
        // SAFETY: plain values (checked by `check_format`) and an out-pointer to a local that
        // lives for the call.
        let ptr = unsafe {
            ffi::opus_encoder_create(
                rate as i32,
                i32::from(channels),
                ffi::OPUS_APPLICATION_AUDIO,
                &mut err,
            )
        };
        // Owned from here on, so destroyed even if it came with an error.
        let enc = NonNull::new(ptr).map(RawEncoder);
        match enc {
            Some(enc) if err == ffi::OPUS_OK => Ok(enc),
            _ => Err(failed("cannot start the Opus encoder", err)),
        }
    }

    /// A `SET` request, whose one argument is an `opus_int32`.
    fn set(&mut self, request: i32, value: i32) -> Result<(), AudioError> {
        // SAFETY: a live encoder, and the one `opus_int32` argument every SET request takes.
        let r = unsafe { ffi::opus_encoder_ctl(self.0.as_ptr(), request, value) };
        if r == ffi::OPUS_OK {
            Ok(())
        } else {
            Err(failed("cannot set up the Opus encoder", r))
        }
    }

    /// The encoder's lookahead in frames at its rate.
    fn lookahead(&mut self) -> Result<u32, AudioError> {
        let mut frames: i32 = 0;
        // SAFETY: a live encoder; OPUS_GET_LOOKAHEAD writes one opus_int32 through the pointer,
        // which points at a local that lives for the call.
        let r = unsafe {
            ffi::opus_encoder_ctl(
                self.0.as_ptr(),
                ffi::OPUS_GET_LOOKAHEAD_REQUEST,
                &mut frames as *mut i32,
            )
        };
        if r != ffi::OPUS_OK {
            return Err(failed("cannot ask the Opus encoder its delay", r));
        }
        u32::try_from(frames).map_err(|_| failed("the Opus encoder's delay is negative", r))
    }

    /// Encodes one packet of `frames` frames (`pcm` holds exactly that many, interleaved),
    /// appending the packet to `out`.
    fn encode(&mut self, pcm: &[f32], frames: usize, out: &mut Vec<u8>) -> Result<(), AudioError> {
        let at = out.len();
        out.resize(at + MAX_PACKET, 0);
        // SAFETY: a live encoder; `pcm` holds `frames` frames of the encoder's channels (the
        // caller cuts it so), and `out[at..]` has MAX_PACKET writable bytes.
        let n = unsafe {
            ffi::opus_encode_float(
                self.0.as_ptr(),
                pcm.as_ptr(),
                frames as i32,
                out[at..].as_mut_ptr(),
                MAX_PACKET as i32,
            )
        };
        let n = usize::try_from(n).map_err(|_| failed("the Opus encoder failed", n))?;
        out.truncate(at + n);
        Ok(())
    }
}

/// A libopus decoder, destroyed on drop.
struct RawDecoder(NonNull<ffi::OpusDecoder>);

// SAFETY: as for `RawEncoder`: memory owned by this value alone, used through `&mut self`.
unsafe impl Send for RawDecoder {}

impl Drop for RawDecoder {
    fn drop(&mut self) {
        // SAFETY: the pointer came from opus_decoder_create and is destroyed only here, once.
        unsafe { ffi::opus_decoder_destroy(self.0.as_ptr()) }
    }
}

impl RawDecoder {
    fn new(rate: u32, channels: u16) -> Result<RawDecoder, AudioError> {
        let mut err: i32 = ffi::OPUS_OK;
        // SAFETY: plain values (checked by `check_format`) and an out-pointer to a local that
        // lives for the call.
        let ptr = unsafe { ffi::opus_decoder_create(rate as i32, i32::from(channels), &mut err) };
        let dec = NonNull::new(ptr).map(RawDecoder);
        match dec {
            Some(dec) if err == ffi::OPUS_OK => Ok(dec),
            _ => Err(failed("cannot start the Opus decoder", err)),
        }
    }

    /// Decodes `packet` into `pcm` (room for `max_frames` frames); returns the frames decoded.
    fn decode(
        &mut self,
        packet: &[u8],
        pcm: &mut [f32],
        max_frames: usize,
    ) -> Result<usize, AudioError> {
        let len = i32::try_from(packet.len())
            .map_err(|_| AudioError::Stream("an Opus packet is too large".into()))?;
        // SAFETY: a live decoder; `packet` is readable for `len` bytes and `pcm` writable for
        // `max_frames` frames of the decoder's channels (the caller sizes it so).
        let n = unsafe {
            ffi::opus_decode_float(
                self.0.as_ptr(),
                packet.as_ptr(),
                len,
                pcm.as_mut_ptr(),
                max_frames as i32,
                0,
            )
        };
        usize::try_from(n).map_err(|_| failed("an Opus packet cannot be decoded", n))
    }
}

/// Turns interleaved samples at a recording's rate into header-framed Opus packets (see the
/// module's documentation).
pub struct Encoder {
    raw: RawEncoder,
    rate: u32,
    channels: u16,
    bitrate: u32,
    /// Frames in one packet.
    frame: usize,
    lookahead: u64,
    resampler: Option<Resampler>,
    /// Set by [`Encoder::exact_silence`].
    dc: Option<DcTrack>,
    /// Samples at the stream's rate waiting for a whole packet.
    pending: Vec<f32>,
    /// Frames of the stream (at its rate) taken in so far, padding not included.
    fed: u64,
    /// Frames given to the encoder in packets so far, padding included.
    encoded: u64,
    finished: bool,
}

impl Encoder {
    /// An encoder for `channels` interleaved channels at `source_rate`, at `bitrate` bit/s.
    pub fn new(source_rate: u32, channels: u16, bitrate: u32) -> Result<Encoder, AudioError> {
        let rate = stream_rate(source_rate);
        check_format(rate, channels)?;
        let mut raw = RawEncoder::new(rate, channels)?;
        let bitrate = bitrate.clamp(6_000, 510_000);
        raw.set(ffi::OPUS_SET_BITRATE_REQUEST, bitrate as i32)?;
        let lookahead = u64::from(raw.lookahead()?);
        let resampler =
            (rate != source_rate).then(|| Resampler::new(source_rate.max(1), rate, channels));
        Ok(Encoder {
            raw,
            rate,
            channels,
            bitrate,
            frame: (rate * FRAME_MS / 1000) as usize,
            lookahead,
            resampler,
            dc: None,
            pending: Vec::new(),
            fed: 0,
            encoded: 0,
            finished: false,
        })
    }

    /// The stream's rate (what the far end plays at).
    pub fn rate(&self) -> u32 {
        self.rate
    }

    pub fn channels(&self) -> u16 {
        self.channels
    }

    pub fn bitrate(&self) -> u32 {
        self.bitrate
    }

    /// Keeps digital silence silent: libopus takes out DC before encoding (a 3 Hz high-pass,
    /// `dc_reject` in its encoder), whose memory of the sound before a run of zeros would
    /// otherwise come out in that run as a fading offset (about -50 dBFS after speech, for
    /// some 300 ms). With this, a zero sample is fed to libopus as the level its filter holds,
    /// which the filter turns into zero, keeping that level. For copies with silent parts.
    pub fn exact_silence(&mut self) {
        self.dc = Some(DcTrack::new(self.rate, self.channels));
    }

    /// The encoder's delay in frames at [`rate`](Self::rate): what a decoder drops at the start
    /// (an Ogg Opus file's pre-skip).
    pub fn delay(&self) -> u64 {
        self.lookahead
    }

    /// Frames of the stream (at [`rate`](Self::rate)) taken in so far; after
    /// [`finish`](Self::finish), exactly the frames the far end will play.
    pub fn frames(&self) -> u64 {
        self.fed
    }

    /// Takes interleaved samples (in `[-1, 1]`) at the recording's rate; returns the packets
    /// that are complete.
    pub fn push(&mut self, samples: &[f32]) -> Result<Vec<Vec<u8>>, AudioError> {
        if self.finished {
            return Err(AudioError::Stream("the stream has ended".into()));
        }
        let before = self.pending.len();
        match self.resampler.as_mut() {
            Some(r) => r.push(samples, &mut self.pending),
            None => {
                let ch = usize::from(self.channels);
                let whole = samples.len() - samples.len() % ch;
                self.pending.extend_from_slice(&samples[..whole]);
            }
        }
        self.fed += ((self.pending.len() - before) / usize::from(self.channels)) as u64;
        self.packets()
    }

    /// The stream ends: the rest, padded to a whole packet and through the encoder's delay.
    pub fn finish(&mut self) -> Result<Vec<Vec<u8>>, AudioError> {
        if self.finished {
            return Ok(Vec::new());
        }
        let before = self.pending.len();
        if let Some(r) = self.resampler.as_mut() {
            r.finish(&mut self.pending);
        }
        let ch = usize::from(self.channels);
        self.fed += ((self.pending.len() - before) / ch) as u64;
        self.finished = true;
        if self.fed == 0 {
            return Ok(Vec::new());
        }
        // The last frame of the stream comes out `lookahead` frames after it went in.
        let frame = self.frame as u64;
        let have = self.encoded + (self.pending.len() / ch) as u64;
        let need = (self.fed + self.lookahead).max(have).div_ceil(frame) * frame;
        self.pending
            .resize(self.pending.len() + (need - have) as usize * ch, 0.0);
        self.packets()
    }

    /// Encodes every whole packet waiting.
    fn packets(&mut self) -> Result<Vec<Vec<u8>>, AudioError> {
        let ch = usize::from(self.channels);
        let per = self.frame * ch;
        let mut out = Vec::with_capacity(self.pending.len() / per);
        let mut at = 0;
        while self.pending.len() - at >= per {
            let (skip, keep) = self.kept(self.encoded);
            let mut piece = Vec::with_capacity(HEADER + 200);
            piece.extend_from_slice(&skip.to_le_bytes());
            piece.extend_from_slice(&keep.to_le_bytes());
            if let Some(dc) = self.dc.as_mut() {
                dc.feed(&mut self.pending[at..at + per]);
            }
            self.raw
                .encode(&self.pending[at..at + per], self.frame, &mut piece)?;
            out.push(piece);
            self.encoded += self.frame as u64;
            at += per;
        }
        self.pending.drain(..at);
        Ok(out)
    }

    /// Which frames decoded from the packet that starts at encoder frame `start` belong to the
    /// stream: they are the stream's frames `start - lookahead ..`, and the stream's frames are
    /// `0 .. fed` (not yet bounded while it runs).
    fn kept(&self, start: u64) -> (u16, u16) {
        let end = start + self.frame as u64;
        let first = self.lookahead;
        let last = if self.finished {
            self.lookahead + self.fed
        } else {
            u64::MAX
        };
        let from = first.clamp(start, end);
        let to = last.clamp(from, end);
        // Both are at most one packet (960 frames at 48 kHz).
        ((from - start) as u16, (to - from) as u16)
    }
}

/// A copy of libopus' DC filter (`dc_reject` in `opus_encoder.c`, float build: a one-pole
/// high-pass at 3 Hz, `m = 6.3 * 3 / rate * x + (1 - 6.3 * 3 / rate) * m`, output `x - m`),
/// run on what the encoder is given, so that a zero can be given to it as `m`: the filter's
/// output is then zero and its memory stays `m`.
struct DcTrack {
    coef: f32,
    memory: Vec<f32>,
}

impl DcTrack {
    fn new(rate: u32, channels: u16) -> DcTrack {
        DcTrack {
            coef: 6.3f32 * 3.0 / rate as f32,
            memory: vec![0.0; usize::from(channels.max(1))],
        }
    }

    /// Runs over interleaved samples about to be encoded, replacing each zero by the level the
    /// filter holds.
    fn feed(&mut self, samples: &mut [f32]) {
        let ch = self.memory.len();
        let (coef, coef2) = (self.coef, 1.0 - self.coef);
        for (i, x) in samples.iter_mut().enumerate() {
            let m = &mut self.memory[i % ch];
            if *x == 0.0 {
                *x = *m;
            }
            // As libopus computes it (its VERY_SMALL, 1e-30, included).
            *m = coef * *x + 1e-30 + coef2 * *m;
        }
    }
}

/// Plays back what an [`Encoder`] made: header-framed packets in, the stream's samples out.
pub struct Decoder {
    raw: RawDecoder,
    channels: u16,
    max_frames: usize,
    pcm: Vec<f32>,
}

impl Decoder {
    /// A decoder for a stream of `channels` at `rate` (one of [`RATES`]).
    pub fn new(rate: u32, channels: u16) -> Result<Decoder, AudioError> {
        check_format(rate, channels)?;
        let max_frames = (rate * MAX_PACKET_MS / 1000) as usize;
        Ok(Decoder {
            raw: RawDecoder::new(rate, channels)?,
            channels,
            max_frames,
            pcm: vec![0.0; max_frames * usize::from(channels)],
        })
    }

    /// Decodes one piece and appends the stream's samples in it to `out`; returns how many
    /// frames that was.
    pub fn decode(&mut self, piece: &[u8], out: &mut Vec<f32>) -> Result<usize, AudioError> {
        let (head, packet) = piece
            .split_first_chunk::<HEADER>()
            .ok_or_else(|| AudioError::Stream("an Opus piece without its header".into()))?;
        let skip = usize::from(u16::from_le_bytes([head[0], head[1]]));
        let keep = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let n = self.raw.decode(packet, &mut self.pcm, self.max_frames)?;
        if skip + keep > n {
            return Err(AudioError::Stream(format!(
                "an Opus piece claims {} frames of the {n} it holds",
                skip + keep
            )));
        }
        let ch = usize::from(self.channels);
        out.extend_from_slice(&self.pcm[skip * ch..(skip + keep) * ch]);
        Ok(keep)
    }
}

/// A streaming resampler with cubic (Catmull-Rom) interpolation. Output frame `k` is the
/// input at time `k * from / to`; for `n` frames in it gives exactly `ceil(n * to / from)`.
struct Resampler {
    from: u64,
    to: u64,
    channels: usize,
    /// Input frames still needed, interleaved; `buf`'s first frame is input frame `base`.
    buf: Vec<f32>,
    base: u64,
    /// Input frames taken in so far.
    fed: u64,
    /// The next output frame.
    next: u64,
}

impl Resampler {
    fn new(from: u32, to: u32, channels: u16) -> Resampler {
        Resampler {
            from: u64::from(from),
            to: u64::from(to),
            channels: usize::from(channels.max(1)),
            buf: Vec::new(),
            base: 0,
            fed: 0,
            next: 0,
        }
    }

    fn push(&mut self, input: &[f32], out: &mut Vec<f32>) {
        let whole = input.len() - input.len() % self.channels;
        self.buf.extend_from_slice(&input[..whole]);
        self.fed += (whole / self.channels) as u64;
        self.produce(out, false);
    }

    /// The input ended: the last frames, with the edge held.
    fn finish(&mut self, out: &mut Vec<f32>) {
        self.produce(out, true);
    }

    fn produce(&mut self, out: &mut Vec<f32>, last: bool) {
        let total = if last {
            (self.fed * self.to).div_ceil(self.from)
        } else {
            u64::MAX
        };
        while self.next < total && self.fed > 0 {
            let pos = self.next * self.from;
            let i = pos / self.to;
            // While the input runs, wait for the frame after the next one.
            if !last && i + 2 >= self.fed {
                break;
            }
            let t = (pos % self.to) as f32 / self.to as f32;
            // Frames before the first and after the last are the edge frames, held.
            let (lo, hi) = (
                self.base as i64,
                (self.fed as i64 - 1).max(self.base as i64),
            );
            let at = |k: i64, c: usize| -> f32 {
                let k = (k.clamp(lo, hi) - lo) as usize;
                self.buf.get(k * self.channels + c).copied().unwrap_or(0.0)
            };
            let i = i as i64;
            for c in 0..self.channels {
                out.push(catmull_rom(
                    at(i - 1, c),
                    at(i, c),
                    at(i + 1, c),
                    at(i + 2, c),
                    t,
                ));
            }
            self.next += 1;
        }
        // Keep the frame before the next output's position, and what follows.
        let keep_from = ((self.next * self.from) / self.to)
            .saturating_sub(1)
            .min(self.fed);
        if keep_from > self.base {
            let drop = (keep_from - self.base) as usize * self.channels;
            self.buf.drain(..drop.min(self.buf.len()));
            self.base = keep_from;
        }
    }
}

/// The Catmull-Rom spline through `b` (t = 0) and `c` (t = 1), shaped by `a` and `d`.
fn catmull_rom(a: f32, b: f32, c: f32, d: f32, t: f32) -> f32 {
    let c1 = 0.5 * (c - a);
    let c2 = a - 2.5 * b + 2.0 * c - 0.5 * d;
    let c3 = 0.5 * (d - a) + 1.5 * (b - c);
    ((c3 * t + c2) * t + c1) * t + b
}

#[cfg(test)]
mod tests;
