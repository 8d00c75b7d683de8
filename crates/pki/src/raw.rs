//! Raw DER walking: the exact bytes of a sub-structure as received, so that signatures are
//! checked over what was signed and never over a re-encoding (SIG-39, SIG-44, SIG-48), and the
//! small BER→DER normaliser of SIG-37 item 4.

use crate::error::PkiError;
use der::{Decode, Header, Reader, SliceReader};

/// A TLV split into its header and its element TLVs (for a constructed value).
pub(crate) struct Tlv<'a> {
    /// The first identifier byte (class, constructed bit, low tag number).
    pub tag_byte: u8,
    /// The contents octets.
    pub value: &'a [u8],
}

/// Reads exactly one TLV that spans all of `bytes`.
pub(crate) fn tlv(bytes: &[u8]) -> Result<Tlv<'_>, PkiError> {
    let mut r = SliceReader::new(bytes)?;
    let header = Header::decode(&mut r)?;
    let value = r.read_slice(header.length)?;
    if !r.is_finished() {
        return Err(PkiError::malformed("trailing data after a TLV"));
    }
    let tag_byte = *bytes
        .first()
        .ok_or_else(|| PkiError::malformed("empty input"))?;
    Ok(Tlv { tag_byte, value })
}

/// The element TLVs inside the contents of a constructed TLV.
pub(crate) fn elements(value: &[u8]) -> Result<Vec<&[u8]>, PkiError> {
    let mut r = SliceReader::new(value)?;
    let mut out = Vec::new();
    while !r.is_finished() {
        out.push(r.tlv_bytes()?);
    }
    Ok(out)
}

/// The elements of the constructed TLV that spans `bytes`, with its first identifier byte.
pub(crate) fn children(bytes: &[u8]) -> Result<(u8, Vec<&[u8]>), PkiError> {
    let t = tlv(bytes)?;
    if t.tag_byte & 0x20 == 0 {
        return Err(PkiError::malformed("expected a constructed value"));
    }
    Ok((t.tag_byte, elements(t.value)?))
}

/// Length of the definite-length TLV at the start of `bytes`, if it reads.
pub(crate) fn first_tlv_len(bytes: &[u8]) -> Option<usize> {
    let mut r = SliceReader::new(bytes).ok()?;
    r.tlv_bytes().ok().map(<[u8]>::len)
}

/// Leading-zero-free big-endian magnitude of a DER INTEGER's contents; `None` for a negative
/// value (SIG-48: CRL entries with negative serials are ignored).
pub(crate) fn unsigned_magnitude(content: &[u8]) -> Option<&[u8]> {
    if content.first().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let start = content
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(content.len());
    Some(&content[start..])
}

/// The dotted form of an OBJECT IDENTIFIER's contents octets, with arcs of any size (the
/// X.667 UUID arc `2.25.<128-bit integer>` of the test-PKI marker does not fit the 32-bit arcs
/// of `const_oid`). `None` for a malformed encoding.
pub(crate) fn oid_to_string(content: &[u8]) -> Option<String> {
    use num_bigint_dig::BigUint;
    if content.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let mut arcs: Vec<BigUint> = Vec::new();
    let mut cur = BigUint::default();
    let mut fresh = true;
    for b in content {
        if fresh && *b == 0x80 {
            return None; // non-minimal sub-identifier
        }
        cur = (cur << 7usize) + BigUint::from(b & 0x7f);
        fresh = b & 0x80 == 0;
        if fresh {
            arcs.push(std::mem::take(&mut cur));
        }
    }
    let first = arcs.first()?.clone();
    let (a, b) = if first < BigUint::from(40u32) {
        (BigUint::from(0u32), first)
    } else if first < BigUint::from(80u32) {
        (BigUint::from(1u32), first - BigUint::from(40u32))
    } else {
        (BigUint::from(2u32), first - BigUint::from(80u32))
    };
    let mut out = format!("{a}.{b}");
    for arc in &arcs[1..] {
        out.push('.');
        out.push_str(&arc.to_str_radix(10));
    }
    Some(out)
}

/// The policy identifiers of a certificatePolicies extension value, in order, as dotted
/// strings (arcs of any size; qualifiers are skipped).
pub(crate) fn policy_oids(ext_value: &[u8]) -> Result<Vec<String>, PkiError> {
    let (_, infos) = children(ext_value)?;
    let mut out = Vec::new();
    for info in infos {
        let (_, parts) = children(info)?;
        let id = parts
            .first()
            .ok_or_else(|| PkiError::malformed("PolicyInformation without identifier"))?;
        let t = tlv(id)?;
        if t.tag_byte != 0x06 {
            return Err(PkiError::malformed("policy identifier is not an OID"));
        }
        out.push(
            oid_to_string(t.value).ok_or_else(|| PkiError::malformed("bad policy identifier"))?,
        );
    }
    Ok(out)
}

/// Upper-case hex of bytes.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Lower-case hex of bytes.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const MAX_DEPTH: usize = 40;

/// Converts BER (indefinite lengths, non-minimal lengths, constructed OCTET STRINGs) to DER
/// lengths and primitive OCTET STRINGs (SIG-37.4). Elements of SETs keep their order, so a
/// signature over DER-encoded signed attributes is still checked over the bytes as signed.
pub fn ber_to_der(input: &[u8]) -> Result<Vec<u8>, PkiError> {
    let mut out = Vec::with_capacity(input.len());
    let used = convert(input, 0, &mut out)?;
    if used != input.len() {
        return Err(PkiError::malformed("trailing data after the CMS"));
    }
    Ok(out)
}

/// Identifier octets: (bytes, constructed, universal tag number if universal low-tag form).
fn identifier(input: &[u8]) -> Result<(usize, bool, Option<u8>), PkiError> {
    let first = *input
        .first()
        .ok_or_else(|| PkiError::malformed("truncated identifier"))?;
    let constructed = first & 0x20 != 0;
    if first & 0x1f != 0x1f {
        let universal = (first & 0xc0 == 0).then_some(first & 0x1f);
        return Ok((1, constructed, universal));
    }
    let mut i = 1;
    loop {
        let b = *input
            .get(i)
            .ok_or_else(|| PkiError::malformed("truncated identifier"))?;
        i += 1;
        if b & 0x80 == 0 {
            return Ok((i, constructed, None));
        }
        if i > 6 {
            return Err(PkiError::malformed("tag number too large"));
        }
    }
}

/// Length octets: (bytes used, Some(len) or None for indefinite).
fn length(input: &[u8]) -> Result<(usize, Option<usize>), PkiError> {
    let first = *input
        .first()
        .ok_or_else(|| PkiError::malformed("truncated length"))?;
    if first < 0x80 {
        return Ok((1, Some(first as usize)));
    }
    if first == 0x80 {
        return Ok((1, None));
    }
    let n = (first & 0x7f) as usize;
    if n > 4 {
        return Err(PkiError::malformed("length too large"));
    }
    let bytes = input
        .get(1..1 + n)
        .ok_or_else(|| PkiError::malformed("truncated length"))?;
    let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
    Ok((1 + n, Some(len)))
}

fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    out.push(0x80 | (bytes.len() - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

/// Converts one TLV at the start of `input`, appending DER to `out`; returns bytes consumed.
fn convert(input: &[u8], depth: usize, out: &mut Vec<u8>) -> Result<usize, PkiError> {
    if depth > MAX_DEPTH {
        return Err(PkiError::malformed("nesting too deep"));
    }
    let (id_len, constructed, universal) = identifier(input)?;
    let (len_len, len) = length(&input[id_len..])?;
    let start = id_len + len_len;
    if !constructed {
        let len = len.ok_or_else(|| PkiError::malformed("indefinite primitive"))?;
        let value = input
            .get(start..start + len)
            .ok_or_else(|| PkiError::malformed("truncated value"))?;
        out.extend_from_slice(&input[..id_len]);
        push_length(out, len);
        out.extend_from_slice(value);
        return Ok(start + len);
    }
    // Constructed: convert the children into a buffer, then write a definite length.
    let mut body = Vec::new();
    let mut pos = start;
    match len {
        Some(len) => {
            let end = start
                .checked_add(len)
                .filter(|e| *e <= input.len())
                .ok_or_else(|| PkiError::malformed("truncated value"))?;
            while pos < end {
                pos += convert(&input[pos..end], depth + 1, &mut body)?;
            }
        }
        None => loop {
            let rest = input
                .get(pos..)
                .ok_or_else(|| PkiError::malformed("truncated value"))?;
            if rest.starts_with(&[0, 0]) {
                pos += 2;
                break;
            }
            if rest.is_empty() {
                return Err(PkiError::malformed("missing end-of-contents"));
            }
            pos += convert(rest, depth + 1, &mut body)?;
        },
    }
    if universal == Some(4) {
        // Constructed OCTET STRING → one primitive OCTET STRING of the joined chunks.
        let mut joined = Vec::new();
        for chunk in elements(&body)? {
            let t = tlv(chunk)?;
            if t.tag_byte != 0x04 {
                return Err(PkiError::malformed("bad OCTET STRING chunk"));
            }
            joined.extend_from_slice(t.value);
        }
        out.push(0x04);
        push_length(out, joined.len());
        out.extend_from_slice(&joined);
    } else {
        out.extend_from_slice(&input[..id_len]);
        push_length(out, body.len());
        out.extend_from_slice(&body);
    }
    Ok(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_61_oids_with_arcs_beyond_32_bits_read() {
        // 1.2.398.3.3.2.3 and the test-PKI marker 2.25.<UUID>.
        assert_eq!(
            oid_to_string(&[0x2A, 0x83, 0x0E, 0x03, 0x03, 0x02, 0x03]).as_deref(),
            Some("1.2.398.3.3.2.3")
        );
        let marker = crate::oid::TEST_PKI_MARKER;
        let big: num_bigint_dig::BigUint = marker[5..].parse().unwrap();
        let mut arc = Vec::new();
        let mut v = big;
        loop {
            let low = (&v % 128u32).to_bytes_le()[0];
            arc.push(low);
            v >>= 7usize;
            if v == num_bigint_dig::BigUint::default() {
                break;
            }
        }
        arc.reverse();
        let n = arc.len();
        for b in &mut arc[..n - 1] {
            *b |= 0x80;
        }
        let mut content = vec![0x69]; // 2.25 → 2·40 + 25
        content.extend(arc);
        assert_eq!(oid_to_string(&content).as_deref(), Some(marker));
        assert_eq!(oid_to_string(&[0x80, 0x01]), None);
        assert_eq!(oid_to_string(&[0x2A, 0x83]), None);
    }

    #[test]
    fn sig_37_der_input_is_unchanged() {
        let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xAA];
        assert_eq!(ber_to_der(&der).unwrap(), der);
    }

    #[test]
    fn sig_37_indefinite_lengths_and_chunked_octets_become_der() {
        // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00,
            0x00,
        ];
        let der = [0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c'];
        assert_eq!(ber_to_der(&ber).unwrap(), der);
    }

    #[test]
    fn sig_37_garbage_is_an_error_not_a_panic() {
        for bad in [
            &[0x30u8, 0x80][..],
            &[0x30, 0x85, 1, 1, 1, 1, 1],
            &[0x1f],
            &[],
        ] {
            assert!(ber_to_der(bad).is_err());
        }
    }
}
