//! The demo generator: determinism, resume, realism of the rows, the ratios of the home page.

use crate::fixtures::{all_goods, all_suppliers, kinds};
use catalog::demo::{
    self, DemoOptions, DemoPlan, DemoProgress, KindSpec, REAL_GOODS, REAL_IN_PROCUREMENT, REAL_OTP,
    REAL_SZPT, REAL_WITH_KZTIN, codes,
};
use catalog::model::{Good, GoodStatus};
use catalog::store;
use db::testing::TestDb;
use kernel::values::Bin;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

fn no_progress(_: DemoProgress) {}

/// Batches of 1 000, and the goods indexes deferred even for a few thousand goods, so the
/// tests go through the bulk-load path.
fn small_batches() -> DemoOptions {
    DemoOptions {
        batch: 1_000,
        defer_indexes_from: 1_000,
    }
}

async fn generated(kinds: &[KindSpec], n: u64, seed: u64) -> TestDb {
    let t = TestDb::new().await.unwrap();
    let report = demo::generate_goods(&t.db, kinds, n, seed, &no_progress)
        .await
        .unwrap();
    assert_eq!(
        (report.first_id, report.goods_inserted, report.total),
        (1, n, n)
    );
    t
}

#[tokio::test]
async fn cat_129_same_seed_same_rows_other_seed_other_rows() {
    let kinds = kinds();
    let a = generated(&kinds, 3_000, 7).await;
    let b = generated(&kinds, 3_000, 7).await;
    let c = generated(&kinds, 3_000, 8).await;
    let (ga, gb, gc) = (
        all_goods(&a.db).await,
        all_goods(&b.db).await,
        all_goods(&c.db).await,
    );
    assert_eq!(ga.len(), 3_000);
    assert_eq!(ga, gb);
    assert_eq!(all_suppliers(&a.db).await, all_suppliers(&b.db).await);
    let same_names = ga
        .iter()
        .zip(&gc)
        .filter(|(x, y)| x.name_ru == y.name_ru)
        .count();
    assert!(same_names < 300, "{same_names} equal names across seeds");
    assert_ne!(all_suppliers(&a.db).await, all_suppliers(&c.db).await);
    // The plan alone gives the same goods as the database.
    let plan = DemoPlan::new(&kinds, 3_000, 7).unwrap();
    let g = plan.good(1_234);
    let stored = &ga[1_233];
    assert_eq!(
        (
            stored.id,
            &stored.name_ru,
            &stored.name_kk,
            &stored.attributes
        ),
        (1_234, &g.name_ru, &g.name_kk, &g.attributes)
    );
    for t in [a, b, c] {
        t.cleanup().await;
    }
}

#[tokio::test]
async fn cat_129_resume_after_a_crash_equals_an_uninterrupted_run() {
    let kinds = kinds();
    let n = 5_500;
    let full = TestDb::new().await.unwrap();
    let plan = Arc::new(DemoPlan::new(&kinds, n, 99).unwrap());
    demo::generate_with_plan(&full.db, &plan, small_batches(), &no_progress)
        .await
        .unwrap();

    // A run that dies after its third batch…
    let broken = TestDb::new().await.unwrap();
    let db = broken.db.clone();
    let kinds2 = kinds.clone();
    let crashed = tokio::spawn(async move {
        let plan = Arc::new(DemoPlan::new(&kinds2, n, 99).unwrap());
        let die = |p: DemoProgress| {
            if p.done >= 3_000 {
                panic!("simulated crash after {} goods", p.done);
            }
        };
        demo::generate_with_plan(&db, &plan, small_batches(), &die).await
    })
    .await;
    assert!(crashed.is_err_and(|e| e.is_panic()));
    assert_eq!(store::max_demo_good_id(&broken.db).await.unwrap(), 3_000);
    // …and a fourth batch that was being written when the power went: never committed.
    let mut tx = broken.db.write_tx().await.unwrap();
    let partial: Vec<_> = (3_001..=3_500).map(|i| plan.good(i)).collect();
    store::insert_goods(&mut tx, &partial).await.unwrap();
    drop(tx);

    let seen = Mutex::new(Vec::new());
    let record = |p: DemoProgress| seen.lock().unwrap().push(p.done);
    let report = demo::generate_with_plan(&broken.db, &plan, small_batches(), &record)
        .await
        .unwrap();
    assert_eq!((report.first_id, report.goods_inserted), (3_001, 2_500));
    assert_eq!(*seen.lock().unwrap(), [3_000, 4_000, 5_000, 5_500]);
    assert_eq!(all_goods(&broken.db).await, all_goods(&full.db).await);
    assert_eq!(
        all_suppliers(&broken.db).await,
        all_suppliers(&full.db).await
    );

    // Running again when everything is there does nothing.
    let again = demo::generate_goods(&broken.db, &kinds, n, 99, &no_progress)
        .await
        .unwrap();
    assert_eq!((again.goods_inserted, again.first_id), (0, n + 1));
    assert_eq!(store::count_goods(&broken.db).await.unwrap(), n as i64);
    // The goods indexes deferred by the crashed run are back (dropping them succeeds).
    for ix in ["DROP INDEX ix_goods_supplier", "DROP INDEX ix_goods_oktru"] {
        db::sqlx::query(ix).execute(broken.db.pool()).await.unwrap();
    }
    full.cleanup().await;
    broken.cleanup().await;
}

fn expected(real: u64, n: usize) -> f64 {
    real as f64 * n as f64 / REAL_GOODS as f64
}

fn assert_close(what: &str, got: i64, want: f64) {
    // Five standard deviations of a binomial count, plus a little.
    let tolerance = 5.0 * want.sqrt() + 3.0;
    assert!(
        (got as f64 - want).abs() <= tolerance,
        "{what}: {got}, expected {want:.1} ± {tolerance:.1}"
    );
}

fn is_food(kind: &KindSpec) -> bool {
    kind.tnved_chapter
        .as_deref()
        .and_then(|c| c.parse::<u32>().ok())
        .is_some_and(|c| (2..=22).contains(&c))
}

fn unit_symbols_ok(g: &Good) -> bool {
    matches!(g.unit.as_deref(), Some("796" | "166" | "112" | "168"))
}

#[tokio::test]
async fn cat_21_demo_goods_are_realistic_and_keep_the_home_page_ratios() {
    let kinds = kinds();
    let by_code: HashMap<&str, &KindSpec> = kinds.iter().map(|k| (k.code.as_str(), k)).collect();
    let n = 20_000;
    let t = generated(&kinds, n as u64, 2026).await;
    let goods = all_goods(&t.db).await;
    let suppliers = all_suppliers(&t.db).await;
    assert_eq!(goods.len(), n);

    // Suppliers: the real ratio, valid and distinct BINs, register-style names, demo.
    assert_eq!(suppliers.len() as u64, demo::supplier_count(n as u64));
    assert_eq!(suppliers.len(), 23);
    let bins: HashSet<&str> = suppliers.iter().map(|s| s.bin.as_str()).collect();
    assert_eq!(bins.len(), suppliers.len());
    for s in &suppliers {
        assert!(Bin::parse(s.bin.as_str()).is_ok());
        assert_eq!(&s.bin.as_str()[4..5], "4");
        let yymm: u32 = s.bin.as_str()[..4].parse().unwrap();
        assert!(yymm >= 9901 || yymm <= 2512);
        assert!(s.is_demo);
        assert!(
            s.name_ru.starts_with("ТОО \"")
                || s.name_ru.starts_with("АО \"")
                || s.name_ru.starts_with("ИП ")
        );
        assert!(
            s.name_kk
                .as_deref()
                .is_some_and(|k| k.ends_with(" ЖШС") || k.ends_with(" АҚ") || k.starts_with("ЖК "))
        );
        assert!(s.kato.as_deref().is_some_and(|k| k.len() == 9));
    }

    let mut kztins = HashSet::new();
    for g in &goods {
        assert!(g.is_demo && g.status == GoodStatus::Active);
        assert!(!g.name_ru.trim().is_empty(), "good {} has no name", g.id);
        assert!(g.name_kk.as_deref().is_none_or(|k| !k.trim().is_empty()));
        let kind = by_code
            .get(g.oktru_code.as_str())
            .unwrap_or_else(|| panic!("unknown kind {}", g.oktru_code));
        assert!(
            !g.attributes.is_empty()
                && g.attributes
                    .iter()
                    .all(|a| !a.name.is_empty() && !a.value.is_empty())
        );
        if !kind.attributes.is_empty() {
            let names: Vec<&str> = kind.attributes.iter().map(|a| a.name_ru.as_str()).collect();
            assert_eq!(
                g.attributes
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>(),
                names
            );
        }
        assert!(bins.contains(g.supplier_bin.as_str()));
        assert!(unit_symbols_ok(g));
        if g.is_szpt {
            assert!(is_food(kind), "СЗПТ outside food: {}", g.name_ru);
        }
        if let Some(k) = &g.kztin {
            assert!(k.starts_with("487") && codes::is_valid_gtin13(k), "{k}");
            assert!(kztins.insert(k.clone()));
            assert!(g.ntin.is_none());
        }
        if let Some(nt) = &g.ntin {
            assert!(nt.starts_with('2') && codes::is_valid_gtin13(nt), "{nt}");
        }
        assert!(g.created_at <= g.updated_at);
    }
    // Food by mass or volume, the rest by the piece.
    assert!(goods.iter().any(|g| g.unit.as_deref() == Some("166")));
    assert!(goods.iter().any(|g| g.unit.as_deref() == Some("112")));
    assert!(
        goods
            .iter()
            .filter(|g| g.unit.as_deref() != Some("796"))
            .all(|g| {
                let k = by_code[g.oktru_code.as_str()];
                is_food(k)
                    || matches!(
                        k.tnved_chapter.as_deref(),
                        Some("27" | "28" | "29" | "31" | "35" | "36" | "37" | "38")
                    )
            })
    );
    // Some Kazakh names, never for nouns outside the lexicon without a Kazakh kind name.
    let with_kk = goods.iter().filter(|g| g.name_kk.is_some()).count();
    assert!(with_kk > 500, "{with_kk}");
    let horses = goods
        .iter()
        .filter(|g| g.name_ru.starts_with("Лошади"))
        .collect::<Vec<_>>();
    assert!(horses.iter().all(|g| g.name_kk.is_none()));
    // Names vary.
    let distinct: HashSet<&str> = goods.iter().map(|g| g.name_ru.as_str()).collect();
    assert!(
        distinct.len() > n * 8 / 10,
        "{} distinct names",
        distinct.len()
    );
    // Every kind can be drawn; most are.
    let used: HashSet<&str> = goods.iter().map(|g| g.oktru_code.as_str()).collect();
    assert!(
        used.len() > kinds.len() * 9 / 10,
        "{} of {} kinds used",
        used.len(),
        kinds.len()
    );

    // The ratios of the home page.
    let stats = store::statistics(&t.db).await.unwrap();
    assert_eq!(stats.goods, n as i64);
    assert_close(
        "in procurement",
        stats.in_procurement,
        expected(REAL_IN_PROCUREMENT, n),
    );
    assert_close("KZTIN", stats.with_kztin, expected(REAL_WITH_KZTIN, n));
    assert_close("ОТП", stats.otp, expected(REAL_OTP, n));
    assert_close("СЗПТ", stats.szpt, expected(REAL_SZPT, n));
    assert!(stats.suppliers <= suppliers.len() as i64 && stats.suppliers >= 20);
    // The statistics agree with a count by hand.
    let count = |f: fn(&Good) -> bool| goods.iter().filter(|g| f(g)).count() as i64;
    assert_eq!(stats.in_procurement, count(|g| g.in_procurement));
    assert_eq!(stats.with_kztin, count(|g| g.kztin.is_some()));
    assert_eq!(stats.otp, count(|g| g.is_otp));
    assert_eq!(stats.szpt, count(|g| g.is_szpt));
    let with_goods: HashSet<&str> = goods.iter().map(|g| g.supplier_bin.as_str()).collect();
    assert_eq!(stats.suppliers, with_goods.len() as i64);

    for g in goods.iter().step_by(2_000) {
        println!(
            "{} | {} | {:?} | {:?}",
            g.name_ru,
            g.name_kk.as_deref().unwrap_or("—"),
            g.unit,
            g.attributes
        );
    }
    t.cleanup().await;
}

#[tokio::test]
async fn cat_21_szpt_ratio_holds_at_a_larger_scale() {
    // The plan alone (no database): 200 000 goods, СЗПТ only in food, overall ratio kept.
    let kinds = kinds();
    let n = 200_000u64;
    let plan = DemoPlan::new(&kinds, n, 5).unwrap();
    let food: HashSet<&str> = kinds
        .iter()
        .filter(|k| is_food(k))
        .map(|k| k.code.as_str())
        .collect();
    let (mut szpt, mut otp, mut kztin, mut proc_) = (0i64, 0i64, 0i64, 0i64);
    for i in 1..=n {
        let g = plan.good(i);
        if g.is_szpt {
            assert!(food.contains(g.oktru_code.as_str()));
            szpt += 1;
        }
        otp += i64::from(g.is_otp);
        kztin += i64::from(g.kztin.is_some());
        proc_ += i64::from(g.in_procurement);
    }
    assert_close("СЗПТ", szpt, expected(REAL_SZPT, n as usize));
    assert_close("ОТП", otp, expected(REAL_OTP, n as usize));
    assert_close("KZTIN", kztin, expected(REAL_WITH_KZTIN, n as usize));
    assert_close(
        "in procurement",
        proc_,
        expected(REAL_IN_PROCUREMENT, n as usize),
    );
}

#[tokio::test]
async fn cat_9_small_and_empty_generations() {
    let t = TestDb::new().await.unwrap();
    // No kinds: nothing to put goods into.
    assert!(
        demo::generate_goods(&t.db, &[], 10, 1, &no_progress)
            .await
            .is_err()
    );
    // Zero goods: nothing happens.
    let r = demo::generate_goods(&t.db, &[], 0, 1, &no_progress)
        .await
        .unwrap();
    assert_eq!((r.suppliers, r.goods_inserted), (0, 0));
    // Fewer goods than the minimum of suppliers: one supplier per good at most.
    let r = demo::generate_goods(&t.db, &kinds()[..3], 7, 1, &no_progress)
        .await
        .unwrap();
    assert_eq!((r.suppliers, r.goods_inserted), (7, 7));
    assert_eq!(store::count_suppliers(&t.db).await.unwrap(), 7);
    t.cleanup().await;
}

/// `cargo test -p catalog --release -- --ignored bench_generate --nocapture`
/// (with `TAUAR_TEST_DATABASE_URL` for PostgreSQL; `DEMO_BENCH_GOODS` to change the size).
#[tokio::test]
#[ignore]
async fn bench_generate() {
    let n: u64 = std::env::var("DEMO_BENCH_GOODS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let kinds = kinds();
    let plan = DemoPlan::new(&kinds, n, 1).unwrap();
    let started = std::time::Instant::now();
    let mut sink = 0usize;
    for i in 1..=n.min(200_000) {
        sink += plan.good(i).name_ru.len();
    }
    let gen_rate = n.min(200_000) as f64 / started.elapsed().as_secs_f64();
    let t = TestDb::new().await.unwrap();
    let last = Mutex::new((std::time::Instant::now(), 0u64));
    let report_every = (n / 10).max(1);
    let show = |p: DemoProgress| {
        let mut l = last.lock().unwrap();
        if p.done >= l.1 + report_every {
            let rate = (p.done - l.1) as f64 / l.0.elapsed().as_secs_f64();
            println!("  {} goods, {rate:.0} goods/s", p.done);
            *l = (std::time::Instant::now(), p.done);
        }
    };
    let options = match std::env::var_os("DEMO_BENCH_KEEP_INDEXES") {
        Some(_) => DemoOptions {
            defer_indexes_from: u64::MAX,
            ..DemoOptions::default()
        },
        None => DemoOptions::default(),
    };
    let plan = Arc::new(plan);
    let report = demo::generate_with_plan(&t.db, &plan, options, &show)
        .await
        .unwrap();
    let s = std::time::Instant::now();
    let stats = store::statistics(&t.db).await.unwrap();
    let stats_time = s.elapsed();
    println!(
        "backend {:?}: generated only {gen_rate:.0} goods/s (sink {sink}); generate+insert {} goods in {:.1} s = {:.0} goods/s; statistics() {:?} in {stats_time:?}",
        t.db.backend(),
        report.goods_inserted,
        report.elapsed.as_secs_f64(),
        report.goods_per_second(),
        stats
    );
    t.cleanup().await;
}

#[test]
#[ignore]
fn show_names() {
    let kinds = crate::fixtures::hand_kinds();
    let plan = DemoPlan::new(&kinds, 1_000_000, 3).unwrap();
    for i in 1..=60 {
        let g = plan.good(i * 7919);
        println!(
            "{} | {} | {:?} | {}",
            g.name_ru,
            g.name_kk.as_deref().unwrap_or("—"),
            g.unit,
            plan.supplier(1 + i % 50).unwrap().name_ru
        );
    }
}

/// Insert speed by rows per statement: `cargo test -p catalog --release -- --ignored bench_statement_size --nocapture`.
#[tokio::test]
#[ignore]
async fn bench_statement_size() {
    let kinds = kinds();
    let plan = DemoPlan::new(&kinds, 1_000_000, 1).unwrap();
    let mut next = 1u64;
    let t = TestDb::new().await.unwrap();
    for rows in [10, 50, 100, 200, 500, 1_927] {
        let goods: Vec<_> = (next..next + 40_000).map(|i| plan.good(i)).collect();
        next += 40_000;
        let s = std::time::Instant::now();
        for batch in goods.chunks(10_000) {
            let mut tx = t.db.write_tx().await.unwrap();
            store::insert_goods_in_statements_of(&mut tx, batch, rows)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        println!(
            "{:?} rows/statement {rows}: {:.0} goods/s",
            t.db.backend(),
            40_000.0 / s.elapsed().as_secs_f64()
        );
    }
    t.cleanup().await;
}
