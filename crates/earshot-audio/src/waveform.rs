//! The waveform overview: a peak and an RMS level per short bucket, computed
//! in one decode pass, stored as bytes, and viewed at any coarser width.
//!
//! Levels are stored as `u8` on a square-root scale (`stored = 255 × √level`,
//! level being linear amplitude 0..=1) so quiet speech keeps resolution.

use super::decode::Decoder;
use super::{AudioError, AudioRead};

/// Default bucket length in milliseconds.
pub const DEFAULT_BUCKET_MS: u32 = 50;

const MAGIC: &[u8; 4] = b"ESWF";
const VERSION: u8 = 1;

/// Peak and RMS levels per bucket of `bucket_ms` milliseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    if let Ok(Some(w)) = super::waveform_pcm::pcm16_wav(&mut reader, byte_len) {
        return super::waveform_pcm::waveform_pcm16(&mut reader, w, bucket_ms)
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

    /// A two-line picture `width` characters wide drawn with ▁▂▃▄▅▆▇█, the
    /// height following the peak level in decibels (−48 dB to 0 dB).
    pub fn render_text(&self, width: usize) -> String {
        const BLOCKS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        let cols = self.resample(width);
        let mut top = String::with_capacity(width * 3);
        let mut bottom = String::with_capacity(width * 3);
        for (peak, _) in cols {
            let level = decode_level(peak);
            let db = if level > 0.0 {
                20.0 * level.log10()
            } else {
                -96.0
            };
            // 0..=16 eighths of two character cells; never below one eighth.
            let h = (((db + 48.0) / 48.0).clamp(0.0, 1.0) * 16.0).round() as usize;
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn renders_two_lines_of_the_requested_width() {
        let w = sample();
        let text = w.render_text(40);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].chars().count(), 40);
        assert!(lines[1].ends_with('█'));
        assert!(lines[0].ends_with('█'));
    }
}
