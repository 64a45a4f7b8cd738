//! The committed generated code (tests/generated/*.rs, tests/features/*/expected.rs)
//! is exactly what the generator writes today. The crate's lib compiles those
//! files under `deny(warnings)`, so every snapshot is compiled.
//! To accept a deliberate change: `tests/regenerate.sh` (or `SOAPSTONE_BLESS=1 cargo test -p soapstone-tests --test generated` when the crate still compiles).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone_codegen::{generate, Settings};
use std::path::{Path, PathBuf};

/// The settings the snapshots are made with (as `tests/regenerate.sh`):
/// WSDL samples also get their client and server.
fn settings(input: &Path) -> Settings {
    let mut s = Settings::new(input);
    let wsdl = input.extension().is_some_and(|x| x == "wsdl");
    s.client = wsdl;
    s.server = wsdl;
    s
}

fn check(input: &Path, committed: &Path) -> Option<String> {
    let generated = match generate(&settings(input)) {
        Ok(g) => g.code,
        Err(e) => return Some(format!("{}: generation failed:\n{e}", input.display())),
    };
    if std::env::var_os("SOAPSTONE_BLESS").is_some() {
        std::fs::write(committed, &generated).unwrap();
        return None;
    }
    let on_disk = std::fs::read_to_string(committed).unwrap_or_default();
    (on_disk != generated).then(|| {
        let line = on_disk
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
            .unwrap_or(on_disk.lines().count().min(generated.lines().count()) + 1);
        format!(
            "{} differs from what {} generates (first difference at line {line})",
            committed.display(),
            input.display()
        )
    })
}

fn sample_inputs() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for entry in walk(Path::new("../wsdl-samples")) {
        let rel = entry
            .strip_prefix("../wsdl-samples")
            .unwrap()
            .to_string_lossy()
            .to_string();
        let is_input = rel.ends_with(".wsdl")
            || rel.starts_with("features/")
                && (rel.ends_with("main.xsd") || !rel[9..].contains('/'));
        if rel.starts_with("broken/") || rel.starts_with("star-process-message/star-") || !is_input
        {
            continue;
        }
        let stem = rel
            .rsplit_once('.')
            .unwrap()
            .0
            .replace(['/', '.', '-'], "_")
            .to_lowercase();
        out.push((entry.clone(), PathBuf::from(format!("generated/{stem}.rs"))));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "wsdl" || x == "xsd") {
            out.push(p);
        }
    }
    out
}

#[test]
fn every_sample_snapshot_is_current() {
    let inputs = sample_inputs();
    assert_eq!(inputs.len(), 13, "{inputs:#?}");
    let problems: Vec<String> = inputs.iter().filter_map(|(i, c)| check(i, c)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_feature_expected_rs_is_current() {
    let mut n = 0;
    let mut problems = Vec::new();
    for e in std::fs::read_dir("features").unwrap() {
        let dir = e.unwrap().path();
        let schema = dir.join("schema.xsd");
        if schema.is_file() {
            n += 1;
            problems.extend(check(&schema, &dir.join("expected.rs")));
        }
    }
    assert_eq!(n, 27);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let s = Settings::new("../wsdl-samples/features/groups.xsd");
    let a = generate(&s).unwrap().code;
    let b = generate(&s).unwrap().code;
    assert_eq!(a, b);
}
