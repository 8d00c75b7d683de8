//! One world per test: a database, a clock, the signing and accounts services over the shared
//! test PKI, and the mail sink.

use accounts::{Accounts, AccountsConfig, AccountsError, EntryPoint, Origin, StepOutcome};
use kernel::{ErrorCode, FixedClock, Lang, Millis};
use notify::testing::{Mailbox, ReceivedMail};
use pki::testkit::{CmsOptions, InitOptions, TestPki, init, sign_cms};
use signatures::{Binding, Revocation, RevocationMode, Signing, SigningConfig, TbsInput};
use std::sync::{Arc, OnceLock};

/// The test PKI's "now": 2026-11-18.
pub const NOW: i64 = 1_795_000_000_000;

pub fn test_pki() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        init(
            d.path(),
            &InitOptions {
                now: Some(Millis(NOW)),
                seed: 5,
                base_url: pki::testkit::DEFAULT_BASE_URL.into(),
                force: false,
            },
        )
        .unwrap();
        d
    })
    .path()
}

pub struct World {
    pub t: db::testing::TestDb,
    pub clock: Arc<FixedClock>,
    pub signing: Arc<Signing>,
    pub accounts: Accounts,
    pub mailer: notify::Mailer,
    pub mailbox: Mailbox,
}

impl World {
    pub async fn new() -> World {
        let t = db::testing::TestDb::new().await.unwrap();
        let clock = Arc::new(FixedClock::new(Millis(NOW + 60_000)));
        let dir = test_pki();
        let trust = TestPki::open(dir).unwrap().trust_store().unwrap();
        let revocation = Revocation::new(
            RevocationMode::CrlOnly,
            Some(dir.join("crl")),
            trust.clone(),
            None,
        )
        .unwrap();
        let signing = Arc::new(Signing::new(
            t.db.clone(),
            trust,
            revocation,
            SigningConfig {
                origin: "https://tauar.test".into(),
                challenge_ttl_ms: 300_000,
            },
            clock.clone(),
        ));
        let accounts = Accounts::new(
            t.db.clone(),
            Arc::clone(&signing),
            clock.clone(),
            AccountsConfig {
                public_base: "https://tauar.test".into(),
                ..AccountsConfig::default()
            },
            Arc::new(tokio::sync::Notify::new()),
        )
        .await
        .unwrap();
        let (mailer, mailbox) = notify::testing::sink_from_env();
        World {
            t,
            clock,
            signing,
            accounts,
            mailer,
            mailbox,
        }
    }

    pub fn now(&self) -> Millis {
        self.accounts.now()
    }

    pub fn advance(&self, ms: i64) {
        self.clock.advance_ms(ms);
    }

    /// A CMS over `tbs` by a persona of the test PKI.
    pub fn sign(&self, persona: &str, tbs: &[u8]) -> Vec<u8> {
        let signer = TestPki::open(test_pki()).unwrap().signer(persona).unwrap();
        sign_cms(&signer, tbs, &CmsOptions::default()).unwrap()
    }

    /// The certificate step signed by `persona`.
    pub async fn cert_step(
        &self,
        persona: &str,
        entry: EntryPoint,
        registration: bool,
        sid: &str,
    ) -> Result<StepOutcome, AccountsError> {
        let mut input = TbsInput::login(Lang::Ru, "Вход");
        if registration {
            input.purpose = signatures::Purpose::parse("register.identity").unwrap();
        }
        let issued = self
            .signing
            .issue(&input, sid, &Binding::none())
            .await
            .unwrap();
        let cms = self.sign(persona, &issued.tbs);
        self.accounts
            .certificate_step(
                &issued.challenge_id,
                &cms,
                entry,
                registration,
                &origin(sid),
            )
            .await
    }

    /// «Подписать» of the registration form, signed by `persona`.
    pub async fn sign_agreement(
        &self,
        registration_token: &str,
        persona: &str,
        sid: &str,
    ) -> Result<i64, AccountsError> {
        let (input, binding) = self
            .accounts
            .agreement_tbs(registration_token, sid, Lang::Ru)
            .await?;
        let issued = self.signing.issue(&input, sid, &binding).await.unwrap();
        let cms = self.sign(persona, &issued.tbs);
        self.accounts
            .sign_agreement(registration_token, &issued.challenge_id, &cms, &origin(sid))
            .await
    }

    /// A complete registration: returns (registration result, e-mail).
    pub async fn register(
        &self,
        auth: &str,
        sign: &str,
        sid: &str,
        password: &str,
    ) -> (accounts::Registered, String) {
        let token = registration_token(self.cert_step(auth, EntryPoint::Portal, false, sid).await);
        self.sign_agreement(&token, sign, sid).await.unwrap();
        let email = notify::testing::unique_address("user");
        let r = self
            .accounts
            .register(
                &token,
                &form(&email, "+7 (701) 123 45 67", password, password),
                Lang::Ru,
                &origin(sid),
            )
            .await
            .unwrap();
        (r, email)
    }

    /// Delivers the outbox and returns the messages to `addr`.
    pub async fn mails_to(&self, addr: &str) -> Vec<ReceivedMail> {
        notify::deliver_due(&self.t.db, &self.mailer, self.now())
            .await
            .unwrap();
        self.mailbox.messages_to(addr).unwrap()
    }

    /// Delivers and waits until `n` messages to `addr` have arrived (SMTP is asynchronous).
    pub async fn wait_mails(&self, addr: &str, n: usize) -> Vec<ReceivedMail> {
        notify::deliver_due(&self.t.db, &self.mailer, self.now())
            .await
            .unwrap();
        for _ in 0..100 {
            let m = self.mailbox.messages_to(addr).unwrap();
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.mailbox.messages_to(addr).unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(db::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(self.t.db.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    }

    pub async fn done(self) {
        self.t.cleanup().await;
    }
}

pub fn origin(sid: &str) -> Origin<'_> {
    Origin {
        session_id: sid,
        ip: Some("127.0.0.1"),
    }
}

pub fn form(
    email: &str,
    phone: &str,
    password: &str,
    confirmation: &str,
) -> accounts::RegistrationForm {
    accounts::RegistrationForm {
        email: Some(email.into()),
        mobile_phone: Some(phone.into()),
        password: Some(password.into()),
        password_confirmation: Some(confirmation.into()),
    }
}

pub fn registration_token(o: Result<StepOutcome, AccountsError>) -> String {
    match o.unwrap() {
        StepOutcome::Register {
            registration_token, ..
        } => registration_token,
        other => panic!("expected the registration form, got {other:?}"),
    }
}

pub fn login_token(o: Result<StepOutcome, AccountsError>) -> String {
    match o.unwrap() {
        StepOutcome::Password { login_token, .. } => login_token,
        other => panic!("expected the password page, got {other:?}"),
    }
}

/// The code of a refusal.
pub fn code<T: std::fmt::Debug>(r: Result<T, AccountsError>) -> ErrorCode {
    match r {
        Err(e) => e.code(),
        Ok(v) => panic!("expected a refusal, got {v:?}"),
    }
}

/// The code of a refusal, leaving the result to [`msg`].
pub fn code_ref<T: std::fmt::Debug>(r: &Result<T, AccountsError>) -> ErrorCode {
    match r {
        Err(e) => e.code(),
        Ok(v) => panic!("expected a refusal, got {v:?}"),
    }
}

/// The link of the first `https://tauar.test/...` in a mail body, and its last path segment.
pub fn link_token(body: &str) -> String {
    let prefix = "https://tauar.test/";
    let start = body.find(prefix).expect("a link") + prefix.len();
    let path: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '.')
        .collect();
    path.rsplit('/').next().unwrap().to_string()
}

impl World {
    /// Loads the reference dictionaries and the bank dictionary (participants need them).
    pub async fn with_reference(self) -> World {
        refdata::load_all(&self.t.db, &|_| {}).await.unwrap();
        self.accounts.sync_banks().await.unwrap();
        self
    }

    /// Registers and activates an account with `auth`/`sign` and logs in with `login_persona`;
    /// returns the session.
    pub async fn active_session(
        &self,
        auth: &str,
        sign: &str,
        login_persona: &str,
    ) -> accounts::SessionInfo {
        let (_, email) = self.register(auth, sign, "reg", "Tauar2026").await;
        let link = link_token(&self.wait_mails(&email, 1).await[0].body);
        self.accounts.activate(&link, &origin("reg")).await.unwrap();
        self.login(login_persona).await
    }

    pub async fn login(&self, persona: &str) -> accounts::SessionInfo {
        let token = login_token(
            self.cert_step(persona, EntryPoint::Portal, false, "s")
                .await,
        );
        let done = self
            .accounts
            .login_password(&token, "Tauar2026", &origin("s"))
            .await
            .unwrap();
        self.accounts
            .session(&done.session_id)
            .await
            .unwrap()
            .unwrap()
    }

    /// The participant agreement of `kind` signed by `persona`.
    pub async fn participant_agreement(
        &self,
        s: &accounts::SessionInfo,
        kind: &str,
        persona: &str,
    ) -> accounts::SignedAct {
        let (input, binding) = self
            .accounts
            .participant_agreement_tbs(s, kind, Lang::Ru)
            .await
            .unwrap();
        let issued = self.signing.issue(&input, "s", &binding).await.unwrap();
        let cms = self.sign(persona, &issued.tbs);
        accounts::SignedAct {
            challenge_id: issued.challenge_id,
            cms_base64: <base64ct::Base64 as base64ct::Encoding>::encode_string(&cms),
        }
    }

    /// The session again, as the next request sees it.
    pub async fn reload(&self, s: &accounts::SessionInfo) -> accounts::SessionInfo {
        let row = accounts::store::load_session(self.t.db.pool(), &s.id_sha256)
            .await
            .unwrap()
            .unwrap();
        let mut s2 = s.clone();
        s2.context_participant_id = row.context_participant_id;
        s2.authorities = serde_json::from_str(&row.authorities).unwrap();
        s2
    }
}

/// A valid Kazakhstan IBAN with the bank code `code` (ISO 13616 check digits computed).
pub fn kz_iban(code: &str, account: &str) -> String {
    let bban = format!("{code}{account:0>13}");
    let digits: String = format!("{bban}KZ00")
        .chars()
        .map(|c| c.to_digit(36).unwrap().to_string())
        .collect();
    let rem = digits
        .chars()
        .fold(0u32, |r, c| (r * 10 + c.to_digit(10).unwrap()) % 97);
    format!("KZ{:02}{bban}", 98 - rem)
}

impl World {
    /// An `ACTIVE` account of F-BASE (spec/accounts.md §9.0) with the password `Tauar2026`,
    /// written directly (the baseline, not a scenario). The e-mail is unique per test run.
    pub async fn seed_account(&self, iin: &str, last: &str, first: &str, middle: &str) -> String {
        let now = self.now();
        // ASCII: SMTP without SMTPUTF8 (the CI receiver) takes only ASCII local parts.
        let email = notify::testing::unique_address(&format!("u{iin}"));
        let a = accounts::store::Account {
            id: format!("acc_{iin}"),
            iin: iin.into(),
            last_name: last.into(),
            first_name: first.into(),
            middle_name: Some(middle.into()),
            birth_date: kernel::values::Iin::parse(iin)
                .unwrap()
                .birth_date()
                .unwrap()
                .to_string(),
            email: email.clone(),
            email_confirmed: true,
            mobile_phone: "+77011234567".into(),
            password_hash: accounts::password::hash("Tauar2026").unwrap(),
            password_temporary: false,
            temp_password_expires_at: None,
            password_changed_at: now,
            status: accounts::flow::AccountStatus::Active,
            status_before_block: None,
            lock: Default::default(),
            blocked_reason: None,
            email_notifications: true,
            ui_language: "ru".into(),
            created_via: "PORTAL".into(),
            activated_at: Some(now),
            last_login_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.t.db.write_tx().await.unwrap();
        accounts::store::insert_account(&mut tx, &a).await.unwrap();
        tx.commit().await.unwrap();
        email
    }
}

/// The registration form of «ТОО «Тауар Сервис»» (P-TS of §9.0) by СЕРИКОВА, its first head;
/// the agreement is added by the test.
pub fn p_ts_form() -> accounts::ParticipantForm {
    accounts::ParticipantForm {
        kind: Some("UL".into()),
        state_reg_date: Some("2004-05-01".into()),
        state_reg_doc_number: Some("1".into()),
        state_reg_authority: Some("МЮ РК".into()),
        country: Some("KZ".into()),
        kopf: Some("20".into()),
        kse: Some("7".into()),
        kfs: Some("19".into()),
        is_resident: Some(true),
        email: Some("info@tauar-servis.kz".into()),
        phones: Some("+7 727 000 00 00".into()),
        applicant_full_name: Some("СЕРИКОВА АЙГЕРИМ МАРАТОВНА".into()),
        applicant_position: Some("Директор".into()),
        head_iin: Some("850505400905".into()),
        head_last_name: Some("СЕРИКОВА".into()),
        head_first_name: Some("АЙГЕРИМ".into()),
        head_position: Some("Директор".into()),
        ..accounts::ParticipantForm::default()
    }
}

// ---- the scenarios' baseline (spec/accounts.md §9.0) and clock (§9) ----

/// F-BASE accounts by the ИИН of their F-CERT keys.
pub const U_AHM: &str = "900101300126";
pub const U_NUR: &str = "010203500018";
pub const U_OMA: &str = "871202400552";
pub const U_DOS: &str = "880718401238";

/// §9 starts every clock at «17.02.2026 10:00:00» (Asia/Almaty). The test certificates are
/// valid from the test PKI's [`NOW`] (18.11.2026 16:06:40) − 30 days, so the scenarios are
/// played 275 days later: their 17.02.2026 is 19.11.2026, the first 10:00 after `NOW` (after
/// the revocation of `C-AHM-REV` at `NOW` − 1 h). Times of day are the scenarios' own.
pub const SCENARIO_SHIFT_MS: i64 = 275 * 86_400_000;

/// The moment a scenario names, `DD.MM.YYYY HH:MM[:SS]` local time, as played.
pub fn scenario_time(text: &str) -> Millis {
    let format = if text.len() > 16 {
        "%d.%m.%Y %H:%M:%S"
    } else {
        "%d.%m.%Y %H:%M"
    };
    let local = jiff::civil::DateTime::strptime(format, text).unwrap();
    let t = Millis(Millis::from_local(local).unwrap().0 + SCENARIO_SHIFT_MS);
    assert!(t.0 > NOW, "{text}: before the test PKI's now");
    t
}

/// `DD.MM.YYYY HH:MM` as the product shows the moment a scenario names (the played date).
pub fn shown(text: &str) -> String {
    scenario_time(text).format_local()
}

/// The Russian text of a refusal, as the page and the API show it (§5.10 `MSG-…` with its
/// arguments; the first field's message for field errors).
pub fn msg<T: std::fmt::Debug>(r: Result<T, AccountsError>) -> String {
    let (code, args) = match r {
        Err(AccountsError::Refused { code, args }) => (code, args),
        Err(e) => (e.code(), Vec::new()),
        Ok(v) => panic!("expected a refusal, got {v:?}"),
    };
    let args: Vec<_> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    kernel::Messages::get().t_args(Lang::Ru, &code.title_id(), &args)
}

/// The counts that a refused scenario leaves unchanged (§9: accounts, participants,
/// memberships, bank accounts, requests and sent e-mails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts(pub std::collections::BTreeMap<&'static str, i64>);

impl Counts {
    /// The same counts with `table` changed by `n` (the counter a scenario names).
    pub fn plus(&self, table: &'static str, n: i64) -> Counts {
        let mut c = self.clone();
        *c.0.get_mut(table).unwrap() += n;
        c
    }
}

impl World {
    /// Sets the clock to a moment a scenario names (see [`SCENARIO_SHIFT_MS`]).
    pub fn at(&self, text: &str) {
        self.clock.set(scenario_time(text));
    }

    /// «Each scenario starts from the baseline F-BASE»: the clock at «17.02.2026 10:00:00» and
    /// F-BASE as `accounts::demo::seed` writes it.
    pub async fn f_base(self) -> World {
        self.at("17.02.2026 10:00:00");
        assert!(accounts::demo::seed(&self.t.db, self.now()).await.unwrap());
        self
    }

    /// «Given F-BASE without U-…»: F-BASE, then the account of `iin` removed with its rows
    /// (agreement acceptances, role grants, memberships), as if it had never registered.
    pub async fn f_base_without(self, iin: &str) -> World {
        let w = self.f_base().await;
        let id = w.account(iin).await.id;
        let mut tx = w.t.db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        for table in [
            "agreement_acceptances",
            "role_grants",
            "memberships",
            "accounts",
        ] {
            let column = if table == "accounts" {
                "id"
            } else {
                "account_id"
            };
            sqlx::query(db::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE {column} = $1"
            )))
            .bind(&id)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        assert!(
            accounts::store::account_by_iin(w.t.db.pool(), iin)
                .await
                .unwrap()
                .is_none()
        );
        w
    }

    /// The account of `iin`, as stored now.
    pub async fn account(&self, iin: &str) -> accounts::store::Account {
        accounts::store::account_by_iin(self.t.db.pool(), iin)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no account {iin}"))
    }

    /// Gives the F-BASE account of `iin` an address no other test uses, still «Подтвержден»,
    /// and returns it. For tests that read the account's mail: under the SMTP receiver of CI
    /// every test binary shares one mailbox, and F-BASE's own addresses (ahmetov@example.kz, …)
    /// would collect the mail of every test that uses them.
    pub async fn own_address(&self, iin: &str) -> String {
        let id = self.account(iin).await.id;
        // ASCII: SMTP without SMTPUTF8 (the CI receiver) takes only ASCII local parts.
        let email = notify::testing::unique_address(&format!("u{iin}"));
        let now = self.now();
        let mut tx = self.t.db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        accounts::store::set_email(&mut tx, &id, &email, now)
            .await
            .unwrap();
        accounts::store::activate(&mut tx, &id, now).await.unwrap();
        tx.commit().await.unwrap();
        email
    }

    /// The counts of §9 "refused".
    pub async fn counts(&self) -> Counts {
        let mut c = std::collections::BTreeMap::new();
        for table in [
            "accounts",
            "participants",
            "memberships",
            "bank_accounts",
            "join_requests",
            "new_bank_requests",
            "ens_access_requests",
            "mail_outbox",
        ] {
            c.insert(table, self.count(table).await);
        }
        Counts(c)
    }

    /// The kinds (`E-ACTIVATION`, …) of the mail written to `addr` (the outbox of this test's
    /// database, whatever the receiver holds).
    pub async fn outbox_to(&self, addr: &str) -> Vec<String> {
        sqlx::query_scalar::<_, String>(
            "SELECT kind FROM mail_outbox WHERE LOWER(to_addr) = LOWER($1) ORDER BY id",
        )
        .bind(addr)
        .fetch_all(self.t.db.pool())
        .await
        .unwrap()
    }

    /// The audit details (JSON) of `purpose`, oldest first.
    pub async fn audit_details(&self, purpose: &str) -> Vec<serde_json::Value> {
        sqlx::query_scalar::<_, String>(
            "SELECT detail FROM audit_log WHERE purpose = $1 ORDER BY seq",
        )
        .bind(purpose)
        .fetch_all(self.t.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
    }

    /// (ИИН, key purpose) of the certificate of a stored signature.
    pub async fn signer_of(&self, signature_id: i64) -> (String, String) {
        use sqlx::Row;
        let r = sqlx::query("SELECT iin, purpose_kind FROM signatures WHERE id = $1")
            .bind(signature_id)
            .fetch_one(self.t.db.pool())
            .await
            .unwrap();
        (r.try_get(0).unwrap(), r.try_get(1).unwrap())
    }

    /// The password step of `persona` on the portal (session `sid`): its login token.
    pub async fn password_page(&self, persona: &str, sid: &str) -> String {
        login_token(
            self.cert_step(persona, EntryPoint::Portal, false, sid)
                .await,
        )
    }
}
