//! `/ens/notifications` — «Уведомления» of the Requests module (spec/accounts.md ACC-155,
//! ACC-102, ACC-29; AS-33; 003 «Уведомления системы»). A module session (`PASSWORD`, `CERT`)
//! may not open the cabinet (AS-70), yet ACC-29 lets it see its notifications and their
//! setting: this page lists the account's in-app notifications, newest first and paged,
//! unread ones marked, with «Отметить как прочитанное» and «Отметить все как прочитанные», and
//! shows and changes «Дублировать уведомления на электронную почту» («Сохранить»).
//!
//! The list itself — its rows, summary and pager, and marking read — is [`listed`] and
//! [`mark_read`], shared with the cabinet's page (`profile_pages::notifications`), and the
//! template `_notifications.html` is included by both pages. Posts carry the session's CSRF
//! token (ACC-162); every read and change is the accounts service's (`usr.notify`: own).

use super::login::module_guest;
use super::*;
use crate::page::render;
use crate::params::Params;
use crate::routes::Pager;
use crate::routes::visitor::{saved_notice, when};
use accounts::notifications::Notification;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Redirect;

const PATH: &str = "/ens/notifications";
/// `POST` (`id`): one notification read; without `id`, all.
pub(super) const READ: &str = "/ens/notifications/read";
/// `POST` (`email_notifications`): ACC-102 «Сохранить».
pub(super) const SETTINGS: &str = "/ens/notifications/settings";

// ---- the list both pages show ----

/// A notification as the pages show it.
pub(crate) struct Row {
    pub id: i64,
    pub title: String,
    pub text: String,
    /// `DD.MM.YYYY HH:MM` (ACC-3).
    pub at: String,
    pub read: bool,
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

/// One page of the session's notifications as a page shows it (`_notifications.html`).
pub(crate) struct Listed {
    /// «Всего: N, непрочитанных: M».
    pub summary: String,
    pub unread: i64,
    pub rows: Vec<Row>,
    pub pager: Pager,
    /// Where «Отметить как прочитанное» posts.
    pub read_action: &'static str,
}

/// Why a list is not shown: a wrong `page`/`per_page` (its error page, ready) or the
/// service's refusal (each page shows it its own way).
pub(crate) enum ListFailure {
    Page(Response),
    Refused(AccountsError),
}

/// The page of the session's notifications that `query` names (`page`, `per_page`), in the
/// language of the page, for the page at `path` whose forms post to `read_action`.
pub(crate) async fn listed(
    a: &Accounts,
    s: &SessionInfo,
    tr: Tr,
    (path, query): (&str, Option<&str>),
    read_action: &'static str,
) -> Result<Listed, ListFailure> {
    let page = Params::parse(query, tr)
        .page()
        .map_err(|e| ListFailure::Page(crate::routes::error_page(tr, path, &e)))?;
    let found = a
        .notifications(s, tr.lang, &page)
        .await
        .map_err(ListFailure::Refused)?;
    Ok(Listed {
        summary: tr.t_args(
            "ntf-summary",
            &[
                ("total", found.total.to_string()),
                ("unread", found.unread.to_string()),
            ],
        ),
        unread: found.unread,
        pager: Pager::new(
            path,
            query,
            page.page,
            page.per_page,
            found.total.max(0) as u64,
        ),
        rows: found.items.into_iter().map(Row::from).collect(),
        read_action,
    })
}

/// The post of «Отметить как прочитанное» (`id`) or, without `id`, «Отметить все как
/// прочитанные». An id that is not a number is NOT_FOUND, as another account's.
pub(crate) async fn mark_read(
    a: &Accounts,
    s: &SessionInfo,
    id: &str,
) -> Result<(), AccountsError> {
    match id.trim() {
        "" => a.mark_all_notifications_read(s).await.map(|_| ()),
        id => match id.parse::<i64>() {
            Ok(id) => a.mark_notification_read(s, id).await,
            Err(_) => Err(AccountsError::refused(ErrorCode::NotFound)),
        },
    }
}

// ---- the module's page ----

#[derive(Template)]
#[template(path = "ens/notifications.html")]
struct NotificationsPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    list: Listed,
    /// ACC-102: «Дублировать уведомления на электронную почту».
    email_on: bool,
    /// MSG-SAVED after «Сохранить».
    notice: Option<String>,
}

/// `GET /ens/notifications?page=&per_page=` — anonymous visitors go to the module's login.
pub async fn page_list(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let (g, s) = match module_guest(&state, &parts).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let list = match listed(&g.a, &s, tr, (PATH, query.as_deref()), READ).await {
        Ok(l) => l,
        Err(ListFailure::Page(res)) => return res,
        Err(ListFailure::Refused(e)) => return fail(auth::from_accounts(tr, e)),
    };
    render(&NotificationsPage {
        c: chrome(tr, PATH, query.as_deref()),
        user_name: g.user_name(),
        csrf: g.csrf.clone(),
        list,
        email_on: s.account.email_notifications,
        notice: saved_notice(tr, query.as_deref()),
    })
}

/// `POST /ens/notifications/read` — `id` marks one notification read; without it, all.
pub async fn page_read(
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
    let id = fields.get("id").map(String::as_str).unwrap_or("");
    match mark_read(&g.a, &s, id).await {
        Ok(()) => Redirect::to(PATH).into_response(),
        Err(e) => fail(auth::from_accounts(tr, e)),
    }
}

/// `POST /ens/notifications/settings` — «Дублировать уведомления на электронную почту» +
/// «Сохранить» (ACC-102): the same service call as the profile's, then this page with
/// MSG-SAVED.
pub async fn page_settings(
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
    let on = matches!(
        fields.get("email_notifications").map(|v| v.trim()),
        Some("on" | "true" | "1" | "yes")
    );
    match g.a.set_email_notifications(&s, on, &g.origin()).await {
        Ok(()) => Redirect::to(&format!("{PATH}?saved=1")).into_response(),
        Err(e) => fail(auth::from_accounts(tr, e)),
    }
}
