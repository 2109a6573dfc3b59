//! Opening a recording: format sniffing, refusals, the symphonia demuxer and
//! codec, and the exact timeline (what to drop at the start, how long it is).

use std::io::{Read, Seek, SeekFrom};
use std::sync::OnceLock;

use symphonia::core::codecs::{
    CODEC_TYPE_AAC, CODEC_TYPE_MP3, CODEC_TYPE_NULL, CODEC_TYPE_OPUS, CODEC_TYPE_VORBIS,
    CodecParameters, CodecRegistry, CodecType, DecoderOptions,
};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader, SeekMode, SeekTo};
use symphonia::core::io::{MediaSource, MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;
use symphonia::core::units::TimeBase;

use super::mp4;
use super::{AudioError, AudioRead};

/// Refuse to count packets forever on a hostile stream (about 60 hours of 20 ms packets).
const MAX_SCAN_PACKETS: u64 = 10_000_000;

/// The codecs earshot decodes: symphonia's own plus libopus.
pub(crate) fn codecs() -> &'static CodecRegistry {
    static REGISTRY: OnceLock<CodecRegistry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut reg = CodecRegistry::new();
        symphonia::default::register_enabled_codecs(&mut reg);
        reg.register_all::<symphonia_adapter_libopus::OpusDecoder>();
        reg
    })
}

/// A reader with a known length, as symphonia wants it.
struct Media<R> {
    inner: R,
    len: u64,
}

impl<R: Read> Read for Media<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: Seek> Seek for Media<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

impl<R: AudioRead> MediaSource for Media<R> {
    fn is_seekable(&self) -> bool {
        true
    }
    fn byte_len(&self) -> Option<u64> {
        Some(self.len)
    }
}

/// A recording opened for reading, with its exact timeline.
pub(crate) struct Opened {
    pub format: Box<dyn FormatReader>,
    pub track_id: u32,
    /// Parameters to build the codec with (Opus pre-skip neutralised: we trim it ourselves).
    pub codec_params: CodecParameters,
    pub container: &'static str,
    pub codec: &'static str,
    pub sample_rate: u32,
    pub channels: u16,
    pub time_base: TimeBase,
    /// Timestamp (in `time_base` units) of the first frame to play.
    pub start_ts: u64,
    /// Frames from `start_ts` to the true end.
    pub total_frames: u64,
    /// How many frames before a seek target to start decoding, so the codec has settled.
    pub preroll_frames: u64,
}

impl Opened {
    /// Timestamp of output frame `frame`.
    pub fn frame_to_ts(&self, frame: u64) -> u64 {
        self.start_ts
            .saturating_add(frames_to_ts(frame, self.sample_rate, self.time_base))
    }

    /// Output frame (possibly negative: before the start) of timestamp `ts`.
    pub fn ts_to_frame(&self, ts: u64) -> i64 {
        let rel = ts as i128 - self.start_ts as i128;
        let frames = rel * self.time_base.numer as i128 * self.sample_rate as i128
            / self.time_base.denom.max(1) as i128;
        frames.clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// Duration of `frames` frames in whole milliseconds (rounded).
    pub fn duration_ms(&self) -> u64 {
        frames_to_ms(self.total_frames, self.sample_rate)
    }
}

pub(crate) fn frames_to_ms(frames: u64, rate: u32) -> u64 {
    ((frames as u128 * 1000 + rate as u128 / 2) / rate.max(1) as u128) as u64
}

fn frames_to_ts(frames: u64, rate: u32, tb: TimeBase) -> u64 {
    // ts * numer / denom = frames / rate  =>  ts = frames * denom / (rate * numer)
    let den = rate as u128 * tb.numer.max(1) as u128;
    ((frames as u128 * tb.denom as u128) / den.max(1)) as u64
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    Ogg,
    Mp4,
    Riff,
    Flac,
    Amr,
    Matroska,
    Other,
}

fn sniff(head: &[u8]) -> Magic {
    if head.starts_with(b"#!AMR") {
        Magic::Amr
    } else if head.starts_with(b"OggS") {
        Magic::Ogg
    } else if mp4::looks_like_mp4(head) {
        Magic::Mp4
    } else if head.starts_with(b"RIFF") {
        Magic::Riff
    } else if head.starts_with(b"fLaC") {
        Magic::Flac
    } else if head.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]) {
        Magic::Matroska
    } else {
        Magic::Other
    }
}

fn read_error(e: std::io::Error) -> AudioError {
    AudioError::Read(e.to_string())
}

/// Opens a recording, refusing what cannot be played with a clear reason.
///
/// `count_packets`: establish the true length by counting packets where the
/// header cannot be trusted (always needed for a correct duration).
pub(crate) fn open<R: AudioRead>(
    mut reader: R,
    byte_len: u64,
    hint: Option<&str>,
) -> Result<Opened, AudioError> {
    if byte_len == 0 {
        return Err(AudioError::NotAudio {
            detail: "the file is empty".into(),
        });
    }
    reader.seek(SeekFrom::Start(0)).map_err(read_error)?;
    let mut head = [0u8; 64];
    let head_len = read_up_to(&mut reader, &mut head).map_err(read_error)?;
    let head = &head[..head_len];
    let magic = sniff(head);

    let mut edit = None;
    match magic {
        Magic::Amr => return Err(AudioError::amr()),
        Magic::Matroska => {
            return Err(AudioError::Unsupported {
                format: "WebM/Matroska audio".into(),
                advice: "convert it to Opus or M4A first, e.g. with ffmpeg -i in.webm out.m4a"
                    .into(),
            });
        }
        Magic::Mp4 => {
            let info = mp4::inspect(&mut reader, byte_len).map_err(|e| damaged_io(&e))?;
            if info.amr {
                return Err(AudioError::amr());
            }
            if info.truncated {
                return Err(AudioError::Damaged {
                    detail: "the file ends before the recording does".into(),
                });
            }
            edit = info.edit;
        }
        Magic::Ogg if ogg_is_cut_off(&mut reader, byte_len).map_err(read_error)? => {
            return Err(AudioError::Damaged {
                detail: "the file ends in the middle of the recording".into(),
            });
        }
        _ => {}
    }
    reader.seek(SeekFrom::Start(0)).map_err(read_error)?;

    let mss = MediaSourceStream::new(
        Box::new(Media {
            inner: reader,
            len: byte_len,
        }),
        MediaSourceStreamOptions::default(),
    );
    let mut sym_hint = Hint::new();
    if let Some(ext) = hint {
        sym_hint.with_extension(ext.trim_start_matches('.'));
    }
    // Gapless handling is done here, by timestamp, the same way for every format.
    let opts = FormatOptions {
        enable_gapless: false,
        ..Default::default()
    };
    let probed = symphonia::default::get_probe()
        .format(&sym_hint, mss, &opts, &MetadataOptions::default())
        .map_err(|e| match (e, magic) {
            (SymError::IoError(e), _) if e.kind() != std::io::ErrorKind::UnexpectedEof => {
                read_error(e)
            }
            (_, Magic::Other) => AudioError::NotAudio {
                detail: "no known audio format was found in it".into(),
            },
            (e, _) => AudioError::Damaged {
                detail: describe_sym_error(&e),
            },
        })?;
    let mut format = probed.format;

    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .cloned()
        .ok_or_else(|| AudioError::NotAudio {
            detail: "it holds no audio track".into(),
        })?;
    let params = track.codec_params.clone();

    let codec = codec_name(params.codec);
    if codecs().get_codec(params.codec).is_none() {
        return Err(AudioError::Unsupported {
            format: format!("{codec} audio"),
            advice: "convert it to Opus or M4A first, e.g. with ffmpeg -i in.file out.m4a".into(),
        });
    }
    let container = match magic {
        Magic::Ogg => "ogg",
        Magic::Mp4 => "mp4",
        Magic::Riff => "wav",
        Magic::Flac => "flac",
        _ if params.codec == CODEC_TYPE_MP3 => "mp3",
        _ if params.codec == CODEC_TYPE_AAC => "adts",
        _ => "unknown",
    };
    let sample_rate = params
        .sample_rate
        .filter(|&r| r > 0)
        .ok_or_else(|| AudioError::Damaged {
            detail: "its sample rate is missing".into(),
        })?;
    let time_base = params
        .time_base
        .filter(|tb| tb.numer > 0 && tb.denom > 0)
        .unwrap_or_else(|| TimeBase::new(1, sample_rate));

    let mut codec_params = params.clone();
    let mut delay = params.delay.unwrap_or(0) as u64;
    if params.codec == CODEC_TYPE_OPUS {
        if let Some(skip) = params.extra_data.as_deref().and_then(opus_pre_skip) {
            delay = skip as u64;
        }
        // The libopus adapter would drop the pre-skip from whatever packet it
        // decodes first, also after a seek; we trim by timestamp instead.
        if let Some(extra) = codec_params.extra_data.as_mut()
            && extra.len() >= 12
            && extra.starts_with(b"OpusHead")
        {
            extra[10] = 0;
            extra[11] = 0;
        }
    }
    let padding = params.padding.unwrap_or(0) as u64;

    let channels = match params.channels.map(|c| c.count()).filter(|&c| c > 0) {
        Some(c) => c as u16,
        None => params
            .extra_data
            .as_deref()
            .filter(|_| params.codec == CODEC_TYPE_AAC)
            .and_then(aac_config_channels)
            .ok_or_else(|| AudioError::Damaged {
                detail: "its channel count is missing".into(),
            })?,
    };

    let track_id = track.id;
    let header_frames = params.n_frames;
    let trust_header = !matches!(container, "mp3" | "adts");
    let stream_ts = match header_frames {
        Some(n) if trust_header => n,
        _ => count_packets(format.as_mut(), track_id)?,
    };

    let (start_ts, total_ts) = match (&edit, container) {
        (Some(e), "mp4") => {
            let start = rescale(e.media_time, e.media_timescale, time_base);
            let seg = rescale_movie(e.segment_duration, e.movie_timescale, time_base);
            let available = stream_ts.saturating_sub(start);
            let total = if seg == 0 {
                available
            } else {
                seg.min(available)
            };
            (start, total)
        }
        _ => (
            delay,
            stream_ts.saturating_sub(delay).saturating_sub(padding),
        ),
    };

    let mut opened = Opened {
        format,
        track_id,
        codec_params,
        container,
        codec,
        sample_rate,
        channels,
        time_base,
        start_ts,
        total_frames: 0,
        preroll_frames: preroll(params.codec, sample_rate),
    };
    opened.total_frames = opened.ts_to_frame(start_ts.saturating_add(total_ts)).max(0) as u64;
    Ok(opened)
}

/// Make sure a codec can be built for the recording (used by the decoder).
pub(crate) fn make_codec(
    opened: &Opened,
) -> Result<Box<dyn symphonia::core::codecs::Decoder>, AudioError> {
    codecs()
        .make(&opened.codec_params, &DecoderOptions::default())
        .map_err(|e| AudioError::Unsupported {
            format: format!("{} audio with settings earshot does not know", opened.codec),
            advice: format!(
                "convert it to Opus or M4A first, e.g. with ffmpeg -i in.file out.m4a ({})",
                describe_sym_error(&e)
            ),
        })
}

fn damaged_io(e: &std::io::Error) -> AudioError {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        AudioError::Damaged {
            detail: "the file ends before its own description of the recording does".into(),
        }
    } else {
        AudioError::Read(e.to_string())
    }
}

pub(crate) fn describe_sym_error(e: &SymError) -> String {
    match e {
        SymError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends unexpectedly".into()
        }
        SymError::IoError(io) => format!("read failure: {io}"),
        SymError::DecodeError(m) => format!("malformed data: {m}"),
        SymError::SeekError(_) => "a position in it cannot be reached".into(),
        SymError::Unsupported(m) => format!("unsupported feature: {m}"),
        SymError::LimitError(m) => format!("too large: {m}"),
        SymError::ResetRequired => "its stream changes format midway".into(),
    }
}

/// Counts the frames of a stream by reading packets without decoding them,
/// then returns to the start.
fn count_packets(format: &mut dyn FormatReader, track_id: u32) -> Result<u64, AudioError> {
    let mut total = 0u64;
    let mut packets = 0u64;
    loop {
        match format.next_packet() {
            Ok(p) => {
                if p.track_id() == track_id {
                    total = total.saturating_add(p.dur);
                    packets += 1;
                    if packets > MAX_SCAN_PACKETS {
                        return Err(AudioError::Damaged {
                            detail: "it is implausibly long".into(),
                        });
                    }
                }
            }
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SymError::ResetRequired) => break,
            Err(SymError::IoError(e)) => return Err(read_error(e)),
            Err(e) => {
                if packets == 0 {
                    return Err(AudioError::Damaged {
                        detail: describe_sym_error(&e),
                    });
                }
                break;
            }
        }
    }
    if packets == 0 {
        return Err(AudioError::Damaged {
            detail: "it contains no sound".into(),
        });
    }
    format
        .seek(SeekMode::Accurate, SeekTo::TimeStamp { ts: 0, track_id })
        .map_err(|e| AudioError::Damaged {
            detail: describe_sym_error(&e),
        })?;
    Ok(total)
}

fn rescale(v: u64, from_scale: u32, tb: TimeBase) -> u64 {
    // value / from_scale seconds  =>  ts = seconds * denom / numer
    ((v as u128 * tb.denom as u128) / (from_scale.max(1) as u128 * tb.numer.max(1) as u128)) as u64
}

fn rescale_movie(v: u64, movie_scale: u32, tb: TimeBase) -> u64 {
    // Round to the nearest: movie time-scales are coarse (often 1000).
    let num = v as u128 * tb.denom as u128;
    let den = movie_scale.max(1) as u128 * tb.numer.max(1) as u128;
    ((num + den / 2) / den) as u64
}

fn preroll(codec: CodecType, rate: u32) -> u64 {
    let ms = match codec {
        // RFC 7845 recommends 80 ms of pre-roll for Opus.
        c if c == CODEC_TYPE_OPUS => 80,
        c if c == CODEC_TYPE_VORBIS => 100,
        c if c == CODEC_TYPE_MP3 => 100,
        c if c == CODEC_TYPE_AAC => 60,
        _ => 0,
    };
    rate as u64 * ms / 1000
}

pub(crate) fn codec_name(codec: CodecType) -> &'static str {
    use symphonia::core::codecs::*;
    match codec {
        c if c == CODEC_TYPE_OPUS => "opus",
        c if c == CODEC_TYPE_AAC => "aac",
        c if c == CODEC_TYPE_MP3 => "mp3",
        c if c == CODEC_TYPE_VORBIS => "vorbis",
        c if c == CODEC_TYPE_FLAC => "flac",
        c if c == CODEC_TYPE_ALAC => "alac",
        c if c == CODEC_TYPE_ADPCM_IMA_WAV || c == CODEC_TYPE_ADPCM_MS => "adpcm",
        c => match codecs().get_codec(c).map(|d| d.short_name) {
            Some(name) if name.starts_with("pcm") => "pcm",
            Some(name) if name.starts_with("adpcm") => "adpcm",
            _ => "unknown",
        },
    }
}

/// The pre-skip in an `OpusHead` identification header.
fn opus_pre_skip(head: &[u8]) -> Option<u16> {
    if head.len() >= 12 && head.starts_with(b"OpusHead") {
        Some(u16::from_le_bytes([head[10], head[11]]))
    } else {
        None
    }
}

/// The channel count in an AAC AudioSpecificConfig.
fn aac_config_channels(asc: &[u8]) -> Option<u16> {
    let mut bits = BitReader { data: asc, pos: 0 };
    let mut object_type = bits.take(5)?;
    if object_type == 31 {
        object_type = 32 + bits.take(6)?;
    }
    let _ = object_type;
    let freq_index = bits.take(4)?;
    if freq_index == 15 {
        bits.take(24)?;
    }
    match bits.take(4)? {
        c @ 1..=6 => Some(c as u16),
        7 => Some(8),
        _ => None,
    }
}

struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl BitReader<'_> {
    fn take(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let byte = *self.data.get(self.pos / 8)?;
            let bit = (byte >> (7 - (self.pos % 8))) & 1;
            v = (v << 1) | bit as u32;
            self.pos += 1;
        }
        Some(v)
    }
}

fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The largest possible Ogg page: header, 255 lacing values, 255 × 255 bytes.
const OGG_MAX_PAGE: u64 = 27 + 255 + 255 * 255;

/// True when the last Ogg page is cut off (the file was truncated).
///
/// Finds a page with a valid checksum near the end and walks the pages from
/// there: a file that ends exactly on a page boundary is whole.
fn ogg_is_cut_off<R: Read + Seek>(r: &mut R, len: u64) -> std::io::Result<bool> {
    let window = len.min(2 * OGG_MAX_PAGE);
    let start = len - window;
    r.seek(SeekFrom::Start(start))?;
    let mut tail = vec![0u8; window as usize];
    let got = read_up_to(r, &mut tail)?;
    tail.truncate(got);
    let mut i = 0;
    // The first page in the window whose checksum holds anchors the walk.
    let anchor = loop {
        let Some(off) = find(&tail[i..], b"OggS") else {
            // No whole page near the end: an Ogg file this damaged is cut off.
            return Ok(true);
        };
        let at = i + off;
        match page_len(&tail[at..]) {
            Some(n) if at + n <= tail.len() && ogg_crc_ok(&tail[at..at + n]) => break at,
            _ => i = at + 1,
        }
    };
    let mut at = anchor;
    while at < tail.len() {
        match page_len(&tail[at..]) {
            Some(n) if at + n <= tail.len() && tail[at..].starts_with(b"OggS") => at += n,
            _ => return Ok(true),
        }
    }
    Ok(false)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Length of the page starting at `p`, if its header is complete.
fn page_len(p: &[u8]) -> Option<usize> {
    let segments = *p.get(26)? as usize;
    let table = p.get(27..27 + segments)?;
    Some(27 + segments + table.iter().map(|&b| b as usize).sum::<usize>())
}

fn ogg_crc_ok(page: &[u8]) -> bool {
    static TABLE: OnceLock<[u32; 256]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut r = (i as u32) << 24;
            for _ in 0..8 {
                r = if r & 0x8000_0000 != 0 {
                    (r << 1) ^ 0x04c1_1db7
                } else {
                    r << 1
                };
            }
            *e = r;
        }
        t
    });
    if page.len() < 27 {
        return false;
    }
    let stored = u32::from_le_bytes([page[22], page[23], page[24], page[25]]);
    let mut crc = 0u32;
    for (i, &b) in page.iter().enumerate() {
        let b = if (22..26).contains(&i) { 0 } else { b };
        crc = (crc << 8) ^ table[((crc >> 24) as u8 ^ b) as usize];
    }
    crc == stored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aac_config_channel_counts() {
        // AAC-LC (2), 44.1 kHz (4), mono (1): 00010 0100 0001 000
        assert_eq!(aac_config_channels(&[0x12, 0x08]), Some(1));
        // AAC-LC, 48 kHz (3), stereo: 00010 0011 0010 000
        assert_eq!(aac_config_channels(&[0x11, 0x90]), Some(2));
        assert_eq!(aac_config_channels(&[]), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"#!AMR\n..."), Magic::Amr);
        assert_eq!(sniff(b"OggS\0\x02"), Magic::Ogg);
        assert_eq!(sniff(b"\0\0\0\x18ftypM4A "), Magic::Mp4);
        assert_eq!(sniff(b"hello"), Magic::Other);
    }
}
