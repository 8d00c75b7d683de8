//! Demo suppliers: names in the forms of the state register («ТОО "Алтын Дан Трейд"», Kazakh
//! «"Алтын Дан Трейд" ЖШС»; «АО "…"» / «"…" АҚ»; «ИП Нурланов А.» / «ЖК Нурланов А.») and the
//! КАТО code of a city where suppliers are registered (codes from data/kato/kato.csv).

use super::rng::Rng;

/// A demo supplier's names, and the brand of its own products.
pub struct SupplierNames {
    pub name_ru: String,
    pub name_kk: String,
    /// The brand of the supplier's own products: the first word of a name like «Жетысу Агро»
    /// («Жетысу»); none for entrepreneurs and made-up compounds.
    pub brand: Option<String>,
}

const FIRST: &[&str] = &[
    "Алтын",
    "Ак",
    "Кок",
    "Нур",
    "Жана",
    "Береке",
    "Сарыарка",
    "Жетысу",
    "Алатау",
    "Каспий",
    "Ертис",
    "Есиль",
    "Тау",
    "Дала",
    "Сункар",
    "Кайнар",
    "Асыл",
    "Бирлик",
    "Достык",
    "Мерей",
    "Евразия",
    "Азия",
    "Орда",
    "Тумар",
    "Шанырак",
    "Арман",
    "Ырыс",
    "Болашак",
    "Сапа",
    "Кемел",
    "Астык",
    "Алем",
    "Тулпар",
    "Самал",
    "Аксу",
    "Сырдария",
    "Алтай",
    "Улытау",
    "Бастау",
    "Ордабасы",
    "Атлант",
    "Гранит",
    "Вектор",
    "Меридиан",
    "Стандарт",
    "Прогресс",
    "Альянс",
    "Горизонт",
];

const SECOND: &[&str] = &[
    "Дан",
    "Трейд",
    "Строй",
    "Снаб",
    "Сервис",
    "Агро",
    "Фарм",
    "Тех",
    "Ойл",
    "Металл",
    "Пласт",
    "Текстиль",
    "Логистик",
    "Импорт",
    "Маркет",
    "Групп",
    "Пром",
    "Инвест",
    "Продукт",
    "Азык",
    "Сауда",
    "Курылыс",
    "Энерго",
    "Авто",
    "Мед",
    "Электро",
    "Комплект",
    "Систем",
    "Трейдинг",
    "Ресурс",
];

const THIRD: &[&str] = &[
    "Трейд",
    "Компани",
    "Групп",
    "Плюс",
    "KZ",
    "Азия",
    "Сервис",
    "Импэкс",
    "Холдинг",
];

/// Prefixes that join the next part into one word («Казснаб», «Агропром»).
const JOINED_HEAD: &[&str] = &[
    "Каз",
    "Агро",
    "Пром",
    "Энерго",
    "Мед",
    "Строй",
    "Электро",
    "Авто",
    "Транс",
    "Тех",
];
const JOINED_TAIL: &[&str] = &[
    "снаб",
    "пром",
    "тех",
    "трейд",
    "сервис",
    "монтаж",
    "комплект",
    "маркет",
    "строй",
    "фарм",
    "импорт",
    "ресурс",
    "торг",
    "холдинг",
];

const LATIN_HEAD: &[&str] = &[
    "Kaz", "Nur", "Steppe", "Astana", "Almaty", "Silk Way", "Qazaq", "Altyn", "Eurasia", "Orda",
    "Kaspiy", "Tengri",
];
const LATIN_TAIL: &[&str] = &[
    "Trade",
    "Tech",
    "Solutions",
    "Logistics",
    "Group",
    "Supply",
    "Service",
    "Industries",
    "Distribution",
    "Pharm",
];

/// (surname, feminine form) — the feminine form is the same for surnames that do not change.
const SURNAMES: &[(&str, &str)] = &[
    ("Нурланов", "Нурланова"),
    ("Ахметов", "Ахметова"),
    ("Жумабаев", "Жумабаева"),
    ("Сейтказиев", "Сейтказиева"),
    ("Абдрахманов", "Абдрахманова"),
    ("Омаров", "Омарова"),
    ("Касымов", "Касымова"),
    ("Искаков", "Искакова"),
    ("Султанов", "Султанова"),
    ("Бекмуханов", "Бекмуханова"),
    ("Тулегенов", "Тулегенова"),
    ("Мукашев", "Мукашева"),
    ("Исаев", "Исаева"),
    ("Ибрагимов", "Ибрагимова"),
    ("Есенов", "Есенова"),
    ("Кенжебаев", "Кенжебаева"),
    ("Сарсенбаев", "Сарсенбаева"),
    ("Жаксылыков", "Жаксылыкова"),
    ("Утегенов", "Утегенова"),
    ("Калиев", "Калиева"),
    ("Иванов", "Иванова"),
    ("Петров", "Петрова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Васильев", "Васильева"),
    ("Ким", "Ким"),
    ("Пак", "Пак"),
    ("Цой", "Цой"),
    ("Шевченко", "Шевченко"),
];

const INITIALS: &[&str] = &[
    "А", "Б", "Г", "Д", "Е", "Ж", "З", "И", "К", "М", "Н", "О", "Р", "С", "Т",
];

/// КАТО codes of the cities where suppliers are registered, with weights roughly following
/// where businesses are: the districts of Almaty (75…), Astana (71…) and Shymkent (79…), then
/// the oblast centres (code of the city, «г.…», level sub_district).
const KATO: &[(&str, u64)] = &[
    ("751110000", 5), // Алматы, Алмалинский район
    ("751210000", 3), // Алатауский
    ("751310000", 4), // Ауэзовский
    ("751410000", 5), // Бостандыкский
    ("751510000", 3), // Жетысуский
    ("751710000", 5), // Медеуский
    ("751810000", 1), // Наурызбайский
    ("751910000", 2), // Турксибский
    ("711110000", 5), // Астана, район Алматы
    ("711210000", 6), // район Есиль
    ("711310000", 5), // район Сарыарка
    ("711410000", 3), // район Байқоңыр
    ("711510000", 2), // район Нұра
    ("711610000", 1), // район Сарайшық
    ("791110000", 2), // Шымкент, Абайский район
    ("791310000", 2), // Аль-Фарабийский
    ("791510000", 2), // Енбекшинский
    ("791710000", 1), // Каратауский
    ("791910000", 1), // район Тұран
    ("351010000", 4), // г.Караганда
    ("151010000", 3), // г.Актобе
    ("551010000", 3), // г.Павлодар
    ("631010000", 3), // г.Усть-Каменогорск
    ("231010000", 3), // г.Атырау
    ("311010000", 2), // г.Тараз
    ("391010000", 2), // г.Костанай
    ("271010000", 2), // г.Уральск
    ("471010000", 2), // г.Актау
    ("101010000", 2), // г.Семей
    ("431010000", 2), // г.Кызылорда
    ("591010000", 2), // г.Петропавловск
    ("331010000", 2), // г.Талдыкорган
    ("111010000", 1), // г.Кокшетау
    ("611010000", 1), // г.Туркестан
    ("621010000", 1), // г.Жезказган
    ("191010000", 1), // г.Қонаев
];

/// The КАТО code of a supplier's registered address.
pub fn kato(rng: &mut Rng) -> &'static str {
    let total: u64 = KATO.iter().map(|(_, w)| w).sum();
    let mut r = rng.below(total);
    for (code, w) in KATO {
        if r < *w {
            return code;
        }
        r -= w;
    }
    KATO[0].0
}

/// A company name and the brand it lends its products.
fn company_stem(rng: &mut Rng) -> (String, Option<String>) {
    match rng.below(10) {
        0..=4 => {
            let first = rng.pick(FIRST);
            (
                format!("{first} {}", rng.pick(SECOND)),
                Some(first.to_string()),
            )
        }
        5..=6 => (
            format!("{}{}", rng.pick(JOINED_HEAD), rng.pick(JOINED_TAIL)),
            None,
        ),
        7..=8 => {
            let first = rng.pick(FIRST);
            (
                format!("{first} {} {}", rng.pick(SECOND), rng.pick(THIRD)),
                Some(first.to_string()),
            )
        }
        _ => (
            format!("{} {}", rng.pick(LATIN_HEAD), rng.pick(LATIN_TAIL)),
            None,
        ),
    }
}

/// The names of a supplier: 78 % ТОО, 8 % АО, 14 % ИП.
pub fn names(rng: &mut Rng) -> SupplierNames {
    let form = rng.below(100);
    if form < 14 {
        let &(male, female) = rng.pick(SURNAMES);
        let surname = if rng.below(3) == 0 { female } else { male };
        let initial = rng.pick(INITIALS);
        return SupplierNames {
            name_ru: format!("ИП {surname} {initial}."),
            name_kk: format!("ЖК {surname} {initial}."),
            brand: None,
        };
    }
    let (stem, brand) = company_stem(rng);
    let (ru, kk) = if form < 22 {
        ("АО", "АҚ")
    } else {
        ("ТОО", "ЖШС")
    };
    SupplierNames {
        name_ru: format!("{ru} \"{stem}\""),
        name_kk: format!("\"{stem}\" {kk}"),
        brand,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_register_forms() {
        let mut r = Rng::new(5);
        let (mut too, mut ao, mut ip) = (0, 0, 0);
        for _ in 0..2_000 {
            let n = names(&mut r);
            if n.name_ru.starts_with("ТОО \"") {
                assert!(n.name_kk.ends_with("\" ЖШС"));
                too += 1;
            } else if n.name_ru.starts_with("АО \"") {
                assert!(n.name_kk.ends_with("\" АҚ"));
                ao += 1;
            } else {
                assert!(
                    n.name_ru.starts_with("ИП ")
                        && n.name_kk.starts_with("ЖК ")
                        && n.name_ru.ends_with('.')
                );
                ip += 1;
            }
            assert!(n.brand.as_deref().is_none_or(|b| n.name_ru.contains(b)));
        }
        assert!(too > ao && too > ip && ao > 0 && ip > 0);
        let k = kato(&mut r);
        assert_eq!(k.len(), 9);
    }
}
