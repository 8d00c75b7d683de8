//! One test PKI for the whole test binary (`tauar pki init` takes seconds): made once, read
//! only; tests that revoke or replace files work on a [`copy`].

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static SHARED: OnceLock<tempfile::TempDir> = OnceLock::new();

/// The shared test PKI (seed 11, the real clock), under Cargo's test scratch directory.
pub fn shared() -> &'static Path {
    SHARED
        .get_or_init(|| {
            let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
            std::fs::create_dir_all(&root).unwrap();
            let tmp = tempfile::tempdir_in(root).unwrap();
            let opts = pki::testkit::InitOptions {
                seed: 11,
                ..pki::testkit::InitOptions::default()
            };
            pki::testkit::init(tmp.path(), &opts).unwrap();
            tmp
        })
        .path()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A private copy of the shared PKI in `dir`.
pub fn copy(dir: &Path) -> PathBuf {
    let to = dir.join("pki");
    copy_dir(shared(), &to);
    to
}
