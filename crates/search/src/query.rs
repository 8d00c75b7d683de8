//! The query language of spec/catalog.md §4.2: normalisation (CAT-103), tokens (CAT-104),
//! the 3-character minimum (CAT-105) and the typo budget of each token (CAT-109).
//!
//! Parsing never fails on odd input: it returns tokens, or a [`QueryError`] that the web layer
//! turns into a message in the user's language.

use kernel::text;

/// A token needs at least this many characters (CAT-105).
pub const MIN_TOKEN_CHARS: usize = 3;
/// Longest query accepted, in characters (a pasted full product name fits).
pub const MAX_QUERY_CHARS: usize = 500;
/// Most tokens in one query (each is one more term-set intersection).
pub const MAX_TOKENS: usize = 32;

/// One word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised word (CAT-103), as typed.
    pub word: String,
    /// The matching key: the word folded (kernel::text::fold).
    pub key: String,
    /// Edits allowed when the token has no exact occurrence (CAT-109), `None` when the token
    /// must never be matched fuzzily.
    pub typo_budget: Option<u8>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub tokens: Vec<Token>,
    /// Words shorter than 3 characters, ignored (CAT-105).
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// CAT-105: no token of 3 or more characters.
    #[error("enter at least 3 characters")]
    TooShort,
    #[error("the query is too long")]
    TooLong,
}

/// CAT-109 (3)–(5): alphabetic tokens of 3–4 letters allow 1 edit, of 5 or more letters 2;
/// tokens with digits (or any non-letter) are never matched fuzzily.
pub fn typo_budget(word: &str) -> Option<u8> {
    if !word.chars().all(char::is_alphabetic) {
        return None;
    }
    match text::char_len(word) {
        0..=2 => None,
        3 | 4 => Some(1),
        _ => Some(2),
    }
}

/// Parses a query (CAT-103 … CAT-105).
pub fn parse(q: &str) -> Result<ParsedQuery, QueryError> {
    if text::char_len(q) > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong);
    }
    let mut parsed = ParsedQuery::default();
    for word in text::search_words(q) {
        if text::char_len(&word) < MIN_TOKEN_CHARS {
            parsed.ignored.push(word);
            continue;
        }
        let key = text::fold(&word);
        if parsed.tokens.iter().any(|t| t.key == key) {
            continue; // CAT-104: duplicates removed
        }
        parsed.tokens.push(Token {
            typo_budget: typo_budget(&key),
            key,
            word,
        });
    }
    if parsed.tokens.is_empty() {
        return Err(QueryError::TooShort);
    }
    if parsed.tokens.len() > MAX_TOKENS {
        return Err(QueryError::TooLong);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(q: &str) -> Vec<String> {
        parse(q)
            .map(|p| p.tokens.into_iter().map(|t| t.key).collect())
            .unwrap_or_default()
    }

    #[test]
    fn cat_103_normalised_and_separated() {
        assert_eq!(
            keys("Труба,СТАЛЬНАЯ;ёмкость"),
            ["труба", "стальная", "емкость"]
        );
        assert_eq!(keys("24.20 м-25"), ["24.20", "м-25"]);
    }

    #[test]
    fn cat_104_tokens_and_duplicates() {
        assert_eq!(keys("труб стал труб ТРУБ"), ["труб", "стал"]);
    }

    #[test]
    fn cat_105_short_tokens_ignored() {
        let p = parse("тр стал").unwrap();
        assert_eq!(p.ignored, ["тр"]);
        assert_eq!(p.tokens.len(), 1);
        assert_eq!(parse("тр"), Err(QueryError::TooShort));
        assert_eq!(parse("  ,, "), Err(QueryError::TooShort));
        assert_eq!(parse("а б в"), Err(QueryError::TooShort));
    }

    #[test]
    fn cat_109_typo_budget() {
        assert_eq!(typo_budget("мол"), Some(1));
        assert_eq!(typo_budget("труб"), Some(1));
        assert_eq!(typo_budget("трбуа"), Some(2));
        assert_eq!(typo_budget("24201"), None);
        assert_eq!(typo_budget("м-25"), None);
        assert_eq!(typo_budget("a4"), None);
    }

    #[test]
    fn overlong_queries_refused() {
        assert_eq!(parse(&"труба ".repeat(100)), Err(QueryError::TooLong));
        let many: String = (0..40).map(|i| format!("слово{i} ")).collect();
        assert_eq!(parse(&many), Err(QueryError::TooLong));
    }

    proptest! {
        #[test]
        fn parser_never_panics_and_tokens_are_long_enough(q in "\\PC{0,80}") {
            if let Ok(p) = parse(&q) {
                prop_assert!(!p.tokens.is_empty());
                for t in p.tokens {
                    prop_assert!(kernel::text::char_len(&t.word) >= MIN_TOKEN_CHARS);
                    prop_assert!(!t.key.is_empty());
                }
            }
        }
    }
}
