//! The user profile (§3.13, ACC-97…ACC-102) and the participant's contact rows (ACC-112):
//! «Регистрационные данные» with the e-mail change and its confirmation link, «Паспортные
//! данные» and «Контактные данные» (manual rows only may be edited or deleted), and the
//! e-mail duplication switch. Every change is audited; passport numbers appear in the audit
//! only as their last four characters (ACC-168).

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::mail::{self, Mail};
use crate::model::SessionInfo;
use crate::service::{Accounts, Origin, internal, random_token};
use crate::store::{self, Account};
use crate::store_profile::{self, ContactEntry, ContactOwner, IdentityDocument};
use crate::values::trimmed;
use crate::{flow, values};
use db::Tx;
use kernel::{ErrorCode, Millis};
use serde::Deserialize;
use serde_json::json;

/// «Редактировать данные» of «Регистрационные данные» (ACC-98): only these two fields; any
/// other (`last_name`, `iin`, …) is refused with 422 (ACC-17, ACC-166).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileEdit {
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
}

/// A row of «Паспортные данные» as the user types it (§2.8).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityDocumentForm {
    pub doc_type: Option<String>,
    pub number: Option<String>,
    /// `YYYY-MM-DD` or `DD.MM.YYYY`.
    pub issue_date: Option<String>,
    pub expiry_date: Option<String>,
    pub issuer: Option<String>,
}

/// A row of «Контактные данные» (§2.9).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactForm {
    pub kind: Option<String>,
    pub value: Option<String>,
    pub note: Option<String>,
}

/// §2.8 `doc_type`.
pub const DOC_TYPES: &[&str] = &[
    "ID_CARD",
    "PASSPORT",
    "FOREIGN_PASSPORT",
    "RESIDENCE_PERMIT",
    "OTHER",
];

/// §2.9 `kind`.
pub const CONTACT_KINDS: &[&str] = &["MOBILE", "WORK_PHONE", "FAX", "EMAIL", "ADDRESS", "OTHER"];

fn fields(errors: Vec<FieldError>) -> Result<(), AccountsError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AccountsError::Fields(errors))
    }
}

/// A date of a form: `YYYY-MM-DD` (API) or `DD.MM.YYYY` (as the pages show dates).
pub fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return Some(d);
    }
    let mut it = s.split('.');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || d.len() != 2 || m.len() != 2 || y.len() != 4 {
        return None;
    }
    jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// ACC-168: a passport number as the audit and other people see it: `*****2345`.
pub fn masked_number(n: &str) -> String {
    let chars: Vec<char> = n.chars().collect();
    let keep = chars.len().min(4);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len() - keep))
}

/// §2.8: the checked row, or every field error at once.
pub fn check_document(
    f: &IdentityDocumentForm,
    birth_date: &str,
    today: jiff::civil::Date,
) -> Result<IdentityDocument, AccountsError> {
    let mut errors = Vec::new();
    let mut err = |field, code| errors.push(FieldError { field, code });
    let doc_type = trimmed(&f.doc_type);
    match &doc_type {
        None => err("doc_type", ErrorCode::AccRequired),
        Some(t) if !DOC_TYPES.contains(&t.as_str()) => err("doc_type", ErrorCode::AccDictValue),
        _ => {}
    }
    let number = trimmed(&f.number).map(|n| n.to_uppercase());
    match &number {
        None => err("number", ErrorCode::AccRequired),
        Some(n) if n.chars().count() > 20 || !n.chars().all(char::is_alphanumeric) => {
            err("number", ErrorCode::AccDocNumber)
        }
        _ => {}
    }
    let issue = match trimmed(&f.issue_date) {
        None => {
            err("issue_date", ErrorCode::AccRequired);
            None
        }
        Some(s) => match parse_date(&s) {
            None => {
                err("issue_date", ErrorCode::DateInvalid);
                None
            }
            Some(d) if d > today => {
                err("issue_date", ErrorCode::AccDateFuture);
                None
            }
            Some(d) if birth_date.parse::<jiff::civil::Date>().is_ok_and(|b| d < b) => {
                err("issue_date", ErrorCode::AccDateBeforeBirth);
                None
            }
            Some(d) => Some(d),
        },
    };
    let expiry = match trimmed(&f.expiry_date) {
        None => None,
        Some(s) => match parse_date(&s) {
            None => {
                err("expiry_date", ErrorCode::DateInvalid);
                None
            }
            Some(d) if issue.is_some_and(|i| d <= i) => {
                err("expiry_date", ErrorCode::AccDateOrder);
                None
            }
            Some(d) => Some(d),
        },
    };
    let issuer = trimmed(&f.issuer);
    match &issuer {
        None => err("issuer", ErrorCode::AccRequired),
        Some(i) if i.chars().count() > 255 => err("issuer", ErrorCode::AccTooLong),
        _ => {}
    }
    fields(errors)?;
    Ok(IdentityDocument {
        id: 0,
        doc_type: doc_type.ok_or_else(|| internal("doc_type"))?,
        number: number.ok_or_else(|| internal("number"))?,
        issue_date: issue.ok_or_else(|| internal("issue_date"))?.to_string(),
        expiry_date: expiry.map(|d| d.to_string()),
        issuer: issuer.ok_or_else(|| internal("issuer"))?,
        source: "MANUAL".into(),
        created_at: 0,
        updated_at: 0,
    })
}

/// §2.9: the checked row; phones are stored in their normal form.
pub fn check_contact(f: &ContactForm) -> Result<ContactEntry, AccountsError> {
    let mut errors = Vec::new();
    let mut err = |field, code| errors.push(FieldError { field, code });
    let kind = trimmed(&f.kind);
    match &kind {
        None => err("kind", ErrorCode::AccRequired),
        Some(k) if !CONTACT_KINDS.contains(&k.as_str()) => err("kind", ErrorCode::AccDictValue),
        _ => {}
    }
    let mut value = trimmed(&f.value);
    match (&kind, &value) {
        (_, None) => err("value", ErrorCode::AccRequired),
        (_, Some(v)) if v.chars().count() > 500 => err("value", ErrorCode::AccTooLong),
        (Some(k), Some(v)) => match k.as_str() {
            "MOBILE" => match values::parse_kz_mobile(v).or_else(|| international(v)) {
                Some(n) => value = Some(n),
                None => err("value", ErrorCode::AccPhoneInvalid),
            },
            "WORK_PHONE" | "FAX" => match kernel::values::Phone::parse(v) {
                Ok(p) => value = Some(p.as_str().to_string()),
                Err(_) => err("value", ErrorCode::AccPhoneInvalid),
            },
            "EMAIL" if kernel::values::Email::parse(v).is_err() => {
                err("value", ErrorCode::AccEmailInvalid)
            }
            _ => {}
        },
        _ => {}
    }
    let note = trimmed(&f.note);
    if note.as_ref().is_some_and(|n| n.chars().count() > 255) {
        err("note", ErrorCode::AccTooLong);
    }
    fields(errors)?;
    Ok(ContactEntry {
        id: 0,
        kind: kind.ok_or_else(|| internal("kind"))?,
        value: value.ok_or_else(|| internal("value"))?,
        note,
        source: "MANUAL".into(),
        created_at: 0,
        updated_at: 0,
    })
}

/// §2.9 `MOBILE`: an international number, `+` and 8–15 digits (spaces allowed).
fn international(v: &str) -> Option<String> {
    let rest = v.trim().strip_prefix('+')?;
    if !rest.chars().all(|c| c.is_ascii_digit() || c == ' ') {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (8..=15)
        .contains(&digits.len())
        .then(|| format!("+{digits}"))
}

impl Accounts {
    /// ACC-98 «Сохранить» of «Регистрационные данные»: the e-mail (required, unique, then not
    /// confirmed and E-EMAIL-CHANGED to the old address) and the mobile phone.
    pub async fn update_profile(
        &self,
        s: &SessionInfo,
        f: &ProfileEdit,
        origin: &Origin<'_>,
    ) -> Result<Account, AccountsError> {
        self.require(s, Action::UsrContactEdit).await?;
        let a = &s.account;
        let mut errors = Vec::new();
        let email = trimmed(&f.email);
        match &email {
            None => errors.push(FieldError {
                field: "email",
                code: ErrorCode::AccRequired,
            }),
            Some(e) if kernel::values::Email::parse(e).is_err() => errors.push(FieldError {
                field: "email",
                code: ErrorCode::AccEmailInvalid,
            }),
            Some(e) => {
                if let Some(other) = store::account_by_email(self.db.pool(), e).await?
                    && other.id != a.id
                {
                    errors.push(FieldError {
                        field: "email",
                        code: ErrorCode::AccEmailTaken,
                    });
                }
            }
        }
        let phone = match trimmed(&f.mobile_phone) {
            None => Some(a.mobile_phone.clone()),
            Some(p) => {
                let parsed = values::parse_kz_mobile(&p);
                if parsed.is_none() {
                    errors.push(FieldError {
                        field: "mobile_phone",
                        code: ErrorCode::AccPhoneInvalid,
                    });
                }
                parsed
            }
        };
        fields(errors)?;
        let email = email.ok_or_else(|| internal("email"))?;
        let phone = phone.ok_or_else(|| internal("phone"))?;
        let email_changed = values::email_key(&email) != values::email_key(&a.email);
        // A change of letter case only is the same mailbox (ACC-21): nothing to confirm.
        if !email_changed && phone == a.mobile_phone {
            return Ok(a.clone());
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if email_changed && let Err(e) = store::set_email(&mut tx, &a.id, &email, now).await {
            let e = db::DbError::from(e);
            return Err(match e.unique_violation() {
                Some("uq_accounts_email") => AccountsError::Fields(vec![FieldError {
                    field: "email",
                    code: ErrorCode::AccEmailTaken,
                }]),
                _ => e.into(),
            });
        }
        if phone != a.mobile_phone {
            store_profile::set_mobile_phone(&mut tx, &a.id, &phone, now).await?;
        }
        if email_changed {
            // ACC-155: E-EMAIL-CHANGED goes to the old address, always.
            mail::send(
                &mut tx,
                now,
                &Mail {
                    kind: "E-EMAIL-CHANGED",
                    message: "mail-email-changed",
                    to: &a.email,
                    account_id: &a.id,
                    ui_language: &a.ui_language,
                    args: vec![
                        ("masked", values::masked_email(&email)),
                        ("at", mail::date_time(now)),
                    ],
                },
            )
            .await?;
        }
        self.audit(
            &mut tx,
            "usr.contact-edit",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK",
                    "before": { "email": a.email, "mobile_phone": a.mobile_phone },
                    "after": { "email": email, "mobile_phone": phone } }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        store::account_by_id(self.db.pool(), &a.id)
            .await?
            .ok_or_else(|| internal("account vanished"))
    }

    /// «Подтвердить адрес электронной почты» (ACC-51, ACC-143): E-EMAIL-CONFIRM with a 72-hour
    /// link; older links die. At most 5 a day, like activation resends. Returns the address.
    pub async fn send_email_confirmation(
        &self,
        s: &SessionInfo,
        origin: &Origin<'_>,
    ) -> Result<String, AccountsError> {
        self.require(s, Action::UsrContactEdit).await?;
        let a = &s.account;
        if a.email_confirmed {
            return Ok(a.email.clone());
        }
        let now = self.now();
        let sent = store::tokens_since(
            self.db.pool(),
            &a.id,
            "EMAIL_CONFIRMATION",
            Millis(now.0 - 24 * 3_600_000),
        )
        .await?;
        if sent >= flow::ACTIVATION_RESENDS_PER_DAY {
            return Err(AccountsError::refused(ErrorCode::AccRateLimit));
        }
        let token = random_token()?;
        let until = Millis(now.0 + flow::ACTIVATION_LINK_MS);
        let mut tx = self.write_tx().await?;
        store::insert_email_token(
            &mut tx,
            &signatures::sha256_hex(token.as_bytes()),
            "EMAIL_CONFIRMATION",
            &a.id,
            &a.email,
            now,
            until,
        )
        .await?;
        mail::send(
            &mut tx,
            now,
            &Mail {
                kind: "E-EMAIL-CONFIRM",
                message: "mail-email-confirm",
                to: &a.email,
                account_id: &a.id,
                ui_language: &a.ui_language,
                args: vec![
                    ("name", a.full_name()),
                    ("link", self.link(&format!("/auth/activate/{token}"))),
                    ("until", mail::date_time(until)),
                ],
            },
        )
        .await?;
        self.audit(
            &mut tx,
            "usr.email-confirm-sent",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK" }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(a.email.clone())
    }

    /// ACC-102: «Дублировать уведомления на электронную почту».
    pub async fn set_email_notifications(
        &self,
        s: &SessionInfo,
        on: bool,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require(s, Action::UsrNotify).await?;
        let a = &s.account;
        let mut tx = self.write_tx().await?;
        store_profile::set_email_notifications(&mut tx, &a.id, on, self.now()).await?;
        self.audit(
            &mut tx,
            "usr.notify",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK", "before": a.email_notifications, "after": on }),
        )
        .await?;
        self.commit(tx).await
    }

    // ---- «Паспортные данные» (ACC-100) ----

    /// The session's own passport rows (ACC-168: nobody else's).
    pub async fn identity_documents(
        &self,
        s: &SessionInfo,
    ) -> Result<Vec<IdentityDocument>, AccountsError> {
        self.require(s, Action::UsrRows).await?;
        Ok(store_profile::documents_of(self.db.pool(), &s.account.id).await?)
    }

    /// «Добавить» (`id` = None) or «Редактировать» of a manual row.
    pub async fn save_identity_document(
        &self,
        s: &SessionInfo,
        id: Option<i64>,
        f: &IdentityDocumentForm,
        origin: &Origin<'_>,
    ) -> Result<IdentityDocument, AccountsError> {
        self.require(s, Action::UsrRows).await?;
        let a = &s.account;
        let before = match id {
            Some(id) => Some(self.manual_document(a, id).await?),
            None => None,
        };
        let today = self.now().local().date();
        let mut d = check_document(f, &a.birth_date, today)?;
        d.id = id.unwrap_or(0);
        let now = self.now();
        let mut tx = self.write_tx().await?;
        d.id = match store_profile::save_document(&mut tx, &a.id, &d, now).await {
            Ok(id) => id,
            Err(e) if e.unique_violation() == Some("uq_identity_documents_number") => {
                return Err(AccountsError::Fields(vec![FieldError {
                    field: "number",
                    code: ErrorCode::AccDocDuplicate,
                }]));
            }
            Err(e) => return Err(e.into()),
        };
        self.audit(
            &mut tx,
            "usr.rows",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK", "row": "passport", "id": d.id,
                    "op": if before.is_some() { "edit" } else { "add" },
                    "before": before.as_ref().map(document_audit),
                    "after": document_audit(&d) }),
        )
        .await?;
        self.commit(tx).await?;
        d.created_at = before.map_or(now.0, |b| b.created_at);
        d.updated_at = now.0;
        Ok(d)
    }

    /// «Удалить» + «Да» of a manual row.
    pub async fn delete_identity_document(
        &self,
        s: &SessionInfo,
        id: i64,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require(s, Action::UsrRows).await?;
        let a = &s.account;
        let before = self.manual_document(a, id).await?;
        let mut tx = self.write_tx().await?;
        if !store_profile::delete_document(&mut tx, &a.id, id).await? {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        self.audit(
            &mut tx,
            "usr.rows",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK", "row": "passport", "id": id, "op": "delete",
                    "before": document_audit(&before) }),
        )
        .await?;
        self.commit(tx).await
    }

    async fn manual_document(
        &self,
        a: &Account,
        id: i64,
    ) -> Result<IdentityDocument, AccountsError> {
        let d = store_profile::document(self.db.pool(), &a.id, id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        if d.source != "MANUAL" {
            return Err(AccountsError::refused(ErrorCode::AccNotManual));
        }
        Ok(d)
    }

    // ---- «Контактные данные» of the user (ACC-101) and of the participant (ACC-112) ----

    /// The contact rows of the session's account, or of participant `participant_id`
    /// (`part.contacts`: its `ORG_ADMIN`; `part.view` to read).
    pub async fn contacts(
        &self,
        s: &SessionInfo,
        participant_id: Option<&str>,
    ) -> Result<Vec<ContactEntry>, AccountsError> {
        let owner = match participant_id {
            Some(p) => {
                self.require_org(s, p, Action::PartView).await?;
                ContactOwner::Participant(p)
            }
            None => {
                self.require(s, Action::UsrRows).await?;
                ContactOwner::Account(&s.account.id)
            }
        };
        Ok(store_profile::contacts_of(self.db.pool(), owner).await?)
    }

    /// «Добавить» (`id` = None) or «Редактировать» of a manual contact row.
    pub async fn save_contact(
        &self,
        s: &SessionInfo,
        participant_id: Option<&str>,
        id: Option<i64>,
        f: &ContactForm,
        origin: &Origin<'_>,
    ) -> Result<ContactEntry, AccountsError> {
        let owner = self.contact_owner(s, participant_id).await?;
        let before = match id {
            Some(id) => Some(self.manual_contact(owner, id).await?),
            None => None,
        };
        let mut c = check_contact(f)?;
        c.id = id.unwrap_or(0);
        let now = self.now();
        let mut tx = self.write_tx().await?;
        c.id = store_profile::save_contact(&mut tx, owner, &c, now).await?;
        self.contact_audit(
            &mut tx,
            s,
            owner,
            origin,
            json!({
            "op": if before.is_some() { "edit" } else { "add" }, "id": c.id,
            "before": before.as_ref().map(|b| json!({ "kind": b.kind, "value": b.value })),
            "after": { "kind": c.kind, "value": c.value } }),
        )
        .await?;
        self.commit(tx).await?;
        c.created_at = before.map_or(now.0, |b| b.created_at);
        c.updated_at = now.0;
        Ok(c)
    }

    /// «Удалить» + «Да» of a manual contact row.
    pub async fn delete_contact(
        &self,
        s: &SessionInfo,
        participant_id: Option<&str>,
        id: i64,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        let owner = self.contact_owner(s, participant_id).await?;
        let before = self.manual_contact(owner, id).await?;
        let mut tx = self.write_tx().await?;
        if !store_profile::delete_contact(&mut tx, owner, id).await? {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        self.contact_audit(
            &mut tx,
            s,
            owner,
            origin,
            json!({
            "op": "delete", "id": id, "before": { "kind": before.kind, "value": before.value } }),
        )
        .await?;
        self.commit(tx).await
    }

    async fn contact_owner<'a>(
        &self,
        s: &'a SessionInfo,
        participant_id: Option<&'a str>,
    ) -> Result<ContactOwner<'a>, AccountsError> {
        Ok(match participant_id {
            Some(p) => {
                self.require_org(s, p, Action::PartContacts).await?;
                ContactOwner::Participant(p)
            }
            None => {
                self.require(s, Action::UsrRows).await?;
                ContactOwner::Account(&s.account.id)
            }
        })
    }

    async fn manual_contact(
        &self,
        owner: ContactOwner<'_>,
        id: i64,
    ) -> Result<ContactEntry, AccountsError> {
        let c = store_profile::contact(self.db.pool(), owner, id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        if c.source != "MANUAL" {
            return Err(AccountsError::refused(ErrorCode::AccNotManual));
        }
        Ok(c)
    }

    async fn contact_audit(
        &self,
        tx: &mut Tx,
        s: &SessionInfo,
        owner: ContactOwner<'_>,
        origin: &Origin<'_>,
        mut detail: serde_json::Value,
    ) -> Result<(), AccountsError> {
        let (action, participant) = match owner {
            ContactOwner::Account(_) => ("usr.rows", None),
            ContactOwner::Participant(p) => ("part.contacts", Some(p)),
        };
        detail["outcome"] = json!("OK");
        detail["row"] = json!("contact");
        detail["participant"] = json!(participant);
        self.audit(tx, action, Some(&s.account.id), origin, detail)
            .await?;
        Ok(())
    }
}

/// What the audit keeps of a passport row (ACC-168: the number masked).
fn document_audit(d: &IdentityDocument) -> serde_json::Value {
    json!({ "doc_type": d.doc_type, "number": masked_number(&d.number),
            "issue_date": d.issue_date, "expiry_date": d.expiry_date, "issuer": d.issuer })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(t: &str, n: &str, issue: &str, expiry: Option<&str>) -> IdentityDocumentForm {
        IdentityDocumentForm {
            doc_type: Some(t.into()),
            number: Some(n.into()),
            issue_date: Some(issue.into()),
            expiry_date: expiry.map(str::to_string),
            issuer: Some("МВД РК".into()),
        }
    }

    fn codes(r: Result<impl std::fmt::Debug, AccountsError>) -> Vec<(&'static str, ErrorCode)> {
        match r {
            Err(AccountsError::Fields(f)) => f.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn as_31_passport_rows_checked_as_section_2_8_says() {
        let today = jiff::civil::date(2026, 11, 27);
        let ok = check_document(
            &doc("ID_CARD", "045612345", "10.03.2015", Some("09.03.2025")),
            "1990-01-01",
            today,
        )
        .unwrap();
        assert_eq!(ok.issue_date, "2015-03-10");
        assert_eq!(ok.expiry_date.as_deref(), Some("2025-03-09"));
        assert_eq!(ok.source, "MANUAL");
        assert_eq!(
            codes(check_document(
                &doc("ID_CARD", "045612345", "01.01.2030", None),
                "1990-01-01",
                today
            )),
            [("issue_date", ErrorCode::AccDateFuture)]
        );
        assert_eq!(
            codes(check_document(
                &doc("ID_CARD", "045612345", "01.01.1989", None),
                "1990-01-01",
                today
            )),
            [("issue_date", ErrorCode::AccDateBeforeBirth)]
        );
        assert_eq!(
            codes(check_document(
                &doc("VISA", "04-56", "2015-03-10", Some("2015-03-10")),
                "1990-01-01",
                today
            )),
            [
                ("doc_type", ErrorCode::AccDictValue),
                ("number", ErrorCode::AccDocNumber),
                ("expiry_date", ErrorCode::AccDateOrder)
            ]
        );
        assert_eq!(masked_number("045612345"), "*****2345");
        assert_eq!(masked_number("12"), "12");
    }

    #[test]
    fn as_32_contact_values_checked_by_kind() {
        let c = |k: &str, v: &str| ContactForm {
            kind: Some(k.into()),
            value: Some(v.into()),
            note: None,
        };
        assert_eq!(
            check_contact(&c("WORK_PHONE", "+7 (7172) 79 59 05"))
                .unwrap()
                .value,
            "+77172795905"
        );
        assert_eq!(
            codes(check_contact(&c("EMAIL", "bad@"))),
            [("value", ErrorCode::AccEmailInvalid)]
        );
        assert_eq!(
            check_contact(&c("MOBILE", "+49 151 2345 6789"))
                .unwrap()
                .value,
            "+4915123456789"
        );
        assert_eq!(
            codes(check_contact(&c("MOBILE", "8 705 000 11 22"))),
            [("value", ErrorCode::AccPhoneInvalid)]
        );
        assert_eq!(
            check_contact(&c("ADDRESS", "Астана, ул. Кенесары 40"))
                .unwrap()
                .kind,
            "ADDRESS"
        );
        assert_eq!(
            codes(check_contact(&c("SKYPE", ""))),
            [
                ("kind", ErrorCode::AccDictValue),
                ("value", ErrorCode::AccRequired)
            ]
        );
    }
}
