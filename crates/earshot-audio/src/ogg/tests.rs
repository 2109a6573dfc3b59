//! The Ogg writer: its checksum against real files, lacing of long packets across segments
//! and pages, flags and granule positions, read back by a small page parser written from
//! RFC 3533 and by symphonia.

use super::*;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/audio")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[derive(Debug)]
struct Page {
    flags: u8,
    granule: i64,
    serial: u32,
    sequence: u32,
    crc: u32,
    /// The page with its checksum field zeroed.
    zeroed: Vec<u8>,
    lacing: Vec<u8>,
    body: Vec<u8>,
}

fn pages(mut b: &[u8]) -> Vec<Page> {
    let mut out = Vec::new();
    while !b.is_empty() {
        assert_eq!(&b[..4], b"OggS", "capture pattern");
        assert_eq!(b[4], 0, "version");
        let n = b[26] as usize;
        let lacing = b[27..27 + n].to_vec();
        let body_len: usize = lacing.iter().map(|&l| l as usize).sum();
        let len = 27 + n + body_len;
        let mut zeroed = b[..len].to_vec();
        zeroed[22..26].fill(0);
        out.push(Page {
            flags: b[5],
            granule: i64::from_le_bytes(b[6..14].try_into().unwrap()),
            serial: u32::from_le_bytes(b[14..18].try_into().unwrap()),
            sequence: u32::from_le_bytes(b[18..22].try_into().unwrap()),
            crc: u32::from_le_bytes(b[22..26].try_into().unwrap()),
            zeroed,
            lacing,
            body: b[27 + n..len].to_vec(),
        });
        b = &b[len..];
    }
    out
}

/// The packets in `pages`, joined across pages, each with the granule of the page it ends on.
fn packets(pages: &[Page]) -> Vec<(Vec<u8>, i64)> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<u8>> = None;
    for p in pages {
        assert_eq!(
            p.flags & CONTINUED != 0,
            cur.is_some(),
            "page {}: the continued flag must say whether a packet goes on",
            p.sequence
        );
        let mut at = 0;
        let mut ended = false;
        for &l in &p.lacing {
            let piece = &p.body[at..at + l as usize];
            at += l as usize;
            cur.get_or_insert_with(Vec::new).extend_from_slice(piece);
            if l < 255 {
                out.push((cur.take().unwrap_or_default(), p.granule));
                ended = true;
            }
        }
        if !ended {
            assert_eq!(p.granule, -1, "page {}: no packet ends on it", p.sequence);
        }
    }
    assert!(cur.is_none(), "a packet is cut off at the end");
    out
}

#[test]
fn the_checksum_is_the_one_in_real_ogg_files() {
    for name in ["voice.opus", "stereo.opus", "voice.ogg"] {
        let all = pages(&fixture(name));
        assert!(all.len() > 2, "{name}");
        for p in &all {
            assert_eq!(crc32(&p.zeroed), p.crc, "{name} page {}", p.sequence);
        }
    }
    // And a change of one bit changes it.
    assert_ne!(crc32(b"OggS\0"), crc32(b"OggS\x01"));
    assert_eq!(crc32(&[]), 0);
}

#[test]
fn long_packets_are_laced_across_segments_and_pages_with_their_flags_and_granules() {
    // 255 and 510 need a zero-length last segment; 140 000 bytes need 550 segments, more than
    // two pages hold; the empty packet is one zero segment.
    let sizes = [10usize, 255, 600, 510, 0, 140_000, 3, 4000, 1];
    let made: Vec<Vec<u8>> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| (0..n).map(|k| (k * 7 + i * 31) as u8).collect())
        .collect();
    let mut w = OggWriter::new(Vec::new(), 77);
    w.header(b"head").unwrap();
    for (i, p) in made.iter().enumerate() {
        w.packet(p, 1000 * (i as u64 + 1)).unwrap();
    }
    let (bytes, written) = w.finish().unwrap();
    assert_eq!(written, bytes.len() as u64);
    let all = pages(&bytes);
    // Flags: the first page begins the stream, the last ends it, no other does either.
    for (i, p) in all.iter().enumerate() {
        assert_eq!(p.flags & BEGINNING != 0, i == 0, "page {i}");
        assert_eq!(p.flags & END != 0, i + 1 == all.len(), "page {i}");
        assert_eq!(p.sequence, i as u32);
        assert_eq!(p.serial, 77);
        assert_eq!(crc32(&p.zeroed), p.crc, "page {i}");
        assert!(p.lacing.len() <= 255);
    }
    // The header is alone on its page, with granule 0.
    assert_eq!(all[0].lacing, vec![4]);
    assert_eq!(all[0].granule, 0);
    // Lacing of a 600-byte packet: 255, 255, 90; of 510: 255, 255, 0.
    let laced: Vec<u8> = all.iter().flat_map(|p| p.lacing.clone()).collect();
    assert!(laced.windows(3).any(|w| w == [255, 255, 90]), "{laced:?}");
    assert!(laced.windows(3).any(|w| w == [255, 255, 0]), "{laced:?}");
    // The 140 000-byte packet goes over three pages: some page carries on a packet, and the
    // middle one has no packet ending on it (granule -1).
    assert!(all.iter().any(|p| p.flags & CONTINUED != 0));
    assert!(all.iter().any(|p| p.granule == -1));
    let got = packets(&all);
    assert_eq!(got.len(), made.len() + 1);
    assert_eq!(got[0].0, b"head");
    for (i, p) in made.iter().enumerate() {
        assert_eq!(&got[i + 1].0, p, "packet {i} ({} bytes)", p.len());
    }
    // A page's granule is that of the last packet ending on it: each packet ends on a page at
    // or after its own granule, and exactly at it when the next one ends on a later page.
    for k in 1..got.len() {
        let own = 1000 * k as i64;
        assert!(got[k].1 >= own, "packet {k}");
        if got.get(k + 1).is_none_or(|n| n.1 != got[k].1) {
            assert_eq!(got[k].1, own, "packet {k}");
        }
    }
    assert_eq!(
        all.last().map(|p| p.granule),
        Some(1000 * made.len() as i64)
    );
}

#[test]
fn pages_close_at_about_four_kilobytes_and_a_packet_never_starts_a_page_as_continued() {
    let mut w = OggWriter::new(Vec::new(), 1);
    for i in 0..200u64 {
        w.packet(&[i as u8; 100], i * 960).unwrap();
    }
    let (bytes, _) = w.finish().unwrap();
    let all = pages(&bytes);
    assert!(all.len() >= 4, "{} pages", all.len());
    for p in &all {
        assert!(p.body.len() <= PAGE_TARGET + 100, "{}", p.body.len());
        assert_eq!(p.flags & CONTINUED, 0);
    }
    assert_eq!(packets(&all).len(), 200);
}

#[test]
fn an_empty_stream_is_one_page_that_begins_and_ends_it() {
    let (bytes, _) = OggWriter::new(Vec::new(), 5).finish().unwrap();
    let all = pages(&bytes);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].flags, BEGINNING | END);
    assert_eq!(crc32(&all[0].zeroed), all[0].crc);
}

#[test]
fn opus_headers_follow_rfc_7845() {
    let h = opus_head(2, 312, 44_100);
    assert_eq!(h.len(), 19);
    assert_eq!(&h[..8], b"OpusHead");
    assert_eq!(h[8], 1);
    assert_eq!(h[9], 2);
    assert_eq!(u16::from_le_bytes([h[10], h[11]]), 312);
    assert_eq!(u32::from_le_bytes([h[12], h[13], h[14], h[15]]), 44_100);
    assert_eq!(&h[16..], &[0, 0, 0]);
    let t = opus_tags("earshot", &["TITLE=x".into()]);
    assert_eq!(&t[..8], b"OpusTags");
    assert_eq!(u32::from_le_bytes([t[8], t[9], t[10], t[11]]), 7);
    assert_eq!(&t[12..19], b"earshot");
    assert_eq!(u32::from_le_bytes([t[19], t[20], t[21], t[22]]), 1);
    assert_eq!(&t[27..], b"TITLE=x");
}
