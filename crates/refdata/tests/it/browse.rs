//! Browsing a loaded database: trees, breadcrumbs, search, paging and labels.

use crate::loaded_db;
use kernel::{Lang, PageRequest};
use refdata::{Dict, Entry};

fn page(n: u32, size: u32) -> PageRequest {
    PageRequest::new(Some(n), Some(size)).unwrap()
}

fn codes(items: &[Entry]) -> Vec<&str> {
    items.iter().map(|e| e.code.as_str()).collect()
}

/// One load, then every browsing check (loading takes most of the time).
#[tokio::test]
async fn browse_loaded_dictionaries() {
    let (t, _) = loaded_db().await;
    let db = &t.db;
    kato_tree(db).await;
    tnved_tree(db).await;
    search_any_case_and_kazakh(db).await;
    search_codes(db).await;
    paging_totals(db).await;
    labels_and_extras(db).await;
    parents_exist_everywhere(db).await;
    t.cleanup().await;
}

async fn kato_tree(db: &db::Db) {
    let roots = refdata::children(db, Dict::Kato, None, page(1, 50))
        .await
        .unwrap();
    assert_eq!(roots.total, 20);
    assert_eq!(roots.items[0].code, "100000000");
    assert_eq!(roots.items[0].name(Lang::Kk), "Абай облысы");
    assert!(
        roots
            .items
            .iter()
            .all(|e| e.has_children && e.level.as_deref() == Some("oblast"))
    );

    // A settlement's parent chain reaches its oblast: с.Карааул → Карааульский с.о. →
    // Абайский район → область Абай.
    let settlements = refdata::children(db, Dict::Kato, Some("103230000"), page(1, 10))
        .await
        .unwrap();
    let s = &settlements.items[0];
    assert_eq!(
        (s.code.as_str(), s.level.as_deref()),
        ("103230100", Some("settlement"))
    );
    assert!(!s.has_children);
    let chain = refdata::ancestors(db, Dict::Kato, &s.code).await.unwrap();
    assert_eq!(
        codes(&chain),
        ["100000000", "103200000", "103230000", "103230100"]
    );
    assert_eq!(chain[0].level.as_deref(), Some("oblast"));

    // Settlements straight under a district, Almaty's districts under the city.
    let chain = refdata::ancestors(db, Dict::Kato, "113820100")
        .await
        .unwrap();
    assert_eq!(codes(&chain), ["110000000", "113800000", "113820100"]);
    let chain = refdata::ancestors(db, Dict::Kato, "751110000")
        .await
        .unwrap();
    assert_eq!(codes(&chain), ["750000000", "751110000"]);
    let root = refdata::ancestors(db, Dict::Kato, "100000000")
        .await
        .unwrap();
    assert_eq!(codes(&root), ["100000000"]);
    assert!(
        refdata::ancestors(db, Dict::Kato, "nope")
            .await
            .unwrap()
            .is_empty()
    );
}

async fn tnved_tree(db: &db::Db) {
    let roots = refdata::children(db, Dict::Tnved, None, page(1, 50))
        .await
        .unwrap();
    assert_eq!(roots.total, 22);
    assert_eq!(roots.items[0].code, "S01");
    assert_eq!(roots.items[0].level.as_deref(), Some("section"));
    let chapters = refdata::children(db, Dict::Tnved, Some("S01"), page(1, 50))
        .await
        .unwrap();
    assert_eq!(codes(&chapters.items), ["01", "02", "03", "04", "05"]);
    let headings = refdata::children(db, Dict::Tnved, Some("01"), page(1, 10))
        .await
        .unwrap();
    assert_eq!(headings.items[0].code, "0101");
    let lines = refdata::children(db, Dict::Tnved, Some("0101"), page(1, 10))
        .await
        .unwrap();
    assert_eq!(lines.items[0].code, "0101210000");
    assert_eq!(lines.items[0].extra["dash_level"], 2);
    assert_eq!(lines.items[0].extra["valid_from"], "2022-01-01");
    let chain = refdata::ancestors(db, Dict::Tnved, "0101210000")
        .await
        .unwrap();
    assert_eq!(codes(&chain), ["S01", "01", "0101", "0101210000"]);
    let line = refdata::get(db, Dict::Tnved, "0101210000")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(line.parent_code.as_deref(), Some("0101"));
    assert_eq!(line.name_en, None);
    assert_eq!(line.name(Lang::En), line.name_ru);
}

async fn search_any_case_and_kazakh(db: &db::Db) {
    // «АЛМАТЫ» finds the city of Almaty (Cyrillic case folding on both backends).
    let found = refdata::search(db, Dict::Kato, "АЛМАТЫ", page(1, 100))
        .await
        .unwrap();
    assert!(
        found.items.iter().any(|e| e.code == "750000000"),
        "{:?}",
        codes(&found.items)
    );
    // The six entries whose ru or kk name contains «алматы» (checked against the file).
    assert_eq!(found.total, 6);
    assert_eq!(
        found.items[0].code, "114879200",
        "source order after code matches"
    );
    // Kazakh names are searchable, with Kazakh letters or their Russian look-alikes.
    let abai = refdata::search(db, Dict::Kato, "Абай облысы", page(1, 10))
        .await
        .unwrap();
    assert_eq!(codes(&abai.items), ["100000000"]);
    let semei_kk = refdata::search(db, Dict::Kato, "семей қ.", page(1, 10))
        .await
        .unwrap();
    let semei_ru_keyboard = refdata::search(db, Dict::Kato, "СЕМЕЙ К.", page(1, 10))
        .await
        .unwrap();
    assert!(semei_kk.total >= 1);
    assert_eq!(semei_kk.total, semei_ru_keyboard.total);
    // «ё» and «е» are one letter.
    let e = refdata::search(db, Dict::Kpved, "полет", page(1, 10))
        .await
        .unwrap();
    let yo = refdata::search(db, Dict::Kpved, "ПОЛЁТ", page(1, 10))
        .await
        .unwrap();
    assert_eq!(e.total, yo.total);
    // Wildcards typed by a user are literal.
    assert_eq!(
        refdata::search(db, Dict::Kato, "%", page(1, 10))
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        refdata::search(db, Dict::Kato, "_", page(1, 10))
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        refdata::search(db, Dict::Kato, "  ", page(1, 10))
            .await
            .unwrap()
            .total,
        0
    );
    // One letter is a valid query here.
    assert!(
        refdata::search(db, Dict::Kse, "б", page(1, 10))
            .await
            .unwrap()
            .total
            > 0
    );
}

async fn search_codes(db: &db::Db) {
    // The exact code first, then code prefixes.
    let units = refdata::search(db, Dict::Mkei, "796", page(1, 10))
        .await
        .unwrap();
    assert_eq!(units.items[0].code, "796");
    assert_eq!(units.items[0].name_ru, "Штука");
    let kpved = refdata::search(db, Dict::Kpved, "105152", page(1, 10))
        .await
        .unwrap();
    assert_eq!(kpved.items[0].code, "10.51.52");
    let kpved = refdata::search(db, Dict::Kpved, "10.51", page(1, 20))
        .await
        .unwrap();
    assert_eq!(kpved.items[0].code, "10.51");
    assert!(kpved.items.iter().all(|e| e.code.starts_with("10.51")));
    let tnved = refdata::search(db, Dict::Tnved, "0101 21 000 0", page(1, 10))
        .await
        .unwrap();
    assert_eq!(codes(&tnved.items), ["0101210000"]);
    let bank = refdata::search(db, Dict::Banks, "kcjbkzkx", page(1, 10))
        .await
        .unwrap();
    assert_eq!(codes(&bank.items), ["KCJBKZKX"]);
    let oked = refdata::search(db, Dict::Oked, "01.11", page(1, 10))
        .await
        .unwrap();
    assert_eq!(oked.items[0].code, "0111");
}

async fn paging_totals(db: &db::Db) {
    let first = refdata::children(db, Dict::Kato, None, page(1, 10))
        .await
        .unwrap();
    let second = refdata::children(db, Dict::Kato, None, page(2, 10))
        .await
        .unwrap();
    let third = refdata::children(db, Dict::Kato, None, page(3, 10))
        .await
        .unwrap();
    assert_eq!((first.total, second.total, third.total), (20, 20, 20));
    assert_eq!(
        (first.items.len(), second.items.len(), third.items.len()),
        (10, 10, 0)
    );
    assert!(
        codes(&first.items)
            .iter()
            .all(|c| !codes(&second.items).contains(c))
    );

    let all = refdata::search(db, Dict::Kato, "алматы", page(1, 100))
        .await
        .unwrap();
    let mut paged = Vec::new();
    for n in 1.. {
        let p = refdata::search(db, Dict::Kato, "алматы", page(n, 10))
            .await
            .unwrap();
        assert_eq!(p.total, all.total);
        if p.items.is_empty() {
            break;
        }
        paged.extend(p.items);
    }
    assert_eq!(paged.len() as u64, all.total);
    assert_eq!(codes(&paged)[..all.items.len()], codes(&all.items)[..]);
}

async fn labels_and_extras(db: &db::Db) {
    // More codes than one IN list takes, with repeats and unknown codes.
    let mut wanted: Vec<String> = (0..1_200)
        .map(|i| format!("{:09}", 100_000_000 + i))
        .collect();
    wanted.extend(["751110000", "751110000", "101000000"].map(String::from));
    let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let found = refdata::names(db, Dict::Kato, &refs).await.unwrap();
    assert_eq!(found["751110000"].name(Lang::Ru), "Алмалинский район");
    assert_eq!(found["751110000"].name(Lang::Kk), "Алмалы ауданы");
    assert!(found.contains_key("100000000") && found.contains_key("101000000"));
    assert!(!found.contains_key("100000001"));
    assert!(
        refdata::names(db, Dict::Kato, &[])
            .await
            .unwrap()
            .is_empty()
    );

    let abai = refdata::get(db, Dict::Kato, "100000000")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(abai.extra["kato_version"], "NK RK 11-2025");
    assert_eq!(abai.extra["type_code"], "0");
    assert!(
        refdata::get(db, Dict::Kato, "999999999")
            .await
            .unwrap()
            .is_none()
    );

    let oked = refdata::get(db, Dict::Oked, "01").await.unwrap().unwrap();
    assert_eq!(oked.parent_code.as_deref(), Some("A"));
    assert!(
        oked.extra["description_ru"]
            .as_str()
            .unwrap()
            .contains('\n')
    );

    let bank = refdata::get(db, Dict::Banks, "KCJBKZKX")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bank.extra["kind"], "second_tier_bank");
    assert!(bank.extra["iban_bank_code"].as_str().unwrap().len() == 3);
    let old = refdata::get(db, Dict::BanksHistorical, "ALMNKZKA")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.extra["historical"], true);
    assert!(
        refdata::get(db, Dict::Banks, "ALMNKZKA")
            .await
            .unwrap()
            .is_none()
    );

    let kg = refdata::get(db, Dict::Mkei, "166").await.unwrap().unwrap();
    assert_eq!(
        (kg.name(Lang::En), kg.extra["symbol_ru"].as_str()),
        ("Kilogram", Some("кг"))
    );
    assert_eq!(
        refdata::ancestors(db, Dict::Mkei, "166")
            .await
            .unwrap()
            .len(),
        3
    );

    let kbe = refdata::get(db, Dict::Kbe, "17").await.unwrap().unwrap();
    assert!(kbe.name_ru.contains("резидент"), "{}", kbe.name_ru);
    let kopf = refdata::children(db, Dict::Kopf, Some("10"), page(1, 10))
        .await
        .unwrap();
    assert!(kopf.items.iter().all(|e| e.name_kk.is_some()));
    let kse = refdata::children(db, Dict::Kse, None, page(1, 10))
        .await
        .unwrap();
    assert_eq!(kse.total, 9);
    assert_eq!(kse.items[0].name(Lang::Kk), kse.items[0].name_ru);

    // Entries serialise for the JSON API.
    let json = serde_json::to_value(&abai).unwrap();
    assert_eq!(json["code"], "100000000");
    assert_eq!(json["has_children"], true);
}

/// Every parent named by an entry exists, so every entry is reachable from a root: walk the
/// whole of the smaller trees and compare with the stored counts.
async fn parents_exist_everywhere(db: &db::Db) {
    for dict in [Dict::Oked, Dict::Mkei, Dict::Kopf, Dict::Kfs] {
        let mut stack: Vec<Option<String>> = vec![None];
        let mut reached = 0u64;
        while let Some(parent) = stack.pop() {
            for n in 1.. {
                let p = refdata::children(db, dict, parent.as_deref(), page(n, 100))
                    .await
                    .unwrap();
                if p.items.is_empty() {
                    break;
                }
                for e in p.items {
                    reached += 1;
                    if e.has_children {
                        stack.push(Some(e.code));
                    }
                }
            }
        }
        let summary = refdata::summaries(db)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.dict == dict)
            .unwrap();
        assert_eq!(reached, summary.rows, "{dict}");
    }
}
