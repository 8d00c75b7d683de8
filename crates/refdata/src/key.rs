//! The search key of a dictionary entry and the `LIKE` patterns of a query, kept side by side
//! so that they cannot drift apart.
//!
//! A key is `<codes> | <names> [| <folded names>]`, all through [`kernel::text::normalize`]
//! (NFC, lower case, «ё»→«е») with runs of whitespace collapsed:
//!
//! * `<codes>`: the code, then the code without `.`/`-`/spaces when that differs (КПВЭД
//!   `10.51.52` also as `105152`, the form inside an ЕНС ТРУ code). The code comes first, so a
//!   key starting with the query means a code prefix (used to rank results).
//! * `<names>`: the Russian and Kazakh names, `|`-separated.
//! * `<folded names>`: the names with Kazakh letters folded to their Russian look-alikes
//!   ([`kernel::text::fold`], word by word), present only when it differs, so that «Семей к»
//!   typed on a Russian keyboard finds «Семей қ.».
//!
//! A query is normalised the same way and matched as a substring (`LIKE '%q%'`), its folded
//! form too, and — for code-like queries such as `01.11` or `0101 21 000 0` — its compact form.

use kernel::text::{fold, normalize};

/// The escape character of every `LIKE` pattern built here (`ESCAPE '\'` in the SQL).
pub(crate) const LIKE_ESCAPE: char = '\\';

/// Normalised text with runs of whitespace collapsed to one space and trimmed.
fn norm(text: &str) -> String {
    let normalized = normalize(text);
    let mut out = String::with_capacity(normalized.len());
    for word in normalized.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`fold`] applied word by word (its Latin→Cyrillic rule looks at the whole word).
fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&fold(word));
    }
    out
}

/// The code without separators (`10.51.52` → `105152`).
fn compact(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '.' | '-' | ' '))
        .collect()
}

/// The search key of an entry with this code and these names (absent names skipped).
pub(crate) fn search_key(code: &str, names: &[Option<&str>]) -> String {
    let code = norm(code);
    let mut key = code.clone();
    let short = compact(&code);
    if short != code {
        key.push(' ');
        key.push_str(&short);
    }
    let mut joined = String::new();
    for name in names
        .iter()
        .flatten()
        .map(|n| norm(n))
        .filter(|n| !n.is_empty())
    {
        if !joined.is_empty() {
            joined.push_str(" | ");
        }
        joined.push_str(&name);
    }
    let names = joined;
    key.push_str(" | ");
    key.push_str(&names);
    let folded = fold_words(&names);
    if folded != names {
        key.push_str(" | ");
        key.push_str(&folded);
    }
    key
}

/// `LIKE` patterns of one search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryPatterns {
    /// Substring patterns; an entry matches when its key matches any of them.
    pub any_of: [String; 3],
    /// Keys matching this start with the query: a code prefix (ranks first).
    pub code_prefix: String,
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            out.push(LIKE_ESCAPE);
        }
        out.push(c);
    }
    out
}

/// The patterns of `query`, or `None` when it is blank.
pub(crate) fn query_patterns(query: &str) -> Option<QueryPatterns> {
    let q = norm(query);
    if q.is_empty() {
        return None;
    }
    let plain = format!("%{}%", escape_like(&q));
    let folded = format!("%{}%", escape_like(&fold_words(&q)));
    let code_like = q.chars().any(|c| c.is_ascii_digit())
        && q.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ' '));
    let short = if code_like {
        format!("%{}%", escape_like(&compact(&q)))
    } else {
        plain.clone()
    };
    Some(QueryPatterns {
        any_of: [plain, folded, short],
        code_prefix: format!("{}%", escape_like(&q)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQL `LIKE` with `%` wildcards only (what the tests need), honouring the escape.
    fn like(key: &str, pattern: &str) -> bool {
        let mut parts: Vec<String> = vec![String::new()];
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => parts.last_mut().unwrap().push(chars.next().unwrap()),
                '%' => parts.push(String::new()),
                c => parts.last_mut().unwrap().push(c),
            }
        }
        let (first, rest) = parts.split_first().unwrap();
        let Some(mut tail) = key.strip_prefix(first.as_str()) else {
            return false;
        };
        for (i, p) in rest.iter().enumerate() {
            if i == rest.len() - 1 {
                return tail.ends_with(p.as_str());
            }
            match tail.find(p.as_str()) {
                Some(at) => tail = &tail[at + p.len()..],
                None => return false,
            }
        }
        tail.is_empty()
    }

    fn finds(key: &str, query: &str) -> bool {
        let p = query_patterns(query).unwrap();
        p.any_of.iter().any(|pat| like(key, pat))
    }

    #[test]
    fn key_has_codes_names_and_folded_names() {
        let k = search_key("10.51.52", &[Some("Молоко  Ёмкое"), None]);
        assert_eq!(k, "10.51.52 105152 | молоко емкое");
        let k = search_key("101000000", &[Some("Семей Г.А."), Some("Семей Қ.Ә.")]);
        assert_eq!(
            k,
            "101000000 | семей г.а. | семей қ.ә. | семей г.а. | семей к.а."
        );
    }

    #[test]
    fn any_case_any_keyboard_and_code_forms_match() {
        let k = search_key("750000000", &[Some("г.Алматы"), Some("Алматы қ.")]);
        assert!(finds(&k, "АЛМАТЫ"));
        assert!(finds(&k, "алматы қ"));
        assert!(finds(&k, "алматы к"));
        assert!(finds(&k, "7500"));
        assert!(!finds(&k, "астана"));
        let k = search_key("10.51.52", &[Some("Сыры")]);
        assert!(finds(&k, "105152"));
        assert!(finds(&k, "10.51.5"));
        let k = search_key("0101210000", &[Some("чистопородные")]);
        assert!(finds(&k, "0101 21 000 0"));
    }

    #[test]
    fn wildcards_in_queries_are_literal() {
        let p = query_patterns("50%_x").unwrap();
        assert_eq!(p.any_of[0], "%50\\%\\_x%");
        assert_eq!(p.code_prefix, "50\\%\\_x%");
        assert!(query_patterns("   ").is_none());
    }
}
