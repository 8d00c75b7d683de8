//! The browser session cookie. It binds a signing challenge to the window that asked for it
//! (SIG-9: a challenge created in one browser session cannot be completed in another) and,
//! once the visitor logs in, names the server-side session of the account (ACC-161). Also the
//! short-lived "return to" cookie of the certificate step an ЕНС ТРУ session is sent through
//! (ACC-29, AS-70).

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

/// A page remembered for 15 minutes across a login, in its own cookie so that two flows never
/// take each other's page.
#[derive(Debug, Clone, Copy)]
pub struct Return(pub &'static str);

/// AS-70: the platform page an ЕНС ТРУ session asked for while it takes the platform's
/// certificate step ("the requested page opens" after the upgrade).
pub const RETURN_COOKIE: &str = "tauar_return";
pub const PLATFORM_RETURN: Return = Return(RETURN_COOKIE);
/// ACC-62: the module page a visitor asked for before the module's «Войти».
pub const MODULE_RETURN: Return = Return("tauar_ens_return");

impl Return {
    /// Remembers `path` (a local path with its query) for 15 minutes.
    pub fn set(self, res: &mut Response, path: &str, secure: bool) {
        if !local_path(path) {
            return;
        }
        let v = format!(
            "{}={}; Path=/; Max-Age=900; HttpOnly; SameSite=Lax{}",
            self.0,
            Base64UrlUnpadded::encode_string(path.as_bytes()),
            if secure { "; Secure" } else { "" }
        );
        if let Ok(h) = HeaderValue::from_str(&v) {
            res.headers_mut().append(SET_COOKIE, h);
        }
    }

    /// The remembered page of the request, if it carries a well-formed local path.
    pub fn of(self, headers: &axum::http::HeaderMap) -> Option<String> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == self.0)
            .and_then(|(_, v)| Base64UrlUnpadded::decode_vec(v).ok())
            .and_then(|b| String::from_utf8(b).ok())
            .filter(|p| local_path(p))
    }

    /// Forgets the remembered page.
    pub fn clear(self, res: &mut Response) {
        let v = format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax", self.0);
        if let Ok(h) = HeaderValue::from_str(&v) {
            res.headers_mut().append(SET_COOKIE, h);
        }
    }
}

/// [`PLATFORM_RETURN`]: remembers `path`.
pub fn set_return(res: &mut Response, path: &str, secure: bool) {
    PLATFORM_RETURN.set(res, path, secure)
}

/// [`PLATFORM_RETURN`]: the remembered page.
pub fn return_of(headers: &axum::http::HeaderMap) -> Option<String> {
    PLATFORM_RETURN.of(headers)
}

/// [`PLATFORM_RETURN`]: forgets the remembered page.
pub fn clear_return(res: &mut Response) {
    PLATFORM_RETURN.clear(res)
}

/// A path of this site only: never `//host` or `/\host` (an open redirect), no control
/// characters, of a sane length.
fn local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.starts_with("/\\")
        && p.len() <= 1024
        && !p.chars().any(|c| c.is_control() || c == '\\')
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

    #[test]
    fn acc_29_return_paths_stay_on_the_site() {
        assert!(local_path("/cabinet/org?tab=1"));
        assert!(!local_path("//evil.example/"));
        assert!(!local_path("/\\evil.example/"));
        assert!(!local_path("https://evil.example/"));
        assert!(!local_path("/a\nb"));
        let mut res = Response::new(axum::body::Body::empty());
        set_return(&mut res, "/cabinet/org", false);
        let cookie = res.headers().get(SET_COOKIE).unwrap().to_str().unwrap();
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_str(cookie.split(';').next().unwrap()).unwrap(),
        );
        assert_eq!(return_of(&h).as_deref(), Some("/cabinet/org"));
    }
}
