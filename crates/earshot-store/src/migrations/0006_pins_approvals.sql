-- Wrong PINs and PIN locks: five wrong PINs for one lead within 15 minutes lock that lead's PIN
-- for 15 minutes. Failures are counted from this table (since the last lock ended).
CREATE TABLE pin_failures (
    id       INTEGER PRIMARY KEY,
    lead     TEXT NOT NULL REFERENCES users(name),
    by_user  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX pin_failures_by_lead ON pin_failures(lead, at);
ALTER TABLE users ADD COLUMN pin_locked_until TEXT;

-- Approvals asked of a lead, answered from the lead's own session. `terms` is what exactly is
-- asked (JSON, no personal data in clear: names are keyed hashes); the approval holds for
-- exactly that. `sealed` holds the reason and a decline's reason: with the item's key when
-- there is an item (scope 'item'), else with the store's key (scope 'store').
CREATE TABLE approvals (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL
        CHECK (kind IN ('preview', 'exception', 'deletion', 'downgrade', 'settings')),
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
CREATE INDEX approvals_pending ON approvals(status, requested_at);
