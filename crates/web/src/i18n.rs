//! The request's language (CAT-2): `?lang=` wins, then the `lang` cookie, then
//! `Accept-Language`, then Russian. Pages carry a [`Tr`] that templates call for every text.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use kernel::{Lang, Messages};

/// Translation helper for one language, used by templates: `{{ tr.t("nav-search") }}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        Messages::get().t(self.lang, id)
    }

    /// The message `id` with arguments.
    pub fn t_args(&self, id: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, kernel::i18n::FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, kernel::i18n::FluentValue::from(v.as_str())))
            .collect();
        Messages::get().t_args(self.lang, id, &args)
    }

    /// The message `id` with a number `count` (plural forms).
    pub fn n(&self, id: &str, count: impl std::borrow::Borrow<u64>) -> String {
        Messages::get().t_args(self.lang, id, &[("count", (*count.borrow() as f64).into())])
    }

    /// The message whose id is `prefix` followed by `key` (`type-` + `goods`): for ids built
    /// from a stored value.
    pub fn tk(&self, prefix: &str, key: &str) -> String {
        self.t(&format!("{prefix}{key}"))
    }

    /// A number with spaces between thousands (CAT-5).
    pub fn num(&self, n: impl std::borrow::Borrow<u64>) -> String {
        kernel::time::group_thousands(*n.borrow())
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// Picks the text of the current language: kk, ru or en, with Russian as the fallback.
    pub fn pick<'a>(&self, ru: &'a str, kk: Option<&'a str>, en: Option<&'a str>) -> &'a str {
        match self.lang {
            Lang::Kk => kk.filter(|s| !s.is_empty()).unwrap_or(ru),
            Lang::En => en.filter(|s| !s.is_empty()).unwrap_or(ru),
            Lang::Ru => ru,
        }
    }
}

/// Reads the language of a request.
pub fn lang_of(parts: &Parts) -> (Lang, bool) {
    if let Some(q) = parts.uri.query() {
        for (k, v) in form_urlencoded::parse(q.as_bytes()) {
            if k == "lang"
                && let Some(l) = Lang::parse(&v)
            {
                return (l, true);
            }
        }
    }
    if let Some(cookies) = parts
        .headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
    {
        for c in cookies.split(';') {
            if let Some(v) = c.trim().strip_prefix("lang=")
                && let Some(l) = Lang::parse(v)
            {
                return (l, false);
            }
        }
    }
    let accept = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    (
        Lang::from_accept_language(accept).unwrap_or_default(),
        false,
    )
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Tr, Self::Rejection> {
        Ok(Tr::new(lang_of(parts).0))
    }
}
