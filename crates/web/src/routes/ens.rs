//! The ЕНС ТРУ API of the account layer (spec/accounts.md §2.5, §3.4, §3.12; ACC-28,
//! ACC-59…ACC-63, ACC-93…ACC-96): «Организации ЕНС ТРУ» of the `ENS_ADMIN`, the users' access
//! requests with the power of attorney (a `multipart/form-data` upload of up to 20 MB, while
//! every JSON body stays within 1 MB), the authorized body's queue and decisions, the
//! revocation of `ENS_USER`, the `SUPERVISOR` grants of the `ENS_ADMIN` (G-46), and the two logins of the Requests module. State-changing calls
//! need the CSRF token (ACC-162); the logins are limited to 20 a minute per address (ACC-163).

use super::auth::{
    Acting, BODY_MAX, accounts, acting, from_accounts, json_body, logged_in, origin_of,
    require_csrf,
};
use crate::i18n::Tr;
use crate::params::{Params, PathParam};
use crate::problem::{ApiError, ApiFailure};
use crate::ratelimit::Bucket;
use crate::session;
use crate::state::AppState;
use accounts::ens::{
    EnsDecision, EnsOrgForm, EnsRequestForm, EnsRevocation, EnsSupervisorChange, FILE_MAX, Upload,
};
use accounts::{Accounts, SessionInfo};
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Multipart, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kernel::ErrorCode;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// The largest body of the access-request upload: the file of ACC-8, the JSON part of
/// ACC-166 and the multipart framing.
pub const UPLOAD_MAX: usize = FILE_MAX + BODY_MAX + 64 * 1024;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/api/v1/ens/organisations",
            get(api_organisations).post(api_create_organisation),
        )
        .route(
            "/api/v1/ens/organisations/{id}",
            get(api_organisation).put(api_edit_organisation),
        )
        .route("/api/v1/ens/access-requests/form", get(api_request_form))
        .route(
            "/api/v1/ens/access-requests",
            get(api_request_queue)
                .post(api_submit_request)
                .layer(DefaultBodyLimit::max(UPLOAD_MAX)),
        )
        .route("/api/v1/ens/access-requests/mine", get(api_my_requests))
        .route("/api/v1/ens/access-requests/{id}", get(api_request))
        .route(
            "/api/v1/ens/access-requests/{id}/power-of-attorney",
            get(api_power_of_attorney),
        )
        .route(
            "/api/v1/ens/access-requests/{id}/decision",
            post(api_decide_request),
        )
        .route("/api/v1/ens/users", get(api_ens_users))
        .route(
            "/api/v1/ens/users/{grant}/revoke",
            post(api_revoke_ens_user),
        )
        .route(
            "/api/v1/ens/users/{grant}/supervisor",
            post(api_grant_supervisor),
        )
        .route(
            "/api/v1/ens/users/{grant}/supervisor/revoke",
            post(api_revoke_supervisor),
        )
        .route("/api/v1/ens/login/password", post(api_login_password))
        .route("/api/v1/ens/login/certificate", post(api_login_certificate))
        .route("/api/v1/ens/me", get(api_ens_me))
        // JSON bodies: ACC-166. The upload route has its own limit, UPLOAD_MAX.
        .layer(DefaultBodyLimit::max(BODY_MAX))
}

fn id_of(tr: Tr, raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::parameter(tr, "id", tr.t("problem-expected-integer")))
}

// ---- «Организации ЕНС ТРУ» ----

/// The Appendix 1 form (§2.5); unknown fields → 422.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct EnsOrgFormDoc {
    /// «Наименование организации на русском языке *».
    pub name: Option<String>,
    pub name_kk: Option<String>,
    /// «Форма собственности»: a КФС code.
    pub kfs: Option<String>,
    pub parent_participant_id: Option<String>,
    /// «БИН *» (create only; the path names the organisation when editing).
    pub bin: Option<String>,
    pub rnn: Option<String>,
    /// «Регион»: a КАТО code of the top level.
    pub region: Option<String>,
    pub address: Option<String>,
    pub contact_last_name: Option<String>,
    pub contact_first_name: Option<String>,
    pub contact_middle_name: Option<String>,
    pub contact_position: Option<String>,
    pub contact_work_phone: Option<String>,
    pub contact_mobile_phone: Option<String>,
    /// «Электронная почта *».
    pub contact_email: Option<String>,
    /// «ИИК»: an IBAN (§4.6); empty = no bank row (an existing one is removed).
    #[schema(example = "KZ909010000000012345")]
    pub iik: Option<String>,
    /// «Банк»: a BIC of the bank dictionary (a Kazakhstan IBAN's bank is its code's).
    pub bank_bic: Option<String>,
    /// «КБЕ»: entered only for an `ADMIN_CREATED` participant (residency and КСЕ unknown),
    /// else computed (§4.5).
    pub kbe: Option<String>,
}

/// `GET /api/v1/ens/organisations?q=&page=&per_page=` — «Организации ЕНС ТРУ» (`ens.org`):
/// every word of `q` must be in the name or the БИН.
#[utoipa::path(get, path = "/api/v1/ens/organisations", tag = "ens",
    params(("q" = Option<String>, Query), ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "one page of organisations"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_organisations(
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
    let out = a
        .ens_organisations(&s, &q, &page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

/// `POST /api/v1/ens/organisations` — saves the Appendix 1 form of a БИН (ACC-28): attached
/// to the participant of the БИН, or a new `ADMIN_CREATED` participant without members.
#[utoipa::path(post, path = "/api/v1/ens/organisations", tag = "ens",
    request_body = EnsOrgFormDoc,
    responses((status = 201, description = "the organisation"), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_create_organisation(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: EnsOrgForm = json_body(tr, &body)?;
    let out = a
        .save_ens_organisation(&s, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// `GET /api/v1/ens/organisations/{id}` — one organisation (by participant id).
#[utoipa::path(get, path = "/api/v1/ens/organisations/{id}", tag = "ens",
    params(("id" = String, Path, description = "Participant id")),
    responses((status = 200, description = "the organisation"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_organisation(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let out = a
        .ens_organisation(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

/// `PUT /api/v1/ens/organisations/{id}` — edits the form; the БИН is the organisation's.
#[utoipa::path(put, path = "/api/v1/ens/organisations/{id}", tag = "ens",
    params(("id" = String, Path, description = "Participant id")),
    request_body = EnsOrgFormDoc,
    responses((status = 200, description = "the organisation"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_edit_organisation(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let mut f: EnsOrgForm = json_body(tr, &body)?;
    let current = a
        .ens_organisation(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    if f.bin.as_deref().is_some_and(|b| b.trim() != current.bin) {
        // The БИН identifies the organisation; it is not edited (§4.8).
        return Err(ApiError::new(ErrorCode::FieldNotAllowed)
            .arg("field", "bin")
            .into());
    }
    f.bin = Some(current.bin);
    let out = a
        .save_ens_organisation(&s, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

// ---- access requests (E1) ----

/// `GET /api/v1/ens/access-requests/form` — the read-only part of «Заявка на регистрацию в ЕНС
/// ТРУ» (CAT-151), or the refusal of ACC-94 (CAT-63 texts, MSG-ENS-DUPLICATE).
#[utoipa::path(get, path = "/api/v1/ens/access-requests/form", tag = "ens",
    responses((status = 200, description = "«Фамилия», «Имя», «Электронная почта», «БИН», «Организация»"),
        (status = 403, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem)))]
pub async fn api_request_form(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let out = a
        .ens_request_context(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

/// The upload of «Подать заявку», as `multipart/form-data`.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct AccessRequestUploadDoc {
    /// JSON (at most 1 MB): `{"position", "phone", "agreement_accepted": true, "signature":
    /// {"challenge_id", "cms_base64"}}` — the signature over an `ens.access_request` challenge
    /// whose content carries the same position, phone and the file's SHA-256.
    pub form: String,
    /// «Доверенность»: pdf, jpg or png (by content), at most 20 MB.
    #[schema(format = Binary, value_type = String)]
    pub power_of_attorney: Vec<u8>,
}

/// `POST /api/v1/ens/access-requests` — E1 «Подать заявку» (ACC-94): every field error at
/// once, then the signature; the request and its file are stored in one transaction.
#[utoipa::path(post, path = "/api/v1/ens/access-requests", tag = "ens",
    request_body(content = AccessRequestUploadDoc, content_type = "multipart/form-data"),
    responses((status = 201, description = "the request, `SUBMITTED`"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 413, body = crate::problem::Problem),
        (status = 415, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_submit_request(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    mut upload: Multipart,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    // Over the body limit (ACC-8: the file is what can be large): the file's field error.
    let framing = |e: MultipartError| -> ApiError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let mut err = ApiError::new(ErrorCode::AccFileTooLarge);
            err.fields = vec![("power_of_attorney", ErrorCode::AccFileTooLarge)];
            err
        } else {
            ApiError::new(ErrorCode::BadRequest).detail(e.body_text())
        }
    };
    let mut form: Option<EnsRequestForm> = None;
    let mut file: Option<Upload> = None;
    while let Some(field) = upload.next_field().await.map_err(framing)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "form" => {
                let data = field.bytes().await.map_err(framing)?;
                if data.len() > BODY_MAX {
                    return Err(ApiError::new(ErrorCode::PayloadTooLarge).into());
                }
                form = Some(json_body(tr, &data)?);
            }
            "power_of_attorney" => {
                let file_name = field.file_name().unwrap_or("").to_string();
                let data = field.bytes().await.map_err(framing)?;
                if !data.is_empty() {
                    file = Some(Upload {
                        file_name,
                        bytes: data.to_vec(),
                    });
                }
            }
            other => {
                return Err(ApiError::new(ErrorCode::FieldNotAllowed)
                    .arg("field", other.to_string())
                    .into());
            }
        }
    }
    let form = form.unwrap_or_default();
    let r = a
        .submit_ens_request(&s, &form, file.as_ref(), &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

/// `GET /api/v1/ens/access-requests/mine` — the requester's own requests.
#[utoipa::path(get, path = "/api/v1/ens/access-requests/mine", tag = "ens",
    responses((status = 200, description = "the account's requests"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_my_requests(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let out = a
        .my_ens_requests(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

/// `GET /api/v1/ens/access-requests?status=` — «Заявки на регистрацию пользователей ЕНС ТРУ»
/// of the authorized body (`SUBMITTED` by default).
#[utoipa::path(get, path = "/api/v1/ens/access-requests", tag = "ens",
    params(("status" = Option<String>, Query, description = "SUBMITTED | ACCREDITED | REFUSED")),
    responses((status = 200, description = "the queue"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_request_queue(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(&["status", "lang"])?;
    let status = p.one_of("status", &["SUBMITTED", "ACCREDITED", "REFUSED"])?;
    let out = a
        .ens_request_queue(&s, status.as_deref())
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

/// `GET /api/v1/ens/access-requests/{id}` — one request for the review.
#[utoipa::path(get, path = "/api/v1/ens/access-requests/{id}", tag = "ens",
    params(("id" = i64, Path)),
    responses((status = 200, description = "the request"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_request(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let out = a
        .ens_request(&s, id_of(tr, &id)?)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

/// `GET /api/v1/ens/access-requests/{id}/power-of-attorney` — the file, as uploaded.
#[utoipa::path(get, path = "/api/v1/ens/access-requests/{id}/power-of-attorney", tag = "ens",
    params(("id" = i64, Path)),
    responses((status = 200, description = "the pdf, jpg or png"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem)))]
pub async fn api_power_of_attorney(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let (name, mime, bytes) = a
        .ens_power_of_attorney(&s, id_of(tr, &id)?)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    // RFC 6266 with the UTF-8 name percent-encoded.
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"power-of-attorney\"; filename*=UTF-8''{encoded}"
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

/// «Аккредитовать» / «Отказать».
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct EnsDecisionDoc {
    /// true: «Аккредитовать»; false: «Отказать» (`reason` required).
    pub accredit: bool,
    /// «Причина отказа».
    pub reason: Option<String>,
}

/// `POST /api/v1/ens/access-requests/{id}/decision` — E2 / E3 (ACC-95).
#[utoipa::path(post, path = "/api/v1/ens/access-requests/{id}/decision", tag = "ens",
    params(("id" = i64, Path)), request_body = EnsDecisionDoc,
    responses((status = 200, description = "the decided request"), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_decide_request(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let d: EnsDecision = json_body(tr, &body)?;
    let out = a
        .decide_ens_request(&s, id_of(tr, &id)?, &d, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

// ---- `ENS_USER` (ACC-96) ----

/// `GET /api/v1/ens/users?participant_id=&page=&per_page=` — one page of the `ENS_USER` grants
/// (`ens.revoke`), oldest first: `{total, page, per_page, items}` like every paged list.
#[utoipa::path(get, path = "/api/v1/ens/users", tag = "ens",
    params(("participant_id" = Option<String>, Query), ("page" = Option<u32>, Query),
        ("per_page" = Option<u32>, Query)),
    responses((status = 200, description = "one page of the grants"),
        (status = 403, body = crate::problem::Problem)))]
pub async fn api_ens_users(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(&["participant_id", "page", "per_page", "lang"])?;
    let participant = p.str("participant_id")?;
    let page = p.page()?;
    let out = a
        .ens_users(&s, participant.as_deref(), &page)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(out).into_response())
}

/// A reason.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct EnsRevocationDoc {
    pub reason: Option<String>,
}

/// `POST /api/v1/ens/users/{grant}/revoke` — revokes `ENS_USER` with a reason (ACC-96).
#[utoipa::path(post, path = "/api/v1/ens/users/{grant}/revoke", tag = "ens",
    params(("grant" = i64, Path)), request_body = EnsRevocationDoc,
    responses((status = 204), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_revoke_ens_user(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(grant): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: EnsRevocation = json_body(tr, &body)?;
    a.revoke_ens_user(&s, id_of(tr, &grant)?, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/ens/users/{grant}/supervisor` — the `ENS_ADMIN` makes the holder of the
/// `ENS_USER` grant the organisation's `SUPERVISOR`, with a reason (G-46, CAT-11). Answers the
/// new grant's id.
#[utoipa::path(post, path = "/api/v1/ens/users/{grant}/supervisor", tag = "ens",
    params(("grant" = i64, Path, description = "the ENS_USER grant")), request_body = EnsRevocationDoc,
    responses((status = 201, body = SupervisorGranted), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_grant_supervisor(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(grant): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: EnsSupervisorChange = json_body(tr, &body)?;
    let id = a
        .grant_ens_supervisor(&s, id_of(tr, &grant)?, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((
        StatusCode::CREATED,
        Json(SupervisorGranted { grant_id: id }),
    )
        .into_response())
}

/// The `SUPERVISOR` grant made.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisorGranted {
    pub grant_id: i64,
}

/// `POST /api/v1/ens/users/{grant}/supervisor/revoke` — the `ENS_ADMIN` takes `SUPERVISOR`
/// back, with a reason; `ENS_USER` stays (G-46).
#[utoipa::path(post, path = "/api/v1/ens/users/{grant}/supervisor/revoke", tag = "ens",
    params(("grant" = i64, Path, description = "the ENS_USER grant")), request_body = EnsRevocationDoc,
    responses((status = 204), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_revoke_supervisor(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(grant): PathParam<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: EnsSupervisorChange = json_body(tr, &body)?;
    a.revoke_ens_supervisor(&s, id_of(tr, &grant)?, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---- the Requests-module login (ACC-59…ACC-63) ----

/// «Войти»: the account (the e-mail) and the password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnsPasswordLogin {
    pub account: String,
    pub password: String,
    /// The organisation to work for when the account is accredited in several (ACC-30).
    #[serde(default)]
    pub participant_id: Option<String>,
}

/// «Войти с помощью ЭЦП»: the account and an `ens.login` challenge signed with NCALayer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnsCertificateLogin {
    #[serde(default)]
    pub account: String,
    pub challenge_id: String,
    pub cms_base64: String,
    #[serde(default)]
    pub participant_id: Option<String>,
}

/// A session of the Requests module.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnsSessionResponse {
    pub account_id: String,
    pub full_name: String,
    /// The login of the module.
    pub email: String,
    /// `PASSWORD` or `CERT` (ACC-29): the platform's other pages need the certificate step.
    pub assurance: String,
    pub participant_id: String,
    pub participant_name: String,
    /// `registry` («Реестр заявок»), `change_password` or `agreement` (the `USER_ENS` text
    /// asks for acceptance: `/api/v1/me/agreements/USER_ENS`).
    pub next: String,
}

fn session_response(s: &SessionInfo, p: &accounts::store_org::Participant) -> EnsSessionResponse {
    EnsSessionResponse {
        account_id: s.account.id.clone(),
        full_name: s.account.full_name(),
        email: s.account.email.clone(),
        assurance: s.assurance.clone(),
        participant_id: p.id.clone(),
        participant_name: p.name.clone(),
        next: if s.account.password_temporary {
            "change_password"
        } else if s.pending_agreement.is_some() {
            // ACC-24: a `USER_ENS` version that asks for re-acceptance comes first.
            "agreement"
        } else {
            "registry"
        }
        .into(),
    }
}

async fn logged_in_response(
    state: &AppState,
    a: &Accounts,
    tr: Tr,
    done: accounts::LoggedIn,
) -> Result<Response, ApiError> {
    let s = a
        .session(&done.session_id)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("the new session is not readable"))?;
    let p = a
        .ens_module_participant(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let mut res = Json(session_response(&s, &p)).into_response();
    session::set_cookie(
        &mut res,
        &done.session_id,
        state.settings.public_base().starts_with("https:"),
    );
    Ok(res)
}

fn limit(state: &AppState, ip: &Option<String>) -> Result<(), ApiError> {
    if state
        .address_limits
        .allow(Bucket::EnsLogin, ip.as_deref(), state.clock.now())
    {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::AccRateLimit))
    }
}

/// `POST /api/v1/ens/login/password` — «Войти» (ACC-60): MSG-ENS-BAD-CREDENTIALS for an unknown
/// account or a wrong password alike (ACC-164), MSG-ENS-NOT-ACCREDITED without `ENS_USER`;
/// the session has assurance `PASSWORD`.
#[utoipa::path(post, path = "/api/v1/ens/login/password", tag = "ens",
    request_body = EnsPasswordLogin,
    responses((status = 200, body = EnsSessionResponse), (status = 401, body = crate::problem::Problem),
        (status = 403, body = crate::problem::Problem), (status = 423, body = crate::problem::Problem),
        (status = 429, body = crate::problem::Problem)))]
pub async fn api_login_password(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let a = Arc::clone(accounts(&state)?);
    let sid = require_csrf(&a, &parts)?;
    let req: EnsPasswordLogin = json_body(tr, &body)?;
    let ip = session::client_ip(&parts);
    limit(&state, &ip)?;
    let done = a
        .ens_login_password(
            &req.account,
            &req.password,
            req.participant_id.as_deref(),
            &origin_of(&sid, &ip),
        )
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(logged_in_response(&state, &a, tr, done).await?)
}

/// `POST /api/v1/ens/login/certificate` — «Войти с помощью ЭЦП» (ACC-61): check 2 (ИИН) for an
/// individual certificate, check 3 (БИН and e-mail) for a legal entity's; assurance `CERT`.
#[utoipa::path(post, path = "/api/v1/ens/login/certificate", tag = "ens",
    request_body = EnsCertificateLogin,
    responses((status = 200, body = EnsSessionResponse), (status = 401, body = crate::problem::Problem),
        (status = 403, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem),
        (status = 429, body = crate::problem::Problem)))]
pub async fn api_login_certificate(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let a = Arc::clone(accounts(&state)?);
    let sid = require_csrf(&a, &parts)?;
    let req: EnsCertificateLogin = json_body(tr, &body)?;
    let ip = session::client_ip(&parts);
    limit(&state, &ip)?;
    let done = a
        .ens_login_certificate(
            &req.account,
            &req.challenge_id,
            req.cms_base64.as_bytes(),
            req.participant_id.as_deref(),
            &origin_of(&sid, &ip),
        )
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(logged_in_response(&state, &a, tr, done).await?)
}

/// `GET /api/v1/ens/me` — the Requests-module session («Реестр заявок» opens with it,
/// `ens.registry`).
#[utoipa::path(get, path = "/api/v1/ens/me", tag = "ens",
    responses((status = 200, body = EnsSessionResponse), (status = 403, body = crate::problem::Problem)))]
pub async fn api_ens_me(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = a
        .ens_module_participant(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(session_response(&s, &p)).into_response())
}
