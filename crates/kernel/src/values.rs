//! Value types that are valid by construction: IIN, BIN, e-mail, phone.
//!
//! The only way to get one is its `parse` constructor, so code that receives a value never
//! checks it again ("parse, don't validate").

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value was refused. Each variant has a message in the Fluent files (`value-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("must be exactly 12 digits")]
    NotTwelveDigits,
    #[error("the check digit does not match")]
    BadChecksum,
    #[error("the date of birth in the IIN is not a real date")]
    BadBirthDate,
    #[error("the sixth digit of a BIN must be 4, 5 or 6")]
    BadBinKind,
    #[error("not a valid e-mail address")]
    BadEmail,
    #[error("not a valid phone number")]
    BadPhone,
}

impl ValueError {
    /// The Fluent message id of this error.
    pub fn message_id(self) -> &'static str {
        match self {
            ValueError::NotTwelveDigits => "value-not-twelve-digits",
            ValueError::BadChecksum => "value-bad-checksum",
            ValueError::BadBirthDate => "value-bad-birth-date",
            ValueError::BadBinKind => "value-bad-bin-kind",
            ValueError::BadEmail => "value-bad-email",
            ValueError::BadPhone => "value-bad-phone",
        }
    }
}

/// The check digit of a 12-digit IIN or BIN (the two-pass mod-11 rule of the national
/// registers). `None` when both passes give 10: such a number is never issued.
fn check_digit(d: &[u8; 12]) -> Option<u8> {
    let sum1: u32 = (0..11).map(|i| d[i] as u32 * (i as u32 + 1)).sum();
    let c = sum1 % 11;
    if c != 10 {
        return Some(c as u8);
    }
    let sum2: u32 = (0..11)
        .map(|i| d[i] as u32 * (((i as u32 + 2) % 11) + 1))
        .sum();
    let c = sum2 % 11;
    (c != 10).then_some(c as u8)
}

fn twelve_digits(s: &str) -> Result<[u8; 12], ValueError> {
    let s = s.trim();
    if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValueError::NotTwelveDigits);
    }
    let mut d = [0u8; 12];
    for (i, b) in s.bytes().enumerate() {
        d[i] = b - b'0';
    }
    if check_digit(&d) != Some(d[11]) {
        return Err(ValueError::BadChecksum);
    }
    Ok(d)
}

fn digits_to_string(d: &[u8; 12]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

/// Individual identification number («ИИН»): YYMMDD, a century-and-sex digit, four digits, a
/// check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iin(String);

impl Iin {
    pub fn parse(s: &str) -> Result<Iin, ValueError> {
        let d = twelve_digits(s)?;
        if Iin::birth_date_of(&d).is_none() {
            return Err(ValueError::BadBirthDate);
        }
        Ok(Iin(digits_to_string(&d)))
    }

    fn birth_date_of(d: &[u8; 12]) -> Option<jiff::civil::Date> {
        let century: i16 = match d[6] {
            1 | 2 => 1800,
            3 | 4 => 1900,
            5 | 6 => 2000,
            // 0 is used for foreigners whose century is not encoded; read it as 1900s.
            0 => 1900,
            _ => return None,
        };
        let year = century + (d[0] as i16) * 10 + d[1] as i16;
        let month = (d[2] * 10 + d[3]) as i8;
        let day = (d[4] * 10 + d[5]) as i8;
        jiff::civil::Date::new(year, month, day).ok()
    }

    /// The date of birth encoded in the IIN.
    pub fn birth_date(&self) -> Option<jiff::civil::Date> {
        let mut d = [0u8; 12];
        for (i, b) in self.0.bytes().enumerate() {
            d[i] = b - b'0';
        }
        Iin::birth_date_of(&d)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Business identification number («БИН»): YYMM of registration, a kind digit (4 resident
/// legal entity, 5 non-resident, 6 joint venture / branch), a sign digit, five digits, a check
/// digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bin(String);

impl Bin {
    pub fn parse(s: &str) -> Result<Bin, ValueError> {
        let d = twelve_digits(s)?;
        let month = d[2] * 10 + d[3];
        if !(1..=12).contains(&month) {
            return Err(ValueError::BadBirthDate);
        }
        if !matches!(d[4], 4..=6) {
            return Err(ValueError::BadBinKind);
        }
        Ok(Bin(digits_to_string(&d)))
    }

    /// Completes eleven digits with their check digit; `None` if no valid check digit exists.
    /// Used by the demo generator to make valid BINs.
    pub fn with_check_digit(first11: &str) -> Option<Bin> {
        if first11.len() != 11 || !first11.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut d = [0u8; 12];
        for (i, b) in first11.bytes().enumerate() {
            d[i] = b - b'0';
        }
        d[11] = check_digit(&d)?;
        Bin::parse(&digits_to_string(&d)).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_value {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = ValueError;
            fn try_from(s: String) -> Result<Self, ValueError> {
                <$t>::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_value!(Iin);
string_value!(Bin);
string_value!(Email);
string_value!(Phone);

/// An e-mail address, stored lower-cased. The check is deliberately the practical one (one
/// `@`, a dotted domain of letters, digits and hyphens, no spaces), not full RFC 5322.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Email, ValueError> {
        let s = s.trim();
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ValueError::BadEmail);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(ValueError::BadEmail)?;
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return Err(ValueError::BadEmail);
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(ValueError::BadEmail);
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return Err(ValueError::BadEmail);
        }
        for label in &labels {
            let ok = !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-');
            if !ok {
                return Err(ValueError::BadEmail);
            }
        }
        Ok(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Kazakhstan phone number, stored as `+7` and ten digits. Accepts the usual ways of
/// typing it: `+7 (777) 777 77 77`, `8 777 777 7777`, `77777777777`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, ValueError> {
        let s = s.trim();
        if s.chars()
            .any(|c| !(c.is_ascii_digit() || " ()-+".contains(c)))
        {
            return Err(ValueError::BadPhone);
        }
        if s.matches('+').count() > 1 || (s.contains('+') && !s.starts_with('+')) {
            return Err(ValueError::BadPhone);
        }
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        let national = match digits.len() {
            11 if digits.starts_with('7') || (digits.starts_with('8') && !s.starts_with('+')) => {
                &digits[1..]
            }
            10 if !s.starts_with('+') => &digits[..],
            _ => return Err(ValueError::BadPhone),
        };
        // Kazakhstan numbers: mobile 7xx, landline 7xx (the 7 area prefix), all begin with 6 or 7.
        if !national.starts_with('7') && !national.starts_with('6') {
            return Err(ValueError::BadPhone);
        }
        Ok(Phone(format!("+7{national}")))
    }

    /// `+7 (777) 777 77 77`, the mask of the registration form (001 Сур. 3).
    pub fn display(&self) -> String {
        let n = &self.0[2..];
        format!("+7 ({}) {} {} {}", &n[0..3], &n[3..6], &n[6..8], &n[8..10])
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn iin_accepts_valid_and_reads_birth_date() {
        // Fixture IINs of spec/catalog.md §9.0 are not all checksum-valid; these are.
        let iin = Iin::parse("900101300126").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(iin.birth_date(), Some(jiff::civil::date(1990, 1, 1)));
        assert_eq!(
            Iin::parse(" 900101300126 ")
                .map(|i| i.to_string())
                .as_deref(),
            Ok("900101300126")
        );
    }

    #[test]
    fn iin_refusals() {
        assert_eq!(Iin::parse("90010130012"), Err(ValueError::NotTwelveDigits));
        assert_eq!(Iin::parse("9001013001a6"), Err(ValueError::NotTwelveDigits));
        assert_eq!(Iin::parse("900101300127"), Err(ValueError::BadChecksum));
        // 31 February does not exist.
        let mut d = [9, 0, 0, 2, 3, 1, 3, 0, 0, 1, 2, 0];
        d[11] = check_digit(&d).expect("these digits have a check digit");
        assert_eq!(
            Iin::parse(&digits_to_string(&d)),
            Err(ValueError::BadBirthDate)
        );
    }

    #[test]
    fn bin_checks_kind_and_checksum() {
        let bin = Bin::with_check_digit("04044000221").expect("valid digits");
        assert!(Bin::parse(bin.as_str()).is_ok());
        // A real BIN seen in public procurement data.
        assert!(Bin::parse("010440002215").is_ok());
        assert_eq!(Bin::parse("010440002216"), Err(ValueError::BadChecksum));
        let wrong_kind = Bin::with_check_digit("04041000221");
        assert!(wrong_kind.is_none());
    }

    #[test]
    fn email_rules() {
        assert_eq!(
            Email::parse(" A@Example.KZ ")
                .map(|e| e.to_string())
                .as_deref(),
            Ok("a@example.kz")
        );
        assert!(Email::parse("u1@org1.kz").is_ok());
        assert!(Email::parse("пользователь@пример.қаз").is_ok());
        for bad in [
            "", "a", "a@", "@b.kz", "a@b", "a b@c.kz", "a@b..kz", "a@-b.kz", ".a@b.kz", "a@@b.kz",
        ] {
            assert_eq!(Email::parse(bad), Err(ValueError::BadEmail), "{bad}");
        }
    }

    #[test]
    fn phone_rules() {
        for ok in [
            "+7 (777) 777 77 77",
            "87777777777",
            "77777777777",
            "7777777777",
            "+7-701-123-45-67",
        ] {
            assert!(Phone::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Phone::parse("+7 (777) 123 45 67")
                .map(|p| p.display())
                .as_deref(),
            Ok("+7 (777) 123 45 67")
        );
        for bad in [
            "",
            "12345",
            "+8 777 777 77 77",
            "+7 777 777 77 7a",
            "7+7777777777",
            "+7 (177) 777 77 77",
        ] {
            assert_eq!(Phone::parse(bad), Err(ValueError::BadPhone), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,40}") {
            let _ = Iin::parse(&s);
            let _ = Bin::parse(&s);
            let _ = Email::parse(&s);
            let _ = Phone::parse(&s);
        }

        #[test]
        fn any_eleven_digits_either_complete_or_have_no_check_digit(n in 0u64..100_000_000_000) {
            let first11 = format!("{n:011}");
            let mut d = [0u8; 12];
            for (i, b) in first11.bytes().enumerate() { d[i] = b - b'0'; }
            if let Some(c) = check_digit(&d) {
                d[11] = c;
                prop_assert!(twelve_digits(&digits_to_string(&d)).is_ok());
                d[11] = (c + 1) % 10;
                prop_assert!(twelve_digits(&digits_to_string(&d)).is_err());
            }
        }
    }
}
