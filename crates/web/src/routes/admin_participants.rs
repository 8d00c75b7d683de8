//! The platform administrator's participants API, «Участники» (spec/accounts.md §3.16
//! ACC-115): search and view participants with their members; P4/P5 block and unblock with a
//! reason; «Единый дистрибьютор» and «Организатор» (ACC-72); corrections of the
//! state-registration and applicant data (ACC-113); `ORG_ADMIN` for a member on a written
//! request (ACC-89 c). Every call is the accounts service's, which checks §4.9
//! (`part.view`, `part.block`, `part.organizer`, `part.correct`, `staff.support`: the
//! `PLATFORM_ADMIN` only) and audits refusals as `DENIED`; refusals are problem documents.

use super::auth::{Acting, accounts, acting, from_accounts, json_body, logged_in, origin_of};
use crate::i18n::Tr;
use crate::params::{Params, PathParam};
use crate::problem::ApiFailure;
use crate::state::AppState;
use accounts::participant_admin::{PartReason, ParticipantFlags, RegistrationCorrection, STATUSES};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/admin/participants", get(api_participants))
        .route("/api/v1/admin/participants/{id}", get(api_participant))
        .route("/api/v1/admin/participants/{id}/block", post(api_block))
        .route("/api/v1/admin/participants/{id}/unblock", post(api_unblock))
        .route("/api/v1/admin/participants/{id}/flags", put(api_flags))
        .route(
            "/api/v1/admin/participants/{id}/registration",
            put(api_registration),
        )
        .route(
            "/api/v1/admin/participants/{id}/members/{membership_id}/org-admin",
            post(api_grant_org_admin),
        )
}

/// A reason (P4, P5, ACC-89 c): required.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct PartReasonDoc {
    #[schema(example = "Письмо № 15 от 16.02.2026")]
    pub reason: Option<String>,
}

/// ACC-72: a flag not sent keeps its value; «Организатор» needs «Единый дистрибьютор».
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct ParticipantFlagsDoc {
    /// «Единый дистрибьютор».
    pub is_single_distributor: Option<bool>,
    /// «Организатор».
    pub is_organizer: Option<bool>,
    pub reason: Option<String>,
}

/// ACC-113: the correctable fields; a field not sent keeps its value, an empty one clears it
/// where the type allows. «ИИН/БИН», «Наименование» and any other field → 422.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct RegistrationCorrectionDoc {
    /// «Дата гос. регистрации», `YYYY-MM-DD`.
    pub state_reg_date: Option<String>,
    /// «Номер документа о гос. регистрации».
    pub state_reg_doc_number: Option<String>,
    /// «Орган гос. регистрации».
    pub state_reg_authority: Option<String>,
    /// «ФИО заявителя».
    pub applicant_full_name: Option<String>,
    /// «Должность заявителя».
    pub applicant_position: Option<String>,
    /// The written request the correction is made on.
    pub reason: Option<String>,
}

/// `GET /api/v1/admin/participants?q=&status=&page=&per_page=` — «Участники»: the ИИН/БИН
/// (exact or its first digits) or words of the name; `status` `ACTIVE`, `BLOCKED` or
/// `ADMIN_CREATED`.
#[utoipa::path(get, path = "/api/v1/admin/participants", tag = "admin",
    params(("q" = Option<String>, Query), ("status" = Option<String>, Query),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "one page of participants"),
        (status = 400, body = crate::problem::Problem), (status = 403, body = crate::problem::Problem)))]
pub async fn api_participants(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(&["q", "status", "page", "per_page", "lang"])?;
    let page = p.page()?;
    let q = p.str("q")?.unwrap_or_default();
    let status = p.one_of("status", STATUSES)?;
    let found = a
        .admin_participants(&s, &q, status.as_deref(), &page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(found).into_response())
}

/// `GET /api/v1/admin/participants/{id}` — the participant, its block reason, the fields of
/// ACC-113 its type has, and its members with their authorities.
#[utoipa::path(get, path = "/api/v1/admin/participants/{id}", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_participant(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let view = a
        .admin_participant(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `POST /api/v1/admin/participants/{id}/block` — P4 «Заблокировать участника», with a reason:
/// every session acting for it ends, E-PART-BLOCKED goes to its administrators.
#[utoipa::path(post, path = "/api/v1/admin/participants/{id}/block", tag = "admin",
    params(("id" = String, Path)), request_body = PartReasonDoc,
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_block(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: PartReason = json_body(tr, &bytes)?;
    let view = a
        .admin_block_participant(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `POST /api/v1/admin/participants/{id}/unblock` — P5 «Разблокировать участника», with a
/// reason.
#[utoipa::path(post, path = "/api/v1/admin/participants/{id}/unblock", tag = "admin",
    params(("id" = String, Path)), request_body = PartReasonDoc,
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_unblock(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: PartReason = json_body(tr, &bytes)?;
    let view = a
        .admin_unblock_participant(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `PUT /api/v1/admin/participants/{id}/flags` — «Единый дистрибьютор» and «Организатор»
/// (ACC-72), with a reason.
#[utoipa::path(put, path = "/api/v1/admin/participants/{id}/flags", tag = "admin",
    params(("id" = String, Path)), request_body = ParticipantFlagsDoc,
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_flags(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: ParticipantFlags = json_body(tr, &bytes)?;
    let view = a
        .admin_set_participant_flags(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `PUT /api/v1/admin/participants/{id}/registration` — corrections of ACC-113 on a written
/// request, with a reason and the checks of registration.
#[utoipa::path(put, path = "/api/v1/admin/participants/{id}/registration", tag = "admin",
    params(("id" = String, Path)), request_body = RegistrationCorrectionDoc,
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_registration(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: RegistrationCorrection = json_body(tr, &bytes)?;
    let view = a
        .admin_correct_participant(&s, &id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}

/// `POST /api/v1/admin/participants/{id}/members/{membership_id}/org-admin` — ACC-89 (c):
/// `ORG_ADMIN` for an active member on a written request, with the reason; it takes effect at
/// the member's next login.
#[utoipa::path(post, path = "/api/v1/admin/participants/{id}/members/{membership_id}/org-admin",
    tag = "admin", params(("id" = String, Path), ("membership_id" = i64, Path)),
    request_body = PartReasonDoc,
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_grant_org_admin(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, membership_id)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: PartReason = json_body(tr, &bytes)?;
    let view = a
        .admin_grant_org_admin(&s, &id, membership_id, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(view).into_response())
}
