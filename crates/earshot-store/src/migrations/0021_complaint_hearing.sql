-- The hearing of a complainant (Awb art. 9:10): when and by whom, or why it was skipped
-- (9:10(2): manifestly unfounded, waived, no response). The notes are sealed with the
-- complaint's other texts.
ALTER TABLE complaints ADD COLUMN heard_on TEXT;
ALTER TABLE complaints ADD COLUMN heard_by TEXT;
ALTER TABLE complaints ADD COLUMN hearing_skipped TEXT
    CHECK (hearing_skipped IN ('manifestly_unfounded', 'waived', 'no_response'));
