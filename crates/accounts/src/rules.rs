//! The pure rules of participants and bank accounts: which participant types a certificate
//! allows (ACC-70), which fields each type shows and requires (ACC-126), the КОПФ that apply to
//! a type (ACC-127), typed ИИН/БИН checks (ACC-119…ACC-121), web addresses (ACC-125), КБе
//! (ACC-128) and bank account numbers (ACC-129).

use kernel::ErrorCode;
use kernel::values::{Bin, Iin, ValueError};
use serde::{Deserialize, Serialize};

/// «Тип участника» (§2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ParticipantType {
    Fl,
    Ip,
    Kh,
    Ul,
}

impl ParticipantType {
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantType::Fl => "FL",
            ParticipantType::Ip => "IP",
            ParticipantType::Kh => "KH",
            ParticipantType::Ul => "UL",
        }
    }

    pub fn parse(s: &str) -> Option<ParticipantType> {
        match s {
            "FL" => Some(ParticipantType::Fl),
            "IP" => Some(ParticipantType::Ip),
            "KH" => Some(ParticipantType::Kh),
            "UL" => Some(ParticipantType::Ul),
            _ => None,
        }
    }
}

/// ACC-70: the types a certificate allows, the default first.
pub fn allowed_types(cert_has_bin: bool) -> &'static [ParticipantType] {
    if cert_has_bin {
        &[
            ParticipantType::Ul,
            ParticipantType::Kh,
            ParticipantType::Ip,
        ]
    } else {
        &[
            ParticipantType::Fl,
            ParticipantType::Ip,
            ParticipantType::Kh,
        ]
    }
}

/// How a field appears on the participant form (legend of ACC-126).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Show {
    /// Read-only, from the certificate.
    ReadOnly,
    Required,
    Optional,
    /// Shown disabled: staff sets it.
    Disabled,
    Hidden,
}

/// The fields of the participant form, by their API names.
pub const FIELDS: &[&str] = &[
    "name",
    "state_reg_date",
    "state_reg_doc_number",
    "state_reg_authority",
    "country",
    "is_organizer",
    "is_supplier",
    "kopf",
    "kse",
    "kfs",
    "is_resident",
    "is_small_business",
    "is_medium_business",
    "email",
    "website",
    "phones",
    "applicant_full_name",
    "applicant_position",
    "head_iin",
    "head_last_name",
    "head_first_name",
    "head_middle_name",
    "head_position",
];

/// ACC-126: how `field` appears for a type; `joint` = identified by a БИН (ИП/КХ in joint
/// entrepreneurship, and every ЮЛ).
pub fn show(field: &str, t: ParticipantType, joint: bool) -> Show {
    use ParticipantType::*;
    use Show::*;
    let individual = t == Fl;
    match field {
        "name" => match (t, joint) {
            (Ip | Kh, false) => Required,
            _ => ReadOnly,
        },
        "state_reg_date" | "state_reg_doc_number" | "state_reg_authority" | "kopf" => {
            if individual { Hidden } else { Required }
        }
        "country" | "kse" | "is_resident" | "email" | "phones" => Required,
        "is_organizer" => Disabled,
        "is_supplier" | "website" => Optional,
        "kfs" => match t {
            Fl => Hidden,
            Ul => Required,
            _ => Optional,
        },
        "is_small_business" | "is_medium_business" => {
            if individual {
                Hidden
            } else {
                Optional
            }
        }
        "applicant_full_name"
        | "applicant_position"
        | "head_iin"
        | "head_last_name"
        | "head_first_name"
        | "head_position" => match (t, joint) {
            (Ul, _) | (Kh, true) => Required,
            _ => Hidden,
        },
        "head_middle_name" => match (t, joint) {
            (Ul, _) | (Kh, true) => Optional,
            _ => Hidden,
        },
        _ => Hidden,
    }
}

/// ACC-127 (G-3): the participant types a КОПФ group applies to. Individual entrepreneurship
/// (45–50) is for ИП and КХ; every other form is for legal entities.
pub fn kopf_applies(kopf: &str, t: ParticipantType) -> bool {
    let individual_forms = matches!(kopf, "45" | "46" | "47" | "48" | "49" | "50");
    match t {
        ParticipantType::Fl => false,
        ParticipantType::Ip | ParticipantType::Kh => individual_forms,
        ParticipantType::Ul => !individual_forms,
    }
}

/// §2.4: the longest value of a text field of the participant form, in characters (`None` for
/// the fields that are not free text).
pub fn max_chars(field: &str) -> Option<usize> {
    match field {
        "name" => Some(500),
        "state_reg_doc_number" => Some(50),
        "applicant_full_name" => Some(300),
        "head_last_name" | "head_first_name" | "head_middle_name" => Some(100),
        "state_reg_authority" | "applicant_position" | "head_position" | "phones" => Some(255),
        _ => None,
    }
}

/// §2.4 «Дата гос. регистрации»: `YYYY-MM-DD`, not after `today` (MSG-DATE-FUTURE), not
/// before 01.01.1991, when the republic's registers begin (DATE_INVALID).
pub fn state_reg_date(s: &str, today: jiff::civil::Date) -> Result<jiff::civil::Date, ErrorCode> {
    let date = s
        .parse::<jiff::civil::Date>()
        .map_err(|_| ErrorCode::DateInvalid)?;
    if date > today {
        Err(ErrorCode::AccDateFuture)
    } else if date < jiff::civil::date(1991, 1, 1) {
        Err(ErrorCode::DateInvalid)
    } else {
        Ok(date)
    }
}

/// What a typed ИИН/БИН field expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Iin,
    Bin,
}

/// ACC-119…ACC-121 for a number typed by a person: format, check digit, structure, kind.
pub fn typed_id(s: &str, expect: IdKind) -> Result<String, ErrorCode> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::AccIinBinFormat);
    }
    // Kind by the 5th digit: 0–3 an ИИН (a day), 4–6 a БИН, 7–9 neither.
    let fifth = digits.as_bytes()[4] - b'0';
    let kind = match fifth {
        0..=3 => IdKind::Iin,
        4..=6 => IdKind::Bin,
        _ => {
            return Err(match kernel::values::Iin::parse(&digits) {
                Err(ValueError::BadChecksum) => ErrorCode::AccIinBinChecksum,
                _ => ErrorCode::AccIinBinStructure,
            });
        }
    };
    let parsed = match kind {
        IdKind::Iin => Iin::parse(&digits).map(|v| v.as_str().to_string()),
        IdKind::Bin => Bin::parse(&digits).and_then(|b| {
            // Digit 6: head office, branch, representative office or joint farm.
            if digits.as_bytes()[5] - b'0' <= 3 {
                Ok(b.as_str().to_string())
            } else {
                Err(ValueError::BadBinKind)
            }
        }),
    };
    let v = parsed.map_err(|e| match e {
        ValueError::NotTwelveDigits => ErrorCode::AccIinBinFormat,
        ValueError::BadChecksum => ErrorCode::AccIinBinChecksum,
        _ => ErrorCode::AccIinBinStructure,
    })?;
    // ИИН digit 7 must give a century (1–6); 0 is accepted (G-11).
    if kind == IdKind::Iin && digits.as_bytes()[6] - b'0' > 6 {
        return Err(ErrorCode::AccIinBinStructure);
    }
    match (kind, expect) {
        (IdKind::Bin, IdKind::Iin) => Err(ErrorCode::AccIinExpected),
        (IdKind::Iin, IdKind::Bin) => Err(ErrorCode::AccBinExpected),
        _ => Ok(v),
    }
}

/// ACC-125: a website; a bare domain gets `https://`.
pub fn website(s: &str) -> Result<String, ErrorCode> {
    let s = s.trim();
    let (scheme, rest) = match s.split_once("://") {
        Some((sch, rest))
            if sch.eq_ignore_ascii_case("http") || sch.eq_ignore_ascii_case("https") =>
        {
            (sch.to_ascii_lowercase(), rest)
        }
        Some(_) => return Err(ErrorCode::AccUrlInvalid),
        None => ("https".to_string(), s),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = host.contains('.')
        && host.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    let url = format!("{scheme}://{rest}");
    if !host_ok || rest.chars().any(char::is_whitespace) || url.chars().count() > 255 {
        return Err(ErrorCode::AccUrlInvalid);
    }
    Ok(url)
}

/// ACC-128: 1 for a resident, 2 for a non-resident, then the КСЕ digit.
pub fn kbe(resident: bool, kse: &str) -> String {
    format!("{}{}", if resident { 1 } else { 2 }, kse)
}

/// A bank account number after the checks of ACC-129 steps 1–5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountNumber {
    /// Without spaces, upper-case.
    pub number: String,
    /// The IBAN country (`KZ`, `DE`, …); `None` for an old-format number.
    pub country: Option<String>,
    /// Characters 5–7 of a Kazakhstan IBAN: the bank's IBAN code.
    pub kz_bank_code: Option<String>,
}

/// ACC-129 steps 1–5 (the bank and uniqueness steps need the database).
pub fn account_number(typed: &str, old_format: bool) -> Result<AccountNumber, ErrorCode> {
    let n: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if n.chars().count() > 34 {
        return Err(ErrorCode::AccAccountTooLong);
    }
    if old_format {
        if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ErrorCode::AccIbanFormat);
        }
        return Ok(AccountNumber {
            number: n,
            country: None,
            kz_bank_code: None,
        });
    }
    let b = n.as_bytes();
    let shape = b.len() >= 5
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphanumeric);
    if !shape {
        return Err(ErrorCode::AccIbanFormat);
    }
    if n.starts_with("KZ") && n.len() != 20 {
        return Err(ErrorCode::AccIbanLength);
    }
    if !iban_checksum_ok(&n) {
        return Err(ErrorCode::AccIbanChecksum);
    }
    Ok(AccountNumber {
        country: Some(n[..2].to_string()),
        kz_bank_code: n.starts_with("KZ").then(|| n[4..7].to_string()),
        number: n,
    })
}

/// ISO 13616: the rearranged number, letters as 10…35, mod 97 = 1.
fn iban_checksum_ok(n: &str) -> bool {
    let rearranged = n[4..].chars().chain(n[..4].chars());
    let mut rem: u32 = 0;
    for c in rearranged {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// §2.11: a BIC of 8 or 11 characters: 4 letters, 2 letters of the country, 2 letters or
/// digits, and an optional 3 letters or digits.
pub fn bic(s: &str) -> Result<String, ErrorCode> {
    let b = s.trim().to_ascii_uppercase();
    let bytes = b.as_bytes();
    let ok = (b.len() == 8 || b.len() == 11)
        && bytes[..6].iter().all(u8::is_ascii_uppercase)
        && bytes[6..].iter().all(u8::is_ascii_alphanumeric);
    if ok {
        Ok(b)
    } else {
        Err(ErrorCode::AccBicFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_120_121_typed_numbers() {
        for ok in [
            "900101300126",
            "850505400905",
            "010203500018",
            "871202400552",
        ] {
            assert_eq!(typed_id(ok, IdKind::Iin).as_deref(), Ok(ok));
        }
        for ok in ["040540000123", "110340000568", "101251000347"] {
            assert_eq!(typed_id(ok, IdKind::Bin).as_deref(), Ok(ok));
        }
        assert_eq!(
            typed_id("9001013001", IdKind::Iin),
            Err(ErrorCode::AccIinBinFormat)
        );
        assert_eq!(
            typed_id("900101300123", IdKind::Iin),
            Err(ErrorCode::AccIinBinChecksum)
        );
        assert_eq!(
            typed_id("040540000124", IdKind::Bin),
            Err(ErrorCode::AccIinBinChecksum)
        );
        assert_eq!(
            typed_id("850505400980", IdKind::Iin),
            Err(ErrorCode::AccIinBinChecksum)
        );
        assert_eq!(
            typed_id("000000000000", IdKind::Iin),
            Err(ErrorCode::AccIinBinStructure)
        );
        assert_eq!(
            typed_id("901301300126", IdKind::Iin),
            Err(ErrorCode::AccIinBinStructure)
        );
        assert_eq!(
            typed_id("900230300128", IdKind::Iin),
            Err(ErrorCode::AccIinBinStructure)
        );
        assert_eq!(
            typed_id("900101700121", IdKind::Iin),
            Err(ErrorCode::AccIinBinStructure)
        );
        assert_eq!(
            typed_id("040570000127", IdKind::Bin),
            Err(ErrorCode::AccIinBinStructure)
        );
        assert_eq!(
            typed_id("040540000123", IdKind::Iin),
            Err(ErrorCode::AccIinExpected)
        );
        assert_eq!(
            typed_id("900101300126", IdKind::Bin),
            Err(ErrorCode::AccBinExpected)
        );
        assert_eq!(
            typed_id(" 9001 0130 0126 ", IdKind::Iin).as_deref(),
            Ok("900101300126")
        );
    }

    #[test]
    fn acc_125_websites() {
        assert_eq!(
            website("tauar-servis.kz").as_deref(),
            Ok("https://tauar-servis.kz")
        );
        assert_eq!(website("http://a.kz/x").as_deref(), Ok("http://a.kz/x"));
        assert_eq!(website("tauar servis"), Err(ErrorCode::AccUrlInvalid));
        assert_eq!(website("ftp://a.kz"), Err(ErrorCode::AccUrlInvalid));
    }

    #[test]
    fn acc_128_kbe_examples() {
        assert_eq!(kbe(true, "7"), "17");
        assert_eq!(kbe(false, "7"), "27");
        assert_eq!(kbe(true, "9"), "19");
        assert_eq!(kbe(true, "2"), "12");
    }

    #[test]
    fn acc_129_account_number_examples() {
        let a = account_number("KZ90 9010 0000 0001 2345", false).unwrap();
        assert_eq!(a.number, "KZ909010000000012345");
        assert_eq!(a.kz_bank_code.as_deref(), Some("901"));
        assert_eq!(
            account_number("KZ909010000000012346", false),
            Err(ErrorCode::AccIbanChecksum)
        );
        assert_eq!(
            account_number("KZ699020000000054321", false)
                .unwrap()
                .kz_bank_code
                .as_deref(),
            Some("902")
        );
        assert_eq!(
            account_number("KZ90901000000001234", false),
            Err(ErrorCode::AccIbanLength)
        );
        assert_eq!(
            account_number("KZ569030000000012345", false)
                .unwrap()
                .kz_bank_code
                .as_deref(),
            Some("903"),
            "a valid IBAN of an unknown bank: the database step refuses it"
        );
        let de = account_number("DE89370400440532013000", false).unwrap();
        assert_eq!(de.country.as_deref(), Some("DE"));
        assert_eq!(de.kz_bank_code, None);
        assert_eq!(account_number("1234567", true).unwrap().number, "1234567");
        assert_eq!(
            account_number("1234567", false),
            Err(ErrorCode::AccIbanFormat)
        );
        assert_eq!(
            account_number(&"1".repeat(35), true),
            Err(ErrorCode::AccAccountTooLong)
        );
    }

    #[test]
    fn acc_126_ip_hides_the_applicant_and_head_fields() {
        for f in ["applicant_full_name", "head_iin", "head_middle_name"] {
            assert_eq!(show(f, ParticipantType::Ip, false), Show::Hidden);
            assert_eq!(show(f, ParticipantType::Ip, true), Show::Hidden);
            assert_ne!(show(f, ParticipantType::Ul, true), Show::Hidden);
        }
        assert_eq!(show("name", ParticipantType::Ip, false), Show::Required);
        assert_eq!(show("name", ParticipantType::Fl, false), Show::ReadOnly);
        assert_eq!(show("kfs", ParticipantType::Ul, true), Show::Required);
        assert_eq!(show("kopf", ParticipantType::Fl, false), Show::Hidden);
        assert_eq!(
            show("is_organizer", ParticipantType::Ul, true),
            Show::Disabled
        );
    }

    #[test]
    fn acc_127_kopf_by_type() {
        assert!(kopf_applies("20", ParticipantType::Ul));
        assert!(kopf_applies("28", ParticipantType::Ul));
        assert!(kopf_applies("46", ParticipantType::Ip));
        assert!(kopf_applies("46", ParticipantType::Kh));
        assert!(!kopf_applies("28", ParticipantType::Ip));
        assert!(!kopf_applies("46", ParticipantType::Ul));
    }

    #[test]
    fn bic_format() {
        assert_eq!(bic("tstakzka").as_deref(), Ok("TSTAKZKA"));
        assert_eq!(bic("TSTBDEFFXXX").as_deref(), Ok("TSTBDEFFXXX"));
        assert_eq!(bic("TSTA1ZKA"), Err(ErrorCode::AccBicFormat));
        assert_eq!(bic("TSTAKZK"), Err(ErrorCode::AccBicFormat));
    }
}
