//! `wss://` for `tauar signer` (spec/signatures.md SIG-69): the loopback certificate of
//! `DIR/tls` (leaf `CN=127.0.0.1`, SAN IP 127.0.0.1 and DNS localhost, chained to the local
//! TLS CA) with rustls (ring provider). The leaf must carry the test-PKI marker (SIG-61).
//! Browsers accept it through `--ignore-certificate-errors-spki-list` with the value
//! `--print-spki` prints, or by importing `DIR/tls/ca.pem`; CI uses `--tls off` instead.

use crate::error::ServiceError;
use pki::testkit::TestPki;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

fn read(pki: &TestPki, rel: &str) -> Result<Vec<u8>, ServiceError> {
    let p = pki.dir().join(rel);
    std::fs::read(&p).map_err(|e| ServiceError::Tls(format!("{}: {e}", p.display())))
}

/// The acceptor for the certificate and key of `DIR/tls`.
pub fn acceptor(pki: &TestPki) -> Result<TlsAcceptor, ServiceError> {
    let tls = &pki.manifest().tls;
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(&read(pki, &tls.cert)?)
            .collect::<Result<_, _>>()
            .map_err(|e| ServiceError::Tls(format!("{}: {e}", tls.cert)))?;
    let leaf = certs
        .first()
        .ok_or_else(|| ServiceError::Tls(format!("{}: no certificate", tls.cert)))?;
    let marked = pki::Cert::from_der(leaf.as_ref()).is_ok_and(|c| c.info().is_test_pki());
    if !marked {
        return Err(ServiceError::NotTestPki(tls.cert.clone()));
    }
    let key = PrivateKeyDer::from_pem_slice(&read(pki, &tls.key)?)
        .map_err(|e| ServiceError::Tls(format!("{}: {e}", tls.key)))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ServiceError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| ServiceError::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// base64 SHA-256 of the leaf's SubjectPublicKeyInfo (`--print-spki`, SIG-69 way 2).
pub fn spki_sha256_base64(pki: &TestPki) -> String {
    pki.manifest().tls.spki_sha256_base64.clone()
}
