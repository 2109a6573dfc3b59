-- The preview allowance belongs to the recording (its SHA-256), across cases: the previews of
-- every item holding the same recording are found through this index.
CREATE INDEX items_sha256 ON items(sha256);
