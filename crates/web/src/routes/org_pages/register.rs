//! «Регистрация участника» (ACC-69…ACC-76, ACC-126, ACC-146): the form of the type chosen
//! among those the session's certificate allows, the fields of §4.4 for it, dictionaries as
//! selects, the participant agreement signed through NCALayer (`org-2.js`: challenge
//! `participant.register` → sign → the act kept in hidden fields), «Подтверждаю данные».

use super::*;
use accounts::rules::{self, ParticipantType, Show};
use accounts::{ParticipantForm, SignedAct};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde_json::{Value, json};

/// One field of the form as the page shows it.
pub(crate) struct FieldView {
    pub name: &'static str,
    pub label: String,
    /// `text`, `date`, `select` or `check`.
    pub kind: &'static str,
    /// `read_only`, `required`, `optional` or `disabled`.
    pub show: &'static str,
    pub value: String,
    pub checked: bool,
    pub options: Vec<(String, String)>,
    pub error: Option<String>,
}

/// A section of ACC-146 with its visible fields.
pub(crate) struct Section {
    pub title: String,
    pub fields: Vec<FieldView>,
}

/// The sections of ACC-146 and their fields (API names).
const SECTIONS: &[(&str, &[&str])] = &[
    (
        "orgp-sec-info",
        &[
            "name",
            "state_reg_date",
            "state_reg_doc_number",
            "state_reg_authority",
            "country",
        ],
    ),
    ("orgp-sec-role", &["is_organizer", "is_supplier"]),
    (
        "orgp-sec-attrs",
        &[
            "kopf",
            "kse",
            "kfs",
            "is_resident",
            "is_small_business",
            "is_medium_business",
        ],
    ),
    ("orgp-sec-contacts", &["email", "website", "phones"]),
    (
        "orgp-sec-heads",
        &[
            "applicant_full_name",
            "applicant_position",
            "head_iin",
            "head_last_name",
            "head_first_name",
            "head_middle_name",
            "head_position",
        ],
    ),
];

#[derive(Template)]
#[template(path = "org/register.html")]
struct RegisterPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    signer_url: String,
    id_number: String,
    types: Vec<(&'static str, String, bool)>,
    kind: &'static str,
    sections: Vec<Section>,
    agreement_title: String,
    agreement_text: String,
    challenge_id: String,
    cms: String,
    error: Option<(String, String)>,
    errors_top: Vec<String>,
    agreement_error: Option<String>,
}

fn kind_of(f: &str) -> &'static str {
    match f {
        "state_reg_date" => "date",
        "country" | "kopf" | "kse" | "kfs" => "select",
        f if f.starts_with("is_") => "check",
        _ => "text",
    }
}

fn show_str(s: Show) -> &'static str {
    match s {
        Show::ReadOnly => "read_only",
        Show::Required => "required",
        Show::Optional => "optional",
        Show::Disabled => "disabled",
        Show::Hidden => "hidden",
    }
}

/// The form as a page: `posted` are the values typed (none on the first view).
async fn form_page(
    state: &AppState,
    tr: Tr,
    me: &Me,
    kind_asked: Option<&str>,
    posted: Option<&Form>,
    refusal: Option<Refusal>,
) -> Response {
    let path = "/cabinet/participant/register";
    let ctx = match me.a.registration_context(&me.s).await {
        Ok(c) => c,
        Err(e) => return refused_page(tr, me, path, e),
    };
    let joint = ctx.id_number != me.s.account.iin;
    let t = kind_asked
        .and_then(ParticipantType::parse)
        .filter(|t| ctx.types.contains(t))
        .or_else(|| ctx.types.first().copied())
        .unwrap_or(ParticipantType::Fl);
    let mut dicts: HashMap<&str, Vec<(String, String)>> = HashMap::new();
    for (f, d) in [
        ("country", "countries"),
        ("kopf", "kopf"),
        ("kse", "kse"),
        ("kfs", "kfs"),
    ] {
        let mut rows = match choices(state, tr, d, None).await {
            Ok(r) => r,
            Err(res) => return res,
        };
        if f == "kopf" {
            rows.retain(|(code, _)| rules::kopf_applies(code, t));
        }
        let rows = rows
            .into_iter()
            .map(|(code, name)| (code.clone(), format!("{code} – {name}")))
            .collect();
        dicts.insert(f, rows);
    }
    let Shown {
        status,
        errors: field_errors,
        error,
    } = Shown::of(refusal);
    let default = |f: &str| -> String {
        match f {
            "country" => "KZ".into(),
            "kse" if !(t == ParticipantType::Ul || (t == ParticipantType::Kh && joint)) => {
                "9".into()
            }
            "name" => ctx.cert_name.clone().unwrap_or_default(),
            _ => String::new(),
        }
    };
    let mut sections = Vec::new();
    for (title, names) in SECTIONS {
        let mut fields = Vec::new();
        for &f in *names {
            let show = rules::show(f, t, joint);
            if show == Show::Hidden {
                continue;
            }
            let value = match posted {
                Some(p) if show != Show::ReadOnly => p.get(f).to_string(),
                _ => default(f),
            };
            let checked = match posted {
                Some(p) => p.flag(f),
                None => f == "is_resident",
            };
            fields.push(FieldView {
                name: f,
                label: tr.t(&format!("acc-label-{}", f.replace('_', "-"))),
                kind: kind_of(f),
                show: show_str(show),
                value,
                checked,
                options: dicts.get(f).cloned().unwrap_or_default(),
                error: field_errors.get(f).cloned(),
            });
        }
        if !fields.is_empty() {
            sections.push(Section {
                title: tr.t(title),
                fields,
            });
        }
    }
    let (agreement_title, agreement_text) =
        match accounts::store::current_agreement(me.a.db().pool(), "PARTICIPANT", me.a.now()).await
        {
            Ok(Some(d)) if tr.lang == kernel::Lang::Kk => (d.title_kk, d.text_kk),
            Ok(Some(d)) => (d.title_ru, d.text_ru),
            Ok(None) => (tr.t("orgp-agreement"), String::new()),
            Err(e) => return fail(ApiError::internal(e)),
        };
    let errors_top = sections
        .iter()
        .flat_map(|s| s.fields.iter())
        .filter_map(|f| f.error.as_ref().map(|e| format!("{}: {e}", f.label)))
        .collect();
    let page = RegisterPage {
        c: Chrome::new(tr, path, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        signer_url: state.settings.pki.signer_url.clone(),
        id_number: ctx.id_number.clone(),
        types: ctx
            .types
            .iter()
            .map(|x| {
                (
                    x.as_str(),
                    tr.t(&format!("orgp-type-{}", x.as_str().to_ascii_lowercase())),
                    *x == t,
                )
            })
            .collect(),
        kind: t.as_str(),
        sections,
        agreement_title,
        agreement_text,
        challenge_id: posted
            .map(|p| p.get("agreement_challenge_id").to_string())
            .unwrap_or_default(),
        cms: posted
            .map(|p| p.get("agreement_cms_base64").to_string())
            .unwrap_or_default(),
        agreement_error: field_errors.get("agreement").cloned(),
        error,
        errors_top,
    };
    render_status(status, &page)
}

/// `GET /cabinet/participant/register?type=` — the form (C2 of §4.9: refused with its
/// message when the certificate's participant exists or the session cannot register).
pub async fn page_form(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let kind = query_param(parts.uri.query(), "type");
    form_page(&state, tr, &me, kind.as_deref(), None, None).await
}

/// The typed value of one form field into the API form.
fn set(pf: &mut ParticipantForm, f: &str, form: &Form) {
    let s = form.opt(f);
    let b = Some(form.flag(f));
    match f {
        "name" => pf.name = s,
        "state_reg_date" => pf.state_reg_date = s,
        "state_reg_doc_number" => pf.state_reg_doc_number = s,
        "state_reg_authority" => pf.state_reg_authority = s,
        "country" => pf.country = s,
        "is_supplier" => pf.is_supplier = b,
        "kopf" => pf.kopf = s,
        "kse" => pf.kse = s,
        "kfs" => pf.kfs = s,
        "is_resident" => pf.is_resident = b,
        "is_small_business" => pf.is_small_business = b,
        "is_medium_business" => pf.is_medium_business = b,
        "email" => pf.email = s,
        "website" => pf.website = s,
        "phones" => pf.phones = s,
        "applicant_full_name" => pf.applicant_full_name = s,
        "applicant_position" => pf.applicant_position = s,
        "head_iin" => pf.head_iin = s,
        "head_last_name" => pf.head_last_name = s,
        "head_first_name" => pf.head_first_name = s,
        "head_middle_name" => pf.head_middle_name = s,
        "head_position" => pf.head_position = s,
        _ => {}
    }
}

/// `POST /cabinet/participant/register` — «Подтверждаю данные»: the participant profile opens
/// on «Банковские счета» (ACC-76); otherwise the form again with every error under its field.
pub async fn page_submit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, form) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let kind = form.get("type").to_string();
    let joint =
        me.s.cert_bin
            .as_ref()
            .is_some_and(|b| *b != me.s.account.iin);
    let mut pf = ParticipantForm {
        kind: Some(kind.clone()),
        ..ParticipantForm::default()
    };
    if let Some(t) = ParticipantType::parse(&kind) {
        for f in rules::FIELDS {
            if matches!(rules::show(f, t, joint), Show::Required | Show::Optional) {
                set(&mut pf, f, &form);
            }
        }
    }
    let (ch, cms) = (
        form.get("agreement_challenge_id"),
        form.get("agreement_cms_base64"),
    );
    if !ch.is_empty() && !cms.is_empty() {
        pf.agreement = Some(SignedAct {
            challenge_id: ch.to_string(),
            cms_base64: cms.to_string(),
        });
    }
    match me.a.register_participant(&me.s, &pf, &me.origin()).await {
        Ok(_) => Redirect::to("/cabinet/org/bank-accounts?registered=1").into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) => form_page(&state, tr, &me, Some(&kind), Some(&form), Some(r)).await,
            Err(res) => res,
        },
    }
}

/// `POST /cabinet/participant/agreement?csrf=` — the completion URL of the NCALayer module for
/// «Подписать»: it takes `{challenge_id, cms_base64}` and hands them back for the form's
/// hidden fields. Nothing is verified or stored here: «Подтверждаю данные» sends the act to
/// the accounts service, which verifies it (ACC-74) with the form.
pub async fn api_signed_agreement(
    State(state): State<Arc<AppState>>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(_) => return fail(ApiError::new(ErrorCode::AccForbidden)),
    };
    let token = query_param(parts.uri.query(), "csrf").unwrap_or_default();
    if !me.a.csrf_ok(&me.sid, &token) {
        return fail(ApiError::new(ErrorCode::CsrfTokenInvalid));
    }
    let act: SignedAct = match serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
    {
        Some(a) => a,
        None => return fail(ApiError::new(ErrorCode::BadRequest)),
    };
    Json(json!({ "challenge_id": act.challenge_id, "cms_base64": act.cms_base64 })).into_response()
}
