-- Master-key epochs. Each item's key is wrapped under one epoch's key (items.key_epoch); a
-- rotation wraps every live item's key again under a new epoch, in one transaction, and marks
-- the epoch before it superseded. An epoch whose key file has been destroyed is retired: backups
-- made while it was the current one can no longer be read. Epoch 0 is the master key itself,
-- under which stores from before epochs wrapped their item keys; it is never retired (the
-- master key stays: the log's pseudonyms and the store's own fields are keyed from it).
CREATE TABLE key_epochs (
    epoch         INTEGER PRIMARY KEY,
    -- Proves the key file of this epoch is the one the store made (NULL for epoch 0, which the
    -- master key's own check in meta covers).
    key_check     TEXT,
    created_at    TEXT NOT NULL,
    superseded_at TEXT,
    -- The highest item id when it was superseded: items up to it may have had their key
    -- wrapped under it (and so in a backup of that time).
    last_item     INTEGER,
    retired_at    TEXT,
    retired_by    TEXT
);
-- A store from before epochs: its item keys are wrapped under the master key (epoch 0), which
-- the store's next open supersedes with epoch 1.
INSERT INTO key_epochs(epoch, key_check, created_at)
    SELECT 0, NULL, value FROM meta WHERE key = 'created_at';
ALTER TABLE items ADD COLUMN key_epoch INTEGER NOT NULL DEFAULT 0;
CREATE INDEX items_key_epoch ON items(key_epoch) WHERE wrapped_key IS NOT NULL;
