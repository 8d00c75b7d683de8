//! «Паспортные данные» (ACC-100) and «Контактные данные» (ACC-101) of the user as tables with
//! «Добавить», «Редактировать» and «Удалить» (ACC-145): the delete asks «Удалить выбранную
//! запись?» with «Да» / «Нет» (passports) or «Да» / «Отмена» (contacts, G-31); rows with
//! `source` = `EXTERNAL` carry «Получено из внешней системы» and no buttons.
//!
//! This file holds the pages both tables share; what differs (columns, fields, service calls)
//! is in [`passports`] and [`contacts`].

use super::{ConfirmPage, Form, Me, Shown, checked_form, dmy, me, refusal, refused, saved_notice};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::PathParam;
use crate::state::AppState;
use accounts::AccountsError;
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

mod contacts;
mod passports;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/cabinet/profile/{kind}", get(page_list))
        .route(
            "/cabinet/profile/{kind}/new",
            get(page_new).post(page_new_post),
        )
        .route(
            "/cabinet/profile/{kind}/{id}/edit",
            get(page_edit).post(page_edit_post),
        )
        .route(
            "/cabinet/profile/{kind}/{id}/delete",
            get(page_delete).post(page_delete_post),
        )
}

/// Which table a route names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Passports,
    Contacts,
}

impl Kind {
    fn of(s: &str) -> Option<Kind> {
        match s {
            "passports" => Some(Kind::Passports),
            "contacts" => Some(Kind::Contacts),
            _ => None,
        }
    }

    fn path(self) -> &'static str {
        match self {
            Kind::Passports => "/cabinet/profile/passports",
            Kind::Contacts => "/cabinet/profile/contacts",
        }
    }

    fn title(self, tr: Tr) -> String {
        tr.t(match self {
            Kind::Passports => "pp-passports",
            Kind::Contacts => "pp-contacts",
        })
    }

    /// The form fields in order: (name, label id).
    fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Passports => passports::FIELDS,
            Kind::Contacts => contacts::FIELDS,
        }
    }

    /// The select field, its codes and the prefix of their labels.
    fn choices(self) -> (&'static str, &'static [&'static str], &'static str) {
        match self {
            Kind::Passports => passports::CHOICES,
            Kind::Contacts => contacts::CHOICES,
        }
    }

    /// The rows of the table.
    async fn rows(self, me: &Me, tr: Tr) -> Result<Vec<Row>, AccountsError> {
        match self {
            Kind::Passports => passports::rows(me, tr).await,
            Kind::Contacts => contacts::rows(me, tr).await,
        }
    }

    /// Adds a row (`id` = `None`) or saves row `id` from the posted form.
    async fn save(self, me: &Me, id: Option<i64>, f: &Form) -> Result<(), AccountsError> {
        match self {
            Kind::Passports => passports::save(me, id, f).await,
            Kind::Contacts => contacts::save(me, id, f).await,
        }
    }

    async fn delete(self, me: &Me, id: i64) -> Result<(), AccountsError> {
        match self {
            Kind::Passports => passports::delete(me, id).await,
            Kind::Contacts => contacts::delete(me, id).await,
        }
    }
}

fn code_label(tr: Tr, prefix: &str, code: &str) -> String {
    tr.t(&format!(
        "{prefix}-{}",
        code.to_ascii_lowercase().replace('_', "-")
    ))
}

/// One row as the table and the form show it: the cells and the values of the form fields.
struct Row {
    id: i64,
    external: bool,
    cells: Vec<String>,
    values: HashMap<String, String>,
}

/// The visitor and the table of a route, or the page it gets instead.
async fn open(state: &AppState, tr: Tr, parts: &Parts, kind: &str) -> Result<(Me, Kind), Response> {
    let me = me(state, parts).await?;
    match Kind::of(kind) {
        Some(k) => Ok((me, k)),
        None => Err(crate::routes::error_page(
            tr,
            parts.uri.path(),
            &crate::problem::ApiError::new(ErrorCode::NotFound),
        )),
    }
}

/// The manual row `id` of the table, or the refusal a page shows (404, MSG-NOT-MANUAL).
async fn manual_row(me: &Me, tr: Tr, kind: Kind, id: i64) -> Result<Row, AccountsError> {
    let row = kind
        .rows(me, tr)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
    if row.external {
        return Err(AccountsError::refused(ErrorCode::AccNotManual));
    }
    Ok(row)
}

// ---- the table ----

#[derive(Template)]
#[template(path = "profile/rows.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    base: &'static str,
    kind: &'static str,
    headers: Vec<String>,
    rows: Vec<Row>,
    notice: Option<String>,
}

/// `GET /cabinet/profile/{passports|contacts}` (`?saved=1`: MSG-SAVED).
async fn page_list(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(kind): Path<String>,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let (me, kind) = match open(&state, tr, &parts, &kind).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let list = match kind.rows(&me, tr).await {
        Ok(r) => r,
        Err(e) => return refused(tr, &me, kind.path(), e, "/cabinet"),
    };
    render(&ListPage {
        c: Chrome::new(tr, kind.path(), None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        title: kind.title(tr),
        base: kind.path(),
        kind: match kind {
            Kind::Passports => "passports",
            Kind::Contacts => "contacts",
        },
        headers: kind.fields().iter().map(|(_, l)| tr.t(l)).collect(),
        rows: list,
        notice: saved_notice(tr, query.as_deref()),
    })
}

// ---- the add and edit form ----

/// A field of the form.
struct Field {
    name: &'static str,
    label: String,
    value: String,
    /// (code, label, selected) of a select; empty for a text field.
    options: Vec<(String, String, bool)>,
    required: bool,
    placeholder: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "profile/row_form.html")]
struct FormPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    action: String,
    back: &'static str,
    fields: Vec<Field>,
    error: Option<(String, String)>,
}

fn form_page(
    tr: Tr,
    me: &Me,
    kind: Kind,
    id: Option<i64>,
    values: &HashMap<String, String>,
    errors: &HashMap<String, String>,
) -> FormPage {
    let (select, codes, prefix) = kind.choices();
    let action = match id {
        Some(id) => format!("{}/{id}/edit", kind.path()),
        None => format!("{}/new", kind.path()),
    };
    let fields = kind
        .fields()
        .iter()
        .map(|&(name, label)| {
            let value = values.get(name).cloned().unwrap_or_default();
            let options = if name == select {
                codes
                    .iter()
                    .map(|c| (c.to_string(), code_label(tr, prefix, c), value == *c))
                    .collect()
            } else {
                Vec::new()
            };
            Field {
                name,
                label: tr.t(label),
                options,
                required: !matches!(name, "expiry_date" | "note"),
                placeholder: if name.ends_with("_date") {
                    tr.t("pp-date-placeholder")
                } else {
                    String::new()
                },
                error: errors.get(name).cloned(),
                value,
            }
        })
        .collect();
    FormPage {
        c: Chrome::new(tr, &action, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        title: tr.t(if id.is_some() { "pp-edit" } else { "pp-add" }),
        action,
        back: kind.path(),
        fields,
        error: None,
    }
}

/// `GET …/new` — «Добавить».
async fn page_new(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(kind): Path<String>,
    parts: Parts,
) -> Response {
    match open(&state, tr, &parts, &kind).await {
        Ok((me, kind)) => render(&form_page(
            tr,
            &me,
            kind,
            None,
            &HashMap::new(),
            &HashMap::new(),
        )),
        Err(r) => r,
    }
}

/// `GET …/{id}/edit` — «Редактировать» (manual rows only).
async fn page_edit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam((kind, id)): PathParam<(String, i64)>,
    parts: Parts,
) -> Response {
    let (me, kind) = match open(&state, tr, &parts, &kind).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match manual_row(&me, tr, kind, id).await {
        Ok(row) => render(&form_page(
            tr,
            &me,
            kind,
            Some(id),
            &row.values,
            &HashMap::new(),
        )),
        Err(e) => refused(tr, &me, kind.path(), e, kind.path()),
    }
}

async fn save(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    kind: &str,
    id: Option<i64>,
    body: &[u8],
) -> Response {
    let (me, kind) = match open(state, tr, parts, kind).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let f = match checked_form(&me, body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    match kind.save(&me, id, &f).await {
        Ok(()) => Redirect::to(&format!("{}?saved=1", kind.path())).into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) => {
                let values: HashMap<String, String> = kind
                    .fields()
                    .iter()
                    .map(|(n, _)| (n.to_string(), f.get(n).to_string()))
                    .collect();
                let shown = Shown::of(Some(r));
                let mut page = form_page(tr, &me, kind, id, &values, &shown.errors);
                page.error = shown.error;
                render_status(shown.status, &page)
            }
            Err(res) => res,
        },
    }
}

/// `POST …/new`.
async fn page_new_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(kind): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    save(&state, tr, &parts, &kind, None, &body).await
}

/// `POST …/{id}/edit`.
async fn page_edit_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam((kind, id)): PathParam<(String, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    save(&state, tr, &parts, &kind, Some(id), &body).await
}

// ---- «Удалить» (ACC-145) ----

/// `GET …/{id}/delete` — «Удалить выбранную запись?» with «Да» and «Нет» / «Отмена».
async fn page_delete(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam((kind, id)): PathParam<(String, i64)>,
    parts: Parts,
) -> Response {
    let (me, kind) = match open(&state, tr, &parts, &kind).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let row = match manual_row(&me, tr, kind, id).await {
        Ok(r) => r,
        Err(e) => return refused(tr, &me, kind.path(), e, kind.path()),
    };
    let action = format!("{}/{id}/delete", kind.path());
    render(&ConfirmPage {
        note: row.cells.join(" · "),
        no_label: tr.t(match kind {
            Kind::Passports => "pp-no",
            Kind::Contacts => "pp-cancel",
        }),
        ..ConfirmPage::new(tr, &me, &action, kind.title(tr), tr.t("pp-delete-question"))
    })
}

/// `POST …/{id}/delete` — `confirm=yes` deletes; anything else goes back to the table.
async fn page_delete_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam((kind, id)): PathParam<(String, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, kind) = match open(&state, tr, &parts, &kind).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let f = match checked_form(&me, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if f.get("confirm") != "yes" {
        return Redirect::to(kind.path()).into_response();
    }
    match kind.delete(&me, id).await {
        Ok(()) => Redirect::to(kind.path()).into_response(),
        Err(e) => refused(tr, &me, kind.path(), e, kind.path()),
    }
}
