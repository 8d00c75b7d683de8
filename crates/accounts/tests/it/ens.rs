//! §9.7 at service level: the ЕНС ТРУ administrator's organisations (AS-65), the access
//! request (AS-67), accreditation and the module's password login (AS-68), the three login
//! checks (AS-69) and the revocation (AS-71). Personas of the test PKI: `C-DOS-A`/`C-DOS-S`
//! (ДОСОВА for АО «ДЗО-Тест», БИН 110340000568), `C-DOS-IND`, `C-DOS-OTHERMAIL`, `C-OMA-A`
//! (an individual), `C-GM-A` (БИН 101251000347), `C-AHM-A`, `C-ENSADM-A`, `C-AUTH-A`.

use crate::support::*;
use accounts::AccountsError;
use accounts::ens::{
    EnsDecision, EnsOrgForm, EnsRequestForm, EnsRevocation, EnsSupervisorChange, Upload,
};
use accounts::store_org::{self, Participant};
use kernel::{ErrorCode, Lang, PageRequest};

const DZO_BIN: &str = "110340000568";
const GM_BIN: &str = "101251000347";
const DOS_IIN: &str = "880718401238";

fn fields<T: std::fmt::Debug>(r: Result<T, AccountsError>) -> Vec<(&'static str, ErrorCode)> {
    match r {
        Err(AccountsError::Fields(f)) => f.iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn dzo_form() -> EnsOrgForm {
    EnsOrgForm {
        name: Some("АО «ДЗО-Тест»".into()),
        bin: Some(DZO_BIN.into()),
        contact_last_name: Some("Иванова".into()),
        contact_work_phone: Some("+7 (7172) 55 00 00".into()),
        contact_email: Some("zakup@dzo-test.kz".into()),
        ..EnsOrgForm::default()
    }
}

/// P-GM of F-BASE: a registered participant.
async fn seed_p_gm(w: &World) -> Participant {
    let p = Participant {
        id: "prt_gm".into(),
        kind: "UL".into(),
        id_number: GM_BIN.into(),
        name: "Филиал Global Medical GmbH".into(),
        country: "DE".into(),
        kse: "7".into(),
        email: "info@globalmed.kz".into(),
        phones: "+7 727 111 11 11".into(),
        status: "ACTIVE".into(),
        ..Participant::default()
    };
    let mut tx = w.t.db.write_tx().await.unwrap();
    store_org::save_participant(&mut tx, &p, "seed", w.now(), false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    p
}

/// F-BASE staff and U-DOS; returns the sessions of U-ENSADM and U-AUTH.
async fn staff(w: &World) -> (accounts::SessionInfo, accounts::SessionInfo) {
    w.seed_account("660302300127", "ЖАКСЫЛЫКОВ", "НУРЖАН", "САБИТОВИЧ")
        .await;
    w.seed_account("750815300333", "КАСЫМОВ", "ТИМУР", "АСКАРОВИЧ")
        .await;
    w.accounts
        .grant_role("660302300127", "ENS_ADMIN", None, "F-BASE")
        .await
        .unwrap();
    w.accounts
        .grant_role("750815300333", "AUTH_BODY", None, "F-BASE")
        .await
        .unwrap();
    (w.login("C-ENSADM-A").await, w.login("C-AUTH-A").await)
}

/// «Подать заявку» of `s`, signed by `persona`, with `file`.
async fn request(
    w: &World,
    s: &accounts::SessionInfo,
    persona: &str,
    file: &[u8],
) -> Result<accounts::store_ens::AccessRequestRow, AccountsError> {
    let sha = signatures::sha256_hex(file);
    let (input, binding) = w
        .accounts
        .ens_request_tbs(
            s,
            "Специалист по закупкам",
            "+7 (7172) 11 22 33",
            &sha,
            Lang::Ru,
        )
        .await?;
    let issued = w.signing.issue(&input, "s", &binding).await.unwrap();
    let cms = w.sign(persona, &issued.tbs);
    let f = EnsRequestForm {
        position: Some("Специалист по закупкам".into()),
        phone: Some("+7 (7172) 11 22 33".into()),
        agreement_accepted: true,
        signature: Some(accounts::SignedAct {
            challenge_id: issued.challenge_id,
            cms_base64: <base64ct::Base64 as base64ct::Encoding>::encode_string(&cms),
        }),
    };
    let upload = Upload {
        file_name: "dover.pdf".into(),
        bytes: file.to_vec(),
    };
    w.accounts
        .submit_ens_request(s, &f, Some(&upload), &origin("s"))
        .await
}

fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(size, b' ');
    v
}

#[tokio::test]
async fn as_65_acc_28_the_ens_administrator_enters_organisations() {
    let w = World::new().await.with_reference().await;
    let gm = seed_p_gm(&w).await;
    let (ensadm, _) = staff(&w).await;
    let mut f = dzo_form();
    f.contact_email = None;
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &f, &origin("s"))
                .await
        ),
        [("contact_email", ErrorCode::AccRequired)]
    );
    f.contact_email = Some("zakup@dzo-test.kz".into());
    f.bin = Some("110340000561".into());
    f.rnn = Some("12345".into());
    // Every field error at once.
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &f, &origin("s"))
                .await
        ),
        [
            ("bin", ErrorCode::AccIinBinChecksum),
            ("rnn", ErrorCode::AccRnnFormat)
        ]
    );
    f.rnn = None;
    f.bin = Some(DOS_IIN.into());
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &f, &origin("s"))
                .await
        ),
        [("bin", ErrorCode::AccBinExpected)]
    );
    assert_eq!(w.count("participants").await, 1);
    let dzo = w
        .accounts
        .save_ens_organisation(&ensadm, &dzo_form(), &origin("s"))
        .await
        .unwrap();
    assert_eq!(dzo.participant_status, "ADMIN_CREATED");
    assert_eq!(dzo.name, "АО «ДЗО-Тест»");
    let p = w
        .accounts
        .participant(&dzo.participant_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((p.kind.as_str(), p.id_number.as_str()), ("UL", DZO_BIN));
    assert!(
        store_org::members_of(w.t.db.pool(), &p.id)
            .await
            .unwrap()
            .is_empty()
    );
    // P-GM: the profile is attached, the registration data stay.
    let attached = w
        .accounts
        .save_ens_organisation(
            &ensadm,
            &EnsOrgForm {
                name: Some("Другое имя".into()),
                bin: Some(GM_BIN.into()),
                kfs: Some("19".into()),
                contact_email: Some("zakup@globalmed.kz".into()),
                ..EnsOrgForm::default()
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(attached.participant_id, gm.id);
    let after = w.accounts.participant(&gm.id).await.unwrap().unwrap();
    assert_eq!(after, gm);
    // «Родительская организация»: not itself, no cycles.
    let mut child = dzo_form();
    child.parent_participant_id = Some(gm.id.clone());
    w.accounts
        .save_ens_organisation(&ensadm, &child, &origin("s"))
        .await
        .unwrap();
    let gm_parent = EnsOrgForm {
        bin: Some(GM_BIN.into()),
        parent_participant_id: Some(dzo.participant_id.clone()),
        contact_email: Some("zakup@globalmed.kz".into()),
        ..EnsOrgForm::default()
    };
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &gm_parent, &origin("s"))
                .await
        ),
        [("parent_participant_id", ErrorCode::AccEnsParent)]
    );
    // The list: search by name or БИН, paged.
    let page = PageRequest::new(Some(1), Some(10)).unwrap();
    let all = w
        .accounts
        .ens_organisations(&ensadm, "", &page)
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    let found = w
        .accounts
        .ens_organisations(&ensadm, "дзо", &page)
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].bin, DZO_BIN);
    assert_eq!(
        found.items[0].profile.parent_participant_id.as_deref(),
        Some("prt_gm")
    );
    let by_bin = w
        .accounts
        .ens_organisations(&ensadm, GM_BIN, &page)
        .await
        .unwrap();
    assert_eq!(by_bin.items[0].participant_id, gm.id);
    // ens.org is the ENS_ADMIN's only.
    w.seed_account(DOS_IIN, "ДОСОВА", "МАДИНА", "ЕРЛАНОВНА")
        .await;
    let dos = w.login("C-DOS-A").await;
    assert_eq!(
        code(w.accounts.ens_organisations(&dos, "", &page).await),
        ErrorCode::AccForbidden
    );
    w.done().await;
}

/// AS-67 up to the submitted request of U-DOS; returns (U-ENSADM, U-AUTH, U-DOS, DZO id).
async fn submitted(
    w: &World,
) -> (
    accounts::SessionInfo,
    accounts::SessionInfo,
    accounts::SessionInfo,
    String,
) {
    let (ensadm, auth) = staff(w).await;
    let dzo = w
        .accounts
        .save_ens_organisation(&ensadm, &dzo_form(), &origin("s"))
        .await
        .unwrap();
    w.seed_account(DOS_IIN, "ДОСОВА", "МАДИНА", "ЕРЛАНОВНА")
        .await;
    let dos = w.login("C-DOS-A").await;
    request(w, &dos, "C-DOS-S", &pdf(300 * 1024)).await.unwrap();
    (ensadm, auth, dos, dzo.participant_id)
}

#[tokio::test]
async fn as_67_acc_94_the_access_request_and_its_refusals() {
    let w = World::new().await.with_reference().await;
    seed_p_gm(&w).await;
    let (ensadm, _) = staff(&w).await;
    w.accounts
        .save_ens_organisation(&ensadm, &dzo_form(), &origin("s"))
        .await
        .unwrap();
    let dos_mail = w
        .seed_account(DOS_IIN, "ДОСОВА", "МАДИНА", "ЕРЛАНОВНА")
        .await;
    let dos = w.login("C-DOS-A").await;
    let ctx = w.accounts.ens_request_context(&dos).await.unwrap();
    assert_eq!(
        (
            ctx.last_name.as_str(),
            ctx.first_name.as_str(),
            ctx.bin.as_str()
        ),
        ("ДОСОВА", "МАДИНА", DZO_BIN)
    );
    assert_eq!(ctx.participant_name, "АО «ДЗО-Тест»");
    assert_eq!(ctx.email, dos_mail);
    // Without «Доверенность», without the tick: every field error at once, nothing stored.
    let empty = EnsRequestForm {
        position: Some("Специалист по закупкам".into()),
        phone: Some("+7 (7172) 11 22 33".into()),
        ..EnsRequestForm::default()
    };
    assert_eq!(
        fields(
            w.accounts
                .submit_ens_request(&dos, &empty, None, &origin("s"))
                .await
        ),
        [
            ("power_of_attorney", ErrorCode::AccRequired),
            ("agreement_accepted", ErrorCode::AccEnsAgreement),
            ("signature", ErrorCode::AccRequired)
        ]
    );
    // ACC-8: more than 20 MB, and not a pdf/jpg/png by content.
    let big = Upload {
        file_name: "dover.pdf".into(),
        bytes: pdf(25 * 1024 * 1024),
    };
    assert_eq!(
        fields(
            w.accounts
                .submit_ens_request(&dos, &empty, Some(&big), &origin("s"))
                .await
        )[0],
        ("power_of_attorney", ErrorCode::AccFileTooLarge)
    );
    let exe = Upload {
        file_name: "dover.pdf".into(),
        bytes: b"MZ\x90\x00 not a pdf".to_vec(),
    };
    assert_eq!(
        fields(
            w.accounts
                .submit_ens_request(&dos, &empty, Some(&exe), &origin("s"))
                .await
        )[0],
        ("power_of_attorney", ErrorCode::AccFileType)
    );
    // The signature covers the file: another file than the signed one is refused.
    let file = pdf(300 * 1024);
    let sha = signatures::sha256_hex(&file);
    let (input, binding) = w
        .accounts
        .ens_request_tbs(
            &dos,
            "Специалист по закупкам",
            "+7 (7172) 11 22 33",
            &sha,
            Lang::Ru,
        )
        .await
        .unwrap();
    let issued = w.signing.issue(&input, "s", &binding).await.unwrap();
    let cms = w.sign("C-DOS-S", &issued.tbs);
    let mut signed = empty.clone();
    signed.agreement_accepted = true;
    signed.signature = Some(accounts::SignedAct {
        challenge_id: issued.challenge_id,
        cms_base64: <base64ct::Base64 as base64ct::Encoding>::encode_string(&cms),
    });
    let other = Upload {
        file_name: "dover.pdf".into(),
        bytes: pdf(1000),
    };
    assert_eq!(
        code(
            w.accounts
                .submit_ens_request(&dos, &signed, Some(&other), &origin("s"))
                .await
        ),
        ErrorCode::SigChallengeUnknown
    );
    assert_eq!(w.count("ens_access_requests").await, 0);
    // The request, SUBMITTED, with the USER_ENS acceptance and the file in the row.
    let r = request(&w, &dos, "C-DOS-S", &file).await.unwrap();
    assert_eq!(r.status, "SUBMITTED");
    assert_eq!(
        (r.poa_mime.as_str(), r.poa_size),
        ("application/pdf", 300 * 1024)
    );
    assert_eq!(r.email, "dosova@dzo-test.kz");
    let acceptances = accounts::store::acceptances_of(w.t.db.pool(), &dos.account.id)
        .await
        .unwrap();
    assert!(
        acceptances
            .iter()
            .any(|(k, _, sig)| k == "USER_ENS" && sig.is_none())
    );
    let (_, mime, bytes) = accounts::store_ens::power_of_attorney(w.t.db.pool(), r.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((mime.as_str(), bytes), ("application/pdf", file.clone()));
    // A second one: MSG-ENS-DUPLICATE.
    assert_eq!(
        code(request(&w, &dos, "C-DOS-S", &file).await),
        ErrorCode::AccEnsDuplicate
    );
    // U-OMA (an individual certificate): «Требуется ЭЦП сотрудника юридического лица».
    w.seed_account("871202400552", "ОМАРОВА", "САУЛЕ", "БЕКЕНОВНА")
        .await;
    let oma = w.login("C-OMA-A").await;
    assert_eq!(
        code(w.accounts.ens_request_context(&oma).await),
        ErrorCode::AccEnsLegalEntityRequired
    );
    // U-GM (P-GM has no EnsOrgProfile): CAT-63 with the БИН.
    w.seed_account("911212400775", "ШМИДТ", "АННА", "").await;
    let gm = w.login("C-GM-A").await;
    match w.accounts.ens_request_context(&gm).await {
        Err(AccountsError::Refused { code, args }) => {
            assert_eq!(code, ErrorCode::AccEnsOrgNotRegistered);
            assert_eq!(args, vec![("bin", GM_BIN.to_string())]);
        }
        other => panic!("{other:?}"),
    }
    w.done().await;
}

#[tokio::test]
async fn as_68_acc_95_accreditation_grants_access_with_the_accounts_own_password() {
    let w = World::new().await.with_reference().await;
    let (ensadm, auth, dos, dzo) = submitted(&w).await;
    // Only AUTH_BODY decides.
    assert_eq!(
        code(w.accounts.ens_request_queue(&ensadm, None).await),
        ErrorCode::AccForbidden
    );
    let queue = w.accounts.ens_request_queue(&auth, None).await.unwrap();
    assert_eq!(queue.len(), 1);
    let id = queue[0].id;
    let done = w
        .accounts
        .decide_ens_request(
            &auth,
            id,
            &EnsDecision {
                accredit: true,
                reason: None,
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(done.status, "ACCREDITED");
    let m = store_org::membership(w.t.db.pool(), &dos.account.id, &dzo)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (m.status.as_str(), m.source.as_str(), m.authorities.len()),
        ("ACTIVE", "ENS_ACCREDITATION", 0)
    );
    let grants = accounts::store::roles_of(w.t.db.pool(), &dos.account.id)
        .await
        .unwrap();
    assert_eq!(grants, vec![("ENS_USER".to_string(), Some(dzo.clone()))]);
    let mail = w.wait_mails(&dos.account.email, 1).await;
    let accredited = mail
        .iter()
        .find(|m| m.subject == "Доступ к ИС ЕНС ТРУ предоставлен")
        .expect("E-ENS-ACCREDITED");
    assert!(
        accredited
            .body
            .contains(&format!("Логин: {}", dos.account.email))
    );
    assert!(!accredited.body.contains("Tauar2026"));
    // «Войти» with the e-mail and the account's password opens «Реестр заявок».
    let logged = w
        .accounts
        .ens_login_password(
            &dos.account.email.to_uppercase(),
            "Tauar2026",
            None,
            &origin("s"),
        )
        .await
        .unwrap();
    let s = w
        .accounts
        .session(&logged.session_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.assurance, "PASSWORD");
    assert_eq!(s.context_participant_id.as_deref(), Some(dzo.as_str()));
    assert_eq!(w.accounts.ens_module_participant(&s).await.unwrap().id, dzo);
    // ACC-29: such a session is refused by the platform (the `U` and `—` cells).
    assert_eq!(
        code(
            w.accounts
                .require(&s, accounts::authz::Action::UsrProfile)
                .await
        ),
        ErrorCode::AccUpgradeRequired
    );
    assert_eq!(
        code(
            w.accounts
                .require_org(&s, &dzo, accounts::authz::Action::PartView)
                .await
        ),
        ErrorCode::AccForbidden
    );
    // A second decision of the same request: it is no longer pending.
    assert_eq!(
        code(
            w.accounts
                .decide_ens_request(
                    &auth,
                    id,
                    &EnsDecision {
                        accredit: false,
                        reason: Some("x".into())
                    },
                    &origin("s")
                )
                .await
        ),
        ErrorCode::NotFound
    );
    w.done().await;
}

/// AS-67 and AS-68 up to an accredited U-DOS; returns (U-AUTH, U-DOS, DZO id).
async fn accredited(w: &World) -> (accounts::SessionInfo, accounts::SessionInfo, String) {
    let (_, auth, dos, dzo) = submitted(w).await;
    let id = w.accounts.ens_request_queue(&auth, None).await.unwrap()[0].id;
    w.accounts
        .decide_ens_request(
            &auth,
            id,
            &EnsDecision {
                accredit: true,
                reason: None,
            },
            &origin("s"),
        )
        .await
        .unwrap();
    (auth, dos, dzo)
}

#[tokio::test]
async fn as_68_e3_refusal_needs_a_reason_and_mails_it() {
    let w = World::new().await.with_reference().await;
    let (_, auth, dos, _) = submitted(&w).await;
    let id = w.accounts.ens_request_queue(&auth, None).await.unwrap()[0].id;
    assert_eq!(
        fields(
            w.accounts
                .decide_ens_request(
                    &auth,
                    id,
                    &EnsDecision {
                        accredit: false,
                        reason: Some("  ".into())
                    },
                    &origin("s")
                )
                .await
        ),
        [("reason", ErrorCode::AccRejectReason)]
    );
    let r = w
        .accounts
        .decide_ens_request(
            &auth,
            id,
            &EnsDecision {
                accredit: false,
                reason: Some("Доверенность не подписана".into()),
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(r.status, "REFUSED");
    let mail = w.wait_mails(&dos.account.email, 1).await;
    assert!(mail.iter().any(
        |m| m.subject == "Заявка на регистрацию в ИС ЕНС ТРУ отклонена"
            && m.body.contains("Причина: Доверенность не подписана")
    ));
    // No grant, no membership; a new request may be sent.
    assert!(
        accounts::store::roles_of(w.t.db.pool(), &dos.account.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(w.accounts.ens_request_context(&dos).await.is_ok());
    w.done().await;
}

#[tokio::test]
async fn as_69_acc_60_61_164_the_three_login_checks() {
    let w = World::new().await.with_reference().await;
    let (_, dos, dzo) = accredited(&w).await;
    let ahm_mail = w
        .seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    let cert_login = |persona: &'static str, account: String| {
        let w = &w;
        async move {
            let input = signatures::TbsInput {
                purpose: signatures::Purpose::parse("ens.login").unwrap(),
                ..signatures::TbsInput::login(Lang::Ru, "Вход")
            };
            let issued = w
                .signing
                .issue(&input, "s", &signatures::Binding::none())
                .await
                .unwrap();
            let cms = w.sign(persona, &issued.tbs);
            w.accounts
                .ens_login_certificate(&account, &issued.challenge_id, &cms, None, &origin("s"))
                .await
        }
    };
    // Check 2: an individual certificate of the same ИИН.
    let ok = cert_login("C-DOS-IND", dos.account.email.clone())
        .await
        .unwrap();
    let s = w.accounts.session(&ok.session_id).await.unwrap().unwrap();
    assert_eq!(
        (s.assurance.as_str(), s.context_participant_id.as_deref()),
        ("CERT", Some(dzo.as_str()))
    );
    assert_eq!(
        code(cert_login("C-AHM-A", dos.account.email.clone()).await),
        ErrorCode::AccEnsIinMismatch
    );
    // Check 3: the БИН of her organisation and the profile e-mail (the certificate's).
    sqlx::query("UPDATE accounts SET email = $1, email_key = $1 WHERE id = $2")
        .bind("dosova@dzo-test.kz")
        .bind(&dos.account.id)
        .execute(w.t.db.pool())
        .await
        .unwrap();
    let ok = cert_login("C-DOS-A", "Dosova@dzo-test.kz ".into())
        .await
        .unwrap();
    let s = w.accounts.session(&ok.session_id).await.unwrap().unwrap();
    assert_eq!(s.cert_bin.as_deref(), Some(DZO_BIN));
    assert_eq!(
        code(cert_login("C-DOS-OTHERMAIL", "dosova@dzo-test.kz".into()).await),
        ErrorCode::AccEnsBinEmailMismatch
    );
    assert_eq!(
        fields(cert_login("C-DOS-A", "  ".into()).await),
        [("account", ErrorCode::AccEnsAccountRequired)]
    );
    // «Войти»: a wrong password and an unknown account give one answer in about one time.
    let t = std::time::Instant::now();
    assert_eq!(
        code(
            w.accounts
                .ens_login_password("dosova@dzo-test.kz", "Wrong2026", None, &origin("s"))
                .await
        ),
        ErrorCode::AccEnsBadCredentials
    );
    let wrong = t.elapsed();
    let t = std::time::Instant::now();
    assert_eq!(
        code(
            w.accounts
                .ens_login_password("nobody@example.kz", "Tauar2026", None, &origin("s"))
                .await
        ),
        ErrorCode::AccEnsBadCredentials
    );
    let unknown = t.elapsed();
    assert!(
        unknown * 4 > wrong && wrong * 4 > unknown,
        "{wrong:?} vs {unknown:?}"
    );
    assert_eq!(
        code(
            w.accounts
                .ens_login_password("not an e-mail", "Tauar2026", None, &origin("s"))
                .await
        ),
        ErrorCode::AccEnsBadCredentials
    );
    // The wrong password counted toward the lock of ACC-65.
    let a = accounts::store::account_by_id(w.t.db.pool(), &dos.account.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.lock.failed, 1);
    // U-AHM: the password is right, the account is not accredited.
    assert_eq!(
        code(
            w.accounts
                .ens_login_password(&ahm_mail, "Tauar2026", None, &origin("s"))
                .await
        ),
        ErrorCode::AccEnsNotAccredited
    );
    w.done().await;
}

#[tokio::test]
async fn as_71_acc_96_revoking_ens_access() {
    let w = World::new().await.with_reference().await;
    let (auth, dos, dzo) = accredited(&w).await;
    let ens = w
        .accounts
        .ens_login_password(&dos.account.email, "Tauar2026", None, &origin("s"))
        .await
        .unwrap();
    let users = w
        .accounts
        .ens_users(&auth, Some(&dzo), &PageRequest::default())
        .await
        .unwrap()
        .items;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].account_id, dos.account.id);
    assert_eq!(
        fields(
            w.accounts
                .revoke_ens_user(
                    &auth,
                    users[0].grant_id,
                    &EnsRevocation::default(),
                    &origin("s")
                )
                .await
        ),
        [("reason", ErrorCode::AccReasonRequired)]
    );
    assert_eq!(
        code(
            w.accounts
                .revoke_ens_user(
                    &dos,
                    users[0].grant_id,
                    &EnsRevocation {
                        reason: Some("x".into())
                    },
                    &origin("s")
                )
                .await
        ),
        ErrorCode::AccForbidden
    );
    w.accounts
        .revoke_ens_user(
            &auth,
            users[0].grant_id,
            &EnsRevocation {
                reason: Some("Отзыв доверенности".into()),
            },
            &origin("s"),
        )
        .await
        .unwrap();
    // The module session ended; the next «Войти» is not accredited; the platform login works.
    assert!(w.accounts.session(&ens.session_id).await.unwrap().is_none());
    assert_eq!(
        code(
            w.accounts
                .ens_login_password(&dos.account.email, "Tauar2026", None, &origin("s"))
                .await
        ),
        ErrorCode::AccEnsNotAccredited
    );
    let platform = w.login("C-DOS-A").await;
    assert_eq!(platform.assurance, "CERT_PASSWORD");
    w.done().await;
}

#[tokio::test]
async fn acc_95_a_blocked_membership_is_not_accredited_and_acc_63_blocked_accounts_stay_out() {
    let w = World::new().await.with_reference().await;
    let (_, auth, dos, dzo) = submitted(&w).await;
    let m = {
        let mut tx = w.t.db.write_tx().await.unwrap();
        let id = store_org::insert_membership(
            &mut tx,
            &dos.account.id,
            &dzo,
            &[],
            "ADMIN",
            None,
            w.now(),
        )
        .await
        .unwrap();
        store_org::update_membership(
            &mut tx,
            id,
            "BLOCKED",
            &[],
            Some("Увольнение"),
            Some(("x", w.now())),
            "x",
            w.now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    };
    let id = w.accounts.ens_request_queue(&auth, None).await.unwrap()[0].id;
    match w
        .accounts
        .decide_ens_request(
            &auth,
            id,
            &EnsDecision {
                accredit: true,
                reason: None,
            },
            &origin("s"),
        )
        .await
    {
        Err(AccountsError::Refused { code, args }) => {
            assert_eq!(code, ErrorCode::AccMemberBlocked);
            assert!(args.contains(&("reason", "Увольнение".to_string())));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        accounts::store::roles_of(w.t.db.pool(), &dos.account.id)
            .await
            .unwrap()
            .is_empty()
    );
    let _ = m;
    // A blocked account: MSG-ACCOUNT-BLOCKED after the password (ACC-63).
    sqlx::query("UPDATE accounts SET status = 'BLOCKED', blocked_reason = 'test' WHERE id = $1")
        .bind(&dos.account.id)
        .execute(w.t.db.pool())
        .await
        .unwrap();
    assert_eq!(
        code(
            w.accounts
                .ens_login_password(&dos.account.email, "Tauar2026", None, &origin("s"))
                .await
        ),
        ErrorCode::AccAccountBlocked
    );
    w.done().await;
}

#[tokio::test]
async fn p3_acc_95_an_accredited_person_registers_the_admin_created_participant() {
    let w = World::new().await.with_reference().await;
    let (_, _, dzo) = accredited(&w).await;
    // Досова (right to sign in АО «ДЗО-Тест») registers the participant the ENS_ADMIN made.
    let s = w.login("C-DOS-A").await;
    let f = accounts::ParticipantForm {
        agreement: Some(w.participant_agreement(&s, "UL", "C-DOS-S").await),
        email: Some("zakup@dzo-test.kz".into()),
        applicant_full_name: Some("ДОСОВА МАДИНА ЕРЛАНОВНА".into()),
        head_iin: Some("880718401238".into()),
        head_last_name: Some("ДОСОВА".into()),
        head_first_name: Some("МАДИНА".into()),
        ..p_ts_form()
    };
    let p = w
        .accounts
        .register_participant(&s, &f, &origin("s"))
        .await
        .unwrap();
    assert_eq!(p.id, dzo, "the same record becomes ACTIVE");
    assert_eq!(p.status, "ACTIVE");
    let m = accounts::store_org::membership(w.t.db.pool(), &s.account.id, &dzo)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, "ACTIVE");
    assert!(m.authorities.iter().any(|a| a == "ORG_ADMIN"), "{m:?}");
    // The ЕНС ТРУ access stays.
    let roles = accounts::store::roles_of(w.t.db.pool(), &s.account.id)
        .await
        .unwrap();
    assert!(
        roles
            .iter()
            .any(|(r, scope)| r == "ENS_USER" && scope.as_deref() == Some(dzo.as_str())),
        "{roles:?}"
    );
    w.done().await;
}

#[tokio::test]
async fn g_46_cat_22_supervisor_is_given_by_the_ens_admin_to_an_ens_user_of_the_organisation() {
    let w = World::new().await.with_reference().await;
    let (ensadm, auth, dos, dzo) = submitted(&w).await;
    let id = w.accounts.ens_request_queue(&auth, None).await.unwrap()[0].id;
    let accredit = EnsDecision {
        accredit: true,
        reason: None,
    };
    w.accounts
        .decide_ens_request(&auth, id, &accredit, &origin("s"))
        .await
        .unwrap();
    let users = w
        .accounts
        .ens_users(&ensadm, Some(&dzo), &PageRequest::default())
        .await
        .unwrap()
        .items;
    let grant = users[0].grant_id;
    assert_eq!(users[0].supervisor_grant_id, None);
    assert!(!w.accounts.ens_has_supervisor(&dzo).await.unwrap());
    let why = EnsSupervisorChange {
        reason: Some("Письмо № 7".into()),
    };
    // Only ENS_ADMIN (§4.9 `ens.supervisor`): the authorized body and the user are refused.
    for s in [&auth, &dos] {
        assert_eq!(
            code(
                w.accounts
                    .grant_ens_supervisor(s, grant, &why, &origin("s"))
                    .await
            ),
            ErrorCode::AccForbidden
        );
    }
    assert_eq!(
        fields(
            w.accounts
                .grant_ens_supervisor(
                    &ensadm,
                    grant,
                    &EnsSupervisorChange::default(),
                    &origin("s")
                )
                .await
        ),
        [("reason", ErrorCode::AccReasonRequired)]
    );
    let sup = w
        .accounts
        .grant_ens_supervisor(&ensadm, grant, &why, &origin("s"))
        .await
        .unwrap();
    assert_eq!(
        code(
            w.accounts
                .grant_ens_supervisor(&ensadm, grant, &why, &origin("s"))
                .await
        ),
        ErrorCode::AccRoleHeld
    );
    let users = w
        .accounts
        .ens_users(&ensadm, Some(&dzo), &PageRequest::default())
        .await
        .unwrap()
        .items;
    assert_eq!(users[0].supervisor_grant_id, Some(sup));
    assert!(w.accounts.ens_has_supervisor(&dzo).await.unwrap());
    // Taken back: ENS_USER stays.
    w.accounts
        .revoke_ens_supervisor(&ensadm, grant, &why, &origin("s"))
        .await
        .unwrap();
    assert!(!w.accounts.ens_has_supervisor(&dzo).await.unwrap());
    assert!(
        w.accounts
            .ens_effective(&dos.account.id, &dzo)
            .await
            .unwrap()
    );
    assert_eq!(
        code(
            w.accounts
                .revoke_ens_supervisor(&ensadm, grant, &why, &origin("s"))
                .await
        ),
        ErrorCode::NotFound
    );
    // Revoking ENS_USER takes SUPERVISOR with it; a revoked ENS_USER cannot be made supervisor.
    w.accounts
        .grant_ens_supervisor(&ensadm, grant, &why, &origin("s"))
        .await
        .unwrap();
    w.accounts
        .revoke_ens_user(
            &auth,
            grant,
            &EnsRevocation {
                reason: Some("Отзыв доверенности".into()),
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert!(!w.accounts.ens_has_supervisor(&dzo).await.unwrap());
    assert_eq!(
        w.count("role_grants WHERE role = 'SUPERVISOR' AND revoked_at IS NULL")
            .await,
        0
    );
    assert_eq!(
        code(
            w.accounts
                .grant_ens_supervisor(&ensadm, grant, &why, &origin("s"))
                .await
        ),
        ErrorCode::NotFound
    );
    w.done().await;
}

/// The participant's bank accounts as (number, bank, КБе, source, default).
async fn accounts_of(w: &World, pid: &str) -> Vec<(String, String, String, String, bool)> {
    store_org::bank_accounts_of(w.t.db.pool(), pid)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.number, a.bank_bic, a.kbe, a.source, a.is_default))
        .collect()
}

#[tokio::test]
async fn as_65_acc_28_the_bank_row_of_appendix_1_is_an_ens_admin_account() {
    let w = World::new().await.with_reference().await;
    let gm = seed_p_gm(&w).await;
    let (ensadm, _) = staff(&w).await;
    let kaspi = kz_iban("722", "5500");

    // A new БИН: КБе is entered (residency and КСЕ unknown); every error at once, nothing saved.
    let mut f = dzo_form();
    f.iik = Some("KZ00 7220 0000 0000 5500".into());
    f.kbe = Some("35".into());
    f.contact_email = None;
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &f, &origin("s"))
                .await
        ),
        [
            ("contact_email", ErrorCode::AccRequired),
            ("kbe", ErrorCode::AccDictValue),
            ("iik", ErrorCode::AccIbanChecksum),
        ]
    );
    f.contact_email = Some("zakup@dzo-test.kz".into());
    f.iik = Some(kaspi.clone());
    f.kbe = None;
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &f, &origin("s"))
                .await
        ),
        [("kbe", ErrorCode::AccRequired)]
    );
    f.bank_bic = Some("HSBKKZKX".into());
    f.iik = None;
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &f, &origin("s"))
                .await
        ),
        [("iik", ErrorCode::AccRequired)]
    );
    // MSG-BANK-UNKNOWN names the IBAN code.
    f.iik = Some(kz_iban("999", "1"));
    f.kbe = Some("17".into());
    assert_eq!(
        code(
            w.accounts
                .save_ens_organisation(&ensadm, &f, &origin("s"))
                .await
        ),
        ErrorCode::AccBankUnknown
    );
    assert_eq!(w.count("ens_org_profiles").await, 0);
    assert_eq!(w.count("bank_accounts").await, 0);

    // Saved: the bank of the IBAN code (the chosen one replaced), the КБе entered.
    f.iik = Some(kaspi.clone());
    let o = w
        .accounts
        .save_ens_organisation(&ensadm, &f, &origin("s"))
        .await
        .unwrap();
    let b = o.bank.clone().expect("the bank row");
    assert_eq!(
        (
            b.iik.as_str(),
            b.bic.as_str(),
            b.kbe.as_str(),
            b.kbe_entered
        ),
        (kaspi.as_str(), "CASPKZKA", "17", true)
    );
    assert!(!b.bank_name.is_empty());
    assert_eq!(
        accounts_of(&w, &o.participant_id).await,
        [(
            kaspi.clone(),
            "CASPKZKA".into(),
            "17".into(),
            "ENS_ADMIN".into(),
            true
        )]
    );
    // The same one account is changed by the next save, and shown by the reads.
    let other = kz_iban("722", "7700");
    f.iik = Some(other.clone());
    f.kbe = Some("27".into());
    let o2 = w
        .accounts
        .save_ens_organisation(&ensadm, &f, &origin("s"))
        .await
        .unwrap();
    assert_eq!(o2.bank.as_ref().map(|b| b.account_id), Some(b.account_id));
    let read = w
        .accounts
        .ens_organisation(&ensadm, &o.participant_id)
        .await
        .unwrap();
    assert_eq!(read.bank, o2.bank);
    assert_eq!(read.bank.as_ref().map(|b| b.kbe.as_str()), Some("27"));
    // An empty «ИИК» removes the row.
    f.iik = None;
    f.kbe = None;
    f.bank_bic = None;
    let o3 = w
        .accounts
        .save_ens_organisation(&ensadm, &f, &origin("s"))
        .await
        .unwrap();
    assert_eq!(o3.bank, None);
    assert!(accounts_of(&w, &o.participant_id).await.is_empty());

    // A registered participant: КБе computed from its residency and КСЕ (what is typed is
    // ignored); its manual account's number is not taken twice.
    let manual = kz_iban("722", "9900");
    let mut tx = w.t.db.write_tx().await.unwrap();
    store_org::insert_bank_account(
        &mut tx,
        &store_org::BankAccount {
            id: 0,
            participant_id: gm.id.clone(),
            old_format: false,
            number: manual.clone(),
            kbe: "27".into(),
            bank_bic: "CASPKZKA".into(),
            account_type: "CURRENT".into(),
            is_guarantee: false,
            is_default: true,
            source: "MANUAL".into(),
        },
        "seed",
        w.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut g = EnsOrgForm {
        bin: Some(GM_BIN.into()),
        contact_email: Some("info@globalmed.kz".into()),
        iik: Some(manual.clone()),
        kbe: Some("11".into()),
        ..EnsOrgForm::default()
    };
    assert_eq!(
        fields(
            w.accounts
                .save_ens_organisation(&ensadm, &g, &origin("s"))
                .await
        ),
        [("iik", ErrorCode::AccAccountDuplicate)]
    );
    g.iik = Some(kaspi.clone());
    let o = w
        .accounts
        .save_ens_organisation(&ensadm, &g, &origin("s"))
        .await
        .unwrap();
    let b = o.bank.unwrap();
    let expected = accounts::rules::kbe(gm.is_resident, &gm.kse);
    assert_eq!((b.kbe.as_str(), b.kbe_entered), (expected.as_str(), false));
    assert_eq!(o.name, gm.name, "the participant's name is unchanged");
    let rows = accounts_of(&w, &gm.id).await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .any(|r| r.0 == kaspi && r.3 == "ENS_ADMIN" && !r.4),
        "not the default: the manual account keeps it: {rows:?}"
    );
    w.done().await;
}

#[tokio::test]
async fn acc_24_acc_30_the_module_asks_a_new_user_ens_version_and_chooses_its_organisation() {
    use crate::agreements::{f_base, login_at};
    let w = World::new().await.with_reference().await;
    let (_, dos, dzo) = accredited(&w).await;
    f_base(
        &w,
        "800101300115",
        "ТЕМИРХАНОВ",
        "АЙДОС",
        Some("PLATFORM_ADMIN"),
    )
    .await;
    w.advance(60_000);
    let (_, admin) = login_at(&w, "C-PADM-A", accounts::EntryPoint::Portal, "adm").await;
    w.accounts
        .publish_agreement(
            &admin,
            &accounts::agreement_admin::AgreementPublication {
                kind: Some("USER_ENS".into()),
                text_ru: Some("Соглашение ЕНС ТРУ, редакция 2".into()),
                text_kk: Some("ЕНС ТРУ келісімі, 2-редакция".into()),
                requires_reacceptance: true,
                ..Default::default()
            },
            &origin("adm"),
        )
        .await
        .unwrap();
    w.advance(60_000);
    // ACC-24: the module's «Войти» answers `next: agreement` until USER_ENS is accepted.
    let done = w
        .accounts
        .ens_login_password(&dos.account.email, "Tauar2026", None, &origin("m"))
        .await
        .unwrap();
    assert_eq!(done.next, accounts::NextStep::Agreement);
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    assert_eq!(s.pending_agreement.as_deref(), Some("USER_ENS"));
    // ACC-30: the module session chooses only among its own organisations, audited.
    assert_eq!(
        code(
            w.accounts
                .ens_choose_participant(&s, "prt_nobody", &origin("m"))
                .await
        ),
        ErrorCode::AccEnsNotAccredited
    );
    let p = w
        .accounts
        .ens_choose_participant(&s, &dzo, &origin("m"))
        .await
        .unwrap();
    assert_eq!(p.id, dzo);
    // A platform session's context is its certificate's (G-38): `ens.registry` refuses it.
    let (_, portal) = login_at(&w, "C-DOS-A", accounts::EntryPoint::Portal, "p").await;
    assert_eq!(
        code(
            w.accounts
                .ens_choose_participant(&portal, &dzo, &origin("p"))
                .await
        ),
        ErrorCode::AccForbidden
    );
    w.done().await;
}

/// An `ACTIVE` account that never logs in (no password to hash): its id.
async fn bare_account(w: &World, n: usize, last: &str) -> String {
    let now = w.now();
    let a = accounts::store::Account {
        id: format!("acc_page_{n:02}"),
        iin: format!("9001013{n:05}"),
        last_name: last.into(),
        first_name: format!("ИМЯ{n:02}"),
        middle_name: n.is_multiple_of(2).then(|| "ОТЧЕСТВО".to_string()),
        birth_date: "1990-01-01".into(),
        email: format!("page{n:02}@ens-page.kz"),
        email_confirmed: true,
        mobile_phone: "+77011234567".into(),
        password_hash: "-".into(),
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
    let mut tx = w.t.db.write_tx().await.unwrap();
    accounts::store::insert_account(&mut tx, &a).await.unwrap();
    tx.commit().await.unwrap();
    a.id
}

/// A participant-scoped grant of `role`, written as the services write it.
async fn grant(w: &World, account: &str, role: &str, participant: &str) -> i64 {
    let mut tx = w.t.db.write_tx().await.unwrap();
    let id = accounts::store::grant_role(
        &mut tx,
        account,
        role,
        Some(participant),
        Some("seed"),
        "seed",
        w.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn acc_96_g_46_ens_users_are_paged_in_sql_oldest_grant_first() {
    let w = World::new().await.with_reference().await;
    let gm = seed_p_gm(&w).await;
    let (ensadm, auth) = staff(&w).await;
    let dzo = Participant {
        id: "prt_page_dzo".into(),
        id_number: DZO_BIN.into(),
        name: "АО «ДЗО-Тест»".into(),
        ..gm.clone()
    };
    {
        let mut tx = w.t.db.write_tx().await.unwrap();
        store_org::save_participant(&mut tx, &dzo, "seed", w.now(), false)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    // 12 users of АО «ДЗО-Тест» and 3 of the branch, one grant a second, alternating.
    let mut grants = Vec::new();
    for n in 0..15 {
        let org = if n % 5 == 4 { &gm.id } else { &dzo.id };
        let a = bare_account(&w, n, &format!("ФАМИЛИЯ{n:02}")).await;
        grants.push((grant(&w, &a, "ENS_USER", org).await, a, org.clone()));
        w.advance(1000);
    }
    // A revoked grant is not listed; SUPERVISOR shows only beside ENS_USER of its organisation.
    {
        let (g, a, _) = &grants[1];
        let mut tx = w.t.db.write_tx().await.unwrap();
        assert!(
            accounts::store_admin::revoke(&mut tx, a, *g, "seed", "Отзыв", w.now())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
    }
    let sup = grant(&w, &grants[2].1, "SUPERVISOR", &dzo.id).await;
    grant(&w, &grants[3].1, "SUPERVISOR", &gm.id).await;

    let page = |n, size| PageRequest::new(Some(n), Some(size)).unwrap();
    let first = w
        .accounts
        .ens_users(&auth, None, &page(1, 10))
        .await
        .unwrap();
    assert_eq!((first.total, first.page, first.per_page), (14, 1, 10));
    let listed: Vec<i64> = first.items.iter().map(|u| u.grant_id).collect();
    let expected: Vec<i64> = grants
        .iter()
        .map(|(g, _, _)| *g)
        .filter(|g| *g != grants[1].0)
        .collect();
    assert_eq!(listed, expected[..10], "oldest grant first");
    let second = w
        .accounts
        .ens_users(&ensadm, None, &page(2, 10))
        .await
        .unwrap();
    assert_eq!(second.total, 14);
    let listed: Vec<i64> = second.items.iter().map(|u| u.grant_id).collect();
    assert_eq!(
        listed,
        expected[10..],
        "page 2 continues where page 1 ended"
    );
    let u = &first.items[1];
    assert_eq!(u.grant_id, grants[2].0);
    assert_eq!(u.full_name, "ФАМИЛИЯ02 ИМЯ02 ОТЧЕСТВО");
    assert_eq!(u.email, "page02@ens-page.kz");
    assert_eq!(
        (u.participant_id.as_str(), u.participant_name.as_str()),
        (dzo.id.as_str(), "АО «ДЗО-Тест»")
    );
    assert_eq!(u.supervisor_grant_id, Some(sup));
    assert_eq!(first.items[2].full_name, "ФАМИЛИЯ03 ИМЯ03");
    assert_eq!(
        first.items[2].supervisor_grant_id, None,
        "SUPERVISOR of another organisation"
    );

    // One organisation's users.
    let branch = w
        .accounts
        .ens_users(&auth, Some(&gm.id), &page(1, 10))
        .await
        .unwrap();
    assert_eq!(branch.total, 3);
    assert!(branch.items.iter().all(|u| u.participant_id == gm.id));
    assert_eq!(
        branch.items[0].participant_name,
        "Филиал Global Medical GmbH"
    );
    let empty = w
        .accounts
        .ens_users(&auth, Some(&dzo.id), &page(3, 10))
        .await
        .unwrap();
    assert_eq!((empty.total, empty.items.len()), (11, 0));

    // One grant; a revoked or unknown one is NOT_FOUND.
    let one = w.accounts.ens_user(&auth, grants[2].0).await.unwrap();
    assert_eq!(one.full_name, "ФАМИЛИЯ02 ИМЯ02 ОТЧЕСТВО");
    assert_eq!(
        code(w.accounts.ens_user(&auth, grants[1].0).await),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(w.accounts.ens_user(&auth, 987_654_321).await),
        ErrorCode::NotFound
    );
    w.done().await;
}

/// AS-22: one lock counter serves every entry point (ACC-65 (1), (6)): three wrong passwords on
/// the module's «Войти» and two on the portal's password step after `C-DOS-A` lock the account;
/// during the lock «Войти с помощью ЭЦП» with `C-DOS-A` still opens the Requests module
/// (ACC-61: the certificate login asks no password).
#[tokio::test]
async fn as_22_acc_65_one_lock_counter_for_all_entry_points_and_the_cert_login_still_works() {
    let w = World::new().await.with_reference().await;
    let (_, dos, dzo) = accredited(&w).await;
    // Check 3 of ACC-61 compares the profile e-mail with the certificate's.
    sqlx::query("UPDATE accounts SET email = $1, email_key = $1 WHERE id = $2")
        .bind("dosova@dzo-test.kz")
        .bind(&dos.account.id)
        .execute(w.t.db.pool())
        .await
        .unwrap();
    let failed = || async {
        accounts::store::account_by_id(w.t.db.pool(), &dos.account.id)
            .await
            .unwrap()
            .unwrap()
            .lock
    };
    for n in 1..=3 {
        assert_eq!(
            code(
                w.accounts
                    .ens_login_password("dosova@dzo-test.kz", "Wrong2026", None, &origin("e"))
                    .await
            ),
            ErrorCode::AccEnsBadCredentials
        );
        assert_eq!(failed().await.failed, n);
    }
    for n in 4..=5 {
        let token = login_token(
            w.cert_step("C-DOS-A", accounts::EntryPoint::Portal, false, "p")
                .await,
        );
        let refused = w
            .accounts
            .login_password(&token, "Wrong2026", &origin("p"))
            .await;
        assert!(refused.is_err(), "the {n}th wrong password is refused");
        let lock = failed().await;
        if n == 4 {
            assert_eq!((lock.failed, lock.locked_until), (4, None));
        } else {
            assert!(lock.locked_until.is_some(), "the 5th locks: {lock:?}");
        }
    }
    // The right password is refused during the lock, on the module too.
    assert_eq!(
        code(
            w.accounts
                .ens_login_password("dosova@dzo-test.kz", "Tauar2026", None, &origin("e"))
                .await
        ),
        ErrorCode::AccLocked
    );
    // «Войти с помощью ЭЦП» opens the module («Реестр заявок») all the same.
    let input = signatures::TbsInput {
        purpose: signatures::Purpose::parse("ens.login").unwrap(),
        ..signatures::TbsInput::login(Lang::Ru, "Вход")
    };
    let issued = w
        .signing
        .issue(&input, "c", &signatures::Binding::none())
        .await
        .unwrap();
    let cms = w.sign("C-DOS-A", &issued.tbs);
    let done = w
        .accounts
        .ens_login_certificate(
            "dosova@dzo-test.kz",
            &issued.challenge_id,
            &cms,
            None,
            &origin("c"),
        )
        .await
        .unwrap();
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    assert_eq!(
        (s.assurance.as_str(), s.context_participant_id.as_deref()),
        ("CERT", Some(dzo.as_str()))
    );
    w.done().await;
}
