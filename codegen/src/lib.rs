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
//!
//! ## Front ends
//!
//! Three ways in, all filling one [`Settings`]:
//!
//! - build.rs: [`Builder`] writes `$OUT_DIR/<wsdl stem>.rs` and prints
//!   `cargo:rerun-if-changed` for every file read;
//! - the `wsdl!` proc-macro (crate `soapstone-macros`, re-exported as
//!   `soapstone::wsdl!`), a thin shell over [`macro_support::expand`];
//! - the `soapstone` CLI: `generate`, `inspect`, `check` ([`check::check`]),
//!   `mime`.

pub mod analysis;
pub mod builder;
pub mod check;
pub mod diag;
pub mod emit;
pub mod inspect;
pub mod load;
pub mod macro_support;
pub mod media;
pub mod model;
pub mod names;
pub mod naming;
pub mod parse;
pub mod plan;
pub mod runtime_path;
pub mod settings;
pub mod source;

pub use builder::{BuildError, Builder};
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

/// Why generation failed: the diagnostics (with at least one error), and the
/// sources they point into (for rendering).
#[derive(Debug)]
pub struct GenerateError {
    /// Every diagnostic found.
    pub diagnostics: Diagnostics,
    /// The loaded documents, to render diagnostics against.
    pub sources: source::SourceMap,
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostics.render(&self.sources))
    }
}

impl std::error::Error for GenerateError {}

/// What `generate` produced: the formatted Rust source, the warnings, and
/// every file read (for `rerun-if-changed`).
#[derive(Debug)]
pub struct Generated {
    /// Formatted Rust source.
    pub code: String,
    /// Warnings (no errors).
    pub diagnostics: Diagnostics,
    /// The loaded documents.
    pub sources: source::SourceMap,
}

/// Runs the whole pipeline: `load → parse → model → analyze → plan → emit →
/// format`. Fails with every diagnostic when any is an error.
///
/// Planning starts only from an error-free model: every refusal of the plan
/// stage follows from an error reported earlier (an unresolved type, a part
/// without a type), and reporting it twice would only add noise.
pub fn generate(settings: &Settings) -> Result<Generated, GenerateError> {
    let a = analyze(settings);
    let mut diagnostics = a.diagnostics;
    let runtime = match runtime_path::parse(&settings.runtime_path) {
        Ok(path) => Some(path),
        Err(message) => {
            diagnostics.push(
                Diagnostic::error(diag::Code::InvalidSetting, None, message).with_hint(
                    "set the runtime path to the crate path of the `soapstone` runtime, e.g. `::soapstone` or `::my_sdk::soapstone`",
                ),
            );
            None
        }
    };
    let sources = a.sources.files;
    let plan = match runtime {
        Some(runtime) if !diagnostics.has_errors() => {
            let (plan, plan_diags) = plan::plan(&a.model, &a.binaries, settings);
            diagnostics.extend(plan_diags);
            diagnostics.sort_and_dedup();
            (!diagnostics.has_errors()).then_some((plan, runtime))
        }
        _ => None,
    };
    let Some((plan, _)) = plan else {
        return Err(GenerateError {
            diagnostics,
            sources,
        });
    };
    let header = format!(
        "// @generated by soapstone-codegen {} from {}. Do not edit.\n\n",
        env!("CARGO_PKG_VERSION"),
        settings
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let runtime = (settings.runtime_path != settings::DEFAULT_RUNTIME_PATH)
        .then_some(settings.runtime_path.as_str());
    match emit::emit_formatted(&plan, runtime) {
        Ok(code) => Ok(Generated {
            code: header + &code,
            diagnostics,
            sources,
        }),
        Err(message) => {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(diag::Code::InvalidSchema, None, message)
                    .with_hint("this is a soapstone bug: please report it with the WSDL"),
            );
            Err(GenerateError {
                diagnostics: d,
                sources,
            })
        }
    }
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
