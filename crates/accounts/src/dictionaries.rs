//! The platform administrator maintains the dictionaries of §2.11 and the bank dictionary
//! (ACC-31, ACC-116, §4.9 `dict.manage`): add an entry or a bank, rename it, set it inactive or
//! active again. Nothing is deleted — an inactive entry keeps showing on the records that use
//! it and is no longer offered for new choices (the services accept it only as the value a record
//! already holds). Every change is audited with the values before and after. The agreement
//! texts of §2.3.1 have their own module.

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::new_banks::{CheckedBank, NewBankForm};
use crate::service::{Accounts, Origin, internal};
use crate::store_org::{self, Bank};
use crate::values::trimmed;
use kernel::{ErrorCode, PageRequest};
use refdata::Dict;
use refdata::admin::{AdminEntry, EDITABLE, EntryEdit};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// An entry of a dictionary as the administrator sends it; `None` = empty. On an edit the
/// code comes from the path and `code` must be absent or the same.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictEntryForm {
    pub code: Option<String>,
    pub parent_code: Option<String>,
    pub name_ru: Option<String>,
    pub name_kk: Option<String>,
    pub name_en: Option<String>,
    /// Absent = active for a new entry, unchanged for an edit.
    pub active: Option<bool>,
}

/// One page of a dictionary's entries for the administrator.
#[derive(Debug, Clone, Serialize)]
pub struct DictEntryPage {
    pub dict: String,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<AdminEntry>,
}

/// A bank of the dictionary as the administrator sends it (the §2.11 `Bank` fields).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankForm {
    pub name_ru: Option<String>,
    pub name_kk: Option<String>,
    pub bic: Option<String>,
    pub country: Option<String>,
    pub iban_code: Option<String>,
    pub bin: Option<String>,
    /// Absent = active for a new bank, unchanged for an edit.
    pub active: Option<bool>,
}

/// A bank as the administrator sees it.
#[derive(Debug, Clone, Serialize)]
pub struct AdminBank {
    #[serde(flatten)]
    pub bank: Bank,
    pub bin: Option<String>,
    /// `REFERENCE_DATA`, `NEW_BANK_REQUEST` or `ADMIN`.
    pub source: String,
}

/// One page of the bank dictionary.
#[derive(Debug, Clone, Serialize)]
pub struct BankPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<AdminBank>,
}

/// The dictionary of a path segment, if an administrator maintains it here.
fn editable(name: &str) -> Result<Dict, AccountsError> {
    Dict::parse(name)
        .filter(|d| EDITABLE.contains(d))
        .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
}

/// The code format of each dictionary (§2.11): ISO alpha-2 countries, one-digit КСЕ sectors
/// (ACC-32), the digits of КОПФ and КФС, upper-case account-type codes.
fn code_ok(dict: Dict, code: &str) -> bool {
    let b = code.as_bytes();
    match dict {
        Dict::Countries => b.len() == 2 && b.iter().all(u8::is_ascii_uppercase),
        Dict::Kse => b.len() == 1 && (b'1'..=b'9').contains(&b[0]),
        Dict::Kopf | Dict::Kfs => (2..=3).contains(&b.len()) && b.iter().all(u8::is_ascii_digit),
        _ => {
            (1..=32).contains(&b.len())
                && b[0].is_ascii_uppercase()
                && b.iter()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
        }
    }
}

fn name_field(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    v: Option<String>,
    required: bool,
) -> Option<String> {
    match v {
        None if required => {
            errors.push(FieldError {
                field,
                code: ErrorCode::AccRequired,
            });
            None
        }
        Some(n) if n.chars().count() > 255 => {
            errors.push(FieldError {
                field,
                code: ErrorCode::AccTooLong,
            });
            None
        }
        v => v,
    }
}

/// Text matching of the administrator's lists: every word of `q` in the code or the names.
/// Every word of the query is in one of the fields. Folded word by word: `fold` reads a
/// mixed word's Latin look-alikes as Cyrillic, so folding a code together with a Cyrillic
/// name would turn «CASPKZKA» into Cyrillic letters and miss it.
fn matches(q: &[String], hay: &[Option<&str>]) -> bool {
    let text = hay
        .iter()
        .flatten()
        .flat_map(|h| folded_words(h))
        .collect::<Vec<_>>()
        .join(" ");
    q.iter().all(|w| text.contains(w.as_str()))
}

fn folded_words(s: &str) -> Vec<String> {
    kernel::text::normalize(s)
        .split_whitespace()
        .map(kernel::text::fold)
        .collect()
}

fn words(q: Option<&str>) -> Vec<String> {
    q.map(folded_words).unwrap_or_default()
}

fn page_of<T>(items: Vec<T>, page: PageRequest) -> (i64, Vec<T>) {
    let total = items.len() as i64;
    let items = items
        .into_iter()
        .skip(page.offset())
        .take(page.per_page as usize)
        .collect();
    (total, items)
}

impl Accounts {
    /// The entries of an editable dictionary, active or not, searched by code or name.
    pub async fn dictionary_entries(
        &self,
        s: &SessionInfo,
        dict: &str,
        q: Option<&str>,
        page: PageRequest,
    ) -> Result<DictEntryPage, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let d = editable(dict)?;
        let q = words(q);
        let all: Vec<AdminEntry> = refdata::admin::entries(self.db(), d)
            .await
            .map_err(crate::service::internal)?
            .into_iter()
            .filter(|e| {
                matches(
                    &q,
                    &[
                        Some(&e.entry.code),
                        Some(&e.entry.name_ru),
                        e.entry.name_kk.as_deref(),
                        e.entry.name_en.as_deref(),
                    ],
                )
            })
            .collect();
        let (total, items) = page_of(all, page);
        Ok(DictEntryPage {
            dict: d.name().into(),
            total,
            page: page.page,
            per_page: page.per_page,
            items,
        })
    }

    /// Adds an entry to an editable dictionary (every field error at once).
    pub async fn add_dictionary_entry(
        &self,
        s: &SessionInfo,
        dict: &str,
        f: &DictEntryForm,
        origin: &Origin<'_>,
    ) -> Result<EntryEdit, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let d = editable(dict)?;
        let mut errors = Vec::new();
        let code = match trimmed(&f.code) {
            None => {
                errors.push(FieldError {
                    field: "code",
                    code: ErrorCode::AccRequired,
                });
                String::new()
            }
            Some(c) if !code_ok(d, &c) => {
                errors.push(FieldError {
                    field: "code",
                    code: ErrorCode::AccDictCodeFormat,
                });
                c
            }
            Some(c) => c,
        };
        let edit = self.checked_entry(d, &code, f, None, errors).await?;
        self.store_entry(s, d, edit, None, origin).await
    }

    /// Changes the entry `code` (names, parent, active); ACC-31: an entry is set inactive,
    /// never deleted.
    pub async fn edit_dictionary_entry(
        &self,
        s: &SessionInfo,
        dict: &str,
        code: &str,
        f: &DictEntryForm,
        origin: &Origin<'_>,
    ) -> Result<EntryEdit, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let d = editable(dict)?;
        let before = refdata::admin::stored(self.db().pool(), d, code)
            .await
            .map_err(internal)?
            .map(|(e, _)| e)
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let mut errors = Vec::new();
        if trimmed(&f.code).is_some_and(|c| c != code) {
            errors.push(FieldError {
                field: "code",
                code: ErrorCode::InvalidParameter,
            });
        }
        let edit = self
            .checked_entry(d, code, f, Some(&before), errors)
            .await?;
        self.store_entry(s, d, edit, Some(before), origin).await
    }

    /// The names and the parent of the form, with the errors found so far.
    async fn checked_entry(
        &self,
        d: Dict,
        code: &str,
        f: &DictEntryForm,
        before: Option<&EntryEdit>,
        mut errors: Vec<FieldError>,
    ) -> Result<EntryEdit, AccountsError> {
        let name_ru = name_field(&mut errors, "name_ru", trimmed(&f.name_ru), true);
        let name_kk = name_field(&mut errors, "name_kk", trimmed(&f.name_kk), false);
        let name_en = name_field(&mut errors, "name_en", trimmed(&f.name_en), false);
        let parent_code = trimmed(&f.parent_code);
        if let Some(p) = &parent_code {
            // Only КОПФ and КФС are trees; a parent is another existing entry.
            let exists = matches!(d, Dict::Kopf | Dict::Kfs)
                && p != code
                && refdata::admin::stored(self.db().pool(), d, p)
                    .await
                    .map_err(internal)?
                    .is_some();
            if !exists {
                errors.push(FieldError {
                    field: "parent_code",
                    code: ErrorCode::AccDictValue,
                });
            }
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        Ok(EntryEdit {
            code: code.to_string(),
            parent_code,
            name_ru: name_ru.unwrap_or_default(),
            name_kk,
            name_en,
            active: f.active.unwrap_or(before.is_none_or(|b| b.active)),
        })
    }

    async fn store_entry(
        &self,
        s: &SessionInfo,
        d: Dict,
        edit: EntryEdit,
        before: Option<EntryEdit>,
        origin: &Origin<'_>,
    ) -> Result<EntryEdit, AccountsError> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        // A new code is checked inside the transaction: two administrators adding one code.
        if before.is_none()
            && refdata::admin::stored(&mut *tx, d, &edit.code)
                .await
                .map_err(internal)?
                .is_some()
        {
            return Err(AccountsError::refused(ErrorCode::AccDictCodeExists));
        }
        refdata::admin::save(&mut tx, d, &edit, &s.account.id, now)
            .await
            .map_err(internal)?;
        self.audit(
            &mut tx,
            "dict.manage",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "dict": d.name(), "code": edit.code,
                    "before": before, "after": edit }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(edit)
    }

    // ---- the bank dictionary ----

    /// The banks of the dictionary, active or not, searched by BIC, code or name.
    pub async fn admin_banks(
        &self,
        s: &SessionInfo,
        q: Option<&str>,
        page: PageRequest,
    ) -> Result<BankPage, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let q = words(q);
        let all: Vec<AdminBank> = store_org::all_banks(self.db().pool())
            .await?
            .into_iter()
            .filter(|b| {
                matches(
                    &q,
                    &[
                        Some(&b.bank.bic),
                        b.bank.iban_code.as_deref(),
                        Some(&b.bank.name_ru),
                        b.bank.name_kk.as_deref(),
                        b.bin.as_deref(),
                    ],
                )
            })
            .collect();
        let (total, items) = page_of(all, page);
        Ok(BankPage {
            total,
            page: page.page,
            per_page: page.per_page,
            items,
        })
    }

    /// Adds a bank (source `ADMIN`) with the checks of §2.11: BIC and IBAN code unique.
    pub async fn add_bank(
        &self,
        s: &SessionInfo,
        f: &BankForm,
        origin: &Origin<'_>,
    ) -> Result<AdminBank, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let c = self.checked_bank_form(f).await?;
        let bank = AdminBank {
            bank: Bank {
                bic: c.bic,
                name_ru: c.name,
                name_kk: trimmed(&f.name_kk),
                iban_code: c.iban_code,
                country: c.country,
                status: status_of(f.active.unwrap_or(true)),
            },
            bin: c.bank_bin,
            source: "ADMIN".into(),
        };
        self.store_bank(s, bank, None, origin).await
    }

    /// Changes the bank `bic` (names, country, IBAN code, БИН, active); the BIC stays.
    pub async fn edit_bank(
        &self,
        s: &SessionInfo,
        bic: &str,
        f: &BankForm,
        origin: &Origin<'_>,
    ) -> Result<AdminBank, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let before = store_org::admin_bank(self.db().pool(), bic)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let mut f = f.clone();
        match trimmed(&f.bic) {
            Some(b) if !b.eq_ignore_ascii_case(bic) => {
                return Err(AccountsError::Fields(vec![FieldError {
                    field: "bic",
                    code: ErrorCode::InvalidParameter,
                }]));
            }
            _ => f.bic = Some(before.bank.bic.clone()),
        }
        let c = self.checked_bank_form(&f).await?;
        let bank = AdminBank {
            bank: Bank {
                bic: before.bank.bic.clone(),
                name_ru: c.name,
                name_kk: trimmed(&f.name_kk),
                iban_code: c.iban_code,
                country: c.country,
                status: f
                    .active
                    .map_or_else(|| before.bank.status.clone(), status_of),
            },
            bin: c.bank_bin,
            source: before.source.clone(),
        };
        self.store_bank(s, bank, Some(before), origin).await
    }

    /// The §2.11 checks of [`Accounts::check_bank`], with the field names of this form.
    async fn checked_bank_form(&self, f: &BankForm) -> Result<CheckedBank, AccountsError> {
        let as_request = NewBankForm {
            bank_name_ru: f.name_ru.clone(),
            bank_name_kk: f.name_kk.clone(),
            bic: f.bic.clone(),
            country: f.country.clone(),
            iban_code: f.iban_code.clone(),
            bank_bin: f.bin.clone(),
            ..NewBankForm::default()
        };
        self.check_bank(&as_request).await.map_err(|e| match e {
            AccountsError::Fields(v) => AccountsError::Fields(
                v.into_iter()
                    .map(|mut e| {
                        e.field = match e.field {
                            "bank_name_ru" => "name_ru",
                            "bank_bin" => "bin",
                            other => other,
                        };
                        e
                    })
                    .collect(),
            ),
            other => other,
        })
    }

    async fn store_bank(
        &self,
        s: &SessionInfo,
        bank: AdminBank,
        before: Option<AdminBank>,
        origin: &Origin<'_>,
    ) -> Result<AdminBank, AccountsError> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        // Unique BIC (a new bank) and unique IBAN code (any bank), inside the transaction.
        if before.is_none()
            && store_org::bank_by(&mut *tx, "bic", &bank.bank.bic)
                .await?
                .is_some()
        {
            return Err(AccountsError::refused(ErrorCode::AccBicExists));
        }
        if let Some(code) = &bank.bank.iban_code
            && store_org::bank_by(&mut *tx, "iban_code", code)
                .await?
                .is_some_and(|b| b.bic != bank.bank.bic)
        {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "iban_code",
                code: ErrorCode::AccDictCodeExists,
            }]));
        }
        store_org::save_bank(
            &mut tx,
            &bank.bank,
            bank.bin.as_deref(),
            &bank.source,
            &s.account.id,
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            "dict.manage",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "dict": "banks", "code": bank.bank.bic,
                    "before": before, "after": bank }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(bank)
    }
}

fn status_of(active: bool) -> String {
    if active { "ACTIVE" } else { "INACTIVE" }.into()
}
