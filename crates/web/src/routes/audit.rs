//! «Журнал аудита» over HTTP (§4.9 `adm.audit`; ACC-34, ACC-167…ACC-169), for a
//! `PLATFORM_ADMIN` only, read only: `GET /api/v1/admin/audit` (newest first, paged, filtered),
//! `GET /api/v1/admin/audit/{seq}` (one entry with its chain links) and
//! `GET /api/v1/admin/audit/verify` (the chain and signature check of `tauar audit verify`).

use super::auth::{accounts, from_accounts, logged_in};
use crate::i18n::Tr;
use crate::params::{Params, PathParam};
use crate::problem::{ApiError, ApiFailure};
use crate::state::AppState;
use accounts::audit_view::{self, KINDS, OUTCOMES};
use accounts::store_audit::AuditFilter;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kernel::ErrorCode;
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/admin/audit", get(api_audit))
        .route("/api/v1/admin/audit/verify", get(api_audit_verify))
        .route("/api/v1/admin/audit/{seq}", get(api_audit_entry))
}

/// The filter of the query string (shared with the page): `actor` (account id or ИИН), `kind`
/// (`act`, `refusal`, `event`), `action` (a code, or a prefix ending with `.`), `object`,
/// `outcome` (`OK`, `DENIED`, `INVALID`), `from` and `to` (`YYYY-MM-DD` days in Asia/Almaty,
/// or RFC 3339 moments).
pub(crate) fn filter_of(p: &Params, tr: Tr) -> Result<AuditFilter, ApiError> {
    let date = |name: &str, end: bool| -> Result<Option<kernel::Millis>, ApiError> {
        match p.str(name)? {
            None => Ok(None),
            Some(v) => audit_view::parse_bound(&v, end).map(Some).ok_or_else(|| {
                ApiError::new(ErrorCode::DateInvalid).detail(tr.t_args(
                    "problem-parameter",
                    &[
                        ("name", name.to_string()),
                        ("reason", "YYYY-MM-DD".to_string()),
                    ],
                ))
            }),
        }
    };
    Ok(AuditFilter {
        actor: p.str("actor")?,
        kind: p.one_of("kind", KINDS)?,
        action: p.str("action")?,
        object: p.str("object")?,
        outcome: p.one_of("outcome", OUTCOMES)?,
        from: date("from", false)?,
        to: date("to", true)?,
    })
}

/// The query parameters of the list.
pub(crate) const LIST_PARAMS: &[&str] = &[
    "actor", "kind", "action", "object", "outcome", "from", "to", "page", "per_page", "lang",
];

/// `GET /api/v1/admin/audit?actor=&kind=&action=&object=&outcome=&from=&to=&page=&per_page=` —
/// one page of the audit log, newest first.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin",
    params(("actor" = Option<String>, Query, description = "account id or ИИН"),
        ("kind" = Option<String>, Query, description = "act | refusal | event"),
        ("action" = Option<String>, Query, description = "an action code (`usr.login`) or a prefix ending with `.` (`usr.`)"),
        ("object" = Option<String>, Query, description = "object id"),
        ("outcome" = Option<String>, Query, description = "OK | DENIED | INVALID"),
        ("from" = Option<String>, Query, description = "YYYY-MM-DD (Asia/Almaty) or RFC 3339"),
        ("to" = Option<String>, Query, description = "YYYY-MM-DD (Asia/Almaty, inclusive) or RFC 3339"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "total, page, per_page, items"),
        (status = 400, body = crate::problem::Problem), (status = 403, body = crate::problem::Problem)))]
pub async fn api_audit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(LIST_PARAMS)?;
    let page = p.page()?;
    let f = filter_of(&p, tr)?;
    let found = a
        .audit_log(&s, &f, &page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(found).into_response())
}

/// `GET /api/v1/admin/audit/{seq}` — one entry, with `prev_hash` and `hash`.
#[utoipa::path(get, path = "/api/v1/admin/audit/{seq}", tag = "admin",
    params(("seq" = i64, Path)),
    responses((status = 200, description = "the entry"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_audit_entry(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(seq): PathParam<i64>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let e = a
        .audit_entry(&s, seq)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(e).into_response())
}

/// `GET /api/v1/admin/audit/verify` — SIG-72 now: `ok`, the rows and signatures checked, the
/// first broken entry.
#[utoipa::path(get, path = "/api/v1/admin/audit/verify", tag = "admin",
    responses((status = 200, description = "ok, rows, last_seq, first_broken, breaks, signatures, signature_faults"),
        (status = 403, body = crate::problem::Problem)))]
pub async fn api_audit_verify(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let report = a.audit_verify(&s).await.map_err(|e| from_accounts(tr, e))?;
    Ok(Json(report).into_response())
}
