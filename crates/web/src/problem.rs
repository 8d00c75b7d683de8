//! Every error a client or a user can see, and how it becomes an RFC 9457 problem document
//! (API) or an error page (HTML). One place decides the status and the message: the code
//! registry of `kernel::error`, with titles from the Fluent files in the request's language.

use crate::i18n::Tr;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kernel::ErrorCode;
use serde::Serialize;
use utoipa::ToSchema;

/// An error with its public code and, optionally, a detail in the user's language.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    /// Already translated detail (e.g. which parameter and why).
    pub detail: Option<String>,
    /// Arguments for the code's title (e.g. `limit` of EXPORT_TOO_LARGE).
    pub title_args: Vec<(&'static str, String)>,
    /// For 500s: the cause, logged once with the request id, never shown.
    pub cause: Option<String>,
    /// Field errors of a form (ACC-41: every error at once), each a code of its own.
    pub fields: Vec<(&'static str, ErrorCode)>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> ApiError {
        ApiError {
            code,
            detail: None,
            title_args: Vec::new(),
            cause: None,
            fields: Vec::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> ApiError {
        self.detail = Some(detail.into());
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> ApiError {
        self.title_args.push((name, value.to_string()));
        self
    }

    /// An unexpected failure: 500 with a request id; the cause goes to the log.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        ApiError {
            code: ErrorCode::Internal,
            detail: None,
            title_args: Vec::new(),
            cause: Some(cause.to_string()),
            fields: Vec::new(),
        }
    }

    /// A bad query parameter: `INVALID_PARAMETER` with the parameter's name and the reason.
    pub fn parameter(tr: Tr, name: &str, reason: String) -> ApiError {
        let detail = tr.t_args(
            "problem-parameter",
            &[("name", name.to_string()), ("reason", reason)],
        );
        ApiError::new(ErrorCode::InvalidParameter).detail(detail)
    }

    pub fn title(&self, tr: Tr, request_id: &str) -> String {
        let mut args: Vec<(&str, String)> = self
            .title_args
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect();
        if self.code == ErrorCode::Internal {
            args.push(("request_id", request_id.to_string()));
        }
        tr.t_args(&self.code.title_id(), &args)
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The problem document in `tr`'s language.
    pub fn problem(&self, tr: Tr, request_id: &str, instance: &str) -> Problem {
        let title = self.title(tr, request_id);
        Problem {
            r#type: self.code.type_uri(),
            detail: self.detail.clone().unwrap_or_else(|| title.clone()),
            title,
            status: self.code.status(),
            code: self.code.as_str().to_string(),
            instance: Some(instance.to_string()),
            request_id: request_id.to_string(),
            errors: self
                .fields
                .iter()
                .map(|(field, code)| FieldProblem {
                    field: field.to_string(),
                    code: code.as_str().to_string(),
                    message: tr.t(&code.title_id()),
                })
                .collect(),
        }
    }
}

impl From<search::SearchError> for ApiError {
    fn from(e: search::SearchError) -> ApiError {
        ApiError::internal(e)
    }
}

impl From<db::DbError> for ApiError {
    fn from(e: db::DbError) -> ApiError {
        ApiError::internal(e)
    }
}

/// RFC 9457 problem document, with Tauar's stable `code`.
#[derive(Debug, Serialize, ToSchema, serde::Deserialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem (`/problems/<code>`).
    #[schema(example = "/problems/search-query-too-short")]
    pub r#type: String,
    /// Short summary in the request's language.
    pub title: String,
    pub status: u16,
    /// What exactly was wrong, in the request's language (the title when there is nothing to
    /// add).
    pub detail: String,
    /// Stable machine-readable code, e.g. `SEARCH_QUERY_TOO_SHORT`.
    #[schema(example = "SEARCH_QUERY_TOO_SHORT")]
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Quote it when reporting a problem.
    pub request_id: String,
    /// The invalid fields of a form, when there are several (ACC-41).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One invalid field: its name, its code and the message shown under it.
#[derive(Debug, Serialize, ToSchema, serde::Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// The error of an API handler: turned into `application/problem+json` by
/// [`crate::middleware::problem_layer`], which knows the language and request id.
pub struct ApiFailure(pub ApiError);

impl From<ApiError> for ApiFailure {
    fn from(e: ApiError) -> ApiFailure {
        ApiFailure(e)
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        // The body is written by the middleware; the error rides in the extensions.
        let mut res = self.0.status().into_response();
        res.extensions_mut().insert(std::sync::Arc::new(self.0));
        res
    }
}

/// Renders a problem document.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut res = (status, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    res
}
