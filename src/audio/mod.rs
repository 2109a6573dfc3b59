//! Audio: probe, decode, waveform, player.
