//! The ЕНС ТРУ acceptance fixture F-ENS of spec/catalog.md §9.0, written through the normal
//! import path (a CSV file in the layout of `docs/import-formats.md`). Test data only: other
//! crates' tests (search, web) use it to prove AS-24…AS-39.
//!
//! The КПВЭД group names of the fixture belong to the КПВЭД dictionary, not to this crate:
//! [`fixture_kpved_names`] lists them so a test can put them wherever its code reads КПВЭД
//! names from.

use crate::ClassifierError;
use crate::import::{ImportOptions, ImportProgress, ImportReport, import_enstru};
use db::Db;
use kernel::Millis;

/// The file name the fixture is imported under (the version's source).
pub const F_ENS_FILE_NAME: &str = "f-ens.csv";

/// The КПВЭД groups of F-ENS with their names.
pub fn fixture_kpved_names() -> &'static [(&'static str, &'static str)] {
    &[
        ("10.51", "Молоко и молочная продукция"),
        ("22.21", "Плиты и трубы из пластмасс"),
        ("24.20", "Трубы и профили из стали"),
        ("25.94", "Крепежные изделия"),
        ("43.22", "Работы по монтажу систем"),
        ("71.12", "Услуги инженерные"),
    ]
}

/// The classes of F-ENS: code, name, attribute definitions (JSON, import layout).
const CLASSES: &[(&str, &str, &str)] = &[
    (
        "CL-ST",
        "Трубы стальные",
        r#"[{"name_ru":"Диаметр","value_type":"number","unit":"мм"},{"name_ru":"Толщина стенки","value_type":"number","unit":"мм"}]"#,
    ),
    (
        "CL-PE",
        "Трубы полимерные",
        r#"[{"name_ru":"Диаметр","value_type":"number","unit":"мм"}]"#,
    ),
    (
        "CL-WK",
        "Монтажные работы",
        r#"[{"name_ru":"Вид сети","value_type":"text"}]"#,
    ),
    (
        "CL-SV",
        "Проектные услуги",
        r#"[{"name_ru":"Стадия","value_type":"text"}]"#,
    ),
    (
        "CL-MK",
        "Молоко",
        r#"[{"name_ru":"Жирность","value_type":"number","unit":"%"}]"#,
    ),
    (
        "CL-BO",
        "Болты",
        r#"[{"name_ru":"Размер","value_type":"text"}]"#,
    ),
];

const V30_PIPE: &str = "242012000000000000000000000001";

/// One code row of the fixture table of §9.0.
struct Row {
    code: String,
    name: String,
    characteristics: &'static str,
    subject: &'static str,
    kpved: &'static str,
    class: &'static str,
    attributes: String,
    units: &'static str,
    replaces: &'static str,
}

fn rows() -> Vec<Row> {
    let row =
        |code: &str, name: &str, ch, subject, kpved, class, attributes: &str, units, replaces| {
            Row {
                code: code.to_string(),
                name: name.to_string(),
                characteristics: ch,
                subject,
                kpved,
                class,
                attributes: attributes.to_string(),
                units,
                replaces,
            }
        };
    let mut out = vec![
        row(
            "242012500000001",
            "Труба стальная бесшовная",
            "Горячедеформированная",
            "Товары",
            "24.20",
            "CL-ST",
            r#"{"Диаметр":"57 мм","Толщина стенки":"3 мм"}"#,
            "006",
            V30_PIPE,
        ),
        row(
            "242012500000002",
            "Труба стальная электросварная",
            "Для газопроводов",
            "Товары",
            "24.20",
            "CL-ST",
            r#"{"Диаметр":"108 мм","Толщина стенки":"4 мм"}"#,
            "006",
            V30_PIPE,
        ),
        row(
            "222121300000001",
            "Труба полиэтиленовая напорная",
            "Для водопровода",
            "Товары",
            "22.21",
            "CL-PE",
            r#"{"Диаметр":"110 мм"}"#,
            "006",
            "",
        ),
        row(
            "432211100000001",
            "Работы по монтажу трубопроводов",
            "Наружные сети",
            "Работы",
            "43.22",
            "CL-WK",
            r#"{"Вид сети":"наружная"}"#,
            "",
            "",
        ),
        row(
            "711211100000001",
            "Услуги по проектированию трубопроводов",
            "Инженерные изыскания",
            "Услуги",
            "71.12",
            "CL-SV",
            r#"{"Стадия":"рабочий проект"}"#,
            "",
            "",
        ),
        row(
            "105111100000001",
            "Молоко пастеризованное",
            "Жирность 3,2%",
            "Товары",
            "10.51",
            "CL-MK",
            r#"{"Жирность":"3,2%"}"#,
            "112",
            "",
        ),
    ];
    for n in 1..=25 {
        out.push(row(
            &format!("2594111000000{n:02}"),
            &format!("Болт М{n}"),
            "",
            "Товары",
            "25.94",
            "CL-BO",
            &format!(r#"{{"Размер":"М{n}"}}"#),
            "",
            "",
        ));
    }
    out.push(row(
        V30_PIPE,
        "Труба стальная",
        "",
        "Товары",
        "24.20",
        "CL-ST",
        "",
        "006",
        "",
    ));
    out
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// F-ENS as an import file (CSV, the layout of `docs/import-formats.md`).
pub fn f_ens_csv() -> String {
    let mut out = String::from(
        "code,type,name_ru,characteristics,kpved,class,class_name_ru,class_attributes,attributes,units,replaces\n",
    );
    for r in rows() {
        let (_, class_name, class_attrs) = CLASSES
            .iter()
            .find(|c| c.0 == r.class)
            .copied()
            .unwrap_or(("", "", ""));
        let cells = [
            r.code.as_str(),
            r.subject,
            r.name.as_str(),
            r.characteristics,
            r.kpved,
            r.class,
            class_name,
            class_attrs,
            r.attributes.as_str(),
            r.units,
            r.replaces,
        ];
        out.push_str(&cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// Imports F-ENS into `db` as a new ЕНС ТРУ version.
pub async fn write_f_ens(db: &Db) -> Result<ImportReport, ClassifierError> {
    let opts = ImportOptions::new(F_ENS_FILE_NAME, Millis::now());
    import_enstru(db, f_ens_csv().as_bytes(), &opts, &|_: ImportProgress| {}).await
}
