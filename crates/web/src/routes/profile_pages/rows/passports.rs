//! «Паспортные данные» (ACC-100): the columns and form fields of the table, its rows, and the
//! service calls that save and delete one.

use super::{Form, Me, Row, code_label, dmy};
use crate::i18n::Tr;
use accounts::AccountsError;
use accounts::profile::{DOC_TYPES, IdentityDocumentForm};
use std::collections::HashMap;

/// The form fields in order: (name, label id).
pub(super) const FIELDS: &[(&str, &str)] = &[
    ("doc_type", "pp-doc-type"),
    ("number", "pp-doc-number"),
    ("issue_date", "pp-doc-issue-date"),
    ("expiry_date", "pp-doc-expiry-date"),
    ("issuer", "pp-doc-issuer"),
];

/// The select field, its codes and the prefix of their labels.
pub(super) const CHOICES: (&str, &[&str], &str) = ("doc_type", DOC_TYPES, "pp-doc");

pub(super) async fn rows(me: &Me, tr: Tr) -> Result<Vec<Row>, AccountsError> {
    Ok(me
        .a
        .identity_documents(&me.s)
        .await?
        .into_iter()
        .map(|d| Row {
            id: d.id,
            external: d.source == "EXTERNAL",
            cells: vec![
                code_label(tr, "pp-doc", &d.doc_type),
                d.number.clone(),
                dmy(&d.issue_date),
                d.expiry_date.as_deref().map(dmy).unwrap_or_default(),
                d.issuer.clone(),
            ],
            values: HashMap::from([
                ("doc_type".into(), d.doc_type),
                ("number".into(), d.number),
                ("issue_date".into(), dmy(&d.issue_date)),
                (
                    "expiry_date".into(),
                    d.expiry_date.as_deref().map(dmy).unwrap_or_default(),
                ),
                ("issuer".into(), d.issuer),
            ]),
        })
        .collect())
}

pub(super) async fn save(me: &Me, id: Option<i64>, f: &Form) -> Result<(), AccountsError> {
    let form = IdentityDocumentForm {
        doc_type: f.opt("doc_type"),
        number: f.opt("number"),
        issue_date: f.opt("issue_date"),
        expiry_date: f.opt("expiry_date"),
        issuer: f.opt("issuer"),
    };
    me.a.save_identity_document(&me.s, id, &form, &me.origin())
        .await
        .map(|_| ())
}

pub(super) async fn delete(me: &Me, id: i64) -> Result<(), AccountsError> {
    me.a.delete_identity_document(&me.s, id, &me.origin()).await
}
