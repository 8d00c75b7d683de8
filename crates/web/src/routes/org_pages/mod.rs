//! The participant pages of the cabinet over the accounts services (spec/accounts.md §3.7–§3.11,
//! §3.14, §5.4, §5.6–§5.8): «Зарегистрировать участника» with the participant agreement signed
//! through NCALayer (ACC-69…ACC-76, ACC-126, ACC-146), «Профиль участника» (read view),
//! «Банковские счета» (ACC-103…ACC-107, ACC-147), «Мои заявки на регистрацию Банка» and the
//! new-bank form (ACC-84…ACC-87, ACC-148), «Сотрудники организации» with «Запросы на
//! присоединение», hand-over and the head (ACC-78…ACC-92, ACC-149…ACC-151), «Присоединиться к
//! организации» of a user in the personal context (ACC-83), the platform administrator's queue
//! «Заявки на регистрацию банков» (ACC-86) and the cabinet menu of ACC-142.
//!
//! Every page is a plain HTML form that works without JavaScript; `assets/org-2.js` only adds
//! the signing of the participant agreement, the type switch and the bank chosen from the IBAN.
//! A post carries the session's CSRF token in a hidden `csrf` field (ACC-162). Nothing is
//! decided here: every action is the accounts service's, which checks §4.9; a refusal is
//! shown on the page (field messages under the fields) and changes nothing.
//!
//! Files: [`register`] (participant registration), [`profile`] (the read view), [`bank`]
//! (bank accounts), [`inis`] («Заполнить данные» from ИНИС), [`banks`] (new-bank requests and the administrator's queue), [`staff`]
//! (employees), [`head`] (the head), [`joins`] (join requests of both sides), [`menu`] (the
//! cabinet menu); this one holds the message and confirmation pages and the paging of lists.
//! Who is asking, the form fields and refusals are [`super::visitor`]'s.

// The `Err` of the page helpers is the finished response (a redirect, a 403 page), returned
// at once by the handler; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::problem::ApiError;
use crate::routes::visitor::{
    Form, Me, Refusal, Shown, confirmed, fail, me, posted, query_param, refusal, saved_notice, when,
};
use crate::state::AppState;
use accounts::{AccountsError, SessionInfo};
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
mod inis;
mod joins;
mod menu;
mod profile;
mod register;
mod staff;

pub use menu::{MenuLink, cabinet_menu};

const ORG_JS: &[u8] = include_bytes!("../../../assets/org-2.js");

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
            "/cabinet/org/bank-accounts/inis",
            get(inis::page_offer).post(inis::page_import),
        )
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
        .route("/assets/org-2.js", get(asset_js))
}

/// `GET /assets/org-2.js`.
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

// ---- who is asking (the shared visitor of `routes::visitor`, with its participant) ----

impl Me {
    /// The participant the session acts for (ACC-30).
    fn org(&self) -> Option<&str> {
        self.s.context_participant_id.as_deref()
    }

    fn is_admin(&self) -> bool {
        self.s.authorities.iter().any(|a| a == "ORG_ADMIN")
    }
}

/// Checked form values of `multiple` checkboxes named `name` (urlencoded repeats the name).
fn all_values(body: &[u8], name: &str) -> Vec<String> {
    form_urlencoded::parse(body)
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
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

/// A refused decision about row `n` of a list as the list shows it: the page's status (200
/// without one) and (row, code, message) with a field's message, else the refusal's.
fn row_error(error: Option<(i64, Refusal)>) -> (StatusCode, Option<(i64, String, String)>) {
    match error {
        None => (StatusCode::OK, None),
        Some((n, r)) => {
            let m = r.fields.values().next().cloned().unwrap_or(r.message);
            (r.status, Some((n, r.code, m)))
        }
    }
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

/// The entries of dictionary `name` as (code, name in the page's language, ru when the language
/// has none) that `keep` admits, in the dictionary's order.
async fn entries_of(
    state: &AppState,
    tr: Tr,
    name: &str,
    keep: impl Fn(&refdata::admin::AdminEntry) -> bool,
) -> Result<Vec<(String, String)>, Response> {
    let d = refdata::Dict::parse(name)
        .ok_or_else(|| fail(ApiError::internal(format!("no dictionary {name}"))))?;
    let rows = refdata::admin::entries(&state.db, d)
        .await
        .map_err(|e| fail(ApiError::internal(e)))?;
    Ok(rows
        .into_iter()
        .filter(|e| keep(e))
        .map(|e| {
            let n = e.entry.name(tr.lang).to_string();
            (e.entry.code, n)
        })
        .collect())
}

/// Every entry, inactive ones included: the labels of existing records.
async fn dict(state: &AppState, tr: Tr, name: &str) -> Result<Vec<(String, String)>, Response> {
    entries_of(state, tr, name, |_| true).await
}

/// The entries offered for a choice (ACC-31): the active ones, and `current` — the value the
/// record already holds — even after its entry was set inactive.
async fn choices(
    state: &AppState,
    tr: Tr,
    name: &str,
    current: Option<&str>,
) -> Result<Vec<(String, String)>, Response> {
    entries_of(state, tr, name, |e| {
        e.active || current == Some(e.entry.code.as_str())
    })
    .await
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
