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
//! Every value sealed here is bound to its [`Place`] (item, table, row, column), which is its
//! associated data: there is no way to seal or open under a label of free text. An item's
//! key is bound to its place and its blob's name as well.
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
use crate::msg::{Spot, StoreMsg};
use earshot_core::model::ItemId;

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

    /// The key for store-wide personal text (complaints, copies outside the store,
    /// certificates, approvals about no item).
    pub fn store_fields(&self) -> Secret {
        self.0.derive("store-fields")
    }
}

fn secret_of(plain: &[u8]) -> Result<Secret, StoreError> {
    let bytes: [u8; 32] = plain
        .try_into()
        .map_err(|_| StoreError::Integrity(StoreMsg::WrappedKeyLength.into()))?;
    Ok(Secret(bytes))
}

/// A column of the database that holds sealed values: every one there is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// `items.wrapped_key`: the item's key, under the master key.
    ItemKey,
    /// `items.sealed`: file name, sender, subjects, purposes.
    ItemFields,
    /// `chat_context.sealed`: the chat messages around the recording.
    ChatContext,
    /// `notifications.sealed`: a notification decision.
    Notification,
    /// `uses.sealed`: a further use's purpose, recipient and summary.
    Use,
    /// `escalations.sealed`: why the team leaders were asked.
    Escalation,
    /// `escalations.note_sealed`: why a lead dismissed the request.
    EscalationNote,
    /// `responses.sealed`: a subject's response.
    Response,
    /// `access_requests.sealed`: who asked for access, and why it was extended.
    AccessRequest,
    /// `erasure_requests.sealed`: who asked for erasure, why it was extended and decided.
    ErasureRequest,
    /// `complaints.sealed`: the complaint's text.
    Complaint,
    /// `approvals.sealed`: the reason for a request, and a decline's.
    Approval,
    /// `waveforms.sealed`: the waveform overview.
    Waveform,
    /// `copies.sealed`: where a copy outside the store is.
    Copy,
    /// `certificates.sealed`: what a certificate of deletion says.
    Certificate,
    /// `uses.register`: when, for what and to whom a summary went (not the summary), with the
    /// store's key: the register of uses outlives the recording.
    UseRegister,
}

impl Column {
    /// Every sealed column.
    pub const ALL: [Column; 16] = [
        Column::ItemKey,
        Column::ItemFields,
        Column::ChatContext,
        Column::Notification,
        Column::Use,
        Column::Escalation,
        Column::EscalationNote,
        Column::Response,
        Column::AccessRequest,
        Column::ErasureRequest,
        Column::Complaint,
        Column::Approval,
        Column::Waveform,
        Column::Copy,
        Column::Certificate,
        Column::UseRegister,
    ];

    /// The table it is in.
    pub fn table(self) -> &'static str {
        match self {
            Column::ItemKey | Column::ItemFields => "items",
            Column::ChatContext => "chat_context",
            Column::Notification => "notifications",
            Column::Use | Column::UseRegister => "uses",
            Column::Escalation | Column::EscalationNote => "escalations",
            Column::Response => "responses",
            Column::AccessRequest => "access_requests",
            Column::ErasureRequest => "erasure_requests",
            Column::Complaint => "complaints",
            Column::Approval => "approvals",
            Column::Waveform => "waveforms",
            Column::Copy => "copies",
            Column::Certificate => "certificates",
        }
    }

    /// The column's name in its table.
    pub fn name(self) -> &'static str {
        match self {
            Column::ItemKey => "wrapped_key",
            Column::EscalationNote => "note_sealed",
            Column::UseRegister => "register",
            _ => "sealed",
        }
    }

    /// Whether the table holds one row per item, keyed by the item's id (`items` itself,
    /// `chat_context`, `waveforms`, `certificates`): the row is the item.
    pub fn one_per_item(self) -> bool {
        matches!(
            self,
            Column::ItemKey
                | Column::ItemFields
                | Column::ChatContext
                | Column::Waveform
                | Column::Certificate
        )
    }
}

/// Where a sealed value belongs: the item it is about (if any), its table and row (the row's
/// integer key) and its column. It is the value's associated data, so a value copied into
/// another row, column, table or item does not open there. Made only by the constructors
/// below, one per kind of row: nothing is sealed under a label of free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    item: Option<ItemId>,
    column: Column,
    row: i64,
}

impl Place {
    /// The version of the encoding below (`meta.seal_version`).
    pub const VERSION: u32 = 2;

    /// A value in `column` of row `row`, about `item`: what the store's walk over every sealed
    /// column (the upgrade, `doctor --deep`) makes from the row it reads.
    pub(crate) fn at(column: Column, item: Option<ItemId>, row: i64) -> Place {
        Place { item, column, row }
    }

    /// An item's key, in its own row.
    fn item_key(item: ItemId) -> Place {
        Place::at(Column::ItemKey, Some(item), item)
    }
    /// An item's personal fields, in its own row.
    pub fn item_fields(item: ItemId) -> Place {
        Place::at(Column::ItemFields, Some(item), item)
    }
    /// The chat messages around an item's recording (its row is the item's).
    pub fn chat_context(item: ItemId) -> Place {
        Place::at(Column::ChatContext, Some(item), item)
    }
    /// An item's waveform overview (its row is the item's).
    pub fn waveform(item: ItemId) -> Place {
        Place::at(Column::Waveform, Some(item), item)
    }
    /// The certificate of a deleted item (its row is the item's).
    pub fn certificate(item: ItemId) -> Place {
        Place::at(Column::Certificate, Some(item), item)
    }
    /// Notification decision `row` about `item`.
    pub fn notification(item: ItemId, row: i64) -> Place {
        Place::at(Column::Notification, Some(item), row)
    }
    /// Further use `row` of `item`.
    pub fn use_of(item: ItemId, row: i64) -> Place {
        Place::at(Column::Use, Some(item), row)
    }
    /// The register entry of further use `row` of `item` (outlives the item).
    pub fn use_register(item: ItemId, row: i64) -> Place {
        Place::at(Column::UseRegister, Some(item), row)
    }
    /// Request to the leads `row` about `item`: why it was made.
    pub fn escalation(item: ItemId, row: i64) -> Place {
        Place::at(Column::Escalation, Some(item), row)
    }
    /// Request to the leads `row` about `item`: why it was dismissed.
    pub fn escalation_note(item: ItemId, row: i64) -> Place {
        Place::at(Column::EscalationNote, Some(item), row)
    }
    /// Response `row` to `item`.
    pub fn response(item: ItemId, row: i64) -> Place {
        Place::at(Column::Response, Some(item), row)
    }
    /// Access request `row` for `item`.
    pub fn access_request(item: ItemId, row: i64) -> Place {
        Place::at(Column::AccessRequest, Some(item), row)
    }
    /// Erasure request `row` for `item`.
    pub fn erasure_request(item: ItemId, row: i64) -> Place {
        Place::at(Column::ErasureRequest, Some(item), row)
    }
    /// Copy outside the store `row` of `item`.
    pub fn copy(item: ItemId, row: i64) -> Place {
        Place::at(Column::Copy, Some(item), row)
    }
    /// Complaint `row`, about `item` if it names one.
    pub fn complaint(item: Option<ItemId>, row: i64) -> Place {
        Place::at(Column::Complaint, item, row)
    }
    /// Approval request `row`, about `item` if it names one.
    pub fn approval(item: Option<ItemId>, row: i64) -> Place {
        Place::at(Column::Approval, item, row)
    }

    pub fn column(&self) -> Column {
        self.column
    }
    pub fn row(&self) -> i64 {
        self.row
    }
    pub fn item(&self) -> Option<ItemId> {
        self.item
    }

    /// The associated data: `earshot-seal/2|item=12|table=uses|row=7|column=sealed`, with
    /// `item=-` for a row about no item, and `|blob=NAME` last for an item's key. Table and
    /// column come from a fixed list holding no `|`, item and row are integers, and the blob's
    /// name (the only free text) comes last: no two places give the same bytes.
    fn aad(&self, blob: Option<&str>) -> Vec<u8> {
        let item = match self.item {
            Some(i) => i.to_string(),
            None => "-".to_string(),
        };
        let mut s = format!(
            "earshot-seal/{}|item={item}|table={}|row={}|column={}",
            Place::VERSION,
            self.column.table(),
            self.row,
            self.column.name()
        );
        if let Some(b) = blob {
            s.push_str("|blob=");
            s.push_str(b);
        }
        s.into_bytes()
    }

    /// The associated data versions before seal version 2 used: the blob's name for a value
    /// sealed with its item's key (`store_scoped`: a complaint or approval sealed with the
    /// store's key instead), the item's id for copies and certificates.
    fn v1_label(&self, blob: Option<&str>, store_scoped: bool) -> Result<String, StoreError> {
        let by_item = |kind: &str| self.item.map(|i| format!("{kind}:{i}"));
        let by_blob = |kind: &str| blob.map(|b| format!("{kind}:{b}"));
        let label = match self.column {
            Column::ItemKey => by_blob("item-key"),
            Column::ItemFields => by_blob("item-fields"),
            Column::ChatContext => by_blob("chat-context"),
            Column::Notification => by_blob("notification"),
            Column::Use => by_blob("use"),
            Column::Escalation => by_blob("escalation"),
            Column::EscalationNote => by_blob("escalation-note"),
            Column::Response => by_blob("response"),
            Column::AccessRequest => by_blob("access"),
            // Made after seal version 2, so never sealed under it; a label like the others'
            // keeps the old sealing (and its test) whole.
            Column::ErasureRequest => by_blob("erasure"),
            Column::Complaint if store_scoped => Some("complaint:store".to_string()),
            Column::Complaint => by_blob("complaint"),
            Column::Approval if store_scoped => Some("approval:store".to_string()),
            Column::Approval => by_blob("approval"),
            Column::Waveform => by_blob("waveform"),
            Column::Copy => by_item("copy"),
            Column::Certificate => by_item("certificate"),
            // Never written by version 1 (the column came later); a label all the same, so the
            // tests' way back to version 1 can write one.
            Column::UseRegister => by_item("use-register"),
        };
        label
            .ok_or_else(|| StoreError::Integrity(StoreMsg::SealedBeforeUpgrade(self.spot()).into()))
    }

    /// The place in words, for a message.
    fn spot(&self) -> Spot {
        Spot {
            table: self.column.table().to_string(),
            row: self.row,
            column: self.column.name().to_string(),
        }
    }
}

/// An integrity failure of the upgrade, for a value that did not open under its old label.
fn v1_failure(e: StoreError, place: &Place) -> StoreError {
    match e {
        StoreError::Integrity(_) => {
            StoreError::Integrity(StoreMsg::SealedBeforeUpgrade(place.spot()).into())
        }
        other => other,
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

    /// Encrypts the key of item `item`, whose recording is the blob `blob`: bound to both and
    /// to the column that holds it (`items.wrapped_key` of row `item`).
    pub fn wrap(&self, item: ItemId, blob: &str, secret: &Secret) -> Result<Vec<u8>, StoreError> {
        let place = Place::item_key(item);
        seal_aad(&self.wrapping, &place.aad(Some(blob)), secret.bytes())
    }

    /// Opens the key of item `item` (see [`EpochKey::wrap`]): a key wrapped for another item
    /// or another blob does not open. Under epoch 0 (the master key, before epochs) keys were
    /// bound to their blob's name alone, and are opened so.
    pub fn unwrap(&self, item: ItemId, blob: &str, wrapped: &[u8]) -> Result<Secret, StoreError> {
        let place = Place::item_key(item);
        let plain = if self.epoch == 0 {
            let label = format!("item-key:{blob}");
            Zeroizing::new(
                open_aad(&self.wrapping, label.as_bytes(), wrapped, &place)
                    .map_err(|e| v1_failure(e, &place))?,
            )
        } else {
            Zeroizing::new(open_aad(
                &self.wrapping,
                &place.aad(Some(blob)),
                wrapped,
                &place,
            )?)
        };
        secret_of(&plain)
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

fn seal_aad(key: &Secret, aad: &[u8], plain: &[u8]) -> Result<Vec<u8>, StoreError> {
    let cipher = XChaCha20Poly1305::new(&(*key.bytes()).into());
    let nonce_bytes = random_bytes::<24>()?;
    let nonce = XNonce::from(nonce_bytes);
    let ct = cipher
        .encrypt(&nonce, Payload { msg: plain, aad })
        .map_err(|_| StoreError::Io(StoreMsg::EncryptFailed.into()))?;
    let mut out = Vec::with_capacity(24 + ct.len());
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&ct);
    Ok(out)
}

fn open_aad(key: &Secret, aad: &[u8], sealed: &[u8], place: &Place) -> Result<Vec<u8>, StoreError> {
    if sealed.len() < 24 + 16 {
        return Err(StoreError::Integrity(
            StoreMsg::SealedTruncated(place.spot()).into(),
        ));
    }
    let (nonce, ct) = sealed.split_at(24);
    let nonce: [u8; 24] = nonce
        .try_into()
        .map_err(|_| StoreError::Integrity(StoreMsg::BadNonce.into()))?;
    let cipher = XChaCha20Poly1305::new(&(*key.bytes()).into());
    cipher
        .decrypt(&XNonce::from(nonce), Payload { msg: ct, aad })
        .map_err(|_| StoreError::Integrity(StoreMsg::SealedAltered(place.spot()).into()))
}

/// Encrypts a small value (a name, a purpose) with XChaCha20-Poly1305 and a random nonce, bound
/// to its `place`: it opens only there.
pub fn seal(key: &Secret, place: &Place, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
    seal_aad(key, &place.aad(None), plain)
}

/// Opens a value sealed for `place`; one altered, or moved from anywhere else, is an integrity
/// failure naming the table, row and column.
pub fn open(key: &Secret, place: &Place, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
    open_aad(key, &place.aad(None), sealed, place)
}

pub fn seal_str(key: &Secret, place: &Place, s: &str) -> Result<Vec<u8>, StoreError> {
    seal(key, place, s.as_bytes())
}

pub fn open_str(key: &Secret, place: &Place, sealed: &[u8]) -> Result<String, StoreError> {
    String::from_utf8(open(key, place, sealed)?)
        .map_err(|_| StoreError::Integrity(StoreMsg::SealedNotText(place.spot()).into()))
}

/// Opens a value as versions before seal version 2 sealed it for what is now `place` (see
/// [`Place`]'s labels of then): for the upgrade, which seals it again for its place. One that
/// does not open is an integrity failure naming the table, row and column.
pub(crate) fn open_v1(
    key: &Secret,
    place: &Place,
    blob: Option<&str>,
    store_scoped: bool,
    sealed: &[u8],
) -> Result<Vec<u8>, StoreError> {
    let label = place.v1_label(blob, store_scoped)?;
    open_aad(key, label.as_bytes(), sealed, place).map_err(|e| v1_failure(e, place))
}

/// Seals as versions before seal version 2 did: for tests of the upgrade only.
#[cfg(test)]
pub(crate) fn seal_v1(
    key: &Secret,
    place: &Place,
    blob: Option<&str>,
    store_scoped: bool,
    plain: &[u8],
) -> Result<Vec<u8>, StoreError> {
    let label = place.v1_label(blob, store_scoped)?;
    seal_aad(key, label.as_bytes(), plain)
}

/// Wraps an item's key as versions before key epochs and seal version 2 did (under the master
/// key, bound to its blob's name alone): for tests of the upgrade only; nothing in earshot
/// writes it.
#[doc(hidden)]
pub fn wrap_v1(master: &MasterKey, blob: &str, secret: &Secret) -> Result<Vec<u8>, StoreError> {
    seal_aad(
        &master.0,
        format!("item-key:{blob}").as_bytes(),
        secret.bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_keys_are_bound_to_their_item_and_blob() {
        let ek = EpochKey::from_secret(1, &Secret::random().unwrap());
        let item = Secret::random().unwrap();
        let w = ek.wrap(7, "blob-a", &item).unwrap();
        assert_eq!(ek.unwrap(7, "blob-a", &w).unwrap().bytes(), item.bytes());
        assert!(ek.unwrap(7, "blob-b", &w).is_err(), "another blob");
        let e = ek.unwrap(8, "blob-a", &w).unwrap_err();
        assert!(matches!(e, StoreError::Integrity(_)), "{e:?}");
        assert!(
            e.to_string().contains("items row 8, column wrapped_key"),
            "{e}"
        );
        let mut bad = w.clone();
        bad[30] ^= 1;
        assert!(ek.unwrap(7, "blob-a", &bad).is_err());
        // A key wrapped as versions before epochs did (under the master key, bound to its
        // blob alone) opens only as epoch 0's.
        let dir = tempfile::tempdir().unwrap();
        let mk = MasterKey::create(&dir.path().join("k/master.key")).unwrap();
        let old = wrap_v1(&mk, "blob-a", &item).unwrap();
        assert!(ek.unwrap(7, "blob-a", &old).is_err());
        assert_eq!(
            mk.legacy_epoch().unwrap(7, "blob-a", &old).unwrap().bytes(),
            item.bytes()
        );
        let e = mk.legacy_epoch().unwrap(7, "blob-b", &old).unwrap_err();
        assert!(
            e.to_string().contains("items row 7, column wrapped_key"),
            "{e}"
        );
    }

    #[test]
    fn each_secret_serves_one_purpose() {
        let secret = Secret::random().unwrap();
        let item = Secret::random().unwrap();
        let e1 = EpochKey::from_secret(1, &secret);
        let w = e1.wrap(1, "blob-a", &item).unwrap();
        // Not under the raw secret: that is never a cipher key.
        assert!(open_aad(&secret, b"item-key:blob-a", &w, &Place::item_key(1)).is_err());
        assert!(
            open_aad(
                &secret,
                &Place::item_key(1).aad(Some("blob-a")),
                &w,
                &Place::item_key(1)
            )
            .is_err()
        );
        // Bound to its epoch's number: the same file read as another epoch opens nothing.
        assert!(
            EpochKey::from_secret(2, &secret)
                .unwrap(1, "blob-a", &w)
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
        let legacy = seal_aad(&raw, b"item-key:blob-a", item.bytes()).unwrap();
        assert_eq!(
            mk.legacy_epoch()
                .unwrap(1, "blob-a", &legacy)
                .unwrap()
                .bytes(),
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
        let w = EpochKey::from_secret(2, &s).wrap(4, "b", &item).unwrap();
        let loaded = EpochKey::load(&k, 2).unwrap();
        assert_eq!(loaded.epoch(), 2);
        assert_eq!(loaded.unwrap(4, "b", &w).unwrap().bytes(), item.bytes());
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
    fn fields_are_bound_to_their_item_table_row_and_column() {
        let k = Secret::random().unwrap();
        let here = Place::use_of(12, 7);
        let s = seal_str(&k, &here, "Jan").unwrap();
        assert_eq!(open_str(&k, &here, &s).unwrap(), "Jan");
        assert!(!s.windows(3).any(|w| w == b"Jan"));
        let s2 = seal_str(&k, &here, "Jan").unwrap();
        assert_ne!(s, s2, "random nonces: equal names do not look equal");
        // Anywhere else it does not open: another row, another item, another column of the
        // same table, another table with the same row, a row about no item.
        for elsewhere in [
            Place::use_of(12, 8),
            Place::use_of(13, 7),
            Place::notification(12, 7),
            Place::escalation(12, 7),
            Place::escalation_note(12, 7),
            Place::complaint(Some(12), 7),
            Place::complaint(None, 7),
            Place::item_fields(12),
        ] {
            let e = open_str(&k, &elsewhere, &s).unwrap_err();
            assert!(
                matches!(e, StoreError::Integrity(_)),
                "{elsewhere:?}: {e:?}"
            );
            let named = format!(
                "{} row {}, column {}",
                elsewhere.column().table(),
                elsewhere.row(),
                elsewhere.column().name()
            );
            assert!(e.to_string().contains(&named), "{e}");
        }
        // Cut short, or not text.
        let e = open_str(&k, &here, &s[..30]).unwrap_err();
        assert!(e.to_string().contains("uses row 7, column sealed"), "{e}");
        let bin = seal(&k, &here, &[0xff, 0xfe]).unwrap();
        let e = open_str(&k, &here, &bin).unwrap_err();
        assert!(e.to_string().contains("uses row 7, column sealed"), "{e}");
    }

    #[test]
    fn the_binding_is_one_canonical_text_per_place() {
        assert_eq!(
            Place::use_of(12, 7).aad(None),
            b"earshot-seal/2|item=12|table=uses|row=7|column=sealed".to_vec()
        );
        assert_eq!(
            Place::complaint(None, 3).aad(None),
            b"earshot-seal/2|item=-|table=complaints|row=3|column=sealed".to_vec()
        );
        assert_eq!(
            Place::escalation_note(1, 2).aad(None),
            b"earshot-seal/2|item=1|table=escalations|row=2|column=note_sealed".to_vec()
        );
        assert_eq!(
            Place::item_key(5).aad(Some("ab")),
            b"earshot-seal/2|item=5|table=items|row=5|column=wrapped_key|blob=ab".to_vec()
        );
        // Every column, with a few items and rows: no two places share their bytes.
        let mut seen = std::collections::HashSet::new();
        for c in Column::ALL {
            for item in [None, Some(1), Some(12), Some(-1)] {
                for row in [1, 2, 12, 21, -1] {
                    let p = Place::at(c, item, row);
                    assert!(seen.insert(p.aad(None)), "{p:?}");
                }
            }
        }
        // Each column is named once, and the table and column are what the schema calls them.
        let names: std::collections::HashSet<_> =
            Column::ALL.iter().map(|c| (c.table(), c.name())).collect();
        assert_eq!(names.len(), Column::ALL.len());
    }

    #[test]
    fn values_sealed_under_the_old_labels_open_only_for_the_upgrade() {
        let k = Secret::random().unwrap();
        let p = Place::response(4, 9);
        let old = seal_v1(&k, &p, Some("blob-a"), false, b"x").unwrap();
        assert!(open(&k, &p, &old).is_err());
        assert_eq!(open_v1(&k, &p, Some("blob-a"), false, &old).unwrap(), b"x");
        // The old labels did not name the row: another response of the same item opened too.
        assert!(open_v1(&k, &Place::response(4, 10), Some("blob-a"), false, &old).is_ok());
        let e = open_v1(&k, &p, Some("blob-b"), false, &old).unwrap_err();
        assert!(matches!(e, StoreError::Integrity(_)));
        assert!(
            e.to_string().contains("responses row 9, column sealed"),
            "{e}"
        );
        // Store-wide ones: a fixed label, or the item's id.
        let c = Place::complaint(Some(4), 2);
        let old = seal_v1(&k, &c, None, true, b"y").unwrap();
        assert_eq!(open_v1(&k, &c, None, true, &old).unwrap(), b"y");
        assert!(open_v1(&k, &c, Some("blob-a"), false, &old).is_err());
        let cert = Place::certificate(4);
        let old = seal_v1(&k, &cert, None, true, b"z").unwrap();
        assert_eq!(open_v1(&k, &cert, None, true, &old).unwrap(), b"z");
        assert!(open_v1(&k, &Place::certificate(5), None, true, &old).is_err());
    }
}
