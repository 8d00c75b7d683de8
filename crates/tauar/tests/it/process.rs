//! Running `tauar` as a child process.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_tauar");

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The database URL for a test: a fresh PostgreSQL database when `TAUAR_TEST_DATABASE_URL` is
/// set, the embedded SQLite otherwise.
pub fn database_args() -> Vec<String> {
    match db::testing::postgres_admin_url() {
        Some(admin) => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let (url, _) = rt
                .block_on(db::testing::create_pg_database(&admin))
                .unwrap();
            vec!["--database-url".into(), url]
        }
        None => Vec::new(),
    }
}

/// A running `tauar serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn start(dir: &std::path::Path, db_args: &[String], extra: &[&str]) -> Server {
        let port = free_port();
        let mut cmd = Command::new(BIN);
        cmd.arg("serve")
            .arg("--data-dir")
            .arg(dir)
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"));
        cmd.args(db_args).args(extra);
        cmd.env("TAUAR_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let child = cmd.spawn().unwrap();
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// The health document, or `None` while the port is not open yet.
    pub fn health(&self) -> Option<serde_json::Value> {
        let r = reqwest::blocking::Client::new()
            .get(format!("{}/healthz", self.base))
            .timeout(Duration::from_secs(5))
            .send()
            .ok()?;
        r.json().ok()
    }

    /// Waits until `/healthz` satisfies `f`.
    pub fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        f: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let started = Instant::now();
        loop {
            if let Some(h) = self.health()
                && f(&h)
            {
                return h;
            }
            assert!(started.elapsed() < timeout, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn wait_ready(&self) -> serde_json::Value {
        self.wait_for("ready", Duration::from_secs(600), |h| h["status"] == "ok")
    }

    pub fn json(&self, path: &str) -> serde_json::Value {
        let r = reqwest::blocking::Client::new()
            .get(format!("{}{path}", self.base))
            .timeout(Duration::from_secs(60))
            .send()
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().unwrap()
    }

    /// SIGKILL: no shutdown code runs (a crash or a power cut).
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
