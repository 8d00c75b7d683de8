//! The demo classifiers: derived from real data, valid under the import rules, written as
//! version 1 through the import path, idempotent.

use crate::{quiet, test_db};
use classifier::demo::{DEMO_LABEL, derive_demo, write_demo};
use classifier::import::{ImportStatus, validate_enstru_snapshot, validate_oktru_snapshot};
use classifier::model::{ClassifierKind, CodeVersion, EnsCodeStr, OktruCode, OktruLevel};
use classifier::store;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

fn data(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../../data/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn column(text: &str, name: &str) -> Vec<String> {
    let mut r = ::csv::Reader::from_reader(text.as_bytes());
    let i = r.headers().unwrap().iter().position(|h| h == name).unwrap();
    r.records()
        .map(|rec| rec.unwrap().get(i).unwrap().to_string())
        .collect()
}

#[test]
fn demo_enstru_is_valid_and_covers_the_real_codes() {
    let demo = derive_demo().unwrap();
    let s = &demo.enstru;
    let errors = validate_enstru_snapshot(s);
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(10)]);

    let codes: HashSet<&str> = s.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes.len(), s.codes.len(), "no duplicate codes");
    for real in column(&data("ktru_samples/ktru_codes_observed.csv"), "ktru_code")
        .into_iter()
        .chain(column(
            &data("ktru_samples/ktru_ooi_order345_2024.csv"),
            "ktru_code",
        ))
    {
        let c = EnsCodeStr::parse(&real).unwrap();
        assert!(codes.contains(c.as_str()), "real code {real} missing");
    }
    let milk = s
        .codes
        .iter()
        .find(|c| c.code == "105111910000000")
        .unwrap();
    assert_eq!(milk.name_ru, "Молоко натуральное");
    assert_eq!(milk.units[0], "112");
    assert!(milk.attributes.is_empty());

    let kpved: HashSet<String> = column(&data("kpved/kpved_kz.csv"), "code")
        .into_iter()
        .collect();
    assert!(
        s.codes.iter().all(|c| kpved.contains(&c.kpved)),
        "every code's КПВЭД exists"
    );
    assert!(
        s.classes.iter().all(|c| !c.attributes.is_empty()),
        "every class has an attribute"
    );
    assert!(s.codes.iter().all(|c| c.is_demo && !c.units.is_empty()));
    let subcategories: Vec<String> = column(&data("kpved/kpved_kz.csv"), "code")
        .into_iter()
        .filter(|c| c.len() == 8)
        .collect();
    let covered: HashSet<&str> = s.codes.iter().map(|c| c.kpved.as_str()).collect();
    assert!(
        subcategories.iter().all(|c| covered.contains(c.as_str())),
        "every subcategory has a code"
    );

    // Many-to-many replacements between the versions.
    let mut per_v15: HashMap<&str, usize> = HashMap::new();
    let mut per_v30: HashMap<&str, usize> = HashMap::new();
    for p in &s.replacements {
        *per_v15.entry(&p.code_v15).or_default() += 1;
        *per_v30.entry(&p.code_v30).or_default() += 1;
    }
    assert!(per_v15.values().any(|n| *n > 1) && per_v30.values().any(|n| *n > 1));
    let v30 = s
        .codes
        .iter()
        .filter(|c| c.version == CodeVersion::V30)
        .count();
    assert!(v30 > 1000);
    let derived = s.codes.iter().find(|c| !c.attributes.is_empty()).unwrap();
    assert!(derived.characteristics.as_deref().unwrap().contains(": "));
}

#[test]
fn demo_oktru_has_strict_levels_from_tnved() {
    let demo = derive_demo().unwrap();
    let s = &demo.oktru;
    let errors = validate_oktru_snapshot(s);
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(10)]);
    let mut by_level: BTreeMap<OktruLevel, usize> = BTreeMap::new();
    let codes: HashMap<&str, OktruLevel> =
        s.nodes.iter().map(|n| (n.code.as_str(), n.level)).collect();
    for n in &s.nodes {
        *by_level.entry(n.level).or_default() += 1;
        let code = OktruCode::parse(&n.code).unwrap();
        assert_eq!(code.level(), n.level);
        if let Some(p) = &n.parent_code {
            assert_eq!(
                codes.get(p.as_str()).copied(),
                n.level.parent_level(),
                "{} → {p}",
                n.code
            );
        }
        assert!(!n.name_ru.is_empty() && n.name_ru.chars().count() <= 500);
        assert!(n.name_kk.is_none());
        assert_eq!(!n.attributes.is_empty(), n.level == OktruLevel::Class);
    }
    assert_eq!(by_level[&OktruLevel::Category], 96);
    assert_eq!(by_level[&OktruLevel::Group], 957);
    assert!(
        (12_000..13_000).contains(&by_level[&OktruLevel::Kind]),
        "{by_level:?}"
    );
    let horses = s
        .nodes
        .iter()
        .find(|n| n.code == "0001.0101.0029.000009000")
        .unwrap();
    assert_eq!(horses.tnved.as_deref(), Some("0101299000"));
    assert!(
        horses
            .name_ru
            .starts_with("Лошади, ослы, мулы и лошаки живые:"),
        "{}",
        horses.name_ru
    );
}

#[test]
fn demo_is_deterministic() {
    let a = derive_demo().unwrap();
    let b = derive_demo().unwrap();
    assert_eq!(a.enstru, b.enstru);
    assert_eq!(a.oktru, b.oktru);
}

#[tokio::test]
async fn write_demo_is_version_1_and_idempotent() {
    let t = test_db().await;
    let db = &t.db;
    let started = Instant::now();
    let report = write_demo(db, &quiet()).await.unwrap();
    let elapsed = started.elapsed();
    let ens = report.enstru.unwrap();
    let okt = report.oktru.unwrap();
    assert_eq!(
        (ens.status, ens.version, okt.status, okt.version),
        (ImportStatus::Applied, 1, ImportStatus::Applied, 1)
    );
    let versions = store::versions(db, ClassifierKind::Enstru).await.unwrap();
    assert!(versions[0].is_demo && versions[0].label == DEMO_LABEL && versions[0].source == "demo");

    let counts = store::oktru_count_by_level(db).await.unwrap();
    let v15 = store::enstru_children(db, None, CodeVersion::V15, None)
        .await
        .unwrap();
    let v30 = store::enstru_children(db, None, CodeVersion::V30, None)
        .await
        .unwrap();
    let n15: i64 = v15.iter().map(|g| g.count).sum();
    let n30: i64 = v30.iter().map(|g| g.count).sum();
    eprintln!(
        "demo written in {elapsed:?} ({:?}): V15 {n15}, V30 {n30}, ЕНС rows {}, ОКТРУ {counts:?}",
        db.backend(),
        ens.added
    );
    assert_eq!(n15 + n30, ens.added as i64);
    assert_eq!(
        counts.kinds + counts.classes + counts.groups + counts.categories,
        okt.added as i64
    );

    // A real code resolves with its class and its old-version counterpart.
    let wheat = store::code_detail(db, &EnsCodeStr::parse("011111.200.000001").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(wheat.code.item.name_ru, "Пшеница");
    assert!(wheat.class.is_some());
    assert!(
        wheat
            .replacements
            .iter()
            .all(|r| r.version == CodeVersion::V30)
    );
    let back = store::code_detail(db, &EnsCodeStr::parse(&wheat.replacements[0].code).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        back.replacements
            .iter()
            .any(|r| r.code == "011111200000001")
    );
    let kinds = store::oktru_kinds(db).await.unwrap();
    assert_eq!(kinds.len() as i64, counts.kinds);
    assert!(kinds.iter().all(|k| !k.class_attributes.is_empty()));

    let again = write_demo(db, &quiet()).await.unwrap();
    assert!(again.enstru.is_none() && again.oktru.is_none());
    assert_eq!(
        store::versions(db, ClassifierKind::Oktru)
            .await
            .unwrap()
            .len(),
        1
    );
    t.cleanup().await;
}
