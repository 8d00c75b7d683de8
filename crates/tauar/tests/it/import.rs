//! `tauar import`: reference data and classifier files, with a row-by-row error report and
//! nothing written when a row is bad.

use crate::process::{BIN, Server, database_args};
use std::process::Command;

fn tauar(dir: &std::path::Path, db_args: &[String], args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .args(db_args)
        .env("TAUAR_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn import_reference_data_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db_args = database_args();
    let out = tauar(dir.path(), &db_args, &["import", "reference"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("kato") && text.contains("15594"), "{text}");
    let again = tauar(dir.path(), &db_args, &["import"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("unchanged"));
}

#[test]
fn import_classifier_reports_bad_rows_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db_args = database_args();
    let good = dir.path().join("enstru.csv");
    std::fs::write(&good, classifier::fixtures::f_ens_csv()).unwrap();
    // One code of 13 digits: the whole file is refused.
    let bad_text =
        classifier::fixtures::f_ens_csv().replacen("222121300000001", "2221213000000", 1);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, bad_text).unwrap();

    let out = tauar(
        dir.path(),
        &db_args,
        &[
            "import",
            "classifier",
            "--kind",
            "enstru",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 4, column code"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");

    let out = tauar(
        dir.path(),
        &db_args,
        &[
            "import",
            "classifier",
            "--kind",
            "enstru",
            good.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Applied"));

    // The imported codes are searchable once the server has indexed them.
    let s = Server::start(dir.path(), &db_args, &[]);
    s.wait_ready();
    let v = s.json("/api/v1/codes?q=%D0%B1%D0%BE%D0%BB%D1%82&mode=15");
    assert_eq!(v["total"], 25);
    assert_eq!(
        s.json("/api/v1/classifiers/enstru/versions")[0]["number"],
        1
    );
}
