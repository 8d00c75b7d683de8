//! The CMS signer of the test PKI (SIG-66): CAdES-BES as НУЦ's Kalkan writes it — DER
//! SignedData v1, one SignerInfo identified by issuer and serial, digest SHA-256 (Streebog-512
//! for GOST keys) with NULL parameters, exactly three signed attributes (contentType,
//! signingTime, messageDigest), the signer certificate in `certificates`, content attached or
//! detached — and optionally a signature timestamp from the test TSA as the unsigned attribute
//! id-aa-signatureTimeStampToken (CAdES-T, SIG-45). `tauar signer` and every acceptance test
//! sign through [`sign_cms`].

use super::asn1;
use super::keys::PrivateKey;
use super::tsp::{Tsa, TspRequest};
use crate::algo::Algorithm;
use crate::cert::Cert;
use crate::error::PkiError;
use crate::keystore::KeyStore;
use crate::oid;
use const_oid::ObjectIdentifier as Oid;
use der::Encode;
use kernel::Millis;
use sha2::{Digest, Sha256};

/// A certificate with its private key (a persona's key store, the TSA, …).
#[derive(Debug, Clone)]
pub struct Signer {
    cert: Cert,
    key: PrivateKey,
}

impl Signer {
    pub fn new(cert: Cert, key: PrivateKey) -> Signer {
        Signer { cert, key }
    }

    /// From an opened key store.
    pub fn from_keystore(ks: &KeyStore) -> Result<Signer, PkiError> {
        Ok(Signer::new(ks.cert()?, PrivateKey::from_keystore(ks)?))
    }

    /// Opens a PKCS#12 key store with its password.
    pub fn open(p12: &[u8], password: &str) -> Result<Signer, PkiError> {
        Signer::from_keystore(&crate::keystore::open_pkcs12(p12, password)?)
    }

    pub fn cert(&self) -> &Cert {
        &self.cert
    }

    pub fn key(&self) -> &PrivateKey {
        &self.key
    }
}

/// Which digest the SignerInfo uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CmsDigest {
    /// SHA-256 for RSA, Streebog-512 for GOST (SIG-41).
    #[default]
    Standard,
    /// SHA-1 with RSA: refused by the verifier (AS-19); RSA keys only.
    Sha1,
}

/// A timestamp to add (CAdES-T): the TSA and the genTime it states.
#[derive(Debug, Clone, Copy)]
pub struct Timestamp<'a> {
    pub tsa: &'a Tsa,
    pub gen_time: Millis,
}

/// How to sign.
#[derive(Debug, Clone, Copy, Default)]
pub struct CmsOptions<'a> {
    /// Leave the content out of the CMS (NCALayer `encapsulate: false`).
    pub detached: bool,
    /// The signingTime attribute (the signer's clock); `None` = now.
    pub signing_time: Option<Millis>,
    /// Add a signature timestamp token as an unsigned attribute.
    pub timestamp: Option<Timestamp<'a>>,
    /// Fault injection: add this TimeStampToken DER as it is (a token of another signature,
    /// a damaged one …) after the one of `timestamp`, if any.
    pub timestamp_token: Option<&'a [u8]>,
    pub digest: CmsDigest,
}

/// Attribute ::= SEQUENCE { type, SET { value } }.
pub(crate) fn attribute(o: &Oid, value: &[u8]) -> Vec<u8> {
    asn1::seq(&[&asn1::oid(o), &asn1::set_of(&[value])])
}

/// The digest AlgorithmIdentifier (NULL parameters, as Kalkan) and the hash of `data`.
fn digest_of(
    key: &PrivateKey,
    digest: CmsDigest,
    data: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), PkiError> {
    match (digest, key.algorithm()) {
        (CmsDigest::Sha1, Algorithm::Rsa) => Ok((
            asn1::alg(&oid::SHA1, true),
            <sha1::Sha1 as Digest>::digest(data).to_vec(),
        )),
        (CmsDigest::Sha1, _) => Err(PkiError::testkit("SHA-1 CMS exists only for RSA keys")),
        (CmsDigest::Standard, a) => Ok((asn1::alg(&a.digest_oid(), true), a.digest(data))),
    }
}

/// Everything of one SignerInfo except its unsigned attributes.
pub(crate) struct SignedAttrs {
    digest_alg: Vec<u8>,
    /// `SET OF Attribute` DER (what is signed).
    set: Vec<u8>,
    sig_alg: Vec<u8>,
    pub(crate) signature: Vec<u8>,
}

/// Signs the attributes `attrs` (each an Attribute DER; messageDigest over `content` is added
/// here) with the signer's key.
pub(crate) fn sign_attributes(
    signer: &Signer,
    content: &[u8],
    attrs: Vec<Vec<u8>>,
    digest: CmsDigest,
) -> Result<SignedAttrs, PkiError> {
    let (digest_alg, md) = digest_of(&signer.key, digest, content)?;
    let mut attrs = attrs;
    attrs.push(attribute(&oid::ATTR_MESSAGE_DIGEST, &asn1::octets(&md)));
    let refs: Vec<&[u8]> = attrs.iter().map(Vec::as_slice).collect();
    let set = asn1::set_of(&refs);
    let (sig_alg, signature) = match digest {
        CmsDigest::Sha1 => {
            let h = <sha1::Sha1 as Digest>::digest(&set);
            (
                asn1::alg(&oid::SHA1_WITH_RSA, true),
                signer.key.sign_sha1_digest(&h)?,
            )
        }
        CmsDigest::Standard => (signer.key.signature_algorithm(), signer.key.sign(&set)?),
    };
    Ok(SignedAttrs {
        digest_alg,
        set,
        sig_alg,
        signature,
    })
}

/// ContentInfo { signedData } around one signer.
pub(crate) fn assemble(
    signer: &Signer,
    econtent_type: &Oid,
    content: Option<&[u8]>,
    signed: &SignedAttrs,
    unsigned: &[Vec<u8>],
) -> Result<Vec<u8>, PkiError> {
    let x = &signer.cert.x509().tbs_certificate;
    let sid = asn1::seq(&[
        &x.issuer.to_der()?,
        &asn1::tlv(0x02, x.serial_number.as_bytes()),
    ]);
    // [0] IMPLICIT SET OF Attribute: the SET's contents under the context tag.
    let attrs_value = crate::raw::tlv(&signed.set)?.value;
    let mut si: Vec<Vec<u8>> = vec![
        asn1::int(1),
        sid,
        signed.digest_alg.clone(),
        asn1::ctx(0, attrs_value),
        signed.sig_alg.clone(),
        asn1::octets(&signed.signature),
    ];
    if !unsigned.is_empty() {
        let refs: Vec<&[u8]> = unsigned.iter().map(Vec::as_slice).collect();
        let set = asn1::set_of(&refs);
        si.push(asn1::ctx(1, crate::raw::tlv(&set)?.value));
    }
    let si_refs: Vec<&[u8]> = si.iter().map(Vec::as_slice).collect();
    let signer_info = asn1::seq(&si_refs);
    let eci = match content {
        Some(c) => asn1::seq(&[&asn1::oid(econtent_type), &asn1::ctx(0, &asn1::octets(c))]),
        None => asn1::seq(&[&asn1::oid(econtent_type)]),
    };
    let version = if *econtent_type == oid::CT_DATA { 1 } else { 3 };
    let signed_data = asn1::seq(&[
        &asn1::int(version),
        &asn1::set_of(&[&signed.digest_alg]),
        &eci,
        &asn1::ctx(0, signer.cert.der()),
        &asn1::set_of(&[&signer_info]),
    ]);
    Ok(asn1::seq(&[
        &asn1::oid(&oid::CT_SIGNED_DATA),
        &asn1::ctx(0, &signed_data),
    ]))
}

/// Signs `data` as CAdES-BES (or CAdES-T with `opts.timestamp`) the way Kalkan does. Returns
/// the CMS DER.
pub fn sign_cms(signer: &Signer, data: &[u8], opts: &CmsOptions<'_>) -> Result<Vec<u8>, PkiError> {
    let signing_time = opts.signing_time.unwrap_or_else(Millis::now);
    let attrs = vec![
        attribute(&oid::ATTR_CONTENT_TYPE, &asn1::oid(&oid::CT_DATA)),
        attribute(&oid::ATTR_SIGNING_TIME, &asn1::time(signing_time)),
    ];
    let signed = sign_attributes(signer, data, attrs, opts.digest)?;
    let mut unsigned = Vec::new();
    if let Some(ts) = opts.timestamp {
        let req = TspRequest::sha256_of(&signed.signature);
        let token = ts.tsa.token(&req, ts.gen_time)?;
        unsigned.push(attribute(&oid::ATTR_SIGNATURE_TIME_STAMP, &token));
    }
    if let Some(token) = opts.timestamp_token {
        unsigned.push(attribute(&oid::ATTR_SIGNATURE_TIME_STAMP, token));
    }
    let content = (!opts.detached).then_some(data);
    assemble(signer, &oid::CT_DATA, content, &signed, &unsigned)
}

/// SHA-256 of a certificate, as ESSCertIDv2 wants it.
pub(crate) fn cert_sha256(cert: &Cert) -> Vec<u8> {
    Sha256::digest(cert.der()).to_vec()
}
