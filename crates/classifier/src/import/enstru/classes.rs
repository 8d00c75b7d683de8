//! Classes and sections of an ЕНС ТРУ file: one definition per class and per section from
//! the rows that name them, derived attribute sets, and the attribute rules of §2.3.5.

use super::EnsRow;
use crate::import::apply::EnsSnapshot;
use crate::import::{RowErrors, check_len, json, limits};
use crate::model::{AttributeDef, AttributeValue, EnsClass, EnsSection, ValueType};
use std::collections::{BTreeMap, HashMap};

/// A derived class lists the distinct values of an attribute as suggestions (or enum values)
/// up to this many.
const MAX_DERIVED_VALUES: usize = 50;

/// Classes from the rows: one name and one attribute set per class code; without explicit
/// `class_attributes`, the set is derived from the attribute values of the class's codes.
pub(super) fn assemble_classes(rows: &[EnsRow], errors: &mut RowErrors) -> Vec<EnsClass> {
    let mut by_code: BTreeMap<&str, Vec<&EnsRow>> = BTreeMap::new();
    for r in rows {
        if let Some(c) = &r.code.class_code {
            by_code.entry(c.as_str()).or_default().push(r);
        }
    }
    let mut out = Vec::with_capacity(by_code.len());
    for (code, members) in by_code {
        let name_ru = agree(
            &members,
            "class_name_ru",
            |r| r.class_name_ru.as_ref(),
            errors,
        );
        let name_kk = agree(
            &members,
            "class_name_kk",
            |r| r.class_name_kk.as_ref(),
            errors,
        );
        let explicit = agree(
            &members,
            "class_attributes",
            |r| r.class_attributes.as_ref(),
            errors,
        );
        let Some(name_ru) = name_ru else {
            errors.push(
                members[0].row,
                Some("class_name_ru"),
                "class_name_missing",
                format!("no row names class {code}"),
            );
            continue;
        };
        let attributes = explicit.unwrap_or_else(|| derive_attributes(&members));
        out.push(EnsClass {
            code: code.to_string(),
            name_ru,
            name_kk,
            attributes,
            is_demo: false,
        });
    }
    out
}

/// The one value the rows of a class (or section) give for a column; a different value on a
/// later row is `class_conflict` (`section_conflict`).
fn agree<T: Clone + PartialEq>(
    members: &[&EnsRow],
    column: &'static str,
    get: impl Fn(&EnsRow) -> Option<&T>,
    errors: &mut RowErrors,
) -> Option<T> {
    let reason = if column.starts_with("section") {
        "section_conflict"
    } else {
        "class_conflict"
    };
    let mut found: Option<(&T, usize)> = None;
    for r in members {
        let Some(v) = get(r) else { continue };
        match found {
            None => found = Some((v, r.row)),
            Some((f, row)) if f != v => errors.push(
                r.row,
                Some(column),
                reason,
                format!("differs from row {row} of the same class or section"),
            ),
            Some(_) => {}
        }
    }
    found.map(|(v, _)| v.clone())
}

fn derive_attributes(members: &[&EnsRow]) -> Vec<AttributeDef> {
    let mut order: Vec<&str> = Vec::new();
    let mut values: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in members {
        for AttributeValue { name, value } in &r.code.attributes {
            if !values.contains_key(name.as_str()) {
                order.push(name);
            }
            values.entry(name).or_default().push(value);
        }
    }
    order
        .into_iter()
        .map(|name| {
            let mut vs: Vec<&str> = values.remove(name).unwrap_or_default();
            vs.sort_unstable();
            vs.dedup();
            let value_type = if vs.iter().all(|v| json::is_number_value(v)) {
                ValueType::Number
            } else if vs.len() <= MAX_DERIVED_VALUES {
                ValueType::Enum
            } else {
                ValueType::Text
            };
            let values = if vs.len() <= MAX_DERIVED_VALUES {
                vs.iter().map(|v| v.to_string()).collect()
            } else {
                Vec::new()
            };
            AttributeDef {
                name_ru: name.to_string(),
                name_kk: None,
                value_type,
                unit: None,
                values,
            }
        })
        .collect()
}

pub(super) fn assemble_sections(rows: &[EnsRow], errors: &mut RowErrors) -> Vec<EnsSection> {
    let mut by_code: BTreeMap<&str, Vec<&EnsRow>> = BTreeMap::new();
    for r in rows {
        if let Some(c) = &r.code.section_code {
            by_code.entry(c.as_str()).or_default().push(r);
        }
    }
    let mut out = Vec::with_capacity(by_code.len());
    for (code, members) in by_code {
        let name_ru = agree(
            &members,
            "section_name_ru",
            |r| r.section_name_ru.as_ref(),
            errors,
        );
        let name_kk = agree(
            &members,
            "section_name_kk",
            |r| r.section_name_kk.as_ref(),
            errors,
        );
        match name_ru {
            Some(name_ru) => out.push(EnsSection {
                code: code.to_string(),
                name_ru,
                name_kk,
                is_demo: false,
            }),
            None => errors.push(
                members[0].row,
                Some("section_name_ru"),
                "section_name_missing",
                format!("no row names section {code}"),
            ),
        }
    }
    out
}

/// §2.3.5: a class has at least one attribute with valid definitions; a code's values belong
/// to its class and fit the attribute's type.
pub(super) fn check_class_attributes(s: &EnsSnapshot, rows: &[usize], errors: &mut RowErrors) {
    // Per class: (normalised name, type, normalised enum values) of each attribute.
    type Keys<'a> = Vec<(String, &'a ValueType, Vec<String>)>;
    let norm = kernel::text::normalize_name;
    let classes: HashMap<&str, Keys<'_>> = s
        .classes
        .iter()
        .map(|c| {
            let keys = c
                .attributes
                .iter()
                .map(|d| {
                    let values = if d.value_type == ValueType::Enum {
                        d.values.iter().map(|v| norm(v)).collect()
                    } else {
                        Vec::new()
                    };
                    (norm(&d.name_ru), &d.value_type, values)
                })
                .collect();
            (c.code.as_str(), keys)
        })
        .collect();
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    for (code, row) in s.codes.iter().zip(rows) {
        let Some(cl) = code.class_code.as_deref() else {
            continue;
        };
        first_row.entry(cl).or_insert(*row);
        let Some(keys) = classes.get(cl) else {
            continue;
        };
        for a in &code.attributes {
            let key = norm(&a.name);
            let Some((_, value_type, values)) = keys.iter().find(|(k, _, _)| *k == key) else {
                errors.push(
                    *row,
                    Some("attributes"),
                    "attribute_not_in_class",
                    format!("{:?} is not an attribute of class {cl}", a.name),
                );
                continue;
            };
            let fits = match value_type {
                ValueType::Text => true,
                ValueType::Number => json::is_number_value(&a.value),
                ValueType::Enum => values.contains(&norm(&a.value)),
            };
            if !fits {
                errors.push(
                    *row,
                    Some("attributes"),
                    "attribute_value_invalid",
                    format!("{:?} does not fit {:?} of class {cl}", a.value, a.name),
                );
            }
        }
    }
    for class in &s.classes {
        let row = first_row.get(class.code.as_str()).copied().unwrap_or(0);
        if class.attributes.is_empty() {
            errors.push(
                row,
                Some("class_attributes"),
                "class_without_attributes",
                format!("class {} has no attribute (at least 1, §2.3.5)", class.code),
            );
        }
        for d in &class.attributes {
            if let Err(e) = json::check_def(d) {
                errors.push(row, Some("class_attributes"), "attribute_invalid", e);
            }
        }
        if class.name_ru.trim().is_empty() {
            errors.push(
                row,
                Some("class_name_ru"),
                "name_empty",
                format!("class {} has an empty name", class.code),
            );
        }
        check_len(
            errors,
            row,
            "class_name_ru",
            &class.name_ru,
            limits::CLASS_NAME,
        );
    }
}
