-- Erasure requests (AVG art. 17), on the clock of art. 12(3) like access requests: one month,
-- extendable once by at most two. `subject_key` is the keyed hash of the subject's normalised
-- name; `sealed` (the name, the reasons) is sealed with the item's key, so deleting the item
-- destroys it while the row (dates, decision, who decided) stays in the register. A granted
-- request is done when the item is deleted (`items.deleted_at`).
CREATE TABLE erasure_requests (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items(id),
    subject_key  TEXT NOT NULL,
    sealed       BLOB,
    requested_on TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    extended_to  TEXT,
    decision     TEXT CHECK (decision IN ('granted', 'refused')),
    decided_by   TEXT REFERENCES users(name),
    decided_on   TEXT,
    recorded_by  TEXT NOT NULL REFERENCES users(name),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX erasure_requests_item ON erasure_requests(item_id);
