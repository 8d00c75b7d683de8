-- ACC-31, ACC-116: the platform administrator maintains the dictionaries of accounts §2.11.
-- An entry in use is never deleted, only set inactive: it keeps showing on existing records
-- and is no longer offered for new choices.
ALTER TABLE dict_entries ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- The administrator's additions and changes, kept apart from the shipped files so that a
-- reload of new files (refdata::load_dict) applies them again instead of losing them.
CREATE TABLE dict_edits (
    dict TEXT NOT NULL,
    code TEXT NOT NULL,
    parent_code TEXT,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    name_en TEXT,
    active INTEGER NOT NULL,
    edited_at BIGINT NOT NULL,
    edited_by TEXT,
    CONSTRAINT pk_dict_edits PRIMARY KEY (dict, code)
);
