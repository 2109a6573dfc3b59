//! What is due: retention, and the flags the queue shows for each item.

use crate::backend::{Db, DbExt, DbRow, Q, args};
use chrono::NaiveDate;

use super::views::*;
use super::*;
use crate::{Result, Store};
use earshot_core::deadlines::{retention_due, retention_until};
use earshot_core::model::ItemId;

/// The rows of `all` (every item), or, given `only` these items, of `one` (the same query for
/// the item `?1`) run for each of them: what a front end told that only some items changed
/// needs, at a cost that follows those items rather than the store.
fn rows_among<T>(
    conn: &dyn Db,
    all: Q,
    one: Q,
    only: Option<&[ItemId]>,
    row: impl Fn(&DbRow<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let Some(ids) = only else {
        return conn.all(all, args![], row);
    };
    let mut out = Vec::new();
    for id in ids {
        conn.each(one, args![id], |r| {
            out.push(row(r)?);
            Ok(())
        })?;
    }
    Ok(out)
}

impl Store {
    /// Live items past the store's retention period.
    pub fn retention_due(&self) -> Result<Vec<RetentionRow>> {
        self.retention_due_in(None)
    }

    /// [`Store::retention_due`], among `only` these items when given.
    fn retention_due_in(&self, only: Option<&[ItemId]>) -> Result<Vec<RetentionRow>> {
        let years = crate::settings::setting_u64(self.db(), "retention_years")? as u32;
        let today = self.today();
        let rows = rows_among(self.db(), Q::RetentionAll, Q::RetentionOne, only, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(item, case, at)| {
                let received = day_of(&at);
                retention_due(received, years, today).then(|| RetentionRow {
                    item,
                    case,
                    received_on: received,
                    delete_by: retention_until(received, years),
                })
            })
            .collect())
    }

    /// Everything due per item, for the queue and the team leader's view: open and overdue
    /// complaints, access and erasure requests, granted erasures not yet carried out, copies
    /// outstanding, retention passed.
    pub fn due_flags(&self) -> Result<Vec<DueFlags>> {
        self.due_flags_in(None)
    }

    /// [`Store::due_flags`] of these items only (sorted, as a front end told that only they
    /// changed asks): it reads those items, and the open complaints, access requests and
    /// copies, rather than every item.
    pub fn due_flags_for(&self, items: &[ItemId]) -> Result<Vec<DueFlags>> {
        let mut ids = items.to_vec();
        ids.sort_unstable();
        ids.dedup();
        self.due_flags_in(Some(&ids))
    }

    /// The flags of every item, or of `only` these (sorted).
    fn due_flags_in(&self, only: Option<&[ItemId]>) -> Result<Vec<DueFlags>> {
        use std::collections::BTreeMap;
        let wanted = |item: ItemId| only.is_none_or(|ids| ids.binary_search(&item).is_ok());
        let mut map: BTreeMap<ItemId, DueFlags> = BTreeMap::new();
        fn get(m: &mut BTreeMap<ItemId, DueFlags>, item: ItemId) -> &mut DueFlags {
            m.entry(item).or_insert(DueFlags {
                item,
                open_complaints: 0,
                overdue_complaints: 0,
                open_access_requests: 0,
                overdue_access_requests: 0,
                open_erasure_requests: 0,
                overdue_erasure_requests: 0,
                erasure_granted_undeleted: 0,
                erasure_delete_by: None,
                copies_outstanding: 0,
                retention_due: false,
                notification_due_by: None,
                notification_overdue: false,
                exceptions_past_review: 0,
                next_due: None,
            })
        }
        fn soonest(a: Option<NaiveDate>, b: NaiveDate) -> Option<NaiveDate> {
            Some(a.map_or(b, |a| a.min(b)))
        }
        for c in self.complaints(None, true)? {
            if let Some(item) = c.item.filter(|i| wanted(*i)) {
                let f = get(&mut map, item);
                f.open_complaints += 1;
                f.overdue_complaints += usize::from(c.overdue);
                if c.kind == "complaint" {
                    f.next_due = soonest(f.next_due, c.decide_by);
                }
            }
        }
        for a in self.access_requests(None)? {
            if a.status == "open" && wanted(a.item) {
                let f = get(&mut map, a.item);
                f.open_access_requests += 1;
                f.overdue_access_requests += usize::from(a.overdue);
                f.next_due = soonest(f.next_due, a.due_on);
            }
        }
        for e in self.erasure_requests(None, false)? {
            if !wanted(e.item) {
                continue;
            }
            if e.open() {
                let f = get(&mut map, e.item);
                f.open_erasure_requests += 1;
                f.overdue_erasure_requests += usize::from(e.overdue);
                f.next_due = soonest(f.next_due, e.due_on);
            } else if e.granted_undeleted() {
                let f = get(&mut map, e.item);
                f.erasure_granted_undeleted += 1;
                f.erasure_delete_by = soonest(f.erasure_delete_by, e.due_on);
                f.next_due = soonest(f.next_due, e.due_on);
            }
        }
        for (item, n) in self.copies_outstanding()? {
            if wanted(item) {
                get(&mut map, item).copies_outstanding = n;
            }
        }
        let today = self.now().date_naive();
        for (item, received) in self.notifications_owed(only)? {
            let by = earshot_core::deadlines::months_limit(received, 1);
            let f = get(&mut map, item);
            f.notification_due_by = Some(by);
            f.notification_overdue = by < today;
            f.next_due = soonest(f.next_due, by);
        }
        for (item, review_on) in self.live_exceptions()? {
            if !wanted(item) {
                continue;
            }
            let f = get(&mut map, item);
            match review_on {
                Some(d) if d >= today => f.next_due = soonest(f.next_due, d),
                past => {
                    f.exceptions_past_review += 1;
                    f.next_due = soonest(f.next_due, past.unwrap_or(today));
                }
            }
        }
        for r in self.retention_due_in(only)? {
            let f = get(&mut map, r.item);
            f.retention_due = true;
            f.next_due = soonest(f.next_due, r.delete_by);
        }
        Ok(map.into_values().collect())
    }

    /// Each subject's standing exception on a live item (the last decision about them, when it
    /// is one), with its review date (`None`: none, or one that does not read).
    fn live_exceptions(&self) -> Result<Vec<(ItemId, Option<NaiveDate>)>> {
        let rows = self.conn.all(Q::LiveExceptions, args![], |r| {
            Ok((r.get::<_, ItemId>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut out = Vec::new();
        for (item, on) in rows {
            out.push((item, on.and_then(|d| super::parse_day(&d).ok())));
        }
        Ok(out)
    }

    /// Live items that still owe a notification decision (not yet described, so their subjects
    /// are unknown, or a subject other than the sender without a decision), with the day each
    /// came in.
    fn notifications_owed(&self, only: Option<&[ItemId]>) -> Result<Vec<(ItemId, NaiveDate)>> {
        let rows = rows_among(
            self.db(),
            Q::NotificationsOwedAll,
            Q::NotificationsOwedOne,
            only,
            |r| Ok((r.get::<_, ItemId>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut out = Vec::new();
        for (id, at) in rows {
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&at) {
                out.push((id, t.date_naive()));
            }
        }
        Ok(out)
    }
}
