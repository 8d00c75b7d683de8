//! «Организации ЕНС ТРУ» of the `ENS_ADMIN` (ACC-28, §2.5, AS-65, ACC-152): the paged list with
//! a search by name or БИН, «Добавить организацию» and the edit form of Приложение №1 with its
//! verbatim labels — the bank row «ИИК», «БИК», «КБЕ», «Банк» included — every field error under
//! its field and nothing saved on any, and the organisation's card with its ЕНС ТРУ users
//! ([`super::users`], paged). «Родительская организация» is a search: [`super::parent`].

use super::parent::{
    PARENT, ParentChoice, page_parents, parent_label, parent_matches, posted_parent,
};
use super::users::{UserRow, page_of, user_rows, users_pager};
use super::{MenuLink, menu, refused};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::params::Params;
use crate::routes::Pager;
use crate::routes::visitor::{Form, Me, Refusal, Shown, me, posted, refusal, saved_notice, when};
use crate::state::AppState;
use accounts::ens::{EnsOrgForm, EnsOrganisation};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/ens/admin/organisations", get(page_list))
        .route(
            "/ens/admin/organisations/new",
            get(page_new).post(page_new_post),
        )
        .route("/ens/admin/organisations/parents", get(page_parents))
        .route("/ens/admin/organisations/{id}", get(page_card))
        .route(
            "/ens/admin/organisations/{id}/edit",
            get(page_edit).post(page_edit_post),
        )
}

pub(super) const LIST: &str = "/ens/admin/organisations";

// ---- the list ----

struct ListRow {
    id: String,
    bin: String,
    name: String,
    region: String,
    contact_email: String,
    status_code: String,
}

#[derive(Template)]
#[template(path = "ens_admin/organisations.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    q: String,
    total: i64,
    found: String,
    rows: Vec<ListRow>,
    pager: Pager,
}

/// `GET /ens/admin/organisations?q=&page=&per_page=`.
async fn page_list(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let p = Params::parse(query.as_deref(), tr);
    let page = match p.page() {
        Ok(page) => page,
        Err(e) => return crate::routes::error_page(tr, LIST, &e),
    };
    let q = p.str("q").ok().flatten().unwrap_or_default();
    let found = match me.a.ens_organisations(&me.s, &q, &page).await {
        Ok(f) => f,
        Err(e) => return refused(tr, &me, LIST, e, "/cabinet"),
    };
    let regions = match dict_names(&state, tr, refdata::Dict::Kato, is_region).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let pager = Pager::new(
        LIST,
        query.as_deref(),
        page.page,
        page.per_page,
        found.total.max(0) as u64,
    );
    render(&ListPage {
        c: Chrome::new(tr, LIST, query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        menu: menu(tr, &me),
        q,
        total: found.total,
        found: tr.t_args("ensa-found", &[("count", found.total.to_string())]),
        rows: found
            .items
            .into_iter()
            .map(|o| ListRow {
                region: o
                    .profile
                    .region
                    .as_deref()
                    .map(|r| label_of(&regions, r))
                    .unwrap_or_default(),
                contact_email: o.profile.contact_email,
                id: o.participant_id,
                bin: o.bin,
                name: o.name,
                status_code: o.participant_status,
            })
            .collect(),
        pager,
    })
}

// ---- dictionaries of the form ----

/// A КАТО code of the top level (`XX0000000`), as the service requires for «Регион».
fn is_region(code: &str) -> bool {
    code.len() == 9 && code.ends_with("0000000")
}

/// (code, name) of the entries of `d` whose code passes `keep` (active ones only).
async fn dict_names(
    state: &AppState,
    tr: Tr,
    d: refdata::Dict,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<(String, String)>, Response> {
    let rows = refdata::admin::entries(&state.db, d)
        .await
        .map_err(|e| crate::routes::visitor::fail(crate::problem::ApiError::internal(e)))?;
    Ok(rows
        .into_iter()
        .filter(|e| e.active && keep(&e.entry.code))
        .map(|e| {
            let n = e.entry.name(tr.lang).to_string();
            (e.entry.code, n)
        })
        .collect())
}

fn label_of(options: &[(String, String)], code: &str) -> String {
    options
        .iter()
        .find(|(c, _)| c == code)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| code.to_string())
}

// ---- the Appendix 1 form ----

/// One field of the form.
struct Field {
    name: &'static str,
    label: String,
    required: bool,
    /// `text`, `email`, `select` or `readonly`.
    kind: &'static str,
    value: String,
    /// (code, label) of a select; the empty choice comes first.
    options: Vec<(String, String)>,
    hint: Option<String>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "ens_admin/organisation_form.html")]
struct FormPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    title: String,
    action: String,
    cancel: String,
    /// (section title, fields); the first section has no title.
    sections: Vec<(String, Vec<Field>)>,
    /// The URL htmx asks for the parent's matches.
    parent_search: String,
    error: Option<(String, String)>,
}

/// The fields of Приложение №1 in its order, with the ftl key of each verbatim label.
const ORG_FIELDS: &[(&str, &str)] = &[
    ("name", "ensa-f-name"),
    ("name_kk", "ensa-f-name-kk"),
    ("kfs", "ensa-f-kfs"),
    ("parent_participant_id", "ensa-f-parent"),
    ("bin", "ensa-f-bin"),
    ("rnn", "ensa-f-rnn"),
    ("iik", "ensa-f-iik"),
    ("bic", "ensa-f-bic"),
    ("kbe", "ensa-f-kbe"),
    ("bank_bic", "ensa-f-bank"),
    ("region", "ensa-f-region"),
    ("address", "ensa-f-address"),
];

/// Section «Информация о контактном лице».
const CONTACT_FIELDS: &[(&str, &str)] = &[
    ("contact_last_name", "ensa-f-last-name"),
    ("contact_first_name", "ensa-f-first-name"),
    ("contact_middle_name", "ensa-f-middle-name"),
    ("contact_position", "ensa-f-position"),
    ("contact_work_phone", "ensa-f-work-phone"),
    ("contact_mobile_phone", "ensa-f-mobile-phone"),
    ("contact_email", "ensa-f-email"),
];

/// The form's values of a saved organisation.
fn values_of(o: &EnsOrganisation) -> HashMap<&'static str, String> {
    let p = &o.profile;
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut m = HashMap::from([
        ("name", o.name.clone()),
        ("name_kk", s(&p.name_kk)),
        ("kfs", s(&o.kfs)),
        ("parent_participant_id", s(&p.parent_participant_id)),
        ("bin", o.bin.clone()),
        ("rnn", s(&p.rnn)),
        ("region", s(&p.region)),
        ("address", s(&p.address)),
        ("contact_last_name", s(&p.contact_last_name)),
        ("contact_first_name", s(&p.contact_first_name)),
        ("contact_middle_name", s(&p.contact_middle_name)),
        ("contact_position", s(&p.contact_position)),
        ("contact_work_phone", s(&p.contact_work_phone)),
        ("contact_mobile_phone", s(&p.contact_mobile_phone)),
        ("contact_email", p.contact_email.clone()),
    ]);
    if let Some(b) = &o.bank {
        m.insert("iik", b.iik.clone());
        m.insert("bic", b.bic.clone());
        m.insert("kbe", b.kbe.clone());
        m.insert("bank_bic", b.bic.clone());
    }
    m
}

/// The form's values as posted.
fn values_posted(f: &Form) -> HashMap<&'static str, String> {
    ORG_FIELDS
        .iter()
        .chain(CONTACT_FIELDS)
        .map(|(n, _)| (*n, f.get(n).to_string()))
        .collect()
}

fn form_of(f: &Form) -> EnsOrgForm {
    EnsOrgForm {
        name: f.opt("name"),
        name_kk: f.opt("name_kk"),
        kfs: f.opt("kfs"),
        parent_participant_id: f.opt("parent_participant_id"),
        bin: f.opt("bin"),
        rnn: f.opt("rnn"),
        region: f.opt("region"),
        address: f.opt("address"),
        contact_last_name: f.opt("contact_last_name"),
        contact_first_name: f.opt("contact_first_name"),
        contact_middle_name: f.opt("contact_middle_name"),
        contact_position: f.opt("contact_position"),
        contact_work_phone: f.opt("contact_work_phone"),
        contact_mobile_phone: f.opt("contact_mobile_phone"),
        contact_email: f.opt("contact_email"),
        iik: f.opt("iik"),
        bank_bic: f.opt("bank_bic"),
        kbe: f.opt("kbe"),
    }
}

/// What the form is about: a new organisation, or the one being edited (its БИН fixed, its
/// КБе computed unless the participant is `ADMIN_CREATED`).
#[derive(Clone, Copy)]
struct Editing<'a> {
    org: Option<&'a EnsOrganisation>,
}

async fn form_page(
    state: &AppState,
    tr: Tr,
    me: &Me,
    editing: Editing<'_>,
    values: HashMap<&'static str, String>,
    failed: Option<Refusal>,
    parent: ParentChoice,
) -> Response {
    let (path, title) = match editing.org {
        Some(o) => (
            format!("{LIST}/{}/edit", o.participant_id),
            tr.t("ensa-org-edit"),
        ),
        None => (format!("{LIST}/new"), tr.t("ensa-org-add")),
    };
    let kfs = match dict_names(state, tr, refdata::Dict::Kfs, |_| true).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let regions = match dict_names(state, tr, refdata::Dict::Kato, is_region).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let banks = match me.a.banks().await {
        Ok(b) => b,
        Err(e) => return refused(tr, me, &path, e, LIST),
    };
    // «Родительская организация»: the matches of the search, never the organisation itself.
    let own = editing.org.map(|o| o.participant_id.as_str()).unwrap_or("");
    let parents: Vec<(String, String)> = parent
        .options
        .into_iter()
        .filter(|(id, _)| id != own)
        .collect();
    let Shown {
        status,
        mut errors,
        mut error,
    } = Shown::of(failed);
    // MSG-BANK-UNKNOWN is a refusal with the IBAN code; it belongs under «ИИК».
    if let Some((code, m)) = &error
        && code == kernel::ErrorCode::AccBankUnknown.as_str()
    {
        errors.insert("iik".into(), m.clone());
        error = None;
    }
    let kbe_computed = editing
        .org
        .is_some_and(|o| o.participant_status != "ADMIN_CREATED");
    let value = |n: &str| values.get(n).cloned().unwrap_or_default();
    let bic_shown = editing
        .org
        .and_then(|o| o.bank.as_ref())
        .map(|b| b.bic.clone())
        .unwrap_or_default();
    let field = |name: &'static str, key: &str| -> Field {
        let (kind, options, hint): (&str, Vec<(String, String)>, Option<String>) = match name {
            "kfs" => ("select", kfs.clone(), None),
            "region" => ("select", regions.clone(), None),
            PARENT => (
                "search",
                parents.clone(),
                Some(
                    parent
                        .note
                        .clone()
                        .unwrap_or_else(|| tr.t("ensa-parent-hint")),
                ),
            ),
            "bank_bic" => (
                "select",
                banks
                    .iter()
                    .map(|b| (b.bic.clone(), format!("{} ({})", b.name_ru, b.bic)))
                    .collect(),
                Some(tr.t("ensa-bank-hint")),
            ),
            "bin" if editing.org.is_some() => ("readonly", Vec::new(), None),
            "bic" => ("readonly", Vec::new(), Some(tr.t("ensa-bic-hint"))),
            "kbe" if kbe_computed => ("readonly", Vec::new(), Some(tr.t("ensa-kbe-computed"))),
            "kbe" => ("text", Vec::new(), Some(tr.t("ensa-kbe-entered-hint"))),
            "contact_email" => ("email", Vec::new(), None),
            _ => ("text", Vec::new(), None),
        };
        let required = matches!(name, "name" | "bin");
        Field {
            name,
            label: tr.t(key),
            required,
            kind,
            value: if name == "bic" {
                bic_shown.clone()
            } else {
                value(name)
            },
            options,
            hint,
            error: match (name, &parent.error) {
                (PARENT, Some(m)) if errors.contains_key(PARENT) => Some(m.clone()),
                _ => errors.get(name).cloned(),
            },
        }
    };
    let main = ORG_FIELDS.iter().map(|(n, k)| field(n, k)).collect();
    let contact = CONTACT_FIELDS.iter().map(|(n, k)| field(n, k)).collect();
    let cancel = match editing.org {
        Some(o) => format!("{LIST}/{}", o.participant_id),
        None => LIST.to_string(),
    };
    render_status(
        status,
        &FormPage {
            c: Chrome::new(tr, &path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            menu: menu(tr, me),
            title,
            action: path.clone(),
            cancel,
            sections: vec![
                (String::new(), main),
                (tr.t("ensa-contact-section"), contact),
            ],
            parent_search: crate::routes::url_with(
                &format!("{LIST}/parents"),
                None,
                &[("exclude", own.to_string())],
            ),
            error,
        },
    )
}

/// `GET /ens/admin/organisations/new` — «Добавить организацию».
async fn page_new(State(state): State<Arc<AppState>>, tr: Tr, parts: Parts) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    // The service answers who may enter organisations; the parent's first matches come with it.
    let parent = match parent_matches(&me, "").await {
        Ok((_, options)) => ParentChoice {
            options,
            ..ParentChoice::default()
        },
        Err(e) => return refused(tr, &me, &format!("{LIST}/new"), e, "/cabinet"),
    };
    form_page(
        &state,
        tr,
        &me,
        Editing { org: None },
        HashMap::new(),
        None,
        parent,
    )
    .await
}

/// A post of the form (`action=find-parent`: «Найти» of the parent, nothing saved): saved, the
/// card; else the form again with the typed values and the messages under the fields.
async fn save_posted(
    state: &AppState,
    tr: Tr,
    me: &Me,
    f: &Form,
    editing: Editing<'_>,
) -> Response {
    let path = match editing.org {
        Some(o) => format!("{LIST}/{}/edit", o.participant_id),
        None => format!("{LIST}/new"),
    };
    let finding = f.get("action") == "find-parent";
    let mut values = values_posted(f);
    let mut form = form_of(f);
    if let Some(o) = editing.org {
        // The БИН is the organisation's (§4.8).
        form.bin = Some(o.bin.clone());
        values.insert("bin", o.bin.clone());
    }
    let (parent_id, parent) = match posted_parent(tr, me, f, &mut values, finding).await {
        Ok(x) => x,
        Err(e) => return refused(tr, me, &path, e, LIST),
    };
    if finding {
        return form_page(state, tr, me, editing, values, None, parent).await;
    }
    form.parent_participant_id = parent_id;
    match me.a.save_ens_organisation(&me.s, &form, &me.origin()).await {
        Ok(o) => Redirect::to(&format!("{LIST}/{}?saved=1", o.participant_id)).into_response(),
        Err(e) => match refusal(tr, e) {
            Ok(r) if r.status == StatusCode::FORBIDDEN => {
                let back = if editing.org.is_some() {
                    LIST
                } else {
                    "/cabinet"
                };
                super::message(tr, me, &path, r, back)
            }
            Ok(r) => form_page(state, tr, me, editing, values, Some(r), parent).await,
            Err(res) => res,
        },
    }
}

/// `POST /ens/admin/organisations/new`.
async fn page_new_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    save_posted(&state, tr, &me, &f, Editing { org: None }).await
}

/// `GET /ens/admin/organisations/{id}/edit`.
async fn page_edit(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(id): Path<String>,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let path = format!("{LIST}/{id}/edit");
    let o = match me.a.ens_organisation(&me.s, &id).await {
        Ok(o) => o,
        Err(e) => return refused(tr, &me, &path, e, LIST),
    };
    let mut values = values_of(&o);
    // The saved parent as «name (БИН)», and the first matches.
    if let Some(pid) = &o.profile.parent_participant_id
        && let Ok(p) = me.a.ens_organisation(&me.s, pid).await
    {
        values.insert(PARENT, parent_label(&p));
    }
    let parent = match parent_matches(&me, "").await {
        Ok((_, options)) => ParentChoice {
            options,
            ..ParentChoice::default()
        },
        Err(e) => return refused(tr, &me, &path, e, LIST),
    };
    form_page(
        &state,
        tr,
        &me,
        Editing { org: Some(&o) },
        values,
        None,
        parent,
    )
    .await
}

/// `POST /ens/admin/organisations/{id}/edit` — the БИН is the organisation's (§4.8).
async fn page_edit_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let o = match me.a.ens_organisation(&me.s, &id).await {
        Ok(o) => o,
        Err(e) => return refused(tr, &me, &format!("{LIST}/{id}/edit"), e, LIST),
    };
    save_posted(&state, tr, &me, &f, Editing { org: Some(&o) }).await
}

// ---- the card ----

#[derive(Template)]
#[template(path = "ens_admin/organisation.html")]
struct CardPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    menu: Vec<MenuLink>,
    id: String,
    name: String,
    status_code: String,
    props: Vec<(String, String)>,
    contact: Vec<(String, String)>,
    /// (label, value) of «ИИК», «БИК», «КБЕ», «Банк»; empty without a bank row.
    bank: Vec<(String, String)>,
    users: Vec<UserRow>,
    /// The organisation's users, all pages.
    total: u64,
    pager: Pager,
    show_org: bool,
    supervisor_switch: bool,
    back: String,
    notice: Option<String>,
    /// The failed form (`revoke-N`, `supervisor-N`) and its messages.
    failed: String,
    errors: HashMap<String, String>,
    error: Option<(String, String)>,
}

/// The card at the users' page that `query` names, with a notice or the refusal of the users'
/// form `failed`.
pub(super) async fn card(
    state: &AppState,
    tr: Tr,
    me: &Me,
    id: &str,
    query: Option<&str>,
    notice: Option<String>,
    failed: (&str, Option<Refusal>),
) -> Response {
    let path = format!("{LIST}/{id}");
    let o = match me.a.ens_organisation(&me.s, id).await {
        Ok(o) => o,
        Err(e) => return refused(tr, me, &path, e, LIST),
    };
    let page = page_of(tr, query);
    let users = match me.a.ens_users(&me.s, Some(id), &page).await {
        Ok(u) => u,
        Err(e) => return refused(tr, me, &path, e, LIST),
    };
    // The users' forms come back to this page of the table.
    let back = crate::routes::url_with(
        &path,
        None,
        &[
            (
                "page",
                if page.page > 1 {
                    page.page.to_string()
                } else {
                    String::new()
                },
            ),
            (
                "per_page",
                crate::routes::visitor::query_param(query, "per_page")
                    .map(|_| page.per_page.to_string())
                    .unwrap_or_default(),
            ),
        ],
    );
    let kfs = match dict_names(state, tr, refdata::Dict::Kfs, |_| true).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let regions = match dict_names(state, tr, refdata::Dict::Kato, is_region).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let parent = match &o.profile.parent_participant_id {
        Some(pid) => match me.a.ens_organisation(&me.s, pid).await {
            Ok(p) => format!("{} ({})", p.name, p.bin),
            Err(_) => pid.clone(),
        },
        None => String::new(),
    };
    let v = values_of(&o);
    let get = |n: &str| v.get(n).cloned().unwrap_or_default();
    let status_key = match o.participant_status.as_str() {
        "ACTIVE" => "ensa-part-active",
        "BLOCKED" => "ensa-part-blocked",
        _ => "ensa-part-admin-created",
    };
    let props = vec![
        (tr.t("ensa-f-name"), o.name.clone()),
        (tr.t("ensa-f-name-kk"), get("name_kk")),
        (
            tr.t("ensa-f-kfs"),
            o.kfs
                .as_deref()
                .map(|k| label_of(&kfs, k))
                .unwrap_or_default(),
        ),
        (tr.t("ensa-f-parent"), parent),
        (tr.t("ensa-f-bin"), o.bin.clone()),
        (tr.t("ensa-f-rnn"), get("rnn")),
        (
            tr.t("ensa-f-region"),
            o.profile
                .region
                .as_deref()
                .map(|r| label_of(&regions, r))
                .unwrap_or_default(),
        ),
        (tr.t("ensa-f-address"), get("address")),
        (tr.t("ensa-participant-status"), tr.t(status_key)),
        (tr.t("ensa-updated-at"), when(o.profile.updated_at)),
    ];
    let contact = CONTACT_FIELDS
        .iter()
        .map(|(n, k)| (tr.t(k), get(n)))
        .collect();
    let bank = match &o.bank {
        Some(b) => vec![
            (tr.t("ensa-f-iik"), b.iik.clone()),
            (tr.t("ensa-f-bic"), b.bic.clone()),
            (
                tr.t("ensa-f-kbe"),
                if b.kbe_entered {
                    format!("{} ({})", b.kbe, tr.t("ensa-kbe-entered"))
                } else {
                    b.kbe.clone()
                },
            ),
            (tr.t("ensa-f-bank"), b.bank_name.clone()),
        ],
        None => Vec::new(),
    };
    let shown = Shown::of(failed.1);
    let page = CardPage {
        c: Chrome::new(tr, &path, query),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        menu: menu(tr, me),
        id: o.participant_id.clone(),
        name: o.name.clone(),
        status_code: o.participant_status.clone(),
        props,
        contact,
        bank,
        users: user_rows(users.items),
        total: users.total.max(0) as u64,
        pager: users_pager(&path, query, &page, users.total),
        show_org: false,
        supervisor_switch: super::has_role(me, "ENS_ADMIN"),
        back,
        notice,
        failed: if shown.status.is_success() {
            String::new()
        } else {
            failed.0.to_string()
        },
        errors: shown.errors,
        error: shown.error,
    };
    render_status(shown.status, &page)
}

/// `GET /ens/admin/organisations/{id}?page=&per_page=` — the card and its ЕНС ТРУ users.
async fn page_card(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if let Err(e) = Params::parse(query.as_deref(), tr).page() {
        return crate::routes::error_page(tr, &format!("{LIST}/{id}"), &e);
    }
    let notice = saved_notice(tr, query.as_deref());
    card(&state, tr, &me, &id, query.as_deref(), notice, ("", None)).await
}
