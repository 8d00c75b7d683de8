//! ЕНС ТРУ in the account layer (spec/accounts.md §2.5, §2.16, §3.12): the organisations an
//! `ENS_ADMIN` enters from Приложение №1 (ACC-28, AS-65), the users' access requests with the
//! power of attorney, the agreement and the signature (E1, ACC-94, AS-67), the authorized
//! body's «Аккредитовать» / «Отказать» (E2, E3, ACC-95, AS-68) and the revocation of
//! `ENS_USER` (ACC-96, AS-71). The Requests-module login is in [`crate::ens_login`].
//!
//! ```text
//!            «Подать заявку» (signed)         «Аккредитовать»
//!   (none) ───────────────────────────▶ SUBMITTED ───────────────▶ ACCREDITED
//!                                           │
//!                                           └──── «Отказать» + reason ──▶ REFUSED
//! ```
//!
//! Parts: [`organisations`], [`requests`], [`users`] (`ENS_USER` and `SUPERVISOR`).
//!
//! The bank row of Appendix 1 («ИИК», «БИК», «КБЕ», «Банк») is the participant's one
//! `BankAccount` with `source` = `ENS_ADMIN` (§2.5, checks of §4.5–§4.6), written with the form.
//!
//! Not here: the Приложение №2 template (CAT-65).

mod organisations;
mod requests;
mod users;

pub use users::EnsUserPage;

use crate::error::FieldError;
use crate::store_ens::EnsProfileRow;
use kernel::ErrorCode;
use serde::{Deserialize, Serialize};

/// ACC-8: the largest uploaded file.
pub const FILE_MAX: usize = 20 * 1024 * 1024;

/// The Appendix 1 form (§2.5) as the `ENS_ADMIN` sends it; `None` = empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsOrgForm {
    /// «Наименование организации на русском языке *».
    pub name: Option<String>,
    /// «Наименование организации на казахском языке».
    pub name_kk: Option<String>,
    /// «Форма собственности»: a КФС code.
    pub kfs: Option<String>,
    /// «Родительская организация»: a participant id.
    pub parent_participant_id: Option<String>,
    /// «БИН *».
    pub bin: Option<String>,
    /// «РНН».
    pub rnn: Option<String>,
    /// «Регион»: a КАТО code of the top level.
    pub region: Option<String>,
    /// «Адрес».
    pub address: Option<String>,
    pub contact_last_name: Option<String>,
    pub contact_first_name: Option<String>,
    pub contact_middle_name: Option<String>,
    pub contact_position: Option<String>,
    pub contact_work_phone: Option<String>,
    pub contact_mobile_phone: Option<String>,
    /// «Электронная почта *» of the contact person.
    pub contact_email: Option<String>,
    /// «ИИК»: the account number (§4.6); empty = the organisation has no bank row.
    pub iik: Option<String>,
    /// «Банк»: a BIC of the bank dictionary; for a Kazakhstan IBAN the bank of its IBAN code is
    /// taken whatever is sent (ACC-129 step 6). «БИК» is that bank's.
    pub bank_bic: Option<String>,
    /// «КБЕ»: two digits, entered only while the participant's residency and КСЕ are unknown
    /// (an `ADMIN_CREATED` participant); otherwise computed (§4.5) and this is ignored.
    pub kbe: Option<String>,
}

/// The bank row of Appendix 1: the participant's `ENS_ADMIN` bank account (§2.5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsBankRow {
    /// The `BankAccount` id.
    pub account_id: i64,
    /// «ИИК».
    pub iik: String,
    /// «БИК»: the bank's.
    pub bic: String,
    /// «Банк»: the bank's name in the dictionary.
    pub bank_name: String,
    /// «КБЕ».
    pub kbe: String,
    /// КБе was entered by the `ENS_ADMIN` (residency and КСЕ not yet known), not computed.
    pub kbe_entered: bool,
}

/// An organisation of «Организации ЕНС ТРУ»: the participant's Appendix 1 data and the profile.
#[derive(Debug, Clone, Serialize)]
pub struct EnsOrganisation {
    pub participant_id: String,
    pub bin: String,
    pub name: String,
    pub kfs: Option<String>,
    /// `ADMIN_CREATED`, `ACTIVE` or `BLOCKED`.
    pub participant_status: String,
    #[serde(flatten)]
    pub profile: EnsProfileRow,
    /// «ИИК», «БИК», «КБЕ», «Банк», when entered.
    pub bank: Option<EnsBankRow>,
}

/// One page of «Организации ЕНС ТРУ».
#[derive(Debug, Clone, Serialize)]
pub struct EnsOrganisationPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<EnsOrganisation>,
}

/// A request of the authorized body's queue with its organisation's name («Организация»).
#[derive(Debug, Clone, Serialize)]
pub struct EnsRequestItem {
    #[serde(flatten)]
    pub request: crate::store_ens::AccessRequestRow,
    pub participant_name: String,
}

/// One page of «Заявки на регистрацию пользователей ЕНС ТРУ».
#[derive(Debug, Clone, Serialize)]
pub struct EnsRequestPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<EnsRequestItem>,
}

/// The facts of the signature of «Подать заявку», as recorded (spec/signatures.md).
#[derive(Debug, Clone, Serialize)]
pub struct EnsSignatureFacts {
    pub signature_id: i64,
    pub iin: Option<String>,
    pub bin: Option<String>,
    pub cert_serial: String,
    pub cert_issuer: String,
    /// Unix ms.
    pub signing_time: i64,
}

/// One request for the review: the request, «Организация» and the signature's facts.
#[derive(Debug, Clone, Serialize)]
pub struct EnsRequestView {
    #[serde(flatten)]
    pub request: crate::store_ens::AccessRequestRow,
    pub participant_name: String,
    pub signature: Option<EnsSignatureFacts>,
}

/// «Заявка на регистрацию в ЕНС ТРУ»: the read-only part of the form (CAT-151).
#[derive(Debug, Clone, Serialize)]
pub struct EnsRequestContext {
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub bin: String,
    pub participant_id: String,
    /// «Организация».
    pub participant_name: String,
    /// The `USER_ENS` agreement the checkbox accepts.
    pub agreement_version: String,
}

/// What the user fills in and signs (CAT-151); the file comes beside it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsRequestForm {
    /// «Должность».
    pub position: Option<String>,
    /// «Контактный телефон».
    pub phone: Option<String>,
    /// «Я принимаю условия пользовательского соглашения».
    #[serde(default)]
    pub agreement_accepted: bool,
    /// «Подать заявку»: the request signed over an `ens.access_request` challenge.
    pub signature: Option<crate::participants::SignedAct>,
}

/// «Доверенность» as uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// «Аккредитовать» (`accredit` = true) or «Отказать» with «Причина отказа».
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsDecision {
    pub accredit: bool,
    pub reason: Option<String>,
}

/// ACC-96: revocation of `ENS_USER` with a reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsRevocation {
    pub reason: Option<String>,
}

/// An effective `ENS_USER` as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct EnsUserView {
    pub grant_id: i64,
    pub account_id: String,
    pub full_name: String,
    pub email: String,
    pub participant_id: String,
    pub participant_name: String,
    pub granted_at: i64,
    /// The user's `SUPERVISOR` grant in the same participant, when there is one (G-46).
    pub supervisor_grant_id: Option<i64>,
}

/// «Назначить супервайзером» / «Снять роль супервайзера» (G-46): the reason kept in the grant
/// and the audit.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsSupervisorChange {
    pub reason: Option<String>,
}

fn field(field: &'static str, code: ErrorCode) -> FieldError {
    FieldError { field, code }
}

/// §2 `Phone`: free text of at most 50 digits, spaces, `+`, `(`, `)`, `-`, `,`, with a number
/// of at least 5 digits.
pub fn phone_ok(s: &str) -> bool {
    s.chars().count() <= 50
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +()-,".contains(c))
        && s.chars().filter(char::is_ascii_digit).count() >= 5
}

/// ACC-8: the type of a file by its first bytes (never by its name): pdf, jpg or png.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// The words of the list search: folded names and the БИН.
pub(crate) fn search_key(name: &str, name_kk: Option<&str>, bin: &str) -> String {
    let mut words = kernel::text::match_keys(name);
    if let Some(kk) = name_kk {
        words.extend(kernel::text::match_keys(kk));
    }
    words.push(bin.to_string());
    format!(" {} ", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_8_file_type_by_magic_bytes_not_by_name() {
        assert_eq!(sniff_mime(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff_mime(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(
            sniff_mime(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(sniff_mime(b"MZ\x90\0"), None);
        assert_eq!(sniff_mime(b""), None);
    }

    #[test]
    fn acc_94_contact_phone_is_free_text_of_digits_and_separators() {
        assert!(phone_ok("+7 (7172) 11 22 33"));
        assert!(phone_ok("8-7172-112233, 112234"));
        assert!(!phone_ok("1234"));
        assert!(!phone_ok("+7 717 ABC"));
        assert!(!phone_ok(&"1".repeat(51)));
    }
}
