//! «Заполнить данные» from ИНИС over the API (spec/accounts.md ACC-103, G-20, §4.9
//! `bank.import`): the accounts the configured source holds for the participant's ИИН/БИН, and
//! the import of the ticked ones (`source` = `INIS`). Without a source the offer says
//! `available: false` and the client opens the empty account form.

use super::auth::{Acting, accounts, acting, from_accounts, json_body, logged_in, origin_of};
use crate::i18n::Tr;
use crate::params::PathParam;
use crate::problem::ApiFailure;
use crate::state::AppState;
use accounts::inis::InisImport;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<Arc<AppState>> {
    Router::new().route(
        "/api/v1/participants/{id}/bank-accounts/inis",
        get(api_offer).post(api_import),
    )
}

/// The ticked accounts.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct InisImportDoc {
    /// Account numbers the offer listed (spaces allowed).
    pub numbers: Option<Vec<String>>,
}

/// `GET /api/v1/participants/{id}/bank-accounts/inis` — what «Заполнить данные» offers.
#[utoipa::path(get, path = "/api/v1/participants/{id}/bank-accounts/inis", tag = "accounts",
    params(("id" = String, Path)),
    responses((status = 200, description = "configured, available and the accounts of the source"),
        (status = 403, body = crate::problem::Problem)))]
pub async fn api_offer(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let offer = a
        .inis_offer(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(offer).into_response())
}

/// `POST /api/v1/participants/{id}/bank-accounts/inis` — imports the ticked accounts.
#[utoipa::path(post, path = "/api/v1/participants/{id}/bank-accounts/inis", tag = "accounts",
    params(("id" = String, Path)), request_body = InisImportDoc,
    responses((status = 201, description = "the accounts added"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem),
        (status = 503, body = crate::problem::Problem)))]
pub async fn api_import(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: InisImport = json_body(tr, &body)?;
    let added = a
        .import_inis(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(added)).into_response())
}
