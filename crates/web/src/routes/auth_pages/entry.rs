//! Pages of a session's entry into a system (spec/accounts.md ACC-24, AS-12; ACC-117, ACC-118,
//! AS-64):
//!
//! - `GET /auth/agreement` — the agreement the session's system still asks, with «Закрыть»
//!   and «Подписать» (signed through the NCALayer module by `assets/agreement-2.js`, whose
//!   completion URL is `POST /auth/agreement/{kind}/signed?csrf=`) or, for `USER_ENS`, the
//!   checkbox and «Принять» (`POST /auth/agreement`, no JavaScript). Every other page of the
//!   session redirects here until it is accepted; «Закрыть» stays here and stores nothing.
//! - `POST /cabinet/workspace` — «Войти как секретарь» / «Выйти из режима секретаря» of the
//!   cabinet's side menu, shown to `SECRETARY` holders only ([`workspace_item`]).

use super::cabinet::logged_in_page;
use super::*;
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::problem::ApiError;
use crate::routes::visitor::{fail, query_param};
use crate::session;
use crate::state::AppState;
use accounts::entry::AgreementAcceptance;
use accounts::{Origin, SessionInfo};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::ErrorCode;
use std::sync::Arc;

const AGREEMENT_JS: &[u8] = include_bytes!("../../../assets/agreement-2.js");

/// The routes of these pages.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/auth/agreement",
            get(page_agreement).post(page_agreement_post),
        )
        .route("/auth/agreement/{kind}/signed", post(api_agreement_signed))
        .route("/cabinet/workspace", post(page_workspace))
        .route(
            "/assets/agreement-2.js",
            get(|| async { asset(AGREEMENT_JS, "text/javascript; charset=utf-8") }),
        )
}

#[derive(Template)]
#[template(path = "auth/agreement.html")]
struct AgreementPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    signer_url: String,
    kind: String,
    title: String,
    version_line: String,
    text: String,
    signature: bool,
    /// A newer version of an agreement the account accepted before.
    reaccept: bool,
    /// «Закрыть» was pressed: the agreement is still required.
    closed: bool,
    error: Option<(String, String)>,
}

async fn agreement_page(
    tr: Tr,
    state: &AppState,
    v: &Visitor,
    s: &SessionInfo,
    closed: bool,
    error: Option<(String, String)>,
) -> Result<AgreementPage, Response> {
    let a = auth::accounts(state).map_err(fail)?;
    let kind = s.pending_agreement.clone().unwrap_or_default();
    let doc = a
        .my_agreement(s, &kind, None, tr.lang)
        .await
        .map_err(|e| fail(auth::from_accounts(tr, e)))?;
    let reaccept = a
        .my_agreements(s, tr.lang)
        .await
        .map_err(|e| fail(auth::from_accounts(tr, e)))?
        .iter()
        .any(|x| x.kind == kind && x.accepted_version.is_some());
    let date = doc
        .published_at
        .parse::<jiff::Timestamp>()
        .map(|t| kernel::Millis(t.as_millisecond()).format_local_date())
        .unwrap_or_default();
    Ok(AgreementPage {
        c: Chrome::new(tr, "/auth/agreement", None),
        user_name: v.user_name(),
        csrf: v.csrf.clone(),
        signer_url: state.settings.pki.signer_url.clone(),
        title: doc.title,
        version_line: tr.t_args(
            "agr-version",
            &[("version", doc.version.clone()), ("date", date)],
        ),
        text: doc.text,
        signature: doc.acceptance_mode == "SIGNATURE",
        reaccept,
        closed,
        error,
        kind,
    })
}

/// `GET /auth/agreement` (`?closed=1` after «Закрыть»).
pub async fn page_agreement(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let (v, s) = match logged_in_page(&state, &parts.headers, "/auth/agreement").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let closed = query_param(parts.uri.query(), "closed").is_some();
    match agreement_page(tr, &state, &v, &s, closed, None).await {
        Ok(p) => render(&p),
        Err(r) => r,
    }
}

/// `POST /auth/agreement` — «Принять» of a CHECKBOX agreement (`accepted=on`).
pub async fn page_agreement_post(
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
    let (v, s) = match logged_in_page(&state, &parts.headers, "/auth/agreement").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let kind = s.pending_agreement.clone().unwrap_or_default();
    let ticked = matches!(
        fields.get("accepted").map(String::as_str),
        Some("on" | "true" | "1" | "yes")
    );
    let ip = session::client_ip(&parts);
    let f = AgreementAcceptance {
        accepted: Some(ticked),
        ..AgreementAcceptance::default()
    };
    let origin = Origin {
        session_id: &sid,
        ip: ip.as_deref(),
    };
    match a.accept_agreement(&s, &kind, &f, &origin).await {
        Ok(_) => Redirect::to("/cabinet").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) => {
                let message = r
                    .fields
                    .first()
                    .map(|(_, m)| m.clone())
                    .unwrap_or(r.message);
                match agreement_page(tr, &state, &v, &s, false, Some((r.code, message))).await {
                    Ok(p) => render_status(r.status, &p),
                    Err(res) => res,
                }
            }
            Err(e) => fail(e),
        },
    }
}

/// `POST /auth/agreement/{kind}/signed?csrf=` — the completion URL of the NCALayer module for
/// «Подписать»: the module posts only `{challenge_id, cms_base64}` and sets no headers, so the
/// CSRF token rides in the query; the call is `POST /api/v1/me/agreements/{kind}/accept`.
pub async fn api_agreement_signed(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(kind): Path<String>,
    mut parts: Parts,
    body: Bytes,
) -> Response {
    let token = query_param(parts.uri.query(), "csrf").unwrap_or_default();
    let Ok(csrf) = HeaderValue::from_str(&token) else {
        return fail(ApiError::new(ErrorCode::CsrfTokenInvalid));
    };
    parts
        .headers
        .insert(HeaderName::from_static(auth::CSRF_HEADER), csrf);
    match crate::routes::agreements::api_accept_agreement(State(state), tr, parts, Path(kind), body)
        .await
    {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// «Войти как секретарь» or «Выйти из режима секретаря» for a `SECRETARY` holder (ACC-117,
/// ACC-118): (the workspace the form switches to, its label, whether the session is in the
/// secretary workspace). `None` for everyone else: the item is not shown.
pub fn workspace_item(tr: Tr, s: &SessionInfo) -> Option<(&'static str, String, bool)> {
    if !accounts::new_banks::has_role(s, "SECRETARY") {
        return None;
    }
    Some(if s.workspace == "SECRETARY" {
        ("DEFAULT", tr.t("ws-leave"), true)
    } else {
        ("SECRETARY", tr.t("ws-enter"), false)
    })
}

/// `POST /cabinet/workspace` (`workspace=SECRETARY|DEFAULT`): the switch, then the cabinet; a
/// refusal (not a `SECRETARY`) is the 403 page.
pub async fn page_workspace(
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
    let (_, s) = match logged_in_page(&state, &parts.headers, "/cabinet").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let ip = session::client_ip(&parts);
    let to = fields.get("workspace").cloned().unwrap_or_default();
    let origin = Origin {
        session_id: &sid,
        ip: ip.as_deref(),
    };
    match a.switch_workspace(&s, &to, &origin).await {
        Ok(_) => Redirect::to("/cabinet").into_response(),
        Err(e) => crate::routes::error_page(tr, "/cabinet", &auth::from_accounts(tr, e)),
    }
}
