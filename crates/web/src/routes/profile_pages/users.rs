//! «Пользователи» of a `PLATFORM_ADMIN` (ACC-114, ACC-13, AS-75): search by ИИН, ФИО or e-mail,
//! a paged list, the account with its status, password lock and roles, and the forms: block
//! (with a reason and a confirmation) and unblock (A6, A7), «Снять блокировку входа»,
//! «Отправить письмо активации повторно», grant and revoke a staff role with a reason. Anyone
//! else gets the 403 page (the service decides, §4.9). No delete, no password, no acting as
//! another user.

use super::{ConfirmPage, Me, Refusal, Shown, dmy, me, posted, refusal, refused, when};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::Params;
use crate::params::PathParam;
use crate::routes::Pager;
use crate::state::AppState;
use accounts::admin::{AdminAccountView, AdminReason, RoleGrantForm};
use accounts::new_banks::STAFF_ROLES;
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/users", get(page_list))
        .route("/admin/users/{id}", get(page_user))
        .route("/admin/users/{id}/{act}", post(page_act))
        .route("/admin/users/{id}/roles/{grant}/revoke", post(page_revoke))
}

fn status_label(tr: Tr, status: &str) -> String {
    tr.t(match status {
        "ACTIVE" => "accp-status-active",
        "PENDING_ACTIVATION" => "accp-status-pending",
        _ => "accp-status-blocked",
    })
}

// ---- the list ----

/// A row of the list.
struct ListRow {
    id: String,
    iin: String,
    full_name: String,
    email: String,
    status: String,
    status_code: String,
}

#[derive(Template)]
#[template(path = "profile/users.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    q: String,
    total: i64,
    found: String,
    rows: Vec<ListRow>,
    pager: Pager,
}

/// `GET /admin/users?q=&page=&per_page=`.
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
    let p = Params::parse(query.as_deref(), tr);
    let page = match p.page() {
        Ok(p) => p,
        Err(e) => return crate::routes::error_page(tr, "/admin/users", &e),
    };
    let q = p.str("q").ok().flatten().unwrap_or_default();
    let found = match me.a.admin_accounts(&me.s, &q, &page).await {
        Ok(f) => f,
        Err(e) => return refused(tr, &me, "/admin/users", e, "/cabinet"),
    };
    let pager = Pager::new(
        "/admin/users",
        query.as_deref(),
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    render(&ListPage {
        c: Chrome::new(tr, "/admin/users", query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        q,
        total: found.total,
        found: tr.t_args("pp-users-found", &[("count", found.total.to_string())]),
        rows: found
            .items
            .into_iter()
            .map(|a| ListRow {
                status: status_label(tr, &a.status),
                status_code: a.status,
                id: a.id,
                iin: a.iin,
                full_name: a.full_name,
                email: a.email,
            })
            .collect(),
        pager,
    })
}

// ---- one account ----

/// A granted role: (grant id, role, granted at, reason).
type GrantRow = (i64, String, String, String);

#[derive(Template)]
#[template(path = "profile/user.html")]
struct UserPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    id: String,
    props: Vec<(String, String)>,
    status_code: String,
    locked: bool,
    pending: bool,
    roles: Vec<GrantRow>,
    /// (code, label) of the staff roles a grant may name.
    staff_roles: Vec<(&'static str, String)>,
    notice: Option<String>,
    error: Option<(String, String)>,
    /// The form whose field messages `errors` holds (`block`, `unblock`, `roles`, `revoke-N`).
    failed: String,
    errors: HashMap<String, String>,
}

fn user_page(tr: Tr, me: &Me, v: AdminAccountView) -> UserPage {
    let path = format!("/admin/users/{}", v.id);
    let yes_no = |b: bool| tr.t(if b { "pp-yes" } else { "pp-no" });
    let mut props = vec![
        (tr.t("accp-iin"), v.iin.clone()),
        (tr.t("accp-fio"), v.full_name.clone()),
        (tr.t("accp-birth-date"), dmy(&v.birth_date)),
        (tr.t("accp-email"), v.email.clone()),
        (
            tr.t("accp-email-status"),
            tr.t(if v.email_confirmed {
                "accp-email-confirmed"
            } else {
                "accp-email-not-confirmed"
            }),
        ),
        (
            tr.t("accp-phone"),
            accounts::values::display_kz_mobile(&v.mobile_phone),
        ),
        (tr.t("accp-status"), status_label(tr, &v.status)),
    ];
    if let Some(r) = &v.blocked_reason {
        props.push((tr.t("pp-blocked-reason"), r.clone()));
    }
    props.push((tr.t("pp-failed-count"), v.failed_password_count.to_string()));
    props.push((
        tr.t("pp-locked-until"),
        v.locked_until.map(when).unwrap_or_else(|| yes_no(false)),
    ));
    props.push((tr.t("pp-created-at"), when(v.created_at)));
    props.push((
        tr.t("pp-last-login"),
        v.last_login_at.map(when).unwrap_or_default(),
    ));
    UserPage {
        c: Chrome::new(tr, &path, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        locked: v.locked_until.is_some(),
        pending: v.status == "PENDING_ACTIVATION",
        status_code: v.status,
        id: v.id,
        props,
        roles: v
            .roles
            .into_iter()
            .map(|g| {
                let label = tr.tk("staff-role-", &g.role);
                let role = match &g.scope_participant_id {
                    Some(p) => format!("{label} ({p})"),
                    None => label,
                };
                (g.id, role, when(g.granted_at), g.reason)
            })
            .collect(),
        staff_roles: STAFF_ROLES
            .iter()
            .map(|r| (*r, tr.tk("staff-role-", r)))
            .collect(),
        notice: None,
        error: None,
        failed: String::new(),
        errors: HashMap::new(),
    }
}

/// The account page, with a notice or a refusal of the form `failed`.
async fn show(
    tr: Tr,
    me: &Me,
    id: &str,
    notice: Option<String>,
    failed: (&str, Option<Refusal>),
) -> Response {
    let path = format!("/admin/users/{id}");
    let v = match me.a.admin_account(&me.s, id).await {
        Ok(v) => v,
        Err(e) => return refused(tr, me, &path, e, "/admin/users"),
    };
    let mut page = user_page(tr, me, v);
    page.notice = notice;
    if failed.1.is_some() {
        page.failed = failed.0.to_string();
    }
    let shown = Shown::of(failed.1);
    page.error = shown.error;
    page.errors = shown.errors;
    render_status(shown.status, &page)
}

/// `GET /admin/users/{id}`.
async fn page_user(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(id): Path<String>,
    parts: Parts,
) -> Response {
    match me(&state, &parts).await {
        Ok(me) => show(tr, &me, &id, None, ("", None)).await,
        Err(r) => r,
    }
}

/// `POST /admin/users/{id}/{block|unblock|clear-lock|activation|roles}`.
async fn page_act(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path((id, act)): Path<(String, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = format!("/admin/users/{id}");
    let reason = AdminReason {
        reason: f.opt("reason"),
    };
    let o = me.origin();
    let result = match act.as_str() {
        "block" => {
            if f.get("confirm") == "no" {
                return Redirect::to(&back).into_response();
            }
            if f.get("confirm") != "yes" && reason.reason.is_some() {
                // A6 asks first (the reason travels with the confirmation).
                let v = match me.a.admin_account(&me.s, &id).await {
                    Ok(v) => v,
                    Err(e) => return refused(tr, &me, &back, e, "/admin/users"),
                };
                return render(&ConfirmPage {
                    note: format!("{} · {} · {}", v.iin, v.full_name, v.email),
                    action: format!("{back}/block"),
                    hidden: vec![("reason".into(), f.get("reason").to_string())],
                    ..ConfirmPage::new(tr, &me, &back, tr.t("pp-block"), tr.t("pp-block-question"))
                });
            }
            me.a.admin_block(&me.s, &id, &reason, &o)
                .await
                .map(|_| tr.t("acc-msg-saved"))
        }
        "unblock" => {
            me.a.admin_unblock(&me.s, &id, &reason, &o)
                .await
                .map(|_| tr.t("acc-msg-saved"))
        }
        "clear-lock" => {
            me.a.admin_clear_lock(&me.s, &id, &o)
                .await
                .map(|_| tr.t("acc-msg-saved"))
        }
        "activation" => {
            me.a.admin_resend_activation(&me.s, &id, &o)
                .await
                .map(|to| tr.t_args("acc-msg-activation-resent", &[("email", to)]))
        }
        "roles" => {
            let form = RoleGrantForm {
                role: f.opt("role"),
                reason: f.opt("reason"),
            };
            me.a.admin_grant_role(&me.s, &id, &form, &o)
                .await
                .map(|_| tr.t("acc-msg-saved"))
        }
        _ => {
            return crate::routes::error_page(
                tr,
                &back,
                &crate::problem::ApiError::new(ErrorCode::NotFound),
            );
        }
    };
    finish(tr, &me, &id, &act, result).await
}

/// `POST /admin/users/{id}/roles/{grant}/revoke`.
async fn page_revoke(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam((id, grant)): PathParam<(String, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let reason = AdminReason {
        reason: f.opt("reason"),
    };
    let result =
        me.a.admin_revoke_role(&me.s, &id, grant, &reason, &me.origin())
            .await
            .map(|_| tr.t("acc-msg-saved"));
    finish(tr, &me, &id, &format!("revoke-{grant}"), result).await
}

async fn finish(
    tr: Tr,
    me: &Me,
    id: &str,
    form: &str,
    result: Result<String, accounts::AccountsError>,
) -> Response {
    match result {
        Ok(notice) => show(tr, me, id, Some(notice), ("", None)).await,
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND => {
                super::message(tr, me, &format!("/admin/users/{id}"), r, "/admin/users")
            }
            Ok(r) => show(tr, me, id, None, (form, Some(r))).await,
            Err(res) => res,
        },
    }
}
