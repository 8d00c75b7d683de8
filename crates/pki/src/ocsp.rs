//! OCSP (RFC 6960) as far as SIG-47 needs without the network: building the request (one
//! CertID with SHA-256 hashes, a nonce), reading a response (status per CertID, times, nonce,
//! responder certificates), its signature — by the issuing CA itself or by a responder
//! certificate the CA issued for id-kp-OCSPSigning — and the acceptance checks of SIG-47
//! ([`OcspResponse::check`]: signature, CertID, nonce, times). An answer that fails them is
//! **untrusted**: `SIG_REVOCATION_UNAVAILABLE`, never a fallback.
//!
//! The HTTP client and caching (SIG-47, SIG-51) are part 2.

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

const ID_PKIX_OCSP_BASIC: Oid = oid::OCSP_BASIC;
const ID_PKIX_OCSP_NONCE: Oid = oid::OCSP_NONCE;

/// SIG-47: a response whose thisUpdate is later than now + 5 minutes is refused.
pub const THIS_UPDATE_LEEWAY_MS: i64 = 5 * 60 * 1000;

/// The hashes of a CertID (RFC 6960 §4.1.1) for `issuer`: (name hash, key hash) with SHA-256
/// (or SHA-1 when `sha1`).
fn issuer_hashes(issuer: &Cert, sha1: bool) -> (Vec<u8>, Vec<u8>) {
    let name = issuer.subject_der();
    let key = issuer
        .x509()
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes()
        .to_vec();
    if sha1 {
        (
            sha1::Sha1::digest(&name).to_vec(),
            sha1::Sha1::digest(&key).to_vec(),
        )
    } else {
        (
            Sha256::digest(&name).to_vec(),
            Sha256::digest(&key).to_vec(),
        )
    }
}

/// The DER of an OCSP request for `cert` issued by `issuer` (SIG-47): one CertID with SHA-256
/// hashes of the issuer's name and key and the certificate's serial, and the nonce extension
/// (extnValue = OCTET STRING { nonce }, RFC 8954).
pub fn build_request(cert: &Cert, issuer: &Cert, nonce: &[u8]) -> Result<Vec<u8>, PkiError> {
    let (name_hash, key_hash) = issuer_hashes(issuer, false);
    let cert_id = x509_ocsp::CertId {
        hash_algorithm: spki::AlgorithmIdentifierOwned {
            oid: oid::SHA256,
            parameters: None,
        },
        issuer_name_hash: der::asn1::OctetString::new(name_hash)?,
        issuer_key_hash: der::asn1::OctetString::new(key_hash)?,
        serial_number: cert.x509().tbs_certificate.serial_number.clone(),
    };
    let nonce_value = der::asn1::OctetString::new(nonce)?.to_der()?;
    let request = x509_ocsp::OcspRequest {
        tbs_request: x509_ocsp::TbsRequest {
            version: x509_ocsp::Version::V1,
            requestor_name: None,
            request_list: vec![x509_ocsp::Request {
                req_cert: cert_id,
                single_request_extensions: None,
            }],
            request_extensions: Some(vec![x509_cert::ext::Extension {
                extn_id: ID_PKIX_OCSP_NONCE,
                critical: false,
                extn_value: der::asn1::OctetString::new(nonce_value)?,
            }]),
        },
        optional_signature: None,
    };
    Ok(request.to_der()?)
}

/// True when a response's nonce extension value carries `sent`: either as RFC 8954's OCTET
/// STRING { nonce } or as the bare bytes some responders echo.
fn nonce_matches(received: &[u8], sent: &[u8]) -> bool {
    if received == sent {
        return true;
    }
    der::asn1::OctetStringRef::from_der(received).is_ok_and(|o| o.as_bytes() == sent)
}
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
        let serial = &cert.info().serial_hex;
        self.responses.iter().find(|s| {
            let (n, k) = if s.hash_algorithm == oid::SHA256 {
                issuer_hashes(issuer, false)
            } else if s.hash_algorithm == oid::SHA1 {
                issuer_hashes(issuer, true)
            } else {
                return false;
            };
            &s.serial_hex == serial && s.issuer_name_hash == n && s.issuer_key_hash == k
        })
    }

    /// The acceptance checks of SIG-47 for the answer about `cert` (issued by `issuer`) to a
    /// request sent with `nonce`, at `now`: signed by the issuer or its delegated responder;
    /// a SingleResponse for exactly this CertID (hash algorithm, issuer hashes, serial); the
    /// nonce echoed when the responder returns one; thisUpdate ≤ now + 5 min and nextUpdate,
    /// if present, ≥ now. Any failure is an untrusted answer → `SIG_REVOCATION_UNAVAILABLE`.
    /// The caller decides on the status (SIG-49: `Unknown` is refused too).
    pub fn check(
        &self,
        cert: &Cert,
        issuer: &Cert,
        nonce: Option<&[u8]>,
        now: Millis,
    ) -> Result<OcspCertStatus, PkiError> {
        let untrusted = |d: &str| PkiError::RevocationUnavailable {
            detail: format!("untrusted OCSP answer: {d}"),
        };
        self.verify_signature(issuer)?;
        let single = self
            .status_for(cert, issuer)
            .ok_or_else(|| untrusted("no answer for the certificate's CertID"))?;
        if let (Some(sent), Some(received)) = (nonce, &self.nonce)
            && !nonce_matches(received, sent)
        {
            return Err(untrusted("nonce differs from the request's"));
        }
        if single.this_update.0 > now.0 + THIS_UPDATE_LEEWAY_MS {
            return Err(untrusted("thisUpdate in the future"));
        }
        if single.next_update.is_some_and(|n| n.0 < now.0) {
            return Err(untrusted("nextUpdate has passed"));
        }
        Ok(single.status)
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
