//! A small Ogg writer (RFC 3533) and the Ogg Opus headers (RFC 7845), for the copies earshot
//! writes itself: a subject's copy with parts made silent is Ogg Opus.
//!
//! One logical stream per file. Packets are laced into 255-byte segments; a page holds at most
//! 255 segments, so a long packet continues on the next page (flag 0x01) and a page on which
//! no packet ends carries granule position -1. The page being filled is written only when the
//! next packet needs room, so the last page is still in hand at [`OggWriter::finish`] and gets
//! the end-of-stream flag (0x04); the first page gets the beginning-of-stream flag (0x02).

use std::io::{self, Write};

/// Pages are closed once they carry this many bytes of packets (about a second of Opus at
/// the bitrates earshot uses), as other muxers do, so a reader can seek in steps.
const PAGE_TARGET: usize = 4096;

const CONTINUED: u8 = 0x01;
const BEGINNING: u8 = 0x02;
const END: u8 = 0x04;

/// The CRC-32 of Ogg pages: polynomial 0x04C11DB7, not reflected, initial value 0, no final
/// XOR (RFC 3533 section 6).
const CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut r = (i as u32) << 24;
        let mut bit = 0;
        while bit < 8 {
            r = if r & 0x8000_0000 != 0 {
                (r << 1) ^ 0x04C1_1DB7
            } else {
                r << 1
            };
            bit += 1;
        }
        table[i] = r;
        i += 1;
    }
    table
}

/// The checksum of a page, computed with its own checksum field set to zero.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |crc, &b| {
        (crc << 8) ^ CRC_TABLE[(((crc >> 24) as u8) ^ b) as usize]
    })
}

/// Writes one logical Ogg stream.
pub(crate) struct OggWriter<W: Write> {
    out: W,
    serial: u32,
    sequence: u32,
    /// The lacing values of the page being filled.
    segments: Vec<u8>,
    body: Vec<u8>,
    /// The granule position of the last packet that ends on the page being filled.
    granule: Option<u64>,
    /// The page being filled begins with the rest of a packet from the previous page.
    continued: bool,
    /// Bytes written so far.
    written: u64,
}

impl<W: Write> OggWriter<W> {
    pub(crate) fn new(out: W, serial: u32) -> OggWriter<W> {
        OggWriter {
            out,
            serial,
            sequence: 0,
            segments: Vec::with_capacity(255),
            body: Vec::with_capacity(PAGE_TARGET + 255),
            granule: None,
            continued: false,
            written: 0,
        }
    }

    /// A header packet on a page of its own (as RFC 7845 asks of `OpusHead` and `OpusTags`).
    pub(crate) fn header(&mut self, packet: &[u8]) -> io::Result<()> {
        self.close_page()?;
        self.packet(packet, 0)?;
        self.close_page()
    }

    /// A packet whose last sample ends at `granule` (for Opus: 48 kHz samples since the start,
    /// pre-skip included).
    pub(crate) fn packet(&mut self, packet: &[u8], granule: u64) -> io::Result<()> {
        if self.body.len() >= PAGE_TARGET {
            self.close_page()?;
        }
        let mut rest = packet;
        let mut first = true;
        loop {
            if self.segments.len() == 255 {
                self.close_page()?;
                // The packet goes on where the previous page stopped.
                self.continued = !first;
            }
            let n = rest.len().min(255);
            self.segments.push(n as u8);
            self.body.extend_from_slice(&rest[..n]);
            rest = &rest[n..];
            first = false;
            // A packet ends with a segment shorter than 255 (zero if need be).
            if n < 255 {
                break;
            }
        }
        self.granule = Some(granule);
        Ok(())
    }

    /// Writes the last page, marked as the end of the stream, and hands back the output.
    pub(crate) fn finish(mut self) -> io::Result<(W, u64)> {
        if self.segments.is_empty() && self.sequence > 0 {
            // Every page is out already: the end is an empty page.
            self.granule = None;
        }
        self.write_page(END)?;
        self.out.flush()?;
        Ok((self.out, self.written))
    }

    fn close_page(&mut self) -> io::Result<()> {
        if self.segments.is_empty() {
            return Ok(());
        }
        self.write_page(0)
    }

    fn write_page(&mut self, extra: u8) -> io::Result<()> {
        let mut flags = extra;
        if self.continued {
            flags |= CONTINUED;
        }
        if self.sequence == 0 {
            flags |= BEGINNING;
        }
        // -1: no packet ends on this page.
        let granule = self.granule.map_or(-1i64, |g| g as i64);
        let mut page = Vec::with_capacity(27 + self.segments.len() + self.body.len());
        page.extend_from_slice(b"OggS");
        page.push(0);
        page.push(flags);
        page.extend_from_slice(&granule.to_le_bytes());
        page.extend_from_slice(&self.serial.to_le_bytes());
        page.extend_from_slice(&self.sequence.to_le_bytes());
        page.extend_from_slice(&[0; 4]);
        page.push(self.segments.len() as u8);
        page.extend_from_slice(&self.segments);
        page.extend_from_slice(&self.body);
        let crc = crc32(&page);
        page[22..26].copy_from_slice(&crc.to_le_bytes());
        self.out.write_all(&page)?;
        self.written += page.len() as u64;
        self.sequence += 1;
        self.segments.clear();
        self.body.clear();
        self.granule = None;
        self.continued = false;
        Ok(())
    }
}

/// The `OpusHead` identification header (RFC 7845 section 5.1), channel mapping family 0
/// (mono or stereo).
pub(crate) fn opus_head(channels: u8, pre_skip: u16, input_rate: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(19);
    h.extend_from_slice(b"OpusHead");
    h.push(1);
    h.push(channels);
    h.extend_from_slice(&pre_skip.to_le_bytes());
    h.extend_from_slice(&input_rate.to_le_bytes());
    // Output gain 0 dB, mapping family 0.
    h.extend_from_slice(&0i16.to_le_bytes());
    h.push(0);
    h
}

/// The `OpusTags` comment header (RFC 7845 section 5.2) with a vendor string and comments.
pub(crate) fn opus_tags(vendor: &str, comments: &[String]) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"OpusTags");
    t.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    t.extend_from_slice(vendor.as_bytes());
    t.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for c in comments {
        t.extend_from_slice(&(c.len() as u32).to_le_bytes());
        t.extend_from_slice(c.as_bytes());
    }
    t
}

#[cfg(test)]
mod tests;
