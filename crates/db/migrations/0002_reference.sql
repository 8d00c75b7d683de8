-- Reference dictionaries (КАТО, ОКЭД, КПВЭД, ТН ВЭД, МКЕИ, banks, …): one table for all,
-- because they share a shape (code, parent, names) and are browsed the same way.
CREATE TABLE dict_entries (
    dict TEXT NOT NULL,
    code TEXT NOT NULL,
    parent_code TEXT,
    level TEXT,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    name_en TEXT,
    -- Other columns of the source row, as a JSON object.
    extra TEXT,
    -- Normalised ru + kk names (kernel::text) for case-insensitive Cyrillic search.
    search_key TEXT NOT NULL,
    -- Order of the source file (dictionaries have their own order, not code order).
    position BIGINT NOT NULL,
    CONSTRAINT pk_dict_entries PRIMARY KEY (dict, code)
);
CREATE INDEX ix_dict_entries_parent ON dict_entries (dict, parent_code);
CREATE INDEX ix_dict_entries_position ON dict_entries (dict, position);

-- One row per dictionary: where its data came from and when it was loaded. Loading is
-- idempotent: the same file (same sha256) is not loaded twice.
CREATE TABLE dict_imports (
    dict TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    CONSTRAINT pk_dict_imports PRIMARY KEY (dict)
);
