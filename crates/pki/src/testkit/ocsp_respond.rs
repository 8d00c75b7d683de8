//! The OCSP responder of the test PKI (SIG-64) as a pure function: an RFC 6960 request in, a
//! response out — `good`, `revoked` with reason and time, or `unknown` for serials the CA never
//! issued; the request's nonce echoed. Answers about `ca-rsa`'s certificates are signed by the
//! delegated responder `ocsp-rsa` (id-kp-OCSPSigning, id-pkix-ocsp-nocheck, included in the
//! response); answers about other issuers (`ca-gost`, the roots) by the issuing CA itself, as
//! RFC 6960 §4.2.2.2 allows — a responder certificate of one CA never vouches for another's.
//!
//! The fault modes of `POST /control/ocsp` are [`OcspMode`]; `down` and `timeout` are not
//! bytes, so [`OcspResponder::respond`] returns them as [`OcspReply`] variants for the HTTP server to act on.

use super::asn1;
use super::cms_sign::Signer;
use super::keys::PrivateKey;
use crate::cert::Cert;
use crate::crl::CrlReason;
use crate::error::PkiError;
use crate::oid;
use der::{Decode, Encode};
use kernel::Millis;
use sha2::{Digest, Sha256};

/// The status the responder knows for one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownStatus {
    Good,
    Revoked {
        at: Millis,
        reason: Option<CrlReason>,
    },
}

/// How the responder behaves (SIG-64 `POST /control/ocsp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcspMode {
    #[default]
    Ok,
    /// Connection refused / no service: the client must fall back to the CRL (SIG-49 step 3).
    Down,
    /// No answer within the client's timeout: same as down for the client.
    Timeout,
    /// Bytes that are not an OCSP response.
    Garbage,
    /// A well-formed response whose signature does not verify: untrusted, fatal (AS-14).
    BadSignature,
    /// A response with another nonce than the request's: untrusted, fatal (AS-14).
    WrongNonce,
    /// Every certificate `unknown`.
    Unknown,
}

impl OcspMode {
    /// The mode named in `{"mode": …}`.
    pub fn parse(s: &str) -> Option<OcspMode> {
        Some(match s {
            "ok" => OcspMode::Ok,
            "down" => OcspMode::Down,
            "timeout" => OcspMode::Timeout,
            "garbage" => OcspMode::Garbage,
            "bad_signature" => OcspMode::BadSignature,
            "wrong_nonce" => OcspMode::WrongNonce,
            "unknown" => OcspMode::Unknown,
            _ => return None,
        })
    }
}

/// What the HTTP layer sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcspReply {
    /// `200 application/ocsp-response` with these bytes.
    Response(Vec<u8>),
    /// Refuse or drop the connection.
    Down,
    /// Hold the connection longer than any client waits.
    Timeout,
}

/// One CA the responder answers for.
#[derive(Debug, Clone)]
pub struct OcspIssuer {
    pub cert: Cert,
    /// Signs the answers: the delegated responder, or the CA's own certificate and key.
    pub signer: Signer,
    /// serial (upper-case hex) → status; serials not listed are `unknown`.
    pub statuses: std::collections::BTreeMap<String, KnownStatus>,
}

/// All CAs of the test PKI with their certificates' statuses.
#[derive(Debug, Clone, Default)]
pub struct OcspResponder {
    pub issuers: Vec<OcspIssuer>,
}

/// One CertID of a request.
struct Asked {
    der: Vec<u8>,
    issuer: Option<usize>,
    serial_hex: String,
}

fn hashes_of(cert: &Cert, sha1: bool) -> (Vec<u8>, Vec<u8>) {
    let name = der::Encode::to_der(&cert.x509().tbs_certificate.subject).unwrap_or_default();
    let key = cert
        .x509()
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes()
        .to_vec();
    if sha1 {
        (
            <sha1::Sha1 as Digest>::digest(&name).to_vec(),
            <sha1::Sha1 as Digest>::digest(&key).to_vec(),
        )
    } else {
        (
            Sha256::digest(&name).to_vec(),
            Sha256::digest(&key).to_vec(),
        )
    }
}

/// `OCSPResponse { malformedRequest }`.
const MALFORMED_REQUEST: [u8; 5] = [0x30, 0x03, 0x0A, 0x01, 0x01];

impl OcspResponder {
    fn parse(&self, req_der: &[u8]) -> Result<(Vec<Asked>, Option<Vec<u8>>), PkiError> {
        let req = x509_ocsp::OcspRequest::from_der(req_der)?;
        let mut asked = Vec::new();
        for r in &req.tbs_request.request_list {
            let id = &r.req_cert;
            let sha1 = id.hash_algorithm.oid == oid::SHA1;
            let issuer = self.issuers.iter().position(|i| {
                let (n, k) = hashes_of(&i.cert, sha1);
                id.issuer_name_hash.as_bytes() == n && id.issuer_key_hash.as_bytes() == k
            });
            asked.push(Asked {
                der: id.to_der()?,
                issuer,
                serial_hex: crate::cert::serial_hex(id.serial_number.as_bytes()),
            });
        }
        let nonce = req
            .tbs_request
            .request_extensions
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .find(|e| e.extn_id == oid::OCSP_NONCE)
            .map(|e| e.extn_value.as_bytes().to_vec());
        Ok((asked, nonce))
    }

    fn single(&self, a: &Asked, mode: OcspMode, now: Millis) -> Vec<u8> {
        let known = a
            .issuer
            .and_then(|i| self.issuers.get(i))
            .and_then(|i| i.statuses.get(&a.serial_hex));
        let status = match (mode, known) {
            (OcspMode::Unknown, _) | (_, None) => vec![0x82, 0x00],
            (_, Some(KnownStatus::Good)) => vec![0x80, 0x00],
            (_, Some(KnownStatus::Revoked { at, reason })) => {
                let mut info = asn1::gen_time(*at);
                if let Some(r) = reason {
                    info.extend(asn1::ctx(0, &asn1::enumerated(r.code())));
                }
                asn1::ctx(1, &info)
            }
        };
        asn1::seq(&[&a.der, &status, &asn1::gen_time(now)])
    }

    /// The answer to one request at `now` in `mode`.
    pub fn respond(&self, req_der: &[u8], now: Millis, mode: OcspMode) -> OcspReply {
        match mode {
            OcspMode::Down => return OcspReply::Down,
            OcspMode::Timeout => return OcspReply::Timeout,
            OcspMode::Garbage => {
                return OcspReply::Response(b"\x00 tauar test OCSP: not an OCSP response".to_vec());
            }
            _ => {}
        }
        match self.build(req_der, now, mode) {
            Ok(der) => OcspReply::Response(der),
            Err(_) => OcspReply::Response(MALFORMED_REQUEST.to_vec()),
        }
    }

    fn build(&self, req_der: &[u8], now: Millis, mode: OcspMode) -> Result<Vec<u8>, PkiError> {
        let (asked, nonce) = self.parse(req_der)?;
        let first = asked
            .first()
            .ok_or_else(|| PkiError::malformed("OCSP request without a CertID"))?;
        let signer_of = first
            .issuer
            .and_then(|i| self.issuers.get(i))
            .or(self.issuers.first());
        let signer = &signer_of
            .ok_or_else(|| PkiError::testkit("OCSP responder without issuers"))?
            .signer;
        let singles: Vec<Vec<u8>> = asked.iter().map(|a| self.single(a, mode, now)).collect();
        let refs: Vec<&[u8]> = singles.iter().map(Vec::as_slice).collect();
        let responder_name = signer.cert().x509().tbs_certificate.subject.to_der()?;
        let mut data = vec![
            asn1::ctx(1, &responder_name),
            asn1::gen_time(now),
            asn1::seq(&refs),
        ];
        let nonce = match (mode, nonce) {
            (OcspMode::WrongNonce, Some(mut n)) => {
                if let Some(last) = n.last_mut() {
                    *last ^= 0x5A;
                }
                Some(n)
            }
            (OcspMode::WrongNonce, None) => Some(asn1::octets(b"tauar-wrong-nonce")),
            (_, n) => n,
        };
        if let Some(n) = nonce {
            let ext = asn1::seq(&[&asn1::oid(&oid::OCSP_NONCE), &asn1::octets(&n)]);
            data.push(asn1::ctx(1, &asn1::seq(&[&ext])));
        }
        let data_refs: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
        let tbs = asn1::seq(&data_refs);
        let key: &PrivateKey = signer.key();
        let mut signature = key.sign(&tbs)?;
        if mode == OcspMode::BadSignature
            && let Some(b) = signature.get_mut(10)
        {
            *b ^= 0x01;
        }
        let mut basic = vec![tbs, key.signature_algorithm(), asn1::bits(&signature)];
        if !signer.cert().info().is_ca {
            basic.push(asn1::ctx(0, &asn1::seq(&[signer.cert().der()])));
        }
        let basic_refs: Vec<&[u8]> = basic.iter().map(Vec::as_slice).collect();
        let basic = asn1::seq(&basic_refs);
        Ok(asn1::seq(&[
            &asn1::enumerated(0),
            &asn1::ctx(
                0,
                &asn1::seq(&[&asn1::oid(&oid::OCSP_BASIC), &asn1::octets(&basic)]),
            ),
        ]))
    }
}
