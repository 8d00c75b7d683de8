//! The demo ОКТРУ, derived from the ТН ВЭД ЕАЭС 2022 (rules in the parent module's doc).

use super::sources::{self, Table, field};
use super::templates;
use crate::ClassifierError;
use crate::import::OktruSnapshot;
use crate::model::{OktruLevel, OktruNode};
use std::collections::BTreeMap;

/// ОКТРУ names are Text(500) (§2.2.2).
const NAME_LIMIT: usize = 500;
/// The heading part of class and kind names is cut to about this many characters.
const HEADING_PREFIX_LIMIT: usize = 150;

/// Lines that say only "the others" and need the line above them to mean anything.
const GENERIC: &[&str] = &[
    "прочие",
    "прочий",
    "прочая",
    "прочее",
    "другие",
    "другой",
    "другая",
    "другое",
];

/// «ЛОШАДИ, ОСЛЫ …» → «Лошади, ослы …».
fn sentence_case(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
}

/// Cuts at a word boundary to at most `limit` characters, marking the cut with «…».
fn truncate_words(s: &str, limit: usize) -> String {
    if s.chars().count() <= limit {
        return s.to_string();
    }
    let cut: String = s.chars().take(limit - 1).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(head, _)| head)
        .trim_end_matches([',', ';', ' ']);
    format!("{cut}…")
}

/// A code line without the trailing colon and footnote marks (`говядина12)` → `говядина`).
fn clean_line(s: &str) -> String {
    let mut t = s.trim().trim_end_matches(':').trim_end().to_string();
    if let Some(body) = t.strip_suffix(')') {
        let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let before = body[..body.len() - digits].chars().last();
        if (1..=2).contains(&digits) && before.is_some_and(char::is_alphabetic) {
            t.truncate(body.len() - digits);
        }
    }
    t
}

fn is_generic(line: &str) -> bool {
    GENERIC.contains(&kernel::text::normalize_name(line).as_str())
}

/// The heading name as the first part of class and kind names: sentence case, up to the
/// first «;», at most [`HEADING_PREFIX_LIMIT`] characters.
fn heading_prefix(name: &str) -> String {
    let s = sentence_case(name);
    let s = match s.split_once(';') {
        Some((head, _)) if head.chars().count() >= 10 => head.to_string(),
        _ => s,
    };
    truncate_words(&s, HEADING_PREFIX_LIMIT)
}

fn node(
    code: String,
    level: OktruLevel,
    parent: Option<&str>,
    name: String,
    tnved: &str,
) -> OktruNode {
    OktruNode {
        code,
        level,
        parent_code: parent.map(str::to_string),
        name_ru: truncate_words(&name, NAME_LIMIT),
        name_kk: None,
        attributes: Vec::new(),
        tnved: Some(tnved.to_string()),
        is_demo: true,
    }
}

/// One coded line of the nomenclature.
struct Line {
    code: String,
    dash: usize,
    text: String,
}

/// Derives the demo ОКТРУ.
pub(super) fn derive() -> Result<OktruSnapshot, ClassifierError> {
    let mut nodes = Vec::new();
    let chapters = Table::parse("tnved_chapters.csv", sources::TNVED_CHAPTERS)?;
    let (ch_code, ch_name) = (chapters.col("chapter")?, chapters.col("name_ru")?);
    for r in &chapters.rows {
        let ch = field(r, ch_code);
        nodes.push(node(
            format!("00{ch}"),
            OktruLevel::Category,
            None,
            sentence_case(field(r, ch_name)),
            ch,
        ));
    }
    let headings = Table::parse("tnved_headings.csv", sources::TNVED_HEADINGS)?;
    let (h_code, h_name, h_chapter) = (
        headings.col("heading")?,
        headings.col("name_ru")?,
        headings.col("chapter")?,
    );
    let mut heading_names: BTreeMap<String, String> = BTreeMap::new();
    for r in &headings.rows {
        let (h, ch) = (field(r, h_code), field(r, h_chapter));
        let cat = format!("00{ch}");
        nodes.push(node(
            format!("{cat}.{h}"),
            OktruLevel::Group,
            Some(&cat),
            sentence_case(field(r, h_name)),
            h,
        ));
        heading_names.insert(h.to_string(), field(r, h_name).to_string());
    }
    let codes = Table::parse("tnved_codes.csv", sources::TNVED_CODES)?;
    let (c_code, c_dash, c_name, c_heading) = (
        codes.col("code")?,
        codes.col("dash_level")?,
        codes.col("name_ru")?,
        codes.col("heading")?,
    );
    let mut by_heading: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    for r in &codes.rows {
        let code = field(r, c_code);
        if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        by_heading
            .entry(field(r, c_heading).to_string())
            .or_default()
            .push(Line {
                code: code.to_string(),
                dash: field(r, c_dash).parse().unwrap_or(1),
                text: clean_line(field(r, c_name)),
            });
    }
    for (heading, mut lines) in by_heading {
        let Some(heading_name) = heading_names.get(&heading) else {
            continue;
        };
        lines.sort_by(|a, b| a.code.cmp(&b.code));
        let chapter = &heading[..2];
        let group = format!("00{chapter}.{heading}");
        heading_nodes(
            &mut nodes,
            &group,
            &heading_prefix(heading_name),
            chapter,
            &lines,
        );
    }
    nodes.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(OktruSnapshot { nodes })
}

/// Classes (6-digit subheadings) and kinds (10-digit codes) of one heading.
fn heading_nodes(
    nodes: &mut Vec<OktruNode>,
    group: &str,
    prefix: &str,
    chapter: &str,
    lines: &[Line],
) {
    let attrs = templates::defs(templates::oktru_attrs(chapter.parse().unwrap_or(0)));
    let mut subheadings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        subheadings.entry(&l.code[..6]).or_default().push(i);
    }
    for (sub, members) in subheadings {
        let class = format!("{group}.00{}", &sub[4..6]);
        let name = match members.iter().map(|&i| &lines[i]).find(|l| l.dash == 1) {
            Some(l) => format!("{prefix}: {}", l.text),
            None => format!("{prefix} (субпозиция {} {})", &sub[..4], &sub[4..6]),
        };
        let mut class_node = node(class.clone(), OktruLevel::Class, Some(group), name, sub);
        class_node.attributes = attrs.clone();
        nodes.push(class_node);
        for &i in &members {
            let l = &lines[i];
            let kind = format!("{class}.00000{}", &l.code[6..10]);
            nodes.push(node(
                kind,
                OktruLevel::Kind,
                Some(&class),
                kind_name(prefix, lines, i),
                &l.code,
            ));
        }
    }
}

/// The name of a kind: the heading, then the line; a generic line («прочие») also gets the
/// nearest less-dashed, non-generic line above it in the heading.
fn kind_name(prefix: &str, lines: &[Line], i: usize) -> String {
    let line = &lines[i];
    if !is_generic(&line.text) {
        return format!("{prefix}: {}", line.text);
    }
    let mut dash = line.dash;
    for above in lines[..i].iter().rev() {
        if above.dash < dash {
            if !is_generic(&above.text) {
                return format!("{prefix}: {}, {}", above.text, line.text);
            }
            dash = above.dash;
        }
    }
    format!("{prefix}: {}", line.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_lines() {
        assert_eq!(
            clean_line("высококачественная говядина12)"),
            "высококачественная говядина"
        );
        assert_eq!(
            clean_line("для гражданских воздушных судов5)"),
            "для гражданских воздушных судов"
        );
        assert_eq!(clean_line("прочие:"), "прочие");
        assert_eq!(clean_line("смеси (50 %)"), "смеси (50 %)");
        assert_eq!(clean_line("класса 2)"), "класса 2)");
    }

    #[test]
    fn names() {
        assert_eq!(sentence_case("ЛОШАДИ, ОСЛЫ"), "Лошади, ослы");
        let long = "слово ".repeat(200);
        let t = truncate_words(&long, 50);
        assert!(t.chars().count() <= 50 && t.ends_with('…'));
        let lines = vec![
            Line {
                code: "0101210000".into(),
                dash: 2,
                text: "чистопородные племенные животные".into(),
            },
            Line {
                code: "0101291000".into(),
                dash: 3,
                text: "убойные".into(),
            },
            Line {
                code: "0101299000".into(),
                dash: 3,
                text: "прочие".into(),
            },
        ];
        assert_eq!(kind_name("Лошади", &lines, 1), "Лошади: убойные");
        assert_eq!(
            kind_name("Лошади", &lines, 2),
            "Лошади: чистопородные племенные животные, прочие"
        );
    }
}
