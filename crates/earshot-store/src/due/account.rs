//! The full account of an item: who listened to what, the uses made of it, its trail.

use crate::backend::{DbExt, Q, args};

use super::views::*;
use super::*;
use crate::queue::{NotificationView, UseView};
use crate::rows::{Loaded, load_row};
use crate::{Result, Store, StoreError};
use earshot_core::audit::{Event, keyed_hash};
use earshot_core::deadlines::retention_until;
use earshot_core::lang::Lang;
use earshot_core::model::{ItemId, NotificationDecision, normalise_name};
use earshot_core::time::merge_ranges;

impl Store {
    /// Every preview and playback session of an item.
    pub fn listening(&self, id: ItemId) -> Result<Vec<Listening>> {
        let mut out = Vec::new();
        let rows = self.conn.all(Q::PreviewsOf, args![id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        for (user, sup, from, window, heard, started, ended) in rows {
            let from = from.max(0) as u64;
            let len = heard.unwrap_or(window).max(0) as u64;
            out.push(Listening {
                kind: "preview".into(),
                user,
                supervisor: Some(sup),
                started_at: started,
                ended_at: ended,
                ranges_ms: if len > 0 {
                    vec![(from, from + len)]
                } else {
                    Vec::new()
                },
                heard_ms: len,
                open: heard.is_none(),
            });
        }
        let sessions = self.conn.all(Q::PlaySessionsOf, args![id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for (session, user, first, last) in sessions {
            let ranges: Vec<(u64, u64)> =
                self.conn.all(Q::SessionRangesOf, args![id, session], |r| {
                    Ok((
                        r.get::<_, i64>(0)?.max(0) as u64,
                        r.get::<_, i64>(1)?.max(0) as u64,
                    ))
                })?;
            let ranges = merge_ranges(ranges);
            let heard = ranges.iter().map(|(a, b)| b - a).sum();
            out.push(Listening {
                kind: "playback".into(),
                user,
                supervisor: None,
                started_at: first,
                ended_at: Some(last),
                ranges_ms: ranges,
                heard_ms: heard,
                open: false,
            });
        }
        out.sort_by(|a, b| a.started_at.cmp(&b.started_at));
        Ok(out)
    }

    pub(super) fn subject_names(l: &Loaded) -> Vec<(String, String)> {
        let Some(k) = &l.keys else {
            return Vec::new();
        };
        let m = &l.facts.metadata;
        m.subjects
            .iter()
            .map(|p| p.name.clone())
            .chain(m.sender.clone())
            .map(|n| (keyed_hash(k.audit.bytes(), &normalise_name(&n)), n))
            .collect()
    }

    /// The uses of an item with the moment by which subjects must have been informed.
    pub(super) fn use_accounts(
        uses: &[UseView],
        notifications: &[NotificationView],
        subjects: &[String],
    ) -> Vec<UseAccount> {
        uses.iter()
            .map(|u| {
                let by = day_of(&u.at);
                let told = |name: &str| {
                    notifications.iter().any(|n| {
                        normalise_name(&n.subject) == normalise_name(name)
                            && matches!(n.decision, NotificationDecision::Notified { on, .. } if on <= by)
                    })
                };
                // A child told through a parent is informed when that parent is.
                let informed_by = |name: &str| {
                    told(name)
                        || notifications.iter().any(|n| {
                            normalise_name(&n.subject) == normalise_name(name)
                                && matches!(&n.decision, NotificationDecision::ViaParent { parent, .. } if told(parent))
                        })
                };
                let (informed, not_informed): (Vec<String>, Vec<String>) =
                    subjects.iter().cloned().partition(|p| informed_by(p));
                UseAccount {
                    using: u.clone(),
                    inform_subjects_by: by,
                    informed,
                    not_informed,
                }
            })
            .collect()
    }

    /// One use, with its art. 14(3)(c) moment (what `use` prints).
    pub fn use_account(&self, viewer: &str, id: ItemId, use_id: i64) -> Result<UseAccount> {
        let v = self.show(viewer, id)?;
        let subjects: Vec<String> = v
            .metadata
            .as_ref()
            .map(|m| {
                m.subjects_to_notify()
                    .iter()
                    .map(|p| p.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        Self::use_accounts(&v.uses, &v.notifications, &subjects)
            .into_iter()
            .find(|u| u.using.id == use_id)
            .ok_or_else(|| StoreError::BadInput(DueMsg::NoUse { id, use_id }.into()))
    }

    pub(super) fn trail(&self, id: ItemId) -> Result<(Vec<TrailEntry>, Option<DeletionView>)> {
        let mut out = Vec::new();
        let mut deletion: Option<DeletionView> = None;
        for e in self.audit_log(Some(id))? {
            let event = e.event().ok();
            match &event {
                Some(Event::ItemDelete { approved_by, .. }) => {
                    deletion = Some(DeletionView {
                        at: e.at.clone(),
                        by: e.actor.clone(),
                        approved_by: Some(approved_by.clone()),
                        certificates: Vec::new(),
                    });
                }
                Some(Event::DeleteCertificate {
                    sha256: Some(h), ..
                }) => {
                    if let Some(del) = deletion.as_mut() {
                        del.certificates.push(h.clone());
                    }
                }
                _ => {}
            }
            // The team's record is in English (see the item report).
            let what = e.describe(Lang::En);
            out.push(TrailEntry {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action,
                what,
                event,
            });
        }
        Ok((out, deletion))
    }

    /// Everything owed to the people on one item.
    pub fn account(&self, viewer: &str, id: ItemId) -> Result<Account> {
        let v = self.show(viewer, id)?;
        let listening = self.listening(id)?;
        let heard = self.heard_ranges(id)?;
        let mut listeners: Vec<String> = Vec::new();
        let mut supervisors: Vec<String> = Vec::new();
        for l in &listening {
            if !listeners.contains(&l.user) {
                listeners.push(l.user.clone());
            }
            if let Some(s) = &l.supervisor
                && !supervisors.contains(s)
            {
                supervisors.push(s.clone());
            }
        }
        let subjects: Vec<String> = v
            .metadata
            .as_ref()
            .map(|m| {
                m.subjects_to_notify()
                    .iter()
                    .map(|p| p.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        let uses = Self::use_accounts(&v.uses, &v.notifications, &subjects);
        let copies = self.copies(id)?;
        let outstanding = copies.iter().filter(|c| c.outstanding()).count();
        let years = crate::settings::setting_u64(self.db(), "retention_years")?;
        let received = day_of(&v.received_at);
        let until = retention_until(received, years as u32);
        let (trail, deletion) = self.trail(id)?;
        let row = load_row(self.db(), id)?;
        Ok(Account {
            item: id,
            case: v.case.clone(),
            stage: v.stage,
            received_at: v.received_at.clone(),
            received_by: v.received_by.clone(),
            channel: v.channel.clone(),
            from: v.from.clone(),
            file_name: v.file_name.clone(),
            format: v.format.clone(),
            codec: v.codec.clone(),
            duration_ms: row.duration_ms.max(0) as u64,
            size: v.size,
            sha256: v.sha256.clone(),
            metadata: v.metadata.clone(),
            heard_total_ms: heard.iter().map(|(a, b)| b - a).sum(),
            heard_ms: heard,
            listening,
            listeners,
            supervisors,
            notifications: v.notifications.clone(),
            pending_notifications: v.pending_notifications.clone(),
            letters: self.letters(id)?,
            responses: self.responses(id)?,
            uses,
            access_requests: self.access_requests(Some(id))?,
            erasure_requests: self.erasure_requests(Some(id), false)?,
            complaints: self.complaints(Some(id), false)?,
            copies,
            copies_outstanding: outstanding,
            retention_years: years,
            retention_until: until,
            retention_due: v.deleted_at.is_none() && self.today() >= until,
            deletion,
            trail,
            audit_head: self.audit_head()?,
        })
    }

    /// The items of a case, in order.
    pub fn case_items(&self, case: &str) -> Result<Vec<ItemId>> {
        let v: Vec<ItemId> = self.conn.all(Q::ItemsOfCase, args![case], |r| r.get(0))?;
        if v.is_empty() {
            return Err(StoreError::BadInput(
                DueMsg::NoCase {
                    case: case.to_string(),
                }
                .into(),
            ));
        }
        Ok(v)
    }

    /// Complaints about a case that name no item.
    pub fn case_complaints(&self, case: &str) -> Result<Vec<ComplaintView>> {
        self.complaints_where(self.db(), Q::ComplaintsOfCase, &case)
    }
}
