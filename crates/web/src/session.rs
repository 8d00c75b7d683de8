//! The browser session cookie that binds a signing challenge to the window that asked for it
//! (SIG-9: a challenge created in one browser session cannot be completed in another). Until
//! accounts exist (issue 6) the session is anonymous: a random id in an HttpOnly,
//! SameSite=Lax cookie; accounts will attach the logged-in user to the same id.

use axum::http::header::{COOKIE, HeaderValue, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::Response;
use base64ct::{Base64UrlUnpadded, Encoding};

pub const COOKIE_NAME: &str = "tauar_sid";

/// The session id of the request, if it carries a well-formed one.
pub fn session_of(parts_headers: &axum::http::HeaderMap) -> Option<String> {
    parts_headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE_NAME)
        .map(|(_, v)| v.to_string())
        .filter(|v| valid(v))
}

/// 32 random bytes in base64url are 43 characters; anything else is ignored.
fn valid(v: &str) -> bool {
    v.len() == 43
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new session id, or `None` when the OS has no randomness to give.
pub fn new_session_id() -> Option<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).ok()?;
    Some(Base64UrlUnpadded::encode_string(&b))
}

/// Sets the cookie on a response (`Secure` when the public URL is https).
pub fn set_cookie(res: &mut Response, id: &str, secure: bool) {
    let v = format!(
        "{COOKIE_NAME}={id}; Path=/; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    );
    if let Ok(h) = HeaderValue::from_str(&v) {
        res.headers_mut().append(SET_COOKIE, h);
    }
}

/// The client address, when the server runs with connection info (not in router-only tests).
pub fn client_ip(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_9_session_cookie_is_read_only_when_well_formed() {
        let id = new_session_id().unwrap();
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_str(&format!("a=b; {COOKIE_NAME}={id}")).unwrap(),
        );
        assert_eq!(session_of(&h), Some(id));
        h.insert(COOKIE, HeaderValue::from_static("tauar_sid=short"));
        assert_eq!(session_of(&h), None);
    }
}
