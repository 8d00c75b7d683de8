//! The SQL of the catalog on the test database.

use crate::fixtures::{all_goods, all_suppliers, bin, new_good, supplier};
use catalog::model::{GoodStatus, GoodsStatistics};
use catalog::store::{
    self, GOODS_COLUMNS, GOODS_ROWS_PER_INSERT, GOODS_ROWS_PER_STATEMENT, MAX_BOUND_VALUES,
};
use db::testing::TestDb;
use kernel::Millis;

#[tokio::test]
async fn cat_130_goods_by_ids_keeps_the_given_order() {
    let t = TestDb::new().await.unwrap();
    let s = supplier("99014000001", "Алтын Дан Трейд");
    let mut tx = t.db.write_tx().await.unwrap();
    store::upsert_suppliers(&mut tx, std::slice::from_ref(&s))
        .await
        .unwrap();
    let goods: Vec<_> = (1..=1_200).map(|id| new_good(id, &s.bin)).collect();
    store::insert_goods(&mut tx, &goods).await.unwrap();
    tx.commit().await.unwrap();

    // More ids than one IN list holds, out of order, with a missing id and a repeat.
    let mut ids: Vec<i64> = (1..=1_200).rev().step_by(2).collect();
    ids.insert(3, 99_999);
    ids.push(1_200);
    let got = store::goods_by_ids(&t.db, &ids).await.unwrap();
    let got_ids: Vec<i64> = got.iter().map(|g| g.id).collect();
    let want: Vec<i64> = ids.iter().copied().filter(|&id| id != 99_999).collect();
    assert_eq!(got_ids, want);

    // Read back exactly what was written.
    let g = store::good(&t.db, 6).await.unwrap().unwrap();
    let w = &goods[5];
    assert_eq!(
        (g.name_ru.as_str(), g.name_kk.as_deref()),
        (w.name_ru.as_str(), w.name_kk.as_deref())
    );
    assert_eq!(g.attributes, w.attributes);
    assert_eq!(g.supplier_bin, s.bin);
    assert_eq!(
        (g.kztin.as_deref(), g.is_otp, g.is_szpt, g.in_procurement),
        (Some("4870000000019"), false, false, false)
    );
    assert_eq!(
        (g.status, g.is_demo, g.created_at),
        (GoodStatus::Active, false, w.created_at)
    );
    assert!(store::good(&t.db, 5_000).await.unwrap().is_none());

    let names = store::supplier_names(&t.db, &[s.bin.clone(), bin("99014000002"), s.bin.clone()])
        .await
        .unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names[&s.bin].name_ru, "ТОО \"Алтын Дан Трейд\"");
    assert_eq!(store::supplier(&t.db, &s.bin).await.unwrap(), Some(s));
    assert_eq!(store::max_good_id(&t.db).await.unwrap(), 1_200);
    assert_eq!(store::max_demo_good_id(&t.db).await.unwrap(), 0);
    t.cleanup().await;
}

#[tokio::test]
async fn batch_insert_at_the_bound_value_limit() {
    assert_eq!(GOODS_ROWS_PER_STATEMENT, 1_927);
    const { assert!(GOODS_ROWS_PER_STATEMENT * GOODS_COLUMNS <= MAX_BOUND_VALUES) };
    const { assert!((GOODS_ROWS_PER_STATEMENT + 1) * GOODS_COLUMNS > MAX_BOUND_VALUES) };
    let t = TestDb::new().await.unwrap();
    let s = supplier("05034000017", "Каспий Ойл");
    let mut next = 1;
    // Statements of the largest size: exactly one full statement, one more row than that, two
    // full statements; then the default statement size with a remainder.
    let max = GOODS_ROWS_PER_STATEMENT;
    for (rows, per_statement) in [
        (max, max),
        (max + 1, max),
        (2 * max, max),
        (3 * GOODS_ROWS_PER_INSERT + 7, GOODS_ROWS_PER_INSERT),
    ] {
        let goods: Vec<_> = (next..next + rows as i64)
            .map(|id| new_good(id, &s.bin))
            .collect();
        let mut tx = t.db.write_tx().await.unwrap();
        if per_statement == GOODS_ROWS_PER_INSERT {
            store::insert_goods(&mut tx, &goods).await.unwrap();
        } else {
            store::insert_goods_in_statements_of(&mut tx, &goods, per_statement)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        next += rows as i64;
    }
    // Asking for more rows than the limit allows is clamped to the limit.
    let goods: Vec<_> = (next..next + max as i64 + 3)
        .map(|id| new_good(id, &s.bin))
        .collect();
    let mut tx = t.db.write_tx().await.unwrap();
    store::insert_goods_in_statements_of(&mut tx, &goods, 100_000)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let total = (5 * max + 1 + 3 * GOODS_ROWS_PER_INSERT + 7 + 3) as i64;
    assert_eq!(store::count_goods(&t.db).await.unwrap(), total);
    // One seq per good, in insertion order, no gaps.
    let all = all_goods(&t.db).await;
    assert!(
        all.iter()
            .enumerate()
            .all(|(i, g)| g.seq == i as i64 + 1 && g.id == i as i64 + 1)
    );
    assert_eq!(store::max_seq(&t.db).await.unwrap(), total);
    t.cleanup().await;
}

#[tokio::test]
async fn cat_130_changes_feed_includes_soft_deletes() {
    let t = TestDb::new().await.unwrap();
    assert_eq!(store::max_seq(&t.db).await.unwrap(), 0);
    let s = supplier("10124000005", "Нур Агро");
    let mut tx = t.db.write_tx().await.unwrap();
    store::insert_goods(
        &mut tx,
        &(1..=5).map(|id| new_good(id, &s.bin)).collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let before = store::max_seq(&t.db).await.unwrap();
    assert_eq!(before, 5);

    let mut tx = t.db.write_tx().await.unwrap();
    let n = store::delete_goods(&mut tx, &[4, 2, 77], Millis(1_800_000_000_000))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(n, 2);
    // Deleting again changes nothing.
    let mut tx = t.db.write_tx().await.unwrap();
    assert_eq!(
        store::delete_goods(&mut tx, &[4], Millis(1_800_000_000_001))
            .await
            .unwrap(),
        0
    );
    tx.commit().await.unwrap();

    let changed = store::goods_changed_since(&t.db, before, 100)
        .await
        .unwrap();
    let ids: Vec<(i64, GoodStatus)> = changed.iter().map(|g| (g.id, g.status)).collect();
    assert_eq!(ids, [(4, GoodStatus::Deleted), (2, GoodStatus::Deleted)]);
    assert!(
        changed
            .iter()
            .all(|g| g.seq > before && g.updated_at == Millis(1_800_000_000_000))
    );
    assert!(changed[0].seq < changed[1].seq);

    // The feed pages by seq.
    let first = store::goods_changed_since(&t.db, 0, 2).await.unwrap();
    assert_eq!(first.iter().map(|g| g.id).collect::<Vec<_>>(), [1, 3]);
    let rest = store::goods_changed_since(&t.db, first[1].seq, 10)
        .await
        .unwrap();
    assert_eq!(rest.iter().map(|g| g.id).collect::<Vec<_>>(), [5, 4, 2]);
    assert_eq!(store::count_goods(&t.db).await.unwrap(), 5);
    t.cleanup().await;
}

#[tokio::test]
async fn cat_21_statistics_count_active_goods_and_suppliers_with_goods() {
    let t = TestDb::new().await.unwrap();
    assert_eq!(
        store::statistics(&t.db).await.unwrap(),
        GoodsStatistics::default()
    );
    let a = supplier("15074000012", "Алатау Строй");
    let b = supplier("15074000023", "Жетысу Фарм");
    let idle = supplier("15074000034", "Без Товаров");
    let gone = supplier("15074000045", "Все Удалены");
    let mut tx = t.db.write_tx().await.unwrap();
    store::upsert_suppliers(&mut tx, &[a.clone(), b.clone(), idle, gone.clone()])
        .await
        .unwrap();
    let mut goods: Vec<_> = (1..=300)
        .map(|id| new_good(id, if id % 3 == 0 { &b.bin } else { &a.bin }))
        .collect();
    goods.push(new_good(301, &gone.bin));
    store::insert_goods(&mut tx, &goods).await.unwrap();
    store::delete_goods(&mut tx, &[301, 10, 20, 30, 35], Millis(1))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let active: Vec<_> = all_goods(&t.db)
        .await
        .into_iter()
        .filter(|g| g.status == GoodStatus::Active)
        .collect();
    let count = |f: fn(&catalog::Good) -> bool| active.iter().filter(|g| f(g)).count() as i64;
    let want = GoodsStatistics {
        goods: active.len() as i64,
        in_procurement: count(|g| g.in_procurement),
        with_kztin: count(|g| g.kztin.is_some()),
        suppliers: 2,
        otp: count(|g| g.is_otp),
        szpt: count(|g| g.is_szpt),
    };
    assert_eq!(want.goods, 296);
    assert_eq!(store::statistics(&t.db).await.unwrap(), want);
    t.cleanup().await;
}

#[tokio::test]
async fn upsert_suppliers_updates_and_keeps_the_last_duplicate() {
    let t = TestDb::new().await.unwrap();
    let mut s = supplier("20114000019", "Старое Имя");
    let mut tx = t.db.write_tx().await.unwrap();
    store::upsert_suppliers(&mut tx, std::slice::from_ref(&s))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut first = s.clone();
    first.name_ru = "ТОО \"Промежуточное\"".into();
    s.name_ru = "ТОО \"Новое Имя\"".into();
    s.kato = None;
    let mut tx = t.db.write_tx().await.unwrap();
    store::upsert_suppliers(&mut tx, &[first, s.clone()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(all_suppliers(&t.db).await, vec![s]);
    assert_eq!(store::count_suppliers(&t.db).await.unwrap(), 1);
    t.cleanup().await;
}
