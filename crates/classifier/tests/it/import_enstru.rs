//! ЕНС ТРУ import: CSV and XLSX, the per-row error report, versions and the change feed.

use crate::{csv, quiet, row, test_db};
use classifier::import::{ImportLimits, ImportOptions, ImportStatus, import_enstru};
use classifier::model::{ClassifierKind, CodeVersion, EnsCodeStr};
use classifier::{ClassifierError, store};
use kernel::Millis;

const A: &str = "242012500000001";
const B: &str = "242012500000002";
const C: &str = "222121300000001";
const D: &str = "242012000000000000000000000001";
const E: &str = "105111100000001";

const HEADER: [&str; 10] = [
    "code",
    "type",
    "name_ru",
    "kpved",
    "class",
    "class_name_ru",
    "attributes",
    "units",
    "replaces",
    "synonyms",
];

fn header() -> Vec<String> {
    HEADER.iter().map(|s| s.to_string()).collect()
}

fn v1_rows() -> Vec<Vec<String>> {
    vec![
        header(),
        row![
            A,
            "Товары",
            "Труба стальная бесшовная",
            "24.20.12",
            "CL-ST",
            "Трубы стальные",
            r#"{"Диаметр":"57 мм"}"#,
            "006",
            D,
            ""
        ],
        row![
            B,
            "goods",
            "Труба стальная электросварная",
            "242012",
            "CL-ST",
            "Трубы стальные",
            r#"{"Диаметр":"108 мм"}"#,
            "006",
            D,
            "труба ЭСВ"
        ],
        row![
            C,
            "Товары",
            "Труба полиэтиленовая",
            "22.21.13",
            "CL-PE",
            "Трубы полимерные",
            r#"{"Диаметр":"110 мм"}"#,
            "006",
            "",
            ""
        ],
        row![
            D,
            "Товары",
            "Труба стальная",
            "24.20",
            "CL-ST",
            "",
            "",
            "006",
            "",
            ""
        ],
    ]
}

/// v2: B renamed, C removed, E added.
fn v2_rows() -> Vec<Vec<String>> {
    let mut rows = v1_rows();
    rows[2][2] = "Труба стальная электросварная прямошовная".into();
    rows.remove(3);
    rows.push(row![
        E,
        "Товары",
        "Молоко пастеризованное",
        "10.51.11",
        "CL-MK",
        "Молоко",
        r#"{"Жирность":"3,2%"}"#,
        "112",
        "",
        ""
    ]);
    rows
}

fn opts(name: &str) -> ImportOptions {
    ImportOptions::new(name, Millis(1_700_000_000_000))
}

fn code(s: &str) -> EnsCodeStr {
    EnsCodeStr::parse(s).unwrap()
}

#[tokio::test]
async fn versions_close_changed_and_removed_rows_and_keep_old_codes_resolvable() {
    let t = test_db().await;
    let db = &t.db;
    let r1 = import_enstru(db, csv(&v1_rows()).as_bytes(), &opts("v1.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(
        (
            r1.status,
            r1.version,
            r1.added,
            r1.changed,
            r1.removed,
            r1.unchanged
        ),
        (ImportStatus::Applied, 1, 4, 0, 0, 0)
    );
    let seq1 = store::max_seq(db, ClassifierKind::Enstru).await.unwrap();
    let a_before = store::current_code(db, &code(A)).await.unwrap().unwrap();

    let r2 = import_enstru(db, csv(&v2_rows()).as_bytes(), &opts("v2.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(
        (
            r2.status,
            r2.version,
            r2.added,
            r2.changed,
            r2.removed,
            r2.unchanged
        ),
        (ImportStatus::Applied, 2, 1, 1, 1, 2)
    );

    let versions = store::versions(db, ClassifierKind::Enstru).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(
        (
            versions[0].added,
            versions[0].changed,
            versions[0].removed,
            versions[0].unchanged
        ),
        (1, 1, 1, 2)
    );
    assert_eq!(versions[0].source, "v2.csv");
    assert!(!versions[0].is_demo);

    // The removed code stays resolvable, with the range it was in.
    let c = store::current_code(db, &code(C)).await.unwrap().unwrap();
    assert_eq!(
        (c.version_from, c.version_to, c.is_current()),
        (1, Some(1), false)
    );
    assert_eq!(c.item.name_ru, "Труба полиэтиленовая");
    // The renamed code is current under its new name from version 2.
    let b = store::current_code(db, &code(B)).await.unwrap().unwrap();
    assert_eq!((b.version_from, b.version_to), (2, None));
    assert_eq!(b.item.name_ru, "Труба стальная электросварная прямошовная");
    assert_eq!(b.item.kpved, "24.20.12");
    assert_eq!(b.item.synonyms, ["труба ЭСВ"]);
    // An unchanged code keeps its row and its seq.
    let a = store::current_code(db, &code(A)).await.unwrap().unwrap();
    assert_eq!(a, a_before);
    assert!(
        store::current_code(db, &code("999999999999999"))
            .await
            .unwrap()
            .is_none()
    );

    // Only changed rows got new seq numbers: C and B closed, E and B written.
    let feed = store::codes_changed_since(db, seq1, 100).await.unwrap();
    // Closed rows first, then written rows, each in code order.
    assert_eq!(
        feed.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>(),
        [C, B, E, B]
    );
    assert_eq!(
        feed.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        (seq1 + 1..=seq1 + 4).collect::<Vec<_>>()
    );
    assert_eq!(
        store::max_seq(db, ClassifierKind::Enstru).await.unwrap(),
        seq1 + 4
    );

    let current = store::load_current_codes(db, &[E.into(), C.into(), A.into(), B.into()])
        .await
        .unwrap();
    assert_eq!(
        current.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
        [E, A, B]
    );
    let page1 = store::current_codes_page(db, None, 2).await.unwrap();
    let page2 = store::current_codes_page(db, Some(&page1[1].item.code), 10)
        .await
        .unwrap();
    let all: Vec<&str> = page1
        .iter()
        .chain(&page2)
        .map(|c| c.item.code.as_str())
        .collect();
    assert_eq!(all, [E, D, A, B]);
    t.cleanup().await;
}

#[tokio::test]
async fn identical_file_is_refused_and_same_content_changes_nothing() {
    let t = test_db().await;
    let db = &t.db;
    let file = csv(&v1_rows());
    import_enstru(db, file.as_bytes(), &opts("v1.csv"), &quiet())
        .await
        .unwrap();
    let seq = store::max_seq(db, ClassifierKind::Enstru).await.unwrap();

    let again = import_enstru(db, file.as_bytes(), &opts("v1-again.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(
        (
            again.status,
            again.version,
            again.added,
            again.changed,
            again.removed
        ),
        (ImportStatus::Identical, 1, 0, 0, 0)
    );

    // Other bytes (rows reordered, semicolons), same content: no version either.
    let mut rows = v1_rows();
    rows[1..].reverse();
    let reordered = csv(&rows).replace("\",\"", "\";\"");
    let same = import_enstru(
        db,
        reordered.as_bytes(),
        &opts("v1-reordered.csv"),
        &quiet(),
    )
    .await
    .unwrap();
    assert_eq!(
        (same.status, same.version, same.unchanged),
        (ImportStatus::NoChanges, 1, 4)
    );

    assert_eq!(
        store::versions(db, ClassifierKind::Enstru)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store::max_seq(db, ClassifierKind::Enstru).await.unwrap(),
        seq
    );
    t.cleanup().await;
}

fn invalid_rows() -> Vec<Vec<String>> {
    vec![
        header(),
        row![
            A,
            "Товары",
            "Труба",
            "24.20.12",
            "CL-ST",
            "Трубы",
            r#"{"Диаметр":"57 мм"}"#,
            "006",
            "",
            ""
        ],
        row![
            "24201250000000",
            "Товары",
            "Труба",
            "24.20.12",
            "",
            "",
            "",
            "",
            "",
            ""
        ],
        row![
            A,
            "Товары",
            "Труба дубль",
            "24.20.12",
            "",
            "",
            "",
            "",
            "",
            ""
        ],
        row![B, "Товар?", "", "24.20.12", "", "", "", "", "", ""],
        row![
            "242012500000003",
            "Товары",
            "Труба",
            "24.20.12",
            "CL-ST",
            "Трубы",
            "{bad",
            "",
            "",
            ""
        ],
        row![
            "242012500000004",
            "Товары",
            "Труба",
            "24-20",
            "",
            "",
            "",
            "",
            "",
            ""
        ],
        row![
            "242012500000005",
            "Товары",
            "Труба",
            "24.20.12",
            "",
            "",
            "",
            "",
            D,
            ""
        ],
        row![
            "242012500000006",
            "Товары",
            "Я".repeat(1001),
            "24.20.12",
            "",
            "",
            "",
            "",
            "",
            ""
        ],
        row![
            "2420125000000A7",
            "Работы",
            "Работа",
            "43.22",
            "",
            "",
            "",
            "шт",
            "",
            ""
        ],
        row![
            "242012500000008",
            "Товары",
            "Труба",
            "24.20.12",
            "",
            "",
            r#"{"Диаметр":"1"}"#,
            "",
            "",
            ""
        ],
    ]
}

#[tokio::test]
async fn every_invalid_row_is_reported_with_its_row_number_and_nothing_is_written() {
    let t = test_db().await;
    let db = &t.db;
    let err = import_enstru(
        db,
        csv(&invalid_rows()).as_bytes(),
        &opts("bad.csv"),
        &quiet(),
    )
    .await
    .unwrap_err();
    let ClassifierError::ImportInvalid { errors, total } = err else {
        panic!("expected ImportInvalid, got {err:?}")
    };
    let got: Vec<(usize, Option<&str>, &str)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref(), e.reason))
        .collect();
    assert_eq!(
        got,
        [
            (3, Some("code"), "code_wrong_length"),
            (4, Some("code"), "code_duplicate"),
            (5, Some("name_ru"), "name_empty"),
            (5, Some("type"), "type_unknown"),
            (6, Some("attributes"), "json_invalid"),
            (7, Some("kpved"), "kpved_malformed"),
            (8, Some("replaces"), "replacement_unknown"),
            (9, Some("name_ru"), "text_too_long"),
            (10, Some("code"), "code_malformed"),
            (10, Some("units"), "unit_malformed"),
            (11, Some("attributes"), "attribute_without_class"),
        ]
    );
    assert_eq!(total, errors.len());
    assert!(errors.iter().all(|e| !e.message.is_empty()));
    assert!(
        store::versions(db, ClassifierKind::Enstru)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store::current_codes_page(db, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store::max_seq(db, ClassifierKind::Enstru).await.unwrap(), 0);
    t.cleanup().await;
}

#[tokio::test]
async fn error_list_is_capped_but_counted() {
    let mut rows = vec![header()];
    for i in 0..1500 {
        rows.push(row![
            format!("{i:014}"),
            "Товары",
            "x",
            "24.20",
            "",
            "",
            "",
            "",
            "",
            ""
        ]);
    }
    let err = classifier::import::read_enstru_file(
        csv(&rows).as_bytes(),
        classifier::import::FileFormat::Csv,
        ImportLimits::default(),
        &quiet(),
    )
    .unwrap_err();
    let ClassifierError::ImportInvalid { errors, total } = err else {
        panic!("{err:?}")
    };
    assert_eq!((errors.len(), total), (1000, 1500));
    assert_eq!(errors[0].row, 2);
}

#[test]
fn class_rules_are_checked() {
    let rows = vec![
        header(),
        // A class without a name on any row, and a class with conflicting names.
        row![
            A,
            "Товары",
            "Труба",
            "24.20.12",
            "CL-X",
            "",
            r#"{"Диаметр":"57 мм"}"#,
            "",
            "",
            ""
        ],
        row![
            B,
            "Товары",
            "Труба",
            "24.20.12",
            "CL-Y",
            "Трубы",
            r#"{"Диаметр":"57 мм"}"#,
            "",
            "",
            ""
        ],
        row![
            C,
            "Товары",
            "Труба",
            "22.21.13",
            "CL-Y",
            "Трубы другие",
            r#"{"Диаметр":"57 мм"}"#,
            "",
            "",
            ""
        ],
        // A class without any attribute (§2.3.5: at least one).
        row![
            E,
            "Товары",
            "Молоко",
            "10.51.11",
            "CL-Z",
            "Молоко",
            "",
            "",
            "",
            ""
        ],
    ];
    let err = classifier::import::read_enstru_file(
        csv(&rows).as_bytes(),
        classifier::import::FileFormat::Csv,
        ImportLimits::default(),
        &quiet(),
    )
    .unwrap_err();
    let ClassifierError::ImportInvalid { errors, .. } = err else {
        panic!("{err:?}")
    };
    let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.reason)).collect();
    assert_eq!(
        got,
        [
            (2, "class_name_missing"),
            (4, "class_conflict"),
            (5, "class_without_attributes")
        ]
    );
}

#[test]
fn unknown_or_missing_columns_make_the_file_unreadable() {
    let read = |text: &str| {
        classifier::import::read_enstru_file(
            text.as_bytes(),
            classifier::import::FileFormat::Csv,
            ImportLimits::default(),
            &quiet(),
        )
    };
    assert!(matches!(
        read("code,type,name-ru,kpved\n"),
        Err(ClassifierError::ImportUnreadable(_))
    ));
    assert!(matches!(
        read("code,type,kpved\n"),
        Err(ClassifierError::ImportUnreadable(_))
    ));
    assert!(matches!(
        read(""),
        Err(ClassifierError::ImportUnreadable(_))
    ));
}

fn xlsx(rows: &[Vec<String>], number_column: Option<usize>) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            // An empty row 2 in the sheet: data rows are numbered as the sheet shows them.
            let sheet_row = if r == 0 { 0 } else { r as u32 + 1 };
            if r > 0 && Some(c) == number_column {
                sheet
                    .write_number(sheet_row, c as u16, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(sheet_row, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn xlsx_import_reads_like_csv() {
    let t = test_db().await;
    let db = &t.db;
    let mut rows = v1_rows();
    rows.truncate(4); // no V30: every code fits an f64
    for r in rows.iter_mut().skip(1) {
        r[8].clear();
    }
    let file = xlsx(&rows, Some(0));
    let r = import_enstru(db, &file, &opts("v1.xlsx"), &quiet())
        .await
        .unwrap();
    assert_eq!((r.status, r.added), (ImportStatus::Applied, 3));
    let a = store::current_code(db, &code(A)).await.unwrap().unwrap();
    assert_eq!(a.item.version, CodeVersion::V15);
    assert_eq!(a.item.attributes[0].value, "57 мм");
    // The same rows as CSV are the same content.
    let same = import_enstru(db, csv(&rows).as_bytes(), &opts("v1.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(same.status, ImportStatus::NoChanges);
    t.cleanup().await;
}

#[tokio::test]
async fn xlsx_errors_carry_sheet_row_numbers_and_limits_hold() {
    let t = test_db().await;
    let mut rows = v1_rows();
    rows[2][0] = "12345".into();
    let file = xlsx(&rows, None);
    let err = import_enstru(&t.db, &file, &opts("bad.xlsx"), &quiet())
        .await
        .unwrap_err();
    let ClassifierError::ImportInvalid { errors, .. } = err else {
        panic!("{err:?}")
    };
    // Header on sheet row 1, sheet row 2 empty, the second data row is on sheet row 4.
    assert_eq!((errors[0].row, errors[0].reason), (4, "code_wrong_length"));

    let mut o = opts("big.xlsx");
    o.limits = ImportLimits {
        max_file_bytes: 50 * 1024 * 1024,
        max_rows: 2,
    };
    let err = import_enstru(&t.db, &xlsx(&v1_rows(), None), &o, &quiet())
        .await
        .unwrap_err();
    assert!(matches!(err, ClassifierError::ImportTooLarge(_)), "{err:?}");
    o.limits = ImportLimits {
        max_file_bytes: 100,
        max_rows: 10,
    };
    let err = import_enstru(&t.db, &xlsx(&v1_rows(), None), &o, &quiet())
        .await
        .unwrap_err();
    assert!(matches!(err, ClassifierError::ImportTooLarge(_)), "{err:?}");
    t.cleanup().await;
}

#[tokio::test]
async fn large_import_is_batched() {
    let t = test_db().await;
    let db = &t.db;
    let mut rows = vec![header()];
    for i in 0..5000u32 {
        rows.push(row![
            format!("2420125{i:08}"),
            "Товары",
            format!("Труба {i}"),
            "24.20.12",
            "CL-ST",
            "Трубы",
            format!(r#"{{"Диаметр":"{} мм"}}"#, i % 40),
            "006",
            "",
            ""
        ]);
    }
    let r = import_enstru(db, csv(&rows).as_bytes(), &opts("big.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(r.added, 5000);
    // Rename every other code, drop the last 1000.
    for (i, r) in rows.iter_mut().enumerate().skip(1) {
        if i % 2 == 0 {
            r[2] = format!("{} (ред.)", r[2]);
        }
    }
    rows.truncate(4001);
    let r = import_enstru(db, csv(&rows).as_bytes(), &opts("big2.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(
        (r.added, r.changed, r.removed, r.unchanged),
        (0, 2000, 1000, 2000)
    );
    let feed = store::codes_changed_since(db, 5000, 100_000).await.unwrap();
    assert_eq!(feed.len(), 2000 * 2 + 1000);
    t.cleanup().await;
}

/// The ```csv examples of docs/import-formats.md, in order.
pub fn doc_examples() -> Vec<String> {
    let doc = std::fs::read_to_string(format!(
        "{}/../../docs/import-formats.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    doc.split("```csv\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn documented_example_imports() {
    let t = test_db().await;
    let example = &doc_examples()[0];
    let r = import_enstru(&t.db, example.as_bytes(), &opts("example.csv"), &quiet())
        .await
        .unwrap();
    assert_eq!(r.added, 5);
    let wheat = store::current_code(&t.db, &code("011111200000001"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (wheat.item.kpved.as_str(), wheat.item.units.as_slice()),
        ("01.11.11", &["166".to_string()][..])
    );
    t.cleanup().await;
}

/// 500 000 codes in one file (run by hand: `cargo test -p classifier --release -- --ignored`).
#[tokio::test]
#[ignore = "large: about a minute in a debug build"]
async fn half_a_million_codes() {
    let t = test_db().await;
    let db = &t.db;
    let file = |renamed: u32| {
        let mut s = String::from("code,type,name_ru,kpved\n");
        for i in 0..500_000u32 {
            let suffix = if i < renamed { " (ред.)" } else { "" };
            s.push_str(&format!(
                "2420125{i:08},goods,Труба стальная {i}{suffix},24.20.12\n"
            ));
        }
        s
    };
    let started = std::time::Instant::now();
    let r = import_enstru(db, file(0).as_bytes(), &opts("500k.csv"), &quiet())
        .await
        .unwrap();
    eprintln!("500k import: {:?} ({:?})", started.elapsed(), db.backend());
    assert_eq!(r.added, 500_000);
    let started = std::time::Instant::now();
    let r = import_enstru(db, file(50_000).as_bytes(), &opts("500k-2.csv"), &quiet())
        .await
        .unwrap();
    eprintln!("500k re-import, 50 000 renamed: {:?}", started.elapsed());
    assert_eq!((r.changed, r.unchanged), (50_000, 450_000));
    t.cleanup().await;
}
