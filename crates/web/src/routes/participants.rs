//! The participants API (spec/accounts.md §3.7, §3.14): the registration form of the session's
//! certificate, registration with the signed participant agreement, the participant profile,
//! bank accounts and the bank dictionary. Every call acts for the session (§4.9 `ctx`).

use super::auth::{Acting, accounts, acting, from_accounts, logged_in, origin_of};
use crate::i18n::Tr;
use crate::params::PathParam;
use crate::problem::{ApiError, ApiFailure};
use crate::state::AppState;
use accounts::{BankAccountForm, ParticipantForm, rules};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use utoipa::ToSchema;

/// A body with the accounts rules (unknown fields → 422 FIELD_NOT_ALLOWED, ACC-166).
fn body<T: for<'de> serde::Deserialize<'de>>(tr: Tr, bytes: &[u8]) -> Result<T, ApiError> {
    super::auth::json_body(tr, bytes)
}

/// The participant form (ACC-71) as the API takes it; fields hidden for the type must not be
/// sent (ACC-126); `agreement` is the signed participant agreement.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct ParticipantFormDoc {
    /// `FL`, `IP`, `KH` or `UL` (ACC-70).
    pub r#type: String,
    /// Typed only for ИП and КХ identified by ИИН (ACC-26).
    pub name: Option<String>,
    /// `YYYY-MM-DD`.
    pub state_reg_date: Option<String>,
    pub state_reg_doc_number: Option<String>,
    pub state_reg_authority: Option<String>,
    /// ISO 3166-1 alpha-2 (`/api/v1/dictionaries/countries`).
    pub country: Option<String>,
    pub is_supplier: Option<bool>,
    pub kopf: Option<String>,
    pub kse: Option<String>,
    pub kfs: Option<String>,
    pub is_resident: Option<bool>,
    pub is_small_business: Option<bool>,
    pub is_medium_business: Option<bool>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub phones: Option<String>,
    pub applicant_full_name: Option<String>,
    pub applicant_position: Option<String>,
    pub head_iin: Option<String>,
    pub head_last_name: Option<String>,
    pub head_first_name: Option<String>,
    pub head_middle_name: Option<String>,
    pub head_position: Option<String>,
    /// `{"challenge_id", "cms_base64"}` of a `participant.register` challenge.
    #[schema(value_type = Object)]
    pub agreement: Option<Value>,
}

/// A bank account as the API takes it (ACC-104); КБе is computed, never sent.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct BankAccountFormDoc {
    pub number: Option<String>,
    pub old_format: Option<bool>,
    /// For old-format and foreign accounts; a Kazakhstan IBAN names its bank itself.
    pub bank_bic: Option<String>,
    /// `/api/v1/dictionaries/bank-account-types`.
    pub account_type: Option<String>,
    pub is_guarantee: Option<bool>,
    pub is_default: Option<bool>,
}

/// One field of the form for the chosen type (ACC-126).
#[derive(Debug, Serialize, ToSchema)]
pub struct FormField {
    pub field: String,
    /// `read_only`, `required`, `optional`, `disabled` or `hidden`.
    pub show: String,
}

/// The participant form the session's certificate allows.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationFormView {
    /// «ИИН/БИН» from the certificate.
    pub id_number: String,
    /// «Наименование» from the certificate; `null` when the user types it (ИП, КХ by ИИН).
    pub cert_name: Option<String>,
    /// Allowed types, the default first (ACC-70).
    pub types: Vec<String>,
    /// The fields of each allowed type.
    #[schema(value_type = Object)]
    pub fields: Value,
    /// An `ADMIN_CREATED` organisation of this БИН is completed (P3).
    pub completes_admin_record: bool,
}

/// `GET /api/v1/participants/registration` — the form for the session's certificate.
#[utoipa::path(get, path = "/api/v1/participants/registration", tag = "accounts",
    responses((status = 200, body = RegistrationFormView), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem)))]
pub async fn api_registration_form(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let ctx = a
        .registration_context(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let joint = ctx.id_number != s.account.iin;
    let mut fields = serde_json::Map::new();
    for t in &ctx.types {
        let list: Vec<FormField> = rules::FIELDS
            .iter()
            .map(|f| FormField {
                field: (*f).to_string(),
                show: serde_json::to_value(rules::show(f, *t, joint))
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            })
            .collect();
        fields.insert(t.as_str().to_string(), serde_json::json!(list));
    }
    Ok(Json(RegistrationFormView {
        id_number: ctx.id_number,
        cert_name: ctx.cert_name,
        types: ctx.types.iter().map(|t| t.as_str().to_string()).collect(),
        fields: Value::Object(fields),
        completes_admin_record: ctx.completes_admin_record,
    })
    .into_response())
}

/// `POST /api/v1/participants` — «Подтверждаю данные» (ACC-75): the form with `agreement`
/// `{challenge_id, cms_base64}` over a `participant.register` challenge.
#[utoipa::path(post, path = "/api/v1/participants", tag = "accounts",
    request_body = ParticipantFormDoc,
    responses((status = 201, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_register_participant(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let form: ParticipantForm = body(tr, &bytes)?;
    let p = a
        .register_participant(&s, &form, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

/// `GET /api/v1/participants/{id}` — the participant profile (members of the session's
/// participant).
#[utoipa::path(get, path = "/api/v1/participants/{id}", tag = "accounts",
    params(("id" = String, Path)),
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_participant(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let p = a
        .require_org(&s, &id, accounts::authz::Action::PartView)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(p).into_response())
}

/// `GET /api/v1/participants/{id}/bank-accounts` — «Банковские счета».
#[utoipa::path(get, path = "/api/v1/participants/{id}/bank-accounts", tag = "accounts",
    params(("id" = String, Path)),
    responses((status = 200, description = "the accounts"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_bank_accounts(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let list = a
        .bank_accounts(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(list).into_response())
}

/// `POST /api/v1/participants/{id}/bank-accounts` — «Добавить счет» (ACC-104, ACC-129).
#[utoipa::path(post, path = "/api/v1/participants/{id}/bank-accounts", tag = "accounts",
    params(("id" = String, Path)), request_body = BankAccountFormDoc,
    responses((status = 201, description = "the account"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_add_bank_account(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let form: BankAccountForm = body(tr, &bytes)?;
    let acc = a
        .add_bank_account(&s, &id, &form, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(acc)).into_response())
}

/// `PATCH /api/v1/participants/{id}/bank-accounts/{account}` — «Редактировать счет» (ACC-107).
#[utoipa::path(patch, path = "/api/v1/participants/{id}/bank-accounts/{account}", tag = "accounts",
    params(("id" = String, Path), ("account" = i64, Path)), request_body = BankAccountFormDoc,
    responses((status = 200, description = "the account"), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_update_bank_account(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, account)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let form: BankAccountForm = body(tr, &bytes)?;
    let acc = a
        .update_bank_account(&s, &id, account, &form, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(acc).into_response())
}

/// `DELETE /api/v1/participants/{id}/bank-accounts/{account}` — «Удалить» (ACC-106).
#[utoipa::path(delete, path = "/api/v1/participants/{id}/bank-accounts/{account}", tag = "accounts",
    params(("id" = String, Path), ("account" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_delete_bank_account(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, account)): PathParam<(String, i64)>,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    a.delete_bank_account(&s, &id, account, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/banks` — the active banks of the dictionary («Наименование банка»).
#[utoipa::path(get, path = "/api/v1/banks", tag = "accounts",
    responses((status = 200, description = "the banks")))]
pub async fn api_banks(State(state): State<Arc<AppState>>) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let banks = a.banks().await.map_err(ApiError::internal)?;
    Ok(Json(banks).into_response())
}

/// `GET /api/v1/participants/{id}/employees` — «Сотрудники организации» (ACC-78).
#[utoipa::path(get, path = "/api/v1/participants/{id}/employees", tag = "accounts",
    params(("id" = String, Path)),
    responses((status = 200, description = "the members"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_employees(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let list = a
        .employees(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(list).into_response())
}

/// «Редактировать полномочия» body (ACC-79).
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct MemberEditDoc {
    /// §2.14 codes: `ORG_ADMIN`, `HEAD`, `ORG_BANK`, `NCT_APPLY`, `REG_APPLY`, `PROC_SUPPLIER`,
    /// `PROC_ORGANIZER`.
    pub authorities: Option<Vec<String>>,
    /// «Заблокировать сотрудника».
    pub blocked: Option<bool>,
    /// «Причина блокировки», required to block.
    pub block_reason: Option<String>,
}

/// `PATCH /api/v1/participants/{id}/employees/{membership}` — authorities and blocking
/// (ACC-79…ACC-82).
#[utoipa::path(patch, path = "/api/v1/participants/{id}/employees/{membership}", tag = "accounts",
    params(("id" = String, Path), ("membership" = i64, Path)), request_body = MemberEditDoc,
    responses((status = 200, description = "the membership"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_edit_employee(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, membership)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let edit: accounts::MemberEdit = body(tr, &bytes)?;
    let m = a
        .edit_member(&s, &id, membership, &edit, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(m).into_response())
}

/// `DELETE /api/v1/participants/{id}/employees/{membership}` — «Исключить из организации».
#[utoipa::path(delete, path = "/api/v1/participants/{id}/employees/{membership}", tag = "accounts",
    params(("id" = String, Path), ("membership" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem)))]
pub async fn api_end_employee(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, membership)): PathParam<(String, i64)>,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    a.end_member(&s, &id, membership, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/participants/{id}/employees/{membership}/handover` — «Передать полномочия
/// администратора» (ACC-88).
#[utoipa::path(post, path = "/api/v1/participants/{id}/employees/{membership}/handover", tag = "accounts",
    params(("id" = String, Path), ("membership" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_handover(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, membership)): PathParam<(String, i64)>,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    a.hand_over_admin(&s, &id, membership, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/participants/{id}/self-admin` — «Назначить себя администратором организации»
/// (the chosen head, ACC-89).
#[utoipa::path(post, path = "/api/v1/participants/{id}/self-admin", tag = "accounts",
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = crate::problem::Problem)))]
pub async fn api_self_admin(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    a.head_self_admin(&s, &id, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// «Данные о руководителе» body (ACC-92).
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadChange {
    /// A membership of this participant holding `HEAD`.
    pub membership_id: i64,
    /// «Должность руководителя».
    pub head_position: String,
}

/// `PUT /api/v1/participants/{id}/head` — changes the head (ACC-91, ACC-92).
#[utoipa::path(put, path = "/api/v1/participants/{id}/head", tag = "accounts",
    params(("id" = String, Path)), request_body = HeadChange,
    responses((status = 200, description = "the participant"), (status = 403, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem)))]
pub async fn api_change_head(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let req: HeadChange = body(tr, &bytes)?;
    let p = a
        .change_head(
            &s,
            &id,
            req.membership_id,
            &req.head_position,
            &origin_of(&sid, &ip),
        )
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(p).into_response())
}

/// «Отправить запрос на присоединение» body (ACC-83).
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRequestBody {
    /// «Должность».
    pub position: String,
    /// «Комментарий».
    pub message: Option<String>,
}

/// `POST /api/v1/join-requests` — a request to join the participant of the session
/// certificate's БИН (J1).
#[utoipa::path(post, path = "/api/v1/join-requests", tag = "accounts",
    request_body = JoinRequestBody,
    responses((status = 201, description = "the request"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem)))]
pub async fn api_send_join(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let req: JoinRequestBody = body(tr, &bytes)?;
    let j = a
        .send_join_request(
            &s,
            &req.position,
            req.message.as_deref(),
            &origin_of(&sid, &ip),
        )
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let mut v = serde_json::to_value(&j).unwrap_or(Value::Null);
    v["message_text"] = Value::String(tr.t("acc-msg-join-sent"));
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// `GET /api/v1/join-requests` — the account's own requests.
#[utoipa::path(get, path = "/api/v1/join-requests", tag = "accounts",
    responses((status = 200, description = "the requests"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_my_joins(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let list = a
        .my_join_requests(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(list).into_response())
}

/// `DELETE /api/v1/join-requests/{id}` — «Отозвать запрос» (J4).
#[utoipa::path(delete, path = "/api/v1/join-requests/{id}", tag = "accounts",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::problem::Problem)))]
pub async fn api_withdraw_join(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(id): PathParam<i64>,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    a.withdraw_join_request(&s, id, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A join request as «Запросы работников» shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JoinRequestView {
    pub id: i64,
    pub full_name: String,
    pub iin: String,
    pub position: String,
    pub message: Option<String>,
    /// `PENDING`, `APPROVED` or `DECLINED`.
    pub status: String,
    pub decision_reason: Option<String>,
    /// RFC 3339, Asia/Almaty.
    pub created_at: String,
}

/// `GET /api/v1/participants/{id}/join-requests` — «Запросы работников» (administrators).
#[utoipa::path(get, path = "/api/v1/participants/{id}/join-requests", tag = "accounts",
    params(("id" = String, Path)),
    responses((status = 200, body = [JoinRequestView]), (status = 403, body = crate::problem::Problem)))]
pub async fn api_participant_joins(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let list = a
        .join_requests(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    let out: Vec<JoinRequestView> = list
        .into_iter()
        .map(|(j, name, iin)| JoinRequestView {
            id: j.id,
            full_name: name,
            iin,
            position: j.position,
            message: j.message,
            status: j.status,
            decision_reason: j.decision_reason,
            created_at: kernel::Millis(j.created_at).rfc3339_local(),
        })
        .collect();
    Ok(Json(out).into_response())
}

/// «Одобрить» / «Отклонить» body.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct JoinDecisionDoc {
    pub approve: bool,
    /// The authorities granted on approval (none preselected).
    pub authorities: Option<Vec<String>>,
    /// «Причина отказа», required to decline.
    pub reason: Option<String>,
}

/// `POST /api/v1/participants/{id}/join-requests/{request}/decision` — J2/J3.
#[utoipa::path(post, path = "/api/v1/participants/{id}/join-requests/{request}/decision", tag = "accounts",
    params(("id" = String, Path), ("request" = i64, Path)), request_body = JoinDecisionDoc,
    responses((status = 204), (status = 403, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_decide_join(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam((id, request)): PathParam<(String, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let d: accounts::JoinDecision = body(tr, &bytes)?;
    a.decide_join_request(&s, &id, request, &d, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The form of §2.12.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct NewBankFormDoc {
    pub bank_name_ru: String,
    pub bank_name_kk: Option<String>,
    /// 8 or 11 characters.
    pub bic: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// 3 digits; required for Kazakhstan.
    pub iban_code: Option<String>,
    pub bank_bin: Option<String>,
    pub address: Option<String>,
    pub comment: Option<String>,
}

/// `GET /api/v1/participants/{id}/new-bank-requests` — «Мои заявки на регистрацию Банка».
#[utoipa::path(get, path = "/api/v1/participants/{id}/new-bank-requests", tag = "accounts",
    params(("id" = String, Path)),
    responses((status = 200, description = "the requests"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_new_bank_requests(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let list = a
        .new_bank_requests_of(&s, &id)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(list).into_response())
}

/// `POST /api/v1/participants/{id}/new-bank-requests` — «Отправить на утверждение» (B1).
#[utoipa::path(post, path = "/api/v1/participants/{id}/new-bank-requests", tag = "accounts",
    params(("id" = String, Path)), request_body = NewBankFormDoc,
    responses((status = 201, description = "the request"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_send_new_bank(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let form: accounts::NewBankForm = body(tr, &bytes)?;
    let r = a
        .send_new_bank_request(&s, &id, &form, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

/// `GET /api/v1/admin/new-bank-requests` — the queue of a platform administrator.
#[utoipa::path(get, path = "/api/v1/admin/new-bank-requests", tag = "accounts",
    responses((status = 200, description = "the requests on approval"), (status = 403, body = crate::problem::Problem)))]
pub async fn api_new_bank_queue(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
) -> Result<Response, ApiFailure> {
    let a = accounts(&state)?;
    let s = logged_in(&state, &parts).await?;
    let list = a
        .new_bank_queue(&s)
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(list).into_response())
}

/// «Утвердить» / «Отклонить» body.
#[allow(dead_code)]
#[derive(Debug, ToSchema)]
pub struct NewBankDecisionDoc {
    pub approve: bool,
    /// Required to reject.
    pub reason: Option<String>,
    /// A corrected name (audited).
    pub bank_name_ru: Option<String>,
}

/// `POST /api/v1/admin/new-bank-requests/{number}/decision` — B2/B3.
#[utoipa::path(post, path = "/api/v1/admin/new-bank-requests/{number}/decision", tag = "accounts",
    params(("number" = i64, Path)), request_body = NewBankDecisionDoc,
    responses((status = 200, description = "the request"), (status = 403, body = crate::problem::Problem),
        (status = 409, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn api_decide_new_bank(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    PathParam(number): PathParam<i64>,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let Acting { a, s, sid, ip } = acting(&state, &parts).await?;
    let d: accounts::NewBankDecision = body(tr, &bytes)?;
    let r = a
        .decide_new_bank_request(&s, number, &d, &origin_of(&sid, &ip))
        .await
        .map_err(|e| from_accounts(tr, e))?;
    Ok(Json(r).into_response())
}
