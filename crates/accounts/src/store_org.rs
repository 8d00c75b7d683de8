//! SQL of participants, memberships, the bank dictionary and bank accounts (migration 0007).

use db::Tx;
use kernel::Millis;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// A participant row (§2.4).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Participant {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub id_number: String,
    pub name: String,
    pub state_reg_date: Option<String>,
    pub state_reg_doc_number: Option<String>,
    pub state_reg_authority: Option<String>,
    pub country: String,
    pub is_organizer: bool,
    pub is_supplier: bool,
    pub kopf: Option<String>,
    pub kse: String,
    pub kfs: Option<String>,
    pub is_resident: bool,
    pub is_small_business: bool,
    pub is_medium_business: bool,
    pub email: String,
    pub website: Option<String>,
    pub phones: String,
    pub applicant_full_name: Option<String>,
    pub applicant_position: Option<String>,
    pub head_iin: Option<String>,
    pub head_last_name: Option<String>,
    pub head_first_name: Option<String>,
    pub head_middle_name: Option<String>,
    pub head_position: Option<String>,
    pub head_membership_id: Option<i64>,
    /// `ADMIN_CREATED`, `ACTIVE` or `BLOCKED`.
    pub status: String,
    pub is_single_distributor: bool,
    pub registered_by: Option<String>,
    pub registered_at: Option<i64>,
    pub agreement_signature_id: Option<i64>,
}

const P_COLS: &str = "id, type, id_number, name, state_reg_date, state_reg_doc_number, \
    state_reg_authority, country, is_organizer, is_supplier, kopf, kse, kfs, is_resident, \
    is_small_business, is_medium_business, email, website, phones, applicant_full_name, \
    applicant_position, head_iin, head_last_name, head_first_name, head_middle_name, \
    head_position, head_membership_id, status, is_single_distributor, registered_by, \
    registered_at, agreement_signature_id";

fn participant_from(r: &AnyRow) -> Result<Participant, sqlx::Error> {
    Ok(Participant {
        id: r.try_get("id")?,
        kind: r.try_get("type")?,
        id_number: r.try_get("id_number")?,
        name: r.try_get("name")?,
        state_reg_date: r.try_get("state_reg_date")?,
        state_reg_doc_number: r.try_get("state_reg_doc_number")?,
        state_reg_authority: r.try_get("state_reg_authority")?,
        country: r.try_get("country")?,
        is_organizer: db::flag(r, "is_organizer")?,
        is_supplier: db::flag(r, "is_supplier")?,
        kopf: r.try_get("kopf")?,
        kse: r.try_get("kse")?,
        kfs: r.try_get("kfs")?,
        is_resident: db::flag(r, "is_resident")?,
        is_small_business: db::flag(r, "is_small_business")?,
        is_medium_business: db::flag(r, "is_medium_business")?,
        email: r.try_get("email")?,
        website: r.try_get("website")?,
        phones: r.try_get("phones")?,
        applicant_full_name: r.try_get("applicant_full_name")?,
        applicant_position: r.try_get("applicant_position")?,
        head_iin: r.try_get("head_iin")?,
        head_last_name: r.try_get("head_last_name")?,
        head_first_name: r.try_get("head_first_name")?,
        head_middle_name: r.try_get("head_middle_name")?,
        head_position: r.try_get("head_position")?,
        head_membership_id: r.try_get("head_membership_id")?,
        status: r.try_get("status")?,
        is_single_distributor: db::flag(r, "is_single_distributor")?,
        registered_by: r.try_get("registered_by")?,
        registered_at: r.try_get("registered_at")?,
        agreement_signature_id: r.try_get("agreement_signature_id")?,
    })
}

pub async fn participant_by<'e, E: Executor<'e, Database = Any>>(
    e: E,
    col: &'static str,
    value: &str,
) -> Result<Option<Participant>, sqlx::Error> {
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {P_COLS} FROM participants WHERE {col} = $1"
    )))
    .bind(value)
    .fetch_optional(e)
    .await?;
    row.as_ref().map(participant_from).transpose()
}

/// Inserts a participant, or completes the `ADMIN_CREATED` record of the same ИИН/БИН (P3).
pub async fn save_participant(
    tx: &mut Tx,
    p: &Participant,
    by: &str,
    now: Millis,
    replace_admin_created: bool,
) -> Result<(), sqlx::Error> {
    let sql = if replace_admin_created {
        "UPDATE participants SET type = $2, id_number = $3, name = $4, state_reg_date = $5, \
         state_reg_doc_number = $6, state_reg_authority = $7, country = $8, is_organizer = $9, \
         is_supplier = $10, kopf = $11, kse = $12, kfs = $13, is_resident = $14, \
         is_small_business = $15, is_medium_business = $16, email = $17, website = $18, \
         phones = $19, applicant_full_name = $20, applicant_position = $21, head_iin = $22, \
         head_last_name = $23, head_first_name = $24, head_middle_name = $25, head_position = $26, \
         head_membership_id = $27, status = $28, is_single_distributor = $29, registered_by = $30, \
         registered_at = $31, agreement_signature_id = $32, updated_at = $33, updated_by = $34 \
         WHERE id = $1 AND status = 'ADMIN_CREATED'"
    } else {
        "INSERT INTO participants (id, type, id_number, name, state_reg_date, \
         state_reg_doc_number, state_reg_authority, country, is_organizer, is_supplier, kopf, kse, \
         kfs, is_resident, is_small_business, is_medium_business, email, website, phones, \
         applicant_full_name, applicant_position, head_iin, head_last_name, head_first_name, \
         head_middle_name, head_position, head_membership_id, status, is_single_distributor, \
         registered_by, registered_at, agreement_signature_id, created_at, created_by, \
         updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, \
         $32, $33, $34, $33, $34)"
    };
    sqlx::query(sql)
        .bind(&p.id)
        .bind(&p.kind)
        .bind(&p.id_number)
        .bind(&p.name)
        .bind(&p.state_reg_date)
        .bind(&p.state_reg_doc_number)
        .bind(&p.state_reg_authority)
        .bind(&p.country)
        .bind(i32::from(p.is_organizer))
        .bind(i32::from(p.is_supplier))
        .bind(&p.kopf)
        .bind(&p.kse)
        .bind(&p.kfs)
        .bind(i32::from(p.is_resident))
        .bind(i32::from(p.is_small_business))
        .bind(i32::from(p.is_medium_business))
        .bind(&p.email)
        .bind(&p.website)
        .bind(&p.phones)
        .bind(&p.applicant_full_name)
        .bind(&p.applicant_position)
        .bind(&p.head_iin)
        .bind(&p.head_last_name)
        .bind(&p.head_first_name)
        .bind(&p.head_middle_name)
        .bind(&p.head_position)
        .bind(p.head_membership_id)
        .bind(&p.status)
        .bind(i32::from(p.is_single_distributor))
        .bind(&p.registered_by)
        .bind(p.registered_at)
        .bind(p.agreement_signature_id)
        .bind(now.0)
        .bind(by)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_head_membership(
    tx: &mut Tx,
    participant_id: &str,
    membership_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET head_membership_id = $2 WHERE id = $1")
        .bind(participant_id)
        .bind(membership_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A membership (§2.13).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Membership {
    pub id: i64,
    pub account_id: String,
    pub participant_id: String,
    /// `ACTIVE`, `BLOCKED` or `ENDED`.
    pub status: String,
    pub position: Option<String>,
    pub authorities: Vec<String>,
    pub block_reason: Option<String>,
    pub source: String,
    pub joined_at: i64,
}

fn membership_from(r: &AnyRow) -> Result<Membership, sqlx::Error> {
    let auth: String = r.try_get("authorities")?;
    Ok(Membership {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        participant_id: r.try_get("participant_id")?,
        status: r.try_get("status")?,
        position: r.try_get("position")?,
        authorities: serde_json::from_str(&auth).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        block_reason: r.try_get("block_reason")?,
        source: r.try_get("source")?,
        joined_at: r.try_get("joined_at")?,
    })
}

const M_COLS: &str = "id, account_id, participant_id, status, position, authorities, block_reason, source, joined_at";

pub async fn membership<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
    participant_id: &str,
) -> Result<Option<Membership>, sqlx::Error> {
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {M_COLS} FROM memberships WHERE account_id = $1 AND participant_id = $2"
    )))
    .bind(account_id)
    .bind(participant_id)
    .fetch_optional(e)
    .await?;
    row.as_ref().map(membership_from).transpose()
}

/// The participant a membership id belongs to (ACC-167: telling a foreign id from a missing one).
pub async fn membership_owner<'e, E: Executor<'e, Database = Any>>(
    e: E,
    membership_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT participant_id FROM memberships WHERE id = $1")
        .bind(membership_id)
        .fetch_optional(e)
        .await
}

/// The participant a join request id belongs to.
pub async fn join_request_owner<'e, E: Executor<'e, Database = Any>>(
    e: E,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT participant_id FROM join_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn memberships_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
) -> Result<Vec<Membership>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {M_COLS} FROM memberships WHERE account_id = $1 ORDER BY joined_at, id"
    )))
    .bind(account_id)
    .fetch_all(e)
    .await?;
    rows.iter().map(membership_from).collect()
}

pub async fn insert_membership(
    tx: &mut Tx,
    account_id: &str,
    participant_id: &str,
    authorities: &[&str],
    source: &str,
    position: Option<&str>,
    now: Millis,
) -> Result<i64, sqlx::Error> {
    let id = db::allocate(tx, "memberships", 1)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(
        "INSERT INTO memberships (id, account_id, participant_id, status, position, authorities, \
         source, joined_at, created_at, updated_at, updated_by) \
         VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $6, $7, $7, $7, $2)",
    )
    .bind(id)
    .bind(account_id)
    .bind(participant_id)
    .bind(position)
    .bind(serde_json::to_string(authorities).unwrap_or_else(|_| "[]".into()))
    .bind(source)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

// ---- banks (§2.11) ----

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bank {
    pub bic: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub iban_code: Option<String>,
    pub country: String,
    /// `ACTIVE` or `INACTIVE`.
    pub status: String,
}

fn bank_from(r: &AnyRow) -> Result<Bank, sqlx::Error> {
    Ok(Bank {
        bic: r.try_get("bic")?,
        name_ru: r.try_get("name_ru")?,
        name_kk: r.try_get("name_kk")?,
        iban_code: r.try_get("iban_code")?,
        country: r.try_get("country")?,
        status: r.try_get("status")?,
    })
}

pub async fn bank_by<'e, E: Executor<'e, Database = Any>>(
    e: E,
    col: &'static str,
    value: &str,
) -> Result<Option<Bank>, sqlx::Error> {
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT bic, name_ru, name_kk, iban_code, country, status FROM banks WHERE {col} = $1"
    )))
    .bind(value)
    .fetch_optional(e)
    .await?;
    row.as_ref().map(bank_from).transpose()
}

pub async fn active_banks<'e, E: Executor<'e, Database = Any>>(
    e: E,
) -> Result<Vec<Bank>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT bic, name_ru, name_kk, iban_code, country, status FROM banks \
         WHERE status = 'ACTIVE' ORDER BY name_ru, bic",
    )
    .fetch_all(e)
    .await?;
    rows.iter().map(bank_from).collect()
}

/// Adds a bank unless its BIC is known (the reference data are loaded on every start).
pub async fn insert_bank_if_absent(
    tx: &mut Tx,
    b: &Bank,
    source: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO banks (bic, name_ru, name_kk, iban_code, bin, country, status, source, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $8) \
         ON CONFLICT (bic) DO NOTHING",
    )
    .bind(&b.bic)
    .bind(&b.name_ru)
    .bind(&b.name_kk)
    .bind(&b.iban_code)
    .bind(&b.country)
    .bind(&b.status)
    .bind(source)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every bank of the dictionary with its БИН and source, by name (the administrator's list).
pub async fn all_banks<'e, E: Executor<'e, Database = Any>>(
    e: E,
) -> Result<Vec<crate::dictionaries::AdminBank>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT bic, name_ru, name_kk, iban_code, country, status, bin, source FROM banks \
         ORDER BY name_ru, bic",
    )
    .fetch_all(e)
    .await?;
    rows.iter().map(admin_bank_from).collect()
}

/// One bank with its БИН and source.
pub async fn admin_bank<'e, E: Executor<'e, Database = Any>>(
    e: E,
    bic: &str,
) -> Result<Option<crate::dictionaries::AdminBank>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT bic, name_ru, name_kk, iban_code, country, status, bin, source FROM banks \
         WHERE bic = $1",
    )
    .bind(bic.to_ascii_uppercase())
    .fetch_optional(e)
    .await?;
    row.as_ref().map(admin_bank_from).transpose()
}

fn admin_bank_from(r: &AnyRow) -> Result<crate::dictionaries::AdminBank, sqlx::Error> {
    Ok(crate::dictionaries::AdminBank {
        bank: bank_from(r)?,
        bin: r.try_get("bin")?,
        source: r.try_get("source")?,
    })
}

/// Inserts or updates a bank of the administrator (ACC-116).
pub async fn save_bank(
    tx: &mut Tx,
    b: &Bank,
    bin: Option<&str>,
    source: &str,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO banks (bic, name_ru, name_kk, iban_code, bin, country, status, source, \
         created_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) \
         ON CONFLICT (bic) DO UPDATE SET name_ru = excluded.name_ru, name_kk = excluded.name_kk, \
         iban_code = excluded.iban_code, bin = excluded.bin, country = excluded.country, \
         status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(&b.bic)
    .bind(&b.name_ru)
    .bind(&b.name_kk)
    .bind(&b.iban_code)
    .bind(bin)
    .bind(&b.country)
    .bind(&b.status)
    .bind(source)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// ---- bank accounts (§2.10) ----

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BankAccount {
    pub id: i64,
    pub participant_id: String,
    pub old_format: bool,
    pub number: String,
    pub kbe: String,
    pub bank_bic: String,
    pub account_type: String,
    pub is_guarantee: bool,
    pub is_default: bool,
    /// `MANUAL`, `INIS` or `ENS_ADMIN`.
    pub source: String,
}

fn account_from(r: &AnyRow) -> Result<BankAccount, sqlx::Error> {
    Ok(BankAccount {
        id: r.try_get("id")?,
        participant_id: r.try_get("participant_id")?,
        old_format: db::flag(r, "old_format")?,
        number: r.try_get("number")?,
        kbe: r.try_get("kbe")?,
        bank_bic: r.try_get("bank_bic")?,
        account_type: r.try_get("account_type")?,
        is_guarantee: db::flag(r, "is_guarantee")?,
        is_default: db::flag(r, "is_default")?,
        source: r.try_get("source")?,
    })
}

const BA_COLS: &str = "id, participant_id, old_format, number, kbe, bank_bic, account_type, \
    is_guarantee, is_default, source";

pub async fn bank_accounts_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    participant_id: &str,
) -> Result<Vec<BankAccount>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {BA_COLS} FROM bank_accounts WHERE participant_id = $1 ORDER BY id"
    )))
    .bind(participant_id)
    .fetch_all(e)
    .await?;
    rows.iter().map(account_from).collect()
}

pub async fn insert_bank_account(
    tx: &mut Tx,
    a: &BankAccount,
    by: &str,
    now: Millis,
) -> Result<i64, sqlx::Error> {
    let id = db::allocate(tx, "bank_accounts", 1)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(db::AssertSqlSafe(format!(
        "INSERT INTO bank_accounts ({BA_COLS}, created_at, created_by, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $12)"
    )))
    .bind(id)
    .bind(&a.participant_id)
    .bind(i32::from(a.old_format))
    .bind(&a.number)
    .bind(&a.kbe)
    .bind(&a.bank_bic)
    .bind(&a.account_type)
    .bind(i32::from(a.is_guarantee))
    .bind(i32::from(a.is_default))
    .bind(&a.source)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn update_bank_account(
    tx: &mut Tx,
    a: &BankAccount,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bank_accounts SET old_format = $2, number = $3, kbe = $4, bank_bic = $5, \
         account_type = $6, is_guarantee = $7, is_default = $8, updated_at = $9, updated_by = $10 \
         WHERE id = $1",
    )
    .bind(a.id)
    .bind(i32::from(a.old_format))
    .bind(&a.number)
    .bind(&a.kbe)
    .bind(&a.bank_bic)
    .bind(&a.account_type)
    .bind(i32::from(a.is_guarantee))
    .bind(i32::from(a.is_default))
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Clears a flag (`is_default` or `is_guarantee`) on every other account of the participant.
pub async fn clear_flag_except(
    tx: &mut Tx,
    participant_id: &str,
    flag: &'static str,
    keep_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(db::AssertSqlSafe(format!(
        "UPDATE bank_accounts SET {flag} = 0 WHERE participant_id = $1 AND id <> $2"
    )))
    .bind(participant_id)
    .bind(keep_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn delete_bank_account(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM bank_accounts WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// ACC-108: the КБе of every account of a participant.
pub async fn set_kbe_of(tx: &mut Tx, participant_id: &str, kbe: &str) -> Result<u64, sqlx::Error> {
    let r =
        sqlx::query("UPDATE bank_accounts SET kbe = $2 WHERE participant_id = $1 AND kbe <> $2")
            .bind(participant_id)
            .bind(kbe)
            .execute(&mut **tx)
            .await?;
    Ok(r.rows_affected())
}

/// An active dictionary entry exists (`dict_entries`).
pub async fn dict_has<'e, E: Executor<'e, Database = Any>>(
    e: E,
    dict: &str,
    code: &str,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM dict_entries WHERE dict = $1 AND code = $2 AND active = 1",
    )
    .bind(dict)
    .bind(code)
    .fetch_one(e)
    .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// Status, authorities and block reason of a membership (M4–M7). `blocked` carries who blocked
/// and when for a new block; the reason is kept on unblocking (ACC-82: it stays in the history).
#[allow(clippy::too_many_arguments)]
pub async fn update_membership(
    tx: &mut Tx,
    id: i64,
    status: &str,
    authorities: &[String],
    block_reason: Option<&str>,
    blocked: Option<(&str, Millis)>,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE memberships SET status = $2, authorities = $3, block_reason = $4, \
         blocked_by = $5, blocked_at = $6, updated_at = $7, updated_by = $8 WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(serde_json::to_string(authorities).unwrap_or_else(|_| "[]".into()))
    .bind(block_reason)
    .bind(blocked.map(|b| b.0))
    .bind(blocked.map(|b| b.1.0))
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Re-opens an `ENDED` membership (M2).
pub async fn reopen_membership(
    tx: &mut Tx,
    id: i64,
    authorities: &[String],
    position: Option<&str>,
    source: &str,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE memberships SET status = 'ACTIVE', authorities = $2, position = $3, source = $4, \
         joined_at = $6, updated_at = $6, updated_by = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(serde_json::to_string(authorities).unwrap_or_else(|_| "[]".into()))
    .bind(position)
    .bind(source)
    .bind(by)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn members_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    participant_id: &str,
) -> Result<Vec<Membership>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {M_COLS} FROM memberships WHERE participant_id = $1 ORDER BY joined_at, id"
    )))
    .bind(participant_id)
    .fetch_all(e)
    .await?;
    rows.iter().map(membership_from).collect()
}

/// ACC-80: ends the account's sessions acting for the participant.
pub async fn end_context_sessions(
    tx: &mut Tx,
    account_id: &str,
    participant_id: &str,
    now: Millis,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE sessions SET ended_at = $3, end_reason = 'org_changed' WHERE account_id = $1 \
         AND context_participant_id = $2 AND ended_at IS NULL",
    )
    .bind(account_id)
    .bind(participant_id)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}

/// A join request (§2.15).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JoinRequest {
    pub id: i64,
    pub account_id: String,
    pub participant_id: String,
    pub certificate_serial: String,
    pub position: String,
    pub message: Option<String>,
    /// `PENDING`, `APPROVED` or `DECLINED`.
    pub status: String,
    pub decision_reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

fn join_from(r: &AnyRow) -> Result<JoinRequest, sqlx::Error> {
    Ok(JoinRequest {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        participant_id: r.try_get("participant_id")?,
        certificate_serial: r.try_get("certificate_serial")?,
        position: r.try_get("position")?,
        message: r.try_get("message")?,
        status: r.try_get("status")?,
        decision_reason: r.try_get("decision_reason")?,
        created_at: r.try_get("created_at")?,
        decided_at: r.try_get("decided_at")?,
    })
}

const J_COLS: &str = "id, account_id, participant_id, certificate_serial, position, message, \
    status, decision_reason, created_at, decided_at";

pub async fn join_requests<'e, E: Executor<'e, Database = Any>>(
    e: E,
    col: &'static str,
    value: &str,
) -> Result<Vec<JoinRequest>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {J_COLS} FROM join_requests WHERE {col} = $1 ORDER BY created_at DESC, id DESC"
    )))
    .bind(value)
    .fetch_all(e)
    .await?;
    rows.iter().map(join_from).collect()
}

pub async fn insert_join_request(tx: &mut Tx, j: &JoinRequest) -> Result<i64, sqlx::Error> {
    let id = db::allocate(tx, "join_requests", 1)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(db::AssertSqlSafe(format!(
        "INSERT INTO join_requests ({J_COLS}) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', NULL, $7, NULL)"
    )))
    .bind(id)
    .bind(&j.account_id)
    .bind(&j.participant_id)
    .bind(&j.certificate_serial)
    .bind(&j.position)
    .bind(&j.message)
    .bind(j.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// J2/J3: decides a pending request; false when it was no longer pending.
pub async fn decide_join_request(
    tx: &mut Tx,
    id: i64,
    status: &str,
    reason: Option<&str>,
    by: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE join_requests SET status = $2, decision_reason = $3, decided_by = $4, \
         decided_at = $5 WHERE id = $1 AND status = 'PENDING'",
    )
    .bind(id)
    .bind(status)
    .bind(reason)
    .bind(by)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// J4: the requester withdraws a pending request.
pub async fn delete_pending_join_request(
    tx: &mut Tx,
    id: i64,
    account_id: &str,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "DELETE FROM join_requests WHERE id = $1 AND account_id = $2 AND status = 'PENDING'",
    )
    .bind(id)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// ACC-92: the head fields copied from the chosen member.
#[allow(clippy::too_many_arguments)]
pub async fn set_head(
    tx: &mut Tx,
    participant_id: &str,
    membership_id: i64,
    iin: &str,
    last: &str,
    first: &str,
    middle: Option<&str>,
    position: &str,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET head_membership_id = $2, head_iin = $3, head_last_name = $4, \
         head_first_name = $5, head_middle_name = $6, head_position = $7, updated_at = $8, \
         updated_by = $9 WHERE id = $1",
    )
    .bind(participant_id)
    .bind(membership_id)
    .bind(iin)
    .bind(last)
    .bind(first)
    .bind(middle)
    .bind(position)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A new-bank request (§2.12).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NewBankRequest {
    pub number: i64,
    pub participant_id: String,
    pub requested_by: String,
    pub bank_name_ru: String,
    pub bank_name_kk: Option<String>,
    pub bic: String,
    pub country: String,
    pub iban_code: Option<String>,
    pub bank_bin: Option<String>,
    pub address: Option<String>,
    pub comment: Option<String>,
    /// `ON_APPROVAL`, `APPROVED` or `REJECTED`.
    pub status: String,
    pub rejection_reason: Option<String>,
    pub sent_at: i64,
    pub decided_at: Option<i64>,
}

const NB_COLS: &str = "number, participant_id, requested_by, bank_name_ru, bank_name_kk, bic, \
    country, iban_code, bank_bin, address, comment, status, rejection_reason, sent_at, decided_at";

fn new_bank_from(r: &AnyRow) -> Result<NewBankRequest, sqlx::Error> {
    Ok(NewBankRequest {
        number: r.try_get("number")?,
        participant_id: r.try_get("participant_id")?,
        requested_by: r.try_get("requested_by")?,
        bank_name_ru: r.try_get("bank_name_ru")?,
        bank_name_kk: r.try_get("bank_name_kk")?,
        bic: r.try_get("bic")?,
        country: r.try_get("country")?,
        iban_code: r.try_get("iban_code")?,
        bank_bin: r.try_get("bank_bin")?,
        address: r.try_get("address")?,
        comment: r.try_get("comment")?,
        status: r.try_get("status")?,
        rejection_reason: r.try_get("rejection_reason")?,
        sent_at: r.try_get("sent_at")?,
        decided_at: r.try_get("decided_at")?,
    })
}

pub async fn new_bank_requests<'e, E: Executor<'e, Database = Any>>(
    e: E,
    col: &'static str,
    value: &str,
) -> Result<Vec<NewBankRequest>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {NB_COLS} FROM new_bank_requests WHERE {col} = $1 ORDER BY sent_at DESC, number DESC"
    )))
    .bind(value)
    .fetch_all(e)
    .await?;
    rows.iter().map(new_bank_from).collect()
}

pub async fn insert_new_bank_request(tx: &mut Tx, r: &NewBankRequest) -> Result<i64, sqlx::Error> {
    let number = db::allocate(tx, "new_bank_requests", 1)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(db::AssertSqlSafe(format!(
        "INSERT INTO new_bank_requests ({NB_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, 'ON_APPROVAL', NULL, $12, NULL)"
    )))
    .bind(number)
    .bind(&r.participant_id)
    .bind(&r.requested_by)
    .bind(&r.bank_name_ru)
    .bind(&r.bank_name_kk)
    .bind(&r.bic)
    .bind(&r.country)
    .bind(&r.iban_code)
    .bind(&r.bank_bin)
    .bind(&r.address)
    .bind(&r.comment)
    .bind(r.sent_at)
    .execute(&mut **tx)
    .await?;
    Ok(number)
}

/// B2/B3: false when the request was no longer on approval.
pub async fn decide_new_bank_request(
    tx: &mut Tx,
    number: i64,
    status: &str,
    reason: Option<&str>,
    bank_bic: Option<&str>,
    by: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE new_bank_requests SET status = $2, rejection_reason = $3, bank_bic = $4, \
         decided_by = $5, decided_at = $6 WHERE number = $1 AND status = 'ON_APPROVAL'",
    )
    .bind(number)
    .bind(status)
    .bind(reason)
    .bind(bank_bic)
    .bind(by)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// ACC-110: the editable registration data of a participant.
pub async fn update_participant_contacts(
    tx: &mut Tx,
    id: &str,
    email: &str,
    website: Option<&str>,
    phones: &str,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET email = $2, website = $3, phones = $4, updated_at = $5, \
         updated_by = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(email)
    .bind(website)
    .bind(phones)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// ACC-111: the attributes of a participant.
pub async fn update_participant_attributes(
    tx: &mut Tx,
    p: &Participant,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET country = $2, is_supplier = $3, kopf = $4, kse = $5, kfs = $6, \
         is_resident = $7, is_small_business = $8, is_medium_business = $9, updated_at = $10, \
         updated_by = $11 WHERE id = $1",
    )
    .bind(&p.id)
    .bind(&p.country)
    .bind(i32::from(p.is_supplier))
    .bind(&p.kopf)
    .bind(&p.kse)
    .bind(&p.kfs)
    .bind(i32::from(p.is_resident))
    .bind(i32::from(p.is_small_business))
    .bind(i32::from(p.is_medium_business))
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
