//! Shared fixtures: goods kinds built by hand and from the ТН ВЭД file, and row dumps.

use catalog::demo::{AttributeTemplate, KindSpec};
use catalog::model::{Good, NewGood, Supplier};
use catalog::store;
use db::Db;
use kernel::Millis;
use kernel::values::Bin;

fn template(name: &str, values: &[&str], unit: Option<&str>) -> AttributeTemplate {
    AttributeTemplate {
        name_ru: name.to_string(),
        name_kk: None,
        values: values.iter().map(|v| v.to_string()).collect(),
        unit: unit.map(str::to_string),
    }
}

fn kind(
    n: usize,
    chapter: &str,
    name_ru: &str,
    name_kk: Option<&str>,
    attributes: Vec<AttributeTemplate>,
) -> KindSpec {
    let category = format!("00{chapter}");
    let group = format!("{category}.{:04}", n % 7 + 1);
    let class = format!("{group}.{:04}", n % 3 + 1);
    KindSpec {
        code: format!("{class}.{n:09}"),
        name_ru: name_ru.to_string(),
        name_kk: name_kk.map(str::to_string),
        path: vec![category, group, class.clone()],
        tnved_chapter: Some(chapter.to_string()),
        attributes,
    }
}

/// About forty kinds with good names, some with their own characteristics and Kazakh names.
pub fn hand_kinds() -> Vec<KindSpec> {
    let colours = || template("Цвет", &["черный", "белый", "серый", "синий"], None);
    let rows: Vec<(&str, &str, Option<&str>, Vec<AttributeTemplate>)> = vec![
        (
            "85",
            "Смартфон",
            None,
            vec![
                template("Объем памяти", &["64", "128", "256"], Some("ГБ")),
                colours(),
            ],
        ),
        (
            "84",
            "Ноутбук",
            None,
            vec![
                template("Диагональ", &["14", "15,6", "17,3"], Some("дюйм")),
                colours(),
            ],
        ),
        ("84", "Принтер лазерный, монохромный", None, vec![]),
        (
            "85",
            "Телевизор",
            None,
            vec![template(
                "Диагональ",
                &["32", "43", "55", "65"],
                Some("дюйм"),
            )],
        ),
        ("84", "Холодильник бытовой", None, vec![]),
        (
            "85",
            "Чайник электрический",
            None,
            vec![
                template("Объем", &["1,5", "1,7", "2"], Some("л")),
                colours(),
            ],
        ),
        ("85", "Кабель силовой (медный)", None, vec![]),
        (
            "04",
            "Молоко питьевое, пастеризованное",
            None,
            vec![
                template("Массовая доля жира", &["1,5", "2,5", "3,2"], Some("%")),
                template("Объем", &["0,9", "1"], Some("л")),
            ],
        ),
        ("04", "Молоко", None, vec![]),
        ("04", "Сыр", None, vec![]),
        ("04", "Кефир", Some("Кефир"), vec![]),
        ("04", "Масло сливочное", None, vec![]),
        ("02", "Говядина", None, vec![]),
        ("02", "Мясо птицы, охлажденное", None, vec![]),
        ("16", "Колбаса вареная", Some("Пісірілген шұжық"), vec![]),
        ("03", "Рыба мороженая", None, vec![]),
        ("10", "Рис", None, vec![]),
        ("11", "Мука пшеничная", None, vec![]),
        (
            "19",
            "Хлеб",
            None,
            vec![template("Масса нетто", &["400", "600", "800"], Some("г"))],
        ),
        ("19", "Макаронные изделия", None, vec![]),
        ("17", "Сахар", None, vec![]),
        ("18", "Шоколад", None, vec![]),
        ("09", "Чай черный", None, vec![]),
        ("09", "Кофе", None, vec![]),
        ("15", "Масло подсолнечное", None, vec![]),
        ("22", "Вода минеральная", None, vec![]),
        ("22", "Сок", None, vec![]),
        ("07", "Картофель", None, vec![]),
        ("08", "Яблоки", None, vec![]),
        ("30", "Парацетамол", None, vec![]),
        ("33", "Шампунь", None, vec![]),
        ("34", "Мыло", None, vec![]),
        (
            "48",
            "Бумага для офисной техники",
            Some("Кеңсе техникасына арналған қағаз"),
            vec![],
        ),
        ("96", "Ручка шариковая", None, vec![]),
        ("94", "Стол офисный", None, vec![]),
        ("94", "Стул", None, vec![]),
        ("62", "Куртка мужская", None, vec![]),
        ("64", "Обувь", None, vec![]),
        ("73", "Труба стальная", None, vec![]),
        ("84", "Насос центробежный", None, vec![]),
        ("87", "Автомобиль легковой", None, vec![]),
        ("40", "Шина пневматическая", None, vec![]),
        ("27", "Бензин", None, vec![]),
        ("31", "Удобрения", None, vec![]),
        ("90", "Шприц", None, vec![]),
    ];
    rows.into_iter()
        .enumerate()
        .map(|(i, (ch, ru, kk, attrs))| kind(i + 1, ch, ru, kk, attrs))
        .collect()
}

/// Every `step`-th first-level ТН ВЭД subheading as a kind (the names are the ТН ВЭД texts, with
/// their «прочие» and qualifications).
pub fn tnved_kinds(step: usize) -> Vec<KindSpec> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/tnved/tnved_codes.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.unwrap();
        if &rec[1] != "1" || i % step != 0 {
            continue;
        }
        let (code, name, heading, chapter) = (&rec[0], &rec[2], &rec[3], &rec[4]);
        let category = format!("00{chapter}");
        let group = format!("{category}.{heading}");
        let class = format!("{group}.{}", &code[4..8]);
        out.push(KindSpec {
            code: format!("{class}.{:0>9}", &code[1..]),
            name_ru: name.to_string(),
            name_kk: None,
            path: vec![category, group, class],
            tnved_chapter: Some(chapter.to_string()),
            attributes: vec![],
        });
    }
    out
}

/// A few hundred kinds: the hand-made ones and a sample of ТН ВЭД.
pub fn kinds() -> Vec<KindSpec> {
    let mut k = hand_kinds();
    k.extend(tnved_kinds(4));
    k
}

pub fn bin(first11: &str) -> Bin {
    Bin::with_check_digit(first11).unwrap()
}

pub fn supplier(first11: &str, name: &str) -> Supplier {
    Supplier {
        bin: bin(first11),
        name_ru: format!("ТОО \"{name}\""),
        name_kk: Some(format!("\"{name}\" ЖШС")),
        kato: Some("751110000".into()),
        is_demo: false,
    }
}

pub fn new_good(id: i64, supplier_bin: &Bin) -> NewGood {
    NewGood {
        id,
        name_ru: format!("Товар {id}"),
        name_kk: (id % 2 == 0).then(|| format!("Тауар {id}")),
        oktru_code: "0085.0001.0001.000000001".into(),
        attributes: vec![catalog::AttributeValue {
            name: "Цвет".into(),
            value: "черный".into(),
        }],
        supplier_bin: supplier_bin.clone(),
        unit: Some("796".into()),
        kztin: (id % 3 == 0).then(|| "4870000000019".into()),
        ntin: None,
        is_otp: id % 5 == 0,
        is_szpt: id % 7 == 0,
        in_procurement: id % 2 == 1,
        is_demo: false,
        created_at: Millis(1_700_000_000_000 + id),
        updated_at: Millis(1_700_000_000_000 + id),
    }
}

/// Every good, in `seq` order.
pub async fn all_goods(db: &Db) -> Vec<Good> {
    store::goods_changed_since(db, 0, u32::MAX).await.unwrap()
}

/// Every supplier, in BIN order.
pub async fn all_suppliers(db: &Db) -> Vec<Supplier> {
    store::list_suppliers(db, None, u32::MAX).await.unwrap()
}
