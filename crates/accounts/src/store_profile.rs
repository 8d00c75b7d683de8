//! SQL of the profile rows (migration 0008): passport data of an account (§2.8) and contact
//! rows of an account or of a participant (§2.9); and the account search of the platform
//! administrator (ACC-114).

use db::Tx;
use kernel::Millis;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// §2.8 «Паспортные данные»: one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityDocument {
    pub id: i64,
    pub doc_type: String,
    pub number: String,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    pub expiry_date: Option<String>,
    pub issuer: String,
    /// `MANUAL` or `EXTERNAL`.
    pub source: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const DOC_COLS: &str =
    "id, doc_type, number, issue_date, expiry_date, issuer, source, created_at, updated_at";

fn doc_of(r: &AnyRow) -> Result<IdentityDocument, sqlx::Error> {
    Ok(IdentityDocument {
        id: r.try_get("id")?,
        doc_type: r.try_get("doc_type")?,
        number: r.try_get("number")?,
        issue_date: r.try_get("issue_date")?,
        expiry_date: r.try_get("expiry_date")?,
        issuer: r.try_get("issuer")?,
        source: r.try_get("source")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn documents_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    account_id: &str,
) -> Result<Vec<IdentityDocument>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {DOC_COLS} FROM identity_documents WHERE account_id = $1 ORDER BY id"
    )))
    .bind(account_id)
    .fetch_all(ex)
    .await?;
    rows.iter().map(doc_of).collect()
}

pub async fn document<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    account_id: &str,
    id: i64,
) -> Result<Option<IdentityDocument>, sqlx::Error> {
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {DOC_COLS} FROM identity_documents WHERE account_id = $1 AND id = $2"
    )))
    .bind(account_id)
    .bind(id)
    .fetch_optional(ex)
    .await?;
    row.as_ref().map(doc_of).transpose()
}

/// A new row (`id` is allocated) or the update of row `d.id`.
pub async fn save_document(
    tx: &mut Tx,
    account_id: &str,
    d: &IdentityDocument,
    now: Millis,
) -> Result<i64, db::DbError> {
    if d.id == 0 {
        let id = db::allocate(tx, "identity_documents", 1).await?;
        sqlx::query(
            "INSERT INTO identity_documents (id, account_id, doc_type, number, issue_date, \
             expiry_date, issuer, source, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(id)
        .bind(account_id)
        .bind(&d.doc_type)
        .bind(&d.number)
        .bind(&d.issue_date)
        .bind(&d.expiry_date)
        .bind(&d.issuer)
        .bind(&d.source)
        .bind(now.0)
        .execute(&mut **tx)
        .await?;
        Ok(id)
    } else {
        sqlx::query(
            "UPDATE identity_documents SET doc_type = $3, number = $4, issue_date = $5, \
             expiry_date = $6, issuer = $7, updated_at = $8 WHERE account_id = $1 AND id = $2",
        )
        .bind(account_id)
        .bind(d.id)
        .bind(&d.doc_type)
        .bind(&d.number)
        .bind(&d.issue_date)
        .bind(&d.expiry_date)
        .bind(&d.issuer)
        .bind(now.0)
        .execute(&mut **tx)
        .await?;
        Ok(d.id)
    }
}

pub async fn delete_document(tx: &mut Tx, account_id: &str, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM identity_documents WHERE account_id = $1 AND id = $2")
        .bind(account_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Whose contact rows: a user's (§3.13) or a participant's (§3.15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactOwner<'a> {
    Account(&'a str),
    Participant(&'a str),
}

impl ContactOwner<'_> {
    fn column(self) -> (&'static str, String) {
        match self {
            ContactOwner::Account(id) => ("account_id", id.to_string()),
            ContactOwner::Participant(id) => ("participant_id", id.to_string()),
        }
    }
}

/// §2.9 «Контактные данные»: one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactEntry {
    pub id: i64,
    pub kind: String,
    pub value: String,
    pub note: Option<String>,
    /// `MANUAL` or `EXTERNAL`.
    pub source: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const CONTACT_COLS: &str = "id, kind, value, note, source, created_at, updated_at";

fn contact_of(r: &AnyRow) -> Result<ContactEntry, sqlx::Error> {
    Ok(ContactEntry {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        value: r.try_get("value")?,
        note: r.try_get("note")?,
        source: r.try_get("source")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn contacts_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    owner: ContactOwner<'_>,
) -> Result<Vec<ContactEntry>, sqlx::Error> {
    let (col, id) = owner.column();
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {CONTACT_COLS} FROM contact_entries WHERE {col} = $1 ORDER BY id"
    )))
    .bind(id)
    .fetch_all(ex)
    .await?;
    rows.iter().map(contact_of).collect()
}

pub async fn contact<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    owner: ContactOwner<'_>,
    id: i64,
) -> Result<Option<ContactEntry>, sqlx::Error> {
    let (col, owner_id) = owner.column();
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {CONTACT_COLS} FROM contact_entries WHERE {col} = $1 AND id = $2"
    )))
    .bind(owner_id)
    .bind(id)
    .fetch_optional(ex)
    .await?;
    row.as_ref().map(contact_of).transpose()
}

/// A new row (`id` is allocated) or the update of row `c.id`.
pub async fn save_contact(
    tx: &mut Tx,
    owner: ContactOwner<'_>,
    c: &ContactEntry,
    now: Millis,
) -> Result<i64, db::DbError> {
    let (account, participant) = match owner {
        ContactOwner::Account(id) => (Some(id), None),
        ContactOwner::Participant(id) => (None, Some(id)),
    };
    if c.id == 0 {
        let id = db::allocate(tx, "contact_entries", 1).await?;
        sqlx::query(
            "INSERT INTO contact_entries (id, account_id, participant_id, kind, value, note, \
             source, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(id)
        .bind(account)
        .bind(participant)
        .bind(&c.kind)
        .bind(&c.value)
        .bind(&c.note)
        .bind(&c.source)
        .bind(now.0)
        .execute(&mut **tx)
        .await?;
        Ok(id)
    } else {
        let (col, owner_id) = owner.column();
        sqlx::query(db::AssertSqlSafe(format!(
            "UPDATE contact_entries SET kind = $3, value = $4, note = $5, updated_at = $6 \
             WHERE {col} = $1 AND id = $2"
        )))
        .bind(owner_id)
        .bind(c.id)
        .bind(&c.kind)
        .bind(&c.value)
        .bind(&c.note)
        .bind(now.0)
        .execute(&mut **tx)
        .await?;
        Ok(c.id)
    }
}

pub async fn delete_contact(
    tx: &mut Tx,
    owner: ContactOwner<'_>,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let (col, owner_id) = owner.column();
    let r = sqlx::query(db::AssertSqlSafe(format!(
        "DELETE FROM contact_entries WHERE {col} = $1 AND id = $2"
    )))
    .bind(owner_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// ACC-102: the e-mail duplication switch.
pub async fn set_email_notifications(
    tx: &mut Tx,
    account_id: &str,
    on: bool,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET email_notifications = $2, updated_at = $3, updated_by = $1 \
         WHERE id = $1",
    )
    .bind(account_id)
    .bind(i32::from(on))
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// ACC-98: «Мобильный телефон» of the profile.
pub async fn set_mobile_phone(
    tx: &mut Tx,
    account_id: &str,
    phone: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET mobile_phone = $2, updated_at = $3, updated_by = $1 WHERE id = $1",
    )
    .bind(account_id)
    .bind(phone)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
