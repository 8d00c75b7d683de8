//! Query parameters read one by one, so that every bad value gets a message that names the
//! parameter and says what is allowed, in the user's language — never a 500 and never a
//! framework's English text.

use crate::i18n::Tr;
use crate::problem::ApiError;
use kernel::{ErrorCode, PageRequest, PageSizeError};

/// Longest value of any query parameter.
pub const MAX_PARAM_CHARS: usize = 1000;

/// The parsed query string of a request.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    tr: Tr,
}

impl Params {
    pub fn parse(query: Option<&str>, tr: Tr) -> Params {
        let pairs = form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Params { pairs, tr }
    }

    /// Refuses parameters this endpoint does not know (a typo such as `per_pag` must not be
    /// ignored silently). `lang` is always allowed.
    pub fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        for (k, _) in &self.pairs {
            if k != "lang" && !known.contains(&k.as_str()) {
                return Err(ApiError::parameter(
                    self.tr,
                    k,
                    self.tr.t("problem-unknown-parameter"),
                ));
            }
        }
        Ok(())
    }

    /// The last value of `name`, trimmed; empty values count as absent.
    pub fn str(&self, name: &str) -> Result<Option<String>, ApiError> {
        let v = self
            .pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string());
        match v {
            Some(v) if v.chars().count() > MAX_PARAM_CHARS => Err(ApiError::parameter(
                self.tr,
                name,
                self.tr
                    .t_args("problem-too-long", &[("max", MAX_PARAM_CHARS.to_string())]),
            )),
            Some(v) if v.is_empty() => Ok(None),
            other => Ok(other),
        }
    }

    /// All values of a repeated parameter.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn u32(&self, name: &str) -> Result<Option<u32>, ApiError> {
        match self.str(name)? {
            None => Ok(None),
            Some(v) => v.parse::<u32>().map(Some).map_err(|_| {
                ApiError::parameter(self.tr, name, self.tr.t("problem-expected-integer"))
            }),
        }
    }

    /// `true`/`false`, also `1`/`0`, `on` (HTML checkboxes) and `yes`/`no`.
    pub fn bool(&self, name: &str) -> Result<bool, ApiError> {
        match self.str(name)?.as_deref() {
            None => Ok(false),
            Some("true" | "1" | "on" | "yes") => Ok(true),
            Some("false" | "0" | "off" | "no") => Ok(false),
            Some(_) => Err(ApiError::parameter(
                self.tr,
                name,
                self.tr.t("problem-expected-boolean"),
            )),
        }
    }

    /// One of `allowed`, or absent.
    pub fn one_of(&self, name: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        match self.str(name)? {
            None => Ok(None),
            Some(v) if allowed.contains(&v.as_str()) => Ok(Some(v)),
            Some(_) => Err(ApiError::parameter(
                self.tr,
                name,
                self.tr
                    .t_args("problem-expected-one-of", &[("values", allowed.join(", "))]),
            )),
        }
    }

    /// `page` and `per_page` (CAT-118).
    pub fn page(&self) -> Result<PageRequest, ApiError> {
        let page = self.u32("page")?;
        let per_page = self.u32("per_page")?;
        PageRequest::new(page, per_page).map_err(|e| match e {
            PageSizeError::SizeNotAllowed => ApiError::new(ErrorCode::PageSizeNotAllowed),
            PageSizeError::OutOfRange => ApiError::new(ErrorCode::PageOutOfRange),
        })
    }

    pub fn tr(&self) -> Tr {
        self.tr
    }
}

/// A path parameter. A value that is not valid percent-encoded UTF-8 (e.g. `/code/%FF`) is a
/// `BAD_REQUEST` problem or error page, never the framework's plain-text rejection.
pub struct PathParam<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for PathParam<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned + Send,
{
    type Rejection = crate::problem::ApiFailure;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(PathParam(v)),
            Err(e) => {
                let tr = Tr::new(crate::i18n::lang_of(parts).0);
                Err(ApiError::new(ErrorCode::BadRequest)
                    .detail(format!("{}: {}", tr.t("problem-bad-path"), e.body_text()))
                    .into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel::Lang;

    fn p(q: &str) -> Params {
        Params::parse(Some(q), Tr::new(Lang::En))
    }

    #[test]
    fn typed_values_and_errors() {
        assert_eq!(p("page=2").u32("page").unwrap(), Some(2));
        let e = p("page=x").u32("page").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert!(e.detail.unwrap().contains("page"));
        assert!(p("name_only=on").bool("name_only").unwrap());
        assert!(p("name_only=maybe").bool("name_only").is_err());
        assert_eq!(
            p("type=works")
                .one_of("type", &["goods", "works"])
                .unwrap()
                .as_deref(),
            Some("works")
        );
        assert!(p("type=x").one_of("type", &["goods"]).is_err());
        assert_eq!(
            p("per_page=15").page().unwrap_err().code,
            ErrorCode::PageSizeNotAllowed
        );
        assert_eq!(
            p("page=0").page().unwrap_err().code,
            ErrorCode::PageOutOfRange
        );
        assert!(p("per_pag=10").only(&["per_page"]).is_err());
        assert!(p("lang=kk&per_page=10").only(&["per_page"]).is_ok());
        assert_eq!(p("attr=a&attr=b&attr=").all("attr"), ["a", "b"]);
    }
}
