//! «Уведомления» of the cabinet (ACC-155, AS-33; 003 «Уведомления системы»): the account's
//! in-app notifications, newest first and paged, unread ones marked, «Отметить как
//! прочитанное» per notification and «Отметить все как прочитанные». The e-mail duplication
//! switch stays on «Регистрационные данные» (ACC-102) and is linked from here.
//!
//! The list and the marking are shared with the Requests module's page
//! ([`crate::routes::ens_pages::notifications`]: [`listed`], [`mark_read`] and the template
//! `_notifications.html`); this page adds the cabinet's layout and menu.

use super::{me, posted, refused};
use crate::i18n::Tr;
use crate::page::{Chrome, render};
use crate::routes::ens_pages::notifications::{ListFailure, Listed, listed, mark_read};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::sync::Arc;

const PATH: &str = "/cabinet/notifications";
const READ: &str = "/cabinet/notifications/read";

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(PATH, get(page_list))
        .route(READ, post(page_read))
}

#[derive(Template)]
#[template(path = "profile/notifications.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    list: Listed,
    email_on: bool,
}

/// `GET /cabinet/notifications?page=&per_page=`.
async fn page_list(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let list = match listed(&me.a, &me.s, tr, (PATH, query.as_deref()), READ).await {
        Ok(l) => l,
        Err(ListFailure::Page(res)) => return res,
        Err(ListFailure::Refused(e)) => return refused(tr, &me, PATH, e, "/cabinet"),
    };
    render(&ListPage {
        c: Chrome::new(tr, PATH, query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        list,
        email_on: me.s.account.email_notifications,
    })
}

/// `POST /cabinet/notifications/read` — `id` marks one notification read; without it, all.
async fn page_read(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match mark_read(&me.a, &me.s, f.get("id")).await {
        Ok(()) => Redirect::to(PATH).into_response(),
        Err(e) => refused(tr, &me, PATH, e, PATH),
    }
}
