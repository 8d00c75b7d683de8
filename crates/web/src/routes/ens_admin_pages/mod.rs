//! The ЕНС ТРУ administration pages over the accounts services (spec/accounts.md §2.5, §3.12,
//! §5.9 ACC-152; ACC-28, ACC-95, ACC-96, G-46; scenarios AS-65, AS-67, AS-68, AS-71):
//!
//! - [`queue`]: the authorized body's «Заявки на регистрацию пользователей ЕНС ТРУ» (paged, a
//!   status filter, a search), the request with its power of attorney, «Аккредитовать» (after a
//!   confirmation: it cannot be undone) and «Отказать» with a reason;
//! - [`organisations`]: the `ENS_ADMIN`'s «Организации ЕНС ТРУ», the Appendix 1 form with its
//!   verbatim labels (the bank row included) and the organisation's card;
//! - [`users`]: the effective `ENS_USER` grants (on the card, and for `AUTH_BODY` on their own
//!   page) with «Отозвать» (a reason and a confirmation) and, for the `ENS_ADMIN`, the
//!   supervisor switch.
//!
//! Nothing is decided here: every read and action is the accounts service's, which checks the
//! role (§4.9 `ens.accredit`, `ens.org`, `ens.revoke`, `ens.supervisor`); its refusals are shown
//! on the page (field messages under the fields, MSG-FORBIDDEN as a 403 page). Who is asking and
//! the posted forms are [`super::visitor`]'s; every post carries the CSRF token (ACC-162).

// The `Err` of the visitor helpers is the finished response.
#![allow(clippy::result_large_err)]

use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::routes::visitor::{Me, Refusal, refusal};
use crate::state::AppState;
use accounts::AccountsError;
use askama::Template;
use axum::Router;
use axum::response::Response;
use std::sync::Arc;

mod organisations;
mod parent;
mod queue;
mod users;

/// The items of the cabinet menu for the ЕНС ТРУ staff (ACC-152): the queue of the
/// authorized body, the organisations of the ЕНС ТРУ administrator, and the users of both.
pub fn cabinet_menu(
    tr: crate::i18n::Tr,
    s: &accounts::SessionInfo,
) -> Vec<(&'static str, String, &'static str)> {
    let has = |r| accounts::new_banks::has_role(s, r);
    let mut out = Vec::new();
    if has("AUTH_BODY") {
        out.push((
            "/ens/admin/requests",
            tr.t("ensa-requests-title"),
            "ens-requests",
        ));
    }
    if has("ENS_ADMIN") {
        out.push((
            "/ens/admin/organisations",
            tr.t("ensa-orgs-title"),
            "ens-organisations",
        ));
    }
    if has("AUTH_BODY") || has("ENS_ADMIN") {
        out.push(("/ens/admin/users", tr.t("ensa-users-title"), "ens-users"));
    }
    out
}

/// The routes of these pages.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .merge(queue::router())
        .merge(organisations::router())
        .merge(users::router())
}

/// The links of the ЕНС ТРУ administration a session's roles open: (href, label, key).
pub(crate) struct MenuLink {
    pub href: &'static str,
    pub label: String,
    pub key: &'static str,
}

fn has_role(me: &Me, role: &str) -> bool {
    me.s.roles.iter().any(|(r, _)| r == role)
}

/// The menu of these screens for the visitor's roles (the pages themselves ask the service).
fn menu(tr: Tr, me: &Me) -> Vec<MenuLink> {
    let mut out = Vec::new();
    if has_role(me, "AUTH_BODY") {
        out.push(MenuLink {
            href: "/ens/admin/requests",
            label: tr.t("ensa-requests-title"),
            key: "requests",
        });
    }
    if has_role(me, "ENS_ADMIN") {
        out.push(MenuLink {
            href: "/ens/admin/organisations",
            label: tr.t("ensa-orgs-title"),
            key: "organisations",
        });
    }
    if has_role(me, "AUTH_BODY") || has_role(me, "ENS_ADMIN") {
        out.push(MenuLink {
            href: "/ens/admin/users",
            label: tr.t("ensa-users-title"),
            key: "users",
        });
    }
    out
}

/// Statuses of an access request (§2.16) and their labels.
pub(crate) const REQUEST_STATUSES: &[&str] = &["SUBMITTED", "ACCREDITED", "REFUSED"];

fn request_status_label(tr: Tr, status: &str) -> String {
    tr.t(match status {
        "SUBMITTED" => "ensa-status-submitted",
        "ACCREDITED" => "ensa-status-accredited",
        _ => "ensa-status-refused",
    })
}

// ---- one-message and confirmation pages ----

#[derive(Template)]
#[template(path = "ens_admin/message.html")]
struct MessagePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    title: String,
    text: String,
    code: String,
    ok: bool,
    back: (String, String),
}

/// A page with one message (a refusal, MSG-FORBIDDEN with its 403) and a link back.
fn message(tr: Tr, me: &Me, path: &str, r: Refusal, back: &str) -> Response {
    render_status(
        r.status,
        &MessagePage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            menu: menu(tr, me),
            title: tr.t("ensa-title"),
            text: r.message,
            code: r.code,
            ok: r.status.is_success(),
            back: (back.to_string(), tr.t("ensa-back")),
        },
    )
}

/// A refused action or read as a page (or the 500 of a fault).
fn refused(tr: Tr, me: &Me, path: &str, e: AccountsError, back: &str) -> Response {
    match refusal(tr, e) {
        Ok(r) => message(tr, me, path, r, back),
        Err(res) => res,
    }
}

/// «<question>» about `summary` with «Да» (posts `hidden` + `confirm=yes` to `action`) and
/// «Нет» (posts `confirm=no`).
#[derive(Template)]
#[template(path = "ens_admin/confirm.html")]
struct ConfirmPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    title: String,
    question: String,
    summary: String,
    action: String,
    hidden: Vec<(String, String)>,
}

fn confirm_page(
    tr: Tr,
    me: &Me,
    path: &str,
    (title, question, summary): (String, String, String),
    action: String,
    hidden: Vec<(String, String)>,
) -> Response {
    render(&ConfirmPage {
        c: Chrome::new(tr, path, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        menu: menu(tr, me),
        title,
        question,
        summary,
        action,
        hidden,
    })
}

/// A `back` path posted by a form of these pages: only their own paths (no open redirect).
fn back_path(posted: &str, default: &str) -> String {
    let ok = posted.starts_with("/ens/admin/")
        && posted
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-?=&".contains(c));
    if ok {
        posted.to_string()
    } else {
        default.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_162_back_links_stay_on_these_pages() {
        assert_eq!(
            back_path("/ens/admin/users?participant_id=prt_1", "/x"),
            "/ens/admin/users?participant_id=prt_1"
        );
        assert_eq!(back_path("https://evil.example/", "/x"), "/x");
        assert_eq!(back_path("//evil.example/ens/admin/", "/x"), "/x");
        assert_eq!(back_path("/ens/admin/a\"b", "/x"), "/x");
    }
}
