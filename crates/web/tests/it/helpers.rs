//! Test servers: each runs on its own thread and runtime so that every test (each with its
//! own runtime) can share one per kind of data.

use reqwest::StatusCode;
use serde_json::Value;
use std::sync::OnceLock;
use std::time::Duration;
use web::{App, Settings};

/// What a server is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// The F-ENS acceptance fixture of spec/catalog.md §9.0 (with its КПВЭД group names).
    Fixture,
    /// The demo classifier and a few thousand demo goods.
    Demo,
}

pub struct Server {
    pub base: String,
    pub backend: &'static str,
}

fn start(data: Data) -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let dir = tempfile::tempdir().unwrap();
            let (database_url, backend) = match db::testing::postgres_admin_url() {
                Some(admin) => (
                    Some(db::testing::create_pg_database(&admin).await.unwrap().0),
                    "postgres",
                ),
                None => (None, "sqlite"),
            };
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let settings = Settings {
                data_dir: dir.path().to_path_buf(),
                database_url,
                listen: addr,
                demo: data == Data::Demo,
                demo_goods: 3000,
                demo_seed: 7,
                public_url: Some(format!("http://{addr}")),
                ..Settings::default()
            };
            let app = App::build(settings).await.unwrap();
            if data == Data::Fixture {
                let db = &app.state.db;
                db.migrate().await.unwrap();
                refdata::load_all(db, &|_| {}).await.unwrap();
                // The fixture's КПВЭД group names (F-ENS) instead of the real dictionary's.
                for (code, name) in classifier::fixtures::fixture_kpved_names() {
                    db::sqlx::query(
                        "UPDATE dict_entries SET name_ru = $1 WHERE dict = 'kpved' AND code = $2",
                    )
                    .bind(*name)
                    .bind(*code)
                    .execute(db.pool())
                    .await
                    .unwrap();
                }
                classifier::fixtures::write_f_ens(db).await.unwrap();
            }
            tx.send((format!("http://{addr}"), backend)).unwrap();
            app.serve(listener, std::future::pending()).await.unwrap();
            drop(dir);
        });
    });
    let (base, backend) = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("server thread started");
    let s = Server { base, backend };
    s.wait_ready();
    s
}

pub fn fixture() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(Data::Fixture))
}

pub fn demo() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(Data::Demo))
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl Server {
    fn wait_ready(&self) {
        let c = client();
        for _ in 0..1200 {
            if let Ok(r) = c.get(format!("{}/healthz", self.base)).send()
                && r.status() == StatusCode::OK
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!("server at {} did not become ready", self.base);
    }

    pub fn get(&self, path: &str) -> reqwest::blocking::Response {
        client()
            .get(format!("{}{}", self.base, path))
            .send()
            .unwrap()
    }

    pub fn get_lang(&self, path: &str, lang: &str) -> reqwest::blocking::Response {
        client()
            .get(format!("{}{}", self.base, path))
            .header("Accept-Language", lang)
            .send()
            .unwrap()
    }

    /// GET, expecting 200 and JSON.
    pub fn json(&self, path: &str) -> Value {
        let r = self.get(path);
        let status = r.status();
        let body = r.text().unwrap();
        assert_eq!(status, StatusCode::OK, "{path} → {status}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// GET, expecting a problem document with this status; returns it.
    pub fn problem(&self, path: &str, status: u16) -> Value {
        let r = self.get(path);
        assert_eq!(r.status().as_u16(), status, "{path}");
        let ct = r
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(ct, "application/problem+json", "{path}");
        let v: Value = r.json().unwrap();
        for key in ["type", "title", "status", "detail", "code", "request_id"] {
            assert!(v.get(key).is_some(), "{path}: problem without {key}: {v}");
        }
        assert_eq!(v["status"], status);
        v
    }

    pub fn html(&self, path: &str) -> (u16, String) {
        let r = self.get(path);
        let s = r.status().as_u16();
        (s, r.text().unwrap())
    }
}

/// The `code` fields of a list of items.
pub fn codes(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

/// (key, count) of the groups.
pub fn groups(v: &Value) -> Vec<(String, u64)> {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_string(),
                g["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
