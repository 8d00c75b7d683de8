//! The effective `ENS_USER` grants (ACC-96, AS-71, G-46): «Пользователи ЕНС ТРУ» for the
//! `ENS_ADMIN` and the `AUTH_BODY` (all organisations, or one), the same table on an
//! organisation's card, «Отозвать» with a required reason and a confirmation page, and the
//! `ENS_ADMIN`'s «Назначить супервайзером» / «Снять» with a reason. A form posts the page it came
//! from (`back`, one of these pages with its `page`/`per_page`) and its refusals are shown there,
//! under the form. Both tables are paged (the service pages in SQL), oldest grant first.

use super::{MenuLink, back_path, confirm_page, menu, message, refused};
use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::params::Params;
use crate::params::PathParam;
use crate::routes::Pager;
use crate::routes::visitor::{Form, Me, Refusal, Shown, me, posted, refusal, saved_notice, when};
use crate::state::AppState;
use accounts::ens::{EnsRevocation, EnsSupervisorChange, EnsUserView};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::PageRequest;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/ens/admin/users", get(page_users))
        .route("/ens/admin/users/{grant}/revoke", post(page_revoke))
        .route(
            "/ens/admin/users/{grant}/supervisor",
            post(page_supervisor_grant),
        )
        .route(
            "/ens/admin/users/{grant}/supervisor/revoke",
            post(page_supervisor_revoke),
        )
}

const USERS: &str = "/ens/admin/users";
const ORGS: &str = "/ens/admin/organisations/";

/// A row of the users' table.
pub(super) struct UserRow {
    pub grant_id: i64,
    pub full_name: String,
    pub email: String,
    pub participant_id: String,
    pub participant_name: String,
    pub granted_at: String,
    pub supervisor: bool,
}

/// The page of a users' table that `query` names; the first page when it names none or a wrong
/// one (the `back` of a form: the GET handlers refuse a wrong one with an error page).
pub(super) fn page_of(tr: Tr, query: Option<&str>) -> PageRequest {
    Params::parse(query, tr).page().unwrap_or_default()
}

/// The pager of a users' table at `path?query`.
pub(super) fn users_pager(
    path: &str,
    query: Option<&str>,
    page: &PageRequest,
    total: i64,
) -> Pager {
    // A redirect after an action adds `saved`: the page links do not carry it on.
    let query = query.map(|q| {
        form_urlencoded::parse(q.as_bytes())
            .filter(|(k, _)| k != "saved")
            .fold(
                form_urlencoded::Serializer::new(String::new()),
                |mut s, (k, v)| {
                    s.append_pair(&k, &v);
                    s
                },
            )
            .finish()
    });
    Pager::new(
        path,
        query.as_deref(),
        page.page,
        page.per_page,
        total.max(0) as u64,
    )
}

pub(super) fn user_rows(users: Vec<EnsUserView>) -> Vec<UserRow> {
    users
        .into_iter()
        .map(|u| UserRow {
            grant_id: u.grant_id,
            full_name: u.full_name,
            email: u.email,
            participant_id: u.participant_id,
            participant_name: u.participant_name,
            granted_at: when(u.granted_at),
            supervisor: u.supervisor_grant_id.is_some(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "ens_admin/users.html")]
struct UsersPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    users: Vec<UserRow>,
    total: u64,
    pager: Pager,
    show_org: bool,
    supervisor_switch: bool,
    back: String,
    notice: Option<String>,
    failed: String,
    errors: HashMap<String, String>,
    error: Option<(String, String)>,
}

/// The users' page of `back` (`/ens/admin/users?participant_id=…`) with a notice or a refusal.
async fn users_page(
    tr: Tr,
    me: &Me,
    back: &str,
    notice: Option<String>,
    failed: (&str, Option<Refusal>),
) -> Response {
    let query = back.split_once('?').map(|(_, q)| q);
    let participant = crate::routes::visitor::query_param(query, "participant_id");
    let page = page_of(tr, query);
    let found = match me.a.ens_users(&me.s, participant.as_deref(), &page).await {
        Ok(u) => u,
        Err(e) => return refused(tr, me, USERS, e, "/cabinet"),
    };
    let shown = Shown::of(failed.1);
    render_status(
        shown.status,
        &UsersPage {
            c: Chrome::new(tr, USERS, query),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            menu: menu(tr, me),
            users: user_rows(found.items),
            total: found.total.max(0) as u64,
            pager: users_pager(USERS, query, &page, found.total),
            show_org: participant.is_none(),
            supervisor_switch: super::has_role(me, "ENS_ADMIN"),
            back: back.to_string(),
            notice,
            failed: if shown.status.is_success() {
                String::new()
            } else {
                failed.0.to_string()
            },
            errors: shown.errors,
            error: shown.error,
        },
    )
}

/// `GET /ens/admin/users?participant_id=&page=&per_page=`.
async fn page_users(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let p = Params::parse(query.as_deref(), tr);
    if let Err(e) = p.page() {
        return crate::routes::error_page(tr, USERS, &e);
    }
    // The forms of the page come back to it: the organisation and the page, nothing else.
    let keep = |k: &str| p.str(k).ok().flatten().unwrap_or_default();
    let back = crate::routes::url_with(
        USERS,
        None,
        &[
            ("participant_id", keep("participant_id")),
            ("page", keep("page")),
            ("per_page", keep("per_page")),
        ],
    );
    users_page(
        tr,
        &me,
        &back,
        saved_notice(tr, query.as_deref()),
        ("", None),
    )
    .await
}

/// The page `back` names, showing `notice` or the refusal of the form `failed`.
async fn back_to(
    state: &AppState,
    tr: Tr,
    me: &Me,
    back: &str,
    notice: Option<String>,
    failed: (&str, Option<Refusal>),
) -> Response {
    let (path, query) = match back.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (back, None),
    };
    match path.strip_prefix(ORGS) {
        Some(id) if !id.contains('/') => {
            super::organisations::card(state, tr, me, id, query, notice, failed).await
        }
        _ => users_page(tr, me, back, notice, failed).await,
    }
}

/// The outcome of an action: back with MSG-SAVED, or the refusal shown there (403 and 404 as a
/// page of their own).
async fn finish(
    state: &AppState,
    tr: Tr,
    me: &Me,
    back: &str,
    form: &str,
    result: Result<(), accounts::AccountsError>,
) -> Response {
    match result {
        Ok(()) => {
            let (path, query) = match back.split_once('?') {
                Some((p, q)) => (p, Some(q)),
                None => (back, None),
            };
            Redirect::to(&crate::routes::url_with(
                path,
                query,
                &[("saved", "1".into())],
            ))
            .into_response()
        }
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND => {
                message(tr, me, back, r, back)
            }
            Ok(r) => back_to(state, tr, me, back, None, (form, Some(r))).await,
            Err(res) => res,
        },
    }
}

fn back_of(f: &Form) -> String {
    back_path(f.get("back"), USERS)
}

/// `POST /ens/admin/users/{grant}/revoke` — «Отозвать» (ACC-96): with a reason, a confirmation
/// page first; without one the service's message under the field.
async fn page_revoke(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(grant): PathParam<i64>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = back_of(&f);
    match f.get("confirm") {
        "yes" => {}
        "no" => return Redirect::to(&back).into_response(),
        _ => {
            if let Some(reason) = f.opt("reason") {
                let summary = match me.a.ens_user(&me.s, grant).await {
                    Ok(u) => format!("{} · {} · {}", u.full_name, u.email, u.participant_name),
                    Err(e) => return refused(tr, &me, &back, e, &back),
                };
                return confirm_page(
                    tr,
                    &me,
                    &back,
                    (tr.t("ensa-revoke"), tr.t("ensa-revoke-question"), summary),
                    format!("{USERS}/{grant}/revoke"),
                    vec![("reason".into(), reason), ("back".into(), back.clone())],
                );
            }
        }
    }
    let r = EnsRevocation {
        reason: f.opt("reason"),
    };
    let result = me.a.revoke_ens_user(&me.s, grant, &r, &me.origin()).await;
    finish(&state, tr, &me, &back, &format!("revoke-{grant}"), result).await
}

/// `POST /ens/admin/users/{grant}/supervisor` — «Назначить супервайзером» (G-46).
async fn page_supervisor_grant(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(grant): PathParam<i64>,
    parts: Parts,
    body: Bytes,
) -> Response {
    supervisor(&state, tr, grant, &parts, &body, true).await
}

/// `POST /ens/admin/users/{grant}/supervisor/revoke` — «Снять» (G-46).
async fn page_supervisor_revoke(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(grant): PathParam<i64>,
    parts: Parts,
    body: Bytes,
) -> Response {
    supervisor(&state, tr, grant, &parts, &body, false).await
}

/// The supervisor switch of `grant` with the posted reason: on (`make`) or off.
async fn supervisor(
    state: &Arc<AppState>,
    tr: Tr,
    grant: i64,
    parts: &Parts,
    body: &Bytes,
    make: bool,
) -> Response {
    let (me, f) = match posted(state, parts, body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = back_of(&f);
    let c = EnsSupervisorChange {
        reason: f.opt("reason"),
    };
    let result = if make {
        me.a.grant_ens_supervisor(&me.s, grant, &c, &me.origin())
            .await
            .map(|_| ())
    } else {
        me.a.revoke_ens_supervisor(&me.s, grant, &c, &me.origin())
            .await
    };
    finish(
        state,
        tr,
        &me,
        &back,
        &format!("supervisor-{grant}"),
        result,
    )
    .await
}
