//! Which persona answers a request (spec/signatures.md SIG-67): a persona matches when every
//! requested `extKeyUsageOids` is in its EKU, `iin`/`bin`/`serialNumber` (when given) equal
//! its values, and the commonUtils `keyType` fits its purpose (`ANY` fits every persona).
//! `--persona NAME` wins when it matches; otherwise a persona named by the action queued on
//! the control port (SIG-68) — the test decides, as a user picking a key would; otherwise the
//! first match in manifest order; nothing matches → the caller answers "cancel" (NCALayer
//! would show an empty list).

use pki::testkit::PersonaEntry;

/// commonUtils `keyType` (SIG-31): `SIGNATURE`, `AUTHENTICATION`, anything else = any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyType {
    #[default]
    Any,
    Signature,
    Authentication,
}

impl KeyType {
    pub fn parse(s: &str) -> KeyType {
        match s {
            "SIGNATURE" => KeyType::Signature,
            "AUTHENTICATION" => KeyType::Authentication,
            _ => KeyType::Any,
        }
    }

    fn fits(self, purpose: &str) -> bool {
        match self {
            KeyType::Any => true,
            KeyType::Signature => matches!(purpose, "SIGN" | "DUAL"),
            KeyType::Authentication => matches!(purpose, "AUTH" | "DUAL"),
        }
    }
}

/// The key filter of one request (basics `signerParams`, commonUtils `keyType`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyFilter {
    pub ext_key_usage_oids: Vec<String>,
    pub iin: Option<String>,
    pub bin: Option<String>,
    pub serial_number: Option<String>,
    pub key_type: KeyType,
}

/// A serial as hex digits only, lower case, without leading zeros.
fn serial_key(s: &str) -> String {
    let hex: String = s
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex.trim_start_matches('0').to_string()
}

impl KeyFilter {
    /// SIG-67.
    pub fn matches(&self, p: &PersonaEntry) -> bool {
        self.ext_key_usage_oids
            .iter()
            .all(|o| p.ext_key_usage.iter().any(|e| e == o))
            && self.iin.as_ref().is_none_or(|i| p.iin.as_ref() == Some(i))
            && self.bin.as_ref().is_none_or(|b| p.bin.as_ref() == Some(b))
            && self
                .serial_number
                .as_ref()
                .is_none_or(|s| serial_key(s) == serial_key(&p.serial))
            && self.key_type.fits(&p.purpose)
    }
}

/// The persona that answers, or `None` (answer as a cancelled dialog). `fixed` is
/// `--persona`, `queued` the persona of the control port's next action.
pub fn choose<'a>(
    personas: &'a [PersonaEntry],
    filter: &KeyFilter,
    fixed: Option<&str>,
    queued: Option<&str>,
) -> Option<&'a PersonaEntry> {
    let named = |n: &str| personas.iter().find(|p| p.name == n);
    if let Some(p) = fixed.and_then(named).filter(|p| filter.matches(p)) {
        return Some(p);
    }
    if let Some(q) = queued {
        return named(q);
    }
    personas.iter().find(|p| filter.matches(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pki::testkit::Expected;

    fn persona(
        name: &str,
        purpose: &str,
        eku: &[&str],
        iin: &str,
        bin: Option<&str>,
    ) -> PersonaEntry {
        let e = Expected {
            login: "OK".into(),
            register_agreement: "OK".into(),
            participant_register: "OK".into(),
            document: "OK".into(),
        };
        PersonaEntry {
            name: name.into(),
            file: String::new(),
            password: String::new(),
            algorithm: "RSA".into(),
            key_bits: 2048,
            issuer: "ca-rsa".into(),
            serial: "00AB12".into(),
            subject: String::new(),
            iin: Some(iin.into()),
            bin: bin.map(str::to_string),
            last_name: None,
            first_name: None,
            middle_name: None,
            email: None,
            org_name: None,
            holder_kind: None,
            purpose: purpose.into(),
            key_usage: Vec::new(),
            ext_key_usage: eku.iter().map(|s| s.to_string()).collect(),
            roles: Vec::new(),
            not_before: String::new(),
            not_after: String::new(),
            status: "valid".into(),
            revocation: None,
            expected: e,
            expected_after_unhold: None,
            context: Vec::new(),
            note: String::new(),
        }
    }

    const SIGN: &str = "1.3.6.1.5.5.7.3.4";
    const AUTH: &str = "1.3.6.1.5.5.7.3.2";

    fn personas() -> Vec<PersonaEntry> {
        vec![
            persona("a-auth", "AUTH", &[AUTH], "111", None),
            persona("a-sign", "SIGN", &[SIGN], "111", None),
            persona(
                "b-sign",
                "SIGN",
                &[SIGN, "1.2.398.3.3.4.1.2"],
                "222",
                Some("999"),
            ),
        ]
    }

    #[test]
    fn sig_67_filters_and_order() {
        let ps = personas();
        let any = KeyFilter::default();
        assert_eq!(choose(&ps, &any, None, None).unwrap().name, "a-auth");
        let sign = KeyFilter {
            ext_key_usage_oids: vec![SIGN.into()],
            ..KeyFilter::default()
        };
        assert_eq!(choose(&ps, &sign, None, None).unwrap().name, "a-sign");
        let by_bin = KeyFilter {
            bin: Some("999".into()),
            ..sign.clone()
        };
        assert_eq!(choose(&ps, &by_bin, None, None).unwrap().name, "b-sign");
        let by_iin = KeyFilter {
            iin: Some("333".into()),
            ..KeyFilter::default()
        };
        assert!(choose(&ps, &by_iin, None, None).is_none());
        let by_serial = KeyFilter {
            serial_number: Some("ab12".into()),
            ..KeyFilter::default()
        };
        assert!(by_serial.matches(&ps[0]));
        let sig_type = KeyFilter {
            key_type: KeyType::Signature,
            ..KeyFilter::default()
        };
        assert_eq!(choose(&ps, &sig_type, None, None).unwrap().name, "a-sign");
    }

    #[test]
    fn sig_67_fixed_persona_then_queued() {
        let ps = personas();
        let sign = KeyFilter {
            ext_key_usage_oids: vec![SIGN.into()],
            ..KeyFilter::default()
        };
        assert_eq!(
            choose(&ps, &sign, Some("b-sign"), None).unwrap().name,
            "b-sign"
        );
        // --persona that does not match: the queue, then the first match.
        assert_eq!(
            choose(&ps, &sign, Some("a-auth"), None).unwrap().name,
            "a-sign"
        );
        assert_eq!(
            choose(&ps, &sign, Some("a-auth"), Some("b-sign"))
                .unwrap()
                .name,
            "b-sign"
        );
        assert_eq!(KeyType::parse("ANY"), KeyType::Any);
        assert_eq!(KeyType::parse("AUTHENTICATION"), KeyType::Authentication);
    }
}
