-- How a request to the team leaders ended: resolved (by the lead's action that answered it, or
-- by hand), or dismissed with the lead's note, sealed with the item's field key. Rows resolved
-- before this migration count as resolved.
ALTER TABLE escalations ADD COLUMN outcome TEXT CHECK (outcome IN ('resolved', 'dismissed'));
ALTER TABLE escalations ADD COLUMN note_sealed BLOB;
UPDATE escalations SET outcome = 'resolved' WHERE resolved_at IS NOT NULL;
