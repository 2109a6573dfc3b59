-- Every subject but the sender gets a notification decision, and a child's may be that a parent
-- on the same recording tells them ('via_parent'; `via_parent` holds the keyed hash of that
-- parent's normalised name, as their own decisions' `subject_key`). SQLite cannot change a
-- CHECK constraint in place: the table is made again, rows and all (nothing refers to it).
CREATE TABLE notifications_new (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    subject_key TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('notified', 'exception', 'via_parent')),
    sealed      BLOB,
    approved_by TEXT REFERENCES users(name),
    decided_by  TEXT NOT NULL REFERENCES users(name),
    decided_at  TEXT NOT NULL,
    ground      TEXT,
    review_on   TEXT,
    via_parent  TEXT,
    CHECK ((kind = 'via_parent') = (via_parent IS NOT NULL))
);
INSERT INTO notifications_new (id, item_id, subject_key, kind, sealed, approved_by, decided_by,
                               decided_at, ground, review_on)
    SELECT id, item_id, subject_key, kind, sealed, approved_by, decided_by, decided_at, ground,
           review_on FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_item ON notifications(item_id);
