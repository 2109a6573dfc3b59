//! Keys: the store's master key (a 0600 file outside the data directory), the keys of its
//! epochs (0600 files beside it), the random key of each item wrapped under an epoch's key, and
//! the small field encryption used for personal text in the database.
//!
//! Each secret has one purpose. The master key is only ever an HMAC-SHA-256 key: every use is
//! the output for one label (`store-fields`, `audit-log-names`, the key check). An epoch's
//! secret is the same: its wrapping key and its key check are derived from it under labels
//! that name the epoch. Only stores from before epochs wrapped item keys under the master key
//! itself (epoch 0); such keys are opened once, when the store is upgraded, and never made.
//!
//! Primitives come from RustCrypto: XChaCha20-Poly1305 for wrapping keys and fields (random
//! 24-byte nonces), AES-256-GCM for the vault's chunks, HMAC-SHA-256 to derive sub-keys.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use super::StoreError;
use crate::msg::StoreMsg;

/// Fills a buffer from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| {
        StoreError::Io(
            StoreMsg::Random {
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    Ok(b)
}

fn hmac(key: &[u8], label: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length.
    let mut mac = match <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(label);
    mac.finalize().into_bytes().into()
}

/// 32 secret bytes, wiped from memory when dropped.
#[derive(Clone)]
pub struct Secret([u8; 32]);

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    pub fn random() -> Result<Self, StoreError> {
        Ok(Secret(random_bytes::<32>()?))
    }
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
    /// A sub-key for one purpose.
    pub fn derive(&self, label: &str) -> Secret {
        Secret(hmac(&self.0, label.as_bytes()))
    }
}

/// The store's master key: wraps every item key.
#[derive(Debug, Clone)]
pub struct MasterKey(Secret);

impl MasterKey {
    /// Reads the key file, refusing one that group or others can read.
    pub fn load(path: &Path) -> Result<Self, StoreError> {
        read_secret_file(path).map(MasterKey)
    }

    /// Creates a new key file (never overwrites one), private to the user.
    pub fn create(path: &Path) -> Result<Self, StoreError> {
        create_secret_file(path).map(MasterKey)
    }

    /// The key of the pseudonyms that stand for team members in the log's leaves.
    pub fn log_names(&self) -> Secret {
        self.0.derive("audit-log-names")
    }
}

/// Reads a file holding a 32-byte secret in hex, refusing one that group or others can read.
pub fn read_secret_file(path: &Path) -> Result<Secret, StoreError> {
    let shown = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::Setup(
            StoreMsg::KeyFileMissing {
                path: shown.clone(),
            }
            .into(),
        ),
        _ => StoreError::Setup(
            StoreMsg::KeyFileUnreadable {
                path: shown.clone(),
                detail: e.to_string(),
            }
            .into(),
        ),
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(StoreError::Setup(
            StoreMsg::KeyFileOpen { path: shown, mode }.into(),
        ));
    }
    let text = Zeroizing::new(fs::read_to_string(path).map_err(|e| {
        StoreError::Setup(
            StoreMsg::KeyFileUnreadable {
                path: shown.clone(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?);
    let mut bytes = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(text.trim(), &mut bytes[..])
        .map_err(|_| StoreError::Setup(StoreMsg::KeyFileDamaged { path: shown }.into()))?;
    Ok(Secret(*bytes))
}

/// Creates a file holding a new random 32-byte secret in hex (never overwrites one), private
/// to the user.
pub fn create_secret_file(path: &Path) -> Result<Secret, StoreError> {
    if let Some(dir) = path.parent() {
        super::fsutil::create_private_dir(dir)?;
    }
    let key = Secret::random()?;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| {
            StoreError::Setup(
                StoreMsg::KeyFileCreate {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
    let text = Zeroizing::new(format!("{}\n", hex::encode(key.bytes())));
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| {
            StoreError::Io(
                StoreMsg::Write {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
    Ok(key)
}

impl MasterKey {
    /// A value stored in the database that proves a key file belongs to the store.
    pub fn check_value(&self) -> String {
        hex::encode(hmac(self.0.bytes(), b"earshot key check v1"))
    }

    /// The key of epoch 0: item keys wrapped by versions from before epochs, under the master
    /// key itself. Used to open them when the store is upgraded; nothing is wrapped under it.
    pub fn legacy_epoch(&self) -> EpochKey {
        EpochKey {
            epoch: 0,
            wrapping: self.0.clone(),
        }
    }

    /// The key for store-wide personal text (complaints without an item, user notes).
    pub fn store_fields(&self) -> Secret {
        self.0.derive("store-fields")
    }
}

/// The file that holds the secret of epoch `epoch` of the store whose master key is at
/// `key_path`: beside it (`earshot.key` → `earshot.epoch-3`).
pub fn epoch_key_path(key_path: &Path, epoch: u32) -> PathBuf {
    key_path.with_extension(format!("epoch-{epoch}"))
}

/// The file left where an epoch's key was destroyed, saying when (no secret in it).
pub fn epoch_retired_path(key_path: &Path, epoch: u32) -> PathBuf {
    key_path.with_extension(format!("epoch-{epoch}.retired"))
}

/// The key of one master-key epoch: what wraps and unwraps item keys while it is current, and
/// opens them from a backup of that time until it is retired.
#[derive(Clone)]
pub struct EpochKey {
    epoch: u32,
    /// Derived from the epoch's secret for wrapping alone (for epoch 0, the master key).
    wrapping: Secret,
}

impl std::fmt::Debug for EpochKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EpochKey({})", self.epoch)
    }
}

impl EpochKey {
    /// The key of epoch `epoch` from its secret. Epoch 0 is the master key's
    /// ([`MasterKey::legacy_epoch`]).
    pub fn from_secret(epoch: u32, secret: &Secret) -> EpochKey {
        EpochKey {
            epoch,
            wrapping: secret.derive(&wrapping_label(epoch)),
        }
    }

    /// Reads the key file of epoch `epoch` beside the master key at `key_path`.
    pub fn load(key_path: &Path, epoch: u32) -> Result<EpochKey, StoreError> {
        read_secret_file(&epoch_key_path(key_path, epoch)).map(|s| EpochKey::from_secret(epoch, &s))
    }

    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// Encrypts an item's key; `binding` (the blob's name) is authenticated with it.
    pub fn wrap(&self, binding: &str, item: &Secret) -> Result<Vec<u8>, StoreError> {
        seal(&self.wrapping, &format!("item-key:{binding}"), item.bytes())
    }

    pub fn unwrap(&self, binding: &str, wrapped: &[u8]) -> Result<Secret, StoreError> {
        let plain = Zeroizing::new(open(
            &self.wrapping,
            &format!("item-key:{binding}"),
            wrapped,
        )?);
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::Integrity(StoreMsg::WrappedKeyLength.into()))?;
        Ok(Secret(bytes))
    }
}

/// The label the wrapping key of an epoch is derived under.
fn wrapping_label(epoch: u32) -> String {
    format!("earshot item-key wrapping v1/epoch-{epoch}")
}

/// The value stored with an epoch that proves its key file is the one the store made, under
/// a key derived for that check alone: the file of another epoch, or of another store, does
/// not pass.
pub fn epoch_check_value(secret: &Secret, epoch: u32, store_id: &str) -> String {
    let key = secret.derive("earshot epoch key check v1");
    hex::encode(hmac(
        key.bytes(),
        format!("epoch-{epoch}/{store_id}").as_bytes(),
    ))
}

/// Encrypts a small value (a name, a purpose) with XChaCha20-Poly1305 and a random nonce.
/// `aad` names what the value is, so a value cannot be moved into another column unnoticed.
pub fn seal(key: &Secret, aad: &str, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
    let cipher = XChaCha20Poly1305::new(&(*key.bytes()).into());
    let nonce_bytes = random_bytes::<24>()?;
    let nonce = XNonce::from(nonce_bytes);
    let ct = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plain,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| StoreError::Io(StoreMsg::EncryptFailed.into()))?;
    let mut out = Vec::with_capacity(24 + ct.len());
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&ct);
    Ok(out)
}

pub fn open(key: &Secret, aad: &str, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
    if sealed.len() < 24 + 16 {
        return Err(StoreError::Integrity(
            StoreMsg::SealedTruncated { aad: aad.into() }.into(),
        ));
    }
    let (nonce, ct) = sealed.split_at(24);
    let nonce: [u8; 24] = nonce
        .try_into()
        .map_err(|_| StoreError::Integrity(StoreMsg::BadNonce.into()))?;
    let cipher = XChaCha20Poly1305::new(&(*key.bytes()).into());
    cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ct,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| StoreError::Integrity(StoreMsg::SealedAltered { aad: aad.into() }.into()))
}

pub fn seal_str(key: &Secret, aad: &str, s: &str) -> Result<Vec<u8>, StoreError> {
    seal(key, aad, s.as_bytes())
}

pub fn open_str(key: &Secret, aad: &str, sealed: &[u8]) -> Result<String, StoreError> {
    String::from_utf8(open(key, aad, sealed)?)
        .map_err(|_| StoreError::Integrity(StoreMsg::SealedNotText { aad: aad.into() }.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_keys_are_bound_to_their_blob() {
        let ek = EpochKey::from_secret(1, &Secret::random().unwrap());
        let item = Secret::random().unwrap();
        let w = ek.wrap("blob-a", &item).unwrap();
        assert_eq!(ek.unwrap("blob-a", &w).unwrap().bytes(), item.bytes());
        assert!(ek.unwrap("blob-b", &w).is_err());
        let mut bad = w.clone();
        bad[30] ^= 1;
        assert!(ek.unwrap("blob-a", &bad).is_err());
    }

    #[test]
    fn each_secret_serves_one_purpose() {
        let secret = Secret::random().unwrap();
        let item = Secret::random().unwrap();
        let e1 = EpochKey::from_secret(1, &secret);
        let w = e1.wrap("blob-a", &item).unwrap();
        // Not under the raw secret: that is never a cipher key.
        assert!(open(&secret, "item-key:blob-a", &w).is_err());
        // Bound to its epoch's number: the same file read as another epoch opens nothing.
        assert!(
            EpochKey::from_secret(2, &secret)
                .unwrap("blob-a", &w)
                .is_err()
        );
        // The wrapping key, the check key and the check value all differ from one another and
        // from the secret.
        let wrapping = secret.derive(&wrapping_label(1));
        let check = secret.derive("earshot epoch key check v1");
        let value = epoch_check_value(&secret, 1, "s");
        for k in [&wrapping, &check] {
            assert_ne!(k.bytes(), secret.bytes());
            assert_ne!(hex::encode(k.bytes()), value);
        }
        assert_ne!(wrapping.bytes(), check.bytes());
        assert_ne!(value, epoch_check_value(&secret, 2, "s"), "names its epoch");
        assert_ne!(value, epoch_check_value(&secret, 1, "t"), "names its store");
        assert_eq!(value, epoch_check_value(&secret, 1, "s"));
        // The master key's uses keep their labels (older stores depend on them).
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k/master.key");
        let mk = MasterKey::create(&p).unwrap();
        let raw = read_secret_file(&p).unwrap();
        assert_eq!(
            mk.store_fields().bytes(),
            raw.derive("store-fields").bytes()
        );
        assert_eq!(
            mk.log_names().bytes(),
            raw.derive("audit-log-names").bytes()
        );
        assert_eq!(
            mk.check_value(),
            hex::encode(raw.derive("earshot key check v1").bytes())
        );
        // Epoch 0 is the legacy wrapping: the master key as it was used before epochs.
        let legacy = seal(&raw, "item-key:blob-a", item.bytes()).unwrap();
        assert_eq!(
            mk.legacy_epoch().unwrap("blob-a", &legacy).unwrap().bytes(),
            item.bytes()
        );
    }

    #[test]
    fn epoch_files_sit_beside_the_master_key() {
        let p = Path::new("/etc/earshot/earshot.key");
        assert_eq!(
            epoch_key_path(p, 3),
            Path::new("/etc/earshot/earshot.epoch-3")
        );
        assert_eq!(
            epoch_retired_path(p, 3),
            Path::new("/etc/earshot/earshot.epoch-3.retired")
        );
        let dir = tempfile::tempdir().unwrap();
        let k = dir.path().join("keys/s.key");
        let s = create_secret_file(&epoch_key_path(&k, 2)).unwrap();
        let item = Secret::random().unwrap();
        let w = EpochKey::from_secret(2, &s).wrap("b", &item).unwrap();
        let loaded = EpochKey::load(&k, 2).unwrap();
        assert_eq!(loaded.epoch(), 2);
        assert_eq!(loaded.unwrap("b", &w).unwrap().bytes(), item.bytes());
        assert!(EpochKey::load(&k, 3).is_err());
    }

    #[test]
    fn key_file_is_private_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("master.key");
        let mk = MasterKey::create(&p).unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(MasterKey::load(&p).unwrap().check_value(), mk.check_value());
        assert!(MasterKey::create(&p).is_err(), "never overwrites a key");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        let err = MasterKey::load(&p).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        fs::write(&p, "not a key\n").unwrap();
        assert!(
            MasterKey::load(&p)
                .unwrap_err()
                .to_string()
                .contains("damaged")
        );
    }

    #[test]
    fn fields_are_bound_to_what_they_are() {
        let k = Secret::random().unwrap();
        let s = seal_str(&k, "sender", "Jan").unwrap();
        assert_eq!(open_str(&k, "sender", &s).unwrap(), "Jan");
        assert!(open_str(&k, "purpose", &s).is_err());
        assert!(!s.windows(3).any(|w| w == b"Jan"));
        let s2 = seal_str(&k, "sender", "Jan").unwrap();
        assert_ne!(s, s2, "random nonces: equal names do not look equal");
    }
}
