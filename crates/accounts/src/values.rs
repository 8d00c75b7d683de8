//! Account field formats (§2 types, ACC-125): the Kazakh mobile number of the registration
//! mask, e-mail keys for ACC-21 uniqueness and the masked address of MSG-RECOVERY-SENT.

/// ACC-3 / §2 `KzMobile`: `+7` and 10 digits typed through the mask `+7 (XXX) XXX XX XX`;
/// stored as `+7XXXXXXXXXX`. Only spaces, brackets and hyphens may separate the digits, so
/// `8 705 000 11 22` and an incomplete number are refused (AS-5).
pub fn parse_kz_mobile(s: &str) -> Option<String> {
    let s = s.trim();
    let rest = s.strip_prefix("+7")?;
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || " ()-".contains(c))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 10).then(|| format!("+7{digits}"))
}

/// `+7 (777) 777 77 77` for display.
pub fn display_kz_mobile(stored: &str) -> String {
    match stored.strip_prefix("+7") {
        Some(n) if n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()) => {
            format!("+7 ({}) {} {} {}", &n[0..3], &n[3..6], &n[6..8], &n[8..10])
        }
        _ => stored.to_string(),
    }
}

/// A form field as the services read it: trimmed, and `None` when absent or blank.
pub fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The key ACC-21 compares e-mails by: trimmed and lower-cased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// §5.10 `{masked_email}`: the first character of the local part, `***` and the domain.
pub fn masked_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_5_mobile_mask() {
        assert_eq!(
            parse_kz_mobile("+7 (705) 000 11 22").as_deref(),
            Some("+77050001122")
        );
        assert_eq!(
            parse_kz_mobile("+77011234567").as_deref(),
            Some("+77011234567")
        );
        assert_eq!(parse_kz_mobile("+7 (705) 000 11"), None);
        assert_eq!(parse_kz_mobile("8 705 000 11 22"), None);
        assert_eq!(parse_kz_mobile(""), None);
        assert_eq!(parse_kz_mobile("+7 (705) 000 11 2a"), None);
        assert_eq!(display_kz_mobile("+77050001122"), "+7 (705) 000 11 22");
    }

    #[test]
    fn acc_153_masked_email() {
        assert_eq!(masked_email("ahmetov@example.kz"), "a***@example.kz");
        assert_eq!(email_key(" AHMETOV@Example.kz "), "ahmetov@example.kz");
    }
}
