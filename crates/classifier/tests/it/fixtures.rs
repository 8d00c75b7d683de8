//! The F-ENS fixture through the import path; the code page (§4.6, G-10) and the browse tree
//! (§4.5) on it.

use crate::test_db;
use classifier::fixtures::{fixture_kpved_names, write_f_ens};
use classifier::import::ImportStatus;
use classifier::model::{CodeVersion, EnsCodeStr, SubjectType};
use classifier::store::{self, TreeNodeKind};

#[tokio::test]
async fn as_37_code_detail_lists_replacements_both_ways() {
    let t = test_db().await;
    let db = &t.db;
    let r = write_f_ens(db).await.unwrap();
    assert_eq!((r.status, r.added), (ImportStatus::Applied, 32));

    let v15 = EnsCodeStr::parse("242012500000001").unwrap();
    let d = store::code_detail(db, &v15).await.unwrap().unwrap();
    assert_eq!(d.code.item.name_ru, "Труба стальная бесшовная");
    assert_eq!(
        d.code.item.characteristics.as_deref(),
        Some("Горячедеформированная")
    );
    assert_eq!(d.code.item.units, ["006"]);
    let class = d.class.unwrap();
    assert_eq!(
        (class.code.as_str(), class.name_ru.as_str()),
        ("CL-ST", "Трубы стальные")
    );
    assert_eq!(
        class
            .attributes
            .iter()
            .map(|a| a.name_ru.as_str())
            .collect::<Vec<_>>(),
        ["Диаметр", "Толщина стенки"]
    );
    let attrs: Vec<(&str, &str)> = d
        .code
        .item
        .attributes
        .iter()
        .map(|a| (a.name.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(attrs, [("Диаметр", "57 мм"), ("Толщина стенки", "3 мм")]);
    assert!(d.section.is_none());
    let reps: Vec<(&str, CodeVersion, &str)> = d
        .replacements
        .iter()
        .map(|r| (r.code.as_str(), r.version, r.name_ru.as_str()))
        .collect();
    assert_eq!(
        reps,
        [(
            "242012000000000000000000000001",
            CodeVersion::V30,
            "Труба стальная"
        )]
    );

    let v30 = EnsCodeStr::parse("242012000000000000000000000001").unwrap();
    let d = store::code_detail(db, &v30).await.unwrap().unwrap();
    let reps: Vec<&str> = d.replacements.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(reps, ["242012500000001", "242012500000002"]);
    assert!(
        d.replacements
            .iter()
            .all(|r| r.version == CodeVersion::V15 && r.is_current)
    );
    assert!(
        store::code_detail(db, &EnsCodeStr::parse("111111111111111").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    t.cleanup().await;
}

#[tokio::test]
async fn as_36_browse_tree_levels() {
    let t = test_db().await;
    let db = &t.db;
    write_f_ens(db).await.unwrap();
    let groups = store::enstru_children(db, None, CodeVersion::V15, None)
        .await
        .unwrap();
    let got: Vec<(&str, i64)> = groups.iter().map(|g| (g.id.as_str(), g.count)).collect();
    assert_eq!(
        got,
        [
            ("10.51", 1),
            ("22.21", 1),
            ("24.20", 2),
            ("25.94", 25),
            ("43.22", 1),
            ("71.12", 1)
        ]
    );
    assert!(
        groups
            .iter()
            .all(|g| g.kind == TreeNodeKind::Group && g.has_children)
    );
    let names = fixture_kpved_names();
    assert!(groups.iter().all(|g| names.iter().any(|(k, _)| *k == g.id)));

    let classes = store::enstru_children(db, Some("24.20"), CodeVersion::V15, None)
        .await
        .unwrap();
    assert_eq!(classes.len(), 1);
    assert_eq!(
        (
            classes[0].id.as_str(),
            classes[0].label_ru.as_deref(),
            classes[0].count
        ),
        ("24.20/CL-ST", Some("Трубы стальные"), 2)
    );
    assert_eq!(classes[0].kind, TreeNodeKind::Class);

    let codes = store::enstru_children(db, Some("24.20/CL-ST"), CodeVersion::V15, None)
        .await
        .unwrap();
    let ids: Vec<&str> = codes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["242012500000001", "242012500000002"]);
    assert!(
        codes
            .iter()
            .all(|c| c.kind == TreeNodeKind::Code && !c.has_children)
    );

    let works = store::enstru_children(db, None, CodeVersion::V15, Some(SubjectType::Works))
        .await
        .unwrap();
    assert_eq!(
        works
            .iter()
            .map(|g| (g.id.as_str(), g.count))
            .collect::<Vec<_>>(),
        [("43.22", 1)]
    );
    let v30 = store::enstru_children(db, None, CodeVersion::V30, None)
        .await
        .unwrap();
    assert_eq!(
        v30.iter()
            .map(|g| (g.id.as_str(), g.count))
            .collect::<Vec<_>>(),
        [("24.20", 1)]
    );
    let bolts = store::enstru_children(db, Some("25.94/CL-BO"), CodeVersion::V15, None)
        .await
        .unwrap();
    assert_eq!(bolts.len(), 25);
    assert_eq!(bolts[0].label_ru.as_deref(), Some("Болт М1"));

    assert!(
        store::enstru_children(db, Some("24.2"), CodeVersion::V15, None)
            .await
            .is_err()
    );
    // Writing the fixture again is an identical import.
    assert_eq!(
        write_f_ens(db).await.unwrap().status,
        ImportStatus::Identical
    );
    t.cleanup().await;
}
