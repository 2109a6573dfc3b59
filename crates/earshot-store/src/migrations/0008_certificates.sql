-- The certificate of a deletion is recorded in the deletion's own transaction, so an
-- interrupted deletion never leaves an item shredded without it; `earshot certificate ITEM`
-- issues its files again at any time. `sealed` holds what the certificate says that the
-- deletion destroys (file name, reason, who asked), sealed with the store's key.
CREATE TABLE certificates (
    item_id     INTEGER PRIMARY KEY REFERENCES items(id),
    recorded_at TEXT NOT NULL,
    sealed      BLOB NOT NULL
);
