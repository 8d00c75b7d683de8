//! The rows of each dictionary, built from its source files: parents, levels, names and
//! `extra` (the tree rules are listed in the parent module's doc).

use super::{
    BANKS, BANKS_HISTORICAL, KATO, KBE, KPVED, KSE, NewEntry, OKED, OKEI_GROUPS, OKEI_SECTIONS,
    OKEI_UOMS, SourceFile, TNVED_CHAPTERS, TNVED_CODES, TNVED_HEADINGS, TNVED_SECTIONS,
    UNECE_REC20, format_error, non_empty, read,
};
use crate::RefdataError;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The parent to store: the declared one if it exists, otherwise its longest existing prefix
/// (trailing dots dropped), otherwise none. The second value is the declared parent whenever it
/// was not used, for `extra.source_parent`.
fn resolve_parent(declared: &str, codes: &HashSet<&str>) -> (Option<String>, Option<String>) {
    let declared = declared.trim();
    if declared.is_empty() {
        return (None, None);
    }
    if codes.contains(declared) {
        return (Some(declared.to_string()), None);
    }
    let mut prefix = declared;
    while let Some((cut, _)) = prefix.char_indices().last() {
        prefix = prefix[..cut].trim_end_matches('.');
        if codes.contains(prefix) {
            return (Some(prefix.to_string()), Some(declared.to_string()));
        }
    }
    (None, Some(declared.to_string()))
}

#[derive(Deserialize)]
struct KatoRow {
    kato: String,
    kato_version: String,
    level: String,
    type_code: String,
    name_ru: String,
    name_kk: String,
}

/// The parent of a КАТО code AB-CD-EF-HHH: the nearest existing code among AB-CD-EF-000,
/// AB-CD-00-000 and AB-00-00-000. `code` is 9 ASCII digits (checked by [`kato`]).
fn kato_parent(code: &str, codes: &HashSet<&str>) -> Option<String> {
    let (ab, cd, ef, hhh) = (&code[0..2], &code[2..4], &code[4..6], &code[6..9]);
    let mut candidates = Vec::with_capacity(3);
    if hhh != "000" {
        candidates.push(format!("{ab}{cd}{ef}000"));
    }
    if ef != "00" {
        candidates.push(format!("{ab}{cd}00000"));
    }
    if cd != "00" {
        candidates.push(format!("{ab}0000000"));
    }
    candidates.into_iter().find(|c| codes.contains(c.as_str()))
}

pub(super) fn kato() -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<KatoRow> = read(&KATO)?;
    for (i, r) in rows.iter().enumerate() {
        if r.kato.len() != 9 || !r.kato.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format_error(
                &KATO,
                i + 1,
                format!("КАТО code {:?} is not 9 digits", r.kato),
            ));
        }
    }
    let codes: HashSet<&str> = rows.iter().map(|r| r.kato.as_str()).collect();
    Ok(rows
        .iter()
        .map(|r| {
            NewEntry::new(&r.kato, r.name_ru.trim())
                .parent(kato_parent(&r.kato, &codes))
                .level(&r.level)
                .kk(&r.name_kk)
                .text("kato_version", &r.kato_version)
                .text("type_code", &r.type_code)
        })
        .collect())
}

#[derive(Deserialize)]
struct OkedRow {
    code: String,
    level: String,
    level_ru: String,
    parent: String,
    section: String,
    name_ru: String,
    description_ru: String,
}

pub(super) fn oked() -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<OkedRow> = read(&OKED)?;
    let codes: HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    Ok(rows
        .iter()
        .map(|r| {
            let (parent, declared) = resolve_parent(&r.parent, &codes);
            let mut e = NewEntry::new(r.code.trim(), r.name_ru.trim())
                .parent(parent)
                .level(&r.level)
                .text("level_ru", &r.level_ru)
                .text("section", &r.section)
                .text("description_ru", &r.description_ru);
            if let Some(d) = declared {
                e = e.text("source_parent", &d);
            }
            e
        })
        .collect())
}

#[derive(Deserialize)]
struct KpvedRow {
    code: String,
    level: String,
    parent: String,
    section: String,
    name_ru: String,
}

pub(super) fn kpved() -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<KpvedRow> = read(&KPVED)?;
    let codes: HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    Ok(rows
        .iter()
        .map(|r| {
            let (parent, declared) = resolve_parent(&r.parent, &codes);
            let mut e = NewEntry::new(r.code.trim(), r.name_ru.trim())
                .parent(parent)
                .level(&r.level)
                .text("section", &r.section);
            if let Some(d) = declared {
                e = e.text("source_parent", &d);
            }
            e
        })
        .collect())
}

#[derive(Deserialize)]
struct TnvedSection {
    section: String,
    name_ru: String,
}

#[derive(Deserialize)]
struct TnvedChapter {
    chapter: String,
    name_ru: String,
    section: String,
}

#[derive(Deserialize)]
struct TnvedHeading {
    heading: String,
    name_ru: String,
    chapter: String,
}

#[derive(Deserialize)]
struct TnvedCode {
    code: String,
    dash_level: u32,
    name_ru: String,
    heading: String,
    valid_from: String,
}

/// The code of a ТН ВЭД section in the tree: `S` + its two digits, so that it cannot clash
/// with chapter `01`…`97`.
fn tnved_section_code(section: &str) -> String {
    format!("S{section}")
}

/// Groups `items` by `key`, keeping file order inside each group.
fn group_by<T>(items: &[T], key: impl Fn(&T) -> &str) -> HashMap<String, Vec<&T>> {
    let mut map: HashMap<String, Vec<&T>> = HashMap::new();
    for item in items {
        map.entry(key(item).to_string()).or_default().push(item);
    }
    map
}

/// Fails when a child names a parent that is not in the parent file.
fn check_refs<T>(
    file: &SourceFile,
    items: &[T],
    parent: impl Fn(&T) -> &str,
    parents: &HashSet<&str>,
) -> Result<(), RefdataError> {
    for (i, item) in items.iter().enumerate() {
        if !parents.contains(parent(item)) {
            return Err(format_error(
                file,
                i + 1,
                format!("unknown parent {:?}", parent(item)),
            ));
        }
    }
    Ok(())
}

pub(super) fn tnved() -> Result<Vec<NewEntry>, RefdataError> {
    let sections: Vec<TnvedSection> = read(&TNVED_SECTIONS)?;
    let chapters: Vec<TnvedChapter> = read(&TNVED_CHAPTERS)?;
    let headings: Vec<TnvedHeading> = read(&TNVED_HEADINGS)?;
    let codes: Vec<TnvedCode> = read(&TNVED_CODES)?;
    let section_ids: HashSet<&str> = sections.iter().map(|s| s.section.as_str()).collect();
    let chapter_ids: HashSet<&str> = chapters.iter().map(|c| c.chapter.as_str()).collect();
    let heading_ids: HashSet<&str> = headings.iter().map(|h| h.heading.as_str()).collect();
    check_refs(&TNVED_CHAPTERS, &chapters, |c| &c.section, &section_ids)?;
    check_refs(&TNVED_HEADINGS, &headings, |h| &h.chapter, &chapter_ids)?;
    check_refs(&TNVED_CODES, &codes, |c| &c.heading, &heading_ids)?;
    let chapters_of = group_by(&chapters, |c| &c.section);
    let headings_of = group_by(&headings, |h| &h.chapter);
    let codes_of = group_by(&codes, |c| &c.heading);

    let mut out =
        Vec::with_capacity(sections.len() + chapters.len() + headings.len() + codes.len());
    for s in &sections {
        let section = tnved_section_code(&s.section);
        out.push(
            NewEntry::new(&section, s.name_ru.trim())
                .level("section")
                .text("source_code", &s.section),
        );
        for c in chapters_of.get(&s.section).into_iter().flatten() {
            out.push(
                NewEntry::new(&c.chapter, c.name_ru.trim())
                    .parent(Some(section.clone()))
                    .level("chapter"),
            );
            for h in headings_of.get(&c.chapter).into_iter().flatten() {
                out.push(
                    NewEntry::new(&h.heading, h.name_ru.trim())
                        .parent(Some(c.chapter.clone()))
                        .level("heading"),
                );
                for code in codes_of.get(&h.heading).into_iter().flatten() {
                    out.push(
                        NewEntry::new(&code.code, code.name_ru.trim())
                            .parent(Some(h.heading.clone()))
                            .level("tariff_line")
                            .value("dash_level", Value::from(code.dash_level))
                            .text("valid_from", &code.valid_from),
                    );
                }
            }
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OkeiSection {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OkeiGroup {
    id: String,
    name: String,
    section_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OkeiUom {
    code: String,
    name: String,
    symbol_ru: String,
    symbol_en: String,
    alpha_ru: String,
    alpha_en: String,
    group_id: String,
}

#[derive(Deserialize)]
struct UneceUnit {
    code: String,
    name: String,
}

/// OKEI writes `NULL` (and `—` for a missing symbol) where a value is absent.
fn okei_value(text: &str) -> &str {
    match text.trim() {
        "NULL" | "—" => "",
        t => t,
    }
}

/// The first letter upper-cased (`kilogram` → `Kilogram`), for display beside Russian names.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn mkei() -> Result<Vec<NewEntry>, RefdataError> {
    let sections: Vec<OkeiSection> = read(&OKEI_SECTIONS)?;
    let groups: Vec<OkeiGroup> = read(&OKEI_GROUPS)?;
    let uoms: Vec<OkeiUom> = read(&OKEI_UOMS)?;
    let unece: Vec<UneceUnit> = read(&UNECE_REC20)?;
    let section_ids: HashSet<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    let group_ids: HashSet<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    check_refs(&OKEI_GROUPS, &groups, |g| &g.section_id, &section_ids)?;
    check_refs(&OKEI_UOMS, &uoms, |u| &u.group_id, &group_ids)?;
    let english: HashMap<&str, &str> = unece
        .iter()
        .map(|u| (u.code.as_str(), u.name.as_str()))
        .collect();
    let groups_of = group_by(&groups, |g| &g.section_id);
    let uoms_of = group_by(&uoms, |u| &u.group_id);

    let mut out = Vec::with_capacity(sections.len() + groups.len() + uoms.len());
    for s in &sections {
        let section = format!("S{}", s.id);
        out.push(NewEntry::new(&section, s.name.trim()).level("section"));
        for g in groups_of.get(&s.id).into_iter().flatten() {
            let group = format!("G{}", g.id);
            out.push(
                NewEntry::new(&group, g.name.trim())
                    .parent(Some(section.clone()))
                    .level("group"),
            );
            for u in uoms_of.get(&g.id).into_iter().flatten() {
                let alpha_en = okei_value(&u.alpha_en);
                let first_code = alpha_en.split(';').next().unwrap_or("").trim();
                let mut e = NewEntry::new(&u.code, okei_value(&u.name))
                    .parent(Some(group.clone()))
                    .level("unit")
                    .text("symbol_ru", okei_value(&u.symbol_ru))
                    .text("symbol_en", okei_value(&u.symbol_en))
                    .text("alpha_ru", okei_value(&u.alpha_ru))
                    .text("alpha_en", alpha_en);
                if let Some(name) = english.get(first_code).and_then(|n| non_empty(n)) {
                    e.name_en = Some(capitalise(&name));
                }
                out.push(e);
            }
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct BankRow {
    iban_bank_code: String,
    bic: String,
    name_ru: String,
    kind: String,
}

pub(super) fn banks() -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<BankRow> = read(&BANKS)?;
    Ok(rows
        .iter()
        .map(|r| {
            NewEntry::new(r.bic.trim(), r.name_ru.trim())
                .text("iban_bank_code", &r.iban_bank_code)
                .text("kind", &r.kind)
        })
        .collect())
}

#[derive(Deserialize)]
struct HistoricalBankRow {
    bic: String,
    name_ru_as_seen: String,
    note: String,
}

pub(super) fn banks_historical() -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<HistoricalBankRow> = read(&BANKS_HISTORICAL)?;
    Ok(rows
        .iter()
        .map(|r| {
            NewEntry::new(r.bic.trim(), r.name_ru_as_seen.trim())
                .value("historical", Value::Bool(true))
                .text("note", &r.note)
        })
        .collect())
}

#[derive(Deserialize)]
struct OrgFormRow {
    code: String,
    parent_code: String,
    name_ru: String,
    name_kk: String,
}

/// КОПФ and КФС share one shape: `code, parent_code, name_ru, name_kk`.
pub(super) fn org_forms(file: &SourceFile) -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<OrgFormRow> = read(file)?;
    Ok(rows
        .iter()
        .map(|r| {
            NewEntry::new(r.code.trim(), r.name_ru.trim())
                .parent(non_empty(&r.parent_code))
                .kk(&r.name_kk)
        })
        .collect())
}

#[derive(Deserialize)]
struct NamedRow {
    code: String,
    name_ru: String,
    name_kk: String,
    name_en: String,
}

/// A flat dictionary with names in the three languages: `code, name_ru, name_kk, name_en`.
pub(super) fn named(file: &SourceFile) -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<NamedRow> = read(file)?;
    Ok(rows
        .iter()
        .map(|r| {
            NewEntry::new(r.code.trim(), r.name_ru.trim())
                .kk(&r.name_kk)
                .en(&r.name_en)
        })
        .collect())
}

#[derive(Deserialize)]
struct KseRow {
    code: String,
    name_ru: String,
}

pub(super) fn kse() -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<KseRow> = read(&KSE)?;
    Ok(rows
        .iter()
        .map(|r| NewEntry::new(r.code.trim(), r.name_ru.trim()))
        .collect())
}

#[derive(Deserialize)]
struct KbeRow {
    code: String,
    residency_digit: String,
    residency_ru: String,
    sector_code: String,
    sector_name_ru: String,
}

/// КБе names are composed: «<sector> — <residency>».
pub(super) fn kbe() -> Result<Vec<NewEntry>, RefdataError> {
    let rows: Vec<KbeRow> = read(&KBE)?;
    Ok(rows
        .iter()
        .map(|r| {
            let name = format!("{} — {}", r.sector_name_ru.trim(), r.residency_ru.trim());
            NewEntry::new(r.code.trim(), name)
                .text("residency_digit", &r.residency_digit)
                .text("residency_ru", &r.residency_ru)
                .text("sector_code", &r.sector_code)
                .text("sector_name_ru", &r.sector_name_ru)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::build;
    use crate::model::Dict;

    fn by_code(entries: &[NewEntry]) -> HashMap<&str, &NewEntry> {
        entries.iter().map(|e| (e.code.as_str(), e)).collect()
    }

    #[test]
    fn kato_parents_follow_the_code_structure() {
        let entries = build(Dict::Kato).unwrap();
        let m = by_code(&entries);
        assert_eq!(entries.len(), 15_594);
        assert_eq!(m["100000000"].parent_code, None);
        assert_eq!(m["101000000"].parent_code.as_deref(), Some("100000000"));
        assert_eq!(m["101010000"].parent_code.as_deref(), Some("101000000"));
        // Settlement directly under a district (no sub-district 113820000 exists).
        assert_eq!(m["113820100"].parent_code.as_deref(), Some("113800000"));
        // Districts of Almaty city hang under the city.
        assert_eq!(m["751110000"].parent_code.as_deref(), Some("750000000"));
        assert_eq!(m["100000000"].name_kk.as_deref(), Some("Абай облысы"));
        assert_eq!(m["100000000"].extra["kato_version"], "NK RK 11-2025");
    }

    #[test]
    fn oked_missing_parent_falls_back_to_prefix() {
        let entries = build(Dict::Oked).unwrap();
        let m = by_code(&entries);
        assert_eq!(entries.len(), 2_097);
        assert_eq!(m["27120"].parent_code.as_deref(), Some("271"));
        assert_eq!(m["27120"].extra["source_parent"], "2712");
        assert_eq!(m["01"].parent_code.as_deref(), Some("A"));
        assert!(
            m["01"].extra["description_ru"]
                .as_str()
                .unwrap()
                .contains('\n')
        );
    }

    #[test]
    fn tnved_is_one_tree_in_depth_first_order() {
        let entries = build(Dict::Tnved).unwrap();
        assert_eq!(entries.len(), 22 + 96 + 957 + 12_715);
        let codes: Vec<&str> = entries.iter().take(4).map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["S01", "01", "0101", "0101210000"]);
        assert_eq!(entries[3].parent_code.as_deref(), Some("0101"));
        assert_eq!(entries[3].extra["dash_level"], 2);
        assert_eq!(entries[1].parent_code.as_deref(), Some("S01"));
    }

    #[test]
    fn mkei_units_under_groups_under_sections() {
        let entries = build(Dict::Mkei).unwrap();
        let m = by_code(&entries);
        assert_eq!(entries.len(), 3 + 17 + 525);
        assert_eq!(m["796"].name_ru, "Штука");
        assert_eq!(m["796"].parent_code.as_deref(), Some("G7"));
        assert_eq!(m["G7"].parent_code.as_deref(), Some("S1"));
        assert_eq!(m["166"].name_en.as_deref(), Some("Kilogram"));
        assert_eq!(m["839"].extra.get("alpha_en"), None);
        assert_eq!(m["778"].extra.get("symbol_en"), None);
    }

    #[test]
    fn acc_32_kse_has_the_nine_sectors() {
        let entries = build(Dict::Kse).unwrap();
        let got: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.code.as_str(), e.name_ru.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "1",
                    "Правительство Республики Казахстан или Правительство иностранного государства"
                ),
                ("2", "Региональные и местные органы управления"),
                ("3", "Центральный (национальный) банк"),
                ("4", "Другие депозитные организации"),
                ("5", "Другие финансовые организации"),
                ("6", "Государственные нефинансовые организации"),
                ("7", "Негосударственные нефинансовые организации"),
                (
                    "8",
                    "Некоммерческие организации, обслуживающие домашние хозяйства"
                ),
                ("9", "Домашние хозяйства/физическое лицо"),
            ]
        );
        // КБе = residency digit + КСЕ digit (accounts.md §4.5).
        let kbe = build(Dict::Kbe).unwrap();
        assert!(
            kbe.iter()
                .all(|e| e.code.len() == 2 && e.extra["sector_code"] == e.code[1..])
        );
    }

    #[test]
    fn resolve_parent_prefers_declared_then_prefix() {
        let codes: HashSet<&str> = ["A", "01", "01.1", "271"].into_iter().collect();
        assert_eq!(resolve_parent("01.1", &codes), (Some("01.1".into()), None));
        assert_eq!(
            resolve_parent("01.11", &codes),
            (Some("01.1".into()), Some("01.11".into()))
        );
        assert_eq!(
            resolve_parent("2712", &codes),
            (Some("271".into()), Some("2712".into()))
        );
        assert_eq!(resolve_parent("", &codes), (None, None));
        assert_eq!(resolve_parent("99", &codes), (None, Some("99".into())));
    }
}
