//! ACC-165: a server published over HTTPS (behind a TLS proxy, `--public-url https://…`) sends
//! HSTS with every answer; one published over plain HTTP does not (browsers ignore it there,
//! and a developer's localhost must not be pinned to HTTPS). Both forbid MIME sniffing and
//! foreign frames.

use crate::process::{Server, database_args};

fn headers_of(extra: &[&str]) -> reqwest::header::HeaderMap {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path(), &database_args(), extra);
    s.wait_for("the listener", std::time::Duration::from_secs(120), |_| {
        true
    });
    let r = reqwest::blocking::get(format!("{}/healthz", s.base)).unwrap();
    r.headers().clone()
}

#[test]
fn acc_165_hsts_only_when_published_over_https() {
    let h = headers_of(&["--public-url", "https://tauar.example.kz"]);
    assert_eq!(
        h["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    let h = headers_of(&[]);
    assert!(h.get("strict-transport-security").is_none());
    assert_eq!(h["x-frame-options"], "DENY");
}
