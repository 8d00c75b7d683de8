//! The demo ЕНС ТРУ, derived from real data (rules in the parent module's doc).

use super::sources::{self, Table, field};
use super::templates::{self, AttrSet};
use crate::ClassifierError;
use crate::import::EnsSnapshot;
use crate::model::{
    CodeReplacement, CodeStatus, CodeVersion, EnsClass, EnsCode, EnsCodeStr, EnsSection,
    SubjectType,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One КПВЭД entry.
struct KpvedEntry {
    name: String,
    section: String,
}

/// The КПВЭД of `data/kpved/kpved_kz.csv`.
struct Kpved {
    by_code: HashMap<String, KpvedEntry>,
    /// КПВЭД classes (`NN.NN`), sorted: fallbacks for codes of an older edition.
    classes: Vec<String>,
    /// Subcategories (`NN.NN.NN`), sorted.
    subcategories: Vec<String>,
}

impl Kpved {
    fn load() -> Result<Kpved, ClassifierError> {
        let t = Table::parse("kpved_kz.csv", sources::KPVED)?;
        let (code, level, section, name) = (
            t.col("code")?,
            t.col("level")?,
            t.col("section")?,
            t.col("name_ru")?,
        );
        let mut k = Kpved {
            by_code: HashMap::new(),
            classes: Vec::new(),
            subcategories: Vec::new(),
        };
        for r in &t.rows {
            let c = field(r, code).to_string();
            match field(r, level) {
                "class" => k.classes.push(c.clone()),
                "subcategory" => k.subcategories.push(c.clone()),
                _ => {}
            }
            k.by_code.insert(
                c,
                KpvedEntry {
                    name: field(r, name).to_string(),
                    section: field(r, section).to_string(),
                },
            );
        }
        k.classes.sort();
        k.subcategories.sort();
        Ok(k)
    }

    fn name(&self, code: &str) -> &str {
        self.by_code.get(code).map_or("", |e| e.name.as_str())
    }

    /// The КПВЭД code for the first six digits of a KTRU code: the subcategory, or — for
    /// codes of an older КПВЭД edition — the nearest entry that exists (category, class, the
    /// first class of the group or of the division).
    fn resolve(&self, d6: &str) -> Option<String> {
        let dotted = format!("{}.{}.{}", &d6[..2], &d6[2..4], &d6[4..6]);
        for candidate in [&dotted[..], &dotted[..7], &dotted[..5]] {
            if self.by_code.contains_key(candidate) {
                return Some(candidate.to_string());
            }
        }
        let group = &dotted[..4];
        let division = format!("{}.", &dotted[..2]);
        self.classes
            .iter()
            .find(|c| c.starts_with(group))
            .or_else(|| self.classes.iter().find(|c| c.starts_with(&division)))
            .cloned()
    }

    /// «Вид ТРУ» of a КПВЭД entry (parent module doc): F is works; names «Услуги…» /
    /// «Работы…» say so; sections A–E are goods; printed matter (58.1) is goods; the rest,
    /// sections G onward, services.
    fn subject(&self, code: &str) -> SubjectType {
        let Some(e) = self.by_code.get(code) else {
            return SubjectType::Goods;
        };
        // The first word decides; lower-casing a few letters is all it needs.
        let head: String = e
            .name
            .chars()
            .take(7)
            .flat_map(char::to_lowercase)
            .collect();
        if e.section == "F" {
            SubjectType::Works
        } else if head.starts_with("услуг") {
            SubjectType::Services
        } else if head.starts_with("работ") {
            SubjectType::Works
        } else if matches!(e.section.as_str(), "A" | "B" | "C" | "D" | "E")
            || (code.starts_with("58.1") && !head.starts_with("издание"))
        {
            SubjectType::Goods
        } else {
            SubjectType::Services
        }
    }
}

/// The class of a КПВЭД code: its category `NN.NN.N`, when the КПВЭД has it.
fn class_of(k: &Kpved, kpved: &str) -> Option<String> {
    (kpved.len() >= 7)
        .then(|| kpved[..7].to_string())
        .filter(|c| k.by_code.contains_key(c))
}

fn capitalize(s: &str) -> String {
    let mut chars = s.trim().chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
}

/// Portal unit names (`units/goszakup_units_seen.csv`) → МКЕИ codes. «Одна услуга» and
/// «Работа» have no known code: 876 «Условная единица»; «Одна пачка» is 728 «Пачка».
fn unit_codes() -> Result<HashMap<String, String>, ClassifierError> {
    let t = Table::parse("goszakup_units_seen.csv", sources::UNITS_SEEN)?;
    let (name, code) = (
        t.col("unit_name_ru_on_portal")?,
        t.col("okei_code_by_name")?,
    );
    let mut out: HashMap<String, String> = t
        .rows
        .iter()
        .filter(|r| !field(r, code).is_empty())
        .map(|r| (field(r, name).to_string(), field(r, code).to_string()))
        .collect();
    out.insert("Одна услуга".into(), "876".into());
    out.insert("Работа".into(), "876".into());
    out.insert("Одна пачка".into(), "728".into());
    Ok(out)
}

/// One sighting of a real code in the samples.
struct Sighting {
    name: String,
    characteristic: String,
    units: Vec<String>,
}

/// Real codes of the lot samples (observed pairs, lots, lot details), in file order.
fn sightings() -> Result<BTreeMap<String, Vec<Sighting>>, ClassifierError> {
    let mut out: BTreeMap<String, Vec<Sighting>> = BTreeMap::new();
    let files = [
        (
            "ktru_codes_observed.csv",
            sources::KTRU_OBSERVED,
            ["ktru_code", "name_ru", "characteristic_ru", "units_seen"],
        ),
        (
            "goszakup_lot_details_sample_2026.csv",
            sources::KTRU_LOT_DETAILS,
            [
                "tru_code",
                "tru_name",
                "brief_description",
                "unit_of_measurement",
            ],
        ),
        (
            "goszakup_lots_2026_02_sample.csv",
            sources::KTRU_LOTS,
            ["ktru_code", "name_ru", "short_characteristic_ru", "unit"],
        ),
    ];
    for (file, text, [code, name, ch, units]) in files {
        let t = Table::parse(file, text)?;
        let (code, name, ch, units) = (t.col(code)?, t.col(name)?, t.col(ch)?, t.col(units)?);
        for r in &t.rows {
            let Ok(c) = EnsCodeStr::parse(field(r, code)) else {
                continue;
            };
            if field(r, name).is_empty() {
                continue;
            }
            out.entry(c.into_string()).or_default().push(Sighting {
                name: capitalize(field(r, name)),
                characteristic: field(r, ch).to_string(),
                units: field(r, units)
                    .split(';')
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
    }
    Ok(out)
}

/// The most frequent value, ties to the first seen.
fn most_frequent<'a>(items: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(v, _)| *v == it) {
            Some((_, n)) => *n += 1,
            None => counts.push((it, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// The ООИ list (order 345): code → (item name, «Товары»/«Работы»/«Услуги»).
fn ooi_items() -> Result<BTreeMap<String, (String, String)>, ClassifierError> {
    let t = Table::parse("ktru_ooi_order345_2024.csv", sources::KTRU_OOI)?;
    let (code, name, section) = (
        t.col("ktru_code")?,
        t.col("item_name_ru")?,
        t.col("section")?,
    );
    let mut out = BTreeMap::new();
    for r in &t.rows {
        if let Ok(c) = EnsCodeStr::parse(field(r, code)) {
            out.entry(c.into_string())
                .or_insert_with(|| (capitalize(field(r, name)), field(r, section).to_string()));
        }
    }
    Ok(out)
}

/// What the derivation accumulates.
struct Builder<'k> {
    kpved: &'k Kpved,
    codes: Vec<EnsCode>,
    taken: HashSet<String>,
    /// Attribute set of each class (by the class's majority subject type).
    class_sets: HashMap<String, AttrSet>,
}

impl Builder<'_> {
    /// A free code `d6 + mid + serial`, serials counting up from `first`.
    fn free_code(&self, d6: &str, mid: &str, first: u32) -> String {
        (first..)
            .map(|n| format!("{d6}{mid}{n:06}"))
            .find(|c| !self.taken.contains(c))
            .unwrap_or_default()
    }

    fn section_of(&self, kpved: &str, subject: SubjectType) -> Option<String> {
        let sec = self.kpved.by_code.get(kpved)?.section.as_str();
        (subject == SubjectType::Goods && kpved.len() == 8 && matches!(sec, "A" | "B" | "C"))
            .then(|| kpved.replace('.', ""))
    }

    fn push(&mut self, code: EnsCode) {
        self.taken.insert(code.code.clone());
        self.codes.push(code);
    }

    /// A derived code: template attribute values and the characteristics made of them.
    fn derived(&mut self, code: String, name: &str, kpved: &str) {
        let subject = self.kpved.subject(kpved);
        let class = class_of(self.kpved, kpved);
        let attributes = class
            .as_ref()
            .and_then(|c| self.class_sets.get(c))
            .map_or_else(Vec::new, |set| templates::values_for(&code, set));
        let units = templates::ens_rule(kpved, subject)
            .1
            .iter()
            .map(|u| u.to_string())
            .collect();
        let characteristics =
            (!attributes.is_empty()).then(|| templates::characteristics(&attributes));
        self.push(EnsCode {
            version: CodeVersion::V15,
            section_code: self.section_of(kpved, subject),
            code,
            subject_type: subject,
            name_ru: name.trim().to_string(),
            name_kk: None,
            characteristics,
            kpved: kpved.to_string(),
            class_code: class,
            attributes,
            units,
            synonyms: Vec::new(),
            status: CodeStatus::Active,
            is_demo: true,
        });
    }
}

/// Attribute sets per class: the template of the class's majority subject type among its
/// subcategories (ties: goods, works, services), so every code of a class draws from one set.
fn class_sets(k: &Kpved) -> HashMap<String, AttrSet> {
    let mut votes: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for s in &k.subcategories {
        if let Some(c) = class_of(k, s) {
            let i = SubjectType::ALL
                .iter()
                .position(|t| *t == k.subject(s))
                .unwrap_or(0);
            votes.entry(c).or_default()[i] += 1;
        }
    }
    votes
        .into_iter()
        .map(|(class, v)| {
            let best = v.iter().copied().max().unwrap_or(0);
            let subject = SubjectType::ALL[v.iter().position(|n| *n == best).unwrap_or(0)];
            let set = templates::ens_rule(&class, subject).0;
            (class, set)
        })
        .collect()
}

/// Derives the demo ЕНС ТРУ.
pub(super) fn derive() -> Result<EnsSnapshot, ClassifierError> {
    let kpved = Kpved::load()?;
    let mut b = Builder {
        kpved: &kpved,
        codes: Vec::new(),
        taken: HashSet::new(),
        class_sets: class_sets(&kpved),
    };
    add_real_codes(&mut b)?;
    add_okpd2_codes(&mut b)?;
    add_missing_subcategories(&mut b);
    b.codes.sort_by(|a, b| a.code.cmp(&b.code));
    let classes = classes(&b);
    let sections = sections(&b);
    let (v30, replacements) = old_version_codes(&b);
    let mut codes = b.codes;
    codes.extend(v30);
    codes.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(EnsSnapshot {
        codes,
        classes,
        sections,
        replacements,
    })
}

/// Every real code of the samples, with its real name, characteristic and units. Real codes
/// get no attribute values: the samples have none, and values drawn from a template could
/// contradict the real characteristic.
fn add_real_codes(b: &mut Builder<'_>) -> Result<(), ClassifierError> {
    let units = unit_codes()?;
    let seen = sightings()?;
    let ooi = ooi_items()?;
    let all: BTreeSet<&String> = seen.keys().chain(ooi.keys()).collect();
    for code in all {
        let Some(kpved) = b.kpved.resolve(&code[..6]) else {
            continue;
        };
        let sightings = seen.get(code).map_or(&[][..], Vec::as_slice);
        let ooi_item = ooi.get(code);
        let name = most_frequent(sightings.iter().map(|s| s.name.as_str()))
            .map(str::to_string)
            .or_else(|| ooi_item.map(|(n, _)| n.clone()))
            .unwrap_or_default();
        let characteristic = most_frequent(
            sightings
                .iter()
                .filter(|s| s.name == name && !s.characteristic.is_empty())
                .map(|s| s.characteristic.as_str()),
        );
        let subject = ooi_item
            .and_then(|(_, s)| SubjectType::parse(s))
            .or_else(|| SubjectType::parse(name.split_whitespace().next().unwrap_or("")))
            .unwrap_or_else(|| b.kpved.subject(&kpved));
        let mut unit_list: Vec<String> = Vec::new();
        for u in sightings
            .iter()
            .flat_map(|s| &s.units)
            .filter_map(|u| units.get(u))
        {
            if !unit_list.contains(u) {
                unit_list.push(u.clone());
            }
        }
        if unit_list.is_empty() {
            unit_list = templates::ens_rule(&kpved, subject)
                .1
                .iter()
                .map(|u| u.to_string())
                .collect();
        }
        let synonyms = ooi_item
            .map(|(n, _)| n.clone())
            .filter(|n| kernel::text::normalize_name(n) != kernel::text::normalize_name(&name))
            .into_iter()
            .collect();
        b.push(EnsCode {
            code: code.clone(),
            version: CodeVersion::V15,
            subject_type: subject,
            name_ru: name,
            name_kk: None,
            characteristics: characteristic.map(str::to_string),
            section_code: b.section_of(&kpved, subject),
            class_code: class_of(b.kpved, &kpved),
            kpved,
            attributes: Vec::new(),
            units: unit_list,
            synonyms,
            status: CodeStatus::Active,
            is_demo: true,
        });
    }
    Ok(())
}

/// A code for every 9-digit OKPD2 product (`NN.NN.NN.NNN`) whose subcategory the KZ КПВЭД
/// has: the six КПВЭД digits, the three OKPD2 digits, a six-digit serial.
fn add_okpd2_codes(b: &mut Builder<'_>) -> Result<(), ClassifierError> {
    let t = Table::parse("okpd2_ru_2022_cpa2008_proxy.csv", sources::OKPD2)?;
    let (code, name) = (t.col("code")?, t.col("name_ru")?);
    for r in &t.rows {
        let c = field(r, code);
        if c.len() != 12 || c.as_bytes()[8] != b'.' {
            continue;
        }
        let sub = &c[..8];
        if !b.kpved.by_code.contains_key(sub) || field(r, name).is_empty() {
            continue;
        }
        let new_code = b.free_code(&sub.replace('.', ""), &c[9..], 1);
        b.derived(new_code, field(r, name), sub);
    }
    Ok(())
}

/// At least one code for every subcategory that has none, named after the subcategory.
fn add_missing_subcategories(b: &mut Builder<'_>) {
    let covered: HashSet<String> = b.codes.iter().map(|c| c.kpved.clone()).collect();
    let missing: Vec<String> = b
        .kpved
        .subcategories
        .iter()
        .filter(|s| !covered.contains(*s))
        .cloned()
        .collect();
    for sub in missing {
        let code = b.free_code(&sub.replace('.', ""), "000", 1);
        let name = b.kpved.name(&sub).to_string();
        b.derived(code, &name, &sub);
    }
}

/// One class per КПВЭД category that has codes, named after it, with its template set.
fn classes(b: &Builder<'_>) -> Vec<EnsClass> {
    let used: BTreeSet<&str> = b
        .codes
        .iter()
        .filter_map(|c| c.class_code.as_deref())
        .collect();
    used.into_iter()
        .map(|c| EnsClass {
            code: c.to_string(),
            name_ru: b.kpved.name(c).to_string(),
            name_kk: None,
            attributes: b
                .class_sets
                .get(c)
                .map_or_else(Vec::new, |s| templates::defs(s)),
            is_demo: true,
        })
        .collect()
}

/// Sections of goods codes of sections A–C: the КПВЭД subcategory, named after it.
fn sections(b: &Builder<'_>) -> Vec<EnsSection> {
    let used: BTreeSet<&str> = b
        .codes
        .iter()
        .filter_map(|c| c.section_code.as_deref())
        .collect();
    used.into_iter()
        .map(|s| {
            let dotted = format!("{}.{}.{}", &s[..2], &s[2..4], &s[4..]);
            EnsSection {
                code: s.to_string(),
                name_ru: b.kpved.name(&dotted).to_string(),
                name_kk: None,
                is_demo: true,
            }
        })
        .collect()
}

/// The "old version" (G-10): for every КПВЭД code with V15 codes, a 30-digit code named after
/// it that all of them replace; for every fourth one also a 30-digit code for its first V15
/// code alone, so the mapping is many-to-many both ways.
fn old_version_codes(b: &Builder<'_>) -> (Vec<EnsCode>, Vec<CodeReplacement>) {
    let mut groups: BTreeMap<&str, Vec<&EnsCode>> = BTreeMap::new();
    for c in &b.codes {
        groups.entry(c.kpved.as_str()).or_default().push(c);
    }
    let mut codes = Vec::new();
    let mut pairs = Vec::new();
    for (i, (kpved, members)) in groups.into_iter().enumerate() {
        let first = members[0];
        let prefix = &first.code[..6];
        let old = |n: u32, name: &str| EnsCode {
            code: format!("{prefix}{n:024}"),
            version: CodeVersion::V30,
            name_ru: name.to_string(),
            name_kk: None,
            characteristics: None,
            section_code: None,
            attributes: Vec::new(),
            synonyms: Vec::new(),
            ..first.clone()
        };
        let general = old(1, b.kpved.name(kpved));
        for m in &members {
            pairs.push(CodeReplacement {
                code_v15: m.code.clone(),
                code_v30: general.code.clone(),
            });
        }
        codes.push(general);
        if i % 4 == 0 {
            let specific = old(2, &first.name_ru);
            pairs.push(CodeReplacement {
                code_v15: first.code.clone(),
                code_v30: specific.code.clone(),
            });
            codes.push(specific);
        }
    }
    pairs.sort();
    (codes, pairs)
}
