-- The profile rows of spec/accounts.md: passport data of an account (§2.8) and contact rows of
-- an account or of a participant (§2.9). Rows a user typed are `MANUAL`; rows from an outside
-- system are `EXTERNAL` and cannot be edited or deleted by hand (ACC-100, ACC-101, ACC-112).
-- Dates are 'YYYY-MM-DD' text; times unix ms.

CREATE TABLE identity_documents (
    id BIGINT NOT NULL,
    account_id TEXT NOT NULL,
    doc_type TEXT NOT NULL,           -- ID_CARD | PASSPORT | FOREIGN_PASSPORT | RESIDENCE_PERMIT | OTHER
    number TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    expiry_date TEXT,
    issuer TEXT NOT NULL,
    source TEXT NOT NULL,             -- MANUAL | EXTERNAL
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_identity_documents PRIMARY KEY (id),
    CONSTRAINT uq_identity_documents_number UNIQUE (account_id, doc_type, number)
);

CREATE TABLE contact_entries (
    id BIGINT NOT NULL,
    account_id TEXT,                  -- exactly one of account_id and participant_id
    participant_id TEXT,
    kind TEXT NOT NULL,               -- MOBILE | WORK_PHONE | FAX | EMAIL | ADDRESS | OTHER
    value TEXT NOT NULL,
    note TEXT,
    source TEXT NOT NULL,             -- MANUAL | EXTERNAL
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_contact_entries PRIMARY KEY (id)
);
CREATE INDEX ix_contact_entries_account ON contact_entries (account_id);
CREATE INDEX ix_contact_entries_participant ON contact_entries (participant_id);
