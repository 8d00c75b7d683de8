-- The one account layer (spec/accounts.md §2): accounts keyed by ИИН, the certificates seen,
-- agreement texts and their acceptances, the certificate → password login step, server-side
-- sessions, e-mail tokens, staff role grants, and the transactional mail outbox (ACC-154).
-- Times are unix ms (UTC); dates are 'YYYY-MM-DD' text.

CREATE TABLE accounts (
    id TEXT NOT NULL,
    iin TEXT NOT NULL,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    middle_name TEXT,
    birth_date TEXT NOT NULL,
    email TEXT NOT NULL,              -- as entered
    email_key TEXT NOT NULL,          -- trimmed, lower-cased: ACC-21 uniqueness
    email_status TEXT NOT NULL,       -- NOT_CONFIRMED | CONFIRMED
    mobile_phone TEXT NOT NULL,       -- +7XXXXXXXXXX
    password_hash TEXT NOT NULL,      -- Argon2id PHC string (ACC-159)
    password_kind TEXT NOT NULL,      -- USER_SET | TEMPORARY
    temp_password_expires_at BIGINT,
    password_changed_at BIGINT NOT NULL,
    status TEXT NOT NULL,             -- PENDING_ACTIVATION | ACTIVE | BLOCKED
    status_before_block TEXT,
    failed_password_count BIGINT NOT NULL,
    locked_until BIGINT,
    blocked_reason TEXT,
    blocked_by TEXT,
    blocked_at BIGINT,
    email_notifications INTEGER NOT NULL,
    ui_language TEXT NOT NULL,
    created_via TEXT NOT NULL,        -- PORTAL | NCT | ENS | REG
    activated_at BIGINT,
    last_login_at BIGINT,
    created_at BIGINT NOT NULL,
    created_by TEXT,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    CONSTRAINT pk_accounts PRIMARY KEY (id),
    CONSTRAINT uq_accounts_iin UNIQUE (iin),
    CONSTRAINT uq_accounts_email UNIQUE (email_key)
);

-- ACC-22: every certificate that passed a login or signing step of the account.
CREATE TABLE account_certificates (
    account_id TEXT NOT NULL,
    cert_sha256 TEXT NOT NULL,
    serial TEXT NOT NULL,
    issuer TEXT NOT NULL,
    purpose TEXT NOT NULL,            -- AUTH | SIGN | DUAL
    holder_kind TEXT NOT NULL,        -- INDIVIDUAL | LEGAL_ENTITY
    bin TEXT,
    org_name TEXT,
    valid_to BIGINT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    CONSTRAINT pk_account_certificates PRIMARY KEY (account_id, cert_sha256)
);

-- ACC-23, ACC-24: agreement texts by kind and version.
CREATE TABLE agreement_documents (
    kind TEXT NOT NULL,               -- USER_PORTAL | USER_NCT | USER_ENS | PARTICIPANT
    version TEXT NOT NULL,
    title_ru TEXT NOT NULL,
    title_kk TEXT NOT NULL,
    text_ru TEXT NOT NULL,
    text_kk TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,        -- SHA-256 of text_ru ‖ 0x00 ‖ text_kk, signed in the TBS
    acceptance_mode TEXT NOT NULL,    -- SIGNATURE | CHECKBOX
    published_at BIGINT NOT NULL,
    requires_reacceptance INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT,
    CONSTRAINT pk_agreement_documents PRIMARY KEY (kind, version)
);

CREATE TABLE agreement_acceptances (
    id BIGINT NOT NULL,
    account_id TEXT NOT NULL,
    participant_id TEXT,
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    signature_id BIGINT,
    accepted_at BIGINT NOT NULL,
    CONSTRAINT pk_agreement_acceptances PRIMARY KEY (id)
);
CREATE INDEX ix_agreement_acceptances_account ON agreement_acceptances (account_id, kind);

-- ACC-55 and ACC-41 (1): the state between a verified certificate step and the password step
-- (kind LOGIN, 5 minutes) or the registration submit (kind REGISTER, 30 minutes). The token the
-- client holds is stored only as its SHA-256.
CREATE TABLE auth_steps (
    token_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,               -- LOGIN | REGISTER
    session_id TEXT NOT NULL,         -- the browser session that made the step
    account_id TEXT,                  -- LOGIN: the account found by ИИН
    entry_point TEXT NOT NULL,
    identity TEXT NOT NULL,           -- JSON CertIdentity of the verified certificate
    cert_sha256 TEXT NOT NULL,
    signature_id BIGINT NOT NULL,     -- the recorded certificate step (SIG-52)
    agreement_signature_id BIGINT,    -- REGISTER: the signed agreement, once «Подписать» passed
    agreement_kind TEXT,
    agreement_version TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    CONSTRAINT pk_auth_steps PRIMARY KEY (token_sha256)
);
CREATE INDEX ix_auth_steps_expires ON auth_steps (expires_at);

-- ACC-161: server-side sessions; the cookie holds a random 256-bit id, the table its SHA-256.
CREATE TABLE sessions (
    id_sha256 TEXT NOT NULL,
    account_id TEXT NOT NULL,
    assurance TEXT NOT NULL,          -- CERT_PASSWORD | CERT | PASSWORD
    context_participant_id TEXT,      -- NULL: the personal context (ACC-30)
    certificate_sha256 TEXT,
    certificate_serial TEXT,
    cert_bin TEXT,
    authorities TEXT NOT NULL,        -- JSON array, as at login (002 §Staff)
    workspace TEXT NOT NULL,          -- DEFAULT | SECRETARY
    entry_point TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,       -- absolute timeout
    ended_at BIGINT,
    end_reason TEXT,
    CONSTRAINT pk_sessions PRIMARY KEY (id_sha256)
);
CREATE INDEX ix_sessions_account ON sessions (account_id, ended_at);

-- §2.7: activation, confirmation and recovery links, stored as SHA-256 only (ACC-160).
CREATE TABLE email_tokens (
    token_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,               -- ACTIVATION | EMAIL_CONFIRMATION | PASSWORD_RECOVERY
    account_id TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    superseded_at BIGINT,
    CONSTRAINT pk_email_tokens PRIMARY KEY (token_sha256)
);
CREATE INDEX ix_email_tokens_account ON email_tokens (account_id, kind, created_at);

-- §2.17: staff roles, each with a scope; effective while not revoked (ACC-13).
CREATE TABLE role_grants (
    id BIGINT NOT NULL,
    account_id TEXT NOT NULL,
    role TEXT NOT NULL,
    scope_participant_id TEXT,        -- NULL: the whole platform
    granted_by TEXT,
    granted_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    revoked_by TEXT,
    revoked_at BIGINT,
    revoke_reason TEXT,
    CONSTRAINT pk_role_grants PRIMARY KEY (id)
);
CREATE INDEX ix_role_grants_account ON role_grants (account_id, revoked_at);

-- ACC-154: mail written in the transaction of the change that causes it, sent by a worker.
-- The body is blanked once the message has been handed to the SMTP server (ACC-160).
CREATE TABLE mail_outbox (
    id BIGINT NOT NULL,
    kind TEXT NOT NULL,               -- E-ACTIVATION, E-RECOVERY, …
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    account_id TEXT,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    failed_at BIGINT,                 -- gave up after the last retry
    last_error TEXT,
    CONSTRAINT pk_mail_outbox PRIMARY KEY (id)
);
CREATE INDEX ix_mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt_at);
CREATE INDEX ix_mail_outbox_account ON mail_outbox (account_id, kind, created_at);

-- Server secrets made once per database (the CSRF key of ACC-162).
CREATE TABLE server_secrets (
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT pk_server_secrets PRIMARY KEY (name)
);
