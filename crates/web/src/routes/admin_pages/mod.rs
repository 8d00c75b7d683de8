//! The platform administrator's pages of `dict.manage` (spec/accounts.md §4.9; ACC-31, ACC-116,
//! §2.11, ACC-24 and the agreement versions of §2.3.1): «Справочники» (the editable §2.11
//! dictionaries: add, rename, set inactive or active again), «Банки» (the bank dictionary, the
//! same operations) and «Пользовательские соглашения» (the versions of each agreement kind, the
//! text of a version, «Опубликовать новую версию»).
//!
//! Every page is a plain HTML form over the accounts services ([`accounts::dictionaries`],
//! [`accounts::agreement_admin`]); nothing is decided here. The service checks §4.9 (only a
//! `PLATFORM_ADMIN` holds `dict.manage`), so anyone else gets the 403 page; a visitor without a
//! session goes to «Войти» ([`super::visitor::me`]). A refusal is shown under the field it is
//! about and changes nothing; setting an entry inactive or active and publishing a version ask
//! first on a confirmation page. Nothing is ever deleted (ACC-31).
//!
//! Files: this one (the menu, the message and confirmation pages, the refusal helpers),
//! [`dictionaries`], [`banks`], [`agreements`].

// The `Err` of the page helpers is the finished response, returned at once by the handler.
#![allow(clippy::result_large_err)]

use crate::i18n::Tr;
use crate::routes::visitor::{Me, Shown, refusal};
use crate::state::AppState;
use accounts::{AccountsError, SessionInfo};
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::Arc;

mod agreements;
mod banks;
mod dictionaries;

/// The routes of these pages.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .merge(dictionaries::router())
        .merge(banks::router())
        .merge(agreements::router())
}

/// «Справочники», «Банки» and «Пользовательские соглашения» in the cabinet menu of a
/// `PLATFORM_ADMIN` (the only holder of `dict.manage`).
pub fn menu(tr: Tr, s: &SessionInfo) -> Vec<(&'static str, String, &'static str)> {
    if accounts::new_banks::has_role(s, "PLATFORM_ADMIN") {
        vec![
            (
                "/admin/dictionaries",
                tr.t("admp-dictionaries"),
                "dictionaries",
            ),
            ("/admin/banks", tr.t("admp-banks"), "banks"),
            ("/admin/agreements", tr.t("admp-agreements"), "agreements"),
        ]
    } else {
        Vec::new()
    }
}

// ---- the message and confirmation pages ----

use super::cabinet_notice::{ConfirmPage, message, refused};

// ---- refusals of a form ----

/// What a form post's refusal becomes: the form again with the messages (`Shown`), or a page
/// of its own (403, 404, a fault).
enum Outcome {
    Form(Shown),
    Page(Response),
}

/// The refusal `e` of the form at `path`. A refusal without fields whose code belongs to one
/// field (`under`: code → field, e.g. MSG-DICT-CODE-EXISTS under «Код») is shown under it.
fn outcome(
    tr: Tr,
    me: &Me,
    path: &str,
    back: &str,
    e: AccountsError,
    under: &[(&str, &str)],
) -> Outcome {
    match refusal(tr, e) {
        Err(res) => Outcome::Page(res),
        Ok(r) if r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND => {
            Outcome::Page(message(tr, me, path, r, back))
        }
        Ok(mut r) => {
            if r.fields.is_empty()
                && let Some((_, field)) = under.iter().find(|(code, _)| *code == r.code)
            {
                r.fields.insert(field.to_string(), r.message.clone());
            }
            Outcome::Form(Shown::of(Some(r)))
        }
    }
}

/// Every row of a list at once, for the selects of a form (the countries of a bank) and
/// for finding one entry (the dictionaries and banks are small; the service pages them in
/// memory too).
const ALL: kernel::PageRequest = kernel::PageRequest {
    page: 1,
    per_page: 100_000,
};

/// A path segment, percent-encoded (codes and BICs are ASCII, but a link never breaks).
fn seg(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// «Да» / «Нет».
fn yes_no(tr: Tr, b: bool) -> String {
    tr.t(if b { "pp-yes" } else { "pp-no" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_31_path_segments_are_encoded() {
        assert_eq!(seg("KZ"), "KZ");
        assert_eq!(seg("A B/C"), "A%20B%2FC");
    }
}
