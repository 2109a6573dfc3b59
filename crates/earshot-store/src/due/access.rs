//! Subject access (GDPR art. 15): requests, their clock, and the export of a copy.

use crate::backend::{Db, DbExt, Q, args};
use std::fs::{self};
use std::io::{self, Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::files::HashingWriter;
use super::views::*;
use super::*;
use crate::crypto::{Column, Place};
use crate::rows::{Loaded, deleted_err, load_row};
use crate::sealing::next_row;
use crate::{AuditWriter, Result, Store, StoreError, crypto};
use earshot_core::audit::{Event, ExportedFileRecord, keyed_hash};
use earshot_core::deadlines::AccessClock;
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::model::ItemId;

impl Store {
    /// Access requests, for one item or all.
    pub fn access_requests(&self, item: Option<ItemId>) -> Result<Vec<AccessView>> {
        let today = self.today();
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            i64,
            Option<Vec<u8>>,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        )> = self
            .conn
            .all(Q::AccessRequests, args![item], |r| r.tuple())?;
        let mut out = Vec::new();
        for (
            aid,
            item,
            sealed,
            requested,
            due,
            extended,
            status,
            approved_by,
            granted_by,
            granted_at,
            export,
            by,
            at,
        ) in rows
        {
            let p: Option<AccessPrivate> = match sealed {
                Some(s) => {
                    let row = load_row(self.db(), item)?;
                    match self.item_keys(&row)? {
                        Some(k) => Some(decode(
                            &crypto::open_str(&k.fields, &Place::access_request(item, aid), &s)?,
                            DueMsg::AccessUnreadable,
                        )?),
                        None => None,
                    }
                }
                None => None,
            };
            let clock = AccessClock {
                requested_on: parse_day(&requested)?,
                due_original: parse_day(&due)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            out.push(AccessView {
                id: aid,
                item,
                subject: p.as_ref().map(|p| p.subject.clone()),
                requested_on: clock.requested_on,
                due_on: clock.due(),
                due_original: clock.due_original,
                extended_to: clock.extended_to,
                extension_reason: p.and_then(|p| p.extension_reason),
                overdue: status == "open" && clock.overdue(today),
                status,
                approved_by,
                granted_by,
                granted_at,
                export_sha256: export,
                recorded_by: by,
                recorded_at: at,
            });
        }
        Ok(out)
    }

    pub(super) fn open_request_for(
        tx: &dyn Db,
        id: ItemId,
        key: &str,
    ) -> Result<Option<(i64, String, Option<String>)>> {
        tx.opt(Q::OpenAccessRequestFor, args![id, key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn insert_access_request(
        &self,
        tx: &dyn Db,
        log: &mut AuditWriter,
        actor: &str,
        l: &Loaded,
        subject: &str,
        key: &str,
        on: NaiveDate,
    ) -> Result<i64> {
        let keys = l.keys.as_ref().ok_or_else(|| deleted_err(l.row.id))?;
        let clock = AccessClock::new(on);
        let aid = next_row(tx, Column::AccessRequest)?;
        let sealed = crypto::seal_str(
            &keys.fields,
            &Place::access_request(l.row.id, aid),
            &encode(&AccessPrivate {
                subject: subject.to_string(),
                extension_reason: None,
            })?,
        )?;
        tx.exec(
            Q::InsertAccessRequest,
            args![
                l.row.id,
                key,
                sealed,
                on.to_string(),
                clock.due().to_string(),
                actor,
                log.at,
                aid
            ],
        )?;
        log.append(
            tx,
            actor,
            Some(l.row.id),
            &Event::AccessRequest {
                request: aid,
                subject: key.to_string(),
                requested_on: on,
                due_on: clock.due(),
            },
        )?;
        Ok(aid)
    }

    /// Opens a subject's access request (one month to answer). Never depends on the stage or
    /// on anyone's consent.
    pub fn access_request(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        received_on: Option<NaiveDate>,
    ) -> Result<AccessView> {
        self.user(actor)?;
        let on = self.past_or_today(received_on, DateOf::RequestReceived)?;
        let aid = self.write(|tx, log| {
            let l = self.load(tx, id)?;
            let (p, key) = subject_key(&l, subject)?;
            if let Some((open, ..)) = Self::open_request_for(tx, id, &key)? {
                return Err(StoreError::BadInput(
                    DueMsg::AccessOpen {
                        name: p.name.clone(),
                        id,
                        open,
                    }
                    .into(),
                ));
            }
            self.insert_access_request(tx, log, actor, &l, &p.name, &key, on)
        })?;
        self.access_view(aid)
    }

    pub(super) fn access_view(&self, aid: i64) -> Result<AccessView> {
        self.access_requests(None)?
            .into_iter()
            .find(|a| a.id == aid)
            .ok_or_else(|| StoreError::BadInput(DueMsg::NoAccessRequest { id: aid }.into()))
    }

    /// Extends a subject's open access request once, by one or two months, with a reason.
    pub fn access_extend(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        months: u32,
        reason: &str,
    ) -> Result<AccessView> {
        self.user(actor)?;
        let reason = non_empty(Field::ExtensionReason, reason)?;
        let today = self.today();
        let aid = self.write(|tx, log| {
            let l = self.load(tx, id)?;
            let (p, key) = subject_key(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let Some((aid, due, extended)) = Self::open_request_for(tx, id, &key)? else {
                return Err(StoreError::BadInput(
                    DueMsg::NoOpenAccess {
                        name: p.name.clone(),
                        id,
                    }
                    .into(),
                ));
            };
            let (requested_on, sealed): (String, Option<Vec<u8>>) =
                tx.one(Q::AccessRequestDates, args![aid], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let clock = AccessClock {
                requested_on: parse_day(&requested_on)?,
                due_original: parse_day(&due)?,
                extended_to: extended.as_deref().map(parse_day).transpose()?,
            };
            let new = clock
                .extend(months, today)
                .map_err(|why| StoreError::BadInput(DueMsg::NoExtension { why }.into()))?;
            let place = Place::access_request(id, aid);
            let mut private: AccessPrivate = match sealed {
                Some(s) => decode(
                    &crypto::open_str(&keys.fields, &place, &s)?,
                    DueMsg::AccessUnreadable,
                )?,
                None => AccessPrivate::default(),
            };
            private.extension_reason = Some(reason.clone());
            let sealed = crypto::seal_str(&keys.fields, &place, &encode(&private)?)?;
            let to = new.due().to_string();
            tx.exec(Q::ExtendAccessRequest, args![aid, to, sealed])?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::AccessExtend {
                    request: aid,
                    months,
                    to: new.due(),
                    reason: keyed_hash(keys.audit.bytes(), &reason),
                },
            )?;
            Ok(aid)
        })?;
        self.access_view(aid)
    }

    /// Grants a subject access with a team leader's approval: the gate's `SubjectAccess`, which
    /// never asks for the sender's (or anyone else's) consent. Opens a request if none is open.
    /// `identity_checked` says how the requester's identity was checked (AVG art. 12(6)): the
    /// log keeps its keyed hash, the permit the words, for the statement.
    pub fn access_grant(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        approved_by: &str,
        pin: Option<&str>,
        identity_checked: &str,
    ) -> Result<AccessPermit> {
        let identity_checked = identity_checked.trim();
        if identity_checked.is_empty() {
            return Err(StoreError::BadInput(
                ItemMsg::Empty {
                    field: Field::IdentityChecked,
                }
                .into(),
            ));
        }
        let user = self.user(actor)?;
        let (approver, other_leads) =
            self.overseer(&user, approved_by, &crate::LeadProof::from_pin(pin))?;
        let today = self.today();
        self.write_gated(actor, Some(id), Action::SubjectAccess, |tx, log| {
            let l = self.load(tx, id)?;
            let o = Oversight {
                supervisor: None,
                approver: Some(&approver),
                other_leads,
                ..Default::default()
            };
            if let Err(m) = gate::check(Action::SubjectAccess, &l.facts, &user, o) {
                return Ok(Err(m));
            }
            let (p, key) = subject_key(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let aid = match Self::open_request_for(tx, id, &key)? {
                Some((aid, ..)) => aid,
                None => self.insert_access_request(tx, log, actor, &l, &p.name, &key, today)?,
            };
            tx.exec(Q::ApproveAccessRequest, args![aid, approver.name])?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::AccessGrant {
                    request: aid,
                    subject: key.clone(),
                    approved_by: approver.name.clone(),
                    consent_asked: false,
                    identity_checked: Some(keyed_hash(keys.audit.bytes(), identity_checked)),
                },
            )?;
            Ok(Ok(AccessPermit {
                receipt: AccessReceipt {
                    request: aid,
                    item: id,
                    subject: p.name.clone(),
                    user: user.name.clone(),
                    approved_by: approver.name.clone(),
                    identity_checked: identity_checked.to_string(),
                },
            }))
        })
    }

    /// Writes the recording, decrypted, as the original file to `path` (0600, written in place:
    /// no copy elsewhere), and checks its SHA-256 against the one taken at import. On a
    /// mismatch the file is removed. The permit is used up; the receipt records the export
    /// ([`Store::access_exported`]).
    pub fn export_for_access(
        &self,
        permit: AccessPermit,
        path: &Path,
        force: bool,
    ) -> Result<(ExportedFile, AccessReceipt)> {
        let permit = permit.receipt;
        let row = load_row(self.db(), permit.item)?;
        let mut rec = self.open_recording(permit.item)?;
        let file = create_private_file(path, force)?;
        let mut w = HashingWriter {
            inner: io::BufWriter::new(file),
            hasher: Sha256::new(),
            n: 0,
        };
        let copied = (|| -> io::Result<()> {
            let mut buf = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
            loop {
                let n = match rec.reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                w.write_all(&buf[..n])?;
            }
            w.flush()?;
            w.inner.get_ref().sync_all()
        })();
        let sha = hex::encode(w.hasher.clone().finalize());
        if let Err(e) = copied {
            let _ = fs::remove_file(path);
            return Err(StoreError::Integrity(
                DueMsg::ExportFailed {
                    item: permit.item,
                    detail: e.to_string(),
                    cleaned: true,
                }
                .into(),
            ));
        }
        if sha != row.sha256 || w.n as i64 != row.size {
            let _ = fs::remove_file(path);
            return Err(StoreError::Integrity(
                DueMsg::ExportMismatch {
                    item: permit.item,
                    removed: true,
                }
                .into(),
            ));
        }
        let file = ExportedFile {
            kind: "recording".into(),
            path: path.to_path_buf(),
            sha256: sha,
            size: w.n,
        };
        Ok((file, permit))
    }

    /// Like [`Store::export_for_access`], for a client of the guardian: the recording,
    /// decrypted and checked against its SHA-256, is returned in memory (never written here)
    /// for the client to write at `path` on its own machine.
    pub fn export_for_access_in_memory(
        &self,
        permit: AccessPermit,
        path: &Path,
    ) -> Result<(zeroize::Zeroizing<Vec<u8>>, ExportedFile, AccessReceipt)> {
        let permit = permit.receipt;
        let row = load_row(self.db(), permit.item)?;
        let mut rec = self.open_recording(permit.item)?;
        let mut bytes = zeroize::Zeroizing::new(Vec::new());
        rec.reader.read_to_end(&mut bytes).map_err(|e| {
            StoreError::Integrity(
                DueMsg::ExportFailed {
                    item: permit.item,
                    detail: e.to_string(),
                    cleaned: false,
                }
                .into(),
            )
        })?;
        let sha = hex::encode(Sha256::digest(&bytes[..]));
        if sha != row.sha256 || bytes.len() as i64 != row.size {
            return Err(StoreError::Integrity(
                DueMsg::ExportMismatch {
                    item: permit.item,
                    removed: false,
                }
                .into(),
            ));
        }
        let file = ExportedFile {
            kind: "recording".into(),
            path: path.to_path_buf(),
            sha256: sha,
            size: bytes.len() as u64,
        };
        Ok((bytes, file, permit))
    }

    /// Registers the recording just written for the subject ([`Store::export_for_access`]) as
    /// a copy outside the store handed to them: listed in the certificate and the statement,
    /// never outstanding (it is theirs). Its place names the access request, not the subject.
    pub fn access_handed(&mut self, permit: &AccessReceipt) -> Result<i64> {
        let location = format!(
            "copy handed to the subject (access request {})",
            permit.request
        );
        let master = self.master.clone();
        self.write(|tx, log| {
            crate::copies::insert_copy(
                tx,
                log,
                &master,
                &permit.user,
                permit.item,
                crate::copies::NewCopy {
                    location: &location,
                    kind: earshot_core::model::CopyKind::Handed,
                    request: Some(permit.request),
                },
            )
        })
    }

    /// Marks the request granted, with the hashes of what was handed out; for a copy with
    /// parts made silent, the log keeps the ranges, a keyed hash of the reason and the copy's
    /// SHA-256.
    pub fn access_exported(
        &mut self,
        permit: &AccessReceipt,
        files: &[ExportedFile],
        muted: Option<&super::MutedExport>,
    ) -> Result<AccessView> {
        let rec = files
            .iter()
            .find(|f| f.kind == "recording" || f.kind == super::MUTED_KIND)
            .map(|f| f.sha256.clone());
        let mute_reason = match muted {
            Some(m) => {
                let row = load_row(self.db(), permit.item)?;
                let keys = self
                    .item_keys(&row)?
                    .ok_or_else(|| deleted_err(permit.item))?;
                Some(keyed_hash(keys.audit.bytes(), m.reason.trim()))
            }
            None => None,
        };
        self.write(|tx, log| {
            tx.exec(
                Q::MarkAccessGranted,
                args![permit.request, permit.user, log.at, rec],
            )?;
            let list = files
                .iter()
                .map(|f| ExportedFileRecord {
                    kind: f.kind.clone(),
                    sha256: f.sha256.clone(),
                    size: f.size,
                })
                .collect();
            log.append(
                tx,
                &permit.user,
                Some(permit.item),
                &Event::AccessExported {
                    request: permit.request,
                    files: list,
                    muted: muted.map(|m| m.ranges_ms.clone()).unwrap_or_default(),
                    mute_reason: mute_reason.clone(),
                    copy_sha256: muted.and(rec.clone()),
                },
            )?;
            Ok(())
        })?;
        self.access_view(permit.request)
    }

    // ----- complaints -----
}
