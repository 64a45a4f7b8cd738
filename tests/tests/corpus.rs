//! Every primary WSDL/XSD of ../shared/corpus (MANIFEST.tsv) loads with the
//! corpus catalog: no panic, no error, except the files listed here, each
//! with its reason and the diagnostic it must produce.

use soapstone_codegen::diag::Severity;
use soapstone_codegen::inspect::{inspect, Report};
use soapstone_codegen::Settings;
use soapstone_tests::corpus_dir;
use std::path::Path;

enum Why {
    /// A construct soapstone does not support, reported as such.
    Unsupported(&'static str),
    /// The file itself is broken; the diagnostic names the defect.
    InputDefect(&'static str),
}

/// (path, diagnostic code that must be among the errors, why)
const EXCEPTIONS: &[(&str, &str, Why)] = &[
    ("apache-axis1/integration/src/test/wsdl/attachments/mime.wsdl", "W002", Why::Unsupported("rpc/encoded (SOAP section 5 encoding)")),
    ("apache-axis1/test/wsdl/interop4/groupG/mime/rpc/mime-rpc.wsdl", "W002", Why::Unsupported("rpc/encoded (SOAP section 5 encoding)")),
    ("wsdltophp-packagegenerator/tests/resources/OmnitureAdminServices.wsdl", "W002", Why::Unsupported("rpc/encoded (SOAP section 5 encoding)")),
    (
        "apache-axis1/distribution/src/main/files/samples/ws-i/scm/source/wsdl/ManufacturerImpl.wsdl",
        "L004",
        Why::InputDefect("partial/Configuration.wsdl, reached as .../2002-10/Configuration.wsdl, imports Configuration.xsd relative to that URL; the sample has it only under 2002-08 (the corpus's own IMPORT_CHECK.txt counts this unresolved reference too)"),
    ),
    (
        "apache-axis2/modules/jaxws-integration/test-resources/wsdl/swamtomservice.wsdl",
        "S003",
        Why::InputDefect("parts name elements typens:mtom and typens:mtomResponse; the schema declares mtomAttachment and mtomAttachmentResponse"),
    ),
    (
        "metro-jax-ws/extras/eclipselink_jaxb/src/test/resources/etc/WSW2JDLSwaTestService.wsdl",
        "S003",
        Why::InputDefect("part MyHeaderFault names element s:MyHeaderFaultReason, which the schema does not declare"),
    ),
];

/// CXF's DoubleIt WSDLs import `src/test/resources/DoubleItLogical.wsdl`,
/// relative to the Maven module, not to themselves: an L003 whose hint names
/// the module directory, and a clean load once that directory is an import path.
const MODULE_RELATIVE: &[&str] = &[
    "apache-cxf/systests/ws-security/src/test/resources/org/apache/cxf/systest/ws/mtom/DoubleItMtom.wsdl",
    "apache-cxf/systests/ws-security/src/test/resources/org/apache/cxf/systest/ws/parts/DoubleItParts.wsdl",
    "apache-cxf/systests/ws-security/src/test/resources/org/apache/cxf/systest/ws/swa/DoubleItSwa.wsdl",
];

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
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let primaries: Vec<&str> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.get(7) == Some(&"primary")).then_some(cols[0])
        })
        .collect();
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
        if let Some((_, code, why)) = EXCEPTIONS.iter().find(|(p, _, _)| p == rel) {
            let reason = match why {
                Why::Unsupported(w) => format!("unsupported: {w}"),
                Why::InputDefect(w) => format!("input defect: {w}"),
            };
            table.push(format!("{rel}\t{code}\t{reason}"));
            if !errs.iter().any(|e| e.contains(&format!(" {code} "))) {
                failures.push(format!(
                    "{rel}: expected a {code} error ({reason}), got {errs:?}"
                ));
            }
            continue;
        }
        if MODULE_RELATIVE.contains(rel) {
            let module = corpus.join("apache-cxf/systests/ws-security");
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
