-- Signed acts (spec/signatures.md §4.9, §6): challenges, the signatures kept forever, and the
-- hash-chained audit log of every act and every refused attempt (SIG-52, SIG-70…SIG-74).

CREATE TABLE sig_challenges (
    id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    session_id TEXT NOT NULL,
    account_id TEXT,
    object_type TEXT,
    object_id TEXT,
    object_version BIGINT,
    tbs BYTEA NOT NULL,             -- the exact bytes to be signed (canonical JSON, SIG-8)
    tbs_sha256 TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    CONSTRAINT pk_sig_challenges PRIMARY KEY (id)
);
CREATE INDEX ix_sig_challenges_expires ON sig_challenges (expires_at);

CREATE TABLE signatures (
    id BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    object_type TEXT,
    object_id TEXT,
    object_version BIGINT,
    account_id TEXT,
    participant_id TEXT,
    tbs BYTEA NOT NULL,
    tbs_sha256 TEXT NOT NULL,
    cms BYTEA NOT NULL,             -- as received, after base64/PEM decoding
    cms_sha256 TEXT NOT NULL,
    signature_value_sha256 TEXT NOT NULL,
    signer_cert BYTEA NOT NULL,
    signer_cert_sha256 TEXT NOT NULL,
    chain BYTEA NOT NULL,           -- DER SEQUENCE OF Certificate, signer first
    iin TEXT,
    bin TEXT,
    holder_kind TEXT,
    purpose_kind TEXT NOT NULL,     -- AUTH | SIGN | DUAL
    roles TEXT NOT NULL,            -- JSON array
    cert_serial TEXT NOT NULL,
    cert_issuer TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    signing_time BIGINT NOT NULL,
    time_source TEXT NOT NULL,      -- server | tsp
    revocation_source TEXT NOT NULL,-- ocsp | crl | off
    revocation_evidence BYTEA,      -- OCSP response DER, or the CRL evidence as JSON bytes
    verified_at BIGINT NOT NULL,
    verifier_version TEXT NOT NULL,
    challenge_id TEXT NOT NULL,
    CONSTRAINT pk_signatures PRIMARY KEY (id),
    CONSTRAINT uq_signatures_cms UNIQUE (cms_sha256),
    CONSTRAINT uq_signatures_value UNIQUE (signature_value_sha256),
    CONSTRAINT uq_signatures_challenge UNIQUE (challenge_id)
);
CREATE INDEX ix_signatures_object ON signatures (object_type, object_id);

CREATE TABLE audit_log (
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,             -- act | refusal | event
    purpose TEXT NOT NULL,
    account_id TEXT,
    object_type TEXT,
    object_id TEXT,
    signature_id BIGINT,
    tbs_sha256 TEXT,
    cms_sha256 TEXT,
    error_code TEXT,
    cert_serial TEXT,
    cert_issuer TEXT,
    iin TEXT,
    client_ip TEXT,
    detail TEXT NOT NULL,           -- JSON object
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT pk_audit_log PRIMARY KEY (seq)
);

-- The head of the chain: one row, updated under the write lock by every append, so that two
-- appends on PostgreSQL serialise on it (the row lock) as they do on SQLite (BEGIN IMMEDIATE).
CREATE TABLE audit_head (
    id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT pk_audit_head PRIMARY KEY (id)
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
