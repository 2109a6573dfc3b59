//! A small mono 16 kHz WAV for building large benchmark stores: every file distinct (the seed
//! is written into the first samples), so each import is a recording of its own.

use std::path::Path;

/// Writes `samples` samples of a quiet saw wave, distinct per `seed`.
pub fn wav(path: &Path, seed: u64, samples: u32) {
    let n = samples;
    let mut b = Vec::with_capacity(44 + 2 * n as usize);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + n * 2).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&16000u32.to_le_bytes());
    b.extend_from_slice(&32000u32.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(n * 2).to_le_bytes());
    for i in 0..n as u64 {
        b.extend_from_slice(&((((i * 31 + seed * 7919) % 2000) as i16) - 1000).to_le_bytes());
    }
    b[44..52].copy_from_slice(&seed.to_le_bytes());
    std::fs::write(path, b).expect("write");
}
