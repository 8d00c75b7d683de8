//! Types of the two classifiers: ОКТРУ nodes (категория → группа → класс → вид, §2.2.2) and
//! ЕНС ТРУ codes with their classes, sections and replacements (§2.3.3–§2.3.7).
//!
//! Codes are value types: the only way to get an [`EnsCodeStr`] or an [`OktruCode`] is their
//! `parse`, so code that holds one never checks it again (house style "parse, don't validate").
//!
//! # ЕНС ТРУ code format (G-9)
//!
//! A code is exactly **15 or 30 ASCII digits** (`V15`, `V30`). The dotted 17-character form
//! `XXXXXX.XXX.XXXXXX` that the procurement portal shows for real KTRU codes
//! (`011111.200.000001`) is accepted as input and stored as its 15 digits. Surrounding
//! whitespace is ignored; anything else (14, 16, 29, 31 digits, letters, other dot positions)
//! is [`ClassifierError::MalformedCode`].
//!
//! # ОКТРУ code format (G-21)
//!
//! The seeds give ОКТРУ no code format. Tauar uses four digit segments of widths 4, 4, 4 and 9
//! joined by dots; the number of segments is the level:
//!
//! | level | form | example |
//! |---|---|---|
//! | category «Категория» | `NNNN` | `0001` |
//! | group «Группа» | `NNNN.NNNN` | `0001.0101` |
//! | class «Класс» | `NNNN.NNNN.NNNN` | `0001.0101.0021` |
//! | kind «Вид» | `NNNN.NNNN.NNNN.NNNNNNNNN` | `0001.0101.0021.000000000` |
//!
//! A code's parent is the code without its last segment, so the strict four-level rule of
//! CAT-18 / G-20 holds by construction. The demo classifier derives the segments from
//! ТН ВЭД digits (see `demo`).
//!
//! # КПВЭД codes (§2.3.3, CAT-23)
//!
//! Dotted, first two segments two digits each: `24.20`, `24.20.1`, `24.20.12`. The group key
//! is the first two segments ([`kpved_group_key`]).

use crate::ClassifierError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// «Вид ТРУ» (§2.3.6, 003 Рис. 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectType {
    /// «Товары»
    Goods,
    /// «Работы»
    Works,
    /// «Услуги»
    Services,
}

impl SubjectType {
    pub const ALL: [SubjectType; 3] = [
        SubjectType::Goods,
        SubjectType::Works,
        SubjectType::Services,
    ];

    /// The stored form: `goods`, `works`, `services`.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectType::Goods => "goods",
            SubjectType::Works => "works",
            SubjectType::Services => "services",
        }
    }

    /// The Russian label of the filter (CAT-98 item 6).
    pub fn label_ru(self) -> &'static str {
        match self {
            SubjectType::Goods => "Товары",
            SubjectType::Works => "Работы",
            SubjectType::Services => "Услуги",
        }
    }

    /// Reads the stored form or a Russian label (singular or plural, any case).
    pub fn parse(s: &str) -> Option<SubjectType> {
        let s = kernel::text::normalize(s.trim());
        match s.as_str() {
            "goods" | "товары" | "товар" => Some(SubjectType::Goods),
            "works" | "работы" | "работа" => Some(SubjectType::Works),
            "services" | "услуги" | "услуга" => Some(SubjectType::Services),
            _ => None,
        }
    }
}

/// The code version: 15 or 30 characters (CAT-100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CodeVersion {
    V15,
    V30,
}

impl CodeVersion {
    pub fn length(self) -> usize {
        match self {
            CodeVersion::V15 => 15,
            CodeVersion::V30 => 30,
        }
    }

    pub fn from_length(len: i64) -> Option<CodeVersion> {
        match len {
            15 => Some(CodeVersion::V15),
            30 => Some(CodeVersion::V30),
            _ => None,
        }
    }

    /// The version whose codes replace or are replaced by this one's (G-10).
    pub fn other(self) -> CodeVersion {
        match self {
            CodeVersion::V15 => CodeVersion::V30,
            CodeVersion::V30 => CodeVersion::V15,
        }
    }
}

/// An ЕНС ТРУ code that is known to be well formed: 15 or 30 digits (format in the module doc).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct EnsCodeStr(String);

impl EnsCodeStr {
    pub fn parse(input: &str) -> Result<EnsCodeStr, ClassifierError> {
        let s = input.trim();
        let malformed = || ClassifierError::MalformedCode {
            kind: "enstru",
            input: input.to_string(),
        };
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if (s.len() == 15 || s.len() == 30) && all_digits(s) {
            return Ok(EnsCodeStr(s.to_string()));
        }
        if s.len() == 17 {
            let parts: Vec<&str> = s.split('.').collect();
            if let [a, b, c] = parts.as_slice()
                && a.len() == 6
                && b.len() == 3
                && c.len() == 6
                && all_digits(a)
                && all_digits(b)
                && all_digits(c)
            {
                return Ok(EnsCodeStr(format!("{a}{b}{c}")));
            }
        }
        Err(malformed())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn version(&self) -> CodeVersion {
        if self.0.len() == 15 {
            CodeVersion::V15
        } else {
            CodeVersion::V30
        }
    }

    /// The portal's dotted form `XXXXXX.XXX.XXXXXX` of a 15-digit code; 30-digit codes as
    /// they are.
    pub fn dotted(&self) -> String {
        match self.version() {
            CodeVersion::V15 => format!("{}.{}.{}", &self.0[..6], &self.0[6..9], &self.0[9..]),
            CodeVersion::V30 => self.0.clone(),
        }
    }
}

impl fmt::Display for EnsCodeStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Level of an ОКТРУ node (§2.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OktruLevel {
    /// «Категория» (kk «Санат»)
    Category,
    /// «Группа» (kk «Топ»)
    Group,
    /// «Класс» (kk «Класс»)
    Class,
    /// «Вид» (kk «Түр»)
    Kind,
}

impl OktruLevel {
    pub const ALL: [OktruLevel; 4] = [
        OktruLevel::Category,
        OktruLevel::Group,
        OktruLevel::Class,
        OktruLevel::Kind,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OktruLevel::Category => "category",
            OktruLevel::Group => "group",
            OktruLevel::Class => "class",
            OktruLevel::Kind => "kind",
        }
    }

    pub fn label_ru(self) -> &'static str {
        match self {
            OktruLevel::Category => "Категория",
            OktruLevel::Group => "Группа",
            OktruLevel::Class => "Класс",
            OktruLevel::Kind => "Вид",
        }
    }

    pub fn label_kk(self) -> &'static str {
        match self {
            OktruLevel::Category => "Санат",
            OktruLevel::Group => "Топ",
            OktruLevel::Class => "Класс",
            OktruLevel::Kind => "Түр",
        }
    }

    /// Reads the stored form or a Russian/Kazakh label, any case.
    pub fn parse(s: &str) -> Option<OktruLevel> {
        let s = kernel::text::normalize(s.trim());
        match s.as_str() {
            "category" | "категория" | "санат" => Some(OktruLevel::Category),
            "group" | "группа" | "топ" => Some(OktruLevel::Group),
            "class" | "класс" => Some(OktruLevel::Class),
            "kind" | "вид" | "түр" => Some(OktruLevel::Kind),
            _ => None,
        }
    }

    /// Depth, 1 for categories … 4 for kinds (= number of code segments).
    pub fn depth(self) -> usize {
        match self {
            OktruLevel::Category => 1,
            OktruLevel::Group => 2,
            OktruLevel::Class => 3,
            OktruLevel::Kind => 4,
        }
    }

    /// The level a parent must have (strict levels, CAT-18); `None` for categories.
    pub fn parent_level(self) -> Option<OktruLevel> {
        match self {
            OktruLevel::Category => None,
            OktruLevel::Group => Some(OktruLevel::Category),
            OktruLevel::Class => Some(OktruLevel::Group),
            OktruLevel::Kind => Some(OktruLevel::Class),
        }
    }

    fn from_depth(depth: usize) -> Option<OktruLevel> {
        OktruLevel::ALL.get(depth.wrapping_sub(1)).copied()
    }
}

/// Widths of the four ОКТРУ code segments (module doc).
const OKTRU_SEGMENT_WIDTHS: [usize; 4] = [4, 4, 4, 9];

/// An ОКТРУ code that is known to be well formed (format in the module doc).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct OktruCode(String);

impl OktruCode {
    pub fn parse(input: &str) -> Result<OktruCode, ClassifierError> {
        let s = input.trim();
        let malformed = || ClassifierError::MalformedCode {
            kind: "oktru",
            input: input.to_string(),
        };
        let segments: Vec<&str> = s.split('.').collect();
        if segments.len() > OKTRU_SEGMENT_WIDTHS.len() {
            return Err(malformed());
        }
        for (seg, width) in segments.iter().zip(OKTRU_SEGMENT_WIDTHS) {
            if seg.len() != width || !seg.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
        }
        Ok(OktruCode(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> OktruLevel {
        OktruLevel::from_depth(self.0.split('.').count()).unwrap_or(OktruLevel::Kind)
    }

    /// The parent's code (the code without its last segment); `None` for a category.
    pub fn parent(&self) -> Option<OktruCode> {
        self.0
            .rsplit_once('.')
            .map(|(head, _)| OktruCode(head.to_string()))
    }

    /// The codes from the category down to this code.
    pub fn path(&self) -> Vec<OktruCode> {
        let mut out: Vec<OktruCode> = Vec::with_capacity(4);
        let mut cur = Some(self.clone());
        while let Some(c) = cur {
            cur = c.parent();
            out.push(c);
        }
        out.reverse();
        out
    }
}

impl fmt::Display for OktruCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The group key of a КПВЭД code (CAT-23): its first two segments `NN.NN`. Accepts the dotted
/// form (`24.20.12` → `24.20`) and an undotted digit string of at least four digits, whose
/// first four digits are the key (`242012` → `24.20`, also an ЕНС ТРУ code prefix).
pub fn kpved_group_key(kpved: &str) -> Option<String> {
    let s = kpved.trim();
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if digit(0)
        && digit(1)
        && b.get(2) == Some(&b'.')
        && digit(3)
        && digit(4)
        && (b.len() == 5 || b.get(5) == Some(&b'.'))
    {
        return Some(s[..5].to_string());
    }
    if b.len() >= 4 && b.iter().all(u8::is_ascii_digit) {
        return Some(format!("{}.{}", &s[..2], &s[2..4]));
    }
    None
}

/// A КПВЭД code in its stored dotted form (§2.3.3): `NN.NN`, `NN.NN.N` or `NN.NN.NN`. Also
/// accepts the undotted 4-, 5- and 6-digit forms (`2420`, `24201`, `242012`). `None` when
/// it is neither.
pub fn normalize_kpved(input: &str) -> Option<String> {
    let s = input.trim();
    let b = s.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return match b.len() {
            4 => Some(format!("{}.{}", &s[..2], &s[2..4])),
            5 | 6 => Some(format!("{}.{}.{}", &s[..2], &s[2..4], &s[4..])),
            _ => None,
        };
    }
    let segs: Vec<&str> = s.split('.').collect();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    let ok = match segs.as_slice() {
        [a, b] => a.len() == 2 && b.len() == 2 && digits(a) && digits(b),
        [a, b, c] => {
            a.len() == 2
                && b.len() == 2
                && (1..=2).contains(&c.len())
                && digits(a)
                && digits(b)
                && digits(c)
        }
        _ => false,
    };
    ok.then(|| s.to_string())
}

/// Status of an ЕНС ТРУ code: only active codes are searchable (§2.3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CodeStatus {
    #[default]
    Active,
    Archived,
}

impl CodeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeStatus::Active => "active",
            CodeStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<CodeStatus> {
        match kernel::text::normalize(s.trim()).as_str() {
            "active" | "активный" | "действующий" => Some(CodeStatus::Active),
            "archived" | "архивный" | "архив" => Some(CodeStatus::Archived),
            _ => None,
        }
    }
}

/// The value of one class attribute on a code (`attribute_values`, §2.3.6).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttributeValue {
    pub name: String,
    pub value: String,
}

/// How an attribute's values are read (§2.3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    #[default]
    Text,
    /// A number, optionally followed by the unit: `57 мм`, `3,2%`.
    Number,
    /// One of `values`.
    Enum,
}

/// An attribute of a class (§2.3.5). The order of a class's list is the display order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttributeDef {
    pub name_ru: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_kk: Option<String>,
    #[serde(default)]
    pub value_type: ValueType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Allowed values of an `enum`, suggestions for the other types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// An ЕНС ТРУ code / position (§2.3.6). `version` always equals the length of `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnsCode {
    pub code: String,
    pub version: CodeVersion,
    pub subject_type: SubjectType,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub characteristics: Option<String>,
    /// КПВЭД code, dotted (`24.20.12`).
    pub kpved: String,
    pub section_code: Option<String>,
    pub class_code: Option<String>,
    pub attributes: Vec<AttributeValue>,
    /// МКЕИ codes (`796`, `006`).
    pub units: Vec<String>,
    pub synonyms: Vec<String>,
    pub status: CodeStatus,
    pub is_demo: bool,
}

impl EnsCode {
    /// The КПВЭД group key `NN.NN` of the code (CAT-23).
    pub fn group_key(&self) -> Option<String> {
        kpved_group_key(&self.kpved)
    }
}

/// An ЕНС ТРУ class with its attribute set (§2.3.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnsClass {
    pub code: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub attributes: Vec<AttributeDef>,
    pub is_demo: bool,
}

/// An entry of «справочник разделов ЕНС ТРУ» (§2.3.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnsSection {
    pub code: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub is_demo: bool,
}

/// A many-to-many replacement pair between the versions (§2.3.7, G-10).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CodeReplacement {
    pub code_v15: String,
    pub code_v30: String,
}

/// An ОКТРУ node (§2.2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OktruNode {
    pub code: String,
    pub level: OktruLevel,
    pub parent_code: Option<String>,
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// The attribute set of a class; empty for the other levels.
    pub attributes: Vec<AttributeDef>,
    /// The ТН ВЭД code a demo node was derived from.
    pub tnved: Option<String>,
    pub is_demo: bool,
}

/// Which classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassifierKind {
    Oktru,
    Enstru,
}

impl ClassifierKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClassifierKind::Oktru => "oktru",
            ClassifierKind::Enstru => "enstru",
        }
    }
}

/// One import of a classifier (table `classifier_versions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassifierVersion {
    pub kind: ClassifierKind,
    pub number: i64,
    pub label: String,
    /// The file name, or `demo`.
    pub source: String,
    pub sha256: String,
    pub is_demo: bool,
    /// Unix ms.
    pub created_at: i64,
    pub added: i64,
    pub changed: i64,
    pub removed: i64,
    pub unchanged: i64,
}

/// A stored row with the range of versions it belongs to. `version_to` is `None` while the
/// row is current; a closed row is the last state of a code that was renamed or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Versioned<T> {
    pub item: T,
    pub version_from: i64,
    pub version_to: Option<i64>,
    pub seq: i64,
}

impl<T> Versioned<T> {
    pub fn is_current(&self) -> bool {
        self.version_to.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g9_ens_codes_of_15_and_30_digits() {
        assert_eq!(
            EnsCodeStr::parse("242012500000001").unwrap().version(),
            CodeVersion::V15
        );
        let v30 = EnsCodeStr::parse("242012000000000000000000000001").unwrap();
        assert_eq!(v30.version(), CodeVersion::V30);
        assert_eq!(
            EnsCodeStr::parse(" 105111100000001 ").unwrap().as_str(),
            "105111100000001"
        );
    }

    #[test]
    fn g9_dotted_ktru_form_becomes_15_digits() {
        let c = EnsCodeStr::parse("011111.200.000001").unwrap();
        assert_eq!(c.as_str(), "011111200000001");
        assert_eq!(c.dotted(), "011111.200.000001");
    }

    #[test]
    fn g9_other_lengths_and_characters_refused() {
        for bad in [
            "",
            "24201250000000",
            "2420125000000011",
            "2420120000000000000000000000011",
            "24201200000000000000000000001",
            "24201250000000A",
            "0111112.00.000001",
            "011111.200.00001",
            "011111.200.0000001",
            "011111-200-000001",
            "٢٤٢٠١٢٥٠٠٠٠٠٠٠١",
        ] {
            assert!(
                matches!(
                    EnsCodeStr::parse(bad),
                    Err(ClassifierError::MalformedCode { .. })
                ),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn g21_oktru_levels_follow_segments() {
        let kind = OktruCode::parse("0001.0101.0021.000000000").unwrap();
        assert_eq!(kind.level(), OktruLevel::Kind);
        let class = kind.parent().unwrap();
        assert_eq!(class.as_str(), "0001.0101.0021");
        assert_eq!(class.level(), OktruLevel::Class);
        assert_eq!(class.parent().unwrap().level(), OktruLevel::Group);
        let cat = OktruCode::parse("0001").unwrap();
        assert_eq!(cat.level(), OktruLevel::Category);
        assert!(cat.parent().is_none());
        let path: Vec<String> = kind.path().iter().map(|c| c.to_string()).collect();
        assert_eq!(
            path,
            [
                "0001",
                "0001.0101",
                "0001.0101.0021",
                "0001.0101.0021.000000000"
            ]
        );
    }

    #[test]
    fn g21_oktru_malformed_refused() {
        for bad in [
            "",
            "1",
            "00001",
            "0001.",
            "0001.010",
            "0001.0101.0021.00000000",
            "0001.0101.0021.000000000.1",
            "000A",
            "0001..0101",
        ] {
            assert!(OktruCode::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn cat_23_group_key() {
        assert_eq!(kpved_group_key("24.20.12").as_deref(), Some("24.20"));
        assert_eq!(kpved_group_key("24.20").as_deref(), Some("24.20"));
        assert_eq!(kpved_group_key("242012").as_deref(), Some("24.20"));
        assert_eq!(kpved_group_key("2420").as_deref(), Some("24.20"));
        assert_eq!(kpved_group_key("24.2").as_deref(), None);
        assert_eq!(kpved_group_key("242").as_deref(), None);
        assert_eq!(kpved_group_key("24.201").as_deref(), None);
    }

    #[test]
    fn kpved_forms() {
        assert_eq!(normalize_kpved("24.20.12").as_deref(), Some("24.20.12"));
        assert_eq!(normalize_kpved("242012").as_deref(), Some("24.20.12"));
        assert_eq!(normalize_kpved("24201").as_deref(), Some("24.20.1"));
        assert_eq!(normalize_kpved("2420").as_deref(), Some("24.20"));
        assert_eq!(normalize_kpved("24.20.1").as_deref(), Some("24.20.1"));
        for bad in [
            "24",
            "24.2",
            "2.420",
            "24.20.123",
            "24.20.12.1",
            "AB.CD",
            "24-20",
        ] {
            assert_eq!(normalize_kpved(bad), None, "{bad}");
        }
    }

    #[test]
    fn subject_type_labels() {
        assert_eq!(SubjectType::parse("Товары"), Some(SubjectType::Goods));
        assert_eq!(SubjectType::parse("РАБОТЫ"), Some(SubjectType::Works));
        assert_eq!(SubjectType::parse("services"), Some(SubjectType::Services));
        assert_eq!(SubjectType::parse("x"), None);
        assert_eq!(
            serde_json::to_string(&SubjectType::Works).unwrap(),
            "\"works\""
        );
    }
}
