//! A crate outside the workspace, depending on soapstone by path, can use the
//! Builder (examples/build-rs) and the macro (examples/macro) on a WSDL that
//! imports an XSD, compile, run, and is rebuilt when the imported XSD changes.
//!
//! Each example is copied to `target/outside-crates/<name>` (its path
//! dependencies made absolute) and built with `CARGO_TARGET_DIR =
//! target/outside-crates/target`, so runs after the first are incremental.
//! Per example: build and run (the binary prints the binary fields' expected
//! content types, then does an MTOM round trip) and run its tests; build
//! again unchanged (the crate is fresh); edit `star-attachment.xsd` (a new
//! content type) and build (the crate is rebuilt, and the program prints the
//! new type); break the XSD and build (the error names
//! `wsdl/star-attachment.xsd:line:col`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use soapstone_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// One nested cargo at a time: both tests share a target directory.
static CARGO: Mutex<()> = Mutex::new(());

const OLD_TYPE: &str = "xmime:expectedContentTypes=\"application/octet-stream\"";
const NEW_TYPE: &str = "xmime:expectedContentTypes=\"application/pdf\"";

struct Example {
    name: &'static str,
    /// The library target's name, as cargo reports it.
    lib: &'static str,
    dir: PathBuf,
    target: PathBuf,
}

impl Example {
    fn copy(name: &'static str, lib: &'static str) -> Example {
        let root = repo_root();
        let base = root.join("target/outside-crates");
        let dir = base.join(name);
        let src = root.join("examples").join(name);
        copy_dir(&src, &dir, &["target", "Cargo.lock"]);
        let manifest = std::fs::read_to_string(src.join("Cargo.toml")).unwrap();
        let manifest = manifest
            .replace(
                "path = \"../../runtime\"",
                &format!("path = {:?}", root.join("runtime").display().to_string()),
            )
            .replace(
                "path = \"../../codegen\"",
                &format!("path = {:?}", root.join("codegen").display().to_string()),
            );
        assert!(!manifest.contains("../../"), "{manifest}");
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        // The workspace's lock: the same dependency versions, so the build
        // needs no resolution (and works offline once they are downloaded).
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        Example {
            name,
            lib,
            dir,
            target: base.join("target"),
        }
    }

    fn cargo(&self, args: &[&str]) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let run = |offline: bool| {
            let mut cmd = Command::new(&cargo);
            cmd.args(args)
                .current_dir(&self.dir)
                .env("CARGO_TARGET_DIR", &self.target)
                .env("CARGO_TERM_COLOR", "never")
                .env_remove("CARGO_MANIFEST_DIR")
                .env_remove("RUSTFLAGS");
            if offline {
                cmd.arg("--offline");
            }
            cmd.output().unwrap()
        };
        let out = run(true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() && stderr.contains("offline") {
            // A dependency is not in the local registry yet: fetch it.
            return run(false);
        }
        out
    }

    /// `cargo build --message-format json`: the build's success and its
    /// messages.
    fn build(&self) -> (bool, Vec<Value>, String) {
        let out = self.cargo(&["build", "--message-format", "json"]);
        let messages = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        (
            out.status.success(),
            messages,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Whether the crate's library was reused (`fresh`) in this build.
    fn lib_fresh(&self, messages: &[Value]) -> bool {
        let lib = messages
            .iter()
            .find(|m| {
                m["reason"] == "compiler-artifact"
                    && m["target"]["name"] == self.lib
                    && m["target"]["kind"][0] == "lib"
            })
            .unwrap_or_else(|| panic!("{}: no artifact for the library", self.name));
        lib["fresh"].as_bool().unwrap()
    }

    /// The compiler messages rendered, for failure output.
    fn rendered(messages: &[Value]) -> String {
        messages
            .iter()
            .filter_map(|m| m["message"]["rendered"].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn run_binary(&self) -> String {
        let bin = self.target.join("debug").join(self.name_as_bin());
        let out = Command::new(&bin).output().unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            bin.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn name_as_bin(&self) -> String {
        format!("soapstone-example-{}", self.name)
    }

    fn edit_xsd(&self, from: &str, to: &str) {
        let xsd = self.dir.join("wsdl/star-attachment.xsd");
        let text = std::fs::read_to_string(&xsd).unwrap();
        assert!(text.contains(from), "{from} not in {}", xsd.display());
        std::fs::write(&xsd, text.replacen(from, to, 1)).unwrap();
    }

    /// Line and column (1-based) of `needle` in the copied XSD.
    fn xsd_position(&self, needle: &str) -> (usize, usize) {
        let text = std::fs::read_to_string(self.dir.join("wsdl/star-attachment.xsd")).unwrap();
        let at = text.find(needle).unwrap();
        let line = text[..at].matches('\n').count() + 1;
        let col = at - text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
        (line, col)
    }

    /// The whole scenario; `after_edit` checks what only this front end can show.
    fn scenario(&self, after_edit: impl Fn(&Example, &[Value])) {
        let (ok, messages, stderr) = self.build();
        assert!(
            ok,
            "{}: first build failed:\n{stderr}\n{}",
            self.name,
            Self::rendered(&messages)
        );
        let out = self.run_binary();
        assert!(
            out.contains("expects [\"application/octet-stream\"]"),
            "{out}"
        );
        assert!(
            out.contains("1 MTOM attachment(s)") && out.contains("equal: true"),
            "{out}"
        );
        // The example's own round-trip test.
        let test = self.cargo(&["test"]);
        assert!(
            test.status.success(),
            "{}: cargo test failed:\n{}{}",
            self.name,
            String::from_utf8_lossy(&test.stdout),
            String::from_utf8_lossy(&test.stderr)
        );

        let (ok, messages, stderr) = self.build();
        assert!(ok, "{stderr}");
        assert!(
            self.lib_fresh(&messages),
            "{}: rebuilt although nothing changed",
            self.name
        );

        // A change in the imported schema only.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        self.edit_xsd(OLD_TYPE, NEW_TYPE);
        let (ok, messages, stderr) = self.build();
        assert!(
            ok,
            "{}: build after the edit failed:\n{stderr}\n{}",
            self.name,
            Self::rendered(&messages)
        );
        assert!(
            !self.lib_fresh(&messages),
            "{}: not rebuilt after star-attachment.xsd changed",
            self.name
        );
        after_edit(self, &messages);
        let out = self.run_binary();
        assert!(out.contains("expects [\"application/pdf\"]"), "{out}");

        // An error in the imported schema is reported at its position there.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let bad = "type=\"att:NoSuchType\"";
        self.edit_xsd("type=\"xs:anyURI\"", bad);
        let (line, col) = self.xsd_position("<xs:element name=\"uriReference\"");
        let (ok, messages, stderr) = self.build();
        assert!(!ok, "{}: a broken XSD built", self.name);
        let all = format!("{stderr}\n{}", Self::rendered(&messages));
        let expected = format!("wsdl/star-attachment.xsd:{line}:{col}: error[S002]");
        assert!(
            all.contains(&expected),
            "{}: want {expected} in:\n{all}",
            self.name
        );
        assert!(all.contains("= hint:"), "{all}");
    }
}

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name), &[]);
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

#[test]
fn build_rs_example_rebuilds_when_an_imported_xsd_changes() {
    let _guard = CARGO.lock().unwrap_or_else(|e| e.into_inner());
    let example = Example::copy("build-rs", "soapstone_example_build_rs");
    example.scenario(|ex, messages| {
        // The build script reran and rewrote the bindings.
        let out_dir = messages
            .iter()
            .find(|m| {
                m["reason"] == "build-script-executed"
                    && m["package_id"]
                        .as_str()
                        .is_some_and(|p| p.contains("soapstone-example-build-rs"))
            })
            .and_then(|m| m["out_dir"].as_str())
            .unwrap_or_else(|| panic!("{}: no build script output", ex.name));
        let code = std::fs::read_to_string(Path::new(out_dir).join("ProcessMessage.rs")).unwrap();
        assert!(
            code.starts_with("// @generated by soapstone-codegen"),
            "{code}"
        );
        assert!(code.contains("\"application/pdf\""), "{code}");
        assert!(!code.contains("\"application/octet-stream\""));
    });
}

#[test]
fn macro_example_rebuilds_when_an_imported_xsd_changes() {
    let _guard = CARGO.lock().unwrap_or_else(|e| e.into_inner());
    let example = Example::copy("macro", "soapstone_example_macro");
    example.scenario(|_, _| {});
}
