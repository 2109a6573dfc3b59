//! Due process: what the people on a recording are owed. Letters written to them, their
//! responses, their access to the recording (never depending on anyone else's consent), their
//! requests to erase it (decided by a team leader), the complaint register with its clocks,
//! known copies outside the store, deletion with a certificate, retention, and the full account
//! of an item.
//!
//! Personal text is sealed with the item's key when it concerns an item (so deleting the item
//! destroys it too), otherwise with the store's field key. The audit log gets ids, dates and
//! keyed hashes only.

mod access;
mod access_muted;
mod account;
mod awb;
mod complaints;
mod copies;
pub mod deletion;
mod erasure;
mod files;
mod letters;
mod retention;
mod views;

pub use files::{create_private_file, write_private};
pub use views::*;

use crate::encode;
use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

use super::{Result, Store, StoreError};
use crate::msg::{DateOf, DueMsg, Field, ItemMsg, StoreMsg};
use crate::rows::{Loaded, deleted_err, non_empty, parse_day};
use earshot_core::model::{Person, PersonRole, normalise_name};

fn day_of(stamp: &str) -> NaiveDate {
    DateTime::parse_from_rfc3339(stamp)
        .map(|d| d.to_utc().date_naive())
        .unwrap_or(NaiveDate::MIN)
}

/// Reads a sealed value back; `unreadable` says what it was when it cannot be.
fn decode<T: for<'a> Deserialize<'a>>(s: &str, unreadable: DueMsg) -> Result<T> {
    serde_json::from_str(s).map_err(|_| StoreError::Integrity(unreadable.into()))
}

/// The subject on the item (see [`subject_on`]) and the keyed hash the log and the tables know
/// them by.
fn subject_key(l: &Loaded, name: &str) -> Result<(Person, String)> {
    let p = subject_on(l, name)?;
    let keys = l.keys.as_ref().ok_or_else(|| deleted_err(l.row.id))?;
    let key = earshot_core::audit::keyed_hash(keys.audit.bytes(), &normalise_name(&p.name));
    Ok((p, key))
}

/// Finds a person on the item by name; a clear sentence if they are not on it.
fn subject_on(l: &Loaded, name: &str) -> Result<Person> {
    let id = l.row.id;
    if l.keys.is_none() {
        return Err(deleted_err(id));
    }
    let wanted = normalise_name(name);
    if wanted.is_empty() {
        return Err(StoreError::BadInput(
            ItemMsg::Empty {
                field: Field::SubjectName,
            }
            .into(),
        ));
    }
    let subjects = &l.facts.metadata.subjects;
    let sender = l.facts.metadata.sender.as_deref().map(normalise_name);
    if let Some(p) = subjects.iter().find(|p| normalise_name(&p.name) == wanted) {
        return Ok(p.clone());
    }
    if sender.as_deref() == Some(wanted.as_str()) {
        return Ok(Person {
            name: l.facts.metadata.sender.clone().unwrap_or_default(),
            role: PersonRole::Sender,
        });
    }
    let names: Vec<String> = subjects
        .iter()
        .map(|p| format!("{} ({})", p.name, p.role))
        .collect();
    Err(StoreError::BadInput(if names.is_empty() {
        ItemMsg::NoSubjects { id }.into()
    } else {
        ItemMsg::NotSubjectOf {
            name: name.to_string(),
            id,
            names: names.join(", "),
        }
        .into()
    }))
}

impl Store {
    pub(super) fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// A date given by a person: not in the future.
    pub(super) fn past_or_today(&self, d: Option<NaiveDate>, what: DateOf) -> Result<NaiveDate> {
        let today = self.today();
        let d = d.unwrap_or(today);
        if d > today {
            return Err(StoreError::BadInput(
                DueMsg::DateInFuture {
                    what,
                    date: d.to_string(),
                }
                .into(),
            ));
        }
        Ok(d)
    }
}
