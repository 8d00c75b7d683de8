//! The profile API (spec/accounts.md §3.13, ACC-97…ACC-102, ACC-112): «Регистрационные данные»
//! (e-mail and mobile phone, the confirmation link), the notification switch, «Паспортные
//! данные» and «Контактные данные» of the user (`/api/v1/accounts/me/…`; any other account id
//! is refused, ACC-167/168) and of a participant (`/api/v1/participants/{id}/contacts`); the
//! participant's editable registration data and attributes (ACC-110, ACC-111, ACC-108).

use super::auth::{accounts, acting, from_accounts, json_body, logged_in, origin_of};
use crate::i18n::Tr;
use crate::params::PathParam;
use crate::problem::ApiFailure;
use crate::state::AppState;
use accounts::authz::Action;
use accounts::profile::{ContactForm, IdentityDocumentForm, ProfileEdit};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/me/profile", put(api_update_profile))
        .route(
            "/api/v1/me/email-confirmation",
            post(api_email_confirmation),
        )
        .route("/api/v1/me/notifications", put(api_notifications))
        .route(
            "/api/v1/accounts/{id}/passports",
            get(api_passports).post(api_add_passport),
        )
        .route(
            "/api/v1/accounts/{id}/passports/{row}",
            put(api_edit_passport).delete(api_delete_passport),
        )
        .route(
            "/api/v1/accounts/{id}/contacts",
            get(api_my_contacts).post(api_add_my_contact),
        )
        .route(
            "/api/v1/accounts/{id}/contacts/{row}",
            put(api_edit_my_contact).delete(api_delete_my_contact),
        )
        .route(
            "/api/v1/participants/{id}/contacts",
            get(api_part_contacts).post(api_add_part_contact),
        )
        .route(
            "/api/v1/participants/{id}/contacts/{row}",
            put(api_edit_part_contact).delete(api_delete_part_contact),
        )
        .route(
            "/api/v1/participants/{id}/registration-data",
            put(api_part_registration_data),
        )
        .route(
            "/api/v1/participants/{id}/attributes",
            put(api_part_attributes),
        )
}

/// «Регистрационные данные» as the edit page sends them (ACC-98); other fields → 422.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct ProfileEditDoc {
    pub email: Option<String>,
    /// `+7 (777) 777 77 77`.
    pub mobile_phone: Option<String>,
}

/// ACC-102.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationSetting {
    pub email_notifications: bool,
}

/// A passport row (§2.8).
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct PassportDoc {
    /// `ID_CARD`, `PASSPORT`, `FOREIGN_PASSPORT`, `RESIDENCE_PERMIT` or `OTHER`.
    pub doc_type: Option<String>,
    pub number: Option<String>,
    /// `YYYY-MM-DD` or `DD.MM.YYYY`.
    pub issue_date: Option<String>,
    pub expiry_date: Option<String>,
    pub issuer: Option<String>,
}

/// A contact row (§2.9).
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct ContactDoc {
    /// `MOBILE`, `WORK_PHONE`, `FAX`, `EMAIL`, `ADDRESS` or `OTHER`.
    pub kind: Option<String>,
    pub value: Option<String>,
    pub note: Option<String>,
}

/// `PUT /api/v1/me/profile` — «Сохранить» of «Регистрационные данные».
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "profile", request_body = ProfileEditDoc,
    responses((status = 200, body = super::auth::MeResponse), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_update_profile(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let form: ProfileEdit = json_body(tr, &bytes)?;
    c.a.update_profile(&c.s, &form, &origin_of(&c.sid, &c.ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let s = logged_in(&state, &parts).await?;
    let orgs = super::auth::organisations(&c.a, &s.account.id).await?;
    Ok(Json(super::auth::me_of(&s, orgs)).into_response())
}

/// `POST /api/v1/me/email-confirmation` — «Подтвердить адрес электронной почты».
#[utoipa::path(post, path = "/api/v1/me/email-confirmation", tag = "profile",
    responses((status = 202, body = super::auth::MessageResponse), (status = 429, body = crate::problem::Problem)))]
pub async fn api_email_confirmation(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let email =
        c.a.send_email_confirmation(&c.s, &origin_of(&c.sid, &c.ip))
            .await
            .map_err(|e| from_accounts(tr, e))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(super::auth::MessageResponse {
            message: tr.t_args("acc-msg-confirm-sent", &[("email", email)]),
        }),
    )
        .into_response())
}

/// `PUT /api/v1/me/notifications` — ACC-102.
#[utoipa::path(put, path = "/api/v1/me/notifications", tag = "profile",
    request_body = NotificationSetting,
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_notifications(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let f: NotificationSetting = json_body(tr, &bytes)?;
    c.a.set_email_notifications(&c.s, f.email_notifications, &origin_of(&c.sid, &c.ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/accounts/{id}/passports` — «Паспортные данные» (`id`: `me` or the own id).
#[utoipa::path(get, path = "/api/v1/accounts/{id}/passports", tag = "profile",
    params(("id" = String, Path)),
    responses((status = 200, description = "the rows"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_passports(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let e = |e| from_accounts(tr, e);
    a.require_own(&s, Action::UsrRows, &id).await.map_err(e)?;
    Ok(Json(a.identity_documents(&s).await.map_err(e)?).into_response())
}

/// `POST /api/v1/accounts/{id}/passports` — «Добавить».
#[utoipa::path(post, path = "/api/v1/accounts/{id}/passports", tag = "profile",
    params(("id" = String, Path)), request_body = PassportDoc,
    responses((status = 201, description = "the row"), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_add_passport(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    save_passport(&state, tr, &parts, &id, None, &bytes).await
}

/// `PUT /api/v1/accounts/{id}/passports/{row}` — «Редактировать» (manual rows only).
#[utoipa::path(put, path = "/api/v1/accounts/{id}/passports/{row}", tag = "profile",
    params(("id" = String, Path), ("row" = i64, Path)), request_body = PassportDoc,
    responses((status = 200, description = "the row"), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_edit_passport(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, row)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    save_passport(&state, tr, &parts, &id, Some(row), &bytes).await
}

async fn save_passport(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    id: &str,
    row: Option<i64>,
    bytes: &[u8],
) -> Result<Response, ApiFailure> {
    let c = acting(state, parts).await?;
    let e = |e| from_accounts(tr, e);
    c.a.require_own(&c.s, Action::UsrRows, id)
        .await
        .map_err(e)?;
    let form: IdentityDocumentForm = json_body(tr, bytes)?;
    let d =
        c.a.save_identity_document(&c.s, row, &form, &origin_of(&c.sid, &c.ip))
            .await
            .map_err(e)?;
    let status = if row.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(d)).into_response())
}

/// `DELETE /api/v1/accounts/{id}/passports/{row}` — «Удалить» + «Да» (manual rows only).
#[utoipa::path(delete, path = "/api/v1/accounts/{id}/passports/{row}", tag = "profile",
    params(("id" = String, Path), ("row" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_delete_passport(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, row)): PathParam<(String, i64)>,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let e = |e| from_accounts(tr, e);
    c.a.require_own(&c.s, Action::UsrRows, &id)
        .await
        .map_err(e)?;
    c.a.delete_identity_document(&c.s, row, &origin_of(&c.sid, &c.ip))
        .await
        .map_err(e)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Whose contact rows a route names.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Account(&'a str),
    Participant(&'a str),
}

async fn list_contacts(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    owner: Owner<'_>,
) -> Result<Response, ApiFailure> {
    let a = accounts(state)?;
    let s = logged_in(state, parts).await?;
    let e = |e| from_accounts(tr, e);
    let rows = match owner {
        Owner::Account(id) => {
            a.require_own(&s, Action::UsrRows, id).await.map_err(e)?;
            a.contacts(&s, None).await
        }
        Owner::Participant(p) => a.contacts(&s, Some(p)).await,
    }
    .map_err(e)?;
    Ok(Json(rows).into_response())
}

async fn save_contact(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    owner: Owner<'_>,
    row: Option<i64>,
    bytes: &[u8],
) -> Result<Response, ApiFailure> {
    let c = acting(state, parts).await?;
    let e = |e| from_accounts(tr, e);
    let participant = match owner {
        Owner::Account(id) => {
            c.a.require_own(&c.s, Action::UsrRows, id)
                .await
                .map_err(e)?;
            None
        }
        Owner::Participant(p) => Some(p),
    };
    let form: ContactForm = json_body(tr, bytes)?;
    let saved =
        c.a.save_contact(&c.s, participant, row, &form, &origin_of(&c.sid, &c.ip))
            .await
            .map_err(e)?;
    let status = if row.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(saved)).into_response())
}

async fn delete_contact(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    owner: Owner<'_>,
    row: i64,
) -> Result<Response, ApiFailure> {
    let c = acting(state, parts).await?;
    let e = |e| from_accounts(tr, e);
    let participant = match owner {
        Owner::Account(id) => {
            c.a.require_own(&c.s, Action::UsrRows, id)
                .await
                .map_err(e)?;
            None
        }
        Owner::Participant(p) => Some(p),
    };
    c.a.delete_contact(&c.s, participant, row, &origin_of(&c.sid, &c.ip))
        .await
        .map_err(e)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/accounts/{id}/contacts` — «Контактные данные» of the user.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/contacts", tag = "profile",
    params(("id" = String, Path)),
    responses((status = 200, description = "the rows"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_my_contacts(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    list_contacts(&state, tr, &parts, Owner::Account(&id)).await
}

/// `POST /api/v1/accounts/{id}/contacts` — «Добавить».
#[utoipa::path(post, path = "/api/v1/accounts/{id}/contacts", tag = "profile",
    params(("id" = String, Path)), request_body = ContactDoc,
    responses((status = 201, description = "the row"), (status = 422, body = crate::problem::Problem)))]
pub async fn api_add_my_contact(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    save_contact(&state, tr, &parts, Owner::Account(&id), None, &bytes).await
}

/// `PUT /api/v1/accounts/{id}/contacts/{row}` — «Редактировать» (manual rows only).
#[utoipa::path(put, path = "/api/v1/accounts/{id}/contacts/{row}", tag = "profile",
    params(("id" = String, Path), ("row" = i64, Path)), request_body = ContactDoc,
    responses((status = 200, description = "the row"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_edit_my_contact(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, row)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    save_contact(&state, tr, &parts, Owner::Account(&id), Some(row), &bytes).await
}

/// `DELETE /api/v1/accounts/{id}/contacts/{row}` — «Удалить» + «Да» (manual rows only).
#[utoipa::path(delete, path = "/api/v1/accounts/{id}/contacts/{row}", tag = "profile",
    params(("id" = String, Path), ("row" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_delete_my_contact(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, row)): PathParam<(String, i64)>,
) -> Result<Response, ApiFailure> {
    delete_contact(&state, tr, &parts, Owner::Account(&id), row).await
}

/// `GET /api/v1/participants/{id}/contacts` — «Контактные данные» of the participant.
#[utoipa::path(get, path = "/api/v1/participants/{id}/contacts", tag = "profile",
    params(("id" = String, Path)),
    responses((status = 200, description = "the rows"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_part_contacts(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    list_contacts(&state, tr, &parts, Owner::Participant(&id)).await
}

/// `POST /api/v1/participants/{id}/contacts` — «Добавить» (ACC-112: the `ORG_ADMIN`).
#[utoipa::path(post, path = "/api/v1/participants/{id}/contacts", tag = "profile",
    params(("id" = String, Path)), request_body = ContactDoc,
    responses((status = 201, description = "the row"), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_add_part_contact(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    save_contact(&state, tr, &parts, Owner::Participant(&id), None, &bytes).await
}

/// `PUT /api/v1/participants/{id}/contacts/{row}` — «Редактировать» (manual rows only).
#[utoipa::path(put, path = "/api/v1/participants/{id}/contacts/{row}", tag = "profile",
    params(("id" = String, Path), ("row" = i64, Path)), request_body = ContactDoc,
    responses((status = 200, description = "the row"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_edit_part_contact(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, row)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    save_contact(
        &state,
        tr,
        &parts,
        Owner::Participant(&id),
        Some(row),
        &bytes,
    )
    .await
}

/// `DELETE /api/v1/participants/{id}/contacts/{row}` — «Удалить» + «Да» (manual rows only).
#[utoipa::path(delete, path = "/api/v1/participants/{id}/contacts/{row}", tag = "profile",
    params(("id" = String, Path), ("row" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_delete_part_contact(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, row)): PathParam<(String, i64)>,
) -> Result<Response, ApiFailure> {
    delete_contact(&state, tr, &parts, Owner::Participant(&id), row).await
}

/// The participant's editable registration data (ACC-110).
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct ParticipantContactsDoc {
    pub email: Option<String>,
    pub website: Option<String>,
    pub phones: Option<String>,
}

/// «Атрибуты участника» (ACC-111); a field not sent keeps its value.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct ParticipantAttributesDoc {
    pub country: Option<String>,
    pub is_supplier: Option<bool>,
    pub kopf: Option<String>,
    pub kse: Option<String>,
    pub kfs: Option<String>,
    pub is_resident: Option<bool>,
    pub is_small_business: Option<bool>,
    pub is_medium_business: Option<bool>,
}

/// `PUT /api/v1/participants/{id}/registration-data` — e-mail, website, phones (ACC-110).
#[utoipa::path(put, path = "/api/v1/participants/{id}/registration-data", tag = "profile",
    params(("id" = String, Path)), request_body = ParticipantContactsDoc,
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_part_registration_data(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let f: accounts::participant_profile::ParticipantContactsEdit = json_body(tr, &bytes)?;
    let p =
        c.a.update_participant_contacts(&c.s, &id, &f, &origin_of(&c.sid, &c.ip))
            .await
            .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(p).into_response())
}

/// `PUT /api/v1/participants/{id}/attributes` — «Атрибуты участника» (ACC-111); a change of
/// residency or КСЕ recomputes the КБе of the bank accounts (`kbe_recomputed`, ACC-108).
#[utoipa::path(put, path = "/api/v1/participants/{id}/attributes", tag = "profile",
    params(("id" = String, Path)), request_body = ParticipantAttributesDoc,
    responses((status = 200, description = "the participant and kbe_recomputed"),
        (status = 403, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_part_attributes(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let c = acting(&state, &parts).await?;
    let f: accounts::participant_profile::ParticipantAttributesEdit = json_body(tr, &bytes)?;
    let saved =
        c.a.update_participant_attributes(&c.s, &id, &f, &origin_of(&c.sid, &c.ip))
            .await
            .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(saved).into_response())
}
