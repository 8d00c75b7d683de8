//! The platform administrator's accounts API (spec/accounts.md §3.16 ACC-114, ACC-13): search
//! and view accounts, block and unblock with a reason, clear a password lock, resend the
//! activation mail, grant and revoke staff roles. There is no delete and no way to act as
//! another user (AS-75): `DELETE /api/v1/admin/users/{id}` answers 405.

use super::auth::{Acting, accounts, acting, from_accounts, json_body, logged_in, origin_of};
use crate::i18n::Tr;
use crate::params::Params;
use crate::params::PathParam;
use crate::problem::ApiFailure;
use crate::state::AppState;
use accounts::admin::{AdminReason, RoleGrantForm};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/admin/users", get(api_users))
        .route("/api/v1/admin/users/{id}", get(api_user))
        .route("/api/v1/admin/users/{id}/block", post(api_block))
        .route("/api/v1/admin/users/{id}/unblock", post(api_unblock))
        .route("/api/v1/admin/users/{id}/clear-lock", post(api_clear_lock))
        .route(
            "/api/v1/admin/users/{id}/activation",
            post(api_resend_activation),
        )
        .route("/api/v1/admin/users/{id}/roles", post(api_grant_role))
        .route(
            "/api/v1/admin/users/{id}/roles/{grant}/revoke",
            post(api_revoke_role),
        )
}

/// A reason (A6, A7, revocation).
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct ReasonDoc {
    pub reason: Option<String>,
}

/// «Назначить роль».
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct RoleGrantDoc {
    /// A staff role of §1.4 (`PLATFORM_ADMIN`, `ENS_ADMIN`, `AUTH_BODY`, `SECRETARY`, …).
    pub role: Option<String>,
    pub reason: Option<String>,
}

/// `GET /api/v1/admin/users?q=&page=&per_page=` — «Пользователи»: search by ИИН, ФИО or
/// e-mail.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin",
    params(("q" = Option<String>, Query), ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "one page of accounts"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_users(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(&["q", "page", "per_page", "lang"])?;
    let page = p.page()?;
    let q = p.str("q")?.unwrap_or_default();
    let found = a
        .admin_accounts(&s, &q, &page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(found).into_response())
}

/// `GET /api/v1/admin/users/{id}` — the account (no password hash, no passport rows).
#[utoipa::path(get, path = "/api/v1/admin/users/{id}", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, description = "the account"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_user(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let view = a
        .admin_account(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `POST /api/v1/admin/users/{id}/block` — A6, with a reason.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/block", tag = "admin",
    params(("id" = String, Path)), request_body = ReasonDoc,
    responses((status = 200, description = "the account"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_block(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: AdminReason = json_body(tr, &bytes)?;
    let view = a
        .admin_block(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `POST /api/v1/admin/users/{id}/unblock` — A7, with a reason.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/unblock", tag = "admin",
    params(("id" = String, Path)), request_body = ReasonDoc,
    responses((status = 200, description = "the account"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_unblock(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: AdminReason = json_body(tr, &bytes)?;
    let view = a
        .admin_unblock(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `POST /api/v1/admin/users/{id}/clear-lock` — «Снять блокировку входа».
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/clear-lock", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, description = "the account"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_clear_lock(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let view = a
        .admin_clear_lock(&s, &id, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `POST /api/v1/admin/users/{id}/activation` — «Отправить письмо активации повторно».
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/activation", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 202, body = super::auth::MessageResponse), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 429, body = crate::problem::Problem)))]
pub async fn api_resend_activation(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let to = a
        .admin_resend_activation(&s, &id, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(super::auth::MessageResponse {
            message: tr.t_args("acc-msg-activation-resent", &[("email", to)]),
        }),
    )
        .into_response())
}

/// `POST /api/v1/admin/users/{id}/roles` — grant a staff role, with a reason (ACC-13).
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/roles", tag = "admin",
    params(("id" = String, Path)), request_body = RoleGrantDoc,
    responses((status = 201, description = "the grant"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_grant_role(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: RoleGrantForm = json_body(tr, &bytes)?;
    let grant = a
        .admin_grant_role(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(grant)).into_response())
}

/// `POST /api/v1/admin/users/{id}/roles/{grant}/revoke` — revoke a grant, with a reason.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/roles/{grant}/revoke", tag = "admin",
    params(("id" = String, Path), ("grant" = i64, Path)), request_body = ReasonDoc,
    responses((status = 204), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_revoke_role(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, grant)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: AdminReason = json_body(tr, &bytes)?;
    a.admin_revoke_role(&s, &id, grant, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
