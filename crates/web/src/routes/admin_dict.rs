//! The platform administrator's dictionaries API (spec/accounts.md ACC-31, ACC-116, §4.9
//! `dict.manage`): the entries of the §2.11 dictionaries (countries, КОПФ, КСЕ, КФС, bank-account
//! types) and the bank dictionary — list with search and paging, add, change, set inactive.
//! Nothing is deleted (ACC-31). The public, read-only dictionaries are in [`super::dict`].

use super::auth::{Acting, accounts, acting, from_accounts, json_body, logged_in, origin_of};
use crate::i18n::Tr;
use crate::params::{Params, PathParam};
use crate::problem::ApiFailure;
use crate::state::AppState;
use accounts::dictionaries::{BankForm, DictEntryForm};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/api/v1/admin/dictionaries/{dict}/entries",
            get(api_entries).post(api_add_entry),
        )
        .route(
            "/api/v1/admin/dictionaries/{dict}/entries/{code}",
            put(api_edit_entry),
        )
        .route("/api/v1/admin/banks", get(api_banks).post(api_add_bank))
        .route("/api/v1/admin/banks/{bic}", put(api_edit_bank))
}

/// An entry of a §2.11 dictionary.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct DictEntryDoc {
    /// Required to add; on a change absent or the code of the path.
    pub code: Option<String>,
    /// КОПФ and КФС only: another entry of the same dictionary.
    pub parent_code: Option<String>,
    pub name_ru: Option<String>,
    pub name_kk: Option<String>,
    pub name_en: Option<String>,
    /// Absent: active for a new entry, unchanged on a change.
    pub active: Option<bool>,
}

/// A bank of the dictionary (§2.11 `Bank`).
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct BankDoc {
    pub name_ru: Option<String>,
    pub name_kk: Option<String>,
    /// 8 or 11 characters; on a change absent or the BIC of the path.
    pub bic: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// 3 digits, required for KZ.
    pub iban_code: Option<String>,
    pub bin: Option<String>,
    pub active: Option<bool>,
}

/// `GET /api/v1/admin/dictionaries/{dict}/entries?q=&page=&per_page=` — every entry, active
/// or not, searched by code or name.
#[utoipa::path(get, path = "/api/v1/admin/dictionaries/{dict}/entries", tag = "admin",
    params(("dict" = String, Path, description = "countries, kopf, kse, kfs or bank-account-types"),
        ("q" = Option<String>, Query), ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "one page of entries"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_entries(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(dict): PathParam<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(&["q", "page", "per_page", "lang"])?;
    let page = p.page()?;
    let q = p.str("q")?;
    let found = a
        .dictionary_entries(&s, &dict, q.as_deref(), page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(found).into_response())
}

/// `POST /api/v1/admin/dictionaries/{dict}/entries` — adds an entry.
#[utoipa::path(post, path = "/api/v1/admin/dictionaries/{dict}/entries", tag = "admin",
    params(("dict" = String, Path)), request_body = DictEntryDoc,
    responses((status = 201, description = "the entry"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_add_entry(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(dict): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: DictEntryForm = json_body(tr, &body)?;
    let e = a
        .add_dictionary_entry(&s, &dict, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}

/// `PUT /api/v1/admin/dictionaries/{dict}/entries/{code}` — changes an entry (names, parent,
/// active).
#[utoipa::path(put, path = "/api/v1/admin/dictionaries/{dict}/entries/{code}", tag = "admin",
    params(("dict" = String, Path), ("code" = String, Path)), request_body = DictEntryDoc,
    responses((status = 200, description = "the entry"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_edit_entry(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((dict, code)): PathParam<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: DictEntryForm = json_body(tr, &body)?;
    let e = a
        .edit_dictionary_entry(&s, &dict, &code, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(e).into_response())
}

/// `GET /api/v1/admin/banks?q=&page=&per_page=` — the bank dictionary, active or not.
#[utoipa::path(get, path = "/api/v1/admin/banks", tag = "admin",
    params(("q" = Option<String>, Query), ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "one page of banks"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_banks(
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
    let q = p.str("q")?;
    let found = a
        .admin_banks(&s, q.as_deref(), page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(found).into_response())
}

/// `POST /api/v1/admin/banks` — adds a bank (source `ADMIN`).
#[utoipa::path(post, path = "/api/v1/admin/banks", tag = "admin", request_body = BankDoc,
    responses((status = 201, description = "the bank"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_add_bank(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: BankForm = json_body(tr, &body)?;
    let b = a
        .add_bank(&s, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

/// `PUT /api/v1/admin/banks/{bic}` — changes a bank; `active: false` stops offering it for new
/// accounts while existing accounts keep it.
#[utoipa::path(put, path = "/api/v1/admin/banks/{bic}", tag = "admin",
    params(("bic" = String, Path)), request_body = BankDoc,
    responses((status = 200, description = "the bank"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_edit_bank(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(bic): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: BankForm = json_body(tr, &body)?;
    let b = a
        .edit_bank(&s, &bic, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(b).into_response())
}
