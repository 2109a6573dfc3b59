//! Letters written to the people on a recording, and their responses.

use crate::backend::{DbExt, Q, args};
use chrono::NaiveDate;

use super::views::*;
use super::*;
use crate::crypto::{Column, Place};
use crate::rows::deleted_err;
use crate::sealing::next_row;
use crate::{Result, Store, StoreError, crypto};
use earshot_core::audit::{Event, LetterFormat, LetterKind, keyed_hash};
use earshot_core::gate::{self, Action, Oversight};
use earshot_core::lang::Lang;
use earshot_core::model::ItemId;

impl Store {
    /// Letters written about an item.
    pub fn letters(&self, id: ItemId) -> Result<Vec<LetterView>> {
        let l = self.load(self.db(), id)?;
        let names = Self::subject_names(&l);
        let rows = self.conn.all(Q::LettersOf, args![id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for (lid, key, kind, lang, format, sha256, head, respond_by, by, at) in rows {
            out.push(LetterView {
                id: lid,
                item: id,
                subject: names
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, n)| n.clone()),
                kind,
                lang,
                format,
                sha256,
                audit_head: head,
                respond_by: respond_by.as_deref().map(parse_day).transpose()?,
                written_by: by,
                written_at: at,
            });
        }
        Ok(out)
    }

    /// Responses of subjects to an item.
    pub fn responses(&self, id: ItemId) -> Result<Vec<ResponseView>> {
        let l = self.load(self.db(), id)?;
        let rows = self.conn.all(Q::ResponsesOf, args![id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for (rid, sealed, on, complaint, by, at) in rows {
            let p: Option<ResponsePrivate> = match (&l.keys, sealed) {
                (Some(k), Some(s)) => Some(decode(
                    &crypto::open_str(&k.fields, &Place::response(id, rid), &s)?,
                    DueMsg::ResponseUnreadable,
                )?),
                _ => None,
            };
            out.push(ResponseView {
                id: rid,
                item: id,
                subject: p.as_ref().map(|p| p.subject.clone()),
                text: p.map(|p| p.text),
                received_on: parse_day(&on)?,
                complaint,
                recorded_by: by,
                recorded_at: at,
            });
        }
        Ok(out)
    }

    /// Whether `actor` may write a letter about item `id` now: asked before the letter is
    /// made, so that a refused letter is never written out. A refusal is logged, as
    /// [`Store::record_letter`] would log it.
    pub fn may_write_letter(&mut self, actor: &str, id: ItemId) -> Result<()> {
        let user = self.user(actor)?;
        self.write_gated(actor, Some(id), Action::Letter, |tx, _log| {
            let l = self.load(tx, id)?;
            Ok(gate::check(
                Action::Letter,
                &l.facts,
                &user,
                Oversight::default(),
            ))
        })
    }

    /// Records that a letter was written (its hash, the head it quoted), after the file exists.
    #[allow(clippy::too_many_arguments)]
    pub fn record_letter(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        kind: &str,
        lang: &str,
        format: &str,
        sha256: &str,
        audit_head: &str,
        respond_by: Option<NaiveDate>,
    ) -> Result<i64> {
        let user = self.user(actor)?;
        let letter_kind = LetterKind::parse(kind).map_err(|_| {
            StoreError::BadInput(
                DueMsg::UnknownLetterKind {
                    kind: kind.to_string(),
                }
                .into(),
            )
        })?;
        let letter_lang: Lang = lang.parse().map_err(|_| {
            StoreError::BadInput(
                DueMsg::UnknownLetterLang {
                    lang: lang.to_string(),
                }
                .into(),
            )
        })?;
        let letter_format = LetterFormat::parse(format).map_err(|_| {
            StoreError::BadInput(
                DueMsg::UnknownLetterFormat {
                    format: format.to_string(),
                }
                .into(),
            )
        })?;
        self.write_gated(actor, Some(id), Action::Letter, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(m) = gate::check(Action::Letter, &l.facts, &user, Oversight::default()) {
                return Ok(Err(m));
            }
            let (_, key) = subject_key(&l, subject)?;
            let lid = tx.insert(
                Q::InsertLetter,
                args![
                    id,
                    key,
                    kind,
                    lang,
                    format,
                    sha256,
                    audit_head,
                    respond_by.map(|d| d.to_string()),
                    actor,
                    log.at
                ],
            )?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::LetterWrite {
                    letter: lid,
                    subject: key.clone(),
                    kind: letter_kind,
                    lang: letter_lang,
                    format: letter_format,
                    sha256: sha256.to_string(),
                    audit_head: audit_head.to_string(),
                },
            )?;
            Ok(Ok(lid))
        })
    }

    /// The letter about `id` whose file has this SHA-256 (for `notify --letter`).
    pub fn letter_by_hash(&self, id: ItemId, sha256: &str) -> Result<LetterView> {
        self.letters(id)?
            .into_iter()
            .find(|l| l.sha256 == sha256)
            .ok_or_else(|| StoreError::BadInput(DueMsg::NotOurLetter { id }.into()))
    }

    /// Links a written letter to the notification decision it carried.
    pub fn attach_letter(&mut self, actor: &str, id: ItemId, letter: i64) -> Result<()> {
        self.user(actor)?;
        self.write(|tx, log| {
            log.append(tx, actor, Some(id), &Event::LetterAttach { letter })?;
            Ok(())
        })
    }

    /// Records a subject's response and registers it as a complaint, in one transaction: every
    /// response is a complaint until a team leader who is not involved decides, in writing, that
    /// it is not ([`Store::complaint_downgrade`]). Treating an objection as "questions" was the
    /// failure the Ombudsman found (report 2018/048).
    pub fn record_response(
        &mut self,
        actor: &str,
        id: ItemId,
        subject: &str,
        text: &str,
        received_on: Option<NaiveDate>,
    ) -> Result<(i64, i64)> {
        let user = self.user(actor)?;
        let text = non_empty(Field::Response, text)?;
        let on = self.past_or_today(received_on, DateOf::ResponseReceived)?;
        self.write_gated(actor, Some(id), Action::Record, |tx, log| {
            let l = self.load(tx, id)?;
            if let Err(m) = gate::check(Action::Record, &l.facts, &user, Oversight::default()) {
                return Ok(Err(m));
            }
            let (p, key) = subject_key(&l, subject)?;
            let keys = l.keys.as_ref().ok_or_else(|| deleted_err(id))?;
            let complaint = self.insert_complaint(
                tx,
                log,
                actor,
                Some(id),
                Some(l.row.case_id.clone()),
                &p.name,
                &text,
                on,
            )?;
            let rid = next_row(tx, Column::Response)?;
            let sealed = crypto::seal_str(
                &keys.fields,
                &Place::response(id, rid),
                &encode(&ResponsePrivate {
                    subject: p.name.clone(),
                    text: text.clone(),
                })?,
            )?;
            tx.exec(
                Q::InsertResponse,
                args![
                    id,
                    key,
                    sealed,
                    on.to_string(),
                    complaint,
                    actor,
                    log.at,
                    rid
                ],
            )?;
            log.append(
                tx,
                actor,
                Some(id),
                &Event::ResponseRecord {
                    response: rid,
                    subject: key.clone(),
                    received_on: on,
                    text: keyed_hash(keys.audit.bytes(), &text),
                    complaint: Some(complaint),
                },
            )?;
            Ok(Ok((rid, complaint)))
        })
    }

    // ----- access -----
}
