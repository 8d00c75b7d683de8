//! «Родительская организация» of the Appendix 1 form ([`super::organisations`]): a search over
//! the organisations of the list (name words or БИН, the list's own search), a text field with
//! a `<datalist>` of the matches. Without JavaScript «Найти» posts the form, which comes back
//! with the typed values and the matches (nothing saved); with it, htmx fills the datalist while
//! the user types from `GET /ens/admin/organisations/parents?parent_participant_id=` (its
//! `<option>`s). «Сохранить» takes the organisation the text names — its БИН, or the only match
//! — and an unknown or ambiguous text is a message under the field, nothing saved (the service
//! then checks the parent as always: it exists, and no cycle).

use super::organisations::LIST;
use super::refused;
use crate::i18n::Tr;
use crate::page::render;
use crate::routes::visitor::{Form, Me, me};
use crate::state::AppState;
use accounts::AccountsError;
use accounts::ens::EnsOrganisation;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::response::Response;
use kernel::PageRequest;
use std::collections::HashMap;
use std::sync::Arc;

/// The field of «Родительская организация» (its text: a name, a БИН, or «name (БИН)»).
pub(super) const PARENT: &str = "parent_participant_id";
/// The matches a search shows.
const PARENT_MATCHES: u32 = 20;

/// An organisation as the parent field shows it: «name (БИН)».
pub(super) fn parent_label(o: &EnsOrganisation) -> String {
    format!("{} ({})", o.name, o.bin)
}

/// What a typed parent names.
#[derive(Debug, PartialEq)]
enum Parent {
    /// Nothing typed.
    None,
    /// One organisation of the list: (participant id, label).
    Found(String, String),
    /// No organisation of the list.
    Unknown,
    /// Several, and the text tells none of them apart.
    Ambiguous,
}

/// The organisations of the list the text names (the list's search: every word of the name or
/// the БИН; the first ones for an empty text), as (participant id, label), and their number.
pub(super) async fn parent_matches(me: &Me, text: &str) -> Result<Matches, AccountsError> {
    let page = PageRequest {
        page: 1,
        per_page: PARENT_MATCHES,
    };
    let found = me.a.ens_organisations(&me.s, text, &page).await?;
    Ok((
        found.total,
        found
            .items
            .iter()
            .map(|o| (o.participant_id.clone(), parent_label(o)))
            .collect(),
    ))
}

/// The БИНs written in a text (runs of exactly 12 digits).
fn bins_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 12)
        .collect()
}

/// The matches of a parent search: how many, and the first ones as (participant id, label).
pub(super) type Matches = (i64, Vec<(String, String)>);

/// Which organisation of the list a typed parent names, and the matches to offer: a
/// participant id of the list as it is (a form of an older page); a БИН in the text picks its
/// organisation; otherwise the only match, or the match whose label is the text.
async fn resolve_parent(me: &Me, text: &str) -> Result<(Parent, Matches), AccountsError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok((Parent::None, parent_matches(me, "").await?));
    }
    if kernel::text::match_keys(text).is_empty() {
        return Ok((Parent::Unknown, (0, Vec::new())));
    }
    if text.starts_with("prt_")
        && let Ok(o) = me.a.ens_organisation(&me.s, text).await
    {
        let found = (o.participant_id.clone(), parent_label(&o));
        return Ok((
            Parent::Found(found.0.clone(), found.1.clone()),
            (1, vec![found]),
        ));
    }
    let (total, matches) = parent_matches(me, text).await?;
    let bins = bins_in(text);
    let by_bin: Vec<&(String, String)> = matches
        .iter()
        .filter(|(_, label)| bins.iter().any(|b| label.ends_with(&format!("({b})"))))
        .collect();
    let chosen = match (by_bin.as_slice(), total) {
        ([one], _) => Some(*one),
        (_, 1) => matches.first(),
        _ => matches.iter().find(|(_, label)| label == text),
    };
    let parent = match chosen {
        Some((id, label)) => Parent::Found(id.clone(), label.clone()),
        None if total == 0 => Parent::Unknown,
        None => Parent::Ambiguous,
    };
    Ok((parent, (total, matches)))
}

/// The parent field of a form page: the datalist's matches (never the organisation itself),
/// the note of «Найти» and the field's message.
#[derive(Default)]
pub(super) struct ParentChoice {
    pub options: Vec<(String, String)>,
    pub note: Option<String>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "ens_admin/parent_options.html")]
struct ParentOptions {
    options: Vec<(String, String)>,
}

/// `GET /ens/admin/organisations/parents?parent_participant_id=&exclude=` — the `<option>`s of
/// the parent datalist for the typed text (htmx swaps them in while the user types).
pub(super) async fn page_parents(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(query): RawQuery,
    parts: Parts,
) -> Response {
    let me = match me(&state, &parts).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let q = query.as_deref();
    let text = crate::routes::visitor::query_param(q, PARENT).unwrap_or_default();
    let exclude = crate::routes::visitor::query_param(q, "exclude").unwrap_or_default();
    match resolve_parent(&me, &text).await {
        Ok((parent, (_, mut options))) => {
            if let Parent::Found(id, label) = parent
                && !options.iter().any(|(o, _)| *o == id)
            {
                options.insert(0, (id, label));
            }
            options.retain(|(id, _)| *id != exclude);
            render(&ParentOptions { options })
        }
        Err(e) => refused(tr, &me, &format!("{LIST}/parents"), e, LIST),
    }
}

/// The parent of a posted form: the participant id for the service, the form's values with the
/// label of the organisation found, and the field as the page shows it. An unknown or ambiguous
/// text goes to the service as it is (its check refuses it, with every other field error) and
/// the page says why under the field.
pub(super) async fn posted_parent(
    tr: Tr,
    me: &Me,
    f: &Form,
    values: &mut HashMap<&'static str, String>,
    finding: bool,
) -> Result<(Option<String>, ParentChoice), AccountsError> {
    let text = f.get(PARENT);
    let (parent, (total, options)) = resolve_parent(me, text).await?;
    let mut choice = ParentChoice {
        note: finding.then(|| tr.n("ensa-found", total.max(0) as u64)),
        options,
        error: None,
    };
    let id = match parent {
        Parent::None => None,
        Parent::Found(id, label) => {
            values.insert(PARENT, label);
            Some(id)
        }
        Parent::Unknown | Parent::Ambiguous if finding => None,
        Parent::Unknown => {
            choice.error = Some(tr.t("ensa-parent-unknown"));
            Some(text.to_string())
        }
        Parent::Ambiguous => {
            choice.error = Some(tr.t("ensa-parent-ambiguous"));
            Some(text.to_string())
        }
    };
    Ok((id, choice))
}
