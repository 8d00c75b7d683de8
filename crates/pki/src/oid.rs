//! Object identifiers of the НУЦ РК profile (SIG-15, SIG-17, SIG-21, SIG-41) and of the
//! standards the crate reads (RFC 5280, RFC 5652, RFC 5035, RFC 7292).

use const_oid::ObjectIdentifier as Oid;

const fn oid(s: &str) -> Oid {
    Oid::new_unwrap(s)
}

// --- Algorithms (SIG-41) ---------------------------------------------------------------------
pub const RSA_ENCRYPTION: Oid = oid("1.2.840.113549.1.1.1");
pub const SHA1_WITH_RSA: Oid = oid("1.2.840.113549.1.1.5");
pub const SHA256_WITH_RSA: Oid = oid("1.2.840.113549.1.1.11");
pub const SHA1: Oid = oid("1.3.14.3.2.26");
pub const SHA256: Oid = oid("2.16.840.1.101.3.4.2.1");
pub const SHA384: Oid = oid("2.16.840.1.101.3.4.2.2");
pub const SHA512: Oid = oid("2.16.840.1.101.3.4.2.3");

/// GOST 34.310-2004 key (SPKI algorithm); also seen as a SignerInfo signature algorithm.
pub const GOST2004_KEY: Oid = oid("1.2.398.3.10.1.1.1.1");
/// GOST 34.310-2004 signature with GOST 34.311-95.
pub const GOST2004_SIGN: Oid = oid("1.2.398.3.10.1.1.1.2");
/// Curve of GOST 34.310-2004 keys = GostR3410-2001-CryptoPro-A.
pub const GOST2004_CURVE: Oid = oid("1.2.398.3.10.1.1.1.1.1");
/// GOST 34.10-2015 256-bit key (G-6: unconfirmed).
pub const GOST2015_256_KEY: Oid = oid("1.2.398.3.10.1.1.2.1");
/// Curve of 256-bit GOST 2015 keys (G-6: the parameters are assumed to be CryptoPro-A).
pub const GOST2015_256_CURVE: Oid = oid("1.2.398.3.10.1.1.2.1.1");
/// GOST 34.10-2015 512-bit key.
pub const GOST2015_512_KEY: Oid = oid("1.2.398.3.10.1.1.2.2");
/// Curve of 512-bit GOST 2015 keys = id-tc26-gost-3410-12-512-paramSetA.
pub const GOST2015_512_CURVE: Oid = oid("1.2.398.3.10.1.1.2.2.1");
/// GOST 34.10-2015 256-bit signature with Streebog-256.
pub const GOST2015_256_SIGN: Oid = oid("1.2.398.3.10.1.1.2.3.1");
/// GOST 34.10-2015 512-bit signature with Streebog-512.
pub const GOST2015_512_SIGN: Oid = oid("1.2.398.3.10.1.1.2.3.2");
/// GOST 34.311-95 digest (GOST R 34.11-94 with the test S-boxes).
pub const GOST34311: Oid = oid("1.2.398.3.10.1.3.1");
/// GOST 34.11-2015 256-bit digest (Streebog-256; G-6: OID unconfirmed).
pub const STREEBOG256: Oid = oid("1.2.398.3.10.1.3.2");
/// GOST 34.11-2015 512-bit digest (Streebog-512).
pub const STREEBOG512: Oid = oid("1.2.398.3.10.1.3.3");
/// The Russian OIDs of the same curves (RFC 4357, RFC 7836), accepted as aliases.
pub const CRYPTOPRO_A_RU: Oid = oid("1.2.643.2.2.35.1");
pub const TC26_512_A_RU: Oid = oid("1.2.643.7.1.2.1.2.1");

// --- DN attributes (SIG-15) ------------------------------------------------------------------
pub const AT_CN: Oid = oid("2.5.4.3");
pub const AT_SURNAME: Oid = oid("2.5.4.4");
pub const AT_SERIAL_NUMBER: Oid = oid("2.5.4.5");
pub const AT_COUNTRY: Oid = oid("2.5.4.6");
pub const AT_LOCALITY: Oid = oid("2.5.4.7");
pub const AT_STATE: Oid = oid("2.5.4.8");
pub const AT_ORG: Oid = oid("2.5.4.10");
pub const AT_ORG_UNIT: Oid = oid("2.5.4.11");
pub const AT_GIVEN_NAME: Oid = oid("2.5.4.42");
pub const AT_EMAIL: Oid = oid("1.2.840.113549.1.9.1");

// --- EKU role OIDs (SIG-17, SIG-19) ----------------------------------------------------------
pub const ROLE_INDIVIDUAL: Oid = oid("1.2.398.3.3.4.1.1");
pub const ROLE_LEGAL_ENTITY: Oid = oid("1.2.398.3.3.4.1.2");
pub const ROLE_FIRST_HEAD: Oid = oid("1.2.398.3.3.4.1.2.1");
pub const ROLE_SIGNING_RIGHT: Oid = oid("1.2.398.3.3.4.1.2.2");
pub const ROLE_FINANCE_SIGNER: Oid = oid("1.2.398.3.3.4.1.2.3");
pub const ROLE_HR: Oid = oid("1.2.398.3.3.4.1.2.4");
pub const ROLE_EMPLOYEE: Oid = oid("1.2.398.3.3.4.1.2.5");
/// Information system (SDK 2.0 test set, SIG-19): a machine key.
pub const ROLE_INFORMATION_SYSTEM: Oid = oid("1.2.398.3.3.4.1.2.6");
/// Treasury client (SDK 2.0 test set, SIG-19): treated as EMPLOYEE.
pub const ROLE_TREASURY_CLIENT: Oid = oid("1.2.398.5.19.1.2.2.1");
/// Arc of the НУЦ staff roles (administrator, manager, operator): not accepted (SIG-17).
pub const ROLE_NUC_STAFF_ARC: Oid = oid("1.2.398.3.3.4.2");
pub const EKU_CLIENT_AUTH: Oid = oid("1.3.6.1.5.5.7.3.2");
pub const EKU_EMAIL_PROTECTION: Oid = oid("1.3.6.1.5.5.7.3.4");
pub const EKU_TIME_STAMPING: Oid = oid("1.3.6.1.5.5.7.3.8");
pub const EKU_OCSP_SIGNING: Oid = oid("1.3.6.1.5.5.7.3.9");
pub const EKU_SERVER_AUTH: Oid = oid("1.3.6.1.5.5.7.3.1");

// --- Certificate policies (SIG-21, SIG-60, SIG-61) -------------------------------------------
/// Policy of the КУЦ (root) certificates.
pub const POLICY_ROOT: Oid = oid("1.2.398.3.1.2");
/// Policy of the НУЦ issuing CA certificates (SIG-60).
pub const POLICY_NCA: Oid = oid("1.2.398.3.3.1.1");
/// GOST 2015 end-entity certificates (SIG-21).
pub const POLICY_GOST2015: Oid = oid("1.2.398.3.3.2");
/// RSA signing certificates (`RSA256_…`, SIG-21).
pub const POLICY_RSA_SIGN: Oid = oid("1.2.398.3.3.2.3");
/// RSA authentication certificates (`AUTH_RSA256_…`, SIG-21).
pub const POLICY_RSA_AUTH: Oid = oid("1.2.398.3.3.2.4");
/// The marker policy of Tauar's test PKI (SIG-61): `2.25.<UUID as a decimal integer>`
/// (X.667 UUID arc), UUID 9a2d2b10-41ed-4d5f-93b4-35a9e73b58b7, chosen once. A production
/// build refuses trust stores with certificates that carry it (SIG-57). Its last arc does not
/// fit 32 bits, so it is a string here, never a `const_oid::ObjectIdentifier`.
pub const TEST_PKI_MARKER: &str = "2.25.204935638141178075363466946216329959607";
/// id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1).
pub const EXT_OCSP_NOCHECK: Oid = oid("1.3.6.1.5.5.7.48.1.5");

// --- Certificate and CRL extensions (RFC 5280) ----------------------------------------------
pub const EXT_SUBJECT_KEY_ID: Oid = oid("2.5.29.14");
pub const EXT_KEY_USAGE: Oid = oid("2.5.29.15");
pub const EXT_SUBJECT_ALT_NAME: Oid = oid("2.5.29.17");
pub const EXT_BASIC_CONSTRAINTS: Oid = oid("2.5.29.19");
pub const EXT_CRL_NUMBER: Oid = oid("2.5.29.20");
pub const EXT_CRL_REASON: Oid = oid("2.5.29.21");
pub const EXT_INVALIDITY_DATE: Oid = oid("2.5.29.24");
pub const EXT_DELTA_CRL_INDICATOR: Oid = oid("2.5.29.27");
pub const EXT_ISSUING_DISTRIBUTION_POINT: Oid = oid("2.5.29.28");
pub const EXT_CERTIFICATE_POLICIES: Oid = oid("2.5.29.32");
pub const EXT_CRL_DISTRIBUTION_POINTS: Oid = oid("2.5.29.31");
pub const EXT_AUTHORITY_KEY_ID: Oid = oid("2.5.29.35");
pub const EXT_EXT_KEY_USAGE: Oid = oid("2.5.29.37");
pub const EXT_FRESHEST_CRL: Oid = oid("2.5.29.46");
pub const EXT_AUTHORITY_INFO_ACCESS: Oid = oid("1.3.6.1.5.5.7.1.1");
pub const AD_OCSP: Oid = oid("1.3.6.1.5.5.7.48.1");
pub const AD_CA_ISSUERS: Oid = oid("1.3.6.1.5.5.7.48.2");
/// id-pkix-ocsp-basic and id-pkix-ocsp-nonce (RFC 6960).
pub const OCSP_BASIC: Oid = oid("1.3.6.1.5.5.7.48.1.1");
pub const OCSP_NONCE: Oid = oid("1.3.6.1.5.5.7.48.1.2");

// --- CMS (RFC 5652, RFC 5035) ----------------------------------------------------------------
pub const CT_DATA: Oid = oid("1.2.840.113549.1.7.1");
pub const CT_SIGNED_DATA: Oid = oid("1.2.840.113549.1.7.2");
pub const CT_ENCRYPTED_DATA: Oid = oid("1.2.840.113549.1.7.6");
pub const ATTR_CONTENT_TYPE: Oid = oid("1.2.840.113549.1.9.3");
pub const ATTR_MESSAGE_DIGEST: Oid = oid("1.2.840.113549.1.9.4");
pub const ATTR_SIGNING_TIME: Oid = oid("1.2.840.113549.1.9.5");
pub const ATTR_SIGNING_CERTIFICATE: Oid = oid("1.2.840.113549.1.9.16.2.12");
pub const ATTR_SIGNING_CERTIFICATE_V2: Oid = oid("1.2.840.113549.1.9.16.2.47");
pub const ATTR_SIGNATURE_TIME_STAMP: Oid = oid("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo (RFC 3161).
pub const CT_TST_INFO: Oid = oid("1.2.840.113549.1.9.16.1.4");

// --- PKCS#12 / PKCS#5 (RFC 7292, RFC 8018) --------------------------------------------------
pub const PBE_SHA1_3DES: Oid = oid("1.2.840.113549.1.12.1.3");
pub const PBE_SHA1_2DES: Oid = oid("1.2.840.113549.1.12.1.4");
pub const PBE_SHA1_RC2_128: Oid = oid("1.2.840.113549.1.12.1.5");
pub const PBE_SHA1_RC2_40: Oid = oid("1.2.840.113549.1.12.1.6");
pub const PBES2: Oid = oid("1.2.840.113549.1.5.13");
pub const BAG_KEY: Oid = oid("1.2.840.113549.1.12.10.1.1");
pub const BAG_SHROUDED_KEY: Oid = oid("1.2.840.113549.1.12.10.1.2");
pub const BAG_CERT: Oid = oid("1.2.840.113549.1.12.10.1.3");
pub const CERT_TYPE_X509: Oid = oid("1.2.840.113549.1.9.22.1");
pub const ATTR_FRIENDLY_NAME: Oid = oid("1.2.840.113549.1.9.20");
pub const ATTR_LOCAL_KEY_ID: Oid = oid("1.2.840.113549.1.9.21");

/// A readable name for an algorithm OID, for `SIG_ALGORITHM_UNSUPPORTED {alg}`.
pub fn algorithm_name(o: &Oid) -> String {
    let known = [
        (RSA_ENCRYPTION, "RSA"),
        (SHA1_WITH_RSA, "RSA/SHA-1"),
        (SHA256_WITH_RSA, "RSA/SHA-256"),
        (SHA1, "SHA-1"),
        (SHA256, "SHA-256"),
        (SHA384, "SHA-384"),
        (SHA512, "SHA-512"),
        (GOST2004_KEY, "GOST 34.310-2004"),
        (GOST2004_SIGN, "GOST 34.310-2004"),
        (GOST2015_256_KEY, "GOST 34.10-2015 256"),
        (GOST2015_256_SIGN, "GOST 34.10-2015 256"),
        (GOST2015_512_KEY, "GOST 34.10-2015 512"),
        (GOST2015_512_SIGN, "GOST 34.10-2015 512"),
        (GOST34311, "GOST 34.311-95"),
        (STREEBOG256, "GOST 34.11-2015 256"),
        (STREEBOG512, "GOST 34.11-2015 512"),
    ];
    known
        .iter()
        .find(|(k, _)| k == o)
        .map_or_else(|| o.to_string(), |(_, n)| (*n).to_string())
}
