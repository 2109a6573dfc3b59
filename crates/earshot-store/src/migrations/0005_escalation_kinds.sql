-- What a worker asks the team leaders for: a supervised preview, the approval of an exception
-- to notifying a parent, or anything else. Requests of the first two kinds are resolved when a
-- lead supervises a preview of the item, or approves an exception for it.
ALTER TABLE escalations ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('other', 'preview', 'exception'));
