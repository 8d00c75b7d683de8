//! The one middleware every request passes: request id, language, metrics, access log, the
//! problem documents of API errors and the language cookie.

use crate::i18n::{Tr, lang_of};
use crate::problem::{ApiError, problem_response};
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

fn next_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    format!("{:x}-{:x}", (t as u64) & 0xffff_ffff_ffff, n)
}

fn clone_error(e: &ApiError) -> ApiError {
    ApiError {
        code: e.code,
        detail: e.detail.clone(),
        title_args: e.title_args.clone(),
        cause: e.cause.clone(),
        fields: e.fields.clone(),
    }
}

/// Whether the request asks for JSON and not for HTML (`Accept`).
fn accepts_json(parts: &axum::http::request::Parts) -> bool {
    let accept = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    !accept.contains("text/html")
        && (accept.contains("application/json") || accept.contains("application/problem+json"))
}

/// Request id (`x-request-id`, echoed when the client sent a sane one), language, metrics,
/// access log, problem documents.
pub async fn app_layer(mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string)
        .unwrap_or_else(next_request_id);
    let (parts, body) = req.into_parts();
    let (lang, explicit) = lang_of(&parts);
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    let method = parts.method.clone();
    let path = parts.uri.path().to_string();
    // A script's call to a page's completion URL (`fetch` with `Accept: application/json`, as
    // `ncalayer-2.js` sends) reads a problem document, not an error page.
    let wants_problem = path.starts_with("/api/") || path == "/healthz" || accepts_json(&parts);
    req = Request::from_parts(parts, body);

    let mut res = next.run(req).await;

    if let Some(err) = res.extensions_mut().remove::<Arc<ApiError>>() {
        if let Some(cause) = &err.cause {
            tracing::error!(request_id = %id, %path, %cause, "request failed");
        }
        // The API answers with problem documents; pages with an error page in the same words.
        let retry = matches!(
            err.code,
            kernel::ErrorCode::SigRevocationUnavailable | kernel::ErrorCode::TooManyRequests
        );
        res = if wants_problem {
            problem_response(&err.problem(Tr::new(lang), &id, &path))
        } else {
            crate::routes::error_page(
                Tr::new(lang),
                &path,
                &ApiError {
                    cause: None,
                    ..clone_error(&err)
                },
            )
        };
        if retry {
            // SIG-55: "try again in a minute" is machine-readable too.
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
    } else if path.starts_with("/api/") && res.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
    {
        // The body-limit rejection of axum's extractors: a problem document like every other.
        res = problem_response(&ApiError::new(kernel::ErrorCode::PayloadTooLarge).problem(
            Tr::new(lang),
            &id,
            &path,
        ));
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    if explicit && !path.starts_with("/api/") {
        // Remember the language a visitor chose (CAT-2: a cookie for anonymous visitors).
        let cookie = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    if !res.headers().contains_key(header::CONTENT_LANGUAGE) {
        res.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
    }
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    let route_label = route.unwrap_or_else(|| "unmatched".to_string());
    metrics::counter!("http_requests_total", "route" => route_label.clone(), "status" => status.to_string()).increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route_label)
        .record(elapsed.as_secs_f64());
    tracing::info!(request_id = %id, %method, %path, status, ms = elapsed.as_secs_f64() * 1000.0, "request");
    res
}

/// SIG-65: marks the request of a server that trusts the test PKI, so that every page shows
/// the «test keys» banner.
pub async fn test_keys_layer(
    axum::extract::State(state): axum::extract::State<Arc<crate::state::AppState>>,
    req: Request,
    next: Next,
) -> Response {
    crate::page::TEST_KEYS
        .scope(state.trusts_test_pki(), next.run(req))
        .await
}

/// ACC-165: a server published over HTTPS tells browsers to use nothing else (HSTS, a year,
/// subdomains too). Every answer also forbids MIME sniffing and framing by other sites (the
/// signing pages must not be clickjacked into a foreign frame).
pub async fn security_headers(
    axum::extract::State(state): axum::extract::State<Arc<crate::state::AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if state.settings.public_base().starts_with("https:") {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}
