//! Shared helpers for soapstone's cross-crate tests.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `../shared/corpus` beside the repository, if it is there. Prints why a
/// test skips when it is not.
pub fn corpus_dir(test: &str) -> Option<PathBuf> {
    let dir = repo_root().join("../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP {test}: {} not found (the shared corpus sits beside the repository in CI)",
            dir.display()
        );
        None
    }
}

/// A sample path as tests pass it: relative to the tests crate (the working
/// directory of `cargo test`), so output is the same on every machine.
pub fn sample(rel: &str) -> PathBuf {
    PathBuf::from("../wsdl-samples").join(rel)
}
