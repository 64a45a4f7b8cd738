//! The `soapstone` binary run as a user runs it: exit statuses, standard
//! output closed early, usage errors, files written by `generate -o`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../wsdl-samples")
        .join(rel)
}

fn soapstone(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_soapstone"))
        .args(args)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("soapstone-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `soapstone generate x.wsdl | head -1`: the reader going away is not a
/// panic (exit 101), and not an error either.
///
/// The pipe is closed before the child writes (it is still loading the
/// WSDL): the output of a sample is smaller than a pipe's buffer, so reading
/// a few bytes first would let the child write everything before the close
/// and never see the broken pipe.
#[test]
fn a_closed_stdout_is_a_quiet_success() {
    let wsdl = sample("image-service/ImageService.wsdl");
    let wsdl = wsdl.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["generate", wsdl],
        &["generate", wsdl, "--client", "--server"],
        &["check", wsdl],
        &["check", "--format", "json", wsdl],
        &["inspect", wsdl],
        &["inspect", "--format", "json", wsdl],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_soapstone"))
            .args(*args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
}

/// `check` takes `generate`'s settings, so a runtime path that is not a Rust
/// path fails it (C001) as it fails `generate`; and it takes several files.
#[test]
fn check_reports_an_unusable_runtime_path() {
    let wsdl = sample("image-service/ImageService.wsdl");
    let wsdl = wsdl.to_str().unwrap();
    let ok = soapstone(&["check", wsdl, "--runtime-path", "::my_sdk::rt"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let bad = soapstone(&["check", wsdl, "--runtime-path", "my sdk::rt"]);
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
    assert!(stdout.contains("error[C001]"), "{stdout}");
    let generate = soapstone(&["generate", wsdl, "--runtime-path", "my sdk::rt"]);
    assert_eq!(generate.status.code(), Some(1), "{generate:?}");

    let other = sample("document-service/DocumentService.wsdl");
    let two = soapstone(&["check", "--format", "json", wsdl, other.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    let documents = report["documents"].as_array().unwrap();
    for name in ["ImageService.wsdl", "DocumentService.wsdl"] {
        assert!(
            documents
                .iter()
                .any(|d| d.as_str().is_some_and(|d| d.ends_with(name))),
            "{name} in {report}"
        );
    }
}

/// A name given to both `--never-optimize` and `--always-optimize` is a
/// usage error (exit status 2), for `generate` and `check` alike.
#[test]
fn a_name_never_and_always_optimized_is_refused() {
    let wsdl = sample("image-service/ImageService.wsdl");
    let wsdl = wsdl.to_str().unwrap();
    for command in ["generate", "check"] {
        let out = soapstone(&[
            command,
            wsdl,
            "--never-optimize",
            "imageData",
            "--always-optimize",
            "other",
            "--always-optimize",
            "imageData",
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(out.stdout.is_empty(), "{command}: {out:?}");
        assert!(
            stderr.contains("`imageData` is given to both --never-optimize and --always-optimize"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("soapstone {command}")),
            "{command}: {stderr}"
        );
        // Different names are fine.
        let ok = soapstone(&[
            command,
            wsdl,
            "--never-optimize",
            "imageData",
            "--always-optimize",
            "other",
        ]);
        assert_eq!(ok.status.code(), Some(0), "{command}: {ok:?}");
    }
}

/// `generate -o` writes through a temporary file that does not stay, and
/// leaves an unchanged file alone (same modification time, same inode).
#[test]
fn generate_output_is_replaced_only_when_changed() {
    let dir = scratch("output");
    let out = dir.join("bindings.rs");
    let wsdl = sample("image-service/ImageService.wsdl");
    let args = [
        "generate",
        wsdl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let first = soapstone(&args);
    assert!(first.status.success(), "{first:?}");
    assert!(first.stdout.is_empty(), "{first:?}");
    let code = std::fs::read_to_string(&out).unwrap();
    assert!(code.starts_with("// @generated"), "{code}");
    let before = std::fs::metadata(&out).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));

    let second = soapstone(&args);
    assert!(second.status.success(), "{second:?}");
    let after = std::fs::metadata(&out).unwrap();
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        assert_eq!(before.ino(), after.ino());
    }

    // A stale file is replaced, by another file (renamed over it).
    std::fs::write(&out, "stale").unwrap();
    let third = soapstone(&args);
    assert!(third.status.success(), "{third:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), code);

    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["bindings.rs"], "a temporary file stayed");
    let _ = std::fs::remove_dir_all(&dir);
}
