//! «Заполнить данные» (ACC-103, ACC-147, G-20): the accounts ИНИС holds for the participant,
//! each with a box to tick, and «Импортировать». Without a source, or when it fails, the empty
//! account form opens with a note saying why.

use super::*;
use accounts::inis::{InisCandidate, InisImport};
use axum::body::Bytes;
use axum::extract::State;

const PATH: &str = "/cabinet/org/bank-accounts/inis";

/// The most rows a source returns that the page offers (ИНИС lists a participant's accounts).
const MAX_ROWS: usize = 200;

#[derive(Template)]
#[template(path = "org/bank_inis.html")]
struct InisPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    rows: Vec<InisCandidate>,
    /// The message of each row's problem (same order as `rows`).
    problems: Vec<String>,
    error: Option<(String, String)>,
}

async fn show(tr: Tr, me: &Me, org: &str, error: Option<Refusal>) -> Response {
    let offer = match me.a.inis_offer(&me.s, org).await {
        Ok(o) => o,
        Err(e) => return refused_page(tr, me, PATH, e),
    };
    if !offer.available {
        return Redirect::to("/cabinet/org/bank-accounts/new?inis=off").into_response();
    }
    let rows: Vec<InisCandidate> = offer.accounts.into_iter().take(MAX_ROWS).collect();
    let problems = rows
        .iter()
        .map(|r| {
            r.problem
                .as_deref()
                .map(|code| tr.t(&format!("error-{}", code.to_ascii_lowercase())))
                .unwrap_or_default()
        })
        .collect();
    let Shown { status, error, .. } = Shown::of(error);
    render_status(
        status,
        &InisPage {
            c: Chrome::new(tr, PATH, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            rows,
            problems,
            error,
        },
    )
}

/// `GET /cabinet/org/bank-accounts/inis` — the accounts of ИНИС to tick.
pub async fn page_offer(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, PATH);
    };
    show(tr, &me, &org, None).await
}

/// `POST /cabinet/org/bank-accounts/inis` — «Импортировать» the ticked rows (`pick0`, `pick1`, …).
pub async fn page_import(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, PATH);
    };
    let numbers: Vec<String> = (0..MAX_ROWS)
        .map(|i| form.get(&format!("pick{i}")).to_string())
        .filter(|n| !n.is_empty())
        .collect();
    match me
        .a
        .import_inis(
            &me.s,
            &org,
            &InisImport {
                numbers: Some(numbers),
            },
            &me.origin(),
        )
        .await
    {
        Ok(_) => Redirect::to("/cabinet/org/bank-accounts?saved=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, PATH),
            Ok(r) => show(tr, &me, &org, Some(r)).await,
            Err(res) => res,
        },
    }
}
