//! «Журнал аудита» of a `PLATFORM_ADMIN` as pages (§4.9 `adm.audit`; ACC-34, ACC-167…ACC-169):
//! the filters (user by ИИН or id, entry type, action, object, outcome, dates), the paged list
//! newest first with times in Asia/Almaty (ACC-3), one entry with its detail and chain links,
//! and «Проверить цепочку» (the check of `tauar audit verify`). Read only: no form here changes
//! anything. Anyone else gets the 403 page (the service decides, and audits the refusal).

use crate::i18n::Tr;
use crate::page::{Chrome, render};
use crate::params::{Params, PathParam};
use crate::routes::audit::{LIST_PARAMS, filter_of};
use crate::routes::auth::from_accounts;
use crate::routes::visitor::{me, when};
use crate::routes::{Pager, error_page};
use crate::state::AppState;
use accounts::SessionInfo;
use accounts::audit_view::AuditEntryView;
use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::get;
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/audit", get(page_list))
        .route("/admin/audit/verify", get(page_verify))
        .route("/admin/audit/{seq}", get(page_entry))
}

/// «Журнал аудита» in the cabinet's menu of a `PLATFORM_ADMIN`.
pub fn menu(tr: Tr, s: &SessionInfo) -> Vec<(&'static str, String, &'static str)> {
    if accounts::new_banks::has_role(s, "PLATFORM_ADMIN") {
        vec![("/admin/audit", tr.t("aud-title"), "audit")]
    } else {
        Vec::new()
    }
}

/// A row of the list, ready to show.
struct Row {
    seq: i64,
    at: String,
    kind: String,
    action: String,
    actor: String,
    actor_id: String,
    object: String,
    outcome: String,
    outcome_code: String,
    ip: String,
}

fn outcome_label(tr: Tr, o: Option<&str>) -> String {
    match o {
        Some("OK") => tr.t("aud-outcome-ok"),
        Some("DENIED") => tr.t("aud-outcome-denied"),
        Some("INVALID") => tr.t("aud-outcome-invalid"),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn kind_label(tr: Tr, k: &str) -> String {
    match k {
        "act" | "refusal" | "event" => tr.t(&format!("aud-kind-{k}")),
        other => other.to_string(),
    }
}

fn row(tr: Tr, e: &AuditEntryView) -> Row {
    Row {
        seq: e.seq,
        at: when(e.at_ms),
        kind: kind_label(tr, &e.kind),
        action: e.action.clone(),
        actor: e
            .actor_name
            .clone()
            .or_else(|| e.actor_account_id.clone())
            .unwrap_or_default(),
        actor_id: e.actor_account_id.clone().unwrap_or_default(),
        object: match (&e.object_type, &e.object_id) {
            (Some(t), Some(id)) => format!("{t}: {id}"),
            (None, Some(id)) => id.clone(),
            _ => String::new(),
        },
        outcome: outcome_label(tr, e.outcome.as_deref()),
        outcome_code: e.outcome.clone().unwrap_or_default(),
        ip: e.client_ip.clone().unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    /// The filter's fields as typed: (name, value).
    actor: String,
    kind: String,
    action: String,
    object: String,
    outcome: String,
    from: String,
    to: String,
    kinds: Vec<(&'static str, String)>,
    outcomes: Vec<(&'static str, String)>,
    total: i64,
    found: String,
    rows: Vec<Row>,
    pager: Pager,
}

/// `GET /admin/audit?actor=&kind=&action=&object=&outcome=&from=&to=&page=&per_page=`.
async fn page_list(
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
    let parsed = p
        .only(LIST_PARAMS)
        .and_then(|_| Ok((p.page()?, filter_of(&p, tr)?)));
    let (page, filter) = match parsed {
        Ok(x) => x,
        Err(e) => return error_page(tr, "/admin/audit", &e),
    };
    let found = match me.a.audit_log(&me.s, &filter, &page).await {
        Ok(f) => f,
        Err(e) => return error_page(tr, "/admin/audit", &from_accounts(tr, e)),
    };
    let typed = |k: &str| p.str(k).ok().flatten().unwrap_or_default();
    let pager = Pager::new(
        "/admin/audit",
        query.as_deref(),
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    render(&ListPage {
        c: Chrome::new(tr, "/admin/audit", query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        actor: typed("actor"),
        kind: typed("kind"),
        action: typed("action"),
        object: typed("object"),
        outcome: typed("outcome"),
        from: typed("from"),
        to: typed("to"),
        kinds: accounts::audit_view::KINDS
            .iter()
            .map(|k| (*k, kind_label(tr, k)))
            .collect(),
        outcomes: accounts::audit_view::OUTCOMES
            .iter()
            .map(|o| (*o, outcome_label(tr, Some(o))))
            .collect(),
        total: found.total,
        found: if found.total_capped {
            tr.t_args("aud-found-more", &[("count", found.total.to_string())])
        } else {
            tr.t_args("aud-found", &[("count", found.total.to_string())])
        },
        rows: found.items.iter().map(|e| row(tr, e)).collect(),
        pager,
    })
}

#[derive(Template)]
#[template(path = "audit/entry.html")]
struct EntryPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    props: Vec<(String, String)>,
    detail: String,
    prev_hash: String,
    hash: String,
}

/// `GET /admin/audit/{seq}`.
async fn page_entry(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(seq): PathParam<i64>,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let path = format!("/admin/audit/{seq}");
    let e = match me.a.audit_entry(&me.s, seq).await {
        Ok(e) => e,
        Err(err) => return error_page(tr, &path, &from_accounts(tr, err)),
    };
    let r = row(tr, &e);
    let mut props = vec![
        (tr.t("aud-col-at"), r.at),
        (tr.t("aud-col-kind"), r.kind),
        (tr.t("aud-col-action"), r.action),
        (tr.t("aud-col-actor"), {
            match (&e.actor_name, &e.actor_account_id) {
                (Some(n), Some(id)) => format!("{n} ({id})"),
                (None, Some(id)) => id.clone(),
                _ => String::new(),
            }
        }),
        (tr.t("aud-col-object"), r.object),
        (tr.t("aud-col-outcome"), r.outcome),
        (tr.t("aud-col-ip"), r.ip),
    ];
    let opt = [
        (
            "aud-signature",
            e.signature_id.map(|s| format!("№ {s}")).unwrap_or_default(),
        ),
        ("aud-error-code", e.error_code.clone().unwrap_or_default()),
        (
            "aud-certificate",
            match (&e.cert_serial, &e.cert_issuer) {
                (Some(s), Some(i)) => format!("{s} ({i})"),
                (Some(s), None) => s.clone(),
                _ => String::new(),
            },
        ),
        ("aud-signer-iin", e.iin.clone().unwrap_or_default()),
    ];
    for (k, v) in opt {
        if !v.is_empty() {
            props.push((tr.t(k), v));
        }
    }
    render(&EntryPage {
        c: Chrome::new(tr, &path, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        title: tr.t_args("aud-entry-title", &[("seq", seq.to_string())]),
        props,
        detail: serde_json::to_string_pretty(&e.detail).unwrap_or_default(),
        prev_hash: e.prev_hash.clone().unwrap_or_default(),
        hash: e.hash.clone().unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "audit/verify.html")]
struct VerifyPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    ok: bool,
    summary: String,
    broken: Option<String>,
    faults: Option<String>,
    breaks: Vec<(i64, String)>,
}

/// `GET /admin/audit/verify` — «Проверить цепочку».
async fn page_verify(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let v = match me.a.audit_verify(&me.s).await {
        Ok(v) => v,
        Err(e) => return error_page(tr, "/admin/audit/verify", &from_accounts(tr, e)),
    };
    render(&VerifyPage {
        c: Chrome::new(tr, "/admin/audit/verify", None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        ok: v.ok,
        summary: tr.t_args(
            "aud-verify-ok",
            &[
                ("rows", v.rows.to_string()),
                ("last", v.last_seq.to_string()),
                ("signatures", v.signatures.to_string()),
            ],
        ),
        broken: v.first_broken.as_ref().map(|b| {
            tr.t_args(
                "aud-verify-broken",
                &[("seq", b.seq.to_string()), ("reason", b.reason.clone())],
            )
        }),
        faults: (!v.signature_faults.is_empty()).then(|| {
            tr.t_args(
                "aud-verify-faults",
                &[("count", v.signature_faults.len().to_string())],
            )
        }),
        breaks: v.breaks.iter().map(|b| (b.seq, b.reason.clone())).collect(),
    })
}
