//! What each certificate of the test PKI looks like (SIG-15, SIG-21, SIG-60…SIG-62): the CA
//! and service table (the RSA and GOST hierarchies and the rogue one with the RSA names), the
//! revocation pointers, and the subject, key usage, purpose EKU, НУЦ policy and key-store file
//! name of each persona.

use super::issue::{Dn, Urls, ku};
use super::keys::KeyKind;
use super::persona::{Persona, Usage};
use crate::oid;
use const_oid::ObjectIdentifier as Oid;

/// A CA or service certificate of the hierarchy.
pub(crate) struct Authority {
    pub(crate) name: &'static str,
    pub(crate) cn: &'static str,
    pub(crate) issuer: &'static str,
    pub(crate) key: KeyKind,
    pub(crate) trusted: bool,
}

pub(crate) const AUTHORITIES: &[Authority] = &[
    Authority {
        name: "root-rsa",
        cn: "TAUAR TEST НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)",
        issuer: "root-rsa",
        key: KeyKind::Rsa2048,
        trusted: true,
    },
    Authority {
        name: "ca-rsa",
        cn: "TAUAR TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)",
        issuer: "root-rsa",
        key: KeyKind::Rsa2048,
        trusted: true,
    },
    Authority {
        name: "root-gost",
        cn: "TAUAR TEST НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)",
        issuer: "root-gost",
        key: KeyKind::Gost512,
        trusted: true,
    },
    Authority {
        name: "ca-gost",
        cn: "TAUAR TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)",
        issuer: "root-gost",
        key: KeyKind::Gost512,
        trusted: true,
    },
    // The rogue hierarchy: the same names as root-rsa / ca-rsa, other keys (SIG-60).
    Authority {
        name: "rogue-root",
        cn: "TAUAR TEST НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)",
        issuer: "rogue-root",
        key: KeyKind::Rsa2048,
        trusted: false,
    },
    Authority {
        name: "rogue-ca",
        cn: "TAUAR TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)",
        issuer: "rogue-root",
        key: KeyKind::Rsa2048,
        trusted: false,
    },
];

pub(crate) const SERVICES: &[Authority] = &[
    Authority {
        name: "ocsp-rsa",
        cn: "TAUAR TEST OCSP (RSA)",
        issuer: "ca-rsa",
        key: KeyKind::Rsa2048,
        trusted: false,
    },
    Authority {
        name: "tsa-rsa",
        cn: "TAUAR TEST TIME-STAMPING AUTHORITY",
        issuer: "ca-rsa",
        key: KeyKind::Rsa2048,
        trusted: false,
    },
];

/// Service certificates with a fault, for the verifier's negative tests. Their keys come after
/// every persona's in the seeded key order, so adding one changes no other key.
pub(crate) const FAULT_SERVICES: &[Authority] = &[
    // id-kp-timeStamping in a non-critical extendedKeyUsage (SIG-14: must be critical).
    Authority {
        name: super::tsp::FAULT_TSA,
        cn: "TAUAR TEST TIME-STAMPING AUTHORITY (NON-CRITICAL EKU)",
        issuer: "ca-rsa",
        key: KeyKind::Rsa2048,
        trusted: false,
    },
];

/// Policy of the OCSP and TSA certificates (the НУЦ end-entity arc).
pub(crate) const POLICY_SERVICE: &str = "1.2.398.3.3.2";

/// CRL DP, Freshest CRL and AIA of a certificate issued by `issuer`, under `base`.
pub(crate) fn urls(base: &str, issuer: &str) -> Urls {
    Urls {
        crl: format!("{base}/crl/{issuer}.crl"),
        delta_crl: format!("{base}/crl/{issuer}_d.crl"),
        ocsp: format!("{base}/ocsp/"),
        ca_issuers: format!("{base}/cert/{issuer}.cer"),
    }
}

/// The subject of a persona (SIG-15, SIG-62), with the `TAUAR TEST` CN prefix (SIG-61).
pub(crate) fn persona_dn(p: &Persona) -> Dn {
    let legal = p.org.is_some();
    Dn {
        cn: Some(format!("TAUAR TEST {}", p.person.name)),
        surname: (!p.person.surname.is_empty()).then(|| p.person.surname.to_string()),
        serial_number: p.person.iin.map(|i| format!("IIN{i}")),
        country: Some("KZ".into()),
        locality: legal.then(|| "АСТАНА".to_string()),
        state: legal.then(|| "АСТАНА".to_string()),
        org: p.org.map(|o| o.name.to_string()),
        given_name: p.person.patronymic.map(str::to_string),
        org_unit: p.org.map(|o| format!("BIN{}", o.bin)),
        email: p.person.email.map(str::to_string),
    }
}

/// keyUsage, purpose EKU and НУЦ policy of a persona (SIG-21).
pub(crate) fn persona_profile(p: &Persona) -> (Vec<u8>, Option<Oid>, Oid, Option<Option<u8>>) {
    let gost = p.key == KeyKind::Gost512;
    let (usage, purpose, policy) = match p.usage {
        Usage::Auth => (
            vec![ku::DIGITAL_SIGNATURE, ku::KEY_ENCIPHERMENT],
            Some(oid::EKU_CLIENT_AUTH),
            oid::POLICY_RSA_AUTH,
        ),
        Usage::Sign => (
            vec![ku::DIGITAL_SIGNATURE, ku::NON_REPUDIATION],
            Some(oid::EKU_EMAIL_PROTECTION),
            oid::POLICY_RSA_SIGN,
        ),
        Usage::Dual => (
            vec![
                ku::DIGITAL_SIGNATURE,
                ku::NON_REPUDIATION,
                ku::KEY_ENCIPHERMENT,
            ],
            Some(oid::EKU_EMAIL_PROTECTION),
            oid::POLICY_RSA_SIGN,
        ),
        Usage::CaAsSigner => (
            vec![ku::KEY_CERT_SIGN, ku::CRL_SIGN],
            None,
            oid::POLICY_RSA_SIGN,
        ),
        Usage::KeyEnciphermentOnly => (
            vec![ku::KEY_ENCIPHERMENT],
            Some(oid::EKU_CLIENT_AUTH),
            oid::POLICY_RSA_AUTH,
        ),
    };
    let policy = if gost { oid::POLICY_GOST2015 } else { policy };
    let ca = (p.usage == Usage::CaAsSigner).then_some(None);
    (usage, purpose, policy, ca)
}

pub(crate) fn key_usage_names(bits: &[u8]) -> Vec<String> {
    let names = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
    ];
    bits.iter()
        .filter_map(|b| names.get(*b as usize).map(|n| n.to_string()))
        .collect()
}

/// The key-store file name of НУЦ (SIG-59): AUTH_RSA256_, RSA256_ or GOST512_ + hex.
pub(crate) fn keystore_name(p: &Persona, serial: &[u8]) -> String {
    let prefix = match (p.key, p.usage) {
        (KeyKind::Gost512, _) => "GOST512_",
        (_, Usage::Auth | Usage::KeyEnciphermentOnly) => "AUTH_RSA256_",
        _ => "RSA256_",
    };
    format!("{prefix}{}.p12", hex_lower(serial))
}

fn hex_lower(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
