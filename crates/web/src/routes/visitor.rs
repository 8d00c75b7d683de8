//! The logged-in visitor of the cabinet pages and what their handlers share (spec/accounts.md
//! §5.4–§5.8, ACC-162, ACC-3): who is asking ([`me`]: anonymous visitors go to «Войти», a
//! pending account or a temporary password to the pages that finish them), the fields of a
//! form post once its CSRF token matches ([`checked_form`], [`posted`], [`confirmed`]), a refusal of the
//! accounts service as a page shows it ([`Refusal`], [`Shown`]) and the page-time format.
//!
//! Used by the participant pages ([`super::org_pages`]) and the profile pages
//! ([`super::profile_pages`]); each adds its own message and confirmation pages (their
//! templates differ) and, for the participant pages, the context's participant.

// The `Err` of these helpers is the finished response (a redirect, a 403 page), returned at
// once by the handler; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use crate::i18n::Tr;
use crate::problem::{ApiError, ApiFailure};
use crate::routes::auth;
use crate::session;
use crate::state::AppState;
use accounts::flow::AccountStatus;
use accounts::{Accounts, AccountsError, Origin, SessionInfo};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

/// A logged-in page visitor: the session, its CSRF token and the accounts service.
pub(crate) struct Me {
    pub a: Arc<Accounts>,
    pub s: SessionInfo,
    pub sid: String,
    pub csrf: String,
    pub ip: Option<String>,
}

impl Me {
    pub fn user_name(&self) -> Option<String> {
        Some(self.s.account.full_name())
    }

    pub fn origin(&self) -> Origin<'_> {
        Origin {
            session_id: &self.sid,
            ip: self.ip.as_deref(),
        }
    }
}

/// A fault as the error page (or problem document) of its status.
pub(crate) fn fail(e: ApiError) -> Response {
    ApiFailure(e).into_response()
}

/// The logged-in visitor of a page; anonymous visitors go to «Войти», a pending account or a
/// temporary password to the pages that finish them (as the cabinet does).
pub(crate) async fn me(state: &AppState, parts: &Parts) -> Result<Me, Response> {
    let Some(a) = state.accounts.get() else {
        return Err(fail(ApiError::new(ErrorCode::ServiceUnavailable)));
    };
    let sid = session::session_of(&parts.headers).unwrap_or_default();
    let s = if sid.is_empty() {
        None
    } else {
        a.session(&sid)
            .await
            .map_err(|e| fail(ApiError::internal(e)))?
    };
    let Some(s) = s else {
        return Err(Redirect::to("/auth/login").into_response());
    };
    // ACC-29, AS-70: an ЕНС ТРУ session (password or certificate only) takes the portal's
    // certificate step before any cabinet page; the page it asked for opens after the upgrade.
    if s.assurance != "CERT_PASSWORD" {
        let mut res = Redirect::to("/auth/login").into_response();
        if parts.method == axum::http::Method::GET
            && let Some(path) = parts.uri.path_and_query()
        {
            session::set_return(
                &mut res,
                path.as_str(),
                state.settings.public_base().starts_with("https:"),
            );
        }
        return Err(res);
    }
    if s.account.status == AccountStatus::PendingActivation {
        return Err(Redirect::to("/auth/pending").into_response());
    }
    if s.account.password_temporary {
        return Err(Redirect::to("/auth/password").into_response());
    }
    // ACC-24, AS-12: the agreement of the session's system before any other page.
    if s.pending_agreement.is_some() {
        return Err(Redirect::to("/auth/agreement").into_response());
    }
    Ok(Me {
        a: Arc::clone(a),
        csrf: a.csrf_token(&sid),
        sid,
        s,
        ip: session::client_ip(parts),
    })
}

/// The fields of a form post once its `csrf` matches the session (ACC-162).
pub(crate) fn checked_form(me: &Me, body: &[u8]) -> Result<Form, Response> {
    let fields: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    let token = fields.get("csrf").map(String::as_str).unwrap_or("");
    if !me.a.csrf_ok(&me.sid, token) {
        return Err(fail(ApiError::new(ErrorCode::CsrfTokenInvalid)));
    }
    Ok(Form(fields))
}

/// The visitor of a form post and its checked fields: [`me`], then [`checked_form`].
pub(crate) async fn posted(
    state: &AppState,
    parts: &Parts,
    body: &[u8],
) -> Result<(Me, Form), Response> {
    let me = me(state, parts).await?;
    let form = checked_form(&me, body)?;
    Ok((me, form))
}

/// The visitor of a confirmation page's post once it is «Да» (`confirm=yes`); anything else
/// («Нет») goes back to `back`.
pub(crate) async fn confirmed(
    state: &AppState,
    parts: &Parts,
    body: &[u8],
    back: &str,
) -> Result<Me, Response> {
    let (me, form) = posted(state, parts, body).await?;
    if form.get("confirm") != "yes" {
        return Err(Redirect::to(back).into_response());
    }
    Ok(me)
}

/// The posted fields of a page form.
pub(crate) struct Form(HashMap<String, String>);

impl Form {
    /// A field, trimmed; empty when absent.
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(|s| s.trim()).unwrap_or("")
    }

    /// A text field, `None` when empty.
    pub fn opt(&self, k: &str) -> Option<String> {
        let v = self.get(k);
        (!v.is_empty()).then(|| v.to_string())
    }

    /// A checkbox.
    pub fn flag(&self, k: &str) -> bool {
        matches!(self.get(k), "on" | "true" | "1" | "yes")
    }
}

/// The value of `name` in a query string.
pub(crate) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// MSG-SAVED when the query has `saved` (the redirect after a save).
pub(crate) fn saved_notice(tr: Tr, query: Option<&str>) -> Option<String> {
    query_param(query, "saved").map(|_| tr.t("acc-msg-saved"))
}

/// A unix-ms time as `DD.MM.YYYY HH:MM` in Asia/Almaty (ACC-3).
pub(crate) fn when(ms: i64) -> String {
    kernel::Millis(ms).format_local()
}

// ---- refusals ----

/// A refusal of the accounts service as a page shows it: the code, the status, the message
/// and the messages of the fields. Faults stay errors (a 500 page with a request id).
pub(crate) struct Refusal {
    pub code: String,
    pub status: StatusCode,
    pub message: String,
    pub fields: HashMap<String, String>,
}

/// The refusal of `e`, or the response of a fault.
pub(crate) fn refusal(tr: Tr, e: AccountsError) -> Result<Refusal, Response> {
    let err = auth::from_accounts(tr, e);
    if err.code == ErrorCode::Internal {
        return Err(fail(err));
    }
    Ok(Refusal {
        code: err.code.as_str().to_string(),
        status: err.status(),
        message: err.title(tr, "-"),
        fields: err
            .fields
            .iter()
            .map(|(f, c)| (f.to_string(), tr.t(&c.title_id())))
            .collect(),
    })
}

impl Refusal {
    /// MSG-REQUIRED under `field` (a check the page makes before the service).
    pub fn required(tr: Tr, field: &str) -> Refusal {
        let m = tr.t(&ErrorCode::AccRequired.title_id());
        Refusal {
            code: ErrorCode::AccRequired.as_str().into(),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: m.clone(),
            fields: HashMap::from([(field.to_string(), m)]),
        }
    }
}

/// An optional refusal as a form page shows it: the status (200 without one), the messages
/// under the fields, and the message above the form when no field has one.
pub(crate) struct Shown {
    pub status: StatusCode,
    pub errors: HashMap<String, String>,
    pub error: Option<(String, String)>,
}

impl Shown {
    pub fn of(r: Option<Refusal>) -> Shown {
        match r {
            None => Shown {
                status: StatusCode::OK,
                errors: HashMap::new(),
                error: None,
            },
            Some(r) => Shown {
                status: r.status,
                error: r.fields.is_empty().then_some((r.code, r.message)),
                errors: r.fields,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_3_times_day_first_in_almaty_time() {
        // 2026-01-01T00:00:00Z is 05:00 in Asia/Almaty (UTC+5).
        assert_eq!(when(1_767_225_600_000), "01.01.2026 05:00");
    }

    #[test]
    fn acc_162_form_fields_trimmed_and_flags() {
        let f = Form(HashMap::from([
            ("a".to_string(), "  x ".to_string()),
            ("b".to_string(), "on".to_string()),
            ("c".to_string(), " ".to_string()),
        ]));
        assert_eq!(f.get("a"), "x");
        assert_eq!(f.get("z"), "");
        assert!(f.flag("b") && !f.flag("a"));
        assert_eq!(f.opt("c"), None);
        assert_eq!(
            query_param(Some("page=2&saved=1"), "saved").as_deref(),
            Some("1")
        );
    }
}
