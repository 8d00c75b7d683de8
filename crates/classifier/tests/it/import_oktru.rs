//! ОКТРУ import: strict levels (CAT-18, G-20), parents, the tree functions, versions.

use crate::{csv, quiet, row, test_db};
use classifier::import::{ImportOptions, ImportStatus, import_oktru};
use classifier::model::{ClassifierKind, OktruCode, OktruLevel};
use classifier::{ClassifierError, store};
use kernel::Millis;

const KIND: &str = "0001.0001.0001.000000001";

/// The shape of F-OKTRU (§9.0) in Tauar's code format.
fn rows() -> Vec<Vec<String>> {
    vec![
        row![
            "code",
            "parent_code",
            "level",
            "name_ru",
            "name_kk",
            "attributes"
        ],
        row!["0001", "", "Категория", "Продукты питания", "", ""],
        row!["0001.0001", "0001", "Группа", "Молочная продукция", "", ""],
        row![
            "0001.0001.0001",
            "",
            "class",
            "Молоко",
            "",
            r#"[{"name_ru":"Жирность","value_type":"number","unit":"%"}]"#
        ],
        row![
            KIND,
            "0001.0001.0001",
            "Вид",
            "Молоко пастеризованное",
            "",
            ""
        ],
        row!["0002", "", "category", "Электроника", "", ""],
        row!["0002.0001", "", "group", "Компьютеры", "", ""],
        row!["0002.0001.0001", "", "class", "Ноутбуки", "", ""],
        row!["0003", "", "category", "Бытовая техника", "", ""],
        row!["0003.0001", "", "group", "Портативная техника", "", ""],
    ]
}

fn opts(name: &str) -> ImportOptions {
    ImportOptions::new(name, Millis(1_700_000_000_000))
}

fn code(s: &str) -> OktruCode {
    OktruCode::parse(s).unwrap()
}

#[tokio::test]
async fn cat_18_tree_functions_follow_the_levels() {
    let t = test_db().await;
    let db = &t.db;
    let r = import_oktru(db, csv(&rows()).as_bytes(), &opts("oktru.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(
        (r.status, r.version, r.added),
        (ImportStatus::Applied, 1, 9)
    );

    let roots = store::oktru_children(db, None).await.unwrap();
    let summary: Vec<(&str, i64)> = roots
        .iter()
        .map(|c| (c.node.code.as_str(), c.child_count))
        .collect();
    assert_eq!(summary, [("0001", 1), ("0002", 1), ("0003", 1)]);
    assert_eq!(roots[0].node.level, OktruLevel::Category);
    let groups = store::oktru_children(db, Some(&code("0001")))
        .await
        .unwrap();
    assert_eq!(groups[0].node.name_ru, "Молочная продукция");
    assert_eq!(groups[0].node.parent_code.as_deref(), Some("0001"));

    let ancestors = store::oktru_ancestors(db, &code(KIND)).await.unwrap();
    assert_eq!(
        ancestors
            .iter()
            .map(|n| n.code.as_str())
            .collect::<Vec<_>>(),
        ["0001", "0001.0001", "0001.0001.0001"]
    );

    let kinds = store::oktru_kinds(db).await.unwrap();
    assert_eq!(kinds.len(), 1);
    assert_eq!(kinds[0].path, ["0001", "0001.0001", "0001.0001.0001", KIND]);
    assert_eq!(kinds[0].class_attributes[0].name_ru, "Жирность");

    let counts = store::oktru_count_by_level(db).await.unwrap();
    assert_eq!(
        (
            counts.categories,
            counts.groups,
            counts.classes,
            counts.kinds
        ),
        (3, 3, 2, 1)
    );

    // Version 2: the kind renamed, «Ноутбуки» removed.
    let seq1 = store::max_seq(db, ClassifierKind::Oktru).await.unwrap();
    let mut v2 = rows();
    v2[4][3] = "Молоко пастеризованное 3,2%".into();
    v2.remove(7);
    let r = import_oktru(db, csv(&v2).as_bytes(), &opts("oktru2.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(
        (r.version, r.added, r.changed, r.removed, r.unchanged),
        (2, 0, 1, 1, 7)
    );
    let gone = store::oktru_node(db, &code("0002.0001.0001"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((gone.version_from, gone.version_to), (1, Some(1)));
    let kind = store::oktru_node(db, &code(KIND)).await.unwrap().unwrap();
    assert_eq!(
        (
            kind.item.name_ru.as_str(),
            kind.version_from,
            kind.version_to
        ),
        ("Молоко пастеризованное 3,2%", 2, None)
    );
    let feed = store::oktru_changed_since(db, seq1, 10).await.unwrap();
    assert_eq!(feed.len(), 3);
    let loaded = store::load_current_oktru_nodes(db, &[KIND.into(), "0002.0001.0001".into()])
        .await
        .unwrap();
    assert_eq!(loaded.len(), 1);
    let page = store::current_oktru_nodes_page(db, None, 100)
        .await
        .unwrap();
    assert_eq!(page.len(), 8);
    assert_eq!(
        store::oktru_children(db, Some(&code("0002.0001")))
            .await
            .unwrap()
            .len(),
        0
    );
    t.cleanup().await;
}

#[tokio::test]
async fn cat_18_level_and_parent_errors_are_reported_and_nothing_written() {
    let t = test_db().await;
    let mut bad = rows();
    bad[2][2] = "class".into(); // a group declared a class
    bad[4][1] = "0001.0001.0002".into(); // a parent that is not the code's parent
    bad.push(row!["0004.0001.0001", "", "class", "Сироты", "", ""]); // group 0004.0001 missing
    bad.push(row!["0004", "", "уровень", "Неизвестно", "", ""]);
    bad.push(row!["0005", "", "category", "", "", r#"["Цвет"]"#]);
    bad.push(row!["0001.0001", "", "group", "Дубль", "", ""]);
    bad.push(row!["1.2", "", "group", "Плохой код", "", ""]);
    let err = import_oktru(&t.db, csv(&bad).as_bytes(), &opts("bad.csv"), &quiet())
        .await
        .unwrap_err();
    let ClassifierError::ImportInvalid { errors, total } = err else {
        panic!("{err:?}")
    };
    let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.reason)).collect();
    assert_eq!(
        got,
        [
            (3, "level_mismatch"),
            (5, "parent_mismatch"),
            (11, "parent_missing"),
            (12, "level_unknown"),
            (13, "attributes_not_allowed"),
            (13, "name_empty"),
            (14, "code_duplicate"),
            (15, "code_malformed"),
        ]
    );
    assert_eq!(total, 8);
    assert!(
        store::versions(&t.db, ClassifierKind::Oktru)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store::oktru_count_by_level(&t.db).await.unwrap().categories,
        0
    );
    t.cleanup().await;
}

#[tokio::test]
async fn documented_example_imports() {
    let t = test_db().await;
    let example = &crate::import_enstru::doc_examples()[1];
    let r = import_oktru(&t.db, example.as_bytes(), &opts("example.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(r.added, 4);
    t.cleanup().await;
}
