//! «Банковские счета» (ACC-103…ACC-107, ACC-147): the list, «Добавить счет», «Редактировать
//! счет», «Удалить» with «Удалить счет <номер>?» «Да» / «Нет».

use super::*;
use crate::params::PathParam;
use accounts::BankAccountForm;
use accounts::authz::Action;
use accounts::store_org::{BankAccount, Participant};
use axum::body::Bytes;
use axum::extract::State;

/// The participant of the session's context, or the 403 page.
pub(super) async fn context_org(
    tr: Tr,
    me: &Me,
    path: &str,
    action: Action,
) -> Result<Participant, Response> {
    let Some(id) = me.org() else {
        return Err(forbidden(tr, me, path));
    };
    me.a.require_org(&me.s, id, action)
        .await
        .map_err(|e| refused_page(tr, me, path, e))
}

/// A row of «Банковские счета».
struct AccountRow {
    a: BankAccount,
    bank: String,
    kind: String,
    source: String,
}

#[derive(Template)]
#[template(path = "org/bank_accounts.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    rows: Vec<AccountRow>,
    pager: Pager,
    can_edit: bool,
    notice: Option<String>,
}

async fn bank_names(me: &Me, tr: Tr) -> Result<Vec<(String, String, String)>, Response> {
    let banks =
        me.a.banks()
            .await
            .map_err(|e| fail(ApiError::internal(e)))?;
    Ok(banks
        .into_iter()
        .map(|b| {
            let name = match (tr.lang, b.name_kk) {
                (kernel::Lang::Kk, Some(kk)) if !kk.is_empty() => kk,
                _ => b.name_ru,
            };
            (b.bic, name, b.iban_code.unwrap_or_default())
        })
        .collect())
}

/// `GET /cabinet/org/bank-accounts` — the accounts of the participant (paged).
pub async fn page_list(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let path = "/cabinet/org/bank-accounts";
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(id) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, path);
    };
    let list = match me.a.bank_accounts(&me.s, &id).await {
        Ok(l) => l,
        Err(e) => return refused_page(tr, &me, path, e),
    };
    let banks = match bank_names(&me, tr).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let types = match dict(&state, tr, "bank-account-types").await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let rows: Vec<AccountRow> = list
        .into_iter()
        .map(|a| AccountRow {
            bank: banks
                .iter()
                .find(|b| b.0 == a.bank_bic)
                .map(|b| b.1.clone())
                .unwrap_or_else(|| a.bank_bic.clone()),
            kind: types
                .iter()
                .find(|t| t.0 == a.account_type)
                .map(|t| t.1.clone())
                .unwrap_or_else(|| a.account_type.clone()),
            source: tr.t(&format!(
                "orgp-source-{}",
                a.source.to_ascii_lowercase().replace('_', "-")
            )),
            a,
        })
        .collect();
    let (rows, pager) = page_of(rows, parts.uri.query(), path);
    let notice = saved_notice(tr, parts.uri.query())
        .or_else(|| query_param(parts.uri.query(), "registered").map(|_| tr.t("orgp-registered")));
    render_status(
        StatusCode::OK,
        &ListPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            can_edit: me.is_admin() || me.s.authorities.iter().any(|a| a == "ORG_BANK"),
            rows,
            pager,
            notice,
        },
    )
}

#[derive(Template)]
#[template(path = "org/bank_form.html")]
struct FormPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    action: String,
    editing: bool,
    manual: bool,
    kbe: String,
    banks: Vec<(String, String, String)>,
    types: Vec<(String, String)>,
    number: String,
    old_format: bool,
    bank_bic: String,
    account_type: String,
    is_guarantee: bool,
    is_default: bool,
    errors: HashMap<String, String>,
    error: Option<(String, String)>,
    bank_unknown: bool,
    /// Why «Заполнить данные» opened the empty form (no ИНИС source, or it failed).
    note: Option<String>,
}

/// The values a form shows: typed, or those of the account edited.
struct Values {
    number: String,
    old_format: bool,
    bank_bic: String,
    account_type: String,
    is_guarantee: bool,
    is_default: bool,
    note: Option<String>,
}

impl Values {
    fn of_form(f: &Form) -> Values {
        Values {
            number: f.get("number").to_string(),
            old_format: f.flag("old_format"),
            bank_bic: f.get("bank_bic").to_string(),
            account_type: f.get("account_type").to_string(),
            is_guarantee: f.flag("is_guarantee"),
            is_default: f.flag("is_default"),
            note: None,
        }
    }
}

async fn form_page(
    state: &AppState,
    tr: Tr,
    me: &Me,
    path: &str,
    account: Option<&BankAccount>,
    v: Values,
    refusal: Option<Refusal>,
) -> Response {
    let p = match context_org(tr, me, path, Action::BankView).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let banks = match bank_names(me, tr).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let held = account.map(|a| a.account_type.as_str());
    let types = match choices(state, tr, "bank-account-types", held).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let bank_unknown = refusal
        .as_ref()
        .is_some_and(|r| r.code == ErrorCode::AccBankUnknown.as_str());
    let Shown {
        status,
        mut errors,
        mut error,
    } = Shown::of(refusal);
    // Refusals about the number are shown under it (ACC-129 steps 6–7).
    if let Some((code, m)) = &error
        && (code == ErrorCode::AccBankUnknown.as_str()
            || code == ErrorCode::AccAccountDuplicate.as_str())
    {
        errors.insert("number".into(), m.clone());
        error = None;
    }
    render_status(
        status,
        &FormPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            action: path.to_string(),
            editing: account.is_some(),
            manual: account.is_none_or(|a| a.source == "MANUAL"),
            kbe: account
                .map(|a| a.kbe.clone())
                .unwrap_or_else(|| accounts::rules::kbe(p.is_resident, &p.kse)),
            banks,
            types,
            number: v.number,
            old_format: v.old_format,
            bank_bic: v.bank_bic,
            account_type: v.account_type,
            is_guarantee: v.is_guarantee,
            is_default: v.is_default,
            errors,
            error,
            bank_unknown,
            note: v.note,
        },
    )
}

/// `GET /cabinet/org/bank-accounts/new` — «Добавить счет».
pub async fn page_new(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let v = Values {
        number: String::new(),
        old_format: false,
        bank_bic: String::new(),
        account_type: "CURRENT".into(),
        is_guarantee: false,
        is_default: false,
        note: query_param(parts.uri.query(), "inis").map(|_| tr.t("orgp-inis-off")),
    };
    form_page(
        &state,
        tr,
        &me,
        "/cabinet/org/bank-accounts/new",
        None,
        v,
        None,
    )
    .await
}

fn api_form(f: &Form, manual: bool) -> BankAccountForm {
    BankAccountForm {
        number: manual.then(|| f.get("number").to_string()),
        old_format: manual.then(|| f.flag("old_format")),
        bank_bic: if manual { f.opt("bank_bic") } else { None },
        account_type: Some(f.get("account_type").to_string()),
        is_guarantee: Some(f.flag("is_guarantee")),
        is_default: Some(f.flag("is_default")),
    }
}

/// `POST /cabinet/org/bank-accounts/new` — «Сохранить».
pub async fn page_create(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let path = "/cabinet/org/bank-accounts/new";
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, path);
    };
    match me
        .a
        .add_bank_account(&me.s, &id, &api_form(&form, true), &me.origin())
        .await
    {
        Ok(_) => Redirect::to("/cabinet/org/bank-accounts?saved=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, path),
            Ok(r) => form_page(&state, tr, &me, path, None, Values::of_form(&form), Some(r)).await,
            Err(res) => res,
        },
    }
}

/// The account `id` of the context's participant.
async fn account_of(tr: Tr, me: &Me, path: &str, id: i64) -> Result<BankAccount, Response> {
    let Some(org) = me.org() else {
        return Err(forbidden(tr, me, path));
    };
    let list =
        me.a.bank_accounts(&me.s, org)
            .await
            .map_err(|e| refused_page(tr, me, path, e))?;
    list.into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| not_found(tr, me, path))
}

/// `GET /cabinet/org/bank-accounts/{id}/edit` — «Редактировать счет».
pub async fn page_edit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
) -> Response {
    let path = format!("/cabinet/org/bank-accounts/{id}/edit");
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let a = match account_of(tr, &me, &path, id).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let v = Values {
        number: a.number.clone(),
        old_format: a.old_format,
        bank_bic: a.bank_bic.clone(),
        account_type: a.account_type.clone(),
        is_guarantee: a.is_guarantee,
        is_default: a.is_default,
        note: None,
    };
    form_page(&state, tr, &me, &path, Some(&a), v, None).await
}

/// `POST /cabinet/org/bank-accounts/{id}/edit` — «Сохранить» (non-manual accounts: the type
/// and the flags only, ACC-107).
pub async fn page_update(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
    body: Bytes,
) -> Response {
    let path = format!("/cabinet/org/bank-accounts/{id}/edit");
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let a = match account_of(tr, &me, &path, id).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let manual = a.source == "MANUAL";
    let org = a.participant_id.clone();
    match me
        .a
        .update_bank_account(&me.s, &org, id, &api_form(&form, manual), &me.origin())
        .await
    {
        Ok(_) => Redirect::to("/cabinet/org/bank-accounts?saved=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => forbidden(tr, &me, &path),
            Ok(r) => {
                let mut v = Values::of_form(&form);
                if !manual {
                    v.number = a.number.clone();
                }
                form_page(&state, tr, &me, &path, Some(&a), v, Some(r)).await
            }
            Err(res) => res,
        },
    }
}

/// `GET /cabinet/org/bank-accounts/{id}/delete` — «Удалить счет <номер>?» «Да» / «Нет».
pub async fn page_delete(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
) -> Response {
    let path = format!("/cabinet/org/bank-accounts/{id}/delete");
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let a = match account_of(tr, &me, &path, id).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    confirm(
        tr,
        &me,
        &path,
        tr.t("orgp-bank-delete"),
        tr.t_args("orgp-bank-delete-question", &[("number", a.number)]),
        Vec::new(),
        "/cabinet/org/bank-accounts",
    )
}

/// `POST /cabinet/org/bank-accounts/{id}/delete` — «Да».
pub async fn page_delete_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
    body: Bytes,
) -> Response {
    let path = format!("/cabinet/org/bank-accounts/{id}/delete");
    let me = match confirmed(&state, &parts, &body, "/cabinet/org/bank-accounts").await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(org) = me.org().map(str::to_string) else {
        return forbidden(tr, &me, &path);
    };
    match me
        .a
        .delete_bank_account(&me.s, &org, id, &me.origin())
        .await
    {
        Ok(()) => Redirect::to("/cabinet/org/bank-accounts?saved=1").into_response(),
        Err(e) => refused_page(tr, &me, &path, e),
    }
}
