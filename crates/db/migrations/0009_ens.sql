-- ЕНС ТРУ in the account layer (spec/accounts.md §2.5, §2.16, §3.12): the organisation profile
-- of Приложение №1 kept beside its participant (ACC-27, ACC-28), and the access requests of
-- users with their power of attorney (ACC-93…ACC-96).

-- §2.5: one profile per participant; the Appendix 1 fields that the participant does not have.
-- «Наименование на русском языке», «БИН» and «Форма собственности» live in `participants`.
CREATE TABLE ens_org_profiles (
    participant_id TEXT NOT NULL,
    name_kk TEXT,
    parent_participant_id TEXT,         -- «Родительская организация»: not itself, no cycles
    rnn TEXT,                           -- 12 digits
    region TEXT,                        -- a КАТО code of the top level
    address TEXT,
    contact_last_name TEXT,
    contact_first_name TEXT,
    contact_middle_name TEXT,
    contact_position TEXT,
    contact_work_phone TEXT,
    contact_mobile_phone TEXT,
    contact_email TEXT NOT NULL,        -- the only field marked `*` on the form
    -- Folded words of the names and the БИН (kernel::text), for the list search: SQLite folds
    -- only ASCII, so matching is on a key computed in Rust.
    search_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    CONSTRAINT pk_ens_org_profiles PRIMARY KEY (participant_id)
);

-- §2.16: «заявка на создание пользователя ЕНС ТРУ». The power of attorney is kept in the row,
-- written in the same transaction as the request (a file store is a later step).
CREATE TABLE ens_access_requests (
    id BIGINT NOT NULL,
    account_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    last_name TEXT NOT NULL,            -- from the signing certificate (ACC-17)
    first_name TEXT NOT NULL,
    email TEXT NOT NULL,                -- the certificate's, else the account's
    bin TEXT NOT NULL,
    position TEXT NOT NULL,
    phone TEXT NOT NULL,
    poa_file_name TEXT NOT NULL,
    poa_mime TEXT NOT NULL,             -- application/pdf | image/jpeg | image/png (magic bytes)
    poa_size BIGINT NOT NULL,
    poa_sha256 TEXT NOT NULL,           -- signed with the request
    poa_content BYTEA NOT NULL,
    agreement_version TEXT NOT NULL,    -- USER_ENS accepted with the request
    signature_id BIGINT NOT NULL,       -- «Подать заявку» (purpose ens.access_request)
    status TEXT NOT NULL,               -- SUBMITTED | ACCREDITED | REFUSED
    -- `account_id participant_id` while SUBMITTED, NULL once decided: one pending request per
    -- pair (ACC-130). Both backends allow any number of NULLs under UNIQUE.
    pending_key TEXT,
    refusal_reason TEXT,
    decided_by TEXT,
    decided_at BIGINT,
    created_at BIGINT NOT NULL,
    CONSTRAINT pk_ens_access_requests PRIMARY KEY (id),
    CONSTRAINT uq_ens_access_requests_pending UNIQUE (pending_key)
);
CREATE INDEX ix_ens_access_requests_status ON ens_access_requests (status, created_at);
CREATE INDEX ix_ens_access_requests_account ON ens_access_requests (account_id);
