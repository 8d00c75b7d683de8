//! Attribute templates and units of the demo classifiers.
//!
//! ЕНС ТРУ classes take their attribute set by КПВЭД prefix (longest match) for goods, and one
//! set each for works and services; ОКТРУ classes take theirs by ТН ВЭД chapter. Every set has
//! at least one attribute (§2.3.5). Units are real МКЕИ/ОКЕИ codes
//! (`data/units/okei_uoms.csv`); for works and services, whose portal units «Работа» and
//! «Одна услуга» have no known code, the demo uses 876 «Условная единица».
//!
//! Attribute values of a demo code are drawn from the template values by a hash of the code,
//! so the same input always gives the same values.

use crate::model::{AttributeDef, AttributeValue, SubjectType, ValueType};

pub(super) struct Attr {
    name: &'static str,
    value_type: ValueType,
    unit: Option<&'static str>,
    values: &'static [&'static str],
}

const fn text(name: &'static str, values: &'static [&'static str]) -> Attr {
    Attr {
        name,
        value_type: ValueType::Enum,
        unit: None,
        values,
    }
}

const fn number(name: &'static str, unit: &'static str, values: &'static [&'static str]) -> Attr {
    Attr {
        name,
        value_type: ValueType::Number,
        unit: Some(unit),
        values,
    }
}

pub(super) type AttrSet = &'static [Attr];

const COLORS: &[&str] = &["белый", "серый", "синий", "чёрный", "зелёный"];
const ORIGIN: &[&str] = &["Казахстан", "Россия", "Китай", "Турция", "Германия"];

const CROPS: AttrSet = &[
    text("Сорт", &["высший", "первый", "второй"]),
    text("Происхождение", &["отечественное", "импортное"]),
    text("Фасовка", &["навалом", "мешок 25 кг", "мешок 50 кг"]),
];
const TIMBER: AttrSet = &[
    text(
        "Порода древесины",
        &["сосна", "ель", "берёза", "лиственница"],
    ),
    text("Сорт", &["первый", "второй", "третий"]),
];
const FISH: AttrSet = &[
    text("Вид обработки", &["живая", "охлаждённая", "мороженая"]),
    text("Фасовка", &["весовая", "1 кг", "5 кг"]),
];
const MINERALS: AttrSet = &[
    text("Марка", &["М-1", "М-2", "М-3"]),
    text("Фракция", &["0–5 мм", "5–20 мм", "20–40 мм", "40–70 мм"]),
];
const FOOD: AttrSet = &[
    text("Сорт", &["высший", "первый", "второй"]),
    text("Фасовка", &["0,5 кг", "1 кг", "5 кг", "25 кг"]),
    text(
        "Срок годности",
        &["до 30 суток", "до 6 месяцев", "до 12 месяцев"],
    ),
];
const MEAT: AttrSet = &[
    text("Вид обработки", &["охлаждённое", "замороженное"]),
    text("Сорт", &["высший", "первый", "второй"]),
    text("Фасовка", &["весовое", "1 кг", "5 кг"]),
];
const DAIRY: AttrSet = &[
    number("Жирность", "%", &["1,5%", "2,5%", "3,2%", "6%"]),
    text("Фасовка", &["0,5 л", "0,9 л", "1 л", "5 л"]),
];
const BEVERAGES: AttrSet = &[
    number("Объём тары", "л", &["0,5 л", "1 л", "1,5 л", "5 л", "19 л"]),
    text(
        "Тип тары",
        &["ПЭТ-бутылка", "стеклянная бутылка", "алюминиевая банка"],
    ),
];
const TEXTILES: AttrSet = &[
    text("Размер", &["44", "46", "48", "50", "52", "54", "56"]),
    text(
        "Материал",
        &["хлопок", "полиэстер", "смесовая ткань", "лён", "шерсть"],
    ),
    text("Цвет", COLORS),
];
const FOOTWEAR: AttrSet = &[
    text("Размер", &["37", "38", "39", "40", "41", "42", "43", "44"]),
    text(
        "Материал верха",
        &["натуральная кожа", "искусственная кожа", "текстиль"],
    ),
    text("Цвет", COLORS),
];
const WOOD: AttrSet = &[
    text("Порода древесины", &["сосна", "ель", "берёза", "дуб"]),
    number("Влажность", "%", &["8%", "12%", "22%"]),
    text("Сорт", &["первый", "второй", "третий"]),
];
const PAPER: AttrSet = &[
    text("Формат", &["A5", "A4", "A3"]),
    number("Плотность", "г/м²", &["80 г/м²", "90 г/м²", "120 г/м²"]),
    text("Цвет", &["белый", "цветной"]),
];
const PRINTING: AttrSet = &[
    text("Формат", &["A5", "A4", "A3"]),
    number("Тираж", "экз.", &["100 экз.", "500 экз.", "1000 экз."]),
];
const FUELS: AttrSet = &[
    text("Марка", &["АИ-92", "АИ-95", "ДТ-Л", "ДТ-З", "ДТ-А"]),
    text("Экологический класс", &["К4", "К5"]),
];
const CHEMICALS: AttrSet = &[
    number("Концентрация", "%", &["10%", "30%", "50%", "98%"]),
    text("Фасовка", &["1 кг", "5 кг", "25 кг", "200 л"]),
];
const PHARMA: AttrSet = &[
    text(
        "Лекарственная форма",
        &["таблетки", "капсулы", "раствор для инъекций", "мазь"],
    ),
    number(
        "Количество в упаковке",
        "шт.",
        &["10 шт.", "20 шт.", "30 шт.", "50 шт."],
    ),
];
const PLASTICS: AttrSet = &[
    number(
        "Диаметр",
        "мм",
        &["20 мм", "32 мм", "63 мм", "110 мм", "160 мм"],
    ),
    number("Толщина стенки", "мм", &["2 мм", "3 мм", "5,8 мм", "10 мм"]),
    text("Материал", &["ПЭ 100", "ПЭ 80", "ПП", "ПВХ"]),
];
const BUILDING_MATERIALS: AttrSet = &[
    text("Марка", &["М100", "М150", "М200", "М400", "М500"]),
    text(
        "Размер",
        &["250×120×65 мм", "390×190×188 мм", "600×300×200 мм"],
    ),
];
const METALS: AttrSet = &[
    number(
        "Диаметр",
        "мм",
        &["57 мм", "76 мм", "108 мм", "159 мм", "219 мм"],
    ),
    number("Толщина стенки", "мм", &["3 мм", "4 мм", "6 мм", "8 мм"]),
    text("Марка стали", &["Ст3", "20", "09Г2С", "12Х18Н10Т"]),
];
const FASTENERS: AttrSet = &[
    text("Размер", &["М6", "М8", "М10", "М12", "М16", "М20"]),
    text("Класс прочности", &["5.8", "8.8", "10.9"]),
];
const ELECTRONICS: AttrSet = &[
    number("Диагональ", "дюйм", &["21,5 дюйм", "23,8 дюйм", "27 дюйм"]),
    number("Объём памяти", "ГБ", &["8 ГБ", "16 ГБ", "32 ГБ", "64 ГБ"]),
    text(
        "Гарантийный срок",
        &["12 месяцев", "24 месяца", "36 месяцев"],
    ),
];
const ELECTRICAL: AttrSet = &[
    number("Мощность", "Вт", &["40 Вт", "100 Вт", "1000 Вт", "2000 Вт"]),
    number("Напряжение", "В", &["12 В", "220 В", "380 В"]),
];
const MACHINERY: AttrSet = &[
    number(
        "Мощность",
        "кВт",
        &["0,75 кВт", "2,2 кВт", "7,5 кВт", "15 кВт"],
    ),
    text("Исполнение", &["стационарное", "передвижное"]),
];
const VEHICLES: AttrSet = &[
    text(
        "Тип двигателя",
        &["бензиновый", "дизельный", "электрический", "гибридный"],
    ),
    number(
        "Мощность двигателя",
        "л.с.",
        &["110 л.с.", "150 л.с.", "249 л.с."],
    ),
];
const FURNITURE: AttrSet = &[
    text("Материал", &["ЛДСП", "МДФ", "массив дерева", "металл"]),
    text("Цвет", &["бук", "орех", "венге", "белый"]),
];
const OTHER_GOODS: AttrSet = &[
    text("Материал", &["пластик", "металл", "дерево", "стекло"]),
    text("Цвет", COLORS),
];
const ENERGY: AttrSet = &[text("Уровень напряжения", &["0,4 кВ", "6 кВ", "10 кВ"])];
const WATER: AttrSet = &[text("Качество воды", &["питьевая", "техническая"])];
const WASTE: AttrSet = &[text("Класс опасности", &["I", "II", "III", "IV", "V"])];
const DEFAULT_GOODS: AttrSet = &[
    text("Страна происхождения", ORIGIN),
    text("Исполнение", &["стандартное", "усиленное"]),
];
const WORKS: AttrSet = &[
    text(
        "Вид работ",
        &[
            "новое строительство",
            "реконструкция",
            "капитальный ремонт",
            "текущий ремонт",
        ],
    ),
    text(
        "Объект",
        &[
            "здание",
            "сооружение",
            "инженерная сеть",
            "автомобильная дорога",
        ],
    ),
];
const SERVICES: AttrSet = &[
    text("Вид услуги", &["разовая", "периодическая", "абонентская"]),
    text(
        "Срок оказания",
        &[
            "до 1 месяца",
            "до 3 месяцев",
            "до 6 месяцев",
            "до 12 месяцев",
        ],
    ),
];
const TRANSPORT_SERVICES: AttrSet = &[
    text(
        "Вид транспорта",
        &["автомобильный", "железнодорожный", "воздушный"],
    ),
    text(
        "Срок оказания",
        &["до 1 месяца", "до 3 месяцев", "до 12 месяцев"],
    ),
];
const CATERING_SERVICES: AttrSet = &[
    text(
        "Режим питания",
        &["одноразовое", "двухразовое", "трёхразовое"],
    ),
    text("Срок оказания", &["до 3 месяцев", "до 12 месяцев"]),
];
const LIVE_ANIMALS: AttrSet = &[
    text(
        "Порода",
        &[
            "казахская белоголовая",
            "аулиекольская",
            "казахская тонкорунная",
        ],
    ),
    text("Возраст", &["до 1 года", "1–2 года", "старше 2 лет"]),
];
const JEWELLERY: AttrSet = &[
    text("Проба", &["585", "750", "925"]),
    number("Масса", "г", &["1 г", "5 г", "10 г"]),
];
const INSTRUMENTS: AttrSet = &[
    text("Класс точности", &["0,5", "1,0", "1,5", "2,5"]),
    text("Диапазон измерений", &["0–10", "0–100", "0–1000"]),
];
const ART: AttrSet = &[text(
    "Техника исполнения",
    &["масло", "акварель", "графика"],
)];

/// Goods by КПВЭД prefix: attribute set and units (МКЕИ codes). Longest prefix wins.
const GOODS_RULES: &[(&str, AttrSet, &[&str])] = &[
    ("01", CROPS, &["166"]),
    ("02", TIMBER, &["113"]),
    ("03", FISH, &["166"]),
    ("05", MINERALS, &["168"]),
    ("06", FUELS, &["168"]),
    ("07", MINERALS, &["168"]),
    ("08", MINERALS, &["168"]),
    ("09", MINERALS, &["168"]),
    ("10", FOOD, &["166"]),
    ("10.1", MEAT, &["166"]),
    ("10.5", DAIRY, &["112", "166"]),
    ("11", BEVERAGES, &["112"]),
    ("12", FOOD, &["778"]),
    ("13", TEXTILES, &["796", "006"]),
    ("14", TEXTILES, &["796"]),
    ("15", FOOTWEAR, &["715", "796"]),
    ("16", WOOD, &["113"]),
    ("17", PAPER, &["728", "796"]),
    ("18", PRINTING, &["796"]),
    ("19", FUELS, &["112", "168"]),
    ("20", CHEMICALS, &["166"]),
    ("21", PHARMA, &["778"]),
    ("22", PLASTICS, &["796"]),
    ("22.21", PLASTICS, &["006"]),
    ("23", BUILDING_MATERIALS, &["796", "168"]),
    ("24", METALS, &["168"]),
    ("24.20", METALS, &["006"]),
    ("25", METALS, &["796"]),
    ("25.9", FASTENERS, &["796", "166"]),
    ("26", ELECTRONICS, &["796"]),
    ("27", ELECTRICAL, &["796"]),
    ("28", MACHINERY, &["796"]),
    ("29", VEHICLES, &["796"]),
    ("30", VEHICLES, &["796"]),
    ("31", FURNITURE, &["796"]),
    ("32", OTHER_GOODS, &["796"]),
    ("35", ENERGY, &["245"]),
    ("35.2", ENERGY, &["113"]),
    ("35.3", ENERGY, &["233"]),
    ("36", WATER, &["113"]),
    ("38", WASTE, &["168"]),
    ("58", PRINTING, &["796"]),
];

/// Units of works and services (see the module doc).
pub(super) const WORK_AND_SERVICE_UNITS: &[&str] = &["876"];

/// The attribute set and units of a КПВЭД code for a subject type.
pub(super) fn ens_rule(kpved: &str, subject: SubjectType) -> (AttrSet, &'static [&'static str]) {
    match subject {
        SubjectType::Works => (WORKS, WORK_AND_SERVICE_UNITS),
        SubjectType::Services if kpved.starts_with("49") => {
            (TRANSPORT_SERVICES, WORK_AND_SERVICE_UNITS)
        }
        SubjectType::Services if kpved.starts_with("56") => {
            (CATERING_SERVICES, WORK_AND_SERVICE_UNITS)
        }
        SubjectType::Services => (SERVICES, WORK_AND_SERVICE_UNITS),
        SubjectType::Goods => GOODS_RULES
            .iter()
            .filter(|(p, _, _)| kpved.starts_with(p))
            .max_by_key(|(p, _, _)| p.len())
            .map_or((DEFAULT_GOODS, &["796"][..]), |(_, a, u)| (*a, *u)),
    }
}

/// The attribute set of an ОКТРУ class by ТН ВЭД chapter.
pub(super) fn oktru_attrs(chapter: u32) -> AttrSet {
    match chapter {
        1 => LIVE_ANIMALS,
        2 | 3 | 5 | 16 => MEAT,
        4 => DAIRY,
        6..=14 => CROPS,
        15 | 17..=21 | 23 => FOOD,
        22 => BEVERAGES,
        24 => FOOD,
        25 | 26 | 68..=70 => BUILDING_MATERIALS,
        27 => FUELS,
        30 => PHARMA,
        28 | 29 | 31..=38 => CHEMICALS,
        39 | 40 => PLASTICS,
        41..=43 => FOOTWEAR,
        44..=46 => WOOD,
        47 | 48 => PAPER,
        49 => PRINTING,
        50..=63 => TEXTILES,
        64..=67 => FOOTWEAR,
        71 => JEWELLERY,
        72..=81 | 83 => METALS,
        82 => FASTENERS,
        84 => MACHINERY,
        85 => ELECTRONICS,
        86..=89 => VEHICLES,
        90..=92 => INSTRUMENTS,
        94 => FURNITURE,
        97 => ART,
        _ => OTHER_GOODS,
    }
}

/// The definitions of a set.
pub(super) fn defs(set: AttrSet) -> Vec<AttributeDef> {
    set.iter()
        .map(|a| AttributeDef {
            name_ru: a.name.to_string(),
            name_kk: None,
            value_type: a.value_type,
            unit: a.unit.map(str::to_string),
            values: a.values.iter().map(|v| v.to_string()).collect(),
        })
        .collect()
}

/// FNV-1a, for deterministic choices that do not depend on the platform or on HashMap order.
pub(super) fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Values for a code, one per attribute, drawn by the code's hash.
pub(super) fn values_for(code: &str, set: AttrSet) -> Vec<AttributeValue> {
    let h = fnv(code);
    set.iter()
        .enumerate()
        .map(|(i, a)| {
            let pick = (h.rotate_left(13 * i as u32) % a.values.len().max(1) as u64) as usize;
            AttributeValue {
                name: a.name.to_string(),
                value: a.values.get(pick).copied().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

/// «Attribute: value; …»
pub(super) fn characteristics(values: &[AttributeValue]) -> String {
    values
        .iter()
        .map(|v| format!("{}: {}", v.name, v.value))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_has_attributes_and_values() {
        for (_, set, units) in GOODS_RULES {
            assert!(!set.is_empty() && !units.is_empty());
            assert!(set.iter().all(|a| !a.values.is_empty()));
        }
        for ch in 1..=97 {
            assert!(!oktru_attrs(ch).is_empty());
        }
    }

    #[test]
    fn longest_prefix_wins() {
        let (set, units) = ens_rule("24.20.13", SubjectType::Goods);
        assert_eq!(units, ["006"]);
        assert_eq!(set[0].name, "Диаметр");
        assert_eq!(
            ens_rule("10.51.1", SubjectType::Goods).0[0].name,
            "Жирность"
        );
        assert_eq!(ens_rule("99.99", SubjectType::Goods).1, ["796"]);
        assert_eq!(ens_rule("43.22", SubjectType::Works).0[0].name, "Вид работ");
    }

    #[test]
    fn values_are_deterministic() {
        let a = values_for("242012500000001", METALS);
        assert_eq!(a, values_for("242012500000001", METALS));
        assert_eq!(a.len(), 3);
        assert!(characteristics(&a).starts_with("Диаметр: "));
    }
}
