//! ЕНС ТРУ public search (spec/catalog.md §4.1–§4.6): general search with groups and facets,
//! hierarchical search, XLSX export, the code page with its QR code — as HTML pages and as the
//! JSON API under `/api/v1/codes`. Page and API share the parameter parsing and the search.

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::params::Params;
use crate::params::PathParam;
use crate::problem::{ApiError, ApiFailure};
use crate::routes::{Pager, error_page, url_with};
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use classifier::{CodeVersion, EnsCodeStr};
use kernel::{ErrorCode, PageRequest};
use search::{CodeQuery, CodeResults, Level, QueryError};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// Rows an export may hold (CAT-120).
pub const EXPORT_LIMIT: u64 = 65_000;

/// The parameters of a code search, shared by the page, the API and the export.
#[derive(Debug, Clone, Default)]
pub struct CodeSearch {
    pub q: Option<String>,
    pub parsed: Option<search::ParsedQuery>,
    /// 15 or 30; Enter searches 30 (CAT-99).
    pub mode: u8,
    pub name_only: bool,
    pub kpved: bool,
    pub subject_type: Option<String>,
    pub group: Option<String>,
    pub section: Option<String>,
    pub class: Option<String>,
    pub attrs: Vec<(String, Vec<String>)>,
    pub page: PageRequest,
}

pub const CODE_PARAMS: &[&str] = &[
    "level",
    "q",
    "mode",
    "name_only",
    "kpved",
    "type",
    "group",
    "section",
    "class",
    "attr",
    "page",
    "per_page",
];

/// `attr=Name:Value` (repeated) → selections per attribute, in first-seen order.
pub fn parse_attrs(p: &Params) -> Result<Vec<(String, Vec<String>)>, ApiError> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for raw in p.all("attr") {
        let Some((name, value)) = raw.split_once(':') else {
            return Err(ApiError::parameter(
                p.tr(),
                "attr",
                p.tr().t("problem-attr-format"),
            ));
        };
        let (name, value) = (
            search::codes::facet_text(name),
            search::codes::facet_text(value),
        );
        if name.is_empty() || value.is_empty() {
            return Err(ApiError::parameter(
                p.tr(),
                "attr",
                p.tr().t("problem-attr-format"),
            ));
        }
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, vs)) => {
                if !vs.contains(&value) {
                    vs.push(value)
                }
            }
            None => out.push((name, vec![value])),
        }
    }
    Ok(out)
}

/// Parses a query text; `None` when absent.
pub fn parse_text(p: &Params) -> Result<(Option<String>, Option<search::ParsedQuery>), ApiError> {
    match p.str("q")? {
        None => Ok((None, None)),
        Some(q) => match search::parse(&q) {
            Ok(parsed) => Ok((Some(q), Some(parsed))),
            Err(QueryError::TooShort) => Err(ApiError::new(ErrorCode::SearchQueryTooShort)),
            Err(QueryError::TooLong) => Err(ApiError::new(ErrorCode::SearchQueryTooLong)),
        },
    }
}

impl CodeSearch {
    pub fn from_params(p: &Params) -> Result<CodeSearch, ApiError> {
        let (q, parsed) = parse_text(p)?;
        let mode = match p.one_of("mode", &["15", "30"])?.as_deref() {
            Some("15") => 15,
            _ => 30,
        };
        let subject_type = p
            .one_of("type", &["all", "goods", "works", "services"])?
            .filter(|t| t != "all");
        let group = p.str("group")?;
        if let Some(g) = &group
            && classifier::kpved_group_key(g).as_deref() != Some(g.as_str())
        {
            return Err(ApiError::parameter(
                p.tr(),
                "group",
                p.tr().t("problem-group-format"),
            ));
        }
        Ok(CodeSearch {
            q,
            parsed,
            mode,
            name_only: p.bool("name_only")?,
            kpved: p.bool("kpved")?,
            subject_type,
            group,
            section: p.str("section")?,
            class: p.str("class")?,
            attrs: parse_attrs(p)?,
            page: p.page()?,
        })
    }

    fn query(&self, level: Level, offset: usize, limit: usize) -> CodeQuery {
        CodeQuery {
            text: self.parsed.clone(),
            version: self.mode,
            name_only: self.name_only,
            with_kpved: self.kpved,
            subject_type: self.subject_type.clone(),
            group: self.group.clone(),
            section: self.section.clone(),
            class: self.class.clone(),
            count_level: level,
            attrs: self.attrs.clone(),
            want_facets: true,
            offset,
            limit,
        }
    }
}

/// A КПВЭД group (or a hierarchy level) with its count (CAT-113).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupCount {
    /// `NN.NN` for КПВЭД groups; a section or class code in hierarchical search.
    pub key: String,
    pub name: String,
    pub count: u64,
}

/// A code in a result list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CodeListItem {
    /// Row number across pages (CAT-116).
    pub row: u64,
    pub code: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub characteristics: Option<String>,
    /// goods | works | services
    #[serde(rename = "type")]
    pub subject_type: String,
    /// КПВЭД code with dots.
    pub kpved: String,
    pub class: Option<String>,
    /// МКЕИ codes.
    pub units: Vec<String>,
}

/// A value of an attribute facet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetValueOut {
    pub value: String,
    pub count: u64,
    pub selected: bool,
}

/// An attribute facet (CAT-117).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetOut {
    pub name: String,
    pub values: Vec<FacetValueOut>,
}

/// The answer of `/api/v1/codes`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CodesResponse {
    /// Codes matching the query, type, version, chosen group and facets.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<CodeListItem>,
    /// КПВЭД groups of the query's codes (CAT-112), ordered by key; with `level=section` or
    /// `level=class`, the sections or classes within the chosen group (CAT-121).
    pub groups: Vec<GroupCount>,
    pub facets: Vec<FacetOut>,
    /// «Возможно, вы искали» words (CAT-110).
    pub suggestions: Vec<String>,
    /// Words shorter than 3 characters that were ignored (CAT-105).
    pub ignored_tokens: Vec<String>,
    /// True when every item comes from demo data.
    pub demo: bool,
}

/// Facets of a result as the API shows them.
pub fn facets_out(facets: &[search::Facet]) -> Vec<FacetOut> {
    facets
        .iter()
        .map(|f| FacetOut {
            name: f.name.clone(),
            values: f
                .values
                .iter()
                .map(|v| FacetValueOut {
                    value: v.value.clone(),
                    count: v.count,
                    selected: v.selected,
                })
                .collect(),
        })
        .collect()
}

fn group_name(state: &AppState, tr: Tr, level: Level, key: &str) -> String {
    let labels = state.labels();
    let names = match level {
        Level::Group => labels.kpved.get(key),
        Level::Class => labels.ens_classes.get(key),
        Level::Section => None,
    };
    names.map(|n| n.pick(tr).to_string()).unwrap_or_default()
}

fn groups_out(state: &AppState, tr: Tr, level: Level, groups: &[(String, u64)]) -> Vec<GroupCount> {
    groups
        .iter()
        .map(|(k, c)| GroupCount {
            key: k.clone(),
            name: group_name(state, tr, level, k),
            count: *c,
        })
        .collect()
}

fn items_out(r: &CodeResults, first_row: u64) -> Vec<CodeListItem> {
    r.items
        .iter()
        .enumerate()
        .map(|(i, it)| CodeListItem {
            row: first_row + i as u64,
            code: it.code.clone(),
            name_ru: it.name_ru.clone(),
            name_kk: it.name_kk.clone(),
            characteristics: it.characteristics.clone(),
            subject_type: it.subject_type.clone(),
            kpved: it.kpved.clone(),
            class: it.class_code.clone(),
            units: it.units.clone(),
        })
        .collect()
}

/// Runs a code search.
pub async fn run_search(state: &Arc<AppState>, q: CodeQuery) -> Result<CodeResults, ApiError> {
    crate::routes::run_blocking(state, "codes", move |st| st.codes.search(&q)).await
}

/// `GET /api/v1/codes`
#[utoipa::path(get, path = "/api/v1/codes", tag = "codes",
    params(
        ("q" = Option<String>, Query, description = "Words or fragments of 3+ characters, AND-ed (CAT-103…CAT-109); absent = all codes"),
        ("mode" = Option<String>, Query, description = "15 or 30 (default 30, CAT-99)"),
        ("name_only" = Option<bool>, Query, description = "Search only «Наименование»"),
        ("kpved" = Option<bool>, Query, description = "Also search the КПВЭД code and names"),
        ("type" = Option<String>, Query, description = "all, goods, works or services"),
        ("group" = Option<String>, Query, description = "КПВЭД group NN.NN: limit the list and facets to it"),
        ("level" = Option<String>, Query, description = "What `groups` counts: group (КПВЭД groups, default), section or class (hierarchical search, CAT-121; `group` and `section` then narrow the level above)"),
        ("section" = Option<String>, Query), ("class" = Option<String>, Query),
        ("attr" = Option<Vec<String>>, Query, description = "Facet selection Name:Value, repeated; OR within a name, AND across names"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query, description = "10, 20, 50 or 100"),
    ),
    responses((status = 200, body = CodesResponse), (status = 400, body = crate::problem::Problem), (status = 503, body = crate::problem::Problem)))]
pub async fn api_codes(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Result<Json<CodesResponse>, ApiFailure> {
    let p = Params::parse(q.as_deref(), tr);
    p.only(CODE_PARAMS)?;
    let s = CodeSearch::from_params(&p)?;
    // Hierarchical search (CAT-121) counts sections or classes instead of КПВЭД groups.
    let level = match p
        .one_of("level", &["group", "section", "class"])?
        .as_deref()
    {
        Some("section") => Level::Section,
        Some("class") => Level::Class,
        _ => Level::Group,
    };
    let r = run_search(
        &state,
        s.query(level, s.page.offset(), s.page.per_page as usize),
    )
    .await?;
    Ok(Json(CodesResponse {
        total: r.total,
        page: s.page.page,
        per_page: s.page.per_page,
        items: items_out(&r, s.page.first_row_number()),
        groups: groups_out(&state, tr, level, &r.groups),
        facets: facets_out(&r.facets),
        suggestions: r.suggestions.iter().map(|w| w.word.clone()).collect(),
        ignored_tokens: s.parsed.map(|p| p.ignored).unwrap_or_default(),
        demo: state.is_demo(),
    }))
}

/// `GET /api/v1/codes/export.xlsx`: every row of the current result (CAT-120), at most 65 000.
#[utoipa::path(get, path = "/api/v1/codes/export.xlsx", tag = "codes",
    params(("q" = Option<String>, Query), ("mode" = Option<String>, Query), ("name_only" = Option<bool>, Query), ("kpved" = Option<bool>, Query),
        ("type" = Option<String>, Query), ("group" = Option<String>, Query), ("attr" = Option<Vec<String>>, Query)),
    responses(
        (status = 200, description = "An XLSX workbook with every matching code (at most 65 000 rows)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, body = crate::problem::Problem),
        (status = 422, description = "More than 65 000 rows: EXPORT_TOO_LARGE", body = crate::problem::Problem)))]
pub async fn export_codes(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let result = async {
        let p = Params::parse(q.as_deref(), tr);
        p.only(CODE_PARAMS)?;
        let s = CodeSearch::from_params(&p)?;
        let count = run_search(&state, s.query(Level::Group, 0, 0)).await?;
        if count.total > EXPORT_LIMIT {
            return Err(ApiError::new(ErrorCode::ExportTooLarge)
                .arg("limit", kernel::time::group_thousands(EXPORT_LIMIT)));
        }
        let r = run_search(&state, s.query(Level::Group, 0, EXPORT_LIMIT as usize)).await?;
        let labels = state.labels();
        let now = state.clock.now();
        let bytes = crate::export::codes_xlsx(tr, &r, &labels).map_err(ApiError::internal)?;
        let name = format!("enstru_{}.xlsx", now.local().strftime("%Y%m%d_%H%M%S"));
        Ok::<_, ApiError>(crate::export::attachment(bytes, &name))
    }
    .await;
    result.unwrap_or_else(|e| crate::routes::export_failure(tr, &headers, "/search", e))
}

/// What the code page shows (CAT-122, CAT-123).
#[derive(Debug, Serialize, ToSchema)]
pub struct CodeDetailOut {
    pub code: String,
    /// The 15-digit code in the dotted form of the portal, e.g. 242012.500.000001.
    pub code_dotted: Option<String>,
    pub version: u8,
    /// False for a code that is no longer in the current classifier version (still resolvable).
    pub current: bool,
    pub version_from: i64,
    pub version_to: Option<i64>,
    pub status: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub characteristics: Option<String>,
    #[serde(rename = "type")]
    pub subject_type: String,
    pub kpved: NamedRef,
    pub kpved_group: NamedRef,
    pub section: Option<NamedRef>,
    pub class: Option<NamedRef>,
    pub attributes: Vec<AttributeOut>,
    pub synonyms: Vec<String>,
    /// Proposed МКЕИ units.
    pub units: Vec<NamedRef>,
    /// For a V15 code its V30 codes («Заменяющие коды старой версии»); for a V30 code its V15
    /// codes («Коды новой версии»).
    pub replacements: Vec<NamedRef>,
    /// The absolute URL of the code page (what the QR code holds).
    pub url: String,
    pub qr_svg: String,
    pub qr_png: String,
    pub demo: bool,
}

/// A code with its name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NamedRef {
    pub code: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttributeOut {
    pub name: String,
    pub value: String,
}

async fn code_detail(state: &Arc<AppState>, raw: &str) -> Result<CodeDetailOut, ApiError> {
    let code = EnsCodeStr::parse(raw).map_err(|_| ApiError::new(ErrorCode::CodeMalformed))?;
    let detail = classifier::store::code_detail(&state.db, &code)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::new(ErrorCode::CodeNotFound))?;
    let labels = state.labels();
    let c = &detail.code.item;
    let named = |code: &str, names: Option<&crate::state::Names>| NamedRef {
        code: code.to_string(),
        name_ru: names.map(|n| n.ru.clone()).unwrap_or_default(),
        name_kk: names.and_then(|n| n.kk.clone()),
    };
    let group = classifier::kpved_group_key(&c.kpved).unwrap_or_default();
    let mut unit_names = std::collections::HashMap::new();
    let missing: Vec<&str> = c
        .units
        .iter()
        .filter(|u| !labels.mkei.contains_key(*u))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        unit_names = refdata::names(&state.db, refdata::Dict::Mkei, &missing)
            .await
            .map_err(ApiError::internal)?;
    }
    let units = c
        .units
        .iter()
        .map(|u| match labels.mkei.get(u) {
            Some(n) => named(u, Some(n)),
            None => NamedRef {
                code: u.clone(),
                name_ru: unit_names
                    .get(u)
                    .map(|e| e.name_ru.clone())
                    .unwrap_or_default(),
                name_kk: unit_names.get(u).and_then(|e| e.name_kk.clone()),
            },
        })
        .collect();
    let url = format!("{}/code/{}", state.settings.public_base(), c.code);
    Ok(CodeDetailOut {
        code: c.code.clone(),
        code_dotted: (code.version() == CodeVersion::V15).then(|| code.dotted()),
        version: c.version.length() as u8,
        current: detail.code.is_current(),
        version_from: detail.code.version_from,
        version_to: detail.code.version_to,
        status: c.status.as_str().to_string(),
        name_ru: c.name_ru.clone(),
        name_kk: c.name_kk.clone(),
        characteristics: c.characteristics.clone(),
        subject_type: c.subject_type.as_str().to_string(),
        kpved: named(&c.kpved, labels.kpved.get(&c.kpved)),
        kpved_group: named(&group, labels.kpved.get(&group)),
        section: detail.section.as_ref().map(|s| NamedRef {
            code: s.code.clone(),
            name_ru: s.name_ru.clone(),
            name_kk: s.name_kk.clone(),
        }),
        class: detail.class.as_ref().map(|k| NamedRef {
            code: k.code.clone(),
            name_ru: k.name_ru.clone(),
            name_kk: k.name_kk.clone(),
        }),
        attributes: c
            .attributes
            .iter()
            .map(|a| AttributeOut {
                name: a.name.clone(),
                value: a.value.clone(),
            })
            .collect(),
        synonyms: c.synonyms.clone(),
        units,
        replacements: detail
            .replacements
            .iter()
            .map(|r| NamedRef {
                code: r.code.clone(),
                name_ru: r.name_ru.clone(),
                name_kk: r.name_kk.clone(),
            })
            .collect(),
        qr_svg: format!("/code/{}/qr.svg", c.code),
        qr_png: format!("/code/{}/qr.png", c.code),
        url,
        demo: c.is_demo,
    })
}

/// `GET /api/v1/codes/{code}`
#[utoipa::path(get, path = "/api/v1/codes/{code}", tag = "codes",
    params(("code" = String, Path, description = "15 or 30 characters, or the dotted form 242012.500.000001")),
    responses((status = 200, body = CodeDetailOut), (status = 400, description = "Malformed code: CODE_MALFORMED", body = crate::problem::Problem),
        (status = 404, description = "Unknown code: CODE_NOT_FOUND", body = crate::problem::Problem)))]
pub async fn api_code(
    State(state): State<Arc<AppState>>,
    PathParam(code): PathParam<String>,
) -> Result<Json<CodeDetailOut>, ApiFailure> {
    Ok(Json(code_detail(&state, &code).await?))
}

#[derive(Template)]
#[template(path = "code.html")]
struct CodePage {
    c: Chrome,
    d: CodeDetailOut,
    qr: String,
}

/// `GET /code/{code}`
pub async fn page_code(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(code): PathParam<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let path = format!("/code/{code}");
    match code_detail(&state, &code).await {
        Ok(d) => {
            let qr = crate::qr::svg(&d.url).unwrap_or_default();
            let c = Chrome::new(tr, &path, q.as_deref()).demo(d.demo);
            render_status(StatusCode::OK, &CodePage { c, d, qr })
        }
        Err(e) => error_page(tr, &path, &e),
    }
}

/// `GET /code/{code}/qr.png` and `/code/{code}/qr.svg`
pub async fn code_qr(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam((code, file)): PathParam<(String, String)>,
) -> Response {
    let parsed = match EnsCodeStr::parse(&code) {
        Ok(c) => c,
        Err(_) => return error_page(tr, "/code", &ApiError::new(ErrorCode::CodeMalformed)),
    };
    let url = format!("{}/code/{}", state.settings.public_base(), parsed.as_str());
    let (body, ty) = match file.as_str() {
        "qr.png" => (crate::qr::png(&url, 8), "image/png"),
        "qr.svg" => (
            crate::qr::svg(&url).map(String::into_bytes),
            "image/svg+xml",
        ),
        _ => return crate::routes::ops::not_found_page(tr, "/code"),
    };
    match body {
        Some(b) => {
            let mut res = b.into_response();
            res.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
            res
        }
        None => error_page(tr, "/code", &ApiError::internal("QR encoding failed")),
    }
}

/// A facet value as the page shows it: with the link that toggles it.
pub struct FacetLink {
    pub value: String,
    pub count: u64,
    pub selected: bool,
    pub href: String,
}

pub struct FacetView {
    pub name: String,
    pub values: Vec<FacetLink>,
}

/// Facet panel links: each value toggles its `attr=Name:Value` in the URL, back on page 1.
pub fn facet_views(path: &str, query: Option<&str>, facets: &[FacetOut]) -> Vec<FacetView> {
    let current: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    facets
        .iter()
        .map(|f| FacetView {
            name: f.name.clone(),
            values: f
                .values
                .iter()
                .map(|v| {
                    let token = format!("{}:{}", f.name, v.value);
                    let mut ser = form_urlencoded::Serializer::new(String::new());
                    let mut had = false;
                    for (k, val) in &current {
                        if k == "page" {
                            continue;
                        }
                        if k == "attr" && search::codes::facet_text(val) == token {
                            had = true;
                            continue;
                        }
                        ser.append_pair(k, val);
                    }
                    if !had {
                        ser.append_pair("attr", &token);
                    }
                    FacetLink {
                        value: v.value.clone(),
                        count: v.count,
                        selected: v.selected,
                        href: format!("{path}?{}", ser.finish()),
                    }
                })
                .collect(),
        })
        .collect()
}

/// What the search page shows below the panel.
pub enum Outcome {
    /// No query yet.
    Empty,
    /// A message instead of results (too short, nothing found, an error).
    Message(String, bool),
    /// Groups to choose from (CAT-112).
    Groups { total: u64, groups: Vec<GroupLink> },
    /// The list of one group (CAT-114).
    List(Box<ResultList>),
}

pub struct GroupLink {
    pub key: String,
    pub name: String,
    pub count: u64,
    pub href: String,
}

pub struct ResultList {
    pub total: u64,
    pub group: Option<GroupCount>,
    pub items: Vec<CodeListItem>,
    pub facets: Vec<FacetView>,
    pub any_selected: bool,
    pub reset_href: String,
    pub export_href: String,
    pub pager: Pager,
    pub back_href: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    q: String,
    name_only: bool,
    kpved: bool,
    subject_type: String,
    suggestions: Vec<(String, String)>,
    outcome: Outcome,
}

fn suggestion_links(
    path: &str,
    query: Option<&str>,
    q: &str,
    r: &CodeResults,
) -> Vec<(String, String)> {
    r.suggestions
        .iter()
        .map(|s| {
            (
                s.word.clone(),
                crate::routes::suggestion_href(path, query, q, &s.token, &s.word),
            )
        })
        .collect()
}

/// `GET /search` — general search (CAT-97 … CAT-120).
pub async fn page_search(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Response {
    let path = "/search";
    let c = Chrome::new(tr, path, q.as_deref()).demo(state.is_demo());
    let p = Params::parse(q.as_deref(), tr);
    let raw_q = p.str("q").ok().flatten().unwrap_or_default();
    let mut page = SearchPage {
        c,
        q: raw_q.clone(),
        name_only: p.bool("name_only").unwrap_or(false),
        kpved: p.bool("kpved").unwrap_or(false),
        subject_type: p.str("type").ok().flatten().unwrap_or_else(|| "all".into()),
        suggestions: Vec::new(),
        outcome: Outcome::Empty,
    };
    if raw_q.is_empty() && p.str("group").ok().flatten().is_none() {
        return render_status(StatusCode::OK, &page);
    }
    let s = match CodeSearch::from_params(&p) {
        Ok(s) => s,
        Err(e) => {
            page.outcome =
                Outcome::Message(e.detail.clone().unwrap_or_else(|| e.title(tr, "")), true);
            return render_status(e.status(), &page);
        }
    };
    let per_page = s.page.per_page as usize;
    let r = match run_search(&state, s.query(Level::Group, s.page.offset(), per_page)).await {
        Ok(r) => r,
        Err(e) => {
            let status = e.status();
            page.outcome = Outcome::Message(e.title(tr, "-"), true);
            return render_status(status, &page);
        }
    };
    page.suggestions = suggestion_links(path, q.as_deref(), &raw_q, &r);
    let groups = groups_out(&state, tr, Level::Group, &r.groups);
    page.outcome = if groups.is_empty() {
        // CAT-111
        Outcome::Message(tr.t("search-nothing-found"), false)
    } else if s.group.is_none() && groups.len() > 1 {
        let total = groups.iter().map(|g| g.count).sum();
        Outcome::Groups {
            total,
            groups: groups
                .into_iter()
                .map(|g| GroupLink {
                    href: url_with(
                        path,
                        q.as_deref(),
                        &[("group", g.key.clone()), ("page", String::new())],
                    ),
                    key: g.key,
                    name: g.name,
                    count: g.count,
                })
                .collect(),
        }
    } else {
        // CAT-113: with exactly one group, its list opens directly.
        let group = match &s.group {
            Some(g) => groups.iter().find(|x| &x.key == g).cloned(),
            None => groups.first().cloned(),
        };
        let r = if s.group.is_none() && group.is_some() {
            let mut with_group = s.clone();
            with_group.group = group.as_ref().map(|g| g.key.clone());
            match run_search(
                &state,
                with_group.query(Level::Group, s.page.offset(), per_page),
            )
            .await
            {
                Ok(r) => r,
                Err(e) => return error_page(tr, path, &e),
            }
        } else {
            r
        };
        let facets = facets_out(&r.facets);
        let export_q = url_with(
            "",
            q.as_deref(),
            &[
                ("page", String::new()),
                ("per_page", String::new()),
                ("lang", String::new()),
            ],
        );
        Outcome::List(Box::new(ResultList {
            total: r.total,
            back_href: (groups.len() > 1).then(|| {
                url_with(
                    path,
                    q.as_deref(),
                    &[
                        ("group", String::new()),
                        ("attr", String::new()),
                        ("page", String::new()),
                    ],
                )
            }),
            group,
            items: items_out(&r, s.page.first_row_number()),
            any_selected: !s.attrs.is_empty(),
            facets: facet_views(path, q.as_deref(), &facets),
            reset_href: url_with(
                path,
                q.as_deref(),
                &[("attr", String::new()), ("page", String::new())],
            ),
            export_href: format!(
                "/api/v1/codes/export.xlsx{}",
                export_q.trim_start_matches('/')
            ),
            pager: Pager::new(path, q.as_deref(), s.page.page, s.page.per_page, r.total),
        }))
    };
    render_status(StatusCode::OK, &page)
}

/// One step of the hierarchical search's breadcrumb.
pub struct Crumb {
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "hierarchy.html")]
struct HierarchyPage {
    c: Chrome,
    q: String,
    mode: u8,
    subject_type: String,
    group: String,
    section: String,
    class: String,
    crumbs: Vec<Crumb>,
    level_title: String,
    levels: Vec<GroupLink>,
    list: Option<ResultList>,
    message: Option<String>,
}

/// `GET /hierarchy` — hierarchical search: КПВЭД group → section → class → codes (CAT-121),
/// each level narrowed by the text filter of §4.2.
pub async fn page_hierarchy(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Response {
    let path = "/hierarchy";
    let p = Params::parse(q.as_deref(), tr);
    let c = Chrome::new(tr, path, q.as_deref()).demo(state.is_demo());
    let mut page = HierarchyPage {
        c,
        q: p.str("q").ok().flatten().unwrap_or_default(),
        mode: if p.str("mode").ok().flatten().as_deref() == Some("30") {
            30
        } else {
            15
        },
        subject_type: p.str("type").ok().flatten().unwrap_or_else(|| "all".into()),
        group: p.str("group").ok().flatten().unwrap_or_default(),
        section: p.str("section").ok().flatten().unwrap_or_default(),
        class: p.str("class").ok().flatten().unwrap_or_default(),
        crumbs: Vec::new(),
        level_title: String::new(),
        levels: Vec::new(),
        list: None,
        message: None,
    };
    let mut s = match CodeSearch::from_params(&p) {
        Ok(s) => s,
        Err(e) => {
            page.message = Some(e.detail.clone().unwrap_or_else(|| e.title(tr, "")));
            return render_status(e.status(), &page);
        }
    };
    // Hierarchical search defaults to 15 characters unless `mode=30` is given.
    s.mode = page.mode;
    let link = |set: &[(&str, String)]| url_with(path, q.as_deref(), set);
    page.crumbs.push(Crumb {
        label: tr.t("hierarchy-root"),
        href: link(&[
            ("group", String::new()),
            ("section", String::new()),
            ("class", String::new()),
            ("attr", String::new()),
            ("page", String::new()),
        ]),
    });
    let run = |s: CodeSearch, level: Level, limit: usize| {
        let st = Arc::clone(&state);
        async move { run_search(&st, s.query(level, s.page.offset(), limit)).await }
    };
    let result = async {
        let Some(group) = s.group.clone() else {
            let r = run(
                CodeSearch {
                    group: None,
                    section: None,
                    class: None,
                    ..s.clone()
                },
                Level::Group,
                0,
            )
            .await?;
            page.level_title = tr.t("hierarchy-groups");
            page.levels = groups_out(&state, tr, Level::Group, &r.groups)
                .into_iter()
                .map(|g| GroupLink {
                    href: link(&[("group", g.key.clone()), ("page", String::new())]),
                    key: g.key,
                    name: g.name,
                    count: g.count,
                })
                .collect();
            return Ok::<(), ApiError>(());
        };
        page.crumbs.push(Crumb {
            label: format!("{group} {}", group_name(&state, tr, Level::Group, &group)),
            href: link(&[
                ("section", String::new()),
                ("class", String::new()),
                ("attr", String::new()),
                ("page", String::new()),
            ]),
        });
        if s.section.is_none() && s.class.is_none() {
            let secs = run(
                CodeSearch {
                    section: None,
                    class: None,
                    ..s.clone()
                },
                Level::Section,
                0,
            )
            .await?;
            // A level with no entries is skipped (CAT-121).
            let named: Vec<_> = secs.groups.iter().filter(|(k, _)| !k.is_empty()).collect();
            if !named.is_empty() {
                page.level_title = tr.t("hierarchy-sections");
                page.levels = named
                    .into_iter()
                    .map(|(k, n)| GroupLink {
                        href: link(&[("section", k.clone()), ("page", String::new())]),
                        key: k.clone(),
                        name: String::new(),
                        count: *n,
                    })
                    .collect();
                return Ok(());
            }
        }
        if let Some(sec) = &s.section {
            page.crumbs.push(Crumb {
                label: sec.clone(),
                href: link(&[
                    ("class", String::new()),
                    ("attr", String::new()),
                    ("page", String::new()),
                ]),
            });
        }
        let Some(class) = s.class.clone() else {
            let classes = run(
                CodeSearch {
                    class: None,
                    ..s.clone()
                },
                Level::Class,
                0,
            )
            .await?;
            page.level_title = tr.t("hierarchy-classes");
            page.levels = groups_out(&state, tr, Level::Class, &classes.groups)
                .into_iter()
                .map(|g| {
                    let key = if g.key.is_empty() {
                        "-".to_string()
                    } else {
                        g.key.clone()
                    };
                    let name = if g.key.is_empty() {
                        tr.t("hierarchy-no-class")
                    } else {
                        g.name
                    };
                    GroupLink {
                        href: link(&[("class", key.clone()), ("page", String::new())]),
                        key,
                        name,
                        count: g.count,
                    }
                })
                .collect();
            return Ok(());
        };
        page.crumbs.push(Crumb {
            label: format!("{class} {}", group_name(&state, tr, Level::Class, &class)),
            href: link(&[("attr", String::new()), ("page", String::new())]),
        });
        let mut list_search = s.clone();
        if class == "-" {
            list_search.class = Some(String::new());
        }
        let r = run(list_search, Level::Class, s.page.per_page as usize).await?;
        let facets = facets_out(&r.facets);
        let export_q = url_with(
            "",
            q.as_deref(),
            &[
                ("page", String::new()),
                ("per_page", String::new()),
                ("lang", String::new()),
                ("section", String::new()),
            ],
        );
        page.list = Some(ResultList {
            total: r.total,
            group: None,
            items: items_out(&r, s.page.first_row_number()),
            any_selected: !s.attrs.is_empty(),
            facets: facet_views(path, q.as_deref(), &facets),
            reset_href: link(&[("attr", String::new()), ("page", String::new())]),
            export_href: format!(
                "/api/v1/codes/export.xlsx{}",
                export_q.trim_start_matches('/')
            ),
            pager: Pager::new(path, q.as_deref(), s.page.page, s.page.per_page, r.total),
            back_href: None,
        });
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            if page.levels.is_empty() && page.list.as_ref().is_none_or(|l| l.total == 0) {
                page.message = Some(tr.t("search-nothing-found"));
            }
            render_status(StatusCode::OK, &page)
        }
        Err(e) => {
            let status = e.status();
            page.message = Some(e.detail.clone().unwrap_or_else(|| e.title(tr, "-")));
            render_status(status, &page)
        }
    }
}
