//! `tauar pki init / revoke / crl / unhold` as users run them (SIG-59, SIG-63): the binary
//! writes the test PKI, a revocation reaches the CRL files, numbers advance, mistakes exit
//! non-zero.

use crate::process::BIN;
use pki::testkit::TestPki;
use std::path::Path;
use std::process::{Command, Output};

fn tauar(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = tauar(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn ca_rsa_crls(dir: &Path) -> (pki::Crl, pki::Crl) {
    let pki = TestPki::open(dir).unwrap();
    let ca = pki.authority("ca-rsa").unwrap();
    let read = |f: &str| {
        let mut c = pki::Crl::from_der(&std::fs::read(dir.join(f)).unwrap()).unwrap();
        c.verify_signature(ca.cert()).unwrap();
        c
    };
    (read("crl/ca-rsa.crl"), read("crl/ca-rsa_d.crl"))
}

#[test]
fn sig_63_cli_init_revoke_crl_lists_the_revoked_persona() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    let d = dir.to_str().unwrap();
    let out = ok(&[
        "pki",
        "init",
        "--dir",
        d,
        "--seed",
        "7",
        "--now",
        "2026-12-01T04:00:00Z",
    ]);
    assert!(out.contains("TEST ONLY — NOT НУЦ РК"), "{out}");
    assert!(dir.join("manifest.json").exists());
    let out = ok(&["pki", "init", "--dir", d, "--seed", "8"]);
    assert!(out.contains("kept"), "{out}");

    let serial = TestPki::open(&dir)
        .unwrap()
        .persona("superseded-sign")
        .unwrap()
        .serial
        .clone();
    let (full, _) = ca_rsa_crls(&dir);
    assert!(full.find_hex(&serial).is_none());

    ok(&[
        "pki",
        "revoke",
        "--dir",
        d,
        "superseded-sign",
        "--reason",
        "superseded",
        "--at",
        "2026-12-01T04:30:00Z",
    ]);
    ok(&["pki", "crl", "--dir", d]);
    let (full, delta) = ca_rsa_crls(&dir);
    for crl in [&full, &delta] {
        let e = crl.find_hex(&serial).expect("listed");
        assert_eq!(e.reason, Some(pki::CrlReason::Superseded));
        assert_eq!(
            e.revoked_at,
            pki::testkit::state::parse_time("2026-12-01T04:30:00Z").unwrap()
        );
    }
    // init 1/2, revoke 3/4, crl 5/6; the delta's base is the full CRL's number.
    assert_eq!(full.crl_number, Some(5u32.into()));
    assert_eq!(delta.delta_base, Some(5u32.into()));
    assert_eq!(delta.crl_number, Some(6u32.into()));

    // hold-sign → unhold: removeFromCRL in the delta.
    ok(&["pki", "unhold", "--dir", d, "hold-sign"]);
    let hold = TestPki::open(&dir)
        .unwrap()
        .persona("hold-sign")
        .unwrap()
        .serial
        .clone();
    let (full, delta) = ca_rsa_crls(&dir);
    assert!(full.find_hex(&hold).is_none());
    assert_eq!(
        delta.find_hex(&hold).unwrap().reason,
        Some(pki::CrlReason::RemoveFromCrl)
    );

    // Mistakes exit non-zero with a message.
    for bad in [
        vec!["pki", "revoke", "--dir", d, "ind-sign", "--reason", "tired"],
        vec!["pki", "unhold", "--dir", d, "ind-sign"],
        vec![
            "pki",
            "revoke",
            "--dir",
            d,
            "nobody",
            "--reason",
            "superseded",
        ],
    ] {
        let out = tauar(&bad);
        assert!(!out.status.success(), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error"),
            "{bad:?}"
        );
    }
}

#[test]
fn sig_72_cli_audit_verify_names_the_first_broken_row() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let url = db::sqlite_url_in(&data);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = db::Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        for i in 1..=3 {
            let e = signatures::audit::AuditEntry {
                purpose: "demo.document".into(),
                detail: serde_json::json!({ "n": i }),
                ..Default::default()
            };
            signatures::audit::append_alone(&db, kernel::Millis(i), &e)
                .await
                .unwrap();
        }
        db.close().await;
    });
    let d = data.to_str().unwrap();
    let out = ok(&["audit", "verify", "--data-dir", d]);
    assert!(
        out.contains("audit log: 3 rows") && out.contains("OK"),
        "{out}"
    );

    rt.block_on(async {
        let db = db::Db::connect(&url).await.unwrap();
        for sql in [
            "DROP TRIGGER tg_audit_log_no_update",
            "UPDATE audit_log SET detail = '{\"n\":20}' WHERE seq = 2",
        ] {
            db::sqlx::query(sql).execute(db.pool()).await.unwrap();
        }
        db.close().await;
    });
    let out = tauar(&["audit", "verify", "--data-dir", d]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("first broken audit row: #2"), "{text}");
}
