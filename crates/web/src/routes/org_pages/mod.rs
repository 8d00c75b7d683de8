//! The participant pages of the cabinet over the accounts services (spec/accounts.md §3.7–§3.11,
//! §3.14, §5.4, §5.6–§5.8): «Зарегистрировать участника» with the participant agreement signed
//! through NCALayer (ACC-69…ACC-76, ACC-126, ACC-146), «Профиль участника» (read view),
//! «Банковские счета» (ACC-103…ACC-107, ACC-147), «Мои заявки на регистрацию Банка» and the
//! new-bank form (ACC-84…ACC-87, ACC-148), «Сотрудники организации» with «Запросы на
//! присоединение», hand-over and the head (ACC-78…ACC-92, ACC-149…ACC-151), «Присоединиться к
//! организации» of a user in the personal context (ACC-83), the platform administrator's queue
//! «Заявки на регистрацию банков» (ACC-86) and the cabinet menu of ACC-142.
//!
//! Every page is a plain HTML form that works without JavaScript; `assets/org-1.js` only adds
//! the signing of the participant agreement, the type switch and the bank chosen from the IBAN.
//! A post carries the session's CSRF token in a hidden `csrf` field (ACC-162). Nothing is
//! decided here: every action is the accounts service's, which checks §4.9; a refusal is
//! shown on the page (field messages under the fields) and changes nothing.
//!
//! Files: [`register`] (participant registration), [`profile`] (the read view), [`bank`]
//! (bank accounts), [`banks`] (new-bank requests and the administrator's queue), [`staff`]
//! (employees), [`head`] (the head), [`joins`] (join requests of both sides), [`menu`] (the
//! cabinet menu).

// The `Err` of the page helpers is the finished response (a redirect, a 403 page), returned
// at once by the handler; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::problem::{ApiError, ApiFailure};
use crate::routes::auth;
use crate::session;
use crate::state::AppState;
use accounts::{Accounts, AccountsError, Origin, SessionInfo};
use askama::Template;
use axum::Router;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

mod bank;
mod banks;
mod head;
mod joins;
mod menu;
mod profile;
mod register;
mod staff;

pub use menu::{MenuLink, cabinet_menu};

const ORG_JS: &[u8] = include_bytes!("../../../assets/org-1.js");

/// Rows on one page of a list.
const PER_PAGE: usize = 20;

/// The routes of these pages.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/cabinet/participant/register",
            get(register::page_form).post(register::page_submit),
        )
        .route(
            "/cabinet/participant/agreement",
            post(register::api_signed_agreement),
        )
        .route("/cabinet/org", get(profile::page_profile))
        .route("/cabinet/org/bank-accounts", get(bank::page_list))
        .route(
            "/cabinet/org/bank-accounts/new",
            get(bank::page_new).post(bank::page_create),
        )
        .route(
            "/cabinet/org/bank-accounts/{id}/edit",
            get(bank::page_edit).post(bank::page_update),
        )
        .route(
            "/cabinet/org/bank-accounts/{id}/delete",
            get(bank::page_delete).post(bank::page_delete_post),
        )
        .route(
            "/cabinet/org/new-banks",
            get(banks::page_mine).post(banks::page_send),
        )
        .route("/admin/new-banks", get(banks::page_queue))
        .route("/admin/new-banks/{number}", post(banks::page_decide))
        .route("/cabinet/org/employees", get(staff::page_list))
        .route(
            "/cabinet/org/employees/{id}/edit",
            get(staff::page_edit).post(staff::page_edit_post),
        )
        .route(
            "/cabinet/org/employees/{id}/{act}",
            get(staff::page_confirm).post(staff::page_confirm_post),
        )
        .route(
            "/cabinet/org/head",
            get(head::page_head).post(head::page_head_post),
        )
        .route("/cabinet/org/self-admin", post(head::page_self_admin))
        .route("/cabinet/org/join-requests", get(joins::page_requests))
        .route("/cabinet/org/join-requests/{id}", post(joins::page_decide))
        .route(
            "/cabinet/join",
            get(joins::page_mine).post(joins::page_send),
        )
        .route(
            "/cabinet/join/{id}/withdraw",
            get(joins::page_withdraw).post(joins::page_withdraw_post),
        )
        .route("/assets/org-1.js", get(asset_js))
}

/// `GET /assets/org-1.js`.
async fn asset_js() -> Response {
    let mut res = ORG_JS.into_response();
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

// ---- who is asking ----

/// A logged-in page visitor: the session, its CSRF token and the accounts service.
pub(crate) struct Me {
    pub a: Arc<Accounts>,
    pub s: SessionInfo,
    pub sid: String,
    pub csrf: String,
    pub ip: Option<String>,
}

impl Me {
    fn user_name(&self) -> Option<String> {
        Some(self.s.account.full_name())
    }

    fn origin(&self) -> Origin<'_> {
        Origin {
            session_id: &self.sid,
            ip: self.ip.as_deref(),
        }
    }

    /// The participant the session acts for (ACC-30).
    fn org(&self) -> Option<&str> {
        self.s.context_participant_id.as_deref()
    }

    fn is_admin(&self) -> bool {
        self.s.authorities.iter().any(|a| a == "ORG_ADMIN")
    }
}

fn fail(e: ApiError) -> Response {
    ApiFailure(e).into_response()
}

/// The logged-in visitor of a page; anonymous visitors go to «Войти», a pending account or a
/// temporary password to the pages that finish them (as the cabinet does).
async fn me(state: &AppState, parts: &Parts) -> Result<Me, Response> {
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
    if s.account.status == accounts::flow::AccountStatus::PendingActivation {
        return Err(Redirect::to("/auth/pending").into_response());
    }
    if s.account.password_temporary {
        return Err(Redirect::to("/auth/password").into_response());
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
fn checked_form(me: &Me, body: &[u8]) -> Result<Form, Response> {
    let fields: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    let token = fields.get("csrf").map(String::as_str).unwrap_or("");
    if !me.a.csrf_ok(&me.sid, token) {
        return Err(fail(ApiError::new(ErrorCode::CsrfTokenInvalid)));
    }
    Ok(Form(fields))
}

/// The posted fields of a page form.
pub(crate) struct Form(HashMap<String, String>);

impl Form {
    fn get(&self, k: &str) -> &str {
        self.0.get(k).map(|s| s.trim()).unwrap_or("")
    }

    /// A text field, `None` when empty.
    fn opt(&self, k: &str) -> Option<String> {
        let v = self.get(k);
        (!v.is_empty()).then(|| v.to_string())
    }

    fn flag(&self, k: &str) -> bool {
        matches!(self.get(k), "on" | "true" | "1" | "yes")
    }
}

/// Checked form values of `multiple` checkboxes named `name` (urlencoded repeats the name).
fn all_values(body: &[u8], name: &str) -> Vec<String> {
    form_urlencoded::parse(body)
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
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

fn refusal(tr: Tr, e: AccountsError) -> Result<Refusal, Response> {
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

// ---- one-message pages (403, done) ----

#[derive(Template)]
#[template(path = "org/message.html")]
struct MessagePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    text: String,
    code: String,
    ok: bool,
    back: (String, String),
}

/// A page with one message and a link back; `status` 403 for MSG-FORBIDDEN.
fn message(tr: Tr, me: &Me, path: &str, status: StatusCode, code: &str, text: String) -> Response {
    render_status(
        status,
        &MessagePage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            title: tr.t("orgp-cabinet"),
            text,
            code: code.to_string(),
            ok: status.is_success(),
            back: ("/cabinet".into(), tr.t("orgp-back-cabinet")),
        },
    )
}

/// MSG-FORBIDDEN as a page (§4.9).
fn forbidden(tr: Tr, me: &Me, path: &str) -> Response {
    message(
        tr,
        me,
        path,
        StatusCode::FORBIDDEN,
        ErrorCode::AccForbidden.as_str(),
        tr.t(&ErrorCode::AccForbidden.title_id()),
    )
}

/// «Not found» as a page (a row id that is not the participant's).
fn not_found(tr: Tr, me: &Me, path: &str) -> Response {
    message(
        tr,
        me,
        path,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound.as_str(),
        tr.t(&ErrorCode::NotFound.title_id()),
    )
}

/// A refusal without a form to show it on: the message page with its status.
fn refused_page(tr: Tr, me: &Me, path: &str, e: AccountsError) -> Response {
    match refusal(tr, e) {
        Ok(r) => message(tr, me, path, r.status, &r.code, r.message),
        Err(res) => res,
    }
}

// ---- a confirmation before an irreversible action ----

#[derive(Template)]
#[template(path = "org/confirm.html")]
struct ConfirmPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    question: String,
    action: String,
    hidden: Vec<(String, String)>,
    back: String,
    no_label: String,
}

/// «<question>» with «Да» (posts `hidden` + `confirm=yes` to `action`) and «Нет» (`back`).
fn confirm(
    tr: Tr,
    me: &Me,
    path: &str,
    title: String,
    question: String,
    hidden: Vec<(String, String)>,
    back: &str,
) -> Response {
    render_status(
        StatusCode::OK,
        &ConfirmPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            title,
            question,
            action: path.to_string(),
            hidden,
            back: back.to_string(),
            no_label: tr.t("orgp-no"),
        },
    )
}

// ---- lists ----

/// A page of a list: `?page=N`, [`PER_PAGE`] rows.
pub(crate) struct Pager {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

fn page_of<T>(rows: Vec<T>, query: Option<&str>, path: &str) -> (Vec<T>, Pager) {
    let total = rows.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = query_param(query, "page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let link = |n: usize| format!("{path}?page={n}");
    let rows = rows
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    (
        rows,
        Pager {
            page,
            pages,
            total,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        },
    )
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A unix-ms time as `DD.MM.YYYY HH:MM` in Asia/Almaty (ACC-3).
fn when(ms: i64) -> String {
    let t = kernel::Millis(ms).rfc3339_local();
    let (d, rest) = t.split_once('T').unwrap_or((t.as_str(), ""));
    let mut it = d.splitn(3, '-');
    match (it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(dd)) => format!("{dd}.{m}.{y} {}", rest.get(..5).unwrap_or("")),
        _ => t.clone(),
    }
}

/// A dictionary entry's name in the page's language (ru when the language has none).
async fn dict(state: &AppState, tr: Tr, name: &str) -> Result<Vec<(String, String)>, Response> {
    let rows = db::sqlx::query_as::<_, (String, String, Option<String>, Option<String>)>(
        "SELECT code, name_ru, name_kk, name_en FROM dict_entries WHERE dict = $1 ORDER BY position",
    )
    .bind(name)
    .fetch_all(state.db.pool())
    .await
    .map_err(|e| fail(ApiError::internal(e)))?;
    Ok(rows
        .into_iter()
        .map(|(code, ru, kk, en)| {
            let n = match tr.lang {
                kernel::Lang::Kk => kk.filter(|s| !s.is_empty()).unwrap_or(ru),
                kernel::Lang::En => en.filter(|s| !s.is_empty()).unwrap_or(ru),
                _ => ru,
            };
            (code, n)
        })
        .collect())
}

/// The label of an authority code (§2.14).
fn authority_label(tr: Tr, code: &str) -> String {
    tr.t(&format!(
        "orgp-auth-{}",
        code.to_ascii_lowercase().replace('_', "-")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_147_lists_are_paged() {
        let rows: Vec<u32> = (0..45).collect();
        let (p1, pg) = page_of(rows.clone(), None, "/x");
        assert_eq!(p1.len(), 20);
        assert_eq!((pg.page, pg.pages, pg.total), (1, 3, 45));
        assert_eq!(pg.next.as_deref(), Some("/x?page=2"));
        let (p3, pg) = page_of(rows, Some("page=9"), "/x");
        assert_eq!(p3.len(), 5, "a page past the end shows the last one");
        assert_eq!(pg.prev.as_deref(), Some("/x?page=2"));
    }
}
