-- A lead may approve going ahead with a further use while a subject's time to reply runs or a
-- complaint is open ('override'). SQLite cannot change a CHECK constraint in place: the table
-- is made again, rows and all (nothing refers to it).
CREATE TABLE approvals_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL
        CHECK (kind IN ('preview', 'exception', 'deletion', 'downgrade', 'settings', 'override')),
    item_id       INTEGER REFERENCES items(id),
    requested_by  TEXT NOT NULL REFERENCES users(name),
    lead          TEXT REFERENCES users(name),
    terms         TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('item', 'store')),
    sealed        BLOB,
    requested_at  TEXT NOT NULL,
    wait_s        INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'declined', 'used', 'expired', 'withdrawn')),
    decided_by    TEXT,
    decided_at    TEXT
);
INSERT INTO approvals_new (id, kind, item_id, requested_by, lead, terms, scope, sealed,
                           requested_at, wait_s, status, decided_by, decided_at)
    SELECT id, kind, item_id, requested_by, lead, terms, scope, sealed,
           requested_at, wait_s, status, decided_by, decided_at FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_new RENAME TO approvals;
CREATE INDEX approvals_pending ON approvals(status, requested_at);
