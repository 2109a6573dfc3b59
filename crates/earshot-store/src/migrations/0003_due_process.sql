-- Due process: letters written to subjects, their responses, their access requests, the
-- complaint register. Personal text is sealed: with the item's key when it concerns an item
-- (and destroyed with it), else with the store's field key. Dates and states stay in clear text
-- so that deadlines can be listed without decrypting anything.

-- A letter written to a subject (the letter itself is not kept: only its hash and the audit
-- head it quoted).
CREATE TABLE letters (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    subject_key TEXT NOT NULL,
    kind        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    format      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    audit_head  TEXT NOT NULL,
    respond_by  TEXT,
    written_by  TEXT NOT NULL REFERENCES users(name),
    written_at  TEXT NOT NULL
);
CREATE INDEX letters_item ON letters(item_id);

-- A subject's response to a letter or a notification.
CREATE TABLE responses (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items(id),
    subject_key  TEXT NOT NULL,
    sealed       BLOB,
    received_on  TEXT NOT NULL,
    complaint_id INTEGER REFERENCES complaints(id),
    recorded_by  TEXT NOT NULL REFERENCES users(name),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX responses_item ON responses(item_id);

-- A subject's request for access (GDPR art. 15): one month, extendable once by two.
CREATE TABLE access_requests (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items(id),
    subject_key  TEXT NOT NULL,
    sealed       BLOB,
    requested_on TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    extended_to  TEXT,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'granted')),
    approved_by  TEXT REFERENCES users(name),
    granted_by   TEXT REFERENCES users(name),
    granted_at   TEXT,
    export_sha256 TEXT,
    recorded_by  TEXT NOT NULL REFERENCES users(name),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX access_requests_item ON access_requests(item_id);

-- The complaint register (Awb chapter 9). `scope` says which key seals `sealed`: the item's
-- ('item', destroyed with it) or the store's ('store').
CREATE TABLE complaints (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER REFERENCES items(id),
    case_id         TEXT REFERENCES cases(id),
    scope           TEXT NOT NULL CHECK (scope IN ('item', 'store')),
    sealed          BLOB,
    kind            TEXT NOT NULL DEFAULT 'complaint' CHECK (kind IN ('complaint', 'information_request')),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    received_on     TEXT NOT NULL,
    acknowledge_by  TEXT NOT NULL,
    acknowledged_on TEXT,
    decide_by       TEXT NOT NULL,
    extended_to     TEXT,
    downgraded_by   TEXT REFERENCES users(name),
    closed_on       TEXT,
    registered_by   TEXT NOT NULL REFERENCES users(name),
    registered_at   TEXT NOT NULL
);
CREATE INDEX complaints_item ON complaints(item_id);
CREATE INDEX complaints_open ON complaints(status, decide_by);
