-- The register of further uses outlives the recording (AVG art. 19: whoever received a summary is
-- told of the deletion): when, for what and to whom, sealed with the store's key. The summary
-- itself stays in `sealed`, with the item's key, and is destroyed with it.
ALTER TABLE uses ADD COLUMN register BLOB;
