//! load + parse + model (+ binary analysis) of EWS, ~1 MB of schema.
//! Target: under 150 ms. Skips with a message when ../shared/corpus is absent.

#![allow(missing_docs)] // criterion's macros generate undocumented items

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn ews(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let wsdl = corpus.join("wsdltophp-packagegenerator/tests/resources/ews/services.wsdl");
    if !wsdl.is_file() {
        eprintln!("skipping: {} not found", wsdl.display());
        return;
    }
    let mut settings = soapstone_codegen::Settings::new(&wsdl);
    settings.catalog(corpus.join("catalog.xml"));
    let mut group = c.benchmark_group("ews");
    group.sample_size(20);
    group.bench_function("load", |b| b.iter(|| soapstone_codegen::load(&settings)));
    group.bench_function("load+parse+model", |b| {
        b.iter(|| {
            let sources = soapstone_codegen::load(&settings);
            let parsed = soapstone_codegen::parse(&sources);
            soapstone_codegen::model::build(&parsed)
        })
    });
    group.bench_function("load+model+binaries", |b| {
        b.iter(|| soapstone_codegen::analyze(&settings))
    });
    group.finish();
}

criterion_group!(benches, ews);
criterion_main!(benches);
