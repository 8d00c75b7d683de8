-- Classifiers: ОКТРУ (категория → группа → класс → вид) and ЕНС ТРУ (15/30-character codes).
--
-- Versions: every import of a classifier creates a version. Rows carry the range of version
-- numbers they belong to (version_from … version_to, NULL = still current), so an import
-- that renames or removes a code closes the old row instead of deleting it, and old codes
-- stay resolvable (type-2 history). `seq` is the change sequence (counter 'change_seq'):
-- every row written or closed gets a new one, and the search indexes follow it to catch up
-- after a restart or a crash.

CREATE TABLE classifier_versions (
    kind TEXT NOT NULL,             -- 'oktru' | 'enstru'
    number BIGINT NOT NULL,         -- 1, 2, … per kind
    label TEXT NOT NULL,
    source TEXT NOT NULL,           -- file name, or 'demo'
    sha256 TEXT NOT NULL,
    is_demo INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    added BIGINT NOT NULL,
    changed BIGINT NOT NULL,
    removed BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    CONSTRAINT pk_classifier_versions PRIMARY KEY (kind, number)
);

CREATE TABLE oktru_nodes (
    code TEXT NOT NULL,             -- 4-4-4-9 digits joined by dots, by level
    version_from BIGINT NOT NULL,
    version_to BIGINT,
    level TEXT NOT NULL,            -- category | group | class | kind
    parent_code TEXT,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    -- Attribute set of a class (JSON array of attribute definitions), NULL for other levels.
    attributes TEXT,
    -- The ТН ВЭД code a demo node was derived from.
    tnved TEXT,
    is_demo INTEGER NOT NULL,
    row_hash TEXT NOT NULL,         -- sha256 of the row's content, to diff imports
    seq BIGINT NOT NULL,
    CONSTRAINT pk_oktru_nodes PRIMARY KEY (code, version_from)
);
CREATE INDEX ix_oktru_nodes_parent ON oktru_nodes (parent_code, version_to);
CREATE INDEX ix_oktru_nodes_seq ON oktru_nodes (seq);

CREATE TABLE ens_sections (
    code TEXT NOT NULL,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    is_demo INTEGER NOT NULL,
    CONSTRAINT pk_ens_sections PRIMARY KEY (code)
);

CREATE TABLE ens_classes (
    code TEXT NOT NULL,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    attributes TEXT NOT NULL,       -- JSON array of attribute definitions (at least one)
    is_demo INTEGER NOT NULL,
    CONSTRAINT pk_ens_classes PRIMARY KEY (code)
);

CREATE TABLE ens_codes (
    code TEXT NOT NULL,             -- exactly 15 or 30 characters
    version_from BIGINT NOT NULL,
    version_to BIGINT,
    code_length BIGINT NOT NULL,    -- 15 | 30
    subject_type TEXT NOT NULL,     -- goods | works | services
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    characteristics TEXT,
    kpved TEXT NOT NULL,            -- КПВЭД code with dots, e.g. 24.20.12
    section_code TEXT,
    class_code TEXT,
    attributes TEXT NOT NULL,       -- JSON array of {name, value}
    units TEXT NOT NULL,            -- JSON array of МКЕИ codes
    synonyms TEXT NOT NULL,         -- JSON array of strings
    status TEXT NOT NULL,           -- active | archived
    is_demo INTEGER NOT NULL,
    row_hash TEXT NOT NULL,
    seq BIGINT NOT NULL,
    CONSTRAINT pk_ens_codes PRIMARY KEY (code, version_from)
);
CREATE INDEX ix_ens_codes_current ON ens_codes (code, version_to);
CREATE INDEX ix_ens_codes_seq ON ens_codes (seq);
CREATE INDEX ix_ens_codes_kpved ON ens_codes (kpved);

-- Many-to-many replacement between the two code versions (G-10).
CREATE TABLE ens_replacements (
    code_v15 TEXT NOT NULL,
    code_v30 TEXT NOT NULL,
    CONSTRAINT pk_ens_replacements PRIMARY KEY (code_v15, code_v30)
);
CREATE INDEX ix_ens_replacements_v30 ON ens_replacements (code_v30);
