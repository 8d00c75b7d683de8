//! The notifications API (ACC-155, AS-33; 003 «Уведомления системы»): the session's own
//! in-app notifications in the request's language, newest first, and marking them read.
//! The Requests module's sessions (`PASSWORD`, `CERT`) may use it too (ACC-29: the module
//! shows its notifications and their setting).

use super::auth::{acting, from_accounts, logged_in};
use crate::i18n::Tr;
use crate::params::Params;
use crate::problem::{ApiError, ApiFailure};
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kernel::ErrorCode;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/me/notifications", get(api_list))
        .route("/api/v1/me/notifications/read", post(api_read_all))
        .route("/api/v1/me/notifications/{id}/read", post(api_read))
}

/// How many notifications «Отметить все как прочитанные» marked.
#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    pub marked: u64,
}

/// `GET /api/v1/me/notifications?page=&per_page=` — newest first, with the totals.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "profile",
    params(("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "one page of notifications: total, unread, items {id, kind, title, text, created_at, read}"),
        (status = 403, body = crate::problem::Problem)))]
pub async fn api_list(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = super::auth::accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(&["page", "per_page", "lang"])?;
    let page = p.page()?;
    let found = a
        .notifications(&s, tr.lang, &page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(found).into_response())
}

/// `POST /api/v1/me/notifications/{id}/read` — another account's id is 404.
#[utoipa::path(post, path = "/api/v1/me/notifications/{id}/read", tag = "profile",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_read(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let id: i64 = id.parse().map_err(|_| ApiError::new(ErrorCode::NotFound))?;
    c.a.mark_notification_read(&c.s, id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/me/notifications/read` — «Отметить все как прочитанные».
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "profile",
    responses((status = 200, body = Marked), (status = 403, body = crate::problem::Problem)))]
pub async fn api_read_all(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let marked =
        c.a.mark_all_notifications_read(&c.s)
            .await
            .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(Marked { marked }).into_response())
}
