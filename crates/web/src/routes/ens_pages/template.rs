//! The Приложение №2 power-of-attorney template (CAT-65; text: spec/catalog.md Appendix B.2,
//! with «20__ года» of CAT-189), pre-filled with the organisation of the session's certificate
//! and, in the first row of the table, the requester's name and e-mail.
//!
//! Why an HTML page and not a file: the user has to fill the blanks (address, number, date,
//! the other employees), print the letter on the organisation's letterhead, sign and stamp it,
//! and upload the scan as «Доверенность». A standalone page with print styles does all of that
//! in any browser without an office suite: its blanks are `contenteditable` (typing into them
//! needs no JavaScript), and printing hides everything but the letter. The texts are in kk, ru
//! and en (the language switch); the Russian wording is the official one of Appendix B.2.
//!
//! Not here: CAT-189's configurable addressee block — the settings have no such value yet, so
//! the addressee of Appendix B.2 is written.

use super::*;
use crate::page::render;
use crate::routes::visitor::me;
use askama::Template;
use axum::extract::State;

#[derive(Template)]
#[template(path = "ens/power_of_attorney.html")]
struct PowerOfAttorneyPage {
    c: Chrome,
    /// «[Наименование организации]» when the certificate's organisation is unknown.
    org_name: String,
    full_name: String,
    email: String,
}

/// `GET /ens/request/power-of-attorney` — the template to fill in, print and sign.
pub async fn page_power_of_attorney(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    // The organisation of the certificate's БИН as the request form shows it; when the form is
    // refused (a pending request, no profile) the blank stays for the user to fill.
    let (org_name, full_name, email) = match me.a.ens_request_context(&me.s).await {
        Ok(ctx) => (
            ctx.participant_name,
            format!("{} {}", ctx.last_name, ctx.first_name),
            ctx.email,
        ),
        Err(AccountsError::Refused { .. }) => (
            tr.t("ensp-poa-org-placeholder"),
            me.s.account.full_name(),
            me.s.account.email.clone(),
        ),
        Err(e) => return fail(auth::from_accounts(tr, e)),
    };
    render(&PowerOfAttorneyPage {
        c: chrome(tr, "/ens/request/power-of-attorney", None),
        org_name,
        full_name,
        email,
    })
}
