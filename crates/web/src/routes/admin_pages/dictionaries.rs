//! «Справочники» (spec/accounts.md §2.11, ACC-31, ACC-32, ACC-116; AS-52): the dictionaries a
//! `PLATFORM_ADMIN` maintains (countries, КОПФ, КСЕ, КФС, bank-account types) with their
//! entry counts; per dictionary the paged, searchable list of entries (code, the names in
//! Kazakh, Russian and English as the service has them, active or not), «Добавить»,
//! «Переименовать», and «Сделать неактивной» / «Сделать активной» after a confirmation page.
//! The code format and uniqueness (MSG-DICT-CODE-FORMAT, MSG-DICT-CODE-EXISTS) and the required
//! names are the service's checks; their messages are shown under the fields.

use super::{ALL, ConfirmPage, Outcome, outcome, refused, seg, yes_no};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::Params;
use crate::routes::visitor::{Form, Me, Shown, me, posted, saved_notice};
use crate::routes::{Pager, error_page};
use crate::state::AppState;
use accounts::dictionaries::DictEntryForm;
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::PageRequest;
use refdata::admin::{AdminEntry, EDITABLE};
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/dictionaries", get(page_index))
        .route(
            "/admin/dictionaries/{dict}",
            get(page_entries).post(page_add),
        )
        .route(
            "/admin/dictionaries/{dict}/{code}",
            get(page_entry).post(page_rename),
        )
        .route(
            "/admin/dictionaries/{dict}/{code}/active",
            post(page_active),
        )
}

fn title(tr: Tr, dict: &str) -> String {
    tr.t(&format!("dict-{dict}"))
}

/// КОПФ and КФС are trees: their entries have a parent.
fn is_tree(dict: &str) -> bool {
    matches!(dict, "kopf" | "kfs")
}

// ---- the list of dictionaries ----

#[derive(Template)]
#[template(path = "admin/dictionaries.html")]
struct IndexPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    /// (name, title, number of entries).
    dicts: Vec<(String, String, i64)>,
}

/// `GET /admin/dictionaries`.
async fn page_index(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let path = "/admin/dictionaries";
    let one = PageRequest {
        page: 1,
        per_page: 1,
    };
    let mut dicts = Vec::new();
    for d in EDITABLE {
        match me.a.dictionary_entries(&me.s, d.name(), None, one).await {
            Ok(p) => dicts.push((p.dict.clone(), title(tr, &p.dict), p.total)),
            Err(e) => return refused(tr, &me, path, e, "/cabinet"),
        }
    }
    render(&IndexPage {
        c: Chrome::new(tr, path, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        dicts,
    })
}

// ---- one dictionary: the entries and «Добавить» ----

struct EntryRow {
    code: String,
    parent: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
    active: bool,
    href: String,
}

/// The fields of «Добавить» as typed.
#[derive(Default)]
struct Typed {
    code: String,
    parent_code: String,
    name_ru: String,
    name_kk: String,
    name_en: String,
}

impl Typed {
    fn of(f: &Form) -> Typed {
        Typed {
            code: f.get("code").to_string(),
            parent_code: f.get("parent_code").to_string(),
            name_ru: f.get("name_ru").to_string(),
            name_kk: f.get("name_kk").to_string(),
            name_en: f.get("name_en").to_string(),
        }
    }

    fn form(&self, code: Option<String>, active: Option<bool>) -> DictEntryForm {
        let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
        DictEntryForm {
            code,
            parent_code: opt(&self.parent_code),
            name_ru: opt(&self.name_ru),
            name_kk: opt(&self.name_kk),
            name_en: opt(&self.name_en),
            active,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/dict_entries.html")]
struct EntriesPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    dict: String,
    title: String,
    tree: bool,
    /// The code format of the dictionary, in words.
    code_hint: String,
    q: String,
    total: i64,
    found: String,
    rows: Vec<EntryRow>,
    pager: Pager,
    notice: Option<String>,
    error: Option<(String, String)>,
    errors: HashMap<String, String>,
    typed: Typed,
}

/// The list page of `dict` (with the add form as `typed` and the refusal `shown`).
async fn entries(
    tr: Tr,
    me: &Me,
    dict: &str,
    query: Option<&str>,
    typed: Typed,
    shown: Shown,
) -> Response {
    let path = format!("/admin/dictionaries/{}", seg(dict));
    let p = Params::parse(query, tr);
    let page = match p.page() {
        Ok(p) => p,
        Err(e) => return error_page(tr, &path, &e),
    };
    let q = p.str("q").ok().flatten().unwrap_or_default();
    let q_opt = Some(q.as_str()).filter(|q| !q.trim().is_empty());
    let found = match me.a.dictionary_entries(&me.s, dict, q_opt, page).await {
        Ok(f) => f,
        Err(e) => return refused(tr, me, &path, e, "/admin/dictionaries"),
    };
    let pager = Pager::new(
        &path,
        query,
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    let rows = found
        .items
        .into_iter()
        .map(|e| EntryRow {
            href: format!("{path}/{}", seg(&e.entry.code)),
            parent: e.entry.parent_code.unwrap_or_default(),
            name_kk: e.entry.name_kk.unwrap_or_default(),
            name_en: e.entry.name_en.unwrap_or_default(),
            name_ru: e.entry.name_ru,
            code: e.entry.code,
            active: e.active,
        })
        .collect();
    render_status(
        shown.status,
        &EntriesPage {
            c: Chrome::new(tr, &path, query),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            title: title(tr, &found.dict),
            tree: is_tree(&found.dict),
            code_hint: tr.t(&format!("admp-code-hint-{}", found.dict)),
            dict: found.dict,
            q,
            total: found.total,
            found: tr.t_args("admp-found", &[("count", found.total.to_string())]),
            rows,
            pager,
            notice: saved_notice(tr, query),
            error: shown.error,
            errors: shown.errors,
            typed,
        },
    )
}

/// `GET /admin/dictionaries/{dict}?q=&page=&per_page=`.
async fn page_entries(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(dict): Path<String>,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    match me(&state, &parts).await {
        Ok(me) => {
            entries(
                tr,
                &me,
                &dict,
                query.as_deref(),
                Typed::default(),
                Shown::of(None),
            )
            .await
        }
        Err(r) => r,
    }
}

/// `POST /admin/dictionaries/{dict}` — «Добавить»: the list found by the new code with
/// MSG-SAVED, or the form again with the messages under the fields (nothing added).
async fn page_add(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(dict): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let typed = Typed::of(&f);
    let form = typed.form(f.opt("code"), Some(true));
    let path = format!("/admin/dictionaries/{}", seg(&dict));
    match me
        .a
        .add_dictionary_entry(&me.s, &dict, &form, &me.origin())
        .await
    {
        Ok(e) => {
            let q: String = form_urlencoded::byte_serialize(e.code.as_bytes()).collect();
            Redirect::to(&format!("{path}?q={q}&saved=1")).into_response()
        }
        Err(e) => match outcome(
            tr,
            &me,
            &path,
            "/admin/dictionaries",
            e,
            &[("MSG-DICT-CODE-EXISTS", "code")],
        ) {
            Outcome::Form(shown) => entries(tr, &me, &dict, None, typed, shown).await,
            Outcome::Page(r) => r,
        },
    }
}

// ---- one entry: «Переименовать», «Сделать неактивной» / «Сделать активной» ----

/// The entry `code` of `dict` (active or not), `None` when there is none.
async fn find(
    me: &Me,
    dict: &str,
    code: &str,
) -> Result<Option<AdminEntry>, accounts::AccountsError> {
    let all = me.a.dictionary_entries(&me.s, dict, None, ALL).await?;
    Ok(all.items.into_iter().find(|e| e.entry.code == code))
}

#[derive(Template)]
#[template(path = "admin/dict_entry.html")]
struct EntryPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    dict: String,
    title: String,
    tree: bool,
    code: String,
    active: bool,
    active_label: String,
    action: String,
    typed: Typed,
    error: Option<(String, String)>,
    errors: HashMap<String, String>,
}

/// The entry's page: the rename form (`typed`, or the stored names) with the refusal `shown`.
async fn entry_page(
    tr: Tr,
    me: &Me,
    dict: &str,
    code: &str,
    typed: Option<Typed>,
    shown: Shown,
) -> Response {
    let list = format!("/admin/dictionaries/{}", seg(dict));
    let path = format!("{list}/{}", seg(code));
    let e = match find(me, dict, code).await {
        Ok(Some(e)) => e,
        Ok(None) => {
            return refused(
                tr,
                me,
                &path,
                accounts::AccountsError::refused(kernel::ErrorCode::NotFound),
                &list,
            );
        }
        Err(e) => return refused(tr, me, &path, e, &list),
    };
    let typed = typed.unwrap_or_else(|| Typed {
        code: e.entry.code.clone(),
        parent_code: e.entry.parent_code.clone().unwrap_or_default(),
        name_ru: e.entry.name_ru.clone(),
        name_kk: e.entry.name_kk.clone().unwrap_or_default(),
        name_en: e.entry.name_en.clone().unwrap_or_default(),
    });
    render_status(
        shown.status,
        &EntryPage {
            c: Chrome::new(tr, &path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            title: title(tr, dict),
            tree: is_tree(dict),
            dict: dict.to_string(),
            code: e.entry.code,
            active: e.active,
            active_label: yes_no(tr, e.active),
            action: path,
            typed,
            error: shown.error,
            errors: shown.errors,
        },
    )
}

/// `GET /admin/dictionaries/{dict}/{code}`.
async fn page_entry(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path((dict, code)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    match me(&state, &parts).await {
        Ok(me) => entry_page(tr, &me, &dict, &code, None, Shown::of(None)).await,
        Err(r) => r,
    }
}

/// `POST /admin/dictionaries/{dict}/{code}` — «Переименовать»: the names (and the parent of
/// КОПФ and КФС); the activity stays as it is.
async fn page_rename(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path((dict, code)): Path<(String, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let typed = Typed::of(&f);
    let list = format!("/admin/dictionaries/{}", seg(&dict));
    let path = format!("{list}/{}", seg(&code));
    match me
        .a
        .edit_dictionary_entry(&me.s, &dict, &code, &typed.form(None, None), &me.origin())
        .await
    {
        Ok(_) => {
            let q: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
            Redirect::to(&format!("{list}?q={q}&saved=1")).into_response()
        }
        Err(e) => match outcome(tr, &me, &path, &list, e, &[]) {
            Outcome::Form(shown) => entry_page(tr, &me, &dict, &code, Some(typed), shown).await,
            Outcome::Page(r) => r,
        },
    }
}

/// `POST /admin/dictionaries/{dict}/{code}/active` with `active=0|1` — the confirmation page
/// first; «Да» sets the entry inactive (no longer offered for new choices, ACC-31) or active
/// again, keeping its names; «Нет» goes back to the entry.
async fn page_active(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path((dict, code)): Path<(String, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let list = format!("/admin/dictionaries/{}", seg(&dict));
    let back = format!("{list}/{}", seg(&code));
    let path = format!("{back}/active");
    let active = f.get("active") == "1";
    let e = match find(&me, &dict, &code).await {
        Ok(Some(e)) => e,
        Ok(None) => {
            return refused(
                tr,
                &me,
                &path,
                accounts::AccountsError::refused(kernel::ErrorCode::NotFound),
                &list,
            );
        }
        Err(e) => return refused(tr, &me, &path, e, &list),
    };
    match f.get("confirm") {
        "yes" => {}
        "no" => return Redirect::to(&back).into_response(),
        _ => {
            let (t, q, w) = if active {
                (
                    "admp-make-active",
                    "admp-make-active-question",
                    "admp-make-active-note",
                )
            } else {
                (
                    "admp-make-inactive",
                    "admp-make-inactive-question",
                    "admp-make-inactive-note",
                )
            };
            let mut page = ConfirmPage::new(tr, &me, &path, tr.t(t), tr.t(q));
            page.warning = Some(tr.t(w));
            page.summary = vec![
                (tr.t("admp-dictionary"), title(tr, &dict)),
                (tr.t("admp-code"), e.entry.code.clone()),
                (tr.t("admp-name-ru"), e.entry.name_ru.clone()),
            ];
            page.hidden = vec![("active".into(), if active { "1" } else { "0" }.into())];
            return render(&page);
        }
    }
    let form = DictEntryForm {
        code: None,
        parent_code: e.entry.parent_code,
        name_ru: Some(e.entry.name_ru),
        name_kk: e.entry.name_kk,
        name_en: e.entry.name_en,
        active: Some(active),
    };
    match me
        .a
        .edit_dictionary_entry(&me.s, &dict, &code, &form, &me.origin())
        .await
    {
        Ok(_) => {
            let q: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
            Redirect::to(&format!("{list}?q={q}&saved=1")).into_response()
        }
        Err(e) => match outcome(tr, &me, &path, &list, e, &[]) {
            Outcome::Form(shown) => entry_page(tr, &me, &dict, &code, None, shown).await,
            Outcome::Page(r) => r,
        },
    }
}
