//! The store's settings: their defaults, bounds and how they are read.

use crate::backend::{Db, DbExt, Q, args};

use crate::Result;
use earshot_core::gate::{DEFAULT_PREVIEW_CAP_S, MAX_PREVIEW_CAP_S};

pub(crate) const SETTINGS: &[(&str, u64, u64, u64, &str)] = &[
    (
        "preview_cap_s",
        DEFAULT_PREVIEW_CAP_S,
        1,
        MAX_PREVIEW_CAP_S,
        "seconds of preview per item",
    ),
    (
        "escalation_days",
        2,
        1,
        30,
        "working days before an untouched item is overdue",
    ),
    (
        "retention_years",
        20,
        1,
        100,
        "years before an item is due for deletion",
    ),
    (
        BACKUP_RETENTION_DAYS,
        30,
        1,
        3650,
        "days a backup is kept (after which an old key epoch may be destroyed)",
    ),
];

/// The setting that says how many days backups are kept: a superseded key epoch may be retired
/// once that long has passed.
pub(crate) const BACKUP_RETENTION_DAYS: &str = "backup_retention_days";

pub(crate) fn insert_default_settings(tx: &dyn Db) -> Result<()> {
    for (k, v, ..) in SETTINGS {
        tx.exec(Q::InsertSettingIfMissing, args![k, v.to_string()])?;
    }
    Ok(())
}

pub(crate) fn setting_u64(conn: &dyn Db, key: &str) -> Result<u64> {
    let v: Option<String> = conn.opt(Q::Setting, args![key], |r| r.get(0))?;
    let default = SETTINGS
        .iter()
        .find(|s| s.0 == key)
        .map(|s| s.1)
        .unwrap_or(0);
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(default))
}

/// The setting that names the folder the log's signed checkpoints are copied to.
pub(crate) const CHECKPOINT_DIR_KEY: &str = "checkpoint_dir";

/// The settings that name a folder (empty when not set); the log says only whether each is set.
pub(crate) const FOLDER_KEYS: &[&str] = &[INBOX_KEY, CHECKPOINT_DIR_KEY];

/// The setting that names the drop folder.
pub(crate) const INBOX_KEY: &str = "inbox_dir";
