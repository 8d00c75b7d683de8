//! «Сотрудники организации» (ACC-78…ACC-82, ACC-88, ACC-149): the list every member may view,
//! «Редактировать полномочия» (authorities, «Заблокировать сотрудника» with «Причина
//! блокировки»; blocking and unblocking are confirmed), «Передать полномочия администратора»
//! and «Исключить из организации» with their confirmations.

use super::*;
use crate::params::PathParam;
use accounts::employees::AUTHORITIES;
use accounts::{EmployeeView, MemberEdit};
use axum::body::Bytes;
use axum::extract::State;

/// A row of the list.
struct Row {
    e: EmployeeView,
    authorities: String,
    status: String,
    joined: String,
}

#[derive(Template)]
#[template(path = "org/employees.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    rows: Vec<Row>,
    pager: Pager,
    admin: bool,
    me_id: String,
    notice: Option<String>,
}

pub(super) async fn employees(
    tr: Tr,
    me: &Me,
    path: &str,
) -> Result<(String, Vec<EmployeeView>), Response> {
    let Some(org) = me.org().map(str::to_string) else {
        return Err(forbidden(tr, me, path));
    };
    let list =
        me.a.employees(&me.s, &org)
            .await
            .map_err(|e| refused_page(tr, me, path, e))?;
    Ok((org, list))
}

/// `GET /cabinet/org/employees` — the members with their authorities (paged).
pub async fn page_list(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let path = "/cabinet/org/employees";
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let (_, list) = match employees(tr, &me, path).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let rows = list
        .into_iter()
        .filter(|e| e.status != "ENDED")
        .map(|e| Row {
            authorities: e
                .authorities
                .iter()
                .map(|a| authority_label(tr, a))
                .collect::<Vec<_>>()
                .join(", "),
            status: tr.t(&format!("orgp-member-{}", e.status.to_ascii_lowercase())),
            joined: when(e.joined_at),
            e,
        })
        .collect();
    let (rows, pager) = page_of(rows, parts.uri.query(), path);
    render_status(
        StatusCode::OK,
        &ListPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            rows,
            pager,
            admin: me.is_admin(),
            me_id: me.s.account.id.clone(),
            notice: saved_notice(tr, parts.uri.query()),
        },
    )
}

#[derive(Template)]
#[template(path = "org/employee_edit.html")]
struct EditPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    action: String,
    e: EmployeeView,
    boxes: Vec<(&'static str, String, bool)>,
    blocked: bool,
    block_reason: String,
    errors: HashMap<String, String>,
    error: Option<(String, String)>,
}

async fn member(tr: Tr, me: &Me, path: &str, id: i64) -> Result<(String, EmployeeView), Response> {
    let (org, list) = employees(tr, me, path).await?;
    let e = list
        .into_iter()
        .find(|e| e.membership_id == id)
        .ok_or_else(|| not_found(tr, me, path))?;
    Ok((org, e))
}

#[allow(clippy::too_many_arguments)]
fn edit_page(
    tr: Tr,
    me: &Me,
    path: &str,
    e: EmployeeView,
    chosen: &[String],
    blocked: bool,
    reason: String,
    refusal: Option<Refusal>,
) -> Response {
    let shown = Shown::of(refusal);
    render_status(
        shown.status,
        &EditPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            action: path.to_string(),
            boxes: AUTHORITIES
                .iter()
                .map(|a| (*a, authority_label(tr, a), chosen.iter().any(|c| c == a)))
                .collect(),
            e,
            blocked,
            block_reason: reason,
            errors: shown.errors,
            error: shown.error,
        },
    )
}

/// `GET /cabinet/org/employees/{id}/edit` — «Редактировать полномочия» (`ORG_ADMIN`).
pub async fn page_edit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
) -> Response {
    let path = format!("/cabinet/org/employees/{id}/edit");
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if !me.is_admin() {
        return forbidden(tr, &me, &path);
    }
    let (_, e) = match member(tr, &me, &path, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let chosen = e.authorities.clone();
    let blocked = e.status == "BLOCKED";
    let reason = e.block_reason.clone().unwrap_or_default();
    edit_page(tr, &me, &path, e, &chosen, blocked, reason, None)
}

/// `POST /cabinet/org/employees/{id}/edit` — «Сохранить»; a change of «Заблокировать
/// сотрудника» is confirmed first.
pub async fn page_edit_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
    body: Bytes,
) -> Response {
    let path = format!("/cabinet/org/employees/{id}/edit");
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (org, e) = match member(tr, &me, &path, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let chosen = all_values(&body, "authority");
    let blocked = form.flag("blocked");
    let reason = form.get("block_reason").to_string();
    let was_blocked = e.status == "BLOCKED";
    if blocked != was_blocked && form.get("confirm") != "yes" {
        let mut hidden: Vec<(String, String)> = chosen
            .iter()
            .map(|a| ("authority".to_string(), a.clone()))
            .collect();
        if blocked {
            hidden.push(("blocked".into(), "on".into()));
        }
        hidden.push(("block_reason".into(), reason));
        let key = if blocked {
            "orgp-block-question"
        } else {
            "orgp-unblock-question"
        };
        return confirm(
            tr,
            &me,
            &path,
            tr.t("orgp-edit-authorities"),
            tr.t_args(key, &[("name", e.full_name.clone())]),
            hidden,
            &path,
        );
    }
    let edit = MemberEdit {
        authorities: Some(chosen.clone()),
        blocked: Some(blocked),
        block_reason: form.opt("block_reason"),
    };
    match me.a.edit_member(&me.s, &org, id, &edit, &me.origin()).await {
        Ok(_) => Redirect::to("/cabinet/org/employees?saved=1").into_response(),
        Err(err) => match refusal(tr, err) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, &path),
            Ok(r) => edit_page(tr, &me, &path, e, &chosen, blocked, reason, Some(r)),
            Err(res) => res,
        },
    }
}

/// `GET /cabinet/org/employees/{id}/{end|handover}` — the confirmation of «Исключить из
/// организации» or «Передать полномочия администратора» (ACC-88 text).
pub async fn page_confirm(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, act)): PathParam<(i64, String)>,
) -> Response {
    let path = format!("/cabinet/org/employees/{id}/{act}");
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if !me.is_admin() {
        return forbidden(tr, &me, &path);
    }
    let (_, e) = match member(tr, &me, &path, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (title, q) = match act.as_str() {
        "end" => ("orgp-end", "orgp-end-question"),
        "handover" => ("orgp-handover", "orgp-handover-question"),
        _ => return not_found(tr, &me, &path),
    };
    confirm(
        tr,
        &me,
        &path,
        tr.t(title),
        tr.t_args(q, &[("name", e.full_name)]),
        Vec::new(),
        "/cabinet/org/employees",
    )
}

/// `POST /cabinet/org/employees/{id}/{end|handover}` — «Да».
pub async fn page_confirm_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, act)): PathParam<(i64, String)>,
    body: Bytes,
) -> Response {
    let path = format!("/cabinet/org/employees/{id}/{act}");
    let me = match confirmed(&state, &parts, &body, "/cabinet/org/employees").await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, &path);
    };
    let r = match act.as_str() {
        "end" => me.a.end_member(&me.s, &org, id, &me.origin()).await,
        "handover" => me.a.hand_over_admin(&me.s, &org, id, &me.origin()).await,
        _ => return not_found(tr, &me, &path),
    };
    match r {
        Ok(()) => Redirect::to("/cabinet/org/employees?saved=1").into_response(),
        Err(e) => refused_page(tr, &me, &path, e),
    }
}
