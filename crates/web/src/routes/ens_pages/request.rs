//! «Заявка на регистрацию в ЕНС ТРУ» (ACC-94, CAT-151, E1), «Мои заявки» and the text of the
//! `USER_ENS` agreement the checkbox accepts.
//!
//! The form is `multipart/form-data` (the power of attorney rides in it). «Подать заявку» with
//! JavaScript: `ens-2.js` hashes the chosen file (SHA-256), signs an `ens.access_request`
//! challenge over «Должность», «Контактный телефон» and that hash through NCALayer (its
//! completion URL `POST /ens/request/signed?csrf=` only hands the act back), puts the act in
//! the form's hidden fields and submits the form. Without JavaScript the form still posts and
//! the service answers with every field message, the missing signature included. The read-only
//! values, the refusals (CAT-63 texts, MSG-ENS-DUPLICATE) and the field rules are the
//! service's; a refused post shows the form again with the messages under the fields (the file
//! must be chosen again: browsers never pre-fill a file input).

use super::*;
use crate::page::{render, render_status};
use crate::routes::visitor::{Me, Refusal, me, query_param, refusal, when};
use accounts::SignedAct;
use accounts::ens::{EnsRequestContext, EnsRequestForm, Upload};
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, State};
use axum::response::Redirect;
use serde_json::{Value, json};

#[derive(Template)]
#[template(path = "ens/request.html")]
struct RequestPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    signer_url: String,
    /// The read-only part; `None` when the service refuses the form (the refusal is shown).
    ctx: Option<EnsRequestContext>,
    error: Option<(String, String)>,
    position: String,
    phone: String,
    agreed: bool,
    errors: HashMap<String, String>,
}

impl RequestPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The typed values of a post, shown again with its refusal.
#[derive(Default)]
struct Typed {
    position: String,
    phone: String,
    agreed: bool,
}

async fn form_page(
    state: &AppState,
    tr: Tr,
    me: &Me,
    typed: Typed,
    refused: Option<Refusal>,
) -> Response {
    let (ctx, mut error) = match me.a.ens_request_context(&me.s).await {
        Ok(c) => (Some(c), None),
        Err(e) => match refusal(tr, e) {
            Ok(r) => (None, Some((r.code, r.message, r.status))),
            Err(res) => return res,
        },
    };
    let mut errors = HashMap::new();
    if let Some(r) = refused {
        if r.fields.is_empty() {
            error = Some((r.code, r.message, r.status));
        } else {
            error = error.or(Some((r.code, tr.t("ensp-fix-errors"), r.status)));
            errors = r.fields;
        }
    }
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.2);
    let page = RequestPage {
        c: chrome(tr, "/ens/request", None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        signer_url: state.settings.pki.signer_url.clone(),
        ctx,
        error: error.map(|(c, m, _)| (c, m)),
        position: typed.position,
        phone: typed.phone,
        agreed: typed.agreed,
        errors,
    };
    render_status(status, &page)
}

/// `GET /ens/request` — the form (or the service's refusal of it).
pub async fn page_form(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    form_page(&state, tr, &me, Typed::default(), None).await
}

/// `POST /ens/request` — «Подать заявку»: «Мои заявки» with the confirmation, or the form with
/// the service's messages.
pub async fn page_submit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    mut upload: Multipart,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut text: HashMap<String, String> = HashMap::new();
    let mut file: Option<Upload> = None;
    let mut too_large = false;
    loop {
        let field = match upload.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                if is_too_large(&e) {
                    too_large = true;
                    break;
                }
                return fail(ApiError::new(ErrorCode::BadRequest).detail(e.body_text()));
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "power_of_attorney" {
            let file_name = field.file_name().unwrap_or("").to_string();
            match field.bytes().await {
                Ok(b) if !b.is_empty() => {
                    file = Some(Upload {
                        file_name,
                        bytes: b.to_vec(),
                    })
                }
                Ok(_) => {}
                Err(e) if is_too_large(&e) => {
                    too_large = true;
                    break;
                }
                Err(e) => return fail(ApiError::new(ErrorCode::BadRequest).detail(e.body_text())),
            }
        } else {
            match field.text().await {
                Ok(v) if v.len() <= 64 * 1024 => {
                    text.insert(name, v);
                }
                Ok(_) => return fail(ApiError::new(ErrorCode::PayloadTooLarge)),
                Err(e) => return fail(ApiError::new(ErrorCode::BadRequest).detail(e.body_text())),
            }
        }
    }
    let get = |k: &str| {
        text.get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    if !me.a.csrf_ok(&me.sid, &get("csrf")) {
        return fail(ApiError::new(ErrorCode::CsrfTokenInvalid));
    }
    let typed = Typed {
        position: get("position"),
        phone: get("phone"),
        agreed: matches!(
            get("agreement_accepted").as_str(),
            "on" | "true" | "1" | "yes"
        ),
    };
    if too_large {
        // ACC-8: the file is what can be large; its field says so.
        let m = tr.t(&ErrorCode::AccFileTooLarge.title_id());
        let r = Refusal {
            code: ErrorCode::AccFileTooLarge.as_str().into(),
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: m.clone(),
            fields: HashMap::from([("power_of_attorney".to_string(), m)]),
        };
        return form_page(&state, tr, &me, typed, Some(r)).await;
    }
    let (ch, cms) = (get("signature_challenge_id"), get("signature_cms_base64"));
    let form = EnsRequestForm {
        position: (!typed.position.is_empty()).then(|| typed.position.clone()),
        phone: (!typed.phone.is_empty()).then(|| typed.phone.clone()),
        agreement_accepted: typed.agreed,
        signature: (!ch.is_empty() && !cms.is_empty()).then_some(SignedAct {
            challenge_id: ch,
            cms_base64: cms,
        }),
    };
    match me
        .a
        .submit_ens_request(&me.s, &form, file.as_ref(), &me.origin())
        .await
    {
        Ok(_) => Redirect::to("/ens/request/mine?sent=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) => form_page(&state, tr, &me, typed, Some(r)).await,
            Err(res) => res,
        },
    }
}

fn is_too_large(e: &MultipartError) -> bool {
    e.status() == StatusCode::PAYLOAD_TOO_LARGE
}

/// `POST /ens/request/signed?csrf=` — the completion URL of the NCALayer module for «Подать
/// заявку»: hands `{challenge_id, cms_base64}` back for the form's hidden fields. Nothing is
/// verified or stored here: the post of the form sends the act to the service (ACC-94).
pub async fn api_signed(State(state): State<Arc<AppState>>, parts: Parts, body: Bytes) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(_) => return fail(ApiError::new(ErrorCode::AccForbidden)),
    };
    let token = query_param(parts.uri.query(), "csrf").unwrap_or_default();
    if !me.a.csrf_ok(&me.sid, &token) {
        return fail(ApiError::new(ErrorCode::CsrfTokenInvalid));
    }
    match serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| serde_json::from_value::<SignedAct>(v).ok())
    {
        Some(a) => Json(json!({ "challenge_id": a.challenge_id, "cms_base64": a.cms_base64 }))
            .into_response(),
        None => fail(ApiError::new(ErrorCode::BadRequest)),
    }
}

// ---- «Мои заявки» ----

/// One request as «Мои заявки» lists it.
struct Row {
    id: i64,
    created: String,
    bin: String,
    position: String,
    status_code: String,
    status: String,
    reason: Option<String>,
    decided: Option<String>,
}

#[derive(Template)]
#[template(path = "ens/mine.html")]
struct MinePage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    sent: Option<String>,
    rows: Vec<Row>,
}

/// `GET /ens/request/mine` — the account's own access requests, newest first (`?sent=1`: the
/// confirmation of CAT-151 after «Подать заявку»).
pub async fn page_mine(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let rows = match me.a.my_ens_requests(&me.s).await {
        Ok(r) => r,
        Err(e) => return fail(auth::from_accounts(tr, e)),
    };
    let rows = rows
        .into_iter()
        .map(|r| Row {
            id: r.id,
            created: when(r.created_at),
            bin: r.bin,
            position: r.position,
            status: tr.t(&format!("ensp-status-{}", r.status.to_ascii_lowercase())),
            status_code: r.status,
            reason: r.refusal_reason,
            decided: r.decided_at.map(when),
        })
        .collect();
    let page = MinePage {
        c: chrome(tr, "/ens/request/mine", parts.uri.query()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        sent: query_param(parts.uri.query(), "sent").map(|_| tr.t("ens-msg-request-sent")),
        rows,
    };
    render(&page)
}

// ---- the agreement text (G-29) ----

#[derive(Template)]
#[template(path = "ens/agreement.html")]
struct AgreementPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    version: String,
    text: String,
}

/// `GET /ens/request/agreement` — the current `USER_ENS` text the checkbox accepts (kk or ru:
/// the agreements are published in those two languages; en shows the Russian text).
pub async fn page_agreement(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let doc =
        match accounts::store::current_agreement(me.a.db().pool(), "USER_ENS", me.a.now()).await {
            Ok(Some(d)) => d,
            Ok(None) => return fail(ApiError::new(ErrorCode::NotFound)),
            Err(e) => return fail(ApiError::internal(e)),
        };
    let (title, text) = if tr.lang == kernel::Lang::Kk {
        (doc.title_kk, doc.text_kk)
    } else {
        (doc.title_ru, doc.text_ru)
    };
    render(&AgreementPage {
        c: chrome(tr, "/ens/request/agreement", None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        title,
        version: doc.version,
        text,
    })
}
