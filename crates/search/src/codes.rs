//! The index of ЕНС ТРУ codes (spec/catalog.md §4): general and hierarchical search over
//! 15- and 30-character codes, name-only and КПВЭД modes, the «Вид ТРУ» filter, grouping by
//! the first two КПВЭД segments and attribute facets.
//!
//! Each version has its own word fields, so the vocabulary of a search is exactly the words of
//! the fields searched under the current version and options (CAT-109 (1)). Results are ordered
//! by code (CAT-116) through a rank assigned in code order when the index is built: the code
//! index is small and is rebuilt whole after each classifier import.

use crate::engine::{Engine, IndexDoc, IndexSpec, Request, SearchError};
use crate::query::ParsedQuery;
use crate::vocab::FieldMask;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Word fields: name, other fields, КПВЭД — for V15, then for V30.
const WORD_FIELDS: &[&str] = &[
    "name15", "other15", "kpved15", "name30", "other30", "kpved30",
];
const T_VERSION: usize = 0;
const T_TYPE: usize = 1;
/// Group fields: КПВЭД group key (NN.NN), section, class.
const G_KPVED: usize = 0;
const G_SECTION: usize = 1;
const G_CLASS: usize = 2;

static SPEC: IndexSpec = IndexSpec {
    word_fields: WORD_FIELDS,
    term_fields: &["ver", "type"],
    group_fields: &["grp", "sec", "cls"],
    facet_field: Some("attr"),
    key_field: "code",
    rank_field: "rank",
    stored_field: Some("item"),
};

/// What the index keeps of a code to show it in a result list without the database.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CodeItem {
    pub code: String,
    pub version: u8,
    #[serde(rename = "type")]
    pub subject_type: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub characteristics: Option<String>,
    pub kpved: String,
    pub section: Option<String>,
    pub class_code: Option<String>,
    pub units: Vec<String>,
    pub attributes: Vec<(String, String)>,
    pub synonyms: Vec<String>,
}

/// A code to index, with the names of its КПВЭД entry (for the КПВЭД option).
#[derive(Debug, Clone)]
pub struct CodeDoc {
    pub item: CodeItem,
    /// КПВЭД group key `NN.NN` (CAT-23).
    pub group_key: String,
    pub kpved_names: Vec<String>,
    /// Position of the code in code order (CAT-116).
    pub rank: u64,
}

/// Which level of the hierarchy to count (CAT-121); general search counts КПВЭД groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Group,
    Section,
    Class,
}

/// A search over codes.
#[derive(Debug, Clone, Default)]
pub struct CodeQuery {
    pub text: Option<ParsedQuery>,
    /// 15 or 30 (CAT-100).
    pub version: u8,
    /// «Искать только в наименовании» (CAT-98 item 4).
    pub name_only: bool,
    /// «Искать в КПВЭД» (CAT-98 item 5, G-39: adds to the other fields).
    pub with_kpved: bool,
    /// «Вид ТРУ» (CAT-101): goods | works | services, `None` = «Учесть все».
    pub subject_type: Option<String>,
    /// The chosen КПВЭД group, section and class.
    pub group: Option<String>,
    pub section: Option<String>,
    pub class: Option<String>,
    /// The level counted in `groups` of the result.
    pub count_level: Level,
    pub attrs: Vec<(String, Vec<String>)>,
    pub want_facets: bool,
    pub offset: usize,
    pub limit: usize,
}

/// An attribute facet (CAT-117).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Facet {
    pub name: String,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
    pub selected: bool,
}

/// A «Возможно, вы искали» word (CAT-110), as it is written in the catalogue.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SuggestedWord {
    pub token: String,
    pub word: String,
    pub distance: u8,
}

/// The result of a code search.
#[derive(Debug, Clone, Default)]
pub struct CodeResults {
    pub total: u64,
    pub items: Vec<CodeItem>,
    /// (value of the counted level, count), ordered by value.
    pub groups: Vec<(String, u64)>,
    pub facets: Vec<Facet>,
    pub suggestions: Vec<SuggestedWord>,
}

/// The index of codes.
#[derive(Debug)]
pub struct CodeIndex {
    engine: Engine,
}

fn version_bits(version: u8) -> (usize, FieldMask) {
    let base = if version == 30 { 3 } else { 0 };
    (base, 0b111 << base)
}

/// Groups facet pairs by attribute, values in natural order, selection marked.
pub fn facets_from_pairs(
    pairs: Vec<((String, String), u64)>,
    selected: &[(String, Vec<String>)],
) -> Vec<Facet> {
    let mut facets: Vec<Facet> = Vec::new();
    for ((name, value), count) in pairs {
        let is_sel = selected
            .iter()
            .any(|(n, vs)| *n == name && vs.contains(&value));
        match facets.iter_mut().find(|f| f.name == name) {
            Some(f) => f.values.push(FacetValue {
                value,
                count,
                selected: is_sel,
            }),
            None => facets.push(Facet {
                name,
                values: vec![FacetValue {
                    value,
                    count,
                    selected: is_sel,
                }],
            }),
        }
    }
    for f in &mut facets {
        f.values.sort_by(|a, b| natural_cmp(&a.value, &b.value));
    }
    facets.sort_by(|a, b| a.name.cmp(&b.name));
    facets
}

/// Compares strings with digit runs compared as numbers: «57 мм» < «108 мм», «М2» < «М10».
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut ai, mut bi) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (ai.peek().copied(), bi.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let mut na = String::new();
                while let Some(c) = ai.peek().copied().filter(char::is_ascii_digit) {
                    na.push(c);
                    ai.next();
                }
                let mut nb = String::new();
                while let Some(c) = bi.peek().copied().filter(char::is_ascii_digit) {
                    nb.push(c);
                    bi.next();
                }
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
            (Some(x), Some(y)) => {
                let ord = x.to_lowercase().cmp(y.to_lowercase());
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
                ai.next();
                bi.next();
            }
        }
    }
}

/// A facet name or value as stored: trimmed, runs of whitespace collapsed (CAT-117 matches
/// values exactly).
pub fn facet_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The word of `texts` whose matching key is `key`, as written there (lower-cased).
pub fn display_word(texts: &[&str], key: &str) -> Option<String> {
    texts
        .iter()
        .flat_map(|t| kernel::text::search_words(t))
        .find(|w| kernel::text::fold(w) == key)
}

impl CodeIndex {
    pub fn open(dir: &Path) -> Result<CodeIndex, SearchError> {
        Ok(CodeIndex {
            engine: Engine::open(dir, &SPEC, 64_000_000)?,
        })
    }

    pub fn in_ram() -> Result<CodeIndex, SearchError> {
        Ok(CodeIndex {
            engine: Engine::in_ram(&SPEC)?,
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Replaces the whole index with `docs` and commits at `seq` (readers switch atomically).
    pub fn rebuild(
        &self,
        docs: impl Iterator<Item = CodeDoc>,
        seq: i64,
    ) -> Result<u64, SearchError> {
        self.engine.delete_all()?;
        let mut n = 0u64;
        let mut batch = Vec::with_capacity(1000);
        for d in docs {
            batch.push(to_index_doc(&d));
            n += 1;
            if batch.len() == 1000 {
                self.engine.add(&batch, false)?;
                batch.clear();
            }
        }
        self.engine.add(&batch, false)?;
        self.engine.commit(seq)?;
        Ok(n)
    }

    pub fn committed_seq(&self) -> i64 {
        self.engine.committed_seq()
    }

    pub fn num_docs(&self) -> u64 {
        self.engine.num_docs()
    }

    /// Runs a search.
    pub fn search(&self, q: &CodeQuery) -> Result<CodeResults, SearchError> {
        let (base, _) = version_bits(q.version);
        let mut mask: FieldMask = 1 << base; // name
        if !q.name_only {
            mask |= 1 << (base + 1);
            if q.with_kpved {
                mask |= 1 << (base + 2);
            }
        }
        let mut filters = vec![(T_VERSION, q.version.to_string())];
        if let Some(t) = &q.subject_type {
            filters.push((T_TYPE, t.clone()));
        }
        // Levels above the counted one narrow the search; the counted level's choice limits
        // the list and the facets but not the counts (the other groups stay visible).
        let mut group_filters = Vec::new();
        let (group_by, group) = match q.count_level {
            Level::Group => (G_KPVED, q.group.clone()),
            Level::Section => {
                if let Some(g) = &q.group {
                    group_filters.push((G_KPVED, g.clone()));
                }
                (G_SECTION, q.section.clone())
            }
            Level::Class => {
                if let Some(g) = &q.group {
                    group_filters.push((G_KPVED, g.clone()));
                }
                if let Some(s) = &q.section {
                    group_filters.push((G_SECTION, s.clone()));
                }
                (G_CLASS, q.class.clone())
            }
        };
        if q.count_level == Level::Group {
            if let Some(s) = &q.section {
                group_filters.push((G_SECTION, s.clone()));
            }
            if let Some(c) = &q.class {
                group_filters.push((G_CLASS, c.clone()));
            }
        } else if q.count_level == Level::Section
            && let Some(c) = &q.class
        {
            group_filters.push((G_CLASS, c.clone()));
        }
        let req = Request {
            query: q.text.clone(),
            word_mask: mask,
            filters,
            any_of: Vec::new(),
            group_filters,
            group_by: Some(group_by),
            group,
            attrs: q.attrs.clone(),
            want_facets: q.want_facets,
            offset: q.offset,
            limit: q.limit,
        };
        let resp = self.engine.search(&req)?;
        let mut items = Vec::with_capacity(resp.hits.len());
        for (_, addr) in &resp.hits {
            if let Some(json) = self.engine.stored(*addr)?
                && let Ok(item) = serde_json::from_str::<CodeItem>(&json)
            {
                items.push(item);
            }
        }
        let mut suggestions = Vec::new();
        for s in resp.suggestions {
            let shown = match self.engine.stored(s.example)? {
                Some(json) => serde_json::from_str::<CodeItem>(&json).ok().and_then(|it| {
                    let mut texts: Vec<&str> = vec![&it.name_ru];
                    texts.extend(it.name_kk.as_deref());
                    texts.extend(it.characteristics.as_deref());
                    texts.extend(it.attributes.iter().map(|(_, v)| v.as_str()));
                    texts.extend(it.synonyms.iter().map(String::as_str));
                    display_word(&texts, &s.word)
                }),
                None => None,
            };
            suggestions.push(SuggestedWord {
                token: s.token,
                word: shown.unwrap_or(s.word),
                distance: s.distance,
            });
        }
        Ok(CodeResults {
            total: resp.total,
            items,
            groups: resp.groups,
            facets: facets_from_pairs(resp.facets, &q.attrs),
            suggestions,
        })
    }
}

fn to_index_doc(d: &CodeDoc) -> IndexDoc {
    let it = &d.item;
    let (base, _) = version_bits(it.version);
    let mut name_text = it.name_ru.clone();
    if let Some(kk) = &it.name_kk {
        name_text.push(' ');
        name_text.push_str(kk);
    }
    let mut other: Vec<String> = Vec::new();
    // CAT-108: the code as one word (and its dotted 6.3.6 form for 15-digit codes).
    other.push(kernel::text::normalize(&it.code));
    if it.code.len() == 15 {
        other.push(format!(
            "{}.{}.{}",
            &it.code[0..6],
            &it.code[6..9],
            &it.code[9..15]
        ));
    }
    let mut other_text = String::new();
    for t in it
        .characteristics
        .iter()
        .chain(it.synonyms.iter())
        .chain(it.attributes.iter().map(|(_, v)| v))
    {
        other_text.push_str(t);
        other_text.push(' ');
    }
    other.extend(kernel::text::match_keys(&other_text));
    let mut kpved = vec![it.kpved.clone(), it.kpved.replace('.', "")];
    kpved.extend(kernel::text::match_keys(&d.kpved_names.join(" ")));
    let mut terms = vec![
        (T_VERSION, it.version.to_string()),
        (T_TYPE, it.subject_type.clone()),
    ];
    terms.dedup();
    let mut groups = vec![(G_KPVED, d.group_key.clone())];
    groups.push((G_SECTION, it.section.clone().unwrap_or_default()));
    groups.push((G_CLASS, it.class_code.clone().unwrap_or_default()));
    IndexDoc {
        key: it.code.clone(),
        rank: d.rank,
        words: vec![
            (base, kernel::text::match_keys(&name_text)),
            (base + 1, other),
            (base + 2, kpved),
        ],
        terms,
        groups,
        facets: it
            .attributes
            .iter()
            .map(|(n, v)| (facet_text(n), facet_text(v)))
            .collect(),
        stored: serde_json::to_string(it).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_values() {
        let mut v = vec!["108 мм", "57 мм", "М10", "М2", "М1"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["57 мм", "108 мм", "М1", "М2", "М10"]);
    }

    #[test]
    fn display_word_keeps_kazakh_letters() {
        assert_eq!(
            display_word(&["Қазақ өнімі"], "казак").as_deref(),
            Some("қазақ")
        );
    }
}
