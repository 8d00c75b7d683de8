//! SQL of the accounts slice (migration 0006). Reads take any executor (the pool, or
//! `&mut **tx` inside a write transaction); writes take the caller's transaction so that a
//! change, its audit row and its e-mail commit together (ACC-34, ACC-154).

use crate::flow::{AccountStatus, LockState};
use db::{AssertSqlSafe, Tx};
use kernel::Millis;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// An account row (§2.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: String,
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub email: String,
    pub email_confirmed: bool,
    pub mobile_phone: String,
    pub password_hash: String,
    pub password_temporary: bool,
    pub temp_password_expires_at: Option<Millis>,
    pub password_changed_at: Millis,
    pub status: AccountStatus,
    pub status_before_block: Option<AccountStatus>,
    pub lock: LockState,
    pub blocked_reason: Option<String>,
    pub email_notifications: bool,
    pub ui_language: String,
    pub created_via: String,
    pub activated_at: Option<Millis>,
    pub last_login_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl Account {
    /// «ФАМИЛИЯ ИМЯ ОТЧЕСТВО».
    pub fn full_name(&self) -> String {
        let mut s = format!("{} {}", self.last_name, self.first_name);
        if let Some(m) = &self.middle_name {
            s.push(' ');
            s.push_str(m);
        }
        s
    }
}

pub(crate) const ACCOUNT_COLS: &str = "id, iin, last_name, first_name, middle_name, birth_date, email, \
    email_status, mobile_phone, password_hash, password_kind, temp_password_expires_at, \
    password_changed_at, status, status_before_block, failed_password_count, locked_until, \
    blocked_reason, email_notifications, ui_language, created_via, activated_at, last_login_at, \
    created_at, updated_at";

fn corrupt(what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("accounts: bad {what}").into())
}

pub(crate) fn account_from(r: &AnyRow) -> Result<Account, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let before: Option<String> = r.try_get("status_before_block")?;
    Ok(Account {
        id: r.try_get("id")?,
        iin: r.try_get("iin")?,
        last_name: r.try_get("last_name")?,
        first_name: r.try_get("first_name")?,
        middle_name: r.try_get("middle_name")?,
        birth_date: r.try_get("birth_date")?,
        email: r.try_get("email")?,
        email_confirmed: r.try_get::<String, _>("email_status")? == "CONFIRMED",
        mobile_phone: r.try_get("mobile_phone")?,
        password_hash: r.try_get("password_hash")?,
        password_temporary: r.try_get::<String, _>("password_kind")? == "TEMPORARY",
        temp_password_expires_at: r
            .try_get::<Option<i64>, _>("temp_password_expires_at")?
            .map(Millis),
        password_changed_at: Millis(r.try_get("password_changed_at")?),
        status: AccountStatus::parse(&status).ok_or_else(|| corrupt("status"))?,
        status_before_block: before.as_deref().and_then(AccountStatus::parse),
        lock: LockState {
            failed: r.try_get("failed_password_count")?,
            locked_until: r.try_get::<Option<i64>, _>("locked_until")?.map(Millis),
        },
        blocked_reason: r.try_get("blocked_reason")?,
        email_notifications: db::flag(r, "email_notifications")?,
        ui_language: r.try_get("ui_language")?,
        created_via: r.try_get("created_via")?,
        activated_at: r.try_get::<Option<i64>, _>("activated_at")?.map(Millis),
        last_login_at: r.try_get::<Option<i64>, _>("last_login_at")?.map(Millis),
        created_at: Millis(r.try_get("created_at")?),
        updated_at: Millis(r.try_get("updated_at")?),
    })
}

async fn account_where<'e, E: Executor<'e, Database = Any>>(
    e: E,
    col: &str,
    value: &str,
) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ACCOUNT_COLS} FROM accounts WHERE {col} = $1"
    )))
    .bind(value)
    .fetch_optional(e)
    .await?;
    row.as_ref().map(account_from).transpose()
}

pub async fn account_by_id<'e, E: Executor<'e, Database = Any>>(
    e: E,
    id: &str,
) -> Result<Option<Account>, sqlx::Error> {
    account_where(e, "id", id).await
}

pub async fn account_by_iin<'e, E: Executor<'e, Database = Any>>(
    e: E,
    iin: &str,
) -> Result<Option<Account>, sqlx::Error> {
    account_where(e, "iin", iin).await
}

pub async fn account_by_email<'e, E: Executor<'e, Database = Any>>(
    e: E,
    email: &str,
) -> Result<Option<Account>, sqlx::Error> {
    account_where(e, "email_key", &crate::values::email_key(email)).await
}

pub async fn insert_account(tx: &mut Tx, a: &Account) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO accounts (id, iin, last_name, first_name, middle_name, birth_date, email, \
         email_key, email_status, mobile_phone, password_hash, password_kind, \
         temp_password_expires_at, password_changed_at, status, status_before_block, \
         failed_password_count, locked_until, blocked_reason, email_notifications, ui_language, \
         created_via, activated_at, last_login_at, created_at, created_by, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL, 0, NULL, \
         NULL, $16, $17, $18, $19, $20, $21, $1, $21, $1)",
    )
    .bind(&a.id)
    .bind(&a.iin)
    .bind(&a.last_name)
    .bind(&a.first_name)
    .bind(&a.middle_name)
    .bind(&a.birth_date)
    .bind(&a.email)
    .bind(crate::values::email_key(&a.email))
    .bind(if a.email_confirmed {
        "CONFIRMED"
    } else {
        "NOT_CONFIRMED"
    })
    .bind(&a.mobile_phone)
    .bind(&a.password_hash)
    .bind(if a.password_temporary {
        "TEMPORARY"
    } else {
        "USER_SET"
    })
    .bind(a.temp_password_expires_at.map(|m| m.0))
    .bind(a.password_changed_at.0)
    .bind(a.status.as_str())
    .bind(i32::from(a.email_notifications))
    .bind(&a.ui_language)
    .bind(&a.created_via)
    .bind(a.activated_at.map(|m| m.0))
    .bind(a.last_login_at.map(|m| m.0))
    .bind(a.created_at.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_lock(tx: &mut Tx, id: &str, s: LockState, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET failed_password_count = $2, locked_until = $3, updated_at = $4 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(s.failed)
    .bind(s.locked_until.map(|m| m.0))
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// ACC-57, ACC-20: a successful password step.
pub async fn record_login(tx: &mut Tx, a: &Account, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET failed_password_count = 0, locked_until = NULL, last_name = $2, \
         first_name = $3, middle_name = $4, birth_date = $5, last_login_at = $6, updated_at = $6, \
         updated_by = $1 WHERE id = $1",
    )
    .bind(&a.id)
    .bind(&a.last_name)
    .bind(&a.first_name)
    .bind(&a.middle_name)
    .bind(&a.birth_date)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A2/A5: activated, e-mail confirmed.
pub async fn activate(tx: &mut Tx, id: &str, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET status = CASE WHEN status = 'PENDING_ACTIVATION' THEN 'ACTIVE' \
         ELSE status END, email_status = 'CONFIRMED', \
         activated_at = CASE WHEN activated_at IS NULL THEN $2 ELSE activated_at END, \
         updated_at = $2, updated_by = $1 WHERE id = $1",
    )
    .bind(id)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A4 and the profile: a new address, not confirmed.
pub async fn set_email(tx: &mut Tx, id: &str, email: &str, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET email = $2, email_key = $3, email_status = 'NOT_CONFIRMED', \
         updated_at = $4, updated_by = $1 WHERE id = $1",
    )
    .bind(id)
    .bind(email.trim())
    .bind(crate::values::email_key(email))
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A new password hash; `temp_until` makes it a temporary one (ACC-67). Clears the lock.
pub async fn set_password(
    tx: &mut Tx,
    id: &str,
    hash: &str,
    temp_until: Option<Millis>,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $2, password_kind = $3, \
         temp_password_expires_at = $4, password_changed_at = $5, failed_password_count = 0, \
         locked_until = NULL, updated_at = $5, updated_by = $1 WHERE id = $1",
    )
    .bind(id)
    .bind(hash)
    .bind(if temp_until.is_some() {
        "TEMPORARY"
    } else {
        "USER_SET"
    })
    .bind(temp_until.map(|m| m.0))
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// ACC-22: the certificate of a login or signing step.
#[derive(Debug, Clone)]
pub struct SeenCertificate<'a> {
    pub sha256: &'a str,
    pub serial: &'a str,
    pub issuer: &'a str,
    pub purpose: &'a str,
    pub holder_kind: &'a str,
    pub bin: Option<&'a str>,
    pub org_name: Option<&'a str>,
    pub valid_to: Millis,
}

pub async fn record_certificate(
    tx: &mut Tx,
    account_id: &str,
    c: &SeenCertificate<'_>,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO account_certificates (account_id, cert_sha256, serial, issuer, purpose, \
         holder_kind, bin, org_name, valid_to, first_seen_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (account_id, cert_sha256) DO UPDATE SET last_used_at = $10",
    )
    .bind(account_id)
    .bind(c.sha256)
    .bind(c.serial)
    .bind(c.issuer)
    .bind(c.purpose)
    .bind(c.holder_kind)
    .bind(c.bin)
    .bind(c.org_name)
    .bind(c.valid_to.0)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// (serial, БИН, organisation name) of one certificate the account used.
pub async fn certificate_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
    cert_sha256: &str,
) -> Result<Option<(String, Option<String>, Option<String>)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT serial, bin, org_name FROM account_certificates WHERE account_id = $1 \
         AND cert_sha256 = $2",
    )
    .bind(account_id)
    .bind(cert_sha256)
    .fetch_optional(e)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .transpose()
}

/// A row of «Сертификаты ЭЦП» (newest first).
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateRow {
    pub serial: String,
    pub issuer: String,
    pub purpose: String,
    pub holder_kind: String,
    pub bin: Option<String>,
    pub org_name: Option<String>,
    pub valid_to: Millis,
    pub first_seen_at: Millis,
    pub last_used_at: Millis,
}

pub async fn certificates_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
) -> Result<Vec<CertificateRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT serial, issuer, purpose, holder_kind, bin, org_name, valid_to, first_seen_at, \
         last_used_at FROM account_certificates WHERE account_id = $1 \
         ORDER BY first_seen_at DESC, serial",
    )
    .bind(account_id)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CertificateRow {
                serial: r.try_get("serial")?,
                issuer: r.try_get("issuer")?,
                purpose: r.try_get("purpose")?,
                holder_kind: r.try_get("holder_kind")?,
                bin: r.try_get("bin")?,
                org_name: r.try_get("org_name")?,
                valid_to: Millis(r.try_get("valid_to")?),
                first_seen_at: Millis(r.try_get("first_seen_at")?),
                last_used_at: Millis(r.try_get("last_used_at")?),
            })
        })
        .collect()
}

// ---- agreements (ACC-23, ACC-24) ----

/// An agreement text of one kind and version.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub kind: String,
    pub version: String,
    pub title_ru: String,
    pub title_kk: String,
    pub text_ru: String,
    pub text_kk: String,
    pub text_sha256: String,
    pub signature_required: bool,
    pub published_at: Millis,
    pub requires_reacceptance: bool,
}

pub async fn current_agreement<'e, E: Executor<'e, Database = Any>>(
    e: E,
    kind: &str,
    now: Millis,
) -> Result<Option<Agreement>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT kind, version, title_ru, title_kk, text_ru, text_kk, text_sha256, \
         acceptance_mode, published_at, requires_reacceptance FROM agreement_documents \
         WHERE kind = $1 AND published_at <= $2 ORDER BY published_at DESC, version DESC LIMIT 1",
    )
    .bind(kind)
    .bind(now.0)
    .fetch_optional(e)
    .await?;
    row.map(|r| {
        Ok(Agreement {
            kind: r.try_get("kind")?,
            version: r.try_get("version")?,
            title_ru: r.try_get("title_ru")?,
            title_kk: r.try_get("title_kk")?,
            text_ru: r.try_get("text_ru")?,
            text_kk: r.try_get("text_kk")?,
            text_sha256: r.try_get("text_sha256")?,
            signature_required: r.try_get::<String, _>("acceptance_mode")? == "SIGNATURE",
            published_at: Millis(r.try_get("published_at")?),
            requires_reacceptance: db::flag(&r, "requires_reacceptance")?,
        })
    })
    .transpose()
}

/// Inserts a version unless the kind already has it; false when nothing was written. The
/// shipped texts are loaded on every start (`created_by` = `None`, created when published);
/// an administrator's version records who published it and when (ACC-116).
pub async fn insert_agreement_if_absent(
    tx: &mut Tx,
    a: &Agreement,
    created_by: Option<&str>,
    created_at: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO agreement_documents (kind, version, title_ru, title_kk, text_ru, text_kk, \
         text_sha256, acceptance_mode, published_at, requires_reacceptance, created_at, \
         created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (kind, version) DO NOTHING",
    )
    .bind(&a.kind)
    .bind(&a.version)
    .bind(&a.title_ru)
    .bind(&a.title_kk)
    .bind(&a.text_ru)
    .bind(&a.text_kk)
    .bind(&a.text_sha256)
    .bind(if a.signature_required {
        "SIGNATURE"
    } else {
        "CHECKBOX"
    })
    .bind(a.published_at.0)
    .bind(i32::from(a.requires_reacceptance))
    .bind(created_at.0)
    .bind(created_by)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn insert_acceptance(
    tx: &mut Tx,
    account_id: &str,
    kind: &str,
    version: &str,
    signature_id: Option<i64>,
    now: Millis,
) -> Result<i64, sqlx::Error> {
    let id = db::allocate(tx, "agreement_acceptances", 1)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(
        "INSERT INTO agreement_acceptances (id, account_id, participant_id, kind, version, \
         signature_id, accepted_at) VALUES ($1, $2, NULL, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(account_id)
    .bind(kind)
    .bind(version)
    .bind(signature_id)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// (kind, version, signature id) of every acceptance of the account, oldest first.
pub async fn acceptances_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
) -> Result<Vec<(String, String, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT kind, version, signature_id FROM agreement_acceptances WHERE account_id = $1 \
         ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

// ---- certificate steps (ACC-55, ACC-41 (1)) ----

#[derive(Debug, Clone, PartialEq)]
pub struct AuthStep {
    pub token_sha256: String,
    /// `LOGIN` or `REGISTER`.
    pub kind: String,
    pub session_id: String,
    pub account_id: Option<String>,
    pub entry_point: String,
    /// JSON of [`crate::model::CertView`].
    pub identity: String,
    pub cert_sha256: String,
    pub signature_id: i64,
    pub agreement_signature_id: Option<i64>,
    pub agreement_kind: Option<String>,
    pub agreement_version: Option<String>,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub used_at: Option<Millis>,
}

pub async fn insert_step(tx: &mut Tx, s: &AuthStep) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO auth_steps (token_sha256, kind, session_id, account_id, entry_point, \
         identity, cert_sha256, signature_id, agreement_signature_id, agreement_kind, \
         agreement_version, created_at, expires_at, used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL, $9, $10, NULL)",
    )
    .bind(&s.token_sha256)
    .bind(&s.kind)
    .bind(&s.session_id)
    .bind(&s.account_id)
    .bind(&s.entry_point)
    .bind(&s.identity)
    .bind(&s.cert_sha256)
    .bind(s.signature_id)
    .bind(s.created_at.0)
    .bind(s.expires_at.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn load_step<'e, E: Executor<'e, Database = Any>>(
    e: E,
    token_sha256: &str,
) -> Result<Option<AuthStep>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT token_sha256, kind, session_id, account_id, entry_point, identity, cert_sha256, \
         signature_id, agreement_signature_id, agreement_kind, agreement_version, created_at, \
         expires_at, used_at FROM auth_steps WHERE token_sha256 = $1",
    )
    .bind(token_sha256)
    .fetch_optional(e)
    .await?;
    row.map(|r| {
        Ok(AuthStep {
            token_sha256: r.try_get("token_sha256")?,
            kind: r.try_get("kind")?,
            session_id: r.try_get("session_id")?,
            account_id: r.try_get("account_id")?,
            entry_point: r.try_get("entry_point")?,
            identity: r.try_get("identity")?,
            cert_sha256: r.try_get("cert_sha256")?,
            signature_id: r.try_get("signature_id")?,
            agreement_signature_id: r.try_get("agreement_signature_id")?,
            agreement_kind: r.try_get("agreement_kind")?,
            agreement_version: r.try_get("agreement_version")?,
            created_at: Millis(r.try_get("created_at")?),
            expires_at: Millis(r.try_get("expires_at")?),
            used_at: r.try_get::<Option<i64>, _>("used_at")?.map(Millis),
        })
    })
    .transpose()
}

/// Marks a step used; false when another request used it first.
pub async fn use_step(tx: &mut Tx, token_sha256: &str, now: Millis) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE auth_steps SET used_at = $2 WHERE token_sha256 = $1 AND used_at IS NULL",
    )
    .bind(token_sha256)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_step_agreement(
    tx: &mut Tx,
    token_sha256: &str,
    signature_id: i64,
    kind: &str,
    version: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE auth_steps SET agreement_signature_id = $2, agreement_kind = $3, \
         agreement_version = $4 WHERE token_sha256 = $1",
    )
    .bind(token_sha256)
    .bind(signature_id)
    .bind(kind)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// ---- sessions (ACC-161) ----

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub id_sha256: String,
    pub account_id: String,
    pub assurance: String,
    pub context_participant_id: Option<String>,
    pub certificate_sha256: Option<String>,
    pub certificate_serial: Option<String>,
    pub cert_bin: Option<String>,
    pub authorities: String,
    pub workspace: String,
    pub entry_point: String,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    pub expires_at: Millis,
    pub ended_at: Option<Millis>,
}

pub async fn insert_session(tx: &mut Tx, s: &SessionRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id_sha256, account_id, assurance, context_participant_id, \
         certificate_sha256, certificate_serial, cert_bin, authorities, workspace, entry_point, \
         created_at, last_seen_at, expires_at, ended_at, end_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, NULL)",
    )
    .bind(&s.id_sha256)
    .bind(&s.account_id)
    .bind(&s.assurance)
    .bind(&s.context_participant_id)
    .bind(&s.certificate_sha256)
    .bind(&s.certificate_serial)
    .bind(&s.cert_bin)
    .bind(&s.authorities)
    .bind(&s.workspace)
    .bind(&s.entry_point)
    .bind(s.created_at.0)
    .bind(s.last_seen_at.0)
    .bind(s.expires_at.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// ACC-29, ACC-161: an ЕНС ТРУ session raised to `CERT_PASSWORD` by the platform login — the
/// same row under a renewed id, with the certificate's context; start and expiry as given.
pub async fn upgrade_session(
    tx: &mut Tx,
    old_id_sha256: &str,
    s: &SessionRow,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET id_sha256 = $2, assurance = $3, context_participant_id = $4, \
         certificate_sha256 = $5, certificate_serial = $6, cert_bin = $7, authorities = $8, \
         workspace = $9, entry_point = $10, last_seen_at = $11 \
         WHERE id_sha256 = $1 AND ended_at IS NULL",
    )
    .bind(old_id_sha256)
    .bind(&s.id_sha256)
    .bind(&s.assurance)
    .bind(&s.context_participant_id)
    .bind(&s.certificate_sha256)
    .bind(&s.certificate_serial)
    .bind(&s.cert_bin)
    .bind(&s.authorities)
    .bind(&s.workspace)
    .bind(&s.entry_point)
    .bind(s.last_seen_at.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn load_session<'e, E: Executor<'e, Database = Any>>(
    e: E,
    id_sha256: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id_sha256, account_id, assurance, context_participant_id, certificate_sha256, \
         certificate_serial, cert_bin, authorities, workspace, entry_point, created_at, \
         last_seen_at, expires_at, ended_at FROM sessions WHERE id_sha256 = $1",
    )
    .bind(id_sha256)
    .fetch_optional(e)
    .await?;
    row.map(|r| {
        Ok(SessionRow {
            id_sha256: r.try_get("id_sha256")?,
            account_id: r.try_get("account_id")?,
            assurance: r.try_get("assurance")?,
            context_participant_id: r.try_get("context_participant_id")?,
            certificate_sha256: r.try_get("certificate_sha256")?,
            certificate_serial: r.try_get("certificate_serial")?,
            cert_bin: r.try_get("cert_bin")?,
            authorities: r.try_get("authorities")?,
            workspace: r.try_get("workspace")?,
            entry_point: r.try_get("entry_point")?,
            created_at: Millis(r.try_get("created_at")?),
            last_seen_at: Millis(r.try_get("last_seen_at")?),
            expires_at: Millis(r.try_get("expires_at")?),
            ended_at: r.try_get::<Option<i64>, _>("ended_at")?.map(Millis),
        })
    })
    .transpose()
}

pub async fn touch_session(tx: &mut Tx, id_sha256: &str, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_sha256 = $1 AND ended_at IS NULL")
        .bind(id_sha256)
        .bind(now.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn end_session(
    tx: &mut Tx,
    id_sha256: &str,
    reason: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id_sha256 = $1 AND ended_at IS NULL",
    )
    .bind(id_sha256)
    .bind(now.0)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// ACC-30, ACC-76: the participant a session acts for and the authorities it carries.
pub async fn set_session_context(
    tx: &mut Tx,
    id_sha256: &str,
    participant_id: Option<&str>,
    authorities: &[&str],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET context_participant_id = $2, authorities = $3 WHERE id_sha256 = $1",
    )
    .bind(id_sha256)
    .bind(participant_id)
    .bind(serde_json::to_string(authorities).unwrap_or_else(|_| "[]".into()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends every open session of the account but `keep` (ACC-161). Returns how many ended.
pub async fn end_sessions_of(
    tx: &mut Tx,
    account_id: &str,
    keep: Option<&str>,
    reason: &str,
    now: Millis,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE account_id = $1 \
         AND ended_at IS NULL AND id_sha256 <> $4",
    )
    .bind(account_id)
    .bind(now.0)
    .bind(reason)
    .bind(keep.unwrap_or(""))
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}

// ---- e-mail tokens (§2.7) ----

#[derive(Debug, Clone, PartialEq)]
pub struct EmailTokenRow {
    pub kind: String,
    pub account_id: String,
    pub email: String,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub used_at: Option<Millis>,
    pub superseded_at: Option<Millis>,
}

/// Inserts a token and supersedes the older unused ones of the same kind.
pub async fn insert_email_token(
    tx: &mut Tx,
    token_sha256: &str,
    kind: &str,
    account_id: &str,
    email: &str,
    now: Millis,
    expires_at: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_tokens SET superseded_at = $3 WHERE account_id = $1 AND kind = $2 \
         AND used_at IS NULL AND superseded_at IS NULL",
    )
    .bind(account_id)
    .bind(kind)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO email_tokens (token_sha256, kind, account_id, email, created_at, expires_at, \
         used_at, superseded_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)",
    )
    .bind(token_sha256)
    .bind(kind)
    .bind(account_id)
    .bind(email)
    .bind(now.0)
    .bind(expires_at.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn load_email_token<'e, E: Executor<'e, Database = Any>>(
    e: E,
    token_sha256: &str,
) -> Result<Option<EmailTokenRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT kind, account_id, email, created_at, expires_at, used_at, superseded_at \
         FROM email_tokens WHERE token_sha256 = $1",
    )
    .bind(token_sha256)
    .fetch_optional(e)
    .await?;
    row.map(|r| {
        Ok(EmailTokenRow {
            kind: r.try_get("kind")?,
            account_id: r.try_get("account_id")?,
            email: r.try_get("email")?,
            created_at: Millis(r.try_get("created_at")?),
            expires_at: Millis(r.try_get("expires_at")?),
            used_at: r.try_get::<Option<i64>, _>("used_at")?.map(Millis),
            superseded_at: r.try_get::<Option<i64>, _>("superseded_at")?.map(Millis),
        })
    })
    .transpose()
}

pub async fn use_email_token(
    tx: &mut Tx,
    token_sha256: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE email_tokens SET used_at = $2 WHERE token_sha256 = $1 AND used_at IS NULL \
         AND superseded_at IS NULL",
    )
    .bind(token_sha256)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// How many tokens of `kind` the account got since `since` (rate limits of ACC-134).
pub async fn tokens_since<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
    kind: &str,
    since: Millis,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM email_tokens WHERE account_id = $1 AND kind = $2 AND created_at > $3",
    )
    .bind(account_id)
    .bind(kind)
    .bind(since.0)
    .fetch_one(e)
    .await?;
    row.try_get(0)
}

// ---- role grants (§2.17) ----

/// Effective staff roles: (role, scope participant).
pub async fn roles_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT role, scope_participant_id FROM role_grants WHERE account_id = $1 \
         AND revoked_at IS NULL ORDER BY role",
    )
    .bind(account_id)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

pub async fn grant_role(
    tx: &mut Tx,
    account_id: &str,
    role: &str,
    scope: Option<&str>,
    granted_by: Option<&str>,
    reason: &str,
    now: Millis,
) -> Result<i64, sqlx::Error> {
    let id = db::allocate(tx, "role_grants", 1)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(
        "INSERT INTO role_grants (id, account_id, role, scope_participant_id, granted_by, \
         granted_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(account_id)
    .bind(role)
    .bind(scope)
    .bind(granted_by)
    .bind(now.0)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

// ---- server secrets ----

/// The named secret, made on first use (hex of 32 random bytes).
pub async fn secret(
    db: &db::Db,
    name: &str,
    fresh: &str,
    now: Millis,
) -> Result<String, sqlx::Error> {
    let mut tx = db
        .write_tx()
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(
        "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(fresh)
    .bind(now.0)
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query("SELECT value FROM server_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    row.try_get(0)
}
