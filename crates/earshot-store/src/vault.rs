//! The vault: each recording encrypted with its own key, in 64 KiB chunks that decrypt from any
//! offset.
//!
//! File layout: a 16-byte header (`ESHVLT01`, the chunk size as u32 LE, 4 zero bytes) followed by
//! chunks of AES-256-GCM ciphertext, each with its 16-byte tag. The nonce of chunk `i` is `i` as a
//! big-endian u64, then a byte that is 1 for the final chunk and 0 otherwise, then three zero
//! bytes; the header is the associated data of every chunk. This is the STREAM construction
//! (Hoang, Reyhanitabar, Rogaway, Vizár 2015): chunks cannot be reordered, dropped or appended,
//! and truncation is detected because the final chunk says it is final. Keys are random per item,
//! so nonces never repeat under one key.

use std::io::{self, Read, Seek, SeekFrom, Write};

use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::crypto::Secret;

pub const CHUNK: usize = 64 * 1024;

/// The size of the vault file that seals `plain` bytes: the header, then every chunk with its
/// tag (an empty recording is one empty final chunk).
pub fn sealed_len(plain: u64) -> u64 {
    let chunks = plain.div_ceil(CHUNK as u64).max(1);
    HEADER_LEN + plain + chunks * TAG as u64
}
/// The tag that follows each chunk's ciphertext.
pub(crate) const TAG: usize = 16;
/// The header that starts every blob.
pub(crate) const HEADER_LEN: u64 = 16;
const MAGIC: &[u8; 8] = b"ESHVLT01";
/// Chunks encrypted per read/write block.
const CHUNKS_PER_BLOCK: usize = 16;

fn header() -> [u8; 16] {
    let mut h = [0u8; 16];
    h[..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&(CHUNK as u32).to_le_bytes());
    h
}

fn nonce(index: u64, last: bool) -> Nonce<aes_gcm::aead::consts::U12> {
    let mut n = [0u8; 12];
    n[..8].copy_from_slice(&index.to_be_bytes());
    n[8] = u8::from(last);
    Nonce::from(n)
}

fn cipher(key: &Secret) -> Aes256Gcm {
    Aes256Gcm::new(&(*key.bytes()).into())
}

/// What sealing a recording produced.
#[derive(Debug, Clone)]
pub struct Sealed {
    /// Plaintext length in bytes.
    pub size: u64,
    /// SHA-256 of the plaintext, hex.
    pub sha256: String,
}

/// Of each block's chunks, how many the second thread encrypts (after hashing the block); this
/// thread encrypts the rest between its reads and writes. Measured on a 1 GiB import with two
/// cores: the split that keeps both threads equally busy.
const CHUNKS_ON_HASHER: usize = CHUNKS_PER_BLOCK / 2;

/// One block handed to the hashing thread.
struct Job {
    plain: Zeroizing<Vec<u8>>,
    /// Where the sealed block is put together (a buffer used before, to be filled again).
    sealed: Vec<u8>,
    /// The index of the block's first chunk.
    index: u64,
    last: bool,
}

/// A block back from the hashing thread: `job.sealed` laid out for the file (each chunk
/// followed by its tag), with the hasher's chunks encrypted and the rest still to do.
struct Half {
    job: Job,
}

/// Encrypts everything `src` yields into `dst`, hashing the plaintext on the way.
///
/// Two threads share the work of each 1 MiB block: a second thread hashes the block and then
/// encrypts its first half; this one reads the next block, encrypts the second half and writes.
/// (Hashing first matters: encryption is in place.) On two cores that keeps both busy; reading,
/// hashing, encrypting and writing one after another took twice as long as `age`.
pub fn seal<R: Read, W: Write>(src: &mut R, dst: &mut W, key: &Secret) -> io::Result<Sealed> {
    seal_watched(src, dst, key, &|_| {})
}

/// [`seal`], showing `watch` every byte of the plaintext in order, on the hashing thread, before
/// it is encrypted (what a recording looks like can be worked out while it is sealed, without
/// reading it twice).
pub fn seal_watched<R: Read, W: Write>(
    src: &mut R,
    dst: &mut W,
    key: &Secret,
    watch: &(dyn Fn(&[u8]) + Sync),
) -> io::Result<Sealed> {
    let cipher = cipher(key);
    let aad = header();
    dst.write_all(&aad)?;
    let block = CHUNK * CHUNKS_PER_BLOCK;
    let stopped = || io::Error::other("the hashing thread stopped");
    let (to_hash, jobs) = std::sync::mpsc::sync_channel::<Job>(2);
    let (half_done, halves) = std::sync::mpsc::sync_channel::<io::Result<Half>>(2);
    let (cipher_ref, aad_ref) = (&cipher, &aad);
    std::thread::scope(|scope| -> io::Result<Sealed> {
        let hasher = scope.spawn(move || {
            let mut h = Sha256::new();
            for mut job in jobs {
                h.update(&job.plain[..]);
                watch(&job.plain[..]);
                let done = encrypt_chunks(cipher_ref, aad_ref, &mut job, 0..CHUNKS_ON_HASHER)
                    .map(|()| Half { job });
                if half_done.send(done).is_err() {
                    break;
                }
            }
            hex::encode(h.finalize())
        });
        // Buffers go round: plaintext blocks and sealed ones are used again, never freed and
        // allocated anew (a fresh 1 MiB buffer is fresh pages for the kernel to fault in).
        let mut spare: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut spare_sealed: Vec<Vec<u8>> = Vec::new();
        let take = |spare: &mut Vec<Zeroizing<Vec<u8>>>| {
            spare
                .pop()
                .unwrap_or_else(|| Zeroizing::new(Vec::with_capacity(block)))
        };
        let (mut index, mut size, mut in_flight) = (0u64, 0u64, 0usize);
        let finish = |in_flight: &mut usize,
                      spare: &mut Vec<Zeroizing<Vec<u8>>>,
                      spare_sealed: &mut Vec<Vec<u8>>,
                      dst: &mut W|
         -> io::Result<()> {
            let mut half = halves.recv().map_err(|_| stopped())??;
            *in_flight -= 1;
            encrypt_chunks(&cipher, &aad, &mut half.job, CHUNKS_ON_HASHER..usize::MAX)?;
            dst.write_all(&half.job.sealed)?;
            spare.push(half.job.plain);
            spare_sealed.push(half.job.sealed);
            Ok(())
        };
        let result = (|| -> io::Result<()> {
            let mut cur = take(&mut spare);
            let mut eof = fill(src, &mut cur, block)?;
            loop {
                // Read ahead: whether another block follows decides if this one is final.
                let mut following = None;
                if !eof {
                    let mut b = take(&mut spare);
                    eof = fill(src, &mut b, block)?;
                    if b.is_empty() {
                        spare.push(b);
                    } else {
                        following = Some(b);
                    }
                }
                let last = following.is_none();
                let chunks = cur.len().div_ceil(CHUNK).max(1) as u64;
                size += cur.len() as u64;
                to_hash
                    .send(Job {
                        plain: cur,
                        sealed: spare_sealed.pop().unwrap_or_default(),
                        index,
                        last,
                    })
                    .map_err(|_| stopped())?;
                index += chunks;
                in_flight += 1;
                // One block with the hasher while this thread finishes the one before.
                if in_flight > 1 {
                    finish(&mut in_flight, &mut spare, &mut spare_sealed, dst)?;
                }
                match following {
                    Some(b) => cur = b,
                    None => break,
                }
            }
            while in_flight > 0 {
                finish(&mut in_flight, &mut spare, &mut spare_sealed, dst)?;
            }
            Ok(())
        })();
        drop(to_hash);
        let sha256 = hasher
            .join()
            .map_err(|_| io::Error::other("the hashing thread failed"))?;
        result?;
        Ok(Sealed { size, sha256 })
    })
}

/// Reads until `buf` holds `block` bytes or the input ends; returns whether it ended. A buffer
/// that comes back full is not cleared first: every byte of it is read over.
fn fill<R: Read>(src: &mut R, buf: &mut Zeroizing<Vec<u8>>, block: usize) -> io::Result<bool> {
    buf.resize(block, 0);
    let mut filled = 0;
    while filled < block {
        match src.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(true);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

/// Encrypts the chunks of `job`'s block numbered `which` (within the block) in place and puts
/// each, followed by its tag, where it belongs in `job.sealed` (sized for the whole block). The
/// final block's last chunk carries the final flag; an empty final block is one empty final
/// chunk.
fn encrypt_chunks(
    cipher: &Aes256Gcm,
    aad: &[u8],
    job: &mut Job,
    which: std::ops::Range<usize>,
) -> io::Result<()> {
    let n = job.plain.len();
    let chunks = n.div_ceil(CHUNK).max(1);
    let sealed = &mut job.sealed;
    // Every byte of the sealed block is written below; only its length changes.
    sealed.resize(n + chunks * TAG, 0);
    for i in which.start..which.end.min(chunks) {
        let (from, to) = (i * CHUNK, ((i + 1) * CHUNK).min(n));
        let is_last = job.last && i + 1 == chunks;
        let chunk = &mut job.plain[from..to];
        let tag = cipher
            .encrypt_inout_detached(&nonce(job.index + i as u64, is_last), aad, chunk.into())
            .map_err(|_| io::Error::other("chunk encryption failed"))?;
        let at = i * (CHUNK + TAG);
        sealed[at..at + chunk.len()].copy_from_slice(chunk);
        sealed[at + chunk.len()..at + chunk.len() + TAG].copy_from_slice(&tag);
    }
    Ok(())
}

/// Reads a sealed recording as plain bytes, decrypting only the chunks it touches.
pub struct VaultReader<R> {
    inner: R,
    cipher: Aes256Gcm,
    chunks: u64,
    last_len: usize,
    len: u64,
    pos: u64,
    cached: Option<u64>,
    plain: Zeroizing<Vec<u8>>,
}

impl<R> std::fmt::Debug for VaultReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultReader")
            .field("len", &self.len)
            .field("pos", &self.pos)
            .finish()
    }
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the encrypted recording {what}"),
    )
}

impl<R: Read + Seek> VaultReader<R> {
    pub fn new(mut inner: R, key: &Secret) -> io::Result<Self> {
        let file_len = inner.seek(SeekFrom::End(0))?;
        inner.seek(SeekFrom::Start(0))?;
        let mut h = [0u8; 16];
        inner
            .read_exact(&mut h)
            .map_err(|_| corrupt("is truncated before its header ends"))?;
        if h != header() {
            return Err(corrupt("has an unknown header (not an earshot vault file)"));
        }
        let body = file_len - HEADER_LEN;
        let per = (CHUNK + TAG) as u64;
        if body < TAG as u64 {
            return Err(corrupt("is truncated"));
        }
        let chunks = body.div_ceil(per);
        let last_ct = body - (chunks - 1) * per;
        let last_len = (last_ct - TAG as u64) as usize;
        if last_ct < TAG as u64 || (chunks > 1 && last_len == 0) {
            return Err(corrupt("is truncated"));
        }
        Ok(VaultReader {
            inner,
            cipher: cipher(key),
            chunks,
            last_len,
            len: (chunks - 1) * CHUNK as u64 + last_len as u64,
            pos: 0,
            cached: None,
            plain: Zeroizing::new(Vec::with_capacity(CHUNK + TAG)),
        })
    }

    /// Plaintext length.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn load(&mut self, index: u64) -> io::Result<()> {
        if self.cached == Some(index) {
            return Ok(());
        }
        self.cached = None;
        let last = index + 1 == self.chunks;
        let len = if last { self.last_len } else { CHUNK };
        self.inner
            .seek(SeekFrom::Start(HEADER_LEN + index * (CHUNK + TAG) as u64))?;
        self.plain.resize(len + TAG, 0);
        self.inner
            .read_exact(&mut self.plain)
            .map_err(|_| corrupt("is truncated"))?;
        let tag_bytes: [u8; TAG] = self.plain[len..]
            .try_into()
            .map_err(|_| corrupt("is truncated"))?;
        self.plain.truncate(len);
        self.cipher
            .decrypt_inout_detached(
                &nonce(index, last),
                &header(),
                self.plain.as_mut_slice().into(),
                &Tag::from(tag_bytes),
            )
            .map_err(|_| corrupt(&format!("fails its integrity check at chunk {index}")))?;
        self.cached = Some(index);
        Ok(())
    }
}

impl<R: Read + Seek> Read for VaultReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || out.is_empty() {
            return Ok(0);
        }
        let index = self.pos / CHUNK as u64;
        self.load(index)?;
        let within = (self.pos % CHUNK as u64) as usize;
        let n = (self.plain.len() - within).min(out.len());
        out[..n].copy_from_slice(&self.plain[within..within + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for VaultReader<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match target {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the recording",
            )),
        }
    }
}

/// Decrypts a whole blob just to hash it (for `doctor --deep`); nothing is kept.
pub fn rehash<R: Read + Seek>(blob: R, key: &Secret) -> io::Result<(u64, String)> {
    let mut r = VaultReader::new(blob, key)?;
    let mut hasher = Sha256::new();
    let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok((r.len(), hex::encode(hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn data(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    fn roundtrip(n: usize) {
        let key = Secret::random().unwrap();
        let plain = data(n);
        let mut sealed = Vec::new();
        let s = seal(&mut Cursor::new(&plain), &mut sealed, &key).unwrap();
        assert_eq!(s.size, n as u64);
        assert_eq!(sealed.len() as u64, sealed_len(n as u64), "size {n}");
        assert_eq!(s.sha256, hex::encode(Sha256::digest(&plain)));
        let mut r = VaultReader::new(Cursor::new(&sealed), &key).unwrap();
        assert_eq!(r.len(), n as u64);
        let mut back = Vec::new();
        r.read_to_end(&mut back).unwrap();
        assert!(back == plain, "size {n}");
    }

    #[test]
    fn sizes_around_chunk_and_block_edges() {
        let block = CHUNK * CHUNKS_PER_BLOCK;
        for n in [
            0,
            1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            3 * CHUNK,
            block - 1,
            block,
            block + 1,
            2 * block + CHUNK,
            2 * block + 5,
            // Where the two threads' shares of a block meet.
            CHUNKS_ON_HASHER * CHUNK - 1,
            CHUNKS_ON_HASHER * CHUNK,
            CHUNKS_ON_HASHER * CHUNK + 1,
            3 * block + CHUNKS_ON_HASHER * CHUNK + 7,
        ] {
            roundtrip(n);
        }
    }

    /// A source that fails part-way: sealing stops with its error (never hangs, whichever block
    /// the threads were on).
    #[test]
    fn a_failing_source_stops_the_sealing_with_its_error() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("the disk went away"));
                }
                let n = buf.len().min(self.0).min(100_000);
                buf[..n].fill(7);
                self.0 -= n;
                Ok(n)
            }
        }
        let key = Secret::random().unwrap();
        for before in [
            0,
            1,
            CHUNK * CHUNKS_PER_BLOCK,
            5 * CHUNK * CHUNKS_PER_BLOCK + 3,
        ] {
            let mut sealed = Vec::new();
            let err = seal(&mut Failing(before), &mut sealed, &key).unwrap_err();
            assert_eq!(
                err.to_string(),
                "the disk went away",
                "after {before} bytes"
            );
        }
    }

    #[test]
    fn reads_from_any_offset() {
        let key = Secret::random().unwrap();
        let plain = data(5 * CHUNK + 123);
        let mut sealed = Vec::new();
        seal(&mut Cursor::new(&plain), &mut sealed, &key).unwrap();
        let mut r = VaultReader::new(Cursor::new(&sealed), &key).unwrap();
        for off in [
            0u64,
            1,
            CHUNK as u64 - 3,
            3 * CHUNK as u64 + 17,
            plain.len() as u64 - 10,
        ] {
            r.seek(SeekFrom::Start(off)).unwrap();
            let mut buf = [0u8; 20];
            let mut got = 0;
            while got < 20 {
                let n = r.read(&mut buf[got..]).unwrap();
                if n == 0 {
                    break;
                }
                got += n;
            }
            let want = &plain[off as usize..(off as usize + 20).min(plain.len())];
            assert_eq!(&buf[..got], want, "offset {off}");
        }
        assert_eq!(r.seek(SeekFrom::End(-1)).unwrap(), plain.len() as u64 - 1);
        assert!(
            r.seek(SeekFrom::Current(-(plain.len() as i64) - 5))
                .is_err()
        );
    }

    #[test]
    fn tampering_truncation_and_wrong_keys_are_refused() {
        let key = Secret::random().unwrap();
        let plain = data(3 * CHUNK + 10);
        let mut sealed = Vec::new();
        seal(&mut Cursor::new(&plain), &mut sealed, &key).unwrap();
        let read_all = |bytes: &[u8], k: &Secret| -> io::Result<Vec<u8>> {
            let mut r = VaultReader::new(Cursor::new(bytes.to_vec()), k)?;
            let mut v = Vec::new();
            r.read_to_end(&mut v)?;
            Ok(v)
        };
        assert!(read_all(&sealed, &Secret::random().unwrap()).is_err());
        let mut flipped = sealed.clone();
        flipped[HEADER_LEN as usize + CHUNK + 40] ^= 0x80;
        assert!(read_all(&flipped, &key).is_err());
        // Cut exactly at a chunk boundary: the new last chunk was not sealed as final.
        let cut = HEADER_LEN as usize + 2 * (CHUNK + TAG);
        assert!(read_all(&sealed[..cut], &key).is_err());
        assert!(read_all(&sealed[..sealed.len() - 1], &key).is_err());
        assert!(read_all(&sealed[..10], &key).is_err());
        // Two chunks swapped.
        let mut swapped = sealed.clone();
        let a = HEADER_LEN as usize;
        let per = CHUNK + TAG;
        let first: Vec<u8> = swapped[a..a + per].to_vec();
        let second: Vec<u8> = swapped[a + per..a + 2 * per].to_vec();
        swapped[a..a + per].copy_from_slice(&second);
        swapped[a + per..a + 2 * per].copy_from_slice(&first);
        assert!(read_all(&swapped, &key).is_err());
        assert_eq!(read_all(&sealed, &key).unwrap(), plain);
    }

    #[test]
    fn plaintext_never_appears_in_the_blob() {
        let key = Secret::random().unwrap();
        let plain = b"RIFF....WAVEfmt this is a very recognisable recording".repeat(100);
        let mut sealed = Vec::new();
        seal(&mut Cursor::new(&plain), &mut sealed, &key).unwrap();
        assert!(!sealed.windows(9).any(|w| w == b"WAVEfmt t"));
    }
}
