-- Participants, their members and bank accounts (spec/accounts.md §2.4, §2.10–§2.15): one
-- record per ИИН/БИН, memberships with authorities, the platform's bank dictionary (seeded from
-- the reference data, extended by approved new-bank requests), bank accounts with КБе, new-bank
-- requests and join requests.

CREATE TABLE participants (
    id TEXT NOT NULL,
    type TEXT NOT NULL,                 -- FL | IP | KH | UL
    id_number TEXT NOT NULL,            -- ИИН or БИН, from the certificate
    name TEXT NOT NULL,
    state_reg_date TEXT,
    state_reg_doc_number TEXT,
    state_reg_authority TEXT,
    country TEXT NOT NULL,              -- ISO 3166-1 alpha-2
    is_organizer INTEGER NOT NULL,
    is_supplier INTEGER NOT NULL,
    kopf TEXT,
    kse TEXT NOT NULL,
    kfs TEXT,
    is_resident INTEGER NOT NULL,
    is_small_business INTEGER NOT NULL,
    is_medium_business INTEGER NOT NULL,
    email TEXT NOT NULL,
    website TEXT,
    phones TEXT NOT NULL,
    applicant_full_name TEXT,
    applicant_position TEXT,
    head_iin TEXT,
    head_last_name TEXT,
    head_first_name TEXT,
    head_middle_name TEXT,
    head_position TEXT,
    head_membership_id BIGINT,
    status TEXT NOT NULL,               -- ADMIN_CREATED | ACTIVE | BLOCKED
    is_single_distributor INTEGER NOT NULL,
    blocked_reason TEXT,
    registered_by TEXT,
    registered_at BIGINT,
    agreement_signature_id BIGINT,
    created_at BIGINT NOT NULL,
    created_by TEXT,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    CONSTRAINT pk_participants PRIMARY KEY (id),
    CONSTRAINT uq_participants_id_number UNIQUE (id_number)
);

CREATE TABLE memberships (
    id BIGINT NOT NULL,
    account_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    status TEXT NOT NULL,               -- ACTIVE | BLOCKED | ENDED
    position TEXT,
    authorities TEXT NOT NULL,          -- JSON array of §2.14 codes
    block_reason TEXT,
    blocked_by TEXT,
    blocked_at BIGINT,
    source TEXT NOT NULL,               -- PARTICIPANT_REGISTRATION | JOIN_REQUEST | ENS_ACCREDITATION | ADMIN
    joined_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    CONSTRAINT pk_memberships PRIMARY KEY (id),
    CONSTRAINT uq_memberships_pair UNIQUE (account_id, participant_id)
);
CREATE INDEX ix_memberships_participant ON memberships (participant_id, status);

-- §2.11 `Bank`: the banks «зарегистрированные в системе».
CREATE TABLE banks (
    bic TEXT NOT NULL,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    iban_code TEXT,                     -- 3 digits, Kazakhstan banks
    bin TEXT,
    country TEXT NOT NULL,
    status TEXT NOT NULL,               -- ACTIVE | INACTIVE
    source TEXT NOT NULL,               -- REFERENCE_DATA | NEW_BANK_REQUEST | ADMIN
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    CONSTRAINT pk_banks PRIMARY KEY (bic),
    CONSTRAINT uq_banks_iban_code UNIQUE (iban_code)
);

CREATE TABLE bank_accounts (
    id BIGINT NOT NULL,
    participant_id TEXT NOT NULL,
    old_format INTEGER NOT NULL,
    number TEXT NOT NULL,
    kbe TEXT NOT NULL,
    bank_bic TEXT NOT NULL,
    account_type TEXT NOT NULL,
    is_guarantee INTEGER NOT NULL,
    is_default INTEGER NOT NULL,
    source TEXT NOT NULL,               -- MANUAL | INIS | ENS_ADMIN
    created_at BIGINT NOT NULL,
    created_by TEXT,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    CONSTRAINT pk_bank_accounts PRIMARY KEY (id),
    CONSTRAINT uq_bank_accounts_number UNIQUE (participant_id, number)
);

CREATE TABLE new_bank_requests (
    number BIGINT NOT NULL,
    participant_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    bank_name_ru TEXT NOT NULL,
    bank_name_kk TEXT,
    bic TEXT NOT NULL,
    country TEXT NOT NULL,
    iban_code TEXT,
    bank_bin TEXT,
    address TEXT,
    comment TEXT,
    status TEXT NOT NULL,               -- ON_APPROVAL | APPROVED | REJECTED
    rejection_reason TEXT,
    sent_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT,
    bank_bic TEXT,
    CONSTRAINT pk_new_bank_requests PRIMARY KEY (number)
);
CREATE INDEX ix_new_bank_requests_participant ON new_bank_requests (participant_id, sent_at);
CREATE INDEX ix_new_bank_requests_status ON new_bank_requests (status, sent_at);

CREATE TABLE join_requests (
    id BIGINT NOT NULL,
    account_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    certificate_serial TEXT NOT NULL,
    position TEXT NOT NULL,
    message TEXT,
    status TEXT NOT NULL,               -- PENDING | APPROVED | DECLINED
    decision_reason TEXT,
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT,
    CONSTRAINT pk_join_requests PRIMARY KEY (id)
);
CREATE INDEX ix_join_requests_participant ON join_requests (participant_id, status);
CREATE INDEX ix_join_requests_account ON join_requests (account_id, status);
