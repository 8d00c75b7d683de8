//! The e-mail links: activation (A2) and password recovery (ACC-66, ACC-67; POST-only, so a
//! mail scanner's prefetch changes nothing).

use super::*;
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::problem::ApiError;
use crate::session;
use crate::state::AppState;
use accounts::{AccountsError, Origin};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use kernel::ErrorCode;
use std::sync::Arc;

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
