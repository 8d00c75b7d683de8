//! «Банки» (spec/accounts.md §2.11 `Bank`, ACC-31, ACC-116): the bank dictionary of a
//! `PLATFORM_ADMIN`, paged and searchable by name, БИК or IBAN code; «Добавить» (the checks of
//! a new-bank request — БИК format and uniqueness, the IBAN code of a Kazakhstan bank, БИН —
//! are the service's), «Переименовать» (the names, country, IBAN code and БИН; the БИК stays)
//! and «Сделать неактивной» / «Сделать активной» after a confirmation page: an inactive bank
//! is no longer offered for new accounts and keeps showing on existing ones.

use super::{ALL, ConfirmPage, Outcome, outcome, refused, seg};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::Params;
use crate::routes::visitor::{Form, Me, Shown, me, posted, saved_notice};
use crate::routes::{Pager, error_page};
use crate::state::AppState;
use accounts::AccountsError;
use accounts::dictionaries::{AdminBank, BankForm};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/banks", get(page_list).post(page_add))
        .route("/admin/banks/{bic}", get(page_bank).post(page_edit))
        .route("/admin/banks/{bic}/active", post(page_active))
}

/// The refusals without fields that belong to one field.
const UNDER: &[(&str, &str)] = &[("MSG-BIC-EXISTS", "bic")];

fn source_label(tr: Tr, source: &str) -> String {
    match source {
        "REFERENCE_DATA" | "NEW_BANK_REQUEST" | "ADMIN" => tr.t(&format!(
            "admp-source-{}",
            source.to_ascii_lowercase().replace('_', "-")
        )),
        other => other.to_string(),
    }
}

/// The active countries for the «Страна» select: (code, name in the page's language).
async fn countries(tr: Tr, me: &Me) -> Vec<(String, String)> {
    match me.a.dictionary_entries(&me.s, "countries", None, ALL).await {
        Ok(p) => p
            .items
            .into_iter()
            .filter(|e| e.active)
            .map(|e| {
                let name = e.entry.name(tr.lang).to_string();
                (e.entry.code, name)
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The fields of the bank form as typed.
#[derive(Default)]
struct Typed {
    name_ru: String,
    name_kk: String,
    bic: String,
    country: String,
    iban_code: String,
    bin: String,
}

impl Typed {
    fn of(f: &Form) -> Typed {
        Typed {
            name_ru: f.get("name_ru").to_string(),
            name_kk: f.get("name_kk").to_string(),
            bic: f.get("bic").to_string(),
            country: f.get("country").to_string(),
            iban_code: f.get("iban_code").to_string(),
            bin: f.get("bin").to_string(),
        }
    }

    fn stored(b: &AdminBank) -> Typed {
        Typed {
            name_ru: b.bank.name_ru.clone(),
            name_kk: b.bank.name_kk.clone().unwrap_or_default(),
            bic: b.bank.bic.clone(),
            country: b.bank.country.clone(),
            iban_code: b.bank.iban_code.clone().unwrap_or_default(),
            bin: b.bin.clone().unwrap_or_default(),
        }
    }

    fn form(&self, bic: Option<String>, active: Option<bool>) -> BankForm {
        let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
        BankForm {
            name_ru: opt(&self.name_ru),
            name_kk: opt(&self.name_kk),
            bic,
            country: opt(&self.country),
            iban_code: opt(&self.iban_code),
            bin: opt(&self.bin),
            active,
        }
    }
}

// ---- the list and «Добавить» ----

struct BankRow {
    bic: String,
    iban_code: String,
    name_ru: String,
    name_kk: String,
    country: String,
    bin: String,
    source: String,
    active: bool,
    href: String,
}

#[derive(Template)]
#[template(path = "admin/banks.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    q: String,
    total: i64,
    found: String,
    rows: Vec<BankRow>,
    pager: Pager,
    notice: Option<String>,
    error: Option<(String, String)>,
    errors: HashMap<String, String>,
    typed: Typed,
    countries: Vec<(String, String)>,
}

async fn list(tr: Tr, me: &Me, query: Option<&str>, typed: Typed, shown: Shown) -> Response {
    let path = "/admin/banks";
    let p = Params::parse(query, tr);
    let page = match p.page() {
        Ok(p) => p,
        Err(e) => return error_page(tr, path, &e),
    };
    let q = p.str("q").ok().flatten().unwrap_or_default();
    let q_opt = Some(q.as_str()).filter(|q| !q.trim().is_empty());
    let found = match me.a.admin_banks(&me.s, q_opt, page).await {
        Ok(f) => f,
        Err(e) => return refused(tr, me, path, e, "/cabinet"),
    };
    let pager = Pager::new(
        path,
        query,
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    let rows = found
        .items
        .into_iter()
        .map(|b| BankRow {
            href: format!("/admin/banks/{}", seg(&b.bank.bic)),
            active: b.bank.status == "ACTIVE",
            source: source_label(tr, &b.source),
            bin: b.bin.unwrap_or_default(),
            iban_code: b.bank.iban_code.unwrap_or_default(),
            name_kk: b.bank.name_kk.unwrap_or_default(),
            name_ru: b.bank.name_ru,
            country: b.bank.country,
            bic: b.bank.bic,
        })
        .collect();
    let mut typed = typed;
    if typed.country.is_empty() {
        typed.country = "KZ".into();
    }
    render_status(
        shown.status,
        &ListPage {
            c: Chrome::new(tr, path, query),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            q,
            total: found.total,
            found: tr.t_args("admp-found", &[("count", found.total.to_string())]),
            rows,
            pager,
            notice: saved_notice(tr, query),
            error: shown.error,
            errors: shown.errors,
            typed,
            countries: countries(tr, me).await,
        },
    )
}

/// `GET /admin/banks?q=&page=&per_page=`.
async fn page_list(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    match me(&state, &parts).await {
        Ok(me) => list(tr, &me, query.as_deref(), Typed::default(), Shown::of(None)).await,
        Err(r) => r,
    }
}

/// `POST /admin/banks` — «Добавить»: the list found by the new БИК with MSG-SAVED, or the
/// form again with the messages under the fields (nothing added).
async fn page_add(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let typed = Typed::of(&f);
    match me
        .a
        .add_bank(&me.s, &typed.form(f.opt("bic"), Some(true)), &me.origin())
        .await
    {
        Ok(b) => {
            let q: String = form_urlencoded::byte_serialize(b.bank.bic.as_bytes()).collect();
            Redirect::to(&format!("/admin/banks?q={q}&saved=1")).into_response()
        }
        Err(e) => match outcome(tr, &me, "/admin/banks", "/admin/banks", e, UNDER) {
            Outcome::Form(shown) => list(tr, &me, None, typed, shown).await,
            Outcome::Page(r) => r,
        },
    }
}

// ---- one bank ----

/// The bank `bic` (active or not), `None` when there is none.
async fn find(me: &Me, bic: &str) -> Result<Option<AdminBank>, AccountsError> {
    let found = me.a.admin_banks(&me.s, None, ALL).await?;
    Ok(found
        .items
        .into_iter()
        .find(|b| b.bank.bic.eq_ignore_ascii_case(bic)))
}

#[derive(Template)]
#[template(path = "admin/bank.html")]
struct BankPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    bic: String,
    active: bool,
    props: Vec<(String, String)>,
    action: String,
    typed: Typed,
    countries: Vec<(String, String)>,
    error: Option<(String, String)>,
    errors: HashMap<String, String>,
}

async fn bank_page(tr: Tr, me: &Me, bic: &str, typed: Option<Typed>, shown: Shown) -> Response {
    let path = format!("/admin/banks/{}", seg(bic));
    let b = match find(me, bic).await {
        Ok(Some(b)) => b,
        Ok(None) => {
            return refused(
                tr,
                me,
                &path,
                AccountsError::refused(ErrorCode::NotFound),
                "/admin/banks",
            );
        }
        Err(e) => return refused(tr, me, &path, e, "/admin/banks"),
    };
    let active = b.bank.status == "ACTIVE";
    let props = vec![
        (tr.t("admp-bic"), b.bank.bic.clone()),
        (tr.t("admp-bank-name-ru"), b.bank.name_ru.clone()),
        (tr.t("admp-source"), source_label(tr, &b.source)),
        (tr.t("admp-active"), super::yes_no(tr, active)),
    ];
    render_status(
        shown.status,
        &BankPage {
            c: Chrome::new(tr, &path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            bic: b.bank.bic.clone(),
            active,
            props,
            action: path,
            typed: typed.unwrap_or_else(|| Typed::stored(&b)),
            countries: countries(tr, me).await,
            error: shown.error,
            errors: shown.errors,
        },
    )
}

/// `GET /admin/banks/{bic}`.
async fn page_bank(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(bic): Path<String>,
    parts: Parts,
) -> Response {
    match me(&state, &parts).await {
        Ok(me) => bank_page(tr, &me, &bic, None, Shown::of(None)).await,
        Err(r) => r,
    }
}

/// `POST /admin/banks/{bic}` — «Переименовать» (and the other fields but the БИК); the
/// activity stays as it is.
async fn page_edit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(bic): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let typed = Typed::of(&f);
    let path = format!("/admin/banks/{}", seg(&bic));
    match me
        .a
        .edit_bank(&me.s, &bic, &typed.form(None, None), &me.origin())
        .await
    {
        Ok(b) => {
            let q: String = form_urlencoded::byte_serialize(b.bank.bic.as_bytes()).collect();
            Redirect::to(&format!("/admin/banks?q={q}&saved=1")).into_response()
        }
        Err(e) => match outcome(tr, &me, &path, "/admin/banks", e, UNDER) {
            Outcome::Form(shown) => bank_page(tr, &me, &bic, Some(typed), shown).await,
            Outcome::Page(r) => r,
        },
    }
}

/// `POST /admin/banks/{bic}/active` with `active=0|1` — the confirmation page first; «Да»
/// sets the bank inactive or active again, keeping its other fields.
async fn page_active(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(bic): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = format!("/admin/banks/{}", seg(&bic));
    let path = format!("{back}/active");
    let active = f.get("active") == "1";
    let b = match find(&me, &bic).await {
        Ok(Some(b)) => b,
        Ok(None) => {
            return refused(
                tr,
                &me,
                &path,
                AccountsError::refused(ErrorCode::NotFound),
                "/admin/banks",
            );
        }
        Err(e) => return refused(tr, &me, &path, e, "/admin/banks"),
    };
    match f.get("confirm") {
        "yes" => {}
        "no" => return Redirect::to(&back).into_response(),
        _ => {
            let (t, q, w) = if active {
                (
                    "admp-make-active",
                    "admp-bank-active-question",
                    "admp-bank-active-note",
                )
            } else {
                (
                    "admp-make-inactive",
                    "admp-bank-inactive-question",
                    "admp-bank-inactive-note",
                )
            };
            let mut page = ConfirmPage::new(tr, &me, &path, tr.t(t), tr.t(q));
            page.warning = Some(tr.t(w));
            page.summary = vec![
                (tr.t("admp-bic"), b.bank.bic.clone()),
                (tr.t("admp-bank-name-ru"), b.bank.name_ru.clone()),
            ];
            page.hidden = vec![("active".into(), if active { "1" } else { "0" }.into())];
            return render(&page);
        }
    }
    let form = Typed::stored(&b).form(None, Some(active));
    match me.a.edit_bank(&me.s, &bic, &form, &me.origin()).await {
        Ok(b) => {
            let q: String = form_urlencoded::byte_serialize(b.bank.bic.as_bytes()).collect();
            Redirect::to(&format!("/admin/banks?q={q}&saved=1")).into_response()
        }
        Err(e) => match outcome(tr, &me, &path, "/admin/banks", e, UNDER) {
            Outcome::Form(shown) => bank_page(tr, &me, &bic, None, shown).await,
            Outcome::Page(r) => r,
        },
    }
}
