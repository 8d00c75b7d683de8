//! The ОКТРУ import layout: reading rows into an [`OktruSnapshot`] with the checks of §2.2.2
//! and the strict four levels (CAT-18, G-20). The layout is documented in
//! `docs/import-formats.md`.

use super::apply::OktruSnapshot;
use super::table::{FileFormat, ImportLimits, TableEvent, read_table};
use super::{
    Columns, ImportPhase, ImportProgress, RowError, RowErrors, check_len, json, limits, non_empty,
};
use crate::ClassifierError;
use crate::model::{ClassifierKind, OktruCode, OktruLevel, OktruNode};
use std::collections::HashMap;

/// The columns of an ОКТРУ file, in the documented order.
pub const OKTRU_COLUMNS: &[&str] = &[
    "code",
    "parent_code",
    "level",
    "name_ru",
    "name_kk",
    "attributes",
    "tnved",
];

const REQUIRED: &[&str] = &["code", "level", "name_ru"];

/// Reads and validates an ОКТРУ file; any invalid row makes the result
/// [`ClassifierError::ImportInvalid`].
pub fn read_oktru_file(
    bytes: &[u8],
    format: FileFormat,
    limits: ImportLimits,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<OktruSnapshot, ClassifierError> {
    let report = |phase, done, total| {
        progress(ImportProgress {
            kind: ClassifierKind::Oktru,
            phase,
            done,
            total,
        })
    };
    let mut cols: Option<Columns> = None;
    let mut errors = RowErrors::default();
    let mut nodes: Vec<(usize, OktruNode)> = Vec::new();
    read_table(bytes, format, limits, &mut |event| {
        match event {
            TableEvent::Header(header) => {
                cols = Some(Columns::from_header(header, OKTRU_COLUMNS, REQUIRED)?)
            }
            TableEvent::Row(n, cells) => {
                if let Some(c) = &cols
                    && let Some(r) = parse_row(c, n, cells, &mut errors)
                {
                    nodes.push((n, r));
                    if nodes.len().is_multiple_of(50_000) {
                        report(ImportPhase::Reading, nodes.len() as u64, 0);
                    }
                }
            }
        }
        Ok(())
    })?;
    report(ImportPhase::Validating, 0, nodes.len() as u64);
    check_tree(&nodes, &mut errors);
    let mut first: HashMap<String, ()> = HashMap::with_capacity(nodes.len());
    let mut out: Vec<OktruNode> = Vec::with_capacity(nodes.len());
    for (_, n) in nodes {
        if first.insert(n.code.clone(), ()).is_none() {
            out.push(n);
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    report(ImportPhase::Validating, out.len() as u64, out.len() as u64);
    errors.into_result(OktruSnapshot { nodes: out })
}

/// Checks a snapshot built in code with the same rules as a file (row = index + 2).
pub fn validate_oktru_snapshot(s: &OktruSnapshot) -> Vec<RowError> {
    let mut errors = RowErrors::default();
    let nodes: Vec<(usize, OktruNode)> = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (i + 2, n.clone()))
        .collect();
    for (row, n) in &nodes {
        match OktruCode::parse(&n.code) {
            Ok(code) => {
                check_structure(&code, n.level, n.parent_code.as_deref(), *row, &mut errors)
            }
            Err(_) => errors.push(
                *row,
                Some("code"),
                "code_malformed",
                format!("{:?}", n.code),
            ),
        }
        check_content(n, *row, &mut errors);
    }
    check_tree(&nodes, &mut errors);
    errors.into_list()
}

fn parse_row(
    cols: &Columns,
    row: usize,
    cells: &[String],
    errors: &mut RowErrors,
) -> Option<OktruNode> {
    let get = |name: &str| cols.get(cells, name);
    let code = if get("code").is_empty() {
        errors.push(row, Some("code"), "value_required", "the code is empty");
        None
    } else {
        OktruCode::parse(get("code"))
            .map_err(|_| {
                errors.push(
                    row,
                    Some("code"),
                    "code_malformed",
                    format!("{:?} is not NNNN[.NNNN[.NNNN[.NNNNNNNNN]]]", get("code")),
                )
            })
            .ok()
    };
    let level = OktruLevel::parse(get("level"));
    if level.is_none() {
        errors.push(
            row,
            Some("level"),
            "level_unknown",
            format!(
                "{:?} is not category/group/class/kind (Категория/Группа/Класс/Вид)",
                get("level")
            ),
        );
    }
    let attributes = json::attribute_defs(get("attributes")).unwrap_or_else(|e| {
        errors.push(row, Some("attributes"), "json_invalid", e);
        Vec::new()
    });
    let parent_cell = non_empty(get("parent_code"));
    if let (Some(code), Some(level)) = (&code, level) {
        check_structure(code, level, parent_cell.as_deref(), row, errors);
    }
    let node = OktruNode {
        code: code
            .as_ref()
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        level: level.unwrap_or(OktruLevel::Kind),
        parent_code: code
            .as_ref()
            .and_then(OktruCode::parent)
            .map(|p| p.as_str().to_string()),
        name_ru: get("name_ru").to_string(),
        name_kk: non_empty(get("name_kk")),
        attributes,
        tnved: non_empty(get("tnved")),
        is_demo: false,
    };
    check_content(&node, row, errors);
    (code.is_some() && level.is_some()).then_some(node)
}

/// The level is the code's segment count, and the parent is the code without its last
/// segment (strict levels, CAT-18).
fn check_structure(
    code: &OktruCode,
    level: OktruLevel,
    parent_cell: Option<&str>,
    row: usize,
    errors: &mut RowErrors,
) {
    if code.level() != level {
        errors.push(
            row,
            Some("level"),
            "level_mismatch",
            format!(
                "{code} has {} segment(s), so its level is {}, not {}",
                code.level().depth(),
                code.level().as_str(),
                level.as_str()
            ),
        );
    }
    let derived = code.parent();
    if let Some(given) = parent_cell
        && derived.as_ref().map(OktruCode::as_str) != Some(given.trim())
    {
        let expected = derived.map_or_else(
            || "none (a category has no parent)".to_string(),
            |p| p.to_string(),
        );
        errors.push(
            row,
            Some("parent_code"),
            "parent_mismatch",
            format!("the parent of {code} is {expected}, not {given}"),
        );
    }
}

fn check_content(n: &OktruNode, row: usize, errors: &mut RowErrors) {
    if n.name_ru.trim().is_empty() {
        errors.push(
            row,
            Some("name_ru"),
            "name_empty",
            "the Russian name is empty",
        );
    }
    check_len(errors, row, "name_ru", &n.name_ru, limits::OKTRU_NAME);
    check_len(
        errors,
        row,
        "name_kk",
        n.name_kk.as_deref().unwrap_or(""),
        limits::OKTRU_NAME,
    );
    check_len(
        errors,
        row,
        "tnved",
        n.tnved.as_deref().unwrap_or(""),
        limits::TNVED,
    );
    if !n.attributes.is_empty() && n.level != OktruLevel::Class {
        errors.push(
            row,
            Some("attributes"),
            "attributes_not_allowed",
            "only classes have an attribute set",
        );
    }
    for d in &n.attributes {
        if let Err(e) = json::check_def(d) {
            errors.push(row, Some("attributes"), "attribute_invalid", e);
        }
    }
}

/// Duplicates, and every parent present in the file (the file is the whole classifier: a
/// parent left out of it would be removed by this import).
fn check_tree(nodes: &[(usize, OktruNode)], errors: &mut RowErrors) {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(nodes.len());
    for (row, n) in nodes {
        if let Some(f) = first.get(n.code.as_str()) {
            errors.push(
                *row,
                Some("code"),
                "code_duplicate",
                format!("{} is also on row {f}", n.code),
            );
        } else {
            first.insert(&n.code, *row);
        }
    }
    for (row, n) in nodes {
        if let Some(p) = &n.parent_code
            && !first.contains_key(p.as_str())
        {
            errors.push(
                *row,
                Some("parent_code"),
                "parent_missing",
                format!("the parent {p} is not in the file"),
            );
        }
    }
}
