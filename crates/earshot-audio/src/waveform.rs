//! The waveform overview: a peak and an RMS level per short bucket, computed
//! in one decode pass, stored as bytes, and viewed at any coarser width.
//!
//! Levels are stored as `u8` on a square-root scale (`stored = 255 × √level`,
//! level being linear amplitude 0..=1) so quiet speech keeps resolution.

use std::io::{self, Read, Seek, SeekFrom};

use super::decode::Decoder;
use super::{AudioError, AudioRead};

/// Default bucket length in milliseconds.
pub const DEFAULT_BUCKET_MS: u32 = 50;

const MAGIC: &[u8; 4] = b"ESWF";
const VERSION: u8 = 1;

/// Peak and RMS levels per bucket of `bucket_ms` milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Waveform {
    /// Length of one bucket in milliseconds.
    pub bucket_ms: u32,
    /// Peak level per bucket (square-root scale).
    pub peaks: Vec<u8>,
    /// RMS level per bucket (square-root scale).
    pub rms: Vec<u8>,
}

/// Decodes a whole recording once and computes its waveform with buckets of `bucket_ms`.
/// A 16-bit PCM WAV is read straight from its samples (see `waveform_pcm`).
pub fn waveform<R: AudioRead>(
    mut reader: R,
    byte_len: u64,
    hint: Option<&str>,
    bucket_ms: u32,
) -> Result<Waveform, AudioError> {
    if let Ok(Some(w)) = pcm16_wav(&mut reader, byte_len) {
        return waveform_pcm16(&mut reader, w, bucket_ms)
            .map_err(|e| AudioError::Read(e.to_string()));
    }
    reader
        .seek(std::io::SeekFrom::Start(0))
        .map_err(|e| AudioError::Read(e.to_string()))?;
    let mut decoder = Decoder::open(reader, byte_len, hint)?;
    Waveform::from_decoder(&mut decoder, bucket_ms)
}

fn encode(level: f64) -> u8 {
    (level.clamp(0.0, 1.0).sqrt() * 255.0).round() as u8
}

fn decode_level(v: u8) -> f64 {
    let x = v as f64 / 255.0;
    x * x
}

impl Waveform {
    /// Computes the waveform of everything `decoder` still has to give.
    pub fn from_decoder(decoder: &mut Decoder, bucket_ms: u32) -> Result<Waveform, AudioError> {
        let bucket_ms = bucket_ms.max(1);
        let rate = decoder.sample_rate().max(1) as u64;
        let channels = decoder.channels().max(1) as usize;
        let total = decoder.total_frames();
        // Bucket i holds frames [i·rate·ms/1000, (i+1)·rate·ms/1000).
        let per_bucket_num = rate * bucket_ms as u64; // frames × 1000
        let buckets = (total * 1000).div_ceil(per_bucket_num) as usize;
        let mut peaks = Vec::with_capacity(buckets);
        let mut rms = Vec::with_capacity(buckets);

        let mut frame = decoder.current_frame();
        let mut bucket = (frame * 1000 / per_bucket_num) as usize;
        let mut next_boundary = ((bucket as u64 + 1) * per_bucket_num).div_ceil(1000);
        let mut peak = 0f32;
        let mut sum_sq = 0f64;
        let mut count = 0u64;
        while let Some(block) = decoder.next_block() {
            let mut i = 0;
            while i < block.len() {
                let frames_left_in_bucket = (next_boundary - frame) as usize;
                let frames_in_block = (block.len() - i) / channels;
                let take = frames_left_in_bucket.min(frames_in_block).max(1);
                let end = (i + take * channels).min(block.len());
                let mut local_sq = 0f32;
                for &s in &block[i..end] {
                    let a = s.abs();
                    if a > peak {
                        peak = a;
                    }
                    local_sq += s * s;
                }
                sum_sq += local_sq as f64;
                count += (end - i) as u64;
                frame += ((end - i) / channels) as u64;
                i = end;
                if frame >= next_boundary {
                    push_bucket(&mut peaks, &mut rms, peak, sum_sq, count);
                    peak = 0.0;
                    sum_sq = 0.0;
                    count = 0;
                    bucket += 1;
                    next_boundary = ((bucket as u64 + 1) * per_bucket_num).div_ceil(1000);
                }
            }
        }
        if let Some(e) = decoder.error() {
            return Err(e.clone());
        }
        if count > 0 {
            push_bucket(&mut peaks, &mut rms, peak, sum_sq, count);
        }
        Ok(Waveform {
            bucket_ms,
            peaks,
            rms,
        })
    }

    /// Number of buckets.
    pub fn len(&self) -> usize {
        self.peaks.len()
    }

    /// True when there are no buckets.
    pub fn is_empty(&self) -> bool {
        self.peaks.is_empty()
    }

    /// A compact byte form for storage: `ESWF`, version, bucket_ms (LE u32),
    /// count (LE u32), the peaks, the RMS levels.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(13 + 2 * self.peaks.len());
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&self.bucket_ms.to_le_bytes());
        out.extend_from_slice(&(self.peaks.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.peaks);
        out.extend_from_slice(&self.rms);
        out
    }

    /// Reads the form written by [`Waveform::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Waveform, AudioError> {
        let bad = || AudioError::Damaged {
            detail: "its stored waveform overview is unreadable".into(),
        };
        if bytes.len() < 13 || &bytes[..4] != MAGIC || bytes[4] != VERSION {
            return Err(bad());
        }
        let bucket_ms = u32::from_le_bytes([bytes[5], bytes[6], bytes[7], bytes[8]]);
        let n = u32::from_le_bytes([bytes[9], bytes[10], bytes[11], bytes[12]]) as usize;
        if bucket_ms == 0 || bytes.len() != 13 + 2 * n {
            return Err(bad());
        }
        Ok(Waveform {
            bucket_ms,
            peaks: bytes[13..13 + n].to_vec(),
            rms: bytes[13 + n..].to_vec(),
        })
    }

    /// A view `width` columns wide: per column the peak (maximum) and the RMS
    /// (root of the mean square) of the buckets it covers, on the stored scale.
    pub fn resample(&self, width: usize) -> Vec<(u8, u8)> {
        let n = self.peaks.len();
        if width == 0 || n == 0 {
            return Vec::new();
        }
        (0..width)
            .map(|j| {
                let from = j * n / width;
                let to = ((j + 1) * n / width).max(from + 1).min(n);
                let peak = self.peaks[from..to].iter().copied().max().unwrap_or(0);
                let mean_sq = self.rms[from..to]
                    .iter()
                    .map(|&r| {
                        let l = decode_level(r);
                        l * l
                    })
                    .sum::<f64>()
                    / (to - from) as f64;
                (peak, encode(mean_sq.sqrt()))
            })
            .collect()
    }

    /// A two-line picture `width` characters wide drawn with ▁▂▃▄▅▆▇█, the height following
    /// the loudness (RMS) in decibels within the recording's own range: from its quietest
    /// twentieth (but at most 48 dB and at least 12 dB below) up to its loudest. A voice note
    /// recorded loud then still shows its speech, pauses and shouting apart, where a fixed
    /// scale drew one solid block.
    pub fn render_text(&self, width: usize) -> String {
        const BLOCKS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        let cols = self.resample(width);
        let db_of = |v: u8| {
            let level = decode_level(v);
            if level > 0.0 {
                20.0 * level.log10()
            } else {
                -96.0
            }
        };
        let dbs: Vec<f64> = cols.iter().map(|&(_, rms)| db_of(rms)).collect();
        let mut sorted = dbs.clone();
        sorted.sort_by(f64::total_cmp);
        let hi = sorted.last().copied().unwrap_or(0.0);
        let quiet = sorted.get(sorted.len() / 20).copied().unwrap_or(hi);
        let lo = quiet.max(hi - 48.0).min(hi - 12.0);
        let mut top = String::with_capacity(width * 3);
        let mut bottom = String::with_capacity(width * 3);
        for db in dbs {
            // 0..=16 eighths of two character cells; never below one eighth.
            let h = (((db - lo) / (hi - lo)).clamp(0.0, 1.0) * 16.0).round() as usize;
            let h = h.max(1);
            bottom.push(BLOCKS[h.min(8)]);
            top.push(BLOCKS[h.saturating_sub(8)]);
        }
        format!("{}\n{}", top.trim_end(), bottom)
    }
}

pub(crate) fn push_bucket(
    peaks: &mut Vec<u8>,
    rms: &mut Vec<u8>,
    peak: f32,
    sum_sq: f64,
    count: u64,
) {
    peaks.push(encode(peak as f64));
    let mean = if count > 0 {
        sum_sq / count as f64
    } else {
        0.0
    };
    rms.push(encode(mean.sqrt()));
}

// ----- 16-bit PCM WAV, read straight from its bytes -----
//
// For a large recording (call recorders and dictaphones write WAV) decoding through the general
// decoder cost three times what reading the file does; the samples are already there. Anything
// else — another sample format, `WAVE_FORMAT_EXTENSIBLE`, a malformed header — is left to the
// general decoder: `pcm16_wav` answers `None`.

/// Where the samples of a 16-bit PCM WAV are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PcmWav {
    pub rate: u32,
    pub channels: u16,
    pub data_start: u64,
    pub data_len: u64,
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Reads the header chunks of a RIFF/WAVE file of `byte_len` bytes; `Some` only for plain
/// 16-bit PCM with 1 to 8 channels whose `fmt ` chunk comes before its `data`.
pub(crate) fn pcm16_wav<R: Read + Seek>(r: &mut R, byte_len: u64) -> io::Result<Option<PcmWav>> {
    r.seek(SeekFrom::Start(0))?;
    let mut head = [0u8; 12];
    if byte_len < 12 || r.read_exact(&mut head).is_err() {
        return Ok(None);
    }
    if &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Ok(None);
    }
    let mut pos = 12u64;
    let mut format: Option<(u32, u16)> = None;
    // A real header has a handful of chunks; a file with endless small ones is not worth it.
    for _ in 0..64 {
        let mut ch = [0u8; 8];
        if pos + 8 > byte_len || r.read_exact(&mut ch).is_err() {
            return Ok(None);
        }
        let size = u64::from(u32_at(&ch, 4));
        pos += 8;
        match &ch[0..4] {
            b"fmt " => {
                if !(16..=64).contains(&size) || pos + size > byte_len {
                    return Ok(None);
                }
                let mut f = [0u8; 64];
                r.read_exact(&mut f[..size as usize])?;
                let (tag, channels, rate) = (u16_at(&f, 0), u16_at(&f, 2), u32_at(&f, 4));
                let (block_align, bits) = (u16_at(&f, 12), u16_at(&f, 14));
                if tag != 1
                    || bits != 16
                    || !(1..=8).contains(&channels)
                    || rate == 0
                    || block_align != 2 * channels
                {
                    return Ok(None);
                }
                format = Some((rate, channels));
                pos += size;
                if size % 2 == 1 {
                    pos += 1;
                }
                r.seek(SeekFrom::Start(pos))?;
            }
            b"data" => {
                let Some((rate, channels)) = format else {
                    return Ok(None);
                };
                let data_len = size.min(byte_len - pos);
                return Ok(Some(PcmWav {
                    rate,
                    channels,
                    data_start: pos,
                    data_len: data_len - data_len % (2 * u64::from(channels)),
                }));
            }
            _ => {
                pos += size + size % 2;
                if pos > byte_len {
                    return Ok(None);
                }
                r.seek(SeekFrom::Start(pos))?;
            }
        }
    }
    Ok(None)
}

/// The largest magnitude and the sum of squares of little-endian 16-bit samples.
fn levels(bytes: &[u8]) -> (u32, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        let whole = bytes.len() / 16 * 16;
        // SAFETY: SSE2 is part of x86-64 itself (the target's baseline), so it is always there.
        let a = unsafe { levels_sse2(&bytes[..whole]) };
        let b = levels_scalar(&bytes[whole..]);
        (a.0.max(b.0), a.1 + b.1)
    }
    #[cfg(not(target_arch = "x86_64"))]
    levels_scalar(bytes)
}

/// [`levels`] one sample at a time.
fn levels_scalar(bytes: &[u8]) -> (u32, u64) {
    let mut peak = 0u32;
    let mut sq = 0u64;
    for s in bytes.chunks_exact(2) {
        let v = i32::from(i16::from_le_bytes([s[0], s[1]]));
        peak = peak.max(v.unsigned_abs());
        sq += (v * v) as u64;
    }
    (peak, sq)
}

/// [`levels`] eight samples at a time with SSE2, which every x86-64 processor has (the portable
/// loop above does not vectorise without SSE4.1, and importing a large WAV spent a fifth of its
/// time there). `bytes` is a whole number of 16-byte blocks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn levels_sse2(bytes: &[u8]) -> (u32, u64) {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi64, _mm_loadu_si128, _mm_madd_epi16, _mm_max_epi16, _mm_min_epi16,
        _mm_setzero_si128, _mm_storeu_si128, _mm_unpackhi_epi32, _mm_unpacklo_epi32,
    };
    let zero = _mm_setzero_si128();
    let (mut hi, mut lo, mut sum) = (zero, zero, zero);
    for block in bytes.chunks_exact(16) {
        // SAFETY: `block` is 16 readable bytes; the load has no alignment requirement.
        let v = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
        hi = _mm_max_epi16(hi, v);
        lo = _mm_min_epi16(lo, v);
        // Four sums of two squares. Each is at most 2 * 32768^2 = 2^31: right as an unsigned
        // 32-bit number (only i32 would overflow), so it is widened with zeros.
        let sq = _mm_madd_epi16(v, v);
        sum = _mm_add_epi64(sum, _mm_unpacklo_epi32(sq, zero));
        sum = _mm_add_epi64(sum, _mm_unpackhi_epi32(sq, zero));
    }
    let (mut highs, mut lows, mut sums) = ([0i16; 8], [0i16; 8], [0u64; 2]);
    // SAFETY: each array is 16 writable bytes; the store has no alignment requirement.
    unsafe {
        _mm_storeu_si128(highs.as_mut_ptr().cast::<__m128i>(), hi);
        _mm_storeu_si128(lows.as_mut_ptr().cast::<__m128i>(), lo);
        _mm_storeu_si128(sums.as_mut_ptr().cast::<__m128i>(), sum);
    }
    let peak = highs
        .iter()
        .chain(&lows)
        .map(|&v| i32::from(v).unsigned_abs())
        .max()
        .unwrap_or(0);
    (peak, sums[0] + sums[1])
}

/// The waveform of the samples `w` locates, with buckets of `bucket_ms`: the same buckets as
/// [`Waveform::from_decoder`] makes (frames `[i·rate·ms/1000, (i+1)·rate·ms/1000)`), levels
/// from exact integer sums.
pub(crate) fn waveform_pcm16<R: Read + Seek>(
    r: &mut R,
    w: PcmWav,
    bucket_ms: u32,
) -> io::Result<Waveform> {
    let mut feed = Pcm16Feed::new(w, bucket_ms, w.data_start);
    r.seek(SeekFrom::Start(w.data_start))?;
    let mut buf = vec![0u8; 1 << 16];
    let mut left = w.data_len;
    while left > 0 {
        let want = left.min(buf.len() as u64) as usize;
        r.read_exact(&mut buf[..want])?;
        left -= want as u64;
        feed.feed(&buf[..want]);
    }
    feed.finish()
        .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))
}

/// The waveform of a 16-bit PCM WAV made from its bytes as they go by, in order (while they are
/// being sealed, say), instead of read from the file again.
#[derive(Debug)]
pub struct OverviewFeed(Pcm16Feed);

impl OverviewFeed {
    /// A feed for the file whose first bytes are `head` and whose length is `byte_len`, or
    /// `None` unless it is a 16-bit PCM WAV whose header lies within `head` (anything else is
    /// decoded, not summed: [`waveform`]).
    pub fn new(head: &[u8], byte_len: u64, bucket_ms: u32) -> Option<OverviewFeed> {
        // The header is read from `head` and checked against the whole file's length, as
        // [`waveform`] reads it from the file: a header that runs past `head` is no feed.
        let w = pcm16_wav(&mut io::Cursor::new(head), byte_len)
            .ok()
            .flatten()?;
        Some(OverviewFeed(Pcm16Feed::new(w, bucket_ms, 0)))
    }

    /// The file's next bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.0.feed(bytes);
    }

    /// The waveform, if every byte of the samples went by.
    pub fn finish(self) -> Option<Waveform> {
        self.0.finish()
    }
}

/// Sums the levels of 16-bit samples bucket by bucket from a file's bytes fed in order.
#[derive(Debug)]
pub(crate) struct Pcm16Feed {
    w: PcmWav,
    bucket_ms: u32,
    /// The file offset of the next byte fed.
    pos: u64,
    /// The start of a frame split between two feeds.
    carry: Vec<u8>,
    per_bucket_num: u64,
    frame: u64,
    bucket: u64,
    next_boundary: u64,
    peak: u32,
    sum_sq: u64,
    count: u64,
    peaks: Vec<u8>,
    rms: Vec<u8>,
}

const FULL: f64 = 32768.0;

impl Pcm16Feed {
    pub(crate) fn new(w: PcmWav, bucket_ms: u32, pos: u64) -> Pcm16Feed {
        let bucket_ms = bucket_ms.max(1);
        let total = w.data_len / (2 * u64::from(w.channels));
        let per_bucket_num = u64::from(w.rate) * u64::from(bucket_ms);
        let buckets = (total * 1000).div_ceil(per_bucket_num) as usize;
        Pcm16Feed {
            w,
            bucket_ms,
            pos,
            carry: Vec::new(),
            per_bucket_num,
            frame: 0,
            bucket: 0,
            next_boundary: per_bucket_num.div_ceil(1000),
            peak: 0,
            sum_sq: 0,
            count: 0,
            peaks: Vec::with_capacity(buckets),
            rms: Vec::with_capacity(buckets),
        }
    }

    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let (start, end) = (self.w.data_start, self.w.data_start + self.w.data_len);
        let from = self.pos;
        self.pos += bytes.len() as u64;
        // The part of `bytes` that is samples.
        let lo = start.max(from).min(self.pos);
        let hi = end.min(self.pos).max(lo);
        let mut samples = &bytes[(lo - from) as usize..(hi - from) as usize];
        let block = 2 * usize::from(self.w.channels);
        if !self.carry.is_empty() {
            let need = (block - self.carry.len()).min(samples.len());
            self.carry.extend_from_slice(&samples[..need]);
            samples = &samples[need..];
            if self.carry.len() == block {
                let frame = std::mem::take(&mut self.carry);
                self.frames(&frame, block);
            }
        }
        let whole = samples.len() / block * block;
        self.frames(&samples[..whole], block);
        self.carry.extend_from_slice(&samples[whole..]);
    }

    /// Whole frames.
    fn frames(&mut self, buf: &[u8], block: usize) {
        let channels = usize::from(self.w.channels);
        let frames = buf.len() / block;
        let mut at = 0usize;
        while at < frames {
            let take = ((self.next_boundary - self.frame) as usize)
                .min(frames - at)
                .max(1);
            let (pk, sq) = levels(&buf[at * block..(at + take) * block]);
            self.peak = self.peak.max(pk);
            self.sum_sq += sq;
            self.count += (take * channels) as u64;
            self.frame += take as u64;
            at += take;
            if self.frame >= self.next_boundary {
                self.close_bucket();
                self.bucket += 1;
                self.next_boundary = ((self.bucket + 1) * self.per_bucket_num).div_ceil(1000);
            }
        }
    }

    fn close_bucket(&mut self) {
        push_bucket(
            &mut self.peaks,
            &mut self.rms,
            (f64::from(self.peak) / FULL) as f32,
            self.sum_sq as f64 / (FULL * FULL),
            self.count,
        );
        (self.peak, self.sum_sq, self.count) = (0, 0, 0);
    }

    /// The waveform, or `None` if not every sample was fed.
    pub(crate) fn finish(mut self) -> Option<Waveform> {
        if self.pos < self.w.data_start + self.w.data_len {
            return None;
        }
        if self.count > 0 {
            self.close_bucket();
        }
        Some(Waveform {
            bucket_ms: self.bucket_ms,
            peaks: self.peaks,
            rms: self.rms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vector_levels_are_the_levels_sample_by_sample() {
        // Extremes (-32768 squared twice is 2^31, the most one SSE2 lane holds), every length
        // from 0 to 40 bytes (tails that are not a whole block), and a long stretch of noise.
        let mut bytes: Vec<u8> = Vec::new();
        for v in [
            i16::MIN,
            i16::MAX,
            -1,
            0,
            1,
            i16::MIN,
            i16::MIN,
            12345,
            -23456,
        ] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        let mut x = 0x9e37_79b9u32;
        for _ in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bytes.extend_from_slice(&(x as u16).to_le_bytes());
        }
        for len in (0..=40).step_by(2).chain([bytes.len()]) {
            assert_eq!(
                levels(&bytes[..len]),
                levels_scalar(&bytes[..len]),
                "{len} bytes"
            );
        }
        let all_min: Vec<u8> = std::iter::repeat_n(i16::MIN.to_le_bytes(), 64)
            .flatten()
            .collect();
        assert_eq!(levels(&all_min), (32768, 64 * (1u64 << 30)));
    }

    fn sample() -> Waveform {
        let peaks: Vec<u8> = (0..100u32).map(|i| (i * 255 / 99) as u8).collect();
        let rms: Vec<u8> = peaks.iter().map(|p| p / 2).collect();
        Waveform {
            bucket_ms: 50,
            peaks,
            rms,
        }
    }

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let w = sample();
        let b = w.to_bytes();
        assert_eq!(Waveform::from_bytes(&b).unwrap(), w);
        assert!(Waveform::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(Waveform::from_bytes(b"nonsense bytes").is_err());
        assert!(Waveform::from_bytes(&[]).is_err());
    }

    #[test]
    fn resample_keeps_peaks_and_energy() {
        let w = sample();
        let same = w.resample(100);
        assert_eq!(same.len(), 100);
        for (i, (p, r)) in same.iter().enumerate() {
            assert_eq!(*p, w.peaks[i]);
            assert_eq!(*r, w.rms[i]);
        }
        let coarse = w.resample(10);
        assert_eq!(coarse.len(), 10);
        for (j, (p, _)) in coarse.iter().enumerate() {
            assert_eq!(*p, *w.peaks[j * 10..j * 10 + 10].iter().max().unwrap());
        }
        // The overall peak survives any width.
        for width in [1, 3, 7, 33, 250] {
            let v = w.resample(width);
            assert_eq!(v.len(), width);
            assert_eq!(v.iter().map(|c| c.0).max(), Some(255));
        }
        // Two-step resampling agrees with one step on peaks.
        assert_eq!(
            w.resample(5).iter().map(|c| c.0).collect::<Vec<_>>(),
            vec![
                w.peaks[19],
                w.peaks[39],
                w.peaks[59],
                w.peaks[79],
                w.peaks[99]
            ]
        );
    }

    #[test]
    fn a_loud_recording_still_shows_its_speech_and_pauses_apart() {
        // Loud speech (RMS -6 to -1 dB, peaks at full scale) with two short pauses (-30 dB).
        let n = 200;
        let mut w = Waveform {
            bucket_ms: 50,
            peaks: Vec::new(),
            rms: Vec::new(),
        };
        for i in 0..n {
            let pause = (60..70).contains(&i) || (140..150).contains(&i);
            let rms = if pause {
                0.03
            } else {
                0.5 + 0.4 * ((i as f64) * 0.7).sin().abs()
            };
            w.peaks.push(encode(if pause { 0.05 } else { 1.0 }));
            w.rms.push(encode(rms));
        }
        let text = w.render_text(100);
        let bottom: Vec<char> = text.lines().nth(1).unwrap().chars().collect();
        let top: Vec<char> = text.lines().next().unwrap().chars().collect();
        let heights: std::collections::BTreeSet<(char, char)> = (0..100)
            .map(|i| (top.get(i).copied().unwrap_or(' '), bottom[i]))
            .collect();
        assert!(heights.len() >= 4, "{text}");
        // The pauses are low, the speech high.
        assert!(matches!(bottom[32], '▁' | '▂'), "{text}");
        assert!(top.iter().filter(|c| **c != ' ').count() > 50, "{text}");
    }

    #[test]
    fn renders_two_lines_of_the_requested_width() {
        let w = sample();
        let text = w.render_text(40);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].chars().count(), 40);
        assert!(lines[1].ends_with('█'));
        assert!(lines[0].ends_with('█'));
    }

    mod pcm {
        use std::io::Cursor;

        use super::*;

        /// A WAV with a chunk of another kind (odd-sized) before its samples.
        fn wav(rate: u32, channels: u16, samples: &[i16], tag: u16, bits: u16) -> Vec<u8> {
            let mut fmt = Vec::new();
            fmt.extend_from_slice(&tag.to_le_bytes());
            fmt.extend_from_slice(&channels.to_le_bytes());
            fmt.extend_from_slice(&rate.to_le_bytes());
            fmt.extend_from_slice(&(rate * u32::from(channels) * 2).to_le_bytes());
            fmt.extend_from_slice(&(channels * bits / 8).to_le_bytes());
            fmt.extend_from_slice(&bits.to_le_bytes());
            let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
            let mut b = Vec::new();
            b.extend_from_slice(b"RIFF");
            b.extend_from_slice(&(4 + 8 + 16 + 8 + 3 + 1 + 8 + data.len() as u32).to_le_bytes());
            b.extend_from_slice(b"WAVE");
            b.extend_from_slice(b"fmt ");
            b.extend_from_slice(&16u32.to_le_bytes());
            b.extend_from_slice(&fmt);
            b.extend_from_slice(b"JUNK");
            b.extend_from_slice(&3u32.to_le_bytes());
            b.extend_from_slice(b"abc\0");
            b.extend_from_slice(b"data");
            b.extend_from_slice(&(data.len() as u32).to_le_bytes());
            b.extend_from_slice(&data);
            b
        }

        /// Speech-like: bursts and silences, different per channel.
        fn signal(frames: usize, channels: u16) -> Vec<i16> {
            (0..frames * channels as usize)
                .map(|i| {
                    let t = (i / channels as usize) as f64;
                    let loud = if (t as usize / 3000).is_multiple_of(3) {
                        0.0
                    } else {
                        0.6
                    };
                    let ch = (i % channels as usize) as f64 + 1.0;
                    (loud * 32767.0 * (t * 0.05 * ch).sin()) as i16
                })
                .collect()
        }

        #[test]
        fn the_samples_give_the_same_picture_as_the_decoder() {
            for (rate, channels, frames) in
                [(16_000, 1, 61_234), (44_100, 2, 100_000), (8_000, 1, 17)]
            {
                let bytes = wav(rate, channels, &signal(frames, channels), 1, 16);
                let len = bytes.len() as u64;
                let w = pcm16_wav(&mut Cursor::new(&bytes), len)
                    .expect("read")
                    .expect("plain 16-bit PCM");
                assert_eq!((w.rate, w.channels), (rate, channels));
                assert_eq!(w.data_len, frames as u64 * 2 * u64::from(channels));
                let fast = waveform_pcm16(&mut Cursor::new(&bytes), w, 50).expect("fast");
                let mut d =
                    Decoder::open(Cursor::new(bytes.clone()), len, Some("wav")).expect("open");
                let slow = Waveform::from_decoder(&mut d, 50).expect("decoder");
                assert_eq!(fast.len(), slow.len(), "{rate} Hz");
                for (i, (a, b)) in fast.peaks.iter().zip(&slow.peaks).enumerate() {
                    assert!(a.abs_diff(*b) <= 1, "{rate} Hz bucket {i} peak {a} vs {b}");
                }
                for (i, (a, b)) in fast.rms.iter().zip(&slow.rms).enumerate() {
                    assert!(a.abs_diff(*b) <= 1, "{rate} Hz bucket {i} rms {a} vs {b}");
                }
                if frames > 10_000 {
                    // Loud and silent stretches both show.
                    assert!(fast.peaks.iter().any(|&p| p > 150) && fast.peaks.contains(&0));
                }
            }
        }

        #[test]
        fn anything_but_plain_16_bit_pcm_is_left_to_the_decoder() {
            let s = signal(1000, 1);
            let refuse = |b: Vec<u8>| {
                let len = b.len() as u64;
                assert_eq!(pcm16_wav(&mut Cursor::new(b), len).expect("read"), None);
            };
            refuse(wav(16_000, 1, &s, 3, 16)); // float
            refuse(wav(16_000, 1, &s, 1, 8)); // 8-bit
            refuse(wav(16_000, 1, &s, 0xFFFE, 16)); // extensible
            refuse(wav(16_000, 9, &s, 1, 16)); // too many channels
            refuse(b"RIFF\0\0\0\0WAVE".to_vec()); // no chunks
            refuse(b"OggS".to_vec());
            // Samples before the format, or a format chunk claiming to be huge.
            let mut b = wav(16_000, 1, &s, 1, 16);
            b[12..16].copy_from_slice(b"junk");
            refuse(b);
            let mut b = wav(16_000, 1, &s, 1, 16);
            b[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
            refuse(b);
        }

        /// Fed the file's bytes in pieces of any size (splitting the header, and frames between
        /// two pieces), the overview is the one made from the file.
        #[test]
        fn an_overview_fed_in_pieces_is_the_one_read_from_the_file() {
            for (rate, channels) in [(16_000, 1u16), (48_000, 2), (8_000, 3)] {
                let bytes = wav(rate, channels, &signal(rate as usize, channels), 1, 16);
                let len = bytes.len() as u64;
                let whole = waveform(Cursor::new(bytes.clone()), len, Some("wav"), 50)
                    .expect("from the file");
                for piece in [1usize, 3, 7, 1000, 65_536, bytes.len()] {
                    let mut feed = OverviewFeed::new(&bytes[..bytes.len().min(4096)], len, 50)
                        .expect("a PCM WAV");
                    for p in bytes.chunks(piece) {
                        feed.feed(p);
                    }
                    let fed = feed.finish().expect("every byte went by");
                    assert_eq!(fed.peaks, whole.peaks, "{channels} ch, pieces of {piece}");
                    assert_eq!(fed.rms, whole.rms, "{channels} ch, pieces of {piece}");
                }
                // Not every byte: no overview.
                let mut feed = OverviewFeed::new(&bytes, len, 50).expect("a PCM WAV");
                feed.feed(&bytes[..bytes.len() - 1]);
                assert!(feed.finish().is_none());
            }
            // A header beyond the bytes given, or not a PCM WAV: no feed.
            let bytes = wav(16_000, 1, &signal(100, 1), 1, 16);
            assert!(OverviewFeed::new(&bytes[..30], bytes.len() as u64, 50).is_none());
            assert!(OverviewFeed::new(b"OggS\0\0\0\0", 1000, 50).is_none());
        }

        #[test]
        fn a_cut_off_file_counts_only_the_samples_that_are_there() {
            let bytes = wav(16_000, 2, &signal(8_000, 2), 1, 16);
            let cut = &bytes[..bytes.len() - 1001];
            let w = pcm16_wav(&mut Cursor::new(cut), cut.len() as u64)
                .expect("read")
                .expect("pcm");
            assert_eq!(w.data_len % 4, 0, "whole frames only");
            assert!(w.data_start + w.data_len <= cut.len() as u64);
            let fast = waveform_pcm16(&mut Cursor::new(cut), w, 50).expect("waveform");
            assert_eq!(
                fast.len(),
                ((w.data_len / 4) * 1000).div_ceil(16_000 * 50) as usize
            );
        }
    }
}
