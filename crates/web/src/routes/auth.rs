//! The accounts API (spec/accounts.md §3.1–§3.6, issue 6 §5): the certificate step, registration
//! with the signed agreement, activation, the password step, recovery, password change,
//! logout and `GET /api/v1/me`. Every state-changing call needs the CSRF token of the browser
//! session in `X-CSRF-Token` (ACC-162); `GET /api/v1/auth/csrf` hands it out.

use crate::i18n::Tr;
use crate::problem::{ApiError, ApiFailure};
use crate::session;
use crate::state::AppState;
use accounts::{Accounts, AccountsError, EntryPoint, Origin, SessionInfo, StepOutcome};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use kernel::ErrorCode;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// ACC-166: request bodies of the accounts API are at most 1 MB.
pub const BODY_MAX: usize = 1024 * 1024;

pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn accounts(state: &AppState) -> Result<&Arc<Accounts>, ApiError> {
    state
        .accounts
        .get()
        .ok_or_else(|| ApiError::new(ErrorCode::ServiceUnavailable))
}

/// An accounts error as a problem document in the request's language.
pub fn from_accounts(tr: Tr, e: AccountsError) -> ApiError {
    match e {
        AccountsError::Refused { code, args } => {
            let mut err = ApiError::new(code);
            for (k, v) in args {
                // MSG-FIELD-NOT-ALLOWED names the field by its label in the user's language.
                let v = if k == "label" {
                    tr.t(&format!("acc-label-{}", v.replace('_', "-")))
                } else {
                    v
                };
                err = err.arg(k, v);
            }
            err
        }
        AccountsError::Fields(fields) => {
            let mut err = ApiError::new(
                fields
                    .first()
                    .map(|f| f.code)
                    .unwrap_or(ErrorCode::BadRequest),
            );
            err.fields = fields.iter().map(|f| (f.field, f.code)).collect();
            err
        }
        AccountsError::Signature(p) => super::signatures::refusal(tr, &p),
        AccountsError::Signing(signatures::SignaturesError::Refused(p)) => {
            super::signatures::refusal(tr, &p)
        }
        other => ApiError::internal(other),
    }
}

/// A JSON body with the accounts rules: unknown fields → 422 (ACC-166), malformed → 400.
pub fn json_body<T: for<'de> Deserialize<'de>>(tr: Tr, bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let msg = e.to_string();
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or("").to_string();
            tracing::warn!(%field, "a field the client may not set was sent (ACC-17)");
            ApiError::new(ErrorCode::FieldNotAllowed).arg("field", field)
        } else {
            ApiError::new(ErrorCode::BadRequest)
                .detail(tr.t_args("problem-json-invalid", &[("reason", msg)]))
        }
    })
}

/// The browser session id of a request and whether the response must set it.
fn browser_session(parts: &Parts) -> Result<(String, bool), ApiError> {
    match session::session_of(&parts.headers) {
        Some(id) => Ok((id, false)),
        None => Ok((
            session::new_session_id().ok_or_else(|| ApiError::internal("no randomness"))?,
            true,
        )),
    }
}

/// Who acts: the browser session and the client address (audit rows).
pub fn origin_of<'a>(sid: &'a str, ip: &'a Option<String>) -> Origin<'a> {
    Origin {
        session_id: sid,
        ip: ip.as_deref(),
    }
}

/// ACC-162: the session's CSRF token must be in `X-CSRF-Token`.
pub fn require_csrf(a: &Accounts, parts: &Parts) -> Result<String, ApiError> {
    let sid = session::session_of(&parts.headers)
        .ok_or_else(|| ApiError::new(ErrorCode::CsrfTokenInvalid))?;
    let token = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if a.csrf_ok(&sid, token) {
        Ok(sid)
    } else {
        Err(ApiError::new(ErrorCode::CsrfTokenInvalid))
    }
}

/// ACC-163: one more request of the client address on `bucket`, or 429 MSG-RATE-LIMIT.
fn limit(
    state: &AppState,
    bucket: crate::ratelimit::Bucket,
    ip: &Option<String>,
) -> Result<(), ApiError> {
    if state
        .address_limits
        .allow(bucket, ip.as_deref(), state.clock.now())
    {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::AccRateLimit))
    }
}

fn secure(state: &AppState) -> bool {
    state.settings.public_base().starts_with("https:")
}

/// What a state-changing call of the accounts API needs: the service, the logged-in session,
/// the browser session id whose CSRF token was checked (ACC-162) and the client address.
pub(crate) struct Acting {
    pub a: Arc<Accounts>,
    pub s: SessionInfo,
    pub sid: String,
    pub ip: Option<String>,
}

/// The CSRF check, then the logged-in session, of a state-changing call.
pub(crate) async fn acting(state: &AppState, parts: &Parts) -> Result<Acting, ApiError> {
    let a = Arc::clone(accounts(state)?);
    let sid = require_csrf(&a, parts)?;
    let s = logged_in(state, parts).await?;
    Ok(Acting {
        a,
        s,
        sid,
        ip: session::client_ip(parts),
    })
}

/// The logged-in session of the request, or 403 MSG-FORBIDDEN (§4.9: ANON is refused). A
/// session whose system still asks its agreement is refused with MSG-AGREEMENT-REQUIRED
/// (ACC-24): only [`logged_in_any`]'s few callers answer it.
pub async fn logged_in(state: &AppState, parts: &Parts) -> Result<SessionInfo, ApiError> {
    let s = logged_in_any(state, parts).await?;
    if s.pending_agreement.is_some() {
        return Err(ApiError::new(ErrorCode::AccAgreementRequired));
    }
    Ok(s)
}

/// The logged-in session even while an agreement is pending (ACC-24): for the agreement
/// itself, `GET /api/v1/me` and logout.
pub async fn logged_in_any(state: &AppState, parts: &Parts) -> Result<SessionInfo, ApiError> {
    let a = accounts(state)?;
    let sid = session::session_of(&parts.headers).unwrap_or_default();
    if let Some(s) = a.session(&sid).await.map_err(ApiError::internal)? {
        return Ok(s);
    }
    // ACC-80, P4: a session an administrator's change ended says why.
    let ended = a
        .session_end_message(&sid)
        .await
        .map_err(ApiError::internal)?;
    Err(ApiError::new(ended.unwrap_or(ErrorCode::AccForbidden)))
}

/// `{"csrf_token"}` of the browser session.
#[derive(Debug, Serialize, ToSchema)]
pub struct CsrfResponse {
    pub csrf_token: String,
    /// Send it back in this header with every state-changing request.
    #[schema(example = "X-CSRF-Token")]
    pub header: String,
}

/// `GET /api/v1/auth/csrf` — the CSRF token of this browser session (the session cookie is set
/// when absent).
#[utoipa::path(get, path = "/api/v1/auth/csrf", tag = "accounts",
    responses((status = 200, body = CsrfResponse)))]
pub async fn api_csrf(
    State(state): State<Arc<AppState>>,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let (sid, fresh) = browser_session(&parts)?;
    let mut res = Json(CsrfResponse {
        csrf_token: a.csrf_token(&sid),
        header: "X-CSRF-Token".into(),
    })
    .into_response();
    if fresh {
        session::set_cookie(&mut res, &sid, secure(&state));
    }
    Ok(res)
}

/// The certificate step: a signed challenge of `/api/v1/signatures/challenges`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateStep {
    pub challenge_id: String,
    pub cms_base64: String,
    /// `PORTAL` (default), `NCT`, `ENS` or `REG` (§1.3).
    #[serde(default)]
    pub entry_point: Option<String>,
}

/// What the certificate step opens.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepResponse {
    /// `password` or `register`.
    pub next: String,
    /// `password`: post it with the password to `/api/v1/auth/login/password`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// `register`: the token of the registration form (30 minutes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_token: Option<String>,
    /// `register`: what the certificate says, shown read-only (ACC-38).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub identity: Option<serde_json::Value>,
    /// RFC 3339, Asia/Almaty.
    pub expires_at: String,
}

fn step_response(o: StepOutcome) -> StepResponse {
    match o {
        StepOutcome::Password {
            login_token,
            full_name,
            expires_at,
        } => StepResponse {
            next: "password".into(),
            login_token: Some(login_token),
            full_name: Some(full_name),
            registration_token: None,
            identity: None,
            expires_at: expires_at.rfc3339_local(),
        },
        StepOutcome::Register {
            registration_token,
            identity,
            expires_at,
        } => StepResponse {
            next: "register".into(),
            login_token: None,
            full_name: None,
            registration_token: Some(registration_token),
            identity: serde_json::to_value(&*identity).ok(),
            expires_at: expires_at.rfc3339_local(),
        },
    }
}

async fn certificate(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    bytes: &[u8],
    registration: bool,
) -> Result<Response, ApiFailure> {
    let a = accounts(state)?;
    let sid = require_csrf(a, parts)?;
    let req: CertificateStep = json_body(tr, bytes)?;
    let entry = match req.entry_point.as_deref() {
        None => EntryPoint::Portal,
        Some(e) => EntryPoint::parse(e).ok_or_else(|| {
            ApiError::parameter(tr, "entry_point", "PORTAL | NCT | ENS | REG".into())
        })?,
    };
    let ip = session::client_ip(parts);
    let out = a
        .certificate_step(
            &req.challenge_id,
            req.cms_base64.as_bytes(),
            entry,
            registration,
            &origin_of(&sid, &ip),
        )
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(step_response(out)).into_response())
}

/// `POST /api/v1/auth/login/certificate` — the certificate step of login (purpose `login`);
/// on the portal an unknown ИИН opens the registration form (ACC-37).
#[utoipa::path(post, path = "/api/v1/auth/login/certificate", tag = "accounts",
    request_body = CertificateStep,
    responses((status = 200, body = StepResponse), (status = 403, body = crate::problem::Problem),
        (status = 404, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_login_certificate(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    certificate(&state, tr, &parts, &bytes, false).await
}

/// `POST /api/v1/auth/register/identity` — the registration button's certificate step
/// (purpose `register.identity`; НКТ rules of ACC-43, ACC-44).
#[utoipa::path(post, path = "/api/v1/auth/register/identity", tag = "accounts",
    request_body = CertificateStep,
    responses((status = 200, body = StepResponse), (status = 409, body = crate::problem::Problem)))]
pub async fn api_register_identity(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    certificate(&state, tr, &parts, &bytes, true).await
}

/// «Подписать»: the agreement signed over a `register.agreement` challenge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementSigned {
    pub registration_token: String,
    pub challenge_id: String,
    pub cms_base64: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementResponse {
    pub signed: bool,
    pub signature_id: i64,
    /// «Соглашение подписано».
    pub message: String,
}

/// `POST /api/v1/auth/register/agreement` — verifies and keeps the agreement signature of a
/// registration (ACC-23, ACC-39).
#[utoipa::path(post, path = "/api/v1/auth/register/agreement", tag = "accounts",
    request_body = AgreementSigned,
    responses((status = 200, body = AgreementResponse), (status = 422, body = crate::problem::Problem)))]
pub async fn api_register_agreement(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let req: AgreementSigned = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    let id = a
        .sign_agreement(
            &req.registration_token,
            &req.challenge_id,
            req.cms_base64.as_bytes(),
            &origin_of(&sid, &ip),
        )
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(AgreementResponse {
        signed: true,
        signature_id: id,
        message: tr.t("acc-agreement-signed"),
    })
    .into_response())
}

/// «Подтверждаю данные»: the registration form (ACC-38). ИИН, names and birth date come from
/// the certificate step and are refused here (ACC-17).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub registration_token: String,
    pub email: Option<String>,
    /// `+7 (XXX) XXX XX XX`.
    pub mobile_phone: Option<String>,
    pub password: Option<String>,
    pub password_confirmation: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterResponse {
    pub account_id: String,
    /// `PENDING_ACTIVATION`.
    pub status: String,
    pub email: String,
    /// «Авторизуйтесь»: the password step of this certificate, valid 5 minutes (ACC-42).
    pub login_token: String,
}

/// `POST /api/v1/auth/register` — creates the account (ACC-41, ACC-42) and mails the
/// activation link.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts",
    request_body = RegisterRequest,
    responses((status = 201, body = RegisterResponse), (status = 409, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_register(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let req: RegisterRequest = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    limit(&state, crate::ratelimit::Bucket::Registration, &ip)?;
    let form = accounts::RegistrationForm {
        email: req.email,
        mobile_phone: req.mobile_phone,
        password: req.password,
        password_confirmation: req.password_confirmation,
    };
    let r = a
        .register(
            &req.registration_token,
            &form,
            tr.lang,
            &origin_of(&sid, &ip),
        )
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((
        StatusCode::CREATED,
        Json(RegisterResponse {
            account_id: r.account_id,
            status: "PENDING_ACTIVATION".into(),
            email: r.email,
            login_token: r.login_token,
        }),
    )
        .into_response())
}

/// A token from an e-mail link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

/// A message for the page.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageResponse {
    pub message: String,
}

fn message(text: String) -> Response {
    Json(MessageResponse { message: text }).into_response()
}

/// `POST /api/v1/auth/activate` — follows an activation or e-mail confirmation link (A2).
/// No session is needed (the token proves the mailbox, §4.9 `T`).
#[utoipa::path(post, path = "/api/v1/auth/activate", tag = "accounts",
    request_body = TokenRequest,
    responses((status = 200, body = MessageResponse), (status = 410, body = crate::problem::Problem)))]
pub async fn api_activate(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let req: TokenRequest = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    a.activate(&req.token, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(message(tr.t("acc-msg-activated")))
}

/// The password step.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordLogin {
    pub login_token: String,
    pub password: String,
}

/// The account as its owner sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub account_id: String,
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub email: String,
    pub email_confirmed: bool,
    /// `+7 (XXX) XXX XX XX`.
    pub mobile_phone: String,
    /// `PENDING_ACTIVATION`, `ACTIVE` or `BLOCKED`.
    pub status: String,
    /// Only «Смена пароля» is open while true (ACC-68).
    pub must_change_password: bool,
    pub ui_language: String,
    /// ACC-102 «Дублировать уведомления на электронную почту».
    pub email_notifications: bool,
    /// `CERT_PASSWORD`, `CERT` or `PASSWORD` (ACC-29).
    pub assurance: String,
    /// The participant the session acts for; `null` in the personal context (ACC-30).
    pub context_participant_id: Option<String>,
    /// The account's memberships (§2.13).
    pub organisations: Vec<OrganisationView>,
    /// Effective staff roles.
    pub roles: Vec<RoleView>,
    /// The page the browser opens next: `activation`, `change_password`, `agreement` or
    /// `cabinet`.
    pub next: String,
    /// ACC-118: `DEFAULT` or `SECRETARY`.
    pub workspace: String,
    /// ACC-24: the agreement kind this session must accept before anything else.
    pub pending_agreement: Option<String>,
    /// ACC-58: the banner of the main page when the certificate's БИН got no participant
    /// context; `null` when there is none. Filled by `GET /api/v1/me`; the other answers
    /// that carry the account leave it `null`.
    pub context_banner: Option<ContextBannerView>,
}

/// The ACC-58 banner as `GET /api/v1/me` shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContextBannerView {
    /// `NOT_REGISTERED` («Организация с БИН … не зарегистрирована как участник.»),
    /// `NOT_MEMBER` («Вы не являетесь сотрудником участника «…».») or `MEMBER_BLOCKED`
    /// (MSG-MEMBER-BLOCKED).
    pub kind: String,
    /// The БИН of the session's certificate.
    pub bin: String,
    /// The participant of the БИН; `null` for `NOT_REGISTERED`.
    pub participant_id: Option<String>,
    pub participant_name: Option<String>,
    /// «Причина блокировки»; only for `MEMBER_BLOCKED`.
    pub reason: Option<String>,
}

impl From<&accounts::context_banner::ContextBanner> for ContextBannerView {
    fn from(b: &accounts::context_banner::ContextBanner) -> ContextBannerView {
        let p = b.participant();
        ContextBannerView {
            kind: b.kind().to_string(),
            bin: b.bin().to_string(),
            participant_id: p.map(|(id, _)| id.to_string()),
            participant_name: p.map(|(_, name)| name.to_string()),
            reason: b.reason().map(str::to_string),
        }
    }
}

/// A membership as `GET /api/v1/me` shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    pub participant_id: String,
    pub id_number: String,
    pub name: String,
    /// `ACTIVE`, `BLOCKED` or `ENDED`.
    pub status: String,
    pub authorities: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleView {
    pub role: String,
    /// `null`: the whole platform.
    pub scope_participant_id: Option<String>,
}

pub(crate) async fn organisations(
    a: &Accounts,
    account_id: &str,
) -> Result<Vec<OrganisationView>, ApiError> {
    let mut out = Vec::new();
    for m in a
        .memberships(account_id)
        .await
        .map_err(ApiError::internal)?
    {
        if let Some(p) = a
            .participant(&m.participant_id)
            .await
            .map_err(ApiError::internal)?
        {
            out.push(OrganisationView {
                participant_id: p.id,
                id_number: p.id_number,
                name: p.name,
                status: m.status,
                authorities: m.authorities,
            });
        }
    }
    Ok(out)
}

pub(crate) fn me_of(s: &SessionInfo, organisations: Vec<OrganisationView>) -> MeResponse {
    let a = &s.account;
    let next = if a.status == accounts::flow::AccountStatus::PendingActivation {
        "activation"
    } else if a.password_temporary {
        "change_password"
    } else if s.pending_agreement.is_some() {
        "agreement"
    } else {
        "cabinet"
    }
    .to_string();
    MeResponse {
        account_id: a.id.clone(),
        iin: a.iin.clone(),
        last_name: a.last_name.clone(),
        first_name: a.first_name.clone(),
        middle_name: a.middle_name.clone(),
        birth_date: a.birth_date.clone(),
        email: a.email.clone(),
        email_confirmed: a.email_confirmed,
        mobile_phone: accounts::values::display_kz_mobile(&a.mobile_phone),
        status: a.status.as_str().to_string(),
        must_change_password: a.password_temporary,
        ui_language: a.ui_language.clone(),
        email_notifications: a.email_notifications,
        assurance: s.assurance.clone(),
        context_participant_id: s.context_participant_id.clone(),
        organisations,
        roles: s
            .roles
            .iter()
            .map(|(role, scope)| RoleView {
                role: role.clone(),
                scope_participant_id: scope.clone(),
            })
            .collect(),
        next,
        workspace: s.workspace.clone(),
        pending_agreement: s.pending_agreement.clone(),
        context_banner: None,
    }
}

/// `POST /api/v1/auth/login/password` — «Войти»: sets the session cookie (renewed at login,
/// ACC-161) and answers the account.
#[utoipa::path(post, path = "/api/v1/auth/login/password", tag = "accounts",
    request_body = PasswordLogin,
    responses((status = 200, body = MeResponse), (status = 401, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 423, body = crate::problem::Problem)))]
pub async fn api_login_password(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let req: PasswordLogin = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    limit(&state, crate::ratelimit::Bucket::PasswordLogin, &ip)?;
    let done = a
        .login_password(&req.login_token, &req.password, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let s = a
        .session(&done.session_id)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("the new session is not readable"))?;
    let orgs = organisations(a, &s.account.id).await?;
    let mut res = Json(me_of(&s, orgs)).into_response();
    session::set_cookie(&mut res, &done.session_id, secure(&state));
    Ok(res)
}

/// `POST /api/v1/auth/logout` — ends the session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_logout(
    State(state): State<Arc<AppState>>,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let s = logged_in_any(&state, &parts).await?;
    let ip = session::client_ip(&parts);
    a.logout(&s, &origin_of(&sid, &ip))
        .await
        .map_err(ApiError::internal)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/me` — the logged-in account, with the banner of ACC-58.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = MeResponse), (status = 403, body = crate::problem::Problem)))]
pub async fn api_me(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in_any(&state, &parts).await?;
    // §4.9 `usr.profile`: a pending account sees only the activation step (its login answer
    // says `next: activation`).
    a.require(&s, accounts::authz::Action::UsrProfile)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let orgs = organisations(a, &s.account.id).await?;
    let mut me = me_of(&s, orgs);
    me.context_banner = a
        .context_banner(&s)
        .await
        .map_err(ApiError::internal)?
        .as_ref()
        .map(ContextBannerView::from);
    Ok(Json(me).into_response())
}

/// «Забыли пароль?»: from the password page (`login_token`) or from the ЕНС ТРУ page
/// (`email`, answered the same whether or not the account exists).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRequest {
    #[serde(default)]
    pub login_token: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// `POST /api/v1/auth/recovery` — sends the recovery link (ACC-66, ACC-67).
#[utoipa::path(post, path = "/api/v1/auth/recovery", tag = "accounts",
    request_body = RecoveryRequest,
    responses((status = 200, body = MessageResponse), (status = 429, body = crate::problem::Problem)))]
pub async fn api_recovery(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let req: RecoveryRequest = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    limit(&state, crate::ratelimit::Bucket::Recovery, &ip)?;
    let origin = origin_of(&sid, &ip);
    match (req.login_token, req.email) {
        (Some(t), None) => {
            let masked = a
                .request_recovery(&t, &origin)
                .await
                .map_err(|e| from_accounts(tr, e))?;
            Ok(message(
                tr.t_args("acc-msg-recovery-sent", &[("email", masked)]),
            ))
        }
        (None, Some(e)) => {
            a.request_recovery_by_email(&e, &origin)
                .await
                .map_err(|e| from_accounts(tr, e))?;
            Ok(message(tr.t("acc-msg-recovery-sent-neutral")))
        }
        _ => Err(ApiError::parameter(tr, "login_token", "login_token | email".into()).into()),
    }
}

/// `POST /api/v1/auth/recovery/complete` — the recovery link: a temporary password is mailed.
#[utoipa::path(post, path = "/api/v1/auth/recovery/complete", tag = "accounts",
    request_body = TokenRequest,
    responses((status = 200, body = MessageResponse), (status = 410, body = crate::problem::Problem)))]
pub async fn api_recovery_complete(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let req: TokenRequest = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    let masked = a
        .complete_recovery(&req.token, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(message(
        tr.t_args("acc-msg-temp-sent", &[("email", masked)]),
    ))
}

/// «Смена пароля».
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// Required unless the session was opened with a temporary password (ACC-68).
    #[serde(default)]
    pub current_password: Option<String>,
    pub new_password: String,
    pub password_confirmation: String,
}

/// `POST /api/v1/auth/password` — changes the password; other sessions end (ACC-161).
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "accounts",
    request_body = PasswordChange,
    responses((status = 200, body = MessageResponse), (status = 422, body = crate::problem::Problem)))]
pub async fn api_password(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let s = logged_in(&state, &parts).await?;
    let req: PasswordChange = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    a.change_password(
        &s,
        req.current_password.as_deref(),
        &req.new_password,
        &req.password_confirmation,
        &origin_of(&sid, &ip),
    )
    .await
    .map_err(|e| from_accounts(tr, e))?;
    Ok(message(tr.t("acc-msg-saved")))
}

/// A3 and A4 before activation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivationRequest {
    /// A4: the corrected address; absent for «Отправить письмо повторно».
    #[serde(default)]
    pub email: Option<String>,
}

/// `POST /api/v1/auth/activation` — resends the activation link, to a corrected address when
/// `email` is given (A3, A4).
#[utoipa::path(post, path = "/api/v1/auth/activation", tag = "accounts",
    request_body = ActivationRequest,
    responses((status = 200, body = MessageResponse), (status = 429, body = crate::problem::Problem)))]
pub async fn api_activation(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let sid = require_csrf(a, &parts)?;
    let s = logged_in(&state, &parts).await?;
    let req: ActivationRequest = json_body(tr, &bytes)?;
    let ip = session::client_ip(&parts);
    let origin = origin_of(&sid, &ip);
    let to = match req.email {
        Some(e) => a.change_pending_email(&s, &e, &origin).await,
        None => a.resend_activation(&s, &origin).await,
    }
    .map_err(|e| from_accounts(tr, e))?;
    Ok(message(
        tr.t_args("acc-msg-activation-resent", &[("email", to)]),
    ))
}
