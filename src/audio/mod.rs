//! Audio: probing what a file holds. (Decoding, the waveform and the player follow.)

use std::io::{Read, Seek, SeekFrom};

use serde::{Deserialize, Serialize};
use symphonia::core::codecs::CodecType;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// What a recording holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub container: String,
    pub codec: String,
    pub sample_rate: u32,
    pub channels: u16,
    pub frames: u64,
    pub duration_ms: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("this is not an audio file earshot can read")]
    NotAudio,
    #[error("this is {format}, which earshot cannot play; {advice}")]
    Unsupported { format: String, advice: String },
    #[error("the audio is damaged: {0}")]
    Corrupt(String),
}

struct Src<R>(R, Option<u64>);

impl<R: Read> Read for Src<R> {
    fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(b)
    }
}
impl<R: Seek> Seek for Src<R> {
    fn seek(&mut self, p: SeekFrom) -> std::io::Result<u64> {
        self.0.seek(p)
    }
}
impl<R: Read + Seek + Send + Sync> MediaSource for Src<R> {
    fn is_seekable(&self) -> bool {
        true
    }
    fn byte_len(&self) -> Option<u64> {
        self.1
    }
}

fn codec_name(c: CodecType) -> &'static str {
    use symphonia::core::codecs::*;
    match c {
        CODEC_TYPE_OPUS => "opus",
        CODEC_TYPE_AAC => "aac",
        CODEC_TYPE_MP3 => "mp3",
        CODEC_TYPE_FLAC => "flac",
        CODEC_TYPE_VORBIS => "vorbis",
        c => match symphonia::default::get_codecs().get_codec(c) {
            Some(d) if d.short_name.starts_with("pcm") => "pcm",
            Some(d) => d.short_name,
            None => "unknown",
        },
    }
}

/// Reads what a file holds: container, codec, rate, channels and its true duration.
pub fn probe<R: Read + Seek + Send + Sync + 'static>(
    mut reader: R,
    byte_len: Option<u64>,
    hint: Option<&str>,
) -> Result<Probe, AudioError> {
    let mut magic = [0u8; 12];
    let n = reader
        .read(&mut magic)
        .map_err(|e| AudioError::Corrupt(e.to_string()))?;
    if magic[..n].starts_with(b"#!AMR")
        || (n >= 12 && &magic[4..8] == b"ftyp" && magic[8..11] == *b"3gp")
    {
        return Err(AudioError::Unsupported {
            format: "AMR audio (old Android recorders)".into(),
            advice: "convert it to M4A or Opus first, e.g. `ffmpeg -i in.amr out.m4a`".into(),
        });
    }
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|e| AudioError::Corrupt(e.to_string()))?;
    let mss = MediaSourceStream::new(Box::new(Src(reader, byte_len)), Default::default());
    let mut h = Hint::new();
    if let Some(x) = hint {
        h.with_extension(x);
    }
    let probed = symphonia::default::get_probe()
        .format(
            &h,
            mss,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|_| AudioError::NotAudio)?;
    let mut format = probed.format;
    let track = format.default_track().ok_or(AudioError::NotAudio)?.clone();
    let p = &track.codec_params;
    let rate = p.sample_rate.ok_or(AudioError::NotAudio)?;
    let channels = p.channels.map(|c| c.count() as u16).unwrap_or(1);
    let frames = match p.n_frames {
        Some(n) => n,
        None => {
            let mut total = 0u64;
            while let Ok(pk) = format.next_packet() {
                if pk.track_id() == track.id {
                    total += pk.dur;
                }
            }
            total
        }
    };
    let container = match hint.unwrap_or("") {
        "opus" | "ogg" | "oga" => "ogg",
        "m4a" | "mp4" => "mp4",
        "aac" => "adts",
        x => x,
    }
    .to_string();
    Ok(Probe {
        container,
        codec: codec_name(p.codec).to_string(),
        sample_rate: rate,
        channels,
        frames,
        duration_ms: frames * 1000 / rate as u64,
    })
}
