//! Settings of a Tauar server: defaults in code, overridden by `TAUAR_*` variables and flags
//! (the binary's clap layer fills this struct).

use std::net::SocketAddr;
use std::path::PathBuf;

/// The default size of the demo catalogue (`tauar serve --demo`): the full derived classifier
/// and about 200 000 goods, ready within a minute on a fresh machine.
pub const DEFAULT_DEMO_GOODS: u64 = 200_000;

#[derive(Clone)]
pub struct Settings {
    /// Where the embedded database and the search indexes live (`./tauar-data`).
    pub data_dir: PathBuf,
    /// `postgres://…` to run on PostgreSQL; `None` = SQLite in `data_dir`.
    pub database_url: Option<String>,
    pub listen: SocketAddr,
    /// Fill the database with the demo classifier and goods when they are absent.
    pub demo: bool,
    pub demo_goods: u64,
    pub demo_seed: u64,
    /// The public base URL (for absolute links such as the QR code of a code page, CAT-123);
    /// `http://<listen>` when not set.
    pub public_url: Option<String>,
    /// Memory the goods indexer may buffer (bytes).
    pub index_memory: usize,
    /// ЭЦП settings (SIG-57).
    pub pki: PkiSettings,
    /// Outgoing mail (ACC-154).
    pub mail: MailSettings,
    /// Client addresses the per-address limits of ACC-163 do not apply to.
    pub rate_limit_exempt: Vec<std::net::IpAddr>,
    /// The ИНИС bank-details file of «Заполнить данные» (ACC-103, G-20); none by default.
    pub inis_file: Option<PathBuf>,
}

/// Where e-mails go: an SMTP server (`smtp://HOST:PORT`, `TAUAR_SMTP_URL`), or — in
/// development, when none is set — a file mailbox `<data dir>/mail` with one `.eml` per message.
#[derive(Debug, Clone, Default)]
pub struct MailSettings {
    pub smtp_url: Option<String>,
    /// The From address (`Tauar <noreply@tauar.local>` by default).
    pub from: Option<String>,
}

/// ЭЦП settings of SIG-57 that the server reads.
#[derive(Debug, Clone)]
pub struct PkiSettings {
    /// `pki.trust_dir`: the CA certificates to trust (roots and intermediates).
    pub trust_dir: Option<PathBuf>,
    /// CRL files (full and delta) of those CAs, re-read when one changes (a mirror in a closed
    /// network, the test PKI's `crl/`).
    pub crl_dir: Option<PathBuf>,
    /// A test PKI made by `tauar pki init` (sets both of the above to its `trust/` and `crl/`).
    pub test_pki_dir: Option<PathBuf>,
    /// `pki.revocation.mode` (SIG-49); `off` only where
    /// [`signatures::RevocationMode::is_permitted`] (builds with the test kit), else the server
    /// refuses to start.
    pub revocation_mode: signatures::RevocationMode,
    /// `pki.ocsp.responders`: the OCSP responder asked about every certificate (SIG-47); without
    /// it, the responder the certificate's AIA names, when its host is allowed.
    pub ocsp_url: Option<String>,
    /// `pki.ocsp.responders` (issuer → URL): the responder of one issuer's certificates (its
    /// DN or common name), before `ocsp_url` and the AIA.
    pub ocsp_responders: Vec<(String, String)>,
    /// `pki.ocsp.timeout_ms`.
    pub ocsp_timeout_ms: u64,
    /// `pki.allowed_hosts` (`host` or `host:port`): the OCSP responders and CRL distribution
    /// points named in certificates that may be contacted; any other is never contacted
    /// (SIG-47). Empty by default here; `tauar serve` defaults to the НУЦ hosts.
    pub allowed_hosts: Vec<String>,
    /// `pki.crl.urls`: CRLs downloaded whatever the certificates name.
    pub crl_urls: Vec<String>,
    /// `pki.crl.cache_dir`: where downloaded CRLs are kept across restarts
    /// (`<data dir>/crl-cache` when not set).
    pub crl_cache_dir: Option<PathBuf>,
    /// `pki.user_agent` of OCSP and CRL requests (`Tauar/<version>` when not set).
    pub user_agent: Option<String>,
    /// `signer.url`: where pages look for NCALayer.
    pub signer_url: String,
    /// `ncalayer.install_url`.
    pub install_url: String,
    /// `signing.challenge_ttl_s` in milliseconds.
    pub challenge_ttl_ms: i64,
    /// `signing.tsa` (false): challenges ask NCALayer for a signature timestamp
    /// (`"tsaProfile":{}`), so stored signatures are CAdES-T with T = genTime (SIG-45).
    pub tsa: bool,
    /// Whether certificates of Tauar's test PKI (SIG-61 marker) may be trusted: only builds with
    /// the test kit set it (SIG-57).
    pub allow_test_pki: bool,
}

/// NCALayer's address on every user's machine (SIG-28).
pub const NCALAYER_URL: &str = "wss://127.0.0.1:13579";

impl Default for PkiSettings {
    fn default() -> Self {
        PkiSettings {
            trust_dir: None,
            crl_dir: None,
            test_pki_dir: None,
            revocation_mode: signatures::RevocationMode::OcspThenCrl,
            ocsp_url: None,
            ocsp_responders: Vec::new(),
            ocsp_timeout_ms: 5000,
            allowed_hosts: Vec::new(),
            crl_urls: Vec::new(),
            crl_cache_dir: None,
            user_agent: None,
            signer_url: NCALAYER_URL.into(),
            install_url: "https://ncl.pki.gov.kz/".into(),
            challenge_ttl_ms: 300_000,
            tsa: false,
            allow_test_pki: false,
        }
    }
}

impl PkiSettings {
    /// The trust directory in effect.
    pub fn trust(&self) -> Option<PathBuf> {
        self.trust_dir
            .clone()
            .or_else(|| self.test_pki_dir.as_ref().map(|d| d.join("trust")))
    }

    /// The CRL directory in effect.
    pub fn crls(&self) -> Option<PathBuf> {
        self.crl_dir
            .clone()
            .or_else(|| self.test_pki_dir.as_ref().map(|d| d.join("crl")))
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(db::redact_url),
            )
            .field("listen", &self.listen)
            .field("demo", &self.demo)
            .field("demo_goods", &self.demo_goods)
            .field("demo_seed", &self.demo_seed)
            .field("public_url", &self.public_url)
            .field("pki", &self.pki)
            .field("inis_file", &self.inis_file)
            .finish()
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            data_dir: PathBuf::from("tauar-data"),
            database_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            demo: false,
            demo_goods: DEFAULT_DEMO_GOODS,
            demo_seed: 1,
            public_url: None,
            index_memory: 256 * 1024 * 1024,
            pki: PkiSettings::default(),
            mail: MailSettings::default(),
            rate_limit_exempt: Vec::new(),
            inis_file: None,
        }
    }
}

impl Settings {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| db::sqlite_url_in(&self.data_dir))
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    pub fn public_base(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }
}
