//! The whole pipeline (`generate`: load → parse → model → analyze → plan →
//! emit → format) for EWS, ~1 MB of schema and ~1,400 named types.
//! Target: under 0.5 s in release. Beside it, `analyze` alone, so the share
//! of plan + emit + format (prettyplease) is visible in the same run.
//! Skips with a message when ../shared/corpus is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn ews(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let wsdl = corpus.join("wsdltophp-packagegenerator/tests/resources/ews/services.wsdl");
    if !wsdl.is_file() {
        eprintln!(
            "skipping generate benchmark: {} not found (the shared corpus sits beside the repository)",
            wsdl.display()
        );
        return;
    }
    let mut settings = soapstone_codegen::Settings::new(&wsdl);
    settings.catalog(corpus.join("catalog.xml"));
    match soapstone_codegen::generate(&settings) {
        Ok(g) => eprintln!(
            "EWS bindings: {} bytes, {} lines",
            g.code.len(),
            g.code.lines().count()
        ),
        Err(e) => panic!("EWS does not generate:\n{e}"),
    }
    let mut group = c.benchmark_group("ews");
    group.sample_size(10);
    group.bench_function("analyze", |b| {
        b.iter(|| soapstone_codegen::analyze(&settings))
    });
    // The stages after analyze, each on the previous stage's output.
    let a = soapstone_codegen::analyze(&settings);
    group.bench_function("plan", |b| {
        b.iter(|| soapstone_codegen::plan::plan(&a.model, &a.binaries, &settings))
    });
    let (plan, _) = soapstone_codegen::plan::plan(&a.model, &a.binaries, &settings);
    group.bench_function("emit", |b| b.iter(|| soapstone_codegen::emit::emit(&plan)));
    let tokens = soapstone_codegen::emit::emit(&plan);
    group.bench_function("format: syn parse only", |b| {
        b.iter(|| syn::parse2::<syn::File>(tokens.clone()).map(|f| f.items.len()))
    });
    group.bench_function("format", |b| {
        b.iter(|| soapstone_codegen::emit::format(tokens.clone()))
    });
    group.bench_function("generate", |b| {
        b.iter(|| soapstone_codegen::generate(&settings).map(|g| g.code.len()))
    });
    group.finish();
}

criterion_group!(benches, ews);
criterion_main!(benches);
