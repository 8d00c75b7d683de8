//! «Уведомления» of the cabinet (ACC-155, AS-33; 003 «Уведомления системы»): the account's
//! in-app notifications, newest first and paged, unread ones marked, «Отметить как
//! прочитанное» per notification and «Отметить все как прочитанные». The e-mail duplication
//! switch stays on «Регистрационные данные» (ACC-102) and is linked from here.

use super::{me, posted, refused, when};
use crate::i18n::Tr;
use crate::page::{Chrome, render};
use crate::params::Params;
use crate::routes::Pager;
use crate::state::AppState;
use accounts::notifications::Notification;
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::sync::Arc;

const PATH: &str = "/cabinet/notifications";

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(PATH, get(page_list))
        .route("/cabinet/notifications/read", post(page_read))
}

struct Row {
    id: i64,
    title: String,
    text: String,
    at: String,
    read: bool,
}

impl From<Notification> for Row {
    fn from(n: Notification) -> Row {
        Row {
            id: n.id,
            title: n.title,
            text: n.text,
            at: when(n.created_at),
            read: n.read,
        }
    }
}

#[derive(Template)]
#[template(path = "profile/notifications.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    summary: String,
    unread: i64,
    email_on: bool,
    rows: Vec<Row>,
    pager: Pager,
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
    let page = match Params::parse(query.as_deref(), tr).page() {
        Ok(p) => p,
        Err(e) => return crate::routes::error_page(tr, PATH, &e),
    };
    let found = match me.a.notifications(&me.s, tr.lang, &page).await {
        Ok(f) => f,
        Err(e) => return refused(tr, &me, PATH, e, "/cabinet"),
    };
    let pager = Pager::new(
        PATH,
        query.as_deref(),
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    render(&ListPage {
        c: Chrome::new(tr, PATH, query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        summary: tr.t_args(
            "ntf-summary",
            &[
                ("total", found.total.to_string()),
                ("unread", found.unread.to_string()),
            ],
        ),
        unread: found.unread,
        email_on: me.s.account.email_notifications,
        rows: found.items.into_iter().map(Row::from).collect(),
        pager,
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
    let done = match f.get("id") {
        "" => me.a.mark_all_notifications_read(&me.s).await.map(|_| ()),
        id => match id.parse::<i64>() {
            Ok(id) => me.a.mark_notification_read(&me.s, id).await,
            Err(_) => Err(accounts::AccountsError::refused(
                kernel::ErrorCode::NotFound,
            )),
        },
    };
    match done {
        Ok(()) => Redirect::to(PATH).into_response(),
        Err(e) => refused(tr, &me, PATH, e, PATH),
    }
}
