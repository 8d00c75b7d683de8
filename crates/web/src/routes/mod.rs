//! The routes of the web UI and of the JSON API, and what pages share (pager, error page).

pub mod admin;
pub mod admin_dict;
pub mod admin_pages;
pub mod admin_participants;
pub mod agreements;
pub mod audit;
pub mod audit_pages;
pub mod auth;
pub mod auth_pages;
pub mod bank_import;
pub mod cabinet_notice;
pub mod calendar;
pub mod classifiers;
pub mod codes;
pub mod dict;
pub mod ens;
pub mod ens_admin_pages;
pub mod ens_pages;
pub mod goods;
pub mod notifications;
pub mod ops;
pub mod org_pages;
pub mod participants;
pub mod profile;
pub mod profile_pages;
pub mod signatures;
pub(crate) mod visitor;

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::problem::{ApiError, ApiFailure};
use crate::state::AppState;
use askama::Template;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use kernel::ErrorCode;
use std::sync::Arc;

/// Runs a search on the blocking pool (tantivy work is CPU-bound) once the server is ready,
/// and records its time under `index`.
pub async fn run_blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    index: &'static str,
    search: impl FnOnce(&AppState) -> Result<T, search::SearchError> + Send + 'static,
) -> Result<T, ApiError> {
    if !state.is_ready() {
        return Err(ApiError::new(ErrorCode::ServiceUnavailable));
    }
    let st = Arc::clone(state);
    let started = std::time::Instant::now();
    let r = tokio::task::spawn_blocking(move || search(&st))
        .await
        .map_err(ApiError::internal)??;
    metrics::histogram!("search_seconds", "index" => index).record(started.elapsed().as_secs_f64());
    Ok(r)
}

/// An export's failure: an error page for a browser that followed the link, a problem
/// document for an API client.
pub fn export_failure(tr: Tr, headers: &HeaderMap, path: &str, e: ApiError) -> Response {
    let html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if html {
        error_page(tr, path, &e)
    } else {
        ApiFailure(e).into_response()
    }
}

/// CAT-110: the link of a suggested word — the query with the word in place of its token.
pub fn suggestion_href(
    path: &str,
    query: Option<&str>,
    q: &str,
    token: &str,
    word: &str,
) -> String {
    let replaced: Vec<String> = kernel::text::search_words(q)
        .into_iter()
        .map(|w| {
            if kernel::text::fold(&w) == token {
                word.to_string()
            } else {
                w
            }
        })
        .collect();
    url_with(
        path,
        query,
        &[("q", replaced.join(" ")), ("page", String::new())],
    )
}

/// One link of a pager.
#[derive(Debug, Clone, Default)]
pub struct PageLink {
    pub label: String,
    /// Empty for an ellipsis.
    pub href: String,
    pub current: bool,
}

/// The paginator and the page-size switch (CAT-114 items 5–6, CAT-118).
#[derive(Debug, Clone, Default)]
pub struct Pager {
    pub pages: u64,
    pub links: Vec<PageLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub sizes: Vec<PageLink>,
    pub show_sizes: bool,
}

/// `path?query` with `page` (and optionally `per_page`) replaced.
pub fn url_with(path: &str, query: Option<&str>, set: &[(&str, String)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if !set.iter().any(|(s, _)| *s == k) {
            ser.append_pair(&k, &v);
        }
    }
    for (k, v) in set {
        if !v.is_empty() {
            ser.append_pair(k, v);
        }
    }
    let q = ser.finish();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

impl Pager {
    pub fn new(path: &str, query: Option<&str>, page: u32, per_page: u32, total: u64) -> Pager {
        let pages = total.div_ceil(per_page as u64).max(1);
        let max_page = pages.min(kernel::page::MAX_OFFSET / per_page as u64 + 1);
        let href = |p: u64| url_with(path, query, &[("page", p.to_string())]);
        let cur = page as u64;
        let mut links = Vec::new();
        let mut last_added = 0u64;
        for p in 1..=max_page {
            let near = p == 1 || p == max_page || p.abs_diff(cur) <= 2;
            if near {
                if p > last_added + 1 {
                    links.push(PageLink {
                        label: "…".into(),
                        href: String::new(),
                        current: false,
                    });
                }
                links.push(PageLink {
                    label: p.to_string(),
                    href: href(p),
                    current: p == cur,
                });
                last_added = p;
            }
        }
        let sizes = kernel::page::PAGE_SIZES
            .iter()
            .map(|&s| PageLink {
                label: s.to_string(),
                // CAT-118: changing the page size goes back to page 1.
                href: url_with(
                    path,
                    query,
                    &[("page", String::new()), ("per_page", s.to_string())],
                ),
                current: s == per_page,
            })
            .collect();
        Pager {
            pages,
            prev: (cur > 1).then(|| href(cur - 1)),
            next: (cur < max_page).then(|| href(cur + 1)),
            links,
            sizes,
            show_sizes: total > kernel::page::PAGE_SIZES[0] as u64,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    title: String,
    detail: Option<String>,
}

/// An error shown as a page in the user's language.
pub fn error_page(tr: Tr, path: &str, e: &ApiError) -> Response {
    if let Some(cause) = &e.cause {
        tracing::error!(%path, %cause, "page failed");
    }
    let page = ErrorPage {
        c: Chrome::new(tr, path, None),
        title: e.title(tr, "-"),
        detail: e.detail.clone(),
    };
    render_status(e.status(), &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cat_118_pager_links_and_sizes() {
        let p = Pager::new("/search", Some("q=болт&page=3&per_page=10"), 3, 10, 25);
        assert_eq!(p.pages, 3);
        assert_eq!(
            p.links.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
            ["1", "2", "3"]
        );
        assert!(p.links[2].current);
        assert!(p.next.is_none());
        // Changing the size drops the page number (back to page 1).
        let s20 = p.sizes.iter().find(|s| s.label == "20").unwrap();
        assert!(!s20.href.contains("page=3"));
        assert!(s20.href.contains("per_page=20"));
        let big = Pager::new("/x", None, 50, 10, 10_000);
        assert!(big.links.iter().any(|l| l.label == "…"));
        assert_eq!(big.links.last().unwrap().label, "1000");
    }
}
