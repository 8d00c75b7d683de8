-- Core tables shared by every slice.

-- Named counters: document numbers and the change sequence that search indexes follow.
-- Allocation is one atomic UPDATE … RETURNING (db::allocate), never read-then-write.
CREATE TABLE counters (
    name TEXT NOT NULL,
    value BIGINT NOT NULL,
    CONSTRAINT pk_counters PRIMARY KEY (name)
);

-- Key/value facts about this installation (reference data loaded, demo size, …).
CREATE TABLE settings (
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_settings PRIMARY KEY (name)
);
