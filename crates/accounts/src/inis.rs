//! «Заполнить данные» from ИНИС (spec/accounts.md ACC-103, G-20, §4.9 `bank.import`): when a
//! participant has no bank details, the portal offers to fill them from ИНИС. ИНИС is reached
//! through a [`BankDetailsSource`]; when one is configured, «Заполнить данные» lists the accounts
//! it returns for the participant's ИИН/БИН and the user ticks the ones to import (`source` =
//! `INIS`: no «Удалить», number fixed, ACC-106/107); when none is configured (the default) or it
//! fails, the answer says so and the page opens the empty account form.
//!
//! The one source implemented reads a JSON file (`tauar serve --inis-file`), an object from
//! ИИН/БИН to the accounts ИНИС holds:
//! `{"040540000123": [{"number": "KZ…", "account_type": "CURRENT"}]}`. The connector to the
//! real ИНИС replaces it once its interface is published (G-20).

use crate::authz::Action;
use crate::bank_accounts::BankAccountForm;
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::rules;
use crate::service::{Accounts, Origin};
use crate::store_org::{self, BankAccount};
use kernel::ErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::path::PathBuf;

/// Where «Заполнить данные» takes bank details from (G-20).
#[derive(Debug, Clone, Default)]
pub enum BankDetailsSource {
    /// No source: «Заполнить данные» opens the empty account form (the default).
    #[default]
    None,
    /// A JSON file of ИИН/БИН → accounts, read on every request.
    File(PathBuf),
}

/// One account as ИНИС returns it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceAccount {
    number: String,
    #[serde(default)]
    old_format: bool,
    /// For old-format and foreign accounts; a Kazakhstan IBAN names its bank itself.
    #[serde(default)]
    bank_bic: Option<String>,
    #[serde(default)]
    account_type: Option<String>,
}

impl BankDetailsSource {
    /// The accounts of `id_number`: `Ok(None)` without a source, `Err` when the source fails.
    async fn accounts_of(&self, id_number: &str) -> Result<Option<Vec<SourceAccount>>, String> {
        match self {
            BankDetailsSource::None => Ok(None),
            BankDetailsSource::File(path) => {
                let text = tokio::fs::read(path)
                    .await
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let all: HashMap<String, Vec<SourceAccount>> = serde_json::from_slice(&text)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok(Some(all.get(id_number).cloned().unwrap_or_default()))
            }
        }
    }
}

/// What «Заполнить данные» offers.
#[derive(Debug, Clone, Serialize)]
pub struct InisOffer {
    /// A source is configured.
    pub configured: bool,
    /// The source answered (false: not configured, or it failed — open the empty form).
    pub available: bool,
    pub accounts: Vec<InisCandidate>,
}

/// One account of the source, checked as a new account would be (ACC-129).
#[derive(Debug, Clone, Serialize)]
pub struct InisCandidate {
    pub number: String,
    pub bank_bic: Option<String>,
    pub bank_name: Option<String>,
    pub account_type: String,
    /// The participant already has this account.
    pub registered: bool,
    /// Why it cannot be imported (a message code), when it cannot.
    pub problem: Option<String>,
}

/// The ticked accounts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InisImport {
    pub numbers: Option<Vec<String>>,
}

/// A number as ACC-129 step 1 writes it: no spaces, upper case.
fn compact(n: &str) -> String {
    n.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The account form of a source row: the type ИНИС gives, `CURRENT` when it gives none.
fn form_of(a: &SourceAccount) -> BankAccountForm {
    BankAccountForm {
        number: Some(a.number.clone()),
        old_format: Some(a.old_format),
        bank_bic: a.bank_bic.clone(),
        account_type: Some(a.account_type.clone().unwrap_or_else(|| "CURRENT".into())),
        ..BankAccountForm::default()
    }
}

fn problem_code(e: &AccountsError) -> String {
    match e {
        AccountsError::Fields(v) => v
            .first()
            .map_or(ErrorCode::InvalidParameter, |f| f.code)
            .as_str()
            .to_string(),
        AccountsError::Refused { code, .. } => code.as_str().to_string(),
        _ => ErrorCode::InvalidParameter.as_str().to_string(),
    }
}

impl Accounts {
    /// «Заполнить данные»: the accounts ИНИС holds for the participant's ИИН/БИН.
    pub async fn inis_offer(
        &self,
        s: &SessionInfo,
        participant_id: &str,
    ) -> Result<InisOffer, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::BankImport)
            .await?;
        let configured = !matches!(self.bank_details(), BankDetailsSource::None);
        let found = match self.bank_details().accounts_of(&p.id_number).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "ИНИС source failed: the empty account form is offered");
                None
            }
        };
        let Some(found) = found else {
            return Ok(InisOffer {
                configured,
                available: false,
                accounts: Vec::new(),
            });
        };
        let existing = store_org::bank_accounts_of(self.db.pool(), participant_id).await?;
        let banks = store_org::active_banks(self.db.pool()).await?;
        let mut accounts = Vec::with_capacity(found.len());
        for a in &found {
            let f = form_of(a);
            let checked = self.check_account(&f).await;
            let number = match &checked {
                Ok((n, _, _)) => n.number.clone(),
                Err(_) => a.number.trim().to_string(),
            };
            let bic = checked.as_ref().ok().map(|(_, b, _)| b.clone());
            accounts.push(InisCandidate {
                bank_name: bic
                    .as_ref()
                    .and_then(|b| banks.iter().find(|x| &x.bic == b))
                    .map(|b| b.name_ru.clone()),
                bank_bic: bic,
                account_type: f.account_type.unwrap_or_default(),
                registered: existing.iter().any(|e| e.number == number),
                problem: checked.as_ref().err().map(problem_code),
                number,
            });
        }
        Ok(InisOffer {
            configured,
            available: true,
            accounts,
        })
    }

    /// «Импортировать»: the ticked accounts of the source, checked as new accounts, added in
    /// one transaction with `source` = `INIS`. The numbers are taken from the source again (the
    /// browser only names which).
    pub async fn import_inis(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        f: &InisImport,
        origin: &Origin<'_>,
    ) -> Result<Vec<BankAccount>, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::BankImport)
            .await?;
        let field = |code| {
            AccountsError::Fields(vec![FieldError {
                field: "numbers",
                code,
            }])
        };
        let ticked: Vec<String> = f
            .numbers
            .iter()
            .flatten()
            .map(|n| compact(n))
            .filter(|n| !n.is_empty())
            .collect();
        if ticked.is_empty() {
            return Err(field(ErrorCode::AccRequired));
        }
        let found = self
            .bank_details()
            .accounts_of(&p.id_number)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "ИНИС source failed");
                AccountsError::refused(ErrorCode::AccInisUnavailable)
            })?
            .ok_or_else(|| AccountsError::refused(ErrorCode::AccInisUnavailable))?;
        let existing = store_org::bank_accounts_of(self.db.pool(), participant_id).await?;
        let mut new = Vec::new();
        for number in &ticked {
            let Some(a) = found.iter().find(|a| compact(&a.number) == *number) else {
                return Err(field(ErrorCode::InvalidParameter));
            };
            let (n, bank, kind) = self.check_account(&form_of(a)).await?;
            if existing
                .iter()
                .chain(&new)
                .any(|e: &BankAccount| e.number == n.number)
            {
                return Err(AccountsError::refused(ErrorCode::AccAccountDuplicate));
            }
            new.push(BankAccount {
                id: 0,
                participant_id: participant_id.to_string(),
                old_format: a.old_format,
                number: n.number,
                kbe: rules::kbe(p.is_resident, &p.kse),
                bank_bic: bank,
                account_type: kind,
                is_guarantee: false,
                // ACC-105: the first account is the default one.
                is_default: existing.is_empty() && new.is_empty(),
                source: "INIS".into(),
            });
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        for a in &mut new {
            a.id = store_org::insert_bank_account(&mut tx, a, &s.account.id, now)
                .await
                .map_err(crate::bank_accounts::duplicate_number)?;
        }
        if let Some(d) = new.iter().find(|a| a.is_default) {
            store_org::clear_flag_except(&mut tx, participant_id, "is_default", d.id).await?;
        }
        self.audit(
            &mut tx,
            "bank.import",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id,
                    "accounts": new.iter().map(|a| json!({ "id": a.id, "number": a.number,
                        "bank": a.bank_bic })).collect::<Vec<_>>() }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(new)
    }
}
