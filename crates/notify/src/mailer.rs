//! Where mail goes (ARCHITECTURE "notify": SMTP via lettre; a file mailbox in dev).
//!
//! Every message is UTF-8 `text/plain`: lettre encodes non-ASCII subjects as RFC 2047 encoded
//! words and picks quoted-printable or base64 for the body, so Cyrillic and Kazakh text
//! («Активация учетной записи», «Құрметті») survives any 7-bit relay.

use crate::{NotifyError, OutgoingMail};
use kernel::Millis;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, UNIX_EPOCH};

/// The sender used unless [`Mailer::with_from`] says otherwise.
pub const DEFAULT_FROM: &str = "Tauar <noreply@tauar.local>";

/// How long one message may take (connect, TLS, the whole SMTP conversation). lettre's own
/// timeout covers only parts of it (issue #1027), so every send is also wrapped in
/// `tokio::time::timeout`.
pub const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Where mail is delivered, with the From address and the send timeout.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    timeout: Duration,
}

#[derive(Clone)]
enum Transport {
    Smtp {
        /// The URL as given (may hold a password: never logged, see `describe`).
        url: String,
        smtp: AsyncSmtpTransport<Tokio1Executor>,
    },
    Dir(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("to", &self.describe())
            .field("from", &self.from.to_string())
            .field("timeout", &self.timeout)
            .finish()
    }
}

fn default_from() -> Mailbox {
    Mailbox::new(
        Some("Tauar".to_string()),
        lettre::Address::new_dangerous("noreply", "tauar.local"),
    )
}

/// lettre spells STARTTLS `tls=required`; we also accept `tls=starttls`.
fn lettre_url(url: &str) -> String {
    match url.split_once('?') {
        Some((base, query)) => {
            let query: Vec<&str> = query
                .split('&')
                .map(|p| {
                    if p == "tls=starttls" {
                        "tls=required"
                    } else {
                        p
                    }
                })
                .collect();
            format!("{base}?{}", query.join("&"))
        }
        None => url.to_string(),
    }
}

fn build_smtp(
    url: &str,
    timeout: Duration,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, NotifyError> {
    let builder =
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url(url)).map_err(|e| {
            NotifyError::MailerUrl {
                url: db::redact_url(url),
                reason: e.to_string(),
            }
        })?;
    Ok(builder.timeout(Some(timeout)).build())
}

impl Mailer {
    /// An SMTP mailer. `smtp://HOST:PORT` is plain SMTP (a local relay or a test receiver),
    /// `smtp://HOST:PORT?tls=starttls` (or lettre's `tls=required`) upgrades with STARTTLS,
    /// `smtps://HOST:PORT` is TLS from the start. `user:password@` logs in. TLS is rustls with
    /// the operating system's root certificates. Nothing connects until the first send.
    pub fn smtp(url: &str) -> Result<Mailer, NotifyError> {
        if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
            return Err(NotifyError::MailerUrl {
                url: db::redact_url(url),
                reason: "expected smtp:// or smtps://".into(),
            });
        }
        Ok(Mailer {
            transport: Transport::Smtp {
                url: url.to_string(),
                smtp: build_smtp(url, DEFAULT_SEND_TIMEOUT)?,
            },
            from: default_from(),
            timeout: DEFAULT_SEND_TIMEOUT,
        })
    }

    /// A file mailbox for development: each message becomes one RFC 5322 `.eml` file in `dir`
    /// (created when missing), written to a temporary name and renamed, so a reader never
    /// sees half a message.
    pub fn dir(dir: impl Into<PathBuf>) -> Mailer {
        Mailer {
            transport: Transport::Dir(dir.into()),
            from: default_from(),
            timeout: DEFAULT_SEND_TIMEOUT,
        }
    }

    /// `smtp://…` / `smtps://…` as [`Mailer::smtp`]; `dir:PATH` or `file://PATH` as
    /// [`Mailer::dir`]. For a `--mail-url` style option.
    pub fn from_url(url: &str) -> Result<Mailer, NotifyError> {
        if let Some(path) = url
            .strip_prefix("file://")
            .or_else(|| url.strip_prefix("dir:"))
        {
            if path.is_empty() {
                return Err(NotifyError::MailerUrl {
                    url: url.to_string(),
                    reason: "empty directory".into(),
                });
            }
            return Ok(Mailer::dir(path));
        }
        Mailer::smtp(url)
    }

    /// Sets the From address (`Name <addr@host>` or a bare address).
    pub fn with_from(mut self, from: &str) -> Result<Mailer, NotifyError> {
        self.from = from
            .parse::<Mailbox>()
            .map_err(|_| NotifyError::InvalidAddress(from.to_string()))?;
        Ok(self)
    }

    /// Sets the send timeout (default 30 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Mailer, NotifyError> {
        if let Transport::Smtp { url, smtp } = &mut self.transport {
            *smtp = build_smtp(url, timeout)?;
        }
        self.timeout = timeout;
        Ok(self)
    }

    /// The From address as it appears in the header.
    pub fn from_address(&self) -> String {
        self.from.to_string()
    }

    pub fn send_timeout(&self) -> Duration {
        self.timeout
    }

    /// The directory of a file mailbox.
    pub fn dir_path(&self) -> Option<&Path> {
        match &self.transport {
            Transport::Dir(p) => Some(p),
            Transport::Smtp { .. } => None,
        }
    }

    /// Where mail goes, for logs: the SMTP URL without its password, or the directory.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp { url, .. } => db::redact_url(url),
            Transport::Dir(p) => format!("dir:{}", p.display()),
        }
    }

    /// Sends one message now, bypassing the outbox (for a "send a test mail" command). Code
    /// that sends mail because of a change uses [`crate::enqueue`] instead (ACC-154).
    pub async fn send(&self, mail: &OutgoingMail, now: Millis) -> Result<(), NotifyError> {
        self.deliver(mail, None, now).await
    }

    /// Builds and delivers one message. `outbox` is `(row id, created_at)`, which gives a
    /// Message-ID that stays the same across retries.
    pub(crate) async fn deliver(
        &self,
        mail: &OutgoingMail,
        outbox: Option<(i64, i64)>,
        now: Millis,
    ) -> Result<(), NotifyError> {
        let message = self.build(mail, outbox, now)?;
        match &self.transport {
            Transport::Smtp { smtp, .. } => {
                match tokio::time::timeout(self.timeout, smtp.send(message)).await {
                    Ok(Ok(_response)) => Ok(()),
                    Ok(Err(e)) => Err(NotifyError::Smtp(e)),
                    Err(_) => Err(NotifyError::Timeout(self.timeout)),
                }
            }
            Transport::Dir(dir) => {
                let id = outbox.map(|(id, _)| id).unwrap_or(0);
                write_eml(dir, id, now, &message.formatted()).await
            }
        }
    }

    fn build(
        &self,
        mail: &OutgoingMail,
        outbox: Option<(i64, i64)>,
        now: Millis,
    ) -> Result<Message, NotifyError> {
        check(mail)?;
        let to = mail
            .to
            .parse::<Mailbox>()
            .map_err(|_| NotifyError::InvalidAddress(mail.to.clone()))?;
        let domain = self.from.email.domain().to_string();
        let message_id = match outbox {
            Some((id, created)) => format!("<tauar.{id}.{created}@{domain}>"),
            None => format!("<tauar.direct.{}.{}@{domain}>", now.0, next_seq()),
        };
        let date = UNIX_EPOCH + Duration::from_millis(u64::try_from(now.0).unwrap_or(0));
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .date(date)
            .message_id(Some(message_id))
            .header(AutoSubmitted)
            .header(TauarKind(mail.kind.clone()))
            .singlepart(SinglePart::plain(mail.body_text.clone()))?;
        Ok(message)
    }
}

/// What a message must satisfy before it is queued or sent (no header injection, an address
/// lettre accepts).
pub(crate) fn check(mail: &OutgoingMail) -> Result<(), NotifyError> {
    let valid_kind = !mail.kind.is_empty()
        && mail
            .kind
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid_kind {
        return Err(NotifyError::InvalidMail(format!(
            "kind {:?} must be ASCII letters, digits and '-'",
            mail.kind
        )));
    }
    if mail.subject.contains(['\r', '\n']) {
        return Err(NotifyError::InvalidMail(
            "the subject contains a line break".into(),
        ));
    }
    if mail.to.parse::<lettre::Address>().is_err() {
        return Err(NotifyError::InvalidAddress(mail.to.clone()));
    }
    Ok(())
}

fn next_seq() -> u64 {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// Writes `raw` as `<dir>/<ms>-<id>-<pid>-<seq>.eml` through a hidden temporary file in the
/// same directory and a rename (atomic on one file system).
async fn write_eml(dir: &Path, id: i64, now: Millis, raw: &[u8]) -> Result<(), NotifyError> {
    let io = |source| NotifyError::Io {
        path: dir.to_path_buf(),
        source,
    };
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let name = format!(
        "{:013}-{:010}-{}-{:06}.eml",
        now.0.max(0),
        id,
        std::process::id(),
        next_seq()
    );
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = async {
        let mut file = tokio::fs::File::create(&tmp).await?;
        tokio::io::AsyncWriteExt::write_all(&mut file, raw).await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&tmp, dir.join(&name)).await
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    result.map_err(io)
}

/// `Auto-Submitted: auto-generated` (RFC 3834): vacation responders must not answer.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

/// `X-Tauar-Kind: E-ACTIVATION`: which message of spec/accounts.md §6 this is (for tests and
/// mail filters; the kind is checked to be plain ASCII).
#[derive(Clone)]
struct TauarKind(String);

impl Header for TauarKind {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Tauar-Kind")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(TauarKind(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(subject: &str, body: &str) -> OutgoingMail {
        OutgoingMail {
            kind: "E-ACTIVATION".into(),
            to: "zhanaev@example.kz".into(),
            subject: subject.into(),
            body_text: body.into(),
            account_id: None,
        }
    }

    #[test]
    fn acc_154_message_is_mime_encoded() {
        let m = Mailer::dir("/nonexistent");
        let msg = m
            .build(
                &mail(
                    "Активация учетной записи",
                    "Құрметті пайдаланушы!\nСілтеме.",
                ),
                Some((7, 1000)),
                Millis(1_700_000_000_000),
            )
            .unwrap();
        let raw = String::from_utf8(msg.formatted()).unwrap();
        assert!(raw.is_ascii(), "{raw}");
        assert!(raw.contains("Subject: =?utf-8?"), "{raw}");
        assert!(
            raw.contains("Content-Type: text/plain; charset=utf-8"),
            "{raw}"
        );
        assert!(
            raw.contains("Message-ID: <tauar.7.1000@tauar.local>"),
            "{raw}"
        );
        assert!(raw.contains("X-Tauar-Kind: E-ACTIVATION"), "{raw}");
        assert!(raw.contains("From: Tauar <noreply@tauar.local>"), "{raw}");
    }

    #[test]
    fn header_injection_and_bad_addresses_are_refused() {
        assert!(matches!(
            check(&mail("a\r\nBcc: x@y.z", "b")),
            Err(NotifyError::InvalidMail(_))
        ));
        let mut bad = mail("s", "b");
        bad.to = "not an address".into();
        assert!(matches!(check(&bad), Err(NotifyError::InvalidAddress(_))));
        bad.to = "a@b.kz\r\nBcc: x@y.z".into();
        assert!(check(&bad).is_err());
        let mut kind = mail("s", "b");
        kind.kind = "E ACT\n".into();
        assert!(check(&kind).is_err());
    }

    #[test]
    fn urls() {
        assert_eq!(
            lettre_url("smtp://h:587?tls=starttls"),
            "smtp://h:587?tls=required"
        );
        assert!(Mailer::smtp("smtp://127.0.0.1:2525").is_ok());
        assert!(Mailer::smtp("smtp://127.0.0.1:2525?tls=starttls").is_ok());
        assert!(Mailer::smtp("smtps://mail.example.kz").is_ok());
        assert!(Mailer::smtp("http://x").is_err());
        let m = Mailer::from_url("smtp://user:secret@127.0.0.1:25").unwrap();
        assert_eq!(m.describe(), "smtp://user:***@127.0.0.1:25");
        assert!(!format!("{m:?}").contains("secret"));
        let d = Mailer::from_url("dir:/tmp/mail").unwrap();
        assert_eq!(d.dir_path(), Some(Path::new("/tmp/mail")));
        let m = Mailer::dir("/x")
            .with_from("Тауар <noreply@tauar.kz>")
            .unwrap();
        assert!(m.from_address().contains("noreply@tauar.kz"));
        assert!(Mailer::dir("/x").with_from("nope").is_err());
    }
}
