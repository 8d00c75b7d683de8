//! Issuing X.509 v3 certificates in the НУЦ РК profile (SIG-15, SIG-21, SIG-60, SIG-61):
//! subject attributes in НУЦ's order and string types (CN, SURNAME, SERIALNUMBER, C, L, ST, O,
//! GIVENNAME, OU, E — UTF8String, PrintableString for SERIALNUMBER and C, IA5String for E),
//! extensions in НУЦ's order (keyUsage critical, extKeyUsage with the role OIDs, AKI, SKI,
//! certificatePolicies with the НУЦ policy, a CPS qualifier and the Tauar test marker, CRL
//! distribution point, Freshest CRL, AIA with CA issuers and OCSP), signed with RSA/SHA-256 or
//! GOST 2015-512/Streebog-512 by hand-built DER.

use super::asn1;
use super::keys::PrivateKey;
use crate::error::PkiError;
use crate::oid;
use const_oid::ObjectIdentifier as Oid;
use kernel::Millis;

/// Subject attributes (SIG-15); `None` fields are left out. Written in НУЦ's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dn {
    pub cn: Option<String>,
    pub surname: Option<String>,
    pub serial_number: Option<String>,
    pub country: Option<String>,
    pub locality: Option<String>,
    pub state: Option<String>,
    pub org: Option<String>,
    pub given_name: Option<String>,
    pub org_unit: Option<String>,
    pub email: Option<String>,
}

/// How an attribute value is written (UTF8String, PrintableString, IA5String).
type StringEncoder = fn(&str) -> Vec<u8>;

impl Dn {
    /// `CN=<cn>, C=KZ` (the CA names of SIG-60).
    pub fn ca(cn: &str) -> Dn {
        Dn {
            cn: Some(cn.to_string()),
            country: Some("KZ".to_string()),
            ..Dn::default()
        }
    }

    /// The Name DER: one attribute per RDN.
    pub fn to_der(&self) -> Vec<u8> {
        let attrs: [(Oid, &Option<String>, StringEncoder); 10] = [
            (oid::AT_CN, &self.cn, asn1::utf8),
            (oid::AT_SURNAME, &self.surname, asn1::utf8),
            (oid::AT_SERIAL_NUMBER, &self.serial_number, asn1::printable),
            (oid::AT_COUNTRY, &self.country, asn1::printable),
            (oid::AT_LOCALITY, &self.locality, asn1::utf8),
            (oid::AT_STATE, &self.state, asn1::utf8),
            (oid::AT_ORG, &self.org, asn1::utf8),
            (oid::AT_GIVEN_NAME, &self.given_name, asn1::utf8),
            (oid::AT_ORG_UNIT, &self.org_unit, asn1::utf8),
            (oid::AT_EMAIL, &self.email, asn1::ia5),
        ];
        let rdns: Vec<Vec<u8>> = attrs
            .iter()
            .filter_map(|(o, v, enc)| {
                v.as_deref()
                    .map(|v| asn1::set_of(&[&asn1::seq(&[&asn1::oid(o), &enc(v)])]))
            })
            .collect();
        let refs: Vec<&[u8]> = rdns.iter().map(Vec::as_slice).collect();
        asn1::seq(&refs)
    }
}

/// keyUsage bits (RFC 5280 §4.2.1.3 numbering).
pub mod ku {
    pub const DIGITAL_SIGNATURE: u8 = 0;
    pub const NON_REPUDIATION: u8 = 1;
    pub const KEY_ENCIPHERMENT: u8 = 2;
    pub const KEY_AGREEMENT: u8 = 4;
    pub const KEY_CERT_SIGN: u8 = 5;
    pub const CRL_SIGN: u8 = 6;
}

/// Where the revocation services of an issuer are (CRL DP, Freshest CRL, AIA).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    pub crl: String,
    pub delta_crl: String,
    pub ocsp: String,
    pub ca_issuers: String,
}

/// What goes into one certificate besides its key and issuer.
#[derive(Debug, Clone)]
pub struct Template {
    /// Serial magnitude, big-endian.
    pub serial: Vec<u8>,
    pub subject: Dn,
    pub not_before: Millis,
    pub not_after: Millis,
    /// keyUsage bits (see [`ku`]); empty = no keyUsage extension.
    pub key_usage: Vec<u8>,
    /// extKeyUsage OIDs in order (purpose first, then roles, as НУЦ writes them).
    pub eku: Vec<Oid>,
    pub eku_critical: bool,
    /// basicConstraints CA:TRUE with an optional pathLenConstraint.
    pub ca: Option<Option<u8>>,
    /// Policy OIDs as dotted strings (the НУЦ policy first, then the marker, SIG-61).
    pub policies: Vec<String>,
    /// CPS URL given as the qualifier of the first policy.
    pub cps: Option<String>,
    pub urls: Option<Urls>,
    /// id-pkix-ocsp-nocheck (the OCSP responder certificate, SIG-60).
    pub ocsp_nocheck: bool,
    /// subjectAltName: IPv4 addresses and DNS names (the loopback TLS certificate, SIG-69).
    pub san_ips: Vec<[u8; 4]>,
    pub san_dns: Vec<String>,
}

impl Default for Template {
    fn default() -> Template {
        Template {
            serial: vec![1],
            subject: Dn::default(),
            not_before: Millis(0),
            not_after: Millis(0),
            key_usage: Vec::new(),
            eku: Vec::new(),
            eku_critical: false,
            ca: None,
            policies: Vec::new(),
            cps: None,
            urls: None,
            ocsp_nocheck: false,
            san_ips: Vec::new(),
            san_dns: Vec::new(),
        }
    }
}

/// The signing side of an issuance.
pub struct Issuer<'a> {
    pub name: &'a Dn,
    pub key: &'a PrivateKey,
}

fn ext(id: &Oid, critical: bool, value: &[u8]) -> Vec<u8> {
    if critical {
        asn1::seq(&[&asn1::oid(id), &asn1::boolean(true), &asn1::octets(value)])
    } else {
        asn1::seq(&[&asn1::oid(id), &asn1::octets(value)])
    }
}

fn uri(url: &str) -> Vec<u8> {
    asn1::ctx_prim(6, url.as_bytes())
}

/// CRLDistributionPoints / FreshestCRL with one full-name URI.
fn distribution_point(url: &str) -> Vec<u8> {
    asn1::seq(&[&asn1::seq(&[&asn1::ctx(0, &asn1::ctx(0, &uri(url)))])])
}

fn policies(t: &Template) -> Result<Vec<u8>, PkiError> {
    let mut infos = Vec::new();
    for (i, p) in t.policies.iter().enumerate() {
        let id = asn1::oid_dotted(p).ok_or_else(|| PkiError::testkit(format!("policy {p}")))?;
        let info = match (&t.cps, i) {
            (Some(cps), 0) => {
                let cps_oid = Oid::new_unwrap("1.3.6.1.5.5.7.2.1");
                let q = asn1::seq(&[&asn1::oid(&cps_oid), &asn1::ia5(cps)]);
                asn1::seq(&[&id, &asn1::seq(&[&q])])
            }
            _ => asn1::seq(&[&id]),
        };
        infos.push(info);
    }
    let refs: Vec<&[u8]> = infos.iter().map(Vec::as_slice).collect();
    Ok(asn1::seq(&refs))
}

fn extensions(t: &Template, ski: &[u8], aki: &[u8]) -> Result<Vec<u8>, PkiError> {
    let mut exts = Vec::new();
    if let Some(path_len) = t.ca {
        let bc = match path_len {
            Some(n) => asn1::seq(&[&asn1::boolean(true), &asn1::int(u64::from(n))]),
            None => asn1::seq(&[&asn1::boolean(true)]),
        };
        exts.push(ext(&oid::EXT_BASIC_CONSTRAINTS, true, &bc));
    }
    if !t.key_usage.is_empty() {
        exts.push(ext(
            &oid::EXT_KEY_USAGE,
            true,
            &asn1::named_bits(&t.key_usage),
        ));
    }
    if !t.eku.is_empty() {
        let ids: Vec<Vec<u8>> = t.eku.iter().map(asn1::oid).collect();
        let refs: Vec<&[u8]> = ids.iter().map(Vec::as_slice).collect();
        exts.push(ext(
            &oid::EXT_EXT_KEY_USAGE,
            t.eku_critical,
            &asn1::seq(&refs),
        ));
    }
    exts.push(ext(
        &oid::EXT_AUTHORITY_KEY_ID,
        false,
        &asn1::seq(&[&asn1::ctx_prim(0, aki)]),
    ));
    exts.push(ext(&oid::EXT_SUBJECT_KEY_ID, false, &asn1::octets(ski)));
    if !t.policies.is_empty() {
        exts.push(ext(&oid::EXT_CERTIFICATE_POLICIES, false, &policies(t)?));
    }
    if let Some(u) = &t.urls {
        exts.push(ext(
            &oid::EXT_CRL_DISTRIBUTION_POINTS,
            false,
            &distribution_point(&u.crl),
        ));
        exts.push(ext(
            &oid::EXT_FRESHEST_CRL,
            false,
            &distribution_point(&u.delta_crl),
        ));
        let aia = asn1::seq(&[
            &asn1::seq(&[&asn1::oid(&oid::AD_CA_ISSUERS), &uri(&u.ca_issuers)]),
            &asn1::seq(&[&asn1::oid(&oid::AD_OCSP), &uri(&u.ocsp)]),
        ]);
        exts.push(ext(&oid::EXT_AUTHORITY_INFO_ACCESS, false, &aia));
    }
    if t.ocsp_nocheck {
        exts.push(ext(&oid::EXT_OCSP_NOCHECK, false, &asn1::null()));
    }
    if !t.san_ips.is_empty() || !t.san_dns.is_empty() {
        let mut names: Vec<Vec<u8>> = t
            .san_dns
            .iter()
            .map(|d| asn1::ctx_prim(2, d.as_bytes()))
            .collect();
        names.extend(t.san_ips.iter().map(|ip| asn1::ctx_prim(7, ip)));
        let refs: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
        exts.push(ext(&oid::EXT_SUBJECT_ALT_NAME, false, &asn1::seq(&refs)));
    }
    let refs: Vec<&[u8]> = exts.iter().map(Vec::as_slice).collect();
    Ok(asn1::ctx(3, &asn1::seq(&refs)))
}

/// Issues a certificate for `subject_key`'s public key, signed by `issuer` (pass the subject's
/// own name and key for a self-signed root). Returns the certificate DER.
pub fn issue(
    t: &Template,
    subject_key: &PrivateKey,
    issuer: &Issuer<'_>,
) -> Result<Vec<u8>, PkiError> {
    let ski = subject_key.key_id()?;
    let aki = issuer.key.key_id()?;
    let sig_alg = issuer.key.signature_algorithm();
    let tbs = asn1::seq(&[
        &asn1::ctx(0, &asn1::int(2)),
        &asn1::uint(&t.serial),
        &sig_alg,
        &issuer.name.to_der(),
        &asn1::seq(&[&asn1::time(t.not_before), &asn1::time(t.not_after)]),
        &t.subject.to_der(),
        &subject_key.spki_der()?,
        &extensions(t, &ski, &aki)?,
    ]);
    let signature = issuer.key.sign(&tbs)?;
    Ok(asn1::seq(&[&tbs, &sig_alg, &asn1::bits(&signature)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cert::{Cert, KeyPurpose};
    use crate::testkit::keys::{KeyKind, seeded_rng};

    #[test]
    fn sig_60_issued_certificates_read_back_in_the_nuc_profile() {
        let ca_key = PrivateKey::generate(KeyKind::Gost512, &mut seeded_rng(3, "ca")).unwrap();
        let ca_dn = Dn::ca("TAUAR TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)");
        let ca = issue(
            &Template {
                serial: vec![0x42; 20],
                subject: ca_dn.clone(),
                not_before: Millis(1_700_000_000_000),
                not_after: Millis(1_900_000_000_000),
                key_usage: vec![ku::KEY_CERT_SIGN, ku::CRL_SIGN],
                ca: Some(Some(0)),
                policies: vec![oid::POLICY_NCA.to_string(), oid::TEST_PKI_MARKER.into()],
                ..Template::default()
            },
            &ca_key,
            &Issuer {
                name: &ca_dn,
                key: &ca_key,
            },
        )
        .unwrap();
        let ca = Cert::from_der(&ca).unwrap();
        ca.verify_signed_by(&ca).unwrap();
        let i = ca.info();
        assert!(i.is_ca && i.path_len == Some(0));
        assert_eq!(i.policy_oids[1], oid::TEST_PKI_MARKER);
        assert_eq!(i.subject_key_id, i.authority_key_id);

        let leaf_key = PrivateKey::generate(KeyKind::Gost512, &mut seeded_rng(3, "p")).unwrap();
        let subject = Dn {
            cn: Some("TAUAR TEST САРСЕНОВА АЙГУЛЬ".into()),
            surname: Some("САРСЕНОВА".into()),
            serial_number: Some("IIN920706456785".into()),
            country: Some("KZ".into()),
            given_name: Some("БОЛАТОВНА".into()),
            email: Some("aigul@example.kz".into()),
            ..Dn::default()
        };
        let leaf = issue(
            &Template {
                serial: vec![0x01, 0x02],
                subject,
                not_before: Millis(1_700_000_000_000),
                not_after: Millis(1_800_000_000_000),
                key_usage: vec![
                    ku::DIGITAL_SIGNATURE,
                    ku::NON_REPUDIATION,
                    ku::KEY_ENCIPHERMENT,
                ],
                eku: vec![oid::EKU_EMAIL_PROTECTION, oid::ROLE_INDIVIDUAL],
                policies: vec![oid::POLICY_GOST2015.to_string()],
                cps: Some("http://127.0.0.1/cps".into()),
                urls: Some(Urls {
                    crl: "http://127.0.0.1/crl/ca-gost.crl".into(),
                    delta_crl: "http://127.0.0.1/crl/ca-gost_d.crl".into(),
                    ocsp: "http://127.0.0.1/ocsp/".into(),
                    ca_issuers: "http://127.0.0.1/cert/ca-gost.cer".into(),
                }),
                ..Template::default()
            },
            &leaf_key,
            &Issuer {
                name: &ca_dn,
                key: &ca_key,
            },
        )
        .unwrap();
        let leaf = Cert::from_der(&leaf).unwrap();
        leaf.verify_signed_by(&ca).unwrap();
        let id = leaf.identity().unwrap();
        assert_eq!(id.iin, "920706456785");
        assert_eq!(id.first_name, "АЙГУЛЬ");
        assert_eq!(id.middle_name.as_deref(), Some("БОЛАТОВНА"));
        assert_eq!(id.email.as_deref(), Some("aigul@example.kz"));
        assert_eq!(id.purpose, KeyPurpose::Dual);
        assert_eq!(leaf.info().serial_hex, "0102");
        assert_eq!(leaf.info().authority_key_id, ca.info().subject_key_id);
    }
}
