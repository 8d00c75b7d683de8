//! The F-ENS fixture of spec/catalog.md §9.0 as index documents.

use search::{CodeDoc, CodeIndex, CodeItem};

pub fn kpved_name(group: &str) -> &'static str {
    match group {
        "10.51" => "Молоко и молочная продукция",
        "22.21" => "Плиты и трубы из пластмасс",
        "24.20" => "Трубы и профили из стали",
        "25.94" => "Крепежные изделия",
        "43.22" => "Работы по монтажу систем",
        "71.12" => "Услуги инженерные",
        _ => "",
    }
}

#[allow(clippy::too_many_arguments)]
fn item(
    code: &str,
    name: &str,
    chars: &str,
    ty: &str,
    kpved: &str,
    class: &str,
    attrs: &[(&str, &str)],
    units: &[&str],
) -> CodeItem {
    CodeItem {
        code: code.into(),
        version: code.len() as u8,
        subject_type: ty.into(),
        name_ru: name.into(),
        name_kk: None,
        characteristics: (!chars.is_empty()).then(|| chars.to_string()),
        kpved: kpved.into(),
        section: None,
        class_code: Some(class.into()),
        units: units.iter().map(|u| u.to_string()).collect(),
        attributes: attrs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        synonyms: vec![],
    }
}

pub fn items() -> Vec<CodeItem> {
    let mut v = vec![
        item(
            "242012500000001",
            "Труба стальная бесшовная",
            "Горячедеформированная",
            "goods",
            "24.20",
            "CL-ST",
            &[("Диаметр", "57 мм"), ("Толщина стенки", "3 мм")],
            &["006"],
        ),
        item(
            "242012500000002",
            "Труба стальная электросварная",
            "Для газопроводов",
            "goods",
            "24.20",
            "CL-ST",
            &[("Диаметр", "108 мм"), ("Толщина стенки", "4 мм")],
            &["006"],
        ),
        item(
            "222121300000001",
            "Труба полиэтиленовая напорная",
            "Для водопровода",
            "goods",
            "22.21",
            "CL-PE",
            &[("Диаметр", "110 мм")],
            &["006"],
        ),
        item(
            "432211100000001",
            "Работы по монтажу трубопроводов",
            "Наружные сети",
            "works",
            "43.22",
            "CL-WK",
            &[("Вид сети", "наружная")],
            &[],
        ),
        item(
            "711211100000001",
            "Услуги по проектированию трубопроводов",
            "Инженерные изыскания",
            "services",
            "71.12",
            "CL-SV",
            &[("Стадия", "рабочий проект")],
            &[],
        ),
        item(
            "105111100000001",
            "Молоко пастеризованное",
            "Жирность 3,2%",
            "goods",
            "10.51",
            "CL-MK",
            &[("Жирность", "3,2%")],
            &["112"],
        ),
        item(
            "242012000000000000000000000001",
            "Труба стальная",
            "",
            "goods",
            "24.20",
            "CL-ST",
            &[],
            &["006"],
        ),
    ];
    for i in 1..=25 {
        v.push(item(
            &format!("2594111000000{i:02}"),
            &format!("Болт М{i}"),
            "",
            "goods",
            "25.94",
            "CL-BO",
            &[("Размер", &format!("М{i}"))],
            &[],
        ));
    }
    v
}

pub fn code_index() -> CodeIndex {
    let idx = CodeIndex::in_ram().expect("index");
    let mut items = items();
    items.sort_by(|a, b| a.code.cmp(&b.code));
    let docs: Vec<CodeDoc> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let group_key = item.kpved.clone();
            CodeDoc {
                kpved_names: vec![kpved_name(&group_key).to_string()],
                group_key,
                item,
                rank: i as u64,
            }
        })
        .collect();
    idx.rebuild(docs.into_iter(), 1).expect("rebuild");
    idx
}
