//! `soapstone inspect`: placeholder until the loader lands.

use std::process::ExitCode;

/// Arguments of `soapstone inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {}

/// Runs `soapstone inspect`.
pub fn run(_args: &InspectArgs) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
