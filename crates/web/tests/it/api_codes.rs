//! spec/catalog.md §9.5 (AS-24 … AS-37) through `/api/v1/codes` on the F-ENS fixture.

use crate::helpers::{codes, enc, fixture, groups};
use serde_json::Value;

fn search(q: &str, extra: &str) -> Value {
    fixture().json(&format!("/api/v1/codes?q={}&mode=15{extra}", enc(q)))
}

#[test]
fn as_24_and_semantics_with_fragments() {
    let v = search("труб стал", "");
    assert_eq!(groups(&v), [("24.20".to_string(), 2)]);
    assert_eq!(v["groups"][0]["name"], "Трубы и профили из стали");
    assert_eq!(codes(&v), ["242012500000001", "242012500000002"]);
}

#[test]
fn as_25_minimum_fragment_length() {
    let p = fixture().problem("/api/v1/codes?q=%D1%82%D1%80&mode=15", 400);
    assert_eq!(p["code"], "SEARCH_QUERY_TOO_SHORT");
    assert_eq!(p["title"], "Введите не менее 3 символов для поиска");
    let v = search("тр стал", "");
    assert_eq!(codes(&v), ["242012500000001", "242012500000002"]);
    assert_eq!(v["ignored_tokens"], serde_json::json!(["тр"]));
}

#[test]
fn as_26_typos_with_suggestions() {
    let v = search("трбуа стальная", "");
    assert_eq!(codes(&v), ["242012500000001", "242012500000002"]);
    assert_eq!(v["suggestions"], serde_json::json!(["труба"]));
    let v = search("молако", "");
    assert_eq!(codes(&v), ["105111100000001"]);
    assert_eq!(v["suggestions"], serde_json::json!(["молоко"]));
}

#[test]
fn as_27_no_more_than_two_typos() {
    assert_eq!(search("малака", "")["total"], 0);
    assert_eq!(
        codes(&search("24201", "")),
        ["242012500000001", "242012500000002"]
    );
    assert_eq!(search("24209", "")["total"], 0);
}

#[test]
fn as_28_name_only() {
    assert_eq!(codes(&search("газопровод", "")), ["242012500000002"]);
    assert_eq!(search("газопровод", "&name_only=true")["total"], 0);
    assert_eq!(
        codes(&search("бесшовн", "&name_only=true")),
        ["242012500000001"]
    );
}

#[test]
fn as_29_subject_type_filter() {
    let v = search("труб", "");
    assert_eq!(v["total"], 5);
    let g: Vec<(String, u64)> = groups(&v);
    assert_eq!(
        g,
        [
            ("22.21".into(), 1),
            ("24.20".into(), 2),
            ("43.22".into(), 1),
            ("71.12".into(), 1)
        ]
    );
    assert_eq!(codes(&search("труб", "&type=works")), ["432211100000001"]);
    assert_eq!(
        codes(&search("труб", "&type=services")),
        ["711211100000001"]
    );
}

#[test]
fn as_30_kpved_option() {
    assert_eq!(search("профили", "")["total"], 0);
    assert_eq!(
        codes(&search("профили", "&kpved=true")),
        ["242012500000001", "242012500000002"]
    );
}

#[test]
fn as_31_versions_and_enter_default() {
    // Without `mode` (the Enter key, CAT-99) the 30-character codes are searched.
    let v = fixture().json("/api/v1/codes?q=%D1%82%D1%80%D1%83%D0%B1%D0%B0");
    assert_eq!(codes(&v), ["242012000000000000000000000001"]);
    assert_eq!(
        codes(&search("труба", "")),
        ["222121300000001", "242012500000001", "242012500000002"]
    );
}

#[test]
fn as_32_groups() {
    let v = search("труб", "");
    let names: Vec<String> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            format!(
                "{} {} ({})",
                g["key"].as_str().unwrap(),
                g["name"].as_str().unwrap(),
                g["count"]
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "22.21 Плиты и трубы из пластмасс (1)",
            "24.20 Трубы и профили из стали (2)",
            "43.22 Работы по монтажу систем (1)",
            "71.12 Услуги инженерные (1)"
        ]
    );
    let g = search("труб", "&group=24.20");
    assert_eq!(g["total"], 2);
    assert_eq!(g["items"][0]["row"], 1);
    assert_eq!(g["items"][1]["row"], 2);
}

#[test]
fn as_33_attribute_facets() {
    let facet = |v: &Value, name: &str| -> Vec<(String, u64)> {
        v["facets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["name"] == name)
            .flat_map(|f| {
                f["values"].as_array().unwrap().iter().map(|x| {
                    (
                        x["value"].as_str().unwrap().to_string(),
                        x["count"].as_u64().unwrap(),
                    )
                })
            })
            .collect()
    };
    let base = "&group=24.20";
    let v = search("труб", base);
    assert_eq!(
        facet(&v, "Диаметр"),
        [("57 мм".to_string(), 1), ("108 мм".to_string(), 1)]
    );
    assert_eq!(
        facet(&v, "Толщина стенки"),
        [("3 мм".to_string(), 1), ("4 мм".to_string(), 1)]
    );
    let d57 = format!("&attr={}", enc("Диаметр:57 мм"));
    let d108 = format!("&attr={}", enc("Диаметр:108 мм"));
    let t3 = format!("&attr={}", enc("Толщина стенки:3 мм"));
    assert_eq!(
        codes(&search("труб", &format!("{base}{d57}"))),
        ["242012500000001"]
    );
    assert_eq!(
        codes(&search("труб", &format!("{base}{d57}{d108}"))),
        ["242012500000001", "242012500000002"]
    );
    assert_eq!(
        codes(&search("труб", &format!("{base}{d57}{d108}{t3}"))),
        ["242012500000001"]
    );
    assert_eq!(
        codes(&search("труб", base)),
        ["242012500000001", "242012500000002"]
    );
}

#[test]
fn as_34_page_size_and_paginator() {
    let p1 = search("болт", "&per_page=10");
    assert_eq!(p1["total"], 25);
    assert_eq!(groups(&p1), [("25.94".to_string(), 25)]);
    assert_eq!(p1["items"].as_array().unwrap().len(), 10);
    assert_eq!(
        search("болт", "&per_page=10&page=2")["items"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    let p3 = search("болт", "&per_page=10&page=3");
    assert_eq!(p3["items"].as_array().unwrap().len(), 5);
    assert_eq!(p3["items"][0]["row"], 21);
    assert_eq!(p3["items"][0]["code"], "259411100000021");
    let p = fixture().problem("/api/v1/codes?q=%D0%B1%D0%BE%D0%BB%D1%82&per_page=15", 400);
    assert_eq!(p["code"], "PAGE_SIZE_NOT_ALLOWED");
}

#[test]
fn as_35_export_of_the_whole_filtered_result() {
    use calamine::{Reader, Xlsx};
    let r = fixture().get(&format!(
        "/api/v1/codes/export.xlsx?q={}&mode=15&per_page=10&page=1",
        enc("болт")
    ));
    assert_eq!(r.status(), 200);
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cd.contains("enstru_") && cd.ends_with(".xlsx\""), "{cd}");
    let bytes = r.bytes().unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX (zip) file");
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "№",
            "Код ЕНС ТРУ",
            "Наименование",
            "Характеристики",
            "Вид ТРУ",
            "КПВЭД",
            "Ед. изм. (МКЕИ)"
        ]
    );
    assert_eq!(rows.len(), 26, "header + all 25 rows, not the page");
    let r = fixture().get(&format!(
        "/api/v1/codes/export.xlsx?q={}&mode=15&group=24.20&attr={}",
        enc("труб"),
        enc("Диаметр:108 мм")
    ));
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes().unwrap().to_vec())).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], "242012500000002");
    assert_eq!(rows[1][6], "006 Метр");
}

#[test]
fn as_36_hierarchy_tree() {
    let v = fixture().json("/api/v1/classifiers/enstru/nodes?mode=15");
    let g: Vec<(String, i64)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        g,
        [
            ("10.51".into(), 1),
            ("22.21".into(), 1),
            ("24.20".into(), 2),
            ("25.94".into(), 25),
            ("43.22".into(), 1),
            ("71.12".into(), 1)
        ]
    );
    let works = fixture().json("/api/v1/classifiers/enstru/nodes?mode=15&type=works");
    assert_eq!(works["items"].as_array().unwrap().len(), 1);
    // The same levels through search, with a text filter (CAT-121).
    let filtered = fixture().json(&format!(
        "/api/v1/codes?mode=15&group=24.20&level=class&q={}",
        enc("бесшов")
    ));
    assert_eq!(groups(&filtered), [("CL-ST".to_string(), 1)]);
    assert_eq!(filtered["groups"][0]["name"], "Трубы стальные");
    assert_eq!(codes(&filtered), ["242012500000001"]);
    let classes = fixture().json("/api/v1/classifiers/enstru/nodes?mode=15&parent=24.20");
    assert_eq!(classes["items"][0]["level"], "class");
    assert_eq!(classes["items"][0]["count"], 2);
}

#[test]
fn as_37_code_detail_and_replacements() {
    let v = fixture().json("/api/v1/codes/242012500000001");
    assert_eq!(v["name_ru"], "Труба стальная бесшовная");
    assert_eq!(v["characteristics"], "Горячедеформированная");
    assert_eq!(
        v["replacements"][0]["code"],
        "242012000000000000000000000001"
    );
    assert_eq!(v["replacements"][0]["name_ru"], "Труба стальная");
    assert_eq!(v["units"][0]["code"], "006");
    assert_eq!(v["units"][0]["name_ru"], "Метр");
    assert_eq!(v["url"], format!("{}/code/242012500000001", fixture().base));
    let old = fixture().json("/api/v1/codes/242012000000000000000000000001");
    let repl: Vec<&str> = old["replacements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(repl, ["242012500000001", "242012500000002"]);
    // The dotted 6.3.6 form resolves to the same code.
    assert_eq!(
        fixture().json("/api/v1/codes/242012.500.000001")["code"],
        "242012500000001"
    );
}

#[test]
fn as_37_qr_code_decodes_to_the_page_url() {
    let r = fixture().get("/code/242012500000001/qr.png");
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, format!("{}/code/242012500000001", fixture().base));
}

#[test]
fn code_errors_are_problem_documents() {
    let p = fixture().problem("/api/v1/codes/12345", 400);
    assert_eq!(p["code"], "CODE_MALFORMED");
    let p = fixture().problem("/api/v1/codes/999999999999999", 404);
    assert_eq!(p["code"], "CODE_NOT_FOUND");
    for bad in [
        "mode=16",
        "type=food",
        "group=24",
        "attr=nocolon",
        "page=abc",
        "page=0",
        "per_page=1000",
        "name_only=maybe",
        "per_pag=10",
    ] {
        let p = fixture().problem(
            &format!("/api/v1/codes?q=%D1%82%D1%80%D1%83%D0%B1&{bad}"),
            400,
        );
        assert!(
            p["detail"].is_string() || p["code"] != "INVALID_PARAMETER",
            "{bad}: {p}"
        );
    }
    // Not valid UTF-8 in the path: a problem document, not the framework's plain text.
    assert_eq!(
        fixture().problem("/api/v1/codes/%FF%FE", 400)["code"],
        "BAD_REQUEST"
    );
    let (status, page) = fixture().html("/code/%FF%FE");
    assert_eq!(status, 400);
    assert!(page.contains("</html>"));
    let long = "а".repeat(600);
    assert_eq!(
        fixture().problem(&format!("/api/v1/codes?q={}", enc(&long)), 400)["code"],
        "SEARCH_QUERY_TOO_LONG"
    );
}
