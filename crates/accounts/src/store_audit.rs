//! SQL of «Журнал аудита» (§4.9 `adm.audit`): the rows of the hash-chained audit log of
//! `signatures::audit` (migration 0005), read only — newest first, filtered and paged — with
//! the actor's name from the accounts table. Nothing here writes.

use kernel::Millis;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// What the list is narrowed to; `None` = any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The actor's account id.
    pub actor: Option<String>,
    /// `act`, `refusal` or `event`.
    pub kind: Option<String>,
    /// The action (purpose) code: exact, or a prefix when it ends with `.` (`usr.`).
    pub action: Option<String>,
    /// The object id (an account, a participant, a request …).
    pub object: Option<String>,
    /// `OK`, `DENIED` or `INVALID` (the `outcome` of the event's detail).
    pub outcome: Option<String>,
    /// Inclusive bounds of `at`.
    pub from: Option<Millis>,
    pub to: Option<Millis>,
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: Millis,
    pub kind: String,
    pub purpose: String,
    pub account_id: Option<String>,
    /// «ФАМИЛИЯ ИМЯ ОТЧЕСТВО» of the actor, when the actor is an account.
    pub actor_name: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub signature_id: Option<i64>,
    pub error_code: Option<String>,
    pub cert_serial: Option<String>,
    pub cert_issuer: Option<String>,
    pub iin: Option<String>,
    pub client_ip: Option<String>,
    /// JSON object as stored (ACC-168: passport numbers were masked when it was written).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

const COLS: &str = "l.seq, l.at, l.kind, l.purpose, l.account_id, l.object_type, l.object_id, \
    l.signature_id, l.error_code, l.cert_serial, l.cert_issuer, l.iin, l.client_ip, l.detail, \
    l.prev_hash, l.hash, c.last_name, c.first_name, c.middle_name";

fn row_from(r: &AnyRow) -> Result<AuditRow, sqlx::Error> {
    let last: Option<String> = r.try_get("last_name")?;
    let first: Option<String> = r.try_get("first_name")?;
    let middle: Option<String> = r.try_get("middle_name")?;
    let actor_name = last.map(|l| {
        [Some(l), first, middle]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    });
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        at: Millis(r.try_get("at")?),
        kind: r.try_get("kind")?,
        purpose: r.try_get("purpose")?,
        account_id: r.try_get("account_id")?,
        actor_name,
        object_type: r.try_get("object_type")?,
        object_id: r.try_get("object_id")?,
        signature_id: r.try_get("signature_id")?,
        error_code: r.try_get("error_code")?,
        cert_serial: r.try_get("cert_serial")?,
        cert_issuer: r.try_get("cert_issuer")?,
        iin: r.try_get("iin")?,
        client_ip: r.try_get("client_ip")?,
        detail: r.try_get("detail")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

enum Bind {
    Text(String),
    Int(i64),
}

/// `WHERE …` of a filter with `$1…` placeholders, and the values in their order.
fn conditions(f: &AuditFilter) -> (String, Vec<Bind>) {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    let mut add = |sql: &str, b: Bind| {
        binds.push(b);
        clauses.push(sql.replace('?', &format!("${}", binds.len())));
    };
    if let Some(a) = &f.actor {
        add("l.account_id = ?", Bind::Text(a.clone()));
    }
    if let Some(k) = &f.kind {
        add("l.kind = ?", Bind::Text(k.clone()));
    }
    match &f.action {
        Some(a) if a.ends_with('.') => {
            let escaped = a
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            add(
                "l.purpose LIKE ? ESCAPE '\\'",
                Bind::Text(format!("{escaped}%")),
            );
        }
        Some(a) => add("l.purpose = ?", Bind::Text(a.clone())),
        None => {}
    }
    if let Some(o) = &f.object {
        add("l.object_id = ?", Bind::Text(o.clone()));
    }
    if let Some(o) = &f.outcome {
        // The detail is compact JSON written by serde_json; outcomes are plain upper-case words.
        add(
            "l.detail LIKE ?",
            Bind::Text(format!("%\"outcome\":\"{o}\"%")),
        );
    }
    if let Some(t) = f.from {
        add("l.at >= ?", Bind::Int(t.0));
    }
    if let Some(t) = f.to {
        add("l.at <= ?", Bind::Int(t.0));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, binds)
}

/// One page of the rows matching `f`, newest first, and how many match — counted up to
/// [`kernel::page::MAX_OFFSET`] + 1 only: a page never lies deeper, and counting every row of
/// a log of millions on each page would cost more than the page itself.
pub async fn search<'e, E: Executor<'e, Database = Any> + Copy>(
    e: E,
    f: &AuditFilter,
    offset: i64,
    limit: i64,
) -> Result<(i64, Vec<AuditRow>), sqlx::Error> {
    let (filter, binds) = conditions(f);
    let mut count = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM audit_log l {filter} LIMIT {}) capped",
        kernel::page::MAX_OFFSET + 1
    )));
    for b in &binds {
        count = match b {
            Bind::Text(s) => count.bind(s.clone()),
            Bind::Int(i) => count.bind(*i),
        };
    }
    let total: i64 = count.fetch_one(e).await?.try_get(0)?;
    let n = binds.len();
    let mut q = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {COLS} FROM audit_log l LEFT JOIN accounts c ON c.id = l.account_id {filter} \
         ORDER BY l.seq DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    )));
    for b in &binds {
        q = match b {
            Bind::Text(s) => q.bind(s.clone()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    let rows = q.bind(limit).bind(offset).fetch_all(e).await?;
    Ok((total, rows.iter().map(row_from).collect::<Result<_, _>>()?))
}

/// The row `seq`.
pub async fn entry<'e, E: Executor<'e, Database = Any>>(
    e: E,
    seq: i64,
) -> Result<Option<AuditRow>, sqlx::Error> {
    let row = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {COLS} FROM audit_log l LEFT JOIN accounts c ON c.id = l.account_id \
         WHERE l.seq = $1"
    )))
    .bind(seq)
    .fetch_optional(e)
    .await?;
    row.as_ref().map(row_from).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adm_audit_filters_number_their_placeholders_in_order() {
        let (sql, binds) = conditions(&AuditFilter {
            actor: Some("acc_1".into()),
            action: Some("usr.".into()),
            outcome: Some("DENIED".into()),
            from: Some(Millis(5)),
            ..AuditFilter::default()
        });
        assert_eq!(
            sql,
            "WHERE l.account_id = $1 AND l.purpose LIKE $2 ESCAPE '\\' AND l.detail LIKE $3 \
             AND l.at >= $4"
        );
        assert_eq!(binds.len(), 4);
        assert!(matches!(&binds[1], Bind::Text(s) if s == "usr.%"));
        assert!(matches!(&binds[2], Bind::Text(s) if s == "%\"outcome\":\"DENIED\"%"));
        assert_eq!(conditions(&AuditFilter::default()).0, "");
    }
}
