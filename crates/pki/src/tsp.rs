//! RFC 3161 signature timestamps of CAdES-T signatures (SIG-45, SIG-14): the unsigned
//! attribute id-aa-signatureTimeStampToken of a SignerInfo carries a TimeStampToken — a
//! ContentInfo/SignedData whose eContent is a TSTInfo — that a time-stamping authority (TSA)
//! signed over the hash of the SignerInfo's signature value.
//!
//! [`verify_timestamp`] accepts a token only when all of these hold, and refuses it with
//! `SIG_INVALID_SIGNATURE` otherwise (a token that is present but fails is never ignored):
//! 1. the token parses: SignedData with eContentType id-ct-TSTInfo, attached eContent, exactly
//!    one SignerInfo; the TSTInfo is v1 with a GeneralizedTime genTime (fractions allowed) and
//!    no critical extension;
//! 2. the messageImprint equals the hash of the signature value octets, with the token's own
//!    hash algorithm: SHA-256/384/512 or GOST 34.11 (Streebog-256/512, GOST 34.311-95); SHA-1
//!    and unknown algorithms are refused;
//! 3. the token's SignerInfo verifies (signed attributes with the messageDigest of the
//!    TSTInfo, the algorithm table of SIG-41) with the TSA certificate, taken from the token's
//!    `certificates` or, when the token leaves it out, from the trust store; the ESS
//!    signingCertificate(V2) attribute, which RFC 3161 §2.4.1 requires, names that
//!    certificate;
//! 4. the TSA certificate is an X.509 v3 end-entity certificate whose extendedKeyUsage is
//!    **critical** and holds id-kp-timeStamping alone (SIG-14, RFC 3161 §2.3), with keyUsage
//!    (when present) digitalSignature or nonRepudiation and no unknown critical extension;
//!    a `tsa` name of the directoryName form equals its subject;
//! 5. the TSA certificate chains to a root of the trust store with the same path building as
//!    signer certificates (SIG-44), every certificate of the path valid at genTime.
//!
//! The window of SIG-45 (genTime within [challenge issued_at − 1 min, now + 1 min]) is checked
//! by the pipeline ([`crate::verify`]), which knows the challenge. [`TstInfo::from_token`] only
//! reads a token (the test TSA's own tests use it).

use crate::cert::{Cert, TrustStore};
use crate::cms::SignedCms;
use crate::cms::attrs::hash_with;
use crate::error::PkiError;
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::{Decode, Encode};
use kernel::Millis;
use sha2::{Digest, Sha256};

/// SIG-45: how far a genTime may lie before the challenge was issued or after the server's
/// clock (one minute each way).
pub const TIMESTAMP_SLACK_MS: i64 = 60_000;

/// The Accuracy of a TSTInfo (RFC 3161 §2.4.2): how far genTime may be from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Accuracy {
    pub seconds: u64,
    pub millis: u16,
    pub micros: u16,
}

/// What a timestamp token states (RFC 3161 §2.4.2 TSTInfo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TstInfo {
    /// The TSA policy, dotted (arcs of any size: the test TSA uses the `2.25.<UUID>` marker).
    pub policy: String,
    /// messageImprint.hashAlgorithm.
    pub hash_algorithm: Oid,
    /// messageImprint.hashedMessage.
    pub hashed_message: Vec<u8>,
    /// serialNumber, the INTEGER's contents octets.
    pub serial: Vec<u8>,
    /// genTime, truncated to milliseconds.
    pub gen_time: Millis,
    pub accuracy: Option<Accuracy>,
    pub ordering: bool,
    /// The nonce INTEGER's contents octets.
    pub nonce: Option<Vec<u8>>,
    /// The `tsa` GeneralName DER (inside the `[0]`), when present.
    pub tsa_name: Option<Vec<u8>>,
}

/// A parsed TimeStampToken: its SignedData and the TSTInfo inside.
#[derive(Debug, Clone)]
pub struct TimestampToken {
    pub cms: SignedCms,
    pub info: TstInfo,
}

/// A timestamp that passed every check of [`verify_timestamp`].
#[derive(Debug, Clone)]
pub struct VerifiedTimestamp {
    pub info: TstInfo,
    /// The TSA certificate DER.
    pub tsa_cert_der: Vec<u8>,
    /// The TSA's path, TSA certificate first, root last (DER).
    pub tsa_chain_der: Vec<Vec<u8>>,
    /// SHA-256 of the token DER, lower-case hex.
    pub token_sha256: String,
}

impl VerifiedTimestamp {
    /// genTime: the signing time T of SIG-45.
    pub fn gen_time(&self) -> Millis {
        self.info.gen_time
    }
}

/// Message-imprint hash algorithms accepted (SIG-41 digests and SHA-384/512; never SHA-1).
const IMPRINT_HASHES: [Oid; 6] = [
    oid::SHA256,
    oid::SHA384,
    oid::SHA512,
    oid::STREEBOG256,
    oid::STREEBOG512,
    oid::GOST34311,
];

/// Checks the token of one SignerInfo against its signature value (`signature` = the
/// contents of the SignerInfo's `signature` OCTET STRING) and the trust store: steps 1–5 of
/// the module documentation. Every failure is `SIG_INVALID_SIGNATURE`, whose detail names
/// the step and the underlying code.
pub fn verify_timestamp(
    token: &[u8],
    signature: &[u8],
    trust: &TrustStore,
) -> Result<VerifiedTimestamp, PkiError> {
    let invalid = |e: PkiError| match e {
        PkiError::InvalidSignature { detail } => {
            PkiError::invalid(format!("signature timestamp: {detail}"))
        }
        other => PkiError::invalid(format!("signature timestamp: {}: {other}", other.code())),
    };
    let t = TimestampToken::parse(token).map_err(invalid)?;
    t.check_imprint(signature).map_err(invalid)?;
    let (tsa, chain) = t.verify_tsa(trust).map_err(invalid)?;
    Ok(VerifiedTimestamp {
        info: t.info,
        tsa_cert_der: tsa.der().to_vec(),
        tsa_chain_der: chain,
        token_sha256: raw::hex_lower(&Sha256::digest(token)),
    })
}

impl TimestampToken {
    /// Step 1: a SignedData over a TSTInfo with exactly one signer.
    pub fn parse(token: &[u8]) -> Result<TimestampToken, PkiError> {
        let cms = SignedCms::parse(token)?;
        if cms.content_type != oid::CT_TST_INFO {
            return Err(PkiError::malformed("token content is not a TSTInfo"));
        }
        if cms.signers.len() != 1 {
            return Err(PkiError::malformed(format!(
                "token with {} SignerInfos",
                cms.signers.len()
            )));
        }
        let info = TstInfo::from_der(
            cms.content()
                .ok_or_else(|| PkiError::malformed("token without its TSTInfo"))?,
        )?;
        Ok(TimestampToken { cms, info })
    }

    /// Step 2: the messageImprint is the hash of `data` (the signature value).
    pub fn check_imprint(&self, data: &[u8]) -> Result<(), PkiError> {
        let alg = &self.info.hash_algorithm;
        if !IMPRINT_HASHES.contains(alg) {
            return Err(PkiError::unsupported(oid::algorithm_name(alg)));
        }
        match hash_with(alg, data) {
            Some(h) if h == self.info.hashed_message => Ok(()),
            Some(_) => Err(PkiError::invalid(
                "the message imprint is not the hash of this signature value",
            )),
            None => Err(PkiError::unsupported(oid::algorithm_name(alg))),
        }
    }

    /// Steps 3–5: the TSA's signature over the TSTInfo, its certificate (from the token or
    /// the trust store) and that certificate's path at genTime. Returns the TSA certificate
    /// and the path DER (TSA certificate first).
    pub fn verify_tsa(&self, trust: &TrustStore) -> Result<(Cert, Vec<Vec<u8>>), PkiError> {
        let content = self
            .cms
            .content()
            .ok_or_else(|| PkiError::malformed("token without its TSTInfo"))?;
        let signer = self
            .cms
            .signers
            .first()
            .ok_or_else(|| PkiError::malformed("token without a SignerInfo"))?;
        let tsa = self
            .cms
            .certificates
            .iter()
            .chain(trust.intermediates())
            .chain(trust.roots())
            .find(|c| signer.sid.names(c))
            .ok_or(PkiError::SignerCertMissing)?
            .clone();
        let attrs = signer
            .signed_attrs
            .as_ref()
            .ok_or_else(|| PkiError::malformed("token without signed attributes"))?;
        if attrs.signing_certificate_v2.is_none() && attrs.signing_certificate.is_none() {
            return Err(PkiError::invalid(
                "token without the ESS signingCertificate attribute (RFC 3161 §2.4.1)",
            ));
        }
        self.cms.check_signer_with(0, content, &tsa)?;
        check_tsa_cert(&tsa)?;
        if let Some(name) = &self.info.tsa_name {
            check_tsa_name(name, &tsa)?;
        }
        let at = self.info.gen_time;
        let chain = trust.build_chain(&tsa, &self.cms.certificates, at)?;
        tsa.check_validity(at, 0)?;
        Ok((tsa, chain.der()))
    }
}

/// Step 4 (SIG-14, RFC 3161 §2.3).
fn check_tsa_cert(cert: &Cert) -> Result<(), PkiError> {
    let info = cert.info();
    let bad = |d: &str| Err(PkiError::invalid(format!("TSA certificate: {d}")));
    if info.version != 3 {
        return bad("not X.509 v3");
    }
    if info.is_ca {
        return bad("a CA certificate");
    }
    let ekus: Vec<_> = cert
        .x509()
        .tbs_certificate
        .extensions
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .filter(|e| e.extn_id == oid::EXT_EXT_KEY_USAGE)
        .collect();
    let [eku] = ekus[..] else {
        return bad("needs exactly one extendedKeyUsage extension");
    };
    if !eku.critical {
        return bad("extendedKeyUsage is not critical");
    }
    let time_stamping = oid::EKU_TIME_STAMPING.to_string();
    if info.ext_key_usage != [time_stamping] {
        return bad("extendedKeyUsage is not id-kp-timeStamping alone");
    }
    if info
        .key_usage
        .is_some_and(|k| !k.digital_signature && !k.non_repudiation)
    {
        return bad("keyUsage has neither digitalSignature nor nonRepudiation");
    }
    if let Some(ext) = info.unknown_critical.first() {
        return bad(&format!("unknown critical extension {ext}"));
    }
    Ok(())
}

/// A `tsa` directoryName must be the TSA certificate's subject (RFC 3161 §2.4.2); other name
/// forms are hints only.
fn check_tsa_name(general_name: &[u8], cert: &Cert) -> Result<(), PkiError> {
    let t = raw::tlv(general_name)?;
    if t.tag_byte != 0xA4 {
        return Ok(());
    }
    let name = x509_cert::name::Name::from_der(t.value)?;
    if name.to_der()? == cert.subject_der() {
        Ok(())
    } else {
        Err(PkiError::invalid(
            "the TSTInfo names another TSA than the certificate",
        ))
    }
}

impl TstInfo {
    /// Reads the TSTInfo of a token without checking anything else (see
    /// [`verify_timestamp`] for the checks).
    pub fn from_token(token: &[u8]) -> Result<TstInfo, PkiError> {
        Ok(TimestampToken::parse(token)?.info)
    }

    /// Parses a TSTInfo DER (RFC 3161 §2.4.2).
    pub fn from_der(der: &[u8]) -> Result<TstInfo, PkiError> {
        let (tag, fields) = raw::children(der)?;
        if tag != 0x30 {
            return Err(PkiError::malformed("TSTInfo is not a SEQUENCE"));
        }
        let mut it = fields.into_iter().peekable();
        let mut next = |what: &str| {
            it.next()
                .ok_or_else(|| PkiError::malformed(format!("TSTInfo without {what}")))
        };
        let version = raw::tlv(next("version")?)?;
        if version.tag_byte != 0x02 || version.value != [1] {
            return Err(PkiError::malformed("TSTInfo version is not 1"));
        }
        let policy = raw::tlv(next("policy")?)?;
        if policy.tag_byte != 0x06 {
            return Err(PkiError::malformed("TSTInfo policy is not an OID"));
        }
        let policy = raw::oid_to_string(policy.value)
            .ok_or_else(|| PkiError::malformed("bad TSTInfo policy"))?;
        let (hash_algorithm, hashed_message) = message_imprint(next("messageImprint")?)?;
        let serial = raw::tlv(next("serialNumber")?)?;
        if serial.tag_byte != 0x02 || serial.value.is_empty() {
            return Err(PkiError::malformed(
                "TSTInfo serialNumber is not an INTEGER",
            ));
        }
        let serial = serial.value.to_vec();
        let gen_time = generalized_time(next("genTime")?)?;
        let accuracy = it
            .next_if(|t| t.first() == Some(&0x30))
            .map(accuracy)
            .transpose()?;
        let ordering = match it.next_if(|t| t.first() == Some(&0x01)) {
            Some(t) => match raw::tlv(t)?.value {
                [0x00] => false,
                [0xFF] => true,
                _ => return Err(PkiError::malformed("bad TSTInfo ordering")),
            },
            None => false,
        };
        let nonce = it
            .next_if(|t| t.first() == Some(&0x02))
            .map(|t| raw::tlv(t).map(|v| v.value.to_vec()))
            .transpose()?;
        let tsa_name = match it.next_if(|t| t.first() == Some(&0xA0)) {
            Some(t) => {
                let (_, inner) = raw::children(t)?;
                match inner[..] {
                    [one] => Some(one.to_vec()),
                    _ => return Err(PkiError::malformed("bad TSTInfo tsa name")),
                }
            }
            None => None,
        };
        if let Some(exts) = it.next_if(|t| t.first() == Some(&0xA1)) {
            check_extensions(exts)?;
        }
        if it.next().is_some() {
            return Err(PkiError::malformed("unexpected field in TSTInfo"));
        }
        Ok(TstInfo {
            policy,
            hash_algorithm,
            hashed_message,
            serial,
            gen_time,
            accuracy,
            ordering,
            nonce,
            tsa_name,
        })
    }
}

/// MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }.
fn message_imprint(tlv: &[u8]) -> Result<(Oid, Vec<u8>), PkiError> {
    let (_, parts) = raw::children(tlv)?;
    let [alg, hash] = parts[..] else {
        return Err(PkiError::malformed("bad MessageImprint"));
    };
    let alg = spki::AlgorithmIdentifierOwned::from_der(alg)?.oid;
    let hash = der::asn1::OctetStringRef::from_der(hash)?
        .as_bytes()
        .to_vec();
    Ok((alg, hash))
}

/// Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER (1..999) OPTIONAL,
/// micros [1] INTEGER (1..999) OPTIONAL } (the `[0]`/`[1]` are IMPLICIT).
fn accuracy(tlv: &[u8]) -> Result<Accuracy, PkiError> {
    let (_, parts) = raw::children(tlv)?;
    let mut a = Accuracy::default();
    let mut it = parts.into_iter().peekable();
    if let Some(s) = it.next_if(|t| t.first() == Some(&0x02)) {
        a.seconds = small_uint(raw::tlv(s)?.value, u64::from(u32::MAX))?;
    }
    if let Some(m) = it.next_if(|t| t.first() == Some(&0x80)) {
        a.millis = u16::try_from(small_uint(raw::tlv(m)?.value, 999)?).unwrap_or(0);
    }
    if let Some(m) = it.next_if(|t| t.first() == Some(&0x81)) {
        a.micros = u16::try_from(small_uint(raw::tlv(m)?.value, 999)?).unwrap_or(0);
    }
    if it.next().is_some() {
        return Err(PkiError::malformed("unexpected field in Accuracy"));
    }
    Ok(a)
}

/// A non-negative INTEGER's contents that fits `max`.
fn small_uint(content: &[u8], max: u64) -> Result<u64, PkiError> {
    let magnitude = raw::unsigned_magnitude(content)
        .filter(|m| m.len() <= 8 && !content.is_empty())
        .ok_or_else(|| PkiError::malformed("bad INTEGER in Accuracy"))?;
    let v = magnitude
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if v > max {
        return Err(PkiError::malformed("INTEGER in Accuracy out of range"));
    }
    Ok(v)
}

/// `[1] IMPLICIT Extensions`: no extension of a TSTInfo is understood, so a critical one
/// refuses the token.
fn check_extensions(tlv: &[u8]) -> Result<(), PkiError> {
    let (_, exts) = raw::children(tlv)?;
    for ext in exts {
        let e = x509_cert::ext::Extension::from_der(ext)?;
        if e.critical {
            return Err(PkiError::invalid(format!(
                "unknown critical TSTInfo extension {}",
                e.extn_id
            )));
        }
    }
    Ok(())
}

/// GeneralizedTime `YYYYMMDDhhmmss[.f…]Z` (RFC 3161 §2.4.2: UTC, optional fraction of a
/// second) → milliseconds since the epoch, the fraction truncated to milliseconds.
pub(crate) fn generalized_time(tlv: &[u8]) -> Result<Millis, PkiError> {
    let bad = || PkiError::malformed("bad genTime");
    let t = raw::tlv(tlv)?;
    if t.tag_byte != 0x18 {
        return Err(PkiError::malformed("genTime is not a GeneralizedTime"));
    }
    let (main, rest) = t.value.split_at_checked(14).ok_or_else(bad)?;
    if !main.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let fraction = match rest.strip_suffix(b"Z").ok_or_else(bad)? {
        [] => &[][..],
        [b'.', digits @ ..]
            if !digits.is_empty() && digits.len() <= 9 && digits.iter().all(u8::is_ascii_digit) =>
        {
            digits
        }
        _ => return Err(bad()),
    };
    let num = |range: std::ops::Range<usize>| -> i64 {
        main.get(range)
            .unwrap_or(&[])
            .iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'))
    };
    let small = |v: i64| i8::try_from(v).map_err(|_| bad());
    let year = i16::try_from(num(0..4)).map_err(|_| bad())?;
    let dt = jiff::civil::DateTime::new(
        year,
        small(num(4..6))?,
        small(num(6..8))?,
        small(num(8..10))?,
        small(num(10..12))?,
        small(num(12..14))?,
        0,
    )
    .map_err(|_| bad())?;
    let seconds_ms = dt
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| bad())?
        .timestamp()
        .as_millisecond();
    let millis = (0..3).fold(0i64, |acc, i| {
        acc * 10 + fraction.get(i).map_or(0, |d| i64::from(d - b'0'))
    });
    Ok(Millis(seconds_ms + millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gt(s: &str) -> Result<Millis, PkiError> {
        let mut tlv = vec![0x18, s.len() as u8];
        tlv.extend_from_slice(s.as_bytes());
        generalized_time(&tlv)
    }

    fn ms(rfc3339: &str) -> Millis {
        Millis(rfc3339.parse::<jiff::Timestamp>().unwrap().as_millisecond())
    }

    #[test]
    fn sig_45_gen_time_with_and_without_fractions() {
        assert_eq!(gt("20261201040000Z").unwrap(), ms("2026-12-01T04:00:00Z"));
        assert_eq!(
            gt("20261201040000.5Z").unwrap(),
            ms("2026-12-01T04:00:00.5Z")
        );
        assert_eq!(
            gt("20261201040000.123456Z").unwrap(),
            ms("2026-12-01T04:00:00.123Z")
        );
        assert_eq!(
            gt("19991231235959.999Z").unwrap(),
            ms("1999-12-31T23:59:59.999Z")
        );
    }

    #[test]
    fn sig_45_bad_gen_times_are_refused() {
        for bad in [
            "",
            "20261201040000",
            "20261201040000+0100",
            "20261301040000Z",
            "20261232040000Z",
            "20261201250000Z",
            "20261201040060Z",
            "2026120104000Z",
            "20261201040000.Z",
            "20261201040000,5Z",
            "20261201040000.1234567891Z",
            "2026120104000aZ",
            "+0261201040000Z",
        ] {
            assert!(gt(bad).is_err(), "{bad:?}");
        }
        // Not a GeneralizedTime tag.
        assert!(generalized_time(&[0x17, 0x01, b'0']).is_err());
    }

    /// A DER TLV with a minimal length (contents < 64 KiB).
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match body.len() {
            n if n < 0x80 => out.push(n as u8),
            n if n < 0x100 => out.extend([0x81, n as u8]),
            n => out.extend([0x82, (n >> 8) as u8, n as u8]),
        }
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn sig_45_tst_info_optional_fields() {
        // version, policy 1.2.3, imprint (SHA-256, 32 bytes), serial 5, genTime, accuracy
        // {seconds 1, millis 500}, ordering TRUE, nonce 0x0102, tsa [0] directoryName, and a
        // non-critical extension.
        let imprint = {
            let alg = [
                0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
                0x00,
            ];
            let mut m = vec![0x30, 0x0F + 2 + 32];
            m.extend_from_slice(&alg);
            m.extend_from_slice(&[0x04, 0x20]);
            m.extend_from_slice(&[0xAB; 32]);
            m
        };
        let gen_time = b"20261201040000.25Z";
        let mut body = vec![0x02, 0x01, 0x01, 0x06, 0x02, 0x2A, 0x03];
        body.extend(imprint);
        body.extend([0x02, 0x01, 0x05, 0x18, gen_time.len() as u8]);
        body.extend(gen_time);
        body.extend([0x30, 0x07, 0x02, 0x01, 0x01, 0x80, 0x02, 0x01, 0xF4]);
        body.extend([0x01, 0x01, 0xFF]);
        body.extend([0x02, 0x02, 0x01, 0x02]);
        // [0] { [4] { Name: SEQUENCE {} } }
        body.extend([0xA0, 0x04, 0xA4, 0x02, 0x30, 0x00]);
        // [1] { Extension { 1.3.6.1.4.1, OCTET STRING { 00 } } }
        let ext_oid = [0x06, 0x05, 0x2B, 0x06, 0x01, 0x04, 0x01];
        let mut ext = ext_oid.to_vec();
        ext.extend([0x04, 0x01, 0x00]);
        let exts = tlv(0xA1, &tlv(0x30, &ext));
        body.extend(&exts);
        let der = tlv(0x30, &body);
        let info = TstInfo::from_der(&der).unwrap();
        assert_eq!(info.policy, "1.2.3");
        assert_eq!(info.hash_algorithm, oid::SHA256);
        assert_eq!(info.hashed_message, [0xAB; 32]);
        assert_eq!(info.serial, [5]);
        assert_eq!(info.gen_time, ms("2026-12-01T04:00:00.25Z"));
        assert_eq!(
            info.accuracy,
            Some(Accuracy {
                seconds: 1,
                millis: 500,
                micros: 0
            })
        );
        assert!(info.ordering);
        assert_eq!(info.nonce.as_deref(), Some(&[0x01, 0x02][..]));
        assert_eq!(
            info.tsa_name.as_deref(),
            Some(&[0xA4, 0x02, 0x30, 0x00][..])
        );

        // The same with the extension marked critical: refused.
        let mut crit = ext_oid.to_vec();
        crit.extend([0x01, 0x01, 0xFF, 0x04, 0x01, 0x00]);
        let n = body.len() - exts.len();
        let mut body2 = body[..n].to_vec();
        body2.extend(tlv(0xA1, &tlv(0x30, &crit)));
        let der2 = tlv(0x30, &body2);
        assert_eq!(
            TstInfo::from_der(&der2).unwrap_err().code(),
            "SIG_INVALID_SIGNATURE"
        );

        // Version 2 and a trailing field are refused.
        let mut v2 = der.clone();
        assert_eq!(v2[2..5], [0x02, 0x01, 0x01]);
        v2[4] = 0x02;
        assert!(TstInfo::from_der(&v2).is_err());
        let mut trailing = body.clone();
        trailing.extend([0x05, 0x00]);
        let der3 = tlv(0x30, &trailing);
        assert!(TstInfo::from_der(&der3).is_err());
    }
}
