//! Intake: recordings that arrive from outside one at a time (the files of a chat export, the
//! drop folder), each committed on its own so that one bad file never stops the rest.
//!
//! The bytes come from an [`IntakeSource`] (a file, or an entry of a zip archive streamed
//! straight into the vault's sealer: no plaintext copy is ever written). Each file is probed,
//! sealed into the vault under its own key, and committed in one transaction together with its
//! chat context (sealed with the item's field key, so it is shredded with the item), the known
//! copy it came from (the phone) and its audit entries. A file that fails leaves nothing behind:
//! its blob is removed and its transaction never happened, so not even its case is created.

use crate::backend::{DbExt, Q, args};
use crate::settings::INBOX_KEY;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, crypto, stamp};
use crate::crypto::Place;
use crate::items::{ImportedItem, NewItem, insert_item, validate_case_id};
use crate::msg::{Folder, ItemMsg};
use crate::rows::{deleted_err, load_row};
use earshot_core::audit::{Event, InboxKey, SettingChange, Via};
use earshot_core::gate::{self, Action};
use earshot_core::media::{AudioRead, Probe};
use earshot_core::model::{Channel, ItemId};

/// Somewhere the bytes of one recording can be read from, as often as needed.
pub trait IntakeSource {
    /// How many bytes the recording has (what was seen when it was found).
    fn len(&self) -> u64;
    /// Whether it is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// A fresh reader from its first byte.
    fn open(&self) -> io::Result<Box<dyn AudioRead>>;
}

/// A message of the chat around an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextMessage {
    /// Local time as the phone wrote it ("2024-03-12 19:04").
    pub at: Option<String>,
    /// Display name; none for a system message.
    pub sender: Option<String>,
    pub text: String,
    /// This is the message the recording was attached to.
    pub attachment: bool,
}

/// The chat around one imported attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatContext {
    /// Where it came from: `whatsapp`.
    pub source: String,
    pub messages: Vec<ContextMessage>,
}

/// One recording to import, with what is known about it.
#[derive(Debug, Clone)]
pub struct IntakeFile<'a> {
    pub case: &'a str,
    pub received_by: &'a str,
    pub channel: Channel,
    /// The sender, as far as known (a chat's display name).
    pub from: Option<&'a str>,
    /// When it was received (a chat message's time); now if not given.
    pub received_at: Option<DateTime<Utc>>,
    /// The file's name, kept encrypted with the item.
    pub file_name: &'a str,
    /// A file extension that helps the probe.
    pub hint: Option<&'a str>,
    pub context: Option<&'a ChatContext>,
    /// A copy outside the store to register with the item ("phone of wim (WhatsApp)").
    pub copy_location: Option<&'a str>,
    /// How it came in, for the audit log.
    pub via: Via,
}

/// What importing one file did.
#[derive(Debug, Clone)]
pub enum IntakeOutcome {
    Imported {
        item: ImportedItem,
        /// The registered copy outside the store, if one was asked for.
        copy: Option<i64>,
    },
    /// The same recording (same SHA-256) is already a live item of the case.
    Duplicate { item: ItemId, sha256: String },
}

/// A reader that hands out exactly `len` bytes and reports them: a source that grows (an
/// endless file) or shrinks while it is read is refused.
struct Exact<'a> {
    inner: Box<dyn AudioRead>,
    left: u64,
    len: u64,
    on_bytes: &'a mut dyn FnMut(u64),
}

impl Read for Exact<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One more byte would mean the source is longer than it was.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("it grew beyond {} bytes while being read", self.len),
                )),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "it ended after {} of {} bytes while being read",
                    self.len - self.left,
                    self.len
                ),
            ));
        }
        self.left -= n as u64;
        (self.on_bytes)(n as u64);
        Ok(n)
    }
}

impl Store {
    /// Checks what a batch needs before any file is read: the acting user, the receiver and
    /// the case id.
    pub fn check_intake(&self, actor: &str, case: &str, received_by: &str) -> Result<()> {
        self.user(actor)?;
        self.user(received_by)?;
        validate_case_id(case)
    }

    /// The live item of `case` holding a recording with this SHA-256, if any.
    pub fn item_with_sha256(&self, case: &str, sha256: &str) -> Result<Option<ItemId>> {
        self.conn
            .opt(Q::SameContentInCase, args![case, sha256], |r| r.get(0))
    }

    /// Imports one recording on its own: probe, seal into the vault, then one transaction with
    /// the item, its chat context, its known copy and the audit entries. `on_bytes` hears of
    /// every block read; `before_commit` may still refuse (the drop folder checks that the file
    /// did not change while it was read). On any failure nothing is left behind.
    pub fn import_one(
        &mut self,
        actor: &str,
        f: &IntakeFile<'_>,
        src: &dyn IntakeSource,
        probe: Probe,
        on_bytes: &mut dyn FnMut(u64),
        before_commit: &mut dyn FnMut() -> std::result::Result<(), String>,
    ) -> Result<IntakeOutcome> {
        self.check_intake(actor, f.case, f.received_by)?;
        self.vault_ready()?;
        let reader = src.open().map_err(|e| {
            StoreError::BadInput(
                ItemMsg::FileUnreadable {
                    shown: f.file_name.to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        let mut exact = Exact {
            inner: reader,
            left: src.len(),
            len: src.len(),
            on_bytes,
        };
        let (blob, secret, sealed) = self.seal_blob(&mut exact, f.file_name, &|_| {})?;
        self.vault_synced()?;
        before_commit().map_err(|why| {
            StoreError::BadInput(
                ItemMsg::FileStopped {
                    file: f.file_name.to_string(),
                    why,
                }
                .into(),
            )
        })?;
        let received_at = stamp(f.received_at.unwrap_or_else(|| self.now()));
        let master = self.master.clone();
        let epochs = std::sync::Arc::clone(&self.epochs);
        let now = stamp(self.now());
        let outcome = self.write(|tx, log| {
            let dup: Option<ItemId> =
                tx.opt(Q::SameContentInCase, args![f.case, sealed.sha256], |r| {
                    r.get(0)
                })?;
            if let Some(item) = dup {
                return Ok(IntakeOutcome::Duplicate {
                    item,
                    sha256: sealed.sha256.clone(),
                });
            }
            tx.exec(Q::InsertCase, args![f.case, now])?;
            let (id, keys) = insert_item(
                tx,
                log,
                &epochs,
                actor,
                &blob,
                &secret,
                &sealed,
                &NewItem {
                    case: f.case,
                    received_at: &received_at,
                    received_given: f.received_at.is_some(),
                    received_by: f.received_by,
                    channel: f.channel,
                    from: f.from,
                    file_name: f.file_name,
                    probe: &probe,
                },
            )?;
            let mut detail = Event::IntakeItem {
                via: f.via,
                context_messages: None,
            };
            if let Some(ctx) = f.context {
                let text = crate::encode(ctx)?;
                let sealed_ctx = crypto::seal_str(&keys.fields, &Place::chat_context(id), &text)?;
                tx.exec(Q::InsertChatContext, args![id, sealed_ctx, ctx.source, now])?;
                if let Event::IntakeItem {
                    context_messages, ..
                } = &mut detail
                {
                    *context_messages = Some(ctx.messages.len());
                }
            }
            log.append(tx, actor, Some(id), &detail)?;
            let copy = match f.copy_location {
                Some(loc) => Some(crate::copies::insert_copy(
                    tx,
                    log,
                    &master,
                    actor,
                    id,
                    crate::copies::NewCopy::held(loc),
                )?),
                None => None,
            };
            Ok(IntakeOutcome::Imported {
                item: ImportedItem {
                    id,
                    case: f.case.to_string(),
                    file: f.file_name.to_string(),
                    sha256: sealed.sha256.clone(),
                    size: sealed.size,
                    format: probe.container.clone(),
                    codec: probe.codec.clone(),
                    duration_s: probe.duration_ms as f64 / 1000.0,
                    same_recording: super::items::same_recording(tx, &sealed.sha256, id)?,
                },
                copy,
            })
        })?;
        if matches!(outcome, IntakeOutcome::Imported { .. }) {
            blob.keep();
        }
        // A duplicate's blob is dropped here, which removes it.
        Ok(outcome)
    }

    /// The chat messages around the attachment an item was imported from (decrypted), if it
    /// came from a chat and has not been deleted.
    pub fn chat_context(&self, item: ItemId) -> Result<Option<ChatContext>> {
        let row = load_row(self.db(), item)?;
        let sealed: Option<Option<Vec<u8>>> =
            self.conn.opt(Q::ChatContext, args![item], |r| r.get(0))?;
        let Some(Some(sealed)) = sealed else {
            return Ok(None);
        };
        let keys = self.item_keys(&row)?.ok_or_else(|| deleted_err(item))?;
        let text = crypto::open_str(&keys.fields, &Place::chat_context(item), &sealed)?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|_| StoreError::Integrity(ItemMsg::ChatContextUnreadable { item }.into()))
    }

    /// Appends an audit entry about a whole intake run (counts and ids only, never names).
    pub fn log_intake(&mut self, actor: &str, event: &Event) -> Result<()> {
        self.user(actor)?;
        self.write(|tx, log| {
            log.append(tx, actor, None, event)?;
            Ok(())
        })
    }

    /// Logs that the guardian refused a connection from a login that is not on the team.
    pub fn log_stranger(&mut self, login: &str, uid: u32) -> Result<()> {
        self.write(|tx, log| {
            log.append(tx, login, None, &Event::GuardianStranger { uid })?;
            Ok(())
        })
    }

    /// The drop folder, if one is set.
    pub fn inbox_dir(&self) -> Result<Option<PathBuf>> {
        self.folder_setting(Folder::Inbox)
    }

    /// Sets the drop folder (team leaders only): an existing directory outside the store, given
    /// as an absolute path; `off` (or an empty value) unsets it.
    pub fn set_inbox(&mut self, actor: &str, value: &str) -> Result<Option<PathBuf>> {
        self.set_folder(actor, Folder::Inbox, value)
    }

    /// The folder a setting names, if it is set.
    pub(crate) fn folder_setting(&self, folder: Folder) -> Result<Option<PathBuf>> {
        let (key, _, _) = folder_setting(folder);
        let v: Option<String> = self.conn.opt(Q::Setting, args![key], |r| r.get(0))?;
        Ok(v.filter(|v| !v.is_empty()).map(PathBuf::from))
    }

    /// Sets (or with `off`, unsets) the folder a setting names, a team leader's action.
    pub(crate) fn set_folder(
        &mut self,
        actor: &str,
        folder: Folder,
        value: &str,
    ) -> Result<Option<PathBuf>> {
        let me = self.user(actor)?;
        let new = self.folder_outside_store(folder, value)?;
        let text = new
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (key, action, logged) = folder_setting(folder);
        self.write_gated(actor, None, action, |tx, log| {
            if let Err(m) = gate::check_team(action, &me) {
                return Ok(Err(m));
            }
            tx.exec(Q::UpsertSetting, args![key, text])?;
            log.append(
                tx,
                actor,
                None,
                &Event::SettingsSet(SettingChange::Inbox {
                    key: logged,
                    set: new.is_some(),
                }),
            )?;
            Ok(Ok(()))
        })?;
        Ok(new)
    }

    /// A folder a setting names: `None` for `off` or nothing, else an existing directory,
    /// given as an absolute path (no link followed), that neither holds the store nor lies in
    /// it; its canonical path.
    pub(crate) fn folder_outside_store(
        &self,
        folder: Folder,
        value: &str,
    ) -> Result<Option<PathBuf>> {
        let value = value.trim();
        if value.is_empty() || value.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let bad = |m: ItemMsg| StoreError::BadInput(m.into());
        let unusable = |e: std::io::Error| {
            bad(ItemMsg::FolderUnusable {
                folder,
                value: value.to_string(),
                detail: e.to_string(),
            })
        };
        let p = Path::new(value);
        if !p.is_absolute() {
            return Err(bad(ItemMsg::FolderNotAbsolute {
                folder,
                value: value.to_string(),
            }));
        }
        if !std::fs::symlink_metadata(p).map_err(unusable)?.is_dir() {
            return Err(bad(ItemMsg::FolderNotDir {
                folder,
                value: value.to_string(),
                links: true,
            }));
        }
        let canon = p.canonicalize().map_err(unusable)?;
        let store = self.dir.canonicalize().unwrap_or_else(|_| self.dir.clone());
        if canon.starts_with(&store) || store.starts_with(&canon) {
            return Err(bad(ItemMsg::FolderInsideStore {
                folder,
                value: value.to_string(),
            }));
        }
        Ok(Some(canon))
    }
}

/// A folder setting's key, the gate action that changes it, and its name in the log.
fn folder_setting(folder: Folder) -> (&'static str, Action, InboxKey) {
    match folder {
        Folder::Inbox => (INBOX_KEY, Action::ChangeInbox, InboxKey::Inbox),
        Folder::Checkpoints => (
            crate::settings::CHECKPOINT_DIR_KEY,
            Action::ChangeSettings,
            InboxKey::CheckpointDir,
        ),
    }
}
