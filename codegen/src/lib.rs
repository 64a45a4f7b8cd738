//! `soapstone-codegen`: WSDL 1.1 + XML Schema in, typed Rust bindings with
//! MTOM/XOP attachments out.
//!
//! The generator is a pipeline of named stages, each a public function with
//! its own output type, so tests (and curious users) can stop at any stage:
//!
//! ```text
//! Settings
//!   → load     Sources: every document reached through wsdl:import, xs:import,
//!              xs:include, xs:redefine and inline <wsdl:types> schemas
//!   → parse    Parsed: a syntax tree per document (spans, in-scope namespaces)
//!   → model    Model: resolved IR in arenas with typed ids
//!   → analyze  binaries: every base64Binary with its body path (and later plan,
//!              emit, format)
//! ```
//!
//! [`inspect`] runs `load → parse → model → analyze` and returns a report
//! ([`inspect::Report`]) that the `soapstone inspect` command prints.
//!
//! ```no_run
//! let settings = soapstone_codegen::Settings::new("wsdl-samples/image-service/ImageService.wsdl");
//! let report = soapstone_codegen::inspect::inspect(&settings);
//! for b in &report.binaries {
//!     println!("{} {:?}", b.operation.as_deref().unwrap_or("-"), b.body_path);
//! }
//! ```
//!
//! Problems are collected, never thrown one by one: see [`diag`].

pub mod analysis;
pub mod diag;
pub mod inspect;
pub mod load;
pub mod media;
pub mod model;
pub mod names;
pub mod parse;
pub mod settings;
pub mod source;

pub use diag::{Diagnostic, Diagnostics};
pub use load::{load, Sources};
pub use model::Model;
pub use parse::{parse, Parsed};
pub use settings::Settings;

/// Everything up to the resolved model: the sources, the model, and every
/// diagnostic found on the way (load, model and binary analysis).
pub struct Analysis {
    /// The loaded documents.
    pub sources: Sources,
    /// The resolved model.
    pub model: Model,
    /// Every binary field reachable from an operation.
    pub binaries: Vec<analysis::BinaryField>,
    /// All diagnostics, sorted by position.
    pub diagnostics: Diagnostics,
}

/// Runs `load → parse → model → analyze`.
pub fn analyze(settings: &Settings) -> Analysis {
    let sources = load(settings);
    let (model, model_diags) = {
        let parsed = parse(&sources);
        model::build(&parsed)
    };
    let (binaries, binary_diags) = analysis::binaries(&model);
    let mut diagnostics = sources.diagnostics.clone();
    diagnostics.extend(model_diags);
    diagnostics.extend(binary_diags);
    diagnostics.sort_and_dedup();
    Analysis {
        sources,
        model,
        binaries,
        diagnostics,
    }
}
