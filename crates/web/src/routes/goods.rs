//! The goods catalogue (CAT-9 product decision): the home page with its statistics
//! (CAT-129), goods search with the query language of §4.2 and the ОКТРУ nodes that match
//! (CAT-130), product cards, XLSX export, and the ОКТРУ browser.

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::params::Params;
use crate::params::PathParam;
use crate::problem::{ApiError, ApiFailure};
use crate::routes::codes::{FacetOut, FacetView, GroupCount, facet_views, parse_attrs, parse_text};
use crate::routes::{Pager, error_page, url_with};
use crate::state::{AppState, HomeStatistics};
use askama::Template;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use catalog::Good;
use classifier::OktruCode;
use kernel::{ErrorCode, PageRequest};
use search::{GoodFlag, GoodsQuery, GoodsResults};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// Computes the statistics from the database (CAT-21: kinds are current ОКТРУ kinds).
pub async fn compute_stats(state: &AppState) -> Result<HomeStatistics, ApiError> {
    let g = catalog::store::statistics(&state.db)
        .await
        .map_err(ApiError::internal)?;
    let levels = classifier::store::oktru_count_by_level(&state.db)
        .await
        .map_err(ApiError::internal)?;
    let s = HomeStatistics {
        goods: g.goods.max(0) as u64,
        kinds: levels.kinds.max(0) as u64,
        in_procurement: g.in_procurement.max(0) as u64,
        with_kztin: g.with_kztin.max(0) as u64,
        suppliers: g.suppliers.max(0) as u64,
        otp: g.otp.max(0) as u64,
        szpt: g.szpt.max(0) as u64,
    };
    if let Ok(mut cache) = state.stats.write() {
        *cache = Some(s);
    }
    Ok(s)
}

async fn stats(state: &AppState) -> Result<HomeStatistics, ApiError> {
    if let Some(s) = state.stats.read().ok().and_then(|s| *s) {
        return Ok(s);
    }
    compute_stats(state).await
}

/// `GET /api/v1/stats` — the home-page statistics (CAT-129).
#[utoipa::path(get, path = "/api/v1/stats", tag = "goods", responses((status = 200, body = HomeStatistics)))]
pub async fn api_stats(
    State(state): State<Arc<AppState>>,
) -> Result<Json<HomeStatistics>, ApiFailure> {
    Ok(Json(stats(&state).await?))
}

/// The parameters of a goods search.
#[derive(Debug, Clone, Default)]
pub struct GoodsSearch {
    pub q: Option<String>,
    pub parsed: Option<search::ParsedQuery>,
    pub name_only: bool,
    pub oktru: Option<String>,
    pub supplier: Option<String>,
    pub flags: Vec<GoodFlag>,
    pub group: Option<String>,
    pub attrs: Vec<(String, Vec<String>)>,
    pub page: PageRequest,
}

pub const GOODS_PARAMS: &[&str] = &[
    "q",
    "name_only",
    "oktru",
    "supplier",
    "otp",
    "szpt",
    "in_procurement",
    "kztin",
    "group",
    "attr",
    "page",
    "per_page",
];

impl GoodsSearch {
    pub fn from_params(p: &Params) -> Result<GoodsSearch, ApiError> {
        let (q, parsed) = parse_text(p)?;
        let oktru = match p.str("oktru")? {
            Some(o) => Some(
                OktruCode::parse(&o)
                    .map_err(|_| {
                        ApiError::parameter(p.tr(), "oktru", p.tr().t("problem-oktru-format"))
                    })?
                    .as_str()
                    .to_string(),
            ),
            None => None,
        };
        let supplier = match p.str("supplier")? {
            Some(s) => Some(
                kernel::values::Bin::parse(&s)
                    .map_err(|e| ApiError::parameter(p.tr(), "supplier", p.tr().t(e.message_id())))?
                    .to_string(),
            ),
            None => None,
        };
        let mut flags = Vec::new();
        for (name, flag) in [
            ("otp", GoodFlag::Otp),
            ("szpt", GoodFlag::Szpt),
            ("in_procurement", GoodFlag::InProcurement),
            ("kztin", GoodFlag::Kztin),
        ] {
            if p.bool(name)? {
                flags.push(flag);
            }
        }
        let group = match p.str("group")? {
            Some(g) => Some(
                OktruCode::parse(&g)
                    .map_err(|_| {
                        ApiError::parameter(p.tr(), "group", p.tr().t("problem-oktru-format"))
                    })?
                    .as_str()
                    .to_string(),
            ),
            None => None,
        };
        Ok(GoodsSearch {
            q,
            parsed,
            name_only: p.bool("name_only")?,
            oktru,
            supplier,
            flags,
            group,
            attrs: parse_attrs(p)?,
            page: p.page()?,
        })
    }

    fn query(&self, offset: usize, limit: usize) -> GoodsQuery {
        // Attributes belong to kinds: facets are offered once the search is narrowed to an
        // ОКТРУ class or kind, where they are comparable.
        let want_facets = self
            .oktru
            .as_deref()
            .and_then(|o| OktruCode::parse(o).ok())
            .is_some_and(|c| c.level().depth() >= 3);
        GoodsQuery {
            text: self.parsed.clone(),
            name_only: self.name_only,
            oktru: self.oktru.clone(),
            supplier: self.supplier.clone(),
            flags: self.flags.clone(),
            group: self.group.clone(),
            attrs: self.attrs.clone(),
            want_facets,
            offset,
            limit,
        }
    }
}

async fn run_goods(state: &Arc<AppState>, q: GoodsQuery) -> Result<GoodsResults, ApiError> {
    crate::routes::run_blocking(state, "goods", move |st| st.goods.search(&q)).await
}

/// A good in a result list and on its card.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoodOut {
    pub row: u64,
    pub id: i64,
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// The ОКТРУ kind.
    pub oktru: String,
    pub oktru_name: String,
    pub supplier_bin: String,
    pub supplier_name: String,
    pub unit: Option<String>,
    pub kztin: Option<String>,
    pub ntin: Option<String>,
    pub otp: bool,
    pub szpt: bool,
    pub in_procurement: bool,
    pub attributes: Vec<crate::routes::codes::AttributeOut>,
    pub demo: bool,
}

/// An ОКТРУ node that matches the query (CAT-130).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NodeOut {
    pub code: String,
    pub level: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
}

/// The answer of `/api/v1/goods`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoodsResponse {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<GoodOut>,
    /// ОКТРУ categories of the matching goods, with counts.
    pub groups: Vec<GroupCount>,
    /// Attribute facets, once the search is narrowed to an ОКТРУ class or kind.
    pub facets: Vec<FacetOut>,
    pub suggestions: Vec<String>,
    pub ignored_tokens: Vec<String>,
    /// ОКТРУ nodes whose names match the query (CAT-130).
    pub nodes: Vec<NodeOut>,
    pub demo: bool,
}

async fn goods_out(
    state: &AppState,
    goods: Vec<Good>,
    first_row: u64,
) -> Result<Vec<GoodOut>, ApiError> {
    let bins: Vec<kernel::values::Bin> = goods.iter().map(|g| g.supplier_bin.clone()).collect();
    let names = catalog::store::supplier_names(&state.db, &bins)
        .await
        .map_err(ApiError::internal)?;
    let labels = state.labels();
    Ok(goods
        .into_iter()
        .enumerate()
        .map(|(i, g)| GoodOut {
            row: first_row + i as u64,
            id: g.id,
            oktru_name: labels
                .oktru
                .get(&g.oktru_code)
                .map(|n| n.ru.clone())
                .unwrap_or_default(),
            supplier_name: names
                .get(&g.supplier_bin)
                .map(|n| n.name_ru.clone())
                .unwrap_or_default(),
            supplier_bin: g.supplier_bin.to_string(),
            name_ru: g.name_ru,
            name_kk: g.name_kk,
            oktru: g.oktru_code,
            unit: g.unit,
            kztin: g.kztin,
            ntin: g.ntin,
            otp: g.is_otp,
            szpt: g.is_szpt,
            in_procurement: g.in_procurement,
            attributes: g
                .attributes
                .into_iter()
                .map(|a| crate::routes::codes::AttributeOut {
                    name: a.name,
                    value: a.value,
                })
                .collect(),
            demo: g.is_demo,
        })
        .collect())
}

async fn matching_nodes(
    state: &Arc<AppState>,
    parsed: &search::ParsedQuery,
) -> Result<Vec<NodeOut>, ApiError> {
    let st = Arc::clone(state);
    let q = parsed.clone();
    let r = tokio::task::spawn_blocking(move || st.nodes.search(&q, None, 0, 8))
        .await
        .map_err(ApiError::internal)??;
    let labels = state.labels();
    Ok(r.codes
        .into_iter()
        .map(|code| {
            let level = OktruCode::parse(&code)
                .map(|c| c.level().as_str().to_string())
                .unwrap_or_default();
            let n = labels.oktru.get(&code);
            NodeOut {
                name_ru: n.map(|n| n.ru.clone()).unwrap_or_default(),
                name_kk: n.and_then(|n| n.kk.clone()),
                code,
                level,
            }
        })
        .collect())
}

struct GoodsOutcome {
    s: GoodsSearch,
    r: GoodsResults,
    items: Vec<GoodOut>,
    suggestions: Vec<(String, String)>,
    nodes: Vec<NodeOut>,
}

async fn goods_search(state: &Arc<AppState>, p: &Params) -> Result<GoodsOutcome, ApiError> {
    let s = GoodsSearch::from_params(p)?;
    let r = run_goods(state, s.query(s.page.offset(), s.page.per_page as usize)).await?;
    let ids: Vec<i64> = r.ids.iter().map(|&i| i as i64).collect();
    let goods = catalog::store::goods_by_ids(&state.db, &ids)
        .await
        .map_err(ApiError::internal)?;
    // CAT-110 display: the word as it is written in a good that holds it.
    let mut suggestions = Vec::new();
    for (w, id) in &r.suggestions {
        let shown = catalog::store::good(&state.db, *id as i64)
            .await
            .map_err(ApiError::internal)?
            .and_then(|g| {
                let mut texts: Vec<&str> = vec![&g.name_ru];
                texts.extend(g.name_kk.as_deref());
                texts.extend(g.attributes.iter().map(|a| a.value.as_str()));
                search::codes::display_word(&texts, &w.word)
            })
            .unwrap_or_else(|| w.word.clone());
        suggestions.push((w.token.clone(), shown));
    }
    let items = goods_out(state, goods, s.page.first_row_number()).await?;
    let nodes = match &s.parsed {
        Some(pq) if s.oktru.is_none() => matching_nodes(state, pq).await?,
        _ => Vec::new(),
    };
    Ok(GoodsOutcome {
        s,
        r,
        items,
        suggestions,
        nodes,
    })
}

fn category_groups(state: &AppState, tr: Tr, groups: &[(String, u64)]) -> Vec<GroupCount> {
    let labels = state.labels();
    groups
        .iter()
        .map(|(k, c)| GroupCount {
            key: k.clone(),
            name: labels
                .oktru
                .get(k)
                .map(|n| n.pick(tr).to_string())
                .unwrap_or_default(),
            count: *c,
        })
        .collect()
}

/// `GET /api/v1/goods`
#[utoipa::path(get, path = "/api/v1/goods", tag = "goods",
    params(
        ("q" = Option<String>, Query, description = "Words or fragments of 3+ characters (the rules of §4.2)"),
        ("name_only" = Option<bool>, Query),
        ("oktru" = Option<String>, Query, description = "An ОКТРУ node of any level, e.g. 0004 or 0004.0401.0010"),
        ("supplier" = Option<String>, Query, description = "Supplier BIN"),
        ("otp" = Option<bool>, Query), ("szpt" = Option<bool>, Query), ("in_procurement" = Option<bool>, Query), ("kztin" = Option<bool>, Query),
        ("group" = Option<String>, Query, description = "ОКТРУ category to limit the list to"),
        ("attr" = Option<Vec<String>>, Query, description = "Name:Value, repeated"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query),
    ),
    responses((status = 200, body = GoodsResponse), (status = 400, body = crate::problem::Problem), (status = 503, body = crate::problem::Problem)))]
pub async fn api_goods(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Result<Json<GoodsResponse>, ApiFailure> {
    let p = Params::parse(q.as_deref(), tr);
    p.only(GOODS_PARAMS)?;
    let o = goods_search(&state, &p).await?;
    Ok(Json(GoodsResponse {
        total: o.r.total,
        page: o.s.page.page,
        per_page: o.s.page.per_page,
        items: o.items,
        groups: category_groups(&state, tr, &o.r.groups),
        facets: crate::routes::codes::facets_out(&o.r.facets),
        suggestions: o.suggestions.into_iter().map(|(_, w)| w).collect(),
        ignored_tokens: o.s.parsed.map(|p| p.ignored).unwrap_or_default(),
        nodes: o.nodes,
        demo: state.is_demo(),
    }))
}

/// `GET /api/v1/goods/export.xlsx` — every matching good, at most 65 000 rows.
#[utoipa::path(get, path = "/api/v1/goods/export.xlsx", tag = "goods",
    params(("q" = Option<String>, Query), ("oktru" = Option<String>, Query), ("supplier" = Option<String>, Query), ("otp" = Option<bool>, Query), ("szpt" = Option<bool>, Query)),
    responses(
        (status = 200, description = "An XLSX workbook with every matching good (at most 65 000 rows)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 422, description = "More than 65 000 rows: EXPORT_TOO_LARGE", body = crate::problem::Problem)))]
pub async fn export_goods(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let limit = crate::routes::codes::EXPORT_LIMIT;
    let result = async {
        let p = Params::parse(q.as_deref(), tr);
        p.only(GOODS_PARAMS)?;
        let s = GoodsSearch::from_params(&p)?;
        let count = run_goods(&state, s.query(0, 0)).await?;
        if count.total > limit {
            return Err(ApiError::new(ErrorCode::ExportTooLarge)
                .arg("limit", kernel::time::group_thousands(limit)));
        }
        let r = run_goods(&state, s.query(0, limit as usize)).await?;
        let mut rows = Vec::with_capacity(r.ids.len());
        for chunk in r.ids.chunks(1000) {
            let ids: Vec<i64> = chunk.iter().map(|&i| i as i64).collect();
            let goods = catalog::store::goods_by_ids(&state.db, &ids)
                .await
                .map_err(ApiError::internal)?;
            let first = rows.len() as u64 + 1;
            rows.extend(goods_out(&state, goods, first).await?);
        }
        let headers: Vec<String> = [
            "export-col-no",
            "goods-col-name",
            "goods-col-kind",
            "goods-col-oktru",
            "goods-col-supplier",
            "goods-col-bin",
            "goods-col-kztin",
            "goods-col-flags",
        ]
        .iter()
        .map(|id| tr.t(id))
        .collect();
        let data = rows.iter().map(|g| {
            let mut flags = Vec::new();
            if g.otp {
                flags.push(tr.t("flag-otp"));
            }
            if g.szpt {
                flags.push(tr.t("flag-szpt"));
            }
            if g.in_procurement {
                flags.push(tr.t("flag-procurement"));
            }
            vec![
                g.row.to_string(),
                tr.pick(&g.name_ru, g.name_kk.as_deref(), None).to_string(),
                g.oktru_name.clone(),
                g.oktru.clone(),
                g.supplier_name.clone(),
                g.supplier_bin.clone(),
                g.kztin.clone().unwrap_or_default(),
                flags.join(", "),
            ]
        });
        let bytes = crate::export::sheet(
            &headers,
            data,
            &[6.0, 60.0, 40.0, 26.0, 40.0, 14.0, 16.0, 30.0],
        )
        .map_err(ApiError::internal)?;
        let name = format!(
            "goods_{}.xlsx",
            state.clock.now().local().strftime("%Y%m%d_%H%M%S")
        );
        Ok::<_, ApiError>(crate::export::attachment(bytes, &name))
    }
    .await;
    result.unwrap_or_else(|e| crate::routes::export_failure(tr, &headers, "/goods", e))
}

async fn good_card(state: &AppState, id: &str) -> Result<GoodOut, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::new(ErrorCode::NotFound))?;
    let g = catalog::store::good(&state.db, id)
        .await
        .map_err(ApiError::internal)?
        .filter(|g| g.status == catalog::GoodStatus::Active)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    goods_out(state, vec![g], 1)
        .await?
        .pop()
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound))
}

/// `GET /api/v1/goods/{id}` — a product card.
#[utoipa::path(get, path = "/api/v1/goods/{id}", tag = "goods", params(("id" = i64, Path)),
    responses((status = 200, body = GoodOut), (status = 404, body = crate::problem::Problem)))]
pub async fn api_good(
    State(state): State<Arc<AppState>>,
    PathParam(id): PathParam<String>,
) -> Result<Json<GoodOut>, ApiFailure> {
    Ok(Json(good_card(&state, &id).await?))
}

#[derive(Template)]
#[template(path = "good.html")]
struct GoodPage {
    c: Chrome,
    g: GoodOut,
    path: Vec<NodeOut>,
}

/// `GET /goods/{id}`
pub async fn page_good(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(id): PathParam<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let url = format!("/goods/{id}");
    match good_card(&state, &id).await {
        Ok(g) => {
            let labels = state.labels();
            let path = OktruCode::parse(&g.oktru)
                .map(|c| c.path())
                .unwrap_or_default()
                .into_iter()
                .map(|c| {
                    let n = labels.oktru.get(c.as_str());
                    NodeOut {
                        code: c.as_str().to_string(),
                        level: c.level().as_str().to_string(),
                        name_ru: n.map(|n| n.ru.clone()).unwrap_or_default(),
                        name_kk: n.and_then(|n| n.kk.clone()),
                    }
                })
                .collect();
            let c = Chrome::new(tr, &url, q.as_deref()).demo(g.demo);
            render_status(StatusCode::OK, &GoodPage { c, g, path })
        }
        Err(e) => error_page(tr, &url, &e),
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    stats: Option<HomeStatistics>,
    ready: bool,
}

/// `GET /` — the home page (CAT-129).
pub async fn page_home(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Response {
    let c = Chrome::new(tr, "/", q.as_deref()).demo(state.is_demo());
    let ready = state.is_ready();
    let stats = if ready {
        stats(&state).await.ok()
    } else {
        None
    };
    render_status(StatusCode::OK, &HomePage { c, stats, ready })
}

#[derive(Template)]
#[template(path = "goods.html")]
struct GoodsPage {
    c: Chrome,
    q: String,
    name_only: bool,
    otp: bool,
    szpt: bool,
    oktru: String,
    supplier: String,
    message: Option<(String, bool)>,
    suggestions: Vec<(String, String)>,
    nodes: Vec<NodeOut>,
    groups: Vec<(GroupCount, String, bool)>,
    total: u64,
    items: Vec<GoodOut>,
    facets: Vec<FacetView>,
    any_selected: bool,
    reset_href: String,
    export_href: String,
    pager: Pager,
}

/// `GET /goods` — goods search.
pub async fn page_goods(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Response {
    let path = "/goods";
    let p = Params::parse(q.as_deref(), tr);
    let c = Chrome::new(tr, path, q.as_deref()).demo(state.is_demo());
    let mut page = GoodsPage {
        c,
        q: p.str("q").ok().flatten().unwrap_or_default(),
        name_only: p.bool("name_only").unwrap_or(false),
        otp: p.bool("otp").unwrap_or(false),
        szpt: p.bool("szpt").unwrap_or(false),
        oktru: p.str("oktru").ok().flatten().unwrap_or_default(),
        supplier: p.str("supplier").ok().flatten().unwrap_or_default(),
        message: None,
        suggestions: Vec::new(),
        nodes: Vec::new(),
        groups: Vec::new(),
        total: 0,
        items: Vec::new(),
        facets: Vec::new(),
        any_selected: false,
        reset_href: String::new(),
        export_href: String::new(),
        pager: Pager::default(),
    };
    match goods_search(&state, &p).await {
        Ok(o) => {
            page.total = o.r.total;
            page.suggestions = o
                .suggestions
                .iter()
                .map(|(token, word)| {
                    (
                        word.clone(),
                        crate::routes::suggestion_href(path, q.as_deref(), &page.q, token, word),
                    )
                })
                .collect();
            page.groups = category_groups(&state, tr, &o.r.groups)
                .into_iter()
                .map(|g| {
                    let selected = o.s.group.as_deref() == Some(g.key.as_str());
                    let href = if selected {
                        url_with(
                            path,
                            q.as_deref(),
                            &[("group", String::new()), ("page", String::new())],
                        )
                    } else {
                        url_with(
                            path,
                            q.as_deref(),
                            &[("group", g.key.clone()), ("page", String::new())],
                        )
                    };
                    (g, href, selected)
                })
                .collect();
            page.facets = facet_views(
                path,
                q.as_deref(),
                &crate::routes::codes::facets_out(&o.r.facets),
            );
            page.any_selected = !o.s.attrs.is_empty();
            page.reset_href = url_with(
                path,
                q.as_deref(),
                &[("attr", String::new()), ("page", String::new())],
            );
            let export_q = url_with(
                "",
                q.as_deref(),
                &[
                    ("page", String::new()),
                    ("per_page", String::new()),
                    ("lang", String::new()),
                ],
            );
            page.export_href = format!("/api/v1/goods/export.xlsx{export_q}");
            page.pager = Pager::new(
                path,
                q.as_deref(),
                o.s.page.page,
                o.s.page.per_page,
                o.r.total,
            );
            page.items = o.items;
            page.nodes = o.nodes;
            if o.r.total == 0 {
                page.message = Some((tr.t("search-nothing-found"), false));
            }
            render_status(StatusCode::OK, &page)
        }
        Err(e) => {
            let status = e.status();
            page.message = Some((e.detail.clone().unwrap_or_else(|| e.title(tr, "-")), true));
            render_status(status, &page)
        }
    }
}
