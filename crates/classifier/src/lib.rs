//! The two classifiers of Tauar: ОКТРУ (категория → группа → класс → вид, spec/catalog.md
//! §2.2.2, CAT-18, G-20, G-21) and ЕНС ТРУ (15- and 30-character codes with classes,
//! attributes, sections and V15 ↔ V30 replacements, §2.3.3–§2.3.7, G-9, G-10).
//!
//! * [`model`] — the types, and the code value types ([`EnsCodeStr`], [`OktruCode`]) with the
//!   documented code formats.
//! * [`store`] — every SQL statement on the classifier tables: lookups for the code page
//!   (§4.6), the browse trees (§4.5), the change feed the search indexes follow, versions.
//! * [`import`] — full-snapshot imports from CSV and XLSX (`docs/import-formats.md`), with a
//!   per-row error report; each import is a new classifier version (type-2 history: changed and
//!   removed rows are closed, never deleted, so old codes stay resolvable).
//! * [`demo`] — a demo classifier derived from real КПВЭД, OKPD2, ТН ВЭД and KTRU samples,
//!   written through the same versioning path as an import.
//! * [`fixtures`] — the acceptance fixture F-ENS of spec §9.0, for tests of other crates.
//!
//! Not here: the change-application workflows (CAT-39…), search (crate `search`), HTTP.

pub mod demo;
mod error;
#[doc(hidden)]
pub mod fixtures;
pub mod import;
pub mod model;
pub mod store;

pub use error::ClassifierError;
pub use model::{
    AttributeDef, AttributeValue, ClassifierKind, ClassifierVersion, CodeReplacement, CodeStatus,
    CodeVersion, EnsClass, EnsCode, EnsCodeStr, EnsSection, OktruCode, OktruLevel, OktruNode,
    SubjectType, ValueType, Versioned, kpved_group_key, normalize_kpved,
};
