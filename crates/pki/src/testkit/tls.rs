//! The loopback TLS material of `tauar signer` (SIG-69): a local CA and a one-year leaf for
//! `CN=127.0.0.1` with subjectAltName IP 127.0.0.1 and DNS localhost (serverAuth), written as
//! PEM into `DIR/tls/`. The leaf keeps NCALayer's `CN=127.0.0.1` (SIG-69) and carries the
//! test-PKI marker policy like every other certificate; the CA's CN has the `TAUAR TEST` prefix.

use super::issue::{Dn, Issuer, Template, issue, ku};
use super::keys::PrivateKey;
use crate::error::PkiError;
use crate::oid;
use kernel::Millis;

const DAY: i64 = 86_400_000;

/// PEM texts of the TLS files.
pub struct TlsFiles {
    pub ca_pem: String,
    /// Leaf first, then the CA.
    pub cert_pem: String,
    /// PKCS#8 `PRIVATE KEY`.
    pub key_pem: String,
    pub spki_sha256_base64: String,
}

fn pem(label: &str, der: &[u8]) -> Result<String, PkiError> {
    der::pem::encode_string(label, der::pem::LineEnding::LF, der)
        .map_err(|e| PkiError::testkit(format!("PEM: {e}")))
}

/// Issues the TLS CA and leaf with the given keys and serials.
pub fn make(
    ca_key: &PrivateKey,
    leaf_key: &PrivateKey,
    serials: (&[u8], &[u8]),
    now: Millis,
) -> Result<TlsFiles, PkiError> {
    let ca_dn = Dn::ca("TAUAR TEST LOCAL TLS CA");
    let issuer = Issuer {
        name: &ca_dn,
        key: ca_key,
    };
    let ca = issue(
        &Template {
            serial: serials.0.to_vec(),
            subject: ca_dn.clone(),
            not_before: Millis(now.0 - DAY),
            not_after: Millis(now.0 + 3650 * DAY),
            key_usage: vec![ku::KEY_CERT_SIGN, ku::CRL_SIGN],
            ca: Some(Some(0)),
            policies: vec![oid::TEST_PKI_MARKER.to_string()],
            ..Template::default()
        },
        ca_key,
        &issuer,
    )?;
    let leaf = issue(
        &Template {
            serial: serials.1.to_vec(),
            subject: Dn {
                cn: Some("127.0.0.1".into()),
                org: Some("TAUAR TEST".into()),
                ..Dn::default()
            },
            not_before: Millis(now.0 - DAY),
            not_after: Millis(now.0 + 365 * DAY),
            key_usage: vec![ku::DIGITAL_SIGNATURE, ku::KEY_ENCIPHERMENT],
            eku: vec![oid::EKU_SERVER_AUTH],
            policies: vec![oid::TEST_PKI_MARKER.to_string()],
            san_ips: vec![[127, 0, 0, 1]],
            san_dns: vec!["localhost".into()],
            ..Template::default()
        },
        leaf_key,
        &issuer,
    )?;
    use base64ct::Encoding;
    use sha2::Digest;
    let spki = sha2::Sha256::digest(leaf_key.spki_der()?);
    Ok(TlsFiles {
        ca_pem: pem("CERTIFICATE", &ca)?,
        cert_pem: format!("{}{}", pem("CERTIFICATE", &leaf)?, pem("CERTIFICATE", &ca)?),
        key_pem: pem("PRIVATE KEY", &leaf_key.pkcs8_der()?)?,
        spki_sha256_base64: base64ct::Base64::encode_string(&spki),
    })
}
