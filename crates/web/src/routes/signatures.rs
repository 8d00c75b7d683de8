//! Signatures over HTTP (spec/signatures.md SIG-9, SIG-52, SIG-55, SIG-73): challenges, the
//! demo act that the browser test drives through `tauar signer`, public verification of any
//! CMS, and the public record of a stored demo signature.

use crate::i18n::Tr;
use crate::page::{Chrome, render};
use crate::problem::{ApiError, ApiFailure};
use crate::session;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use base64ct::{Base64, Encoding};
use kernel::{ErrorCode, Millis};
use pki::{PkiError, RevocationStatus, Verified};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use signatures::{Binding, Purpose, SignaturesError, TbsInput, revocation::RevocationAnswer};
use std::sync::Arc;
use utoipa::ToSchema;

/// Longest text of the demo document.
const DEMO_TEXT_MAX: usize = 2000;
/// Largest JSON body of the signature endpoints (their route limit): a 64 KiB CMS in base64
/// and, for verification, a detached document of up to 8 MiB in base64.
pub const BODY_MAX: usize = 12 * 1024 * 1024;

/// A §7.1 refusal as an API error, with the title's placeholders in the user's language.
pub fn refusal(tr: Tr, e: &PkiError) -> ApiError {
    let mut err = ApiError::new(e.error_code().unwrap_or(ErrorCode::Internal));
    for (k, v) in e.args() {
        let v = if k == "reason" {
            tr.t(&format!("sig-reason-{v}"))
        } else {
            v
        };
        err = err.arg(k, v);
    }
    if err.code == ErrorCode::Internal {
        err.cause = Some(e.to_string());
    }
    err
}

fn from_service(tr: Tr, e: SignaturesError) -> ApiError {
    match e {
        SignaturesError::Refused(p) => refusal(tr, &p),
        SignaturesError::Invalid(d) => ApiError::new(ErrorCode::BadRequest).detail(d),
        other => ApiError::internal(other),
    }
}

fn signing(state: &AppState) -> Result<&signatures::Signing, ApiError> {
    if !state.is_ready() {
        return Err(ApiError::new(ErrorCode::ServiceUnavailable));
    }
    state
        .signing
        .as_deref()
        .ok_or_else(|| ApiError::new(ErrorCode::ServiceUnavailable))
}

fn json_body<T: for<'de> Deserialize<'de>>(tr: Tr, body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(ErrorCode::BadRequest)
            .detail(tr.t_args("problem-json-invalid", &[("reason", e.to_string())]))
    })
}

/// `POST /api/v1/signatures/challenges` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeRequest {
    /// A purpose code of SIG-10 that has a workflow here: `login`, `register.identity`,
    /// `participant.register` (content `{"type"}`, logged in), `ens.login`,
    /// `ens.access_request` (content `{"position", "phone", "power_of_attorney_sha256"}`,
    /// logged in),
    /// `register.agreement` (content `{"registration_token"}`) or `demo.document`.
    #[schema(example = "demo.document")]
    pub purpose: String,
    /// `demo.document`: `{"text": "…"}` (1–2000 characters).
    #[serde(default)]
    pub content: Option<Value>,
}

/// A challenge to sign (SIG-9).
#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeResponse {
    pub challenge_id: String,
    /// The exact bytes to sign (canonical JSON, SIG-8), base64.
    pub tbs_base64: String,
    pub purpose: String,
    /// `ANY` (login steps) or `SIGNATURE` (documents): the commonUtils key type (SIG-31).
    #[schema(example = "SIGNATURE")]
    pub key_kind: String,
    /// `signerParams` of the NCALayer request (SIG-30).
    #[schema(value_type = Object)]
    pub filters: Value,
    /// RFC 3339, Asia/Almaty offset.
    pub expires_at: String,
    /// What the page shows before NCALayer opens (SIG-7), verbatim from the TBS.
    pub summary: String,
    /// Whether to ask NCALayer for a signature timestamp: `"tsaProfile":{}` in
    /// `signingParams` (`signing.tsa`, SIG-45; false by default).
    pub tsa: bool,
}

/// Builds the TBS input of a purpose that has a workflow in this build.
fn tbs_input(tr: Tr, req: &ChallengeRequest) -> Result<TbsInput, ApiError> {
    let bad = |reason: String| ApiError::parameter(tr, "purpose", reason);
    let purpose = Purpose::parse(&req.purpose).ok_or_else(|| bad(tr.t("sig-purpose-unknown")))?;
    match purpose.as_str() {
        "login" => Ok(TbsInput::login(tr.lang, tr.t("sig-summary-login"))),
        "register.identity" => {
            let mut input = TbsInput::login(tr.lang, tr.t("acc-summary-register-identity"));
            input.purpose = purpose;
            Ok(input)
        }
        // ACC-61: «Войти с помощью ЭЦП» of the ЕНС ТРУ Requests module.
        "ens.login" => {
            let mut input = TbsInput::login(tr.lang, tr.t("ens-summary-login"));
            input.purpose = purpose;
            Ok(input)
        }
        "demo.document" => {
            let text = req
                .content
                .as_ref()
                .and_then(|c| c.get("text"))
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or("");
            let n = text.chars().count();
            if n == 0 || n > DEMO_TEXT_MAX {
                return Err(ApiError::parameter(
                    tr,
                    "content.text",
                    tr.t_args(
                        "sig-demo-text-length",
                        &[("max", DEMO_TEXT_MAX.to_string())],
                    ),
                ));
            }
            let mut input = TbsInput::login(
                tr.lang,
                tr.t_args("sig-summary-demo", &[("text", text.to_string())]),
            );
            input.purpose = purpose;
            input.content = Some(json!({ "text": text }));
            Ok(input)
        }
        _ => Err(bad(tr.t("sig-purpose-not-here"))),
    }
}

/// `POST /api/v1/signatures/challenges` — a challenge for one act, bound to the browser
/// session (the `tauar_sid` cookie is set when absent).
#[utoipa::path(post, path = "/api/v1/signatures/challenges", tag = "signatures",
    request_body = ChallengeRequest,
    responses((status = 201, body = ChallengeResponse), (status = 400, body = crate::problem::Problem),
        (status = 429, body = crate::problem::Problem)))]
pub async fn api_challenge(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let s = signing(&state)?;
    let req: ChallengeRequest = json_body(tr, &body)?;
    let (sid, fresh) = match session::session_of(&parts.headers) {
        Some(id) => (id, false),
        None => (
            session::new_session_id().ok_or_else(|| ApiError::internal("no randomness"))?,
            true,
        ),
    };
    // SIG-9: at most 30 challenges a minute per session; ACC-163: and per client address.
    if !state.sign_limits.allow(&sid, s.now()) {
        return Err(ApiError::new(ErrorCode::TooManyRequests).into());
    }
    let ip = crate::session::client_ip(&parts);
    if !state
        .address_limits
        .allow(crate::ratelimit::Bucket::Challenge, ip.as_deref(), s.now())
    {
        return Err(ApiError::new(ErrorCode::AccRateLimit).into());
    }
    // ACC-23: the agreement challenge names the text of the registration step's system.
    let (input, binding) = if req.purpose == "participant.register" {
        // ACC-74: the participant agreement of the session's certificate, for the chosen type.
        let kind = req
            .content
            .as_ref()
            .and_then(|c| c.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let a = super::auth::accounts(&state)?;
        let s = super::auth::logged_in(&state, &parts).await?;
        a.participant_agreement_tbs(&s, kind, tr.lang)
            .await
            .map_err(|e| super::auth::from_accounts(tr, e))?
    } else if req.purpose == "ens.access_request" {
        // ACC-94: «Подать заявку» signs the typed fields and the file's SHA-256.
        let field = |k: &str| {
            req.content
                .as_ref()
                .and_then(|c| c.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let a = super::auth::accounts(&state)?;
        let s = super::auth::logged_in(&state, &parts).await?;
        a.ens_request_tbs(
            &s,
            &field("position"),
            &field("phone"),
            &field("power_of_attorney_sha256"),
            tr.lang,
        )
        .await
        .map_err(|e| super::auth::from_accounts(tr, e))?
    } else if req.purpose == "register.agreement" {
        let token = req
            .content
            .as_ref()
            .and_then(|c| c.get("registration_token"))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                ApiError::parameter(
                    tr,
                    "content.registration_token",
                    tr.t("sig-purpose-not-here"),
                )
            })?;
        super::auth::accounts(&state)?
            .agreement_tbs(token, &sid, tr.lang)
            .await
            .map_err(|e| super::auth::from_accounts(tr, e))?
    } else {
        (tbs_input(tr, &req)?, Binding::none())
    };
    let issued = s
        .issue(&input, &sid, &binding)
        .await
        .map_err(|e| from_service(tr, e))?;
    let body = ChallengeResponse {
        challenge_id: issued.challenge_id,
        tbs_base64: Base64::encode_string(&issued.tbs),
        purpose: issued.purpose.as_str().to_string(),
        key_kind: issued.key_kind.as_str().to_string(),
        filters: issued.filters,
        expires_at: issued.expires_at.rfc3339_local(),
        summary: input.summary,
        tsa: state.settings.pki.tsa,
    };
    let mut res = (StatusCode::CREATED, Json(body)).into_response();
    if fresh {
        session::set_cookie(
            &mut res,
            &sid,
            state.settings.public_base().starts_with("https:"),
        );
    }
    Ok(res)
}

/// An act's completion: the challenge and what NCALayer returned.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedAct {
    pub challenge_id: String,
    /// The CMS in base64 (line breaks allowed) or PEM.
    pub cms_base64: String,
}

/// Who signed, as the certificate says (SIG-27).
#[derive(Debug, Serialize, ToSchema)]
pub struct SignerView {
    pub iin: Option<String>,
    pub bin: Option<String>,
    /// Surname, given name and patronymic as in the certificate.
    pub full_name: String,
    pub org_name: Option<String>,
    pub email: Option<String>,
    /// `individual` or `legal_entity`.
    pub holder_kind: Option<String>,
    /// `AUTH`, `SIGN` or `DUAL` (SIG-22).
    pub key_purpose: String,
    pub roles: Vec<String>,
    pub certificate: CertificateView,
}

/// The signer's certificate.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateView {
    pub serial: String,
    pub subject: String,
    pub issuer: String,
    pub valid_from: String,
    pub valid_to: String,
    /// `RSA`, `GOST2015_512`, `GOST2015_256` or `GOST2004`.
    pub algorithm: String,
    pub fingerprint_sha256: String,
}

fn signer_view(v: &Verified) -> SignerView {
    let c = &v.cert;
    let full_name = [&c.last_name, &c.first_name, &c.middle_name]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    SignerView {
        iin: c.iin.clone(),
        bin: c.bin.clone(),
        full_name,
        org_name: c.org_name.clone(),
        email: c.email.clone(),
        holder_kind: c.holder_kind.map(|h| h.as_str().to_string()),
        key_purpose: c.purpose.as_str().to_string(),
        roles: c.roles.iter().map(|r| r.as_str().to_string()).collect(),
        certificate: CertificateView {
            serial: c.serial_hex.clone(),
            subject: c.subject_dn.clone(),
            issuer: c.issuer_dn.clone(),
            valid_from: c.valid_from.rfc3339_local(),
            valid_to: c.valid_to.rfc3339_local(),
            algorithm: v.algorithm.as_str().to_string(),
            fingerprint_sha256: c.fingerprint_sha256.clone(),
        },
    }
}

/// The revocation evidence of a verdict (SIG-70).
#[derive(Debug, Serialize, ToSchema)]
pub struct RevocationView {
    /// `ocsp` or `crl`.
    pub source: String,
    /// `good` (or `revoked` with a reason that did not invalidate, SIG-50).
    pub status: String,
    /// The CRL evidence (`issuer`, `crl_number`, `delta_crl_number`, `this_update`), or
    /// `{"ocsp_response_base64"}`.
    #[schema(value_type = Object)]
    pub evidence: Value,
}

fn revocation_view(r: &RevocationAnswer) -> RevocationView {
    let evidence = match &r.evidence {
        signatures::RevocationEvidence::Crl(_) => {
            serde_json::from_slice(&r.stored_evidence()).unwrap_or(Value::Null)
        }
        signatures::RevocationEvidence::Ocsp(der) => {
            json!({ "ocsp_response_base64": Base64::encode_string(der) })
        }
    };
    RevocationView {
        source: r.source().to_string(),
        status: match r.status {
            RevocationStatus::Good { .. } => "good",
            RevocationStatus::Revoked { .. } => "revoked",
        }
        .to_string(),
        evidence,
    }
}

/// A completed demo act (201).
#[derive(Debug, Serialize, ToSchema)]
pub struct ActRecorded {
    pub signature_id: i64,
    pub audit_seq: i64,
    pub purpose: String,
    pub signer: SignerView,
    /// T of SIG-45, RFC 3339 local.
    pub signing_time: String,
    /// `/api/v1/signatures/{id}`: the public record (SIG-73).
    pub record_url: String,
}

/// Verifies and records an act of `purpose`; a refusal is audited and nothing else is stored.
async fn complete_act(
    state: &AppState,
    tr: Tr,
    parts: &Parts,
    body: &[u8],
    purpose: &Purpose,
) -> Result<(signatures::VerifiedAct, i64, i64), ApiError> {
    let s = signing(state)?;
    let req: SignedAct = json_body(tr, body)?;
    let sid = session::session_of(&parts.headers).unwrap_or_default();
    let ip = session::client_ip(parts);
    let act = match s
        .verify(
            &req.challenge_id,
            req.cms_base64.as_bytes(),
            &sid,
            purpose,
            &Binding::none(),
        )
        .await
    {
        Ok(act) => act,
        Err(SignaturesError::Refused(e)) => {
            if let Err(a) = s
                .record_refusal(
                    purpose.as_str(),
                    &e,
                    req.cms_base64.as_bytes(),
                    None,
                    ip.as_deref(),
                )
                .await
            {
                tracing::error!(error = %a, "refusal not audited");
            }
            return Err(refusal(tr, &e));
        }
        Err(e) => return Err(from_service(tr, e)),
    };
    let detail = serde_json::from_slice::<Value>(&act.challenge.tbs)
        .ok()
        .and_then(|t| t.get("content").cloned())
        .unwrap_or(Value::Null);
    // SIG-52 through the group commit: answered once the act is durably committed.
    let recorded = match s.complete(&act, &sid, ip.as_deref(), detail).await {
        Ok(r) => r,
        Err(SignaturesError::Refused(e)) => {
            let _ = s
                .record_refusal(purpose.as_str(), &e, &act.cms, None, ip.as_deref())
                .await;
            return Err(refusal(tr, &e));
        }
        Err(e) => return Err(from_service(tr, e)),
    };
    Ok((act, recorded.signature_id, recorded.audit_seq))
}

/// `POST /api/v1/signatures/demo` — completes a `demo.document` act (SIG-52).
#[utoipa::path(post, path = "/api/v1/signatures/demo", tag = "signatures",
    request_body = SignedAct,
    responses((status = 201, body = ActRecorded), (status = 400, body = crate::problem::Problem),
        (status = 403, body = crate::problem::Problem), (status = 409, body = crate::problem::Problem),
        (status = 410, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem),
        (status = 503, body = crate::problem::Problem)))]
pub async fn api_demo_act(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let purpose = Purpose::parse("demo.document").ok_or_else(|| ApiError::internal("purpose"))?;
    let (act, sig_id, seq) = complete_act(&state, tr, &parts, &body, &purpose).await?;
    let out = ActRecorded {
        signature_id: sig_id,
        audit_seq: seq,
        purpose: purpose.as_str().to_string(),
        signer: signer_view(&act.verified),
        signing_time: act.verified.signing_time.rfc3339_local(),
        record_url: format!("/api/v1/signatures/{sig_id}"),
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// `POST /api/v1/signatures/verify` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The CMS in base64 or PEM.
    pub cms_base64: String,
    /// The signed document, base64, when the CMS is detached (or to compare with the attached
    /// content).
    #[serde(default)]
    pub data_base64: Option<String>,
}

/// An accepted signature.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyResult {
    pub valid: bool,
    pub signer: SignerView,
    /// The time validity and revocation were checked at (SIG-45), RFC 3339 local.
    pub checked_at: String,
    /// `server` or `tsp`.
    pub time_source: String,
    /// The signer's own clock (the signingTime attribute), informative only.
    pub claimed_signing_time: Option<String>,
    pub revocation: RevocationView,
    /// True when the CMS carries the document.
    pub attached: bool,
    pub content_sha256: String,
    /// Certificates from the signer to the root (subjects).
    pub chain: Vec<String>,
}

fn verify_result(v: &Verified, r: &RevocationAnswer) -> VerifyResult {
    VerifyResult {
        valid: true,
        signer: signer_view(v),
        checked_at: v.signing_time.rfc3339_local(),
        time_source: match v.time_source {
            pki::TimeSource::Server => "server",
            pki::TimeSource::Tsp => "tsp",
        }
        .to_string(),
        claimed_signing_time: v.claimed_signing_time.map(Millis::rfc3339_local),
        revocation: revocation_view(r),
        attached: v.attached,
        content_sha256: v.tbs_sha256.clone(),
        chain: v
            .chain_der
            .iter()
            .filter_map(|d| pki::Cert::from_der(d).ok())
            .map(|c| c.info().subject_dn.clone())
            .collect(),
    }
}

fn decode_b64(tr: Tr, field: &str, s: &str) -> Result<Vec<u8>, ApiError> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    Base64::decode_vec(&compact)
        .map_err(|_| ApiError::parameter(tr, field, tr.t("sig-base64-invalid")))
}

/// `POST /api/v1/signatures/verify` — anyone checks any CMS: who signed it, with which
/// certificate, and whether it was valid and unrevoked; a refusal is a problem document whose
/// `code` is the §7.1 code.
#[utoipa::path(post, path = "/api/v1/signatures/verify", tag = "signatures",
    request_body = VerifyRequest,
    responses((status = 200, body = VerifyResult), (status = 400, body = crate::problem::Problem),
        (status = 422, body = crate::problem::Problem), (status = 503, body = crate::problem::Problem)))]
pub async fn api_verify(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    body: Bytes,
) -> Result<Json<VerifyResult>, ApiFailure> {
    let s = signing(&state)?;
    let req: VerifyRequest = json_body(tr, &body)?;
    let data = req
        .data_base64
        .as_deref()
        .map(|d| decode_b64(tr, "data_base64", d))
        .transpose()?;
    let (v, r) = s
        .verify_document(req.cms_base64.as_bytes(), data.as_deref())
        .await
        .map_err(|e| refusal(tr, &e))?;
    Ok(Json(verify_result(&v, &r)))
}

/// The public record of a stored signature (SIG-73).
#[derive(Debug, Serialize, ToSchema)]
pub struct SignatureRecord {
    pub id: i64,
    pub purpose: String,
    /// The signed document (canonical JSON).
    #[schema(value_type = Object)]
    pub tbs: Value,
    pub tbs_sha256: String,
    /// The CMS exactly as received, base64 (save as `.p7s` to check it with any CMS tool).
    pub cms_base64: String,
    pub signer_certificate_base64: String,
    pub algorithm: String,
    pub signing_time: String,
    /// Where `signing_time` came from (SIG-45): `tsp` (the signature's timestamp) or `server`.
    pub time_source: String,
    pub verified_at: String,
    pub revocation_source: String,
}

/// Purposes whose signatures are public records (SIG-73).
fn is_public(purpose: &str) -> bool {
    purpose == "demo.document"
}

/// `GET /api/v1/signatures/{id}` — a public signed record (only public purposes).
#[utoipa::path(get, path = "/api/v1/signatures/{id}", tag = "signatures",
    params(("id" = i64, Path, description = "Signature id")),
    responses((status = 200, body = SignatureRecord), (status = 404, body = crate::problem::Problem)))]
pub async fn api_signature(
    State(state): State<Arc<AppState>>,
    crate::params::PathParam(id): crate::params::PathParam<String>,
) -> Result<Json<SignatureRecord>, ApiFailure> {
    let not_found = || ApiError::new(ErrorCode::NotFound);
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let row = signatures::store::load_signature(&state.db, id)
        .await
        .map_err(ApiError::internal)?
        .filter(|r| is_public(&r.purpose))
        .ok_or_else(not_found)?;
    Ok(Json(SignatureRecord {
        id: row.id,
        purpose: row.purpose,
        tbs: serde_json::from_slice(&row.tbs).unwrap_or(Value::Null),
        tbs_sha256: row.tbs_sha256,
        cms_base64: Base64::encode_string(&row.cms),
        signer_certificate_base64: Base64::encode_string(&row.signer_cert),
        algorithm: row.algorithm,
        signing_time: row.signing_time.rfc3339_local(),
        time_source: row.time_source,
        verified_at: row.verified_at.rfc3339_local(),
        revocation_source: row.revocation_source,
    }))
}

#[derive(Template)]
#[template(path = "sign_demo.html")]
struct SignDemoPage {
    c: Chrome,
    signer_url: String,
    install_url: String,
    not_running_msg: String,
    configured: bool,
}

/// `GET /demo/sign` — sign a short text with NCALayer (or `tauar signer`) and see it verified
/// and recorded.
pub async fn page_sign_demo(State(state): State<Arc<AppState>>, tr: Tr) -> Response {
    render(&SignDemoPage {
        c: Chrome::new(tr, "/demo/sign", None).demo(state.is_demo()),
        signer_url: state.settings.pki.signer_url.clone(),
        install_url: state.settings.pki.install_url.clone(),
        not_running_msg: tr.t_args(
            "sig-client-not-running",
            &[("install_url", state.settings.pki.install_url.clone())],
        ),
        configured: state.signing.is_some(),
    })
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    c: Chrome,
    cms: String,
    data: String,
    result: Option<VerifyResult>,
    error: Option<(String, String)>,
}

/// `GET /signatures/verify` — the public verification form.
pub async fn page_verify(State(state): State<Arc<AppState>>, tr: Tr) -> Response {
    render(&VerifyPage {
        c: Chrome::new(tr, "/signatures/verify", None).demo(state.is_demo()),
        cms: String::new(),
        data: String::new(),
        result: None,
        error: None,
    })
}

/// `POST /signatures/verify` (form: `cms`, optional `data` as text) — the verdict on the page.
pub async fn page_verify_post(State(state): State<Arc<AppState>>, tr: Tr, body: Bytes) -> Response {
    let mut cms = String::new();
    let mut data = String::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match &*k {
            "cms" => cms = v.into_owned(),
            "data" => data = v.into_owned(),
            _ => {}
        }
    }
    let outcome = match signing(&state) {
        Err(e) => Err(e),
        Ok(_) if cms.trim().is_empty() => Err(ApiError::parameter(
            tr,
            "cms",
            tr.t("sig-verify-cms-required"),
        )),
        Ok(s) => {
            let doc = (!data.is_empty()).then_some(data.as_bytes());
            s.verify_document(cms.as_bytes(), doc)
                .await
                .map(|(v, r)| verify_result(&v, &r))
                .map_err(|e| refusal(tr, &e))
        }
    };
    let (result, error) = match outcome {
        Ok(r) => (Some(r), None),
        Err(e) => (
            None,
            Some((
                e.code.as_str().to_string(),
                e.detail.clone().unwrap_or_else(|| e.title(tr, "")),
            )),
        ),
    };
    render(&VerifyPage {
        c: Chrome::new(tr, "/signatures/verify", None).demo(state.is_demo()),
        cms,
        data,
        result,
        error,
    })
}
