//! Just enough of the ISO base media file format (MP4, M4A, 3GP) to learn what
//! symphonia does not tell: whether the audio track is AMR (which symphonia
//! cannot read and reports misleadingly), the edit list that says how many
//! priming samples to drop and how long the audio really is, and whether the
//! file is cut off. Only box headers and a few small boxes are read.

use std::io::{Read, Seek, SeekFrom};

/// The sample entry types of AMR narrow-band and wide-band audio.
const AMR_ENTRIES: [&[u8; 4]; 2] = [b"samr", b"sawb"];

/// How deep boxes may nest before the file is considered hostile.
const MAX_DEPTH: usize = 8;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Mp4Info {
    /// An audio track uses AMR.
    pub amr: bool,
    /// A box claims to extend past the end of the file.
    pub truncated: bool,
    /// The edit list of the first audio track, if any.
    pub edit: Option<Mp4Edit>,
}

/// The first audio track's edit list, reduced to what matters for audio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mp4Edit {
    /// Where playback starts, in media time-scale units (priming samples).
    pub media_time: u64,
    /// The media (track) time-scale.
    pub media_timescale: u32,
    /// How long playback lasts, in movie time-scale units.
    pub segment_duration: u64,
    /// The movie time-scale.
    pub movie_timescale: u32,
}

#[derive(Debug, Clone, Copy)]
struct BoxHeader {
    kind: [u8; 4],
    /// Offset of the payload.
    body: u64,
    /// Offset one past the end of the box.
    end: u64,
}

/// True when the first bytes look like an ISO media file (`ftyp` box first).
pub(crate) fn looks_like_mp4(head: &[u8]) -> bool {
    head.len() >= 8 && &head[4..8] == b"ftyp"
}

/// Reads the box structure of an ISO media file.
pub(crate) fn inspect<R: Read + Seek>(r: &mut R, len: u64) -> std::io::Result<Mp4Info> {
    let mut info = Mp4Info::default();
    let top = children(r, 0, len, &mut info)?;
    let mut movie_timescale = 0u32;
    for moov in top.iter().filter(|b| &b.kind == b"moov") {
        for b in children(r, moov.body, moov.end, &mut info)? {
            match &b.kind {
                b"mvhd" => movie_timescale = read_mvhd_timescale(r, b)?.unwrap_or(0),
                b"trak" => inspect_trak(r, b, movie_timescale, &mut info, 1)?,
                _ => {}
            }
        }
    }
    Ok(info)
}

fn inspect_trak<R: Read + Seek>(
    r: &mut R,
    trak: BoxHeader,
    movie_timescale: u32,
    info: &mut Mp4Info,
    depth: usize,
) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let mut is_audio = false;
    let mut media_timescale = 0u32;
    let mut elst: Option<(u64, u64)> = None;
    for b in children(r, trak.body, trak.end, info)? {
        match &b.kind {
            b"edts" => {
                for e in children(r, b.body, b.end, info)? {
                    if &e.kind == b"elst" {
                        elst = read_elst(r, e)?;
                    }
                }
            }
            b"mdia" => {
                for m in children(r, b.body, b.end, info)? {
                    match &m.kind {
                        b"hdlr" => {
                            let body = read_body(r, m, 12)?;
                            if body.len() >= 12 && &body[8..12] == b"soun" {
                                is_audio = true;
                            }
                        }
                        b"mdhd" => media_timescale = read_mdhd_timescale(r, m)?.unwrap_or(0),
                        b"minf" => {
                            for stbl in children(r, m.body, m.end, info)? {
                                if &stbl.kind != b"stbl" {
                                    continue;
                                }
                                for s in children(r, stbl.body, stbl.end, info)? {
                                    if &s.kind == b"stsd" && stsd_has_amr(r, s, info)? {
                                        info.amr = true;
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if is_audio
        && info.edit.is_none()
        && let Some((media_time, segment_duration)) = elst
        && media_timescale > 0
        && movie_timescale > 0
    {
        info.edit = Some(Mp4Edit {
            media_time,
            media_timescale,
            segment_duration,
            movie_timescale,
        });
    }
    Ok(())
}

/// The child boxes between `start` and `end`; flags boxes that overrun the file.
fn children<R: Read + Seek>(
    r: &mut R,
    start: u64,
    end: u64,
    info: &mut Mp4Info,
) -> std::io::Result<Vec<BoxHeader>> {
    let mut out = Vec::new();
    let mut pos = start;
    while pos.saturating_add(8) <= end {
        r.seek(SeekFrom::Start(pos))?;
        let mut h = [0u8; 8];
        r.read_exact(&mut h)?;
        let size32 = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as u64;
        let kind = [h[4], h[5], h[6], h[7]];
        let (size, header_len) = match size32 {
            0 => (end - pos, 8),
            1 => {
                let mut l = [0u8; 8];
                r.read_exact(&mut l)?;
                (u64::from_be_bytes(l), 16)
            }
            n => (n, 8),
        };
        if size < header_len {
            // A box smaller than its own header: nothing sensible follows.
            info.truncated = true;
            break;
        }
        let box_end = pos.saturating_add(size);
        if box_end > end {
            info.truncated = true;
        }
        let body = pos + header_len;
        out.push(BoxHeader {
            kind,
            body,
            end: box_end.min(end).max(body),
        });
        pos = box_end;
        if out.len() > 100_000 {
            break;
        }
    }
    Ok(out)
}

fn read_body<R: Read + Seek>(r: &mut R, b: BoxHeader, max: usize) -> std::io::Result<Vec<u8>> {
    let n = ((b.end - b.body) as usize).min(max);
    let mut buf = vec![0u8; n];
    r.seek(SeekFrom::Start(b.body))?;
    r.read_exact(&mut buf)?;
    Ok(buf)
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8).map(|s| {
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        u64::from_be_bytes(a)
    })
}

/// mvhd and mdhd share the layout up to the time-scale.
fn read_header_timescale<R: Read + Seek>(r: &mut R, b: BoxHeader) -> std::io::Result<Option<u32>> {
    let body = read_body(r, b, 32)?;
    Ok(match body.first() {
        Some(1) => be32(&body, 20),
        Some(_) => be32(&body, 12),
        None => None,
    })
}

fn read_mvhd_timescale<R: Read + Seek>(r: &mut R, b: BoxHeader) -> std::io::Result<Option<u32>> {
    read_header_timescale(r, b)
}

fn read_mdhd_timescale<R: Read + Seek>(r: &mut R, b: BoxHeader) -> std::io::Result<Option<u32>> {
    read_header_timescale(r, b)
}

/// The first non-empty edit: (media time, segment duration), summing the
/// durations of all non-empty edits.
fn read_elst<R: Read + Seek>(r: &mut R, b: BoxHeader) -> std::io::Result<Option<(u64, u64)>> {
    let body = read_body(r, b, 8 + 20 * 64)?;
    let Some(&version) = body.first() else {
        return Ok(None);
    };
    let Some(count) = be32(&body, 4) else {
        return Ok(None);
    };
    let entry_len = if version == 1 { 20 } else { 12 };
    let mut first_media_time: Option<u64> = None;
    let mut total = 0u64;
    for i in 0..count as usize {
        let at = 8 + i * entry_len;
        let (dur, media_time) = if version == 1 {
            match (be64(&body, at), be64(&body, at + 8)) {
                (Some(d), Some(t)) => (d, t as i64),
                _ => break,
            }
        } else {
            match (be32(&body, at), be32(&body, at + 4)) {
                (Some(d), Some(t)) => (d as u64, t as i32 as i64),
                _ => break,
            }
        };
        if media_time < 0 {
            // An empty edit (a pause before the media starts): not audio we hold.
            continue;
        }
        if first_media_time.is_none() {
            first_media_time = Some(media_time as u64);
        }
        total = total.saturating_add(dur);
    }
    Ok(first_media_time.map(|t| (t, total)))
}

fn stsd_has_amr<R: Read + Seek>(
    r: &mut R,
    b: BoxHeader,
    info: &mut Mp4Info,
) -> std::io::Result<bool> {
    // Full box header (4) and entry count (4), then the sample entries as boxes.
    if b.end < b.body + 8 {
        return Ok(false);
    }
    let entries = children(r, b.body + 8, b.end, info)?;
    Ok(entries.iter().any(|e| AMR_ENTRIES.contains(&&e.kind)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn finds_amr_sample_entry_and_edit_list() {
        let mut stsd_body = vec![0, 0, 0, 0, 0, 0, 0, 1];
        stsd_body.extend(boxed(b"samr", &[0; 28]));
        let stbl = boxed(b"stbl", &boxed(b"stsd", &stsd_body));
        let minf = boxed(b"minf", &stbl);
        let mut hdlr = vec![0u8; 8];
        hdlr.extend_from_slice(b"soun");
        hdlr.extend_from_slice(&[0; 12]);
        let mut mdhd = vec![0u8; 12];
        mdhd.extend_from_slice(&8000u32.to_be_bytes());
        mdhd.extend_from_slice(&[0; 8]);
        let mut mdia = boxed(b"mdhd", &mdhd);
        mdia.extend(boxed(b"hdlr", &hdlr));
        mdia.extend(minf);
        let mut elst = vec![0, 0, 0, 0, 0, 0, 0, 1];
        elst.extend_from_slice(&3000u32.to_be_bytes());
        elst.extend_from_slice(&160u32.to_be_bytes());
        elst.extend_from_slice(&[0, 1, 0, 0]);
        let mut trak = boxed(b"edts", &boxed(b"elst", &elst));
        trak.extend(boxed(b"mdia", &mdia));
        let mut mvhd = vec![0u8; 12];
        mvhd.extend_from_slice(&1000u32.to_be_bytes());
        mvhd.extend_from_slice(&[0; 8]);
        let mut moov = boxed(b"mvhd", &mvhd);
        moov.extend(boxed(b"trak", &trak));
        let mut file = boxed(b"ftyp", b"3gp4\0\0\0\0");
        file.extend(boxed(b"moov", &moov));
        let len = file.len() as u64;
        let info = inspect(&mut Cursor::new(file), len).unwrap();
        assert!(info.amr);
        assert!(!info.truncated);
        assert_eq!(
            info.edit,
            Some(Mp4Edit {
                media_time: 160,
                media_timescale: 8000,
                segment_duration: 3000,
                movie_timescale: 1000
            })
        );
    }

    #[test]
    fn flags_a_box_past_the_end() {
        let mut file = boxed(b"ftyp", b"M4A \0\0\0\0");
        let mut mdat = 1000u32.to_be_bytes().to_vec();
        mdat.extend_from_slice(b"mdat");
        mdat.extend_from_slice(&[0; 10]);
        file.extend(mdat);
        let len = file.len() as u64;
        let info = inspect(&mut Cursor::new(file), len).unwrap();
        assert!(info.truncated);
        assert!(!info.amr);
    }
}
