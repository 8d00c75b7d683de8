//! The classifier trees: `/api/v1/classifiers/{oktru|enstru}/nodes?parent=…` (children of a
//! node, roots without `parent`), classifier versions, and the ОКТРУ browser page with search
//! by name (CAT-137 «ОКТРУ»: a read-only tree of ACTIVE nodes with search).

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::params::Params;
use crate::params::PathParam;
use crate::problem::{ApiError, ApiFailure};
use crate::routes::error_page;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use classifier::store::TreeNodeKind;
use classifier::{ClassifierKind, CodeVersion, OktruCode, SubjectType};
use kernel::ErrorCode;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// A node of a classifier tree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TreeNodeOut {
    /// Pass it as `parent` to get the node's children.
    pub id: String,
    /// ОКТРУ: category | group | class | kind. ЕНС ТРУ: group | class | code.
    pub level: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// Children (ОКТРУ) or codes below (ЕНС ТРУ).
    pub count: i64,
    pub has_children: bool,
}

/// Children of a node.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TreeResponse {
    pub classifier: String,
    pub parent: Option<String>,
    /// The parent's ancestors and the parent itself, root first (ОКТРУ).
    pub path: Vec<TreeNodeOut>,
    pub items: Vec<TreeNodeOut>,
    pub demo: bool,
}

fn oktru_out(n: &classifier::OktruNode, count: i64) -> TreeNodeOut {
    TreeNodeOut {
        id: n.code.clone(),
        level: n.level.as_str().to_string(),
        name_ru: n.name_ru.clone(),
        name_kk: n.name_kk.clone(),
        count,
        has_children: count > 0,
    }
}

async fn oktru_tree(state: &AppState, parent: Option<&str>) -> Result<TreeResponse, ApiError> {
    let db = &state.db;
    let parent_code = match parent {
        Some(p) => Some(OktruCode::parse(p).map_err(|_| ApiError::new(ErrorCode::CodeMalformed))?),
        None => None,
    };
    let mut path = Vec::new();
    if let Some(pc) = &parent_code {
        let node = classifier::store::oktru_node(db, pc)
            .await
            .map_err(ApiError::internal)?
            .filter(|n| n.is_current())
            .ok_or_else(|| ApiError::new(ErrorCode::NodeNotFound))?;
        let anc = classifier::store::oktru_ancestors(db, pc)
            .await
            .map_err(ApiError::internal)?;
        path = anc.iter().map(|n| oktru_out(n, 1)).collect();
        path.push(oktru_out(&node.item, 1));
    }
    let children = classifier::store::oktru_children(db, parent_code.as_ref())
        .await
        .map_err(ApiError::internal)?;
    Ok(TreeResponse {
        classifier: "oktru".into(),
        parent: parent.map(str::to_string),
        path,
        items: children
            .iter()
            .map(|c| oktru_out(&c.node, c.child_count))
            .collect(),
        demo: children.iter().any(|c| c.node.is_demo),
    })
}

/// `GET /api/v1/classifiers/{kind}/nodes?parent=…` (ЕНС ТРУ also takes `mode` 15|30, default
/// 15, and `type`).
#[utoipa::path(get, path = "/api/v1/classifiers/{kind}/nodes", tag = "classifiers",
    params(
        ("kind" = String, Path, description = "oktru or enstru"),
        ("parent" = Option<String>, Query, description = "A node id; the roots when absent"),
        ("mode" = Option<String>, Query, description = "ЕНС ТРУ only: 15 (default) or 30"),
        ("type" = Option<String>, Query, description = "ЕНС ТРУ only: all, goods, works, services"),
    ),
    responses((status = 200, body = TreeResponse), (status = 400, body = crate::problem::Problem), (status = 404, body = crate::problem::Problem)))]
pub async fn api_nodes(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(kind): PathParam<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<TreeResponse>, ApiFailure> {
    let p = Params::parse(q.as_deref(), tr);
    match kind.as_str() {
        "oktru" => {
            p.only(&["parent"])?;
            Ok(Json(oktru_tree(&state, p.str("parent")?.as_deref()).await?))
        }
        "enstru" => {
            p.only(&["parent", "mode", "type"])?;
            let version = if p.one_of("mode", &["15", "30"])?.as_deref() == Some("30") {
                CodeVersion::V30
            } else {
                CodeVersion::V15
            };
            let subject = p
                .one_of("type", &["all", "goods", "works", "services"])?
                .and_then(|t| SubjectType::parse(&t));
            let parent = p.str("parent")?;
            let nodes =
                classifier::store::enstru_children(&state.db, parent.as_deref(), version, subject)
                    .await
                    .map_err(|e| match e {
                        classifier::ClassifierError::MalformedCode { .. } => {
                            ApiError::new(ErrorCode::CodeMalformed)
                        }
                        other => ApiError::internal(other),
                    })?;
            let labels = state.labels();
            let items = nodes
                .into_iter()
                .map(|n| {
                    let level = match n.kind {
                        TreeNodeKind::Group => "group",
                        TreeNodeKind::Class => "class",
                        TreeNodeKind::Code => "code",
                    };
                    let (name_ru, name_kk) = match (&n.label_ru, n.kind) {
                        (Some(l), _) => (l.clone(), n.label_kk.clone()),
                        (None, TreeNodeKind::Group) => match labels.kpved.get(&n.id) {
                            Some(k) => (k.ru.clone(), k.kk.clone()),
                            None => (String::new(), None),
                        },
                        _ => (String::new(), None),
                    };
                    TreeNodeOut {
                        id: n.id,
                        level: level.to_string(),
                        name_ru,
                        name_kk,
                        count: n.count,
                        has_children: n.has_children,
                    }
                })
                .collect();
            Ok(Json(TreeResponse {
                classifier: "enstru".into(),
                parent,
                path: Vec::new(),
                items,
                demo: state.is_demo(),
            }))
        }
        _ => Err(ApiError::new(ErrorCode::NotFound).into()),
    }
}

/// A classifier version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionOut {
    pub number: i64,
    pub label: String,
    pub source: String,
    pub demo: bool,
    /// RFC 3339, Asia/Almaty.
    pub created_at: String,
    pub added: i64,
    pub changed: i64,
    pub removed: i64,
    pub unchanged: i64,
}

/// `GET /api/v1/classifiers/{kind}/versions` — every import, newest first.
#[utoipa::path(get, path = "/api/v1/classifiers/{kind}/versions", tag = "classifiers",
    params(("kind" = String, Path, description = "oktru or enstru")),
    responses((status = 200, body = Vec<VersionOut>), (status = 404, body = crate::problem::Problem)))]
pub async fn api_versions(
    State(state): State<Arc<AppState>>,
    PathParam(kind): PathParam<String>,
) -> Result<Json<Vec<VersionOut>>, ApiFailure> {
    let kind = match kind.as_str() {
        "oktru" => ClassifierKind::Oktru,
        "enstru" => ClassifierKind::Enstru,
        _ => return Err(ApiError::new(ErrorCode::NotFound).into()),
    };
    let mut versions = classifier::store::versions(&state.db, kind)
        .await
        .map_err(ApiError::internal)?;
    versions.sort_by_key(|v| std::cmp::Reverse(v.number));
    Ok(Json(
        versions
            .into_iter()
            .map(|v| VersionOut {
                number: v.number,
                label: v.label,
                source: v.source,
                demo: v.is_demo,
                created_at: kernel::Millis(v.created_at).rfc3339_local(),
                added: v.added,
                changed: v.changed,
                removed: v.removed,
                unchanged: v.unchanged,
            })
            .collect(),
    ))
}

#[derive(Template)]
#[template(path = "oktru.html")]
struct OktruPage {
    c: Chrome,
    q: String,
    tree: Option<TreeResponse>,
    found: Vec<TreeNodeOut>,
    found_total: u64,
    message: Option<String>,
}

/// `GET /oktru?node=…&q=…`
pub async fn page_oktru(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Response {
    let path = "/oktru";
    let p = Params::parse(q.as_deref(), tr);
    let c = Chrome::new(tr, path, q.as_deref()).demo(state.is_demo());
    let text = p.str("q").ok().flatten().unwrap_or_default();
    let mut page = OktruPage {
        c,
        q: text.clone(),
        tree: None,
        found: Vec::new(),
        found_total: 0,
        message: None,
    };
    if !text.is_empty() {
        match search::parse(&text) {
            Err(search::QueryError::TooShort) => {
                page.message = Some(tr.t("error-search-query-too-short"))
            }
            Err(search::QueryError::TooLong) => {
                page.message = Some(tr.t("error-search-query-too-long"))
            }
            Ok(parsed) => {
                let st = Arc::clone(&state);
                match tokio::task::spawn_blocking(move || st.nodes.search(&parsed, None, 0, 100))
                    .await
                {
                    Ok(Ok(r)) => {
                        let labels = state.labels();
                        page.found_total = r.total;
                        page.found = r
                            .codes
                            .into_iter()
                            .map(|code| {
                                let n = labels.oktru.get(&code);
                                TreeNodeOut {
                                    level: OktruCode::parse(&code)
                                        .map(|c| c.level().as_str().to_string())
                                        .unwrap_or_default(),
                                    name_ru: n.map(|n| n.ru.clone()).unwrap_or_default(),
                                    name_kk: n.and_then(|n| n.kk.clone()),
                                    id: code,
                                    count: 0,
                                    has_children: false,
                                }
                            })
                            .collect();
                        if page.found.is_empty() {
                            page.message = Some(tr.t("search-nothing-found"));
                        }
                    }
                    _ => return error_page(tr, path, &ApiError::internal("node search failed")),
                }
            }
        }
        return render_status(StatusCode::OK, &page);
    }
    let node = p.str("node").ok().flatten();
    match oktru_tree(&state, node.as_deref()).await {
        Ok(t) => page.tree = Some(t),
        Err(e) => return error_page(tr, path, &e),
    }
    render_status(StatusCode::OK, &page)
}
