//! `pki.allowed_hosts` (SIG-47, SIG-57): the hosts whose URLs, when a certificate names them
//! (AIA OCSP responder, CRL Distribution Points, Freshest CRL), the server may contact. Any
//! other URL in a certificate is never contacted (SSRF: the signer chooses the certificate).
//! URLs the operator configures (`pki.ocsp.responders`, `pki.crl.urls`) need no entry.
//!
//! An entry is a host name or IP address (`ocsp.pki.gov.kz`, any port), `host:port`
//! (`127.0.0.1:13590`, only that port), or a URL whose host and port are taken
//! (`http://127.0.0.1:13590/`). Only `http` and `https` URLs without user information match.

use reqwest::Url;

/// The production hosts of НУЦ РК (SIG-46, SIG-47): OCSP, test OCSP, the CRLs of the issuing
/// CAs and of the roots.
pub const DEFAULT_ALLOWED_HOSTS: [&str; 4] = [
    "ocsp.pki.gov.kz",
    "test.pki.gov.kz",
    "crl.pki.gov.kz",
    "crl.root.gov.kz",
];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// As `Url::host_str` gives it: lower case, IPv6 in brackets.
    host: String,
    /// `None` = any port.
    port: Option<u16>,
}

/// The allow-list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts {
    entries: Vec<Entry>,
}

impl AllowedHosts {
    /// Nothing a certificate names is contacted.
    pub fn none() -> AllowedHosts {
        AllowedHosts::default()
    }

    /// [`DEFAULT_ALLOWED_HOSTS`].
    pub fn nuc() -> AllowedHosts {
        AllowedHosts::parse(DEFAULT_ALLOWED_HOSTS).unwrap_or_default()
    }

    /// Reads the entries (blank ones are skipped); names the first bad one.
    pub fn parse<I, S>(entries: I) -> Result<AllowedHosts, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = AllowedHosts::default();
        for raw in entries {
            let e = raw.as_ref().trim();
            if e.is_empty() {
                continue;
            }
            let url = if e.contains("://") {
                Url::parse(e)
            } else {
                Url::parse(&format!("http://{e}/"))
            }
            .map_err(|err| format!("allowed host {e:?}: {err}"))?;
            let host = url
                .host_str()
                .filter(|h| !h.is_empty())
                .ok_or_else(|| format!("allowed host {e:?}: no host"))?;
            if !url.username().is_empty() || url.password().is_some() {
                return Err(format!("allowed host {e:?}: user information"));
            }
            let entry = Entry {
                host: host.to_string(),
                port: url.port(),
            };
            if !out.entries.contains(&entry) {
                out.entries.push(entry);
            }
        }
        Ok(out)
    }

    /// Adds the entries of `other`.
    pub fn extend(&mut self, other: &AllowedHosts) {
        for e in &other.entries {
            if !self.entries.contains(e) {
                self.entries.push(e.clone());
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries as `host` or `host:port`.
    pub fn entries(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|e| match e.port {
                Some(p) => format!("{}:{p}", e.host),
                None => e.host.clone(),
            })
            .collect()
    }

    /// True when `url` is an `http`/`https` URL without user information whose host (and
    /// port, when the entry names one) is on the list.
    pub fn allows(&self, url: &str) -> bool {
        let Ok(u) = Url::parse(url) else {
            return false;
        };
        if !matches!(u.scheme(), "http" | "https")
            || !u.username().is_empty()
            || u.password().is_some()
        {
            return false;
        }
        let (Some(host), port) = (u.host_str(), u.port_or_known_default()) else {
            return false;
        };
        self.entries
            .iter()
            .any(|e| e.host == host && e.port.is_none_or(|p| Some(p) == port))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_47_only_listed_hosts_and_ports_are_allowed() {
        let a = AllowedHosts::parse([
            "ocsp.pki.gov.kz",
            " 127.0.0.1:13590 ",
            "http://[::1]:8081/x",
            "",
        ])
        .unwrap();
        assert_eq!(
            a.entries(),
            ["ocsp.pki.gov.kz", "127.0.0.1:13590", "[::1]:8081"]
        );
        assert!(a.allows("http://ocsp.pki.gov.kz/"));
        assert!(a.allows("https://OCSP.pki.gov.kz:8443/ocsp"));
        assert!(a.allows("http://127.0.0.1:13590/ocsp/"));
        assert!(a.allows("http://[::1]:8081/crl/a.crl"));
        for bad in [
            "http://127.0.0.1:13591/ocsp/",
            "http://127.0.0.1/ocsp/",
            "http://evil.example/",
            "http://ocsp.pki.gov.kz.evil.example/",
            "http://ocsp.pki.gov.kz@evil.example/",
            "http://user@ocsp.pki.gov.kz/",
            "ftp://ocsp.pki.gov.kz/",
            "file:///etc/passwd",
            "ldap://ocsp.pki.gov.kz/",
            "not a url",
        ] {
            assert!(!a.allows(bad), "{bad}");
        }
        assert!(!AllowedHosts::none().allows("http://ocsp.pki.gov.kz/"));
        assert!(AllowedHosts::nuc().allows("http://crl.pki.gov.kz/nca_rsa_2022.crl"));
        assert!(AllowedHosts::nuc().allows("http://test.pki.gov.kz/ocsp/"));
        assert!(AllowedHosts::parse(["http://"]).is_err());
        assert!(AllowedHosts::parse(["a b"]).is_err());
    }
}
