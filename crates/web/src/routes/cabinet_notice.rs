//! The two small pages the cabinet's sections share («Профиль», «Пользователи», «Участники»,
//! the administrator's dictionaries, banks and agreements): one message with a link back (a
//! refusal, MSG-FORBIDDEN, not found) and the question asked before anything irreversible
//! («Да» / «Нет»).

use crate::i18n::Tr;
use crate::page::{Chrome, render_status};
use crate::routes::visitor::{Me, Refusal, refusal};
use accounts::AccountsError;
use askama::Template;
use axum::response::Response;

#[derive(Template)]
#[template(path = "cabinet/message.html")]
struct MessagePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    text: String,
    code: String,
    ok: bool,
    back: (String, String),
}

/// A page with one message (a refusal with its status) and a link back to `back`.
pub(crate) fn message(tr: Tr, me: &Me, path: &str, r: Refusal, back: &str) -> Response {
    render_status(
        r.status,
        &MessagePage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            title: tr.t("pp-cabinet"),
            text: r.message,
            code: r.code,
            ok: r.status.is_success(),
            back: (back.to_string(), tr.t("pp-back")),
        },
    )
}

/// A refused action as its message page (or the 500 of a fault).
pub(crate) fn refused(tr: Tr, me: &Me, path: &str, e: AccountsError, back: &str) -> Response {
    match refusal(tr, e) {
        Ok(r) => message(tr, me, path, r, back),
        Err(res) => res,
    }
}

/// «<question>», maybe a warning («Публикация необратима»), what is about to happen (`note`
/// in one line or `summary` as label/value pairs), «Да» (posts `hidden` and `confirm=yes` to
/// `action`) and `no_label` (posts `confirm=no`).
#[derive(Template)]
#[template(path = "cabinet/confirm.html")]
pub(crate) struct ConfirmPage {
    pub c: Chrome,
    pub user_name: Option<String>,
    pub csrf: String,
    pub title: String,
    pub question: String,
    pub warning: Option<String>,
    pub note: String,
    pub summary: Vec<(String, String)>,
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub no_label: String,
}

impl ConfirmPage {
    /// The question about the page at `path`, posting back to it, with «Нет».
    pub(crate) fn new(tr: Tr, me: &Me, path: &str, title: String, question: String) -> Self {
        ConfirmPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            title,
            question,
            warning: None,
            note: String::new(),
            summary: Vec::new(),
            action: path.to_string(),
            hidden: Vec::new(),
            no_label: tr.t("pp-no"),
        }
    }
}
