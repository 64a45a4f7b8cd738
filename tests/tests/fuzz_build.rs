//! The cargo-fuzz targets of the runtime's readers (runtime/fuzz/) build:
//! CI builds them here rather than running them (runtime/fuzz/README.md says
//! how to run a campaign).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn fuzz_targets_build() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if Command::new("c++").arg("--version").output().is_err() {
        eprintln!("SKIP fuzz_targets_build: no C++ compiler (libfuzzer-sys needs one; .ci/run installs g++)");
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--bins", "--manifest-path"])
        .arg(root.join("runtime/fuzz/Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/fuzz-build"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "fuzz targets do not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for bin in ["decode_memory", "decode_stream"] {
        assert!(
            root.join("target/fuzz-build/debug").join(bin).is_file(),
            "{bin} was not built"
        );
    }
}
