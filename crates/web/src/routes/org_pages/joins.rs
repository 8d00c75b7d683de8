//! Join requests (ACC-83, ACC-150): «Запросы на присоединение» of the administrators («Одобрить»
//! with the authorities, none preselected; «Отклонить» with «Причина отказа»), and
//! «Присоединиться к организации» of a user in the personal context («Отправить запрос на
//! присоединение», the own requests, «Отозвать запрос» confirmed).

use super::*;
use crate::params::PathParam;
use accounts::JoinDecision;
use accounts::employees::AUTHORITIES;
use accounts::store_org::JoinRequest;
use axum::body::Bytes;
use axum::extract::State;

/// A request as the lists show it.
struct Row {
    j: JoinRequest,
    full_name: String,
    iin: String,
    created: String,
    status: String,
}

fn status_label(tr: Tr, s: &str) -> String {
    tr.t(&format!("orgp-join-status-{}", s.to_ascii_lowercase()))
}

#[derive(Template)]
#[template(path = "org/join_requests.html")]
struct RequestsPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    rows: Vec<Row>,
    pager: Pager,
    boxes: Vec<(&'static str, String)>,
    error: Option<(i64, String, String)>,
    notice: Option<String>,
}

async fn requests_page(
    tr: Tr,
    me: &Me,
    query: Option<&str>,
    error: Option<(i64, Refusal)>,
    notice: Option<String>,
) -> Response {
    let path = "/cabinet/org/join-requests";
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, me, path);
    };
    let list = match me.a.join_requests(&me.s, &org).await {
        Ok(l) => l,
        Err(e) => return refused_page(tr, me, path, e),
    };
    let mut rows: Vec<Row> = list
        .into_iter()
        .map(|(j, full_name, iin)| Row {
            created: when(j.created_at),
            status: status_label(tr, &j.status),
            full_name,
            iin,
            j,
        })
        .collect();
    // Pending first, newest first within each group.
    rows.sort_by_key(|r| (r.j.status != "PENDING", -r.j.created_at));
    let (rows, pager) = page_of(rows, query, path);
    let (status, error) = row_error(error);
    render_status(
        status,
        &RequestsPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            rows,
            pager,
            boxes: AUTHORITIES
                .iter()
                .map(|a| (*a, authority_label(tr, a)))
                .collect(),
            error,
            notice,
        },
    )
}

/// `GET /cabinet/org/join-requests` — «Запросы работников» (`ORG_ADMIN`).
pub async fn page_requests(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let notice = saved_notice(tr, parts.uri.query());
    requests_page(tr, &me, parts.uri.query(), None, notice).await
}

/// `POST /cabinet/org/join-requests/{id}` — «Одобрить» (`decision=approve`, `authority`…) or
/// «Отклонить» (`decision=decline`, `reason`).
pub async fn page_decide(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
    body: Bytes,
) -> Response {
    let path = "/cabinet/org/join-requests";
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, path);
    };
    let approve = form.get("decision") == "approve";
    let d = JoinDecision {
        approve,
        authorities: if approve {
            all_values(&body, "authority")
        } else {
            Vec::new()
        },
        reason: if approve { None } else { form.opt("reason") },
    };
    match me
        .a
        .decide_join_request(&me.s, &org, id, &d, &me.origin())
        .await
    {
        Ok(()) => Redirect::to("/cabinet/org/join-requests?saved=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, path),
            Ok(r) => requests_page(tr, &me, None, Some((id, r)), None).await,
            Err(res) => res,
        },
    }
}

#[derive(Template)]
#[template(path = "org/join.html")]
struct MinePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    bin: Option<String>,
    rows: Vec<Row>,
    pager: Pager,
    pending: bool,
    position: String,
    comment: String,
    errors: HashMap<String, String>,
    error: Option<(String, String)>,
    notice: Option<String>,
}

async fn mine_page(
    tr: Tr,
    me: &Me,
    query: Option<&str>,
    posted: Option<&Form>,
    refusal: Option<Refusal>,
    notice: Option<String>,
) -> Response {
    let path = "/cabinet/join";
    let list = match me.a.my_join_requests(&me.s).await {
        Ok(l) => l,
        Err(e) => return refused_page(tr, me, path, e),
    };
    let pending = list.iter().any(|j| j.status == "PENDING");
    let mut rows: Vec<Row> = Vec::new();
    for j in list {
        let name = match me.a.participant(&j.participant_id).await {
            Ok(p) => p.map(|p| p.name).unwrap_or_default(),
            Err(e) => return fail(ApiError::internal(e)),
        };
        rows.push(Row {
            created: when(j.created_at),
            status: status_label(tr, &j.status),
            full_name: name,
            iin: String::new(),
            j,
        });
    }
    rows.sort_by_key(|r| -r.j.created_at);
    let (rows, pager) = page_of(rows, query, path);
    let shown = Shown::of(refusal);
    render_status(
        shown.status,
        &MinePage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            bin: me.s.cert_bin.clone(),
            rows,
            pager,
            pending,
            position: posted
                .map(|f| f.get("position").to_string())
                .unwrap_or_default(),
            comment: posted
                .map(|f| f.get("message").to_string())
                .unwrap_or_default(),
            errors: shown.errors,
            error: shown.error,
            notice,
        },
    )
}

/// `GET /cabinet/join` — «Присоединиться к организации».
pub async fn page_mine(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let q = parts.uri.query();
    let notice = query_param(q, "sent")
        .map(|_| tr.t("acc-msg-join-sent"))
        .or_else(|| query_param(q, "withdrawn").map(|_| tr.t("orgp-join-withdrawn")));
    mine_page(tr, &me, q, None, None, notice).await
}

/// `POST /cabinet/join` — «Отправить» (J1; MSG-JOIN-SENT).
pub async fn page_send(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let position = form.get("position").to_string();
    if position.is_empty() {
        // The service takes the position as given; an empty one is MSG-REQUIRED here.
        let r = Refusal::required(tr, "position");
        return mine_page(tr, &me, None, Some(&form), Some(r), None).await;
    }
    let message = form.opt("message");
    match me
        .a
        .send_join_request(&me.s, &position, message.as_deref(), &me.origin())
        .await
    {
        Ok(_) => Redirect::to("/cabinet/join?sent=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) => mine_page(tr, &me, None, Some(&form), Some(r), None).await,
            Err(res) => res,
        },
    }
}

/// `GET /cabinet/join/{id}/withdraw` — «Отозвать запрос?» «Да» / «Нет».
pub async fn page_withdraw(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
) -> Response {
    let path = format!("/cabinet/join/{id}/withdraw");
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    confirm(
        tr,
        &me,
        &path,
        tr.t("orgp-join-withdraw"),
        tr.t("orgp-join-withdraw-question"),
        Vec::new(),
        "/cabinet/join",
    )
}

/// `POST /cabinet/join/{id}/withdraw` — «Да» (J4).
pub async fn page_withdraw_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
    body: Bytes,
) -> Response {
    let path = format!("/cabinet/join/{id}/withdraw");
    let me = match confirmed(&state, &parts, &body, "/cabinet/join").await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match me.a.withdraw_join_request(&me.s, id, &me.origin()).await {
        Ok(()) => Redirect::to("/cabinet/join?withdrawn=1").into_response(),
        Err(e) => refused_page(tr, &me, &path, e),
    }
}
