//! RFC 4514 strings of X.509 names (`CertInfo::subject_dn`, `issuer_dn`), the same text as
//! `x509_cert::name::Name`'s `Display`, faster (SIG-56).
//!
//! `x509-cert` finds each attribute's short name ("CN", "O", "SERIALNUMBER" …) by scanning the
//! whole `const-oid` database, once per attribute of every name of every certificate parsed:
//! the largest cost of reading a certificate. Here the same lookup (the shortest name the
//! database has for the OID) is made once per OID and remembered; the formatting below is
//! the crate's, step for step, so the strings do not change.

use const_oid::ObjectIdentifier as Oid;
use const_oid::db::DB;
use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Encode, Tag, Tagged};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Mutex, OnceLock};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::Name;

/// The shortest database name of an OID (the first of equal length), as `x509-cert` picks it.
fn short_name(oid: &Oid) -> Option<&'static str> {
    static NAMES: OnceLock<Mutex<HashMap<Oid, Option<&'static str>>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(map) = names.lock()
        && let Some(found) = map.get(oid)
    {
        return *found;
    }
    let mut best: Option<&'static str> = None;
    for m in DB.find_names_for_oid(*oid) {
        if best.is_none_or(|b| m.len() < b.len()) {
            best = Some(m);
        }
    }
    if let Ok(mut map) = names.lock() {
        // Names carry a handful of distinct attribute types; the bound is a safeguard.
        if map.len() < 1024 {
            map.insert(*oid, best);
        }
    }
    best
}

fn atv(out: &mut String, a: &AttributeTypeAndValue) -> std::fmt::Result {
    let val = match a.value.tag() {
        Tag::PrintableString => PrintableStringRef::try_from(&a.value)
            .ok()
            .map(|s| s.as_str()),
        Tag::Utf8String => Utf8StringRef::try_from(&a.value).ok().map(|s| s.as_str()),
        Tag::Ia5String => Ia5StringRef::try_from(&a.value).ok().map(|s| s.as_str()),
        Tag::TeletexString => TeletexStringRef::try_from(&a.value)
            .ok()
            .map(|s| s.as_str()),
        _ => None,
    };
    if let (Some(key), Some(val)) = (short_name(&a.oid), val) {
        write!(out, "{}=", key.to_ascii_uppercase())?;
        let mut iter = val.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            match c {
                '#' if i == 0 => out.push_str("\\#"),
                ' ' if i == 0 || iter.peek().is_none() => out.push_str("\\ "),
                '"' | '+' | ',' | ';' | '<' | '>' | '\\' => write!(out, "\\{c}")?,
                '\x00'..='\x1f' | '\x7f' => write!(out, "\\{:02x}", c as u8)?,
                _ => out.push(c),
            }
        }
    } else {
        let value = a.value.to_der().map_err(|_| std::fmt::Error)?;
        write!(out, "{}=#", a.oid)?;
        for c in value {
            write!(out, "{c:02x}")?;
        }
    }
    Ok(())
}

/// The RFC 4514 string of `name` (RDNs in reverse order, `+` inside a multi-valued RDN).
pub(crate) fn dn_string(name: &Name) -> String {
    let mut out = String::with_capacity(128);
    let mut write = || -> std::fmt::Result {
        for (i, rdn) in name.0.iter().rev().enumerate() {
            if i > 0 {
                out.push(',');
            }
            for (j, a) in rdn.0.iter().enumerate() {
                if j > 0 {
                    out.push('+');
                }
                atv(&mut out, a)?;
            }
        }
        Ok(())
    };
    match write() {
        Ok(()) => out,
        // The crate's own text for what the copy above could not write.
        Err(_) => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn sig_56_dn_strings_equal_the_x509_cert_display() {
        for text in [
            "CN=ИСАЕВ АРМАН,SN=ИСАЕВ,serialNumber=IIN850314301234,C=KZ,givenName=АРМАН",
            "CN=НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST 2025,O=ҰКО,C=KZ",
            "O=ТОО \\\"ТАУ ТЕСТ\\\",OU=BIN040340001233,CN=x\\+y\\,z\\;w",
            "CN=\\#hash,O=\\ leading and trailing\\ ,C=KZ",
            "CN=a+O=b,C=KZ",
            "1.2.3.4=#0c0161,CN=unknown attribute type",
            "L=Астана,ST=Астана,DC=kz,UID=u1",
        ] {
            let name = Name::from_str(text).unwrap();
            assert_eq!(dn_string(&name), name.to_string(), "{text}");
            // Twice: the second time from the remembered names.
            assert_eq!(dn_string(&name), name.to_string(), "{text}");
        }
        assert_eq!(dn_string(&Name::default()), "");
    }
}
