//! Signed attributes of a SignerInfo (SIG-39): contentType, messageDigest, signingTime and the
//! ESS signing-certificate attributes (RFC 2634 / RFC 5035), read from the raw DER so the
//! signature can be checked over the attributes exactly as received.

use crate::error::PkiError;
use crate::gost::GostHash;
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::Decode;
use kernel::Millis;
use sha2::Digest;

/// One ESSCertID / ESSCertIDv2: the hash of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssCertId {
    pub hash_algorithm: Oid,
    pub hash: Vec<u8>,
}

impl EssCertId {
    /// Whether this names the certificate `der`; `None` for a hash algorithm we do not have.
    pub fn matches(&self, der: &[u8]) -> Option<bool> {
        let h = hash_with(&self.hash_algorithm, der)?;
        Some(h == self.hash)
    }
}

/// The hash of `data` with any digest OID this crate knows (SHA-1 only for ESS v1 ids).
pub(crate) fn hash_with(alg: &Oid, data: &[u8]) -> Option<Vec<u8>> {
    Some(match *alg {
        x if x == oid::SHA1 => sha1::Sha1::digest(data).to_vec(),
        x if x == oid::SHA256 => sha2::Sha256::digest(data).to_vec(),
        x if x == oid::SHA384 => sha2::Sha384::digest(data).to_vec(),
        x if x == oid::SHA512 => sha2::Sha512::digest(data).to_vec(),
        other => GostHash::from_oid(&other)?.digest(data),
    })
}

/// The signed attributes Tauar reads; all others are listed in `oids` and ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedAttrs {
    pub content_type: Option<Oid>,
    pub message_digest: Option<Vec<u8>>,
    /// The signer's clock (informative only, SIG-39).
    pub signing_time: Option<Millis>,
    pub signing_certificate_v2: Option<Vec<EssCertId>>,
    pub signing_certificate: Option<Vec<EssCertId>>,
    /// Every attribute type in the order received.
    pub oids: Vec<Oid>,
}

/// The single value of an attribute whose syntax allows exactly one.
fn single_value<'a>(values: &[&'a [u8]], what: &str) -> Result<&'a [u8], PkiError> {
    match values {
        [one] => Ok(one),
        _ => Err(PkiError::malformed(format!(
            "{what} must have exactly one value"
        ))),
    }
}

/// Parses the contents of `[0] signedAttrs` (a sequence of Attribute TLVs).
pub(crate) fn parse(value: &[u8]) -> Result<SignedAttrs, PkiError> {
    let mut a = SignedAttrs::default();
    for attr in raw::elements(value)? {
        let (_, parts) = raw::children(attr)?;
        let [type_tlv, values_tlv] = parts[..] else {
            return Err(PkiError::malformed("attribute is not type and values"));
        };
        let kind = Oid::from_der(type_tlv)?;
        if a.oids.contains(&kind) {
            return Err(PkiError::malformed(format!("attribute {kind} repeated")));
        }
        a.oids.push(kind);
        let (set_tag, values) = raw::children(values_tlv)?;
        if set_tag != 0x31 {
            return Err(PkiError::malformed("attribute values are not a SET"));
        }
        match kind {
            x if x == oid::ATTR_CONTENT_TYPE => {
                a.content_type = Some(Oid::from_der(single_value(&values, "contentType")?)?);
            }
            x if x == oid::ATTR_MESSAGE_DIGEST => {
                let v =
                    der::asn1::OctetStringRef::from_der(single_value(&values, "messageDigest")?)?;
                a.message_digest = Some(v.as_bytes().to_vec());
            }
            x if x == oid::ATTR_SIGNING_TIME => {
                let t = x509_cert::time::Time::from_der(single_value(&values, "signingTime")?)?;
                a.signing_time = Some(Millis(
                    i64::try_from(t.to_unix_duration().as_millis()).unwrap_or(i64::MAX),
                ));
            }
            x if x == oid::ATTR_SIGNING_CERTIFICATE_V2 => {
                a.signing_certificate_v2 = Some(ess_ids(
                    single_value(&values, "signingCertificateV2")?,
                    true,
                )?);
            }
            x if x == oid::ATTR_SIGNING_CERTIFICATE => {
                a.signing_certificate = Some(ess_ids(
                    single_value(&values, "signingCertificate")?,
                    false,
                )?);
            }
            _ => {}
        }
    }
    Ok(a)
}

/// SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }.
fn ess_ids(tlv: &[u8], v2: bool) -> Result<Vec<EssCertId>, PkiError> {
    let (_, parts) = raw::children(tlv)?;
    let certs = parts
        .first()
        .ok_or_else(|| PkiError::malformed("signing certificate without certs"))?;
    let mut out = Vec::new();
    for id in raw::children(certs)?.1 {
        let (_, f) = raw::children(id)?;
        let mut it = f.into_iter().peekable();
        // ESSCertIDv2 starts with an optional AlgorithmIdentifier (DEFAULT sha256);
        // ESSCertID is always SHA-1.
        let hash_algorithm = if v2 {
            match it.next_if(|t| t.first() == Some(&0x30)) {
                Some(alg) => spki::AlgorithmIdentifierOwned::from_der(alg)?.oid,
                None => oid::SHA256,
            }
        } else {
            oid::SHA1
        };
        let hash = der::asn1::OctetStringRef::from_der(
            it.next()
                .ok_or_else(|| PkiError::malformed("ESSCertID without hash"))?,
        )?;
        out.push(EssCertId {
            hash_algorithm,
            hash: hash.as_bytes().to_vec(),
        });
    }
    Ok(out)
}
