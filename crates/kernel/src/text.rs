//! Text normalisation shared by search, imports and duplicate checks.
//!
//! * [`search_words`] splits text into the words that search indexes and matches (CAT-103,
//!   CAT-104): Unicode NFC, lower case, «ё»→«е»; every character that is not a letter, a digit,
//!   `.` or `-` separates words; `.` and `-` at the edges of a word are dropped (a sentence-final
//!   full stop is not part of the word), duplicates removed.
//! * [`fold`] is applied on top for *matching* only: Kazakh letters fold to their Russian
//!   look-alikes (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и) so that a Russian keyboard finds
//!   Kazakh words, and Latin letters typed inside a Cyrillic word (a, c, e, o, p, x, y, i, h)
//!   become Cyrillic. See docs/adr/0003-search-normalisation.md.
//! * [`normalize_name`] is the name key of CAT-20 (uniqueness and duplicate checks).

use unicode_normalization::UnicodeNormalization;

/// Is `c` part of a word (CAT-103)? ASCII and the Cyrillic block are answered without the
/// general Unicode tables (they are most of every text and the tables were the indexer's
/// hottest spot).
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric() || c == '.' || c == '-',
        // Cyrillic letters, except ҂ (U+0482) and the combining marks U+0483–U+0489.
        0x0400..=0x0481 | 0x048A..=0x04FF => true,
        _ => c.is_alphanumeric(),
    }
}

/// Lower case of one character, with the same fast paths as [`is_word_char`]; characters with
/// a multi-character lower case keep the general rule.
fn push_lower(out: &mut String, c: char) {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A => char::from_u32(u + 0x20),
        0..=0x7F => Some(c),
        0x0410..=0x042F => char::from_u32(u + 0x20),
        0x0400..=0x040F => char::from_u32(u + 0x50),
        0x0430..=0x045F => Some(c),
        _ => None,
    };
    match lower {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// NFC, lower case, «ё»→«е» (CAT-103).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| {
        if c == 'ё' || c == 'Ё' {
            out.push('е');
        } else {
            push_lower(&mut out, c);
        }
    };
    // Almost every text is already NFC: the quick check avoids recomposing it.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text.chars().for_each(&mut push);
    } else {
        text.nfc().for_each(&mut push);
    }
    out
}

/// The words of `text` in order of first appearance, normalised, without duplicates
/// (CAT-103, CAT-104). Words are not folded: see [`fold`].
pub fn search_words(text: &str) -> Vec<String> {
    let norm = normalize(text);
    let mut out: Vec<String> = Vec::new();
    for raw in norm.split(|c: char| !is_word_char(c)) {
        let word = raw.trim_matches(|c| c == '.' || c == '-');
        if !word.is_empty() && !out.iter().any(|w| w == word) {
            out.push(word.to_string());
        }
    }
    out
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// The matching key of a normalised word: Kazakh letters folded to Russian ones, Latin
/// look-alikes inside Cyrillic words made Cyrillic.
pub fn fold(word: &str) -> String {
    let cyrillic = word.chars().any(is_cyrillic);
    word.chars()
        .map(|c| match c {
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            'a' if cyrillic => 'а',
            'c' if cyrillic => 'с',
            'e' if cyrillic => 'е',
            'o' if cyrillic => 'о',
            'p' if cyrillic => 'р',
            'x' if cyrillic => 'х',
            'y' if cyrillic => 'у',
            'i' if cyrillic => 'и',
            'h' if cyrillic => 'х',
            other => other,
        })
        .collect()
}

/// Words folded for matching, without duplicates.
pub fn match_keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in search_words(text) {
        let k = fold(&w);
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// CAT-20: NFC, lower case, «ё»→«е», runs of whitespace collapsed, trimmed, trailing
/// punctuation removed.
pub fn normalize_name(name: &str) -> String {
    let norm = normalize(name);
    let collapsed = norm.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches(|c: char| {
            c.is_ascii_punctuation() || "«»…—–".contains(c) || c.is_whitespace()
        })
        .to_string()
}

/// Number of characters (not bytes).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Optimal-string-alignment Damerau–Levenshtein distance (CAT-109): insertion, deletion,
/// substitution and transposition of adjacent characters each cost 1. Stops early and returns
/// `limit + 1` once the distance must exceed `limit`.
pub fn osa_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(limit + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cat_103_normalisation() {
        assert_eq!(normalize("ЁЛКА Труба"), "елка труба");
        // NFC: «й» typed as и + combining breve is the same word.
        assert_eq!(normalize("Баи\u{0306}"), "бай");
        assert_eq!(
            search_words("Труба, стальная; (ГОСТ 8732-78)"),
            ["труба", "стальная", "гост", "8732-78"]
        );
        assert_eq!(
            search_words("КПВЭД 24.20. Болт М-25."),
            ["кпвэд", "24.20", "болт", "м-25"]
        );
    }

    #[test]
    fn fast_paths_agree_with_unicode() {
        for u in (0u32..0x0600).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || c == '.' || c == '-',
                "U+{u:04X}"
            );
            let mut fast = String::new();
            push_lower(&mut fast, c);
            assert_eq!(fast, c.to_lowercase().collect::<String>(), "U+{u:04X}");
        }
    }

    #[test]
    fn cat_104_duplicates_removed() {
        assert_eq!(search_words("труба Труба ТРУБА сталь"), ["труба", "сталь"]);
    }

    #[test]
    fn folding_kazakh_and_latin_lookalikes() {
        assert_eq!(fold("қазақстан"), "казакстан");
        assert_eq!(fold("өнім"), "оним");
        assert_eq!(fold("тpуба"), "труба"); // Latin p inside a Cyrillic word
        assert_eq!(fold("macbook"), "macbook"); // Latin words stay Latin
        assert_eq!(match_keys("Сүт Сут"), ["сут"]);
    }

    #[test]
    fn cat_20_name_key() {
        assert_eq!(
            normalize_name("  Молоко   Пастеризованное. "),
            "молоко пастеризованное"
        );
        assert_eq!(normalize_name("Ёмкость!!"), "емкость");
    }

    #[test]
    fn cat_109_distances() {
        assert_eq!(osa_distance("трбуа", "труба", 2), 1); // one transposition
        assert_eq!(osa_distance("трбау", "труба", 2), 2);
        assert_eq!(osa_distance("молако", "молоко", 2), 1);
        assert_eq!(osa_distance("малака", "молоко", 2), 3);
        assert_eq!(osa_distance("ab", "ba", 2), 1);
        assert_eq!(osa_distance("", "abc", 5), 3);
    }

    proptest! {
        #[test]
        fn osa_is_symmetric_and_bounded(a in "[абвгд]{0,8}", b in "[абвгд]{0,8}") {
            let d = osa_distance(&a, &b, 20);
            prop_assert_eq!(d, osa_distance(&b, &a, 20));
            prop_assert!(d <= a.chars().count().max(b.chars().count()));
            prop_assert_eq!(d == 0, a == b);
        }

        #[test]
        fn words_never_contain_separators(s in "\\PC{0,60}") {
            for w in search_words(&s) {
                prop_assert!(!w.is_empty());
                prop_assert!(w.chars().all(is_word_char));
                prop_assert!(!w.starts_with('.') && !w.ends_with('-'));
            }
        }
    }
}
