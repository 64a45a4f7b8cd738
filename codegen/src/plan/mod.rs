//! Stage 4, `plan`: the Rust shape of the bindings, decided once.
//!
//! Choices (see the README "Generated code" section):
//! - **One flat module** per generated file: most WSDLs have one to three
//!   namespaces, names stay short (`svc::SendImage`), and every name is made
//!   unique across namespaces by [`crate::naming`].
//! - **Extension is flattened**: a derived struct repeats its base's
//!   attributes and fields first, so a value is plain data with no `base`
//!   indirection. Restriction takes the restricted content as written.
//! - Struct per complex type, enum per choice / substitution group /
//!   enumeration, newtype per restricted simple type (facets checked),
//!   `Vec` for lists and repeats, `Box` only where a cycle needs it.

mod boxing;
mod types;

pub use types::*;

use crate::analysis::BinaryField;
use crate::diag::Diagnostics;
use crate::model::Model;
use crate::settings::Settings;

/// Plans the bindings for everything in `model`.
pub fn plan(model: &Model, binaries: &[BinaryField], settings: &Settings) -> (Plan, Diagnostics) {
    let mut planner = types::Planner::new(model, settings);
    planner.run(binaries);
    let (mut plan, diags) = planner.finish();
    plan.client = settings.client;
    plan.server = settings.server;
    boxing::box_cycles(&mut plan);
    (plan, diags)
}
