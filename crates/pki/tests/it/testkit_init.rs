//! `tauar pki init` (SIG-59…SIG-62): reproducible output, the directory layout, the НУЦ
//! profile of every certificate, key stores that open like НУЦ's, GOST issuance.

use crate::testkit_common::{init_seconds, options, shared, shared_path, temp_dir, tree};
use pki::testkit::{InitOutcome, init};
use pki::{Cert, KeyPurpose, TrustStore, open_pkcs12};

#[test]
fn sig_59_same_seed_gives_identical_files_and_an_existing_dir_is_kept() {
    let guard = temp_dir();
    let dir = guard.path().join("again");
    assert_eq!(init(&dir, &options(7)).unwrap(), InitOutcome::Created);
    let first = tree(shared_path());
    let second = tree(&dir);
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second), "same file names");
    assert_eq!(first, second, "same bytes, key stores and CRLs included");
    // Without --force an existing PKI is kept untouched.
    let marker = dir.join("keys/ind-sign/untouched");
    std::fs::write(&marker, b"x").unwrap();
    assert_eq!(init(&dir, &options(8)).unwrap(), InitOutcome::Kept);
    assert!(marker.exists());
    assert_eq!(tree(&dir).len(), first.len() + 1);
    // --force replaces it; another seed gives other keys, serials and file names.
    let forced = pki::testkit::InitOptions {
        force: true,
        ..options(8)
    };
    assert_eq!(init(&dir, &forced).unwrap(), InitOutcome::Created);
    assert!(!marker.exists());
    let third = tree(&dir);
    let a = shared()
        .manifest()
        .persona("ind-sign")
        .unwrap()
        .file
        .clone();
    let b = pki::testkit::TestPki::open(&dir)
        .unwrap()
        .manifest()
        .persona("ind-sign")
        .unwrap()
        .file
        .clone();
    assert_ne!(a, b);
    assert_eq!(third.len(), first.len());
}

#[test]
fn sig_59_directory_layout() {
    let pki = shared();
    let dir = shared_path();
    let m = pki.manifest();
    assert_eq!(m.now, "2026-12-01T04:00:00Z");
    assert_eq!(m.password, "Tauar2026");
    assert!(
        std::fs::read_to_string(dir.join("README.txt"))
            .unwrap()
            .contains("TEST ONLY — NOT НУЦ РК")
    );
    let mut trust: Vec<_> = std::fs::read_dir(dir.join("trust"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    trust.sort();
    assert_eq!(
        trust,
        ["ca-gost.cer", "ca-rsa.cer", "root-gost.cer", "root-rsa.cer"]
    );
    for ca in ["root-rsa", "ca-rsa", "root-gost", "ca-gost"] {
        assert!(dir.join(format!("crl/{ca}.crl")).exists());
        assert!(dir.join(format!("crl/{ca}_d.crl")).exists());
    }
    for name in [
        "root-rsa",
        "ca-rsa",
        "root-gost",
        "ca-gost",
        "rogue-root",
        "rogue-ca",
        "ocsp-rsa",
        "tsa-rsa",
        pki::testkit::FAULT_TSA,
    ] {
        assert!(dir.join(format!("ca/{name}.cer")).exists(), "{name}");
        assert!(dir.join(format!("ca/{name}.p8")).exists(), "{name}");
    }
    for f in ["tls/ca.pem", "tls/cert.pem", "tls/key.pem"] {
        assert!(dir.join(f).exists(), "{f}");
    }
    assert_eq!(m.personas.len(), crate::testkit_common::PERSONA_COUNT);
    for p in &m.personas {
        let file = std::path::Path::new(&p.file);
        assert_eq!(
            file.parent().unwrap(),
            std::path::Path::new("keys").join(&p.name)
        );
        let fname = file.file_name().unwrap().to_string_lossy().to_string();
        let prefix = match (p.algorithm.as_str(), p.purpose.as_str()) {
            ("GOST2015_512", _) => "GOST512_",
            (_, "AUTH") => "AUTH_RSA256_",
            _ if p.name == "no-digsig" => "AUTH_RSA256_",
            _ => "RSA256_",
        };
        assert!(fname.starts_with(prefix), "{}: {fname}", p.name);
        let hex = &fname[prefix.len()..fname.len() - 4];
        assert_eq!(hex, p.serial.to_lowercase(), "{}", p.name);
    }
    eprintln!("init took {:.1} s", init_seconds());
}

#[test]
fn sig_61_every_certificate_carries_the_marker_and_the_cn_prefix() {
    let pki = shared();
    let dir = shared_path();
    let mut certs: Vec<Cert> = Vec::new();
    for e in std::fs::read_dir(dir.join("ca")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "cer") {
            certs.push(Cert::from_der(&std::fs::read(&p).unwrap()).unwrap());
        }
    }
    for p in &pki.manifest().personas {
        certs.push(pki.signer(&p.name).unwrap().cert().clone());
    }
    certs.extend(Cert::parse_all(&std::fs::read(dir.join("tls/cert.pem")).unwrap()).unwrap());
    // 6 CAs, ocsp-rsa, tsa-rsa and the fault TSA; the personas; the loopback TLS CA and leaf.
    assert_eq!(certs.len(), 9 + crate::testkit_common::PERSONA_COUNT + 2);
    for c in &certs {
        let i = c.info();
        assert!(i.is_test_pki(), "{}", i.subject_dn);
        let cn = i.subject.cn.as_deref().unwrap();
        assert!(
            cn.starts_with("TAUAR TEST") || cn == "127.0.0.1",
            "{}",
            i.subject_dn
        );
    }
}

#[test]
fn sig_60_hierarchy_and_nuc_profile() {
    let pki = shared();
    let trust = pki.trust_store().unwrap();
    assert_eq!(trust.roots().len(), 2);
    assert_eq!(trust.intermediates().len(), 2);
    let at = crate::testkit_common::now();
    for name in ["ca-rsa", "ca-gost", "ocsp-rsa", "tsa-rsa"] {
        let c = pki.authority(name).unwrap();
        trust.build_chain(c.cert(), &[], at).unwrap();
    }
    // GOST 2015-512 all the way: the root signs itself, the CA and the personas (SIG-43).
    let root = pki.authority("root-gost").unwrap();
    let ca = pki.authority("ca-gost").unwrap();
    assert_eq!(
        root.cert().info().signature_algorithm,
        "1.2.398.3.10.1.1.2.3.2"
    );
    root.cert().verify_signed_by(root.cert()).unwrap();
    ca.cert().verify_signed_by(root.cert()).unwrap();
    assert_eq!(ca.cert().info().policy_oids[0], "1.2.398.3.3.1.1");
    // The rogue CA has ca-rsa's name, another key, and no path to a trusted root.
    let rogue = pki.authority("rogue-ca").unwrap();
    let real = pki.authority("ca-rsa").unwrap();
    assert_eq!(
        rogue.cert().info().subject_dn,
        real.cert().info().subject_dn
    );
    assert_eq!(
        trust.build_chain(rogue.cert(), &[], at).unwrap_err().code(),
        "SIG_UNTRUSTED_ISSUER"
    );
    // OCSP and TSA certificates (SIG-60, SIG-14).
    let ocsp = pki.authority("ocsp-rsa").unwrap();
    assert_eq!(ocsp.cert().info().ext_key_usage, ["1.3.6.1.5.5.7.3.9"]);
    let tsa = pki.authority("tsa-rsa").unwrap();
    let tsa_eku = tsa
        .cert()
        .x509()
        .tbs_certificate
        .extensions
        .as_ref()
        .unwrap()
        .iter()
        .find(|e| e.extn_id == pki::oid::EXT_EXT_KEY_USAGE)
        .unwrap();
    assert!(tsa_eku.critical);
    assert_eq!(tsa.cert().info().ext_key_usage, ["1.3.6.1.5.5.7.3.8"]);
    // A persona in the НУЦ profile (SIG-15…SIG-22).
    let org = pki.signer("org1-head-sign").unwrap();
    let id = org.cert().identity().unwrap();
    assert_eq!(id.iin, "700521311113");
    assert_eq!(id.bin.as_deref(), Some("040340001233"));
    assert_eq!(id.org_name.as_deref(), Some("ТОО «ТАУ ТЕСТ»"));
    assert_eq!(
        (id.last_name.as_str(), id.first_name.as_str()),
        ("ОМАРОВ", "БАУЫРЖАН")
    );
    assert_eq!(id.middle_name.as_deref(), Some("КАЙРАТОВИЧ"));
    assert_eq!(id.email.as_deref(), Some("head@tau-test.kz"));
    assert!(id.signing_right);
    assert_eq!(id.purpose, KeyPurpose::Sign);
    assert_eq!(id.policy_oids[0], "1.2.398.3.3.2.3");
    let auth = pki.signer("ind-auth").unwrap().cert().identity().unwrap();
    assert_eq!(auth.purpose, KeyPurpose::Auth);
    assert_eq!(auth.policy_oids[0], "1.2.398.3.3.2.4");
    assert_eq!(
        auth.birth_date.map(|d| d.to_string()).as_deref(),
        Some("1985-03-14")
    );
    let gost = pki
        .signer("gost-ind-dual")
        .unwrap()
        .cert()
        .identity()
        .unwrap();
    assert_eq!(gost.purpose, KeyPurpose::Dual);
    assert_eq!(gost.algorithm.as_str(), "GOST2015_512");
    assert_eq!(gost.policy_oids[0], "1.2.398.3.3.2");
    let bad = pki.signer("bad-iin-check").unwrap();
    assert!(
        bad.cert()
            .info()
            .warnings
            .contains(&"iin_check_digit".to_string())
    );
    assert_eq!(bad.cert().identity().unwrap().birth_date, None);
    let _ = TrustStore::default();
}

#[test]
fn sig_62_key_stores_open_like_nuc_ones_and_hold_their_keys() {
    let pki = shared();
    let m = pki.manifest();
    for p in &m.personas {
        let bytes = pki.keystore_bytes(&p.name).unwrap();
        let ks = open_pkcs12(&bytes, &p.password).unwrap();
        assert!(ks.key_matches_certificate().unwrap(), "{}", p.name);
        assert_eq!(ks.cert().unwrap().info().serial_hex, p.serial);
        assert!(
            ks.other_certificates.is_empty(),
            "only the holder's certificate"
        );
        assert_eq!(
            open_pkcs12(&bytes, "Qwerty12").unwrap_err().code(),
            "PKI_KEYSTORE_PASSWORD"
        );
        if p.algorithm == "GOST2015_512" {
            // The НУЦ GOST 2015 layout: OCTET STRING { 64 little-endian bytes } (SIG-42).
            let (alg, key) = ks.key_parts().unwrap();
            assert_eq!(alg, pki::oid::GOST2015_512_KEY);
            assert_eq!(&key[..2], &[0x04, 0x40]);
        }
    }
}
