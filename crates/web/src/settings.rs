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
