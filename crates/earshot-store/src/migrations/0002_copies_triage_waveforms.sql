-- Known copies outside the store, triage (escalations and assignments), waveform overviews.

-- Where else a recording is known to be (a worker's phone, a chat app), until someone confirms
-- its deletion. Sealed with the store's field key, so the list outlives the item's own key.
CREATE TABLE copies (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES items(id),
    sealed        BLOB NOT NULL,
    registered_by TEXT NOT NULL REFERENCES users(name),
    registered_at TEXT NOT NULL,
    confirmed_at  TEXT,
    confirmed_by  TEXT REFERENCES users(name)
);
CREATE INDEX copies_item ON copies(item_id);

CREATE TABLE escalations (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    by_user     TEXT NOT NULL REFERENCES users(name),
    sealed      BLOB,
    at          TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT REFERENCES users(name)
);
CREATE INDEX escalations_item ON escalations(item_id);

ALTER TABLE items ADD COLUMN assigned_to TEXT REFERENCES users(name);

-- The waveform overview: fine buckets, encrypted with the item's key.
CREATE TABLE waveforms (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    sealed  BLOB,
    made_at TEXT NOT NULL
);
