-- The vault of a store that keeps its recordings in the database (`meta` row `vault` =
-- `database`; without that row the vault is a folder of files). Each sealed blob (see
-- `vault.rs`) is a run of rows numbered from 0: row 0 holds the blob's 16-byte header, row
-- n >= 1 its sealed chunk n - 1 (64 KiB of ciphertext and the 16-byte tag; the last may be
-- shorter). Reading from any offset reads the header and the one row it falls in.
CREATE TABLE vault_chunks (
    blob TEXT NOT NULL,
    n    INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (blob, n)
);

-- Blobs whose rows are being written by an import (`at`: when its latest rows were) or are to
-- be removed after a deletion. An import's first rows come with its row here, and the
-- transaction that commits its item removes it, so every blob no item names is listed here:
-- the sweep at open looks only at these, never at every row of the vault.
CREATE TABLE vault_pending (
    blob TEXT PRIMARY KEY,
    at   TEXT NOT NULL
);
