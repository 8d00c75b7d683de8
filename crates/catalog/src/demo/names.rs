//! Names of demo goods: a short noun for the kind, a brand, a model or article number and one
//! to three characteristic values — «Смартфон Samsung A52 128 ГБ черный». The Kazakh name puts
//! the brand before the noun in its possessive form and the qualities between them — «Samsung
//! A52 қара смартфоны, 128 ГБ» — and is produced only from words of the lexicon.

use super::lexicon::{self, KkNoun};
use super::rng::Rng;

/// Words that name no product («прочие», «другие»): dropped from the kind's noun.
const GENERIC: &[&str] = &[
    "прочие",
    "прочий",
    "прочая",
    "прочее",
    "прочих",
    "другие",
    "другой",
    "другая",
    "другое",
    "остальные",
    "иные",
    "разные",
    "различные",
    "прочем",
];

/// Words after which the rest of a kind's name is a qualification, not the product.
const STOP: &[&str] = &[
    "кроме",
    "исключением",
    "включенные",
    "включенных",
    "указанные",
    "указанных",
];

/// Words that must not end a noun once the rest was cut away.
const DANGLING: &[&str] = &[
    "и", "или", "в", "для", "с", "из", "на", "без", "за", "не", "по", "от", "до",
];

/// The first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn product_words(text: &str) -> Vec<String> {
    let shouting = text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase);
    let mut words = Vec::new();
    for raw in text.split_whitespace() {
        let w: String = raw
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '%')
            .to_string();
        if w.is_empty() || w.chars().all(|c| c == '-') {
            continue;
        }
        let key = lexicon::lookup_form(&w);
        if STOP.contains(&key.as_str()) {
            break;
        }
        if GENERIC.contains(&key.as_str()) {
            continue;
        }
        words.push(if shouting { w.to_lowercase() } else { w });
    }
    while words
        .last()
        .is_some_and(|w| DANGLING.contains(&lexicon::lookup_form(w).as_str()))
    {
        words.pop();
    }
    words
}

/// The short noun of a kind, from its Russian name: the first clause (before «,», «:», «(» or
/// «;»), without generic words; never empty («Товар» when nothing is left).
pub fn kind_noun(name_ru: &str) -> String {
    let first = name_ru
        .split([',', ':', '(', ';'])
        .next()
        .unwrap_or(name_ru);
    let mut words = product_words(first);
    if words.is_empty() {
        let whole: String = name_ru
            .chars()
            .map(|c| if ",:;()".contains(c) { ' ' } else { c })
            .collect();
        words = product_words(&whole);
        words.truncate(4);
    }
    if words.is_empty() {
        return "Товар".to_string();
    }
    capitalize(&words.join(" "))
}

/// A model or article number: Latin for Latin brands («A52», «X-200», «SM-215», «HD 4560»),
/// Cyrillic for Cyrillic ones («ПМ-12», «К-300»).
pub fn model(rng: &mut Rng, latin: bool) -> String {
    const LAT: &[char] = &[
        'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'V', 'X',
        'Z',
    ];
    const CYR: &[char] = &[
        'А', 'Б', 'В', 'Г', 'Д', 'К', 'М', 'П', 'Р', 'С', 'Т', 'У', 'Э',
    ];
    let letters = if latin { LAT } else { CYR };
    let l = |rng: &mut Rng| *rng.pick(letters);
    match rng.below(if latin { 5 } else { 3 }) {
        0 => format!("{}{}-{}", l(rng), l(rng), rng.range(10, 99)),
        1 => format!("{}-{}", l(rng), rng.range(1, 9) * 100),
        2 => format!("{}{}{}-{}", l(rng), l(rng), l(rng), rng.range(1, 9)),
        3 => format!("{}{}", l(rng), rng.range(10, 99)),
        _ => format!("{}{} {}", l(rng), l(rng), rng.range(1000, 9999)),
    }
}

/// How the Kazakh name of a kind's goods is formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KkNounForm {
    /// The lexicon knows the noun: «{brand} {model} {qualities} {noun in possessive form}, {measures}».
    Lexicon(KkNoun),
    /// The kind's own Kazakh name, as a label: «{name} {brand} {model} {values}».
    KindName(String),
    /// No Kazakh noun: the good has no Kazakh name.
    None,
}

impl KkNounForm {
    /// The Kazakh form for a kind's noun: the lexicon first, then the first clause of the
    /// kind's Kazakh name.
    pub fn for_kind(noun_ru: &str, kind_name_kk: Option<&str>) -> KkNounForm {
        if let Some(n) = lexicon::noun(&lexicon::lookup_form(noun_ru)) {
            return KkNounForm::Lexicon(n);
        }
        match kind_name_kk.map(|kk| kk.split([',', ':', '(', ';']).next().unwrap_or(kk).trim()) {
            Some(kk) if !kk.is_empty() => KkNounForm::KindName(capitalize(kk)),
            _ => KkNounForm::None,
        }
    }
}

/// A characteristic value with what it becomes in a Kazakh name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameValue {
    pub ru: String,
    pub kk: KkValue,
}

/// The Kazakh side of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KkValue {
    /// A colour or material: stands before the noun.
    Quality(String),
    /// A number with its unit, a size or a code: follows the noun.
    Measure(String),
    /// Not translatable: left out of the Kazakh name.
    None,
}

impl NameValue {
    pub fn new(ru: String) -> NameValue {
        let kk = if let Some(q) = lexicon::quality(&ru) {
            KkValue::Quality(q.to_string())
        } else if let Some(m) = lexicon::measure(&ru) {
            KkValue::Measure(m)
        } else {
            KkValue::None
        };
        NameValue { ru, kk }
    }
}

/// «Смартфон Samsung A52 128 ГБ черный».
pub fn name_ru(noun: &str, brand: &str, model: Option<&str>, values: &[&NameValue]) -> String {
    let mut parts: Vec<&str> = vec![noun, brand];
    parts.extend(model);
    parts.extend(values.iter().map(|v| v.ru.as_str()));
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// The Kazakh name, or `None` when the noun has no Kazakh form.
pub fn name_kk(
    noun: &KkNounForm,
    brand: &str,
    model: Option<&str>,
    values: &[&NameValue],
) -> Option<String> {
    match noun {
        KkNounForm::None => None,
        KkNounForm::Lexicon(n) => {
            let mut head: Vec<&str> = vec![brand];
            head.extend(model);
            let mut measures = Vec::new();
            for v in values {
                match &v.kk {
                    KkValue::Quality(q) => head.push(q),
                    KkValue::Measure(m) => measures.push(m.as_str()),
                    KkValue::None => {}
                }
            }
            head.push(n.possessive);
            head.retain(|p| !p.is_empty());
            let mut s = capitalize(&head.join(" "));
            for m in measures {
                s.push_str(", ");
                s.push_str(m);
            }
            Some(s)
        }
        KkNounForm::KindName(kk) => {
            let mut parts: Vec<&str> = vec![kk, brand];
            parts.extend(model);
            for v in values {
                match &v.kk {
                    KkValue::Quality(s) | KkValue::Measure(s) => parts.push(s),
                    KkValue::None => {}
                }
            }
            parts.retain(|p| !p.is_empty());
            Some(parts.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_come_from_the_first_clause() {
        assert_eq!(kind_noun("Смартфон"), "Смартфон");
        assert_eq!(
            kind_noun("молоко питьевое, пастеризованное (жирность до 6%)"),
            "Молоко питьевое"
        );
        assert_eq!(kind_noun("ЛОШАДИ, ОСЛЫ, МУЛЫ И ЛОШАКИ ЖИВЫЕ"), "Лошади");
        assert_eq!(kind_noun("прочие"), "Товар");
        assert_eq!(kind_noun("прочие: мясо замороженное"), "Мясо замороженное");
        assert_eq!(
            kind_noun("- - прочие изделия из пластмасс"),
            "Изделия из пластмасс"
        );
        assert_eq!(kind_noun("овощи, кроме картофеля"), "Овощи");
        assert_eq!(kind_noun("машины, кроме указанных в субпозиции"), "Машины");
        assert_eq!(kind_noun("инструменты для"), "Инструменты");
        assert_eq!(kind_noun(""), "Товар");
    }

    #[test]
    fn names_in_both_languages() {
        let values = [
            NameValue::new("128 ГБ".into()),
            NameValue::new("черный".into()),
        ];
        let refs: Vec<&NameValue> = values.iter().collect();
        assert_eq!(
            name_ru("Смартфон", "Samsung", Some("A52"), &refs),
            "Смартфон Samsung A52 128 ГБ черный"
        );
        let kk = KkNounForm::for_kind("Смартфон", None);
        assert_eq!(
            name_kk(&kk, "Samsung", Some("A52"), &refs).as_deref(),
            Some("Samsung A52 қара смартфоны, 128 ГБ")
        );
        let milk = [NameValue::new("3,2 %".into()), NameValue::new("1 л".into())];
        let refs: Vec<&NameValue> = milk.iter().collect();
        let kk = KkNounForm::for_kind("Молоко", None);
        assert_eq!(
            name_kk(&kk, "Адал", None, &refs).as_deref(),
            Some("Адал сүті, 3,2 %, 1 л")
        );
        assert_eq!(KkNounForm::for_kind("Лошади", None), KkNounForm::None);
        assert_eq!(name_kk(&KkNounForm::None, "Адал", None, &refs), None);
        let label = KkNounForm::for_kind("Лошади", Some("жылқылар, есектер"));
        assert_eq!(
            name_kk(&label, "KazBeef", None, &refs).as_deref(),
            Some("Жылқылар KazBeef 3,2 % 1 л")
        );
        let odd = [NameValue::new("высший".into())];
        let refs: Vec<&NameValue> = odd.iter().collect();
        let kk = KkNounForm::for_kind("Мука", None);
        assert_eq!(
            name_kk(&kk, "Цесна", None, &refs).as_deref(),
            Some("Цесна ұны")
        );
    }

    #[test]
    fn models_look_like_models() {
        let mut r = Rng::new(3);
        for _ in 0..100 {
            let m = model(&mut r, true);
            assert!(m.is_ascii() && m.chars().any(|c| c.is_ascii_digit()), "{m}");
            let m = model(&mut r, false);
            assert!(
                !m.is_ascii() && m.chars().any(|c| c.is_ascii_digit()),
                "{m}"
            );
        }
    }
}
