//! «Данные о руководителе» (ACC-91, ACC-92, ACC-151) and «Назначить себя администратором
//! организации» (ACC-89).

use super::staff::employees;
use super::*;
use accounts::authz::Action;
use axum::body::Bytes;
use axum::extract::State;

#[derive(Template)]
#[template(path = "org/head.html")]
struct HeadPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    current: Vec<(String, String)>,
    choices: Vec<(i64, String, bool)>,
    position: String,
    admin: bool,
    self_admin: bool,
    errors: HashMap<String, String>,
    error: Option<(String, String)>,
    notice: Option<String>,
}

async fn head_page(
    tr: Tr,
    me: &Me,
    posted: Option<&Form>,
    refusal: Option<Refusal>,
    notice: Option<String>,
) -> Response {
    let path = "/cabinet/org/head";
    let (org, list) = match employees(tr, me, path).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let p = match me.a.require_org(&me.s, &org, Action::PartView).await {
        Ok(p) => p,
        Err(e) => return refused_page(tr, me, path, e),
    };
    let l = |f: &str| tr.t(&format!("acc-label-{f}"));
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let chosen: Option<i64> = posted
        .and_then(|f| f.get("membership_id").parse().ok())
        .or(p.head_membership_id);
    let mine = list.iter().find(|e| e.account_id == me.s.account.id);
    let self_admin =
        mine.is_some_and(|e| e.is_head && !e.authorities.iter().any(|a| a == "ORG_ADMIN"));
    let shown = Shown::of(refusal);
    render_status(
        shown.status,
        &HeadPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            current: vec![
                (l("head-iin"), o(&p.head_iin)),
                (l("head-last-name"), o(&p.head_last_name)),
                (l("head-first-name"), o(&p.head_first_name)),
                (l("head-middle-name"), o(&p.head_middle_name)),
                (l("head-position"), o(&p.head_position)),
            ],
            choices: list
                .iter()
                .filter(|e| e.status == "ACTIVE" && e.authorities.iter().any(|a| a == "HEAD"))
                .map(|e| {
                    (
                        e.membership_id,
                        format!("{} ({})", e.full_name, e.iin),
                        Some(e.membership_id) == chosen,
                    )
                })
                .collect(),
            position: posted
                .map(|f| f.get("head_position").to_string())
                .unwrap_or_else(|| o(&p.head_position)),
            admin: me.is_admin(),
            self_admin,
            errors: shown.errors,
            error: shown.error,
            notice,
        },
    )
}

/// `GET /cabinet/org/head` — «Данные о руководителе».
pub async fn page_head(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let notice = saved_notice(tr, parts.uri.query());
    head_page(tr, &me, None, None, notice).await
}

/// `POST /cabinet/org/head` — «Сохранить» (ACC-92).
pub async fn page_head_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let path = "/cabinet/org/head";
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, path);
    };
    let Ok(mid) = form.get("membership_id").parse::<i64>() else {
        let r = Refusal::required(tr, "membership_id");
        return head_page(tr, &me, Some(&form), Some(r), None).await;
    };
    match me
        .a
        .change_head(&me.s, &org, mid, form.get("head_position"), &me.origin())
        .await
    {
        Ok(_) => Redirect::to("/cabinet/org/head?saved=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, path),
            Ok(r) => head_page(tr, &me, Some(&form), Some(r), None).await,
            Err(res) => res,
        },
    }
}

/// `POST /cabinet/org/self-admin` — «Назначить себя администратором организации» (ACC-89 (b)).
pub async fn page_self_admin(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let path = "/cabinet/org/self-admin";
    let (me, _) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, path);
    };
    match me.a.head_self_admin(&me.s, &org, &me.origin()).await {
        Ok(()) => Redirect::to("/cabinet/org/head?saved=1").into_response(),
        Err(e) => refused_page(tr, &me, path, e),
    }
}
