//! Writing full and delta CRLs (SIG-63): v2 CRLs signed by the issuing CA with an
//! AuthorityKeyIdentifier and a CRLNumber; a delta CRL also carries the critical
//! deltaCRLIndicator naming its base (the full CRL's number). Entries carry the reason code
//! (certificateHold, keyCompromise, superseded, …, or removeFromCRL in a delta when a hold is
//! lifted) and an optional invalidityDate. Built with the DER writer because `rcgen` cannot
//! write deltaCRLIndicator (SIG-58).

use super::asn1;
use super::keys::PrivateKey;
use crate::crl::CrlReason;
use crate::error::PkiError;
use crate::oid;
use kernel::Millis;

/// One revoked certificate as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlEntry {
    /// Serial magnitude, big-endian.
    pub serial: Vec<u8>,
    pub revoked_at: Millis,
    pub reason: Option<CrlReason>,
    pub invalidity_date: Option<Millis>,
}

/// What one CRL says.
#[derive(Debug, Clone)]
pub struct CrlSpec<'a> {
    /// The issuer's Name DER (its certificate's subject).
    pub issuer_name: &'a [u8],
    pub key: &'a PrivateKey,
    pub number: u64,
    /// `Some(base)` makes a delta CRL with deltaCRLIndicator = base.
    pub delta_base: Option<u64>,
    pub this_update: Millis,
    pub next_update: Millis,
    pub entries: &'a [CrlEntry],
}

fn ext(id: &const_oid::ObjectIdentifier, critical: bool, value: &[u8]) -> Vec<u8> {
    if critical {
        asn1::seq(&[&asn1::oid(id), &asn1::boolean(true), &asn1::octets(value)])
    } else {
        asn1::seq(&[&asn1::oid(id), &asn1::octets(value)])
    }
}

fn entry(e: &CrlEntry) -> Vec<u8> {
    let mut exts = Vec::new();
    if let Some(r) = e.reason {
        exts.push(ext(
            &oid::EXT_CRL_REASON,
            false,
            &asn1::enumerated(r.code()),
        ));
    }
    if let Some(d) = e.invalidity_date {
        exts.push(ext(&oid::EXT_INVALIDITY_DATE, false, &asn1::gen_time(d)));
    }
    let serial = asn1::uint(&e.serial);
    let date = asn1::time(e.revoked_at);
    if exts.is_empty() {
        asn1::seq(&[&serial, &date])
    } else {
        let refs: Vec<&[u8]> = exts.iter().map(Vec::as_slice).collect();
        asn1::seq(&[&serial, &date, &asn1::seq(&refs)])
    }
}

/// The CRL DER.
pub fn write_crl(spec: &CrlSpec<'_>) -> Result<Vec<u8>, PkiError> {
    let sig_alg = spec.key.signature_algorithm();
    let mut exts = vec![
        ext(
            &oid::EXT_AUTHORITY_KEY_ID,
            false,
            &asn1::seq(&[&asn1::ctx_prim(0, &spec.key.key_id()?)]),
        ),
        ext(&oid::EXT_CRL_NUMBER, false, &asn1::int(spec.number)),
    ];
    if let Some(base) = spec.delta_base {
        exts.push(ext(&oid::EXT_DELTA_CRL_INDICATOR, true, &asn1::int(base)));
    }
    let ext_refs: Vec<&[u8]> = exts.iter().map(Vec::as_slice).collect();
    let entries: Vec<Vec<u8>> = spec.entries.iter().map(entry).collect();
    let entry_refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
    let mut tbs_parts: Vec<Vec<u8>> = vec![
        asn1::int(1),
        sig_alg.clone(),
        spec.issuer_name.to_vec(),
        asn1::time(spec.this_update),
        asn1::time(spec.next_update),
    ];
    if !entries.is_empty() {
        tbs_parts.push(asn1::seq(&entry_refs));
    }
    tbs_parts.push(asn1::ctx(0, &asn1::seq(&ext_refs)));
    let refs: Vec<&[u8]> = tbs_parts.iter().map(Vec::as_slice).collect();
    let tbs = asn1::seq(&refs);
    let signature = spec.key.sign(&tbs)?;
    Ok(asn1::seq(&[&tbs, &sig_alg, &asn1::bits(&signature)]))
}
