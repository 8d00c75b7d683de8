//! Shared test PKI for the `testkit_*` modules: one `init --seed 7 --now 2026-12-01T04:00:00Z`
//! per test run (the spec's acceptance fixture, §9), read-only; tests that revoke work on a
//! copy.

use kernel::Millis;
use pki::testkit::{InitOptions, InitOutcome, TestPki, init};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const NOW: &str = "2026-12-01T04:00:00Z";

/// The SIG-62 personas and the account certificates of spec/accounts.md §9.0.
pub const PERSONA_COUNT: usize = 25 + 25;

pub fn now() -> Millis {
    pki::testkit::state::parse_time(NOW).unwrap()
}

pub fn options(seed: u64) -> InitOptions {
    InitOptions {
        now: Some(now()),
        seed,
        base_url: "http://127.0.0.1:9".into(),
        force: false,
    }
}

/// A fresh directory under the target's temporary directory (removed with the guard; the
/// shared one is removed by a later run).
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("pki-testkit-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

struct Shared {
    _guard: tempfile::TempDir,
    path: PathBuf,
    seconds: f64,
}

/// The shared directory outlives the test process (statics are not dropped): remove the ones
/// earlier runs left behind.
fn remove_stale_dirs() {
    let Ok(entries) = std::fs::read_dir(env!("CARGO_TARGET_TMPDIR")) else {
        return;
    };
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old && e.file_name().to_string_lossy().starts_with("pki-testkit-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn shared_dir() -> &'static Shared {
    static S: OnceLock<Shared> = OnceLock::new();
    S.get_or_init(|| {
        remove_stale_dirs();
        let guard = temp_dir();
        let path = guard.path().join("pki");
        let started = std::time::Instant::now();
        assert_eq!(init(&path, &options(7)).unwrap(), InitOutcome::Created);
        Shared {
            _guard: guard,
            path,
            seconds: started.elapsed().as_secs_f64(),
        }
    })
}

/// The shared PKI (seed 7); never modify it.
pub fn shared() -> TestPki {
    TestPki::open(&shared_dir().path).unwrap()
}

pub fn shared_path() -> &'static Path {
    &shared_dir().path
}

/// Seconds the shared init took.
pub fn init_seconds() -> f64 {
    shared_dir().seconds
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A private copy of the shared PKI (for revoke/unhold).
pub fn copy_of_shared() -> (tempfile::TempDir, TestPki) {
    let guard = temp_dir();
    let path = guard.path().join("pki");
    copy_tree(shared_path(), &path);
    let pki = TestPki::open(&path).unwrap();
    (guard, pki)
}

/// Every file under `dir` (relative path → bytes), sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
