//! The personas' key stores as `tauar signer` uses them (spec/signatures.md SIG-61, SIG-66):
//! opened with the manifest's password on first use and kept; a key store whose certificate
//! lacks the test-PKI marker policy is refused (SIG-61). Signing is Kalkan-like CAdES-BES
//! (`pki::testkit::sign_cms`: contentType, signingTime, messageDigest; SHA-256, Streebog-512
//! for GOST), optionally CAdES-T with a token of the local TSA; and the commonUtils KeyInfo
//! of E1 (12 fields).

use crate::error::ServiceError;
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, PersonaEntry, Signer, TestPki, Timestamp, Tsa, sign_cms};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The test PKI's personas and their opened key stores.
pub struct Keys {
    pki: TestPki,
    cache: Mutex<HashMap<String, Arc<Signer>>>,
    tsa: Mutex<Option<Arc<Tsa>>>,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Keys {
    /// Opens the directory; refuses one whose manifest is not of Tauar's test PKI (SIG-61).
    pub fn open(dir: &std::path::Path) -> Result<Keys, ServiceError> {
        let pki = TestPki::open(dir)?;
        if pki.manifest().marker_policy_oid != pki::oid::TEST_PKI_MARKER {
            return Err(ServiceError::NotTestPki(
                dir.join("manifest.json").display().to_string(),
            ));
        }
        Ok(Keys {
            pki,
            cache: Mutex::new(HashMap::new()),
            tsa: Mutex::new(None),
        })
    }

    pub fn pki(&self) -> &TestPki {
        &self.pki
    }

    pub fn personas(&self) -> &[PersonaEntry] {
        &self.pki.manifest().personas
    }

    /// A persona's key store, opened and checked for the marker (SIG-61).
    pub fn signer(&self, persona: &str) -> Result<Arc<Signer>, ServiceError> {
        if let Some(s) = self.cache.lock().ok().and_then(|c| c.get(persona).cloned()) {
            return Ok(s);
        }
        let entry = self.pki.persona(persona)?;
        let signer = self.pki.signer(persona)?;
        if !signer.cert().info().is_test_pki() {
            return Err(ServiceError::NotTestPki(format!(
                "{} ({persona})",
                entry.file
            )));
        }
        let signer = Arc::new(signer);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(persona.to_string(), Arc::clone(&signer));
        }
        Ok(signer)
    }

    fn tsa(&self) -> Result<Arc<Tsa>, ServiceError> {
        if let Some(t) = self.tsa.lock().ok().and_then(|t| t.clone()) {
            return Ok(t);
        }
        let t = Arc::new(self.pki.tsa()?);
        if let Ok(mut slot) = self.tsa.lock() {
            *slot = Some(Arc::clone(&t));
        }
        Ok(t)
    }

    /// A CMS over `data` by `persona`: attached unless `detached`; with a signature
    /// timestamp of the local TSA when `timestamp`.
    pub fn sign(
        &self,
        persona: &str,
        data: &[u8],
        detached: bool,
        timestamp: bool,
    ) -> Result<Vec<u8>, ServiceError> {
        let signer = self.signer(persona)?;
        let now = self.pki.clock()?;
        let tsa = if timestamp { Some(self.tsa()?) } else { None };
        let opts = CmsOptions {
            detached,
            signing_time: Some(now),
            timestamp: tsa.as_deref().map(|t| Timestamp {
                tsa: t,
                gen_time: now,
            }),
            ..CmsOptions::default()
        };
        Ok(sign_cms(&signer, data, &opts)?)
    }

    /// The certificate of `persona`, base64 DER (basics `outputCert`).
    pub fn certificate_b64(&self, persona: &str) -> Result<String, ServiceError> {
        Ok(Base64::encode_string(self.signer(persona)?.cert().der()))
    }

    /// commonUtils `getKeyInfo` (E1 `KeyInfo`): alias, keyId, algorithm, subjectCn,
    /// subjectDn, issuerCn, issuerDn, serialNumber, certNotAfter, certNotBefore (unix ms as
    /// strings), authorityKeyIdentifier, pem.
    pub fn key_info(&self, persona: &str) -> Result<Value, ServiceError> {
        let signer = self.signer(persona)?;
        let cert = signer.cert();
        let i = cert.info();
        let key_id = i.subject_key_id.as_deref().map(hex).unwrap_or_default();
        let algorithm = match i.algorithm {
            Some(pki::Algorithm::Rsa) => "RSA",
            Some(pki::Algorithm::Gost2015_512) => "ECGOST3410-2015-512",
            Some(pki::Algorithm::Gost2015_256) => "ECGOST3410-2015-256",
            Some(pki::Algorithm::Gost2004) => "ECGOST3410",
            None => "",
        };
        Ok(json!({
            "alias": key_id,
            "keyId": key_id,
            "algorithm": algorithm,
            "subjectCn": i.subject.cn.clone().unwrap_or_default(),
            "subjectDn": i.subject_dn,
            "issuerCn": cn_of(&i.issuer_dn),
            "issuerDn": i.issuer_dn,
            "serialNumber": i.serial_hex.to_ascii_lowercase(),
            "certNotAfter": i.valid_to.0.to_string(),
            "certNotBefore": i.valid_from.0.to_string(),
            "authorityKeyIdentifier": i.authority_key_id.as_deref().map(hex).unwrap_or_default(),
            "pem": pem(cert.der()),
        }))
    }
}

/// The CN of an RFC 4514 name string.
fn cn_of(dn: &str) -> String {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in dn.chars() {
        match (escaped, c) {
            (true, _) => {
                cur.push(c);
                escaped = false;
            }
            (false, '\\') => {
                cur.push(c);
                escaped = true;
            }
            (false, ',') => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .iter()
        .find_map(|p| p.trim().strip_prefix("CN="))
        .map(|v| v.replace('\\', ""))
        .unwrap_or_default()
}

fn pem(der: &[u8]) -> String {
    let b64 = Base64::encode_string(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_66_issuer_cn_and_pem() {
        assert_eq!(
            cn_of("CN=TAUAR TEST ҰЛТТЫҚ\\, X,C=KZ"),
            "TAUAR TEST ҰЛТТЫҚ, X"
        );
        assert_eq!(cn_of("C=KZ"), "");
        let p = pem(&[1u8; 100]);
        assert!(p.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(p.lines().all(|l| l.len() <= 64 || l.starts_with("-----")));
    }
}
