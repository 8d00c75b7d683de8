//! The routes of the web UI and of the JSON API, and what pages share (pager, error page).

pub mod calendar;
pub mod classifiers;
pub mod codes;
pub mod dict;
pub mod goods;
pub mod ops;

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::problem::ApiError;
use askama::Template;
use axum::response::Response;

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
