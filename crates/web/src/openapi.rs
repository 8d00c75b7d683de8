//! The OpenAPI 3.1 document of the JSON API, served at `/api/v1/openapi.json`. Every `/api/v1`
//! route is listed here; a test fails when a route is missing.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tauar API",
        version = "1",
        description = "The open JSON API of Tauar: the ЕНС ТРУ and ОКТРУ classifiers, the goods catalogue, reference dictionaries, the working-day calendar of Kazakhstan, and ЭЦП signatures (challenges, signed acts, verification). Errors are RFC 9457 problem documents (application/problem+json) with a stable `code`, in the language of `?lang=` or `Accept-Language` (kk, ru, en)."
    ),
    paths(
        crate::routes::ops::healthz,
        crate::routes::codes::api_codes,
        crate::routes::codes::export_codes,
        crate::routes::codes::api_code,
        crate::routes::goods::api_goods,
        crate::routes::goods::export_goods,
        crate::routes::goods::api_good,
        crate::routes::goods::api_stats,
        crate::routes::classifiers::api_nodes,
        crate::routes::classifiers::api_versions,
        crate::routes::dict::api_dictionaries,
        crate::routes::dict::api_dictionary,
        crate::routes::dict::api_dictionary_entry,
        crate::routes::calendar::api_calendar_year,
        crate::routes::calendar::api_add_working_days,
        crate::routes::signatures::api_challenge,
        crate::routes::signatures::api_demo_act,
        crate::routes::signatures::api_verify,
        crate::routes::signatures::api_signature,
        crate::routes::auth::api_csrf,
        crate::routes::auth::api_login_certificate,
        crate::routes::auth::api_register_identity,
        crate::routes::auth::api_register_agreement,
        crate::routes::auth::api_register,
        crate::routes::auth::api_activate,
        crate::routes::auth::api_login_password,
        crate::routes::auth::api_logout,
        crate::routes::auth::api_me,
        crate::routes::auth::api_recovery,
        crate::routes::auth::api_recovery_complete,
        crate::routes::auth::api_password,
        crate::routes::auth::api_activation,
        crate::routes::auth_pages::api::api_agreement,
        crate::routes::auth_pages::api::api_browser_step,
        crate::routes::participants::api_registration_form,
        crate::routes::participants::api_register_participant,
        crate::routes::participants::api_participant,
        crate::routes::participants::api_bank_accounts,
        crate::routes::participants::api_add_bank_account,
        crate::routes::participants::api_update_bank_account,
        crate::routes::participants::api_delete_bank_account,
        crate::routes::participants::api_banks,
        crate::routes::participants::api_employees,
        crate::routes::participants::api_edit_employee,
        crate::routes::participants::api_end_employee,
        crate::routes::participants::api_handover,
        crate::routes::participants::api_self_admin,
        crate::routes::participants::api_change_head,
        crate::routes::participants::api_send_join,
        crate::routes::participants::api_my_joins,
        crate::routes::participants::api_withdraw_join,
        crate::routes::participants::api_participant_joins,
        crate::routes::participants::api_decide_join,
        crate::routes::participants::api_new_bank_requests,
        crate::routes::participants::api_send_new_bank,
        crate::routes::participants::api_new_bank_queue,
        crate::routes::participants::api_decide_new_bank,
    ),
    components(schemas(crate::problem::Problem)),
    tags(
        (name = "codes", description = "ЕНС ТРУ codes: search (spec §4), export, code pages"),
        (name = "goods", description = "The goods catalogue and its statistics"),
        (name = "classifiers", description = "ОКТРУ and ЕНС ТРУ trees and versions"),
        (name = "dictionaries", description = "Reference dictionaries: КАТО, ОКЭД, КПВЭД, ТН ВЭД, МКЕИ, banks, …"),
        (name = "calendar", description = "Working days of Kazakhstan (CAT-15, CAT-59)"),
        (name = "accounts", description = "One account for the four systems: registration and login with ЭЦП, activation, recovery, sessions (spec/accounts.md)"),
        (name = "signatures", description = "ЭЦП: challenges to sign with NCALayer, signed acts, public verification of any CMS (spec/signatures.md)"),
        (name = "operations", description = "Health"),
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
