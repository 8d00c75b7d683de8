//! Reference dictionaries (КАТО, ОКЭД, КПВЭД, ТН ВЭД, МКЕИ, banks, …): browsable as a tree
//! and searchable at `/dict/<name>`, and through `/api/v1/dictionaries`.

use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::Params;
use crate::params::PathParam;
use crate::problem::{ApiError, ApiFailure};
use crate::routes::ops::not_found_page;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use kernel::ErrorCode;
use refdata::{Dict, Entry};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// A dictionary and what it holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct DictionaryInfo {
    /// Stable name, as in `/api/v1/dictionaries/{name}`.
    pub name: String,
    /// Title in the request's language.
    pub title: String,
    pub rows: u64,
    /// When it was loaded (RFC 3339, Asia/Almaty).
    pub loaded_at: Option<String>,
    /// The source file it was loaded from.
    pub source: Option<String>,
}

/// An entry of a dictionary.
#[derive(Debug, Serialize, ToSchema)]
pub struct DictionaryEntry {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: Option<String>,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub name_en: Option<String>,
    /// Other columns of the source row.
    #[schema(value_type = Object)]
    pub extra: serde_json::Value,
    pub has_children: bool,
}

/// A page of entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct DictionaryPage {
    pub dictionary: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Breadcrumb of `parent`, root first.
    pub path: Vec<DictionaryEntry>,
    pub items: Vec<DictionaryEntry>,
}

fn entry(e: Entry) -> DictionaryEntry {
    DictionaryEntry {
        code: e.code,
        parent_code: e.parent_code,
        level: e.level,
        name_ru: e.name_ru,
        name_kk: e.name_kk,
        name_en: e.name_en,
        extra: e.extra,
        has_children: e.has_children,
    }
}

fn dict_of(name: &str) -> Result<Dict, ApiError> {
    Dict::parse(name).ok_or_else(|| ApiError::new(ErrorCode::DictionaryNotFound))
}

async fn infos(state: &AppState, tr: Tr) -> Result<Vec<DictionaryInfo>, ApiError> {
    let summaries = refdata::summaries(&state.db)
        .await
        .map_err(ApiError::internal)?;
    Ok(Dict::ALL
        .iter()
        .map(|d| {
            let s = summaries.iter().find(|s| s.dict == *d);
            DictionaryInfo {
                name: d.name().to_string(),
                title: tr.t(&d.title_id()),
                rows: s.map_or(0, |s| s.rows),
                loaded_at: s.map(|s| s.imported_at.rfc3339_local()),
                source: s.map(|s| s.source.clone()),
            }
        })
        .collect())
}

/// `GET /api/v1/dictionaries`
#[utoipa::path(get, path = "/api/v1/dictionaries", tag = "dictionaries",
    responses((status = 200, body = Vec<DictionaryInfo>)))]
pub async fn api_dictionaries(
    State(state): State<Arc<AppState>>,
    tr: Tr,
) -> Result<Json<Vec<DictionaryInfo>>, ApiFailure> {
    Ok(Json(infos(&state, tr).await?))
}

struct Browse {
    dict: Dict,
    q: Option<String>,
    parent: Option<String>,
    page: kernel::PageRequest,
}

fn browse_params(p: &Params, name: &str) -> Result<Browse, ApiError> {
    let dict = dict_of(name)?;
    Ok(Browse {
        dict,
        q: p.str("q")?,
        parent: p.str("parent")?,
        page: p.page()?,
    })
}

async fn browse(state: &AppState, b: &Browse) -> Result<DictionaryPage, ApiError> {
    let db = &state.db;
    let page = match &b.q {
        Some(q) => refdata::search(db, b.dict, q, b.page).await,
        None => refdata::children(db, b.dict, b.parent.as_deref(), b.page).await,
    }
    .map_err(ApiError::internal)?;
    let path = match (&b.parent, &b.q) {
        (Some(p), None) => {
            let anc = refdata::ancestors(db, b.dict, p)
                .await
                .map_err(ApiError::internal)?;
            if anc.is_empty() {
                return Err(ApiError::new(ErrorCode::NodeNotFound));
            }
            anc.into_iter().map(entry).collect()
        }
        _ => Vec::new(),
    };
    Ok(DictionaryPage {
        dictionary: b.dict.name().to_string(),
        total: page.total,
        page: b.page.page,
        per_page: b.page.per_page,
        path,
        items: page.items.into_iter().map(entry).collect(),
    })
}

/// `GET /api/v1/dictionaries/{name}?parent=…&q=…&page=…&per_page=…`
#[utoipa::path(get, path = "/api/v1/dictionaries/{name}", tag = "dictionaries",
    params(
        ("name" = String, Path, description = "kato, oked, kpved, tnved, mkei, banks, banks-historical, kopf, kfs, kse, kbe"),
        ("parent" = Option<String>, Query, description = "Code of the parent entry; roots when absent"),
        ("q" = Option<String>, Query, description = "Part of a name or code (any case, ru or kk)"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query, description = "10, 20, 50 or 100"),
    ),
    responses((status = 200, body = DictionaryPage), (status = 400, body = crate::problem::Problem), (status = 404, body = crate::problem::Problem)))]
pub async fn api_dictionary(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(name): PathParam<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<DictionaryPage>, ApiFailure> {
    let p = Params::parse(q.as_deref(), tr);
    p.only(&["parent", "q", "page", "per_page"])?;
    let b = browse_params(&p, &name)?;
    Ok(Json(browse(&state, &b).await?))
}

/// `GET /api/v1/dictionaries/{name}/{code}`
#[utoipa::path(get, path = "/api/v1/dictionaries/{name}/{code}", tag = "dictionaries",
    params(("name" = String, Path), ("code" = String, Path)),
    responses((status = 200, body = DictionaryEntry), (status = 404, body = crate::problem::Problem)))]
pub async fn api_dictionary_entry(
    State(state): State<Arc<AppState>>,
    PathParam((name, code)): PathParam<(String, String)>,
) -> Result<Json<DictionaryEntry>, ApiFailure> {
    let dict = dict_of(&name)?;
    match refdata::get(&state.db, dict, &code)
        .await
        .map_err(ApiError::internal)?
    {
        Some(e) => Ok(Json(entry(e))),
        None => Err(ApiError::new(ErrorCode::CodeNotFound).into()),
    }
}

#[derive(Template)]
#[template(path = "dicts.html")]
struct DictsPage {
    c: Chrome,
    dicts: Vec<DictionaryInfo>,
}

/// `GET /dict`
pub async fn page_dicts(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Response {
    let c = Chrome::new(tr, "/dict", q.as_deref());
    match infos(&state, tr).await {
        Ok(dicts) => render(&DictsPage { c, dicts }),
        Err(e) => crate::routes::error_page(tr, "/dict", &e),
    }
}

#[derive(Template)]
#[template(path = "dict.html")]
struct DictPage {
    c: Chrome,
    name: String,
    title: String,
    q: String,
    data: Option<DictionaryPage>,
    error: Option<String>,
    pager: crate::routes::Pager,
}

/// `GET /dict/{name}?parent=…&q=…&page=…`
pub async fn page_dict(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(name): PathParam<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let path = format!("/dict/{name}");
    let Some(dict) = Dict::parse(&name) else {
        return not_found_page(tr, &path);
    };
    let c = Chrome::new(tr, &path, q.as_deref());
    let p = Params::parse(q.as_deref(), tr);
    let qtext = p.str("q").ok().flatten().unwrap_or_default();
    let result = match browse_params(&p, &name) {
        Ok(b) => browse(&state, &b).await,
        Err(e) => Err(e),
    };
    let (data, error, status) = match result {
        Ok(d) => (Some(d), None, StatusCode::OK),
        Err(e) => {
            let status = e.status();
            (
                None,
                Some(e.detail.clone().unwrap_or_else(|| e.title(tr, ""))),
                status,
            )
        }
    };
    let pager = match &data {
        Some(d) => crate::routes::Pager::new(&path, q.as_deref(), d.page, d.per_page, d.total),
        None => crate::routes::Pager::default(),
    };
    let page = DictPage {
        c,
        name,
        title: tr.t(&dict.title_id()),
        q: qtext,
        data,
        error,
        pager,
    };
    render_status(status, &page)
}
