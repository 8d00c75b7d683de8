//! «Контактные данные» (ACC-101): the columns and form fields of the table, its rows, and the
//! service calls that save and delete one (the user's own contacts: no participant).

use super::{Form, Me, Row, code_label};
use crate::i18n::Tr;
use accounts::AccountsError;
use accounts::profile::{CONTACT_KINDS, ContactForm};
use std::collections::HashMap;

/// The form fields in order: (name, label id).
pub(super) const FIELDS: &[(&str, &str)] = &[
    ("kind", "pp-contact-kind"),
    ("value", "pp-contact-value"),
    ("note", "pp-contact-note"),
];

/// The select field, its codes and the prefix of their labels.
pub(super) const CHOICES: (&str, &[&str], &str) = ("kind", CONTACT_KINDS, "pp-kind");

pub(super) async fn rows(me: &Me, tr: Tr) -> Result<Vec<Row>, AccountsError> {
    Ok(me
        .a
        .contacts(&me.s, None)
        .await?
        .into_iter()
        .map(|c| Row {
            id: c.id,
            external: c.source == "EXTERNAL",
            cells: vec![
                code_label(tr, "pp-kind", &c.kind),
                c.value.clone(),
                c.note.clone().unwrap_or_default(),
            ],
            values: HashMap::from([
                ("kind".into(), c.kind),
                ("value".into(), c.value),
                ("note".into(), c.note.unwrap_or_default()),
            ]),
        })
        .collect())
}

pub(super) async fn save(me: &Me, id: Option<i64>, f: &Form) -> Result<(), AccountsError> {
    let form = ContactForm {
        kind: f.opt("kind"),
        value: f.opt("value"),
        note: f.opt("note"),
    };
    me.a.save_contact(&me.s, None, id, &form, &me.origin())
        .await
        .map(|_| ())
}

pub(super) async fn delete(me: &Me, id: i64) -> Result<(), AccountsError> {
    me.a.delete_contact(&me.s, None, id, &me.origin()).await
}
