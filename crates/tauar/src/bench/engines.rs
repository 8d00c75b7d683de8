//! The engines the benchmark compares, each answering a query of the mix with its total and
//! the names (goods) or codes (ЕНС ТРУ) of its first page:
//!
//! * **Tauar** through its real HTTP API;
//! * **PostgreSQL** the way a competent engineer would write it with what PostgreSQL offers:
//!   full-text search (`tsvector`, the `russian` configuration, GIN) for whole words, then —
//!   when that finds nothing — `pg_trgm` (GIN trigram index) for word fragments (`LIKE`), then
//!   `word_similarity` (`<%`) for typos; totals and groups by ОКТРУ category with SQL;
//! * **SQLite FTS5** with the `trigram` tokenizer (substring matching; FTS5 has no typo
//!   tolerance), totals and groups with SQL.
//!
//! Only goods queries run on the two baselines (the codes are a small table; the mix's codes
//! queries measure Tauar alone). Attribute facets have no baseline form and are skipped there.

use super::mix::{Entry, Target};
use anyhow::Context;
use db::sqlx::{self, Row};

/// What an engine answered.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub total: u64,
    /// Goods: Russian names of the first page; codes: the codes.
    pub page: Vec<String>,
}

/// Words of 3+ characters (CAT-105), as every engine gets them.
fn tokens(q: &str) -> Vec<String> {
    kernel::text::search_words(q)
        .into_iter()
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

fn page_of(e: &Entry) -> (i64, i64) {
    let per: i64 = e
        .param("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let page: i64 = e.param("page").and_then(|v| v.parse().ok()).unwrap_or(1);
    (per, (page - 1).max(0) * per)
}

/// Whether a baseline can answer this entry.
pub fn baseline_supports(e: &Entry) -> bool {
    e.target == Target::Goods && e.param("attr").is_none()
}

/// Tauar over HTTP.
pub struct Tauar {
    pub base: String,
    pub client: reqwest::Client,
}

impl Tauar {
    pub async fn ask(&self, e: &Entry) -> anyhow::Result<Answer> {
        let r = self
            .client
            .get(format!("{}{}", self.base, e.path()))
            .send()
            .await?;
        let status = r.status();
        let v: serde_json::Value = r.json().await?;
        anyhow::ensure!(status.is_success(), "{}: {status} {v}", e.path());
        let key = if e.target == Target::Goods {
            "name_ru"
        } else {
            "code"
        };
        let page = v["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i[key].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Answer {
            total: v["total"].as_u64().unwrap_or(0),
            page,
        })
    }
}

/// The filters of a goods entry as SQL conditions on `g` (numbered from `$first`).
fn filters(e: &Entry, first: usize, binds: &mut Vec<String>) -> String {
    let mut sql = String::new();
    let mut n = first;
    let mut add = |cond: &str, value: Option<String>| match value {
        Some(v) => {
            sql.push_str(&format!(" AND {}", cond.replace("$N", &format!("${n}"))));
            binds.push(v);
            n += 1;
        }
        None => sql.push_str(&format!(" AND {cond}")),
    };
    if e.param("otp") == Some("true") {
        add("g.is_otp = 1", None);
    }
    if e.param("szpt") == Some("true") {
        add("g.is_szpt = 1", None);
    }
    if let Some(o) = e.param("oktru") {
        add("g.oktru_code LIKE $N", Some(format!("{o}%")));
    }
    if let Some(s) = e.param("supplier") {
        add("g.supplier_bin = $N", Some(s.to_string()));
    }
    if let Some(grp) = e.param("group") {
        add("g.oktru_code LIKE $N", Some(format!("{grp}.%")));
    }
    sql
}

/// The one statement every baseline runs: the matches materialised once, then their total,
/// their groups by ОКТРУ category and one page.
fn summary_sql(matches: &str, order: &str, limit_param: usize) -> String {
    format!(
        "WITH m AS MATERIALIZED ({matches}) \
         SELECT (SELECT COUNT(*) FROM m) AS total, \
                (SELECT COUNT(*) FROM (SELECT substr(oktru_code, 1, 4) FROM m GROUP BY 1) x) AS groups, \
                (SELECT string_agg(name_ru, '|') FROM (SELECT name_ru FROM m ORDER BY {order} LIMIT ${limit_param} OFFSET ${}) p) AS page",
        limit_param + 1
    )
}

async fn run_summary(
    pool: &sqlx::AnyPool,
    sql: String,
    binds: &[String],
    per: i64,
    off: i64,
) -> anyhow::Result<Answer> {
    let mut q = sqlx::query(db::AssertSqlSafe(sql));
    for b in binds {
        q = q.bind(b.clone());
    }
    let row = q.bind(per).bind(off).fetch_one(pool).await?;
    let total: i64 = row.try_get("total")?;
    let page: Option<String> = row.try_get("page")?;
    Ok(Answer {
        total: total.max(0) as u64,
        page: page
            .map(|p| p.split('|').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// PostgreSQL with full-text search and pg_trgm.
pub struct Postgres {
    pub pool: sqlx::AnyPool,
}

/// The text PostgreSQL searches: both names, lower-cased.
const PG_TEXT: &str = "lower(g.name_ru || ' ' || coalesce(g.name_kk, ''))";

impl Postgres {
    /// Creates the extension and the two GIN indexes (idempotent). Returns seconds spent.
    pub async fn prepare(&self) -> anyhow::Result<f64> {
        let t = std::time::Instant::now();
        for sql in [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm".to_string(),
            format!(
                "CREATE INDEX IF NOT EXISTS bench_goods_trgm ON goods USING gin (({}) gin_trgm_ops)",
                PG_TEXT.replace("g.", "")
            ),
            format!(
                "CREATE INDEX IF NOT EXISTS bench_goods_fts ON goods USING gin (to_tsvector('russian', {}))",
                PG_TEXT.replace("g.", "")
            ),
            "ANALYZE goods".to_string(),
        ] {
            sqlx::query(db::AssertSqlSafe(sql))
                .execute(&self.pool)
                .await?;
        }
        Ok(t.elapsed().as_secs_f64())
    }

    pub async fn ask(&self, e: &Entry) -> anyhow::Result<Answer> {
        let (per, off) = page_of(e);
        let words = e.q.as_deref().map(tokens).unwrap_or_default();
        let mut last = Answer::default();
        // 1. whole words (stemmed full-text), 2. fragments (trigram LIKE), 3. typos
        //    (word similarity): each step runs only when the one before found nothing.
        for step in 0..3 {
            if words.is_empty() && step > 0 {
                break;
            }
            let mut binds = Vec::new();
            let mut cond = String::from("g.status = 'active'");
            let mut order = "id".to_string();
            if !words.is_empty() {
                match step {
                    0 => {
                        binds.push(words.join(" "));
                        cond.push_str(&format!(" AND to_tsvector('russian', {PG_TEXT}) @@ plainto_tsquery('russian', $1)"));
                    }
                    1 => {
                        for (i, w) in words.iter().enumerate() {
                            binds.push(format!("%{w}%"));
                            cond.push_str(&format!(" AND {PG_TEXT} LIKE ${}", i + 1));
                        }
                    }
                    _ => {
                        for (i, w) in words.iter().enumerate() {
                            binds.push(w.clone());
                            cond.push_str(&format!(" AND ${} <% {PG_TEXT}", i + 1));
                        }
                        order = "sim DESC, id".into();
                    }
                }
            }
            cond.push_str(&filters(e, binds.len() + 1, &mut binds));
            let sim = if step == 2 {
                format!(", word_similarity($1, {PG_TEXT}) AS sim")
            } else {
                String::new()
            };
            let matches =
                format!("SELECT g.id, g.name_ru, g.oktru_code{sim} FROM goods g WHERE {cond}");
            let sql = summary_sql(&matches, &order, binds.len() + 1);
            last = run_summary(&self.pool, sql, &binds, per, off).await?;
            if last.total > 0 {
                break;
            }
        }
        Ok(last)
    }
}

/// SQLite FTS5 with the trigram tokenizer, in its own file beside the dataset.
pub struct Fts5 {
    pub pool: sqlx::AnyPool,
}

impl Fts5 {
    /// Opens `dir/fts5.db` (attaching the dataset) and builds the FTS5 index when absent.
    /// Returns the pool and the seconds the build took (0 when it existed).
    pub async fn open(dir: &std::path::Path) -> anyhow::Result<(Fts5, f64)> {
        let main = dir.join("tauar.db");
        let url = format!("sqlite://{}?mode=rwc", dir.join("fts5.db").display());
        sqlx::any::install_default_drivers();
        let attach = format!("ATTACH DATABASE '{}' AS t", main.display());
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(8)
            .after_connect(move |conn, _| {
                let attach = attach.clone();
                Box::pin(async move {
                    sqlx::query(db::AssertSqlSafe(attach))
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .context("opening fts5.db")?;
        let exists: i64 =
            sqlx::query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'goods_fts'")
                .fetch_one(&pool)
                .await?
                .try_get(0)?;
        let t = std::time::Instant::now();
        if exists == 0 {
            for sql in [
                "CREATE VIRTUAL TABLE goods_fts USING fts5(name, content='', tokenize='trigram')",
                "INSERT INTO goods_fts(rowid, name) SELECT id, name_ru || ' ' || coalesce(name_kk, '') FROM t.goods WHERE status = 'active'",
            ] {
                sqlx::query(sql).execute(&pool).await?;
            }
        }
        Ok((
            Fts5 { pool },
            if exists == 0 {
                t.elapsed().as_secs_f64()
            } else {
                0.0
            },
        ))
    }

    pub async fn ask(&self, e: &Entry) -> anyhow::Result<Answer> {
        let (per, off) = page_of(e);
        let words = e.q.as_deref().map(tokens).unwrap_or_default();
        let mut binds = Vec::new();
        let from = if words.is_empty() {
            "t.goods g WHERE g.status = 'active'".to_string()
        } else {
            // Every word as a quoted trigram phrase: substring match, AND-ed.
            let expr = words
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "")))
                .collect::<Vec<_>>()
                .join(" AND ");
            binds.push(expr);
            "goods_fts f JOIN t.goods g ON g.id = f.rowid WHERE goods_fts MATCH $1 AND g.status = 'active'".to_string()
        };
        let cond = filters(e, binds.len() + 1, &mut binds);
        let matches = format!("SELECT g.id, g.name_ru, g.oktru_code FROM {from}{cond}");
        // group_concat is SQLite's string_agg.
        let sql = summary_sql(&matches, "id", binds.len() + 1)
            .replace("string_agg(name_ru, '|')", "group_concat(name_ru, '|')");
        run_summary(&self.pool, sql, &binds, per, off).await
    }
}
