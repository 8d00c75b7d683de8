//! Where a certificate says its revocation status is published (SIG-46, SIG-47, SIG-48): the
//! OCSP responder and the CA-issuers location of Authority Information Access (RFC 5280
//! §4.2.2.1), the CRL Distribution Points (§4.2.1.13) and the Freshest CRL (§5.2.6, the delta
//! CRL). Only `uniformResourceIdentifier` full names are read. These are hints: an extension
//! that does not parse gives no URLs rather than an error, and whether a URL may be contacted
//! is the caller's decision (the host allow-list of SIG-47, SSRF).

use super::Cert;
use crate::oid;
use der::Decode;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints};

/// The URLs a certificate names, in the order it names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevocationUrls {
    /// AIA id-ad-ocsp accessLocation.
    pub ocsp: Vec<String>,
    /// AIA id-ad-caIssuers accessLocation.
    pub ca_issuers: Vec<String>,
    /// CRL Distribution Points (the full CRL).
    pub crl: Vec<String>,
    /// Freshest CRL (the delta CRL).
    pub delta_crl: Vec<String>,
}

fn uri(name: &GeneralName) -> Option<String> {
    match name {
        GeneralName::UniformResourceIdentifier(u) => Some(u.as_str().to_string()),
        _ => None,
    }
}

/// The URIs of a CRLDistributionPoints (or FreshestCRL, the same syntax) value.
fn distribution_points(der: &[u8]) -> Vec<String> {
    let Ok(points) = CrlDistributionPoints::from_der(der) else {
        return Vec::new();
    };
    points
        .0
        .iter()
        .filter_map(|p| match &p.distribution_point {
            Some(DistributionPointName::FullName(names)) => Some(names),
            _ => None,
        })
        .flatten()
        .filter_map(uri)
        .collect()
}

impl Cert {
    /// The OCSP, CA-issuers and CRL URLs this certificate names (empty lists when it names
    /// none or the extension is malformed).
    pub fn revocation_urls(&self) -> RevocationUrls {
        let mut out = RevocationUrls::default();
        let exts = self
            .x509
            .tbs_certificate
            .extensions
            .as_deref()
            .unwrap_or(&[]);
        for ext in exts {
            let v = ext.extn_value.as_bytes();
            match ext.extn_id {
                x if x == oid::EXT_AUTHORITY_INFO_ACCESS => {
                    let Ok(aia) = AuthorityInfoAccessSyntax::from_der(v) else {
                        continue;
                    };
                    for d in &aia.0 {
                        let Some(u) = uri(&d.access_location) else {
                            continue;
                        };
                        if d.access_method == oid::AD_OCSP {
                            out.ocsp.push(u);
                        } else if d.access_method == oid::AD_CA_ISSUERS {
                            out.ca_issuers.push(u);
                        }
                    }
                }
                x if x == oid::EXT_CRL_DISTRIBUTION_POINTS => {
                    out.crl.extend(distribution_points(v));
                }
                x if x == oid::EXT_FRESHEST_CRL => out.delta_crl.extend(distribution_points(v)),
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(rel: &str) -> Cert {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/pki-fixtures")
            .join(rel);
        Cert::parse(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn sig_47_aia_cdp_and_freshest_crl_of_an_nuc_test_certificate() {
        let urls = fixture("certs/ceo_active_auth_2020_rsa.cer").revocation_urls();
        assert_eq!(urls.ocsp, ["http://test.pki.gov.kz/ocsp/"]);
        assert_eq!(
            urls.ca_issuers,
            ["http://test.pki.gov.kz/cert/nca_rsa_test.cer"]
        );
        assert_eq!(urls.crl, ["http://test.pki.gov.kz/crl/nca_rsa_test.crl"]);
        assert_eq!(
            urls.delta_crl,
            ["http://test.pki.gov.kz/crl/nca_d_rsa_test.crl"]
        );
    }

    #[test]
    fn sig_48_a_ca_certificate_without_ocsp_or_delta() {
        let urls = fixture("ca/nca_gost2015_test.cer").revocation_urls();
        assert!(urls.ocsp.is_empty() && urls.delta_crl.is_empty());
        assert_eq!(urls.crl, ["http://crl.root.gov.kz/gost_test_2022.crl"]);
        let root = fixture("ca/root_rsa_test.crt").revocation_urls();
        assert_eq!(root, RevocationUrls::default());
    }
}
