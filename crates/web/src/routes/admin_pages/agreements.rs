//! «Пользовательские соглашения» (spec/accounts.md §2.3.1, ACC-24, ACC-116, G-17; §4.9
//! `dict.manage`): per agreement kind (`USER_PORTAL`, `USER_NCT`, `USER_ENS`, `PARTICIPANT`)
//! its versions newest first — number, publication time in Asia/Almaty (ACC-3), «требует
//! повторного принятия», the SHA-256 that signatures name, the acceptances — the full text of
//! any version (a superseded one stays readable), and «Опубликовать новую версию» with the
//! Russian and Kazakh texts (the two languages an agreement has), optional number and titles
//! (the service takes the next number and the current titles) and the re-acceptance flag. A
//! publication is irreversible, so it is asked on a confirmation page that says so.

use super::{ConfirmPage, Outcome, outcome, refused, seg, yes_no};
use crate::i18n::Tr;
use crate::page::{Chrome, render, render_status};
use crate::routes::visitor::{Form, Me, Shown, me, posted, query_param, when};
use crate::state::AppState;
use accounts::agreement_admin::{AgreementPublication, AgreementVersionView, KINDS};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use kernel::Lang;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/agreements", get(page_list))
        .route(
            "/admin/agreements/publish",
            get(page_publish).post(page_publish_post),
        )
        .route("/admin/agreements/{kind}/{version}", get(page_version))
}

fn kind_label(tr: Tr, kind: &str) -> String {
    if KINDS.iter().any(|(k, _)| *k == kind) {
        tr.t(&format!(
            "admp-kind-{}",
            kind.to_ascii_lowercase().replace('_', "-")
        ))
    } else {
        kind.to_string()
    }
}

fn mode_label(tr: Tr, mode: &str) -> String {
    tr.t(if mode == "CHECKBOX" {
        "admp-mode-checkbox"
    } else {
        "admp-mode-signature"
    })
}

/// The title in the page's language (an agreement has Russian and Kazakh texts only).
fn title_of(tr: Tr, v: &AgreementVersionView) -> String {
    if tr.lang == Lang::Kk && !v.title_kk.is_empty() {
        v.title_kk.clone()
    } else {
        v.title_ru.clone()
    }
}

/// An RFC 3339 time of the service as `DD.MM.YYYY HH:MM` in Asia/Almaty (ACC-3).
fn local(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .map(|t| when(t.as_millisecond()))
        .unwrap_or_else(|_| rfc3339.to_string())
}

// ---- the versions ----

struct VersionRow {
    version: String,
    title: String,
    published_at: String,
    reacceptance: String,
    reacceptance_flag: bool,
    sha256: String,
    acceptances: i64,
    current: bool,
    href: String,
}

struct KindBlock {
    kind: String,
    label: String,
    mode: String,
    versions: Vec<VersionRow>,
}

#[derive(Template)]
#[template(path = "admin/agreements.html")]
struct ListPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    notice: Option<String>,
    kinds: Vec<KindBlock>,
}

/// `GET /admin/agreements` (`?published=KIND&version=N`: the notice of a publication).
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
    let path = "/admin/agreements";
    let all = match me.a.admin_agreements(&me.s).await {
        Ok(v) => v,
        Err(e) => return refused(tr, &me, path, e, "/cabinet"),
    };
    let kinds = KINDS
        .iter()
        .map(|(kind, signature)| KindBlock {
            kind: kind.to_string(),
            label: kind_label(tr, kind),
            mode: mode_label(tr, if *signature { "SIGNATURE" } else { "CHECKBOX" }),
            versions: all
                .iter()
                .filter(|v| v.kind == *kind)
                .map(|v| VersionRow {
                    version: v.version.clone(),
                    title: title_of(tr, v),
                    published_at: local(&v.published_at),
                    reacceptance: yes_no(tr, v.requires_reacceptance),
                    reacceptance_flag: v.requires_reacceptance,
                    sha256: v.text_sha256.clone(),
                    acceptances: v.acceptances,
                    current: v.current,
                    href: format!("/admin/agreements/{}/{}", seg(&v.kind), seg(&v.version)),
                })
                .collect(),
        })
        .collect();
    let q = query.as_deref();
    let notice = match (query_param(q, "published"), query_param(q, "version")) {
        (Some(kind), Some(version)) => Some(tr.t_args(
            "admp-published",
            &[("kind", kind_label(tr, &kind)), ("version", version)],
        )),
        _ => None,
    };
    render(&ListPage {
        c: Chrome::new(tr, path, query.as_deref()),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        notice,
        kinds,
    })
}

// ---- one version ----

#[derive(Template)]
#[template(path = "admin/agreement.html")]
struct VersionPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    title: String,
    props: Vec<(String, String)>,
    sha256: String,
    current: bool,
    text_kk: String,
    text_ru: String,
}

/// `GET /admin/agreements/{kind}/{version}` — the version with both texts.
async fn page_version(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    Path((kind, version)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let path = format!("/admin/agreements/{}/{}", seg(&kind), seg(&version));
    let d = match me.a.admin_agreement(&me.s, &kind, &version).await {
        Ok(d) => d,
        Err(e) => return refused(tr, &me, &path, e, "/admin/agreements"),
    };
    let v = &d.version;
    let props = vec![
        (tr.t("admp-kind"), kind_label(tr, &v.kind)),
        (tr.t("admp-version"), v.version.clone()),
        (tr.t("admp-title-kk"), v.title_kk.clone()),
        (tr.t("admp-title-ru"), v.title_ru.clone()),
        (tr.t("admp-published-at"), local(&v.published_at)),
        (
            tr.t("admp-reacceptance"),
            yes_no(tr, v.requires_reacceptance),
        ),
        (tr.t("admp-mode"), mode_label(tr, &v.acceptance_mode)),
        (tr.t("admp-current"), yes_no(tr, v.current)),
        (tr.t("admp-acceptances"), v.acceptances.to_string()),
    ];
    render(&VersionPage {
        c: Chrome::new(tr, &path, None),
        user_name: me.user_name(),
        csrf: me.csrf.clone(),
        title: format!("{} · {}", kind_label(tr, &v.kind), v.version),
        props,
        sha256: v.text_sha256.clone(),
        current: v.current,
        text_kk: d.text_kk.clone(),
        text_ru: d.text_ru.clone(),
    })
}

// ---- «Опубликовать новую версию» ----

/// The fields of the publication form as typed.
#[derive(Default)]
struct Typed {
    kind: String,
    version: String,
    title_ru: String,
    title_kk: String,
    text_ru: String,
    text_kk: String,
    requires_reacceptance: bool,
}

impl Typed {
    fn of(f: &Form) -> Typed {
        Typed {
            kind: f.get("kind").to_string(),
            version: f.get("version").to_string(),
            title_ru: f.get("title_ru").to_string(),
            title_kk: f.get("title_kk").to_string(),
            text_ru: f.get("text_ru").to_string(),
            text_kk: f.get("text_kk").to_string(),
            requires_reacceptance: f.flag("requires_reacceptance"),
        }
    }

    fn publication(&self) -> AgreementPublication {
        let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
        AgreementPublication {
            kind: opt(&self.kind),
            version: opt(&self.version),
            title_ru: opt(&self.title_ru),
            title_kk: opt(&self.title_kk),
            text_ru: opt(&self.text_ru),
            text_kk: opt(&self.text_kk),
            requires_reacceptance: self.requires_reacceptance,
        }
    }

    /// The fields carried through the confirmation page.
    fn hidden(&self) -> Vec<(String, String)> {
        let mut h = vec![
            ("kind".to_string(), self.kind.clone()),
            ("version".to_string(), self.version.clone()),
            ("title_ru".to_string(), self.title_ru.clone()),
            ("title_kk".to_string(), self.title_kk.clone()),
            ("text_ru".to_string(), self.text_ru.clone()),
            ("text_kk".to_string(), self.text_kk.clone()),
        ];
        if self.requires_reacceptance {
            h.push(("requires_reacceptance".into(), "on".into()));
        }
        h
    }
}

#[derive(Template)]
#[template(path = "admin/publish.html")]
struct PublishPage {
    c: Chrome,
    user_name: Option<String>,
    csrf: String,
    /// (code, label, selected).
    kinds: Vec<(String, String, bool)>,
    /// The version in force of the chosen kind: (number, title).
    current: Option<(String, String)>,
    typed: Typed,
    error: Option<(String, String)>,
    errors: HashMap<String, String>,
}

/// The publication form with `typed` and the refusal `shown` (the 403 page for anyone else).
async fn publish_form(tr: Tr, me: &Me, typed: Typed, shown: Shown) -> Response {
    let path = "/admin/agreements/publish";
    let all = match me.a.admin_agreements(&me.s).await {
        Ok(v) => v,
        Err(e) => return refused(tr, me, path, e, "/cabinet"),
    };
    let current = all
        .iter()
        .find(|v| v.kind == typed.kind && v.current)
        .map(|v| (v.version.clone(), title_of(tr, v)));
    render_status(
        shown.status,
        &PublishPage {
            c: Chrome::new(tr, path, None),
            user_name: me.user_name(),
            csrf: me.csrf.clone(),
            kinds: KINDS
                .iter()
                .map(|(k, _)| (k.to_string(), kind_label(tr, k), *k == typed.kind))
                .collect(),
            current,
            typed,
            error: shown.error,
            errors: shown.errors,
        },
    )
}

/// `GET /admin/agreements/publish?kind=`.
async fn page_publish(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let typed = Typed {
        kind: query_param(query.as_deref(), "kind").unwrap_or_default(),
        ..Typed::default()
    };
    publish_form(tr, &me, typed, Shown::of(None)).await
}

/// `POST /admin/agreements/publish` — the confirmation page first (publishing cannot be
/// undone); «Да» publishes and lists the kind's versions with the new one current, «Нет»
/// returns to the form with the typed texts. A form without its kind or a text goes straight
/// to the service, whose refusal is shown under the fields (nothing published).
async fn page_publish_post(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (me, f) = match posted(&state, &parts, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let typed = Typed::of(&f);
    let path = "/admin/agreements/publish";
    match f.get("confirm") {
        "yes" => {}
        "no" => return publish_form(tr, &me, typed, Shown::of(None)).await,
        _ if typed.kind.is_empty() || typed.text_ru.is_empty() || typed.text_kk.is_empty() => {}
        _ => {
            // The 403 page comes before the question for anyone else.
            if let Err(e) = me.a.admin_agreements(&me.s).await {
                return refused(tr, &me, path, e, "/cabinet");
            }
            let mut page = ConfirmPage::new(
                tr,
                &me,
                path,
                tr.t("admp-publish"),
                tr.t("admp-publish-question"),
            );
            let mut warning = tr.t("admp-publish-irreversible");
            if typed.requires_reacceptance {
                warning = format!("{warning} {}", tr.t("admp-publish-reaccept-note"));
            }
            page.warning = Some(warning);
            let preview = |t: &str| {
                let mut p: String = t.chars().take(300).collect();
                if t.chars().count() > 300 {
                    p.push('…');
                }
                p
            };
            page.summary = vec![
                (tr.t("admp-kind"), kind_label(tr, &typed.kind)),
                (
                    tr.t("admp-version"),
                    if typed.version.is_empty() {
                        tr.t("admp-version-next")
                    } else {
                        typed.version.clone()
                    },
                ),
                (
                    tr.t("admp-reacceptance"),
                    yes_no(tr, typed.requires_reacceptance),
                ),
                (tr.t("admp-text-kk"), preview(&typed.text_kk)),
                (tr.t("admp-text-ru"), preview(&typed.text_ru)),
            ];
            page.hidden = typed.hidden();
            return render(&page);
        }
    }
    match me
        .a
        .publish_agreement(&me.s, &typed.publication(), &me.origin())
        .await
    {
        Ok(v) => {
            let k: String = form_urlencoded::byte_serialize(v.kind.as_bytes()).collect();
            let n: String = form_urlencoded::byte_serialize(v.version.as_bytes()).collect();
            Redirect::to(&format!("/admin/agreements?published={k}&version={n}")).into_response()
        }
        Err(e) => match outcome(
            tr,
            &me,
            path,
            "/admin/agreements",
            e,
            &[("MSG-AGREEMENT-VERSION-TAKEN", "version")],
        ) {
            Outcome::Form(shown) => publish_form(tr, &me, typed, shown).await,
            Outcome::Page(r) => r,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_3_publication_times_in_almaty_time() {
        assert_eq!(local("2026-01-01T05:00:00+05:00"), "01.01.2026 05:00");
        assert_eq!(local("2026-01-01T00:00:00Z"), "01.01.2026 05:00");
        assert_eq!(local("x"), "x");
    }
}
