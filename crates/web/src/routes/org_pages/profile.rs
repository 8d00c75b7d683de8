//! «Профиль участника» – «Регистрационные данные»: the read view (ACC-109, ACC-110).

use super::bank::context_org;
use super::*;
use accounts::authz::Action;
use accounts::store_org::Participant;
use axum::extract::State;

#[derive(Template)]
#[template(path = "org/profile.html")]
struct ProfilePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    p: Participant,
    kind: String,
    rows: Vec<(String, String)>,
}

fn yes_no(tr: Tr, b: bool) -> String {
    tr.t(if b { "orgp-yes" } else { "orgp-no" })
}

/// `GET /cabinet/org` — «Регистрационные данные» of the participant, read-only.
pub async fn page_profile(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let path = "/cabinet/org";
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let p = match context_org(tr, &me, path, Action::PartView).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let l = |f: &str| tr.t(&format!("acc-label-{f}"));
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let rows = vec![
        (tr.t("orgp-id-number"), p.id_number.clone()),
        (l("name"), p.name.clone()),
        (l("state-reg-date"), o(&p.state_reg_date)),
        (l("state-reg-doc-number"), o(&p.state_reg_doc_number)),
        (l("state-reg-authority"), o(&p.state_reg_authority)),
        (l("country"), p.country.clone()),
        (l("is-organizer"), yes_no(tr, p.is_organizer)),
        (l("is-supplier"), yes_no(tr, p.is_supplier)),
        (l("kopf"), o(&p.kopf)),
        (l("kse"), p.kse.clone()),
        (l("kfs"), o(&p.kfs)),
        (l("is-resident"), yes_no(tr, p.is_resident)),
        (l("is-small-business"), yes_no(tr, p.is_small_business)),
        (l("is-medium-business"), yes_no(tr, p.is_medium_business)),
        (l("email"), p.email.clone()),
        (l("website"), o(&p.website)),
        (l("phones"), p.phones.clone()),
        (l("applicant-full-name"), o(&p.applicant_full_name)),
        (l("applicant-position"), o(&p.applicant_position)),
        (l("head-iin"), o(&p.head_iin)),
        (l("head-last-name"), o(&p.head_last_name)),
        (l("head-first-name"), o(&p.head_first_name)),
        (l("head-middle-name"), o(&p.head_middle_name)),
        (l("head-position"), o(&p.head_position)),
    ];
    let kind = tr.t(&format!("orgp-type-{}", p.kind.to_ascii_lowercase()));
    render_status(
        StatusCode::OK,
        &ProfilePage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            p,
            kind,
            rows,
        },
    )
}
