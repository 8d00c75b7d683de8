//! The user-facing pages of the ЕНС ТРУ Requests module over the accounts services
//! (spec/accounts.md §3.4, §3.12, §5.9 ACC-152; AS-66…AS-69; spec/catalog.md CAT-151, CAT-65,
//! CAT-179):
//!
//! - [`login`]: the module's login page of Рис. 17 (ACC-59, ACC-152) — «Учетная запись»,
//!   «Пароль», «Войти» (a plain form, no JavaScript needed), «Войти с помощью ЭЦП» (signed
//!   through NCALayer by `assets/ens-2.js`; its completion URL is a page-support JSON route
//!   here), «Забыли пароль?» (ACC-67 (1): the neutral answer), the organisation chooser of
//!   ACC-30 when the account is accredited in several organisations, and «Выйти».
//! - [`home`]: `/ens`, the module home that ACC-59 calls «Реестр заявок». The register of code
//!   requests itself is a later issue: the page says so, and shows who is logged in, for which
//!   organisation, the assurance and the links the session's roles may use.
//! - [`notifications`]: `/ens/notifications`, the account's in-app notifications and the ACC-102
//!   e-mail setting for a module session (ACC-29 lets the module show them; AS-70 keeps it out of
//!   the cabinet); its list is shared with the cabinet's «Уведомления».
//! - [`request`]: «Заявка на регистрацию в ЕНС ТРУ» (ACC-94, CAT-151) for a platform session
//!   whose certificate carries a БИН, with «Мои заявки», and the `USER_ENS` agreement text.
//! - [`template`]: the Приложение №2 power-of-attorney template (CAT-65, CAT-189).
//!
//! Nothing is decided here: every check (credentials, lock, accreditation, the request's
//! refusals and field rules, the signature) is the accounts service's, and its refusal is
//! shown on the page with the message of its code (CAT-179, §5.10). A form post carries the
//! session's CSRF token in a hidden `csrf` field (ACC-162); the JSON completion URLs carry it
//! in the query, because the NCALayer module (SIG-33) sets no headers.

// The `Err` of the page helpers is the finished response (a redirect, an error page),
// returned at once by the handler; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use crate::i18n::Tr;
use crate::page::Chrome;
use crate::problem::ApiError;
use crate::routes::auth;
use crate::routes::visitor::fail;
use crate::session;
use crate::state::AppState;
use accounts::{Accounts, AccountsError, Origin, SessionInfo};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

mod home;
mod login;
pub(crate) mod notifications;
mod request;
mod template;

const ENS_JS: &[u8] = include_bytes!("../../../assets/ens-2.js");

/// The routes of these pages.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/ens", get(home::page_home))
        .route(
            "/ens/login",
            get(login::page_login).post(login::page_login_post),
        )
        .route("/ens/login/signed", post(login::api_login_signed))
        .route(
            "/ens/organisation",
            get(login::page_chooser).post(login::page_chooser_post),
        )
        .route("/ens/logout", post(login::page_logout))
        .route("/ens/notifications", get(notifications::page_list))
        .route(notifications::READ, post(notifications::page_read))
        .route(notifications::SETTINGS, post(notifications::page_settings))
        .route(
            "/ens/request",
            get(request::page_form)
                .post(request::page_submit)
                .layer(DefaultBodyLimit::max(crate::routes::ens::UPLOAD_MAX)),
        )
        .route("/ens/request/signed", post(request::api_signed))
        .route("/ens/request/mine", get(request::page_mine))
        .route("/ens/request/agreement", get(request::page_agreement))
        .route(
            "/ens/request/power-of-attorney",
            get(template::page_power_of_attorney),
        )
        .route("/assets/ens-2.js", get(asset_js))
}

/// `GET /assets/ens-2.js`.
async fn asset_js() -> Response {
    let mut res = ENS_JS.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res
}

// ---- who is asking (the module's pages: anonymous visitors are welcome on the login page) ----

/// The browser session of a module page: its id (new when the request had none), the CSRF
/// token of that id and the logged-in session, if any.
struct Guest {
    a: Arc<Accounts>,
    sid: String,
    fresh: bool,
    csrf: String,
    session: Option<SessionInfo>,
    ip: Option<String>,
}

impl Guest {
    /// The visitor of a module page; a session id is made when the request has none (the login
    /// form and the certificate challenge need one before the first post).
    async fn of(state: &AppState, parts: &Parts) -> Result<Guest, Response> {
        let Some(a) = state.accounts.get() else {
            return Err(fail(ApiError::new(ErrorCode::ServiceUnavailable)));
        };
        let (sid, fresh) = match session::session_of(&parts.headers) {
            Some(id) => (id, false),
            None => (
                session::new_session_id()
                    .ok_or_else(|| fail(ApiError::internal("no randomness")))?,
                true,
            ),
        };
        let session = if fresh {
            None
        } else {
            a.session(&sid)
                .await
                .map_err(|e| fail(ApiError::internal(e)))?
        };
        Ok(Guest {
            csrf: a.csrf_token(&sid),
            a: Arc::clone(a),
            sid,
            fresh,
            session,
            ip: session::client_ip(parts),
        })
    }

    fn origin(&self) -> Origin<'_> {
        Origin {
            session_id: &self.sid,
            ip: self.ip.as_deref(),
        }
    }

    fn user_name(&self) -> Option<String> {
        self.session.as_ref().map(|s| s.account.full_name())
    }

    /// The response with the cookie of a new session id.
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

/// The fields of a urlencoded form post once its `csrf` matches the session (ACC-162).
fn checked_fields(
    a: &Accounts,
    sid: &str,
    body: &[u8],
) -> Result<HashMap<String, String>, Response> {
    let fields: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    let token = fields.get("csrf").map(String::as_str).unwrap_or("");
    if sid.is_empty() || !a.csrf_ok(sid, token) {
        return Err(fail(ApiError::new(ErrorCode::CsrfTokenInvalid)));
    }
    Ok(fields)
}

/// A refusal of the accounts service as a page shows it: its code, status, message (with the
/// arguments of its code: the lock's time, the БИН) and the messages of its fields. Faults
/// stay errors (a 500 page with a request id).
struct Shown {
    code: String,
    status: StatusCode,
    message: String,
    fields: HashMap<String, String>,
}

fn shown(tr: Tr, e: AccountsError) -> Result<Shown, Response> {
    let err = auth::from_accounts(tr, e);
    if err.code == ErrorCode::Internal {
        return Err(fail(err));
    }
    let fields: HashMap<String, String> = err
        .fields
        .iter()
        .map(|(f, c)| (f.to_string(), tr.t(&c.title_id())))
        .collect();
    Ok(Shown {
        code: err.code.as_str().to_string(),
        status: err.status(),
        message: err.title(tr, "-"),
        fields,
    })
}

/// The layout context of a module page.
fn chrome(tr: Tr, path: &str, query: Option<&str>) -> Chrome {
    Chrome::new(tr, path, query)
}
