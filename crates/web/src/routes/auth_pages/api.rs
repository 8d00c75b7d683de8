//! The two page-support JSON routes of the login page (see the parent module).

use super::*;
use crate::i18n::Tr;
use crate::problem::{ApiError, ApiFailure};
use crate::routes::auth;
use crate::session;
use crate::state::AppState;
use accounts::EntryPoint;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use kernel::{ErrorCode, Lang};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementText {
    /// `USER_PORTAL`, `USER_NCT`, …
    pub kind: String,
    pub version: String,
    /// In the request's language (Kazakh or Russian; other languages get the Russian text).
    pub title: String,
    pub text: String,
    pub signature_required: bool,
}

/// `GET /api/v1/auth/agreement?registration_token=` — the text of the agreement of a live
/// registration step of this browser session, to show before «Подписать».
#[utoipa::path(get, path = "/api/v1/auth/agreement", tag = "accounts",
    params(("registration_token" = String, Query, description = "From the certificate step")),
    responses((status = 200, body = AgreementText), (status = 409, body = crate::problem::Problem)))]
pub async fn api_agreement(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = auth::accounts(&state)?;
    let token = query_param(parts.uri.query(), "registration_token").unwrap_or_default();
    let sid = session::session_of(&parts.headers).unwrap_or_default();
    let now = a.now();
    let step = accounts::store::load_step(a.db().pool(), &signatures::sha256_hex(token.as_bytes()))
        .await
        .map_err(ApiError::internal)?
        // The rules of the step's own use (ACC-55, ACC-41 (1)): this session, unused, in time.
        .filter(|s| {
            s.kind == "REGISTER"
                && s.used_at.is_none()
                && s.session_id == sid
                && now.0 < s.expires_at.0
        })
        .ok_or_else(|| ApiError::new(ErrorCode::AccStepExpired))?;
    let entry = EntryPoint::parse(&step.entry_point)
        .ok_or_else(|| ApiError::internal("entry point of a step"))?;
    let doc = accounts::store::current_agreement(a.db().pool(), entry.agreement_kind(), now)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("no agreement text is published"))?;
    let kk = tr.lang == Lang::Kk;
    Ok(Json(AgreementText {
        kind: doc.kind,
        version: doc.version,
        title: if kk { doc.title_kk } else { doc.title_ru },
        text: if kk { doc.text_kk } else { doc.text_ru },
        signature_required: doc.signature_required,
    })
    .into_response())
}

/// `POST /api/v1/auth/browser/{step}` — the completion URL of the NCALayer module for the
/// certificate step (`login`, `identity`) and «Подписать» (`agreement`). The body is the
/// module's `{challenge_id, cms_base64}`; the query carries `csrf` (the session's token),
/// `entry` and `registration_token`. The answer is that of `/api/v1/auth/login/certificate`,
/// `/api/v1/auth/register/identity` or `/api/v1/auth/register/agreement`.
#[utoipa::path(post, path = "/api/v1/auth/browser/{step}", tag = "accounts",
    params(
        ("step" = String, Path, description = "login | identity | agreement"),
        ("csrf" = String, Query, description = "The CSRF token of the browser session"),
        ("entry" = Option<String>, Query, description = "login, identity: PORTAL (default) or NCT"),
        ("registration_token" = Option<String>, Query, description = "agreement: the registration step"),
    ),
    request_body = crate::routes::signatures::SignedAct,
    responses((status = 200, body = auth::StepResponse), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_browser_step(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(step): Path<String>,
    mut parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let query = parts.uri.query().map(str::to_string);
    let q = |name: &str| query_param(query.as_deref(), name);
    let mut body: serde_json::Map<String, Value> = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(ErrorCode::BadRequest)
            .detail(tr.t_args("problem-json-invalid", &[("reason", e.to_string())]))
    })?;
    match step.as_str() {
        "login" | "identity" => {
            if let Some(entry) = q("entry") {
                body.insert("entry_point".into(), Value::String(entry));
            }
        }
        "agreement" => {
            body.insert(
                "registration_token".into(),
                Value::String(q("registration_token").unwrap_or_default()),
            );
        }
        _ => return Err(ApiError::new(ErrorCode::NotFound).into()),
    }
    let csrf = HeaderValue::from_str(&q("csrf").unwrap_or_default())
        .map_err(|_| ApiError::new(ErrorCode::CsrfTokenInvalid))?;
    parts
        .headers
        .insert(HeaderName::from_static(auth::CSRF_HEADER), csrf);
    let body = Bytes::from(serde_json::to_vec(&body).map_err(ApiError::internal)?);
    let state = State(state);
    match step.as_str() {
        "login" => auth::api_login_certificate(state, tr, parts, body).await,
        "identity" => auth::api_register_identity(state, tr, parts, body).await,
        _ => auth::api_register_agreement(state, tr, parts, body).await,
    }
}
