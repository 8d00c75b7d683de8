//! Operations: health, readiness, Prometheus metrics, static assets, the problem-type pages,
//! and the fallbacks for unknown paths and methods.

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::params::PathParam;
use crate::problem::{ApiError, ApiFailure};
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use kernel::ErrorCode;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// The state of the server.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` once searches can be served, `starting` before.
    pub status: String,
    /// What the server is doing while it starts.
    pub phase: String,
    pub done: u64,
    pub total: u64,
    pub codes_indexed: u64,
    pub goods_indexed: u64,
}

/// `GET /healthz`: 200 once searches can be served, 503 while starting.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    let s = state.status();
    let ready = state.is_ready();
    let body = Health {
        status: if ready {
            "ok".into()
        } else {
            "starting".into()
        },
        phase: s.phase,
        done: s.done,
        total: s.total,
        codes_indexed: state.codes.num_docs(),
        goods_indexed: state.goods.num_docs(),
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// `GET /readyz`: the same answer as `/healthz` (for load balancers that expect the name).
pub async fn readyz(state: State<Arc<AppState>>) -> Response {
    healthz(state).await
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let body = state
        .metrics
        .as_ref()
        .map(|h| h.render())
        .unwrap_or_default();
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    res
}

const HTMX: &[u8] = include_bytes!("../../assets/htmx-2.0.11.min.js");
const CSS: &[u8] = include_bytes!("../../assets/tauar-1.css");
const JS: &[u8] = include_bytes!("../../assets/tauar-1.js");
const NCALAYER_JS: &[u8] = include_bytes!("../../assets/ncalayer-2.js");

/// `GET /assets/{file}`: files compiled into the binary; names carry versions, so they are
/// cached for a year.
pub async fn asset(PathParam(file): PathParam<String>) -> Response {
    let (body, ty): (&'static [u8], &'static str) = match file.as_str() {
        "htmx-2.0.11.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "tauar-1.css" => (CSS, "text/css; charset=utf-8"),
        "tauar-1.js" => (JS, "text/javascript; charset=utf-8"),
        "ncalayer-2.js" => (NCALAYER_JS, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res
}

#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemPage {
    c: Chrome,
    code: String,
    title: String,
    status: u16,
}

/// `GET /problems/{code}`: what a problem `type` means, for people who follow the link.
pub async fn problem_type(tr: Tr, PathParam(slug): PathParam<String>) -> Response {
    let code = ErrorCode::parse(&slug.to_ascii_uppercase().replace('-', "_"));
    let c = Chrome::new(tr, "/problems", None);
    match code {
        Some(code) => {
            let page = ProblemPage {
                c,
                code: code.as_str().to_string(),
                title: ApiError::new(code).arg("limit", "N").title(tr, "…"),
                status: code.status(),
            };
            render_status(StatusCode::OK, &page)
        }
        None => not_found_page(tr, "/problems"),
    }
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    c: Chrome,
    title: String,
}

pub fn not_found_page(tr: Tr, path: &str) -> Response {
    let page = NotFoundPage {
        c: Chrome::new(tr, path, None),
        title: tr.t("error-not-found"),
    };
    render_status(StatusCode::NOT_FOUND, &page)
}

/// Unknown paths: a problem document under `/api/`, a page elsewhere.
pub async fn fallback(tr: Tr, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiFailure(ApiError::new(ErrorCode::NotFound)).into_response()
    } else {
        not_found_page(tr, uri.path())
    }
}

/// A known path with a method it does not take.
pub async fn method_not_allowed() -> Response {
    ApiFailure(ApiError::new(ErrorCode::MethodNotAllowed)).into_response()
}
