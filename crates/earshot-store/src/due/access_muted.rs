//! A subject's copy with parts made silent (AVG art. 15(4): the rights of others on the
//! recording, such as children or third parties, weighed by the team). The original stays in
//! the vault as it was; the copy is made from it in memory and written only to the subject's
//! own export file, and the log keeps the ranges, a keyed hash of the reason and the copy's
//! SHA-256.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::files::HashingWriter;
use super::views::*;
use super::*;
use crate::blobs::BlobReader;
use crate::rows::load_row;
use crate::vault::VaultReader;
use crate::{Result, Store, StoreError};

impl Store {
    /// The recording, decrypted, checked against the SHA-256 taken at import and set back at
    /// its start, with its length and container.
    fn verified_recording(&self, item: i64) -> Result<(VaultReader<BlobReader>, u64, String)> {
        let row = load_row(self.db(), item)?;
        let mut rec = self.open_recording(item)?;
        let failed = |e: io::Error| {
            StoreError::Integrity(
                DueMsg::ExportFailed {
                    item,
                    detail: e.to_string(),
                    cleaned: false,
                }
                .into(),
            )
        };
        let mut hasher = Sha256::new();
        let mut buf = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
        let mut n = 0u64;
        loop {
            let k = match rec.reader.read(&mut buf[..]) {
                Ok(0) => break,
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(failed(e)),
            };
            hasher.update(&buf[..k]);
            n += k as u64;
        }
        if hex::encode(hasher.finalize()) != row.sha256 || n as i64 != row.size {
            return Err(StoreError::Integrity(
                DueMsg::ExportMismatch {
                    item,
                    removed: false,
                }
                .into(),
            ));
        }
        rec.reader.seek(SeekFrom::Start(0)).map_err(failed)?;
        let len = rec.reader.len();
        Ok((rec.reader, len, rec.format))
    }

    /// Writes a copy of the recording made by `make` (with parts made silent) to `path` (0600,
    /// written in place as it is made: no copy elsewhere). The original is first checked
    /// against its SHA-256; if `make` fails, the file is removed. The permit is used up.
    pub fn export_muted_for_access(
        &self,
        permit: AccessPermit,
        path: &Path,
        force: bool,
        make: Box<MakeCopy<'_>>,
    ) -> Result<(ExportedFile, AccessReceipt)> {
        let permit = permit.receipt;
        let item = permit.item;
        let (reader, len, format) = self.verified_recording(item)?;
        let file = create_private_file(path, force)?;
        let mut w = HashingWriter {
            inner: io::BufWriter::new(file),
            hasher: Sha256::new(),
            n: 0,
        };
        let made = make(reader, len, &format, &mut w).and_then(|()| {
            w.flush()
                .and_then(|()| w.inner.get_ref().sync_all())
                .map_err(|e| e.to_string())
        });
        if let Err(detail) = made {
            let _ = fs::remove_file(path);
            return Err(StoreError::Integrity(
                DueMsg::ExportFailed {
                    item,
                    detail,
                    cleaned: true,
                }
                .into(),
            ));
        }
        let file = ExportedFile {
            kind: MUTED_KIND.into(),
            path: path.to_path_buf(),
            sha256: hex::encode(w.hasher.finalize()),
            size: w.n,
        };
        Ok((file, permit))
    }

    /// Like [`Store::export_muted_for_access`], for a client of the guardian: the copy is made
    /// in memory and returned (never written here) for the client to write at `path`.
    pub fn export_muted_for_access_in_memory(
        &self,
        permit: AccessPermit,
        path: &Path,
        make: Box<MakeCopy<'_>>,
    ) -> Result<(zeroize::Zeroizing<Vec<u8>>, ExportedFile, AccessReceipt)> {
        let permit = permit.receipt;
        let item = permit.item;
        let (reader, len, format) = self.verified_recording(item)?;
        let mut bytes = zeroize::Zeroizing::new(Vec::new());
        make(reader, len, &format, &mut *bytes).map_err(|detail| {
            StoreError::Integrity(
                DueMsg::ExportFailed {
                    item,
                    detail,
                    cleaned: false,
                }
                .into(),
            )
        })?;
        let file = ExportedFile {
            kind: MUTED_KIND.into(),
            path: path.to_path_buf(),
            sha256: hex::encode(Sha256::digest(&bytes[..])),
            size: bytes.len() as u64,
        };
        Ok((bytes, file, permit))
    }
}
