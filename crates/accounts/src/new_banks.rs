//! Requests to register a new bank (§3.9, ACC-84…ACC-87): a participant's bank manager sends
//! one (B1), a platform administrator approves it — the bank joins the dictionary — or rejects
//! it with a reason (B2, B3). Decided requests are final.

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::rules::{self, IdKind};
use crate::service::{Accounts, Origin, internal};
use crate::store;
use crate::store_org::{self, Bank, NewBankRequest};
use crate::values::trimmed;
use kernel::ErrorCode;
use serde::Deserialize;
use serde_json::json;

/// The form of §2.12.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBankForm {
    pub bank_name_ru: Option<String>,
    pub bank_name_kk: Option<String>,
    pub bic: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub iban_code: Option<String>,
    pub bank_bin: Option<String>,
    pub address: Option<String>,
    pub comment: Option<String>,
}

/// A bank's fields after the checks of §2.11.
pub(crate) struct CheckedBank {
    pub name: String,
    pub bic: String,
    pub country: String,
    pub iban_code: Option<String>,
    pub bank_bin: Option<String>,
}

/// A decision of the administrator.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBankDecision {
    pub approve: bool,
    /// «Причина», required to reject.
    pub reason: Option<String>,
    /// The administrator may correct the name before approving (audited).
    pub bank_name_ru: Option<String>,
}

/// Whether the account holds an effective platform-wide staff role.
pub fn has_role(s: &SessionInfo, role: &str) -> bool {
    s.roles
        .iter()
        .any(|(r, scope)| r == role && scope.is_none())
}

impl Accounts {
    /// B1 «Отправить на утверждение» + «Да».
    pub async fn send_new_bank_request(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        f: &NewBankForm,
        origin: &Origin<'_>,
    ) -> Result<NewBankRequest, AccountsError> {
        self.require_org(s, participant_id, Action::NewbankSend)
            .await?;
        let CheckedBank {
            name,
            bic,
            country,
            iban_code,
            bank_bin,
        } = self.check_bank(f).await?;
        // ACC-87 / §2.12: no active bank and no other pending request with this BIC or code.
        let taken = store_org::bank_by(self.db.pool(), "bic", &bic)
            .await?
            .is_some_and(|b| b.status == "ACTIVE")
            || match &iban_code {
                Some(c) => store_org::bank_by(self.db.pool(), "iban_code", c)
                    .await?
                    .is_some_and(|b| b.status == "ACTIVE"),
                None => false,
            }
            || !store_org::new_bank_requests(self.db.pool(), "bic", &bic)
                .await?
                .iter()
                .all(|r| r.status != "ON_APPROVAL");
        if taken {
            return Err(AccountsError::refused(ErrorCode::AccBicExists));
        }
        let now = self.now();
        let mut r = NewBankRequest {
            number: 0,
            participant_id: participant_id.to_string(),
            requested_by: s.account.id.clone(),
            bank_name_ru: name,
            bank_name_kk: trimmed(&f.bank_name_kk),
            bic,
            country,
            iban_code,
            bank_bin,
            address: trimmed(&f.address),
            comment: trimmed(&f.comment),
            status: "ON_APPROVAL".into(),
            rejection_reason: None,
            sent_at: now.0,
            decided_at: None,
        };
        let mut tx = self.write_tx().await?;
        r.number = store_org::insert_new_bank_request(&mut tx, &r).await?;
        self.audit(
            &mut tx,
            "newbank.send",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "request": r.number, "bic": r.bic }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(r)
    }

    /// The field checks of §2.11/§2.12 shared by B1 and the administrator's bank dictionary
    /// (ACC-116): every field error at once.
    pub(crate) async fn check_bank(&self, f: &NewBankForm) -> Result<CheckedBank, AccountsError> {
        let mut errors = Vec::new();
        let name = trimmed(&f.bank_name_ru);
        if name.is_none() {
            errors.push(FieldError {
                field: "bank_name_ru",
                code: ErrorCode::AccRequired,
            });
        }
        let bic = match trimmed(&f.bic) {
            None => {
                errors.push(FieldError {
                    field: "bic",
                    code: ErrorCode::AccRequired,
                });
                None
            }
            Some(b) => match rules::bic(&b) {
                Ok(b) => Some(b),
                Err(code) => {
                    errors.push(FieldError { field: "bic", code });
                    None
                }
            },
        };
        let country = trimmed(&f.country).map(|c| c.to_ascii_uppercase());
        match &country {
            None => errors.push(FieldError {
                field: "country",
                code: ErrorCode::AccRequired,
            }),
            Some(c) if !store_org::dict_has(self.db.pool(), "countries", c).await? => {
                errors.push(FieldError {
                    field: "country",
                    code: ErrorCode::AccDictValue,
                })
            }
            _ => {}
        }
        let iban_code = trimmed(&f.iban_code);
        if country.as_deref() == Some("KZ") {
            match &iban_code {
                None => errors.push(FieldError {
                    field: "iban_code",
                    code: ErrorCode::AccRequired,
                }),
                Some(c) if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_digit()) => {
                    errors.push(FieldError {
                        field: "iban_code",
                        code: ErrorCode::AccIbanFormat,
                    })
                }
                _ => {}
            }
        }
        let bank_bin = match trimmed(&f.bank_bin) {
            Some(b) => match rules::typed_id(&b, IdKind::Bin) {
                Ok(b) => Some(b),
                Err(code) => {
                    errors.push(FieldError {
                        field: "bank_bin",
                        code,
                    });
                    None
                }
            },
            None => None,
        };
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        Ok(CheckedBank {
            name: name.unwrap_or_default().chars().take(255).collect(),
            bic: bic.ok_or_else(|| internal("bic"))?,
            country: country.unwrap_or_default(),
            iban_code,
            bank_bin,
        })
    }

    /// «Мои заявки на регистрацию Банка» of the participant.
    pub async fn new_bank_requests_of(
        &self,
        s: &SessionInfo,
        participant_id: &str,
    ) -> Result<Vec<NewBankRequest>, AccountsError> {
        self.require_org(s, participant_id, Action::NewbankView)
            .await?;
        Ok(store_org::new_bank_requests(self.db.pool(), "participant_id", participant_id).await?)
    }

    /// «Заявки на регистрацию банков»: the administrator's queue.
    pub async fn new_bank_queue(
        &self,
        s: &SessionInfo,
    ) -> Result<Vec<NewBankRequest>, AccountsError> {
        self.require(s, Action::NewbankDecide).await?;
        Ok(store_org::new_bank_requests(self.db.pool(), "status", "ON_APPROVAL").await?)
    }

    /// B2 «Утвердить» / B3 «Отклонить».
    pub async fn decide_new_bank_request(
        &self,
        s: &SessionInfo,
        number: i64,
        d: &NewBankDecision,
        origin: &Origin<'_>,
    ) -> Result<NewBankRequest, AccountsError> {
        self.require(s, Action::NewbankDecide).await?;
        let r = store_org::new_bank_requests(self.db.pool(), "status", "ON_APPROVAL")
            .await?
            .into_iter()
            .find(|r| r.number == number)
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let reason = trimmed(&d.reason);
        if !d.approve && reason.is_none() {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "reason",
                code: ErrorCode::AccRejectReason,
            }]));
        }
        let requester = store::account_by_id(self.db.pool(), &r.requested_by)
            .await?
            .ok_or_else(|| internal("requester"))?;
        let name = trimmed(&d.bank_name_ru).unwrap_or_else(|| r.bank_name_ru.clone());
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if d.approve {
            let taken = store_org::bank_by(&mut *tx, "bic", &r.bic).await?.is_some()
                || match &r.iban_code {
                    Some(c) => store_org::bank_by(&mut *tx, "iban_code", c)
                        .await?
                        .is_some(),
                    None => false,
                };
            if taken {
                return Err(AccountsError::refused(ErrorCode::AccBicExists));
            }
            let bank = Bank {
                bic: r.bic.clone(),
                name_ru: name.clone(),
                name_kk: r.bank_name_kk.clone(),
                iban_code: r.iban_code.clone(),
                country: r.country.clone(),
                status: "ACTIVE".into(),
            };
            store_org::insert_bank_if_absent(&mut tx, &bank, "NEW_BANK_REQUEST", now).await?;
        }
        let status = if d.approve { "APPROVED" } else { "REJECTED" };
        if !store_org::decide_new_bank_request(
            &mut tx,
            number,
            status,
            reason.as_deref(),
            d.approve.then_some(r.bic.as_str()),
            &s.account.id,
            now,
        )
        .await?
        {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        let (kind, message, args) = if d.approve {
            (
                "E-BANK-APPROVED",
                "mail-bank-approved",
                vec![("n", number.to_string()), ("name", name.clone())],
            )
        } else {
            (
                "E-BANK-REJECTED",
                "mail-bank-rejected",
                vec![
                    ("n", number.to_string()),
                    ("reason", reason.clone().unwrap_or_default()),
                ],
            )
        };
        self.notify_member(&mut tx, &requester, kind, message, args)
            .await?;
        self.audit(
            &mut tx,
            "newbank.decide",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "request": number, "decision": status, "reason": reason,
                    "name_before": r.bank_name_ru, "name_after": name }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(NewBankRequest {
            status: status.into(),
            rejection_reason: reason,
            decided_at: Some(now.0),
            ..r
        })
    }

    /// ACC-13: a staff role granted by an administrator (or, for the first administrator, by
    /// `tauar admin grant` at installation).
    pub async fn grant_role(
        &self,
        account_iin: &str,
        role: &str,
        granted_by: Option<&str>,
        reason: &str,
    ) -> Result<i64, AccountsError> {
        grant_role(&self.db, self.now(), account_iin, role, granted_by, reason).await
    }
}

/// The staff roles of §1.4 that grants may name.
pub const STAFF_ROLES: &[&str] = &[
    "PLATFORM_ADMIN",
    "ENS_ADMIN",
    "AUTH_BODY",
    "SECRETARY",
    "NCT_MODERATOR",
    "NCT_ADMIN",
    "SUPERVISOR",
    "ENS_MODERATOR",
    "ENS_EXPERT",
    "ENS_APPROVER",
    "NCH",
    "RPP_AUTH",
    "RPP_HEAD",
    "ASSOC",
    "EXPERT",
    "COMM_SECRETARY",
];

/// Grants a platform-wide staff role to the account of `account_iin`, with its audit event.
pub async fn grant_role(
    db: &db::Db,
    now: kernel::Millis,
    account_iin: &str,
    role: &str,
    granted_by: Option<&str>,
    reason: &str,
) -> Result<i64, AccountsError> {
    if !STAFF_ROLES.contains(&role) {
        return Err(AccountsError::refused(ErrorCode::InvalidParameter));
    }
    let a = store::account_by_iin(db.pool(), account_iin)
        .await?
        .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
    let mut tx = db.write_tx().await?;
    signatures::audit::lock_head(&mut tx).await?;
    let id = store::grant_role(&mut tx, &a.id, role, None, granted_by, reason, now).await?;
    signatures::audit::append(
        &mut tx,
        now,
        &signatures::AuditEntry {
            kind: Some(signatures::audit::AuditKind::Event),
            purpose: "adm.roles".into(),
            account_id: granted_by.map(str::to_string),
            object_type: Some("account".into()),
            object_id: Some(a.id.clone()),
            detail: json!({ "outcome": "OK", "role": role, "reason": reason, "grant": id }),
            ..signatures::AuditEntry::default()
        },
    )
    .await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(id)
}
