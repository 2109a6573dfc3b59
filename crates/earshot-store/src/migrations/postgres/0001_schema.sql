-- The schema of a store in PostgreSQL: the same tables, columns and rules as the embedded
-- SQLite store after its migration 0022 (a test compares the two), in PostgreSQL's types:
-- INTEGER is BIGINT, BLOB is BYTEA, and text compares byte by byte (COLLATE "C"), as SQLite's
-- does, so that every list comes out in the same order on both.

CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
CREATE TABLE settings (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
CREATE TABLE users (
    name     TEXT COLLATE "C" PRIMARY KEY,
    role     TEXT COLLATE "C" NOT NULL CHECK (role IN ('lead', 'worker')),
    pin_hash TEXT COLLATE "C",
    added_at TEXT COLLATE "C" NOT NULL
, pin_locked_until TEXT COLLATE "C", full_name TEXT COLLATE "C", title TEXT COLLATE "C");
CREATE TABLE cases (
    id         TEXT COLLATE "C" PRIMARY KEY,
    created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE items (
    id           BIGINT PRIMARY KEY,
    case_id      TEXT COLLATE "C" NOT NULL REFERENCES cases(id),
    received_at  TEXT COLLATE "C" NOT NULL,
    received_by  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    channel      TEXT COLLATE "C" NOT NULL,
    blob         TEXT COLLATE "C" NOT NULL UNIQUE,
    wrapped_key  BYTEA,
    sha256       TEXT COLLATE "C" NOT NULL,
    size         BIGINT NOT NULL,
    container    TEXT COLLATE "C" NOT NULL,
    codec        TEXT COLLATE "C" NOT NULL,
    sample_rate  BIGINT NOT NULL,
    channels     BIGINT NOT NULL,
    duration_ms  BIGINT NOT NULL,
    sealed       BYTEA,
    stage        TEXT COLLATE "C" NOT NULL DEFAULT 'received',
    secretly     TEXT COLLATE "C" NOT NULL DEFAULT 'unknown',
    pending_notifications BIGINT NOT NULL DEFAULT 0,
    described_at TEXT COLLATE "C",
    deleted_at   TEXT COLLATE "C"
, assigned_to TEXT COLLATE "C" REFERENCES users(name), key_epoch BIGINT NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX items_live_recording ON items(case_id, sha256) WHERE deleted_at IS NULL;
CREATE INDEX items_case ON items(case_id);
CREATE TABLE uses (
    id      BIGINT PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    sealed  BYTEA,
    by_user TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    at      TEXT COLLATE "C" NOT NULL
, register BYTEA);
CREATE INDEX uses_item ON uses(item_id);
CREATE TABLE previews (
    id          BIGINT PRIMARY KEY,
    item_id     BIGINT NOT NULL REFERENCES items(id),
    user_name   TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    supervisor  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    from_ms     BIGINT NOT NULL,
    window_ms   BIGINT NOT NULL,
    heard_ms    BIGINT,
    sink        TEXT COLLATE "C" NOT NULL,
    started_at  TEXT COLLATE "C" NOT NULL,
    ended_at    TEXT COLLATE "C"
);
CREATE INDEX previews_item ON previews(item_id);
CREATE TABLE plays (
    id        BIGINT PRIMARY KEY,
    item_id   BIGINT NOT NULL REFERENCES items(id),
    user_name TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    session   TEXT COLLATE "C" NOT NULL,
    from_ms   BIGINT NOT NULL,
    to_ms     BIGINT NOT NULL,
    sink      TEXT COLLATE "C" NOT NULL,
    at        TEXT COLLATE "C" NOT NULL
, ahead BIGINT NOT NULL DEFAULT 0);
CREATE INDEX plays_item ON plays(item_id);
CREATE TABLE audit (
    seq    BIGINT PRIMARY KEY,
    at     TEXT COLLATE "C" NOT NULL,
    actor  TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    item   BIGINT,
    detail TEXT COLLATE "C" NOT NULL,
    prev   TEXT COLLATE "C" NOT NULL UNIQUE,
    hash   TEXT COLLATE "C" NOT NULL UNIQUE
);
CREATE INDEX audit_item ON audit(item);
CREATE TABLE copies (
    id            BIGINT PRIMARY KEY,
    item_id       BIGINT NOT NULL REFERENCES items(id),
    sealed        BYTEA NOT NULL,
    registered_by TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    registered_at TEXT COLLATE "C" NOT NULL,
    confirmed_at  TEXT COLLATE "C",
    confirmed_by  TEXT COLLATE "C" REFERENCES users(name)
, kind TEXT COLLATE "C" NOT NULL DEFAULT 'held' CHECK (kind IN ('held', 'handed')));
CREATE INDEX copies_item ON copies(item_id);
CREATE TABLE escalations (
    id          BIGINT PRIMARY KEY,
    item_id     BIGINT NOT NULL REFERENCES items(id),
    by_user     TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    sealed      BYTEA,
    at          TEXT COLLATE "C" NOT NULL,
    resolved_at TEXT COLLATE "C",
    resolved_by TEXT COLLATE "C" REFERENCES users(name)
, kind TEXT COLLATE "C" NOT NULL DEFAULT 'other'
    CHECK (kind IN ('other', 'preview', 'exception')), outcome TEXT COLLATE "C" CHECK (outcome IN ('resolved', 'dismissed')), note_sealed BYTEA);
CREATE INDEX escalations_item ON escalations(item_id);
CREATE TABLE waveforms (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    sealed  BYTEA,
    made_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE letters (
    id          BIGINT PRIMARY KEY,
    item_id     BIGINT NOT NULL REFERENCES items(id),
    subject_key TEXT COLLATE "C" NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL,
    lang        TEXT COLLATE "C" NOT NULL,
    format      TEXT COLLATE "C" NOT NULL,
    sha256      TEXT COLLATE "C" NOT NULL,
    audit_head  TEXT COLLATE "C" NOT NULL,
    respond_by  TEXT COLLATE "C",
    written_by  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    written_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX letters_item ON letters(item_id);
CREATE TABLE access_requests (
    id           BIGINT PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES items(id),
    subject_key  TEXT COLLATE "C" NOT NULL,
    sealed       BYTEA,
    requested_on TEXT COLLATE "C" NOT NULL,
    due_on       TEXT COLLATE "C" NOT NULL,
    extended_to  TEXT COLLATE "C",
    status       TEXT COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'granted')),
    approved_by  TEXT COLLATE "C" REFERENCES users(name),
    granted_by   TEXT COLLATE "C" REFERENCES users(name),
    granted_at   TEXT COLLATE "C",
    export_sha256 TEXT COLLATE "C",
    recorded_by  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    recorded_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX access_requests_item ON access_requests(item_id);
CREATE TABLE complaints (
    id              BIGINT PRIMARY KEY,
    item_id         BIGINT REFERENCES items(id),
    case_id         TEXT COLLATE "C" REFERENCES cases(id),
    scope           TEXT COLLATE "C" NOT NULL CHECK (scope IN ('item', 'store')),
    sealed          BYTEA,
    kind            TEXT COLLATE "C" NOT NULL DEFAULT 'complaint' CHECK (kind IN ('complaint', 'information_request')),
    status          TEXT COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    received_on     TEXT COLLATE "C" NOT NULL,
    acknowledge_by  TEXT COLLATE "C" NOT NULL,
    acknowledged_on TEXT COLLATE "C",
    decide_by       TEXT COLLATE "C" NOT NULL,
    extended_to     TEXT COLLATE "C",
    downgraded_by   TEXT COLLATE "C" REFERENCES users(name),
    closed_on       TEXT COLLATE "C",
    registered_by   TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    registered_at   TEXT COLLATE "C" NOT NULL
, heard_on TEXT COLLATE "C", heard_by TEXT COLLATE "C", hearing_skipped TEXT COLLATE "C"
    CHECK (hearing_skipped IN ('manifestly_unfounded', 'waived', 'no_response')));
CREATE INDEX complaints_item ON complaints(item_id);
CREATE INDEX complaints_open ON complaints(status, decide_by);
CREATE TABLE responses (
    id           BIGINT PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES items(id),
    subject_key  TEXT COLLATE "C" NOT NULL,
    sealed       BYTEA,
    received_on  TEXT COLLATE "C" NOT NULL,
    complaint_id BIGINT REFERENCES complaints(id),
    recorded_by  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    recorded_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX responses_item ON responses(item_id);
CREATE TABLE chat_context (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    sealed  BYTEA,
    source  TEXT COLLATE "C" NOT NULL,
    made_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE pin_failures (
    id       BIGINT PRIMARY KEY,
    lead     TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    by_user  TEXT COLLATE "C" NOT NULL,
    at       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX pin_failures_by_lead ON pin_failures(lead, at);
CREATE TABLE certificates (
    item_id     BIGINT PRIMARY KEY REFERENCES items(id),
    recorded_at TEXT COLLATE "C" NOT NULL,
    sealed      BYTEA NOT NULL
);
CREATE INDEX items_received ON items(received_at, id);
CREATE INDEX items_sha256 ON items(sha256);
CREATE TABLE audit_tree (
    level BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);
CREATE TABLE key_epochs (
    epoch         BIGINT PRIMARY KEY,
    -- Proves the key file of this epoch is the one the store made (NULL for epoch 0, which the
    -- master key's own check in meta covers).
    key_check     TEXT COLLATE "C",
    created_at    TEXT COLLATE "C" NOT NULL,
    superseded_at TEXT COLLATE "C",
    -- The highest item id when it was superseded: items up to it may have had their key
    -- wrapped under it (and so in a backup of that time).
    last_item     BIGINT,
    retired_at    TEXT COLLATE "C",
    retired_by    TEXT COLLATE "C"
);
CREATE INDEX items_key_epoch ON items(key_epoch) WHERE wrapped_key IS NOT NULL;
CREATE TABLE erasure_requests (
    id           BIGINT PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES items(id),
    subject_key  TEXT COLLATE "C" NOT NULL,
    sealed       BYTEA,
    requested_on TEXT COLLATE "C" NOT NULL,
    due_on       TEXT COLLATE "C" NOT NULL,
    extended_to  TEXT COLLATE "C",
    decision     TEXT COLLATE "C" CHECK (decision IN ('granted', 'refused')),
    decided_by   TEXT COLLATE "C" REFERENCES users(name),
    decided_on   TEXT COLLATE "C",
    recorded_by  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    recorded_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX erasure_requests_item ON erasure_requests(item_id);
CREATE TABLE approvals (
    id            BIGINT PRIMARY KEY,
    kind          TEXT COLLATE "C" NOT NULL
        CHECK (kind IN ('preview', 'exception', 'deletion', 'downgrade', 'settings', 'override',
                        'copy')),
    item_id       BIGINT REFERENCES items(id),
    requested_by  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    lead          TEXT COLLATE "C" REFERENCES users(name),
    terms         TEXT COLLATE "C" NOT NULL,
    scope         TEXT COLLATE "C" NOT NULL CHECK (scope IN ('item', 'store')),
    sealed        BYTEA,
    requested_at  TEXT COLLATE "C" NOT NULL,
    wait_s        BIGINT NOT NULL,
    status        TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'declined', 'used', 'expired', 'withdrawn')),
    decided_by    TEXT COLLATE "C",
    decided_at    TEXT COLLATE "C"
);
CREATE INDEX approvals_pending ON approvals(status, requested_at);
CREATE TABLE notifications (
    id          BIGINT PRIMARY KEY,
    item_id     BIGINT NOT NULL REFERENCES items(id),
    subject_key TEXT COLLATE "C" NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL CHECK (kind IN ('notified', 'exception', 'via_parent')),
    sealed      BYTEA,
    approved_by TEXT COLLATE "C" REFERENCES users(name),
    decided_by  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    decided_at  TEXT COLLATE "C" NOT NULL,
    ground      TEXT COLLATE "C",
    review_on   TEXT COLLATE "C",
    via_parent  TEXT COLLATE "C",
    CHECK ((kind = 'via_parent') = (via_parent IS NOT NULL))
);
CREATE INDEX notifications_item ON notifications(item_id);

-- A new row's id is the table's largest id + 1, as SQLite gives an INTEGER PRIMARY KEY. The
-- store asks for that id (NextId) before it writes the row, to bind sealed values to it; every
-- write transaction holds the store's advisory lock, so no other writer takes it meanwhile.
CREATE FUNCTION earshot_next_id() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT COALESCE(MAX(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO NEW.id;
    END IF;
    RETURN NEW;
END
$f$;
CREATE TRIGGER items_next_id BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER uses_next_id BEFORE INSERT ON uses FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER previews_next_id BEFORE INSERT ON previews FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER plays_next_id BEFORE INSERT ON plays FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER copies_next_id BEFORE INSERT ON copies FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER escalations_next_id BEFORE INSERT ON escalations FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER letters_next_id BEFORE INSERT ON letters FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER access_requests_next_id BEFORE INSERT ON access_requests FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER complaints_next_id BEFORE INSERT ON complaints FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER responses_next_id BEFORE INSERT ON responses FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER pin_failures_next_id BEFORE INSERT ON pin_failures FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER erasure_requests_next_id BEFORE INSERT ON erasure_requests FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER approvals_next_id BEFORE INSERT ON approvals FOR EACH ROW EXECUTE FUNCTION earshot_next_id();
CREATE TRIGGER notifications_next_id BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION earshot_next_id();

CREATE FUNCTION earshot_next_seq() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.seq IS NULL THEN
        SELECT COALESCE(MAX(seq), 0) + 1 FROM audit INTO NEW.seq;
    END IF;
    RETURN NEW;
END
$f$;
CREATE TRIGGER audit_next_seq BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION earshot_next_seq();

-- The log and its tree are written once and never changed.
CREATE FUNCTION earshot_refuse() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END
$f$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION earshot_refuse('audit entries cannot be changed');
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION earshot_refuse('audit entries cannot be deleted');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION earshot_refuse('audit entries cannot be deleted');
CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree
    FOR EACH ROW EXECUTE FUNCTION earshot_refuse('audit tree nodes cannot be changed');
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree
    FOR EACH ROW EXECUTE FUNCTION earshot_refuse('audit tree nodes cannot be deleted');

-- Deleting an item's key empties its chat context too.
CREATE FUNCTION earshot_chat_context_shred() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE chat_context SET sealed = NULL WHERE item_id = NEW.id;
    RETURN NEW;
END
$f$;
CREATE TRIGGER chat_context_shred AFTER UPDATE OF wrapped_key ON items
    FOR EACH ROW WHEN (NEW.wrapped_key IS NULL) EXECUTE FUNCTION earshot_chat_context_shred();

-- An audit entry's detail as JSON, or NULL when it is not JSON (as SQLite's json_valid skips
-- it), for the statements that look inside.
CREATE FUNCTION earshot_json(t TEXT) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    RETURN t::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$f$;

-- The vault: each recording's sealed bytes, one row per encrypted chunk.
CREATE TABLE vault_chunks (
    blob TEXT COLLATE "C" NOT NULL,
    n    BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (blob, n)
);

-- Blobs whose rows an import is writing, or that a deletion is removing (see the embedded
-- store's migration 0022).
CREATE TABLE vault_pending (
    blob TEXT COLLATE "C" PRIMARY KEY,
    at   TEXT COLLATE "C" NOT NULL
);
