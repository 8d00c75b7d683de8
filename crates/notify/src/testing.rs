//! Test support (feature `testing`): read delivered mail back, from a [`Mailer::dir`]
//! directory or from the Maildir of a real SMTP receiver (aiosmtpd's `Mailbox` handler, started
//! by `.ci/smtp.sh`), and decode it (RFC 2047 encoded words, quoted-printable, base64).
//!
//! Tests that run at the same time share the CI's Maildir: each test sends to its own
//! address ([`unique_address`]) and reads with [`Mailbox::messages_to`].
//!
//! The decoder is deliberately small (mail-parser 1.0 needs a newer Rust than ours, and
//! lettre only writes mail): it reads what lettre writes and what Python's `mailbox` module
//! stores — UTF-8 or ASCII text, single-part or the first `text/plain` part of a multipart.
//! Other charsets are decoded as UTF-8 with replacement characters.

use crate::{Mailer, NotifyError};
use base64ct::{Base64, Base64Unpadded, Encoding};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A delivered message, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The address of the first `To` recipient (without a display name).
    pub to: String,
    /// The `From` header, decoded.
    pub from: String,
    pub subject: String,
    /// The text, LF line endings, trailing line breaks removed.
    pub body: String,
    /// `X-Tauar-Kind` (`E-ACTIVATION`, …).
    pub kind: Option<String>,
    pub message_id: Option<String>,
    /// The `X-RcptTo` envelope recipients aiosmtpd records, if any.
    pub envelope_to: Option<String>,
    /// The file the message was read from.
    pub path: PathBuf,
}

#[derive(Debug, Clone)]
enum Layout {
    /// `*.eml` files of a [`Mailer::dir`].
    Eml,
    /// A Maildir: messages in `new/` and `cur/`.
    Maildir,
}

/// Delivered mail in a directory.
#[derive(Debug, Clone)]
pub struct Mailbox {
    root: PathBuf,
    layout: Layout,
    /// Files that were there before this mailbox was made (`since_now`).
    skip: Arc<HashSet<PathBuf>>,
    /// Keeps a temporary directory alive as long as the mailbox.
    _temp: Option<Arc<tempfile::TempDir>>,
}

impl Mailbox {
    /// The `.eml` files of a [`Mailer::dir`] directory.
    pub fn dir(path: impl Into<PathBuf>) -> Mailbox {
        Mailbox {
            root: path.into(),
            layout: Layout::Eml,
            skip: Arc::default(),
            _temp: None,
        }
    }

    /// A Maildir (`new/`, `cur/`), as aiosmtpd's `Mailbox` handler writes it.
    pub fn maildir(path: impl Into<PathBuf>) -> Mailbox {
        Mailbox {
            root: path.into(),
            layout: Layout::Maildir,
            skip: Arc::default(),
            _temp: None,
        }
    }

    /// The same mailbox without the messages that are already there.
    pub fn since_now(mut self) -> Mailbox {
        self.skip = Arc::new(self.files().unwrap_or_default().into_iter().collect());
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn files(&self) -> Result<Vec<PathBuf>, NotifyError> {
        let dirs = match self.layout {
            Layout::Eml => vec![self.root.clone()],
            Layout::Maildir => vec![self.root.join("new"), self.root.join("cur")],
        };
        let mut files = Vec::new();
        for dir in dirs {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => return Err(NotifyError::Io { path: dir, source }),
            };
            for entry in entries {
                let entry = entry.map_err(|source| NotifyError::Io {
                    path: dir.clone(),
                    source,
                })?;
                let name = entry.file_name();
                let name = name.to_string_lossy();
                let wanted = !name.starts_with('.')
                    && match self.layout {
                        Layout::Eml => name.ends_with(".eml"),
                        Layout::Maildir => true,
                    };
                if wanted {
                    files.push(entry.path());
                }
            }
        }
        Ok(files)
    }

    /// Every message (after `since_now`), oldest first.
    pub fn messages(&self) -> Result<Vec<ReceivedMail>, NotifyError> {
        let mut found = Vec::new();
        for path in self.files()? {
            if self.skip.contains(&path) {
                continue;
            }
            let raw = match std::fs::read(&path) {
                Ok(raw) => raw,
                // Moved by a reader between listing and reading: gone from here.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => return Err(NotifyError::Io { path, source }),
            };
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            let mail = parse_message(&raw, &path)?;
            found.push((modified, mail));
        }
        found.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
        Ok(found.into_iter().map(|(_, m)| m).collect())
    }

    /// The messages to `addr` (case-insensitive; the `To` header or the envelope).
    pub fn messages_to(&self, addr: &str) -> Result<Vec<ReceivedMail>, NotifyError> {
        let addr = addr.trim().to_lowercase();
        Ok(self
            .messages()?
            .into_iter()
            .filter(|m| {
                m.to.to_lowercase() == addr
                    || m.envelope_to.as_deref().is_some_and(|e| {
                        e.split(',')
                            .any(|r| extract_address(r).to_lowercase() == addr)
                    })
            })
            .collect())
    }

    /// Waits until at least `count` messages to `addr` are there, or `timeout` passes, and
    /// returns what is there then.
    pub async fn wait_for(
        &self,
        addr: &str,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<ReceivedMail>, NotifyError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let found = self.messages_to(addr)?;
            if found.len() >= count || tokio::time::Instant::now() >= deadline {
                return Ok(found);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A mailer and the mailbox it delivers to. With `TAUAR_TEST_SMTP_URL` and
/// `TAUAR_TEST_MAILDIR` set (`.ci/smtp.sh`): SMTP to that receiver and its Maildir, without
/// the messages already there. Otherwise a [`Mailer::dir`] in a new temporary directory,
/// removed when the last clone of the mailbox is dropped.
///
/// Panics when the variables are malformed or no temporary directory can be made (a broken
/// test environment).
pub fn sink_from_env() -> (Mailer, Mailbox) {
    let url = std::env::var("TAUAR_TEST_SMTP_URL").unwrap_or_default();
    let maildir = std::env::var("TAUAR_TEST_MAILDIR").unwrap_or_default();
    if !url.is_empty() && !maildir.is_empty() {
        let mailer = match Mailer::smtp(&url) {
            Ok(m) => m,
            Err(e) => panic!("TAUAR_TEST_SMTP_URL: {e}"),
        };
        return (mailer, Mailbox::maildir(maildir).since_now());
    }
    let temp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => panic!("cannot create a temporary mail directory: {e}"),
    };
    let dir = temp.path().join("mail");
    let mut mailbox = Mailbox::dir(&dir);
    mailbox._temp = Some(Arc::new(temp));
    (Mailer::dir(dir), mailbox)
}

/// True when [`sink_from_env`] talks to a real SMTP receiver.
pub fn real_smtp_receiver() -> bool {
    ["TAUAR_TEST_SMTP_URL", "TAUAR_TEST_MAILDIR"]
        .iter()
        .all(|v| std::env::var(v).is_ok_and(|s| !s.is_empty()))
}

/// An address no other test uses: `{prefix}.{pid}.{n}.{nanos}@test.tauar.local`.
pub fn unique_address(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}.{}.{}.{}@test.tauar.local",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        db::now_nanos() % 1_000_000_000
    )
}

// ---- the decoder ----

/// Parses one RFC 5322 message (`path` only names it in errors and in the result).
pub fn parse_message(raw: &[u8], path: &Path) -> Result<ReceivedMail, NotifyError> {
    let err = |reason: String| NotifyError::Parse {
        path: path.to_path_buf(),
        reason,
    };
    let text = String::from_utf8_lossy(raw).replace("\r\n", "\n");
    let (head, body) = split_head_body(&text);
    let headers = unfold(head);
    let get = |name: &str| header(&headers, name).map(decode_words);
    let to = get("To").ok_or_else(|| err("no To header".into()))?;
    let body = decode_entity(&headers, body).map_err(err)?;
    Ok(ReceivedMail {
        to: extract_address(to.split(',').next().unwrap_or_default()),
        from: get("From").unwrap_or_default(),
        subject: get("Subject").unwrap_or_default(),
        body: body.trim_end_matches('\n').to_string(),
        kind: get("X-Tauar-Kind").map(|k| k.trim().to_string()),
        message_id: get("Message-ID").map(|k| k.trim().to_string()),
        envelope_to: get("X-RcptTo"),
        path: path.to_path_buf(),
    })
}

fn split_head_body(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix('\n') {
        return ("", rest);
    }
    match text.find("\n\n") {
        Some(i) => (&text[..i], &text[i + 2..]),
        None => (text, ""),
    }
}

/// Header fields with continuation lines joined (RFC 5322 §2.2.3).
fn unfold(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.split('\n') {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_string(), value.trim_start().to_string()));
        }
    }
    out
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn extract_address(s: &str) -> String {
    let s = s.trim();
    match (s.rfind('<'), s.rfind('>')) {
        (Some(a), Some(b)) if a < b => s[a + 1..b].trim().to_string(),
        _ => s.to_string(),
    }
}

/// Decodes RFC 2047 encoded words. Whitespace between two encoded words is dropped, and the
/// bytes of adjacent words are joined before UTF-8 decoding (an encoder may split a
/// character across words).
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut gap = String::new();
    let mut rest = value;
    while let Some(ch) = rest.chars().next() {
        if let Some((bytes, len)) = encoded_word(rest) {
            gap.clear();
            pending.extend(bytes);
            rest = &rest[len..];
            continue;
        }
        if !pending.is_empty() && (ch == ' ' || ch == '\t') {
            gap.push(ch);
        } else {
            out.push_str(&String::from_utf8_lossy(&pending));
            pending.clear();
            out.push_str(&gap);
            gap.clear();
            out.push(ch);
        }
        rest = &rest[ch.len_utf8()..];
    }
    out.push_str(&String::from_utf8_lossy(&pending));
    out.push_str(&gap);
    out
}

/// `=?charset?B|Q?text?=` at the start of `s`: the decoded bytes and the length consumed.
fn encoded_word(s: &str) -> Option<(Vec<u8>, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (charset, after) = inner.split_once('?')?;
    let (encoding, after) = after.split_once('?')?;
    let end = after.find("?=")?;
    let text = &after[..end];
    if charset.is_empty() || text.contains([' ', '\t', '\n']) || charset.contains([' ', '=']) {
        return None;
    }
    let bytes = match encoding {
        "B" | "b" => decode_base64(text)?,
        "Q" | "q" => decode_q(text)?,
        _ => return None,
    };
    let len = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    Some((bytes, len))
}

fn decode_q(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let clean: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Base64::decode_vec(&clean)
        .ok()
        .or_else(|| Base64Unpadded::decode_vec(clean.trim_end_matches('=')).ok())
}

/// `type/subtype` (lower case) and its parameters (names lower case, quotes removed).
fn content_type(value: &str) -> (String, Vec<(String, String)>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let params = parts
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_string(),
            )
        })
        .collect();
    (mime, params)
}

/// The text of an entity: a `text/*` body decoded, or the first `text/plain` part of a
/// multipart.
fn decode_entity(headers: &[(String, String)], body: &str) -> Result<String, String> {
    let (mime, params) = content_type(header(headers, "Content-Type").unwrap_or("text/plain"));
    if mime.starts_with("multipart/") {
        let boundary = params
            .iter()
            .find(|(k, _)| k == "boundary")
            .map(|(_, v)| v.clone())
            .ok_or("multipart without a boundary")?;
        let mut first_text = None;
        for part in split_multipart(body, &boundary) {
            let (head, part_body) = split_head_body(part);
            let part_headers = unfold(head);
            let (part_mime, _) =
                content_type(header(&part_headers, "Content-Type").unwrap_or("text/plain"));
            if part_mime == "text/plain" || part_mime.starts_with("multipart/") {
                if let Ok(text) = decode_entity(&part_headers, part_body) {
                    return Ok(text);
                }
            } else if first_text.is_none() && part_mime.starts_with("text/") {
                first_text = decode_entity(&part_headers, part_body).ok();
            }
        }
        return first_text.ok_or_else(|| "no text part".to_string());
    }
    let encoding = header(headers, "Content-Transfer-Encoding")
        .unwrap_or("7bit")
        .trim()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => decode_base64(body).ok_or("bad base64 body")?,
        "quoted-printable" => {
            quoted_printable::decode(body.as_bytes(), quoted_printable::ParseMode::Robust)
                .map_err(|e| format!("bad quoted-printable body: {e}"))?
        }
        _ => body.as_bytes().to_vec(),
    };
    Ok(String::from_utf8_lossy(&bytes).replace("\r\n", "\n"))
}

fn split_multipart<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == delimiter || trimmed == format!("{delimiter}--") {
            if let Some(s) = start {
                // The line break before a delimiter belongs to the delimiter.
                let end = if offset > s && body[..offset].ends_with('\n') {
                    offset - 1
                } else {
                    offset
                };
                parts.push(&body[s..end.max(s)]);
            }
            if trimmed.ends_with("--") && trimmed != delimiter {
                return parts;
            }
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words() {
        assert_eq!(
            decode_words("=?utf-8?b?0JDQutGC0LjQstCw0YbQuNGP?= =?utf-8?b?INGD0YfQtdGC0L3QvtC5?="),
            "Активация учетной"
        );
        assert_eq!(decode_words("=?UTF-8?Q?a_b=C3=A9?= c"), "a bé c");
        assert_eq!(decode_words("plain text"), "plain text");
        assert_eq!(decode_words("=?broken"), "=?broken");
        // A character split across two words.
        assert_eq!(decode_words("=?utf-8?Q?=D2?= =?utf-8?Q?=9A?="), "Қ");
    }

    #[test]
    fn quoted_printable_and_multipart() {
        let raw = "To: \"Ж\" <A@Example.kz>\nSubject: =?utf-8?q?=D2=9A?=\n\
            Content-Type: multipart/alternative; boundary=\"XX\"\n\n\
            preamble\n--XX\nContent-Type: text/html\n\n<p>x</p>\n--XX\n\
            Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n\
            =D2=9A=D2=B1=D1=80=D0=BC=D0=B5=D1=82=D1=82=D1=96 long =\nline\n--XX--\n";
        let m = parse_message(raw.as_bytes(), Path::new("x")).unwrap();
        assert_eq!(m.to, "A@Example.kz");
        assert_eq!(m.subject, "Қ");
        assert_eq!(m.body, "Құрметті long line");
    }
}
