-- Intake (WhatsApp exports, the drop folder): the chat messages around an imported attachment.

-- The messages just before and after the attachment an item came from, sealed with the item's
-- own field key: unreadable once the item's key is destroyed, and cleared with it.
CREATE TABLE chat_context (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    sealed  BLOB,
    source  TEXT NOT NULL,
    made_at TEXT NOT NULL
);

-- Deleting an item (its wrapped key set to NULL) clears its chat context in the same
-- transaction, whichever code deletes it.
CREATE TRIGGER chat_context_shred AFTER UPDATE OF wrapped_key ON items
WHEN NEW.wrapped_key IS NULL
BEGIN
    UPDATE chat_context SET sealed = NULL WHERE item_id = NEW.id;
END;
