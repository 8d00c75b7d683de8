//! What every HTML page shares: the layout's context ([`Chrome`]: language, translations,
//! language-switch links, navigation) and rendering a template into a response.

use crate::i18n::Tr;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use kernel::Lang;

/// A link of the language switch.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// The layout's context.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub tr: Tr,
    pub path: String,
    pub langs: Vec<LangLink>,
    /// Shown in the header of every page built from demo data.
    pub demo: bool,
    /// SIG-65: the server trusts Tauar's test PKI — a red banner on every page.
    pub test_keys: bool,
}

tokio::task_local! {
    /// Whether the server of the current request trusts the test PKI (set by
    /// `middleware::test_keys_layer`, read by every page's [`Chrome`]).
    pub static TEST_KEYS: bool;
}

/// `path?query` with `lang` replaced.
pub fn with_lang(path: &str, query: Option<&str>, lang: Lang) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if k != "lang" {
            ser.append_pair(&k, &v);
        }
    }
    ser.append_pair("lang", lang.code());
    format!("{path}?{}", ser.finish())
}

impl Chrome {
    pub fn new(tr: Tr, path: &str, query: Option<&str>) -> Chrome {
        let langs = Lang::ALL
            .iter()
            .map(|&l| LangLink {
                code: l.code(),
                name: l.native_name(),
                href: with_lang(path, query, l),
                current: l == tr.lang,
            })
            .collect();
        Chrome {
            tr,
            path: path.to_string(),
            langs,
            demo: false,
            test_keys: TEST_KEYS.try_with(|v| *v).unwrap_or(false),
        }
    }

    pub fn demo(mut self, demo: bool) -> Chrome {
        self.demo = demo;
        self
    }

    /// Is `prefix` the current section (for the navigation)?
    pub fn at(&self, prefix: &str) -> bool {
        if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        }
    }
}

/// Renders a page; a template error is a bug, shown as a 500 with nothing leaked.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => {
            let mut res = Html(html).into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

/// Renders a page with a status.
pub fn render_status<T: Template>(status: StatusCode, page: &T) -> Response {
    let mut res = render(page);
    if res.status() == StatusCode::OK {
        *res.status_mut() = status;
    }
    res
}
