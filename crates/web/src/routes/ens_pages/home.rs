//! `/ens` — the home of the Requests module, which ACC-59 calls «Реестр заявок» (Рис. 19).
//!
//! The register of code requests is a later issue: the page says so instead of showing an
//! empty table, and shows who is logged in, for which organisation, the session's assurance
//! (ACC-29), «Сменить организацию» when the account works for several (ACC-30), «Выйти», and
//! the links of the staff screens the session's roles may use (`AUTH_BODY`: the access-request
//! queue; `ENS_ADMIN`: «Организации ЕНС ТРУ»), and «Уведомления» with the number of unread ones
//! ([`super::notifications`], ACC-155).

use super::login::{module_guest, refused_login};
use super::*;
use crate::page::render;
use askama::Template;
use axum::extract::State;

#[derive(Template)]
#[template(path = "ens/home.html")]
struct HomePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    full_name: String,
    email: String,
    org_name: String,
    org_bin: String,
    assurance: String,
    several: bool,
    /// Unread in-app notifications (the badge of «Уведомления»).
    unread: i64,
    /// (href, label, `data-link` id).
    links: Vec<(&'static str, String, &'static str)>,
}

/// The staff screens of the module a session's roles open (§4.9: the screens check again).
fn staff_links(tr: Tr, s: &SessionInfo) -> Vec<(&'static str, String, &'static str)> {
    let mut out = Vec::new();
    if accounts::new_banks::has_role(s, "AUTH_BODY") {
        out.push((
            "/ens/admin/requests",
            tr.t("ensp-link-queue"),
            "auth-body-queue",
        ));
    }
    if accounts::new_banks::has_role(s, "ENS_ADMIN") {
        out.push((
            "/ens/admin/organisations",
            tr.t("ensp-link-organisations"),
            "ens-organisations",
        ));
    }
    out
}

/// `GET /ens` — the module home; anonymous visitors go to the module's login page.
pub async fn page_home(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let (g, s) = match module_guest(&state, &parts).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let p = match g.a.ens_module_participant(&s).await {
        Ok(p) => p,
        Err(e) => return refused_login(tr, &state, &g, e),
    };
    let several = match g.a.ens_participants(&s.account.id).await {
        Ok(v) => v.len() > 1,
        Err(e) => return fail(auth::from_accounts(tr, e)),
    };
    let unread = match g.a.unread_notifications(&s).await {
        Ok(n) => n,
        Err(e) => return fail(auth::from_accounts(tr, e)),
    };
    let page = HomePage {
        c: chrome(tr, "/ens", None),
        user_name: g.user_name(),
        csrf: g.csrf.clone(),
        full_name: s.account.full_name(),
        email: s.account.email.clone(),
        org_name: p.name,
        org_bin: p.id_number,
        assurance: tr.t(&format!(
            "ensp-assurance-{}",
            s.assurance.to_ascii_lowercase().replace('_', "-")
        )),
        several,
        unread,
        links: staff_links(tr, &s),
    };
    render(&page)
}
