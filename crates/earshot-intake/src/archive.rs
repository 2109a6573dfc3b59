//! An export as earshot reads it: a zip archive or an unpacked folder, treated as hostile.
//!
//! Nothing is ever extracted: an entry is read straight from the archive (stored entries as a
//! window of the file, deflated ones through a decoder), so names inside the archive are never
//! used as paths and zip slip cannot write anything. Entries with names that try to leave the
//! export (`../`, absolute paths), links, encrypted entries and unknown compression are listed
//! as skipped with the reason. Zip bombs are caught three ways: a cap on each entry's and the
//! whole archive's declared size, a cap on the compression ratio, and a decoder that refuses to
//! produce a byte more than the entry declared (or to end a byte short of it), checking the
//! CRC-32 at the end. In a folder, only regular files are read (links are not followed, FIFOs
//! and devices are skipped), opened with `O_NOFOLLOW | O_NONBLOCK`.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::whatsapp::{FileKind, kind_of};
use earshot_audio::AudioRead;
use earshot_store::intake::IntakeSource;

/// Caps on what an export may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Entries in an archive (or files in a folder).
    pub max_entries: usize,
    /// Bytes of one file, uncompressed.
    pub max_entry_bytes: u64,
    /// Bytes of all files together, uncompressed.
    pub max_total_bytes: u64,
    /// Uncompressed : compressed, for entries above `ratio_floor` bytes.
    pub max_ratio: u64,
    pub ratio_floor: u64,
    /// Bytes of chat text read.
    pub max_chat_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 20_000,
            // WhatsApp sends documents up to 2 GB.
            max_entry_bytes: 2 << 30,
            max_total_bytes: 16 << 30,
            max_ratio: 200,
            ratio_floor: 1 << 20,
            max_chat_bytes: 1 << 30,
        }
    }
}

/// Something in the export that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
enum Loc {
    Zip {
        offset: u64,
        compressed: u64,
        deflated: bool,
        crc32: u32,
    },
    File(PathBuf),
}

/// A file of the export that can be read.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its name (the last part of its path), as shown; non-UTF-8 bytes are replaced.
    pub name: String,
    /// Where it is in the export, as shown.
    pub path: String,
    pub size: u64,
    pub kind: FileKind,
    loc: Loc,
}

/// Random access to the bytes of an archive.
#[derive(Debug, Clone)]
enum Backing {
    File(Arc<File>),
    Bytes(Arc<Vec<u8>>),
}

impl Backing {
    fn len(&self) -> io::Result<u64> {
        match self {
            Backing::File(f) => Ok(f.metadata()?.len()),
            Backing::Bytes(b) => Ok(b.len() as u64),
        }
    }
    fn read_at(&self, buf: &mut [u8], off: u64) -> io::Result<usize> {
        match self {
            Backing::File(f) => f.read_at(buf, off),
            Backing::Bytes(b) => {
                let Ok(start) = usize::try_from(off) else {
                    return Ok(0);
                };
                if start >= b.len() {
                    return Ok(0);
                }
                let n = buf.len().min(b.len() - start);
                buf[..n].copy_from_slice(&b[start..start + n]);
                Ok(n)
            }
        }
    }
}

/// A window `[start, start + len)` of the backing, as a reader of its own.
#[derive(Debug, Clone)]
struct Section {
    backing: Backing,
    start: u64,
    len: u64,
    pos: u64,
}

impl Read for Section {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.len - self.pos).unwrap_or(usize::MAX));
        let n = self
            .backing
            .read_at(&mut buf[..want], self.start + self.pos)?;
        if n == 0 && want > 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the archive ends inside this entry (truncated archive)",
            ));
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Section {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let p = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        self.pos = p;
        Ok(p)
    }
}

fn bad_data(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// An entry's plain bytes: exactly the size it declares, checked against its CRC-32, with
/// seeking (forward by reading on, backward by starting over).
struct EntryReader {
    raw: Section,
    deflated: bool,
    decoder: Option<flate2::read::DeflateDecoder<Section>>,
    len: u64,
    pos: u64,
    crc: crc32fast::Hasher,
    /// Whether every byte so far was read in order from the start (then the CRC means
    /// something at the end).
    in_order: bool,
    expected_crc: u32,
}

impl EntryReader {
    fn new(raw: Section, deflated: bool, len: u64, expected_crc: u32) -> Self {
        let mut r = EntryReader {
            raw,
            deflated,
            decoder: None,
            len,
            pos: 0,
            crc: crc32fast::Hasher::new(),
            in_order: true,
            expected_crc,
        };
        r.restart();
        r
    }

    fn restart(&mut self) {
        let mut raw = self.raw.clone();
        raw.pos = 0;
        self.decoder = if self.deflated {
            Some(flate2::read::DeflateDecoder::new(raw))
        } else {
            None
        };
        self.raw.pos = 0;
        self.pos = 0;
        self.crc = crc32fast::Hasher::new();
        self.in_order = true;
    }

    fn read_inner(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.decoder {
            Some(d) => d.read(buf),
            None => self.raw.read(buf),
        }
    }
}

impl Read for EntryReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.pos >= self.len {
            // Anything more than declared is refused, not silently dropped.
            let mut one = [0u8; 1];
            if self.read_inner(&mut one)? > 0 {
                return Err(bad_data(format!(
                    "it expands beyond the {} bytes it declares (a zip bomb, or a damaged archive)",
                    self.len
                )));
            }
            if self.in_order && self.crc.clone().finalize() != self.expected_crc {
                return Err(bad_data(
                    "it fails its CRC-32 check (a damaged archive)".into(),
                ));
            }
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.len - self.pos).unwrap_or(usize::MAX));
        let n = self.read_inner(&mut buf[..want]).map_err(|e| {
            if e.kind() == io::ErrorKind::InvalidData || e.kind() == io::ErrorKind::InvalidInput {
                bad_data(format!("its compressed data is damaged ({e})"))
            } else {
                e
            }
        })?;
        if n == 0 {
            return Err(bad_data(format!(
                "it ends after {} of the {} bytes it declares (a damaged archive)",
                self.pos, self.len
            )));
        }
        if self.in_order {
            self.crc.update(&buf[..n]);
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for EntryReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        }
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        let target = target.min(self.len);
        if !self.deflated {
            if target != self.pos {
                self.in_order = false;
            }
            self.raw.pos = target;
            self.pos = target;
            return Ok(target);
        }
        if target < self.pos {
            self.restart();
        }
        let mut scratch = [0u8; 16 * 1024];
        while self.pos < target {
            let want = scratch
                .len()
                .min(usize::try_from(target - self.pos).unwrap_or(usize::MAX));
            let n = self.read(&mut scratch[..want])?;
            if n == 0 {
                break;
            }
        }
        Ok(self.pos)
    }
}

/// A readable file of an export, as the store's importer takes it.
#[derive(Debug, Clone)]
pub struct EntrySource {
    backing: Option<Backing>,
    entry: Entry,
}

impl IntakeSource for EntrySource {
    fn len(&self) -> u64 {
        self.entry.size
    }
    fn open(&self) -> io::Result<Box<dyn AudioRead>> {
        match (&self.entry.loc, &self.backing) {
            (Loc::File(p), _) => Ok(Box::new(open_regular(p)?)),
            (
                Loc::Zip {
                    offset,
                    compressed,
                    deflated,
                    crc32,
                },
                Some(b),
            ) => Ok(Box::new(EntryReader::new(
                Section {
                    backing: b.clone(),
                    start: *offset,
                    len: *compressed,
                    pos: 0,
                },
                *deflated,
                self.entry.size,
                *crc32,
            ))),
            (Loc::Zip { .. }, None) => Err(io::Error::other("the archive is not open")),
        }
    }
}

/// Opens a regular file without following a link and without blocking on a FIFO.
pub fn open_regular(p: &Path) -> io::Result<File> {
    let f = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(p)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(f)
}

/// An opened export.
#[derive(Debug)]
pub struct Export {
    /// Readable files, in archive (or name) order.
    pub entries: Vec<Entry>,
    /// What is not read, and why.
    pub skipped: Vec<Skipped>,
    backing: Option<Backing>,
}

/// Shows a name safely: control characters become `?`.
pub fn shown(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Why a path inside an archive is refused, if it is.
fn unsafe_path(raw: &[u8]) -> Option<&'static str> {
    if raw.is_empty() {
        return Some("it has no name");
    }
    if raw.contains(&0) {
        return Some("its name contains a NUL byte");
    }
    if raw[0] == b'/' || raw[0] == b'\\' || (raw.len() > 1 && raw[1] == b':') {
        return Some("its path is absolute (zip slip)");
    }
    if raw
        .split(|c| *c == b'/' || *c == b'\\')
        .any(|part| part == b"..")
    {
        return Some("its path climbs out of the export with '..' (zip slip)");
    }
    None
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl Export {
    /// Opens a `.zip` file or an unpacked folder.
    pub fn open(path: &Path, limits: &Limits) -> Result<Export, String> {
        let meta = fs::symlink_metadata(path)
            .map_err(|e| format!("{}: cannot be read ({e})", path.display()))?;
        if meta.is_dir() {
            return Export::open_dir(path, limits);
        }
        if !meta.is_file() {
            return Err(format!(
                "{} is not a zip file or a folder (links are not followed)",
                path.display()
            ));
        }
        let f =
            open_regular(path).map_err(|e| format!("{}: cannot be read ({e})", path.display()))?;
        Export::from_backing(Backing::File(Arc::new(f)), limits)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Reads an archive held in memory (the fuzzer and tests).
    pub fn from_zip_bytes(bytes: Vec<u8>, limits: &Limits) -> Result<Export, String> {
        Export::from_backing(Backing::Bytes(Arc::new(bytes)), limits)
    }

    fn from_backing(backing: Backing, limits: &Limits) -> Result<Export, String> {
        let len = backing.len().map_err(|e| format!("cannot be read ({e})"))?;
        let cursor = Section {
            backing: backing.clone(),
            start: 0,
            len,
            pos: 0,
        };
        let mut zip = zip::ZipArchive::new(cursor).map_err(|e| {
            format!("is not a zip archive earshot can read, or it is damaged ({e})")
        })?;
        if zip.len() > limits.max_entries {
            return Err(format!(
                "holds {} entries, more than the {} an export may have",
                zip.len(),
                limits.max_entries
            ));
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut skipped = Vec::new();
        let mut total: u64 = 0;
        let mut names = std::collections::HashSet::new();
        for i in 0..zip.len() {
            let f = match zip.by_index_raw(i) {
                Ok(f) => f,
                Err(e) => {
                    skipped.push(Skipped {
                        file: format!("entry {}", i + 1),
                        reason: format!("it cannot be read ({e})"),
                    });
                    continue;
                }
            };
            let raw = f.name_raw().to_vec();
            let path = shown(&String::from_utf8_lossy(&raw));
            let skip = |reason: String| Skipped {
                file: path.clone(),
                reason,
            };
            if f.is_dir() {
                continue;
            }
            if let Some(why) = unsafe_path(&raw) {
                skipped.push(skip(why.into()));
                continue;
            }
            let name = base_name(&path).to_string();
            if path.starts_with("__MACOSX/") || name.starts_with("._") {
                continue; // macOS resource forks, not part of the chat
            }
            if f.is_symlink() {
                skipped.push(skip("it is a link, not a file".into()));
                continue;
            }
            if f.encrypted() {
                skipped.push(skip("it is encrypted".into()));
                continue;
            }
            let deflated = match f.compression() {
                zip::CompressionMethod::Stored => false,
                zip::CompressionMethod::Deflated => true,
                other => {
                    skipped.push(skip(format!(
                        "it is compressed with {other:?}, which earshot does not read"
                    )));
                    continue;
                }
            };
            let size = f.size();
            let compressed = f.compressed_size();
            if size > limits.max_entry_bytes {
                skipped.push(skip(format!(
                    "it declares {size} bytes, more than the {} a file may have",
                    limits.max_entry_bytes
                )));
                continue;
            }
            if size > limits.ratio_floor && size / compressed.max(1) > limits.max_ratio {
                skipped.push(skip(format!(
                    "it would expand {}-fold ({compressed} to {size} bytes): a zip bomb",
                    size / compressed.max(1)
                )));
                continue;
            }
            if !deflated && compressed != size {
                skipped.push(skip(
                    "it is stored uncompressed but its two sizes differ (a damaged archive)".into(),
                ));
                continue;
            }
            let Some(offset) = f.data_start() else {
                skipped.push(skip(
                    "its data cannot be located (a damaged archive)".into(),
                ));
                continue;
            };
            if offset.checked_add(compressed).is_none_or(|end| end > len) {
                skipped.push(skip(
                    "its data runs past the end of the archive (a truncated archive)".into(),
                ));
                continue;
            }
            if total.saturating_add(size) > limits.max_total_bytes {
                skipped.push(skip(format!(
                    "the export would exceed {} bytes in all with it",
                    limits.max_total_bytes
                )));
                continue;
            }
            if !names.insert(name.clone()) {
                skipped.push(skip("another file of the export has the same name".into()));
                continue;
            }
            total += size;
            entries.push(Entry {
                kind: kind_of(&name),
                name,
                path,
                size,
                loc: Loc::Zip {
                    offset,
                    compressed,
                    deflated,
                    crc32: f.crc32(),
                },
            });
        }
        Ok(Export {
            entries,
            skipped,
            backing: Some(backing),
        })
    }

    fn open_dir(dir: &Path, limits: &Limits) -> Result<Export, String> {
        let rd =
            fs::read_dir(dir).map_err(|e| format!("{}: cannot be read ({e})", dir.display()))?;
        let mut found = Vec::new();
        for (n, e) in rd.enumerate() {
            if n >= limits.max_entries {
                return Err(format!(
                    "{} holds more than the {} files an export may have",
                    dir.display(),
                    limits.max_entries
                ));
            }
            let e = e.map_err(|e| format!("{}: cannot be read ({e})", dir.display()))?;
            found.push(e);
        }
        found.sort_by_key(|e| e.file_name());
        let mut entries = Vec::new();
        let mut skipped = Vec::new();
        let mut total: u64 = 0;
        for e in found {
            let name = shown(&e.file_name().to_string_lossy());
            let skip = |reason: &str| Skipped {
                file: name.clone(),
                reason: reason.into(),
            };
            if name.starts_with('.') {
                continue;
            }
            let meta = match fs::symlink_metadata(e.path()) {
                Ok(m) => m,
                Err(err) => {
                    skipped.push(skip(&format!("it cannot be read ({err})")));
                    continue;
                }
            };
            let ft = meta.file_type();
            if ft.is_symlink() {
                skipped.push(skip("it is a link, not a file (links are not followed)"));
                continue;
            }
            if ft.is_dir() {
                skipped.push(skip("it is a folder inside the export"));
                continue;
            }
            if !ft.is_file() {
                skipped.push(skip("it is not a regular file (a pipe, socket or device)"));
                continue;
            }
            let size = meta.len();
            if size > limits.max_entry_bytes {
                skipped.push(skip(&format!(
                    "it has {size} bytes, more than the {} a file may have",
                    limits.max_entry_bytes
                )));
                continue;
            }
            if total.saturating_add(size) > limits.max_total_bytes {
                skipped.push(skip(&format!(
                    "the export would exceed {} bytes in all with it",
                    limits.max_total_bytes
                )));
                continue;
            }
            total += size;
            entries.push(Entry {
                kind: kind_of(&name),
                path: name.clone(),
                name,
                size,
                loc: Loc::File(e.path()),
            });
        }
        Ok(Export {
            entries,
            skipped,
            backing: None,
        })
    }

    /// The entry as a source for the store's importer.
    pub fn source(&self, entry: &Entry) -> EntrySource {
        EntrySource {
            backing: self.backing.clone(),
            entry: entry.clone(),
        }
    }

    /// Reads an entry as text lines (the chat), at most `max` bytes of it.
    pub fn text_reader(&self, entry: &Entry, max: u64) -> io::Result<impl BufRead + use<>> {
        let r = self.source(entry).open()?;
        Ok(BufReader::with_capacity(64 * 1024, r.take(max)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8], bool)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        for (name, data, deflate) in files {
            let opts = zip::write::SimpleFileOptions::default().compression_method(if *deflate {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            });
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn read_all(x: &Export, name: &str) -> io::Result<Vec<u8>> {
        let e = x.entries.iter().find(|e| e.name == name).unwrap();
        let mut v = Vec::new();
        x.source(e).open()?.read_to_end(&mut v)?;
        Ok(v)
    }

    #[test]
    fn stored_and_deflated_entries_read_back_and_seek() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let z = zip_of(&[("a.opus", &data, false), ("b.txt", &data, true)]);
        let x = Export::from_zip_bytes(z, &Limits::default()).unwrap();
        assert_eq!(read_all(&x, "a.opus").unwrap(), data);
        assert_eq!(read_all(&x, "b.txt").unwrap(), data);
        let e = x.entries.iter().find(|e| e.name == "b.txt").unwrap();
        let mut r = x.source(e).open().unwrap();
        r.seek(SeekFrom::Start(150_000)).unwrap();
        let mut b = [0u8; 10];
        r.read_exact(&mut b).unwrap();
        assert_eq!(&b, &data[150_000..150_010]);
        r.seek(SeekFrom::Start(5)).unwrap();
        r.read_exact(&mut b).unwrap();
        assert_eq!(&b, &data[5..15]);
        assert_eq!(r.seek(SeekFrom::End(-3)).unwrap(), 199_997);
    }

    #[test]
    fn slip_links_and_bombs_are_skipped() {
        let zeros = vec![0u8; 8 << 20];
        let z = zip_of(&[
            ("../evil.opus", b"x", false),
            ("/etc/evil.opus", b"x", false),
            ("dir/../../evil.opus", b"x", false),
            ("bomb.txt", &zeros, true),
            ("ok.opus", b"fine", false),
        ]);
        let x = Export::from_zip_bytes(z, &Limits::default()).unwrap();
        assert_eq!(x.entries.len(), 1);
        let reasons: Vec<&str> = x.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons.iter().filter(|r| r.contains("zip slip")).count(), 3);
        assert!(
            reasons.iter().any(|r| r.contains("zip bomb")),
            "{reasons:?}"
        );
    }

    #[test]
    fn a_lying_size_is_refused_while_reading() {
        let data = vec![7u8; 100_000];
        let mut z = zip_of(&[("a.txt", &data, true)]);
        // Make the entry claim 1000 bytes in the central directory and the local header.
        for sig in [[0x50u8, 0x4b, 0x01, 0x02], [0x50, 0x4b, 0x03, 0x04]] {
            let at = z.windows(4).position(|w| w == sig).unwrap();
            let off = if sig[2] == 1 { 24 } else { 22 };
            z[at + off..at + off + 4].copy_from_slice(&1000u32.to_le_bytes());
        }
        let x = Export::from_zip_bytes(z, &Limits::default()).unwrap();
        let err = read_all(&x, "a.txt").unwrap_err();
        assert!(err.to_string().contains("expands beyond"), "{err}");
    }

    #[test]
    fn garbage_is_not_an_archive() {
        assert!(Export::from_zip_bytes(b"PK\x03\x04garbage".to_vec(), &Limits::default()).is_err());
        assert!(Export::from_zip_bytes(Vec::new(), &Limits::default()).is_err());
    }
}
