//! «Заявки на регистрацию пользователей ЕНС ТРУ» of the authorized body (ACC-95, ACC-152,
//! E2/E3, AS-68): the paged queue with the columns «Дата подачи», «ФИО», «Электронная почта»,
//! «БИН», «Организация», «Статус» (a status filter, «Подана» by default, and a search), the
//! request with its position, phone, signature facts and the power of attorney (the file as
//! stored), «Аккредитовать» after a confirmation page and «Отказать» with a required reason.

use super::{
    MenuLink, REQUEST_STATUSES, confirm_page, menu, message, refused, request_status_label,
};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::Params;
use crate::routes::Pager;
use crate::routes::visitor::{Me, Refusal, Shown, me, posted, query_param, refusal, when};
use crate::state::AppState;
use accounts::ens::{EnsDecision, EnsRequestView};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/ens/admin/requests", get(page_queue))
        .route("/ens/admin/requests/{id}", get(page_request))
        .route(
            "/ens/admin/requests/{id}/power-of-attorney",
            get(page_power_of_attorney),
        )
        .route("/ens/admin/requests/{id}/accredit", post(page_accredit))
        .route("/ens/admin/requests/{id}/refuse", post(page_refuse))
}

const QUEUE: &str = "/ens/admin/requests";

// ---- the queue ----

struct QueueRow {
    id: i64,
    submitted: String,
    full_name: String,
    email: String,
    bin: String,
    organisation: String,
    status: String,
    status_code: String,
}

#[derive(Template)]
#[template(path = "ens_admin/requests.html")]
struct QueuePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    q: String,
    /// (code, label, selected).
    statuses: Vec<(String, String, bool)>,
    total: i64,
    found: String,
    rows: Vec<QueueRow>,
    pager: Pager,
}

/// `GET /ens/admin/requests?status=&q=&page=&per_page=`.
async fn page_queue(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let p = Params::parse(query.as_deref(), tr);
    let (page, status) = match (p.page(), p.one_of("status", REQUEST_STATUSES)) {
        (Ok(page), Ok(status)) => (page, status.unwrap_or_else(|| "SUBMITTED".into())),
        (Err(e), _) | (_, Err(e)) => return crate::routes::error_page(tr, QUEUE, &e),
    };
    let q = p.str("q").ok().flatten().unwrap_or_default();
    let found = match me.a.ens_request_page(&me.s, Some(&status), &q, &page).await {
        Ok(f) => f,
        Err(e) => return refused(tr, &me, QUEUE, e, "/cabinet"),
    };
    let pager = Pager::new(
        QUEUE,
        query.as_deref(),
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    render(&QueuePage {
        c: Chrome::new(tr, QUEUE, query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        menu: menu(tr, &me),
        q,
        statuses: REQUEST_STATUSES
            .iter()
            .map(|s| (s.to_string(), request_status_label(tr, s), *s == status))
            .collect(),
        total: found.total,
        found: tr.t_args("ensa-found", &[("count", found.total.to_string())]),
        rows: found
            .items
            .into_iter()
            .map(|i| QueueRow {
                id: i.request.id,
                submitted: when(i.request.created_at),
                full_name: format!("{} {}", i.request.last_name, i.request.first_name),
                email: i.request.email,
                bin: i.request.bin,
                organisation: i.participant_name,
                status: request_status_label(tr, &i.request.status),
                status_code: i.request.status,
            })
            .collect(),
        pager,
    })
}

// ---- one request ----

#[derive(Template)]
#[template(path = "ens_admin/request.html")]
struct RequestPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    id: i64,
    status_code: String,
    props: Vec<(String, String)>,
    /// (label, value) of the signature of «Подать заявку».
    signature: Vec<(String, String)>,
    file_name: String,
    file_size: String,
    notice: Option<String>,
    error: Option<(String, String)>,
    errors: HashMap<String, String>,
    reason: String,
}

fn request_page(tr: Tr, me: &Me, v: EnsRequestView) -> RequestPage {
    let r = &v.request;
    let mut props = vec![
        (tr.t("ensa-col-submitted"), when(r.created_at)),
        (tr.t("ensa-col-status"), request_status_label(tr, &r.status)),
        (
            tr.t("ensa-col-name"),
            format!("{} {}", r.last_name, r.first_name),
        ),
        (tr.t("ensa-col-email"), r.email.clone()),
        (tr.t("ensa-col-bin"), r.bin.clone()),
        (tr.t("ensa-col-org"), v.participant_name.clone()),
        (tr.t("ensa-position"), r.position.clone()),
        (tr.t("ensa-phone"), r.phone.clone()),
        (tr.t("ensa-agreement"), r.agreement_version.clone()),
    ];
    if let Some(reason) = &r.refusal_reason {
        props.push((tr.t("ensa-refusal-reason"), reason.clone()));
    }
    if let Some(at) = r.decided_at {
        props.push((tr.t("ensa-decided-at"), when(at)));
    }
    let signature = match &v.signature {
        Some(g) => vec![
            (
                tr.t("ensa-sig-signer"),
                format!(
                    "{} {}{}",
                    r.last_name,
                    r.first_name,
                    g.iin
                        .as_deref()
                        .map(|i| format!(" ({} {i})", tr.t("ensa-sig-iin")))
                        .unwrap_or_default()
                ),
            ),
            (
                tr.t("ensa-col-bin"),
                g.bin.clone().unwrap_or_else(|| "—".into()),
            ),
            (tr.t("ensa-sig-time"), when(g.signing_time)),
            (tr.t("ensa-sig-serial"), g.cert_serial.clone()),
            (tr.t("ensa-sig-issuer"), g.cert_issuer.clone()),
        ],
        None => Vec::new(),
    };
    RequestPage {
        c: Chrome::new(tr, &format!("{QUEUE}/{}", r.id), None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        menu: super::menu(tr, me),
        id: r.id,
        status_code: r.status.clone(),
        props,
        signature,
        file_name: r.poa_file_name.clone(),
        file_size: format!("{} KB", (r.poa_size.max(0) as u64).div_ceil(1024)),
        notice: None,
        error: None,
        errors: HashMap::new(),
        reason: String::new(),
    }
}

/// The request page with a notice or a refusal (the reason typed kept).
async fn show(
    tr: Tr,
    me: &Me,
    id: i64,
    notice: Option<String>,
    failed: Option<Refusal>,
    reason: &str,
) -> Response {
    let path = format!("{QUEUE}/{id}");
    let v = match me.a.ens_request_view(&me.s, id).await {
        Ok(v) => v,
        Err(e) => return refused(tr, me, &path, e, QUEUE),
    };
    let mut page = request_page(tr, me, v);
    page.notice = notice;
    page.reason = reason.to_string();
    let shown = Shown::of(failed);
    page.error = shown.error;
    page.errors = shown.errors;
    render_status(shown.status, &page)
}

fn id_of(raw: &str) -> Option<i64> {
    raw.parse().ok()
}

fn not_found(tr: Tr, path: &str) -> Response {
    crate::routes::error_page(
        tr,
        path,
        &crate::problem::ApiError::new(kernel::ErrorCode::NotFound),
    )
}

/// `GET /ens/admin/requests/{id}`.
async fn page_request(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(id) = id_of(&raw) else {
        return not_found(tr, QUEUE);
    };
    let notice = match query_param(query.as_deref(), "done").as_deref() {
        Some("accredited") => Some(tr.t("ensa-accredited-notice")),
        Some("refused") => Some(tr.t("ensa-refused-notice")),
        _ => None,
    };
    show(tr, &me, id, notice, None, "").await
}

/// `GET /ens/admin/requests/{id}/power-of-attorney` — the file as stored, with its type, as an
/// attachment that the browser neither renders inline nor sniffs.
async fn page_power_of_attorney(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(raw): Path<String>,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(id) = id_of(&raw) else {
        return not_found(tr, QUEUE);
    };
    let (name, mime, bytes) = match me.a.ens_power_of_attorney(&me.s, id).await {
        Ok(f) => f,
        Err(e) => return refused(tr, &me, &format!("{QUEUE}/{id}"), e, QUEUE),
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// RFC 6266: an ASCII fallback name and the UTF-8 name percent-encoded (RFC 8187), so no quote,
/// control character or path of the uploaded name reaches the header.
fn content_disposition(name: &str) -> String {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"power-of-attorney{ext}\"; filename*=UTF-8''{encoded}")
}

/// `POST /ens/admin/requests/{id}/accredit` — E2 «Аккредитовать»: a confirmation page first
/// (it cannot be undone); «Нет» goes back to the request.
async fn page_accredit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(raw): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = id_of(&raw) else {
        return not_found(tr, QUEUE);
    };
    let back = format!("{QUEUE}/{id}");
    match f.get("confirm") {
        "yes" => {}
        "no" => return Redirect::to(&back).into_response(),
        _ => {
            let v = match me.a.ens_request_view(&me.s, id).await {
                Ok(v) => v,
                Err(e) => return refused(tr, &me, &back, e, QUEUE),
            };
            let r = &v.request;
            return confirm_page(
                tr,
                &me,
                &back,
                (
                    tr.t("ensa-accredit"),
                    tr.t("ensa-accredit-question"),
                    format!(
                        "{} {} · {} · {} {}",
                        r.last_name, r.first_name, r.email, r.bin, v.participant_name
                    ),
                ),
                format!("{back}/accredit"),
                Vec::new(),
            );
        }
    }
    let d = EnsDecision {
        accredit: true,
        reason: None,
    };
    match me.a.decide_ens_request(&me.s, id, &d, &me.origin()).await {
        Ok(_) => Redirect::to(&format!("{back}?done=accredited")).into_response(),
        Err(e) => failed(tr, &me, id, e, "").await,
    }
}

/// `POST /ens/admin/requests/{id}/refuse` — E3 «Отказать» with «Причина отказа».
async fn page_refuse(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(raw): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = id_of(&raw) else {
        return not_found(tr, QUEUE);
    };
    let d = EnsDecision {
        accredit: false,
        reason: f.opt("reason"),
    };
    match me.a.decide_ens_request(&me.s, id, &d, &me.origin()).await {
        Ok(_) => Redirect::to(&format!("{QUEUE}/{id}?done=refused")).into_response(),
        Err(e) => failed(tr, &me, id, e, f.get("reason")).await,
    }
}

/// A refused decision: 403 and 404 as a page of their own, anything else (a missing reason,
/// MSG-MEMBER-BLOCKED) on the request page.
async fn failed(tr: Tr, me: &Me, id: i64, e: accounts::AccountsError, reason: &str) -> Response {
    match refusal(tr, e) {
        Ok(r) if r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND => {
            message(tr, me, &format!("{QUEUE}/{id}"), r, QUEUE)
        }
        Ok(r) => show(tr, me, id, None, Some(r), reason).await,
        Err(res) => res,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_95_the_download_name_cannot_break_the_header() {
        assert_eq!(
            content_disposition("dover.pdf"),
            "attachment; filename=\"power-of-attorney.pdf\"; filename*=UTF-8''dover.pdf"
        );
        let h = content_disposition("до\"в\r\n.pdf");
        assert!(h.starts_with("attachment; filename=\"power-of-attorney.pdf\""));
        assert!(!h.contains('\r') && !h.contains('\n'));
        assert_eq!(h.matches('"').count(), 2);
        assert!(HeaderValue::from_str(&h).is_ok());
        assert_eq!(
            content_disposition("x"),
            "attachment; filename=\"power-of-attorney\"; filename*=UTF-8''x"
        );
    }
}
