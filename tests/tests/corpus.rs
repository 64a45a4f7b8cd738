//! Every primary WSDL/XSD of ../shared/corpus (MANIFEST.tsv) loads with the
//! corpus catalog: no panic, no error, except the files listed here, each
//! with its reason and the diagnostic it must produce.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone_codegen::diag::Severity;
use soapstone_codegen::inspect::{inspect, Report};
use soapstone_codegen::Settings;
use soapstone_tests::{
    corpus_dir, corpus_primaries, CORPUS_EXCEPTIONS as EXCEPTIONS, CORPUS_MODULE_DIR,
    CORPUS_MODULE_RELATIVE as MODULE_RELATIVE,
};
use std::path::Path;

/// Primary documents that must load without any error. Raise it when more load.
const MIN_CLEAN: usize = 104;

fn run(corpus: &Path, rel: &str, import_path: Option<&Path>) -> Report {
    let mut s = Settings::new(corpus.join(rel));
    s.catalog(corpus.join("catalog.xml"));
    if let Some(p) = import_path {
        s.import_path(p);
    }
    inspect(&s)
}

fn errors(r: &Report) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d.file.as_deref().unwrap_or("?"),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.code,
                d.message
            )
        })
        .collect()
}

#[test]
fn every_primary_corpus_document_loads() {
    let Some(corpus) = corpus_dir("every_primary_corpus_document_loads") else {
        return;
    };
    let primaries = corpus_primaries(&corpus).unwrap();
    assert!(
        primaries.len() > 100,
        "manifest lists {} primaries",
        primaries.len()
    );

    let mut clean = 0;
    let mut failures = Vec::new();
    let mut table = Vec::new();
    for rel in &primaries {
        let r = run(&corpus, rel, None);
        let errs = errors(&r);
        if let Some((_, code, why)) = EXCEPTIONS.iter().find(|(p, _, _)| *p == rel.as_str()) {
            let reason = why.to_string();
            table.push(format!("{rel}\t{code}\t{reason}"));
            if !errs.iter().any(|e| e.contains(&format!(" {code} "))) {
                failures.push(format!(
                    "{rel}: expected a {code} error ({reason}), got {errs:?}"
                ));
            }
            continue;
        }
        if MODULE_RELATIVE.contains(&rel.as_str()) {
            let module = corpus.join(CORPUS_MODULE_DIR);
            let hinted = r.diagnostics.iter().any(|d| {
                d.code == "L003"
                    && d.hint.contains("--import-path")
                    && d.hint.contains("DoubleItLogical.wsdl")
            });
            if !hinted {
                failures.push(format!(
                    "{rel}: expected L003 with an ancestor hint, got {:#?}",
                    r.diagnostics
                ));
            }
            let again = run(&corpus, rel, Some(&module));
            let e2 = errors(&again);
            if !e2.is_empty() {
                failures.push(format!(
                    "{rel}: with --import-path the module dir it should load: {e2:?}"
                ));
            }
            table.push(format!(
                "{rel}\tL003\tmodule-relative import; loads with --import-path {}",
                module.display()
            ));
            continue;
        }
        if errs.is_empty() {
            clean += 1;
        } else {
            failures.push(format!("{rel}: {errs:?}"));
            table.push(format!("{rel}\tERROR\t{}", errs.join(" | ")));
        }
    }
    println!(
        "corpus: {} primaries, {clean} clean; exceptions:",
        primaries.len()
    );
    for row in &table {
        println!("  {row}");
    }
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
    assert!(
        clean >= MIN_CLEAN,
        "only {clean} documents load clean (recorded: {MIN_CLEAN})"
    );
}

#[test]
fn ws_i_scm_retailer_resolves_relative_imports_against_the_logical_url() {
    let Some(corpus) = corpus_dir("ws_i_scm_retailer") else {
        return;
    };
    let r = run(
        &corpus,
        "apache-axis1/distribution/src/main/files/samples/ws-i/scm/source/wsdl/RetailerImpl.wsdl",
        None,
    );
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    // Retailer.wsdl (reached by its ws-i.org URL) imports Configuration.xsd etc.
    // relative to that URL; the catalog maps each to the local schema/ folder.
    for f in [
        "partial/Retailer.wsdl",
        "schema/RetailOrder.xsd",
        "schema/Configuration.xsd",
    ] {
        assert!(
            r.documents.iter().any(|d| d.ends_with(f)),
            "{f} not loaded: {:?}",
            r.documents
        );
    }
    assert!(!r.operations.is_empty());
}

#[test]
fn ews_loads_and_finds_its_binaries() {
    let Some(corpus) = corpus_dir("ews") else {
        return;
    };
    let r = run(
        &corpus,
        "wsdltophp-packagegenerator/tests/resources/ews/services.wsdl",
        None,
    );
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    assert!(r.schema.named_types > 1000, "{:?}", r.schema.named_types);
    assert!(
        r.binaries
            .iter()
            .any(|b| b.operation.as_deref() == Some("GetUserPhoto")
                && b.body_path.as_deref() == Some("/GetUserPhotoResponse/PictureData")),
        "GetUserPhoto's PictureData missing"
    );
}
