//! Product lines: finer groups than a sector, found by keywords in the kind's noun, where one
//! ТН ВЭД chapter mixes goods that different brands make (chapter 22 holds water, juice and
//! beer; chapter 84 printers and pumps). A line brings its own brands and characteristics.

use super::lexicon::lookup_form;

/// A product line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Line {
    Appliance,
    Tea,
    Coffee,
    Water,
    Juice,
    Beer,
    SoftDrink,
    Milk,
    Cheese,
    Butter,
    Sugar,
    Bread,
    Flour,
    Pasta,
    Rice,
    Sausage,
    Shampoo,
    Toothpaste,
    Soap,
    Detergent,
    Printer,
    Computer,
    Phone,
    Television,
    Cable,
    Transformer,
    Lamp,
    Truck,
    Car,
    Tractor,
    Battery,
    Pump,
    PowerTool,
}

/// How a keyword matches a word of the noun.
enum Match {
    /// The word is exactly this («сыр», not «сырье»).
    Word(&'static str),
    /// The word starts with this («макарон» → «макаронные»).
    Prefix(&'static str),
}

use Match::{Prefix, Word};

/// Checked in order: the first line with a matching keyword wins (appliances before tea, so
/// that «чайник» is an appliance).
const LINES: &[(Line, &[Match])] = &[
    (
        Line::Appliance,
        &[
            Prefix("холодильник"),
            Prefix("морозильник"),
            Prefix("стиральн"),
            Prefix("пылесос"),
            Prefix("чайник"),
            Prefix("утюг"),
            Prefix("микроволнов"),
            Prefix("кофеварк"),
            Prefix("кофемашин"),
            Prefix("блендер"),
            Prefix("электроплит"),
            Prefix("мультиварк"),
            Word("фен"),
        ],
    ),
    (Line::Tea, &[Word("чай"), Word("чая")]),
    (Line::Coffee, &[Word("кофе")]),
    (Line::Water, &[Word("вода"), Word("воды")]),
    (Line::Juice, &[Word("сок"), Word("соки"), Prefix("нектар")]),
    (Line::Beer, &[Prefix("пиво")]),
    (
        Line::SoftDrink,
        &[
            Prefix("лимонад"),
            Prefix("газирован"),
            Prefix("напиток"),
            Prefix("напитки"),
        ],
    ),
    (
        Line::Milk,
        &[
            Word("молоко"),
            Prefix("кефир"),
            Prefix("йогурт"),
            Prefix("сметан"),
            Prefix("творог"),
            Word("айран"),
            Prefix("ряженк"),
        ],
    ),
    (Line::Cheese, &[Word("сыр"), Word("сыры"), Prefix("сырок")]),
    (Line::Butter, &[Prefix("сливочн")]),
    (Line::Sugar, &[Prefix("сахар")]),
    (
        Line::Bread,
        &[Prefix("хлеб"), Prefix("батон"), Prefix("лепешк")],
    ),
    (Line::Flour, &[Word("мука"), Word("муки")]),
    (
        Line::Pasta,
        &[Prefix("макарон"), Prefix("спагетти"), Prefix("лапша")],
    ),
    (Line::Rice, &[Word("рис")]),
    (
        Line::Sausage,
        &[Prefix("колбас"), Prefix("сосиск"), Prefix("сардельк")],
    ),
    (Line::Shampoo, &[Prefix("шампун")]),
    (Line::Toothpaste, &[Prefix("зубн")]),
    (Line::Soap, &[Word("мыло")]),
    (
        Line::Detergent,
        &[
            Prefix("порошок"),
            Prefix("моющ"),
            Prefix("чистящ"),
            Prefix("отбеливат"),
        ],
    ),
    (
        Line::Printer,
        &[
            Prefix("принтер"),
            Prefix("сканер"),
            Word("мфу"),
            Prefix("копировальн"),
        ],
    ),
    (
        Line::Computer,
        &[
            Prefix("компьютер"),
            Prefix("ноутбук"),
            Prefix("монитор"),
            Prefix("сервер"),
            Prefix("планшет"),
        ],
    ),
    (Line::Phone, &[Prefix("смартфон"), Prefix("телефон")]),
    (Line::Television, &[Prefix("телевизор")]),
    (Line::Cable, &[Prefix("кабел"), Prefix("провод")]),
    (Line::Transformer, &[Prefix("трансформатор")]),
    (
        Line::Lamp,
        &[Word("лампа"), Word("лампы"), Prefix("светильник")],
    ),
    (
        Line::Truck,
        &[
            Prefix("грузов"),
            Prefix("автобус"),
            Prefix("тягач"),
            Prefix("самосвал"),
        ],
    ),
    (Line::Car, &[Prefix("автомобил")]),
    (Line::Tractor, &[Prefix("трактор"), Prefix("комбайн")]),
    (Line::Battery, &[Prefix("аккумулятор")]),
    (Line::Pump, &[Prefix("насос")]),
    (
        Line::PowerTool,
        &[
            Prefix("дрел"),
            Prefix("перфоратор"),
            Prefix("шуруповерт"),
            Word("пила"),
            Prefix("электроинструмент"),
        ],
    ),
];

/// The line of a kind, from its noun.
pub fn line_of(noun_ru: &str) -> Option<Line> {
    let words: Vec<String> = noun_ru.split_whitespace().map(lookup_form).collect();
    LINES.iter().find_map(|(line, keys)| {
        let hit = keys.iter().any(|k| {
            words.iter().any(|w| match k {
                Word(x) => w == x,
                Prefix(x) => w.starts_with(x),
            })
        });
        hit.then_some(*line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_pick_lines() {
        assert_eq!(line_of("Чайник электрический"), Some(Line::Appliance));
        assert_eq!(line_of("Чай черный"), Some(Line::Tea));
        assert_eq!(line_of("Сыр"), Some(Line::Cheese));
        assert_eq!(line_of("Сырье минеральное"), None);
        assert_eq!(line_of("Автомобиль грузовой"), Some(Line::Truck));
        assert_eq!(line_of("Куртка"), None);
        assert_eq!(line_of("Вода минеральная"), Some(Line::Water));
    }
}
