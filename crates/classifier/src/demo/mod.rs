//! A demo classifier derived from real reference data. Tauar has no dump of the real ЕНС ТРУ
//! or ОКТРУ, so `tauar serve --demo` fills both from data that is real (КПВЭД, OKPD2, ТН ВЭД,
//! KTRU codes seen in procurement samples; `data/PROVENANCE.md` §3–§6). Everything derived is
//! labelled demo: `is_demo = 1` on every row, version label [`DEMO_LABEL`], source `demo`.
//!
//! # ЕНС ТРУ (V15)
//!
//! * **Real codes**: every KTRU code of `ktru_samples/` (observed pairs, lots, lot details,
//!   the ООИ list), with its real name (the most frequent one), characteristic and units (the
//!   portal's unit names mapped to МКЕИ codes). The first six digits are the КПВЭД
//!   subcategory; codes of an older КПВЭД edition fall back to the nearest entry that exists
//!   (category, class, the first class of the group or division).
//! * **Derived codes**: one per 9-digit product of the OKPD2 proxy whose subcategory exists in
//!   the KZ КПВЭД: `КПВЭД6 + OKPD2 digits 7–9 + serial`, named after the product; and one per
//!   КПВЭД subcategory that still has no code, named after the subcategory
//!   (`КПВЭД6 + 000 + serial`). Serials count from 000001, skipping real codes.
//! * **«Вид ТРУ»** from the КПВЭД entry: section F → works; a name «Услуги…» → services,
//!   «Работы…» → works; sections A–E → goods; printed matter (58.1) → goods; sections G–U →
//!   services. Real codes take the ООИ list's type, or the first word of their name, first.
//! * **Classes**: one per КПВЭД category `NN.NN.N` (class code = that category code, name =
//!   its name), with an attribute set from the templates (`templates`) by КПВЭД prefix and
//!   the class's majority type. Derived codes get values drawn deterministically from the
//!   set, and characteristics «Атрибут: значение; …». Real codes keep their real
//!   characteristic and get no values (none are known).
//! * **Sections**: goods of sections A–C carry the section `КПВЭД6` (the subcategory).
//! * **Units**: real МКЕИ/ОКЕИ codes by КПВЭД prefix (796 штука, 166 кг, 112 литр, 006 метр,
//!   …); works and services 876 «Условная единица».
//!
//! # ЕНС ТРУ (V30, "old version", G-10)
//!
//! For every КПВЭД code that has V15 codes, a 30-digit code `КПВЭД6 + 23 zeros + 1` named
//! after the КПВЭД entry, which all those V15 codes are paired with; for every fourth one
//! also `… + 2`, named after its first V15 code and paired with it alone.
//!
//! # ОКТРУ from ТН ВЭД ЕАЭС 2022
//!
//! | level | from | code |
//! |---|---|---|
//! | category | chapter `CC` (96) | `00CC` |
//! | group | heading `HHHH` (957) | `00CC.HHHH` |
//! | class | subheading `HHHHSS` | `00CC.HHHH.00SS` |
//! | kind | 10-digit code `HHHHSSKKKK` (12 715) | `00CC.HHHH.00SS.00000KKKK` |
//!
//! Names: chapters and headings in sentence case. A class is named «<heading>: <its
//! one-dash line>», or «<heading> (субпозиция HHHH SS)» when that line is not coded in the
//! data. A kind is «<heading>: <its line>»; a generic line («прочие») gets the nearest
//! less-dashed line above it: «<heading>: <line above>, прочие». Headings are cut at the
//! first «;» and to about 150 characters in these names. Class attribute sets come from the
//! templates by chapter. Kazakh names are left empty: there is no source for them, and
//! invented Kazakh text would be worse than none.
//!
//! The derivation is deterministic (sorted output, no HashMap order, hashes for choices) and
//! takes well under a second in a release build.

mod enstru;
mod oktru;
mod sources;
mod templates;

use crate::ClassifierError;
use crate::import::{
    EnsSnapshot, ImportProgress, ImportReport, OktruSnapshot, VersionMeta, apply_enstru_snapshot,
    apply_oktru_snapshot,
};
use crate::model::ClassifierKind;
use crate::store;
use db::Db;
use kernel::Millis;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The label of a demo version.
pub const DEMO_LABEL: &str =
    "Демо: производный от КПВЭД и ТН ВЭД / Demo: derived from КПВЭД and ТН ВЭД";
/// The source of a demo version.
pub const DEMO_SOURCE: &str = "demo";
/// Bump when the derivation rules change, so the demo's sha256 changes with them.
const DERIVATION_REVISION: &str = "demo-derivation-1";

/// Both demo classifiers.
#[derive(Debug, Clone)]
pub struct DemoClassifiers {
    pub enstru: EnsSnapshot,
    pub oktru: OktruSnapshot,
}

/// Derives both demo classifiers from the compiled-in sources.
pub fn derive_demo() -> Result<DemoClassifiers, ClassifierError> {
    Ok(DemoClassifiers {
        enstru: enstru::derive()?,
        oktru: oktru::derive()?,
    })
}

/// What [`write_demo`] did per classifier: `None` when it was left alone because it already
/// has a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    pub enstru: Option<ImportReport>,
    pub oktru: Option<ImportReport>,
}

fn demo_meta(kind: ClassifierKind) -> VersionMeta {
    let mut h = Sha256::new();
    h.update(DERIVATION_REVISION.as_bytes());
    h.update(kind.as_str().as_bytes());
    for s in sources::ALL {
        h.update(s.as_bytes());
    }
    VersionMeta {
        label: DEMO_LABEL.to_string(),
        source: DEMO_SOURCE.to_string(),
        sha256: crate::import::hex(&h.finalize()),
        is_demo: true,
        created_at: Millis::now(),
    }
}

/// Writes the demo ОКТРУ and ЕНС ТРУ as version 1, through the same versioned write as an
/// import. Idempotent: a classifier that already has any version (a demo or a real import) is
/// left alone, so the demo never replaces real data.
pub async fn write_demo(
    db: &Db,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<DemoReport, ClassifierError> {
    let need_enstru = !store::has_any_version(db, ClassifierKind::Enstru).await?;
    let need_oktru = !store::has_any_version(db, ClassifierKind::Oktru).await?;
    let mut report = DemoReport {
        enstru: None,
        oktru: None,
    };
    if need_oktru {
        let s = oktru::derive()?;
        report.oktru =
            Some(apply_oktru_snapshot(db, &s, &demo_meta(ClassifierKind::Oktru), progress).await?);
    }
    if need_enstru {
        let s = enstru::derive()?;
        report.enstru = Some(
            apply_enstru_snapshot(db, &s, &demo_meta(ClassifierKind::Enstru), progress).await?,
        );
    }
    Ok(report)
}
