//! The roster and PINs, the store's settings, the audit log's verification, and the
//! doctor that finds and repairs what an interruption left behind.

use crate::backend::{Db, DbExt, Q, Value, args};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use serde::Serialize;

use super::{Result, Store, StoreError};
use crate::msg::{StoreMsg, TeamMsg};
use crate::settings::{SETTINGS, setting_u64};
use earshot_core::audit::{Entry, Event, Fault, Setting, SettingChange, Verifier};
use earshot_core::gate::{self, Action};
use earshot_core::model::{ItemId, Role, User};

/// An audit entry as the log's statements read it (seq, at, actor, action, item, detail, prev,
/// hash).
fn entry_of(r: &crate::backend::DbRow<'_>) -> Result<Entry> {
    let (seq, at, actor, action, item, detail, prev, hash) = r.tuple()?;
    Ok(Entry {
        seq,
        at,
        actor,
        action,
        item,
        detail,
        prev,
        hash,
    })
}

/// What [`Store::audit_verify_each`] hands every checked entry to.
pub(crate) type EachEntry<'a> = &'a mut dyn FnMut(Entry) -> Result<()>;

pub(crate) fn validate_user_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadInput(
            TeamMsg::BadUserName {
                name: name.to_string(),
            }
            .into(),
        ))
    }
}

pub(crate) fn find_user(conn: &dyn Db, name: &str) -> Result<Option<User>> {
    let row: Option<String> = conn.opt(Q::UserRole, args![name], |r| r.get(0))?;
    Ok(match row {
        Some(role) => Some(User {
            name: name.to_string(),
            role: role.parse().map_err(|detail| {
                StoreError::Integrity(StoreMsg::StoredValueUnknown { detail }.into())
            })?,
        }),
        None => None,
    })
}

/// New PINs have at least this many digits (and only digits). PINs stored by earlier versions
/// with fewer still verify.
pub const MIN_PIN_DIGITS: usize = 6;
/// This many wrong PINs for one lead within [`PIN_WINDOW_MIN`] minutes lock the lead's PIN.
pub const PIN_FAILURES_TO_LOCK: i64 = 5;
/// The window in which wrong PINs are counted, in minutes.
pub const PIN_WINDOW_MIN: i64 = 15;
/// How long a locked PIN stays locked, in minutes.
pub const PIN_LOCK_MIN: i64 = 15;

/// Argon2id takes 19 MiB and tens of milliseconds of a core for every PIN it hashes or checks:
/// one at a time, so a crowd of supervised previews on a guardian waits its turn instead of
/// taking a gigabyte, and leaves the other cores to everyone else's requests.
const ARGON2_AT_ONCE: usize = 1;

/// How much lower than the rest a PIN check runs (the nice value added to its thread): when
/// the cores are busy, a `show` or a page of the queue goes first and the PIN check, which
/// takes long anyway, a little later.
const ARGON2_NICE: i32 = 10;

/// Runs `f` with this thread's scheduling priority lowered by [`ARGON2_NICE`], then raises it
/// back if allowed (without the privilege to, the thread stays lower for the rest of its
/// command, which is safe).
fn at_low_priority<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: gettid, getpriority and setpriority read or set this thread's nice value only.
    let (tid, before) = unsafe {
        let tid = libc::gettid() as libc::id_t;
        *libc::__errno_location() = 0;
        (tid, libc::getpriority(libc::PRIO_PROCESS, tid))
    };
    // SAFETY: as above.
    let lowered =
        unsafe { libc::setpriority(libc::PRIO_PROCESS, tid, (before + ARGON2_NICE).min(19)) } == 0;
    let out = f();
    if lowered {
        // SAFETY: as above.
        unsafe {
            libc::setpriority(libc::PRIO_PROCESS, tid, before);
        }
    }
    out
}

static ARGON2_SLOTS: crate::slots::Slots = crate::slots::Slots::new(ARGON2_AT_ONCE);

/// Runs `f` in one of the [`ARGON2_AT_ONCE`] slots, at a lower priority.
fn in_argon2_slot<T>(f: impl FnOnce() -> T) -> T {
    let _slot = ARGON2_SLOTS.take();
    at_low_priority(f)
}

fn hash_pin(pin: &str) -> Result<String> {
    if pin.chars().count() < MIN_PIN_DIGITS || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(StoreError::BadInput(
            TeamMsg::PinTooShort {
                min: MIN_PIN_DIGITS,
            }
            .into(),
        ));
    }
    in_argon2_slot(|| {
        Argon2::default()
            .hash_password(pin.as_bytes())
            .map(|h| h.to_string())
    })
    .map_err(|e| {
        StoreError::Io(
            TeamMsg::PinHash {
                detail: e.to_string(),
            }
            .into(),
        )
    })
}

/// A stored moment (see [`super::stamp`]) as people read it.
fn clock_text(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        Err(_) => at.to_string(),
    }
}

fn locked(name: &str, until: &str) -> StoreError {
    StoreError::Denied(
        TeamMsg::PinLocked {
            name: name.to_string(),
            failures: PIN_FAILURES_TO_LOCK,
            minutes: PIN_WINDOW_MIN,
            until: clock_text(until),
        }
        .into(),
    )
}

impl Store {
    /// Checks a lead's PIN (Argon2id; the hash never leaves the store). A wrong PIN is logged
    /// (`pin.failed`) in its own transaction, committed although the action fails; the
    /// [`PIN_FAILURES_TO_LOCK`]th within [`PIN_WINDOW_MIN`] minutes locks the PIN
    /// (`pin.locked`) for [`PIN_LOCK_MIN`] minutes, during which every PIN for that lead, the
    /// right one too, is refused.
    pub(crate) fn check_pin(&self, actor: &str, name: &str, pin: Option<&str>) -> Result<()> {
        let now = super::stamp(self.now());
        let (stored, locked_until): (Option<String>, Option<String>) = self
            .conn
            .opt(Q::PinOf, args![name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .unwrap_or((None, None));
        if let Some(until) = locked_until.filter(|u| *u > now) {
            return Err(locked(name, &until));
        }
        let Some(stored) = stored else {
            return Err(StoreError::BadInput(
                TeamMsg::NoPin {
                    name: name.to_string(),
                }
                .into(),
            ));
        };
        let Some(pin) = pin else {
            return Err(StoreError::BadInput(
                TeamMsg::PinNeeded {
                    name: name.to_string(),
                }
                .into(),
            ));
        };
        let parsed = PasswordHash::new(&stored).map_err(|_| {
            StoreError::Integrity(
                TeamMsg::PinHashDamaged {
                    name: name.to_string(),
                }
                .into(),
            )
        })?;
        let right = in_argon2_slot(|| {
            Argon2::default()
                .verify_password(pin.trim_end_matches(['\r', '\n']).as_bytes(), &parsed)
                .is_ok()
        });
        if right {
            return Ok(());
        }
        Err(self.pin_failed(actor, name)?)
    }

    /// Logs a wrong PIN, and locks the PIN when it is one too many; returns the error to give.
    fn pin_failed(&self, actor: &str, name: &str) -> Result<StoreError> {
        let now = self.now();
        let window_start = super::stamp(now - chrono::Duration::minutes(PIN_WINDOW_MIN));
        let lock_until = super::stamp(now + chrono::Duration::minutes(PIN_LOCK_MIN));
        self.write(|tx, log| {
            let locked_until: Option<String> =
                tx.one(Q::PinLockedUntil, args![name], |r| r.get(0))?;
            // Another process may have locked it since we looked.
            if let Some(until) = locked_until.as_ref().filter(|u| **u > log.at) {
                return Ok(locked(name, until));
            }
            tx.exec(Q::InsertPinFailure, args![name, actor, log.at])?;
            // Failures count within the window, and only since the last lock ended.
            let since = match locked_until {
                Some(u) if u > window_start => u,
                _ => window_start,
            };
            let failures: i64 = tx.one(Q::RecentPinFailures, args![name, since], |r| r.get(0))?;
            log.append(
                tx,
                actor,
                None,
                &Event::PinFailed {
                    lead: name.to_string(),
                    by: actor.to_string(),
                    failures: failures as u32,
                },
            )?;
            if failures >= PIN_FAILURES_TO_LOCK {
                tx.exec(Q::LockPin, args![name, lock_until])?;
                log.append(
                    tx,
                    actor,
                    None,
                    &Event::PinLocked {
                        lead: name.to_string(),
                        until: lock_until.clone(),
                    },
                )?;
                return Ok(locked(name, &lock_until));
            }
            Ok(StoreError::BadInput(
                TeamMsg::WrongPin {
                    name: name.to_string(),
                    failures,
                    limit: PIN_FAILURES_TO_LOCK,
                    minutes: PIN_WINDOW_MIN,
                }
                .into(),
            ))
        })
    }
}

/// The store's settings.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Seconds of preview allowed per item in total.
    pub preview_cap_s: u64,
    /// Working days after which an untouched item is flagged overdue.
    pub escalation_days: u64,
    /// Years after which an item is due for deletion.
    pub retention_years: u64,
    /// Days a backup is kept: a superseded key epoch may be retired this long after it was
    /// replaced (which makes the backups made before then unreadable).
    pub backup_retention_days: u64,
    /// The drop folder whose new files are imported (`earshot inbox`), if set.
    pub inbox: Option<String>,
    /// The folder the log's signed checkpoints are copied to, if set.
    pub checkpoint_dir: Option<String>,
    /// The organisation's profile, which every document to a subject is made from.
    pub profile: crate::profile::Profile,
}

/// What `audit verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub entries: u64,
    pub head: String,
    pub anchor_found: Option<bool>,
}

impl Store {
    // ----- team -----

    /// Adds a member to the roster (team leaders only).
    pub fn team_add(
        &mut self,
        actor: &str,
        name: &str,
        role: Role,
        pin: Option<&str>,
    ) -> Result<()> {
        let me = self.user(actor)?;
        validate_user_name(name)?;
        let pin_hash = pin.map(hash_pin).transpose()?;
        let now = self.now();
        self.write_gated(actor, None, Action::AddMember, |tx, log| {
            if let Err(m) =
                gate::check_add_member(&me, name, role == Role::Lead, pin_hash.is_some())
            {
                return Ok(Err(m));
            }
            if find_user(tx, name)?.is_some() {
                return Err(StoreError::BadInput(
                    TeamMsg::AlreadyOnTeam {
                        name: name.to_string(),
                    }
                    .into(),
                ));
            }
            tx.exec(
                Q::InsertUser,
                args![name, role.as_str(), pin_hash, super::stamp(now)],
            )?;
            log.append(
                tx,
                actor,
                None,
                &Event::TeamAdd {
                    name: name.to_string(),
                    role,
                    pin: Some(pin_hash.is_some()),
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// Sets a PIN: one's own, or (for a team leader) anyone's.
    pub fn team_pin(&mut self, actor: &str, name: &str, pin: &str) -> Result<()> {
        let me = self.user(actor)?;
        let target = self.user(name)?;
        let action = Action::SetPin {
            own: me.name == name,
        };
        let h = hash_pin(pin)?;
        self.write_gated(actor, None, action, |tx, log| {
            if let Err(m) = gate::check_set_pin(&me, &target) {
                return Ok(Err(m));
            }
            tx.exec(Q::SetPin, args![name, h])?;
            log.append(
                tx,
                actor,
                None,
                &Event::TeamPin {
                    name: name.to_string(),
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// The roster: name, role, whether a PIN is set.
    pub fn team_list(&self) -> Result<Vec<(User, bool)>> {
        let rows = self.conn.all(Q::Users, args![], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for (name, role, pin) in rows {
            out.push((
                User {
                    name,
                    role: role.parse().map_err(|detail| {
                        StoreError::Integrity(StoreMsg::StoredValueUnknown { detail }.into())
                    })?,
                },
                pin,
            ));
        }
        Ok(out)
    }

    // ----- settings -----

    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            preview_cap_s: setting_u64(self.db(), "preview_cap_s")?,
            escalation_days: setting_u64(self.db(), "escalation_days")?,
            retention_years: setting_u64(self.db(), "retention_years")?,
            backup_retention_days: setting_u64(self.db(), crate::settings::BACKUP_RETENTION_DAYS)?,
            inbox: self.inbox_dir()?.map(|p| p.display().to_string()),
            checkpoint_dir: self.checkpoint_dir()?.map(|p| p.display().to_string()),
            profile: self.profile()?,
        })
    }

    /// Changes one setting (team leaders only). A change that widens access (see
    /// [`gate::setting_widens_access`]) also needs another lead's approval: refused here, see
    /// [`Store::set_setting_approved`].
    pub fn set_setting(&mut self, actor: &str, key: &str, value: &str) -> Result<Settings> {
        self.set_setting_approved(actor, key, value, None)
    }

    /// Whether setting `key` to `value` widens access, so needs another lead's approval
    /// (`false` for anything that is not a valid change).
    pub fn setting_widens_access(&self, key: &str, value: &str) -> Result<bool> {
        let Some(v) = value.trim().parse::<u64>().ok() else {
            return Ok(false);
        };
        if !SETTINGS
            .iter()
            .any(|s| s.0 == key && (s.2..=s.3).contains(&v))
        {
            return Ok(false);
        }
        Ok(gate::setting_widens_access(
            key,
            setting_u64(self.db(), key)?,
            v,
        ))
    }

    /// [`Store::set_setting`] with the approval (request id) of another lead, used up by the
    /// change when it widens access.
    pub fn set_setting_approved(
        &mut self,
        actor: &str,
        key: &str,
        value: &str,
        approval: Option<i64>,
    ) -> Result<Settings> {
        let me = self.user(actor)?;
        let other_leads = self.other_leads(actor)?;
        if key == "inbox" {
            self.set_inbox(actor, value)?;
            return self.settings();
        }
        if key == crate::settings::CHECKPOINT_DIR_KEY {
            self.set_checkpoint_dir(actor, value)?;
            return self.settings();
        }
        if let Some(k) = earshot_core::audit::ProfileKey::from_key(key) {
            self.set_profile(actor, k, value)?;
            return self.settings();
        }
        let Some(&(_, _, min, max, what)) = SETTINGS.iter().find(|s| s.0 == key) else {
            let mut keys: Vec<&str> = SETTINGS.iter().map(|s| s.0).collect();
            keys.extend(["inbox", crate::settings::CHECKPOINT_DIR_KEY]);
            keys.extend(earshot_core::audit::ProfileKey::ALL.map(|k| k.key()));
            return Err(StoreError::BadInput(
                TeamMsg::NoSetting {
                    key: key.to_string(),
                    keys: keys.join(", "),
                }
                .into(),
            ));
        };
        let v: u64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| {
                StoreError::BadInput(
                    TeamMsg::SettingRange {
                        key: key.to_string(),
                        what: what.to_string(),
                        min,
                        max,
                    }
                    .into(),
                )
            })?;
        self.write_gated(actor, None, Action::ChangeSettings, |tx, log| {
            if let Err(m) = gate::check_team(Action::ChangeSettings, &me) {
                return Ok(Err(m));
            }
            let old = setting_u64(tx, key)?;
            if gate::setting_widens_access(key, old, v) {
                match approval {
                    Some(rid) => {
                        let ask = crate::approvals::Ask::Settings {
                            key: key.to_string(),
                            value: v,
                        };
                        self.consume_approval(tx, log, actor, rid, &ask, None)?;
                    }
                    None => {
                        if let Err(m) = gate::approval(&me, None, other_leads) {
                            return Ok(Err(vec![m]));
                        }
                    }
                }
            }
            tx.exec(Q::SetSetting, args![key, v.to_string()])?;
            let setting = Setting::from_key(key).ok_or_else(|| {
                StoreError::Integrity(
                    StoreMsg::SettingNoAuditName {
                        key: key.to_string(),
                    }
                    .into(),
                )
            })?;
            log.append(
                tx,
                actor,
                None,
                &Event::SettingsSet(SettingChange::Number {
                    key: setting,
                    old,
                    new: v,
                }),
            )?;
            Ok(Ok(()))
        })?;
        self.settings()
    }

    // ----- audit -----

    /// Verifies the whole chain; with an anchor, also that the log still contains that head.
    pub fn audit_verify(&self, anchor: Option<&str>) -> Result<VerifyReport> {
        self.audit_verify_each(anchor, None)
    }

    /// [`Store::audit_verify`], handing each entry, once checked, to `each` (only then is an
    /// owned entry made: the plain check reads the row's text in place), without its `prev`
    /// and `hash`, which the check has used.
    pub(crate) fn audit_verify_each(
        &self,
        anchor: Option<&str>,
        mut each: Option<EachEntry<'_>>,
    ) -> Result<VerifyReport> {
        let mut v = Verifier::new(&self.store_id);
        let anchor = anchor.map(|a| a.trim().to_ascii_lowercase());
        let mut found = false;
        self.conn.each(Q::AuditChain, args![], |r| {
            let seq: i64 = r.get(0)?;
            // Read leniently: a value of the wrong kind is the verifier's finding, not an error.
            let text = |i: usize| -> Result<&str> {
                Ok(match r.value(i)? {
                    Value::Text(s) => s,
                    _ => "",
                })
            };
            let hash = match r.value(7)? {
                Value::Text(s) => s,
                other => {
                    return Err(StoreError::Integrity(
                        StoreMsg::AuditFault {
                            detail: format!("hash of entry {seq} is {}", other.kind()),
                        }
                        .into(),
                    ));
                }
            };
            let item: Option<i64> = r.get(4)?;
            let (at, actor, action, detail, prev) =
                (text(1)?, text(2)?, text(3)?, text(5)?, text(6)?);
            v.push(seq, at, actor, action, item, detail, prev, hash)
                .map_err(|f| {
                    StoreError::Integrity(
                        StoreMsg::AuditFault {
                            detail: f.to_string(),
                        }
                        .into(),
                    )
                })?;
            if anchor.as_deref() == Some(hash) {
                found = true;
            }
            match each.as_mut() {
                None => Ok(()),
                Some(f) => f(Entry {
                    seq,
                    at: at.to_string(),
                    actor: actor.to_string(),
                    action: action.to_string(),
                    item,
                    detail: detail.to_string(),
                    // Checked just now; what `each` is for needs the rest.
                    prev: String::new(),
                    hash: String::new(),
                }),
            }
        })?;
        if let Some(a) = &anchor
            && !found
        {
            return Err(StoreError::Integrity(
                StoreMsg::AuditFault {
                    detail: Fault::AnchorMissing { anchor: a.clone() }.to_string(),
                }
                .into(),
            ));
        }
        Ok(VerifyReport {
            entries: v.count,
            head: v.head().to_string(),
            anchor_found: anchor.map(|_| found),
        })
    }

    /// The current head hash (what reports and letters print).
    pub fn audit_head(&self) -> Result<String> {
        let h: Option<String> = self.conn.opt(Q::AuditHead, args![], |r| r.get(0))?;
        Ok(h.unwrap_or_else(|| earshot_core::audit::genesis(&self.store_id)))
    }

    /// The log, whole or for one item.
    pub fn audit_log(&self, item: Option<ItemId>) -> Result<Vec<Entry>> {
        // Two statements, not `?1 IS NULL OR item = ?1`: SQLite cannot use the index on `item`
        // for that, and an item's trail would cost a pass over the whole log.
        let q = match item {
            Some(_) => Q::AuditOfItem,
            None => Q::AuditAll,
        };
        self.conn.all(q, args![item], entry_of)
    }

    /// The entries after `seq`, oldest first, at most `limit` of them.
    pub fn audit_since(&self, seq: i64, limit: usize) -> Result<Vec<Entry>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn.all(Q::AuditSince, args![seq, limit], entry_of)
    }

    /// Appends `n` synthetic entries in one transaction (benchmarks of `audit verify`).
    #[doc(hidden)]
    pub fn bench_fill_audit(&mut self, actor: &str, n: u64) -> Result<()> {
        self.write(|tx, log| {
            for i in 0..n {
                log.append(
                    tx,
                    actor,
                    None,
                    &Event::BenchEvent {
                        i,
                        from_ms: i * 7,
                        to_ms: i * 7 + 5,
                    },
                )?;
            }
            Ok(())
        })
    }

    /// Writes `n` audit events that make and change real rows, for benchmarks of the doctor's
    /// replay: `n / 2` supervised previews of `item` (their rows, each debited whole, then
    /// refunded), each with its `preview.start` and `preview.end`.
    #[doc(hidden)]
    pub fn bench_fill_previews(&mut self, actor: &str, item: ItemId, n: u64) -> Result<()> {
        self.write(|tx, log| {
            for i in 0..n / 2 {
                let (from_ms, window_ms, heard_ms) = (i % 60_000, 5_000u64, 1_000 + i % 4_000);
                let sink = "null";
                let p = tx.insert(
                    Q::InsertPreview,
                    args![
                        item,
                        actor,
                        actor,
                        from_ms as i64,
                        window_ms as i64,
                        sink,
                        log.at
                    ],
                )?;
                let start = Event::PreviewStart {
                    preview: p,
                    supervisor: actor.to_string(),
                    from_ms,
                    window_ms,
                    allowance_left_ms: 0,
                    sink: sink.to_string(),
                };
                log.append(tx, actor, Some(item), &start)?;
                tx.exec(Q::ClosePreview, args![p, heard_ms as i64, log.at])?;
                let end = Event::PreviewEnd {
                    preview: p,
                    from_ms,
                    to_ms: from_ms + heard_ms,
                    heard_ms,
                    refunded_ms: window_ms - heard_ms,
                    sink: sink.to_string(),
                };
                log.append(tx, actor, Some(item), &end)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;
    use crate::testutil;

    fn actions(s: &Store) -> Vec<String> {
        s.audit_log(None)
            .expect("log")
            .into_iter()
            .map(|e| e.action)
            .collect()
    }

    #[test]
    fn new_pins_are_six_digits_or_more() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut s = testutil::store(tmp.path());
        for short in ["1234", "12345", "abcdef", "12345a", " 123456"] {
            let e = s.team_pin("lea", "wim", short).expect_err(short);
            assert!(matches!(e, StoreError::BadInput(_)), "{short}: {e}");
            assert!(e.to_string().contains("6 digits"), "{e}");
        }
        s.team_pin("lea", "wim", "000000").expect("six digits");
        let e = s
            .team_add("lea", "ann", Role::Lead, Some("9999"))
            .expect_err("short PIN for a new member");
        assert!(matches!(e, StoreError::BadInput(_)), "{e}");
    }

    #[test]
    fn no_more_than_two_pins_are_hashed_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static INSIDE: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let threads: Vec<_> = (0..8)
            .map(|_| {
                std::thread::spawn(|| {
                    super::in_argon2_slot(|| {
                        let n = INSIDE.fetch_add(1, Ordering::SeqCst) + 1;
                        MOST.fetch_max(n, Ordering::SeqCst);
                        // Long enough for the others to pile up at the door.
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        INSIDE.fetch_sub(1, Ordering::SeqCst);
                    })
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let most = MOST.load(Ordering::SeqCst);
        assert!(most <= super::ARGON2_AT_ONCE, "{most} at once");
        assert!(most >= 1);
    }

    #[test]
    fn a_pin_stored_by_an_earlier_version_still_verifies() {
        let tmp = tempfile::tempdir().expect("tmp");
        let s = testutil::store(tmp.path());
        let old = Argon2::default()
            .hash_password(b"4321")
            .expect("hash")
            .to_string();
        s.db()
            .raw()
            .execute("UPDATE users SET pin_hash = ?1 WHERE name = 'leo'", [old])
            .expect("old PIN");
        s.check_pin("wim", "leo", Some("4321")).expect("verifies");
        assert!(s.check_pin("wim", "leo", Some("4320")).is_err());
    }

    #[test]
    fn five_wrong_pins_in_fifteen_minutes_lock_the_pin_for_fifteen() {
        let tmp = tempfile::tempdir().expect("tmp");
        let (clock, t) = testutil::movable_clock();
        let s = testutil::store_on(tmp.path(), clock);
        let minute = 60_000;
        for i in 1..=4 {
            t.store(i * 2 * minute, Ordering::SeqCst);
            let e = s
                .check_pin("wim", "leo", Some("111111"))
                .expect_err("wrong");
            assert!(matches!(e, StoreError::BadInput(_)), "{e}");
        }
        // The right PIN works while it is not locked.
        s.check_pin("wim", "leo", Some("654321"))
            .expect("right PIN");
        t.store(10 * minute, Ordering::SeqCst);
        let e = s
            .check_pin("wim", "leo", Some("111111"))
            .expect_err("fifth");
        assert!(matches!(e, StoreError::Denied(_)), "{e}");
        assert!(e.to_string().contains("locked"), "{e}");
        assert!(e.to_string().contains("2026-03-02 09:25:00 UTC"), "{e}");
        // Locked: even the right PIN is refused, and nothing more is counted.
        t.store(24 * minute, Ordering::SeqCst);
        let e = s
            .check_pin("wim", "leo", Some("654321"))
            .expect_err("locked");
        assert!(e.to_string().contains("locked"), "{e}");
        let log = actions(&s);
        assert_eq!(log.iter().filter(|a| *a == "pin.failed").count(), 5);
        assert_eq!(log.iter().filter(|a| *a == "pin.locked").count(), 1);
        // Unlocked after fifteen minutes; the failures before the lock no longer count.
        t.store(25 * minute + 1, Ordering::SeqCst);
        s.check_pin("wim", "leo", Some("654321")).expect("unlocked");
        let e = s
            .check_pin("wim", "leo", Some("111111"))
            .expect_err("wrong");
        assert!(matches!(e, StoreError::BadInput(_)), "{e}");
        assert!(e.to_string().contains("1 of 5"), "{e}");
        // Another lead's PIN was never affected.
        s.check_pin("wim", "lea", Some("123456")).expect("lea");
    }

    #[test]
    fn wrong_pins_spread_over_more_than_fifteen_minutes_do_not_lock() {
        let tmp = tempfile::tempdir().expect("tmp");
        let (clock, t) = testutil::movable_clock();
        let s = testutil::store_on(tmp.path(), clock);
        for i in 0..8 {
            t.store(i * 4 * 60_000, Ordering::SeqCst);
            let e = s
                .check_pin("wim", "leo", Some("111111"))
                .expect_err("wrong");
            assert!(matches!(e, StoreError::BadInput(_)), "attempt {i}: {e}");
        }
        assert!(!actions(&s).contains(&"pin.locked".to_string()));
    }
}
