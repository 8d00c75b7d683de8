//! The ЕНС ТРУ import layout: reading rows into an [`EnsSnapshot`] and the checks of every
//! row and across rows (§2.3.4–§2.3.7). The layout is documented in `docs/import-formats.md`.

mod classes;

use super::apply::EnsSnapshot;
use super::table::{FileFormat, ImportLimits, TableEvent, read_table};
use super::{
    Columns, ImportPhase, ImportProgress, RowError, RowErrors, check_len, json, limits, non_empty,
    split_list,
};
use crate::ClassifierError;
use crate::model::{
    AttributeDef, ClassifierKind, CodeReplacement, CodeStatus, CodeVersion, EnsCode, EnsCodeStr,
    SubjectType, normalize_kpved,
};
use classes::{assemble_classes, assemble_sections, check_class_attributes};
use std::collections::{HashMap, HashSet};

/// The columns of an ЕНС ТРУ file, in the documented order.
pub const ENSTRU_COLUMNS: &[&str] = &[
    "code",
    "version",
    "type",
    "name_ru",
    "name_kk",
    "characteristics",
    "kpved",
    "section",
    "section_name_ru",
    "section_name_kk",
    "class",
    "class_name_ru",
    "class_name_kk",
    "class_attributes",
    "attributes",
    "units",
    "synonyms",
    "replaces",
    "status",
];

const REQUIRED: &[&str] = &["code", "type", "name_ru", "kpved"];

/// One parsed row: the code plus what the row says about its class, section and
/// replacements.
pub(super) struct EnsRow {
    pub(super) row: usize,
    pub(super) code: EnsCode,
    pub(super) class_name_ru: Option<String>,
    pub(super) class_name_kk: Option<String>,
    pub(super) class_attributes: Option<Vec<AttributeDef>>,
    pub(super) section_name_ru: Option<String>,
    pub(super) section_name_kk: Option<String>,
    pub(super) replaces: Vec<EnsCodeStr>,
}

/// Reads and validates an ЕНС ТРУ file. All rows are checked; any invalid row makes the
/// result [`ClassifierError::ImportInvalid`] with the list of errors.
pub fn read_enstru_file(
    bytes: &[u8],
    format: FileFormat,
    limits: ImportLimits,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<EnsSnapshot, ClassifierError> {
    let report = |phase, done, total| {
        progress(ImportProgress {
            kind: ClassifierKind::Enstru,
            phase,
            done,
            total,
        })
    };
    let mut cols: Option<Columns> = None;
    let mut errors = RowErrors::default();
    let mut rows: Vec<EnsRow> = Vec::new();
    read_table(bytes, format, limits, &mut |event| {
        match event {
            TableEvent::Header(header) => {
                cols = Some(Columns::from_header(header, ENSTRU_COLUMNS, REQUIRED)?)
            }
            TableEvent::Row(n, cells) => {
                if let Some(c) = &cols
                    && let Some(r) = parse_row(c, n, cells, &mut errors)
                {
                    rows.push(r);
                    if rows.len().is_multiple_of(50_000) {
                        report(ImportPhase::Reading, rows.len() as u64, 0);
                    }
                }
            }
        }
        Ok(())
    })?;
    report(ImportPhase::Validating, 0, rows.len() as u64);
    let rows = drop_duplicates(rows, &mut errors);
    check_replacement_targets(&rows, &mut errors);
    let classes = assemble_classes(&rows, &mut errors);
    let sections = assemble_sections(&rows, &mut errors);
    let mut replacements: Vec<CodeReplacement> = Vec::new();
    let mut row_of: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    let mut codes = Vec::with_capacity(rows.len());
    for r in rows {
        for other in &r.replaces {
            replacements.push(pair(&r.code.code, other.as_str()));
        }
        row_of.insert(r.code.code.clone(), r.row);
        codes.push(r.code);
    }
    replacements.sort();
    replacements.dedup();
    codes.sort_by(|a, b| a.code.cmp(&b.code));
    let snapshot = EnsSnapshot {
        codes,
        classes,
        sections,
        replacements,
    };
    let rows: Vec<usize> = snapshot
        .codes
        .iter()
        .map(|c| row_of.get(&c.code).copied().unwrap_or(0))
        .collect();
    check_class_attributes(&snapshot, &rows, &mut errors);
    report(
        ImportPhase::Validating,
        snapshot.codes.len() as u64,
        snapshot.codes.len() as u64,
    );
    errors.into_result(snapshot)
}

/// Checks a snapshot built in code (the demo, fixtures) with the same rules as a file; the
/// row of a code is its index + 2, as if it came from a file with a header.
pub fn validate_enstru_snapshot(s: &EnsSnapshot) -> Vec<RowError> {
    let mut errors = RowErrors::default();
    let rows: Vec<usize> = (0..s.codes.len()).map(|i| i + 2).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (code, row) in s.codes.iter().zip(&rows) {
        check_code_content(code, *row, &mut errors);
        if let Some(first) = seen.insert(&code.code, *row) {
            errors.push(
                *row,
                Some("code"),
                "code_duplicate",
                format!("{} is also on row {first}", code.code),
            );
        }
        if EnsCodeStr::parse(&code.code).map(|c| c.version()).ok() != Some(code.version) {
            errors.push(
                *row,
                Some("code"),
                "code_wrong_length",
                format!("{} is not a {:?} code", code.code, code.version),
            );
        }
    }
    let classes: HashSet<&str> = s.classes.iter().map(|c| c.code.as_str()).collect();
    let sections: HashSet<&str> = s.sections.iter().map(|c| c.code.as_str()).collect();
    for (code, row) in s.codes.iter().zip(&rows) {
        if let Some(cl) = &code.class_code
            && !classes.contains(cl.as_str())
        {
            errors.push(
                *row,
                Some("class"),
                "class_unknown",
                format!("class {cl} is not defined"),
            );
        }
        if let Some(sec) = &code.section_code
            && !sections.contains(sec.as_str())
        {
            errors.push(
                *row,
                Some("section"),
                "section_unknown",
                format!("section {sec} is not defined"),
            );
        }
    }
    let version_of: HashMap<&str, CodeVersion> = s
        .codes
        .iter()
        .map(|c| (c.code.as_str(), c.version))
        .collect();
    for (i, p) in s.replacements.iter().enumerate() {
        let ok = version_of.get(p.code_v15.as_str()) == Some(&CodeVersion::V15)
            && version_of.get(p.code_v30.as_str()) == Some(&CodeVersion::V30);
        if !ok {
            errors.push(
                i + 2,
                Some("replaces"),
                "replacement_unknown",
                format!("{} ↔ {}", p.code_v15, p.code_v30),
            );
        }
    }
    check_class_attributes(s, &rows, &mut errors);
    errors.into_list()
}

fn pair(a: &str, b: &str) -> CodeReplacement {
    if a.len() == 15 {
        CodeReplacement {
            code_v15: a.to_string(),
            code_v30: b.to_string(),
        }
    } else {
        CodeReplacement {
            code_v15: b.to_string(),
            code_v30: a.to_string(),
        }
    }
}

/// Reads the code cell, telling a wrong length from other malformations.
fn parse_code(cell: &str, row: usize, errors: &mut RowErrors) -> Option<EnsCodeStr> {
    if cell.is_empty() {
        errors.push(row, Some("code"), "value_required", "the code is empty");
        return None;
    }
    match EnsCodeStr::parse(cell) {
        Ok(c) => Some(c),
        Err(_) if cell.bytes().all(|b| b.is_ascii_digit()) => {
            let n = cell.len();
            errors.push(
                row,
                Some("code"),
                "code_wrong_length",
                format!("{n} digits; a code has exactly 15 or 30"),
            );
            None
        }
        Err(_) => {
            errors.push(
                row,
                Some("code"),
                "code_malformed",
                format!("{cell:?} is not 15 or 30 digits nor the form XXXXXX.XXX.XXXXXX"),
            );
            None
        }
    }
}

fn parse_row(
    cols: &Columns,
    row: usize,
    cells: &[String],
    errors: &mut RowErrors,
) -> Option<EnsRow> {
    let get = |name: &str| cols.get(cells, name);
    let code = parse_code(get("code"), row, errors);
    let version_cell = get("version");
    if let Some(c) = &code
        && !version_cell.is_empty()
    {
        let v = version_cell.trim_start_matches(['V', 'v']);
        if v != c.version().length().to_string() {
            errors.push(
                row,
                Some("version"),
                "version_mismatch",
                format!(
                    "version {version_cell} but the code has {} digits",
                    c.version().length()
                ),
            );
        }
    }
    let subject_type = match SubjectType::parse(get("type")) {
        Some(t) => t,
        None => {
            errors.push(
                row,
                Some("type"),
                "type_unknown",
                format!(
                    "{:?} is not goods/works/services (Товары/Работы/Услуги)",
                    get("type")
                ),
            );
            SubjectType::Goods
        }
    };
    let kpved = match normalize_kpved(get("kpved")) {
        Some(k) => k,
        None if get("kpved").is_empty() => {
            errors.push(
                row,
                Some("kpved"),
                "value_required",
                "the КПВЭД code is empty",
            );
            String::new()
        }
        None => {
            errors.push(
                row,
                Some("kpved"),
                "kpved_malformed",
                format!(
                    "{:?} is not a КПВЭД code like 24.20 or 24.20.12",
                    get("kpved")
                ),
            );
            String::new()
        }
    };
    let status = if get("status").is_empty() {
        CodeStatus::Active
    } else {
        CodeStatus::parse(get("status")).unwrap_or_else(|| {
            errors.push(
                row,
                Some("status"),
                "status_unknown",
                format!("{:?} is not active/archived", get("status")),
            );
            CodeStatus::Active
        })
    };
    let attributes = json::attribute_values(get("attributes")).unwrap_or_else(|e| {
        errors.push(row, Some("attributes"), "json_invalid", e);
        Vec::new()
    });
    let class_attributes = match json::attribute_defs(get("class_attributes")) {
        Ok(d) if d.is_empty() => None,
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(row, Some("class_attributes"), "json_invalid", e);
            None
        }
    };
    let class_code = non_empty(get("class"));
    if class_code.is_none() && !attributes.is_empty() {
        errors.push(
            row,
            Some("attributes"),
            "attribute_without_class",
            "attribute values need a class",
        );
    }
    let replaces = parse_replaces(get("replaces"), code.as_ref(), row, errors);
    let ens = EnsCode {
        version: code.as_ref().map_or(CodeVersion::V15, EnsCodeStr::version),
        code: code
            .as_ref()
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        subject_type,
        name_ru: get("name_ru").to_string(),
        name_kk: non_empty(get("name_kk")),
        characteristics: non_empty(get("characteristics")),
        kpved,
        section_code: non_empty(get("section")),
        class_code,
        attributes,
        units: split_list(get("units")),
        synonyms: split_list(get("synonyms")),
        status,
        is_demo: false,
    };
    check_code_content(&ens, row, errors);
    check_len(
        errors,
        row,
        "class_name_kk",
        get("class_name_kk"),
        limits::CLASS_NAME,
    );
    check_len(
        errors,
        row,
        "section_name_ru",
        get("section_name_ru"),
        limits::SECTION_NAME,
    );
    check_len(
        errors,
        row,
        "section_name_kk",
        get("section_name_kk"),
        limits::SECTION_NAME,
    );
    code.as_ref()?;
    Some(EnsRow {
        row,
        code: ens,
        class_name_ru: non_empty(get("class_name_ru")),
        class_name_kk: non_empty(get("class_name_kk")),
        class_attributes,
        section_name_ru: non_empty(get("section_name_ru")),
        section_name_kk: non_empty(get("section_name_kk")),
        replaces,
    })
}

fn parse_replaces(
    cell: &str,
    code: Option<&EnsCodeStr>,
    row: usize,
    errors: &mut RowErrors,
) -> Vec<EnsCodeStr> {
    let mut out = Vec::new();
    for item in split_list(cell) {
        match EnsCodeStr::parse(&item) {
            Ok(other) if code.is_some_and(|c| c.version() == other.version()) => errors.push(
                row,
                Some("replaces"),
                "replacement_same_version",
                format!("{item} has the same length as the code; replacements are codes of the other version"),
            ),
            Ok(other) => out.push(other),
            Err(_) => errors.push(row, Some("replaces"), "code_malformed", format!("{item:?} is not a code")),
        }
    }
    out
}

/// Rules of one code's own values (§2.3.6 limits, §2.3.4 section code, МКЕИ codes).
fn check_code_content(c: &EnsCode, row: usize, errors: &mut RowErrors) {
    if c.name_ru.trim().is_empty() {
        errors.push(
            row,
            Some("name_ru"),
            "name_empty",
            "the Russian name is empty",
        );
    }
    check_len(errors, row, "name_ru", &c.name_ru, limits::ENS_NAME);
    check_len(
        errors,
        row,
        "name_kk",
        c.name_kk.as_deref().unwrap_or(""),
        limits::ENS_NAME,
    );
    check_len(
        errors,
        row,
        "characteristics",
        c.characteristics.as_deref().unwrap_or(""),
        limits::CHARACTERISTICS,
    );
    if !c.kpved.is_empty() && normalize_kpved(&c.kpved).as_deref() != Some(c.kpved.as_str()) {
        errors.push(
            row,
            Some("kpved"),
            "kpved_malformed",
            format!("{:?} is not a dotted КПВЭД code", c.kpved),
        );
    }
    if let Some(cl) = &c.class_code {
        check_len(errors, row, "class", cl, limits::CODE_REF);
    }
    if let Some(s) = &c.section_code {
        let digits = s.bytes().all(|b| b.is_ascii_digit());
        if !digits || s.len() < 4 || s.len() > limits::CODE_REF {
            errors.push(
                row,
                Some("section"),
                "section_malformed",
                format!("{s:?}: a section code is 4 to 30 digits"),
            );
        }
    }
    for u in &c.units {
        if u.len() > limits::UNIT_CODE || !u.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(
                row,
                Some("units"),
                "unit_malformed",
                format!("{u:?} is not a МКЕИ code (digits)"),
            );
        }
    }
    for s in &c.synonyms {
        check_len(errors, row, "synonyms", s, limits::SYNONYM);
    }
}

/// Keeps the first row of each code and reports the others.
fn drop_duplicates(rows: Vec<EnsRow>, errors: &mut RowErrors) -> Vec<EnsRow> {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(f) = first.get(&r.code.code) {
            errors.push(
                r.row,
                Some("code"),
                "code_duplicate",
                format!("{} is also on row {f}", r.code.code),
            );
            continue;
        }
        first.insert(r.code.code.clone(), r.row);
        out.push(r);
    }
    out
}

/// A replacement must name a code of the file: the file is the whole classifier.
fn check_replacement_targets(rows: &[EnsRow], errors: &mut RowErrors) {
    let codes: HashSet<&str> = rows.iter().map(|r| r.code.code.as_str()).collect();
    for r in rows {
        for other in &r.replaces {
            if !codes.contains(other.as_str()) {
                errors.push(
                    r.row,
                    Some("replaces"),
                    "replacement_unknown",
                    format!("{other} is not a code of this file"),
                );
            }
        }
    }
}
