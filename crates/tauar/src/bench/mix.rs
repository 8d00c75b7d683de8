//! The committed query mix of `tauar bench search` (crates/tauar/bench/query_mix.json): every
//! kind of query of spec §4.2 against goods and codes, each with the expected item where the
//! result quality is checked (typo, fragment, AND and Kazakh-letter queries).
//!
//! `tauar bench mix` writes the file from two demo datasets of the same seed and different
//! sizes, choosing only goods whose names are the same in both — so that the expectations hold
//! at every size of the benchmark.

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// What a query searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Goods,
    Codes,
}

/// One query of the mix.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// exact | fragment | typo1 | typo2 | and | kazakh | code | kpved | name_only | type |
    /// facets | group | flags | supplier | deep_page | no_match | browse
    pub kind: String,
    pub target: Target,
    /// The query text (absent for browse queries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Other API parameters, e.g. `["mode", "15"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(String, String)>,
    /// The item that must be on the first page (goods: its Russian name; codes: the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
}

impl Entry {
    /// The API path of this query (first page, 20 rows unless `params` say otherwise).
    pub fn path(&self) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        if let Some(q) = &self.q {
            ser.append_pair("q", q);
        }
        for (k, v) in &self.params {
            ser.append_pair(k, v);
        }
        let base = match self.target {
            Target::Goods => "/api/v1/goods",
            Target::Codes => "/api/v1/codes",
        };
        let qs = ser.finish();
        if qs.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{qs}")
        }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The committed mix.
pub fn committed() -> anyhow::Result<Vec<Entry>> {
    serde_json::from_str(include_str!("../../bench/query_mix.json")).context("bench/query_mix.json")
}

/// A word of a name that can carry typos and fragments: letters only, at least `min` of them.
fn long_words(name: &str, min: usize) -> Vec<String> {
    name.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| w.chars().count() >= min && w.chars().all(char::is_alphabetic))
        .collect()
}

/// One adjacent transposition in the middle of the word (one edit, CAT-109).
pub fn one_typo(word: &str) -> String {
    let mut c: Vec<char> = word.chars().collect();
    let i = c.len() / 2;
    c.swap(i - 1, i);
    c.into_iter().collect()
}

/// A substitution and a deletion (two edits), for words of 6+ letters. The substituted
/// letter is of the word's own script (a Latin word keeps Latin letters).
pub fn two_typos(word: &str) -> String {
    let mut c: Vec<char> = word.chars().collect();
    let n = c.len();
    let (o, a) = if c[n / 2].is_ascii() {
        ('o', 'a')
    } else {
        ('о', 'а')
    };
    c[n / 2] = if c[n / 2] == o { a } else { o };
    c.remove(1);
    c.into_iter().collect()
}

/// The first 60 % of a word (at least 4 characters): a fragment of CAT-106.
pub fn fragment(word: &str) -> String {
    let n = word.chars().count();
    let keep = ((n * 3) / 5).max(4).min(n);
    word.chars().take(keep).collect()
}

/// Queries built from one good's name.
pub fn entries_for_good(name: &str, n: usize) -> Vec<Entry> {
    let goods = |kind: &str, q: String, expect: bool| Entry {
        kind: kind.into(),
        target: Target::Goods,
        q: Some(q),
        params: Vec::new(),
        expect: expect.then(|| name.to_string()),
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let long = long_words(name, 5);
    let mut out = Vec::new();
    // The whole name: every word must match (AND).
    out.push(goods("and", name.to_string(), true));
    // Fragments of every word.
    let frags: Vec<String> = words
        .iter()
        .map(|w| {
            if w.chars().all(char::is_alphabetic) && w.chars().count() > 4 {
                fragment(w)
            } else {
                w.to_string()
            }
        })
        .collect();
    out.push(goods("fragment", frags.join(" "), true));
    if let Some(w) = long.iter().max_by_key(|w| w.chars().count()) {
        let typo = name.replacen(w.as_str(), &one_typo(w), 1);
        out.push(goods("typo1", typo, true));
        if w.chars().count() >= 6 && n.is_multiple_of(2) {
            let typo2 = name.replacen(w.as_str(), &two_typos(w), 1);
            out.push(goods("typo2", typo2, true));
        }
    }
    // Two words, no expectation: exact-word lookups of common vocabulary.
    if words.len() >= 2 {
        out.push(goods("exact", format!("{} {}", words[0], words[1]), false));
    }
    out
}

/// Queries that do not depend on one good.
pub fn fixed_entries() -> Vec<Entry> {
    let e = |kind: &str,
             target: Target,
             q: Option<&str>,
             params: &[(&str, &str)],
             expect: Option<&str>| Entry {
        kind: kind.into(),
        target,
        q: q.map(str::to_string),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        expect: expect.map(str::to_string),
    };
    use Target::{Codes, Goods};
    vec![
        e("no_match", Goods, Some("ыыыщщщ"), &[], None),
        e("no_match", Goods, Some("zzqqxxvv"), &[], None),
        e("no_match", Codes, Some("ыыыщщщ"), &[("mode", "15")], None),
        e("fragment", Goods, Some("мол"), &[], None),
        e("fragment", Goods, Some("смартф"), &[], None),
        e("exact", Goods, Some("молоко"), &[], None),
        e("group", Goods, Some("изделия"), &[("group", "0073")], None),
        e(
            "name_only",
            Goods,
            Some("сталь"),
            &[("name_only", "true")],
            None,
        ),
        e("flags", Goods, Some("молоко"), &[("otp", "true")], None),
        e("flags", Goods, None, &[("szpt", "true")], None),
        e(
            "deep_page",
            Goods,
            Some("изделия"),
            &[("page", "50"), ("per_page", "100")],
            None,
        ),
        e("browse", Goods, None, &[("per_page", "50")], None),
        e("kazakh", Goods, Some("сүт"), &[], None),
        e("kazakh", Goods, Some("қара"), &[], None),
        e("exact", Codes, Some("молоко"), &[("mode", "15")], None),
        e(
            "and",
            Codes,
            Some("молоко натуральное"),
            &[("mode", "15")],
            Some("105111910000000"),
        ),
        e(
            "and",
            Codes,
            Some("труба стальная"),
            &[("mode", "15")],
            None,
        ),
        e(
            "typo1",
            Codes,
            Some("молако натуральное"),
            &[("mode", "15")],
            Some("105111910000000"),
        ),
        e(
            "typo2",
            Codes,
            Some("пшиница"),
            &[("mode", "15")],
            Some("011111200000001"),
        ),
        e(
            "fragment",
            Codes,
            Some("пшен тверд"),
            &[("mode", "15")],
            Some("011111200000001"),
        ),
        e(
            "code",
            Codes,
            Some("011111"),
            &[("mode", "15")],
            Some("011111200000001"),
        ),
        e(
            "code",
            Codes,
            Some("011111.200.000001"),
            &[("mode", "15")],
            Some("011111200000001"),
        ),
        e(
            "kpved",
            Codes,
            Some("10.51"),
            &[("mode", "15"), ("kpved", "true")],
            None,
        ),
        e(
            "type",
            Codes,
            Some("услуги"),
            &[("mode", "15"), ("type", "services")],
            None,
        ),
        e(
            "type",
            Codes,
            Some("работы"),
            &[("mode", "15"), ("type", "works"), ("per_page", "50")],
            None,
        ),
        e(
            "name_only",
            Codes,
            Some("молоко"),
            &[("mode", "15"), ("name_only", "true")],
            None,
        ),
        e(
            "group",
            Codes,
            Some("молоко"),
            &[("mode", "15"), ("group", "10.51")],
            None,
        ),
        e("exact", Codes, Some("зерно"), &[("mode", "30")], None),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_within_the_budget() {
        assert!(two_typos("Vetonit").is_ascii());
        for w in ["молоко", "смартфон", "полиэстер", "трубопровод", "Vetonit"]
        {
            assert_eq!(kernel::text::osa_distance(w, &one_typo(w), 3), 1, "{w}");
            assert_eq!(kernel::text::osa_distance(w, &two_typos(w), 3), 2, "{w}");
        }
        assert_eq!(fragment("полиэстер"), "полиэ");
        assert_eq!(fragment("мука"), "мука");
    }

    #[test]
    fn committed_mix_parses_and_covers_every_kind() {
        let mix = committed().unwrap();
        for kind in [
            "exact",
            "fragment",
            "typo1",
            "typo2",
            "and",
            "kazakh",
            "code",
            "kpved",
            "name_only",
            "type",
            "facets",
            "group",
            "flags",
            "deep_page",
            "no_match",
        ] {
            assert!(
                mix.iter().any(|e| e.kind == kind),
                "no {kind} query in the mix"
            );
        }
        assert!(mix.iter().filter(|e| e.expect.is_some()).count() >= 40);
    }
}
