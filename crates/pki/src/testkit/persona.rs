//! The personas of SIG-62: who each test key belongs to, what its certificate says, and the
//! outcome each of the four reference acts must have with it. The acceptance tests iterate over
//! this table through `manifest.json`, so it is written out by hand from the spec, never
//! computed from what the verifier does.
//!
//! [`ACCOUNT_PERSONAS`] holds the test certificates of spec/accounts.md §9.0 (F-CERT, named
//! like the spec: `C-AHM-A`, …), one authentication key for each staff account of F-BASE, and
//! `C-SER-A2`, the later certificate of U-SER that AS-45 names (P-TS renamed); they follow the
//! SIG-62 personas in the manifest.
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

// The account fixtures of spec/accounts.md §9.0: F-CERT (names, ИИН, БИН, e-mail as the table
// gives them) and the F-BASE staff, whose names and e-mails are not in the spec.

const AHMETOV: Person = Person {
    name: "АХМЕТОВ ЕРЛАН",
    surname: "АХМЕТОВ",
    patronymic: Some("СЕРИКОВИЧ"),
    iin: Some("900101300126"),
    email: Some("ahmetov@example.kz"),
};
/// АХМЕТОВ after the change of his patronymic (C-AHM-A3, AS-15).
const AHMETOV_RENAMED: Person = Person {
    patronymic: Some("СЕРИКҰЛЫ"),
    ..AHMETOV
};
const SERIKOVA: Person = Person {
    name: "СЕРИКОВА АЙГЕРИМ",
    surname: "СЕРИКОВА",
    patronymic: Some("МАРАТОВНА"),
    iin: Some("850505400905"),
    email: Some("serikova@tauar-servis.kz"),
};
const NURLANOV: Person = Person {
    name: "НУРЛАНОВ ДАНИЯР",
    surname: "НУРЛАНОВ",
    patronymic: Some("АСХАТОВИЧ"),
    iin: Some("010203500018"),
    email: Some("nurlanov@tauar-servis.kz"),
};
/// Not the КИМ ВИКТОР of org1 (another ИИН).
const KIM_PAVLOVICH: Person = Person {
    name: "КИМ ВИКТОР",
    surname: "КИМ",
    patronymic: Some("ПАВЛОВИЧ"),
    iin: Some("770707300459"),
    email: Some("kim@tauar-servis.kz"),
};
const OMAROVA: Person = Person {
    name: "ОМАРОВА САУЛЕ",
    surname: "ОМАРОВА",
    patronymic: Some("БЕКЕНОВНА"),
    iin: Some("871202400552"),
    email: Some("omarova@example.kz"),
};
/// No e-mail in the certificate (AS-2).
const ZHANAEV: Person = Person {
    name: "ЖАНАЕВ БАУЫРЖАН",
    surname: "ЖАНАЕВ",
    patronymic: Some("ЕРИКОВИЧ"),
    iin: Some("951111300231"),
    email: None,
};
const DOSOVA: Person = Person {
    name: "ДОСОВА МАДИНА",
    surname: "ДОСОВА",
    patronymic: Some("ЕРЛАНОВНА"),
    iin: Some("880718401238"),
    email: Some("dosova@dzo-test.kz"),
};
const DOSOVA_PRIVATE: Person = Person {
    email: Some("dosova@example.kz"),
    ..DOSOVA
};
const DOSOVA_OTHER_MAIL: Person = Person {
    email: Some("dosova.m@dzo-test.kz"),
    ..DOSOVA
};
/// No patronymic.
const SHMIDT: Person = Person {
    name: "ШМИДТ АННА",
    surname: "ШМИДТ",
    patronymic: None,
    iin: Some("911212400775"),
    email: Some("anna@globalmed.kz"),
};
/// U-PADM; name and e-mail not from the spec.
const TEMIRKHANOV: Person = Person {
    name: "ТЕМИРХАНОВ АЙДОС",
    surname: "ТЕМИРХАНОВ",
    patronymic: Some("ЕРБОЛОВИЧ"),
    iin: Some("800101300115"),
    email: Some("temirkhanov@example.kz"),
};
/// U-ENSADM; name and e-mail not from the spec.
const ZHAKSYLYKOV: Person = Person {
    name: "ЖАКСЫЛЫКОВ НУРЖАН",
    surname: "ЖАКСЫЛЫКОВ",
    patronymic: Some("САБИТОВИЧ"),
    iin: Some("660302300127"),
    email: Some("zhaksylykov@example.kz"),
};
/// U-AUTH; name and e-mail not from the spec.
const KASYMOV: Person = Person {
    name: "КАСЫМОВ ТИМУР",
    surname: "КАСЫМОВ",
    patronymic: Some("АСКАРОВИЧ"),
    iin: Some("750815300333"),
    email: Some("kasymov@example.kz"),
};
/// U-SEC; name and e-mail not from the spec.
const BAIMUKHANOVA: Person = Person {
    name: "БАЙМУХАНОВА ГУЛЬНАРА",
    surname: "БАЙМУХАНОВА",
    patronymic: Some("ТАЛГАТОВНА"),
    iin: Some("820920400445"),
    email: Some("baimukhanova@example.kz"),
};

/// P-TS of F-BASE.
pub const TAUAR_SERVIS: Org = Org {
    name: "ТОО «Тауар Сервис»",
    bin: "040540000123",
};
/// P-TS under its later name (AS-45: a new certificate of U-SER carries it).
pub const TAUAR_SERVIS_PLUS: Org = Org {
    name: "ТОО «Тауар Сервис Плюс»",
    bin: "040540000123",
};
/// P-DZO of F-BASE.
pub const DZO_TEST: Org = Org {
    name: "АО «ДЗО-Тест»",
    bin: "110340000568",
};
/// P-GM of F-BASE.
pub const GLOBAL_MEDICAL: Org = Org {
    name: "Филиал Global Medical GmbH",
    bin: "101251000347",
};

/// A key that may log in but fails the certificate check `code` first (SIG-23 and the
/// pipeline order of §4: the key purpose, §4.5, is checked before validity, §4.7, and
/// revocation, §4.8, so a document act with an AUTH key is refused for its purpose).
const fn auth_failing_login(code: &'static str) -> Outcomes {
    Outcomes {
        login: code,
        ..AUTH_ONLY
    }
}

/// The test certificates of spec/accounts.md §9.0 (F-CERT, then one AUTH key for each staff
/// account of F-BASE, then `C-SER-A2` of AS-45), issued after [`PERSONAS`] so that the signer's
/// first-match order of SIG-67 is unchanged. Persona names are the spec's certificate ids;
/// ИИН, БИН, ФИО and e-mail are the table's (the staff names and e-mails are invented, see each
/// note).
pub const ACCOUNT_PERSONAS: &[Persona] = &[
    p(
        "C-AHM-A",
        AHMETOV,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-CERT: Ахметов (U-AHM), authentication key",
    ),
    p(
        "C-AHM-S",
        AHMETOV,
        None,
        Usage::Sign,
        IND,
        OK,
        "F-CERT: Ахметов (U-AHM), signing key",
    ),
    p(
        "C-AHM-A2",
        AHMETOV,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-CERT: Ахметов, renewed authentication key (other serial, AS-15)",
    ),
    p(
        "C-AHM-A3",
        AHMETOV_RENAMED,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-CERT: Ахметов after the change of patronymic to СЕРИКҰЛЫ (AS-15)",
    ),
    Persona {
        period: Period::Expired,
        ..p(
            "C-AHM-EXP",
            AHMETOV,
            None,
            Usage::Auth,
            IND,
            auth_failing_login("SIG_CERT_EXPIRED"),
            "F-CERT: Ахметов, expired authentication key, notAfter = now − 1 day (AS-18)",
        )
    },
    Persona {
        status: InitStatus::Revoked,
        ..p(
            "C-AHM-REV",
            AHMETOV,
            None,
            Usage::Auth,
            IND,
            auth_failing_login("SIG_CERT_REVOKED"),
            "F-CERT: Ахметов, authentication key revoked now − 1 h, keyCompromise (AS-18)",
        )
    },
    p(
        "C-SER-A",
        SERIKOVA,
        Some(TAUAR_SERVIS),
        Usage::Auth,
        HEAD,
        AUTH_ONLY,
        "F-CERT: Серикова (U-SER), first head of ТОО «Тауар Сервис», authentication key",
    ),
    p(
        "C-SER-S",
        SERIKOVA,
        Some(TAUAR_SERVIS),
        Usage::Sign,
        HEAD,
        OK,
        "F-CERT: Серикова (U-SER), first head of ТОО «Тауар Сервис», signing key",
    ),
    p(
        "C-NUR-A",
        NURLANOV,
        Some(TAUAR_SERVIS),
        Usage::Auth,
        EMPLOYEE,
        AUTH_ONLY,
        "F-CERT: Нурланов (U-NUR), employee of ТОО «Тауар Сервис» without the right to sign, \
         authentication key",
    ),
    p(
        "C-NUR-S",
        NURLANOV,
        Some(TAUAR_SERVIS),
        Usage::Sign,
        EMPLOYEE,
        NO_SIGNING_RIGHT,
        "F-CERT: Нурланов (U-NUR), employee of ТОО «Тауар Сервис» without the right to sign, \
         signing key",
    ),
    p(
        "C-KIM-A",
        KIM_PAVLOVICH,
        Some(TAUAR_SERVIS),
        Usage::Auth,
        SIGNER,
        AUTH_ONLY,
        "F-CERT: Ким (U-KIM), right to sign for ТОО «Тауар Сервис», authentication key",
    ),
    p(
        "C-OMA-A",
        OMAROVA,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-CERT: Омарова (U-OMA), authentication key",
    ),
    p(
        "C-OMA-S",
        OMAROVA,
        None,
        Usage::Sign,
        IND,
        OK,
        "F-CERT: Омарова (U-OMA), signing key",
    ),
    p(
        "C-ZHA-A",
        ZHANAEV,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-CERT: Жанаев (no account in F-BASE), authentication key, no e-mail",
    ),
    p(
        "C-ZHA-S",
        ZHANAEV,
        None,
        Usage::Sign,
        IND,
        OK,
        "F-CERT: Жанаев (no account in F-BASE), signing key, no e-mail",
    ),
    p(
        "C-DOS-A",
        DOSOVA,
        Some(DZO_TEST),
        Usage::Auth,
        SIGNER,
        AUTH_ONLY,
        "F-CERT: Досова (U-DOS), right to sign for АО «ДЗО-Тест», authentication key",
    ),
    p(
        "C-DOS-S",
        DOSOVA,
        Some(DZO_TEST),
        Usage::Sign,
        SIGNER,
        OK,
        "F-CERT: Досова (U-DOS), right to sign for АО «ДЗО-Тест», signing key",
    ),
    p(
        "C-DOS-IND",
        DOSOVA_PRIVATE,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-CERT: Досова as an individual, e-mail dosova@example.kz (AS-69)",
    ),
    p(
        "C-DOS-OTHERMAIL",
        DOSOVA_OTHER_MAIL,
        Some(DZO_TEST),
        Usage::Auth,
        SIGNER,
        AUTH_ONLY,
        "F-CERT: Досова for АО «ДЗО-Тест» with another e-mail, dosova.m@dzo-test.kz (AS-69)",
    ),
    p(
        "C-GM-A",
        SHMIDT,
        Some(GLOBAL_MEDICAL),
        Usage::Auth,
        SIGNER,
        AUTH_ONLY,
        "F-CERT: Шмидт (U-GM), right to sign for Филиал Global Medical GmbH, \
         authentication key",
    ),
    p(
        "C-PADM-A",
        TEMIRKHANOV,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-BASE staff U-PADM (PLATFORM_ADMIN), authentication key; name and e-mail not from \
         the spec",
    ),
    p(
        "C-ENSADM-A",
        ZHAKSYLYKOV,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-BASE staff U-ENSADM (ENS_ADMIN), authentication key; name and e-mail not from the \
         spec",
    ),
    p(
        "C-AUTH-A",
        KASYMOV,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-BASE staff U-AUTH (AUTH_BODY), authentication key; name and e-mail not from the \
         spec",
    ),
    p(
        "C-SEC-A",
        BAIMUKHANOVA,
        None,
        Usage::Auth,
        IND,
        AUTH_ONLY,
        "F-BASE staff U-SEC (SECRETARY), authentication key; name and e-mail not from the spec",
    ),
    // Last, so that no key or serial of the rows above changes.
    p(
        "C-SER-A2",
        SERIKOVA,
        Some(TAUAR_SERVIS_PLUS),
        Usage::Auth,
        HEAD,
        AUTH_ONLY,
        "F-CERT style, not in the §9.0 table: Серикова (U-SER), a later authentication key of \
         БИН 040540000123 with the new name ТОО «Тауар Сервис Плюс» (AS-45)",
    ),
];

/// Every persona in manifest order: [`PERSONAS`], then [`ACCOUNT_PERSONAS`].
pub fn all() -> impl Iterator<Item = &'static Persona> {
    PERSONAS.iter().chain(ACCOUNT_PERSONAS)
}

/// The persona called `name` (either table).
pub fn find(name: &str) -> Option<&'static Persona> {
    all().find(|p| p.name == name)
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

    /// (persona, ИИН, БИН, birth date, e-mail)
    type Row = (
        &'static str,
        &'static str,
        Option<&'static str>,
        &'static str,
        Option<&'static str>,
    );

    /// The F-CERT table of spec/accounts.md §9.0 (and the F-BASE staff): ИИН, БИН, birth date
    /// as the ИИН gives it (dd.mm.yyyy), e-mail.
    const F_CERT: &[Row] = &[
        (
            "C-AHM-A",
            "900101300126",
            None,
            "01.01.1990",
            Some("ahmetov@example.kz"),
        ),
        (
            "C-AHM-S",
            "900101300126",
            None,
            "01.01.1990",
            Some("ahmetov@example.kz"),
        ),
        (
            "C-AHM-A2",
            "900101300126",
            None,
            "01.01.1990",
            Some("ahmetov@example.kz"),
        ),
        (
            "C-AHM-A3",
            "900101300126",
            None,
            "01.01.1990",
            Some("ahmetov@example.kz"),
        ),
        (
            "C-AHM-EXP",
            "900101300126",
            None,
            "01.01.1990",
            Some("ahmetov@example.kz"),
        ),
        (
            "C-AHM-REV",
            "900101300126",
            None,
            "01.01.1990",
            Some("ahmetov@example.kz"),
        ),
        (
            "C-SER-A",
            "850505400905",
            Some("040540000123"),
            "05.05.1985",
            Some("serikova@tauar-servis.kz"),
        ),
        (
            "C-SER-S",
            "850505400905",
            Some("040540000123"),
            "05.05.1985",
            Some("serikova@tauar-servis.kz"),
        ),
        (
            "C-NUR-A",
            "010203500018",
            Some("040540000123"),
            "03.02.2001",
            Some("nurlanov@tauar-servis.kz"),
        ),
        (
            "C-NUR-S",
            "010203500018",
            Some("040540000123"),
            "03.02.2001",
            Some("nurlanov@tauar-servis.kz"),
        ),
        (
            "C-KIM-A",
            "770707300459",
            Some("040540000123"),
            "07.07.1977",
            Some("kim@tauar-servis.kz"),
        ),
        (
            "C-OMA-A",
            "871202400552",
            None,
            "02.12.1987",
            Some("omarova@example.kz"),
        ),
        (
            "C-OMA-S",
            "871202400552",
            None,
            "02.12.1987",
            Some("omarova@example.kz"),
        ),
        ("C-ZHA-A", "951111300231", None, "11.11.1995", None),
        ("C-ZHA-S", "951111300231", None, "11.11.1995", None),
        (
            "C-DOS-A",
            "880718401238",
            Some("110340000568"),
            "18.07.1988",
            Some("dosova@dzo-test.kz"),
        ),
        (
            "C-DOS-S",
            "880718401238",
            Some("110340000568"),
            "18.07.1988",
            Some("dosova@dzo-test.kz"),
        ),
        (
            "C-DOS-IND",
            "880718401238",
            None,
            "18.07.1988",
            Some("dosova@example.kz"),
        ),
        (
            "C-DOS-OTHERMAIL",
            "880718401238",
            Some("110340000568"),
            "18.07.1988",
            Some("dosova.m@dzo-test.kz"),
        ),
        (
            "C-GM-A",
            "911212400775",
            Some("101251000347"),
            "12.12.1991",
            Some("anna@globalmed.kz"),
        ),
        (
            "C-PADM-A",
            "800101300115",
            None,
            "01.01.1980",
            Some("temirkhanov@example.kz"),
        ),
        (
            "C-ENSADM-A",
            "660302300127",
            None,
            "02.03.1966",
            Some("zhaksylykov@example.kz"),
        ),
        (
            "C-AUTH-A",
            "750815300333",
            None,
            "15.08.1975",
            Some("kasymov@example.kz"),
        ),
        (
            "C-SEC-A",
            "820920400445",
            None,
            "20.09.1982",
            Some("baimukhanova@example.kz"),
        ),
        (
            "C-SER-A2",
            "850505400905",
            Some("040540000123"),
            "05.05.1985",
            Some("serikova@tauar-servis.kz"),
        ),
    ];

    #[test]
    fn acc_f_cert_every_iin_and_bin_passes_the_check_digit_and_gives_the_birth_date() {
        assert_eq!(ACCOUNT_PERSONAS.len(), F_CERT.len());
        for (p, (name, iin, bin, birth, email)) in ACCOUNT_PERSONAS.iter().zip(F_CERT) {
            assert_eq!(p.name, *name);
            assert_eq!(p.person.iin, Some(*iin), "{name}");
            assert_eq!(p.org.map(|o| o.bin), *bin, "{name}");
            assert_eq!(p.person.email, *email, "{name}");
            let parsed = kernel::values::Iin::parse(iin).unwrap();
            let d = parsed.birth_date().unwrap();
            assert_eq!(
                format!("{:02}.{:02}.{}", d.day(), d.month(), d.year()),
                *birth,
                "{name}"
            );
            if let Some(bin) = bin {
                kernel::values::Bin::parse(bin).unwrap();
            }
            // RSA-2048 keys of ca-rsa, individual or legal-entity roles as the table says.
            assert_eq!(p.key, KeyKind::Rsa2048, "{name}");
            assert_eq!(p.issuer, IssuerName::CaRsa, "{name}");
            let legal = p.roles.contains(&oid::ROLE_LEGAL_ENTITY);
            assert_eq!(legal, p.org.is_some(), "{name}");
            assert_eq!(p.roles.contains(&oid::ROLE_INDIVIDUAL), !legal, "{name}");
            assert!(p.person.name.starts_with(p.person.surname), "{name}");
        }
    }

    #[test]
    fn acc_f_cert_outcomes_follow_purpose_right_to_sign_and_state() {
        for p in ACCOUNT_PERSONAS {
            let e = p.expected;
            match (p.usage, p.period, p.status) {
                (Usage::Auth, Period::Valid, InitStatus::Good) => assert_eq!(e, AUTH_ONLY),
                (Usage::Auth, Period::Expired, _) => {
                    assert_eq!(e.login, "SIG_CERT_EXPIRED");
                    assert_eq!(e.document, "SIG_WRONG_KEY_USAGE");
                }
                (Usage::Auth, _, InitStatus::Revoked) => {
                    assert_eq!(e.login, "SIG_CERT_REVOKED");
                    assert_eq!(e.register_agreement, "SIG_WRONG_KEY_USAGE");
                }
                (Usage::Sign, Period::Valid, InitStatus::Good) => {
                    let right = !p.roles.contains(&oid::ROLE_EMPLOYEE);
                    assert_eq!(e, if right { OK } else { NO_SIGNING_RIGHT }, "{}", p.name);
                }
                other => panic!("{}: {other:?}", p.name),
            }
        }
        assert_eq!(
            find("C-NUR-S").unwrap().expected.participant_register,
            "SIG_ROLE_NOT_ALLOWED"
        );
        assert_eq!(
            find("C-AHM-A3").unwrap().person.patronymic,
            Some("СЕРИКҰЛЫ")
        );
        assert_eq!(find("ind-auth").unwrap().name, "ind-auth");
        // AS-45: the same person and БИН as C-SER-A, the organisation's later name.
        let (a, a2) = (find("C-SER-A").unwrap(), find("C-SER-A2").unwrap());
        assert_eq!(a.person.iin, a2.person.iin);
        assert_eq!(a.org.map(|o| o.bin), a2.org.map(|o| o.bin));
        assert_eq!(a2.org.map(|o| o.name), Some("ТОО «Тауар Сервис Плюс»"));
    }

    #[test]
    fn acc_persona_names_are_unique_across_both_tables_and_sig_62_comes_first() {
        let mut names: Vec<_> = all().map(|p| p.name).collect();
        assert_eq!(
            names[..PERSONAS.len()],
            PERSONAS.iter().map(|p| p.name).collect::<Vec<_>>()
        );
        assert_eq!(names.len(), 25 + 25);
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 25 + 25);
    }
}
