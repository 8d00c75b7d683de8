//! Passwords (ACC-123, ACC-124, ACC-159, ACC-67.3): the policy of 002 §UserReg, Argon2id
//! hashing with the spec's parameters, and temporary passwords from the OS random source.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// ACC-123: 8 to 20 code points; at least one Unicode lower-case letter (Ll), one capital (Lu)
/// and one digit 0–9; only letters, digits and ASCII punctuation.
pub fn satisfies_policy(p: &str) -> bool {
    let n = p.chars().count();
    if !(8..=20).contains(&n) {
        return false;
    }
    let allowed = |c: char| c.is_alphabetic() || c.is_ascii_digit() || c.is_ascii_punctuation();
    if !p.chars().all(allowed) {
        return false;
    }
    p.chars().any(char::is_lowercase)
        && p.chars().any(char::is_uppercase)
        && p.chars().any(|c| c.is_ascii_digit())
}

/// ACC-159: at least 19 MiB, 2 iterations, parallelism 1.
fn hasher() -> Argon2<'static> {
    // The parameters are constants within argon2's bounds; `Params::new` cannot fail on them,
    // but a fallback to the crate's defaults (also Argon2id, 19 MiB, 2 passes) keeps this total.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of a password with a fresh 16-byte salt.
pub fn hash(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no randomness from the OS: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Compares in constant time (the argon2 crate compares the outputs with `subtle`).
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(h) => hasher().verify_password(password.as_bytes(), &h).is_ok(),
        Err(_) => false,
    }
}

/// ACC-67.3: 12 characters satisfying the policy, from a cryptographic random source. Letters
/// that are easy to confuse (0/O, 1/l/I) are left out: the user types it from an e-mail.
pub fn temporary() -> Result<String, String> {
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    let all: Vec<u8> = [LOWER, UPPER, DIGIT].concat();
    loop {
        let mut r = [0u8; 12];
        getrandom::fill(&mut r).map_err(|e| format!("no randomness from the OS: {e}"))?;
        // 256 is not a multiple of the alphabet's size; rejection keeps the choice uniform.
        let limit = 256 - 256 % all.len();
        if r.iter().any(|b| usize::from(*b) >= limit) {
            continue;
        }
        let p: String = r
            .iter()
            .map(|b| char::from(all[usize::from(*b) % all.len()]))
            .collect();
        if satisfies_policy(&p) {
            return Ok(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_123_examples_of_the_spec() {
        for ok in ["Tauar2026", "Ab1!Ab1!", "Tauar2026Tauar2026Ab", "Қазақ2026"] {
            assert!(satisfies_policy(ok), "{ok} must be accepted");
        }
        for bad in [
            "Tau2026",
            "Tauar2026Tauar2026Abc",
            "tauar2026",
            "TAUAR2026",
            "TauarTauar",
            "Tau 2026ar",
            "Tauar2026\t",
            "Tauar2026№",
        ] {
            assert!(!satisfies_policy(bad), "{bad} must be refused");
        }
    }

    #[test]
    fn acc_159_hash_is_argon2id_with_the_spec_parameters() {
        let h = hash("Tauar2026").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("Tauar2026", &h));
        assert!(!verify("Tauar2025", &h));
        assert!(!verify("Tauar2026", "not a hash"));
        assert_ne!(h, hash("Tauar2026").unwrap(), "a fresh salt every time");
    }

    #[test]
    fn acc_67_temporary_passwords_satisfy_the_policy() {
        for _ in 0..50 {
            let p = temporary().unwrap();
            assert_eq!(p.chars().count(), 12);
            assert!(satisfies_policy(&p), "{p}");
        }
    }
}
