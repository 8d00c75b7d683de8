//! The account pages over the accounts API (spec/accounts.md §3.1–§3.6, §5.1–§5.3, ACC-6):
//! «Войти» with the certificate step, the registration form (ACC-137, and the НКТ window
//! «Контактные данные» of ACC-45 with `?entry=NCT`), the password page (ACC-139), the activation
//! link (A2), the recovery link (ACC-140), the activation message of a pending account
//! (ACC-141), «Смена пароля» (ACC-68), a minimal cabinet and the public help page «Подготовка к
//! работе с ЭЦП» (ACC-6).
//!
//! The login page is driven by `assets/auth-2.js` over the JSON API; everything else is a plain
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
use crate::page::{Chrome, render};
use crate::problem::ApiError;
use crate::routes::auth;
use crate::routes::visitor::{fail, query_param};
use crate::session;
use crate::state::AppState;
use accounts::{Accounts, AccountsError, EntryPoint, SessionInfo};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

pub mod api;
mod cabinet;
pub mod entry;
mod links;

pub use api::{AgreementText, api_agreement, api_browser_step};
pub use cabinet::{
    page_cabinet, page_logout, page_password, page_password_post, page_pending, page_pending_email,
    page_pending_resend,
};
pub use links::{page_activate, page_recover, page_recover_post};

const AUTH_JS: &[u8] = include_bytes!("../../../assets/auth-2.js");
const AUTH_CSS: &[u8] = include_bytes!("../../../assets/auth-1.css");

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
    /// Why the visitor is here: the session an administrator ended (ACC-80, P4), or the
    /// Requests module's session that needs the certificate step (ACC-29, AS-70).
    notice: Option<String>,
}

/// The notice of the login page for the browser's session, if any.
async fn login_notice(state: &AppState, tr: Tr, v: &Visitor) -> Result<Option<String>, ApiError> {
    if let Some(s) = &v.session {
        return Ok((s.assurance != "CERT_PASSWORD").then(|| tr.t("accp-upgrade-needed")));
    }
    let Some(a) = state.accounts.get() else {
        return Ok(None);
    };
    if v.fresh || v.sid.is_empty() {
        return Ok(None);
    }
    let ended = a
        .session_end_message(&v.sid)
        .await
        .map_err(ApiError::internal)?;
    Ok(ended.map(|code| tr.t(&code.title_id())))
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
    let notice = match login_notice(&state, tr, &v).await {
        Ok(n) => n,
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
        notice,
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

/// `GET /assets/auth-2.js` — the login page's module (imports `ncalayer-2.js`).
pub async fn asset_js() -> Response {
    asset(AUTH_JS, "text/javascript; charset=utf-8")
}

/// `GET /assets/auth-1.css`.
pub async fn asset_css() -> Response {
    asset(AUTH_CSS, "text/css; charset=utf-8")
}

// ---- page-support JSON ----

/// The agreement a registration step signs (ACC-23, ACC-38 row 6).
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
