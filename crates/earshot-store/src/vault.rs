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

use std::fs::File;
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
const TAG: usize = 16;
const HEADER_LEN: u64 = 16;
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

/// Encrypts everything `src` yields into `dst`, hashing the plaintext on the way.
///
/// Hashing runs on a second thread, one block ahead of encryption: block `k + 1` is hashed while
/// block `k` is encrypted and written, so the two costs overlap on a machine with two cores.
pub fn seal<R: Read, W: Write>(src: &mut R, dst: &mut W, key: &Secret) -> io::Result<Sealed> {
    let cipher = cipher(key);
    let aad = header();
    dst.write_all(&aad)?;
    let block = CHUNK * CHUNKS_PER_BLOCK;
    let (to_hash, hash_in) = std::sync::mpsc::sync_channel::<Zeroizing<Vec<u8>>>(2);
    let (hash_out, hashed) = std::sync::mpsc::sync_channel::<Zeroizing<Vec<u8>>>(2);
    std::thread::scope(|scope| -> io::Result<Sealed> {
        let hasher = scope.spawn(move || {
            let mut h = Sha256::new();
            for buf in hash_in {
                h.update(&buf[..]);
                if hash_out.send(buf).is_err() {
                    break;
                }
            }
            hex::encode(h.finalize())
        });
        let mut spare: Vec<Zeroizing<Vec<u8>>> = (0..3)
            .map(|_| Zeroizing::new(Vec::with_capacity(block)))
            .collect();
        let mut out = Vec::with_capacity(CHUNKS_PER_BLOCK * (CHUNK + TAG));
        let mut index = 0u64;
        let mut size = 0u64;
        let mut in_flight = 0usize;
        let mut eof = false;
        let result = (|| -> io::Result<()> {
            // Read the first block and send it to be hashed.
            let mut next = spare.pop().unwrap_or_default();
            eof = fill(src, &mut next, block)?;
            let mut pending_len = next.len();
            to_hash
                .send(next)
                .map_err(|_| io::Error::other("the hashing thread stopped"))?;
            in_flight += 1;
            loop {
                // Read ahead: whether another block follows decides if the current one is final.
                let mut following = None;
                if !eof {
                    let mut b = spare.pop().unwrap_or_default();
                    eof = fill(src, &mut b, block)?;
                    if b.is_empty() {
                        spare.push(b);
                    } else {
                        following = Some(b);
                    }
                }
                let last = following.is_none();
                if let Some(b) = following {
                    let len = b.len();
                    to_hash
                        .send(b)
                        .map_err(|_| io::Error::other("the hashing thread stopped"))?;
                    in_flight += 1;
                    let mut cur = hashed
                        .recv()
                        .map_err(|_| io::Error::other("the hashing thread stopped"))?;
                    in_flight -= 1;
                    encrypt_block(&cipher, &aad, &mut cur, &mut index, false, &mut out)?;
                    size += cur.len() as u64;
                    dst.write_all(&out)?;
                    cur.clear();
                    spare.push(cur);
                    pending_len = len;
                } else {
                    let mut cur = hashed
                        .recv()
                        .map_err(|_| io::Error::other("the hashing thread stopped"))?;
                    in_flight -= 1;
                    debug_assert_eq!(cur.len(), pending_len);
                    encrypt_block(&cipher, &aad, &mut cur, &mut index, last, &mut out)?;
                    size += cur.len() as u64;
                    dst.write_all(&out)?;
                    return Ok(());
                }
            }
        })();
        drop(to_hash);
        // Drain what the hasher still holds so it can finish.
        while in_flight > 0 && hashed.recv().is_ok() {
            in_flight -= 1;
        }
        let sha256 = hasher
            .join()
            .map_err(|_| io::Error::other("the hashing thread failed"))?;
        result?;
        Ok(Sealed { size, sha256 })
    })
}

/// Reads until `buf` holds `block` bytes or the input ends; returns whether it ended.
fn fill<R: Read>(src: &mut R, buf: &mut Zeroizing<Vec<u8>>, block: usize) -> io::Result<bool> {
    buf.clear();
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

/// Encrypts one block's chunks in place into `out` (ciphertext and tags). The final block's
/// last chunk carries the final flag; an empty final block is one empty final chunk.
fn encrypt_block(
    cipher: &Aes256Gcm,
    aad: &[u8],
    buf: &mut [u8],
    index: &mut u64,
    last: bool,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    out.clear();
    let n = buf.len();
    let mut off = 0;
    loop {
        let len = (n - off).min(CHUNK);
        let is_last = last && off + len == n;
        if len == 0 && !is_last {
            break;
        }
        let chunk = &mut buf[off..off + len];
        let tag = cipher
            .encrypt_inout_detached(&nonce(*index, is_last), aad, chunk.into())
            .map_err(|_| io::Error::other("chunk encryption failed"))?;
        out.extend_from_slice(chunk);
        out.extend_from_slice(&tag);
        *index += 1;
        off += len;
        if is_last || off == n {
            break;
        }
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
pub fn rehash(file: File, key: &Secret) -> io::Result<(u64, String)> {
    let mut r = VaultReader::new(file, key)?;
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
        ] {
            roundtrip(n);
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
