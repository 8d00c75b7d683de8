//! `tauar signer` (SIG-29…SIG-31, SIG-61, SIG-66…SIG-69, AS-33, AS-36) driven by a WebSocket
//! client as the browser module drives it: the greeting and heartbeat, `basics.sign` whose CMS
//! `pki::verify_cms` accepts, persona choice by filters, the control port's actions, the
//! commonUtils fallback, TLS, and the refusals (non-loopback, busy port, unmarked key store).

use crate::process::{BIN, free_port};
use crate::test_pki;
use base64ct::{Base64, Encoding};
use futures_util::{SinkExt, StreamExt};
use pki::testkit::TestPki;
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};
use tauar::signer::{self, SignerConfig, SignerHandle};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;

const EKU_SIGN: &str = "1.3.6.1.5.5.7.3.4";
const ROLE_LEGAL: &str = "1.2.398.3.3.4.1.2";
const ROLE_FIRST_HEAD: &str = "1.2.398.3.3.4.1.2.1";

type Socket = tokio_tungstenite::WebSocketStream<TcpStream>;

async fn start(config: SignerConfig) -> SignerHandle {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let c = TcpListener::bind("127.0.0.1:0").await.unwrap();
    signer::spawn(config, l, Some(c)).await.unwrap()
}

/// Connects and returns the socket and the greeting.
async fn connect(h: &SignerHandle) -> (Socket, String) {
    let tcp = TcpStream::connect(h.addr()).await.unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(h.url(), tcp).await.unwrap();
    let greeting = next_text(&mut ws).await.expect("greeting");
    (ws, greeting)
}

async fn next_text(ws: &mut Socket) -> Option<String> {
    loop {
        match tokio::time::timeout(Duration::from_secs(60), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return Some(t.as_str().to_string()),
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => return None,
            Ok(Some(Ok(_))) => continue,
            Err(_) => panic!("no answer within 60 s"),
        }
    }
}

async fn call(ws: &mut Socket, req: Value) -> Value {
    ws.send(Message::text(req.to_string())).await.unwrap();
    let text = next_text(ws).await.expect("an answer");
    serde_json::from_str(&text).unwrap()
}

/// The SIG-30 request for `data` with the given `signerParams`.
fn basics_sign(data: &[u8], signer_params: Value) -> Value {
    json!({"module":"kz.gov.pki.knca.basics","method":"sign",
        "args":{"format":"cms","data":Base64::encode_string(data),
                "signingParams":{"decode":true,"encapsulate":true,"digested":false},
                "signerParams":signer_params,"locale":"ru"}})
}

fn first_signature(reply: &Value) -> Vec<u8> {
    assert_eq!(reply["status"], true, "{reply}");
    let result = reply["body"]["result"].as_array().expect("result array");
    assert_eq!(result.len(), 1, "{reply}");
    Base64::decode_vec(result[0].as_str().unwrap()).unwrap()
}

/// Verifies an attached (or detached) CMS over `data` under the test PKI's trust; returns the
/// signer certificate's serial.
fn verify(pki: &TestPki, cms: &[u8], data: &[u8]) -> pki::Verified {
    pki::verify_cms(
        cms,
        pki::Expected::Tbs(data),
        &pki.trust_store().unwrap(),
        pki.clock().unwrap(),
        &pki::Policy::login(),
    )
    .unwrap()
}

fn serial_of(pki: &TestPki, persona: &str) -> String {
    pki.persona(persona).unwrap().serial.clone()
}

async fn control_post(h: &SignerHandle, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", h.control_url().unwrap()))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn requests(h: &SignerHandle) -> Vec<Value> {
    reqwest::get(format!("{}/requests", h.control_url().unwrap()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn sig_29_greeting_heartbeat_and_unknown_shapes() {
    let h = start(SignerConfig::plain(test_pki::shared())).await;
    let (mut ws, greeting) = connect(&h).await;
    assert_eq!(greeting, r#"{"result":{"version":"1.4"}}"#);

    ws.send(Message::text("--heartbeat--")).await.unwrap();
    assert_eq!(next_text(&mut ws).await.unwrap(), "--heartbeat--");

    let r = call(&mut ws, json!({"module":"kz.example.nothing","method":"x"})).await;
    assert_eq!(r, json!({"success":false,"errorCode":"MODULE_NOT_FOUND"}));

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.commonUtils","method":"signXml","args":[],"uuid":"u-1"}),
    )
    .await;
    assert_eq!(
        r,
        json!({"code":"500","message":"method.unsupported","uuid":"u-1"})
    );

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.commonUtils","method":"getActiveTokens"}),
    )
    .await;
    assert_eq!(r, json!({"code":"200","message":"","responseObject":[]}));

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.commonUtils","method":"changeLocale","args":["kk"]}),
    )
    .await;
    assert_eq!(r["code"], "200");

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.basics","method":"sign",
               "args":{"format":"xml","data":"<a/>","signingParams":{},"signerParams":{}}}),
    )
    .await;
    assert_eq!(r["status"], false);
    assert_eq!(r["code"], "INVALID_SIGNING_PARAMS");

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.basics","method":"getVersion","args":{}}),
    )
    .await;
    assert_eq!(r["status"], false);
    assert_eq!(r["code"], "INVOCATION_ERROR");

    // Several requests on one socket, one answer each, in order.
    let pki = TestPki::open(test_pki::shared()).unwrap();
    let r = call(&mut ws, basics_sign(b"one", json!({"extKeyUsageOids":[]}))).await;
    verify(&pki, &first_signature(&r), b"one");
    h.stop().await;
}

#[tokio::test]
async fn sig_66_basics_sign_cms_verifies_attached_and_detached() {
    let pki = TestPki::open(test_pki::shared()).unwrap();
    let h = start(SignerConfig::plain(test_pki::shared())).await;
    let (mut ws, _) = connect(&h).await;
    let tbs = r#"{"purpose":"demo.document","content":{"text":"Келісемін"}}"#.as_bytes();
    let params = json!({"extKeyUsageOids":[EKU_SIGN],"chain":null});
    let r = call(&mut ws, basics_sign(tbs, params.clone())).await;
    let cms = first_signature(&r);
    let v = verify(&pki, &cms, tbs);
    assert!(v.attached);
    // No filter but the signing EKU: the first such persona in manifest order.
    assert_eq!(v.cert.serial_hex, serial_of(&pki, "ind-sign"));

    // encapsulate:false → detached; decode:false → the text itself is signed.
    let mut req = basics_sign(b"", params);
    req["args"]["data"] = json!("plain text, not base64");
    req["args"]["signingParams"] = json!({"decode":false,"encapsulate":false,"digested":false});
    let r = call(&mut ws, req).await;
    let v = verify(&pki, &first_signature(&r), b"plain text, not base64");
    assert!(!v.attached);

    // outputCert: the signatures and the certificate.
    let mut req = basics_sign(tbs, json!({"extKeyUsageOids":[EKU_SIGN]}));
    req["args"]["signingParams"]["outputCert"] = json!(true);
    let r = call(&mut ws, req).await;
    let sigs = r["body"]["result"]["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 1);
    let cert = Base64::decode_vec(r["body"]["result"]["certificate"].as_str().unwrap()).unwrap();
    assert_eq!(
        pki::Cert::from_der(&cert).unwrap().info().serial_hex,
        serial_of(&pki, "ind-sign")
    );

    // digested:true (hash signing) is refused, as Tauar never uses it (SIG-32).
    let mut req = basics_sign(tbs, json!({}));
    req["args"]["signingParams"]["digested"] = json!(true);
    let r = call(&mut ws, req).await;
    assert_eq!(r["code"], "INVALID_SIGNING_PARAMS");
    h.stop().await;
}

#[tokio::test]
async fn sig_67_filters_choose_the_persona() {
    let pki = TestPki::open(test_pki::shared()).unwrap();
    let h = start(SignerConfig::plain(test_pki::shared())).await;
    let (mut ws, _) = connect(&h).await;
    let cases = [
        (
            json!({"extKeyUsageOids":[EKU_SIGN],"iin":"951230422226"}),
            "org1-employee-sign",
        ),
        (
            json!({"extKeyUsageOids":[EKU_SIGN, ROLE_LEGAL],"bin":"101240004568"}),
            "org2-head-sign",
        ),
        (
            json!({"extKeyUsageOids":[EKU_SIGN, ROLE_FIRST_HEAD],"bin":"040340001233"}),
            "org1-head-sign",
        ),
        (
            json!({"extKeyUsageOids":[],"iin":"920706456785"}),
            "ind-dual",
        ),
        (
            json!({"serialNumber": serial_of(&pki, "ind2-sign").to_lowercase()}),
            "ind2-sign",
        ),
    ];
    for (params, persona) in cases {
        let r = call(&mut ws, basics_sign(b"filters", params.clone())).await;
        let v = verify(&pki, &first_signature(&r), b"filters");
        assert_eq!(v.cert.serial_hex, serial_of(&pki, persona), "{params}");
    }
    // Nothing matches: NCALayer would show an empty list, the user closes it → cancel.
    let r = call(
        &mut ws,
        basics_sign(
            b"x",
            json!({"extKeyUsageOids":[EKU_SIGN],"iin":"000000000000"}),
        ),
    )
    .await;
    assert_eq!(r, json!({"status":true,"body":{}}));
    let log = requests(&h).await;
    let last = log.last().unwrap();
    assert_eq!(last["outcome"], "cancelled");
    assert_eq!(last["params"]["signerParams"]["iin"], "000000000000");
    h.stop().await;

    // --persona wins when it matches, and is passed over when it does not.
    let h = start(SignerConfig {
        persona: Some("org1-signer-sign".into()),
        ..SignerConfig::plain(test_pki::shared())
    })
    .await;
    let (mut ws, _) = connect(&h).await;
    let r = call(
        &mut ws,
        basics_sign(b"p", json!({"extKeyUsageOids":[EKU_SIGN]})),
    )
    .await;
    let v = verify(&pki, &first_signature(&r), b"p");
    assert_eq!(v.cert.serial_hex, serial_of(&pki, "org1-signer-sign"));
    let r = call(&mut ws, basics_sign(b"p", json!({"iin":"920706456785"}))).await;
    let v = verify(&pki, &first_signature(&r), b"p");
    assert_eq!(v.cert.serial_hex, serial_of(&pki, "ind-dual"));
    h.stop().await;
}

#[tokio::test]
async fn sig_68_control_port_actions_and_request_log() {
    let pki = TestPki::open(test_pki::shared()).unwrap();
    let h = start(SignerConfig::plain(test_pki::shared())).await;
    let (mut ws, _) = connect(&h).await;
    let tbs = b"control port";
    let req = basics_sign(tbs, json!({"extKeyUsageOids":[EKU_SIGN],"chain":null}));

    assert!(
        control_post(&h, "/next", json!({"action":"cancel"}))
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        call(&mut ws, req.clone()).await,
        json!({"status":true,"body":{}})
    );

    control_post(
        &h,
        "/next",
        json!({"action":"error","code":"GENERAL_ERROR","message":"token removed"}),
    )
    .await;
    let r = call(&mut ws, req.clone()).await;
    assert_eq!(r["status"], false);
    assert_eq!(r["code"], "GENERAL_ERROR");
    assert_eq!(r["message"], "token removed");

    control_post(
        &h,
        "/next",
        json!({"action":"delay","delay_ms":400,"persona":"org1-head-sign"}),
    )
    .await;
    let started = Instant::now();
    let r = call(&mut ws, req.clone()).await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    let v = verify(&pki, &first_signature(&r), tbs);
    assert_eq!(v.cert.serial_hex, serial_of(&pki, "org1-head-sign"));

    // An unknown persona or action is refused by the control port.
    let bad = control_post(&h, "/next", json!({"persona":"nobody"})).await;
    assert_eq!(bad.status(), 400);
    let bad = control_post(&h, "/next", json!({"action":"explode"})).await;
    assert_eq!(bad.status(), 400);

    // The log: module, method, params without data, SHA-256 of the data as signed.
    let log = requests(&h).await;
    assert_eq!(log.len(), 3, "{log:?}");
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(tbs)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    for e in &log {
        assert_eq!(e["module"], "kz.gov.pki.knca.basics");
        assert_eq!(e["method"], "sign");
        assert!(e["params"].get("data").is_none(), "{e}");
        assert_eq!(
            e["params"]["signerParams"]["extKeyUsageOids"],
            json!([EKU_SIGN])
        );
        assert_eq!(e["data_sha256"], sha.as_str());
    }
    let outcomes: Vec<&str> = log.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["cancelled", "error", "signed"]);
    assert_eq!(log[2]["persona"], "org1-head-sign");

    // close: the socket closes without an answer.
    control_post(&h, "/next", json!({"action":"close"})).await;
    ws.send(Message::text(req.to_string())).await.unwrap();
    assert_eq!(next_text(&mut ws).await, None);

    assert!(
        control_post(&h, "/reset", json!({}))
            .await
            .status()
            .is_success()
    );
    assert!(requests(&h).await.is_empty());
    h.stop().await;
}

#[tokio::test]
async fn sig_31_disable_basics_then_common_utils_signs() {
    let pki = TestPki::open(test_pki::shared()).unwrap();
    let h = start(SignerConfig {
        disable_basics: true,
        ..SignerConfig::plain(test_pki::shared())
    })
    .await;
    let (mut ws, _) = connect(&h).await;
    let tbs = "старый NCALayer".as_bytes();
    let r = call(
        &mut ws,
        basics_sign(tbs, json!({"extKeyUsageOids":[EKU_SIGN]})),
    )
    .await;
    assert_eq!(r, json!({"success":false,"errorCode":"MODULE_NOT_FOUND"}));

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.commonUtils","method":"getActiveTokens"}),
    )
    .await;
    assert_eq!(r["responseObject"], json!([]));
    let cades = |method: &str, key_type: &str| {
        json!({"module":"kz.gov.pki.knca.commonUtils","method":method,
               "args":["PKCS12",key_type,Base64::encode_string(tbs),true]})
    };
    let r = call(&mut ws, cades("createCAdESFromBase64", "SIGNATURE")).await;
    assert_eq!(r["code"], "200", "{r}");
    let cms = Base64::decode_vec(r["responseObject"].as_str().unwrap()).unwrap();
    let v = verify(&pki, &cms, tbs);
    assert_eq!(
        v.cert.serial_hex,
        serial_of(&pki, "ind-sign"),
        "SIGNATURE → a SIGN key"
    );
    let r = call(&mut ws, cades("createCAdESFromBase64", "ANY")).await;
    let cms = Base64::decode_vec(r["responseObject"].as_str().unwrap()).unwrap();
    assert_eq!(
        verify(&pki, &cms, tbs).cert.serial_hex,
        serial_of(&pki, "ind-auth"),
        "ANY → the first persona"
    );

    // createCMSSignatureFromBase64 adds a signature timestamp of the local TSA.
    let r = call(&mut ws, cades("createCMSSignatureFromBase64", "SIGNATURE")).await;
    let cms = Base64::decode_vec(r["responseObject"].as_str().unwrap()).unwrap();
    verify(&pki, &cms, tbs);
    let ts_oid = [
        0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x02, 0x0E,
    ];
    assert!(
        cms.windows(ts_oid.len()).any(|w| w == ts_oid),
        "signatureTimeStampToken"
    );

    control_post(&h, "/next", json!({"action":"cancel"})).await;
    let r = call(&mut ws, cades("createCAdESFromBase64", "SIGNATURE")).await;
    assert_eq!(r, json!({"code":"500","message":"action.canceled"}));

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.commonUtils","method":"getKeyInfo","args":["PKCS12"]}),
    )
    .await;
    let info = r["responseObject"].as_object().unwrap();
    for field in [
        "alias",
        "keyId",
        "algorithm",
        "subjectCn",
        "subjectDn",
        "issuerCn",
        "issuerDn",
        "serialNumber",
        "certNotAfter",
        "certNotBefore",
        "authorityKeyIdentifier",
        "pem",
    ] {
        assert!(info.contains_key(field), "KeyInfo.{field}: {r}");
    }
    assert_eq!(info.len(), 12);
    assert_eq!(info["algorithm"], "RSA");
    assert!(info["issuerCn"].as_str().unwrap().starts_with("TAUAR TEST"));

    let r = call(
        &mut ws,
        json!({"module":"kz.gov.pki.knca.commonUtils","method":"createCAdESFromBase64",
               "args":["AKKaztokenStore","SIGNATURE","AA==",true]}),
    )
    .await;
    assert_eq!(r["code"], "500");
    let methods: Vec<String> = requests(&h)
        .await
        .iter()
        .map(|e| e["method"].as_str().unwrap().to_string())
        .collect();
    assert!(
        methods.contains(&"createCAdESFromBase64".to_string()),
        "{methods:?}"
    );
    h.stop().await;
}

#[tokio::test]
async fn sig_69_tls_wss_with_the_local_ca() {
    let dir = test_pki::shared();
    let h = start(SignerConfig {
        tls: true,
        ..SignerConfig::plain(dir)
    })
    .await;
    assert!(h.url().starts_with("wss://127.0.0.1:"));
    let mut roots = rustls::RootCertStore::empty();
    use rustls::pki_types::pem::PemObject;
    for c in rustls::pki_types::CertificateDer::pem_file_iter(dir.join("tls/ca.pem")).unwrap() {
        roots.add(c.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
    let tcp = TcpStream::connect(h.addr()).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let tls = connector.connect(name, tcp).await.unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(h.url(), tls).await.unwrap();
    let greeting = loop {
        if let Some(Ok(Message::Text(t))) = ws.next().await {
            break t.as_str().to_string();
        }
    };
    assert_eq!(greeting, r#"{"result":{"version":"1.4"}}"#);
    h.stop().await;

    let out = std::process::Command::new(BIN)
        .args(["signer", "--dir", dir.to_str().unwrap(), "--print-spki"])
        .output()
        .unwrap();
    let spki = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let pki = TestPki::open(dir).unwrap();
    assert_eq!(spki, pki.manifest().tls.spki_sha256_base64);
    assert_eq!(spki.len(), 44);
}

/// Replaces `persona`'s key store with one whose certificate has no marker policy.
fn unmarked_keystore(dir: &Path, persona: &str) {
    use pki::testkit::issue::{Dn, Issuer, Template, issue, ku};
    use pki::testkit::keys::{KeyKind, PrivateKey, seeded_rng};
    let pki = TestPki::open(dir).unwrap();
    let entry = pki.persona(persona).unwrap().clone();
    let mut rng = seeded_rng(99, "unmarked");
    let key = PrivateKey::generate(KeyKind::Rsa2048, &mut rng).unwrap();
    let dn = Dn {
        cn: Some("НЕ ТЕСТОВЫЙ КЛЮЧ".into()),
        serial_number: Some("IIN850314301234".into()),
        country: Some("KZ".into()),
        ..Dn::default()
    };
    let now = pki.clock().unwrap();
    let cert = issue(
        &Template {
            serial: vec![0x42],
            subject: dn.clone(),
            not_before: kernel::Millis(now.0 - 86_400_000),
            not_after: kernel::Millis(now.0 + 86_400_000),
            key_usage: vec![ku::DIGITAL_SIGNATURE, ku::NON_REPUDIATION],
            eku: vec![pki::oid::EKU_EMAIL_PROTECTION],
            ..Template::default()
        },
        &key,
        &Issuer {
            name: &dn,
            key: &key,
        },
    )
    .unwrap();
    let p12 = pki::testkit::p12_write::write_pkcs12(
        &cert,
        &key.pkcs8_der().unwrap(),
        &entry.password,
        &[1; 20],
        &mut rng,
    )
    .unwrap();
    std::fs::write(dir.join(&entry.file), p12).unwrap();
}

#[tokio::test]
async fn sig_61_key_store_without_marker_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = test_pki::copy(tmp.path());
    unmarked_keystore(&dir, "ind-sign");

    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let err = signer::spawn(
        SignerConfig {
            persona: Some("ind-sign".into()),
            ..SignerConfig::plain(&dir)
        },
        l,
        None,
    )
    .await
    .err()
    .expect("refused at start");
    assert!(matches!(err, tauar::ServiceError::NotTestPki(_)), "{err}");

    // Chosen at run time: the signer answers an error instead of signing.
    let h = start(SignerConfig::plain(&dir)).await;
    let (mut ws, _) = connect(&h).await;
    let r = call(
        &mut ws,
        basics_sign(b"x", json!({"extKeyUsageOids":[EKU_SIGN]})),
    )
    .await;
    assert_eq!(r["status"], false, "{r}");
    assert_eq!(r["code"], "SIGNING_FAILURE");
    assert!(r["message"].as_str().unwrap().contains("marker"), "{r}");
    h.stop().await;
}

#[test]
fn as_36_signer_refuses_non_loopback_and_busy_port() {
    let out = std::process::Command::new(BIN)
        .args([
            "signer",
            "--dir",
            "/nonexistent",
            "--listen",
            "0.0.0.0:13579",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a loopback address"), "{err}");

    let out = std::process::Command::new(BIN)
        .args([
            "pki",
            "serve",
            "--dir",
            "/nonexistent",
            "--listen",
            "0.0.0.0:9",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a loopback address"));

    let port = free_port();
    let _busy = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let out = std::process::Command::new(BIN)
        .args([
            "signer",
            "--dir",
            "/nonexistent",
            "--plain",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("busy") && err.contains("NCALayer"), "{err}");
}
