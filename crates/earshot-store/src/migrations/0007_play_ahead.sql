-- Full playback logs ahead, never behind: while a session plays, a claim reaching a little past
-- the current position is written first (ahead = 1). A session that ends normally replaces its
-- claims with what was really heard; one that is killed keeps them, so the record over-states
-- by at most the claim's reach and never under-states.
ALTER TABLE plays ADD COLUMN ahead INTEGER NOT NULL DEFAULT 0;
