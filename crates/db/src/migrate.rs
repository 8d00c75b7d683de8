//! The migrations, compiled into the binary. Each file runs unchanged on SQLite and on
//! PostgreSQL; never edit a migration after it has landed on main — add a new one.

use sqlx::migrate::{Migration, MigrationType, Migrator};

macro_rules! migrations {
    ($(($version:literal, $name:literal)),* $(,)?) => {
        fn all() -> Vec<Migration> {
            vec![$(
                Migration::new(
                    $version,
                    $name.into(),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(include_str!(concat!("../migrations/", $name, ".sql"))),
                    false,
                ),
            )*]
        }
    };
}

migrations![
    (1, "0001_core"),
    (2, "0002_reference"),
    (3, "0003_classifier"),
    (4, "0004_catalog"),
    (5, "0005_signatures"),
    (6, "0006_accounts"),
    (7, "0007_participants"),
    (8, "0008_profile"),
    (9, "0009_ens"),
    (10, "0010_dictionary_edits"),
    (11, "0011_notifications"),
    (12, "0012_role_grant_indexes"),
    (13, "0013_signature_root_crl"),
];

/// Statements that the common subset cannot express, one text per backend, run after the
/// migrations on every start (each is idempotent). SIG-71: signatures and the audit log are
/// append-only — the store never updates them and the database refuses to.
pub fn backend_steps(backend: crate::Backend) -> &'static [&'static str] {
    match backend {
        crate::Backend::Sqlite => &[
            "CREATE TRIGGER IF NOT EXISTS tg_audit_log_no_update BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER IF NOT EXISTS tg_audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER IF NOT EXISTS tg_signatures_no_update BEFORE UPDATE ON signatures \
             BEGIN SELECT RAISE(ABORT, 'signatures is append-only'); END",
            "CREATE TRIGGER IF NOT EXISTS tg_signatures_no_delete BEFORE DELETE ON signatures \
             BEGIN SELECT RAISE(ABORT, 'signatures is append-only'); END",
        ],
        crate::Backend::Postgres => &[
            "CREATE OR REPLACE FUNCTION tauar_append_only() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
            "CREATE OR REPLACE TRIGGER tg_audit_log_append_only BEFORE UPDATE OR DELETE ON \
             audit_log FOR EACH ROW EXECUTE FUNCTION tauar_append_only()",
            "CREATE OR REPLACE TRIGGER tg_signatures_append_only BEFORE UPDATE OR DELETE ON \
             signatures FOR EACH ROW EXECUTE FUNCTION tauar_append_only()",
        ],
    }
}

pub fn migrator() -> Migrator {
    Migrator::with_migrations(all())
}

/// SQLite's "UNIQUE constraint failed: <columns>" text → the constraint name PostgreSQL
/// reports, so callers match one name on both backends. Every named unique constraint of the
/// migrations is listed here.
pub const SQLITE_UNIQUE_NAMES: &[(&str, &str)] = &[
    ("dict_entries.dict, dict_entries.code", "pk_dict_entries"),
    (
        "classifier_versions.kind, classifier_versions.number",
        "pk_classifier_versions",
    ),
    ("suppliers.bin", "pk_suppliers"),
    ("goods.id", "pk_goods"),
    ("sig_challenges.id", "pk_sig_challenges"),
    ("signatures.id", "pk_signatures"),
    ("signatures.cms_sha256", "uq_signatures_cms"),
    ("signatures.signature_value_sha256", "uq_signatures_value"),
    ("signatures.challenge_id", "uq_signatures_challenge"),
    ("audit_log.seq", "pk_audit_log"),
    ("accounts.id", "pk_accounts"),
    ("accounts.iin", "uq_accounts_iin"),
    ("accounts.email_key", "uq_accounts_email"),
    (
        "account_certificates.account_id, account_certificates.cert_sha256",
        "pk_account_certificates",
    ),
    (
        "agreement_documents.kind, agreement_documents.version",
        "pk_agreement_documents",
    ),
    ("agreement_acceptances.id", "pk_agreement_acceptances"),
    ("auth_steps.token_sha256", "pk_auth_steps"),
    ("sessions.id_sha256", "pk_sessions"),
    ("email_tokens.token_sha256", "pk_email_tokens"),
    ("role_grants.id", "pk_role_grants"),
    ("mail_outbox.id", "pk_mail_outbox"),
    ("server_secrets.name", "pk_server_secrets"),
    ("participants.id", "pk_participants"),
    ("participants.id_number", "uq_participants_id_number"),
    ("memberships.id", "pk_memberships"),
    (
        "memberships.account_id, memberships.participant_id",
        "uq_memberships_pair",
    ),
    ("banks.bic", "pk_banks"),
    ("banks.iban_code", "uq_banks_iban_code"),
    ("bank_accounts.id", "pk_bank_accounts"),
    (
        "bank_accounts.participant_id, bank_accounts.number",
        "uq_bank_accounts_number",
    ),
    ("new_bank_requests.number", "pk_new_bank_requests"),
    ("join_requests.id", "pk_join_requests"),
    ("identity_documents.id", "pk_identity_documents"),
    (
        "identity_documents.account_id, identity_documents.doc_type, identity_documents.number",
        "uq_identity_documents_number",
    ),
    ("contact_entries.id", "pk_contact_entries"),
    ("ens_org_profiles.participant_id", "pk_ens_org_profiles"),
    ("ens_access_requests.id", "pk_ens_access_requests"),
    (
        "ens_access_requests.pending_key",
        "uq_ens_access_requests_pending",
    ),
];
