//! Broken inputs: each yields exactly one error, with the code, file, line and
//! column recorded in wsdl-samples/broken/EXPECTED.tsv (worked out by hand).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone_codegen::diag::Severity;
use soapstone_codegen::inspect::inspect;
use soapstone_codegen::Settings;
use soapstone_tests::{repo_root, sample};

#[test]
fn every_broken_sample_reports_its_error_at_the_recorded_position() {
    let table =
        std::fs::read_to_string(repo_root().join("wsdl-samples/broken/EXPECTED.tsv")).unwrap();
    let mut checked = 0;
    for line in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, line_no, col, code) = (cols[0], cols[1], cols[2], cols[3]);
        let rel = format!("broken/{file}");
        let report = inspect(&Settings::new(sample(&rel)));
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(
            errors.len(),
            1,
            "{file}: expected exactly one error, got {errors:#?}"
        );
        let e = errors[0];
        assert_eq!(e.code, code, "{file}: {e:#?}");
        assert_eq!(
            e.line.map(|l| l.to_string()).as_deref(),
            Some(line_no),
            "{file}: {e:#?}"
        );
        assert_eq!(
            e.column.map(|c| c.to_string()).as_deref(),
            Some(col),
            "{file}: {e:#?}"
        );
        assert!(
            e.file.as_deref().is_some_and(|f| f.ends_with(file)),
            "{file}: {e:#?}"
        );
        assert!(!e.hint.is_empty(), "{file}: every error carries a hint");
        // The rendering shows file:line:col and the source line under it.
        let rendered = report.rendered_diagnostics.join("\n");
        assert!(
            rendered.contains(&format!("{file}:{line_no}:{col}: error[{code}]")),
            "{rendered}"
        );
        assert!(rendered.contains(" | "), "{rendered}");
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let report = inspect(&Settings::new(sample("does/not/exist.wsdl")));
    assert!(report.has_errors());
    assert_eq!(report.diagnostics[0].code, "L001");
}

#[test]
fn garbage_and_empty_inputs_are_errors_not_panics() {
    let dir = std::env::temp_dir().join(format!("soapstone-garbage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: &[(&str, &[u8])] = &[
        ("empty.wsdl", b""),
        ("binary.wsdl", &[0xff, 0xfe, 0x00, 0x3c, 0x00, 0x00, 0xd8]),
        ("text.wsdl", b"hello"),
        ("html.wsdl", b"<html><body>404</body></html>"),
        ("entity.wsdl", b"<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><d>&c;</d>"),
        ("cycle.wsdl", b"<definitions xmlns='http://schemas.xmlsoap.org/wsdl/'><import location='cycle.wsdl'/></definitions>"),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let report = inspect(&Settings::new(&path));
        if *name == "cycle.wsdl" {
            assert!(
                !report.has_errors(),
                "{name}: a self-import is fine: {:#?}",
                report.diagnostics
            );
            assert_eq!(report.documents.len(), 1);
        } else {
            assert!(report.has_errors(), "{name} should be an error");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
