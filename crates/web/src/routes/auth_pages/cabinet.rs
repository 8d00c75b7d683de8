//! Pages of a logged-in account: the activation message of a pending account (ACC-141),
//! «Смена пароля» (ACC-68), the cabinet with the banner of a БИН certificate that got no
//! participant context (ACC-58) and «Выйти».

use super::*;
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::problem::ApiError;
use crate::session;
use crate::state::AppState;
use accounts::context_banner::ContextBanner;
use accounts::flow::AccountStatus;
use accounts::{Origin, SessionInfo};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use kernel::ErrorCode;
use std::sync::Arc;

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

/// Where a logged-in account may go (ACC-29, ACC-50, ACC-68): `None` = the page asked for.
fn gate(s: &SessionInfo, here: &str) -> Option<&'static str> {
    let target = if s.assurance != "CERT_PASSWORD" {
        // ACC-29, AS-70: an ЕНС ТРУ session takes the portal's certificate step first.
        "/auth/login"
    } else if s.account.status == AccountStatus::PendingActivation {
        "/auth/pending"
    } else if s.account.password_temporary {
        "/auth/password"
    } else if s.pending_agreement.is_some() {
        // ACC-24, AS-12: the agreement of the session's system first.
        "/auth/agreement"
    } else if here == "/auth/pending" || here == "/auth/agreement" {
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
pub(super) async fn logged_in_page(
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
    /// The participant items of the menu (ACC-142).
    menu: Vec<crate::routes::org_pages::MenuLink>,
    /// The profile items (and «Пользователи» of a `PLATFORM_ADMIN`): (href, label, id).
    profile_menu: Vec<(&'static str, String, &'static str)>,
    /// ACC-118: «Войти как секретарь» / «Выйти из режима секретаря» of a `SECRETARY`.
    workspace: Option<(&'static str, String, bool)>,
    /// ACC-58: the banner of a БИН certificate that got no participant context.
    banner: Option<BannerView>,
}

/// The ACC-58 banner as the cabinet shows it.
struct BannerView {
    /// `NOT_REGISTERED`, `NOT_MEMBER` or `MEMBER_BLOCKED` (`data-context-banner`).
    kind: &'static str,
    text: String,
    /// (href, label, `data-banner-link`): «Зарегистрировать участника» (§3.7) or «Отправить
    /// запрос на присоединение» (§3.8; the join page takes the БИН of the session's certificate).
    link: Option<(&'static str, String, &'static str)>,
}

fn banner_view(tr: Tr, b: &ContextBanner) -> BannerView {
    let name = b
        .participant()
        .map(|(_, n)| n.to_string())
        .unwrap_or_default();
    let (text, link) = match b {
        ContextBanner::NotRegistered { bin } => (
            tr.t_args("accp-banner-not-registered", &[("bin", bin.clone())]),
            Some((
                "/cabinet/participant/register",
                tr.t("orgp-register-link"),
                "register",
            )),
        ),
        ContextBanner::NotMember { .. } => (
            tr.t_args("accp-banner-not-member", &[("name", name)]),
            Some(("/cabinet/join", tr.t("orgp-join-send"), "join")),
        ),
        ContextBanner::MemberBlocked { reason, .. } => (
            tr.t_args(
                "error-msg-member-blocked",
                &[("name", name), ("reason", reason.clone())],
            ),
            None,
        ),
    };
    BannerView {
        kind: b.kind(),
        text,
        link,
    }
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
    // AS-70: the page an ЕНС ТРУ session asked for before its certificate step.
    if let Some(back) = session::return_of(&headers) {
        let mut res = Redirect::to(&back).into_response();
        session::clear_return(&mut res);
        return res;
    }
    let banner = match state.accounts.get() {
        Some(accounts) => match accounts.context_banner(&s).await {
            Ok(b) => b.map(|b| banner_view(tr, &b)),
            Err(e) => return fail(ApiError::internal(e)),
        },
        None => None,
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
        menu: crate::routes::org_pages::cabinet_menu(&state, tr, &s).await,
        profile_menu: {
            let mut m = crate::routes::profile_pages::menu(tr, &s);
            m.extend(crate::routes::audit_pages::menu(tr, &s));
            m.extend(crate::routes::admin_pages::menu(tr, &s));
            m.extend(crate::routes::ens_admin_pages::cabinet_menu(tr, &s));
            m
        },
        workspace: super::entry::workspace_item(tr, &s),
        banner,
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
