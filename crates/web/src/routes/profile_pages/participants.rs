//! «Участники» of a `PLATFORM_ADMIN` (spec/accounts.md §3.16 ACC-115, ACC-113, ACC-89 c, P4/P5;
//! AS-45), next to «Пользователи»: search by ИИН/БИН or name with a status filter and a paged
//! list; the participant card with its registration data, «Заблокировать участника» /
//! «Разблокировать участника» (a reason and a confirmation page), «Единый дистрибьютор» and
//! «Организатор», the correction form of the state-registration and applicant data, and the
//! members with «Назначить администратором организации». Anyone else gets the 403 page (the
//! service decides, §4.9); a refusal is shown under the form it came from and changes nothing.

use super::{ConfirmPage, Me, Refusal, Shown, dmy, me, posted, refused, when};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::Params;
use crate::params::PathParam;
use crate::routes::Pager;
use crate::routes::visitor::{Form, refusal};
use crate::state::AppState;
use accounts::participant_admin::{
    AdminParticipantView, CORRECTABLE, PartReason, ParticipantFlags, RegistrationCorrection,
    STATUSES,
};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/participants", get(page_list))
        .route("/admin/participants/{id}", get(page_participant))
        .route("/admin/participants/{id}/{act}", post(page_act))
        .route(
            "/admin/participants/{id}/members/{membership}/org-admin",
            post(page_grant),
        )
}

fn status_label(tr: Tr, status: &str) -> String {
    tr.t(match status {
        "ACTIVE" => "pa-status-active",
        "BLOCKED" => "pa-status-blocked",
        _ => "pa-status-admin-created",
    })
}

fn type_label(tr: Tr, kind: &str) -> String {
    tr.t(&format!("orgp-type-{}", kind.to_ascii_lowercase()))
}

fn member_status_label(tr: Tr, status: &str) -> String {
    tr.t(match status {
        "ACTIVE" => "orgp-member-active",
        "BLOCKED" => "orgp-member-blocked",
        _ => "orgp-member-ended",
    })
}

/// `acc-label-state-reg-date` for `state_reg_date`.
fn field_label(tr: Tr, field: &str) -> String {
    tr.t(&format!("acc-label-{}", field.replace('_', "-")))
}

// ---- the list ----

struct ListRow {
    id: String,
    id_number: String,
    name: String,
    kind: String,
    status: String,
    status_code: String,
    organizer: bool,
}

#[derive(Template)]
#[template(path = "profile/participants.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    q: String,
    /// (code, label, selected) of the status filter; the empty code is «Все».
    statuses: Vec<(String, String, bool)>,
    total: i64,
    found: String,
    rows: Vec<ListRow>,
    pager: Pager,
}

/// `GET /admin/participants?q=&status=&page=&per_page=`.
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
    let path = "/admin/participants";
    let p = Params::parse(query.as_deref(), tr);
    let (page, status) = match (p.page(), p.one_of("status", STATUSES)) {
        (Ok(page), Ok(status)) => (page, status),
        (Err(e), _) | (_, Err(e)) => return crate::routes::error_page(tr, path, &e),
    };
    let q = p.str("q").ok().flatten().unwrap_or_default();
    let found = match me
        .a
        .admin_participants(&me.s, &q, status.as_deref(), &page)
        .await
    {
        Ok(f) => f,
        Err(e) => return refused(tr, &me, path, e, "/cabinet"),
    };
    let pager = Pager::new(
        path,
        query.as_deref(),
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    let current = status.unwrap_or_default();
    let mut statuses = vec![(String::new(), tr.t("pa-status-any"), current.is_empty())];
    statuses.extend(
        STATUSES
            .iter()
            .map(|s| (s.to_string(), status_label(tr, s), *s == current)),
    );
    render(&ListPage {
        c: Chrome::new(tr, path, query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        q,
        statuses,
        total: found.total,
        found: tr.t_args("pa-found", &[("count", found.total.to_string())]),
        rows: found
            .items
            .into_iter()
            .map(|r| ListRow {
                kind: type_label(tr, &r.kind),
                status: status_label(tr, &r.status),
                status_code: r.status,
                organizer: r.is_organizer,
                id: r.id,
                id_number: r.id_number,
                name: r.name,
            })
            .collect(),
        pager,
    })
}

// ---- one participant ----

/// A member row: (membership id, ФИО, ИИН, position, authorities, status label, status code,
/// chosen head, may be made `ORG_ADMIN`).
struct MemberRow {
    id: i64,
    full_name: String,
    iin: String,
    position: String,
    authorities: String,
    status: String,
    status_code: String,
    is_head: bool,
    can_grant: bool,
}

/// A correctable field: (name, label, value).
type FieldRow = (String, String, String);

#[derive(Template)]
#[template(path = "profile/participant.html")]
struct ParticipantPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    id: String,
    name: String,
    props: Vec<(String, String)>,
    status_code: String,
    single_distributor: bool,
    organizer: bool,
    fields: Vec<FieldRow>,
    members: Vec<MemberRow>,
    notice: Option<String>,
    error: Option<(String, String)>,
    /// The form whose messages `errors` holds (`block`, `unblock`, `flags`, `registration`,
    /// `member-N`).
    failed: String,
    errors: HashMap<String, String>,
}

fn participant_page(tr: Tr, me: &Me, v: AdminParticipantView) -> ParticipantPage {
    let p = &v.participant;
    let path = format!("/admin/participants/{}", p.id);
    let yes_no = |b: bool| tr.t(if b { "pp-yes" } else { "pp-no" });
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut props = vec![
        (tr.t("orgp-id-number"), p.id_number.clone()),
        (tr.t("acc-label-name"), p.name.clone()),
        (tr.t("orgp-type"), type_label(tr, &p.kind)),
        (tr.t("orgp-status"), status_label(tr, &p.status)),
    ];
    if let Some(r) = &v.blocked_reason {
        props.push((tr.t("pp-blocked-reason"), r.clone()));
    }
    props.push((
        tr.t("pa-registered-at"),
        p.registered_at.map(when).unwrap_or_default(),
    ));
    for f in &v.correctable_fields {
        let value = match *f {
            "state_reg_date" => p.state_reg_date.as_deref().map(dmy).unwrap_or_default(),
            "state_reg_doc_number" => opt(&p.state_reg_doc_number),
            "state_reg_authority" => opt(&p.state_reg_authority),
            "applicant_full_name" => opt(&p.applicant_full_name),
            _ => opt(&p.applicant_position),
        };
        props.push((field_label(tr, f), value));
    }
    props.push((tr.t("acc-label-email"), p.email.clone()));
    props.push((tr.t("acc-label-phones"), p.phones.clone()));
    props.push((
        tr.t("pa-single-distributor"),
        yes_no(p.is_single_distributor),
    ));
    props.push((tr.t("acc-label-is-organizer"), yes_no(p.is_organizer)));
    props.push((tr.t("acc-label-is-supplier"), yes_no(p.is_supplier)));
    let fields = v
        .correctable_fields
        .iter()
        .map(|f| {
            let value = match *f {
                "state_reg_date" => opt(&p.state_reg_date),
                "state_reg_doc_number" => opt(&p.state_reg_doc_number),
                "state_reg_authority" => opt(&p.state_reg_authority),
                "applicant_full_name" => opt(&p.applicant_full_name),
                _ => opt(&p.applicant_position),
            };
            (f.to_string(), field_label(tr, f), value)
        })
        .collect();
    let members = v
        .members
        .iter()
        .map(|m| MemberRow {
            id: m.membership_id,
            full_name: m.full_name.clone(),
            iin: m.iin.clone(),
            position: m.position.clone().unwrap_or_default(),
            authorities: m
                .authorities
                .iter()
                .map(|a| {
                    tr.t(&format!(
                        "orgp-auth-{}",
                        a.to_ascii_lowercase().replace('_', "-")
                    ))
                })
                .collect::<Vec<_>>()
                .join(", "),
            status: member_status_label(tr, &m.status),
            status_code: m.status.clone(),
            is_head: m.is_head,
            can_grant: m.status == "ACTIVE"
                && p.status != "ADMIN_CREATED"
                && !m.authorities.iter().any(|a| a == "ORG_ADMIN"),
        })
        .collect();
    ParticipantPage {
        c: Chrome::new(tr, &path, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        id: p.id.clone(),
        name: p.name.clone(),
        props,
        status_code: p.status.clone(),
        single_distributor: p.is_single_distributor,
        organizer: p.is_organizer,
        fields,
        members,
        notice: None,
        error: None,
        failed: String::new(),
        errors: HashMap::new(),
    }
}

/// The participant page, with a notice or the refusal of the form `failed` (whose posted
/// values are kept in the correction form).
async fn show(
    tr: Tr,
    me: &Me,
    id: &str,
    notice: Option<String>,
    failed: (&str, Option<Refusal>),
    posted: Option<&Form>,
) -> Response {
    let path = format!("/admin/participants/{id}");
    let v = match me.a.admin_participant(&me.s, id).await {
        Ok(v) => v,
        Err(e) => return refused(tr, me, &path, e, "/admin/participants"),
    };
    let mut page = participant_page(tr, me, v);
    page.notice = notice;
    if failed.1.is_some() {
        page.failed = failed.0.to_string();
        if let (Some(f), "registration") = (posted, failed.0) {
            for (name, _, value) in &mut page.fields {
                *value = f.get(name).to_string();
            }
        }
    }
    let shown = Shown::of(failed.1);
    page.error = shown.error;
    page.errors = shown.errors;
    render_status(shown.status, &page)
}

/// `GET /admin/participants/{id}`.
async fn page_participant(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(id): Path<String>,
    parts: Parts,
) -> Response {
    match me(&state, &parts).await {
        Ok(me) => show(tr, &me, &id, None, ("", None), None).await,
        Err(r) => r,
    }
}

/// P4/P5 ask first; the reason travels with the confirmation. `None`: go on.
async fn confirmation(tr: Tr, me: &Me, id: &str, act: &str, f: &Form) -> Option<Response> {
    let back = format!("/admin/participants/{id}");
    match f.get("confirm") {
        "yes" => return None,
        "no" => return Some(Redirect::to(&back).into_response()),
        _ => {}
    }
    // Without a reason the service refuses at once (the message under the field).
    f.opt("reason")?;
    let v = match me.a.admin_participant(&me.s, id).await {
        Ok(v) => v,
        Err(e) => return Some(refused(tr, me, &back, e, "/admin/participants")),
    };
    let (title, question) = if act == "block" {
        ("pa-block", "pa-block-question")
    } else {
        ("pa-unblock", "pa-unblock-question")
    };
    Some(render(&ConfirmPage {
        note: format!("{} · {}", v.participant.id_number, v.participant.name),
        action: format!("{back}/{act}"),
        hidden: vec![("reason".into(), f.get("reason").to_string())],
        ..ConfirmPage::new(tr, me, &back, tr.t(title), tr.t(question))
    }))
}

/// `POST /admin/participants/{id}/{block|unblock|flags|registration}`.
async fn page_act(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path((id, act)): Path<(String, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let reason = f.opt("reason");
    let o = me.origin();
    let result = match act.as_str() {
        "block" | "unblock" => {
            if let Some(r) = confirmation(tr, &me, &id, &act, &f).await {
                return r;
            }
            let r = PartReason { reason };
            if act == "block" {
                me.a.admin_block_participant(&me.s, &id, &r, &o).await
            } else {
                me.a.admin_unblock_participant(&me.s, &id, &r, &o).await
            }
        }
        "flags" => {
            let flags = ParticipantFlags {
                is_single_distributor: Some(f.flag("is_single_distributor")),
                is_organizer: Some(f.flag("is_organizer")),
                reason,
            };
            me.a.admin_set_participant_flags(&me.s, &id, &flags, &o)
                .await
        }
        "registration" => {
            // The form carries the fields of the participant's type; a field it does not
            // carry is not sent.
            let shown = match me.a.admin_participant(&me.s, &id).await {
                Ok(v) => v.correctable_fields,
                Err(e) => return refused(tr, &me, "/admin/participants", e, "/admin/participants"),
            };
            let value = |k: &str| {
                (CORRECTABLE.contains(&k) && shown.contains(&k)).then(|| f.get(k).to_string())
            };
            let c = RegistrationCorrection {
                state_reg_date: value("state_reg_date"),
                state_reg_doc_number: value("state_reg_doc_number"),
                state_reg_authority: value("state_reg_authority"),
                applicant_full_name: value("applicant_full_name"),
                applicant_position: value("applicant_position"),
                reason,
            };
            me.a.admin_correct_participant(&me.s, &id, &c, &o).await
        }
        _ => {
            return crate::routes::error_page(
                tr,
                &format!("/admin/participants/{id}"),
                &crate::problem::ApiError::new(ErrorCode::NotFound),
            );
        }
    };
    finish(tr, &me, &id, &act, result.map(|_| ()), Some(&f)).await
}

/// `POST /admin/participants/{id}/members/{membership}/org-admin` — ACC-89 (c).
async fn page_grant(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam((id, membership)): PathParam<(String, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let reason = PartReason {
        reason: f.opt("reason"),
    };
    let result =
        me.a.admin_grant_org_admin(&me.s, &id, membership, &reason, &me.origin())
            .await
            .map(|_| ());
    finish(tr, &me, &id, &format!("member-{membership}"), result, None).await
}

async fn finish(
    tr: Tr,
    me: &Me,
    id: &str,
    form: &str,
    result: Result<(), accounts::AccountsError>,
    posted: Option<&Form>,
) -> Response {
    match result {
        Ok(()) => show(tr, me, id, Some(tr.t("acc-msg-saved")), ("", None), None).await,
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND => {
                super::message(
                    tr,
                    me,
                    &format!("/admin/participants/{id}"),
                    r,
                    "/admin/participants",
                )
            }
            Ok(r) => show(tr, me, id, None, (form, Some(r)), posted).await,
            Err(res) => res,
        },
    }
}
