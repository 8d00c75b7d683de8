//! Bank accounts of a participant (§3.14, ACC-103…ACC-108): the number checks of ACC-129, the
//! bank chosen from the IBAN code, КБе computed from residency and КСЕ, exactly one default
//! account and at most one guarantee account, changes and deletion of manual rows only.

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::rules;
use crate::service::{Accounts, Origin};
use crate::store_org::{self, BankAccount};
use kernel::ErrorCode;
use serde::Deserialize;
use serde_json::json;

/// «Добавить счет» / «Редактировать счет» (ACC-104). КБе is computed and never accepted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankAccountForm {
    pub number: Option<String>,
    #[serde(default)]
    pub old_format: Option<bool>,
    /// Chosen by the user for old-format and foreign accounts; for a Kazakhstan IBAN the bank of
    /// its IBAN code is taken whatever is sent here.
    pub bank_bic: Option<String>,
    pub account_type: Option<String>,
    pub is_guarantee: Option<bool>,
    pub is_default: Option<bool>,
}

impl Accounts {
    /// «Банковские счета» of the participant.
    pub async fn bank_accounts(
        &self,
        s: &SessionInfo,
        participant_id: &str,
    ) -> Result<Vec<BankAccount>, AccountsError> {
        self.require_org(s, participant_id, Action::BankView)
            .await?;
        Ok(store_org::bank_accounts_of(self.db.pool(), participant_id).await?)
    }

    /// The active banks of the dictionary (for «Наименование банка»).
    pub async fn banks(&self) -> Result<Vec<store_org::Bank>, AccountsError> {
        Ok(store_org::active_banks(self.db.pool()).await?)
    }

    /// ACC-129 steps 1–6 and the type: the checked number, its bank and the account type.
    pub(crate) async fn check_account(
        &self,
        f: &BankAccountForm,
    ) -> Result<(rules::AccountNumber, String, String), AccountsError> {
        let field = |field, code| AccountsError::Fields(vec![FieldError { field, code }]);
        let typed = f.number.as_deref().map(str::trim).unwrap_or("");
        if typed.is_empty() {
            return Err(field("number", ErrorCode::AccRequired));
        }
        let old = f.old_format.unwrap_or(false);
        let n = rules::account_number(typed, old).map_err(|c| field("number", c))?;
        let bank = match (&n.kz_bank_code, &n.country) {
            (Some(code), _) => {
                let b = store_org::bank_by(self.db.pool(), "iban_code", code)
                    .await?
                    .filter(|b| b.status == "ACTIVE")
                    .ok_or_else(|| {
                        AccountsError::with(ErrorCode::AccBankUnknown, vec![("code", code.clone())])
                    })?;
                b.bic
            }
            (None, country) => {
                let bic = f.bank_bic.as_deref().map(str::trim).unwrap_or("");
                if bic.is_empty() {
                    return Err(field("bank_bic", ErrorCode::AccRequired));
                }
                let b = store_org::bank_by(self.db.pool(), "bic", &bic.to_ascii_uppercase())
                    .await?
                    .filter(|b| b.status == "ACTIVE")
                    .ok_or_else(|| field("bank_bic", ErrorCode::AccDictValue))?;
                if let Some(c) = country
                    && b.country != *c
                {
                    return Err(field("bank_bic", ErrorCode::AccBankCountry));
                }
                b.bic
            }
        };
        let kind = f.account_type.as_deref().map(str::trim).unwrap_or("");
        if kind.is_empty() {
            return Err(field("account_type", ErrorCode::AccRequired));
        }
        if !store_org::dict_has(self.db.pool(), "bank-account-types", kind).await? {
            return Err(field("account_type", ErrorCode::AccDictValue));
        }
        Ok((n, bank, kind.to_string()))
    }

    /// «Добавить счет» + «Сохранить».
    pub async fn add_bank_account(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        f: &BankAccountForm,
        origin: &Origin<'_>,
    ) -> Result<BankAccount, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::BankEdit)
            .await?;
        let (n, bank, kind) = self.check_account(f).await?;
        let existing = store_org::bank_accounts_of(self.db.pool(), participant_id).await?;
        if existing.iter().any(|a| a.number == n.number) {
            return Err(AccountsError::refused(ErrorCode::AccAccountDuplicate));
        }
        let now = self.now();
        let mut a = BankAccount {
            id: 0,
            participant_id: participant_id.to_string(),
            old_format: f.old_format.unwrap_or(false),
            number: n.number,
            kbe: rules::kbe(p.is_resident, &p.kse),
            bank_bic: bank,
            account_type: kind,
            is_guarantee: f.is_guarantee.unwrap_or(false),
            // ACC-105: the first account is the default one.
            is_default: existing.is_empty() || f.is_default.unwrap_or(false),
            source: "MANUAL".into(),
        };
        let mut tx = self.write_tx().await?;
        a.id = store_org::insert_bank_account(&mut tx, &a, &s.account.id, now)
            .await
            .map_err(duplicate_number)?;
        if a.is_default {
            store_org::clear_flag_except(&mut tx, participant_id, "is_default", a.id).await?;
        }
        if a.is_guarantee {
            store_org::clear_flag_except(&mut tx, participant_id, "is_guarantee", a.id).await?;
        }
        self.audit(
            &mut tx,
            "bank.edit",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "op": "add",
                    "after": { "id": a.id, "number": a.number, "bank": a.bank_bic, "kbe": a.kbe,
                               "default": a.is_default, "guarantee": a.is_guarantee } }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(a)
    }

    async fn own_account(
        &self,
        participant_id: &str,
        id: i64,
    ) -> Result<BankAccount, AccountsError> {
        store_org::bank_accounts_of(self.db.pool(), participant_id)
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
    }

    /// «Редактировать счет» + «Сохранить» (ACC-107): manual rows fully; others only the flags
    /// and the type. The default flag moves, it is never just removed (ACC-105).
    pub async fn update_bank_account(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        id: i64,
        f: &BankAccountForm,
        origin: &Origin<'_>,
    ) -> Result<BankAccount, AccountsError> {
        self.require_org(s, participant_id, Action::BankEdit)
            .await?;
        let before = self.own_account(participant_id, id).await?;
        let mut a = before.clone();
        let changes_number = f.number.is_some() || f.old_format.is_some() || f.bank_bic.is_some();
        if before.source != "MANUAL" && changes_number {
            return Err(AccountsError::refused(ErrorCode::AccNotManual));
        }
        if changes_number {
            let merged = BankAccountForm {
                number: f.number.clone().or(Some(before.number.clone())),
                old_format: f.old_format.or(Some(before.old_format)),
                bank_bic: f.bank_bic.clone().or(Some(before.bank_bic.clone())),
                account_type: f.account_type.clone().or(Some(before.account_type.clone())),
                ..BankAccountForm::default()
            };
            let (n, bank, kind) = self.check_account(&merged).await?;
            let others = store_org::bank_accounts_of(self.db.pool(), participant_id).await?;
            if others.iter().any(|o| o.id != id && o.number == n.number) {
                return Err(AccountsError::refused(ErrorCode::AccAccountDuplicate));
            }
            a.number = n.number;
            a.old_format = merged.old_format.unwrap_or(false);
            a.bank_bic = bank;
            a.account_type = kind;
        } else if let Some(kind) = &f.account_type {
            // ACC-31: the type held stays valid after its entry was set inactive.
            if kind.trim() != a.account_type
                && !store_org::dict_has(self.db.pool(), "bank-account-types", kind.trim()).await?
            {
                return Err(AccountsError::Fields(vec![FieldError {
                    field: "account_type",
                    code: ErrorCode::AccDictValue,
                }]));
            }
            a.account_type = kind.trim().to_string();
        }
        if f.is_default == Some(true) {
            a.is_default = true;
        }
        if let Some(g) = f.is_guarantee {
            a.is_guarantee = g;
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        store_org::update_bank_account(&mut tx, &a, &s.account.id, now).await?;
        if a.is_default {
            store_org::clear_flag_except(&mut tx, participant_id, "is_default", a.id).await?;
        }
        if a.is_guarantee {
            store_org::clear_flag_except(&mut tx, participant_id, "is_guarantee", a.id).await?;
        }
        self.audit(
            &mut tx,
            "bank.edit",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "op": "update",
                    "before": { "number": before.number, "bank": before.bank_bic,
                                "default": before.is_default, "guarantee": before.is_guarantee,
                                "type": before.account_type },
                    "after": { "number": a.number, "bank": a.bank_bic, "default": a.is_default,
                               "guarantee": a.is_guarantee, "type": a.account_type } }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(a)
    }

    /// «Удалить» (ACC-106): manual rows only; a deleted default passes the flag to the oldest
    /// remaining account (ACC-105).
    pub async fn delete_bank_account(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        id: i64,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require_org(s, participant_id, Action::BankEdit)
            .await?;
        let a = self.own_account(participant_id, id).await?;
        if a.source != "MANUAL" {
            return Err(AccountsError::refused(ErrorCode::AccNotManual));
        }
        let mut tx = self.write_tx().await?;
        store_org::delete_bank_account(&mut tx, id).await?;
        if a.is_default {
            let rest = store_org::bank_accounts_of(&mut *tx, participant_id).await?;
            if let Some(oldest) = rest.first() {
                let mut o = oldest.clone();
                o.is_default = true;
                store_org::update_bank_account(&mut tx, &o, &s.account.id, self.now()).await?;
            }
        }
        self.audit(
            &mut tx,
            "bank.edit",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "op": "delete",
                    "before": { "id": a.id, "number": a.number } }),
        )
        .await?;
        self.commit(tx).await
    }
}

/// The number taken by a concurrent save (ACC-129 step 7) is a refusal, not an internal error.
pub(crate) fn duplicate_number(e: sqlx::Error) -> AccountsError {
    let e = db::DbError::from(e);
    match e.unique_violation() {
        Some("uq_bank_accounts_number") => AccountsError::refused(ErrorCode::AccAccountDuplicate),
        _ => e.into(),
    }
}
