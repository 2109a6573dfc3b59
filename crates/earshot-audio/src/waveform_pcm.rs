//! The waveform of a 16-bit PCM WAV, read straight from its bytes. For a large recording
//! (call recorders and dictaphones write WAV) decoding through the general decoder cost three
//! times what reading the file does; the samples are already there.
//!
//! Anything else — another sample format, `WAVE_FORMAT_EXTENSIBLE`, a malformed header — is
//! left to the general decoder: this answers `None` and has read nothing that matters.

use std::io::{self, Read, Seek, SeekFrom};

use super::waveform::{Waveform, push_bucket};

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

/// The largest magnitude and the sum of squares of little-endian 16-bit samples: a loop the
/// compiler turns into vector instructions.
fn levels(bytes: &[u8]) -> (u32, u64) {
    let mut peak = 0u32;
    let mut sq = 0u64;
    for s in bytes.chunks_exact(2) {
        let v = i32::from(i16::from_le_bytes([s[0], s[1]]));
        peak = peak.max(v.unsigned_abs());
        sq += (v * v) as u64;
    }
    (peak, sq)
}

/// The waveform of the samples `w` locates, with buckets of `bucket_ms`: the same buckets as
/// [`Waveform::from_decoder`] makes (frames `[i·rate·ms/1000, (i+1)·rate·ms/1000)`), levels
/// from exact integer sums.
pub(crate) fn waveform_pcm16<R: Read + Seek>(
    r: &mut R,
    w: PcmWav,
    bucket_ms: u32,
) -> io::Result<Waveform> {
    let bucket_ms = bucket_ms.max(1);
    let channels = u64::from(w.channels);
    let total = w.data_len / (2 * channels);
    let per_bucket_num = u64::from(w.rate) * u64::from(bucket_ms);
    let buckets = (total * 1000).div_ceil(per_bucket_num) as usize;
    let mut peaks = Vec::with_capacity(buckets);
    let mut rms = Vec::with_capacity(buckets);
    r.seek(SeekFrom::Start(w.data_start))?;
    // Whole frames per read, so a bucket's samples are one slice of the buffer.
    let block = 2 * channels as usize;
    let mut buf = vec![0u8; (1 << 16) / block * block];
    let mut left = w.data_len;
    let mut frame = 0u64;
    let mut bucket = 0u64;
    let mut next_boundary = per_bucket_num.div_ceil(1000);
    let (mut peak, mut sum_sq, mut count) = (0u32, 0u64, 0u64);
    let full = 32768.0f64;
    while left > 0 {
        let want = left.min(buf.len() as u64) as usize;
        r.read_exact(&mut buf[..want])?;
        left -= want as u64;
        let frames = want / block;
        let mut at = 0usize;
        while at < frames {
            let take = ((next_boundary - frame) as usize).min(frames - at).max(1);
            let (pk, sq) = levels(&buf[at * block..(at + take) * block]);
            peak = peak.max(pk);
            sum_sq += sq;
            count += (take * channels as usize) as u64;
            frame += take as u64;
            at += take;
            if frame >= next_boundary {
                push_bucket(
                    &mut peaks,
                    &mut rms,
                    (f64::from(peak) / full) as f32,
                    sum_sq as f64 / (full * full),
                    count,
                );
                (peak, sum_sq, count) = (0, 0, 0);
                bucket += 1;
                next_boundary = ((bucket + 1) * per_bucket_num).div_ceil(1000);
            }
        }
    }
    if count > 0 {
        push_bucket(
            &mut peaks,
            &mut rms,
            (f64::from(peak) / full) as f32,
            sum_sq as f64 / (full * full),
            count,
        );
    }
    Ok(Waveform {
        bucket_ms,
        peaks,
        rms,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::decode::Decoder;

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
        for (rate, channels, frames) in [(16_000, 1, 61_234), (44_100, 2, 100_000), (8_000, 1, 17)]
        {
            let bytes = wav(rate, channels, &signal(frames, channels), 1, 16);
            let len = bytes.len() as u64;
            let w = pcm16_wav(&mut Cursor::new(&bytes), len)
                .expect("read")
                .expect("plain 16-bit PCM");
            assert_eq!((w.rate, w.channels), (rate, channels));
            assert_eq!(w.data_len, frames as u64 * 2 * u64::from(channels));
            let fast = waveform_pcm16(&mut Cursor::new(&bytes), w, 50).expect("fast");
            let mut d = Decoder::open(Cursor::new(bytes.clone()), len, Some("wav")).expect("open");
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
