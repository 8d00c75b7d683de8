//! The agreements and the workspace over HTTP (spec/accounts.md §2.3.1, ACC-24, ACC-116,
//! ACC-118; §4.9 `usr.agreement`, `usr.secretary`, `dict.manage`):
//!
//! - `GET /api/v1/me/agreements` — each system's agreement, its current version and whether the
//!   account accepted it; `GET /api/v1/me/agreements/{kind}` — a text (`?version=` for an older
//!   one); `POST …/{kind}/challenge` — the `register.agreement` challenge of «Подписать»;
//!   `POST …/{kind}/accept` — the signed challenge, or `{"accepted": true}` for `USER_ENS`.
//!   These four, with `GET /api/v1/me`, logout and the CSRF endpoint, answer a session whose
//!   system still asks its agreement; every other call answers it MSG-AGREEMENT-REQUIRED.
//! - `POST /api/v1/me/workspace` — «Войти как секретарь» / «Выйти из режима секретаря».
//! - `GET/POST /api/v1/admin/agreements`, `GET /api/v1/admin/agreements/{kind}/{version}` — the
//!   versions of the agreement texts and the publication of a new one.

use super::auth::{
    Acting, accounts, acting, from_accounts, json_body, logged_in_any, origin_of, require_csrf,
};
use crate::i18n::Tr;
use crate::params::Params;
use crate::problem::{ApiError, ApiFailure};
use crate::session;
use crate::state::AppState;
use accounts::agreement_admin::AgreementPublication;
use accounts::entry::AgreementAcceptance;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64ct::{Base64, Encoding};
use kernel::ErrorCode;
use serde::{Deserialize, Serialize};
use signatures::SignaturesError;
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/me/agreements", get(api_my_agreements))
        .route("/api/v1/me/agreements/{kind}", get(api_my_agreement))
        .route(
            "/api/v1/me/agreements/{kind}/challenge",
            post(api_agreement_challenge),
        )
        .route(
            "/api/v1/me/agreements/{kind}/accept",
            post(api_accept_agreement),
        )
        .route("/api/v1/me/workspace", post(api_workspace))
        .route(
            "/api/v1/admin/agreements",
            get(api_admin_agreements).post(api_publish_agreement),
        )
        .route(
            "/api/v1/admin/agreements/{kind}/{version}",
            get(api_admin_agreement),
        )
}

/// «Подписать» (a `register.agreement` challenge from `…/challenge`, signed) or, for a
/// CHECKBOX agreement (`USER_ENS`), `{"accepted": true}`.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct AcceptanceDoc {
    pub challenge_id: Option<String>,
    /// The CMS in base64 (line breaks allowed) or PEM.
    pub cms_base64: Option<String>,
    pub accepted: Option<bool>,
}

/// The body of `…/challenge` (the NCALayer module sends its `purpose`): optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementChallengeRequest {
    /// `register.agreement` when given.
    #[serde(default)]
    pub purpose: Option<String>,
}

/// ACC-118.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceRequest {
    /// `SECRETARY` («Войти как секретарь») or `DEFAULT` («Выйти из режима секретаря»).
    pub workspace: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceResponse {
    pub workspace: String,
}

/// A new version of an agreement (ACC-116).
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct PublicationDoc {
    /// `USER_PORTAL`, `USER_NCT`, `USER_ENS` or `PARTICIPANT`.
    pub kind: String,
    /// Up to 20 characters; the next number when absent.
    pub version: Option<String>,
    /// The current version's titles when absent.
    pub title_ru: Option<String>,
    pub title_kk: Option<String>,
    pub text_ru: String,
    pub text_kk: String,
    /// Ask every account again at its next entry (G-17).
    pub requires_reacceptance: Option<bool>,
}

/// `GET /api/v1/me/agreements` — each system's user agreement and the account's acceptance
/// (ACC-24); answered while an agreement is pending.
#[utoipa::path(get, path = "/api/v1/me/agreements", tag = "profile",
    responses((status = 200, description = "USER_PORTAL, USER_NCT, USER_ENS: the current version, the account's acceptance, `pending` and `required_now`"),
        (status = 403, body = crate::problem::Problem)))]
pub async fn api_my_agreements(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in_any(&state, &parts).await?;
    let list = a
        .my_agreements(&s, tr.lang)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(list).into_response())
}

/// `GET /api/v1/me/agreements/{kind}?version=` — the text in the request's language (Kazakh or
/// Russian); any published version stays readable.
#[utoipa::path(get, path = "/api/v1/me/agreements/{kind}", tag = "profile",
    params(("kind" = String, Path, description = "USER_PORTAL, USER_NCT or USER_ENS"),
        ("version" = Option<String>, Query)),
    responses((status = 200, description = "kind, version, title, text, acceptance_mode, published_at, text_sha256"),
        (status = 403, body = crate::problem::Problem), (status = 404, body = crate::problem::Problem)))]
pub async fn api_my_agreement(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(kind): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in_any(&state, &parts).await?;
    let p = Params::parse(query.as_deref(), tr);
    p.only(&["version", "lang"])?;
    let version = p.str("version")?;
    let text = a
        .my_agreement(&s, &kind, version.as_deref(), tr.lang)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(text).into_response())
}

/// `POST /api/v1/me/agreements/{kind}/challenge` — the challenge of «Подписать» (purpose
/// `register.agreement`, the account's ИИН as the NCALayer filter), bound to the browser
/// session like `/api/v1/signatures/challenges` and limited as it is.
#[utoipa::path(post, path = "/api/v1/me/agreements/{kind}/challenge", tag = "profile",
    params(("kind" = String, Path, description = "USER_PORTAL or USER_NCT")),
    request_body = AgreementChallengeRequest,
    responses((status = 201, body = super::signatures::ChallengeResponse),
        (status = 400, body = crate::problem::Problem), (status = 403, body = crate::problem::Problem),
        (status = 429, body = crate::problem::Problem)))]
pub async fn api_agreement_challenge(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(kind): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let signing = state
        .signing
        .as_deref()
        .filter(|_| state.is_ready())
        .ok_or_else(|| ApiError::new(ErrorCode::ServiceUnavailable))?;
    if !bytes.is_empty() {
        let req: AgreementChallengeRequest = json_body(tr, &bytes)?;
        if req
            .purpose
            .as_deref()
            .is_some_and(|p| p != "register.agreement")
        {
            return Err(
                ApiError::parameter(tr, "purpose", "register.agreement".to_string()).into(),
            );
        }
    }
    let s = logged_in_any(&state, &parts).await?;
    let sid = session::session_of(&parts.headers).unwrap_or_default();
    // SIG-9 and ACC-163: the limits of every challenge.
    let ip = session::client_ip(&parts);
    if !state.sign_limits.allow(&sid, signing.now()) {
        return Err(ApiError::new(ErrorCode::TooManyRequests).into());
    }
    if !state.address_limits.allow(
        crate::ratelimit::Bucket::Challenge,
        ip.as_deref(),
        signing.now(),
    ) {
        return Err(ApiError::new(ErrorCode::AccRateLimit).into());
    }
    let (input, binding) = a
        .entry_agreement_tbs(&s, &kind, tr.lang)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let issued = signing
        .issue(&input, &sid, &binding)
        .await
        .map_err(|e| match e {
            SignaturesError::Refused(p) => super::signatures::refusal(tr, &p),
            other => ApiError::internal(other),
        })?;
    Ok((
        StatusCode::CREATED,
        Json(super::signatures::ChallengeResponse {
            challenge_id: issued.challenge_id,
            tbs_base64: Base64::encode_string(&issued.tbs),
            purpose: issued.purpose.as_str().to_string(),
            key_kind: issued.key_kind.as_str().to_string(),
            filters: issued.filters,
            expires_at: issued.expires_at.rfc3339_local(),
            summary: input.summary,
            tsa: state.settings.pki.tsa,
        }),
    )
        .into_response())
}

/// `POST /api/v1/me/agreements/{kind}/accept` — stores the acceptance of the current version
/// (ACC-24): signed by the account's own person (MSG-AGREEMENT-OTHER-PERSON otherwise) or
/// ticked; the pending agreement of the session is lifted.
#[utoipa::path(post, path = "/api/v1/me/agreements/{kind}/accept", tag = "profile",
    params(("kind" = String, Path, description = "USER_PORTAL, USER_NCT or USER_ENS")),
    request_body = AcceptanceDoc,
    responses((status = 200, description = "kind, version, accepted_at, signature_id, already"),
        (status = 403, body = crate::problem::Problem), (status = 404, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_accept_agreement(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(kind): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = Arc::clone(accounts(&state)?);
    let sid = require_csrf(&a, &parts)?;
    let s = logged_in_any(&state, &parts).await?;
    let f: AgreementAcceptance = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    let done = a
        .accept_agreement(&s, &kind, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(done).into_response())
}

/// `POST /api/v1/me/workspace` — ACC-118: only a `SECRETARY` (§4.9 `usr.secretary`); the
/// switch is audited and needs no new login.
#[utoipa::path(post, path = "/api/v1/me/workspace", tag = "profile",
    request_body = WorkspaceRequest,
    responses((status = 200, body = WorkspaceResponse), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_workspace(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: WorkspaceRequest = json_body(tr, &bytes)?;
    let workspace = a
        .switch_workspace(&s, &f.workspace, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(WorkspaceResponse { workspace }).into_response())
}

/// `GET /api/v1/admin/agreements` — every version of every agreement (§4.9 `dict.manage`).
#[utoipa::path(get, path = "/api/v1/admin/agreements", tag = "admin",
    responses((status = 200, description = "the versions, by kind, newest first"),
        (status = 403, body = crate::problem::Problem)))]
pub async fn api_admin_agreements(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = super::auth::logged_in(&state, &parts).await?;
    let list = a
        .admin_agreements(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(list).into_response())
}

/// `GET /api/v1/admin/agreements/{kind}/{version}` — one version with both texts.
#[utoipa::path(get, path = "/api/v1/admin/agreements/{kind}/{version}", tag = "admin",
    params(("kind" = String, Path), ("version" = String, Path)),
    responses((status = 200, description = "the version with text_ru and text_kk"),
        (status = 403, body = crate::problem::Problem), (status = 404, body = crate::problem::Problem)))]
pub async fn api_admin_agreement(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path((kind, version)): Path<(String, String)>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = super::auth::logged_in(&state, &parts).await?;
    let doc = a
        .admin_agreement(&s, &kind, &version)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(doc).into_response())
}

/// `POST /api/v1/admin/agreements` — publishes a new version (ACC-116, G-17); audited.
#[utoipa::path(post, path = "/api/v1/admin/agreements", tag = "admin",
    request_body = PublicationDoc,
    responses((status = 201, description = "the published version"),
        (status = 403, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_publish_agreement(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let f: AgreementPublication = json_body(tr, &bytes)?;
    let v = a
        .publish_agreement(&s, &f, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}
