//! The HTML pages: they render in every language, keep the search state in the URL, and show
//! clear messages for bad input.

use crate::helpers::{demo, enc, fixture};

#[test]
fn home_page_shows_statistics_in_three_languages() {
    let (status, ru) = demo().html("/?lang=ru");
    assert_eq!(status, 200);
    for label in [
        "Статистика",
        "Общее количество товаров",
        "Количество видов товаров",
        "Товары участвующие в ГЗ",
        "Товары с KZTIN",
        "Количество поставщиков товаров",
        "Количество товаров с признаком отечественного товаропроизводителя (ОТП)",
        "Количество социально значимых продовольственных товаров (СЗПТ)",
        "Например: Ноутбук macbook, процессор М1, дисплей Retina...",
    ] {
        assert!(ru.contains(label), "missing «{label}»");
    }
    assert!(ru.contains("3 000"), "CAT-5 thousands separator");
    let (_, kk) = demo().html("/?lang=kk");
    assert!(kk.contains("Тауарлардың жалпы саны"));
    assert!(kk.contains("lang=\"kk\""));
    let (_, en) = demo().html("/?lang=en");
    assert!(en.contains("Total number of goods"));
}

#[test]
fn search_page_keeps_state_and_shows_messages() {
    let (s, page) = fixture().html(&format!("/search?q={}&mode=15", enc("трбуа стальная")));
    assert_eq!(s, 200);
    assert!(page.contains("Возможно, вы искали"));
    assert!(
        page.contains("242012500000001"),
        "a single group opens directly"
    );
    assert!(page.contains("Найдено: 2"));
    let (s, page) = fixture().html(&format!("/search?q={}&mode=15", enc("тр")));
    assert_eq!(s, 400);
    assert!(page.contains("Введите не менее 3 символов для поиска"));
    let (_, page) = fixture().html(&format!("/search?q={}&mode=15", enc("малака")));
    assert!(page.contains("По вашему запросу ничего не найдено"));
    assert!(
        page.contains("value=\"малака\""),
        "the controls keep the query (CAT-111)"
    );
    let (_, page) = fixture().html(&format!("/search?q={}&mode=15", enc("труб")));
    assert!(page.contains("24.20 Трубы и профили из стали"));
    assert!(page.contains("Найдено: 5"));
    let (s, page) = fixture().html(&format!("/search?q={}&mode=15&per_page=13", enc("труб")));
    assert_eq!(s, 400);
    assert!(page.contains("10, 20, 50 или 100"));
}

#[test]
fn code_page_shows_everything_of_cat_123() {
    let (s, page) = fixture().html("/code/242012500000001");
    assert_eq!(s, 200);
    for text in [
        "Труба стальная бесшовная",
        "Горячедеформированная",
        "Диаметр",
        "57 мм",
        "Заменяющие коды старой версии (30 знаков)",
        "242012000000000000000000000001",
        "Метр",
        "<svg",
    ] {
        assert!(page.contains(text), "missing {text}");
    }
    let (s, page) = fixture().html("/code/242012000000000000000000000001?lang=ru");
    assert_eq!(s, 200);
    assert!(page.contains("Коды новой версии (15 знаков)"));
    let (s, page) = fixture().html("/code/12?lang=en");
    assert_eq!(s, 400);
    assert!(page.contains("This cannot be a code"));
    let (s, _) = fixture().html("/code/999999999999999");
    assert_eq!(s, 404);
}

#[test]
fn other_pages_render() {
    for path in [
        "/hierarchy?mode=15",
        "/hierarchy?mode=15&group=24.20",
        "/hierarchy?mode=15&group=24.20&class=CL-ST",
        "/dict",
        "/dict/kato",
        "/dict/kato?q=%D0%B0%D0%BB%D0%BC%D0%B0",
        "/calendar?year=2026",
        "/calendar?from=2026-02-16T10:00&days=5",
        "/oktru",
        "/goods",
    ] {
        let (s, page) = fixture().html(path);
        assert_eq!(s, 200, "{path}");
        assert!(page.contains("</html>"), "{path}");
    }
    let (_, page) = fixture().html("/calendar?from=2026-02-16T10:00&days=5");
    assert!(page.contains("23.02.2026 23:59"));
    let (s, _) = fixture().html("/calendar?year=abc");
    assert_eq!(s, 400);
    let (s, _) = fixture().html("/dict/none");
    assert_eq!(s, 404);
}

#[test]
fn goods_pages_render() {
    let (s, page) = demo().html("/goods?q=%D0%BC%D0%BE%D0%BB%D0%BE%D0%BA%D0%BE");
    assert_eq!(s, 200);
    assert!(page.contains("Товары"));
    let v = demo().json("/api/v1/goods?per_page=10");
    let id = v["items"][0]["id"].as_i64().unwrap();
    let (s, page) = demo().html(&format!("/goods/{id}"));
    assert_eq!(s, 200);
    assert!(page.contains(v["items"][0]["supplier_bin"].as_str().unwrap()));
    let (s, page) = demo().html("/goods?supplier=123");
    assert_eq!(s, 400);
    assert!(page.contains("12"));
}

/// Every message id used by a template exists (the Fluent completeness test in `kernel`
/// checks that every id exists in all three languages).
#[test]
fn every_template_key_exists() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
    let ids = kernel::i18n::message_ids(kernel::Lang::Ru);
    let re_start = ["tr.t(\"", "tr.n(\"", "tr.t_args(\""];
    // Templates of a slice live in a subdirectory (`auth/`).
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for start in re_start {
            for (i, _) in text.match_indices(start) {
                let rest = &text[i + start.len()..];
                let id = &rest[..rest.find('"').unwrap()];
                assert!(
                    ids.contains(id),
                    "{}: message «{id}» is missing",
                    path.display()
                );
            }
        }
        for (i, _) in text.match_indices("tr.tk(\"") {
            let rest = &text[i + 7..];
            let prefix = &rest[..rest.find('"').unwrap()];
            assert!(
                ids.iter().any(|k| k.starts_with(prefix)),
                "{}: no message starts with «{prefix}»",
                path.display()
            );
        }
    }
    // Ids built from stored values.
    for id in [
        "type-goods",
        "type-works",
        "type-services",
        "level-category",
        "level-group",
        "level-class",
        "level-kind",
        "calendar-kind-holiday",
        "calendar-kind-moved_day_off",
        "calendar-kind-government_transfer",
        "calendar-kind-working_day",
    ] {
        assert!(ids.contains(id), "{id}");
    }
    for d in refdata::Dict::ALL {
        assert!(ids.contains(&d.title_id()), "{}", d.title_id());
    }
}
