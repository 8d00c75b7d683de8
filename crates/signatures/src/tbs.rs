//! The signed document (SIG-7, SIG-8, SIG-11): UTF-8 JSON canonicalised by RFC 8785, naming the
//! deployment, the act, the person and the object, with the summary the user was shown.

use crate::SignaturesError;
use kernel::{Lang, Millis};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The format marker of every TBS (SIG-8 `tauar`).
pub const TBS_FORMAT: &str = "tauar-sig/1";

/// The object an act is about (SIG-8 `object`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActObject {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub version: i64,
}

/// An attachment covered by the signature (SIG-8 `files`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedFile {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// What an act is, before the challenge makes it a TBS.
#[derive(Debug, Clone, PartialEq)]
pub struct TbsInput {
    pub purpose: crate::Purpose,
    pub lang: Lang,
    /// SIG-7: the text the page shows before NCALayer opens, verbatim.
    pub summary: String,
    /// `{"account": id}` when logged in.
    pub account_id: Option<String>,
    /// The БИН when acting for a participant.
    pub bin: Option<String>,
    pub object: Option<ActObject>,
    /// SIG-11: the complete submitted content.
    pub content: Option<Value>,
    pub files: Vec<SignedFile>,
    /// `{"id", "version", "sha256"}` of an agreement text.
    pub agreement: Option<Value>,
}

impl TbsInput {
    /// A login TBS (the SIG-8 example).
    pub fn login(lang: Lang, summary: impl Into<String>) -> TbsInput {
        TbsInput {
            purpose: crate::Purpose::login(),
            lang,
            summary: summary.into(),
            account_id: None,
            bin: None,
            object: None,
            content: None,
            files: Vec::new(),
            agreement: None,
        }
    }
}

/// RFC 3339 UTC with seconds (SIG-8 `issued_at`, `expires_at`).
pub fn rfc3339_utc(t: Millis) -> String {
    t.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The canonical bytes of the TBS (RFC 8785).
pub fn build(
    input: &TbsInput,
    origin: &str,
    challenge: &str,
    issued_at: Millis,
    expires_at: Millis,
) -> Result<Vec<u8>, SignaturesError> {
    let mut m = Map::new();
    m.insert("tauar".into(), json!(TBS_FORMAT));
    m.insert("origin".into(), json!(origin));
    m.insert("purpose".into(), json!(input.purpose.as_str()));
    m.insert("challenge".into(), json!(challenge));
    m.insert("issued_at".into(), json!(rfc3339_utc(issued_at)));
    m.insert("expires_at".into(), json!(rfc3339_utc(expires_at)));
    m.insert("lang".into(), json!(input.lang.code()));
    m.insert("summary".into(), json!(input.summary));
    if let Some(account) = &input.account_id {
        let mut actor = Map::new();
        actor.insert("account".into(), json!(account));
        if let Some(bin) = &input.bin {
            actor.insert("bin".into(), json!(bin));
        }
        m.insert("actor".into(), Value::Object(actor));
    }
    if let Some(o) = &input.object {
        m.insert("object".into(), serde_json::to_value(o).map_err(invalid)?);
    }
    if let Some(c) = &input.content {
        m.insert("content".into(), c.clone());
    }
    if !input.files.is_empty() {
        m.insert(
            "files".into(),
            serde_json::to_value(&input.files).map_err(invalid)?,
        );
    }
    if let Some(a) = &input.agreement {
        m.insert("agreement".into(), a.clone());
    }
    canonical(&Value::Object(m))
}

/// RFC 8785 bytes of any JSON value. Floats are refused: a TBS carries integers and strings,
/// and a number that prints differently in two languages must never be signed.
pub fn canonical(v: &Value) -> Result<Vec<u8>, SignaturesError> {
    fn has_float(v: &Value) -> bool {
        match v {
            Value::Number(n) => !(n.is_i64() || n.is_u64()),
            Value::Array(a) => a.iter().any(has_float),
            Value::Object(o) => o.values().any(has_float),
            _ => false,
        }
    }
    if has_float(v) {
        return Err(SignaturesError::Invalid(
            "fractional numbers cannot be signed; send them as strings".into(),
        ));
    }
    serde_json_canonicalizer::to_vec(v).map_err(invalid)
}

fn invalid(e: impl std::fmt::Display) -> SignaturesError {
    SignaturesError::Invalid(e.to_string())
}

/// The fields of a stored TBS that the server checks again (SIG-53, SIG-45).
#[derive(Debug, Clone, Deserialize)]
pub struct TbsHead {
    pub tauar: String,
    pub origin: String,
    pub purpose: String,
    pub challenge: String,
    /// RFC 3339: when the challenge was issued (the earliest a signature timestamp may say).
    #[serde(default)]
    pub issued_at: Option<String>,
}

impl TbsHead {
    /// `issued_at` as milliseconds, when present and readable.
    pub fn issued_at_millis(&self) -> Option<Millis> {
        let t = self.issued_at.as_deref()?.parse::<jiff::Timestamp>().ok()?;
        Some(Millis(t.as_millisecond()))
    }
}

pub fn head(tbs: &[u8]) -> Result<TbsHead, SignaturesError> {
    serde_json::from_slice(tbs).map_err(|e| SignaturesError::Corrupt(format!("stored TBS: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_8_login_tbs_is_the_canonical_example() {
        let t = |s: &str| Millis(s.parse::<jiff::Timestamp>().unwrap().as_millisecond());
        let bytes = build(
            &TbsInput::login(Lang::Ru, "Вход в Tauar"),
            "https://tauar.example.kz",
            "m1Q",
            t("2026-11-23T07:00:00Z"),
            t("2026-11-23T07:05:00Z"),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            r#"{"challenge":"m1Q","expires_at":"2026-11-23T07:05:00Z","issued_at":"2026-11-23T07:00:00Z","lang":"ru","origin":"https://tauar.example.kz","purpose":"login","summary":"Вход в Tauar","tauar":"tauar-sig/1"}"#
        );
    }

    #[test]
    fn sig_8_document_members_and_key_order() {
        let mut input = TbsInput::login(Lang::Kk, "Құжат");
        input.purpose = crate::Purpose::parse("demo.document").unwrap();
        input.account_id = Some("a1".into());
        input.bin = Some("040340001233".into());
        input.object = Some(ActObject {
            kind: "demo".into(),
            id: "7".into(),
            version: 1,
        });
        input.content = Some(json!({"z": 1, "a": "б"}));
        let s = String::from_utf8(build(&input, "o", "c", Millis(0), Millis(300_000)).unwrap())
            .unwrap();
        assert!(s.starts_with(r#"{"actor":{"account":"a1","bin":"040340001233"},"challenge":"c","content":{"a":"б","z":1}"#), "{s}");
        assert!(s.contains(r#""object":{"id":"7","type":"demo","version":1}"#));
        assert!(canonical(&json!({"x": 1.5})).is_err());
    }
}
