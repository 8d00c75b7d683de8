//! The signing service: issue a challenge, verify what comes back, record the act (SIG-9,
//! SIG-36…SIG-54, SIG-70…SIG-74), and verify any CMS for the public page (SIG-73).

use crate::audit::{self, AuditEntry, AuditKind};
use crate::commit::{ActWork, ApplyFuture, Done, Erased, Failure, GroupCommit, Work};
use crate::purpose::{Binding, KeyKind, Purpose};
use crate::revocation::{Revocation, RevocationAnswer};
use crate::store::{self, ChallengeRow, SignatureRow};
use crate::tbs::{self, TbsInput};
use crate::{SignaturesError, sha256_hex};
use base64ct::{Base64UrlUnpadded, Encoding};
use db::{Db, Tx};
use kernel::{Clock, Millis};
use pki::{Expected, PkiError, Policy, TrustStore, Verified, VerifyTime};
use serde_json::{Value, json};
use std::sync::Arc;

/// Settings of SIG-57 that the service needs.
#[derive(Debug, Clone)]
pub struct SigningConfig {
    /// The public origin written into every TBS and checked on return (SIG-8, SIG-53).
    pub origin: String,
    /// `signing.challenge_ttl_s` (300).
    pub challenge_ttl_ms: i64,
}

impl Default for SigningConfig {
    fn default() -> Self {
        SigningConfig {
            origin: "http://127.0.0.1:8080".into(),
            challenge_ttl_ms: 300_000,
        }
    }
}

/// What the browser receives for a challenge (SIG-9).
#[derive(Debug, Clone)]
pub struct ChallengeIssued {
    pub challenge_id: String,
    pub tbs: Vec<u8>,
    pub purpose: Purpose,
    pub key_kind: KeyKind,
    /// `signerParams` of the NCALayer request (SIG-30).
    pub filters: Value,
    pub expires_at: Millis,
}

/// A signature that passed every check, not yet recorded.
#[derive(Debug, Clone)]
pub struct VerifiedAct {
    pub challenge: ChallengeRow,
    pub purpose: Purpose,
    pub verified: Verified,
    pub revocation: RevocationAnswer,
    pub cms: Vec<u8>,
}

/// A committed act: its `signatures` row and its audit row (SIG-52).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub signature_id: i64,
    pub audit_seq: i64,
}

/// The verifier version stored with every signature (SIG-70).
pub const VERIFIER_VERSION: &str = concat!("tauar-pki/", env!("CARGO_PKG_VERSION"));

/// The service of one server.
pub struct Signing {
    db: Db,
    trust: Arc<TrustStore>,
    revocation: Revocation,
    config: SigningConfig,
    clock: Arc<dyn Clock>,
    commit: GroupCommit,
}

impl std::fmt::Debug for Signing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signing")
            .field("origin", &self.config.origin)
            .field("revocation", &self.revocation)
            .finish()
    }
}

fn random_b64(n: usize) -> Result<String, SignaturesError> {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b)
        .map_err(|e| SignaturesError::Invalid(format!("no randomness from the OS: {e}")))?;
    Ok(Base64UrlUnpadded::encode_string(&b))
}

impl Signing {
    pub fn new(
        db: Db,
        trust: TrustStore,
        revocation: Revocation,
        config: SigningConfig,
        clock: Arc<dyn Clock>,
    ) -> Signing {
        Signing {
            commit: GroupCommit::new(db.clone(), Arc::clone(&clock)),
            db,
            trust: Arc::new(trust),
            revocation,
            config,
            clock,
        }
    }

    pub fn config(&self) -> &SigningConfig {
        &self.config
    }

    pub fn trust(&self) -> &TrustStore {
        &self.trust
    }

    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    /// SIG-9: stores a challenge for one act, bound to the session.
    pub async fn issue(
        &self,
        input: &TbsInput,
        session_id: &str,
        binding: &Binding,
    ) -> Result<ChallengeIssued, SignaturesError> {
        let issued_at = Millis(self.clock.now().0 / 1000 * 1000);
        let expires_at = Millis(issued_at.0 + self.config.challenge_ttl_ms);
        let challenge = random_b64(32)?;
        let tbs = tbs::build(
            input,
            &self.config.origin,
            &challenge,
            issued_at,
            expires_at,
        )?;
        let id = format!("ch_{}", random_b64(16)?);
        let row = ChallengeRow {
            id: id.clone(),
            purpose: input.purpose.as_str().to_string(),
            session_id: session_id.to_string(),
            account_id: input.account_id.clone(),
            object_type: input.object.as_ref().map(|o| o.kind.clone()),
            object_id: input.object.as_ref().map(|o| o.id.clone()),
            object_version: input.object.as_ref().map(|o| o.version),
            tbs_sha256: sha256_hex(&tbs),
            tbs: tbs.clone(),
            issued_at,
            expires_at,
            used_at: None,
        };
        store::insert_challenge(&self.db, &row).await?;
        let mut filters = serde_json::Map::new();
        filters.insert(
            "extKeyUsageOids".into(),
            json!(input.purpose.ext_key_usage_filter(binding)),
        );
        if let Some(iin) = &binding.iin {
            filters.insert("iin".into(), json!(iin));
        }
        if let Some(bin) = &binding.bin {
            filters.insert("bin".into(), json!(bin));
        }
        Ok(ChallengeIssued {
            challenge_id: id,
            tbs,
            purpose: input.purpose.clone(),
            key_kind: input.purpose.key_kind(),
            filters: Value::Object(filters),
            expires_at,
        })
    }

    /// SIG-36…SIG-53 for an act of `purpose`: every slow check, outside any transaction.
    /// `cms` is what the browser sent (base64, PEM or DER).
    pub async fn verify(
        &self,
        challenge_id: &str,
        cms: &[u8],
        session_id: &str,
        purpose: &Purpose,
        binding: &Binding,
    ) -> Result<VerifiedAct, SignaturesError> {
        let now = self.clock.now();
        let challenge = store::load_challenge(&self.db, challenge_id)
            .await?
            .ok_or(PkiError::ChallengeUnknown)?;
        // SIG-9, SIG-53: another session, another purpose or another deployment → unknown.
        let head = tbs::head(&challenge.tbs)?;
        if challenge.session_id != session_id
            || challenge.purpose != purpose.as_str()
            || head.purpose != purpose.as_str()
            || head.origin != self.config.origin
        {
            return Err(PkiError::ChallengeUnknown.into());
        }
        if challenge.used_at.is_some() {
            return Err(PkiError::ChallengeReplayed.into());
        }
        if challenge.expires_at <= now {
            return Err(PkiError::ChallengeExpired.into());
        }
        // SIG-36: 64 KiB after decoding; base64 with line breaks and PEM accepted.
        if cms.len() > 4 * 64 * 1024 {
            return Err(PkiError::Malformed {
                detail: "CMS larger than 64 KiB".into(),
            }
            .into());
        }
        // The CPU-bound part (CMS, signatures, chain) runs on the blocking pool, so that it
        // never holds up the runtime's workers, which drive the group commit and the I/O.
        let (trust, tbs, policy) = (
            Arc::clone(&self.trust),
            challenge.tbs.clone(),
            purpose.policy(),
        );
        // SIG-45: T is a timestamp's genTime (within [issued_at − 1 min, now + 1 min]) or now.
        let time = VerifyTime::challenge(now, challenge.issued_at);
        let cms = cms.to_vec();
        let work = move || {
            let der = pki::decode_transport(&cms)?;
            let verified = pki::verify_cms(&der, Expected::Tbs(&tbs), &trust, time, &policy)?;
            Ok::<_, PkiError>((der, verified))
        };
        let (der, verified) =
            tokio::task::spawn_blocking(work)
                .await
                .map_err(|e| PkiError::Malformed {
                    detail: format!("the verification stopped: {e}"),
                })??;
        let revocation = self.revocation_of(&verified, now).await?;
        pki::apply_revocation(
            &revocation.status,
            verified.signing_time,
            verified.time_source,
        )?;
        if let Some(identity) = &verified.identity {
            binding.check(identity)?;
        }
        Ok(VerifiedAct {
            challenge,
            purpose: purpose.clone(),
            verified,
            revocation,
            cms: der,
        })
    }

    async fn revocation_of(&self, v: &Verified, at: Millis) -> Result<RevocationAnswer, PkiError> {
        let (Some(cert), Some(issuer)) = (v.chain.first(), v.chain.get(1)) else {
            return Err(PkiError::UntrustedIssuer {
                detail: "the chain has no issuer".into(),
            });
        };
        self.revocation.check(cert, issuer, at).await
    }

    /// SIG-52 through the group commit ([`crate::commit`]): consumes the challenge, stores the
    /// signature and appends the act's audit row in one transaction shared with the acts
    /// waiting at the same moment (each in its own savepoint), and returns once that
    /// transaction is durably committed. An act that fails (a replayed challenge, a CMS seen
    /// before) gets its own error and leaves nothing stored.
    pub async fn complete(
        &self,
        act: &VerifiedAct,
        session_id: &str,
        client_ip: Option<&str>,
        detail: Value,
    ) -> Result<Recorded, SignaturesError> {
        match self
            .commit
            .submit(self.act_work(act, session_id, client_ip, detail, None))
            .await
        {
            Ok(done) => recorded(&done),
            Err(Failure::Service(e)) => Err(e),
            Err(Failure::Apply(_)) => Err(SignaturesError::NotCommitted(
                "a step that was not given failed".into(),
            )),
        }
    }

    /// [`Signing::complete`] for an act with effects: `apply(tx, signature_id)` runs inside the
    /// act's savepoint, after the signature is stored and before the audit row is appended,
    /// and applies the act (status change, stored document …). Its error rolls the act back
    /// (nothing of it is stored) and is returned as is; the other acts of the batch commit.
    /// The step must only use `tx` (it runs on the writer, between other acts' steps).
    pub async fn complete_with<T, E, F>(
        &self,
        act: &VerifiedAct,
        session_id: &str,
        client_ip: Option<&str>,
        detail: Value,
        apply: F,
    ) -> Result<(Recorded, T), E>
    where
        T: Send + 'static,
        E: From<SignaturesError> + Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx, i64) -> ApplyFuture<'t, T, E> + Send + 'static,
    {
        let step: crate::commit::ApplyStep = Box::new(move |tx: &mut Tx, signature_id: i64| {
            let fut = apply(tx, signature_id);
            Box::pin(async move {
                match fut.await {
                    Ok(t) => Ok(Box::new(t) as Erased),
                    Err(e) => Err(Box::new(e) as Erased),
                }
            }) as ApplyFuture<'_, Erased, Erased>
        });
        let work = self.act_work(act, session_id, client_ip, detail, Some(step));
        match self.commit.submit(work).await {
            Ok(mut done) => {
                let ids = recorded(&done)?;
                let out = done
                    .output
                    .take()
                    .and_then(|o| o.downcast::<T>().ok())
                    .ok_or_else(|| SignaturesError::Corrupt("the act's step output".into()))?;
                Ok((ids, *out))
            }
            Err(Failure::Service(e)) => Err(E::from(e)),
            Err(Failure::Apply(e)) => match e.downcast::<E>() {
                Ok(e) => Err(*e),
                Err(_) => Err(E::from(SignaturesError::Corrupt(
                    "the act's step error".into(),
                ))),
            },
        }
    }

    fn act_work(
        &self,
        act: &VerifiedAct,
        session_id: &str,
        client_ip: Option<&str>,
        detail: Value,
        apply: Option<crate::commit::ApplyStep>,
    ) -> Work {
        let row = self.signature_row(act, self.clock.now());
        let entry = act_entry(&row, client_ip, detail);
        Work::Act(Box::new(ActWork {
            row,
            session_id: session_id.to_string(),
            entry,
            apply,
        }))
    }

    /// SIG-52 (1)+(2)+(audit) inside a transaction the caller owns: consumes the challenge,
    /// stores the signature and appends the act's audit row. The caller applies the act and
    /// commits. Returns (signature id, audit sequence number). [`Signing::complete`] does the
    /// same with the group commit (faster under load).
    pub async fn record(
        &self,
        tx: &mut Tx,
        act: &VerifiedAct,
        session_id: &str,
        client_ip: Option<&str>,
        detail: Value,
    ) -> Result<(i64, i64), SignaturesError> {
        let now = self.clock.now();
        store::consume_challenge(tx, &act.challenge.id, session_id, now).await?;
        let mut row = self.signature_row(act, now);
        let sig_id = store::insert_signature(tx, &mut row).await?;
        let mut entry = act_entry(&row, client_ip, detail);
        entry.signature_id = Some(sig_id);
        let seq = audit::append(tx, now, &entry).await?;
        Ok((sig_id, seq))
    }

    /// The `signatures` row of an act (SIG-70), without its id.
    fn signature_row(&self, act: &VerifiedAct, now: Millis) -> SignatureRow {
        let v = &act.verified;
        let id = v.identity.as_ref();
        SignatureRow {
            id: 0,
            purpose: act.purpose.as_str().to_string(),
            object_type: act.challenge.object_type.clone(),
            object_id: act.challenge.object_id.clone(),
            object_version: act.challenge.object_version,
            account_id: act.challenge.account_id.clone(),
            participant_id: id.and_then(|i| i.bin.clone()),
            tbs: act.challenge.tbs.clone(),
            tbs_sha256: v.tbs_sha256.clone(),
            cms: act.cms.clone(),
            cms_sha256: v.cms_sha256.clone(),
            signature_value_sha256: v.signature_value_sha256.clone(),
            signer_cert: v.signer_cert_der.clone(),
            signer_cert_sha256: v.cert.fingerprint_sha256.clone(),
            chain: der_sequence(&v.chain_der),
            iin: id.map(|i| i.iin.clone()),
            bin: id.and_then(|i| i.bin.clone()),
            holder_kind: id.map(|i| i.holder_kind.as_str().to_string()),
            purpose_kind: v.cert.purpose.as_str().to_string(),
            roles: json!(v.cert.roles_raw).to_string(),
            cert_serial: v.cert.serial_hex.clone(),
            cert_issuer: v.cert.issuer_dn.clone(),
            algorithm: v.algorithm.as_str().to_string(),
            signing_time: v.signing_time,
            time_source: v.time_source.as_str().to_string(),
            revocation_source: act.revocation.source().to_string(),
            revocation_evidence: Some(act.revocation.stored_evidence()),
            revocation_root_crl: Some(act.revocation.root_crl.to_json().to_string()),
            verified_at: now,
            verifier_version: VERIFIER_VERSION.to_string(),
            challenge_id: act.challenge.id.clone(),
        }
    }

    /// SIG-5, SIG-74: the audit row of a refused attempt (no CMS kept; the certificate's serial,
    /// issuer and ИИН when they can be read).
    pub async fn record_refusal(
        &self,
        purpose: &str,
        err: &PkiError,
        cms: &[u8],
        account_id: Option<&str>,
        client_ip: Option<&str>,
    ) -> Result<i64, SignaturesError> {
        let cert = pki::decode_transport(cms)
            .ok()
            .and_then(|der| pki::SignedCms::parse(&der).ok())
            .and_then(|c| {
                let i = c.signer_cert_index(0).ok()?;
                c.certificates.get(i).map(|c| c.info().clone())
            });
        let entry = AuditEntry {
            kind: Some(AuditKind::Refusal),
            purpose: purpose.chars().take(64).collect(),
            account_id: account_id.map(str::to_string),
            error_code: Some(err.code().to_string()),
            cert_serial: cert.as_ref().map(|c| c.serial_hex.clone()),
            cert_issuer: cert.as_ref().map(|c| c.issuer_dn.clone()),
            iin: cert.as_ref().and_then(|c| c.iin.clone()),
            client_ip: client_ip.map(str::to_string),
            detail: json!({}),
            ..AuditEntry::default()
        };
        // Through the writer too, so a refusal does not wait for the database lock behind it.
        match self.commit.submit(Work::Audit(Box::new(entry))).await {
            Ok(done) => Ok(done.audit_seq),
            Err(Failure::Service(e)) => Err(e),
            Err(Failure::Apply(_)) => Err(SignaturesError::NotCommitted("audit row".into())),
        }
    }

    /// SIG-73 and the public verification page: verifies any CMS (with the document when it is
    /// detached) against the trust store and revocation, at the server's time.
    pub async fn verify_document(
        &self,
        cms: &[u8],
        document: Option<&[u8]>,
    ) -> Result<(Verified, RevocationAnswer), PkiError> {
        let der = pki::decode_transport(cms)?;
        let parsed = pki::SignedCms::parse(&der)?;
        let expected = match (parsed.content(), document) {
            (Some(_), Some(doc)) => Expected::Attached(doc),
            (Some(c), None) => Expected::Attached(c),
            (None, Some(doc)) => Expected::Detached(doc),
            (None, None) => {
                return Err(PkiError::ContentMismatch {
                    detail: "a detached signature needs the signed document".into(),
                });
            }
        };
        let now = self.clock.now();
        let policy = Policy {
            require_personal: false,
            ..Policy::login()
        };
        let verified = pki::verify_cms(&der, expected, &self.trust, now, &policy)?;
        let revocation = self.revocation_of(&verified, now).await?;
        pki::apply_revocation(
            &revocation.status,
            verified.signing_time,
            verified.time_source,
        )?;
        Ok((verified, revocation))
    }
}

/// The ids of a committed act.
fn recorded(done: &Done) -> Result<Recorded, SignaturesError> {
    Ok(Recorded {
        signature_id: done
            .signature_id
            .ok_or_else(|| SignaturesError::Corrupt("no signature id".into()))?,
        audit_seq: done.audit_seq,
    })
}

/// The audit row of an accepted act (SIG-71); the signature id is set when it is known.
fn act_entry(row: &SignatureRow, client_ip: Option<&str>, detail: Value) -> AuditEntry {
    AuditEntry {
        kind: Some(AuditKind::Act),
        purpose: row.purpose.clone(),
        account_id: row.account_id.clone(),
        object_type: row.object_type.clone(),
        object_id: row.object_id.clone(),
        signature_id: None,
        tbs_sha256: Some(row.tbs_sha256.clone()),
        cms_sha256: Some(row.cms_sha256.clone()),
        error_code: None,
        cert_serial: Some(row.cert_serial.clone()),
        cert_issuer: Some(row.cert_issuer.clone()),
        iin: row.iin.clone(),
        client_ip: client_ip.map(str::to_string),
        detail,
    }
}

/// DER `SEQUENCE OF Certificate` of already-DER certificates (SIG-70 `chain`).
pub fn der_sequence(items: &[Vec<u8>]) -> Vec<u8> {
    let len: usize = items.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(0x30);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    for i in items {
        out.extend_from_slice(i);
    }
    out
}
