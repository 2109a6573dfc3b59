-- The first schema. Never edit a migration that has shipped: add the next file instead.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    name     TEXT PRIMARY KEY,
    role     TEXT NOT NULL CHECK (role IN ('lead', 'worker')),
    pin_hash TEXT,
    added_at TEXT NOT NULL
);

CREATE TABLE cases (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- One received recording. Personal text (file name, who it came from, the metadata) lives in
-- `sealed`, encrypted with a key derived from the item's own key, which `wrapped_key` holds
-- under the master key. Deleting the item sets both to NULL: crypto-shredding.
CREATE TABLE items (
    id           INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id),
    received_at  TEXT NOT NULL,
    received_by  TEXT NOT NULL REFERENCES users(name),
    channel      TEXT NOT NULL,
    blob         TEXT NOT NULL UNIQUE,
    wrapped_key  BLOB,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    container    TEXT NOT NULL,
    codec        TEXT NOT NULL,
    sample_rate  INTEGER NOT NULL,
    channels     INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    sealed       BLOB,
    stage        TEXT NOT NULL DEFAULT 'received',
    secretly     TEXT NOT NULL DEFAULT 'unknown',
    pending_notifications INTEGER NOT NULL DEFAULT 0,
    described_at TEXT,
    deleted_at   TEXT
);
CREATE UNIQUE INDEX items_live_recording ON items(case_id, sha256) WHERE deleted_at IS NULL;
CREATE INDEX items_case ON items(case_id);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    subject_key TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('notified', 'exception')),
    sealed      BLOB,
    approved_by TEXT REFERENCES users(name),
    decided_by  TEXT NOT NULL REFERENCES users(name),
    decided_at  TEXT NOT NULL
);
CREATE INDEX notifications_item ON notifications(item_id);

CREATE TABLE uses (
    id      INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    sealed  BLOB,
    by_user TEXT NOT NULL REFERENCES users(name),
    at      TEXT NOT NULL
);
CREATE INDEX uses_item ON uses(item_id);

-- A preview window is debited in full when it starts (heard_ms NULL) and refunded to what was
-- really heard when it ends. A preview whose process died keeps its whole debit.
CREATE TABLE previews (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    user_name   TEXT NOT NULL REFERENCES users(name),
    supervisor  TEXT NOT NULL REFERENCES users(name),
    from_ms     INTEGER NOT NULL,
    window_ms   INTEGER NOT NULL,
    heard_ms    INTEGER,
    sink        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    ended_at    TEXT
);
CREATE INDEX previews_item ON previews(item_id);

-- Ranges of full playback heard, written while playing.
CREATE TABLE plays (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items(id),
    user_name TEXT NOT NULL REFERENCES users(name),
    session   TEXT NOT NULL,
    from_ms   INTEGER NOT NULL,
    to_ms     INTEGER NOT NULL,
    sink      TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX plays_item ON plays(item_id);

-- The audit chain. Each entry commits to the one before it; rows are never changed.
CREATE TABLE audit (
    seq    INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    item   INTEGER,
    detail TEXT NOT NULL,
    prev   TEXT NOT NULL UNIQUE,
    hash   TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_item ON audit(item);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;
