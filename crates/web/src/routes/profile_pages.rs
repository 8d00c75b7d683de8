//! The pages of the user profile and of the platform administrator's «Пользователи» screen
//! over the accounts services (spec/accounts.md §3.13 ACC-97…ACC-102, §3.16 ACC-114, §5.5
//! ACC-143…ACC-145, MSG-SAVED of §5.10; scenarios AS-28…AS-33, AS-75):
//! «Регистрационные данные» (view, «Редактировать данные», «Подтвердить адрес электронной
//! почты», the e-mail duplication switch, a link to «Поменять пароль»), «Паспортные данные» and
//! «Контактные данные» (tables, add and edit forms, delete with a confirmation page; rows
//! «Получено из внешней системы» have no buttons) and «Пользователи».
//!
//! Every page is a plain HTML form that works without JavaScript; a post carries the session's
//! CSRF token in a hidden `csrf` field (ACC-162). Nothing is decided here: every action is the
//! accounts service's, which checks §4.9; a refusal is shown on the page (field messages under
//! the fields) and changes nothing.
//!
//! Files: this one (the message and confirmation pages, «Регистрационные данные»), [`rows`]
//! (passport and contact rows), [`users`] («Пользователи»), [`notifications`] («Уведомления»); who is asking, the form fields and
//! refusals are [`super::visitor`]'s.

use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::routes::visitor::{
    Form, Me, Refusal, Shown, checked_form, me, posted, refusal, saved_notice, when,
};
use crate::state::AppState;
use accounts::SessionInfo;
use accounts::profile::ProfileEdit;
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::sync::Arc;

mod notifications;
mod participants;
mod rows;
mod users;

/// The routes of these pages.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/cabinet/profile", get(page_profile))
        .route("/cabinet/profile/edit", get(page_edit).post(page_edit_post))
        .route(
            "/cabinet/profile/email-confirmation",
            post(page_confirm_email),
        )
        .route("/cabinet/profile/notifications", post(page_notifications))
        .merge(rows::router())
        .merge(users::router())
        .merge(notifications::router())
        .merge(participants::router())
}

// ---- one-message and confirmation pages (who is asking, forms and refusals: the shared
// visitor of `routes::visitor`) ----

pub(crate) use super::cabinet_notice::{ConfirmPage, message, refused};

// ---- dates ----

/// `YYYY-MM-DD` as `DD.MM.YYYY` (ACC-3); anything else as it is.
fn dmy(iso: &str) -> String {
    match iso.parse::<jiff::civil::Date>() {
        Ok(d) => d.strftime("%d.%m.%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

// ---- «Регистрационные данные» (ACC-97, ACC-98, ACC-102, ACC-143) ----

#[derive(Template)]
#[template(path = "profile/registration.html")]
struct RegistrationPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    iin: String,
    full_name: String,
    birth_date: String,
    email: String,
    email_confirmed: bool,
    mobile_phone: String,
    notifications: bool,
    /// The edit form instead of the view.
    edit: bool,
    email_value: String,
    phone_value: String,
    notice: Option<String>,
    error: Option<(String, String)>,
    errors: HashMap<String, String>,
}

fn registration(tr: Tr, me: &Me, edit: bool) -> RegistrationPage {
    let a = &me.s.account;
    let phone = accounts::values::display_kz_mobile(&a.mobile_phone);
    RegistrationPage {
        c: Chrome::new(
            tr,
            if edit {
                "/cabinet/profile/edit"
            } else {
                "/cabinet/profile"
            },
            None,
        ),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        iin: a.iin.clone(),
        full_name: a.full_name(),
        birth_date: dmy(&a.birth_date),
        email: a.email.clone(),
        email_confirmed: a.email_confirmed,
        mobile_phone: phone.clone(),
        notifications: a.email_notifications,
        edit,
        email_value: a.email.clone(),
        phone_value: phone,
        notice: None,
        error: None,
        errors: HashMap::new(),
    }
}

/// `GET /cabinet/profile` — «Регистрационные данные» (`?saved=1`: MSG-SAVED).
async fn page_profile(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut page = registration(tr, &me, false);
    page.notice = saved_notice(tr, query.as_deref());
    render(&page)
}

/// `GET /cabinet/profile/edit` — «Редактировать данные».
async fn page_edit(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    match me(&state, &parts).await {
        Ok(me) => render(&registration(tr, &me, true)),
        Err(r) => r,
    }
}

/// `POST /cabinet/profile/edit` — «Сохранить»: the view with MSG-SAVED, or the form with the
/// messages under the fields (nothing changed).
async fn page_edit_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let edit = ProfileEdit {
        email: Some(f.get("email").to_string()),
        mobile_phone: f.opt("mobile_phone"),
    };
    match me.a.update_profile(&me.s, &edit, &me.origin()).await {
        Ok(_) => Redirect::to("/cabinet/profile?saved=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) => {
                let mut page = registration(tr, &me, true);
                page.email_value = f.get("email").to_string();
                page.phone_value = f.get("mobile_phone").to_string();
                let shown = Shown::of(Some(r));
                page.error = shown.error;
                page.errors = shown.errors;
                render_status(shown.status, &page)
            }
            Err(res) => res,
        },
    }
}

/// `POST /cabinet/profile/email-confirmation` — «Подтвердить адрес электронной почты».
async fn page_confirm_email(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, _) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut page = registration(tr, &me, false);
    match me.a.send_email_confirmation(&me.s, &me.origin()).await {
        Ok(to) => {
            page.notice = Some(tr.t_args("acc-msg-confirm-sent", &[("email", to)]));
            render(&page)
        }
        Err(e) => match refusal(tr, e) {
            Ok(r) => {
                page.error = Some((r.code, r.message));
                render_status(r.status, &page)
            }
            Err(res) => res,
        },
    }
}

/// `POST /cabinet/profile/notifications` — «Дублировать уведомления на электронную почту»
/// + «Сохранить» (ACC-102).
async fn page_notifications(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let on = matches!(f.get("email_notifications"), "on" | "true" | "1");
    match me.a.set_email_notifications(&me.s, on, &me.origin()).await {
        Ok(()) => Redirect::to("/cabinet/profile?saved=1").into_response(),
        Err(e) => refused(tr, &me, "/cabinet/profile", e, "/cabinet/profile"),
    }
}

/// The profile items of the cabinet menu (ACC-142): «Регистрационные данные», «Паспортные
/// данные», «Контактные данные» for every account; «Пользователи» for a `PLATFORM_ADMIN`.
pub fn menu(tr: Tr, s: &SessionInfo) -> Vec<(&'static str, String, &'static str)> {
    let mut out = vec![
        ("/cabinet/profile", tr.t("pp-registration"), "my-profile"),
        (
            "/cabinet/profile/passports",
            tr.t("pp-passports"),
            "my-passports",
        ),
        (
            "/cabinet/profile/contacts",
            tr.t("pp-contacts"),
            "my-contacts",
        ),
        (
            "/cabinet/notifications",
            tr.t("ntf-title"),
            "my-notifications",
        ),
    ];
    if accounts::new_banks::has_role(s, "PLATFORM_ADMIN") {
        out.push(("/admin/users", tr.t("pp-users"), "users"));
        out.push((
            "/admin/participants",
            tr.t("pa-participants"),
            "participants",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_3_dates_day_first_in_almaty_time() {
        assert_eq!(dmy("1995-11-11"), "11.11.1995");
        assert_eq!(dmy("x"), "x");
        // 2026-01-01T00:00:00Z is 05:00 in Asia/Almaty (UTC+5).
        assert_eq!(when(1_767_225_600_000), "01.01.2026 05:00");
    }
}
