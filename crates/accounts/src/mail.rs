//! The e-mails of §6, composed from the Fluent catalogs in the recipient's language (ACC-154:
//! `kk` or `ru`; for `en` or anything else the Kazakh text first, then the Russian one) and
//! written to the outbox inside the caller's transaction.

use db::Tx;
use kernel::i18n::{FluentValue, Messages};
use kernel::{Lang, Millis};

/// One e-mail of §6 with its Fluent arguments.
pub struct Mail<'a> {
    /// `E-ACTIVATION`, …
    pub kind: &'static str,
    /// The Fluent id prefix: `mail-activation` → `mail-activation-subject`, `-body`.
    pub message: &'static str,
    pub to: &'a str,
    pub account_id: &'a str,
    pub ui_language: &'a str,
    pub args: Vec<(&'static str, String)>,
}

/// One Fluent message with string arguments (the e-mails and the in-app notifications).
pub(crate) fn render(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let fargs: Vec<(&str, FluentValue<'_>)> = args
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(*v)))
        .collect();
    Messages::get().t_args(lang, id, &fargs)
}

/// (subject, body) in the languages of ACC-154.
pub fn compose(m: &Mail<'_>) -> (String, String) {
    let subject_id = format!("{}-subject", m.message);
    let body_id = format!("{}-body", m.message);
    let args: Vec<(&str, &str)> = m.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    match Lang::parse(m.ui_language) {
        Some(l @ (Lang::Kk | Lang::Ru)) => {
            (render(l, &subject_id, &args), render(l, &body_id, &args))
        }
        _ => (
            format!(
                "{} / {}",
                render(Lang::Kk, &subject_id, &args),
                render(Lang::Ru, &subject_id, &args)
            ),
            format!(
                "{}\n\n---\n\n{}",
                render(Lang::Kk, &body_id, &args),
                render(Lang::Ru, &body_id, &args)
            ),
        ),
    }
}

/// Writes the mail to the outbox of the transaction.
pub async fn send(tx: &mut Tx, now: Millis, m: &Mail<'_>) -> Result<i64, notify::NotifyError> {
    let (subject, body_text) = compose(m);
    notify::enqueue(
        tx,
        now,
        &notify::OutgoingMail {
            kind: m.kind.to_string(),
            to: m.to.to_string(),
            subject,
            body_text,
            account_id: Some(m.account_id.to_string()),
        },
    )
    .await
}

/// `DD.MM.YYYY HH:mm`, local (ACC-3).
pub fn date_time(at: Millis) -> String {
    at.local().strftime("%d.%m.%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_154_english_recipients_get_kazakh_then_russian() {
        let m = Mail {
            kind: "E-LOCKED",
            message: "mail-locked",
            to: "a@b.kz",
            account_id: "acc_1",
            ui_language: "en",
            args: vec![("time", "10:11".into())],
        };
        let (subject, body) = compose(&m);
        assert_eq!(
            subject,
            "Кіру уақытша бұғатталды / Вход временно заблокирован"
        );
        let kk = body.find("10:11 дейін").unwrap();
        let ru = body.find("заблокирован до 10:11").unwrap();
        assert!(kk < ru);
        let m = Mail {
            ui_language: "ru",
            ..m
        };
        assert_eq!(compose(&m).0, "Вход временно заблокирован");
    }
}
