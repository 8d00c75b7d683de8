//! NCALayer's messages as `tauar signer` reads and writes them (spec/signatures.md SIG-29…SIG-31,
//! SIG-66): the greeting, the heartbeat, a request, the `basics` answers
//! (`{"status":…,"body":…}` / `{"status":false,"code":…}`), the `commonUtils` envelope
//! (`{"code":"200"|"500","message":…,"responseObject":…}`, `uuid` echoed) and
//! MODULE_NOT_FOUND — byte-compatible with what `ncalayer-2.js` and sigex's client expect.

use super::choose::{KeyFilter, KeyType};
use serde_json::{Map, Value, json};

/// Sent on every new connection before any request (SIG-29.1).
pub const GREETING: &str = r#"{"result":{"version":"1.4"}}"#;
/// Echoed as is (SIG-29.3).
pub const HEARTBEAT: &str = "--heartbeat--";
pub const BASICS: &str = "kz.gov.pki.knca.basics";
pub const COMMON_UTILS: &str = "kz.gov.pki.knca.commonUtils";

/// One JSON request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub module: String,
    pub method: String,
    pub args: Value,
    /// commonUtils echoes it (E6).
    pub uuid: Option<Value>,
}

impl Request {
    pub fn parse(text: &str) -> Result<Request, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let obj = v.as_object().ok_or("the request is not a JSON object")?;
        let s = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or_default();
        Ok(Request {
            module: s("module").to_string(),
            method: s("method").to_string(),
            args: obj.get("args").cloned().unwrap_or(Value::Null),
            uuid: obj.get("uuid").filter(|u| !u.is_null()).cloned(),
        })
    }
}

/// SIG-29.4: an unknown module (and `basics` with `--disable-basics`).
pub fn module_not_found() -> Value {
    json!({"success": false, "errorCode": "MODULE_NOT_FOUND"})
}

/// `basics` answers (SIG-30).
pub mod basics {
    use serde_json::{Value, json};

    /// `result` is an array of one string per data item, as NCALayer 1.4 sends it.
    pub fn ok(result: Value) -> Value {
        json!({"status": true, "body": {"result": result}})
    }

    /// The user closed the dialog: `status:true` without `result`.
    pub fn cancelled() -> Value {
        json!({"status": true, "body": {}})
    }

    pub fn error(code: &str, message: &str) -> Value {
        json!({"status": false, "code": code, "message": message, "details": Value::Null})
    }

    pub const INVALID_SIGNING_PARAMS: &str = "INVALID_SIGNING_PARAMS";
    pub const SIGNING_FAILURE: &str = "SIGNING_FAILURE";
    pub const GENERAL_ERROR: &str = "GENERAL_ERROR";
    pub const INVOCATION_ERROR: &str = "INVOCATION_ERROR";
}

/// The `commonUtils` envelope (SIG-31, E1 `ResponseMessage`): null fields are left out.
pub mod common {
    use serde_json::{Map, Value, json};

    fn with_uuid(mut v: Value, uuid: Option<&Value>) -> Value {
        if let (Some(u), Some(o)) = (uuid, v.as_object_mut()) {
            o.insert("uuid".into(), u.clone());
        }
        v
    }

    pub fn ok(response_object: Option<Value>, uuid: Option<&Value>) -> Value {
        let mut o = Map::new();
        o.insert("code".into(), json!("200"));
        o.insert("message".into(), json!(""));
        if let Some(r) = response_object {
            o.insert("responseObject".into(), r);
        }
        with_uuid(Value::Object(o), uuid)
    }

    /// Every failure is `500` with an i18n key or an exception text.
    pub fn error(message: &str, uuid: Option<&Value>) -> Value {
        with_uuid(json!({"code": "500", "message": message}), uuid)
    }

    pub fn cancelled(uuid: Option<&Value>) -> Value {
        error("action.canceled", uuid)
    }
}

/// `basics.sign` arguments (SIG-30, SIG-66).
#[derive(Debug, Clone, PartialEq)]
pub struct BasicsSign {
    /// One or more data items; the answer has one signature per item.
    pub data: Vec<Vec<u8>>,
    pub encapsulate: bool,
    /// `tsaProfile` given: add a timestamp from the local TSA (CAdES-T).
    pub timestamp: bool,
    pub output_cert: bool,
    pub filter: KeyFilter,
    /// `allowedStorages` given without file key stores: no key to offer.
    pub storages_exclude_files: bool,
    pub locale: Option<String>,
}

fn bad(msg: impl Into<String>) -> (&'static str, String) {
    (basics::INVALID_SIGNING_PARAMS, msg.into())
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    use base64ct::{Base64, Encoding};
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Base64::decode_vec(&compact).ok()
}

fn flag(params: Option<&Map<String, Value>>, key: &str, default: bool) -> bool {
    params
        .and_then(|p| p.get(key))
        .and_then(Value::as_bool)
        .unwrap_or(default)
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn opt_string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl BasicsSign {
    /// Reads `args`; an error is `(code, message)` for [`basics::error`].
    pub fn parse(args: &Value) -> Result<BasicsSign, (&'static str, String)> {
        let a = args
            .as_object()
            .ok_or_else(|| bad("args must be an object"))?;
        match a.get("format").and_then(Value::as_str) {
            Some("cms") => {}
            Some("xml") => {
                return Err(bad(
                    "format xml is not supported by the Tauar test signer (SIG-32): use cms",
                ));
            }
            Some(other) => return Err(bad(format!("unknown format {other:?}"))),
            None => return Err(bad("format is required")),
        }
        let sp = a.get("signingParams").and_then(Value::as_object);
        let decode = flag(sp, "decode", false);
        let encapsulate = flag(sp, "encapsulate", true);
        if flag(sp, "digested", false) {
            return Err(bad(
                "digested (hash) signing is not supported by the Tauar test signer (SIG-32)",
            ));
        }
        let timestamp = sp
            .and_then(|p| p.get("tsaProfile"))
            .is_some_and(|t| !t.is_null());
        let items: Vec<&str> = match a.get("data") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(v)) if !v.is_empty() => v
                .iter()
                .map(|x| x.as_str().ok_or_else(|| bad("data items must be strings")))
                .collect::<Result<_, _>>()?,
            _ => return Err(bad("data is required: a string or an array of strings")),
        };
        let data = items
            .into_iter()
            .map(|s| {
                if decode {
                    b64_decode(s).ok_or_else(|| bad("decode is true but data is not base64"))
                } else {
                    Ok(s.as_bytes().to_vec())
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let p = a.get("signerParams").and_then(Value::as_object);
        let filter = KeyFilter {
            ext_key_usage_oids: string_list(p.and_then(|p| p.get("extKeyUsageOids"))),
            iin: opt_string(p.and_then(|p| p.get("iin"))),
            bin: opt_string(p.and_then(|p| p.get("bin"))),
            serial_number: opt_string(p.and_then(|p| p.get("serialNumber"))),
            key_type: KeyType::Any,
        };
        let storages = string_list(a.get("allowedStorages"));
        Ok(BasicsSign {
            data,
            encapsulate,
            timestamp,
            output_cert: flag(sp, "outputCert", false) || a.get("outputCert") == Some(&json!(true)),
            filter,
            storages_exclude_files: !storages.is_empty() && !storages.iter().any(|s| s == "PKCS12"),
            locale: opt_string(a.get("locale")),
        })
    }
}

/// `commonUtils.createCAdESFromBase64` / `createCMSSignatureFromBase64` arguments:
/// `[storageName, keyType, base64 data, attached]` (SIG-31).
#[derive(Debug, Clone, PartialEq)]
pub struct CadesArgs {
    pub storage: String,
    pub key_type: KeyType,
    pub data: Vec<u8>,
    pub attached: bool,
}

impl CadesArgs {
    /// An error is the `message` of a `500` answer.
    pub fn parse(args: &Value) -> Result<CadesArgs, String> {
        let a = args
            .as_array()
            .ok_or("args must be [storageName, keyType, base64 data, attached]")?;
        let s = |i: usize| a.get(i).and_then(Value::as_str);
        let (Some(storage), Some(key_type), Some(data)) = (s(0), s(1), s(2)) else {
            return Err("args must be [storageName, keyType, base64 data, attached]".into());
        };
        let data = b64_decode(data).ok_or("data is not base64")?;
        Ok(CadesArgs {
            storage: storage.to_string(),
            key_type: KeyType::parse(key_type),
            data,
            attached: a.get(3).and_then(Value::as_bool).unwrap_or(true),
        })
    }
}

/// The storage names this signer holds keys in: file key stores only (`getActiveTokens` → `[]`).
pub const FILE_STORAGE: &str = "PKCS12";

/// What `GET /requests` shows for a request's arguments: everything except the data, and the
/// SHA-256 (hex) of the data as signed (decoded when it was base64).
pub fn redact(req: &Request) -> (Value, Option<String>) {
    use sha2::{Digest, Sha256};
    let hex = |b: &[u8]| -> String {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    match &req.args {
        Value::Object(o) => {
            let mut params = o.clone();
            let data = params.remove("data");
            let decode = o
                .get("signingParams")
                .and_then(Value::as_object)
                .and_then(|p| p.get("decode"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let first = match &data {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Array(v)) => v.first().and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            let sha = first.map(|s| match (decode, b64_decode(&s)) {
                (true, Some(bytes)) => hex(&bytes),
                _ => hex(s.as_bytes()),
            });
            (Value::Object(params), sha)
        }
        Value::Array(a) if req.module == COMMON_UTILS && a.len() >= 3 => {
            let mut params = a.clone();
            let sha = a
                .get(2)
                .and_then(Value::as_str)
                .map(|s| b64_decode(s).map_or_else(|| hex(s.as_bytes()), |b| hex(&b)));
            if let Some(slot) = params.get_mut(2) {
                *slot = Value::Null;
            }
            (Value::Array(params), sha)
        }
        other => (other.clone(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_29_request_parse_and_shapes() {
        let r = Request::parse(r#"{"module":"m","method":"x","args":[1],"uuid":"u"}"#).unwrap();
        assert_eq!(r.module, "m");
        assert_eq!(r.uuid, Some(json!("u")));
        assert!(Request::parse("nope").is_err());
        assert_eq!(
            common::cancelled(None),
            json!({"code":"500","message":"action.canceled"})
        );
        assert_eq!(
            common::ok(Some(json!([])), Some(&json!("u"))),
            json!({"code":"200","message":"","responseObject":[],"uuid":"u"})
        );
        assert_eq!(basics::cancelled(), json!({"status":true,"body":{}}));
    }

    #[test]
    fn sig_30_basics_sign_params() {
        let args = json!({"format":"cms","data":"aGVsbG8=",
            "signingParams":{"decode":true,"encapsulate":false,"digested":false},
            "signerParams":{"extKeyUsageOids":["1.3.6.1.5.5.7.3.4"],"iin":"850314301234","chain":null},
            "locale":"ru"});
        let s = BasicsSign::parse(&args).unwrap();
        assert_eq!(s.data, vec![b"hello".to_vec()]);
        assert!(!s.encapsulate);
        assert_eq!(s.filter.iin.as_deref(), Some("850314301234"));
        assert_eq!(s.filter.ext_key_usage_oids, vec!["1.3.6.1.5.5.7.3.4"]);
        let xml = json!({"format":"xml","data":"<a/>"});
        assert_eq!(
            BasicsSign::parse(&xml).unwrap_err().0,
            basics::INVALID_SIGNING_PARAMS
        );
        let digested = json!({"format":"cms","data":"x","signingParams":{"digested":true}});
        assert!(BasicsSign::parse(&digested).is_err());
    }

    #[test]
    fn sig_68_redact_keeps_params_hashes_data() {
        let r = Request::parse(
            r#"{"module":"kz.gov.pki.knca.commonUtils","method":"createCAdESFromBase64","args":["PKCS12","SIGNATURE","aGVsbG8=",true]}"#,
        )
        .unwrap();
        let (params, sha) = redact(&r);
        assert_eq!(params, json!(["PKCS12", "SIGNATURE", null, true]));
        assert_eq!(
            sha.as_deref(),
            Some("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        );
    }
}
