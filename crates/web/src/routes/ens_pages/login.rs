//! The login page of the Requests module (Рис. 17; ACC-59…ACC-63, ACC-67 (1), ACC-152,
//! CAT-179), the organisation chooser (ACC-30) and «Выйти».
//!
//! One form posts to `POST /ens/login` with `action`:
//! - `password` — «Войти» (ACC-60): no JavaScript needed;
//! - `cert` — «Войти с помощью ЭЦП» when `ens-2.js` did not take the click: with an empty account
//!   the service's «Укажите учетную запись» is shown, otherwise the page says that the ЭЦП needs
//!   NCALayer and JavaScript. With JavaScript the button signs an `ens.login` challenge and the
//!   NCALayer module posts it to `POST /ens/login/signed?csrf=&account=` (JSON: `{"next"}` or a
//!   problem document whose title the page shows);
//! - `forgot` — «Забыли пароль?» with the account field (ACC-67 (1)): MSG-RECOVERY-SENT-NEUTRAL
//!   whatever the account.
//!
//! After a login the session works for the oldest organisation of the account's effective
//! `ENS_USER` grants; when there are several, the chooser asks which (ACC-30).

use super::*;
use crate::page::render_status;
use crate::problem::ApiFailure;
use crate::ratelimit::Bucket;
use crate::routes::visitor::query_param;
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;
use serde_json::json;

#[derive(Template)]
#[template(path = "ens/login.html")]
struct LoginPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    signer_url: String,
    account: String,
    /// (code, message) above the form.
    error: Option<(String, String)>,
    /// The message under «Учетная запись».
    account_error: Option<String>,
    /// ACC-67 (1): the neutral recovery answer.
    notice: Option<String>,
    /// ACC-65 (3): the password field is disabled while the lock holds.
    locked: bool,
}

fn login_page(
    tr: Tr,
    state: &AppState,
    g: &Guest,
    account: &str,
    refusal: Option<Shown>,
    notice: Option<String>,
) -> Response {
    let status = refusal.as_ref().map_or(StatusCode::OK, |r| r.status);
    let (error, account_error, locked) = match refusal {
        None => (None, None, false),
        Some(r) => {
            let account_error = r.fields.get("account").cloned();
            let locked = r.code == ErrorCode::AccLocked.as_str();
            let error = account_error
                .is_none()
                .then_some((r.code.clone(), r.message.clone()));
            (error, account_error, locked)
        }
    };
    let page = LoginPage {
        c: chrome(tr, "/ens/login", None),
        user_name: g.user_name(),
        csrf: g.csrf.clone(),
        signer_url: state.settings.pki.signer_url.clone(),
        account: account.to_string(),
        error,
        account_error,
        notice,
        locked,
    };
    g.finish(state, render_status(status, &page))
}

/// `GET /ens/login` — the form of Рис. 17.
pub async fn page_login(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let g = match Guest::of(&state, &parts).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let account = query_param(parts.uri.query(), "account").unwrap_or_default();
    login_page(tr, &state, &g, &account, None, None)
}

/// ACC-163: at most 20 module logins a minute per address, as the API counts them.
fn allowed(state: &AppState, g: &Guest) -> bool {
    state
        .address_limits
        .allow(Bucket::EnsLogin, g.ip.as_deref(), state.clock.now())
}

/// Where a new module session goes: «Смена пароля» after a temporary password (ACC-68), the
/// chooser when the account works for several organisations (ACC-30), else the module page a
/// visitor asked for before logging in (ACC-62: `tauar_ens_return`, module paths only), else the
/// module home.
async fn next_of(
    a: &Accounts,
    done: &accounts::LoggedIn,
    parts: &Parts,
) -> Result<String, AccountsError> {
    if done.account.password_temporary {
        return Ok("/auth/password".into());
    }
    if a.ens_participants(&done.account.id).await?.len() > 1 {
        return Ok("/ens/organisation".into());
    }
    Ok(session::MODULE_RETURN
        .of(&parts.headers)
        .filter(|p| module_path(p))
        .unwrap_or_else(|| "/ens".into()))
}

/// A page of the Requests module (not its login), which a visitor may be sent back to.
fn module_path(p: &str) -> bool {
    (p == "/ens" || p.starts_with("/ens/") || p.starts_with("/ens?"))
        && !p.starts_with("/ens/login")
}

/// `POST /ens/login` — «Войти», «Войти с помощью ЭЦП» without JavaScript, «Забыли пароль?».
pub async fn page_login_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let g = match Guest::of(&state, &parts).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let fields = match checked_fields(&g.a, &g.sid, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let get = |k: &str| {
        fields
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let account = get("account");
    match get("action").as_str() {
        "forgot" => {
            // ACC-67 (1), ACC-164: the same answer whether or not the account exists.
            if let Err(e) = g.a.request_recovery_by_email(&account, &g.origin()).await {
                return fail(auth::from_accounts(tr, e));
            }
            let notice = tr.t("acc-msg-recovery-sent-neutral");
            login_page(tr, &state, &g, &account, None, Some(notice))
        }
        "cert" => {
            if !account.is_empty() {
                let r = Shown {
                    code: "ENSP-NEEDS-JS".into(),
                    status: StatusCode::OK,
                    message: tr.t("ensp-cert-needs-js"),
                    fields: HashMap::new(),
                };
                return login_page(tr, &state, &g, &account, Some(r), None);
            }
            // CAT-179: the account is required; the service says so before any signature.
            match g
                .a
                .ens_login_certificate(&account, "", b"", None, &g.origin())
                .await
            {
                Ok(_) => Redirect::to("/ens").into_response(),
                Err(e) => match shown(tr, e) {
                    Ok(r) => login_page(tr, &state, &g, &account, Some(r), None),
                    Err(res) => res,
                },
            }
        }
        _ => {
            if !allowed(&state, &g) {
                let r = shown(tr, AccountsError::refused(ErrorCode::AccRateLimit));
                return match r {
                    Ok(r) => login_page(tr, &state, &g, &account, Some(r), None),
                    Err(res) => res,
                };
            }
            let password = fields.get("password").cloned().unwrap_or_default();
            let done =
                g.a.ens_login_password(&account, &password, None, &g.origin())
                    .await;
            let done = match done {
                Ok(d) => d,
                Err(e) => {
                    return match shown(tr, e) {
                        Ok(r) => login_page(tr, &state, &g, &account, Some(r), None),
                        Err(res) => res,
                    };
                }
            };
            let to = match next_of(&g.a, &done, &parts).await {
                Ok(t) => t,
                Err(e) => return fail(auth::from_accounts(tr, e)),
            };
            let mut res = Redirect::to(&to).into_response();
            session::set_cookie(&mut res, &done.session_id, secure(&state));
            if to != "/ens/organisation" {
                session::MODULE_RETURN.clear(&mut res);
            }
            res
        }
    }
}

/// What the NCALayer module posts.
#[derive(Debug, Deserialize)]
pub struct SignedStep {
    challenge_id: String,
    cms_base64: String,
}

/// `POST /ens/login/signed?csrf=&account=` — the completion URL of «Войти с помощью ЭЦП»
/// (ACC-61): the service's checks 2 and 3; `{"next": path}` with the session cookie, or the
/// problem document of the refusal.
pub async fn api_login_signed(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let g = match Guest::of(&state, &parts).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let q = parts.uri.query();
    let token = query_param(q, "csrf").unwrap_or_default();
    if g.fresh || !g.a.csrf_ok(&g.sid, &token) {
        return ApiFailure(ApiError::new(ErrorCode::CsrfTokenInvalid)).into_response();
    }
    if !allowed(&state, &g) {
        return ApiFailure(ApiError::new(ErrorCode::AccRateLimit)).into_response();
    }
    let Ok(step) = serde_json::from_slice::<SignedStep>(&body) else {
        return ApiFailure(ApiError::new(ErrorCode::BadRequest)).into_response();
    };
    let account = query_param(q, "account").unwrap_or_default();
    let done = match g
        .a
        .ens_login_certificate(
            &account,
            &step.challenge_id,
            step.cms_base64.as_bytes(),
            None,
            &g.origin(),
        )
        .await
    {
        Ok(d) => d,
        Err(e) => return ApiFailure(auth::from_accounts(tr, e)).into_response(),
    };
    let to = match next_of(&g.a, &done, &parts).await {
        Ok(t) => t,
        Err(e) => return ApiFailure(auth::from_accounts(tr, e)).into_response(),
    };
    let mut res = Json(json!({ "next": to })).into_response();
    session::set_cookie(&mut res, &done.session_id, secure(&state));
    if to != "/ens/organisation" {
        session::MODULE_RETURN.clear(&mut res);
    }
    res
}

// ---- the module session ----

/// The visitor of a module page with a session; anonymous visitors go to the login page.
pub(super) async fn module_guest(
    state: &AppState,
    parts: &Parts,
) -> Result<(Guest, SessionInfo), Response> {
    let g = Guest::of(state, parts).await?;
    match g.session.clone() {
        Some(s) => Ok((g, s)),
        None => {
            // ACC-62: after «Войти» the page asked for opens (e.g. a request form pre-filled
            // from a code, «Создание заявки по аналогии»).
            let mut res = Redirect::to("/ens/login").into_response();
            if parts.method == axum::http::Method::GET
                && let Some(pq) = parts.uri.path_and_query()
            {
                session::MODULE_RETURN.set(&mut res, pq.as_str(), secure(state));
            }
            Err(g.finish(state, res))
        }
    }
}

/// A refusal of the module to a logged-in session (not accredited, revoked): the login page
/// with its message, so that the user can log in with another account.
pub(super) fn refused_login(tr: Tr, state: &AppState, g: &Guest, e: AccountsError) -> Response {
    match shown(tr, e) {
        Ok(r) => login_page(tr, state, g, "", Some(r), None),
        Err(res) => res,
    }
}

// ---- «Выберите организацию» (ACC-30) ----

#[derive(Template)]
#[template(path = "ens/chooser.html")]
struct ChooserPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    /// (participant id, name, БИН, current).
    orgs: Vec<(String, String, String, bool)>,
    error: Option<String>,
}

async fn chooser(tr: Tr, state: &AppState, parts: &Parts, error: Option<String>) -> Response {
    let (g, s) = match module_guest(state, parts).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    // The session must be the module's (ens.registry) before it may choose.
    if let Err(e) = g.a.ens_module_participant(&s).await {
        return refused_login(tr, state, &g, e);
    }
    let orgs = match g.a.ens_participants(&s.account.id).await {
        Ok(o) => o,
        Err(e) => return fail(auth::from_accounts(tr, e)),
    };
    let current = s.context_participant_id.clone().unwrap_or_default();
    let page = ChooserPage {
        c: chrome(tr, "/ens/organisation", None),
        user_name: g.user_name(),
        csrf: g.csrf.clone(),
        orgs: orgs
            .into_iter()
            .map(|(_, p)| {
                let on = p.id == current;
                (p.id, p.name, p.id_number, on)
            })
            .collect(),
        error: error.clone(),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(status, &page)
}

/// `GET /ens/organisation` — the organisations of the account's effective `ENS_USER` grants.
pub async fn page_chooser(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    chooser(tr, &state, &parts, None).await
}

/// `POST /ens/organisation` (`participant_id`): the session works for that organisation, then
/// the module home.
pub async fn page_chooser_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (g, s) = match module_guest(&state, &parts).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let fields = match checked_fields(&g.a, &g.sid, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let chosen = fields
        .get("participant_id")
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    // ACC-30: the service checks the choice and audits it.
    match g.a.ens_choose_participant(&s, &chosen, &g.origin()).await {
        Ok(_) => {
            let to = session::MODULE_RETURN
                .of(&parts.headers)
                .filter(|p| module_path(p))
                .unwrap_or_else(|| "/ens".into());
            let mut res = Redirect::to(&to).into_response();
            session::MODULE_RETURN.clear(&mut res);
            res
        }
        Err(AccountsError::Refused { .. }) => {
            chooser(tr, &state, &parts, Some(tr.t("ensp-choose-required"))).await
        }
        Err(e) => fail(auth::from_accounts(tr, e)),
    }
}

// ---- «Выйти» ----

/// `POST /ens/logout` — ends the session, then the module's login page.
pub async fn page_logout(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (g, s) = match module_guest(&state, &parts).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = checked_fields(&g.a, &g.sid, &body) {
        return r;
    }
    if let Err(e) = g.a.logout(&s, &g.origin()).await {
        return fail(auth::from_accounts(tr, e));
    }
    Redirect::to("/ens/login").into_response()
}

#[cfg(test)]
mod tests {
    use super::module_path;

    #[test]
    fn acc_62_only_module_pages_are_returned_to() {
        for ok in [
            "/ens",
            "/ens?lang=kk",
            "/ens/notifications?page=2",
            "/ens/request",
        ] {
            assert!(module_path(ok), "{ok}");
        }
        for no in [
            "/ens/login",
            "/ens/login/signed",
            "/cabinet",
            "/ensx",
            "/admin/users",
        ] {
            assert!(!module_path(no), "{no}");
        }
    }
}
