//! The personas of SIG-62: who each test key belongs to, what its certificate says, and the
//! outcome each of the four reference acts must have with it. The acceptance tests iterate over
//! this table through `manifest.json`, so it is written out by hand from the spec, never
//! computed from what the verifier does.
//!
//! Outcomes are for the persona acting on its own account (and, for organisation keys, for its
//! own organisation); the cross-account cases of the table (`ind2-sign` on P1's account,
//! `org2-head-sign` acting for org1) are [`ContextCase`]s.

use super::keys::KeyKind;
use crate::oid;
use const_oid::ObjectIdentifier as Oid;

/// A person of the table (names as НУЦ writes them: upper case; GIVENNAME is the patronymic).
#[derive(Debug, Clone, Copy)]
pub struct Person {
    /// CN without the `TAUAR TEST` prefix: «SURNAME NAME».
    pub name: &'static str,
    pub surname: &'static str,
    pub patronymic: Option<&'static str>,
    /// 12 digits; `None` for the machine key `not-personal`.
    pub iin: Option<&'static str>,
    pub email: Option<&'static str>,
}

/// An organisation (O and OU=BIN… of legal-entity certificates).
#[derive(Debug, Clone, Copy)]
pub struct Org {
    pub name: &'static str,
    pub bin: &'static str,
}

/// The key purpose a certificate is made for (keyUsage and the purpose EKU, SIG-21/22).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// digitalSignature + keyEncipherment, clientAuth (`AUTH_RSA256_…`).
    Auth,
    /// digitalSignature + nonRepudiation, emailProtection (`RSA256_…`).
    Sign,
    /// digitalSignature + nonRepudiation + keyEncipherment, emailProtection (GOST 2015 keys).
    Dual,
    /// keyCertSign + cRLSign with CA:TRUE (`ca-as-signer`).
    CaAsSigner,
    /// keyEncipherment only, clientAuth (`no-digsig`).
    KeyEnciphermentOnly,
}

/// The validity period relative to `--now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Valid,
    /// notAfter = now − 1 day.
    Expired,
    /// notBefore = now + 2 days.
    NotYet,
}

/// Revocation state written at init.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitStatus {
    Good,
    /// Revoked now − 1 h with keyCompromise (CRL and OCSP).
    Revoked,
    /// certificateHold now − 1 h; lifted by `tauar pki unhold`.
    Hold,
}

/// The expected result of the four reference acts: `"OK"` or a §7.1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcomes {
    pub login: &'static str,
    pub register_agreement: &'static str,
    pub participant_register: &'static str,
    pub document: &'static str,
}

impl Outcomes {
    const fn all(code: &'static str) -> Outcomes {
        Outcomes {
            login: code,
            register_agreement: code,
            participant_register: code,
            document: code,
        }
    }
}

const OK: Outcomes = Outcomes::all("OK");
/// An AUTH key: login only (SIG-23).
const AUTH_ONLY: Outcomes = Outcomes {
    login: "OK",
    register_agreement: "SIG_WRONG_KEY_USAGE",
    participant_register: "SIG_WRONG_KEY_USAGE",
    document: "SIG_WRONG_KEY_USAGE",
};
/// A legal-entity key without the right to sign (SIG-19, SIG-24).
const NO_SIGNING_RIGHT: Outcomes = Outcomes {
    participant_register: "SIG_ROLE_NOT_ALLOWED",
    ..OK
};

/// A case outside the persona's own account (SIG-62's cross-account rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextCase {
    pub act: &'static str,
    /// The ИИН of the account the act is done on.
    pub account_iin: Option<&'static str>,
    /// The БИН of the participant the act is done for.
    pub participant_bin: Option<&'static str>,
    pub expected: &'static str,
}

/// Which CA issues a persona.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerName {
    CaRsa,
    CaGost,
    RogueCa,
}

impl IssuerName {
    pub fn as_str(self) -> &'static str {
        match self {
            IssuerName::CaRsa => "ca-rsa",
            IssuerName::CaGost => "ca-gost",
            IssuerName::RogueCa => "rogue-ca",
        }
    }
}

/// One row of SIG-62.
#[derive(Debug, Clone, Copy)]
pub struct Persona {
    pub name: &'static str,
    pub person: Person,
    pub org: Option<Org>,
    pub key: KeyKind,
    pub usage: Usage,
    /// Role OIDs of the EKU (after the purpose OID).
    pub roles: &'static [Oid],
    pub issuer: IssuerName,
    pub period: Period,
    pub status: InitStatus,
    pub expected: Outcomes,
    /// `hold-sign` after `tauar pki unhold`.
    pub after_unhold: Option<Outcomes>,
    pub context: &'static [ContextCase],
    pub note: &'static str,
}

pub const P1: Person = Person {
    name: "ИСАЕВ АРМАН",
    surname: "ИСАЕВ",
    patronymic: Some("НУРЛАНОВИЧ"),
    iin: Some("850314301234"),
    email: Some("arman@example.kz"),
};
pub const P2: Person = Person {
    name: "САРСЕНОВА АЙГУЛЬ",
    surname: "САРСЕНОВА",
    patronymic: Some("БОЛАТОВНА"),
    iin: Some("920706456785"),
    email: None,
};
pub const P3: Person = Person {
    name: "ЖУМАБЕКОВ ЕРЛАН",
    surname: "ЖУМАБЕКОВ",
    patronymic: None,
    iin: Some("780101323455"),
    email: None,
};
pub const P4: Person = Person {
    name: "ОМАРОВ БАУЫРЖАН",
    surname: "ОМАРОВ",
    patronymic: Some("КАЙРАТОВИЧ"),
    iin: Some("700521311113"),
    email: Some("head@tau-test.kz"),
};
const KIM: Person = Person {
    name: "КИМ ВИКТОР",
    surname: "КИМ",
    patronymic: None,
    iin: Some("880815307773"),
    email: None,
};
const AKHMETOVA: Person = Person {
    name: "АХМЕТОВА ДИНАРА",
    surname: "АХМЕТОВА",
    patronymic: None,
    iin: Some("951230422226"),
    email: None,
};
/// Not named by the spec ("other persons of org1"); ИИН with correct check digits.
const BEKOVA: Person = Person {
    name: "БЕКОВА САУЛЕ",
    surname: "БЕКОВА",
    patronymic: Some("ЕРЛАНОВНА"),
    iin: Some("900315400126"),
    email: None,
};
const TLEUOV: Person = Person {
    name: "ТЛЕУОВ НУРЛАН",
    surname: "ТЛЕУОВ",
    patronymic: None,
    iin: Some("870912301234"),
    email: None,
};
/// The head of org2 (only the ИИН is given by the spec).
const SEITOV: Person = Person {
    name: "СЕЙТОВ ДАУРЕН",
    surname: "СЕЙТОВ",
    patronymic: Some("МАРАТОВИЧ"),
    iin: Some("811111355558"),
    email: None,
};
/// The НУЦ test person, with its wrong check digit (SIG-16.3).
const TESTOV: Person = Person {
    name: "ТЕСТОВ ТЕСТ",
    surname: "ТЕСТОВ",
    patronymic: Some("ТЕСТОВИЧ"),
    iin: Some("123456789011"),
    email: None,
};
const MACHINE: Person = Person {
    name: "ИНФОРМАЦИОННАЯ СИСТЕМА ТЕСТ",
    surname: "",
    patronymic: None,
    iin: None,
    email: None,
};

pub const ORG1: Org = Org {
    name: "ТОО «ТАУ ТЕСТ»",
    bin: "040340001233",
};
pub const ORG2: Org = Org {
    name: "АО «ЕКІНШІ ТЕСТ»",
    bin: "101240004568",
};

const IND: &[Oid] = &[oid::ROLE_INDIVIDUAL];
const HEAD: &[Oid] = &[oid::ROLE_LEGAL_ENTITY, oid::ROLE_FIRST_HEAD];
const SIGNER: &[Oid] = &[oid::ROLE_LEGAL_ENTITY, oid::ROLE_SIGNING_RIGHT];
const EMPLOYEE: &[Oid] = &[oid::ROLE_LEGAL_ENTITY, oid::ROLE_EMPLOYEE];
const HR: &[Oid] = &[oid::ROLE_LEGAL_ENTITY, oid::ROLE_HR];
const FINANCE: &[Oid] = &[oid::ROLE_LEGAL_ENTITY, oid::ROLE_FINANCE_SIGNER];
const LEGAL: &[Oid] = &[oid::ROLE_LEGAL_ENTITY];

const fn p(
    name: &'static str,
    person: Person,
    org: Option<Org>,
    usage: Usage,
    roles: &'static [Oid],
    expected: Outcomes,
    note: &'static str,
) -> Persona {
    Persona {
        name,
        person,
        org,
        key: KeyKind::Rsa2048,
        usage,
        roles,
        issuer: IssuerName::CaRsa,
        period: Period::Valid,
        status: InitStatus::Good,
        expected,
        after_unhold: None,
        context: &[],
        note,
    }
}

/// Every persona of SIG-62, in the spec's order (the signer picks the first match in this
/// order, SIG-67).
pub const PERSONAS: &[Persona] = &[
    p(
        "ind-auth",
        P1,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "P1, authentication key",
    ),
    p(
        "ind-sign",
        P1,
        None,
        Usage::Sign,
        IND,
        OK,
        "P1, signing key; also an ИП participant",
    ),
    p(
        "ind-dual",
        P2,
        None,
        Usage::Dual,
        IND,
        OK,
        "P2, one key for both (models GOST 2015 keys)",
    ),
    Persona {
        context: &[ContextCase {
            act: "register.agreement",
            account_iin: Some("850314301234"),
            participant_bin: None,
            expected: "SIG_IIN_MISMATCH",
        }],
        ..p(
            "ind2-sign",
            P3,
            None,
            Usage::Sign,
            IND,
            OK,
            "another person; the ИП of the register tests",
        )
    },
    p(
        "org1-head-auth",
        P4,
        Some(ORG1),
        Usage::Auth,
        HEAD,
        AUTH_ONLY,
        "first head of org1, authentication key",
    ),
    p(
        "org1-head-sign",
        P4,
        Some(ORG1),
        Usage::Sign,
        HEAD,
        OK,
        "first head of org1",
    ),
    p(
        "org1-signer-sign",
        KIM,
        Some(ORG1),
        Usage::Sign,
        SIGNER,
        OK,
        "right to sign for org1",
    ),
    p(
        "org1-employee-auth",
        AKHMETOVA,
        Some(ORG1),
        Usage::Auth,
        EMPLOYEE,
        AUTH_ONLY,
        "employee of org1, no e-mail",
    ),
    p(
        "org1-employee-sign",
        AKHMETOVA,
        Some(ORG1),
        Usage::Sign,
        EMPLOYEE,
        NO_SIGNING_RIGHT,
        "employee of org1, no e-mail (ЕНС login → SIG_EMAIL_MISMATCH)",
    ),
    p(
        "org1-hr-sign",
        BEKOVA,
        Some(ORG1),
        Usage::Sign,
        HR,
        NO_SIGNING_RIGHT,
        "HR of org1, treated as EMPLOYEE",
    ),
    p(
        "org1-finance-sign",
        TLEUOV,
        Some(ORG1),
        Usage::Sign,
        FINANCE,
        NO_SIGNING_RIGHT,
        "finance signer of org1, treated as EMPLOYEE",
    ),
    Persona {
        context: &[ContextCase {
            act: "document",
            account_iin: Some("811111355558"),
            participant_bin: Some("040340001233"),
            expected: "SIG_BIN_MISMATCH",
        }],
        ..p(
            "org2-head-sign",
            SEITOV,
            Some(ORG2),
            Usage::Sign,
            HEAD,
            OK,
            "first head of org2",
        )
    },
    Persona {
        period: Period::Expired,
        ..p(
            "expired-sign",
            P1,
            None,
            Usage::Sign,
            IND,
            Outcomes::all("SIG_CERT_EXPIRED"),
            "notAfter = now − 1 day",
        )
    },
    Persona {
        period: Period::NotYet,
        ..p(
            "notyet-sign",
            P1,
            None,
            Usage::Sign,
            IND,
            Outcomes::all("SIG_CERT_NOT_YET_VALID"),
            "notBefore = now + 2 days",
        )
    },
    Persona {
        status: InitStatus::Revoked,
        ..p(
            "revoked-sign",
            P1,
            None,
            Usage::Sign,
            IND,
            Outcomes::all("SIG_CERT_REVOKED"),
            "revoked now − 1 h, keyCompromise",
        )
    },
    Persona {
        status: InitStatus::Hold,
        after_unhold: Some(OK),
        ..p(
            "hold-sign",
            P1,
            None,
            Usage::Sign,
            IND,
            Outcomes::all("SIG_CERT_REVOKED"),
            "certificateHold now − 1 h; OK after `tauar pki unhold`",
        )
    },
    p(
        "superseded-sign",
        P1,
        None,
        Usage::Sign,
        IND,
        OK,
        "valid at init; tests revoke it at run time (AS-16)",
    ),
    p(
        "ca-as-signer",
        P1,
        None,
        Usage::CaAsSigner,
        &[],
        Outcomes::all("SIG_WRONG_KEY_USAGE"),
        "CA:TRUE, keyCertSign",
    ),
    p(
        "no-digsig",
        P1,
        None,
        Usage::KeyEnciphermentOnly,
        &[],
        Outcomes::all("SIG_WRONG_KEY_USAGE"),
        "keyEncipherment only",
    ),
    Persona {
        issuer: IssuerName::RogueCa,
        ..p(
            "rogue-sign",
            P1,
            None,
            Usage::Sign,
            IND,
            Outcomes::all("SIG_UNTRUSTED_ISSUER"),
            "issued by rogue-ca, whose name equals ca-rsa's",
        )
    },
    p(
        "not-personal",
        MACHINE,
        Some(ORG1),
        Usage::Sign,
        LEGAL,
        Outcomes::all("SIG_NOT_PERSONAL_CERT"),
        "information system: no SERIALNUMBER",
    ),
    p(
        "bad-iin-check",
        TESTOV,
        None,
        Usage::Sign,
        IND,
        OK,
        "IIN123456789011: wrong check digit (warning only), no birth date",
    ),
    Persona {
        key: KeyKind::Rsa1024,
        ..p(
            "rsa1024-sign",
            P1,
            None,
            Usage::Sign,
            IND,
            Outcomes::all("SIG_ALGORITHM_UNSUPPORTED"),
            "RSA-1024 key",
        )
    },
    Persona {
        key: KeyKind::Gost512,
        issuer: IssuerName::CaGost,
        ..p(
            "gost-ind-dual",
            P2,
            None,
            Usage::Dual,
            IND,
            OK,
            "P2, GOST 2015-512 (SIG-43)",
        )
    },
    Persona {
        key: KeyKind::Gost512,
        issuer: IssuerName::CaGost,
        ..p(
            "gost-head-dual",
            P4,
            Some(ORG1),
            Usage::Dual,
            HEAD,
            OK,
            "P4 for org1, GOST 2015-512 (SIG-43)",
        )
    },
];

/// The persona called `name`.
pub fn find(name: &str) -> Option<&'static Persona> {
    PERSONAS.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_62_every_iin_and_bin_has_its_check_digit_except_bad_iin_check() {
        for p in PERSONAS {
            if let Some(iin) = p.person.iin {
                let ok = kernel::values::Iin::parse(iin).is_ok();
                assert_eq!(ok, p.name != "bad-iin-check", "{}", p.name);
            }
            if let Some(org) = p.org {
                kernel::values::Bin::parse(org.bin).unwrap();
            }
        }
        let mut names: Vec<_> = PERSONAS.iter().map(|p| p.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PERSONAS.len());
        assert_eq!(PERSONAS.len(), 25);
    }
}
