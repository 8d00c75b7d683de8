//! The time-stamping authority of the test PKI (SIG-64, SIG-45) as pure functions: reading an
//! RFC 3161 TimeStampReq, writing a TimeStampToken (SignedData over a TSTInfo, signed by
//! `tsa-rsa` with SHA-256, ESS signingCertificateV2 as RFC 3161 §2.4.2 requires) and the
//! TimeStampResp around it. `tauar pki serve` only moves bytes; the back-dated genTime of
//! AS-16 is [`TspMode::BackDate`]. The TSA is `tsa-rsa`; [`FAULT_TSA`] is the same kind of
//! certificate with a non-critical extendedKeyUsage, which the verifier refuses (SIG-14).

use super::asn1;
use super::cms_sign::{self, CmsDigest, Signer, attribute};
use crate::error::PkiError;
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::Decode;
use kernel::Millis;
use sha2::{Digest, Sha256};

/// What a client asks to have timestamped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TspRequest {
    pub hash_algorithm: Oid,
    pub hashed_message: Vec<u8>,
    /// The nonce INTEGER's contents octets, echoed in the token.
    pub nonce: Option<Vec<u8>>,
    pub cert_req: bool,
}

impl TspRequest {
    /// A request over SHA-256(`data`) (for CAdES-T: `data` is the signature value, SIG-45),
    /// with certReq set and no nonce.
    pub fn sha256_of(data: &[u8]) -> TspRequest {
        TspRequest {
            hash_algorithm: oid::SHA256,
            hashed_message: Sha256::digest(data).to_vec(),
            nonce: None,
            cert_req: true,
        }
    }

    /// TimeStampReq DER.
    pub fn to_der(&self) -> Vec<u8> {
        let mut parts = vec![asn1::int(1), self.imprint()];
        if let Some(n) = &self.nonce {
            parts.push(asn1::tlv(0x02, n));
        }
        if self.cert_req {
            parts.push(asn1::boolean(true));
        }
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        asn1::seq(&refs)
    }

    fn imprint(&self) -> Vec<u8> {
        asn1::seq(&[
            &asn1::alg(&self.hash_algorithm, true),
            &asn1::octets(&self.hashed_message),
        ])
    }

    /// Reads a TimeStampReq (version, messageImprint, reqPolicy?, nonce?, certReq?, `[0]`?).
    pub fn from_der(der: &[u8]) -> Result<TspRequest, PkiError> {
        let (_, f) = raw::children(der)?;
        let mut it = f.into_iter().peekable();
        let _version = it
            .next_if(|t| t.first() == Some(&0x02))
            .ok_or_else(|| PkiError::malformed("TimeStampReq without version"))?;
        let imprint = it
            .next()
            .ok_or_else(|| PkiError::malformed("TimeStampReq without messageImprint"))?;
        let (_, mi) = raw::children(imprint)?;
        let [alg, hash] = mi[..] else {
            return Err(PkiError::malformed("bad MessageImprint"));
        };
        let hash_algorithm = spki::AlgorithmIdentifierOwned::from_der(alg)?.oid;
        let hashed_message = der::asn1::OctetStringRef::from_der(hash)?
            .as_bytes()
            .to_vec();
        let _policy = it.next_if(|t| t.first() == Some(&0x06));
        let nonce = it
            .next_if(|t| t.first() == Some(&0x02))
            .map(|t| raw::tlv(t).map(|v| v.value.to_vec()))
            .transpose()?;
        let cert_req = match it.next_if(|t| t.first() == Some(&0x01)) {
            Some(t) => raw::tlv(t)?.value.first().is_some_and(|b| *b != 0),
            None => false,
        };
        Ok(TspRequest {
            hash_algorithm,
            hashed_message,
            nonce,
            cert_req,
        })
    }
}

/// How the TSA answers the next request (SIG-64 `POST /control/tsp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TspMode {
    #[default]
    Ok,
    /// State this genTime instead of the current time (AS-16: a token that predates the TBS).
    BackDate(Millis),
}

/// The test-PKI service whose certificate has id-kp-timeStamping in a **non-critical**
/// extendedKeyUsage: tokens it signs are refused (SIG-14, RFC 3161 §2.3).
pub const FAULT_TSA: &str = "tsa-rsa-noncritical";

/// The TSA: `tsa-rsa`'s certificate and key, and the policy it stamps under.
#[derive(Debug, Clone)]
pub struct Tsa {
    signer: Signer,
}

/// What a token says: the verifier's own TSTInfo reader (`TstInfo::from_token`).
pub use crate::tsp::TstInfo;

impl Tsa {
    pub fn new(signer: Signer) -> Tsa {
        Tsa { signer }
    }

    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The TimeStampToken (a ContentInfo DER) for `req` at `gen_time`. The serial number is
    /// derived from the imprint and the time, so the same request at the same time gives the
    /// same token.
    pub fn token(&self, req: &TspRequest, gen_time: Millis) -> Result<Vec<u8>, PkiError> {
        let mut h = Sha256::new();
        h.update(&req.hashed_message);
        h.update(gen_time.0.to_be_bytes());
        let serial = &h.finalize()[..8];
        let policy = asn1::oid_dotted(oid::TEST_PKI_MARKER)
            .ok_or_else(|| PkiError::testkit("marker OID"))?;
        let mut parts = vec![
            asn1::int(1),
            policy,
            req.imprint(),
            asn1::uint(serial),
            asn1::gen_time(gen_time),
        ];
        if let Some(n) = &req.nonce {
            parts.push(asn1::tlv(0x02, n));
        }
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let tst_info = asn1::seq(&refs);
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with the SHA-256
        // default hash algorithm left out.
        let ess = asn1::seq(&[&asn1::seq(&[&asn1::seq(&[&asn1::octets(
            &cms_sign::cert_sha256(self.signer.cert()),
        )])])]);
        let attrs = vec![
            attribute(&oid::ATTR_CONTENT_TYPE, &asn1::oid(&oid::CT_TST_INFO)),
            attribute(&oid::ATTR_SIGNING_TIME, &asn1::time(gen_time)),
            attribute(&oid::ATTR_SIGNING_CERTIFICATE_V2, &ess),
        ];
        let signed =
            cms_sign::sign_attributes(&self.signer, &tst_info, attrs, CmsDigest::Standard)?;
        cms_sign::assemble(
            &self.signer,
            &oid::CT_TST_INFO,
            Some(&tst_info),
            &signed,
            &[],
        )
    }

    /// The TimeStampResp DER for a request DER: granted with a token, or rejection
    /// (badDataFormat) for a request that does not parse or hashes with anything but SHA-256.
    pub fn respond(&self, req_der: &[u8], now: Millis, mode: TspMode) -> Vec<u8> {
        let rejection = || {
            // PKIStatusInfo { rejection(2), failInfo badDataFormat (bit 5) }
            asn1::seq(&[&asn1::seq(&[&asn1::int(2), &asn1::named_bits(&[5])])])
        };
        let Ok(req) = TspRequest::from_der(req_der) else {
            return rejection();
        };
        if req.hash_algorithm != oid::SHA256 || req.hashed_message.len() != 32 {
            return rejection();
        }
        let gen_time = match mode {
            TspMode::Ok => now,
            TspMode::BackDate(t) => t,
        };
        match self.token(&req, gen_time) {
            Ok(token) => asn1::seq(&[&asn1::seq(&[&asn1::int(0)]), &token]),
            Err(_) => rejection(),
        }
    }
}

/// The token of a granted TimeStampResp; `SIG_MALFORMED` for a rejection.
pub fn token_of_response(resp: &[u8]) -> Result<Vec<u8>, PkiError> {
    let (_, parts) = raw::children(resp)?;
    let status = parts
        .first()
        .ok_or_else(|| PkiError::malformed("TimeStampResp without status"))?;
    let (_, s) = raw::children(status)?;
    let code = s
        .first()
        .map(|c| raw::tlv(c).map(|t| t.value.to_vec()))
        .transpose()?;
    if !matches!(code.as_deref(), Some([0] | [1])) {
        return Err(PkiError::malformed("timestamp request rejected"));
    }
    parts
        .get(1)
        .map(|t| t.to_vec())
        .ok_or_else(|| PkiError::malformed("granted TimeStampResp without token"))
}
