//! The `wsdl!` macro's compile-fail suite (trybuild): one case per input the
//! generator refuses, each with its committed `.stderr` showing the file,
//! line, column, code and hint. `ui/pass/` holds a case that must compile.
//!
//! Cases live in `tests/ui/*.rs`; their small WSDL/XSD inputs in
//! `tests/ui/wsdl/` (or `wsdl-samples/broken/`). To accept a deliberate
//! change of the messages: `TRYBUILD=overwrite cargo test -p soapstone-tests
//! --test compile_fail`, then review the `.stderr` diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone_codegen::diag::Code;
use std::path::Path;

#[test]
fn ui() {
    // trybuild compiles the cases in a project under target/, whose
    // CARGO_MANIFEST_DIR is not this crate's: point the macro at this crate
    // so paths (and the messages showing them) are relative to tests/.
    std::env::set_var(
        soapstone_codegen::macro_support::MANIFEST_DIR_OVERRIDE,
        env!("CARGO_MANIFEST_DIR"),
    );
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
    t.pass("ui/pass/*.rs");
}

/// Codes no input can make an error: warnings only, or never emitted.
const NOT_REFUSALS: &[(Code, &str)] = &[
    (Code::Duplicate, "a warning: the first definition is used"),
    (
        Code::UnresolvedPolicy,
        "a warning: MTOM falls back to the setting",
    ),
    (Code::NonSoapBinding, "a warning: the binding is skipped"),
    (
        Code::MediaRangeOnNonBinary,
        "a warning: the annotation is ignored",
    ),
];

/// Every error code the generator has is shown by at least one case.
#[test]
fn every_refusal_has_a_compile_fail_case() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut stderr = String::new();
    for entry in std::fs::read_dir(&ui).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "stderr") {
            stderr.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !NOT_REFUSALS.iter().any(|(n, _)| n == *c))
        .map(|c| c.as_str())
        .filter(|c| !stderr.contains(&format!("error[{c}]")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a compile-fail case: {missing:?}"
    );
}

/// Each case is one error, and every diagnostic case shows a position and a
/// hint.
#[test]
fn each_case_is_one_error_with_position_and_hint() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut checked = 0;
    for entry in std::fs::read_dir(&ui).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "stderr") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let errors = text.lines().filter(|l| l.starts_with("error")).count();
        assert_eq!(errors, 1, "{name}:\n{text}");
        if let Some(first) = text.lines().next().filter(|l| l.contains("error[")) {
            assert!(text.contains("= hint:"), "{name}: no hint:\n{text}");
            // Without a file (an unreadable input or catalog) the message
            // names the path itself; otherwise `file:line:col: error[`.
            let positioned = first
                .trim_start_matches("error: ")
                .split(": error[")
                .next()
                .is_some_and(|pos| pos.rsplitn(3, ':').count() == 3);
            let unplaced = first.contains("error[L001]")
                || first.contains("error[L005]")
                || first.contains("error[C001]");
            assert!(positioned || unplaced, "{name}: no file:line:col:\n{text}");
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} cases");
}
