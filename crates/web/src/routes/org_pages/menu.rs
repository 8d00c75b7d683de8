//! The participant items of the cabinet menu (ACC-142).

use super::*;

/// One link of the cabinet menu.
pub struct MenuLink {
    pub href: &'static str,
    pub label: String,
    /// `data-menu` of the link (for tests).
    pub id: &'static str,
}

/// The participant items of the cabinet menu the session may use (ACC-142, §4.9):
/// «Зарегистрировать участника» under C2, «Присоединиться к организации» for a certificate of
/// a registered БИН in the personal context, «Профиль участника» and its items in a participant
/// context («Запросы работников» for `ORG_ADMIN`), and the queue of a `PLATFORM_ADMIN`.
pub async fn cabinet_menu(state: &AppState, tr: Tr, s: &SessionInfo) -> Vec<MenuLink> {
    let mut out = Vec::new();
    let Some(a) = state.accounts.get() else {
        return out;
    };
    let link = |href, key: &str, id| MenuLink {
        href,
        label: tr.t(key),
        id,
    };
    if s.context_participant_id.is_some() {
        out.push(link("/cabinet/org", "orgp-profile", "profile"));
        out.push(link(
            "/cabinet/org/bank-accounts",
            "orgp-bank-accounts",
            "bank-accounts",
        ));
        out.push(link(
            "/cabinet/org/new-banks",
            "orgp-my-new-banks",
            "new-banks",
        ));
        out.push(link("/cabinet/org/head", "orgp-head", "head"));
        out.push(link(
            "/cabinet/org/employees",
            "orgp-employees",
            "employees",
        ));
        if s.authorities.iter().any(|x| x == "ORG_ADMIN") {
            out.push(link(
                "/cabinet/org/join-requests",
                "orgp-join-requests",
                "join-requests",
            ));
        }
    } else if s.account.status == accounts::flow::AccountStatus::Active {
        match a.registration_context(s).await {
            Ok(_) => out.push(link(
                "/cabinet/participant/register",
                "orgp-register-link",
                "register",
            )),
            Err(AccountsError::Refused { code, .. })
                if code == ErrorCode::AccPartExists && s.cert_bin.is_some() =>
            {
                out.push(link("/cabinet/join", "orgp-join-title", "join"));
            }
            Err(_) => {}
        }
    }
    // ACC-94: the ЕНС ТРУ access request is made with a legal entity's certificate.
    if s.cert_bin.is_some() {
        out.push(link("/ens/request", "ensp-request-title", "ens-request"));
    }
    if accounts::new_banks::has_role(s, "PLATFORM_ADMIN") {
        out.push(link("/admin/new-banks", "orgp-queue-title", "bank-queue"));
    }
    out
}
