//! A small DER writer for the test PKI: certificates, CRLs, OCSP and TSP answers, CMS and
//! PKCS#12 are all assembled from these TLV helpers, so every byte is under our control (DN
//! attribute order and string types as НУЦ writes them, SIG-15; policy OIDs with arcs beyond
//! 32 bits, SIG-61). Everything written here is read back by the crate's own parsers in tests.

use const_oid::ObjectIdentifier as Oid;
use kernel::Millis;
use num_bigint_dig::BigUint;

/// One TLV with a low tag number (all the tags the test PKI writes).
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// SEQUENCE of the given encodings, in order.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// SET whose elements are sorted by their encodings (DER SET OF, X.690 §11.6).
pub fn set_of(parts: &[&[u8]]) -> Vec<u8> {
    let mut sorted: Vec<&[u8]> = parts.to_vec();
    sorted.sort();
    tlv(0x31, &sorted.concat())
}

/// `[n]` context-specific constructed (EXPLICIT tagging, or IMPLICIT of a constructed type).
pub fn ctx(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0xA0 | n, content)
}

/// `[n]` context-specific primitive (IMPLICIT of a primitive type).
pub fn ctx_prim(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0x80 | n, content)
}

pub fn oid(o: &Oid) -> Vec<u8> {
    tlv(0x06, o.as_bytes())
}

/// An OID from its dotted form, arcs of any size (the `2.25.<UUID>` marker, SIG-61). `None` if
/// the text is not an OID.
pub fn oid_dotted(dotted: &str) -> Option<Vec<u8>> {
    let arcs: Vec<BigUint> = dotted
        .split('.')
        .map(|a| a.parse::<BigUint>().ok())
        .collect::<Option<_>>()?;
    let (first, second) = (arcs.first()?, arcs.get(1)?);
    if *first > BigUint::from(2u32) {
        return None;
    }
    let mut content = Vec::new();
    push_base128(&mut content, &(first * BigUint::from(40u32) + second));
    for arc in &arcs[2..] {
        push_base128(&mut content, arc);
    }
    Some(tlv(0x06, &content))
}

fn push_base128(out: &mut Vec<u8>, v: &BigUint) {
    let mut groups = Vec::new();
    let mut v = v.clone();
    let zero = BigUint::default();
    loop {
        let low = (&v % BigUint::from(128u32)).to_bytes_le();
        groups.push(low.first().copied().unwrap_or(0));
        v >>= 7usize;
        if v == zero {
            break;
        }
    }
    groups.reverse();
    let n = groups.len();
    for (i, g) in groups.into_iter().enumerate() {
        out.push(if i + 1 < n { g | 0x80 } else { g });
    }
}

/// A non-negative INTEGER from big-endian magnitude bytes.
pub fn uint(be: &[u8]) -> Vec<u8> {
    let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
    let mag = &be[start..];
    let mut content = Vec::with_capacity(mag.len() + 1);
    if mag.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(mag);
    tlv(0x02, &content)
}

pub fn int(v: u64) -> Vec<u8> {
    uint(&v.to_be_bytes())
}

pub fn enumerated(v: u8) -> Vec<u8> {
    tlv(0x0A, &[v])
}

pub fn boolean(v: bool) -> Vec<u8> {
    tlv(0x01, &[if v { 0xFF } else { 0 }])
}

pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

pub fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

/// BIT STRING of whole bytes.
pub fn bits(b: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(b.len() + 1);
    content.push(0);
    content.extend_from_slice(b);
    tlv(0x03, &content)
}

/// A named-bit BIT STRING (keyUsage): bit 0 is the most significant bit of the first byte;
/// trailing zero bits are dropped as DER requires.
pub fn named_bits(set: &[u8]) -> Vec<u8> {
    let Some(highest) = set.iter().max() else {
        return tlv(0x03, &[0]);
    };
    let nbytes = *highest as usize / 8 + 1;
    let mut bytes = vec![0u8; nbytes];
    for bit in set {
        bytes[*bit as usize / 8] |= 0x80 >> (bit % 8);
    }
    let unused = 7 - (*highest % 8);
    let mut content = vec![unused];
    content.extend_from_slice(&bytes);
    tlv(0x03, &content)
}

pub fn utf8(s: &str) -> Vec<u8> {
    tlv(0x0C, s.as_bytes())
}

pub fn printable(s: &str) -> Vec<u8> {
    tlv(0x13, s.as_bytes())
}

pub fn ia5(s: &str) -> Vec<u8> {
    tlv(0x16, s.as_bytes())
}

/// BMPString (UTF-16 big-endian), as PKCS#12 friendlyName.
pub fn bmp(s: &str) -> Vec<u8> {
    let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    tlv(0x1E, &bytes)
}

fn strftime(t: Millis, fmt: &str) -> String {
    t.timestamp()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime(fmt)
        .to_string()
}

/// UTCTime (years 1950–2049), seconds precision.
pub fn utc_time(t: Millis) -> Vec<u8> {
    tlv(0x17, strftime(t, "%y%m%d%H%M%SZ").as_bytes())
}

/// GeneralizedTime, seconds precision.
pub fn gen_time(t: Millis) -> Vec<u8> {
    tlv(0x18, strftime(t, "%Y%m%d%H%M%SZ").as_bytes())
}

/// RFC 5280 Time: UTCTime before 2050, GeneralizedTime from 2050 on.
pub fn time(t: Millis) -> Vec<u8> {
    // 2050-01-01T00:00:00Z
    if t.0 < 2_524_608_000_000 {
        utc_time(t)
    } else {
        gen_time(t)
    }
}

/// AlgorithmIdentifier without parameters, or with NULL.
pub fn alg(o: &Oid, null_params: bool) -> Vec<u8> {
    if null_params {
        seq(&[&oid(o), &null()])
    } else {
        seq(&[&oid(o)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_61_marker_oid_round_trips_through_the_reader() {
        let der = oid_dotted(crate::oid::TEST_PKI_MARKER).unwrap();
        let t = crate::raw::tlv(&der).unwrap();
        assert_eq!(
            crate::raw::oid_to_string(t.value).as_deref(),
            Some(crate::oid::TEST_PKI_MARKER)
        );
        assert_eq!(
            oid_dotted("1.2.398.3.3.2.3").unwrap(),
            oid(&crate::oid::POLICY_RSA_SIGN)
        );
        assert!(oid_dotted("3.1").is_none() && oid_dotted("1.x").is_none());
    }

    #[test]
    fn der_integers_and_named_bits() {
        assert_eq!(int(0), [0x02, 0x01, 0x00]);
        assert_eq!(int(128), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(&[0, 0, 1]), [0x02, 0x01, 0x01]);
        // digitalSignature + keyEncipherment = bits 0 and 2 → 03 02 05 A0 (as НУЦ AUTH certs).
        assert_eq!(named_bits(&[0, 2]), [0x03, 0x02, 0x05, 0xA0]);
        // digitalSignature + nonRepudiation + keyAgreement → 03 02 03 C8.
        assert_eq!(named_bits(&[0, 1, 4]), [0x03, 0x02, 0x03, 0xC8]);
        // keyCertSign + cRLSign → 03 02 01 06.
        assert_eq!(named_bits(&[5, 6]), [0x03, 0x02, 0x01, 0x06]);
        let long = vec![7u8; 300];
        assert_eq!(&octets(&long)[..4], &[0x04, 0x82, 0x01, 0x2C]);
    }
}
