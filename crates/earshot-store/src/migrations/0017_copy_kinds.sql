-- What kind of copy outside the store a copy is: `held`, one the team must see deleted (a
-- worker's phone, a forwarded e-mail), outstanding until its deletion is confirmed; or `handed`,
-- the subject's own copy, handed to them under their right of access, listed but never
-- outstanding. Every copy registered before kinds was held.
ALTER TABLE copies ADD COLUMN kind TEXT NOT NULL DEFAULT 'held' CHECK (kind IN ('held', 'handed'));

-- A member confirms that a copy of theirs was deleted when someone else records it ('copy': an
-- approval asked of that member, whatever their role). SQLite cannot change a CHECK constraint
-- in place: the table is made again, rows and all (nothing refers to it).
CREATE TABLE approvals_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL
        CHECK (kind IN ('preview', 'exception', 'deletion', 'downgrade', 'settings', 'override',
                        'copy')),
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
