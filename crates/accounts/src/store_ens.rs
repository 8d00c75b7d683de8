//! SQL of the ЕНС ТРУ part of the account layer (migration 0009): organisation profiles
//! (§2.5), access requests with their power of attorney (§2.16), and the `ENS_USER` grants
//! (participant-scoped rows of `role_grants`, §2.17).

use db::Tx;
use kernel::Millis;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// The Appendix 1 fields kept beside the participant (§2.5).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EnsProfileRow {
    pub participant_id: String,
    pub name_kk: Option<String>,
    pub parent_participant_id: Option<String>,
    pub rnn: Option<String>,
    pub region: Option<String>,
    pub address: Option<String>,
    pub contact_last_name: Option<String>,
    pub contact_first_name: Option<String>,
    pub contact_middle_name: Option<String>,
    pub contact_position: Option<String>,
    pub contact_work_phone: Option<String>,
    pub contact_mobile_phone: Option<String>,
    pub contact_email: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const PROFILE_COLS: &str = "participant_id, name_kk, parent_participant_id, rnn, region, address, \
    contact_last_name, contact_first_name, contact_middle_name, contact_position, \
    contact_work_phone, contact_mobile_phone, contact_email, created_at, updated_at";

fn profile_from(r: &AnyRow) -> Result<EnsProfileRow, sqlx::Error> {
    Ok(EnsProfileRow {
        participant_id: r.try_get("participant_id")?,
        name_kk: r.try_get("name_kk")?,
        parent_participant_id: r.try_get("parent_participant_id")?,
        rnn: r.try_get("rnn")?,
        region: r.try_get("region")?,
        address: r.try_get("address")?,
        contact_last_name: r.try_get("contact_last_name")?,
        contact_first_name: r.try_get("contact_first_name")?,
        contact_middle_name: r.try_get("contact_middle_name")?,
        contact_position: r.try_get("contact_position")?,
        contact_work_phone: r.try_get("contact_work_phone")?,
        contact_mobile_phone: r.try_get("contact_mobile_phone")?,
        contact_email: r.try_get("contact_email")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn profile<'e, E: Executor<'e, Database = Any>>(
    e: E,
    participant_id: &str,
) -> Result<Option<EnsProfileRow>, sqlx::Error> {
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {PROFILE_COLS} FROM ens_org_profiles WHERE participant_id = $1"
    )))
    .bind(participant_id)
    .fetch_optional(e)
    .await?;
    row.as_ref().map(profile_from).transpose()
}

/// Inserts or replaces the profile of `p.participant_id`.
pub async fn save_profile(
    tx: &mut Tx,
    p: &EnsProfileRow,
    search_key: &str,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ens_org_profiles (participant_id, name_kk, parent_participant_id, rnn, \
         region, address, contact_last_name, contact_first_name, contact_middle_name, \
         contact_position, contact_work_phone, contact_mobile_phone, contact_email, search_key, \
         created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
         $9, $10, $11, $12, $13, $14, $15, $16, $15, $16) \
         ON CONFLICT (participant_id) DO UPDATE SET name_kk = $2, parent_participant_id = $3, \
         rnn = $4, region = $5, address = $6, contact_last_name = $7, contact_first_name = $8, \
         contact_middle_name = $9, contact_position = $10, contact_work_phone = $11, \
         contact_mobile_phone = $12, contact_email = $13, search_key = $14, updated_at = $15, \
         updated_by = $16",
    )
    .bind(&p.participant_id)
    .bind(&p.name_kk)
    .bind(&p.parent_participant_id)
    .bind(&p.rnn)
    .bind(&p.region)
    .bind(&p.address)
    .bind(&p.contact_last_name)
    .bind(&p.contact_first_name)
    .bind(&p.contact_middle_name)
    .bind(&p.contact_position)
    .bind(&p.contact_work_phone)
    .bind(&p.contact_mobile_phone)
    .bind(&p.contact_email)
    .bind(search_key)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The parent of a profile, for the cycle check of «Родительская организация».
pub async fn parent_of<'e, E: Executor<'e, Database = Any>>(
    e: E,
    participant_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT parent_participant_id FROM ens_org_profiles WHERE participant_id = $1",
    )
    .bind(participant_id)
    .fetch_optional(e)
    .await?
    .flatten())
}

/// One page of profiles whose search key contains every word of `words` (all for none),
/// by name; and the number of matches.
pub async fn search_profiles<'e, E: Executor<'e, Database = Any> + Copy>(
    e: E,
    words: &[String],
    offset: i64,
    limit: i64,
) -> Result<(i64, Vec<EnsProfileRow>), sqlx::Error> {
    let mut filter = String::from("1 = 1");
    for i in 0..words.len() {
        filter.push_str(&format!(" AND f.search_key LIKE ${} ESCAPE '\\'", i + 1));
    }
    let likes: Vec<String> = words
        .iter()
        .map(|w| {
            format!(
                "%{}%",
                w.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        })
        .collect();
    let mut count = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM ens_org_profiles f WHERE {filter}"
    )));
    for l in &likes {
        count = count.bind(l.clone());
    }
    let total: i64 = count.fetch_one(e).await?.try_get(0)?;
    let n = likes.len();
    let cols = PROFILE_COLS
        .split(", ")
        .map(|c| format!("f.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut q = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {cols} FROM ens_org_profiles f JOIN participants p ON p.id = f.participant_id \
         WHERE {filter} ORDER BY p.name, p.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    )));
    for l in &likes {
        q = q.bind(l.clone());
    }
    let rows = q.bind(limit).bind(offset).fetch_all(e).await?;
    Ok((
        total,
        rows.iter().map(profile_from).collect::<Result<_, _>>()?,
    ))
}

/// An access request (§2.16), without the file's bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessRequestRow {
    pub id: i64,
    pub account_id: String,
    pub participant_id: String,
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub bin: String,
    pub position: String,
    pub phone: String,
    pub poa_file_name: String,
    pub poa_mime: String,
    pub poa_size: i64,
    pub poa_sha256: String,
    pub agreement_version: String,
    pub signature_id: i64,
    /// `SUBMITTED`, `ACCREDITED` or `REFUSED`.
    pub status: String,
    pub refusal_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
}

const REQUEST_COLS: &str = "id, account_id, participant_id, last_name, first_name, email, bin, \
    position, phone, poa_file_name, poa_mime, poa_size, poa_sha256, agreement_version, \
    signature_id, status, refusal_reason, decided_by, decided_at, created_at";

fn request_from(r: &AnyRow) -> Result<AccessRequestRow, sqlx::Error> {
    Ok(AccessRequestRow {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        participant_id: r.try_get("participant_id")?,
        last_name: r.try_get("last_name")?,
        first_name: r.try_get("first_name")?,
        email: r.try_get("email")?,
        bin: r.try_get("bin")?,
        position: r.try_get("position")?,
        phone: r.try_get("phone")?,
        poa_file_name: r.try_get("poa_file_name")?,
        poa_mime: r.try_get("poa_mime")?,
        poa_size: r.try_get("poa_size")?,
        poa_sha256: r.try_get("poa_sha256")?,
        agreement_version: r.try_get("agreement_version")?,
        signature_id: r.try_get("signature_id")?,
        status: r.try_get("status")?,
        refusal_reason: r.try_get("refusal_reason")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get("decided_at")?,
        created_at: r.try_get("created_at")?,
    })
}

/// The pending key of ACC-130: one `SUBMITTED` request per (account, participant).
pub fn pending_key(account_id: &str, participant_id: &str) -> String {
    format!("{account_id} {participant_id}")
}

/// Inserts a `SUBMITTED` request with its file; returns the new id.
pub async fn insert_request(
    tx: &mut Tx,
    r: &AccessRequestRow,
    content: &[u8],
) -> Result<i64, sqlx::Error> {
    let id = db::allocate(tx, "ens_access_requests", 1)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(
        "INSERT INTO ens_access_requests (id, account_id, participant_id, last_name, first_name, \
         email, bin, position, phone, poa_file_name, poa_mime, poa_size, poa_sha256, poa_content, \
         agreement_version, signature_id, status, pending_key, created_at) VALUES ($1, $2, $3, \
         $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'SUBMITTED', $17, $18)",
    )
    .bind(id)
    .bind(&r.account_id)
    .bind(&r.participant_id)
    .bind(&r.last_name)
    .bind(&r.first_name)
    .bind(&r.email)
    .bind(&r.bin)
    .bind(&r.position)
    .bind(&r.phone)
    .bind(&r.poa_file_name)
    .bind(&r.poa_mime)
    .bind(r.poa_size)
    .bind(&r.poa_sha256)
    .bind(content.to_vec())
    .bind(&r.agreement_version)
    .bind(r.signature_id)
    .bind(pending_key(&r.account_id, &r.participant_id))
    .bind(r.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn request<'e, E: Executor<'e, Database = Any>>(
    e: E,
    id: i64,
) -> Result<Option<AccessRequestRow>, sqlx::Error> {
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {REQUEST_COLS} FROM ens_access_requests WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(e)
    .await?;
    row.as_ref().map(request_from).transpose()
}

/// Requests where `col` = `value`, newest first.
pub async fn requests_by<'e, E: Executor<'e, Database = Any>>(
    e: E,
    col: &'static str,
    value: &str,
) -> Result<Vec<AccessRequestRow>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {REQUEST_COLS} FROM ens_access_requests WHERE {col} = $1 \
         ORDER BY created_at DESC, id DESC"
    )))
    .bind(value)
    .fetch_all(e)
    .await?;
    rows.iter().map(request_from).collect()
}

/// Requests of a status with their participant's name («Организация»), newest first.
pub async fn requests_with_names<'e, E: Executor<'e, Database = Any>>(
    e: E,
    status: &str,
) -> Result<Vec<(AccessRequestRow, String)>, sqlx::Error> {
    let cols = REQUEST_COLS
        .split(", ")
        .map(|c| format!("r.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {cols}, p.name AS participant_name FROM ens_access_requests r \
         JOIN participants p ON p.id = r.participant_id WHERE r.status = $1 \
         ORDER BY r.created_at DESC, r.id DESC"
    )))
    .bind(status)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| Ok((request_from(r)?, r.try_get("participant_name")?)))
        .collect()
}

/// The power of attorney of a request: (file name, MIME type, bytes).
pub async fn power_of_attorney<'e, E: Executor<'e, Database = Any>>(
    e: E,
    id: i64,
) -> Result<Option<(String, String, Vec<u8>)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT poa_file_name, poa_mime, poa_content FROM ens_access_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(e)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .transpose()
}

/// E2 / E3: decides a `SUBMITTED` request; false when it is no longer pending.
pub async fn decide_request(
    tx: &mut Tx,
    id: i64,
    status: &str,
    reason: Option<&str>,
    by: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE ens_access_requests SET status = $2, refusal_reason = $3, decided_by = $4, \
         decided_at = $5, pending_key = NULL WHERE id = $1 AND status = 'SUBMITTED'",
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

/// An effective (not revoked) `ENS_USER` grant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsGrant {
    pub id: i64,
    pub account_id: String,
    pub participant_id: String,
    pub granted_at: i64,
}

/// The effective `ENS_USER` grants where `col` (`account_id` or `scope_participant_id`) is
/// `value`, oldest first.
pub async fn ens_grants<'e, E: Executor<'e, Database = Any>>(
    e: E,
    col: &'static str,
    value: &str,
) -> Result<Vec<EnsGrant>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT id, account_id, scope_participant_id, granted_at FROM role_grants \
         WHERE {col} = $1 AND role = 'ENS_USER' AND revoked_at IS NULL \
         AND scope_participant_id IS NOT NULL ORDER BY granted_at, id"
    )))
    .bind(value)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(EnsGrant {
                id: r.try_get(0)?,
                account_id: r.try_get(1)?,
                participant_id: r.try_get(2)?,
                granted_at: r.try_get(3)?,
            })
        })
        .collect()
}

/// One grant by id (revoked or not): (account, participant, revoked).
pub async fn ens_grant<'e, E: Executor<'e, Database = Any>>(
    e: E,
    id: i64,
) -> Result<Option<EnsGrant>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, account_id, scope_participant_id, granted_at FROM role_grants \
         WHERE id = $1 AND role = 'ENS_USER' AND revoked_at IS NULL \
         AND scope_participant_id IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(e)
    .await?;
    row.map(|r| {
        Ok(EnsGrant {
            id: r.try_get(0)?,
            account_id: r.try_get(1)?,
            participant_id: r.try_get(2)?,
            granted_at: r.try_get(3)?,
        })
    })
    .transpose()
}

/// ACC-96: ends the account's ЕНС ТРУ sessions (`PASSWORD`, `CERT`) in the participant.
pub async fn end_ens_sessions(
    tx: &mut Tx,
    account_id: &str,
    participant_id: &str,
    now: Millis,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE sessions SET ended_at = $3, end_reason = 'ens_revoked' WHERE account_id = $1 \
         AND context_participant_id = $2 AND assurance <> 'CERT_PASSWORD' AND ended_at IS NULL",
    )
    .bind(account_id)
    .bind(participant_id)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}

/// The effective `SUPERVISOR` grant of the account in the participant (G-46), if any.
pub async fn supervisor_grant<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
    participant_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM role_grants WHERE account_id = $1 AND role = 'SUPERVISOR' \
         AND scope_participant_id = $2 AND revoked_at IS NULL ORDER BY id LIMIT 1",
    )
    .bind(account_id)
    .bind(participant_id)
    .fetch_optional(e)
    .await
}

/// An `ENS_USER` grant (not revoked) with its holder and organisation, as the staff's list
/// shows it (ACC-96, G-46).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsUserRow {
    pub grant_id: i64,
    pub granted_at: i64,
    pub account_id: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub email: String,
    pub participant_id: String,
    pub participant_name: String,
    /// The holder's `SUPERVISOR` grant (not revoked) in the same participant, the oldest.
    pub supervisor_grant_id: Option<i64>,
}

/// Which `ENS_USER` grants [`ens_users`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnsUserFilter<'a> {
    /// Every organisation's.
    All,
    /// One participant's.
    Participant(&'a str),
    /// One grant.
    Grant(i64),
}

impl EnsUserFilter<'_> {
    fn clause(&self) -> &'static str {
        match self {
            EnsUserFilter::All => "",
            EnsUserFilter::Participant(_) => " AND g.scope_participant_id = $1",
            EnsUserFilter::Grant(_) => " AND g.id = $1",
        }
    }

    /// The number of placeholders of [`Self::clause`].
    fn binds(&self) -> usize {
        usize::from(!matches!(self, EnsUserFilter::All))
    }
}

/// The grants of `ENS_USER` that are not revoked, with an account and a participant; the
/// holder's name and e-mail, the organisation's name and the `SUPERVISOR` grant come from the
/// same query.
const ENS_USERS_FROM: &str = "FROM role_grants g JOIN accounts a ON a.id = g.account_id \
     JOIN participants p ON p.id = g.scope_participant_id \
     WHERE g.role = 'ENS_USER' AND g.revoked_at IS NULL";

fn ens_user_from(r: &AnyRow) -> Result<EnsUserRow, sqlx::Error> {
    Ok(EnsUserRow {
        grant_id: r.try_get("grant_id")?,
        granted_at: r.try_get("granted_at")?,
        account_id: r.try_get("account_id")?,
        last_name: r.try_get("last_name")?,
        first_name: r.try_get("first_name")?,
        middle_name: r.try_get("middle_name")?,
        email: r.try_get("email")?,
        participant_id: r.try_get("participant_id")?,
        participant_name: r.try_get("participant_name")?,
        supervisor_grant_id: r.try_get("supervisor_grant_id")?,
    })
}

/// One page of the `ENS_USER` grants of `filter`, oldest grant first, and how many there are:
/// two statements whatever the page holds.
pub async fn ens_users<'e, E: Executor<'e, Database = Any> + Copy>(
    e: E,
    filter: EnsUserFilter<'_>,
    offset: i64,
    limit: i64,
) -> Result<(i64, Vec<EnsUserRow>), sqlx::Error> {
    let clause = filter.clause();
    let count = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT COUNT(*) {ENS_USERS_FROM}{clause}"
    )));
    let count = match filter {
        EnsUserFilter::All => count,
        EnsUserFilter::Participant(p) => count.bind(p),
        EnsUserFilter::Grant(id) => count.bind(id),
    };
    let total: i64 = count.fetch_one(e).await?.try_get(0)?;
    let n = filter.binds();
    let q = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT g.id AS grant_id, g.granted_at, a.id AS account_id, a.last_name, a.first_name, \
         a.middle_name, a.email, p.id AS participant_id, p.name AS participant_name, \
         (SELECT MIN(s.id) FROM role_grants s WHERE s.account_id = g.account_id \
          AND s.role = 'SUPERVISOR' AND s.scope_participant_id = g.scope_participant_id \
          AND s.revoked_at IS NULL) AS supervisor_grant_id \
         {ENS_USERS_FROM}{clause} ORDER BY g.granted_at, g.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    )));
    let q = match filter {
        EnsUserFilter::All => q,
        EnsUserFilter::Participant(p) => q.bind(p),
        EnsUserFilter::Grant(id) => q.bind(id),
    };
    let rows = q.bind(limit).bind(offset).fetch_all(e).await?;
    Ok((
        total,
        rows.iter().map(ens_user_from).collect::<Result<_, _>>()?,
    ))
}

/// One `ENS_USER` grant that is not revoked, as [`ens_users`] shows it.
pub async fn ens_user<'e, E: Executor<'e, Database = Any> + Copy>(
    e: E,
    grant_id: i64,
) -> Result<Option<EnsUserRow>, sqlx::Error> {
    let (_, rows) = ens_users(e, EnsUserFilter::Grant(grant_id), 0, 1).await?;
    Ok(rows.into_iter().next())
}
