//! A signing service over a test database, with a clock the test moves.

use kernel::{FixedClock, Millis};
use signatures::{Revocation, RevocationMode, Signing, SigningConfig};
use std::sync::Arc;

pub const T0: Millis = Millis(1_795_000_000_000); // 2026-11-18

pub fn signing(db: &db::Db, clock: Arc<FixedClock>, trust: pki::TrustStore) -> Signing {
    let revocation = Revocation::new(RevocationMode::CrlOnly, None, trust.clone(), None).unwrap();
    Signing::new(
        db.clone(),
        trust,
        revocation,
        SigningConfig {
            origin: "https://tauar.test".into(),
            challenge_ttl_ms: 300_000,
        },
        clock,
    )
}
