//! New-bank requests (ACC-84…ACC-87, ACC-148): «Мои заявки на регистрацию Банка» with the form
//! «Добавить новый банк», «Отправить на утверждение» → MSG-NEWBANK-CONFIRM «Да» / «Нет» (the
//! data kept) → MSG-NEWBANK-SENT; and the platform administrator's queue «Заявки на
//! регистрацию банков» with «Утвердить» and «Отклонить» («Причина отклонения»).

use super::*;
use crate::params::PathParam;
use accounts::store_org::NewBankRequest;
use accounts::{NewBankDecision, NewBankForm};
use axum::body::Bytes;
use axum::extract::State;

/// The fields of §2.12 in the order of the form.
const FIELDS: &[&str] = &[
    "bank_name_ru",
    "bank_name_kk",
    "bic",
    "country",
    "iban_code",
    "bank_bin",
    "address",
    "comment",
];

/// A request as the lists show it.
struct Row {
    r: NewBankRequest,
    sent: String,
    status: String,
}

fn row(tr: Tr, r: NewBankRequest) -> Row {
    Row {
        sent: when(r.sent_at),
        status: tr.t(&format!(
            "orgp-nb-status-{}",
            r.status.to_ascii_lowercase().replace('_', "-")
        )),
        r,
    }
}

#[derive(Template)]
#[template(path = "org/new_banks.html")]
struct MinePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    rows: Vec<Row>,
    pager: Pager,
    countries: Vec<(String, String)>,
    /// (name, label, required, value, error).
    fields: Vec<(&'static str, String, bool, String, Option<String>)>,
    country: String,
    error: Option<(String, String)>,
    notice: Option<String>,
    open: bool,
}

async fn mine_page(
    state: &AppState,
    tr: Tr,
    me: &Me,
    query: Option<&str>,
    values: HashMap<String, String>,
    refusal: Option<Refusal>,
    notice: Option<String>,
) -> Response {
    let path = "/cabinet/org/new-banks";
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, me, path);
    };
    let list = match me.a.new_bank_requests_of(&me.s, &org).await {
        Ok(l) => l,
        Err(e) => return refused_page(tr, me, path, e),
    };
    let countries = match choices(state, tr, "countries", None).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let rows = list.into_iter().map(|r| row(tr, r)).collect();
    let (rows, pager) = page_of(rows, query, path);
    let open = refusal.is_some() || !values.is_empty() || query_param(query, "new").is_some();
    let Shown {
        status,
        errors,
        error,
    } = Shown::of(refusal);
    render_status(
        status,
        &MinePage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            rows,
            pager,
            countries,
            fields: FIELDS
                .iter()
                .map(|f| {
                    (
                        *f,
                        tr.t(&format!("orgp-nb-{}", f.replace('_', "-"))),
                        matches!(*f, "bank_name_ru" | "bic" | "country"),
                        values.get(*f).cloned().unwrap_or_default(),
                        errors.get(*f).cloned(),
                    )
                })
                .collect(),
            country: values.get("country").cloned().unwrap_or_default(),
            error,
            notice,
            open,
        },
    )
}

/// `GET /cabinet/org/new-banks` (`?new` opens the form) — the list and «Добавить новый банк».
pub async fn page_mine(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let notice = query_param(parts.uri.query(), "sent").map(|_| tr.t("acc-msg-newbank-sent"));
    mine_page(
        &state,
        tr,
        &me,
        parts.uri.query(),
        HashMap::new(),
        None,
        notice,
    )
    .await
}

/// `POST /cabinet/org/new-banks` — «Отправить на утверждение»: the confirmation first; «Да»
/// sends (B1), «Нет» returns to the form with the data kept.
pub async fn page_send(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let path = "/cabinet/org/new-banks";
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let values: HashMap<String, String> = FIELDS
        .iter()
        .map(|f| (f.to_string(), form.get(f).to_string()))
        .collect();
    match form.get("confirm") {
        "yes" => {}
        "no" => return mine_page(&state, tr, &me, None, values, None, None).await,
        _ => {
            return confirm(
                tr,
                &me,
                path,
                tr.t("orgp-nb-new"),
                tr.t("orgp-nb-confirm"),
                FIELDS
                    .iter()
                    .map(|f| (f.to_string(), form.get(f).to_string()))
                    .collect(),
                path,
            );
        }
    }
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, path);
    };
    let nb = NewBankForm {
        bank_name_ru: form.opt("bank_name_ru"),
        bank_name_kk: form.opt("bank_name_kk"),
        bic: form.opt("bic"),
        country: form.opt("country"),
        iban_code: form.opt("iban_code"),
        bank_bin: form.opt("bank_bin"),
        address: form.opt("address"),
        comment: form.opt("comment"),
    };
    match me
        .a
        .send_new_bank_request(&me.s, &org, &nb, &me.origin())
        .await
    {
        Ok(_) => Redirect::to("/cabinet/org/new-banks?sent=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, path),
            Ok(r) => mine_page(&state, tr, &me, None, values, Some(r), None).await,
            Err(res) => res,
        },
    }
}

#[derive(Template)]
#[template(path = "org/bank_queue.html")]
struct QueuePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    rows: Vec<Row>,
    pager: Pager,
    /// The request whose decision was refused, with the message.
    error: Option<(i64, String, String)>,
    notice: Option<String>,
}

async fn queue_page(
    tr: Tr,
    me: &Me,
    query: Option<&str>,
    error: Option<(i64, Refusal)>,
    notice: Option<String>,
) -> Response {
    let path = "/admin/new-banks";
    let list = match me.a.new_bank_queue(&me.s).await {
        Ok(l) => l,
        Err(e) => return refused_page(tr, me, path, e),
    };
    let rows = list.into_iter().map(|r| row(tr, r)).collect();
    let (rows, pager) = page_of(rows, query, path);
    let (status, error) = row_error(error);
    render_status(
        status,
        &QueuePage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            rows,
            pager,
            error,
            notice,
        },
    )
}

/// `GET /admin/new-banks` — «Заявки на регистрацию банков» (`PLATFORM_ADMIN`).
pub async fn page_queue(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let notice = saved_notice(tr, parts.uri.query());
    queue_page(tr, &me, parts.uri.query(), None, notice).await
}

/// `POST /admin/new-banks/{number}` — «Утвердить» (`decision=approve`, optional corrected
/// `bank_name_ru`) or «Отклонить» (`decision=reject`, `reason`).
pub async fn page_decide(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(number): PathParam<i64>,
    body: Bytes,
) -> Response {
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let approve = form.get("decision") == "approve";
    let d = NewBankDecision {
        approve,
        reason: if approve { None } else { form.opt("reason") },
        bank_name_ru: if approve {
            form.opt("bank_name_ru")
        } else {
            None
        },
    };
    match me
        .a
        .decide_new_bank_request(&me.s, number, &d, &me.origin())
        .await
    {
        Ok(_) => Redirect::to("/admin/new-banks?saved=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, "/admin/new-banks"),
            Ok(r) => queue_page(tr, &me, None, Some((number, r)), None).await,
            Err(res) => res,
        },
    }
}
