//! CMS SignedData (RFC 5652) as НУЦ's Kalkan and NCALayer produce it: attached or detached,
//! one or more signers (SIG-36…SIG-39).
//!
//! The structure is walked as raw DER so that every SignerInfo keeps its received order and
//! its signed attributes keep their received bytes: the signature is checked over the
//! `[0] IMPLICIT` signed attributes with the tag replaced by the SET tag (0x31), never over a
//! re-sorted re-encoding (SIG-39). A BER CMS (indefinite lengths) is normalised to DER first
//! (SIG-37.4). Transport forms — base64 with line breaks and PEM `-----BEGIN CMS-----` — are
//! read by [`decode_transport`] (SIG-36). Signature timestamp tokens (CAdES-T) are kept as the
//! raw values of their unsigned attribute and checked by [`crate::tsp`] (SIG-45); a timestamp
//! token is itself a SignedData, read with the same parser.

pub(crate) mod attrs;

pub use attrs::{EssCertId, SignedAttrs};

use crate::algo::{Algorithm, PublicKey};
use crate::cert::Cert;
use crate::error::PkiError;
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::{Decode, Encode};

/// How a SignerInfo names its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerId {
    IssuerSerial {
        issuer_der: Vec<u8>,
        serial: Vec<u8>,
    },
    SubjectKeyId(Vec<u8>),
}

/// One SignerInfo.
#[derive(Debug, Clone)]
pub struct SignerInfo {
    pub sid: SignerId,
    pub digest_algorithm: Oid,
    pub signature_algorithm: Oid,
    pub signature: Vec<u8>,
    /// `[0] signedAttrs` with the SET tag, exactly as received (what was signed).
    signed_attrs_der: Option<Vec<u8>>,
    pub signed_attrs: Option<SignedAttrs>,
    /// Unsigned attribute types in the order received.
    pub unsigned_attr_oids: Vec<Oid>,
    /// Every value of every id-aa-signatureTimeStampToken attribute (CAdES-T), in the order
    /// received: each a TimeStampToken DER, checked by [`crate::tsp`] (SIG-45).
    pub timestamp_tokens: Vec<Vec<u8>>,
}

impl SignerId {
    /// Whether this identifier names `cert`.
    pub fn names(&self, cert: &Cert) -> bool {
        match self {
            SignerId::IssuerSerial { issuer_der, serial } => {
                &cert.issuer_der() == issuer_der && cert.serial_bytes() == serial.as_slice()
            }
            SignerId::SubjectKeyId(k) => cert.info().subject_key_id.as_ref() == Some(k),
        }
    }
}

/// What [`SignedCms::check_signer`] established.
#[derive(Debug, Clone)]
pub struct SignerCheck {
    /// Index into [`SignedCms::certificates`].
    pub cert_index: usize,
    pub algorithm: Algorithm,
}

/// A parsed SignedData.
#[derive(Debug, Clone)]
pub struct SignedCms {
    /// True when the input was BER and has been normalised.
    pub was_ber: bool,
    pub digest_algorithms: Vec<Oid>,
    /// eContentType.
    pub content_type: Oid,
    /// eContent (attached), or `None` (detached).
    pub content: Option<Vec<u8>>,
    /// The X.509 certificates of `certificates`, in received order.
    pub certificates: Vec<Cert>,
    pub signers: Vec<SignerInfo>,
}

/// Base64 (line breaks allowed) or PEM of any label → DER bytes; binary input is returned as is.
pub fn decode_transport(input: &[u8]) -> Result<Vec<u8>, PkiError> {
    if input.first() == Some(&0x30) {
        return Ok(input.to_vec());
    }
    let text = std::str::from_utf8(input).map_err(|_| PkiError::malformed("not DER nor text"))?;
    let body: String = if text.trim_start().starts_with("-----BEGIN") {
        text.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<Vec<_>>()
            .concat()
    } else {
        text.to_string()
    };
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    use base64ct::Encoding;
    base64ct::Base64::decode_vec(&compact).map_err(|_| PkiError::malformed("bad base64"))
}

impl SignedCms {
    /// Parses DER, or BER normalised to DER (SIG-37.4). Zero bytes after the DER structure
    /// (padding left by some base64 transports; one fixture has a trailing 0x00) are ignored;
    /// any other trailing data is `SIG_MALFORMED`.
    pub fn parse(bytes: &[u8]) -> Result<SignedCms, PkiError> {
        let bytes = match raw::first_tlv_len(bytes) {
            Some(n) if n < bytes.len() && bytes[n..].iter().all(|b| *b == 0) => &bytes[..n],
            _ => bytes,
        };
        match parse_der(bytes) {
            Ok(cms) => Ok(cms),
            Err(first) => {
                let Ok(der) = raw::ber_to_der(bytes) else {
                    return Err(first);
                };
                if der == bytes {
                    return Err(first);
                }
                let mut cms = parse_der(&der)?;
                cms.was_ber = true;
                Ok(cms)
            }
        }
    }

    /// The attached content.
    pub fn content(&self) -> Option<&[u8]> {
        self.content.as_deref()
    }

    /// The certificate a SignerInfo names (SIG-40), else `SIG_SIGNER_CERT_MISSING` (SIG-37.3).
    pub fn signer_cert_index(&self, signer: usize) -> Result<usize, PkiError> {
        let s = self
            .signers
            .get(signer)
            .ok_or_else(|| PkiError::malformed("no such signer"))?;
        self.certificates
            .iter()
            .position(|c| s.sid.names(c))
            .ok_or(PkiError::SignerCertMissing)
    }

    /// SIG-39 for one signer over `content` (the attached content or the detached data):
    /// signed attributes present; the contentType attribute equals eContentType (which the
    /// pipeline requires to be id-data, SIG-37.2); the digest algorithm is the one of the
    /// signer key's family (unknown → `SIG_ALGORITHM_UNSUPPORTED`, another family →
    /// `SIG_MALFORMED`); messageDigest = H(content) (else `SIG_CONTENT_MISMATCH`); the signature
    /// over the signed attributes as received; signingCertificate(V2), when present, names the
    /// signer certificate (else `SIG_INVALID_SIGNATURE`).
    pub fn check_signer(&self, signer: usize, content: &[u8]) -> Result<SignerCheck, PkiError> {
        let cert_index = self.signer_cert_index(signer)?;
        let cert = self
            .certificates
            .get(cert_index)
            .ok_or(PkiError::SignerCertMissing)?;
        let algorithm = self.check_signer_with(signer, content, cert)?;
        Ok(SignerCheck {
            cert_index,
            algorithm,
        })
    }

    /// [`SignedCms::check_signer`] with the signer's certificate given by the caller (a
    /// timestamp token may leave its TSA certificate out of `certificates`, RFC 3161 certReq;
    /// the TSA check then takes it from the trust store). Returns the key family.
    pub fn check_signer_with(
        &self,
        signer: usize,
        content: &[u8],
        cert: &Cert,
    ) -> Result<Algorithm, PkiError> {
        let s = self
            .signers
            .get(signer)
            .ok_or_else(|| PkiError::malformed("no such signer"))?;
        let (Some(attrs), Some(signed)) = (&s.signed_attrs, &s.signed_attrs_der) else {
            return Err(PkiError::malformed(
                "no signed attributes (CAdES-BES required)",
            ));
        };
        if attrs.content_type != Some(self.content_type) {
            return Err(PkiError::malformed(
                "contentType attribute differs from eContentType",
            ));
        }
        let key_oid = cert
            .x509()
            .tbs_certificate
            .subject_public_key_info
            .algorithm
            .oid;
        let family = key_family(&key_oid)
            .ok_or_else(|| PkiError::unsupported(oid::algorithm_name(&key_oid)))?;
        if !is_supported_digest(&s.digest_algorithm) {
            return Err(PkiError::unsupported(oid::algorithm_name(
                &s.digest_algorithm,
            )));
        }
        if s.digest_algorithm != family.digest_oid() {
            return Err(PkiError::malformed(format!(
                "digest {} with a {} key",
                s.digest_algorithm,
                family.as_str()
            )));
        }
        let md = attrs
            .message_digest
            .as_ref()
            .ok_or_else(|| PkiError::malformed("no messageDigest attribute"))?;
        if *md != family.digest(content) {
            return Err(PkiError::ContentMismatch {
                detail: "messageDigest differs from the hash of the content".to_string(),
            });
        }
        let key = cert.public_key()?;
        match Algorithm::of_signature_oid(&s.signature_algorithm) {
            None => {
                return Err(PkiError::unsupported(oid::algorithm_name(
                    &s.signature_algorithm,
                )));
            }
            Some(a) if a != family => {
                return Err(PkiError::malformed("signature algorithm of another family"));
            }
            Some(_) => {}
        }
        verify_attrs(&key, family, signed, &s.signature)?;
        for ids in [&attrs.signing_certificate_v2, &attrs.signing_certificate]
            .into_iter()
            .flatten()
        {
            let first = ids
                .first()
                .ok_or_else(|| PkiError::invalid("empty signing-certificate attribute"))?;
            match first.matches(cert.der()) {
                Some(true) => {}
                Some(false) => {
                    return Err(PkiError::invalid("signing-certificate hash does not match"));
                }
                None => {
                    return Err(PkiError::unsupported(oid::algorithm_name(
                        &first.hash_algorithm,
                    )));
                }
            }
        }
        Ok(family)
    }
}

fn verify_attrs(
    key: &PublicKey,
    family: Algorithm,
    signed: &[u8],
    signature: &[u8],
) -> Result<(), PkiError> {
    key.verify_hash(&family.digest(signed), signature)
        .map_err(|_| PkiError::invalid("signature over the signed attributes does not verify"))
}

/// The family of a SubjectPublicKeyInfo algorithm OID.
pub(crate) fn key_family(o: &Oid) -> Option<Algorithm> {
    match *o {
        x if x == oid::RSA_ENCRYPTION => Some(Algorithm::Rsa),
        x if x == oid::GOST2004_KEY => Some(Algorithm::Gost2004),
        x if x == oid::GOST2015_512_KEY => Some(Algorithm::Gost2015_512),
        x if x == oid::GOST2015_256_KEY => Some(Algorithm::Gost2015_256),
        _ => None,
    }
}

fn is_supported_digest(o: &Oid) -> bool {
    [
        oid::SHA256,
        oid::STREEBOG512,
        oid::STREEBOG256,
        oid::GOST34311,
    ]
    .contains(o)
}

fn parse_der(bytes: &[u8]) -> Result<SignedCms, PkiError> {
    let (_, ci) = raw::children(bytes)?;
    let [ct, explicit] = ci[..] else {
        return Err(PkiError::malformed("ContentInfo is not type and content"));
    };
    if Oid::from_der(ct)? != oid::CT_SIGNED_DATA {
        return Err(PkiError::malformed("not SignedData"));
    }
    let (tag, inner) = raw::children(explicit)?;
    let (Some(sd), 0xA0) = (inner.first(), tag) else {
        return Err(PkiError::malformed("bad [0] content"));
    };
    let (_, f) = raw::children(sd)?;
    let mut it = f.into_iter().peekable();
    let _version = it.next_if(|t| t.first() == Some(&0x02));
    let digests = it
        .next()
        .ok_or_else(|| PkiError::malformed("no digestAlgorithms"))?;
    let mut digest_algorithms = Vec::new();
    for d in raw::children(digests)?.1 {
        digest_algorithms.push(spki::AlgorithmIdentifierOwned::from_der(d)?.oid);
    }
    let (_, eci) = raw::children(
        it.next()
            .ok_or_else(|| PkiError::malformed("no encapContentInfo"))?,
    )?;
    let content_type = Oid::from_der(
        eci.first()
            .ok_or_else(|| PkiError::malformed("no eContentType"))?,
    )?;
    let content = match eci.get(1) {
        None => None,
        Some(e) => {
            let (_, inner) = raw::children(e)?;
            let octets = inner
                .first()
                .ok_or_else(|| PkiError::malformed("empty eContent"))?;
            Some(
                der::asn1::OctetStringRef::from_der(octets)?
                    .as_bytes()
                    .to_vec(),
            )
        }
    };
    let mut certificates = Vec::new();
    if let Some(certs) = it.next_if(|t| t.first() == Some(&0xA0)) {
        for c in raw::elements(raw::tlv(certs)?.value)? {
            if c.first() == Some(&0x30) {
                certificates.push(Cert::from_der(c)?);
            }
        }
    }
    let _crls = it.next_if(|t| t.first() == Some(&0xA1));
    let infos = it
        .next()
        .ok_or_else(|| PkiError::malformed("no signerInfos"))?;
    if it.next().is_some() {
        return Err(PkiError::malformed("unexpected field in SignedData"));
    }
    let mut signers = Vec::new();
    for si in raw::children(infos)?.1 {
        signers.push(parse_signer(si)?);
    }
    Ok(SignedCms {
        was_ber: false,
        digest_algorithms,
        content_type,
        content,
        certificates,
        signers,
    })
}

fn parse_signer(tlv: &[u8]) -> Result<SignerInfo, PkiError> {
    let (_, f) = raw::children(tlv)?;
    let mut it = f.into_iter().peekable();
    let _version = it.next_if(|t| t.first() == Some(&0x02));
    let sid = match cms::signed_data::SignerIdentifier::from_der(
        it.next().ok_or_else(|| PkiError::malformed("no sid"))?,
    )? {
        cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(is) => SignerId::IssuerSerial {
            issuer_der: is.issuer.to_der()?,
            serial: is.serial_number.as_bytes().to_vec(),
        },
        cms::signed_data::SignerIdentifier::SubjectKeyIdentifier(k) => {
            SignerId::SubjectKeyId(k.0.as_bytes().to_vec())
        }
    };
    let digest_algorithm = spki::AlgorithmIdentifierOwned::from_der(
        it.next()
            .ok_or_else(|| PkiError::malformed("no digestAlgorithm"))?,
    )?
    .oid;
    let (mut signed_attrs, mut signed_attrs_der) = (None, None);
    if let Some(sa) = it.next_if(|t| t.first() == Some(&0xA0)) {
        signed_attrs = Some(attrs::parse(raw::tlv(sa)?.value)?);
        let mut bytes = sa.to_vec();
        bytes[0] = 0x31;
        signed_attrs_der = Some(bytes);
    }
    let signature_algorithm = spki::AlgorithmIdentifierOwned::from_der(
        it.next()
            .ok_or_else(|| PkiError::malformed("no signatureAlgorithm"))?,
    )?
    .oid;
    let signature = der::asn1::OctetStringRef::from_der(
        it.next()
            .ok_or_else(|| PkiError::malformed("no signature"))?,
    )?
    .as_bytes()
    .to_vec();
    let (mut unsigned_attr_oids, mut timestamp_tokens) = (Vec::new(), Vec::new());
    if let Some(ua) = it.next_if(|t| t.first() == Some(&0xA1)) {
        for attr in raw::elements(raw::tlv(ua)?.value)? {
            let (_, parts) = raw::children(attr)?;
            let kind = Oid::from_der(
                parts
                    .first()
                    .ok_or_else(|| PkiError::malformed("empty attribute"))?,
            )?;
            if kind == oid::ATTR_SIGNATURE_TIME_STAMP {
                let (set_tag, values) = raw::children(
                    parts
                        .get(1)
                        .ok_or_else(|| PkiError::malformed("attribute without values"))?,
                )?;
                if set_tag != 0x31 || values.is_empty() {
                    return Err(PkiError::malformed(
                        "signatureTimeStampToken values are not a non-empty SET",
                    ));
                }
                timestamp_tokens.extend(values.iter().map(|v| v.to_vec()));
            }
            unsigned_attr_oids.push(kind);
        }
    }
    if it.next().is_some() {
        return Err(PkiError::malformed("unexpected field in SignerInfo"));
    }
    Ok(SignerInfo {
        sid,
        digest_algorithm,
        signature_algorithm,
        signature,
        signed_attrs_der,
        signed_attrs,
        unsigned_attr_oids,
        timestamp_tokens,
    })
}

/// Parses anything without panicking, for fuzzing (`cargo fuzz` target body): the CMS, its
/// certificates' profiles and, when a signer and content exist, the signer checks; every
/// signature timestamp token of a signer through the whole CAdES-T check (against an empty
/// trust store, so the TSTInfo, imprint, TSA signature and TSA certificate steps all run); and
/// the input itself read as a timestamp token.
pub fn parse_cms_for_fuzzing(bytes: &[u8]) {
    let empty = crate::cert::TrustStore::default();
    let token = |t: &[u8], signature: &[u8]| {
        if let Ok(parsed) = crate::tsp::TimestampToken::parse(t) {
            let _ = parsed.check_imprint(signature);
            let _ = parsed.verify_tsa(&empty);
        }
        let _ = crate::tsp::verify_timestamp(t, signature, &empty);
    };
    token(bytes, &[]);
    let Ok(cms) = SignedCms::parse(bytes) else {
        return;
    };
    for c in &cms.certificates {
        let _ = c.identity();
        let _ = c.public_key();
    }
    let content = cms.content.clone().unwrap_or_default();
    let _ = crate::tsp::TstInfo::from_der(&content);
    for (i, s) in cms.signers.iter().enumerate() {
        let _ = cms.check_signer(i, &content);
        for t in &s.timestamp_tokens {
            token(t, &s.signature);
        }
    }
}
