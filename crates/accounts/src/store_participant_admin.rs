//! SQL of «Участники» (ACC-115): the participant search, P4/P5, the staff flags of ACC-72, the
//! corrections of ACC-113, the name refresh from a certificate and the sessions that end with
//! a block (migration 0007 columns; nothing new in the schema).

use db::Tx;
use kernel::Millis;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// A row of the list of «Участники».
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParticipantRow {
    pub id: String,
    /// `FL`, `IP`, `KH` or `UL`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id_number: String,
    pub name: String,
    /// `ADMIN_CREATED`, `ACTIVE` or `BLOCKED`.
    pub status: String,
    pub is_organizer: bool,
    pub is_single_distributor: bool,
    pub registered_at: Option<i64>,
}

const ROW_COLS: &str =
    "id, type, id_number, name, status, is_organizer, is_single_distributor, registered_at";

fn row_from(r: &AnyRow) -> Result<ParticipantRow, sqlx::Error> {
    Ok(ParticipantRow {
        id: r.try_get("id")?,
        kind: r.try_get("type")?,
        id_number: r.try_get("id_number")?,
        name: r.try_get("name")?,
        status: r.try_get("status")?,
        is_organizer: db::flag(r, "is_organizer")?,
        is_single_distributor: db::flag(r, "is_single_distributor")?,
        registered_at: r.try_get("registered_at")?,
    })
}

/// `LIKE` pattern of a literal prefix.
fn prefix_pattern(s: &str) -> String {
    format!(
        "{}%",
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// One page of participants whose ИИН/БИН starts with `digits` (every participant for an empty
/// string), optionally of one status, by name; and the number of matches.
pub async fn search_by_number<'e, E: Executor<'e, Database = Any> + Copy>(
    ex: E,
    digits: &str,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<(i64, Vec<ParticipantRow>), sqlx::Error> {
    let filter = "id_number LIKE $1 ESCAPE '\\' AND ($2 = '' OR status = $2)";
    let pattern = prefix_pattern(digits);
    let status = status.unwrap_or("");
    let total: i64 = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM participants WHERE {filter}"
    )))
    .bind(&pattern)
    .bind(status)
    .fetch_one(ex)
    .await?
    .try_get(0)?;
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {ROW_COLS} FROM participants WHERE {filter} ORDER BY name, id LIMIT $3 OFFSET $4"
    )))
    .bind(&pattern)
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(ex)
    .await?;
    Ok((total, rows.iter().map(row_from).collect::<Result<_, _>>()?))
}

/// (id, name, ИИН/БИН) of every participant, optionally of one status, by name: the name search
/// folds the names in Rust (`kernel::text`), which SQL cannot do alike on both backends.
pub async fn names<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    status: Option<&str>,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, id_number FROM participants WHERE ($1 = '' OR status = $1) \
         ORDER BY name, id",
    )
    .bind(status.unwrap_or(""))
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

/// The list rows of these ids, in the order given.
pub async fn rows_by_ids<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    ids: &[String],
) -> Result<Vec<ParticipantRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {ROW_COLS} FROM participants WHERE id IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query(db::AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(id);
    }
    let mut rows = q
        .fetch_all(ex)
        .await?
        .iter()
        .map(row_from)
        .collect::<Result<Vec<_>, _>>()?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows)
}

/// «Причина блокировки» of a participant (P4).
pub async fn blocked_reason<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT blocked_reason FROM participants WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await?
    .flatten())
}

/// P4 (`ACTIVE` → `BLOCKED`, with the reason) and P5 (`BLOCKED` → `ACTIVE`, the reason cleared):
/// false when the participant was not in `from`.
pub async fn set_status(
    tx: &mut Tx,
    id: &str,
    from: &str,
    to: &str,
    reason: Option<&str>,
    by: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE participants SET status = $3, blocked_reason = $4, updated_at = $5, \
         updated_by = $6 WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(reason)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// P4: every open session acting for the participant ends, whoever's it is; the next request
/// of such a session says MSG-SESSION-ENDED-PART-BLOCKED.
pub async fn end_participant_sessions(
    tx: &mut Tx,
    participant_id: &str,
    now: Millis,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE sessions SET ended_at = $2, end_reason = 'participant_blocked' \
         WHERE context_participant_id = $1 AND ended_at IS NULL",
    )
    .bind(participant_id)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}

/// ACC-72: «Единый дистрибьютор» and «Организатор».
pub async fn set_flags(
    tx: &mut Tx,
    id: &str,
    single_distributor: bool,
    organizer: bool,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET is_single_distributor = $2, is_organizer = $3, \
         updated_at = $4, updated_by = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(i32::from(single_distributor))
    .bind(i32::from(organizer))
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The state-registration and applicant fields ACC-113 lets a `PLATFORM_ADMIN` correct.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct RegistrationData {
    pub state_reg_date: Option<String>,
    pub state_reg_doc_number: Option<String>,
    pub state_reg_authority: Option<String>,
    pub applicant_full_name: Option<String>,
    pub applicant_position: Option<String>,
}

/// ACC-113: the corrected registration data.
pub async fn set_registration_data(
    tx: &mut Tx,
    id: &str,
    d: &RegistrationData,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET state_reg_date = $2, state_reg_doc_number = $3, \
         state_reg_authority = $4, applicant_full_name = $5, applicant_position = $6, \
         updated_at = $7, updated_by = $8 WHERE id = $1",
    )
    .bind(id)
    .bind(&d.state_reg_date)
    .bind(&d.state_reg_doc_number)
    .bind(&d.state_reg_authority)
    .bind(&d.applicant_full_name)
    .bind(&d.applicant_position)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// ACC-113: «Наименование» from a later certificate of the same БИН.
pub async fn set_name(
    tx: &mut Tx,
    id: &str,
    name: &str,
    by: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET name = $2, updated_at = $3, updated_by = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The latest end of validity of the certificates seen with this БИН and this organisation name
/// (a certificate expiring earlier is older and does not roll a newer name back).
pub async fn latest_valid_to<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    bin: &str,
    org_name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MAX(valid_to) FROM account_certificates WHERE bin = $1 AND org_name = $2",
    )
    .bind(bin)
    .bind(org_name)
    .fetch_one(ex)
    .await
}

/// ACC-33 (c): `PROC_ORGANIZER` leaves every membership of a participant that is no longer an
/// organizer. Returns the accounts that lost it (their sessions in the context end, ACC-80).
pub async fn drop_authority(
    tx: &mut Tx,
    participant_id: &str,
    authority: &str,
    by: &str,
    now: Millis,
) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, account_id, authorities FROM memberships WHERE participant_id = $1 ORDER BY id",
    )
    .bind(participant_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut lost = Vec::new();
    for r in &rows {
        let text: String = r.try_get("authorities")?;
        let list: Vec<String> =
            serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        if !list.iter().any(|a| a == authority) {
            continue;
        }
        let kept: Vec<&String> = list.iter().filter(|a| *a != authority).collect();
        let kept = serde_json::to_string(&kept).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let id: i64 = r.try_get("id")?;
        sqlx::query(
            "UPDATE memberships SET authorities = $2, updated_at = $3, updated_by = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(kept)
        .bind(now.0)
        .bind(by)
        .execute(&mut **tx)
        .await?;
        lost.push(r.try_get("account_id")?);
    }
    Ok(lost)
}
