//! The account pages over the accounts API (spec/accounts.md §3.1–§3.6, §5.1–§5.3, ACC-6):
//! «Войти» with the certificate step, the registration form (ACC-137, and the НКТ window
//! «Контактные данные» of ACC-45 with `?entry=NCT`), the password page (ACC-139), the activation
//! link (A2), the recovery link (ACC-140), the activation message of a pending account
//! (ACC-141), «Смена пароля» (ACC-68), a minimal cabinet and the public help page «Подготовка к
//! работе с ЭЦП» (ACC-6).
//!
//! The login page is driven by `assets/auth-1.js` over the JSON API; everything else is a plain
//! HTML form that works without JavaScript. A form post carries the session's CSRF token in a
//! hidden `csrf` field (ACC-162).
//!
//! Two page-support JSON routes live here as well:
//! - `GET /api/v1/auth/agreement?registration_token=` — the agreement text of a registration
//!   step, which the form shows before «Подписать» (the accounts API has no other way to read it);
//! - `POST /api/v1/auth/browser/{login|identity|agreement}` — the completion URL handed to the
//!   NCALayer module. That module (SIG-33) posts only `{challenge_id, cms_base64}` and sets no
//!   headers, so the page puts the CSRF token, the entry point and the registration token into
//!   the query string, and this route hands the call to the accounts API with the header and
//!   fields it needs. Nothing is decided here that the accounts API does not decide.
//!
//! Not here: the header shows the user's name only on these pages (they read the session
//! anyway); every other page keeps the static «Войти» link, so the catalogue pages do not read
//! the session on each request.

use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::problem::{ApiError, ApiFailure};
use crate::routes::auth;
use crate::session;
use crate::state::AppState;
use accounts::flow::AccountStatus;
use accounts::{Accounts, AccountsError, EntryPoint, Origin, SessionInfo};
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use kernel::{ErrorCode, Lang};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::ToSchema;

const AUTH_JS: &[u8] = include_bytes!("../../assets/auth-1.js");
const AUTH_CSS: &[u8] = include_bytes!("../../assets/auth-1.css");

// ---- who is asking ----

/// The browser session of a page request: its id (new when the request had none), the CSRF
/// token of that id and the logged-in session, if any.
struct Visitor {
    sid: String,
    fresh: bool,
    csrf: String,
    session: Option<SessionInfo>,
}

impl Visitor {
    /// `create`: pages with forms need a session id before the first post; a page without
    /// forms (the help page) does not set one.
    async fn of(state: &AppState, headers: &HeaderMap, create: bool) -> Result<Visitor, ApiError> {
        let (sid, fresh) = match session::session_of(headers) {
            Some(id) => (id, false),
            None if create => (
                session::new_session_id().ok_or_else(|| ApiError::internal("no randomness"))?,
                true,
            ),
            None => (String::new(), false),
        };
        let (csrf, session) = match state.accounts.get() {
            Some(a) if !sid.is_empty() => {
                let s = if fresh {
                    None
                } else {
                    a.session(&sid).await.map_err(ApiError::internal)?
                };
                (a.csrf_token(&sid), s)
            }
            _ => (String::new(), None),
        };
        Ok(Visitor {
            sid,
            fresh,
            csrf,
            session,
        })
    }

    fn user_name(&self) -> Option<String> {
        self.session.as_ref().map(|s| s.account.full_name())
    }

    /// The response with the cookie of a new session.
    fn finish(&self, state: &AppState, mut res: Response) -> Response {
        if self.fresh {
            session::set_cookie(&mut res, &self.sid, secure(state));
        }
        res
    }
}

fn secure(state: &AppState) -> bool {
    state.settings.public_base().starts_with("https:")
}

fn fail(e: ApiError) -> Response {
    ApiFailure(e).into_response()
}

/// A refusal of the accounts service as a page shows it: the code, the status, the message
/// and the messages of the fields. Faults stay errors (a 500 page with a request id).
struct Refusal {
    code: String,
    status: StatusCode,
    message: String,
    fields: Vec<(&'static str, String)>,
}

fn refusal(tr: Tr, e: AccountsError) -> Result<Refusal, ApiError> {
    let err = auth::from_accounts(tr, e);
    if err.code == ErrorCode::Internal {
        return Err(err);
    }
    Ok(Refusal {
        code: err.code.as_str().to_string(),
        status: err.status(),
        message: err.title(tr, "-"),
        fields: err
            .fields
            .iter()
            .map(|(f, c)| (*f, tr.t(&c.title_id())))
            .collect(),
    })
}

/// Links in e-mails carry 32 random bytes in base64url; anything else cannot be a token.
fn plausible_token(t: &str) -> bool {
    (16..=128).contains(&t.len())
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The fields of a page's form post, once its `csrf` matches the session (ACC-162).
fn checked_form(
    a: &Accounts,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(String, HashMap<String, String>), ApiError> {
    let fields: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    let sid = session::session_of(headers).unwrap_or_default();
    let token = fields.get("csrf").map(String::as_str).unwrap_or("");
    if sid.is_empty() || !a.csrf_ok(&sid, token) {
        return Err(ApiError::new(ErrorCode::CsrfTokenInvalid));
    }
    Ok((sid, fields))
}

/// `YYYY-MM-DD` as `DD.MM.YYYY` (ACC-3).
fn dmy(iso: &str) -> String {
    let mut it = iso.splitn(3, '-');
    match (it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(d)) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            format!("{d}.{m}.{y}")
        }
        _ => iso.to_string(),
    }
}

// ---- «Войти»: the certificate step, registration and the password (ACC-35…ACC-47) ----

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    c: Chrome,
    title: String,
    configured: bool,
    nct: bool,
    entry: &'static str,
    csrf: String,
    signer_url: String,
    registered_msg: String,
    login_href: String,
    user_name: Option<String>,
}

/// `GET /auth/login` (`?entry=NCT` for the НКТ entry of ACC-43…ACC-47).
pub async fn page_login(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let v = match Visitor::of(&state, &headers, true).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let nct = query_param(uri.query(), "entry").is_some_and(|e| e.eq_ignore_ascii_case("NCT"));
    let entry = if nct {
        EntryPoint::Nct
    } else {
        EntryPoint::Portal
    };
    let page = LoginPage {
        c: Chrome::new(tr, "/auth/login", uri.query()),
        title: tr.t(if nct {
            "accp-nct-title"
        } else {
            "accp-login-title"
        }),
        configured: state.accounts.get().is_some(),
        nct,
        entry: entry.as_str(),
        csrf: v.csrf.clone(),
        signer_url: state.settings.pki.signer_url.clone(),
        registered_msg: tr.t_args("acc-msg-activation-resent", &[("email", "{email}".into())]),
        login_href: if nct {
            "/auth/login?entry=NCT".into()
        } else {
            "/auth/login".into()
        },
        user_name: v.user_name(),
    };
    v.finish(&state, render(&page))
}

// ---- one-message pages: activation, recovery done ----

#[derive(Template)]
#[template(path = "auth/message.html")]
struct MessagePage {
    c: Chrome,
    title: String,
    text: String,
    ok: bool,
    code: String,
    actions: Vec<(String, String)>,
    user_name: Option<String>,
    csrf: String,
}

fn login_action(tr: Tr, label: &str) -> Vec<(String, String)> {
    vec![("/auth/login".to_string(), tr.t(label))]
}

/// `GET /auth/activate/{token}` — the activation link of E-ACTIVATION (A2, ACC-49, ACC-141):
/// MSG-ACTIVATED with «Войти», or MSG-LINK-INVALID. Activating on GET is safe: a mail scanner
/// that follows the link only does what the owner would do.
pub async fn page_activate(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(token): Path<String>,
    parts: Parts,
) -> Response {
    let Some(a) = state.accounts.get() else {
        return fail(ApiError::new(ErrorCode::ServiceUnavailable));
    };
    let v = match Visitor::of(&state, &parts.headers, false).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let ip = session::client_ip(&parts);
    let result = if plausible_token(&token) {
        a.activate(
            &token,
            &Origin {
                session_id: &v.sid,
                ip: ip.as_deref(),
            },
        )
        .await
    } else {
        Err(AccountsError::refused(ErrorCode::AccLinkInvalid))
    };
    let (status, ok, code, text) = match result {
        Ok(()) => (
            StatusCode::OK,
            true,
            "MSG-ACTIVATED".to_string(),
            tr.t("acc-msg-activated"),
        ),
        Err(e) => match refusal(tr, e) {
            Ok(r) => (r.status, false, r.code, r.message),
            Err(e) => return fail(e),
        },
    };
    let page = MessagePage {
        c: Chrome::new(tr, "/auth/activate", None),
        title: tr.t("accp-activate-title"),
        text,
        ok,
        code,
        actions: login_action(tr, "accp-login"),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
    };
    render_status(status, &page)
}

#[derive(Template)]
#[template(path = "auth/recover.html")]
struct RecoverPage {
    c: Chrome,
    action: String,
    user_name: Option<String>,
    csrf: String,
}

/// `GET /auth/recover/{token}` — the recovery link of E-RECOVERY: a page with one button. The
/// password is replaced only by the POST (a mail scanner's prefetch must not reset it).
pub async fn page_recover(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    if state.accounts.get().is_none() {
        return fail(ApiError::new(ErrorCode::ServiceUnavailable));
    }
    let v = match Visitor::of(&state, &headers, true).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    if !plausible_token(&token) {
        return recover_result(
            tr,
            &v,
            Err(AccountsError::refused(ErrorCode::AccLinkInvalid)),
        );
    }
    let page = RecoverPage {
        c: Chrome::new(tr, "/auth/recover", None),
        action: format!("/auth/recover/{token}"),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
    };
    v.finish(&state, render(&page))
}

fn recover_result(tr: Tr, v: &Visitor, result: Result<String, AccountsError>) -> Response {
    let (status, ok, code, text) = match result {
        Ok(masked) => (
            StatusCode::OK,
            true,
            "MSG-TEMP-SENT".to_string(),
            tr.t_args("acc-msg-temp-sent", &[("email", masked)]),
        ),
        Err(e) => match refusal(tr, e) {
            Ok(r) => (r.status, false, r.code, r.message),
            Err(e) => return fail(e),
        },
    };
    let page = MessagePage {
        c: Chrome::new(tr, "/auth/recover", None),
        title: tr.t("accp-recover-title"),
        text,
        ok,
        code,
        actions: login_action(tr, "accp-go-login"),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
    };
    render_status(status, &page)
}

/// `POST /auth/recover/{token}` — completes recovery (ACC-67 (3)): MSG-TEMP-SENT and
/// «Перейти ко входу».
pub async fn page_recover_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(token): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let Some(a) = state.accounts.get() else {
        return fail(ApiError::new(ErrorCode::ServiceUnavailable));
    };
    let (sid, _) = match checked_form(a, &parts.headers, &body) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let ip = session::client_ip(&parts);
    let result = a
        .complete_recovery(
            &token,
            &Origin {
                session_id: &sid,
                ip: ip.as_deref(),
            },
        )
        .await;
    // Recovery ends every session of the account: the header shows «Войти» again.
    let v = match Visitor::of(&state, &parts.headers, false).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    recover_result(tr, &v, result)
}

// ---- a pending account (ACC-49, ACC-141, A3, A4) ----

#[derive(Template)]
#[template(path = "auth/pending.html")]
struct PendingPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    not_activated: String,
    notice: Option<String>,
    error: Option<(String, String)>,
    email_value: String,
    email_error: Option<String>,
}

/// Where a logged-in account may go (ACC-50, ACC-68): `None` = the page asked for.
fn gate(s: &SessionInfo, here: &str) -> Option<&'static str> {
    let target = if s.account.status == AccountStatus::PendingActivation {
        "/auth/pending"
    } else if s.account.password_temporary {
        "/auth/password"
    } else if here == "/auth/pending" {
        "/cabinet"
    } else {
        return None;
    };
    (target != here).then_some(target)
}

fn pending_page(tr: Tr, v: &Visitor, s: &SessionInfo) -> PendingPage {
    PendingPage {
        c: Chrome::new(tr, "/auth/pending", None),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
        not_activated: tr.t_args(
            "error-msg-not-activated",
            &[("email", s.account.email.clone())],
        ),
        notice: None,
        error: None,
        email_value: s.account.email.clone(),
        email_error: None,
    }
}

/// The logged-in visitor of a page, or the redirect it gets instead.
async fn logged_in_page(
    state: &AppState,
    headers: &HeaderMap,
    here: &str,
) -> Result<(Visitor, SessionInfo), Response> {
    let v = Visitor::of(state, headers, false).await.map_err(fail)?;
    let Some(s) = v.session.clone() else {
        return Err(Redirect::to("/auth/login").into_response());
    };
    if let Some(to) = gate(&s, here) {
        return Err(Redirect::to(to).into_response());
    }
    Ok((v, s))
}

/// `GET /auth/pending` — MSG-NOT-ACTIVATED with «Отправить письмо повторно», «Изменить адрес
/// электронной почты» and «Выйти» (ACC-141).
pub async fn page_pending(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    headers: HeaderMap,
) -> Response {
    match logged_in_page(&state, &headers, "/auth/pending").await {
        Ok((v, s)) => render(&pending_page(tr, &v, &s)),
        Err(r) => r,
    }
}

/// A3 or A4 from the activation message.
async fn pending_post(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    body: &[u8],
    change: bool,
) -> Response {
    let Some(a) = state.accounts.get() else {
        return fail(ApiError::new(ErrorCode::ServiceUnavailable));
    };
    let (sid, fields) = match checked_form(a, &parts.headers, body) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let (v, s) = match logged_in_page(state, &parts.headers, "/auth/pending").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let ip = session::client_ip(parts);
    let origin = Origin {
        session_id: &sid,
        ip: ip.as_deref(),
    };
    let typed = fields.get("email").cloned().unwrap_or_default();
    let result = if change {
        a.change_pending_email(&s, &typed, &origin).await
    } else {
        a.resend_activation(&s, &origin).await
    };
    let mut page = pending_page(tr, &v, &s);
    match result {
        Ok(to) => {
            page.not_activated = tr.t_args("error-msg-not-activated", &[("email", to.clone())]);
            page.email_value = to.clone();
            page.notice = Some(tr.t_args("acc-msg-activation-resent", &[("email", to)]));
            render(&page)
        }
        Err(e) => match refusal(tr, e) {
            Ok(r) => {
                if change {
                    page.email_value = typed;
                }
                match r.fields.into_iter().find(|(f, _)| *f == "email") {
                    Some((_, m)) => page.email_error = Some(m),
                    None => page.error = Some((r.code, r.message)),
                }
                render_status(r.status, &page)
            }
            Err(e) => fail(e),
        },
    }
}

/// `POST /auth/pending/resend` — «Отправить письмо повторно» (A3).
pub async fn page_pending_resend(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    pending_post(&state, tr, &parts, &body, false).await
}

/// `POST /auth/pending/email` — «Изменить адрес электронной почты» (A4).
pub async fn page_pending_email(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    pending_post(&state, tr, &parts, &body, true).await
}

// ---- «Смена пароля» (ACC-68, ACC-140) ----

/// The messages under the fields of «Смена пароля».
#[derive(Debug, Default)]
struct PasswordErrors {
    current_password: Option<String>,
    new_password: Option<String>,
    password_confirmation: Option<String>,
}

#[derive(Template)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    temporary: bool,
    error: Option<(String, String)>,
    errors: PasswordErrors,
}

fn password_page(tr: Tr, v: &Visitor, s: &SessionInfo) -> PasswordPage {
    PasswordPage {
        c: Chrome::new(tr, "/auth/password", None),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
        temporary: s.account.password_temporary,
        error: None,
        errors: PasswordErrors::default(),
    }
}

/// `GET /auth/password` — «Смена пароля»; the only page after a temporary password (ACC-68).
pub async fn page_password(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    headers: HeaderMap,
) -> Response {
    match logged_in_page(&state, &headers, "/auth/password").await {
        Ok((v, s)) => render(&password_page(tr, &v, &s)),
        Err(r) => r,
    }
}

/// `POST /auth/password` — «Сохранить»: the main page on success, the errors under the fields
/// otherwise.
pub async fn page_password_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let Some(a) = state.accounts.get() else {
        return fail(ApiError::new(ErrorCode::ServiceUnavailable));
    };
    let (sid, fields) = match checked_form(a, &parts.headers, &body) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let (v, s) = match logged_in_page(&state, &parts.headers, "/auth/password").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    let ip = session::client_ip(&parts);
    let result = a
        .change_password(
            &s,
            fields.get("current_password").map(String::as_str),
            field("new_password"),
            field("password_confirmation"),
            &Origin {
                session_id: &sid,
                ip: ip.as_deref(),
            },
        )
        .await;
    match result {
        Ok(()) => Redirect::to("/cabinet").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) => {
                let mut page = password_page(tr, &v, &s);
                for (f, m) in r.fields.iter().cloned() {
                    match f {
                        "current_password" => page.errors.current_password = Some(m),
                        "new_password" => page.errors.new_password = Some(m),
                        "password_confirmation" => page.errors.password_confirmation = Some(m),
                        _ => page.error = Some((r.code.clone(), m)),
                    }
                }
                if r.fields.is_empty() {
                    page.error = Some((r.code, r.message));
                }
                render_status(r.status, &page)
            }
            Err(e) => fail(e),
        },
    }
}

// ---- the cabinet and «Выйти» ----

/// The account on the cabinet page.
struct MeView {
    full_name: String,
    iin: String,
    birth_date: String,
    email: String,
    email_status: String,
    mobile_phone: String,
    status: String,
    status_code: &'static str,
}

#[derive(Template)]
#[template(path = "auth/cabinet.html")]
struct CabinetPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    me: MeView,
}

/// `GET /cabinet` — the logged-in account (the data of `GET /api/v1/me`) with «Выйти».
pub async fn page_cabinet(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    headers: HeaderMap,
) -> Response {
    let (v, s) = match logged_in_page(&state, &headers, "/cabinet").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let a = &s.account;
    let me = MeView {
        full_name: a.full_name(),
        iin: a.iin.clone(),
        birth_date: dmy(&a.birth_date),
        email: a.email.clone(),
        email_status: tr.t(if a.email_confirmed {
            "accp-email-confirmed"
        } else {
            "accp-email-not-confirmed"
        }),
        mobile_phone: accounts::values::display_kz_mobile(&a.mobile_phone),
        status: tr.t(match a.status {
            AccountStatus::Active => "accp-status-active",
            AccountStatus::PendingActivation => "accp-status-pending",
            AccountStatus::Blocked => "accp-status-blocked",
        }),
        status_code: a.status.as_str(),
    };
    render(&CabinetPage {
        c: Chrome::new(tr, "/cabinet", None),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
        me,
    })
}

/// `POST /auth/logout` — «Выйти»: ends the session and opens the main page.
pub async fn page_logout(
    State(state): State<Arc<AppState>>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let Some(a) = state.accounts.get() else {
        return Redirect::to("/").into_response();
    };
    let (sid, _) = match checked_form(a, &parts.headers, &body) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let s = match a.session(&sid).await {
        Ok(s) => s,
        Err(e) => return fail(ApiError::internal(e)),
    };
    if let Some(s) = s {
        let ip = session::client_ip(&parts);
        if let Err(e) = a
            .logout(
                &s,
                &Origin {
                    session_id: &sid,
                    ip: ip.as_deref(),
                },
            )
            .await
        {
            return fail(ApiError::internal(e));
        }
    }
    Redirect::to("/").into_response()
}

// ---- the help page (ACC-6) ----

#[derive(Template)]
#[template(path = "auth/help_ecp.html")]
struct HelpPage {
    c: Chrome,
    install_url: String,
    user_name: Option<String>,
    csrf: String,
}

/// `GET /help/ecp` — «Подготовка к работе с ЭЦП»: keys from НУЦ РК registration centres in ЦОН,
/// NCALayer installed and running, what to do when it is not running or lacks rights. It
/// never asks to import root certificates into the browser or to lower its protection (G-25).
pub async fn page_help_ecp(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    headers: HeaderMap,
) -> Response {
    let v = match Visitor::of(&state, &headers, false).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    render(&HelpPage {
        c: Chrome::new(tr, "/help/ecp", None).demo(state.is_demo()),
        install_url: state.settings.pki.install_url.clone(),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
    })
}

// ---- assets ----

fn asset(body: &'static [u8], ty: &'static str) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res
}

/// `GET /assets/auth-1.js` — the login page's module (imports `ncalayer-1.js`).
pub async fn asset_js() -> Response {
    asset(AUTH_JS, "text/javascript; charset=utf-8")
}

/// `GET /assets/auth-1.css`.
pub async fn asset_css() -> Response {
    asset(AUTH_CSS, "text/css; charset=utf-8")
}

// ---- page-support JSON ----

/// The agreement a registration step signs (ACC-23, ACC-38 row 6).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_3_dates_are_shown_day_first() {
        assert_eq!(dmy("1990-01-01"), "01.01.1990");
        assert_eq!(dmy(""), "");
    }

    #[test]
    fn acc_134_link_tokens_are_checked_for_shape() {
        assert!(plausible_token("AbCd-_0123456789abcdefghij"));
        assert!(!plausible_token("../../etc"));
        assert!(!plausible_token("short"));
    }
}
