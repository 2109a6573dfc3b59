-- The Merkle tree over the audit log (RFC 9162): the root of every complete subtree, level 0
-- being the leaf hashes (leaf index = seq - 1), so that a root or a proof reads a few dozen
-- rows. Written with each entry, in its transaction; filled for older entries when the store
-- is next opened. Rows are never changed.
CREATE TABLE audit_tree (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree
BEGIN SELECT RAISE(ABORT, 'audit tree nodes cannot be changed'); END;
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree
BEGIN SELECT RAISE(ABORT, 'audit tree nodes cannot be deleted'); END;
