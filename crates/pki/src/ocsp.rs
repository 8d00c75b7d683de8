//! Reading OCSP responses (RFC 6960) as far as SIG-47 needs before a client exists: the
//! certificate status per CertID, times, nonce, and the responder signature — made by the
//! issuing CA itself or by a responder certificate it issued for id-kp-OCSPSigning.
//!
//! The OCSP client (request with a SHA-256 CertID and nonce, HTTP, nonce and time checks,
//! caching: SIG-47, SIG-51) is part 2.

use crate::cert::{Cert, serial_hex};
use crate::crl::CrlReason;
use crate::error::PkiError;
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::{Decode, Encode};
use kernel::Millis;
use sha2::{Digest, Sha256};
use x509_ocsp::{BasicOcspResponse, CertStatus, OcspResponseStatus};

const ID_PKIX_OCSP_BASIC: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const ID_PKIX_OCSP_NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");

/// The status of one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcspCertStatus {
    Good,
    Revoked {
        at: Millis,
        reason: Option<CrlReason>,
    },
    Unknown,
}

/// One SingleResponse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspSingle {
    pub hash_algorithm: Oid,
    pub issuer_name_hash: Vec<u8>,
    pub issuer_key_hash: Vec<u8>,
    /// Upper-case hex without a sign byte.
    pub serial_hex: String,
    pub status: OcspCertStatus,
    pub this_update: Millis,
    pub next_update: Option<Millis>,
}

/// A parsed, successful OCSP response with a BasicOCSPResponse.
#[derive(Debug, Clone)]
pub struct OcspResponse {
    der: Vec<u8>,
    tbs: Vec<u8>,
    signature_alg: Oid,
    signature: Vec<u8>,
    pub produced_at: Millis,
    pub responses: Vec<OcspSingle>,
    pub nonce: Option<Vec<u8>>,
    /// Certificates carried in the response (the delegated responder).
    pub certs: Vec<Cert>,
}

fn gen_time(t: &x509_ocsp::OcspGeneralizedTime) -> Millis {
    Millis(i64::try_from(t.0.to_unix_duration().as_millis()).unwrap_or(i64::MAX))
}

impl OcspResponse {
    /// Parses an OCSPResponse; a status other than `successful` → `SIG_REVOCATION_UNAVAILABLE`.
    pub fn from_der(der: &[u8]) -> Result<OcspResponse, PkiError> {
        let resp = x509_ocsp::OcspResponse::from_der(der)?;
        if resp.response_status != OcspResponseStatus::Successful {
            return Err(PkiError::RevocationUnavailable {
                detail: format!("OCSP status {:?}", resp.response_status),
            });
        }
        let bytes = resp
            .response_bytes
            .ok_or_else(|| PkiError::malformed("OCSP response without responseBytes"))?;
        if bytes.response_type != ID_PKIX_OCSP_BASIC {
            return Err(PkiError::malformed("OCSP response is not basic"));
        }
        let basic_der = bytes.response.as_bytes();
        let basic = BasicOcspResponse::from_der(basic_der)?;
        let (_, parts) = raw::children(basic_der)?;
        let tbs = parts
            .first()
            .ok_or_else(|| PkiError::malformed("OCSP response without tbsResponseData"))?
            .to_vec();
        let data = &basic.tbs_response_data;
        let mut responses = Vec::new();
        for s in &data.responses {
            let status = match &s.cert_status {
                CertStatus::Good(_) => OcspCertStatus::Good,
                CertStatus::Unknown(_) => OcspCertStatus::Unknown,
                CertStatus::Revoked(r) => OcspCertStatus::Revoked {
                    at: gen_time(&r.revocation_time),
                    reason: r
                        .revocation_reason
                        .and_then(|c| CrlReason::from_code(c as u32 as u8)),
                },
            };
            responses.push(OcspSingle {
                hash_algorithm: s.cert_id.hash_algorithm.oid,
                issuer_name_hash: s.cert_id.issuer_name_hash.as_bytes().to_vec(),
                issuer_key_hash: s.cert_id.issuer_key_hash.as_bytes().to_vec(),
                serial_hex: serial_hex(s.cert_id.serial_number.as_bytes()),
                status,
                this_update: gen_time(&s.this_update),
                next_update: s.next_update.as_ref().map(gen_time),
            });
        }
        let nonce = data
            .response_extensions
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .find(|e| e.extn_id == ID_PKIX_OCSP_NONCE)
            .map(|e| e.extn_value.as_bytes().to_vec());
        let mut certs = Vec::new();
        for c in basic.certs.as_deref().unwrap_or(&[]) {
            certs.push(Cert::from_der(&c.to_der()?)?);
        }
        Ok(OcspResponse {
            der: der.to_vec(),
            tbs,
            signature_alg: basic.signature_algorithm.oid,
            signature: basic
                .signature
                .as_bytes()
                .ok_or_else(|| PkiError::malformed("OCSP signature has unused bits"))?
                .to_vec(),
            produced_at: gen_time(&data.produced_at),
            responses,
            nonce,
            certs,
        })
    }

    /// The DER as received (the SIG-70 evidence).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The answer for `cert` issued by `issuer`: CertID with SHA-256 (or SHA-1) hashes of the
    /// issuer's name and key, and the serial.
    pub fn status_for(&self, cert: &Cert, issuer: &Cert) -> Option<&OcspSingle> {
        let name = issuer.subject_der();
        let key = issuer
            .x509()
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes()
            .to_vec();
        let serial = &cert.info().serial_hex;
        self.responses.iter().find(|s| {
            let (n, k) = if s.hash_algorithm == oid::SHA256 {
                (
                    Sha256::digest(&name).to_vec(),
                    Sha256::digest(&key).to_vec(),
                )
            } else if s.hash_algorithm == oid::SHA1 {
                (
                    sha1::Sha1::digest(&name).to_vec(),
                    sha1::Sha1::digest(&key).to_vec(),
                )
            } else {
                return false;
            };
            &s.serial_hex == serial && s.issuer_name_hash == n && s.issuer_key_hash == k
        })
    }

    /// Checks the response signature: by `issuer` itself, or by an included responder
    /// certificate that `issuer` signed, carrying id-kp-OCSPSigning and valid at producedAt
    /// (SIG-47). Returns the certificate that signed.
    pub fn verify_signature<'a>(&'a self, issuer: &'a Cert) -> Result<&'a Cert, PkiError> {
        if issuer
            .public_key()?
            .verify(&self.signature_alg, &self.tbs, &self.signature)
            .is_ok()
        {
            return Ok(issuer);
        }
        for responder in &self.certs {
            let i = responder.info();
            let delegated = responder.issuer_der() == issuer.subject_der()
                && i.ext_key_usage.contains(&oid::EKU_OCSP_SIGNING.to_string())
                && responder.check_validity(self.produced_at, 0).is_ok()
                && responder.verify_signed_by(issuer).is_ok();
            if delegated
                && responder
                    .public_key()?
                    .verify(&self.signature_alg, &self.tbs, &self.signature)
                    .is_ok()
            {
                return Ok(responder);
            }
        }
        Err(PkiError::RevocationUnavailable {
            detail: "OCSP response signature not trusted".to_string(),
        })
    }
}
